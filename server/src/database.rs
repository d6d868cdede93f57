//! Connecting to SQLite or PostgreSQL and bringing the schema and reference data up to date.
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use crate::config::Config;
use crate::error::StartupError;

pub async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            StartupError::Config(format!(
                "cannot create data directory {}: {e}",
                config.data_dir.display()
            ))
        })?;
    }
    let mut options = ConnectOptions::new(config.database_url());
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        // WAL lets readers proceed while one writer writes; the setting is stored in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Runs pending migrations and loads the reference data. Safe to run on every start.
pub async fn prepare(db: &DatabaseConnection) -> Result<(), StartupError> {
    openasp_migrations::Migrator::up(db, None).await?;
    crate::reference_data::load_gazetteer(db).await
}
