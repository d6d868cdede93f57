//! Server functions of the municipality directory: thin wrappers over `repo`.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::domain::MunicipalityFilter;

use openasp_core::error::AppError;
use openasp_core::paging::Page;

/// A row of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalitySummary {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub legal_status: String,
    pub county: Option<String>,
    pub population: i32,
}

/// Everything the public page of a municipality shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityDetail {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub legal_status: String,
    pub county: Option<String>,
    pub district_name: Option<String>,
    pub population: i32,
    pub area_ha: i32,
    pub dwellings: i32,
    pub has_branch_office: bool,
    pub postal_codes: Vec<String>,
    pub joint_office: Option<JointOfficeInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointOfficeInfo {
    pub name: String,
    pub members: Vec<MunicipalityLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityLink {
    pub name: String,
    pub slug: String,
}

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
