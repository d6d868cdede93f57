//! A municipality administrator's pages: the members, a new account, one member's roles and
//! substitutions.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::role_options;
use crate::api::{
    ArrangeSubstitution, CreateMember, GrantRole, RevokeGrant, RevokeSubstitution, get_member,
    list_members,
};
use crate::roles::Role;
use crate::types::MemberDetail;
use openasp_core::ids::UserId;
use openasp_core::query::encode_query_value;
use openasp_ui::components::{ErrorNotice, PagedTable};
use openasp_ui::forms::{
    ErrorSummary, Field, SuccessNotice, action_error, action_succeeded, action_successes, tr,
};
use openasp_ui::i18n::use_lang;

#[component]
pub fn MembersPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("role")
                    .and_then(|r| Role::ALL.into_iter().find(|role| format!("{role:?}") == r)),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    });
    let members = Resource::new(
        move || filter.get(),
        |(q, role, page)| list_members(q, role, page),
    );
    let initial = filter.get_untracked();
    view! {
        <Title text=tr("Felhasználók", "Users") />
        <h1>{tr("Felhasználók", "Users")}</h1>
        <p>
            <a class="button" href="/ugyintezo/felhasznalok/uj">
                {tr("Új felhasználó", "New user")}
            </a>
        </p>
        <form method="get" action="/ugyintezo/felhasznalok" class="search-form" role="search">
            <div class="field">
                <label for="q">{tr("Név vagy felhasználónév", "Name or username")}</label>
                <input id="q" name="q" type="search" value=initial.0.clone() />
            </div>
            <div class="field">
                <label for="role">{tr("Szerepkör", "Role")}</label>
                <select id="role" name="role">
                    <option value="">{tr("Bármely", "Any")}</option>
                    {role_options(&Role::ALL, initial.1)}
                </select>
            </div>
            <button type="submit" class="button">{tr("Szűrés", "Filter")}</button>
        </form>
        <PagedTable
            rows=members
            count_noun=tr("felhasználó", "users")
            columns=vec![
                tr("Név", "Name"),
                tr("Felhasználónév", "Username"),
                tr("Szerepkörök", "Roles"),
                tr("Állapot", "Status"),
            ]
            row=|m: crate::types::MemberSummary| {
                let lang = use_lang();
                let roles = m.roles.iter().map(|r| r.name(lang)).collect::<Vec<_>>().join(", ");
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("/ugyintezo/felhasznalok/{}", m.id)>{m.display_name}</a>
                        </th>
                        <td>{m.username}</td>
                        <td>{roles}</td>
                        <td>{m.locked.then(|| tr("Zárolva", "Locked"))}</td>
                    </tr>
                }
            }
            href_for=std::sync::Arc::new(move |p| {
                let (q, role, _) = filter.get_untracked();
                format!(
                    "/ugyintezo/felhasznalok?q={}&role={}&page={p}",
                    encode_query_value(&q),
                    role.map(|r| format!("{r:?}")).unwrap_or_default(),
                )
            })
        />
    }
}

#[component]
pub fn NewMemberPage() -> impl IntoView {
    let create = ServerAction::<CreateMember>::new();
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = create.value().get() {
            navigate(
                &format!("/ugyintezo/felhasznalok/{user}"),
                Default::default(),
            );
        }
    });
    view! {
        <Title text=tr("Új felhasználó", "New user") />
        <h1>{tr("Új felhasználó", "New user")}</h1>
        <ErrorSummary error />
        <ActionForm action=create attr:class="stack narrow" attr:novalidate=true>
            <Field id="display_name" name="form[display_name]" label=tr("Név", "Name") autocomplete="off" error />
            <Field
                id="username"
                name="form[username]"
                label=tr("Felhasználónév", "Username")
                hint=tr("Kisbetűk, számjegyek, pont, kötőjel; például kovacs.anna", "Lowercase letters, digits, dot, dash; e.g. kovacs.anna")
                autocomplete="off"
                error
            />
            <Field id="email" name="form[email]" label=tr("E-mail-cím (nem kötelező)", "E-mail (optional)") input_type="email" error />
            <Field
                id="password"
                name="form[password]"
                label=tr("Kezdő jelszó", "Initial password")
                hint=tr("Legalább 12 karakter. A felhasználó első belépés után megváltoztathatja.", "At least 12 characters. The user can change it after signing in.")
                input_type="password"
                autocomplete="new-password"
                error
            />
            <Field
                id="password_confirmation"
                name="form[password_confirmation]"
                label=tr("Jelszó még egyszer", "Password again")
                input_type="password"
                autocomplete="new-password"
                error
            />
            <div class="field">
                <label for="role">{tr("Első szerepkör", "First role")}</label>
                <select id="role" name="role">{role_options(&Role::ALL, None)}</select>
            </div>
            <button type="submit" class="button">{tr("Létrehozás", "Create")}</button>
        </ActionForm>
    }
}

#[component]
pub fn MemberPage() -> impl IntoView {
    let params = use_params_map();
    let user = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .map(UserId)
        })
    });
    let grant = ServerAction::<GrantRole>::new();
    let grant_done = action_successes(grant);
    let revoke = ServerAction::<RevokeGrant>::new();
    let revoke_done = action_successes(revoke);
    let substitute = ServerAction::<ArrangeSubstitution>::new();
    let substitute_done = action_successes(substitute);
    let revoke_sub = ServerAction::<RevokeSubstitution>::new();
    let revoke_sub_done = action_successes(revoke_sub);
    let changes = move || {
        (
            grant_done.get(),
            revoke_done.get(),
            substitute_done.get(),
            revoke_sub_done.get(),
        )
    };
    let detail = Resource::new(
        move || (user.get(), changes()),
        |(user, _)| async move {
            match user {
                Some(user) => get_member(user).await,
                None => Err(openasp_core::error::AppError::NotFound),
            }
        },
    );
    let colleagues = Resource::new(|| (), |_| list_members(String::new(), None, 1));
    let grant_error = action_error(grant);
    let revoke_error = Signal::derive(move || {
        action_error(revoke)
            .get()
            .or_else(|| action_error(revoke_sub).get())
    });
    let substitute_error = action_error(substitute);
    view! {
        <Transition fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(detail) => {
                        let others = colleagues.await.map(|p| p.items).unwrap_or_default();
                        view! {
                            <MemberView
                                detail
                                others
                                grant
                                revoke
                                substitute
                                revoke_sub
                                grant_error
                                revoke_error
                                substitute_error
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn MemberView(
    detail: MemberDetail,
    others: Vec<crate::types::MemberSummary>,
    grant: ServerAction<GrantRole>,
    revoke: ServerAction<RevokeGrant>,
    substitute: ServerAction<ArrangeSubstitution>,
    revoke_sub: ServerAction<RevokeSubstitution>,
    grant_error: Signal<Option<openasp_core::error::AppError>>,
    revoke_error: Signal<Option<openasp_core::error::AppError>>,
    substitute_error: Signal<Option<openasp_core::error::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let user_id = detail.id.0.to_string();
    let grant_user_id = user_id.clone();
    let grants = detail
        .grants
        .clone()
        .into_iter()
        .map(|g| {
            let status = if g.revoked {
                tr("Visszavonva", "Revoked")
            } else if g.active {
                tr("Érvényes", "Active")
            } else {
                tr("Lejárt", "Expired")
            };
            let revoke_form = (!g.revoked).then(|| {
                let id = g.id.0.to_string();
                view! {
                    <ActionForm action=revoke>
                        <input type="hidden" name="grant" value=id />
                        <button type="submit" class="button button--warning">
                            {tr("Visszavonás", "Revoke")}
                            <span class="visually-hidden">{format!(" ({})", g.role.name(lang))}</span>
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <th scope="row">{g.role.name(lang)}</th>
                    <td>{g.valid_from.clone()}</td>
                    <td>{g.valid_until.clone().unwrap_or_else(|| "–".into())}</td>
                    <td>{status}</td>
                    <td>{revoke_form}</td>
                </tr>
            }
        })
        .collect_view();
    let substitutions = detail
        .substitutions
        .clone()
        .into_iter()
        .map(|s| {
            let revoke_form = (!s.revoked).then(|| {
                let id = s.id.0.to_string();
                view! {
                    <ActionForm action=revoke_sub>
                        <input type="hidden" name="substitution" value=id />
                        <button type="submit" class="button button--warning">{tr("Visszavonás", "Revoke")}</button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <th scope="row">{s.role.name(lang)}</th>
                    <td>{s.absent_name.clone()}</td>
                    <td>{s.substitute_name.clone()}</td>
                    <td>{format!("{} – {}", s.valid_from, s.valid_until)}</td>
                    <td>{if s.active { tr("Érvényes", "Active") } else { "" }}</td>
                    <td>{revoke_form}</td>
                </tr>
            }
        })
        .collect_view();
    let substitute_options = others
        .into_iter()
        .filter(|m| m.id != detail.id)
        .map(|m| view! { <option value=m.id.0.to_string()>{m.display_name}</option> })
        .collect_view();
    view! {
        <Title text=detail.display_name.clone() />
        <h1>{detail.display_name.clone()}</h1>
        <dl class="facts">
            <dt>{tr("Felhasználónév", "Username")}</dt>
            <dd>{detail.username.clone()}</dd>
            <dt>{tr("E-mail-cím", "E-mail")}</dt>
            <dd>{detail.email.clone().unwrap_or_else(|| "–".into())}</dd>
            <dt>{tr("Kétlépcsős belépés", "Two-step sign-in")}</dt>
            <dd>{if detail.totp_enabled { tr("Bekapcsolva", "On") } else { tr("Kikapcsolva", "Off") }}</dd>
            <dt>{tr("Fiók", "Account")}</dt>
            <dd>{if detail.locked { tr("Zárolva", "Locked") } else { tr("Aktív", "Active") }}</dd>
        </dl>

        <h2 id="roles">{tr("Szerepkörök", "Roles")}</h2>
        <ErrorSummary error=revoke_error />
        <table class="results">
            <thead>
                <tr>
                    <th scope="col">{tr("Szerepkör", "Role")}</th>
                    <th scope="col">{tr("Kezdete", "From")}</th>
                    <th scope="col">{tr("Vége", "Until")}</th>
                    <th scope="col">{tr("Állapot", "Status")}</th>
                    <th scope="col"><span class="visually-hidden">{tr("Művelet", "Action")}</span></th>
                </tr>
            </thead>
            <tbody>{grants}</tbody>
        </table>

        <h3>{tr("Szerepkör adása", "Grant a role")}</h3>
        <ErrorSummary error=grant_error />
        <ActionForm action=grant attr:class="search-form">
            <input type="hidden" name="user" value=grant_user_id />
            <div class="field">
                <label for="grant-role">{tr("Szerepkör", "Role")}</label>
                <select id="grant-role" name="role">{role_options(&Role::ALL, None)}</select>
            </div>
            <Field
                id="valid_until"
                label=tr("Érvényes eddig (nem kötelező)", "Valid until (optional)")
                input_type="date"
                error=grant_error
            />
            <button type="submit" class="button">{tr("Szerepkör adása", "Grant")}</button>
        </ActionForm>

        <h2>{tr("Helyettesítések", "Substitutions")}</h2>
        <table class="results">
            <thead>
                <tr>
                    <th scope="col">{tr("Szerepkör", "Role")}</th>
                    <th scope="col">{tr("Távollévő", "Absent")}</th>
                    <th scope="col">{tr("Helyettes", "Substitute")}</th>
                    <th scope="col">{tr("Időszak", "Period")}</th>
                    <th scope="col">{tr("Állapot", "Status")}</th>
                    <th scope="col"><span class="visually-hidden">{tr("Művelet", "Action")}</span></th>
                </tr>
            </thead>
            <tbody>{substitutions}</tbody>
        </table>
        <h3>{tr("Helyettes kijelölése a távollét idejére", "Arrange a substitute for an absence")}</h3>
        <ErrorSummary error=substitute_error />
        <ActionForm action=substitute attr:class="stack narrow">
            <input type="hidden" name="absent" value=user_id />
            <div class="field">
                <label for="substitute">{tr("Helyettes", "Substitute")}</label>
                <select id="substitute" name="substitute">{substitute_options}</select>
            </div>
            <div class="field">
                <label for="sub-role">{tr("Helyettesített szerepkör", "Role to stand in for")}</label>
                <select id="sub-role" name="role">{role_options(&Role::ALL, None)}</select>
            </div>
            <Field id="sub_valid_from" name="valid_from" label=tr("Kezdete", "From") input_type="date" error=substitute_error />
            <Field id="sub_valid_until" name="valid_until" label=tr("Vége", "Until") input_type="date" error=substitute_error />
            <button type="submit" class="button">{tr("Helyettesítés rögzítése", "Arrange")}</button>
        </ActionForm>
        <SuccessNotice show=action_succeeded(substitute) message=tr("A helyettesítést rögzítettük.", "The substitution is arranged.") />
    }
}
