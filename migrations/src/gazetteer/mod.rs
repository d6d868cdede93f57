//! The gazetteer system's migrations, in the order they were written.
pub mod m20261121_000001_gazetteer;
