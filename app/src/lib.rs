//! openasp's user interface and the rules it shares with the server.
//!
//! Each system lives in one module (`gazetteer`, later `framework`, `records`, …) holding its
//! domain rules (`domain.rs`, plain functions), its server functions (`api.rs`), its
//! database access (`repo.rs`, server only) and its pages (`pages.rs`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

#[cfg(feature = "ssr")]
pub mod demo;

mod shell;

// The systems, each its own crate, under the names the server and the router use.
pub use openasp_citizen as citizen;
pub use openasp_eforms as eforms;
pub use openasp_framework as framework;
pub use openasp_gazetteer as gazetteer;
pub use openasp_records as records;
pub use openasp_website as website;

pub use shell::{App, shell};
