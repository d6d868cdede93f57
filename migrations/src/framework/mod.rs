//! The framework system's migrations, in the order they were written.
pub mod m20261121_000002_framework;
pub mod m20261207_000030_audit_log_append_only;
