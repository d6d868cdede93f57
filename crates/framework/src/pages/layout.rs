//! The clerk application's frame: the bar with the user and the municipality switcher, the
//! navigation (each system's section, `crate::nav`), and the signed-in user as context for
//! every page inside.
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use crate::api::{Logout, SwitchMunicipality, current_user};
use crate::nav::nav_links;
use crate::types::SignedInUser;
use openasp_ui::components::ErrorNotice;
use openasp_ui::forms::tr;
use openasp_ui::i18n::use_lang;

/// Bumped after sign-in, switching and sign-out so that everything showing the session reloads.
#[derive(Clone, Copy)]
pub struct SessionVersion(pub RwSignal<u32>);

pub fn provide_session_version() {
    provide_context(SessionVersion(RwSignal::new(0)));
}

pub fn use_session_version() -> RwSignal<u32> {
    use_context::<SessionVersion>()
        .map(|v| v.0)
        .unwrap_or_else(|| RwSignal::new(0))
}

/// The signed-in user, loaded once by [`ClerkLayout`] for every page inside it.
#[derive(Clone, Copy)]
pub struct SignedInUserResource(
    pub Resource<Result<Option<SignedInUser>, openasp_core::error::AppError>>,
);

/// The signed-in user (inside [`ClerkLayout`]); await it inside a `Suspend`.
pub fn use_signed_in_user()
-> Option<Resource<Result<Option<SignedInUser>, openasp_core::error::AppError>>> {
    use_context::<SignedInUserResource>().map(|r| r.0)
}

/// The frame of every clerk page. Pages render beside (not inside) the user's `Suspense`, so
/// that their own resources are created at the same point on the server and in the browser
/// and hydrate without being fetched again.
#[component]
pub fn ClerkLayout() -> impl IntoView {
    let version = use_session_version();
    let me = Resource::new(move || version.get(), |_| current_user());
    provide_context(SignedInUserResource(me));
    view! {
        <Suspense fallback=move || view! { <p class="loading">{tr("Betöltés…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(user)) => view! { <ClerkBar user /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/belepes" /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <div class="clerk">
            <Suspense>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|user| view! { <ClerkNav user /> })
                })}
            </Suspense>
            <div class="clerk__content">
                <Outlet />
            </div>
        </div>
    }
}

#[component]
fn ClerkBar(user: SignedInUser) -> impl IntoView {
    let version = use_session_version();
    let switch = ServerAction::<SwitchMunicipality>::new();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if matches!(switch.value().get(), Some(Ok(())))
            || matches!(logout.value().get(), Some(Ok(())))
        {
            version.update(|v| *v += 1);
        }
    });
    let current = user.municipality.as_ref().map(|m| m.id);
    let switcher = (user.memberships.len() > 1).then(|| {
        let options = user
            .memberships
            .iter()
            .map(|m| {
                view! {
                    <option value=m.id.0.to_string() selected=Some(m.id) == current>
                        {m.name.clone()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=switch attr:class="switcher">
                <label for="municipality">{tr("Önkormányzat", "Municipality")}</label>
                <select id="municipality" name="municipality">{options}</select>
                <button type="submit" class="button button--secondary">
                    {tr("Váltás", "Switch")}
                </button>
            </ActionForm>
        }
    });
    let single = (user.memberships.len() <= 1).then(|| {
        user.municipality
            .as_ref()
            .map(|m| view! { <span class="clerk-bar__municipality">{m.name.clone()}</span> })
    });
    view! {
        <div class="clerk-bar">
            <div class="clerk-bar__inner">
                <span class="clerk-bar__user">
                    {user.display_name.clone()}
                    <span class="clerk-bar__username">{format!(" ({})", user.username)}</span>
                </span>
                {single}
                {switcher}
                <ActionForm action=logout attr:class="clerk-bar__logout">
                    <button type="submit" class="button button--link">
                        {tr("Kijelentkezés", "Sign out")}
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}

#[component]
fn ClerkNav(user: SignedInUser) -> impl IntoView {
    let lang = use_lang();
    let links = nav_links(&user)
        .into_iter()
        .map(|link| {
            view! {
                <li>
                    <A href=link.href exact=link.exact>
                        {tr(link.hu, link.en)}
                    </A>
                </li>
            }
        })
        .collect_view();
    let systems = user
        .systems
        .iter()
        .map(|s| view! { <li class="clerk-nav__system">{s.name(lang)}</li> })
        .collect_view();
    view! {
        <nav class="clerk-nav" aria-label=tr("Ügyintézői menü", "Clerk menu")>
            <ul>
                <li>
                    <A href="/ugyintezo" exact=true>
                        {tr("Áttekintés", "Overview")}
                    </A>
                </li>
                {links}
                <li>
                    <A href="/ugyintezo/fiokom">{tr("Fiókom", "My account")}</A>
                </li>
            </ul>
            <h2 class="clerk-nav__heading">{tr("Szakrendszerek", "Systems")}</h2>
            <ul class="clerk-nav__systems">{systems}</ul>
        </nav>
    }
}
