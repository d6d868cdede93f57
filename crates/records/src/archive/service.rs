//! Closing, archiving, lending, legal holds, destruction lists, transfer to the public
//! archives and the yearly closing of books (server only). Every change of a case file
//! writes its history entry and an audit entry in the same transaction; every query is
//! filtered by the acting municipality.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::domain::{
    BookKind, BookTally, DestructionListState, book_closing_allowed, closing_allowed,
    closing_statement, is_disposable, is_overdue, is_transfer_due, lending_allowed, retention_rule,
};
use super::types::{
    ArchivedCase, BookClosingRow, CaseArchiveView, DestructionListDetail, DestructionListRow,
    RetentionOption,
};
use crate::db::{
    case_category, case_event, case_file, destruction_list, destruction_list_item, document,
    receipt, register_book, retention_item,
};
use crate::domain::{CaseEvent, CaseState, DocumentState, transition};
use crate::problems::ArchiveProblem;
use crate::registry::{BOOK_KIND_RECEIPT, BOOK_KIND_REGISTER, record_case_event};
use crate::types::{CaseFileId, DestructionListId, RegisterBookId, RetentionItemId};
use openasp_core::error::{AppError, Problem};
use openasp_core::paging::{Page, PageNumber};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

pub const ARCHIVE_PAGE_SIZE: u64 = 25;
const MAX_TEXT_CHARS: usize = 500;

fn refuse(field: &str, problem: ArchiveProblem) -> AppError {
    AppError::invalid(field, Problem::from(problem))
}

/// Records clerks and heads work here.
fn require_records(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Legal holds, approving and carrying out destruction, transfer and closing books are the
/// head's (records administrator's).
fn require_head(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::RecordsHead)
}

/// A free-text input: whitespace collapsed, required, bounded.
fn text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid(field, Problem::TooLong));
    }
    Ok(value)
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn day(at: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    at.map(|t| t.date_naive().to_string())
}

/// The acting municipality's case file `id`, or NotFound (also for another's ids).
async fn case_of(tx: &TenantTx, id: CaseFileId) -> Result<case_file::Model, AppError> {
    case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

fn state_of(case: &case_file::Model) -> Result<CaseState, AppError> {
    CaseState::from_code(&case.state)
        .ok_or_else(|| AppError::internal(format!("unknown case state {}", case.state)))
}

/// Writes `changes` to the case file if it is still in `expected` state (a concurrent step
/// that moved it first wins; this one is refused and changes nothing).
async fn update_case(
    tx: &TenantTx,
    case: &case_file::Model,
    expected: CaseState,
    mut changes: case_file::ActiveModel,
) -> Result<(), AppError> {
    changes.updated_at = Set(now());
    let result = case_file::Entity::update_many()
        .set(changes)
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(case.id))
        .filter(case_file::Column::State.eq(expected.code()))
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("state", ArchiveProblem::WrongState));
    }
    Ok(())
}

/// The history entry and the audit entry of one step.
async fn record(
    tx: &TenantTx,
    case: &case_file::Model,
    event: &str,
    action: &str,
    detail: String,
) -> Result<(), AppError> {
    record_case_event(tx, case.id, event, detail.clone()).await?;
    tx.audit(AuditEvent::new(
        action,
        "case_file",
        Some(case.id.to_string()),
        format!("{}: {detail}", case.registry_number),
    ))
    .await
}

async fn retention_items(tx: &TenantTx) -> Result<BTreeMap<i64, retention_item::Model>, AppError> {
    Ok(retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
        .order_by_asc(retention_item::Column::Code)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|item| (item.id, item))
        .collect())
}

fn retention_label(item: &retention_item::Model) -> String {
    format!("{} – {}", item.code, item.title)
}

fn archived_case(
    case: case_file::Model,
    items: &BTreeMap<i64, retention_item::Model>,
    today: NaiveDate,
) -> ArchivedCase {
    ArchivedCase {
        id: case.id,
        retention: case
            .retention_item_id
            .and_then(|id| items.get(&id))
            .map(retention_label),
        closed_on: day(case.closed_at),
        overdue: case.lent_to.is_some() && is_overdue(case.lent_due, today),
        legal_hold: case.legal_hold_reason.is_some(),
        lent_due: case.lent_due.map(|d| d.to_string()),
        registry_number: case.registry_number,
        subject: case.subject,
        state: case.state,
        archive_location: case.archive_location,
        lent_to: case.lent_to,
    }
}

// ---- One case file -------------------------------------------------------------------------

pub async fn case_view(tx: &TenantTx, id: CaseFileId) -> Result<CaseArchiveView, AppError> {
    require_records(tx)?;
    let case = case_of(tx, id).await?;
    let items = retention_items(tx).await?;
    let default_retention_item_id = match case.category_id {
        None => None,
        Some(category) => case_category::Entity::find()
            .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
            .filter(case_category::Column::Id.eq(category))
            .one(tx.conn())
            .await?
            .and_then(|c| c.retention_item_id),
    };
    let open_documents = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::CaseFileId.eq(case.id))
        .filter(
            document::Column::State
                .is_in([DocumentState::Draft.code(), DocumentState::SignedOff.code()]),
        )
        .count(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "case_file",
        Some(case.id.to_string()),
        case.registry_number.clone(),
    ))
    .await?;
    Ok(CaseArchiveView {
        id: case.id,
        retention: case
            .retention_item_id
            .and_then(|id| items.get(&id))
            .map(retention_label),
        retention_item_id: case.retention_item_id,
        default_retention_item_id,
        closed_on: day(case.closed_at),
        archived_on: day(case.archived_at),
        overdue: case.lent_to.is_some() && is_overdue(case.lent_due, today()),
        lent_due: case.lent_due.map(|d| d.to_string()),
        open_documents,
        retention_options: items
            .values()
            .filter(|item| item.active)
            .map(|item| RetentionOption {
                id: item.id,
                code: item.code.clone(),
                title: item.title.clone(),
                retention_years: (!item.not_disposable)
                    .then_some(item.retention_years)
                    .flatten(),
            })
            .collect(),
        may_hold: tx.roles().contains(&Role::RecordsHead),
        registry_number: case.registry_number,
        subject: case.subject,
        state: case.state,
        archive_location: case.archive_location,
        lent_to: case.lent_to,
        legal_hold_reason: case.legal_hold_reason,
    })
}

/// Closes a case file (Assigned/InProgress → Closed) under a retention item: the one chosen,
/// else its category's default. Refused while an outgoing document waits.
pub async fn close_case(
    tx: &TenantTx,
    id: CaseFileId,
    retention_item: Option<RetentionItemId>,
) -> Result<(), AppError> {
    require_records(tx)?;
    let case = case_of(tx, id).await?;
    let state = state_of(&case)?;
    let documents: Vec<DocumentState> = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::CaseFileId.eq(case.id))
        .all(tx.conn())
        .await?
        .iter()
        .filter_map(|d| DocumentState::from_code(&d.state))
        .collect();
    let next = closing_allowed(state, &documents).map_err(|p| refuse("state", p))?;
    let chosen = match retention_item {
        Some(item) => Some(item.0),
        None => match case.category_id {
            None => None,
            Some(category) => case_category::Entity::find()
                .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
                .filter(case_category::Column::Id.eq(category))
                .one(tx.conn())
                .await?
                .and_then(|c| c.retention_item_id),
        },
    };
    let chosen = chosen.ok_or_else(|| refuse("retention_item", ArchiveProblem::NoRetentionItem))?;
    let item = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(retention_item::Column::Id.eq(chosen))
        .filter(retention_item::Column::Active.eq(true))
        .one(tx.conn())
        .await?
        .ok_or_else(|| refuse("retention_item", ArchiveProblem::UnknownRetentionItem))?;
    update_case(
        tx,
        &case,
        state,
        case_file::ActiveModel {
            state: Set(next.code().to_owned()),
            closed_at: Set(Some(now())),
            retention_item_id: Set(Some(item.id)),
            ..Default::default()
        },
    )
    .await?;
    record(
        tx,
        &case,
        "closed",
        "records.case.close",
        format!("irattári tétel: {}", retention_label(&item)),
    )
    .await
}

/// Reopens a closed case file (Closed → InProgress), with the reason.
pub async fn reopen_case(tx: &TenantTx, id: CaseFileId, reason: &str) -> Result<(), AppError> {
    require_records(tx)?;
    let reason = text("reason", reason)?;
    let case = case_of(tx, id).await?;
    let state = state_of(&case)?;
    let next = transition(state, CaseEvent::Reopen)
        .map_err(|_| refuse("state", ArchiveProblem::WrongState))?;
    update_case(
        tx,
        &case,
        state,
        case_file::ActiveModel {
            state: Set(next.code().to_owned()),
            closed_at: Set(None),
            ..Default::default()
        },
    )
    .await?;
    record(tx, &case, "reopened", "records.case.reopen", reason).await
}

/// Puts a closed case file into the archive (Closed → Archived) at `location`.
pub async fn archive_case(tx: &TenantTx, id: CaseFileId, location: &str) -> Result<(), AppError> {
    require_records(tx)?;
    let location = text("location", location)?;
    let case = case_of(tx, id).await?;
    let state = state_of(&case)?;
    let next = transition(state, CaseEvent::Archive)
        .map_err(|_| refuse("state", ArchiveProblem::WrongState))?;
    if case.retention_item_id.is_none() {
        return Err(refuse("state", ArchiveProblem::NoRetentionItem));
    }
    update_case(
        tx,
        &case,
        state,
        case_file::ActiveModel {
            state: Set(next.code().to_owned()),
            archived_at: Set(Some(now())),
            archive_location: Set(Some(location.clone())),
            ..Default::default()
        },
    )
    .await?;
    record(
        tx,
        &case,
        "archived",
        "records.case.archive",
        format!("hely: {location}"),
    )
    .await
}

/// Lends an archived case file out to `lent_to` until `due`.
pub async fn lend_case(
    tx: &TenantTx,
    id: CaseFileId,
    lent_to: &str,
    due: NaiveDate,
) -> Result<(), AppError> {
    require_records(tx)?;
    let lent_to = text("lent_to", lent_to)?;
    let case = case_of(tx, id).await?;
    let state = state_of(&case)?;
    lending_allowed(state, case.lent_to.is_some(), due, today()).map_err(|p| match p {
        ArchiveProblem::DueInThePast => refuse("due", p),
        p => refuse("state", p),
    })?;
    // Only a case file at home is lent: a concurrent lending finds it gone.
    let result = case_file::Entity::update_many()
        .set(case_file::ActiveModel {
            lent_to: Set(Some(lent_to.clone())),
            lent_at: Set(Some(now())),
            lent_due: Set(Some(due)),
            updated_at: Set(now()),
            ..Default::default()
        })
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(case.id))
        .filter(case_file::Column::State.eq(CaseState::Archived.code()))
        .filter(case_file::Column::LentTo.is_null())
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("state", ArchiveProblem::AlreadyLent));
    }
    record(
        tx,
        &case,
        "lent",
        "records.case.lend",
        format!("kölcsönző: {lent_to}, határidő: {due}"),
    )
    .await
}

/// Takes a lent-out case file back.
pub async fn take_back_case(tx: &TenantTx, id: CaseFileId) -> Result<(), AppError> {
    require_records(tx)?;
    let case = case_of(tx, id).await?;
    let Some(lent_to) = case.lent_to.clone() else {
        return Err(refuse("state", ArchiveProblem::NotLent));
    };
    let result = case_file::Entity::update_many()
        .set(case_file::ActiveModel {
            lent_to: Set(None),
            lent_at: Set(None),
            lent_due: Set(None),
            updated_at: Set(now()),
            ..Default::default()
        })
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(case.id))
        .filter(case_file::Column::LentTo.is_not_null())
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("state", ArchiveProblem::NotLent));
    }
    record(
        tx,
        &case,
        "returned",
        "records.case.take_back",
        format!("visszahozta: {lent_to}"),
    )
    .await
}

/// Puts a legal hold on a case file. It leaves any destruction list not yet carried out.
pub async fn set_legal_hold(tx: &TenantTx, id: CaseFileId, reason: &str) -> Result<(), AppError> {
    require_head(tx)?;
    let reason = text("reason", reason)?;
    let case = case_of(tx, id).await?;
    if state_of(&case)?.is_final() {
        return Err(refuse("state", ArchiveProblem::WrongState));
    }
    let result = case_file::Entity::update_many()
        .set(case_file::ActiveModel {
            legal_hold_reason: Set(Some(reason.clone())),
            updated_at: Set(now()),
            ..Default::default()
        })
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(case.id))
        .filter(case_file::Column::LegalHoldReason.is_null())
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("state", ArchiveProblem::AlreadyHeld));
    }
    let open_lists = Query::select()
        .column(destruction_list::Column::Id)
        .from(destruction_list::Entity)
        .and_where(Expr::col(destruction_list::Column::MunicipalityId).eq(tx.municipality()))
        .and_where(
            Expr::col(destruction_list::Column::State).ne(DestructionListState::Executed.code()),
        )
        .to_owned();
    let removed = destruction_list_item::Entity::delete_many()
        .filter(destruction_list_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(destruction_list_item::Column::CaseFileId.eq(case.id))
        .filter(destruction_list_item::Column::ListId.in_subquery(open_lists))
        .exec(tx.conn())
        .await?;
    let detail = if removed.rows_affected > 0 {
        format!("{reason} (a selejtezési jegyzékről levéve)")
    } else {
        reason
    };
    record(tx, &case, "legal_hold", "records.case.hold", detail).await
}

pub async fn lift_legal_hold(tx: &TenantTx, id: CaseFileId) -> Result<(), AppError> {
    require_head(tx)?;
    let case = case_of(tx, id).await?;
    let Some(reason) = case.legal_hold_reason.clone() else {
        return Err(refuse("state", ArchiveProblem::NotHeld));
    };
    let result = case_file::Entity::update_many()
        .set(case_file::ActiveModel {
            legal_hold_reason: Set(None),
            updated_at: Set(now()),
            ..Default::default()
        })
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(case.id))
        .filter(case_file::Column::LegalHoldReason.is_not_null())
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("state", ArchiveProblem::NotHeld));
    }
    record(
        tx,
        &case,
        "legal_hold_lifted",
        "records.case.release",
        format!("feloldva (volt: {reason})"),
    )
    .await
}

// ---- The archive -----------------------------------------------------------------------------

/// `view`: `archived` (everything in the archive), `lent` (lent out), `overdue`.
pub async fn list_archive(
    tx: &TenantTx,
    view: &str,
    page: u64,
) -> Result<Page<ArchivedCase>, AppError> {
    require_records(tx)?;
    let today = today();
    let mut select = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::State.eq(CaseState::Archived.code()));
    select = match view {
        "archived" | "" => select
            .order_by_desc(case_file::Column::ArchivedAt)
            .order_by_desc(case_file::Column::Id),
        "lent" => select
            .filter(case_file::Column::LentTo.is_not_null())
            .order_by_asc(case_file::Column::LentDue)
            .order_by_asc(case_file::Column::Id),
        "overdue" => select
            .filter(case_file::Column::LentTo.is_not_null())
            .filter(case_file::Column::LentDue.lt(today))
            .order_by_asc(case_file::Column::LentDue)
            .order_by_asc(case_file::Column::Id),
        _ => return Err(AppError::invalid("view", Problem::Malformed)),
    };
    let total = select.clone().count(tx.conn()).await?;
    let page = PageNumber::new(page);
    let rows = select
        .offset(page.offset(ARCHIVE_PAGE_SIZE))
        .limit(ARCHIVE_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    let items = retention_items(tx).await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "archive",
        None,
        format!("{} case files listed ({view})", rows.len()),
    ))
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|c| archived_case(c, &items, today))
            .collect(),
        total,
        page: page.get(),
        page_size: ARCHIVE_PAGE_SIZE,
    })
}

// ---- Disposal ---------------------------------------------------------------------------------

/// Whether an archived case file may be destroyed now under its retention item.
fn disposable_now(
    case: &case_file::Model,
    items: &BTreeMap<i64, retention_item::Model>,
    year: i32,
) -> bool {
    let Some(closed) = case.closed_at else {
        return false;
    };
    let rule = case
        .retention_item_id
        .and_then(|id| items.get(&id))
        .and_then(|item| retention_rule(item.retention_years, item.not_disposable));
    case.state == CaseState::Archived.code()
        && is_disposable(closed.year(), rule, case.legal_hold_reason.is_some(), year)
}

/// Archived case files whose retention has expired, without a hold, on no open list.
async fn destruction_candidates(
    tx: &TenantTx,
    items: &BTreeMap<i64, retention_item::Model>,
) -> Result<Vec<case_file::Model>, AppError> {
    let open_lists = Query::select()
        .column(destruction_list::Column::Id)
        .from(destruction_list::Entity)
        .and_where(Expr::col(destruction_list::Column::MunicipalityId).eq(tx.municipality()))
        .and_where(
            Expr::col(destruction_list::Column::State).ne(DestructionListState::Executed.code()),
        )
        .to_owned();
    let listed = Query::select()
        .column(destruction_list_item::Column::CaseFileId)
        .from(destruction_list_item::Entity)
        .and_where(Expr::col(destruction_list_item::Column::MunicipalityId).eq(tx.municipality()))
        .and_where(Expr::col(destruction_list_item::Column::ListId).in_subquery(open_lists))
        .to_owned();
    let year = now().year();
    Ok(case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::State.eq(CaseState::Archived.code()))
        .filter(case_file::Column::LegalHoldReason.is_null())
        .filter(case_file::Column::RetentionItemId.is_not_null())
        .filter(case_file::Column::Id.not_in_subquery(listed))
        .order_by_asc(case_file::Column::Year)
        .order_by_asc(case_file::Column::MainNumber)
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|case| disposable_now(case, items, year))
        .collect())
}

pub async fn destruction_candidates_page(
    tx: &TenantTx,
    page: u64,
) -> Result<Page<ArchivedCase>, AppError> {
    require_records(tx)?;
    let items = retention_items(tx).await?;
    let today = today();
    let candidates = destruction_candidates(tx, &items).await?;
    let page = PageNumber::new(page);
    let total = candidates.len() as u64;
    let offset = usize::try_from(page.offset(ARCHIVE_PAGE_SIZE)).unwrap_or(usize::MAX);
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "destruction",
        None,
        format!("{total} case files disposable"),
    ))
    .await?;
    Ok(Page {
        items: candidates
            .into_iter()
            .skip(offset)
            .take(ARCHIVE_PAGE_SIZE as usize)
            .map(|c| archived_case(c, &items, today))
            .collect(),
        total,
        page: page.get(),
        page_size: ARCHIVE_PAGE_SIZE,
    })
}

pub async fn destruction_lists(
    tx: &TenantTx,
    page: u64,
) -> Result<Page<DestructionListRow>, AppError> {
    require_records(tx)?;
    let select = destruction_list::Entity::find()
        .filter(destruction_list::Column::MunicipalityId.eq(tx.municipality()));
    let total = select.clone().count(tx.conn()).await?;
    let page = PageNumber::new(page);
    let lists = select
        .order_by_desc(destruction_list::Column::CreatedAt)
        .order_by_desc(destruction_list::Column::Id)
        .offset(page.offset(ARCHIVE_PAGE_SIZE))
        .limit(ARCHIVE_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    let mut rows = Vec::with_capacity(lists.len());
    for list in lists {
        let count = destruction_list_item::Entity::find()
            .filter(destruction_list_item::Column::MunicipalityId.eq(tx.municipality()))
            .filter(destruction_list_item::Column::ListId.eq(list.id))
            .count(tx.conn())
            .await?;
        rows.push(DestructionListRow {
            id: list.id,
            title: list.title,
            state: list.state,
            created_on: list.created_at.date_naive().to_string(),
            items: count,
        });
    }
    Ok(Page {
        items: rows,
        total,
        page: page.get(),
        page_size: ARCHIVE_PAGE_SIZE,
    })
}

async fn list_of(
    tx: &TenantTx,
    id: DestructionListId,
) -> Result<destruction_list::Model, AppError> {
    destruction_list::Entity::find()
        .filter(destruction_list::Column::MunicipalityId.eq(tx.municipality()))
        .filter(destruction_list::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

async fn list_cases(
    tx: &TenantTx,
    list: DestructionListId,
) -> Result<Vec<case_file::Model>, AppError> {
    let members = Query::select()
        .column(destruction_list_item::Column::CaseFileId)
        .from(destruction_list_item::Entity)
        .and_where(Expr::col(destruction_list_item::Column::MunicipalityId).eq(tx.municipality()))
        .and_where(Expr::col(destruction_list_item::Column::ListId).eq(list.0))
        .to_owned();
    Ok(case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.in_subquery(members))
        .order_by_asc(case_file::Column::Year)
        .order_by_asc(case_file::Column::MainNumber)
        .all(tx.conn())
        .await?)
}

fn list_state(list: &destruction_list::Model) -> Result<DestructionListState, AppError> {
    DestructionListState::from_code(&list.state)
        .ok_or_else(|| AppError::internal(format!("unknown list state {}", list.state)))
}

pub async fn destruction_list(
    tx: &TenantTx,
    id: DestructionListId,
) -> Result<DestructionListDetail, AppError> {
    require_records(tx)?;
    let list = list_of(tx, id).await?;
    let items = retention_items(tx).await?;
    let today = today();
    let cases = list_cases(tx, DestructionListId(list.id)).await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "destruction_list",
        Some(list.id.to_string()),
        list.title.clone(),
    ))
    .await?;
    Ok(DestructionListDetail {
        id: list.id,
        title: list.title,
        state: list.state,
        created_on: list.created_at.date_naive().to_string(),
        approved_on: day(list.approved_at),
        executed_on: day(list.executed_at),
        items: cases
            .into_iter()
            .map(|c| archived_case(c, &items, today))
            .collect(),
        may_decide: tx.roles().contains(&Role::RecordsHead),
    })
}

/// Proposes a list of every case file that may be destroyed now.
pub async fn propose_destruction(tx: &TenantTx, title: &str) -> Result<i64, AppError> {
    require_records(tx)?;
    let title = text("title", title)?;
    let items = retention_items(tx).await?;
    let candidates = destruction_candidates(tx, &items).await?;
    if candidates.is_empty() {
        return Err(refuse("title", ArchiveProblem::NothingDue));
    }
    let id = new_row_id();
    destruction_list::Entity::insert(destruction_list::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        title: Set(title.clone()),
        state: Set(DestructionListState::Proposed.code().to_owned()),
        created_at: Set(now()),
        created_by: Set(tx.actor().user_id.map(|u| u.0)),
        approved_at: Set(None),
        approved_by: Set(None),
        executed_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    for case in &candidates {
        destruction_list_item::Entity::insert(destruction_list_item::ActiveModel {
            municipality_id: Set(tx.municipality().into()),
            list_id: Set(id),
            case_file_id: Set(case.id),
        })
        .exec_without_returning(tx.conn())
        .await?;
        record_case_event(tx, case.id, "destruction_proposed", title.clone()).await?;
    }
    tx.audit(AuditEvent::new(
        "records.destruction.propose",
        "destruction_list",
        Some(id.to_string()),
        format!("{title}: {} case files", candidates.len()),
    ))
    .await?;
    Ok(id)
}

/// Every case file of the list must still be disposable (no hold, archived, at home).
fn check_still_disposable(
    cases: &[case_file::Model],
    items: &BTreeMap<i64, retention_item::Model>,
) -> Result<(), AppError> {
    let year = now().year();
    if cases.iter().any(|c| c.lent_to.is_some()) {
        return Err(refuse("list", ArchiveProblem::LentOut));
    }
    if !cases.iter().all(|c| disposable_now(c, items, year)) {
        return Err(refuse("list", ArchiveProblem::NoLongerDisposable));
    }
    Ok(())
}

/// Moves a list from `from` to `to` if still in `from` (serialises two heads' decisions).
async fn move_list(
    tx: &TenantTx,
    list: &destruction_list::Model,
    from: DestructionListState,
    changes: destruction_list::ActiveModel,
) -> Result<(), AppError> {
    let result = destruction_list::Entity::update_many()
        .set(changes)
        .filter(destruction_list::Column::MunicipalityId.eq(tx.municipality()))
        .filter(destruction_list::Column::Id.eq(list.id))
        .filter(destruction_list::Column::State.eq(from.code()))
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("list", ArchiveProblem::WrongState));
    }
    Ok(())
}

pub async fn approve_destruction(tx: &TenantTx, id: DestructionListId) -> Result<(), AppError> {
    require_head(tx)?;
    let list = list_of(tx, id).await?;
    let state = list_state(&list)?;
    let next = state.approve().map_err(|p| refuse("list", p))?;
    let items = retention_items(tx).await?;
    let cases = list_cases(tx, DestructionListId(list.id)).await?;
    check_still_disposable(&cases, &items)?;
    move_list(
        tx,
        &list,
        state,
        destruction_list::ActiveModel {
            state: Set(next.code().to_owned()),
            approved_at: Set(Some(now())),
            approved_by: Set(tx.actor().user_id.map(|u| u.0)),
            ..Default::default()
        },
    )
    .await?;
    for case in &cases {
        record_case_event(tx, case.id, "destruction_approved", list.title.clone()).await?;
    }
    tx.audit(AuditEvent::new(
        "records.destruction.approve",
        "destruction_list",
        Some(list.id.to_string()),
        format!("{}: {} case files", list.title, cases.len()),
    ))
    .await
}

/// Carries out an approved list: every case file becomes Disposed. The register keeps their
/// numbers and metadata; only attachment content may go (see [`release_attachment_content`]).
pub async fn execute_destruction(tx: &TenantTx, id: DestructionListId) -> Result<u64, AppError> {
    require_head(tx)?;
    let list = list_of(tx, id).await?;
    let state = list_state(&list)?;
    let next = state.execute().map_err(|p| refuse("list", p))?;
    let items = retention_items(tx).await?;
    let cases = list_cases(tx, DestructionListId(list.id)).await?;
    check_still_disposable(&cases, &items)?;
    move_list(
        tx,
        &list,
        state,
        destruction_list::ActiveModel {
            state: Set(next.code().to_owned()),
            executed_at: Set(Some(now())),
            ..Default::default()
        },
    )
    .await?;
    for case in &cases {
        let from = state_of(case)?;
        let to = transition(from, CaseEvent::Dispose)
            .map_err(|_| refuse("list", ArchiveProblem::NoLongerDisposable))?;
        update_case(
            tx,
            case,
            from,
            case_file::ActiveModel {
                state: Set(to.code().to_owned()),
                disposed_at: Set(Some(now())),
                ..Default::default()
            },
        )
        .await
        .map_err(|_| refuse("list", ArchiveProblem::NoLongerDisposable))?;
        record(
            tx,
            case,
            "disposed",
            "records.case.dispose",
            format!("selejtezési jegyzék: {}", list.title),
        )
        .await?;
    }
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    release_attachment_content(tx, &ids).await?;
    tx.audit(AuditEvent::new(
        "records.destruction.execute",
        "destruction_list",
        Some(list.id.to_string()),
        format!("{}: {} case files destroyed", list.title, cases.len()),
    ))
    .await?;
    Ok(cases.len() as u64)
}

/// The hook where the content of destroyed case files' attachments will be released from
/// storage. Their metadata (name, size, hash) stays with the register; removing the bytes
/// belongs to the attachment store, which runs it after commit (a rolled-back destruction
/// must not lose content). Nothing is deleted yet.
pub async fn release_attachment_content(
    _tx: &TenantTx,
    _case_file_ids: &[i64],
) -> Result<(), AppError> {
    Ok(())
}

// ---- Transfer to the public archives ------------------------------------------------------------

async fn transfer_candidates(
    tx: &TenantTx,
    items: &BTreeMap<i64, retention_item::Model>,
) -> Result<Vec<case_file::Model>, AppError> {
    let transferred_items: Vec<i64> = items
        .values()
        .filter(|item| item.archive_transfer_years.is_some())
        .map(|item| item.id)
        .collect();
    let year = now().year();
    Ok(case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::State.eq(CaseState::Archived.code()))
        .filter(case_file::Column::RetentionItemId.is_in(transferred_items))
        .order_by_asc(case_file::Column::Year)
        .order_by_asc(case_file::Column::MainNumber)
        .all(tx.conn())
        .await?
        .into_iter()
        .filter(|case| {
            let years = case
                .retention_item_id
                .and_then(|id| items.get(&id))
                .and_then(|item| item.archive_transfer_years);
            case.closed_at
                .is_some_and(|closed| is_transfer_due(closed.year(), years, year))
        })
        .collect())
}

pub async fn transfer_due_page(tx: &TenantTx, page: u64) -> Result<Page<ArchivedCase>, AppError> {
    require_records(tx)?;
    let items = retention_items(tx).await?;
    let due = transfer_candidates(tx, &items).await?;
    let page = PageNumber::new(page);
    let total = due.len() as u64;
    let today = today();
    let offset = usize::try_from(page.offset(ARCHIVE_PAGE_SIZE)).unwrap_or(usize::MAX);
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "transfer",
        None,
        format!("{total} case files due for transfer listed"),
    ))
    .await?;
    Ok(Page {
        items: due
            .into_iter()
            .skip(offset)
            .take(ARCHIVE_PAGE_SIZE as usize)
            .map(|c| archived_case(c, &items, today))
            .collect(),
        total,
        page: page.get(),
        page_size: ARCHIVE_PAGE_SIZE,
    })
}

/// The transfer package: every case file due, with its documents and history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TransferPackage {
    pub format: &'static str,
    pub municipality_id: i32,
    pub generated_at: String,
    pub case_files: Vec<TransferCase>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TransferCase {
    pub registry_number: String,
    pub subject: String,
    pub year: i32,
    pub closed_at: Option<String>,
    pub archived_at: Option<String>,
    pub archive_location: Option<String>,
    pub retention_item: Option<String>,
    pub documents: Vec<TransferDocument>,
    pub history: Vec<TransferEvent>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TransferDocument {
    pub registry_number: String,
    pub subject: String,
    pub direction: String,
    pub state: String,
    pub channel: String,
    pub sender: Option<String>,
    pub registered_at: String,
    pub cancelled_reason: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TransferEvent {
    pub at: String,
    pub event: String,
    pub detail: String,
}

pub async fn transfer_package(tx: &TenantTx) -> Result<TransferPackage, AppError> {
    require_head(tx)?;
    let items = retention_items(tx).await?;
    let due = transfer_candidates(tx, &items).await?;
    let mut case_files = Vec::with_capacity(due.len());
    for case in due {
        let documents = document::Entity::find()
            .filter(document::Column::MunicipalityId.eq(tx.municipality()))
            .filter(document::Column::CaseFileId.eq(case.id))
            .order_by_asc(document::Column::SubNumber)
            .all(tx.conn())
            .await?;
        let history = case_event::Entity::find()
            .filter(case_event::Column::MunicipalityId.eq(tx.municipality()))
            .filter(case_event::Column::CaseFileId.eq(case.id))
            .order_by_asc(case_event::Column::At)
            .order_by_asc(case_event::Column::Id)
            .all(tx.conn())
            .await?;
        case_files.push(TransferCase {
            retention_item: case
                .retention_item_id
                .and_then(|id| items.get(&id))
                .map(retention_label),
            closed_at: case.closed_at.map(|t| t.to_rfc3339()),
            archived_at: case.archived_at.map(|t| t.to_rfc3339()),
            registry_number: case.registry_number,
            subject: case.subject,
            year: case.year,
            archive_location: case.archive_location,
            documents: documents
                .into_iter()
                .map(|d| TransferDocument {
                    registry_number: d.registry_number,
                    subject: d.subject,
                    direction: d.direction,
                    state: d.state,
                    channel: d.channel,
                    sender: d.sender,
                    registered_at: d.registered_at.to_rfc3339(),
                    cancelled_reason: d.cancelled_reason,
                })
                .collect(),
            history: history
                .into_iter()
                .map(|e| TransferEvent {
                    at: e.at.to_rfc3339(),
                    event: e.event,
                    detail: e.detail,
                })
                .collect(),
        });
    }
    tx.audit(AuditEvent::new(
        "records.transfer.export",
        "transfer",
        None,
        format!("{} case files exported for the archives", case_files.len()),
    ))
    .await?;
    Ok(TransferPackage {
        format: "openasp-levéltári-átadás/1",
        municipality_id: tx.municipality().into(),
        generated_at: now().to_rfc3339(),
        case_files,
    })
}

/// Marks every case file due as handed over (Archived → TransferredToArchives).
pub async fn mark_transferred(tx: &TenantTx) -> Result<u64, AppError> {
    require_head(tx)?;
    let items = retention_items(tx).await?;
    let due = transfer_candidates(tx, &items).await?;
    if due.is_empty() {
        return Err(refuse("transfer", ArchiveProblem::NothingDue));
    }
    if due.iter().any(|c| c.lent_to.is_some()) {
        return Err(refuse("transfer", ArchiveProblem::LentOut));
    }
    for case in &due {
        let from = state_of(case)?;
        let to = transition(from, CaseEvent::TransferToArchives)
            .map_err(|_| refuse("transfer", ArchiveProblem::WrongState))?;
        update_case(
            tx,
            case,
            from,
            case_file::ActiveModel {
                state: Set(to.code().to_owned()),
                transferred_at: Set(Some(now())),
                ..Default::default()
            },
        )
        .await?;
        record(
            tx,
            case,
            "transferred",
            "records.case.transfer",
            "levéltárba átadva".to_owned(),
        )
        .await?;
    }
    Ok(due.len() as u64)
}

// ---- Yearly closing of books -----------------------------------------------------------------------

pub async fn list_books(tx: &TenantTx, page: u64) -> Result<Page<BookClosingRow>, AppError> {
    require_records(tx)?;
    let select = register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()));
    let total = select.clone().count(tx.conn()).await?;
    let page = PageNumber::new(page);
    let rows = select
        .order_by_desc(register_book::Column::Year)
        .order_by_asc(register_book::Column::Kind)
        .order_by_asc(register_book::Column::Name)
        .order_by_asc(register_book::Column::Id)
        .offset(page.offset(ARCHIVE_PAGE_SIZE))
        .limit(ARCHIVE_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|b| BookClosingRow {
                id: b.id,
                kind: b.kind,
                year: b.year,
                name: b.name,
                last_main: b.last_main,
                closed_on: day(b.closed_at),
                closing_statement: b.closing_statement,
            })
            .collect(),
        total,
        page: page.get(),
        page_size: ARCHIVE_PAGE_SIZE,
    })
}

async fn book_of(tx: &TenantTx, id: RegisterBookId) -> Result<register_book::Model, AppError> {
    register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

fn book_kind(book: &register_book::Model) -> Result<BookKind, AppError> {
    match book.kind.as_str() {
        BOOK_KIND_REGISTER => Ok(BookKind::Register),
        BOOK_KIND_RECEIPT => Ok(BookKind::Receipt),
        other => Err(AppError::internal(format!("unknown book kind {other}"))),
    }
}

/// The case files of a register book, as a subquery.
fn cases_of_book(tx: &TenantTx, book: RegisterBookId) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(case_file::Column::Id)
        .from(case_file::Entity)
        .and_where(Expr::col(case_file::Column::MunicipalityId).eq(tx.municipality()))
        .and_where(Expr::col(case_file::Column::BookId).eq(book.0))
        .to_owned()
}

async fn tally(
    tx: &TenantTx,
    book: &register_book::Model,
    kind: BookKind,
) -> Result<BookTally, AppError> {
    let (documents, cancelled_documents) = match kind {
        BookKind::Register => {
            let select = document::Entity::find()
                .filter(document::Column::MunicipalityId.eq(tx.municipality()))
                .filter(
                    document::Column::CaseFileId
                        .in_subquery(cases_of_book(tx, RegisterBookId(book.id))),
                );
            (
                select.clone().count(tx.conn()).await?,
                select
                    .filter(document::Column::State.eq(DocumentState::Cancelled.code()))
                    .count(tx.conn())
                    .await?,
            )
        }
        BookKind::Receipt => {
            let select = receipt::Entity::find()
                .filter(receipt::Column::MunicipalityId.eq(tx.municipality()))
                .filter(receipt::Column::BookId.eq(book.id));
            (
                select.clone().count(tx.conn()).await?,
                select
                    .filter(receipt::Column::CancelledReason.is_not_null())
                    .count(tx.conn())
                    .await?,
            )
        }
    };
    Ok(BookTally {
        last_main: u32::try_from(book.last_main).unwrap_or(0),
        documents,
        cancelled_documents,
    })
}

/// Closes a book for its year: from now on it takes no registration. Answers the statement.
pub async fn close_book(tx: &TenantTx, id: RegisterBookId) -> Result<String, AppError> {
    require_head(tx)?;
    let book = book_of(tx, id).await?;
    let kind = book_kind(&book)?;
    let at = now();
    book_closing_allowed(book.year, book.closed_at.is_some(), at.year())
        .map_err(|p| refuse("book", p))?;
    // Closing first takes the book's row: a registration drawing a number either finished
    // before (and is counted) or finds the book closed.
    let result = register_book::Entity::update_many()
        .set(register_book::ActiveModel {
            closed_at: Set(Some(at)),
            closed_by: Set(tx.actor().user_id.map(|u| u.0)),
            ..Default::default()
        })
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Id.eq(book.id))
        .filter(register_book::Column::ClosedAt.is_null())
        .exec(tx.conn())
        .await?;
    if result.rows_affected != 1 {
        return Err(refuse("book", ArchiveProblem::BookClosed));
    }
    let book = book_of(tx, id).await?;
    let tally = tally(tx, &book, kind).await?;
    let statement = closing_statement(kind, &book.name, book.year, at.date_naive(), tally);
    register_book::Entity::update_many()
        .col_expr(
            register_book::Column::ClosingStatement,
            Expr::value(statement.clone()),
        )
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Id.eq(book.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "records.book.close",
        "register_book",
        Some(book.id.to_string()),
        statement.clone(),
    ))
    .await?;
    Ok(statement)
}

/// The printed register book (PDF): every registry number issued, in order, and the closing
/// statement when the book is closed. Answers the file name and the document.
pub async fn book_pdf(tx: &TenantTx, id: RegisterBookId) -> Result<(String, Vec<u8>), AppError> {
    use openasp_core::pdf::{Cell, MARGIN, PdfWriter};
    require_records(tx)?;
    let book = book_of(tx, id).await?;
    let kind = book_kind(&book)?;
    let municipality = openasp_gazetteer::repo::link_by_id(tx.conn(), tx.municipality())
        .await?
        .map(|m| m.name)
        .unwrap_or_default();
    let title = format!("{} – {} ({})", municipality, book.name, book.year);
    let mut pdf = PdfWriter::new(&title).map_err(AppError::internal)?;
    pdf.paragraph(15.0, &title);
    pdf.paragraph(
        9.0,
        &format!(
            "{} · nyomtatva: {}",
            match kind {
                BookKind::Register => "Iktatókönyv",
                BookKind::Receipt => "Érkeztetőkönyv",
            },
            now().format("%Y-%m-%d %H:%M UTC")
        ),
    );
    pdf.gap(10.0);
    let columns = [
        (MARGIN, 80.0),
        (MARGIN + 85.0, 60.0),
        (MARGIN + 150.0, 200.0),
        (MARGIN + 355.0, 85.0),
        (MARGIN + 445.0, 70.0),
    ];
    let header = match kind {
        BookKind::Register => [
            "Iktatószám",
            "Iktatva",
            "Tárgy",
            "Küldő / címzett",
            "Állapot",
        ],
        BookKind::Receipt => ["Érkeztetőszám", "Érkezett", "Tárgy", "Küldő", "Állapot"],
    };
    let cells = |texts: [&str; 5]| -> Vec<(f32, f32, String)> {
        columns
            .iter()
            .zip(texts)
            .map(|((x, w), t)| (*x, *w, t.to_owned()))
            .collect()
    };
    let draw = |pdf: &mut PdfWriter, row: Vec<(f32, f32, String)>, heading: bool| {
        let cells: Vec<Cell<'_>> = row
            .iter()
            .map(|(x, width, text)| Cell {
                x: *x,
                width: *width,
                text,
            })
            .collect();
        if heading {
            pdf.table_header(8.0, &cells);
        } else {
            pdf.row(8.0, &cells);
        }
    };
    draw(&mut pdf, cells(header), true);
    let mut rows = 0usize;
    match kind {
        BookKind::Register => {
            let mains: BTreeMap<i64, i32> = case_file::Entity::find()
                .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
                .filter(case_file::Column::BookId.eq(book.id))
                .all(tx.conn())
                .await?
                .into_iter()
                .map(|c| (c.id, c.main_number))
                .collect();
            let mut documents = document::Entity::find()
                .filter(document::Column::MunicipalityId.eq(tx.municipality()))
                .filter(
                    document::Column::CaseFileId
                        .in_subquery(cases_of_book(tx, RegisterBookId(book.id))),
                )
                .all(tx.conn())
                .await?;
            documents.sort_by_key(|d| {
                (
                    mains.get(&d.case_file_id).copied().unwrap_or(i32::MAX),
                    d.sub_number,
                )
            });
            for d in documents {
                let state = match d.cancelled_reason.as_deref() {
                    Some(reason) => format!("sztornó: {reason}"),
                    None => d.state.clone(),
                };
                let registered = d.registered_at.date_naive().to_string();
                draw(
                    &mut pdf,
                    cells([
                        &d.registry_number,
                        &registered,
                        &d.subject,
                        d.sender.as_deref().unwrap_or("–"),
                        &state,
                    ]),
                    false,
                );
                rows += 1;
            }
        }
        BookKind::Receipt => {
            let receipts = receipt::Entity::find()
                .filter(receipt::Column::MunicipalityId.eq(tx.municipality()))
                .filter(receipt::Column::BookId.eq(book.id))
                .order_by_asc(receipt::Column::Number)
                .all(tx.conn())
                .await?;
            for r in receipts {
                let state = match r.cancelled_reason.as_deref() {
                    Some(reason) => format!("sztornó: {reason}"),
                    None => r.state.clone(),
                };
                let received = r.received_at.date_naive().to_string();
                draw(
                    &mut pdf,
                    cells([
                        &r.receipt_number,
                        &received,
                        &r.subject,
                        r.sender_name.as_deref().unwrap_or("–"),
                        &state,
                    ]),
                    false,
                );
                rows += 1;
            }
        }
    }
    pdf.end_table();
    if rows == 0 {
        pdf.paragraph(9.0, "A könyvben nincs bejegyzés.");
    }
    pdf.gap(14.0);
    match &book.closing_statement {
        Some(statement) => {
            pdf.paragraph(11.0, "Záradék");
            pdf.paragraph(10.0, statement);
        }
        None => pdf.paragraph(10.0, "A könyv még nincs lezárva."),
    }
    let bytes = pdf.finish().map_err(AppError::internal)?;
    tx.audit(AuditEvent::new(
        "records.book.print",
        "register_book",
        Some(book.id.to_string()),
        format!("{} ({}) printed, {rows} entries", book.name, book.year),
    ))
    .await?;
    let file_name = format!("iktatokonyv-{}-{}.pdf", book.year, book.id);
    Ok((file_name, bytes))
}
