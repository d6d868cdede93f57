//! Records management's service API for other systems: everything another system may ask of
//! records, in one place. Other systems file, route and annotate through these functions and
//! never touch records' tables (server only).
use openasp_core::error::AppError;
use openasp_framework::tenancy::TenantTx;

pub use super::flow::assignment::routing_choices;
pub use super::flow::receipt::{
    IfUnroutable, Incoming, ReceiptForm, Routing, RoutingFields, check_routing,
    receive_and_register,
};
pub use super::registry::{Channel, Registered};
use super::types::CaseFileId;

/// Notes on a case file what the e-administration portal told the citizen (a status change
/// of their submission), so the case file's history shows it.
pub async fn note_portal_status(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    status: &str,
    note: &str,
) -> Result<(), AppError> {
    super::registry::record_case_event(
        tx,
        case_file_id.0,
        "portal_status",
        format!("{status}: {note}"),
    )
    .await
}
