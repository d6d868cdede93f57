//! The screens of the daily flow, under /ugyintezo/iratkezeles/: receipt, the assignment
//! queue, my work, deadlines, the dispatch queue, return receipts, and the action pages of a
//! case file (`ugyirat/:id/…`) and of a document (`irat/:id/…`).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    AddDocument, AddNote, AssignCase, AssignReceipt, CancelDocument, Dispatch, LinkAntecedent,
    MergeCase, Receive, RecordReturn, RegisterReceipt, ResumeCase, SignOff, SuspendCase,
    dispatch_queue, get_assignment_choices, get_case_brief, get_dispatch, get_document,
    get_receipt, list_deadlines, list_drafts, list_receipts, list_return_receipts, list_unassigned,
    my_cases,
};
use super::types::{CaseBrief, CaseRow, DispatchView, DocumentRow, ReceiptView};
use openasp_core::error::AppError;
use openasp_ui::components::{ErrorNotice, PagedTable};
use openasp_ui::forms::{
    ErrorSummary, Field, SelectField, SuccessNotice, TextArea, action_error, action_succeeded,
    action_successes, tr,
};

/// Where the flow's pages live.
pub const BASE: &str = "/ugyintezo/iratkezeles";

fn loading() -> impl IntoView {
    view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }
}

fn page_param(name: &'static str) -> Memo<u64> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name).and_then(|p| p.parse::<u64>().ok()).unwrap_or(1)))
}

/// The `:id` of the route (0 when it is not a number: the server then finds nothing).
fn id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    })
}

pub fn case_state_label(code: &str) -> &'static str {
    match code {
        "Registered" => tr("Iktatva", "Registered"),
        "Assigned" => tr("Szignálva", "Assigned"),
        "InProgress" => tr("Ügyintézés alatt", "In progress"),
        "Suspended" => tr("Felfüggesztve", "Suspended"),
        "Closed" => tr("Lezárva", "Closed"),
        "Archived" => tr("Irattárban", "Archived"),
        "Disposed" => tr("Selejtezve", "Disposed"),
        "TransferredToArchives" => tr("Levéltárba adva", "Transferred to the archives"),
        "Cancelled" => tr("Sztornózva", "Cancelled"),
        "Merged" => tr("Szerelve", "Merged"),
        _ => tr("Ismeretlen", "Unknown"),
    }
}

pub fn document_state_label(code: &str) -> &'static str {
    match code {
        "registered" => tr("Iktatva", "Registered"),
        "draft" => tr("Tervezet", "Draft"),
        "signed_off" => tr("Kiadmányozva", "Signed off"),
        "dispatched" => tr("Expediálva", "Dispatched"),
        "cancelled" => tr("Sztornózva", "Cancelled"),
        _ => tr("Ismeretlen", "Unknown"),
    }
}

fn direction_label(code: &str) -> &'static str {
    match code {
        "Incoming" => tr("Bejövő", "Incoming"),
        "Outgoing" => tr("Kimenő", "Outgoing"),
        _ => tr("Belső", "Internal"),
    }
}

fn receipt_state_label(code: &str) -> &'static str {
    match code {
        "received" => tr("Szignálásra vár", "Waiting for assignment"),
        "assigned" => tr(
            "Szignálva, iktatásra vár",
            "Assigned, waiting for registration",
        ),
        "registered" => tr("Iktatva", "Registered"),
        _ => tr("Ismeretlen", "Unknown"),
    }
}

fn channel_label(code: &str) -> &'static str {
    match code {
        "Paper" => tr("Papír (postai)", "Paper (post)"),
        "Email" => tr("E-mail", "E-mail"),
        "OfficeMailbox" => tr("Hivatali kapu", "Office mailbox"),
        "Portal" => tr("E-ügyintézési portál", "Citizen portal"),
        _ => tr("Belső", "Internal"),
    }
}

fn return_status_label(code: &str) -> &'static str {
    match code {
        "pending" => tr("Visszaérkezésre vár", "Waiting for return"),
        "delivered" => tr("Kézbesítve", "Delivered"),
        "refused" => tr("Átvételt megtagadta", "Refused"),
        "not_collected" => tr("Nem kereste", "Not collected"),
        "address_unknown" => tr("Címzett ismeretlen", "Addressee unknown"),
        "not_applicable" => tr(
            "Nem értelmezett (elektronikus)",
            "Not applicable (electronic)",
        ),
        _ => tr("Ismeretlen", "Unknown"),
    }
}

fn pairs(items: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, t)| ((*v).to_owned(), (*t).to_owned()))
        .collect()
}

fn channel_options() -> Vec<(String, String)> {
    pairs(&[
        ("Paper", tr("Papír (postai)", "Paper (post)")),
        ("Email", tr("E-mail", "E-mail")),
        ("OfficeMailbox", tr("Hivatali kapu", "Office mailbox")),
        ("Portal", tr("E-ügyintézési portál", "Citizen portal")),
    ])
}

// ---- Receipt --------------------------------------------------------------------------------

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let receive = ServerAction::<Receive>::new();
    let receive_done = action_successes(receive);
    let error = action_error(receive);
    let page = page_param("page");
    let rows = Resource::new(
        move || (page.get(), receive_done.get()),
        |(page, _)| list_receipts("waiting".to_owned(), page),
    );
    view! {
        <Title text=tr("Érkeztetés", "Receipt") />
        <h1>{tr("Érkeztetés", "Receipt")}</h1>
        <section aria-labelledby="receive-heading" class="narrow">
            <h2 id="receive-heading">{tr("Beérkezett küldemény rögzítése", "Record incoming mail")}</h2>
            <ErrorSummary error />
            {move || {
                receive
                    .value()
                    .get()
                    .and_then(|r| r.ok())
                    .map(|r| {
                        view! {
                            <div class="success-notice" role="status">
                                {tr("Érkeztetőszám: ", "Receipt number: ")}
                                <strong class="receipt-number">{r.receipt_number}</strong>
                                " "
                                <a href=format!("{BASE}/erkeztetes/{}", r.id)>
                                    {tr("Szignálás és iktatás", "Assign and register")}
                                </a>
                            </div>
                        }
                    })
            }}
            <ActionForm action=receive attr:class="stack" attr:novalidate=true>
                <Field id="subject" label=tr("Tárgy", "Subject") required=true error />
                <SelectField id="channel" label=tr("Érkezés módja", "Channel") options=channel_options() error />
                <Field id="sender" label=tr("Küldő", "Sender") hint=tr("Név vagy szervezet", "Name or organisation") error />
                <input type="hidden" name="partner" value="" />
                <Field
                    id="received_at"
                    label=tr("Érkezés ideje (nem kötelező)", "Arrival time (optional)")
                    hint=tr("Üresen hagyva: most", "Left empty: now")
                    input_type="datetime-local"
                    error
                />
                <TextArea
                    id="envelope"
                    label=tr("Boríték adatai (nem kötelező)", "Envelope data (optional)")
                    hint=tr("Például postabélyegző, ragszám, sérülés", "E.g. postmark, tracking number, damage")
                    error
                />
                <button type="submit" class="button" disabled=move || receive.pending().get()>
                    {tr("Érkeztetés", "Record receipt")}
                </button>
            </ActionForm>
        </section>
        <h2>{tr("Szignálásra és iktatásra váró küldemények", "Mail waiting for assignment and registration")}</h2>
        <ReceiptTable rows href=std::sync::Arc::new(|p| format!("{BASE}/erkeztetes?page={p}")) />
    }
}

#[component]
fn ReceiptTable(
    rows: Resource<Result<openasp_core::paging::Page<ReceiptView>, AppError>>,
    href: std::sync::Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> impl IntoView {
    view! {
        <PagedTable
            rows
            count_noun=tr("küldemény", "items")
            columns=vec![
                tr("Érkeztetőszám", "Receipt number"),
                tr("Tárgy", "Subject"),
                tr("Küldő", "Sender"),
                tr("Érkezett", "Received"),
                tr("Állapot", "Status"),
            ]
            row=|r: ReceiptView| {
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("{BASE}/erkeztetes/{}", r.id)>{r.receipt_number}</a>
                        </th>
                        <td>{r.subject}</td>
                        <td>{r.sender.unwrap_or_default()}</td>
                        <td>{r.received_at}</td>
                        <td>{receipt_state_label(&r.state)}</td>
                    </tr>
                }
            }
            href_for=href
        />
    }
}

/// One receipt: its data, its assignment (a head's) and its registration.
#[component]
pub fn ReceiptDetailPage() -> impl IntoView {
    let id = id_param();
    let assign = ServerAction::<AssignReceipt>::new();
    let assign_done = action_successes(assign);
    let register = ServerAction::<RegisterReceipt>::new();
    let register_done = action_successes(register);
    let receipt = Resource::new(
        move || (id.get(), assign_done.get(), register_done.get()),
        |(id, _, _)| get_receipt(id),
    );
    let choices = Resource::new(|| (), |_| get_assignment_choices());
    let assign_error = action_error(assign);
    let register_error = action_error(register);
    view! {
        <Title text=tr("Küldemény", "Incoming mail") />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match receipt.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(r) => {
                        let choices = choices.await.unwrap_or_default();
                        let open = r.state != "registered";
                        view! {
                            <h1>{tr("Küldemény ", "Incoming mail ")}{r.receipt_number.clone()}</h1>
                            <dl class="facts">
                                <dt>{tr("Tárgy", "Subject")}</dt>
                                <dd>{r.subject.clone()}</dd>
                                <dt>{tr("Küldő", "Sender")}</dt>
                                <dd>{r.sender.clone().unwrap_or_default()}</dd>
                                <dt>{tr("Érkezés módja", "Channel")}</dt>
                                <dd>{channel_label(&r.channel)}</dd>
                                <dt>{tr("Érkezett", "Received")}</dt>
                                <dd>{r.received_at.clone()}</dd>
                                <dt>{tr("Boríték", "Envelope")}</dt>
                                <dd>{r.envelope.clone().unwrap_or_default()}</dd>
                                <dt>{tr("Állapot", "Status")}</dt>
                                <dd class="receipt-state">{receipt_state_label(&r.state)}</dd>
                                <dt>{tr("Ügyintéző", "Handling clerk")}</dt>
                                <dd class="receipt-assignee">{r.assignee.clone().unwrap_or_default()}</dd>
                                <dt>{tr("Határidő", "Deadline")}</dt>
                                <dd>{r.deadline.clone().unwrap_or_default()}</dd>
                                <dt>{tr("Iktatószám", "Registry number")}</dt>
                                <dd class="registry-number">{r.registry_number.clone().unwrap_or_default()}</dd>
                            </dl>
                            {r.case_file_id.map(|case| view! {
                                <p>
                                    <a href=format!("{BASE}/ugyirat/{case}/alszam")>
                                        {tr("Új irat az ügyiratban (alszám)", "New document in the case file (sub-number)")}
                                    </a>
                                </p>
                            })}
                            {open.then(|| view! {
                                <section aria-labelledby="assign-heading" class="narrow">
                                    <h2 id="assign-heading">{tr("Szignálás", "Assignment")}</h2>
                                    <p class="field__hint">{tr("Az iratkezelési vezető joga.", "The head of records' right.")}</p>
                                    <ErrorSummary error=assign_error />
                                    <SuccessNotice show=action_succeeded(assign) message=tr("A küldeményt szignálta.", "The mail was assigned.") />
                                    <ActionForm action=assign attr:class="stack" attr:novalidate=true>
                                        <input type="hidden" name="receipt" value=r.id.to_string() />
                                        <AssignmentFields choices=choices.clone() with_category=false error=assign_error />
                                        <button type="submit" class="button">{tr("Szignálás", "Assign")}</button>
                                    </ActionForm>
                                </section>
                                <section aria-labelledby="register-heading" class="narrow">
                                    <h2 id="register-heading">{tr("Iktatás", "Registration")}</h2>
                                    <ErrorSummary error=register_error />
                                    <ActionForm action=register attr:class="stack" attr:novalidate=true>
                                        <input type="hidden" name="receipt" value=r.id.to_string() />
                                        <Field
                                            id="case_file"
                                            label=tr("Meglévő ügyirat iktatószáma (nem kötelező)", "Registry number of an existing case file (optional)")
                                            hint=tr("Üresen hagyva új főszámra iktat; például 12/2026 esetén alszámra.", "Left empty: a new main number; e.g. 12/2026 files it under a sub-number.")
                                            error=register_error
                                        />
                                        <button type="submit" class="button">{tr("Iktatás", "Register")}</button>
                                    </ActionForm>
                                </section>
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
        {move || {
            register.value().get().and_then(|r| r.ok()).map(|r| {
                view! {
                    <div class="success-notice" role="status">
                        {tr("Iktatószám: ", "Registry number: ")}
                        <strong class="registry-number">{r.registry_number}</strong>
                        " "
                        <a href=format!("{BASE}/ugyirat/{}/alszam", r.case_file_id)>
                            {tr("Új irat az ügyiratban", "New document in the case file")}
                        </a>
                    </div>
                }
            })
        }}
    }
}

/// The fields of an assignment: unit, handling clerk, (case category,) deadline, instructions.
#[component]
fn AssignmentFields(
    choices: super::types::AssignmentChoices,
    with_category: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let none = || {
        (
            String::new(),
            tr("– nincs megadva –", "– none –").to_owned(),
        )
    };
    let mut units = vec![none()];
    units.extend(
        choices
            .units
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone())),
    );
    let mut clerks = vec![(String::new(), tr("– válasszon –", "– choose –").to_owned())];
    clerks.extend(
        choices
            .clerks
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone())),
    );
    let mut categories = vec![none()];
    categories.extend(
        choices
            .categories
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone())),
    );
    view! {
        <SelectField id="handler" label=tr("Ügyintéző", "Handling clerk") options=clerks error />
        <SelectField id="unit" label=tr("Szervezeti egység", "Unit") options=units error />
        {with_category.then(|| view! {
            <SelectField
                id="category"
                label=tr("Ügykör (nem kötelező)", "Case category (optional)")
                hint=tr("Az ügykör határideje és irattári tétele érvényesül.", "The category's deadline and retention item apply.")
                options=categories
                error
            />
        })}
        <Field
            id="deadline"
            label=tr("Ügyintézési határidő (nem kötelező)", "Handling deadline (optional)")
            hint=tr("Üresen hagyva az ügykör szerinti, ennek hiányában 30 nap.", "Left empty: the category's, else 30 days.")
            input_type="date"
            error
        />
        <TextArea id="instructions" label=tr("Utasítás (nem kötelező)", "Instructions (optional)") error />
    }
}

// ---- Assignment queue -----------------------------------------------------------------------

#[component]
pub fn AssignmentQueuePage() -> impl IntoView {
    let receipts_page = page_param("page");
    let cases_page = page_param("ugyiratok");
    let receipts = Resource::new(
        move || receipts_page.get(),
        |page| list_receipts("waiting".to_owned(), page),
    );
    let cases = Resource::new(move || cases_page.get(), list_unassigned);
    view! {
        <Title text=tr("Szignálás", "Assignment") />
        <h1>{tr("Szignálás", "Assignment")}</h1>
        <h2>{tr("Szignálásra váró küldemények", "Mail waiting for assignment")}</h2>
        <ReceiptTable rows=receipts href=std::sync::Arc::new(move |p| format!("{BASE}/szignalas?page={p}&ugyiratok={}", cases_page.get_untracked())) />
        <h2>{tr("Szignálatlan ügyiratok", "Case files not yet assigned")}</h2>
        <CaseTable rows=cases action="szignalas" href=std::sync::Arc::new(move |p| format!("{BASE}/szignalas?page={}&ugyiratok={p}", receipts_page.get_untracked())) />
    }
}

fn case_row(c: CaseRow, action: &str) -> AnyView {
    view! {
        <tr class:overdue=c.overdue>
            <th scope="row">
                <a href=format!("{BASE}/ugyirat/{}/{action}", c.id)>{c.registry_number}</a>
            </th>
            <td>{c.subject}</td>
            <td>{c.handler.unwrap_or_default()}</td>
            <td>
                {c.deadline.unwrap_or_default()}
                {c.overdue.then(|| view! { " " <strong class="tag tag--overdue">{tr("lejárt", "overdue")}</strong> })}
            </td>
            <td>{case_state_label(&c.state)}</td>
        </tr>
    }
    .into_any()
}

#[component]
fn CaseTable(
    rows: Resource<Result<openasp_core::paging::Page<CaseRow>, AppError>>,
    /// The action page each row links to: `szignalas` or else `alszam`.
    action: &'static str,
    href: std::sync::Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> impl IntoView {
    // `PagedTable` takes a plain function per row.
    let row: fn(CaseRow) -> AnyView = if action == "szignalas" {
        |c| case_row(c, "szignalas")
    } else {
        |c| case_row(c, "alszam")
    };
    view! {
        <PagedTable
            rows
            count_noun=tr("ügyirat", "case files")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Tárgy", "Subject"),
                tr("Ügyintéző", "Handling clerk"),
                tr("Határidő", "Deadline"),
                tr("Állapot", "Status"),
            ]
            row
            href_for=href
        />
    }
}

fn document_row(d: DocumentRow, action: &str) -> AnyView {
    view! {
        <tr>
            <th scope="row">
                <a href=format!("{BASE}/irat/{}/{action}", d.id)>{d.registry_number}</a>
            </th>
            <td>{d.subject}</td>
            <td>
                <a href=format!("{BASE}/ugyirat/{}/alszam", d.case_file_id)>{d.case_registry_number}</a>
            </td>
            <td>{document_state_label(&d.state)}</td>
        </tr>
    }
    .into_any()
}

#[component]
fn DocumentTable(
    rows: Resource<Result<openasp_core::paging::Page<DocumentRow>, AppError>>,
    /// The action page each row links to: `kiadmanyozas` or else `expedialas`.
    action: &'static str,
    href: std::sync::Arc<dyn Fn(u64) -> String + Send + Sync>,
) -> impl IntoView {
    let row: fn(DocumentRow) -> AnyView = if action == "kiadmanyozas" {
        |d| document_row(d, "kiadmanyozas")
    } else {
        |d| document_row(d, "expedialas")
    };
    view! {
        <PagedTable
            rows
            count_noun=tr("irat", "documents")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Tárgy", "Subject"),
                tr("Ügyirat", "Case file"),
                tr("Állapot", "Status"),
            ]
            row
            href_for=href
        />
    }
}

// ---- My work, deadlines ------------------------------------------------------------------------

#[component]
pub fn MyWorkPage() -> impl IntoView {
    let cases_page = page_param("page");
    let drafts_page = page_param("tervezetek");
    let sign_page = page_param("kiadmanyozasra");
    let cases = Resource::new(move || cases_page.get(), my_cases);
    let drafts = Resource::new(
        move || drafts_page.get(),
        |page| list_drafts("mine".to_owned(), page),
    );
    // Only a head has a sign-off queue: others never ask for it.
    let me = openasp_framework::pages::use_signed_in_user();
    let to_sign = Resource::new(
        move || sign_page.get(),
        move |page| async move {
            let is_head = match me {
                Some(me) => me
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|u| u.has_role(openasp_framework::roles::Role::RecordsHead)),
                None => false,
            };
            if is_head {
                list_drafts("to-sign".to_owned(), page).await
            } else {
                Err(AppError::Forbidden)
            }
        },
    );
    let href = move |cases: u64, drafts: u64, sign: u64| {
        format!("{BASE}/sajat?page={cases}&tervezetek={drafts}&kiadmanyozasra={sign}")
    };
    view! {
        <Title text=tr("Saját ügyeim", "My work") />
        <h1>{tr("Saját ügyeim", "My work")}</h1>
        <h2>{tr("Ügyirataim", "My case files")}</h2>
        <CaseTable rows=cases action="alszam" href=std::sync::Arc::new(move |p| href(p, drafts_page.get_untracked(), sign_page.get_untracked())) />
        <h2>{tr("Kimenő irataim (tervezetek)", "My outgoing documents (drafts)")}</h2>
        <DocumentTable rows=drafts action="expedialas" href=std::sync::Arc::new(move |p| href(cases_page.get_untracked(), p, sign_page.get_untracked())) />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match to_sign.await {
                    Err(_) => ().into_any(),
                    Ok(_) => view! {
                        <h2>{tr("Kiadmányozásra váró tervezetek", "Drafts waiting for sign-off")}</h2>
                        <DocumentTable rows=to_sign action="kiadmanyozas" href=std::sync::Arc::new(move |p| href(cases_page.get_untracked(), drafts_page.get_untracked(), p)) />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn DeadlinesPage() -> impl IntoView {
    let query = use_query_map();
    let overdue = Memo::new(move |_| query.with(|q| q.get("lejart").is_some_and(|v| v == "1")));
    let page = page_param("page");
    let rows = Resource::new(
        move || (overdue.get(), page.get()),
        |(overdue, page)| list_deadlines(overdue, page),
    );
    view! {
        <Title text=tr("Határidők", "Deadlines") />
        <h1>{tr("Határidők", "Deadlines")}</h1>
        <p class="inline-list">
            <a href=format!("{BASE}/hataridok") aria-current=move || (!overdue.get()).then_some("page")>
                {tr("Minden futó határidő", "All running deadlines")}
            </a>
            <a href=format!("{BASE}/hataridok?lejart=1") aria-current=move || overdue.get().then_some("page")>
                {tr("Csak a lejártak", "Overdue only")}
            </a>
        </p>
        <CaseTable rows action="alszam" href=std::sync::Arc::new(move |p| format!("{BASE}/hataridok?lejart={}&page={p}", if overdue.get_untracked() { "1" } else { "0" })) />
    }
}

// ---- Dispatch, return receipts ------------------------------------------------------------------

#[component]
pub fn DispatchQueuePage() -> impl IntoView {
    let page = page_param("page");
    let rows = Resource::new(move || page.get(), dispatch_queue);
    view! {
        <Title text=tr("Expediálás", "Dispatch") />
        <h1>{tr("Expediálásra váró iratok", "Documents waiting for dispatch")}</h1>
        <DocumentTable rows action="expedialas" href=std::sync::Arc::new(|p| format!("{BASE}/expedialas?page={p}")) />
    }
}

#[component]
pub fn ReturnReceiptsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("szuro")
                    .filter(|f| ["pending", "never", "all"].contains(&f.as_str()))
                    .unwrap_or_else(|| "pending".to_owned()),
                q.get("napok")
                    .and_then(|d| d.parse::<u32>().ok())
                    .unwrap_or(15),
            )
        })
    });
    let page = page_param("page");
    let rows = Resource::new(
        move || (filter.get(), page.get()),
        |((filter, days), page)| list_return_receipts(filter, days, page),
    );
    let initial = filter.get_untracked();
    let option = move |value: &'static str, label: &'static str| {
        view! { <option value=value selected=initial.0 == value>{label}</option> }
    };
    view! {
        <Title text=tr("Tértivevények", "Return receipts") />
        <h1>{tr("Tértivevények", "Return receipts")}</h1>
        <form method="get" action=format!("{BASE}/tertivevenyek") class="search-form">
            <div class="field">
                <label for="szuro">{tr("Mutassa", "Show")}</label>
                <select id="szuro" name="szuro">
                    {option("pending", tr("Visszaérkezésre várók", "Waiting for return"))}
                    {option("never", tr("Vissza nem érkezettek", "Never returned"))}
                    {option("all", tr("Minden postai küldemény", "Every posted item"))}
                </select>
            </div>
            <div class="field">
                <label for="napok">{tr("Vissza nem érkezett ennyi nap után", "Never returned after days")}</label>
                <input id="napok" name="napok" type="number" min="0" value=initial.1.to_string() />
            </div>
            <button type="submit" class="button">{tr("Szűrés", "Filter")}</button>
        </form>
        <PagedTable
            rows
            count_noun=tr("küldemény", "items")
            columns=vec![
                tr("Iktatószám", "Registry number"),
                tr("Címzett", "Recipient"),
                tr("Ragszám", "Tracking number"),
                tr("Feladva", "Posted"),
                tr("Tértivevény", "Return receipt"),
            ]
            row=|d: DispatchView| {
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("{BASE}/tertivevenyek/{}", d.id)>{d.registry_number}</a>
                        </th>
                        <td>{d.recipient}</td>
                        <td>{d.tracking_number.unwrap_or_default()}</td>
                        <td>{d.dispatched_at}</td>
                        <td>{return_status_label(&d.return_status)} " " {d.return_date.unwrap_or_default()}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (filter, days) = filter.get_untracked();
                format!("{BASE}/tertivevenyek?szuro={filter}&napok={days}&page={p}")
            })
        />
    }
}

#[component]
pub fn ReturnReceiptPage() -> impl IntoView {
    let id = id_param();
    let record = ServerAction::<RecordReturn>::new();
    let record_done = action_successes(record);
    let error = action_error(record);
    let sent = Resource::new(
        move || (id.get(), record_done.get()),
        |(id, _)| get_dispatch(id),
    );
    view! {
        <Title text=tr("Tértivevény rögzítése", "Record a return receipt") />
        <h1>{tr("Tértivevény rögzítése", "Record a return receipt")}</h1>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match sent.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(d) => {
                        let pending = d.return_status == "pending";
                        view! {
                            <dl class="facts">
                                <dt>{tr("Iktatószám", "Registry number")}</dt>
                                <dd>{d.registry_number.clone()}</dd>
                                <dt>{tr("Tárgy", "Subject")}</dt>
                                <dd>{d.subject.clone()}</dd>
                                <dt>{tr("Címzett", "Recipient")}</dt>
                                <dd>{d.recipient.clone()}</dd>
                                <dt>{tr("Cím", "Address")}</dt>
                                <dd>{d.address.clone().unwrap_or_default()}</dd>
                                <dt>{tr("Ragszám", "Tracking number")}</dt>
                                <dd>{d.tracking_number.clone().unwrap_or_default()}</dd>
                                <dt>{tr("Feladva", "Posted")}</dt>
                                <dd>{d.dispatched_at.clone()}</dd>
                                <dt>{tr("Tértivevény", "Return receipt")}</dt>
                                <dd class="return-status">{return_status_label(&d.return_status)} " " {d.return_date.clone().unwrap_or_default()}</dd>
                            </dl>
                            {pending.then(|| view! {
                                <ActionForm action=record attr:class="stack narrow" attr:novalidate=true>
                                    <input type="hidden" name="dispatch" value=d.id.to_string() />
                                    <SelectField
                                        id="status"
                                        label=tr("Eredmény", "Outcome")
                                        options=pairs(&[
                                            ("delivered", tr("Kézbesítve", "Delivered")),
                                            ("refused", tr("Átvételt megtagadta", "Refused")),
                                            ("not_collected", tr("Nem kereste", "Not collected")),
                                            ("address_unknown", tr("Címzett ismeretlen", "Addressee unknown")),
                                        ])
                                        error
                                    />
                                    <Field id="date" label=tr("Kézbesítés / visszaérkezés napja", "Date of delivery or return") input_type="date" error />
                                    <button type="submit" class="button">{tr("Rögzítés", "Record")}</button>
                                </ActionForm>
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
        <ErrorSummary error />
        <SuccessNotice show=action_succeeded(record) message=tr("A tértivevényt rögzítette.", "The return receipt was recorded.") />
    }
}

// ---- The action pages of a case file ------------------------------------------------------------

/// The case file an action page acts on: number, subject, state, documents (with those of
/// merged files), notes and links, and the links to every action.
#[component]
fn CaseSummary(brief: CaseBrief) -> impl IntoView {
    let c = brief.case.clone();
    let id = c.id;
    let documents = brief
        .documents
        .into_iter()
        .map(|d| {
            let cancelled = d.state == "cancelled";
            let actions = match d.state.as_str() {
                "draft" => view! {
                    <a href=format!("{BASE}/irat/{}/kiadmanyozas", d.id)>{tr("Kiadmányozás", "Sign off")}</a>
                    " "
                    <a href=format!("{BASE}/irat/{}/sztornozas", d.id)>{tr("Sztornózás", "Cancel")}</a>
                }
                .into_any(),
                "signed_off" => view! {
                    <a href=format!("{BASE}/irat/{}/expedialas", d.id)>{tr("Expediálás", "Dispatch")}</a>
                }
                .into_any(),
                "registered" => view! {
                    <a href=format!("{BASE}/irat/{}/sztornozas", d.id)>{tr("Sztornózás", "Cancel")}</a>
                }
                .into_any(),
                _ => ().into_any(),
            };
            view! {
                <tr>
                    <th scope="row">
                        {if cancelled {
                            view! { <del>{d.registry_number.clone()}</del> }.into_any()
                        } else {
                            view! { <span>{d.registry_number.clone()}</span> }.into_any()
                        }}
                    </th>
                    <td>{d.subject.clone()} {d.cancelled_reason.clone().map(|r| view! { <br /> <span class="field__hint">{tr("Sztornó oka: ", "Cancelled: ")}{r}</span> })}</td>
                    <td>{direction_label(&d.direction)}</td>
                    <td class="document-state">{document_state_label(&d.state)}</td>
                    <td>{actions}</td>
                </tr>
            }
        })
        .collect_view();
    let notes = brief
        .notes
        .into_iter()
        .map(|n| view! { <li><strong>{n.at}" "{n.author.unwrap_or_default()}": "</strong>{n.body}</li> })
        .collect_view();
    let links = brief
        .links
        .into_iter()
        .map(|l| {
            let kind = if l.kind == "merged" {
                tr("szerelt", "merged")
            } else {
                tr("előzmény", "antecedent")
            };
            view! { <li>{kind}": "{l.registry_number}</li> }
        })
        .collect_view();
    let action = move |path: &'static str, label: &'static str| {
        view! { <li><a href=format!("{BASE}/ugyirat/{id}/{path}")>{label}</a></li> }
    };
    view! {
        <dl class="facts">
            <dt>{tr("Iktatószám", "Registry number")}</dt>
            <dd class="case-number">{c.registry_number.clone()}</dd>
            <dt>{tr("Tárgy", "Subject")}</dt>
            <dd>{c.subject.clone()}</dd>
            <dt>{tr("Állapot", "Status")}</dt>
            <dd class="case-state">{case_state_label(&c.state)}
                {brief.suspended_reason.map(|r| view! { " – " {r} })}
                {brief.merged_into.map(|m| view! { " → " {m} })}
            </dd>
            <dt>{tr("Ügyintéző", "Handling clerk")}</dt>
            <dd class="case-handler">{c.handler.clone().unwrap_or_default()} " " {brief.unit.unwrap_or_default()}</dd>
            <dt>{tr("Határidő", "Deadline")}</dt>
            <dd>{c.deadline.clone().unwrap_or_default()}
                {c.overdue.then(|| view! { " " <strong class="tag tag--overdue">{tr("lejárt", "overdue")}</strong> })}
            </dd>
        </dl>
        <nav aria-label=tr("Ügyirat műveletei", "Case file actions")>
            <ul class="inline-list">
                <li><a href=format!("{BASE}/ugyirat/{id}")>{tr("Az ügyirat", "The case file")}</a></li>
                {action("szignalas", tr("Szignálás", "Assign"))}
                {action("alszam", tr("Új irat (alszám)", "New document (sub-number)"))}
                {action("feljegyzes", tr("Feljegyzés", "Note"))}
                {action("elozmeny", tr("Előzmény", "Antecedent"))}
                {action("szereles", tr("Szerelés", "Merge"))}
                {action("felfuggesztes", tr("Felfüggesztés", "Suspend"))}
            </ul>
        </nav>
        <h2>{tr("Iratok", "Documents")}</h2>
        <table class="results results--compact">
            <thead>
                <tr>
                    <th scope="col">{tr("Iktatószám", "Registry number")}</th>
                    <th scope="col">{tr("Tárgy", "Subject")}</th>
                    <th scope="col">{tr("Irány", "Direction")}</th>
                    <th scope="col">{tr("Állapot", "Status")}</th>
                    <th scope="col">{tr("Műveletek", "Actions")}</th>
                </tr>
            </thead>
            <tbody>{documents}</tbody>
        </table>
        <h2>{tr("Feljegyzések és kapcsolatok", "Notes and links")}</h2>
        <ul>{notes}</ul>
        <ul>{links}</ul>
    }
}

/// The frame of a case file's action page: the case summary (reloaded after `version`
/// changes) and the form given as children.
#[component]
fn CaseActionFrame(
    title: &'static str,
    version: Signal<usize>,
    children: ChildrenFn,
) -> impl IntoView {
    let id = id_param();
    let brief = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| get_case_brief(id),
    );
    let children = StoredValue::new(children);
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match brief.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(brief) => view! {
                        <section class="narrow" aria-label=title>{children.with_value(|c| c())}</section>
                        <CaseSummary brief />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

fn case_id_input() -> impl IntoView {
    let id = id_param();
    view! { <input type="hidden" name="case_file" value=move || id.get().to_string() /> }
}

#[component]
pub fn AssignCasePage() -> impl IntoView {
    let assign = ServerAction::<AssignCase>::new();
    let assign_done = action_successes(assign);
    let error = action_error(assign);
    let choices = Resource::new(|| (), |_| get_assignment_choices());
    let version = Signal::derive(move || assign_done.get());
    view! {
        <CaseActionFrame title=tr("Ügyirat szignálása", "Assign the case file") version>
            <ErrorSummary error />
            <SuccessNotice show=action_succeeded(assign) message=tr("Az ügyiratot szignálta.", "The case file was assigned.") />
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    let choices = choices.await.unwrap_or_default();
                    view! {
                        <ActionForm action=assign attr:class="stack" attr:novalidate=true>
                            {case_id_input()}
                            <AssignmentFields choices with_category=true error />
                            <button type="submit" class="button">{tr("Szignálás", "Assign")}</button>
                        </ActionForm>
                    }
                })}
            </Transition>
        </CaseActionFrame>
    }
}

#[component]
pub fn NewDocumentPage() -> impl IntoView {
    let add = ServerAction::<AddDocument>::new();
    let add_done = action_successes(add);
    let error = action_error(add);
    let version = Signal::derive(move || add_done.get());
    view! {
        <CaseActionFrame title=tr("Új irat az ügyiratban", "New document in the case file") version>
            <ErrorSummary error />
            {move || add.value().get().and_then(|r| r.ok()).map(|r| view! {
                <div class="success-notice" role="status">
                    {tr("Iktatószám: ", "Registry number: ")}
                    <strong class="registry-number">{r.registry_number}</strong>
                    " "
                    <a href=format!("{BASE}/irat/{}/kiadmanyozas", r.document_id)>{tr("Kiadmányozás", "Sign off")}</a>
                </div>
            })}
            <ActionForm action=add attr:class="stack" attr:novalidate=true>
                {case_id_input()}
                <SelectField
                    id="kind"
                    label=tr("Az irat fajtája", "Kind of document")
                    options=pairs(&[
                        ("Outgoing", tr("Kimenő irat tervezete", "Draft of an outgoing document")),
                        ("Incoming", tr("Bejövő irat", "Incoming document")),
                        ("Internal", tr("Belső irat", "Internal document")),
                    ])
                    error
                />
                <Field id="subject" label=tr("Tárgy", "Subject") required=true error />
                <Field id="sender" label=tr("Küldő / címzett (nem kötelező)", "Sender / addressee (optional)") error />
                <TextArea id="body" label=tr("Szöveg", "Text") hint=tr("Kimenő tervezetnél kötelező.", "Required for an outgoing draft.") error />
                <button type="submit" class="button">{tr("Iktatás alszámra", "Register under a sub-number")}</button>
            </ActionForm>
        </CaseActionFrame>
    }
}

#[component]
pub fn AntecedentPage() -> impl IntoView {
    let link = ServerAction::<LinkAntecedent>::new();
    let link_done = action_successes(link);
    let error = action_error(link);
    let version = Signal::derive(move || link_done.get());
    view! {
        <CaseActionFrame title=tr("Előzmény csatolása", "Link an antecedent") version>
            <ErrorSummary error />
            <SuccessNotice show=action_succeeded(link) message=tr("Az előzményt csatolta.", "The antecedent was linked.") />
            <ActionForm action=link attr:class="stack" attr:novalidate=true>
                {case_id_input()}
                <Field id="antecedent" label=tr("Az előzmény ügyirat iktatószáma", "Registry number of the earlier case file") hint=tr("Például 12/2026", "E.g. 12/2026") error />
                <button type="submit" class="button">{tr("Csatolás", "Link")}</button>
            </ActionForm>
        </CaseActionFrame>
    }
}

#[component]
pub fn MergePage() -> impl IntoView {
    let merge = ServerAction::<MergeCase>::new();
    let merge_done = action_successes(merge);
    let error = action_error(merge);
    let version = Signal::derive(move || merge_done.get());
    view! {
        <CaseActionFrame title=tr("Szerelés", "Merge") version>
            <ErrorSummary error />
            <SuccessNotice show=action_succeeded(merge) message=tr("Az ügyiratot szerelte.", "The case file was merged.") />
            <ActionForm action=merge attr:class="stack" attr:novalidate=true>
                {case_id_input()}
                <Field id="into" label=tr("Az ügyirat, amelybe szereli (iktatószám)", "The case file to merge into (registry number)") hint=tr("Ettől kezdve annak iratai között látszik.", "From now on its documents are shown with that file.") error />
                <button type="submit" class="button button--warning">{tr("Szerelés", "Merge")}</button>
            </ActionForm>
        </CaseActionFrame>
    }
}

#[component]
pub fn NotePage() -> impl IntoView {
    let note = ServerAction::<AddNote>::new();
    let note_done = action_successes(note);
    let error = action_error(note);
    let version = Signal::derive(move || note_done.get());
    view! {
        <CaseActionFrame title=tr("Belső feljegyzés", "Internal note") version>
            <ErrorSummary error />
            <SuccessNotice show=action_succeeded(note) message=tr("A feljegyzést rögzítette.", "The note was recorded.") />
            <ActionForm action=note attr:class="stack" attr:novalidate=true>
                {case_id_input()}
                <TextArea id="body" label=tr("Feljegyzés", "Note") required=true error />
                <button type="submit" class="button">{tr("Rögzítés", "Record")}</button>
            </ActionForm>
        </CaseActionFrame>
    }
}

#[component]
pub fn SuspendPage() -> impl IntoView {
    let suspend = ServerAction::<SuspendCase>::new();
    let suspend_done = action_successes(suspend);
    let resume = ServerAction::<ResumeCase>::new();
    let resume_done = action_successes(resume);
    let suspend_error = action_error(suspend);
    let resume_error = action_error(resume);
    let version = Signal::derive(move || suspend_done.get() + resume_done.get());
    view! {
        <CaseActionFrame title=tr("Felfüggesztés és folytatás", "Suspend and resume") version>
            <ErrorSummary error=suspend_error />
            <SuccessNotice show=action_succeeded(suspend) message=tr("Az ügyintézést felfüggesztette.", "Handling was suspended.") />
            <ActionForm action=suspend attr:class="stack" attr:novalidate=true>
                {case_id_input()}
                <TextArea id="reason" label=tr("A felfüggesztés oka", "Reason for suspension") required=true error=suspend_error />
                <button type="submit" class="button button--secondary">{tr("Felfüggesztés", "Suspend")}</button>
            </ActionForm>
            <ErrorSummary error=resume_error />
            <SuccessNotice show=action_succeeded(resume) message=tr("Az ügyintézés folytatódik; a határidő a szünettel kitolódott.", "Handling resumed; the deadline moved by the pause.") />
            <ActionForm action=resume attr:class="stack">
                {case_id_input()}
                <button type="submit" class="button">{tr("Folytatás", "Resume")}</button>
            </ActionForm>
        </CaseActionFrame>
    }
}

// ---- The action pages of a document ---------------------------------------------------------------

#[component]
fn DocumentActionFrame(
    title: &'static str,
    version: Signal<usize>,
    children: ChildrenFn,
) -> impl IntoView {
    let id = id_param();
    let doc = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| get_document(id),
    );
    let children = StoredValue::new(children);
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match doc.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(d) => view! {
                        <dl class="facts">
                            <dt>{tr("Iktatószám", "Registry number")}</dt>
                            <dd class="registry-number">{d.registry_number.clone()}</dd>
                            <dt>{tr("Ügyirat", "Case file")}</dt>
                            <dd><a href=format!("{BASE}/ugyirat/{}/alszam", d.case_file_id)>{d.case_registry_number.clone()}</a></dd>
                            <dt>{tr("Tárgy", "Subject")}</dt>
                            <dd>{d.subject.clone()}</dd>
                            <dt>{tr("Irány", "Direction")}</dt>
                            <dd>{direction_label(&d.direction)}</dd>
                            <dt>{tr("Állapot", "Status")}</dt>
                            <dd class="document-state">{document_state_label(&d.state)}</dd>
                            <dt>{tr("Szöveg", "Text")}</dt>
                            <dd class="document-body">{d.body.clone().unwrap_or_default()}</dd>
                        </dl>
                        <section class="narrow" aria-label=title>{children.with_value(|c| c())}</section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

fn document_id_input() -> impl IntoView {
    let id = id_param();
    view! { <input type="hidden" name="document" value=move || id.get().to_string() /> }
}

#[component]
pub fn SignOffPage() -> impl IntoView {
    let sign = ServerAction::<SignOff>::new();
    let sign_done = action_successes(sign);
    let error = action_error(sign);
    let version = Signal::derive(move || sign_done.get());
    let id = id_param();
    view! {
        <DocumentActionFrame title=tr("Kiadmányozás", "Sign-off") version>
            <ErrorSummary error />
            {move || action_succeeded(sign).get().then(|| view! {
                <div class="success-notice" role="status">
                    {tr("Az iratot kiadmányozta. ", "The document was signed off. ")}
                    <a href=format!("{BASE}/irat/{}/expedialas", id.get())>{tr("Expediálás", "Dispatch")}</a>
                </div>
            })}
            <ActionForm action=sign attr:class="stack">
                {document_id_input()}
                <p>{tr("A kiadmányozással az irat véglegessé válik és expediálható.", "Signing off makes the document final and ready for dispatch.")}</p>
                <button type="submit" class="button">{tr("Kiadmányozom", "Sign off")}</button>
            </ActionForm>
        </DocumentActionFrame>
    }
}

#[component]
pub fn DispatchPage() -> impl IntoView {
    let send = ServerAction::<Dispatch>::new();
    let send_done = action_successes(send);
    let error = action_error(send);
    let version = Signal::derive(move || send_done.get());
    view! {
        <DocumentActionFrame title=tr("Expediálás", "Dispatch") version>
            <ErrorSummary error />
            {move || send.value().get().and_then(|r| r.ok()).map(|dispatch| view! {
                <div class="success-notice" role="status">
                    {tr("Az iratot expediálta. ", "The document was dispatched. ")}
                    <a href=format!("{BASE}/tertivevenyek/{dispatch}")>{tr("Tértivevény", "Return receipt")}</a>
                </div>
            })}
            <ActionForm action=send attr:class="stack" attr:novalidate=true>
                {document_id_input()}
                <SelectField
                    id="method"
                    label=tr("Kézbesítés módja", "Delivery")
                    options=pairs(&[
                        ("post", tr("Postai úton (tértivevénnyel)", "By post (with return receipt)")),
                        ("electronic", tr("Elektronikusan", "Electronically")),
                    ])
                    error
                />
                <Field id="recipient" label=tr("Címzett", "Recipient") required=true error />
                <Field id="address" label=tr("Postai cím", "Postal address") hint=tr("Postai kézbesítésnél kötelező.", "Required for post.") error />
                <Field id="tracking_number" label=tr("Ragszám (nem kötelező)", "Tracking number (optional)") error />
                <button type="submit" class="button">{tr("Expediálás", "Dispatch")}</button>
            </ActionForm>
        </DocumentActionFrame>
    }
}

#[component]
pub fn CancelPage() -> impl IntoView {
    let cancel = ServerAction::<CancelDocument>::new();
    let cancel_done = action_successes(cancel);
    let error = action_error(cancel);
    let version = Signal::derive(move || cancel_done.get());
    view! {
        <DocumentActionFrame title=tr("Sztornózás", "Cancel the registration") version>
            <ErrorSummary error />
            <SuccessNotice show=action_succeeded(cancel) message=tr("Az iktatást sztornózta; a szám foglalt marad.", "The registration was cancelled; its number stays used.") />
            <ActionForm action=cancel attr:class="stack" attr:novalidate=true>
                {document_id_input()}
                <TextArea id="reason" label=tr("A sztornózás oka", "Reason for cancelling") required=true error />
                <button type="submit" class="button button--warning">{tr("Sztornózás", "Cancel registration")}</button>
            </ActionForm>
        </DocumentActionFrame>
    }
}
