//! The daily flow of records management: receipt (érkeztetés), assignment (szignálás),
//! registration of receipts (iktatás), handling (documents under sub-numbers, notes,
//! antecedents, merging, suspension), sign-off (kiadmányozás), dispatch (expediálás) with
//! return receipts, and cancellation (sztornó). `receipt::receive_and_register` is the
//! service other systems file incoming documents through.
pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod assignment;
#[cfg(feature = "ssr")]
pub mod cancellation;
#[cfg(feature = "ssr")]
pub mod common;
#[cfg(feature = "ssr")]
pub mod handling;
#[cfg(feature = "ssr")]
pub mod lists;
#[cfg(feature = "ssr")]
pub mod receipt;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod signoff_dispatch;
pub mod types;
