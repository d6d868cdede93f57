//! Pure rules of the municipality directory: search normalisation, slugs, the parsed search
//! query and pagination. No I/O here.
use serde::{Deserialize, Serialize};

/// Folds a Hungarian text for accent- and case-insensitive search: `Győr` → `gyor`.
pub fn fold_for_search(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'ő' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ű' => 'u',
            other => other,
        })
        .collect()
}

/// The URL slug of a municipality name: `Budapest 01. ker.` → `budapest-01-ker`.
pub fn slugify(name: &str) -> String {
    let folded = fold_for_search(name);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The slug for names that fold to the same slug as another (Komló and Kömlő): umlauted vowels
/// are written out (`ö`/`ő` → `oe`, `ü`/`ű` → `ue`), as German-style transliteration does.
pub fn slugify_distinguishing_umlauts(name: &str) -> String {
    let expanded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .flat_map(|c| match c {
            'ö' | 'ő' => vec!['o', 'e'],
            'ü' | 'ű' => vec!['u', 'e'],
            other => vec![other],
        })
        .collect();
    slugify(&expanded)
}

/// Path segments that belong to the platform and can never be a municipality's slug.
pub const RESERVED_SLUGS: &[&str] = &[
    "api",
    "pkg",
    "healthz",
    "assets",
    "static",
    "admin",
    "ugyintezo",
    // The citizens' sign-in (OpenID Connect) lives under `/azonositas/…`.
    "azonositas",
    "clerk",
    "lang",
    "login",
    "logout",
    "favicon-ico",
    "robots-txt",
    "sitemap-xml",
];

/// Longest search text accepted; longer input is cut, never rejected, as a search box should.
pub const MAX_QUERY_CHARS: usize = 100;

/// What the visitor typed into the search box, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchText {
    /// Nothing typed: list every municipality.
    Everything,
    /// One to four digits: the start of a postal code.
    PostalCodePrefix(String),
    /// Anything else: part of a name, folded for matching.
    NamePart(String),
}

impl SearchText {
    pub fn parse(raw: &str) -> SearchText {
        let trimmed: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
        if trimmed.is_empty() {
            SearchText::Everything
        } else if trimmed.len() <= 4 && trimmed.chars().all(|c| c.is_ascii_digit()) {
            SearchText::PostalCodePrefix(trimmed)
        } else {
            SearchText::NamePart(fold_for_search(&trimmed))
        }
    }
}

/// The directory's search as it travels in the URL and to the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityFilter {
    pub q: String,
    pub county: String,
    pub page: u64,
}

/// Rows per page of the directory.
pub const PAGE_SIZE: u64 = 20;

/// A 1-based page number that is always valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageNumber(u64);

impl PageNumber {
    /// The highest page anyone may ask for; keeps offsets far inside the database's range.
    pub const MAX: u64 = 1_000_000;

    /// Anything below 1 (or unparsable upstream, passed as 0) is the first page; anything
    /// above [`PageNumber::MAX`] is that page (and simply empty).
    pub fn new(raw: u64) -> PageNumber {
        PageNumber(raw.clamp(1, Self::MAX))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    pub fn offset(self, page_size: u64) -> u64 {
        (self.0 - 1).saturating_mul(page_size)
    }
}

/// One page of results with what a pager needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u64 {
        if self.page_size == 0 {
            return 1;
        }
        self.total.div_ceil(self.page_size).max(1)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }
}

/// The page numbers a pager shows: the first, the last and two either side of the current,
/// with `None` standing for a gap ("…").
pub fn pager_window(current: u64, count: u64) -> Vec<Option<u64>> {
    let mut shown: Vec<u64> = (1..=count)
        .filter(|&p| p == 1 || p == count || p.abs_diff(current) <= 2)
        .collect();
    shown.dedup();
    let mut window = Vec::with_capacity(shown.len() + 2);
    let mut previous = 0;
    for p in shown {
        if p > previous + 1 {
            window.push(None);
        }
        window.push(Some(p));
        previous = p;
    }
    window
}

/// The query string of a directory URL, with the defaults left out so URLs stay short.
pub fn directory_query(filter: &MunicipalityFilter, page: u64) -> String {
    let mut pairs = Vec::new();
    if !filter.q.trim().is_empty() {
        pairs.push(format!("q={}", encode_query_value(filter.q.trim())));
    }
    if !filter.county.is_empty() {
        pairs.push(format!("county={}", encode_query_value(&filter.county)));
    }
    if page > 1 {
        pairs.push(format!("page={page}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_removes_hungarian_accents_and_case() {
        assert_eq!(fold_for_search("Győr"), "gyor");
        assert_eq!(
            fold_for_search("ÁRVÍZTŰRŐ TÜKÖRFÚRÓGÉP"),
            "arvizturo tukorfurogep"
        );
        assert_eq!(fold_for_search("Hódmezővásárhely"), "hodmezovasarhely");
    }

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Budapest 01. ker."), "budapest-01-ker");
        assert_eq!(slugify("Székesfehérvár"), "szekesfehervar");
        assert_eq!(slugify("Balatonfüred"), "balatonfured");
        assert_eq!(slugify("Nagykanizsa "), "nagykanizsa");
    }

    #[test]
    fn umlaut_slugs_tell_apart_names_that_fold_alike() {
        assert_eq!(slugify("Komló"), slugify("Kömlő"));
        assert_eq!(slugify_distinguishing_umlauts("Komló"), "komlo");
        assert_eq!(slugify_distinguishing_umlauts("Kömlő"), "koemloe");
        assert_eq!(slugify_distinguishing_umlauts("Kömörő"), "koemoeroe");
    }

    #[test]
    fn search_text_recognises_postal_codes() {
        assert_eq!(SearchText::parse("  "), SearchText::Everything);
        assert_eq!(
            SearchText::parse("2000"),
            SearchText::PostalCodePrefix("2000".into())
        );
        assert_eq!(
            SearchText::parse("20"),
            SearchText::PostalCodePrefix("20".into())
        );
        assert_eq!(
            SearchText::parse("20001"),
            SearchText::NamePart("20001".into())
        );
        assert_eq!(
            SearchText::parse(" Győr "),
            SearchText::NamePart("gyor".into())
        );
    }

    #[test]
    fn page_numbers_start_at_one() {
        assert_eq!(PageNumber::new(0).get(), 1);
        assert_eq!(PageNumber::new(1).offset(20), 0);
        assert_eq!(PageNumber::new(3).offset(20), 40);
        assert_eq!(PageNumber::new(u64::MAX).get(), PageNumber::MAX);
    }

    #[test]
    fn page_counts() {
        let page = |total| Page::<()> {
            items: vec![],
            total,
            page: 1,
            page_size: 20,
        };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(20).page_count(), 1);
        assert_eq!(page(21).page_count(), 2);
        assert_eq!(page(3178).page_count(), 159);
        assert!(!page(20).has_next());
        assert!(page(21).has_next());
    }

    #[test]
    fn pager_window_shows_ends_and_neighbours() {
        assert_eq!(pager_window(1, 1), vec![Some(1)]);
        assert_eq!(
            pager_window(1, 159),
            vec![Some(1), Some(2), Some(3), None, Some(159)]
        );
        assert_eq!(
            pager_window(50, 159),
            vec![
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(159)
            ]
        );
        assert_eq!(
            pager_window(4, 5),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
    }

    #[test]
    fn directory_query_leaves_out_defaults() {
        let mut filter = MunicipalityFilter::default();
        assert_eq!(directory_query(&filter, 1), "");
        filter.q = "Győr ".into();
        filter.county = "Pest".into();
        assert_eq!(
            directory_query(&filter, 2),
            "?q=Gy%C5%91r&county=Pest&page=2"
        );
    }

    proptest! {
        #[test]
        fn slug_is_lowercase_ascii_without_edge_dashes(name in "\\PC{0,40}") {
            let slug = slugify(&name);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
            prop_assert!(!slug.contains("--"));
        }

        #[test]
        fn folding_is_idempotent(text in "\\PC{0,40}") {
            let once = fold_for_search(&text);
            prop_assert_eq!(fold_for_search(&once), once.clone());
        }

        #[test]
        fn pager_window_is_sorted_and_contains_current(count in 1u64..500, current_seed in 0u64..500) {
            let current = current_seed % count + 1;
            let window = pager_window(current, count);
            let pages: Vec<u64> = window.iter().flatten().copied().collect();
            prop_assert!(pages.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(pages.contains(&current));
            prop_assert_eq!(pages.first().copied(), Some(1));
            prop_assert_eq!(pages.last().copied(), Some(count));
        }
    }
}
