//! The operator's form builder (`/ugyintezo/urlapok/sablonok/:code`): edits a central
//! template's definition and publishes it as a new version with a change note.
//!
//! Built for large forms (150+ questions): the definition lives in one non-reactive store;
//! the outline (a keyed list of pages and questions) re-renders only when its structure or a
//! label changes, never per keystroke; one question at a time is edited in the side panel,
//! whose inputs write to a draft that is applied with a button. `FormDefinition::problems()`
//! checks the whole definition before saving (in the browser, then again on the server).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::get_template_definition;
use crate::api::PublishTemplateVersion;
use crate::domain::language::{
    ChoiceOption, Condition, DateRange, Field, FieldKind, FormDefinition, FormPage, Section,
};
use crate::export::{condition_words, kind_name, labels};
use openasp_ui::components::ErrorNotice;
use openasp_ui::forms::{ErrorSummary, action_error};

/// Where a question sits: page, section, index in the section.
type At = (usize, usize, usize);

const KINDS: &[(&str, &str)] = &[
    ("text", "Szöveg"),
    ("number", "Szám"),
    ("date", "Dátum"),
    ("choice", "Választás"),
    ("yes_no", "Igen/nem"),
    ("address", "Cím"),
    ("tax_id", "Adóazonosító jel"),
    ("tax_number", "Adószám"),
    ("email", "E-mail-cím"),
    ("phone", "Telefonszám"),
    ("bank_account", "Bankszámlaszám"),
    ("file", "Fájl"),
];

fn kind_code(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text { .. } => "text",
        FieldKind::Number { .. } => "number",
        FieldKind::Date { .. } => "date",
        FieldKind::Choice { .. } => "choice",
        FieldKind::YesNo => "yes_no",
        FieldKind::Address => "address",
        FieldKind::TaxId => "tax_id",
        FieldKind::TaxNumber => "tax_number",
        FieldKind::Email => "email",
        FieldKind::Phone => "phone",
        FieldKind::BankAccount => "bank_account",
        FieldKind::Group { .. } => "group",
        FieldKind::File { .. } => "file",
    }
}

/// A new kind with its default settings.
fn default_kind(code: &str) -> FieldKind {
    match code {
        "number" => FieldKind::Number {
            min: None,
            max: None,
            decimals: 0,
            unit: None,
        },
        "date" => FieldKind::Date {
            range: DateRange::Any,
        },
        "choice" => FieldKind::Choice {
            options: vec![
                ChoiceOption {
                    value: "igen".into(),
                    label: "Igen".into(),
                },
                ChoiceOption {
                    value: "nem".into(),
                    label: "Nem".into(),
                },
            ],
            multiple: false,
        },
        "yes_no" => FieldKind::YesNo,
        "address" => FieldKind::Address,
        "tax_id" => FieldKind::TaxId,
        "tax_number" => FieldKind::TaxNumber,
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "bank_account" => FieldKind::BankAccount,
        "file" => FieldKind::File {
            max_count: 1,
            max_bytes: 5 * 1024 * 1024,
            accept: vec!["application/pdf".into()],
        },
        _ => FieldKind::Text {
            multiline: false,
            min_length: None,
            max_length: None,
        },
    }
}

/// Choice options as lines of `value=label`.
fn options_text(options: &[ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| format!("{}={}", o.value, o.label))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_options(text: &str) -> Vec<ChoiceOption> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.split_once('=') {
            Some((value, label)) => ChoiceOption {
                value: value.trim().to_owned(),
                label: label.trim().to_owned(),
            },
            None => ChoiceOption {
                value: line.to_owned(),
                label: line.to_owned(),
            },
        })
        .collect()
}

fn field_at(definition: &FormDefinition, at: At) -> Option<&Field> {
    definition
        .pages
        .get(at.0)?
        .sections
        .get(at.1)?
        .fields
        .get(at.2)
}

/// One line of the outline.
#[derive(Debug, Clone, PartialEq)]
struct OutlineRow {
    key: String,
    at: Option<At>,
    text: String,
}

fn outline(definition: &FormDefinition) -> Vec<OutlineRow> {
    let mut rows = Vec::new();
    for (p, page) in definition.pages.iter().enumerate() {
        rows.push(OutlineRow {
            key: format!("page:{}", page.id),
            at: None,
            text: format!("{}. oldal: {}", p + 1, page.title),
        });
        for (s, section) in page.sections.iter().enumerate() {
            for (f, field) in section.fields.iter().enumerate() {
                rows.push(OutlineRow {
                    key: format!("field:{}:{}", field.id, field.label),
                    at: Some((p, s, f)),
                    text: format!(
                        "{}{} ({})",
                        field.label,
                        if field.required { " *" } else { "" },
                        kind_name(&field.kind)
                    ),
                });
            }
        }
    }
    rows
}

/// The builder page.
#[component]
pub fn TemplateBuilderPage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let loaded = Resource::new(move || code.get(), get_template_definition);
    view! {
        <Title text="Sablonszerkesztő" />
        <p>
            <a href="/ugyintezo/urlapok">"← Vissza az e-űrlapokhoz"</a>
        </p>
        <Suspense fallback=move || view! { <p class="loading">"Betöltés…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(template) => match serde_json::from_str::<FormDefinition>(&template.definition_json) {
                        Ok(definition) => view! {
                            <Builder code=template.code version=template.version definition />
                        }.into_any(),
                        Err(_) => view! { <p role="alert">"A sablon definíciója nem olvasható."</p> }.into_any(),
                    },
                }
            })}
        </Suspense>
    }
}

#[component]
fn Builder(code: String, version: i32, definition: FormDefinition) -> impl IntoView {
    let store = StoredValue::new(definition);
    // Bumped when the outline must change (structure or a label); never per keystroke.
    let structure = RwSignal::new(0u32);
    let selected = RwSignal::new(None::<At>);
    let problems = RwSignal::new(Vec::<String>::new());
    let publish = ServerAction::<PublishTemplateVersion>::new();
    let publish_error = action_error(publish);
    let rows = Memo::new(move |_| {
        structure.track();
        store.with_value(outline)
    });
    let field_count = Memo::new(move |_| {
        structure.track();
        store.with_value(|d| {
            d.pages
                .iter()
                .flat_map(|p| &p.sections)
                .map(|s| s.fields.len())
                .sum::<usize>()
        })
    });
    let title = store.with_value(|d| d.title.clone());

    let add_field = move |_| {
        let at = selected.get_untracked();
        let mut new_at = None;
        store.update_value(|d| {
            if d.pages.is_empty() {
                d.pages.push(FormPage {
                    id: "oldal_1".into(),
                    title: "Új oldal".into(),
                    guidance: None,
                    show_if: None,
                    sections: vec![],
                });
            }
            let (p, s) = at.map_or((d.pages.len() - 1, 0), |a| (a.0, a.1));
            let page = &mut d.pages[p];
            if page.sections.is_empty() {
                page.sections.push(Section {
                    title: None,
                    fields: vec![],
                });
            }
            let taken: std::collections::BTreeSet<String> = labels(d).into_keys().collect();
            let id = (1..)
                .map(|n| format!("uj_kerdes_{n}"))
                .find(|id| !taken.contains(id))
                .unwrap_or_default();
            let fields = &mut d.pages[p].sections[s].fields;
            let index = at.map_or(fields.len(), |a| (a.2 + 1).min(fields.len()));
            fields.insert(
                index,
                Field {
                    id,
                    label: "Új kérdés".into(),
                    hint: None,
                    required: false,
                    show_if: None,
                    kind: default_kind("text"),
                },
            );
            new_at = Some((p, s, index));
        });
        selected.set(new_at);
        structure.update(|v| *v += 1);
    };
    let add_page = move |_| {
        store.update_value(|d| {
            let n = d.pages.len() + 1;
            d.pages.push(FormPage {
                id: format!("oldal_{n}"),
                title: format!("{n}. oldal"),
                guidance: None,
                show_if: None,
                sections: vec![Section {
                    title: None,
                    fields: vec![],
                }],
            });
        });
        structure.update(|v| *v += 1);
    };

    let note = RwSignal::new(String::new());
    let save = {
        let code = code.clone();
        move |_| {
            let found: Vec<String> = store.with_value(|d| {
                d.problems()
                    .into_iter()
                    .map(|p| format!("{}: {}", p.at, p.problem))
                    .collect()
            });
            problems.set(found.clone());
            if found.is_empty() {
                let definition = store.with_value(|d| serde_json::to_string(d).unwrap_or_default());
                publish.dispatch(PublishTemplateVersion {
                    code: code.clone(),
                    definition,
                    note: note.get_untracked(),
                });
            }
        }
    };
    let json_text = RwSignal::new(String::new());
    let json_problem = RwSignal::new(None::<String>);
    let show_json = move |_| {
        json_text.set(store.with_value(|d| serde_json::to_string_pretty(d).unwrap_or_default()));
    };
    let apply_json =
        move |_| match serde_json::from_str::<FormDefinition>(&json_text.get_untracked()) {
            Ok(d) => {
                store.set_value(d);
                selected.set(None);
                json_problem.set(None);
                structure.update(|v| *v += 1);
            }
            Err(e) => json_problem.set(Some(format!("A JSON nem olvasható: {e}"))),
        };

    view! {
        <h1>{format!("Sablonszerkesztő: {title}")}</h1>
        <p class="state-line">
            {format!("Központi sablon: {code} · legutóbb közzétett változat: {version}. · ")}
            <span id="field-count">{move || format!("{} kérdés", field_count.get())}</span>
        </p>
        <ErrorSummary error=publish_error />
        {move || {
            let list = problems.get();
            (!list.is_empty()).then(|| view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2 class="error-summary__title">"A definíció hibás, így nem tehető közzé"</h2>
                    <ul class="error-summary__list">
                        {list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </div>
            })
        }}
        {move || matches!(publish.value().get(), Some(Ok(_))).then(|| {
            let v = match publish.value().get() { Some(Ok(v)) => v, _ => 0 };
            view! { <div class="success-notice" role="status">{format!("A sablon {v}. változata közzétéve.")}</div> }
        })}
        <div class="builder">
            <nav class="builder__outline" aria-label="Az űrlap kérdései">
                <ul>
                    <For each=move || rows.get() key=|row| row.key.clone() let:row>
                        {match row.at {
                            None => view! { <li class="builder__page">{row.text.clone()}</li> }.into_any(),
                            Some(at) => view! {
                                <li>
                                    <button
                                        type="button"
                                        class="button--link builder__field"
                                        aria-pressed=move || (selected.get() == Some(at)).to_string()
                                        on:click=move |_| selected.set(Some(at))
                                    >
                                        {row.text.clone()}
                                    </button>
                                </li>
                            }.into_any(),
                        }}
                    </For>
                </ul>
                <button type="button" class="button button--secondary" on:click=add_field>"Új kérdés"</button>
                " "
                <button type="button" class="button button--secondary" on:click=add_page>"Új oldal"</button>
            </nav>
            <section class="builder__panel" aria-labelledby="panel-heading">
                {move || match selected.get() {
                    None => view! {
                        <h2 id="panel-heading">"Kérdés szerkesztése"</h2>
                        <p>"Válasszon egy kérdést a listából."</p>
                    }.into_any(),
                    Some(at) => match store.with_value(|d| field_at(d, at).cloned()) {
                        None => view! { <h2 id="panel-heading">"Kérdés szerkesztése"</h2> }.into_any(),
                        Some(field) => view! {
                            <FieldPanel at field store structure selected />
                        }.into_any(),
                    },
                }}
            </section>
        </div>
        <h2>"Közzététel"</h2>
        <div class="field">
            <label for="change_note">"A változás leírása"</label>
            <input id="change_note" type="text" on:change=move |ev| note.set(event_target_value(&ev)) />
        </div>
        <button type="button" class="button" on:click=save>"Új változat közzététele"</button>
        <details class="builder__json">
            <summary on:click=show_json>"A teljes definíció JSON-ban"</summary>
            <div class="field">
                <label for="definition_json">"Definíció (JSON)"</label>
                <textarea id="definition_json" rows="20" prop:value=move || json_text.get()
                    on:change=move |ev| json_text.set(event_target_value(&ev))></textarea>
                {move || json_problem.get().map(|p| view! { <p class="field__error" role="alert">{p}</p> })}
            </div>
            <button type="button" class="button button--secondary" on:click=apply_json>"JSON alkalmazása"</button>
        </details>
    }
}

/// The side panel: one question's settings, applied to the definition with a button.
#[component]
fn FieldPanel(
    at: At,
    field: Field,
    store: StoredValue<FormDefinition>,
    structure: RwSignal<u32>,
    selected: RwSignal<Option<At>>,
) -> impl IntoView {
    let draft = RwSignal::new(field.clone());
    let options = RwSignal::new(match &field.kind {
        FieldKind::Choice { options, .. } => options_text(options),
        _ => String::new(),
    });
    let condition = RwSignal::new(
        field
            .show_if
            .as_ref()
            .and_then(|c| serde_json::to_string(c).ok())
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<String>);
    let all_labels = store.with_value(labels);
    let condition_text = move || {
        let raw = condition.get();
        if raw.trim().is_empty() {
            return "Mindig megjelenik.".to_owned();
        }
        match serde_json::from_str::<Condition>(&raw) {
            Ok(c) => {
                let label_of =
                    |id: &str| all_labels.get(id).cloned().unwrap_or_else(|| id.to_owned());
                format!(
                    "Csak akkor jelenik meg, ha {}.",
                    condition_words(&c, &label_of)
                )
            }
            Err(_) => "A feltétel nem olvasható.".to_owned(),
        }
    };
    let apply = move |_| {
        let mut field = draft.get_untracked();
        if let FieldKind::Choice { options: o, .. } = &mut field.kind {
            *o = parse_options(&options.get_untracked());
        }
        let raw = condition.get_untracked();
        field.show_if = if raw.trim().is_empty() {
            None
        } else {
            match serde_json::from_str::<Condition>(&raw) {
                Ok(c) => Some(c),
                Err(_) => {
                    problem.set(Some("A feltétel JSON-ja nem olvasható.".into()));
                    return;
                }
            }
        };
        problem.set(None);
        store.update_value(|d| {
            if let Some(slot) = d
                .pages
                .get_mut(at.0)
                .and_then(|p| p.sections.get_mut(at.1))
                .and_then(|s| s.fields.get_mut(at.2))
            {
                *slot = field;
            }
        });
        structure.update(|v| *v += 1);
    };
    let remove = move |_| {
        store.update_value(|d| {
            if let Some(section) = d.pages.get_mut(at.0).and_then(|p| p.sections.get_mut(at.1))
                && at.2 < section.fields.len()
            {
                section.fields.remove(at.2);
            }
        });
        selected.set(None);
        structure.update(|v| *v += 1);
    };
    let shift = move |up: bool| {
        let mut moved = None;
        store.update_value(|d| {
            if let Some(section) = d.pages.get_mut(at.0).and_then(|p| p.sections.get_mut(at.1)) {
                let target = if up {
                    at.2.checked_sub(1)
                } else {
                    Some(at.2 + 1)
                };
                if let Some(t) = target.filter(|t| *t < section.fields.len()) {
                    section.fields.swap(at.2, t);
                    moved = Some((at.0, at.1, t));
                }
            }
        });
        if moved.is_some() {
            selected.set(moved);
            structure.update(|v| *v += 1);
        }
    };
    let kind_options = KINDS
        .iter()
        .map(|(code, name)| {
            view! { <option value=*code selected=kind_code(&field.kind) == *code>{*name}</option> }
        })
        .collect_view();
    let is_group = matches!(field.kind, FieldKind::Group { .. });
    view! {
        <h2 id="panel-heading">{format!("Kérdés szerkesztése: {}", field.label)}</h2>
        {move || problem.get().map(|p| view! { <p class="field__error" role="alert">{p}</p> })}
        <div class="field">
            <label for="b_id">"Azonosító"</label>
            <p class="field__hint" id="b_id-hint">"Kisbetű, számjegy, aláhúzás; a válasz kulcsa."</p>
            <input id="b_id" type="text" aria-describedby="b_id-hint" value=field.id.clone()
                on:change=move |ev| draft.update(|f| f.id = event_target_value(&ev)) />
        </div>
        <div class="field">
            <label for="b_label">"Kérdés"</label>
            <input id="b_label" type="text" value=field.label.clone()
                on:change=move |ev| draft.update(|f| f.label = event_target_value(&ev)) />
        </div>
        <div class="field">
            <label for="b_hint">"Segítő szöveg"</label>
            <input id="b_hint" type="text" value=field.hint.clone().unwrap_or_default()
                on:change=move |ev| draft.update(|f| {
                    let v = event_target_value(&ev);
                    f.hint = (!v.trim().is_empty()).then_some(v);
                }) />
        </div>
        <div class="field field--checkbox">
            <input id="b_required" type="checkbox" checked=field.required
                on:change=move |ev| draft.update(|f| f.required = event_target_checked(&ev)) />
            <label for="b_required">"Kötelező"</label>
        </div>
        {(!is_group).then(|| view! {
            <div class="field">
                <label for="b_kind">"Fajta"</label>
                <select id="b_kind" on:change=move |ev| {
                    let kind = default_kind(&event_target_value(&ev));
                    if let FieldKind::Choice { options: o, .. } = &kind {
                        options.set(options_text(o));
                    }
                    draft.update(|f| f.kind = kind);
                }>{kind_options}</select>
            </div>
        })}
        {move || match draft.with(|f| kind_code(&f.kind)) {
            "choice" => view! {
                <div class="field">
                    <label for="b_options">"Lehetőségek (soronként: érték=felirat)"</label>
                    <textarea id="b_options" rows="4" prop:value=move || options.get()
                        on:change=move |ev| options.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field field--checkbox">
                    <input id="b_multiple" type="checkbox"
                        checked=draft.with_untracked(|f| matches!(f.kind, FieldKind::Choice { multiple: true, .. }))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|f| if let FieldKind::Choice { multiple, .. } = &mut f.kind { *multiple = on; });
                        } />
                    <label for="b_multiple">"Több is választható"</label>
                </div>
            }.into_any(),
            "text" => view! {
                <div class="field">
                    <label for="b_max_length">"Legfeljebb ennyi karakter"</label>
                    <input id="b_max_length" type="number" min="1"
                        value=draft.with_untracked(|f| match f.kind { FieldKind::Text { max_length, .. } => max_length.map(|m| m.to_string()).unwrap_or_default(), _ => String::new() })
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().parse().ok();
                            draft.update(|f| if let FieldKind::Text { max_length, .. } = &mut f.kind { *max_length = v; });
                        } />
                </div>
            }.into_any(),
            "number" => view! {
                <div class="field">
                    <label for="b_unit">"Mértékegység"</label>
                    <input id="b_unit" type="text"
                        value=draft.with_untracked(|f| match &f.kind { FieldKind::Number { unit, .. } => unit.clone().unwrap_or_default(), _ => String::new() })
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|f| if let FieldKind::Number { unit, .. } = &mut f.kind { *unit = (!v.trim().is_empty()).then_some(v); });
                        } />
                </div>
            }.into_any(),
            _ => ().into_any(),
        }}
        <div class="field">
            <label for="b_condition">"Feltétel (JSON, üresen: mindig megjelenik)"</label>
            <p class="field__hint" id="b_condition-hint">{condition_text}</p>
            <textarea id="b_condition" rows="3" aria-describedby="b_condition-hint" prop:value=move || condition.get()
                on:change=move |ev| condition.set(event_target_value(&ev))></textarea>
        </div>
        <div class="actions">
            <button type="button" class="button" on:click=apply>"Alkalmaz"</button>
            " "
            <button type="button" class="button button--secondary" on:click=move |_| shift(true)>"Fel"</button>
            " "
            <button type="button" class="button button--secondary" on:click=move |_| shift(false)>"Le"</button>
            " "
            <button type="button" class="button button--secondary" on:click=remove>"Törlés"</button>
        </div>
    }
}
