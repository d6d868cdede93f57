//! The clerk application's shared user-interface kit: the language and its texts, the page
//! chrome's small components (pager, error pages, messages), form fields with the error
//! summary, and (server only) what server functions receive from the server. It knows no
//! system; every system's pages build on it.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod components;
pub mod forms;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod server_context;
