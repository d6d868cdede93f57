//! Plain HTTP downloads of the archive screens: the printed register book (PDF) and the
//! transfer package for the public archives. Authenticated and tenant-scoped in the app
//! (`openasp_app::records::archive::downloads`), like a server function.
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use openasp_app::framework::session::Download;
use openasp_app::records::archive::downloads;
use openasp_app::records::types::RegisterBookId;
use openasp_core::error::AppError;

use crate::routes::{HttpState, PlainRoute};

/// The archive screens' downloads (see [`crate::routes::plain_routes`]).
pub fn routes() -> Vec<PlainRoute<HttpState>> {
    vec![
        PlainRoute::get(
            "/ugyintezo/iratkezeles/konyvzaras/{id}/nyomtatas.pdf",
            book_pdf,
        ),
        PlainRoute::get("/ugyintezo/iratkezeles/leveltar/csomag", transfer_package),
    ]
}

fn answer(result: Result<Download, AppError>) -> Response {
    match result {
        Ok(file) => {
            let disposition = format!("attachment; filename=\"{}\"", file.file_name);
            let mut response = file.bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = error.user_message(openasp_ui::i18n::Lang::Hu);
            (status, message).into_response()
        }
    }
}

/// `GET /ugyintezo/iratkezeles/konyvzaras/{id}/nyomtatas.pdf`
pub async fn book_pdf(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    // Any whole number reaches the service, as it always has.
    let Ok(id) = id.parse::<i64>().map(RegisterBookId) else {
        return answer(Err(AppError::NotFound));
    };
    answer(downloads::book_pdf(&state.db, &headers, id).await)
}

/// `GET /ugyintezo/iratkezeles/leveltar/csomag`
pub async fn transfer_package(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    answer(downloads::transfer_package(&state.db, &headers).await)
}
