//! The website editor's menu screen (server only): the site's main menu as an ordered list of
//! entries (pages or external links, with an optional own label), one level of nesting.
//! Every change is audited; `website_item.in_menu` mirrors whether a page has an entry, so
//! the item editor's checkbox and this screen agree.
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use super::domain::{
    ItemKind, MAX_MENU_LABEL_CHARS, MenuNode, check_menu_shape, is_valid_menu_url,
};
use super::types::{MenuEntryRow, MenuMove, MenuView, ParentOption};
use crate::db::{website_item, website_menu_entry};
use crate::types::{ItemId, MenuEntryId};
use openasp_core::error::{AppError, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::TenantTx;

fn require_editor(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::WebsiteEditor)
}

async fn entries(tx: &TenantTx) -> Result<Vec<website_menu_entry::Model>, AppError> {
    Ok(website_menu_entry::Entity::find()
        .filter(website_menu_entry::Column::MunicipalityId.eq(tx.municipality()))
        .order_by_asc(website_menu_entry::Column::Position)
        .order_by_asc(website_menu_entry::Column::Id)
        .all(tx.conn())
        .await?)
}

async fn pages(tx: &TenantTx) -> Result<Vec<website_item::Model>, AppError> {
    Ok(website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_item::Column::Kind.eq(ItemKind::Page.code()))
        .order_by_asc(website_item::Column::Title)
        .all(tx.conn())
        .await?)
}

fn clean_label(label: &str) -> Result<Option<String>, AppError> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.chars().count() > MAX_MENU_LABEL_CHARS {
        return Err(AppError::invalid("label", Problem::TooLong));
    }
    Ok((!label.is_empty()).then_some(label))
}

/// The menu in display order (each top-level entry followed by its sub-entries) and the
/// pages that can be added.
pub async fn get_menu(tx: &TenantTx) -> Result<MenuView, AppError> {
    require_editor(tx)?;
    let entries = entries(tx).await?;
    let pages = pages(tx).await?;
    let row = |e: &website_menu_entry::Model| {
        let page = e.item_id.and_then(|id| pages.iter().find(|p| p.id == id));
        MenuEntryRow {
            id: e.id,
            parent: e.parent_id,
            label: e.label.clone().unwrap_or_default(),
            target: match (page, &e.url) {
                (Some(p), _) => p.title.clone(),
                (None, Some(url)) => url.clone(),
                (None, None) => String::new(),
            },
            url: e.url.clone(),
            page_slug: page.map(|p| p.slug.clone()),
            has_children: entries.iter().any(|c| c.parent_id == Some(e.id)),
        }
    };
    let mut rows = Vec::with_capacity(entries.len());
    for top in entries.iter().filter(|e| e.parent_id.is_none()) {
        rows.push(row(top));
        rows.extend(
            entries
                .iter()
                .filter(|c| c.parent_id == Some(top.id))
                .map(row),
        );
    }
    let in_menu: Vec<i64> = entries.iter().filter_map(|e| e.item_id).collect();
    Ok(MenuView {
        entries: rows,
        pages: pages
            .into_iter()
            .filter(|p| !in_menu.contains(&p.id))
            .map(|p| ParentOption {
                id: p.id,
                title: p.title,
            })
            .collect(),
    })
}

/// Writes the siblings' positions in the given order (0, 1, 2, …) and their parent.
async fn place(tx: &TenantTx, parent: Option<i64>, siblings: &[i64]) -> Result<(), AppError> {
    for (position, id) in siblings.iter().enumerate() {
        website_menu_entry::Entity::update_many()
            .col_expr(
                website_menu_entry::Column::Position,
                Expr::value(i32::try_from(position).unwrap_or(i32::MAX)),
            )
            .col_expr(website_menu_entry::Column::ParentId, Expr::value(parent))
            .filter(website_menu_entry::Column::MunicipalityId.eq(tx.municipality()))
            .filter(website_menu_entry::Column::Id.eq(*id))
            .exec(tx.conn())
            .await?;
    }
    Ok(())
}

fn siblings_of(all: &[website_menu_entry::Model], parent: Option<i64>) -> Vec<i64> {
    all.iter()
        .filter(|e| e.parent_id == parent)
        .map(|e| e.id)
        .collect()
}

async fn set_in_menu(tx: &TenantTx, item: i64, in_menu: bool) -> Result<(), AppError> {
    website_item::Entity::update_many()
        .col_expr(website_item::Column::InMenu, Expr::value(in_menu))
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_item::Column::Id.eq(item))
        .exec(tx.conn())
        .await?;
    Ok(())
}

async fn audit(tx: &TenantTx, action: &str, id: i64, detail: String) -> Result<(), AppError> {
    tx.audit(AuditEvent::new(
        action,
        "website_menu_entry",
        Some(id.to_string()),
        detail,
    ))
    .await
}

/// Moves an entry: up or down among its siblings, in (under the top-level entry before it)
/// or out (to the top level, after its former parent). At most one level of nesting.
pub async fn move_entry(tx: &TenantTx, id: MenuEntryId, how: MenuMove) -> Result<(), AppError> {
    require_editor(tx)?;
    let MenuEntryId(id) = id;
    let all = entries(tx).await?;
    let entry = all.iter().find(|e| e.id == id).ok_or(AppError::NotFound)?;
    let mut siblings = siblings_of(&all, entry.parent_id);
    let index = siblings.iter().position(|s| *s == id).unwrap_or(0);
    match how {
        MenuMove::Up | MenuMove::Down => {
            let other = match how {
                MenuMove::Up => index.checked_sub(1),
                _ => Some(index + 1).filter(|i| *i < siblings.len()),
            };
            let Some(other) = other else {
                return Ok(());
            };
            siblings.swap(index, other);
            place(tx, entry.parent_id, &siblings).await?;
        }
        MenuMove::In => {
            let Some(new_parent) = index.checked_sub(1).map(|i| siblings[i]) else {
                return Err(AppError::invalid("move", Problem::Malformed));
            };
            let mut nodes: Vec<MenuNode> = all
                .iter()
                .map(|e| MenuNode {
                    id: e.id,
                    parent: e.parent_id,
                })
                .collect();
            if let Some(node) = nodes.iter_mut().find(|n| n.id == id) {
                node.parent = Some(new_parent);
            }
            if entry.parent_id.is_some() || check_menu_shape(&nodes).is_err() {
                return Err(AppError::invalid("move", Problem::Malformed));
            }
            siblings.remove(index);
            place(tx, None, &siblings).await?;
            let mut children = siblings_of(&all, Some(new_parent));
            children.push(id);
            place(tx, Some(new_parent), &children).await?;
        }
        MenuMove::Out => {
            let Some(parent) = entry.parent_id else {
                return Ok(());
            };
            siblings.remove(index);
            place(tx, Some(parent), &siblings).await?;
            let mut top = siblings_of(&all, None);
            let after = top
                .iter()
                .position(|t| *t == parent)
                .map_or(top.len(), |i| i + 1);
            top.insert(after, id);
            place(tx, None, &top).await?;
        }
    }
    audit(tx, "website.menu.move", id, format!("{how:?}")).await
}

/// Renames an entry; an empty label shows the page's title (an external link needs one).
pub async fn rename_entry(tx: &TenantTx, id: MenuEntryId, label: &str) -> Result<(), AppError> {
    require_editor(tx)?;
    let MenuEntryId(id) = id;
    let all = entries(tx).await?;
    let entry = all.iter().find(|e| e.id == id).ok_or(AppError::NotFound)?;
    let label = clean_label(label)?;
    if label.is_none() && entry.item_id.is_none() {
        return Err(AppError::invalid("label", Problem::Required));
    }
    website_menu_entry::Entity::update(website_menu_entry::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        label: Set(label.clone()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    audit(tx, "website.menu.rename", id, label.unwrap_or_default()).await
}

async fn append(
    tx: &TenantTx,
    parent: Option<i64>,
    label: Option<String>,
    item: Option<i64>,
    url: Option<String>,
) -> Result<i64, AppError> {
    let all = entries(tx).await?;
    let id = new_row_id();
    let position = all
        .iter()
        .filter(|e| e.parent_id == parent)
        .map(|e| e.position.saturating_add(1))
        .max()
        .unwrap_or(0);
    website_menu_entry::Entity::insert(website_menu_entry::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        parent_id: Set(parent),
        position: Set(position),
        label: Set(label),
        item_id: Set(item),
        url: Set(url),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(id)
}

/// Adds a page at the end of the top level (with an optional own label).
pub async fn add_page(tx: &TenantTx, item: ItemId, label: &str) -> Result<MenuEntryId, AppError> {
    require_editor(tx)?;
    let ItemId(item) = item;
    let label = clean_label(label)?;
    let page = website_item::Entity::find_by_id((tx.municipality().0, item))
        .one(tx.conn())
        .await?
        .filter(|p| p.kind == ItemKind::Page.code())
        .ok_or_else(|| AppError::invalid("item", Problem::Malformed))?;
    if entries(tx).await?.iter().any(|e| e.item_id == Some(item)) {
        return Err(AppError::invalid("item", Problem::Duplicate));
    }
    let id = append(tx, None, label, Some(item), None).await?;
    set_in_menu(tx, item, true).await?;
    audit(tx, "website.menu.add", id, page.title).await?;
    Ok(MenuEntryId(id))
}

/// Adds an external link (`http(s)://…`, with its label) at the end of the top level.
pub async fn add_link(tx: &TenantTx, label: &str, url: &str) -> Result<MenuEntryId, AppError> {
    require_editor(tx)?;
    let label = clean_label(label)?;
    let url = url.trim();
    let mut problems = Vec::new();
    if label.is_none() {
        problems.push(openasp_core::error::FieldProblem {
            field: "label".into(),
            problem: Problem::Required,
        });
    }
    if !is_valid_menu_url(url) {
        problems.push(openasp_core::error::FieldProblem {
            field: "url".into(),
            problem: if url.is_empty() {
                Problem::Required
            } else {
                Problem::Malformed
            },
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let id = append(tx, None, label.clone(), None, Some(url.to_owned())).await?;
    audit(
        tx,
        "website.menu.add",
        id,
        format!("{} <{url}>", label.unwrap_or_default()),
    )
    .await?;
    Ok(MenuEntryId(id))
}

/// Removes an entry; its sub-entries move up to the top level in its place.
pub async fn remove_entry(tx: &TenantTx, id: MenuEntryId) -> Result<(), AppError> {
    require_editor(tx)?;
    let MenuEntryId(id) = id;
    let all = entries(tx).await?;
    let entry = all.iter().find(|e| e.id == id).ok_or(AppError::NotFound)?;
    let mut siblings = siblings_of(&all, entry.parent_id);
    let index = siblings.iter().position(|s| *s == id).unwrap_or(0);
    siblings.remove(index);
    if entry.parent_id.is_none() {
        for (offset, child) in siblings_of(&all, Some(id)).into_iter().enumerate() {
            siblings.insert(index + offset, child);
        }
    }
    place(tx, entry.parent_id, &siblings).await?;
    website_menu_entry::Entity::delete_by_id((tx.municipality().0, id))
        .exec(tx.conn())
        .await?;
    if let Some(item) = entry.item_id {
        set_in_menu(tx, item, false).await?;
    }
    audit(
        tx,
        "website.menu.remove",
        id,
        entry
            .label
            .clone()
            .or(entry.url.clone())
            .unwrap_or_default(),
    )
    .await
}

/// Keeps a page's menu entry in step with the item editor's "in the menu" checkbox: a page
/// newly ticked goes to the end (under its parent page's entry when that is on the top
/// level); unticked, its entry goes.
pub async fn sync_page(
    tx: &TenantTx,
    item: ItemId,
    in_menu: bool,
    parent_item: Option<ItemId>,
) -> Result<(), AppError> {
    let (ItemId(item), parent_item) = (item, parent_item.map(|p| p.0));
    let all = entries(tx).await?;
    let existing = all.iter().find(|e| e.item_id == Some(item));
    match (in_menu, existing) {
        (true, None) => {
            let parent = parent_item.and_then(|p| {
                all.iter()
                    .find(|e| e.item_id == Some(p) && e.parent_id.is_none())
                    .map(|e| e.id)
            });
            append(tx, parent, None, Some(item), None).await?;
        }
        (false, Some(entry)) => {
            let id = entry.id;
            remove_entry(tx, MenuEntryId(id)).await?;
        }
        _ => {}
    }
    Ok(())
}
