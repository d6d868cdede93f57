//! What server functions receive from the server: the database and the request.
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use openasp_core::error::{AppError, current_request_id};

/// Shared, cheap-to-clone server state, provided to every render and server function call.
#[derive(Clone, Debug)]
pub struct ServerContext {
    pub db: DatabaseConnection,
    /// Mark cookies `Secure` (the site is served over TLS).
    pub secure_cookies: bool,
}

/// The database connection, for reference data that belongs to no tenant.
pub fn database() -> Result<DatabaseConnection, AppError> {
    use_context::<ServerContext>()
        .map(|ctx| ctx.db)
        .ok_or_else(|| {
            let reference = current_request_id();
            tracing::error!(%reference, "server context missing");
            AppError::Internal { reference }
        })
}

/// Sets the HTTP status of the page being rendered (e.g. 404 for an unknown municipality).
pub fn set_status(code: u16) {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
}

/// Whether cookies must carry `Secure`.
pub fn secure_cookies() -> bool {
    use_context::<ServerContext>().is_some_and(|ctx| ctx.secure_cookies)
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
