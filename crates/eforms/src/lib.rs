//! E-administration portal (e-ügyintézés): citizens fill in their municipality's electronic
//! forms and submit them into the records system (issue 6).
//!
//! `domain` holds the form language and its pure rules (shared with the browser); `service`
//! (server only) stores templates, municipal forms, drafts and submissions; `api` holds the
//! thin server functions. `editor` (forms editor and template builder), `clerk` (submissions,
//! exports) and `mandates` (acting for another) are the staff side; `export` turns answers
//! into readable rows and files.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
pub mod clerk;
/// The system's own tables, private to it: other systems reach this data through its
/// service functions, so a write into another system's tables does not compile. The
/// integration tests read them to check what was stored (`test-entities`, enabled only by
/// the server's dev-dependencies; `docs/architecture.md`).
#[cfg(all(feature = "ssr", not(feature = "test-entities")))]
pub(crate) mod db;
#[cfg(all(feature = "ssr", feature = "test-entities"))]
pub mod db;
/// The pure rules live in their own crate, so the citizen's browser bundle can use them alone.
pub use openasp_eforms_domain as domain;
pub mod editor;
pub mod export;
pub mod journey;
pub mod mandates;
mod nav;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use nav::nav;
pub use routes::EformsRoutes;
