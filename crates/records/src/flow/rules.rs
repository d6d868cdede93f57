//! Pure rules of the daily flow (receipt, assignment, handling, dispatch). No I/O here.
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::super::domain::{ReturnStatus, handling_deadline};

/// The handling deadline when the case category gives none (Ákr. 50. §: 30 days at most).
pub const DEFAULT_DEADLINE_DAYS: u32 = 30;
pub const MAX_REASON_CHARS: usize = 2000;
pub const MAX_NOTE_CHARS: usize = 10_000;
pub const MAX_BODY_CHARS: usize = 100_000;
pub const MAX_LINE_CHARS: usize = 500;

/// The states of a receipt (érkeztetett küldemény) before it becomes a registered document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptState {
    /// Recorded in the receipt book, waiting for assignment.
    Received,
    /// Assigned to a unit and a clerk, waiting for registration.
    Assigned,
    /// Registered: it is a document of a case file now.
    Registered,
}

impl ReceiptState {
    pub fn code(self) -> &'static str {
        match self {
            ReceiptState::Received => "received",
            ReceiptState::Assigned => "assigned",
            ReceiptState::Registered => "registered",
        }
    }

    pub fn from_code(code: &str) -> Option<ReceiptState> {
        [
            ReceiptState::Received,
            ReceiptState::Assigned,
            ReceiptState::Registered,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Assignment (and re-assignment) happens before registration only; after it, the case
    /// file is assigned instead.
    pub fn may_assign(self) -> bool {
        matches!(self, ReceiptState::Received | ReceiptState::Assigned)
    }

    pub fn may_register(self) -> bool {
        matches!(self, ReceiptState::Received | ReceiptState::Assigned)
    }
}

/// A receipt-book number: `É-17/2026` (with the book's prefix in front when it has one).
pub fn receipt_number(prefix: &str, number: u32, year: i32) -> String {
    if prefix.is_empty() {
        format!("É-{number}/{year}")
    } else {
        format!("{prefix}/É-{number}/{year}")
    }
}

/// The deadline of an assignment: the one typed, else `days` (the case category's, or the
/// default) after receipt, moved off weekends.
pub fn assignment_deadline(
    typed: Option<NaiveDate>,
    received: NaiveDate,
    category_days: Option<u32>,
) -> NaiveDate {
    typed.unwrap_or_else(|| {
        handling_deadline(received, category_days.unwrap_or(DEFAULT_DEADLINE_DAYS))
    })
}

/// A suspension stops the deadline: on resumption it moves by the whole days suspended.
pub fn deadline_after_suspension(
    deadline: NaiveDate,
    suspended_on: NaiveDate,
    resumed_on: NaiveDate,
) -> NaiveDate {
    let paused = (resumed_on - suspended_on).num_days().max(0);
    deadline + Duration::days(paused)
}

/// Whether a case file with `deadline` is overdue on `today` (the deadline day itself is
/// still in time).
pub fn is_overdue(deadline: NaiveDate, today: NaiveDate, deadline_runs: bool) -> bool {
    deadline_runs && deadline < today
}

/// What a return receipt may record: a posted item still pending gets its final outcome once.
pub fn record_return(current: ReturnStatus, new: ReturnStatus) -> Option<ReturnStatus> {
    use ReturnStatus as R;
    match (current, new) {
        (R::Pending, R::Delivered | R::Refused | R::NotCollected | R::AddressUnknown) => Some(new),
        _ => None,
    }
}

pub fn return_status_from_code(code: &str) -> Option<ReturnStatus> {
    use ReturnStatus as R;
    [
        R::Pending,
        R::Delivered,
        R::Refused,
        R::NotCollected,
        R::AddressUnknown,
        R::NotApplicable,
    ]
    .into_iter()
    .find(|s| s.code() == code)
}

/// A posted item is "never returned" when its receipt is still pending `days` after dispatch.
pub fn never_returned(
    status: ReturnStatus,
    dispatched_on: NaiveDate,
    today: NaiveDate,
    days: u32,
) -> bool {
    status == ReturnStatus::Pending && dispatched_on + Duration::days(i64::from(days)) <= today
}

/// Text typed into a one-line field: inner whitespace collapsed; `None` when empty.
pub fn one_line(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Multi-line text: trimmed; `None` when empty.
pub fn multi_line(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.replace("\r\n", "\n"))
}

/// A field's text could not be read as what it should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// A `YYYY-MM-DD` date field; empty is `Ok(None)`.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, Unreadable> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| Unreadable)
}

/// A `YYYY-MM-DDTHH:MM` field (an `<input type="datetime-local">`); empty is `Ok(None)`.
pub fn parse_date_time(text: &str) -> Result<Option<NaiveDateTime>, Unreadable> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .map(Some)
        .map_err(|_| Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn receipt_numbers() {
        assert_eq!(receipt_number("", 17, 2026), "É-17/2026");
        assert_eq!(receipt_number("ÉP", 3, 2026), "ÉP/É-3/2026");
    }

    #[test]
    fn receipts_are_assigned_and_registered_once() {
        for state in [
            ReceiptState::Received,
            ReceiptState::Assigned,
            ReceiptState::Registered,
        ] {
            assert_eq!(ReceiptState::from_code(state.code()), Some(state));
        }
        assert!(ReceiptState::Assigned.may_assign());
        assert!(!ReceiptState::Registered.may_assign());
        assert!(!ReceiptState::Registered.may_register());
    }

    #[test]
    fn assignment_deadline_defaults_to_thirty_days_or_the_category() {
        let friday = date(2026, 11, 20);
        assert_eq!(assignment_deadline(None, friday, None), date(2026, 12, 21));
        assert_eq!(
            assignment_deadline(None, friday, Some(8)),
            date(2026, 11, 30)
        );
        assert_eq!(
            assignment_deadline(Some(date(2026, 12, 1)), friday, Some(8)),
            date(2026, 12, 1)
        );
    }

    #[test]
    fn suspension_moves_the_deadline_and_overdue_needs_a_running_deadline() {
        assert_eq!(
            deadline_after_suspension(date(2026, 12, 1), date(2026, 11, 20), date(2026, 11, 25)),
            date(2026, 12, 6)
        );
        assert_eq!(
            deadline_after_suspension(date(2026, 12, 1), date(2026, 11, 20), date(2026, 11, 20)),
            date(2026, 12, 1)
        );
        assert!(is_overdue(date(2026, 11, 1), date(2026, 11, 2), true));
        assert!(!is_overdue(date(2026, 11, 2), date(2026, 11, 2), true));
        assert!(!is_overdue(date(2026, 11, 1), date(2026, 11, 2), false));
    }

    #[test]
    fn return_receipts_are_recorded_once_and_only_for_post() {
        use ReturnStatus as R;
        assert_eq!(record_return(R::Pending, R::Delivered), Some(R::Delivered));
        assert_eq!(record_return(R::Pending, R::Pending), None);
        assert_eq!(record_return(R::Delivered, R::Refused), None);
        assert_eq!(record_return(R::NotApplicable, R::Delivered), None);
        assert_eq!(record_return(R::Pending, R::NotApplicable), None);
        assert_eq!(
            return_status_from_code("not_collected"),
            Some(R::NotCollected)
        );
        assert_eq!(return_status_from_code("lost"), None);
        let sent = date(2026, 11, 1);
        assert!(never_returned(R::Pending, sent, date(2026, 11, 16), 15));
        assert!(!never_returned(R::Pending, sent, date(2026, 11, 15), 15));
        assert!(!never_returned(R::Delivered, sent, date(2027, 1, 1), 15));
    }

    #[test]
    fn fields_are_read_strictly() {
        assert_eq!(one_line("  Kiss   Péter "), Some("Kiss Péter".to_owned()));
        assert_eq!(one_line(" \t "), None);
        assert_eq!(multi_line(" a\r\nb "), Some("a\nb".to_owned()));
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date("2026-11-31"), Err(Unreadable));
        assert_eq!(parse_date("2026-11-30"), Ok(Some(date(2026, 11, 30))));
        assert!(parse_date_time("2026-11-20T08:15").unwrap().is_some());
        assert_eq!(parse_date_time("tegnap"), Err(Unreadable));
    }

    proptest! {
        #[test]
        fn deadlines_never_come_earlier(day in 0i64..3000, days in 0u32..400, typed in proptest::option::of(0i64..400)) {
            let received = date(2020, 1, 1) + Duration::days(day);
            let typed = typed.map(|t| received + Duration::days(t));
            let due = assignment_deadline(typed, received, Some(days));
            prop_assert!(due >= received);
            let paused = deadline_after_suspension(due, received, received + Duration::days(days.into()));
            prop_assert!(paused >= due);
        }
    }
}
