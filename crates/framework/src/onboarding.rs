//! The operator's work: municipalities' connection status, joint offices and the first
//! administrator of each municipality (server only).
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;

use super::audit::AuditEvent;
use super::connection::{ConnectionStatus, check_transition};
use super::members;
use super::roles::{PlatformRole, Role};
use super::session::Principal;
use super::tenancy::{Actor, PlatformTx, TenantTx};
use super::types::{NewMember, OnboardingRow};
use crate::problems::FrameworkProblem;
use openasp_core::error::{AppError, Problem};
use openasp_core::ids::{MunicipalityId, UserId};
use openasp_core::paging::{Page, PageNumber};
use openasp_gazetteer::repo::{
    self as gazetteer, ConnectionDates, JointOfficeRefusal, OperatorRow,
};

pub const ONBOARDING_PAGE_SIZE: u64 = 25;

fn require_operator(principal: &Principal) -> Result<(), AppError> {
    let allowed = [PlatformRole::Onboarding, PlatformRole::Helpdesk];
    if allowed.iter().any(|r| principal.platform_roles.contains(r)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn row(m: OperatorRow) -> OnboardingRow {
    OnboardingRow {
        id: m.id,
        name: m.name,
        county: m.county,
        status: ConnectionStatus::from_code(&m.connection_status)
            .unwrap_or(ConnectionStatus::Preparation),
        preparation_on: m.dates.preparation_on.map(|d| d.to_string()),
        connection_on: m.dates.connection_on.map(|d| d.to_string()),
        live_on: m.dates.live_on.map(|d| d.to_string()),
        joint_office: m.joint_office,
        joint_office_members: m.joint_office_members,
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
    let found = gazetteer::operator_page(
        db,
        q,
        status.map(ConnectionStatus::code),
        PageNumber::new(page),
        ONBOARDING_PAGE_SIZE,
    )
    .await?;
    Ok(Page {
        items: found.items.into_iter().map(row).collect(),
        total: found.total,
        page: found.page,
        page_size: found.page_size,
    })
}

pub async fn get(
    db: &DatabaseConnection,
    principal: &Principal,
    id: MunicipalityId,
) -> Result<OnboardingRow, AppError> {
    require_operator(principal)?;
    let m = gazetteer::operator_row(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row(m))
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
    let m = gazetteer::operator_row(tx.conn(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let from =
        ConnectionStatus::from_code(&m.connection_status).unwrap_or(ConnectionStatus::Preparation);
    let previous = match from {
        ConnectionStatus::Preparation => m.dates.preparation_on,
        ConnectionStatus::Connection => m.dates.connection_on,
        ConnectionStatus::Live => m.dates.live_on,
    }
    .map(|d| d.to_string());
    check_transition(from, previous.as_deref(), to, &date.to_string())
        .map_err(|_| AppError::invalid("status", Problem::Malformed))?;
    let mut dates = ConnectionDates::default();
    match to {
        ConnectionStatus::Preparation => dates.preparation_on = Some(date),
        ConnectionStatus::Connection => dates.connection_on = Some(date),
        ConnectionStatus::Live => dates.live_on = Some(date),
    }
    gazetteer::set_connection(tx.conn(), id, to.code(), dates).await?;
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
    let seat = gazetteer::set_joint_office(tx.conn(), id, seat_name)
        .await?
        .map_err(|refusal| match refusal {
            JointOfficeRefusal::NotFound => AppError::NotFound,
            JointOfficeRefusal::UnknownSeat => {
                AppError::invalid("seat", Problem::from(FrameworkProblem::UnknownMunicipality))
            }
            JointOfficeRefusal::SeatStillServes => {
                AppError::invalid("seat", Problem::from(FrameworkProblem::SeatStillServes))
            }
        })?;
    tx.audit(AuditEvent::new(
        "municipality.joint_office",
        "municipality",
        Some(id.to_string()),
        match &seat {
            Some(seat) => format!("served by the joint office seated in {seat}"),
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
    gazetteer::link_by_id(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = members::prepare_member(form).await?;
    let tx = TenantTx::begin_as_operator(db, principal, id).await?;
    let user = members::create_member(&tx, member, Role::MunicipalityAdmin).await?;
    tx.commit().await?;
    Ok(user)
}
