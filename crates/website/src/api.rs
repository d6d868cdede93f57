//! Server functions of the website editor: thin (authenticate, tenant handle with the
//! editor's role, service, then forget the municipality's cached pages).
use leptos::prelude::*;

use openasp_core::error::AppError;
use openasp_core::paging::Page;

use crate::types::{
    ItemDetail, ItemForm, ItemRow, MenuMove, MenuView, ParentOption, RevisionRow, SettingsForm,
};
#[cfg(feature = "ssr")]
use crate::types::{ItemId, MenuEntryId, RevisionId};

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
