//! What the website editor's server functions take and return (shared by server and
//! browser), and the website's typed ids: an id from a URL or form is parsed once, at the
//! boundary, into its type. (Files are named by their SHA-256, not by a number.)
use openasp_core::typed_id;
use serde::{Deserialize, Serialize};

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

/// An item as the editor's form shows and sends it (times as `datetime-local` text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    /// Empty for a new item.
    #[serde(default)]
    pub id: String,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    /// `draft` or `published`.
    pub status: String,
    #[serde(default)]
    pub publish_at: String,
    #[serde(default)]
    pub unpublish_at: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub doc_category: String,
    #[serde(default)]
    pub doc_number: String,
    /// The parent page's id (pages only), empty for a top-level page.
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub menu_order: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub in_menu: Option<String>,
}

/// Where an item stands for visitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicState {
    Draft,
    Scheduled,
    Live,
    Withdrawn,
}

impl PublicState {
    pub fn label(self, lang: openasp_ui::i18n::Lang) -> &'static str {
        use openasp_ui::i18n::Lang;
        match (self, lang) {
            (PublicState::Draft, Lang::Hu) => "Piszkozat",
            (PublicState::Draft, Lang::En) => "Draft",
            (PublicState::Scheduled, Lang::Hu) => "Időzítve",
            (PublicState::Scheduled, Lang::En) => "Scheduled",
            (PublicState::Live, Lang::Hu) => "Közzétéve",
            (PublicState::Live, Lang::En) => "Published",
            (PublicState::Withdrawn, Lang::Hu) => "Lejárt",
            (PublicState::Withdrawn, Lang::En) => "Expired",
        }
    }
}

/// A row of the editor's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub state: PublicState,
    pub updated_at: String,
}

/// An item loaded for editing, with where visitors find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetail {
    pub form: ItemForm,
    pub state: PublicState,
    /// The public address (relative to the site), e.g. `/hirek/uj-jatszoter`.
    pub public_path: String,
    /// The municipality's slug (the site is at `/{slug}` on the platform).
    pub site_slug: String,
    /// The attached document's file name, if any.
    pub file_name: Option<String>,
    /// The item's image's alternative text, if it has an image.
    pub image_alt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub id: i64,
    pub created_at: String,
    pub created_by: String,
    pub title: String,
}

/// A page that may be another page's parent (for the menu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentOption {
    pub id: i64,
    pub title: String,
}

/// The site settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub site_name: String,
    #[serde(default)]
    pub tagline: String,
    #[serde(default)]
    pub host_name: String,
    pub primary_color: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub office_hours: String,
    #[serde(default)]
    pub social_links: String,
    #[serde(default)]
    pub accessibility_contact: String,
    /// The coat of arms' public address (`/{slug}/fajlok/{sha}`), shown only; set through
    /// its own upload form.
    #[serde(default)]
    pub logo_path: String,
    #[serde(default)]
    pub logo_alt: String,
}

/// An entry of the menu as the editor's screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuEntryRow {
    pub id: i64,
    /// The top-level entry it is under, if any.
    pub parent: Option<i64>,
    /// Its own label (empty: the page's title is shown).
    pub label: String,
    /// The page's title, or the external address.
    pub target: String,
    /// An external link's address.
    pub url: Option<String>,
    /// The page's slug (for a link to it).
    pub page_slug: Option<String>,
    pub has_children: bool,
}

/// The menu (each top-level entry followed by its sub-entries) and the pages not in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuView {
    pub entries: Vec<MenuEntryRow>,
    pub pages: Vec<ParentOption>,
}

/// How an entry moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MenuMove {
    Up,
    Down,
    /// Under the top-level entry before it.
    In,
    /// Back to the top level, after its parent.
    Out,
}
