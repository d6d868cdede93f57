//! Appending to, reading and verifying the hash-chained audit log (server only).
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};

use super::audit_chain::{
    ChainBreak, EntryContent, GENESIS_HASH, StoredEntry, entry_hash, verify_head, verify_segment,
};
use super::tenancy::{Actor, RequestMeta, now};
use crate::db::{audit_chain_head, audit_log};
use openasp_core::error::AppError;
use openasp_core::ids::MunicipalityId;

/// What happened, as the caller describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Dotted, stable code: `login.success`, `role.grant`, `personal_data.read`, …
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    /// Human-readable detail (no secrets).
    pub summary: String,
}

impl AuditEvent {
    pub fn new(
        action: &str,
        object_type: &str,
        object_id: Option<String>,
        summary: impl Into<String>,
    ) -> AuditEvent {
        AuditEvent {
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id,
            summary: summary.into(),
        }
    }
}

/// Locks `municipality`'s audit chain for the rest of the transaction (creating its head if
/// need be). Appending takes this lock anyway; rules that count before they change (the last
/// administrator) take it first, so that two such changes run one after the other.
pub(crate) async fn lock_chain<C: ConnectionTrait>(
    conn: &C,
    municipality: MunicipalityId,
) -> Result<(), AppError> {
    let backend = conn.get_database_backend();
    let (insert_head, lock_head) = match backend {
        DatabaseBackend::Postgres => (
            "INSERT INTO audit_chain_head (municipality_id, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING",
            "UPDATE audit_chain_head SET last_seq = last_seq WHERE municipality_id = $1",
        ),
        _ => (
            "INSERT INTO audit_chain_head (municipality_id, last_seq, last_hash) VALUES (?, 0, ?) ON CONFLICT DO NOTHING",
            "UPDATE audit_chain_head SET last_seq = last_seq WHERE municipality_id = ?",
        ),
    };
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        insert_head,
        [municipality.0.into(), GENESIS_HASH.into()],
    ))
    .await?;
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        lock_head,
        [municipality.0.into()],
    ))
    .await?;
    Ok(())
}

/// The timestamp format the hash covers (microseconds, UTC).
pub fn hash_time(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Appends one entry to `municipality`'s chain.
///
/// The chain head is locked first (an UPDATE: a row lock on PostgreSQL, the write lock on
/// SQLite), so concurrent writers of one chain queue up instead of forking it.
pub(crate) async fn append<C: ConnectionTrait>(
    conn: &C,
    municipality: MunicipalityId,
    actor: &Actor,
    meta: &RequestMeta,
    event: AuditEvent,
) -> Result<(), AppError> {
    lock_chain(conn, municipality).await?;
    let head = audit_chain_head::Entity::find_by_id(municipality.0)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::internal("audit chain head vanished"))?;

    let seq = head.last_seq + 1;
    let occurred_at = now();
    let time = hash_time(&occurred_at);
    let actor_user_id = actor.user_id.map(|id| id.0);
    let content = EntryContent {
        municipality_id: municipality.0,
        seq,
        occurred_at: &time,
        actor_user_id,
        actor_name: &actor.name,
        action: &event.action,
        object_type: &event.object_type,
        object_id: event.object_id.as_deref(),
        summary: &event.summary,
        ip: meta.ip.as_deref(),
        request_id: meta.request_id.as_deref(),
    };
    let hash = entry_hash(&head.last_hash, &content);
    audit_log::Entity::insert(audit_log::ActiveModel {
        municipality_id: Set(municipality.0),
        seq: Set(seq),
        occurred_at: Set(occurred_at),
        actor_user_id: Set(actor_user_id),
        actor_name: Set(actor.name.clone()),
        action: Set(event.action.clone()),
        object_type: Set(event.object_type.clone()),
        object_id: Set(event.object_id.clone()),
        summary: Set(event.summary.clone()),
        ip: Set(meta.ip.clone()),
        request_id: Set(meta.request_id.clone()),
        prev_hash: Set(head.last_hash.clone()),
        hash: Set(hash.clone()),
    })
    .exec_without_returning(conn)
    .await?;
    audit_chain_head::Entity::update(audit_chain_head::ActiveModel {
        municipality_id: Set(municipality.0),
        last_seq: Set(seq),
        last_hash: Set(hash),
    })
    .exec(conn)
    .await?;
    Ok(())
}

pub fn stored_entry(row: audit_log::Model) -> StoredEntry {
    StoredEntry {
        municipality_id: row.municipality_id,
        seq: row.seq,
        occurred_at: hash_time(&row.occurred_at),
        actor_user_id: row.actor_user_id,
        actor_name: row.actor_name,
        action: row.action,
        object_type: row.object_type,
        object_id: row.object_id,
        summary: row.summary,
        ip: row.ip,
        request_id: row.request_id,
        prev_hash: row.prev_hash,
        hash: row.hash,
    }
}

/// Rows read per batch while verifying, so a long chain never sits in memory whole.
const VERIFY_BATCH: u64 = 1000;

/// Verifies one chain against its recorded head. Returns the number of entries checked.
pub async fn verify_municipality_chain<C: ConnectionTrait>(
    conn: &C,
    municipality: MunicipalityId,
) -> Result<Result<u64, ChainBreak>, AppError> {
    let head = audit_chain_head::Entity::find_by_id(municipality.0)
        .one(conn)
        .await?;
    let head_bound = head.as_ref().map(|h| h.last_seq).unwrap_or(i64::MAX);
    let mut checked: u64 = 0;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut last_seq = 0i64;
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::MunicipalityId.eq(municipality))
            .filter(audit_log::Column::Seq.gt(last_seq))
            // Entries appended after the head was read are the next check's business: on a
            // live database they would otherwise look like a broken head.
            .filter(audit_log::Column::Seq.lte(head_bound))
            .order_by_asc(audit_log::Column::Seq)
            .limit(VERIFY_BATCH)
            .all(conn)
            .await?;
        if batch.is_empty() {
            break;
        }
        let entries: Vec<StoredEntry> = batch.into_iter().map(stored_entry).collect();
        if let Err(problem) = verify_segment(&entries, last_seq, &prev_hash) {
            return Ok(Err(problem));
        }
        checked += entries.len() as u64;
        if let Some(last) = entries.last() {
            last_seq = last.seq;
            prev_hash = last.hash.clone();
        }
    }
    let head = head.map(|h| (h.last_seq, h.last_hash));
    if let Err(problem) = verify_head(
        last_seq,
        &prev_hash,
        head.as_ref().map(|(seq, hash)| (*seq, hash.as_str())),
    ) {
        return Ok(Err(problem));
    }
    Ok(Ok(checked))
}

/// Verifies every chain, through an audited system handle (the `verify-audit` command).
pub async fn verify_all(
    db: &sea_orm::DatabaseConnection,
) -> Result<Vec<(MunicipalityId, Result<u64, ChainBreak>)>, AppError> {
    use super::tenancy::{SystemPurpose, SystemTx};
    let tx = SystemTx::begin(
        db,
        Actor::system("verify-audit"),
        SystemPurpose::AuditVerification,
    )
    .await?;
    let mut results = Vec::new();
    for chain in all_chains(tx.conn()).await? {
        results.push((chain, verify_municipality_chain(tx.conn(), chain).await?));
    }
    tx.commit().await?;
    Ok(results)
}

/// Every chain that exists (for the verification command).
pub async fn all_chains<C: ConnectionTrait>(conn: &C) -> Result<Vec<MunicipalityId>, AppError> {
    let ids: Vec<i32> = audit_chain_head::Entity::find()
        .select_only()
        .column(audit_chain_head::Column::MunicipalityId)
        .order_by_asc(audit_chain_head::Column::MunicipalityId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().map(MunicipalityId).collect())
}

/// Filters of the audit browser.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditQuery {
    pub actor: String,
    pub action: String,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub page: u64,
}

pub const AUDIT_PAGE_SIZE: u64 = 25;

/// One page of a chain, newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    municipality: MunicipalityId,
    query: &AuditQuery,
) -> Result<(Vec<audit_log::Model>, u64), AppError> {
    let mut select =
        audit_log::Entity::find().filter(audit_log::Column::MunicipalityId.eq(municipality));
    if !query.actor.trim().is_empty() {
        select = select.filter(audit_log::Column::ActorName.contains(query.actor.trim()));
    }
    if !query.action.trim().is_empty() {
        select = select.filter(audit_log::Column::Action.starts_with(query.action.trim()));
    }
    if let Some(from) = query.from {
        select = select.filter(audit_log::Column::OccurredAt.gte(from));
    }
    if let Some(until) = query.until {
        select = select.filter(audit_log::Column::OccurredAt.lt(until));
    }
    let total = select.clone().count(conn).await?;
    let page = openasp_core::paging::PageNumber::new(query.page);
    let rows = select
        .order_by_desc(audit_log::Column::Seq)
        .offset(page.offset(AUDIT_PAGE_SIZE))
        .limit(AUDIT_PAGE_SIZE)
        .all(conn)
        .await?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_time_has_microseconds() {
        let at = DateTime::from_timestamp_micros(1_795_000_000_123_456).unwrap();
        assert_eq!(hash_time(&at), "2026-11-18T11:06:40.123456Z");
    }
}
