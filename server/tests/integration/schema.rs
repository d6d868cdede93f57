//! The layout rules of the migrated schema, read from the database's own catalogue: tenant
//! keys lead with `municipality_id` (so the data can be sharded by municipality), and on
//! PostgreSQL every tenant table is under forced row-level security.
use std::collections::{BTreeMap, BTreeSet};

use openasp_migrations::TENANT_TABLES;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use crate::both_backends;
use crate::support::*;

/// Tables that carry a `municipality_id` without being owned by a municipality.
const NOT_TENANT_OWNED: &[(&str, &str)] = &[
    (
        "municipality_postal_code",
        "national reference data: which postal codes a municipality has",
    ),
    (
        "user_session",
        "platform table: a session belongs to an account; the column is only the \
         municipality the session currently acts in",
    ),
    (
        "website_host",
        "platform routing table: which host name serves which municipality's website, \
         read before any municipality is known; a host name is unique platform-wide",
    ),
];

#[derive(Debug, Default)]
struct Table {
    columns: Vec<String>,
    primary_key: Vec<String>,
    foreign_keys: Vec<ForeignKey>,
}

/// (position in the key, column here, column in the referenced table)
type KeyColumn = (i32, String, String);

#[derive(Debug)]
struct ForeignKey {
    to_table: String,
    from: Vec<String>,
    to: Vec<String>,
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
}

fn split(list: &str) -> Vec<String> {
    list.split(',').map(str::to_owned).collect()
}

/// The application's tables (not the migration bookkeeping).
async fn inspect(db: &DatabaseConnection) -> BTreeMap<String, Table> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            for row in rows(
                db,
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
                 WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
            )
            .await
            {
                let table: String = row.try_get("", "t").unwrap();
                tables
                    .entry(table)
                    .or_default()
                    .columns
                    .push(row.try_get("", "c").unwrap());
            }
            let key_columns = |keys: &str, rel: &str| {
                format!(
                    "(SELECT string_agg(a.attname::text, ',' ORDER BY k.ord)
                      FROM unnest(con.{keys}) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.{rel} AND a.attnum = k.attnum)"
                )
            };
            for row in rows(
                db,
                &format!(
                    "SELECT c.relname::text AS t, con.contype::text AS kind,
                            coalesce(f.relname::text, '') AS to_table,
                            {} AS from_cols, coalesce({}, '') AS to_cols
                     FROM pg_constraint con
                     JOIN pg_class c ON c.oid = con.conrelid
                     LEFT JOIN pg_class f ON f.oid = con.confrelid
                     WHERE c.relnamespace = 'public'::regnamespace AND con.contype IN ('p', 'f')
                     ORDER BY con.conname",
                    key_columns("conkey", "conrelid"),
                    key_columns("confkey", "confrelid"),
                ),
            )
            .await
            {
                let table: String = row.try_get("", "t").unwrap();
                let kind: String = row.try_get("", "kind").unwrap();
                let from = split(&row.try_get::<String>("", "from_cols").unwrap());
                let entry = tables.entry(table).or_default();
                if kind == "p" {
                    entry.primary_key = from;
                } else {
                    entry.foreign_keys.push(ForeignKey {
                        to_table: row.try_get("", "to_table").unwrap(),
                        from,
                        to: split(&row.try_get::<String>("", "to_cols").unwrap()),
                    });
                }
            }
        }
        _ => {
            let names: Vec<String> = rows(
                db,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .await
            .into_iter()
            .map(|row| row.try_get("", "name").unwrap())
            .collect();
            for name in names {
                let mut table = Table::default();
                let mut key: Vec<(i32, String)> = Vec::new();
                for row in rows(db, &format!("PRAGMA table_info('{name}')")).await {
                    let column: String = row.try_get("", "name").unwrap();
                    let pk: i32 = row.try_get("", "pk").unwrap();
                    if pk > 0 {
                        key.push((pk, column.clone()));
                    }
                    table.columns.push(column);
                }
                key.sort();
                table.primary_key = key.into_iter().map(|(_, c)| c).collect();
                let mut foreign: BTreeMap<i32, (String, Vec<KeyColumn>)> = BTreeMap::new();
                for row in rows(db, &format!("PRAGMA foreign_key_list('{name}')")).await {
                    let id: i32 = row.try_get("", "id").unwrap();
                    let seq: i32 = row.try_get("", "seq").unwrap();
                    let to_table: String = row.try_get("", "table").unwrap();
                    let from: String = row.try_get("", "from").unwrap();
                    let to: String = row.try_get("", "to").unwrap();
                    foreign
                        .entry(id)
                        .or_insert_with(|| (to_table, Vec::new()))
                        .1
                        .push((seq, from, to));
                }
                for (_, (to_table, mut columns)) in foreign {
                    columns.sort();
                    table.foreign_keys.push(ForeignKey {
                        to_table,
                        from: columns.iter().map(|(_, f, _)| f.clone()).collect(),
                        to: columns.iter().map(|(_, _, t)| t.clone()).collect(),
                    });
                }
                tables.insert(name, table);
            }
        }
    }
    tables.remove("seaql_migrations");
    tables
}

both_backends!(
    async fn tenant_keys_lead_with_the_municipality(backend: Backend) {
        let app = spawn_app(backend).await;
        let tables = inspect(&app.privileged_db().await).await;
        let with_municipality: BTreeSet<&str> = tables
            .iter()
            .filter(|(_, t)| t.columns.iter().any(|c| c == "municipality_id"))
            .map(|(name, _)| name.as_str())
            .collect();
        // The inspection found what the migrations made (the rules below are not vacuous).
        for table in TENANT_TABLES
            .iter()
            .chain(NOT_TENANT_OWNED.iter().map(|(t, _)| t))
        {
            assert!(with_municipality.contains(table), "{table}: {tables:?}");
        }
        assert_eq!(
            tables["role_grant"].foreign_keys.len(),
            2,
            "{:?}",
            tables["role_grant"]
        );
        assert!(tables.contains_key("app_user") && tables.contains_key("municipality"));

        let exempt: BTreeSet<&str> = NOT_TENANT_OWNED.iter().map(|(t, _)| *t).collect();
        let tenant: BTreeSet<&str> = TENANT_TABLES.iter().copied().collect();
        // Every table with a municipality is a tenant table, unless known and explained.
        let unlisted: Vec<&&str> = with_municipality
            .iter()
            .filter(|t| !tenant.contains(**t) && !exempt.contains(**t))
            .collect();
        assert!(
            unlisted.is_empty(),
            "tables with municipality_id missing from TENANT_TABLES: {unlisted:?}"
        );

        for (name, table) in &tables {
            let has_municipality = with_municipality.contains(name.as_str());
            if has_municipality && name != "user_session" {
                assert_eq!(
                    table.primary_key.first().map(String::as_str),
                    Some("municipality_id"),
                    "{name}: the primary key must lead with municipality_id: {:?}",
                    table.primary_key
                );
            }
            if !has_municipality {
                continue;
            }
            for key in &table.foreign_keys {
                let target_is_tenant = tables
                    .get(&key.to_table)
                    .is_some_and(|t| t.columns.iter().any(|c| c == "municipality_id"));
                if target_is_tenant {
                    assert_eq!(
                        (
                            key.from.first().map(String::as_str),
                            key.to.first().map(String::as_str)
                        ),
                        (Some("municipality_id"), Some("municipality_id")),
                        "{name} → {}: a key between tenant tables leads with municipality_id \
                         on both sides: {key:?}",
                        key.to_table
                    );
                }
            }
        }
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tenant_table_has_forced_row_level_security() {
    let app = spawn_app(Backend::Postgres).await;
    let db = app.privileged_db().await;
    let security: BTreeMap<String, (bool, bool)> = rows(
        &db,
        "SELECT relname::text AS t, relrowsecurity AS rls, relforcerowsecurity AS forced
         FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
    )
    .await
    .into_iter()
    .map(|row| {
        (
            row.try_get("", "t").unwrap(),
            (
                row.try_get("", "rls").unwrap(),
                row.try_get("", "forced").unwrap(),
            ),
        )
    })
    .collect();
    let policies: BTreeMap<String, i64> = rows(
        &db,
        "SELECT tablename::text AS t, count(*) AS n FROM pg_policies
         WHERE schemaname = 'public' GROUP BY tablename",
    )
    .await
    .into_iter()
    .map(|row| (row.try_get("", "t").unwrap(), row.try_get("", "n").unwrap()))
    .collect();
    for table in TENANT_TABLES {
        assert_eq!(
            security.get(*table),
            Some(&(true, true)),
            "{table}: row-level security enabled and forced"
        );
        assert!(
            policies.get(*table).is_some_and(|n| *n >= 1),
            "{table} has a policy"
        );
    }
    // Tables outside the list have no half-finished protection that would hide rows.
    for (table, (enabled, _)) in &security {
        if !TENANT_TABLES.contains(&table.as_str()) {
            assert!(
                !enabled,
                "{table} has row-level security but is no tenant table"
            );
        }
    }
    // The application role can be refused only what the owner granted: check it holds no
    // more than it needs on the audit log.
    let pg = app.pg.as_ref().unwrap();
    let privileges: BTreeSet<String> = rows(
        &db,
        &format!(
            "SELECT privilege_type::text AS p FROM information_schema.role_table_grants
             WHERE table_name = 'audit_log' AND grantee = '{PG_APP_ROLE}'"
        ),
    )
    .await
    .into_iter()
    .map(|row| row.try_get("", "p").unwrap())
    .collect();
    assert!(privileges.contains("INSERT") && privileges.contains("SELECT"));
    for forbidden in ["UPDATE", "DELETE", "TRUNCATE"] {
        assert!(
            !privileges.contains(forbidden),
            "{forbidden} on audit_log: {privileges:?}"
        );
    }
    assert!(pg.app_url.contains(PG_APP_ROLE) && pg.app_url.ends_with(&pg.name));
}
