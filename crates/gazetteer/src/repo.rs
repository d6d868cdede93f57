//! Database access of the municipality directory (server only), and the narrow interface
//! through which the other systems read and change it: nothing outside the gazetteer touches
//! its tables.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, Order, Query},
};

use super::domain::{PAGE_SIZE, SearchText};
use super::types::{
    JointOfficeInfo, MunicipalityDetail, MunicipalityFilter, MunicipalityLink, MunicipalitySummary,
};
use crate::db::{joint_office, municipality, municipality_postal_code};
use openasp_core::ids::MunicipalityId;
use openasp_core::paging::{Page, PageNumber};
use openasp_core::text::fold_for_search;

pub async fn search<C: ConnectionTrait>(
    db: &C,
    filter: &MunicipalityFilter,
) -> Result<Page<MunicipalitySummary>, sea_orm::DbErr> {
    let mut query = municipality::Entity::find();
    let mut relevance = None;
    match SearchText::parse(&filter.q) {
        SearchText::Everything => {}
        SearchText::NamePart(part) => {
            // Exact name first, then names starting with the text, then names containing it.
            relevance = Some(
                Expr::case(municipality::Column::SearchName.eq(part.clone()), 0)
                    .case(
                        municipality::Column::SearchName.starts_with(part.clone()),
                        1,
                    )
                    .finally(2),
            );
            query = query.filter(municipality::Column::SearchName.contains(part));
        }
        SearchText::PostalCodePrefix(prefix) => {
            query = query.filter(
                municipality::Column::Id.in_subquery(
                    Query::select()
                        .column(municipality_postal_code::Column::MunicipalityId)
                        .from(municipality_postal_code::Entity)
                        .and_where(municipality_postal_code::Column::PostalCode.starts_with(prefix))
                        .to_owned(),
                ),
            );
        }
    }
    if !filter.county.is_empty() {
        query = query.filter(municipality::Column::County.eq(filter.county.clone()));
    }

    let total = query.clone().count(db).await?;
    let page = PageNumber::new(filter.page);
    if let Some(relevance) = relevance {
        let relevance: Expr = relevance.into();
        query = query.order_by(relevance, Order::Asc);
    }
    let rows = query
        .order_by_asc(municipality::Column::SearchName)
        .order_by_asc(municipality::Column::Id)
        .offset(page.offset(PAGE_SIZE))
        .limit(PAGE_SIZE)
        .all(db)
        .await?;

    Ok(Page {
        items: rows
            .into_iter()
            .map(|m| MunicipalitySummary {
                id: m.id,
                name: m.name,
                slug: m.slug,
                legal_status: m.legal_status,
                county: m.county,
                population: m.population,
            })
            .collect(),
        total,
        page: page.get(),
        page_size: PAGE_SIZE,
    })
}

pub async fn counties<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, sea_orm::DbErr> {
    let counties: Vec<Option<String>> = municipality::Entity::find()
        .select_only()
        .column(municipality::Column::County)
        .distinct()
        .order_by_asc(municipality::Column::County)
        .into_tuple()
        .all(db)
        .await?;
    // Sorted by the folded name so that "Bács-Kiskun" comes before "Borsod-Abaúj-Zemplén".
    let mut counties: Vec<String> = counties.into_iter().flatten().collect();
    counties.sort_by_cached_key(|county| fold_for_search(county));
    Ok(counties)
}

pub async fn find_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<MunicipalityDetail>, sea_orm::DbErr> {
    let Some(m) = municipality::Entity::find()
        .filter(municipality::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(detail_of(db, m).await?))
}

/// Everything the directory shows of one municipality, by id (its website's facts too).
pub async fn detail_by_id<C: ConnectionTrait>(
    db: &C,
    id: MunicipalityId,
) -> Result<Option<MunicipalityDetail>, sea_orm::DbErr> {
    match municipality::Entity::find_by_id(id.0).one(db).await? {
        Some(m) => Ok(Some(detail_of(db, m).await?)),
        None => Ok(None),
    }
}

/// The detail of a loaded row: its postal codes (sorted) and its joint office with members.
async fn detail_of<C: ConnectionTrait>(
    db: &C,
    m: municipality::Model,
) -> Result<MunicipalityDetail, sea_orm::DbErr> {
    let postal_codes: Vec<String> = municipality_postal_code::Entity::find()
        .filter(municipality_postal_code::Column::MunicipalityId.eq(m.id))
        .order_by_asc(municipality_postal_code::Column::PostalCode)
        .select_only()
        .column(municipality_postal_code::Column::PostalCode)
        .into_tuple()
        .all(db)
        .await?;

    let joint_office = match m.joint_office_id {
        None => None,
        Some(office_id) => {
            let office = joint_office::Entity::find_by_id(office_id).one(db).await?;
            let members: Vec<(String, String)> = municipality::Entity::find()
                .filter(municipality::Column::JointOfficeId.eq(office_id))
                .order_by_asc(municipality::Column::SearchName)
                .select_only()
                .column(municipality::Column::Name)
                .column(municipality::Column::Slug)
                .into_tuple()
                .all(db)
                .await?;
            office.map(|office| JointOfficeInfo {
                name: office.name,
                members: members
                    .into_iter()
                    .map(|(name, slug)| MunicipalityLink { name, slug })
                    .collect(),
            })
        }
    };

    Ok(MunicipalityDetail {
        id: m.id,
        name: m.name,
        slug: m.slug,
        legal_status: m.legal_status,
        county: m.county,
        district_name: m.district_name,
        population: m.population,
        area_ha: m.area_ha,
        dwellings: m.dwellings,
        has_branch_office: m.has_branch_office,
        postal_codes,
        joint_office,
    })
}

// ---- What the other systems ask of the gazetteer ----------------------------------------------

/// Name and slug of one municipality, for the systems that name or link it.
pub async fn link_by_id<C: ConnectionTrait>(
    db: &C,
    id: MunicipalityId,
) -> Result<Option<MunicipalityLink>, sea_orm::DbErr> {
    let row: Option<(String, String)> = municipality::Entity::find_by_id(id.0)
        .select_only()
        .column(municipality::Column::Name)
        .column(municipality::Column::Slug)
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.map(|(name, slug)| MunicipalityLink { name, slug }))
}

/// Names of the given municipalities ordered by folded name (unknown ids are left out).
pub async fn names_by_ids<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = MunicipalityId>,
) -> Result<Vec<(MunicipalityId, String)>, sea_orm::DbErr> {
    let ids: Vec<i32> = ids.into_iter().map(|id| id.0).collect();
    let rows: Vec<(i32, String)> = municipality::Entity::find()
        .filter(municipality::Column::Id.is_in(ids))
        .order_by_asc(municipality::Column::SearchName)
        .select_only()
        .column(municipality::Column::Id)
        .column(municipality::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (MunicipalityId(id), name))
        .collect())
}

/// The municipality with exactly this official name (demo data names its towns).
pub async fn id_by_name<C: ConnectionTrait>(
    db: &C,
    name: &str,
) -> Result<Option<MunicipalityId>, sea_orm::DbErr> {
    let id: Option<i32> = municipality::Entity::find()
        .filter(municipality::Column::Name.eq(name))
        .select_only()
        .column(municipality::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(id.map(MunicipalityId))
}

/// The municipality a public URL names by its slug.
pub async fn id_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> Result<Option<MunicipalityId>, sea_orm::DbErr> {
    let id: Option<i32> = municipality::Entity::find()
        .filter(municipality::Column::Slug.eq(slug))
        .select_only()
        .column(municipality::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(id.map(MunicipalityId))
}

/// Every municipality's id and slug, for routing public URLs.
pub async fn all_slugs<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<(MunicipalityId, String)>, sea_orm::DbErr> {
    let rows: Vec<(i32, String)> = municipality::Entity::find()
        .select_only()
        .column(municipality::Column::Id)
        .column(municipality::Column::Slug)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug)| (MunicipalityId(id), slug))
        .collect())
}

/// The names of the municipalities each of `codes` serves (codes nobody uses are left out).
pub async fn settlements_by_postal_code<C: ConnectionTrait>(
    db: &C,
    codes: &BTreeSet<String>,
) -> Result<BTreeMap<String, Vec<String>>, sea_orm::DbErr> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if codes.is_empty() {
        return Ok(out);
    }
    let rows = municipality_postal_code::Entity::find()
        .filter(municipality_postal_code::Column::PostalCode.is_in(codes.iter().cloned()))
        .all(db)
        .await?;
    let ids: BTreeSet<i32> = rows.iter().map(|r| r.municipality_id).collect();
    let names: BTreeMap<i32, String> = municipality::Entity::find()
        .filter(municipality::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    for row in rows {
        if let Some(name) = names.get(&row.municipality_id) {
            out.entry(row.postal_code).or_default().push(name.clone());
        }
    }
    Ok(out)
}

// ---- The onboarding operator's view (the framework keeps the rules and the audit) ---------

/// The dates a municipality reached each step of its connection to the platform.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConnectionDates {
    pub preparation_on: Option<NaiveDate>,
    pub connection_on: Option<NaiveDate>,
    pub live_on: Option<NaiveDate>,
}

/// A municipality as the onboarding operator sees it: its connection and its joint office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRow {
    pub id: MunicipalityId,
    pub name: String,
    pub county: Option<String>,
    /// The connection status code as stored (its meaning and rules belong to the framework).
    pub connection_status: String,
    pub dates: ConnectionDates,
    /// The name of the joint office serving it, if any.
    pub joint_office: Option<String>,
    /// The names of the municipalities its office serves, by name ([`operator_row`] only).
    pub joint_office_members: Vec<String>,
}

fn operator_row_of(m: municipality::Model, joint_office: Option<String>) -> OperatorRow {
    OperatorRow {
        id: MunicipalityId(m.id),
        name: m.name,
        county: m.county,
        connection_status: m.connection_status,
        dates: ConnectionDates {
            preparation_on: m.preparation_on,
            connection_on: m.connection_on,
            live_on: m.live_on,
        },
        joint_office,
        joint_office_members: Vec::new(),
    }
}

/// One page of the operator's list: typed name part (a postal code filters nothing) and status
/// code filter, ordered by name; office members are left empty.
pub async fn operator_page<C: ConnectionTrait>(
    db: &C,
    q: &str,
    status: Option<&str>,
    page: PageNumber,
    page_size: u64,
) -> Result<Page<OperatorRow>, sea_orm::DbErr> {
    let mut select = municipality::Entity::find();
    if let SearchText::NamePart(part) = SearchText::parse(q) {
        select = select.filter(municipality::Column::SearchName.contains(part));
    }
    if let Some(status) = status {
        select = select.filter(municipality::Column::ConnectionStatus.eq(status));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_asc(municipality::Column::SearchName)
        .offset(page.offset(page_size))
        .limit(page_size)
        .all(db)
        .await?;
    let office_ids: Vec<i32> = rows.iter().filter_map(|m| m.joint_office_id).collect();
    let offices: HashMap<i32, String> = joint_office::Entity::find()
        .filter(joint_office::Column::Id.is_in(office_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let items = rows
        .into_iter()
        .map(|m| {
            let office = m.joint_office_id.and_then(|id| offices.get(&id).cloned());
            operator_row_of(m, office)
        })
        .collect();
    Ok(Page {
        items,
        total,
        page: page.get(),
        page_size,
    })
}

/// One municipality as the operator sees it, with the members of its office (by name).
pub async fn operator_row<C: ConnectionTrait>(
    db: &C,
    id: MunicipalityId,
) -> Result<Option<OperatorRow>, sea_orm::DbErr> {
    let Some(m) = municipality::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let office = match m.joint_office_id {
        Some(office) => joint_office::Entity::find_by_id(office)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let members: Vec<String> = match m.joint_office_id {
        Some(office) => municipality::Entity::find()
            .filter(municipality::Column::JointOfficeId.eq(office))
            .order_by_asc(municipality::Column::SearchName)
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.name)
            .collect(),
        None => Vec::new(),
    };
    let mut row = operator_row_of(m, office);
    row.joint_office_members = members;
    Ok(Some(row))
}

/// Records a municipality's connection status and the dates given (`None` keeps a stored
/// date); fails like any update when the municipality does not exist.
pub async fn set_connection<C: ConnectionTrait>(
    db: &C,
    id: MunicipalityId,
    status: &str,
    dates: ConnectionDates,
) -> Result<(), sea_orm::DbErr> {
    let given = |date: Option<NaiveDate>| match date {
        Some(date) => Set(Some(date)),
        None => NotSet,
    };
    municipality::Entity::update(municipality::ActiveModel {
        id: Set(id.0),
        connection_status: Set(status.to_owned()),
        preparation_on: given(dates.preparation_on),
        connection_on: given(dates.connection_on),
        live_on: given(dates.live_on),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Why the gazetteer refused to change a municipality's joint office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JointOfficeRefusal {
    /// No municipality has the given id.
    NotFound,
    /// No municipality has the seat's name.
    UnknownSeat,
    /// The municipality seats an office that still serves others, so it cannot leave it.
    SeatStillServes,
}

/// Moves a municipality into the joint office seated in the municipality named `seat_name`
/// (founding that office if needed), or (empty name) gives it its own office; answers the
/// seat's official name.
pub async fn set_joint_office<C: ConnectionTrait>(
    db: &C,
    id: MunicipalityId,
    seat_name: &str,
) -> Result<Result<Option<String>, JointOfficeRefusal>, sea_orm::DbErr> {
    let Some(m) = municipality::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(Err(JointOfficeRefusal::NotFound));
    };
    let seat_name = seat_name.trim();
    let seat = if seat_name.is_empty() {
        None
    } else {
        match municipality::Entity::find()
            .filter(municipality::Column::SearchName.eq(fold_for_search(seat_name)))
            .one(db)
            .await?
        {
            Some(seat) => Some(seat),
            None => return Ok(Err(JointOfficeRefusal::UnknownSeat)),
        }
    };
    // A seat keeps its office while the office serves anyone else.
    if let Some(current) = m.joint_office_id
        && current == m.id
        && seat.as_ref().is_none_or(|s| s.id != m.id)
    {
        let others = municipality::Entity::find()
            .filter(municipality::Column::JointOfficeId.eq(current))
            .filter(municipality::Column::Id.ne(m.id))
            .count(db)
            .await?;
        if others > 0 {
            return Ok(Err(JointOfficeRefusal::SeatStillServes));
        }
    }
    let office_id = match &seat {
        None => None,
        Some(seat) => {
            if joint_office::Entity::find_by_id(seat.id)
                .one(db)
                .await?
                .is_none()
            {
                joint_office::Entity::insert(joint_office::ActiveModel {
                    id: Set(seat.id),
                    name: Set(format!("{} Közös Önkormányzati Hivatal", seat.name)),
                    seat_municipality_id: Set(seat.id),
                })
                .exec_without_returning(db)
                .await?;
            }
            if seat.joint_office_id != Some(seat.id) {
                municipality::Entity::update(municipality::ActiveModel {
                    id: Set(seat.id),
                    joint_office_id: Set(Some(seat.id)),
                    has_branch_office: Set(false),
                    ..Default::default()
                })
                .exec(db)
                .await?;
            }
            Some(seat.id)
        }
    };
    municipality::Entity::update(municipality::ActiveModel {
        id: Set(m.id),
        joint_office_id: Set(office_id),
        has_branch_office: Set(false),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(Ok(seat.map(|seat| seat.name)))
}
