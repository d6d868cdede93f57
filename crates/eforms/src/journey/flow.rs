//! The citizen's journey through a form, step by step (server only): which page to show,
//! what a posted page changes, and where the citizen goes next. The HTTP layer
//! (`server/src/eforms_routes.rs`) only turns requests into these calls and [`Reply`]s into
//! responses.
//!
//! Answers live in a draft on the server from the first page on: the signed-in citizen's
//! draft (resumable from any device), or a visitor's guest draft keyed by a random token in a
//! cookie (only its hash is stored), taken over into the citizen's draft at sign-in.
use chrono::Duration;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};

use super::html::{self, Chrome};
use super::input::{PageAction, Posted, apply_item_action, merge_page};
use crate::db::{form_draft, form_guest_draft, form_submission};
use crate::domain::eval::{FormProblem, prune, visibility};
use crate::domain::language::{Answer, Answers, FieldKind, FormDefinition};
use crate::service;
use crate::types::{FormVersionId, MunicipalFormId};
use openasp_citizen::session::{self, Citizen};
use openasp_core::error::AppError;
use openasp_core::ids::MunicipalityId;
use openasp_core::query::query_param;
use openasp_framework::members::new_row_id;
use openasp_framework::tenancy::{Actor, RequestMeta, TenantTx, now};

pub const GUEST_COOKIE: &str = "openasp_guest";
pub const GUEST_DRAFT_HOURS: i64 = 24;
const FORMS_PAGE_SIZE: usize = 25;

/// One request of the journey, as the HTTP layer hands it over.
pub struct JourneyRequest<'a> {
    pub municipality: MunicipalityId,
    /// Prefix of the site's links (`/{slug}` or `""` on the municipality's own host).
    pub base: &'a str,
    /// The path after `/ugyintezes` (`""`, `/12`, `/12/adatok`, …).
    pub path: &'a str,
    pub query: &'a str,
    pub citizen_token: Option<String>,
    pub guest_token: Option<String>,
    pub meta: RequestMeta,
    pub secure_cookies: bool,
}

/// A file posted with a page.
pub struct PostedFile {
    /// The input's name (`f.{path}`).
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What the HTTP layer sends back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub file_name: Option<String>,
}

impl Reply {
    fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            location: None,
            set_cookies: Vec::new(),
            file_name: None,
        }
    }

    fn redirect(to: String) -> Reply {
        Reply {
            status: 303,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(to),
            set_cookies: Vec::new(),
            file_name: None,
        }
    }

    fn with_cookie(mut self, cookie: Option<String>) -> Reply {
        self.set_cookies.extend(cookie);
        self
    }
}

fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_guest_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn guest_cookie(token: &str, secure: bool) -> String {
    format!(
        "{GUEST_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        GUEST_DRAFT_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

pub fn guest_token_from_cookie_header(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == GUEST_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Who is filling in.
enum Filler {
    Citizen(Citizen),
    Guest(Option<String>),
}

impl Filler {
    fn citizen(&self) -> Option<&Citizen> {
        match self {
            Filler::Citizen(c) => Some(c),
            Filler::Guest(_) => None,
        }
    }
}

struct Journey<'a> {
    db: &'a DatabaseConnection,
    req: &'a JourneyRequest<'a>,
    filler: Filler,
    chrome: Chrome,
}

/// A published form with its current version, ready to fill.
struct Form {
    id: i64,
    version_id: i64,
    definition: FormDefinition,
    contact: String,
    fee: String,
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

async fn site_chrome(
    db: &DatabaseConnection,
    req: &JourneyRequest<'_>,
    citizen: Option<&Citizen>,
) -> Result<Chrome, AppError> {
    let tx = TenantTx::begin_portal(
        db,
        req.municipality,
        Actor::anonymous("látogató", req.meta.clone()),
        false,
    )
    .await?;
    let town = openasp_gazetteer::repo::link_by_id(tx.conn(), req.municipality)
        .await?
        .ok_or(AppError::NotFound)?;
    let site = openasp_website::chrome::chrome(&tx).await?;
    tx.commit().await?;
    let here = format!(
        "{}/ugyintezes{}{}",
        req.base,
        req.path,
        if req.query.is_empty() {
            String::new()
        } else {
            format!("?{}", req.query)
        }
    );
    Ok(Chrome {
        site_name: site.site_name.unwrap_or(town.name),
        color: site.color,
        base: req.base.to_owned(),
        citizen: citizen.map(Citizen::display_name),
        here,
    })
}

impl<'a> Journey<'a> {
    async fn new(
        db: &'a DatabaseConnection,
        req: &'a JourneyRequest<'a>,
    ) -> Result<Self, AppError> {
        let citizen = match &req.citizen_token {
            Some(token) => session::resolve(db, token).await?.map(|mut c| {
                c.meta = req.meta.clone();
                c
            }),
            None => None,
        };
        let chrome = site_chrome(db, req, citizen.as_ref()).await?;
        let filler = match citizen {
            Some(c) => Filler::Citizen(c),
            None => Filler::Guest(req.guest_token.clone()),
        };
        Ok(Journey {
            db,
            req,
            filler,
            chrome,
        })
    }

    fn link(&self, path: &str) -> String {
        self.chrome.link(path)
    }

    async fn tx(&self, intake: bool) -> Result<TenantTx, AppError> {
        let actor = match &self.filler {
            Filler::Citizen(c) => c.actor(),
            Filler::Guest(_) => Actor::anonymous("látogató", self.req.meta.clone()),
        };
        TenantTx::begin_portal(self.db, self.req.municipality, actor, intake).await
    }

    async fn form(&self, tx: &TenantTx, raw_id: &str) -> Result<Form, AppError> {
        let id = raw_id.parse::<i64>().map_err(|_| AppError::NotFound)?;
        let fillable = service::fillable_form(tx, MunicipalFormId(id)).await?;
        let definition: FormDefinition =
            serde_json::from_str(&fillable.definition_json).map_err(AppError::internal)?;
        Ok(Form {
            id,
            version_id: fillable.version_id.parse().map_err(AppError::internal)?,
            definition,
            contact: fillable.contact,
            fee: fillable.fee,
        })
    }

    /// The current answers to `form` (empty when there is no draft). A guest draft this
    /// browser filled before signing in is not taken over here: only an explicit POST moves
    /// it ([`take_over`]), so a page view can never move answers into an account.
    async fn answers(&self, tx: &TenantTx, form: &Form) -> Result<(Answers, bool), AppError> {
        match &self.filler {
            Filler::Citizen(citizen) => {
                match service::load_draft(tx, citizen, MunicipalFormId(form.id)).await? {
                    Some((_, json)) => Ok((service::parse_answers(&json)?, true)),
                    None => Ok((Answers::new(), false)),
                }
            }
            Filler::Guest(Some(token)) => match guest_draft(tx, token, form.id).await? {
                Some(draft) => Ok((service::parse_answers(&draft.answers)?, true)),
                None => Ok((Answers::new(), false)),
            },
            Filler::Guest(None) => Ok((Answers::new(), false)),
        }
    }

    /// For a signed-in citizen whose browser holds answers given before signing in: the page
    /// that asks whether to take them over (shown instead of the form until answered).
    async fn offer_guest_draft(
        &self,
        tx: &TenantTx,
        form: &Form,
        form_id: &str,
    ) -> Result<Option<Reply>, AppError> {
        let (Filler::Citizen(_), Some(token)) = (&self.filler, &self.req.guest_token) else {
            return Ok(None);
        };
        if guest_draft(tx, token, form.id).await?.is_none() {
            return Ok(None);
        }
        let back = self.chrome.here.clone();
        let body = html::take_over_page(&self.chrome, form_id, &form.definition.title, &back);
        Ok(Some(Reply::html(
            200,
            self.page_html("Bejelentkezés előtt megadott válaszok", &body, false),
        )))
    }

    /// Saves the answers; answers the guest cookie to set when a visitor's first save made one.
    async fn save(
        &self,
        tx: &TenantTx,
        form: &Form,
        answers: &Answers,
    ) -> Result<Option<String>, AppError> {
        match &self.filler {
            Filler::Citizen(citizen) => {
                service::save_draft(tx, citizen, FormVersionId(form.version_id), answers).await?;
                Ok(None)
            }
            Filler::Guest(token) => {
                let (token, cookie) = match token {
                    Some(t) => (t.clone(), None),
                    None => {
                        let t = new_guest_token();
                        let cookie = guest_cookie(&t, self.req.secure_cookies);
                        (t, Some(cookie))
                    }
                };
                save_guest_draft(tx, &token, form, answers).await?;
                Ok(cookie)
            }
        }
    }

    async fn problems(
        &self,
        tx: &TenantTx,
        form: &Form,
        answers: &Answers,
    ) -> Result<Vec<FormProblem>, AppError> {
        let mut answers = answers.clone();
        service::check_answers_of(tx, self.filler.citizen(), &form.definition, &mut answers).await
    }

    fn page_html(&self, title: &str, body: &str, enhance: bool) -> String {
        html::document(&self.chrome, title, body, enhance)
    }

    fn not_found(&self) -> Reply {
        Reply::html(
            404,
            html::message_page(
                &self.chrome,
                "Az oldal nem található",
                "Ilyen űrlap vagy oldal nincs, vagy már nem elérhető.",
            ),
        )
    }

    fn sign_in(&self) -> Reply {
        Reply::redirect(self.chrome.sign_in_link(&self.chrome.here))
    }
}

async fn guest_draft(
    tx: &TenantTx,
    token: &str,
    form_id: i64,
) -> Result<Option<form_guest_draft::Model>, AppError> {
    let fresh_since = now() - Duration::hours(GUEST_DRAFT_HOURS);
    Ok(form_guest_draft::Entity::find()
        .filter(form_guest_draft::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_guest_draft::Column::TokenHash.eq(hash_token(token)))
        .filter(form_guest_draft::Column::MunicipalFormId.eq(form_id))
        .filter(form_guest_draft::Column::UpdatedAt.gt(fresh_since))
        .one(tx.conn())
        .await?)
}

async fn save_guest_draft(
    tx: &TenantTx,
    token: &str,
    form: &Form,
    answers: &Answers,
) -> Result<(), AppError> {
    use sea_orm::sea_query::OnConflict;
    let m = tx.municipality().0;
    let at = now();
    // Expired guest drafts of this municipality go as new ones come.
    form_guest_draft::Entity::delete_many()
        .filter(form_guest_draft::Column::MunicipalityId.eq(m))
        .filter(form_guest_draft::Column::UpdatedAt.lt(at - Duration::hours(GUEST_DRAFT_HOURS)))
        .exec(tx.conn())
        .await?;
    let kept = prune(&form.definition, answers);
    form_guest_draft::Entity::insert(form_guest_draft::ActiveModel {
        municipality_id: Set(m),
        id: Set(new_row_id()),
        token_hash: Set(hash_token(token)),
        municipal_form_id: Set(form.id),
        form_version_id: Set(form.version_id),
        answers: Set(serde_json::to_string(&kept).map_err(AppError::internal)?),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::columns([
            form_guest_draft::Column::MunicipalityId,
            form_guest_draft::Column::TokenHash,
            form_guest_draft::Column::MunicipalFormId,
        ])
        .update_columns([
            form_guest_draft::Column::FormVersionId,
            form_guest_draft::Column::Answers,
            form_guest_draft::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// Answers a GET of the journey.
pub async fn get(db: &DatabaseConnection, req: &JourneyRequest<'_>) -> Result<Reply, AppError> {
    let journey = Journey::new(db, req).await?;
    let segments = segments(req.path);
    let reply = match segments.as_slice() {
        [] => form_list(&journey).await,
        ["ugyeim"] => my_cases(&journey).await,
        ["beadvany", id] => confirmation(&journey, id).await,
        ["beadvany", id, "igazolas.pdf"] => receipt_pdf(&journey, id).await,
        [form] => start(&journey, form).await,
        [form, "ellenorzes"] => check(&journey, form).await,
        [form, page] => fill(&journey, form, page).await,
        _ => Err(AppError::NotFound),
    };
    match reply {
        Err(AppError::NotFound) => Ok(journey.not_found()),
        other => other,
    }
}

/// Answers a POST of the journey.
pub async fn post(
    db: &DatabaseConnection,
    req: &JourneyRequest<'_>,
    posted: Posted,
    files: Vec<PostedFile>,
) -> Result<Reply, AppError> {
    let journey = Journey::new(db, req).await?;
    let segments = segments(req.path);
    let reply = match segments.as_slice() {
        [form, "bekuldes"] => submit(&journey, form, &posted).await,
        [form, TAKE_OVER] => take_over(&journey, form, &posted).await,
        [form, page] => save_page(&journey, form, page, &posted, files).await,
        _ => Err(AppError::NotFound),
    };
    match reply {
        Err(AppError::NotFound) => Ok(journey.not_found()),
        other => other,
    }
}

/// The path segment of the take-over decision (`{form}/atvetel`).
pub const TAKE_OVER: &str = "atvetel";

/// The citizen's answer to "take over the answers given before signing in?": `atveszem`
/// moves the browser's guest draft into the citizen's own draft, `elvetem` discards it.
/// Then back to the page the citizen was on (a path of this form only).
async fn take_over(j: &Journey<'_>, form_id: &str, posted: &Posted) -> Result<Reply, AppError> {
    let Filler::Citizen(citizen) = &j.filler else {
        return Ok(j.sign_in());
    };
    let tx = j.tx(false).await?;
    let form = j.form(&tx, form_id).await?;
    if let Some(token) = &j.req.guest_token
        && let Some(guest) = guest_draft(&tx, token, form.id).await?
    {
        match posted.first("valasz") {
            Some("atveszem") => {
                let answers = service::parse_answers(&guest.answers)?;
                service::save_draft(&tx, citizen, FormVersionId(form.version_id), &answers).await?;
            }
            Some("elvetem") => {}
            // Neither button: nothing changes, the question is asked again.
            _ => {
                tx.commit().await?;
                return Ok(Reply::redirect(
                    j.chrome.link(&format!("/ugyintezes/{form_id}")),
                ));
            }
        }
        form_guest_draft::Entity::delete_by_id((guest.municipality_id, guest.id))
            .exec(tx.conn())
            .await?;
    }
    tx.commit().await?;
    let form_start = j.chrome.link(&format!("/ugyintezes/{form_id}"));
    let back = posted
        .first("vissza")
        .filter(|b| *b == form_start || b.starts_with(&format!("{form_start}/")))
        .filter(|b| b.bytes().all(|c| c.is_ascii_graphic() && c != b'\\'))
        .map(str::to_owned)
        .unwrap_or(form_start);
    Ok(Reply::redirect(back))
}

async fn form_list(j: &Journey<'_>) -> Result<Reply, AppError> {
    let q = query_param(j.req.query, "q").unwrap_or_default();
    let page = query_param(j.req.query, "oldal")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let tx = j.tx(false).await?;
    let forms = service::published_forms(&tx, &q).await?;
    tx.commit().await?;
    let body = html::form_list(&j.chrome, &forms, &q, page, FORMS_PAGE_SIZE);
    Ok(Reply::html(
        200,
        j.page_html("Elektronikus űrlapok", &body, false),
    ))
}

async fn start(j: &Journey<'_>, form_id: &str) -> Result<Reply, AppError> {
    let tx = j.tx(false).await?;
    let form = j.form(&tx, form_id).await?;
    if let Some(offer) = j.offer_guest_draft(&tx, &form, form_id).await? {
        tx.commit().await?;
        return Ok(offer);
    }
    let (answers, has_draft) = j.answers(&tx, &form).await?;
    tx.commit().await?;
    let shown = visibility(&form.definition, &answers);
    let first = shown.pages.first().cloned().unwrap_or_default();
    let mut body = String::new();
    if query_param(j.req.query, "mentve").is_some() {
        body.push_str(
            "<div class=\"notice\" role=\"status\"><p>Válaszait elmentettük. Bármikor, bármelyik \
             eszközén folytathatja, ha bejelentkezik.</p></div>",
        );
    }
    body.push_str(&html::start_page(
        &j.chrome,
        &html::StartPage {
            form_id,
            definition: &form.definition,
            contact: &form.contact,
            fee: &form.fee,
            has_draft,
            first_page: &first,
        },
    ));
    Ok(Reply::html(
        200,
        j.page_html(&form.definition.title, &body, false),
    ))
}

async fn fill(j: &Journey<'_>, form_id: &str, page_id: &str) -> Result<Reply, AppError> {
    let tx = j.tx(false).await?;
    let form = j.form(&tx, form_id).await?;
    if let Some(offer) = j.offer_guest_draft(&tx, &form, form_id).await? {
        tx.commit().await?;
        return Ok(offer);
    }
    let (answers, _) = j.answers(&tx, &form).await?;
    let shown = visibility(&form.definition, &answers);
    let Some(page) = form.definition.pages.iter().find(|p| p.id == page_id) else {
        return Err(AppError::NotFound);
    };
    if !shown.page_shown(page_id) {
        // A page the answers skip: on to the next one that applies.
        tx.commit().await?;
        return Ok(Reply::redirect(next_page_link(j, &form, &answers, page_id)));
    }
    let problems = if query_param(j.req.query, "hibak").is_some() {
        let all = j.problems(&tx, &form, &answers).await?;
        on_page(&form.definition, page_id, all)
    } else {
        Vec::new()
    };
    tx.commit().await?;
    let step = shown.pages.iter().position(|p| p == page_id).unwrap_or(0);
    let body = html::fill_page(
        &j.chrome,
        &html::FillPage {
            form_id,
            definition: &form.definition,
            page,
            step: step + 1,
            steps: shown.pages.len(),
            answers: &answers,
            visibility: &shown,
            problems: &problems,
            signed_in: j.filler.citizen().is_some(),
            has_previous: true,
        },
    );
    let title = if problems.is_empty() {
        page.title.clone()
    } else {
        format!("Hiba: {}", page.title)
    };
    Ok(Reply::html(200, j.page_html(&title, &body, true)))
}

/// The problems of the questions on one page.
fn on_page(form: &FormDefinition, page_id: &str, problems: Vec<FormProblem>) -> Vec<FormProblem> {
    let Some(page) = form.pages.iter().find(|p| p.id == page_id) else {
        return Vec::new();
    };
    problems
        .into_iter()
        .filter(|p| {
            let first = p.field.split('.').next().unwrap_or_default();
            page.sections
                .iter()
                .flat_map(|s| &s.fields)
                .any(|f| f.id == first)
        })
        .collect()
}

fn page_of(form: &FormDefinition, path: &str) -> String {
    let first = path.split('.').next().unwrap_or_default();
    form.pages
        .iter()
        .find(|p| {
            p.sections
                .iter()
                .flat_map(|s| &s.fields)
                .any(|f| f.id == first)
        })
        .or(form.pages.first())
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

fn next_page_link(j: &Journey<'_>, form: &Form, answers: &Answers, after: &str) -> String {
    let shown = visibility(&form.definition, answers);
    let position = form.definition.pages.iter().position(|p| p.id == after);
    let next = position.and_then(|at| {
        form.definition.pages[at + 1..]
            .iter()
            .find(|p| shown.page_shown(&p.id))
    });
    match next {
        Some(page) => j.link(&format!("/ugyintezes/{}/{}", form.id, page.id)),
        None => j.link(&format!("/ugyintezes/{}/ellenorzes", form.id)),
    }
}

fn previous_page_link(j: &Journey<'_>, form: &Form, answers: &Answers, before: &str) -> String {
    let shown = visibility(&form.definition, answers);
    let position = form.definition.pages.iter().position(|p| p.id == before);
    let previous = position.and_then(|at| {
        form.definition.pages[..at]
            .iter()
            .rev()
            .find(|p| shown.page_shown(&p.id))
    });
    match previous {
        Some(page) => j.link(&format!("/ugyintezes/{}/{}", form.id, page.id)),
        None => j.link(&format!("/ugyintezes/{}", form.id)),
    }
}

/// Appends each posted file to the file question it was chosen for (top level or inside a
/// repeating group on this page).
async fn attach_files(
    tx: &TenantTx,
    citizen: &Citizen,
    page: &crate::domain::language::FormPage,
    answers: &mut Answers,
    files: Vec<PostedFile>,
) -> Result<(), AppError> {
    for file in files {
        if file.bytes.is_empty() {
            continue;
        }
        let Some(path) = file.field.strip_prefix("f.") else {
            continue;
        };
        let parts: Vec<&str> = path.split('.').collect();
        let fields = || page.sections.iter().flat_map(|s| &s.fields);
        let slot: Option<&mut Answer> = match parts.as_slice() {
            [id] if fields().any(|f| f.id == *id && matches!(f.kind, FieldKind::File { .. })) => {
                Some(
                    answers
                        .entry((*id).to_owned())
                        .or_insert_with(|| Answer::Files(Vec::new())),
                )
            }
            [group, index, inner] => {
                let is_file = fields().any(|f| {
                    f.id == *group
                        && matches!(&f.kind, FieldKind::Group { fields, .. }
                            if fields.iter().any(|i| i.id == *inner && matches!(i.kind, FieldKind::File { .. })))
                });
                match (is_file, index.parse::<usize>(), answers.get_mut(*group)) {
                    (true, Ok(index), Some(Answer::Items(items))) if index < items.len() => Some(
                        items[index]
                            .entry((*inner).to_owned())
                            .or_insert_with(|| Answer::Files(Vec::new())),
                    ),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(slot) = slot else { continue };
        let stored = service::store_upload(tx, citizen, path, &file.file_name, &file.bytes).await?;
        match slot {
            Answer::Files(list) => list.push(stored),
            other => *other = Answer::Files(vec![stored]),
        }
    }
    Ok(())
}

async fn save_page(
    j: &Journey<'_>,
    form_id: &str,
    page_id: &str,
    posted: &Posted,
    files: Vec<PostedFile>,
) -> Result<Reply, AppError> {
    let tx = j.tx(false).await?;
    let form = j.form(&tx, form_id).await?;
    let Some(page) = form.definition.pages.iter().find(|p| p.id == page_id) else {
        return Err(AppError::NotFound);
    };
    let (earlier, _) = j.answers(&tx, &form).await?;
    let mut answers = merge_page(page, posted, &earlier);
    let action = PageAction::parse(posted.first("muvelet"));
    apply_item_action(page, &action, &mut answers);
    if let Filler::Citizen(citizen) = &j.filler {
        attach_files(&tx, citizen, page, &mut answers, files).await?;
    }
    let answers = prune(&form.definition, &answers);
    let cookie = j.save(&tx, &form, &answers).await?;
    let here = j.link(&format!("/ugyintezes/{}/{}", form.id, page.id));
    let to = match &action {
        PageAction::AddItem(group) | PageAction::RemoveItem(group, _) => {
            format!("{here}#f-{group}")
        }
        PageAction::Upload => here.clone(),
        PageAction::Back => previous_page_link(j, &form, &answers, page_id),
        PageAction::SaveAndLeave => j.link(&format!("/ugyintezes/{}?mentve=1", form.id)),
        PageAction::Continue => {
            // Questions that the answers on this page have just brought up are shown first,
            // not reported as missing.
            let before: Vec<&str> = posted
                .first("_shown")
                .unwrap_or("")
                .split(',')
                .filter(|s| !s.is_empty())
                .collect();
            let shown = visibility(&form.definition, &answers);
            let appeared = page
                .sections
                .iter()
                .flat_map(|s| &s.fields)
                .any(|f| shown.field_shown(&f.id) && !before.contains(&f.id.as_str()));
            let problems = on_page(
                &form.definition,
                page_id,
                j.problems(&tx, &form, &answers).await?,
            );
            if appeared && posted.first("_shown").is_some() {
                here.clone()
            } else if !problems.is_empty() {
                format!("{here}?hibak=1")
            } else {
                next_page_link(j, &form, &answers, page_id)
            }
        }
    };
    tx.commit().await?;
    Ok(Reply::redirect(to).with_cookie(cookie))
}

async fn check(j: &Journey<'_>, form_id: &str) -> Result<Reply, AppError> {
    let tx = j.tx(false).await?;
    let form = j.form(&tx, form_id).await?;
    if let Some(offer) = j.offer_guest_draft(&tx, &form, form_id).await? {
        tx.commit().await?;
        return Ok(offer);
    }
    let (answers, has_draft) = j.answers(&tx, &form).await?;
    if !has_draft {
        tx.commit().await?;
        return Ok(Reply::redirect(j.link(&format!("/ugyintezes/{}", form.id))));
    }
    let problems = j.problems(&tx, &form, &answers).await?;
    let marker = match j.filler.citizen() {
        Some(citizen) => form_draft::Entity::find()
            .filter(form_draft::Column::MunicipalityId.eq(tx.municipality()))
            .filter(form_draft::Column::CitizenId.eq(citizen.id))
            .filter(form_draft::Column::MunicipalFormId.eq(form.id))
            .one(tx.conn())
            .await?
            .map(|d| d.id.to_string())
            .unwrap_or_default(),
        None => String::new(),
    };
    // Whom the citizen may act for here (recorded by a clerk of this municipality).
    let on_behalf: Vec<(String, String)> = match j.filler.citizen() {
        Some(citizen) => crate::mandates::service::mandates_of(&tx, citizen)
            .await?
            .into_iter()
            .map(|m| {
                let label = format!("{} ({})", m.represented_name, m.represented_identifier);
                (m.id, label)
            })
            .collect(),
        None => Vec::new(),
    };
    tx.commit().await?;
    let shown = visibility(&form.definition, &answers);
    let rows = html::answer_rows(&form.definition, &answers, &shown);
    let definition = &form.definition;
    let page_of = |path: &str| page_of(definition, path);
    let body = html::check_page(
        &j.chrome,
        &html::CheckPage {
            form_id,
            definition,
            rows: &rows,
            problems: &problems,
            page_of: &page_of,
            on_behalf: &on_behalf,
            draft_marker: &marker,
        },
    );
    Ok(Reply::html(
        200,
        j.page_html("Ellenőrizze a válaszait", &body, false),
    ))
}

async fn submit(j: &Journey<'_>, form_id: &str, posted: &Posted) -> Result<Reply, AppError> {
    let Filler::Citizen(citizen) = &j.filler else {
        return Ok(j.sign_in());
    };
    let tx = j.tx(true).await?;
    let form = j.form(&tx, form_id).await?;
    let m = tx.municipality().0;
    // The draft is taken in this transaction: a second press of the button (or a retried
    // request) finds none and is shown the submission the first one made.
    let draft = form_draft::Entity::find()
        .filter(form_draft::Column::MunicipalityId.eq(m))
        .filter(form_draft::Column::CitizenId.eq(citizen.id))
        .filter(form_draft::Column::MunicipalFormId.eq(form.id))
        .one(tx.conn())
        .await?;
    let claimed = match &draft {
        Some(d) => {
            form_draft::Entity::delete_many()
                .filter(form_draft::Column::MunicipalityId.eq(m))
                .filter(form_draft::Column::Id.eq(d.id))
                .exec(tx.conn())
                .await?
                .rows_affected
                == 1
        }
        None => false,
    };
    let (Some(draft), true) = (draft, claimed) else {
        let last = form_submission::Entity::find()
            .filter(form_submission::Column::MunicipalityId.eq(m))
            .filter(form_submission::Column::CitizenId.eq(citizen.id))
            .filter(form_submission::Column::MunicipalFormId.eq(form.id))
            .order_by_desc(form_submission::Column::SubmittedAt)
            .one(tx.conn())
            .await?;
        tx.commit().await?;
        return Ok(Reply::redirect(match last {
            Some(s) if posted.first("piszkozat").is_some() => {
                j.link(&format!("/ugyintezes/beadvany/{}", s.id))
            }
            _ => j.link(&format!("/ugyintezes/{}", form.id)),
        }));
    };
    let answers = service::parse_answers(&draft.answers)?;
    // Acting for a company or another person: only under a mandate `submit_as` finds active.
    let on_behalf = match posted.first("kepviselt").map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(crate::mandates::MandateId(
            id.parse().map_err(|_| AppError::NotFound)?,
        )),
    };
    let version = FormVersionId(draft.form_version_id);
    match service::submit_as(&tx, citizen, version, answers, on_behalf).await {
        Ok(receipt) => {
            tx.commit().await?;
            Ok(Reply::redirect(j.link(&format!(
                "/ugyintezes/beadvany/{}",
                receipt.submission_id
            ))))
        }
        // The answers no longer pass (a rule, a removed upload): nothing was written; the
        // check page lists what to correct.
        Err(AppError::Invalid(_)) => {
            drop(tx);
            Ok(Reply::redirect(
                j.link(&format!("/ugyintezes/{}/ellenorzes", form.id)),
            ))
        }
        Err(other) => Err(other),
    }
}

async fn own_submission(
    j: &Journey<'_>,
    tx: &TenantTx,
    raw_id: &str,
) -> Result<form_submission::Model, AppError> {
    let Some(citizen) = j.filler.citizen() else {
        return Err(AppError::Unauthenticated);
    };
    let id = raw_id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    form_submission::Entity::find()
        .filter(form_submission::Column::MunicipalityId.eq(tx.municipality()))
        .filter(form_submission::Column::CitizenId.eq(citizen.id))
        .filter(form_submission::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

async fn submission_definition(
    tx: &TenantTx,
    submission: &form_submission::Model,
) -> Result<FormDefinition, AppError> {
    use crate::db::municipal_form_version;
    let version = municipal_form_version::Entity::find_by_id((
        tx.municipality().0,
        submission.form_version_id,
    ))
    .one(tx.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    serde_json::from_str(&version.definition).map_err(AppError::internal)
}

async fn confirmation(j: &Journey<'_>, raw_id: &str) -> Result<Reply, AppError> {
    if j.filler.citizen().is_none() {
        return Ok(j.sign_in());
    }
    let tx = j.tx(false).await?;
    let submission = own_submission(j, &tx, raw_id).await?;
    let definition = submission_definition(&tx, &submission).await?;
    tx.commit().await?;
    let body = html::confirmation(
        &j.chrome,
        &definition.title,
        &submission.registry_number,
        &submission.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
        raw_id,
    );
    Ok(Reply::html(
        200,
        j.page_html("Beadványát megkaptuk", &body, false),
    ))
}

async fn my_cases(j: &Journey<'_>) -> Result<Reply, AppError> {
    let Some(citizen) = j.filler.citizen() else {
        return Ok(j.sign_in());
    };
    let tx = j.tx(false).await?;
    let cases = service::my_submissions(&tx, citizen).await?;
    let drafts = service::my_drafts(&tx, citizen).await?;
    tx.commit().await?;
    let body = html::my_cases(&j.chrome, &cases, &drafts);
    Ok(Reply::html(200, j.page_html("Ügyeim", &body, false)))
}

async fn receipt_pdf(j: &Journey<'_>, raw_id: &str) -> Result<Reply, AppError> {
    if j.filler.citizen().is_none() {
        return Ok(j.sign_in());
    }
    let tx = j.tx(false).await?;
    let submission = own_submission(j, &tx, raw_id).await?;
    let definition = submission_definition(&tx, &submission).await?;
    tx.commit().await?;
    let answers = service::parse_answers(&submission.answers)?;
    let pdf = super::receipt::receipt_pdf(
        &j.chrome.site_name,
        &definition,
        &answers,
        &submission.registry_number,
        &submission
            .submitted_at
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        j.filler
            .citizen()
            .map(Citizen::display_name)
            .unwrap_or_default()
            .as_str(),
    )?;
    Ok(Reply {
        status: 200,
        content_type: "application/pdf",
        body: pdf,
        location: None,
        set_cookies: Vec::new(),
        file_name: Some(format!(
            "igazolas-{}.pdf",
            submission
                .registry_number
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        )),
    })
}
