//! What the directory's server functions take and return (shared by server and browser).
use serde::{Deserialize, Serialize};

/// The directory's search as it travels in the URL and to the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityFilter {
    pub q: String,
    pub county: String,
    pub page: u64,
}

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
