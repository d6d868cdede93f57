//! The server's error types: one for start-up, one for plain HTTP handlers (mapped to a
//! response in exactly one place). Server functions use `openasp_core::error::AppError`.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("reference data: {0}")]
    ReferenceData(String),
    #[error("cannot listen or serve: {0}")]
    Io(#[from] std::io::Error),
    #[error("configuration: {0}")]
    Config(String),
}

/// Errors of the HTTP handlers outside server functions (health check, language switch, …).
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("database unavailable")]
    DatabaseUnavailable(#[source] sea_orm::DbErr),
    #[error("bad request: {0}")]
    BadRequest(&'static str),
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = match &self {
            HttpError::DatabaseUnavailable(source) => {
                tracing::error!(error = %source, "database unavailable");
                StatusCode::SERVICE_UNAVAILABLE
            }
            HttpError::BadRequest(_) => StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}
