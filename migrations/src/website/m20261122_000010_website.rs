//! The municipal website (települési portál): each municipality's site settings, its content
//! items (pages, news, events, documents) with their revisions, and uploaded files.
//!
//! Tenant tables lead their keys with `municipality_id` (the Citus layout). `website_host`
//! is the platform's routing table (which host names serve which municipality's site): it is
//! read before any municipality is known, so it is not a tenant table (a reference table under
//! Citus); a host name is unique across the platform.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const WEBSITE_TENANT_TABLES: &[&str] = &[
    "website_site",
    "website_item",
    "website_revision",
    "website_file",
];

#[derive(DeriveIden)]
enum Municipality {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WebsiteHost {
    Table,
    HostName,
    MunicipalityId,
}

#[derive(DeriveIden)]
enum WebsiteSite {
    Table,
    MunicipalityId,
    SiteName,
    Tagline,
    HostName,
    PrimaryColor,
    Address,
    Phone,
    Email,
    OfficeHours,
    SocialLinks,
    AccessibilityContact,
    LogoSha256,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum WebsiteItem {
    Table,
    MunicipalityId,
    Id,
    Kind,
    Slug,
    Title,
    Summary,
    BodyHtml,
    Status,
    PublishAt,
    UnpublishAt,
    StartsAt,
    EndsAt,
    Location,
    DocCategory,
    DocNumber,
    FileSha256,
    FileName,
    ParentId,
    MenuOrder,
    InMenu,
    ImageSha256,
    ImageAlt,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum WebsiteRevision {
    Table,
    MunicipalityId,
    Id,
    ItemId,
    Snapshot,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum WebsiteFile {
    Table,
    MunicipalityId,
    Sha256,
    MediaType,
    Size,
    OriginalName,
    Width,
    Height,
    CreatedAt,
}

fn timestamp(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebsiteHost::Table)
                    .col(
                        ColumnDef::new(WebsiteHost::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteHost::HostName).string().not_null())
                    .primary_key(
                        Index::create()
                            .col(WebsiteHost::MunicipalityId)
                            .col(WebsiteHost::HostName),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_host_municipality")
                            .from(WebsiteHost::Table, WebsiteHost::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // A host name serves one site, platform-wide.
        manager
            .create_index(
                Index::create()
                    .name("ux_website_host_name")
                    .table(WebsiteHost::Table)
                    .col(WebsiteHost::HostName)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebsiteSite::Table)
                    .col(
                        ColumnDef::new(WebsiteSite::MunicipalityId)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(WebsiteSite::SiteName).string().not_null())
                    .col(ColumnDef::new(WebsiteSite::Tagline).string().not_null())
                    .col(ColumnDef::new(WebsiteSite::HostName).string().null())
                    .col(
                        ColumnDef::new(WebsiteSite::PrimaryColor)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteSite::Address).text().not_null())
                    .col(ColumnDef::new(WebsiteSite::Phone).string().not_null())
                    .col(ColumnDef::new(WebsiteSite::Email).string().not_null())
                    .col(ColumnDef::new(WebsiteSite::OfficeHours).text().not_null())
                    .col(ColumnDef::new(WebsiteSite::SocialLinks).text().not_null())
                    .col(
                        ColumnDef::new(WebsiteSite::AccessibilityContact)
                            .text()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteSite::LogoSha256).string().null())
                    .col(timestamp(WebsiteSite::UpdatedAt).not_null())
                    .col(ColumnDef::new(WebsiteSite::UpdatedBy).big_integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_site_municipality")
                            .from(WebsiteSite::Table, WebsiteSite::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebsiteItem::Table)
                    .col(
                        ColumnDef::new(WebsiteItem::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteItem::Id).big_integer().not_null())
                    .col(ColumnDef::new(WebsiteItem::Kind).string().not_null())
                    .col(ColumnDef::new(WebsiteItem::Slug).string().not_null())
                    .col(ColumnDef::new(WebsiteItem::Title).text().not_null())
                    .col(ColumnDef::new(WebsiteItem::Summary).text().not_null())
                    .col(ColumnDef::new(WebsiteItem::BodyHtml).text().not_null())
                    .col(ColumnDef::new(WebsiteItem::Status).string().not_null())
                    .col(timestamp(WebsiteItem::PublishAt).null())
                    .col(timestamp(WebsiteItem::UnpublishAt).null())
                    .col(timestamp(WebsiteItem::StartsAt).null())
                    .col(timestamp(WebsiteItem::EndsAt).null())
                    .col(ColumnDef::new(WebsiteItem::Location).text().null())
                    .col(ColumnDef::new(WebsiteItem::DocCategory).string().null())
                    .col(ColumnDef::new(WebsiteItem::DocNumber).string().null())
                    .col(ColumnDef::new(WebsiteItem::FileSha256).string().null())
                    .col(ColumnDef::new(WebsiteItem::FileName).text().null())
                    .col(ColumnDef::new(WebsiteItem::ParentId).big_integer().null())
                    .col(
                        ColumnDef::new(WebsiteItem::MenuOrder)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(WebsiteItem::InMenu)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(WebsiteItem::ImageSha256).string().null())
                    .col(ColumnDef::new(WebsiteItem::ImageAlt).text().null())
                    .col(timestamp(WebsiteItem::CreatedAt).not_null())
                    .col(timestamp(WebsiteItem::UpdatedAt).not_null())
                    .col(ColumnDef::new(WebsiteItem::UpdatedBy).big_integer().null())
                    .primary_key(
                        Index::create()
                            .col(WebsiteItem::MunicipalityId)
                            .col(WebsiteItem::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_item_municipality")
                            .from(WebsiteItem::Table, WebsiteItem::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_item_parent")
                            .from_tbl(WebsiteItem::Table)
                            .from_col(WebsiteItem::MunicipalityId)
                            .from_col(WebsiteItem::ParentId)
                            .to_tbl(WebsiteItem::Table)
                            .to_col(WebsiteItem::MunicipalityId)
                            .to_col(WebsiteItem::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_website_item_slug")
                    .table(WebsiteItem::Table)
                    .col(WebsiteItem::MunicipalityId)
                    .col(WebsiteItem::Kind)
                    .col(WebsiteItem::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_website_item_listing")
                    .table(WebsiteItem::Table)
                    .col(WebsiteItem::MunicipalityId)
                    .col(WebsiteItem::Kind)
                    .col(WebsiteItem::Status)
                    .col(WebsiteItem::PublishAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebsiteRevision::Table)
                    .col(
                        ColumnDef::new(WebsiteRevision::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteRevision::Id).big_integer().not_null())
                    .col(
                        ColumnDef::new(WebsiteRevision::ItemId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteRevision::Snapshot).text().not_null())
                    .col(timestamp(WebsiteRevision::CreatedAt).not_null())
                    .col(ColumnDef::new(WebsiteRevision::CreatedBy).text().not_null())
                    .primary_key(
                        Index::create()
                            .col(WebsiteRevision::MunicipalityId)
                            .col(WebsiteRevision::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_revision_item")
                            .from_tbl(WebsiteRevision::Table)
                            .from_col(WebsiteRevision::MunicipalityId)
                            .from_col(WebsiteRevision::ItemId)
                            .to_tbl(WebsiteItem::Table)
                            .to_col(WebsiteItem::MunicipalityId)
                            .to_col(WebsiteItem::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_website_revision_item")
                    .table(WebsiteRevision::Table)
                    .col(WebsiteRevision::MunicipalityId)
                    .col(WebsiteRevision::ItemId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebsiteFile::Table)
                    .col(
                        ColumnDef::new(WebsiteFile::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WebsiteFile::Sha256).string().not_null())
                    .col(ColumnDef::new(WebsiteFile::MediaType).string().not_null())
                    .col(ColumnDef::new(WebsiteFile::Size).big_integer().not_null())
                    .col(ColumnDef::new(WebsiteFile::OriginalName).text().not_null())
                    .col(ColumnDef::new(WebsiteFile::Width).integer().null())
                    .col(ColumnDef::new(WebsiteFile::Height).integer().null())
                    .col(timestamp(WebsiteFile::CreatedAt).not_null())
                    .primary_key(
                        Index::create()
                            .col(WebsiteFile::MunicipalityId)
                            .col(WebsiteFile::Sha256),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_website_file_municipality")
                            .from(WebsiteFile::Table, WebsiteFile::MunicipalityId)
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .to_owned(),
            )
            .await?;

        if manager.get_database_backend() == DatabaseBackend::Postgres {
            crate::kit::enable_tenant_rls(manager.get_connection(), WEBSITE_TENANT_TABLES).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "website_file",
            "website_revision",
            "website_item",
            "website_site",
            "website_host",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
