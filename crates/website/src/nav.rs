//! The website's section of the clerk menu.
use openasp_framework::api_types::SignedInUser;
use openasp_framework::nav::NavLink;
use openasp_framework::roles::Role;

/// The website editor's link.
pub fn nav(user: &SignedInUser) -> Vec<NavLink> {
    if user.has_role(Role::WebsiteEditor) {
        vec![NavLink::new("/ugyintezo/honlap", "Honlap", "Website")]
    } else {
        Vec::new()
    }
}
