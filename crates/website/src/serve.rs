//! Answering visitors (server only): which site a request is for (its own host name or
//! `/{municipality}/…` on the platform's host), the page cache, entity tags and
//! revalidation, and gzip.
//!
//! Rendered pages are kept in memory per (municipality, path, query, language, contrast).
//! An entry is dropped when an editor changes anything of that municipality (its generation
//! moves on), when the next scheduled publication or unpublication is due, and in any case
//! after [`MAX_AGE_SECONDS`] (so that several server processes converge quickly).
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::domain::{etag, etag_matches, normalize_host};
use super::public::{self, PublicRequest, Rendered};
use crate::db::website_host;
use openasp_core::error::AppError;
use openasp_core::ids::MunicipalityId;
use openasp_framework::tenancy::{PublicReadTx, now};
use openasp_gazetteer::domain::RESERVED_SLUGS;
use openasp_ui::i18n::Lang;

/// The longest a rendered page is served from memory without looking at the database.
pub const MAX_AGE_SECONDS: i64 = 30;
/// Pages kept at most (then the cache starts afresh).
const MAX_ENTRIES: usize = 20_000;
/// The cookie of the high-contrast view.
pub const CONTRAST_COOKIE: &str = "contrast";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    municipality: i32,
    base: String,
    path: String,
    query: String,
    lang: &'static str,
    high_contrast: bool,
}

#[derive(Debug)]
struct CachedPage {
    generation: u64,
    expires_at: i64,
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    gzip: Vec<u8>,
    etag: String,
    last_modified: Option<DateTime<Utc>>,
}

/// The website's in-memory state: rendered pages, municipalities by slug, hosts.
#[derive(Default)]
pub struct WebsiteCache {
    pages: RwLock<HashMap<PageKey, Arc<CachedPage>>>,
    generations: RwLock<HashMap<i32, u64>>,
    slugs: RwLock<Option<Arc<HashMap<String, i32>>>>,
    hosts: RwLock<Option<Arc<HashMap<String, i32>>>>,
}

impl std::fmt::Debug for WebsiteCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebsiteCache").finish_non_exhaustive()
    }
}

impl WebsiteCache {
    fn generation(&self, municipality: i32) -> u64 {
        self.generations
            .read()
            .map(|g| g.get(&municipality).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Forgets every rendered page of `municipality` (after an editor's change).
    pub fn invalidate(&self, municipality: MunicipalityId) {
        if let Ok(mut generations) = self.generations.write() {
            *generations.entry(municipality.0).or_insert(0) += 1;
        }
    }

    /// Forgets the host names (after a site's host changed).
    pub fn invalidate_hosts(&self) {
        if let Ok(mut hosts) = self.hosts.write() {
            *hosts = None;
        }
    }

    async fn slugs(&self, db: &DatabaseConnection) -> Result<Arc<HashMap<String, i32>>, AppError> {
        if let Ok(slugs) = self.slugs.read()
            && let Some(slugs) = slugs.as_ref()
        {
            return Ok(slugs.clone());
        }
        // National reference data: no tenant, read once.
        let rows = openasp_gazetteer::repo::all_slugs(db).await?;
        let map = Arc::new(rows.into_iter().map(|(id, slug)| (slug, id.0)).collect());
        if let Ok(mut slugs) = self.slugs.write() {
            *slugs = Some(Arc::clone(&map));
        }
        Ok(map)
    }

    async fn hosts(&self, db: &DatabaseConnection) -> Result<Arc<HashMap<String, i32>>, AppError> {
        if let Ok(hosts) = self.hosts.read()
            && let Some(hosts) = hosts.as_ref()
        {
            return Ok(hosts.clone());
        }
        // The platform's routing table (not tenant data): host name → municipality.
        let rows = website_host::Entity::find().all(db).await?;
        let map = Arc::new(
            rows.into_iter()
                .map(|h| (h.host_name, h.municipality_id))
                .collect(),
        );
        if let Ok(mut hosts) = self.hosts.write() {
            *hosts = Some(Arc::clone(&map));
        }
        Ok(map)
    }
}

/// Paths that belong to the platform on every host name.
const PLATFORM_PREFIXES: &[&str] = &[
    "/pkg/",
    "/api/",
    "/lang/",
    "/kontraszt",
    "/healthz",
    "/favicon.svg",
    "/ugyintezo",
    "/belepes",
];

/// Which site a request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A municipality's website; `base` is `""` on its own host, `/{slug}` on the platform's.
    Site {
        municipality: MunicipalityId,
        slug: String,
        base: String,
        path: String,
    },
    /// A host name that is neither the platform's nor any site's.
    UnknownHost(String),
    /// Anything else: the platform's own pages.
    Platform,
}

/// Whether a host name is the platform's own: a configured platform host, `localhost`, or an
/// IP address (direct access, health checks).
pub fn is_platform_host(host: &str, platform_hosts: &[String]) -> bool {
    let bare = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map(|(name, _)| name)
        .unwrap_or(host)
        .trim_start_matches('[')
        .trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<std::net::IpAddr>().is_ok()
        || host.parse::<std::net::IpAddr>().is_ok()
        || normalize_host(host).is_some_and(|h| platform_hosts.contains(&h))
}

/// Decides which site (if any) answers `path` on `host`.
pub async fn resolve(
    db: &DatabaseConnection,
    cache: &WebsiteCache,
    platform_hosts: &[String],
    host: Option<&str>,
    path: &str,
) -> Result<Target, AppError> {
    if PLATFORM_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return Ok(Target::Platform);
    }
    let host = host.unwrap_or("");
    if !is_platform_host(host, platform_hosts) {
        let Some(name) = normalize_host(host) else {
            return Ok(Target::UnknownHost(host.chars().take(100).collect()));
        };
        let hosts = cache.hosts(db).await?;
        let Some(id) = hosts.get(&name) else {
            return Ok(Target::UnknownHost(name));
        };
        let slugs = cache.slugs(db).await?;
        let slug = slugs
            .iter()
            .find(|(_, m)| **m == *id)
            .map(|(s, _)| s.clone())
            .unwrap_or_default();
        return Ok(Target::Site {
            municipality: MunicipalityId(*id),
            slug,
            base: String::new(),
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
        });
    }
    let trimmed = path.trim_start_matches('/');
    let (first, rest) = match trimmed.split_once('/') {
        Some((first, rest)) => (first, format!("/{rest}")),
        None => (trimmed, "/".to_owned()),
    };
    if first.is_empty() || RESERVED_SLUGS.contains(&first) {
        return Ok(Target::Platform);
    }
    let slugs = cache.slugs(db).await?;
    match slugs.get(first) {
        Some(id) => Ok(Target::Site {
            municipality: MunicipalityId(*id),
            slug: first.to_owned(),
            base: format!("/{first}"),
            path: rest,
        }),
        None => Ok(Target::Platform),
    }
}

/// The visitor's request for a site page.
pub struct SiteRequest<'a> {
    pub municipality: MunicipalityId,
    pub slug: &'a str,
    pub base: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a http::HeaderMap,
    /// `http` or `https`.
    pub scheme: &'a str,
    /// Where uploaded files are.
    pub data_dir: &'a std::path::Path,
}

fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim())
}

fn header(headers: &http::HeaderMap, name: http::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    if encoder.write_all(body).is_err() {
        return Vec::new();
    }
    encoder.finish().unwrap_or_default()
}

/// Answers a page of a site: from memory when fresh, otherwise rendered from the database;
/// 304 when the browser's copy is current; gzip when accepted.
pub async fn serve(
    db: &DatabaseConnection,
    cache: &WebsiteCache,
    req: &SiteRequest<'_>,
) -> http::Response<Vec<u8>> {
    if let Some(sha) = req.path.strip_prefix("/fajlok/") {
        return file(db, req, sha).await;
    }
    let lang = cookie(req.headers, Lang::COOKIE)
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let high_contrast = cookie(req.headers, CONTRAST_COOKIE) == Some("high");
    let key = PageKey {
        municipality: req.municipality.0,
        base: req.base.to_owned(),
        path: req.path.to_owned(),
        query: req.query.chars().take(300).collect(),
        lang: lang.code(),
        high_contrast,
    };
    let at = now();
    let generation = cache.generation(req.municipality.0);
    let cached = cache
        .pages
        .read()
        .ok()
        .and_then(|pages| pages.get(&key).cloned())
        .filter(|page| page.generation == generation && page.expires_at > at.timestamp());
    let page = match cached {
        Some(page) => page,
        None => {
            match render_and_store(db, cache, req, key, lang, high_contrast, generation).await {
                Ok(page) => page,
                Err(error) => return error_response(&error),
            }
        }
    };
    respond(&page, req.headers)
}

async fn render_and_store(
    db: &DatabaseConnection,
    cache: &WebsiteCache,
    req: &SiteRequest<'_>,
    key: PageKey,
    lang: Lang,
    high_contrast: bool,
    generation: u64,
) -> Result<Arc<CachedPage>, AppError> {
    let at = now();
    let host = header(req.headers, http::header::HOST).unwrap_or("localhost");
    let origin = format!("{}://{}", req.scheme, host);
    let request = PublicRequest {
        slug: req.slug,
        base: req.base,
        path: req.path,
        query: &key.query,
        lang,
        high_contrast,
        origin: &origin,
    };
    let tx = PublicReadTx::begin(db, req.municipality).await?;
    let rendered: Rendered = public::render(&tx, &request, at).await?;
    let freshness = super::repo::freshness(&tx, at).await?;
    tx.finish().await?;
    let mut expires_at = at.timestamp() + MAX_AGE_SECONDS;
    if let Some(next) = freshness.next_transition {
        expires_at = expires_at.min(next.timestamp());
    }
    let body = rendered.body.into_bytes();
    let page = Arc::new(CachedPage {
        generation,
        expires_at,
        status: rendered.status,
        content_type: rendered.content_type,
        gzip: gzip(&body),
        etag: etag(&body),
        body,
        last_modified: freshness.last_modified,
    });
    if let Ok(mut pages) = cache.pages.write() {
        if pages.len() >= MAX_ENTRIES {
            pages.clear();
        }
        pages.insert(key, Arc::clone(&page));
    }
    Ok(page)
}

fn respond(page: &CachedPage, headers: &http::HeaderMap) -> http::Response<Vec<u8>> {
    use http::header as h;
    let not_modified = page.status == 200
        && match header(headers, h::IF_NONE_MATCH) {
            Some(tags) => etag_matches(tags, &page.etag),
            None => match (header(headers, h::IF_MODIFIED_SINCE), page.last_modified) {
                (Some(since), Some(modified)) => DateTime::parse_from_rfc2822(since)
                    .is_ok_and(|since| modified.timestamp() <= since.timestamp()),
                _ => false,
            },
        };
    let accepts_gzip = header(headers, h::ACCEPT_ENCODING)
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut builder = http::Response::builder()
        .header(h::CACHE_CONTROL, "public, no-cache")
        .header(h::ETAG, &page.etag)
        .header(h::VARY, "Accept-Encoding, Cookie")
        .header(h::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            h::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' https: data:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'",
        );
    if let Some(modified) = page.last_modified {
        builder = builder.header(h::LAST_MODIFIED, http_date(modified));
    }
    let response = if not_modified {
        builder.status(304).body(Vec::new())
    } else {
        builder = builder
            .status(page.status)
            .header(h::CONTENT_TYPE, page.content_type);
        if accepts_gzip && !page.gzip.is_empty() {
            builder
                .header(h::CONTENT_ENCODING, "gzip")
                .body(page.gzip.clone())
        } else {
            builder.body(page.body.clone())
        }
    };
    response.unwrap_or_else(|_| http::Response::new(Vec::new()))
}

/// A file of a published item: content-addressed, so cached for good.
async fn file(
    db: &DatabaseConnection,
    req: &SiteRequest<'_>,
    sha: &str,
) -> http::Response<Vec<u8>> {
    use http::header as h;
    let found = async {
        let tx = PublicReadTx::begin(db, req.municipality).await?;
        let found = super::media::public_file(&tx, req.data_dir, sha).await?;
        tx.finish().await?;
        Ok::<_, AppError>(found)
    }
    .await;
    let etag = format!("\"{sha}\"");
    match found {
        Ok(Some((media_type, bytes))) => {
            let builder = http::Response::builder()
                .header(h::CACHE_CONTROL, "public, max-age=31536000, immutable")
                .header(h::ETAG, &etag)
                .header(h::X_CONTENT_TYPE_OPTIONS, "nosniff")
                .header(h::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox");
            let response = if header(req.headers, h::IF_NONE_MATCH)
                .is_some_and(|tags| etag_matches(tags, &etag))
            {
                builder.status(304).body(Vec::new())
            } else {
                builder
                    .status(200)
                    .header(h::CONTENT_TYPE, media_type)
                    .body(bytes)
            };
            response.unwrap_or_else(|_| http::Response::new(Vec::new()))
        }
        Ok(None) => error_response(&AppError::NotFound),
        Err(error) => error_response(&error),
    }
}

fn error_response(error: &AppError) -> http::Response<Vec<u8>> {
    let status = error.status_code();
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"hu\"><head><meta charset=\"utf-8\"><title>Hiba – openasp</title>\
         <link rel=\"stylesheet\" href=\"/pkg/website.css\"></head><body><main id=\"main\" class=\"wrap\">\
         <h1>Hiba történt</h1><p>{}</p></main></body></html>",
        public::esc(&error.user_message(Lang::Hu))
    );
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(http::header::CACHE_CONTROL, "no-store")
        .body(body.into_bytes())
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}

/// The page for an unknown host name (404, never another municipality's site).
pub fn unknown_host(host: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(404)
        .header(http::header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(http::header::CACHE_CONTROL, "no-store")
        .body(public::unknown_host_page(host).into_bytes())
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::is_platform_host;

    #[test]
    fn platform_hosts() {
        let configured = vec!["asp.example.hu".to_owned()];
        assert!(is_platform_host("127.0.0.1:3000", &[]));
        assert!(is_platform_host("[::1]:3000", &[]));
        assert!(is_platform_host("localhost:3000", &[]));
        assert!(is_platform_host("ASP.example.hu", &configured));
        assert!(!is_platform_host("www.csomad.hu", &configured));
        assert!(!is_platform_host("csomad.localhost:3000", &[]));
    }
}
