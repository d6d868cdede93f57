//! National reference data loaded at start-up: the KSH Detailed Gazetteer (2018) with every
//! municipality, the joint offices that serve them and their postal codes. Loading is
//! idempotent: a database that already holds the gazetteer is left as it is (server only).
use std::collections::{BTreeMap, BTreeSet, HashMap};

use openasp_core::text::{fold_for_search, slugify, slugify_distinguishing_umlauts};
use sea_orm::{
    ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait,
};
use serde::Deserialize;

use super::domain::RESERVED_SLUGS;
use crate::db::{joint_office, municipality, municipality_postal_code};

const SETTLEMENTS_CSV: &str = include_str!("reference/settlements_2018.csv");
const SETTLEMENT_PARTS_CSV: &str = include_str!("reference/settlement_parts_2018.csv");

/// Why the reference data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceDataError {
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// The embedded CSV files are inconsistent (nothing was loaded).
    #[error("{0}")]
    Invalid(String),
}

/// Rows per multi-row INSERT; keeps every statement under SQLite's bound-parameter limit.
const INSERT_CHUNK: usize = 500;

#[derive(Debug, Deserialize)]
struct SettlementRow {
    ksh_code: String,
    name: String,
    legal_status: String,
    county: String,
    district_name: String,
    office_code: String,
    office_seat: String,
    area_ha: i32,
    population: i32,
    dwellings: i32,
}

#[derive(Debug, Deserialize)]
struct SettlementPartRow {
    ksh_code: String,
    settlement: String,
    postal_code: String,
}

/// The gazetteer parsed and checked, ready to insert.
#[derive(Debug)]
struct Gazetteer {
    municipalities: Vec<municipality::Model>,
    joint_offices: Vec<joint_office::Model>,
    postal_codes: Vec<municipality_postal_code::Model>,
}

fn parse_ksh_code(code: &str) -> Result<i32, ReferenceDataError> {
    code.trim()
        .parse::<i32>()
        .map_err(|_| ReferenceDataError::Invalid(format!("bad KSH code {code:?}")))
}

/// The county's name today: the 2018 list predates the renaming of Csongrád county to
/// Csongrád-Csanád (in force since 4 June 2020).
fn current_county_name(county: &str) -> &str {
    match county.trim() {
        "Csongrád" => "Csongrád-Csanád",
        other => other,
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Parses the embedded CSV files. Fails on any inconsistency rather than loading half.
fn parse_gazetteer() -> Result<Gazetteer, ReferenceDataError> {
    let bad = |e: csv::Error| ReferenceDataError::Invalid(e.to_string());
    let settlements: Vec<SettlementRow> = csv::Reader::from_reader(SETTLEMENTS_CSV.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(bad)?;

    let id_by_name: HashMap<&str, i32> = settlements
        .iter()
        .map(|row| Ok((row.name.as_str(), parse_ksh_code(&row.ksh_code)?)))
        .collect::<Result<_, ReferenceDataError>>()?;

    // Joint offices: one per seat named in `office_seat` (office codes 2, 4, 5 and 6).
    let mut offices: BTreeMap<i32, joint_office::Model> = BTreeMap::new();
    let mut municipalities = Vec::with_capacity(settlements.len());
    let mut slugs = BTreeSet::new();
    let mut names_per_slug: HashMap<String, usize> = HashMap::new();
    for row in &settlements {
        *names_per_slug.entry(slugify(&row.name)).or_default() += 1;
    }
    for row in &settlements {
        let id = parse_ksh_code(&row.ksh_code)?;
        let joint_office_id = match row.office_code.as_str() {
            "1" => None,
            "2" | "4" | "5" | "6" => {
                let seat_id = *id_by_name.get(row.office_seat.as_str()).ok_or_else(|| {
                    ReferenceDataError::Invalid(format!(
                        "{}: unknown joint office seat {:?}",
                        row.name, row.office_seat
                    ))
                })?;
                offices
                    .entry(seat_id)
                    .or_insert_with(|| joint_office::Model {
                        id: seat_id,
                        name: format!("{} Közös Önkormányzati Hivatal", row.office_seat),
                        seat_municipality_id: seat_id,
                    });
                Some(seat_id)
            }
            other => {
                return Err(ReferenceDataError::Invalid(format!(
                    "{}: unknown office code {other:?}",
                    row.name
                )));
            }
        };
        let slug = match names_per_slug.get(&slugify(&row.name)) {
            Some(&count) if count > 1 => slugify_distinguishing_umlauts(&row.name),
            _ => slugify(&row.name),
        };
        if RESERVED_SLUGS.contains(&slug.as_str()) || !slugs.insert(slug.clone()) {
            return Err(ReferenceDataError::Invalid(format!(
                "{}: slug {slug:?} is reserved or taken",
                row.name
            )));
        }
        municipalities.push(municipality::Model {
            id,
            name: row.name.clone(),
            slug,
            search_name: fold_for_search(&row.name),
            legal_status: row.legal_status.clone(),
            county: non_empty(current_county_name(&row.county)),
            district_name: non_empty(&row.district_name),
            joint_office_id,
            has_branch_office: row.office_code == "5",
            area_ha: row.area_ha,
            population: row.population,
            dwellings: row.dwellings,
            connection_status: "preparation".to_owned(),
            preparation_on: None,
            connection_on: None,
            live_on: None,
        });
    }

    let known: BTreeSet<i32> = municipalities.iter().map(|m| m.id).collect();
    let mut postal_codes = BTreeSet::new();
    for part in csv::Reader::from_reader(SETTLEMENT_PARTS_CSV.as_bytes()).deserialize() {
        let part: SettlementPartRow = part.map_err(bad)?;
        // The source has a stray code (Gulács's outskirts under 29444 instead of 29443):
        // an unknown code is resolved by the settlement's name.
        let id = match parse_ksh_code(&part.ksh_code)? {
            id if known.contains(&id) => id,
            _ => *id_by_name.get(part.settlement.as_str()).ok_or_else(|| {
                ReferenceDataError::Invalid(format!("unknown settlement {:?}", part.settlement))
            })?,
        };
        let code = part.postal_code.trim();
        if code.is_empty() {
            continue;
        }
        if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(ReferenceDataError::Invalid(format!(
                "settlement part of {id}: bad postal code {code:?}"
            )));
        }
        postal_codes.insert((id, code.to_owned()));
    }

    Ok(Gazetteer {
        municipalities,
        joint_offices: offices.into_values().collect(),
        postal_codes: postal_codes
            .into_iter()
            .map(
                |(municipality_id, postal_code)| municipality_postal_code::Model {
                    municipality_id,
                    postal_code,
                },
            )
            .collect(),
    })
}

/// Loads the gazetteer unless the database already has it (answers whether it loaded it now);
/// one transaction, all or nothing.
pub async fn load_reference_data(db: &DatabaseConnection) -> Result<bool, ReferenceDataError> {
    let existing = municipality::Entity::find().count(db).await?;
    if existing > 0 {
        tracing::debug!(existing, "gazetteer already loaded");
        return Ok(false);
    }
    let gazetteer = parse_gazetteer()?;
    let txn = db.begin().await?;
    for chunk in gazetteer.joint_offices.chunks(INSERT_CHUNK) {
        joint_office::Entity::insert_many(chunk.iter().map(|o| joint_office::ActiveModel {
            id: Set(o.id),
            name: Set(o.name.clone()),
            seat_municipality_id: Set(o.seat_municipality_id),
        }))
        .exec(&txn)
        .await?;
    }
    for chunk in gazetteer.municipalities.chunks(INSERT_CHUNK) {
        municipality::Entity::insert_many(chunk.iter().map(|m| municipality::ActiveModel {
            id: Set(m.id),
            name: Set(m.name.clone()),
            slug: Set(m.slug.clone()),
            search_name: Set(m.search_name.clone()),
            legal_status: Set(m.legal_status.clone()),
            county: Set(m.county.clone()),
            district_name: Set(m.district_name.clone()),
            joint_office_id: Set(m.joint_office_id),
            has_branch_office: Set(m.has_branch_office),
            area_ha: Set(m.area_ha),
            population: Set(m.population),
            dwellings: Set(m.dwellings),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    for chunk in gazetteer.postal_codes.chunks(INSERT_CHUNK) {
        municipality_postal_code::Entity::insert_many(chunk.iter().map(|p| {
            municipality_postal_code::ActiveModel {
                municipality_id: Set(p.municipality_id),
                postal_code: Set(p.postal_code.clone()),
            }
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    tracing::info!(
        municipalities = gazetteer.municipalities.len(),
        joint_offices = gazetteer.joint_offices.len(),
        postal_codes = gazetteer.postal_codes.len(),
        "gazetteer loaded"
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_parses_completely() {
        let g = parse_gazetteer().unwrap();
        assert_eq!(g.municipalities.len(), 3178);
        assert_eq!(g.joint_offices.len(), 738);
        let served = g
            .municipalities
            .iter()
            .filter(|m| m.joint_office_id.is_some())
            .count();
        assert_eq!(served, 2633);
        assert!(g.postal_codes.len() > 3000);
    }

    #[test]
    fn every_municipality_has_a_unique_unreserved_slug() {
        let g = parse_gazetteer().unwrap();
        let slugs: BTreeSet<&str> = g.municipalities.iter().map(|m| m.slug.as_str()).collect();
        assert_eq!(slugs.len(), g.municipalities.len());
        assert!(slugs.contains("budapest-01-ker"));
        assert!(slugs.contains("szekesfehervar"));
        assert!(slugs.contains("komlo") && slugs.contains("koemloe"));
    }

    #[test]
    fn joint_office_seat_belongs_to_its_own_office() {
        let g = parse_gazetteer().unwrap();
        for office in &g.joint_offices {
            let seat = g
                .municipalities
                .iter()
                .find(|m| m.id == office.seat_municipality_id)
                .unwrap();
            assert_eq!(seat.joint_office_id, Some(office.id), "{}", seat.name);
        }
    }
}
