//! The forms editor's pages: the municipality's adopted forms and the central templates to
//! adopt (`/ugyintezo/urlapok`), and one form's page (`/ugyintezo/urlapok/:id`) to adjust,
//! preview, publish or withdraw it and to adopt a newer template version.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::EXTRA_KINDS;
use super::api::{AddExtraQuestion, RemoveExtraQuestion, SaveFormSettings, get_routing_options};
use super::preview::FormPreview;
use crate::api::{
    AdoptLatest, AdoptTemplate, PublishForm, UnpublishForm, editor_forms, list_templates,
    preview_form,
};
use crate::domain::adoption::Adjustments;
use crate::domain::language::FormDefinition;
use crate::types::Choice;
use crate::types::MunicipalFormInfo;
use openasp_core::error::AppError;
use openasp_framework::pages::use_signed_in_user;
use openasp_framework::roles::{PlatformRole, Role};
use openasp_ui::components::ErrorNotice;
use openasp_ui::forms::{
    ErrorSummary, SuccessNotice, action_error, action_succeeded, action_successes,
};

fn loading() -> impl IntoView {
    view! { <p class="loading">"Betöltés…"</p> }
}

fn state_text(form: &MunicipalFormInfo) -> String {
    match (form.published, form.published_version) {
        (true, Some(v)) => format!("Közzétéve ({v}. változat)"),
        (false, Some(v)) => format!("Visszavonva (utolsó: {v}. változat)"),
        _ => "Nincs közzétéve".to_owned(),
    }
}

/// The adopted forms and the central templates.
#[component]
pub fn FormsPage() -> impl IntoView {
    let adopt = ServerAction::<AdoptTemplate>::new();
    let adopt_done = action_successes(adopt);
    let me = use_signed_in_user();
    // Only a forms editor has the municipality's forms to list (the operator may come for the
    // templates alone).
    let forms = Resource::new(
        move || adopt_done.get(),
        move |_| async move {
            let editor = match me {
                Some(me) => me
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|u| u.has_role(Role::FormsEditor)),
                None => false,
            };
            if editor {
                editor_forms().await
            } else {
                Err(AppError::Forbidden)
            }
        },
    );
    let templates = Resource::new(|| (), |_| list_templates());
    let error = action_error(adopt);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = adopt.value().get() {
            navigate(&format!("/ugyintezo/urlapok/{id}"), Default::default());
        }
    });
    view! {
        <Title text="E-űrlapok" />
        <h1>"E-űrlapok"</h1>
        <ErrorSummary error />
        <h2>"Az önkormányzat űrlapjai"</h2>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match forms.await {
                    Err(AppError::Forbidden) => view! {
                        <p>"Az önkormányzat űrlapjait az e-űrlap-szerkesztők kezelik."</p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(forms) if forms.is_empty() => view! {
                        <p>"Még nincs átvett űrlap. Válasszon az alábbi központi sablonok közül."</p>
                    }.into_any(),
                    Ok(forms) => {
                        let rows = forms
                            .into_iter()
                            .map(|f| {
                                let newer = (f.latest_template_version > f.template_version)
                                    .then(|| view! {
                                        <span class="badge">
                                            {format!("Újabb sablonváltozat: {}.", f.latest_template_version)}
                                        </span>
                                    });
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=format!("/ugyintezo/urlapok/{}", f.id)>{f.title.clone()}</a>
                                        </th>
                                        <td>{f.category.clone()}</td>
                                        <td>{state_text(&f)}</td>
                                        <td>{format!("{}. ", f.template_version)} {newer}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <table class="results" id="adopted-forms">
                                <thead>
                                    <tr>
                                        <th scope="col">"Űrlap"</th>
                                        <th scope="col">"Kategória"</th>
                                        <th scope="col">"Állapot"</th>
                                        <th scope="col">"Sablonváltozat"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <h2>"Központi sablonok"</h2>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match templates.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(templates) => {
                        let operator = match me {
                            Some(me) => me
                                .await
                                .ok()
                                .flatten()
                                .is_some_and(|u| u.has_platform_role(PlatformRole::Onboarding)),
                            None => false,
                        };
                        let rows = templates
                            .into_iter()
                            .map(|t| {
                                let builder = operator.then(|| view! {
                                    <a href=format!("/ugyintezo/urlapok/sablonok/{}", t.code)>
                                        "Sablon szerkesztése"
                                        <span class="visually-hidden">{format!(": {}", t.title)}</span>
                                    </a>
                                });
                                view! {
                                    <tr>
                                        <th scope="row">{t.title.clone()}</th>
                                        <td>{t.category.clone()}</td>
                                        <td>{format!("{}.", t.latest_version)}</td>
                                        <td>
                                            <ActionForm action=adopt attr:class="inline-form">
                                                <input type="hidden" name="template" value=t.code.clone() />
                                                <button type="submit" class="button button--secondary">
                                                    "Átvétel"
                                                    <span class="visually-hidden">{format!(": {}", t.title)}</span>
                                                </button>
                                            </ActionForm>
                                            {builder}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <table class="results" id="central-templates">
                                <thead>
                                    <tr>
                                        <th scope="col">"Sablon"</th>
                                        <th scope="col">"Kategória"</th>
                                        <th scope="col">"Legújabb változat"</th>
                                        <th scope="col">"Művelet"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Everything one form's page shows, loaded together.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Loaded {
    info: MunicipalFormInfo,
    adjustments: Adjustments,
    preview: Result<FormDefinition, AppError>,
}

async fn load_form(id: String) -> Result<Loaded, AppError> {
    let forms = editor_forms().await?;
    let info = forms
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(AppError::NotFound)?;
    let adjustments: Adjustments = serde_json::from_str(&info.adjustments_json).unwrap_or_default();
    let preview = match preview_form(id).await {
        Ok(json) => serde_json::from_str(&json).map_err(|_| AppError::Communication),
        Err(e) => Err(e),
    };
    Ok(Loaded {
        info,
        adjustments,
        preview,
    })
}

fn select_options(choices: &[Choice], current: &Option<String>) -> impl IntoView + use<> {
    choices
        .iter()
        .map(|c| {
            view! {
                <option value=c.id.clone() selected=current.as_deref() == Some(c.id.as_str())>
                    {c.label.clone()}
                </option>
            }
        })
        .collect_view()
}

/// One adopted form: adjust, preview, publish.
#[component]
pub fn FormEditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let settings = ServerAction::<SaveFormSettings>::new();
    let settings_done = action_successes(settings);
    let add = ServerAction::<AddExtraQuestion>::new();
    let add_done = action_successes(add);
    let remove = ServerAction::<RemoveExtraQuestion>::new();
    let remove_done = action_successes(remove);
    let publish = ServerAction::<PublishForm>::new();
    let publish_done = action_successes(publish);
    let unpublish = ServerAction::<UnpublishForm>::new();
    let unpublish_done = action_successes(unpublish);
    let adopt_latest = ServerAction::<AdoptLatest>::new();
    let adopt_latest_done = action_successes(adopt_latest);
    let form = Resource::new(
        move || {
            (
                id.get(),
                settings_done.get(),
                add_done.get(),
                remove_done.get(),
                publish_done.get(),
                unpublish_done.get(),
                adopt_latest_done.get(),
            )
        },
        |(id, ..)| load_form(id),
    );
    let options = Resource::new(|| (), |_| get_routing_options());
    let settings_error = action_error(settings);
    let add_error = action_error(add);
    let remove_error = action_error(remove);
    let publish_error = action_error(publish);
    let unpublish_error = action_error(unpublish);
    let adopt_error = action_error(adopt_latest);
    let any_error = Signal::derive(move || {
        settings_error
            .get()
            .or_else(|| add_error.get())
            .or_else(|| remove_error.get())
            .or_else(|| publish_error.get())
            .or_else(|| unpublish_error.get())
            .or_else(|| adopt_error.get())
    });
    let saved = action_succeeded(settings);
    let published = action_succeeded(publish);
    let added = action_succeeded(add);
    view! {
        <Title text="E-űrlap szerkesztése" />
        <p>
            <a href="/ugyintezo/urlapok">"← Vissza az e-űrlapokhoz"</a>
        </p>
        <ErrorSummary error=any_error />
        <SuccessNotice show=saved message="A beállítások mentve." />
        <SuccessNotice show=added message="A kérdés felkerült az űrlapra." />
        <SuccessNotice show=published message="Az űrlap új változata közzétéve." />
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let loaded = match form.await {
                    Ok(loaded) => loaded,
                    Err(error) => return view! { <ErrorNotice error /> }.into_any(),
                };
                let options = options.await.unwrap_or_default();
                let Loaded { info, adjustments, preview } = loaded;
                let newer = (info.latest_template_version > info.template_version).then(|| {
                    let form_id = info.id.clone();
                    view! {
                        <div class="notice" role="region" aria-labelledby="newer-heading">
                            <h2 id="newer-heading">"A sablonnak újabb változata érhető el"</h2>
                            <p>
                                {format!(
                                    "Az űrlap a központi sablon {}. változatán alapul; a legújabb a {}. A közzétett űrlap addig nem változik, amíg át nem veszi az új változatot és újra közzé nem teszi.",
                                    info.template_version, info.latest_template_version,
                                )}
                            </p>
                            <ActionForm action=adopt_latest>
                                <input type="hidden" name="form" value=form_id />
                                <button type="submit" class="button">"Az új sablonváltozat átvétele"</button>
                            </ActionForm>
                        </div>
                    }
                });
                let extras = adjustments
                    .extra_questions
                    .clone()
                    .into_iter()
                    .map(|q| {
                        let form_id = info.id.clone();
                        view! {
                            <li>
                                {q.label.clone()}
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="form" value=form_id />
                                    <input type="hidden" name="question" value=q.id.clone() />
                                    <button type="submit" class="button button--link">
                                        "Törlés"
                                        <span class="visually-hidden">{format!(": {}", q.label)}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view();
                let kinds = EXTRA_KINDS
                    .iter()
                    .map(|(code, name)| view! { <option value=*code>{*name}</option> })
                    .collect_view();
                let publish_controls = {
                    let form_id = info.id.clone();
                    let unpublish_form = info.id.clone();
                    view! {
                        <ActionForm action=publish attr:class="inline-form">
                            <input type="hidden" name="form" value=form_id />
                            <button type="submit" class="button">"Közzététel"</button>
                        </ActionForm>
                        {info.published.then(|| view! {
                            <ActionForm action=unpublish attr:class="inline-form">
                                <input type="hidden" name="form" value=unpublish_form />
                                <button type="submit" class="button button--secondary">"Visszavonás"</button>
                            </ActionForm>
                        })}
                    }
                };
                let preview = match preview {
                    Ok(definition) => view! { <FormPreview definition /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                };
                let (settings_form, extra_form) = (info.id.clone(), info.id.clone());
                view! {
                    <h1>{info.title.clone()}</h1>
                    <p class="state-line">
                        "Állapot: " <strong id="form-state">{state_text(&info)}</strong>
                        {format!(" · központi sablon {}. változata", info.template_version)}
                    </p>
                    {newer}
                    <div class="actions">{publish_controls}</div>

                    <h2>"Saját szövegek és irányítás"</h2>
                    <ActionForm action=settings attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="form" value=settings_form />
                        <div class="field">
                            <label for="guidance">"Saját tájékoztató szöveg"</label>
                            <p class="field__hint" id="guidance-hint">"A központi tájékoztató után jelenik meg."</p>
                            <textarea id="guidance" name="settings[guidance]" rows="4" aria-describedby="guidance-hint">
                                {adjustments.guidance.clone()}
                            </textarea>
                        </div>
                        <div class="field">
                            <label for="contact">"Kapcsolat"</label>
                            <input id="contact" name="settings[contact]" type="text" value=adjustments.contact.clone() />
                        </div>
                        <div class="field">
                            <label for="fee">"Díj, illeték"</label>
                            <input id="fee" name="settings[fee]" type="text" value=adjustments.fee.clone() />
                        </div>
                        <div class="field">
                            <label for="routing_unit">"Szervezeti egység"</label>
                            <select id="routing_unit" name="settings[unit]">
                                <option value="">"(nincs megadva)"</option>
                                {select_options(&options.units, &info.routing_unit_id)}
                            </select>
                        </div>
                        <div class="field">
                            <label for="routing_user">"Ügyintéző"</label>
                            <select id="routing_user" name="settings[user]">
                                <option value="">"(nincs megadva)"</option>
                                {select_options(&options.clerks, &info.routing_user_id)}
                            </select>
                        </div>
                        <div class="field">
                            <label for="routing_category">"Ügykör"</label>
                            <select id="routing_category" name="settings[category]">
                                <option value="">"(nincs megadva)"</option>
                                {select_options(&options.categories, &info.routing_case_category_id)}
                            </select>
                        </div>
                        <button type="submit" class="button">"Mentés"</button>
                    </ActionForm>

                    <h2>"Az önkormányzat további kérdései"</h2>
                    <p class="field__hint">"A további kérdések mindig nem kötelezők, és az űrlap utolsó oldalára kerülnek."</p>
                    <ul class="extra-questions">{extras}</ul>
                    <ActionForm action=add attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="form" value=extra_form />
                        <div class="field">
                            <label for="extra_kind">"A kérdés fajtája"</label>
                            <select id="extra_kind" name="question[kind]">{kinds}</select>
                        </div>
                        <div class="field">
                            <label for="extra_label">"A kérdés szövege"</label>
                            <input id="extra_label" name="question[label]" type="text" />
                        </div>
                        <div class="field">
                            <label for="extra_hint">"Segítő szöveg (nem kötelező)"</label>
                            <input id="extra_hint" name="question[hint]" type="text" />
                        </div>
                        <div class="field">
                            <label for="extra_options">"Választási lehetőségek (választásnál; soronként egy)"</label>
                            <textarea id="extra_options" name="question[options]" rows="3"></textarea>
                        </div>
                        <button type="submit" class="button button--secondary">"Kérdés hozzáadása"</button>
                    </ActionForm>

                    <h2 id="preview-heading">"Előnézet"</h2>
                    <p class="field__hint">"Így kapják meg az ügyfelek az űrlapot a következő közzétételkor."</p>
                    <div aria-labelledby="preview-heading" role="region">{preview}</div>
                }.into_any()
            })}
        </Transition>
    }
}
