//! The e-forms' typed ids (an id from a URL or form is parsed once, at the boundary, into
//! its type) and what the server functions answer (shared by server and browser).
use serde::{Deserialize, Serialize};

use crate::domain::language::FileAnswer;

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

/// A form the citizen started and saved but has not submitted yet (listed in "My cases").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDraft {
    pub form_id: String,
    pub title: String,
    pub saved_at: String,
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

/// A row of the submissions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRow {
    pub id: String,
    pub title: String,
    pub registry_number: String,
    pub citizen_name: String,
    pub on_behalf: bool,
    pub status: String,
    pub submitted_at: String,
}

/// One submission, readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionDetail {
    pub id: String,
    pub title: String,
    pub form_version: i32,
    pub registry_number: String,
    pub case_file_id: String,
    pub citizen_name: String,
    pub on_behalf_of: Option<String>,
    pub status: String,
    pub submitted_at: String,
    pub rows: Vec<AnswerRow>,
    pub notes: Vec<StatusNote>,
}

/// An option of a routing select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// Where a form's submissions may be routed in the municipality.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoutingOptions {
    pub units: Vec<Choice>,
    pub clerks: Vec<Choice>,
    pub categories: Vec<Choice>,
}

/// The editor's own texts and routing (the extra questions are edited one by one).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormSettings {
    pub guidance: String,
    pub contact: String,
    pub fee: String,
    pub unit: String,
    pub user: String,
    pub category: String,
}

/// An extra (always optional) question the municipality adds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExtraQuestion {
    pub kind: String,
    pub label: String,
    pub hint: String,
    /// For a choice: one option per line.
    pub options: String,
}

/// A central template's newest definition, for the builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDefinition {
    pub code: String,
    pub version: i32,
    pub definition_json: String,
}

/// A mandate as the clerks see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateRow {
    pub id: String,
    pub citizen_name: String,
    pub citizen_birth_date: String,
    pub kind: String,
    pub represented_name: String,
    pub represented_identifier: String,
    pub recorded_at: String,
    pub revoked_at: Option<String>,
}

/// A mandate as the citizen sees it (to pick whom to act for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMandate {
    pub id: String,
    pub kind: String,
    pub represented_name: String,
    pub represented_identifier: String,
}

/// What the clerk types in to record a mandate: the citizen (exactly as the central
/// authentication service gave their name and birth date) and whom they represent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MandateForm {
    pub family_name: String,
    pub given_name: String,
    pub birth_date: String,
    pub kind: String,
    pub represented_name: String,
    pub represented_identifier: String,
}

/// One answered question, ready to show or export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRow {
    /// Where it sits: "Page › Section" (and "› Group 2." inside a repeating group).
    pub section: String,
    pub label: String,
    /// The answer in words (option labels, "Igen"/"Nem", the address on one line …).
    pub value: String,
    /// The answer's key (`field`, or `group.index.field`).
    pub path: String,
    /// Uploaded files of a file question.
    #[serde(default)]
    pub files: Vec<FileAnswer>,
}
