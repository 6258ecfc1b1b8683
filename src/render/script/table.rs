//! The conversion tables as a character trie, read with one array lookup per character.
//!
//! `zhconv`'s tables (MediaWiki's, as Chinese Wikipedia uses them) are matched leftmost-longest:
//! scanning left to right, the longest word starting at each place is replaced and the scan
//! goes on after it. That is what `zhconv`'s Aho-Corasick automaton does too, and the result is
//! the same for every text (the tests check every word of every table, and the whole corpus,
//! against it). The difference is the work per character. Three characters in four of a
//! Chinese page start some longer word in these tables, but the character after them almost
//! never continues one; a character's 8-byte entry, indexed by code point, gives its own
//! replacement and a set of the characters that can follow it, so nearly every character costs
//! one lookup (one cache line, which matters: a page is converted right after it is rendered,
//! when the table is out of the cache). Only when the set lets the next character through is the
//! trie walked, in an open-addressed table whose entry carries what the next step needs, behind
//! a bit filter that rules most of those out too. Runs of ASCII (markup, Latin words) are
//! passed over in a tight loop.

use std::collections::HashMap;

/// In a node's `target`: longer words continue from this node.
const CHILDREN: u32 = 1 << 31;
/// In a node's `target`: its word is replaced by itself (a rule that keeps a word from being
/// split: 皇后 stays 皇后, not 皇後); the text is left where it is.
const SAME: u32 = 1 << 30;
/// The `spans` index in a node's `target`.
const WORD: u32 = SAME - 1;
/// A node's word when no word ends at it.
const NO_WORD: u32 = WORD;
/// An unused slot of `edges`.
const EMPTY: u64 = u64::MAX;

/// A character's entry in `Table::chars`, everything its commonest cases need in 8 bytes, so
/// that a character costs one cache line even when the table is cold (a page is converted right
/// after it is rendered, which has pushed the table out of the cache):
///
/// | bits   | what                                                                    |
/// |--------|-------------------------------------------------------------------------|
/// | 0–20   | its replacement when that is one other character, else 0                |
/// | 21     | `MULTI`: its replacement is longer (`roots` has it)                     |
/// | 22     | `STARTS`: longer words start with it                                    |
/// | 24–39  | its number in `roots` (with `MULTI` or `STARTS`)                        |
/// | 40–63  | a bit (`next_bit`) for each character a longer word continues with      |
///
/// 0: the character is kept as it is and starts nothing.
mod entry {
    pub const SINGLE: u64 = (1 << 21) - 1;
    pub const MULTI: u64 = 1 << 21;
    pub const STARTS: u64 = 1 << 22;
    pub const ROOT_SHIFT: u32 = 24;
    pub const ROOTS: usize = 1 << 16;
    pub const NEXT_SHIFT: u32 = 40;

    /// The bit of the character `c` in an entry's set of following characters.
    #[inline]
    pub fn next_bit(c: u32) -> u64 {
        let slot = (u64::from(c.wrapping_mul(0x9E37_79B1)) * 24) >> 32;
        1 << (NEXT_SHIFT as u64 + slot)
    }

    #[inline]
    pub fn root(e: u64) -> u32 {
        ((e >> ROOT_SHIFT) & 0xFFFF) as u32
    }
}

/// The size of `Table::filter`: 256 KiB, a few edges per hundred bits.
const FILTER_BITS: usize = 1 << 21;

#[inline]
fn filter_bit(key: u64) -> usize {
    (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - FILTER_BITS.trailing_zeros())) as usize
}

/// One step in the trie: from `key >> 32` (a node) by the character `key as u32`.
#[derive(Clone, Copy)]
struct Edge {
    key: u64,
    /// The node reached.
    child: u32,
    /// That node's word (an index into `spans`, or `NO_WORD`), with `CHILDREN` and `SAME`.
    target: u32,
}

pub(super) struct Table {
    /// One `entry` for each code point of the Basic Multilingual Plane.
    chars: Box<[u64]>,
    /// For each ASCII character that starts words (some do: 400只 → 400隻, e化 → e化): the ASCII
    /// characters that can follow it in one (bit per character, bit 0 always set), or all ones
    /// when the character needs the full lookup whatever follows. Zero for the others.
    ascii: [u128; 128],
    /// The same as `chars` for characters outside the Basic Multilingual Plane (a handful).
    astral: HashMap<char, u64>,
    /// For each first-level node (a character in `chars` with `MULTI` or `STARTS`): its word,
    /// with `CHILDREN` and `SAME`. First-level nodes are numbered by their place here.
    roots: Vec<u32>,
    /// Open addressing, linear probing; the length is a power of two, at most half full.
    edges: Box<[Edge]>,
    shift: u32,
    /// One bit per hash of each edge's key, small enough to stay in cache: it rules out most
    /// of the characters `entry`'s set lets through without touching `edges`.
    filter: Box<[u64]>,
    /// Every replacement, one after the other; `spans` are their ranges.
    words: String,
    spans: Vec<(u32, u32)>,
}

impl Table {
    /// The table of `tables` (a variant's tables in order: a later one's rule for a word
    /// replaces an earlier one's, as `zhconv` builds its automaton).
    pub(super) fn new(tables: &[zhconv::tables::Table<'static>]) -> Table {
        let mut pairs: HashMap<String, String> = HashMap::new();
        for &t in tables {
            pairs.extend(zhconv::tables::expand_table(t));
        }
        // Quotation marks are kept as written, and no word runs through one (nor through a
        // tag's `<`): the text on either side is converted on its own.
        pairs.retain(|from, _| !from.contains(super::QUOTES) && !from.contains('<'));
        // The trie, built plainly first: node → (its word, its children).
        let mut first: HashMap<char, u32> = HashMap::new();
        let mut nodes: Vec<u32> = Vec::new();
        let mut children: HashMap<(u32, char), u32> = HashMap::new();
        let mut words = String::new();
        let mut spans = Vec::with_capacity(pairs.len());
        for (from, to) in &pairs {
            let mut chars = from.chars();
            let Some(c) = chars.next() else { continue };
            let mut node = *first.entry(c).or_insert_with(|| {
                nodes.push(NO_WORD);
                (nodes.len() - 1) as u32
            });
            for c in chars {
                nodes[node as usize] |= CHILDREN;
                node = *children.entry((node, c)).or_insert_with(|| {
                    nodes.push(NO_WORD);
                    (nodes.len() - 1) as u32
                });
            }
            let start = words.len() as u32;
            words.push_str(to);
            spans.push((start, words.len() as u32));
            let n = &mut nodes[node as usize];
            *n = (*n & CHILDREN) | (spans.len() - 1) as u32 | if from == to { SAME } else { 0 };
        }
        // Then packed.
        let mut table = Table {
            chars: vec![0; 0x1_0000].into_boxed_slice(),
            ascii: [0; 128],
            astral: HashMap::new(),
            roots: Vec::new(),
            edges: Box::new([]),
            shift: 0,
            filter: vec![0; FILTER_BITS / 64].into_boxed_slice(),
            words,
            spans,
        };
        // Deeper nodes keep their numbers, above the roots'.
        let base = nodes.len() as u32;
        let mut root_of: HashMap<u32, u32> = HashMap::new();
        let mut entries: HashMap<char, u64> = HashMap::new();
        for (&c, &node) in &first {
            let target = nodes[node as usize];
            // The character's own word; kept as it is ("SAME") is the same as no word at all
            // for one character.
            let own = (target & WORD != NO_WORD && target & SAME == 0).then(|| {
                let mut w = table.word(target & WORD).chars();
                match (w.next(), w.next()) {
                    (Some(to), None) => to as u64,
                    _ => entry::MULTI,
                }
            });
            let mut e = own.unwrap_or(0);
            if target & CHILDREN != 0 {
                e |= entry::STARTS;
            }
            if e & (entry::MULTI | entry::STARTS) != 0 {
                let number = table.roots.len();
                assert!(number < entry::ROOTS, "more than {} roots", entry::ROOTS);
                table.roots.push(target);
                root_of.insert(node, number as u32);
                e |= (number as u64) << entry::ROOT_SHIFT;
            }
            entries.insert(c, e);
        }
        let number = |node: u32| root_of.get(&node).copied().unwrap_or(base + node);
        let size = (children.len() * 2).next_power_of_two().max(2);
        table.shift = 64 - size.trailing_zeros();
        table.edges = vec![
            Edge {
                key: EMPTY,
                child: 0,
                target: 0,
            };
            size
        ]
        .into_boxed_slice();
        let first_char: HashMap<u32, char> = first.iter().map(|(&c, &n)| (n, c)).collect();
        for (&(from, c), &to) in &children {
            let key = (u64::from(number(from)) << 32) | u64::from(c as u32);
            let mut slot = table.slot(key);
            while table.edges[slot].key != EMPTY {
                slot = (slot + 1) & (size - 1);
            }
            let bit = filter_bit(key);
            table.filter[bit / 64] |= 1 << (bit % 64);
            if let Some(first) = first_char.get(&from) {
                *entries.get_mut(first).expect("a first character") |= entry::next_bit(c as u32);
            }
            table.edges[slot] = Edge {
                key,
                child: number(to),
                target: nodes[to as usize],
            };
        }
        for (c, e) in entries {
            if (c as u32) < 0x1_0000 {
                table.chars[c as usize] = e;
            } else {
                table.astral.insert(c, e);
            }
        }
        for b in 0..128u8 {
            let e = table.chars[usize::from(b)];
            table.ascii[usize::from(b)] = if e == 0 {
                0
            } else if e & (entry::SINGLE | entry::MULTI) == 0 {
                // Only longer words start with it: which ASCII characters follow it in one
                // (for any other ASCII, nothing starts here). Bit 0 keeps the set from being
                // empty: a NUL after it only takes the full lookup, which is always right.
                let node = first[&char::from(b)];
                (0..128u8)
                    .filter(|&b2| children.contains_key(&(node, char::from(b2))))
                    .fold(1, |set, b2| set | (1u128 << b2))
            } else {
                u128::MAX
            };
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn edge(&self, node: u32, c: u32) -> Option<&Edge> {
        let key = (u64::from(node) << 32) | u64::from(c);
        let bit = filter_bit(key);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut slot = self.slot(key);
        loop {
            let e = &self.edges[slot];
            if e.key == key {
                return Some(e);
            }
            if e.key == EMPTY {
                return None;
            }
            slot = (slot + 1) & (self.edges.len() - 1);
        }
    }

    fn word(&self, target: u32) -> &str {
        let (start, end) = self.spans[target as usize];
        &self.words[start as usize..end as usize]
    }

    /// Appends `text` converted to `out`; with `markup`, `text` is sanitized HTML whose tags,
    /// and code (`<code>`, `<pre>`), are copied as they are. Addresses (URLs) are kept too.
    pub(super) fn convert_to(&self, text: &str, out: &mut String, markup: bool) {
        let bytes = text.as_bytes();
        // `text[copied..at]` is waiting to be copied as it is.
        let mut copied = 0;
        let mut at = 0;
        // The (non-ASCII) character at `at` when it has been read already.
        let mut read: Option<(u32, usize)> = None;
        while at < bytes.len() {
            if read.is_none() {
                // ASCII in a tight loop: markup, Latin words, addresses, and the few characters
                // that start words (400只 → 400隻).
                while let Some(&b) = bytes.get(at).filter(|b| **b < 0x80) {
                    if let Some(end) = self.passed_over(text, at, markup) {
                        at = end;
                        continue;
                    }
                    let follows = self.ascii[usize::from(b)];
                    if follows != 0 {
                        match bytes.get(at + 1) {
                            Some(&b2) if b2 < 0x80 && follows & (1 << b2) == 0 => {}
                            _ => break,
                        }
                    }
                    at += 1;
                }
                if at == bytes.len() {
                    break;
                }
            }
            let (c, len) = read.take().unwrap_or_else(|| decode(bytes, at));
            let next = at + len;
            let e = if c < 0x1_0000 {
                self.chars[c as usize]
            } else {
                self.astral_entry(c)
            };
            if e == 0 {
                at = next;
                continue;
            }
            if e & entry::STARTS != 0 && next < bytes.len() {
                let following = decode(bytes, next);
                if e & entry::next_bit(following.0) != 0 {
                    let root = entry::root(e);
                    let (end, target) =
                        self.longest(text, root, self.roots[root as usize], next, markup);
                    if end != next {
                        // A longer word (replaced, or passed over whole when it stays as it is).
                        if target & SAME == 0 {
                            flush(out, text, copied, at);
                            out.push_str(self.word(target & WORD));
                            copied = end;
                        }
                        at = end;
                        continue;
                    }
                } else if following.0 >= 0x80 {
                    read = Some(following);
                }
            }
            // The character's own word, if it has one.
            let single = (e & entry::SINGLE) as u32;
            if single != 0 {
                flush(out, text, copied, at);
                out.push(char::from_u32(single).expect("a replacement character"));
                copied = next;
            } else if e & entry::MULTI != 0 {
                flush(out, text, copied, at);
                out.push_str(self.word(self.roots[entry::root(e) as usize] & WORD));
                copied = next;
            }
            at = next;
        }
        out.push_str(&text[copied..]);
    }

    /// Where what starts at `at` (ASCII) and is kept as written ends: a tag (with the code it
    /// opens) in markup, or an address.
    #[inline]
    fn passed_over(&self, text: &str, at: usize, markup: bool) -> Option<usize> {
        match text.as_bytes()[at] {
            b'<' if markup => super::markup_at(text, at),
            // http(s)://, ftp://, www., mailto: (a look at the second letter first).
            b'h' | b'H' | b'w' | b'W' | b'm' | b'M' | b'f' | b'F'
                if matches!(
                    text.as_bytes().get(at + 1).map(u8::to_ascii_lowercase),
                    Some(b't' | b'w' | b'a')
                ) =>
            {
                super::address_at(&text[at..]).map(|len| at + len)
            }
            _ => None,
        }
    }

    #[cold]
    fn astral_entry(&self, c: u32) -> u64 {
        char::from_u32(c)
            .and_then(|c| self.astral.get(&c))
            .copied()
            .unwrap_or(0)
    }

    /// The longest word from the node `node` (whose word and `CHILDREN` are `target`, its
    /// last character ending at `from`): where it ends and its replacement, or `NO_WORD`.
    /// A word never runs into a tag or an address.
    #[inline]
    fn longest(
        &self,
        text: &str,
        mut node: u32,
        mut target: u32,
        from: usize,
        markup: bool,
    ) -> (usize, u32) {
        let bytes = text.as_bytes();
        let mut best = (from, target & !CHILDREN);
        let mut at = from;
        while target & CHILDREN != 0 && at < bytes.len() {
            if bytes[at] < 0x80 && self.passed_over(text, at, markup).is_some() {
                break;
            }
            let (c, len) = decode(bytes, at);
            let Some(e) = self.edge(node, c) else { break };
            node = e.child;
            target = e.target;
            at += len;
            if target & WORD != NO_WORD {
                best = (at, target & !CHILDREN);
            }
        }
        best
    }
}

/// Copies the unchanged `text[from..to]` (a call to copy nothing costs as much as the rest of
/// a character's work).
#[inline]
fn flush(out: &mut String, text: &str, from: usize, to: usize) {
    if from < to {
        out.push_str(&text[from..to]);
    }
}

/// The code point starting at `at` in UTF-8 `bytes` (at a character boundary), and its length.
#[inline]
fn decode(bytes: &[u8], at: usize) -> (u32, usize) {
    let b = u32::from(bytes[at]);
    let tail = |i: usize| u32::from(bytes.get(at + i).copied().unwrap_or(0x80) & 0x3F);
    match b {
        0..0x80 => (b, 1),
        0xE0..0xF0 => (((b & 0x0F) << 12) | (tail(1) << 6) | tail(2), 3),
        0xC0..0xE0 => (((b & 0x1F) << 6) | tail(1), 2),
        _ => (
            ((b & 0x07) << 18) | (tail(1) << 12) | (tail(2) << 6) | tail(3),
            4,
        ),
    }
}
