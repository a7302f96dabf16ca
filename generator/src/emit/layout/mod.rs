//! Expressions laid out exactly as rustfmt (default configuration, style edition 2024) lays
//! them out, so that generated files need no formatter run.
//!
//! Only the expression forms the emitters write are modelled: atoms (literals, paths, field
//! accesses: text that never breaks), calls, method chains, struct literals, arrays, `&`. The
//! rules follow rustfmt's own source (`overflow.rs`, `chains.rs`, `expr.rs`, `lists.rs`):
//! a list of arguments goes on one line when it fits within its width heuristic
//! (`fn_call_width` 60, `array_width` 60, `struct_lit_width` 18, `chain_width` 60), may let
//! its last argument overflow onto following lines, and otherwise goes one item per line. A
//! rewrite that cannot fit returns `None`, as in rustfmt, and callers fall back the same way.
//!
//! `tests/layout.rs` checks random expressions against the rustfmt of the toolchain.

mod chain;
mod list;

use unicode_width::UnicodeWidthStr;

use chain::chain;
use list::{List, struct_literal};

/// rustfmt's `max_width`.
pub const MAX_WIDTH: usize = 100;
const TAB: usize = 4;
const FN_CALL_WIDTH: usize = 60;
const ARRAY_WIDTH: usize = 60;
const CHAIN_WIDTH: usize = 60;
const STRUCT_LIT_WIDTH: usize = 18;
const SHORT_ARRAY_ELEMENT_WIDTH: usize = 10;

/// An expression to lay out.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Text that never breaks: a literal, a path, `self.field`, `None`.
    Atom {
        /// The text.
        text: String,
        /// rustfmt's "simple" expression: a literal, a one-segment path, field accesses of one.
        simple: bool,
        /// A string literal, which rustfmt (style edition 2024) keeps even where it does not
        /// fit.
        string: bool,
    },
    /// `callee(args)`; a tuple when `callee` is empty.
    Call(String, Vec<Expr>),
    /// `root?.child...`: the root, the `?`s right after it, the links.
    Chain(Box<Expr>, usize, Vec<Link>),
    /// `Path { field: value, .. }`; a field without a value is shorthand.
    Struct(String, Vec<(String, Option<Expr>)>),
    /// `&[items]` or `vec![items]`: the text before the items (`&[`, `[`, `vec![`).
    Array(&'static str, Vec<Expr>),
    /// `&expr`.
    Ref(Box<Expr>),
}

/// One link of a method chain, with the number of `?` after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// What the link is.
    pub kind: LinkKind,
    /// How many `?` follow it.
    pub tries: usize,
}

/// The kinds of chain link.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// `.name(args)` (with turbofish, if any, in the name).
    Method(String, Vec<Expr>),
    /// `.name`.
    Field(String),
    /// `.await`.
    Await,
}

/// A literal or other atom (see [`Expr::Atom`]), its simplicity judged from its text.
pub fn atom(text: impl Into<String>) -> Expr {
    let text = text.into();
    let literal = text.starts_with(|c: char| c.is_ascii_digit() || c == '"' || c == '-')
        || text.starts_with("r#\"")
        || text.starts_with("r\"")
        || text.starts_with("b\"")
        || text == "true"
        || text == "false";
    let string = ["\"", "r\"", "r#", "b\""]
        .iter()
        .any(|p| text.starts_with(p));
    let path_like = text
        .trim_start_matches('&')
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    Expr::Atom {
        simple: literal || path_like,
        string,
        text,
    }
}

/// A string literal of `text`, escaped as Rust writes it.
pub fn string(text: &str) -> Expr {
    atom(format!("{text:?}"))
}

/// `callee(args)`.
pub fn call(callee: impl Into<String>, args: Vec<Expr>) -> Expr {
    Expr::Call(callee.into(), args)
}

/// `(items)`: a tuple of two or more items, laid out as a call without a callee.
pub fn tuple(items: Vec<Expr>) -> Expr {
    Expr::Call(String::new(), items)
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Ref(Box::new(expr))
}

/// `Path { fields }`.
pub fn structure(path: impl Into<String>, fields: Vec<(String, Option<Expr>)>) -> Expr {
    Expr::Struct(path.into(), fields)
}

/// `open items ]`, with `open` one of `&[`, `[`, `vec![`.
pub fn array(open: &'static str, items: Vec<Expr>) -> Expr {
    Expr::Array(open, items)
}

impl Expr {
    /// `self.name(args)` as a chain link (the chain is flattened as rustfmt sees it).
    #[must_use]
    pub fn method(self, name: impl Into<String>, args: Vec<Expr>) -> Expr {
        self.link(LinkKind::Method(name.into(), args))
    }

    /// `self.name`.
    #[must_use]
    pub fn field(self, name: impl Into<String>) -> Expr {
        self.link(LinkKind::Field(name.into()))
    }

    /// `self.await`.
    #[must_use]
    pub fn await_(self) -> Expr {
        self.link(LinkKind::Await)
    }

    /// `self?`.
    #[must_use]
    pub fn try_(self) -> Expr {
        match self {
            Expr::Chain(root, tries, mut links) => {
                match links.last_mut() {
                    Some(last) => last.tries += 1,
                    None => return Expr::Chain(root, tries + 1, links),
                }
                Expr::Chain(root, tries, links)
            }
            other => Expr::Chain(Box::new(other), 1, Vec::new()),
        }
    }

    fn link(self, kind: LinkKind) -> Expr {
        let link = Link { kind, tries: 0 };
        match self {
            Expr::Chain(root, tries, mut links) => {
                links.push(link);
                Expr::Chain(root, tries, links)
            }
            other => Expr::Chain(Box::new(other), 0, vec![link]),
        }
    }

    fn is_simple(&self) -> bool {
        match self {
            Expr::Atom { simple, .. } => *simple,
            Expr::Ref(inner) => inner.is_simple(),
            Expr::Chain(root, _, links) => {
                links.iter().all(|l| matches!(l.kind, LinkKind::Field(_))) && root.is_simple()
            }
            _ => false,
        }
    }

    /// rustfmt's `can_be_overflowed_expr` for the last of `count` arguments.
    fn can_overflow(&self, count: usize) -> bool {
        match self {
            Expr::Array(..) | Expr::Struct(..) | Expr::Call(..) => count == 1,
            Expr::Chain(root, _, links) if links.is_empty() => root.can_overflow(count),
            Expr::Chain(_, _, links) => count == 1 && is_method_call(links),
            Expr::Ref(inner) => inner.can_overflow(count),
            Expr::Atom { .. } => false,
        }
    }

    /// rustfmt's `is_nested_call`.
    fn is_nested_call(&self) -> bool {
        match self {
            // A tuple is no call.
            Expr::Call(callee, _) => !callee.is_empty(),
            // `vec![...]` is a macro call.
            Expr::Array(open, _) => open.ends_with("!["),
            Expr::Ref(inner) => inner.is_nested_call(),
            Expr::Chain(root, _, links) => links.is_empty() && root.is_nested_call(),
            _ => false,
        }
    }

    fn is_method_call(&self) -> bool {
        match self {
            Expr::Chain(root, _, links) if links.is_empty() => root.is_method_call(),
            Expr::Chain(_, _, links) => is_method_call(links),
            Expr::Ref(inner) => inner.is_method_call(),
            _ => false,
        }
    }

    /// Lays the expression out in `shape`: the first line starts at the shape's column, later
    /// lines carry their full indentation. `None` when it cannot fit, as in rustfmt.
    pub fn rewrite(&self, shape: Shape) -> Option<String> {
        self.rewrite_in(shape, false)
    }

    fn rewrite_in(&self, shape: Shape, one_line_chain: bool) -> Option<String> {
        match self {
            Expr::Atom { text, string, .. } => {
                if *string || width(text) <= shape.width {
                    Some(text.clone())
                } else {
                    None
                }
            }
            Expr::Ref(inner) => {
                let inner = inner.rewrite_in(shape.offset_left(1)?, one_line_chain)?;
                Some(format!("&{inner}"))
            }
            Expr::Call(callee, args) => {
                let callee = Expr::Atom {
                    text: callee.clone(),
                    simple: false,
                    string: false,
                }
                .rewrite(shape)?;
                List::new(
                    &callee,
                    "(",
                    ")",
                    args,
                    shape,
                    FN_CALL_WIDTH,
                    one_line_chain,
                )
                .rewrite()
            }
            Expr::Array(open, items) => {
                let (ident, bracket) = open.split_at(open.len() - 1);
                List::new(
                    ident,
                    bracket,
                    "]",
                    items,
                    shape,
                    ARRAY_WIDTH,
                    one_line_chain,
                )
                .rewrite()
            }
            Expr::Struct(path, fields) => struct_literal(path, fields, shape, one_line_chain),
            Expr::Chain(root, tries, links) => chain(root, *tries, links, shape, one_line_chain),
        }
    }
}

impl Expr {
    /// The expression on one line, whatever its width: valid Rust for rustfmt to lay out
    /// where this module cannot.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        let list = |out: &mut String, items: &[Expr]| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                item.write_flat(out);
            }
        };
        match self {
            Expr::Atom { text, .. } => out.push_str(text),
            Expr::Ref(inner) => {
                out.push('&');
                inner.write_flat(out);
            }
            Expr::Call(callee, args) => {
                out.push_str(callee);
                out.push('(');
                list(out, args);
                out.push(')');
            }
            Expr::Array(open, items) => {
                out.push_str(open);
                list(out, items);
                out.push(']');
            }
            Expr::Struct(path, fields) => {
                out.push_str(path);
                if fields.is_empty() {
                    out.push_str(" {}");
                    return;
                }
                out.push_str(" { ");
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    if let Some(value) = value {
                        out.push_str(": ");
                        value.write_flat(out);
                    }
                }
                out.push_str(" }");
            }
            Expr::Chain(root, tries, links) => {
                root.write_flat(out);
                out.push_str(&"?".repeat(*tries));
                for link in links {
                    match &link.kind {
                        LinkKind::Method(name, args) => {
                            out.push('.');
                            out.push_str(name);
                            out.push('(');
                            list(out, args);
                            out.push(')');
                        }
                        LinkKind::Field(name) => {
                            out.push('.');
                            out.push_str(name);
                        }
                        LinkKind::Await => out.push_str(".await"),
                    }
                    out.push_str(&"?".repeat(link.tries));
                }
            }
        }
    }
}

/// Whether a chain ends in a method call (`x.f()?` is a `Try` around one, which counts).
fn is_method_call(links: &[Link]) -> bool {
    links
        .last()
        .is_some_and(|l| matches!(l.kind, LinkKind::Method(..)))
}

/// rustfmt's `Shape` in block-indent style: the block indentation of the line, the column
/// offset from it where the text starts, and the width left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Block indentation, in spaces.
    pub indent: usize,
    /// Columns between the indentation and the start of the text.
    pub offset: usize,
    /// Columns left for the text.
    pub width: usize,
}

impl Shape {
    /// A line at `indent`, with the whole width to the right margin.
    pub fn indented(indent: usize) -> Shape {
        Shape {
            indent,
            offset: 0,
            width: MAX_WIDTH.saturating_sub(indent),
        }
    }

    /// The text starts `n` columns further right.
    pub fn offset_left(self, n: usize) -> Option<Shape> {
        Some(Shape {
            offset: self.offset + n,
            width: self.width.checked_sub(n)?,
            ..self
        })
    }

    /// `n` columns at the end are taken (by `;`, `,`, `)`...).
    pub fn sub_width(self, n: usize) -> Option<Shape> {
        Some(Shape {
            width: self.width.checked_sub(n)?,
            ..self
        })
    }

    fn block_indent(self, n: usize) -> Shape {
        Shape {
            indent: self.indent + n,
            offset: 0,
            ..self
        }
    }

    fn with_max_width(self) -> Shape {
        Shape {
            width: MAX_WIDTH.saturating_sub(self.indent),
            ..self
        }
    }

    fn used_width(self) -> usize {
        self.indent + self.offset
    }

    fn rhs_overhead(self) -> usize {
        MAX_WIDTH.saturating_sub(self.used_width() + self.width)
    }
}

/// Display width, as rustfmt measures it (ASCII, nearly all generated text, by its length).
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.width()
    }
}

fn first_line_width(text: &str) -> usize {
    width(text.split('\n').next().unwrap_or(""))
}

fn last_line_width(text: &str) -> usize {
    width(text.rsplit('\n').next().unwrap_or(""))
}

fn newline_indent(indent: usize) -> String {
    let mut out = String::with_capacity(indent + 1);
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
    out
}

/// rustfmt's `filtered_str_fits`/`wrap_str`.
fn fits(text: &str, shape: Shape) -> bool {
    if first_line_width(text) > shape.width {
        return false;
    }
    if !text.contains('\n') {
        return true;
    }
    if text.split('\n').skip(1).any(|line| width(line) > MAX_WIDTH) {
        return false;
    }
    last_line_width(text) <= shape.used_width() + shape.width
}

/// `lhs = rhs` (`let x = ...`, `self.x = ...`) as rustfmt's `rewrite_assign_rhs` writes it,
/// `lhs` ending in ` =`; `shape` is the statement's, without the `;`.
pub fn assign(lhs: &str, rhs: &Expr, shape: Shape) -> Option<String> {
    let orig_shape = shape
        .offset_left(last_line_width(lhs) + 1)
        .unwrap_or(Shape {
            width: 0,
            offset: shape.offset + last_line_width(lhs) + 1,
            ..shape
        });
    let orig = rhs.rewrite(orig_shape);
    if let Some(text) = &orig
        && !text.contains('\n')
        && width(text) <= orig_shape.width
    {
        return Some(format!("{lhs} {text}"));
    }
    let new_shape = Shape::indented(shape.indent + TAB).sub_width(orig_shape.rhs_overhead())?;
    let new = rhs.rewrite(new_shape);
    let next_line = newline_indent(shape.indent + TAB);
    match (orig, new) {
        (Some(orig), Some(new)) if !fits(&new, new_shape) => Some(format!("{lhs} {orig}")),
        (Some(orig), Some(new)) if prefer_next_line(&orig, &new) => {
            Some(format!("{lhs}{next_line}{new}"))
        }
        (None, Some(new)) => Some(format!("{lhs}{next_line}{new}")),
        (None, None) => None,
        (Some(orig), _) => Some(format!("{lhs} {orig}")),
    }
}

fn prefer_next_line(orig: &str, next: &str) -> bool {
    let first_ends = |text: &str, c: char| text.split('\n').next().unwrap_or("").ends_with(c);
    !next.contains('\n')
        || orig.matches('\n').count() > next.matches('\n').count() + 1
        || first_ends(orig, '(') && !first_ends(next, '(')
        || first_ends(orig, '{') && !first_ends(next, '{')
        || first_ends(orig, '[') && !first_ends(next, '[')
}

/// `expr;` at `indent`, or `None` when rustfmt could not lay it out (it then keeps the
/// statement as written; emitters avoid such statements).
pub fn statement(expr: &Expr, indent: usize) -> Option<String> {
    let text = expr.rewrite(Shape::indented(indent).sub_width(1)?)?;
    Some(format!("{text};"))
}

/// `let name = expr;` at `indent`.
pub fn let_statement(pattern: &str, expr: &Expr, indent: usize) -> Option<String> {
    let text = assign(
        &format!("let {pattern} ="),
        expr,
        Shape::indented(indent).sub_width(1)?,
    )?;
    Some(format!("{text};"))
}

/// A block's tail expression at `indent`.
pub fn tail(expr: &Expr, indent: usize) -> Option<String> {
    expr.rewrite(Shape::indented(indent))
}
