//! The e-forms' pure rules: the form language, its evaluation, reading posted answers, the
//! check digits of Hungarian identifiers and the central templates. No I/O and no Leptos:
//! the server, the clerk bundle and the citizen's small browser bundle all compile it.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod adoption;
pub mod checks;
pub mod dates;
pub mod eval;
pub mod input;
pub mod language;
pub mod reader;
pub mod templates;

#[cfg(test)]
mod tests;
