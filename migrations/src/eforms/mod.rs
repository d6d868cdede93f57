//! The eforms system's migrations, in the order they were written.
pub mod m20261122_000020_eforms;
pub mod m20261123_000021_eforms_guest_drafts;
