//! Acting for a company or another person: a clerk records that a citizen may act for them
//! (a mandate, *meghatalmazás*), and the citizen may then submit forms in their name in that
//! municipality until the mandate is revoked.
use serde::{Deserialize, Serialize};

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use crate::types::MandateId;

/// Who is represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Represented {
    /// A company, by its tax number (adószám).
    Company,
    /// Another natural person, by their tax id (adóazonosító jel).
    Person,
}

impl Represented {
    pub fn code(self) -> &'static str {
        match self {
            Represented::Company => "company",
            Represented::Person => "person",
        }
    }

    pub fn from_code(code: &str) -> Option<Represented> {
        match code {
            "company" => Some(Represented::Company),
            "person" => Some(Represented::Person),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Represented::Company => "Cég",
            Represented::Person => "Magánszemély",
        }
    }

    /// What the identifier is called.
    pub fn identifier_label(self) -> &'static str {
        match self {
            Represented::Company => "adószám",
            Represented::Person => "adóazonosító jel",
        }
    }
}

/// "Első Kft. (adószám: 10773381-2-44)".
pub fn describe(kind: &str, name: &str, identifier: &str) -> String {
    match Represented::from_code(kind) {
        Some(kind) => format!("{name} ({}: {identifier})", kind.identifier_label()),
        None => name.to_owned(),
    }
}
