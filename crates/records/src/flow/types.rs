//! What the daily flow's server functions answer (shared by server and browser).
use serde::{Deserialize, Serialize};

/// A receipt (érkeztetett küldemény) as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub id: i64,
    pub receipt_number: String,
    pub subject: String,
    pub channel: String,
    pub sender: Option<String>,
    pub received_at: String,
    pub envelope: Option<String>,
    /// `received`, `assigned` or `registered`.
    pub state: String,
    pub unit: Option<String>,
    pub assignee: Option<String>,
    pub deadline: Option<String>,
    pub instructions: Option<String>,
    pub document_id: Option<i64>,
    pub case_file_id: Option<i64>,
    pub registry_number: Option<String>,
}

/// The outcome of a registration as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    pub registry_number: String,
    pub case_file_id: i64,
    pub document_id: i64,
    pub receipt_number: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<crate::registry::Registered> for Registered {
    fn from(r: crate::registry::Registered) -> Registered {
        Registered {
            registry_number: r.registry_number,
            case_file_id: r.case_file_id.0,
            document_id: r.document_id,
            receipt_number: r.receipt_number,
        }
    }
}

/// The number and id of a new receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipted {
    pub id: i64,
    pub receipt_number: String,
}

/// A case file in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
    pub state: String,
    pub handler: Option<String>,
    pub deadline: Option<String>,
    pub overdue: bool,
}

/// A document in a list (or the head of a document's action page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    pub case_file_id: i64,
    pub case_registry_number: String,
    pub registry_number: String,
    pub subject: String,
    /// `Incoming`, `Outgoing` or `Internal`.
    pub direction: String,
    /// `registered`, `draft`, `signed_off`, `dispatched` or `cancelled`.
    pub state: String,
    pub sender: Option<String>,
    pub body: Option<String>,
    pub cancelled_reason: Option<String>,
}

/// A case file with its documents (and those of files merged into it), for action pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseBrief {
    pub case: CaseRow,
    pub unit: Option<String>,
    pub suspended_reason: Option<String>,
    pub merged_into: Option<String>,
    pub documents: Vec<DocumentRow>,
    pub notes: Vec<NoteRow>,
    pub links: Vec<LinkRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRow {
    pub author: Option<String>,
    pub at: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRow {
    /// `antecedent` or `merged`.
    pub kind: String,
    pub case_file_id: i64,
    pub registry_number: String,
}

/// A dispatch (expediálás) and its return receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchView {
    pub id: i64,
    pub document_id: i64,
    pub registry_number: String,
    pub subject: String,
    /// `post` or `electronic`.
    pub method: String,
    pub recipient: String,
    pub address: Option<String>,
    pub tracking_number: Option<String>,
    pub dispatched_at: String,
    pub return_status: String,
    pub return_date: Option<String>,
}

/// One option of a select list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentChoice {
    pub id: i64,
    pub name: String,
}

/// What an assignment may name: the municipality's units, records clerks, case categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AssignmentChoices {
    pub units: Vec<AssignmentChoice>,
    pub clerks: Vec<AssignmentChoice>,
    pub categories: Vec<AssignmentChoice>,
}
