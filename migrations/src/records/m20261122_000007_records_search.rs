//! Finding records fast on a million documents: full-text search over `document.search_text`
//! (PostgreSQL: a GIN index on its `simple` tsvector; SQLite: an FTS5 table kept in step by
//! triggers), a pattern index for registry-number prefixes, and the indexes the case-file
//! screen reads by (attachments, dispatches, notes, links of one case file or document).
//!
//! The SQLite FTS table maps a document's id to its text only; it holds no tenant column, so
//! every query joins it back to `document` and filters `document.municipality_id` there.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Indexes both backends share (every one leads with `municipality_id`, the Citus layout).
const COMMON: &[&str] = &[
    "CREATE INDEX ix_find_document_subject ON document (municipality_id, substr(subject, 1, 100), id)",
    "CREATE INDEX ix_find_document_partner ON document (municipality_id, partner_id)",
    "CREATE INDEX ix_find_case_file_retention ON case_file (municipality_id, retention_item_id)",
    "CREATE INDEX ix_find_case_file_registry_number ON case_file (municipality_id, registry_number)",
    "CREATE INDEX ix_find_attachment_document ON attachment (municipality_id, document_id)",
    "CREATE INDEX ix_find_attachment_receipt ON attachment (municipality_id, receipt_id)",
    "CREATE INDEX ix_find_dispatch_document ON dispatch (municipality_id, document_id)",
    "CREATE INDEX ix_find_case_note_case ON case_note (municipality_id, case_file_id)",
    "CREATE INDEX ix_find_case_link_linked ON case_link (municipality_id, linked_case_file_id)",
    "CREATE INDEX ix_find_case_file_merged ON case_file (municipality_id, merged_into_id)",
];

const POSTGRES: &[&str] = &[
    // `simple`: no stemming or stop words. Folded in the index itself (lower case, Hungarian
    // accents off, with the built-in, immutable `translate`), so the search finds a word
    // however the text was written. The search query repeats this expression exactly
    // (`app/src/records/search/service.rs`, `POSTGRES_FULLTEXT`).
    "CREATE INDEX ix_find_document_fulltext ON document USING gin (to_tsvector('simple', translate(lower(search_text), 'áàâäéèêëíìîïóòôöőõúùûüű', 'aaaaeeeeiiiioooooouuuuu')))",
    // Prefix searches (`LIKE '12-%'`) use this whatever the database's collation.
    "CREATE INDEX ix_find_document_registry_prefix ON document (municipality_id, registry_number text_pattern_ops)",
];

const SQLITE: &[&str] = &[
    "CREATE VIRTUAL TABLE document_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO document_fts (rowid, search_text) SELECT id, search_text FROM document",
    "CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
       INSERT INTO document_fts (rowid, search_text) VALUES (new.id, new.search_text);
     END",
    "CREATE TRIGGER document_fts_update AFTER UPDATE OF search_text ON document BEGIN
       DELETE FROM document_fts WHERE rowid = old.id;
       INSERT INTO document_fts (rowid, search_text) VALUES (new.id, new.search_text);
     END",
    "CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
       DELETE FROM document_fts WHERE rowid = old.id;
     END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let specific = match manager.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        for sql in COMMON.iter().chain(specific) {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let drops: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "DROP INDEX ix_find_document_fulltext",
                "DROP INDEX ix_find_document_registry_prefix",
            ],
            _ => &[
                "DROP TRIGGER document_fts_insert",
                "DROP TRIGGER document_fts_update",
                "DROP TRIGGER document_fts_delete",
                "DROP TABLE document_fts",
            ],
        };
        for sql in drops {
            db.execute_unprepared(sql).await?;
        }
        for sql in COMMON {
            if let Some(name) = sql.split_whitespace().nth(2) {
                db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
            }
        }
        Ok(())
    }
}
