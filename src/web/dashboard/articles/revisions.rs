//! Revisions: compare two, restore one.

use super::*;

/// Which revisions to compare.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompareQuery {
    a: Option<i64>,
    b: Option<i64>,
}

/// `GET /dashboard/{org}/articles/{id}/revisions?a=&b=`.
pub async fn revisions(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64)>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let (a, _) = load(&ctx, &m, path.1).await?;
    let (id, r) = (a.id, a.reference());
    let revs = ctx.state.db.run(move |c| articles::revisions(c, r)).await?;
    // Default: the newest against the one before it.
    let b = query.b.or_else(|| revs.first().map(|r| r.id)).unwrap_or(0);
    let older = query.a.or_else(|| revs.get(1).map(|r| r.id)).unwrap_or(0);
    let find = |rid: i64| revs.iter().find(|r| r.id == rid);
    let diff = match (find(older), find(b)) {
        (Some(x), Some(y)) => {
            let (x, y) = if x.id <= y.id { (x, y) } else { (y, x) };
            let left = format!("# {}\n\n{}\n\n{}\n", x.title, x.summary, x.body_markdown);
            let right = format!("# {}\n\n{}\n\n{}\n", y.title, y.summary, y.body_markdown);
            diff_lines(&left, &right)
        }
        _ if query.a.is_some() || query.b.is_some() => return Err(AppError::NotFound),
        _ => Vec::new(),
    };
    let tz = m.org.timezone;
    let mut layout = ctx.member_layout(&m, "", "articles").await?;
    layout.title = layout.tr.t("dash-revisions");
    let (tr, now) = (layout.tr.clone(), crate::db::now());
    let page = RevisionsPage {
        layout,
        slug: m.org.slug.clone(),
        article_id: id,
        title: a.title.clone(),
        can_edit: check_edit(&m, &a).is_ok(),
        a: older.min(b),
        b: older.max(b),
        revisions: revs
            .iter()
            .map(|r| RevisionRow {
                id: r.id,
                author: r.author_name.clone().unwrap_or_else(|| "—".to_owned()),
                when: crate::render::format::When::new(&tr, r.created_at, tz, now),
                title: r.title.clone(),
                autosave: r.autosave,
            })
            .collect(),
        diff,
    };
    crate::web::html(StatusCode::OK, &page)
}

/// A form with nothing but the CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /dashboard/{org}/articles/{id}/revisions/{rev}/restore`: the revision's title, summary
/// and text become the article's, as a new revision.
pub async fn restore(
    ctx: Ctx,
    m: Member,
    path: web::Path<(String, i64, i64)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (_, id, rev_id) = path.into_inner();
    let (a, tags) = load(&ctx, &m, id).await?;
    check_edit(&m, &a)?;
    let r = a.reference();
    let rev = ctx
        .state
        .db
        .run(move |c| articles::revision(c, r, rev_id))
        .await?;
    let mut fields = a.fields(&tags);
    fields.title = rev.title;
    fields.summary = rev.summary;
    fields.body_markdown = rev.body_markdown;
    let input = fields.parse().map_err(AppError::Validation)?;
    let by = SaveBy {
        user_id: Some(m.user.id),
        autosave: false,
    };
    let body = crate::web::render_body(&input).await?;
    ctx.state
        .db
        .run(move |c| articles::update(c, r, &input, &body, None, by, db::now()))
        .await?;
    session::flash(
        &ctx.session,
        Flash::success(ctx.tr_member(&m).t("flash-revision-restored")),
    );
    Ok(crate::web::see_other(&edit_url(&m, id)))
}
