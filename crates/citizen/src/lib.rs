//! Citizens of the e-administration portal: who they are (from the central authentication
//! service over OpenID Connect) and their portal sessions, kept apart from staff sessions.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

/// The system's own tables, private to it: other systems reach this data through its
/// service functions, so a write into another system's tables does not compile. The
/// integration tests read them to check what was stored (`test-entities`, enabled only by
/// the server's dev-dependencies; `docs/architecture.md`).
#[cfg(all(feature = "ssr", not(feature = "test-entities")))]
pub(crate) mod db;
#[cfg(all(feature = "ssr", feature = "test-entities"))]
pub mod db;
#[cfg(feature = "ssr")]
pub mod directory;
#[cfg(feature = "ssr")]
pub mod oidc;
#[cfg(feature = "ssr")]
pub mod session;
pub mod types;
