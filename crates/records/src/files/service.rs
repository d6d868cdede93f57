//! Attachments (server only): recording an uploaded file on a document or receipt, keeping the
//! document's search text in step, and finding a file for download, always within the acting
//! municipality. The content itself goes to the [`super::storage::BlobStore`] before the
//! transaction opens, so no transaction waits on the disk.
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::domain::FileType;
use crate::db::{attachment, case_file, document, partner, receipt};
use crate::domain::CaseState;
use crate::registry::record_case_event;
use crate::search::domain::search_text;
use crate::types::AttachmentId;
use openasp_core::error::AppError;
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

/// What an attachment is put on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachTo {
    Document(i64),
    Receipt(i64),
}

/// A checked, stored upload: its content is already in the blob store under `sha256`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub file_name: String,
    pub kind: FileType,
    pub size_bytes: i64,
    pub sha256: String,
    pub extracted_text: Option<String>,
}

/// Where to go back to after the upload: the case-file screen or the receipts' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    pub attachment_id: i64,
    pub case_file_id: Option<i64>,
    pub document_id: Option<i64>,
}

fn require_records_role(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Recomputes a document's search text from its subject, sender, partner and the text of
/// all its attachments, its receipt's scans included (so search finds words inside the
/// files). Whoever changes those (registering a receipt, editing a partner) calls this.
pub async fn refresh_search_text(tx: &TenantTx, doc: &document::Model) -> Result<(), AppError> {
    let m = tx.municipality().0;
    let partner_name = match doc.partner_id {
        Some(id) => partner::Entity::find_by_id((m, id))
            .one(tx.conn())
            .await?
            .map(|p| p.name),
        None => None,
    };
    let mut attached = sea_orm::Condition::any().add(attachment::Column::DocumentId.eq(doc.id));
    if let Some(receipt) = doc.receipt_id {
        attached = attached.add(attachment::Column::ReceiptId.eq(receipt));
    }
    let texts: Vec<String> = attachment::Entity::find()
        .filter(attachment::Column::MunicipalityId.eq(m))
        .filter(attached)
        .order_by_asc(attachment::Column::UploadedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .filter_map(|a| a.extracted_text)
        .collect();
    let mut parts: Vec<&str> = vec![doc.subject.as_str()];
    parts.extend(doc.sender.as_deref());
    parts.extend(partner_name.as_deref());
    parts.extend(texts.iter().map(String::as_str));
    let text = search_text(parts);
    document::Entity::update_many()
        .col_expr(
            document::Column::SearchText,
            sea_orm::sea_query::Expr::value(text),
        )
        .filter(document::Column::MunicipalityId.eq(m))
        .filter(document::Column::Id.eq(doc.id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Records `file` on a document of an open case file (or on a receipt), with a history entry
/// and an audit entry. Another municipality's id is not found.
pub async fn attach(tx: &TenantTx, to: AttachTo, file: &StoredFile) -> Result<Attached, AppError> {
    require_records_role(tx)?;
    let m = tx.municipality().0;
    let (document, receipt_id) = match to {
        AttachTo::Document(id) => {
            let doc = document::Entity::find()
                .filter(document::Column::MunicipalityId.eq(m))
                .filter(document::Column::Id.eq(id))
                .one(tx.conn())
                .await?
                .ok_or(AppError::NotFound)?;
            let case = case_file::Entity::find()
                .filter(case_file::Column::MunicipalityId.eq(m))
                .filter(case_file::Column::Id.eq(doc.case_file_id))
                .one(tx.conn())
                .await?
                .ok_or(AppError::NotFound)?;
            // A finished file (disposed, transferred, cancelled, merged) takes nothing new.
            if CaseState::from_code(&case.state).is_none_or(CaseState::is_final) {
                return Err(AppError::Forbidden);
            }
            (Some(doc), None)
        }
        AttachTo::Receipt(id) => {
            receipt::Entity::find()
                .filter(receipt::Column::MunicipalityId.eq(m))
                .filter(receipt::Column::Id.eq(id))
                .one(tx.conn())
                .await?
                .ok_or(AppError::NotFound)?;
            (None, Some(id))
        }
    };
    let attachment_id = new_row_id();
    attachment::Entity::insert(attachment::ActiveModel {
        municipality_id: Set(m),
        id: Set(attachment_id),
        document_id: Set(document.as_ref().map(|d| d.id)),
        receipt_id: Set(receipt_id),
        file_name: Set(file.file_name.clone()),
        media_type: Set(file.kind.media_type().to_owned()),
        size_bytes: Set(file.size_bytes),
        sha256: Set(file.sha256.clone()),
        extracted_text: Set(file.extracted_text.clone()),
        uploaded_at: Set(now()),
        uploaded_by: Set(tx.actor().user_id.map(|u| u.0)),
    })
    .exec_without_returning(tx.conn())
    .await?;
    let summary = format!("{} ({} bytes)", file.file_name, file.size_bytes);
    if let Some(doc) = &document {
        refresh_search_text(tx, doc).await?;
        record_case_event(
            tx,
            doc.case_file_id,
            "attachment",
            format!("{}: {}", doc.registry_number, file.file_name),
        )
        .await?;
    }
    tx.audit(AuditEvent::new(
        "records.attachment.upload",
        "attachment",
        Some(attachment_id.to_string()),
        summary,
    ))
    .await?;
    Ok(Attached {
        attachment_id,
        case_file_id: document.as_ref().map(|d| d.case_file_id),
        document_id: document.map(|d| d.id),
    })
}

/// An attachment of the acting municipality, for download (audited as a read).
pub async fn for_download(tx: &TenantTx, id: AttachmentId) -> Result<attachment::Model, AppError> {
    require_records_role(tx)?;
    let found = attachment::Entity::find()
        .filter(attachment::Column::MunicipalityId.eq(tx.municipality()))
        .filter(attachment::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    tx.audit(AuditEvent::new(
        "records.attachment.download",
        "attachment",
        Some(id.to_string()),
        found.file_name.clone(),
    ))
    .await?;
    Ok(found)
}

/// Checks that `to` is a document or receipt of the acting municipality (before anything is
/// stored); answers the document's case file.
pub async fn check_target(tx: &TenantTx, to: AttachTo) -> Result<Option<i64>, AppError> {
    require_records_role(tx)?;
    let m = tx.municipality().0;
    match to {
        AttachTo::Document(id) => document::Entity::find()
            .filter(document::Column::MunicipalityId.eq(m))
            .filter(document::Column::Id.eq(id))
            .one(tx.conn())
            .await?
            .map(|d| Some(d.case_file_id))
            .ok_or(AppError::NotFound),
        AttachTo::Receipt(id) => receipt::Entity::find()
            .filter(receipt::Column::MunicipalityId.eq(m))
            .filter(receipt::Column::Id.eq(id))
            .one(tx.conn())
            .await?
            .map(|_| None)
            .ok_or(AppError::NotFound),
    }
}
