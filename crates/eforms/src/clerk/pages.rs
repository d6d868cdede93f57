//! The clerks' submissions pages: the paginated list (`/ugyintezo/beadvanyok`) and one
//! submission (`/ugyintezo/beadvanyok/:id`) with its answers, files, history, status form and
//! export links.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{get_submission_detail, submissions_page};
use super::{ExportFormat, export_href, file_href};
use crate::api::SetSubmissionStatus;
use crate::export::{file_size, status_label};
use crate::types::STATUSES;
use crate::types::{AnswerRow, SubmissionRow};
use openasp_core::query::encode_query_value;
use openasp_ui::components::{ErrorNotice, PagedTable};
use openasp_ui::forms::{
    ErrorSummary, SuccessNotice, action_error, action_succeeded, action_successes,
};

/// The municipality's submissions, newest first.
#[component]
pub fn SubmissionsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("allapot").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let rows = Resource::new(
        move || filter.get(),
        |(status, page)| submissions_page(status, page),
    );
    let initial = filter.get_untracked().0;
    let statuses = STATUSES
        .iter()
        .map(|s| {
            view! { <option value=*s selected=initial == *s>{status_label(s)}</option> }
        })
        .collect_view();
    view! {
        <Title text="Beadványok" />
        <h1>"Beérkezett e-űrlapok"</h1>
        <form method="get" action="/ugyintezo/beadvanyok" class="search-form" role="search">
            <div class="field">
                <label for="allapot">"Állapot"</label>
                <select id="allapot" name="allapot">
                    <option value="">"Mind"</option>
                    {statuses}
                </select>
            </div>
            <button type="submit" class="button">"Szűrés"</button>
        </form>
        <PagedTable
            rows
            count_noun="beadvány"
            columns=vec!["Iktatószám", "Űrlap", "Beküldő", "Állapot", "Beküldve"]
            row=|r: SubmissionRow| {
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("/ugyintezo/beadvanyok/{}", r.id)>{r.registry_number}</a>
                        </th>
                        <td>{r.title}</td>
                        <td>
                            {r.citizen_name}
                            {r.on_behalf.then_some(" (képviselőként)")}
                        </td>
                        <td>{status_label(&r.status)}</td>
                        <td>{r.submitted_at}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (status, _) = filter.get_untracked();
                format!("/ugyintezo/beadvanyok?allapot={}&page={p}", encode_query_value(&status))
            })
        />
    }
}

fn answers_view(submission: &str, rows: Vec<AnswerRow>) -> impl IntoView + use<> {
    let mut sections: Vec<(String, Vec<AnswerRow>)> = Vec::new();
    for row in rows {
        match sections.last_mut() {
            Some((name, items)) if *name == row.section => items.push(row),
            _ => sections.push((row.section.clone(), vec![row])),
        }
    }
    if sections.is_empty() {
        return view! { <p>"A beadvány nem tartalmaz válaszokat."</p> }.into_any();
    }
    sections
        .into_iter()
        .map(|(name, items)| {
            let entries = items
                .into_iter()
                .map(|row| {
                    let files = (!row.files.is_empty()).then(|| {
                        row.files
                            .iter()
                            .map(|f| {
                                view! {
                                    <li>
                                        <a href=file_href(submission, &f.upload_id) rel="external" download=f.name.clone()>
                                            {f.name.clone()}
                                        </a>
                                        {format!(" ({}, {})", f.content_type, file_size(f.size))}
                                    </li>
                                }
                            })
                            .collect_view()
                    });
                    let value = match files {
                        Some(files) => view! { <ul class="file-list">{files}</ul> }.into_any(),
                        None => view! { <span class="answer-value">{row.value}</span> }.into_any(),
                    };
                    view! {
                        <dt>{row.label}</dt>
                        <dd>{value}</dd>
                    }
                })
                .collect_view();
            view! {
                <section class="answer-section">
                    <h3>{name}</h3>
                    <dl class="answers">{entries}</dl>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

/// One submission: answers, files, history, status and exports.
#[component]
pub fn SubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let status = ServerAction::<SetSubmissionStatus>::new();
    let status_done = action_successes(status);
    let detail = Resource::new(
        move || (id.get(), status_done.get()),
        |(id, _)| get_submission_detail(id),
    );
    let error = action_error(status);
    let saved = action_succeeded(status);
    view! {
        <Title text="Beadvány" />
        <p>
            <a href="/ugyintezo/beadvanyok">"← Vissza a beadványokhoz"</a>
        </p>
        <Transition fallback=move || view! { <p class="loading">"Betöltés…"</p> }>
            {move || Suspend::new(async move {
                let d = match detail.await {
                    Ok(d) => d,
                    Err(error) => return view! { <ErrorNotice error /> }.into_any(),
                };
                let exports = [
                    (ExportFormat::Pdf, "PDF"),
                    (ExportFormat::Csv, "CSV"),
                    (ExportFormat::Json, "JSON"),
                ]
                .into_iter()
                .map(|(format, name)| {
                    view! {
                        <li>
                            <a class="button button--secondary" href=export_href(&d.id, format) rel="external" download="">
                                {format!("Letöltés {name} formátumban")}
                            </a>
                        </li>
                    }
                })
                .collect_view();
                let notes = d
                    .notes
                    .iter()
                    .map(|n| {
                        view! {
                            <li>
                                {format!("{} – {}", n.at, status_label(&n.status))}
                                {n.note.clone().map(|note| view! { <p class="status-note">{note}</p> })}
                            </li>
                        }
                    })
                    .collect_view();
                let current = d.status.clone();
                let statuses = STATUSES
                    .iter()
                    .map(|s| view! { <option value=*s selected=current == *s>{status_label(s)}</option> })
                    .collect_view();
                view! {
                    <h1>{d.title.clone()}</h1>
                    <dl class="summary-list">
                        <dt>"Iktatószám"</dt>
                        <dd>
                            <a href=format!("/ugyintezo/iratkezeles/ugyirat/{}", d.case_file_id)>{d.registry_number.clone()}</a>
                        </dd>
                        <dt>"Beküldő"</dt>
                        <dd>{d.citizen_name.clone()}</dd>
                        {d.on_behalf_of.clone().map(|who| view! { <dt>"Képviselt"</dt><dd>{who}</dd> })}
                        <dt>"Beküldve"</dt>
                        <dd>{d.submitted_at.clone()}</dd>
                        <dt>"Állapot"</dt>
                        <dd id="submission-status">{status_label(&d.status)}</dd>
                        <dt>"Űrlap változata"</dt>
                        <dd>{format!("{}.", d.form_version)}</dd>
                    </dl>
                    <ul class="inline-list actions" aria-label="Exportálás">{exports}</ul>
                    <h2>"Válaszok"</h2>
                    {answers_view(&d.id, d.rows.clone())}
                    <h2>"Állapot és közlemény az ügyfélnek"</h2>
                    <ErrorSummary error />
                    <SuccessNotice show=saved message="Az állapot mentve; az ügyfél az Ügyeim oldalon látja." />
                    <ActionForm action=status attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="submission" value=d.id.clone() />
                        <div class="field">
                            <label for="status">"Új állapot"</label>
                            <select id="status" name="status">{statuses}</select>
                        </div>
                        <div class="field">
                            <label for="note">"Közlemény az ügyfélnek (nem kötelező)"</label>
                            <p class="field__hint" id="note-hint">"Az ügyfél az Ügyeim oldalon olvassa."</p>
                            <textarea id="note" name="note" rows="3" aria-describedby="note-hint"></textarea>
                        </div>
                        <button type="submit" class="button">"Állapot mentése"</button>
                    </ActionForm>
                    <h2>"Előzmények"</h2>
                    <ol class="status-history">{notes}</ol>
                }.into_any()
            })}
        </Transition>
    }
}
