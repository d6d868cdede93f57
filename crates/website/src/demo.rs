//! Demo content of the three demo municipalities' websites: settings, a few pages, news,
//! events and documents, one draft and one scheduled item each (loaded with the demo users).
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::domain::{ItemKind, Status, item_slug};
use crate::db::{website_host, website_item, website_menu_entry, website_site};
use openasp_core::error::AppError;
use openasp_core::ids::MunicipalityId;
use openasp_framework::members::new_row_id;
use openasp_framework::tenancy::SystemTx;

/// The demo article the benchmark serves (Gödöllő's).
pub const BENCH_ARTICLE_TITLE: &str = "Megújul a főtér: kezdődik a felújítás";
pub const BENCH_ARTICLE_SUMMARY: &str = "Hétfőn kezdődik a főtér felújítása; a munkák idején a piac a sportcsarnok parkolójába költözik.";
pub const BENCH_ARTICLE_BODY: &str = "<p>Tisztelt Lakosok!</p><p>Örömmel tájékoztatjuk Önöket, hogy a képviselő-testület döntése alapján <strong>hétfőn megkezdődik a főtér teljes felújítása</strong>. A munkálatok várhatóan hat hónapig tartanak.</p><h2>Mi változik?</h2><ul><li>A tér burkolata akadálymentes, egy szintű lesz.</li><li>Húsz új fát ültetünk, és ivókutat építünk.</li><li>A buszmegálló új, fedett várót kap.</li></ul><h2>Forgalmi változások</h2><p>A felújítás idején a heti piac a sportcsarnok parkolójában lesz. A főtéri parkoló lezárul; kérjük, használják a vasútállomás melletti P+R parkolót.</p><p>Kérdéseikkel keressék a városgondnokságot a <a href=\"mailto:varosgondnok@example.hu\">varosgondnok@example.hu</a> címen.</p><p>Megértésüket és türelmüket köszönjük!</p>";

struct DemoSite {
    name: &'static str,
    site_name: &'static str,
    tagline: &'static str,
    host: &'static str,
    color: &'static str,
    address: &'static str,
    phone: &'static str,
    email: &'static str,
}

const SITES: [DemoSite; 3] = [
    DemoSite {
        name: openasp_framework::demo::GODOLLO,
        site_name: "Gödöllő Város Önkormányzata",
        tagline: "A királyné városa",
        host: "godollo.localhost",
        color: "#1d4f91",
        address: "2100 Gödöllő, Szabadság tér 7.",
        phone: "+36 28 529 100",
        email: "hivatal@godollo.example.hu",
    },
    DemoSite {
        name: openasp_framework::demo::FOT,
        site_name: "Fót Város Önkormányzata",
        tagline: "Fót – a Somlyó alatt",
        host: "fot.localhost",
        color: "#7a1f3d",
        address: "2151 Fót, Vörösmarty tér 1.",
        phone: "+36 27 535 365",
        email: "polgarmester@fot.example.hu",
    },
    DemoSite {
        name: openasp_framework::demo::CSOMAD,
        site_name: "Csomád Község Önkormányzata",
        tagline: "Csendes falu a Gödöllői-dombság peremén",
        host: "csomad.localhost",
        color: "#2f5d34",
        address: "2161 Csomád, Kossuth Lajos utca 63.",
        phone: "+36 28 566 100",
        email: "onkormanyzat@csomad.example.hu",
    },
];

const OFFICE_HOURS: &str = "Hétfő: 8:00–12:00, 13:00–16:00\nKedd: nincs ügyfélfogadás\nSzerda: 8:00–12:00, 13:00–17:30\nCsütörtök: nincs ügyfélfogadás\nPéntek: 8:00–12:00";

struct DemoItem {
    kind: ItemKind,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    /// Days from now the item was (negative) or will be published; `None`: a draft.
    published: Option<i64>,
    /// Events: days from now it starts.
    starts: Option<i64>,
    location: Option<&'static str>,
    category: Option<&'static str>,
    number: Option<&'static str>,
    in_menu: bool,
}

const fn news(
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    published: Option<i64>,
) -> DemoItem {
    DemoItem {
        kind: ItemKind::News,
        title,
        summary,
        body,
        published,
        starts: None,
        location: None,
        category: None,
        number: None,
        in_menu: false,
    }
}

const ITEMS: &[DemoItem] = &[
    news(
        BENCH_ARTICLE_TITLE,
        BENCH_ARTICLE_SUMMARY,
        BENCH_ARTICLE_BODY,
        Some(-1),
    ),
    news(
        "Lomtalanítás tavasszal",
        "Az idei lomtalanítás időpontjai és a lerakható hulladékok köre.",
        "<p>A lomtalanítás idén is házhoz jön. A lomokat a megadott napon reggel 6 óráig helyezzék ki az ingatlan elé.</p><p>Nem helyezhető ki: veszélyes hulladék, gumiabroncs, építési törmelék.</p>",
        Some(-6),
    ),
    news(
        "Elkészült az új játszótér az óvoda mellett",
        "Átadtuk a felújított játszóteret; az eszközök megfelelnek a hatályos szabványoknak.",
        "<p>Az uniós támogatással megújult játszótér mostantól minden nap 8 és 20 óra között látogatható.</p>",
        Some(-12),
    ),
    news(
        "Közmeghallgatás decemberben",
        "A képviselő-testület közmeghallgatást tart; kérdéseiket előre is elküldhetik.",
        "<p>A közmeghallgatás helyszíne a művelődési ház nagyterme. Kérdéseiket a hivatal e-mail-címére is elküldhetik.</p>",
        Some(3),
    ),
    news(
        "Tervezet: új parkolási rend",
        "Piszkozat – még nem nyilvános.",
        "<p>A parkolási rend tervezete egyeztetés alatt.</p>",
        None,
    ),
    DemoItem {
        kind: ItemKind::Event,
        title: "Adventi gyertyagyújtás a főtéren",
        summary: "Közös gyertyagyújtás forralt borral és gyerekkórussal.",
        body: "<p>Szeretettel várunk minden kedves érdeklődőt az adventi koszorú első gyertyájának meggyújtására.</p>",
        published: Some(-3),
        starts: Some(8),
        location: Some("Főtér, adventi koszorú"),
        category: None,
        number: None,
        in_menu: false,
    },
    DemoItem {
        kind: ItemKind::Event,
        title: "Képviselő-testületi ülés",
        summary: "Nyilvános ülés; a meghívó és az előterjesztések a dokumentumtárban.",
        body: "<p>Napirenden a jövő évi költségvetés koncepciója és a helyi adók.</p>",
        published: Some(-2),
        starts: Some(15),
        location: Some("Városháza, díszterem"),
        category: None,
        number: None,
        in_menu: false,
    },
    DemoItem {
        kind: ItemKind::Document,
        title: "Rendelet a helyi építési szabályzatról",
        summary: "A település helyi építési szabályzata, egységes szerkezetben.",
        body: "<p>A rendelet a kihirdetését követő 30. napon lép hatályba.</p>",
        published: Some(-40),
        starts: None,
        location: None,
        category: Some("rendelet"),
        number: Some("12/2026. (X. 15.) önkormányzati rendelet"),
        in_menu: false,
    },
    DemoItem {
        kind: ItemKind::Document,
        title: "Jegyzőkönyv a képviselő-testület októberi üléséről",
        summary: "A rendes ülés jegyzőkönyve.",
        body: "<p>Jelen voltak: a polgármester, az alpolgármester és hét képviselő.</p>",
        published: Some(-20),
        starts: None,
        location: None,
        category: Some("jegyzokonyv"),
        number: Some("8/2026."),
        in_menu: false,
    },
    DemoItem {
        kind: ItemKind::Document,
        title: "Közzétételi lista – szervezeti, személyzeti adatok",
        summary: "Az információs önrendelkezési jogról szóló törvény szerinti általános közzétételi lista I. része.",
        body: "<p>A hivatal szervezeti felépítése, vezetői és elérhetőségeik.</p>",
        published: Some(-60),
        starts: None,
        location: None,
        category: Some("kozzeteteli-lista"),
        number: None,
        in_menu: false,
    },
    DemoItem {
        kind: ItemKind::Page,
        title: "Önkormányzat",
        summary: "A képviselő-testület, a bizottságok és a hivatal.",
        body: "<p>Az önkormányzat feladatait a képviselő-testület és szervei látják el.</p>",
        published: Some(-90),
        starts: None,
        location: None,
        category: None,
        number: None,
        in_menu: true,
    },
    DemoItem {
        kind: ItemKind::Page,
        title: "Ügyintézés",
        summary: "Ügyintézési tudnivalók, nyomtatványok, elektronikus ügyintézés.",
        body: "<p>Ügyeinek nagy részét elektronikusan is intézheti az <a href=\"https://magyarorszag.hu\">e-ügyintézési portálon</a>.</p><h2>Személyes ügyintézés</h2><p>Az ügyfélfogadási rendet a kapcsolati oldalon találja.</p>",
        published: Some(-90),
        starts: None,
        location: None,
        category: None,
        number: None,
        in_menu: true,
    },
];

fn at(now: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    now + Duration::days(days)
}

/// Loads the demo websites (inside the demo data's system transaction).
pub async fn load(
    tx: &SystemTx,
    municipality_of: impl Fn(&str) -> Option<MunicipalityId>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for site in &SITES {
        let Some(municipality) = municipality_of(site.name) else {
            continue;
        };
        website_site::Entity::insert(website_site::ActiveModel {
            municipality_id: Set(municipality.0),
            site_name: Set(site.site_name.to_owned()),
            tagline: Set(site.tagline.to_owned()),
            host_name: Set(Some(site.host.to_owned())),
            primary_color: Set(site.color.to_owned()),
            address: Set(site.address.to_owned()),
            phone: Set(site.phone.to_owned()),
            email: Set(site.email.to_owned()),
            office_hours: Set(OFFICE_HOURS.to_owned()),
            social_links: Set(format!(
                "Facebook | https://www.facebook.com/{}",
                item_slug(site.name)
            )),
            accessibility_contact: Set(site.email.to_owned()),
            logo_sha256: Set(None),
            logo_alt: Set(None),
            updated_at: Set(now),
            updated_by: Set(None),
        })
        .exec_without_returning(tx.conn())
        .await?;
        website_host::Entity::insert(website_host::ActiveModel {
            host_name: Set(site.host.to_owned()),
            municipality_id: Set(municipality.0),
        })
        .exec_without_returning(tx.conn())
        .await?;
        for (order, item) in ITEMS.iter().enumerate() {
            let publish_at = item.published.map(|d| at(now, d));
            let status = if item.published.is_some() {
                Status::Published
            } else {
                Status::Draft
            };
            let created = publish_at.map(|p| p.min(now)).unwrap_or(now);
            let body_html = super::sanitize::sanitize(item.body);
            let (search_title, search_text) = super::domain::search_fields(
                item.title,
                item.summary,
                &body_html,
                item.location,
                item.number,
            );
            let id = new_row_id();
            website_item::Entity::insert(website_item::ActiveModel {
                municipality_id: Set(municipality.0),
                id: Set(id),
                kind: Set(item.kind.code().to_owned()),
                slug: Set(item_slug(item.title)),
                title: Set(item.title.to_owned()),
                summary: Set(item.summary.to_owned()),
                body_html: Set(body_html),
                status: Set(status.code().to_owned()),
                publish_at: Set(publish_at),
                unpublish_at: Set(None),
                starts_at: Set(item
                    .starts
                    .and_then(|d| at(now, d).date_naive().and_hms_opt(17, 0, 0))
                    .map(|t| t.and_utc())),
                ends_at: Set(None),
                location: Set(item.location.map(str::to_owned)),
                doc_category: Set(item.category.map(str::to_owned)),
                doc_number: Set(item.number.map(str::to_owned)),
                file_sha256: Set(None),
                file_name: Set(None),
                parent_id: Set(None),
                menu_order: Set(i32::try_from(order).unwrap_or(0)),
                in_menu: Set(item.in_menu),
                image_sha256: Set(None),
                image_alt: Set(None),
                created_at: Set(created),
                updated_at: Set(created),
                updated_by: Set(None),
                search_title: Set(search_title),
                search_text: Set(search_text),
            })
            .exec_without_returning(tx.conn())
            .await?;
            if item.in_menu {
                website_menu_entry::Entity::insert(website_menu_entry::ActiveModel {
                    municipality_id: Set(municipality.0),
                    id: Set(new_row_id()),
                    parent_id: Set(None),
                    position: Set(i32::try_from(order).unwrap_or(0)),
                    label: Set(None),
                    item_id: Set(Some(id)),
                    url: Set(None),
                })
                .exec_without_returning(tx.conn())
                .await?;
            }
        }
    }
    Ok(())
}
