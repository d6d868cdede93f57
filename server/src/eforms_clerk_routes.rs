//! Plain HTTP downloads of the clerks' submissions screens: a submission's export (JSON, CSV,
//! PDF) and the files attached to it. Authenticated and tenant-scoped in the app
//! (`openasp_app::eforms::clerk::downloads`), like a server function.
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openasp_app::eforms::clerk::downloads;
use openasp_app::framework::session::Download;
use openasp_app::records::files::domain::content_disposition;
use openasp_core::error::AppError;
use sea_orm::DatabaseConnection;

use crate::routes::{PlainRoute, build};

pub const EXPORT_PATH: &str = "/ugyintezo/beadvanyok/{id}/export/{format}";
pub const FILE_PATH: &str = "/ugyintezo/beadvanyok/{id}/fajl/{upload}";

/// The routes, with their own state, ready to merge into the application's router.
pub fn router<S: Clone + Send + Sync + 'static>(db: DatabaseConnection) -> Router<S> {
    build(routes()).with_state(db)
}

/// The routes of this module (see [`crate::routes::plain_routes`]).
pub fn routes() -> Vec<PlainRoute<DatabaseConnection>> {
    vec![
        PlainRoute::get(EXPORT_PATH, export),
        PlainRoute::get(FILE_PATH, file),
    ]
}

fn answer(result: Result<Download, AppError>) -> Response {
    match result {
        Ok(file) => {
            let mut response = file.bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            );
            if let Ok(value) = HeaderValue::from_str(&content_disposition(&file.file_name)) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            );
            response
        }
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = error.user_message(openasp_ui::i18n::Lang::Hu);
            (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                message,
            )
                .into_response()
        }
    }
}

/// `GET /ugyintezo/beadvanyok/{id}/export/{json|csv|pdf}`
async fn export(
    State(db): State<DatabaseConnection>,
    Path((id, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    answer(downloads::export(&db, &headers, &id, &format).await)
}

/// `GET /ugyintezo/beadvanyok/{id}/fajl/{upload}`
async fn file(
    State(db): State<DatabaseConnection>,
    Path((id, upload)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    answer(downloads::file(&db, &headers, &id, &upload).await)
}
