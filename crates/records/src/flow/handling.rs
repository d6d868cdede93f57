//! Handling a case file: further documents under sub-numbers (incoming, outgoing drafts,
//! internal), internal notes, links to earlier case files (előzmény), merging (szerelés),
//! suspension with a reason and resumption.
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::common::{
    case_by_number, case_state, load_case, me, next_state, require_handling, require_records_role,
    save_case_change,
};
use super::rules::{self, MAX_BODY_CHARS, MAX_LINE_CHARS, MAX_NOTE_CHARS, MAX_REASON_CHARS};
use crate::db::{case_file, case_link, case_note};
use crate::domain::{CaseEvent, CaseState, DocumentState};
use crate::registry::{
    Channel, Direction, NewDocument, Registered, record_case_event, register_in_case, wrong_state,
};
use crate::types::CaseFileId;
use openasp_core::error::{AppError, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::tenancy::{TenantTx, now};

pub const LINK_ANTECEDENT: &str = "antecedent";
pub const LINK_MERGED: &str = "merged";

/// Moves an assigned case file to "in progress" when its handling starts (a draft, an
/// internal document or a note); other states stay.
async fn start_work(tx: &TenantTx, case: &case_file::Model) -> Result<(), AppError> {
    if case_state(case)? == CaseState::Assigned {
        let next = next_state(case, CaseEvent::StartWork)?;
        save_case_change(
            tx,
            case_file::ActiveModel {
                state: Set(next.code().to_owned()),
                ..Default::default()
            },
            case.id,
            "start_work",
            case.registry_number.clone(),
        )
        .await?;
    }
    Ok(())
}

fn required_text(field: &str, text: &str, max: usize) -> Result<String, AppError> {
    let text =
        rules::multi_line(text).ok_or_else(|| AppError::invalid(field, Problem::Required))?;
    if text.chars().count() > max {
        return Err(AppError::invalid(field, Problem::TooLong));
    }
    Ok(text)
}

/// A new document under the case file's next sub-number. `kind`: `Incoming` (a records
/// clerk registers mail into an existing case file), `Outgoing` (a draft with its text,
/// to be signed off) or `Internal`.
pub async fn add_document(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    kind: &str,
    subject: &str,
    sender: &str,
    body: &str,
) -> Result<Registered, AppError> {
    require_records_role(tx)?;
    let case = load_case(tx, case_file_id).await?;
    let (direction, channel, state) = match kind {
        "Incoming" => (
            Direction::Incoming,
            Channel::Paper,
            DocumentState::Registered,
        ),
        "Outgoing" => (Direction::Outgoing, Channel::Internal, DocumentState::Draft),
        "Internal" => (
            Direction::Internal,
            Channel::Internal,
            DocumentState::Registered,
        ),
        _ => return Err(AppError::invalid("kind", Problem::Malformed)),
    };
    // Mail may be filed into any open case file; writing in it is its handler's (or a head's).
    if direction != Direction::Incoming {
        require_handling(tx, &case)?;
    }
    let sender = rules::one_line(sender);
    if sender
        .as_ref()
        .is_some_and(|s| s.chars().count() > MAX_LINE_CHARS)
    {
        return Err(AppError::invalid("sender", Problem::TooLong));
    }
    let body = rules::multi_line(body);
    if direction == Direction::Outgoing && body.is_none() {
        return Err(AppError::invalid("body", Problem::Required));
    }
    if body
        .as_ref()
        .is_some_and(|b| b.chars().count() > MAX_BODY_CHARS)
    {
        return Err(AppError::invalid("body", Problem::TooLong));
    }
    let mut document = NewDocument::new(subject, direction, channel);
    document.sender = sender;
    document.body = body;
    document.state = state;
    document.handler_user_id = if direction == Direction::Incoming {
        case.handler_user_id
    } else {
        me(tx)
    };
    let registered = register_in_case(tx, case_file_id, document).await?;
    if direction != Direction::Incoming {
        start_work(tx, &load_case(tx, CaseFileId(case.id)).await?).await?;
    }
    Ok(registered)
}

/// An internal note on the case file (not a registered document).
pub async fn add_note(tx: &TenantTx, case_file_id: CaseFileId, body: &str) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    require_handling(tx, &case)?;
    if case_state(&case)?.is_final() {
        return Err(wrong_state());
    }
    let body = required_text("body", body, MAX_NOTE_CHARS)?;
    let id = new_row_id();
    case_note::Entity::insert(case_note::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        case_file_id: Set(case.id),
        author_user_id: Set(me(tx)),
        body: Set(body),
        created_at: Set(now()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    // The history says that a note was written; the note itself stays in its own table.
    record_case_event(tx, case.id, "note", "belső feljegyzés").await?;
    tx.audit(AuditEvent::new(
        "records.note",
        "case_file",
        Some(case.id.to_string()),
        case.registry_number.clone(),
    ))
    .await?;
    start_work(tx, &case).await
}

pub async fn suspend(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    reason: &str,
) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    require_handling(tx, &case)?;
    let reason = required_text("reason", reason, MAX_REASON_CHARS)?;
    let next = next_state(&case, CaseEvent::Suspend)?;
    save_case_change(
        tx,
        case_file::ActiveModel {
            state: Set(next.code().to_owned()),
            suspended_at: Set(Some(now())),
            suspended_reason: Set(Some(reason.clone())),
            ..Default::default()
        },
        case.id,
        "suspend",
        format!("{}: {reason}", case.registry_number),
    )
    .await
}

/// Resumes a suspended case file; its deadline moves by the days it stood still.
pub async fn resume(tx: &TenantTx, case_file_id: CaseFileId) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    require_handling(tx, &case)?;
    let next = next_state(&case, CaseEvent::Resume)?;
    let today = now().date_naive();
    let deadline = match (case.deadline, case.suspended_at) {
        (Some(deadline), Some(from)) => Some(rules::deadline_after_suspension(
            deadline,
            from.date_naive(),
            today,
        )),
        (deadline, _) => deadline,
    };
    save_case_change(
        tx,
        case_file::ActiveModel {
            state: Set(next.code().to_owned()),
            suspended_at: Set(None),
            suspended_reason: Set(None),
            deadline: Set(deadline),
            ..Default::default()
        },
        case.id,
        "resume",
        format!(
            "{}{}",
            case.registry_number,
            deadline.map(|d| format!(", {d}")).unwrap_or_default()
        ),
    )
    .await
}

async fn insert_link(tx: &TenantTx, from: i64, to: i64, kind: &str) -> Result<(), AppError> {
    let exists = case_link::Entity::find()
        .filter(case_link::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_link::Column::CaseFileId.eq(from))
        .filter(case_link::Column::LinkedCaseFileId.eq(to))
        .one(tx.conn())
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    case_link::Entity::insert(case_link::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        case_file_id: Set(from),
        linked_case_file_id: Set(to),
        kind: Set(kind.to_owned()),
        created_at: Set(now()),
        created_by: Set(me(tx)),
    })
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// Links an earlier case file of the municipality as this one's antecedent (előzmény).
pub async fn link_antecedent(
    tx: &TenantTx,
    case_file_id: CaseFileId,
    antecedent: &str,
) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    require_handling(tx, &case)?;
    if matches!(case_state(&case)?, CaseState::Cancelled | CaseState::Merged) {
        return Err(wrong_state());
    }
    let earlier = case_by_number(tx, antecedent, "antecedent").await?;
    if earlier.id == case.id {
        return Err(AppError::invalid("antecedent", Problem::Malformed));
    }
    let already = case_link::Entity::find()
        .filter(case_link::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_link::Column::CaseFileId.eq(case.id))
        .filter(case_link::Column::LinkedCaseFileId.eq(earlier.id))
        .one(tx.conn())
        .await?;
    if already.is_some() {
        return Err(AppError::invalid("antecedent", Problem::Malformed));
    }
    insert_link(tx, case.id, earlier.id, LINK_ANTECEDENT).await?;
    let detail = format!("{} ← {}", case.registry_number, earlier.registry_number);
    record_case_event(tx, case.id, "antecedent", detail.clone()).await?;
    tx.audit(AuditEvent::new(
        "records.antecedent",
        "case_file",
        Some(case.id.to_string()),
        detail,
    ))
    .await
}

/// Merges (szerel) this case file into `into`: it becomes `Merged`, points at the carrying
/// file, and its documents are shown with that file from now on.
pub async fn merge(tx: &TenantTx, case_file_id: CaseFileId, into: &str) -> Result<(), AppError> {
    let case = load_case(tx, case_file_id).await?;
    require_handling(tx, &case)?;
    let next = next_state(&case, CaseEvent::MergeInto)?;
    let carrier = case_by_number(tx, into, "into").await?;
    if carrier.id == case.id {
        return Err(AppError::invalid("into", Problem::Malformed));
    }
    // The carrying file must itself be open (a merged or closed file carries nothing new).
    if !crate::registry::accepts_documents(case_state(&carrier)?) {
        return Err(AppError::invalid("into", Problem::Malformed));
    }
    // No cycles: files already merged into this one are carried by it, not the other way.
    if carrier.merged_into_id.is_some() {
        return Err(AppError::invalid("into", Problem::Malformed));
    }
    let detail = format!("{} → {}", case.registry_number, carrier.registry_number);
    save_case_change(
        tx,
        case_file::ActiveModel {
            state: Set(next.code().to_owned()),
            merged_into_id: Set(Some(carrier.id)),
            ..Default::default()
        },
        case.id,
        "merge",
        detail.clone(),
    )
    .await?;
    insert_link(tx, carrier.id, case.id, LINK_MERGED).await?;
    record_case_event(tx, carrier.id, "merge", detail).await
}
