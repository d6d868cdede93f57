//! The records system's migrations, in the order they were written.
pub mod m20261122_000003_records;
pub mod m20261122_000007_records_search;
