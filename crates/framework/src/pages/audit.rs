//! The audit log of the municipality: filters, newest first, and a check of the hash chain.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{VerifyAudit, list_audit};
use openasp_core::query::encode_query_value;
use openasp_ui::components::{ErrorNotice, Pager};
use openasp_ui::forms::{ErrorSummary, action_error, tr};

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("actor").unwrap_or_default(),
                q.get("action").unwrap_or_default(),
                q.get("from").unwrap_or_default(),
                q.get("until").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let entries = Resource::new(
        move || filter.get(),
        |(actor, action, from, until, page)| list_audit(actor, action, from, until, page),
    );
    let verify = ServerAction::<VerifyAudit>::new();
    let verify_error = action_error(verify);
    let initial = filter.get_untracked();
    view! {
        <Title text=tr("Naplók", "Audit log") />
        <h1>{tr("Naplók", "Audit log")}</h1>
        <form method="get" action="/ugyintezo/naplo" class="search-form" role="search">
            <div class="field">
                <label for="actor">{tr("Végrehajtó", "Actor")}</label>
                <input id="actor" name="actor" type="search" value=initial.0.clone() />
            </div>
            <div class="field">
                <label for="action">{tr("Esemény (kód eleje)", "Event (code prefix)")}</label>
                <input id="action" name="action" type="search" value=initial.1.clone() />
            </div>
            <div class="field">
                <label for="from">{tr("Ettől", "From")}</label>
                <input id="from" name="from" type="date" value=initial.2.clone() />
            </div>
            <div class="field">
                <label for="until">{tr("Eddig", "Until")}</label>
                <input id="until" name="until" type="date" value=initial.3.clone() />
            </div>
            <button type="submit" class="button">{tr("Szűrés", "Filter")}</button>
        </form>
        <section class="verify" aria-labelledby="verify-heading">
            <h2 id="verify-heading">{tr("A napló sértetlensége", "Integrity of the log")}</h2>
            <ErrorSummary error=verify_error />
            <ActionForm action=verify>
                <button type="submit" class="button button--secondary">
                    {tr("Hash-lánc ellenőrzése", "Verify the hash chain")}
                </button>
            </ActionForm>
            <div role="status" class="verify__result">
                {move || {
                    verify
                        .value()
                        .get()
                        .and_then(|r| r.ok())
                        .map(|result| match result.problem {
                            None => view! {
                                <p class="success-notice">
                                    {format!("{} {}", tr("A lánc ép. Ellenőrzött bejegyzések:", "The chain is intact. Entries checked:"), result.entries_checked)}
                                </p>
                            }
                            .into_any(),
                            Some(problem) => view! {
                                <p class="error-notice">
                                    {format!("{} {problem}", tr("A lánc sérült:", "The chain is broken:"))}
                                </p>
                            }
                            .into_any(),
                        })
                }}
            </div>
        </section>
        <Transition fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(page) => {
                        let (actor, action, from, until, _) = filter.get_untracked();
                        let page_count = page.page_count();
                        let rows = page
                            .items
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <tr>
                                        <td class="numeric">{e.seq}</td>
                                        <td>{e.occurred_at}</td>
                                        <td>{e.actor_name}</td>
                                        <td><code>{e.action}</code></td>
                                        <td>{format!("{} {}", e.object_type, e.object_id.unwrap_or_default())}</td>
                                        <td>{e.summary}</td>
                                        <td>{e.ip.unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <p class="results-count" role="status">
                                {format!("{} {}", page.total, tr("bejegyzés", "entries"))}
                            </p>
                            <div class="table-scroll" tabindex="0" role="region" aria-label=tr("Naplóbejegyzések", "Audit entries")>
                                <table class="results results--compact">
                                    <thead>
                                        <tr>
                                            <th scope="col">"#"</th>
                                            <th scope="col">{tr("Időpont", "Time")}</th>
                                            <th scope="col">{tr("Végrehajtó", "Actor")}</th>
                                            <th scope="col">{tr("Esemény", "Event")}</th>
                                            <th scope="col">{tr("Tárgy", "Object")}</th>
                                            <th scope="col">{tr("Részletek", "Details")}</th>
                                            <th scope="col">{tr("Honnan", "From")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <Pager
                                page=page.page
                                page_count
                                href_for=move |p| {
                                    format!(
                                        "/ugyintezo/naplo?actor={}&action={}&from={}&until={}&page={p}",
                                        encode_query_value(&actor),
                                        encode_query_value(&action),
                                        encode_query_value(&from),
                                        encode_query_value(&until),
                                    )
                                }
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
