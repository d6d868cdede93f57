//! Finding documents: search by number, subject, partner, clerk, dates, state and retention
//! item, full text over subjects and extracted text, sortable pages and CSV export.
pub mod api;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
