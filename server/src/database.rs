//! Connecting to SQLite or PostgreSQL and bringing the schema and reference data up to date.
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement,
};
use sea_orm_migration::MigratorTrait;

use crate::config::Config;
use crate::error::StartupError;

/// Connects the application (the role that row-level security binds on PostgreSQL).
pub async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    connect_url(config, &config.database_url(), config.db_max_connections).await
}

/// Connects as the schema owner, for migrations and reference data.
pub async fn connect_owner(config: &Config) -> Result<DatabaseConnection, StartupError> {
    connect_url(config, &config.migration_database_url(), 2).await
}

async fn connect_url(
    config: &Config,
    url: &str,
    max_connections: u32,
) -> Result<DatabaseConnection, StartupError> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            StartupError::Config(format!(
                "cannot create data directory {}: {e}",
                config.data_dir.display()
            ))
        })?;
    }
    let is_sqlite = url.starts_with("sqlite:");
    // SQLite has one writer; a single pooled connection serialises transactions instead of
    // failing them with "database is locked" when two upgrade from read to write at once.
    let max_connections = if is_sqlite { 1 } else { max_connections };
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if is_sqlite {
        // WAL lets readers proceed while one writer writes; the setting is stored in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Runs pending migrations and loads the reference data. Safe to run on every start.
pub async fn prepare(owner: &DatabaseConnection) -> Result<(), StartupError> {
    use openasp_app::gazetteer::reference_data::{ReferenceDataError, load_reference_data};
    openasp_migrations::Migrator::up(owner, None).await?;
    match load_reference_data(owner).await {
        Ok(_) => Ok(()),
        Err(ReferenceDataError::Database(e)) => Err(StartupError::Database(e)),
        Err(ReferenceDataError::Invalid(e)) => Err(StartupError::ReferenceData(e)),
    }
}

/// PostgreSQL: lets the application role use the tables, but never change or remove an
/// audit entry.
pub async fn grant_app_role(
    owner: &DatabaseConnection,
    app: &DatabaseConnection,
) -> Result<(), StartupError> {
    if owner.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    // Checked first: granting to (and revoking from) the owner itself would take away its
    // own rights on the audit log and the migration table, and break every later start.
    check_app_role(app).await?;
    let role = current_role(app).await?;
    let quoted = format!("\"{}\"", role.replace('"', "\"\""));
    owner
        .execute_unprepared(&format!(
            "GRANT USAGE ON SCHEMA public TO {quoted};
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};
             REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {quoted};
             REVOKE ALL ON seaql_migrations FROM {quoted};"
        ))
        .await?;
    Ok(())
}

async fn current_role(db: &DatabaseConnection) -> Result<String, StartupError> {
    let row = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT current_user::text AS name",
        ))
        .await?
        .ok_or_else(|| StartupError::Config("cannot read current_user".into()))?;
    Ok(row.try_get::<String>("", "name")?)
}

/// PostgreSQL: refuses to run as a role that row-level security would not bind.
pub async fn check_app_role(app: &DatabaseConnection) -> Result<(), StartupError> {
    if app.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let row = app
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
                    EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public'
                            AND t.tableowner = current_user) AS owns_tables
             FROM pg_roles r WHERE r.rolname = current_user",
        ))
        .await?
        .ok_or_else(|| StartupError::Config("cannot read the database role".into()))?;
    let superuser: bool = row.try_get("", "superuser")?;
    let bypass: bool = row.try_get("", "bypassrls")?;
    let owns: bool = row.try_get("", "owns_tables")?;
    if superuser || bypass || owns {
        return Err(StartupError::Config(
            "DATABASE_URL must name a role that is not a superuser, has no BYPASSRLS and owns no \
             tables, so that row-level security applies to it; migrate with \
             OPENASP_MIGRATION_DATABASE_URL (the owner). scripts/pg-setup creates both roles."
                .into(),
        ));
    }
    Ok(())
}
