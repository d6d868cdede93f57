//! Server functions of the e-forms: thin (who is asking, which municipality, the service).
use leptos::prelude::*;

use super::types::*;
use openasp_core::error::AppError;

#[cfg(feature = "ssr")]
mod server {
    pub use openasp_citizen::session::{Citizen, require_citizen};
    pub use openasp_core::error::AppError;
    pub use openasp_core::ids::MunicipalityId;
    pub use openasp_framework::request::member_tx;
    pub use openasp_framework::session::require_principal;
    pub use openasp_framework::tenancy::{Actor, RequestMeta, TenantTx};
    pub use openasp_ui::server_context::database;
    pub use sea_orm::DatabaseConnection;

    /// The municipality a public page names by its slug.
    pub async fn municipality_of(
        db: &DatabaseConnection,
        slug: &str,
    ) -> Result<MunicipalityId, AppError> {
        openasp_gazetteer::repo::id_by_slug(db, slug.trim())
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A visitor's handle on a municipality's public e-forms (no staff roles).
    pub async fn visitor_tx(db: &DatabaseConnection, slug: &str) -> Result<TenantTx, AppError> {
        let meta = RequestMeta::current();
        let municipality = municipality_of(db, slug).await?;
        TenantTx::begin_portal(db, municipality, Actor::anonymous("látogató", meta), false).await
    }

    /// A signed-in citizen's handle on a municipality; `intake` for submitting.
    pub async fn citizen_tx(
        db: &DatabaseConnection,
        slug: &str,
        intake: bool,
    ) -> Result<(Citizen, TenantTx), AppError> {
        let citizen = require_citizen(db).await?;
        let municipality = municipality_of(db, slug).await?;
        let tx = TenantTx::begin_portal(db, municipality, citizen.actor(), intake).await?;
        Ok((citizen, tx))
    }
}

/// The central templates (national, public).
#[server(endpoint = "eforms/templates")]
pub async fn list_templates() -> Result<Vec<TemplateSummary>, AppError> {
    let db = server::database()?;
    super::service::list_templates(&db).await
}

/// The operator publishes a new version of a central template.
#[server(endpoint = "eforms/templates/publish")]
pub async fn publish_template_version(
    code: String,
    definition: String,
    note: String,
) -> Result<i32, AppError> {
    use openasp_framework::tenancy::{Actor, PlatformTx};
    let db = server::database()?;
    let principal = server::require_principal(&db).await?;
    let tx = PlatformTx::begin(&db, Actor::of(&principal)).await?;
    let version = super::service::publish_template_version(
        &tx,
        &principal.platform_roles,
        &code,
        &definition,
        &note,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// The acting municipality's adopted forms (its forms editor).
#[server(endpoint = "eforms/editor/forms")]
pub async fn editor_forms() -> Result<Vec<MunicipalFormInfo>, AppError> {
    let tx = server::member_tx().await?;
    let forms = super::service::editor_forms(&tx).await?;
    tx.commit().await?;
    Ok(forms)
}

#[server(endpoint = "eforms/editor/adopt")]
pub async fn adopt_template(template: String) -> Result<String, AppError> {
    let tx = server::member_tx().await?;
    let id = super::service::adopt(&tx, &template).await?;
    tx.commit().await?;
    Ok(id.to_string())
}

#[server(endpoint = "eforms/editor/adjust")]
pub async fn adjust_form(
    form: String,
    adjustments: String,
    unit: String,
    user: String,
    category: String,
) -> Result<(), AppError> {
    use super::service::{Routing, found_id};
    use openasp_core::error::Problem;
    let optional = |field: &str, raw: &str| -> Result<Option<i64>, AppError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            raw.trim()
                .parse()
                .map(Some)
                .map_err(|_| AppError::invalid(field, Problem::Malformed))
        }
    };
    let routing = Routing {
        unit_id: optional("routing_unit", &unit)?,
        user_id: optional("routing_user", &user)?,
        case_category_id: optional("routing_category", &category)?,
    };
    let tx = server::member_tx().await?;
    super::service::adjust(&tx, found_id(&form)?, &adjustments, routing).await?;
    tx.commit().await?;
    Ok(())
}

#[server(endpoint = "eforms/editor/adopt-latest")]
pub async fn adopt_latest(form: String) -> Result<i32, AppError> {
    let tx = server::member_tx().await?;
    let version = super::service::adopt_latest(&tx, super::service::found_id(&form)?).await?;
    tx.commit().await?;
    Ok(version)
}

/// The form as it would be published now (JSON definition).
#[server(endpoint = "eforms/editor/preview")]
pub async fn preview_form(form: String) -> Result<String, AppError> {
    let tx = server::member_tx().await?;
    let definition = super::service::preview(&tx, super::service::found_id(&form)?).await?;
    tx.commit().await?;
    serde_json::to_string(&definition).map_err(|e| AppError::internal(e.to_string()))
}

#[server(endpoint = "eforms/editor/publish")]
pub async fn publish_form(form: String) -> Result<i32, AppError> {
    let tx = server::member_tx().await?;
    let version = super::service::publish(&tx, super::service::found_id(&form)?).await?;
    tx.commit().await?;
    Ok(version)
}

#[server(endpoint = "eforms/editor/unpublish")]
pub async fn unpublish_form(form: String) -> Result<(), AppError> {
    let tx = server::member_tx().await?;
    super::service::unpublish(&tx, super::service::found_id(&form)?).await?;
    tx.commit().await?;
    Ok(())
}

/// A municipality's published forms (public: no sign-in).
#[server(endpoint = "eforms/public/forms")]
pub async fn published_forms(
    municipality: String,
    q: String,
) -> Result<Vec<PublishedForm>, AppError> {
    let db = server::database()?;
    let tx = server::visitor_tx(&db, &municipality).await?;
    let forms = super::service::published_forms(&tx, &q).await?;
    tx.commit().await?;
    Ok(forms)
}

/// A published form to fill in (public: no sign-in).
#[server(endpoint = "eforms/public/form")]
pub async fn get_fillable_form(
    municipality: String,
    form: String,
) -> Result<FillableForm, AppError> {
    let db = server::database()?;
    let tx = server::visitor_tx(&db, &municipality).await?;
    let fillable = super::service::fillable_form(&tx, super::service::found_id(&form)?).await?;
    tx.commit().await?;
    Ok(fillable)
}

/// Saves the signed-in citizen's draft (`answers` as JSON).
#[server(endpoint = "eforms/draft/save")]
pub async fn save_draft(
    municipality: String,
    version: String,
    answers: String,
) -> Result<(), AppError> {
    use super::service::{found_id, parse_answers};
    let answers = parse_answers(&answers)?;
    let db = server::database()?;
    let (citizen, tx) = server::citizen_tx(&db, &municipality, false).await?;
    super::service::save_draft(&tx, &citizen, found_id(&version)?, &answers).await?;
    tx.commit().await?;
    Ok(())
}

/// The signed-in citizen's draft of a form: `[version id, answers JSON]`, if any.
#[server(endpoint = "eforms/draft/load")]
pub async fn load_draft(
    municipality: String,
    form: String,
) -> Result<Option<(String, String)>, AppError> {
    let db = server::database()?;
    let (citizen, tx) = server::citizen_tx(&db, &municipality, false).await?;
    let draft = super::service::load_draft(&tx, &citizen, super::service::found_id(&form)?).await?;
    tx.commit().await?;
    Ok(draft)
}

/// Submits the signed-in citizen's answers to a version of a form; answers the registry number.
#[server(endpoint = "eforms/submit")]
pub async fn submit_form(
    municipality: String,
    version: String,
    answers: String,
) -> Result<SubmissionReceipt, AppError> {
    use super::service::parse_answers;
    let answers = parse_answers(&answers)?;
    let db = server::database()?;
    let (citizen, tx) = server::citizen_tx(&db, &municipality, true).await?;
    let version = openasp_core::error::read_id("form_version", &version)?;
    let receipt = super::service::submit(&tx, &citizen, version, answers).await?;
    tx.commit().await?;
    Ok(receipt)
}

/// "My cases" in a municipality.
#[server(endpoint = "eforms/my-cases")]
pub async fn my_cases(municipality: String) -> Result<Vec<MySubmission>, AppError> {
    let db = server::database()?;
    let (citizen, tx) = server::citizen_tx(&db, &municipality, false).await?;
    let cases = super::service::my_submissions(&tx, &citizen).await?;
    tx.commit().await?;
    Ok(cases)
}

/// The acting municipality's submissions (its clerks).
#[server(endpoint = "eforms/clerk/submissions")]
pub async fn clerk_submissions() -> Result<Vec<ClerkSubmission>, AppError> {
    let tx = server::member_tx().await?;
    let rows = super::service::clerk_submissions(&tx).await?;
    tx.commit().await?;
    Ok(rows)
}

#[server(endpoint = "eforms/clerk/submission")]
pub async fn get_clerk_submission(submission: String) -> Result<ClerkSubmission, AppError> {
    let tx = server::member_tx().await?;
    let row = super::service::clerk_submission(&tx, super::service::found_id(&submission)?).await?;
    tx.commit().await?;
    Ok(row)
}

/// A status change with a public note, shown to the citizen in "My cases".
#[server(endpoint = "eforms/clerk/status")]
pub async fn set_submission_status(
    submission: String,
    status: String,
    note: String,
) -> Result<(), AppError> {
    let tx = server::member_tx().await?;
    super::service::set_status(&tx, super::service::found_id(&submission)?, &status, &note).await?;
    tx.commit().await?;
    Ok(())
}

/// Uploads a file for a form answer (`content` base64); answers the file's description as
/// the server measured it, for the answers to refer to.
#[server(endpoint = "eforms/upload")]
pub async fn upload_file(
    municipality: String,
    field: String,
    name: String,
    content: String,
) -> Result<super::domain::language::FileAnswer, AppError> {
    use base64::Engine;
    use openasp_core::error::Problem;
    if content.len() > super::service::MAX_UPLOAD_BYTES / 3 * 4 + 4 {
        return Err(AppError::invalid(
            &field,
            Problem::from(super::domain::eval::ProblemKind::FileTooLarge),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|_| AppError::invalid(&field, Problem::Malformed))?;
    let db = server::database()?;
    let (citizen, tx) = server::citizen_tx(&db, &municipality, false).await?;
    let file = super::service::store_upload(&tx, &citizen, &field, &name, &bytes).await?;
    tx.commit().await?;
    Ok(file)
}
