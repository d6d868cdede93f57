//! The e-forms slice: the editor's forms, the citizens' portal, submissions, mandates; and the
//! clerks' downloads of a submission. The sweeps themselves live with the e-forms tests
//! (`crate::eforms::sweep`, `crate::eforms_clerk::sweep`, …) and check each answer; here they
//! are called through the recording browser, which reads each answer's verdict.
use super::*;

pub(super) const SERVER_FUNCTIONS: FunctionSlice = &[
    (
        "/api/eforms/templates",
        Reach::NoTenantId("public national reference data: the central templates"),
    ),
    (
        "/api/eforms/templates/publish",
        Reach::NoTenantId("national templates, the operator's platform role only"),
    ),
    ("/api/eforms/editor/forms", Reach::Swept),
    ("/api/eforms/editor/adopt", Reach::Swept),
    ("/api/eforms/editor/adjust", Reach::Swept),
    ("/api/eforms/editor/adopt-latest", Reach::Swept),
    ("/api/eforms/editor/preview", Reach::Swept),
    ("/api/eforms/editor/publish", Reach::Swept),
    ("/api/eforms/editor/unpublish", Reach::Swept),
    ("/api/eforms/public/forms", Reach::Swept),
    ("/api/eforms/public/form", Reach::Swept),
    ("/api/eforms/draft/save", Reach::Swept),
    ("/api/eforms/draft/load", Reach::Swept),
    ("/api/eforms/submit", Reach::Swept),
    ("/api/eforms/my-cases", Reach::Swept),
    ("/api/eforms/upload", Reach::Swept),
    ("/api/eforms/clerk/submissions", Reach::Swept),
    ("/api/eforms/clerk/submission", Reach::Swept),
    ("/api/eforms/clerk/status", Reach::Swept),
    ("/api/eforms/clerk/submissions/page", Reach::Swept),
    ("/api/eforms/clerk/submission/detail", Reach::Swept),
    ("/api/eforms/clerk/mandates", Reach::Swept),
    ("/api/eforms/clerk/mandates/record", Reach::Swept),
    ("/api/eforms/clerk/mandates/revoke", Reach::Swept),
    ("/api/eforms/my-mandates", Reach::Swept),
    ("/api/eforms/submit/on-behalf", Reach::Swept),
    ("/api/eforms/editor/routing-options", Reach::Swept),
    ("/api/eforms/editor/settings", Reach::Swept),
    ("/api/eforms/editor/extra/add", Reach::Swept),
    ("/api/eforms/editor/extra/remove", Reach::Swept),
    ("/api/eforms/templates/definition", Reach::Swept),
];

const EXPORT: &str = "/ugyintezo/beadvanyok/{id}/export/{format}";
const FILE: &str = "/ugyintezo/beadvanyok/{id}/fajl/{upload}";

pub(super) const PLAIN_ROUTES: RouteSlice =
    &[("GET", EXPORT, Reach::Swept), ("GET", FILE, Reach::Swept)];

/// Fót's e-forms data the sweep aims at.
pub(super) struct FotEforms {
    ids: crate::eforms::EformsIds,
    staff: crate::eforms_clerk::ClerkIds,
    /// A file a citizen uploaded to Fót.
    upload: String,
}

/// Fót publishes an e-form and a citizen submits it; Fót's clerk records a mandate; another
/// citizen uploads a file to Fót.
pub(super) async fn prepare(app: &TestApp, fot_admin: &Browser) -> FotEforms {
    let ids = crate::eforms::fot_submission(app, fot_admin).await;
    let staff = crate::eforms_clerk::fot_mandate(app, fot_admin).await;
    let (citizen, _) = crate::eforms::citizen_browser(app, "Fóti", "Feltöltő").await;
    let upload = citizen
        .call(
            "eforms/upload",
            &[
                ("municipality", "fot"),
                ("field", "f"),
                ("name", "foti.pdf"),
                ("content", "JVBERi0xLjcK"),
            ],
        )
        .await
        .ok()["upload_id"]
        .as_str()
        .unwrap()
        .to_owned();
    FotEforms { ids, staff, upload }
}

/// Fót's forms, submissions, mandates and files are out of reach of Gödöllő's editor, clerk
/// and citizens alike.
pub(super) async fn sweep(app: &TestApp, admin: &Recording<'_>, fot: &FotEforms) {
    let FotEforms {
        ids: fot_eforms,
        staff: fot_eforms_staff,
        upload: fot_upload,
    } = fot;
    // What an answer of Gödöllő's may not show: Fót's ids, and Fót's people.
    let foreign = [
        fot_eforms.form.as_str(),
        fot_eforms.version.as_str(),
        fot_eforms.submission.as_str(),
        fot_eforms_staff.mandate.as_str(),
        fot_upload.as_str(),
        "Kovács Klára",
        "Fehér Ferenc",
    ];
    {
        let foreign = &foreign[..];
        crate::eforms::sweep(fot_eforms, |endpoint, form| async move {
            let pairs: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            admin.judged(endpoint, &pairs, foreign).await
        })
        .await;
        crate::eforms_clerk::sweep(fot_eforms, fot_eforms_staff, |endpoint, form| async move {
            let pairs: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            admin.judged(endpoint, &pairs, foreign).await
        })
        .await;
    }
    crate::eforms_clerk::sweep_downloads(admin.browser, fot_eforms).await;
    // The same downloads, recorded: Fót's submission is not found, nor Fót's file through it.
    for format in ["json", "csv", "pdf"] {
        admin
            .get(EXPORT, &[&fot_eforms.submission, format])
            .await
            .refused_with(404);
    }
    admin
        .get(FILE, &[&fot_eforms.submission, fot_upload])
        .await
        .refused_with(404);

    let (citizen, _) = crate::eforms::citizen_browser(app, "Sweep", "Citizen").await;
    let citizen = Recording {
        browser: &citizen,
        calls: admin.calls,
    };
    {
        let citizen = &citizen;
        let foreign = &foreign[..];
        crate::eforms::sweep_as_citizen(fot_eforms, |endpoint, form| async move {
            let pairs: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            citizen.judged(endpoint, &pairs, foreign).await
        })
        .await;
        crate::eforms_clerk::sweep_as_citizen(
            fot_eforms,
            fot_eforms_staff,
            |endpoint, form| async move {
                let pairs: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                citizen.judged(endpoint, &pairs, foreign).await
            },
        )
        .await;
    }
}
