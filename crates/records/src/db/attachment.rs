use sea_orm::entity::prelude::*;

/// Tenant table: a file attached to a document or receipt; its content is stored by SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub document_id: Option<i64>,
    pub receipt_id: Option<i64>,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[sea_orm(column_type = "Text")]
    pub extracted_text: Option<String>,
    pub uploaded_at: DateTimeUtc,
    pub uploaded_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
