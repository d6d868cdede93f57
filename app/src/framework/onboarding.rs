//! The operator's work: municipalities' connection status, joint offices and the first
//! administrator of each municipality (server only).
use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::api_types::{NewMember, OnboardingRow};
use super::audit::AuditEvent;
use super::connection::{ConnectionStatus, check_transition};
use super::members;
use super::roles::{PlatformRole, Role};
use super::session::Principal;
use super::tenancy::{Actor, PlatformTx, TenantTx};
use crate::db::{joint_office, municipality};
use crate::framework::problems::FrameworkProblem;
use crate::gazetteer::domain::SearchText;
use openasp_core::error::{AppError, Problem};
use openasp_core::ids::{MunicipalityId, UserId};
use openasp_core::paging::{Page, PageNumber};

pub const ONBOARDING_PAGE_SIZE: u64 = 25;

fn require_operator(principal: &Principal) -> Result<(), AppError> {
    let allowed = [PlatformRole::Onboarding, PlatformRole::Helpdesk];
    if allowed.iter().any(|r| principal.platform_roles.contains(r)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn row(m: municipality::Model, office: Option<String>) -> OnboardingRow {
    OnboardingRow {
        id: MunicipalityId(m.id),
        name: m.name,
        county: m.county,
        status: ConnectionStatus::from_code(&m.connection_status)
            .unwrap_or(ConnectionStatus::Preparation),
        preparation_on: m.preparation_on.map(|d| d.to_string()),
        connection_on: m.connection_on.map(|d| d.to_string()),
        live_on: m.live_on.map(|d| d.to_string()),
        joint_office: office,
        joint_office_members: Vec::new(),
        suggested_date: chrono::Utc::now().date_naive().to_string(),
    }
}

/// Municipalities with their connection status, searchable by name and filtered by status.
pub async fn list(
    db: &DatabaseConnection,
    principal: &Principal,
    q: &str,
    status: Option<ConnectionStatus>,
    page: u64,
) -> Result<Page<OnboardingRow>, AppError> {
    require_operator(principal)?;
    let mut select = municipality::Entity::find();
    if let SearchText::NamePart(part) = SearchText::parse(q) {
        select = select.filter(municipality::Column::SearchName.contains(part));
    }
    if let Some(status) = status {
        select = select.filter(municipality::Column::ConnectionStatus.eq(status.code()));
    }
    let total = select.clone().count(db).await?;
    let page = PageNumber::new(page);
    let rows = select
        .order_by_asc(municipality::Column::SearchName)
        .offset(page.offset(ONBOARDING_PAGE_SIZE))
        .limit(ONBOARDING_PAGE_SIZE)
        .all(db)
        .await?;
    let office_ids: Vec<i32> = rows.iter().filter_map(|m| m.joint_office_id).collect();
    let offices: std::collections::HashMap<i32, String> = joint_office::Entity::find()
        .filter(joint_office::Column::Id.is_in(office_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let items = rows
        .into_iter()
        .map(|m| {
            let office = m.joint_office_id.and_then(|id| offices.get(&id).cloned());
            row(m, office)
        })
        .collect();
    Ok(Page {
        items,
        total,
        page: page.get(),
        page_size: ONBOARDING_PAGE_SIZE,
    })
}

pub async fn get(
    db: &DatabaseConnection,
    principal: &Principal,
    id: MunicipalityId,
) -> Result<OnboardingRow, AppError> {
    require_operator(principal)?;
    let m = municipality::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let office = match m.joint_office_id {
        Some(office) => joint_office::Entity::find_by_id(office)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let members: Vec<String> = match m.joint_office_id {
        Some(office) => municipality::Entity::find()
            .filter(municipality::Column::JointOfficeId.eq(office))
            .order_by_asc(municipality::Column::SearchName)
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.name)
            .collect(),
        None => Vec::new(),
    };
    let mut row = row(m, office);
    row.joint_office_members = members;
    Ok(row)
}

/// Moves a municipality one step forward in its connection, dated.
pub async fn set_status(
    db: &DatabaseConnection,
    principal: &Principal,
    id: MunicipalityId,
    to: ConnectionStatus,
    on: &str,
) -> Result<(), AppError> {
    if !principal.platform_roles.contains(&PlatformRole::Onboarding) {
        return Err(AppError::Forbidden);
    }
    let date = NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", Problem::Malformed))?;
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    let m = municipality::Entity::find_by_id(id.0)
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let from =
        ConnectionStatus::from_code(&m.connection_status).unwrap_or(ConnectionStatus::Preparation);
    let previous = match from {
        ConnectionStatus::Preparation => m.preparation_on,
        ConnectionStatus::Connection => m.connection_on,
        ConnectionStatus::Live => m.live_on,
    }
    .map(|d| d.to_string());
    check_transition(from, previous.as_deref(), to, &date.to_string())
        .map_err(|_| AppError::invalid("status", Problem::Malformed))?;
    let mut update = municipality::ActiveModel {
        id: Set(m.id),
        connection_status: Set(to.code().to_owned()),
        ..Default::default()
    };
    match to {
        ConnectionStatus::Preparation => update.preparation_on = Set(Some(date)),
        ConnectionStatus::Connection => update.connection_on = Set(Some(date)),
        ConnectionStatus::Live => update.live_on = Set(Some(date)),
    }
    municipality::Entity::update(update).exec(tx.conn()).await?;
    tx.audit(AuditEvent::new(
        "municipality.status",
        "municipality",
        Some(id.to_string()),
        format!("{} → {} on {date}", from.code(), to.code()),
    ))
    .await?;
    tx.commit().await
}

/// Moves a municipality into the joint office seated in `seat_name`, or (empty name) gives it
/// its own office. A seat whose office still serves others cannot leave it.
pub async fn set_joint_office(
    db: &DatabaseConnection,
    principal: &Principal,
    id: MunicipalityId,
    seat_name: &str,
) -> Result<(), AppError> {
    if !principal.platform_roles.contains(&PlatformRole::Onboarding) {
        return Err(AppError::Forbidden);
    }
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    let m = municipality::Entity::find_by_id(id.0)
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let seat_name = seat_name.trim();
    let seat = if seat_name.is_empty() {
        None
    } else {
        let folded = openasp_core::text::fold_for_search(seat_name);
        Some(
            municipality::Entity::find()
                .filter(municipality::Column::SearchName.eq(folded))
                .one(tx.conn())
                .await?
                .ok_or_else(|| {
                    AppError::invalid("seat", Problem::from(FrameworkProblem::UnknownMunicipality))
                })?,
        )
    };
    // A seat keeps its office while the office serves anyone else.
    if let Some(current) = m.joint_office_id
        && current == m.id
        && seat.as_ref().is_none_or(|s| s.id != m.id)
    {
        let others = municipality::Entity::find()
            .filter(municipality::Column::JointOfficeId.eq(current))
            .filter(municipality::Column::Id.ne(m.id))
            .count(tx.conn())
            .await?;
        if others > 0 {
            return Err(AppError::invalid(
                "seat",
                Problem::from(FrameworkProblem::SeatStillServes),
            ));
        }
    }
    let office_id = match &seat {
        None => None,
        Some(seat) => {
            if joint_office::Entity::find_by_id(seat.id)
                .one(tx.conn())
                .await?
                .is_none()
            {
                joint_office::Entity::insert(joint_office::ActiveModel {
                    id: Set(seat.id),
                    name: Set(format!("{} Közös Önkormányzati Hivatal", seat.name)),
                    seat_municipality_id: Set(seat.id),
                })
                .exec_without_returning(tx.conn())
                .await?;
            }
            if seat.joint_office_id != Some(seat.id) {
                municipality::Entity::update(municipality::ActiveModel {
                    id: Set(seat.id),
                    joint_office_id: Set(Some(seat.id)),
                    has_branch_office: Set(false),
                    ..Default::default()
                })
                .exec(tx.conn())
                .await?;
            }
            Some(seat.id)
        }
    };
    municipality::Entity::update(municipality::ActiveModel {
        id: Set(m.id),
        joint_office_id: Set(office_id),
        has_branch_office: Set(false),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "municipality.joint_office",
        "municipality",
        Some(id.to_string()),
        match &seat {
            Some(seat) => format!("served by the joint office seated in {}", seat.name),
            None => "own office".to_owned(),
        },
    ))
    .await?;
    tx.commit().await
}

/// Creates the first administrator of a municipality that has none.
pub async fn create_first_admin(
    db: &DatabaseConnection,
    principal: &Principal,
    id: MunicipalityId,
    form: &NewMember,
) -> Result<UserId, AppError> {
    municipality::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = members::prepare_member(form).await?;
    let tx = TenantTx::begin_as_operator(db, principal, id).await?;
    let user = members::create_member(&tx, member, Role::MunicipalityAdmin).await?;
    tx.commit().await?;
    Ok(user)
}
