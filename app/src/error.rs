//! The one error type of server functions. It carries only what a user may see; the
//! detail of an internal failure goes to the log (with the request id) and never to the client.
use serde::{Deserialize, Serialize};
use server_fn_error::*;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input in {field}")]
    InvalidInput {
        field: String,
        reason: InvalidReason,
    },
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// Something failed on the server; `reference` is the request id quoted to the helpdesk.
    #[error("internal error (reference {reference})")]
    Internal { reference: String },
    /// The request never reached the server or its answer could not be read.
    #[error("communication error")]
    Communication,
}

/// Why an input was rejected, so that the message can be given in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvalidReason {
    TooLong,
    Malformed,
}

impl AppError {
    /// The message shown to the user.
    pub fn user_message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AppError::NotFound, Lang::Hu) => "A keresett oldal vagy adat nem található.".into(),
            (AppError::NotFound, Lang::En) => {
                "The page or data you asked for was not found.".into()
            }
            (AppError::InvalidInput { reason, .. }, Lang::Hu) => match reason {
                InvalidReason::TooLong => "A megadott érték túl hosszú.".into(),
                InvalidReason::Malformed => "A megadott érték formátuma hibás.".into(),
            },
            (AppError::InvalidInput { reason, .. }, Lang::En) => match reason {
                InvalidReason::TooLong => "The value you entered is too long.".into(),
                InvalidReason::Malformed => {
                    "The value you entered is not in the right format.".into()
                }
            },
            (AppError::Unauthenticated, Lang::Hu) => "Kérjük, jelentkezzen be.".into(),
            (AppError::Unauthenticated, Lang::En) => "Please sign in.".into(),
            (AppError::Forbidden, Lang::Hu) => "Ehhez nincs jogosultsága.".into(),
            (AppError::Forbidden, Lang::En) => "You are not allowed to do this.".into(),
            (AppError::Internal { reference }, Lang::Hu) => format!(
                "Váratlan hiba történt. Kérjük, próbálja újra később. Hivatkozási szám: {reference}"
            ),
            (AppError::Internal { reference }, Lang::En) => format!(
                "Something went wrong on our side. Please try again later. Reference: {reference}"
            ),
            (AppError::Communication, Lang::Hu) => {
                "A szerver nem érhető el. Ellenőrizze a kapcsolatot, és próbálja újra.".into()
            }
            (AppError::Communication, Lang::En) => {
                "The server could not be reached. Check your connection and try again.".into()
            }
        }
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::InvalidInput { .. } => 422,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Internal { .. } => 500,
            AppError::Communication => 502,
        }
    }
}

mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // Failures of the transport itself (no connection, undecodable answer). On the server
        // these are logged where they happen; the user learns only that it did not get through.
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function transport error");
        #[cfg(not(feature = "ssr"))]
        let _ = value;
        AppError::Communication
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        let reference = crate::server_context::current_request_id();
        tracing::error!(error = %err, %reference, "database error");
        AppError::Internal { reference }
    }
}
