//! The framework's own problems (accounts, credentials, roles, municipalities), carried to
//! the user as the core's `SystemProblem`.
use openasp_core::Lang;
use openasp_core::problem::{SystemProblemKind, problem_code};
use serde::{Deserialize, Serialize};

use super::credentials::{CredentialError, MIN_PASSWORD_CHARS};
use super::roles::GrantDenied;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FrameworkProblem {
    Credential(CredentialError),
    Grant(GrantDenied),
    UsernameTaken,
    WrongPassword,
    WrongCode,
    UnknownUser,
    NotAMember,
    UnknownMunicipality,
    SeatStillServes,
}

impl SystemProblemKind for FrameworkProblem {
    fn code(&self) -> String {
        match self {
            FrameworkProblem::Credential(error) => problem_code("framework.credential", error),
            FrameworkProblem::Grant(denied) => problem_code("framework.grant", denied),
            other => problem_code("framework", other),
        }
    }

    fn message(&self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match *self {
            FrameworkProblem::Credential(error) => return credential_message(error, lang),
            FrameworkProblem::Grant(denied) => return grant_message(denied, lang),
            FrameworkProblem::UsernameTaken if hu => "Ez a felhasználónév már foglalt.",
            FrameworkProblem::UsernameTaken => "This username is taken.",
            FrameworkProblem::WrongPassword if hu => "A jelenlegi jelszó hibás.",
            FrameworkProblem::WrongPassword => "The current password is wrong.",
            FrameworkProblem::WrongCode if hu => {
                "A kód hibás. Írja be az alkalmazás által most mutatott 6 számjegyet."
            }
            FrameworkProblem::WrongCode => {
                "The code is wrong. Enter the 6 digits your app shows now."
            }
            FrameworkProblem::UnknownUser if hu => "Nincs ilyen felhasználó.",
            FrameworkProblem::UnknownUser => "There is no such user.",
            FrameworkProblem::NotAMember if hu => {
                "A felhasználó nem tagja ennek az önkormányzatnak."
            }
            FrameworkProblem::NotAMember => "The user is not a member of this municipality.",
            FrameworkProblem::UnknownMunicipality if hu => "Nincs ilyen nevű település.",
            FrameworkProblem::UnknownMunicipality => "There is no municipality of that name.",
            FrameworkProblem::SeatStillServes if hu => {
                "A település közös hivatal székhelye, amely más településeket is kiszolgál."
            }
            FrameworkProblem::SeatStillServes => {
                "This is the seat of a joint office that serves others."
            }
        };
        text.to_owned()
    }
}

fn credential_message(error: CredentialError, lang: Lang) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_the_system_and_the_reason() {
        assert_eq!(
            FrameworkProblem::UsernameTaken.code(),
            "framework.username_taken"
        );
        assert_eq!(
            FrameworkProblem::Credential(CredentialError::PasswordTooShort).code(),
            "framework.credential.password_too_short"
        );
        assert_eq!(
            FrameworkProblem::Grant(GrantDenied::LastAdministrator).code(),
            "framework.grant.last_administrator"
        );
        assert!(
            FrameworkProblem::Credential(CredentialError::PasswordTooShort)
                .message(Lang::Hu)
                .contains(&MIN_PASSWORD_CHARS.to_string())
        );
    }
}
