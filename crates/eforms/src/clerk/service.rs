//! The clerks' view of submissions (server only). Every query filters by the handle's
//! municipality; reading personal data is audited.
use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{ExportFormat, PAGE_SIZE};
use crate::db::{form_submission, form_upload, municipal_form_version};
use crate::domain::language::Answers;
use crate::export::{ExportMeta, answer_rows, files_of, to_csv, to_json, to_pdf};
use crate::service::{definition_of, internal, notes_of, require_clerk};
use crate::types::{FormVersionId, STATUSES, SubmissionId, UploadId};
use crate::types::{SubmissionDetail, SubmissionRow};
use openasp_citizen::directory::{self, CitizenSummary};
use openasp_citizen::types::CitizenId;
use openasp_core::error::AppError;
use openasp_core::paging::{Page, PageNumber};
use openasp_framework::audit::AuditEvent;
use openasp_framework::tenancy::TenantTx;

async fn submission_of(
    tx: &TenantTx,
    id: SubmissionId,
) -> Result<form_submission::Model, AppError> {
    form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_submission::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

async fn version_of(
    tx: &TenantTx,
    version_id: FormVersionId,
) -> Result<municipal_form_version::Model, AppError> {
    municipal_form_version::Entity::find_by_id((tx.municipality().0, version_id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

async fn citizen_name(tx: &TenantTx, id: CitizenId) -> Result<String, AppError> {
    Ok(directory::summaries(tx, [id.0])
        .await?
        .get(&id.0)
        .map(CitizenSummary::full_name)
        .unwrap_or_default())
}

/// A page of the municipality's submissions, newest first, optionally of one status.
pub async fn submissions_page(
    tx: &TenantTx,
    status: &str,
    page: PageNumber,
) -> Result<Page<SubmissionRow>, AppError> {
    require_clerk(tx)?;
    let mut select = form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()));
    if STATUSES.contains(&status) {
        select = select.filter(form_submission::Column::Status.eq(status));
    }
    let total = select.clone().count(tx.conn()).await?;
    let rows = select
        .order_by_desc(form_submission::Column::SubmittedAt)
        .order_by_desc(form_submission::Column::Id)
        .offset(page.offset(PAGE_SIZE))
        .limit(PAGE_SIZE)
        .all(tx.conn())
        .await?;
    let people = directory::summaries(tx, rows.iter().map(|r| r.citizen_id)).await?;
    let mut titles: BTreeMap<i64, String> = BTreeMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        if let std::collections::btree_map::Entry::Vacant(slot) = titles.entry(row.form_version_id)
        {
            let version = version_of(tx, FormVersionId(row.form_version_id)).await?;
            slot.insert(definition_of(&version.definition)?.title);
        }
        items.push(SubmissionRow {
            id: row.id.to_string(),
            title: titles
                .get(&row.form_version_id)
                .cloned()
                .unwrap_or_default(),
            registry_number: row.registry_number,
            citizen_name: people
                .get(&row.citizen_id)
                .map(CitizenSummary::full_name)
                .unwrap_or_default(),
            on_behalf: row.on_behalf_of.is_some(),
            status: row.status,
            submitted_at: row.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
        });
    }
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "form_submission",
        None,
        format!("{} submissions listed", items.len()),
    ))
    .await?;
    Ok(Page {
        items,
        total,
        page: page.get(),
        page_size: PAGE_SIZE,
    })
}

struct Loaded {
    row: form_submission::Model,
    detail: SubmissionDetail,
    answers: Answers,
}

async fn load(tx: &TenantTx, id: SubmissionId) -> Result<Loaded, AppError> {
    let row = submission_of(tx, id).await?;
    let version = version_of(tx, FormVersionId(row.form_version_id)).await?;
    let definition = definition_of(&version.definition)?;
    let answers: Answers = serde_json::from_str(&row.answers).map_err(internal)?;
    let detail = SubmissionDetail {
        id: row.id.to_string(),
        title: definition.title.clone(),
        form_version: version.version,
        registry_number: row.registry_number.clone(),
        case_file_id: row.case_file_id.to_string(),
        citizen_name: citizen_name(tx, CitizenId(row.citizen_id)).await?,
        on_behalf_of: crate::mandates::service::describe_stored(tx, row.on_behalf_of.as_deref())
            .await?,
        status: row.status.clone(),
        submitted_at: row.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
        rows: answer_rows(&definition, &answers),
        notes: notes_of(tx, SubmissionId(row.id)).await?,
    };
    Ok(Loaded {
        row,
        detail,
        answers,
    })
}

/// One submission with its answers labelled from the exact version filled in.
pub async fn submission_detail(
    tx: &TenantTx,
    id: SubmissionId,
) -> Result<SubmissionDetail, AppError> {
    require_clerk(tx)?;
    let loaded = load(tx, id).await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "form_submission",
        Some(id.to_string()),
        "answers viewed",
    ))
    .await?;
    Ok(loaded.detail)
}

/// A submission's answers as a file: (file name, bytes).
pub async fn export(
    tx: &TenantTx,
    id: SubmissionId,
    format: ExportFormat,
) -> Result<(String, Vec<u8>), AppError> {
    require_clerk(tx)?;
    let loaded = load(tx, id).await?;
    let detail = &loaded.detail;
    let meta = ExportMeta {
        title: detail.title.clone(),
        registry_number: detail.registry_number.clone(),
        submitted_at: detail.submitted_at.clone(),
        citizen_name: detail.citizen_name.clone(),
        on_behalf_of: detail.on_behalf_of.clone(),
        status: detail.status.clone(),
        form_version: detail.form_version,
    };
    let bytes = match format {
        ExportFormat::Json => to_json(&meta, &loaded.answers, &detail.rows),
        ExportFormat::Csv => to_csv(&meta, &detail.rows),
        ExportFormat::Pdf => to_pdf(&meta, &detail.rows)?,
    };
    tx.audit(AuditEvent::new(
        "personal_data.export",
        "form_submission",
        Some(id.to_string()),
        format.code().to_owned(),
    ))
    .await?;
    let stem: String = detail
        .registry_number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok((format!("beadvany-{stem}.{}", format.code()), bytes))
}

/// A file the citizen attached to the submission: only one its answers refer to, stored in
/// this municipality.
pub async fn submission_file(
    tx: &TenantTx,
    submission: SubmissionId,
    upload: UploadId,
) -> Result<form_upload::Model, AppError> {
    let UploadId(upload) = upload;
    require_clerk(tx)?;
    let loaded = load(tx, submission).await?;
    let referenced = files_of(&loaded.answers)
        .iter()
        .any(|f| f.upload_id == upload.to_string());
    if !referenced {
        return Err(AppError::NotFound);
    }
    let file = form_upload::Entity::find()
        .filter(form_upload::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_upload::Column::CitizenId.eq(loaded.row.citizen_id))
        .filter(form_upload::Column::Id.eq(upload))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "form_upload",
        Some(upload.to_string()),
        format!("file of submission {submission}"),
    ))
    .await?;
    Ok(file)
}
