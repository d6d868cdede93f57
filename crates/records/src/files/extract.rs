//! Text extraction from attachments (server only), so that full-text search finds documents by
//! their content: plain text, PDF (`pdf-extract`) and the XML of DOCX and ODT (read from the ZIP).
//! Parsing runs off the async runtime, a panic or a time-out of a parser is caught, and the text
//! is capped: a file we cannot read is stored without text, never refused.
use std::io::Read;
use std::time::Duration;

use super::domain::{FileType, cap_text, extract_text as extract_plain_text, xml_to_text};

/// The most decompressed XML read from a DOCX or ODT (guards against ZIP bombs).
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// How long a parser may take before the upload goes on without the text.
const EXTRACTION_TIMEOUT: Duration = Duration::from_secs(30);

/// The text of an attachment for search, or `None` when it has none or cannot be read.
pub async fn extract_text(kind: FileType, bytes: Vec<u8>) -> Option<String> {
    match kind {
        FileType::Text => extract_plain_text(kind, &bytes),
        FileType::Pdf | FileType::Docx | FileType::Odt => {
            let task = tokio::task::spawn_blocking(move || extract_blocking(kind, &bytes));
            match tokio::time::timeout(EXTRACTION_TIMEOUT, task).await {
                Ok(Ok(text)) => text,
                Ok(Err(error)) => {
                    tracing::warn!(%error, "text extraction failed");
                    None
                }
                Err(_) => {
                    tracing::warn!(?kind, "text extraction timed out");
                    None
                }
            }
        }
        FileType::Png | FileType::Jpeg | FileType::Tiff => None,
    }
}

/// The blocking part: parses `bytes`, catching a parser's panic.
pub fn extract_blocking(kind: FileType, bytes: &[u8]) -> Option<String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
        FileType::Pdf => pdf_extract::extract_text_from_mem(bytes)
            .ok()
            .and_then(|text| cap_text(&text)),
        FileType::Docx => zip_xml(bytes, "word/document.xml").and_then(|xml| cap_text(&xml)),
        FileType::Odt => zip_xml(bytes, "content.xml").and_then(|xml| cap_text(&xml)),
        other => extract_plain_text(other, bytes),
    }));
    result.unwrap_or_else(|_| {
        tracing::warn!(?kind, "text extraction panicked");
        None
    })
}

/// The text of the XML part `name` of a ZIP file.
fn zip_xml(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = archive.by_name(name).ok()?;
    let mut xml = Vec::new();
    entry.take(MAX_XML_BYTES).read_to_end(&mut xml).ok()?;
    Some(xml_to_text(&String::from_utf8_lossy(&xml)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A one-page PDF showing `word` in Helvetica, with an uncompressed content stream.
    fn pdf(word: &str) -> Vec<u8> {
        let content = format!("BT /F1 12 Tf 72 720 Td ({word}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn zip_file(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, content) in entries {
            let method = if *name == "mimetype" {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            writer.start_file(*name, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn pdf_docx_and_odt_give_their_text() {
        let text = extract_blocking(FileType::Pdf, &pdf("Kutyaszorito")).unwrap();
        assert!(text.contains("Kutyaszorito"), "{text:?}");

        let docx = zip_file(&[
            ("[Content_Types].xml", "<Types/>"),
            (
                "word/document.xml",
                "<w:document><w:body><w:p><w:r><w:t>Macskaj&#225;t&#233;k</w:t></w:r></w:p></w:body></w:document>",
            ),
        ]);
        assert_eq!(
            super::super::domain::detect_type(&docx),
            Some(FileType::Docx)
        );
        assert_eq!(
            extract_blocking(FileType::Docx, &docx).as_deref(),
            Some("Macskajáték\n")
        );

        let odt = zip_file(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                "<office:text><text:p>Egérfogó</text:p></office:text>",
            ),
        ]);
        assert_eq!(super::super::domain::detect_type(&odt), Some(FileType::Odt));
        assert_eq!(
            extract_blocking(FileType::Odt, &odt).as_deref(),
            Some("Egérfogó\n")
        );
    }

    #[test]
    fn unreadable_files_give_no_text() {
        assert_eq!(extract_blocking(FileType::Pdf, b"%PDF-1.4 garbage"), None);
        assert_eq!(
            extract_blocking(FileType::Docx, b"PK\x03\x04 not a zip"),
            None
        );
        assert_eq!(extract_blocking(FileType::Odt, b""), None);
    }
}
