//! Records management (iratkezelés): the registry every other system files into.
//!
//! So far only the pure rules are here (`domain`): registry-number templates, gapless
//! numbering, the life of a case file, handling deadlines and retention. The schema, services,
//! server functions and pages follow (issue 4).
pub mod domain;
