use sea_orm::entity::prelude::*;

/// Tenant table: a case file (ügyirat) under one main number.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_file")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub book_id: i64,
    pub main_number: i32,
    pub year: i32,
    pub registry_number: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub state: String,
    pub unit_id: Option<i64>,
    pub handler_user_id: Option<i64>,
    pub category_id: Option<i64>,
    pub retention_item_id: Option<i64>,
    pub deadline: Option<Date>,
    pub last_sub: i32,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
    pub updated_at: DateTimeUtc,
    pub suspended_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub suspended_reason: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub archived_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub archive_location: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub lent_to: Option<String>,
    pub lent_at: Option<DateTimeUtc>,
    pub lent_due: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub legal_hold_reason: Option<String>,
    pub disposed_at: Option<DateTimeUtc>,
    pub transferred_at: Option<DateTimeUtc>,
    pub merged_into_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub cancelled_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
