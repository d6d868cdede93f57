//! The records system's section of the clerk menu.
use openasp_framework::nav::NavLink;
use openasp_framework::roles::Role;
use openasp_framework::types::SignedInUser;

/// The daily records links for its clerks and head, and the legacy import for the head.
pub fn nav(user: &SignedInUser) -> Vec<NavLink> {
    let mut links = Vec::new();
    if user.has_role(Role::RecordsClerk) || user.has_role(Role::RecordsHead) {
        links.extend([
            NavLink::new("/ugyintezo/iktatas", "Iktatás", "Registration"),
            NavLink::new("/ugyintezo/iratkezeles/erkeztetes", "Érkeztetés", "Receipt"),
            NavLink::new(
                "/ugyintezo/iratkezeles/szignalas",
                "Szignálás",
                "Assignment",
            ),
            NavLink::new("/ugyintezo/iratkezeles/sajat", "Saját ügyeim", "My work"),
            NavLink::new("/ugyintezo/iratkezeles/hataridok", "Határidők", "Deadlines"),
            NavLink::new(
                "/ugyintezo/iratkezeles/expedialas",
                "Expediálás",
                "Dispatch",
            ),
            NavLink::new(
                "/ugyintezo/iratkezeles/tertivevenyek",
                "Tértivevények",
                "Return receipts",
            ),
            NavLink::new("/ugyintezo/iratkezeles/kereses", "Keresés", "Search"),
            NavLink::new("/ugyintezo/iratkezeles/irattar", "Irattár", "Archive"),
            NavLink::new(
                "/ugyintezo/iratkezeles/torzsadatok",
                "Törzsadatok",
                "Master data",
            ),
        ]);
    }
    if user.has_role(Role::RecordsHead) {
        links.push(NavLink::new(
            "/ugyintezo/iratkezeles/import",
            "Régi iktató átvétele",
            "Legacy import",
        ));
    }
    links
}
