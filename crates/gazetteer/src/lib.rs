//! The municipality directory (gazetteer): every Hungarian municipality, its joint office and
//! postal codes, from the KSH Detailed Gazetteer. National reference data, readable by anyone.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
/// The system's own tables, private to it: other systems reach this data through its
/// service functions, so a write into another system's tables does not compile. The
/// integration tests read them to check what was stored (`test-entities`, enabled only by
/// the server's dev-dependencies; `docs/architecture.md`).
#[cfg(all(feature = "ssr", not(feature = "test-entities")))]
pub(crate) mod db;
#[cfg(all(feature = "ssr", feature = "test-entities"))]
pub mod db;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reference_data;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;

pub use api::*;
pub use types::*;
