use sea_orm::entity::prelude::*;

/// Tenant table: a registered document (irat) under one sub-number of its case file.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub case_file_id: i64,
    pub sub_number: i32,
    pub registry_number: String,
    pub direction: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub channel: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub sender: Option<String>,
    pub received_at: Option<DateTimeUtc>,
    pub registered_at: DateTimeUtc,
    pub registered_by: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancelled_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
