//! Loading a whole case file (server only): a fixed handful of queries whatever its size
//! (the case file, its documents, their attachments and dispatches, links, merged files,
//! notes, history, and the names they mention), every one bound to the acting municipality.
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

use super::types::{
    AttachmentView, CaseAction, CaseRef, CaseView, DocumentAction, DocumentDispatch, DocumentView,
    EventView, LinkView, NoteView,
};
use crate::db::{
    attachment, case_category, case_event, case_file, case_link, case_note, dispatch, document,
    org_unit, retention_item,
};
use crate::domain::{
    CaseEvent, CaseState, DocumentEvent, DocumentState, document_transition, transition,
};
use crate::types::CaseFileId;
use openasp_core::error::AppError;
use openasp_framework::audit::AuditEvent;
use openasp_framework::directory::display_names;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::TenantTx;

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

fn case_ref(c: &case_file::Model) -> CaseRef {
    CaseRef {
        id: c.id,
        registry_number: c.registry_number.clone(),
        subject: c.subject.clone(),
    }
}

/// The case file's actions open to a user with `roles` (the screens check again).
pub fn case_actions(state: Option<CaseState>, head: bool) -> Vec<CaseAction> {
    let Some(state) = state else {
        return Vec::new();
    };
    let can = |event| transition(state, event).is_ok();
    let open = matches!(
        state,
        CaseState::Registered | CaseState::Assigned | CaseState::InProgress
    );
    let mut actions = Vec::new();
    if head && can(CaseEvent::Assign) {
        actions.push(CaseAction::Assign);
    }
    if open {
        actions.push(CaseAction::NewDocument);
    }
    if !state.is_final() {
        actions.push(CaseAction::LinkAntecedent);
    }
    if can(CaseEvent::MergeInto) {
        actions.push(CaseAction::Merge);
    }
    if !state.is_final() {
        actions.push(CaseAction::Note);
    }
    if can(CaseEvent::Suspend) || can(CaseEvent::Resume) {
        actions.push(CaseAction::SuspendOrResume);
    }
    if can(CaseEvent::Close) || can(CaseEvent::Reopen) {
        actions.push(CaseAction::CloseOrReopen);
    }
    if can(CaseEvent::Archive) {
        actions.push(CaseAction::Archive);
    }
    if state == CaseState::Archived {
        actions.push(CaseAction::Lend);
    }
    if head && matches!(state, CaseState::Closed | CaseState::Archived) {
        actions.push(CaseAction::LegalHold);
    }
    actions
}

/// A document's actions: sign-off needs the head's right; the rest follow its state.
pub fn document_actions(state: Option<DocumentState>, head: bool) -> Vec<DocumentAction> {
    let Some(state) = state else {
        return Vec::new();
    };
    let can = |event| document_transition(state, event).is_some();
    let mut actions = Vec::new();
    if head && can(DocumentEvent::SignOff) {
        actions.push(DocumentAction::SignOff);
    }
    if can(DocumentEvent::Dispatch) {
        actions.push(DocumentAction::Dispatch);
    }
    if can(DocumentEvent::Cancel) {
        actions.push(DocumentAction::Cancel);
    }
    actions
}

/// The case file `id` with everything in it; another municipality's id is simply not found.
pub async fn load(tx: &TenantTx, id: CaseFileId) -> Result<CaseView, AppError> {
    let id = id.0;
    let head = tx.roles().contains(&Role::RecordsHead);
    if !(head || tx.roles().contains(&Role::RecordsClerk)) {
        return Err(AppError::Forbidden);
    }
    let m = tx.municipality().0;
    let case = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(m))
        .filter(case_file::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let documents = document::Entity::find()
        .filter(document::Column::MunicipalityId.eq(m))
        .filter(document::Column::CaseFileId.eq(id))
        .order_by_asc(document::Column::SubNumber)
        .all(tx.conn())
        .await?;
    let document_ids: Vec<i64> = documents.iter().map(|d| d.id).collect();
    // Scans attached at receipt, before registration, belong to the document registered from it.
    let receipt_ids: Vec<i64> = documents.iter().filter_map(|d| d.receipt_id).collect();
    let document_of_receipt: BTreeMap<i64, i64> = documents
        .iter()
        .filter_map(|d| d.receipt_id.map(|r| (r, d.id)))
        .collect();
    let attachments = attachment::Entity::find()
        .filter(attachment::Column::MunicipalityId.eq(m))
        .filter(
            Condition::any()
                .add(attachment::Column::DocumentId.is_in(document_ids.clone()))
                .add(attachment::Column::ReceiptId.is_in(receipt_ids)),
        )
        .order_by_asc(attachment::Column::UploadedAt)
        .order_by_asc(attachment::Column::Id)
        .all(tx.conn())
        .await?;
    let dispatches = dispatch::Entity::find()
        .filter(dispatch::Column::MunicipalityId.eq(m))
        .filter(dispatch::Column::DocumentId.is_in(document_ids))
        .order_by_asc(dispatch::Column::DispatchedAt)
        .all(tx.conn())
        .await?;
    let links = case_link::Entity::find()
        .filter(case_link::Column::MunicipalityId.eq(m))
        .filter(
            Condition::any()
                .add(case_link::Column::CaseFileId.eq(id))
                .add(case_link::Column::LinkedCaseFileId.eq(id)),
        )
        .order_by_asc(case_link::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    // Every other case file this one mentions (links, merged in, merged into) in one query.
    let mut related_ids: Vec<i64> = links
        .iter()
        .map(|l| {
            if l.case_file_id == id {
                l.linked_case_file_id
            } else {
                l.case_file_id
            }
        })
        .collect();
    related_ids.extend(case.merged_into_id);
    let related = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(m))
        .filter(
            Condition::any()
                .add(case_file::Column::Id.is_in(related_ids))
                .add(case_file::Column::MergedIntoId.eq(id)),
        )
        .order_by_asc(case_file::Column::Year)
        .order_by_asc(case_file::Column::MainNumber)
        .all(tx.conn())
        .await?;
    let notes = case_note::Entity::find()
        .filter(case_note::Column::MunicipalityId.eq(m))
        .filter(case_note::Column::CaseFileId.eq(id))
        .order_by_asc(case_note::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    let events = case_event::Entity::find()
        .filter(case_event::Column::MunicipalityId.eq(m))
        .filter(case_event::Column::CaseFileId.eq(id))
        .order_by_asc(case_event::Column::At)
        .order_by_asc(case_event::Column::Id)
        .all(tx.conn())
        .await?;
    let unit = match case.unit_id {
        Some(unit) => org_unit::Entity::find_by_id((m, unit))
            .one(tx.conn())
            .await?
            .map(|u| u.name),
        None => None,
    };
    let category = match case.category_id {
        Some(category) => case_category::Entity::find_by_id((m, category))
            .one(tx.conn())
            .await?
            .map(|c| format!("{} – {}", c.code, c.name)),
        None => None,
    };
    let retention = match case.retention_item_id {
        Some(item) => retention_item::Entity::find_by_id((m, item))
            .one(tx.conn())
            .await?
            .map(|r| format!("{} – {}", r.code, r.title)),
        None => None,
    };
    let mut people: Vec<i64> = Vec::new();
    people.extend(case.handler_user_id);
    people.extend(attachments.iter().filter_map(|a| a.uploaded_by));
    people.extend(notes.iter().filter_map(|n| n.author_user_id));
    people.extend(events.iter().filter_map(|e| e.user_id));
    let names = display_names(tx, people).await?;
    let name = |user: Option<i64>| user.and_then(|u| names.get(&u).cloned());

    let related: BTreeMap<i64, case_file::Model> = related.into_iter().map(|c| (c.id, c)).collect();
    let mut attachments_of: BTreeMap<i64, Vec<AttachmentView>> = BTreeMap::new();
    for a in attachments {
        let document = a.document_id.or_else(|| {
            a.receipt_id
                .and_then(|r| document_of_receipt.get(&r).copied())
        });
        if let Some(document) = document {
            attachments_of
                .entry(document)
                .or_default()
                .push(AttachmentView {
                    id: a.id,
                    file_name: a.file_name,
                    media_type: a.media_type,
                    size_bytes: a.size_bytes,
                    uploaded_at: minute(a.uploaded_at),
                    uploaded_by: name(a.uploaded_by),
                });
        }
    }
    let mut dispatches_of: BTreeMap<i64, Vec<DocumentDispatch>> = BTreeMap::new();
    for d in dispatches {
        dispatches_of
            .entry(d.document_id)
            .or_default()
            .push(DocumentDispatch {
                method: d.method,
                recipient: d.recipient,
                address: d.address,
                tracking_number: d.tracking_number,
                dispatched_at: minute(d.dispatched_at),
                return_status: d.return_status,
                return_date: d.return_date.map(|d| d.to_string()),
            });
    }
    let state = CaseState::from_code(&case.state);
    let case_open = state.is_some_and(|s| !s.is_final());
    let documents = documents
        .into_iter()
        .map(|d| DocumentView {
            attachments: attachments_of.remove(&d.id).unwrap_or_default(),
            dispatches: dispatches_of.remove(&d.id).unwrap_or_default(),
            actions: document_actions(DocumentState::from_code(&d.state), head),
            may_attach: case_open && d.state != DocumentState::Cancelled.code(),
            id: d.id,
            sub_number: d.sub_number,
            registry_number: d.registry_number,
            direction: d.direction,
            state: d.state,
            subject: d.subject,
            channel: d.channel,
            sender: d.sender,
            registered_at: minute(d.registered_at),
            signed_off_at: d.signed_off_at.map(minute),
            cancelled_reason: d.cancelled_reason,
        })
        .collect();
    let links = links
        .into_iter()
        .filter_map(|l| {
            let (direction, other) = if l.case_file_id == id {
                ("antecedent", l.linked_case_file_id)
            } else {
                ("successor", l.case_file_id)
            };
            related.get(&other).map(|c| LinkView {
                direction: direction.to_owned(),
                kind: l.kind,
                case_file: case_ref(c),
            })
        })
        .collect();
    let merged = related
        .values()
        .filter(|c| c.merged_into_id == Some(id))
        .map(case_ref)
        .collect();
    let merged_into = case
        .merged_into_id
        .and_then(|other| related.get(&other))
        .map(case_ref);
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "case_file",
        Some(id.to_string()),
        case.registry_number.clone(),
    ))
    .await?;
    Ok(CaseView {
        id,
        registry_number: case.registry_number,
        subject: case.subject,
        actions: case_actions(state, head),
        state: case.state,
        handler: name(case.handler_user_id),
        unit,
        category,
        retention_item: retention,
        deadline: case.deadline.map(|d| d.to_string()),
        created_at: minute(case.created_at),
        suspended_reason: case.suspended_reason,
        closed_at: case.closed_at.map(minute),
        archived_at: case.archived_at.map(minute),
        archive_location: case.archive_location,
        lent_to: case.lent_to,
        lent_due: case.lent_due.map(|d| d.to_string()),
        legal_hold_reason: case.legal_hold_reason,
        cancelled_reason: case.cancelled_reason,
        merged_into,
        merged,
        documents,
        links,
        notes: notes
            .into_iter()
            .map(|n| NoteView {
                author: name(n.author_user_id),
                created_at: minute(n.created_at),
                body: n.body,
            })
            .collect(),
        history: events
            .into_iter()
            .map(|e| EventView {
                at: minute(e.at),
                user: name(e.user_id),
                event: e.event,
                detail: e.detail,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_state_and_role() {
        let fresh = case_actions(Some(CaseState::Registered), false);
        assert!(fresh.contains(&CaseAction::NewDocument));
        assert!(
            !fresh.contains(&CaseAction::Assign),
            "assignment is the head's"
        );
        assert!(case_actions(Some(CaseState::Registered), true).contains(&CaseAction::Assign));
        let closed = case_actions(Some(CaseState::Closed), false);
        assert!(
            closed.contains(&CaseAction::CloseOrReopen) && closed.contains(&CaseAction::Archive)
        );
        assert!(!closed.contains(&CaseAction::NewDocument));
        assert!(case_actions(Some(CaseState::Archived), false).contains(&CaseAction::Lend));
        assert!(case_actions(Some(CaseState::Disposed), true).is_empty());
        assert!(case_actions(None, true).is_empty());
        assert_eq!(
            document_actions(Some(DocumentState::Draft), false),
            [DocumentAction::Cancel]
        );
        assert_eq!(
            document_actions(Some(DocumentState::Draft), true),
            [DocumentAction::SignOff, DocumentAction::Cancel]
        );
        assert_eq!(
            document_actions(Some(DocumentState::SignedOff), false),
            [DocumentAction::Dispatch]
        );
    }
}
