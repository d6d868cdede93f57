//! The allow-list editors' rich text is cleaned with before it is stored (server only).
//!
//! Structure and emphasis, links, images, tables and quotations survive; everything else goes:
//! `script` and `style` with their content, every event handler and inline style, classes and
//! ids, forms, frames, and any URL whose scheme is not http(s), mailto or tel (so no
//! `javascript:` or `data:` links). Relative URLs stay (links within the site).
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::domain::{RICH_TEXT_ATTRIBUTES, RICH_TEXT_TAGS};

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        let tag_attributes: HashMap<&str, HashSet<&str>> = RICH_TEXT_ATTRIBUTES
            .iter()
            .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
            .collect();
        builder
            .tags(RICH_TEXT_TAGS.iter().copied().collect())
            .tag_attributes(tag_attributes)
            .generic_attributes(HashSet::from(["lang"]))
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        builder
    })
}

/// The editor's HTML, cleaned to the allow-list.
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn hostile_html_is_defused() {
        let cases = [
            ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
            (r#"<p onclick="steal()">x</p>"#, "<p>x</p>"),
            (
                r#"<a href="javascript:alert(1)">x</a>"#,
                r#"<a rel="noopener noreferrer">x</a>"#,
            ),
            (
                r#"<a href=" JaVaScRiPt:alert(1)">x</a>"#,
                r#"<a rel="noopener noreferrer">x</a>"#,
            ),
            (
                r#"<img src="x" onerror="alert(1)" alt="kép">"#,
                r#"<img src="x" alt="kép">"#,
            ),
            (r#"<iframe src="https://evil.example"></iframe>ok"#, "ok"),
            (r#"<style>body{display:none}</style>ok"#, "ok"),
            (r#"<p style="position:fixed">x</p>"#, "<p>x</p>"),
            (r#"<svg><script>alert(1)</script></svg>ok"#, "ok"),
            (
                r#"<img src="data:image/png;base64,AAAA" alt="x">"#,
                r#"<img alt="x">"#,
            ),
            ("<!-- megjegyzés --><p>x</p>", "<p>x</p>"),
            (r#"<form action="/x"><input name="a"></form>ok"#, "ok"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected, "{input}");
        }
    }

    #[test]
    fn ordinary_content_survives() {
        let html = r#"<h2>Ügyfélfogadás</h2><p><strong>Hétfő</strong>: 8–12 óra, <a href="/csomad/kapcsolat">kapcsolat</a>, <a href="https://example.hu">külső</a>.</p><ul><li>egy</li></ul><table><tr><th scope="col">Nap</th></tr></table>"#;
        let clean = sanitize(html);
        assert!(clean.contains("<h2>Ügyfélfogadás</h2>"));
        assert!(clean.contains(r#"<a href="/csomad/kapcsolat" rel="noopener noreferrer">"#));
        assert!(clean.contains(r#"<th scope="col">Nap</th>"#));
        assert!(clean.contains("<li>egy</li>"));
    }

    #[test]
    fn cleaning_is_idempotent() {
        let once = sanitize(r#"<p>a<b>b<script>x</script></p><a href="https://x.hu">y"#);
        assert_eq!(sanitize(&once), once);
    }
}
