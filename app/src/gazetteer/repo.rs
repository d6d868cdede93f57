//! Database access of the municipality directory (server only).
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, Order, Query},
};

use super::api::{JointOfficeInfo, MunicipalityDetail, MunicipalityLink, MunicipalitySummary};
use super::domain::{MunicipalityFilter, PAGE_SIZE, SearchText};
use crate::db::{joint_office, municipality, municipality_postal_code};
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

    Ok(Some(MunicipalityDetail {
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
    }))
}
