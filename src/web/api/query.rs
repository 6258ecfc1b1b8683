//! The article list's query string, parsed strictly: a value out of range, a parameter given
//! twice or an unknown parameter is 400 naming it.

use utoipa::IntoParams;

use crate::db::articles::ListFilter;
use crate::domain::{Category, Status, TagName};
use crate::error::{AppError, Msg};

/// Articles per page unless `per_page` says otherwise.
pub const DEFAULT_PER_PAGE: i64 = 20;
/// The most articles per page.
pub const MAX_PER_PAGE: i64 = 200;
/// The highest page number accepted.
pub const MAX_PAGE: i64 = 1_000_000;
/// The parameters the list accepts.
pub const LIST_PARAMS: &[&str] = &["page", "per_page", "status", "category", "tag"];

/// Query parameters of `GET /api/v1/articles` (documentation; parsed by [`parse_list_query`]).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page number, from 1 (default 1).
    pub page: Option<i64>,
    /// Articles per page, 1–200 (default 20).
    pub per_page: Option<i64>,
    /// Only this status: `draft`, `in_review`, `scheduled`, `published` or `archived`.
    pub status: Option<String>,
    /// Only this category: `culture`, `news` or `promotion`.
    pub category: Option<String>,
    /// Only articles with this tag (its name or slug).
    pub tag: Option<String>,
}

fn bad(message: Msg) -> AppError {
    AppError::BadRequest(message)
}

/// The pairs of a query string, or a 400 with the parser's message.
pub(crate) fn pairs(qs: &str) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_str(qs)
        .map_err(|e| bad(Msg::new("error-query-invalid").arg("detail", e.to_string())))
}

/// A query parameter that is a whole number from 1 to `max`, or a 400 naming it.
pub(crate) fn number(name: &str, value: &str, max: i64) -> Result<i64, AppError> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            bad(Msg::new("error-query-number")
                .arg("name", name)
                .arg("max", max)
                .arg("value", value))
        })
}

/// Parses the query string of the article list.
pub fn parse_list_query(qs: &str) -> Result<ListFilter, AppError> {
    let pairs = pairs(qs)?;
    let mut filter = ListFilter {
        page: 1,
        per_page: DEFAULT_PER_PAGE,
        ..ListFilter::default()
    };
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in &pairs {
        if seen.contains(&name.as_str()) {
            return Err(bad(Msg::new("error-query-twice").arg("name", name.as_str())));
        }
        seen.push(name);
        match name.as_str() {
            "page" => filter.page = number(name, value, MAX_PAGE)?,
            "per_page" => filter.per_page = number(name, value, MAX_PER_PAGE)?,
            "status" => filter.status = Some(value.parse::<Status>().map_err(bad)?),
            "category" => filter.category = Some(value.parse::<Category>().map_err(bad)?),
            "tag" => filter.tag = Some(TagName::parse(value).map_err(bad)?.slug),
            other => {
                return Err(bad(Msg::new("error-query-unknown")
                    .arg("value", other)
                    .arg("known", LIST_PARAMS.join(", "))));
            }
        }
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(qs: &str) -> String {
        match parse_list_query(qs) {
            Err(AppError::BadRequest(m)) => crate::error::en(&m),
            other => panic!("{qs}: {other:?}"),
        }
    }

    #[test]
    fn the_list_query_is_parsed_strictly() {
        let f = parse_list_query("").expect("defaults");
        assert_eq!((f.page, f.per_page), (1, DEFAULT_PER_PAGE));
        let f = parse_list_query(
            "page=3&per_page=200&status=published&category=news&tag=Open%20Source",
        )
        .expect("valid");
        assert_eq!((f.page, f.per_page), (3, 200));
        assert_eq!(f.status, Some(Status::Published));
        assert_eq!(f.category, Some(Category::News));
        assert_eq!(f.tag.as_deref(), Some("open-source"));
        assert!(err("per_page=500").contains("per_page must be a whole number from 1 to 200"));
        assert!(err("page=0").contains("page must be"));
        assert!(err("page=two").contains("“two”"));
        assert!(err("status=gone").contains("not an article status"));
        assert!(err("page=1&page=2").contains("twice"));
        assert!(err("sort=title").contains("Unknown query parameter “sort”"));
    }

    #[test]
    fn documented_parameters_are_the_accepted_ones() {
        let documented: Vec<String> = ListParams::into_params(|| None)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(documented, LIST_PARAMS);
    }
}
