//! Records management (iratkezelés): master data (units, register and receipt books, the
//! retention plan, case categories, partners), the daily flow (receipts, case files, documents,
//! notes, links, history, dispatches), archiving and disposal, and attachments.
//!
//! Every table is a tenant table: `municipality_id` leads its primary key and every foreign key
//! to another tenant table (the Citus layout); PostgreSQL forces row-level security on them.
use sea_orm_migration::prelude::*;

use crate::kit::{column, municipality_fk, name, tenant_fk};
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// In creation order (a table's foreign keys lead to tables created before it).
pub(crate) const RECORDS_TENANT_TABLES: &[&str] = &[
    "org_unit",
    "register_book",
    "retention_item",
    "case_category",
    "partner",
    "receipt",
    "case_file",
    "document",
    "case_note",
    "case_link",
    "case_event",
    "dispatch",
    "destruction_list",
    "destruction_list_item",
    "attachment",
];

fn index(index: &str, table: &str, columns: &[&str], unique: bool) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement
        .name(index)
        .table(name(table))
        .col(name("municipality_id"));
    for c in columns {
        statement.col(name(c));
    }
    if unique {
        statement.unique();
    }
    statement.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(name("org_unit"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("name", ColumnDef::string, false));
        table.col(column("code", ColumnDef::string, true));
        table.col(column("active", ColumnDef::boolean, false));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("org_unit"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table.table(name("register_book")).col(column(
            "municipality_id",
            ColumnDef::integer,
            false,
        ));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("kind", ColumnDef::string, false));
        table.col(column("year", ColumnDef::integer, false));
        table.col(column("name", ColumnDef::string, false));
        table.col(column("prefix", ColumnDef::string, false));
        table.col(column("template", ColumnDef::string, false));
        table.col(column("last_main", ColumnDef::integer, false));
        table.col(column(
            "closed_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("closed_by", ColumnDef::big_integer, true));
        table.col(column("closing_statement", ColumnDef::text, true));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("register_book"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table.table(name("retention_item")).col(column(
            "municipality_id",
            ColumnDef::integer,
            false,
        ));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("code", ColumnDef::string, false));
        table.col(column("title", ColumnDef::text, false));
        table.col(column("retention_years", ColumnDef::integer, true));
        table.col(column("not_disposable", ColumnDef::boolean, false));
        table.col(column("archive_transfer_years", ColumnDef::integer, true));
        table.col(column("active", ColumnDef::boolean, false));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("retention_item"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table.table(name("case_category")).col(column(
            "municipality_id",
            ColumnDef::integer,
            false,
        ));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("code", ColumnDef::string, false));
        table.col(column("name", ColumnDef::string, false));
        table.col(column("deadline_days", ColumnDef::integer, false));
        table.col(column("retention_item_id", ColumnDef::big_integer, true));
        table.col(column("unit_id", ColumnDef::big_integer, true));
        table.col(column("active", ColumnDef::boolean, false));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("case_category"));
        table.foreign_key(&mut tenant_fk(
            "case_category",
            "retention_item_id",
            "retention_item",
        ));
        table.foreign_key(&mut tenant_fk("case_category", "unit_id", "org_unit"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("partner"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("kind", ColumnDef::string, false));
        table.col(column("name", ColumnDef::string, false));
        table.col(column("dedupe_key", ColumnDef::string, false));
        table.col(column("birth_date", ColumnDef::date, true));
        table.col(column("tax_number", ColumnDef::string, true));
        table.col(column("postal_code", ColumnDef::string, true));
        table.col(column("city", ColumnDef::string, true));
        table.col(column("street_address", ColumnDef::string, true));
        table.col(column("email", ColumnDef::string, true));
        table.col(column("phone", ColumnDef::string, true));
        table.col(column("merged_into_id", ColumnDef::big_integer, true));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("partner"));
        table.foreign_key(&mut tenant_fk("partner", "merged_into_id", "partner"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("receipt"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("book_id", ColumnDef::big_integer, false));
        table.col(column("number", ColumnDef::integer, false));
        table.col(column("receipt_number", ColumnDef::string, false));
        table.col(column("channel", ColumnDef::string, false));
        table.col(column("partner_id", ColumnDef::big_integer, true));
        table.col(column("sender_name", ColumnDef::text, true));
        table.col(column("subject", ColumnDef::text, false));
        table.col(column(
            "received_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("envelope", ColumnDef::text, true));
        table.col(column("state", ColumnDef::string, false));
        table.col(column("unit_id", ColumnDef::big_integer, true));
        table.col(column("assignee_user_id", ColumnDef::big_integer, true));
        table.col(column("deadline", ColumnDef::date, true));
        table.col(column("instructions", ColumnDef::text, true));
        table.col(column(
            "assigned_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("assigned_by", ColumnDef::big_integer, true));
        table.col(column("document_id", ColumnDef::big_integer, true));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("created_by", ColumnDef::big_integer, true));
        table.col(column("cancelled_reason", ColumnDef::text, true));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("receipt"));
        table.foreign_key(&mut tenant_fk("receipt", "book_id", "register_book"));
        table.foreign_key(&mut tenant_fk("receipt", "partner_id", "partner"));
        table.foreign_key(&mut tenant_fk("receipt", "unit_id", "org_unit"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("case_file"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("book_id", ColumnDef::big_integer, false));
        table.col(column("main_number", ColumnDef::integer, false));
        table.col(column("year", ColumnDef::integer, false));
        table.col(column("registry_number", ColumnDef::string, false));
        table.col(column("subject", ColumnDef::text, false));
        table.col(column("state", ColumnDef::string, false));
        table.col(column("unit_id", ColumnDef::big_integer, true));
        table.col(column("handler_user_id", ColumnDef::big_integer, true));
        table.col(column("category_id", ColumnDef::big_integer, true));
        table.col(column("retention_item_id", ColumnDef::big_integer, true));
        table.col(column("deadline", ColumnDef::date, true));
        table.col(column("last_sub", ColumnDef::integer, false));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("created_by", ColumnDef::big_integer, true));
        table.col(column(
            "updated_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column(
            "suspended_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("suspended_reason", ColumnDef::text, true));
        table.col(column(
            "closed_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column(
            "archived_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("archive_location", ColumnDef::text, true));
        table.col(column("lent_to", ColumnDef::text, true));
        table.col(column("lent_at", ColumnDef::timestamp_with_time_zone, true));
        table.col(column("lent_due", ColumnDef::date, true));
        table.col(column("legal_hold_reason", ColumnDef::text, true));
        table.col(column(
            "disposed_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column(
            "transferred_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("merged_into_id", ColumnDef::big_integer, true));
        table.col(column("cancelled_reason", ColumnDef::text, true));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("case_file"));
        table.foreign_key(&mut tenant_fk("case_file", "book_id", "register_book"));
        table.foreign_key(&mut tenant_fk("case_file", "unit_id", "org_unit"));
        table.foreign_key(&mut tenant_fk("case_file", "category_id", "case_category"));
        table.foreign_key(&mut tenant_fk(
            "case_file",
            "retention_item_id",
            "retention_item",
        ));
        table.foreign_key(&mut tenant_fk("case_file", "merged_into_id", "case_file"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("document"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("case_file_id", ColumnDef::big_integer, false));
        table.col(column("sub_number", ColumnDef::integer, false));
        table.col(column("registry_number", ColumnDef::string, false));
        table.col(column("direction", ColumnDef::string, false));
        table.col(column("state", ColumnDef::string, false));
        table.col(column("subject", ColumnDef::text, false));
        table.col(column("channel", ColumnDef::string, false));
        table.col(column("sender", ColumnDef::text, true));
        table.col(column("partner_id", ColumnDef::big_integer, true));
        table.col(column("receipt_id", ColumnDef::big_integer, true));
        table.col(column("handler_user_id", ColumnDef::big_integer, true));
        table.col(column("body", ColumnDef::text, true));
        table.col(column("search_text", ColumnDef::text, false));
        table.col(column(
            "received_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column(
            "registered_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("registered_by", ColumnDef::big_integer, true));
        table.col(column(
            "signed_off_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("signed_off_by", ColumnDef::big_integer, true));
        table.col(column("cancelled_reason", ColumnDef::text, true));
        table.col(column(
            "cancelled_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("cancelled_by", ColumnDef::big_integer, true));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("document"));
        table.foreign_key(&mut tenant_fk("document", "case_file_id", "case_file"));
        table.foreign_key(&mut tenant_fk("document", "partner_id", "partner"));
        table.foreign_key(&mut tenant_fk("document", "receipt_id", "receipt"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("case_note"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("case_file_id", ColumnDef::big_integer, false));
        table.col(column("author_user_id", ColumnDef::big_integer, true));
        table.col(column("body", ColumnDef::text, false));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("case_note"));
        table.foreign_key(&mut tenant_fk("case_note", "case_file_id", "case_file"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("case_link"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("case_file_id", ColumnDef::big_integer, false));
        table.col(column("linked_case_file_id", ColumnDef::big_integer, false));
        table.col(column("kind", ColumnDef::string, false));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("created_by", ColumnDef::big_integer, true));
        table.primary_key(
            Index::create()
                .col(name("municipality_id"))
                .col(name("case_file_id"))
                .col(name("linked_case_file_id")),
        );
        table.foreign_key(&mut municipality_fk("case_link"));
        table.foreign_key(&mut tenant_fk("case_link", "case_file_id", "case_file"));
        table.foreign_key(&mut tenant_fk(
            "case_link",
            "linked_case_file_id",
            "case_file",
        ));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("case_event"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("case_file_id", ColumnDef::big_integer, false));
        table.col(column("at", ColumnDef::timestamp_with_time_zone, false));
        table.col(column("user_id", ColumnDef::big_integer, true));
        table.col(column("event", ColumnDef::string, false));
        table.col(column("detail", ColumnDef::text, false));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("case_event"));
        table.foreign_key(&mut tenant_fk("case_event", "case_file_id", "case_file"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("dispatch"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("document_id", ColumnDef::big_integer, false));
        table.col(column("method", ColumnDef::string, false));
        table.col(column("partner_id", ColumnDef::big_integer, true));
        table.col(column("recipient", ColumnDef::text, false));
        table.col(column("address", ColumnDef::text, true));
        table.col(column("tracking_number", ColumnDef::string, true));
        table.col(column(
            "dispatched_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("dispatched_by", ColumnDef::big_integer, true));
        table.col(column("return_status", ColumnDef::string, false));
        table.col(column("return_date", ColumnDef::date, true));
        table.col(column(
            "return_recorded_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("dispatch"));
        table.foreign_key(&mut tenant_fk("dispatch", "document_id", "document"));
        table.foreign_key(&mut tenant_fk("dispatch", "partner_id", "partner"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table.table(name("destruction_list")).col(column(
            "municipality_id",
            ColumnDef::integer,
            false,
        ));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("title", ColumnDef::string, false));
        table.col(column("state", ColumnDef::string, false));
        table.col(column(
            "created_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("created_by", ColumnDef::big_integer, true));
        table.col(column(
            "approved_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.col(column("approved_by", ColumnDef::big_integer, true));
        table.col(column(
            "executed_at",
            ColumnDef::timestamp_with_time_zone,
            true,
        ));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("destruction_list"));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table.table(name("destruction_list_item")).col(column(
            "municipality_id",
            ColumnDef::integer,
            false,
        ));
        table.col(column("list_id", ColumnDef::big_integer, false));
        table.col(column("case_file_id", ColumnDef::big_integer, false));
        table.primary_key(
            Index::create()
                .col(name("municipality_id"))
                .col(name("list_id"))
                .col(name("case_file_id")),
        );
        table.foreign_key(&mut municipality_fk("destruction_list_item"));
        table.foreign_key(&mut tenant_fk(
            "destruction_list_item",
            "list_id",
            "destruction_list",
        ));
        table.foreign_key(&mut tenant_fk(
            "destruction_list_item",
            "case_file_id",
            "case_file",
        ));
        manager.create_table(table.to_owned()).await?;
        let mut table = Table::create();
        table
            .table(name("attachment"))
            .col(column("municipality_id", ColumnDef::integer, false));
        table.col(column("id", ColumnDef::big_integer, false));
        table.col(column("document_id", ColumnDef::big_integer, true));
        table.col(column("receipt_id", ColumnDef::big_integer, true));
        table.col(column("file_name", ColumnDef::string, false));
        table.col(column("media_type", ColumnDef::string, false));
        table.col(column("size_bytes", ColumnDef::big_integer, false));
        table.col(column("sha256", ColumnDef::string, false));
        table.col(column("extracted_text", ColumnDef::text, true));
        table.col(column(
            "uploaded_at",
            ColumnDef::timestamp_with_time_zone,
            false,
        ));
        table.col(column("uploaded_by", ColumnDef::big_integer, true));
        table.primary_key(Index::create().col(name("municipality_id")).col(name("id")));
        table.foreign_key(&mut municipality_fk("attachment"));
        table.foreign_key(&mut tenant_fk("attachment", "document_id", "document"));
        table.foreign_key(&mut tenant_fk("attachment", "receipt_id", "receipt"));
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(index(
                "ux_register_book_kind_prefix_year",
                "register_book",
                &["kind", "prefix", "year"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ux_retention_item_code",
                "retention_item",
                &["code"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ux_case_category_code",
                "case_category",
                &["code"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_partner_dedupe_key",
                "partner",
                &["dedupe_key"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ux_receipt_number",
                "receipt",
                &["book_id", "number"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_receipt_assignee",
                "receipt",
                &["assignee_user_id", "state"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ux_case_file_number",
                "case_file",
                &["book_id", "main_number"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_case_file_handler",
                "case_file",
                &["handler_user_id", "state"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_case_file_deadline",
                "case_file",
                &["deadline"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ux_document_number",
                "document",
                &["case_file_id", "sub_number"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_document_registry_number",
                "document",
                &["registry_number"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_document_registered_at",
                "document",
                &["registered_at"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_case_event_case",
                "case_event",
                &["case_file_id", "at"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_dispatch_return",
                "dispatch",
                &["return_status"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_attachment_sha256",
                "attachment",
                &["sha256"],
                false,
            ))
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            crate::kit::enable_tenant_rls(manager.get_connection(), RECORDS_TENANT_TABLES).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in RECORDS_TENANT_TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
