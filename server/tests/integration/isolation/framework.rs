//! The framework's slice: sign-in and municipality switch, members and roles, substitutions,
//! the audit log, the operator's functions; and the platform's own plain routes.
use super::*;

pub(super) const SERVER_FUNCTIONS: FunctionSlice = &[
    (
        "/api/auth/login",
        Reach::NoTenantId("credentials only; opens the caller's own session"),
    ),
    (
        "/api/auth/second-factor",
        Reach::NoTenantId("a code for the caller's own pending session"),
    ),
    (
        "/api/auth/logout",
        Reach::NoTenantId("ends the caller's own session"),
    ),
    ("/api/auth/me", Reach::Swept),
    ("/api/auth/switch", Reach::Swept),
    (
        "/api/account/password",
        Reach::NoTenantId("the caller's own account only"),
    ),
    (
        "/api/account/totp/begin",
        Reach::NoTenantId("the caller's own account only"),
    ),
    (
        "/api/account/totp/confirm",
        Reach::NoTenantId("the caller's own account only"),
    ),
    (
        "/api/account/totp/disable",
        Reach::NoTenantId("the caller's own account only"),
    ),
    ("/api/members/list", Reach::Swept),
    ("/api/members/get", Reach::Swept),
    ("/api/members/create", Reach::Swept),
    ("/api/members/grant", Reach::Swept),
    ("/api/members/revoke", Reach::Swept),
    ("/api/members/substitution", Reach::Swept),
    ("/api/members/substitution/revoke", Reach::Swept),
    ("/api/audit/list", Reach::Swept),
    ("/api/audit/verify", Reach::Swept),
    ("/api/operator/municipalities", Reach::Swept),
    ("/api/operator/municipality", Reach::Swept),
    ("/api/operator/status", Reach::Swept),
    ("/api/operator/first-admin", Reach::Swept),
    ("/api/operator/joint-office", Reach::Swept),
];

pub(super) const PLAIN_ROUTES: RouteSlice = &[
    (
        "GET",
        "/healthz",
        Reach::Public("liveness: answers whether the database answers, nothing of it"),
    ),
    (
        "GET",
        "/lang/{code}",
        Reach::Public("the parameter is a language code; sets the caller's own cookie"),
    ),
    (
        "GET",
        "/favicon.svg",
        Reach::Public("a static image compiled into the server"),
    ),
];

/// Fót's framework rows the sweep aims at.
pub(super) struct FotFramework {
    substitution: String,
    grants: Vec<String>,
}

/// Fót's administrator (acting in Fót) names a substitute; Fót's grants are read.
pub(super) async fn prepare(app: &TestApp, fot_admin: &Browser, t: &Tenants) -> FotFramework {
    let substitution = fot_admin
        .call(
            "members/substitution",
            &[
                ("absent", &t.jegyzo.to_string()),
                ("substitute", &t.kozos.to_string()),
                ("role", "RecordsHead"),
                ("valid_from", &day(-1)),
                ("valid_until", &day(3)),
            ],
        )
        .await
        .ok()
        .to_string();
    let mut grants = Vec::new();
    for user in [t.kozos, t.jegyzo] {
        let detail = fot_admin
            .call("members/get", &[("user", &user.to_string())])
            .await
            .ok();
        for grant in detail["grants"].as_array().unwrap() {
            grants.push(grant["id"].to_string());
        }
    }
    assert_eq!(grants.len(), 2 + 10, "kozos: 2 roles, the jegyző: all 10");
    let fot_chain = app.audit_entries(t.fot).await;
    assert!(fot_chain.len() >= 4, "Fót has history: {fot_chain:?}");
    FotFramework {
        substitution,
        grants,
    }
}

/// Every page of the audit browser, unfiltered.
async fn whole_audit_list(browser: &Recording<'_>) -> Vec<Value> {
    let mut all = Vec::new();
    for page in 1.. {
        let answer = browser
            .call(
                "audit/list",
                &[
                    ("actor", ""),
                    ("action", ""),
                    ("from", ""),
                    ("until", ""),
                    ("page", &page.to_string()),
                ],
            )
            .await
            .ok();
        let items = answer["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        all.extend(items);
    }
    all
}

fn member_form(username: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("form[username]", username),
        ("form[display_name]", "Új Adminisztrátor"),
        ("form[email]", ""),
        ("form[password]", "correct horse battery staple"),
        (
            "form[password_confirmation]",
            "correct horse battery staple",
        ),
    ]
}

/// Gödöllő's administrator aims members, substitutions, the switch, the audit log and the
/// operator's functions at Fót's people and rows.
pub(super) async fn sweep(app: &TestApp, admin: &Recording<'_>, t: &Tenants, fot: &FotFramework) {
    let Tenants {
        godollo,
        fot: fot_id,
        csomad,
        kozos,
        jegyzo,
        ado,
        iktato,
        ..
    } = *t;
    let not_found = json!("NotFound");

    for user in t.foreign_users() {
        admin
            .call("members/get", &[("user", &user.to_string())])
            .await
            .refused(404, not_found.clone());
        // Granting a Gödöllő role to another municipality's account is not a way in.
        let answer = admin
            .call(
                "members/grant",
                &[
                    ("user", &user.to_string()),
                    ("role", "RecordsClerk"),
                    ("valid_until", ""),
                ],
            )
            .await;
        assert_eq!(
            answer.field_problem("user"),
            json!("framework.not_a_member")
        );
    }
    for grant in &fot.grants {
        admin
            .call("members/revoke", &[("grant", grant)])
            .await
            .refused(404, not_found.clone());
    }
    admin
        .call(
            "members/substitution/revoke",
            &[("substitution", &fot.substitution)],
        )
        .await
        .refused(404, not_found.clone());
    for (absent, substitute, field) in [
        (kozos, ado, "absent"),
        (iktato, kozos, "substitute"),
        (jegyzo, kozos, "absent"),
    ] {
        let answer = admin
            .call(
                "members/substitution",
                &[
                    ("absent", &absent.to_string()),
                    ("substitute", &substitute.to_string()),
                    ("role", "RecordsClerk"),
                    ("valid_from", &day(-1)),
                    ("valid_until", &day(1)),
                ],
            )
            .await;
        assert_eq!(answer.field_problem(field), json!("framework.not_a_member"));
    }
    // Creating an account cannot take over another municipality's (usernames are national).
    let mut form = vec![
        ("form[username]", "kozos.ugyintezo"),
        ("form[display_name]", "Kovács Klára"),
        ("form[email]", ""),
        ("form[password]", "correct horse battery staple"),
        (
            "form[password_confirmation]",
            "correct horse battery staple",
        ),
    ];
    form.push(("role", "MunicipalityAdmin"));
    let answer = admin.call("members/create", &form).await;
    assert_eq!(
        answer.field_problem("username"),
        json!("framework.username_taken")
    );

    for elsewhere in [fot_id, csomad] {
        admin
            .call("auth/switch", &[("municipality", &elsewhere.to_string())])
            .await
            .refused(403, json!("NoMunicipality"));
    }
    admin.call("auth/me", &[]).await.own_only(|me| {
        assert_eq!(me.body["municipality"]["id"], godollo);
        assert_eq!(
            me.body["memberships"],
            json!([{"id": godollo, "name": "Gödöllő"}])
        );
    });

    // Lists show Gödöllő's people only, whatever the filter.
    for q in ["Kovács", "kozos", "Fehér", "fot.", "Csonka"] {
        admin
            .call("members/list", &[("q", q), ("page", "1")])
            .await
            .own_only(|page| assert_eq!(page.body["total"], 0, "{q}: {}", page.text));
    }
    let godollo_admin = app.user_id("godollo.admin").await;
    let vezeto = app.user_id("godollo.vezeto").await;
    admin
        .call("members/list", &[("q", ""), ("page", "1")])
        .await
        .own_only(|page| {
            let listed: BTreeSet<i64> = page.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_i64().unwrap())
                .collect();
            assert_eq!(listed, BTreeSet::from([godollo_admin, iktato, ado, vezeto]));
        });
    admin
        .call(
            "members/list",
            &[("q", ""), ("role", "WebsiteEditor"), ("page", "1")],
        )
        .await
        .own_only(|page| {
            assert_eq!(
                page.body["total"], 1,
                "only Gödöllő's own website editor (the admin)"
            );
        });

    // The audit browser shows Gödöllő's chain, all of it and nothing else.
    // (The chain is read first: every listing is itself recorded after it was read.)
    let chain = app.audit_entries(godollo).await;
    let listed = whole_audit_list(admin).await;
    let listed_seqs: Vec<i64> = listed.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    let chain_seqs: Vec<i64> = chain.iter().rev().map(|e| e.seq).collect();
    assert_eq!(listed_seqs, chain_seqs);
    for (view, row) in listed.iter().zip(chain.iter().rev()) {
        assert_eq!(view["summary"], row.summary);
        assert_eq!(view["action"], row.action);
    }
    for (actor, action) in [("Fehér", ""), ("", "substitution."), ("Kovács", "")] {
        admin
            .call(
                "audit/list",
                &[
                    ("actor", actor),
                    ("action", action),
                    ("from", ""),
                    ("until", ""),
                    ("page", "1"),
                ],
            )
            .await
            .own_only(|page| {
                assert_eq!(page.body["total"], 0, "{actor}/{action}: {}", page.text);
            });
    }

    let verified = admin.call("audit/verify", &[]).await;
    let entries = app.audit_entries(godollo).await.len();
    verified.own_only(|verified| {
        assert_eq!(
            verified.body,
            json!({"entries_checked": entries, "problem": null})
        );
    });

    // The operator's functions are not a municipality administrator's.
    let fot_text = fot_id.to_string();
    for (endpoint, form) in [
        ("operator/municipalities", vec![("q", "fót"), ("page", "1")]),
        (
            "operator/municipality",
            vec![("municipality", fot_text.as_str())],
        ),
        (
            "operator/status",
            vec![
                ("municipality", fot_text.as_str()),
                ("status", "Preparation"),
                ("date", "2026-01-01"),
            ],
        ),
        ("operator/first-admin", {
            let mut form = vec![("municipality", fot_text.as_str())];
            form.extend(member_form("fot.uj.admin"));
            form
        }),
        (
            "operator/joint-office",
            vec![("municipality", fot_text.as_str()), ("seat", "")],
        ),
    ] {
        admin
            .call(endpoint, &form)
            .await
            .refused(403, json!("Forbidden"));
    }
    // Nor may the operator use the first-administrator door into a running municipality.
    let operator = app.login("operator").await;
    let mut form = vec![("municipality", fot_text.as_str())];
    form.extend(member_form("fot.uj.admin"));
    let answer = operator.call("operator/first-admin", &form).await;
    assert_eq!(
        answer.field_problem("role"),
        json!("framework.grant.administrator_exists")
    );
    operator
        .call("members/get", &[("user", &kozos.to_string())])
        .await
        .refused(403, json!("NoMunicipality"));
}

/// One person in two municipalities acts in one at a time: from Csomád, Fót's rows are out of
/// reach of the very administrator who made them.
pub(super) async fn sweep_from_another_municipality(
    app: &TestApp,
    fot_admin: &Browser,
    t: &Tenants,
    fot: &FotFramework,
) {
    let not_found = json!("NotFound");
    let foreign_users = t.foreign_users();
    fot_admin
        .call("auth/switch", &[("municipality", &t.csomad.to_string())])
        .await
        .ok();
    let before = snapshot(app, &[t.godollo, 0], &foreign_users).await;
    for grant in &fot.grants {
        fot_admin
            .call("members/revoke", &[("grant", grant)])
            .await
            .refused(404, not_found.clone());
    }
    fot_admin
        .call(
            "members/substitution/revoke",
            &[("substitution", &fot.substitution)],
        )
        .await
        .refused(404, not_found.clone());
    assert_eq!(snapshot(app, &[t.godollo, 0], &foreign_users).await, before);
}
