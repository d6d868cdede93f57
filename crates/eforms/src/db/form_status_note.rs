use sea_orm::entity::prelude::*;

/// Tenant table: a status change of a submission, with the clerk's public note.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "form_status_note")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub submission_id: i64,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub at: DateTimeUtc,
    pub user_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
