use sea_orm::entity::prelude::*;

/// Tenant table: an item of the retention plan (irattári terv tétel).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "retention_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub retention_years: Option<i32>,
    pub not_disposable: bool,
    pub archive_transfer_years: Option<i32>,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
