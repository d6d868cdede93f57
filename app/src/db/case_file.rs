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
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub state: String,
    pub unit_id: Option<i64>,
    pub handler_user_id: Option<i64>,
    pub deadline: Option<Date>,
    pub last_sub: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
