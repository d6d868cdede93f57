//! Server functions of records management: thin (authenticate, tenant handle, service).
use leptos::prelude::*;

use super::types::RegisterEntry;

use openasp_core::error::AppError;
use openasp_core::paging::Page;

/// The register of the acting municipality, newest first.
#[server(endpoint = "records/list")]
pub async fn list_register(q: String, page: u64) -> Result<Page<RegisterEntry>, AppError> {
    let tx = openasp_framework::request::member_tx().await?;
    let page = super::registry::list_register(&tx, &q, page).await?;
    tx.commit().await?;
    Ok(page)
}

/// Registers a document as a new case file; answers its registry number.
#[server(endpoint = "records/register")]
pub async fn register_document(
    subject: String,
    direction: String,
    channel: String,
    sender: String,
) -> Result<String, AppError> {
    use super::registry::{Channel, Direction, register_new_case};
    use openasp_core::error::Problem;
    let direction = match direction.as_str() {
        "Incoming" => Direction::Incoming,
        "Outgoing" => Direction::Outgoing,
        "Internal" => Direction::Internal,
        _ => return Err(AppError::invalid("direction", Problem::Malformed)),
    };
    let channel = match channel.as_str() {
        "Paper" => Channel::Paper,
        "Email" => Channel::Email,
        "OfficeMailbox" => Channel::OfficeMailbox,
        "Portal" => Channel::Portal,
        "Internal" => Channel::Internal,
        _ => return Err(AppError::invalid("channel", Problem::Malformed)),
    };
    let tx = openasp_framework::request::member_tx().await?;
    let registered = register_new_case(&tx, &subject, direction, channel, Some(&sender)).await?;
    tx.commit().await?;
    Ok(registered.registry_number)
}
