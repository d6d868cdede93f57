//! Database handles that carry who acts and where. Tenant data is reachable only through a
//! [`TenantTx`], built from the authenticated request after a membership check; the rest of
//! the code never gets a bare connection for tenant tables.
//!
//! Every handle is one transaction. On PostgreSQL it also sets, transaction-locally and as
//! bound parameters, `openasp.municipality_id` (and `openasp.user_id`), which the row-level
//! security policies check: a query that forgot its `municipality_id` filter still sees only
//! the acting municipality's rows.
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Statement, TransactionTrait,
};

use super::audit::{self, AuditEvent};
use super::roles::{GrantFact, PlatformRole, Role, SubstitutionFact, effective_roles};
use super::session::Principal;
use crate::db::{role_grant, substitution};
use openasp_core::error::AppError;
use openasp_core::ids::{MunicipalityId, UserId};

/// The header in which the server passes on the peer's address (set by the server only).
pub const PEER_ADDRESS_HEADER: &str = "x-openasp-peer-address";

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    /// Reads the request being served (inside a server function or page render).
    pub fn current() -> RequestMeta {
        let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else {
            return RequestMeta::default();
        };
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let ip = header(PEER_ADDRESS_HEADER);
        RequestMeta {
            ip,
            request_id: header("x-request-id"),
            user_agent: header("user-agent").map(|ua| ua.chars().take(300).collect()),
        }
    }
}

/// Who performs an action, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub name: String,
    /// Where the request came from. Captured when the request is first read: request
    /// context is not reliably available after an `.await` inside a page render.
    pub meta: RequestMeta,
}

impl Actor {
    pub fn of(principal: &Principal) -> Actor {
        Actor {
            user_id: Some(principal.user_id),
            name: format!("{} ({})", principal.display_name, principal.username),
            meta: principal.meta.clone(),
        }
    }

    /// A person not (yet) known: the username typed at a failed sign-in.
    pub fn anonymous(label: &str, meta: RequestMeta) -> Actor {
        Actor {
            user_id: None,
            name: label.chars().take(80).collect(),
            meta,
        }
    }

    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: format!("system: {name}"),
            meta: RequestMeta::default(),
        }
    }
}

/// Now, truncated to microseconds: what both databases store exactly.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

async fn set_local(txn: &DatabaseTransaction, key: &str, value: &str) -> Result<(), AppError> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT set_config($1, $2, true)",
            [key.into(), value.into()],
        ))
        .await?;
    }
    Ok(())
}

async fn begin_scoped(
    db: &DatabaseConnection,
    municipality: MunicipalityId,
    user: Option<UserId>,
) -> Result<DatabaseTransaction, AppError> {
    let txn = db.begin().await?;
    set_local(&txn, "openasp.municipality_id", &municipality.0.to_string()).await?;
    if let Some(user) = user {
        set_local(&txn, "openasp.user_id", &user.0.to_string()).await?;
    }
    Ok(txn)
}

/// The roles `user` may use in `municipality` now (own grants and substitutions).
pub async fn load_effective_roles<C: ConnectionTrait>(
    conn: &C,
    municipality: MunicipalityId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<BTreeSet<Role>, AppError> {
    Ok(load_roles(conn, municipality, user, at).await?.0)
}

/// The roles `user` may use in `municipality` now, and those of them they hold themselves
/// (not merely as a substitute): only the latter may be handed on.
pub async fn load_roles<C: ConnectionTrait>(
    conn: &C,
    municipality: MunicipalityId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<(BTreeSet<Role>, BTreeSet<Role>), AppError> {
    let subs = substitution::Entity::find()
        .filter(substitution::Column::MunicipalityId.eq(municipality))
        .filter(substitution::Column::SubstituteUserId.eq(user))
        .filter(substitution::Column::RevokedAt.is_null())
        .filter(substitution::Column::ValidFrom.lte(at))
        .filter(substitution::Column::ValidUntil.gt(at))
        .all(conn)
        .await?;
    let mut people: Vec<i64> = subs.iter().map(|s| s.absent_user_id).collect();
    people.push(user.0);
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(municipality))
        .filter(role_grant::Column::UserId.is_in(people))
        .filter(role_grant::Column::RevokedAt.is_null())
        .all(conn)
        .await?;
    let grants = grants.iter().filter_map(grant_fact).collect::<Vec<_>>();
    let subs = subs
        .iter()
        .filter_map(substitution_fact)
        .collect::<Vec<_>>();
    Ok((
        effective_roles(user, &grants, &subs, at.timestamp()),
        effective_roles(user, &grants, &[], at.timestamp()),
    ))
}

pub fn grant_fact(g: &role_grant::Model) -> Option<GrantFact> {
    Some(GrantFact {
        user: UserId(g.user_id),
        role: Role::from_code(&g.role)?,
        valid_from: g.valid_from.timestamp(),
        valid_until: g.valid_until.map(|t| t.timestamp()),
        revoked: g.revoked_at.is_some(),
    })
}

pub fn substitution_fact(s: &substitution::Model) -> Option<SubstitutionFact> {
    Some(SubstitutionFact {
        absent: UserId(s.absent_user_id),
        substitute: UserId(s.substitute_user_id),
        role: Role::from_code(&s.role)?,
        valid_from: s.valid_from.timestamp(),
        valid_until: s.valid_until.timestamp(),
        revoked: s.revoked_at.is_some(),
    })
}

/// A transaction acting in exactly one municipality on behalf of one of its members.
pub struct TenantTx {
    txn: DatabaseTransaction,
    municipality: MunicipalityId,
    actor: Actor,
    meta: RequestMeta,
    roles: BTreeSet<Role>,
    /// The roles held by the principal's own grants (not as a substitute).
    own_roles: BTreeSet<Role>,
    platform_roles: BTreeSet<PlatformRole>,
}

impl TenantTx {
    /// Opens the handle for the municipality the principal acts in, if they are a member now.
    pub async fn begin(
        db: &DatabaseConnection,
        principal: &Principal,
    ) -> Result<TenantTx, AppError> {
        let municipality = principal.municipality.ok_or(AppError::NoMunicipality)?;
        TenantTx::begin_in(db, principal, municipality).await
    }

    /// Opens the handle for `municipality`, if the principal is a member there now.
    pub async fn begin_in(
        db: &DatabaseConnection,
        principal: &Principal,
        municipality: MunicipalityId,
    ) -> Result<TenantTx, AppError> {
        let handle = TenantTx::open(db, principal, municipality).await?;
        if handle.roles.is_empty() {
            return Err(AppError::NoMunicipality);
        }
        Ok(handle)
    }

    /// An onboarding operator acting in a municipality they are not a member of (to set up
    /// its first administrator). Everything done is audited in that municipality's chain.
    pub async fn begin_as_operator(
        db: &DatabaseConnection,
        principal: &Principal,
        municipality: MunicipalityId,
    ) -> Result<TenantTx, AppError> {
        if !principal.platform_roles.contains(&PlatformRole::Onboarding) {
            return Err(AppError::Forbidden);
        }
        TenantTx::open(db, principal, municipality).await
    }

    /// The scoped transaction with the principal's roles there (possibly none).
    async fn open(
        db: &DatabaseConnection,
        principal: &Principal,
        municipality: MunicipalityId,
    ) -> Result<TenantTx, AppError> {
        // No `openasp.user_id` here: the policy letting users read their own grants elsewhere
        // must not widen what a tenant transaction can see.
        let txn = begin_scoped(db, municipality, None).await?;
        let (roles, own_roles) = load_roles(&txn, municipality, principal.user_id, now()).await?;
        Ok(TenantTx {
            txn,
            municipality,
            actor: Actor::of(principal),
            meta: principal.meta.clone(),
            roles,
            own_roles,
            platform_roles: principal.platform_roles.clone(),
        })
    }

    pub fn municipality(&self) -> MunicipalityId {
        self.municipality
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn roles(&self) -> &BTreeSet<Role> {
        &self.roles
    }

    /// The roles the principal holds themselves; what they may grant is judged by these.
    pub fn own_roles(&self) -> &BTreeSet<Role> {
        &self.own_roles
    }

    pub fn platform_roles(&self) -> &BTreeSet<PlatformRole> {
        &self.platform_roles
    }

    pub fn require_role(&self, role: Role) -> Result<(), AppError> {
        if self.roles.contains(&role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The connection, for this crate's repositories. They must still filter by
    /// [`TenantTx::municipality`]: row-level security is the backstop, not the plan.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Serialises this transaction with every other change of the municipality from here on
    /// (for rules that count before they change).
    pub async fn lock_municipality(&self) -> Result<(), AppError> {
        audit::lock_chain(&self.txn, self.municipality).await
    }

    /// Appends to this municipality's audit chain, inside this transaction.
    pub async fn audit(&self, event: AuditEvent) -> Result<(), AppError> {
        audit::append(&self.txn, self.municipality, &self.actor, &self.meta, event).await
    }

    pub async fn commit(self) -> Result<(), AppError> {
        Ok(self.txn.commit().await?)
    }
}

/// A transaction on platform tables (accounts, sessions), audited in the platform's chain.
pub struct PlatformTx {
    txn: DatabaseTransaction,
    actor: Actor,
    meta: RequestMeta,
}

impl PlatformTx {
    pub async fn begin(db: &DatabaseConnection, actor: Actor) -> Result<PlatformTx, AppError> {
        let txn = begin_scoped(db, MunicipalityId::PLATFORM, actor.user_id).await?;
        Ok(PlatformTx {
            txn,
            meta: actor.meta.clone(),
            actor,
        })
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    pub async fn audit(&self, event: AuditEvent) -> Result<(), AppError> {
        audit::append(
            &self.txn,
            MunicipalityId::PLATFORM,
            &self.actor,
            &self.meta,
            event,
        )
        .await
    }

    pub async fn commit(self) -> Result<(), AppError> {
        Ok(self.txn.commit().await?)
    }
}

/// Why a system handle was opened; each purpose is named so that the audit log says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemPurpose {
    /// Checking every audit chain (the `verify-audit` command).
    AuditVerification,
    /// Loading demo data into several municipalities.
    DemoData,
    /// Generating bulk records for benchmarks (`openasp seed-records`).
    BulkSeed,
}

impl SystemPurpose {
    pub fn code(self) -> &'static str {
        match self {
            SystemPurpose::AuditVerification => "audit_verification",
            SystemPurpose::DemoData => "demo_data",
            SystemPurpose::BulkSeed => "bulk_seed",
        }
    }
}

/// The one way to reach several municipalities' data at once. Its use is recorded in the
/// platform's audit chain in the same transaction, so no committed use goes unrecorded.
pub struct SystemTx {
    txn: DatabaseTransaction,
    actor: Actor,
    meta: RequestMeta,
    purpose: SystemPurpose,
}

impl SystemTx {
    pub async fn begin(
        db: &DatabaseConnection,
        actor: Actor,
        purpose: SystemPurpose,
    ) -> Result<SystemTx, AppError> {
        let txn = db.begin().await?;
        set_local(&txn, "openasp.system_access", "on").await?;
        Ok(SystemTx {
            txn,
            meta: actor.meta.clone(),
            actor,
            purpose,
        })
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Appends to `municipality`'s chain on the system's behalf.
    pub async fn audit_in(
        &self,
        municipality: MunicipalityId,
        event: AuditEvent,
    ) -> Result<(), AppError> {
        audit::append(&self.txn, municipality, &self.actor, &self.meta, event).await
    }

    /// Records the use in the platform's chain and commits. The record is written last so
    /// that a long system job does not hold the platform chain (and every sign-in) locked;
    /// a job that never commits changed nothing.
    pub async fn commit(self) -> Result<(), AppError> {
        audit::append(
            &self.txn,
            MunicipalityId::PLATFORM,
            &self.actor,
            &self.meta,
            AuditEvent::new("system.access", "system", None, self.purpose.code()),
        )
        .await?;
        Ok(self.txn.commit().await?)
    }
}

/// The citizen portal (e-ügyintézés) acting in one municipality, for a citizen or a visitor.
/// Citizens are no members, so the handle holds no staff role; only the filing of a submitted
/// form, which the municipality's portal intake registers automatically, gets the records
/// clerk's right for that one step (`intake`).
impl TenantTx {
    pub async fn begin_portal(
        db: &DatabaseConnection,
        municipality: MunicipalityId,
        actor: Actor,
        intake: bool,
    ) -> Result<TenantTx, AppError> {
        let txn = begin_scoped(db, municipality, None).await?;
        let roles: BTreeSet<Role> = if intake {
            BTreeSet::from([Role::RecordsClerk])
        } else {
            BTreeSet::new()
        };
        Ok(TenantTx {
            txn,
            municipality,
            meta: actor.meta.clone(),
            actor,
            roles,
            own_roles: BTreeSet::new(),
            platform_roles: BTreeSet::new(),
        })
    }
}

/// Anonymous, read-only access to one municipality's public data (its published website),
/// for visitors who sign in to nothing. It is scoped like a [`TenantTx`] (row-level security
/// sees exactly that municipality) and read-only on PostgreSQL; it carries no roles and
/// writes no audit entries, and its connection reaches only this crate's public readers,
/// which must return published content only.
pub struct PublicReadTx {
    txn: DatabaseTransaction,
    municipality: MunicipalityId,
}

impl PublicReadTx {
    pub async fn begin(
        db: &DatabaseConnection,
        municipality: MunicipalityId,
    ) -> Result<PublicReadTx, AppError> {
        let txn = db.begin().await?;
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            txn.execute_unprepared("SET TRANSACTION READ ONLY").await?;
        }
        set_local(&txn, "openasp.municipality_id", &municipality.0.to_string()).await?;
        Ok(PublicReadTx { txn, municipality })
    }

    pub fn municipality(&self) -> MunicipalityId {
        self.municipality
    }

    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Ends the transaction (it changed nothing).
    pub async fn finish(self) -> Result<(), AppError> {
        Ok(self.txn.commit().await?)
    }
}
