use sea_orm::entity::prelude::*;

/// Tenant table: a link between case files: an antecedent (előzmény) or a merge (szerelés).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_link")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_file_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub linked_case_file_id: i64,
    pub kind: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
