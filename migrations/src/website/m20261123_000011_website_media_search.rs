//! The website, second part: its full-text search index, the editors' menu, resized image
//! variants and the coat of arms' alternative text.
//!
//! - `website_item.search_title` / `search_text`: the item's title and its other text
//!   (summary, body without markup, place, document number), folded by the application
//!   (lower case, Hungarian accents off: `website::domain::search_fields`). PostgreSQL indexes
//!   them with GIN over a `simple` tsvector (title weighted `A`); SQLite with an FTS5 table
//!   kept in step by triggers. Like `document_fts` the FTS table maps an item's id to its text
//!   only (no tenant column): every query joins it back to `website_item` and filters
//!   `municipality_id` there.
//! - `website_menu_entry`: the site's main menu as its editors arrange it (two levels; an
//!   entry is a page or an external link, with an optional own label).
//! - `website_image_variant`: an uploaded image's resized copies (one per width), for
//!   `srcset`.
//! - `website_site.logo_alt`: the coat of arms' alternative text.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const TENANT_TABLES: &[&str] = &["website_menu_entry", "website_image_variant"];

#[derive(DeriveIden)]
enum WebsiteItem {
    Table,
    MunicipalityId,
    Id,
    SearchTitle,
    SearchText,
}

#[derive(DeriveIden)]
enum WebsiteSite {
    Table,
    LogoAlt,
}

#[derive(DeriveIden)]
enum WebsiteFile {
    Table,
    MunicipalityId,
    Sha256,
}

#[derive(DeriveIden)]
enum WebsiteMenuEntry {
    Table,
    MunicipalityId,
    Id,
    ParentId,
    Position,
    Label,
    ItemId,
    Url,
}

#[derive(DeriveIden)]
enum WebsiteImageVariant {
    Table,
    MunicipalityId,
    Sha256,
    Width,
    Height,
    MediaType,
    Size,
}

/// Exactly the expression the search query repeats (`website::repo::POSTGRES_FULLTEXT`), or
/// PostgreSQL would not use the index.
const POSTGRES: &[&str] = &[
    "CREATE INDEX ix_website_item_fulltext ON website_item USING gin \
     ((setweight(to_tsvector('simple', search_title), 'A') || to_tsvector('simple', search_text)))",
    // Existing rows: folded in SQL as well as SQL can (markup stripped); every save refolds.
    "UPDATE website_item SET \
     search_title = translate(lower(title), 'áàâäéèêëíìîïóòôöőõúùûüű', 'aaaaeeeeiiiioooooouuuuu'), \
     search_text = translate(lower(summary || ' ' || regexp_replace(body_html, '<[^>]*>', ' ', 'g') \
       || ' ' || coalesce(location, '') || ' ' || coalesce(doc_number, '')), \
       'áàâäéèêëíìîïóòôöőõúùûüű', 'aaaaeeeeiiiioooooouuuuu')",
];

const SQLITE: &[&str] = &[
    // The tokenizer folds case and accents itself; the stored text is folded already.
    "UPDATE website_item SET search_title = title, \
     search_text = summary || ' ' || body_html || ' ' || coalesce(location, '') || ' ' || coalesce(doc_number, '')",
    "CREATE VIRTUAL TABLE website_item_fts USING fts5(search_title, search_text, \
     tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO website_item_fts (rowid, search_title, search_text) \
     SELECT id, search_title, search_text FROM website_item",
    "CREATE TRIGGER website_item_fts_insert AFTER INSERT ON website_item BEGIN
       INSERT INTO website_item_fts (rowid, search_title, search_text)
       VALUES (new.id, new.search_title, new.search_text);
     END",
    "CREATE TRIGGER website_item_fts_update AFTER UPDATE OF search_title, search_text ON website_item BEGIN
       DELETE FROM website_item_fts WHERE rowid = old.id;
       INSERT INTO website_item_fts (rowid, search_title, search_text)
       VALUES (new.id, new.search_title, new.search_text);
     END",
    "CREATE TRIGGER website_item_fts_delete AFTER DELETE ON website_item BEGIN
       DELETE FROM website_item_fts WHERE rowid = old.id;
     END",
];

/// The menu as it was (pages marked "in the menu", under their parent when it is there
/// too), so that existing sites keep their navigation. An entry takes its page's id.
const MENU_BACKFILL: &[&str] = &[
    "INSERT INTO website_menu_entry (municipality_id, id, parent_id, position, label, item_id, url) \
     SELECT municipality_id, id, NULL, menu_order, NULL, id, NULL FROM website_item \
     WHERE kind = 'page' AND in_menu AND parent_id IS NULL",
    "INSERT INTO website_menu_entry (municipality_id, id, parent_id, position, label, item_id, url) \
     SELECT c.municipality_id, c.id, c.parent_id, c.menu_order, NULL, c.id, NULL FROM website_item c \
     JOIN website_item p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id \
     WHERE c.kind = 'page' AND c.in_menu AND p.in_menu AND p.parent_id IS NULL",
];

fn text_column(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().default("").to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // One column per statement: SQLite adds one at a time.
        for column in [WebsiteItem::SearchTitle, WebsiteItem::SearchText] {
            manager
                .alter_table(
                    Table::alter()
                        .table(WebsiteItem::Table)
                        .add_column(text_column(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(WebsiteSite::Table)
                    .add_column(ColumnDef::new(WebsiteSite::LogoAlt).text().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let specific = match backend {
            DatabaseBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        for sql in specific {
            db.execute_unprepared(sql).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(WebsiteMenuEntry::Table)
                    .col(
                        ColumnDef::new(WebsiteMenuEntry::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteMenuEntry::Id)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteMenuEntry::ParentId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteMenuEntry::Position)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(WebsiteMenuEntry::Label).text().null())
                    .col(
                        ColumnDef::new(WebsiteMenuEntry::ItemId)
                            .big_integer()
                            .null(),
                    )
                    .col(ColumnDef::new(WebsiteMenuEntry::Url).text().null())
                    .primary_key(
                        Index::create()
                            .col(WebsiteMenuEntry::MunicipalityId)
                            .col(WebsiteMenuEntry::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_menu_entry_parent")
                            .from_tbl(WebsiteMenuEntry::Table)
                            .from_col(WebsiteMenuEntry::MunicipalityId)
                            .from_col(WebsiteMenuEntry::ParentId)
                            .to_tbl(WebsiteMenuEntry::Table)
                            .to_col(WebsiteMenuEntry::MunicipalityId)
                            .to_col(WebsiteMenuEntry::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_menu_entry_item")
                            .from_tbl(WebsiteMenuEntry::Table)
                            .from_col(WebsiteMenuEntry::MunicipalityId)
                            .from_col(WebsiteMenuEntry::ItemId)
                            .to_tbl(WebsiteItem::Table)
                            .to_col(WebsiteItem::MunicipalityId)
                            .to_col(WebsiteItem::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_website_menu_entry_order")
                    .table(WebsiteMenuEntry::Table)
                    .col(WebsiteMenuEntry::MunicipalityId)
                    .col(WebsiteMenuEntry::Position)
                    .to_owned(),
            )
            .await?;
        for sql in MENU_BACKFILL {
            db.execute_unprepared(sql).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(WebsiteImageVariant::Table)
                    .col(
                        ColumnDef::new(WebsiteImageVariant::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteImageVariant::Sha256)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteImageVariant::Width)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteImageVariant::Height)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteImageVariant::MediaType)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WebsiteImageVariant::Size)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(WebsiteImageVariant::MunicipalityId)
                            .col(WebsiteImageVariant::Sha256)
                            .col(WebsiteImageVariant::Width),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_image_variant_file")
                            .from_tbl(WebsiteImageVariant::Table)
                            .from_col(WebsiteImageVariant::MunicipalityId)
                            .from_col(WebsiteImageVariant::Sha256)
                            .to_tbl(WebsiteFile::Table)
                            .to_col(WebsiteFile::MunicipalityId)
                            .to_col(WebsiteFile::Sha256)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        if backend == DatabaseBackend::Postgres {
            crate::kit::enable_tenant_rls(db, TENANT_TABLES).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in ["website_image_variant", "website_menu_entry"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        let drops: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Postgres => &["DROP INDEX ix_website_item_fulltext"],
            _ => &[
                "DROP TRIGGER website_item_fts_insert",
                "DROP TRIGGER website_item_fts_update",
                "DROP TRIGGER website_item_fts_delete",
                "DROP TABLE website_item_fts",
            ],
        };
        for sql in drops {
            db.execute_unprepared(sql).await?;
        }
        for column in [WebsiteItem::SearchTitle, WebsiteItem::SearchText] {
            manager
                .alter_table(
                    Table::alter()
                        .table(WebsiteItem::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(WebsiteSite::Table)
                    .drop_column(WebsiteSite::LogoAlt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
