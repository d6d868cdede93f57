//! The citizen system's typed ids: a citizen's id is parsed or read once, at the boundary,
//! into its type.

openasp_core::typed_id!(
    /// A citizen of the e-administration portal (one row of the citizen directory).
    CitizenId(i64)
);
