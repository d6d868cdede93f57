//! The website's slice: items, revisions, menu and settings of a municipality's site, the
//! editor's preview and the upload forms.
use super::*;

pub(super) const SERVER_FUNCTIONS: FunctionSlice = &[
    ("/api/website/items", Reach::Swept),
    ("/api/website/item", Reach::Swept),
    ("/api/website/parents", Reach::Swept),
    ("/api/website/save", Reach::Swept),
    ("/api/website/unpublish", Reach::Swept),
    ("/api/website/revisions", Reach::Swept),
    ("/api/website/restore", Reach::Swept),
    ("/api/website/settings", Reach::Swept),
    ("/api/website/settings/save", Reach::Swept),
    (
        "/api/website/settings/logo-remove",
        Reach::NoTenantId("takes no id: clears the acting municipality's own coat of arms"),
    ),
    ("/api/website/menu", Reach::Swept),
    ("/api/website/menu/move", Reach::Swept),
    ("/api/website/menu/rename", Reach::Swept),
    ("/api/website/menu/add-page", Reach::Swept),
    (
        "/api/website/menu/add-link",
        Reach::NoTenantId("takes no id: adds to the acting municipality's own menu"),
    ),
    ("/api/website/menu/remove", Reach::Swept),
];

const PREVIEW: &str = "/ugyintezo/honlap/elonezet/{id}";
const UPLOAD: &str = "/ugyintezo/honlap/{id}/fajl";

pub(super) const PLAIN_ROUTES: RouteSlice = &[
    (
        "GET",
        "/kontraszt",
        Reach::Public("sets the caller's own high-contrast cookie; the query is a local path"),
    ),
    ("GET", PREVIEW, Reach::Swept),
    (
        "POST",
        "/ugyintezo/honlap/beallitasok/cimer",
        Reach::NoTenantId("takes no id: sets the acting municipality's own coat of arms"),
    ),
    ("POST", UPLOAD, Reach::Swept),
];

/// Fót's website rows the sweep aims at.
pub(super) struct FotWebsite {
    items: Vec<String>,
    /// A page (and a document, for the upload) among them.
    page: String,
    document: String,
    revision: String,
    menu: String,
}

/// Fót's website: its editor (the jegyző) saves an item, so it has a revision too.
pub(super) async fn prepare(fot_admin: &Browser) -> FotWebsite {
    let fot_items = fot_admin
        .call("website/items", &[("kind", ""), ("q", ""), ("page", "1")])
        .await
        .ok();
    let items: Vec<String> = fot_items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].to_string())
        .collect();
    assert!(items.len() >= 10, "Fót's demo content");
    let of_kind = |kind: &str| {
        fot_items["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == kind)
            .map(|i| i["id"].to_string())
    };
    let page = of_kind("page").unwrap();
    let document = of_kind("document").unwrap_or_else(|| items[0].clone());
    fot_admin
        .call(
            "website/save",
            &[
                ("form[id]", items[0].as_str()),
                (
                    "form[kind]",
                    fot_items["items"][0]["kind"].as_str().unwrap(),
                ),
                ("form[title]", "Fót saját híre"),
                ("form[status]", "published"),
                ("form[doc_category]", "rendelet"),
                ("form[starts_at]", "2030-01-01T10:00"),
            ],
        )
        .await
        .ok();
    let revision = fot_admin
        .call("website/revisions", &[("item", items[0].as_str())])
        .await
        .ok()[0]["id"]
        .to_string();
    let menu = fot_admin.call("website/menu", &[]).await.ok()["entries"][0]["id"].to_string();
    assert_ne!(menu, "null", "Fót's demo menu");
    FotWebsite {
        items,
        page,
        document,
        revision,
        menu,
    }
}

/// The website: Fót's items, revisions, pages, menu and host are out of reach, through the
/// server functions and the preview and upload routes alike.
pub(super) async fn sweep(admin: &Recording<'_>, fot: &FotWebsite) {
    let not_found = json!("NotFound");
    let FotWebsite {
        items: fot_item_ids,
        page: fot_page,
        document: fot_document,
        revision: fot_revision,
        menu: fot_menu,
    } = fot;
    for id in fot_item_ids {
        admin
            .call("website/item", &[("id", id)])
            .await
            .refused(404, not_found.clone());
        admin
            .call("website/unpublish", &[("id", id)])
            .await
            .refused(404, not_found.clone());
        admin
            .call("website/revisions", &[("item", id)])
            .await
            .refused(404, not_found.clone());
        admin
            .call(
                "website/save",
                &[
                    ("form[id]", id),
                    ("form[kind]", "news"),
                    ("form[title]", "Átvett hír"),
                    ("form[status]", "published"),
                ],
            )
            .await
            .refused(404, not_found.clone());
        // Nor is it previewed.
        admin.get(PREVIEW, &[id]).await.refused_with(404);
    }
    admin
        .call("website/restore", &[("revision", fot_revision)])
        .await
        .refused(404, not_found.clone());
    // Nor does a file attach to it (a PDF, fit for a document: refused for the item alone).
    let pdf: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
    for item in [fot_document, fot_page] {
        admin
            .post_multipart(UPLOAD, &[item], &[("alt", "")], ("atvett.pdf", pdf))
            .await
            .refused_with(404);
    }
    // A page of Fót cannot become the parent of a Gödöllő page.
    let answer = admin
        .call(
            "website/save",
            &[
                ("form[id]", ""),
                ("form[kind]", "page"),
                ("form[title]", "Gödöllői aloldal"),
                ("form[status]", "draft"),
                ("form[parent]", fot_page),
            ],
        )
        .await;
    assert_eq!(answer.field_problem("parent"), json!("Malformed"));
    admin
        .call("website/items", &[("kind", ""), ("q", ""), ("page", "1")])
        .await
        .own_only(|listed| {
            assert!(
                listed.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|i| !fot_item_ids.contains(&i["id"].to_string())),
                "{}",
                listed.text
            );
        });
    admin
        .call("website/parents", &[])
        .await
        .own_only(|parents| {
            assert!(
                parents
                    .body
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|p| p["id"].as_i64() != fot_page.parse::<i64>().ok())
            );
        });
    // Fót's menu entries and pages are out of reach of Gödöllő's menu screen.
    admin.call("website/menu", &[]).await.own_only(|menu| {
        assert!(
            menu.body["entries"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["id"].as_i64() != fot_menu.parse::<i64>().ok()),
            "{}",
            menu.text
        );
        assert!(
            menu.body["pages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["id"].as_i64() != fot_page.parse::<i64>().ok())
        );
    });
    for (endpoint, form) in [
        (
            "website/menu/move",
            vec![("id", fot_menu.as_str()), ("how", "Down")],
        ),
        (
            "website/menu/rename",
            vec![("id", fot_menu.as_str()), ("label", "Átvett")],
        ),
        ("website/menu/remove", vec![("id", fot_menu.as_str())]),
    ] {
        admin
            .call(endpoint, &form)
            .await
            .refused(404, not_found.clone());
    }
    assert_eq!(
        admin
            .call(
                "website/menu/add-page",
                &[("item", fot_page), ("label", "")]
            )
            .await
            .field_problem("item"),
        json!("Malformed"),
        "Fót's page is no page of Gödöllő's"
    );
    let mut settings = admin
        .call("website/settings", &[])
        .await
        .own_only(|settings| {
            assert_eq!(settings.body["site_name"], "Gödöllő Város Önkormányzata");
        });
    settings["host_name"] = json!("fot.localhost");
    let form: Vec<(String, String)> = settings
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                format!("form[{k}]"),
                v.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        admin
            .call("website/settings/save", &pairs)
            .await
            .field_problem("host_name"),
        json!("website.host_taken")
    );
}
