//! Typed ids: a user id can never be passed where a municipality id is expected.
use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

typed_id!(
    /// A municipality, by its KSH code.
    MunicipalityId(i32)
);
typed_id!(
    /// A clerk or operator account.
    UserId(i64)
);
typed_id!(
    /// A role grant (unique within its municipality).
    GrantId(i64)
);
typed_id!(
    /// A substitution (unique within its municipality).
    SubstitutionId(i64)
);

impl MunicipalityId {
    /// The audit chain of the platform itself (operators' work, sign-ins).
    pub const PLATFORM: MunicipalityId = MunicipalityId(0);
}
