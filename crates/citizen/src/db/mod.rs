//! SeaORM entities of the citizen system's own tables (server only). Other systems reach this data
//! through the system's service functions; the schema itself is in `migrations/`.
pub mod citizen;
pub mod citizen_session;
pub mod oidc_login;
