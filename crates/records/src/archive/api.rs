//! Server functions of closing, archiving, disposal, transfer and the yearly closing of
//! register books: thin (authenticate, tenant handle, service, commit).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use openasp_core::error::AppError;
use openasp_core::paging::Page;
use openasp_ui::i18n::Lang;

/// Why a closing, archiving or disposal step was refused (shown beside the field it names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchiveProblem {
    /// The case file's state does not allow this step.
    WrongState,
    /// Outgoing documents still wait for sign-off or dispatch.
    OpenDocuments,
    NoRetentionItem,
    UnknownRetentionItem,
    AlreadyLent,
    NotLent,
    DueInThePast,
    /// A lent-out case file cannot be destroyed or handed over.
    LentOut,
    AlreadyHeld,
    NotHeld,
    /// Nothing qualifies (no case file due for disposal or transfer).
    NothingDue,
    NotApproved,
    /// A listed case file is no longer disposable (hold, state, retention).
    NoLongerDisposable,
    BookClosed,
    FutureBook,
}

impl ArchiveProblem {
    pub fn message(self, lang: Lang) -> String {
        let hu = lang == Lang::Hu;
        let text = match self {
            ArchiveProblem::WrongState if hu => {
                "Az ügyirat jelenlegi állapotában ez a lépés nem végezhető el."
            }
            ArchiveProblem::WrongState => "This step is not possible in the current state.",
            ArchiveProblem::OpenDocuments if hu => {
                "Az ügyiratban kiadmányozásra vagy expediálásra váró irat van; előbb azt kell befejezni."
            }
            ArchiveProblem::OpenDocuments => {
                "The case file has outgoing documents waiting for sign-off or dispatch; finish them first."
            }
            ArchiveProblem::NoRetentionItem if hu => "Válassza ki az irattári tételt.",
            ArchiveProblem::NoRetentionItem => "Choose the retention-plan item.",
            ArchiveProblem::UnknownRetentionItem if hu => "Nincs ilyen irattári tétel.",
            ArchiveProblem::UnknownRetentionItem => "There is no such retention-plan item.",
            ArchiveProblem::AlreadyLent if hu => "Az ügyirat már ki van kölcsönözve.",
            ArchiveProblem::AlreadyLent => "The case file is already lent out.",
            ArchiveProblem::NotLent if hu => "Az ügyirat nincs kikölcsönözve.",
            ArchiveProblem::NotLent => "The case file is not lent out.",
            ArchiveProblem::DueInThePast if hu => "A visszahozatal határideje nem lehet múltbeli.",
            ArchiveProblem::DueInThePast => "The return date cannot be in the past.",
            ArchiveProblem::LentOut if hu => {
                "Kikölcsönzött ügyirat nem selejtezhető és nem adható át."
            }
            ArchiveProblem::LentOut => "A lent-out case file cannot be destroyed or handed over.",
            ArchiveProblem::AlreadyHeld if hu => "Az ügyirat már zárolva van.",
            ArchiveProblem::AlreadyHeld => "The case file is already under a legal hold.",
            ArchiveProblem::NotHeld if hu => "Az ügyirat nincs zárolva.",
            ArchiveProblem::NotHeld => "The case file is not under a legal hold.",
            ArchiveProblem::NothingDue if hu => "Nincs olyan ügyirat, amelyre ez most vonatkozna.",
            ArchiveProblem::NothingDue => "No case file qualifies now.",
            ArchiveProblem::NotApproved if hu => {
                "Csak jóváhagyott selejtezési jegyzék hajtható végre."
            }
            ArchiveProblem::NotApproved => "Only an approved destruction list can be carried out.",
            ArchiveProblem::NoLongerDisposable if hu => {
                "A jegyzék olyan ügyiratot tartalmaz, amely már nem selejtezhető (zárolás, állapot vagy őrzési idő)."
            }
            ArchiveProblem::NoLongerDisposable => {
                "The list holds a case file that is no longer disposable (hold, state or retention)."
            }
            ArchiveProblem::BookClosed if hu => "A könyv már le van zárva.",
            ArchiveProblem::BookClosed => "The book is already closed.",
            ArchiveProblem::FutureBook if hu => "Jövőbeli év könyve nem zárható le.",
            ArchiveProblem::FutureBook => "A future year's book cannot be closed.",
        };
        text.to_owned()
    }
}

/// The Hungarian and English name of a case-file state code.
pub fn state_name(code: &str, lang: Lang) -> &'static str {
    let (hu, en) = match code {
        "Registered" => ("Iktatva", "Registered"),
        "Assigned" => ("Szignálva", "Assigned"),
        "InProgress" => ("Folyamatban", "In progress"),
        "Suspended" => ("Felfüggesztve", "Suspended"),
        "Closed" => ("Lezárva", "Closed"),
        "Archived" => ("Irattárban", "Archived"),
        "Disposed" => ("Selejtezve", "Destroyed"),
        "TransferredToArchives" => ("Levéltárba adva", "Transferred to the archives"),
        "Cancelled" => ("Sztornózva", "Cancelled"),
        "Merged" => ("Szerelve", "Merged"),
        "proposed" => ("Javasolt", "Proposed"),
        "approved" => ("Jóváhagyva", "Approved"),
        "executed" => ("Végrehajtva", "Carried out"),
        _ => ("Ismeretlen", "Unknown"),
    };
    if lang == Lang::Hu { hu } else { en }
}

/// A retention-plan item to choose from when closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionOption {
    pub id: i64,
    pub code: String,
    pub title: String,
    /// Years kept, `None` when not disposable.
    pub retention_years: Option<i32>,
}

/// What the closing, archiving, lending and legal-hold screens show of one case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseArchiveView {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub archived_on: Option<String>,
    pub archive_location: Option<String>,
    /// The retention item set at closing ("code – title").
    pub retention: Option<String>,
    pub retention_item_id: Option<i64>,
    /// The case category's default item, preselected when closing.
    pub default_retention_item_id: Option<i64>,
    /// Outgoing documents still to be signed off or dispatched.
    pub open_documents: u64,
    pub lent_to: Option<String>,
    pub lent_due: Option<String>,
    pub overdue: bool,
    pub legal_hold_reason: Option<String>,
    pub retention_options: Vec<RetentionOption>,
    /// The user is a records head (may set holds).
    pub may_hold: bool,
}

/// A row of the archive, lent-out, destruction and transfer lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedCase {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub archive_location: Option<String>,
    pub retention: Option<String>,
    pub lent_to: Option<String>,
    pub lent_due: Option<String>,
    pub overdue: bool,
    pub legal_hold: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionListRow {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub created_on: String,
    pub items: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionListDetail {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub created_on: String,
    pub approved_on: Option<String>,
    pub executed_on: Option<String>,
    pub items: Vec<ArchivedCase>,
    /// The user is a records head (may approve and carry out).
    pub may_decide: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookRow {
    pub id: i64,
    pub kind: String,
    pub year: i32,
    pub name: String,
    pub last_main: i32,
    pub closed_on: Option<String>,
    pub closing_statement: Option<String>,
}

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
pub async fn list_books(page: u64) -> Result<Page<BookRow>, AppError> {
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
