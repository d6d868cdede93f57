//! Pure rules of the records master data: partner de-duplication, the shapes of codes and
//! numbers typed into the master-data forms, and the retention rule of a plan item. No I/O.
use serde::{Deserialize, Serialize};

use openasp_core::text::fold_for_search;

/// Longest name of a unit, book, category or partner.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest register-book prefix (`ÉP`, `ADO`, `PH-IG`).
pub const MAX_PREFIX_CHARS: usize = 20;
/// Longest registry-number template.
pub const MAX_TEMPLATE_CHARS: usize = 80;
/// Longest code of a unit, category or retention item.
pub const MAX_CODE_CHARS: usize = 20;
/// The longest retention or archive-transfer period anyone types (years).
pub const MAX_YEARS: i32 = 200;
/// The longest default handling deadline (days).
pub const MAX_DEADLINE_DAYS: i32 = 365;

pub const BOOK_KIND_REGISTER: &str = "register";
pub const BOOK_KIND_RECEIPT: &str = "receipt";

/// A register book (iktatókönyv) or a receipt book (érkeztetőkönyv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookKind {
    Register,
    Receipt,
}

impl BookKind {
    pub fn code(self) -> &'static str {
        match self {
            BookKind::Register => BOOK_KIND_REGISTER,
            BookKind::Receipt => BOOK_KIND_RECEIPT,
        }
    }

    pub fn from_code(code: &str) -> Option<BookKind> {
        [BookKind::Register, BookKind::Receipt]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Whether a book may still change how its numbers look. Once a number was issued it is kept
/// forever in that form, so the template and the prefix are frozen from the first number on.
pub fn numbering_is_frozen(last_main: i32) -> bool {
    last_main > 0
}

/// A partner: a natural person (természetes személy) or an organisation (szervezet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartnerKind {
    Person,
    Organisation,
}

impl PartnerKind {
    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Person => "person",
            PartnerKind::Organisation => "organisation",
        }
    }

    pub fn from_code(code: &str) -> Option<PartnerKind> {
        [PartnerKind::Person, PartnerKind::Organisation]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Collapses runs of whitespace and trims: what every text field stores.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters and digits only, folded (case and accents), words separated by single spaces.
fn fold_words(text: &str) -> String {
    let folded = fold_for_search(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// What a partner search compares with the name part of [`dedupe_key`]: the folded letters
/// and digits of the query, without spaces.
pub fn partner_search_key(q: &str) -> String {
    fold_words(q).split(' ').collect()
}

/// Street-address words written in more than one way (`utca`/`u.`, `út`/`u`, …).
fn street_word(word: &str) -> &str {
    match word {
        "u" | "utca" => "utca",
        "ut" | "utja" => "ut",
        "krt" | "korut" => "korut",
        "ter" | "tere" => "ter",
        "sgt" | "sugarut" => "sugarut",
        "hrsz" | "helyrajzi" => "hrsz",
        other => other,
    }
}

/// The de-duplication key of a partner: the name, the postal code and the street address,
/// each insensitive to case, accents, whitespace and punctuation (and to the usual
/// abbreviations of street types), so that `Kovács  János, Fő u. 1.` and `KOVACS JANOS,
/// fo utca 1` are found to be one partner.
pub fn dedupe_key(name: &str, postal_code: &str, street_address: &str) -> String {
    let name: String = fold_words(name).split(' ').collect();
    let postal: String = postal_code.chars().filter(char::is_ascii_digit).collect();
    let street: String = fold_words(street_address)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(street_word)
        .collect();
    format!("{name}|{postal}|{street}")
}

/// A Hungarian postal code: four digits, the first not zero.
pub fn is_postal_code(text: &str) -> bool {
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0')
}

/// A Hungarian tax number (adószám), `12345678-1-12`; dashes optional. Answers the canonical
/// form with dashes.
pub fn normalise_tax_number(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The ninth digit is the VAT status: 1 to 5.
    if !matches!(digits.as_bytes()[8], b'1'..=b'5') {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &digits[..8],
        &digits[8..9],
        &digits[9..]
    ))
}

/// A code typed for a unit, category or retention item: no spaces at the ends, printable,
/// not too long.
pub fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= MAX_CODE_CHARS
        && text.chars().all(|c| !c.is_control() && !c.is_whitespace())
}

/// A register-book prefix: may be empty; no braces (they would read as placeholders), no
/// whitespace, not too long.
pub fn is_prefix(text: &str) -> bool {
    text.chars().count() <= MAX_PREFIX_CHARS
        && text
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && c != '{' && c != '}')
}

/// How long a retention-plan item keeps its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetentionRule {
    /// Disposable after this many years from the year the case file was closed.
    Years(i32),
    /// Never disposable (nem selejtezhető, NS); handed to the archives instead.
    NotDisposable,
}

/// What is wrong with a retention-plan item as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionProblem {
    /// Neither a period nor "not disposable" (or both).
    YearsRequired,
    YearsOutOfRange,
    TransferOutOfRange,
    /// Files that are destroyed cannot also go to the archives later than that.
    TransferAfterDisposal,
}

/// Checks a retention item's periods: either disposable after 1..=200 years or not disposable;
/// an archive transfer (1..=200 years) only before any disposal.
pub fn retention_rule(
    years: Option<i32>,
    not_disposable: bool,
    transfer_years: Option<i32>,
) -> Result<RetentionRule, RetentionProblem> {
    let rule = match (years, not_disposable) {
        (None, true) => RetentionRule::NotDisposable,
        (Some(years), false) if (1..=MAX_YEARS).contains(&years) => RetentionRule::Years(years),
        (Some(_), false) => return Err(RetentionProblem::YearsOutOfRange),
        _ => return Err(RetentionProblem::YearsRequired),
    };
    if let Some(transfer) = transfer_years {
        if !(1..=MAX_YEARS).contains(&transfer) {
            return Err(RetentionProblem::TransferOutOfRange);
        }
        if let RetentionRule::Years(years) = rule
            && transfer > years
        {
            return Err(RetentionProblem::TransferAfterDisposal);
        }
    }
    Ok(rule)
}

/// Parses an optional whole number typed in a form: empty is `None`.
pub fn optional_number(text: &str) -> Result<Option<i32>, std::num::ParseIntError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_same_partner_written_differently_has_one_key() {
        let a = dedupe_key("Kovács  János", "2100", "Fő u. 1.");
        let b = dedupe_key("KOVACS JANOS", " 2100 ", "fo utca 1");
        let c = dedupe_key("Kovács-János", "2100", "Fő utca 1/");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a, "kovacsjanos|2100|foutca1");
    }

    #[test]
    fn different_partners_have_different_keys() {
        let base = dedupe_key("Kovács János", "2100", "Fő utca 1.");
        assert_ne!(base, dedupe_key("Kovács Jánosné", "2100", "Fő utca 1."));
        assert_ne!(base, dedupe_key("Kovács János", "2101", "Fő utca 1."));
        assert_ne!(base, dedupe_key("Kovács János", "2100", "Fő utca 11."));
        assert_ne!(base, dedupe_key("Kovács János", "2100", "Fő tér 1."));
        // Hungarian long vowels are folded, but ö and o are distinct letters only in
        // spelling; folding them together is the safer side for finding duplicates.
        assert_eq!(
            dedupe_key("Öreg Ödön", "", ""),
            dedupe_key("oreg odon", "", "")
        );
    }

    #[test]
    fn tax_numbers_are_checked_and_written_one_way() {
        assert_eq!(
            normalise_tax_number("12345678-2-13").as_deref(),
            Some("12345678-2-13")
        );
        assert_eq!(
            normalise_tax_number("12345678213").as_deref(),
            Some("12345678-2-13")
        );
        assert_eq!(normalise_tax_number("12345678-9-13"), None);
        assert_eq!(normalise_tax_number("1234567-2-13"), None);
        assert_eq!(normalise_tax_number("abcdefgh-2-13"), None);
    }

    #[test]
    fn postal_codes_codes_and_prefixes() {
        assert!(is_postal_code("2100"));
        assert!(!is_postal_code("0100"));
        assert!(!is_postal_code("210"));
        assert!(!is_postal_code("21000"));
        assert!(is_code("ÉP-1"));
        assert!(!is_code(""));
        assert!(!is_code("a b"));
        assert!(is_prefix(""));
        assert!(is_prefix("ÉP"));
        assert!(!is_prefix("{main}"));
        assert!(!is_prefix("É P"));
    }

    #[test]
    fn retention_rules() {
        assert_eq!(
            retention_rule(Some(5), false, None),
            Ok(RetentionRule::Years(5))
        );
        assert_eq!(
            retention_rule(None, true, Some(15)),
            Ok(RetentionRule::NotDisposable)
        );
        assert_eq!(
            retention_rule(None, false, None),
            Err(RetentionProblem::YearsRequired)
        );
        assert_eq!(
            retention_rule(Some(5), true, None),
            Err(RetentionProblem::YearsRequired)
        );
        assert_eq!(
            retention_rule(Some(0), false, None),
            Err(RetentionProblem::YearsOutOfRange)
        );
        assert_eq!(
            retention_rule(None, true, Some(0)),
            Err(RetentionProblem::TransferOutOfRange)
        );
        assert_eq!(
            retention_rule(Some(10), false, Some(15)),
            Err(RetentionProblem::TransferAfterDisposal)
        );
        assert!(retention_rule(Some(30), false, Some(15)).is_ok());
    }

    #[test]
    fn books_freeze_their_numbering_at_the_first_number() {
        assert!(!numbering_is_frozen(0));
        assert!(numbering_is_frozen(1));
        assert_eq!(BookKind::from_code("receipt"), Some(BookKind::Receipt));
        assert_eq!(BookKind::from_code("other"), None);
    }

    fn spaced(words: Vec<String>, gaps: Vec<&'static str>) -> String {
        words
            .iter()
            .zip(gaps.iter().cycle())
            .map(|(w, g)| format!("{w}{g}"))
            .collect()
    }

    proptest! {
        /// Case, accents, whitespace and punctuation never change the key.
        #[test]
        fn the_key_ignores_case_accents_spacing_and_punctuation(
            words in proptest::collection::vec("[a-zA-ZáéíóöőúüűÁÉÍÓÖŐÚÜŰ]{1,8}", 1..4),
            gaps in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just(", "), Just(". "), Just("-")], 1..4),
            postal in "[1-9][0-9]{3}",
            number in 1u32..500,
        ) {
            let plain = words.join(" ");
            let street = format!("Fő utca {number}");
            let key = dedupe_key(&plain, &postal, &street);
            let noisy = spaced(words.iter().map(|w| w.to_uppercase()).collect(), gaps);
            prop_assert_eq!(&key, &dedupe_key(&format!("  {noisy} "), &format!(" {postal}"), &format!("FŐ U. {number}.")));
            prop_assert_eq!(&key, &dedupe_key(&fold_for_search(&plain), &postal, &format!("fo utca {number}")));
        }

        /// The key is a pure function of its parts and never depends on the order of calls;
        /// and partners differing in postal code never share a key.
        #[test]
        fn postal_codes_keep_partners_apart(
            name in "[a-zA-Z ]{1,20}",
            a in "[1-9][0-9]{3}",
            b in "[1-9][0-9]{3}",
        ) {
            let ka = dedupe_key(&name, &a, "Fő utca 1");
            let kb = dedupe_key(&name, &b, "Fő utca 1");
            prop_assert_eq!(a == b, ka == kb);
        }

        /// Whatever is typed, the key has exactly three parts and no spaces.
        #[test]
        fn keys_are_well_formed(name in ".{0,40}", postal in ".{0,8}", street in ".{0,40}") {
            let key = dedupe_key(&name, &postal, &street);
            prop_assert_eq!(key.split('|').count(), 3);
            prop_assert!(!key.contains(' '));
        }
    }
}
