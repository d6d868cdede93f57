//! E-administration portal (e-ügyintézés): citizens fill in their municipality's electronic
//! forms and submit them into the records system (issue 6).
//!
//! `domain` holds the form language and its pure rules (shared with the browser); `service`
//! (server only) stores templates, municipal forms, drafts and submissions; `api` holds the
//! thin server functions.
pub mod api;
pub mod domain;
#[cfg(feature = "hydrate")]
pub mod enhance;
pub mod journey;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
