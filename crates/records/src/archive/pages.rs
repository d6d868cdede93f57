//! The archive screens: closing and reopening a case file, putting it into the archive,
//! lending it out, legal holds; the archive and lent-out lists, destruction lists, the
//! transfer to the public archives, and the yearly closing of books with their PDF print.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::api::{
    ApproveDestruction, ArchiveCase, CloseBook, CloseCase, ExecuteDestruction, LendCase,
    LiftLegalHold, MarkTransferred, ProposeDestruction, ReopenCase, SetLegalHold, TakeBackCase,
    archive_case_view, destruction_candidates, destruction_list, destruction_lists, list_archive,
    list_books, transfer_due,
};
use super::types::{ArchivedCase, BookClosingRow, CaseArchiveView, DestructionListRow, state_name};
use openasp_core::error::AppError;
use openasp_ui::components::{ErrorNotice, PagedTable};
use openasp_ui::forms::{
    ErrorSummary, Field, SuccessNotice, action_error, action_succeeded, action_successes, tr,
};
use openasp_ui::i18n::use_lang;

const BASE: &str = "/ugyintezo/iratkezeles";

fn page_param() -> Memo<u64> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1)
        })
    })
}

fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())))
}

/// The sub-navigation of the archive screens.
#[component]
fn ArchiveNav() -> impl IntoView {
    view! {
        <nav aria-label=tr("Irattár", "Archive")>
            <ul class="inline-list">
                <li><a href=format!("{BASE}/irattar")>{tr("Irattár", "Archive")}</a></li>
                <li><a href=format!("{BASE}/irattar?nezet=lent")>{tr("Kikölcsönzött", "Lent out")}</a></li>
                <li><a href=format!("{BASE}/irattar?nezet=overdue")>{tr("Lejárt kölcsönzés", "Overdue")}</a></li>
                <li><a href=format!("{BASE}/selejtezes")>{tr("Selejtezés", "Disposal")}</a></li>
                <li><a href=format!("{BASE}/leveltar")>{tr("Levéltári átadás", "Transfer to the archives")}</a></li>
                <li><a href=format!("{BASE}/konyvzaras")>{tr("Könyvzárás", "Closing the books")}</a></li>
            </ul>
        </nav>
    }
}

/// What every case-file screen shows first: number, subject, state and the archive facts.
#[component]
fn CaseFacts(case: CaseArchiveView) -> impl IntoView {
    let lang = use_lang();
    let fact = |label: &'static str, value: Option<String>| {
        value.map(|value| {
            view! {
                <dt>{label}</dt>
                <dd>{value}</dd>
            }
        })
    };
    view! {
        <dl class="facts">
            <dt>{tr("Iktatószám", "Registry number")}</dt>
            <dd class="registry-number">{case.registry_number.clone()}</dd>
            <dt>{tr("Tárgy", "Subject")}</dt>
            <dd>{case.subject.clone()}</dd>
            <dt>{tr("Állapot", "State")}</dt>
            <dd id="state" tabindex="-1">{state_name(&case.state, lang)}</dd>
            {fact(tr("Lezárva", "Closed"), case.closed_on.clone())}
            {fact(tr("Irattári tétel", "Retention item"), case.retention.clone())}
            {fact(tr("Irattárba helyezve", "Archived"), case.archived_on.clone())}
            {fact(tr("Irattári hely", "Archive location"), case.archive_location.clone())}
            {fact(tr("Kikölcsönözte", "Lent to"), case.lent_to.clone())}
            {fact(tr("Visszahozatal határideje", "Due back"), case.lent_due.clone())}
            {fact(tr("Zárolás oka", "Legal hold"), case.legal_hold_reason.clone())}
        </dl>
        <p>
            <a href=format!("{BASE}/ugyirat/{}", case.id)>{tr("Vissza az ügyirathoz", "Back to the case file")}</a>
        </p>
    }
}

/// Loads the case file of the `:id` in the path again whenever `changes` moves.
fn case_resource(
    changes: impl Fn() -> usize + Send + Sync + 'static,
) -> Resource<Result<CaseArchiveView, AppError>> {
    let id = id_param();
    Resource::new(
        move || (id.get(), changes()),
        |(id, _)| async move {
            match id {
                Some(id) => archive_case_view(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

fn loading() -> impl IntoView {
    view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }
}

// ---- ugyirat/:id/lezaras ---------------------------------------------------------------------

#[component]
pub fn CaseClosePage() -> impl IntoView {
    let close = ServerAction::<CloseCase>::new();
    let close_done = action_successes(close);
    let reopen = ServerAction::<ReopenCase>::new();
    let reopen_done = action_successes(reopen);
    let case = case_resource(move || close_done.get() + reopen_done.get());
    let close_error = action_error(close);
    let reopen_error = action_error(reopen);
    let title = tr("Ügyirat lezárása", "Closing a case file");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <SuccessNotice show=action_succeeded(close) message=tr("Az ügyiratot lezárta.", "The case file is closed.") />
        <SuccessNotice show=action_succeeded(reopen) message=tr("Az ügyiratot újra megnyitotta.", "The case file is reopened.") />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match case.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(case) => {
                        let id = case.id.to_string();
                        let archive_href = format!("{BASE}/ugyirat/{id}/irattarba");
                        let selected = case.retention_item_id.or(case.default_retention_item_id);
                        let options = case
                            .retention_options
                            .iter()
                            .map(|o| {
                                let label = match o.retention_years {
                                    Some(years) => format!("{} – {} ({years} év)", o.code, o.title),
                                    None => format!("{} – {} (nem selejtezhető)", o.code, o.title),
                                };
                                view! {
                                    <option value=o.id.to_string() selected=Some(o.id) == selected>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view();
                        let form = match case.state.as_str() {
                            "Assigned" | "InProgress" => view! {
                                <h2>{tr("Lezárás", "Close")}</h2>
                                {(case.open_documents > 0).then(|| view! {
                                    <p class="notice">
                                        {tr(
                                            "Az ügyiratban kiadmányozásra vagy expediálásra váró irat van; amíg az el nem készül, az ügyirat nem zárható le.",
                                            "Outgoing documents still wait for sign-off or dispatch; the case file cannot be closed until they are done.",
                                        )}
                                    </p>
                                })}
                                <ErrorSummary error=close_error />
                                <ActionForm action=close attr:class="stack narrow" attr:novalidate=true>
                                    <input type="hidden" name="case_file" value=id.clone() />
                                    <div class="field">
                                        <label for="retention_item">{tr("Irattári tétel", "Retention-plan item")}</label>
                                        <p class="field__hint" id="retention_item-hint">
                                            {tr(
                                                "Alapértelmezés szerint az ügykör irattári tétele.",
                                                "By default the case category's item.",
                                            )}
                                        </p>
                                        <select id="retention_item" name="retention_item" aria-describedby="retention_item-hint">
                                            <option value="">{tr("– az ügykör szerinti –", "– as the case category says –")}</option>
                                            {options}
                                        </select>
                                    </div>
                                    <button type="submit" class="button">{tr("Lezárás", "Close")}</button>
                                </ActionForm>
                            }
                            .into_any(),
                            "Closed" => view! {
                                <h2>{tr("Újranyitás", "Reopen")}</h2>
                                <ErrorSummary error=reopen_error />
                                <ActionForm action=reopen attr:class="stack narrow" attr:novalidate=true>
                                    <input type="hidden" name="case_file" value=id.clone() />
                                    <Field id="reason" label=tr("Az újranyitás oka", "Reason for reopening") required=true error=reopen_error />
                                    <button type="submit" class="button button--secondary">{tr("Újranyitás", "Reopen")}</button>
                                </ActionForm>
                                <p>
                                    <a class="button" href=archive_href>
                                        {tr("Irattárba helyezés", "Put into the archive")}
                                    </a>
                                </p>
                            }
                            .into_any(),
                            _ => view! {
                                <p class="notice">
                                    {tr(
                                        "Ebben az állapotban az ügyirat nem zárható le és nem nyitható újra.",
                                        "In this state the case file can be neither closed nor reopened.",
                                    )}
                                </p>
                            }
                            .into_any(),
                        };
                        view! { <CaseFacts case /> {form} }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---- ugyirat/:id/irattarba ---------------------------------------------------------------------

#[component]
pub fn CaseArchivePage() -> impl IntoView {
    let archive = ServerAction::<ArchiveCase>::new();
    let archive_done = action_successes(archive);
    let case = case_resource(move || archive_done.get());
    let error = action_error(archive);
    let title = tr("Irattárba helyezés", "Putting into the archive");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <SuccessNotice show=action_succeeded(archive) message=tr("Az ügyirat az irattárba került.", "The case file is in the archive.") />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match case.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(case) => {
                        let id = case.id.to_string();
                        let lend_href = format!("{BASE}/ugyirat/{id}/kolcsonzes");
                        let form = (case.state == "Closed").then(|| view! {
                            <ErrorSummary error />
                            <ActionForm action=archive attr:class="stack narrow" attr:novalidate=true>
                                <input type="hidden" name="case_file" value=id.clone() />
                                <Field
                                    id="location"
                                    label=tr("Irattári hely", "Archive location")
                                    hint=tr("Például: Központi irattár, 3. polc, 12. doboz", "E.g. Central archive, shelf 3, box 12")
                                    required=true
                                    error
                                />
                                <button type="submit" class="button">{tr("Irattárba helyezés", "Put into the archive")}</button>
                            </ActionForm>
                        });
                        let done = (case.state == "Archived").then(|| view! {
                            <p>
                                <a class="button button--secondary" href=lend_href>
                                    {tr("Kölcsönzés", "Lending")}
                                </a>
                            </p>
                        });
                        let other = (case.state != "Closed" && case.state != "Archived").then(|| view! {
                            <p class="notice">
                                {tr("Csak lezárt ügyirat helyezhető irattárba.", "Only a closed case file can be put into the archive.")}
                            </p>
                        });
                        view! { <CaseFacts case /> {form} {done} {other} }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---- ugyirat/:id/kolcsonzes ----------------------------------------------------------------------

#[component]
pub fn CaseLendPage() -> impl IntoView {
    let lend = ServerAction::<LendCase>::new();
    let lend_done = action_successes(lend);
    let take_back = ServerAction::<TakeBackCase>::new();
    let take_back_done = action_successes(take_back);
    let case = case_resource(move || lend_done.get() + take_back_done.get());
    let lend_error = action_error(lend);
    let back_error = action_error(take_back);
    let title = tr("Kölcsönzés", "Lending");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <SuccessNotice show=action_succeeded(lend) message=tr("A kölcsönzést rögzítette.", "The lending is recorded.") />
        <SuccessNotice show=action_succeeded(take_back) message=tr("Az ügyirat visszakerült az irattárba.", "The case file is back in the archive.") />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match case.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(case) => {
                        let id = case.id.to_string();
                        let form = match (case.state.as_str(), case.lent_to.is_some()) {
                            ("Archived", false) => view! {
                                <h2>{tr("Kikölcsönzés", "Lend out")}</h2>
                                <ErrorSummary error=lend_error />
                                <ActionForm action=lend attr:class="stack narrow" attr:novalidate=true>
                                    <input type="hidden" name="case_file" value=id.clone() />
                                    <Field id="lent_to" label=tr("Kinek (név, szervezeti egység)", "To whom (name, unit)") required=true error=lend_error />
                                    <Field id="due" label=tr("Visszahozatal határideje", "Due back") input_type="date" required=true error=lend_error />
                                    <button type="submit" class="button">{tr("Kikölcsönzés", "Lend out")}</button>
                                </ActionForm>
                            }
                            .into_any(),
                            ("Archived", true) => view! {
                                <h2>{tr("Visszavétel", "Take back")}</h2>
                                {case.overdue.then(|| view! {
                                    <p class="notice">{tr("A visszahozatal határideje lejárt.", "The due date has passed.")}</p>
                                })}
                                <ErrorSummary error=back_error />
                                <ActionForm action=take_back>
                                    <input type="hidden" name="case_file" value=id.clone() />
                                    <button type="submit" class="button">{tr("Visszavétel az irattárba", "Take back into the archive")}</button>
                                </ActionForm>
                            }
                            .into_any(),
                            _ => view! {
                                <p class="notice">
                                    {tr("Csak irattárban lévő ügyirat kölcsönözhető.", "Only an archived case file can be lent out.")}
                                </p>
                            }
                            .into_any(),
                        };
                        view! { <CaseFacts case /> {form} }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---- ugyirat/:id/zarolas ---------------------------------------------------------------------------

#[component]
pub fn CaseHoldPage() -> impl IntoView {
    let hold = ServerAction::<SetLegalHold>::new();
    let hold_done = action_successes(hold);
    let release = ServerAction::<LiftLegalHold>::new();
    let release_done = action_successes(release);
    let case = case_resource(move || hold_done.get() + release_done.get());
    let hold_error = action_error(hold);
    let release_error = action_error(release);
    let title = tr("Zárolás", "Legal hold");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <SuccessNotice show=action_succeeded(hold) message=tr("Az ügyiratot zárolta; nem selejtezhető.", "The case file is held; it cannot be destroyed.") />
        <SuccessNotice show=action_succeeded(release) message=tr("A zárolást feloldotta.", "The legal hold is lifted.") />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match case.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(case) => {
                        let id = case.id.to_string();
                        let form = match (case.may_hold, case.legal_hold_reason.is_some()) {
                            (false, _) => view! {
                                <p class="notice">
                                    {tr("Zárolást az iratkezelési vezető rendelhet el és oldhat fel.", "Only the head of records sets and lifts legal holds.")}
                                </p>
                            }
                            .into_any(),
                            (true, false) => view! {
                                <ErrorSummary error=hold_error />
                                <ActionForm action=hold attr:class="stack narrow" attr:novalidate=true>
                                    <input type="hidden" name="case_file" value=id.clone() />
                                    <Field
                                        id="reason"
                                        label=tr("A zárolás oka", "Reason for the hold")
                                        hint=tr("Például: folyamatban lévő peres eljárás", "E.g. pending litigation")
                                        required=true
                                        error=hold_error
                                    />
                                    <button type="submit" class="button button--warning">{tr("Zárolás", "Set legal hold")}</button>
                                </ActionForm>
                            }
                            .into_any(),
                            (true, true) => view! {
                                <ErrorSummary error=release_error />
                                <ActionForm action=release>
                                    <input type="hidden" name="case_file" value=id.clone() />
                                    <button type="submit" class="button button--secondary">{tr("Zárolás feloldása", "Lift the legal hold")}</button>
                                </ActionForm>
                            }
                            .into_any(),
                        };
                        view! { <CaseFacts case /> {form} }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---- irattar --------------------------------------------------------------------------------------

fn case_link(c: &ArchivedCase) -> impl IntoView + use<> {
    view! { <a href=format!("{BASE}/ugyirat/{}", c.id)>{c.registry_number.clone()}</a> }
}

#[component]
pub fn ArchiveListPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                match q.get("nezet").as_deref() {
                    Some("lent") => "lent",
                    Some("overdue") => "overdue",
                    _ => "archived",
                },
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let rows = Resource::new(
        move || filter.get(),
        |(view, page)| list_archive(view.to_owned(), page),
    );
    let heading = move || match filter.get().0 {
        "lent" => tr("Kikölcsönzött ügyiratok", "Lent-out case files"),
        "overdue" => tr("Lejárt kölcsönzések", "Overdue lendings"),
        _ => tr("Irattár", "Archive"),
    };
    view! {
        <Title text=move || heading().to_owned() />
        <h1>{heading}</h1>
        <ArchiveNav />
        <PagedTable
            rows
            count_noun=tr("ügyirat", "case files")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Tárgy", "Subject"),
                tr("Irattári tétel", "Retention item"),
                tr("Hely", "Location"),
                tr("Kölcsönzés", "Lending"),
            ]
            row=|c: ArchivedCase| {
                let lending = match (&c.lent_to, &c.lent_due) {
                    (Some(to), Some(due)) => format!(
                        "{to}, {} {due}{}",
                        tr("határidő:", "due:"),
                        if c.overdue { tr(" – lejárt", " – overdue") } else { "" }
                    ),
                    _ => String::new(),
                };
                let lend_href = format!("{BASE}/ugyirat/{}/kolcsonzes", c.id);
                view! {
                    <tr>
                        <th scope="row">{case_link(&c)}</th>
                        <td>{c.subject.clone()}</td>
                        <td>{c.retention.clone().unwrap_or_default()}</td>
                        <td>{c.archive_location.clone().unwrap_or_default()}</td>
                        <td>
                            {lending} " "
                            <a href=lend_href>
                                {tr("Kölcsönzés", "Lending")}
                                <span class="visually-hidden">{format!(" ({})", c.registry_number)}</span>
                            </a>
                        </td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (view, _) = filter.get_untracked();
                format!("{BASE}/irattar?nezet={view}&page={p}")
            })
        />
    }
}

// ---- selejtezes --------------------------------------------------------------------------------------

#[component]
pub fn DestructionPage() -> impl IntoView {
    let page = page_param();
    let propose = ServerAction::<ProposeDestruction>::new();
    let propose_done = action_successes(propose);
    let error = action_error(propose);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = propose.value().get() {
            navigate(&format!("{BASE}/selejtezes/{id}"), Default::default());
        }
    });
    let candidates = Resource::new(
        move || (page.get(), propose_done.get()),
        |(page, _)| destruction_candidates(page),
    );
    let lists = Resource::new(
        move || (page.get(), propose_done.get()),
        |(page, _)| destruction_lists(page),
    );
    let title = tr("Selejtezés", "Disposal");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <ArchiveNav />
        <h2>{tr("Selejtezhető ügyiratok", "Case files due for disposal")}</h2>
        <p>
            {tr(
                "Az irattárban lévő ügyiratok, amelyek őrzési ideje lejárt. A zárolt és a nem selejtezhető tételű ügyiratok nem szerepelnek.",
                "Archived case files whose retention has expired. Held case files and items that are not disposable never appear.",
            )}
        </p>
        <PagedTable
            rows=candidates
            count_noun=tr("ügyirat", "case files")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Tárgy", "Subject"),
                tr("Lezárva", "Closed"),
                tr("Irattári tétel", "Retention item"),
            ]
            row=|c: ArchivedCase| {
                view! {
                    <tr>
                        <th scope="row">{case_link(&c)}</th>
                        <td>{c.subject.clone()}</td>
                        <td>{c.closed_on.clone().unwrap_or_default()}</td>
                        <td>{c.retention.clone().unwrap_or_default()}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(|p| format!("{BASE}/selejtezes?page={p}"))
        />
        <h2>{tr("Új selejtezési jegyzék", "New destruction list")}</h2>
        <ErrorSummary error />
        <ActionForm action=propose attr:class="stack narrow" attr:novalidate=true>
            <Field
                id="title"
                label=tr("A jegyzék megnevezése", "Title of the list")
                hint=tr("A jegyzékre minden most selejtezhető ügyirat felkerül.", "Every case file disposable now goes on the list.")
                required=true
                error
            />
            <button type="submit" class="button">{tr("Jegyzék összeállítása", "Propose the list")}</button>
        </ActionForm>
        <h2>{tr("Selejtezési jegyzékek", "Destruction lists")}</h2>
        <PagedTable
            rows=lists
            count_noun=tr("jegyzék", "lists")
            columns=vec![
                tr("Megnevezés", "Title"),
                tr("Állapot", "State"),
                tr("Összeállítva", "Proposed"),
                tr("Ügyiratok", "Case files"),
            ]
            row=|l: DestructionListRow| {
                let lang = use_lang();
                view! {
                    <tr>
                        <th scope="row"><a href=format!("{BASE}/selejtezes/{}", l.id)>{l.title.clone()}</a></th>
                        <td>{state_name(&l.state, lang)}</td>
                        <td>{l.created_on.clone()}</td>
                        <td class="numeric">{l.items}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(|p| format!("{BASE}/selejtezes?page={p}"))
        />
    }
}

#[component]
pub fn DestructionListPage() -> impl IntoView {
    let id = id_param();
    let approve = ServerAction::<ApproveDestruction>::new();
    let approve_done = action_successes(approve);
    let execute = ServerAction::<ExecuteDestruction>::new();
    let execute_done = action_successes(execute);
    let detail = Resource::new(
        move || (id.get(), approve_done.get(), execute_done.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => destruction_list(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let error = Signal::derive(move || {
        action_error(approve)
            .get()
            .or_else(|| action_error(execute).get())
    });
    let lang = use_lang();
    view! {
        <SuccessNotice show=action_succeeded(approve) message=tr("A jegyzéket jóváhagyta.", "The list is approved.") />
        <SuccessNotice show=action_succeeded(execute) message=tr("A selejtezést végrehajtotta.", "The disposal is carried out.") />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(list) => {
                        let id = list.id.to_string();
                        let decision = match (list.may_decide, list.state.as_str()) {
                            (true, "proposed") => Some(view! {
                                <ActionForm action=approve>
                                    <input type="hidden" name="list" value=id.clone() />
                                    <button id="list" type="submit" class="button">{tr("Jóváhagyás", "Approve")}</button>
                                </ActionForm>
                            }.into_any()),
                            (true, "approved") => Some(view! {
                                <ActionForm action=execute>
                                    <input type="hidden" name="list" value=id.clone() />
                                    <button id="list" type="submit" class="button button--warning">{tr("Selejtezés végrehajtása", "Carry out the disposal")}</button>
                                </ActionForm>
                            }.into_any()),
                            (false, "proposed" | "approved") => Some(view! {
                                <p class="notice">{tr("A jegyzéket az iratkezelési vezető hagyja jóvá és hajtja végre.", "The head of records approves and carries out the list.")}</p>
                            }.into_any()),
                            _ => None,
                        };
                        let items = list
                            .items
                            .iter()
                            .map(|c| view! {
                                <tr>
                                    <th scope="row">{case_link(c)}</th>
                                    <td>{c.subject.clone()}</td>
                                    <td>{c.closed_on.clone().unwrap_or_default()}</td>
                                    <td>{c.retention.clone().unwrap_or_default()}</td>
                                    <td>{state_name(&c.state, lang)}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <Title text=list.title.clone() />
                            <h1>{list.title.clone()}</h1>
                            <ArchiveNav />
                            <dl class="facts">
                                <dt>{tr("Állapot", "State")}</dt>
                                <dd>{state_name(&list.state, lang)}</dd>
                                <dt>{tr("Összeállítva", "Proposed")}</dt>
                                <dd>{list.created_on.clone()}</dd>
                                <dt>{tr("Jóváhagyva", "Approved")}</dt>
                                <dd>{list.approved_on.clone().unwrap_or_else(|| "–".into())}</dd>
                                <dt>{tr("Végrehajtva", "Carried out")}</dt>
                                <dd>{list.executed_on.clone().unwrap_or_else(|| "–".into())}</dd>
                            </dl>
                            <ErrorSummary error />
                            {decision}
                            <h2>{tr("A jegyzék ügyiratai", "Case files on the list")}</h2>
                            <p class="results-count">{format!("{} {}", list.items.len(), tr("ügyirat", "case files"))}</p>
                            <table class="results">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr("Iktatószám", "Registry number")}</th>
                                        <th scope="col">{tr("Tárgy", "Subject")}</th>
                                        <th scope="col">{tr("Lezárva", "Closed")}</th>
                                        <th scope="col">{tr("Irattári tétel", "Retention item")}</th>
                                        <th scope="col">{tr("Állapot", "State")}</th>
                                    </tr>
                                </thead>
                                <tbody>{items}</tbody>
                            </table>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

// ---- leveltar ------------------------------------------------------------------------------------------

#[component]
pub fn TransferPage() -> impl IntoView {
    let page = page_param();
    let mark = ServerAction::<MarkTransferred>::new();
    let mark_done = action_successes(mark);
    let error = action_error(mark);
    let rows = Resource::new(
        move || (page.get(), mark_done.get()),
        |(page, _)| transfer_due(page),
    );
    let title = tr("Levéltári átadás", "Transfer to the public archives");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <ArchiveNav />
        <p>
            {tr(
                "Az irattárban lévő ügyiratok, amelyek levéltárba adási ideje elérkezett. Az átadási csomag az ügyiratokat, irataikat és előzményeiket tartalmazza (JSON).",
                "Archived case files due for transfer to the public archives. The package holds the case files, their documents and history (JSON).",
            )}
        </p>
        {move || {
            mark.value()
                .get()
                .and_then(|r| r.ok())
                .map(|count| view! {
                    <div class="success-notice" role="status">
                        {format!("{count} {}", tr("ügyirat levéltárba adva.", "case files transferred."))}
                    </div>
                })
        }}
        <PagedTable
            rows
            count_noun=tr("ügyirat", "case files")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Tárgy", "Subject"),
                tr("Lezárva", "Closed"),
                tr("Irattári tétel", "Retention item"),
            ]
            row=|c: ArchivedCase| {
                view! {
                    <tr>
                        <th scope="row">{case_link(&c)}</th>
                        <td>{c.subject.clone()}</td>
                        <td>{c.closed_on.clone().unwrap_or_default()}</td>
                        <td>{c.retention.clone().unwrap_or_default()}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(|p| format!("{BASE}/leveltar?page={p}"))
        />
        <p>
            <a class="button button--secondary" href=format!("{BASE}/leveltar/csomag") rel="external" download="">
                {tr("Átadási csomag letöltése", "Download the transfer package")}
            </a>
        </p>
        <ErrorSummary error />
        <ActionForm action=mark>
            <button id="transfer" type="submit" class="button button--warning">
                {tr("Átadottnak jelölés", "Mark as transferred")}
            </button>
        </ActionForm>
    }
}

// ---- konyvzaras ------------------------------------------------------------------------------------------

#[component]
pub fn BookClosingPage() -> impl IntoView {
    let page = page_param();
    let close = ServerAction::<CloseBook>::new();
    let close_done = action_successes(close);
    // The rows' close buttons reach the action through the context (a table row is a plain fn).
    provide_context(close);
    let error = action_error(close);
    let rows = Resource::new(
        move || (page.get(), close_done.get()),
        |(page, _)| list_books(page),
    );
    let title = tr("Könyvzárás", "Closing the books");
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <ArchiveNav />
        <p>
            {tr(
                "A lezárt könyvbe több irat nem iktatható. A lezárás záradékkal történik, és nem vonható vissza.",
                "A closed book takes no more registrations. Closing writes the closing statement and cannot be undone.",
            )}
        </p>
        {move || {
            close.value()
                .get()
                .and_then(|r| r.ok())
                .map(|statement| view! {
                    <div class="success-notice" role="status">
                        <p>{tr("A könyvet lezárta. Záradék:", "The book is closed. Closing statement:")}</p>
                        <p class="closing-statement">{statement}</p>
                    </div>
                })
        }}
        <ErrorSummary error />
        <PagedTable
            rows
            count_noun=tr("könyv", "books")
            columns=vec![
                tr("Könyv", "Book"),
                tr("Év", "Year"),
                tr("Utolsó főszám", "Last main number"),
                tr("Állapot", "State"),
                tr("Nyomtatás", "Print"),
            ]
            row=|b: BookClosingRow| {
                let close = use_context::<ServerAction<CloseBook>>();
                let state = match &b.closed_on {
                    Some(on) => view! {
                        <span>{format!("{} {on}", tr("Lezárva", "Closed"))}</span>
                        {b.closing_statement.clone().map(|s| view! { <p class="field__hint">{s}</p> })}
                    }
                    .into_any(),
                    None => {
                        let id = b.id.to_string();
                        let label = format!(" ({} {})", b.name, b.year);
                        match close {
                            Some(close) => view! {
                                <ActionForm action=close>
                                    <input type="hidden" name="book" value=id />
                                    <button type="submit" class="button button--warning">
                                        {tr("Lezárás", "Close")}
                                        <span class="visually-hidden">{label}</span>
                                    </button>
                                </ActionForm>
                            }
                            .into_any(),
                            None => ().into_any(),
                        }
                    }
                };
                let kind = if b.kind == "receipt" {
                    tr("érkeztetőkönyv", "receipt book")
                } else {
                    tr("iktatókönyv", "register book")
                };
                view! {
                    <tr>
                        <th scope="row">{b.name.clone()} <span class="field__hint">{format!(" ({kind})")}</span></th>
                        <td>{b.year}</td>
                        <td class="numeric">{b.last_main}</td>
                        <td>{state}</td>
                        <td>
                            <a href=format!("{BASE}/konyvzaras/{}/nyomtatas.pdf", b.id) rel="external" download="">
                                {tr("PDF", "PDF")}
                                <span class="visually-hidden">{format!(" – {} {}", b.name, b.year)}</span>
                            </a>
                        </td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(|p| format!("{BASE}/konyvzaras?page={p}"))
        />
    }
}
