//! The case-file screen: the whole case file (documents with sub-numbers, attachments,
//! deliveries, links, merged files, notes, history) from one server call.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
