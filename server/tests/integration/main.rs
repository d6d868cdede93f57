//! Black-box tests of the whole server: each test starts the real application on a random
//! port with a fresh database and talks HTTP to it. One binary (faster to link); every test
//! runs once on SQLite and once on PostgreSQL (see `both_backends!`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod architecture;

mod eforms;
mod eforms_clerk;
mod eforms_journey;
mod framework;
mod gazetteer;
mod isolation;
mod platform;
mod records;
mod records_archive;
mod records_find;
mod records_flow;
mod records_master;
mod schema;
mod website;
