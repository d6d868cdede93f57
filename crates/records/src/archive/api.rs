//! Server functions of closing, archiving, disposal, transfer and the yearly closing of
//! register books: thin (authenticate, tenant handle, service, commit).
use super::types::*;
use leptos::prelude::*;

use openasp_core::error::AppError;
use openasp_core::paging::Page;

#[cfg(feature = "ssr")]
use openasp_framework::request::member_tx;
// Ids arrive as integers (URL and form fields unchanged) and are typed here, once.
#[cfg(feature = "ssr")]
use crate::types::{
    CaseFileId, DestructionListId, RegisterBookId, RetentionItemId, read_optional_whole_id,
};

/// One case file as the closing and archive screens show it.
#[server(endpoint = "records/archive/case")]
pub async fn archive_case_view(case_file: i64) -> Result<CaseArchiveView, AppError> {
    let tx = member_tx().await?;
    let view = super::service::case_view(&tx, CaseFileId(case_file)).await?;
    tx.commit().await?;
    Ok(view)
}

/// Closes a case file under a retention item (empty: the case category's default).
#[server(endpoint = "records/archive/close")]
pub async fn close_case(case_file: i64, retention_item: String) -> Result<(), AppError> {
    // Any whole number, as always: an unknown item is refused by the service as such.
    let retention_item =
        read_optional_whole_id("retention_item", &retention_item, RetentionItemId)?;
    let tx = member_tx().await?;
    super::service::close_case(&tx, CaseFileId(case_file), retention_item).await?;
    tx.commit().await
}

/// Reopens a closed case file (e.g. a remedy arrived), with the reason.
#[server(endpoint = "records/archive/reopen")]
pub async fn reopen_case(case_file: i64, reason: String) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::reopen_case(&tx, CaseFileId(case_file), &reason).await?;
    tx.commit().await
}

/// Puts a closed case file into the archive at a location.
#[server(endpoint = "records/archive/archive")]
pub async fn archive_case(case_file: i64, location: String) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::archive_case(&tx, CaseFileId(case_file), &location).await?;
    tx.commit().await
}

/// Lends an archived case file out until a date (`YYYY-MM-DD`).
#[server(endpoint = "records/archive/lend")]
pub async fn lend_case(case_file: i64, lent_to: String, due: String) -> Result<(), AppError> {
    use openasp_core::error::Problem;
    let due = chrono::NaiveDate::parse_from_str(due.trim(), "%Y-%m-%d").map_err(|_| {
        if due.trim().is_empty() {
            AppError::invalid("due", Problem::Required)
        } else {
            AppError::invalid("due", Problem::Malformed)
        }
    })?;
    let tx = member_tx().await?;
    super::service::lend_case(&tx, CaseFileId(case_file), &lent_to, due).await?;
    tx.commit().await
}

/// Takes a lent-out case file back into the archive.
#[server(endpoint = "records/archive/take-back")]
pub async fn take_back_case(case_file: i64) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::take_back_case(&tx, CaseFileId(case_file)).await?;
    tx.commit().await
}

/// Puts a legal hold (zárolás) on a case file: it cannot be destroyed while held.
#[server(endpoint = "records/archive/hold")]
pub async fn set_legal_hold(case_file: i64, reason: String) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::set_legal_hold(&tx, CaseFileId(case_file), &reason).await?;
    tx.commit().await
}

/// Lifts a legal hold.
#[server(endpoint = "records/archive/release")]
pub async fn lift_legal_hold(case_file: i64) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::lift_legal_hold(&tx, CaseFileId(case_file)).await?;
    tx.commit().await
}

/// The archive: `view` is `archived` (all in the archive), `lent` or `overdue`.
#[server(endpoint = "records/archive/list")]
pub async fn list_archive(view: String, page: u64) -> Result<Page<ArchivedCase>, AppError> {
    let tx = member_tx().await?;
    let page = super::service::list_archive(&tx, &view, page).await?;
    tx.commit().await?;
    Ok(page)
}

/// The case files that could be proposed for destruction now.
#[server(endpoint = "records/archive/destruction/candidates")]
pub async fn destruction_candidates(page: u64) -> Result<Page<ArchivedCase>, AppError> {
    let tx = member_tx().await?;
    let page = super::service::destruction_candidates_page(&tx, page).await?;
    tx.commit().await?;
    Ok(page)
}

/// The destruction lists, newest first.
#[server(endpoint = "records/archive/destruction/lists")]
pub async fn destruction_lists(page: u64) -> Result<Page<DestructionListRow>, AppError> {
    let tx = member_tx().await?;
    let page = super::service::destruction_lists(&tx, page).await?;
    tx.commit().await?;
    Ok(page)
}

/// One destruction list with its case files.
#[server(endpoint = "records/archive/destruction/get")]
pub async fn destruction_list(list: i64) -> Result<DestructionListDetail, AppError> {
    let tx = member_tx().await?;
    let detail = super::service::destruction_list(&tx, DestructionListId(list)).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Proposes a destruction list of every case file whose retention has expired; answers its id.
#[server(endpoint = "records/archive/destruction/propose")]
pub async fn propose_destruction(title: String) -> Result<i64, AppError> {
    let tx = member_tx().await?;
    let id = super::service::propose_destruction(&tx, &title).await?;
    tx.commit().await?;
    Ok(id)
}

/// The head approves a proposed destruction list.
#[server(endpoint = "records/archive/destruction/approve")]
pub async fn approve_destruction(list: i64) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::approve_destruction(&tx, DestructionListId(list)).await?;
    tx.commit().await
}

/// Carries out an approved destruction list: its case files become Disposed.
#[server(endpoint = "records/archive/destruction/execute")]
pub async fn execute_destruction(list: i64) -> Result<u64, AppError> {
    let tx = member_tx().await?;
    let count = super::service::execute_destruction(&tx, DestructionListId(list)).await?;
    tx.commit().await?;
    Ok(count)
}

/// The case files due for transfer to the public archives.
#[server(endpoint = "records/archive/transfer/due")]
pub async fn transfer_due(page: u64) -> Result<Page<ArchivedCase>, AppError> {
    let tx = member_tx().await?;
    let page = super::service::transfer_due_page(&tx, page).await?;
    tx.commit().await?;
    Ok(page)
}

/// Marks every case file due for transfer as handed over to the public archives.
#[server(endpoint = "records/archive/transfer/mark")]
pub async fn mark_transferred() -> Result<u64, AppError> {
    let tx = member_tx().await?;
    let count = super::service::mark_transferred(&tx).await?;
    tx.commit().await?;
    Ok(count)
}

/// The municipality's register and receipt books, newest year first.
#[server(endpoint = "records/archive/books")]
pub async fn list_books(page: u64) -> Result<Page<BookClosingRow>, AppError> {
    let tx = member_tx().await?;
    let page = super::service::list_books(&tx, page).await?;
    tx.commit().await?;
    Ok(page)
}

/// Closes a book for its year with the closing statement; answers the statement.
#[server(endpoint = "records/archive/books/close")]
pub async fn close_book(book: i64) -> Result<String, AppError> {
    let tx = member_tx().await?;
    let statement = super::service::close_book(&tx, RegisterBookId(book)).await?;
    tx.commit().await?;
    Ok(statement)
}
