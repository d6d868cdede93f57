//! Records management (iratkezelés): the registry every other system files into.
//!
//! Done so far: the pure rules (`domain`: registry-number templates, gapless numbering, the
//! life of a case file, deadlines, retention), the schema, and registering a document as a
//! new case file (`registry`, also the service other systems call) behind `records/register`.
//! The rest of the daily flow, search, import and pages follow (issue 4).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
pub mod archive;
pub mod case_view;
/// The system's own tables, private to it: other systems reach this data through its
/// service functions, so a write into another system's tables does not compile. The
/// integration tests read them to check what was stored (`test-entities`, enabled only by
/// the server's dev-dependencies; `docs/architecture.md`).
#[cfg(all(feature = "ssr", not(feature = "test-entities")))]
pub(crate) mod db;
#[cfg(all(feature = "ssr", feature = "test-entities"))]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod domain;
pub mod files;
pub mod flow;
pub mod import;
#[cfg(feature = "ssr")]
pub mod intake;
pub mod master;
mod nav;
pub mod pages;
pub mod problems;
#[cfg(feature = "ssr")]
pub mod registry;
pub mod routes;
pub mod search;
#[cfg(feature = "ssr")]
pub mod seed;
pub mod types;

pub use nav::nav;
pub use routes::RecordsRoutes;
