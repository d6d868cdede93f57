//! Server functions of the forms editor's pages and the operator's builder: thin (who is
//! asking, which municipality, the service).
use leptos::prelude::*;

use crate::types::{ExtraQuestion, FormSettings, RoutingOptions, TemplateDefinition};
use openasp_core::error::AppError;

#[cfg(feature = "ssr")]
use openasp_framework::request::member_tx;

/// Units, clerks and case categories a form's submissions may be routed to.
#[server(endpoint = "eforms/editor/routing-options")]
pub async fn get_routing_options() -> Result<RoutingOptions, AppError> {
    let tx = member_tx().await?;
    let options = super::service::routing_options(&tx).await?;
    tx.commit().await?;
    Ok(options)
}

/// The editor's guidance, contact, fee and routing of a form.
#[server(endpoint = "eforms/editor/settings")]
pub async fn save_form_settings(form: String, settings: FormSettings) -> Result<(), AppError> {
    let id = crate::service::found_id(&form)?;
    let tx = member_tx().await?;
    super::service::save_settings(&tx, id, &settings).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds an extra optional question; answers its id.
#[server(endpoint = "eforms/editor/extra/add")]
pub async fn add_extra_question(form: String, question: ExtraQuestion) -> Result<String, AppError> {
    let id = crate::service::found_id(&form)?;
    let tx = member_tx().await?;
    let question = super::service::add_extra(&tx, id, &question).await?;
    tx.commit().await?;
    Ok(question)
}

#[server(endpoint = "eforms/editor/extra/remove")]
pub async fn remove_extra_question(form: String, question: String) -> Result<(), AppError> {
    let id = crate::service::found_id(&form)?;
    let tx = member_tx().await?;
    super::service::remove_extra(&tx, id, &question).await?;
    tx.commit().await?;
    Ok(())
}

/// A central template's newest definition, for the operator's builder.
#[server(endpoint = "eforms/templates/definition")]
pub async fn get_template_definition(code: String) -> Result<TemplateDefinition, AppError> {
    let db = openasp_ui::server_context::database()?;
    let principal = openasp_framework::session::require_principal(&db).await?;
    super::service::template_for_builder(&db, &principal.platform_roles, code.trim()).await
}
