//! The citizen's journey through a municipality's e-forms (`/{slug}/ugyintezes/…`): the
//! published forms, filling page by page, check your answers, submission, confirmation with
//! the registry number, the PDF receipt, and "My cases". Plain server-rendered HTML that
//! works without JavaScript; `html` and `input` are pure, `flow` does the work.
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod html;
pub use openasp_eforms_domain::input;
#[cfg(feature = "ssr")]
pub mod receipt;
