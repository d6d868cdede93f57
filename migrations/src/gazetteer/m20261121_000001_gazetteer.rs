//! National reference data: municipalities (the tenants), joint offices and postal codes.
//! These tables belong to no tenant: every municipality may read them.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JointOffice {
    Table,
    Id,
    Name,
    SeatMunicipalityId,
}

#[derive(DeriveIden)]
enum Municipality {
    Table,
    Id,
    Name,
    Slug,
    SearchName,
    LegalStatus,
    County,
    DistrictName,
    JointOfficeId,
    HasBranchOffice,
    AreaHa,
    Population,
    Dwellings,
}

#[derive(DeriveIden)]
enum MunicipalityPostalCode {
    Table,
    MunicipalityId,
    PostalCode,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JointOffice::Table)
                    .col(
                        ColumnDef::new(JointOffice::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(JointOffice::Name).string().not_null())
                    .col(
                        ColumnDef::new(JointOffice::SeatMunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Municipality::Table)
                    // The KSH settlement code: stable, national and already known to every office.
                    .col(
                        ColumnDef::new(Municipality::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Municipality::Name)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Municipality::Slug)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Municipality::SearchName).string().not_null())
                    .col(
                        ColumnDef::new(Municipality::LegalStatus)
                            .string()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Municipality::County).string().null())
                    .col(ColumnDef::new(Municipality::DistrictName).string().null())
                    .col(ColumnDef::new(Municipality::JointOfficeId).integer().null())
                    .col(
                        ColumnDef::new(Municipality::HasBranchOffice)
                            .boolean()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Municipality::AreaHa).integer().not_null())
                    .col(
                        ColumnDef::new(Municipality::Population)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Municipality::Dwellings).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_municipality_joint_office")
                            .from(Municipality::Table, Municipality::JointOfficeId)
                            .to(JointOffice::Table, JointOffice::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(
                Index::create()
                    .name("ix_municipality_search_name")
                    .table(Municipality::Table)
                    .col(Municipality::SearchName)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_municipality_county")
                    .table(Municipality::Table)
                    .col(Municipality::County)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MunicipalityPostalCode::Table)
                    .col(
                        ColumnDef::new(MunicipalityPostalCode::MunicipalityId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MunicipalityPostalCode::PostalCode)
                            .string_len(4)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(MunicipalityPostalCode::MunicipalityId)
                            .col(MunicipalityPostalCode::PostalCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_postal_code_municipality")
                            .from(
                                MunicipalityPostalCode::Table,
                                MunicipalityPostalCode::MunicipalityId,
                            )
                            .to(Municipality::Table, Municipality::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_postal_code")
                    .table(MunicipalityPostalCode::Table)
                    .col(MunicipalityPostalCode::PostalCode)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(MunicipalityPostalCode::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Municipality::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(JointOffice::Table).to_owned())
            .await
    }
}
