//! Receipt (érkeztetés) into the year's receipt book, registration of a receipt, and the
//! service other systems file through: receipt + registration (+ routing) in one transaction.
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::assignment::{self, AssignmentForm};
use super::common::{case_by_number, require_records_role};
use super::rules::{self, MAX_LINE_CHARS, ReceiptState};
use crate::db::{partner, receipt};
use crate::registry::{
    BOOK_KIND_RECEIPT, Channel, Direction, NewDocument, Registered, clean_subject, default_book,
    draw_book_number, register_in_case, register_in_new_case, wrong_state,
};
use crate::types::{CaseFileId, CategoryId, PartnerId, ReceiptId, UnitId, read_optional_whole_id};
use openasp_core::error::{AppError, Problem};
use openasp_core::ids::UserId;
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::tenancy::{TenantTx, now};

/// A receipt as typed (or as another system hands it over), checked.
#[derive(Debug, Clone)]
pub struct ReceiptForm {
    pub subject: String,
    pub channel: Channel,
    pub sender: Option<String>,
    /// A partner of the municipality's partner register, if the sender is known there.
    pub partner_id: Option<i64>,
    /// When the mail arrived; `None` is now. (Read as UTC until the platform has a time zone.)
    pub received_at: Option<DateTime<Utc>>,
    /// Envelope data: postmark, registered-mail number, condition.
    pub envelope: Option<String>,
}

pub fn channel_from_code(code: &str) -> Option<Channel> {
    Some(match code {
        "Paper" => Channel::Paper,
        "Email" => Channel::Email,
        "OfficeMailbox" => Channel::OfficeMailbox,
        "Portal" => Channel::Portal,
        _ => return None,
    })
}

impl ReceiptForm {
    /// Reads the fields of the receipt form; every problem names its field.
    pub fn read(
        subject: &str,
        channel: &str,
        sender: &str,
        partner: &str,
        received_at: &str,
        envelope: &str,
    ) -> Result<ReceiptForm, AppError> {
        let mut problems = Vec::new();
        let mut note = |field: &str, problem: Problem| {
            problems.push(openasp_core::error::FieldProblem {
                field: field.to_owned(),
                problem,
            })
        };
        let subject = match clean_subject(subject) {
            Ok(s) => s,
            Err(AppError::Invalid(p)) => {
                for p in p {
                    note(&p.field, p.problem);
                }
                String::new()
            }
            Err(other) => return Err(other),
        };
        let channel = channel_from_code(channel);
        if channel.is_none() {
            note("channel", Problem::Malformed);
        }
        let sender = rules::one_line(sender);
        if sender
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_LINE_CHARS)
        {
            note("sender", Problem::TooLong);
        }
        let partner_id = read_optional_whole_id("partner", partner, PartnerId)
            .unwrap_or_else(|_| {
                note("partner", Problem::Malformed);
                None
            })
            .map(|id| id.0);
        let received_at = match rules::parse_date_time(received_at) {
            Ok(at) => at.map(|at| at.and_utc()),
            Err(rules::Unreadable) => {
                note("received_at", Problem::Malformed);
                None
            }
        };
        // Mail cannot arrive in the future (a few minutes of clock skew aside).
        if received_at.is_some_and(|at| at > now() + chrono::Duration::minutes(10)) {
            note("received_at", Problem::Malformed);
        }
        let envelope = rules::multi_line(envelope);
        if envelope
            .as_ref()
            .is_some_and(|e| e.chars().count() > MAX_LINE_CHARS)
        {
            note("envelope", Problem::TooLong);
        }
        match channel {
            Some(channel) if problems.is_empty() => Ok(ReceiptForm {
                subject,
                channel,
                sender,
                partner_id,
                received_at,
                envelope,
            }),
            _ => Err(AppError::Invalid(problems)),
        }
    }
}

/// The sender as a partner row: the partner named by id (of this municipality), else one
/// found or created by the name's de-duplication key. One small function, so that the
/// partner register's own de-duplication can take its place.
pub async fn resolve_partner(
    tx: &TenantTx,
    partner_id: Option<i64>,
    sender: Option<&str>,
) -> Result<(Option<i64>, Option<String>), AppError> {
    if let Some(id) = partner_id {
        let found = partner::Entity::find()
            .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
            .filter(partner::Column::Id.eq(id))
            .one(tx.conn())
            .await?
            .ok_or_else(|| AppError::invalid("partner", Problem::Malformed))?;
        let id = found.merged_into_id.unwrap_or(found.id);
        return Ok((
            Some(id),
            Some(sender.map(str::to_owned).unwrap_or(found.name)),
        ));
    }
    let Some(name) = sender else {
        return Ok((None, None));
    };
    let key = openasp_core::text::fold_for_search(name);
    if let Some(found) = partner::Entity::find()
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .filter(partner::Column::DedupeKey.eq(key.clone()))
        .one(tx.conn())
        .await?
    {
        return Ok((
            Some(found.merged_into_id.unwrap_or(found.id)),
            Some(name.to_owned()),
        ));
    }
    let id = new_row_id();
    partner::Entity::insert(partner::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        kind: Set("person".to_owned()),
        name: Set(name.to_owned()),
        dedupe_key: Set(key),
        created_at: Set(now()),
        ..Default::default()
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok((Some(id), Some(name.to_owned())))
}

/// Records incoming mail under the next number of the year's receipt book.
pub async fn receive(
    tx: &TenantTx,
    form: ReceiptForm,
) -> Result<super::types::Receipted, AppError> {
    require_records_role(tx)?;
    let (id, receipt_number) = insert_receipt(tx, &form).await?;
    Ok(super::types::Receipted { id, receipt_number })
}

/// Attachments (scans, files) hang on the receipt through `attachment.receipt_id`; the
/// attachment store adds them after this row exists, in the same transaction or later.
async fn insert_receipt(tx: &TenantTx, form: &ReceiptForm) -> Result<(i64, String), AppError> {
    let at = now();
    let received_at = form.received_at.unwrap_or(at);
    let book = default_book(tx, BOOK_KIND_RECEIPT, at.year()).await?;
    if book.closed_at.is_some() {
        return Err(AppError::invalid("book", Problem::Malformed));
    }
    let number = draw_book_number(tx, &book).await?;
    let receipt_number = rules::receipt_number(
        &book.prefix,
        u32::try_from(number).map_err(AppError::internal)?,
        book.year,
    );
    let (partner_id, sender) = resolve_partner(tx, form.partner_id, form.sender.as_deref()).await?;
    let id = new_row_id();
    receipt::Entity::insert(receipt::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        book_id: Set(book.id),
        number: Set(number),
        receipt_number: Set(receipt_number.clone()),
        channel: Set(format!("{:?}", form.channel)),
        partner_id: Set(partner_id),
        sender_name: Set(sender),
        subject: Set(form.subject.clone()),
        received_at: Set(received_at),
        envelope: Set(form.envelope.clone()),
        state: Set(ReceiptState::Received.code().to_owned()),
        created_at: Set(at),
        created_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "records.receive",
        "receipt",
        Some(id.to_string()),
        receipt_number.clone(),
    ))
    .await?;
    Ok((id, receipt_number))
}

pub async fn load_receipt(tx: &TenantTx, id: ReceiptId) -> Result<receipt::Model, AppError> {
    receipt::Entity::find()
        .filter(receipt::Column::MunicipalityId.eq(tx.municipality()))
        .filter(receipt::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// Registers a receipt: as a new case file (`case_number` empty) or under the next
/// sub-number of the case file with that registry number. An assigned receipt hands its
/// assignment on to the new case file.
pub async fn register_receipt(
    tx: &TenantTx,
    receipt_id: ReceiptId,
    case_number: &str,
) -> Result<Registered, AppError> {
    require_records_role(tx)?;
    let receipt = load_receipt(tx, receipt_id).await?;
    let state = ReceiptState::from_code(&receipt.state)
        .ok_or_else(|| AppError::internal("unknown receipt state"))?;
    if !state.may_register() {
        return Err(wrong_state());
    }
    let channel = channel_from_code(&receipt.channel).unwrap_or(Channel::Paper);
    let mut document = NewDocument::new(&receipt.subject, Direction::Incoming, channel);
    document.sender = receipt.sender_name.clone();
    document.partner_id = receipt.partner_id;
    document.receipt_id = Some(receipt.id);
    document.received_at = Some(receipt.received_at);
    document.handler_user_id = receipt.assignee_user_id;
    let mut registered = if case_number.trim().is_empty() {
        let registered = register_in_new_case(tx, document).await?;
        if let Some(handler) = receipt.assignee_user_id {
            let form = AssignmentForm {
                unit_id: receipt.unit_id,
                handler,
                category_id: None,
                deadline: receipt.deadline,
                instructions: receipt.instructions.clone(),
            };
            assignment::assign_case_file(tx, registered.case_file_id, form, receipt.received_at)
                .await?;
        }
        registered
    } else {
        let case = case_by_number(tx, case_number, "case_file").await?;
        register_in_case(tx, CaseFileId(case.id), document).await?
    };
    receipt::Entity::update(receipt::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(receipt.id),
        state: Set(ReceiptState::Registered.code().to_owned()),
        document_id: Set(Some(registered.document_id)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    registered.receipt_number = Some(receipt.receipt_number);
    Ok(registered)
}

/// Routing of an incoming document, every part optional: a unit, a handling clerk, a case
/// category (whose default unit and deadline apply). With a handler it is an assignment;
/// without one the case file is only placed (unit, category) and waits for the head.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Routing {
    pub unit_id: Option<i64>,
    pub handler: Option<i64>,
    pub category_id: Option<i64>,
}

impl Routing {
    pub fn is_empty(&self) -> bool {
        self.unit_id.is_none() && self.handler.is_none() && self.category_id.is_none()
    }

    /// Reads the routing fields of the receipt screen, where routing is an assignment: all
    /// empty is no routing, a unit or category needs a handler.
    pub fn read(unit: &str, handler: &str, category: &str) -> Result<Routing, AppError> {
        let routing = Routing {
            unit_id: read_optional_whole_id("unit", unit, UnitId)?.map(|id| id.0),
            handler: read_optional_whole_id("handler", handler, UserId)?.map(|id| id.0),
            category_id: read_optional_whole_id("category", category, CategoryId)?.map(|id| id.0),
        };
        if routing.handler.is_none() && !routing.is_empty() {
            return Err(AppError::invalid("handler", Problem::Required));
        }
        Ok(routing)
    }
}

/// The form fields a caller shows routing in, so that a refused part is reported beside the
/// caller's own field.
#[derive(Debug, Clone, Copy)]
pub struct RoutingFields {
    pub unit: &'static str,
    pub handler: &'static str,
    pub category: &'static str,
}

impl RoutingFields {
    /// The receipt screen's fields.
    pub const RECEIPT: RoutingFields = RoutingFields {
        unit: "unit",
        handler: "handler",
        category: "category",
    };
}

/// Checks a routing against this municipality now: the unit and category active and its
/// own, the handler a records clerk here. Other systems check their routing settings with
/// it; refusals name the caller's fields.
pub async fn check_routing(
    tx: &TenantTx,
    routing: Routing,
    fields: RoutingFields,
) -> Result<(), AppError> {
    let rename = |error: AppError, field: &str| match error {
        AppError::Invalid(problems) => AppError::Invalid(
            problems
                .into_iter()
                .map(|p| openasp_core::error::FieldProblem {
                    field: field.to_owned(),
                    problem: p.problem,
                })
                .collect(),
        ),
        other => other,
    };
    assignment::check_unit(tx, routing.unit_id)
        .await
        .map_err(|e| rename(e, fields.unit))?;
    assignment::check_category(tx, routing.category_id)
        .await
        .map_err(|e| rename(e, fields.category))?;
    if let Some(handler) = routing.handler {
        assignment::check_handler(tx, handler)
            .await
            .map_err(|e| rename(e, fields.handler))?;
    }
    Ok(())
}

/// What to do when a routing no longer holds at filing time (a unit closed, a clerk left
/// after the routing was set up elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfUnroutable {
    /// Refuse the filing (the caller's user chose the routing just now).
    Refuse,
    /// File it unrouted, with a case event saying why (a citizen's submission is never lost
    /// over a stale setting; the head assigns it).
    FileUnrouted,
}

/// What another system hands over to be filed.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub form: ReceiptForm,
    pub routing: Routing,
    pub if_unroutable: IfUnroutable,
}

/// The service other systems (first the e-forms portal) file incoming documents through:
/// receipt, registration as a new case file and its routing (an assignment when a handler is
/// named) — in the caller's one transaction, so a failure at any step leaves nothing behind.
/// The caller answers for its own user's rights; the tenant handle keeps it inside one
/// municipality. Records alone writes its tables.
pub async fn receive_and_register(
    tx: &TenantTx,
    incoming: Incoming,
) -> Result<Registered, AppError> {
    let mut routing = incoming.routing;
    let mut skipped = None;
    if !routing.is_empty()
        && let Err(error) = check_routing(tx, routing, RoutingFields::RECEIPT).await
    {
        match (incoming.if_unroutable, error) {
            (IfUnroutable::FileUnrouted, AppError::Invalid(problems)) => {
                skipped = Some(
                    problems
                        .iter()
                        .map(|p| p.field.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                routing = Routing::default();
            }
            (_, error) => return Err(error),
        }
    }
    let (receipt_id, receipt_number) = insert_receipt(tx, &incoming.form).await?;
    let receipt = load_receipt(tx, ReceiptId(receipt_id)).await?;
    let channel = incoming.form.channel;
    let mut document = NewDocument::new(&incoming.form.subject, Direction::Incoming, channel);
    document.sender = receipt.sender_name.clone();
    document.partner_id = receipt.partner_id;
    document.receipt_id = Some(receipt_id);
    document.received_at = Some(receipt.received_at);
    document.handler_user_id = routing.handler;
    let mut registered = register_in_new_case(tx, document).await?;
    match routing.handler {
        Some(handler) => {
            let form = AssignmentForm {
                unit_id: routing.unit_id,
                handler,
                category_id: routing.category_id,
                deadline: None,
                instructions: None,
            };
            assignment::assign_case_file(tx, registered.case_file_id, form, receipt.received_at)
                .await?;
        }
        None if !routing.is_empty() => {
            assignment::place_case_file(
                tx,
                registered.case_file_id,
                routing.unit_id,
                routing.category_id,
            )
            .await?;
        }
        None => {}
    }
    if let Some(fields) = skipped {
        crate::registry::record_case_event(
            tx,
            registered.case_file_id.0,
            "routing_skipped",
            format!("az irányítás nem érvényes ({fields}); szignálásra vár"),
        )
        .await?;
    }
    receipt::Entity::update(receipt::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(receipt_id),
        state: Set(ReceiptState::Registered.code().to_owned()),
        document_id: Set(Some(registered.document_id)),
        unit_id: Set(routing.unit_id),
        assignee_user_id: Set(routing.handler),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    registered.receipt_number = Some(receipt_number);
    registered.handler_user_id = routing.handler;
    Ok(registered)
}
