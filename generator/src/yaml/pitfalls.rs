//! Classic YAML pitfalls, recognised in the text around a problem so that its help line names
//! the real fix rather than the symptom:
//!
//! - a flow mapping cut by an unquoted comma: in `{ doc: Last build time, epoch ms. }` the
//!   comma ends the value, and `epoch ms.` becomes a key of its own;
//! - `yes`, `no`, `on`, `off` for a boolean: the spec is read as YAML 1.2, where they are
//!   strings;
//! - an unquoted version or code read as a number (`1.10` is the number 1.1);
//! - a plain value starting with a character YAML reserves (`@`, `` ` ``) or gives a meaning
//!   (`*` an alias, `&` an anchor).
//!
//! Each function returns the help line, or `None` when the text shows no such pitfall.

use crate::source_map::Position;

/// The text of line `line` (1-based), without its line break.
fn line_at(text: &str, line: usize) -> Option<&str> {
    text.lines()
        .nth(line.checked_sub(1)?)
        .map(|l| l.trim_end_matches('\r'))
}

/// The byte offset in `line` of the 1-based character column `column`.
fn byte_of(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// Whether the byte offset `at` of `line` is inside a flow collection (`{ }` or `[ ]`).
fn in_flow(line: &str, at: usize) -> bool {
    let before = &line[..at];
    before.matches(['{', '[']).count() > before.matches(['}', ']']).count()
}

/// The plain scalar that starts at byte `at` of `line`: up to a comment, the end of the line,
/// or inside a flow collection the next `,`, `}` or `]`.
fn plain_scalar(line: &str, at: usize) -> &str {
    let rest = &line[at..];
    let mut end = rest.find(" #").unwrap_or(rest.len());
    if in_flow(line, at)
        && let Some(i) = rest.find([',', '}', ']'])
    {
        end = end.min(i);
    }
    rest[..end].trim_end()
}

/// The plain scalar written at `at` of `text`, as written (`None` for a quoted scalar, a
/// collection or a position outside the text).
pub(crate) fn scalar_at(text: &str, at: Position) -> Option<&str> {
    let line = line_at(text, at.line)?;
    let start = byte_of(line, at.column);
    let rest = &line[start..];
    if rest.starts_with(['"', '\'', '{', '[', '|', '>', '&', '*', '!']) {
        return None;
    }
    Some(plain_scalar(line, start))
}

/// `text` as a double-quoted YAML scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The help for an unknown key at `at` that is a piece of a value cut off by an unquoted comma
/// in a flow mapping: the key directly follows, after a comma on the same line, an entry whose
/// value is a plain scalar, and has no value of its own.
pub fn unknown_key(text: &str, at: Position) -> Option<String> {
    let line = line_at(text, at.line)?;
    let start = byte_of(line, at.column);
    if !in_flow(line, start) {
        return None;
    }
    let before = line[..start].trim_end().strip_suffix(',')?;
    let rest = &line[start..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    let fragment = rest[..end].trim();
    if fragment.is_empty() || fragment.contains(": ") || fragment.ends_with(':') {
        return None;
    }
    let open = before.rfind('{')?;
    let inner = &before[open + 1..];
    let parts: Vec<&str> = inner.split(',').collect();
    let entry = parts.iter().rposition(|p| p.contains(": "))?;
    if parts[entry + 1..].iter().any(|p| p.contains(':')) {
        return None;
    }
    let (key, value) = parts[entry].split_once(": ")?;
    let value = value.trim_start();
    if value.is_empty() || value.starts_with(['"', '\'', '{', '[', '|', '>']) {
        return None;
    }
    let entry_start = open + 1 + parts[..entry].iter().map(|p| p.len() + 1).sum::<usize>();
    let value_start = entry_start + parts[entry].len() - value.len();
    let whole = line[value_start..start + end].trim_end();
    Some(format!(
        "in a flow mapping (`{{ }}`) a comma ends the value, so `{fragment}` became a key of its own; quote the value: {}: {}",
        key.trim(),
        quoted(whole)
    ))
}

/// The help for a value of the wrong type at `at`, whose serde `message` says what was found
/// and expected.
pub fn type_error(text: &str, at: Position, message: &str) -> Option<String> {
    let line = line_at(text, at.line)?;
    let start = byte_of(line, at.column);
    let written = plain_scalar(line, start);
    if message.contains("expected a boolean") {
        let word = written.to_ascii_lowercase();
        let truth = match word.as_str() {
            "yes" | "y" | "on" => "true",
            "no" | "n" | "off" => "false",
            _ => return None,
        };
        return Some(format!(
            "the spec is read as YAML 1.2, where `{written}` is a string, not a boolean: write `{truth}`"
        ));
    }
    if message.contains("expected a string") || message.contains("expected a borrowed string") {
        if message.starts_with("invalid type: unit value") {
            return Some(
                "the value is empty, which YAML reads as null: write the text, or \"\" for an empty string"
                    .into(),
            );
        }
        let number = message.starts_with("invalid type: floating point")
            || message.starts_with("invalid type: integer");
        if (number || message.starts_with("invalid type: boolean")) && !written.is_empty() {
            let read_as = if number { "a number" } else { "a boolean" };
            return Some(format!(
                "YAML reads `{written}` as {read_as}; quote it to keep it as written: {}",
                quoted(written)
            ));
        }
    }
    None
}

/// The help for a YAML syntax error at `at`, when its line (or the one before) has a plain
/// value starting with a character YAML reserves or gives a meaning to.
pub fn syntax_error(text: &str, at: Position) -> Option<String> {
    for line_number in [at.line, at.line.saturating_sub(1)] {
        let Some(line) = line_at(text, line_number) else {
            continue;
        };
        for (i, c) in line.char_indices() {
            if !matches!(c, '@' | '`' | '*' | '&') {
                continue;
            }
            let prefix = line[..i].trim_end();
            let starts_value = prefix.is_empty()
                || prefix.ends_with(':')
                || prefix.ends_with(['-', ',', '[', '{']);
            if !starts_value || (prefix.is_empty() && line_number != at.line) {
                continue;
            }
            let value = plain_scalar(line, i);
            let meaning = match c {
                '*' => "it starts an alias",
                '&' => "it starts an anchor",
                _ => "it is reserved",
            };
            return Some(format!(
                "a plain YAML value cannot start with `{c}` ({meaning}): quote it: {}",
                quoted(value)
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn a_flow_mapping_cut_by_a_comma() {
        let text = "x:\n  ts: { type: int64, doc: Last build time, epoch ms. }\n";
        let help = unknown_key(text, at(2, 44)).unwrap();
        assert!(
            help.ends_with("quote the value: doc: \"Last build time, epoch ms.\""),
            "{help}"
        );
        let text = "x: { doc: a, b, c }\n";
        assert!(
            unknown_key(text, at(1, 17))
                .unwrap()
                .ends_with("doc: \"a, b, c\"")
        );
        // A real key with a value, a block mapping and a quoted value are no such pitfall.
        assert_eq!(unknown_key("x: { doc: a, colour: red }\n", at(1, 14)), None);
        assert_eq!(unknown_key("x:\n  colour: red\n", at(2, 3)), None);
        assert_eq!(unknown_key("x: { doc: \"a\", b }\n", at(1, 16)), None);
    }

    #[test]
    fn booleans_versions_and_reserved_characters() {
        let help = type_error(
            "required: yes\n",
            at(1, 11),
            "invalid type: string \"yes\", expected a boolean",
        );
        assert!(help.unwrap().ends_with("write `true`"));
        let help = type_error(
            "  version: 1.10\n",
            at(1, 12),
            "invalid type: floating point `1.1`, expected a string",
        );
        assert!(
            help.unwrap()
                .ends_with("quote it to keep it as written: \"1.10\"")
        );
        let help = syntax_error("doc: @mention me\n", at(1, 6)).unwrap();
        assert!(help.ends_with("quote it: \"@mention me\""), "{help}");
        assert_eq!(syntax_error("doc: a@b\n", at(1, 6)), None);
    }
}
