use sea_orm::entity::prelude::*;

/// Tenant table: a destruction list (selejtezési jegyzőkönyv).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "destruction_list")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub title: String,
    pub state: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
    pub approved_at: Option<DateTimeUtc>,
    pub approved_by: Option<i64>,
    pub executed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
