//! Plain HTTP routes of records management that are no server functions: attachment upload
//! (a multipart form, which works without JavaScript), attachment download and the CSV export
//! of a search. Each authenticates from the session cookie and acts through a `TenantTx`.
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openasp_app::framework::request::member_tx_from_headers;
use openasp_app::framework::session::principal_from_headers;
use openasp_app::framework::tenancy::TenantTx;
use openasp_app::records::files::domain::{
    FileRefused, MAX_ATTACHMENT_BYTES, check_upload, content_disposition, sanitize_file_name,
};
use openasp_app::records::files::extract::extract_text;
use openasp_app::records::files::service::{AttachTo, StoredFile, attach, for_download};
use openasp_app::records::files::storage::{LocalDiskStore, SharedBlobStore, sha256_hex};
use openasp_app::records::search::domain::{EXPORT_CAP, SearchForm, case_state_label};
use openasp_app::records::types::AttachmentId;
use openasp_core::csv::{UTF8_BOM, csv_line};
use openasp_core::error::AppError;
use sea_orm::DatabaseConnection;

use crate::routes::{PlainRoute, build};

pub const UPLOAD_PATH: &str = "/ugyintezo/iratkezeles/csatolmany";
pub const DOWNLOAD_PATH: &str = "/ugyintezo/iratkezeles/csatolmany/{id}";
pub const EXPORT_PATH: &str = "/ugyintezo/iratkezeles/kereses/csv";

#[derive(Clone)]
pub struct FilesState {
    pub db: DatabaseConnection,
    pub blobs: SharedBlobStore,
}

/// The routes, with their own state, ready to merge into the application's router.
pub fn router<S: Clone + Send + Sync + 'static>(
    db: DatabaseConnection,
    data_dir: &Path,
) -> Router<S> {
    let state = FilesState {
        db,
        blobs: Arc::new(LocalDiskStore::in_data_dir(data_dir)),
    };
    build(routes()).with_state(state)
}

/// The routes of this module (see [`crate::routes::plain_routes`]).
pub fn routes() -> Vec<PlainRoute<FilesState>> {
    vec![
        // Room for the file and the form around it; the file's own limit is checked apart.
        PlainRoute::post(UPLOAD_PATH, upload).limited(MAX_ATTACHMENT_BYTES + 64 * 1024),
        PlainRoute::get(DOWNLOAD_PATH, download),
        PlainRoute::get(EXPORT_PATH, export_csv),
    ]
}

/// An error as a short plain-text answer with its status.
fn error_response(error: &AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = error.user_message(openasp_ui::i18n::Lang::Hu);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn see_other(location: String) -> Response {
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// What the form sent: the target and the file (already size-checked while reading).
struct UploadForm {
    to: Option<AttachTo>,
    file_name: String,
    bytes: Option<Vec<u8>>,
    too_large: bool,
}

async fn read_form(mut multipart: Multipart) -> Result<UploadForm, AppError> {
    let mut form = UploadForm {
        to: None,
        file_name: String::new(),
        bytes: None,
        too_large: false,
    };
    let bad = || AppError::invalid("file", openasp_core::error::Problem::Malformed);
    while let Some(mut field) = multipart.next_field().await.map_err(|_| bad())? {
        match field.name().unwrap_or_default() {
            "document" | "receipt" => {
                let is_document = field.name() == Some("document");
                let text = field.text().await.map_err(|_| bad())?;
                let id: i64 = text.trim().parse().map_err(|_| AppError::NotFound)?;
                form.to = Some(if is_document {
                    AttachTo::Document(id)
                } else {
                    AttachTo::Receipt(id)
                });
            }
            "file" => {
                form.file_name = field.file_name().unwrap_or_default().to_owned();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
                    if bytes.len() + chunk.len() > MAX_ATTACHMENT_BYTES {
                        form.too_large = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                form.bytes = Some(bytes);
            }
            _ => {}
        }
    }
    Ok(form)
}

/// Where the browser goes back to: the case file (to the document), or the receipts.
fn back(to: AttachTo, case_file: Option<i64>, outcome: &str) -> String {
    match (to, case_file) {
        (AttachTo::Document(document), Some(case)) => {
            format!("/ugyintezo/iratkezeles/ugyirat/{case}?feltoltes={outcome}#document-{document}")
        }
        _ => format!("/ugyintezo/iratkezeles/szignalas?feltoltes={outcome}"),
    }
}

/// The case file a document of the acting municipality belongs to (checked before anything
/// is stored, so a refused upload leaves nothing behind, not even a blob).
async fn case_of(
    state: &FilesState,
    headers: &HeaderMap,
    to: AttachTo,
) -> Result<Option<i64>, AppError> {
    let tx = member_tx_from_headers(&state.db, headers).await?;
    let found = openasp_app::records::files::service::check_target(&tx, to).await?;
    tx.commit().await?;
    Ok(found)
}

/// Back to where the form was, saying why the file was refused.
async fn refuse(
    state: &FilesState,
    headers: &HeaderMap,
    to: AttachTo,
    reason: FileRefused,
) -> Response {
    match case_of(state, headers, to).await {
        Ok(case) => see_other(back(to, case, reason.code())),
        Err(error) => error_response(&error),
    }
}

async fn upload(
    State(state): State<FilesState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let principal = match principal_from_headers(&state.db, &headers).await {
        Ok(p) => p,
        Err(e) => return error_response(&e),
    };
    let form = match read_form(multipart).await {
        Ok(form) => form,
        Err(e) => return error_response(&e),
    };
    let Some(to) = form.to else {
        return error_response(&AppError::NotFound);
    };
    let bytes = match (form.too_large, form.bytes) {
        (true, _) => return refuse(&state, &headers, to, FileRefused::TooLarge).await,
        (false, None) => return refuse(&state, &headers, to, FileRefused::Empty).await,
        (false, Some(bytes)) => bytes,
    };
    let kind = match check_upload(&bytes) {
        Ok(kind) => kind,
        Err(reason) => return refuse(&state, &headers, to, reason).await,
    };
    if let Err(error) = case_of(&state, &headers, to).await {
        return error_response(&error);
    }
    // Hashed, stored and read for its text before the transaction opens: no transaction waits
    // on the disk or a parser.
    let sha256 = sha256_hex(&bytes);
    if let Err(error) = state.blobs.put(&sha256, &bytes).await {
        tracing::error!(%error, "storing an attachment failed");
        return error_response(&AppError::internal(error));
    }
    let size_bytes = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let file = StoredFile {
        file_name: sanitize_file_name(&form.file_name, kind),
        kind,
        size_bytes,
        sha256,
        extracted_text: extract_text(kind, bytes).await,
    };
    let result = async {
        let tx = TenantTx::begin(&state.db, &principal).await?;
        let attached = attach(&tx, to, &file).await?;
        tx.commit().await?;
        Ok::<_, AppError>(attached)
    }
    .await;
    match result {
        Ok(attached) => see_other(back(to, attached.case_file_id, "ok")),
        Err(error) => error_response(&error),
    }
}

async fn download(
    State(state): State<FilesState>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    // Any whole number reaches the service (zero or a negative one is then not found there,
    // after its role check), as it always has.
    let Ok(id) = id.parse::<i64>().map(AttachmentId) else {
        return error_response(&AppError::NotFound);
    };
    let result = async {
        let tx = member_tx_from_headers(&state.db, &headers).await?;
        let found = for_download(&tx, id).await?;
        tx.commit().await?;
        Ok::<_, AppError>(found)
    }
    .await;
    let found = match result {
        Ok(found) => found,
        Err(error) => return error_response(&error),
    };
    let bytes = match state.blobs.get(&found.sha256).await {
        Ok(bytes) => bytes,
        Err(error) => return error_response(&AppError::internal(error)),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_TYPE, &found.media_type);
    set(
        header::CONTENT_DISPOSITION,
        &content_disposition(&found.file_name),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::CACHE_CONTROL, "private, no-store");
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; sandbox",
    );
    response
}

/// Reads `a=b&c=d` (form encoding) into pairs.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn export_csv(
    State(state): State<FilesState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let pairs = query_pairs(query.as_deref().unwrap_or(""));
    let form = SearchForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let result = async {
        let tx = member_tx_from_headers(&state.db, &headers).await?;
        let hits = openasp_app::records::search::service::export(&tx, &form, EXPORT_CAP).await?;
        tx.commit().await?;
        Ok::<_, AppError>(hits)
    }
    .await;
    let hits = match result {
        Ok(hits) => hits,
        Err(error) => return error_response(&error),
    };
    let mut body = String::from(UTF8_BOM);
    body.push_str(&csv_line(&[
        "Iktatószám",
        "Tárgy",
        "Ügyfél / küldő",
        "Ügyintéző",
        "Iktatás napja",
        "Ügyirat állapota",
    ]));
    for hit in hits {
        body.push_str(&csv_line(&[
            hit.registry_number.as_str(),
            hit.subject.as_str(),
            hit.sender.as_deref().unwrap_or(""),
            hit.handler.as_deref().unwrap_or(""),
            hit.registered_at.as_str(),
            case_state_label(&hit.case_state, true),
        ]));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"iratok.csv\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_decode() {
        assert_eq!(
            query_pairs("q=%C3%A9p%C3%ADt+enged&number=12-&bad=%zz&x"),
            vec![
                ("q".to_owned(), "épít enged".to_owned()),
                ("number".to_owned(), "12-".to_owned()),
                ("bad".to_owned(), "%zz".to_owned()),
                ("x".to_owned(), String::new()),
            ]
        );
    }
}
