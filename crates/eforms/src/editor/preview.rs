//! A form definition rendered read-only for its editor: pages, sections and questions, with
//! each question's kind, whether it is required, its hint and its condition in words.
use leptos::prelude::*;

use crate::domain::language::{Field, FieldKind, FormDefinition};
use crate::export::{condition_words, kind_name, labels};

fn field_item(field: &Field, label_of: &dyn Fn(&str) -> String) -> AnyView {
    let condition = field.show_if.as_ref().map(|c| {
        format!(
            "Csak akkor jelenik meg, ha {}.",
            condition_words(c, label_of)
        )
    });
    let options = match &field.kind {
        FieldKind::Choice { options, .. } => Some(
            options
                .iter()
                .map(|o| o.label.clone())
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        FieldKind::File {
            max_count, accept, ..
        } => Some(format!(
            "legfeljebb {max_count} fájl: {}",
            accept.join(", ")
        )),
        _ => None,
    };
    let inner = match &field.kind {
        FieldKind::Group { fields, .. } => Some(
            fields
                .iter()
                .map(|f| field_item(f, label_of))
                .collect::<Vec<_>>(),
        ),
        _ => None,
    };
    view! {
        <li class="preview-field" data-field=field.id.clone()>
            <span class="preview-field__label">{field.label.clone()}</span>
            " "
            <span class="preview-field__kind">
                {format!(
                    "({}{})",
                    kind_name(&field.kind),
                    if field.required { ", kötelező" } else { ", nem kötelező" },
                )}
            </span>
            {field.hint.clone().map(|h| view! { <p class="field__hint">{h}</p> })}
            {options.map(|o| view! { <p class="preview-field__options">{o}</p> })}
            {condition.map(|c| view! { <p class="preview-field__condition">{c}</p> })}
            {inner.map(|items| view! { <ul class="preview-fields">{items}</ul> })}
        </li>
    }
    .into_any()
}

/// The read-only preview of a whole form.
#[component]
pub fn FormPreview(definition: FormDefinition) -> impl IntoView {
    let labels = labels(&definition);
    let label_of = move |id: &str| labels.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let pages = definition
        .pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let condition = page.show_if.as_ref().map(|c| {
                format!(
                    "Ez az oldal csak akkor jelenik meg, ha {}.",
                    condition_words(c, &label_of)
                )
            });
            let sections = page
                .sections
                .iter()
                .map(|section| {
                    let fields = section
                        .fields
                        .iter()
                        .map(|f| field_item(f, &label_of))
                        .collect::<Vec<_>>();
                    view! {
                        <div class="preview-section">
                            {section.title.clone().map(|t| view! { <h4>{t}</h4> })}
                            <ul class="preview-fields">{fields}</ul>
                        </div>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <section class="preview-page">
                    <h3>{format!("{}. oldal: {}", index + 1, page.title)}</h3>
                    {page.guidance.clone().map(|g| view! { <p class="field__hint">{g}</p> })}
                    {condition.map(|c| view! { <p class="preview-field__condition">{c}</p> })}
                    {sections}
                </section>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="form-preview">
            <h2>{definition.title.clone()}</h2>
            {definition.guidance.clone().map(|g| view! { <p class="form-preview__guidance">{g}</p> })}
            {pages}
        </div>
    }
}
