use sea_orm::entity::prelude::*;

/// Tenant table: a municipality's website settings (one row per municipality).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "website_site")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    pub site_name: String,
    pub tagline: String,
    pub host_name: Option<String>,
    pub primary_color: String,
    #[sea_orm(column_type = "Text")]
    pub address: String,
    pub phone: String,
    pub email: String,
    #[sea_orm(column_type = "Text")]
    pub office_hours: String,
    #[sea_orm(column_type = "Text")]
    pub social_links: String,
    #[sea_orm(column_type = "Text")]
    pub accessibility_contact: String,
    pub logo_sha256: Option<String>,
    /// The coat of arms' (logo's) alternative text.
    #[sea_orm(column_type = "Text", nullable)]
    pub logo_alt: Option<String>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
