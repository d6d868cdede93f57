use sea_orm::entity::prelude::*;

/// Tenant table: a register book (iktatókönyv) of one year and its numbering.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "register_book")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub prefix: String,
    pub template: String,
    pub last_main: i32,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
