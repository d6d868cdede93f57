//! The e-forms' section of the clerk menu.
use openasp_framework::nav::NavLink;
use openasp_framework::roles::{PlatformRole, Role};
use openasp_framework::types::SignedInUser;

/// The forms editor's (and template operator's) forms; submissions and mandates for the
/// records staff and the forms editor.
pub fn nav(user: &SignedInUser) -> Vec<NavLink> {
    let is_forms_editor = user.has_role(Role::FormsEditor);
    let is_records = user.has_role(Role::RecordsClerk) || user.has_role(Role::RecordsHead);
    let mut links = Vec::new();
    if is_forms_editor || user.has_platform_role(PlatformRole::Onboarding) {
        links.push(NavLink::new("/ugyintezo/urlapok", "E-űrlapok", "E-forms"));
    }
    if is_records || is_forms_editor {
        links.extend([
            NavLink::new("/ugyintezo/beadvanyok", "Beadványok", "Submissions"),
            NavLink::new("/ugyintezo/meghatalmazasok", "Meghatalmazások", "Mandates"),
        ]);
    }
    links
}
