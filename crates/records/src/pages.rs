//! The records clerk's page: register a document, and the register of the municipality.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{RegisterDocument, list_register};
use openasp_core::query::encode_query_value;
use openasp_ui::components::PagedTable;
use openasp_ui::forms::{ErrorSummary, Field, action_error, action_successes, tr};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let query = use_query_map();
    let register = ServerAction::<RegisterDocument>::new();
    let register_done = action_successes(register);
    let error = action_error(register);
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let rows = Resource::new(
        move || (filter.get(), register_done.get()),
        |((q, page), _)| list_register(q, page),
    );
    let initial = filter.get_untracked();
    let option =
        |value: &'static str, label: &'static str| view! { <option value=value>{label}</option> };
    view! {
        <Title text=tr("Iktatás", "Registration") />
        <h1>{tr("Iktatás", "Registration")}</h1>
        <section aria-labelledby="new-heading" class="narrow">
            <h2 id="new-heading">{tr("Új ügyirat iktatása", "Register a new case file")}</h2>
            <ErrorSummary error />
            {move || {
                register
                    .value()
                    .get()
                    .and_then(|r| r.ok())
                    .map(|number| {
                        view! {
                            <div class="success-notice" role="status">
                                {tr("Iktatószám: ", "Registry number: ")}
                                <strong class="registry-number">{number}</strong>
                            </div>
                        }
                    })
            }}
            <ActionForm action=register attr:class="stack" attr:novalidate=true>
                <Field id="subject" label=tr("Tárgy", "Subject") required=true error />
                <div class="field">
                    <label for="direction">{tr("Irány", "Direction")}</label>
                    <select id="direction" name="direction">
                        {option("Incoming", tr("Bejövő", "Incoming"))}
                        {option("Outgoing", tr("Kimenő", "Outgoing"))}
                        {option("Internal", tr("Belső", "Internal"))}
                    </select>
                </div>
                <div class="field">
                    <label for="channel">{tr("Érkezés módja", "Channel")}</label>
                    <select id="channel" name="channel">
                        {option("Paper", tr("Papír (postai)", "Paper (post)"))}
                        {option("Email", tr("E-mail", "E-mail"))}
                        {option("OfficeMailbox", tr("Hivatali kapu", "Office mailbox"))}
                        {option("Portal", tr("E-ügyintézési portál", "Citizen portal"))}
                        {option("Internal", tr("Belső", "Internal"))}
                    </select>
                </div>
                <Field id="sender" label=tr("Küldő / címzett (nem kötelező)", "Sender / addressee (optional)") error />
                <button type="submit" class="button" disabled=move || register.pending().get()>
                    {tr("Iktatás", "Register")}
                </button>
            </ActionForm>
        </section>
        <h2>{tr("Iktatókönyv", "Register book")}</h2>
        <form method="get" action="/ugyintezo/iktatas" class="search-form" role="search">
            <div class="field">
                <label for="q">{tr("Tárgy vagy iktatószám", "Subject or registry number")}</label>
                <input id="q" name="q" type="search" value=initial.0.clone() />
            </div>
            <button type="submit" class="button">{tr("Keresés", "Search")}</button>
        </form>
        <PagedTable
            rows
            count_noun=tr("irat", "documents")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Tárgy", "Subject"),
                tr("Küldő / címzett", "Sender / addressee"),
                tr("Iktatva", "Registered"),
            ]
            row=|r: super::types::RegisterEntry| {
                // A cancelled registration keeps its number: struck through, with its reason.
                let number = match r.cancelled_reason.clone() {
                    Some(_) => view! { <del class="cancelled">{r.registry_number.clone()}</del> }.into_any(),
                    None => view! {
                        <a href=format!("/ugyintezo/iratkezeles/ugyirat/{}", r.case_file_id)>{r.registry_number.clone()}</a>
                    }
                    .into_any(),
                };
                let reason = r.cancelled_reason.map(|reason| view! {
                    <br />
                    <span class="field__hint">{tr("Sztornózva: ", "Cancelled: ")}{reason}</span>
                });
                view! {
                    <tr>
                        <th scope="row">{number}</th>
                        <td>{r.subject}{reason}</td>
                        <td>{r.sender.unwrap_or_default()}</td>
                        <td>{r.registered_at}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (q, _) = filter.get_untracked();
                format!("/ugyintezo/iktatas?q={}&page={p}", encode_query_value(&q))
            })
        />
    }
}
