use sea_orm::entity::prelude::*;

/// Tenant table: a receipt (érkeztetés): incoming mail recorded in the receipt book.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "receipt")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub book_id: i64,
    pub number: i32,
    pub receipt_number: String,
    pub channel: String,
    pub partner_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub sender_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub received_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub envelope: Option<String>,
    pub state: String,
    pub unit_id: Option<i64>,
    pub assignee_user_id: Option<i64>,
    pub deadline: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub instructions: Option<String>,
    pub assigned_at: Option<DateTimeUtc>,
    pub assigned_by: Option<i64>,
    pub document_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub cancelled_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
