//! Parse-don't-validate types for what people type when signing in or managing accounts.
use openasp_core::email::Email;
use serde::{Deserialize, Serialize};

/// Why a credential or account field was refused; shown in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CredentialError {
    #[error(
        "the username must be 3–64 characters: lowercase letters, digits, dot, dash, underscore"
    )]
    BadUsername,
    #[error("the password must be at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("the password is too long")]
    PasswordTooLong,
    #[error("the password must not contain the username")]
    PasswordContainsUsername,
    #[error("the two passwords differ")]
    PasswordsDiffer,
    #[error("the name is empty or too long")]
    BadDisplayName,
    #[error("the e-mail address is not valid")]
    BadEmail,
}

pub const MIN_PASSWORD_CHARS: usize = 12;
/// Argon2 takes any length, but a cap keeps hashing time bounded against abuse.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A login name: lowercase, `[a-z0-9._-]`, 3–64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, CredentialError> {
        let name = raw.trim().to_lowercase();
        let valid_chars = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
        if (3..=64).contains(&name.len()) && valid_chars {
            Ok(Username(name))
        } else {
            Err(CredentialError::BadUsername)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the policy (NIST SP 800-63B: length over composition rules).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub fn parse(
        raw: &str,
        confirmation: &str,
        username: &str,
    ) -> Result<NewPassword, CredentialError> {
        let length = raw.chars().count();
        if length < MIN_PASSWORD_CHARS {
            return Err(CredentialError::PasswordTooShort);
        }
        if length > MAX_PASSWORD_CHARS {
            return Err(CredentialError::PasswordTooLong);
        }
        if !username.is_empty() && raw.to_lowercase().contains(&username.to_lowercase()) {
            return Err(CredentialError::PasswordContainsUsername);
        }
        if raw != confirmation {
            return Err(CredentialError::PasswordsDiffer);
        }
        Ok(NewPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A person's name as shown to colleagues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, CredentialError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 120 {
            Err(CredentialError::BadDisplayName)
        } else {
            Ok(DisplayName(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address (the core's type), refused as a credential problem.
pub fn parse_email(raw: &str) -> Result<Email, CredentialError> {
    Email::parse(raw).map_err(|_| CredentialError::BadEmail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            Username::parse(" Kovacs.Anna ").unwrap().as_str(),
            "kovacs.anna"
        );
        assert_eq!(Username::parse("ab"), Err(CredentialError::BadUsername));
        assert_eq!(Username::parse("kovács"), Err(CredentialError::BadUsername));
        assert_eq!(Username::parse("a b c"), Err(CredentialError::BadUsername));
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            NewPassword::parse("short", "short", "x").unwrap_err(),
            CredentialError::PasswordTooShort
        );
        assert_eq!(
            NewPassword::parse("kovacs.anna-2026", "kovacs.anna-2026", "kovacs.anna").unwrap_err(),
            CredentialError::PasswordContainsUsername
        );
        assert_eq!(
            NewPassword::parse("correct horse battery", "correct horse batterx", "anna")
                .unwrap_err(),
            CredentialError::PasswordsDiffer
        );
        assert!(
            NewPassword::parse("correct horse battery", "correct horse battery", "anna").is_ok()
        );
        let long = "x".repeat(300);
        assert_eq!(
            NewPassword::parse(&long, &long, "anna").unwrap_err(),
            CredentialError::PasswordTooLong
        );
        assert!(
            !format!(
                "{:?}",
                NewPassword::parse("correct horse battery", "correct horse battery", "zzz")
                    .unwrap()
            )
            .contains("horse")
        );
    }

    #[test]
    fn names_and_emails() {
        assert_eq!(
            DisplayName::parse("  Kovács   Anna ").unwrap().as_str(),
            "Kovács Anna"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(parse_email("anna@szentendre.hu").is_ok());
        assert_eq!(
            parse_email("anna@localhost"),
            Err(CredentialError::BadEmail)
        );
    }
}
