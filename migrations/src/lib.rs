//! The openasp schema. The same migrations run on SQLite (embedded default) and PostgreSQL.
//!
//! Layout rules kept by every migration (checked by the integration tests):
//! - national reference tables (municipalities, joint offices, postal codes) have no tenant;
//! - every tenant-owned table has `municipality_id` as the first column of its primary key and
//!   of every foreign key to another tenant table, so that Citus can shard by municipality.
pub use sea_orm_migration::prelude::*;

mod m20261121_000001_gazetteer;
mod m20261121_000002_framework;

pub use m20261121_000002_framework::TENANT_TABLES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_gazetteer::Migration),
            Box::new(m20261121_000002_framework::Migration),
        ]
    }
}
