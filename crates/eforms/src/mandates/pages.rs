//! The clerks' mandates page (`/ugyintezo/meghatalmazasok`): record that a citizen may act
//! for a company or another person, list and revoke mandates.
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{RecordMandate, RevokeMandate, list_mandates};
use super::{Represented, describe};
use openasp_ui::components::ErrorNotice;
use openasp_ui::forms::{
    ErrorSummary, Field, SuccessNotice, action_error, action_succeeded, action_successes,
};

#[component]
pub fn MandatesPage() -> impl IntoView {
    let record = ServerAction::<RecordMandate>::new();
    let record_done = action_successes(record);
    let revoke = ServerAction::<RevokeMandate>::new();
    let revoke_done = action_successes(revoke);
    let rows = Resource::new(
        move || (record_done.get(), revoke_done.get()),
        |_| list_mandates(),
    );
    let error = action_error(record);
    let revoke_error = action_error(revoke);
    let recorded = action_succeeded(record);
    view! {
        <Title text="Meghatalmazások" />
        <h1>"Meghatalmazások"</h1>
        <p>
            "Itt rögzítheti, hogy egy ügyfél cég vagy más személy nevében is beküldhet e-űrlapot ebben az önkormányzatban. Az ügyfelet a központi azonosításkor kapott neve és születési ideje alapján keressük meg."
        </p>
        <h2>"Új meghatalmazás"</h2>
        <ErrorSummary error />
        <SuccessNotice show=recorded message="A meghatalmazás rögzítve." />
        <ActionForm action=record attr:class="stack" attr:novalidate=true>
            <fieldset>
                <legend>"A meghatalmazott ügyfél"</legend>
                <Field id="family_name" name="form[family_name]" label="Családi név" required=true error />
                <Field id="given_name" name="form[given_name]" label="Utónév" required=true error />
                <Field id="birth_date" name="form[birth_date]" label="Születési idő" hint="ÉÉÉÉ-HH-NN, például 1980-01-31" required=true error />
            </fieldset>
            <fieldset>
                <legend>"Akit képvisel"</legend>
                <div class="field">
                    <label for="kind">"Fajta"</label>
                    <select id="kind" name="form[kind]">
                        <option value=Represented::Company.code()>"Cég (adószám)"</option>
                        <option value=Represented::Person.code()>"Magánszemély (adóazonosító jel)"</option>
                    </select>
                </div>
                <Field id="represented_name" name="form[represented_name]" label="Név" required=true error />
                <Field id="represented_identifier" name="form[represented_identifier]" label="Adószám vagy adóazonosító jel" hint="Cégnél adószám (12345678-1-12), magánszemélynél adóazonosító jel (10 számjegy)." required=true error />
            </fieldset>
            <button type="submit" class="button">"Rögzítés"</button>
        </ActionForm>
        <h2>"Rögzített meghatalmazások"</h2>
        <ErrorSummary error=revoke_error />
        <Transition fallback=move || view! { <p class="loading">"Betöltés…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>"Még nincs rögzített meghatalmazás."</p> }.into_any(),
                    Ok(rows) => {
                        let body = rows
                            .into_iter()
                            .map(|m| {
                                let party = describe(&m.kind, &m.represented_name, &m.represented_identifier);
                                let hidden = format!(": {} – {}", m.citizen_name, party);
                                let state = match &m.revoked_at {
                                    Some(at) => view! { {format!("Visszavonva: {at}")} }.into_any(),
                                    None => view! {
                                        <ActionForm action=revoke attr:class="inline-form">
                                            <input type="hidden" name="mandate" value=m.id.clone() />
                                            <button type="submit" class="button button--link">
                                                "Visszavonás"
                                                <span class="visually-hidden">{hidden}</span>
                                            </button>
                                        </ActionForm>
                                    }.into_any(),
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{format!("{} ({})", m.citizen_name, m.citizen_birth_date)}</th>
                                        <td>{party}</td>
                                        <td>{m.recorded_at.clone()}</td>
                                        <td>{state}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <table class="results" id="mandates">
                                <thead>
                                    <tr>
                                        <th scope="col">"Ügyfél"</th>
                                        <th scope="col">"Akit képvisel"</th>
                                        <th scope="col">"Rögzítve"</th>
                                        <th scope="col">"Állapot"</th>
                                    </tr>
                                </thead>
                                <tbody>{body}</tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
