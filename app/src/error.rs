//! The one error type of server functions. It carries only what a user may see; the
//! detail of an internal failure goes to the log (with the request id) and never to the client.
use serde::{Deserialize, Serialize};

use crate::framework::credentials::CredentialError;
use crate::framework::roles::GrantDenied;
use crate::i18n::Lang;

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
}

/// A problem with one form field. `field` is the input's id, so the error summary can link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong,
    Malformed,
    Credential(CredentialError),
    Grant(GrantDenied),
    UsernameTaken,
    WrongPassword,
    WrongCode,
    UnknownUser,
    NotAMember,
    UnknownMunicipality,
    SeatStillServes,
    /// Something with this key (code, book prefix and year, …) already exists.
    Duplicate,
    /// A register book that issued numbers keeps its number format (numbers are kept forever).
    NumbersIssued,
    /// The case file or document is not in a state that allows this step (records management).
    WrongState,
    /// A closing, archiving or disposal step refused (records management).
    Archive(crate::records::archive::api::ArchiveProblem),
    /// A problem with an answer to an electronic form (e-forms).
    Form(crate::eforms::domain::eval::ProblemKind),
    /// Website: another item of the same kind has this slug.
    SlugTaken,
    /// Website: an image in the text has no alternative text.
    MissingAltText,
    /// Website: the colour is too light for white text (WCAG 2.1 AA).
    ContrastTooLow,
    /// Website: another municipality's site uses this host name.
    HostTaken,
}

impl AppError {
    pub fn invalid(field: &str, problem: Problem) -> AppError {
        AppError::Invalid(vec![FieldProblem {
            field: field.to_owned(),
            problem,
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
                .map(|p| p.problem),
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
            AppError::Communication => 502,
        }
    }
}

impl Problem {
    pub fn message(self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match self {
            Problem::Required if hu => "Kötelező kitölteni.",
            Problem::Required => "This is required.",
            Problem::TooLong if hu => "A megadott érték túl hosszú.",
            Problem::TooLong => "The value is too long.",
            Problem::Malformed if hu => "A megadott érték formátuma hibás.",
            Problem::Malformed => "The value is not in the right format.",
            Problem::Credential(error) => return credential_message(error, lang),
            Problem::Grant(denied) => return grant_message(denied, lang),
            Problem::UsernameTaken if hu => "Ez a felhasználónév már foglalt.",
            Problem::UsernameTaken => "This username is taken.",
            Problem::WrongPassword if hu => "A jelenlegi jelszó hibás.",
            Problem::WrongPassword => "The current password is wrong.",
            Problem::WrongCode if hu => {
                "A kód hibás. Írja be az alkalmazás által most mutatott 6 számjegyet."
            }
            Problem::WrongCode => "The code is wrong. Enter the 6 digits your app shows now.",
            Problem::UnknownUser if hu => "Nincs ilyen felhasználó.",
            Problem::UnknownUser => "There is no such user.",
            Problem::NotAMember if hu => "A felhasználó nem tagja ennek az önkormányzatnak.",
            Problem::NotAMember => "The user is not a member of this municipality.",
            Problem::UnknownMunicipality if hu => "Nincs ilyen nevű település.",
            Problem::UnknownMunicipality => "There is no municipality of that name.",
            Problem::SeatStillServes if hu => {
                "A település közös hivatal székhelye, amely más településeket is kiszolgál."
            }
            Problem::SeatStillServes => "This is the seat of a joint office that serves others.",
            Problem::Duplicate if hu => "Ilyen már létezik.",
            Problem::Duplicate => "This already exists.",
            Problem::NumbersIssued if hu => {
                "A könyvből már adtak ki számot, ezért a formátuma és az előtagja nem változtatható."
            }
            Problem::NumbersIssued => {
                "The book has issued numbers, so its template and prefix cannot change."
            }
            Problem::WrongState if hu => {
                "Az ügyirat vagy irat jelenlegi állapotában ez a lépés nem lehetséges."
            }
            Problem::WrongState => {
                "This step is not possible in the current state of the case file or document."
            }
            Problem::Archive(problem) => return problem.message(lang),
            Problem::Form(kind) => kind.message(lang),
            Problem::SlugTaken if hu => "Ez a webcím már foglalt; adjon meg másikat.",
            Problem::SlugTaken => "This address is taken; choose another.",
            Problem::MissingAltText if hu => {
                "Minden képhez adjon meg helyettesítő szöveget (alt), amely leírja a kép tartalmát."
            }
            Problem::MissingAltText => "Give every image an alternative text (alt) describing it.",
            Problem::ContrastTooLow if hu => {
                "A szín túl világos: fehér szöveggel legalább 4,5:1 kontraszt kell (WCAG 2.1 AA)."
            }
            Problem::ContrastTooLow => {
                "The colour is too light: white text on it needs a contrast of at least 4.5:1 (WCAG 2.1 AA)."
            }
            Problem::HostTaken if hu => "Ezt a címet egy másik honlap már használja.",
            Problem::HostTaken => "Another website already uses this address.",
        };
        text.to_owned()
    }
}

fn credential_message(error: CredentialError, lang: Lang) -> String {
    use crate::framework::credentials::MIN_PASSWORD_CHARS;
    let hu = lang == Lang::Hu;
    match error {
        CredentialError::BadUsername if hu => "A felhasználónév 3–64 karakter: kisbetű, számjegy, pont, kötőjel vagy aláhúzás.".into(),
        CredentialError::BadUsername => "The username must be 3–64 characters: lowercase letters, digits, dot, dash or underscore.".into(),
        CredentialError::PasswordTooShort if hu => format!("A jelszó legalább {MIN_PASSWORD_CHARS} karakter legyen."),
        CredentialError::PasswordTooShort => format!("The password must be at least {MIN_PASSWORD_CHARS} characters."),
        CredentialError::PasswordTooLong if hu => "A jelszó túl hosszú.".into(),
        CredentialError::PasswordTooLong => "The password is too long.".into(),
        CredentialError::PasswordContainsUsername if hu => "A jelszó nem tartalmazhatja a felhasználónevet.".into(),
        CredentialError::PasswordContainsUsername => "The password must not contain the username.".into(),
        CredentialError::PasswordsDiffer if hu => "A két jelszó nem egyezik.".into(),
        CredentialError::PasswordsDiffer => "The two passwords differ.".into(),
        CredentialError::BadDisplayName if hu => "Adja meg a nevet (legfeljebb 120 karakter).".into(),
        CredentialError::BadDisplayName => "Enter the name (at most 120 characters).".into(),
        CredentialError::BadEmail if hu => "Az e-mail-cím formátuma hibás, például: nev@hivatal.hu".into(),
        CredentialError::BadEmail => "Enter an e-mail address like name@office.hu".into(),
    }
}

fn grant_message(denied: GrantDenied, lang: Lang) -> String {
    let hu = lang == Lang::Hu;
    let text = match denied {
        GrantDenied::NotAnAdministrator if hu => {
            "Szerepkört csak önkormányzati adminisztrátor adhat."
        }
        GrantDenied::NotAnAdministrator => "Only a municipality administrator manages roles.",
        GrantDenied::RoleNotHeld if hu => {
            "Olyan szerepkört nem adhat, amellyel Ön nem rendelkezik."
        }
        GrantDenied::RoleNotHeld => "You cannot grant a role you do not hold.",
        GrantDenied::AdministratorExists if hu => "Az önkormányzatnak már van adminisztrátora.",
        GrantDenied::AdministratorExists => "The municipality already has an administrator.",
        GrantDenied::SelfSubstitution if hu => "A helyettes nem lehet maga a távollévő.",
        GrantDenied::SelfSubstitution => "The substitute cannot be the absent person.",
        GrantDenied::EmptyPeriod if hu => "Az időszak vége a kezdete után legyen.",
        GrantDenied::EmptyPeriod => "The period must end after it starts.",
        GrantDenied::LastAdministrator if hu => {
            "Az utolsó adminisztrátor szerepköre nem vonható vissza; előbb jelöljön ki másikat."
        }
        GrantDenied::LastAdministrator => {
            "The last administrator cannot be removed; appoint another one first."
        }
    };
    text.to_owned()
}

mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}
use server_fn_error::*;

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

#[cfg(feature = "ssr")]
impl AppError {
    /// An internal failure with its detail logged, not shown.
    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        let reference = crate::server_context::current_request_id();
        tracing::error!(error = %detail, %reference, "internal error");
        AppError::Internal { reference }
    }
}
