//! A small PDF writer for printed registers: A4 pages of text lines and table rows in one
//! embedded TrueType font (DejaVu Sans, which has every Hungarian letter, ő and ű included).
//!
//! The font is embedded whole as a CID font (Identity-H, glyph ids in the text), with a
//! ToUnicode map so that the text can be searched and copied. Content streams are left
//! uncompressed; only the font program is deflated.
use std::collections::BTreeMap;
use std::io::Write;

use ttf_parser::Face;

/// DejaVu Sans (Bitstream Vera licence, see fonts/DejaVuSans-LICENSE.txt).
const FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const FONT_NAME: &str = "DejaVuSans";

pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 40.0;
const LINE_GAP: f32 = 1.35;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font cannot be read: {0}")]
    Font(String),
    #[error("writing the document failed: {0}")]
    Io(#[from] std::io::Error),
}

/// One cell of a table row: where it starts, how wide it may be, what it says.
pub struct Cell<'a> {
    pub x: f32,
    pub width: f32,
    pub text: &'a str,
}

/// A document being written, page by page, top to bottom.
pub struct PdfWriter {
    face: Face<'static>,
    /// Font units to text space (thousandths of the font size).
    scale: f32,
    title: String,
    pages: Vec<Vec<u8>>,
    current: Vec<u8>,
    /// The baseline of the next line.
    y: f32,
    /// Glyphs used, with the character each stands for (for the widths and ToUnicode).
    used: BTreeMap<u16, char>,
    /// Drawn at the top of every page after the first (a table's column headings).
    running_header: Vec<(f32, f32, String)>,
    running_header_size: f32,
}

impl PdfWriter {
    pub fn new(title: &str) -> Result<PdfWriter, PdfError> {
        let face = Face::parse(FONT, 0).map_err(|e| PdfError::Font(e.to_string()))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        Ok(PdfWriter {
            face,
            scale,
            title: title.to_owned(),
            pages: Vec::new(),
            current: Vec::new(),
            y: PAGE_HEIGHT - MARGIN,
            used: BTreeMap::new(),
            running_header: Vec::new(),
            running_header_size: 8.0,
        })
    }

    fn glyph(&self, c: char) -> (u16, f32) {
        let id = self
            .face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .map(|g| g.0)
            .unwrap_or(0);
        let advance = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .map(|a| f32::from(a) * self.scale)
            .unwrap_or(500.0);
        (id, advance)
    }

    /// The width of `text` at `size` points.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size / 1000.0
    }

    /// `text`, shortened with an ellipsis to fit `width`.
    pub fn fit(&self, text: &str, size: f32, width: f32) -> String {
        if self.text_width(text, size) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        let ellipsis = self.text_width("…", size);
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.glyph(c).1 * size / 1000.0;
            if used + w + ellipsis > width {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out
    }

    fn hex(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 4);
        for c in text.chars().filter(|c| !c.is_control()) {
            let (id, _) = self.glyph(c);
            self.used.entry(id).or_insert(c);
            out.push_str(&format!("{id:04X}"));
        }
        out
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let hex = self.hex(text);
        let _ = writeln!(
            self.current,
            "BT /F1 {size:.1} Tf {x:.2} {y:.2} Td <{hex}> Tj ET"
        );
    }

    fn new_page(&mut self) {
        let page = std::mem::take(&mut self.current);
        self.pages.push(page);
        self.y = PAGE_HEIGHT - MARGIN;
        if !self.running_header.is_empty() {
            let header = std::mem::take(&mut self.running_header);
            let size = self.running_header_size;
            self.y -= size;
            for (x, _, text) in &header {
                self.text_at(*x, self.y, size, text);
            }
            self.y -= size * 0.5;
            self.rule();
            self.y -= size * LINE_GAP;
            self.running_header = header;
        }
    }

    /// Starts a new page unless `height` points still fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            self.new_page();
        }
    }

    /// A paragraph at `size` points, wrapped at word boundaries to the text width.
    pub fn paragraph(&mut self, size: f32, text: &str) {
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let mut line = String::new();
        let mut lines = Vec::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.text_width(&candidate, size) > width && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        for line in lines {
            self.ensure(size * LINE_GAP);
            self.y -= size;
            let fitted = self.fit(&line, size, width);
            self.text_at(MARGIN, self.y, size, &fitted);
            self.y -= size * (LINE_GAP - 1.0);
        }
    }

    /// One table row; every cell is cut to its width.
    pub fn row(&mut self, size: f32, cells: &[Cell<'_>]) {
        self.ensure(size * LINE_GAP);
        self.y -= size;
        for cell in cells {
            let fitted = self.fit(cell.text, size, cell.width);
            self.text_at(cell.x, self.y, size, &fitted);
        }
        self.y -= size * (LINE_GAP - 1.0);
    }

    /// A table's column headings: drawn now, underlined, and again atop every later page.
    pub fn table_header(&mut self, size: f32, cells: &[Cell<'_>]) {
        self.row(size, cells);
        self.y += size * (LINE_GAP - 1.0);
        self.y -= size * 0.5;
        self.rule();
        self.y -= size * (LINE_GAP - 1.0);
        self.running_header = cells
            .iter()
            .map(|c| (c.x, c.width, c.text.to_owned()))
            .collect();
        self.running_header_size = size;
    }

    /// Ends the running table header (what follows is not part of the table).
    pub fn end_table(&mut self) {
        self.running_header.clear();
    }

    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A thin horizontal line across the text width.
    pub fn rule(&mut self) {
        let _ = writeln!(
            self.current,
            "0.5 w {MARGIN:.2} {y:.2} m {x2:.2} {y:.2} l S",
            y = self.y,
            x2 = PAGE_WIDTH - MARGIN
        );
    }

    /// The finished document.
    pub fn finish(mut self) -> Result<Vec<u8>, PdfError> {
        if !self.current.is_empty() || self.pages.is_empty() {
            let page = std::mem::take(&mut self.current);
            self.pages.push(page);
        }
        // Page numbers, now that their count is known.
        let count = self.pages.len();
        for i in 0..count {
            let label = format!("{} / {count}", i + 1);
            let width = self.text_width(&label, 8.0);
            let hex = self.hex(&label);
            if let Some(page) = self.pages.get_mut(i) {
                let _ = writeln!(
                    page,
                    "BT /F1 8.0 Tf {:.2} {:.2} Td <{hex}> Tj ET",
                    PAGE_WIDTH - MARGIN - width,
                    MARGIN - 16.0
                );
            }
        }
        let mut out = Objects::default();
        out.bytes
            .extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");

        let first_page = 9;
        let kids: Vec<String> = (0..count)
            .map(|i| format!("{} 0 R", first_page + 2 * i))
            .collect();
        out.object(1, b"<< /Type /Catalog /Pages 2 0 R >>");
        out.object(
            2,
            format!(
                "<< /Type /Pages /Kids [{}] /Count {count} >>",
                kids.join(" ")
            )
            .as_bytes(),
        );
        out.object(
            3,
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{FONT_NAME} /Encoding /Identity-H \
                 /DescendantFonts [4 0 R] /ToUnicode 7 0 R >>"
            )
            .as_bytes(),
        );
        let widths: Vec<String> = self
            .used
            .keys()
            .map(|&id| {
                let (_, w) = self.glyph_by_id(id);
                format!("{id} [{w:.0}]")
            })
            .collect();
        out.object(
            4,
            format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{FONT_NAME} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor 5 0 R /CIDToGIDMap /Identity /DW 1000 /W [{}] >>",
                widths.join(" ")
            )
            .as_bytes(),
        );
        let bbox = self.face.global_bounding_box();
        let s = self.scale;
        out.object(
            5,
            format!(
                "<< /Type /FontDescriptor /FontName /{FONT_NAME} /Flags 32 \
                 /FontBBox [{:.0} {:.0} {:.0} {:.0}] /ItalicAngle 0 /Ascent {:.0} \
                 /Descent {:.0} /CapHeight {:.0} /StemV 80 /FontFile2 6 0 R >>",
                f32::from(bbox.x_min) * s,
                f32::from(bbox.y_min) * s,
                f32::from(bbox.x_max) * s,
                f32::from(bbox.y_max) * s,
                f32::from(self.face.ascender()) * s,
                f32::from(self.face.descender()) * s,
                f32::from(self.face.capital_height().unwrap_or(self.face.ascender())) * s,
            )
            .as_bytes(),
        );
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(FONT)?;
        let font = encoder.finish()?;
        out.stream(
            6,
            &format!(
                "/Filter /FlateDecode /Length1 {} /Length {}",
                FONT.len(),
                font.len()
            ),
            &font,
        );
        let cmap = self.to_unicode();
        out.stream(7, &format!("/Length {}", cmap.len()), cmap.as_bytes());
        out.object(
            8,
            format!(
                "<< /Title {} /Producer (openasp) >>",
                utf16_hex_string(&self.title)
            )
            .as_bytes(),
        );
        for (i, content) in self.pages.iter().enumerate() {
            let page = first_page + 2 * i;
            out.object(
                page,
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH:.0} {PAGE_HEIGHT:.0}] \
                     /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                    page + 1
                )
                .as_bytes(),
            );
            out.stream(page + 1, &format!("/Length {}", content.len()), content);
        }
        Ok(out.finish(first_page + 2 * count))
    }

    fn glyph_by_id(&self, id: u16) -> (u16, f32) {
        let advance = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .map(|a| f32::from(a) * self.scale)
            .unwrap_or(500.0);
        (id, advance)
    }

    fn to_unicode(&self) -> String {
        let mut out = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let pairs: Vec<(&u16, &char)> = self.used.iter().collect();
        for chunk in pairs.chunks(100) {
            out.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (id, c) in chunk {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                out.push_str(&format!("<{id:04X}> <{hex}>\n"));
            }
            out.push_str("endbfchar\n");
        }
        out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        out
    }
}

/// A PDF text string in UTF-16BE (with its byte-order mark), which holds any letter.
fn utf16_hex_string(text: &str) -> String {
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<FEFF{hex}>")
}

/// The body of the file with the byte offset of every object, for the cross-reference table.
#[derive(Default)]
struct Objects {
    bytes: Vec<u8>,
    offsets: BTreeMap<usize, usize>,
}

impl Objects {
    fn object(&mut self, number: usize, body: &[u8]) {
        self.offsets.insert(number, self.bytes.len());
        self.bytes
            .extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        self.bytes.extend_from_slice(body);
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, number: usize, dictionary: &str, data: &[u8]) {
        self.offsets.insert(number, self.bytes.len());
        self.bytes
            .extend_from_slice(format!("{number} 0 obj\n<< {dictionary} >>\nstream\n").as_bytes());
        self.bytes.extend_from_slice(data);
        self.bytes.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn finish(mut self, size: usize) -> Vec<u8> {
        let xref = self.bytes.len();
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for number in 1..size {
            let offset = self.offsets.get(&number).copied().unwrap_or(0);
            table.push_str(&format!("{offset:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {size} /Root 1 0 R /Info 8 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        self.bytes.extend_from_slice(table.as_bytes());
        self.bytes
    }
}

/// The text a PDF reader extracts from a document written here (its ToUnicode map applied
/// to every shown string), line by line. For tests and for checking a print.
pub fn extract_text(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let mut map = BTreeMap::new();
    if let Some(start) = text.find("beginbfchar") {
        for line in text[start..].lines() {
            let parts: Vec<&str> = line
                .split(['<', '>', ' '])
                .filter(|p| !p.is_empty())
                .collect();
            if let [id, unicode] = parts.as_slice()
                && let (Ok(id), Ok(unit)) = (
                    u16::from_str_radix(id, 16),
                    u32::from_str_radix(unicode, 16),
                )
                && let Some(c) = char::from_u32(unit)
            {
                map.insert(id, c);
            }
            if line.starts_with("endcmap") {
                break;
            }
        }
    }
    let mut out = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_suffix("> Tj ET")
            && let Some(start) = rest.rfind('<')
        {
            let hex = &rest[start + 1..];
            let decoded: String = (0..hex.len() / 4)
                .filter_map(|i| u16::from_str_radix(hex.get(i * 4..i * 4 + 4)?, 16).ok())
                .filter_map(|id| map.get(&id).copied())
                .collect();
            out.push_str(&decoded);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hungarian_text_survives_the_round_trip() {
        let mut pdf = PdfWriter::new("Árvíztűrő tükörfúrógép").unwrap();
        pdf.paragraph(12.0, "Árvíztűrő tükörfúrógép – ŐŰ őű");
        pdf.table_header(
            8.0,
            &[
                Cell {
                    x: MARGIN,
                    width: 100.0,
                    text: "Iktatószám",
                },
                Cell {
                    x: 150.0,
                    width: 200.0,
                    text: "Tárgy",
                },
            ],
        );
        for i in 0..200 {
            let number = format!("{i}-1/2026");
            pdf.row(
                8.0,
                &[
                    Cell {
                        x: MARGIN,
                        width: 100.0,
                        text: &number,
                    },
                    Cell {
                        x: 150.0,
                        width: 60.0,
                        text: "Nagyon hosszú tárgy, amely nem fér ki az oszlopban",
                    },
                ],
            );
        }
        let bytes = pdf.finish().unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        assert!(bytes.ends_with(b"%%EOF\n"));
        let text = extract_text(&bytes);
        assert!(text.contains("Árvíztűrő tükörfúrógép – ŐŰ őű"), "{text}");
        assert!(text.contains("199-1/2026"));
        assert!(
            text.contains("Nagyon h") && text.contains("…\n") && !text.contains("az oszlopban"),
            "cells are cut to width: {text}"
        );
        // 200 rows need several pages, each with the column headings and its number.
        let pages = text.matches("Iktatószám").count();
        assert!(pages >= 3, "{pages}");
        assert!(text.contains(&format!("{pages} / {pages}")));
        // Every object the cross-reference table names starts where it says.
        let body = String::from_utf8_lossy(&bytes);
        let xref = body.rfind("xref\n").unwrap();
        for (number, line) in body[xref..]
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n "))
            .enumerate()
        {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                bytes[offset..].starts_with(format!("{} 0 obj", number + 1).as_bytes()),
                "object {}",
                number + 1
            );
        }
    }

    #[test]
    fn the_font_has_every_hungarian_letter() {
        let pdf = PdfWriter::new("").unwrap();
        for c in "aábcdeéfghiíjklmnoóöőpqrstuúüűvwxyzAÁEÉIÍOÓÖŐUÚÜŰ".chars() {
            assert!(pdf.face.glyph_index(c).is_some(), "{c}");
        }
    }
}
