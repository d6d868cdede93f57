//! The forms editor's pages (a municipality adopts, adjusts, previews and publishes central
//! templates) and the operator's form builder (edits a central template, publishes a new
//! version).
pub mod api;
pub mod builder;
pub mod pages;
pub mod preview;
#[cfg(feature = "ssr")]
pub mod service;

/// The kinds an extra question may be (simple ones: no groups, no files).
pub const EXTRA_KINDS: &[(&str, &str)] = &[
    ("text", "Szöveg"),
    ("multiline", "Hosszabb szöveg"),
    ("number", "Szám"),
    ("date", "Dátum"),
    ("yes_no", "Igen/nem"),
    ("choice", "Választás (egy)"),
    ("email", "E-mail-cím"),
    ("phone", "Telefonszám"),
];
