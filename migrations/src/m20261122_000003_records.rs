//! Records management (iratkezelés): organisational units, register books with their
//! numbering, case files and their documents. Every table is a tenant table; foreign keys
//! between them lead with `municipality_id` (the Citus layout).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const RECORDS_TENANT_TABLES: &[&str] = &["org_unit", "register_book", "case_file", "document"];

#[derive(DeriveIden)]
enum Municipality {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgUnit {
    Table,
    MunicipalityId,
    Id,
    Name,
    Code,
}

#[derive(DeriveIden)]
enum RegisterBook {
    Table,
    MunicipalityId,
    Id,
    Year,
    Name,
    Prefix,
    Template,
    /// The last main number issued: numbers are drawn by incrementing it in the registering
    /// transaction, which locks the row, so they come gapless and never twice.
    LastMain,
    ClosedAt,
}

#[derive(DeriveIden)]
enum CaseFile {
    Table,
    MunicipalityId,
    Id,
    BookId,
    MainNumber,
    Year,
    Subject,
    State,
    UnitId,
    HandlerUserId,
    Deadline,
    LastSub,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Document {
    Table,
    MunicipalityId,
    Id,
    CaseFileId,
    SubNumber,
    RegistryNumber,
    Direction,
    Subject,
    Channel,
    Sender,
    ReceivedAt,
    RegisteredAt,
    RegisteredBy,
    CancelledReason,
}

fn tenant_fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    let (from_table, from_tenant, from_col) = from;
    let (to_table, to_tenant, to_col) = to;
    ForeignKey::create()
        .name(name)
        .from_tbl(from_table)
        .from_col(from_tenant)
        .from_col(from_col)
        .to_tbl(to_table)
        .to_col(to_tenant)
        .to_col(to_col)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrgUnit::Table)
                    .col(ColumnDef::new(OrgUnit::MunicipalityId).integer().not_null())
                    .col(ColumnDef::new(OrgUnit::Id).big_integer().not_null())
                    .col(ColumnDef::new(OrgUnit::Name).string().not_null())
                    .col(ColumnDef::new(OrgUnit::Code).string().null())
                    .primary_key(
                        Index::create()
                            .col(OrgUnit::MunicipalityId)
                            .col(OrgUnit::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_org_unit_municipality")
                            .from(OrgUnit::Table, OrgUnit::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RegisterBook::Table)
                    .col(
                        ColumnDef::new(RegisterBook::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(RegisterBook::Id).big_integer().not_null())
                    .col(ColumnDef::new(RegisterBook::Year).integer().not_null())
                    .col(ColumnDef::new(RegisterBook::Name).string().not_null())
                    .col(ColumnDef::new(RegisterBook::Prefix).string().not_null())
                    .col(ColumnDef::new(RegisterBook::Template).string().not_null())
                    .col(
                        ColumnDef::new(RegisterBook::LastMain)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(RegisterBook::ClosedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(RegisterBook::MunicipalityId)
                            .col(RegisterBook::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_register_book_municipality")
                            .from(RegisterBook::Table, RegisterBook::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_register_book_prefix_year")
                    .table(RegisterBook::Table)
                    .col(RegisterBook::MunicipalityId)
                    .col(RegisterBook::Prefix)
                    .col(RegisterBook::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseFile::Table)
                    .col(
                        ColumnDef::new(CaseFile::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CaseFile::Id).big_integer().not_null())
                    .col(ColumnDef::new(CaseFile::BookId).big_integer().not_null())
                    .col(ColumnDef::new(CaseFile::MainNumber).integer().not_null())
                    .col(ColumnDef::new(CaseFile::Year).integer().not_null())
                    .col(ColumnDef::new(CaseFile::Subject).text().not_null())
                    .col(ColumnDef::new(CaseFile::State).string().not_null())
                    .col(ColumnDef::new(CaseFile::UnitId).big_integer().null())
                    .col(ColumnDef::new(CaseFile::HandlerUserId).big_integer().null())
                    .col(ColumnDef::new(CaseFile::Deadline).date().null())
                    .col(
                        ColumnDef::new(CaseFile::LastSub)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(CaseFile::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CaseFile::MunicipalityId)
                            .col(CaseFile::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_case_file_book",
                        (CaseFile::Table, CaseFile::MunicipalityId, CaseFile::BookId),
                        (
                            RegisterBook::Table,
                            RegisterBook::MunicipalityId,
                            RegisterBook::Id,
                        ),
                    ))
                    .foreign_key(&mut tenant_fk(
                        "fk_case_file_unit",
                        (CaseFile::Table, CaseFile::MunicipalityId, CaseFile::UnitId),
                        (OrgUnit::Table, OrgUnit::MunicipalityId, OrgUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_case_file_number")
                    .table(CaseFile::Table)
                    .col(CaseFile::MunicipalityId)
                    .col(CaseFile::BookId)
                    .col(CaseFile::MainNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Document::Table)
                    .col(
                        ColumnDef::new(Document::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Document::Id).big_integer().not_null())
                    .col(
                        ColumnDef::new(Document::CaseFileId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Document::SubNumber).integer().not_null())
                    .col(ColumnDef::new(Document::RegistryNumber).string().not_null())
                    .col(ColumnDef::new(Document::Direction).string().not_null())
                    .col(ColumnDef::new(Document::Subject).text().not_null())
                    .col(ColumnDef::new(Document::Channel).string().not_null())
                    .col(ColumnDef::new(Document::Sender).text().null())
                    .col(
                        ColumnDef::new(Document::ReceivedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Document::RegisteredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Document::RegisteredBy).big_integer().null())
                    .col(ColumnDef::new(Document::CancelledReason).text().null())
                    .primary_key(
                        Index::create()
                            .col(Document::MunicipalityId)
                            .col(Document::Id),
                    )
                    .foreign_key(&mut tenant_fk(
                        "fk_document_case_file",
                        (
                            Document::Table,
                            Document::MunicipalityId,
                            Document::CaseFileId,
                        ),
                        (CaseFile::Table, CaseFile::MunicipalityId, CaseFile::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_document_number")
                    .table(Document::Table)
                    .col(Document::MunicipalityId)
                    .col(Document::CaseFileId)
                    .col(Document::SubNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;

        if manager.get_database_backend() == DatabaseBackend::Postgres {
            crate::enable_tenant_rls(manager.get_connection(), RECORDS_TENANT_TABLES).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["document", "case_file", "register_book", "org_unit"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
