//! Pages of the municipality directory: the landing page with search. A municipality's own
//! page is its website (`openasp_website`), which shows the directory's facts too.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use super::api::{list_counties, search_municipalities};
use super::domain::directory_query;
use super::types::MunicipalityFilter;
use openasp_ui::components::{ErrorNotice, Pager, format_thousands};
use openasp_ui::i18n::use_texts;

/// How long the live search waits after the last keystroke before it asks the server.
const LIVE_SEARCH_DELAY_MS: u64 = 250;

/// The landing page: every municipality, searchable by name, postal code and county.
///
/// Without JavaScript it is a plain GET form; once hydrated, results follow the typing.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| MunicipalityFilter {
            q: q.get("q").unwrap_or_default(),
            county: q.get("county").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    });
    let results = Resource::new(move || filter.get(), search_municipalities);
    let counties = Resource::new(|| (), |_| list_counties());

    let navigate = use_navigate();
    let pending_search = StoredValue::new(None::<TimeoutHandle>);
    let search_as_you_type = move |text: String, county: Option<String>| {
        let mut next = filter.get_untracked();
        next.q = text;
        if let Some(county) = county {
            next.county = county;
        }
        let href = format!("/{}", directory_query(&next, 1));
        let navigate = navigate.clone();
        if let Some(handle) = pending_search.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                navigate(
                    &href,
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                )
            },
            std::time::Duration::from_millis(LIVE_SEARCH_DELAY_MS),
        )
        .ok();
        pending_search.set_value(handle);
    };
    let on_text = {
        let search = search_as_you_type.clone();
        move |ev: leptos::ev::Event| search(event_target_value(&ev), None)
    };
    let text_input = NodeRef::<leptos::html::Input>::new();
    let on_county = move |ev: leptos::ev::Event| {
        let text = text_input
            .get_untracked()
            .map(|input| input.value())
            .unwrap_or_default();
        search_as_you_type(text, Some(event_target_value(&ev)))
    };

    let initial = filter.get_untracked();
    view! {
        <Title text=t.directory_title />
        <Meta name="description" content=t.directory_intro />
        <h1>{t.directory_title}</h1>
        <p class="lead">{t.directory_intro}</p>
        <form class="search-form" method="get" action="/" role="search">
            <div class="field">
                <label for="q">{t.search_label}</label>
                <p class="field__hint" id="q-hint">
                    {t.search_hint}
                </p>
                <input
                    id="q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    aria-describedby="q-hint"
                    maxlength="100"
                    value=initial.q.clone()
                    node_ref=text_input
                    on:input=on_text
                />
            </div>
            <div class="field">
                <label for="county">{t.county_label}</label>
                <select id="county" name="county" on:change=on_county>
                    <option value="" selected=initial.county.is_empty()>
                        {t.all_counties}
                    </option>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let selected = filter.get_untracked().county;
                            counties
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|county| {
                                    let is_selected = county == selected;
                                    view! {
                                        <option value=county.clone() selected=is_selected>
                                            {county.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <button type="submit" class="button">
                {t.search_button}
            </button>
        </form>
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(page) => {
                        let current = filter.get_untracked();
                        let page_count = page.page_count();
                        let rows = page
                            .items
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <tr>
                                        <th scope="row">
                                            // The website is served outside this application.
                                            <a href=format!("/{}", m.slug) rel="external">
                                                {m.name}
                                            </a>
                                        </th>
                                        <td>{m.legal_status}</td>
                                        <td>{m.county.unwrap_or_default()}</td>
                                        <td class="numeric">
                                            {format_thousands(i64::from(m.population))}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let table = if page.total == 0 {
                            view! { <p>{t.no_results}</p> }.into_any()
                        } else {
                            view! {
                                <table class="results">
                                    <caption class="visually-hidden">{t.directory_title}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.col_name}</th>
                                            <th scope="col">{t.col_status}</th>
                                            <th scope="col">{t.col_county}</th>
                                            <th scope="col" class="numeric">
                                                {t.col_population}
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }
                            .into_any()
                        };
                        view! {
                            <p class="results-count" role="status" aria-live="polite">
                                {(t.results_count)(page.total)}
                            </p>
                            {table}
                            <Pager
                                page=page.page
                                page_count
                                href_for=move |p| format!("/{}", directory_query(&current, p))
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
