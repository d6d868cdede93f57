use sea_orm::entity::prelude::*;

/// A municipality (települési önkormányzat): the tenant of the platform. `id` is its KSH code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "municipality")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub search_name: String,
    pub legal_status: String,
    pub county: Option<String>,
    pub district_name: Option<String>,
    pub joint_office_id: Option<i32>,
    pub has_branch_office: bool,
    pub area_ha: i32,
    pub population: i32,
    pub dwellings: i32,
    pub connection_status: String,
    pub preparation_on: Option<Date>,
    pub connection_on: Option<Date>,
    pub live_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
