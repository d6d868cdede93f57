//! Server functions of the daily flow: thin (authenticate, tenant handle, service, commit).
// Forms post each field as its own argument; the browser-side function the `server` macro
// generates takes them all too, so the lint is allowed for the whole module.
#![allow(clippy::too_many_arguments)]
use super::types::*;
use leptos::prelude::*;

use openasp_core::error::AppError;
use openasp_core::paging::Page;

// Each call runs in one tenant transaction, committed only when it succeeded.
#[cfg(feature = "ssr")]
use openasp_framework::request::in_member_tx;
// Ids arrive as integers (URL and form fields unchanged) and are typed here, once.
#[cfg(feature = "ssr")]
use crate::types::{CaseFileId, DispatchId, DocumentId, ReceiptId};

// ---- Receipt and registration --------------------------------------------------------------

/// Records incoming mail in the year's receipt book.
#[server(endpoint = "records/flow/receive")]
pub async fn receive(
    subject: String,
    channel: String,
    sender: String,
    partner: String,
    received_at: String,
    envelope: String,
) -> Result<Receipted, AppError> {
    use super::receipt::{ReceiptForm, receive};
    let form = ReceiptForm::read(
        &subject,
        &channel,
        &sender,
        &partner,
        &received_at,
        &envelope,
    )?;
    in_member_tx(async |tx| receive(tx, form).await).await
}

/// Receipts: `waiting` (not yet registered) or `all`, newest first.
#[server(endpoint = "records/flow/receipts")]
pub async fn list_receipts(scope: String, page: u64) -> Result<Page<ReceiptView>, AppError> {
    in_member_tx(async |tx| super::lists::receipts(tx, &scope, page).await).await
}

#[server(endpoint = "records/flow/receipt")]
pub async fn get_receipt(receipt: i64) -> Result<ReceiptView, AppError> {
    in_member_tx(async |tx| super::lists::receipt(tx, ReceiptId(receipt)).await).await
}

/// Registers a receipt as a new case file (`case_file` empty) or under the next sub-number
/// of the case file whose registry number is given.
#[server(endpoint = "records/flow/register-receipt")]
pub async fn register_receipt(receipt: i64, case_file: String) -> Result<Registered, AppError> {
    in_member_tx(async |tx| {
        super::receipt::register_receipt(tx, ReceiptId(receipt), &case_file)
            .await
            .map(Registered::from)
    })
    .await
}

/// Receipt and registration (and, for a head, assignment) in one step and one transaction.
#[server(endpoint = "records/flow/receive-and-register")]
pub async fn receive_and_register(
    subject: String,
    channel: String,
    sender: String,
    partner: String,
    received_at: String,
    envelope: String,
    unit: String,
    handler: String,
    category: String,
) -> Result<Registered, AppError> {
    use super::receipt::{IfUnroutable, Incoming, ReceiptForm, Routing};
    use openasp_framework::roles::Role;
    let form = ReceiptForm::read(
        &subject,
        &channel,
        &sender,
        &partner,
        &received_at,
        &envelope,
    )?;
    let routing = Routing::read(&unit, &handler, &category)?;
    in_member_tx(async |tx| {
        if !(tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead)) {
            Err(AppError::Forbidden)
        } else if !routing.is_empty() && !tx.roles().contains(&Role::RecordsHead) {
            // Routing is an assignment: the head's right.
            Err(AppError::Forbidden)
        } else {
            let incoming = Incoming {
                form,
                routing,
                if_unroutable: IfUnroutable::Refuse,
            };
            super::receipt::receive_and_register(tx, incoming)
                .await
                .map(Registered::from)
        }
    })
    .await
}

// ---- Assignment ------------------------------------------------------------------------------

#[server(endpoint = "records/flow/assignment-choices")]
pub async fn get_assignment_choices() -> Result<AssignmentChoices, AppError> {
    in_member_tx(async |tx| super::assignment::choices(tx).await).await
}

/// Assigns a receipt (before registration) to a unit and a handling clerk.
#[server(endpoint = "records/flow/assign-receipt")]
pub async fn assign_receipt(
    receipt: i64,
    unit: String,
    handler: String,
    deadline: String,
    instructions: String,
) -> Result<(), AppError> {
    use super::assignment::AssignmentForm;
    let form = AssignmentForm::read(&unit, &handler, "", &deadline, &instructions)?;
    in_member_tx(async |tx| super::assignment::assign_receipt(tx, ReceiptId(receipt), form).await)
        .await
}

/// Assigns a case file to a unit and a handling clerk.
#[server(endpoint = "records/flow/assign-case")]
pub async fn assign_case(
    case_file: i64,
    unit: String,
    handler: String,
    category: String,
    deadline: String,
    instructions: String,
) -> Result<(), AppError> {
    use super::assignment::AssignmentForm;
    let form = AssignmentForm::read(&unit, &handler, &category, &deadline, &instructions)?;
    in_member_tx(async |tx| super::assignment::assign_case(tx, CaseFileId(case_file), form).await)
        .await
}

// ---- Handling --------------------------------------------------------------------------------

#[server(endpoint = "records/flow/case")]
pub async fn get_case_brief(case_file: i64) -> Result<CaseBrief, AppError> {
    in_member_tx(async |tx| super::lists::case_brief(tx, CaseFileId(case_file)).await).await
}

#[server(endpoint = "records/flow/document")]
pub async fn get_document(document: i64) -> Result<DocumentRow, AppError> {
    in_member_tx(async |tx| super::lists::document(tx, DocumentId(document)).await).await
}

/// A new document under the next sub-number: `Incoming`, `Outgoing` (a draft) or `Internal`.
#[server(endpoint = "records/flow/add-document")]
pub async fn add_document(
    case_file: i64,
    kind: String,
    subject: String,
    sender: String,
    body: String,
) -> Result<Registered, AppError> {
    in_member_tx(async |tx| {
        super::handling::add_document(tx, CaseFileId(case_file), &kind, &subject, &sender, &body)
            .await
            .map(Registered::from)
    })
    .await
}

/// Links an earlier case file (előzmény), named by its registry number.
#[server(endpoint = "records/flow/link")]
pub async fn link_antecedent(case_file: i64, antecedent: String) -> Result<(), AppError> {
    in_member_tx(async |tx| {
        super::handling::link_antecedent(tx, CaseFileId(case_file), &antecedent).await
    })
    .await
}

/// Merges (szerel) this case file into the one named by its registry number.
#[server(endpoint = "records/flow/merge")]
pub async fn merge_case(case_file: i64, into: String) -> Result<(), AppError> {
    in_member_tx(async |tx| super::handling::merge(tx, CaseFileId(case_file), &into).await).await
}

#[server(endpoint = "records/flow/note")]
pub async fn add_note(case_file: i64, body: String) -> Result<(), AppError> {
    in_member_tx(async |tx| super::handling::add_note(tx, CaseFileId(case_file), &body).await).await
}

#[server(endpoint = "records/flow/suspend")]
pub async fn suspend_case(case_file: i64, reason: String) -> Result<(), AppError> {
    in_member_tx(async |tx| super::handling::suspend(tx, CaseFileId(case_file), &reason).await)
        .await
}

#[server(endpoint = "records/flow/resume")]
pub async fn resume_case(case_file: i64) -> Result<(), AppError> {
    in_member_tx(async |tx| super::handling::resume(tx, CaseFileId(case_file)).await).await
}

/// The signed-in clerk's open case files.
#[server(endpoint = "records/flow/my-cases")]
pub async fn my_cases(page: u64) -> Result<Page<CaseRow>, AppError> {
    in_member_tx(async |tx| super::lists::my_cases(tx, page).await).await
}

/// Outgoing drafts: `mine` (the clerk's, drafted or signed off) or `to-sign` (a head's queue).
#[server(endpoint = "records/flow/drafts")]
pub async fn list_drafts(scope: String, page: u64) -> Result<Page<DocumentRow>, AppError> {
    in_member_tx(async |tx| super::lists::drafts(tx, &scope, page).await).await
}

/// Case files whose deadline runs, earliest first; `overdue` keeps the late ones only.
#[server(endpoint = "records/flow/deadlines")]
pub async fn list_deadlines(overdue: bool, page: u64) -> Result<Page<CaseRow>, AppError> {
    in_member_tx(async |tx| super::lists::deadlines(tx, overdue, page).await).await
}

/// Registered case files nobody has been assigned to yet.
#[server(endpoint = "records/flow/unassigned")]
pub async fn list_unassigned(page: u64) -> Result<Page<CaseRow>, AppError> {
    in_member_tx(async |tx| super::lists::unassigned(tx, page).await).await
}

// ---- Sign-off, dispatch, return receipts -----------------------------------------------------

#[server(endpoint = "records/flow/sign-off")]
pub async fn sign_off(document: i64) -> Result<(), AppError> {
    in_member_tx(async |tx| super::signoff_dispatch::sign_off(tx, DocumentId(document)).await).await
}

/// Dispatches a signed-off document: `post` (recipient, address, tracking number) or
/// `electronic`.
#[server(endpoint = "records/flow/dispatch")]
pub async fn dispatch(
    document: i64,
    method: String,
    recipient: String,
    address: String,
    tracking_number: String,
) -> Result<i64, AppError> {
    use super::signoff_dispatch::DispatchForm;
    let form = DispatchForm::read(&method, &recipient, &address, &tracking_number)?;
    in_member_tx(async |tx| super::signoff_dispatch::dispatch(tx, DocumentId(document), form).await)
        .await
}

/// Records the return receipt (tértivevény) of a posted document.
#[server(endpoint = "records/flow/return-receipt")]
pub async fn record_return(dispatch: i64, status: String, date: String) -> Result<(), AppError> {
    in_member_tx(async |tx| {
        super::signoff_dispatch::record_return(tx, DispatchId(dispatch), &status, &date).await
    })
    .await
}

/// Signed-off documents waiting for dispatch.
#[server(endpoint = "records/flow/dispatch-queue")]
pub async fn dispatch_queue(page: u64) -> Result<Page<DocumentRow>, AppError> {
    in_member_tx(async |tx| super::lists::dispatch_queue(tx, page).await).await
}

/// Posted documents: `pending` return receipts, `never` returned after `days`, or `all`.
#[server(endpoint = "records/flow/return-receipts")]
pub async fn list_return_receipts(
    filter: String,
    days: u32,
    page: u64,
) -> Result<Page<DispatchView>, AppError> {
    in_member_tx(async |tx| super::lists::return_receipts(tx, &filter, days, page).await).await
}

#[server(endpoint = "records/flow/dispatch-detail")]
pub async fn get_dispatch(dispatch: i64) -> Result<DispatchView, AppError> {
    in_member_tx(async |tx| super::lists::dispatch(tx, DispatchId(dispatch)).await).await
}

// ---- Cancellation ------------------------------------------------------------------------------

/// Cancels a mistaken registration with a reason; the number stays used.
#[server(endpoint = "records/flow/cancel")]
pub async fn cancel_document(document: i64, reason: String) -> Result<(), AppError> {
    in_member_tx(async |tx| super::cancellation::cancel(tx, DocumentId(document), &reason).await)
        .await
}
