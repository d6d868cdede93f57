use sea_orm::entity::prelude::*;

/// Tenant table: a municipality's adoption of a central template.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "municipal_form")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub template_id: i64,
    pub template_version_id: i64,
    #[sea_orm(column_type = "Text")]
    pub adjustments: String,
    pub routing_unit_id: Option<i64>,
    pub routing_user_id: Option<i64>,
    pub routing_case_category_id: Option<i64>,
    pub published_version_id: Option<i64>,
    pub published: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
