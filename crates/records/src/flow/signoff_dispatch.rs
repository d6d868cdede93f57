//! Sign-off (kiadmányozás) of an outgoing draft by a holder of the sign-off right, dispatch
//! (expediálás) by post or electronically, and the return receipt (tértivevény) of a posted one.
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::common::{document_state, load_case, load_document, me, require_records_role};
use super::rules::{self, MAX_LINE_CHARS};
use crate::db::{dispatch, document};
use crate::domain::{DocumentEvent, ReturnStatus, document_transition};
use crate::registry::{record_case_event, wrong_state};
use crate::types::{CaseFileId, DispatchId, DocumentId};
use openasp_core::error::{AppError, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

pub const METHOD_POST: &str = "post";
pub const METHOD_ELECTRONIC: &str = "electronic";

async fn set_document_state(
    tx: &TenantTx,
    doc: &document::Model,
    event: DocumentEvent,
    change: document::ActiveModel,
) -> Result<(), AppError> {
    let next = document_transition(document_state(doc)?, event).ok_or_else(wrong_state)?;
    let mut change = change;
    change.municipality_id = Set(tx.municipality().into());
    change.id = Set(doc.id);
    change.state = Set(next.code().to_owned());
    document::Entity::update(change).exec(tx.conn()).await?;
    Ok(())
}

/// Signs off an outgoing draft: the head's right (RecordsHead).
pub async fn sign_off(tx: &TenantTx, document_id: DocumentId) -> Result<(), AppError> {
    tx.require_role(Role::RecordsHead)?;
    let doc = load_document(tx, document_id).await?;
    let case = load_case(tx, CaseFileId(doc.case_file_id)).await?;
    if !crate::registry::accepts_documents(super::common::case_state(&case)?) {
        return Err(wrong_state());
    }
    set_document_state(
        tx,
        &doc,
        DocumentEvent::SignOff,
        document::ActiveModel {
            signed_off_at: Set(Some(now())),
            signed_off_by: Set(me(tx)),
            ..Default::default()
        },
    )
    .await?;
    record_case_event(
        tx,
        doc.case_file_id,
        "sign_off",
        doc.registry_number.clone(),
    )
    .await?;
    tx.audit(AuditEvent::new(
        "records.sign_off",
        "document",
        Some(doc.id.to_string()),
        doc.registry_number.clone(),
    ))
    .await
}

/// A dispatch as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchForm {
    pub method: &'static str,
    pub recipient: String,
    pub address: Option<String>,
    pub tracking_number: Option<String>,
}

impl DispatchForm {
    pub fn read(
        method: &str,
        recipient: &str,
        address: &str,
        tracking_number: &str,
    ) -> Result<DispatchForm, AppError> {
        let mut problems = Vec::new();
        let mut note = |field: &str, problem: Problem| {
            problems.push(openasp_core::error::FieldProblem {
                field: field.to_owned(),
                problem,
            })
        };
        let method = match method {
            METHOD_POST => Some(METHOD_POST),
            METHOD_ELECTRONIC => Some(METHOD_ELECTRONIC),
            _ => {
                note("method", Problem::Malformed);
                None
            }
        };
        let recipient = rules::one_line(recipient);
        match &recipient {
            None => note("recipient", Problem::Required),
            Some(r) if r.chars().count() > MAX_LINE_CHARS => note("recipient", Problem::TooLong),
            _ => {}
        }
        let address = rules::one_line(address);
        if method == Some(METHOD_POST) && address.is_none() {
            note("address", Problem::Required);
        }
        if address
            .as_ref()
            .is_some_and(|a| a.chars().count() > MAX_LINE_CHARS)
        {
            note("address", Problem::TooLong);
        }
        let tracking_number = rules::one_line(tracking_number);
        if tracking_number
            .as_ref()
            .is_some_and(|t| t.chars().count() > 100)
        {
            note("tracking_number", Problem::TooLong);
        }
        match (method, recipient) {
            (Some(method), Some(recipient)) if problems.is_empty() => Ok(DispatchForm {
                method,
                recipient,
                address,
                tracking_number: tracking_number.filter(|_| method == METHOD_POST),
            }),
            _ => Err(AppError::Invalid(problems)),
        }
    }
}

/// Dispatches a signed-off document. A posted one waits for its return receipt; an
/// electronic one needs none.
pub async fn dispatch(
    tx: &TenantTx,
    document_id: DocumentId,
    form: DispatchForm,
) -> Result<i64, AppError> {
    require_records_role(tx)?;
    let doc = load_document(tx, document_id).await?;
    set_document_state(tx, &doc, DocumentEvent::Dispatch, Default::default()).await?;
    let status = if form.method == METHOD_POST {
        ReturnStatus::Pending
    } else {
        ReturnStatus::NotApplicable
    };
    let id = new_row_id();
    dispatch::Entity::insert(dispatch::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        document_id: Set(doc.id),
        method: Set(form.method.to_owned()),
        partner_id: Set(doc.partner_id),
        recipient: Set(form.recipient.clone()),
        address: Set(form.address.clone()),
        tracking_number: Set(form.tracking_number.clone()),
        dispatched_at: Set(now()),
        dispatched_by: Set(me(tx)),
        return_status: Set(status.code().to_owned()),
        return_date: Set(None),
        return_recorded_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    let detail = format!(
        "{} → {} ({}{})",
        doc.registry_number,
        form.recipient,
        form.method,
        form.tracking_number
            .as_ref()
            .map(|t| format!(", {t}"))
            .unwrap_or_default()
    );
    record_case_event(tx, doc.case_file_id, "dispatch", detail.clone()).await?;
    tx.audit(AuditEvent::new(
        "records.dispatch",
        "document",
        Some(doc.id.to_string()),
        detail,
    ))
    .await?;
    Ok(id)
}

pub async fn load_dispatch(tx: &TenantTx, id: DispatchId) -> Result<dispatch::Model, AppError> {
    dispatch::Entity::find()
        .filter(dispatch::Column::MunicipalityId.eq(tx.municipality()))
        .filter(dispatch::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// Records the outcome of a posted document once: delivered, refused, not collected or
/// addressee unknown, on a date between dispatch and today.
pub async fn record_return(
    tx: &TenantTx,
    dispatch_id: DispatchId,
    status: &str,
    date: &str,
) -> Result<(), AppError> {
    require_records_role(tx)?;
    let sent = load_dispatch(tx, dispatch_id).await?;
    let new = rules::return_status_from_code(status)
        .ok_or_else(|| AppError::invalid("status", Problem::Malformed))?;
    let date = rules::parse_date(date)
        .map_err(|rules::Unreadable| AppError::invalid("date", Problem::Malformed))?
        .ok_or_else(|| AppError::invalid("date", Problem::Required))?;
    let at = now();
    if date < sent.dispatched_at.date_naive() || date > at.date_naive() {
        return Err(AppError::invalid("date", Problem::Malformed));
    }
    let current = rules::return_status_from_code(&sent.return_status)
        .ok_or_else(|| AppError::internal("unknown return status"))?;
    let Some(next) = rules::record_return(current, new) else {
        return Err(if current == ReturnStatus::Pending {
            AppError::invalid("status", Problem::Malformed)
        } else {
            wrong_state()
        });
    };
    dispatch::Entity::update(dispatch::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(sent.id),
        return_status: Set(next.code().to_owned()),
        return_date: Set(Some(date)),
        return_recorded_at: Set(Some(at)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let doc = load_document(tx, DocumentId(sent.document_id)).await?;
    let detail = format!("{}: {} ({date})", doc.registry_number, next.code());
    record_case_event(tx, doc.case_file_id, "return_receipt", detail.clone()).await?;
    tx.audit(AuditEvent::new(
        "records.return_receipt",
        "dispatch",
        Some(sent.id.to_string()),
        detail,
    ))
    .await
}
