use sea_orm::entity::prelude::*;

/// Tenant table: one piece of website content (a page, news article, event or document).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "website_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub kind: String,
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// Sanitised on the server before it is stored (never raw editor input).
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub status: String,
    pub publish_at: Option<DateTimeUtc>,
    pub unpublish_at: Option<DateTimeUtc>,
    pub starts_at: Option<DateTimeUtc>,
    pub ends_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub location: Option<String>,
    pub doc_category: Option<String>,
    pub doc_number: Option<String>,
    pub file_sha256: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub file_name: Option<String>,
    pub parent_id: Option<i64>,
    pub menu_order: i32,
    pub in_menu: bool,
    pub image_sha256: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub image_alt: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i64>,
    /// The title folded for the full-text index (`website::domain::search_fields`).
    #[sea_orm(column_type = "Text")]
    pub search_title: String,
    /// The rest of the text (summary, body without markup, place, number), folded.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
