//! Records master data in the database (server only). Every query filters by the acting
//! municipality; ids typed by a client are looked up together with it. Changes need the head
//! of records (`Role::RecordsHead`) and are audited in the same transaction; reading for the
//! daily flow's forms needs any records role.
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::domain::{
    BookKind, MAX_DEADLINE_DAYS, MAX_NAME_CHARS, MAX_TEMPLATE_CHARS, PartnerKind, RetentionProblem,
    clean, dedupe_key, is_code, is_postal_code, is_prefix, normalise_tax_number,
    numbering_is_frozen, optional_number, partner_search_key, retention_rule,
};
use super::retention_plan::RETENTION_PLAN;
use super::types::{
    BookRow, CategoryRow, Choice, ChoiceLists, PartnerRow, PartnerSaved, RetentionRow,
    TemplatePreview, UnitRow,
};
use crate::db::{case_category, org_unit, partner, register_book, retention_item};
use crate::domain::{RegistryNumber, RegistryNumberTemplate, TemplateError};
use crate::problems::RecordsProblem;
use crate::types::{CategoryId, IdField, PartnerId, RegisterBookId, RetentionItemId, UnitId};
use openasp_core::error::{AppError, Problem};
use openasp_core::paging::{Page, PageNumber};
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{TenantTx, now};

pub const MASTER_PAGE_SIZE: u64 = 25;

/// Changing master data is the head of records' (records administrator's) right.
fn require_head(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::RecordsHead)
}

/// Reading master data needs a records role.
fn require_records(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn page_of<T>(items: Vec<T>, total: u64, page: PageNumber) -> Page<T> {
    Page {
        items,
        total,
        page: page.get(),
        page_size: MASTER_PAGE_SIZE,
    }
}

/// A required name: cleaned, not empty, not too long.
fn required_name(field: &str, text: &str) -> Result<String, AppError> {
    let name = clean(text);
    if name.is_empty() {
        return Err(AppError::invalid(field, Problem::Required));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid(field, Problem::TooLong));
    }
    Ok(name)
}

fn optional_text(field: &str, text: &str, max: usize) -> Result<Option<String>, AppError> {
    let text = clean(text);
    if text.chars().count() > max {
        return Err(AppError::invalid(field, Problem::TooLong));
    }
    Ok((!text.is_empty()).then_some(text))
}

/// Collects every field problem of a form, so the error summary lists them all at once.
#[derive(Default)]
struct Problems(Vec<openasp_core::error::FieldProblem>);

impl Problems {
    fn check<T>(&mut self, result: Result<T, AppError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(AppError::Invalid(problems)) => {
                self.0.extend(problems);
                None
            }
            Err(_) => None,
        }
    }

    fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(openasp_core::error::FieldProblem {
            field: field.to_owned(),
            problem,
        });
    }

    fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

// ---- Organisational units -------------------------------------------------------------------

/// The municipality's active units, by name (for select boxes).
pub async fn units(tx: &TenantTx) -> Result<Vec<org_unit::Model>, AppError> {
    require_records(tx)?;
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(tx.municipality()))
        .filter(org_unit::Column::Active.eq(true))
        .order_by_asc(org_unit::Column::Name)
        .all(tx.conn())
        .await?)
}

/// The unit `id` of the acting municipality, if it exists.
pub async fn find_unit(tx: &TenantTx, id: UnitId) -> Result<Option<org_unit::Model>, AppError> {
    Ok(org_unit::Entity::find_by_id((tx.municipality().0, id.0))
        .filter(org_unit::Column::MunicipalityId.eq(tx.municipality()))
        .one(tx.conn())
        .await?)
}

pub async fn list_units(tx: &TenantTx, page: u64) -> Result<Page<UnitRow>, AppError> {
    require_records(tx)?;
    let page = PageNumber::new(page);
    let select =
        org_unit::Entity::find().filter(org_unit::Column::MunicipalityId.eq(tx.municipality()));
    let total = select.clone().count(tx.conn()).await?;
    let rows = select
        .order_by_desc(org_unit::Column::Active)
        .order_by_asc(org_unit::Column::Name)
        .order_by_asc(org_unit::Column::Id)
        .offset(page.offset(MASTER_PAGE_SIZE))
        .limit(MASTER_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    let items = rows
        .into_iter()
        .map(|u| UnitRow {
            id: u.id.to_string(),
            name: u.name,
            code: u.code,
            active: u.active,
        })
        .collect();
    Ok(page_of(items, total, page))
}

/// Creates a unit (`id` empty) or renames one. Answers its id.
pub async fn save_unit(
    tx: &TenantTx,
    id: IdField<UnitId>,
    name: &str,
    code: &str,
) -> Result<i64, AppError> {
    require_head(tx)?;
    let mut problems = Problems::default();
    let name = problems.check(required_name("name", name));
    let code = clean(code);
    if !code.is_empty() && !is_code(&code) {
        problems.add("code", Problem::Malformed);
    }
    problems.finish()?;
    let name = name.unwrap_or_default();
    let code = (!code.is_empty()).then_some(code);
    if id.is_empty() {
        let id = new_row_id();
        org_unit::Entity::insert(org_unit::ActiveModel {
            municipality_id: Set(tx.municipality().into()),
            id: Set(id),
            name: Set(name.clone()),
            code: Set(code),
            active: Set(true),
            created_at: Set(now()),
        })
        .exec_without_returning(tx.conn())
        .await?;
        tx.audit(AuditEvent::new(
            "records.unit.create",
            "org_unit",
            Some(id.to_string()),
            name,
        ))
        .await?;
        return Ok(id);
    }
    let unit = find_unit(tx, id.required_row()?)
        .await?
        .ok_or(AppError::NotFound)?;
    org_unit::Entity::update(org_unit::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(unit.id),
        name: Set(name.clone()),
        code: Set(code),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "records.unit.update",
        "org_unit",
        Some(unit.id.to_string()),
        format!("{} → {name}", unit.name),
    ))
    .await?;
    Ok(unit.id)
}

/// Deactivates a unit (no longer offered; what refers to it keeps it) or reactivates it.
pub async fn set_unit_active(
    tx: &TenantTx,
    id: IdField<UnitId>,
    active: bool,
) -> Result<(), AppError> {
    require_head(tx)?;
    let unit = find_unit(tx, id.required_row()?)
        .await?
        .ok_or(AppError::NotFound)?;
    org_unit::Entity::update(org_unit::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(unit.id),
        active: Set(active),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        if active {
            "records.unit.activate"
        } else {
            "records.unit.deactivate"
        },
        "org_unit",
        Some(unit.id.to_string()),
        unit.name,
    ))
    .await?;
    Ok(())
}

// ---- Register and receipt books -------------------------------------------------------------

/// What the book form sends.
#[derive(Debug, Clone, Default)]
pub struct BookInput {
    pub id: IdField<RegisterBookId>,
    pub kind: String,
    pub year: String,
    pub name: String,
    pub prefix: String,
    pub template: String,
}

fn template_problem(error: TemplateError) -> (&'static str, &'static str) {
    match error {
        TemplateError::UnknownPlaceholder => (
            "Ismeretlen helyőrző. Használható: {prefix}, {main}, {sub}, {year}.",
            "Unknown placeholder. Use {prefix}, {main}, {sub} and {year}.",
        ),
        TemplateError::Unclosed => (
            "Egy kapcsos zárójel nincs lezárva.",
            "A brace is not closed.",
        ),
        TemplateError::MissingOrRepeated => (
            "A formátumban a {main}, a {sub} és a {year} pontosan egyszer szerepeljen.",
            "The template needs {main}, {sub} and {year} exactly once.",
        ),
        TemplateError::AdjacentNumbers => (
            "Két szám közé elválasztó jel kell (például / vagy -).",
            "Two numbers must be separated by text (such as / or -).",
        ),
    }
}

/// The number the template gives for the 156th case file's 3rd document of `year` (or this
/// year when `year` is not a year), or what is wrong with the template.
pub fn template_example(template: &str, prefix: &str, year: &str) -> TemplatePreview {
    use chrono::Datelike;
    let year = year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| now().year());
    if template.chars().count() > MAX_TEMPLATE_CHARS {
        return TemplatePreview {
            example: None,
            problem_hu: Some("A formátum túl hosszú.".into()),
            problem_en: Some("The template is too long.".into()),
        };
    }
    match RegistryNumberTemplate::parse(template.trim()) {
        Ok(parsed) => TemplatePreview {
            example: Some(parsed.format(
                prefix.trim(),
                RegistryNumber {
                    main: 156,
                    sub: 3,
                    year,
                },
            )),
            problem_hu: None,
            problem_en: None,
        },
        Err(error) => {
            let (hu, en) = template_problem(error);
            TemplatePreview {
                example: None,
                problem_hu: Some(hu.into()),
                problem_en: Some(en.into()),
            }
        }
    }
}

/// The book `id` of the acting municipality, if it exists.
pub async fn find_book(
    tx: &TenantTx,
    id: RegisterBookId,
) -> Result<Option<register_book::Model>, AppError> {
    Ok(
        register_book::Entity::find_by_id((tx.municipality().0, id.0))
            .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
            .one(tx.conn())
            .await?,
    )
}

/// The municipality's books of `kind` for `year`, by prefix (for select boxes).
pub async fn books(
    tx: &TenantTx,
    kind: BookKind,
    year: i32,
) -> Result<Vec<register_book::Model>, AppError> {
    require_records(tx)?;
    Ok(register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Kind.eq(kind.code()))
        .filter(register_book::Column::Year.eq(year))
        .order_by_asc(register_book::Column::Prefix)
        .all(tx.conn())
        .await?)
}

fn book_row(b: register_book::Model) -> BookRow {
    let example = RegistryNumberTemplate::parse(&b.template)
        .map(|t| {
            t.format(
                &b.prefix,
                RegistryNumber {
                    main: u32::try_from(b.last_main).unwrap_or(0).saturating_add(1),
                    sub: 1,
                    year: b.year,
                },
            )
        })
        .unwrap_or_default();
    BookRow {
        id: b.id.to_string(),
        kind: b.kind,
        year: b.year,
        name: b.name,
        prefix: b.prefix,
        template: b.template,
        last_main: b.last_main,
        example,
        closed: b.closed_at.is_some(),
    }
}

/// The books, newest year first; `year` (if a number) filters.
pub async fn list_books(tx: &TenantTx, year: &str, page: u64) -> Result<Page<BookRow>, AppError> {
    require_records(tx)?;
    let page = PageNumber::new(page);
    let mut select = register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()));
    if let Ok(year) = year.trim().parse::<i32>() {
        select = select.filter(register_book::Column::Year.eq(year));
    }
    let total = select.clone().count(tx.conn()).await?;
    let rows = select
        .order_by_desc(register_book::Column::Year)
        .order_by_asc(register_book::Column::Kind)
        .order_by_asc(register_book::Column::Prefix)
        .offset(page.offset(MASTER_PAGE_SIZE))
        .limit(MASTER_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    Ok(page_of(
        rows.into_iter().map(book_row).collect(),
        total,
        page,
    ))
}

async fn book_exists(
    tx: &TenantTx,
    kind: &str,
    prefix: &str,
    year: i32,
    except: Option<i64>,
) -> Result<bool, AppError> {
    let mut select = register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Kind.eq(kind))
        .filter(register_book::Column::Prefix.eq(prefix))
        .filter(register_book::Column::Year.eq(year));
    if let Some(id) = except {
        select = select.filter(register_book::Column::Id.ne(id));
    }
    Ok(select.count(tx.conn()).await? > 0)
}

/// Creates a book (`id` empty) or changes one. Unique per (kind, prefix, year); a new year's
/// book starts its main numbers at 1. Kind and year are fixed once created, and the template
/// and prefix once the book issued a number (numbers are kept forever in their form).
pub async fn save_book(tx: &TenantTx, input: &BookInput) -> Result<i64, AppError> {
    require_head(tx)?;
    let mut problems = Problems::default();
    let name = problems.check(required_name("name", &input.name));
    let prefix = input.prefix.trim().to_owned();
    if !is_prefix(&prefix) {
        problems.add("prefix", Problem::Malformed);
    }
    let template = input.template.trim().to_owned();
    if template.is_empty() {
        problems.add("template", Problem::Required);
    } else if template.chars().count() > MAX_TEMPLATE_CHARS {
        problems.add("template", Problem::TooLong);
    } else if RegistryNumberTemplate::parse(&template).is_err() {
        problems.add("template", Problem::Malformed);
    }
    let existing = if input.id.is_empty() {
        None
    } else {
        Some(
            find_book(tx, input.id.required_row()?)
                .await?
                .ok_or(AppError::NotFound)?,
        )
    };
    let (kind, year) = match &existing {
        Some(book) => (book.kind.clone(), book.year),
        None => {
            let kind = BookKind::from_code(input.kind.trim()).map(|k| k.code().to_owned());
            if kind.is_none() {
                problems.add("kind", Problem::Malformed);
            }
            let year = input
                .year
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y));
            if input.year.trim().is_empty() {
                problems.add("year", Problem::Required);
            } else if year.is_none() {
                problems.add("year", Problem::Malformed);
            }
            (kind.unwrap_or_default(), year.unwrap_or_default())
        }
    };
    problems.finish()?;
    let name = name.unwrap_or_default();
    if book_exists(tx, &kind, &prefix, year, existing.as_ref().map(|b| b.id)).await? {
        return Err(AppError::invalid("prefix", Problem::Duplicate));
    }
    let Some(book) = existing else {
        let id = new_row_id();
        register_book::Entity::insert(register_book::ActiveModel {
            municipality_id: Set(tx.municipality().into()),
            id: Set(id),
            kind: Set(kind.clone()),
            year: Set(year),
            name: Set(name.clone()),
            prefix: Set(prefix.clone()),
            template: Set(template.clone()),
            last_main: Set(0),
            closed_at: Set(None),
            closed_by: Set(None),
            closing_statement: Set(None),
        })
        .on_conflict(
            // A book of the same (kind, prefix, year) made meanwhile: reported as a duplicate.
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
        if find_book(tx, RegisterBookId(id)).await?.is_none() {
            return Err(AppError::invalid("prefix", Problem::Duplicate));
        }
        tx.audit(AuditEvent::new(
            "records.book.create",
            "register_book",
            Some(id.to_string()),
            format!("{kind} {year} {name} ({prefix}) {template}"),
        ))
        .await?;
        return Ok(id);
    };
    let numbering_changes = book.template != template || book.prefix != prefix;
    if numbering_changes && numbering_is_frozen(book.last_main) {
        let field = if book.template != template {
            "template"
        } else {
            "prefix"
        };
        return Err(AppError::invalid(
            field,
            Problem::from(RecordsProblem::NumbersIssued),
        ));
    }
    let mut update = register_book::Entity::update_many()
        .col_expr(register_book::Column::Name, Expr::value(name.clone()))
        .col_expr(register_book::Column::Prefix, Expr::value(prefix.clone()))
        .col_expr(
            register_book::Column::Template,
            Expr::value(template.clone()),
        )
        .filter(register_book::Column::MunicipalityId.eq(tx.municipality()))
        .filter(register_book::Column::Id.eq(book.id));
    if numbering_changes {
        // A number drawn meanwhile wins: the change applies only while none was issued.
        update = update.filter(register_book::Column::LastMain.eq(0));
    }
    if update.exec(tx.conn()).await?.rows_affected == 0 {
        return Err(AppError::invalid(
            "template",
            Problem::from(RecordsProblem::NumbersIssued),
        ));
    }
    tx.audit(AuditEvent::new(
        "records.book.update",
        "register_book",
        Some(book.id.to_string()),
        format!("{} {} {name} ({prefix}) {template}", book.kind, book.year),
    ))
    .await?;
    Ok(book.id)
}

// ---- The retention plan ---------------------------------------------------------------------

/// Gives `municipality` the standard retention plan if it has none yet (idempotent; safe when
/// two first uses race). Used on first use by every municipality and by the demo data.
pub async fn ensure_retention_plan<C: ConnectionTrait>(
    conn: &C,
    municipality: i32,
) -> Result<bool, AppError> {
    let has = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(municipality))
        .count(conn)
        .await?;
    if has > 0 {
        return Ok(false);
    }
    // In batches: about 600 items, a few statements instead of one per item.
    for chunk in RETENTION_PLAN.chunks(100) {
        retention_item::Entity::insert_many(chunk.iter().map(|(code, title, years, transfer)| {
            retention_item::ActiveModel {
                municipality_id: Set(municipality),
                id: Set(new_row_id()),
                code: Set((*code).to_owned()),
                title: Set((*title).to_owned()),
                retention_years: Set(*years),
                not_disposable: Set(years.is_none()),
                archive_transfer_years: Set(*transfer),
                active: Set(true),
            }
        }))
        .on_conflict(
            OnConflict::columns([
                retention_item::Column::MunicipalityId,
                retention_item::Column::Code,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(true)
}

/// Seeds the plan on first use, with its audit entry.
async fn ensure_plan(tx: &TenantTx) -> Result<(), AppError> {
    if ensure_retention_plan(tx.conn(), tx.municipality().0).await? {
        tx.audit(AuditEvent::new(
            "records.retention.seed",
            "retention_item",
            None,
            format!(
                "{} items of the standard plan (78/2012. BM r.)",
                RETENTION_PLAN.len()
            ),
        ))
        .await?;
    }
    Ok(())
}

/// The municipality's active retention items, by code (for select boxes).
pub async fn retention_items(tx: &TenantTx) -> Result<Vec<retention_item::Model>, AppError> {
    require_records(tx)?;
    ensure_plan(tx).await?;
    Ok(retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(retention_item::Column::Active.eq(true))
        .order_by_asc(retention_item::Column::Code)
        .all(tx.conn())
        .await?)
}

/// The retention item `id` of the acting municipality, if it exists.
pub async fn find_retention_item(
    tx: &TenantTx,
    id: RetentionItemId,
) -> Result<Option<retention_item::Model>, AppError> {
    Ok(
        retention_item::Entity::find_by_id((tx.municipality().0, id.0))
            .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
            .one(tx.conn())
            .await?,
    )
}

fn retention_row(r: retention_item::Model) -> RetentionRow {
    RetentionRow {
        id: r.id.to_string(),
        code: r.code,
        title: r.title,
        retention_years: r.retention_years,
        not_disposable: r.not_disposable,
        archive_transfer_years: r.archive_transfer_years,
        active: r.active,
    }
}

/// The plan's items by code; `q` matches the start of the code or a word of the title.
pub async fn list_retention(
    tx: &TenantTx,
    q: &str,
    page: u64,
) -> Result<Page<RetentionRow>, AppError> {
    require_records(tx)?;
    ensure_plan(tx).await?;
    let page = PageNumber::new(page);
    let mut select = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()));
    let q = clean(q);
    if !q.is_empty() {
        select = select.filter(
            sea_orm::Condition::any()
                .add(retention_item::Column::Code.starts_with(&q))
                .add(retention_item::Column::Title.contains(&q)),
        );
    }
    let total = select.clone().count(tx.conn()).await?;
    let rows = select
        .order_by_asc(retention_item::Column::Code)
        .offset(page.offset(MASTER_PAGE_SIZE))
        .limit(MASTER_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    Ok(page_of(
        rows.into_iter().map(retention_row).collect(),
        total,
        page,
    ))
}

/// What the retention-item form sends.
#[derive(Debug, Clone, Default)]
pub struct RetentionInput {
    pub id: IdField<RetentionItemId>,
    pub code: String,
    pub title: String,
    pub retention_years: String,
    pub not_disposable: bool,
    pub archive_transfer_years: String,
    pub active: bool,
}

async fn retention_code_taken(
    tx: &TenantTx,
    code: &str,
    except: Option<i64>,
) -> Result<bool, AppError> {
    let mut select = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
        .filter(retention_item::Column::Code.eq(code));
    if let Some(id) = except {
        select = select.filter(retention_item::Column::Id.ne(id));
    }
    Ok(select.count(tx.conn()).await? > 0)
}

async fn category_code_taken(
    tx: &TenantTx,
    code: &str,
    except: Option<i64>,
) -> Result<bool, AppError> {
    let mut select = case_category::Entity::find()
        .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_category::Column::Code.eq(code));
    if let Some(id) = except {
        select = select.filter(case_category::Column::Id.ne(id));
    }
    Ok(select.count(tx.conn()).await? > 0)
}

/// Creates a retention item (`id` empty) or changes one. Codes are unique per municipality.
pub async fn save_retention_item(tx: &TenantTx, input: &RetentionInput) -> Result<i64, AppError> {
    require_head(tx)?;
    ensure_plan(tx).await?;
    let mut problems = Problems::default();
    let code = clean(&input.code);
    if code.is_empty() {
        problems.add("code", Problem::Required);
    } else if !is_code(&code) {
        problems.add("code", Problem::Malformed);
    }
    let title = clean(&input.title);
    if title.is_empty() {
        problems.add("title", Problem::Required);
    } else if title.chars().count() > 500 {
        problems.add("title", Problem::TooLong);
    }
    let years = optional_number(&input.retention_years);
    let transfer = optional_number(&input.archive_transfer_years);
    if years.is_err() {
        problems.add("retention_years", Problem::Malformed);
    }
    if transfer.is_err() {
        problems.add("archive_transfer_years", Problem::Malformed);
    }
    let (years, transfer) = (years.unwrap_or(None), transfer.unwrap_or(None));
    match retention_rule(years, input.not_disposable, transfer) {
        Ok(_) => {}
        Err(RetentionProblem::YearsRequired) => problems.add("retention_years", Problem::Required),
        Err(RetentionProblem::YearsOutOfRange) => {
            problems.add("retention_years", Problem::Malformed)
        }
        Err(RetentionProblem::TransferOutOfRange | RetentionProblem::TransferAfterDisposal) => {
            problems.add("archive_transfer_years", Problem::Malformed)
        }
    }
    let existing = if input.id.is_empty() {
        None
    } else {
        Some(
            find_retention_item(tx, input.id.required_row()?)
                .await?
                .ok_or(AppError::NotFound)?,
        )
    };
    problems.finish()?;
    if retention_code_taken(tx, &code, existing.as_ref().map(|r| r.id)).await? {
        return Err(AppError::invalid("code", Problem::Duplicate));
    }
    let id = existing.as_ref().map(|r| r.id).unwrap_or_else(new_row_id);
    let model = retention_item::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        code: Set(code.clone()),
        title: Set(title.clone()),
        retention_years: Set(years),
        not_disposable: Set(input.not_disposable),
        archive_transfer_years: Set(transfer),
        active: Set(input.active),
    };
    let rule = match years {
        Some(y) => format!("{y} év"),
        None => "nem selejtezhető".to_owned(),
    };
    if existing.is_some() {
        retention_item::Entity::update(model)
            .exec(tx.conn())
            .await?;
    } else {
        retention_item::Entity::insert(model)
            .exec_without_returning(tx.conn())
            .await?;
    }
    tx.audit(AuditEvent::new(
        if existing.is_some() {
            "records.retention.update"
        } else {
            "records.retention.create"
        },
        "retention_item",
        Some(id.to_string()),
        format!("{code} {title} ({rule})"),
    ))
    .await?;
    Ok(id)
}

// ---- Case categories ------------------------------------------------------------------------

/// The municipality's active case categories, by code (for select boxes).
pub async fn categories(tx: &TenantTx) -> Result<Vec<case_category::Model>, AppError> {
    require_records(tx)?;
    Ok(case_category::Entity::find()
        .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
        .filter(case_category::Column::Active.eq(true))
        .order_by_asc(case_category::Column::Code)
        .all(tx.conn())
        .await?)
}

/// The case category `id` of the acting municipality, if it exists.
pub async fn find_category(
    tx: &TenantTx,
    id: CategoryId,
) -> Result<Option<case_category::Model>, AppError> {
    Ok(
        case_category::Entity::find_by_id((tx.municipality().0, id.0))
            .filter(case_category::Column::MunicipalityId.eq(tx.municipality()))
            .one(tx.conn())
            .await?,
    )
}

pub async fn list_categories(tx: &TenantTx, page: u64) -> Result<Page<CategoryRow>, AppError> {
    require_records(tx)?;
    let page = PageNumber::new(page);
    let select = case_category::Entity::find()
        .filter(case_category::Column::MunicipalityId.eq(tx.municipality()));
    let total = select.clone().count(tx.conn()).await?;
    let rows = select
        .order_by_asc(case_category::Column::Code)
        .offset(page.offset(MASTER_PAGE_SIZE))
        .limit(MASTER_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    // The page's items and units in two queries, not two per row.
    let item_ids: Vec<i64> = rows.iter().filter_map(|c| c.retention_item_id).collect();
    let unit_ids: Vec<i64> = rows.iter().filter_map(|c| c.unit_id).collect();
    let items_by_id: std::collections::HashMap<i64, retention_item::Model> =
        retention_item::Entity::find()
            .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
            .filter(retention_item::Column::Id.is_in(item_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
    let units_by_id: std::collections::HashMap<i64, org_unit::Model> = org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(tx.municipality()))
        .filter(org_unit::Column::Id.is_in(unit_ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let items = rows
        .into_iter()
        .map(|c| CategoryRow {
            id: c.id.to_string(),
            retention_item: c
                .retention_item_id
                .and_then(|id| items_by_id.get(&id))
                .map(|r| format!("{} {}", r.code, r.title)),
            unit: c
                .unit_id
                .and_then(|id| units_by_id.get(&id))
                .map(|u| u.name.clone()),
            retention_item_id: c.retention_item_id.map(|id| id.to_string()),
            unit_id: c.unit_id.map(|id| id.to_string()),
            code: c.code,
            name: c.name,
            deadline_days: c.deadline_days,
            active: c.active,
        })
        .collect();
    Ok(page_of(items, total, page))
}

/// What the case-category form sends.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    pub id: IdField<CategoryId>,
    pub code: String,
    pub name: String,
    pub deadline_days: String,
    pub retention_item: IdField<RetentionItemId>,
    pub unit: IdField<UnitId>,
    pub active: bool,
}

/// Creates a case category (`id` empty) or changes one. Its retention item and unit must be
/// the municipality's own.
pub async fn save_category(tx: &TenantTx, input: &CategoryInput) -> Result<i64, AppError> {
    require_head(tx)?;
    let mut problems = Problems::default();
    let code = clean(&input.code);
    if code.is_empty() {
        problems.add("code", Problem::Required);
    } else if !is_code(&code) {
        problems.add("code", Problem::Malformed);
    }
    let name = problems.check(required_name("name", &input.name));
    let days = match optional_number(&input.deadline_days) {
        Ok(Some(days)) if (1..=MAX_DEADLINE_DAYS).contains(&days) => Some(days),
        Ok(None) => {
            problems.add("deadline_days", Problem::Required);
            None
        }
        _ => {
            problems.add("deadline_days", Problem::Malformed);
            None
        }
    };
    let retention_id = problems
        .check(input.retention_item.optional("retention_item"))
        .flatten();
    let unit_id = problems.check(input.unit.optional("unit")).flatten();
    if let Some(id) = retention_id
        && find_retention_item(tx, id).await?.is_none()
    {
        problems.add("retention_item", Problem::Malformed);
    }
    if let Some(id) = unit_id
        && find_unit(tx, id).await?.is_none()
    {
        problems.add("unit", Problem::Malformed);
    }
    let existing = if input.id.is_empty() {
        None
    } else {
        Some(
            find_category(tx, input.id.required_row()?)
                .await?
                .ok_or(AppError::NotFound)?,
        )
    };
    problems.finish()?;
    if category_code_taken(tx, &code, existing.as_ref().map(|c| c.id)).await? {
        return Err(AppError::invalid("code", Problem::Duplicate));
    }
    let name = name.unwrap_or_default();
    let days = days.unwrap_or(1);
    let id = existing.as_ref().map(|c| c.id).unwrap_or_else(new_row_id);
    let model = case_category::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        code: Set(code.clone()),
        name: Set(name.clone()),
        deadline_days: Set(days),
        retention_item_id: Set(retention_id.map(|id| id.0)),
        unit_id: Set(unit_id.map(|id| id.0)),
        active: Set(input.active),
    };
    if existing.is_some() {
        case_category::Entity::update(model).exec(tx.conn()).await?;
    } else {
        case_category::Entity::insert(model)
            .exec_without_returning(tx.conn())
            .await?;
    }
    tx.audit(AuditEvent::new(
        if existing.is_some() {
            "records.category.update"
        } else {
            "records.category.create"
        },
        "case_category",
        Some(id.to_string()),
        format!("{code} {name} ({days} nap)"),
    ))
    .await?;
    Ok(id)
}

// ---- Partners -------------------------------------------------------------------------------

/// What a partner form (or another system) sends.
#[derive(Debug, Clone, Default)]
pub struct PartnerInput {
    /// `person` or `organisation`.
    pub kind: String,
    pub name: String,
    /// `YYYY-MM-DD`, optional, persons only.
    pub birth_date: String,
    /// Organisations only, optional.
    pub tax_number: String,
    pub postal_code: String,
    pub city: String,
    pub street_address: String,
    pub email: String,
    pub phone: String,
}

/// A partner as checked, ready to store.
struct CheckedPartner {
    kind: PartnerKind,
    name: String,
    birth_date: Option<chrono::NaiveDate>,
    tax_number: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    street_address: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

fn check_partner(input: &PartnerInput) -> Result<CheckedPartner, AppError> {
    let mut problems = Problems::default();
    let kind = PartnerKind::from_code(input.kind.trim());
    if kind.is_none() {
        problems.add("kind", Problem::Malformed);
    }
    let name = problems.check(required_name("name", &input.name));
    let birth_date = match input.birth_date.trim() {
        "" => None,
        text => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) if kind == Some(PartnerKind::Person) && date <= now().date_naive() => {
                Some(date)
            }
            _ => {
                problems.add("birth_date", Problem::Malformed);
                None
            }
        },
    };
    let tax_number = match input.tax_number.trim() {
        "" => None,
        text => match normalise_tax_number(text) {
            Some(tax) if kind == Some(PartnerKind::Organisation) => Some(tax),
            _ => {
                problems.add("tax_number", Problem::Malformed);
                None
            }
        },
    };
    let postal_code = input.postal_code.trim().to_owned();
    if !postal_code.is_empty() && !is_postal_code(&postal_code) {
        problems.add("postal_code", Problem::Malformed);
    }
    let city = problems.check(optional_text("city", &input.city, MAX_NAME_CHARS));
    let street = problems.check(optional_text(
        "street_address",
        &input.street_address,
        MAX_NAME_CHARS,
    ));
    let email = input.email.trim().to_owned();
    if !email.is_empty()
        && (email.len() > 254 || !email.contains('@') || email.contains(char::is_whitespace))
    {
        problems.add("email", Problem::Malformed);
    }
    let phone = problems.check(optional_text("phone", &input.phone, 40));
    problems.finish()?;
    Ok(CheckedPartner {
        kind: kind.unwrap_or(PartnerKind::Person),
        name: name.unwrap_or_default(),
        birth_date,
        tax_number,
        postal_code: (!postal_code.is_empty()).then_some(postal_code),
        city: city.flatten(),
        street_address: street.flatten(),
        email: (!email.is_empty()).then_some(email),
        phone: phone.flatten(),
    })
}

/// The partner `id` of the acting municipality, if it exists (merged ones too).
pub async fn find_partner(
    tx: &TenantTx,
    id: PartnerId,
) -> Result<Option<partner::Model>, AppError> {
    Ok(partner::Entity::find_by_id((tx.municipality().0, id.0))
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .one(tx.conn())
        .await?)
}

/// The partner that `id` stands for now: itself, or the one it was merged into.
pub async fn current_partner(
    tx: &TenantTx,
    id: PartnerId,
) -> Result<Option<partner::Model>, AppError> {
    let mut current = find_partner(tx, id).await?;
    // Merges point at partners that are not merged themselves; the bound guards bad data.
    for _ in 0..8 {
        match current.as_ref().and_then(|p| p.merged_into_id) {
            Some(next) => current = find_partner(tx, PartnerId(next)).await?,
            None => break,
        }
    }
    Ok(current)
}

/// Creates the partner unless one with the same de-duplication key is already offered, in
/// which case that one is answered and nothing is created.
pub async fn save_partner(tx: &TenantTx, input: &PartnerInput) -> Result<PartnerSaved, AppError> {
    require_records(tx)?;
    let p = check_partner(input)?;
    let key = dedupe_key(
        &p.name,
        p.postal_code.as_deref().unwrap_or(""),
        p.street_address.as_deref().unwrap_or(""),
    );
    let existing = partner::Entity::find()
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .filter(partner::Column::DedupeKey.eq(key.clone()))
        .filter(partner::Column::Kind.eq(p.kind.code()))
        .filter(partner::Column::MergedIntoId.is_null())
        .order_by_asc(partner::Column::CreatedAt)
        .one(tx.conn())
        .await?;
    if let Some(existing) = existing {
        return Ok(PartnerSaved {
            id: existing.id.to_string(),
            name: existing.name,
            existing: true,
        });
    }
    let id = new_row_id();
    partner::Entity::insert(partner::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id),
        kind: Set(p.kind.code().to_owned()),
        name: Set(p.name.clone()),
        dedupe_key: Set(key),
        birth_date: Set(p.birth_date),
        tax_number: Set(p.tax_number),
        postal_code: Set(p.postal_code),
        city: Set(p.city),
        street_address: Set(p.street_address),
        email: Set(p.email),
        phone: Set(p.phone),
        merged_into_id: Set(None),
        created_at: Set(now()),
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "records.partner.create",
        "partner",
        Some(id.to_string()),
        p.name.clone(),
    ))
    .await?;
    Ok(PartnerSaved {
        id: id.to_string(),
        name: p.name,
        existing: false,
    })
}

/// Changes the partner `id` of the acting municipality (not a merged one): everything but its
/// kind (taken from the stored partner). Its de-duplication key is computed anew; a change
/// that would make it a duplicate of another offered partner is refused.
pub async fn update_partner(
    tx: &TenantTx,
    id: IdField<PartnerId>,
    input: &PartnerInput,
) -> Result<(), AppError> {
    require_head(tx)?;
    let current = find_partner(tx, id.required_row()?)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.merged_into_id.is_some() {
        return Err(AppError::invalid("id", Problem::Malformed));
    }
    let p = check_partner(&PartnerInput {
        kind: current.kind.clone(),
        ..input.clone()
    })?;
    let key = dedupe_key(
        &p.name,
        p.postal_code.as_deref().unwrap_or(""),
        p.street_address.as_deref().unwrap_or(""),
    );
    let duplicate = partner::Entity::find()
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .filter(partner::Column::DedupeKey.eq(key.clone()))
        .filter(partner::Column::Kind.eq(p.kind.code()))
        .filter(partner::Column::MergedIntoId.is_null())
        .filter(partner::Column::Id.ne(current.id))
        .count(tx.conn())
        .await?;
    if duplicate > 0 {
        return Err(AppError::invalid("name", Problem::Duplicate));
    }
    partner::Entity::update_many()
        .col_expr(partner::Column::Name, Expr::value(p.name.clone()))
        .col_expr(partner::Column::DedupeKey, Expr::value(key))
        .col_expr(partner::Column::BirthDate, Expr::value(p.birth_date))
        .col_expr(partner::Column::TaxNumber, Expr::value(p.tax_number))
        .col_expr(partner::Column::PostalCode, Expr::value(p.postal_code))
        .col_expr(partner::Column::City, Expr::value(p.city))
        .col_expr(
            partner::Column::StreetAddress,
            Expr::value(p.street_address),
        )
        .col_expr(partner::Column::Email, Expr::value(p.email))
        .col_expr(partner::Column::Phone, Expr::value(p.phone))
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .filter(partner::Column::Id.eq(current.id))
        .filter(partner::Column::MergedIntoId.is_null())
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "records.partner.update",
        "partner",
        Some(current.id.to_string()),
        if current.name == p.name {
            p.name
        } else {
            format!("{} → {}", current.name, p.name)
        },
    ))
    .await?;
    Ok(())
}

/// The partner id for `input`: an existing duplicate's or a new one's. For the daily flow
/// (receipt, registration, other systems) inside their own transaction.
pub async fn find_or_create_partner(tx: &TenantTx, input: &PartnerInput) -> Result<i64, AppError> {
    let saved = save_partner(tx, input).await?;
    saved.id.parse().map_err(AppError::internal)
}

/// Partners still offered (not merged), by name; `q` matches the name whatever its case,
/// accents, spacing or punctuation. Reading it is audited (it lists personal data).
pub async fn list_partners(
    tx: &TenantTx,
    q: &str,
    page: u64,
) -> Result<Page<PartnerRow>, AppError> {
    require_records(tx)?;
    let page = PageNumber::new(page);
    let mut select = partner::Entity::find()
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .filter(partner::Column::MergedIntoId.is_null());
    let key = partner_search_key(q);
    if !key.is_empty() {
        select = select.filter(partner::Column::DedupeKey.contains(&key));
    }
    let total = select.clone().count(tx.conn()).await?;
    let rows = select
        .order_by_asc(partner::Column::DedupeKey)
        .order_by_asc(partner::Column::Id)
        .offset(page.offset(MASTER_PAGE_SIZE))
        .limit(MASTER_PAGE_SIZE)
        .all(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "partner",
        None,
        format!("{} partners listed", rows.len()),
    ))
    .await?;
    let items = rows
        .into_iter()
        .map(|p| PartnerRow {
            id: p.id.to_string(),
            kind: p.kind,
            name: p.name,
            birth_date: p.birth_date.map(|d| d.to_string()),
            tax_number: p.tax_number,
            postal_code: p.postal_code,
            city: p.city,
            street_address: p.street_address,
            email: p.email,
            phone: p.phone,
        })
        .collect();
    Ok(page_of(items, total, page))
}

/// Merges `duplicate` into `into` (both the municipality's, distinct, neither merged): the
/// duplicate is no longer offered; partners merged into it earlier now lead to `into`.
pub async fn merge_partners(
    tx: &TenantTx,
    duplicate: IdField<PartnerId>,
    into: IdField<PartnerId>,
) -> Result<(), AppError> {
    require_head(tx)?;
    let duplicate = find_partner(tx, duplicate.required_row()?)
        .await?
        .ok_or(AppError::NotFound)?;
    let into = find_partner(tx, into.required_row()?)
        .await?
        .ok_or(AppError::NotFound)?;
    if duplicate.id == into.id || duplicate.merged_into_id.is_some() {
        return Err(AppError::invalid("duplicate", Problem::Malformed));
    }
    if into.merged_into_id.is_some() {
        return Err(AppError::invalid("into", Problem::Malformed));
    }
    partner::Entity::update_many()
        .col_expr(partner::Column::MergedIntoId, Expr::value(into.id))
        .filter(partner::Column::MunicipalityId.eq(tx.municipality()))
        .filter(
            sea_orm::Condition::any()
                .add(partner::Column::Id.eq(duplicate.id))
                .add(partner::Column::MergedIntoId.eq(duplicate.id)),
        )
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "records.partner.merge",
        "partner",
        Some(duplicate.id.to_string()),
        format!("{} → {} ({})", duplicate.name, into.name, into.id),
    ))
    .await?;
    Ok(())
}

// ---- For the daily flow's forms -------------------------------------------------------------

/// The active units, categories and retention items as select-box choices.
pub async fn choices(tx: &TenantTx) -> Result<ChoiceLists, AppError> {
    Ok(ChoiceLists {
        units: units(tx)
            .await?
            .into_iter()
            .map(|u| Choice {
                id: u.id.to_string(),
                label: u.name,
            })
            .collect(),
        categories: categories(tx)
            .await?
            .into_iter()
            .map(|c| Choice {
                id: c.id.to_string(),
                label: format!("{} – {}", c.code, c.name),
            })
            .collect(),
        retention_items: retention_items(tx)
            .await?
            .into_iter()
            .map(|r| Choice {
                id: r.id.to_string(),
                label: format!("{} – {}", r.code, r.title),
            })
            .collect(),
    })
}

// ---- Demo data ------------------------------------------------------------------------------

/// Demo units of a mayor's office, and case categories that lead to them and to the plan.
const DEMO_UNITS: &[(&str, &str)] = &[
    ("JEGY", "Jegyzői Iroda"),
    ("IG", "Igazgatási Osztály"),
    ("ÉP", "Építéshatósági és Városfejlesztési Osztály"),
    ("ADO", "Adóügyi Iroda"),
    ("PÉNZ", "Pénzügyi Osztály"),
    ("SZOC", "Szociális és Családügyi Iroda"),
];

/// (code, name, deadline days, retention item code, unit code)
const DEMO_CATEGORIES: &[(&str, &str, i32, &str, &str)] = &[
    ("KT", "Képviselő-testületi ügyek", 30, "U102", "JEGY"),
    (
        "PANASZ",
        "Panaszok, közérdekű bejelentések",
        30,
        "U311",
        "JEGY",
    ),
    ("ADAT", "Közérdekű adatigénylés", 15, "U345", "JEGY"),
    ("HAGY", "Hagyatéki ügyek", 30, "H802", "IG"),
    ("ANYK", "Anyakönyvi ügyek", 30, "H104", "IG"),
    ("KER", "Kereskedelmi ügyek", 21, "L113", "IG"),
    ("BIRT", "Birtokvédelem", 15, "H702", "IG"),
    ("TKEP", "Településképi ügyek", 15, "E220", "ÉP"),
    ("KOZT", "Közterület-használat", 21, "F103", "ÉP"),
    ("FA", "Fakivágás", 21, "M118", "ÉP"),
    ("HIPA", "Helyi iparűzési adó", 30, "A103", "ADO"),
    ("EPAD", "Építményadó", 30, "A103", "ADO"),
    ("ERT", "Adó- és értékbizonyítvány", 8, "A101", "ADO"),
    ("SZAMLA", "Számlák, kifizetések", 30, "U607", "PÉNZ"),
    ("TAM", "Települési támogatás", 21, "C140", "SZOC"),
    (
        "RGYK",
        "Rendszeres gyermekvédelmi kedvezmény",
        21,
        "J103",
        "SZOC",
    ),
];

/// Gives a demo municipality its retention plan, units and case categories (once).
pub async fn seed_demo_master_data<C: ConnectionTrait>(
    conn: &C,
    municipality: i32,
) -> Result<(), AppError> {
    ensure_retention_plan(conn, municipality).await?;
    let has_units = org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(municipality))
        .count(conn)
        .await?;
    if has_units > 0 {
        return Ok(());
    }
    let mut unit_ids = std::collections::BTreeMap::new();
    for (code, name) in DEMO_UNITS {
        let id = new_row_id();
        org_unit::Entity::insert(org_unit::ActiveModel {
            municipality_id: Set(municipality),
            id: Set(id),
            name: Set((*name).to_owned()),
            code: Set(Some((*code).to_owned())),
            active: Set(true),
            created_at: Set(now()),
        })
        .exec_without_returning(conn)
        .await?;
        unit_ids.insert(*code, id);
    }
    let items = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(municipality))
        .all(conn)
        .await?;
    for (code, name, days, item, unit) in DEMO_CATEGORIES {
        case_category::Entity::insert(case_category::ActiveModel {
            municipality_id: Set(municipality),
            id: Set(new_row_id()),
            code: Set((*code).to_owned()),
            name: Set((*name).to_owned()),
            deadline_days: Set(*days),
            retention_item_id: Set(items.iter().find(|i| i.code == *item).map(|i| i.id)),
            unit_id: Set(unit_ids.get(unit).copied()),
            active: Set(true),
        })
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}
