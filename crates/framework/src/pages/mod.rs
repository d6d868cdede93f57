//! The clerk application's pages: sign-in, the shell with the municipality switcher, the
//! dashboard, user and role administration, the audit log, the user's account, and the
//! operator's onboarding pages.
mod account;
mod audit;
mod dashboard;
mod layout;
mod login;
mod members;
mod operator;

pub use account::AccountPage;
pub use audit::AuditPage;
pub use dashboard::DashboardPage;
pub use layout::{ClerkLayout, SessionVersion, provide_session_version, use_signed_in_user};
pub use login::{LoginPage, SecondFactorPage};
pub use members::{MemberPage, MembersPage, NewMemberPage};
pub use operator::{OnboardingDetailPage, OnboardingPage};

use crate::roles::Role;

/// The role picker used by several forms.
pub(crate) fn role_options(
    roles: &[Role],
    selected: Option<Role>,
) -> impl leptos::IntoView + use<> {
    use leptos::prelude::*;
    let lang = openasp_ui::i18n::use_lang();
    roles
        .iter()
        .map(|role| {
            let role = *role;
            view! {
                <option value=format!("{role:?}") selected=selected == Some(role)>
                    {role.name(lang)}
                </option>
            }
        })
        .collect_view()
}
