//! Text folding and slugs: how Hungarian names are searched and put into URLs.

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
    }
}
