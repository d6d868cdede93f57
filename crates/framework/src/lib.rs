//! The framework (KERET): clerk identity, roles per municipality and system, substitutions,
//! tenant isolation, the audit log and the operator's onboarding work.
//!
//! Layers: pure rules (`ids`, `roles`, `credentials`, `lockout`, `connection`, `totp`,
//! `audit_chain`), database handles (`tenancy`, `session`; `request` opens them for server
//! functions), services (`auth`, `members`, `onboarding`, `audit`, `directory`), server
//! functions (`api`) and pages (`pages`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
pub mod connection;
pub mod credentials;
/// The system's own tables, private to it: other systems reach this data through its
/// service functions, so a write into another system's tables does not compile. The
/// integration tests read them to check what was stored (`test-entities`, enabled only by
/// the server's dev-dependencies; `docs/architecture.md`).
#[cfg(all(feature = "ssr", not(feature = "test-entities")))]
pub(crate) mod db;
#[cfg(all(feature = "ssr", feature = "test-entities"))]
pub mod db;
pub mod ids;
pub mod lockout;
pub mod nav;
pub mod pages;
pub mod roles;
pub mod routes;
pub mod throttle;
pub mod types;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod audit_chain;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod directory;
#[cfg(feature = "ssr")]
pub mod members;
#[cfg(feature = "ssr")]
pub mod onboarding;
pub mod problems;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod tenancy;
#[cfg(feature = "ssr")]
pub mod totp;
