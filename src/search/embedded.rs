//! The embedded engine: tantivy indexes in the data dir (`data/search/`), the default.
//!
//! Layout: `search/CURRENT` names the live generation, `search/gen-…/public` and
//! `search/gen-…/drafts` are its two indexes. A rebuild writes a new generation beside the
//! live one (marked `BUILDING` while it is written) and then replaces `CURRENT` with a rename;
//! a running server notices within a second and switches, and old generations are swept.
//!
//! Words come from [`super::text`] (folded to Simplified, jieba's words in search mode for
//! indexing), then lowercased and stemmed (English). Every query word must match (in the
//! title, summary, tags or body, weighted in that order); English words of five letters or
//! more also match with a typo (two from nine letters), a single Chinese character also
//! matches the words it starts, quoted text is a phrase. Queries are built as query objects,
//! never parsed from a string, so nothing a reader types is an operator.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use futures_util::future::BoxFuture;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query as TQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{DocAddress, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use super::text::{self, MARK_CLOSE, MARK_OPEN, Mode};
use super::{
    Batch, Document, Facets, Found, Hit, Index, Marked, Query, Rebuild, Scope, SearchEngine,
    SearchError, Sort,
};

const TOKENIZER: &str = "qiao";
/// Indexing memory of the public index's writer (two threads) and of the drafts' (one).
const PUBLIC_BUDGET: usize = 64 << 20;
const DRAFTS_BUDGET: usize = 20 << 20;
/// How often a search or a batch looks whether `CURRENT` names another generation.
const SWITCH_CHECK: Duration = Duration::from_secs(1);
/// A `BUILDING` generation older than this was abandoned (its rebuild died) and is swept.
const ABANDONED: Duration = Duration::from_secs(3600);
/// Query words used (the rest of a very long query is ignored).
const MAX_WORDS: usize = 32;
/// Characters of a snippet, and of context before its first highlighted word.
const SNIPPET_CHARS: usize = 160;
const LEAD_CHARS: usize = 30;

/// Title, summary, tags and body, with their weights.
const WEIGHTS: [f32; 4] = [4.0, 2.0, 1.5, 1.0];

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    status: Field,
    title: Field,
    summary: Field,
    tags: Field,
    body: Field,
    facet: Field,
    date: Field,
}

impl Fields {
    fn text(&self) -> [Field; 4] {
        [self.title, self.summary, self.tags, self.body]
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let searched = TextOptions::default().set_indexing_options(indexing);
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        status: b.add_text_field("status", STRING | STORED),
        title: b.add_text_field("title", searched.clone().set_stored()),
        summary: b.add_text_field("summary", searched.clone().set_stored()),
        tags: b.add_text_field("tags", searched.clone()),
        body: b.add_text_field("body", searched.set_stored()),
        facet: b.add_facet_field("facet", FacetOptions::default()),
        date: b.add_i64_field("date", INDEXED | FAST | STORED),
    };
    (b.build(), fields)
}

/// jieba's words of the folded text, at the original's offsets.
#[derive(Clone)]
struct Words {
    mode: Mode,
    tokens: Vec<Token>,
}

struct WordStream<'a> {
    tokens: &'a mut Vec<Token>,
    at: usize,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        let folded = text::fold(text);
        self.tokens.clear();
        for w in text::words(&folded, self.mode) {
            self.tokens.push(Token {
                offset_from: w.start,
                offset_to: w.end,
                position: w.position,
                text: w.text.to_owned(),
                position_length: 1,
            });
        }
        WordStream {
            tokens: &mut self.tokens,
            at: 0,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if self.at < self.tokens.len() {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.at.saturating_sub(1);
        &mut self.tokens[i]
    }
}

/// The analyzer for indexed text ([`Mode::Index`]) or queries ([`Mode::Query`]).
fn analyzer(mode: Mode) -> TextAnalyzer {
    TextAnalyzer::builder(Words {
        mode,
        tokens: Vec::new(),
    })
    .filter(RemoveLongFilter::limit(64))
    .filter(LowerCaser)
    .filter(Stemmer::new(Language::English))
    .build()
}

/// (term, position) of each word of `s`.
fn analyze(analyzer: &mut TextAnalyzer, s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(s);
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.position));
    }
    out
}

fn tantivy_err(e: tantivy::TantivyError) -> SearchError {
    SearchError::Failed(e.to_string())
}

fn io_err(what: &str, path: &Path, e: std::io::Error) -> SearchError {
    SearchError::Unavailable(format!("{what} {}: {e}", path.display()))
}

/// One tantivy index with its reader and (opened on first write) writer.
struct Part {
    index: tantivy::Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    budget: usize,
    threads: usize,
}

impl Part {
    fn open(dir: &Path, budget: usize, threads: usize) -> Result<Part, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| io_err("cannot create", dir, e))?;
        let mmap = MmapDirectory::open(dir).map_err(|e| SearchError::Unavailable(e.to_string()))?;
        let index = tantivy::Index::open_or_create(mmap, schema().0).map_err(tantivy_err)?;
        index
            .tokenizers()
            .register(TOKENIZER, analyzer(Mode::Index));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err)?;
        Ok(Part {
            index,
            reader,
            writer: Mutex::new(None),
            budget,
            threads,
        })
    }

    /// The writer, opened on first use.
    fn writer(&self) -> Result<std::sync::MutexGuard<'_, Option<IndexWriter>>, SearchError> {
        let mut guard = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(
                self.index
                    .writer_with_num_threads(self.threads, self.budget)
                    .map_err(tantivy_err)?,
            );
        }
        Ok(guard)
    }

    /// Runs `f` with the writer, then commits and reloads the reader.
    fn write(
        &self,
        f: impl FnOnce(&mut IndexWriter) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("opened by writer()");
        let result = f(writer).and_then(|()| writer.commit().map(|_| ()));
        if let Err(e) = result {
            // A failed batch leaves the writer's uncommitted changes behind: throw them away.
            let _ = writer.rollback();
            return Err(tantivy_err(e));
        }
        self.reader.reload().map_err(tantivy_err)
    }

    /// Commits and lets merges finish (the end of a rebuild).
    fn seal(&self) -> Result<(), SearchError> {
        let mut guard = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(mut w) = guard.take() {
            w.commit().map_err(tantivy_err)?;
            w.wait_merging_threads().map_err(tantivy_err)?;
        }
        Ok(())
    }
}

/// The two indexes of one generation.
struct Generation {
    name: String,
    dir: PathBuf,
    public: Part,
    drafts: Part,
    /// Set when another generation replaced this one: its directory goes with it.
    retired: AtomicBool,
}

impl Generation {
    fn open(root: &Path, name: &str) -> Result<Generation, SearchError> {
        let dir = root.join(name);
        Ok(Generation {
            name: name.to_owned(),
            public: Part::open(&dir.join("public"), PUBLIC_BUDGET, 2)?,
            drafts: Part::open(&dir.join("drafts"), DRAFTS_BUDGET, 1)?,
            dir,
            retired: AtomicBool::new(false),
        })
    }

    fn part(&self, index: Index) -> &Part {
        match index {
            Index::Public => &self.public,
            Index::Drafts => &self.drafts,
        }
    }
}

impl Drop for Generation {
    fn drop(&mut self) {
        if self.retired.load(Ordering::Relaxed) {
            for part in [&self.public, &self.drafts] {
                drop(
                    part.writer
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .take(),
                );
            }
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The embedded engine.
pub struct Embedded {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    fields: Fields,
    live: RwLock<Arc<Generation>>,
    checked: Mutex<Instant>,
}

fn read_current(root: &Path) -> Option<String> {
    let name = std::fs::read_to_string(root.join("CURRENT")).ok()?;
    let name = name.trim();
    (name.starts_with("gen-") && !name.contains(['/', '\\', '.'])).then(|| name.to_owned())
}

fn write_current(root: &Path, name: &str) -> Result<(), SearchError> {
    let tmp = root.join("CURRENT.tmp");
    std::fs::write(&tmp, name).map_err(|e| io_err("cannot write", &tmp, e))?;
    std::fs::rename(&tmp, root.join("CURRENT")).map_err(|e| io_err("cannot replace", &tmp, e))
}

/// Removes generations other than `live`, except one being built (not abandoned).
fn sweep(root: &Path, live: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("gen-") || name == live {
            continue;
        }
        let building = entry.path().join("BUILDING");
        let fresh = std::fs::metadata(&building)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age < ABANDONED);
        if !fresh {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn new_generation_name() -> String {
    let millis = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("gen-{millis}")
}

impl Embedded {
    /// Opens (or creates) the indexes under `root`.
    pub fn open(root: &Path) -> Result<Embedded, SearchError> {
        std::fs::create_dir_all(root).map_err(|e| io_err("cannot create", root, e))?;
        let name = match read_current(root) {
            Some(name) => name,
            None => {
                let name = new_generation_name();
                write_current(root, &name)?;
                name
            }
        };
        sweep(root, &name);
        let live = Generation::open(root, &name)?;
        Ok(Embedded {
            inner: Arc::new(Inner {
                root: root.to_owned(),
                fields: schema().1,
                live: RwLock::new(Arc::new(live)),
                checked: Mutex::new(Instant::now()),
            }),
        })
    }

    /// Runs `f` on the blocking pool (tantivy's work is CPU and disk).
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&inner))
            .await
            .map_err(|e| SearchError::Failed(format!("search task: {e}")))?
    }
}

impl Inner {
    /// The live generation, switching first when `CURRENT` names another one.
    fn live(&self) -> Arc<Generation> {
        let current = self
            .live
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        {
            let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
            if checked.elapsed() < SWITCH_CHECK {
                return current;
            }
            *checked = Instant::now();
        }
        match read_current(&self.root) {
            Some(name) if name != current.name => match Generation::open(&self.root, &name) {
                Ok(next) => {
                    let next = Arc::new(next);
                    let old = std::mem::replace(
                        &mut *self.live.write().unwrap_or_else(PoisonError::into_inner),
                        next.clone(),
                    );
                    old.retired.store(true, Ordering::Relaxed);
                    tracing::info!(generation = %name, "search index switched to a rebuilt one");
                    next
                }
                Err(e) => {
                    tracing::warn!(generation = %name, error = %e, "cannot open the rebuilt search index");
                    current
                }
            },
            _ => current,
        }
    }
}

fn to_doc(f: &Fields, d: &Document) -> TantivyDocument {
    {
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, d.id as u64);
        doc.add_text(f.status, &d.status);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.summary, &d.summary);
        for t in &d.tags {
            doc.add_text(f.tags, t);
            doc.add_facet(f.facet, Facet::from_path(["tag", t.as_str()]));
        }
        doc.add_text(f.body, &d.body);
        doc.add_facet(f.facet, Facet::from_path(["org", &d.org_id.to_string()]));
        doc.add_facet(f.facet, Facet::from_path(["category", d.category.as_str()]));
        doc.add_facet(f.facet, Facet::from_path(["language", d.language.as_str()]));
        doc.add_i64(f.date, d.date);
        doc
    }
}

impl Inner {
    fn apply_now(&self, batch: Batch) -> Result<(), SearchError> {
        let live = self.live();
        for index in Index::ALL {
            let deletes: Vec<i64> = batch
                .deletes
                .iter()
                .filter(|(i, _)| *i == index)
                .map(|(_, id)| *id)
                .collect();
            let upserts: Vec<&Document> = batch
                .upserts
                .iter()
                .filter(|d| d.index() == index)
                .collect();
            if deletes.is_empty() && upserts.is_empty() {
                continue;
            }
            let id = self.fields.id;
            live.part(index).write(|w| {
                for d in deletes {
                    w.delete_term(Term::from_field_u64(id, d as u64));
                }
                for d in upserts {
                    w.delete_term(Term::from_field_u64(id, d.id as u64));
                    w.add_document(to_doc(&self.fields, d))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    fn search_now(&self, q: &Query) -> Result<Found, SearchError> {
        let live = self.live();
        let plan = Plan::new(&self.fields, q);
        // A page past MAX_RESULTS has no hits but still says how many matched.
        let past = q.offset + q.limit.max(1) > super::MAX_RESULTS;
        let (offset, limit) = if past {
            (0, 1)
        } else {
            (q.offset, q.limit.max(1))
        };
        let mut found = self.page(&live, &plan, q, offset, limit)?;
        if past {
            found.hits.clear();
        }
        Ok(found)
    }

    fn page(
        &self,
        live: &Generation,
        plan: &Plan,
        q: &Query,
        offset: usize,
        limit: usize,
    ) -> Result<Found, SearchError> {
        match q.scope {
            Scope::Public { .. } => self.run(&live.public, plan, q, offset, limit, true),
            Scope::Editor { .. } => {
                let want = offset + limit;
                let a = self.run_keyed(&live.public, plan, q, want, Index::Public)?;
                let b = self.run_keyed(&live.drafts, plan, q, want, Index::Drafts)?;
                let total = a.0 + b.0;
                let mut all: Vec<(f64, Hit)> = a.1.into_iter().chain(b.1).collect();
                all.sort_by(|x, y| y.0.total_cmp(&x.0));
                let hits = all
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|(_, h)| h)
                    .collect();
                Ok(Found {
                    total,
                    hits,
                    facets: Facets::default(),
                })
            }
        }
    }

    /// One page of one index, with facet counts when `facets`.
    fn run(
        &self,
        part: &Part,
        plan: &Plan,
        q: &Query,
        offset: usize,
        limit: usize,
        facets: bool,
    ) -> Result<Found, SearchError> {
        let searcher = part.reader.searcher();
        let mut fc = FacetCollector::for_field("facet");
        for dim in ["/org", "/category", "/language", "/tag"] {
            fc.add_facet(dim);
        }
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (docs, total, counts) = if plan.newest(q) {
            let (d, n, c) = searcher
                .search(
                    &plan.query,
                    &(
                        top.order_by_fast_field::<i64>("date", Order::Desc),
                        Count,
                        fc,
                    ),
                )
                .map_err(tantivy_err)?;
            (d.into_iter().map(|(_, a)| a).collect::<Vec<_>>(), n, c)
        } else {
            let (d, n, c) = searcher
                .search(&plan.query, &(top.order_by_score(), Count, fc))
                .map_err(tantivy_err)?;
            (d.into_iter().map(|(_, a)| a).collect::<Vec<_>>(), n, c)
        };
        let mut out = Facets::default();
        if facets {
            for (facet, n) in counts.get("/org") {
                if let Some(id) = last(facet).and_then(|s| s.parse().ok()) {
                    out.org.push((id, n));
                }
            }
            for (dim, list) in [
                ("/category", &mut out.category),
                ("/language", &mut out.language),
                ("/tag", &mut out.tag),
            ] {
                for (facet, n) in counts.get(dim) {
                    if let Some(v) = last(facet) {
                        list.push((v.to_owned(), n));
                    }
                }
            }
            out.finish();
        }
        let mut hits = Vec::with_capacity(docs.len());
        for addr in docs {
            hits.push(self.hit(&searcher, addr, plan, Index::Public)?);
        }
        Ok(Found {
            total,
            hits,
            facets: out,
        })
    }

    /// The first `want` hits of one index with their order keys (score, or date).
    fn run_keyed(
        &self,
        part: &Part,
        plan: &Plan,
        q: &Query,
        want: usize,
        index: Index,
    ) -> Result<(usize, Vec<(f64, Hit)>), SearchError> {
        let searcher = part.reader.searcher();
        let top = TopDocs::with_limit(want.max(1));
        let (keyed, total): (Vec<(f64, DocAddress)>, usize) = if plan.newest(q) {
            let (d, n) = searcher
                .search(
                    &plan.query,
                    &(top.order_by_fast_field::<i64>("date", Order::Desc), Count),
                )
                .map_err(tantivy_err)?;
            (
                d.into_iter()
                    .map(|(k, a)| (k.unwrap_or(0) as f64, a))
                    .collect(),
                n,
            )
        } else {
            let (d, n) = searcher
                .search(&plan.query, &(top.order_by_score(), Count))
                .map_err(tantivy_err)?;
            (d.into_iter().map(|(k, a)| (f64::from(k), a)).collect(), n)
        };
        let mut out = Vec::with_capacity(keyed.len());
        for (key, addr) in keyed {
            out.push((key, self.hit(&searcher, addr, plan, index)?));
        }
        Ok((total, out))
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        plan: &Plan,
        index: Index,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr).map_err(tantivy_err)?;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let id = doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0) as i64;
        let mut highlighter = plan.highlighter.borrow_mut();
        let title = Marked(mark_all(&mut highlighter, text(f.title), &plan.terms));
        let snippet = snippet(&mut highlighter, text(f.body), plan)
            .unwrap_or_else(|| crop(&mark_all(&mut highlighter, text(f.summary), &plan.terms)));
        Ok(Hit {
            id,
            index,
            title,
            snippet: Marked(snippet),
        })
    }
}

fn last(facet: &Facet) -> Option<&str> {
    facet.to_path().last().copied()
}

/// A query turned into tantivy's objects, with the terms to highlight.
struct Plan {
    query: Box<dyn TQuery>,
    /// Analyzed query words (lowercased, stemmed), for highlighting.
    terms: HashSet<String>,
    /// Finds the query's words as typed (folded, any case) and their stems in a body: where
    /// to cut a snippet. Built once per search.
    finder: Option<aho_corasick::AhoCorasick>,
    /// The analyzer that finds the words to mark in a hit's text (one per search).
    highlighter: std::cell::RefCell<TextAnalyzer>,
    /// Whether anything was searched for (else: the latest).
    has_words: bool,
}

impl Plan {
    fn new(f: &Fields, q: &Query) -> Plan {
        let mut qa = analyzer(Mode::Query);
        let mut must: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        let mut terms = HashSet::new();
        let mut needles = Vec::new();
        let mut used = 0;
        let parts = text::parse_query(&q.text);
        let typed = !parts.is_empty();
        for part in parts {
            let (raw, phrase) = match &part {
                text::Part::Words(s) => (s.as_str(), false),
                text::Part::Phrase(s) => (s.as_str(), true),
            };
            for w in text::words(raw, Mode::Query) {
                needles.push(w.text.to_lowercase());
            }
            let words = analyze(&mut qa, raw);
            if words.is_empty() || used >= MAX_WORDS {
                continue;
            }
            let words: Vec<_> = words.into_iter().take(MAX_WORDS - used).collect();
            used += words.len();
            for (t, _) in &words {
                terms.insert(t.clone());
                needles.push(t.clone());
            }
            if phrase && words.len() > 1 {
                must.push((Occur::Must, phrase_clause(f, &words)));
            } else {
                for (t, _) in &words {
                    must.push((Occur::Must, word_clause(f, t)));
                }
            }
        }
        let has_words = !must.is_empty();
        let facet = |path: [&str; 2]| -> Box<dyn TQuery> {
            Box::new(TermQuery::new(
                Term::from_facet(f.facet, &Facet::from_path(path)),
                IndexRecordOption::Basic,
            ))
        };
        let org = match q.scope {
            Scope::Public { org } => org,
            Scope::Editor { org } => Some(org),
        };
        if let Some(org) = org {
            must.push((Occur::Must, facet(["org", &org.to_string()])));
        }
        if let Some(c) = &q.filters.category {
            must.push((Occur::Must, facet(["category", c])));
        }
        if let Some(l) = &q.filters.language {
            must.push((Occur::Must, facet(["language", l])));
        }
        if let Some(t) = &q.filters.tag {
            must.push((Occur::Must, facet(["tag", t])));
        }
        let query: Box<dyn TQuery> = if typed && !has_words {
            // Something was typed but none of it is a word we index (only punctuation, a
            // 200-letter "word"): nothing matches, rather than everything.
            Box::new(tantivy::query::EmptyQuery)
        } else if must.is_empty() {
            Box::new(AllQuery)
        } else if !has_words {
            // Filters only: every article with those values, no scoring needed.
            must.push((Occur::Must, Box::new(AllQuery)));
            Box::new(BooleanQuery::new(must))
        } else {
            Box::new(BooleanQuery::new(must))
        };
        needles.retain(|n| !n.is_empty());
        let finder = (!needles.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&needles)
                    .ok()
            })
            .flatten();
        Plan {
            query,
            terms,
            finder,
            highlighter: std::cell::RefCell::new(analyzer(Mode::Index)),
            has_words,
        }
    }

    fn newest(&self, q: &Query) -> bool {
        q.sort == Sort::Newest || !self.has_words
    }
}

/// One word in any field: exactly (weighted), with a typo for long English words, or as the
/// start of a word for a single Chinese character.
fn word_clause(f: &Fields, t: &str) -> Box<dyn TQuery> {
    let mut should: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let letters = t.chars().count();
    let ascii_word = t.chars().all(|c| c.is_ascii_alphabetic());
    let single_han = letters == 1 && t.chars().all(text::is_han);
    for (field, weight) in f.text().into_iter().zip(WEIGHTS) {
        let term = Term::from_field_text(field, t);
        should.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                weight,
            )),
        ));
        // Terms are stems (festival → festiv): the thresholds are a little below the
        // surface word's five and nine letters.
        if ascii_word && letters >= 4 {
            let distance = if letters >= 7 { 2 } else { 1 };
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(FuzzyTermQuery::new(term, distance, true)),
                    weight * 0.3,
                )),
            ));
        }
        if single_han && let Ok(prefix) = RegexQuery::from_pattern(&format!("{t}.+"), field) {
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(prefix), weight * 0.5)),
            ));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// Words next to each other, in any field.
fn phrase_clause(f: &Fields, words: &[(String, usize)]) -> Box<dyn TQuery> {
    let first = words[0].1;
    let should = f
        .text()
        .into_iter()
        .zip(WEIGHTS)
        .map(|(field, weight)| {
            let terms = words
                .iter()
                .map(|(t, p)| (p - first, Term::from_field_text(field, t)))
                .collect();
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new_with_offset(terms)),
                    weight,
                )) as Box<dyn TQuery>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(should))
}

/// Byte ranges of the words of `s` that are among `terms`.
fn matches(analyzer: &mut TextAnalyzer, s: &str, terms: &HashSet<String>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if terms.is_empty() {
        return out;
    }
    let mut stream = analyzer.token_stream(s);
    while stream.advance() {
        let t = stream.token();
        if terms.contains(&t.text) {
            out.push((t.offset_from, t.offset_to));
        }
    }
    out
}

/// `s` with marks around `ranges` (overlapping ones merged).
fn mark(s: &str, mut ranges: Vec<(usize, usize)>) -> String {
    ranges.sort_unstable();
    let mut out = String::with_capacity(s.len() + ranges.len() * 6);
    let mut at = 0;
    let mut i = 0;
    while i < ranges.len() {
        let (start, mut end) = ranges[i];
        while i + 1 < ranges.len() && ranges[i + 1].0 <= end {
            end = end.max(ranges[i + 1].1);
            i += 1;
        }
        if start >= at && end <= s.len() && s.is_char_boundary(start) && s.is_char_boundary(end) {
            out.push_str(&s[at..start]);
            out.push(MARK_OPEN);
            out.push_str(&s[start..end]);
            out.push(MARK_CLOSE);
            at = end;
        }
        i += 1;
    }
    out.push_str(&s[at..]);
    out
}

fn mark_all(analyzer: &mut TextAnalyzer, s: &str, terms: &HashSet<String>) -> String {
    let ranges = matches(analyzer, s, terms);
    mark(s, ranges)
}

/// At most [`SNIPPET_CHARS`] of marked text, with an ellipsis where it was cut.
fn crop(s: &str) -> String {
    let n = s
        .chars()
        .filter(|&c| c != MARK_OPEN && c != MARK_CLOSE)
        .count();
    if n <= SNIPPET_CHARS {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut kept = 0;
    let mut open = false;
    for c in s.chars() {
        match c {
            MARK_OPEN => open = true,
            MARK_CLOSE => open = false,
            _ => kept += 1,
        }
        out.push(c);
        if kept >= SNIPPET_CHARS {
            break;
        }
    }
    if open {
        out.push(MARK_CLOSE);
    }
    out.push('…');
    out
}

/// The piece of `body` around the first word that matched, or `None` when none is found.
/// Only a window of the body is analyzed, found first by a plain search for the query's
/// words, so a long body costs little more than a short one.
fn snippet(analyzer: &mut TextAnalyzer, body: &str, plan: &Plan) -> Option<String> {
    let finder = plan.finder.as_ref()?;
    if body.is_empty() {
        return None;
    }
    let folded = text::fold(body);
    let hit = finder.find(&folded)?.start();
    // From LEAD_CHARS characters before the hit to SNIPPET_CHARS + LEAD_CHARS after it.
    let start = body[..hit]
        .char_indices()
        .rev()
        .nth(LEAD_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let end = body[hit..]
        .char_indices()
        .nth(SNIPPET_CHARS + LEAD_CHARS)
        .map_or(body.len(), |(i, _)| hit + i);
    let window = &body[start..end];
    let ranges = matches(analyzer, window, &plan.terms);
    if ranges.is_empty() {
        return None;
    }
    let first = ranges.iter().map(|r| r.0).min().unwrap_or(0);
    let lead_start = window[..first]
        .char_indices()
        .rev()
        .nth(LEAD_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let shifted = ranges
        .into_iter()
        .filter(|r| r.0 >= lead_start)
        .map(|(a, b)| (a - lead_start, b - lead_start))
        .collect();
    let mut out = String::new();
    if start + lead_start > 0 {
        out.push('…');
    }
    out.push_str(&crop(&mark(&window[lead_start..], shifted)));
    Some(out)
}

impl SearchEngine for Embedded {
    fn name(&self) -> &'static str {
        "tantivy"
    }

    fn configure(&self) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(async { Ok(()) })
    }

    fn health(&self) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(self.blocking(|inner| {
            let live = inner.live();
            if live.dir.is_dir() {
                Ok(())
            } else {
                Err(SearchError::Unavailable(format!(
                    "{} is missing",
                    live.dir.display()
                )))
            }
        }))
    }

    fn apply(&self, batch: Batch) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(self.blocking(move |inner| inner.apply_now(batch)))
    }

    fn search(&self, query: Query) -> BoxFuture<'_, Result<Found, SearchError>> {
        Box::pin(self.blocking(move |inner| inner.search_now(&query)))
    }

    fn clear(&self) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(self.blocking(|inner| {
            let live = inner.live();
            for index in Index::ALL {
                live.part(index)
                    .write(|w| w.delete_all_documents().map(|_| ()))?;
            }
            Ok(())
        }))
    }

    fn rebuild(&self) -> BoxFuture<'_, Result<Box<dyn Rebuild>, SearchError>> {
        Box::pin(self.blocking(|inner| {
            let name = new_generation_name();
            let dir = inner.root.join(&name);
            std::fs::create_dir_all(&dir).map_err(|e| io_err("cannot create", &dir, e))?;
            std::fs::write(dir.join("BUILDING"), b"")
                .map_err(|e| io_err("cannot write", &dir, e))?;
            let generation = Generation::open(&inner.root, &name)?;
            Ok(Box::new(EmbeddedRebuild {
                root: inner.root.clone(),
                fields: inner.fields,
                generation: Some(Arc::new(generation)),
            }) as Box<dyn Rebuild>)
        }))
    }
}

/// A generation being built.
struct EmbeddedRebuild {
    root: PathBuf,
    fields: Fields,
    generation: Option<Arc<Generation>>,
}

impl Rebuild for EmbeddedRebuild {
    fn add(&mut self, docs: Vec<Document>) -> BoxFuture<'_, Result<(), SearchError>> {
        let generation = self.generation.clone();
        let fields = self.fields;
        Box::pin(async move {
            let generation =
                generation.ok_or_else(|| SearchError::Failed("rebuild finished".into()))?;
            tokio::task::spawn_blocking(move || add_to(&generation, &fields, &docs))
                .await
                .map_err(|e| SearchError::Failed(format!("search task: {e}")))?
        })
    }

    fn finish(mut self: Box<Self>) -> BoxFuture<'static, Result<(), SearchError>> {
        let generation = self.generation.take();
        let root = self.root.clone();
        Box::pin(async move {
            let generation =
                generation.ok_or_else(|| SearchError::Failed("rebuild finished".into()))?;
            tokio::task::spawn_blocking(move || {
                generation.public.seal()?;
                generation.drafts.seal()?;
                let name = generation.name.clone();
                let _ = std::fs::remove_file(generation.dir.join("BUILDING"));
                drop(generation);
                write_current(&root, &name)
            })
            .await
            .map_err(|e| SearchError::Failed(format!("search task: {e}")))?
        })
    }
}

/// Adds documents to a generation being built (committed when it is sealed).
fn add_to(generation: &Generation, fields: &Fields, docs: &[Document]) -> Result<(), SearchError> {
    for index in Index::ALL {
        let docs: Vec<&Document> = docs.iter().filter(|d| d.index() == index).collect();
        if docs.is_empty() {
            continue;
        }
        let mut guard = generation.part(index).writer()?;
        let w = guard.as_mut().expect("opened by writer()");
        for d in docs {
            w.add_document(to_doc(fields, d)).map_err(tantivy_err)?;
        }
    }
    Ok(())
}
