//! Records master data (törzsadatok), per municipality and edited by its head of records:
//! organisational units, register and receipt books, case categories, the retention plan and
//! partners (with de-duplication). The daily flow reads them through the small list functions
//! of `service` (`units`, `categories`, `retention_items`, `find_or_create_partner`, …).
pub mod api;
pub mod domain;
pub mod pages;
pub mod retention_plan;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
