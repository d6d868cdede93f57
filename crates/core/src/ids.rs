//! Typed ids: a user id can never be passed where a municipality id is expected, and an id
//! from a URL or form is parsed once, at the boundary, into its type.
use serde::{Deserialize, Serialize};

/// Declares a typed id: a transparent newtype over its integer, serialised as the integer.
/// Each system declares its own ids with it (`typed_id!(CaseFileId(i64));`).
#[macro_export]
macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ids::UnreadableId;

            /// Parses a positive id as typed in a URL or form (surrounding spaces allowed).
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text.trim().parse::<$inner>() {
                    Ok(value) if value > 0 => Ok($name(value)),
                    _ => Err($crate::ids::UnreadableId),
                }
            }
        }
    };
}

/// An id that is not a positive whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("not an id")]
pub struct UnreadableId;

typed_id!(
    /// A municipality, by its KSH code.
    MunicipalityId(i32)
);
typed_id!(
    /// A clerk or operator account.
    UserId(i64)
);

impl MunicipalityId {
    /// The audit chain of the platform itself (operators' work, sign-ins).
    pub const PLATFORM: MunicipalityId = MunicipalityId(0);
}

impl From<MunicipalityId> for i32 {
    fn from(id: MunicipalityId) -> i32 {
        id.0
    }
}

impl From<UserId> for i64 {
    fn from(id: UserId) -> i64 {
        id.0
    }
}

// Queries take the typed ids as they are: `Column::MunicipalityId.eq(tx.municipality())`.
#[cfg(feature = "ssr")]
impl From<MunicipalityId> for sea_orm::Value {
    fn from(id: MunicipalityId) -> sea_orm::Value {
        id.0.into()
    }
}

#[cfg(feature = "ssr")]
impl From<UserId> for sea_orm::Value {
    fn from(id: UserId) -> sea_orm::Value {
        id.0.into()
    }
}

/// A row id as typed in a URL or form: a positive whole number.
pub fn parse_row_id(text: &str) -> Result<i64, UnreadableId> {
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(UnreadableId),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_parse_once_and_only_when_positive() {
        assert_eq!(
            " 32559 ".parse::<MunicipalityId>(),
            Ok(MunicipalityId(32559))
        );
        assert_eq!("0".parse::<UserId>(), Err(UnreadableId));
        assert_eq!("-4".parse::<UserId>(), Err(UnreadableId));
        assert_eq!("12a".parse::<UserId>(), Err(UnreadableId));
        assert_eq!(parse_row_id("7"), Ok(7));
        assert_eq!(parse_row_id(""), Err(UnreadableId));
        assert_eq!(UserId(5).to_string(), "5");
    }

    proptest! {
        #[test]
        fn every_positive_id_round_trips(value in 1i64..i64::MAX) {
            prop_assert_eq!(UserId(value).to_string().parse::<UserId>(), Ok(UserId(value)));
            prop_assert_eq!(parse_row_id(&value.to_string()), Ok(value));
        }
    }
}
