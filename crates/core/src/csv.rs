//! CSV that Hungarian Excel opens correctly and that cannot smuggle formulas.

/// Excel reads UTF-8 only with this mark in front.
pub const UTF8_BOM: &str = "\u{feff}";

/// Hungarian Excel expects `;` (the comma is the decimal separator).
pub const CSV_SEPARATOR: char = ';';

/// One CSV field: quoted when needed, and a leading `= + - @` (or tab, CR) neutralised with an
/// apostrophe so that a subject like `=HYPERLINK(…)` stays text in a spreadsheet.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([CSV_SEPARATOR, '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line with its CRLF ending.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(&CSV_SEPARATOR.to_string());
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn csv_is_safe_for_spreadsheets() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+36 1 234"), "'+36 1 234");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-5"), "'-5");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_line(&["1-1/2026", "Kérelem"]), "1-1/2026;Kérelem\r\n");
    }

    proptest! {
        #[test]
        fn a_csv_field_never_starts_a_formula(value in ".{0,40}") {
            let field = csv_field(&value);
            let unquoted = field.strip_prefix('"').unwrap_or(&field);
            prop_assert!(!unquoted.starts_with(['=', '+', '-', '@', '\t', '\r']));
            prop_assert!(!field.contains(CSV_SEPARATOR) || field.starts_with('"'));
        }
    }
}
