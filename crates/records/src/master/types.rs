//! What the records master data's server functions answer (shared by server and browser).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookRow {
    pub id: String,
    pub kind: String,
    pub year: i32,
    pub name: String,
    pub prefix: String,
    pub template: String,
    /// The last main number issued (0: none yet).
    pub last_main: i32,
    /// How the book's next number will look.
    pub example: String,
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub deadline_days: i32,
    pub retention_item_id: Option<String>,
    pub retention_item: Option<String>,
    pub unit_id: Option<String>,
    pub unit: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub retention_years: Option<i32>,
    pub not_disposable: bool,
    pub archive_transfer_years: Option<i32>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub birth_date: Option<String>,
    pub tax_number: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub street_address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The outcome of saving a partner: its id, and whether it already existed (a duplicate of
/// what was typed), in which case nothing new was created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerSaved {
    pub id: String,
    pub name: String,
    pub existing: bool,
}

/// One choice of a select box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// The active master data the daily flow's forms choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceLists {
    pub units: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub retention_items: Vec<Choice>,
}

/// The registry number a template gives, or what is wrong with the template (both languages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePreview {
    pub example: Option<String>,
    pub problem_hu: Option<String>,
    pub problem_en: Option<String>,
}
