//! Registering documents in the register book (server only). Also the service other
//! systems (e-forms, taxes, trade) file their documents through.
use chrono::Datelike;
use sea_orm::sea_query::{ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::domain::{CaseState, DocumentState, RegistryNumber, RegistryNumberTemplate};
use crate::db::{case_file, document, register_book};
use crate::error::{AppError, Problem};
use crate::framework::audit::AuditEvent;
use crate::framework::members::new_row_id;
use crate::framework::roles::Role;
use crate::framework::tenancy::{TenantTx, now};

/// The format of the register book created for a year that has none.
pub const DEFAULT_TEMPLATE: &str = "{main}-{sub}/{year}";
pub const DEFAULT_BOOK_NAME: &str = "Általános iktatókönyv";
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
    pub case_file_id: i64,
    pub document_id: i64,
}

fn code<T: std::fmt::Debug>(value: T) -> String {
    format!("{value:?}")
}

/// The register book of `year` (created, with the default template, when missing).
async fn book_of_year(tx: &TenantTx, year: i32) -> Result<register_book::Model, AppError> {
    let find = || {
        register_book::Entity::find()
            .filter(register_book::Column::MunicipalityId.eq(tx.municipality().0))
            .filter(register_book::Column::Kind.eq(BOOK_KIND_REGISTER))
            .filter(register_book::Column::Prefix.eq(""))
            .filter(register_book::Column::Year.eq(year))
    };
    if let Some(book) = find().one(tx.conn()).await? {
        return Ok(book);
    }
    // Two first registrations of a year may race here; the unique key keeps one book.
    register_book::Entity::insert(register_book::ActiveModel {
        municipality_id: Set(tx.municipality().0),
        id: Set(new_row_id()),
        kind: Set(BOOK_KIND_REGISTER.to_owned()),
        year: Set(year),
        name: Set(format!("{DEFAULT_BOOK_NAME} {year}")),
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

/// Registers a document as the first of a new case file under the next main number.
/// One transaction: the number, the case file, the document and the audit entry together.
pub async fn register_new_case(
    tx: &TenantTx,
    subject: &str,
    direction: Direction,
    channel: Channel,
    sender: Option<&str>,
) -> Result<Registered, AppError> {
    if !(tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead)) {
        return Err(AppError::Forbidden);
    }
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    if subject.is_empty() {
        return Err(AppError::invalid("subject", Problem::Required));
    }
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(AppError::invalid("subject", Problem::TooLong));
    }
    let at = now();
    let book = book_of_year(tx, at.year()).await?;
    if book.closed_at.is_some() {
        return Err(AppError::invalid("book", Problem::Malformed));
    }
    let template = RegistryNumberTemplate::parse(&book.template).map_err(AppError::internal)?;
    // Drawing the number locks the book's row until commit: numbers come gapless, never twice.
    register_book::Entity::update_many()
        .col_expr(
            register_book::Column::LastMain,
            sea_orm::sea_query::Expr::col(register_book::Column::LastMain).add(1),
        )
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality().0))
        .filter(register_book::Column::Id.eq(book.id))
        .exec(tx.conn())
        .await?;
    let main = register_book::Entity::find_by_id((tx.municipality().0, book.id))
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::internal("register book vanished"))?
        .last_main;
    let number = RegistryNumber {
        main: u32::try_from(main).map_err(AppError::internal)?,
        sub: 1,
        year: book.year,
    };
    let registry_number = template.format(&book.prefix, number);
    let case_number = template.format_case(&book.prefix, number.main, number.year);

    let case_file_id = new_row_id();
    case_file::Entity::insert(case_file::ActiveModel {
        municipality_id: Set(tx.municipality().0),
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
    let document_id = new_row_id();
    document::Entity::insert(document::ActiveModel {
        municipality_id: Set(tx.municipality().0),
        id: Set(document_id),
        case_file_id: Set(case_file_id),
        sub_number: Set(1),
        registry_number: Set(registry_number.clone()),
        direction: Set(code(direction)),
        state: Set(DocumentState::Registered.code().to_owned()),
        search_text: Set(super::search::domain::search_text(
            std::iter::once(subject.as_str()).chain(sender),
        )),
        subject: Set(subject),
        channel: Set(code(channel)),
        sender: Set(sender.map(str::to_owned).filter(|s| !s.trim().is_empty())),
        received_at: Set(matches!(direction, Direction::Incoming).then_some(at)),
        registered_at: Set(at),
        registered_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec_without_returning(tx.conn())
    .await?;
    record_case_event(tx, case_file_id, "registered", registry_number.clone()).await?;
    tx.audit(AuditEvent::new(
        "records.register",
        "document",
        Some(document_id.to_string()),
        registry_number.clone(),
    ))
    .await?;
    Ok(Registered {
        registry_number,
        case_file_id,
        document_id,
    })
}

pub const REGISTER_PAGE_SIZE: u64 = 25;

/// The municipality's registered documents, newest first, optionally filtered by subject or
/// registry number. Reading it is audited (it names senders).
pub async fn list_register(
    tx: &TenantTx,
    q: &str,
    page: u64,
) -> Result<crate::gazetteer::domain::Page<super::api::RegisterEntry>, AppError> {
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
    if !(tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead)) {
        return Err(AppError::Forbidden);
    }
    let mut select =
        document::Entity::find().filter(document::Column::MunicipalityId.eq(tx.municipality().0));
    let q = q.trim();
    if !q.is_empty() {
        select = select.filter(
            sea_orm::Condition::any()
                .add(document::Column::Subject.contains(q))
                .add(document::Column::RegistryNumber.starts_with(q)),
        );
    }
    let total = select.clone().count(tx.conn()).await?;
    let page = crate::gazetteer::domain::PageNumber::new(page);
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
    Ok(crate::gazetteer::domain::Page {
        items: rows
            .into_iter()
            .map(|d| super::api::RegisterEntry {
                registry_number: d.registry_number,
                subject: d.subject,
                direction: d.direction,
                channel: d.channel,
                sender: d.sender,
                registered_at: d.registered_at.format("%Y-%m-%d %H:%M").to_string(),
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
        municipality_id: Set(tx.municipality().0),
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
