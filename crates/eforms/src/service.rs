//! E-forms services (server only): central templates (national), a municipality's adopted
//! forms and their published versions, citizens' drafts, uploads and submissions, and the
//! clerks' view of them. Every tenant query filters by the handle's municipality.
use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::domain::adoption::{Adjustments, compose};
use super::domain::dates::Date;
use super::domain::eval::{Context, FormProblem, ProblemKind, prune, validate};
use super::domain::language::{Answer, Answers, FileAnswer, FormDefinition};
use super::domain::templates::seed_templates;
use super::types::*;
use crate::db::{
    form_draft, form_status_note, form_submission, form_template, form_template_version,
    form_upload, municipal_form, municipal_form_version,
};
use openasp_citizen::session::Citizen;
use openasp_core::error::{AppError, FieldProblem, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::{PlatformRole, Role};
use openasp_framework::tenancy::{PlatformTx, TenantTx, now};
use openasp_records::intake::{
    Channel, Registered, Routing as RecordsRouting, RoutingFields, check_routing,
    note_portal_status,
};
use openasp_records::types::CaseFileId;

/// Parses an id sent by the client into its typed id, once; an unreadable one is simply
/// not found.
pub fn found_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

pub(crate) fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(e.to_string())
}

pub(crate) fn form_problems(problems: Vec<FormProblem>) -> AppError {
    AppError::Invalid(
        problems
            .into_iter()
            .map(|p| FieldProblem {
                field: p.field,
                problem: Problem::from(p.kind),
            })
            .collect(),
    )
}

pub(crate) fn definition_of(json: &str) -> Result<FormDefinition, AppError> {
    serde_json::from_str(json).map_err(internal)
}

// ---------------------------------------------------------------------------------------
// Central templates (national, the operator's)

/// Loads the central templates that are not there yet (idempotent; run at start-up).
pub async fn ensure_central_templates(db: &DatabaseConnection) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let known: BTreeSet<String> = form_template::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| t.code)
        .collect();
    let at = now();
    for seed in seed_templates() {
        if known.contains(seed.code) {
            continue;
        }
        let template_id = new_row_id();
        form_template::Entity::insert(form_template::ActiveModel {
            id: Set(template_id),
            code: Set(seed.code.to_owned()),
            category: Set(seed.category.to_owned()),
            title: Set(seed.definition.title.clone()),
            latest_version: Set(1),
            created_at: Set(at),
        })
        .on_conflict(
            OnConflict::column(form_template::Column::Code)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        form_template_version::Entity::insert(form_template_version::ActiveModel {
            id: Set(new_row_id()),
            template_id: Set(template_id),
            version: Set(1),
            definition: Set(serde_json::to_string(&seed.definition).map_err(internal)?),
            change_note: Set(None),
            published_at: Set(at),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn list_templates(db: &DatabaseConnection) -> Result<Vec<TemplateSummary>, AppError> {
    Ok(form_template::Entity::find()
        .order_by_asc(form_template::Column::Category)
        .order_by_asc(form_template::Column::Title)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TemplateSummary {
            code: t.code,
            category: t.category,
            title: t.title,
            latest_version: t.latest_version,
        })
        .collect())
}

/// The operator publishes a new version of a central template. Forms already adopted keep
/// the version they pinned until their editor adopts the new one.
pub async fn publish_template_version(
    tx: &PlatformTx,
    roles: &BTreeSet<PlatformRole>,
    code: &str,
    definition_json: &str,
    change_note: &str,
) -> Result<i32, AppError> {
    if !roles.contains(&PlatformRole::Onboarding) {
        return Err(AppError::Forbidden);
    }
    let definition: FormDefinition = serde_json::from_str(definition_json)
        .map_err(|_| AppError::invalid("definition", Problem::Malformed))?;
    if !definition.problems().is_empty() {
        return Err(AppError::invalid("definition", Problem::Malformed));
    }
    let template = form_template::Entity::find()
        .filter(form_template::Column::Code.eq(code))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let version = template.latest_version + 1;
    form_template::Entity::update(form_template::ActiveModel {
        id: Set(template.id),
        latest_version: Set(version),
        title: Set(definition.title.clone()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    form_template_version::Entity::insert(form_template_version::ActiveModel {
        id: Set(new_row_id()),
        template_id: Set(template.id),
        version: Set(version),
        definition: Set(serde_json::to_string(&definition).map_err(internal)?),
        change_note: Set(Some(change_note.trim().to_owned()).filter(|n| !n.is_empty())),
        published_at: Set(now()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "eforms.template.publish",
        "form_template",
        Some(code.to_owned()),
        format!("version {version}"),
    ))
    .await?;
    Ok(version)
}

async fn template_version(
    tx: &TenantTx,
    template_id: i64,
    version: Option<i32>,
) -> Result<form_template_version::Model, AppError> {
    let mut select = form_template_version::Entity::find()
        .filter(form_template_version::Column::TemplateId.eq(template_id));
    if let Some(version) = version {
        select = select.filter(form_template_version::Column::Version.eq(version));
    }
    select
        .order_by_desc(form_template_version::Column::Version)
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------
// A municipality's forms (its forms editor)

pub(crate) fn require_editor(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::FormsEditor)
}

pub(crate) async fn municipal_form_of(
    tx: &TenantTx,
    id: MunicipalFormId,
) -> Result<municipal_form::Model, AppError> {
    municipal_form::Entity::find()
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// Adopts a central template (its newest version) as an unpublished form of the municipality.
pub async fn adopt(tx: &TenantTx, template_code: &str) -> Result<i64, AppError> {
    require_editor(tx)?;
    let template = form_template::Entity::find()
        .filter(form_template::Column::Code.eq(template_code))
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::invalid("template", Problem::Malformed))?;
    let already = municipal_form::Entity::find()
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form::Column::TemplateId.eq(template.id))
        .one(tx.conn())
        .await?;
    if let Some(form) = already {
        return Ok(form.id);
    }
    let version = template_version(tx, template.id, None).await?;
    let id = new_row_id();
    let at = now();
    municipal_form::Entity::insert(municipal_form::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        template_id: Set(template.id),
        template_version_id: Set(version.id),
        adjustments: Set(serde_json::to_string(&Adjustments::default()).map_err(internal)?),
        routing_unit_id: Set(None),
        routing_user_id: Set(None),
        routing_case_category_id: Set(None),
        published_version_id: Set(None),
        published: Set(false),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "eforms.form.adopt",
        "municipal_form",
        Some(id.to_string()),
        format!("{template_code} v{}", version.version),
    ))
    .await?;
    Ok(id)
}

/// Where submissions of a form are routed: a unit, a clerk, a case category (each optional,
/// each checked to belong to the municipality).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routing {
    pub unit_id: Option<i64>,
    pub user_id: Option<i64>,
    pub case_category_id: Option<i64>,
}

/// Stores the editor's adjustments and routing (they reach citizens when published).
pub async fn adjust(
    tx: &TenantTx,
    form_id: MunicipalFormId,
    adjustments_json: &str,
    routing: Routing,
) -> Result<(), AppError> {
    require_editor(tx)?;
    let form = municipal_form_of(tx, form_id).await?;
    let adjustments: Adjustments = serde_json::from_str(adjustments_json)
        .map_err(|_| AppError::invalid("adjustments", Problem::Malformed))?;
    let version = form_template_version::Entity::find_by_id(form.template_version_id)
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    if compose(&definition_of(&version.definition)?, &adjustments).is_err() {
        return Err(AppError::invalid("adjustments", Problem::Malformed));
    }
    // Records decides what a routing may name (its units, categories and clerks).
    check_routing(
        tx,
        RecordsRouting {
            unit_id: routing.unit_id,
            handler: routing.user_id,
            category_id: routing.case_category_id,
        },
        RoutingFields {
            unit: "routing_unit",
            handler: "routing_user",
            category: "routing_category",
        },
    )
    .await?;
    let m = tx.municipality().0;
    municipal_form::Entity::update_many()
        .col_expr(
            municipal_form::Column::Adjustments,
            sea_orm::sea_query::Expr::value(serde_json::to_string(&adjustments).map_err(internal)?),
        )
        .col_expr(
            municipal_form::Column::RoutingUnitId,
            sea_orm::sea_query::Expr::value(routing.unit_id),
        )
        .col_expr(
            municipal_form::Column::RoutingUserId,
            sea_orm::sea_query::Expr::value(routing.user_id),
        )
        .col_expr(
            municipal_form::Column::RoutingCaseCategoryId,
            sea_orm::sea_query::Expr::value(routing.case_category_id),
        )
        .col_expr(
            municipal_form::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(municipal_form::Column::MunicipalityId.eq(m))
        .filter(municipal_form::Column::Id.eq(form.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "eforms.form.adjust",
        "municipal_form",
        Some(form.id.to_string()),
        "adjustments and routing",
    ))
    .await?;
    Ok(())
}

/// Moves the form onto the template's newest version (published only when the editor publishes).
pub async fn adopt_latest(tx: &TenantTx, form_id: MunicipalFormId) -> Result<i32, AppError> {
    require_editor(tx)?;
    let form = municipal_form_of(tx, form_id).await?;
    let latest = template_version(tx, form.template_id, None).await?;
    municipal_form::Entity::update_many()
        .col_expr(
            municipal_form::Column::TemplateVersionId,
            sea_orm::sea_query::Expr::value(latest.id),
        )
        .col_expr(
            municipal_form::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form::Column::Id.eq(form.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "eforms.form.adopt_version",
        "municipal_form",
        Some(form.id.to_string()),
        format!("template version {}", latest.version),
    ))
    .await?;
    Ok(latest.version)
}

/// The form as it would be published now (template version + adjustments).
pub async fn preview(tx: &TenantTx, form_id: MunicipalFormId) -> Result<FormDefinition, AppError> {
    require_editor(tx)?;
    let form = municipal_form_of(tx, form_id).await?;
    composed(tx, &form).await
}

async fn composed(tx: &TenantTx, form: &municipal_form::Model) -> Result<FormDefinition, AppError> {
    let version = form_template_version::Entity::find_by_id(form.template_version_id)
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let adjustments: Adjustments = serde_json::from_str(&form.adjustments).map_err(internal)?;
    compose(&definition_of(&version.definition)?, &adjustments)
        .map_err(|_| AppError::invalid("adjustments", Problem::Malformed))
}

/// Publishes the form: a new immutable version that citizens fill in from now on.
pub async fn publish(tx: &TenantTx, form_id: MunicipalFormId) -> Result<i32, AppError> {
    require_editor(tx)?;
    let form = municipal_form_of(tx, form_id).await?;
    let definition = composed(tx, &form).await?;
    let last = municipal_form_version::Entity::find()
        .filter(municipal_form_version::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form_version::Column::MunicipalFormId.eq(form.id))
        .order_by_desc(municipal_form_version::Column::Version)
        .one(tx.conn())
        .await?;
    let version = last.map_or(1, |v| v.version + 1);
    let version_id = new_row_id();
    let at = now();
    municipal_form_version::Entity::insert(municipal_form_version::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(version_id),
        municipal_form_id: Set(form.id),
        version: Set(version),
        template_version_id: Set(form.template_version_id),
        definition: Set(serde_json::to_string(&definition).map_err(internal)?),
        adjustments: Set(form.adjustments.clone()),
        published_at: Set(at),
        published_by: Set(tx.actor().user_id.map(|u| u.0)),
    })
    .exec_without_returning(tx.conn())
    .await?;
    municipal_form::Entity::update_many()
        .col_expr(
            municipal_form::Column::PublishedVersionId,
            sea_orm::sea_query::Expr::value(Some(version_id)),
        )
        .col_expr(
            municipal_form::Column::Published,
            sea_orm::sea_query::Expr::value(true),
        )
        .col_expr(
            municipal_form::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form::Column::Id.eq(form.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "eforms.form.publish",
        "municipal_form",
        Some(form.id.to_string()),
        format!("version {version}"),
    ))
    .await?;
    Ok(version)
}

/// Withdraws a published form from citizens (submissions already made stay).
pub async fn unpublish(tx: &TenantTx, form_id: MunicipalFormId) -> Result<(), AppError> {
    require_editor(tx)?;
    let form = municipal_form_of(tx, form_id).await?;
    municipal_form::Entity::update_many()
        .col_expr(
            municipal_form::Column::Published,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form::Column::Id.eq(form.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "eforms.form.unpublish",
        "municipal_form",
        Some(form.id.to_string()),
        "",
    ))
    .await?;
    Ok(())
}

/// The municipality's adopted forms, for its editor.
pub async fn editor_forms(tx: &TenantTx) -> Result<Vec<MunicipalFormInfo>, AppError> {
    require_editor(tx)?;
    let forms = municipal_form::Entity::find()
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .all(tx.conn())
        .await?;
    let templates: BTreeMap<i64, form_template::Model> = form_template::Entity::find()
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut out = Vec::new();
    for form in forms {
        let Some(template) = templates.get(&form.template_id) else {
            continue;
        };
        let pinned = form_template_version::Entity::find_by_id(form.template_version_id)
            .one(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        let published_version = match form.published_version_id {
            Some(id) => municipal_form_version::Entity::find_by_id((tx.municipality().0, id))
                .one(tx.conn())
                .await?
                .map(|v| v.version),
            None => None,
        };
        out.push(MunicipalFormInfo {
            id: form.id.to_string(),
            template_code: template.code.clone(),
            title: template.title.clone(),
            category: template.category.clone(),
            template_version: pinned.version,
            latest_template_version: template.latest_version,
            published: form.published,
            published_version,
            adjustments_json: form.adjustments,
            routing_unit_id: form.routing_unit_id.map(|i| i.to_string()),
            routing_user_id: form.routing_user_id.map(|i| i.to_string()),
            routing_case_category_id: form.routing_case_category_id.map(|i| i.to_string()),
        });
    }
    out.sort_by(|a, b| (&a.category, &a.title).cmp(&(&b.category, &b.title)));
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The public side: published forms, drafts, uploads, submissions

/// The municipality's published forms, optionally searched by title.
pub async fn published_forms(tx: &TenantTx, q: &str) -> Result<Vec<PublishedForm>, AppError> {
    let forms = municipal_form::Entity::find()
        .filter(municipal_form::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form::Column::Published.eq(true))
        .all(tx.conn())
        .await?;
    let wanted = openasp_core::text::fold_for_search(q.trim());
    let mut out = Vec::new();
    for form in forms {
        let Some(version_id) = form.published_version_id else {
            continue;
        };
        let Some(template) = form_template::Entity::find_by_id(form.template_id)
            .one(tx.conn())
            .await?
        else {
            continue;
        };
        let Some(version) =
            municipal_form_version::Entity::find_by_id((tx.municipality().0, version_id))
                .one(tx.conn())
                .await?
        else {
            continue;
        };
        let title = definition_of(&version.definition)?.title;
        if !wanted.is_empty() && !openasp_core::text::fold_for_search(&title).contains(&wanted) {
            continue;
        }
        out.push(PublishedForm {
            id: form.id.to_string(),
            title,
            category: template.category,
            version_id: version_id.to_string(),
        });
    }
    out.sort_by(|a, b| (&a.category, &a.title).cmp(&(&b.category, &b.title)));
    Ok(out)
}

/// A published form to fill in (its current version).
pub async fn fillable_form(
    tx: &TenantTx,
    form_id: MunicipalFormId,
) -> Result<FillableForm, AppError> {
    let form = municipal_form_of(tx, form_id).await?;
    let version_id = form
        .published_version_id
        .filter(|_| form.published)
        .ok_or(AppError::NotFound)?;
    let version = municipal_form_version::Entity::find_by_id((tx.municipality().0, version_id))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let adjustments: Adjustments = serde_json::from_str(&version.adjustments).map_err(internal)?;
    Ok(FillableForm {
        id: form.id.to_string(),
        version_id: version.id.to_string(),
        version: version.version,
        definition_json: version.definition,
        contact: adjustments.contact,
        fee: adjustments.fee,
    })
}

/// A version of one of the municipality's forms that is published (the form still is).
async fn submittable_version(
    tx: &TenantTx,
    version_id: FormVersionId,
) -> Result<(municipal_form::Model, municipal_form_version::Model), AppError> {
    let version = municipal_form_version::Entity::find()
        .filter(municipal_form_version::Column::MunicipalityId.eq(tx.municipality()))
        .filter(municipal_form_version::Column::Id.eq(version_id.0))
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::invalid("form_version", Problem::Malformed))?;
    let form = municipal_form_of(tx, MunicipalFormId(version.municipal_form_id)).await?;
    if !form.published {
        return Err(AppError::invalid("form_version", Problem::Malformed));
    }
    Ok((form, version))
}

/// Parses answers sent by the client (JSON).
pub fn parse_answers(json: &str) -> Result<Answers, AppError> {
    if json.len() > 2_000_000 {
        return Err(AppError::invalid("answers", Problem::TooLong));
    }
    serde_json::from_str(json).map_err(|_| AppError::invalid("answers", Problem::Malformed))
}

/// Saves a citizen's draft (answers to hidden questions and empty ones are dropped).
pub async fn save_draft(
    tx: &TenantTx,
    citizen: &Citizen,
    version_id: FormVersionId,
    answers: &Answers,
) -> Result<(), AppError> {
    let (form, version) = submittable_version(tx, version_id).await?;
    let definition = definition_of(&version.definition)?;
    let kept = prune(&definition, answers);
    let json = serde_json::to_string(&kept).map_err(internal)?;
    let at = now();
    form_draft::Entity::insert(form_draft::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(new_row_id()),
        citizen_id: Set(citizen.id),
        municipal_form_id: Set(form.id),
        form_version_id: Set(version.id),
        answers: Set(json),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::columns([
            form_draft::Column::MunicipalityId,
            form_draft::Column::CitizenId,
            form_draft::Column::MunicipalFormId,
        ])
        .update_columns([
            form_draft::Column::FormVersionId,
            form_draft::Column::Answers,
            form_draft::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// The citizen's draft of a form, if any: (version id, answers).
pub async fn load_draft(
    tx: &TenantTx,
    citizen: &Citizen,
    form_id: MunicipalFormId,
) -> Result<Option<(String, String)>, AppError> {
    Ok(form_draft::Entity::find()
        .filter(form_draft::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_draft::Column::CitizenId.eq(citizen.id))
        .filter(form_draft::Column::MunicipalFormId.eq(form_id.0))
        .one(tx.conn())
        .await?
        .map(|d| (d.form_version_id.to_string(), d.answers)))
}

pub const MAX_UPLOAD_BYTES: usize = super::domain::language::MAX_FILE_BYTES as usize;

/// The media type a file's first bytes show (what the server trusts, not the browser's label).
pub fn sniff_content_type(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"%PDF-") {
        "application/pdf"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else {
        "application/octet-stream"
    }
}

/// Stores a citizen's upload; answers the `FileAnswer` the draft and submission refer to.
pub async fn store_upload(
    tx: &TenantTx,
    citizen: &Citizen,
    field_path: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<FileAnswer, AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid(field_path, Problem::Required));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::invalid(
            field_path,
            Problem::from(ProblemKind::FileTooLarge),
        ));
    }
    // One extension, no path, no control characters: what the clerk later downloads.
    let name = openasp_core::text::safe_file_name(file_name, None, 200, "fájl");
    let content_type = sniff_content_type(bytes);
    let id = new_row_id();
    form_upload::Entity::insert(form_upload::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        citizen_id: Set(citizen.id),
        field_path: Set(field_path.chars().take(200).collect()),
        file_name: Set(name.clone()),
        content_type: Set(content_type.to_owned()),
        size: Set(i64::try_from(bytes.len()).map_err(internal)?),
        sha256: Set(Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()),
        content: Set(bytes.to_vec()),
        created_at: Set(now()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(FileAnswer {
        upload_id: id.to_string(),
        name,
        content_type: content_type.to_owned(),
        size: bytes.len() as u64,
    })
}

/// Replaces every file answer's description by what the server measured at upload; a file
/// that is not this citizen's upload in this municipality is a problem.
async fn resolve_uploads(
    tx: &TenantTx,
    citizen: &Citizen,
    answers: &mut Answers,
    problems: &mut Vec<FormProblem>,
) -> Result<(), AppError> {
    async fn fix(
        tx: &TenantTx,
        citizen: &Citizen,
        path: &str,
        files: &mut [FileAnswer],
        problems: &mut Vec<FormProblem>,
    ) -> Result<(), AppError> {
        for file in files.iter_mut() {
            let upload = match file.upload_id.parse::<i64>() {
                Ok(id) => {
                    form_upload::Entity::find()
                        .filter(form_upload::Column::MunicipalityId.eq(tx.municipality()))
                        .filter(form_upload::Column::CitizenId.eq(citizen.id))
                        .filter(form_upload::Column::Id.eq(id))
                        .one(tx.conn())
                        .await?
                }
                Err(_) => None,
            };
            match upload {
                Some(upload) => {
                    file.name = upload.file_name;
                    file.content_type = upload.content_type;
                    file.size = u64::try_from(upload.size).unwrap_or(u64::MAX);
                }
                None => problems.push(FormProblem {
                    field: path.to_owned(),
                    kind: ProblemKind::WrongShape,
                }),
            }
        }
        Ok(())
    }
    for (id, answer) in answers.iter_mut() {
        match answer {
            Answer::Files(files) => fix(tx, citizen, id, files, problems).await?,
            Answer::Items(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    for (inner, answer) in item.iter_mut() {
                        if let Answer::Files(files) = answer {
                            fix(
                                tx,
                                citizen,
                                &format!("{id}.{index}.{inner}"),
                                files,
                                problems,
                            )
                            .await?;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The settlements of every postal code in the answers, from the gazetteer.
async fn postal_lookup(
    tx: &TenantTx,
    answers: &Answers,
) -> Result<BTreeMap<String, Vec<String>>, AppError> {
    fn collect(answers: &Answers, codes: &mut BTreeSet<String>) {
        for answer in answers.values() {
            match answer {
                Answer::Address(a) => {
                    codes.insert(a.postal_code.trim().to_owned());
                }
                Answer::Items(items) => items.iter().for_each(|item| collect(item, codes)),
                _ => {}
            }
        }
    }
    let mut codes = BTreeSet::new();
    collect(answers, &mut codes);
    Ok(openasp_gazetteer::repo::settlements_by_postal_code(tx.conn(), &codes).await?)
}

fn today() -> Date {
    let at = now();
    Date::new(at.year(), at.month(), at.day()).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// Validates answers against a version exactly as a submission would be (no writes).
pub async fn check_answers(
    tx: &TenantTx,
    citizen: &Citizen,
    definition: &FormDefinition,
    answers: &mut Answers,
) -> Result<Vec<FormProblem>, AppError> {
    check_answers_of(tx, Some(citizen), definition, answers).await
}

/// [`check_answers`] for anyone filling in: a visitor who has not signed in has no uploads,
/// so any file answer of theirs is a problem.
pub async fn check_answers_of(
    tx: &TenantTx,
    citizen: Option<&Citizen>,
    definition: &FormDefinition,
    answers: &mut Answers,
) -> Result<Vec<FormProblem>, AppError> {
    let mut problems = Vec::new();
    match citizen {
        Some(citizen) => resolve_uploads(tx, citizen, answers, &mut problems).await?,
        None => {
            for (id, answer) in answers.iter() {
                if matches!(answer, Answer::Files(files) if !files.is_empty()) {
                    problems.push(FormProblem {
                        field: id.clone(),
                        kind: ProblemKind::WrongShape,
                    });
                }
            }
        }
    }
    let postal = postal_lookup(tx, answers).await?;
    let settlements_of = |code: &str| postal.get(code).cloned().unwrap_or_default();
    let ctx = Context {
        today: today(),
        settlements_of: &settlements_of,
    };
    problems.extend(validate(definition, answers, &ctx));
    Ok(problems)
}

/// Files a submitted form into the records system: receipt, registration and the form's
/// routing in the caller's transaction, through records' service API (records alone writes
/// its tables). A routing that no longer holds files the case unrouted for the head.
async fn file_into_records(
    tx: &TenantTx,
    subject: &str,
    sender: &str,
    routing: RecordsRouting,
) -> Result<Registered, AppError> {
    use openasp_records::intake::{IfUnroutable, Incoming, ReceiptForm, receive_and_register};
    receive_and_register(
        tx,
        Incoming {
            form: ReceiptForm {
                subject: subject.to_owned(),
                channel: Channel::Portal,
                sender: Some(sender.to_owned()),
                partner_id: None,
                received_at: None,
                envelope: None,
            },
            routing,
            if_unroutable: IfUnroutable::FileUnrouted,
        },
    )
    .await
}

/// Submits a citizen's answers to a version of a form: validated on the server against that
/// exact version, registered, stored, and the draft removed, in the caller's transaction
/// (a portal intake handle). Nothing is written when anything is wrong.
pub async fn submit(
    tx: &TenantTx,
    citizen: &Citizen,
    version_id: FormVersionId,
    answers: Answers,
) -> Result<SubmissionReceipt, AppError> {
    submit_as(tx, citizen, version_id, answers, None).await
}

/// [`submit`], acting for a company or another person (`on_behalf`): the citizen's mandate
/// must be recorded in this municipality and not revoked.
pub async fn submit_as(
    tx: &TenantTx,
    citizen: &Citizen,
    version_id: FormVersionId,
    mut answers: Answers,
    on_behalf: Option<crate::mandates::MandateId>,
) -> Result<SubmissionReceipt, AppError> {
    let (form, version) = submittable_version(tx, version_id).await?;
    let mandate = match on_behalf {
        Some(id) => Some(crate::mandates::service::active_mandate(tx, citizen, id).await?),
        None => None,
    };
    let definition = definition_of(&version.definition)?;
    let problems = check_answers(tx, citizen, &definition, &mut answers).await?;
    if !problems.is_empty() {
        return Err(form_problems(problems));
    }
    let sender = match &mandate {
        Some(m) => format!(
            "{} (képviseli: {})",
            m.represented_name,
            citizen.display_name()
        ),
        None => citizen.display_name(),
    };
    let routing = RecordsRouting {
        unit_id: form.routing_unit_id,
        handler: form.routing_user_id,
        category_id: form.routing_case_category_id,
    };
    let registered = file_into_records(
        tx,
        &format!("{} (e-űrlap)", definition.title),
        &sender,
        routing,
    )
    .await?;
    let m = tx.municipality().0;
    let id = new_row_id();
    let at = now();
    let status = if registered.handler_user_id.is_some() {
        "assigned"
    } else {
        "received"
    };
    form_submission::Entity::insert(form_submission::ActiveModel {
        municipality_id: Set(m),
        id: Set(id),
        citizen_id: Set(citizen.id),
        municipal_form_id: Set(form.id),
        form_version_id: Set(version.id),
        answers: Set(serde_json::to_string(&answers).map_err(internal)?),
        on_behalf_of: Set(mandate.as_ref().map(|m| m.id.to_string())),
        registry_number: Set(registered.registry_number.clone()),
        case_file_id: Set(registered.case_file_id.0),
        document_id: Set(registered.document_id),
        status: Set(status.to_owned()),
        submitted_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(tx.conn())
    .await?;
    form_status_note::Entity::insert(form_status_note::ActiveModel {
        municipality_id: Set(m),
        id: Set(new_row_id()),
        submission_id: Set(id),
        status: Set(status.to_owned()),
        note: Set(None),
        at: Set(at),
        user_id: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    form_draft::Entity::delete_many()
        .filter(form_draft::Column::MunicipalityId.eq(m))
        .filter(form_draft::Column::CitizenId.eq(citizen.id))
        .filter(form_draft::Column::MunicipalFormId.eq(form.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "eforms.submit",
        "form_submission",
        Some(id.to_string()),
        registered.registry_number.clone(),
    ))
    .await?;
    Ok(SubmissionReceipt {
        submission_id: id.to_string(),
        registry_number: registered.registry_number,
        submitted_at: at.format("%Y-%m-%d %H:%M").to_string(),
    })
}

pub(crate) async fn notes_of(
    tx: &TenantTx,
    submission: SubmissionId,
) -> Result<Vec<StatusNote>, AppError> {
    Ok(form_status_note::Entity::find()
        .filter(form_status_note::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_status_note::Column::SubmissionId.eq(submission.0))
        .order_by_asc(form_status_note::Column::At)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|n| StatusNote {
            at: n.at.format("%Y-%m-%d %H:%M").to_string(),
            status: n.status,
            note: n.note,
        })
        .collect())
}

async fn title_of_version(tx: &TenantTx, version_id: FormVersionId) -> Result<String, AppError> {
    let version = municipal_form_version::Entity::find_by_id((tx.municipality().0, version_id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(definition_of(&version.definition)?.title)
}

/// "My cases": the citizen's submissions in this municipality, newest first.
pub async fn my_submissions(
    tx: &TenantTx,
    citizen: &Citizen,
) -> Result<Vec<MySubmission>, AppError> {
    let rows = form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_submission::Column::CitizenId.eq(citizen.id))
        .order_by_desc(form_submission::Column::SubmittedAt)
        .all(tx.conn())
        .await?;
    let mut out = Vec::new();
    for row in rows {
        out.push(MySubmission {
            id: row.id.to_string(),
            title: title_of_version(tx, FormVersionId(row.form_version_id)).await?,
            registry_number: row.registry_number,
            status: row.status,
            submitted_at: row.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
            notes: notes_of(tx, SubmissionId(row.id)).await?,
        });
    }
    Ok(out)
}

/// The citizen's saved, not yet submitted forms in this municipality, the latest first.
pub async fn my_drafts(tx: &TenantTx, citizen: &Citizen) -> Result<Vec<MyDraft>, AppError> {
    let rows = form_draft::Entity::find()
        .filter(form_draft::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_draft::Column::CitizenId.eq(citizen.id))
        .order_by_desc(form_draft::Column::UpdatedAt)
        .all(tx.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(MyDraft {
            form_id: row.municipal_form_id.to_string(),
            title: title_of_version(tx, FormVersionId(row.form_version_id)).await?,
            saved_at: row.updated_at.format("%Y-%m-%d %H:%M").to_string(),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Clerks

pub(crate) fn require_clerk(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk)
        || tx.roles().contains(&Role::RecordsHead)
        || tx.roles().contains(&Role::FormsEditor)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn clerk_view(
    tx: &TenantTx,
    row: form_submission::Model,
) -> Result<ClerkSubmission, AppError> {
    let person = openasp_citizen::directory::summaries(tx, [row.citizen_id])
        .await?
        .remove(&row.citizen_id);
    Ok(ClerkSubmission {
        id: row.id.to_string(),
        title: title_of_version(tx, FormVersionId(row.form_version_id)).await?,
        registry_number: row.registry_number,
        citizen_name: person.map(|p| p.full_name()).unwrap_or_default(),
        status: row.status,
        submitted_at: row.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
        answers_json: row.answers,
    })
}

/// The municipality's submissions, newest first (reading them is audited: personal data).
pub async fn clerk_submissions(tx: &TenantTx) -> Result<Vec<ClerkSubmission>, AppError> {
    require_clerk(tx)?;
    use sea_orm::QuerySelect;
    let rows = form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .order_by_desc(form_submission::Column::SubmittedAt)
        .limit(200)
        .all(tx.conn())
        .await?;
    let mut out = Vec::new();
    for row in rows {
        out.push(clerk_view(tx, row).await?);
    }
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "form_submission",
        None,
        format!("{} submissions listed", out.len()),
    ))
    .await?;
    Ok(out)
}

pub async fn clerk_submission(
    tx: &TenantTx,
    id: SubmissionId,
) -> Result<ClerkSubmission, AppError> {
    require_clerk(tx)?;
    let row = form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_submission::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "form_submission",
        Some(id.to_string()),
        "answers viewed",
    ))
    .await?;
    clerk_view(tx, row).await
}

/// A status change with an optional public note; it reaches the citizen's "My cases" and the
/// case file's history.
pub async fn set_status(
    tx: &TenantTx,
    id: SubmissionId,
    status: &str,
    note: &str,
) -> Result<(), AppError> {
    require_clerk(tx)?;
    if !STATUSES.contains(&status) {
        return Err(AppError::invalid("status", Problem::Malformed));
    }
    let note = note.trim();
    if note.chars().count() > 2000 {
        return Err(AppError::invalid("note", Problem::TooLong));
    }
    let row = form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_submission::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let at = now();
    form_submission::Entity::update_many()
        .col_expr(
            form_submission::Column::Status,
            sea_orm::sea_query::Expr::value(status),
        )
        .col_expr(
            form_submission::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_submission::Column::Id.eq(row.id))
        .exec(tx.conn())
        .await?;
    form_status_note::Entity::insert(form_status_note::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(new_row_id()),
        submission_id: Set(row.id),
        status: Set(status.to_owned()),
        note: Set(Some(note.to_owned()).filter(|n| !n.is_empty())),
        at: Set(at),
        user_id: Set(tx.actor().user_id.map(|u| u.0)),
    })
    .exec_without_returning(tx.conn())
    .await?;
    note_portal_status(tx, CaseFileId(row.case_file_id), status, note).await?;
    tx.audit(AuditEvent::new(
        "eforms.status",
        "form_submission",
        Some(row.id.to_string()),
        status.to_owned(),
    ))
    .await?;
    Ok(())
}
