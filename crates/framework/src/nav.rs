//! The clerk menu's sections. Each system contributes its own links (a [`NavSection`]: which
//! links a signed-in user sees); the application lists the sections in menu order
//! ([`provide_nav_sections`]) and [`ClerkLayout`](crate::pages::ClerkLayout) renders them
//! between "Overview" and "My account". A new system adds its section without touching the
//! framework.
use leptos::prelude::{provide_context, use_context};

use crate::roles::{PlatformRole, Role};
use crate::types::SignedInUser;

/// One link of the clerk menu, with its label in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub href: &'static str,
    pub hu: &'static str,
    pub en: &'static str,
    /// Active only on this exact address (not on the pages below it).
    pub exact: bool,
}

impl NavLink {
    /// A link that is also active on the pages below `href`.
    pub const fn new(href: &'static str, hu: &'static str, en: &'static str) -> Self {
        Self {
            href,
            hu,
            en,
            exact: false,
        }
    }
}

/// A system's part of the menu: the links `user` may follow, in order (empty when none).
pub type NavSection = fn(&SignedInUser) -> Vec<NavLink>;

/// Every system's section in menu order, provided as context by the application.
#[derive(Clone)]
pub struct NavSections(pub Vec<NavSection>);

/// Provides the menu's sections (in menu order) to everything inside.
pub fn provide_nav_sections(sections: Vec<NavSection>) {
    provide_context(NavSections(sections));
}

/// The links `user` sees, every section's in order; none when no sections were provided.
pub fn nav_links(user: &SignedInUser) -> Vec<NavLink> {
    use_context::<NavSections>()
        .map(|sections| {
            sections
                .0
                .iter()
                .flat_map(|section| section(user))
                .collect()
        })
        .unwrap_or_default()
}

/// The municipality administrator's links: users and roles, the audit log.
pub fn admin_nav(user: &SignedInUser) -> Vec<NavLink> {
    if user.has_role(Role::MunicipalityAdmin) {
        vec![
            NavLink::new("/ugyintezo/felhasznalok", "Felhasználók", "Users"),
            NavLink::new("/ugyintezo/naplo", "Naplók", "Audit log"),
        ]
    } else {
        Vec::new()
    }
}

/// The platform operator's link: onboarding municipalities.
pub fn operator_nav(user: &SignedInUser) -> Vec<NavLink> {
    if user.has_platform_role(PlatformRole::Onboarding)
        || user.has_platform_role(PlatformRole::Helpdesk)
    {
        vec![NavLink::new(
            "/ugyintezo/uzemeltetes",
            "Csatlakoztatás",
            "Onboarding",
        )]
    } else {
        Vec::new()
    }
}
