//! What other systems may know of citizens (server only): their names and birth dates, read
//! through these functions rather than the `citizen` table. Citizens are national (one
//! person for every municipality); a tenant handle reads them on behalf of its municipality.
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};

use super::oidc::Identity;
use crate::db::citizen;
use openasp_core::error::AppError;
use openasp_framework::members::new_row_id;
use openasp_framework::tenancy::{TenantTx, now};

/// A citizen as other systems see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenSummary {
    pub id: i64,
    pub family_name: String,
    pub given_name: String,
    /// As the central authentication service gave it (`YYYY-MM-DD`), if it did.
    pub birth_date: Option<String>,
}

impl CitizenSummary {
    /// Hungarian order: family name first.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.family_name, self.given_name)
    }
}

impl From<citizen::Model> for CitizenSummary {
    fn from(row: citizen::Model) -> CitizenSummary {
        CitizenSummary {
            id: row.id,
            family_name: row.family_name,
            given_name: row.given_name,
            birth_date: row.birth_date,
        }
    }
}

/// The citizens of `ids` that exist, by id (duplicates are read once; no ids, no query).
pub async fn summaries(
    tx: &TenantTx,
    ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, CitizenSummary>, AppError> {
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(citizen::Entity::find()
        .filter(citizen::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|row| (row.id, CitizenSummary::from(row)))
        .collect())
}

/// The citizens with exactly this name and birth date: at most two (enough to tell one
/// from several).
pub async fn find_by_name_and_birth(
    tx: &TenantTx,
    family: &str,
    given: &str,
    birth_date: &str,
) -> Result<Vec<CitizenSummary>, AppError> {
    Ok(citizen::Entity::find()
        .filter(citizen::Column::FamilyName.eq(family))
        .filter(citizen::Column::GivenName.eq(given))
        .filter(citizen::Column::BirthDate.eq(birth_date))
        .limit(2)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(CitizenSummary::from)
        .collect())
}

/// Creates the account of a citizen who accepted the terms now; returns its id.
pub async fn register<C: ConnectionTrait>(conn: &C, identity: &Identity) -> Result<i64, AppError> {
    let id = new_row_id();
    let at = now();
    citizen::Entity::insert(citizen::ActiveModel {
        id: Set(id),
        issuer: Set(identity.issuer.clone()),
        subject: Set(identity.subject.clone()),
        family_name: Set(identity.family_name.clone()),
        given_name: Set(identity.given_name.clone()),
        birth_name: Set(identity.birth_name.clone()),
        mother_birth_name: Set(identity.mother_birth_name.clone()),
        birth_place: Set(identity.birth_place.clone()),
        birth_date: Set(identity.birth_date.clone()),
        email: Set(None),
        terms_accepted_at: Set(at),
        created_at: Set(at),
        last_login_at: Set(at),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}
