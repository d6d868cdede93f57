//! The openasp schema. The same migrations run on SQLite (embedded default) and PostgreSQL.
//!
//! Layout rules kept by every migration (checked by the integration tests):
//! - national reference tables (municipalities, joint offices, postal codes) have no tenant;
//! - every tenant-owned table has `municipality_id` as the first column of its primary key and
//!   of every foreign key to another tenant table, so that Citus can shard by municipality.
pub use sea_orm_migration::prelude::*;

// One module per system; each migration keeps its file name (its name in the migration table).
mod eforms;
mod framework;
mod gazetteer;
mod kit;
mod records;
mod website;

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

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(gazetteer::m20261121_000001_gazetteer::Migration),
            Box::new(framework::m20261121_000002_framework::Migration),
            Box::new(records::m20261122_000003_records::Migration),
            Box::new(records::m20261122_000007_records_search::Migration),
            Box::new(eforms::m20261122_000020_eforms::Migration),
            Box::new(website::m20261122_000010_website::Migration),
            Box::new(website::m20261123_000011_website_media_search::Migration),
            Box::new(eforms::m20261123_000021_eforms_guest_drafts::Migration),
            Box::new(framework::m20261207_000030_audit_log_append_only::Migration),
        ]
    }
}
