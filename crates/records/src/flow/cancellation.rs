//! Cancellation (sztornózás) of a mistaken registration: the document (and a case file whose
//! only document it was) is marked cancelled with a reason, never deleted; its number stays
//! used, so the register book has no gap.
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::common::{
    case_state, document_state, load_case, load_document, me, next_state, require_records_role,
    save_case_change,
};
use super::rules::{self, MAX_REASON_CHARS};
use crate::db::{case_file, document};
use crate::domain::{CaseEvent, DocumentEvent, DocumentState, document_transition};
use crate::registry::{accepts_documents, record_case_event, wrong_state};
use crate::types::{CaseFileId, DocumentId};
use openasp_core::error::{AppError, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::tenancy::{TenantTx, now};

/// Cancels a document: a head, or the clerk who registered it.
pub async fn cancel(tx: &TenantTx, document_id: DocumentId, reason: &str) -> Result<(), AppError> {
    require_records_role(tx)?;
    let doc = load_document(tx, document_id).await?;
    if !(super::common::is_head(tx) || (doc.registered_by.is_some() && doc.registered_by == me(tx)))
    {
        return Err(AppError::Forbidden);
    }
    let reason =
        rules::multi_line(reason).ok_or_else(|| AppError::invalid("reason", Problem::Required))?;
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid("reason", Problem::TooLong));
    }
    let next = document_transition(document_state(&doc)?, DocumentEvent::Cancel)
        .ok_or_else(wrong_state)?;
    let case = load_case(tx, CaseFileId(doc.case_file_id)).await?;
    if !accepts_documents(case_state(&case)?) {
        return Err(wrong_state());
    }
    let others = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(tx.municipality()))
        .filter(document::Column::CaseFileId.eq(case.id))
        .filter(document::Column::Id.ne(doc.id))
        .filter(document::Column::State.ne(DocumentState::Cancelled.code()))
        .count(tx.conn())
        .await?;
    // The case file goes with its only document; its state must allow that first.
    let case_next = if others == 0 {
        Some(next_state(&case, CaseEvent::Cancel)?)
    } else {
        None
    };
    let at = now();
    document::Entity::update(document::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(doc.id),
        state: Set(next.code().to_owned()),
        cancelled_reason: Set(Some(reason.clone())),
        cancelled_at: Set(Some(at)),
        cancelled_by: Set(me(tx)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let detail = format!("{}: {reason}", doc.registry_number);
    record_case_event(tx, case.id, "cancel_document", detail.clone()).await?;
    tx.audit(AuditEvent::new(
        "records.cancel",
        "document",
        Some(doc.id.to_string()),
        detail,
    ))
    .await?;
    if let Some(case_next) = case_next {
        save_case_change(
            tx,
            case_file::ActiveModel {
                state: Set(case_next.code().to_owned()),
                cancelled_reason: Set(Some(reason.clone())),
                ..Default::default()
            },
            case.id,
            "cancel",
            format!("{}: {reason}", case.registry_number),
        )
        .await?;
    }
    Ok(())
}
