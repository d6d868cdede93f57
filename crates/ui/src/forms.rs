//! Form building blocks in the GOV.UK Design System's manner: label, hint, the error beside
//! the field, and an error summary at the top that links to each field.
use leptos::prelude::*;

use crate::i18n::{Lang, use_lang};
use openasp_core::error::AppError;

/// Picks the text of the current language; both must be given, so none goes missing.
pub fn tr(hu: &'static str, en: &'static str) -> &'static str {
    match use_lang() {
        Lang::Hu => hu,
        Lang::En => en,
    }
}

/// The error of the latest submission of `action`, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// Whether the latest submission of `action` succeeded.
pub fn action_succeeded<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// How many times `action` has succeeded. Pages reload their data on this rather than on
/// `version()`, which also counts refusals: a refused form then keeps what the user typed.
pub fn action_successes<I, O>(action: ServerAction<I>) -> Memo<usize>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&usize>| {
        let count = previous.copied().unwrap_or(0);
        if matches!(action.value().get(), Some(Ok(_))) {
            count + 1
        } else {
            count
        }
    })
}

/// A summary link moves the focus to its field (a fragment link alone only scrolls); a field
/// that a richer control stands in for once hydrated (the rich-text editor's `{id}-editor`)
/// hands the focus on to it. Without WASM the plain fragment link still leads there.
fn focus_field(ev: &leptos::ev::MouseEvent, field: &str) {
    use leptos::wasm_bindgen::JsCast;
    let document = document();
    let target = document
        .get_element_by_id(field)
        .filter(|element| !element.has_attribute("hidden"))
        .or_else(|| document.get_element_by_id(&format!("{field}-editor")));
    let Some(element) = target.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = element.focus();
    // Only a control that took the focus replaces the link's own jump (a fieldset does not).
    if document.active_element().as_deref() == Some(element.as_ref()) {
        ev.prevent_default();
        // The whole field (label and hint too) comes into view.
        match element.closest(".field") {
            Ok(Some(field)) => field.scroll_into_view(),
            _ => element.scroll_into_view(),
        }
    }
}

/// The box at the top of a form listing what went wrong. It takes focus when it appears,
/// so screen-reader and keyboard users land on it.
#[component]
pub fn ErrorSummary(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if error.get().is_some()
            && let Some(el) = node.get()
        {
            let _ = el.focus();
        }
    });
    move || {
        error.get().map(|error| {
            let items = match &error {
                AppError::Invalid(problems) => problems
                    .iter()
                    .map(|p| {
                        let field = p.field.clone();
                        view! {
                            <li>
                                <a
                                    href=format!("#{}", p.field)
                                    on:click=move |ev| focus_field(&ev, &field)
                                >
                                    {p.problem.message(lang)}
                                </a>
                            </li>
                        }
                        .into_any()
                    })
                    .collect::<Vec<_>>(),
                other => vec![view! { <li>{other.user_message(lang)}</li> }.into_any()],
            };
            view! {
                <div class="error-summary" role="alert" tabindex="-1" node_ref=node>
                    <h2 class="error-summary__title">
                        {match lang {
                            Lang::Hu => "Hiba történt",
                            Lang::En => "There is a problem",
                        }}
                    </h2>
                    <ul class="error-summary__list">{items}</ul>
                </div>
            }
        })
    }
}

/// A labelled input with optional hint and its own error message.
#[component]
pub fn Field(
    /// The input's id, which server errors name (`FieldProblem::field`).
    id: &'static str,
    /// The submitted name, when it differs from the id (e.g. `form[username]`).
    #[prop(optional)]
    name: Option<&'static str>,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let name = name.unwrap_or(id);
    let problem = move || error.get().and_then(|e| e.problem_for(id));
    view! {
        <div class="field" class:field--error=move || problem().is_some()>
            <FieldHead id label hint error />
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described_by(id, hint.is_some(), error)
            />
        </div>
    }
}

/// The ids a field's control names in `aria-describedby`: its hint, and its error while it
/// has one.
fn described_by(
    id: &'static str,
    has_hint: bool,
    error: Signal<Option<AppError>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if error.get().and_then(|e| e.problem_for(id)).is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// What every field shows above its control: the label, the hint and its own error message.
#[component]
fn FieldHead(
    id: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let problem = move || error.get().and_then(|e| e.problem_for(id));
    view! {
        <label for=id>{label}</label>
        {hint.map(|hint| view! { <p class="field__hint" id=format!("{id}-hint")>{hint}</p> })}
        {move || {
            problem()
                .map(|p| {
                    view! {
                        <p class="field__error" id=format!("{id}-error")>
                            <span class="visually-hidden">
                                {match lang {
                                    Lang::Hu => "Hiba: ",
                                    Lang::En => "Error: ",
                                }}
                            </span>
                            {p.message(lang)}
                        </p>
                    }
                })
        }}
    }
}

/// A labelled multi-line input with optional hint and its own error message.
#[component]
pub fn TextArea(
    /// The textarea's id and submitted name, which server errors name.
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(default = 5)] rows: u32,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = move || error.get().and_then(|e| e.problem_for(id));
    view! {
        <div class="field" class:field--error=move || problem().is_some()>
            <FieldHead id label hint error />
            <textarea
                id=id
                name=id
                rows=rows
                required=required
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described_by(id, hint.is_some(), error)
            ></textarea>
        </div>
    }
}

/// A labelled select box (value, text pairs) with optional hint and its own error message.
#[component]
pub fn SelectField(
    /// The select's id and submitted name, which server errors name.
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    options: Vec<(String, String)>,
    /// The value selected at first.
    #[prop(optional, into)]
    selected: Option<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = move || error.get().and_then(|e| e.problem_for(id));
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = selected.as_deref() == Some(value.as_str());
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:field--error=move || problem().is_some()>
            <FieldHead id label hint error />
            <select
                id=id
                name=id
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described_by(id, hint.is_some(), error)
            >
                {options}
            </select>
        </div>
    }
}

/// A green confirmation shown after a successful change.
#[component]
pub fn SuccessNotice(#[prop(into)] show: Signal<bool>, message: &'static str) -> impl IntoView {
    move || {
        show.get()
            .then(|| view! { <div class="success-notice" role="status">{message}</div> })
    }
}
