use sea_orm::entity::prelude::*;

/// Tenant table: a document (irat) under a sub-number of its case file.
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
    pub state: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub channel: String,
    #[sea_orm(column_type = "Text")]
    pub sender: Option<String>,
    pub partner_id: Option<i64>,
    pub receipt_id: Option<i64>,
    pub handler_user_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub body: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub received_at: Option<DateTimeUtc>,
    pub registered_at: DateTimeUtc,
    pub registered_by: Option<i64>,
    pub signed_off_at: Option<DateTimeUtc>,
    pub signed_off_by: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub cancelled_reason: Option<String>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancelled_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
