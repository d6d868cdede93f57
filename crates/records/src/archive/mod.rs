//! Closing, archiving and disposal of case files, transfer to the public archives, and the
//! yearly closing of register books with their printed (PDF) copy (issue 4, part 6).
pub mod api;
#[cfg(feature = "ssr")]
pub mod domain;
#[cfg(feature = "ssr")]
pub mod downloads;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
