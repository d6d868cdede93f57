//! Pages of the municipality directory: the landing page with search, and a municipality.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_params_map, use_query_map},
};

use super::api::{MunicipalityDetail, get_municipality, list_counties, search_municipalities};
use super::domain::{MunicipalityFilter, directory_query};
use crate::components::{ErrorNotice, Pager, format_thousands};
use crate::i18n::use_texts;

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
                                            <a href=format!("/{}", m.slug)>{m.name}</a>
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

/// The public page of one municipality (the website of issue 5 will grow from here).
#[component]
pub fn MunicipalityPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let detail = Resource::new(move || slug.get(), get_municipality);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <MunicipalityDetails detail /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MunicipalityDetails(detail: MunicipalityDetail) -> impl IntoView {
    let t = use_texts();
    let office = match detail.joint_office {
        None => view! {
            <dt>{t.office}</dt>
            <dd>{t.own_office}</dd>
        }
        .into_any(),
        Some(office) => {
            let members = office
                .members
                .into_iter()
                .map(|member| {
                    let current = member.slug == detail.slug;
                    view! {
                        <li>
                            <a
                                href=format!("/{}", member.slug)
                                aria-current=current.then_some("page")
                            >
                                {member.name}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <dt>{t.office}</dt>
                <dd>
                    <p>{office.name}</p>
                    <h2 class="small-heading">{t.joint_office_members}</h2>
                    <ul class="inline-list">{members}</ul>
                </dd>
            }
            .into_any()
        }
    };
    let description = format!(
        "{} – {}{}",
        detail.name,
        detail.legal_status,
        detail
            .county
            .as_ref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default()
    );
    view! {
        <Title text=detail.name.clone() />
        <Meta name="description" content=description />
        <article class="municipality">
            <h1>{detail.name.clone()}</h1>
            {detail.has_branch_office.then(|| view! { <p class="notice">{t.branch_office}</p> })}
            <dl class="facts">
                <dt>{t.legal_status}</dt>
                <dd>{detail.legal_status}</dd>
                {detail.county.map(|county| view! {
                    <dt>{t.county}</dt>
                    <dd>{county}</dd>
                })}
                {detail.district_name.map(|district| view! {
                    <dt>{t.district}</dt>
                    <dd>{district}</dd>
                })}
                <dt>{t.population}</dt>
                <dd>{format_thousands(i64::from(detail.population))}</dd>
                <dt>{t.dwellings}</dt>
                <dd>{format_thousands(i64::from(detail.dwellings))}</dd>
                <dt>{t.area}</dt>
                <dd>{format!("{} ha", format_thousands(i64::from(detail.area_ha)))}</dd>
                <dt>{t.postal_codes}</dt>
                <dd>{detail.postal_codes.join(", ")}</dd>
                <dt>{t.ksh_code}</dt>
                <dd>{format!("{:05}", detail.id)}</dd>
                {office}
            </dl>
        </article>
    }
}
