//! The forms editor's pages (a municipality adopts, adjusts, previews and publishes central
//! templates) and the operator's form builder (edits a central template, publishes a new
//! version).
use serde::{Deserialize, Serialize};

pub mod api;
pub mod builder;
pub mod pages;
pub mod preview;
#[cfg(feature = "ssr")]
pub mod service;

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

/// The kinds an extra question may be (simple ones: no groups, no files).
pub const EXTRA_KINDS: &[(&str, &str)] = &[
    ("text", "Szöveg"),
    ("multiline", "Hosszabb szöveg"),
    ("number", "Szám"),
    ("date", "Dátum"),
    ("yes_no", "Igen/nem"),
    ("choice", "Választás (egy)"),
    ("email", "E-mail-cím"),
    ("phone", "Telefonszám"),
];

/// A central template's newest definition, for the builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDefinition {
    pub code: String,
    pub version: i32,
    pub definition_json: String,
}
