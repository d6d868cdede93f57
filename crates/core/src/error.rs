//! The one error type of server functions. It carries only what a user may see; the detail of
//! an internal failure goes to the log (with the request id) and never to the client.
//!
//! The core knows only the problems every system shares (required, too long, malformed,
//! duplicate); a system's own problems travel as [`SystemProblem`]s, which the system defines
//! in its own enum (see `crate::problem`).
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::problem::{SystemProblem, SystemProblemKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Bad input: one problem per field, shown in an error summary and beside each field.
    #[error("invalid input")]
    Invalid(Vec<FieldProblem>),
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// The user has no municipality to act in (or chose one they are not a member of).
    #[error("no municipality selected")]
    NoMunicipality,
    /// Wrong username or password (never says which).
    #[error("sign-in failed")]
    SignInFailed,
    #[error("account locked")]
    AccountLocked { minutes: i64 },
    #[error("wrong or reused one-time code")]
    SecondFactorFailed,
    /// Something failed on the server; `reference` is the request id quoted to the helpdesk.
    #[error("internal error (reference {reference})")]
    Internal { reference: String },
    /// The request never reached the server or its answer could not be read.
    #[error("communication error")]
    Communication,
    /// The server could not read the request's arguments (a malformed or missing value, as
    /// no page of ours sends): the caller's fault, not the server's.
    #[error("malformed request")]
    BadRequest,
}

/// A problem with one form field. `field` is the input's id, so the error summary can link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong,
    Malformed,
    /// Something with this key (code, book prefix and year, …) already exists.
    Duplicate,
    /// A problem of one system, with its own code and texts.
    System(SystemProblem),
}

impl<T: SystemProblemKind> From<T> for Problem {
    fn from(kind: T) -> Problem {
        Problem::System(SystemProblem::from(kind))
    }
}

/// An id as typed in a URL or form, parsed once at the boundary into its typed id
/// (`typed_id!`): anything unreadable is `field`'s malformed input.
pub fn read_id<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, AppError> {
    text.parse()
        .map_err(|_| AppError::invalid(field, Problem::Malformed))
}

impl AppError {
    pub fn invalid(field: &str, problem: impl Into<Problem>) -> AppError {
        AppError::Invalid(vec![FieldProblem {
            field: field.to_owned(),
            problem: problem.into(),
        }])
    }

    /// The message shown to the user.
    pub fn user_message(&self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        match self {
            AppError::NotFound if hu => "A keresett oldal vagy adat nem található.".into(),
            AppError::NotFound => "The page or data you asked for was not found.".into(),
            AppError::Invalid(problems) if hu => match problems.as_slice() {
                [one] => one.problem.message(lang),
                _ => "Kérjük, javítsa a megjelölt mezőket.".into(),
            },
            AppError::Invalid(problems) => match problems.as_slice() {
                [one] => one.problem.message(lang),
                _ => "Please correct the marked fields.".into(),
            },
            AppError::Unauthenticated if hu => "Kérjük, jelentkezzen be.".into(),
            AppError::Unauthenticated => "Please sign in.".into(),
            AppError::Forbidden if hu => "Ehhez nincs jogosultsága.".into(),
            AppError::Forbidden => "You are not allowed to do this.".into(),
            AppError::NoMunicipality if hu => {
                "Nincs kiválasztott önkormányzat, amelyben eljárhatna.".into()
            }
            AppError::NoMunicipality => "No municipality is selected for you to act in.".into(),
            AppError::SignInFailed if hu => "Hibás felhasználónév vagy jelszó.".into(),
            AppError::SignInFailed => "The username or password is wrong.".into(),
            AppError::AccountLocked { minutes } if hu => {
                format!("Túl sok sikertelen belépési kísérlet. Próbálja újra {minutes} perc múlva.")
            }
            AppError::AccountLocked { minutes } => {
                format!("Too many failed attempts. Try again in {minutes} minutes.")
            }
            AppError::SecondFactorFailed if hu => {
                "Az egyszer használatos kód hibás vagy már felhasználták.".into()
            }
            AppError::SecondFactorFailed => {
                "The one-time code is wrong or was already used.".into()
            }
            AppError::Internal { reference } if hu => format!(
                "Váratlan hiba történt. Kérjük, próbálja újra később. Hivatkozási szám: {reference}"
            ),
            AppError::Internal { reference } => format!(
                "Something went wrong on our side. Please try again later. Reference: {reference}"
            ),
            AppError::BadRequest if hu => {
                "A kérés nem értelmezhető. Töltse be újra az oldalt, és próbálja újra.".into()
            }
            AppError::BadRequest => {
                "The request could not be read. Reload the page and try again.".into()
            }
            AppError::Communication if hu => {
                "A szerver nem érhető el. Ellenőrizze a kapcsolatot, és próbálja újra.".into()
            }
            AppError::Communication => {
                "The server could not be reached. Check your connection and try again.".into()
            }
        }
    }

    /// The problem reported for `field`, if any (for the message beside that input).
    pub fn problem_for(&self, field: &str) -> Option<Problem> {
        match self {
            AppError::Invalid(problems) => problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.problem.clone()),
            _ => None,
        }
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Unauthenticated | AppError::SignInFailed | AppError::SecondFactorFailed => {
                401
            }
            AppError::Forbidden | AppError::NoMunicipality => 403,
            AppError::AccountLocked { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::BadRequest => 400,
            AppError::Communication => 502,
        }
    }
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match self {
            Problem::Required if hu => "Kötelező kitölteni.",
            Problem::Required => "This is required.",
            Problem::TooLong if hu => "A megadott érték túl hosszú.",
            Problem::TooLong => "The value is too long.",
            Problem::Malformed if hu => "A megadott érték formátuma hibás.",
            Problem::Malformed => "The value is not in the right format.",
            Problem::Duplicate if hu => "Ilyen már létezik.",
            Problem::Duplicate => "This already exists.",
            Problem::System(problem) => problem.message(lang),
        };
        text.to_owned()
    }

    /// Whether this is the system problem `kind` stands for.
    pub fn is(&self, kind: &impl SystemProblemKind) -> bool {
        matches!(self, Problem::System(problem) if problem.is(kind))
    }
}

mod server_fn_error {
    pub use server_fn::codec::JsonEncoding;
    pub use server_fn::error::{FromServerFnError, ServerFnErrorErr};
}
use server_fn_error::*;

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server: arguments that do not decode (`case_file=abc`, an overflowing or
            // missing id) are the caller's mistake, answered 400, not a failure of ours.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                #[cfg(feature = "ssr")]
                tracing::info!(error = %value, "server function arguments refused");
                AppError::BadRequest
            }
            // Failures of the transport itself (no connection, undecodable answer). On the
            // server these are logged where they happen; the user learns only that it did not
            // get through.
            _ => {
                #[cfg(feature = "ssr")]
                tracing::warn!(error = %value, "server function transport error");
                AppError::Communication
            }
        }
    }
}

/// The id the request-id layer gave the request being served; quoted in error messages and
/// logs ("-" outside a request).
#[cfg(feature = "ssr")]
pub fn current_request_id() -> String {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get("x-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "-".to_owned())
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        let reference = current_request_id();
        tracing::error!(error = %err, %reference, "database error");
        AppError::Internal { reference }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// An internal failure with its detail logged, not shown.
    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        let reference = current_request_id();
        tracing::error!(error = %detail, %reference, "internal error");
        AppError::Internal { reference }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Taken;
    impl SystemProblemKind for Taken {
        fn code(&self) -> String {
            "test.taken".into()
        }
        fn message(&self, lang: Lang) -> String {
            if lang == Lang::Hu {
                "Foglalt."
            } else {
                "Taken."
            }
            .into()
        }
    }

    #[test]
    fn one_problem_is_its_own_message_several_ask_to_correct_the_fields() {
        let one = AppError::invalid("slug", Taken);
        assert_eq!(one.user_message(Lang::Hu), "Foglalt.");
        assert!(one.problem_for("slug").is_some_and(|p| p.is(&Taken)));
        assert_eq!(one.status_code(), 422);
        let two = AppError::Invalid(vec![
            FieldProblem {
                field: "a".into(),
                problem: Problem::Required,
            },
            FieldProblem {
                field: "b".into(),
                problem: Problem::TooLong,
            },
        ]);
        assert_eq!(
            two.user_message(Lang::En),
            "Please correct the marked fields."
        );
        assert_eq!(two.problem_for("b"), Some(Problem::TooLong));
    }
}
