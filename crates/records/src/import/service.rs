//! Importing a legacy register (server only): checked against the database, then written in
//! one transaction, or nothing is written at all. Imported numbers keep their main and sub
//! numbers; each book's counter moves past the highest imported main number, so numbers
//! issued later continue without a gap or a clash.
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::domain::{ImportPlan, MAX_IMPORT_BYTES, parse_import, partner_dedupe_key};
use super::types::{ImportReport, RejectedLine};
use crate::db::{case_event, case_file, document, partner, register_book, retention_item};
use crate::domain::{DocumentState, RegistryNumber, RegistryNumberTemplate};
use crate::registry::BOOK_KIND_REGISTER;
use crate::search::domain::search_text;
use openasp_core::error::{AppError, Problem};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

/// Rows per multi-row insert (well inside SQLite's limit on bound values).
const CHUNK: usize = 300;

fn at_noon(date: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
        .and_utc()
}

fn refused(lines: Vec<RejectedLine>) -> ImportReport {
    ImportReport {
        imported: false,
        books: 0,
        partners: 0,
        case_files: 0,
        documents: 0,
        rejected: lines,
    }
}

struct Book {
    id: i64,
    template: RegistryNumberTemplate,
    prefix: String,
    last_main: i32,
    is_new: bool,
    name: String,
    template_text: String,
    year: i32,
}

/// Imports `text` (docs/records-import.md) for a records head.
pub async fn import(tx: &TenantTx, text: &str) -> Result<ImportReport, AppError> {
    tx.require_role(Role::RecordsHead)?;
    if text.trim().is_empty() {
        return Err(AppError::invalid("csv", Problem::Required));
    }
    if text.len() > MAX_IMPORT_BYTES {
        return Err(AppError::invalid("csv", Problem::TooLong));
    }
    let plan = match parse_import(text) {
        Ok(plan) => plan,
        Err(lines) => return Ok(refused(lines)),
    };
    let m = tx.municipality().0;
    // Holds every register book of the municipality until commit: no registration can take
    // a number the import is about to use.
    register_book::Entity::update_many()
        .col_expr(
            register_book::Column::LastMain,
            sea_orm::sea_query::Expr::col(register_book::Column::LastMain),
        )
        .filter(register_book::Column::MunicipalityId.eq(m))
        .filter(register_book::Column::Kind.eq(BOOK_KIND_REGISTER))
        .exec(tx.conn())
        .await?;
    let existing_books = register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(m))
        .filter(register_book::Column::Kind.eq(BOOK_KIND_REGISTER))
        .all(tx.conn())
        .await?;
    let retention: BTreeMap<String, i64> = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(m))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| (r.code, r.id))
        .collect();
    let existing_partners: BTreeMap<String, i64> = partner::Entity::find()
        .filter(partner::Column::MunicipalityId.eq(m))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|p| (p.dedupe_key, p.id))
        .collect();

    let mut problems = Vec::new();
    let mut books: BTreeMap<(i32, String), Book> = BTreeMap::new();
    for b in existing_books {
        match RegistryNumberTemplate::parse(&b.template) {
            Ok(template) => {
                books.insert(
                    (b.year, b.prefix.clone()),
                    Book {
                        id: b.id,
                        template,
                        prefix: b.prefix,
                        last_main: b.last_main,
                        is_new: false,
                        name: b.name,
                        template_text: b.template,
                        year: b.year,
                    },
                );
            }
            Err(error) => return Err(AppError::internal(error)),
        }
    }
    for b in &plan.books {
        let key = (b.year, b.prefix.clone());
        if books.contains_key(&key) {
            problems.push(RejectedLine {
                line: b.line,
                column: Some(3),
                reason: format!(
                    "A(z) {} évi „{}” előtagú iktatókönyv már létezik; a sort hagyja el, az ügyiratok abba kerülnek.",
                    b.year, b.prefix
                ),
            });
            continue;
        }
        if let Ok(template) = RegistryNumberTemplate::parse(&b.template) {
            books.insert(
                key,
                Book {
                    id: new_row_id(),
                    template,
                    prefix: b.prefix.clone(),
                    last_main: 0,
                    is_new: true,
                    name: b.name.clone(),
                    template_text: b.template.clone(),
                    year: b.year,
                },
            );
        }
    }
    for c in &plan.cases {
        match books.get(&(c.year, c.prefix.clone())) {
            None => problems.push(RejectedLine {
                line: c.line,
                column: Some(3),
                reason: format!(
                    "Nincs {} évi „{}” előtagú iktatókönyv (sem a fájlban, sem a rendszerben).",
                    c.year, c.prefix
                ),
            }),
            Some(book) if i64::from(c.main) <= i64::from(book.last_main) => {
                problems.push(RejectedLine {
                    line: c.line,
                    column: Some(4),
                    reason: format!(
                        "A(z) {} főszám már foglalt: a könyvben az utolsó kiadott főszám {}.",
                        c.main, book.last_main
                    ),
                })
            }
            Some(_) => {}
        }
        if let Some(code) = &c.retention_code
            && !retention.contains_key(code)
        {
            problems.push(RejectedLine {
                line: c.line,
                column: Some(8),
                reason: format!("Nincs „{code}” tételszámú irattári tétel az irattári tervben."),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.line, p.column));
        return Ok(refused(problems));
    }
    write(tx, plan, books, retention, existing_partners).await
}

async fn write(
    tx: &TenantTx,
    plan: ImportPlan,
    mut books: BTreeMap<(i32, String), Book>,
    retention: BTreeMap<String, i64>,
    existing_partners: BTreeMap<String, i64>,
) -> Result<ImportReport, AppError> {
    let m = tx.municipality().0;
    let at = now();
    let user = tx.actor().user_id.map(|u| u.0);

    // Partners: one already known under the same key is reused, not duplicated.
    let mut partner_ids: BTreeMap<String, (i64, String)> = BTreeMap::new();
    let mut new_partners = Vec::new();
    for p in &plan.partners {
        let key = partner_dedupe_key(&p.name, p.postal_code.as_deref(), p.tax_number.as_deref());
        let id = match existing_partners.get(&key) {
            Some(id) => *id,
            None => {
                let id = new_row_id();
                new_partners.push(partner::ActiveModel {
                    municipality_id: Set(m),
                    id: Set(id),
                    kind: Set(p.kind.to_owned()),
                    name: Set(p.name.clone()),
                    dedupe_key: Set(key),
                    birth_date: Set(None),
                    tax_number: Set(p.tax_number.clone()),
                    postal_code: Set(p.postal_code.clone()),
                    city: Set(p.city.clone()),
                    street_address: Set(p.street_address.clone()),
                    email: Set(None),
                    phone: Set(None),
                    merged_into_id: Set(None),
                    created_at: Set(at),
                });
                id
            }
        };
        partner_ids.insert(p.key.clone(), (id, p.name.clone()));
    }
    let partner_count = new_partners.len();
    for chunk in chunks(new_partners) {
        partner::Entity::insert_many(chunk)
            .exec_without_returning(tx.conn())
            .await?;
    }

    // The highest sub-number of each case, and its case-file id.
    let mut last_sub: BTreeMap<(i32, String, u32), u32> = BTreeMap::new();
    for d in &plan.documents {
        let entry = last_sub
            .entry((d.year, d.prefix.clone(), d.main))
            .or_default();
        *entry = (*entry).max(d.sub);
    }
    let mut case_ids: BTreeMap<(i32, String, u32), i64> = BTreeMap::new();
    let mut case_rows = Vec::new();
    let mut events = Vec::new();
    for c in &plan.cases {
        let key = (c.year, c.prefix.clone());
        let Some(book) = books.get_mut(&key) else {
            return Err(AppError::internal("import: book vanished"));
        };
        let main = i32::try_from(c.main).map_err(AppError::internal)?;
        book.last_main = book.last_main.max(main);
        let id = new_row_id();
        case_ids.insert((c.year, c.prefix.clone(), c.main), id);
        let number = book.template.format_case(&book.prefix, c.main, c.year);
        let registered = at_noon(c.registered_on);
        let sub = last_sub
            .get(&(c.year, c.prefix.clone(), c.main))
            .copied()
            .unwrap_or(0);
        case_rows.push(case_file::ActiveModel {
            municipality_id: Set(m),
            id: Set(id),
            book_id: Set(book.id),
            main_number: Set(main),
            year: Set(c.year),
            registry_number: Set(number.clone()),
            subject: Set(c.subject.clone()),
            state: Set(c.state.code().to_owned()),
            retention_item_id: Set(c
                .retention_code
                .as_ref()
                .and_then(|r| retention.get(r).copied())),
            last_sub: Set(i32::try_from(sub).map_err(AppError::internal)?),
            created_at: Set(registered),
            created_by: Set(user),
            updated_at: Set(at),
            closed_at: Set(matches!(
                c.state,
                crate::domain::CaseState::Closed | crate::domain::CaseState::Archived
            )
            .then_some(registered)),
            archived_at: Set((c.state == crate::domain::CaseState::Archived).then_some(registered)),
            ..Default::default()
        });
        events.push(case_event::ActiveModel {
            municipality_id: Set(m),
            id: Set(new_row_id()),
            case_file_id: Set(id),
            at: Set(at),
            user_id: Set(user),
            event: Set("imported".to_owned()),
            detail: Set(format!("{number} (régi iktatóból, {}. sor)", c.line)),
        });
    }

    // New books first (the case files refer to them), existing ones move their counter.
    let mut book_count = 0;
    for book in books.values() {
        if book.is_new {
            book_count += 1;
            register_book::Entity::insert(register_book::ActiveModel {
                municipality_id: Set(m),
                id: Set(book.id),
                kind: Set(BOOK_KIND_REGISTER.to_owned()),
                year: Set(book.year),
                name: Set(book.name.clone()),
                prefix: Set(book.prefix.clone()),
                template: Set(book.template_text.clone()),
                last_main: Set(book.last_main),
                closed_at: Set(None),
                closed_by: Set(None),
                closing_statement: Set(None),
            })
            .exec_without_returning(tx.conn())
            .await?;
        } else {
            register_book::Entity::update_many()
                .col_expr(
                    register_book::Column::LastMain,
                    sea_orm::sea_query::Expr::value(book.last_main),
                )
                .filter(register_book::Column::MunicipalityId.eq(m))
                .filter(register_book::Column::Id.eq(book.id))
                .filter(register_book::Column::LastMain.lt(book.last_main))
                .exec(tx.conn())
                .await?;
        }
    }
    let case_count = case_rows.len();
    for chunk in chunks(case_rows) {
        case_file::Entity::insert_many(chunk)
            .exec_without_returning(tx.conn())
            .await?;
    }

    let mut document_rows = Vec::new();
    for d in &plan.documents {
        let book = books
            .get(&(d.year, d.prefix.clone()))
            .ok_or_else(|| AppError::internal("import: book vanished"))?;
        let case_id = *case_ids
            .get(&(d.year, d.prefix.clone(), d.main))
            .ok_or_else(|| AppError::internal("import: case vanished"))?;
        let number = book.template.format(
            &book.prefix,
            RegistryNumber {
                main: d.main,
                sub: d.sub,
                year: d.year,
            },
        );
        let partner = d.partner_key.as_ref().and_then(|k| partner_ids.get(k));
        let mut parts = vec![d.subject.as_str()];
        parts.extend(d.sender.as_deref());
        parts.extend(partner.map(|(_, name)| name.as_str()));
        let registered = at_noon(d.registered_on);
        // Legacy outgoing documents were sent long ago: dispatched, never a pending draft.
        let state = if d.direction == "Outgoing" {
            DocumentState::Dispatched
        } else {
            DocumentState::Registered
        };
        document_rows.push(document::ActiveModel {
            municipality_id: Set(m),
            id: Set(new_row_id()),
            case_file_id: Set(case_id),
            sub_number: Set(i32::try_from(d.sub).map_err(AppError::internal)?),
            registry_number: Set(number),
            direction: Set(d.direction.to_owned()),
            state: Set(state.code().to_owned()),
            search_text: Set(search_text(parts)),
            subject: Set(d.subject.clone()),
            channel: Set(if d.direction == "Internal" {
                "Internal"
            } else {
                "Paper"
            }
            .to_owned()),
            sender: Set(d.sender.clone().or_else(|| partner.map(|(_, n)| n.clone()))),
            partner_id: Set(partner.map(|(id, _)| *id)),
            received_at: Set((d.direction == "Incoming").then_some(registered)),
            registered_at: Set(registered),
            registered_by: Set(user),
            ..Default::default()
        });
    }
    let document_count = document_rows.len();
    for chunk in chunks(document_rows) {
        document::Entity::insert_many(chunk)
            .exec_without_returning(tx.conn())
            .await?;
    }
    for chunk in chunks(events) {
        case_event::Entity::insert_many(chunk)
            .exec_without_returning(tx.conn())
            .await?;
    }
    tx.audit(AuditEvent::new(
        "records.import",
        "register",
        None,
        format!(
            "{book_count} books, {partner_count} partners, {case_count} case files, {document_count} documents imported"
        ),
    ))
    .await?;
    Ok(ImportReport {
        imported: true,
        books: book_count,
        partners: partner_count,
        case_files: case_count,
        documents: document_count,
        rejected: Vec::new(),
    })
}

fn chunks<T>(rows: Vec<T>) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        out.push(rows.by_ref().take(CHUNK).collect());
    }
    out
}
