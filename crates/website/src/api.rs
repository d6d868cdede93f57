//! Server functions of the website editor: thin (authenticate, tenant handle with the
//! editor's role, service, then forget the municipality's cached pages).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use openasp_core::error::AppError;
use openasp_core::paging::Page;

#[cfg(feature = "ssr")]
use crate::types::{ItemId, MenuEntryId, RevisionId};

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

// Every editor function acts as a member holding the website editor's role.
#[cfg(feature = "ssr")]
use openasp_framework::{request::member_tx_with, roles::Role};

#[server(endpoint = "website/items")]
pub async fn list_items(kind: String, q: String, page: u64) -> Result<Page<ItemRow>, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let page = super::editor::list_items(&tx, &kind, &q, page).await?;
    tx.commit().await?;
    Ok(page)
}

#[server(endpoint = "website/item")]
pub async fn get_item(id: i64) -> Result<ItemDetail, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let item = super::editor::get_item(&tx, ItemId(id)).await?;
    tx.commit().await?;
    Ok(item)
}

#[server(endpoint = "website/parents")]
pub async fn list_parents() -> Result<Vec<ParentOption>, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let parents = super::editor::list_parents(&tx).await?;
    tx.commit().await?;
    Ok(parents)
}

/// Creates or updates an item (sanitising its text); answers its id.
#[server(endpoint = "website/save")]
pub async fn save_item(form: ItemForm) -> Result<i64, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    let id = super::editor::save_item(&tx, form).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(id.0)
}

/// Withdraws an item from visitors at once (it becomes a draft).
#[server(endpoint = "website/unpublish")]
pub async fn unpublish_item(id: i64) -> Result<(), AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    super::editor::unpublish(&tx, ItemId(id)).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(())
}

#[server(endpoint = "website/revisions")]
pub async fn list_revisions(item: i64) -> Result<Vec<RevisionRow>, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let rows = super::editor::list_revisions(&tx, ItemId(item)).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Brings back an earlier version's content (as a new revision); answers the item's id.
#[server(endpoint = "website/restore")]
pub async fn restore_revision(revision: i64) -> Result<i64, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    let id = super::editor::restore(&tx, RevisionId(revision)).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(id.0)
}

#[server(endpoint = "website/settings")]
pub async fn get_settings() -> Result<SettingsForm, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let form = super::editor::get_settings(&tx).await?;
    tx.commit().await?;
    Ok(form)
}

#[server(endpoint = "website/settings/save")]
pub async fn save_settings(form: SettingsForm) -> Result<(), AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    super::editor::save_settings(&tx, form).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    super::invalidate_hosts();
    Ok(())
}

// ---- the menu screen ------------------------------------------------------------------------

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

#[server(endpoint = "website/menu")]
pub async fn get_menu() -> Result<MenuView, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let view = super::menu::get_menu(&tx).await?;
    tx.commit().await?;
    Ok(view)
}

#[server(endpoint = "website/menu/move")]
pub async fn move_menu_entry(id: i64, how: MenuMove) -> Result<(), AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    super::menu::move_entry(&tx, MenuEntryId(id), how).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(())
}

#[server(endpoint = "website/menu/rename")]
pub async fn rename_menu_entry(id: i64, label: String) -> Result<(), AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    super::menu::rename_entry(&tx, MenuEntryId(id), &label).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(())
}

#[server(endpoint = "website/menu/add-page")]
pub async fn add_menu_page(item: i64, label: String) -> Result<i64, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    let id = super::menu::add_page(&tx, ItemId(item), &label).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(id.0)
}

#[server(endpoint = "website/menu/add-link")]
pub async fn add_menu_link(label: String, url: String) -> Result<i64, AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    let id = super::menu::add_link(&tx, &label, &url).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(id.0)
}

#[server(endpoint = "website/menu/remove")]
pub async fn remove_menu_entry(id: i64) -> Result<(), AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    super::menu::remove_entry(&tx, MenuEntryId(id)).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(())
}

/// Removes the coat of arms (logo) from the site's header.
#[server(endpoint = "website/settings/logo-remove")]
pub async fn remove_logo() -> Result<(), AppError> {
    let tx = member_tx_with(Role::WebsiteEditor).await?;
    let municipality = tx.municipality();
    super::media::remove_logo(&tx).await?;
    tx.commit().await?;
    super::invalidate(municipality);
    Ok(())
}
