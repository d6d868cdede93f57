//! The search screen: a GET form (bookmarkable), sortable result table, pager and CSV link.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{search_choices, search_documents};
use super::domain::{
    CASE_STATE_CODES, SearchForm, Sort, SortKey, case_state_label, document_state_label,
};
use super::types::{SearchHit, SearchOptions};
use openasp_core::error::AppError;
use openasp_ui::components::{ErrorNotice, Pager, format_thousands};
use openasp_ui::forms::{ErrorSummary, Field, tr};
use openasp_ui::i18n::{Lang, use_lang};

pub const SEARCH_PATH: &str = "/ugyintezo/iratkezeles/kereses";
pub const EXPORT_PATH: &str = "/ugyintezo/iratkezeles/kereses/csv";

/// The case-file screen's address.
pub fn case_href(case_file_id: i64) -> String {
    format!("/ugyintezo/iratkezeles/ugyirat/{case_file_id}")
}

fn href(form: &SearchForm, page: u64) -> String {
    let query = form.query_string(page);
    if query.is_empty() {
        SEARCH_PATH.to_owned()
    } else {
        format!("{SEARCH_PATH}?{query}")
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| {
        query.with(|q| {
            let form = SearchForm::from_pairs(
                SearchForm::FIELDS
                    .iter()
                    .filter_map(|f| q.get(f).map(|v| (*f, v))),
            );
            let page = q
                .get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1);
            (form, page)
        })
    });
    let results = Resource::new(
        move || request.get(),
        |(f, page)| {
            search_documents(
                f.q,
                f.number,
                f.partner,
                f.clerk,
                f.from,
                f.until,
                f.state,
                f.retention,
                f.sort,
                page,
            )
        },
    );
    let options = Resource::new(|| (), |_| search_choices());
    view! {
        <Title text=tr("Keresés az iratok között", "Search documents") />
        <h1>{tr("Keresés az iratok között", "Search documents")}</h1>
        <Transition fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let (form, _) = request.get_untracked();
                let options = options.await.unwrap_or_default();
                let found = results.await;
                let invalid = found
                    .as_ref()
                    .err()
                    .filter(|e| matches!(e, AppError::Invalid(_)))
                    .cloned();
                let error = Signal::derive(move || invalid.clone());
                let shown = match found {
                    Err(AppError::Invalid(_)) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(found) => view! { <ResultTable found form=form.clone() /> }.into_any(),
                };
                view! {
                    <ErrorSummary error />
                    <SearchFormView form options error />
                    {shown}
                }
            })}
        </Transition>
    }
}

#[component]
fn SearchFormView(
    form: SearchForm,
    options: SearchOptions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action=SEARCH_PATH class="records-search" role="search"
            aria-label=tr("Iratkeresés", "Document search")>
            <div class="records-search__grid">
                <Field id="q" label=tr("Szöveg (tárgy, ügyfél, csatolmány szövege)", "Text (subject, partner, attachment text)")
                    input_type="search" value=form.q.clone() error />
                <Field id="number" label=tr("Iktatószám vagy eleje", "Registry number or its beginning")
                    value=form.number.clone() error />
                <Field id="partner" label=tr("Ügyfél / küldő", "Partner / sender")
                    value=form.partner.clone() error />
                <Field id="from" label=tr("Iktatva ettől", "Registered from") input_type="date"
                    value=form.from.clone() error />
                <Field id="until" label=tr("Iktatva eddig", "Registered until") input_type="date"
                    value=form.until.clone() error />
                <div class="field">
                    <label for="state">{tr("Ügyirat állapota", "Case file state")}</label>
                    <select id="state" name="state">
                        <option value="">{tr("Mind", "All")}</option>
                        {CASE_STATE_CODES
                            .iter()
                            .map(|code| {
                                view! {
                                    <option value=*code selected=form.state == *code>
                                        {case_state_label(code, lang == Lang::Hu)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <OptionSelects options form=form.clone() />
            </div>
            <input type="hidden" name="sort" value=form.sort.clone() />
            <button type="submit" class="button">{tr("Keresés", "Search")}</button>
        </form>
    }
}

#[component]
fn OptionSelects(options: SearchOptions, form: SearchForm) -> impl IntoView {
    let clerks = options
        .clerks
        .into_iter()
        .map(|c| {
            let selected = form.clerk == c.id.to_string();
            view! { <option value=c.id.to_string() selected=selected>{c.name}</option> }
        })
        .collect_view();
    let items = options
        .retention_items
        .into_iter()
        .map(|r| {
            let selected = form.retention == r.id.to_string();
            view! { <option value=r.id.to_string() selected=selected>{r.name}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="clerk">{tr("Ügyintéző", "Handling clerk")}</label>
            <select id="clerk" name="clerk">
                <option value="">{tr("Mind", "All")}</option>
                {clerks}
            </select>
        </div>
        <div class="field">
            <label for="retention">{tr("Irattári tétel", "Retention item")}</label>
            <select id="retention" name="retention">
                <option value="">{tr("Mind", "All")}</option>
                {items}
            </select>
        </div>
    }
}

#[component]
fn ResultTable(found: super::types::SearchResults, form: SearchForm) -> impl IntoView {
    let lang = use_lang();
    let hu = lang == Lang::Hu;
    let page = found.page;
    let page_count = page.page_count();
    let total = format_thousands(i64::try_from(page.total).unwrap_or(i64::MAX));
    let count = match (found.capped, hu) {
        (true, true) => format!("Több mint {total} irat"),
        (true, false) => format!("More than {total} documents"),
        (false, true) => format!("{total} irat"),
        (false, false) => format!("{total} documents"),
    };
    let sort = Sort::parse(&form.sort);
    let header = |key: SortKey, label: &'static str| {
        let aria = (sort.key == key).then_some(if sort.descending {
            "descending"
        } else {
            "ascending"
        });
        let target = href(&form.sorted_by(key), 1);
        view! {
            <th scope="col" aria-sort=aria>
                <a href=target class="sort-link">{label}</a>
            </th>
        }
    };
    let export = {
        let query = form.query_string(1);
        if query.is_empty() {
            super::pages::EXPORT_PATH.to_owned()
        } else {
            format!("{EXPORT_PATH}?{query}")
        }
    };
    let rows = page
        .items
        .iter()
        .cloned()
        .map(|hit: SearchHit| {
            view! {
                <tr>
                    <th scope="row">
                        <a href=case_href(hit.case_file_id)>{hit.registry_number}</a>
                    </th>
                    <td>{hit.subject}</td>
                    <td>{hit.sender.unwrap_or_default()}</td>
                    <td>{hit.handler.unwrap_or_default()}</td>
                    <td>{hit.registered_at}</td>
                    <td>
                        {case_state_label(&hit.case_state, hu)}
                        {(hit.document_state != "registered")
                            .then(|| format!(" ({})", document_state_label(&hit.document_state, hu)))}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let empty = page.items.is_empty();
    let href_form = form.clone();
    view! {
        <div class="results-bar">
            <p class="results-count" role="status">{count}</p>
            <a class="button button--secondary" href=export rel="external" download="iratok.csv">
                {tr("Letöltés CSV-ben", "Download as CSV")}
            </a>
        </div>
        {if empty {
            view! { <p>{tr("Nincs a feltételeknek megfelelő irat.", "No document matches.")}</p> }.into_any()
        } else {
            view! {
                <table class="results">
                    <caption class="visually-hidden">
                        {tr("Találatok; az oszlopfejlécekkel rendezhető", "Results; sort by the column headers")}
                    </caption>
                    <thead>
                        <tr>
                            {header(SortKey::Number, tr("Iktatószám", "Registry number"))}
                            {header(SortKey::Subject, tr("Tárgy", "Subject"))}
                            <th scope="col">{tr("Ügyfél / küldő", "Partner / sender")}</th>
                            <th scope="col">{tr("Ügyintéző", "Clerk")}</th>
                            {header(SortKey::Date, tr("Iktatva", "Registered"))}
                            <th scope="col">{tr("Állapot", "State")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }}
        <Pager page=page.page page_count href_for=move |p| href(&href_form, p) />
    }
}
