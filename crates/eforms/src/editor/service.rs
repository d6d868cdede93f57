//! The forms editor's and the operator's services beyond `eforms::service` (server only):
//! routing choices, texts and routing with the extra questions kept, extra questions one by
//! one, and a central template's definition for the builder.
use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::db::{form_template, form_template_version};
use crate::domain::adoption::{Adjustments, EXTRA_PREFIX, MAX_EXTRA_QUESTIONS};
use crate::domain::language::{ChoiceOption, DateRange, Field, FieldKind, FormDefinition};
use crate::service::{Routing, adjust, definition_of, internal, municipal_form_of, require_editor};
use crate::types::MunicipalFormId;
use crate::types::{Choice, ExtraQuestion, FormSettings, RoutingOptions, TemplateDefinition};
use openasp_core::error::{AppError, FieldProblem, Problem};
use openasp_framework::roles::PlatformRole;
use openasp_framework::tenancy::TenantTx;

/// What a form's routing may name, as records decides it: the municipality's active units,
/// the clerks who may handle cases, its active case categories.
pub async fn routing_options(tx: &TenantTx) -> Result<RoutingOptions, AppError> {
    require_editor(tx)?;
    let choices = openasp_records::intake::routing_choices(tx).await?;
    let to_choice = |c: openasp_records::types::AssignmentChoice| Choice {
        id: c.id.to_string(),
        label: c.name,
    };
    Ok(RoutingOptions {
        units: choices.units.into_iter().map(to_choice).collect(),
        clerks: choices.clerks.into_iter().map(to_choice).collect(),
        categories: choices.categories.into_iter().map(to_choice).collect(),
    })
}

fn optional_id(field: &str, raw: &str) -> Result<Option<i64>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| AppError::invalid(field, Problem::Malformed))
}

async fn current(
    tx: &TenantTx,
    form_id: MunicipalFormId,
) -> Result<(Adjustments, Routing), AppError> {
    require_editor(tx)?;
    let form = municipal_form_of(tx, form_id).await?;
    let adjustments: Adjustments = serde_json::from_str(&form.adjustments).map_err(internal)?;
    let routing = Routing {
        unit_id: form.routing_unit_id,
        user_id: form.routing_user_id,
        case_category_id: form.routing_case_category_id,
    };
    Ok((adjustments, routing))
}

async fn store(
    tx: &TenantTx,
    form_id: MunicipalFormId,
    adjustments: &Adjustments,
    routing: Routing,
) -> Result<(), AppError> {
    let json = serde_json::to_string(adjustments).map_err(internal)?;
    adjust(tx, form_id, &json, routing).await
}

const MAX_TEXT: usize = 4000;

/// Stores the editor's guidance, contact, fee and routing; the extra questions stay.
pub async fn save_settings(
    tx: &TenantTx,
    form_id: MunicipalFormId,
    settings: &FormSettings,
) -> Result<(), AppError> {
    let (mut adjustments, _) = current(tx, form_id).await?;
    let mut problems = Vec::new();
    for (field, value) in [
        ("guidance", &settings.guidance),
        ("contact", &settings.contact),
        ("fee", &settings.fee),
    ] {
        if value.chars().count() > MAX_TEXT {
            problems.push(FieldProblem {
                field: field.to_owned(),
                problem: Problem::TooLong,
            });
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    adjustments.guidance = settings.guidance.trim().to_owned();
    adjustments.contact = settings.contact.trim().to_owned();
    adjustments.fee = settings.fee.trim().to_owned();
    let routing = Routing {
        unit_id: optional_id("routing_unit", &settings.unit)?,
        user_id: optional_id("routing_user", &settings.user)?,
        case_category_id: optional_id("routing_category", &settings.category)?,
    };
    store(tx, form_id, &adjustments, routing).await
}

/// The field an extra question makes (its id the next free `extra_N`).
pub fn extra_field(question: &ExtraQuestion, taken: &[Field]) -> Result<Field, AppError> {
    let label = question.label.trim();
    if label.is_empty() {
        return Err(AppError::invalid("extra_label", Problem::Required));
    }
    if label.chars().count() > 300 {
        return Err(AppError::invalid("extra_label", Problem::TooLong));
    }
    let kind = match question.kind.as_str() {
        "text" => FieldKind::Text {
            multiline: false,
            min_length: None,
            max_length: Some(500),
        },
        "multiline" => FieldKind::Text {
            multiline: true,
            min_length: None,
            max_length: Some(4000),
        },
        "number" => FieldKind::Number {
            min: None,
            max: None,
            decimals: 2,
            unit: None,
        },
        "date" => FieldKind::Date {
            range: DateRange::Any,
        },
        "yes_no" => FieldKind::YesNo,
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "choice" => {
            let mut options: Vec<ChoiceOption> = Vec::new();
            for (index, line) in question
                .options
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .enumerate()
            {
                if options.iter().any(|o| o.label == line) {
                    return Err(AppError::invalid("extra_options", Problem::Duplicate));
                }
                options.push(ChoiceOption {
                    value: format!("v{}", index + 1),
                    label: line.to_owned(),
                });
            }
            if options.len() < 2 {
                return Err(AppError::invalid("extra_options", Problem::Required));
            }
            FieldKind::Choice {
                options,
                multiple: false,
            }
        }
        _ => return Err(AppError::invalid("extra_kind", Problem::Required)),
    };
    let next = (1..)
        .map(|n| format!("{EXTRA_PREFIX}{n}"))
        .find(|id| taken.iter().all(|f| &f.id != id))
        .unwrap_or_else(|| format!("{EXTRA_PREFIX}x"));
    let hint = question.hint.trim();
    Ok(Field {
        id: next,
        label: label.to_owned(),
        hint: (!hint.is_empty()).then(|| hint.to_owned()),
        required: false,
        show_if: None,
        kind,
    })
}

/// Adds an extra question (last); answers its id.
pub async fn add_extra(
    tx: &TenantTx,
    form_id: MunicipalFormId,
    question: &ExtraQuestion,
) -> Result<String, AppError> {
    let (mut adjustments, routing) = current(tx, form_id).await?;
    if adjustments.extra_questions.len() >= MAX_EXTRA_QUESTIONS {
        return Err(AppError::invalid("extra_label", Problem::TooLong));
    }
    let field = extra_field(question, &adjustments.extra_questions)?;
    let id = field.id.clone();
    adjustments.extra_questions.push(field);
    store(tx, form_id, &adjustments, routing).await?;
    Ok(id)
}

/// Removes an extra question.
pub async fn remove_extra(
    tx: &TenantTx,
    form_id: MunicipalFormId,
    question: &str,
) -> Result<(), AppError> {
    let (mut adjustments, routing) = current(tx, form_id).await?;
    let before = adjustments.extra_questions.len();
    adjustments.extra_questions.retain(|q| q.id != question);
    if adjustments.extra_questions.len() == before {
        return Err(AppError::NotFound);
    }
    store(tx, form_id, &adjustments, routing).await
}

/// A central template's newest definition (the operator's builder).
pub async fn template_definition(
    db: &DatabaseConnection,
    roles: &BTreeSet<PlatformRole>,
    code: &str,
) -> Result<(i32, FormDefinition), AppError> {
    if !roles.contains(&PlatformRole::Onboarding) {
        return Err(AppError::Forbidden);
    }
    let template = form_template::Entity::find()
        .filter(form_template::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = form_template_version::Entity::find()
        .filter(form_template_version::Column::TemplateId.eq(template.id))
        .order_by_desc(form_template_version::Column::Version)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((version.version, definition_of(&version.definition)?))
}

/// [`template_definition`] as the builder receives it.
pub async fn template_for_builder(
    db: &DatabaseConnection,
    roles: &BTreeSet<PlatformRole>,
    code: &str,
) -> Result<TemplateDefinition, AppError> {
    let (version, definition) = template_definition(db, roles, code).await?;
    Ok(TemplateDefinition {
        code: code.to_owned(),
        version,
        definition_json: serde_json::to_string(&definition).map_err(internal)?,
    })
}
