//! `qiao import articles FILE.jsonl`: one JSON object per line, in the format of the shared
//! corpus (`id`, `title`, `language`, `category`, `published_at`, `source`, `body_markdown`).
//!
//! The file is streamed in batches: memory depends on the batch, not on the file. Bodies are
//! rendered on every core, articles are written one transaction each, so a bad line fails
//! alone. The line's `id` is the import key: a second run skips what the first imported.

use std::io::BufRead;

use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

use crate::db::articles::{self, Created, Origin};
use crate::render::body::RenderedBody;
use diesel::Connection as _;

use crate::db::{self, Db};
use crate::domain::{ArticleFields, ArticleInput, Status};
use crate::error::AppError;

/// Lines read, rendered and written together.
const BATCH: usize = 64;
/// The longest line accepted (the body limit plus room for JSON escapes).
const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// One line of the file.
#[derive(Debug, Deserialize)]
struct Line {
    id: String,
    title: String,
    language: String,
    category: String,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    body_markdown: String,
}

/// What to do with imported articles.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Publish them (at the line's `published_at`, or now); otherwise they are drafts.
    pub publish: bool,
}

/// A line that could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line number.
    pub line: usize,
    /// The line's id, when it could be read.
    pub id: Option<String>,
    /// Why.
    pub reason: String,
}

/// The outcome of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// New articles.
    pub imported: usize,
    /// Lines whose id was imported before.
    pub skipped: usize,
    /// Lines that failed, with the reason.
    pub failed: Vec<Failure>,
    /// Blank lines ignored.
    pub blank: usize,
}

struct Parsed {
    line: usize,
    id: String,
    input: ArticleInput,
    published_at: Option<NaiveDateTime>,
}

fn parse_line(line_no: usize, raw: &[u8]) -> Result<Parsed, Failure> {
    let fail = |id: Option<String>, reason: String| Failure {
        line: line_no,
        id,
        reason,
    };
    let text = std::str::from_utf8(raw).map_err(|e| {
        fail(
            None,
            format!("not valid UTF-8 (at byte {})", e.valid_up_to()),
        )
    })?;
    let line: Line =
        serde_json::from_str(text).map_err(|e| fail(None, format!("not a valid article: {e}")))?;
    // A NUL can only come as the escape \u0000; the full check runs only when that text is there.
    if text.contains("\\u0000")
        && serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| crate::domain::text::in_json(&v))
    {
        return Err(fail(
            Some(line.id.trim().to_owned()),
            format!("a field {}", crate::domain::text::NUL_MESSAGE),
        ));
    }
    let id = line.id.trim().to_owned();
    if id.is_empty() || id.len() > 200 {
        return Err(fail(None, "`id` must have 1 to 200 characters".to_owned()));
    }
    let published_at = match line.published_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            DateTime::parse_from_rfc3339(s)
                .map(|t| db::truncate(t.naive_utc()))
                .map_err(|e| {
                    fail(
                        Some(id.clone()),
                        format!("published_at: “{s}” is not an RFC 3339 time ({e})"),
                    )
                })?,
        ),
    };
    let fields = ArticleFields {
        title: line.title,
        summary: line.summary.unwrap_or_default(),
        body_markdown: line.body_markdown,
        category: line.category,
        tags: line.tags.join(","),
        language: line.language,
        source_url: line.source_url.unwrap_or_default(),
        ..ArticleFields::default()
    };
    let input = fields
        .parse()
        .map_err(|errors| fail(Some(id.clone()), errors.to_string()))?;
    Ok(Parsed {
        line: line_no,
        id,
        input,
        published_at,
    })
}

/// Renders a batch on every core, keeping the order.
fn render_all(batch: &[Parsed]) -> Result<Vec<RenderedBody>, AppError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let chunk = batch.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| {
                            crate::render::body::render(&p.input.body_markdown, &p.input.summary)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(batch.len());
        for h in handles {
            let part = h
                .join()
                .map_err(|_| AppError::Unexpected(anyhow::anyhow!("a render thread panicked")))?;
            out.extend(part);
        }
        Ok(out)
    })
}

/// Imports every line of `reader` into the organization. `progress` is called with the
/// number of bytes read so far after each batch. Reading and rendering happen on this thread
/// (rendering fanned out to every core) while a writer thread stores the previous batch.
pub fn import_articles(
    db: &Db,
    org_id: i64,
    mut reader: impl BufRead,
    options: Options,
    mut progress: impl FnMut(u64, &Report),
) -> Result<Report, AppError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut report = Report::default();
    let mut conn = db.get()?;
    let writer_conn = db.get()?;
    let imported = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<Parsed>, Vec<RenderedBody>)>(2);
    std::thread::scope(|scope| {
        let imported = &imported;
        let writer = scope.spawn(move || write_batches(writer_conn, org_id, options, rx, imported));
        let mut line_no = 0usize;
        let mut bytes_read = 0u64;
        let mut buf = Vec::new();
        let mut eof = false;
        let read_result: Result<(), AppError> = (|| {
            while !eof {
                let mut batch: Vec<Parsed> = Vec::with_capacity(BATCH);
                while batch.len() < BATCH {
                    buf.clear();
                    let n = read_line(&mut reader, &mut buf).map_err(|e| {
                        AppError::Unexpected(anyhow::Error::new(e).context("reading the file"))
                    })?;
                    if n == 0 {
                        eof = true;
                        break;
                    }
                    bytes_read += n as u64;
                    line_no += 1;
                    if buf.len() > MAX_LINE_BYTES {
                        report.failed.push(Failure {
                            line: line_no,
                            id: None,
                            reason: format!("the line is longer than {} MB", MAX_LINE_BYTES >> 20),
                        });
                        continue;
                    }
                    let trimmed = buf.trim_ascii();
                    if trimmed.is_empty() {
                        report.blank += 1;
                        continue;
                    }
                    match parse_line(line_no, trimmed) {
                        Ok(p) => batch.push(p),
                        Err(f) => report.failed.push(f),
                    }
                }
                if !batch.is_empty() {
                    // Skip what an earlier run imported before spending time rendering it.
                    let keys: Vec<&str> = batch.iter().map(|p| p.id.as_str()).collect();
                    let known = articles::imported_keys(&mut conn, org_id, &keys)?;
                    let before = batch.len();
                    batch.retain(|p| !known.contains(&p.id));
                    report.skipped += before - batch.len();
                    let bodies = render_all(&batch)?;
                    if tx.send((batch, bodies)).is_err() {
                        // The writer stopped; its error is reported below.
                        break;
                    }
                }
                report.imported = imported.load(Ordering::Relaxed);
                progress(bytes_read, &report);
            }
            Ok(())
        })();
        drop(tx);
        let written = writer
            .join()
            .map_err(|_| AppError::Unexpected(anyhow::anyhow!("the import writer panicked")))?;
        read_result?;
        let tally = written?;
        report.imported = tally.imported;
        report.skipped += tally.skipped;
        report.failed.extend(tally.failed);
        report.failed.sort_by_key(|f| f.line);
        progress(bytes_read, &report);
        Ok(report)
    })
}

#[derive(Default)]
struct Tally {
    imported: usize,
    skipped: usize,
    failed: Vec<Failure>,
}

fn write_batches(
    mut conn: db::PooledConnection,
    org_id: i64,
    options: Options,
    rx: std::sync::mpsc::Receiver<(Vec<Parsed>, Vec<RenderedBody>)>,
    imported: &std::sync::atomic::AtomicUsize,
) -> Result<Tally, AppError> {
    let mut tally = Tally::default();
    for (batch, bodies) in rx {
        // One transaction per batch (a commit per article would make PostgreSQL wait for a
        // disk flush each time), one savepoint per article so that a failing line rolls back
        // alone.
        let now = db::now();
        let (ok, skipped, failed) = db::write_tx(&mut conn, |conn| {
            let mut ok = 0;
            let mut skipped = 0;
            let mut failed = Vec::new();
            for (p, body) in batch.iter().zip(&bodies) {
                let origin = Origin {
                    author_id: None,
                    status: if options.publish {
                        Status::Published
                    } else {
                        Status::Draft
                    },
                    published_at: options.publish.then(|| p.published_at.unwrap_or(now)),
                    import_key: Some(p.id.clone()),
                };
                let one = conn.transaction(|conn| {
                    articles::insert_rendered(conn, org_id, &p.input, body, &origin, now)
                });
                match one {
                    Ok(Created::New(_)) => ok += 1,
                    // The same id twice in one file: the first wins.
                    Ok(Created::Exists(_)) => skipped += 1,
                    Err(AppError::Unexpected(e)) => return Err(AppError::Unexpected(e)),
                    Err(e) => failed.push(Failure {
                        line: p.line,
                        id: Some(p.id.clone()),
                        reason: match e {
                            AppError::Validation(f) => f.to_string(),
                            other => crate::error::en(&other.public_message()),
                        },
                    }),
                }
            }
            Ok((ok, skipped, failed))
        })?;
        tally.imported += ok;
        tally.skipped += skipped;
        tally.failed.extend(failed);
        imported.store(tally.imported, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(tally)
}

/// Reads one line (through `\n`) as bytes, so invalid UTF-8 fails that line only. Stops
/// storing past the limit but keeps reading to the end of the line.
fn read_line(reader: &mut impl BufRead, out: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (used, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if out.len() <= MAX_LINE_BYTES {
            out.extend_from_slice(&available[..used]);
        }
        reader.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fail_alone_with_a_reason() {
        let ok = br#"{"id":"a1","title":"T","language":"en","category":"news","published_at":"2020-01-02T03:04:05Z","source":"x","body_markdown":"Hi"}"#;
        let p = parse_line(1, ok).expect("valid");
        assert_eq!(p.id, "a1");
        assert_eq!(
            p.published_at.map(|t| t.to_string()).as_deref(),
            Some("2020-01-02 03:04:05")
        );
        let cases: [(&[u8], &str); 5] = [
            (b"{not json", "not a valid article"),
            (b"\xff\xfe{}", "not valid UTF-8"),
            (
                br#"{"id":"b","title":"T","language":"en","category":"sports","body_markdown":""}"#,
                "category",
            ),
            (
                br#"{"id":"c","title":"T","language":"en","category":"news","published_at":"yesterday","body_markdown":""}"#,
                "published_at",
            ),
            (
                br#"{"id":"","title":"T","language":"en","category":"news","body_markdown":""}"#,
                "`id`",
            ),
        ];
        for (raw, expected) in cases {
            let f = parse_line(7, raw).err().expect("fails");
            assert_eq!(f.line, 7);
            assert!(f.reason.contains(expected), "{expected}: {}", f.reason);
        }
    }

    #[test]
    fn long_lines_are_cut_but_consumed() {
        let mut data = vec![b'x'; MAX_LINE_BYTES + 10];
        data.push(b'\n');
        data.extend_from_slice(b"next\n");
        let mut r = std::io::BufReader::new(&data[..]);
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut r, &mut buf).expect("read"),
            MAX_LINE_BYTES + 11
        );
        assert!(buf.len() > MAX_LINE_BYTES);
        buf.clear();
        read_line(&mut r, &mut buf).expect("read");
        assert_eq!(buf, b"next\n");
    }
}
