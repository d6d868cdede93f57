//! The operator's pages: every municipality's connection status, and one municipality's
//! next step and first administrator.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    CreateFirstAdmin, SetConnectionStatus, SetJointOffice, get_onboarding, list_onboarding,
};
use crate::connection::ConnectionStatus;
use openasp_core::ids::MunicipalityId;
use openasp_core::query::encode_query_value;
use openasp_ui::components::{ErrorNotice, PagedTable};
use openasp_ui::forms::{
    ErrorSummary, Field, SuccessNotice, action_error, action_succeeded, action_successes, tr,
};
use openasp_ui::i18n::use_lang;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("status")
                    .and_then(|s| ConnectionStatus::from_code(&s)),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let rows = Resource::new(
        move || filter.get(),
        |(q, status, page)| list_onboarding(q, status, page),
    );
    let initial = filter.get_untracked();
    let status_options = ConnectionStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.code() selected=initial.1 == Some(s)>{s.name(lang)}</option> })
        .collect_view();
    view! {
        <Title text=tr("Csatlakoztatás", "Onboarding") />
        <h1>{tr("Önkormányzatok csatlakoztatása", "Onboarding municipalities")}</h1>
        <form method="get" action="/ugyintezo/uzemeltetes" class="search-form" role="search">
            <div class="field">
                <label for="q">{tr("Település", "Municipality")}</label>
                <input id="q" name="q" type="search" value=initial.0.clone() />
            </div>
            <div class="field">
                <label for="status">{tr("Állapot", "Status")}</label>
                <select id="status" name="status">
                    <option value="">{tr("Bármely", "Any")}</option>
                    {status_options}
                </select>
            </div>
            <button type="submit" class="button">{tr("Szűrés", "Filter")}</button>
        </form>
        <PagedTable
            rows
            count_noun=tr("önkormányzat", "municipalities")
            columns=vec![
                tr("Település", "Municipality"),
                tr("Vármegye", "County"),
                tr("Hivatal", "Office"),
                tr("Állapot", "Status"),
            ]
            row=|m: crate::types::OnboardingRow| {
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("/ugyintezo/uzemeltetes/{}", m.id)>{m.name}</a>
                        </th>
                        <td>{m.county.unwrap_or_default()}</td>
                        <td>
                            {m.joint_office.unwrap_or_else(|| tr("Önálló hivatal", "Own office").to_owned())}
                        </td>
                        <td>{m.status.name(use_lang())}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (q, status, _) = filter.get_untracked();
                format!(
                    "/ugyintezo/uzemeltetes?q={}&status={}&page={p}",
                    encode_query_value(&q),
                    status.map(|s| s.code()).unwrap_or_default(),
                )
            })
        />
    }
}

#[component]
pub fn OnboardingDetailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i32>().ok())
                .map(MunicipalityId)
        })
    });
    let set_status = ServerAction::<SetConnectionStatus>::new();
    let set_status_done = action_successes(set_status);
    let set_office = ServerAction::<SetJointOffice>::new();
    let set_office_done = action_successes(set_office);
    let office_error = action_error(set_office);
    let first_admin = ServerAction::<CreateFirstAdmin>::new();
    let status_error = action_error(set_status);
    let admin_error = action_error(first_admin);
    let detail = Resource::new(
        move || (id.get(), set_status_done.get(), set_office_done.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_onboarding(id).await,
                None => Err(openasp_core::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(m) => {
                        let id = m.id.0.to_string();
                        let office_form_id = id.clone();
                        let next = m.status.next();
                        view! {
                            <Title text=m.name.clone() />
                            <h1>{m.name.clone()}</h1>
                            <dl class="facts">
                                <dt>{tr("Állapot", "Status")}</dt>
                                <dd>{m.status.name(lang)}</dd>
                                <dt>{tr("Előkészítés kezdete", "Preparation since")}</dt>
                                <dd>{m.preparation_on.clone().unwrap_or_else(|| "–".into())}</dd>
                                <dt>{tr("Csatlakozás kezdete", "Connection since")}</dt>
                                <dd>{m.connection_on.clone().unwrap_or_else(|| "–".into())}</dd>
                                <dt>{tr("Éles üzem kezdete", "Live since")}</dt>
                                <dd>{m.live_on.clone().unwrap_or_else(|| "–".into())}</dd>
                                <dt>{tr("Hivatal", "Office")}</dt>
                                <dd>{m.joint_office.clone().unwrap_or_else(|| tr("Önálló hivatal", "Own office").to_owned())}</dd>
                            </dl>
                            {next.map(|next| {
                                let id = id.clone();
                                view! {
                                    <h2>{format!("{} {}", tr("Következő lépés:", "Next step:"), next.name(lang))}</h2>
                                    <ErrorSummary error=status_error />
                                    <ActionForm action=set_status attr:class="search-form">
                                        <input type="hidden" name="municipality" value=id />
                                        <input type="hidden" name="status" value=format!("{next:?}") />
                                        <Field id="date" label=tr("Dátum", "Date") input_type="date" value=m.suggested_date.clone() error=status_error />
                                        <button type="submit" class="button">{tr("Rögzítés", "Record")}</button>
                                    </ActionForm>
                                }
                            })}
                            <h2>{tr("Közös önkormányzati hivatal", "Joint municipal office")}</h2>
                            {(!m.joint_office_members.is_empty()).then(|| view! {
                                <p>{tr("A hivatal által kiszolgált települések:", "Municipalities the office serves:")}</p>
                                <ul class="inline-list">
                                    {m.joint_office_members.iter().map(|name| view! { <li>{name.clone()}</li> }).collect_view()}
                                </ul>
                            })}
                            <ErrorSummary error=office_error />
                            <ActionForm action=set_office attr:class="search-form">
                                <input type="hidden" name="municipality" value=office_form_id />
                                <Field
                                    id="seat"
                                    label=tr("A közös hivatal székhelye", "Seat of the joint office")
                                    hint=tr("Hagyja üresen, ha a településnek önálló hivatala van.", "Leave empty for an own office.")
                                    value=m.joint_office.as_ref().map(|o| o.trim_end_matches(" Közös Önkormányzati Hivatal").to_owned()).unwrap_or_default()
                                    error=office_error
                                />
                                <button type="submit" class="button">{tr("Mentés", "Save")}</button>
                            </ActionForm>
                            <h2>{tr("Első adminisztrátor", "First administrator")}</h2>
                            <p>{tr("Csak akkor hozható létre, ha az önkormányzatnak még nincs adminisztrátora.", "Only possible while the municipality has no administrator.")}</p>
                            <ErrorSummary error=admin_error />
                            <SuccessNotice show=action_succeeded(first_admin) message=tr("Az adminisztrátor fiókját létrehoztuk.", "The administrator's account is created.") />
                            <ActionForm action=first_admin attr:class="stack narrow" attr:novalidate=true>
                                <input type="hidden" name="municipality" value=id.clone() />
                                <Field id="display_name" name="form[display_name]" label=tr("Név", "Name") error=admin_error />
                                <Field id="username" name="form[username]" label=tr("Felhasználónév", "Username") error=admin_error />
                                <Field id="email" name="form[email]" label=tr("E-mail-cím (nem kötelező)", "E-mail (optional)") input_type="email" error=admin_error />
                                <Field id="password" name="form[password]" label=tr("Kezdő jelszó", "Initial password") input_type="password" autocomplete="new-password" error=admin_error />
                                <Field id="password_confirmation" name="form[password_confirmation]" label=tr("Jelszó még egyszer", "Password again") input_type="password" autocomplete="new-password" error=admin_error />
                                <button type="submit" class="button">{tr("Létrehozás", "Create")}</button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
