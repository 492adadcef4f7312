//! Thai text input handling: Unicode normalisation, whitespace clean-up and length counting.

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// NIKHAHIT (U+0E4D), the first half of a decomposed SARA AM.
const NIKHAHIT: char = '\u{0E4D}';
/// SARA AA (U+0E32), the second half of a decomposed SARA AM.
const SARA_AA: char = '\u{0E32}';
/// SARA AM (U+0E33), the precomposed vowel users expect.
const SARA_AM: char = '\u{0E33}';

/// Whether `c` is an invisible formatting character that should be dropped.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{2060}'
    )
}

/// Whether `c` is a Thai tone mark (MAI EK .. MAI CHATTAWA).
fn is_tone_mark(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Whether `c` is a horizontal space (ASCII space, tab, NBSP or another Unicode space).
fn is_inline_space(c: char) -> bool {
    c == ' ' || c == '\t' || (c != '\n' && c != '\r' && c.is_whitespace()) || c == '\u{00A0}'
}

/// Canonical combining class of the Thai marks that have one (0 for everything else in the block).
fn thai_ccc(c: char) -> u8 {
    match c {
        '\u{0E38}' | '\u{0E39}' => 103,
        '\u{0E3A}' => 9,
        '\u{0E48}'..='\u{0E4B}' => 107,
        _ => 0,
    }
}

/// Cheap check that a string made only of Latin-1/Latin Extended and Thai characters is already NFC.
///
/// Characters below U+0300 never change or compose under NFC unless followed by a combining
/// mark, and the Thai block has no canonical decompositions, so only the order of Thai marks
/// matters. Anything else returns `false` and takes the full check.
fn is_simple_nfc(s: &str) -> bool {
    let mut prev_ccc = 0u8;
    for c in s.chars() {
        let ccc = if (c as u32) < 0x0300 {
            0
        } else if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            thai_ccc(c)
        } else {
            return false;
        };
        if ccc != 0 && prev_ccc > ccc {
            return false;
        }
        prev_ccc = ccc;
    }
    true
}

/// Replaces NIKHAHIT + SARA AA (optionally with a tone mark typed in between) by SARA AM.
///
/// `ํา` becomes `ำ`; `ํ่า` (nikhahit, tone, sara aa) becomes `่ำ`, which is how
/// a keyboard produces the same word.
fn compose_sara_am(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == NIKHAHIT {
            if chars.get(i + 1) == Some(&SARA_AA) {
                out.push(SARA_AM);
                i += 2;
                continue;
            }
            if let (Some(&t), Some(&SARA_AA)) = (chars.get(i + 1), chars.get(i + 2))
                && is_tone_mark(t)
            {
                out.push(t);
                out.push(SARA_AM);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Normalises free text typed by users.
///
/// Steps: drop zero-width characters; Unicode NFC (never NFKC, which would
/// decompose SARA AM); compose NIKHAHIT + SARA AA into SARA AM; turn NBSP,
/// tabs and other Unicode spaces into `' '`; collapse runs of spaces within a
/// line; unify line endings to `\n`; trim each line's end and the whole text.
pub fn normalize(s: &str) -> String {
    let cleaned = clean_spaces(s);
    let nfc: String = if is_simple_nfc(&cleaned)
        || is_nfc_quick(cleaned.chars()) == unicode_normalization::IsNormalized::Yes
    {
        cleaned
    } else {
        cleaned.nfc().collect()
    };
    if nfc.contains(NIKHAHIT) {
        compose_sara_am(&nfc)
    } else {
        nfc
    }
}

/// One pass over the input: drops zero-width characters, unifies line endings, maps every
/// horizontal space to `' '`, collapses runs of them and trims line ends and the whole text.
fn clean_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_zero_width(c) {
            continue;
        }
        if c == '\r' || c == '\n' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            // A space before a line break is dropped (line end trimmed).
            pending_space = false;
            if !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        if is_inline_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    let keep = out.trim_end().len();
    out.truncate(keep);
    out
}

/// Like [`normalize`], but also folds line breaks into single spaces (for titles, names, ...).
pub fn normalize_single_line(s: &str) -> String {
    let n = normalize(s);
    if !n.contains('\n') {
        return n;
    }
    n.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Number of Unicode scalar values (what users think of as "characters" for length limits).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sara_am_survives() {
        let nam = "น้ำ";
        assert_eq!(normalize(nam), nam);
        assert!(normalize(nam).contains(SARA_AM));
        // NFKC would decompose SARA AM: make sure that is not what we do.
        let nfkc: String = nam.nfkc().collect();
        assert_ne!(nfkc, nam);
        assert_ne!(normalize(nam), nfkc);
    }

    #[test]
    fn decomposed_sara_am_is_composed() {
        assert_eq!(normalize("น\u{0E49}\u{0E4D}\u{0E32}"), "น้ำ");
        assert_eq!(normalize("น\u{0E4D}\u{0E49}\u{0E32}"), "น้ำ");
        assert_eq!(normalize("ท\u{0E4D}\u{0E32}"), "ทำ");
    }

    #[test]
    fn tone_and_below_vowel_order() {
        let a = normalize("ก\u{0E48}\u{0E38}");
        let b = normalize("ก\u{0E38}\u{0E48}");
        assert_eq!(a, b);
    }

    #[test]
    fn whitespace_and_zero_width() {
        assert_eq!(
            normalize("  ก\u{200B}ข\u{00A0}\u{00A0}ค\t\tง  \r\n  จ   \n"),
            "กข ค ง\n จ"
        );
        assert_eq!(normalize("\u{FEFF}\u{2060}abc\u{200C}\u{200D}"), "abc");
        assert_eq!(normalize("a\u{3000}b\u{2003}c"), "a b c");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn single_line() {
        assert_eq!(
            normalize_single_line(" ประชุม \n\n  ครั้งที่ 1 \r\n"),
            "ประชุม ครั้งที่ 1"
        );
    }

    #[test]
    fn length() {
        assert_eq!(char_len("น้ำ"), 3);
        assert_eq!(char_len(""), 0);
    }
}
