//! `import articles` and `demo`.

use super::{Failure, app_error, open, usage};
use crate::config::Settings;
use crate::db::{self, orgs};
use crate::domain::OrgSlug;

pub(super) fn import_articles(
    settings: &Settings,
    file: &std::path::Path,
    org: &str,
    publish: bool,
) -> Result<(), Failure> {
    use crate::import;
    let shown = file.display().to_string();
    let (reader, size): (Box<dyn std::io::BufRead>, Option<u64>) = if shown == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(file).map_err(|e| usage("FILE", &shown, e.to_string()))?;
        let size = f.metadata().ok().map(|m| m.len());
        (
            Box::new(std::io::BufReader::with_capacity(1 << 20, f)),
            size,
        )
    };
    let db = open(settings)?;
    let organization = {
        let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
        orgs::by_slug(&mut conn, org)
            .map_err(|e| app_error(e, |_| ""))?
            .ok_or_else(|| usage("--org", org, "no organization has this slug"))?
    };
    let bar = match size {
        Some(n) => indicatif::ProgressBar::new(n),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let report = import::import_articles(
        &db,
        organization.id,
        reader,
        import::Options { publish },
        |bytes, r| {
            bar.set_position(bytes);
            bar.set_message(format!(
                "{} imported, {} skipped, {} failed",
                r.imported,
                r.skipped,
                r.failed.len()
            ));
        },
    )
    .map_err(|e| app_error(e, |_| ""))?;
    bar.finish_and_clear();
    for f in &report.failed {
        match &f.id {
            Some(id) => eprintln!("line {} (id {id}): {}", f.line, f.reason),
            None => eprintln!("line {}: {}", f.line, f.reason),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{shown}: {} imported, {} skipped (already imported), {} failed in {secs:.1} s{}",
        report.imported,
        report.skipped,
        report.failed.len(),
        if publish { " (published)" } else { " (drafts)" }
    );
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(Failure(
            format!(
                "{} line(s) could not be imported; see above",
                report.failed.len()
            ),
            1,
        ))
    }
}

pub(super) fn import_subscribers(
    settings: &Settings,
    file: &std::path::Path,
    org: &str,
    consent: bool,
) -> Result<(), Failure> {
    use crate::import::subscribers;
    let shown = file.display().to_string();
    let reader: Box<dyn std::io::Read> = if shown == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).map_err(|e| usage("FILE", &shown, e.to_string()))?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, f))
    };
    let db = open(settings)?;
    let organization = {
        let mut conn = db.get().map_err(|e| app_error(e, |_| ""))?;
        orgs::by_slug(&mut conn, org)
            .map_err(|e| app_error(e, |_| ""))?
            .ok_or_else(|| usage("--org", org, "no organization has this slug"))?
    };
    let writer =
        crate::startup::letters_writer(settings).map_err(|e| Failure(format!("{e:#}"), 1))?;
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    let started = std::time::Instant::now();
    let report = subscribers::import(
        &db,
        &organization,
        reader,
        subscribers::Options { consent },
        &writer,
        |rows| bar.set_message(format!("{rows} lines read")),
    )
    .map_err(|e| app_error(e, |_| "FILE"))?;
    bar.finish_and_clear();
    for p in &report.problems {
        let what = if p.skipped { "skipped" } else { "failed" };
        eprintln!(
            "line {} ({}): {what}: {}",
            p.line,
            if p.email.is_empty() {
                "-".to_owned()
            } else {
                p.email.escape_debug().to_string()
            },
            crate::error::en(&p.msg)
        );
    }
    if !report.ignored_columns.is_empty() {
        eprintln!("ignored columns: {}", report.ignored_columns.join(", "));
    }
    let secs = started.elapsed().as_secs_f64();
    let skipped = report.problems.len() - report.failed();
    eprintln!(
        "{shown} ({}): {} lines, {} imported{}, {} updated, {skipped} skipped, {} failed in {secs:.1} s",
        report.encoding.map_or("?", |e| e.name()),
        report.rows,
        report.imported,
        if consent {
            " as active".to_owned()
        } else {
            format!(
                " as pending ({} confirmations queued)",
                report.confirmations
            )
        },
        report.updated,
        report.failed(),
    );
    if report.failed() == 0 {
        Ok(())
    } else {
        Err(Failure(
            format!(
                "{} line(s) could not be imported; see above",
                report.failed()
            ),
            1,
        ))
    }
}

pub(super) fn demo(settings: &Settings, org: &str) -> Result<(), Failure> {
    let slug = OrgSlug::parse(org).map_err(|m| usage("--org", org, m))?;
    let db = open(settings)?;
    let store = crate::media::MediaStore::new(settings.media_dir());
    let report = crate::demo::run(&db, &store, settings.media_max_bytes(), &slug, db::now())
        .map_err(|e| app_error(e, |_| "--org"))?;
    let site = settings.public_url.as_ref().map_or_else(
        || format!("http://{}", settings.bind),
        |u| u.as_str().trim_end_matches('/').to_owned(),
    );
    eprint!("{}", report.describe(&site));
    Ok(())
}

/// `qiao reindex`: a progress bar on stderr, the count on the last line.
pub(super) fn reindex(settings: &Settings) -> Result<(), Failure> {
    let db = open(settings)?;
    actix_web::rt::System::new().block_on(async move {
        let engine = crate::startup::open_search(settings).await?;
        let bar = indicatif::ProgressBar::new(0);
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} articles ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let started = std::time::Instant::now();
        let done = crate::search::sync::reindex(
            &engine,
            &db,
            std::time::Duration::from_secs(120),
            |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            },
        )
        .await
        .map_err(|e| app_error(e, |_| ""))?;
        bar.finish_and_clear();
        eprintln!(
            "reindexed {} articles into {} in {:.1}s",
            done.articles,
            engine.name(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
}
