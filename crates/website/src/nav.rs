//! The website's section of the clerk menu.
use openasp_framework::nav::NavLink;
use openasp_framework::roles::Role;
use openasp_framework::types::SignedInUser;

/// The website editor's link.
pub fn nav(user: &SignedInUser) -> Vec<NavLink> {
    if user.has_role(Role::WebsiteEditor) {
        vec![NavLink::new("/ugyintezo/honlap", "Honlap", "Website")]
    } else {
        Vec::new()
    }
}
