//! Server functions of the municipality directory: thin wrappers over `repo`.
use leptos::prelude::*;

use super::types::{MunicipalityDetail, MunicipalityFilter, MunicipalitySummary};

use openasp_core::error::AppError;
use openasp_core::paging::Page;

#[server(endpoint = "gazetteer/search")]
pub async fn search_municipalities(
    filter: MunicipalityFilter,
) -> Result<Page<MunicipalitySummary>, AppError> {
    let db = openasp_ui::server_context::database()?;
    Ok(super::repo::search(&db, &filter).await?)
}

#[server(endpoint = "gazetteer/counties")]
pub async fn list_counties() -> Result<Vec<String>, AppError> {
    let db = openasp_ui::server_context::database()?;
    Ok(super::repo::counties(&db).await?)
}

#[server(endpoint = "gazetteer/municipality")]
pub async fn get_municipality(slug: String) -> Result<MunicipalityDetail, AppError> {
    let db = openasp_ui::server_context::database()?;
    match super::repo::find_by_slug(&db, &slug).await? {
        Some(detail) => Ok(detail),
        None => {
            openasp_ui::server_context::set_status(404);
            Err(AppError::NotFound)
        }
    }
}
