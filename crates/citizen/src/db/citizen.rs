use sea_orm::entity::prelude::*;

/// National table: a citizen known through the central authentication service.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citizen")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub issuer: String,
    pub subject: String,
    pub family_name: String,
    pub given_name: String,
    pub birth_name: Option<String>,
    pub mother_birth_name: Option<String>,
    pub birth_place: Option<String>,
    pub birth_date: Option<String>,
    pub email: Option<String>,
    pub terms_accepted_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub last_login_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
