//! The clerk's start page: where they act, with which roles, and each system they may use.
use leptos::prelude::*;
use leptos_meta::Title;

use super::layout::use_signed_in_user;
use crate::roles::System;
use openasp_ui::forms::tr;
use openasp_ui::i18n::use_lang;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = use_signed_in_user();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match me {
                    Some(me) => me.await.ok().flatten().map(|user| view! { <Dashboard user /> }),
                    None => None,
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(user: crate::types::SignedInUser) -> impl IntoView {
    let lang = use_lang();
    let heading = match &user.municipality {
        Some(m) => m.name.clone(),
        None => tr(
            "Nincs kiválasztott önkormányzat",
            "No municipality selected",
        )
        .to_owned(),
    };
    let roles = user
        .roles
        .iter()
        .map(|r| view! { <li>{r.name(lang)}</li> })
        .collect_view();
    let platform_roles = user
        .platform_roles
        .iter()
        .map(|r| view! { <li>{r.name(lang)}</li> })
        .collect_view();
    let tiles = user
        .systems
        .iter()
        .map(|system| {
            let links = match system {
                System::Framework => view! {
                    <ul>
                        <li><a href="/ugyintezo/felhasznalok">{tr("Felhasználók és szerepkörök", "Users and roles")}</a></li>
                        <li><a href="/ugyintezo/naplo">{tr("Naplók", "Audit log")}</a></li>
                    </ul>
                }
                .into_any(),
                System::Records => view! {
                    <ul>
                        <li><a href="/ugyintezo/iktatas">{tr("Iktatás és iktatókönyv", "Registration and register book")}</a></li>
                    </ul>
                }
                .into_any(),
                _ => view! {
                    <p class="tile__note">
                        {tr("A szakrendszer feladatai itt jelennek meg, amint elérhető.", "This system's tasks will appear here once it is available.")}
                    </p>
                }
                .into_any(),
            };
            view! {
                <li class="tile">
                    <h3 class="tile__title">{system.name(lang)}</h3>
                    {links}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=tr("Áttekintés", "Overview") />
        <h1>{heading}</h1>
        {(!user.roles.is_empty())
            .then(|| {
                view! {
                    <h2>{tr("Szerepköreim", "My roles")}</h2>
                    <ul class="inline-list">{roles}</ul>
                }
            })}
        {(!user.platform_roles.is_empty())
            .then(|| {
                view! {
                    <h2>{tr("Üzemeltetői szerepköreim", "My operator roles")}</h2>
                    <ul class="inline-list">{platform_roles}</ul>
                }
            })}
        <h2>{tr("Szakrendszerek", "Systems")}</h2>
        <ul class="tiles">{tiles}</ul>
    }
}
