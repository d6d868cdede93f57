//! The website editor's work (server only): items with drafts, schedules and revisions, and
//! the site settings. Every function takes a [`TenantTx`] whose principal holds the website
//! editor's role in the acting municipality, and touches that municipality's rows only.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};

use super::domain::{
    DEFAULT_COLOR, DocCategory, ItemKind, Rgb, Status, images_missing_alt, is_usable_site_color,
    is_valid_slug, item_slug, normalize_host, parse_local_input, search_fields, to_local_input,
};
use super::types::{
    ItemDetail, ItemForm, ItemRow, ParentOption, PublicState, RevisionRow, SettingsForm,
};
use crate::db::{website_host, website_item, website_revision, website_site};
use crate::problems::WebsiteProblem;
use crate::types::{ItemId, RevisionId};
use openasp_core::error::{AppError, FieldProblem, Problem};
use openasp_core::paging::{Page, PageNumber};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_SUMMARY_CHARS: usize = 1_000;
pub const MAX_BODY_CHARS: usize = 200_000;
pub const EDITOR_PAGE_SIZE: u64 = 25;

fn require_editor(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::WebsiteEditor)
}

/// Where an item stands for visitors at `now`.
pub fn public_state(item: &website_item::Model, at: DateTime<Utc>) -> PublicState {
    if item.status != Status::Published.code() {
        return PublicState::Draft;
    }
    if super::repo::row_visible(item, at) {
        PublicState::Live
    } else if item.publish_at.is_some_and(|p| p > at) {
        PublicState::Scheduled
    } else {
        PublicState::Withdrawn
    }
}

fn moment(seconds: Option<i64>) -> Option<DateTime<Utc>> {
    seconds.and_then(|s| DateTime::from_timestamp(s, 0))
}

fn local(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| to_local_input(t.timestamp()))
        .unwrap_or_default()
}

async fn find_item(tx: &TenantTx, id: ItemId) -> Result<website_item::Model, AppError> {
    website_item::Entity::find_by_id((tx.municipality().0, id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn list_items(
    tx: &TenantTx,
    kind: &str,
    q: &str,
    page: u64,
) -> Result<Page<ItemRow>, AppError> {
    require_editor(tx)?;
    let mut select = website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()));
    if let Some(kind) = ItemKind::from_code(kind) {
        select = select.filter(website_item::Column::Kind.eq(kind.code()));
    }
    let q = q.trim();
    if !q.is_empty() {
        select = select.filter(website_item::Column::Title.contains(q));
    }
    let total = select.clone().count(tx.conn()).await?;
    let page = PageNumber::new(page);
    let at = now();
    let rows = select
        .order_by_desc(website_item::Column::UpdatedAt)
        .order_by_desc(website_item::Column::Id)
        .offset(page.offset(EDITOR_PAGE_SIZE))
        .limit(EDITOR_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|item| ItemRow {
                id: item.id,
                state: public_state(&item, at),
                kind: item.kind,
                title: item.title,
                slug: item.slug,
                updated_at: super::domain::format_date_time(
                    item.updated_at.timestamp(),
                    openasp_ui::i18n::Lang::Hu,
                ),
            })
            .collect(),
        total,
        page: page.get(),
        page_size: EDITOR_PAGE_SIZE,
    })
}

fn form_of(item: &website_item::Model) -> ItemForm {
    ItemForm {
        id: item.id.to_string(),
        kind: item.kind.clone(),
        title: item.title.clone(),
        slug: item.slug.clone(),
        summary: item.summary.clone(),
        body: item.body_html.clone(),
        status: item.status.clone(),
        publish_at: local(item.publish_at),
        unpublish_at: local(item.unpublish_at),
        starts_at: local(item.starts_at),
        ends_at: local(item.ends_at),
        location: item.location.clone().unwrap_or_default(),
        doc_category: item.doc_category.clone().unwrap_or_default(),
        doc_number: item.doc_number.clone().unwrap_or_default(),
        parent: item.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        menu_order: item.menu_order.to_string(),
        in_menu: item.in_menu.then(|| "on".to_owned()),
    }
}

pub async fn get_item(tx: &TenantTx, id: ItemId) -> Result<ItemDetail, AppError> {
    require_editor(tx)?;
    let item = find_item(tx, id).await?;
    let kind = ItemKind::from_code(&item.kind).unwrap_or(ItemKind::Page);
    let slug = openasp_gazetteer::repo::link_by_id(tx.conn(), tx.municipality())
        .await?
        .map(|m| m.slug)
        .unwrap_or_default();
    Ok(ItemDetail {
        form: form_of(&item),
        state: public_state(&item, now()),
        public_path: format!("/{}/{}", kind.segment(), item.slug),
        site_slug: slug,
        file_name: item.file_name.clone(),
        image_alt: item.image_sha256.as_ref().and(item.image_alt.clone()),
    })
}

pub async fn list_parents(tx: &TenantTx) -> Result<Vec<ParentOption>, AppError> {
    require_editor(tx)?;
    Ok(website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_item::Column::Kind.eq(ItemKind::Page.code()))
        .filter(website_item::Column::ParentId.is_null())
        .order_by_asc(website_item::Column::MenuOrder)
        .order_by_asc(website_item::Column::Title)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|p| ParentOption {
            id: p.id,
            title: p.title,
        })
        .collect())
}

/// The validated content of a form, ready to store.
struct Valid {
    kind: ItemKind,
    title: String,
    slug: String,
    summary: String,
    body_html: String,
    status: Status,
    publish_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    location: Option<String>,
    doc_category: Option<String>,
    doc_number: Option<String>,
    parent_id: Option<i64>,
    menu_order: i32,
    in_menu: bool,
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(text: &str) -> Option<String> {
    let text = collapse(text);
    (!text.is_empty()).then_some(text)
}

/// Checks a form (pure but for the sanitiser); every problem at once, per field.
fn validate(form: &ItemForm, at: DateTime<Utc>) -> Result<Valid, AppError> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, problem: Problem| {
        problems.push(FieldProblem {
            field: field.to_owned(),
            problem,
        })
    };
    let kind = ItemKind::from_code(&form.kind);
    if kind.is_none() {
        problem("kind", Problem::Malformed);
    }
    let title = collapse(&form.title);
    if title.is_empty() {
        problem("title", Problem::Required);
    } else if title.chars().count() > MAX_TITLE_CHARS {
        problem("title", Problem::TooLong);
    }
    let slug = if form.slug.trim().is_empty() {
        item_slug(&title)
    } else {
        form.slug.trim().to_owned()
    };
    if !title.is_empty() && !is_valid_slug(&slug) {
        problem("slug", Problem::Malformed);
    }
    let summary = collapse(&form.summary);
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        problem("summary", Problem::TooLong);
    }
    if form.body.chars().count() > MAX_BODY_CHARS {
        problem("body", Problem::TooLong);
    }
    let body_html = super::sanitize::sanitize(&form.body);
    if images_missing_alt(&body_html) > 0 {
        problem("body", Problem::from(WebsiteProblem::MissingAltText));
    }
    let status = Status::from_code(&form.status);
    if status.is_none() {
        problem("status", Problem::Malformed);
    }
    let mut time = |field: &str, text: &str| match parse_local_input(text) {
        Ok(seconds) => moment(seconds),
        Err(_) => {
            problem(field, Problem::Malformed);
            None
        }
    };
    let mut publish_at = time("publish_at", &form.publish_at);
    let unpublish_at = time("unpublish_at", &form.unpublish_at);
    let starts_at = time("starts_at", &form.starts_at);
    let ends_at = time("ends_at", &form.ends_at);
    if status == Some(Status::Published) && publish_at.is_none() {
        // Published without a time: from now on.
        publish_at = Some(at);
    }
    if let (Some(from), Some(until)) = (publish_at, unpublish_at)
        && until <= from
    {
        problem("unpublish_at", Problem::Malformed);
    }
    if kind == Some(ItemKind::Event) && starts_at.is_none() && !form.starts_at.trim().is_empty() {
        // already reported as malformed
    } else if kind == Some(ItemKind::Event) && starts_at.is_none() {
        problem("starts_at", Problem::Required);
    }
    if let (Some(start), Some(end)) = (starts_at, ends_at)
        && end < start
    {
        problem("ends_at", Problem::Malformed);
    }
    let doc_category = form.doc_category.trim();
    if kind == Some(ItemKind::Document) && DocCategory::from_code(doc_category).is_none() {
        problem("doc_category", Problem::Required);
    }
    let parent_id = match form.parent.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                problem("parent", Problem::Malformed);
                None
            }
        },
    };
    let menu_order = match form.menu_order.trim() {
        "" => 0,
        text => text.parse::<i32>().unwrap_or_else(|_| {
            problem("menu_order", Problem::Malformed);
            0
        }),
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (Some(kind), Some(status)) = (kind, status) else {
        return Err(AppError::invalid("kind", Problem::Malformed));
    };
    let is_page = kind == ItemKind::Page;
    Ok(Valid {
        kind,
        title,
        slug,
        summary,
        body_html,
        status,
        publish_at,
        unpublish_at,
        starts_at: if kind == ItemKind::Event {
            starts_at
        } else {
            None
        },
        ends_at: if kind == ItemKind::Event {
            ends_at
        } else {
            None
        },
        location: if kind == ItemKind::Event {
            non_empty(&form.location)
        } else {
            None
        },
        doc_category: (kind == ItemKind::Document).then(|| doc_category.to_owned()),
        doc_number: if kind == ItemKind::Document {
            non_empty(&form.doc_number)
        } else {
            None
        },
        parent_id: if is_page { parent_id } else { None },
        menu_order,
        in_menu: is_page && form.in_menu.as_deref().is_some_and(|v| !v.is_empty()),
    })
}

/// What a revision keeps: the content and schedule of one saved version.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Snapshot {
    title: String,
    slug: String,
    summary: String,
    body_html: String,
    status: String,
    publish_at: Option<DateTime<Utc>>,
    unpublish_at: Option<DateTime<Utc>>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    location: Option<String>,
    doc_category: Option<String>,
    doc_number: Option<String>,
}

fn snapshot_of(item: &website_item::Model) -> Snapshot {
    Snapshot {
        title: item.title.clone(),
        slug: item.slug.clone(),
        summary: item.summary.clone(),
        body_html: item.body_html.clone(),
        status: item.status.clone(),
        publish_at: item.publish_at,
        unpublish_at: item.unpublish_at,
        starts_at: item.starts_at,
        ends_at: item.ends_at,
        location: item.location.clone(),
        doc_category: item.doc_category.clone(),
        doc_number: item.doc_number.clone(),
    }
}

async fn record_revision(tx: &TenantTx, item: &website_item::Model) -> Result<(), AppError> {
    let snapshot = serde_json::to_string(&snapshot_of(item)).map_err(AppError::internal)?;
    website_revision::Entity::insert(website_revision::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(new_row_id()),
        item_id: Set(item.id),
        snapshot: Set(snapshot),
        created_at: Set(now()),
        created_by: Set(tx.actor().name.clone()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

async fn slug_taken(
    tx: &TenantTx,
    kind: ItemKind,
    slug: &str,
    except: Option<i64>,
) -> Result<bool, AppError> {
    let mut select = website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_item::Column::Kind.eq(kind.code()))
        .filter(website_item::Column::Slug.eq(slug));
    if let Some(id) = except {
        select = select.filter(website_item::Column::Id.ne(id));
    }
    Ok(select.count(tx.conn()).await? > 0)
}

/// Creates or updates an item. The text is sanitised here, on the server, whatever the
/// browser sent; each save is kept as a revision.
pub async fn save_item(tx: &TenantTx, form: ItemForm) -> Result<ItemId, AppError> {
    require_editor(tx)?;
    let at = now();
    let valid = validate(&form, at)?;
    let existing = match form.id.trim() {
        "" => None,
        id => Some(
            find_item(
                tx,
                id.parse::<i64>()
                    .map(ItemId)
                    .map_err(|_| AppError::invalid("id", Problem::Malformed))?,
            )
            .await?,
        ),
    };
    if let Some(item) = &existing
        && item.kind != valid.kind.code()
    {
        return Err(AppError::invalid("kind", Problem::Malformed));
    }
    if slug_taken(tx, valid.kind, &valid.slug, existing.as_ref().map(|i| i.id)).await? {
        return Err(AppError::invalid(
            "slug",
            Problem::from(WebsiteProblem::SlugTaken),
        ));
    }
    if let Some(parent) = valid.parent_id {
        let parent_item = website_item::Entity::find_by_id((tx.municipality().0, parent))
            .one(tx.conn())
            .await?;
        let acceptable = parent_item.is_some_and(|p| {
            p.kind == ItemKind::Page.code()
                && p.parent_id.is_none()
                && Some(p.id) != existing.as_ref().map(|i| i.id)
        });
        if !acceptable {
            return Err(AppError::invalid("parent", Problem::Malformed));
        }
    }
    let id = existing.as_ref().map(|i| i.id).unwrap_or_else(new_row_id);
    let (search_title, search_text) = search_fields(
        &valid.title,
        &valid.summary,
        &valid.body_html,
        valid.location.as_deref(),
        valid.doc_number.as_deref(),
    );
    let model = website_item::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        kind: Set(valid.kind.code().to_owned()),
        slug: Set(valid.slug),
        title: Set(valid.title.clone()),
        summary: Set(valid.summary),
        body_html: Set(valid.body_html),
        status: Set(valid.status.code().to_owned()),
        publish_at: Set(valid.publish_at),
        unpublish_at: Set(valid.unpublish_at),
        starts_at: Set(valid.starts_at),
        ends_at: Set(valid.ends_at),
        location: Set(valid.location),
        doc_category: Set(valid.doc_category),
        doc_number: Set(valid.doc_number),
        file_sha256: Set(existing.as_ref().and_then(|i| i.file_sha256.clone())),
        file_name: Set(existing.as_ref().and_then(|i| i.file_name.clone())),
        parent_id: Set(valid.parent_id),
        menu_order: Set(valid.menu_order),
        in_menu: Set(valid.in_menu),
        image_sha256: Set(existing.as_ref().and_then(|i| i.image_sha256.clone())),
        image_alt: Set(existing.as_ref().and_then(|i| i.image_alt.clone())),
        created_at: Set(existing.as_ref().map(|i| i.created_at).unwrap_or(at)),
        updated_at: Set(at),
        updated_by: Set(tx.actor().user_id.map(|u| u.0)),
        search_title: Set(search_title),
        search_text: Set(search_text),
    };
    if existing.is_some() {
        website_item::Entity::update(model).exec(tx.conn()).await?;
    } else {
        website_item::Entity::insert(model)
            .exec_without_returning(tx.conn())
            .await?;
    }
    let saved = find_item(tx, ItemId(id)).await?;
    if valid.kind == ItemKind::Page {
        super::menu::sync_page(tx, ItemId(id), valid.in_menu, valid.parent_id.map(ItemId)).await?;
    }
    record_revision(tx, &saved).await?;
    tx.audit(AuditEvent::new(
        if existing.is_some() {
            "website.update"
        } else {
            "website.create"
        },
        "website_item",
        Some(id.to_string()),
        format!("{}: {} ({})", saved.kind, valid.title, saved.status),
    ))
    .await?;
    Ok(ItemId(id))
}

/// Withdraws an item from visitors now: it becomes a draft (its content stays).
pub async fn unpublish(tx: &TenantTx, id: ItemId) -> Result<(), AppError> {
    require_editor(tx)?;
    let item = find_item(tx, id).await?;
    website_item::Entity::update(website_item::ActiveModel {
        municipality_id: Set(item.municipality_id),
        id: Set(item.id),
        status: Set(Status::Draft.code().to_owned()),
        updated_at: Set(now()),
        updated_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let saved = find_item(tx, id).await?;
    record_revision(tx, &saved).await?;
    tx.audit(AuditEvent::new(
        "website.unpublish",
        "website_item",
        Some(id.to_string()),
        item.title,
    ))
    .await?;
    Ok(())
}

pub async fn list_revisions(tx: &TenantTx, item: ItemId) -> Result<Vec<RevisionRow>, AppError> {
    require_editor(tx)?;
    find_item(tx, item).await?;
    let rows = website_revision::Entity::find()
        .filter(website_revision::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_revision::Column::ItemId.eq(item.0))
        .order_by_desc(website_revision::Column::CreatedAt)
        .order_by_desc(website_revision::Column::Id)
        .limit(100)
        .all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RevisionRow {
            id: r.id,
            created_at: super::domain::format_date_time(
                r.created_at.timestamp(),
                openasp_ui::i18n::Lang::Hu,
            ),
            created_by: r.created_by,
            title: serde_json::from_str::<Snapshot>(&r.snapshot)
                .map(|s| s.title)
                .unwrap_or_default(),
        })
        .collect())
}

/// Restores an earlier version's content and schedule; recorded as a new revision.
pub async fn restore(tx: &TenantTx, revision: RevisionId) -> Result<ItemId, AppError> {
    require_editor(tx)?;
    let row = website_revision::Entity::find_by_id((tx.municipality().0, revision.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let item = find_item(tx, ItemId(row.item_id)).await?;
    let snapshot: Snapshot = serde_json::from_str(&row.snapshot).map_err(AppError::internal)?;
    let kind = ItemKind::from_code(&item.kind).unwrap_or(ItemKind::Page);
    if slug_taken(tx, kind, &snapshot.slug, Some(item.id)).await? {
        return Err(AppError::invalid(
            "slug",
            Problem::from(WebsiteProblem::SlugTaken),
        ));
    }
    // Sanitised again: the policy may have tightened since.
    let body_html = super::sanitize::sanitize(&snapshot.body_html);
    let (search_title, search_text) = search_fields(
        &snapshot.title,
        &snapshot.summary,
        &body_html,
        snapshot.location.as_deref(),
        snapshot.doc_number.as_deref(),
    );
    website_item::Entity::update(website_item::ActiveModel {
        municipality_id: Set(item.municipality_id),
        id: Set(item.id),
        title: Set(snapshot.title),
        slug: Set(snapshot.slug),
        summary: Set(snapshot.summary),
        body_html: Set(body_html),
        search_title: Set(search_title),
        search_text: Set(search_text),
        status: Set(snapshot.status),
        publish_at: Set(snapshot.publish_at),
        unpublish_at: Set(snapshot.unpublish_at),
        starts_at: Set(snapshot.starts_at),
        ends_at: Set(snapshot.ends_at),
        location: Set(snapshot.location),
        doc_category: Set(snapshot.doc_category),
        doc_number: Set(snapshot.doc_number),
        updated_at: Set(now()),
        updated_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let saved = find_item(tx, ItemId(item.id)).await?;
    record_revision(tx, &saved).await?;
    tx.audit(AuditEvent::new(
        "website.restore",
        "website_item",
        Some(item.id.to_string()),
        format!("revision {revision}"),
    ))
    .await?;
    Ok(ItemId(item.id))
}

pub async fn get_settings(tx: &TenantTx) -> Result<SettingsForm, AppError> {
    require_editor(tx)?;
    let site = website_site::Entity::find_by_id(tx.municipality())
        .one(tx.conn())
        .await?;
    let slug = openasp_gazetteer::repo::link_by_id(tx.conn(), tx.municipality())
        .await?
        .map(|m| m.slug)
        .unwrap_or_default();
    Ok(match site {
        Some(s) => SettingsForm {
            logo_path: s
                .logo_sha256
                .as_ref()
                .map(|sha| format!("/{slug}/fajlok/{sha}"))
                .unwrap_or_default(),
            logo_alt: s.logo_alt.clone().unwrap_or_default(),
            site_name: s.site_name,
            tagline: s.tagline,
            host_name: s.host_name.unwrap_or_default(),
            primary_color: s.primary_color,
            address: s.address,
            phone: s.phone,
            email: s.email,
            office_hours: s.office_hours,
            social_links: s.social_links,
            accessibility_contact: s.accessibility_contact,
        },
        None => {
            let name = openasp_gazetteer::repo::link_by_id(tx.conn(), tx.municipality())
                .await?
                .map(|m| m.name)
                .unwrap_or_default();
            SettingsForm {
                site_name: name,
                primary_color: DEFAULT_COLOR.to_owned(),
                ..Default::default()
            }
        }
    })
}

/// Saves the site settings; the colour must keep AA contrast with white, and a host name
/// can serve one site only.
pub async fn save_settings(tx: &TenantTx, form: SettingsForm) -> Result<(), AppError> {
    require_editor(tx)?;
    let mut problems = Vec::new();
    let site_name = collapse(&form.site_name);
    if site_name.is_empty() {
        problems.push(FieldProblem {
            field: "site_name".into(),
            problem: Problem::Required,
        });
    } else if site_name.chars().count() > 200 {
        problems.push(FieldProblem {
            field: "site_name".into(),
            problem: Problem::TooLong,
        });
    }
    let color = Rgb::parse(&form.primary_color);
    match color {
        None => problems.push(FieldProblem {
            field: "primary_color".into(),
            problem: Problem::Malformed,
        }),
        Some(c) if !is_usable_site_color(c) => problems.push(FieldProblem {
            field: "primary_color".into(),
            problem: Problem::from(WebsiteProblem::ContrastTooLow),
        }),
        Some(_) => {}
    }
    let host = match form.host_name.trim() {
        "" => None,
        text => match normalize_host(text) {
            Some(host) => Some(host),
            None => {
                problems.push(FieldProblem {
                    field: "host_name".into(),
                    problem: Problem::Malformed,
                });
                None
            }
        },
    };
    let email = form.email.trim().to_owned();
    if !email.is_empty() && openasp_core::email::Email::parse(&email).is_err() {
        problems.push(FieldProblem {
            field: "email".into(),
            problem: Problem::Malformed,
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let municipality = tx.municipality().0;
    // The host name: one site per host, platform-wide (the routing table's key).
    if let Some(host) = &host {
        let owner = website_host::Entity::find()
            .filter(website_host::Column::HostName.eq(host.as_str()))
            .one(tx.conn())
            .await?;
        if owner.is_some_and(|o| o.municipality_id != municipality) {
            return Err(AppError::invalid(
                "host_name",
                Problem::from(WebsiteProblem::HostTaken),
            ));
        }
    }
    website_host::Entity::delete_many()
        .filter(website_host::Column::MunicipalityId.eq(municipality))
        .exec(tx.conn())
        .await?;
    if let Some(host) = &host {
        website_host::Entity::insert(website_host::ActiveModel {
            host_name: Set(host.clone()),
            municipality_id: Set(municipality),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(|_| AppError::invalid("host_name", Problem::from(WebsiteProblem::HostTaken)))?;
    }
    let lines = |text: &str| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let model = website_site::ActiveModel {
        municipality_id: Set(municipality),
        site_name: Set(site_name.clone()),
        tagline: Set(collapse(&form.tagline)),
        host_name: Set(host),
        primary_color: Set(color.map(Rgb::hex).unwrap_or_else(|| DEFAULT_COLOR.into())),
        address: Set(collapse(&form.address)),
        phone: Set(collapse(&form.phone)),
        email: Set(email),
        office_hours: Set(lines(&form.office_hours)),
        social_links: Set(lines(&form.social_links)),
        accessibility_contact: Set(collapse(&form.accessibility_contact)),
        logo_sha256: sea_orm::ActiveValue::NotSet,
        logo_alt: sea_orm::ActiveValue::NotSet,
        updated_at: Set(now()),
        updated_by: Set(tx.actor().user_id.map(|u| u.0)),
    };
    website_site::Entity::insert(model)
        .on_conflict(
            OnConflict::column(website_site::Column::MunicipalityId)
                .update_columns([
                    website_site::Column::SiteName,
                    website_site::Column::Tagline,
                    website_site::Column::HostName,
                    website_site::Column::PrimaryColor,
                    website_site::Column::Address,
                    website_site::Column::Phone,
                    website_site::Column::Email,
                    website_site::Column::OfficeHours,
                    website_site::Column::SocialLinks,
                    website_site::Column::AccessibilityContact,
                    website_site::Column::UpdatedAt,
                    website_site::Column::UpdatedBy,
                ])
                .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "website.settings",
        "website_site",
        None,
        site_name,
    ))
    .await?;
    Ok(())
}

/// An item of the acting municipality, whatever its state (for its editor's preview).
pub async fn find_for_preview(tx: &TenantTx, id: ItemId) -> Result<website_item::Model, AppError> {
    require_editor(tx)?;
    find_item(tx, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, title: &str, body: &str) -> ItemForm {
        ItemForm {
            kind: kind.into(),
            title: title.into(),
            body: body.into(),
            status: "draft".into(),
            ..Default::default()
        }
    }

    #[test]
    fn forms_are_validated_and_sanitised() {
        let at = now();
        let valid = validate(
            &form(
                "news",
                "Új  játszótér",
                "<p onclick=x>Szia<script>x</script></p>",
            ),
            at,
        )
        .ok()
        .unwrap();
        assert_eq!(valid.title, "Új játszótér");
        assert_eq!(valid.slug, "uj-jatszoter");
        assert_eq!(valid.body_html, "<p>Szia</p>");
        assert_eq!(valid.publish_at, None, "a draft has no publication time");

        let mut published = form("news", "Hír", "");
        published.status = "published".into();
        assert_eq!(validate(&published, at).ok().unwrap().publish_at, Some(at));

        let Err(AppError::Invalid(problems)) =
            validate(&form("event", "", r#"<img src="a.png">"#), at)
        else {
            panic!("invalid")
        };
        let fields: Vec<_> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.problem.clone()))
            .collect();
        assert!(fields.contains(&("title", Problem::Required)));
        assert!(fields.contains(&("body", Problem::from(WebsiteProblem::MissingAltText))));
        assert!(fields.contains(&("starts_at", Problem::Required)));

        let mut document = form("document", "Rendelet", "");
        assert!(
            validate(&document, at).is_err(),
            "a document needs a category"
        );
        document.doc_category = "rendelet".into();
        assert!(validate(&document, at).is_ok());

        let mut scheduled = form("news", "Hír", "");
        scheduled.status = "published".into();
        scheduled.publish_at = "2030-01-02T10:00".into();
        scheduled.unpublish_at = "2030-01-01T10:00".into();
        assert!(
            validate(&scheduled, at).is_err(),
            "withdrawn before published"
        );
    }
}
