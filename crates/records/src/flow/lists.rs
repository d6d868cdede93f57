//! The lists and views of the daily flow, each filtered by the acting municipality and
//! paginated. Lists naming senders or recipients are personal data: reading them is audited.
use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use super::common::{is_head, load_case, load_document, me, require_records_role};
use super::rules::{self, ReceiptState};
use super::signoff_dispatch::{METHOD_POST, load_dispatch};
use super::types::{CaseBrief, CaseRow, DispatchView, DocumentRow, LinkRow, NoteRow, ReceiptView};
use crate::db::{case_file, case_link, case_note, dispatch, document, org_unit, receipt};
use crate::domain::{CaseState, DocumentState, ReturnStatus};
use crate::types::{CaseFileId, DispatchId, DocumentId, ReceiptId};
use openasp_core::error::AppError;
use openasp_core::paging::{Page, PageNumber};
use openasp_framework::audit::AuditEvent;
use openasp_framework::directory::display_names;
use openasp_framework::tenancy::{TenantTx, now};

pub const FLOW_PAGE_SIZE: u64 = 25;

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

async fn page_of<E: EntityTrait>(
    tx: &TenantTx,
    select: Select<E>,
    page: u64,
) -> Result<(Vec<E::Model>, u64, PageNumber), AppError>
where
    E::Model: Sync,
{
    let total = select.clone().count(tx.conn()).await?;
    let page = PageNumber::new(page);
    let rows = select
        .offset(page.offset(FLOW_PAGE_SIZE))
        .limit(FLOW_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    Ok((rows, total, page))
}

fn page<T>(items: Vec<T>, total: u64, page: PageNumber) -> Page<T> {
    Page {
        items,
        total,
        page: page.get(),
        page_size: FLOW_PAGE_SIZE,
    }
}

async fn read_audited(tx: &TenantTx, what: &str, count: usize) -> Result<(), AppError> {
    tx.audit(AuditEvent::new(
        "personal_data.read",
        what,
        None,
        format!("{count} listed"),
    ))
    .await
}

async fn unit_names(
    tx: &TenantTx,
    ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, String>, AppError> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(tx.municipality()))
        .filter(org_unit::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

async fn receipt_views(
    tx: &TenantTx,
    rows: Vec<receipt::Model>,
) -> Result<Vec<ReceiptView>, AppError> {
    let names = display_names(tx, rows.iter().filter_map(|r| r.assignee_user_id)).await?;
    let units = unit_names(tx, rows.iter().filter_map(|r| r.unit_id)).await?;
    let doc_ids: Vec<i64> = rows.iter().filter_map(|r| r.document_id).collect();
    let docs: BTreeMap<i64, document::Model> = if doc_ids.is_empty() {
        BTreeMap::new()
    } else {
        document::Entity::find()
            .filter(document::Column::MunicipalityId.eq(tx.municipality()))
            .filter(document::Column::Id.is_in(doc_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let doc = r.document_id.and_then(|id| docs.get(&id));
            ReceiptView {
                id: r.id,
                receipt_number: r.receipt_number,
                subject: r.subject,
                channel: r.channel,
                sender: r.sender_name,
                received_at: time(r.received_at),
                envelope: r.envelope,
                state: r.state,
                unit: r.unit_id.and_then(|u| units.get(&u).cloned()),
                assignee: r.assignee_user_id.and_then(|u| names.get(&u).cloned()),
                deadline: r.deadline.map(|d| d.to_string()),
                instructions: r.instructions,
                document_id: r.document_id,
                case_file_id: doc.map(|d| d.case_file_id),
                registry_number: doc.map(|d| d.registry_number.clone()),
            }
        })
        .collect())
}

/// Receipts, newest first: `waiting` ones (not yet registered) or `all`.
pub async fn receipts(
    tx: &TenantTx,
    scope: &str,
    page_number: u64,
) -> Result<Page<ReceiptView>, AppError> {
    require_records_role(tx)?;
    let mut select =
        receipt::Entity::find().filter(receipt::Column::MunicipalityId.eq(tx.municipality()));
    if scope == "waiting" {
        select = select.filter(
            receipt::Column::State
                .is_in([ReceiptState::Received.code(), ReceiptState::Assigned.code()]),
        );
    }
    let select = select
        .order_by_desc(receipt::Column::ReceivedAt)
        .order_by_desc(receipt::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    let items = receipt_views(tx, rows).await?;
    read_audited(tx, "receipt_list", items.len()).await?;
    Ok(page(items, total, p))
}

pub async fn receipt(tx: &TenantTx, id: ReceiptId) -> Result<ReceiptView, AppError> {
    require_records_role(tx)?;
    let row = super::receipt::load_receipt(tx, id).await?;
    let view = receipt_views(tx, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    read_audited(tx, "receipt", 1).await?;
    Ok(view)
}

async fn case_rows(tx: &TenantTx, rows: Vec<case_file::Model>) -> Result<Vec<CaseRow>, AppError> {
    let names = display_names(tx, rows.iter().filter_map(|c| c.handler_user_id)).await?;
    let today = now().date_naive();
    Ok(rows
        .into_iter()
        .map(|c| {
            let runs = CaseState::from_code(&c.state).is_some_and(CaseState::deadline_runs);
            CaseRow {
                id: c.id,
                overdue: c
                    .deadline
                    .is_some_and(|d| rules::is_overdue(d, today, runs)),
                registry_number: c.registry_number,
                subject: c.subject,
                state: c.state,
                handler: c.handler_user_id.and_then(|u| names.get(&u).cloned()),
                deadline: c.deadline.map(|d| d.to_string()),
            }
        })
        .collect())
}

fn document_row(d: document::Model, case_number: &str) -> DocumentRow {
    DocumentRow {
        id: d.id,
        case_file_id: d.case_file_id,
        case_registry_number: case_number.to_owned(),
        registry_number: d.registry_number,
        subject: d.subject,
        direction: d.direction,
        state: d.state,
        sender: d.sender,
        body: d.body,
        cancelled_reason: d.cancelled_reason,
    }
}

async fn document_rows(
    tx: &TenantTx,
    rows: Vec<document::Model>,
) -> Result<Vec<DocumentRow>, AppError> {
    let case_ids: Vec<i64> = rows.iter().map(|d| d.case_file_id).collect();
    let numbers: BTreeMap<i64, String> = if case_ids.is_empty() {
        BTreeMap::new()
    } else {
        case_file::Entity::find()
            .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
            .filter(case_file::Column::Id.is_in(case_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|c| (c.id, c.registry_number))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|d| {
            let number = numbers.get(&d.case_file_id).cloned().unwrap_or_default();
            document_row(d, &number)
        })
        .collect())
}

/// A case file with its documents (and those of the files merged into it), notes and links.
pub async fn case_brief(tx: &TenantTx, id: CaseFileId) -> Result<CaseBrief, AppError> {
    require_records_role(tx)?;
    let case = load_case(tx, id).await?;
    let merged: Vec<case_file::Model> = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::MergedIntoId.eq(case.id))
        .all(tx.conn())
        .await?;
    let mut carried: Vec<i64> = merged.iter().map(|m| m.id).collect();
    carried.push(case.id);
    let docs = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::CaseFileId.is_in(carried))
        .order_by_asc(document::Column::RegisteredAt)
        .order_by_asc(document::Column::SubNumber)
        .all(tx.conn())
        .await?;
    let documents = document_rows(tx, docs).await?;
    let notes = case_note::Entity::find()
        .filter(case_note::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_note::Column::CaseFileId.eq(case.id))
        .order_by_asc(case_note::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    let authors = display_names(tx, notes.iter().filter_map(|n| n.author_user_id)).await?;
    let notes = notes
        .into_iter()
        .map(|n| NoteRow {
            author: n.author_user_id.and_then(|u| authors.get(&u).cloned()),
            at: time(n.created_at),
            body: n.body,
        })
        .collect();
    let link_rows = case_link::Entity::find()
        .filter(case_link::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_link::Column::CaseFileId.eq(case.id))
        .all(tx.conn())
        .await?;
    let linked_ids: Vec<i64> = link_rows.iter().map(|l| l.linked_case_file_id).collect();
    let mut related_ids = linked_ids.clone();
    related_ids.extend(case.merged_into_id);
    let related: BTreeMap<i64, String> = if related_ids.is_empty() {
        BTreeMap::new()
    } else {
        case_file::Entity::find()
            .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
            .filter(case_file::Column::Id.is_in(related_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|c| (c.id, c.registry_number))
            .collect()
    };
    let links = link_rows
        .into_iter()
        .map(|l| LinkRow {
            kind: l.kind,
            case_file_id: l.linked_case_file_id,
            registry_number: related
                .get(&l.linked_case_file_id)
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    let unit = unit_names(tx, case.unit_id).await?.into_values().next();
    let merged_into = case.merged_into_id.and_then(|m| related.get(&m).cloned());
    let suspended_reason = case.suspended_reason.clone();
    let row = case_rows(tx, vec![case])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    read_audited(tx, "case_file", 1).await?;
    Ok(CaseBrief {
        case: row,
        unit,
        suspended_reason,
        merged_into,
        documents,
        notes,
        links,
    })
}

pub async fn document(tx: &TenantTx, id: DocumentId) -> Result<DocumentRow, AppError> {
    require_records_role(tx)?;
    let doc = load_document(tx, id).await?;
    let case = load_case(tx, CaseFileId(doc.case_file_id)).await?;
    read_audited(tx, "document", 1).await?;
    Ok(document_row(doc, &case.registry_number))
}

const OPEN_STATES: [CaseState; 4] = [
    CaseState::Registered,
    CaseState::Assigned,
    CaseState::InProgress,
    CaseState::Suspended,
];

fn codes(states: &[CaseState]) -> Vec<&'static str> {
    states.iter().map(|s| s.code()).collect()
}

/// The signed-in clerk's open case files, earliest deadline first.
pub async fn my_cases(tx: &TenantTx, page_number: u64) -> Result<Page<CaseRow>, AppError> {
    require_records_role(tx)?;
    let select = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::HandlerUserId.eq(me(tx).unwrap_or(0)))
        .filter(case_file::Column::State.is_in(codes(&OPEN_STATES)))
        .order_by_asc(case_file::Column::Deadline)
        .order_by_asc(case_file::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    Ok(page(case_rows(tx, rows).await?, total, p))
}

/// Case files whose deadline runs (not suspended, not closed), earliest first. A head sees
/// the municipality's, a clerk their own.
pub async fn deadlines(
    tx: &TenantTx,
    overdue: bool,
    page_number: u64,
) -> Result<Page<CaseRow>, AppError> {
    require_records_role(tx)?;
    let running: Vec<CaseState> = CaseState::ALL
        .into_iter()
        .filter(|s| s.deadline_runs())
        .collect();
    let mut select = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::State.is_in(codes(&running)))
        .filter(case_file::Column::Deadline.is_not_null());
    if !is_head(tx) {
        select = select.filter(case_file::Column::HandlerUserId.eq(me(tx).unwrap_or(0)));
    }
    if overdue {
        select = select.filter(case_file::Column::Deadline.lt(now().date_naive()));
    }
    let select = select
        .order_by_asc(case_file::Column::Deadline)
        .order_by_asc(case_file::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    Ok(page(case_rows(tx, rows).await?, total, p))
}

/// Registered case files nobody is assigned to yet (the head's assignment queue).
pub async fn unassigned(tx: &TenantTx, page_number: u64) -> Result<Page<CaseRow>, AppError> {
    require_records_role(tx)?;
    let select = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::State.eq(CaseState::Registered.code()))
        .order_by_desc(case_file::Column::CreatedAt)
        .order_by_desc(case_file::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    Ok(page(case_rows(tx, rows).await?, total, p))
}

/// Outgoing drafts: `mine` (drafted by the signed-in clerk, not yet dispatched) or
/// `to-sign` (every draft waiting for sign-off: a head's queue).
pub async fn drafts(
    tx: &TenantTx,
    scope: &str,
    page_number: u64,
) -> Result<Page<DocumentRow>, AppError> {
    require_records_role(tx)?;
    let mut select = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::Direction.eq("Outgoing"));
    select = match scope {
        "to-sign" => {
            if !is_head(tx) {
                return Err(AppError::Forbidden);
            }
            select.filter(document::Column::State.eq(DocumentState::Draft.code()))
        }
        _ => select
            .filter(document::Column::HandlerUserId.eq(me(tx).unwrap_or(0)))
            .filter(
                document::Column::State
                    .is_in([DocumentState::Draft.code(), DocumentState::SignedOff.code()]),
            ),
    };
    let select = select
        .order_by_desc(document::Column::RegisteredAt)
        .order_by_desc(document::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    Ok(page(document_rows(tx, rows).await?, total, p))
}

/// Signed-off documents waiting for dispatch, oldest first.
pub async fn dispatch_queue(
    tx: &TenantTx,
    page_number: u64,
) -> Result<Page<DocumentRow>, AppError> {
    require_records_role(tx)?;
    let select = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::State.eq(DocumentState::SignedOff.code()))
        .order_by_asc(document::Column::SignedOffAt)
        .order_by_asc(document::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    let items = document_rows(tx, rows).await?;
    read_audited(tx, "dispatch_queue", items.len()).await?;
    Ok(page(items, total, p))
}

async fn dispatch_views(
    tx: &TenantTx,
    rows: Vec<dispatch::Model>,
) -> Result<Vec<DispatchView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|d| d.document_id).collect();
    let docs: BTreeMap<i64, document::Model> = if ids.is_empty() {
        BTreeMap::new()
    } else {
        document::Entity::find()
            .filter(document::Column::MunicipalityId.eq(tx.municipality()))
            .filter(document::Column::Id.is_in(ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|d| {
            let doc = docs.get(&d.document_id);
            DispatchView {
                id: d.id,
                document_id: d.document_id,
                registry_number: doc.map(|x| x.registry_number.clone()).unwrap_or_default(),
                subject: doc.map(|x| x.subject.clone()).unwrap_or_default(),
                method: d.method,
                recipient: d.recipient,
                address: d.address,
                tracking_number: d.tracking_number,
                dispatched_at: time(d.dispatched_at),
                return_status: d.return_status,
                return_date: d.return_date.map(|x| x.to_string()),
            }
        })
        .collect())
}

/// Posted documents: `pending` return receipts, `never` returned `days` after dispatch,
/// or `all`.
pub async fn return_receipts(
    tx: &TenantTx,
    filter: &str,
    days: u32,
    page_number: u64,
) -> Result<Page<DispatchView>, AppError> {
    require_records_role(tx)?;
    let mut select = dispatch::Entity::find()
        .filter(dispatch::Column::MunicipalityId.eq(tx.municipality()))
        .filter(dispatch::Column::Method.eq(METHOD_POST));
    match filter {
        "all" => {}
        "never" => {
            // The same rule as `rules::never_returned`, as a query.
            let cutoff = now() - chrono::Duration::days(i64::from(days.min(3650)));
            select = select
                .filter(dispatch::Column::ReturnStatus.eq(ReturnStatus::Pending.code()))
                .filter(dispatch::Column::DispatchedAt.lte(cutoff));
        }
        _ => {
            select = select.filter(dispatch::Column::ReturnStatus.eq(ReturnStatus::Pending.code()));
        }
    }
    let select = select
        .order_by_asc(dispatch::Column::DispatchedAt)
        .order_by_asc(dispatch::Column::Id);
    let (rows, total, p) = page_of(tx, select, page_number).await?;
    let items = dispatch_views(tx, rows).await?;
    read_audited(tx, "return_receipts", items.len()).await?;
    Ok(page(items, total, p))
}

pub async fn dispatch(tx: &TenantTx, id: DispatchId) -> Result<DispatchView, AppError> {
    require_records_role(tx)?;
    let row = load_dispatch(tx, id).await?;
    let view = dispatch_views(tx, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    read_audited(tx, "dispatch", 1).await?;
    Ok(view)
}
