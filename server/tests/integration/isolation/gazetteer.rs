//! The gazetteer's slice: public national reference data, no tenant's.
use super::*;

pub(super) const SERVER_FUNCTIONS: FunctionSlice = &[
    (
        "/api/gazetteer/search",
        Reach::NoTenantId("public national reference data"),
    ),
    (
        "/api/gazetteer/counties",
        Reach::NoTenantId("public national reference data"),
    ),
    (
        "/api/gazetteer/municipality",
        Reach::NoTenantId("public national reference data, by slug"),
    ),
];

pub(super) const PLAIN_ROUTES: RouteSlice = &[];
