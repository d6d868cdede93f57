use sea_orm::entity::prelude::*;

/// Tenant table: a register book (iktatókönyv, kind `register`) or receipt book (érkeztetőkönyv, kind `receipt`) of one year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "register_book")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub kind: String,
    pub year: i32,
    pub name: String,
    pub prefix: String,
    pub template: String,
    pub last_main: i32,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub closing_statement: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
