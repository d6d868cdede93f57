//! Pure rules of finding documents: the search form and its URL, the normalised text that
//! full-text search runs over, the full-text queries of each backend, and safe CSV. No I/O.
use serde::{Deserialize, Serialize};

use openasp_core::query::encode_query_value;

use openasp_core::text::fold_for_search;

/// Results per page of the search screen.
pub const SEARCH_PAGE_SIZE: u64 = 25;
/// Counting stops here: "more than 10 000 hits" is as useful as the exact figure and keeps a
/// broad search on a million documents fast.
pub const COUNT_CAP: u64 = 10_000;
/// The most rows one CSV export holds.
pub const EXPORT_CAP: u64 = 10_000;
/// The longest `search_text` stored for one document (extracted text is cut beyond it).
pub const MAX_SEARCH_TEXT_CHARS: usize = 100_000;

/// The search form as typed (every field a string, empty = not filtered). Also the query
/// string of the search page, so a search can be bookmarked and paged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchForm {
    /// Full text over subjects, senders and extracted attachment text.
    pub q: String,
    /// A registry number, exact or its beginning.
    pub number: String,
    pub partner: String,
    /// The handling clerk's user id.
    pub clerk: String,
    /// Registered on or after (`YYYY-MM-DD`).
    pub from: String,
    /// Registered on or before (`YYYY-MM-DD`).
    pub until: String,
    /// A case-file state code (`CaseState::code`).
    pub state: String,
    /// A retention item's id.
    pub retention: String,
    /// `number`, `date` or `subject`, with `-` in front for descending (`-date` is the default).
    pub sort: String,
}

impl SearchForm {
    pub const FIELDS: [&'static str; 9] = [
        "q",
        "number",
        "partner",
        "clerk",
        "from",
        "until",
        "state",
        "retention",
        "sort",
    ];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "q" => &self.q,
            "number" => &self.number,
            "partner" => &self.partner,
            "clerk" => &self.clerk,
            "from" => &self.from,
            "until" => &self.until,
            "state" => &self.state,
            "retention" => &self.retention,
            _ => &self.sort,
        }
    }

    /// Builds the form from query-string pairs (unknown keys ignored).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> SearchForm {
        let mut form = SearchForm::default();
        for (key, value) in pairs {
            let slot = match key {
                "q" => &mut form.q,
                "number" => &mut form.number,
                "partner" => &mut form.partner,
                "clerk" => &mut form.clerk,
                "from" => &mut form.from,
                "until" => &mut form.until,
                "state" => &mut form.state,
                "retention" => &mut form.retention,
                "sort" => &mut form.sort,
                _ => continue,
            };
            *slot = value;
        }
        form
    }

    /// The query string (without `?`) of this search, empty fields left out; `page` > 1 added.
    pub fn query_string(&self, page: u64) -> String {
        let mut pairs: Vec<String> = Self::FIELDS
            .iter()
            .filter(|f| !self.get(f).trim().is_empty())
            .map(|f| format!("{f}={}", encode_query_value(self.get(f).trim())))
            .collect();
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        pairs.join("&")
    }

    /// The same search sorted by `key`: ascending first, descending when already ascending.
    pub fn sorted_by(&self, key: SortKey) -> SearchForm {
        let current = Sort::parse(&self.sort);
        let descending = current.key == key && !current.descending;
        SearchForm {
            sort: Sort { key, descending }.code(),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    Number,
    Date,
    Subject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// Newest first unless asked otherwise; an unknown value is the default, not an error.
    pub fn parse(text: &str) -> Sort {
        let text = text.trim();
        let (descending, name) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let key = match name {
            "number" => SortKey::Number,
            "subject" => SortKey::Subject,
            "date" => SortKey::Date,
            _ => {
                return Sort {
                    key: SortKey::Date,
                    descending: true,
                };
            }
        };
        Sort { key, descending }
    }

    pub fn code(self) -> String {
        let name = match self.key {
            SortKey::Number => "number",
            SortKey::Date => "date",
            SortKey::Subject => "subject",
        };
        if self.descending {
            format!("-{name}")
        } else {
            name.to_owned()
        }
    }
}

/// The text a document is found by: its subject, sender or partner and extracted attachment
/// text, folded (lower case, no accents) and with single spaces, cut at a sane length.
pub fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let joined = parts
        .into_iter()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    fold_for_search(&joined)
        .chars()
        .take(MAX_SEARCH_TEXT_CHARS)
        .collect()
}

/// A registry number as typed, without spaces (`ÉP / 156-3 / 2026` → `ÉP/156-3/2026`).
pub fn compact_number(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---- CSV for Hungarian Excel ----------------------------------------------------------------

/// The Hungarian (and English) name of a case-file state code.
pub fn case_state_label(code: &str, hu: bool) -> &'static str {
    match (code, hu) {
        ("Registered", true) => "Iktatva",
        ("Registered", false) => "Registered",
        ("Assigned", true) => "Szignálva",
        ("Assigned", false) => "Assigned",
        ("InProgress", true) => "Ügyintézés alatt",
        ("InProgress", false) => "In progress",
        ("Suspended", true) => "Felfüggesztve",
        ("Suspended", false) => "Suspended",
        ("Closed", true) => "Lezárva",
        ("Closed", false) => "Closed",
        ("Archived", true) => "Irattárban",
        ("Archived", false) => "Archived",
        ("Disposed", true) => "Selejtezve",
        ("Disposed", false) => "Disposed",
        ("TransferredToArchives", true) => "Levéltárba adva",
        ("TransferredToArchives", false) => "Transferred to the archives",
        ("Cancelled", true) => "Sztornózva",
        ("Cancelled", false) => "Cancelled",
        ("Merged", true) => "Szerelve",
        ("Merged", false) => "Merged",
        (_, true) => "Ismeretlen",
        (_, false) => "Unknown",
    }
}

/// The case-file state codes in their order of life (for the status filter).
pub const CASE_STATE_CODES: [&str; 10] = [
    "Registered",
    "Assigned",
    "InProgress",
    "Suspended",
    "Closed",
    "Archived",
    "Disposed",
    "TransferredToArchives",
    "Cancelled",
    "Merged",
];

/// The Hungarian (and English) name of a document state code.
pub fn document_state_label(code: &str, hu: bool) -> &'static str {
    match (code, hu) {
        ("registered", true) => "Iktatva",
        ("registered", false) => "Registered",
        ("draft", true) => "Tervezet",
        ("draft", false) => "Draft",
        ("signed_off", true) => "Kiadmányozva",
        ("signed_off", false) => "Signed off",
        ("dispatched", true) => "Expediálva",
        ("dispatched", false) => "Dispatched",
        ("cancelled", true) => "Sztornózva",
        ("cancelled", false) => "Cancelled",
        (_, true) => "Ismeretlen",
        (_, false) => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn search_text_is_folded_and_compact() {
        assert_eq!(
            search_text(["Építési  engedély", "Kiss Péter\n", "ŐSZI árvíz"]),
            "epitesi engedely kiss peter oszi arviz"
        );
    }

    #[test]
    fn sorting_toggles_and_defaults_to_newest_first() {
        let default = Sort::parse("");
        assert_eq!((default.key, default.descending), (SortKey::Date, true));
        assert_eq!(Sort::parse("nonsense"), default);
        assert_eq!(Sort::parse("-subject").code(), "-subject");
        let form = SearchForm::default().sorted_by(SortKey::Number);
        assert_eq!(form.sort, "number");
        assert_eq!(form.sorted_by(SortKey::Number).sort, "-number");
        assert_eq!(form.sorted_by(SortKey::Subject).sort, "subject");
    }

    #[test]
    fn the_query_string_round_trips() {
        let form = SearchForm {
            q: "építési engedély".into(),
            number: "ÉP/156".into(),
            from: "2026-01-01".into(),
            sort: "-date".into(),
            ..Default::default()
        };
        let query = form.query_string(3);
        assert_eq!(
            query,
            "q=%C3%A9p%C3%ADt%C3%A9si+enged%C3%A9ly&number=%C3%89P%2F156&from=2026-01-01&sort=-date&page=3"
        );
        let pairs = [
            ("q", "építési engedély".to_owned()),
            ("number", "ÉP/156".to_owned()),
            ("from", "2026-01-01".to_owned()),
            ("sort", "-date".to_owned()),
            ("page", "3".to_owned()),
        ];
        assert_eq!(SearchForm::from_pairs(pairs), form);
        assert_eq!(SearchForm::default().query_string(1), "");
    }

    #[test]
    fn patterns_are_escaped() {
        assert_eq!(compact_number(" ÉP / 156-3 / 2026 "), "ÉP/156-3/2026");
    }

    proptest! {

        #[test]
        fn query_strings_read_back(q in "[a-zA-Záéíóöőúüű /%&=+-]{0,30}", number in "[0-9A-Z/-]{0,12}") {
            let form = SearchForm { q: q.trim().to_owned(), number: number.trim().to_owned(), ..Default::default() };
            let text = form.query_string(1);
            let pairs: Vec<(String, String)> = text
                .split('&')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_owned(), decode(v)))
                .collect();
            let back = SearchForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
            prop_assert_eq!(back, form);
        }
    }

    fn decode(value: &str) -> String {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&value[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
}
