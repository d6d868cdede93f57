//! The form definition language, stored as JSON data. A definition is immutable once a
//! version of it is published: submissions are checked against the exact version filled in.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The version of the language itself (the JSON shape), written into every definition so
/// that a later reader knows how to read an old one.
pub const LANGUAGE_VERSION: u32 = 1;

/// A whole form: pages of sections of fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDefinition {
    pub language_version: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    pub pages: Vec<FormPage>,
}

/// One page of the page-by-page journey; skipped entirely when its condition fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormPage {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub fields: Vec<Field>,
}

/// A question. `id` is unique in its scope (the form, or its repeating group) and is the
/// key of its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    #[serde(flatten)]
    pub kind: FieldKind,
}

/// Which dates a date field accepts, relative to the day of filling in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRange {
    #[default]
    Any,
    /// Today or earlier (a birth date, a start of activity already begun).
    PastOrToday,
    /// Today or later (an event to come).
    TodayOrFuture,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// The kind of a field and its kind's validation rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default)]
        multiline: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Digits allowed after the decimal comma (0: whole numbers only).
        #[serde(default)]
        decimals: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    Date {
        #[serde(default)]
        range: DateRange,
    },
    Choice {
        options: Vec<ChoiceOption>,
        /// Several may be ticked (checkboxes) rather than one (radios).
        #[serde(default)]
        multiple: bool,
    },
    YesNo,
    /// Postal code, settlement, street and house number; the postal code is looked up in the
    /// gazetteer and must belong to the settlement given.
    Address,
    /// Hungarian personal tax id (adóazonosító jel).
    TaxId,
    /// Hungarian company tax number (adószám).
    TaxNumber,
    Email,
    Phone,
    BankAccount,
    /// A repeating group: each item answers the inner fields.
    Group {
        fields: Vec<Field>,
        #[serde(default)]
        min_items: u32,
        max_items: u32,
        /// What one item is called ("tulajdonos", "ingatlan"), for "Add another …".
        item_label: String,
    },
    File {
        max_count: u32,
        max_bytes: u64,
        /// Accepted media types, e.g. `application/pdf`, `image/jpeg`.
        accept: Vec<String>,
    },
}

/// When a page or field is shown. A condition may name only fields that come before it
/// (in its group first, then in the form), so visibility is decided in one pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    /// The answer equals `value` (for a multiple choice: `value` is among those ticked).
    Equals {
        field: String,
        value: String,
    },
    NotEquals {
        field: String,
        value: String,
    },
    OneOf {
        field: String,
        values: Vec<String>,
    },
    Answered {
        field: String,
    },
    /// A number answer greater than `value`.
    GreaterThan {
        field: String,
        value: f64,
    },
    All {
        conditions: Vec<Condition>,
    },
    Any {
        conditions: Vec<Condition>,
    },
    Not {
        condition: Box<Condition>,
    },
}

impl Condition {
    /// The fields the condition reads.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Condition::Equals { field, .. }
            | Condition::NotEquals { field, .. }
            | Condition::OneOf { field, .. }
            | Condition::Answered { field }
            | Condition::GreaterThan { field, .. } => vec![field.as_str()],
            Condition::All { conditions } | Condition::Any { conditions } => {
                conditions.iter().flat_map(Condition::fields).collect()
            }
            Condition::Not { condition } => condition.fields(),
        }
    }
}

/// Answers by field id.
pub type Answers = BTreeMap<String, Answer>;

/// One answer, as stored and exported (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// Text, number, date, single choice, yes/no (`yes`/`no`), ids, e-mail, phone, account.
    Text(String),
    /// The options ticked in a multiple choice.
    Choices(Vec<String>),
    Address(AddressAnswer),
    /// The items of a repeating group.
    Items(Vec<Answers>),
    Files(Vec<FileAnswer>),
}

impl Answer {
    /// Nothing given: an empty text, nothing ticked, no items, no files.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Text(text) => text.trim().is_empty(),
            Answer::Choices(values) => values.is_empty(),
            Answer::Address(address) => address.is_empty(),
            Answer::Items(items) => items.is_empty(),
            Answer::Files(files) => files.is_empty(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AddressAnswer {
    pub postal_code: String,
    pub settlement: String,
    pub street: String,
    pub house_number: String,
}

impl AddressAnswer {
    pub fn is_empty(&self) -> bool {
        [
            &self.postal_code,
            &self.settlement,
            &self.street,
            &self.house_number,
        ]
        .iter()
        .all(|part| part.trim().is_empty())
    }
}

/// An uploaded file, described by what the server measured when it received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileAnswer {
    /// The upload's id on the server.
    pub upload_id: String,
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// A fault in a definition (caught before a version can be published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionProblem {
    pub at: String,
    pub problem: String,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && id.as_bytes()[0].is_ascii_lowercase()
}

/// Upper bounds that keep one submission's evaluation cheap.
pub const MAX_FIELDS: usize = 1000;
pub const MAX_GROUP_ITEMS: u32 = 100;
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_FILES_PER_FIELD: u32 = 10;

impl FormDefinition {
    /// The faults of this definition: bad or repeated ids, conditions naming a field that
    /// does not come before them, empty choices, impossible limits.
    pub fn problems(&self) -> Vec<DefinitionProblem> {
        let mut problems = Vec::new();
        let mut report = |at: &str, problem: &str| {
            problems.push(DefinitionProblem {
                at: at.to_owned(),
                problem: problem.to_owned(),
            })
        };
        if self.language_version != LANGUAGE_VERSION {
            report("form", "unknown language version");
        }
        if self.title.trim().is_empty() {
            report("form", "empty title");
        }
        if self.pages.is_empty() {
            report("form", "no pages");
        }
        let mut page_ids = BTreeSet::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut count = 0usize;
        for page in &self.pages {
            if !valid_id(&page.id) || !page_ids.insert(page.id.clone()) {
                report(&page.id, "page id invalid or repeated");
            }
            if let Some(condition) = &page.show_if {
                for field in condition.fields() {
                    if !seen.contains(field) {
                        report(&page.id, "condition names a field not before it");
                    }
                }
            }
            for field in page.sections.iter().flat_map(|s| &s.fields) {
                check_field(field, &mut seen, &BTreeSet::new(), &mut count, &mut report);
            }
        }
        if count > MAX_FIELDS {
            report("form", "too many fields");
        }
        problems
    }
}

fn check_field(
    field: &Field,
    seen: &mut BTreeSet<String>,
    outer: &BTreeSet<String>,
    count: &mut usize,
    report: &mut impl FnMut(&str, &str),
) {
    *count += 1;
    // A group's inner ids need only be unique in the group (conditions look there first).
    if !valid_id(&field.id) || seen.contains(&field.id) {
        report(&field.id, "field id invalid or repeated");
    }
    if field.label.trim().is_empty() {
        report(&field.id, "empty label");
    }
    if let Some(condition) = &field.show_if {
        for name in condition.fields() {
            if !seen.contains(name) && !outer.contains(name) {
                report(&field.id, "condition names a field not before it");
            }
        }
    }
    match &field.kind {
        FieldKind::Text {
            min_length,
            max_length,
            ..
        } => {
            if let (Some(min), Some(max)) = (min_length, max_length)
                && min > max
            {
                report(&field.id, "min_length above max_length");
            }
        }
        FieldKind::Number { min, max, .. } => {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                report(&field.id, "min above max");
            }
        }
        FieldKind::Choice { options, .. } => {
            let values: BTreeSet<&str> = options.iter().map(|o| o.value.as_str()).collect();
            if options.is_empty() || values.len() != options.len() {
                report(&field.id, "choice options empty or repeated");
            }
        }
        FieldKind::Group {
            fields,
            min_items,
            max_items,
            ..
        } => {
            if *max_items == 0 || min_items > max_items || *max_items > MAX_GROUP_ITEMS {
                report(&field.id, "impossible item limits");
            }
            // Inner fields see the form's earlier fields and their own earlier siblings.
            let mut scope = outer.clone();
            scope.extend(seen.iter().cloned());
            let mut inner = BTreeSet::new();
            for inner_field in fields {
                if matches!(inner_field.kind, FieldKind::Group { .. }) {
                    report(&inner_field.id, "groups do not nest");
                }
                check_field(inner_field, &mut inner, &scope, count, report);
            }
        }
        FieldKind::File {
            max_count,
            max_bytes,
            accept,
        } => {
            if *max_count == 0
                || *max_count > MAX_FILES_PER_FIELD
                || *max_bytes == 0
                || *max_bytes > MAX_FILE_BYTES
                || accept.is_empty()
            {
                report(&field.id, "impossible file limits");
            }
        }
        FieldKind::Date { .. }
        | FieldKind::YesNo
        | FieldKind::Address
        | FieldKind::TaxId
        | FieldKind::TaxNumber
        | FieldKind::Email
        | FieldKind::Phone
        | FieldKind::BankAccount => {}
    }
    seen.insert(field.id.clone());
}
