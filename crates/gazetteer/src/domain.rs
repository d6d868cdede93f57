//! Pure rules of the municipality directory: search normalisation, slugs, the parsed search
//! query and pagination. No I/O here.
use crate::types::MunicipalityFilter;
use openasp_core::query::encode_query_value;
use openasp_core::text::fold_for_search;

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

/// Rows per page of the directory.
pub const PAGE_SIZE: u64 = 20;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    proptest! {}
}
