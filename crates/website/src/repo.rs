//! Database access of the website (server only). Visitors' reads go through a
//! [`PublicReadTx`] and see published, due, not yet withdrawn items only; editors' work goes
//! through a [`TenantTx`] with the website editor's role.
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Statement,
};

use super::domain::{
    DocCategory, ItemKind, SEARCH_COUNT_CAP, SEARCH_PAGE_SIZE, Status, is_visible,
};
use crate::db::{
    website_file, website_image_variant, website_item, website_menu_entry, website_site,
};
use openasp_core::error::AppError;
use openasp_core::search::{fts5_query, postgres_tsquery};
use openasp_framework::tenancy::PublicReadTx;
use openasp_gazetteer::MunicipalityDetail;

/// The condition "visitors see it now", the SQL twin of [`is_visible`].
pub fn visible_now(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(website_item::Column::Status.eq(Status::Published.code()))
        .add(website_item::Column::PublishAt.lte(now))
        .add(
            Condition::any()
                .add(website_item::Column::UnpublishAt.is_null())
                .add(website_item::Column::UnpublishAt.gt(now)),
        )
}

/// Whether a loaded row is visible at `now` (the pure rule).
pub fn row_visible(item: &website_item::Model, now: DateTime<Utc>) -> bool {
    let status = Status::from_code(&item.status).unwrap_or(Status::Draft);
    is_visible(
        status,
        item.publish_at.map(|t| t.timestamp_micros()),
        item.unpublish_at.map(|t| t.timestamp_micros()),
        now.timestamp_micros(),
    )
}

fn visible(tx: &PublicReadTx, kind: ItemKind, now: DateTime<Utc>) -> Select<website_item::Entity> {
    website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_item::Column::Kind.eq(kind.code()))
        .filter(visible_now(now))
}

pub async fn site(tx: &PublicReadTx) -> Result<Option<website_site::Model>, AppError> {
    Ok(website_site::Entity::find_by_id(tx.municipality())
        .one(tx.conn())
        .await?)
}

/// The site's municipality as the gazetteer describes it (facts, postal codes, joint office).
pub async fn municipality(tx: &PublicReadTx) -> Result<Option<MunicipalityDetail>, AppError> {
    Ok(openasp_gazetteer::repo::detail_by_id(tx.conn(), tx.municipality()).await?)
}

/// One visible item by kind and slug.
pub async fn find_visible(
    tx: &PublicReadTx,
    kind: ItemKind,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<Option<website_item::Model>, AppError> {
    let item = visible(tx, kind, now)
        .filter(website_item::Column::Slug.eq(slug))
        .one(tx.conn())
        .await?;
    Ok(item.filter(|item| row_visible(item, now)))
}

/// A page of visible items of a kind, newest publication first, and the total.
pub async fn list_visible(
    tx: &PublicReadTx,
    kind: ItemKind,
    page: u64,
    page_size: u64,
    now: DateTime<Utc>,
) -> Result<(Vec<website_item::Model>, u64), AppError> {
    let select = visible(tx, kind, now);
    let total = select.clone().count(tx.conn()).await?;
    let items = select
        .order_by_desc(website_item::Column::PublishAt)
        .order_by_desc(website_item::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(page_size))
        .limit(page_size)
        .all(tx.conn())
        .await?;
    Ok((items, total))
}

/// Visible events that are not over (or, with `past`, that are; `domain::event_is_over`),
/// in time order.
pub async fn events(
    tx: &PublicReadTx,
    past: bool,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<website_item::Model>, AppError> {
    let day_start = DateTime::from_timestamp(super::domain::budapest_day_start(now.timestamp()), 0)
        .unwrap_or(now);
    // Both conditions spelled out: `NOT (ends_at >= now …)` is NULL, not true, for an event
    // without an end, which would then be in neither list.
    let not_over = Condition::any()
        .add(website_item::Column::EndsAt.gte(now))
        .add(
            Condition::all()
                .add(website_item::Column::EndsAt.is_null())
                .add(website_item::Column::StartsAt.gte(day_start)),
        );
    let over = Condition::any()
        .add(website_item::Column::EndsAt.lt(now))
        .add(
            Condition::all()
                .add(website_item::Column::EndsAt.is_null())
                .add(website_item::Column::StartsAt.lt(day_start)),
        );
    let select = visible(tx, ItemKind::Event, now);
    let select = if past {
        select
            .filter(over)
            .order_by_desc(website_item::Column::StartsAt)
    } else {
        select
            .filter(not_over)
            .order_by_asc(website_item::Column::StartsAt)
    };
    Ok(select.limit(limit).all(tx.conn()).await?)
}

/// The document library's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    pub category: Option<DocCategory>,
    pub year: Option<i32>,
    pub q: String,
}

pub const DOCUMENT_PAGE_SIZE: u64 = 20;

pub async fn documents(
    tx: &PublicReadTx,
    filter: &DocumentFilter,
    page: u64,
    now: DateTime<Utc>,
) -> Result<(Vec<website_item::Model>, u64), AppError> {
    let mut select = visible(tx, ItemKind::Document, now);
    if let Some(category) = filter.category {
        select = select.filter(website_item::Column::DocCategory.eq(category.code()));
    }
    if let Some(year) = filter.year
        && let (Some(from), Some(until)) = (
            chrono::NaiveDate::from_ymd_opt(year, 1, 1),
            chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1),
        )
    {
        let start = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
        select = select
            .filter(website_item::Column::PublishAt.gte(start(from)))
            .filter(website_item::Column::PublishAt.lt(start(until)));
    }
    let q = filter.q.trim();
    if !q.is_empty() {
        select = select.filter(
            Condition::any()
                .add(website_item::Column::Title.contains(q))
                .add(website_item::Column::DocNumber.contains(q)),
        );
    }
    let total = select.clone().count(tx.conn()).await?;
    let items = select
        .order_by_desc(website_item::Column::PublishAt)
        .order_by_desc(website_item::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(DOCUMENT_PAGE_SIZE))
        .limit(DOCUMENT_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    Ok((items, total))
}

/// Visible pages, in menu order (parents and children alike): for breadcrumbs and the
/// sub-pages listed under their parent.
pub async fn menu_pages(
    tx: &PublicReadTx,
    now: DateTime<Utc>,
) -> Result<Vec<website_item::Model>, AppError> {
    Ok(visible(tx, ItemKind::Page, now)
        .order_by_asc(website_item::Column::MenuOrder)
        .order_by_asc(website_item::Column::Title)
        .all(tx.conn())
        .await?)
}

/// Where a menu entry leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavTarget {
    /// A page of the site, by its slug.
    Page(String),
    /// An external address.
    External(String),
}

/// An entry of the main menu as visitors see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    pub label: String,
    pub target: NavTarget,
    pub children: Vec<NavEntry>,
}

/// The main menu as its editors arranged it: entries whose page visitors can see (a hidden
/// page hides its entry, and the entries under it), external links, in order.
pub async fn navigation(tx: &PublicReadTx, now: DateTime<Utc>) -> Result<Vec<NavEntry>, AppError> {
    let entries = website_menu_entry::Entity::find()
        .filter(website_menu_entry::Column::MunicipalityId.eq(tx.municipality()))
        .order_by_asc(website_menu_entry::Column::Position)
        .order_by_asc(website_menu_entry::Column::Id)
        .all(tx.conn())
        .await?;
    let page_ids: Vec<i64> = entries.iter().filter_map(|e| e.item_id).collect();
    let pages: Vec<website_item::Model> = if page_ids.is_empty() {
        Vec::new()
    } else {
        visible(tx, ItemKind::Page, now)
            .filter(website_item::Column::Id.is_in(page_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .filter(|p| row_visible(p, now))
            .collect()
    };
    let entry_of = |e: &website_menu_entry::Model| -> Option<NavEntry> {
        let (title, target) = match (e.item_id, &e.url) {
            (Some(item), _) => {
                let page = pages.iter().find(|p| p.id == item)?;
                (page.title.clone(), NavTarget::Page(page.slug.clone()))
            }
            (None, Some(url)) => (url.clone(), NavTarget::External(url.clone())),
            (None, None) => return None,
        };
        Some(NavEntry {
            label: e.label.clone().filter(|l| !l.is_empty()).unwrap_or(title),
            target,
            children: Vec::new(),
        })
    };
    Ok(entries
        .iter()
        .filter(|e| e.parent_id.is_none())
        .filter_map(|top| {
            let mut nav = entry_of(top)?;
            nav.children = entries
                .iter()
                .filter(|e| e.parent_id == Some(top.id))
                .filter_map(entry_of)
                .collect();
            Some(nav)
        })
        .collect())
}

/// Every visible item (for the site search and the sitemap), newest first.
pub async fn all_visible(
    tx: &PublicReadTx,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<website_item::Model>, AppError> {
    Ok(website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(visible_now(now))
        .order_by_desc(website_item::Column::PublishAt)
        .limit(limit)
        .all(tx.conn())
        .await?)
}

/// What a cached page's lifetime depends on: the latest change visitors can see, and the
/// next scheduled change.
pub struct Freshness {
    pub last_modified: Option<DateTime<Utc>>,
    pub next_transition: Option<DateTime<Utc>>,
}

/// (status, publish_at, unpublish_at, updated_at) of an item.
type ScheduleRow = (
    String,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
);

pub async fn freshness(tx: &PublicReadTx, now: DateTime<Utc>) -> Result<Freshness, AppError> {
    let rows: Vec<ScheduleRow> = website_item::Entity::find()
        .select_only()
        .column(website_item::Column::Status)
        .column(website_item::Column::PublishAt)
        .column(website_item::Column::UnpublishAt)
        .column(website_item::Column::UpdatedAt)
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_item::Column::Status.eq(Status::Published.code()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let next = super::domain::next_transition(
        rows.iter().map(|(_, from, until, _)| {
            (
                from.map(|t| t.timestamp_micros()),
                until.map(|t| t.timestamp_micros()),
            )
        }),
        now.timestamp_micros(),
    );
    let mut last_modified: Option<DateTime<Utc>> = None;
    for (_, from, until, updated) in &rows {
        for at in [Some(*updated), *from, *until].into_iter().flatten() {
            if at <= now && last_modified.is_none_or(|m| at > m) {
                last_modified = Some(at);
            }
        }
    }
    if let Some(site) = site(tx).await?
        && last_modified.is_none_or(|m| site.updated_at > m)
    {
        last_modified = Some(site.updated_at);
    }
    Ok(Freshness {
        last_modified,
        next_transition: next.and_then(DateTime::from_timestamp_micros),
    })
}

/// Whether a file may be downloaded by visitors: some visible item (or the site's logo)
/// refers to it. Drafts' attachments stay private.
pub async fn file_is_public(
    tx: &PublicReadTx,
    sha256: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let used = website_item::Entity::find()
        .filter(website_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(visible_now(now))
        .filter(
            Condition::any()
                .add(website_item::Column::FileSha256.eq(sha256))
                .add(website_item::Column::ImageSha256.eq(sha256)),
        )
        .count(tx.conn())
        .await?;
    if used > 0 {
        return Ok(true);
    }
    Ok(site(tx)
        .await?
        .is_some_and(|s| s.logo_sha256.as_deref() == Some(sha256)))
}

/// Exactly the expression of the GIN index `ix_website_item_fulltext` (migration
/// m20261123_000011), or PostgreSQL would not use the index.
const POSTGRES_FULLTEXT: &str = "(setweight(to_tsvector('simple', i.search_title), 'A') \
    || to_tsvector('simple', i.search_text))";

/// SQL text with its bound values, placeholders written for the backend.
struct Sql {
    backend: DatabaseBackend,
    text: String,
    values: Vec<sea_orm::Value>,
}

impl Sql {
    fn new(backend: DatabaseBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// Binds a value and returns its placeholder (each placeholder binds its own value:
    /// SQLite's `?` cannot be used twice).
    fn bind(&mut self, value: impl Into<sea_orm::Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DatabaseBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        }
    }

    fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// ` FROM … WHERE …` of the site search: the municipality, visible now, and the terms in the
/// index (every term as a word beginning).
fn push_search_from(sql: &mut Sql, municipality: i32, terms: &[String], now: DateTime<Utc>) {
    let postgres = sql.backend == DatabaseBackend::Postgres;
    let from = if postgres {
        " FROM website_item i".to_owned()
    } else {
        // The FTS table holds no tenant: the join back to `i` (filtered below) scopes it.
        " FROM website_item_fts f JOIN website_item i ON i.id = f.rowid".to_owned()
    };
    let m = sql.bind(municipality);
    let status = sql.bind(Status::Published.code());
    let from_time = sql.bind(now);
    let until_time = sql.bind(now);
    let mut text = format!(
        "{from} WHERE i.municipality_id = {m} AND i.status = {status} \
         AND i.publish_at <= {from_time} AND (i.unpublish_at IS NULL OR i.unpublish_at > {until_time})"
    );
    if postgres {
        let q = sql.bind(postgres_tsquery(terms).unwrap_or_default());
        text.push_str(&format!(
            " AND {POSTGRES_FULLTEXT} @@ to_tsquery('simple', {q})"
        ));
    } else {
        let q = sql.bind(fts5_query(terms).unwrap_or_default());
        text.push_str(&format!(" AND website_item_fts MATCH {q}"));
    }
    sql.text.push_str(&text);
}

/// The site search: visible items whose text holds every term (as a word beginning, accents
/// and case ignored), most relevant first (a hit in the title counts most), then newest;
/// one page of [`SEARCH_PAGE_SIZE`] and the number of hits (counted up to
/// [`SEARCH_COUNT_CAP`]). Uses the full-text index of each backend.
pub async fn search(
    tx: &PublicReadTx,
    terms: &[String],
    page: u64,
    now: DateTime<Utc>,
) -> Result<(Vec<website_item::Model>, u64), AppError> {
    if terms.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let backend = tx.conn().get_database_backend();
    let municipality = tx.municipality().0;

    let mut count = Sql::new(backend);
    count
        .text
        .push_str("SELECT count(*) AS n FROM (SELECT 1 AS one");
    push_search_from(&mut count, municipality, terms, now);
    count
        .text
        .push_str(&format!(" LIMIT {}) hits", SEARCH_COUNT_CAP));
    let total: i64 = match tx.conn().query_one_raw(count.statement()).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };

    let mut sql = Sql::new(backend);
    sql.text.push_str("SELECT i.*");
    push_search_from(&mut sql, municipality, terms, now);
    if backend == DatabaseBackend::Postgres {
        let q = sql.bind(postgres_tsquery(terms).unwrap_or_default());
        sql.text.push_str(&format!(
            " ORDER BY ts_rank({POSTGRES_FULLTEXT}, to_tsquery('simple', {q})) DESC"
        ));
    } else {
        // bm25: smaller is better; the title weighs ten times the rest.
        sql.text
            .push_str(" ORDER BY bm25(website_item_fts, 10.0, 1.0)");
    }
    let offset = page.saturating_sub(1).saturating_mul(SEARCH_PAGE_SIZE);
    sql.text.push_str(&format!(
        ", i.publish_at DESC, i.id DESC LIMIT {SEARCH_PAGE_SIZE} OFFSET {offset}"
    ));
    let items = website_item::Entity::find()
        .from_raw_sql(sql.statement())
        .all(tx.conn())
        .await?;
    // The pure rule, again, on what is shown.
    let items = items
        .into_iter()
        .filter(|item| item.municipality_id == municipality && row_visible(item, now))
        .collect();
    Ok((items, u64::try_from(total).unwrap_or(0)))
}

/// An uploaded image's size and its resized copies (for `srcset`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageInfo {
    /// The original's width and height, when known.
    pub size: Option<(i32, i32)>,
    /// (width, height) of each resized copy, narrowest first.
    pub variants: Vec<(i32, i32)>,
}

pub async fn image_info(tx: &PublicReadTx, sha256: &str) -> Result<ImageInfo, AppError> {
    let file = website_file::Entity::find_by_id((tx.municipality().0, sha256.to_owned()))
        .one(tx.conn())
        .await?;
    let variants = website_image_variant::Entity::find()
        .filter(website_image_variant::Column::MunicipalityId.eq(tx.municipality()))
        .filter(website_image_variant::Column::Sha256.eq(sha256))
        .order_by_asc(website_image_variant::Column::Width)
        .all(tx.conn())
        .await?;
    Ok(ImageInfo {
        size: file.and_then(|f| f.width.zip(f.height)),
        variants: variants.into_iter().map(|v| (v.width, v.height)).collect(),
    })
}
