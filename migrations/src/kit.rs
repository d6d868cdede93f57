//! The one way the schema's tables are made: names, columns, keys, and tenant tables with
//! `municipality_id` leading their key and every foreign key, and (PostgreSQL) row-level
//! security forced on them. Every system's migrations use it; a new system's tenant table is
//! one `create_tenant_table` call.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub(crate) fn name(text: &str) -> Alias {
    Alias::new(text)
}

pub(crate) type Kind = fn(&mut ColumnDef) -> &mut ColumnDef;

pub(crate) fn column(column: &str, kind: Kind, nullable: bool) -> ColumnDef {
    let mut def = ColumnDef::new(name(column));
    kind(&mut def);
    if nullable {
        def.null();
    } else {
        def.not_null();
    }
    def.to_owned()
}

/// A foreign key named `fk_{table}_{last column}`.
pub(crate) fn fk(
    table: &str,
    columns: &[&str],
    target: &str,
    target_columns: &[&str],
) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    key.name(format!(
        "fk_{table}_{}",
        columns.last().copied().unwrap_or(target)
    ))
    .from_tbl(name(table))
    .to_tbl(name(target));
    for c in columns {
        key.from_col(name(c));
    }
    for c in target_columns {
        key.to_col(name(c));
    }
    key.to_owned()
}

/// A foreign key to another tenant table of the same municipality: (municipality_id, column)
/// → (municipality_id, id), so it can never point into another municipality (and Citus keeps
/// both rows on one shard).
pub(crate) fn tenant_fk(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    fk(
        table,
        &["municipality_id", column],
        target,
        &["municipality_id", "id"],
    )
}

/// The tenant's own key to its municipality.
pub(crate) fn municipality_fk(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_municipality"))
        .from_tbl(name(table))
        .from_col(name("municipality_id"))
        .to_tbl(name("municipality"))
        .to_col(name("id"))
        .to_owned()
}

/// A tenant table: (`municipality_id`, `id`) as its key, `municipality_id` leading, its key
/// to the municipality, then the given columns and foreign keys.
pub(crate) fn tenant_table(
    table: &str,
    columns: Vec<ColumnDef>,
    keys: Vec<ForeignKeyCreateStatement>,
) -> TableCreateStatement {
    let mut statement = Table::create();
    statement
        .table(name(table))
        .col(column("municipality_id", ColumnDef::integer, false))
        .col(column("id", ColumnDef::big_integer, false));
    for mut c in columns {
        statement.col(&mut c);
    }
    statement.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
    statement.foreign_key(&mut fk(
        table,
        &["municipality_id"],
        "municipality",
        &["id"],
    ));
    for mut key in keys {
        statement.foreign_key(&mut key);
    }
    statement.to_owned()
}

/// Creates a tenant table ([`tenant_table`]) and, on PostgreSQL, forces row-level security on
/// it ([`enable_tenant_rls`]): the same every time. Add the table to `TENANT_TABLES` as well
/// (the schema tests check both lists against the database).
#[allow(dead_code)] // the way new tenant tables are made; the existing ones batch their RLS
pub(crate) async fn create_tenant_table(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: Vec<ColumnDef>,
    keys: Vec<ForeignKeyCreateStatement>,
) -> Result<(), DbErr> {
    manager
        .create_table(tenant_table(table, columns, keys))
        .await?;
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        enable_tenant_rls(manager.get_connection(), &[table]).await?;
    }
    Ok(())
}

/// PostgreSQL: a row of `tables` is visible and writable only while the transaction's
/// `openasp.municipality_id` names its municipality (or an audited system handle set
/// `openasp.system_access`), for the owner too (FORCE). A missing setting matches nothing.
pub(crate) async fn enable_tenant_rls<C: ConnectionTrait>(
    db: &C,
    tables: &[&str],
) -> Result<(), DbErr> {
    for table in tables {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
             ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
             CREATE POLICY tenant_isolation ON {table}
               USING (municipality_id = NULLIF(current_setting('openasp.municipality_id', true), '')::integer
                      OR current_setting('openasp.system_access', true) = 'on')
               WITH CHECK (municipality_id = NULLIF(current_setting('openasp.municipality_id', true), '')::integer
                      OR current_setting('openasp.system_access', true) = 'on');"
        ))
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_table_leads_its_keys_with_the_municipality() {
        let sql = tenant_table(
            "example",
            vec![column("title", ColumnDef::string, false)],
            vec![tenant_fk("example", "parent_id", "example_parent")],
        )
        .to_string(PostgresQueryBuilder);
        assert!(
            sql.contains(r#""municipality_id" integer NOT NULL"#),
            "{sql}"
        );
        assert!(
            sql.contains(r#"PRIMARY KEY ("municipality_id", "id")"#),
            "{sql}"
        );
        assert!(
            sql.contains(r#"FOREIGN KEY ("municipality_id") REFERENCES "municipality" ("id")"#),
            "{sql}"
        );
        assert!(
            sql.contains(
                r#"FOREIGN KEY ("municipality_id", "parent_id") REFERENCES "example_parent" ("municipality_id", "id")"#
            ),
            "{sql}"
        );
    }
}
