//! `qiao import subscribers FILE.csv --org S [--consent]`, and the dashboard's upload page.
//!
//! The first line names the columns: `email` (required), `name`, `tags` (separated by `,` `;`
//! `、`), `categories` (culture, news, promotion), `digest` (none, daily, weekly), `language`
//! (en, zh-Hans, zh-Hant); Chinese headers as Excel users write them (邮箱, 姓名, 标签 …) work
//! too. The file may be UTF-8 (with or without a BOM) or GBK/GB18030, which Excel writes on
//! Chinese Windows: the first 64 KB decide, and the report says which was read.
//!
//! Streamed in batches of [`BATCH`] rows, each one transaction: memory depends on the batch
//! (and the set of addresses seen, to report duplicates), not on the file. Every line that
//! cannot be imported is reported with its number and why; the others are imported. An address
//! on the suppression list (unsubscribed, bounced, complained) is never imported again. With
//! `consent` the people are active at once (the importer vouches they agreed); without it
//! each new address is pending and gets a confirmation message, like the follow box.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use crate::db::orgs::Organization;
use crate::db::subscribers::{self, FollowMail, NewSubscriber};
use crate::db::{self, Db, subscriber_tags};
use crate::delivery::letters::Writer;
use crate::domain::{Categories, Digest, EmailAddress, Locale, SubscriberStatus, TagName};
use crate::error::{AppError, Msg};

/// Rows written per transaction.
pub const BATCH: usize = 500;
/// Bytes looked at to tell the encoding.
const SNIFF: usize = 64 * 1024;
/// The longest name kept, in characters.
const NAME_MAX: usize = 100;

/// How to import.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The importer vouches that these people agreed: import them as active.
    pub consent: bool,
}

/// The file's encoding, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK or its superset GB18030.
    Gbk,
}

impl Encoding {
    /// As the report names it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK (GB18030)",
        }
    }
}

/// A line not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the file.
    pub line: u64,
    /// The address on it, as written (may be empty or invalid).
    pub email: String,
    pub msg: Msg,
    /// Left out on purpose (a duplicate, a suppressed address) rather than refused.
    pub skipped: bool,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub encoding: Option<Encoding>,
    /// Data lines read (the header not counted).
    pub rows: u64,
    /// New subscribers.
    pub imported: u64,
    /// Addresses the organization had already: their details updated, tags added.
    pub updated: u64,
    /// Confirmation messages queued (new subscribers without consent).
    pub confirmations: u64,
    pub problems: Vec<Problem>,
    /// Columns of the header qiao does not know (ignored).
    pub ignored_columns: Vec<String>,
}

impl Report {
    /// Lines refused (not counting the ones skipped on purpose).
    pub fn failed(&self) -> usize {
        self.problems.iter().filter(|p| !p.skipped).count()
    }
}

/// Which column holds what.
#[derive(Debug, Default)]
struct Columns {
    email: usize,
    name: Option<usize>,
    tags: Option<usize>,
    categories: Option<usize>,
    digest: Option<usize>,
    language: Option<usize>,
}

fn columns(header: &[String], report: &mut Report) -> Result<Columns, AppError> {
    let mut found: HashMap<&'static str, usize> = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let key = raw.trim().to_lowercase();
        let known = match key.as_str() {
            "email" | "e-mail" | "email address" | "邮箱" | "电子邮箱" | "电子邮件" | "郵箱"
            | "電子郵件" => Some("email"),
            "name" | "姓名" | "名字" | "称呼" | "稱呼" => Some("name"),
            "tags" | "tag" | "标签" | "標籤" => Some("tags"),
            "categories" | "category" | "分类" | "分類" => Some("categories"),
            "digest" | "摘要" => Some("digest"),
            "language" | "locale" | "语言" | "語言" => Some("language"),
            _ => None,
        };
        match known {
            Some(k) => {
                found.entry(k).or_insert(i);
            }
            None if !key.is_empty() => report.ignored_columns.push(raw.trim().to_owned()),
            None => {}
        }
    }
    let email = *found
        .get("email")
        .ok_or_else(|| AppError::BadRequest(Msg::new("error-import-no-email")))?;
    Ok(Columns {
        email,
        name: found.get("name").copied(),
        tags: found.get("tags").copied(),
        categories: found.get("categories").copied(),
        digest: found.get("digest").copied(),
        language: found.get("language").copied(),
    })
}

/// One good line.
#[derive(Debug)]
struct Row {
    line: u64,
    email: EmailAddress,
    name: String,
    tags: Vec<TagName>,
    categories: Option<Categories>,
    digest: Option<Digest>,
    locale: Option<Locale>,
}

fn parse_row(cols: &Columns, fields: &[String], line: u64) -> Result<Row, (String, Msg)> {
    let get = |i: Option<usize>| {
        i.and_then(|i| fields.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    let raw_email = get(Some(cols.email));
    let fail = |msg: Msg| (raw_email.to_owned(), msg);
    let email = EmailAddress::parse(raw_email).map_err(fail)?;
    let name = crate::delivery::message::one_line(get(cols.name));
    if name.chars().count() > NAME_MAX {
        return Err(fail(
            Msg::new("error-import-name-long").arg("max", NAME_MAX),
        ));
    }
    let tags = TagName::parse_list(get(cols.tags)).map_err(|m| {
        // The list's own limit speaks of articles; a subscriber's is the same number.
        if m.key() == "error-tags-many" {
            fail(
                Msg::new("error-subscriber-tags-subscriber")
                    .arg("max", subscriber_tags::MAX_PER_SUBSCRIBER),
            )
        } else {
            fail(m)
        }
    })?;
    if tags.len() as i64 > subscriber_tags::MAX_PER_SUBSCRIBER {
        return Err(fail(
            Msg::new("error-subscriber-tags-subscriber")
                .arg("max", subscriber_tags::MAX_PER_SUBSCRIBER),
        ));
    }
    let categories = match get(cols.categories) {
        "" => None,
        v => Some(Categories::parse_list(v).map_err(fail)?).filter(|c| *c != Categories::NONE),
    };
    let digest = match get(cols.digest) {
        "" => None,
        v => Some(v.to_lowercase().parse::<Digest>().map_err(fail)?),
    };
    let locale = match get(cols.language) {
        "" => None,
        v => Some(
            Locale::exact(v)
                .or_else(|| Locale::from_tag(v))
                .ok_or_else(|| fail(Msg::new("error-locale-unknown").arg("value", v)))?,
        ),
    };
    Ok(Row {
        line,
        email,
        name,
        tags,
        categories,
        digest,
        locale,
    })
}

/// Reads the first bytes and tells the encoding; `Err` when the file is neither UTF-8 nor GBK.
fn sniff(head: &[u8]) -> Result<Encoding, AppError> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(AppError::BadRequest(Msg::new("error-import-utf16")));
    }
    match std::str::from_utf8(head) {
        Ok(_) => return Ok(Encoding::Utf8),
        // Cut inside a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => return Ok(Encoding::Utf8),
        Err(_) => {}
    }
    let (_, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(head);
    if had_errors {
        return Err(AppError::BadRequest(Msg::new("error-import-encoding")));
    }
    Ok(Encoding::Gbk)
}

/// Imports the CSV in `input` into `org`; `progress` hears the lines read after each batch.
/// Confirmation messages are written by `writer` and queued with the rows.
pub fn import(
    db: &Db,
    org: &Organization,
    mut input: impl Read,
    options: Options,
    writer: &Writer,
    mut progress: impl FnMut(u64),
) -> Result<Report, AppError> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut input)
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("reading the file: {e}")))?;
    let mut report = Report::default();
    let encoding = sniff(&head)?;
    report.encoding = Some(encoding);
    let chained = std::io::Cursor::new(head).chain(input);
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(match encoding {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gbk => encoding_rs::GB18030,
        }))
        .bom_override(true)
        .strip_bom(true)
        .build(chained);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(decoded);
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_owned).collect(),
        Some(Err(e)) => return Err(unreadable(&e)),
        None => return Err(AppError::BadRequest(Msg::new("error-import-empty"))),
    };
    let cols = columns(&header, &mut report)?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    let mut tag_ids: HashMap<String, i64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.rows += 1;
                report.problems.push(Problem {
                    line,
                    email: String::new(),
                    msg: Msg::new("error-import-line").arg("value", e.to_string()),
                    skipped: false,
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(unreadable(&e));
                }
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let row = match parse_row(&cols, &fields, line) {
            Ok(row) => row,
            Err((email, msg)) => {
                report.problems.push(Problem {
                    line,
                    email,
                    msg,
                    skipped: false,
                });
                continue;
            }
        };
        if let Some(first) = seen.get(row.email.as_str()) {
            report.problems.push(Problem {
                line,
                email: row.email.as_str().to_owned(),
                msg: Msg::new("import-duplicate").arg("line", *first),
                skipped: true,
            });
            continue;
        }
        seen.insert(row.email.as_str().to_owned(), line);
        batch.push(row);
        if batch.len() == BATCH {
            write_batch(
                db,
                org,
                &mut batch,
                options,
                writer,
                &mut tag_ids,
                &mut report,
            )?;
            progress(report.rows);
        }
    }
    write_batch(
        db,
        org,
        &mut batch,
        options,
        writer,
        &mut tag_ids,
        &mut report,
    )?;
    progress(report.rows);
    report.problems.sort_by_key(|p| p.line);
    Ok(report)
}

fn unreadable(e: &csv::Error) -> AppError {
    AppError::BadRequest(Msg::new("error-import-unreadable").arg("value", e.to_string()))
}

/// Writes one batch in one transaction and empties it.
fn write_batch(
    db: &Db,
    org: &Organization,
    batch: &mut Vec<Row>,
    options: Options,
    writer: &Writer,
    tag_ids: &mut HashMap<String, i64>,
    report: &mut Report,
) -> Result<(), AppError> {
    if batch.is_empty() {
        return Ok(());
    }
    let rows = std::mem::take(batch);
    let mut conn = db.get()?;
    let outcome = db::write_tx(&mut conn, |c| {
        write_rows(c, org, &rows, options, writer, tag_ids)
    })?;
    report.imported += outcome.imported;
    report.updated += outcome.updated;
    report.confirmations += outcome.confirmations;
    report.problems.extend(outcome.problems);
    Ok(())
}

#[derive(Default)]
struct Outcome {
    imported: u64,
    updated: u64,
    confirmations: u64,
    problems: Vec<Problem>,
}

fn write_rows(
    c: &mut db::DbConnection,
    org: &Organization,
    rows: &[Row],
    options: Options,
    writer: &Writer,
    tag_ids: &mut HashMap<String, i64>,
) -> Result<Outcome, AppError> {
    let now = db::now();
    let mut out = Outcome::default();
    if let db::DbConnection::Pg(pg) = c {
        // The lookups below take lists of 500 addresses (`= ANY($1)`). A cached generic plan
        // made while the table was small scans it whole, and the import slows with every
        // batch it adds (11 s instead of 2 for 20,000 rows into a new database): plan each
        // batch for the table as it is.
        use diesel::RunQueryDsl as _;
        diesel::sql_query("SET LOCAL plan_cache_mode = force_custom_plan").execute(pg)?;
    }
    let emails: Vec<String> = rows.iter().map(|r| r.email.as_str().to_owned()).collect();
    let suppressed = subscribers::suppressed_among(c, org.id, &emails)?;
    let existing: HashMap<String, subscribers::Subscriber> =
        subscribers::by_emails(c, org.id, &emails)?
            .into_iter()
            .map(|s| (s.email.clone(), s))
            .collect();
    let mut fresh = Vec::new();
    let mut wanted: Vec<&Row> = Vec::new();
    for row in rows {
        let email = row.email.as_str();
        if let Some(reason) = suppressed.get(email) {
            out.problems.push(Problem {
                line: row.line,
                email: email.to_owned(),
                msg: Msg::new("import-suppressed").arg("reason", reason.as_str()),
                skipped: true,
            });
            continue;
        }
        if let Some(sub) = existing.get(email) {
            subscribers::update_details(
                c,
                sub.id,
                Some(&row.name),
                row.categories,
                row.digest,
                row.locale,
                now,
            )?;
            out.updated += 1;
        } else {
            let status = if options.consent {
                SubscriberStatus::Active
            } else {
                SubscriberStatus::Pending
            };
            fresh.push(NewSubscriber {
                org_id: org.id,
                email: email.to_owned(),
                name: row.name.clone(),
                status: status.as_str().to_owned(),
                locale: row.locale.map(|l| l.tag().to_owned()).unwrap_or_default(),
                digest: row.digest.unwrap_or_default().as_str().to_owned(),
                categories: row.categories.unwrap_or(Categories::ALL).bits(),
                confirmed_at: options.consent.then_some(now),
                confirm_sent_at: (!options.consent).then_some(now),
                source: "import".to_owned(),
                created_at: now,
                updated_at: now,
            });
        }
        wanted.push(row);
    }
    subscribers::insert_many(c, &fresh)?;
    let fresh_emails: HashSet<&str> = fresh.iter().map(|f| f.email.as_str()).collect();
    let wanted_emails: Vec<String> = wanted.iter().map(|r| r.email.as_str().to_owned()).collect();
    let now_there: HashMap<String, subscribers::Subscriber> =
        subscribers::by_emails(c, org.id, &wanted_emails)?
            .into_iter()
            .map(|s| (s.email.clone(), s))
            .collect();
    for sub in now_there
        .values()
        .filter(|s| fresh_emails.contains(s.email.as_str()))
    {
        out.imported += 1;
        if !options.consent {
            writer.queue_follow_mail(c, org, sub, FollowMail::Confirm, now)?;
            out.confirmations += 1;
        }
    }
    tag_rows(c, org.id, &wanted, &now_there, tag_ids, now, &mut out)?;
    if options.consent && out.imported > 0 {
        db::orgs::bump_content(c, org.id)?;
    }
    Ok(out)
}

/// Links each row's tags, creating tags the organization lacks (up to its limit) and keeping
/// each subscriber within theirs; a row whose tags cannot all be given is reported.
fn tag_rows(
    c: &mut db::DbConnection,
    org_id: i64,
    rows: &[&Row],
    subs: &HashMap<String, subscribers::Subscriber>,
    tag_ids: &mut HashMap<String, i64>,
    now: chrono::NaiveDateTime,
    out: &mut Outcome,
) -> Result<(), AppError> {
    let tagged: Vec<&&Row> = rows.iter().filter(|r| !r.tags.is_empty()).collect();
    if tagged.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = tagged
        .iter()
        .filter_map(|r| subs.get(r.email.as_str()).map(|s| s.id))
        .collect();
    let counts = subscriber_tags::counts_of(c, &ids)?;
    let mut pairs = Vec::new();
    for row in tagged {
        let Some(sub) = subs.get(row.email.as_str()) else {
            continue;
        };
        let mut mine = Vec::new();
        for tag in &row.tags {
            let id = match tag_ids.get(&tag.name) {
                Some(id) => *id,
                None => match subscriber_tags::ensure(c, org_id, std::slice::from_ref(tag), now) {
                    Ok(ids) => {
                        tag_ids.insert(tag.name.clone(), ids[0]);
                        ids[0]
                    }
                    Err(AppError::Conflict(msg)) => {
                        out.problems.push(Problem {
                            line: row.line,
                            email: row.email.as_str().to_owned(),
                            msg,
                            skipped: false,
                        });
                        continue;
                    }
                    Err(e) => return Err(e),
                },
            };
            mine.push(id);
        }
        let have = counts.get(&sub.id).copied().unwrap_or(0);
        if have + mine.len() as i64 > subscriber_tags::MAX_PER_SUBSCRIBER {
            out.problems.push(Problem {
                line: row.line,
                email: row.email.as_str().to_owned(),
                msg: Msg::new("error-subscriber-tags-subscriber")
                    .arg("max", subscriber_tags::MAX_PER_SUBSCRIBER),
                skipped: false,
            });
            continue;
        }
        pairs.extend(mine.into_iter().map(|t| (sub.id, t)));
    }
    subscriber_tags::link_many(c, &pairs)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_gbk_and_utf16_are_told_apart() {
        assert_eq!(
            sniff("email,name\n张三@例子.中国,张三\n".as_bytes()).ok(),
            Some(Encoding::Utf8)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("email,姓名\na@example.org,张三\n");
        assert_eq!(sniff(&gbk).ok(), Some(Encoding::Gbk));
        // A sample cut inside a character is still UTF-8.
        let text = "email\na@example.org,中".as_bytes();
        assert_eq!(sniff(&text[..text.len() - 1]).ok(), Some(Encoding::Utf8));
        assert!(sniff(&[0xFF, 0xFE, b'e', 0]).is_err());
        assert!(sniff(&[0x81, 0x20, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn headers_are_found_in_english_and_chinese_and_unknown_ones_reported() {
        let mut report = Report::default();
        let header: Vec<String> = ["姓名", "邮箱", "Hometown", "标签"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let cols = columns(&header, &mut report).expect("has an email column");
        assert_eq!((cols.email, cols.name, cols.tags), (1, Some(0), Some(3)));
        assert_eq!(report.ignored_columns, ["Hometown"]);
        let none = ["name".to_owned()];
        assert!(columns(&none, &mut report).is_err());
    }
}

/// One subscriber added by hand (the dashboard's form, the API).
#[derive(Clone, Debug)]
pub struct NewOne {
    pub email: EmailAddress,
    pub name: String,
    pub tags: Vec<TagName>,
    pub categories: Option<Categories>,
    pub digest: Option<Digest>,
    pub locale: Option<Locale>,
}

/// Adds `one` to `org`: active with `consent`, else pending with a confirmation queued. An
/// address the organization has, or never mails, is a conflict that says which; a tag past a
/// limit is a conflict too, and nothing is saved.
pub fn add_one(
    conn: &mut db::DbConnection,
    org: &Organization,
    one: &NewOne,
    consent: bool,
    writer: &Writer,
) -> Result<subscribers::Subscriber, AppError> {
    db::write_tx(conn, |c| {
        let now = db::now();
        let email = one.email.as_str();
        if let Some(reason) = subscribers::suppression(c, org.id, email)? {
            return Err(AppError::Conflict(
                Msg::new("import-suppressed").arg("reason", reason),
            ));
        }
        if subscribers::by_email(c, org.id, &one.email)?.is_some() {
            return Err(AppError::Conflict(
                Msg::new("error-subscriber-exists").arg("value", email),
            ));
        }
        let status = if consent {
            SubscriberStatus::Active
        } else {
            SubscriberStatus::Pending
        };
        subscribers::insert_many(
            c,
            &[NewSubscriber {
                org_id: org.id,
                email: email.to_owned(),
                name: crate::delivery::message::one_line(&one.name),
                status: status.as_str().to_owned(),
                locale: one.locale.map(|l| l.tag().to_owned()).unwrap_or_default(),
                digest: one.digest.unwrap_or_default().as_str().to_owned(),
                categories: one.categories.unwrap_or(Categories::ALL).bits(),
                confirmed_at: consent.then_some(now),
                confirm_sent_at: (!consent).then_some(now),
                source: "dashboard".to_owned(),
                created_at: now,
                updated_at: now,
            }],
        )?;
        let sub = subscribers::by_email(c, org.id, &one.email)?.ok_or(AppError::NotFound)?;
        if !one.tags.is_empty() {
            let ids = subscriber_tags::ensure(c, org.id, &one.tags, now)?;
            subscriber_tags::attach(c, sub.id, &ids)?;
        }
        if consent {
            db::orgs::bump_content(c, org.id)?;
        } else {
            writer.queue_follow_mail(c, org, &sub, FollowMail::Confirm, now)?;
        }
        Ok(sub)
    })
}
