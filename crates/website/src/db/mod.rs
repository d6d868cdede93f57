//! SeaORM entities of the website system's own tables (server only). Other systems reach this data
//! through the system's service functions; the schema itself is in `migrations/`.
pub mod website_file;
pub mod website_host;
pub mod website_image_variant;
pub mod website_item;
pub mod website_menu_entry;
pub mod website_revision;
pub mod website_site;
