//! Records' wire types and typed ids: what its server functions take and answer (shared by
//! server and browser), gathered here from each area's own `types.rs`, and the ids of
//! records' rows, typed: a server function parses each id it receives once, at the boundary,
//! and hands the services a `CaseFileId` rather than a bare number, so that a document id
//! cannot be passed where a case file is meant.
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use openasp_core::error::{AppError, Problem};

pub use crate::archive::types::*;
pub use crate::case_view::types::*;
pub use crate::flow::types::*;
pub use crate::import::types::*;
pub use crate::master::types::*;
pub use crate::search::types::*;

openasp_core::typed_id!(
    /// A case file (ügyirat).
    CaseFileId(i64)
);
openasp_core::typed_id!(
    /// A registered document (irat) of a case file.
    DocumentId(i64)
);
openasp_core::typed_id!(
    /// A receipt (érkeztetett küldemény) of the receipt book.
    ReceiptId(i64)
);
openasp_core::typed_id!(
    /// A dispatch (expediálás) of a signed-off document.
    DispatchId(i64)
);
openasp_core::typed_id!(
    /// A partner (ügyfél) of the municipality's partner register.
    PartnerId(i64)
);
openasp_core::typed_id!(
    /// An organisational unit (szervezeti egység).
    UnitId(i64)
);
openasp_core::typed_id!(
    /// A case category (ügytípus).
    CategoryId(i64)
);
openasp_core::typed_id!(
    /// An item of the retention plan (irattári terv tétele).
    RetentionItemId(i64)
);
openasp_core::typed_id!(
    /// A register or receipt book (iktatókönyv, érkeztetőkönyv) of a year.
    RegisterBookId(i64)
);
openasp_core::typed_id!(
    /// A destruction list (selejtezési jegyzék).
    DestructionListId(i64)
);
openasp_core::typed_id!(
    /// A file attached to a document or receipt (csatolmány).
    AttachmentId(i64)
);

/// An optional id field that has always been read as any whole number: zero or a negative
/// number is then not found by the service, with the error the field always gave there (an
/// unknown item, a handler who is not a clerk). `id` is the typed id's constructor.
pub fn read_optional_whole_id<T>(
    field: &str,
    text: &str,
    id: impl Fn(i64) -> T,
) -> Result<Option<T>, AppError> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .map(|n| Some(id(n)))
            .map_err(|_| AppError::invalid(field, Problem::Malformed)),
    }
}

/// A row id field of a form as read once at the boundary, for services that have always
/// answered a malformed id as "not found" at the point where they look the row up (after their
/// role and field checks), or beside its field where it is one field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdField<T> {
    /// Nothing typed (a save form's "new row").
    #[default]
    Empty,
    Id(T),
    /// Text that is not a positive whole number: it names no row.
    Unreadable,
}

impl<T: FromStr> IdField<T> {
    pub fn read(text: &str) -> IdField<T> {
        if text.trim().is_empty() {
            IdField::Empty
        } else {
            text.parse().map_or(IdField::Unreadable, IdField::Id)
        }
    }
}

impl<T> IdField<T> {
    pub fn is_empty(&self) -> bool {
        matches!(self, IdField::Empty)
    }

    /// The row this names; empty or unreadable is not found.
    pub fn required_row(self) -> Result<T, AppError> {
        match self {
            IdField::Id(id) => Ok(id),
            IdField::Empty | IdField::Unreadable => Err(AppError::NotFound),
        }
    }

    /// An optional form field: empty is `None`, unreadable is a malformed `field`.
    pub fn optional(self, field: &str) -> Result<Option<T>, AppError> {
        match self {
            IdField::Empty => Ok(None),
            IdField::Id(id) => Ok(Some(id)),
            IdField::Unreadable => Err(AppError::invalid(field, Problem::Malformed)),
        }
    }
}

/// A row of the register as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub registry_number: String,
    pub subject: String,
    pub direction: String,
    pub channel: String,
    pub sender: Option<String>,
    pub registered_at: String,
    /// Why a cancelled registration was cancelled (the register shows it struck through).
    #[serde(default)]
    pub cancelled_reason: Option<String>,
    #[serde(default)]
    pub case_file_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use openasp_core::error::read_id;

    #[test]
    fn ids_are_read_once_and_name_their_field() {
        assert_eq!(
            read_id::<CaseFileId>("case_file", " 42 "),
            Ok(CaseFileId(42))
        );
        assert_eq!(
            read_id::<CaseFileId>("case_file", "0"),
            Err(AppError::invalid("case_file", Problem::Malformed))
        );
        assert_eq!(
            read_id::<CaseFileId>("case_file", "x"),
            Err(AppError::invalid("case_file", Problem::Malformed))
        );
        assert_eq!(IdField::<UnitId>::read("  "), IdField::Empty);
        assert_eq!(IdField::<UnitId>::read(" 3 "), IdField::Id(UnitId(3)));
        assert_eq!(IdField::<UnitId>::read("0"), IdField::Unreadable);
        assert_eq!(
            IdField::<UnitId>::read("").required_row(),
            Err(AppError::NotFound)
        );
        assert_eq!(
            IdField::<UnitId>::read("x").optional("unit"),
            Err(AppError::invalid("unit", Problem::Malformed))
        );
        assert_eq!(read_optional_whole_id("unit", " ", UnitId), Ok(None));
        assert_eq!(
            read_optional_whole_id("unit", " 0 ", UnitId),
            Ok(Some(UnitId(0)))
        );
        assert_eq!(
            read_optional_whole_id("unit", "1.5", UnitId),
            Err(AppError::invalid("unit", Problem::Malformed))
        );
    }
}
