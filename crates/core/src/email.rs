//! The e-mail address type: checked for shape once, then carried as itself.
use serde::{Deserialize, Serialize};

/// An e-mail address, checked for shape only (delivery is the real check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

/// Text that is not shaped like an e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an e-mail address")]
pub struct InvalidEmail;

impl Email {
    pub fn parse(raw: &str) -> Result<Email, InvalidEmail> {
        let email = raw.trim();
        let valid = email.len() <= 254
            && !email.chars().any(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Email(email.to_owned()))
        } else {
            Err(InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_shape() {
        assert_eq!(
            Email::parse(" anna@szentendre.hu ").unwrap().as_str(),
            "anna@szentendre.hu"
        );
        assert!(Email::parse("anna@localhost").is_err());
        assert!(Email::parse("anna szentendre.hu").is_err());
        assert!(Email::parse("@szentendre.hu").is_err());
        assert!(Email::parse("anna@.hu").is_err());
    }
}
