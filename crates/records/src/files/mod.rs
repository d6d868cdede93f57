//! Attachments: allowed types told from the content, a content-addressed blob store, and the
//! records of who attached what to which document. The upload and download routes are plain
//! HTTP handlers in the server (`server/src/records_files.rs`).
pub mod domain;
#[cfg(feature = "ssr")]
pub mod extract;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod storage;
