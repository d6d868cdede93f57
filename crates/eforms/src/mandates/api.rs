//! Server functions of mandates: thin (who is asking, which municipality, the service).
use leptos::prelude::*;

use crate::types::{MandateForm, MandateRow, MyMandate};
use openasp_core::error::AppError;

#[cfg(feature = "ssr")]
use openasp_framework::request::member_tx;

/// The acting municipality's mandates (its clerks).
#[server(endpoint = "eforms/clerk/mandates")]
pub async fn list_mandates() -> Result<Vec<MandateRow>, AppError> {
    let tx = member_tx().await?;
    let rows = super::service::list(&tx).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Records a mandate; answers its id.
#[server(endpoint = "eforms/clerk/mandates/record")]
pub async fn record_mandate(form: MandateForm) -> Result<String, AppError> {
    let tx = member_tx().await?;
    let id = super::service::record(&tx, &form).await?;
    tx.commit().await?;
    Ok(id.0.to_string())
}

#[server(endpoint = "eforms/clerk/mandates/revoke")]
pub async fn revoke_mandate(mandate: String) -> Result<(), AppError> {
    let id: super::MandateId = crate::service::found_id(&mandate)?;
    let tx = member_tx().await?;
    super::service::revoke(&tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// The signed-in citizen's active mandates in a municipality (whom they may act for).
#[server(endpoint = "eforms/my-mandates")]
pub async fn my_mandates(municipality: String) -> Result<Vec<MyMandate>, AppError> {
    use openasp_framework::tenancy::TenantTx;
    let db = openasp_ui::server_context::database()?;
    let citizen = openasp_citizen::session::require_citizen(&db).await?;
    let id = openasp_gazetteer::repo::id_by_slug(&db, municipality.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let tx = TenantTx::begin_portal(&db, id, citizen.actor(), false).await?;
    let mandates = super::service::mandates_of(&tx, &citizen).await?;
    tx.commit().await?;
    Ok(mandates)
}

/// Submits the signed-in citizen's answers in the name of the company or person of their
/// mandate `on_behalf` (recorded in this municipality, not revoked).
#[server(endpoint = "eforms/submit/on-behalf")]
pub async fn submit_on_behalf(
    municipality: String,
    version: String,
    answers: String,
    on_behalf: String,
) -> Result<crate::types::SubmissionReceipt, AppError> {
    use openasp_core::error::read_id;
    use openasp_framework::tenancy::TenantTx;
    let answers = crate::service::parse_answers(&answers)?;
    let version = read_id("form_version", &version)?;
    let on_behalf = read_id("on_behalf", &on_behalf)?;
    let db = openasp_ui::server_context::database()?;
    let citizen = openasp_citizen::session::require_citizen(&db).await?;
    let id = openasp_gazetteer::repo::id_by_slug(&db, municipality.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let tx = TenantTx::begin_portal(&db, id, citizen.actor(), true).await?;
    let receipt =
        crate::service::submit_as(&tx, &citizen, version, answers, Some(on_behalf)).await?;
    tx.commit().await?;
    Ok(receipt)
}
