//! Server functions of the records master data: thin (authenticate, tenant handle, service).
//! Ids travel as decimal strings and are always looked up within the acting municipality.
// Forms post each field as its own argument; the browser-side function the `server` macro
// generates takes them all too, so the lint is allowed for the whole module.
#![allow(clippy::too_many_arguments)]
use super::types::*;
use leptos::prelude::*;

use openasp_core::error::AppError;
use openasp_core::paging::Page;

#[cfg(feature = "ssr")]
use openasp_framework::request::member_tx;
// Id fields are read once here; a malformed one is answered where the service looks it up.
#[cfg(feature = "ssr")]
use crate::types::IdField;

// ---- Organisational units -------------------------------------------------------------------

#[server(endpoint = "records/master/units")]
pub async fn list_units(page: u64) -> Result<Page<UnitRow>, AppError> {
    let tx = member_tx().await?;
    let rows = super::service::list_units(&tx, page).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Creates a unit (empty `id`) or renames one.
#[server(endpoint = "records/master/unit/save")]
pub async fn save_unit(id: String, name: String, code: String) -> Result<String, AppError> {
    let tx = member_tx().await?;
    let id = super::service::save_unit(&tx, IdField::read(&id), &name, &code).await?;
    tx.commit().await?;
    Ok(id.to_string())
}

/// Deactivates (`active` = "false") or reactivates a unit.
#[server(endpoint = "records/master/unit/active")]
pub async fn set_unit_active(id: String, active: String) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::set_unit_active(&tx, IdField::read(&id), active == "true").await?;
    tx.commit().await?;
    Ok(())
}

// ---- Register and receipt books -------------------------------------------------------------

#[server(endpoint = "records/master/books")]
pub async fn list_books(year: String, page: u64) -> Result<Page<BookRow>, AppError> {
    let tx = member_tx().await?;
    let rows = super::service::list_books(&tx, &year, page).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Creates a book (empty `id`) or changes one (kind and year are fixed once created; the
/// template and the prefix too once it issued a number).
#[server(endpoint = "records/master/book/save")]
pub async fn save_book(
    id: String,
    kind: String,
    year: String,
    name: String,
    prefix: String,
    template: String,
) -> Result<String, AppError> {
    let tx = member_tx().await?;
    let input = super::service::BookInput {
        id: IdField::read(&id),
        kind,
        year,
        name,
        prefix,
        template,
    };
    let id = super::service::save_book(&tx, &input).await?;
    tx.commit().await?;
    Ok(id.to_string())
}

/// The number a template would give (the live example of the book form). Pure formatting of
/// what was typed; reads nothing.
#[server(endpoint = "records/master/book/example")]
pub async fn template_example(
    template: String,
    prefix: String,
    year: String,
) -> Result<TemplatePreview, AppError> {
    Ok(super::service::template_example(&template, &prefix, &year))
}

// ---- Case categories ------------------------------------------------------------------------

#[server(endpoint = "records/master/categories")]
pub async fn list_categories(page: u64) -> Result<Page<CategoryRow>, AppError> {
    let tx = member_tx().await?;
    let rows = super::service::list_categories(&tx, page).await?;
    tx.commit().await?;
    Ok(rows)
}

#[server(endpoint = "records/master/category/save")]
pub async fn save_category(
    id: String,
    code: String,
    name: String,
    deadline_days: String,
    retention_item: String,
    unit: String,
    active: String,
) -> Result<String, AppError> {
    let tx = member_tx().await?;
    let input = super::service::CategoryInput {
        id: IdField::read(&id),
        code,
        name,
        deadline_days,
        retention_item: IdField::read(&retention_item),
        unit: IdField::read(&unit),
        active: active != "false",
    };
    let id = super::service::save_category(&tx, &input).await?;
    tx.commit().await?;
    Ok(id.to_string())
}

// ---- The retention plan ---------------------------------------------------------------------

#[server(endpoint = "records/master/retention")]
pub async fn list_retention(q: String, page: u64) -> Result<Page<RetentionRow>, AppError> {
    let tx = member_tx().await?;
    let rows = super::service::list_retention(&tx, &q, page).await?;
    tx.commit().await?;
    Ok(rows)
}

#[server(endpoint = "records/master/retention/save")]
pub async fn save_retention_item(
    id: String,
    code: String,
    title: String,
    retention_years: String,
    not_disposable: String,
    archive_transfer_years: String,
    active: String,
) -> Result<String, AppError> {
    let tx = member_tx().await?;
    let input = super::service::RetentionInput {
        id: IdField::read(&id),
        code,
        title,
        retention_years,
        not_disposable: not_disposable == "true",
        archive_transfer_years,
        active: active != "false",
    };
    let id = super::service::save_retention_item(&tx, &input).await?;
    tx.commit().await?;
    Ok(id.to_string())
}

// ---- Partners -------------------------------------------------------------------------------

#[server(endpoint = "records/master/partners")]
pub async fn list_partners(q: String, page: u64) -> Result<Page<PartnerRow>, AppError> {
    let tx = member_tx().await?;
    let rows = super::service::list_partners(&tx, &q, page).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Creates a partner, or answers the existing one it duplicates.
#[server(endpoint = "records/master/partner/save")]
pub async fn save_partner(
    kind: String,
    name: String,
    birth_date: String,
    tax_number: String,
    postal_code: String,
    city: String,
    street_address: String,
    email: String,
    phone: String,
) -> Result<PartnerSaved, AppError> {
    let tx = member_tx().await?;
    let input = super::service::PartnerInput {
        kind,
        name,
        birth_date,
        tax_number,
        postal_code,
        city,
        street_address,
        email,
        phone,
    };
    let saved = super::service::save_partner(&tx, &input).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Changes a partner (not its kind); refused when it would duplicate another partner.
#[server(endpoint = "records/master/partner/update")]
#[allow(clippy::too_many_arguments)]
pub async fn update_partner(
    id: String,
    name: String,
    birth_date: String,
    tax_number: String,
    postal_code: String,
    city: String,
    street_address: String,
    email: String,
    phone: String,
) -> Result<(), AppError> {
    let tx = member_tx().await?;
    let input = super::service::PartnerInput {
        kind: String::new(),
        name,
        birth_date,
        tax_number,
        postal_code,
        city,
        street_address,
        email,
        phone,
    };
    super::service::update_partner(&tx, IdField::read(&id), &input).await?;
    tx.commit().await?;
    Ok(())
}

/// Merges the partner `duplicate` into `into`: the duplicate is no longer offered, what
/// refers to it keeps working (and leads to `into`).
#[server(endpoint = "records/master/partner/merge")]
pub async fn merge_partners(duplicate: String, into: String) -> Result<(), AppError> {
    let tx = member_tx().await?;
    super::service::merge_partners(&tx, IdField::read(&duplicate), IdField::read(&into)).await?;
    tx.commit().await?;
    Ok(())
}

// ---- For the daily flow's forms -------------------------------------------------------------

/// The active units, case categories and retention items to choose from.
#[server(endpoint = "records/master/choices")]
pub async fn master_choices() -> Result<ChoiceLists, AppError> {
    let tx = member_tx().await?;
    let choices = super::service::choices(&tx).await?;
    tx.commit().await?;
    Ok(choices)
}
