//! The framework's clerk routes, below `/ugyintezo`: the overview, users and roles, the audit
//! log, the user's own account and the operator's onboarding pages.
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{components::Route, path};

use crate::pages::{
    AccountPage, AuditPage, DashboardPage, MemberPage, MembersPage, NewMemberPage,
    OnboardingDetailPage, OnboardingPage,
};

/// The framework's routes inside the clerk layout (literal paths before `:id` paths),
/// type-erased so that they fit among the other systems' routes with or without
/// `--cfg erase_components`.
#[component(transparent)]
pub fn FrameworkRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("") view=DashboardPage />
        <Route path=path!("felhasznalok") view=MembersPage />
        <Route path=path!("felhasznalok/uj") view=NewMemberPage />
        <Route path=path!("felhasznalok/:id") view=MemberPage />
        <Route path=path!("naplo") view=AuditPage />
        <Route path=path!("fiokom") view=AccountPage />
        <Route path=path!("uzemeltetes") view=OnboardingPage />
        <Route path=path!("uzemeltetes/:id") view=OnboardingDetailPage />
    }
    .into_inner()
    .into_any_nested_route()
}
