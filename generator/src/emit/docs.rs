//! Doc comments: spec text → `#[doc]` attributes that rustdoc renders without warnings.

use crate::ir::{Constraints, Shape};

/// Joins paragraphs with blank lines, skipping empty ones.
pub fn paragraphs<S: AsRef<str>>(parts: impl IntoIterator<Item = S>) -> String {
    parts
        .into_iter()
        .map(|p| p.as_ref().trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Describes constraints for the docs, or "" when there are none.
pub fn constraints_text(c: &Constraints) -> String {
    let mut parts = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) if min == max => parts.push(format!("exactly {min} characters")),
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters")),
        (Some(min), None) => parts.push(format!("at least {min} characters")),
        (None, Some(max)) => parts.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    if let Some(pattern) = &c.pattern {
        parts.push(format!("matches `{pattern}`"));
    }
    match (c.minimum, c.maximum) {
        (Some(min), Some(max)) => parts.push(format!("from {min} to {max}")),
        (Some(min), None) => parts.push(format!("at least {min}")),
        (None, Some(max)) => parts.push(format!("at most {max}")),
        (None, None) => {}
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} items")),
        (Some(min), None) => parts.push(format!("at least {min} items")),
        (None, Some(max)) => parts.push(format!("at most {max} items")),
        (None, None) => {}
    }
    parts.join("; ")
}

/// The docs of a value: its own text, then what its alias type says, then its constraints
/// (and those of list items).
pub fn value_doc(doc: &str, shape: &Shape, checked: bool) -> String {
    let mut parts = vec![spec_text(doc)];
    if let Some(alias_doc) = &shape.alias_doc
        && alias_doc.trim() != doc.trim()
    {
        parts.push(spec_text(alias_doc));
    }
    let mut constraints = constraints_text(&shape.constraints);
    if let Some(item) = shape.item() {
        let each = match shape.kind {
            crate::ir::Kind::Map(_) => "value",
            _ => "item",
        };
        if let Some(alias_doc) = &item.alias_doc {
            parts.push(format!("Each {each}: {}", spec_text(alias_doc.trim())));
        }
        let items = constraints_text(&item.constraints);
        if !items.is_empty() {
            constraints =
                paragraphs([constraints, format!("each {each} {items}")]).replace("\n\n", "; ");
        }
    }
    if !constraints.is_empty() {
        let when = if checked {
            "checked before sending"
        } else {
            "as documented"
        };
        parts.push(format!("Constraints ({when}): {constraints}."));
    }
    paragraphs(parts)
}

/// Makes text from the spec safe for rustdoc and clippy:
///
/// - bare URLs become autolinks, and `[`, `]`, `<`, `>` outside code are escaped so that they
///   are neither links nor HTML tags;
/// - a code fence without a language becomes a `text` fence, so that it is never run as a doc
///   test (a fence marked `rust` stays one); inside fences nothing changes;
/// - a line that continues a list item without being indented is indented under the item
///   (clippy's `doc_lazy_continuation`).
pub fn spec_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<&str> = None;
    let mut item_indent: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(info) = trimmed
            .strip_prefix("```")
            .or_else(|| trimmed.strip_prefix("~~~"))
        {
            fence = Some(&trimmed[..3]);
            item_indent = None;
            out.push_str(&line[..indent]);
            out.push_str(&trimmed[..3]);
            out.push_str(if info.trim().is_empty() { "text" } else { info });
            continue;
        }
        if trimmed.is_empty() {
            item_indent = None;
        } else if let Some(marker) = list_marker(trimmed) {
            item_indent = Some(indent + marker);
        } else if let Some(under) = item_indent.filter(|under| indent < *under) {
            out.push_str(&" ".repeat(under - indent));
        }
        inline_text(line, &mut out);
    }
    out
}

/// The width of the list marker `trimmed` starts with (`- `, `* `, `+ `, `1. `, `1) `).
fn list_marker(trimmed: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m)) {
        return Some(2);
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// One line outside code fences: autolinks, and brackets escaped outside code spans.
fn inline_text(line: &str, out: &mut String) {
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        // An autolink the spec wrote itself stays as it is.
        if !in_code
            && (rest.starts_with("<https://") || rest.starts_with("<http://"))
            && let Some(end) = rest.find('>')
            && !rest[..end].contains(char::is_whitespace)
        {
            out.push_str(&rest[..=end]);
            rest = &rest[end + 1..];
            continue;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_links_and_brackets() {
        assert_eq!(
            spec_text("See https://example.com/a. Range [1,128] of `list<T>` or <x>"),
            "See <https://example.com/a>. Range \\[1,128\\] of `list<T>` or \\<x\\>"
        );
        assert_eq!(
            spec_text("| 2 | see <https://example.com/h> |"),
            "| 2 | see <https://example.com/h> |"
        );
    }

    #[test]
    fn code_fences_never_run_and_keep_their_text() {
        assert_eq!(
            spec_text(
                "Call it:\n```\nlet x = [1] < 2;\n```\nor in Rust:\n```rust\nfn main() {}\n```"
            ),
            "Call it:\n```text\nlet x = [1] < 2;\n```\nor in Rust:\n```rust\nfn main() {}\n```"
        );
        assert_eq!(
            spec_text("~~~json\n{\"a\": [1]}\n~~~"),
            "~~~json\n{\"a\": [1]}\n~~~"
        );
    }

    #[test]
    fn list_items_continue_indented() {
        assert_eq!(
            spec_text(
                "Values:\n- RUNNING: the run is\ngoing on.\n12. DONE: over\nand done.\n\nAfter."
            ),
            "Values:\n- RUNNING: the run is\n  going on.\n12. DONE: over\n    and done.\n\nAfter."
        );
    }

    #[test]
    fn describes_constraints() {
        let c = Constraints {
            min_length: Some(32),
            max_length: Some(32),
            pattern: Some("^a$".into()),
            ..Constraints::default()
        };
        assert_eq!(constraints_text(&c), "exactly 32 characters; matches `^a$`");
    }
}
