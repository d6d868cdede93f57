use sea_orm::entity::prelude::*;

/// Platform routing table: a host name that serves a municipality's website.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "website_host")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    /// Unique platform-wide.
    #[sea_orm(primary_key, auto_increment = false)]
    pub host_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
