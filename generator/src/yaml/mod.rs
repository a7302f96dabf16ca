//! One read of a YAML file: a tree of its nodes, each with its position, from which the spec
//! model is deserialized (serde) and in which the checker looks positions up.
//!
//! This is the fast path of [`crate::load`]. It takes only what it can read exactly as
//! serde_yaml would: one document, untagged scalars, scalar keys, each key once, aliases to
//! finished anchors. Scalars are resolved by serde_yaml's own rules (`~`, `null`, `true`,
//! `0x1F`, `1_0` as a string, …), so a value it accepts deserializes to the same model.
//! Anything else — a syntax error, a tag, a duplicate key, an unknown key, a value of the wrong
//! type — makes it give up ([`Tree::read`] or [`Tree::deserialize`] returns `None`), and the
//! loader reads the file the thorough way (serde_yaml, serde_ignored and the event-based
//! [`crate::source_map::SourceMap`]), whose diagnostics are the reference. So every diagnostic
//! is the one that path gives, and a valid spec is read once.

use std::borrow::Cow;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde::de;

use crate::source_map::Position;

mod deserializer;
pub mod pitfalls;
mod scalars;

use deserializer::Deserializer;

/// Deeper than this, the thorough path decides (serde_yaml stops at 128 levels).
const MAX_DEPTH: usize = 100;

/// A YAML node and where it starts.
#[derive(Debug, Clone)]
struct Node<'a> {
    position: Position,
    kind: Kind<'a>,
}

#[derive(Debug, Clone)]
enum Kind<'a> {
    /// A scalar and whether it is plain (unquoted, not a block scalar).
    Scalar(Cow<'a, str>, bool),
    Sequence(Vec<Node<'a>>),
    Mapping(Vec<Entry<'a>>),
    /// An alias, with a copy of the node it names: deserialized like it, but a leaf for
    /// positions (the event-based map records nothing under an alias either).
    Alias(Box<Node<'a>>),
}

#[derive(Debug, Clone)]
struct Entry<'a> {
    key: Cow<'a, str>,
    /// Whether the key is a plain scalar (a quoted `"200"` is no status code).
    plain_key: bool,
    key_position: Position,
    value: Node<'a>,
}

/// A YAML document read in one pass: the nodes with their positions.
#[derive(Debug)]
pub struct Tree<'a> {
    root: Node<'a>,
}

/// Why the fast path gave up; only ever seen by the loader, which then reads the file the
/// thorough way.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the fast path")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

fn position(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// A container being read.
enum Open<'a> {
    Sequence(Position, usize, Vec<Node<'a>>),
    /// The mapping's position and anchor, its entries, and the key waiting for its value.
    Mapping(
        Position,
        usize,
        Vec<Entry<'a>>,
        Option<(Cow<'a, str>, bool, Position)>,
    ),
}

impl<'a> Tree<'a> {
    /// Reads `text`, or `None` when it is anything but one plain, well-formed document.
    pub fn read(text: &'a str) -> Option<Tree<'a>> {
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Open<'a>> = Vec::new();
        let mut anchors: Vec<Option<Node<'a>>> = Vec::new();
        let mut root = None;
        let mut documents = 0;
        // Nodes copied for aliases, bounded so that nested aliases cannot blow up.
        let mut copied = 0usize;
        let budget = text.len() + 1024;
        while let Some(next) = parser.next_event() {
            let (event, span) = next.ok()?;
            let (node, anchor) = match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => {
                    continue;
                }
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return None;
                    }
                    continue;
                }
                Event::Scalar(value, style, anchor, tag) => {
                    if tag.is_some() {
                        return None;
                    }
                    // A scalar where a key is expected is that key.
                    if let Some(Open::Mapping(_, _, entries, pending @ None)) = stack.last_mut() {
                        if anchor != 0 || entries.iter().any(|e| e.key == value) {
                            return None;
                        }
                        *pending = Some((value, style == ScalarStyle::Plain, position(&span)));
                        continue;
                    }
                    let plain = style == ScalarStyle::Plain;
                    (
                        Node {
                            position: position(&span),
                            kind: Kind::Scalar(value, plain),
                        },
                        anchor,
                    )
                }
                Event::Alias(id) => {
                    let target = anchors.get(id).and_then(Option::as_ref)?;
                    copied += size(target);
                    if copied > budget {
                        return None;
                    }
                    (
                        Node {
                            position: position(&span),
                            kind: Kind::Alias(Box::new(target.clone())),
                        },
                        0,
                    )
                }
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    if tag.is_some() || stack.len() >= MAX_DEPTH {
                        return None;
                    }
                    // A complex key (a collection where a key is expected): the thorough path.
                    if let Some(Open::Mapping(_, _, _, None)) = stack.last() {
                        return None;
                    }
                    let at = position(&span);
                    stack.push(if matches!(event, Event::SequenceStart(..)) {
                        Open::Sequence(at, anchor, Vec::new())
                    } else {
                        Open::Mapping(at, anchor, Vec::new(), None)
                    });
                    continue;
                }
                Event::SequenceEnd => match stack.pop()? {
                    Open::Sequence(at, anchor, items) => (
                        Node {
                            position: at,
                            kind: Kind::Sequence(items),
                        },
                        anchor,
                    ),
                    Open::Mapping(..) => return None,
                },
                Event::MappingEnd => match stack.pop()? {
                    Open::Mapping(at, anchor, entries, None) => (
                        Node {
                            position: at,
                            kind: Kind::Mapping(entries),
                        },
                        anchor,
                    ),
                    _ => return None,
                },
            };
            if anchor != 0 {
                if anchors.len() <= anchor {
                    anchors.resize(anchor + 1, None);
                }
                anchors[anchor] = Some(node.clone());
            }
            match stack.last_mut() {
                None => {
                    if root.is_some() {
                        return None;
                    }
                    root = Some(node);
                }
                Some(Open::Sequence(_, _, items)) => items.push(node),
                Some(Open::Mapping(_, _, entries, pending)) => {
                    let (key, plain_key, key_position) = pending.take()?;
                    entries.push(Entry {
                        key,
                        plain_key,
                        key_position,
                        value: node,
                    });
                }
            }
        }
        if !stack.is_empty() {
            return None;
        }
        Some(Tree { root: root? })
    }

    /// The value of type `T` the document holds, or `None` when serde_yaml might read it
    /// differently or not at all (then the thorough path decides).
    pub fn deserialize<T: de::DeserializeOwned>(&self) -> Option<T> {
        T::deserialize(Deserializer { node: &self.root }).ok()
    }

    /// The positions of the document's keys and values, for diagnostics.
    pub fn positions(&self) -> Positions {
        Positions {
            root: positions(&self.root),
        }
    }
}

/// How many nodes `node` holds.
fn size(node: &Node<'_>) -> usize {
    1 + match &node.kind {
        Kind::Scalar(..) => 0,
        Kind::Sequence(items) => items.iter().map(size).sum(),
        Kind::Mapping(entries) => entries.iter().map(|e| size(&e.value)).sum(),
        Kind::Alias(target) => size(target),
    }
}

/// Where the items of a document are: the shape of its tree, with keys and positions only.
#[derive(Debug, Clone)]
pub struct Positions {
    root: Place,
}

#[derive(Debug, Clone)]
struct Place {
    at: Position,
    below: Below,
}

#[derive(Debug, Clone)]
enum Below {
    Nothing,
    Items(Vec<Place>),
    Keys(Vec<(Box<str>, Position, Place)>),
}

fn positions(node: &Node<'_>) -> Place {
    let below = match &node.kind {
        Kind::Scalar(..) | Kind::Alias(_) => Below::Nothing,
        Kind::Sequence(items) => Below::Items(items.iter().map(positions).collect()),
        Kind::Mapping(entries) => Below::Keys(
            entries
                .iter()
                .map(|e| {
                    (
                        Box::from(e.key.as_ref()),
                        e.key_position,
                        positions(&e.value),
                    )
                })
                .collect(),
        ),
    };
    Place {
        at: node.position,
        below,
    }
}

impl Positions {
    /// Where the item at `path` (or the closest enclosing item) is: its key when `prefer_key`
    /// and it has one, else where its value starts.
    pub fn lookup(&self, path: &[&str], prefer_key: bool) -> Position {
        let mut place = &self.root;
        let mut key = None;
        for segment in path {
            let next = match &place.below {
                Below::Nothing => None,
                Below::Items(items) => index(segment).and_then(|i| items.get(i)).map(|p| (p, None)),
                Below::Keys(entries) => entries
                    .iter()
                    .find(|(k, _, _)| &**k == *segment)
                    .map(|(_, at, p)| (p, Some(*at))),
            };
            match next {
                Some((p, k)) => {
                    place = p;
                    key = k;
                }
                None => break,
            }
        }
        match key {
            Some(at) if prefer_key => at,
            _ => place.at,
        }
    }
}

/// A sequence index written as the event-based map writes it (`0`, `12`, never `012`).
fn index(segment: &str) -> Option<usize> {
    let i: usize = segment.parse().ok()?;
    (i.to_string() == segment).then_some(i)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    /// The fast path either gives up or reads exactly what serde_yaml reads.
    fn agrees<T>(text: &str) -> bool
    where
        T: de::DeserializeOwned + fmt::Debug,
    {
        let slow = serde_yaml::from_str::<T>(text).map(|v| format!("{v:?}"));
        let fast = Tree::read(text).and_then(|t| t.deserialize::<T>());
        match fast {
            None => false,
            Some(fast) => {
                assert_eq!(
                    Ok(format!("{fast:?}")),
                    slow.map_err(|e| e.to_string()),
                    "{text}"
                );
                true
            }
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Typed {
        s: Option<String>,
        u: Option<u16>,
        i: Option<i64>,
        b: Option<bool>,
        f: Option<f64>,
    }

    #[test]
    fn scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "yes",
            "on",
            "0",
            "007",
            "-007",
            "+7",
            "+-7",
            "0x1F",
            "-0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1e3",
            ".5",
            "-.inf",
            ".NaN",
            "1.5",
            "18446744073709551616",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "0x_1",
            "\"12\"",
            "'true'",
            "\"\"",
            "|\n  text\n",
            "abc",
            "a: b",
            "[1, 2]",
            "{a: 1}",
            "2023-03-04",
            "+.inf",
            "1.0e+3",
        ];
        let mut read_fast = 0;
        for scalar in scalars {
            let text = format!("v: {scalar}\n");
            if agrees::<BTreeMap<String, serde_json::Value>>(&text) {
                read_fast += 1;
            }
            for key in ["s", "u", "i", "b", "f"] {
                agrees::<Typed>(&format!("{key}: {scalar}\n"));
            }
        }
        assert!(read_fast > 30, "most scalars are read by the fast path");
    }

    #[test]
    fn gives_up_on_what_the_thorough_path_must_report_or_decide() {
        for text in [
            "a: 1\na: 2\n",      // a duplicate key
            "a: !!str 1\n",      // a tag
            "? [a]\n: 1\n",      // a complex key
            "a: [1\n",           // a syntax error
            "a: 1\n---\nb: 2\n", // two documents
            "a: &x [*x]\n",      // an alias inside its own anchor
            "",                  // nothing
        ] {
            let read = Tree::read(text)
                .and_then(|t| t.deserialize::<BTreeMap<String, serde_json::Value>>());
            assert!(read.is_none(), "{text:?}");
        }
        // An unknown key of a struct.
        assert!(
            Tree::read("s: x\nz: 1\n")
                .and_then(|t| t.deserialize::<Typed>())
                .is_none()
        );
        // A quoted number is no u16, as serde_yaml says.
        assert!(!agrees::<BTreeMap<u16, String>>("\"200\": ok\n"));
        assert!(agrees::<BTreeMap<u16, String>>("200: ok\n"));
    }

    /// The project's and the fixture's spec files are read by the fast path, into the model
    /// serde_yaml reads.
    #[test]
    fn spec_files_are_read_once_into_the_same_model() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["../spec", "tests/fixture/spec"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let fast = if path.ends_with("package.yaml") {
                    agrees::<crate::spec::PackageFile>(&text)
                } else {
                    agrees::<crate::spec::ServiceFile>(&text)
                };
                assert!(fast, "{} is read by the fast path", path.display());
            }
        }
    }

    #[test]
    fn aliases_read_as_their_anchors() {
        assert!(agrees::<BTreeMap<String, serde_json::Value>>(
            "a: &x { p: 1, q: [a, b] }\nb: *x\n"
        ));
    }
}
