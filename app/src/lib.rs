//! openasp's user interface and the rules it shares with the server.
//!
//! Each system lives in one module (`gazetteer`, later `framework`, `records`, …) holding its
//! domain rules (`domain.rs`, plain functions), its server functions (`api.rs`), its
//! database access (`repo.rs`, server only) and its pages (`pages.rs`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod citizen;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod eforms;

pub mod framework;
pub mod gazetteer;
pub mod records;
mod shell;
pub mod website;

pub use shell::{App, shell};
