//! SeaORM entities (server only). One module per table; the schema itself is in `migrations/`.
pub mod app_user;
pub mod audit_chain_head;
pub mod audit_log;
pub mod case_file;
pub mod document;
pub mod joint_office;
pub mod municipality;
pub mod municipality_postal_code;
pub mod platform_role_grant;
pub mod register_book;
pub mod role_grant;
pub mod substitution;
pub mod user_session;
