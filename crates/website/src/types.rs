//! The website's typed ids: an id from a URL or form is parsed once, at the boundary, into
//! its type. (Files are named by their SHA-256, not by a number.)
use openasp_core::typed_id;

typed_id!(
    /// An item (page, news, event or document), unique within its municipality.
    ItemId(i64)
);
typed_id!(
    /// An entry of the site's main menu.
    MenuEntryId(i64)
);
typed_id!(
    /// A saved version of an item.
    RevisionId(i64)
);
