//! SeaORM entities of the records system's own tables (server only). Other systems reach this data
//! through the system's service functions; the schema itself is in `migrations/`.
pub mod attachment;
pub mod case_category;
pub mod case_event;
pub mod case_file;
pub mod case_link;
pub mod case_note;
pub mod destruction_list;
pub mod destruction_list_item;
pub mod dispatch;
pub mod document;
pub mod org_unit;
pub mod partner;
pub mod receipt;
pub mod register_book;
pub mod retention_item;
