//! Assignment (szignálás) of a receipt or a case file to a unit and a handling clerk, with
//! a deadline and instructions. The head's right (RecordsHead).
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::common::{load_case, next_state, require_records_role, save_case_change};
use super::receipt::load_receipt;
use super::rules::{self, MAX_REASON_CHARS, ReceiptState};
use super::types::{AssignmentChoice, AssignmentChoices};
use crate::db::{case_category, case_file, org_unit, receipt};
use crate::domain::CaseEvent;
use crate::registry::wrong_state;
use crate::types::{CaseFileId, CategoryId, ReceiptId, UnitId, read_optional_whole_id};
use openasp_core::error::{AppError, Problem};
use openasp_core::ids::UserId;
use openasp_framework::audit::AuditEvent;
use openasp_framework::directory::{display_names, grantees, holds_role};
use openasp_framework::problems::FrameworkProblem;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

/// An assignment as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentForm {
    pub unit_id: Option<i64>,
    pub handler: i64,
    pub category_id: Option<i64>,
    /// `None`: the category's deadline (or the default) from receipt.
    pub deadline: Option<NaiveDate>,
    pub instructions: Option<String>,
}

impl AssignmentForm {
    pub fn read(
        unit: &str,
        handler: &str,
        category: &str,
        deadline: &str,
        instructions: &str,
    ) -> Result<AssignmentForm, AppError> {
        let mut problems = Vec::new();
        // A malformed id is noted beside its field; the rest of the form is still read.
        let mut note = |read: Result<Option<i64>, AppError>| {
            read.unwrap_or_else(|error| {
                if let AppError::Invalid(found) = error {
                    problems.extend(found);
                }
                None
            })
        };
        let unit_id =
            note(read_optional_whole_id("unit", unit, UnitId).map(|id| id.map(|id| id.0)));
        let handler =
            note(read_optional_whole_id("handler", handler, UserId).map(|id| id.map(|id| id.0)));
        let category_id = note(
            read_optional_whole_id("category", category, CategoryId).map(|id| id.map(|id| id.0)),
        );
        if handler.is_none() && !problems.iter().any(|p| p.field == "handler") {
            problems.push(openasp_core::error::FieldProblem {
                field: "handler".to_owned(),
                problem: Problem::Required,
            });
        }
        let deadline = rules::parse_date(deadline).unwrap_or_else(|rules::Unreadable| {
            problems.push(openasp_core::error::FieldProblem {
                field: "deadline".to_owned(),
                problem: Problem::Malformed,
            });
            None
        });
        let instructions = rules::multi_line(instructions);
        if instructions
            .as_ref()
            .is_some_and(|i| i.chars().count() > MAX_REASON_CHARS)
        {
            problems.push(openasp_core::error::FieldProblem {
                field: "instructions".to_owned(),
                problem: Problem::TooLong,
            });
        }
        match handler {
            Some(handler) if problems.is_empty() => Ok(AssignmentForm {
                unit_id,
                handler,
                category_id,
                deadline,
                instructions,
            }),
            _ => Err(AppError::Invalid(problems)),
        }
    }
}

fn require_head(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::RecordsHead)
}

/// The handler must be a records clerk of this municipality now.
pub(crate) async fn check_handler(tx: &TenantTx, handler: i64) -> Result<(), AppError> {
    if holds_role(tx, UserId(handler), Role::RecordsClerk).await? {
        Ok(())
    } else {
        Err(AppError::invalid(
            "handler",
            Problem::from(FrameworkProblem::NotAMember),
        ))
    }
}

pub(crate) async fn check_unit(
    tx: &TenantTx,
    unit: Option<i64>,
) -> Result<Option<org_unit::Model>, AppError> {
    let Some(unit) = unit else {
        return Ok(None);
    };
    org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(tx.municipality()))
        .filter(org_unit::Column::Id.eq(unit))
        .filter(org_unit::Column::Active.eq(true))
        .one(tx.conn())
        .await?
        .map(Some)
        .ok_or_else(|| AppError::invalid("unit", Problem::Malformed))
}

pub(crate) async fn check_category(
    tx: &TenantTx,
    category: Option<i64>,
) -> Result<Option<case_category::Model>, AppError> {
    let Some(category) = category else {
        return Ok(None);
    };
    case_category::Entity::find()
        .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_category::Column::Id.eq(category))
        .filter(case_category::Column::Active.eq(true))
        .one(tx.conn())
        .await?
        .map(Some)
        .ok_or_else(|| AppError::invalid("category", Problem::Malformed))
}

/// Assigns a receipt before its registration; the registration hands it on to the case file.
pub async fn assign_receipt(
    tx: &TenantTx,
    receipt_id: ReceiptId,
    form: AssignmentForm,
) -> Result<(), AppError> {
    require_head(tx)?;
    let receipt = load_receipt(tx, receipt_id).await?;
    let state = ReceiptState::from_code(&receipt.state)
        .ok_or_else(|| AppError::internal("unknown receipt state"))?;
    if !state.may_assign() {
        return Err(wrong_state());
    }
    check_handler(tx, form.handler).await?;
    let unit = check_unit(tx, form.unit_id).await?;
    let deadline =
        rules::assignment_deadline(form.deadline, receipt.received_at.date_naive(), None);
    receipt::Entity::update(receipt::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(receipt.id),
        state: Set(ReceiptState::Assigned.code().to_owned()),
        unit_id: Set(unit.as_ref().map(|u| u.id)),
        assignee_user_id: Set(Some(form.handler)),
        deadline: Set(Some(deadline)),
        instructions: Set(form.instructions.clone()),
        assigned_at: Set(Some(now())),
        assigned_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let names = display_names(tx, [form.handler]).await?;
    tx.audit(AuditEvent::new(
        "records.assign",
        "receipt",
        Some(receipt.id.to_string()),
        format!(
            "{} → {} ({}), {deadline}",
            receipt.receipt_number,
            names.get(&form.handler).cloned().unwrap_or_default(),
            unit.map(|u| u.name).unwrap_or_default()
        ),
    ))
    .await
}

/// Assigns a case file (a head's action page).
pub async fn assign_case(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    form: AssignmentForm,
) -> Result<(), AppError> {
    require_head(tx)?;
    let case = load_case(tx, case_file_id).await?;
    let received = case.created_at;
    assign_case_file(tx, case_file_id, form, received).await
}

/// The assignment itself, also used by registration and by the service API (whose callers
/// check their rights). `received` is when the deadline starts.
pub async fn assign_case_file(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    form: AssignmentForm,
    received: DateTime<Utc>,
) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    let next = next_state(&case, CaseEvent::Assign)?;
    check_handler(tx, form.handler).await?;
    let category = check_category(tx, form.category_id).await?;
    let unit_id = form
        .unit_id
        .or_else(|| category.as_ref().and_then(|c| c.unit_id));
    let unit = check_unit(tx, unit_id).await?;
    let days = category
        .as_ref()
        .and_then(|c| u32::try_from(c.deadline_days).ok());
    let deadline = rules::assignment_deadline(form.deadline, received.date_naive(), days);
    let names = display_names(tx, [form.handler]).await?;
    let mut detail = format!(
        "{} → {} ({}), {deadline}",
        case.registry_number,
        names.get(&form.handler).cloned().unwrap_or_default(),
        unit.as_ref().map(|u| u.name.clone()).unwrap_or_default()
    );
    if let Some(instructions) = &form.instructions {
        detail.push_str(": ");
        detail.push_str(instructions);
    }
    let mut change = case_file::ActiveModel {
        state: Set(next.code().to_owned()),
        unit_id: Set(unit.map(|u| u.id)),
        handler_user_id: Set(Some(form.handler)),
        deadline: Set(Some(deadline)),
        ..Default::default()
    };
    if let Some(category) = category {
        change.category_id = Set(Some(category.id));
        if case.retention_item_id.is_none() {
            change.retention_item_id = Set(category.retention_item_id);
        }
    }
    save_case_change(tx, change, case.id, "assign", detail).await
}

/// Places a registered case file in a unit and case category without assigning a handler
/// (routing from another system that names no clerk): the state stays "registered", so the
/// head still assigns it; the category's unit and retention item apply.
pub async fn place_case_file(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    unit_id: Option<i64>,
    category_id: Option<i64>,
) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    let category = check_category(tx, category_id).await?;
    let unit_id = unit_id.or_else(|| category.as_ref().and_then(|c| c.unit_id));
    let unit = check_unit(tx, unit_id).await?;
    let detail = format!(
        "{} → {}{}",
        case.registry_number,
        unit.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
        category
            .as_ref()
            .map(|c| format!(" [{} – {}]", c.code, c.name))
            .unwrap_or_default()
    );
    let mut change = case_file::ActiveModel {
        unit_id: Set(unit.map(|u| u.id)),
        ..Default::default()
    };
    if let Some(category) = category {
        change.category_id = Set(Some(category.id));
        if case.retention_item_id.is_none() {
            change.retention_item_id = Set(category.retention_item_id);
        }
    }
    save_case_change(tx, change, case.id, "route", detail).await
}

/// The units, records clerks and case categories an assignment may name.
pub async fn choices(tx: &TenantTx) -> Result<AssignmentChoices, AppError> {
    require_records_role(tx)?;
    routing_choices(tx).await
}

/// What a routing may name, for the records screens and for other systems' routing settings
/// (whose callers answer for their own user's rights): active units, the clerks who may
/// handle cases now, active case categories.
pub async fn routing_choices(tx: &TenantTx) -> Result<AssignmentChoices, AppError> {
    let units = org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(tx.municipality()))
        .filter(org_unit::Column::Active.eq(true))
        .order_by_asc(org_unit::Column::Name)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| AssignmentChoice {
            id: u.id,
            name: u.name,
        })
        .collect();
    let categories = case_category::Entity::find()
        .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_category::Column::Active.eq(true))
        .order_by_asc(case_category::Column::Code)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|c| AssignmentChoice {
            id: c.id,
            name: format!("{} – {}", c.code, c.name),
        })
        .collect();
    let mut clerks = Vec::new();
    let candidates = grantees(tx.conn(), tx.municipality(), &[Role::RecordsClerk]).await?;
    let names = display_names(tx, candidates.iter().copied()).await?;
    for user in candidates {
        if holds_role(tx, UserId(user), Role::RecordsClerk).await? {
            clerks.push(AssignmentChoice {
                id: user,
                name: names.get(&user).cloned().unwrap_or_default(),
            });
        }
    }
    clerks.sort_by_cached_key(|c| openasp_core::text::fold_for_search(&c.name));
    Ok(AssignmentChoices {
        units,
        clerks,
        categories,
    })
}
