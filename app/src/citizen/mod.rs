//! Citizens of the e-administration portal: who they are (from the central authentication
//! service over OpenID Connect) and their portal sessions, kept apart from staff sessions.
#[cfg(feature = "ssr")]
pub mod directory;
#[cfg(feature = "ssr")]
pub mod oidc;
#[cfg(feature = "ssr")]
pub mod session;
