//! Searching the register (server only): one SQL query per page and one capped count, built
//! per backend (PostgreSQL: GIN-indexed tsvector, pattern index for number prefixes; SQLite:
//! FTS5, GLOB prefixes on the binary-collated index). Every query is bound to the acting
//! municipality; every value travels as a bound parameter.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, Statement,
    Value,
};

use super::domain::{CASE_STATE_CODES, COUNT_CAP, SearchForm, Sort, SortKey, compact_number};
use super::types::{NamedOption, SearchHit, SearchOptions, SearchResults};
use crate::db::retention_item;
use crate::types::RetentionItemId;
use openasp_core::error::{AppError, FieldProblem, Problem};
use openasp_core::ids::{MunicipalityId, UserId};
use openasp_core::paging::{Page, PageNumber};
use openasp_core::search::{fts5_query, glob_escape, like_escape, postgres_tsquery, terms};
use openasp_framework::audit::AuditEvent;
use openasp_framework::directory::{display_names, members_holding};
use openasp_framework::roles::Role;
use openasp_framework::tenancy::TenantTx;

/// A validated search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<String>,
    pub number: Option<String>,
    pub partner: Option<String>,
    pub clerk: Option<UserId>,
    pub from: Option<DateTime<Utc>>,
    /// The first moment no longer included (the day after "until").
    pub until: Option<DateTime<Utc>>,
    pub state: Option<&'static str>,
    pub retention: Option<RetentionItemId>,
    pub sort: Sort,
}

fn day_start(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// Reads the form; every malformed field is reported (for the error summary).
pub fn parse_form(form: &SearchForm) -> Result<SearchQuery, AppError> {
    let mut problems = Vec::new();
    let mut problem = |field: &str| {
        problems.push(FieldProblem {
            field: field.to_owned(),
            problem: Problem::Malformed,
        })
    };
    let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    let id = |value: &str, field: &str, problem: &mut dyn FnMut(&str)| -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        value.parse::<i64>().map_err(|_| problem(field)).ok()
    };
    let date = |value: &str, field: &str, problem: &mut dyn FnMut(&str)| -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| problem(field))
            .ok()
    };
    // Any whole number, as always (one that is no id finds nothing); typed from here inward.
    let clerk = id(&form.clerk, "clerk", &mut problem).map(UserId);
    let retention = id(&form.retention, "retention", &mut problem).map(RetentionItemId);
    let from = date(&form.from, "from", &mut problem);
    let until = date(&form.until, "until", &mut problem);
    let state = match form.state.trim() {
        "" => None,
        code => {
            let known = CASE_STATE_CODES.iter().find(|c| **c == code).copied();
            if known.is_none() {
                problem("state");
            }
            known
        }
    };
    if let (Some(from), Some(until)) = (from, until)
        && until < from
    {
        problem("until");
    }
    let number = text(&compact_number(&form.number));
    if number.as_ref().is_some_and(|n| n.chars().count() > 100) {
        problem("number");
    }
    let partner = text(&form.partner);
    if partner.as_ref().is_some_and(|p| p.chars().count() > 200) {
        problem("partner");
    }
    if form.q.chars().count() > 500 {
        problem("q");
    } else if !form.q.trim().is_empty() && terms(&form.q).is_empty() {
        problems.push(FieldProblem {
            field: "q".to_owned(),
            problem: Problem::from(crate::problems::RecordsProblem::NothingToSearch),
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(SearchQuery {
        terms: terms(&form.q),
        number,
        partner,
        clerk,
        from: from.map(day_start),
        until: until.map(|d| day_start(d) + Duration::days(1)),
        state,
        retention,
        sort: Sort::parse(&form.sort),
    })
}

/// SQL text with its bound values, placeholders written for the backend.
struct Sql {
    backend: DatabaseBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DatabaseBackend) -> Sql {
        Sql {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// Binds a value and returns its placeholder.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DatabaseBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// Exactly the expression of the GIN index `ix_find_document_fulltext` (migration
/// m20261122_000007), or PostgreSQL would not use the index.
const POSTGRES_FULLTEXT: &str = "to_tsvector('simple', translate(lower(d.search_text), \
    'áàâäéèêëíìîïóòôöőõúùûüű', 'aaaaeeeeiiiioooooouuuuu'))";

const FROM: &str = " FROM document d JOIN case_file c \
    ON c.municipality_id = d.municipality_id AND c.id = d.case_file_id";

/// Appends ` WHERE …`: the municipality first, then every filter given.
fn push_where(sql: &mut Sql, municipality: MunicipalityId, query: &SearchQuery) {
    let postgres = sql.backend == DatabaseBackend::Postgres;
    // Every placeholder binds its own value: SQLite's `?` cannot be used twice.
    let d = sql.bind(municipality);
    let c = sql.bind(municipality);
    let mut text = format!(" WHERE d.municipality_id = {d} AND c.municipality_id = {c}");
    if postgres {
        if let Some(tsquery) = postgres_tsquery(&query.terms) {
            let p = sql.bind(tsquery);
            text.push_str(&format!(
                " AND {POSTGRES_FULLTEXT} @@ to_tsquery('simple', {p})"
            ));
        }
    } else if let Some(fts) = fts5_query(&query.terms) {
        let p = sql.bind(fts);
        // The FTS table holds no tenant: the join back to `d` (filtered above) scopes it.
        text.push_str(&format!(
            " AND d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH {p})"
        ));
    }
    if let Some(number) = &query.number {
        // Bound in the order the placeholders appear (SQLite's `?` are positional).
        let m1 = sql.bind(municipality);
        let prefix = if postgres {
            let p = sql.bind(format!("{}%", like_escape(number)));
            format!("d.registry_number LIKE {p} ESCAPE '\\'")
        } else {
            let p = sql.bind(format!("{}*", glob_escape(number)));
            format!("d.registry_number GLOB {p}")
        };
        let m2 = sql.bind(municipality);
        let m3 = sql.bind(municipality);
        let case = sql.bind(number.clone());
        // Two index lookups joined by UNION: an `OR` of the two made the planner walk every
        // document of the municipality (seconds at a million documents).
        let prefix = prefix.replace("d.registry_number", "registry_number");
        text.push_str(&format!(
            " AND d.id IN (SELECT id FROM document WHERE municipality_id = {m1} AND {prefix} \
             UNION SELECT id FROM document WHERE municipality_id = {m2} AND case_file_id IN \
             (SELECT id FROM case_file WHERE municipality_id = {m3} AND registry_number = {case}))"
        ));
    }
    if let Some(partner) = &query.partner {
        let pattern = format!("%{}%", like_escape(&partner.to_lowercase()));
        let sender = sql.bind(pattern.clone());
        let m = sql.bind(municipality);
        let name = sql.bind(pattern);
        text.push_str(&format!(
            " AND (lower(d.sender) LIKE {sender} ESCAPE '\\' OR d.partner_id IN \
             (SELECT id FROM partner WHERE municipality_id = {m} \
              AND lower(name) LIKE {name} ESCAPE '\\'))"
        ));
    }
    if let Some(clerk) = query.clerk {
        let a = sql.bind(clerk);
        let b = sql.bind(clerk);
        text.push_str(&format!(
            " AND (c.handler_user_id = {a} OR d.handler_user_id = {b})"
        ));
    }
    if let Some(from) = query.from {
        let p = sql.bind(from);
        text.push_str(&format!(" AND d.registered_at >= {p}"));
    }
    if let Some(until) = query.until {
        let p = sql.bind(until);
        text.push_str(&format!(" AND d.registered_at < {p}"));
    }
    if let Some(state) = query.state {
        let p = sql.bind(state);
        text.push_str(&format!(" AND c.state = {p}"));
    }
    if let Some(retention) = query.retention {
        let p = sql.bind(retention.0);
        text.push_str(&format!(" AND c.retention_item_id = {p}"));
    }
    sql.push(&text);
}

fn order_by(sort: Sort) -> String {
    let dir = if sort.descending { "DESC" } else { "ASC" };
    match sort.key {
        SortKey::Date => format!(" ORDER BY d.registered_at {dir}, d.id {dir}"),
        SortKey::Number => {
            format!(" ORDER BY c.year {dir}, c.main_number {dir}, d.sub_number {dir}, d.id {dir}")
        }
        SortKey::Subject => format!(" ORDER BY substr(d.subject, 1, 100) {dir}, d.id {dir}"),
    }
}

/// How many documents match, counted up to [`COUNT_CAP`] + 1.
async fn count(tx: &TenantTx, query: &SearchQuery) -> Result<u64, AppError> {
    let mut sql = Sql::new(tx.conn().get_database_backend());
    sql.push("SELECT count(*) AS n FROM (SELECT 1 AS one");
    sql.push(FROM);
    push_where(&mut sql, tx.municipality(), query);
    sql.push(&format!(" LIMIT {}) hits", COUNT_CAP + 1));
    let row = tx.conn().query_one_raw(sql.statement()).await?;
    let n: i64 = match row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// One page of hits (`limit` rows from `offset`), in the query's order.
pub async fn hits(
    tx: &TenantTx,
    query: &SearchQuery,
    offset: u64,
    limit: u64,
) -> Result<Vec<SearchHit>, AppError> {
    let mut sql = Sql::new(tx.conn().get_database_backend());
    sql.push(
        "SELECT d.id, d.case_file_id, d.registry_number, d.subject, d.sender, d.registered_at, \
         d.state AS document_state, c.state AS case_state, c.handler_user_id",
    );
    sql.push(FROM);
    push_where(&mut sql, tx.municipality(), query);
    sql.push(&order_by(query.sort));
    sql.push(&format!(" LIMIT {limit} OFFSET {offset}"));
    let rows = tx.conn().query_all_raw(sql.statement()).await?;
    let mut hits = Vec::with_capacity(rows.len());
    let mut handler_ids = Vec::new();
    for row in rows {
        let handler: Option<i64> = row.try_get("", "handler_user_id")?;
        handler_ids.extend(handler);
        let registered_at: DateTime<Utc> = row.try_get("", "registered_at")?;
        hits.push((
            handler,
            SearchHit {
                document_id: row.try_get("", "id")?,
                case_file_id: row.try_get("", "case_file_id")?,
                registry_number: row.try_get("", "registry_number")?,
                subject: row.try_get("", "subject")?,
                sender: row.try_get("", "sender")?,
                registered_at: registered_at.format("%Y-%m-%d").to_string(),
                document_state: row.try_get("", "document_state")?,
                case_state: row.try_get("", "case_state")?,
                handler: None,
            },
        ));
    }
    let names = display_names(tx, handler_ids).await?;
    Ok(hits
        .into_iter()
        .map(|(handler, mut hit)| {
            hit.handler = handler.and_then(|h| names.get(&h).cloned());
            hit
        })
        .collect())
}

fn require_records_role(tx: &TenantTx) -> Result<(), AppError> {
    if tx.roles().contains(&Role::RecordsClerk) || tx.roles().contains(&Role::RecordsHead) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// One page of the search. Reading it is audited (it names senders).
pub async fn search(
    tx: &TenantTx,
    form: &SearchForm,
    page: u64,
    page_size: u64,
) -> Result<SearchResults, AppError> {
    require_records_role(tx)?;
    let query = parse_form(form)?;
    let total = count(tx, &query).await?;
    let page = PageNumber::new(page);
    let items = hits(tx, &query, page.offset(page_size), page_size).await?;
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "records_search",
        None,
        format!("{} documents listed", items.len()),
    ))
    .await?;
    Ok(SearchResults {
        capped: total > COUNT_CAP,
        page: Page {
            items,
            total: total.min(COUNT_CAP),
            page: page.get(),
            page_size,
        },
    })
}

/// Every hit (up to `cap`) for a CSV export, audited as an export.
pub async fn export(
    tx: &TenantTx,
    form: &SearchForm,
    cap: u64,
) -> Result<Vec<SearchHit>, AppError> {
    require_records_role(tx)?;
    let query = parse_form(form)?;
    let items = hits(tx, &query, 0, cap).await?;
    tx.audit(AuditEvent::new(
        "personal_data.export",
        "records_search",
        None,
        format!("{} documents exported as CSV", items.len()),
    ))
    .await?;
    Ok(items)
}

/// What the filters offer: the municipality's records clerks and its retention items.
pub async fn options(tx: &TenantTx) -> Result<SearchOptions, AppError> {
    require_records_role(tx)?;
    let clerks: Vec<NamedOption> = members_holding(tx, &[Role::RecordsClerk, Role::RecordsHead])
        .await?
        .into_iter()
        .map(|m| NamedOption {
            id: m.id,
            name: m.display_name,
        })
        .collect();
    let retention_items = retention_item::Entity::find()
        .filter(retention_item::Column::MunicipalityId.eq(tx.municipality()))
        .order_by_asc(retention_item::Column::Code)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| NamedOption {
            id: r.id,
            name: format!("{} – {}", r.code, r.title),
        })
        .collect();
    Ok(SearchOptions {
        clerks,
        retention_items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let form = SearchForm {
            clerk: "x".into(),
            from: "2026-13-01".into(),
            until: "tegnap".into(),
            state: "Lost".into(),
            ..Default::default()
        };
        let Err(AppError::Invalid(problems)) = parse_form(&form) else {
            panic!("refused")
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["clerk", "from", "until", "state"]);
    }

    #[test]
    fn a_text_without_words_is_refused_rather_than_ignored() {
        for q in ["😀", "***", " - "] {
            let form = SearchForm {
                q: q.into(),
                ..Default::default()
            };
            let Err(AppError::Invalid(problems)) = parse_form(&form) else {
                panic!("{q:?} refused")
            };
            assert_eq!(problems[0].field, "q");
            assert_eq!(
                problems[0].problem,
                Problem::from(crate::problems::RecordsProblem::NothingToSearch)
            );
        }
        // An empty text is no search text: the other filters list what they match.
        assert!(parse_form(&SearchForm::default()).is_ok());
    }

    #[test]
    fn clerk_and_retention_item_are_typed_ids() {
        let form = SearchForm {
            clerk: " 7 ".into(),
            retention: "-3".into(),
            ..Default::default()
        };
        let query = parse_form(&form).unwrap();
        assert_eq!(query.clerk, Some(UserId(7)));
        // Any whole number, as always: one that is no id finds nothing.
        assert_eq!(query.retention, Some(RetentionItemId(-3)));
    }

    #[test]
    fn a_good_form_reads() {
        let form = SearchForm {
            q: "Építési engedély".into(),
            number: " 12 - ".into(),
            from: "2026-01-01".into(),
            until: "2026-01-31".into(),
            state: "Closed".into(),
            sort: "number".into(),
            ..Default::default()
        };
        let query = parse_form(&form).unwrap();
        assert_eq!(query.terms, ["építési", "engedély"]);
        assert_eq!(query.number.as_deref(), Some("12-"));
        assert_eq!(
            query.until.unwrap() - query.from.unwrap(),
            Duration::days(31)
        );
        assert_eq!(query.state, Some("Closed"));
        let reversed = SearchForm {
            from: "2026-02-01".into(),
            until: "2026-01-01".into(),
            ..Default::default()
        };
        assert!(parse_form(&reversed).is_err());
    }

    #[test]
    fn placeholders_follow_the_backend() {
        let query = parse_form(&SearchForm {
            q: "kérelem".into(),
            number: "5-".into(),
            ..Default::default()
        })
        .unwrap();
        let mut pg = Sql::new(DatabaseBackend::Postgres);
        push_where(&mut pg, MunicipalityId(7), &query);
        assert!(
            pg.text.contains("$1") && pg.text.contains("$5"),
            "{}",
            pg.text
        );
        assert!(pg.text.contains("to_tsquery"));
        let mut lite = Sql::new(DatabaseBackend::Sqlite);
        push_where(&mut lite, MunicipalityId(7), &query);
        assert_eq!(lite.text.matches('?').count(), lite.values.len());
        assert!(lite.text.contains("document_fts MATCH") && lite.text.contains("GLOB"));
    }
}
