//! The e-forms' pure rules: the form language, its evaluation and the check digits of
//! Hungarian identifiers. No I/O; compiled for the server and the browser alike.
pub mod adoption;
pub mod checks;
pub mod dates;
pub mod eval;
pub mod language;
pub mod templates;

#[cfg(test)]
mod tests;
