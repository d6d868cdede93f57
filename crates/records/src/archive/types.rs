//! What the closing, archiving, disposal, transfer and book-closing server functions answer
//! (shared by server and browser).
use openasp_ui::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A retention-plan item to choose from when closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionOption {
    pub id: i64,
    pub code: String,
    pub title: String,
    /// Years kept, `None` when not disposable.
    pub retention_years: Option<i32>,
}

/// What the closing, archiving, lending and legal-hold screens show of one case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseArchiveView {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub archived_on: Option<String>,
    pub archive_location: Option<String>,
    /// The retention item set at closing ("code – title").
    pub retention: Option<String>,
    pub retention_item_id: Option<i64>,
    /// The case category's default item, preselected when closing.
    pub default_retention_item_id: Option<i64>,
    /// Outgoing documents still to be signed off or dispatched.
    pub open_documents: u64,
    pub lent_to: Option<String>,
    pub lent_due: Option<String>,
    pub overdue: bool,
    pub legal_hold_reason: Option<String>,
    pub retention_options: Vec<RetentionOption>,
    /// The user is a records head (may set holds).
    pub may_hold: bool,
}

/// A row of the archive, lent-out, destruction and transfer lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedCase {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
    pub state: String,
    pub closed_on: Option<String>,
    pub archive_location: Option<String>,
    pub retention: Option<String>,
    pub lent_to: Option<String>,
    pub lent_due: Option<String>,
    pub overdue: bool,
    pub legal_hold: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionListRow {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub created_on: String,
    pub items: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionListDetail {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub created_on: String,
    pub approved_on: Option<String>,
    pub executed_on: Option<String>,
    pub items: Vec<ArchivedCase>,
    /// The user is a records head (may approve and carry out).
    pub may_decide: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookClosingRow {
    pub id: i64,
    pub kind: String,
    pub year: i32,
    pub name: String,
    pub last_main: i32,
    pub closed_on: Option<String>,
    pub closing_statement: Option<String>,
}

/// The Hungarian and English name of a case-file state code.
pub fn state_name(code: &str, lang: Lang) -> &'static str {
    let (hu, en) = match code {
        "Registered" => ("Iktatva", "Registered"),
        "Assigned" => ("Szignálva", "Assigned"),
        "InProgress" => ("Ügyintézés alatt", "In progress"),
        "Suspended" => ("Felfüggesztve", "Suspended"),
        "Closed" => ("Lezárva", "Closed"),
        "Archived" => ("Irattárban", "Archived"),
        "Disposed" => ("Selejtezve", "Destroyed"),
        "TransferredToArchives" => ("Levéltárba adva", "Transferred to the archives"),
        "Cancelled" => ("Sztornózva", "Cancelled"),
        "Merged" => ("Szerelve", "Merged"),
        "proposed" => ("Javasolt", "Proposed"),
        "approved" => ("Jóváhagyva", "Approved"),
        "executed" => ("Végrehajtva", "Carried out"),
        _ => ("Ismeretlen", "Unknown"),
    };
    if lang == Lang::Hu { hu } else { en }
}
