//! The shared kit every openasp system builds on. Nothing here knows any system: systems
//! depend on the core, never the other way round (see `docs/architecture.md`).
//!
//! Pure modules compile everywhere (server, clerk bundle, citizen bundle); `error` needs the
//! `server-fn` feature, its database conversion `ssr`, and the PDF writer `pdf`.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod csv;
pub mod email;
#[cfg(feature = "server-fn")]
pub mod error;
pub mod html;
pub mod ids;
pub mod lang;
pub mod paging;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod problem;
pub mod query;
pub mod search;
pub mod text;

pub use lang::Lang;
