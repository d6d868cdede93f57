use sea_orm::entity::prelude::*;

/// Tenant table: a submitted form, registered in the records system.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "form_submission")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub citizen_id: i64,
    pub municipal_form_id: i64,
    pub form_version_id: i64,
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub on_behalf_of: Option<String>,
    pub registry_number: String,
    pub case_file_id: i64,
    pub document_id: i64,
    pub status: String,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
