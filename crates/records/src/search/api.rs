//! Server functions of the search screen: thin (authenticate, tenant handle, service).
// The search takes each filter as its own form field (the search page is a plain GET form);
// the browser-side function the macro generates takes them all as arguments too.
#![allow(clippy::too_many_arguments)]
use super::types::*;
use leptos::prelude::*;

use openasp_core::error::AppError;

/// Searches the acting municipality's documents.
#[server(endpoint = "records/find/search")]
pub async fn search_documents(
    q: String,
    number: String,
    partner: String,
    clerk: String,
    from: String,
    until: String,
    state: String,
    retention: String,
    sort: String,
    page: u64,
) -> Result<SearchResults, AppError> {
    use super::domain::SearchForm;
    let form = SearchForm {
        q,
        number,
        partner,
        clerk,
        from,
        until,
        state,
        retention,
        sort,
    };
    let tx = openasp_framework::request::member_tx().await?;
    let results = super::service::search(&tx, &form, page, super::domain::SEARCH_PAGE_SIZE).await?;
    tx.commit().await?;
    Ok(results)
}

/// The clerks and retention items the search form offers.
#[server(endpoint = "records/find/options")]
pub async fn search_choices() -> Result<SearchOptions, AppError> {
    let tx = openasp_framework::request::member_tx().await?;
    let options = super::service::options(&tx).await?;
    tx.commit().await?;
    Ok(options)
}
