//! The article list and the review queue.

use super::*;
use crate::render::format::When;

const PER_PAGE: i64 = 30;

/// Query string of the article list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    status: String,
    category: String,
    tag: String,
    author: String,
    sort: String,
    page: String,
}

fn parse_query(q: &ListQuery, review: bool) -> Result<ListFilter, AppError> {
    let bad = |what: &'static str, v: &str| {
        AppError::BadRequest(
            crate::error::Msg::new("error-filter-invalid")
                .arg("what", what)
                .arg("value", v),
        )
    };
    let status = if review {
        Some(Status::InReview)
    } else if q.status.is_empty() {
        None
    } else {
        Some(q.status.parse().map_err(|_| bad("status", &q.status))?)
    };
    let category = match q.category.as_str() {
        "" => None,
        c => Some(c.parse().map_err(|_| bad("category", c))?),
    };
    let author_id = match q.author.as_str() {
        "" => None,
        a => Some(a.parse::<i64>().map_err(|_| bad("author", a))?),
    };
    let sort = match q.sort.as_str() {
        "" | "updated" => Sort::Updated,
        "published" => Sort::Published,
        s => return Err(bad("sort order", s)),
    };
    let page = crate::web::page_param(Some(&q.page), 1_000_000)?;
    if q.q.chars().count() > 200 {
        return Err(AppError::BadRequest(
            crate::error::Msg::new("error-search-long").arg("max", 200),
        ));
    }
    Ok(ListFilter {
        status,
        category,
        tag: (!q.tag.is_empty()).then(|| q.tag.clone()),
        author_id,
        q: q.q.clone(),
        sort,
        page,
        per_page: PER_PAGE,
    })
}

fn page_link(base: &str, q: &ListQuery, page: i64) -> String {
    let pairs = [
        ("q", q.q.as_str()),
        ("status", q.status.as_str()),
        ("category", q.category.as_str()),
        ("tag", q.tag.as_str()),
        ("author", q.author.as_str()),
        ("sort", q.sort.as_str()),
    ];
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            ser.append_pair(k, v);
        }
    }
    ser.append_pair("page", &page.to_string());
    format!("{base}?{}", ser.finish())
}

async fn list_page(
    ctx: Ctx,
    m: &Member,
    query: ListQuery,
    review: bool,
) -> Result<HttpResponse, AppError> {
    let filter = parse_query(&query, review)?;
    let org_id = m.org.id;
    let f = filter.clone();
    let (items, total, views, tags, people) = ctx
        .state
        .db
        .run(move |c| {
            let (items, total) = articles::list(c, org_id, &f)?;
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let views = crate::db::views::totals(c, &ids)?;
            let tags = articles::org_tags(c, org_id)?;
            let people = members::list(c, org_id)?;
            Ok((items, total, views, tags, people))
        })
        .await?;
    let tz = m.org.timezone;
    let section = if review { "review" } else { "articles" };
    let mut layout = ctx.member_layout(m, "", section).await?;
    layout.title = layout.tr.t(if review {
        "dash-nav-review"
    } else {
        "dash-nav-articles"
    });
    let tr = layout.tr.clone();
    let now = crate::db::now();
    let rows = items
        .into_iter()
        .map(|i| {
            let status: Status = i.status.parse().unwrap_or(Status::Draft);
            ArticleRow {
                id: i.id,
                title: i.title,
                status,
                category: tr.category_slug(&i.category),
                author: i.author_name.unwrap_or_else(|| "—".to_owned()),
                updated: When::new(&tr, i.updated_at, tz, now),
                when: match (status, i.publish_at, i.published_at) {
                    (Status::Scheduled, Some(at), _) | (_, _, Some(at)) => {
                        Some(When::new(&tr, at, tz, now))
                    }
                    _ => None,
                },
                words: i.word_count,
                views: views.get(&i.id).copied().unwrap_or(0),
            }
        })
        .collect();
    let choice = |value: &str, label: &str, current: &str| Choice {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: value == current,
    };
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let base = format!(
        "/dashboard/{}/{}",
        m.org.slug,
        if review { "review" } else { "articles" }
    );
    let page = ArticleListPage {
        layout,
        slug: m.org.slug.clone(),
        review,
        rows,
        total,
        statuses: Status::ALL
            .iter()
            .map(|s| choice(s.as_str(), &tr.status(s), &query.status))
            .collect(),
        categories: Category::ALL
            .iter()
            .map(|c| choice(c.as_str(), &tr.category(*c), &query.category))
            .collect(),
        tags: tags.iter().map(|(s, n)| choice(s, n, &query.tag)).collect(),
        authors: people
            .iter()
            .map(|p| choice(&p.user_id.to_string(), &p.name, &query.author))
            .collect(),
        sorts: vec![
            choice("updated", &tr.t("dash-articles-sort-updated"), &query.sort),
            choice(
                "published",
                &tr.t("dash-articles-sort-published"),
                &query.sort,
            ),
        ],
        q: query.q.clone(),
        prev: (filter.page > 1).then(|| page_link(&base, &query, filter.page - 1)),
        next: (filter.page < pages).then(|| page_link(&base, &query, filter.page + 1)),
        page: filter.page,
        pages,
    };
    crate::web::html(StatusCode::OK, &page)
}

/// `GET /dashboard/{org}/articles`.
pub async fn list(
    ctx: Ctx,
    m: Member,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(ctx, &m, query.into_inner(), false).await
}

/// `GET /dashboard/{org}/review`: articles waiting for review (editors and owners).
pub async fn review(
    ctx: Ctx,
    m: Can<perm::ManageArticles>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(ctx, &m, query.into_inner(), true).await
}
