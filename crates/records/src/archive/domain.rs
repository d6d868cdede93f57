//! Pure rules of closing, archiving, disposal and the yearly closing of a register book
//! (335/2005. Korm. r., 78/2012. BM r.). No I/O here.
use chrono::{Datelike, NaiveDate};

use crate::domain::{CaseEvent, CaseState, DocumentState, Retention, disposable_from, transition};
use crate::problems::ArchiveProblem;

/// Whether a case file may be closed: only from Assigned or InProgress, and only when none
/// of its documents is an outgoing draft or signed-off document not yet dispatched.
pub fn closing_allowed(
    state: CaseState,
    documents: &[DocumentState],
) -> Result<CaseState, ArchiveProblem> {
    let next = transition(state, CaseEvent::Close).map_err(|_| ArchiveProblem::WrongState)?;
    if documents.iter().any(|d| d.blocks_closing()) {
        return Err(ArchiveProblem::OpenDocuments);
    }
    Ok(next)
}

/// A retention-plan item's rule as stored (`retention_years`, `not_disposable`); `None` when
/// the item says neither (it cannot decide disposal then).
pub fn retention_rule(retention_years: Option<i32>, not_disposable: bool) -> Option<Retention> {
    if not_disposable {
        return Some(Retention::NotDisposable);
    }
    let years = u16::try_from(retention_years?).ok()?;
    Some(Retention::Years(years))
}

/// Whether an archived case file closed in `closed_year` may be proposed for destruction in
/// `current_year`. Legal holds and "not disposable" items never are.
pub fn is_disposable(
    closed_year: i32,
    retention: Option<Retention>,
    legal_hold: bool,
    current_year: i32,
) -> bool {
    retention
        .and_then(|r| disposable_from(closed_year, r, legal_hold))
        .is_some_and(|from| from <= current_year)
}

/// The first year in which a case file closed in `closed_year` is due for transfer to the
/// public archives (levéltár), counted like retention: whole years from the end of the
/// closing year. `None` when the item is not transferred.
pub fn transfer_due_from(closed_year: i32, archive_transfer_years: Option<i32>) -> Option<i32> {
    let years = archive_transfer_years.filter(|y| *y >= 0)?;
    Some(closed_year + 1 + years)
}

pub fn is_transfer_due(
    closed_year: i32,
    archive_transfer_years: Option<i32>,
    current_year: i32,
) -> bool {
    transfer_due_from(closed_year, archive_transfer_years).is_some_and(|from| from <= current_year)
}

/// What a lending needs: someone to lend to and a due date not in the past.
pub fn lending_allowed(
    state: CaseState,
    already_lent: bool,
    due: NaiveDate,
    today: NaiveDate,
) -> Result<(), ArchiveProblem> {
    if state != CaseState::Archived {
        return Err(ArchiveProblem::WrongState);
    }
    if already_lent {
        return Err(ArchiveProblem::AlreadyLent);
    }
    if due < today {
        return Err(ArchiveProblem::DueInThePast);
    }
    Ok(())
}

/// Whether a lent-out case file is overdue on `today`.
pub fn is_overdue(lent_due: Option<NaiveDate>, today: NaiveDate) -> bool {
    lent_due.is_some_and(|due| due < today)
}

/// The states of a destruction list (selejtezési jegyzék).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestructionListState {
    /// Proposed by the records office, waiting for the head's approval.
    Proposed,
    /// Approved by the head; the case files may be destroyed.
    Approved,
    /// Carried out: its case files are Disposed.
    Executed,
}

impl DestructionListState {
    pub fn code(self) -> &'static str {
        match self {
            DestructionListState::Proposed => "proposed",
            DestructionListState::Approved => "approved",
            DestructionListState::Executed => "executed",
        }
    }

    pub fn from_code(code: &str) -> Option<DestructionListState> {
        [
            DestructionListState::Proposed,
            DestructionListState::Approved,
            DestructionListState::Executed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn approve(self) -> Result<DestructionListState, ArchiveProblem> {
        match self {
            DestructionListState::Proposed => Ok(DestructionListState::Approved),
            _ => Err(ArchiveProblem::WrongState),
        }
    }

    pub fn execute(self) -> Result<DestructionListState, ArchiveProblem> {
        match self {
            DestructionListState::Approved => Ok(DestructionListState::Executed),
            _ => Err(ArchiveProblem::NotApproved),
        }
    }
}

// ---- The closing statement (záradék) of a register book -----------------------------------

/// What a register book holds when it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookTally {
    /// Main numbers issued (case files registered), the last of which is `last_main`.
    pub last_main: u32,
    /// Registry numbers issued (documents, sub-numbers included).
    pub documents: u64,
    /// Of these, cancelled (sztornózott) with a reason.
    pub cancelled_documents: u64,
}

/// The Hungarian definite article before a word: "az" before a vowel sound, "a" otherwise.
/// Numbers are read aloud: "az 1", "az 5", "az 50", "az 1000", but "a 10", "a 156".
pub fn definite_article(word: &str) -> &'static str {
    let word = word.trim_start();
    let Some(first) = word.chars().next() else {
        return "a";
    };
    if first.is_ascii_digit() {
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        // The leading group of three is read first: "1" (egy, ezer, egymillió), "5…" (öt…).
        let leading = match digits.len() % 3 {
            0 => &digits[..3.min(digits.len())],
            n => &digits[..n],
        };
        let leading = leading.trim_start_matches('0');
        return if leading == "1" || leading.starts_with('5') {
            "az"
        } else {
            "a"
        };
    }
    if "aáeéiíoóöőuúüűAÁEÉIÍOÓÖŐUÚÜŰ".contains(first) {
        "az"
    } else {
        "a"
    }
}

fn capitalised(article: &str) -> String {
    let mut chars = article.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const MONTHS: [&str; 12] = [
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
];

/// A date with its "on" suffix as Hungarian writes it: "2026. november 22-én", "március 1-jén".
pub fn date_with_on_suffix(date: NaiveDate) -> String {
    let day = date.day();
    let suffix = match day {
        1 => "jén",
        2 | 3 | 6 | 8 | 13 | 16 | 18 | 20 | 23 | 26 | 28 | 30 => "án",
        _ => "én",
    };
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{}. {month} {day}-{suffix}", date.year())
}

/// Which kind of book is closed: a register book (iktatókönyv) or a receipt book
/// (érkeztetőkönyv).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookKind {
    Register,
    Receipt,
}

/// The closing statement (záradék) written at the end of a register book's year:
/// "A(z) <book> <year>. évi iktatókönyvét <date>-án a(z) <last number> számmal lezártam."
/// followed by the counts of numbers issued and cancelled.
pub fn closing_statement(
    kind: BookKind,
    book_name: &str,
    year: i32,
    on: NaiveDate,
    tally: BookTally,
) -> String {
    let last = tally.last_main.to_string();
    let (book, counts) = match kind {
        BookKind::Register => (
            "iktatókönyvét",
            format!(
                "Iktatott ügyiratok (főszámok): {}; iktatott iratok (alszámok): {}, \
                 ebből sztornózott: {}.",
                tally.last_main, tally.documents, tally.cancelled_documents
            ),
        ),
        BookKind::Receipt => (
            "érkeztetőkönyvét",
            format!(
                "Érkeztetett küldemények: {}, ebből sztornózott: {}.",
                tally.documents, tally.cancelled_documents
            ),
        ),
    };
    format!(
        "{} {book_name} {year}. évi {book} {} {} {last} számmal lezártam. {counts}",
        capitalised(definite_article(book_name)),
        date_with_on_suffix(on),
        definite_article(&last),
    )
}

/// Whether the book of `book_year` may be closed in `current_year` (not a future year's).
pub fn book_closing_allowed(
    book_year: i32,
    already_closed: bool,
    current_year: i32,
) -> Result<(), ArchiveProblem> {
    if already_closed {
        return Err(ArchiveProblem::BookClosed);
    }
    if book_year > current_year {
        return Err(ArchiveProblem::FutureBook);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn closing_needs_an_open_case_without_unfinished_outgoing_documents() {
        use DocumentState as D;
        assert_eq!(
            closing_allowed(CaseState::InProgress, &[D::Registered, D::Dispatched]),
            Ok(CaseState::Closed)
        );
        assert_eq!(
            closing_allowed(CaseState::Assigned, &[]),
            Ok(CaseState::Closed)
        );
        assert_eq!(
            closing_allowed(CaseState::InProgress, &[D::Registered, D::Draft]),
            Err(ArchiveProblem::OpenDocuments)
        );
        assert_eq!(
            closing_allowed(CaseState::InProgress, &[D::SignedOff]),
            Err(ArchiveProblem::OpenDocuments)
        );
        assert_eq!(
            closing_allowed(CaseState::InProgress, &[D::Cancelled]),
            Ok(CaseState::Closed),
            "a cancelled draft does not block"
        );
        for state in [
            CaseState::Registered,
            CaseState::Suspended,
            CaseState::Closed,
            CaseState::Archived,
            CaseState::Cancelled,
        ] {
            assert_eq!(closing_allowed(state, &[]), Err(ArchiveProblem::WrongState));
        }
    }

    #[test]
    fn retention_rules_are_read_from_the_plan() {
        assert_eq!(retention_rule(Some(5), false), Some(Retention::Years(5)));
        assert_eq!(
            retention_rule(Some(5), true),
            Some(Retention::NotDisposable)
        );
        assert_eq!(retention_rule(None, true), Some(Retention::NotDisposable));
        assert_eq!(retention_rule(None, false), None);
        assert_eq!(retention_rule(Some(-1), false), None);
    }

    #[test]
    fn disposal_waits_for_the_retention_and_never_comes_under_a_hold() {
        let five = retention_rule(Some(5), false);
        assert!(!is_disposable(2020, five, false, 2025));
        assert!(is_disposable(2020, five, false, 2026));
        assert!(is_disposable(2020, five, false, 2040));
        assert!(!is_disposable(2020, five, true, 2040), "legal hold");
        assert!(!is_disposable(
            2020,
            Some(Retention::NotDisposable),
            false,
            3000
        ));
        assert!(!is_disposable(2020, None, false, 3000));
        assert!(is_disposable(
            2025,
            retention_rule(Some(0), false),
            false,
            2026
        ));
    }

    #[test]
    fn transfer_to_the_archives_falls_due_after_its_years() {
        assert_eq!(transfer_due_from(2000, Some(15)), Some(2016));
        assert!(!is_transfer_due(2000, Some(15), 2015));
        assert!(is_transfer_due(2000, Some(15), 2016));
        assert!(!is_transfer_due(2000, None, 3000));
        assert!(!is_transfer_due(2000, Some(-3), 3000));
    }

    #[test]
    fn lending_needs_an_archived_case_at_home_and_a_future_due_date() {
        let today = date(2026, 11, 22);
        assert_eq!(
            lending_allowed(CaseState::Archived, false, today, today),
            Ok(())
        );
        assert_eq!(
            lending_allowed(CaseState::Archived, true, today, today),
            Err(ArchiveProblem::AlreadyLent)
        );
        assert_eq!(
            lending_allowed(CaseState::Archived, false, date(2026, 11, 21), today),
            Err(ArchiveProblem::DueInThePast)
        );
        assert_eq!(
            lending_allowed(CaseState::Closed, false, today, today),
            Err(ArchiveProblem::WrongState)
        );
        assert!(is_overdue(Some(date(2026, 11, 21)), today));
        assert!(!is_overdue(Some(today), today));
        assert!(!is_overdue(None, today));
    }

    #[test]
    fn destruction_lists_are_approved_before_they_are_executed() {
        use DestructionListState as L;
        assert_eq!(L::Proposed.approve(), Ok(L::Approved));
        assert_eq!(L::Approved.execute(), Ok(L::Executed));
        assert_eq!(L::Proposed.execute(), Err(ArchiveProblem::NotApproved));
        assert_eq!(L::Executed.execute(), Err(ArchiveProblem::NotApproved));
        assert_eq!(L::Approved.approve(), Err(ArchiveProblem::WrongState));
        for state in [L::Proposed, L::Approved, L::Executed] {
            assert_eq!(L::from_code(state.code()), Some(state));
        }
    }

    #[test]
    fn articles_follow_the_sound() {
        for (word, article) in [
            ("Általános iktatókönyv", "az"),
            ("Építéshatósági könyv", "az"),
            ("Ügyfélszolgálat", "az"),
            ("Iktatókönyv", "az"),
            ("Hagyatéki könyv", "a"),
            ("1", "az"),
            ("5", "az"),
            ("50", "az"),
            ("512", "az"),
            ("1000", "az"),
            ("1999", "az"),
            ("1000000", "az"),
            ("10", "a"),
            ("11", "a"),
            ("156", "a"),
            ("2", "a"),
            ("0", "a"),
            ("100", "a"),
            ("5000", "az"),
            ("15000", "a"),
            ("", "a"),
        ] {
            assert_eq!(definite_article(word), article, "{word}");
        }
    }

    #[test]
    fn dates_take_the_right_suffix() {
        assert_eq!(
            date_with_on_suffix(date(2026, 11, 22)),
            "2026. november 22-én"
        );
        assert_eq!(date_with_on_suffix(date(2026, 3, 1)), "2026. március 1-jén");
        assert_eq!(
            date_with_on_suffix(date(2026, 12, 31)),
            "2026. december 31-én"
        );
        assert_eq!(date_with_on_suffix(date(2027, 1, 2)), "2027. január 2-án");
        assert_eq!(date_with_on_suffix(date(2027, 1, 20)), "2027. január 20-án");
    }

    #[test]
    fn the_closing_statement_reads_as_the_regulation_wants() {
        let text = closing_statement(
            BookKind::Register,
            "Általános iktatókönyv",
            2026,
            date(2027, 1, 2),
            BookTally {
                last_main: 156,
                documents: 402,
                cancelled_documents: 3,
            },
        );
        assert_eq!(
            text,
            "Az Általános iktatókönyv 2026. évi iktatókönyvét 2027. január 2-án a 156 számmal \
             lezártam. Iktatott ügyiratok (főszámok): 156; iktatott iratok (alszámok): 402, \
             ebből sztornózott: 3."
        );
        let text = closing_statement(
            BookKind::Register,
            "Hagyatéki könyv",
            2026,
            date(2026, 12, 31),
            BookTally {
                last_main: 1,
                documents: 1,
                cancelled_documents: 0,
            },
        );
        assert!(
            text.starts_with(
                "A Hagyatéki könyv 2026. évi iktatókönyvét 2026. december 31-én az 1 számmal \
                 lezártam."
            ),
            "{text}"
        );
        let text = closing_statement(
            BookKind::Receipt,
            "Érkeztetőkönyv",
            2026,
            date(2026, 12, 31),
            BookTally {
                last_main: 12,
                documents: 12,
                cancelled_documents: 1,
            },
        );
        assert_eq!(
            text,
            "Az Érkeztetőkönyv 2026. évi érkeztetőkönyvét 2026. december 31-én a 12 számmal \
             lezártam. Érkeztetett küldemények: 12, ebből sztornózott: 1."
        );
    }

    #[test]
    fn books_close_once_and_not_ahead_of_time() {
        assert_eq!(book_closing_allowed(2026, false, 2026), Ok(()));
        assert_eq!(book_closing_allowed(2025, false, 2026), Ok(()));
        assert_eq!(
            book_closing_allowed(2026, true, 2027),
            Err(ArchiveProblem::BookClosed)
        );
        assert_eq!(
            book_closing_allowed(2027, false, 2026),
            Err(ArchiveProblem::FutureBook)
        );
    }

    proptest! {
        /// Disposal never comes earlier than the retention years after the closing year,
        /// never under a legal hold, never for a "not disposable" item, and once due stays due.
        #[test]
        fn disposal_is_never_early(closed in 1990i32..2100, years in 0i32..100, hold: bool, not_disposable: bool, now in 1990i32..2300) {
            let rule = retention_rule(Some(years), not_disposable);
            let disposable = is_disposable(closed, rule, hold, now);
            if disposable {
                prop_assert!(!hold && !not_disposable);
                prop_assert!(now > closed + years);
                prop_assert!(is_disposable(closed, rule, hold, now + 1));
            } else if !hold && !not_disposable {
                prop_assert!(now <= closed + years);
            }
        }

        #[test]
        fn transfer_is_never_early(closed in 1990i32..2100, years in 0i32..100, now in 1990i32..2300) {
            prop_assert_eq!(is_transfer_due(closed, Some(years), now), now > closed + years);
        }

        #[test]
        fn every_day_gets_a_suffix(day in 0i64..3650) {
            let d = date(2020, 1, 1) + chrono::Duration::days(day);
            let text = date_with_on_suffix(d);
            prop_assert!(text.ends_with("án") || text.ends_with("én"));
            let prefix = format!("{}. ", d.year());
            prop_assert!(text.starts_with(&prefix), "{}", text);
        }
    }
}
