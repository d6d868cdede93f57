use sea_orm::entity::prelude::*;

/// Tenant table: an authorisation, recorded by a clerk, to act for a company or person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citizen_mandate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub citizen_id: i64,
    pub represented_kind: String,
    pub represented_name: String,
    pub represented_identifier: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
