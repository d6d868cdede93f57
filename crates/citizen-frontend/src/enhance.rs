//! In the browser (WASM): a form page reacts at once. Questions that the answers bring up or
//! hide appear and disappear as the citizen answers, and an answer is checked when the
//! citizen leaves it, with the same rules the server applies (`domain::eval`). The page
//! works the same without this; the server checks everything again.
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element, Event, HtmlInputElement, HtmlTextAreaElement};

use openasp_core::Lang;
use openasp_eforms_domain::dates::Date;
use openasp_eforms_domain::eval::{Context, ProblemKind, validate_page, visibility};
use openasp_eforms_domain::input::{Posted, merge_page};
use openasp_eforms_domain::language::{Answers, FormDefinition};
use openasp_eforms_domain::reader::{read_answers, read_definition};

struct Page {
    document: Document,
    form: Element,
    definition: FormDefinition,
    page_id: String,
    earlier: Answers,
}

/// The text of the page's data element `id` (a definition or the answers, as JSON).
fn data_of(document: &Document, id: &str) -> Option<String> {
    document.get_element_by_id(id)?.text_content()
}

impl Page {
    fn posted(&self) -> Posted {
        let mut pairs = Vec::new();
        let Ok(inputs) = self.form.query_selector_all("input[name], textarea[name]") else {
            return Posted::default();
        };
        for index in 0..inputs.length() {
            let Some(node) = inputs.item(index) else {
                continue;
            };
            if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
                let kind = input.type_();
                if kind == "file" || ((kind == "radio" || kind == "checkbox") && !input.checked()) {
                    continue;
                }
                pairs.push((input.name(), input.value()));
            } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
                pairs.push((area.name(), area.value()));
            }
        }
        Posted::new(pairs)
    }

    fn answers(&self) -> Answers {
        match self.definition.pages.iter().find(|p| p.id == self.page_id) {
            Some(page) => merge_page(page, &self.posted(), &self.earlier),
            None => self.earlier.clone(),
        }
    }

    /// Shows and hides the questions of the page as the answers say.
    fn apply_conditions(&self) {
        let shown = visibility(&self.definition, &self.answers());
        // The questions seen when the page is sent: the server shows a page again, rather
        // than going on, only when a question came up that the citizen has not seen.
        if let Some(page) = self.definition.pages.iter().find(|p| p.id == self.page_id)
            && let Some(seen) = self
                .form
                .query_selector("input[name=\"_shown\"]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        {
            let ids: Vec<&str> = page
                .sections
                .iter()
                .flat_map(|s| &s.fields)
                .filter(|f| shown.field_shown(&f.id))
                .map(|f| f.id.as_str())
                .collect();
            seen.set_value(&ids.join(","));
        }
        let Ok(questions) = self.form.query_selector_all("[data-path]") else {
            return;
        };
        for index in 0..questions.length() {
            let Some(element) = questions
                .item(index)
                .and_then(|n| n.dyn_into::<Element>().ok())
            else {
                continue;
            };
            let path = element.get_attribute("data-path").unwrap_or_default();
            if shown.field_shown(&path) {
                let _ = element.remove_attribute("hidden");
            } else {
                let _ = element.set_attribute("hidden", "");
            }
        }
    }

    /// Checks the question at `path` and shows or clears its message.
    fn check(&self, path: &str) {
        let today = {
            let now = js_sys::Date::new_0();
            Date::new(
                now.get_full_year() as i32,
                now.get_month() + 1,
                now.get_date(),
            )
        };
        let Some(today) = today else { return };
        let no_lookup = |_: &str| Vec::new();
        let ctx = Context {
            today,
            settlements_of: &no_lookup,
        };
        let problem = validate_page(&self.definition, &self.page_id, &self.answers(), &ctx)
            .into_iter()
            .filter(|p| {
                // Postal codes are looked up by the server; "required" waits for the
                // Continue button (leaving a question empty is not yet a mistake).
                !matches!(
                    p.kind,
                    ProblemKind::UnknownPostalCode
                        | ProblemKind::PostalCodeNotOfSettlement
                        | ProblemKind::Required
                        | ProblemKind::AddressIncomplete
                )
            })
            .find(|p| p.field == path);
        let id = format!("f-{}", path.replace('.', "-"));
        let error_id = format!("{id}-error");
        let Some(question) = self
            .form
            .query_selector(&format!("[data-path=\"{path}\"]"))
            .ok()
            .flatten()
        else {
            return;
        };
        if let Some(old) = self.document.get_element_by_id(&error_id) {
            old.remove();
        }
        let control = self.document.get_element_by_id(&id);
        match problem {
            Some(problem) => {
                let _ = question.class_list().add_1("question--error");
                if let Ok(message) = self.document.create_element("p") {
                    message.set_id(&error_id);
                    message.set_class_name("error-message");
                    message.set_text_content(Some(&format!(
                        "Hiba: {}",
                        problem.kind.message(Lang::Hu)
                    )));
                    let anchor = question
                        .query_selector("input, textarea, fieldset")
                        .ok()
                        .flatten();
                    let _ = match anchor {
                        Some(anchor) => question.insert_before(&message, Some(&anchor)).map(|_| ()),
                        None => question.append_child(&message).map(|_| ()),
                    };
                }
                if let Some(control) = &control {
                    let _ = control.set_attribute("aria-invalid", "true");
                    let described = control
                        .get_attribute("aria-describedby")
                        .unwrap_or_default();
                    if !described.split(' ').any(|d| d == error_id) {
                        let _ = control.set_attribute(
                            "aria-describedby",
                            format!("{described} {error_id}").trim(),
                        );
                    }
                }
            }
            None => {
                let _ = question.class_list().remove_1("question--error");
                if let Some(control) = &control {
                    let _ = control.remove_attribute("aria-invalid");
                }
            }
        }
    }
}

/// The answer path an input belongs to (`f.owners.0.name.postal_code` → `owners.0.name`).
fn path_of(target: &Element) -> Option<String> {
    target
        .closest("[data-path]")
        .ok()
        .flatten()
        .and_then(|q| q.get_attribute("data-path"))
}

/// Starts the page's live behaviour (called by the page's module script).
pub fn run() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(form) = document.query_selector("form.eform").ok().flatten() else {
        return;
    };
    // Read without serde's derived readers, which would be a third of this bundle.
    let Some(definition) = data_of(&document, "eform-definition").and_then(|t| read_definition(&t))
    else {
        return;
    };
    let earlier = data_of(&document, "eform-answers")
        .and_then(|t| read_answers(&t))
        .unwrap_or_default();
    let page_id = form.get_attribute("data-page").unwrap_or_default();
    let page = std::rc::Rc::new(Page {
        document,
        form: form.clone(),
        definition,
        page_id,
        earlier,
    });
    page.apply_conditions();
    // A message is shown when the citizen leaves an answer (`change`), and cleared as soon as
    // typing has made the answer right (`input`): so it never disappears under the pointer
    // on the way to the Continue button, which would make the click miss.
    let on_input = {
        let page = page.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            page.apply_conditions();
            let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            let in_error = target
                .as_ref()
                .and_then(|t| t.closest(".question--error").ok().flatten())
                .is_some();
            if in_error && let Some(path) = target.as_ref().and_then(path_of) {
                page.check(&path);
            }
        })
    };
    let on_change = {
        let page = page.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            page.apply_conditions();
            if let Some(path) = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| path_of(&t))
            {
                page.check(&path);
            }
        })
    };
    let _ = form.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    let _ = form.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let _ = form.set_attribute("data-enhanced", "true");
    // The listeners live as long as the page.
    on_input.forget();
    on_change.forget();
}
