//! Pure rules of importing a legacy register (docs/records-import.md): reading the CSV line
//! by line, with every rejected line reported (line, column, reason in Hungarian), and the
//! checks that need no database. No I/O.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::types::RejectedLine;
use crate::domain::{CaseState, RegistryNumberTemplate};
use crate::search::domain::search_text;

pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
const MAX_SUBJECT_CHARS: usize = 1000;
const MAX_NAME_CHARS: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookLine {
    pub line: u64,
    pub year: i32,
    pub prefix: String,
    pub name: String,
    pub template: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerLine {
    pub line: u64,
    pub key: String,
    /// `person` or `organisation`.
    pub kind: &'static str,
    pub name: String,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub street_address: Option<String>,
    pub tax_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub line: u64,
    pub year: i32,
    pub prefix: String,
    pub main: u32,
    pub subject: String,
    pub state: CaseState,
    pub registered_on: NaiveDate,
    pub retention_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLine {
    pub line: u64,
    pub year: i32,
    pub prefix: String,
    pub main: u32,
    pub sub: u32,
    /// `Incoming`, `Outgoing` or `Internal` (as the registry stores it).
    pub direction: &'static str,
    pub subject: String,
    pub registered_on: NaiveDate,
    pub partner_key: Option<String>,
    pub sender: Option<String>,
}

/// Everything a file holds, read and checked on its own (not yet against the database).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub books: Vec<BookLine>,
    pub partners: Vec<PartnerLine>,
    pub cases: Vec<CaseLine>,
    pub documents: Vec<DocumentLine>,
}

fn reject(line: u64, column: Option<u32>, reason: impl Into<String>) -> RejectedLine {
    RejectedLine {
        line,
        column,
        reason: reason.into(),
    }
}

/// The columns of each record type, as docs/records-import.md lists them (first: the type).
pub const BOOK_COLUMNS: &[&str] = &["típus", "év", "előtag", "név", "sablon"];
pub const PARTNER_COLUMNS: &[&str] = &[
    "típus",
    "azonosító",
    "fajta",
    "név",
    "irányítószám",
    "település",
    "cím",
    "adószám",
];
pub const CASE_COLUMNS: &[&str] = &[
    "típus",
    "év",
    "előtag",
    "főszám",
    "tárgy",
    "állapot",
    "iktatás napja",
    "irattári tételszám",
];
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "típus",
    "év",
    "előtag",
    "főszám",
    "alszám",
    "irány",
    "tárgy",
    "iktatás napja",
    "partner azonosító",
    "küldő / címzett",
];

/// The de-duplication key of a partner: folded name, postal code and tax number.
pub fn partner_dedupe_key(
    name: &str,
    postal_code: Option<&str>,
    tax_number: Option<&str>,
) -> String {
    format!(
        "{}|{}|{}",
        search_text([name]),
        postal_code.unwrap_or("").trim(),
        tax_number.unwrap_or("").trim()
    )
}

fn case_state(text: &str) -> Option<CaseState> {
    let folded = search_text([text]);
    Some(match folded.as_str() {
        "iktatva" | "registered" => CaseState::Registered,
        "szignalva" | "assigned" => CaseState::Assigned,
        "folyamatban" | "ugyintezes alatt" | "inprogress" => CaseState::InProgress,
        "felfuggesztve" | "suspended" => CaseState::Suspended,
        "lezarva" | "closed" => CaseState::Closed,
        "irattarban" | "archived" => CaseState::Archived,
        "sztornozva" | "cancelled" => CaseState::Cancelled,
        _ => return None,
    })
}

fn direction(text: &str) -> Option<&'static str> {
    match search_text([text]).as_str() {
        "bejovo" | "incoming" => Some("Incoming"),
        "kimeno" | "outgoing" => Some("Outgoing"),
        "belso" | "internal" => Some("Internal"),
        _ => None,
    }
}

/// One record's fields, with the helpers that read them and report what is wrong.
struct Fields<'a> {
    line: u64,
    values: Vec<&'a str>,
    names: &'static [&'static str],
    problems: Vec<RejectedLine>,
}

impl<'a> Fields<'a> {
    fn column(&self, index: usize) -> Option<u32> {
        u32::try_from(index + 1).ok()
    }

    fn name(&self, index: usize) -> &'static str {
        self.names.get(index).copied().unwrap_or("?")
    }

    fn problem(&mut self, index: usize, reason: String) {
        let column = self.column(index);
        self.problems.push(reject(self.line, column, reason));
    }

    fn optional(&self, index: usize) -> Option<String> {
        self.values
            .get(index)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
    }

    fn text(&mut self, index: usize, max_chars: usize) -> String {
        match self.optional(index) {
            None => {
                let name = self.name(index);
                self.problem(index, format!("A(z) „{name}” mező kötelező."));
                String::new()
            }
            Some(v) if v.chars().count() > max_chars => {
                let name = self.name(index);
                self.problem(
                    index,
                    format!("A(z) „{name}” mező túl hosszú (legfeljebb {max_chars} karakter)."),
                );
                String::new()
            }
            Some(v) => v,
        }
    }

    fn number(&mut self, index: usize) -> u32 {
        let raw = self.optional(index).unwrap_or_default();
        match raw.parse::<u32>() {
            Ok(n) if (1..10_000_000).contains(&n) => n,
            _ => {
                let name = self.name(index);
                self.problem(
                    index,
                    format!("A(z) „{name}” mező pozitív egész szám legyen (most: „{raw}”)."),
                );
                0
            }
        }
    }

    fn year(&mut self, index: usize) -> i32 {
        let raw = self.optional(index).unwrap_or_default();
        match raw.parse::<i32>() {
            Ok(y) if (1950..=2100).contains(&y) => y,
            _ => {
                self.problem(
                    index,
                    format!("Az év négyjegyű szám legyen 1950 és 2100 között (most: „{raw}”)."),
                );
                0
            }
        }
    }

    fn date(&mut self, index: usize, year: i32) -> NaiveDate {
        let raw = self.optional(index).unwrap_or_default();
        match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
            Ok(date) if year == 0 || date.year() == year => date,
            Ok(_) => {
                self.problem(
                    index,
                    format!("Az iktatás napja ({raw}) nem a(z) {year}. évre esik."),
                );
                NaiveDate::default()
            }
            Err(_) => {
                self.problem(
                    index,
                    format!("A dátum ÉÉÉÉ-HH-NN alakú legyen, például 2019-03-14 (most: „{raw}”)."),
                );
                NaiveDate::default()
            }
        }
    }

    fn prefix(&mut self, index: usize) -> String {
        let prefix = self.optional(index).unwrap_or_default();
        if prefix.chars().count() > 20 || prefix.contains(['{', '}']) {
            self.problem(
                index,
                "Az előtag legfeljebb 20 karakter, kapcsos zárójel nélkül.".to_owned(),
            );
        }
        prefix
    }
}

/// Reads and checks a whole file. Either the plan, or every line that is wrong.
pub fn parse_import(text: &str) -> Result<ImportPlan, Vec<RejectedLine>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut plan = ImportPlan::default();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map(|p| p.line()).unwrap_or(0);
                problems.push(reject(
                    line,
                    None,
                    "A sor nem olvasható (hibás idézőjelezés vagy kódolás).",
                ));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let values: Vec<&str> = record.iter().collect();
        if values.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let kind = search_text([values[0]]);
        let names = match kind.as_str() {
            "konyv" => BOOK_COLUMNS,
            "partner" => PARTNER_COLUMNS,
            "ugyirat" => CASE_COLUMNS,
            "irat" => DOCUMENT_COLUMNS,
            _ => {
                problems.push(reject(
                    line,
                    Some(1),
                    format!(
                        "Ismeretlen sortípus: „{}”. Lehet: konyv, partner, ugyirat, irat.",
                        values[0].trim()
                    ),
                ));
                continue;
            }
        };
        if values.len() != names.len() {
            problems.push(reject(
                line,
                None,
                format!(
                    "A(z) {kind} sor {} mezőből áll, ebben {} van.",
                    names.len(),
                    values.len()
                ),
            ));
            continue;
        }
        let mut f = Fields {
            line,
            values,
            names,
            problems: Vec::new(),
        };
        match kind.as_str() {
            "konyv" => {
                let year = f.year(1);
                let prefix = f.prefix(2);
                let name = f.text(3, MAX_NAME_CHARS);
                let template = f.text(4, 100);
                if !template.is_empty() && RegistryNumberTemplate::parse(&template).is_err() {
                    f.problem(
                        4,
                        "A sablon hibás: a {main}, {sub} és {year} helyőrző pontosan egyszer kell, elválasztó szöveggel.".to_owned(),
                    );
                }
                if f.problems.is_empty() {
                    plan.books.push(BookLine {
                        line,
                        year,
                        prefix,
                        name,
                        template,
                    });
                }
            }
            "partner" => {
                let key = f.text(1, 100);
                let kind = match search_text([f.optional(2).unwrap_or_default().as_str()]).as_str()
                {
                    "maganszemely" | "szemely" | "person" => "person",
                    "szervezet" | "organisation" => "organisation",
                    other => {
                        f.problem(
                            2,
                            format!(
                                "A fajta „magánszemély” vagy „szervezet” legyen (most: „{other}”)."
                            ),
                        );
                        "person"
                    }
                };
                let name = f.text(3, MAX_NAME_CHARS);
                if f.problems.is_empty() {
                    plan.partners.push(PartnerLine {
                        line,
                        key,
                        kind,
                        name,
                        postal_code: f.optional(4),
                        city: f.optional(5),
                        street_address: f.optional(6),
                        tax_number: f.optional(7),
                    });
                }
            }
            "ugyirat" => {
                let year = f.year(1);
                let prefix = f.prefix(2);
                let main = f.number(3);
                let subject = f.text(4, MAX_SUBJECT_CHARS);
                let state_text = f.optional(5).unwrap_or_default();
                let state = case_state(&state_text).unwrap_or_else(|| {
                    f.problem(5, format!("Ismeretlen állapot: „{state_text}”. Lehet: iktatva, szignálva, folyamatban, felfüggesztve, lezárva, irattárban, sztornózva."));
                    CaseState::Registered
                });
                let registered_on = f.date(6, year);
                let retention_code = f.optional(7);
                if f.problems.is_empty() {
                    plan.cases.push(CaseLine {
                        line,
                        year,
                        prefix,
                        main,
                        subject,
                        state,
                        registered_on,
                        retention_code,
                    });
                }
            }
            _ => {
                let year = f.year(1);
                let prefix = f.prefix(2);
                let main = f.number(3);
                let sub = f.number(4);
                let direction_text = f.optional(5).unwrap_or_default();
                let direction = direction(&direction_text).unwrap_or_else(|| {
                    f.problem(5, format!("Az irány „bejövő”, „kimenő” vagy „belső” legyen (most: „{direction_text}”)."));
                    "Incoming"
                });
                let subject = f.text(6, MAX_SUBJECT_CHARS);
                let registered_on = f.date(7, year);
                let partner_key = f.optional(8);
                let sender = f.optional(9);
                if f.problems.is_empty() {
                    plan.documents.push(DocumentLine {
                        line,
                        year,
                        prefix,
                        main,
                        sub,
                        direction,
                        subject,
                        registered_on,
                        partner_key,
                        sender,
                    });
                }
            }
        }
        problems.extend(f.problems);
    }
    problems.extend(cross_check(&plan));
    if problems.is_empty() {
        Ok(plan)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// Duplicates and references inside the file itself.
fn cross_check(plan: &ImportPlan) -> Vec<RejectedLine> {
    let mut problems = Vec::new();
    let mut books = BTreeSet::new();
    for b in &plan.books {
        if !books.insert((b.year, b.prefix.clone())) {
            problems.push(reject(
                b.line,
                Some(3),
                format!(
                    "A(z) {} évi „{}” előtagú könyv kétszer szerepel.",
                    b.year, b.prefix
                ),
            ));
        }
    }
    let mut partners = BTreeSet::new();
    for p in &plan.partners {
        if !partners.insert(p.key.clone()) {
            problems.push(reject(
                p.line,
                Some(2),
                format!("A(z) „{}” partnerazonosító kétszer szerepel.", p.key),
            ));
        }
    }
    let mut cases = BTreeMap::new();
    for c in &plan.cases {
        if cases
            .insert((c.year, c.prefix.clone(), c.main), c.line)
            .is_some()
        {
            problems.push(reject(
                c.line,
                Some(4),
                format!("A(z) {} főszám ebben a könyvben kétszer szerepel.", c.main),
            ));
        }
    }
    let mut documents = BTreeSet::new();
    for d in &plan.documents {
        if !cases.contains_key(&(d.year, d.prefix.clone(), d.main)) {
            problems.push(reject(
                d.line,
                Some(4),
                format!(
                    "A(z) {} főszámú ügyirat nem szerepel a fájlban (ugyirat sor kell hozzá).",
                    d.main
                ),
            ));
        }
        if !documents.insert((d.year, d.prefix.clone(), d.main, d.sub)) {
            problems.push(reject(
                d.line,
                Some(5),
                format!("A(z) {}-{} iktatószám kétszer szerepel.", d.main, d.sub),
            ));
        }
        if let Some(key) = &d.partner_key
            && !partners.contains(key)
        {
            problems.push(reject(
                d.line,
                Some(9),
                format!("A(z) „{key}” partner nem szerepel a fájlban."),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\u{feff}# régi iktató, 2019\n\
        konyv;2019;ÉP;Építésügyi iktatókönyv 2019;{prefix}/{main}-{sub}/{year}\n\
        partner;P1;magánszemély;Kiss Péter;2100;Gödöllő;Fő utca 1.;\n\
        ugyirat;2019;ÉP;1;Építési engedély;lezárva;2019-01-07;\n\
        irat;2019;ÉP;1;1;bejövő;Kérelem;2019-01-07;P1;\n\
        irat;2019;ÉP;1;2;kimenő;\"Határozat; engedély\";2019-02-01;;Kiss Péter\n";

    #[test]
    fn a_good_file_reads() {
        let plan = parse_import(GOOD).unwrap();
        assert_eq!(plan.books.len(), 1);
        assert_eq!(plan.partners[0].kind, "person");
        assert_eq!(plan.cases[0].state, CaseState::Closed);
        assert_eq!(plan.documents[1].subject, "Határozat; engedély");
        assert_eq!(plan.documents[1].direction, "Outgoing");
        assert_eq!(plan.documents[0].line, 5);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_column() {
        let bad = "konyv;2019;ÉP;Könyv;{main}/{year}\n\
            ugyirat;2019;;0;;elveszett;2018-12-31;\n\
            irat;2019;;5;1;oldalra;Kérelem;2019-13-01;P9;\n\
            valami;1\n\
            irat;2019;;5\n";
        let problems = parse_import(bad).unwrap_err();
        let found: Vec<(u64, Option<u32>)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            found,
            [
                (1, Some(5)),
                (2, Some(4)),
                (2, Some(5)),
                (2, Some(6)),
                (2, Some(7)),
                (3, Some(6)),
                (3, Some(8)),
                (4, Some(1)),
                (5, None),
            ]
        );
        assert!(problems[0].reason.contains("sablon"));
        assert!(problems.iter().all(|p| !p.reason.is_empty()));
    }

    #[test]
    fn duplicates_and_dangling_references_are_refused() {
        let text = "ugyirat;2019;;1;A;lezárva;2019-01-01;\n\
            ugyirat;2019;;1;B;lezárva;2019-01-02;\n\
            irat;2019;;1;1;bejövő;A;2019-01-01;;\n\
            irat;2019;;1;1;bejövő;A;2019-01-01;;\n\
            irat;2019;;2;1;bejövő;C;2019-01-01;X;\n";
        let problems = parse_import(text).unwrap_err();
        let found: Vec<(u64, Option<u32>)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            found,
            [(2, Some(4)), (4, Some(5)), (5, Some(4)), (5, Some(9))]
        );
    }

    #[test]
    fn dedupe_keys_ignore_case_and_accents() {
        assert_eq!(
            partner_dedupe_key("KISS  Péter", Some("2100"), None),
            partner_dedupe_key("kiss peter", Some(" 2100 "), Some(""))
        );
    }
}
