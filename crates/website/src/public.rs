//! The visitors' website, rendered on the server as plain HTML (server only).
//!
//! Public pages carry no script at all: no hydration bundle, no JavaScript. Every page is a
//! document of semantic HTML with one small stylesheet, so it works on any device and
//! connection, and is cheap to cache. Links and forms are ordinary links and GET forms.
use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::domain::{
    DocCategory, ItemKind, excerpt, format_date, format_date_time, parse_links, plain_text,
};
use super::repo::{self, DocumentFilter};
use crate::db::{website_item, website_site};
use openasp_core::error::AppError;
use openasp_core::paging::pager_window;
use openasp_core::query::{encode_query_value, query_param};
use openasp_framework::tenancy::PublicReadTx;
use openasp_gazetteer::MunicipalityDetail;
use openasp_ui::components::format_thousands;
use openasp_ui::i18n::{Lang, LangTexts};

/// Escapes text for HTML content and quoted attribute values.
pub use openasp_core::html::escape_html as esc;

/// What the request asks for.
pub struct PublicRequest<'a> {
    pub slug: &'a str,
    /// The prefix of every link: `""` on the municipality's own host, `/{slug}` otherwise.
    pub base: &'a str,
    /// The path below `base` (`/`, `/hirek/…`).
    pub path: &'a str,
    pub query: &'a str,
    pub lang: Lang,
    pub high_contrast: bool,
    /// `scheme://host` of this request, for absolute URLs when no own host is configured.
    pub origin: &'a str,
}

/// A rendered answer.
pub struct Rendered {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Rendered {
    fn html(status: u16, body: String) -> Rendered {
        Rendered {
            status,
            content_type: "text/html; charset=utf-8",
            body,
        }
    }
}

/// Everything every page of a site shows.
struct Site {
    /// The gazetteer's facts (with postal codes and joint office) of the site's municipality.
    municipality: MunicipalityDetail,
    settings: Option<website_site::Model>,
    /// Visible pages (for breadcrumbs and sub-pages).
    menu: Vec<website_item::Model>,
    /// The main menu as the editors arranged it.
    navigation: Vec<repo::NavEntry>,
    /// The coat of arms' size and resized copies.
    logo: Option<repo::ImageInfo>,
}

impl Site {
    fn name(&self) -> &str {
        self.settings
            .as_ref()
            .map(|s| s.site_name.as_str())
            .unwrap_or(self.municipality.name.as_str())
    }

    fn color(&self) -> String {
        crate::chrome::site_color(self.settings.as_ref().map(|s| s.primary_color.as_str()))
    }
}

/// One page's frame: title, description, canonical path, Open Graph type and image.
struct Meta {
    title: String,
    description: String,
    og_type: &'static str,
    image: Option<String>,
    /// The main navigation entry to mark as current.
    section: &'static str,
}

struct Renderer<'a> {
    req: &'a PublicRequest<'a>,
    site: Site,
    now: DateTime<Utc>,
}

fn t(lang: Lang, hu: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Hu => hu,
        Lang::En => en,
    }
}

const NEWS_PAGE_SIZE: u64 = 10;

/// Renders the page `req` asks for from `tx` (one municipality, published content only).
pub async fn render(
    tx: &PublicReadTx,
    req: &PublicRequest<'_>,
    now: DateTime<Utc>,
) -> Result<Rendered, AppError> {
    let Some(municipality) = repo::municipality(tx).await? else {
        return Err(AppError::NotFound);
    };
    let settings = repo::site(tx).await?;
    let menu = repo::menu_pages(tx, now).await?;
    let navigation = repo::navigation(tx, now).await?;
    let logo = logo_info(tx, settings.as_ref()).await?;
    let renderer = Renderer {
        req,
        site: Site {
            municipality,
            settings,
            menu,
            navigation,
            logo,
        },
        now,
    };
    renderer.route(tx).await
}

async fn logo_info(
    tx: &PublicReadTx,
    settings: Option<&website_site::Model>,
) -> Result<Option<repo::ImageInfo>, AppError> {
    match settings.and_then(|s| s.logo_sha256.as_ref()) {
        Some(sha) => Ok(Some(repo::image_info(tx, sha).await?)),
        None => Ok(None),
    }
}

impl Renderer<'_> {
    fn lang(&self) -> Lang {
        self.req.lang
    }

    fn tr(&self, hu: &'static str, en: &'static str) -> &'static str {
        t(self.lang(), hu, en)
    }

    fn link(&self, path: &str) -> String {
        format!("{}{}", self.req.base, path)
    }

    /// The absolute URL of a path of this site (its own host when it has one).
    fn absolute(&self, path: &str) -> String {
        match self
            .site
            .settings
            .as_ref()
            .and_then(|s| s.host_name.as_deref())
        {
            Some(host) => format!("https://{host}{path}"),
            None if path == "/" => format!("{}/{}", self.req.origin, self.req.slug),
            None => format!("{}/{}{}", self.req.origin, self.req.slug, path),
        }
    }

    async fn route(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let path = self.req.path.trim_end_matches('/');
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => self.home(tx).await,
            ["hirek"] => self.news_list(tx).await,
            ["hirek.atom"] => self.feed(tx).await,
            ["esemenyek"] => self.events(tx).await,
            ["dokumentumok"] => self.documents(tx).await,
            ["kereses"] => self.search(tx).await,
            ["kapcsolat"] => Ok(self.contact()),
            ["akadalymentesseg"] => Ok(self.accessibility()),
            ["sitemap.xml"] => self.sitemap(tx).await,
            [segment, slug] => {
                let kind = ItemKind::ALL.into_iter().find(|k| k.segment() == *segment);
                match kind {
                    Some(kind) => match repo::find_visible(tx, kind, slug, self.now).await? {
                        Some(item) => {
                            let image = match &item.image_sha256 {
                                Some(sha) => Some(repo::image_info(tx, sha).await?),
                                None => None,
                            };
                            Ok(self.item_page(&item, image.as_ref(), false))
                        }
                        None => Ok(self.not_found()),
                    },
                    None => Ok(self.not_found()),
                }
            }
            _ => Ok(self.not_found()),
        }
    }

    // ---- the frame ------------------------------------------------------------------------

    fn document(&self, meta: &Meta, canonical_path: &str, main: &str) -> String {
        let lang = self.lang();
        let site_name = self.site.name();
        let title = if meta.title.is_empty() {
            match &self.site.settings {
                Some(_) => site_name.to_owned(),
                None => format!("{} – openasp", self.site.municipality.name),
            }
        } else {
            format!("{} – {site_name}", meta.title)
        };
        let canonical = self.absolute(canonical_path);
        // The page's own address, to come back to after the language or contrast switch.
        let path = if self.req.path == "/" && !self.req.base.is_empty() {
            ""
        } else {
            self.req.path
        };
        let here = format!(
            "{}{}{}",
            self.req.base,
            path,
            if self.req.query.is_empty() {
                String::new()
            } else {
                format!("?{}", self.req.query)
            }
        );
        let here = encode_query_value(&here);
        let (other_lang, other_name) = match lang {
            Lang::Hu => ("en", "English"),
            Lang::En => ("hu", "Magyar"),
        };
        let contrast_label = if self.req.high_contrast {
            self.tr("Normál kontraszt", "Normal contrast")
        } else {
            self.tr("Nagy kontraszt", "High contrast")
        };
        let mut html = String::with_capacity(8 * 1024);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"{lang_code}\"{class}><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title>\
             <meta name=\"description\" content=\"{description}\">\
             <link rel=\"canonical\" href=\"{canonical}\">\
             <meta property=\"og:type\" content=\"{og_type}\">\
             <meta property=\"og:title\" content=\"{og_title}\">\
             <meta property=\"og:description\" content=\"{description}\">\
             <meta property=\"og:url\" content=\"{canonical}\">\
             <meta property=\"og:site_name\" content=\"{site}\">\
             <meta property=\"og:locale\" content=\"{locale}\">{og_image}\
             <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{news}\" href=\"{feed}\">\
             <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
             <link rel=\"stylesheet\" href=\"/pkg/website.css\">\
             <style>:root{{--site:{color}}}</style></head><body>",
            lang_code = lang.code(),
            class = if self.req.high_contrast {
                " class=\"high-contrast\""
            } else {
                ""
            },
            title = esc(&title),
            description = esc(&meta.description),
            canonical = esc(&canonical),
            og_type = meta.og_type,
            og_title = esc(if meta.title.is_empty() {
                site_name
            } else {
                &meta.title
            }),
            site = esc(site_name),
            locale = if lang == Lang::Hu { "hu_HU" } else { "en_GB" },
            og_image = meta
                .image
                .as_ref()
                .map(|src| format!(
                    "<meta property=\"og:image\" content=\"{}\">",
                    esc(&self.absolute(src))
                ))
                .unwrap_or_default(),
            news = esc(&format!("{} – {}", site_name, self.tr("Hírek", "News"))),
            feed = esc(&self.link("/hirek.atom")),
            color = self.site.color(),
        );
        let _ = write!(
            html,
            "<a class=\"skip-link\" href=\"#main\">{skip}</a>\
             <header class=\"site-header\"><div class=\"wrap site-header__inner\">\
             <a class=\"brand\" href=\"{home}\">{logo}<span class=\"brand__name\">{site}</span>{tagline}</a>\
             <ul class=\"tools\">\
             <li><a href=\"{eforms}\">{eforms_label}</a></li>\
             <li><a href=\"/kontraszt?next={here}\" rel=\"nofollow\">{contrast}</a></li>\
             <li><a class=\"site-header__lang\" href=\"/lang/{other_lang}?next={here}\" hreflang=\"{other_lang}\" lang=\"{other_lang}\" rel=\"nofollow\">{other_name}</a></li>\
             </ul></div>",
            skip = self.tr("Ugrás a tartalomra", "Skip to content"),
            home = esc(&self.link("/")),
            eforms = esc(&self.link("/ugyintezes")),
            eforms_label = self.tr("E-ügyintézés", "Online services"),
            logo = self.logo_html(),
            site = esc(site_name),
            tagline = self
                .site
                .settings
                .as_ref()
                .filter(|s| !s.tagline.is_empty())
                .map(|s| format!("<span class=\"brand__tagline\">{}</span>", esc(&s.tagline)))
                .unwrap_or_default(),
            contrast = contrast_label,
        );
        // The main menu: fixed sections, then the editors' menu (pages and links, one level
        // of sub-entries in a disclosure that needs no script), then the contact page.
        let fixed = |href: String, label: &str, current: bool| -> String {
            format!(
                "<li><a href=\"{}\"{}>{}</a></li>",
                esc(&href),
                if current {
                    " aria-current=\"page\""
                } else {
                    ""
                },
                esc(label)
            )
        };
        let _ = write!(
            html,
            "<nav class=\"menu\" aria-label=\"{label}\"><div class=\"wrap\"><ul>",
            label = self.tr("Főmenü", "Main menu")
        );
        html.push_str(&fixed(
            self.link("/"),
            self.tr("Kezdőlap", "Home"),
            meta.section == "home",
        ));
        html.push_str(&fixed(
            self.link("/hirek"),
            self.tr("Hírek", "News"),
            meta.section == "news",
        ));
        html.push_str(&fixed(
            self.link("/esemenyek"),
            self.tr("Események", "Events"),
            meta.section == "events",
        ));
        html.push_str(&fixed(
            self.link("/dokumentumok"),
            self.tr("Dokumentumok", "Documents"),
            meta.section == "documents",
        ));
        for entry in &self.site.navigation {
            html.push_str(&self.nav_entry(entry, meta, true));
        }
        html.push_str(&fixed(
            self.link("/kapcsolat"),
            self.tr("Kapcsolat", "Contact"),
            meta.section == "contact",
        ));
        let _ = write!(
            html,
            "</ul><form class=\"menu__search\" method=\"get\" action=\"{action}\" role=\"search\" aria-label=\"{label}\">\
             <label for=\"site-q\" class=\"visually-hidden\">{label}</label>\
             <input id=\"site-q\" name=\"q\" type=\"search\" maxlength=\"100\">\
             <button type=\"submit\">{button}</button></form></div></nav></header>",
            action = esc(&self.link("/kereses")),
            label = self.tr("Keresés a honlapon", "Search this site"),
            button = self.tr("Keresés", "Search"),
        );
        let _ = write!(
            html,
            "<main id=\"main\" tabindex=\"-1\" class=\"wrap\">{main}</main>"
        );
        html.push_str(&self.footer());
        html.push_str("</body></html>");
        html
    }

    /// The coat of arms in the header: 48 px high, its width from its proportions, a
    /// resized copy for screens that need no more (`srcset`), with its alternative text.
    fn logo_html(&self) -> String {
        let Some(settings) = &self.site.settings else {
            return String::new();
        };
        let Some(sha) = &settings.logo_sha256 else {
            return String::new();
        };
        const HEIGHT: i64 = 48;
        let original = self.link(&format!("/fajlok/{sha}"));
        let info = self.site.logo.clone().unwrap_or_default();
        let width = info
            .size
            .map(|(w, h)| (i64::from(w) * HEIGHT / i64::from(h).max(1)).clamp(1, 400))
            .unwrap_or(HEIGHT);
        let srcset = if info.variants.is_empty() {
            String::new()
        } else {
            let mut sources: Vec<String> = info
                .variants
                .iter()
                .map(|(w, _)| format!("{original}-{w} {w}w"))
                .collect();
            if let Some((w, _)) = info.size {
                sources.push(format!("{original} {w}w"));
            }
            format!(
                " srcset=\"{}\" sizes=\"{width}px\"",
                esc(&sources.join(", "))
            )
        };
        format!(
            "<img class=\"brand__logo\" src=\"{}\"{srcset} alt=\"{}\" width=\"{width}\" height=\"{HEIGHT}\">",
            esc(&original),
            esc(settings.logo_alt.as_deref().unwrap_or(""))
        )
    }

    /// One entry of the editors' menu (with its sub-entries when `top`).
    fn nav_entry(&self, entry: &repo::NavEntry, meta: &Meta, top: bool) -> String {
        let (href, current, external) = match &entry.target {
            repo::NavTarget::Page(slug) => (
                self.link(&format!("/oldal/{slug}")),
                meta.section == "page" && self.req.path.ends_with(&format!("/{slug}")),
                false,
            ),
            repo::NavTarget::External(url) => (url.clone(), false, true),
        };
        let link = format!(
            "<a href=\"{}\"{}{}>{}</a>",
            esc(&href),
            if current {
                " aria-current=\"page\""
            } else {
                ""
            },
            if external { " rel=\"external\"" } else { "" },
            esc(&entry.label)
        );
        if !top || entry.children.is_empty() {
            return format!("<li>{link}</li>");
        }
        let mut html = format!(
            "<li class=\"menu__group\"><details><summary>{}</summary><ul><li>{link}</li>",
            esc(&entry.label),
        );
        for child in &entry.children {
            html.push_str(&self.nav_entry(child, meta, false));
        }
        html.push_str("</ul></details></li>");
        html
    }

    fn footer(&self) -> String {
        let mut html =
            String::from("<footer class=\"site-footer\"><div class=\"wrap footer-grid\">");
        let _ = write!(
            html,
            "<section aria-labelledby=\"footer-contact\"><h2 id=\"footer-contact\">{}</h2>{}</section>",
            esc(self.site.name()),
            self.contacts_block()
        );
        let _ = write!(
            html,
            "<section aria-labelledby=\"footer-links\"><h2 id=\"footer-links\">{heading}</h2><ul>\
             <li><a href=\"https://magyarorszag.hu\">{eadmin}</a></li>\
             <li><a href=\"{docs}\">{docs_label}</a></li>\
             <li><a href=\"{statement}\">{statement_label}</a></li>\
             <li><a href=\"{sitemap}\">{sitemap_label}</a></li>\
             <li><a href=\"{feed}\">{feed_label}</a></li></ul></section>",
            heading = self.tr("Hasznos linkek", "Useful links"),
            eadmin = self.tr(
                "E-ügyintézés (magyarorszag.hu)",
                "E-administration (magyarorszag.hu)"
            ),
            docs = esc(&self.link("/dokumentumok?tipus=kozzeteteli-lista")),
            docs_label = self.tr("Közzétételi lista", "Mandatory publication list"),
            statement = esc(&self.link("/akadalymentesseg")),
            statement_label = self.tr("Akadálymentességi nyilatkozat", "Accessibility statement"),
            sitemap = esc(&self.link("/sitemap.xml")),
            sitemap_label = self.tr("Oldaltérkép (XML)", "Sitemap (XML)"),
            feed = esc(&self.link("/hirek.atom")),
            feed_label = self.tr("Hírek Atom-hírcsatornája", "News feed (Atom)"),
        );
        let _ = write!(
            html,
            "</div><p class=\"wrap footer-note\">{}</p></footer>",
            self.tr(
                "A honlapot az openasp önkormányzati platform szolgálja ki.",
                "This website is served by the openasp municipal platform."
            )
        );
        html
    }

    fn contacts_block(&self) -> String {
        let Some(s) = &self.site.settings else {
            return format!(
                "<p>{}</p>",
                self.tr(
                    "Az önkormányzat még nem adta meg az elérhetőségeit.",
                    "The municipality has not published its contacts yet."
                )
            );
        };
        let mut html = String::from("<dl class=\"contacts\">");
        let mut row = |label: &str, value: String| {
            if !value.is_empty() {
                let _ = write!(html, "<dt>{label}</dt><dd>{value}</dd>");
            }
        };
        row(self.tr("Cím", "Address"), esc(&s.address));
        row(
            self.tr("Telefon", "Phone"),
            if s.phone.is_empty() {
                String::new()
            } else {
                format!(
                    "<a href=\"tel:{}\">{}</a>",
                    esc(&s.phone.replace(' ', "")),
                    esc(&s.phone)
                )
            },
        );
        row(
            self.tr("E-mail", "E-mail"),
            if s.email.is_empty() {
                String::new()
            } else {
                format!("<a href=\"mailto:{0}\">{0}</a>", esc(&s.email))
            },
        );
        html.push_str("</dl>");
        html
    }

    fn office_hours_block(&self) -> String {
        let Some(s) = self
            .site
            .settings
            .as_ref()
            .filter(|s| !s.office_hours.is_empty())
        else {
            return String::new();
        };
        let mut html = String::from("<dl class=\"office-hours\">");
        for line in s.office_hours.lines().filter(|l| !l.trim().is_empty()) {
            match line.split_once(':') {
                Some((day, hours)) => {
                    let _ = write!(
                        html,
                        "<dt>{}</dt><dd>{}</dd>",
                        esc(day.trim()),
                        esc(hours.trim())
                    );
                }
                None => {
                    let _ = write!(html, "<dt>{}</dt><dd></dd>", esc(line.trim()));
                }
            }
        }
        html.push_str("</dl>");
        html
    }

    fn time(&self, at: DateTime<Utc>, with_time: bool) -> String {
        let text = if with_time {
            format_date_time(at.timestamp(), self.lang())
        } else {
            format_date(at.timestamp(), self.lang())
        };
        format!(
            "<time datetime=\"{}\">{}</time>",
            at.format("%Y-%m-%dT%H:%M:%SZ"),
            esc(&text)
        )
    }

    fn item_href(&self, item: &website_item::Model) -> String {
        let kind = ItemKind::from_code(&item.kind).unwrap_or(ItemKind::Page);
        self.link(&format!("/{}/{}", kind.segment(), item.slug))
    }

    /// An item's image: the resized copies in `srcset` (the browser picks the width it
    /// needs), its size reserved (`width`/`height`, no layout shift), loaded lazily.
    fn image_html(&self, item: &website_item::Model, image: Option<&repo::ImageInfo>) -> String {
        let (Some(sha), Some(alt)) = (&item.image_sha256, &item.image_alt) else {
            return String::new();
        };
        let original = self.link(&format!("/fajlok/{sha}"));
        let info = image.cloned().unwrap_or_default();
        let mut attributes = String::new();
        if let Some((width, height)) = info.size {
            let mut sources: Vec<String> = info
                .variants
                .iter()
                .map(|(w, _)| format!("{}-{w} {w}w", original))
                .collect();
            if !sources.is_empty() {
                sources.push(format!("{original} {width}w"));
                let _ = write!(
                    attributes,
                    " srcset=\"{}\" sizes=\"(max-width: 70rem) calc(100vw - 2rem), 68rem\"",
                    esc(&sources.join(", "))
                );
            }
            let _ = write!(attributes, " width=\"{width}\" height=\"{height}\"");
        }
        // The default source: a copy of about a column's width when there is one.
        let src = info
            .variants
            .iter()
            .rev()
            .find(|(w, _)| *w <= 1024)
            .map(|(w, _)| format!("{original}-{w}"))
            .unwrap_or(original);
        format!(
            "<figure class=\"item-image\"><img src=\"{}\"{attributes} alt=\"{}\" loading=\"lazy\" decoding=\"async\"></figure>",
            esc(&src),
            esc(alt)
        )
    }

    fn news_card(&self, item: &website_item::Model, heading: &str) -> String {
        format!(
            "<article class=\"card\"><{heading}><a href=\"{href}\">{title}</a></{heading}>\
             <p class=\"meta\">{date}</p><p>{summary}</p></article>",
            href = esc(&self.item_href(item)),
            title = esc(&item.title),
            date = item
                .publish_at
                .map(|at| self.time(at, false))
                .unwrap_or_default(),
            summary = esc(&item.summary),
        )
    }

    fn event_card(&self, item: &website_item::Model, heading: &str) -> String {
        format!(
            "<article class=\"card card--event\"><{heading}><a href=\"{href}\">{title}</a></{heading}>\
             <p class=\"meta\">{when}{place}</p></article>",
            href = esc(&self.item_href(item)),
            title = esc(&item.title),
            when = item
                .starts_at
                .map(|at| self.time(at, true))
                .unwrap_or_default(),
            place = item
                .location
                .as_ref()
                .filter(|l| !l.is_empty())
                .map(|l| format!(" · {}", esc(l)))
                .unwrap_or_default(),
        )
    }

    fn pager(&self, page: u64, total: u64, page_size: u64, href: impl Fn(u64) -> String) -> String {
        let count = total.div_ceil(page_size).max(1);
        if count <= 1 {
            return String::new();
        }
        let mut html = format!(
            "<nav class=\"pager\" aria-label=\"{}\"><ul>",
            self.tr("Lapozás", "Pagination")
        );
        if page > 1 {
            let _ = write!(
                html,
                "<li><a href=\"{}\" rel=\"prev\">{}</a></li>",
                esc(&href(page - 1)),
                self.tr("Előző", "Previous")
            );
        }
        for entry in pager_window(page, count) {
            match entry {
                None => html.push_str("<li aria-hidden=\"true\">…</li>"),
                Some(p) => {
                    let _ = write!(
                        html,
                        "<li><a href=\"{}\"{}><span class=\"visually-hidden\">{} </span>{p}</a></li>",
                        esc(&href(p)),
                        if p == page {
                            " aria-current=\"page\""
                        } else {
                            ""
                        },
                        self.tr("Oldal", "Page")
                    );
                }
            }
        }
        if page < count {
            let _ = write!(
                html,
                "<li><a href=\"{}\" rel=\"next\">{}</a></li>",
                esc(&href(page + 1)),
                self.tr("Következő", "Next")
            );
        }
        html.push_str("</ul></nav>");
        html
    }

    fn page_number(&self) -> u64 {
        query_param(self.req.query, "oldal")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
            .clamp(1, 10_000)
    }

    // ---- pages ----------------------------------------------------------------------------

    async fn home(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let m = &self.site.municipality;
        let (news, _) = repo::list_visible(tx, ItemKind::News, 1, 4, self.now).await?;
        let events = repo::events(tx, false, 3, self.now).await?;
        let mut main = format!("<h1>{}</h1>", esc(&m.name));
        if let Some(s) = self
            .site
            .settings
            .as_ref()
            .filter(|s| !s.tagline.is_empty())
        {
            let _ = write!(main, "<p class=\"lead\">{}</p>", esc(&s.tagline));
        }
        main.push_str("<div class=\"home-grid\"><div>");
        let _ = write!(
            main,
            "<section aria-labelledby=\"latest-news\"><h2 id=\"latest-news\">{}</h2>",
            self.tr("Legfrissebb hírek", "Latest news")
        );
        if news.is_empty() {
            let _ = write!(
                main,
                "<p>{}</p>",
                self.tr("Még nincs közzétett hír.", "No news published yet.")
            );
        }
        for item in &news {
            main.push_str(&self.news_card(item, "h3"));
        }
        let _ = write!(
            main,
            "<p><a href=\"{}\">{}</a></p></section>",
            esc(&self.link("/hirek")),
            self.tr("Minden hír", "All news")
        );
        let _ = write!(
            main,
            "<section aria-labelledby=\"upcoming\"><h2 id=\"upcoming\">{}</h2>",
            self.tr("Közelgő események", "Upcoming events")
        );
        if events.is_empty() {
            let _ = write!(
                main,
                "<p>{}</p>",
                self.tr("Nincs közelgő esemény.", "No upcoming events.")
            );
        }
        for item in &events {
            main.push_str(&self.event_card(item, "h3"));
        }
        let _ = write!(
            main,
            "<p><a href=\"{}\">{}</a></p></section></div><div>",
            esc(&self.link("/esemenyek")),
            self.tr("Eseménynaptár", "Event calendar")
        );
        // Quick links: the ways into e-administration and the mandatory publications.
        let _ = write!(
            main,
            "<section aria-labelledby=\"quick\" class=\"panel\"><h2 id=\"quick\">{}</h2><ul class=\"quick-links\">\
             <li><a href=\"https://magyarorszag.hu\">{}</a></li>\
             <li><a href=\"{}\">{}</a></li><li><a href=\"{}\">{}</a></li><li><a href=\"{}\">{}</a></li>",
            self.tr("Gyorslinkek", "Quick links"),
            self.tr("Elektronikus ügyintézés", "E-administration"),
            esc(&self.link("/dokumentumok?tipus=rendelet")),
            self.tr("Önkormányzati rendeletek", "Local decrees"),
            esc(&self.link("/dokumentumok?tipus=kozzeteteli-lista")),
            self.tr("Közzétételi lista", "Mandatory publication list"),
            esc(&self.link("/dokumentumok?tipus=hirdetmeny")),
            self.tr("Hirdetmények", "Announcements"),
        );
        if let Some(s) = &self.site.settings {
            for (label, url) in parse_links(&s.social_links) {
                let _ = write!(
                    main,
                    "<li><a href=\"{}\">{}</a></li>",
                    esc(&url),
                    esc(&label)
                );
            }
        }
        main.push_str("</ul></section>");
        let hours = self.office_hours_block();
        let _ = write!(
            main,
            "<section aria-labelledby=\"office\" class=\"panel\"><h2 id=\"office\">{}</h2>{}{}</section>",
            self.tr("Ügyfélfogadás és elérhetőség", "Office hours and contacts"),
            hours,
            self.contacts_block()
        );
        main.push_str("</div></div>");
        main.push_str(&self.facts());
        let description = match self
            .site
            .settings
            .as_ref()
            .filter(|s| !s.tagline.is_empty())
        {
            Some(s) => format!("{} – {}", self.site.name(), s.tagline),
            None => format!(
                "{} – {}{}",
                m.name,
                m.legal_status,
                m.county
                    .as_ref()
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default()
            ),
        };
        let meta = Meta {
            title: String::new(),
            description,
            og_type: "website",
            image: None,
            section: "home",
        };
        Ok(Rendered::html(200, self.document(&meta, "/", &main)))
    }

    /// The municipality's facts from the national gazetteer (as the directory shows them).
    fn facts(&self) -> String {
        let m = &self.site.municipality;
        let lang = self.lang();
        let mut html = format!(
            "<section aria-labelledby=\"facts\" class=\"municipality\"><h2 id=\"facts\">{}</h2>",
            self.tr("A településről", "About the municipality")
        );
        if m.has_branch_office {
            let _ = write!(
                html,
                "<p class=\"notice\">{}</p>",
                lang.texts().branch_office
            );
        }
        let texts = lang.texts();
        html.push_str("<dl class=\"facts\">");
        let mut row = |label: &str, value: String| {
            let _ = write!(html, "<dt>{}</dt><dd>{value}</dd>", esc(label));
        };
        row(texts.legal_status, esc(&m.legal_status));
        if let Some(county) = &m.county {
            row(texts.county, esc(county));
        }
        if let Some(district) = &m.district_name {
            row(texts.district, esc(district));
        }
        row(texts.population, format_thousands(i64::from(m.population)));
        row(texts.dwellings, format_thousands(i64::from(m.dwellings)));
        row(
            texts.area,
            format!("{} ha", format_thousands(i64::from(m.area_ha))),
        );
        row(texts.postal_codes, esc(&m.postal_codes.join(", ")));
        row(texts.ksh_code, format!("{:05}", m.id));
        match &m.joint_office {
            None => row(texts.office, esc(texts.own_office)),
            Some(office) => {
                let mut value = format!(
                    "<p>{}</p><h3 class=\"small-heading\">{}</h3><ul class=\"inline-list\">",
                    esc(&office.name),
                    esc(texts.joint_office_members)
                );
                for member in &office.members {
                    let _ = write!(
                        value,
                        "<li><a href=\"/{}\"{}>{}</a></li>",
                        esc(&member.slug),
                        if member.slug == m.slug {
                            " aria-current=\"page\""
                        } else {
                            ""
                        },
                        esc(&member.name)
                    );
                }
                value.push_str("</ul>");
                row(texts.office, value);
            }
        }
        html.push_str("</dl></section>");
        html
    }

    async fn news_list(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let page = self.page_number();
        let (items, total) =
            repo::list_visible(tx, ItemKind::News, page, NEWS_PAGE_SIZE, self.now).await?;
        let title = self.tr("Hírek", "News");
        let mut main = format!("<h1>{title}</h1>");
        if items.is_empty() {
            let _ = write!(
                main,
                "<p>{}</p>",
                self.tr("Nincs közzétett hír.", "No news published.")
            );
        }
        for item in &items {
            main.push_str(&self.news_card(item, "h2"));
        }
        main.push_str(&self.pager(page, total, NEWS_PAGE_SIZE, |p| {
            self.link(&format!("/hirek?oldal={p}"))
        }));
        let meta = Meta {
            title: if page > 1 {
                format!("{title} ({page}.)")
            } else {
                title.to_owned()
            },
            description: format!("{} – {}", self.site.name(), title),
            og_type: "website",
            image: None,
            section: "news",
        };
        let canonical = if page > 1 {
            format!("/hirek?oldal={page}")
        } else {
            "/hirek".to_owned()
        };
        Ok(Rendered::html(200, self.document(&meta, &canonical, &main)))
    }

    fn item_page(
        &self,
        item: &website_item::Model,
        image: Option<&repo::ImageInfo>,
        preview: bool,
    ) -> Rendered {
        let kind = ItemKind::from_code(&item.kind).unwrap_or(ItemKind::Page);
        let (section, list_href, list_label) = match kind {
            ItemKind::News => ("news", "/hirek", self.tr("Hírek", "News")),
            ItemKind::Event => ("events", "/esemenyek", self.tr("Események", "Events")),
            ItemKind::Document => (
                "documents",
                "/dokumentumok",
                self.tr("Dokumentumok", "Documents"),
            ),
            ItemKind::Page => ("page", "/", self.tr("Kezdőlap", "Home")),
        };
        let mut main = String::new();
        if preview {
            let _ = write!(
                main,
                "<div class=\"preview-banner\" role=\"status\">{}</div>",
                self.tr(
                    "Előnézet: a látogatók ezt a változatot még nem látják.",
                    "Preview: visitors do not see this version yet."
                )
            );
        }
        // Breadcrumbs.
        let _ = write!(
            main,
            "<nav aria-label=\"{}\" class=\"breadcrumbs\"><ol><li><a href=\"{}\">{}</a></li>",
            self.tr("Morzsamenü", "Breadcrumbs"),
            esc(&self.link("/")),
            self.tr("Kezdőlap", "Home")
        );
        if kind != ItemKind::Page {
            let _ = write!(
                main,
                "<li><a href=\"{}\">{}</a></li>",
                esc(&self.link(list_href)),
                list_label
            );
        } else if let Some(parent) = item
            .parent_id
            .and_then(|id| self.site.menu.iter().find(|p| p.id == id))
        {
            let _ = write!(
                main,
                "<li><a href=\"{}\">{}</a></li>",
                esc(&self.item_href(parent)),
                esc(&parent.title)
            );
        }
        let _ = write!(
            main,
            "<li aria-current=\"page\">{}</li></ol></nav>",
            esc(&item.title)
        );
        let _ = write!(
            main,
            "<article class=\"item\"><h1>{}</h1>",
            esc(&item.title)
        );
        match kind {
            ItemKind::News => {
                if let Some(at) = item.publish_at {
                    let _ = write!(main, "<p class=\"meta\">{}</p>", self.time(at, false));
                }
            }
            ItemKind::Event => {
                let _ = write!(main, "<dl class=\"facts\">");
                if let Some(at) = item.starts_at {
                    let _ = write!(
                        main,
                        "<dt>{}</dt><dd>{}{}</dd>",
                        self.tr("Időpont", "When"),
                        self.time(at, true),
                        item.ends_at
                            .map(|end| format!(" – {}", self.time(end, true)))
                            .unwrap_or_default()
                    );
                }
                if let Some(location) = item.location.as_ref().filter(|l| !l.is_empty()) {
                    let _ = write!(
                        main,
                        "<dt>{}</dt><dd>{}</dd>",
                        self.tr("Helyszín", "Where"),
                        esc(location)
                    );
                }
                main.push_str("</dl>");
                let over = item.starts_at.is_some_and(|start| {
                    super::domain::event_is_over(
                        start.timestamp(),
                        item.ends_at.map(|end| end.timestamp()),
                        self.now.timestamp(),
                    )
                });
                if over {
                    let _ = write!(
                        main,
                        "<p class=\"notice\">{}</p>",
                        self.tr("Ez az esemény már véget ért.", "This event is over.")
                    );
                }
            }
            ItemKind::Document => {
                main.push_str(&self.document_facts(item));
            }
            ItemKind::Page => {}
        }
        if !item.summary.is_empty() {
            let _ = write!(main, "<p class=\"lead\">{}</p>", esc(&item.summary));
        }
        main.push_str(&self.image_html(item, image));
        // Stored sanitised (`sanitize::sanitize`): the allow-list is the only HTML that reaches here.
        let _ = write!(main, "<div class=\"prose\">{}</div>", item.body_html);
        if kind == ItemKind::Page {
            let children: Vec<_> = self
                .site
                .menu
                .iter()
                .filter(|p| p.parent_id == Some(item.id))
                .collect();
            if !children.is_empty() {
                let _ = write!(
                    main,
                    "<nav aria-label=\"{}\"><ul class=\"subpages\">",
                    self.tr("Aloldalak", "Subpages")
                );
                for child in children {
                    let _ = write!(
                        main,
                        "<li><a href=\"{}\">{}</a></li>",
                        esc(&self.item_href(child)),
                        esc(&child.title)
                    );
                }
                main.push_str("</ul></nav>");
            }
        }
        main.push_str("</article>");
        let description = if item.summary.is_empty() {
            excerpt(&plain_text(&item.body_html), 160)
        } else {
            excerpt(&item.summary, 160)
        };
        let meta = Meta {
            title: item.title.clone(),
            description,
            og_type: if kind == ItemKind::News {
                "article"
            } else {
                "website"
            },
            image: item
                .image_sha256
                .as_ref()
                .map(|sha| format!("/fajlok/{sha}")),
            section,
        };
        let canonical = format!("/{}/{}", kind.segment(), item.slug);
        Rendered::html(200, self.document(&meta, &canonical, &main))
    }

    fn document_facts(&self, item: &website_item::Model) -> String {
        let mut html = String::from("<dl class=\"facts\">");
        if let Some(category) = item
            .doc_category
            .as_deref()
            .and_then(DocCategory::from_code)
        {
            let _ = write!(
                html,
                "<dt>{}</dt><dd>{}</dd>",
                self.tr("Típus", "Type"),
                category.name(self.lang())
            );
        }
        if let Some(number) = item.doc_number.as_ref().filter(|n| !n.is_empty()) {
            let _ = write!(
                html,
                "<dt>{}</dt><dd>{}</dd>",
                self.tr("Szám", "Number"),
                esc(number)
            );
        }
        if let Some(at) = item.publish_at {
            let _ = write!(
                html,
                "<dt>{}</dt><dd>{}</dd>",
                self.tr("Közzétéve", "Published"),
                self.time(at, false)
            );
        }
        if let (Some(sha), Some(name)) = (&item.file_sha256, &item.file_name) {
            let _ = write!(
                html,
                "<dt>{}</dt><dd><a href=\"{}\" download=\"{}\">{}</a></dd>",
                self.tr("Fájl", "File"),
                esc(&self.link(&format!("/fajlok/{sha}"))),
                esc(name),
                esc(name)
            );
        }
        html.push_str("</dl>");
        html
    }

    async fn events(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let past = query_param(self.req.query, "korabbi").is_some_and(|v| v == "1");
        let items = repo::events(tx, past, 100, self.now).await?;
        let title = if past {
            self.tr("Korábbi események", "Past events")
        } else {
            self.tr("Eseménynaptár", "Event calendar")
        };
        let mut main = format!("<h1>{title}</h1>");
        if items.is_empty() {
            let _ = write!(
                main,
                "<p>{}</p>",
                self.tr("Nincs megjeleníthető esemény.", "No events to show.")
            );
        }
        // Grouped by month, as a calendar reads.
        let mut current_month = None;
        for item in &items {
            if let Some(at) = item.starts_at {
                let (y, m, _, _, _) = super::domain::budapest_local(at.timestamp());
                if current_month != Some((y, m)) {
                    if current_month.is_some() {
                        main.push_str("</div>");
                    }
                    current_month = Some((y, m));
                    let label = format_date(at.timestamp(), self.lang());
                    // "2026. november 22." → "2026. november"; "22 November 2026" → "November 2026"
                    let month_label = match self.lang() {
                        Lang::Hu => label.rsplit_once(' ').map(|(a, _)| a.to_owned()),
                        Lang::En => label.split_once(' ').map(|(_, b)| b.to_owned()),
                    }
                    .unwrap_or(label);
                    let _ = write!(main, "<h2>{}</h2><div class=\"month\">", esc(&month_label));
                }
            }
            main.push_str(&self.event_card(item, "h3"));
        }
        if current_month.is_some() {
            main.push_str("</div>");
        }
        let _ = write!(
            main,
            "<p><a href=\"{}\">{}</a></p>",
            esc(&self.link(if past {
                "/esemenyek"
            } else {
                "/esemenyek?korabbi=1"
            })),
            if past {
                self.tr("Közelgő események", "Upcoming events")
            } else {
                self.tr("Korábbi események", "Past events")
            }
        );
        let meta = Meta {
            title: title.to_owned(),
            description: format!("{} – {}", self.site.name(), title),
            og_type: "website",
            image: None,
            section: "events",
        };
        let canonical = if past {
            "/esemenyek?korabbi=1"
        } else {
            "/esemenyek"
        };
        Ok(Rendered::html(200, self.document(&meta, canonical, &main)))
    }

    async fn documents(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let filter = DocumentFilter {
            category: query_param(self.req.query, "tipus")
                .as_deref()
                .and_then(DocCategory::from_code),
            year: query_param(self.req.query, "ev").and_then(|y| y.trim().parse().ok()),
            q: query_param(self.req.query, "q")
                .map(|q| q.chars().take(100).collect())
                .unwrap_or_default(),
        };
        let page = self.page_number();
        let (items, total) = repo::documents(tx, &filter, page, self.now).await?;
        let title = filter
            .category
            .map(|c| c.name(self.lang()))
            .unwrap_or(self.tr("Dokumentumtár", "Document library"));
        let mut main = format!("<h1>{}</h1>", esc(title));
        let _ = write!(
            main,
            "<form class=\"filters\" method=\"get\" action=\"{}\"><div class=\"field\"><label for=\"tipus\">{}</label><select id=\"tipus\" name=\"tipus\"><option value=\"\">{}</option>",
            esc(&self.link("/dokumentumok")),
            self.tr("Típus", "Type"),
            self.tr("Mind", "All"),
        );
        for category in DocCategory::ALL {
            let _ = write!(
                main,
                "<option value=\"{}\"{}>{}</option>",
                category.code(),
                if filter.category == Some(category) {
                    " selected"
                } else {
                    ""
                },
                category.name(self.lang())
            );
        }
        let _ = write!(
            main,
            "</select></div><div class=\"field\"><label for=\"ev\">{}</label><input id=\"ev\" name=\"ev\" inputmode=\"numeric\" pattern=\"[0-9]{{4}}\" size=\"6\" value=\"{}\"></div>\
             <div class=\"field\"><label for=\"doc-q\">{}</label><input id=\"doc-q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"{}\"></div>\
             <button type=\"submit\">{}</button></form>",
            self.tr("Év", "Year"),
            filter.year.map(|y| y.to_string()).unwrap_or_default(),
            self.tr("Cím vagy szám", "Title or number"),
            esc(&filter.q),
            self.tr("Szűrés", "Filter"),
        );
        let _ = write!(
            main,
            "<p class=\"results-count\">{} {}</p>",
            total,
            self.tr("dokumentum", "documents")
        );
        if !items.is_empty() {
            let _ = write!(
                main,
                "<table class=\"results\"><caption class=\"visually-hidden\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
                esc(title),
                self.tr("Cím", "Title"),
                self.tr("Szám", "Number"),
                self.tr("Típus", "Type"),
                self.tr("Közzétéve", "Published"),
            );
            for item in &items {
                let _ = write!(
                    main,
                    "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&self.item_href(item)),
                    esc(&item.title),
                    esc(item.doc_number.as_deref().unwrap_or("")),
                    item.doc_category
                        .as_deref()
                        .and_then(DocCategory::from_code)
                        .map(|c| c.name(self.lang()))
                        .unwrap_or(""),
                    item.publish_at
                        .map(|at| self.time(at, false))
                        .unwrap_or_default()
                );
            }
            main.push_str("</tbody></table>");
        }
        let query_without_page = |p: u64| {
            let mut q = Vec::new();
            if let Some(c) = filter.category {
                q.push(format!("tipus={}", c.code()));
            }
            if let Some(y) = filter.year {
                q.push(format!("ev={y}"));
            }
            if !filter.q.is_empty() {
                q.push(format!("q={}", encode_query_value(&filter.q)));
            }
            q.push(format!("oldal={p}"));
            self.link(&format!("/dokumentumok?{}", q.join("&")))
        };
        main.push_str(&self.pager(page, total, repo::DOCUMENT_PAGE_SIZE, query_without_page));
        let meta = Meta {
            title: title.to_owned(),
            description: format!(
                "{} – {}",
                self.site.name(),
                self.tr(
                    "rendeletek, jegyzőkönyvek, meghívók, közzétételi lista, hirdetmények",
                    "decrees, minutes, agendas, publication list, announcements"
                )
            ),
            og_type: "website",
            image: None,
            section: "documents",
        };
        let canonical = match filter.category {
            Some(c) => format!("/dokumentumok?tipus={}", c.code()),
            None => "/dokumentumok".to_owned(),
        };
        Ok(Rendered::html(200, self.document(&meta, &canonical, &main)))
    }

    async fn search(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let q: String = query_param(self.req.query, "q")
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect();
        let terms = openasp_core::search::terms(&q);
        let page = self.page_number();
        let title = self.tr("Keresés", "Search");
        let mut main = format!(
            "<h1>{title}</h1><form method=\"get\" action=\"{}\" class=\"filters\" role=\"search\"><div class=\"field\"><label for=\"search-q\">{}</label><input id=\"search-q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"{}\"></div><button type=\"submit\">{title}</button></form>",
            esc(&self.link("/kereses")),
            self.tr("Keresett szöveg", "Search text"),
            esc(&q),
        );
        if !terms.is_empty() {
            let (hits, total) = repo::search(tx, &terms, page, self.now).await?;
            let _ = write!(
                main,
                "<p class=\"results-count\" role=\"status\">{}{} {}</p>",
                if total >= super::domain::SEARCH_COUNT_CAP {
                    self.tr("több mint ", "more than ")
                } else {
                    ""
                },
                total,
                self.tr("találat", "results")
            );
            if !hits.is_empty() {
                let _ = write!(
                    main,
                    "<ol class=\"search-results\" start=\"{}\">",
                    (page - 1) * super::domain::SEARCH_PAGE_SIZE + 1
                );
            }
            for item in &hits {
                let kind = ItemKind::from_code(&item.kind).unwrap_or(ItemKind::Page);
                let _ = write!(
                    main,
                    "<li><a href=\"{}\">{}</a> <span class=\"meta\">({}{})</span><p>{}</p></li>",
                    esc(&self.item_href(item)),
                    esc(&item.title),
                    kind.name(self.lang()),
                    item.publish_at
                        .filter(|_| kind != ItemKind::Page)
                        .map(|at| format!(", {}", self.time(at, false)))
                        .unwrap_or_default(),
                    esc(&excerpt(
                        &if item.summary.is_empty() {
                            plain_text(&item.body_html)
                        } else {
                            item.summary.clone()
                        },
                        200
                    ))
                );
            }
            if !hits.is_empty() {
                main.push_str("</ol>");
            }
            let encoded = encode_query_value(&q);
            main.push_str(
                &self.pager(page, total, super::domain::SEARCH_PAGE_SIZE, |p| {
                    if p > 1 {
                        self.link(&format!("/kereses?q={encoded}&oldal={p}"))
                    } else {
                        self.link(&format!("/kereses?q={encoded}"))
                    }
                }),
            );
        } else if !q.trim().is_empty() {
            // Nothing searchable (`😀`, `***`): say so, rather than show an empty page.
            let _ = write!(
                main,
                "<p class=\"results-count\" role=\"status\">{}</p>",
                self.tr(
                    "A keresett szövegben nincs betű vagy számjegy. Írjon be legalább egy szót.",
                    "The search text has no letter or digit. Type at least one word."
                )
            );
        }
        let meta = Meta {
            title: title.to_owned(),
            description: format!("{} – {}", self.site.name(), title),
            og_type: "website",
            image: None,
            section: "search",
        };
        Ok(Rendered::html(200, self.document(&meta, "/kereses", &main)))
    }

    fn contact(&self) -> Rendered {
        let title = self.tr("Kapcsolat", "Contact");
        let mut main = format!("<h1>{title}</h1><h2>{}</h2>", esc(self.site.name()));
        main.push_str(&self.contacts_block());
        let hours = self.office_hours_block();
        if !hours.is_empty() {
            let _ = write!(
                main,
                "<h2>{}</h2>{hours}",
                self.tr("Ügyfélfogadási rend", "Office hours")
            );
        }
        if let Some(s) = &self.site.settings {
            let links = parse_links(&s.social_links);
            if !links.is_empty() {
                let _ = write!(
                    main,
                    "<h2>{}</h2><ul>",
                    self.tr("Közösségi média", "Social media")
                );
                for (label, url) in links {
                    let _ = write!(
                        main,
                        "<li><a href=\"{}\">{}</a></li>",
                        esc(&url),
                        esc(&label)
                    );
                }
                main.push_str("</ul>");
            }
        }
        let meta = Meta {
            title: title.to_owned(),
            description: format!(
                "{} – {}",
                self.site.name(),
                self.tr(
                    "elérhetőségek és ügyfélfogadás",
                    "contacts and office hours"
                )
            ),
            og_type: "website",
            image: None,
            section: "contact",
        };
        Rendered::html(200, self.document(&meta, "/kapcsolat", &main))
    }

    /// The accessibility statement the law requires (Act LXXV of 2018, after the EU model).
    fn accessibility(&self) -> Rendered {
        let title = self.tr("Akadálymentességi nyilatkozat", "Accessibility statement");
        let contact = self
            .site
            .settings
            .as_ref()
            .map(|s| {
                if s.accessibility_contact.trim().is_empty() {
                    s.email.clone()
                } else {
                    s.accessibility_contact.clone()
                }
            })
            .filter(|c| !c.trim().is_empty());
        let name = esc(self.site.name());
        let mut main = format!("<h1>{title}</h1>");
        match self.lang() {
            Lang::Hu => {
                let _ = write!(
                    main,
                    "<p>{name} elkötelezett amellett, hogy honlapját a közszférabeli szervezetek honlapjainak és mobilalkalmazásainak akadálymentesítéséről szóló 2018. évi LXXV. törvénnyel és az (EU) 2016/2102 irányelvvel összhangban akadálymentessé tegye.</p>\
                     <h2>Megfelelőségi státusz</h2><p>A honlap megfelel a WCAG 2.1 AA szintű követelményeinek (EN 301 549). Az oldalak JavaScript nélkül is teljes értékűen használhatók, billentyűzettel bejárhatók, és nagy kontrasztú megjelenítésre válthatók.</p>\
                     <h2>Nem akadálymentes tartalom</h2><p>A szerkesztők által feltöltött egyes dokumentumok (például beszkennelt PDF-ek) nem feltétlenül akadálymentesek. Kérésre akadálymentes formában is megküldjük őket.</p>\
                     <h2>Visszajelzés és elérhetőség</h2><p>Ha akadályba ütközik, vagy akadálymentes formában kér egy tartalmat, írjon nekünk: {contact}.</p>\
                     <h2>Jogérvényesítési eljárás</h2><p>Ha a visszajelzésére adott válasz nem kielégítő, a jogszabályban meghatározott felügyeleti szervhez fordulhat.</p>\
                     <h2>A nyilatkozat elkészítése</h2><p>A nyilatkozatot a platform automatizált (axe-core) és kézi vizsgálata alapján készítettük.</p>",
                    contact = contact
                        .as_deref()
                        .map(|c| format!("<a href=\"mailto:{0}\">{0}</a>", esc(c)))
                        .unwrap_or_else(|| "a kapcsolati oldalon megadott címen".to_owned()),
                );
            }
            Lang::En => {
                let _ = write!(
                    main,
                    "<p>{name} is committed to making its website accessible in accordance with Hungarian Act LXXV of 2018 and Directive (EU) 2016/2102.</p>\
                     <h2>Compliance status</h2><p>This website meets WCAG 2.1 level AA (EN 301 549). Every page works without JavaScript, can be used with a keyboard, and offers a high-contrast view.</p>\
                     <h2>Non-accessible content</h2><p>Some documents uploaded by editors (such as scanned PDFs) may not be accessible. We send them in an accessible form on request.</p>\
                     <h2>Feedback and contact</h2><p>If you meet a barrier or need content in an accessible form, write to us: {contact}.</p>\
                     <h2>Enforcement procedure</h2><p>If our answer does not satisfy you, you may turn to the supervisory body the law designates.</p>\
                     <h2>Preparation of this statement</h2><p>This statement is based on automated (axe-core) and manual testing of the platform.</p>",
                    contact = contact
                        .as_deref()
                        .map(|c| format!("<a href=\"mailto:{0}\">{0}</a>", esc(c)))
                        .unwrap_or_else(|| "at the address on the contact page".to_owned()),
                );
            }
        }
        let meta = Meta {
            title: title.to_owned(),
            description: format!("{} – {}", self.site.name(), title),
            og_type: "website",
            image: None,
            section: "accessibility",
        };
        Rendered::html(200, self.document(&meta, "/akadalymentesseg", &main))
    }

    fn not_found(&self) -> Rendered {
        let title = self.tr("Az oldal nem található", "Page not found");
        let main = format!(
            "<h1>{title}</h1><p>{}</p><p><a href=\"{}\">{}</a></p>",
            self.tr(
                "A keresett oldal nem létezik, vagy már nem érhető el.",
                "The page you asked for does not exist or is no longer available."
            ),
            esc(&self.link("/")),
            self.tr("Vissza a kezdőlapra", "Back to the home page")
        );
        let meta = Meta {
            title: title.to_owned(),
            description: title.to_owned(),
            og_type: "website",
            image: None,
            section: "",
        };
        Rendered::html(404, self.document(&meta, self.req.path, &main))
    }

    async fn feed(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let (items, _) = repo::list_visible(tx, ItemKind::News, 1, 20, self.now).await?;
        let updated = items
            .iter()
            .map(|i| i.updated_at.max(i.publish_at.unwrap_or(i.updated_at)))
            .max()
            .unwrap_or(self.now);
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"hu\">\
             <title>{title}</title><id>{id}</id><link rel=\"self\" href=\"{self_href}\"/><link href=\"{home}\"/><updated>{updated}</updated>",
            title = esc(&format!("{} – Hírek", self.site.name())),
            id = esc(&self.absolute("/hirek")),
            self_href = esc(&self.absolute("/hirek.atom")),
            home = esc(&self.absolute("/")),
            updated = updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
        for item in &items {
            let url = self.absolute(&format!("/hirek/{}", item.slug));
            let _ = write!(
                xml,
                "<entry><title>{}</title><id>{}</id><link href=\"{}\"/><published>{}</published><updated>{}</updated><author><name>{}</name></author><summary>{}</summary><content type=\"html\">{}</content></entry>",
                esc(&item.title),
                esc(&url),
                esc(&url),
                item.publish_at
                    .unwrap_or(item.updated_at)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                item.updated_at
                    .max(item.publish_at.unwrap_or(item.updated_at))
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                esc(self.site.name()),
                esc(&item.summary),
                esc(&item.body_html),
            );
        }
        xml.push_str("</feed>");
        Ok(Rendered {
            status: 200,
            content_type: "application/atom+xml; charset=utf-8",
            body: xml,
        })
    }

    async fn sitemap(&self, tx: &PublicReadTx) -> Result<Rendered, AppError> {
        let items = repo::all_visible(tx, self.now, 50_000).await?;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
        );
        for path in [
            "/",
            "/hirek",
            "/esemenyek",
            "/dokumentumok",
            "/kapcsolat",
            "/akadalymentesseg",
        ] {
            let _ = write!(xml, "<url><loc>{}</loc></url>", esc(&self.absolute(path)));
        }
        for item in &items {
            let kind = ItemKind::from_code(&item.kind).unwrap_or(ItemKind::Page);
            let _ = write!(
                xml,
                "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
                esc(&self.absolute(&format!("/{}/{}", kind.segment(), item.slug))),
                item.updated_at.format("%Y-%m-%d")
            );
        }
        xml.push_str("</urlset>");
        Ok(Rendered {
            status: 200,
            content_type: "application/xml; charset=utf-8",
            body: xml,
        })
    }
}

/// The preview of an item as visitors would see it once published (for its editor).
pub async fn render_preview(
    tx: &PublicReadTx,
    req: &PublicRequest<'_>,
    item: &website_item::Model,
    now: DateTime<Utc>,
) -> Result<Rendered, AppError> {
    let Some(municipality) = repo::municipality(tx).await? else {
        return Err(AppError::NotFound);
    };
    let settings = repo::site(tx).await?;
    let menu = repo::menu_pages(tx, now).await?;
    let navigation = repo::navigation(tx, now).await?;
    let logo = logo_info(tx, settings.as_ref()).await?;
    let renderer = Renderer {
        req,
        site: Site {
            municipality,
            settings,
            menu,
            navigation,
            logo,
        },
        now,
    };
    let image = match &item.image_sha256 {
        Some(sha) => Some(repo::image_info(tx, sha).await?),
        None => None,
    };
    Ok(renderer.item_page(item, image.as_ref(), true))
}

/// The page for a host name that serves no municipality's site.
pub fn unknown_host_page(host: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"hu\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Ismeretlen honlapcím – openasp</title><link rel=\"stylesheet\" href=\"/pkg/website.css\"></head>\
         <body><main id=\"main\" class=\"wrap\"><h1>Ismeretlen honlapcím</h1>\
         <p>A(z) <strong>{host}</strong> címhez egyetlen önkormányzat honlapja sem tartozik ezen a platformon. Ellenőrizze a címet, vagy keresse fel az önkormányzat honlapját a települési címtárban.</p>\
         <h2 lang=\"en\">Unknown website address</h2>\
         <p lang=\"en\">No municipality's website on this platform is served at <strong>{host}</strong>. Check the address, or find the municipality in the directory.</p></main></body></html>",
        host = esc(host)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_param("q=k%C3%B6zmeghallgat%C3%A1s+2026&oldal=2", "q"),
            Some("közmeghallgatás 2026".into())
        );
        assert_eq!(query_param("q=a&oldal=2", "oldal"), Some("2".into()));
        assert_eq!(query_param("korabbi", "korabbi"), Some(String::new()));
        assert_eq!(query_param("q=100%", "q"), Some("100%".into()));
        assert_eq!(query_param("q=%zz", "q"), Some("%zz".into()));
        assert_eq!(query_param("", "q"), None);
    }
}
