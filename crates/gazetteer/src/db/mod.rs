//! SeaORM entities of the gazetteer system's own tables (server only). Other systems reach this data
//! through the system's service functions; the schema itself is in `migrations/`.
pub mod joint_office;
pub mod municipality;
pub mod municipality_postal_code;
