//! The one way a server function opens a tenant transaction: the database of the request
//! being served, its signed-in principal (`Unauthenticated` if none) and that principal's
//! membership in the municipality they act in (`NoMunicipality` if none).
//!
//! The named exceptions stay on [`TenantTx`] itself: the citizen portal's
//! [`TenantTx::begin_portal`], another municipality ([`TenantTx::begin_in`]) and the
//! onboarding operator ([`TenantTx::begin_as_operator`]).
use openasp_core::error::AppError;

use crate::roles::Role;
use crate::session::require_principal;
use crate::tenancy::TenantTx;

/// The tenant transaction of the signed-in member, in the municipality they act in. Its
/// owner commits it; dropped uncommitted, it changes nothing.
pub async fn member_tx() -> Result<TenantTx, AppError> {
    let db = openasp_ui::server_context::database()?;
    let principal = require_principal(&db).await?;
    TenantTx::begin(&db, &principal).await
}

/// [`member_tx`] for a member who holds `role` there (else `Forbidden`).
pub async fn member_tx_with(role: Role) -> Result<TenantTx, AppError> {
    let tx = member_tx().await?;
    tx.require_role(role)?;
    Ok(tx)
}

/// Runs `work` in one [`member_tx`], committed only when it succeeded.
///
/// ```ignore
/// in_member_tx(async |tx| service::receipts(tx, &scope, page).await).await
/// ```
pub async fn in_member_tx<T>(
    work: impl AsyncFnOnce(&TenantTx) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let tx = member_tx().await?;
    let value = work(&tx).await?;
    tx.commit().await?;
    Ok(value)
}

/// [`member_tx`] for plain HTTP handlers (downloads, exports, uploads, previews): the
/// principal comes from the request's cookie header, as in [`principal_from_headers`].
///
/// [`principal_from_headers`]: crate::session::principal_from_headers
pub async fn member_tx_from_headers(
    db: &sea_orm::DatabaseConnection,
    headers: &http::HeaderMap,
) -> Result<TenantTx, AppError> {
    let principal = crate::session::principal_from_headers(db, headers).await?;
    TenantTx::begin(db, &principal).await
}
