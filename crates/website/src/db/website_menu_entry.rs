use sea_orm::entity::prelude::*;

/// Tenant table: an entry of a website's main menu (a page, or an external link), at most one
/// level below a top-level entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "website_menu_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub parent_id: Option<i64>,
    pub position: i32,
    /// The label shown; `None` shows the page's title.
    #[sea_orm(column_type = "Text", nullable)]
    pub label: Option<String>,
    /// The page it leads to, or `None` for an external link.
    pub item_id: Option<i64>,
    /// An external link's address (`http(s)://…`).
    #[sea_orm(column_type = "Text", nullable)]
    pub url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
