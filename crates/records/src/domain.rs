//! Pure rules of records management (335/2005. Korm. r., 78/2012. BM r.). No I/O here.
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

// ---- Registry numbers --------------------------------------------------------------------

/// One piece of a registry-number template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplatePart {
    Literal(String),
    /// The register book's prefix, e.g. `ÉP`.
    Prefix,
    /// The main number: the case file, restarting at 1 each year per book.
    Main,
    /// The sub-number: the document within the case file.
    Sub,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown placeholder")]
    UnknownPlaceholder,
    #[error("unclosed placeholder")]
    Unclosed,
    #[error("the template needs {{main}}, {{sub}} and {{year}} exactly once")]
    MissingOrRepeated,
    #[error("two numbers must be separated by text")]
    AdjacentNumbers,
}

/// A register book's number format, e.g. `{prefix}/{main}-{sub}/{year}` → `ÉP/156-3/2026`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryNumberTemplate(Vec<TemplatePart>);

/// A registry number's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RegistryNumber {
    pub main: u32,
    pub sub: u32,
    pub year: i32,
}

impl RegistryNumberTemplate {
    pub fn parse(text: &str) -> Result<RegistryNumberTemplate, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let close = rest.find('}').ok_or(TemplateError::Unclosed)?;
                    parts.push(match &rest[1..close] {
                        "prefix" => TemplatePart::Prefix,
                        "main" => TemplatePart::Main,
                        "sub" => TemplatePart::Sub,
                        "year" => TemplatePart::Year,
                        _ => return Err(TemplateError::UnknownPlaceholder),
                    });
                    rest = &rest[close + 1..];
                }
                Some(open) => {
                    parts.push(TemplatePart::Literal(rest[..open].to_owned()));
                    rest = &rest[open..];
                }
                None => {
                    if rest.contains('}') {
                        return Err(TemplateError::Unclosed);
                    }
                    parts.push(TemplatePart::Literal(rest.to_owned()));
                    rest = "";
                }
            }
        }
        let count = |wanted: &TemplatePart| parts.iter().filter(|p| *p == wanted).count();
        if count(&TemplatePart::Main) != 1
            || count(&TemplatePart::Sub) != 1
            || count(&TemplatePart::Year) != 1
        {
            return Err(TemplateError::MissingOrRepeated);
        }
        // Numbers written side by side could not be read back unambiguously.
        let is_number = |p: &TemplatePart| {
            matches!(
                p,
                TemplatePart::Main | TemplatePart::Sub | TemplatePart::Year
            )
        };
        if parts
            .windows(2)
            .any(|w| is_number(&w[0]) && is_number(&w[1]))
        {
            return Err(TemplateError::AdjacentNumbers);
        }
        Ok(RegistryNumberTemplate(parts))
    }

    pub fn format(&self, prefix: &str, number: RegistryNumber) -> String {
        self.0
            .iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => text.clone(),
                TemplatePart::Prefix => prefix.to_owned(),
                TemplatePart::Main => number.main.to_string(),
                TemplatePart::Sub => number.sub.to_string(),
                TemplatePart::Year => number.year.to_string(),
            })
            .collect()
    }

    /// The case file's own number: the template without its sub-number and the separator
    /// just before it (`ÉP/156-3/2026` → `ÉP/156/2026`).
    pub fn format_case(&self, prefix: &str, main: u32, year: i32) -> String {
        let number = RegistryNumber { main, sub: 0, year };
        let mut out = String::new();
        let mut pending_literal: Option<&str> = None;
        for part in &self.0 {
            match part {
                TemplatePart::Literal(text) => {
                    if let Some(previous) = pending_literal.take() {
                        out.push_str(previous);
                    }
                    pending_literal = Some(text);
                }
                TemplatePart::Sub => pending_literal = None,
                other => {
                    if let Some(previous) = pending_literal.take() {
                        out.push_str(previous);
                    }
                    out.push_str(&match other {
                        TemplatePart::Prefix => prefix.to_owned(),
                        TemplatePart::Main => number.main.to_string(),
                        _ => number.year.to_string(),
                    });
                }
            }
        }
        if let Some(previous) = pending_literal {
            out.push_str(previous);
        }
        out
    }

    /// Reads a registry number typed by a user (spaces ignored), if it fits this template.
    pub fn read(&self, prefix: &str, typed: &str) -> Option<RegistryNumber> {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = typed.as_str();
        let (mut main, mut sub, mut year) = (None, None, None);
        for part in &self.0 {
            match part {
                TemplatePart::Literal(text) => rest = rest.strip_prefix(text.as_str())?,
                TemplatePart::Prefix => rest = rest.strip_prefix(prefix)?,
                number => {
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    if digits == 0 || digits > 9 {
                        return None;
                    }
                    let value: u32 = rest[..digits].parse().ok()?;
                    rest = &rest[digits..];
                    match number {
                        TemplatePart::Main => main = Some(value),
                        TemplatePart::Sub => sub = Some(value),
                        _ => year = Some(i32::try_from(value).ok()?),
                    }
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        let number = RegistryNumber {
            main: main?,
            sub: sub?,
            year: year?,
        };
        (number.main >= 1 && number.sub >= 1).then_some(number)
    }
}

/// The numbers of one register book in one year. Numbers are issued strictly in order and
/// never reused: a mistaken registration is cancelled, not deleted, so the book has no gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookCounter {
    pub year: i32,
    pub last_main: u32,
}

impl BookCounter {
    pub fn new(year: i32) -> BookCounter {
        BookCounter { year, last_main: 0 }
    }

    /// The next main number (a new case file) with its first document, sub-number 1.
    pub fn next_case(&mut self) -> RegistryNumber {
        self.last_main += 1;
        RegistryNumber {
            main: self.last_main,
            sub: 1,
            year: self.year,
        }
    }
}

/// The next sub-number in a case file whose last document has `last_sub`.
pub fn next_document(case: RegistryNumber, last_sub: u32) -> RegistryNumber {
    RegistryNumber {
        sub: last_sub + 1,
        ..case
    }
}

/// Whether a year's numbers run 1..=n without a gap or repetition (the register book's rule).
pub fn is_gapless(mains: &[u32]) -> bool {
    let mut sorted = mains.to_vec();
    sorted.sort_unstable();
    sorted.iter().enumerate().all(|(i, &m)| m as usize == i + 1)
}

// ---- The life of a case file ------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseState {
    /// Registered (iktatva), not yet assigned.
    Registered,
    /// Assigned (szignálva) to a unit and a handling clerk.
    Assigned,
    /// The handling clerk works on it (drafts, notes, further documents).
    InProgress,
    /// Suspended (felfüggesztve), with a reason; the deadline stops.
    Suspended,
    /// Closed (lezárva): handling finished, every outgoing document dispatched.
    Closed,
    /// In the archive (irattárban) under its retention item; may be lent out and taken back.
    Archived,
    /// Destroyed through an approved destruction list.
    Disposed,
    /// Handed over to the public archives (levéltár).
    TransferredToArchives,
    /// A mistaken registration, kept with its reason so the book has no gap.
    Cancelled,
    /// Merged (szerelve) into another case file, which carries it from now on.
    Merged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseEvent {
    Assign,
    StartWork,
    Suspend,
    Resume,
    Close,
    /// Reopening a closed case file (e.g. a remedy arrives).
    Reopen,
    Archive,
    Dispose,
    TransferToArchives,
    Cancel,
    MergeInto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{event:?} is not possible while the case file is {state:?}")]
pub struct TransitionRefused {
    pub state: CaseState,
    pub event: CaseEvent,
}

/// The one state a case file moves to on `event`, or why it cannot.
pub fn transition(state: CaseState, event: CaseEvent) -> Result<CaseState, TransitionRefused> {
    use CaseEvent as E;
    use CaseState as S;
    let next = match (state, event) {
        (S::Registered | S::Assigned | S::InProgress, E::Assign) => S::Assigned,
        (S::Registered | S::Assigned, E::Cancel) => S::Cancelled,
        (S::Assigned, E::StartWork) => S::InProgress,
        (S::Assigned | S::InProgress, E::Suspend) => S::Suspended,
        (S::Suspended, E::Resume) => S::InProgress,
        (S::Assigned | S::InProgress, E::Close) => S::Closed,
        (S::Closed, E::Reopen) => S::InProgress,
        (S::Closed, E::Archive) => S::Archived,
        (S::Archived, E::Dispose) => S::Disposed,
        (S::Archived, E::TransferToArchives) => S::TransferredToArchives,
        (S::Registered | S::Assigned | S::InProgress | S::Suspended, E::MergeInto) => S::Merged,
        _ => return Err(TransitionRefused { state, event }),
    };
    Ok(next)
}

impl CaseState {
    /// Whether the handling deadline runs in this state.
    pub fn deadline_runs(self) -> bool {
        matches!(
            self,
            CaseState::Registered | CaseState::Assigned | CaseState::InProgress
        )
    }

    /// No further event changes these.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CaseState::Disposed
                | CaseState::TransferredToArchives
                | CaseState::Cancelled
                | CaseState::Merged
        )
    }

    /// The name stored in `case_file.state`.
    pub fn code(self) -> &'static str {
        match self {
            CaseState::Registered => "Registered",
            CaseState::Assigned => "Assigned",
            CaseState::InProgress => "InProgress",
            CaseState::Suspended => "Suspended",
            CaseState::Closed => "Closed",
            CaseState::Archived => "Archived",
            CaseState::Disposed => "Disposed",
            CaseState::TransferredToArchives => "TransferredToArchives",
            CaseState::Cancelled => "Cancelled",
            CaseState::Merged => "Merged",
        }
    }

    pub const ALL: [CaseState; 10] = [
        CaseState::Registered,
        CaseState::Assigned,
        CaseState::InProgress,
        CaseState::Suspended,
        CaseState::Closed,
        CaseState::Archived,
        CaseState::Disposed,
        CaseState::TransferredToArchives,
        CaseState::Cancelled,
        CaseState::Merged,
    ];

    pub fn from_code(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code)
    }
}

// ---- The life of a document ---------------------------------------------------------------

/// Incoming and internal documents are `Registered` for good; an outgoing one is drafted,
/// signed off (kiadmányozva) by a user holding that right, then dispatched (expediálva).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentState {
    Registered,
    Draft,
    SignedOff,
    Dispatched,
    /// A mistaken registration, kept with its reason (never deleted).
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentEvent {
    SignOff,
    Dispatch,
    Cancel,
}

pub fn document_transition(state: DocumentState, event: DocumentEvent) -> Option<DocumentState> {
    use DocumentEvent as E;
    use DocumentState as S;
    match (state, event) {
        (S::Draft, E::SignOff) => Some(S::SignedOff),
        (S::SignedOff, E::Dispatch) => Some(S::Dispatched),
        (S::Registered | S::Draft, E::Cancel) => Some(S::Cancelled),
        _ => None,
    }
}

impl DocumentState {
    /// The name stored in `document.state`.
    pub fn code(self) -> &'static str {
        match self {
            DocumentState::Registered => "registered",
            DocumentState::Draft => "draft",
            DocumentState::SignedOff => "signed_off",
            DocumentState::Dispatched => "dispatched",
            DocumentState::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentState> {
        [
            DocumentState::Registered,
            DocumentState::Draft,
            DocumentState::SignedOff,
            DocumentState::Dispatched,
            DocumentState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// An outgoing document still to be signed off or dispatched keeps its case file open.
    pub fn blocks_closing(self) -> bool {
        matches!(self, DocumentState::Draft | DocumentState::SignedOff)
    }
}

/// What became of a posted document (tértivevény): the return receipt's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReturnStatus {
    /// Sent, no return receipt yet.
    Pending,
    Delivered,
    Refused,
    /// "Nem kereste": not collected.
    NotCollected,
    /// "Címzett ismeretlen": addressee unknown.
    AddressUnknown,
    /// Electronic delivery needs no return receipt.
    NotApplicable,
}

impl ReturnStatus {
    pub fn code(self) -> &'static str {
        match self {
            ReturnStatus::Pending => "pending",
            ReturnStatus::Delivered => "delivered",
            ReturnStatus::Refused => "refused",
            ReturnStatus::NotCollected => "not_collected",
            ReturnStatus::AddressUnknown => "address_unknown",
            ReturnStatus::NotApplicable => "not_applicable",
        }
    }
}

// ---- Deadlines and retention ------------------------------------------------------------

/// A handling deadline `days` calendar days after receipt; one falling on a weekend moves to
/// the next working day (Ákr. 52. §). Public holidays come from the calendar table later.
pub fn handling_deadline(received: NaiveDate, days: u32) -> NaiveDate {
    let mut due = received + Duration::days(i64::from(days));
    while matches!(due.weekday(), Weekday::Sat | Weekday::Sun) {
        due += Duration::days(1);
    }
    due
}

/// How long a retention-plan item keeps a closed case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retention {
    Years(u16),
    /// "Nem selejtezhető": kept for ever (and transferred to the archives when due).
    NotDisposable,
}

/// The first year in which a case file closed in `closed_year` may go on a destruction list
/// (retention counts whole years from the end of the closing year), or `None`.
pub fn disposable_from(closed_year: i32, retention: Retention, legal_hold: bool) -> Option<i32> {
    if legal_hold {
        return None;
    }
    match retention {
        Retention::Years(years) => Some(closed_year + 1 + i32::from(years)),
        Retention::NotDisposable => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn case_number_drops_the_sub_number_and_its_separator() {
        let t = super::RegistryNumberTemplate::parse("{prefix}/{main}-{sub}/{year}").unwrap();
        assert_eq!(t.format_case("ÉP", 156, 2026), "ÉP/156/2026");
        let t = super::RegistryNumberTemplate::parse("{main}-{sub}/{year}").unwrap();
        assert_eq!(t.format_case("", 7, 2026), "7/2026");
        let t = super::RegistryNumberTemplate::parse("{year}/{main}/{sub}").unwrap();
        assert_eq!(t.format_case("", 7, 2026), "2026/7");
    }

    use super::*;
    use proptest::prelude::*;

    fn template() -> RegistryNumberTemplate {
        RegistryNumberTemplate::parse("{prefix}/{main}-{sub}/{year}").unwrap()
    }

    #[test]
    fn template_formats_the_example_of_the_issue() {
        let number = RegistryNumber {
            main: 156,
            sub: 3,
            year: 2026,
        };
        assert_eq!(template().format("ÉP", number), "ÉP/156-3/2026");
        assert_eq!(template().read("ÉP", "ÉP/156-3/2026"), Some(number));
        assert_eq!(template().read("ÉP", " ÉP / 156-3 / 2026 "), Some(number));
    }

    #[test]
    fn templates_are_checked() {
        use TemplateError::*;
        assert_eq!(
            RegistryNumberTemplate::parse("{main}/{year}"),
            Err(MissingOrRepeated)
        );
        assert_eq!(
            RegistryNumberTemplate::parse("{main}-{sub}-{sub}/{year}"),
            Err(MissingOrRepeated)
        );
        assert_eq!(
            RegistryNumberTemplate::parse("{main}{sub}/{year}"),
            Err(AdjacentNumbers)
        );
        assert_eq!(
            RegistryNumberTemplate::parse("{main}-{sub}/{yr}"),
            Err(UnknownPlaceholder)
        );
        assert_eq!(
            RegistryNumberTemplate::parse("{main-{sub}/{year}"),
            Err(UnknownPlaceholder)
        );
        assert_eq!(
            RegistryNumberTemplate::parse("{main}-{sub}/{year"),
            Err(Unclosed)
        );
        assert!(RegistryNumberTemplate::parse("{year}. évi {main}-{sub}. számú").is_ok());
    }

    #[test]
    fn reading_refuses_what_does_not_fit() {
        assert_eq!(template().read("ÉP", "ADÓ/156-3/2026"), None);
        assert_eq!(template().read("ÉP", "ÉP/156/2026"), None);
        assert_eq!(template().read("ÉP", "ÉP/0-1/2026"), None);
        assert_eq!(template().read("ÉP", "ÉP/156-3/2026x"), None);
    }

    #[test]
    fn numbers_restart_each_year_and_have_no_gaps() {
        let mut book = BookCounter::new(2026);
        let first = book.next_case();
        let second = book.next_case();
        assert_eq!((first.main, first.sub), (1, 1));
        assert_eq!(second.main, 2);
        assert_eq!(
            next_document(second, 1),
            RegistryNumber {
                main: 2,
                sub: 2,
                year: 2026
            }
        );
        assert_eq!(BookCounter::new(2027).next_case().main, 1);
        assert!(is_gapless(&[3, 1, 2]));
        assert!(!is_gapless(&[1, 3]));
        assert!(!is_gapless(&[1, 1, 2]));
    }

    #[test]
    fn a_case_file_goes_its_way() {
        use CaseEvent::*;
        let mut state = CaseState::Registered;
        for event in [Assign, StartWork, Suspend, Resume, Close, Archive, Dispose] {
            state = transition(state, event).unwrap();
        }
        assert_eq!(state, CaseState::Disposed);
        assert!(state.is_final());
        assert!(transition(CaseState::Registered, Close).is_err());
        assert!(
            transition(CaseState::InProgress, Cancel).is_err(),
            "only a fresh registration is cancelled"
        );
        assert!(transition(CaseState::Suspended, Close).is_err());
        assert!(transition(CaseState::Merged, Assign).is_err());
        for state in CaseState::ALL {
            assert_eq!(CaseState::from_code(state.code()), Some(state));
        }
        use DocumentEvent as D;
        let signed = document_transition(DocumentState::Draft, D::SignOff).unwrap();
        assert!(signed.blocks_closing());
        let sent = document_transition(signed, D::Dispatch).unwrap();
        assert!(!sent.blocks_closing());
        assert_eq!(
            document_transition(DocumentState::Registered, D::SignOff),
            None
        );
        assert_eq!(document_transition(sent, D::Cancel), None);
        assert!(!CaseState::Suspended.deadline_runs());
    }

    #[test]
    fn deadlines_skip_weekends() {
        let friday = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(
            handling_deadline(friday, 7),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        // 8 days after Friday is a Saturday: due on Monday.
        assert_eq!(
            handling_deadline(friday, 8),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }

    #[test]
    fn retention() {
        assert_eq!(
            disposable_from(2026, Retention::Years(5), false),
            Some(2032)
        );
        assert_eq!(disposable_from(2026, Retention::Years(5), true), None);
        assert_eq!(disposable_from(2026, Retention::NotDisposable, false), None);
    }

    fn any_event() -> impl Strategy<Value = CaseEvent> {
        use CaseEvent::*;
        proptest::sample::select(vec![
            Assign,
            StartWork,
            Suspend,
            Resume,
            Close,
            Archive,
            Dispose,
            TransferToArchives,
            Cancel,
            Reopen,
            MergeInto,
        ])
    }

    proptest! {
        /// A random day's work over two books and two years: new case files and further
        /// documents interleaved. Per book and year the main numbers come strictly increasing,
        /// unique and gapless; within a case file the sub-numbers likewise; every full number
        /// is unique and reads back from its formatted text.
        #[test]
        fn numbers_are_increasing_unique_and_gapless_per_book_and_year(
            steps in proptest::collection::vec((0usize..4, any::<bool>(), any::<u16>()), 1..300)
        ) {
            use std::collections::{BTreeMap, BTreeSet};
            // Books: (prefix, year)
            let books = [("ÉP", 2025), ("ÉP", 2026), ("ADÓ", 2026), ("", 2026)];
            let mut counters: Vec<BookCounter> = books.iter().map(|(_, y)| BookCounter::new(*y)).collect();
            let mut cases: Vec<Vec<(RegistryNumber, u32)>> = vec![Vec::new(); books.len()];
            let mut issued: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
            let mut texts = BTreeSet::new();
            for (book, new_case, pick) in steps {
                let number = if new_case || cases[book].is_empty() {
                    let before = counters[book].last_main;
                    let number = counters[book].next_case();
                    prop_assert_eq!(number.main, before + 1, "strictly increasing by one");
                    issued.entry(book).or_default().push(number.main);
                    cases[book].push((number, 1));
                    number
                } else {
                    let index = usize::from(pick) % cases[book].len();
                    let (case, last_sub) = cases[book][index];
                    let number = next_document(case, last_sub);
                    prop_assert_eq!(number.sub, last_sub + 1);
                    cases[book][index].1 = number.sub;
                    number
                };
                prop_assert_eq!(number.year, books[book].1);
                let text = template().format(books[book].0, number);
                prop_assert_eq!(template().read(books[book].0, &text), Some(number));
                prop_assert!(texts.insert(text), "a number was issued twice");
            }
            for mains in issued.values() {
                prop_assert!(is_gapless(mains));
            }
        }

        #[test]
        fn formatted_numbers_read_back(main in 1u32..1_000_000, sub in 1u32..10_000, year in 1990i32..2200) {
            let number = RegistryNumber { main, sub, year };
            let text = template().format("ÉP", number);
            prop_assert_eq!(template().read("ÉP", &text), Some(number));
        }

        #[test]
        fn final_states_stay_final_and_events_never_skip_registration(events in proptest::collection::vec(any_event(), 0..30)) {
            let mut state = CaseState::Registered;
            for event in events {
                if let Ok(next) = transition(state, event) {
                    prop_assert!(!state.is_final(), "a final state moved");
                    prop_assert_ne!(next, CaseState::Registered);
                    state = next;
                }
            }
        }

        #[test]
        fn deadlines_fall_on_working_days_and_never_early(day in 0i64..3650, days in 0u32..120) {
            let received = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(day);
            let due = handling_deadline(received, days);
            prop_assert!(!matches!(due.weekday(), Weekday::Sat | Weekday::Sun));
            prop_assert!(due >= received + Duration::days(i64::from(days)));
            prop_assert!(due <= received + Duration::days(i64::from(days) + 2));
        }
    }
}
