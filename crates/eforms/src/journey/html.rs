//! The citizen's pages of the e-forms as plain HTML (pure: data in, markup out).
//!
//! Every page works without JavaScript: forms post to the server and the server answers with
//! a redirect to the next page (or back with the problems). The filling pages also carry the
//! form's definition as JSON and load the application's WASM, which re-evaluates conditions
//! and checks answers as the citizen types (`eforms::enhance`); the server never trusts it.
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::domain::eval::{FormProblem, Visibility};
use crate::domain::language::{
    Answer, Answers, Field, FieldKind, FileAnswer, FormDefinition, FormPage,
};
use crate::types::{MyDraft, MySubmission, PublishedForm};
use openasp_core::query::encode_query_value;
use openasp_ui::i18n::Lang;
use openasp_website::public::esc;

/// What every page of the journey shows around its content.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub site_name: String,
    pub color: String,
    /// Prefix of the site's links: `/{slug}`, or `""` on the municipality's own host.
    pub base: String,
    /// The signed-in citizen's name.
    pub citizen: Option<String>,
    /// The path of this page (to come back to after signing in).
    pub here: String,
}

impl Chrome {
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn sign_in_link(&self, back_to: &str) -> String {
        format!("/azonositas/belepes?vissza={}", encode_query_value(back_to))
    }
}

/// A whole page. `enhance` loads the WASM that makes a filling page react at once.
pub fn document(chrome: &Chrome, title: &str, body: &str, enhance: bool) -> String {
    let mut html = String::with_capacity(body.len() + 3000);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"hu\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – E-ügyintézés – {site}</title>{robots}\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/pkg/website.css\">\
         <link rel=\"stylesheet\" href=\"/pkg/eforms.css\">\
         <style>:root{{--site:{color}}}</style></head><body>\
         <a class=\"skip-link\" href=\"#main\">Ugrás a tartalomra</a>\
         <header class=\"site-header\"><div class=\"wrap site-header__inner\">\
         <a class=\"brand\" href=\"{home}\"><span class=\"brand__name\">{site}</span>\
         <span class=\"brand__tagline\">E-ügyintézés</span></a>\
         <ul class=\"tools\">{account}</ul></div></header>\
         <nav class=\"menu\" aria-label=\"E-ügyintézés\"><div class=\"wrap\"><ul>\
         <li><a href=\"{forms}\">Űrlapok</a></li><li><a href=\"{cases}\">Ügyeim</a></li>\
         <li><a href=\"{home}\">A település honlapja</a></li></ul></div></nav>\
         <main id=\"main\" class=\"wrap\" tabindex=\"-1\">{body}</main>\
         <footer class=\"site-footer no-print\"><div class=\"wrap\"><p class=\"footer-note\">\
         {site} – elektronikus ügyintézés. Az űrlapok JavaScript nélkül is kitölthetők és \
         beküldhetők.</p></div></footer>{script}</body></html>",
        title = esc(title),
        // The list of forms is public information people search for; every other page of
        // the journey is someone's own work.
        robots = if chrome.here == chrome.link("/ugyintezes") {
            ""
        } else {
            "<meta name=\"robots\" content=\"noindex\">"
        },
        site = esc(&chrome.site_name),
        color = esc(&chrome.color),
        home = esc(&chrome.link("/")),
        forms = esc(&chrome.link("/ugyintezes")),
        cases = esc(&chrome.link("/ugyintezes/ugyeim")),
        account = match &chrome.citizen {
            Some(name) => format!(
                "<li>Bejelentkezve: {}</li><li><form method=\"post\" action=\"/azonositas/kilepes\">\
                 <button type=\"submit\" class=\"link-button\">Kijelentkezés</button></form></li>",
                esc(name)
            ),
            None => format!(
                "<li><a href=\"{}\">Bejelentkezés</a></li>",
                esc(&chrome.sign_in_link(&chrome.here))
            ),
        },
        script = if enhance {
            "<script type=\"module\">import init, { enhance_eform } from '/pkg/citizen.js';\
             init({ module_or_path: '/pkg/citizen_bg.wasm' }).then(() => enhance_eform());</script>"
        } else {
            ""
        },
    );
    html
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect()
}

/// The municipality's published forms by category, with a search box.
pub fn form_list(
    chrome: &Chrome,
    forms: &[PublishedForm],
    q: &str,
    page: usize,
    page_size: usize,
) -> String {
    let mut body = String::from("<h1>Elektronikus űrlapok</h1>");
    let _ = write!(
        body,
        "<p class=\"lead\">Az űrlapokat bejelentkezés nélkül is kitöltheti és kinyomtathatja; \
         a beküldéshez a központi azonosítással kell bejelentkeznie.</p>\
         <form method=\"get\" action=\"{action}\" class=\"filters\" role=\"search\">\
         <div class=\"field\"><label for=\"q\">Keresés az űrlapok címében</label>\
         <input type=\"search\" id=\"q\" name=\"q\" value=\"{q}\"></div>\
         <button type=\"submit\">Keresés</button></form>",
        action = esc(&chrome.link("/ugyintezes")),
        q = esc(q),
    );
    if forms.is_empty() {
        body.push_str("<p>Nincs a keresésnek megfelelő közzétett űrlap.</p>");
        return body;
    }
    let pages = forms.len().div_ceil(page_size).max(1);
    let page = page.clamp(1, pages);
    let shown = &forms[(page - 1) * page_size..(page * page_size).min(forms.len())];
    let _ = write!(
        body,
        "<p>{} űrlap{}.</p>",
        forms.len(),
        if pages > 1 {
            format!(", {page}. oldal / {pages}")
        } else {
            String::new()
        }
    );
    let mut by_category: Vec<(&str, Vec<&PublishedForm>)> = Vec::new();
    for form in shown {
        match by_category.last_mut() {
            Some((category, list)) if *category == form.category => list.push(form),
            _ => by_category.push((&form.category, vec![form])),
        }
    }
    for (category, list) in by_category {
        let _ = write!(body, "<h2>{}</h2><ul class=\"form-list\">", esc(category));
        for form in list {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a></li>",
                esc(&chrome.link(&format!("/ugyintezes/{}", form.id))),
                esc(&form.title)
            );
        }
        body.push_str("</ul>");
    }
    if pages > 1 {
        body.push_str("<nav class=\"pager\" aria-label=\"Oldalak\"><ul>");
        for n in 1..=pages {
            let _ = write!(
                body,
                "<li><a href=\"{href}\"{current}>{n}</a></li>",
                href = esc(&chrome.link(&format!(
                    "/ugyintezes?q={}&oldal={n}",
                    encode_query_value(q)
                ))),
                current = if n == page {
                    " aria-current=\"page\""
                } else {
                    ""
                },
            );
        }
        body.push_str("</ul></nav>");
    }
    body
}

/// What a form's start page needs.
pub struct StartPage<'a> {
    pub form_id: &'a str,
    pub definition: &'a FormDefinition,
    pub contact: &'a str,
    pub fee: &'a str,
    pub has_draft: bool,
    pub first_page: &'a str,
}

pub fn start_page(chrome: &Chrome, start: &StartPage) -> String {
    let form = start.definition;
    let mut body = format!("<h1>{}</h1>", esc(&form.title));
    if let Some(guidance) = &form.guidance {
        body.push_str(&paragraphs(guidance));
    }
    body.push_str("<h2>A kitöltés lépései</h2><ol>");
    for page in &form.pages {
        let _ = write!(
            body,
            "<li>{}{}</li>",
            esc(&page.title),
            if page.show_if.is_some() {
                " <span class=\"meta\">(csak ha a válaszai alapján szükséges)</span>"
            } else {
                ""
            }
        );
    }
    body.push_str("<li>Válaszai ellenőrzése és beküldés</li></ol>");
    if !start.fee.trim().is_empty() {
        let _ = write!(
            body,
            "<h2>Díj, illeték</h2>{}",
            paragraphs(start.fee.trim())
        );
    }
    if !start.contact.trim().is_empty() {
        let _ = write!(
            body,
            "<h2>Kapcsolat</h2>{}",
            paragraphs(start.contact.trim())
        );
    }
    let first = chrome.link(&format!(
        "/ugyintezes/{}/{}",
        start.form_id, start.first_page
    ));
    let _ = write!(
        body,
        "<p><a class=\"button-link\" href=\"{first}\">{label}</a></p>",
        first = esc(&first),
        label = if start.has_draft {
            "Folytatom a kitöltést"
        } else {
            "Kitöltés megkezdése"
        }
    );
    if chrome.citizen.is_none() {
        let _ = write!(
            body,
            "<p class=\"notice\">Bejelentkezés nélkül is kitöltheti; válaszait a böngészője \
             egy napig őrzi. Ha <a href=\"{}\">bejelentkezik</a>, bármelyik eszközén \
             folytathatja, és fájlokat is csatolhat.</p>",
            esc(&chrome.sign_in_link(&chrome.here))
        );
    }
    body
}

fn input_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

fn problem_text(kind: crate::domain::eval::ProblemKind) -> &'static str {
    kind.message(Lang::Hu)
}

/// The label a problem's summary names: the question's label (and item number in a group).
fn label_of(form: &FormDefinition, path: &str) -> String {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let Some(field) = form
        .pages
        .iter()
        .flat_map(|p| p.sections.iter().flat_map(|s| &s.fields))
        .find(|f| f.id == first)
    else {
        return path.to_owned();
    };
    match (
        &field.kind,
        parts.next().and_then(|i| i.parse::<usize>().ok()),
        parts.next(),
    ) {
        (
            FieldKind::Group {
                fields, item_label, ..
            },
            Some(index),
            Some(inner),
        ) => {
            let inner_label = fields
                .iter()
                .find(|f| f.id == inner)
                .map(|f| f.label.as_str())
                .unwrap_or(inner);
            format!("{} ({}. {})", inner_label, index + 1, item_label)
        }
        _ => field.label.clone(),
    }
}

/// The box at the top of a page listing every problem, each a link to its question.
pub fn error_summary(
    form: &FormDefinition,
    problems: &[FormProblem],
    href: impl Fn(&str) -> String,
) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\
         <h2 id=\"error-summary-title\">Kérjük, javítsa a következőket</h2><ul>",
    );
    for problem in problems {
        let _ = write!(
            html,
            "<li><a href=\"{}\">{}: {}</a></li>",
            esc(&href(&problem.field)),
            esc(&label_of(form, &problem.field)),
            esc(problem_text(problem.kind))
        );
    }
    html.push_str("</ul></div>");
    html
}

/// How one page of a form is drawn.
pub struct FillPage<'a> {
    pub form_id: &'a str,
    pub definition: &'a FormDefinition,
    pub page: &'a FormPage,
    /// Position among the pages shown (1-based) and their count.
    pub step: usize,
    pub steps: usize,
    pub answers: &'a Answers,
    pub visibility: &'a Visibility,
    pub problems: &'a [FormProblem],
    /// Signed in (files can be attached, drafts are kept on the server).
    pub signed_in: bool,
    pub has_previous: bool,
}

pub fn fill_page(chrome: &Chrome, fill: &FillPage) -> String {
    let mut body = String::with_capacity(8 * 1024);
    let _ = write!(
        body,
        "<p class=\"meta\">{title} – {step}. lépés / {steps}</p>",
        title = esc(&fill.definition.title),
        step = fill.step,
        steps = fill.steps,
    );
    body.push_str(&error_summary(fill.definition, fill.problems, |path| {
        format!("#{}", input_id(path))
    }));
    let _ = write!(body, "<h1>{}</h1>", esc(&fill.page.title));
    if let Some(guidance) = &fill.page.guidance {
        body.push_str(&paragraphs(guidance));
    }
    let problems: BTreeMap<&str, &FormProblem> = fill
        .problems
        .iter()
        .map(|p| (p.field.as_str(), p))
        .collect();
    let action = chrome.link(&format!("/ugyintezes/{}/{}", fill.form_id, fill.page.id));
    let _ = write!(
        body,
        "<form method=\"post\" action=\"{action}\" enctype=\"multipart/form-data\" novalidate \
         class=\"eform\" data-page=\"{page}\">\
         <button type=\"submit\" name=\"muvelet\" value=\"tovabb\" class=\"visually-hidden\" \
         tabindex=\"-1\" aria-hidden=\"true\">Tovább</button>",
        action = esc(&action),
        page = esc(&fill.page.id),
    );
    let shown_here: Vec<&str> = fill
        .page
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .filter(|f| fill.visibility.field_shown(&f.id))
        .map(|f| f.id.as_str())
        .collect();
    let _ = write!(
        body,
        "<input type=\"hidden\" name=\"_shown\" value=\"{}\">",
        esc(&shown_here.join(","))
    );
    for section in &fill.page.sections {
        if let Some(title) = &section.title {
            let _ = write!(body, "<h2>{}</h2>", esc(title));
        }
        for field in &section.fields {
            let ctx = FieldCtx {
                answers: fill.answers,
                visibility: fill.visibility,
                problems: &problems,
                signed_in: fill.signed_in,
                chrome,
            };
            render_field(
                &mut body,
                &ctx,
                field,
                &field.id,
                fill.answers.get(&field.id),
            );
        }
    }
    body.push_str("<div class=\"button-row\"><button type=\"submit\" name=\"muvelet\" value=\"tovabb\">Tovább</button>");
    if fill.has_previous {
        body.push_str(
            "<button type=\"submit\" name=\"muvelet\" value=\"vissza\" class=\"secondary\">Vissza</button>",
        );
    }
    if fill.signed_in {
        body.push_str(
            "<button type=\"submit\" name=\"muvelet\" value=\"mentes\" class=\"secondary\">Mentés és kilépés</button>",
        );
    }
    body.push_str("</div></form>");
    let definition = serde_json::to_string(fill.definition).unwrap_or_default();
    let answers = serde_json::to_string(fill.answers).unwrap_or_default();
    let _ = write!(
        body,
        "<script type=\"application/json\" id=\"eform-definition\">{}</script>\
         <script type=\"application/json\" id=\"eform-answers\">{}</script>",
        script_json(&definition),
        script_json(&answers)
    );
    body
}

/// JSON made safe inside a `<script>` element.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

struct FieldCtx<'a> {
    answers: &'a Answers,
    visibility: &'a Visibility,
    problems: &'a BTreeMap<&'a str, &'a FormProblem>,
    signed_in: bool,
    chrome: &'a Chrome,
}

fn text_of(answer: Option<&Answer>) -> &str {
    match answer {
        Some(Answer::Text(text)) => text,
        _ => "",
    }
}

fn render_field(
    out: &mut String,
    ctx: &FieldCtx,
    field: &Field,
    path: &str,
    answer: Option<&Answer>,
) {
    let id = input_id(path);
    let name = format!("f.{path}");
    let shown = ctx.visibility.field_shown(path);
    let problem = ctx.problems.get(path);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let mut described: Vec<&str> = Vec::new();
    if field.hint.is_some() {
        described.push(&hint_id);
    }
    if problem.is_some() {
        described.push(&error_id);
    }
    let describedby = if described.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", described.join(" "))
    };
    let invalid = if problem.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let optional = if field.required || matches!(field.kind, FieldKind::Group { .. }) {
        ""
    } else {
        " <span class=\"optional\">(nem kötelező)</span>"
    };
    let hint = field
        .hint
        .as_ref()
        .map(|h| format!("<div id=\"{hint_id}\" class=\"hint\">{}</div>", esc(h)))
        .unwrap_or_default();
    let error = problem
        .map(|p| {
            format!(
                "<p id=\"{error_id}\" class=\"error-message\"><span class=\"visually-hidden\">Hiba:</span> {}</p>",
                esc(problem_text(p.kind))
            )
        })
        .unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"question{err}\" data-path=\"{path}\"{hidden}>",
        err = if problem.is_some() {
            " question--error"
        } else {
            ""
        },
        path = esc(path),
        hidden = if shown { "" } else { " hidden" },
    );
    let label = esc(&field.label);
    let simple_input = |out: &mut String, kind: &str, extra: &str| {
        let _ = write!(
            out,
            "<label for=\"{id}\">{label}{optional}</label>{hint}{error}\
             <input type=\"{kind}\" id=\"{id}\" name=\"{name}\" value=\"{value}\"{extra}{describedby}{invalid}>",
            name = esc(&name),
            value = esc(text_of(answer)),
        );
    };
    match &field.kind {
        FieldKind::Text {
            multiline: true,
            max_length,
            ..
        } => {
            let _ = write!(
                out,
                "<label for=\"{id}\">{label}{optional}</label>{hint}{error}\
                 <textarea id=\"{id}\" name=\"{name}\" rows=\"5\"{max}{describedby}{invalid}>{value}</textarea>",
                name = esc(&name),
                value = esc(text_of(answer)),
                max = max_length
                    .map(|m| format!(" maxlength=\"{m}\""))
                    .unwrap_or_default(),
            );
        }
        FieldKind::Text { max_length, .. } => simple_input(
            out,
            "text",
            &max_length
                .map(|m| format!(" maxlength=\"{m}\""))
                .unwrap_or_default(),
        ),
        FieldKind::Number { unit, .. } => {
            simple_input(out, "text", " inputmode=\"decimal\" class=\"input--short\"");
            if let Some(unit) = unit {
                let _ = write!(out, " <span class=\"unit\">{}</span>", esc(unit));
            }
        }
        FieldKind::Date { .. } => simple_input(out, "date", " class=\"input--short\""),
        FieldKind::TaxId | FieldKind::TaxNumber => simple_input(
            out,
            "text",
            " inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\" class=\"input--short\"",
        ),
        FieldKind::BankAccount => simple_input(
            out,
            "text",
            " inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\"",
        ),
        FieldKind::Email => {
            simple_input(out, "email", " autocomplete=\"email\" spellcheck=\"false\"")
        }
        FieldKind::Phone => simple_input(out, "tel", " autocomplete=\"tel\""),
        FieldKind::YesNo | FieldKind::Choice { .. } => {
            let (options, multiple): (Vec<(String, String)>, bool) = match &field.kind {
                FieldKind::Choice { options, multiple } => (
                    options
                        .iter()
                        .map(|o| (o.value.clone(), o.label.clone()))
                        .collect(),
                    *multiple,
                ),
                _ => (
                    vec![("yes".into(), "Igen".into()), ("no".into(), "Nem".into())],
                    false,
                ),
            };
            let chosen: Vec<&str> = match answer {
                Some(Answer::Text(t)) => vec![t.as_str()],
                Some(Answer::Choices(values)) => values.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let _ = write!(
                out,
                "<fieldset id=\"{id}\"{describedby}><legend>{label}{optional}</legend>{hint}{error}<div class=\"choices{inline}\">",
                inline = if options.len() == 2 {
                    " choices--inline"
                } else {
                    ""
                },
            );
            for (index, (value, text)) in options.iter().enumerate() {
                let option_id = if index == 0 {
                    format!("{id}-opt")
                } else {
                    format!("{id}-opt{index}")
                };
                let _ = write!(
                    out,
                    "<div class=\"choice\"><input type=\"{kind}\" id=\"{option_id}\" name=\"{name}\" value=\"{value}\"{checked}>\
                     <label for=\"{option_id}\">{text}</label></div>",
                    kind = if multiple { "checkbox" } else { "radio" },
                    name = esc(&name),
                    value = esc(value),
                    text = esc(text),
                    checked = if chosen.contains(&value.as_str()) {
                        " checked"
                    } else {
                        ""
                    },
                );
            }
            out.push_str("</div></fieldset>");
        }
        FieldKind::Address => {
            let address = match answer {
                Some(Answer::Address(a)) => a.clone(),
                _ => Default::default(),
            };
            let _ = write!(
                out,
                "<fieldset id=\"{id}\"{describedby}><legend>{label}{optional}</legend>{hint}{error}"
            );
            for (part, text, value, autocomplete, class) in [
                (
                    "postal_code",
                    "Irányítószám",
                    &address.postal_code,
                    "postal-code",
                    " class=\"input--short\" inputmode=\"numeric\"",
                ),
                (
                    "settlement",
                    "Település",
                    &address.settlement,
                    "address-level2",
                    "",
                ),
                (
                    "street",
                    "Közterület neve és jellege",
                    &address.street,
                    "address-line1",
                    "",
                ),
                (
                    "house_number",
                    "Házszám, emelet, ajtó",
                    &address.house_number,
                    "address-line2",
                    " class=\"input--short\"",
                ),
            ] {
                let _ = write!(
                    out,
                    "<div class=\"field\"><label for=\"{id}-{part}\">{text}</label>\
                     <input type=\"text\" id=\"{id}-{part}\" name=\"{name}.{part}\" value=\"{value}\" autocomplete=\"{autocomplete}\"{class}{invalid}></div>",
                    name = esc(&name),
                    value = esc(value),
                );
            }
            out.push_str("</fieldset>");
        }
        FieldKind::Group {
            fields,
            max_items,
            min_items,
            item_label,
        } => {
            let items: &[Answers] = match answer {
                Some(Answer::Items(items)) => items,
                _ => &[],
            };
            let _ = write!(
                out,
                "<fieldset id=\"{id}\" class=\"group\"{describedby}><legend>{label}</legend>{hint}{error}\
                 <input type=\"hidden\" name=\"{name}.count\" value=\"{count}\">",
                name = esc(&name),
                count = items.len(),
            );
            if items.is_empty() {
                let _ = write!(
                    out,
                    "<p class=\"meta\">Még nincs megadott {}.{}</p>",
                    esc(item_label),
                    if *min_items > 0 {
                        format!(" Legalább {min_items} szükséges.")
                    } else {
                        String::new()
                    }
                );
            }
            for (index, item) in items.iter().enumerate() {
                let _ = write!(
                    out,
                    "<fieldset class=\"group-item\"><legend>{n}. {item_label}</legend>",
                    n = index + 1,
                    item_label = esc(item_label),
                );
                for inner in fields {
                    let inner_path = format!("{path}.{index}.{}", inner.id);
                    render_field(out, ctx, inner, &inner_path, item.get(&inner.id));
                }
                let _ = write!(
                    out,
                    "<button type=\"submit\" name=\"muvelet\" value=\"torol:{path}:{index}\" class=\"secondary\">\
                     {n}. {item_label} eltávolítása</button></fieldset>",
                    path = esc(path),
                    n = index + 1,
                    item_label = esc(item_label),
                );
            }
            if items.len() < *max_items as usize {
                let _ = write!(
                    out,
                    "<button type=\"submit\" name=\"muvelet\" value=\"hozzaad:{path}\" class=\"secondary\">\
                     {verb} {item_label} hozzáadása</button>",
                    path = esc(path),
                    verb = if items.is_empty() { "Egy" } else { "Újabb" },
                    item_label = esc(item_label),
                );
            }
            out.push_str("</fieldset>");
        }
        FieldKind::File {
            max_count,
            max_bytes,
            accept,
        } => {
            let files: &[FileAnswer] = match answer {
                Some(Answer::Files(files)) => files,
                _ => &[],
            };
            let limits = format!(
                "Legfeljebb {max_count} fájl, egyenként legfeljebb {} MB; elfogadott típus: {}.",
                max_bytes.div_ceil(1024 * 1024),
                accept
                    .iter()
                    .map(|t| type_name(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = write!(
                out,
                "<fieldset id=\"{id}\"{describedby}><legend>{label}{optional}</legend>{hint}\
                 <p class=\"hint\">{limits}</p>{error}",
                limits = esc(&limits),
            );
            if !files.is_empty() {
                out.push_str("<ul class=\"file-list\">");
                for (index, file) in files.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<li>{file_name} ({size}) <input type=\"checkbox\" id=\"{id}-remove{index}\" \
                         name=\"{name}.remove\" value=\"{upload}\"> <label for=\"{id}-remove{index}\">\
                         eltávolítom</label></li>",
                        file_name = esc(&file.name),
                        size = human_size(file.size),
                        name = esc(&name),
                        upload = esc(&file.upload_id),
                    );
                }
                out.push_str("</ul>");
            }
            if ctx.signed_in {
                if files.len() < *max_count as usize {
                    let _ = write!(
                        out,
                        "<label for=\"{id}-upload\">Fájl kiválasztása</label>\
                         <input type=\"file\" id=\"{id}-upload\" name=\"{name}\" accept=\"{accept}\"{multiple}>",
                        name = esc(&name),
                        accept = esc(&accept.join(",")),
                        multiple = if *max_count > 1 { " multiple" } else { "" },
                    );
                }
            } else {
                let _ = write!(
                    out,
                    "<p class=\"notice\">Fájlt csatolni bejelentkezés után lehet. \
                     <a href=\"{}\">Bejelentkezés</a> (a kitöltött válaszai megmaradnak).</p>",
                    esc(&ctx.chrome.sign_in_link(&ctx.chrome.here))
                );
            }
            out.push_str("</fieldset>");
        }
    }
    let _ = ctx.answers;
    out.push_str("</div>");
}

fn type_name(media_type: &str) -> &str {
    match media_type {
        "application/pdf" => "PDF",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        other => other,
    }
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

/// An answer as people read it (labels of options, address on one line).
pub fn answer_text(field: &Field, answer: &Answer) -> String {
    match (&field.kind, answer) {
        (FieldKind::YesNo, Answer::Text(t)) => match t.as_str() {
            "yes" => "Igen".into(),
            "no" => "Nem".into(),
            other => other.into(),
        },
        (FieldKind::Choice { options, .. }, Answer::Text(t)) => options
            .iter()
            .find(|o| &o.value == t)
            .map(|o| o.label.clone())
            .unwrap_or_else(|| t.clone()),
        (FieldKind::Choice { options, .. }, Answer::Choices(values)) => values
            .iter()
            .map(|v| {
                options
                    .iter()
                    .find(|o| &o.value == v)
                    .map(|o| o.label.clone())
                    .unwrap_or_else(|| v.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
        (
            FieldKind::Number {
                unit: Some(unit), ..
            },
            Answer::Text(t),
        ) => format!("{t} {unit}"),
        (_, Answer::Text(t)) => t.clone(),
        (_, Answer::Choices(values)) => values.join(", "),
        (_, Answer::Address(a)) => format!(
            "{} {}, {} {}",
            a.postal_code.trim(),
            a.settlement.trim(),
            a.street.trim(),
            a.house_number.trim()
        ),
        (_, Answer::Files(files)) => files
            .iter()
            .map(|f| format!("{} ({})", f.name, human_size(f.size)))
            .collect::<Vec<_>>()
            .join("; "),
        (_, Answer::Items(items)) => format!("{} tétel", items.len()),
    }
}

/// The answers of the pages shown, as (page, [(path, label, text)]) for summaries, the
/// printable copy and the PDF receipt.
pub type AnswerRows = Vec<(String, String, Vec<(String, String, String)>)>;

pub fn answer_rows(
    form: &FormDefinition,
    answers: &Answers,
    visibility: &Visibility,
) -> AnswerRows {
    let mut out = Vec::new();
    for page in &form.pages {
        if !visibility.page_shown(&page.id) {
            continue;
        }
        let mut rows = Vec::new();
        for field in page.sections.iter().flat_map(|s| &s.fields) {
            if !visibility.field_shown(&field.id) {
                continue;
            }
            match (&field.kind, answers.get(&field.id)) {
                (
                    FieldKind::Group {
                        fields, item_label, ..
                    },
                    Some(Answer::Items(items)),
                ) => {
                    for (index, item) in items.iter().enumerate() {
                        for inner in fields {
                            let path = format!("{}.{index}.{}", field.id, inner.id);
                            if !visibility.field_shown(&path) {
                                continue;
                            }
                            let text = item
                                .get(&inner.id)
                                .filter(|a| !a.is_empty())
                                .map(|a| answer_text(inner, a))
                                .unwrap_or_else(|| "–".into());
                            rows.push((
                                path,
                                format!("{} – {}. {}", inner.label, index + 1, item_label),
                                text,
                            ));
                        }
                    }
                    if items.is_empty() {
                        rows.push((field.id.clone(), field.label.clone(), "–".into()));
                    }
                }
                (_, answer) => {
                    let text = answer
                        .filter(|a| !a.is_empty())
                        .map(|a| answer_text(field, a))
                        .unwrap_or_else(|| "Nincs megadva".into());
                    rows.push((field.id.clone(), field.label.clone(), text));
                }
            }
        }
        out.push((page.id.clone(), page.title.clone(), rows));
    }
    out
}

/// The check-your-answers page.
pub struct CheckPage<'a> {
    pub form_id: &'a str,
    pub definition: &'a FormDefinition,
    pub rows: &'a AnswerRows,
    pub problems: &'a [FormProblem],
    /// The page each problem's question is on.
    pub page_of: &'a dyn Fn(&str) -> String,
    /// Who the citizen may act for: (value, label); empty when only for themselves.
    pub on_behalf: &'a [(String, String)],
    pub draft_marker: &'a str,
}

pub fn check_page(chrome: &Chrome, check: &CheckPage) -> String {
    let link_to = |path: &str| {
        chrome.link(&format!(
            "/ugyintezes/{}/{}#{}",
            check.form_id,
            (check.page_of)(path),
            input_id(path)
        ))
    };
    let mut body = error_summary(check.definition, check.problems, link_to);
    let _ = write!(
        body,
        "<p class=\"meta\">{}</p><h1>Ellenőrizze a válaszait</h1>",
        esc(&check.definition.title)
    );
    for (page_id, page_title, rows) in check.rows {
        let _ = write!(
            body,
            "<h2>{}</h2><dl class=\"summary-list\">",
            esc(page_title)
        );
        for (path, label, text) in rows {
            let _ = write!(
                body,
                "<div class=\"summary-row\"><dt>{label}</dt><dd>{text}</dd>\
                 <dd class=\"no-print\"><a href=\"{href}\">Módosítás<span class=\"visually-hidden\"> – {label}</span></a></dd></div>",
                label = esc(label),
                text = esc(text),
                href = esc(&chrome.link(&format!(
                    "/ugyintezes/{}/{}#{}",
                    check.form_id,
                    page_id,
                    input_id(path)
                ))),
            );
        }
        body.push_str("</dl>");
    }
    body.push_str(
        "<p class=\"no-print meta\">Ezt az összesítőt a böngésző Nyomtatás parancsával \
         kinyomtathatja (a nyomtatásból a gombok és a menü kimaradnak).</p>",
    );
    if !check.problems.is_empty() {
        body.push_str("<p class=\"notice\">A beküldés előtt javítsa a fent felsorolt hibákat.</p>");
        return body;
    }
    match &chrome.citizen {
        None => {
            let _ = write!(
                body,
                "<h2 class=\"no-print\">Beküldés</h2><p class=\"no-print\">A beküldéshez a központi \
                 azonosítással kell bejelentkeznie. Válaszai megmaradnak, a bejelentkezés után \
                 ide tér vissza.</p><p class=\"no-print\"><a class=\"button-link\" href=\"{}\">\
                 Bejelentkezés a beküldéshez</a></p>",
                esc(&chrome.sign_in_link(&chrome.here))
            );
        }
        Some(name) => {
            let _ = write!(
                body,
                "<form method=\"post\" action=\"{action}\" class=\"no-print\">\
                 <input type=\"hidden\" name=\"piszkozat\" value=\"{marker}\"><h2>Beküldés</h2>",
                action = esc(&chrome.link(&format!("/ugyintezes/{}/bekuldes", check.form_id))),
                marker = esc(check.draft_marker),
            );
            if !check.on_behalf.is_empty() {
                let _ = write!(
                    body,
                    "<fieldset><legend>Kinek a nevében nyújtja be?</legend><div class=\"choices\">\
                     <div class=\"choice\"><input type=\"radio\" id=\"nevében-sajat\" name=\"kepviselt\" value=\"\" checked>\
                     <label for=\"nevében-sajat\">A saját nevemben ({})</label></div>",
                    esc(name)
                );
                for (index, (value, label)) in check.on_behalf.iter().enumerate() {
                    let _ = write!(
                        body,
                        "<div class=\"choice\"><input type=\"radio\" id=\"nevében-{index}\" name=\"kepviselt\" value=\"{}\">\
                         <label for=\"nevében-{index}\">{}</label></div>",
                        esc(value),
                        esc(label)
                    );
                }
                body.push_str("</div></fieldset>");
            }
            body.push_str(
                "<p>A beküldéssel kijelentem, hogy a megadott adatok a valóságnak megfelelnek. \
                 Az önkormányzat a beadványt iktatja, és az iktatószámot azonnal megkapja.</p>\
                 <button type=\"submit\">Elfogadom és beküldöm</button></form>",
            );
        }
    }
    body
}

/// Hungarian names of the statuses a citizen sees.
pub fn status_label(status: &str) -> &str {
    match status {
        "received" => "Beérkezett",
        "assigned" => "Ügyintézőhöz került",
        "in_progress" => "Ügyintézés alatt",
        "decided" => "Döntés született",
        "closed" => "Lezárva",
        other => other,
    }
}

pub fn confirmation(
    chrome: &Chrome,
    title: &str,
    registry_number: &str,
    submitted_at: &str,
    submission_id: &str,
) -> String {
    format!(
        "<div class=\"confirmation-panel\"><h1>Beadványát megkaptuk</h1>\
         <p>Iktatószáma:<br><strong class=\"registry-number\">{number}</strong></p></div>\
         <p>{title} – beküldve: {at}.</p>\
         <p><a href=\"{pdf}\">A beküldött adatok igazolása (PDF)</a></p>\
         <h2>Mi történik ezután?</h2>\
         <p>Az önkormányzat ügyintézője megvizsgálja a beadványt. Ügye állapotát és az ügyintéző \
         megjegyzéseit az <a href=\"{cases}\">Ügyeim</a> oldalon követheti. Hivatkozáskor adja \
         meg az iktatószámot.</p>",
        number = esc(registry_number),
        title = esc(title),
        at = esc(submitted_at),
        pdf = esc(&chrome.link(&format!(
            "/ugyintezes/beadvany/{submission_id}/igazolas.pdf"
        ))),
        cases = esc(&chrome.link("/ugyintezes/ugyeim")),
    )
}

pub fn my_cases(chrome: &Chrome, cases: &[MySubmission], drafts: &[MyDraft]) -> String {
    let mut body = String::from("<h1>Ügyeim</h1>");
    if !drafts.is_empty() {
        // Saved and not yet sent: the citizen should find them where they look for their
        // affairs, not only by remembering the form.
        body.push_str(
            "<h2>Elkezdett, még be nem küldött űrlapok</h2><table class=\"results\">\
             <caption class=\"visually-hidden\">Mentett, folytatható kitöltések</caption>\
             <thead><tr><th scope=\"col\">Űrlap</th><th scope=\"col\">Utoljára mentve</th></tr></thead><tbody>",
        );
        for draft in drafts {
            let _ = write!(
                body,
                "<tr><td><a href=\"{href}\">{title}</a></td><td>{at}</td></tr>",
                href = esc(&chrome.link(&format!("/ugyintezes/{}", draft.form_id))),
                title = esc(&draft.title),
                at = esc(&draft.saved_at),
            );
        }
        body.push_str("</tbody></table>");
        if !cases.is_empty() {
            body.push_str("<h2>Beküldött beadványai</h2>");
        }
    }
    if cases.is_empty() {
        let _ = write!(
            body,
            "<p>Ennél az önkormányzatnál még nem nyújtott be űrlapot. \
             <a href=\"{}\">Az elérhető űrlapok</a></p>",
            esc(&chrome.link("/ugyintezes"))
        );
        return body;
    }
    body.push_str(
        "<table class=\"results\"><caption class=\"visually-hidden\">Beküldött beadványai</caption>\
         <thead><tr><th scope=\"col\">Iktatószám</th><th scope=\"col\">Űrlap</th>\
         <th scope=\"col\">Beküldve</th><th scope=\"col\">Állapot</th><th scope=\"col\">Megjegyzések</th></tr></thead><tbody>",
    );
    for case in cases {
        let notes: String = case
            .notes
            .iter()
            .filter_map(|n| {
                n.note.as_ref().map(|note| {
                    format!(
                        "<li>{} – {}: {}</li>",
                        esc(&n.at),
                        esc(status_label(&n.status)),
                        esc(note)
                    )
                })
            })
            .collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"{href}\">{number}</a></td><td>{title}</td><td>{at}</td>\
             <td><strong>{status}</strong></td><td>{notes}</td></tr>",
            href = esc(&chrome.link(&format!("/ugyintezes/beadvany/{}", case.id))),
            number = esc(&case.registry_number),
            title = esc(&case.title),
            at = esc(&case.submitted_at),
            status = esc(status_label(&case.status)),
            notes = if notes.is_empty() {
                String::from("–")
            } else {
                format!("<ul class=\"notes\">{notes}</ul>")
            },
        );
    }
    body.push_str("</tbody></table>");
    body
}

/// Asks a citizen who has just signed in whether the answers this browser gave before signing
/// in should be taken over (nothing moves until they answer). The page's body, for
/// [`document`].
pub fn take_over_page(chrome: &Chrome, form_id: &str, form_title: &str, back: &str) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Bejelentkezés előtt megadott válaszok</h1>\
         <p>Ebben a böngészőben bejelentkezés nélkül már elkezdte kitölteni ezt az űrlapot: \
         <strong>{title}</strong>. Folytatja ezekkel a válaszokkal?</p>\
         <p class=\"hint\">Ha átveszi őket, a fiókjában addig mentett válaszai helyére kerülnek. \
         Ha elveti őket, törlődnek.</p>\
         <form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"vissza\" value=\"{back}\">\
         <div class=\"button-row\">\
         <button type=\"submit\" name=\"valasz\" value=\"atveszem\">Átveszem a válaszokat</button>\
         <button type=\"submit\" name=\"valasz\" value=\"elvetem\" class=\"secondary\">Elvetem őket</button>\
         </div></form>",
        title = esc(form_title),
        action = esc(&chrome.link(&format!("/ugyintezes/{form_id}/atvetel"))),
        back = esc(back),
    );
    body
}

pub fn message_page(chrome: &Chrome, title: &str, text: &str) -> String {
    document(
        chrome,
        title,
        &format!(
            "<h1>{}</h1><p>{}</p><p><a href=\"{}\">Vissza az űrlapokhoz</a></p>",
            esc(title),
            esc(text),
            esc(&chrome.link("/ugyintezes"))
        ),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eval::{ProblemKind, visibility};
    use crate::domain::templates::seed_templates;

    fn chrome(citizen: Option<&str>) -> Chrome {
        Chrome {
            site_name: "Gödöllő <Város>".into(),
            color: "#005a9c".into(),
            base: "/godollo".into(),
            citizen: citizen.map(str::to_owned),
            here: "/godollo/ugyintezes".into(),
        }
    }

    fn a_template() -> FormDefinition {
        seed_templates()
            .into_iter()
            .map(|t| t.definition)
            .find(|d| d.pages.len() > 1)
            .expect("a multi-page template")
    }

    #[test]
    fn pages_escape_what_they_show_and_carry_no_script_unless_asked() {
        let html = document(&chrome(None), "Cím", "<p>x</p>", false);
        assert!(html.contains("Gödöllő &lt;Város&gt;"));
        assert!(!html.contains("<script"));
        assert!(html.contains("/azonositas/belepes?vissza="));
        let html = document(&chrome(Some("Kiss Anna")), "Cím", "", true);
        assert!(html.contains("enhance_eform"));
        assert!(html.contains("Kijelentkezés"));
    }

    #[test]
    fn a_page_shows_problems_in_a_summary_linked_to_each_question() {
        let form = a_template();
        let page = &form.pages[0];
        let first = page
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .find(|f| matches!(f.kind, FieldKind::Text { .. }) && f.show_if.is_none())
            .map(|f| f.id.clone())
            .expect("a text question on the first page");
        let answers = Answers::new();
        let shown = visibility(&form, &answers);
        let problems = vec![FormProblem {
            field: first.clone(),
            kind: ProblemKind::Required,
        }];
        let html = fill_page(
            &chrome(None),
            &FillPage {
                form_id: "7",
                definition: &form,
                page,
                step: 1,
                steps: 3,
                answers: &answers,
                visibility: &shown,
                problems: &problems,
                signed_in: false,
                has_previous: false,
            },
        );
        assert!(html.contains("error-summary"));
        assert!(html.contains(&format!("href=\"#f-{first}\"")));
        assert!(html.contains(&format!("id=\"f-{first}-error\"")));
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("action=\"/godollo/ugyintezes/7/"));
        // The definition travels for the WASM, with `<` never closing the script early.
        assert!(html.contains("id=\"eform-definition\""));
        let script = html
            .split("id=\"eform-definition\">")
            .nth(1)
            .unwrap_or_default();
        assert!(
            !script
                .split("</script>")
                .next()
                .unwrap_or_default()
                .contains('<')
        );
    }

    #[test]
    fn the_list_is_grouped_by_category_and_paginated() {
        let forms: Vec<PublishedForm> = (0..30)
            .map(|i| PublishedForm {
                id: i.to_string(),
                title: format!("Űrlap {i:02}"),
                category: if i < 20 { "Adó".into() } else { "Ipar".into() },
                version_id: "1".into(),
            })
            .collect();
        let first = form_list(&chrome(None), &forms, "", 1, 25);
        assert!(first.contains("<h2>Adó</h2>"));
        assert!(first.contains("Űrlap 24"));
        assert!(!first.contains("Űrlap 25"));
        assert!(first.contains("oldal=2"));
        let second = form_list(&chrome(None), &forms, "", 2, 25);
        assert!(second.contains("Űrlap 29"));
        assert!(!second.contains("<h2>Adó</h2>"));
    }

    #[test]
    fn answers_read_as_people_write_them() {
        let form = a_template();
        let field = Field {
            id: "ok".into(),
            label: "Rendben?".into(),
            hint: None,
            required: true,
            show_if: None,
            kind: FieldKind::YesNo,
        };
        assert_eq!(answer_text(&field, &Answer::Text("yes".into())), "Igen");
        assert_eq!(human_size(2 * 1024 * 1024 + 100), "2,0 MB");
        assert_eq!(human_size(1500), "2 kB");
        let rows = answer_rows(&form, &Answers::new(), &visibility(&form, &Answers::new()));
        assert!(!rows.is_empty());
        assert!(rows[0].2.iter().any(|(_, _, text)| text == "Nincs megadva"));
    }
}
