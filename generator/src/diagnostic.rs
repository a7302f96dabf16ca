//! Problems found in a spec, each tied to a file, line and column, with what to change.
//!
//! [`Diagnostics::render`] shows them as rustc does: the message, the file and position, the
//! offending YAML line with a caret under the item, and a help line saying what to change.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config};

use crate::source::SourceFile;
use crate::source_map::Position;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Severity {
    /// The spec cannot be generated: nothing is written until it is fixed.
    #[default]
    Error,
    /// The spec is generated, but something is probably not what its author meant (an
    /// operation without an example has no conformance test, a named type nothing uses).
    Warning,
}

/// One problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops generation.
    pub severity: Severity,
    /// The spec file, as the caller named it (e.g. `spec/garden.yaml`).
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub message: String,
    /// What to change.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `position` of `file`.
    pub fn new(file: &str, position: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_owned(),
            position,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `position` of `file`: reported, but generation goes on.
    pub fn warning(file: &str, position: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(file, position, message)
        }
    }

    /// True for an error, false for a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `error` or `warning`, as the diagnostic is labelled.
    pub fn label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// Adds what to change.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file,
            self.position.line,
            self.position.column,
            self.label(),
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in a spec, in file and position order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file and position and drops exact repeats, so output is stable.
    pub fn sorted(mut self) -> Diagnostics {
        self.0.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.0.dedup();
        self
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many errors (not warnings) there are.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// The closing line: how many errors and warnings, e.g. `2 problems in the spec` or
    /// `1 problem in the spec (and 3 warnings)` or `3 warnings in the spec`.
    fn summary(&self) -> (&'static str, String) {
        let errors = self.error_count();
        let warnings = self.0.len() - errors;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if errors == 0 && warnings > 0 {
            return (
                "warning",
                format!("{warnings} warning{} in the spec", plural(warnings)),
            );
        }
        let mut line = format!("{errors} problem{} in the spec", plural(errors));
        if warnings > 0 {
            line.push_str(&format!(" (and {warnings} warning{})", plural(warnings)));
        }
        ("error", line)
    }

    /// Every problem rendered as rustc renders errors, without colours: the message, an arrow
    /// to `file:line:column`, the offending YAML line with carets under the item and a
    /// `= help:` line, then a count. `sources` are the files the problems refer to; a problem
    /// in a file that is not among them (or beyond its end) is shown without the source line.
    pub fn render(&self, sources: &[SourceFile]) -> String {
        let mut files = SimpleFiles::new();
        let ids: Vec<(&str, usize)> = sources
            .iter()
            .map(|s| (s.path.as_str(), files.add(s.path.clone(), s.text.clone())))
            .collect();
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let mut out = String::new();
        for diagnostic in &self.0 {
            let source = sources
                .iter()
                .zip(&ids)
                .find(|(s, _)| s.path == diagnostic.file);
            let report = match diagnostic.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            };
            let mut report = report.with_message(&diagnostic.message);
            if let Some(help) = &diagnostic.help {
                report = report.with_notes(vec![format!("help: {help}")]);
            }
            let rendered = source
                .and_then(|(s, (_, id))| {
                    let span = item_span(&s.text, diagnostic.position)?;
                    let report = report.clone().with_labels(vec![Label::primary(*id, span)]);
                    term::emit_into_string(&config, &files, &report).ok()
                })
                .unwrap_or_else(|| plain(diagnostic));
            out.push_str(rendered.trim_end());
            out.push_str("\n\n");
        }
        let (label, summary) = self.summary();
        out.push_str(&format!("{label}: {summary}\n"));
        out
    }
}

/// A problem without a source line to show, laid out like the rendered ones.
fn plain(diagnostic: &Diagnostic) -> String {
    let mut out = format!(
        "{}: {}\n  --> {}:{}:{}\n",
        diagnostic.label(),
        diagnostic.message,
        diagnostic.file,
        diagnostic.position.line,
        diagnostic.position.column
    );
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  = help: {help}\n"));
    }
    out
}

/// The byte range of the YAML item that starts at `position`: a quoted scalar up to its
/// closing quote, a flow collection up to its closing bracket, otherwise a plain scalar up to
/// `: `, ` #`, the end of the line or (inside `{ }` / `[ ]`) the next `,`, `}` or `]`. At
/// least one character, so that the caret always shows. `None` when the position is outside
/// the text.
fn item_span(text: &str, position: Position) -> Option<Range<usize>> {
    let line_start = if position.line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(position.line - 2)
            .map(|(i, _)| i + 1)?
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let column = position.column.max(1) - 1;
    let start = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let in_flow = {
        let before = &line[..start];
        before.matches(['{', '[']).count() > before.matches(['}', ']']).count()
    };
    let len = match rest.chars().next() {
        None => 0,
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |i| i + 2),
        Some(open @ ('{' | '[')) => {
            let close = if open == '{' { '}' } else { ']' };
            rest.rfind(close).map_or(rest.len(), |i| i + 1)
        }
        Some(_) => {
            let mut end = rest.len();
            for stop in [": ", " #"] {
                if let Some(i) = rest.find(stop) {
                    end = end.min(i);
                }
            }
            if rest.ends_with(':') {
                end = end.min(rest.len() - 1);
            }
            if in_flow && let Some(i) = rest.find([',', '}', ']']) {
                end = end.min(i);
            }
            rest[..end].trim_end().len()
        }
    };
    let start = line_start + start;
    let end = (start + len.max(1)).min(text.len());
    Some(start..end.max(start))
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        f.write_str(&self.summary().1)
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_item() {
        let text = "a: 1\nkey: { type: Foo, x: 2 }\nhttp: \"GET /x\" # c\nlast:\n";
        let at = |line, column| {
            let r = item_span(text, Position { line, column }).unwrap();
            &text[r]
        };
        assert_eq!(at(1, 1), "a");
        assert_eq!(at(2, 14), "Foo");
        assert_eq!(at(2, 6), "{ type: Foo, x: 2 }");
        assert_eq!(at(3, 7), "\"GET /x\"");
        assert_eq!(at(4, 1), "last");
        assert_eq!(item_span(text, Position { line: 9, column: 1 }), None);
    }
}
