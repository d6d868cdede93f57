//! Mandates (server only): recorded, listed and revoked by the municipality's clerks; read by
//! the citizen they empower; checked when the citizen submits in another's name.
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::Represented;
use crate::db::citizen_mandate;
use crate::domain::checks::{check_tax_id, check_tax_number};
use crate::service::require_clerk;
use crate::types::{MandateForm, MandateId, MandateRow, MyMandate};
use openasp_citizen::directory;
use openasp_citizen::session::Citizen;
use openasp_core::error::{AppError, FieldProblem, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::problems::FrameworkProblem;
use openasp_framework::tenancy::{TenantTx, now};

const MAX_TEXT: usize = 200;

fn text(form_value: &str, field: &str, problems: &mut Vec<FieldProblem>) -> String {
    let value = form_value.trim().to_owned();
    if value.is_empty() {
        problems.push(FieldProblem {
            field: field.to_owned(),
            problem: Problem::Required,
        });
    } else if value.chars().count() > MAX_TEXT {
        problems.push(FieldProblem {
            field: field.to_owned(),
            problem: Problem::TooLong,
        });
    }
    value
}

/// Records that a citizen may act for a company or another person in this municipality.
/// The citizen is found by the name and birth date the central authentication gave them.
pub async fn record(tx: &TenantTx, form: &MandateForm) -> Result<MandateId, AppError> {
    require_clerk(tx)?;
    let mut problems = Vec::new();
    let family = text(&form.family_name, "family_name", &mut problems);
    let given = text(&form.given_name, "given_name", &mut problems);
    let birth = text(&form.birth_date, "birth_date", &mut problems);
    let name = text(&form.represented_name, "represented_name", &mut problems);
    let identifier = text(
        &form.represented_identifier,
        "represented_identifier",
        &mut problems,
    );
    let kind = Represented::from_code(&form.kind);
    match kind {
        None => problems.push(FieldProblem {
            field: "kind".to_owned(),
            problem: Problem::Required,
        }),
        Some(kind) if !identifier.is_empty() => {
            let valid = match kind {
                Represented::Company => check_tax_number(&identifier).is_ok(),
                Represented::Person => check_tax_id(&identifier).is_ok(),
            };
            if !valid {
                problems.push(FieldProblem {
                    field: "represented_identifier".to_owned(),
                    problem: Problem::from(crate::domain::eval::ProblemKind::CheckDigit),
                });
            }
        }
        Some(_) => {}
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let kind = kind.ok_or_else(|| AppError::invalid("kind", Problem::Required))?;
    let found = directory::find_by_name_and_birth(tx, &family, &given, &birth).await?;
    let person = match found.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(AppError::invalid(
                "family_name",
                Problem::from(FrameworkProblem::UnknownUser),
            ));
        }
        _ => return Err(AppError::invalid("family_name", Problem::Duplicate)),
    };
    let id = new_row_id();
    citizen_mandate::Entity::insert(citizen_mandate::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        citizen_id: Set(person.id),
        represented_kind: Set(kind.code().to_owned()),
        represented_name: Set(name.clone()),
        represented_identifier: Set(identifier.clone()),
        recorded_by: Set(tx.actor().user_id.map(|u| u.0)),
        recorded_at: Set(now()),
        revoked_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "eforms.mandate.record",
        "citizen_mandate",
        Some(id.to_string()),
        format!(
            "citizen #{} for {}",
            person.id,
            super::describe(kind.code(), &name, &identifier)
        ),
    ))
    .await?;
    Ok(MandateId(id))
}

/// Revokes a mandate of this municipality (it stays listed, as revoked).
pub async fn revoke(tx: &TenantTx, id: MandateId) -> Result<(), AppError> {
    require_clerk(tx)?;
    let row = citizen_mandate::Entity::find_by_id((tx.municipality().0, id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    if row.revoked_at.is_some() {
        return Ok(());
    }
    citizen_mandate::Entity::update_many()
        .col_expr(
            citizen_mandate::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(citizen_mandate::Column::MunicipalityId.eq(tx.municipality()))
        .filter(citizen_mandate::Column::Id.eq(row.id))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "eforms.mandate.revoke",
        "citizen_mandate",
        Some(row.id.to_string()),
        "",
    ))
    .await?;
    Ok(())
}

/// The municipality's mandates, active first, newest first (reading them is audited).
pub async fn list(tx: &TenantTx) -> Result<Vec<MandateRow>, AppError> {
    require_clerk(tx)?;
    let rows = citizen_mandate::Entity::find()
        .filter(citizen_mandate::Column::MunicipalityId.eq(tx.municipality()))
        .order_by_desc(citizen_mandate::Column::RecordedAt)
        .limit(500)
        .all(tx.conn())
        .await?;
    let people = directory::summaries(tx, rows.iter().map(|r| r.citizen_id)).await?;
    let mut out: Vec<MandateRow> = rows
        .into_iter()
        .map(|r| {
            let person = people.get(&r.citizen_id);
            MandateRow {
                id: r.id.to_string(),
                citizen_name: person.map(|p| p.full_name()).unwrap_or_default(),
                citizen_birth_date: person
                    .and_then(|p| p.birth_date.clone())
                    .unwrap_or_default(),
                kind: r.represented_kind,
                represented_name: r.represented_name,
                represented_identifier: r.represented_identifier,
                recorded_at: r.recorded_at.format("%Y-%m-%d %H:%M").to_string(),
                revoked_at: r
                    .revoked_at
                    .map(|at| at.format("%Y-%m-%d %H:%M").to_string()),
            }
        })
        .collect();
    out.sort_by_key(|m| m.revoked_at.is_some());
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "citizen_mandate",
        None,
        format!("{} mandates listed", out.len()),
    ))
    .await?;
    Ok(out)
}

/// The citizen's active mandates in this municipality (whom they may act for).
pub async fn mandates_of(tx: &TenantTx, citizen: &Citizen) -> Result<Vec<MyMandate>, AppError> {
    Ok(citizen_mandate::Entity::find()
        .filter(citizen_mandate::Column::MunicipalityId.eq(tx.municipality()))
        .filter(citizen_mandate::Column::CitizenId.eq(citizen.id))
        .filter(citizen_mandate::Column::RevokedAt.is_null())
        .order_by_asc(citizen_mandate::Column::RepresentedName)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|m| MyMandate {
            id: m.id.to_string(),
            kind: m.represented_kind,
            represented_name: m.represented_name,
            represented_identifier: m.represented_identifier,
        })
        .collect())
}

/// The citizen's mandate `id` in this municipality, if active; otherwise the submission is
/// refused (`on_behalf`).
pub async fn active_mandate(
    tx: &TenantTx,
    citizen: &Citizen,
    id: MandateId,
) -> Result<citizen_mandate::Model, AppError> {
    citizen_mandate::Entity::find()
        .filter(citizen_mandate::Column::MunicipalityId.eq(tx.municipality()))
        .filter(citizen_mandate::Column::Id.eq(id.0))
        .filter(citizen_mandate::Column::CitizenId.eq(citizen.id))
        .filter(citizen_mandate::Column::RevokedAt.is_null())
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::invalid("on_behalf", Problem::Malformed))
}

/// A submission's "on behalf of" in words (its mandate's party), for the clerks.
pub async fn describe_stored(
    tx: &TenantTx,
    stored: Option<&str>,
) -> Result<Option<String>, AppError> {
    let Some(id) = stored.and_then(|s| s.parse::<i64>().ok()) else {
        return Ok(None);
    };
    Ok(
        citizen_mandate::Entity::find_by_id((tx.municipality().0, id))
            .one(tx.conn())
            .await?
            .map(|m| {
                super::describe(
                    &m.represented_kind,
                    &m.represented_name,
                    &m.represented_identifier,
                )
            }),
    )
}
