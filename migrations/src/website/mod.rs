//! The website system's migrations, in the order they were written.
pub mod m20261122_000010_website;
pub mod m20261123_000011_website_media_search;
