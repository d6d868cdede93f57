//! Form building blocks in the GOV.UK Design System's manner: label, hint, the error beside
//! the field, and an error summary at the top that links to each field.
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};

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
                        view! {
                            <li>
                                <a href=format!("#{}", p.field)>{p.problem.message(lang)}</a>
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
    let lang = use_lang();
    let name = name.unwrap_or(id);
    let problem = move || error.get().and_then(|e| e.problem_for(id));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || problem().is_some()>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
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
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                value=value
                required=required
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described_by
            />
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
