//! The municipal website (települési portál): each municipality's public site and its
//! editors' screens.
//!
//! Layers: pure rules (`domain`: visibility and schedules, slugs, host names, contrast,
//! entity tags, dates), the sanitiser (`sanitize`, allow-list), database access (`repo`), the
//! public pages rendered as plain HTML without any script (`public`), answering visitors with
//! a page cache and revalidation (`serve`), the editor's service (`editor`), server functions
//! (`api`), the clerk application's editor pages (`pages`) with their rich-text field (`rich_text`) and demo content (`demo`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
/// The system's own tables, private to it: other systems reach this data through its
/// service functions, so a write into another system's tables does not compile. The
/// integration tests read them to check what was stored (`test-entities`, enabled only by
/// the server's dev-dependencies; `docs/architecture.md`).
#[cfg(all(feature = "ssr", not(feature = "test-entities")))]
pub(crate) mod db;
#[cfg(all(feature = "ssr", feature = "test-entities"))]
pub mod db;
pub mod domain;
mod nav;
pub mod pages;
pub mod problems;
pub mod rich_text;
pub mod routes;
pub mod types;

pub use nav::nav;
pub use routes::WebsiteRoutes;

#[cfg(feature = "ssr")]
pub mod chrome;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod editor;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod menu;
#[cfg(feature = "ssr")]
pub mod public;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sanitize;
#[cfg(feature = "ssr")]
pub mod serve;

#[cfg(feature = "ssr")]
pub use state::*;

#[cfg(feature = "ssr")]
mod state {
    use std::path::PathBuf;
    use std::sync::Arc;

    use crate::serve::WebsiteCache;
    use openasp_core::ids::MunicipalityId;

    /// What the website needs from the server: its cache, the platform's own host names and
    /// where uploaded files live.
    #[derive(Debug, Clone, Default)]
    pub struct WebsiteState {
        pub cache: Arc<WebsiteCache>,
        /// Host names of the platform itself (besides `localhost` and IP addresses).
        pub platform_hosts: Arc<Vec<String>>,
        pub data_dir: PathBuf,
    }

    fn current() -> Option<WebsiteState> {
        leptos::prelude::use_context::<WebsiteState>()
    }

    /// Forgets a municipality's rendered pages (after its editor changed something).
    pub fn invalidate(municipality: MunicipalityId) {
        if let Some(state) = current() {
            state.cache.invalidate(municipality);
        }
    }

    /// Forgets the host names (after a site's host changed).
    pub fn invalidate_hosts() {
        if let Some(state) = current() {
            state.cache.invalidate_hosts();
        }
    }

    /// The editor's preview of an item (any state), rendered as visitors would see it once
    /// published. `None` when the request is not from a signed-in editor of the item's
    /// municipality (the caller answers 404 either way: nothing is revealed).
    pub async fn preview(
        db: &sea_orm::DatabaseConnection,
        headers: &http::HeaderMap,
        id: crate::types::ItemId,
    ) -> Result<crate::public::Rendered, openasp_core::error::AppError> {
        use openasp_framework::request::member_tx_from_headers;
        use openasp_framework::tenancy::{PublicReadTx, now};
        let tx = member_tx_from_headers(db, headers).await?;
        let item = crate::editor::find_for_preview(&tx, id).await?;
        let municipality = tx.municipality();
        tx.commit().await?;
        // The editing transaction is over before the reading one starts (SQLite has one
        // connection).
        let read = PublicReadTx::begin(db, municipality).await?;
        let slug = crate::repo::municipality(&read)
            .await?
            .map(|m| m.slug)
            .unwrap_or_default();
        let base = format!("/{slug}");
        let host = headers
            .get(http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let origin = format!("http://{host}");
        let request = crate::public::PublicRequest {
            slug: &slug,
            base: &base,
            path: "/",
            query: "",
            lang: headers
                .get(http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(openasp_ui::i18n::Lang::from_cookie_header)
                .unwrap_or_default(),
            high_contrast: false,
            origin: &origin,
        };
        let rendered = crate::public::render_preview(&read, &request, &item, now()).await?;
        read.finish().await?;
        Ok(rendered)
    }
}
