//! The framework over HTTP: signing in and out, sessions, lockout, the second factor,
//! switching municipality, role checks, grant rules, substitutions, CSRF and the audit chain.
use openasp_app::framework::totp;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement, TransactionTrait};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

fn names(refs: &Value) -> Vec<String> {
    refs.as_array()
        .unwrap_or_else(|| panic!("an array: {refs}"))
        .iter()
        .map(|r| r["name"].as_str().expect("a name").to_owned())
        .collect()
}

fn all_roles() -> Vec<String> {
    openasp_app::framework::roles::Role::ALL
        .iter()
        .map(|r| format!("{r:?}"))
        .collect()
}

/// Runs a statement written with `$1`, `$2` … placeholders on either backend.
async fn exec<C: ConnectionTrait>(
    conn: &C,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<u64, sea_orm::DbErr> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    };
    conn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .map(|r| r.rows_affected())
}

// ---- Signing in and out --------------------------------------------------------------------

both_backends!(
    async fn login_sets_a_protected_cookie_and_me_shows_the_user(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        assert_eq!(godollo, 32559, "Gödöllő's KSH code");

        let browser = app.browser();
        assert_eq!(browser.me().await, Value::Null, "nobody signed in yet");
        let answer = browser
            .call(
                "auth/login",
                &[("username", "godollo.admin"), ("password", DEMO_PASSWORD)],
            )
            .await;
        let cookie = answer.session_cookie().expect("a session cookie");
        assert_eq!(answer.ok(), "SignedIn");
        assert!(cookie.contains("; HttpOnly"), "{cookie}");
        assert!(cookie.contains("; SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("; Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP in tests: {cookie}");
        let token = browser
            .session_token()
            .expect("the browser keeps the cookie");
        assert_eq!(token.len(), 43, "32 random bytes, base64url");

        let me = browser.me().await;
        assert_eq!(me["username"], "godollo.admin");
        assert_eq!(me["display_name"], "Gál Gábor");
        assert_eq!(me["id"], app.user_id("godollo.admin").await);
        assert_eq!(
            me["municipality"],
            json!({"id": godollo, "name": "Gödöllő"})
        );
        assert_eq!(names(&me["memberships"]), ["Gödöllő"]);
        assert_eq!(strings(&me["roles"]), all_roles());
        assert_eq!(strings(&me["systems"]).len(), 9, "every system: {me}");
        assert_eq!(me["platform_roles"], json!([]));
        assert_eq!(me["totp_enabled"], false);

        // A clerk sees only their own role and system.
        let clerk = app.login("godollo.iktato").await;
        let me = clerk.me().await;
        assert_eq!(strings(&me["roles"]), ["RecordsClerk"]);
        assert_eq!(strings(&me["systems"]), ["Records"]);

        // The operator belongs to no municipality but holds platform roles.
        let operator = app.login("operator").await;
        let me = operator.me().await;
        assert_eq!(me["municipality"], Value::Null);
        assert_eq!(me["memberships"], json!([]));
        assert_eq!(me["roles"], json!([]));
        assert_eq!(strings(&me["platform_roles"]), ["Onboarding", "Helpdesk"]);

        // The session is stored as a hash of the token, never the token itself.
        use openasp_app::framework::db::user_session;
        use sea_orm::EntityTrait;
        let sessions = user_session::Entity::find().all(&app.db).await.unwrap();
        assert!(sessions.iter().all(|s| s.id != token));
        assert!(
            sessions
                .iter()
                .any(|s| s.id == openasp_app::framework::session::token_id(&token))
        );
    }
);

both_backends!(
    async fn wrong_password_and_unknown_username_get_the_same_answer(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let wrong = browser
            .call(
                "auth/login",
                &[
                    ("username", "godollo.admin"),
                    ("password", "not the password"),
                ],
            )
            .await;
        wrong.refused(401, json!("SignInFailed"));
        assert_eq!(wrong.session_cookie(), None, "no session for a failure");

        let unknown = browser
            .call(
                "auth/login",
                &[("username", "nincs.ilyen"), ("password", DEMO_PASSWORD)],
            )
            .await;
        let malformed = browser
            .call(
                "auth/login",
                &[("username", "Nincs Ilyen!"), ("password", DEMO_PASSWORD)],
            )
            .await;
        for other in [&unknown, &malformed] {
            assert_eq!(
                (other.status, &other.text),
                (wrong.status, &wrong.text),
                "an unknown username is indistinguishable from a wrong password"
            );
            assert_eq!(other.session_cookie(), None);
        }
        assert_eq!(browser.me().await, Value::Null);

        // Every failure is in the platform's audit chain (chain 0).
        let admin = app.user_id("godollo.admin").await;
        let platform = app.audit_entries(0).await;
        let failed: Vec<_> = platform
            .iter()
            .filter(|e| e.action == "login.failed")
            .collect();
        assert_eq!(failed.len(), 3, "{failed:?}");
        assert_eq!(failed[0].object_id, Some(admin.to_string()));
        assert_eq!(failed[0].actor_user_id, Some(admin));
        assert_eq!(failed[1].object_id, None);
        assert_eq!(failed[1].actor_name, "nincs.ilyen");
    }
);

both_backends!(
    async fn logout_ends_the_session_for_good(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.login("godollo.admin").await;
        let token = browser.session_token().unwrap();
        assert_eq!(
            app.browser_with_token(&token).me().await["username"],
            "godollo.admin",
            "the token alone is the session"
        );

        let answer = browser.call("auth/logout", &[]).await;
        let cookie = answer.session_cookie().expect("a clearing cookie");
        answer.ok();
        assert!(cookie.starts_with("openasp_session=;"), "{cookie}");
        assert!(cookie.contains("Max-Age=0"), "{cookie}");
        assert_eq!(browser.me().await, Value::Null);

        // Replaying the old cookie does not bring the session back.
        let replay = app.browser_with_token(&token);
        assert_eq!(replay.me().await, Value::Null);
        replay
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .refused(401, json!("Unauthenticated"));
        let platform = app.audit_entries(0).await;
        assert!(platform.iter().any(|e| e.action == "logout"));
    }
);

both_backends!(
    async fn a_new_session_id_is_issued_at_every_sign_in(backend: Backend) {
        let app = spawn_app(backend).await;
        // A token planted before sign-in (session fixation) is never adopted.
        let browser = app.browser_with_token("planted-by-an-attacker");
        browser
            .call(
                "auth/login",
                &[("username", "godollo.admin"), ("password", DEMO_PASSWORD)],
            )
            .await
            .ok();
        let first = browser.session_token().unwrap();
        assert_ne!(first, "planted-by-an-attacker");

        let answer = browser
            .call(
                "auth/login",
                &[("username", "godollo.admin"), ("password", DEMO_PASSWORD)],
            )
            .await;
        let second = answer.session_token().expect("a new cookie");
        answer.ok();
        assert_ne!(first, second, "the session id changes at sign-in");
        assert_eq!(browser.session_token().unwrap(), second);
        assert_eq!(browser.me().await["username"], "godollo.admin");
        assert_eq!(
            app.browser_with_token(&first).me().await,
            Value::Null,
            "the previous session of this browser is gone"
        );

        // Another browser's session is not touched by this one's sign-in.
        let elsewhere = app.login("godollo.admin").await;
        assert_eq!(browser.me().await["username"], "godollo.admin");
        assert_eq!(elsewhere.me().await["username"], "godollo.admin");
    }
);

// ---- Lockout --------------------------------------------------------------------------------

both_backends!(
    async fn repeated_failures_lock_the_account(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let attempt = |password: &'static str| {
            let browser = &browser;
            async move {
                browser
                    .call(
                        "auth/login",
                        &[("username", "godollo.ado"), ("password", password)],
                    )
                    .await
            }
        };
        for _ in 0..4 {
            attempt("wrong password")
                .await
                .refused(401, json!("SignInFailed"));
        }
        attempt("wrong password")
            .await
            .refused(429, json!({"AccountLocked": {"minutes": 1}}));
        // While locked, even the right password is refused, and no session is opened.
        let right = attempt(DEMO_PASSWORD).await;
        right.refused(429, json!({"AccountLocked": {"minutes": 1}}));
        assert_eq!(right.session_cookie(), None);
        assert_eq!(browser.me().await, Value::Null);

        // Other accounts are not affected.
        app.login("godollo.iktato").await;

        let ado = app.user_id("godollo.ado").await.to_string();
        let platform = app.audit_entries(0).await;
        let failures: Vec<_> = platform
            .iter()
            .filter(|e| e.action == "login.failed" && e.object_id.as_deref() == Some(&ado))
            .collect();
        assert_eq!(failures.len(), 5, "every failure audited: {failures:?}");
        assert_eq!(failures[0].summary, "failure 1");
        assert!(
            failures[4].summary.starts_with("failure 5; locked until "),
            "{}",
            failures[4].summary
        );
        // An attempt refused by the lock costs nothing: no password hash, no audit entry
        // (the lock itself is in the fifth failure's entry).
        assert_eq!(
            platform
                .iter()
                .filter(|e| e.action == "login.locked" && e.object_id.as_deref() == Some(&ado))
                .count(),
            0
        );
        assert!(
            !platform
                .iter()
                .any(|e| e.action == "login.success" && e.object_id.as_deref() == Some(&ado))
        );
    }
);

async fn try_sign_in(browser: &Browser, username: &str, password: &str) -> ApiResponse {
    browser
        .call(
            "auth/login",
            &[("username", username), ("password", password)],
        )
        .await
}

both_backends!(
    async fn a_third_party_cannot_lock_the_owner_out(backend: Backend) {
        let app = spawn_app(backend).await;
        let attacker = app.browser_from("127.0.0.2");
        for _ in 0..4 {
            try_sign_in(&attacker, "godollo.ado", "guess")
                .await
                .refused(401, json!("SignInFailed"));
        }
        try_sign_in(&attacker, "godollo.ado", "guess")
            .await
            .refused(429, json!({"AccountLocked": {"minutes": 1}}));
        try_sign_in(&attacker, "godollo.ado", DEMO_PASSWORD)
            .await
            .refused(429, json!({"AccountLocked": {"minutes": 1}}));
        // The owner, from their own address, signs in as always.
        let owner = app.browser_from("127.0.0.3");
        assert_eq!(
            try_sign_in(&owner, "godollo.ado", DEMO_PASSWORD).await.ok(),
            "SignedIn"
        );
        let ado = app.user_id("godollo.ado").await.to_string();
        let failures: Vec<_> = app
            .audit_entries(0)
            .await
            .into_iter()
            .filter(|e| e.action == "login.failed" && e.object_id.as_deref() == Some(&ado))
            .collect();
        assert_eq!(failures.len(), 5);
        assert!(
            failures[4].summary.ends_with("for address 127.0.0.2"),
            "{}",
            failures[4].summary
        );
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn parallel_guesses_are_all_counted(backend: Backend) {
        let app = spawn_app(backend).await;
        let guesser = app.browser_from("127.0.0.4");
        let guesser = std::sync::Arc::new(guesser);
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..20 {
            let guesser = guesser.clone();
            tasks.spawn(async move {
                try_sign_in(&guesser, "godollo.ado", &format!("guess {n}")).await
            });
        }
        let answers = tasks.join_all().await;
        let refused_at_once = answers.iter().filter(|a| a.status == 429).count();
        assert!(answers.iter().all(|a| a.status == 401 || a.status == 429));
        // However the twenty interleave, only five passwords were checked.
        let ado = app.user_id("godollo.ado").await.to_string();
        let checked = app
            .audit_entries(0)
            .await
            .into_iter()
            .filter(|e| e.action == "login.failed" && e.object_id.as_deref() == Some(&ado))
            .count();
        assert_eq!(checked, 5);
        assert!(refused_at_once >= 15, "{refused_at_once}");
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn an_address_guessing_at_many_accounts_is_refused_before_any_work(backend: Backend) {
        let app = spawn_app(backend).await;
        let flood = app.browser_from("127.0.0.5");
        for n in 0..30 {
            try_sign_in(&flood, &format!("nobody.{n}"), "guess")
                .await
                .refused(401, json!("SignInFailed"));
        }
        let audited = app.audit_entries(0).await.len();
        let refused = try_sign_in(&flood, "godollo.ado", DEMO_PASSWORD).await;
        assert_eq!(refused.status, 429, "{}", refused.text);
        assert_eq!(app.audit_entries(0).await.len(), audited, "nothing written");
        // Everyone else signs in as always.
        assert_eq!(
            try_sign_in(&app.browser_from("127.0.0.6"), "godollo.ado", DEMO_PASSWORD)
                .await
                .ok(),
            "SignedIn"
        );
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn guessing_the_password_from_inside_a_session_locks_the_account(backend: Backend) {
        let app = spawn_app(backend).await;
        let session = app.login("godollo.ado").await;
        for _ in 0..4 {
            let answer = session
                .call(
                    "account/password",
                    &[
                        ("current_password", "guess"),
                        ("new_password", "Egészen-új-jelszó-2026"),
                        ("new_password_confirmation", "Egészen-új-jelszó-2026"),
                    ],
                )
                .await;
            assert_eq!(answer.status, 422, "{}", answer.text);
        }
        session
            .call(
                "account/password",
                &[
                    ("current_password", "guess"),
                    ("new_password", "Egészen-új-jelszó-2026"),
                    ("new_password_confirmation", "Egészen-új-jelszó-2026"),
                ],
            )
            .await
            .refused(429, json!({"AccountLocked": {"minutes": 1}}));
        // Locked now: even the right current password waits.
        session
            .call(
                "account/password",
                &[
                    ("current_password", DEMO_PASSWORD),
                    ("new_password", "Egészen-új-jelszó-2026"),
                    ("new_password_confirmation", "Egészen-új-jelszó-2026"),
                ],
            )
            .await
            .refused(429, json!({"AccountLocked": {"minutes": 1}}));
        app.stop().await.unwrap();
    }
);

// ---- The second factor ----------------------------------------------------------------------

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn code(secret: &[u8], step: i64) -> String {
    format!("{:06}", totp::hotp(secret, step as u64))
}

/// A code valid at none of the steps around `step`.
fn wrong_code(secret: &[u8], step: i64) -> String {
    let valid: Vec<String> = (step - 3..=step + 3).map(|s| code(secret, s)).collect();
    (0..)
        .map(|n| format!("{:06}", (123_456 + n * 7_919) % 1_000_000))
        .find(|c| !valid.contains(c))
        .unwrap()
}

both_backends!(
    async fn totp_is_required_after_enrolment_and_codes_are_not_reusable(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.login("godollo.ado").await;
        let enrolment = browser.call("account/totp/begin", &[]).await.ok();
        let secret_text = enrolment["secret_base32"].as_str().unwrap().to_owned();
        let secret = totp::base32_decode(&secret_text).unwrap();
        assert_eq!(secret.len(), 20);
        let uri = enrolment["uri"].as_str().unwrap();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains(&format!("secret={secret_text}")), "{uri}");
        assert_eq!(
            browser.me().await["totp_enabled"],
            false,
            "not before confirming"
        );

        let step = totp::step_of(unix_now());
        let answer = browser
            .call(
                "account/totp/confirm",
                &[("code", &wrong_code(&secret, step))],
            )
            .await;
        assert_eq!(answer.field_problem("code"), json!("framework.wrong_code"));
        assert_eq!(browser.me().await["totp_enabled"], false);
        browser
            .call("account/totp/confirm", &[("code", &code(&secret, step))])
            .await
            .ok();
        assert_eq!(browser.me().await["totp_enabled"], true);
        browser.call("auth/logout", &[]).await.ok();

        // The password alone now opens only a pending session that counts for nothing.
        let login = || async {
            let browser = app.browser();
            let answer = browser
                .call(
                    "auth/login",
                    &[("username", "godollo.ado"), ("password", DEMO_PASSWORD)],
                )
                .await;
            assert!(answer.session_cookie().is_some());
            assert_eq!(answer.ok(), "SecondFactorRequired");
            browser
        };
        let pending = login().await;
        assert_eq!(pending.me().await, Value::Null, "not signed in yet");
        pending
            .call("account/totp/begin", &[])
            .await
            .refused(401, json!("Unauthenticated"));

        pending
            .call(
                "auth/second-factor",
                &[("code", &wrong_code(&secret, step))],
            )
            .await
            .refused(401, json!("SecondFactorFailed"));
        assert_eq!(pending.me().await, Value::Null);

        // The code of the enrolment's step was used: the next one is due.
        pending
            .call("auth/second-factor", &[("code", &code(&secret, step))])
            .await
            .refused(401, json!("SecondFactorFailed"));
        let pending_token = pending.session_token().unwrap();
        let next = code(&secret, step + 1);
        let answer = pending.call("auth/second-factor", &[("code", &next)]).await;
        let active_token = answer.session_token().expect("a new session cookie");
        answer.ok();
        assert_ne!(
            active_token, pending_token,
            "a new session id once fully signed in"
        );
        let me = pending.me().await;
        assert_eq!(me["username"], "godollo.ado");
        assert_eq!(me["totp_enabled"], true);

        // The same code cannot sign in again, even with the right password.
        let replay = login().await;
        replay
            .call("auth/second-factor", &[("code", &next)])
            .await
            .refused(401, json!("SecondFactorFailed"));
        assert_eq!(replay.me().await, Value::Null);

        // Without a pending session there is nothing to complete.
        app.browser()
            .call("auth/second-factor", &[("code", &code(&secret, step + 2))])
            .await
            .refused(401, json!("Unauthenticated"));

        let ado = app.user_id("godollo.ado").await.to_string();
        let platform = app.audit_entries(0).await;
        let actions: Vec<&str> = platform
            .iter()
            .filter(|e| e.object_id.as_deref() == Some(&ado))
            .map(|e| e.action.as_str())
            .collect();
        assert!(actions.contains(&"account.totp_enabled"), "{actions:?}");
        assert!(actions.contains(&"login.password_ok"), "{actions:?}");
        assert_eq!(
            platform
                .iter()
                .filter(|e| e.action == "login.success" && e.summary == "with one-time code")
                .count(),
            1
        );
    }
);

// ---- Municipalities of one clerk ------------------------------------------------------------

both_backends!(
    async fn a_clerk_switches_between_their_municipalities_only(backend: Backend) {
        let app = spawn_app(backend).await;
        let fot = app.municipality_id("Fót").await;
        let csomad = app.municipality_id("Csomád").await;
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("kozos.ugyintezo").await;
        let me = clerk.me().await;
        assert_eq!(names(&me["memberships"]), ["Csomád", "Fót"]);
        assert_eq!(me["municipality"]["id"], csomad, "the first by name");
        assert_eq!(strings(&me["roles"]), ["RecordsClerk"]);

        let fot_text = fot.to_string();
        clerk
            .call("auth/switch", &[("municipality", &fot_text)])
            .await
            .ok();
        let me = clerk.me().await;
        assert_eq!(me["municipality"], json!({"id": fot, "name": "Fót"}));
        assert_eq!(strings(&me["roles"]), ["RecordsClerk", "TaxClerk"]);
        assert_eq!(strings(&me["systems"]), ["Records", "Tax"]);

        clerk
            .call("auth/switch", &[("municipality", &csomad.to_string())])
            .await
            .ok();
        let me = clerk.me().await;
        assert_eq!(me["municipality"]["id"], csomad);
        assert_eq!(
            strings(&me["roles"]),
            ["RecordsClerk"],
            "no tax clerk in Csomád"
        );
        assert_eq!(strings(&me["systems"]), ["Records"]);

        // Not a member: refused, and the session stays where it was.
        for elsewhere in [godollo, 999_999, 0] {
            clerk
                .call("auth/switch", &[("municipality", &elsewhere.to_string())])
                .await
                .refused(403, json!("NoMunicipality"));
        }
        let me = clerk.me().await;
        assert_eq!(me["municipality"]["id"], csomad);
        assert_eq!(strings(&me["roles"]), ["RecordsClerk"]);

        // Each switch is audited in the chain of the municipality switched to.
        let clerk_id = app.user_id("kozos.ugyintezo").await;
        let switches = |entries: Vec<openasp_app::framework::db::audit_log::Model>| {
            entries
                .into_iter()
                .filter(|e| {
                    e.action == "session.switch_municipality" && e.actor_user_id == Some(clerk_id)
                })
                .collect::<Vec<_>>()
        };
        let in_fot = switches(app.audit_entries(fot).await);
        assert_eq!(in_fot.len(), 1);
        assert_eq!(in_fot[0].object_id, Some(fot_text.clone()));
        assert_eq!(in_fot[0].summary, format!("from {csomad}"));
        let in_csomad = switches(app.audit_entries(csomad).await);
        assert_eq!(in_csomad.len(), 1);
        assert_eq!(in_csomad[0].summary, format!("from {fot}"));
        assert!(switches(app.audit_entries(godollo).await).is_empty());
    }
);

// ---- Who may do what ------------------------------------------------------------------------

both_backends!(
    async fn functions_are_gated_by_role(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await.to_string();
        let szentendre = app.municipality_id("Szentendre").await.to_string();
        let ado = app.user_id("godollo.ado").await.to_string();
        let new_member = [
            ("form[username]", "uj.kollega"),
            ("form[display_name]", "Új Kolléga"),
            ("form[email]", ""),
            ("form[password]", "egy hosszú jelszó 2026"),
            ("form[password_confirmation]", "egy hosszú jelszó 2026"),
        ];
        let operator_calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("operator/municipalities", vec![("q", ""), ("page", "1")]),
            ("operator/municipality", vec![("municipality", &godollo)]),
            (
                "operator/status",
                vec![
                    ("municipality", &szentendre),
                    ("status", "Connection"),
                    ("date", "2026-12-01"),
                ],
            ),
            ("operator/first-admin", {
                let mut form = vec![("municipality", szentendre.as_str())];
                form.extend(new_member);
                form
            }),
        ];

        // Nobody signed in.
        let anonymous = app.browser();
        anonymous
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .refused(401, json!("Unauthenticated"));
        for (endpoint, form) in &operator_calls {
            anonymous
                .call(endpoint, form)
                .await
                .refused(401, json!("Unauthenticated"));
        }

        // A records clerk is no administrator …
        let clerk = app.login("godollo.iktato").await;
        let admin_calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("members/list", vec![("q", ""), ("page", "1")]),
            ("members/get", vec![("user", &ado)]),
            (
                "audit/list",
                vec![
                    ("actor", ""),
                    ("action", ""),
                    ("from", ""),
                    ("until", ""),
                    ("page", "1"),
                ],
            ),
            ("audit/verify", vec![]),
        ];
        for (endpoint, form) in &admin_calls {
            clerk
                .call(endpoint, form)
                .await
                .refused(403, json!("Forbidden"));
        }
        let mut create = new_member.to_vec();
        create.push(("role", "RecordsClerk"));
        let answer = clerk.call("members/create", &create).await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.not_an_administrator")
        );
        let answer = clerk
            .call(
                "members/grant",
                &[
                    ("user", &ado),
                    ("role", "RecordsClerk"),
                    ("valid_until", ""),
                ],
            )
            .await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.not_an_administrator")
        );
        // … and no operator.
        for (endpoint, form) in &operator_calls {
            clerk
                .call(endpoint, form)
                .await
                .refused(403, json!("Forbidden"));
        }

        // A municipality administrator is no operator either.
        let admin = app.login("godollo.admin").await;
        for (endpoint, form) in &operator_calls {
            admin
                .call(endpoint, form)
                .await
                .refused(403, json!("Forbidden"));
        }

        // The operator acts in no municipality.
        let operator = app.login("operator").await;
        for (endpoint, form) in &admin_calls {
            operator
                .call(endpoint, form)
                .await
                .refused(403, json!("NoMunicipality"));
        }
        let page = operator
            .call(
                "operator/municipalities",
                &[("q", "gödöllő"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(page["items"][0]["name"], "Gödöllő");
        assert_eq!(page["items"][0]["status"], "Live");

        // Nothing was created by the refused calls.
        use openasp_app::framework::db::app_user;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let created = app_user::Entity::find()
            .filter(app_user::Column::Username.eq("uj.kollega"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(created, 0);
        let szentendre_id: i32 = szentendre.parse().unwrap();
        assert!(app.audit_entries(szentendre_id).await.is_empty());
    }
);

fn member_form<'a>(username: &'a str, display_name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[username]", username),
        ("form[display_name]", display_name),
        ("form[email]", ""),
        ("form[password]", "correct horse battery staple"),
        (
            "form[password_confirmation]",
            "correct horse battery staple",
        ),
    ]
}

/// The grant ids of `user` in the acting municipality of `admin`, with their role and state.
async fn grants_of(admin: &Browser, user: i64) -> Vec<Value> {
    let detail = admin
        .call("members/get", &[("user", &user.to_string())])
        .await
        .ok();
    detail["grants"].as_array().unwrap().clone()
}

both_backends!(
    async fn administrators_grant_only_roles_they_hold(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.login("godollo.admin").await;
        let mut form = member_form("godollo.limited", "Lantos Lilla");
        form.push(("role", "MunicipalityAdmin"));
        let limited_id = admin.call("members/create", &form).await.ok();
        assert!(limited_id.as_i64().unwrap() > 0, "{limited_id}");
        let limited = app
            .login_with("godollo.limited", "correct horse battery staple")
            .await;
        let me = limited.me().await;
        assert_eq!(me["municipality"]["name"], "Gödöllő");
        assert_eq!(strings(&me["roles"]), ["MunicipalityAdmin"]);

        let iktato = app.user_id("godollo.iktato").await;
        let before = grants_of(&admin, iktato).await;
        let answer = limited
            .call(
                "members/grant",
                &[
                    ("user", &iktato.to_string()),
                    ("role", "TaxClerk"),
                    ("valid_until", ""),
                ],
            )
            .await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.role_not_held")
        );
        let mut form = member_form("godollo.adozo", "Adorján Adél");
        form.push(("role", "TaxClerk"));
        let answer = limited.call("members/create", &form).await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.role_not_held")
        );
        // Revoking follows the same rule.
        let ado = app.user_id("godollo.ado").await;
        let tax_grant = grants_of(&admin, ado).await[0]["id"].clone();
        let answer = limited
            .call("members/revoke", &[("grant", &tax_grant.to_string())])
            .await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.role_not_held")
        );
        assert_eq!(grants_of(&admin, ado).await[0]["revoked"], false);
        assert_eq!(grants_of(&admin, iktato).await, before, "nothing granted");

        // The full administrator may grant it, for a period.
        admin
            .call(
                "members/grant",
                &[
                    ("user", &iktato.to_string()),
                    ("role", "TaxClerk"),
                    ("valid_until", &day(30)),
                ],
            )
            .await
            .ok();
        let grants = grants_of(&admin, iktato).await;
        let tax = grants.iter().find(|g| g["role"] == "TaxClerk").unwrap();
        assert_eq!(tax["valid_until"], day(30));
        assert_eq!(tax["active"], true);
        // A period that is already over is refused.
        let answer = admin
            .call(
                "members/grant",
                &[
                    ("user", &iktato.to_string()),
                    ("role", "RecordsHead"),
                    ("valid_until", &day(-1)),
                ],
            )
            .await;
        assert_eq!(
            answer.field_problem("valid_until"),
            json!("framework.grant.empty_period")
        );
    }
);

both_backends!(
    async fn the_operator_creates_only_the_first_administrator(backend: Backend) {
        let app = spawn_app(backend).await;
        let szentendre = app.municipality_id("Szentendre").await;
        let godollo = app.municipality_id("Gödöllő").await;
        let operator = app.login("operator").await;
        let first_admin_of = |municipality: i32, username: &'static str| {
            let operator = &operator;
            async move {
                let municipality = municipality.to_string();
                let mut form = vec![("municipality", municipality.as_str())];
                form.extend(member_form(username, "Szabó Szilvia"));
                operator.call("operator/first-admin", &form).await
            }
        };
        let first_admin = first_admin_of(szentendre, "szentendre.admin")
            .await
            .ok()
            .as_i64()
            .unwrap();
        assert_eq!(first_admin, app.user_id("szentendre.admin").await);

        // A second one, even under another name, is refused: the municipality has one now.
        for (municipality, username) in
            [(szentendre, "szentendre.masik"), (godollo, "godollo.masik")]
        {
            let answer = first_admin_of(municipality, username).await;
            assert_eq!(
                answer.field_problem("role"),
                json!("framework.grant.administrator_exists")
            );
        }
        first_admin_of(999_999, "sehol.admin")
            .await
            .refused(404, json!("NotFound"));

        // The new administrator acts in Szentendre with that one role.
        let admin = app
            .login_with("szentendre.admin", "correct horse battery staple")
            .await;
        let me = admin.me().await;
        assert_eq!(me["municipality"]["id"], szentendre);
        assert_eq!(strings(&me["roles"]), ["MunicipalityAdmin"]);
        // The operator's work is in Szentendre's chain under the operator's name.
        let entries = app.audit_entries(szentendre).await;
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["user.create", "role.grant"]);
        assert!(
            entries
                .iter()
                .all(|e| e.actor_name == "Oláh Orsolya (operator)")
        );
        assert!(
            app.audit_entries(godollo)
                .await
                .iter()
                .all(|e| e.actor_name != "Oláh Orsolya (operator)")
        );

        // The last administrator cannot be revoked …
        let own_grant = grants_of(&admin, first_admin).await[0]["id"].to_string();
        let answer = admin.call("members/revoke", &[("grant", &own_grant)]).await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.last_administrator")
        );
        assert_eq!(grants_of(&admin, first_admin).await[0]["active"], true);
        // … but once there is a second one, the first may go.
        let mut form = member_form("szentendre.masodik", "Sípos Sára");
        form.push(("role", "MunicipalityAdmin"));
        let second_admin = admin.call("members/create", &form).await.ok();
        admin
            .call("members/revoke", &[("grant", &own_grant)])
            .await
            .ok();
        let second = app
            .login_with("szentendre.masodik", "correct horse battery staple")
            .await;
        let grants = grants_of(&second, first_admin).await;
        assert_eq!(
            (&grants[0]["revoked"], &grants[0]["active"]),
            (&json!(true), &json!(false))
        );
        let last = grants_of(&second, second_admin.as_i64().unwrap()).await[0]["id"].to_string();
        let answer = second.call("members/revoke", &[("grant", &last)]).await;
        assert_eq!(
            answer.field_problem("role"),
            json!("framework.grant.last_administrator")
        );
        // The revoked administrator has nothing left to act in.
        assert_eq!(admin.me().await["municipality"], Value::Null);
        admin
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .refused(403, json!("NoMunicipality"));
    }
);

both_backends!(
    async fn a_substitute_holds_the_absent_colleagues_role_for_the_period(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.login("godollo.admin").await;
        let substitute = app.login("godollo.ado").await;
        let iktato = app.user_id("godollo.iktato").await.to_string();
        let ado = app.user_id("godollo.ado").await.to_string();
        assert_eq!(strings(&substitute.me().await["roles"]), ["TaxClerk"]);

        let arrange = |absent: &str, sub: &str, role: &str, from: String, until: String| {
            let (admin, absent, sub, role) =
                (&admin, absent.to_owned(), sub.to_owned(), role.to_owned());
            async move {
                admin
                    .call(
                        "members/substitution",
                        &[
                            ("absent", absent.as_str()),
                            ("substitute", sub.as_str()),
                            ("role", role.as_str()),
                            ("valid_from", from.as_str()),
                            ("valid_until", until.as_str()),
                        ],
                    )
                    .await
            }
        };
        let id = arrange(&iktato, &ado, "RecordsClerk", day(-1), day(1))
            .await
            .ok();
        let me = substitute.me().await;
        assert_eq!(strings(&me["roles"]), ["RecordsClerk", "TaxClerk"]);
        assert_eq!(strings(&me["systems"]), ["Records", "Tax"]);
        // The absent colleague keeps their role.
        let absent = app.login("godollo.iktato").await;
        assert_eq!(strings(&absent.me().await["roles"]), ["RecordsClerk"]);
        // The substitution shows on both people's pages.
        let detail = admin.call("members/get", &[("user", &ado)]).await.ok();
        assert_eq!(detail["substitutions"][0]["id"], id);
        assert_eq!(detail["substitutions"][0]["active"], true);
        assert_eq!(detail["substitutions"][0]["absent_name"], "Gergely Gréta");

        // A future period gives nothing yet; a role the absent person lacks gives nothing.
        arrange(&iktato, &ado, "RecordsClerk", day(2), day(5))
            .await
            .ok();
        arrange(&iktato, &ado, "WebsiteEditor", day(-1), day(1))
            .await
            .ok();
        assert_eq!(
            strings(&substitute.me().await["roles"]),
            ["RecordsClerk", "TaxClerk"]
        );
        // Nobody stands in for themselves, and a period must not end before it starts.
        let answer = arrange(&ado, &ado, "TaxClerk", day(-1), day(1)).await;
        assert_eq!(
            answer.field_problem("substitution"),
            json!("framework.grant.self_substitution")
        );
        let answer = arrange(&iktato, &ado, "RecordsClerk", day(1), day(-1)).await;
        assert_eq!(
            answer.field_problem("substitution"),
            json!("framework.grant.empty_period")
        );

        admin
            .call(
                "members/substitution/revoke",
                &[("substitution", &id.to_string())],
            )
            .await
            .ok();
        assert_eq!(strings(&substitute.me().await["roles"]), ["TaxClerk"]);
        let detail = admin.call("members/get", &[("user", &ado)]).await.ok();
        let revoked = detail["substitutions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(
            (&revoked["revoked"], &revoked["active"]),
            (&json!(true), &json!(false))
        );
        let godollo = app.municipality_id("Gödöllő").await;
        let actions: Vec<String> = app
            .audit_entries(godollo)
            .await
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(actions.contains(&"substitution.create".to_owned()));
        assert!(actions.contains(&"substitution.revoke".to_owned()));
    }
);

// ---- Cross-site requests --------------------------------------------------------------------

both_backends!(
    async fn cross_site_requests_with_a_session_are_refused(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.login("godollo.admin").await;
        let token = admin.session_token().unwrap();
        let iktato = app.user_id("godollo.iktato").await;
        let before = grants_of(&admin, iktato).await;
        // A client that sends only what it is told to.
        let raw = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let post = |endpoint: &str, headers: Vec<(&'static str, String)>| {
            let mut request = raw
                .post(app.url(&format!("/api/{endpoint}")))
                .header("cookie", format!("openasp_session={token}"))
                .form(&[
                    ("user", iktato.to_string()),
                    ("role", "TaxClerk".to_owned()),
                    ("valid_until", String::new()),
                ]);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            async move { read_response(request.send().await.unwrap()).await }
        };
        let refusals = [
            vec![("origin", "https://evil.example".to_owned())],
            vec![("origin", "null".to_owned())],
            vec![],
            vec![("sec-fetch-site", "cross-site".to_owned())],
            vec![("sec-fetch-site", "same-site".to_owned())],
        ];
        for headers in refusals {
            let answer = post("members/grant", headers.clone()).await;
            assert_eq!(answer.status, 403, "{headers:?}: {}", answer.text);
            assert_eq!(answer.text, "cross-site request refused");
            let answer = post("auth/logout", headers).await;
            assert_eq!(answer.status, 403);
        }
        assert_eq!(grants_of(&admin, iktato).await, before, "nothing granted");
        assert_eq!(
            admin.me().await["username"],
            "godollo.admin",
            "still signed in"
        );

        // Reads pass; and the same request from this site's own page does its work.
        let answer = raw
            .get(app.url("/healthz"))
            .header("origin", "https://evil.example");
        assert_eq!(answer.send().await.unwrap().status().as_u16(), 200);
        post(
            "members/grant",
            vec![("sec-fetch-site", "same-origin".to_owned())],
        )
        .await
        .ok();
        assert_eq!(grants_of(&admin, iktato).await.len(), before.len() + 1);
        // A request without cookies rides on nobody's session and may pass the check.
        let anonymous = raw.post(app.url("/api/auth/me")).send().await.unwrap();
        assert_eq!(anonymous.status().as_u16(), 200);
    }
);

// ---- The audit chain ------------------------------------------------------------------------

/// The database connection that can rewrite history: the application's own on SQLite (after
/// proving the triggers refuse it, and dropping them), the superuser's on PostgreSQL (after
/// proving the application role cannot).
async fn history_writer(app: &TestApp, municipality: i32) -> DatabaseConnection {
    if let Some(pg) = &app.pg {
        let as_app = Database::connect(pg.app_url.as_str()).await.unwrap();
        for sql in [
            "UPDATE audit_log SET summary = 'rewritten' WHERE municipality_id = $1",
            "DELETE FROM audit_log WHERE municipality_id = $1",
            "TRUNCATE audit_log",
        ] {
            let txn = as_app.begin().await.unwrap();
            exec(
                &txn,
                "SELECT set_config('openasp.municipality_id', $1, true)",
                vec![municipality.to_string().into()],
            )
            .await
            .unwrap();
            let values = if sql.contains("$1") {
                vec![municipality.into()]
            } else {
                vec![]
            };
            let error = exec(&txn, sql, values)
                .await
                .expect_err("the application role cannot rewrite the audit log");
            assert!(error.to_string().contains("permission denied"), "{error}");
            txn.rollback().await.unwrap();
        }
        as_app.close().await.unwrap();
    } else {
        // SQLite has no roles: triggers refuse every change and removal …
        for sql in [
            "UPDATE audit_log SET summary = 'rewritten' WHERE municipality_id = $1",
            "DELETE FROM audit_log WHERE municipality_id = $1",
        ] {
            let error = exec(&app.db, sql, vec![municipality.into()])
                .await
                .expect_err("the audit log refuses changes");
            assert!(error.to_string().contains("append-only"), "{error}");
        }
        // … until someone with the file drops them, as an attacker would.
        for trigger in [
            "audit_log_append_only_update",
            "audit_log_append_only_delete",
        ] {
            exec(&app.db, &format!("DROP TRIGGER {trigger}"), vec![])
                .await
                .unwrap();
        }
    }
    app.privileged_db().await
}

both_backends!(
    async fn the_audit_chain_reveals_changed_and_removed_entries(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let admin = app.login("godollo.admin").await;
        let ado = app.user_id("godollo.ado").await.to_string();
        admin
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        admin.call("members/get", &[("user", &ado)]).await.ok();
        admin
            .call(
                "members/grant",
                &[("user", &ado), ("role", "RecordsHead"), ("valid_until", "")],
            )
            .await
            .ok();
        let entries = app.audit_entries(godollo).await;
        assert_eq!(
            entries.len(),
            8,
            "4 demo grants + demo records master data + list + read + grant: {entries:?}"
        );
        let verify = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(verify, json!({"entries_checked": 8, "problem": null}));

        let writer = history_writer(&app, godollo).await;
        let original = entries[1].summary.clone();
        let changed = exec(
            &writer,
            "UPDATE audit_log SET summary = $1 WHERE municipality_id = $2 AND seq = 2",
            vec!["demo data: municipality_admin".into(), godollo.into()],
        )
        .await
        .unwrap();
        assert_eq!(changed, 1);
        let verify = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(verify["problem"], "Altered { seq: 2 }");
        assert_eq!(verify["entries_checked"], 0);

        // The `verify-audit` command checks every chain and names the broken one only.
        use openasp_app::framework::audit_chain::ChainBreak;
        let results = openasp_app::framework::audit::verify_all(&app.db)
            .await
            .unwrap();
        let chains: Vec<i32> = results.iter().map(|(m, _)| m.0).collect();
        assert!(chains.contains(&0), "the platform chain: {chains:?}");
        assert!(chains.contains(&app.municipality_id("Fót").await));
        for (chain, result) in &results {
            if chain.0 == godollo {
                assert_eq!(result, &Err(ChainBreak::Altered { seq: 2 }));
            } else {
                assert!(result.is_ok(), "chain {chain}: {result:?}");
            }
        }

        // Put it back: intact again.
        exec(
            &writer,
            "UPDATE audit_log SET summary = $1 WHERE municipality_id = $2 AND seq = 2",
            vec![original.into(), godollo.into()],
        )
        .await
        .unwrap();
        let verify = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(verify, json!({"entries_checked": 8, "problem": null}));

        // Cutting the newest entry off leaves a consistent chain, but not the recorded head.
        let removed = exec(
            &writer,
            "DELETE FROM audit_log WHERE municipality_id = $1 AND seq = 8",
            vec![godollo.into()],
        )
        .await
        .unwrap();
        assert_eq!(removed, 1);
        let verify = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(
            verify["problem"],
            "HeadMismatch { head_seq: 8, last_seq: 7 }"
        );
        let results = openasp_app::framework::audit::verify_all(&app.db)
            .await
            .unwrap();
        let godollo_result = results.iter().find(|(m, _)| m.0 == godollo).unwrap();
        assert_eq!(
            godollo_result.1,
            Err(ChainBreak::HeadMismatch {
                head_seq: 8,
                last_seq: 7
            })
        );

        // Removing one from the middle is a gap.
        exec(
            &writer,
            "DELETE FROM audit_log WHERE municipality_id = $1 AND seq = 3",
            vec![godollo.into()],
        )
        .await
        .unwrap();
        let verify = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(verify["problem"], "Gap { expected: 3, found: 4 }");

        // Every use of the system handle is itself on record, in the platform chain.
        let platform = app.audit_entries(0).await;
        assert_eq!(
            platform
                .iter()
                .filter(|e| e.action == "system.access" && e.summary == "audit_verification")
                .count(),
            2
        );
    }
);

both_backends!(
    async fn the_audit_browser_filters_and_reads_of_personal_data_are_recorded(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let admin = app.login("godollo.admin").await;
        let admin_id = app.user_id("godollo.admin").await;
        let ado = app.user_id("godollo.ado").await.to_string();
        let iktato = app.user_id("godollo.iktato").await.to_string();

        admin.call("members/get", &[("user", &ado)]).await.ok();
        admin
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        admin
            .call(
                "members/grant",
                &[
                    ("user", &iktato),
                    ("role", "RecordsHead"),
                    ("valid_until", ""),
                ],
            )
            .await
            .ok();

        let list = |actor: &str, action: &str, from: String, until: String| {
            let (admin, actor, action) = (&admin, actor.to_owned(), action.to_owned());
            async move {
                admin
                    .call(
                        "audit/list",
                        &[
                            ("actor", actor.as_str()),
                            ("action", action.as_str()),
                            ("from", from.as_str()),
                            ("until", until.as_str()),
                            ("page", "1"),
                        ],
                    )
                    .await
                    .ok()
            }
        };
        let items = |page: &Value| page["items"].as_array().unwrap().clone();

        let reads = list("", "personal_data.read", String::new(), String::new()).await;
        assert_eq!(reads["total"], 2);
        let reads = items(&reads);
        // Newest first: the list, then the member's page.
        assert_eq!(reads[0]["object_type"], "member_list");
        assert_eq!(reads[1]["object_type"], "user");
        assert_eq!(reads[1]["object_id"], ado);
        assert_eq!(reads[1]["actor_name"], "Gál Gábor (godollo.admin)");
        assert_eq!(reads[1]["ip"], "127.0.0.1");

        // The action filter is a prefix.
        let grants = list("", "role.", String::new(), String::new()).await;
        assert_eq!(grants["total"], 5, "4 demo grants and one now: {grants}");
        assert!(
            items(&grants)
                .iter()
                .all(|e| e["action"].as_str().unwrap().starts_with("role."))
        );
        assert_eq!(
            list("", "ole.", String::new(), String::new()).await["total"],
            0
        );

        // The actor filter matches part of the recorded name.
        // (Counted first: every listing is itself recorded, after it has been read.)
        let expected = app
            .audit_entries(godollo)
            .await
            .iter()
            .filter(|e| e.actor_user_id == Some(admin_id))
            .count();
        assert!(expected >= 3, "the admin's own changes and reads");
        let by_admin = list("godollo.admin", "", String::new(), String::new()).await;
        assert_eq!(by_admin["total"], expected);
        assert!(
            items(&by_admin)
                .iter()
                .all(|e| e["actor_name"] == "Gál Gábor (godollo.admin)")
        );
        assert_eq!(
            list("demo data", "", String::new(), String::new()).await["total"],
            5,
            "4 demo grants and the demo records master data"
        );
        assert_eq!(
            list("godollo.admin", "role.", String::new(), String::new()).await["total"],
            1
        );

        // Dates: today holds everything, tomorrow and yesterday nothing.
        let all_so_far = app.audit_entries(godollo).await.len();
        assert_eq!(list("", "", day(0), day(0)).await["total"], all_so_far);
        assert_eq!(list("", "", day(1), String::new()).await["total"], 0);
        assert_eq!(list("", "", String::new(), day(-1)).await["total"], 0);
        let answer = admin
            .call(
                "audit/list",
                &[
                    ("actor", ""),
                    ("action", ""),
                    ("from", "tegnap"),
                    ("until", ""),
                    ("page", "1"),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("from"), json!("Malformed"));
    }
);

both_backends!(
    async fn operator_manages_joint_offices(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await.to_string();
        let fot = app.municipality_id("Fót").await.to_string();
        let operator = app.login("operator").await;
        let detail = |id: String| {
            let operator = &operator;
            async move {
                operator
                    .call("operator/municipality", &[("municipality", &id)])
                    .await
                    .ok()
            }
        };

        // Gödöllő joins the joint office seated in Fót …
        operator
            .call(
                "operator/joint-office",
                &[("municipality", &godollo), ("seat", "fót")],
            )
            .await
            .ok();
        let joined = detail(godollo.clone()).await;
        assert_eq!(joined["joint_office"], "Fót Közös Önkormányzati Hivatal");
        assert_eq!(
            joined["joint_office_members"],
            serde_json::json!(["Csomád", "Fót", "Gödöllő"])
        );
        // … Fót, the seat, cannot leave while it serves others …
        operator
            .call(
                "operator/joint-office",
                &[("municipality", &fot), ("seat", "")],
            )
            .await
            .field_problem("seat");
        // … an unknown seat is named as such …
        let answer = operator
            .call(
                "operator/joint-office",
                &[("municipality", &godollo), ("seat", "Nincsilyen")],
            )
            .await;
        assert_eq!(
            answer.field_problem("seat"),
            serde_json::json!("framework.unknown_municipality")
        );
        // … and Gödöllő gets its own office back.
        operator
            .call(
                "operator/joint-office",
                &[("municipality", &godollo), ("seat", "")],
            )
            .await
            .ok();
        let back = detail(godollo.clone()).await;
        assert_eq!(back["joint_office"], serde_json::Value::Null);
        let changes: Vec<String> = app
            .audit_entries(0)
            .await
            .into_iter()
            .filter(|e| e.action == "municipality.joint_office")
            .map(|e| e.summary)
            .collect();
        assert_eq!(
            changes,
            vec![
                "served by the joint office seated in Fót".to_owned(),
                "own office".to_owned()
            ]
        );

        // A municipality's administrator is not an operator.
        let admin = app.login("godollo.admin").await;
        admin
            .call(
                "operator/joint-office",
                &[("municipality", &godollo), ("seat", "Fót")],
            )
            .await
            .refused(403, serde_json::json!("Forbidden"));
    }
);

both_backends!(
    async fn changing_the_password_checks_it_and_signs_out_other_devices(backend: Backend) {
        let app = spawn_app(backend).await;
        let laptop = app.login("godollo.ado").await;
        let phone = app.login("godollo.ado").await;
        let change = |current: &'static str, new: &'static str, again: &'static str| {
            let laptop = &laptop;
            async move {
                laptop
                    .call(
                        "account/password",
                        &[
                            ("current_password", current),
                            ("new_password", new),
                            ("new_password_confirmation", again),
                        ],
                    )
                    .await
            }
        };
        // Wrong current password, a short one, and two that differ: each named, nothing changes.
        let answer = change(
            "nem ez a jelszo",
            "hosszu uj jelszo 2026",
            "hosszu uj jelszo 2026",
        )
        .await;
        assert_eq!(
            answer.field_problem("current_password"),
            json!("framework.wrong_password")
        );
        let answer = change(DEMO_PASSWORD, "rovid", "rovid").await;
        assert_eq!(
            answer.field_problem("new_password"),
            json!("framework.credential.password_too_short")
        );
        let answer = change(
            DEMO_PASSWORD,
            "hosszu uj jelszo 2026",
            "hosszu uj jelszo 2027",
        )
        .await;
        assert_eq!(
            answer.field_problem("new_password"),
            json!("framework.credential.passwords_differ")
        );
        assert_ne!(phone.me().await, Value::Null, "nothing changed yet");

        change(
            DEMO_PASSWORD,
            "hosszu uj jelszo 2026",
            "hosszu uj jelszo 2026",
        )
        .await
        .ok();
        // This device stays signed in, the other is signed out; only the new password works.
        assert_ne!(laptop.me().await, Value::Null);
        assert_eq!(phone.me().await, Value::Null);
        let stranger = app.browser();
        stranger
            .call(
                "auth/login",
                &[("username", "godollo.ado"), ("password", DEMO_PASSWORD)],
            )
            .await
            .refused(401, json!("SignInFailed"));
        app.login_with("godollo.ado", "hosszu uj jelszo 2026").await;
        let changed = app
            .audit_entries(0)
            .await
            .into_iter()
            .filter(|e| e.action == "account.password_changed")
            .count();
        assert_eq!(changed, 1);
    }
);

both_backends!(
    async fn signing_in_again_does_not_forgive_wrong_codes(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.login("godollo.ado").await;
        let enrolment = browser.call("account/totp/begin", &[]).await.ok();
        let secret = totp::base32_decode(enrolment["secret_base32"].as_str().unwrap()).unwrap();
        let step = totp::step_of(unix_now());
        browser
            .call("account/totp/confirm", &[("code", &code(&secret, step))])
            .await
            .ok();
        browser.call("auth/logout", &[]).await.ok();

        // Four wrong codes, a fresh password sign-in in between each, then the fifth locks.
        for _ in 0..4 {
            let pending = app.browser();
            pending
                .call(
                    "auth/login",
                    &[("username", "godollo.ado"), ("password", DEMO_PASSWORD)],
                )
                .await
                .ok();
            pending
                .call(
                    "auth/second-factor",
                    &[("code", &wrong_code(&secret, step))],
                )
                .await
                .refused(401, json!("SecondFactorFailed"));
        }
        let pending = app.browser();
        pending
            .call(
                "auth/login",
                &[("username", "godollo.ado"), ("password", DEMO_PASSWORD)],
            )
            .await
            .ok();
        let answer = pending
            .call(
                "auth/second-factor",
                &[("code", &wrong_code(&secret, step))],
            )
            .await;
        assert_eq!(answer.status, 429, "{:?}", answer.body);
    }
);

both_backends!(
    async fn a_substitute_administrator_cannot_hand_roles_on(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.login("godollo.admin").await;
        let admin_id = app.user_id("godollo.admin").await.to_string();
        let ado_id = app.user_id("godollo.ado").await.to_string();
        let iktato_id = app.user_id("godollo.iktato").await.to_string();
        admin
            .call(
                "members/substitution",
                &[
                    ("absent", admin_id.as_str()),
                    ("substitute", ado_id.as_str()),
                    ("role", "MunicipalityAdmin"),
                    ("valid_from", &day(-1)),
                    ("valid_until", &day(1)),
                ],
            )
            .await
            .ok();
        let stand_in = app.login("godollo.ado").await;
        // Standing in, the tax clerk runs the administration …
        stand_in
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        // … but hands on nothing, not even a role of their own, nor makes themselves admin.
        for (user, role) in [
            (iktato_id.as_str(), "TaxClerk"),
            (ado_id.as_str(), "MunicipalityAdmin"),
        ] {
            let answer = stand_in
                .call(
                    "members/grant",
                    &[("user", user), ("role", role), ("valid_until", "")],
                )
                .await;
            assert_eq!(
                answer.field_problem("role"),
                json!("framework.grant.not_an_administrator")
            );
        }
    }
);
