//! The audit log is append-only on SQLite too. On PostgreSQL the application role has no
//! UPDATE, DELETE or TRUNCATE on it (`grant_app_role`); SQLite has no roles, so triggers
//! refuse any change or removal of an entry, whatever code path attempts it. (Someone with
//! the database file can still drop them; the hash chain then shows what they changed.)
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TRIGGER IF NOT EXISTS audit_log_append_only_update \
             BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        )
        .await?;
        db.execute_unprepared(
            "CREATE TRIGGER IF NOT EXISTS audit_log_append_only_delete \
             BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_append_only_update")
            .await?;
        db.execute_unprepared("DROP TRIGGER IF EXISTS audit_log_append_only_delete")
            .await?;
        Ok(())
    }
}
