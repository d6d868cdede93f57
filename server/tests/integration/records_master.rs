//! Records master data: units, books, case categories, the retention plan and partners —
//! edited by the head of records only, validated, audited, and each municipality's own.
use openasp_app::records::db::{case_category, retention_item};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

async fn actions(app: &TestApp, municipality: i32, prefix: &str) -> Vec<String> {
    app.audit_entries(municipality)
        .await
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with(prefix))
        .collect()
}

fn find<'a>(page: &'a Value, key: &str, value: &str) -> Option<&'a Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item[key] == value)
}

both_backends!(
    async fn units_are_created_renamed_and_deactivated_by_the_head_only(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let head = app.login("godollo.vezeto").await;
        let clerk = app.login("godollo.iktato").await;

        let answer = head
            .call(
                "records/master/unit/save",
                &[("id", ""), ("name", "  "), ("code", "")],
            )
            .await;
        assert_eq!(answer.field_problem("name"), json!("Required"));
        let answer = head
            .call(
                "records/master/unit/save",
                &[("id", ""), ("name", "Műszaki Iroda"), ("code", "M I")],
            )
            .await;
        assert_eq!(answer.field_problem("code"), json!("Malformed"));

        let id = head
            .call(
                "records/master/unit/save",
                &[("id", ""), ("name", "Műszaki   Iroda"), ("code", "MI")],
            )
            .await
            .ok();
        let id = id.as_str().unwrap().to_owned();
        head.call(
            "records/master/unit/save",
            &[("id", &id), ("name", "Műszaki Osztály"), ("code", "MO")],
        )
        .await
        .ok();
        head.call(
            "records/master/unit/active",
            &[("id", &id), ("active", "false")],
        )
        .await
        .ok();

        // The clerk reads the list but changes nothing.
        let page = clerk
            .call("records/master/units", &[("page", "1")])
            .await
            .ok();
        let unit = find(&page, "id", &id).expect("listed");
        assert_eq!(unit["name"], "Műszaki Osztály");
        assert_eq!(unit["code"], "MO");
        assert_eq!(unit["active"], false);
        let choices = clerk.call("records/master/choices", &[]).await.ok();
        assert!(
            choices["units"]
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["id"] != id.as_str()),
            "an inactive unit is no longer offered"
        );
        for (endpoint, form) in [
            (
                "records/master/unit/save",
                vec![("id", ""), ("name", "Titkos Iroda"), ("code", "")],
            ),
            (
                "records/master/unit/save",
                vec![("id", id.as_str()), ("name", "Átnevezve"), ("code", "")],
            ),
            (
                "records/master/unit/active",
                vec![("id", id.as_str()), ("active", "true")],
            ),
        ] {
            clerk
                .call(endpoint, &form)
                .await
                .refused(403, json!("Forbidden"));
        }
        let page = head
            .call("records/master/units", &[("page", "1")])
            .await
            .ok();
        assert_eq!(find(&page, "id", &id).unwrap()["name"], "Műszaki Osztály");
        assert!(find(&page, "name", "Titkos Iroda").is_none());

        // Someone without a records role does not even read it.
        let tax = app.login("godollo.ado").await;
        tax.call("records/master/units", &[("page", "1")])
            .await
            .refused(403, json!("Forbidden"));
        // An id that is no unit is not found.
        head.call(
            "records/master/unit/active",
            &[("id", "12345"), ("active", "false")],
        )
        .await
        .refused(404, json!("NotFound"));
        assert_eq!(
            actions(&app, godollo, "records.unit.").await,
            [
                "records.unit.create",
                "records.unit.update",
                "records.unit.deactivate"
            ]
        );
    }
);

both_backends!(
    async fn books_have_valid_templates_are_unique_and_keep_issued_numbers(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let head = app.login("godollo.vezeto").await;
        let clerk = app.login("godollo.iktato").await;
        let year = year();
        let year_text = year.to_string();
        let book = |name: &'static str, prefix: &'static str, template: &'static str| {
            let year_text = year_text.clone();
            let head = &head;
            async move {
                head.call(
                    "records/master/book/save",
                    &[
                        ("id", ""),
                        ("kind", "register"),
                        ("year", &year_text),
                        ("name", name),
                        ("prefix", prefix),
                        ("template", template),
                    ],
                )
                .await
            }
        };

        // The live example, and what a bad template says.
        let example = head
            .call(
                "records/master/book/example",
                &[
                    ("template", "{prefix}/{main}-{sub}/{year}"),
                    ("prefix", "ÉP"),
                    ("year", "2026"),
                ],
            )
            .await
            .ok();
        assert_eq!(example["example"], "ÉP/156-3/2026");
        let example = head
            .call(
                "records/master/book/example",
                &[
                    ("template", "{main}/{year}"),
                    ("prefix", ""),
                    ("year", "2026"),
                ],
            )
            .await
            .ok();
        assert_eq!(example["example"], Value::Null);
        assert!(example["problem_hu"].as_str().unwrap().contains("{sub}"));

        assert_eq!(
            book("Építésügy", "ÉP", "{main}/{year}")
                .await
                .field_problem("template"),
            json!("Malformed")
        );
        assert_eq!(
            book("Építésügy", "ÉP", "{prefix}/{main}{sub}/{year}")
                .await
                .field_problem("template"),
            json!("Malformed")
        );
        assert_eq!(
            book("", "ÉP", "{prefix}/{main}-{sub}/{year}")
                .await
                .field_problem("name"),
            json!("Required")
        );
        assert_eq!(
            book("Építésügy", "É P", "{prefix}/{main}-{sub}/{year}")
                .await
                .field_problem("prefix"),
            json!("Malformed")
        );
        let id = book("Építésügy", "ÉP", "{prefix}/{main}-{sub}/{year}")
            .await
            .ok();
        let id = id.as_str().unwrap().to_owned();
        assert_eq!(
            book("Másik", "ÉP", "{prefix}-{main}-{sub}-{year}")
                .await
                .field_problem("prefix"),
            json!("Duplicate")
        );
        // A receipt book may share the prefix (books are unique per kind, prefix and year).
        head.call(
            "records/master/book/save",
            &[
                ("id", ""),
                ("kind", "receipt"),
                ("year", &year.to_string()),
                ("name", "Érkeztetőkönyv"),
                ("prefix", "ÉP"),
                ("template", "É-{prefix}/{main}-{sub}/{year}"),
            ],
        )
        .await
        .ok();
        let answer = head
            .call(
                "records/master/book/save",
                &[
                    ("id", ""),
                    ("kind", "ledger"),
                    ("year", "1850"),
                    ("name", "Rossz"),
                    ("prefix", "X"),
                    ("template", "{main}-{sub}/{year}"),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("kind"), json!("Malformed"));
        assert_eq!(answer.field_problem("year"), json!("Malformed"));
        // A clerk does not make books.
        clerk
            .call(
                "records/master/book/save",
                &[
                    ("id", ""),
                    ("kind", "register"),
                    ("year", &year.to_string()),
                    ("name", "Saját"),
                    ("prefix", "S"),
                    ("template", "{prefix}/{main}-{sub}/{year}"),
                ],
            )
            .await
            .refused(403, json!("Forbidden"));

        // A book without numbers may still change its form.
        head.call(
            "records/master/book/save",
            &[
                ("id", &id),
                ("kind", "receipt"),
                ("year", "1999"),
                ("name", "Építéshatóság"),
                ("prefix", "ÉPH"),
                ("template", "{prefix}-{main}/{sub}/{year}"),
            ],
        )
        .await
        .ok();
        let books = clerk
            .call(
                "records/master/books",
                &[("year", &year.to_string()), ("page", "1")],
            )
            .await
            .ok();
        let changed = find(&books, "id", &id).unwrap();
        assert_eq!(changed["prefix"], "ÉPH");
        assert_eq!(changed["kind"], "register", "kind is fixed once created");
        assert_eq!(changed["year"], year, "year is fixed once created");
        assert_eq!(changed["example"], format!("ÉPH-1/1/{year}"));

        // The default book made by the first registration keeps working, and once it issued
        // a number its form is frozen (renaming is fine).
        let number = clerk
            .call(
                "records/register",
                &[
                    ("subject", "Kérelem"),
                    ("direction", "Incoming"),
                    ("channel", "Paper"),
                    ("sender", ""),
                ],
            )
            .await
            .ok();
        assert_eq!(number, json!(format!("1-1/{year}")));
        let books = head
            .call(
                "records/master/books",
                &[("year", &year.to_string()), ("page", "1")],
            )
            .await
            .ok();
        let default = find(&books, "prefix", "").unwrap().clone();
        assert_eq!(default["last_main"], 1);
        assert_eq!(default["example"], format!("2-1/{year}"));
        let default_id = default["id"].as_str().unwrap();
        let change = |template: &'static str, prefix: &'static str, name: &'static str| {
            let default_id = default_id.to_owned();
            let head = &head;
            async move {
                head.call(
                    "records/master/book/save",
                    &[
                        ("id", default_id.as_str()),
                        ("kind", "register"),
                        ("year", ""),
                        ("name", name),
                        ("prefix", prefix),
                        ("template", template),
                    ],
                )
                .await
            }
        };
        assert_eq!(
            change("{main}/{sub}/{year}", "", "Általános")
                .await
                .field_problem("template"),
            json!("records.numbers_issued")
        );
        assert_eq!(
            change("{main}-{sub}/{year}", "ÁLT", "Általános")
                .await
                .field_problem("prefix"),
            json!("records.numbers_issued")
        );
        change(
            "{main}-{sub}/{year}",
            "",
            "Általános iktatókönyv (átnevezve)",
        )
        .await
        .ok();
        assert_eq!(
            clerk
                .call(
                    "records/register",
                    &[
                        ("subject", "Második"),
                        ("direction", "Incoming"),
                        ("channel", "Paper"),
                        ("sender", ""),
                    ],
                )
                .await
                .ok(),
            json!(format!("2-1/{year}"))
        );

        // Next year's book: main numbers start again at 1.
        let next = head
            .call(
                "records/master/book/save",
                &[
                    ("id", ""),
                    ("kind", "register"),
                    ("year", &(year + 1).to_string()),
                    ("name", "Általános iktatókönyv"),
                    ("prefix", ""),
                    ("template", "{main}-{sub}/{year}"),
                ],
            )
            .await
            .ok();
        let books = head
            .call(
                "records/master/books",
                &[("year", &(year + 1).to_string()), ("page", "1")],
            )
            .await
            .ok();
        let next = find(&books, "id", next.as_str().unwrap()).unwrap();
        assert_eq!(next["example"], format!("1-1/{}", year + 1));
        assert_eq!(books["total"], 1);

        assert_eq!(
            actions(&app, godollo, "records.book.").await,
            [
                "records.book.create",
                "records.book.create",
                "records.book.update",
                "records.book.update",
                "records.book.create",
            ]
        );
    }
);

both_backends!(
    async fn the_retention_plan_is_seeded_once_and_edited_by_the_head(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let csomad = app.municipality_id("Csomád").await;
        let head = app.login("godollo.vezeto").await;
        let clerk = app.login("godollo.iktato").await;

        let plan = clerk
            .call("records/master/retention", &[("q", ""), ("page", "1")])
            .await
            .ok();
        let seeded = plan["total"].as_u64().unwrap();
        assert_eq!(
            seeded, 596,
            "every live item of the annex of 78/2012: {plan}"
        );
        let council = clerk
            .call("records/master/retention", &[("q", "U102"), ("page", "1")])
            .await
            .ok();
        let council = find(&council, "code", "U102").unwrap();
        assert_eq!(council["not_disposable"], true);
        assert_eq!(council["archive_transfer_years"], 15);
        let found = clerk
            .call(
                "records/master/retention",
                &[("q", "Hagyaték"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(found["total"], 1, "{found}");

        // Items: validation, duplicates, not disposable, changes.
        let item = |id: &str, code: &str, years: &str, ns: &str, transfer: &str| {
            let form: Vec<(&'static str, String)> = vec![
                ("id", id.to_owned()),
                ("code", code.to_owned()),
                ("title", "Helyi kitüntetések adományozása".to_owned()),
                ("retention_years", years.to_owned()),
                ("not_disposable", ns.to_owned()),
                ("archive_transfer_years", transfer.to_owned()),
                ("active", "true".to_owned()),
            ];
            form
        };
        let call = |form: Vec<(&'static str, String)>| {
            let head = &head;
            async move {
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                head.call("records/master/retention/save", &pairs).await
            }
        };
        assert_eq!(
            call(item("", "", "5", "false", ""))
                .await
                .field_problem("code"),
            json!("Required")
        );
        assert_eq!(
            call(item("", "Z999", "", "false", ""))
                .await
                .field_problem("retention_years"),
            json!("Required")
        );
        assert_eq!(
            call(item("", "Z999", "5", "true", ""))
                .await
                .field_problem("retention_years"),
            json!("Required")
        );
        assert_eq!(
            call(item("", "Z999", "öt", "false", ""))
                .await
                .field_problem("retention_years"),
            json!("Malformed")
        );
        assert_eq!(
            call(item("", "Z999", "5", "false", "15"))
                .await
                .field_problem("archive_transfer_years"),
            json!("Malformed")
        );
        assert_eq!(
            call(item("", "U102", "5", "false", ""))
                .await
                .field_problem("code"),
            json!("Duplicate")
        );
        let id = call(item("", "Z999", "", "true", "15")).await.ok();
        let id = id.as_str().unwrap().to_owned();
        call(item(&id, "Z999", "10", "false", "")).await.ok();
        let found = head
            .call("records/master/retention", &[("q", "Z999"), ("page", "1")])
            .await
            .ok();
        let changed = find(&found, "id", &id).unwrap();
        assert_eq!(changed["retention_years"], 10);
        assert_eq!(changed["not_disposable"], false);
        // A clerk cannot change the plan.
        let pairs = item(&id, "Z999", "1", "false", "");
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        clerk
            .call("records/master/retention/save", &pairs)
            .await
            .refused(403, json!("Forbidden"));
        // Seeding happens once: the plan did not grow by a second copy.
        let plan = head
            .call("records/master/retention", &[("q", ""), ("page", "1")])
            .await
            .ok();
        assert_eq!(plan["total"].as_u64().unwrap(), seeded + 1);

        // A municipality without a plan (as a brand-new one) gets it on first use.
        let db = app.privileged_db().await;
        case_category::Entity::delete_many()
            .filter(case_category::Column::MunicipalityId.eq(csomad))
            .exec(&db)
            .await
            .unwrap();
        retention_item::Entity::delete_many()
            .filter(retention_item::Column::MunicipalityId.eq(csomad))
            .exec(&db)
            .await
            .unwrap();
        let csomad_clerk = app.login("kozos.ugyintezo").await;
        csomad_clerk
            .call("auth/switch", &[("municipality", &csomad.to_string())])
            .await
            .ok();
        let choices = csomad_clerk.call("records/master/choices", &[]).await.ok();
        assert_eq!(
            choices["retention_items"].as_array().unwrap().len() as u64,
            seeded
        );
        let in_csomad = retention_item::Entity::find()
            .filter(retention_item::Column::MunicipalityId.eq(csomad))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(in_csomad, seeded);
        assert_eq!(
            actions(&app, csomad, "records.retention.seed").await.len(),
            1
        );
        assert_eq!(
            actions(&app, godollo, "records.retention.").await,
            ["records.retention.create", "records.retention.update"]
        );
    }
);

both_backends!(
    async fn case_categories_point_at_the_municipalitys_own_items_and_units(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let head = app.login("godollo.vezeto").await;
        let choices = head.call("records/master/choices", &[]).await.ok();
        assert!(
            choices["categories"].as_array().unwrap().len() >= 10,
            "demo categories"
        );
        let item = choices["retention_items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let unit = choices["units"][0]["id"].as_str().unwrap().to_owned();

        // Fót's ids are not Gödöllő's to use.
        let fot_head = app.login("fot.jegyzo").await;
        let fot = app.municipality_id("Fót").await;
        fot_head
            .call("auth/switch", &[("municipality", &fot.to_string())])
            .await
            .ok();
        let fot_choices = fot_head.call("records/master/choices", &[]).await.ok();
        let fot_item = fot_choices["retention_items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let fot_unit = fot_choices["units"][0]["id"].as_str().unwrap().to_owned();

        let save = |id: &str, code: &str, name: &str, days: &str, item: &str, unit: &str| {
            let form: Vec<(&'static str, String)> = vec![
                ("id", id.to_owned()),
                ("code", code.to_owned()),
                ("name", name.to_owned()),
                ("deadline_days", days.to_owned()),
                ("retention_item", item.to_owned()),
                ("unit", unit.to_owned()),
                ("active", "true".to_owned()),
            ];
            let head = &head;
            async move {
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                head.call("records/master/category/save", &pairs).await
            }
        };
        let answer = save("", "", "", "0", "x", &fot_unit).await;
        assert_eq!(answer.field_problem("code"), json!("Required"));
        assert_eq!(answer.field_problem("name"), json!("Required"));
        assert_eq!(answer.field_problem("deadline_days"), json!("Malformed"));
        assert_eq!(answer.field_problem("retention_item"), json!("Malformed"));
        assert_eq!(answer.field_problem("unit"), json!("Malformed"));
        assert_eq!(
            save("", "VIZ", "Vízügy", "30", &fot_item, "")
                .await
                .field_problem("retention_item"),
            json!("Malformed")
        );
        assert_eq!(
            save("", "KT", "Testület", "30", "", "")
                .await
                .field_problem("code"),
            json!("Duplicate")
        );
        let id = save("", "VIZ", "Vízügyi hatósági ügyek", "60", &item, &unit)
            .await
            .ok();
        let id = id.as_str().unwrap().to_owned();
        let page = head
            .call("records/master/categories", &[("page", "1")])
            .await
            .ok();
        let category = find(&page, "id", &id).unwrap();
        let item_label = &choices["retention_items"][0]["label"];
        assert_eq!(
            category["retention_item"]
                .as_str()
                .unwrap()
                .replace(' ', ""),
            item_label
                .as_str()
                .unwrap()
                .replace(" – ", "")
                .replace(' ', "")
        );
        assert_eq!(category["unit"], choices["units"][0]["label"]);
        save(&id, "VIZ", "Vízügyek", "45", "", "").await.ok();
        let page = head
            .call("records/master/categories", &[("page", "1")])
            .await
            .ok();
        let category = find(&page, "id", &id).unwrap();
        assert_eq!(category["name"], "Vízügyek");
        assert_eq!(category["deadline_days"], 45);
        assert_eq!(category["retention_item_id"], Value::Null);
        // Gödöllő's category never appears in Fót.
        let fot_page = fot_head
            .call("records/master/categories", &[("page", "1")])
            .await
            .ok();
        assert!(find(&fot_page, "id", &id).is_none());
        assert!(find(&fot_page, "code", "VIZ").is_none());

        let clerk = app.login("godollo.iktato").await;
        let form = [
            ("id", id.as_str()),
            ("code", "VIZ"),
            ("name", "X"),
            ("deadline_days", "1"),
            ("retention_item", ""),
            ("unit", ""),
            ("active", "true"),
        ];
        clerk
            .call("records/master/category/save", &form)
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            actions(&app, godollo, "records.category.").await,
            ["records.category.create", "records.category.update"]
        );
    }
);

fn partner_form<'a>(kind: &'a str, name: &'a str, street: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("kind", kind),
        ("name", name),
        ("birth_date", ""),
        ("tax_number", ""),
        ("postal_code", "2100"),
        ("city", "Gödöllő"),
        ("street_address", street),
        ("email", ""),
        ("phone", ""),
    ]
}

both_backends!(
    async fn partners_are_deduplicated_and_merged(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let head = app.login("godollo.vezeto").await;
        let clerk = app.login("godollo.iktato").await;

        let first = clerk
            .call(
                "records/master/partner/save",
                &partner_form("person", "Kovács János", "Fő u. 1."),
            )
            .await
            .ok();
        assert_eq!(first["existing"], false);
        // The same person written differently is the same partner: nothing new is created.
        let again = clerk
            .call(
                "records/master/partner/save",
                &partner_form("person", "  KOVACS   janos ", "fő utca 1"),
            )
            .await
            .ok();
        assert_eq!(again["existing"], true);
        assert_eq!(again["id"], first["id"]);
        assert_eq!(again["name"], "Kovács János");
        // A typo is not caught by the key: a duplicate the head merges.
        let typo = clerk
            .call(
                "records/master/partner/save",
                &partner_form("person", "Kovács Jámos", "Fő utca 1."),
            )
            .await
            .ok();
        assert_eq!(typo["existing"], false);
        let other = clerk
            .call(
                "records/master/partner/save",
                &partner_form("organisation", "Gödöllői Vízmű Kft.", "Kossuth tér 3."),
            )
            .await
            .ok();

        let listed = clerk
            .call("records/master/partners", &[("q", "kovács"), ("page", "1")])
            .await
            .ok();
        assert_eq!(listed["total"], 2, "{listed}");
        let listed = clerk
            .call("records/master/partners", &[("q", "VIZMU"), ("page", "1")])
            .await
            .ok();
        assert_eq!(listed["total"], 1);

        // Validation.
        let mut form = partner_form("person", "", "Fő utca 2.");
        form[2] = ("birth_date", "2199-01-01");
        form[3] = ("tax_number", "12345678-2-13");
        form[4] = ("postal_code", "210");
        form[7] = ("email", "nem e-mail");
        let answer = clerk.call("records/master/partner/save", &form).await;
        assert_eq!(answer.field_problem("name"), json!("Required"));
        assert_eq!(answer.field_problem("birth_date"), json!("Malformed"));
        assert_eq!(
            answer.field_problem("tax_number"),
            json!("Malformed"),
            "persons have no tax number"
        );
        assert_eq!(answer.field_problem("postal_code"), json!("Malformed"));
        assert_eq!(answer.field_problem("email"), json!("Malformed"));
        let mut form = partner_form("organisation", "Gödöllői Kft.", "Fő utca 2.");
        form[3] = ("tax_number", "12345678-9-13");
        assert_eq!(
            clerk
                .call("records/master/partner/save", &form)
                .await
                .field_problem("tax_number"),
            json!("Malformed")
        );
        form[3] = ("tax_number", "12345678213");
        clerk.call("records/master/partner/save", &form).await.ok();

        // Merging is the head's.
        let typo_id = typo["id"].as_str().unwrap();
        let first_id = first["id"].as_str().unwrap();
        clerk
            .call(
                "records/master/partner/merge",
                &[("duplicate", typo_id), ("into", first_id)],
            )
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            head.call(
                "records/master/partner/merge",
                &[("duplicate", first_id), ("into", first_id)]
            )
            .await
            .field_problem("duplicate"),
            json!("Malformed")
        );
        head.call(
            "records/master/partner/merge",
            &[("duplicate", typo_id), ("into", first_id)],
        )
        .await
        .ok();
        let listed = head
            .call("records/master/partners", &[("q", "kovacs"), ("page", "1")])
            .await
            .ok();
        assert_eq!(listed["total"], 1);
        assert_eq!(listed["items"][0]["id"], first["id"]);
        // The merged one is merged for good, and nothing merges into it.
        assert_eq!(
            head.call(
                "records/master/partner/merge",
                &[("duplicate", typo_id), ("into", first_id)]
            )
            .await
            .field_problem("duplicate"),
            json!("Malformed")
        );
        let other_id = other["id"].as_str().unwrap();
        assert_eq!(
            head.call(
                "records/master/partner/merge",
                &[("duplicate", other_id), ("into", typo_id)]
            )
            .await
            .field_problem("into"),
            json!("Malformed")
        );
        // What referred to the duplicate still finds a row (it leads to the survivor).
        let db = app.privileged_db().await;
        let merged = openasp_app::records::db::partner::Entity::find_by_id((
            godollo,
            typo_id.parse::<i64>().unwrap(),
        ))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
        assert_eq!(merged.merged_into_id, Some(first_id.parse().unwrap()));

        assert_eq!(
            actions(&app, godollo, "records.partner.").await,
            [
                "records.partner.create",
                "records.partner.create",
                "records.partner.create",
                "records.partner.create",
                "records.partner.merge",
            ]
        );
    }
);

/// The update form: `partner_form` without the kind (a partner keeps its kind), with an id.
fn update_form<'a>(id: &'a str, name: &'a str, street: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![("id", id)];
    form.extend(partner_form("", name, street).into_iter().skip(1));
    form
}

both_backends!(
    async fn partners_are_edited_by_the_head_without_making_duplicates(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let head = app.login("godollo.vezeto").await;
        let clerk = app.login("godollo.iktato").await;
        let save = |name: &'static str, street: &'static str| {
            let clerk = &clerk;
            async move {
                clerk
                    .call(
                        "records/master/partner/save",
                        &partner_form("person", name, street),
                    )
                    .await
                    .ok()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
        };
        let first = save("Kovács János", "Fő u. 1.").await;
        let second = save("Nagy Éva", "Fő u. 2.").await;
        let retired = save("Nagy Évi", "Fő u. 2.").await;
        head.call(
            "records/master/partner/merge",
            &[("duplicate", retired.as_str()), ("into", second.as_str())],
        )
        .await
        .ok();

        // The head edits: name, address, contact and the person's date of birth.
        let mut form = update_form(&first, "Kovács János Péter", "Fő utca 10.");
        form[2] = ("birth_date", "1980-04-23");
        form[7] = ("email", "kovacs@example.hu");
        form[8] = ("phone", "+36 28 123 456");
        head.call("records/master/partner/update", &form).await.ok();
        let listed = head
            .call("records/master/partners", &[("q", "kovacs"), ("page", "1")])
            .await
            .ok();
        assert_eq!(listed["total"], 1, "{listed}");
        let edited = &listed["items"][0];
        assert_eq!(edited["id"], first.as_str());
        assert_eq!(edited["kind"], "person");
        assert_eq!(edited["name"], "Kovács János Péter");
        assert_eq!(edited["street_address"], "Fő utca 10.");
        assert_eq!(edited["birth_date"], "1980-04-23");
        assert_eq!(edited["email"], "kovacs@example.hu");
        assert_eq!(edited["phone"], "+36 28 123 456");
        // The key follows the edit: the new spelling is found as this partner.
        let again = clerk
            .call(
                "records/master/partner/save",
                &partner_form("person", "KOVACS janos peter", "fő utca 10"),
            )
            .await
            .ok();
        assert_eq!(again["existing"], true);
        assert_eq!(again["id"], first.as_str());
        // Saving it unchanged is no duplicate of itself.
        let mut form = update_form(&first, "Kovács János Péter", "Fő utca 10.");
        form[2] = ("birth_date", "1980-04-23");
        head.call("records/master/partner/update", &form).await.ok();

        // Written like another partner, it is refused and nothing changes.
        assert_eq!(
            head.call(
                "records/master/partner/update",
                &update_form(&first, "NAGY eva", "fő utca 2")
            )
            .await
            .field_problem("name"),
            json!("Duplicate")
        );
        // Written like the merged (retired) one, it is no duplicate.
        head.call(
            "records/master/partner/update",
            &update_form(&second, "Nagy Évi", "Fő u. 2."),
        )
        .await
        .ok();
        // Validated like a new partner; a person has no tax number.
        let mut form = update_form(&first, "", "Fő utca 10.");
        form[3] = ("tax_number", "12345678-2-13");
        form[4] = ("postal_code", "21");
        let answer = head.call("records/master/partner/update", &form).await;
        assert_eq!(answer.field_problem("name"), json!("Required"));
        assert_eq!(answer.field_problem("tax_number"), json!("Malformed"));
        assert_eq!(answer.field_problem("postal_code"), json!("Malformed"));

        // A clerk may not edit; a merged partner is not edited; unknown ids are not found.
        clerk
            .call(
                "records/master/partner/update",
                &update_form(&first, "Kovács J.", "Fő utca 10."),
            )
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            head.call(
                "records/master/partner/update",
                &update_form(&retired, "Nagy Évike", "Fő u. 3.")
            )
            .await
            .field_problem("id"),
            json!("Malformed")
        );
        head.call(
            "records/master/partner/update",
            &update_form("999999999", "Senki", "Fő u. 3."),
        )
        .await
        .refused(404, json!("NotFound"));

        let db = app.privileged_db().await;
        let row = |id: &str| {
            let db = &db;
            let id = id.parse::<i64>().unwrap();
            async move {
                openasp_app::records::db::partner::Entity::find_by_id((godollo, id))
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        assert_eq!(row(&first).await.name, "Kovács János Péter");
        assert_eq!(row(&retired).await.name, "Nagy Évi");
        assert_eq!(
            row(&retired).await.street_address.as_deref(),
            Some("Fő u. 2.")
        );

        assert_eq!(
            actions(&app, godollo, "records.partner.update").await,
            [
                "records.partner.update",
                "records.partner.update",
                "records.partner.update",
            ]
        );
    }
);
