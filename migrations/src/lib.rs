//! The openasp schema. The same migrations run on SQLite (embedded default) and PostgreSQL.
//!
//! Layout rules kept by every migration (checked by the integration tests):
//! - national reference tables (municipalities, joint offices, postal codes) have no tenant;
//! - every tenant-owned table has `municipality_id` as the first column of its primary key and
//!   of every foreign key to another tenant table, so that Citus can shard by municipality.
pub use sea_orm_migration::prelude::*;

mod m20261121_000001_gazetteer;
mod m20261121_000002_framework;
mod m20261122_000003_records;
mod m20261122_000007_records_search;
mod m20261122_000010_website;
mod m20261122_000020_eforms;
mod m20261123_000011_website_media_search;
mod m20261123_000021_eforms_guest_drafts;

/// Every tenant table: row-level security on PostgreSQL, `municipality_id` leading its keys.
pub const TENANT_TABLES: &[&str] = &[
    "role_grant",
    "substitution",
    "audit_chain_head",
    "audit_log",
    "org_unit",
    "register_book",
    "retention_item",
    "case_category",
    "partner",
    "receipt",
    "case_file",
    "document",
    "case_note",
    "case_link",
    "case_event",
    "dispatch",
    "destruction_list",
    "destruction_list_item",
    "attachment",
    "municipal_form",
    "municipal_form_version",
    "form_draft",
    "form_upload",
    "form_submission",
    "form_status_note",
    "citizen_mandate",
    "form_guest_draft",
    "website_site",
    "website_item",
    "website_revision",
    "website_file",
    "website_menu_entry",
    "website_image_variant",
];

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

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_gazetteer::Migration),
            Box::new(m20261121_000002_framework::Migration),
            Box::new(m20261122_000003_records::Migration),
            Box::new(m20261122_000007_records_search::Migration),
            Box::new(m20261122_000020_eforms::Migration),
            Box::new(m20261122_000010_website::Migration),
            Box::new(m20261123_000011_website_media_search::Migration),
            Box::new(m20261123_000021_eforms_guest_drafts::Migration),
        ]
    }
}
