//! Generated records: the demo municipalities' registry, and the bulk data the search
//! benchmark runs on (`openasp seed-records`). Rows go straight into the tables in large
//! batches (a million documents through the per-row services would take hours), inside one
//! audited system transaction: all of it lands, or none.
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::domain::{
    CaseState, DocumentState, RegistryNumber, RegistryNumberTemplate, ReturnStatus,
    handling_deadline,
};
use super::registry::{BOOK_KIND_REGISTER, DEFAULT_BOOK_NAME, DEFAULT_TEMPLATE};
use crate::db::{
    case_event, case_file, dispatch, document, org_unit, partner, register_book, retention_item,
};
use openasp_core::error::AppError;
use openasp_core::ids::MunicipalityId;
use openasp_framework::audit::AuditEvent;
use openasp_framework::members::new_row_id;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{SystemTx, now};

/// Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits.
const BATCH: usize = 500;

/// What to generate for one municipality.
#[derive(Debug, Clone, Copy)]
pub struct SeedPlan {
    /// Documents to generate (case files get one to five each).
    pub documents: u64,
    pub first_year: i32,
    pub last_year: i32,
    /// The random generator's seed: the same plan gives the same records.
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub case_files: u64,
    pub documents: u64,
    pub partners: u64,
}

const UNITS: &[(&str, &str)] = &[
    ("Titkárság", "TIT"),
    ("Hatósági Osztály", "HAT"),
    ("Pénzügyi és Adóügyi Osztály", "PÜ"),
    ("Műszaki és Városüzemeltetési Osztály", "MŰSZ"),
];

/// Subjects of the common municipal case types, with the handling deadline in days.
const CASE_TYPES: &[(&str, u32)] = &[
    ("Építési engedély iránti kérelem", 60),
    ("Telepengedély iránti kérelem", 30),
    ("Kereskedelmi tevékenység bejelentése", 8),
    ("Üzlet működési engedélyének módosítása", 21),
    ("Közterület-használati kérelem", 21),
    ("Rendezvény bejelentése", 15),
    ("Települési támogatás iránti kérelem", 21),
    ("Rendkívüli települési támogatás", 8),
    ("Birtokvédelmi kérelem", 15),
    ("Hagyatéki leltár felvétele", 30),
    ("Építményadó bevallás", 30),
    ("Helyi iparűzési adó bevallás", 30),
    ("Idegenforgalmi adó havi bevallása", 30),
    ("Adóigazolás kiadása iránti kérelem", 8),
    ("Fakivágási engedély iránti kérelem", 21),
    ("Zajpanasz", 30),
    ("Gépjárműadó ügyében megkeresés", 30),
    ("Anyakönyvi kivonat kiadása", 8),
    ("Lakcímbejelentés ügyében megkeresés", 8),
    ("Közérdekű bejelentés", 30),
    ("Panasz a közvilágítás hibája miatt", 30),
    ("Kútfúrás engedélyezése", 30),
    ("Ebösszeírás adatlapja", 30),
    ("Szociális tűzifa igénylése", 15),
    ("Behajtási engedély iránti kérelem", 15),
];

const FAMILY_NAMES: &[&str] = &[
    "Nagy",
    "Kovács",
    "Tóth",
    "Szabó",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Németh",
    "Farkas",
    "Balogh",
    "Papp",
    "Takács",
    "Juhász",
    "Lakatos",
    "Mészáros",
    "Oláh",
    "Simon",
    "Rácz",
    "Fekete",
];
const GIVEN_NAMES: &[&str] = &[
    "László",
    "István",
    "József",
    "János",
    "Zoltán",
    "Sándor",
    "Péter",
    "Gábor",
    "Mária",
    "Erzsébet",
    "Katalin",
    "Éva",
    "Ilona",
    "Anna",
    "Zsuzsanna",
    "Judit",
    "Ágnes",
    "Eszter",
];
const STREETS: &[&str] = &[
    "Kossuth Lajos utca",
    "Petőfi Sándor utca",
    "Rákóczi Ferenc út",
    "Szabadság tér",
    "Dózsa György út",
    "Ady Endre utca",
    "Arany János utca",
    "Béke utca",
    "Fő utca",
    "Táncsics Mihály utca",
];
const COMPANIES: &[&str] = &[
    "Zöldkert Kft.",
    "Alföldi Építő Zrt.",
    "Pannon Kereskedelmi Bt.",
    "Duna-Menti Szolgáltató Kft.",
    "Napfény Egyesület",
    "Kisbolt 2000 Bt.",
];
const CHANNELS: &[&str] = &[
    "Paper",
    "Paper",
    "Email",
    "OfficeMailbox",
    "Portal",
    "Portal",
];

fn at_on(day: NaiveDate, rng: &mut StdRng) -> DateTime<Utc> {
    let seconds = rng.gen_range(7 * 3600..17 * 3600);
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&midnight) + Duration::seconds(seconds)
}

/// The state a generated case file of `year` is in: old ones are mostly archived.
fn pick_state(year: i32, current_year: i32, rng: &mut StdRng) -> CaseState {
    let roll = rng.gen_range(0..100);
    if year < current_year {
        match roll {
            0..=84 => CaseState::Archived,
            85..=94 => CaseState::Closed,
            95..=96 => CaseState::Cancelled,
            97 => CaseState::Suspended,
            _ => CaseState::InProgress,
        }
    } else {
        match roll {
            0..=6 => CaseState::Registered,
            7..=21 => CaseState::Assigned,
            22..=56 => CaseState::InProgress,
            57..=61 => CaseState::Suspended,
            62..=84 => CaseState::Closed,
            85..=97 => CaseState::Archived,
            _ => CaseState::Cancelled,
        }
    }
}

struct Batches {
    case_files: Vec<case_file::ActiveModel>,
    documents: Vec<document::ActiveModel>,
    events: Vec<case_event::ActiveModel>,
    dispatches: Vec<dispatch::ActiveModel>,
}

impl Batches {
    fn new() -> Batches {
        Batches {
            case_files: Vec::new(),
            documents: Vec::new(),
            events: Vec::new(),
            dispatches: Vec::new(),
        }
    }

    /// Writes what has gathered (parents before children, as the foreign keys need).
    async fn flush(&mut self, tx: &SystemTx, force: bool) -> Result<(), AppError> {
        if !force && self.case_files.len() < BATCH {
            return Ok(());
        }
        for chunk in std::mem::take(&mut self.case_files).chunks(BATCH) {
            case_file::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(tx.conn())
                .await?;
        }
        for chunk in std::mem::take(&mut self.documents).chunks(BATCH) {
            document::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(tx.conn())
                .await?;
        }
        for chunk in std::mem::take(&mut self.events).chunks(BATCH) {
            case_event::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(tx.conn())
                .await?;
        }
        for chunk in std::mem::take(&mut self.dispatches).chunks(BATCH) {
            dispatch::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(tx.conn())
                .await?;
        }
        Ok(())
    }
}

struct SeedPartner {
    id: i64,
    name: String,
    address: String,
}

async fn ensure_units(tx: &SystemTx, municipality: MunicipalityId) -> Result<Vec<i64>, AppError> {
    let existing = org_unit::Entity::find()
        .filter(org_unit::Column::MunicipalityId.eq(municipality))
        .all(tx.conn())
        .await?;
    if !existing.is_empty() {
        return Ok(existing.into_iter().map(|u| u.id).collect());
    }
    let mut ids = Vec::new();
    for (name, code) in UNITS {
        let id = new_row_id();
        org_unit::Entity::insert(org_unit::ActiveModel {
            municipality_id: Set(municipality.0),
            id: Set(id),
            name: Set((*name).to_owned()),
            code: Set(Some((*code).to_owned())),
            active: Set(true),
            created_at: Set(now()),
        })
        .exec_without_returning(tx.conn())
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// The municipality's default register book of `year` (the one registration continues in).
async fn book_of_year(
    tx: &SystemTx,
    municipality: MunicipalityId,
    year: i32,
) -> Result<register_book::Model, AppError> {
    register_book::Entity::insert(register_book::ActiveModel {
        municipality_id: Set(municipality.0),
        id: Set(new_row_id()),
        kind: Set(BOOK_KIND_REGISTER.to_owned()),
        year: Set(year),
        name: Set(format!("{DEFAULT_BOOK_NAME} {year}")),
        prefix: Set(String::new()),
        template: Set(DEFAULT_TEMPLATE.to_owned()),
        last_main: Set(0),
        closed_at: Set(None),
        closed_by: Set(None),
        closing_statement: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            register_book::Column::MunicipalityId,
            register_book::Column::Kind,
            register_book::Column::Prefix,
            register_book::Column::Year,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(municipality))
        .filter(register_book::Column::Kind.eq(BOOK_KIND_REGISTER))
        .filter(register_book::Column::Prefix.eq(""))
        .filter(register_book::Column::Year.eq(year))
        .one(tx.conn())
        .await?
        .ok_or_else(|| AppError::internal("register book vanished"))
}

async fn make_partners(
    tx: &SystemTx,
    municipality: MunicipalityId,
    count: usize,
    city: &str,
    postal_code: &str,
    rng: &mut StdRng,
) -> Result<Vec<SeedPartner>, AppError> {
    let mut partners = Vec::with_capacity(count);
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        let organisation = i % 7 == 0;
        let name = if organisation {
            let base = COMPANIES.choose(rng).copied().unwrap_or("Kft.");
            format!("{base} ({})", i / 7 + 1)
        } else {
            format!(
                "{} {}",
                FAMILY_NAMES.choose(rng).copied().unwrap_or("Nagy"),
                GIVEN_NAMES.choose(rng).copied().unwrap_or("Anna")
            )
        };
        let street = format!(
            "{} {}.",
            STREETS.choose(rng).copied().unwrap_or("Fő utca"),
            rng.gen_range(1..120)
        );
        let id = new_row_id();
        rows.push(partner::ActiveModel {
            municipality_id: Set(municipality.0),
            id: Set(id),
            kind: Set(if organisation {
                "organisation"
            } else {
                "person"
            }
            .to_owned()),
            name: Set(name.clone()),
            dedupe_key: Set(format!("{}|{postal_code}|{}", name, street).to_lowercase()),
            birth_date: Set(None),
            tax_number: Set(organisation.then(|| format!("{:08}-2-13", 10_000_000 + i))),
            postal_code: Set(Some(postal_code.to_owned())),
            city: Set(Some(city.to_owned())),
            street_address: Set(Some(street.clone())),
            email: Set(None),
            phone: Set(None),
            merged_into_id: Set(None),
            created_at: Set(now()),
        });
        partners.push(SeedPartner {
            id,
            name,
            address: format!("{postal_code} {city}, {street}"),
        });
    }
    for chunk in rows.chunks(BATCH) {
        partner::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(partners)
}

fn event(
    municipality: MunicipalityId,
    case_file_id: i64,
    at: DateTime<Utc>,
    user: Option<i64>,
    name: &str,
    detail: String,
) -> case_event::ActiveModel {
    case_event::ActiveModel {
        municipality_id: Set(municipality.0),
        id: Set(new_row_id()),
        case_file_id: Set(case_file_id),
        at: Set(at),
        user_id: Set(user),
        event: Set(name.to_owned()),
        detail: Set(detail),
    }
}

/// Generates `plan` into `municipality`, continuing each year's default register book.
pub async fn seed_municipality(
    tx: &SystemTx,
    municipality: MunicipalityId,
    plan: SeedPlan,
) -> Result<SeedReport, AppError> {
    let mut rng = StdRng::seed_from_u64(plan.seed ^ u64::from(municipality.0.unsigned_abs()));
    let today = now().date_naive();
    let current_year = today.year();
    let place = openasp_gazetteer::repo::detail_by_id(tx.conn(), municipality)
        .await?
        .ok_or(AppError::NotFound)?;
    let postal_code = place
        .postal_codes
        .first()
        .cloned()
        .unwrap_or_else(|| "1000".to_owned());
    let units = ensure_units(tx, municipality).await?;
    let clerks: Vec<i64> =
        openasp_framework::directory::grantees(tx.conn(), municipality, &[Role::RecordsClerk])
            .await?
            .into_iter()
            .collect();
    let retention: Vec<i64> = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(municipality))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let partner_count = usize::try_from((plan.documents / 8).clamp(20, 50_000)).unwrap_or(20);
    let partners = make_partners(
        tx,
        municipality,
        partner_count,
        &place.name,
        &postal_code,
        &mut rng,
    )
    .await?;
    let template = RegistryNumberTemplate::parse(DEFAULT_TEMPLATE).map_err(AppError::internal)?;

    let years: Vec<i32> = (plan.first_year..=plan.last_year).collect();
    let per_year = plan.documents / u64::try_from(years.len().max(1)).unwrap_or(1);
    let mut report = SeedReport {
        partners: partner_count as u64,
        ..SeedReport::default()
    };
    let mut batches = Batches::new();
    for year in years {
        let book = book_of_year(tx, municipality, year).await?;
        let mut main = book.last_main;
        let year_start = NaiveDate::from_ymd_opt(year, 1, 2).unwrap_or(today);
        let year_end = if year == current_year {
            today
        } else {
            NaiveDate::from_ymd_opt(year, 12, 30).unwrap_or(today)
        };
        let span = (year_end - year_start).num_days().max(1);
        let mut documents_this_year = 0u64;
        while documents_this_year < per_year {
            main += 1;
            let case_file_id = new_row_id();
            let (subject_base, deadline_days) = CASE_TYPES
                .choose(&mut rng)
                .copied()
                .unwrap_or(CASE_TYPES[0]);
            let sender = &partners[rng.gen_range(0..partners.len())];
            let subject = format!("{subject_base} – {}", sender.address);
            // Spread over the year in order of the numbers, as a real book fills.
            let day = year_start
                + Duration::days(
                    (i64::from(main) * span / i64::try_from(per_year / 3 + 1).unwrap_or(1))
                        .min(span),
                );
            let created = at_on(day.min(year_end), &mut rng);
            let state = pick_state(year, current_year, &mut rng);
            let handler = (!matches!(state, CaseState::Registered | CaseState::Cancelled))
                .then(|| clerks.choose(&mut rng).copied())
                .flatten();
            let unit = (!matches!(state, CaseState::Registered | CaseState::Cancelled))
                .then(|| units.choose(&mut rng).copied())
                .flatten();
            let closed = matches!(state, CaseState::Closed | CaseState::Archived);
            let closed_at = closed.then(|| created + Duration::days(rng.gen_range(5..50)));
            let lent = state == CaseState::Archived && rng.gen_range(0..40) == 0;
            let main_u32 = u32::try_from(main).map_err(AppError::internal)?;

            // The documents: the incoming request, then replies and further papers.
            let mut subs: Vec<(i32, &str, DocumentState, String)> = vec![(
                1,
                "Incoming",
                if state == CaseState::Cancelled {
                    DocumentState::Cancelled
                } else {
                    DocumentState::Registered
                },
                subject.clone(),
            )];
            if !matches!(state, CaseState::Registered | CaseState::Cancelled) {
                if rng.gen_bool(0.35) {
                    subs.push((
                        0,
                        "Incoming",
                        DocumentState::Registered,
                        format!("Hiánypótlás – {subject_base}"),
                    ));
                }
                let reply_state = if closed {
                    Some(DocumentState::Dispatched)
                } else if state == CaseState::InProgress {
                    [
                        None,
                        Some(DocumentState::Draft),
                        Some(DocumentState::SignedOff),
                    ]
                    .choose(&mut rng)
                    .copied()
                    .flatten()
                } else {
                    None
                };
                if let Some(reply_state) = reply_state {
                    subs.push((
                        0,
                        "Outgoing",
                        reply_state,
                        format!("Határozat – {subject_base}"),
                    ));
                }
                if closed && rng.gen_bool(0.3) {
                    subs.push((
                        0,
                        "Internal",
                        DocumentState::Registered,
                        format!("Feljegyzés – {subject_base}"),
                    ));
                }
            }
            let last_sub = i32::try_from(subs.len()).unwrap_or(1);
            let case_number = template.format_case("", main_u32, year);
            batches.case_files.push(case_file::ActiveModel {
                municipality_id: Set(municipality.0),
                id: Set(case_file_id),
                book_id: Set(book.id),
                main_number: Set(main),
                year: Set(year),
                registry_number: Set(case_number.clone()),
                subject: Set(subject.clone()),
                state: Set(state.code().to_owned()),
                unit_id: Set(unit),
                handler_user_id: Set(handler),
                category_id: Set(None),
                retention_item_id: Set(closed.then(|| retention.choose(&mut rng).copied()).flatten()),
                deadline: Set((!matches!(state, CaseState::Cancelled))
                    .then(|| handling_deadline(created.date_naive(), deadline_days))),
                last_sub: Set(last_sub),
                created_at: Set(created),
                created_by: Set(clerks.first().copied()),
                updated_at: Set(closed_at.unwrap_or(created)),
                suspended_at: Set((state == CaseState::Suspended).then_some(created + Duration::days(3))),
                suspended_reason: Set((state == CaseState::Suspended)
                    .then(|| "Szakhatósági állásfoglalásra várunk.".to_owned())),
                closed_at: Set(closed_at),
                archived_at: Set((state == CaseState::Archived)
                    .then(|| closed_at.unwrap_or(created) + Duration::days(2))),
                archive_location: Set((state == CaseState::Archived)
                    .then(|| format!("Központi irattár, {}. polc", rng.gen_range(1..40)))),
                lent_to: Set(lent.then(|| "Építéshatósági ügyintéző (helyszíni szemle)".to_owned())),
                lent_at: Set(lent.then_some(created + Duration::days(60))),
                lent_due: Set(lent.then_some(today + Duration::days(14))),
                legal_hold_reason: Set(None),
                disposed_at: Set(None),
                transferred_at: Set(None),
                merged_into_id: Set(None),
                cancelled_reason: Set((state == CaseState::Cancelled)
                    .then(|| "Téves iktatás: a beadvány más hivatalnak szólt.".to_owned())),
            });
            batches.events.push(event(
                municipality,
                case_file_id,
                created,
                clerks.first().copied(),
                "registered",
                template.format(
                    "",
                    RegistryNumber {
                        main: main_u32,
                        sub: 1,
                        year,
                    },
                ),
            ));
            if handler.is_some() {
                batches.events.push(event(
                    municipality,
                    case_file_id,
                    created + Duration::hours(3),
                    None,
                    "assigned",
                    String::new(),
                ));
            }
            if let Some(closed_at) = closed_at {
                batches.events.push(event(
                    municipality,
                    case_file_id,
                    closed_at,
                    handler,
                    "closed",
                    String::new(),
                ));
            }
            for (index, (_, direction, doc_state, doc_subject)) in subs.into_iter().enumerate() {
                let sub = u32::try_from(index + 1).unwrap_or(1);
                let registered = created + Duration::days(i64::from(sub) * 2 - 2);
                let registry_number = template.format(
                    "",
                    RegistryNumber {
                        main: main_u32,
                        sub,
                        year,
                    },
                );
                let document_id = new_row_id();
                let incoming = direction == "Incoming";
                batches.documents.push(document::ActiveModel {
                    municipality_id: Set(municipality.0),
                    id: Set(document_id),
                    case_file_id: Set(case_file_id),
                    sub_number: Set(i32::try_from(sub).unwrap_or(1)),
                    registry_number: Set(registry_number),
                    direction: Set(direction.to_owned()),
                    state: Set(doc_state.code().to_owned()),
                    search_text: Set(super::search::domain::search_text([
                        doc_subject.as_str(),
                        sender.name.as_str(),
                    ])),
                    subject: Set(doc_subject),
                    channel: Set(if incoming {
                        CHANNELS
                            .choose(&mut rng)
                            .copied()
                            .unwrap_or("Paper")
                            .to_owned()
                    } else {
                        "Internal".to_owned()
                    }),
                    sender: Set(incoming.then(|| sender.name.clone())),
                    partner_id: Set(Some(sender.id)),
                    receipt_id: Set(None),
                    handler_user_id: Set(handler),
                    body: Set(None),
                    received_at: Set(incoming.then_some(registered)),
                    registered_at: Set(registered),
                    registered_by: Set(clerks.first().copied()),
                    signed_off_at: Set(matches!(
                        doc_state,
                        DocumentState::SignedOff | DocumentState::Dispatched
                    )
                    .then_some(registered)),
                    signed_off_by: Set(None),
                    cancelled_reason: Set((doc_state == DocumentState::Cancelled)
                        .then(|| "Téves iktatás: a beadvány más hivatalnak szólt.".to_owned())),
                    cancelled_at: Set((doc_state == DocumentState::Cancelled)
                        .then_some(registered + Duration::hours(1))),
                    cancelled_by: Set(None),
                });
                if doc_state == DocumentState::Dispatched {
                    let by_post = rng.gen_bool(0.7);
                    let status = if !by_post {
                        ReturnStatus::NotApplicable
                    } else {
                        match rng.gen_range(0..100) {
                            0..=89 => ReturnStatus::Delivered,
                            90..=93 => ReturnStatus::NotCollected,
                            94..=95 => ReturnStatus::Refused,
                            _ => ReturnStatus::Pending,
                        }
                    };
                    let dispatched_at = registered + Duration::days(1);
                    batches.dispatches.push(dispatch::ActiveModel {
                        municipality_id: Set(municipality.0),
                        id: Set(new_row_id()),
                        document_id: Set(document_id),
                        method: Set(if by_post { "post" } else { "electronic" }.to_owned()),
                        partner_id: Set(Some(sender.id)),
                        recipient: Set(sender.name.clone()),
                        address: Set(Some(sender.address.clone())),
                        tracking_number: Set(by_post
                            .then(|| format!("RL{:09}HU", rng.gen_range(0..1_000_000_000u32)))),
                        dispatched_at: Set(dispatched_at),
                        dispatched_by: Set(clerks.first().copied()),
                        return_status: Set(status.code().to_owned()),
                        return_date: Set(matches!(
                            status,
                            ReturnStatus::Delivered
                                | ReturnStatus::NotCollected
                                | ReturnStatus::Refused
                        )
                        .then(|| {
                            (dispatched_at + Duration::days(rng.gen_range(2..12))).date_naive()
                        })),
                        return_recorded_at: Set(None),
                    });
                }
                report.documents += 1;
                documents_this_year += 1;
            }
            report.case_files += 1;
            batches.flush(tx, false).await?;
        }
        batches.flush(tx, true).await?;
        register_book::Entity::update_many()
            .col_expr(register_book::Column::LastMain, main.into())
            .filter(register_book::Column::MunicipalityId.eq(municipality))
            .filter(register_book::Column::Id.eq(book.id))
            .exec(tx.conn())
            .await?;
    }
    tx.audit_in(
        municipality,
        AuditEvent::new(
            "records.seed",
            "register",
            None,
            format!(
                "{} case files, {} documents generated",
                report.case_files, report.documents
            ),
        ),
    )
    .await?;
    Ok(report)
}

/// Refreshes the planner's statistics after a bulk load (what autovacuum would do a little
/// later): without them the first searches of a freshly seeded register are planned as if
/// it were empty.
pub async fn refresh_statistics(db: &sea_orm::DatabaseConnection) -> Result<(), AppError> {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("ANALYZE").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_case_files_are_mostly_archived_and_none_wait_for_registration() {
        let mut rng = StdRng::seed_from_u64(7);
        let states: Vec<CaseState> = (0..1000)
            .map(|_| pick_state(2020, 2026, &mut rng))
            .collect();
        let archived = states.iter().filter(|s| **s == CaseState::Archived).count();
        assert!(archived > 700, "{archived}");
        assert!(!states.contains(&CaseState::Registered));
        let current: Vec<CaseState> = (0..1000)
            .map(|_| pick_state(2026, 2026, &mut rng))
            .collect();
        for state in [
            CaseState::Registered,
            CaseState::Assigned,
            CaseState::InProgress,
            CaseState::Suspended,
            CaseState::Closed,
            CaseState::Archived,
        ] {
            assert!(current.contains(&state), "{state:?} missing");
        }
    }
}
