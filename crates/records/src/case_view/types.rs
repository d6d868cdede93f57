//! The whole case file as its server function answers it (shared by server and browser).
use serde::{Deserialize, Serialize};

/// Another case file, as a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub uploaded_at: String,
    pub uploaded_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDispatch {
    pub method: String,
    pub recipient: String,
    pub address: Option<String>,
    pub tracking_number: Option<String>,
    pub dispatched_at: String,
    pub return_status: String,
    pub return_date: Option<String>,
}

/// What may be done to a document now (links to the screens of the daily flow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentAction {
    SignOff,
    Dispatch,
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i64,
    pub sub_number: i32,
    pub registry_number: String,
    /// `Incoming`, `Outgoing` or `Internal`.
    pub direction: String,
    pub state: String,
    pub subject: String,
    pub channel: String,
    pub sender: Option<String>,
    pub registered_at: String,
    pub signed_off_at: Option<String>,
    pub cancelled_reason: Option<String>,
    pub attachments: Vec<AttachmentView>,
    pub dispatches: Vec<DocumentDispatch>,
    pub actions: Vec<DocumentAction>,
    /// Files may be attached to it now.
    pub may_attach: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    /// `antecedent` (this file links to an earlier one) or `successor` (a later one links here),
    /// or another kind as stored.
    pub direction: String,
    pub kind: String,
    pub case_file: CaseRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub author: Option<String>,
    pub created_at: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    pub user: Option<String>,
    pub event: String,
    pub detail: String,
}

/// What may be done to the case file now, by this user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseAction {
    Assign,
    NewDocument,
    LinkAntecedent,
    Merge,
    Note,
    SuspendOrResume,
    CloseOrReopen,
    Archive,
    Lend,
    LegalHold,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: i64,
    pub registry_number: String,
    pub subject: String,
    pub state: String,
    pub handler: Option<String>,
    pub unit: Option<String>,
    pub category: Option<String>,
    pub retention_item: Option<String>,
    pub deadline: Option<String>,
    pub created_at: String,
    pub suspended_reason: Option<String>,
    pub closed_at: Option<String>,
    pub archived_at: Option<String>,
    pub archive_location: Option<String>,
    pub lent_to: Option<String>,
    pub lent_due: Option<String>,
    pub legal_hold_reason: Option<String>,
    pub cancelled_reason: Option<String>,
    pub merged_into: Option<CaseRef>,
    pub merged: Vec<CaseRef>,
    pub documents: Vec<DocumentView>,
    pub links: Vec<LinkView>,
    pub notes: Vec<NoteView>,
    pub history: Vec<EventView>,
    pub actions: Vec<CaseAction>,
}
