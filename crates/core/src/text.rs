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

/// An uploaded file's name as stored and shown.
///
/// The last path segment, without control characters, bidirectional overrides (which can show
/// `exe.pdf` for `fdp.exe`) or characters that mean something to a shell, a browser or a file
/// system; and with one extension only: `számla.pdf.exe` becomes `számla_pdf.exe`, so a name
/// never shows one type while being another. `extension`, when given (the type the content
/// really is), replaces the name's own. The stem keeps at most `max_chars` characters;
/// `fallback` stands in for a name with nothing left.
pub fn safe_file_name(
    name: &str,
    extension: Option<&str>,
    max_chars: usize,
    fallback: &str,
) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';')
                && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').trim();
    let (stem, own) = match cleaned.rsplit_once('.') {
        Some((stem, ext))
            if !stem.trim().is_empty()
                && !ext.is_empty()
                && ext.len() <= 10
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (stem.trim(), Some(ext))
        }
        _ => (cleaned, None),
    };
    // Any dot left in the stem would make a second extension.
    let stem: String = stem
        .chars()
        .map(|c| if c == '.' { '_' } else { c })
        .take(max_chars)
        .collect();
    let stem = stem.trim();
    let stem = if stem.is_empty() { fallback } else { stem };
    match extension.or(own) {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem.to_owned(),
    }
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

    #[test]
    fn file_names_keep_one_extension() {
        let name = |n: &str, ext: Option<&str>| safe_file_name(n, ext, 150, "fajl");
        assert_eq!(name("számla.pdf.exe", None), "számla_pdf.exe");
        assert_eq!(name("számla.pdf.exe", Some("pdf")), "számla_pdf.pdf");
        assert_eq!(name("C:\\Users\\x\\kérelem.pdf", None), "kérelem.pdf");
        assert_eq!(name("../../etc/passwd", None), "passwd");
        assert_eq!(name("a\"b<c>;.pdf", None), "abc.pdf");
        assert_eq!(name("fdp\u{202e}.exe", None), "fdp.exe");
        assert_eq!(name("..", Some("png")), "fajl.png");
        assert_eq!(name("", None), "fajl");
        assert_eq!(name("jelentés 2026. május", None), "jelentés 2026_ május");
    }

    proptest::proptest! {
        #[test]
        fn safe_file_names_have_at_most_one_dot(name in "\\PC{0,200}", typed in proptest::bool::ANY) {
            let safe = safe_file_name(&name, typed.then_some("pdf"), 150, "fajl");
            proptest::prop_assert!(safe.matches('.').count() <= 1, "{safe}");
            proptest::prop_assert!(!safe.contains(['/', '\\', '"', '<', '>', ';']));
            proptest::prop_assert!(!safe.chars().any(char::is_control));
            proptest::prop_assert!(!safe.is_empty());
            if typed {
                proptest::prop_assert!(safe.ends_with(".pdf"));
            }
        }
    }
}
