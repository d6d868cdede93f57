//! Building blocks shared by every page: header, footer, pager, error and not-found notices.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::i18n::{Lang, use_lang, use_texts};
use openasp_core::error::AppError;
use openasp_core::paging::pager_window;

#[component]
pub fn Header() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let location = use_location();
    let other = match lang {
        Lang::Hu => Lang::En,
        Lang::En => Lang::Hu,
    };
    // The switch is a plain link to a server route that sets the cookie and comes back here,
    // so it works without JavaScript; `rel=external` keeps the client router out of it.
    let switch_href = move || {
        let search = location.search.get();
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        format!(
            "/lang/{}?next={}",
            other.code(),
            openasp_core::query::encode_query_value(&here)
        )
    };
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/">
                    <span class="site-header__name">{t.platform_name}</span>
                    <span class="site-header__tagline">{t.platform_tagline}</span>
                </a>
                <a class="site-header__signin" href="/ugyintezo">
                    {t.clerk_sign_in}
                </a>
                <a
                    class="site-header__lang"
                    href=switch_href
                    rel="external"
                    hreflang=other.code()
                    lang=other.code()
                    title=t.language_switch
                >
                    {t.other_language_name}
                </a>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let t = use_texts();
    view! {
        <footer class="site-footer">
            <p>{t.footer_note}</p>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_texts();
    #[cfg(feature = "ssr")]
    crate::server_context::set_status(404);
    view! {
        <Title text=t.not_found_title />
        <h1>{t.not_found_title}</h1>
        <p>
            <a href="/">{t.back_to_home}</a>
        </p>
    }
}

/// Shows an error from a server function in the user's language. Rendered on the server, the
/// page answers with the error's status (a missing or foreign id is a real 404, not a 200
/// page saying "not found"); the clerk pages render whole before answering (`SsrMode::Async`),
/// so the status is still ours to set.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status_code())
    {
        response.set_status(status);
    }
    let title = match error {
        AppError::NotFound => t.not_found_title,
        _ => t.error_title,
    };
    view! {
        <Title text=title />
        <div class="error-notice" role="alert">
            <h1>{title}</h1>
            <p>{error.user_message(lang)}</p>
            <p>
                <a href="/">{t.back_to_home}</a>
            </p>
        </div>
    }
}

/// Page links under a list. `href_for(page)` builds the link of a page.
#[component]
pub fn Pager(
    page: u64,
    page_count: u64,
    href_for: impl Fn(u64) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_texts();
    if page_count <= 1 {
        return ().into_any();
    }
    let previous = (page > 1).then(|| {
        view! {
            <li>
                <a class="pager__step" href=href_for(page - 1) rel="prev">
                    {t.previous_page}
                </a>
            </li>
        }
    });
    let numbers = pager_window(page, page_count)
        .into_iter()
        .map(|entry| match entry {
            None => view! { <li class="pager__gap" aria-hidden="true">"…"</li> }.into_any(),
            Some(p) if p == page => view! {
                <li>
                    <a class="pager__number pager__number--current" href=href_for(p) aria-current="page">
                        <span class="visually-hidden">{(t.page_of)(p, page_count)}</span>
                        <span aria-hidden="true">{p}</span>
                    </a>
                </li>
            }
            .into_any(),
            Some(p) => view! {
                <li>
                    <a class="pager__number" href=href_for(p)>
                        <span class="visually-hidden">{(t.page_of)(p, page_count)}</span>
                        <span aria-hidden="true">{p}</span>
                    </a>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    let next = (page < page_count).then(|| {
        view! {
            <li>
                <a class="pager__step" href=href_for(page + 1) rel="next">
                    {t.next_page}
                </a>
            </li>
        }
    });
    view! {
        <nav class="pager" aria-label=t.pagination_label>
            <ul>{previous} {numbers} {next}</ul>
        </nav>
    }
    .into_any()
}

/// Formats an integer with Hungarian thousands separators (a thin space): 1 749 734.
pub fn format_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(format_thousands(0), "0");
        assert_eq!(format_thousands(999), "999");
        assert_eq!(format_thousands(1000), "1\u{202f}000");
        assert_eq!(format_thousands(1_749_734), "1\u{202f}749\u{202f}734");
        assert_eq!(format_thousands(-12345), "-12\u{202f}345");
    }
}

/// A paginated list as every list page shows it: the count (announced to screen readers),
/// a table with one row per item, and the pager; a friendly error instead when loading failed.
#[component]
pub fn PagedTable<T, V>(
    rows: Resource<Result<openasp_core::paging::Page<T>, AppError>>,
    /// What is counted, e.g. "irat" in "12 irat".
    count_noun: &'static str,
    columns: Vec<&'static str>,
    row: fn(T) -> V,
    /// The link of a page of the list (with the current filters).
    href_for: std::sync::Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let t = use_texts();
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {
                let columns = columns.clone();
                let href_for = href_for.clone();
                move || {
                    let columns = columns.clone();
                    let href_for = href_for.clone();
                    Suspend::new(async move {
                        match rows.await {
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(page) => {
                                let page_count = page.page_count();
                                let head = columns
                                    .iter()
                                    .map(|c| view! { <th scope="col">{*c}</th> })
                                    .collect_view();
                                let body = page.items.into_iter().map(row).collect_view();
                                view! {
                                    <p class="results-count" role="status">
                                        {format!("{} {count_noun}", page.total)}
                                    </p>
                                    <table class="results">
                                        <thead>
                                            <tr>{head}</tr>
                                        </thead>
                                        <tbody>{body}</tbody>
                                    </table>
                                    <Pager page=page.page page_count href_for=move |p| href_for(p) />
                                }
                                    .into_any()
                            }
                        }
                    })
                }
            }
        </Transition>
    }
}
