//! Records management's demo data: the master data of the demo municipalities (loaded with
//! the demo accounts) and their generated registry (loaded once, on request).
use std::collections::HashMap;

use chrono::Datelike;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::db::case_file;
use crate::seed::{SeedPlan, seed_municipality};
use openasp_core::error::AppError;
use openasp_core::ids::MunicipalityId;
use openasp_framework::audit::AuditEvent;
use openasp_framework::demo::{CSOMAD, FOT, GODOLLO};
use openasp_framework::tenancy::{SystemTx, now};

/// The retention plan, units and case categories of every demo municipality.
pub async fn load(
    tx: &SystemTx,
    municipalities: &HashMap<&'static str, MunicipalityId>,
) -> Result<(), AppError> {
    for name in [GODOLLO, FOT, CSOMAD] {
        let Some(id) = municipalities.get(name) else {
            return Err(AppError::internal(format!(
                "demo municipality {name} missing"
            )));
        };
        crate::master::service::seed_demo_master_data(tx.conn(), id.0).await?;
        tx.audit_in(
            *id,
            AuditEvent::new(
                "records.master.seed",
                "municipality",
                Some(id.0.to_string()),
                "demo data: retention plan, units, case categories",
            ),
        )
        .await?;
    }
    Ok(())
}

/// The demo municipalities' registry: documents over the last three years in every state, so
/// that records management shows a working registry on first start. Loaded once; returns
/// whether anything was loaded.
pub async fn load_registry(
    tx: &SystemTx,
    municipalities: &HashMap<&'static str, MunicipalityId>,
) -> Result<bool, AppError> {
    let Some(godollo) = municipalities.get(GODOLLO) else {
        return Err(AppError::internal("demo municipality Gödöllő missing"));
    };
    let existing = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(*godollo))
        .count(tx.conn())
        .await?;
    if existing > 0 {
        return Ok(false);
    }
    let year = now().year();
    for (name, documents) in [(GODOLLO, 900), (FOT, 300), (CSOMAD, 200)] {
        let Some(municipality) = municipalities.get(name) else {
            return Err(AppError::internal(format!(
                "demo municipality {name} missing"
            )));
        };
        seed_municipality(
            tx,
            *municipality,
            SeedPlan {
                documents,
                first_year: year - 2,
                last_year: year,
                seed: 2026,
            },
        )
        .await?;
    }
    Ok(true)
}
