//! Demo data: an operator, and clerks in three real municipalities — Gödöllő (own office) and
//! Fót and Csomád (one joint office, separate data). Loaded once; later starts find it there.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::audit::AuditEvent;
use super::auth::hash_password;
use super::connection::ConnectionStatus;
use super::members::new_row_id;
use super::roles::{PlatformRole, Role};
use super::tenancy::SystemTx;
use crate::db::{app_user, platform_role_grant, role_grant};
use openasp_core::error::AppError;
use openasp_core::ids::{MunicipalityId, UserId};

/// Every demo account's password (printed in the README; never use outside a demo).
pub const DEMO_PASSWORD: &str = "openasp-demo-2026";

pub const GODOLLO: &str = "Gödöllő";
pub const FOT: &str = "Fót";
pub const CSOMAD: &str = "Csomád";

/// (username, name, platform roles, [(municipality, roles)])
type DemoUser = (
    &'static str,
    &'static str,
    &'static [PlatformRole],
    &'static [(&'static str, &'static [Role])],
);

pub const DEMO_USERS: &[DemoUser] = &[
    (
        "operator",
        "Oláh Orsolya",
        &[PlatformRole::Onboarding, PlatformRole::Helpdesk],
        &[],
    ),
    ("godollo.admin", "Gál Gábor", &[], &[(GODOLLO, &Role::ALL)]),
    (
        "godollo.iktato",
        "Gergely Gréta",
        &[],
        &[(GODOLLO, &[Role::RecordsClerk])],
    ),
    (
        "godollo.vezeto",
        "Gulyás Gabriella",
        &[],
        &[(GODOLLO, &[Role::RecordsHead, Role::RecordsClerk])],
    ),
    (
        "godollo.ado",
        "Győri Gyula",
        &[],
        &[(GODOLLO, &[Role::TaxClerk])],
    ),
    (
        "fot.jegyzo",
        "Fehér Ferenc",
        &[],
        &[(FOT, &Role::ALL), (CSOMAD, &Role::ALL)],
    ),
    (
        "kozos.ugyintezo",
        "Kovács Klára",
        &[],
        &[
            (FOT, &[Role::RecordsClerk, Role::TaxClerk]),
            (CSOMAD, &[Role::RecordsClerk]),
        ],
    ),
    (
        "csomad.honlap",
        "Csonka Csilla",
        &[],
        &[(CSOMAD, &[Role::WebsiteEditor])],
    ),
];

async fn municipality_id<C: sea_orm::ConnectionTrait>(
    db: &C,
    name: &str,
) -> Result<MunicipalityId, AppError> {
    openasp_gazetteer::repo::id_by_name(db, name)
        .await?
        .ok_or_else(|| {
            AppError::internal(format!(
                "demo municipality {name} missing from the gazetteer"
            ))
        })
}

/// Whether the demo accounts are there already (the demo is loaded once).
pub async fn loaded(db: &DatabaseConnection) -> Result<bool, AppError> {
    let exists = app_user::Entity::find()
        .filter(app_user::Column::Username.eq("operator"))
        .count(db)
        .await?;
    Ok(exists > 0)
}

/// The demo municipalities by name, for the other systems' demo data.
pub async fn municipalities(
    tx: &SystemTx,
) -> Result<std::collections::HashMap<&'static str, MunicipalityId>, AppError> {
    let mut ids = std::collections::HashMap::new();
    for name in [GODOLLO, FOT, CSOMAD] {
        ids.insert(name, municipality_id(tx.conn(), name).await?);
    }
    Ok(ids)
}

/// The framework's demo data: the demo municipalities connected and live, and the demo
/// accounts with their roles (in the caller's system transaction).
pub async fn load(tx: &SystemTx, at: chrono::DateTime<chrono::Utc>) -> Result<(), AppError> {
    let hash = hash_password(DEMO_PASSWORD.to_owned()).await?;
    let today = at.date_naive();
    for name in [GODOLLO, FOT, CSOMAD] {
        let id = municipality_id(tx.conn(), name).await?;
        openasp_gazetteer::repo::set_connection(
            tx.conn(),
            id,
            ConnectionStatus::Live.code(),
            openasp_gazetteer::repo::ConnectionDates {
                preparation_on: Some(today - chrono::Duration::days(120)),
                connection_on: Some(today - chrono::Duration::days(60)),
                live_on: Some(today - chrono::Duration::days(30)),
            },
        )
        .await?;
    }
    for (username, display_name, platform_roles, grants) in DEMO_USERS {
        let user = app_user::Entity::insert(app_user::ActiveModel {
            username: Set((*username).to_owned()),
            display_name: Set((*display_name).to_owned()),
            email: Set(Some(format!("{username}@demo.openasp.hu"))),
            password_hash: Set(hash.clone()),
            totp_secret: Set(None),
            totp_enabled: Set(false),
            totp_last_step: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            is_active: Set(true),
            created_at: Set(at),
            password_changed_at: Set(at),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let user_id = UserId(user.last_insert_id);
        for role in *platform_roles {
            platform_role_grant::Entity::insert(platform_role_grant::ActiveModel {
                user_id: Set(user_id.0),
                role: Set(role.code().to_owned()),
                granted_by: Set(None),
                granted_at: Set(at),
            })
            .exec_without_returning(tx.conn())
            .await?;
        }
        for (municipality_name, roles) in *grants {
            let municipality = municipality_id(tx.conn(), municipality_name).await?;
            for role in *roles {
                role_grant::Entity::insert(role_grant::ActiveModel {
                    municipality_id: Set(municipality.0),
                    id: Set(new_row_id()),
                    user_id: Set(user_id.0),
                    role: Set(role.code().to_owned()),
                    valid_from: Set(at),
                    valid_until: Set(None),
                    granted_by: Set(None),
                    granted_at: Set(at),
                    revoked_at: Set(None),
                    revoked_by: Set(None),
                })
                .exec_without_returning(tx.conn())
                .await?;
            }
            tx.audit_in(
                municipality,
                AuditEvent::new(
                    "role.grant",
                    "user",
                    Some(user_id.to_string()),
                    format!(
                        "demo data: {}",
                        roles
                            .iter()
                            .map(|r| r.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            )
            .await?;
        }
    }
    Ok(())
}
