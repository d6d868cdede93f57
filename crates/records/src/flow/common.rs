//! What every step of the daily flow needs: rows looked up within the acting municipality,
//! the role checks, and a case file's state change recorded with its history and audit.
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::db::{case_file, document};
use crate::domain::{CaseEvent, CaseState, DocumentState, transition};
use crate::registry::{record_case_event, wrong_state};
use crate::types::{CaseFileId, DocumentId};
use openasp_core::error::AppError;
use openasp_framework::audit::AuditEvent;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

pub fn require_records_role(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn is_head(tx: &TenantTx) -> bool {
    tx.roles().contains(&Role::RecordsHead)
}

pub fn me(tx: &TenantTx) -> Option<i64> {
    tx.actor().user_id.map(|u| u.0)
}

/// The case file `id` of the acting municipality; another's is simply not found.
pub async fn load_case(tx: &TenantTx, id: CaseFileId) -> Result<case_file::Model, AppError> {
    case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// The case file with this registry number (as typed, spaces ignored), for `field`'s error.
pub async fn case_by_number(
    tx: &TenantTx,
    typed: &str,
    field: &str,
) -> Result<case_file::Model, AppError> {
    use openasp_core::error::Problem;
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::RegistryNumber.eq(typed))
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::invalid(field, Problem::Malformed))
}

pub async fn load_document(tx: &TenantTx, id: DocumentId) -> Result<document::Model, AppError> {
    document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

pub fn case_state(case: &case_file::Model) -> Result<CaseState, AppError> {
    CaseState::from_code(&case.state).ok_or_else(|| AppError::internal("unknown case state"))
}

pub fn document_state(doc: &document::Model) -> Result<DocumentState, AppError> {
    DocumentState::from_code(&doc.state).ok_or_else(|| AppError::internal("unknown document state"))
}

/// Whether the acting user may work on the case file: its handler, a head, or (while nobody
/// is assigned) any records clerk.
pub fn may_handle(tx: &TenantTx, case: &case_file::Model) -> bool {
    is_head(tx)
        || match case.handler_user_id {
            Some(handler) => me(tx) == Some(handler),
            None => tx.roles().contains(&Role::RecordsClerk),
        }
}

pub fn require_handling(tx: &TenantTx, case: &case_file::Model) -> Result<(), AppError> {
    require_records_role(tx)?;
    if may_handle(tx, case) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The state `event` moves the case file to, or the refusal (bad input changes nothing).
pub fn next_state(case: &case_file::Model, event: CaseEvent) -> Result<CaseState, AppError> {
    transition(case_state(case)?, event).map_err(|_| wrong_state())
}

/// Writes the case file's changed row, then its history entry and the audit entry.
pub async fn save_case_change(
    tx: &TenantTx,
    change: case_file::ActiveModel,
    case_file_id: i64,
    event: &str,
    detail: String,
) -> Result<(), AppError> {
    let mut change = change;
    change.municipality_id = Set(tx.municipality().into());
    change.id = Set(case_file_id);
    change.updated_at = Set(now());
    // The key leads with the municipality: the update cannot reach another's row.
    case_file::Entity::update(change).exec(tx.conn()).await?;
    record_case_event(tx, case_file_id, event, detail.clone()).await?;
    tx.audit(AuditEvent::new(
        &format!("records.{event}"),
        "case_file",
        Some(case_file_id.to_string()),
        detail,
    ))
    .await
}
