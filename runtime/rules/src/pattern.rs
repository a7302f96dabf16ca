//! Compiled patterns. Most patterns in API specs are a run of ASCII character classes anchored
//! at both ends (`^[A-Za-z0-9]{32}$`, `^[a-z][a-z0-9-]{0,62}$`): those are matched here byte by
//! byte, from what `regex-syntax` (the parser of the `regex` crate) makes of them, so that their
//! meaning is exactly the regex's. Any other pattern goes to the regex engine. Checked in a
//! request, a regex match cost a call about half a microsecond per pattern (its caches are
//! cold between calls); the byte loop costs a few nanoseconds.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A pattern compiled once.
#[derive(Debug)]
enum Pattern {
    /// `^` piece piece ... `$`, every piece but the last of a fixed length.
    Anchored(Vec<Piece>),
    Regex(Regex),
}

/// A run of `min..=max` bytes (`max` unbounded when `None`) from one set of ASCII bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Bit `b` is set when ASCII byte `b` is in the set.
    bytes: u128,
    min: usize,
    max: Option<usize>,
}

impl Piece {
    fn has(&self, byte: u8) -> bool {
        byte < 128 && self.bytes & (1 << byte) != 0
    }
}

impl Pattern {
    /// Compiles `pattern` as `regex::Regex::new` does (the same syntax and errors).
    fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        let regex = Regex::new(pattern)?;
        let anchored = regex_syntax::Parser::new()
            .parse(pattern)
            .ok()
            .and_then(|hir| anchored_pieces(&hir));
        Ok(match anchored {
            Some(pieces) => Pattern::Anchored(pieces),
            None => Pattern::Regex(regex),
        })
    }

    fn is_match(&self, value: &str) -> bool {
        match self {
            Pattern::Regex(regex) => regex.is_match(value),
            Pattern::Anchored(pieces) => {
                let mut rest = value.as_bytes();
                let Some((last, fixed)) = pieces.split_last() else {
                    return rest.is_empty();
                };
                for piece in fixed {
                    let Some((run, after)) = rest.split_at_checked(piece.min) else {
                        return false;
                    };
                    if !run.iter().all(|&b| piece.has(b)) {
                        return false;
                    }
                    rest = after;
                }
                rest.len() >= last.min
                    && last.max.is_none_or(|max| rest.len() <= max)
                    && rest.iter().all(|&b| last.has(b))
            }
        }
    }
}

/// The pieces of a pattern of the form `^` (ASCII class or literal, possibly repeated)... `$`,
/// where only the last piece may vary in length; `None` for any other pattern.
fn anchored_pieces(hir: &Hir) -> Option<Vec<Piece>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let [first, middle @ .., last] = &parts[..] else {
        return None;
    };
    if *first.kind() != HirKind::Look(Look::Start) || *last.kind() != HirKind::Look(Look::End) {
        return None;
    }
    let mut pieces = Vec::new();
    for part in middle {
        match part.kind() {
            HirKind::Literal(literal) => {
                for &byte in literal.0.iter() {
                    pieces.push(Piece {
                        bytes: ascii_set(&[(byte, byte)])?,
                        min: 1,
                        max: Some(1),
                    });
                }
            }
            HirKind::Class(class) => pieces.push(Piece {
                bytes: class_set(class)?,
                min: 1,
                max: Some(1),
            }),
            HirKind::Repetition(repetition) => {
                let bytes = match repetition.sub.kind() {
                    HirKind::Class(class) => class_set(class)?,
                    HirKind::Literal(literal) if literal.0.len() == 1 => {
                        ascii_set(&[(literal.0[0], literal.0[0])])?
                    }
                    _ => return None,
                };
                pieces.push(Piece {
                    bytes,
                    min: usize::try_from(repetition.min).ok()?,
                    max: match repetition.max {
                        Some(max) => Some(usize::try_from(max).ok()?),
                        None => None,
                    },
                });
            }
            HirKind::Empty => {}
            _ => return None,
        }
    }
    let variable = |piece: &Piece| piece.max != Some(piece.min);
    if pieces.iter().rev().skip(1).any(variable) {
        return None;
    }
    Some(pieces)
}

/// The bytes of a character class, when they are all ASCII.
fn class_set(class: &Class) -> Option<u128> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
    };
    let ascii: Vec<(u8, u8)> = ranges
        .into_iter()
        .map(|(start, end)| Some((u8::try_from(start).ok()?, u8::try_from(end).ok()?)))
        .collect::<Option<_>>()?;
    ascii_set(&ascii)
}

/// The set of the bytes in `ranges` (inclusive), when they are all ASCII.
fn ascii_set(ranges: &[(u8, u8)]) -> Option<u128> {
    let mut set = 0u128;
    for &(start, end) in ranges {
        if end >= 128 {
            return None;
        }
        for byte in start..=end {
            set |= 1 << byte;
        }
    }
    Some(set)
}

/// Whether `value` matches `pattern` (anywhere, as `Regex::is_match`; a pattern anchored with
/// `^` and `$` must match the whole value).
///
/// # Errors
///
/// The last line of `regex`'s error message when the pattern does not compile.
pub(crate) fn matches(pattern: &str, value: &str) -> Result<bool, String> {
    compiled(pattern, |pattern| pattern.is_match(value))
}

/// `Ok` when `pattern` compiles, else the last line of `regex`'s error message.
pub(crate) fn check(pattern: &str) -> Result<(), String> {
    compiled(pattern, |_| ())
}

/// Runs `with` on the compiled `pattern`. Patterns are compiled once and kept: the set is the
/// spec's, small and fixed. They are lent, never cloned: a cloned `Regex` starts with empty
/// matching caches, and rebuilding them cost more than the rest of a call.
fn compiled<T>(pattern: &str, with: impl FnOnce(&Pattern) -> T) -> Result<T, String> {
    static COMPILED: LazyLock<RwLock<HashMap<String, Pattern>>> =
        LazyLock::new(|| RwLock::new(HashMap::new()));
    if let Some(compiled) = COMPILED
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(pattern)
    {
        return Ok(with(compiled));
    }
    let compiled = Pattern::new(pattern).map_err(|e| {
        e.to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_owned()
    })?;
    let mut all = COMPILED
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Ok(with(all.entry(pattern.to_owned()).or_insert(compiled)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchored(pattern: &str) -> Option<Vec<Piece>> {
        match Pattern::new(pattern).unwrap() {
            Pattern::Anchored(pieces) => Some(pieces),
            Pattern::Regex(_) => None,
        }
    }

    #[test]
    fn the_usual_id_and_name_patterns_are_matched_byte_by_byte() {
        for pattern in [
            "^[A-Za-z0-9]{32}$",
            "^[a-z][a-z0-9-]{0,62}$",
            "^[a-zA-Z0-9_-]+$",
            "^v1-[0-9]*$",
            "^$",
            r"\A[[:alpha:]]{2,3}\z",
            "^(?i)[a-f0-9]{8}$",
            r"^[\-_.]x?$",
        ] {
            assert!(anchored(pattern).is_some(), "{pattern}");
        }
        // Unanchored, non-ASCII classes, alternations, groups, variable pieces in front,
        // multi-line anchors: the regex engine's.
        for pattern in [
            "[A-Z]{3}",
            "^[A-Z]{3}",
            r"^\d+$",
            r"^\w+$",
            "^[a-zé]+$",
            "^(ab)+$",
            "^a|b$",
            "^a*b$",
            "(?m)^a$",
            "^.$",
            r"^\bab$",
            "^[^a-z]{2}$",
            "^(?i)k[a-c]$",
        ] {
            assert!(anchored(pattern).is_none(), "{pattern}");
        }
    }

    /// A small deterministic generator (no dependency for one test).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    #[test]
    fn byte_matching_agrees_with_the_regex_engine() {
        let patterns = [
            "^[A-Za-z0-9]{32}$",
            "^[a-z][a-z0-9-]{0,6}$",
            "^[a-zA-Z0-9_-]+$",
            "^v1-[0-9]*$",
            "^ab?$",
            "^$",
            r"\A[[:alpha:]]{2,3}\z",
            "^(?i)[a-f0-9]{4}$",
            r"^[\-_.]x{1,2}$",
            "^a{0}b$",
        ];
        let alphabet: Vec<char> = "aAbkKzZ09-_. \néЖ\u{1F600}\u{212A}fFv1".chars().collect();
        let mut random = Lcg(7);
        for pattern in patterns {
            let fast = Pattern::new(pattern).unwrap();
            assert!(matches!(fast, Pattern::Anchored(_)), "{pattern}");
            let regex = Regex::new(pattern).unwrap();
            let mut matched = 0;
            for _ in 0..20_000 {
                let len = random.below(40);
                let value: String = (0..len)
                    .map(|_| alphabet[random.below(alphabet.len())])
                    .collect();
                // Lower case too: more values of the patterns' own letters.
                for value in [value.clone(), value.to_ascii_lowercase()] {
                    let expected = regex.is_match(&value);
                    matched += usize::from(expected);
                    assert_eq!(fast.is_match(&value), expected, "{pattern} on {value:?}");
                }
            }
            // Matches of every length near the bounds, from the pattern's own bytes.
            if let Pattern::Anchored(pieces) = &fast {
                for extra in 0..4 {
                    let value: String = pieces
                        .iter()
                        .flat_map(|piece| {
                            let byte = (0..128u8).find(|&b| piece.has(b)).unwrap_or(b'a');
                            let count = piece.min
                                + if piece.max == Some(piece.min) {
                                    0
                                } else {
                                    extra
                                };
                            std::iter::repeat_n(char::from(byte), count)
                        })
                        .collect();
                    let expected = regex.is_match(&value);
                    matched += usize::from(expected);
                    assert_eq!(fast.is_match(&value), expected, "{pattern} on {value:?}");
                }
            }
            assert!(
                matched > 0,
                "{pattern}: no value matched, the test proves little"
            );
        }
    }
}
