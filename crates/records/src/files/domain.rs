//! Pure rules of attachments: the allowed types, told from the content (never the name), the
//! size limit, safe file names for storage and download, and text extraction. No I/O.
use serde::{Deserialize, Serialize};

/// The largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;
const MAX_FILE_NAME_CHARS: usize = 150;

/// The types an attachment may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    Tiff,
    /// UTF-8 text without control characters.
    Text,
    /// Office Open XML word-processing document.
    Docx,
    /// OpenDocument text.
    Odt,
}

impl FileType {
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::Tiff => "image/tiff",
            FileType::Text => "text/plain; charset=utf-8",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    /// The extension a download is given, so the file opens with the right program.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
            FileType::Tiff => "tif",
            FileType::Text => "txt",
            FileType::Docx => "docx",
            FileType::Odt => "odt",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileRefused {
    #[error("empty file")]
    Empty,
    #[error("file too large")]
    TooLarge,
    #[error("file type not allowed")]
    TypeNotAllowed,
}

impl FileRefused {
    /// The code the upload route puts in the query string of the page it returns to.
    pub fn code(self) -> &'static str {
        match self {
            FileRefused::Empty => "ures",
            FileRefused::TooLarge => "meret",
            FileRefused::TypeNotAllowed => "tipus",
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A ZIP file is accepted only as the document formats built on it.
fn zip_document(bytes: &[u8]) -> Option<FileType> {
    // ODF stores an uncompressed `mimetype` entry first: its name at offset 30, content after.
    const ODT: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";
    if bytes.get(30..30 + ODT.len()) == Some(ODT) {
        return Some(FileType::Odt);
    }
    // Entry names are stored in plain text in the local headers and the central directory.
    if contains(bytes, b"[Content_Types].xml") && contains(bytes, b"word/document.xml") {
        return Some(FileType::Docx);
    }
    None
}

fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}' | '\u{feff}'))
}

/// The type of `bytes`, read from the content itself.
pub fn detect_type(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(FileType::Tiff)
    } else if bytes.starts_with(b"PK\x03\x04") {
        zip_document(bytes)
    } else if is_plain_text(bytes) {
        Some(FileType::Text)
    } else {
        None
    }
}

/// Checks an upload: not empty, not too large, an allowed type.
pub fn check_upload(bytes: &[u8]) -> Result<FileType, FileRefused> {
    if bytes.is_empty() {
        return Err(FileRefused::Empty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(FileRefused::TooLarge);
    }
    detect_type(bytes).ok_or(FileRefused::TypeNotAllowed)
}

/// The most characters of text kept from one attachment.
pub const MAX_EXTRACTED_CHARS: usize = 200_000;

/// Extracted text as stored: `None` when blank, else at most [`MAX_EXTRACTED_CHARS`] characters.
pub fn cap_text(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    Some(text.chars().take(MAX_EXTRACTED_CHARS).collect())
}

/// The text search can index from plain text: as it is (without a byte-order mark). The other
/// formats need parsing, done on the server (`extract::extract_text`).
pub fn extract_text(kind: FileType, bytes: &[u8]) -> Option<String> {
    match kind {
        FileType::Text => std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| cap_text(t.trim_start_matches('\u{feff}'))),
        _ => None,
    }
}

/// The text content of a word-processing XML part (DOCX `word/document.xml`, ODT
/// `content.xml`): tags stripped, entities decoded, paragraphs and line breaks as newlines, tabs
/// as tabs. Never longer than [`MAX_EXTRACTED_CHARS`] characters.
pub fn xml_to_text(xml: &str) -> String {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut rest = xml;
    let push = |out: &mut String, chars: &mut usize, text: &str| {
        for c in text.chars() {
            if *chars >= MAX_EXTRACTED_CHARS {
                return;
            }
            out.push(c);
            *chars += 1;
        }
    };
    while !rest.is_empty() && chars < MAX_EXTRACTED_CHARS {
        match rest.find('<') {
            Some(start) => {
                push(&mut out, &mut chars, &decode_entities(&rest[..start]));
                let after = &rest[start..];
                let Some(end) = after.find('>') else {
                    break;
                };
                let tag = &after[1..end];
                let name = tag
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default();
                let closing = tag.starts_with('/');
                let separator = match name {
                    "w:p" | "text:p" | "text:h" if closing => Some("\n"),
                    "w:br" | "w:cr" | "text:line-break" if !closing => Some("\n"),
                    "w:tab" | "text:tab" if !closing => Some("\t"),
                    "text:s" if !closing => Some(" "),
                    _ => None,
                };
                if let Some(separator) = separator {
                    push(&mut out, &mut chars, separator);
                }
                rest = &after[end + 1..];
            }
            None => {
                push(&mut out, &mut chars, &decode_entities(rest));
                break;
            }
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        // Entities are short: a lone `&` does not send the search to the end of the text.
        let semicolon = after.bytes().take(12).position(|b| b == b';');
        let decoded = semicolon.and_then(|end| {
            let entity = &after[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let code = if let Some(hex) = entity
                        .strip_prefix("#x")
                        .or_else(|| entity.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        entity.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A file name as stored and shown (`openasp_core::text::safe_file_name`), with the extension
/// of its real type.
pub fn sanitize_file_name(name: &str, kind: FileType) -> String {
    openasp_core::text::safe_file_name(
        name,
        Some(kind.extension()),
        MAX_FILE_NAME_CHARS,
        "csatolmany",
    )
}

/// The `Content-Disposition` of a download: an ASCII fallback name and the exact UTF-8 one.
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String = openasp_core::text::fold_for_search(file_name)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' && c != ';' && c != '%' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in file_name.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(byte as char)
            }
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Whether `text` is a SHA-256 in lower-case hex (the only names the blob store accepts).
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn odt() -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.resize(30, 0);
        bytes.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        bytes.extend_from_slice(b"PK\x03\x04 content.xml");
        bytes
    }

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(detect_type(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(
            detect_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(FileType::Png)
        );
        assert_eq!(detect_type(&[0xff, 0xd8, 0xff, 0xe0]), Some(FileType::Jpeg));
        assert_eq!(detect_type(b"II*\0\x08\0\0\0"), Some(FileType::Tiff));
        assert_eq!(detect_type(b"MM\0*\0\0\0\x08"), Some(FileType::Tiff));
        assert_eq!(
            detect_type("Tisztelt Hivatal!\r\n\tKérem…".as_bytes()),
            Some(FileType::Text)
        );
        assert_eq!(detect_type(&odt()), Some(FileType::Odt));
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml....";
        assert_eq!(detect_type(docx), Some(FileType::Docx));
        // A renamed executable, an arbitrary ZIP, binary junk: refused whatever their names.
        assert_eq!(detect_type(b"MZ\x90\0\x03\0\0\0"), None);
        assert_eq!(detect_type(b"PK\x03\x04 evil.exe"), None);
        assert_eq!(detect_type(b"text\0with nul"), None);
        assert_eq!(detect_type(&[0xc3, 0x28]), None, "invalid UTF-8");
    }

    #[test]
    fn size_and_emptiness_are_checked() {
        assert_eq!(check_upload(b""), Err(FileRefused::Empty));
        let big = vec![b'a'; MAX_ATTACHMENT_BYTES + 1];
        assert_eq!(check_upload(&big), Err(FileRefused::TooLarge));
        assert_eq!(check_upload(b"%PDF-1.4"), Ok(FileType::Pdf));
    }

    #[test]
    fn text_is_extracted_from_plain_text_only() {
        assert_eq!(
            extract_text(FileType::Text, "\u{feff}Kérelem".as_bytes()).as_deref(),
            Some("Kérelem")
        );
        assert_eq!(extract_text(FileType::Text, b"  \n"), None);
        assert_eq!(extract_text(FileType::Pdf, b"%PDF-1.4"), None);
        let long = "a".repeat(MAX_EXTRACTED_CHARS + 10);
        assert_eq!(
            extract_text(FileType::Text, long.as_bytes()).map(|t| t.chars().count()),
            Some(MAX_EXTRACTED_CHARS)
        );
    }

    #[test]
    fn docx_xml_keeps_the_text_with_paragraphs_as_lines() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Tisztelt</w:t></w:r><w:r><w:t xml:space="preserve"> Hivatal!</w:t></w:r></w:p><w:p><w:r><w:t>A &amp; B &lt;C&gt; &#337;&#x151;</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            xml_to_text(xml),
            "\nTisztelt Hivatal!\nA & B <C> őő\tx\ny\n"
        );
    }

    #[test]
    fn odt_xml_keeps_the_text_with_paragraphs_as_lines() {
        let xml = r#"<office:document-content><office:body><office:text><text:h text:outline-level="1">Kérelem</text:h><text:p>Első<text:s/>sor<text:line-break/>második &amp; &bogus; sor</text:p></office:text></office:body></office:document-content>"#;
        assert_eq!(
            xml_to_text(xml),
            "Kérelem\nElső sor\nmásodik & &bogus; sor\n"
        );
        assert_eq!(xml_to_text("<a>unterminated <b"), "unterminated ");
        let huge = format!("<w:p>{}</w:p>", "é".repeat(MAX_EXTRACTED_CHARS + 5));
        assert_eq!(xml_to_text(&huge).chars().count(), MAX_EXTRACTED_CHARS);
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(
            sanitize_file_name("C:\\Users\\x\\kérelem.pdf", FileType::Pdf),
            "kérelem.pdf"
        );
        assert_eq!(
            sanitize_file_name("../../etc/passwd", FileType::Text),
            "passwd.txt"
        );
        assert_eq!(
            sanitize_file_name("számla.exe", FileType::Pdf),
            "számla.pdf",
            "the real type decides the extension"
        );
        assert_eq!(sanitize_file_name("", FileType::Png), "csatolmany.png");
        assert_eq!(sanitize_file_name("\"a\r\nb\".", FileType::Png), "ab.png");
        assert_eq!(
            content_disposition("kérelem 1.pdf"),
            "attachment; filename=\"kerelem_1.pdf\"; filename*=UTF-8''k%C3%A9relem%201.pdf"
        );
    }

    #[test]
    fn blob_names_are_hashes_only() {
        assert!(is_sha256_hex(&"ab".repeat(32)));
        assert!(!is_sha256_hex(&"AB".repeat(32)));
        assert!(!is_sha256_hex("../../etc/passwd"));
    }

    proptest! {
        #[test]
        fn sanitized_names_are_harmless(name in "\\PC{0,300}", pick in 0usize..7) {
            let kinds = [FileType::Pdf, FileType::Png, FileType::Jpeg, FileType::Tiff, FileType::Text, FileType::Docx, FileType::Odt];
            let kind = kinds[pick];
            let safe = sanitize_file_name(&name, kind);
            prop_assert!(!safe.contains(['/', '\\', '"']));
            prop_assert!(!safe.chars().any(char::is_control));
            let suffix = format!(".{}", kind.extension());
            prop_assert!(safe.ends_with(&suffix));
            prop_assert!(safe.chars().count() <= MAX_FILE_NAME_CHARS + 5);
            let header = content_disposition(&safe);
            prop_assert!(header.is_ascii());
            prop_assert!(!header.contains(['\r', '\n']));
        }

        #[test]
        fn xml_to_text_never_panics(xml in "\\PC{0,300}") {
            let _ = xml_to_text(&xml);
        }

        #[test]
        fn detection_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = detect_type(&bytes);
        }
    }
}
