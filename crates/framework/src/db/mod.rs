//! SeaORM entities of the framework system's own tables (server only). Other systems reach this data
//! through the system's service functions; the schema itself is in `migrations/`.
pub mod app_user;
pub mod audit_chain_head;
pub mod audit_log;
pub mod platform_role_grant;
pub mod role_grant;
pub mod substitution;
pub mod user_session;
