//! Full-text search syntax shared by every system's search: the words of a query and the
//! query of each backend (PostgreSQL `tsquery`, SQLite FTS5), and safe `LIKE`/`GLOB` patterns.
use crate::text::fold_for_search;

/// Full-text terms taken from one query (the rest are ignored).
pub const MAX_TERMS: usize = 8;

const MAX_TERM_CHARS: usize = 40;

/// The words of a full-text query: letters and digits only (nothing of a query language
/// survives), lower case, at most [`MAX_TERMS`].
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .take(MAX_TERM_CHARS)
                .collect::<String>()
        })
        .take(MAX_TERMS)
        .collect()
}

/// A PostgreSQL `to_tsquery('simple', …)` matching documents that contain every term as a
/// word beginning (`épít` finds `építési`); terms are folded as the index folds the text.
pub fn postgres_tsquery(terms: &[String]) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    Some(
        terms
            .iter()
            .map(|term| format!("{}:*", fold_for_search(term)))
            .collect::<Vec<_>>()
            .join(" & "),
    )
}

/// An SQLite FTS5 query with the same meaning (its tokenizer drops the accents itself).
pub fn fts5_query(terms: &[String]) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    Some(
        terms
            .iter()
            .map(|term| format!("\"{term}\"*"))
            .collect::<Vec<_>>()
            .join(" AND "),
    )
}

/// Escapes a value for SQL `LIKE … ESCAPE '\'`.
pub fn like_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a value for SQLite `GLOB` (whose prefix match uses an index, unlike `LIKE`).
pub fn glob_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '*' => out.push_str("[*]"),
            '?' => out.push_str("[?]"),
            '[' => out.push_str("[[]"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn full_text_queries_keep_only_words() {
        let t = terms("Épít* engedély\" OR 1=1; DROP");
        assert_eq!(t, ["épít", "engedély", "or", "1", "1", "drop"]);
        assert_eq!(postgres_tsquery(&t[..2]).unwrap(), "epit:* & engedely:*");
        assert_eq!(fts5_query(&t[..2]).unwrap(), "\"épít\"* AND \"engedély\"*");
        assert_eq!(postgres_tsquery(&terms(" :*&|! ")), None);
        assert_eq!(terms(&"a ".repeat(50)).len(), MAX_TERMS);
    }

    #[test]
    fn patterns_are_escaped() {
        assert_eq!(like_escape("10%_a\\"), "10\\%\\_a\\\\");
        assert_eq!(glob_escape("1*?[2"), "1[*][?][[]2");
    }

    proptest! {
        #[test]
        fn terms_are_plain_words(text in ".{0,200}") {
            let found = terms(&text);
            prop_assert!(found.len() <= MAX_TERMS);
            for term in &found {
                prop_assert!(!term.is_empty());
                prop_assert!(term.chars().all(char::is_alphanumeric));
            }
            if let Some(query) = fts5_query(&found) {
                // Only the quotes we put there: no term can close its quote early.
                prop_assert_eq!(query.matches('"').count(), 2 * found.len());
            }
        }
    }
}
