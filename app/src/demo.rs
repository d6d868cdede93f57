//! The demo data, assembled: each system loads its own (`<system>::demo::load`) inside one
//! system transaction, so a new system adds its line here and edits no other system.
use sea_orm::DatabaseConnection;

use crate::framework::tenancy::{Actor, SystemPurpose, SystemTx, now};
use crate::{framework, records, website};
use openasp_core::error::AppError;

pub use crate::framework::demo::DEMO_PASSWORD;

/// Loads the demo accounts, municipalities, websites and records master data unless they are
/// there. Returns whether anything was loaded.
pub async fn load(db: &DatabaseConnection) -> Result<bool, AppError> {
    if framework::demo::loaded(db).await? {
        return Ok(false);
    }
    let tx = SystemTx::begin(db, Actor::system("demo data"), SystemPurpose::DemoData).await?;
    let at = now();
    let municipalities = framework::demo::municipalities(&tx).await?;
    framework::demo::load(&tx, at).await?;
    website::demo::load(&tx, |name| municipalities.get(name).copied(), at).await?;
    records::demo::load(&tx, &municipalities).await?;
    tx.commit().await?;
    tracing::info!("demo data loaded");
    Ok(true)
}

/// The demo municipalities' generated registry (`--demo-records`). Loaded once.
pub async fn load_records(db: &DatabaseConnection) -> Result<bool, AppError> {
    let tx = SystemTx::begin(db, Actor::system("demo data"), SystemPurpose::DemoData).await?;
    let municipalities = framework::demo::municipalities(&tx).await?;
    let loaded = records::demo::load_registry(&tx, &municipalities).await?;
    if loaded {
        tx.commit().await?;
        tracing::info!("demo records loaded");
    }
    Ok(loaded)
}
