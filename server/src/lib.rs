//! The openasp server: configuration, database, HTTP routes and start-up.
//!
//! `main.rs` only parses the configuration and calls [`startup::Application`]; the
//! integration tests build the same application on a random port.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod citizen_routes;
pub mod config;
pub mod csrf;
pub mod database;
pub mod eforms_clerk_routes;
pub mod eforms_routes;
pub mod error;
pub mod records_archive;
pub mod records_files;
pub mod routes;
pub mod serve;
pub mod startup;
pub mod telemetry;
pub mod upload_limit;
pub mod website;
