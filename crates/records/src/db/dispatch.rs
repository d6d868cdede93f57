use sea_orm::entity::prelude::*;

/// Tenant table: a dispatch (expediálás) of an outgoing document, with its return receipt.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dispatch")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub document_id: i64,
    pub method: String,
    pub partner_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub recipient: String,
    #[sea_orm(column_type = "Text")]
    pub address: Option<String>,
    pub tracking_number: Option<String>,
    pub dispatched_at: DateTimeUtc,
    pub dispatched_by: Option<i64>,
    pub return_status: String,
    pub return_date: Option<Date>,
    pub return_recorded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
