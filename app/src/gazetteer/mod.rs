//! The municipality directory (gazetteer): every Hungarian municipality, its joint office and
//! postal codes, from the KSH Detailed Gazetteer. National reference data, readable by anyone.
pub mod api;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reference_data;
#[cfg(feature = "ssr")]
pub mod repo;

pub use api::*;
