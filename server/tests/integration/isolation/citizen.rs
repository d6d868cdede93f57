//! The citizen's slice: the national sign-in over OpenID Connect (`/azonositas/…`). Citizens
//! are national, not a municipality's; their e-forms functions are swept in `eforms`.
use super::*;

pub(super) const SERVER_FUNCTIONS: FunctionSlice = &[];

pub(super) const PLAIN_ROUTES: RouteSlice = &[
    (
        "GET",
        "/azonositas/belepes",
        Reach::NoTenantId("starts the caller's own sign-in; the query is a local return path"),
    ),
    (
        "GET",
        "/azonositas/belepes/vissza",
        Reach::NoTenantId("the provider's answer to the caller's own sign-in (code and state)"),
    ),
    (
        "GET",
        "/azonositas/feltetelek",
        Reach::NoTenantId("the caller's own pending sign-in, by its unguessable state"),
    ),
    (
        "POST",
        "/azonositas/feltetelek",
        Reach::NoTenantId("accepts the terms for the caller's own pending sign-in"),
    ),
    (
        "POST",
        "/azonositas/kilepes",
        Reach::NoTenantId("ends the caller's own citizen session"),
    ),
];
