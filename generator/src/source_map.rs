//! Where each item of a YAML file came from.
//!
//! serde_yaml reports positions only for its own errors, so this reads the same text a second
//! time with a span-aware event parser (saphyr-parser) and records the line and column of every
//! mapping key and every value, addressed by its path (`["operations", "PlantTree", "http"]`).
//! It also finds duplicate mapping keys, which serde would otherwise let the last one win.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, Span};

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    fn from_span(span: &Span) -> Position {
        Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Path of the mapping that holds the key.
    pub parent: Vec<String>,
    /// The key.
    pub key: String,
    /// Where it first appears.
    pub first: Position,
    /// Where it appears again.
    pub again: Position,
}

/// Positions of keys and values of one YAML document, by path.
///
/// Made either by [`SourceMap::read`] (an event-based read that copes with anything, used when
/// a file has problems) or from the positioned tree of the loader's one read of a well-formed
/// file ([`crate::yaml`]); both answer every lookup the same way for such a file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    keys: HashMap<Vec<String>, Position>,
    values: HashMap<Vec<String>, Position>,
    duplicates: Vec<DuplicateKey>,
    tree: Option<crate::yaml::Positions>,
}

enum Frame {
    Mapping {
        key: Option<String>,
        seen: HashSet<String>,
    },
    Sequence {
        index: usize,
    },
}

impl SourceMap {
    /// Reads `text`. A syntax error stops the reading; what was read so far stays usable
    /// (serde_yaml reports the syntax error itself).
    pub fn read(text: &str) -> SourceMap {
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            match event {
                Event::Scalar(value, ..) => {
                    if map.take_key(&mut stack, &mut path, &value, &span) {
                        continue;
                    }
                    map.value_at(&mut stack, &mut path, &span);
                    map.end_value(&mut stack, &mut path);
                }
                Event::Alias(_) => {
                    if map.take_key(&mut stack, &mut path, "", &span) {
                        continue;
                    }
                    map.value_at(&mut stack, &mut path, &span);
                    map.end_value(&mut stack, &mut path);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    // A complex key: it has no path of its own; skip it as a value.
                    map.value_at(&mut stack, &mut path, &span);
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping {
                            key: None,
                            seen: HashSet::new(),
                        }
                    } else {
                        Frame::Sequence { index: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    map.end_value(&mut stack, &mut path);
                }
                _ => {}
            }
        }
        map
    }

    /// When the innermost container is a mapping waiting for a key, records `key` and returns
    /// true.
    fn take_key(
        &mut self,
        stack: &mut [Frame],
        path: &mut Vec<String>,
        key: &str,
        span: &Span,
    ) -> bool {
        let Some(Frame::Mapping { key: slot, seen }) = stack.last_mut() else {
            return false;
        };
        if slot.is_some() {
            return false;
        }
        let position = Position::from_span(span);
        let mut full = path.clone();
        full.push(key.to_owned());
        if !seen.insert(key.to_owned()) {
            let first = self.keys.get(&full).copied().unwrap_or_default();
            self.duplicates.push(DuplicateKey {
                parent: path.clone(),
                key: key.to_owned(),
                first,
                again: position,
            });
        } else {
            self.keys.insert(full, position);
        }
        *slot = Some(key.to_owned());
        path.push(key.to_owned());
        true
    }

    /// Records the position of the value that starts at `span`, extending the path for
    /// sequence items.
    fn value_at(&mut self, stack: &mut [Frame], path: &mut Vec<String>, span: &Span) {
        if let Some(Frame::Sequence { index }) = stack.last_mut() {
            path.push(index.to_string());
        }
        self.values
            .entry(path.clone())
            .or_insert_with(|| Position::from_span(span));
    }

    /// Called when a value is complete: pops its path segment and resets the parent.
    fn end_value(&mut self, stack: &mut [Frame], path: &mut Vec<String>) {
        match stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => {
                // A finished value closes its key; a finished complex key has none.
                let had_key = key.take().is_some();
                if had_key {
                    path.pop();
                }
            }
            Some(Frame::Sequence { index }) => {
                *index += 1;
                path.pop();
            }
            None => {}
        }
    }

    /// Where the key at `path` is written, or the closest enclosing item that has a position.
    pub fn key(&self, path: &[&str]) -> Position {
        self.lookup(path, true)
    }

    /// Where the value at `path` starts, or the closest enclosing item that has a position.
    pub fn value(&self, path: &[&str]) -> Position {
        self.lookup(path, false)
    }

    /// The map of a file read by the loader's fast path, from the positions of its tree.
    pub(crate) fn from_tree(positions: crate::yaml::Positions) -> SourceMap {
        SourceMap {
            tree: Some(positions),
            ..SourceMap::default()
        }
    }

    fn lookup(&self, path: &[&str], prefer_key: bool) -> Position {
        if let Some(tree) = &self.tree {
            return tree.lookup(path, prefer_key);
        }
        let mut owned: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        loop {
            let found = if prefer_key {
                self.keys.get(&owned).or_else(|| self.values.get(&owned))
            } else {
                self.values.get(&owned).or_else(|| self.keys.get(&owned))
            };
            if let Some(position) = found {
                return *position;
            }
            if owned.pop().is_none() {
                return Position { line: 1, column: 1 };
            }
        }
    }

    /// Keys written twice in one mapping.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.duplicates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
service: Demo
operations:
  Stop:
    http: POST /x
    params:
      id: { type: string, doc: Id. }
  Start:
    http: POST /y
list:
  - a
  - { b: 1 }
";

    #[test]
    fn keys_and_values_have_positions() {
        let map = SourceMap::read(TEXT);
        assert_eq!(map.key(&["service"]), Position { line: 1, column: 1 });
        assert_eq!(
            map.value(&["service"]),
            Position {
                line: 1,
                column: 10
            }
        );
        assert_eq!(
            map.key(&["operations", "Stop", "http"]),
            Position { line: 4, column: 5 }
        );
        assert_eq!(
            map.value(&["operations", "Stop", "params", "id", "doc"]),
            Position {
                line: 6,
                column: 32
            }
        );
        assert_eq!(
            map.key(&["operations", "Start"]),
            Position { line: 7, column: 3 }
        );
        assert_eq!(
            map.value(&["list", "1", "b"]),
            Position {
                line: 11,
                column: 10
            }
        );
    }

    #[test]
    fn unknown_paths_fall_back_to_the_closest_parent() {
        let map = SourceMap::read(TEXT);
        assert_eq!(
            map.key(&["operations", "Stop", "nothing", "here"]),
            Position { line: 3, column: 3 }
        );
    }

    /// The tree of the loader's one read answers every lookup as the event-based read does,
    /// for the project's spec files and the fixture's.
    #[test]
    fn the_tree_answers_as_the_event_based_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![TEXT.to_owned()];
        for dir in ["../spec", "tests/fixture/spec"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        assert!(texts.len() > 5);
        for text in &texts {
            let events = SourceMap::read(text);
            let tree = SourceMap::from_tree(crate::yaml::Tree::read(text).unwrap().positions());
            let mut paths: Vec<&Vec<String>> =
                events.keys.keys().chain(events.values.keys()).collect();
            paths.sort();
            paths.dedup();
            for path in paths {
                let mut path: Vec<&str> = path.iter().map(String::as_str).collect();
                for _ in 0..2 {
                    assert_eq!(tree.key(&path), events.key(&path), "{path:?}");
                    assert_eq!(tree.value(&path), events.value(&path), "{path:?}");
                    path.push("nothing-here");
                }
            }
        }
    }

    #[test]
    fn duplicate_keys_are_found() {
        let map = SourceMap::read("a:\n  x: 1\n  y: 2\n  x: 3\n");
        assert_eq!(
            map.duplicates(),
            &[DuplicateKey {
                parent: vec!["a".into()],
                key: "x".into(),
                first: Position { line: 2, column: 3 },
                again: Position { line: 4, column: 3 },
            }]
        );
    }
}
