//! Doc comments: spec text → `#[doc]` attributes that rustdoc renders without warnings.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Constraints, Shape};

/// `#[doc = " line"]` attributes for `text` (Markdown), one per line.
///
/// Generator-written Markdown (links included) goes in as is; text from the spec must pass
/// through [`spec_text`] first.
pub fn doc_attrs(text: &str) -> TokenStream {
    let text = text.trim_end();
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#![doc = " line"]` attributes (module or crate docs) for `text`.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let text = text.trim_end();
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

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
    if let crate::ir::Kind::List(item) = &shape.kind {
        if let Some(alias_doc) = &item.alias_doc {
            parts.push(format!("Each item: {}", spec_text(alias_doc.trim())));
        }
        let items = constraints_text(&item.constraints);
        if !items.is_empty() {
            constraints =
                paragraphs([constraints, format!("each item {items}")]).replace("\n\n", "; ");
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

/// Makes text from the spec safe for rustdoc: bare URLs become autolinks, and `[`, `]`, `<`,
/// `>` outside code spans are escaped so that they are neither links nor HTML tags.
pub fn spec_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
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
    out
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
