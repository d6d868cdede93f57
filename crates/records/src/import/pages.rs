//! The import screen: paste the legacy register's CSV, get everything imported or a report of
//! every rejected line (nothing imported then).
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::ImportRegister;
use super::types::ImportReport;
use openasp_ui::forms::{ErrorSummary, action_error, tr};

#[component]
pub fn ImportPage() -> impl IntoView {
    let import = ServerAction::<ImportRegister>::new();
    let error = action_error(import);
    let problem = move || error.get().and_then(|e| e.problem_for("csv"));
    let lang = openasp_ui::i18n::use_lang();
    view! {
        <Title text=tr("Régi iktatókönyv átvétele", "Import a legacy register") />
        <h1>{tr("Régi iktatókönyv átvétele", "Import a legacy register")}</h1>
        <p>
            {tr(
                "A korábbi iktatórendszer adatait (iktatókönyvek, partnerek, ügyiratok, iratok) pontosvesszővel tagolt CSV-ben lehet átvenni. Az eredeti fő- és alszámok megmaradnak. Ha bármelyik sor hibás, semmi sem kerül be, és a jelentés minden hibás sort felsorol.",
                "Data of the former registry system (books, partners, case files, documents) is imported as semicolon-separated CSV. The original main and sub-numbers are kept. If any line is wrong, nothing is imported and the report lists every wrong line.",
            )}
        </p>
        <ErrorSummary error />
        {move || import.value().get().and_then(|r| r.ok()).map(|report| view! { <Report report /> })}
        <ActionForm action=import attr:class="stack" attr:novalidate=true>
            <div class="field" class:field--error=move || problem().is_some()>
                <label for="csv">{tr("A CSV tartalma", "The CSV content")}</label>
                <p class="field__hint" id="csv-hint">
                    {tr(
                        "Soronként egy rekord: konyv, partner, ugyirat vagy irat; a formátum leírása: docs/records-import.md.",
                        "One record per line: konyv, partner, ugyirat or irat; the format is described in docs/records-import.md.",
                    )}
                </p>
                {move || problem().map(|p| view! { <p class="field__error" id="csv-error">{p.message(lang)}</p> })}
                <textarea id="csv" name="csv" rows="12" class="code-input"
                    aria-describedby=move || if problem().is_some() { "csv-hint csv-error" } else { "csv-hint" }
                    aria-invalid=move || problem().map(|_| "true")></textarea>
            </div>
            <button type="submit" class="button" disabled=move || import.pending().get()>
                {tr("Átvétel", "Import")}
            </button>
        </ActionForm>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    if report.imported {
        let hu = openasp_ui::i18n::use_lang() == openasp_ui::i18n::Lang::Hu;
        let text = if hu {
            format!(
                "Az átvétel sikerült: {} iktatókönyv, {} partner, {} ügyirat, {} irat.",
                report.books, report.partners, report.case_files, report.documents
            )
        } else {
            format!(
                "Imported: {} books, {} partners, {} case files, {} documents.",
                report.books, report.partners, report.case_files, report.documents
            )
        };
        return view! { <div class="success-notice import-report" role="status">{text}</div> }
            .into_any();
    }
    let rows = report
        .rejected
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.line}</td>
                    <td>{r.column.map(|c| c.to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                    <td lang="hu">{r.reason}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="error-summary import-report" role="alert" tabindex="-1">
            <h2 class="error-summary__title">
                {tr("Semmi sem került át: hibás sorok", "Nothing was imported: lines rejected")}
            </h2>
            <table class="results">
                <thead>
                    <tr>
                        <th scope="col">{tr("Sor", "Line")}</th>
                        <th scope="col">{tr("Oszlop", "Column")}</th>
                        <th scope="col">{tr("Ok", "Reason")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
