//! SeaORM entities of the eforms system's own tables (server only). Other systems reach this data
//! through the system's service functions; the schema itself is in `migrations/`.
pub mod citizen_mandate;
pub mod form_draft;
pub mod form_guest_draft;
pub mod form_status_note;
pub mod form_submission;
pub mod form_template;
pub mod form_template_version;
pub mod form_upload;
pub mod municipal_form;
pub mod municipal_form_version;
