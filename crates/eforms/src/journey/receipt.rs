//! The PDF receipt of a submission: what was submitted, when, under which registry number.
use super::html::answer_rows;
use crate::domain::eval::visibility;
use crate::domain::language::{Answers, FormDefinition};
use openasp_core::error::AppError;
use openasp_core::pdf::PdfWriter;

pub fn receipt_pdf(
    site_name: &str,
    definition: &FormDefinition,
    answers: &Answers,
    registry_number: &str,
    submitted_at: &str,
    citizen_name: &str,
) -> Result<Vec<u8>, AppError> {
    let title = format!("{} – {}", definition.title, registry_number);
    let mut pdf = PdfWriter::new(&title).map_err(AppError::internal)?;
    pdf.paragraph(9.0, &format!("{site_name} – elektronikus ügyintézés"));
    pdf.paragraph(15.0, "Igazolás elektronikus beadványról");
    pdf.gap(6.0);
    pdf.paragraph(11.0, &format!("Űrlap: {}", definition.title));
    pdf.paragraph(11.0, &format!("Iktatószám: {registry_number}"));
    pdf.paragraph(11.0, &format!("Beküldve: {submitted_at}"));
    pdf.paragraph(11.0, &format!("Beküldő: {citizen_name}"));
    pdf.gap(6.0);
    pdf.rule();
    let shown = visibility(definition, answers);
    for (_, page_title, rows) in answer_rows(definition, answers, &shown) {
        pdf.gap(6.0);
        pdf.paragraph(12.0, &page_title);
        for (_, label, text) in rows {
            pdf.paragraph(9.0, &format!("{label}: {text}"));
        }
    }
    pdf.gap(10.0);
    pdf.rule();
    pdf.paragraph(
        8.0,
        "Ezt az igazolást a rendszer a beküldött adatokból készítette. A beadványt az \
         önkormányzat a fenti iktatószámon nyilvántartja.",
    );
    pdf.finish().map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::language::Answer;
    use crate::domain::templates::seed_templates;
    use openasp_core::pdf::extract_text;

    #[test]
    fn the_receipt_names_the_form_the_number_and_the_answers() {
        let template = seed_templates().into_iter().next().expect("a template");
        let definition = template.definition;
        let first = definition.pages[0].sections[0].fields[0].clone();
        let mut answers = Answers::new();
        answers.insert(
            first.id.clone(),
            Answer::Text("Árvíztűrő tükörfúrógép".into()),
        );
        let pdf = receipt_pdf(
            "Gödöllő",
            &definition,
            &answers,
            "EF/12-1/2026",
            "2026-11-22 10:00 UTC",
            "Kiss Anna",
        )
        .expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = extract_text(&pdf);
        assert!(text.contains("EF/12-1/2026"), "{text}");
        assert!(text.contains("Kiss Anna"), "{text}");
        assert!(text.contains(&definition.title), "{text}");
    }
}
