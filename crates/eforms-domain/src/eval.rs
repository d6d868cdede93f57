//! Evaluating a definition against answers: which pages and questions are shown, and what is
//! wrong with the answers. Pure, so the browser (immediate feedback) and the server (the
//! only check that counts) run the same rules.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::checks::{CheckError, check_bank_account, check_tax_id, check_tax_number};
use super::dates::Date;
use super::language::{
    Answer, Answers, Condition, DateRange, Field, FieldKind, FormDefinition, FormPage,
};
use openasp_core::Lang;
use openasp_core::text::fold_for_search;

/// Text answers longer than this are refused whatever the definition says.
pub const MAX_TEXT_CHARS: u32 = 10_000;
/// A single-line text field's limit when the definition gives none.
pub const DEFAULT_LINE_CHARS: u32 = 500;

/// What validation needs from outside: the day of filling in and the postal-code register.
pub struct Context<'a> {
    pub today: Date,
    /// The settlement names a postal code belongs to (empty: no such postal code).
    pub settlements_of: &'a dyn Fn(&str) -> Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemKind {
    Required,
    /// An answer to a question the form does not have.
    UnknownQuestion,
    /// An answer to a question that the other answers hide.
    HiddenQuestion,
    /// The answer has the wrong shape for the question (e.g. a list for a text).
    WrongShape,
    TooShort,
    TooLong,
    NotANumber,
    TooManyDecimals,
    TooSmall,
    TooLarge,
    NotADate,
    DateInFuture,
    DateInPast,
    NotAnOption,
    NotYesNo,
    Malformed,
    CheckDigit,
    AddressIncomplete,
    UnknownPostalCode,
    PostalCodeNotOfSettlement,
    TooFewItems,
    TooManyItems,
    TooManyFiles,
    FileTooLarge,
    FileTypeNotAllowed,
}

impl ProblemKind {
    pub fn message(self, lang: Lang) -> &'static str {
        let (hu, en) = match self {
            ProblemKind::Required => ("A kérdés megválaszolása kötelező.", "Answer this question."),
            ProblemKind::UnknownQuestion => (
                "Az űrlapon nincs ilyen kérdés.",
                "The form has no such question.",
            ),
            ProblemKind::HiddenQuestion => (
                "Erre a kérdésre a többi válasz alapján nem kell válaszolni.",
                "This question does not apply given the other answers.",
            ),
            ProblemKind::WrongShape => (
                "A válasz formája nem megfelelő.",
                "The answer has the wrong form.",
            ),
            ProblemKind::TooShort => ("A válasz túl rövid.", "The answer is too short."),
            ProblemKind::TooLong => ("A válasz túl hosszú.", "The answer is too long."),
            ProblemKind::NotANumber => ("Számot adjon meg.", "Enter a number."),
            ProblemKind::TooManyDecimals => (
                "Túl sok tizedesjegyet adott meg.",
                "Too many decimal places.",
            ),
            ProblemKind::TooSmall => ("Az érték túl kicsi.", "The value is too small."),
            ProblemKind::TooLarge => ("Az érték túl nagy.", "The value is too large."),
            ProblemKind::NotADate => (
                "Érvényes dátumot adjon meg (éééé-hh-nn).",
                "Enter a real date (yyyy-mm-dd).",
            ),
            ProblemKind::DateInFuture => (
                "A dátum nem lehet a jövőben.",
                "The date must not be in the future.",
            ),
            ProblemKind::DateInPast => (
                "A dátum nem lehet a múltban.",
                "The date must not be in the past.",
            ),
            ProblemKind::NotAnOption => (
                "Válasszon a felkínált lehetőségek közül.",
                "Choose one of the options given.",
            ),
            ProblemKind::NotYesNo => ("Válasszon: igen vagy nem.", "Choose yes or no."),
            ProblemKind::Malformed => (
                "A megadott érték formátuma hibás.",
                "The value is not in the right format.",
            ),
            ProblemKind::CheckDigit => (
                "A szám hibás: az ellenőrző számjegy nem egyezik. Ellenőrizze a számjegyeket.",
                "The number is wrong: its check digit does not match. Check the digits.",
            ),
            ProblemKind::AddressIncomplete => (
                "Adja meg a teljes címet (irányítószám, település, közterület, házszám).",
                "Enter the full address (postal code, settlement, street, house number).",
            ),
            ProblemKind::UnknownPostalCode => {
                ("Nincs ilyen irányítószám.", "There is no such postal code.")
            }
            ProblemKind::PostalCodeNotOfSettlement => (
                "Az irányítószám nem ehhez a településhez tartozik.",
                "The postal code does not belong to this settlement.",
            ),
            ProblemKind::TooFewItems => ("Adjon meg több tételt.", "Add more items."),
            ProblemKind::TooManyItems => ("Túl sok tételt adott meg.", "Too many items."),
            ProblemKind::TooManyFiles => ("Túl sok fájlt csatolt.", "Too many files attached."),
            ProblemKind::FileTooLarge => ("A fájl túl nagy.", "The file is too large."),
            ProblemKind::FileTypeNotAllowed => (
                "Ilyen típusú fájl nem csatolható.",
                "Files of this type cannot be attached.",
            ),
        };
        match lang {
            Lang::Hu => hu,
            Lang::En => en,
        }
    }
}

/// One problem with one answer. `field` is the answer's path: `id`, or `group.index.id`
/// inside a repeating group (index from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormProblem {
    pub field: String,
    pub kind: ProblemKind,
}

/// Parses a number as people write it in Hungary ("1 234,5") or as browsers send it ("1234.5").
pub fn parse_number(text: &str) -> Option<(f64, usize)> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let unsigned = compact.strip_prefix('-').unwrap_or(&compact);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty()
        || whole.len() > 15
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || (unsigned.contains('.') && fraction.is_empty())
    {
        return None;
    }
    Some((compact.parse().ok()?, fraction.len()))
}

pub fn valid_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    text.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// 8–15 digits, optionally after `+`, with the usual separators (space, `-`, `/`, brackets).
pub fn valid_phone(text: &str) -> bool {
    let compact: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '(' | ')'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Looks a condition's field up: in the item of a repeating group first, then in the form.
struct Scope<'a> {
    item: Option<&'a BTreeMap<&'a str, &'a Answer>>,
    form: &'a BTreeMap<&'a str, &'a Answer>,
}

impl<'a> Scope<'a> {
    fn get(&self, field: &str) -> Option<&'a Answer> {
        self.item
            .and_then(|item| item.get(field).copied())
            .or_else(|| self.form.get(field).copied())
    }
}

fn equals(answer: Option<&Answer>, value: &str) -> bool {
    match answer {
        Some(Answer::Text(text)) => text.trim() == value,
        Some(Answer::Choices(values)) => values.iter().any(|v| v == value),
        _ => false,
    }
}

fn holds(condition: &Condition, scope: &Scope) -> bool {
    match condition {
        Condition::Equals { field, value } => equals(scope.get(field), value),
        Condition::NotEquals { field, value } => {
            scope.get(field).is_some_and(|a| !a.is_empty()) && !equals(scope.get(field), value)
        }
        Condition::OneOf { field, values } => values.iter().any(|v| equals(scope.get(field), v)),
        Condition::Answered { field } => scope.get(field).is_some_and(|a| !a.is_empty()),
        Condition::GreaterThan { field, value } => match scope.get(field) {
            Some(Answer::Text(text)) => parse_number(text).is_some_and(|(n, _)| n > *value),
            _ => false,
        },
        Condition::All { conditions } => conditions.iter().all(|c| holds(c, scope)),
        Condition::Any { conditions } => conditions.iter().any(|c| holds(c, scope)),
        Condition::Not { condition } => !holds(condition, scope),
    }
}

/// Which pages and answer paths are shown for these answers. A hidden question's answer
/// counts as no answer for the conditions after it, so hiding cascades.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visibility {
    pub pages: Vec<String>,
    /// Answer paths in form order (`id`, `group.index.id`).
    pub fields: Vec<String>,
}

impl Visibility {
    pub fn page_shown(&self, page: &str) -> bool {
        self.pages.iter().any(|p| p == page)
    }

    pub fn field_shown(&self, path: &str) -> bool {
        self.fields.iter().any(|p| p == path)
    }
}

pub fn visibility(form: &FormDefinition, answers: &Answers) -> Visibility {
    let mut shown = Visibility::default();
    let mut effective: BTreeMap<&str, &Answer> = BTreeMap::new();
    for page in &form.pages {
        let page_shown = page.show_if.as_ref().is_none_or(|c| {
            holds(
                c,
                &Scope {
                    item: None,
                    form: &effective,
                },
            )
        });
        if page_shown {
            shown.pages.push(page.id.clone());
        }
        for field in page.sections.iter().flat_map(|s| &s.fields) {
            let field_shown = page_shown
                && field.show_if.as_ref().is_none_or(|c| {
                    holds(
                        c,
                        &Scope {
                            item: None,
                            form: &effective,
                        },
                    )
                });
            if !field_shown {
                continue;
            }
            shown.fields.push(field.id.clone());
            if let (FieldKind::Group { fields, .. }, Some(Answer::Items(items))) =
                (&field.kind, answers.get(&field.id))
            {
                for (index, item) in items.iter().enumerate() {
                    let mut item_effective: BTreeMap<&str, &Answer> = BTreeMap::new();
                    for inner in fields {
                        let inner_shown = inner.show_if.as_ref().is_none_or(|c| {
                            holds(
                                c,
                                &Scope {
                                    item: Some(&item_effective),
                                    form: &effective,
                                },
                            )
                        });
                        if inner_shown {
                            shown
                                .fields
                                .push(format!("{}.{index}.{}", field.id, inner.id));
                            if let Some(answer) = item.get(&inner.id) {
                                item_effective.insert(&inner.id, answer);
                            }
                        }
                    }
                }
            }
            if let Some(answer) = answers.get(&field.id) {
                effective.insert(&field.id, answer);
            }
        }
    }
    shown
}

/// The answer paths shown for these answers, in form order.
pub fn visible_fields(form: &FormDefinition, answers: &Answers) -> Vec<String> {
    visibility(form, answers).fields
}

/// The pages shown for these answers, in order (the journey skips the others).
pub fn visible_pages<'a>(form: &'a FormDefinition, answers: &Answers) -> Vec<&'a FormPage> {
    let shown = visibility(form, answers);
    form.pages
        .iter()
        .filter(|p| shown.page_shown(&p.id))
        .collect()
}

/// Everything wrong with `answers` for `form`: missing required answers to shown questions,
/// answers to hidden or unknown questions, and answers that break their question's rules.
/// The server accepts a submission only when this is empty.
pub fn validate(form: &FormDefinition, answers: &Answers, ctx: &Context) -> Vec<FormProblem> {
    let shown = visibility(form, answers);
    let shown_paths: BTreeSet<&str> = shown.fields.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    let fields: BTreeMap<&str, &Field> = form
        .pages
        .iter()
        .flat_map(|p| p.sections.iter().flat_map(|s| &s.fields))
        .map(|f| (f.id.as_str(), f))
        .collect();
    for (id, answer) in answers {
        if !fields.contains_key(id.as_str()) {
            problems.push(FormProblem {
                field: id.clone(),
                kind: ProblemKind::UnknownQuestion,
            });
        } else if !shown_paths.contains(id.as_str()) && !answer.is_empty() {
            problems.push(FormProblem {
                field: id.clone(),
                kind: ProblemKind::HiddenQuestion,
            });
        }
    }
    for page in &form.pages {
        for field in page.sections.iter().flat_map(|s| &s.fields) {
            if shown_paths.contains(field.id.as_str()) {
                check_answer(
                    field,
                    &field.id,
                    answers.get(&field.id),
                    &shown_paths,
                    ctx,
                    &mut problems,
                );
            }
        }
    }
    problems
}

/// The problems of the questions on one page (for the page-by-page journey).
pub fn validate_page(
    form: &FormDefinition,
    page_id: &str,
    answers: &Answers,
    ctx: &Context,
) -> Vec<FormProblem> {
    let Some(page) = form.pages.iter().find(|p| p.id == page_id) else {
        return Vec::new();
    };
    let on_page: BTreeSet<&str> = page
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| f.id.as_str())
        .collect();
    validate(form, answers, ctx)
        .into_iter()
        .filter(|p| on_page.contains(p.field.split('.').next().unwrap_or_default()))
        .collect()
}

/// The answers without those to hidden questions and without empty ones: what a draft
/// keeps after a page is posted (a page without JavaScript posts every input it showed).
pub fn prune(form: &FormDefinition, answers: &Answers) -> Answers {
    let shown = visibility(form, answers);
    let shown_paths: BTreeSet<&str> = shown.fields.iter().map(String::as_str).collect();
    let mut kept = Answers::new();
    for (id, answer) in answers {
        if !shown_paths.contains(id.as_str()) || answer.is_empty() {
            continue;
        }
        let answer = match answer {
            Answer::Items(items) => Answer::Items(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        item.iter()
                            .filter(|(inner, a)| {
                                !a.is_empty()
                                    && shown_paths
                                        .contains(format!("{id}.{index}.{inner}").as_str())
                            })
                            .map(|(k, a)| (k.clone(), a.clone()))
                            .collect()
                    })
                    .collect(),
            ),
            other => other.clone(),
        };
        kept.insert(id.clone(), answer);
    }
    kept
}

fn check_answer(
    field: &Field,
    path: &str,
    answer: Option<&Answer>,
    shown_paths: &BTreeSet<&str>,
    ctx: &Context,
    problems: &mut Vec<FormProblem>,
) {
    let mut report = |kind: ProblemKind| {
        problems.push(FormProblem {
            field: path.to_owned(),
            kind,
        })
    };
    let Some(answer) = answer.filter(|a| !a.is_empty()) else {
        let needs_items = matches!(field.kind, FieldKind::Group { min_items, .. } if min_items > 0);
        if field.required || needs_items {
            report(ProblemKind::Required);
        }
        return;
    };
    let text = match answer {
        Answer::Text(text) => Some(text.trim()),
        _ => None,
    };
    if let Some(text) = text
        && text.chars().count() > MAX_TEXT_CHARS as usize
    {
        report(ProblemKind::TooLong);
        return;
    }
    let check_digits = |result: Result<(), CheckError>| match result {
        Ok(()) => None,
        Err(CheckError::Malformed) => Some(ProblemKind::Malformed),
        Err(CheckError::CheckDigit) => Some(ProblemKind::CheckDigit),
    };
    match (&field.kind, answer) {
        (
            FieldKind::Text {
                multiline,
                min_length,
                max_length,
            },
            Answer::Text(_),
        ) => {
            let length = text.unwrap_or_default().chars().count() as u32;
            let max = max_length.unwrap_or(if *multiline {
                MAX_TEXT_CHARS
            } else {
                DEFAULT_LINE_CHARS
            });
            if length > max {
                report(ProblemKind::TooLong);
            } else if min_length.is_some_and(|min| length < min) {
                report(ProblemKind::TooShort);
            }
        }
        (
            FieldKind::Number {
                min, max, decimals, ..
            },
            Answer::Text(_),
        ) => match parse_number(text.unwrap_or_default()) {
            None => report(ProblemKind::NotANumber),
            Some((_, places)) if places > usize::from(*decimals) => {
                report(ProblemKind::TooManyDecimals)
            }
            Some((n, _)) if min.is_some_and(|min| n < min) => report(ProblemKind::TooSmall),
            Some((n, _)) if max.is_some_and(|max| n > max) => report(ProblemKind::TooLarge),
            Some(_) => {}
        },
        (FieldKind::Date { range }, Answer::Text(_)) => {
            match Date::parse(text.unwrap_or_default()) {
                None => report(ProblemKind::NotADate),
                Some(date) if *range == DateRange::PastOrToday && date > ctx.today => {
                    report(ProblemKind::DateInFuture)
                }
                Some(date) if *range == DateRange::TodayOrFuture && date < ctx.today => {
                    report(ProblemKind::DateInPast)
                }
                Some(_) => {}
            }
        }
        (
            FieldKind::Choice {
                options,
                multiple: false,
            },
            Answer::Text(_),
        ) => {
            if !options.iter().any(|o| o.value == text.unwrap_or_default()) {
                report(ProblemKind::NotAnOption);
            }
        }
        (
            FieldKind::Choice {
                options,
                multiple: true,
            },
            Answer::Choices(values),
        ) => {
            let distinct: BTreeSet<&String> = values.iter().collect();
            if distinct.len() != values.len()
                || !values.iter().all(|v| options.iter().any(|o| &o.value == v))
            {
                report(ProblemKind::NotAnOption);
            }
        }
        (FieldKind::YesNo, Answer::Text(_)) => {
            if !matches!(text, Some("yes" | "no")) {
                report(ProblemKind::NotYesNo);
            }
        }
        (FieldKind::TaxId, Answer::Text(_)) => {
            if let Some(kind) = check_digits(check_tax_id(text.unwrap_or_default()).map(|_| ())) {
                report(kind);
            }
        }
        (FieldKind::TaxNumber, Answer::Text(_)) => {
            if let Some(kind) = check_digits(check_tax_number(text.unwrap_or_default())) {
                report(kind);
            }
        }
        (FieldKind::BankAccount, Answer::Text(_)) => {
            if let Some(kind) = check_digits(check_bank_account(text.unwrap_or_default())) {
                report(kind);
            }
        }
        (FieldKind::Email, Answer::Text(_)) => {
            if !valid_email(text.unwrap_or_default()) {
                report(ProblemKind::Malformed);
            }
        }
        (FieldKind::Phone, Answer::Text(_)) => {
            if !valid_phone(text.unwrap_or_default()) {
                report(ProblemKind::Malformed);
            }
        }
        (FieldKind::Address, Answer::Address(address)) => {
            let parts = [
                &address.postal_code,
                &address.settlement,
                &address.street,
                &address.house_number,
            ];
            let code = address.postal_code.trim();
            if parts.iter().any(|p| p.trim().is_empty()) {
                report(ProblemKind::AddressIncomplete);
            } else if parts.iter().any(|p| p.chars().count() > 200) {
                report(ProblemKind::TooLong);
            } else if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                report(ProblemKind::Malformed);
            } else {
                let names = (ctx.settlements_of)(code);
                let wanted = fold_for_search(address.settlement.trim());
                let matches = |name: &String| {
                    let name = fold_for_search(name);
                    // "Budapest" matches the capital's districts ("Budapest XI. kerület").
                    name == wanted || name.starts_with(&format!("{wanted} "))
                };
                if names.is_empty() {
                    report(ProblemKind::UnknownPostalCode);
                } else if !names.iter().any(matches) {
                    report(ProblemKind::PostalCodeNotOfSettlement);
                }
            }
        }
        (
            FieldKind::Group {
                fields,
                min_items,
                max_items,
                ..
            },
            Answer::Items(items),
        ) => {
            if items.len() < *min_items as usize {
                report(ProblemKind::TooFewItems);
            } else if items.len() > *max_items as usize {
                report(ProblemKind::TooManyItems);
                return;
            }
            for (index, item) in items.iter().enumerate() {
                for (inner_id, inner_answer) in item {
                    let inner_path = format!("{path}.{index}.{inner_id}");
                    if !fields.iter().any(|f| &f.id == inner_id) {
                        problems.push(FormProblem {
                            field: inner_path,
                            kind: ProblemKind::UnknownQuestion,
                        });
                    } else if !shown_paths.contains(inner_path.as_str()) && !inner_answer.is_empty()
                    {
                        problems.push(FormProblem {
                            field: inner_path,
                            kind: ProblemKind::HiddenQuestion,
                        });
                    }
                }
                for inner in fields {
                    let inner_path = format!("{path}.{index}.{}", inner.id);
                    if shown_paths.contains(inner_path.as_str()) {
                        check_answer(
                            inner,
                            &inner_path,
                            item.get(&inner.id),
                            shown_paths,
                            ctx,
                            problems,
                        );
                    }
                }
            }
        }
        (
            FieldKind::File {
                max_count,
                max_bytes,
                accept,
            },
            Answer::Files(files),
        ) => {
            if files.len() > *max_count as usize {
                report(ProblemKind::TooManyFiles);
            }
            if files.iter().any(|f| f.size > *max_bytes) {
                report(ProblemKind::FileTooLarge);
            }
            if files.iter().any(|f| {
                !accept
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&f.content_type))
            }) {
                report(ProblemKind::FileTypeNotAllowed);
            }
        }
        _ => report(ProblemKind::WrongShape),
    }
}

/// A refused answer, carried to the user as the core's `SystemProblem`.
impl openasp_core::problem::SystemProblemKind for ProblemKind {
    fn code(&self) -> String {
        openasp_core::problem::problem_code("eforms", self)
    }

    fn message(&self, lang: Lang) -> String {
        ProblemKind::message(*self, lang).to_owned()
    }
}
