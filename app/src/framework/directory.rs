//! Assembling the signed-in user's view: memberships, roles, systems (server only).
use sea_orm::{DatabaseConnection, EntityTrait};

use super::api_types::{MunicipalityRef, SignedInUser};
use super::auth::memberships;
use super::roles::systems_of;
use super::session::Principal;
use super::tenancy::{Actor, PlatformTx};
use crate::db::municipality;
use openasp_core::error::AppError;

pub async fn current_user(
    db: &DatabaseConnection,
    principal: &Principal,
) -> Result<SignedInUser, AppError> {
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    let memberships: Vec<MunicipalityRef> = memberships(tx.conn(), principal.user_id)
        .await?
        .into_iter()
        .map(|(id, name)| MunicipalityRef { id, name })
        .collect();
    tx.commit().await?;
    let (municipality, roles) = match principal.municipality {
        Some(id) => {
            // Roles are read in the municipality's own scope (substitutions need its grants).
            let scoped = super::tenancy::TenantTx::begin_in(db, principal, id).await;
            match scoped {
                Ok(tx) => {
                    let roles = tx.roles().clone();
                    tx.commit().await?;
                    let name = municipality::Entity::find_by_id(id.0)
                        .one(db)
                        .await?
                        .map(|m| m.name)
                        .unwrap_or_default();
                    (Some(MunicipalityRef { id, name }), roles)
                }
                Err(AppError::NoMunicipality) => (None, Default::default()),
                Err(other) => return Err(other),
            }
        }
        None => (None, Default::default()),
    };
    Ok(SignedInUser {
        id: principal.user_id,
        username: principal.username.clone(),
        display_name: principal.display_name.clone(),
        municipality,
        memberships,
        systems: systems_of(&roles),
        roles: roles.into_iter().collect(),
        platform_roles: principal.platform_roles.iter().copied().collect(),
        totp_enabled: principal.totp_enabled,
    })
}
