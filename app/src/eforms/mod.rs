//! E-administration portal (e-ügyintézés): citizens fill in their municipality's electronic
//! forms and submit them into the records system (issue 6).
//!
//! `domain` holds the form language and its pure rules (shared with the browser); `service`
//! (server only) stores templates, municipal forms, drafts and submissions; `api` holds the
//! thin server functions. `editor` (forms editor and template builder), `clerk` (submissions,
//! exports) and `mandates` (acting for another) are the staff side; `export` turns answers
//! into readable rows and files.
pub mod api;
pub mod clerk;
/// The pure rules live in their own crate, so the citizen's browser bundle can use them alone.
pub use openasp_eforms_domain as domain;
pub mod editor;
pub mod export;
pub mod journey;
pub mod mandates;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
