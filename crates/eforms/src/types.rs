//! The e-forms' typed ids (an id from a URL or form is parsed once, at the boundary, into
//! its type) and what the server functions answer (shared by server and browser).
use serde::{Deserialize, Serialize};

openasp_core::typed_id!(
    /// A municipality's adopted form (tenant-scoped).
    MunicipalFormId(i64)
);
openasp_core::typed_id!(
    /// A published, immutable version of a municipal form (tenant-scoped).
    FormVersionId(i64)
);
openasp_core::typed_id!(
    /// A citizen's submission (tenant-scoped).
    SubmissionId(i64)
);
openasp_core::typed_id!(
    /// A file a citizen uploaded for a form answer (tenant-scoped).
    UploadId(i64)
);
openasp_core::typed_id!(
    /// A recorded mandate (tenant-scoped: only valid in its own municipality).
    MandateId(i64)
);

/// A central template as the operator and the forms editors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub code: String,
    pub category: String,
    pub title: String,
    pub latest_version: i32,
}

/// A municipality's adopted form, for its forms editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalFormInfo {
    pub id: String,
    pub template_code: String,
    pub title: String,
    pub category: String,
    /// The template version the form is pinned to.
    pub template_version: i32,
    /// The template's newest version (a later one waits for the editor to adopt it).
    pub latest_template_version: i32,
    pub published: bool,
    pub published_version: Option<i32>,
    pub adjustments_json: String,
    pub routing_unit_id: Option<String>,
    pub routing_user_id: Option<String>,
    pub routing_case_category_id: Option<String>,
}

/// A published form in the public list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedForm {
    pub id: String,
    pub title: String,
    pub category: String,
    pub version_id: String,
}

/// A published form with its definition, to fill in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FillableForm {
    pub id: String,
    pub version_id: String,
    pub version: i32,
    pub definition_json: String,
    pub contact: String,
    pub fee: String,
}

/// What a citizen gets back for a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionReceipt {
    pub submission_id: String,
    pub registry_number: String,
    pub submitted_at: String,
}

/// A row of "My cases".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySubmission {
    pub id: String,
    pub title: String,
    pub registry_number: String,
    pub status: String,
    pub submitted_at: String,
    pub notes: Vec<StatusNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusNote {
    pub at: String,
    pub status: String,
    pub note: Option<String>,
}

/// A submission as the clerks of its municipality see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkSubmission {
    pub id: String,
    pub title: String,
    pub registry_number: String,
    pub citizen_name: String,
    pub status: String,
    pub submitted_at: String,
    pub answers_json: String,
}

/// The statuses a citizen sees in "My cases".
pub const STATUSES: &[&str] = &["received", "assigned", "in_progress", "decided", "closed"];
