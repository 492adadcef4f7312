//! Thai full-text search, the pure part: the search form of text (NFC, NIKHAHIT + SARA AA as
//! SARA AM, Thai digits as Arabic ones, ASCII lower case — what the indexes store, see
//! `migrations::search`), a query split into terms, and snippets with the matches marked.

use serde::Serialize;

/// Terms shorter than this cannot use a trigram index (they are matched row by row).
pub const TRIGRAM: usize = 3;

/// A query whose every term is shorter than [`TRIGRAM`] has no index to use: it is matched row
/// by row among the newest this many rows of each kind (a bounded cost at national scale).
pub const SHORT_QUERY_WINDOW: u32 = 20_000;

/// At most this many terms are used (the rest are ignored).
pub const MAX_TERMS: usize = 6;

/// One character of text in its search form.
fn fold(c: char) -> char {
    match c {
        '๐'..='๙' => {
            char::from_u32(u32::from(c) - u32::from('๐') + u32::from('0')).unwrap_or(c)
        }
        c => c.to_ascii_lowercase(),
    }
}

/// `s` in the form the search indexes hold, with, for each character of the result, the byte
/// offset in `s` of the character it came from.
pub fn search_form_with_offsets(s: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(s.len());
    let mut offsets = Vec::with_capacity(s.len());
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\u{0E4D}' && it.peek().map(|(_, n)| *n) == Some('\u{0E32}') {
            it.next();
            chars.push('\u{0E33}');
        } else {
            chars.push(fold(c));
        }
        offsets.push(i);
    }
    (chars, offsets)
}

/// `s` in search form (after the app's own normalisation: NFC, spaces).
pub fn search_form(s: &str) -> String {
    let n = super::text::normalize_single_line(s);
    search_form_with_offsets(&n).0.into_iter().collect()
}

/// A query: its terms (search form, split at spaces, deduplicated) and the whole phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchQuery {
    /// The query as typed, normalised (shown back).
    pub text: String,
    /// The whole query in search form (an exact phrase ranks first).
    pub phrase: String,
    /// Its terms.
    pub terms: Vec<String>,
}

impl SearchQuery {
    /// Parses the box's text; `None` when nothing is left to look for.
    pub fn parse(input: &str) -> Option<Self> {
        let text = super::text::normalize_single_line(input);
        let phrase = search_form(&text);
        let mut terms: Vec<String> = Vec::new();
        for t in phrase.split(' ').filter(|t| !t.is_empty()) {
            // A quoted phrase is not special: quotes are dropped, the words stay.
            let t: String = t.chars().filter(|c| *c != '"').collect();
            if !t.is_empty() && !terms.contains(&t) && terms.len() < MAX_TERMS {
                terms.push(t);
            }
        }
        (!terms.is_empty()).then_some(Self {
            text,
            phrase,
            terms,
        })
    }

    /// Whether every term is too short for the trigram index.
    pub fn only_short_terms(&self) -> bool {
        self.terms.iter().all(|t| t.chars().count() < TRIGRAM)
    }

    /// An FTS5 query of the terms long enough for trigrams (`"a" AND "b"`), if any.
    pub fn fts5(&self) -> Option<String> {
        let long: Vec<String> = self
            .terms
            .iter()
            .filter(|t| t.chars().count() >= TRIGRAM)
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect();
        (!long.is_empty()).then(|| long.join(" AND "))
    }
}

/// A piece of a snippet: text, and whether it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Part of a match (shown highlighted).
    pub hit: bool,
}

/// Whether `text` holds every term, and whether it holds the whole phrase.
pub fn matches(text: &str, q: &SearchQuery) -> (bool, bool) {
    let (chars, _) = search_form_with_offsets(text);
    let hay: String = chars.into_iter().collect();
    (
        q.terms.iter().all(|t| hay.contains(t.as_str())),
        hay.contains(q.phrase.as_str()),
    )
}

/// A snippet of `text` around its first match, at most about `width` characters, the matches of
/// every term marked; the start of the text when nothing matches.
pub fn snippet(text: &str, q: &SearchQuery, width: usize) -> Vec<Piece> {
    let (chars, offsets) = search_form_with_offsets(text);
    let n = chars.len();
    // Marked character positions (in search-form characters).
    let mut marked = vec![false; n];
    let mut first: Option<usize> = None;
    for term in &q.terms {
        let t: Vec<char> = term.chars().collect();
        if t.is_empty() || t.len() > n {
            continue;
        }
        let mut i = 0;
        while i + t.len() <= n {
            if chars[i..i + t.len()] == t[..] {
                for m in marked.iter_mut().skip(i).take(t.len()) {
                    *m = true;
                }
                first = Some(first.map_or(i, |f: usize| f.min(i)));
                i += t.len();
            } else {
                i += 1;
            }
        }
    }
    let start = first.map_or(0, |f| f.saturating_sub(width / 3));
    let end = (start + width).min(n);
    let byte = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
    let mut out: Vec<Piece> = Vec::new();
    if start > 0 {
        out.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    let mut i = start;
    while i < end {
        let hit = marked[i];
        let mut j = i;
        while j < end && marked[j] == hit {
            j += 1;
        }
        let piece = text.get(byte(i)..byte(j)).unwrap_or_default();
        let piece = piece.replace(['\n', '\r'], " ");
        out.push(Piece { text: piece, hit });
        i = j;
    }
    if end < n {
        out.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_digits_sara_am_and_case_fold() {
        assert_eq!(search_form("ครัวเรือน ๑๒๓ หลัง"), "ครัวเรือน 123 หลัง");
        assert_eq!(search_form("น\u{0E4D}\u{0E32}เสนอ"), "นำเสนอ");
        assert_eq!(search_form("OTOP"), "otop");
    }

    #[test]
    fn a_query_splits_into_terms_and_knows_its_short_ones() {
        let q = SearchQuery::parse("  ครัวเรือน   ยากจน ครัวเรือน ").unwrap();
        assert_eq!(q.terms, vec!["ครัวเรือน", "ยากจน"]);
        assert_eq!(q.phrase, "ครัวเรือน ยากจน ครัวเรือน");
        assert_eq!(q.fts5().as_deref(), Some("\"ครัวเรือน\" AND \"ยากจน\""));
        let short = SearchQuery::parse("นา").unwrap();
        assert!(short.only_short_terms());
        assert_eq!(short.fts5(), None);
        assert!(SearchQuery::parse("   ").is_none());
        assert_eq!(
            SearchQuery::parse("\"ยา\"เสพติด").unwrap().terms,
            vec!["ยาเสพติด"]
        );
    }

    #[test]
    fn snippets_mark_matches_in_the_original_text() {
        let q = SearchQuery::parse("๓๐ วัน").unwrap();
        let text = "ให้รายงานผลภายใน 30 วัน นับจากวันประชุม";
        let s = snippet(text, &q, 80);
        let marked: Vec<&str> = s
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["30", "วัน", "วัน"]);
        let joined: String = s.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        // Thai digits in the text match Arabic ones in the query, and are shown as written.
        let q = SearchQuery::parse("30").unwrap();
        let s = snippet("ภายใน ๓๐ วัน", &q, 80);
        assert!(s.iter().any(|p| p.hit && p.text == "๓๐"));
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let q = SearchQuery::parse("ยาเสพติด").unwrap();
        let text = format!("{}ปัญหายาเสพติดในพื้นที่{}", "ก".repeat(300), "ข".repeat(300));
        let s = snippet(&text, &q, 60);
        assert_eq!(s.first().map(|p| p.text.as_str()), Some("…"));
        assert_eq!(s.last().map(|p| p.text.as_str()), Some("…"));
        assert!(s.iter().any(|p| p.hit && p.text == "ยาเสพติด"));
        let (all, phrase) = matches(&text, &q);
        assert!(all && phrase);
    }
}
