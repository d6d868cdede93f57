//! The framework's typed ids. Municipality and user ids are the core's (every system uses
//! them); these belong to role administration.
use openasp_core::typed_id;

typed_id!(
    /// A role grant (unique within its municipality).
    GrantId(i64)
);
typed_id!(
    /// A substitution (unique within its municipality).
    SubstitutionId(i64)
);
