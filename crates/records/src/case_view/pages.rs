//! The case-file screen: everything about one case file from one server call, with the
//! actions its state and the user's role allow, and attachment upload and download.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::case_file;
use super::types::{
    AttachmentView, CaseAction, CaseView, DocumentAction, DocumentDispatch, DocumentView,
};
use crate::search::domain::{case_state_label, document_state_label};
use crate::search::pages::case_href;
use openasp_ui::components::ErrorNotice;
use openasp_ui::forms::tr;
use openasp_ui::i18n::{Lang, use_lang};

/// Where upload forms post (a plain route: a multipart body is no server-function form).
pub const UPLOAD_PATH: &str = "/ugyintezo/iratkezeles/csatolmany";

pub fn attachment_href(id: i64) -> String {
    format!("{UPLOAD_PATH}/{id}")
}

fn case_action_link(case: i64, action: CaseAction) -> (String, &'static str) {
    let base = case_href(case);
    let (suffix, label) = match action {
        CaseAction::Assign => ("szignalas", tr("Szignálás", "Assign")),
        CaseAction::NewDocument => (
            "alszam",
            tr("Új irat alszámra", "New document (sub-number)"),
        ),
        CaseAction::LinkAntecedent => ("elozmeny", tr("Előzmény csatolása", "Link an antecedent")),
        CaseAction::Merge => ("szereles", tr("Szerelés", "Merge")),
        CaseAction::Note => ("feljegyzes", tr("Feljegyzés", "Internal note")),
        CaseAction::SuspendOrResume => (
            "felfuggesztes",
            tr("Felfüggesztés / folytatás", "Suspend / resume"),
        ),
        CaseAction::CloseOrReopen => ("lezaras", tr("Lezárás / újranyitás", "Close / reopen")),
        CaseAction::Archive => ("irattarba", tr("Irattárba helyezés", "Archive")),
        CaseAction::Lend => ("kolcsonzes", tr("Kölcsönzés", "Lend / take back")),
        CaseAction::LegalHold => ("zarolas", tr("Zárolás", "Legal hold")),
    };
    (format!("{base}/{suffix}"), label)
}

fn document_action_link(document: i64, action: DocumentAction) -> (String, &'static str) {
    let (suffix, label) = match action {
        DocumentAction::SignOff => ("kiadmanyozas", tr("Kiadmányozás", "Sign off")),
        DocumentAction::Dispatch => ("expedialas", tr("Expediálás", "Dispatch")),
        DocumentAction::Cancel => ("sztornozas", tr("Sztornózás", "Cancel")),
    };
    (
        format!("/ugyintezo/iratkezeles/irat/{document}/{suffix}"),
        label,
    )
}

fn direction_label(code: &str) -> &'static str {
    match code {
        "Incoming" => tr("Bejövő", "Incoming"),
        "Outgoing" => tr("Kimenő", "Outgoing"),
        "Internal" => tr("Belső", "Internal"),
        _ => tr("Egyéb", "Other"),
    }
}

fn channel_label(code: &str) -> &'static str {
    match code {
        "Paper" => tr("Papír (postai)", "Paper (post)"),
        "Email" => tr("E-mail", "E-mail"),
        "OfficeMailbox" => tr("Hivatali kapu", "Office mailbox"),
        "Portal" => tr("E-ügyintézési portál", "Citizen portal"),
        "Internal" => tr("Belső", "Internal"),
        _ => tr("Egyéb", "Other"),
    }
}

fn return_label(code: &str) -> &'static str {
    match code {
        "pending" => tr("Tértivevény még nem érkezett", "No return receipt yet"),
        "delivered" => tr("Kézbesítve", "Delivered"),
        "refused" => tr("Átvételt megtagadta", "Refused"),
        "not_collected" => tr("Nem kereste", "Not collected"),
        "address_unknown" => tr("Címzett ismeretlen", "Addressee unknown"),
        "not_applicable" => tr(
            "Nem értelmezhető (elektronikus)",
            "Not applicable (electronic)",
        ),
        _ => tr("Ismeretlen", "Unknown"),
    }
}

/// Sizes as people read them: 12 kB, 3,4 MB.
pub fn human_size(bytes: i64, lang: Lang) -> String {
    let decimal = |value: f64| {
        let text = format!("{value:.1}");
        if lang == Lang::Hu {
            text.replace('.', ",")
        } else {
            text
        }
    };
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} kB", (b + 1023) / 1024),
        b => format!("{} MB", decimal(b as f64 / (1024.0 * 1024.0))),
    }
}

/// What the upload route reported (in the query string after it redirected back here).
fn upload_outcome(code: &str) -> Option<(bool, &'static str)> {
    Some(match code {
        "ok" => (
            true,
            tr("A csatolmány feltöltve.", "The attachment was uploaded."),
        ),
        "tipus" => (
            false,
            tr(
                "A fájl típusa nem engedélyezett. PDF, PNG, JPEG, TIFF, szöveges fájl, DOCX vagy ODT tölthető fel.",
                "This type of file is not allowed. Upload PDF, PNG, JPEG, TIFF, plain text, DOCX or ODT.",
            ),
        ),
        "meret" => (
            false,
            tr(
                "A fájl túl nagy (legfeljebb 25 MB).",
                "The file is too large (at most 25 MB).",
            ),
        ),
        "ures" => (false, tr("Válasszon egy fájlt.", "Choose a file.")),
        "hiba" => (
            false,
            tr(
                "A feltöltés nem sikerült. Kérjük, próbálja újra.",
                "The upload failed. Please try again.",
            ),
        ),
        _ => return None,
    })
}

#[component]
pub fn CaseFilePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let case = Resource::new(move || id.get(), case_file);
    let outcome = Memo::new(move |_| query.with(|q| q.get("feltoltes").unwrap_or_default()));
    view! {
        <Transition fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(case) => view! { <CaseFileView case outcome=outcome.get_untracked() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseFileView(case: CaseView, outcome: String) -> impl IntoView {
    let lang = use_lang();
    let hu = lang == Lang::Hu;
    let title = format!("{} {}", tr("Ügyirat", "Case file"), case.registry_number);
    let notice = upload_outcome(&outcome).map(|(ok, message)| {
        if ok {
            view! { <div class="success-notice" role="status">{message}</div> }.into_any()
        } else {
            view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">{tr("Hiba történt", "There is a problem")}</h2>
                    <p>{message}</p>
                </div>
            }
            .into_any()
        }
    });
    let fact = |label: &'static str, value: Option<String>| {
        value.map(|value| view! { <dt>{label}</dt> <dd>{value}</dd> })
    };
    let actions = case
        .actions
        .iter()
        .map(|a| {
            let (href, label) = case_action_link(case.id, *a);
            view! { <li><a href=href class="button button--secondary">{label}</a></li> }
        })
        .collect_view();
    let merged_into = case.merged_into.clone().map(|m| {
        view! {
            <p class="notice">
                {tr("Ez az ügyirat szerelve ebbe: ", "This case file was merged into ")}
                <a href=case_href(m.id)>{m.registry_number}</a>
            </p>
        }
    });
    let documents = case
        .documents
        .iter()
        .cloned()
        .map(|d| view! { <DocumentSection document=d /> })
        .collect_view();
    let mut related: Vec<(String, super::types::CaseRef)> = case
        .links
        .iter()
        .map(|l| {
            let label = match l.direction.as_str() {
                "antecedent" => tr("Előzmény", "Antecedent"),
                _ => tr("Utóirat", "Successor"),
            };
            (label.to_owned(), l.case_file.clone())
        })
        .collect();
    related.extend(case.merged.iter().map(|m| {
        (
            tr("Szerelt ügyirat", "Merged case file").to_owned(),
            m.clone(),
        )
    }));
    let related_view = if related.is_empty() {
        view! { <p>{tr("Nincs kapcsolódó ügyirat.", "No linked case files.")}</p> }.into_any()
    } else {
        view! {
            <table class="results">
                <thead>
                    <tr>
                        <th scope="col">{tr("Kapcsolat", "Link")}</th>
                        <th scope="col">{tr("Iktatószám", "Registry number")}</th>
                        <th scope="col">{tr("Tárgy", "Subject")}</th>
                    </tr>
                </thead>
                <tbody>
                    {related
                        .into_iter()
                        .map(|(label, c)| {
                            view! {
                                <tr>
                                    <td>{label}</td>
                                    <th scope="row"><a href=case_href(c.id)>{c.registry_number}</a></th>
                                    <td>{c.subject}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let notes = if case.notes.is_empty() {
        view! { <p>{tr("Nincs feljegyzés.", "No notes.")}</p> }.into_any()
    } else {
        view! {
            <ul class="notes">
                {case
                    .notes
                    .iter()
                    .cloned()
                    .map(|n| {
                        view! {
                            <li>
                                <p class="notes__meta">
                                    {n.created_at} " · " {n.author.unwrap_or_default()}
                                </p>
                                <p>{n.body}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let history = case
        .history
        .iter()
        .cloned()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.at}</td>
                    <td>{e.user.unwrap_or_default()}</td>
                    <td>{event_label(&e.event)}</td>
                    <td>{e.detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=title.clone() />
        <p class="breadcrumb">
            <a href=crate::search::pages::SEARCH_PATH>{tr("Keresés", "Search")}</a>
        </p>
        <h1>
            {tr("Ügyirat ", "Case file ")}
            <span class="registry-number">{case.registry_number.clone()}</span>
        </h1>
        <p class="lead">{case.subject.clone()}</p>
        {notice}
        {merged_into}
        <dl class="facts">
            <dt>{tr("Állapot", "State")}</dt>
            <dd>{case_state_label(&case.state, hu)}</dd>
            {fact(tr("Ügyintéző", "Handling clerk"), case.handler.clone())}
            {fact(tr("Szervezeti egység", "Unit"), case.unit.clone())}
            {fact(tr("Ügykör", "Case category"), case.category.clone())}
            {fact(tr("Irattári tétel", "Retention item"), case.retention_item.clone())}
            {fact(tr("Ügyintézési határidő", "Deadline"), case.deadline.clone())}
            {fact(tr("Iktatva", "Registered"), Some(case.created_at.clone()))}
            {fact(tr("Felfüggesztés oka", "Reason of suspension"), case.suspended_reason.clone())}
            {fact(tr("Lezárva", "Closed"), case.closed_at.clone())}
            {fact(tr("Irattárba helyezve", "Archived"), case.archived_at.clone())}
            {fact(tr("Irattári hely", "Archive location"), case.archive_location.clone())}
            {fact(tr("Kikölcsönözte", "Lent to"), case.lent_to.clone())}
            {fact(tr("Visszahozatal határideje", "Due back"), case.lent_due.clone())}
            {fact(tr("Zárolás oka", "Legal hold"), case.legal_hold_reason.clone())}
            {fact(tr("Sztornózás oka", "Reason of cancellation"), case.cancelled_reason.clone())}
        </dl>
        {(!case.actions.is_empty())
            .then(|| {
                view! {
                    <nav class="case-actions" aria-label=tr("Műveletek az ügyirattal", "Case file actions")>
                        <ul class="button-row">{actions}</ul>
                    </nav>
                }
            })}
        <h2>{tr("Iratok", "Documents")}</h2>
        {documents}
        <h2>{tr("Kapcsolódó ügyiratok", "Linked case files")}</h2>
        {related_view}
        <h2>{tr("Feljegyzések", "Notes")}</h2>
        {notes}
        <h2>{tr("Történet", "History")}</h2>
        <table class="results">
            <thead>
                <tr>
                    <th scope="col">{tr("Időpont", "When")}</th>
                    <th scope="col">{tr("Felhasználó", "User")}</th>
                    <th scope="col">{tr("Esemény", "Event")}</th>
                    <th scope="col">{tr("Részletek", "Details")}</th>
                </tr>
            </thead>
            <tbody>{history}</tbody>
        </table>
    }
}

fn event_label(code: &str) -> String {
    let known = match code {
        "registered" => tr("Iktatás", "Registered"),
        "imported" => tr("Átvétel régi rendszerből", "Imported"),
        "attachment" => tr("Csatolmány", "Attachment"),
        "assigned" => tr("Szignálás", "Assigned"),
        "document" => tr("Új irat", "New document"),
        "suspended" => tr("Felfüggesztés", "Suspended"),
        "resumed" => tr("Folytatás", "Resumed"),
        "closed" => tr("Lezárás", "Closed"),
        "reopened" => tr("Újranyitás", "Reopened"),
        "archived" => tr("Irattárba helyezés", "Archived"),
        _ => return code.to_owned(),
    };
    known.to_owned()
}

#[component]
fn DocumentSection(document: DocumentView) -> impl IntoView {
    let lang = use_lang();
    let hu = lang == Lang::Hu;
    let heading_id = format!("document-{}-heading", document.id);
    let labelled_by = heading_id.clone();
    let anchor = format!("document-{}", document.id);
    let file_id = format!("file-{}", document.id);
    let attachments = if document.attachments.is_empty() {
        view! { <p>{tr("Nincs csatolmány.", "No attachments.")}</p> }.into_any()
    } else {
        view! {
            <ul class="attachments">
                {document
                    .attachments
                    .iter()
                    .map(|a: &AttachmentView| {
                        view! {
                            <li>
                                <a href=attachment_href(a.id) rel="external" download=a.file_name.clone()>
                                    {a.file_name.clone()}
                                </a>
                                {format!(
                                    " ({}, {}, {})",
                                    a.media_type,
                                    human_size(a.size_bytes, lang),
                                    a.uploaded_at,
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let dispatches = (!document.dispatches.is_empty()).then(|| {
        view! {
            <table class="results">
                <caption>{tr("Expediálás", "Dispatches")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr("Címzett", "Recipient")}</th>
                        <th scope="col">{tr("Mód", "Method")}</th>
                        <th scope="col">{tr("Elküldve", "Sent")}</th>
                        <th scope="col">{tr("Ragszám", "Tracking number")}</th>
                        <th scope="col">{tr("Tértivevény", "Return receipt")}</th>
                    </tr>
                </thead>
                <tbody>
                    {document
                        .dispatches
                        .iter()
                        .cloned()
                        .map(|d: DocumentDispatch| {
                            view! {
                                <tr>
                                    <td>{d.recipient} {d.address.map(|a| format!(", {a}"))}</td>
                                    <td>{d.method}</td>
                                    <td>{d.dispatched_at}</td>
                                    <td>{d.tracking_number.unwrap_or_default()}</td>
                                    <td>
                                        {return_label(&d.return_status)}
                                        {d.return_date.map(|date| format!(" ({date})"))}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    let actions = document
        .actions
        .iter()
        .map(|a| {
            let (href, label) = document_action_link(document.id, *a);
            view! { <li><a href=href class="button button--secondary">{label}</a></li> }
        })
        .collect_view();
    let upload = document.may_attach.then(|| {
        view! {
            <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" class="upload-form">
                <input type="hidden" name="document" value=document.id.to_string() />
                <div class="field">
                    <label for=file_id.clone()>{tr("Csatolmány feltöltése", "Upload an attachment")}</label>
                    <p class="field__hint" id=format!("{file_id}-hint")>
                        {tr(
                            "PDF, PNG, JPEG, TIFF, szöveges fájl, DOCX vagy ODT, legfeljebb 25 MB.",
                            "PDF, PNG, JPEG, TIFF, plain text, DOCX or ODT, at most 25 MB.",
                        )}
                    </p>
                    <input id=file_id.clone() name="file" type="file" aria-describedby=format!("{file_id}-hint") />
                </div>
                <button type="submit" class="button button--secondary">{tr("Feltöltés", "Upload")}</button>
            </form>
        }
    });
    view! {
        <section class="document" id=anchor aria-labelledby=labelled_by>
            <h3 id=heading_id>
                <span class="registry-number">{document.registry_number.clone()}</span>
                " – "
                {document.subject.clone()}
            </h3>
            <dl class="facts">
                <dt>{tr("Irány", "Direction")}</dt>
                <dd>{direction_label(&document.direction)}</dd>
                <dt>{tr("Érkezés / küldés módja", "Channel")}</dt>
                <dd>{channel_label(&document.channel)}</dd>
                <dt>{tr("Állapot", "State")}</dt>
                <dd>{document_state_label(&document.state, hu)}</dd>
                {document.sender.clone().map(|s| view! { <dt>{tr("Küldő / címzett", "Sender / addressee")}</dt> <dd>{s}</dd> })}
                <dt>{tr("Iktatva", "Registered")}</dt>
                <dd>{document.registered_at.clone()}</dd>
                {document.signed_off_at.clone().map(|s| view! { <dt>{tr("Kiadmányozva", "Signed off")}</dt> <dd>{s}</dd> })}
                {document.cancelled_reason.clone().map(|s| view! { <dt>{tr("Sztornózás oka", "Reason of cancellation")}</dt> <dd>{s}</dd> })}
            </dl>
            <h4>{tr("Csatolmányok", "Attachments")}</h4>
            {attachments}
            {dispatches}
            {(!document.actions.is_empty()).then(|| view! { <ul class="button-row">{actions}</ul> })}
            {upload}
        </section>
    }
}
