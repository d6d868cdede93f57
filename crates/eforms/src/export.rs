//! A submission's answers made readable and exportable: rows labelled from the exact form
//! version the citizen filled in (pages, sections, repeating groups), and the JSON, CSV and
//! PDF files the clerks download. Pure functions (answers + definition → rows → bytes).
use serde::{Deserialize, Serialize};

use super::domain::language::{
    Answer, Answers, Condition, Field, FieldKind, FileAnswer, FormDefinition,
};
use crate::types::AnswerRow;

/// What an export says about the submission besides its answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExportMeta {
    pub title: String,
    pub registry_number: String,
    pub submitted_at: String,
    pub citizen_name: String,
    pub on_behalf_of: Option<String>,
    pub status: String,
    pub form_version: i32,
}

/// The Hungarian name of a submission status (as "My cases" shows it).
pub fn status_label(status: &str) -> &'static str {
    match status {
        "received" => "Beérkezett",
        "assigned" => "Ügyintézőhöz rendelve",
        "in_progress" => "Ügyintézés alatt",
        "decided" => "Döntés született",
        "closed" => "Lezárva",
        _ => "Ismeretlen",
    }
}

/// A file's size in words ("14 bájt", "12,5 kB", "3,2 MB").
pub fn file_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bájt")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} kB", bytes as f64 / 1024.0).replace('.', ",")
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

fn value_text(field: &Field, answer: &Answer) -> String {
    match (&field.kind, answer) {
        (FieldKind::YesNo, Answer::Text(t)) => match t.as_str() {
            "yes" => "Igen".to_owned(),
            "no" => "Nem".to_owned(),
            other => other.to_owned(),
        },
        (FieldKind::Choice { options, .. }, Answer::Text(t)) => options
            .iter()
            .find(|o| &o.value == t)
            .map_or_else(|| t.clone(), |o| o.label.clone()),
        (FieldKind::Choice { options, .. }, Answer::Choices(values)) => values
            .iter()
            .map(|v| {
                options
                    .iter()
                    .find(|o| &o.value == v)
                    .map_or_else(|| v.clone(), |o| o.label.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
        (
            FieldKind::Number {
                unit: Some(unit), ..
            },
            Answer::Text(t),
        ) => format!("{t} {unit}"),
        (_, Answer::Text(t)) => t.clone(),
        (_, Answer::Choices(values)) => values.join(", "),
        (_, Answer::Address(a)) => format!(
            "{} {}, {} {}",
            a.postal_code.trim(),
            a.settlement.trim(),
            a.street.trim(),
            a.house_number.trim()
        ),
        (_, Answer::Files(files)) => files
            .iter()
            .map(|f| format!("{} ({})", f.name, file_size(f.size)))
            .collect::<Vec<_>>()
            .join("; "),
        (_, Answer::Items(items)) => format!("{} tétel", items.len()),
    }
}

fn push_field(
    rows: &mut Vec<AnswerRow>,
    section: &str,
    path: String,
    field: &Field,
    answers: &Answers,
) {
    let Some(answer) = answers.get(&field.id) else {
        return;
    };
    if answer.is_empty() {
        return;
    }
    match (&field.kind, answer) {
        (FieldKind::Group { fields, .. }, Answer::Items(items)) => {
            for (index, item) in items.iter().enumerate() {
                let inner_section = format!("{section} › {} {}.", field.label, index + 1);
                for inner in fields {
                    push_field(
                        rows,
                        &inner_section,
                        format!("{path}.{index}.{}", inner.id),
                        inner,
                        item,
                    );
                }
            }
        }
        _ => rows.push(AnswerRow {
            section: section.to_owned(),
            label: field.label.clone(),
            value: value_text(field, answer),
            path,
            files: match answer {
                Answer::Files(files) => files.clone(),
                _ => Vec::new(),
            },
        }),
    }
}

/// The answered questions in the form's order, labelled from `definition` (the version the
/// citizen filled in). Unanswered questions are left out.
pub fn answer_rows(definition: &FormDefinition, answers: &Answers) -> Vec<AnswerRow> {
    let mut rows = Vec::new();
    for page in &definition.pages {
        for section in &page.sections {
            let place = match &section.title {
                Some(title) if !title.trim().is_empty() => format!("{} › {title}", page.title),
                _ => page.title.clone(),
            };
            for field in &section.fields {
                push_field(&mut rows, &place, field.id.clone(), field, answers);
            }
        }
    }
    rows
}

/// Every uploaded file among the answers (top level and in groups).
pub fn files_of(answers: &Answers) -> Vec<FileAnswer> {
    let mut out = Vec::new();
    for answer in answers.values() {
        match answer {
            Answer::Files(files) => out.extend(files.iter().cloned()),
            Answer::Items(items) => items.iter().for_each(|item| out.extend(files_of(item))),
            _ => {}
        }
    }
    out
}

/// The JSON export: the data about the submission, the answers as stored (machine-readable)
/// and the labelled rows (human-readable).
pub fn to_json(meta: &ExportMeta, answers: &Answers, rows: &[AnswerRow]) -> Vec<u8> {
    let value = serde_json::json!({
        "form": meta.title,
        "form_version": meta.form_version,
        "registry_number": meta.registry_number,
        "submitted_at": meta.submitted_at,
        "citizen": meta.citizen_name,
        "on_behalf_of": meta.on_behalf_of,
        "status": meta.status,
        "answers": answers,
        "readable": rows.iter().map(|r| serde_json::json!({
            "section": r.section,
            "question": r.label,
            "answer": r.value,
            "key": r.path,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_vec_pretty(&value).unwrap_or_default()
}

/// A CSV field (semicolon-separated, as Hungarian spreadsheets read them): quoted when it
/// holds a separator, quote or line break; a leading `= + - @` is neutralised (no formulas).
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn csv_line(fields: &[&str]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(";");
    line.push_str("\r\n");
    line
}

/// The CSV export (UTF-8 with BOM): a few lines about the submission, then one line per
/// answered question.
pub fn to_csv(meta: &ExportMeta, rows: &[AnswerRow]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_line(&["Szakasz", "Kérdés", "Válasz"]));
    let on_behalf = meta.on_behalf_of.clone().unwrap_or_default();
    let version = meta.form_version.to_string();
    for (label, value) in [
        ("Űrlap", meta.title.as_str()),
        ("Űrlap változata", version.as_str()),
        ("Iktatószám", meta.registry_number.as_str()),
        ("Beküldve", meta.submitted_at.as_str()),
        ("Beküldő", meta.citizen_name.as_str()),
        ("Képviselt", on_behalf.as_str()),
        ("Állapot", status_label(&meta.status)),
    ] {
        out.push_str(&csv_line(&["Beadvány", label, value]));
    }
    for row in rows {
        out.push_str(&csv_line(&[&row.section, &row.label, &row.value]));
    }
    out.into_bytes()
}

/// The PDF export in the platform's own PDF writer (DejaVu Sans: every Hungarian letter).
#[cfg(feature = "ssr")]
pub fn to_pdf(
    meta: &ExportMeta,
    rows: &[AnswerRow],
) -> Result<Vec<u8>, openasp_core::error::AppError> {
    use openasp_core::pdf::PdfWriter;
    let mut pdf = PdfWriter::new(&meta.title).map_err(openasp_core::error::AppError::internal)?;
    pdf.paragraph(15.0, &meta.title);
    pdf.paragraph(
        10.0,
        &format!(
            "Iktatószám: {} · Beküldve: {} · Állapot: {}",
            meta.registry_number,
            meta.submitted_at,
            status_label(&meta.status)
        ),
    );
    pdf.paragraph(10.0, &format!("Beküldő: {}", meta.citizen_name));
    if let Some(on_behalf) = &meta.on_behalf_of {
        pdf.paragraph(10.0, &format!("Képviselt: {on_behalf}"));
    }
    pdf.paragraph(8.0, &format!("Űrlap változata: {}", meta.form_version));
    pdf.gap(6.0);
    pdf.rule();
    let mut last_section = "";
    for row in rows {
        if row.section != last_section {
            pdf.gap(8.0);
            pdf.paragraph(12.0, &row.section);
            last_section = &row.section;
        }
        pdf.paragraph(8.5, &row.label);
        for line in row.value.lines() {
            pdf.paragraph(10.5, line);
        }
        pdf.gap(3.0);
    }
    pdf.finish()
        .map_err(openasp_core::error::AppError::internal)
}

/// A condition in Hungarian words, with the questions named by their labels.
pub fn condition_words(condition: &Condition, label_of: &dyn Fn(&str) -> String) -> String {
    let quoted = |field: &str| format!("„{}”", label_of(field));
    match condition {
        Condition::Equals { field, value } => {
            format!("{} válasza: {}", quoted(field), answer_word(value))
        }
        Condition::NotEquals { field, value } => {
            format!("{} válasza nem {}", quoted(field), answer_word(value))
        }
        Condition::OneOf { field, values } => format!(
            "{} válasza ezek egyike: {}",
            quoted(field),
            values
                .iter()
                .map(|v| answer_word(v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Condition::Answered { field } => format!("{} meg van válaszolva", quoted(field)),
        Condition::GreaterThan { field, value } => {
            format!("{} nagyobb, mint {value}", quoted(field))
        }
        Condition::All { conditions } => conditions
            .iter()
            .map(|c| condition_words(c, label_of))
            .collect::<Vec<_>>()
            .join(" és "),
        Condition::Any { conditions } => conditions
            .iter()
            .map(|c| condition_words(c, label_of))
            .collect::<Vec<_>>()
            .join(" vagy "),
        Condition::Not { condition } => {
            format!("nem igaz, hogy {}", condition_words(condition, label_of))
        }
    }
}

fn answer_word(value: &str) -> String {
    match value {
        "yes" => "igen".to_owned(),
        "no" => "nem".to_owned(),
        other => format!("„{other}”"),
    }
}

/// The Hungarian name of a field kind.
pub fn kind_name(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text {
            multiline: true, ..
        } => "hosszabb szöveg",
        FieldKind::Text { .. } => "szöveg",
        FieldKind::Number { .. } => "szám",
        FieldKind::Date { .. } => "dátum",
        FieldKind::Choice { multiple: true, .. } => "választás (több is)",
        FieldKind::Choice { .. } => "választás (egy)",
        FieldKind::YesNo => "igen/nem",
        FieldKind::Address => "cím",
        FieldKind::TaxId => "adóazonosító jel",
        FieldKind::TaxNumber => "adószám",
        FieldKind::Email => "e-mail-cím",
        FieldKind::Phone => "telefonszám",
        FieldKind::BankAccount => "bankszámlaszám",
        FieldKind::Group { .. } => "ismétlődő csoport",
        FieldKind::File { .. } => "fájl feltöltése",
    }
}

/// Every field's label by id (inner fields of groups too), for conditions in words.
pub fn labels(definition: &FormDefinition) -> std::collections::BTreeMap<String, String> {
    fn walk(fields: &[Field], out: &mut std::collections::BTreeMap<String, String>) {
        for field in fields {
            out.entry(field.id.clone())
                .or_insert_with(|| field.label.clone());
            if let FieldKind::Group { fields, .. } = &field.kind {
                walk(fields, out);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for page in &definition.pages {
        for section in &page.sections {
            walk(&section.fields, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition() -> FormDefinition {
        serde_json::from_value(serde_json::json!({
            "language_version": 1,
            "title": "Rendezvény bejelentése",
            "pages": [
                {"id": "alap", "title": "Alapadatok", "sections": [{"title": "A kérelmező", "fields": [
                    {"id": "nev", "label": "Név", "type": "text", "required": true},
                    {"id": "ceg", "label": "Cég nevében?", "type": "yes_no"},
                    {"id": "fajta", "label": "Fajta", "type": "choice", "options": [
                        {"value": "zenes", "label": "Zenés rendezvény"},
                        {"value": "sport", "label": "Sportesemény"}
                    ]},
                    {"id": "letszam", "label": "Létszám", "type": "number", "unit": "fő"},
                    {"id": "cim", "label": "Helyszín", "type": "address"}
                ]}]},
                {"id": "tobb", "title": "Szervezők", "sections": [{"fields": [
                    {"id": "szervezok", "label": "Szervező", "type": "group", "max_items": 5,
                     "item_label": "szervező", "fields": [
                        {"id": "nev", "label": "Szervező neve", "type": "text"},
                        {"id": "igazolas", "label": "Igazolás", "type": "file", "max_count": 1,
                         "max_bytes": 1024, "accept": ["application/pdf"]}
                    ]},
                    {"id": "megjegyzes", "label": "Megjegyzés", "type": "text", "multiline": true,
                     "show_if": {"op": "equals", "field": "ceg", "value": "yes"}}
                ]}]}
            ]
        }))
        .unwrap()
    }

    fn answers() -> Answers {
        serde_json::from_value(serde_json::json!({
            "nev": "=Kovács Ödön; \"Öcsi\"",
            "ceg": "yes",
            "fajta": "zenes",
            "letszam": "120",
            "cim": {"postal_code": "2100", "settlement": "Gödöllő", "street": "Szabadság tér", "house_number": "1."},
            "szervezok": [
                {"nev": "Első Kft.", "igazolas": [{"upload_id": "7", "name": "ig.pdf", "content_type": "application/pdf", "size": 2048}]},
                {"nev": "Második Bt."}
            ],
            "megjegyzes": "Első sor\nMásodik sor"
        }))
        .unwrap()
    }

    #[test]
    fn rows_follow_the_form_and_speak_in_labels() {
        let rows = answer_rows(&definition(), &answers());
        let pairs: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.section.as_str(), r.label.as_str(), r.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("Alapadatok › A kérelmező", "Név", "=Kovács Ödön; \"Öcsi\""),
                ("Alapadatok › A kérelmező", "Cég nevében?", "Igen"),
                ("Alapadatok › A kérelmező", "Fajta", "Zenés rendezvény"),
                ("Alapadatok › A kérelmező", "Létszám", "120 fő"),
                (
                    "Alapadatok › A kérelmező",
                    "Helyszín",
                    "2100 Gödöllő, Szabadság tér 1."
                ),
                ("Szervezők › Szervező 1.", "Szervező neve", "Első Kft."),
                ("Szervezők › Szervező 1.", "Igazolás", "ig.pdf (2,0 kB)"),
                ("Szervezők › Szervező 2.", "Szervező neve", "Második Bt."),
                ("Szervezők", "Megjegyzés", "Első sor\nMásodik sor"),
            ]
        );
        assert_eq!(rows[6].path, "szervezok.0.igazolas");
        assert_eq!(rows[6].files.len(), 1);
        assert_eq!(files_of(&answers()).len(), 1);
    }

    fn meta() -> ExportMeta {
        ExportMeta {
            title: "Rendezvény bejelentése".into(),
            registry_number: "1-1/2026".into(),
            submitted_at: "2026-03-01 10:00".into(),
            citizen_name: "Minta Péter".into(),
            on_behalf_of: Some("Első Kft. (adószám: 10773381-2-44)".into()),
            status: "in_progress".into(),
            form_version: 2,
        }
    }

    #[test]
    fn csv_quotes_separators_and_defuses_formulas() {
        let rows = answer_rows(&definition(), &answers());
        let csv = String::from_utf8(to_csv(&meta(), &rows)).unwrap();
        assert!(csv.starts_with("\u{feff}Szakasz;Kérdés;Válasz\r\n"));
        assert!(csv.contains("Beadvány;Iktatószám;1-1/2026\r\n"));
        assert!(csv.contains("Beadvány;Állapot;Ügyintézés alatt\r\n"));
        assert!(csv.contains("Alapadatok › A kérelmező;Név;\"'=Kovács Ödön; \"\"Öcsi\"\"\"\r\n"));
        assert!(csv.contains("Szervezők;Megjegyzés;\"Első sor\nMásodik sor\"\r\n"));
    }

    #[test]
    fn json_keeps_the_stored_answers_and_the_readable_rows() {
        let rows = answer_rows(&definition(), &answers());
        let json: serde_json::Value =
            serde_json::from_slice(&to_json(&meta(), &answers(), &rows)).unwrap();
        assert_eq!(json["registry_number"], "1-1/2026");
        assert_eq!(json["answers"]["fajta"], "zenes");
        assert_eq!(json["readable"][2]["answer"], "Zenés rendezvény");
        assert_eq!(json["readable"][5]["key"], "szervezok.0.nev");
        assert_eq!(json["on_behalf_of"], "Első Kft. (adószám: 10773381-2-44)");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn pdf_carries_the_answers_in_searchable_text() {
        let rows = answer_rows(&definition(), &answers());
        let pdf = to_pdf(&meta(), &rows).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = openasp_core::pdf::extract_text(&pdf);
        for expected in [
            "Rendezvény bejelentése",
            "1-1/2026",
            "Zenés rendezvény",
            "Kovács Ödön",
            "Második Bt.",
        ] {
            assert!(text.contains(expected), "{expected} missing in {text}");
        }
    }

    #[test]
    fn conditions_read_as_hungarian_sentences() {
        let definition = definition();
        let labels = labels(&definition);
        let label_of = |id: &str| labels.get(id).cloned().unwrap_or_else(|| id.to_owned());
        let condition: Condition = serde_json::from_value(serde_json::json!({
            "op": "all", "conditions": [
                {"op": "equals", "field": "ceg", "value": "yes"},
                {"op": "not", "condition": {"op": "greater_than", "field": "letszam", "value": 500.0}}
            ]
        }))
        .unwrap();
        assert_eq!(
            condition_words(&condition, &label_of),
            "„Cég nevében?” válasza: igen és nem igaz, hogy „Létszám” nagyobb, mint 500"
        );
        assert_eq!(file_size(14), "14 bájt");
        assert_eq!(file_size(1_500_000), "1,4 MB");
    }
}
