//! Registering documents in the register book (server only). Also the service other
//! systems (e-forms, taxes, trade) file their documents through.
use chrono::Datelike;
use sea_orm::sea_query::{ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::domain::{CaseState, DocumentState, RegistryNumber, RegistryNumberTemplate};
use crate::db::{case_file, document, register_book};
use crate::problems::RecordsProblem;
use crate::types::CaseFileId;
use openasp_core::error::{AppError, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

/// The format of the register book created for a year that has none.
pub const DEFAULT_TEMPLATE: &str = "{main}-{sub}/{year}";
pub const DEFAULT_BOOK_NAME: &str = "Általános iktatókönyv";
pub const DEFAULT_RECEIPT_BOOK_NAME: &str = "Érkeztetőkönyv";
pub const MAX_SUBJECT_CHARS: usize = 1000;
pub const BOOK_KIND_REGISTER: &str = "register";
pub const BOOK_KIND_RECEIPT: &str = "receipt";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Incoming,
    Outgoing,
    Internal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Paper,
    Email,
    /// The electronic office mailbox (hivatali kapu / cégkapu).
    OfficeMailbox,
    /// The citizen portal's e-forms.
    Portal,
    Internal,
}

/// The outcome of a registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    pub registry_number: String,
    pub case_file_id: CaseFileId,
    pub document_id: i64,
    /// The receipt-book number, when the document came through a receipt.
    #[serde(default)]
    pub receipt_number: Option<String>,
    /// The handling clerk the routing assigned, if any.
    #[serde(default)]
    pub handler_user_id: Option<i64>,
}

fn code<T: std::fmt::Debug>(value: T) -> String {
    format!("{value:?}")
}

/// The register book of `year` (created, with the default template, when missing).
async fn book_of_year(tx: &TenantTx, year: i32) -> Result<register_book::Model, AppError> {
    default_book(tx, BOOK_KIND_REGISTER, year).await
}

/// The default (unprefixed) book of `kind` for `year`, created when missing: the register
/// book (`register`) or the receipt book (`receipt`).
pub async fn default_book(
    tx: &TenantTx,
    kind: &str,
    year: i32,
) -> Result<register_book::Model, AppError> {
    let find = || {
        register_book::Entity::find()
            .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
            .filter(register_book::Column::Kind.eq(kind))
            .filter(register_book::Column::Prefix.eq(""))
            .filter(register_book::Column::Year.eq(year))
    };
    if let Some(book) = find().one(tx.conn()).await? {
        return Ok(book);
    }
    let name = if kind == BOOK_KIND_RECEIPT {
        DEFAULT_RECEIPT_BOOK_NAME
    } else {
        DEFAULT_BOOK_NAME
    };
    // Two first registrations of a year may race here; the unique key keeps one book.
    register_book::Entity::insert(register_book::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(new_row_id()),
        kind: Set(kind.to_owned()),
        year: Set(year),
        name: Set(format!("{name} {year}")),
        prefix: Set(String::new()),
        template: Set(DEFAULT_TEMPLATE.to_owned()),
        last_main: Set(0),
        closed_at: Set(None),
        closed_by: Set(None),
        closing_statement: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            register_book::Column::MunicipalityId,
            register_book::Column::Kind,
            register_book::Column::Prefix,
            register_book::Column::Year,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    find()
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::internal("register book vanished"))
}

/// Draws the next number of `book`. The update locks the book's row until commit: numbers
/// come gapless and never twice, however many requests register at once.
pub async fn draw_book_number(tx: &TenantTx, book: &register_book::Model) -> Result<i32, AppError> {
    let drawn = register_book::Entity::update_many()
        .col_expr(
            register_book::Column::LastMain,
            sea_orm::sea_query::Expr::col(register_book::Column::LastMain).add(1),
        )
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Id.eq(book.id))
        // Only an open book gives one: a closing that committed meanwhile is seen here.
        .filter(register_book::Column::ClosedAt.is_null())
        .exec(tx.conn())
        .await?;
    if drawn.rows_affected != 1 {
        return Err(AppError::invalid("book", Problem::Malformed));
    }
    Ok(
        register_book::Entity::find_by_id((tx.municipality().0, book.id))
            .one(tx.conn())
            .await?
            .ok_or_else(|| AppError::internal("register book vanished"))?
            .last_main,
    )
}

/// A document to register (the numbers are drawn by the registration).
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub subject: String,
    pub direction: Direction,
    pub channel: Channel,
    pub sender: Option<String>,
    pub partner_id: Option<i64>,
    pub receipt_id: Option<i64>,
    pub received_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The text of an outgoing draft or an internal document.
    pub body: Option<String>,
    pub state: DocumentState,
    pub handler_user_id: Option<i64>,
}

impl NewDocument {
    /// A document with only the essentials; the rest is filled in by the caller.
    pub fn new(subject: &str, direction: Direction, channel: Channel) -> NewDocument {
        NewDocument {
            subject: subject.to_owned(),
            direction,
            channel,
            sender: None,
            partner_id: None,
            receipt_id: None,
            received_at: None,
            body: None,
            state: DocumentState::Registered,
            handler_user_id: None,
        }
    }
}

/// A subject as stored: whitespace collapsed, required, bounded.
pub fn clean_subject(subject: &str) -> Result<String, AppError> {
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    if subject.is_empty() {
        return Err(AppError::invalid("subject", Problem::Required));
    }
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(AppError::invalid("subject", Problem::TooLong));
    }
    Ok(subject)
}

fn require_records_role(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Registers a document as the first of a new case file under the next main number.
/// One transaction: the number, the case file, the document and the audit entry together.
pub async fn register_new_case(
    tx: &TenantTx,
    subject: &str,
    direction: Direction,
    channel: Channel,
    sender: Option<&str>,
) -> Result<Registered, AppError> {
    require_records_role(tx)?;
    let mut document = NewDocument::new(subject, direction, channel);
    document.sender = sender.map(str::to_owned);
    register_in_new_case(tx, document).await
}

/// Registers `document` as sub-number 1 of a new case file (no role check: the callers
/// check theirs; other systems file through here with their own rights).
pub async fn register_in_new_case(
    tx: &TenantTx,
    document: NewDocument,
) -> Result<Registered, AppError> {
    let subject = clean_subject(&document.subject)?;
    let at = now();
    let book = book_of_year(tx, at.year()).await?;
    if book.closed_at.is_some() {
        return Err(AppError::invalid("book", Problem::Malformed));
    }
    let template = RegistryNumberTemplate::parse(&book.template).map_err(AppError::internal)?;
    let main = draw_book_number(tx, &book).await?;
    let number = RegistryNumber {
        main: u32::try_from(main).map_err(AppError::internal)?,
        sub: 1,
        year: book.year,
    };
    let case_number = template.format_case(&book.prefix, number.main, number.year);

    let case_file_id = new_row_id();
    case_file::Entity::insert(case_file::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(case_file_id),
        book_id: Set(book.id),
        main_number: Set(main),
        year: Set(book.year),
        registry_number: Set(case_number),
        subject: Set(subject.clone()),
        state: Set(CaseState::Registered.code().to_owned()),
        last_sub: Set(1),
        created_at: Set(at),
        created_by: Set(tx.actor().user_id.map(|u| u.0)),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec_without_returning(tx.conn())
    .await?;
    let registry_number = template.format(&book.prefix, number);
    let document_id =
        insert_document(tx, case_file_id, 1, &registry_number, subject, document).await?;
    Ok(Registered {
        registry_number,
        case_file_id: CaseFileId(case_file_id),
        document_id,
        receipt_number: None,
        handler_user_id: None,
    })
}

/// The case file states in which further documents may be filed under it.
pub fn accepts_documents(state: CaseState) -> bool {
    matches!(
        state,
        CaseState::Registered | CaseState::Assigned | CaseState::InProgress | CaseState::Suspended
    )
}

/// Registers `document` under the next sub-number of an existing case file. The update of
/// `last_sub` comes first: it locks the case file's row, so parallel sub-numbers queue and
/// the state read after it is current.
pub async fn register_in_case(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    document: NewDocument,
) -> Result<Registered, AppError> {
    let subject = clean_subject(&document.subject)?;
    let at = now();
    let locked = case_file::Entity::update_many()
        .col_expr(
            case_file::Column::LastSub,
            sea_orm::sea_query::Expr::col(case_file::Column::LastSub).add(1),
        )
        .col_expr(
            case_file::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(case_file::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_file::Column::Id.eq(case_file_id.0))
        .exec(tx.conn())
        .await?;
    if locked.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    let case = case_file::Entity::find_by_id((tx.municipality().0, case_file_id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let state = CaseState::from_code(&case.state)
        .ok_or_else(|| AppError::internal("unknown case state"))?;
    if !accepts_documents(state) {
        return Err(wrong_state());
    }
    let book = register_book::Entity::find_by_id((tx.municipality().0, case.book_id))
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::internal("register book vanished"))?;
    if book.closed_at.is_some() {
        return Err(AppError::invalid("book", Problem::Malformed));
    }
    let template = RegistryNumberTemplate::parse(&book.template).map_err(AppError::internal)?;
    let number = RegistryNumber {
        main: u32::try_from(case.main_number).map_err(AppError::internal)?,
        sub: u32::try_from(case.last_sub).map_err(AppError::internal)?,
        year: case.year,
    };
    let registry_number = template.format(&book.prefix, number);
    let document_id = insert_document(
        tx,
        case_file_id.0,
        case.last_sub,
        &registry_number,
        subject,
        document,
    )
    .await?;
    Ok(Registered {
        registry_number,
        case_file_id,
        document_id,
        receipt_number: None,
        handler_user_id: None,
    })
}

/// The refusal of a step the state of a case file or document does not allow.
pub fn wrong_state() -> AppError {
    AppError::invalid("state", Problem::from(RecordsProblem::WrongState))
}

async fn insert_document(
    tx: &TenantTx,
    case_file_id: i64,
    sub: i32,
    registry_number: &str,
    subject: String,
    document: NewDocument,
) -> Result<i64, AppError> {
    let at = now();
    let document_id = new_row_id();
    let received_at = document
        .received_at
        .or_else(|| matches!(document.direction, Direction::Incoming).then_some(at));
    let search_text = super::search::domain::search_text(
        [Some(subject.as_str()), document.sender.as_deref()]
            .into_iter()
            .flatten(),
    );
    document::Entity::insert(document::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(document_id),
        case_file_id: Set(case_file_id),
        sub_number: Set(sub),
        registry_number: Set(registry_number.to_owned()),
        direction: Set(code(document.direction)),
        state: Set(document.state.code().to_owned()),
        search_text: Set(search_text),
        subject: Set(subject),
        channel: Set(code(document.channel)),
        sender: Set(document.sender.filter(|s| !s.trim().is_empty())),
        partner_id: Set(document.partner_id),
        receipt_id: Set(document.receipt_id),
        handler_user_id: Set(document.handler_user_id),
        body: Set(document.body),
        received_at: Set(received_at),
        registered_at: Set(at),
        registered_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec_without_returning(tx.conn())
    .await?;
    record_case_event(tx, case_file_id, "registered", registry_number.to_owned()).await?;
    tx.audit(AuditEvent::new(
        "records.register",
        "document",
        Some(document_id.to_string()),
        registry_number.to_owned(),
    ))
    .await?;
    Ok(document_id)
}

pub const REGISTER_PAGE_SIZE: u64 = 25;

/// The municipality's registered documents, newest first, optionally filtered by subject or
/// registry number. Reading it is audited (it names senders).
pub async fn list_register(
    tx: &TenantTx,
    q: &str,
    page: u64,
) -> Result<openasp_core::paging::Page<super::types::RegisterEntry>, AppError> {
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
    if !(tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead)) {
        return Err(AppError::Forbidden);
    }
    let mut select =
        document::Entity::find().filter(document::Column::MunicipalityId.eq(tx.municipality()));
    let q = q.trim();
    if !q.is_empty() {
        select = select.filter(
            sea_orm::Condition::any()
                .add(document::Column::Subject.contains(q))
                .add(document::Column::RegistryNumber.starts_with(q)),
        );
    }
    let total = select.clone().count(tx.conn()).await?;
    let page = openasp_core::paging::PageNumber::new(page);
    let rows = select
        .order_by_desc(document::Column::RegisteredAt)
        .order_by_desc(document::Column::Id)
        .offset(page.offset(REGISTER_PAGE_SIZE))
        .limit(REGISTER_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "register",
        None,
        format!("{} documents listed", rows.len()),
    ))
    .await?;
    Ok(openasp_core::paging::Page {
        items: rows
            .into_iter()
            .map(|d| super::types::RegisterEntry {
                registry_number: d.registry_number,
                subject: d.subject,
                direction: d.direction,
                channel: d.channel,
                sender: d.sender,
                registered_at: d.registered_at.format("%Y-%m-%d %H:%M").to_string(),
                cancelled_reason: d.cancelled_reason,
                case_file_id: d.case_file_id,
            })
            .collect(),
        total,
        page: page.get(),
        page_size: REGISTER_PAGE_SIZE,
    })
}

/// Appends an entry to a case file's history (shown on the case-file screen). Every step of
/// the daily flow calls this inside its own transaction, next to its audit entry.
pub async fn record_case_event(
    tx: &TenantTx,
    case_file_id: i64,
    event: &str,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    use crate::db::case_event;
    case_event::Entity::insert(case_event::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(new_row_id()),
        case_file_id: Set(case_file_id),
        at: Set(now()),
        user_id: Set(tx.actor().user_id.map(|u| u.0)),
        event: Set(event.to_owned()),
        detail: Set(detail.into()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}
