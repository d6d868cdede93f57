//! SeaORM entities (server only). One module per table; the schema itself is in `migrations/`.
pub mod joint_office;
pub mod municipality;
pub mod municipality_postal_code;
