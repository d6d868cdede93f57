//! Importing a municipality's legacy register (books, case files, documents, partners) from
//! the CSV format documented in docs/records-import.md: all of it or nothing.
pub mod api;
#[cfg(feature = "ssr")]
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
