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

use unicode_width::UnicodeWidthStr;

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
    /// `callee(args)`.
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
            Expr::Call(..) => true,
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

/// Display width, as rustfmt measures it.
pub fn width(text: &str) -> usize {
    text.width()
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

/// How a list of items is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tactic {
    Horizontal,
    Vertical,
    Mixed,
}

/// rustfmt's `overflow::Context`: a delimited list of expressions after an identifier.
struct List<'a> {
    ident: &'a str,
    open: &'a str,
    close: &'a str,
    items: &'a [Expr],
    shape: Shape,
    item_max_width: usize,
    one_line_width: usize,
    one_line_shape: Option<Shape>,
    nested_shape: Shape,
    /// rustfmt's `force_one_line_chain`, set while an overflowing last item is tried.
    one_line: bool,
}

impl<'a> List<'a> {
    fn new(
        ident: &'a str,
        open: &'a str,
        close: &'a str,
        items: &'a [Expr],
        shape: Shape,
        item_max_width: usize,
        one_line: bool,
    ) -> Self {
        let used_width = if ident.contains('\n') {
            last_line_width(ident).saturating_sub(shape.used_width())
        } else {
            width(ident)
        };
        let one_line_width = shape.width.saturating_sub(used_width + 2);
        let one_line_shape = shape
            .offset_left(last_line_width(ident) + 1)
            .and_then(|s| s.sub_width(1));
        let nested_shape = shape
            .block_indent(TAB)
            .with_max_width()
            .sub_width(1)
            .unwrap_or(Shape {
                width: 0,
                ..shape.block_indent(TAB)
            });
        List {
            ident,
            open,
            close,
            items,
            shape,
            item_max_width,
            one_line_width,
            one_line_shape,
            nested_shape,
            one_line,
        }
    }

    fn rewrite(&self) -> Option<String> {
        let (tactic, items) = self.rewrite_items()?;
        Some(self.wrap(&items, tactic == Tactic::Horizontal))
    }

    fn rewrite_items(&self) -> Option<(Tactic, String)> {
        if self.items.is_empty() {
            return Some((Tactic::Horizontal, String::new()));
        }
        let mut rewrites: Vec<Option<String>> = self
            .items
            .iter()
            .map(|item| item.rewrite_in(self.nested_shape, self.one_line))
            .collect();
        let tactic = self.try_overflow_last_item(&mut rewrites);
        let rewrites: Vec<String> = rewrites.into_iter().collect::<Option<_>>()?;
        Some((tactic, self.write(&rewrites, tactic)))
    }

    fn try_overflow_last_item(&self, rewrites: &mut [Option<String>]) -> Tactic {
        let n = self.items.len();
        let last = &self.items[n - 1];
        let combine_arg_with_callee = n == 1 && width(self.ident) < TAB;
        let overflow_last = combine_arg_with_callee || last.can_overflow(n);
        let placeholder = if overflow_last {
            let one_line_chain =
                self.one_line || (!combine_arg_with_callee && last.is_method_call());
            self.last_item_shape(rewrites).and_then(|shape| {
                let rewrite = last.rewrite_in(shape, one_line_chain)?;
                rewrites[n - 1] = Some(rewrite.split('\n').next().unwrap_or("").to_owned());
                Some(rewrite)
            })
        } else {
            None
        };
        let mut tactic = definitive_tactic(
            rewrites,
            self.item_max_width.min(self.one_line_width),
            false,
        );
        match (overflow_last, tactic, placeholder) {
            (true, Tactic::Horizontal, Some(overflowed)) if n == 1 => {
                if overflowed.matches('\n').count() == 1 {
                    let nested = last.rewrite_in(self.nested_shape, self.one_line);
                    if nested.as_ref().is_some_and(|s| !s.contains('\n')) {
                        rewrites[n - 1] = nested;
                    } else {
                        rewrites[n - 1] = Some(overflowed);
                    }
                } else {
                    rewrites[n - 1] = Some(overflowed);
                }
            }
            (true, Tactic::Horizontal, Some(overflowed)) => rewrites[n - 1] = Some(overflowed),
            _ => {
                rewrites[n - 1] = last.rewrite_in(self.nested_shape, self.one_line);
                let single = &rewrites[0];
                if n == 1
                    && self.one_line_width != 0
                    && single
                        .as_ref()
                        .is_some_and(|s| !s.contains('\n') && width(s) <= self.one_line_width)
                {
                    tactic = Tactic::Horizontal;
                } else {
                    tactic = definitive_tactic(
                        rewrites,
                        self.item_max_width.min(self.one_line_width),
                        false,
                    );
                    if tactic == Tactic::Vertical
                        && self.items.iter().all(Expr::is_simple)
                        && rewrites.iter().all(|r| {
                            r.as_ref()
                                .is_some_and(|s| width(s) <= SHORT_ARRAY_ELEMENT_WIDTH)
                        })
                    {
                        tactic = Tactic::Mixed;
                    }
                }
            }
        }
        tactic
    }

    /// rustfmt's `last_item_shape`.
    fn last_item_shape(&self, rewrites: &[Option<String>]) -> Option<Shape> {
        let shape = self.one_line_shape?;
        if self.items.len() == 1 && !self.items[0].is_nested_call() {
            return Some(shape);
        }
        let mut offset = 0;
        for r in &rewrites[..rewrites.len() - 1] {
            offset += 2 + r.as_ref().map_or(0, |s| width(s));
        }
        Shape {
            width: self.item_max_width.min(shape.width),
            ..shape
        }
        .offset_left(offset)
    }

    fn write(&self, rewrites: &[String], tactic: Tactic) -> String {
        match tactic {
            Tactic::Horizontal => rewrites.join(", "),
            Tactic::Vertical => {
                let sep = format!(",{}", newline_indent(self.nested_shape.indent));
                let mut out = rewrites.join(&sep);
                out.push(',');
                out
            }
            Tactic::Mixed => {
                let mut out = String::new();
                let mut line = 0;
                for (i, r) in rewrites.iter().enumerate() {
                    let total = width(r) + 1;
                    if i > 0 && line + 1 + total > self.nested_shape.width {
                        out.push_str(&newline_indent(self.nested_shape.indent));
                        line = 0;
                    }
                    if line > 0 {
                        out.push(' ');
                        line += 1;
                    }
                    out.push_str(r);
                    out.push(',');
                    line += total;
                }
                out
            }
        }
    }

    fn wrap(&self, items: &str, extendable: bool) -> String {
        let shape_width = self.shape.width.saturating_sub(last_line_width(self.ident));
        let extend_width = if items.is_empty() {
            2
        } else {
            first_line_width(items) + 1
        };
        let mut out = String::with_capacity(self.ident.len() + items.len() + 16);
        out.push_str(self.ident);
        out.push_str(self.open);
        if extendable && extend_width <= shape_width {
            out.push_str(items);
        } else {
            if !items.is_empty() {
                out.push_str(&newline_indent(self.nested_shape.indent));
                out.push_str(items);
            }
            out.push_str(&newline_indent(self.shape.indent));
        }
        out.push_str(self.close);
        out
    }
}

/// rustfmt's `definitive_tactic` for `LimitedHorizontalVertical(limit)` (or
/// `HorizontalVertical` with `limit` the width): one line when the items and their `, `
/// separators fit and none spans lines.
fn definitive_tactic(rewrites: &[Option<String>], limit: usize, _mixed: bool) -> Tactic {
    let total: usize = rewrites
        .iter()
        .map(|r| r.as_ref().map_or(0, |s| width(s)))
        .sum::<usize>()
        + 2 * rewrites.len().saturating_sub(1);
    let multiline = rewrites
        .iter()
        .any(|r| r.as_ref().is_some_and(|s| s.contains('\n')));
    if total <= limit && !multiline {
        Tactic::Horizontal
    } else {
        Tactic::Vertical
    }
}

/// rustfmt's `rewrite_struct_lit` (no base, no attributes).
fn struct_literal(
    path: &str,
    fields: &[(String, Option<Expr>)],
    shape: Shape,
    one_line: bool,
) -> Option<String> {
    if width(path) > shape.sub_width(2)?.width {
        return None;
    }
    if fields.is_empty() {
        return Some(format!("{path} {{}}"));
    }
    let v_shape = shape.block_indent(TAB).with_max_width();
    let h_width = shape
        .width
        .checked_sub(width(path) + 3 + 2)
        .map(|w| w.min(STRUCT_LIT_WIDTH));
    let item_shape = v_shape.sub_width(1)?;
    let mut rewrites = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        rewrites.push(Some(field(name, value.as_ref(), item_shape, one_line)?));
    }
    let tactic = match h_width {
        Some(w) => definitive_tactic(&rewrites, w, false),
        None => Tactic::Vertical,
    };
    let rewrites: Vec<String> = rewrites
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let body = match tactic {
        Tactic::Horizontal => rewrites.join(", "),
        _ => {
            let sep = format!(",{}", newline_indent(v_shape.indent));
            let mut out = rewrites.join(&sep);
            out.push(',');
            out
        }
    };
    let vertical = body.contains('\n') || width(&body) > h_width.unwrap_or(0);
    if vertical {
        Some(format!(
            "{path} {{{}{body}{}}}",
            newline_indent(v_shape.indent),
            newline_indent(shape.indent)
        ))
    } else {
        Some(format!("{path} {{ {body} }}"))
    }
}

/// One `name: value` (or shorthand `name`) of a struct literal.
fn field(name: &str, value: Option<&Expr>, shape: Shape, one_line: bool) -> Option<String> {
    let Some(value) = value else {
        return Some(name.to_owned());
    };
    let overhead = width(name) + 2;
    let rewrite = shape
        .offset_left(overhead)
        .and_then(|s| value.rewrite_in(s, one_line));
    match rewrite {
        Some(text) => Some(format!("{name}: {text}")),
        None => {
            let indent = shape.indent + TAB;
            let text = value.rewrite_in(Shape::indented(indent), one_line)?;
            Some(format!("{name}:{}{text}", newline_indent(indent)))
        }
    }
}

/// One link of a chain, as rustfmt's `ChainItem::rewrite`.
fn link(link: &Link, shape: Shape, one_line: bool) -> Option<String> {
    let shape = shape.sub_width(link.tries)?;
    let text = match &link.kind {
        LinkKind::Method(name, args) => {
            let callee = format!(".{name}");
            List::new(&callee, "(", ")", args, shape, FN_CALL_WIDTH, one_line).rewrite()?
        }
        LinkKind::Field(name) => format!(".{name}"),
        LinkKind::Await => ".await".to_owned(),
    };
    Some(format!("{text}{}", "?".repeat(link.tries)))
}

/// rustfmt's `ChainFormatterBlock`.
fn chain(
    root: &Expr,
    tries: usize,
    links: &[Link],
    shape: Shape,
    one_line: bool,
) -> Option<String> {
    let mut root_text = root.rewrite_in(shape.sub_width(tries)?, one_line)?;
    root_text.push_str(&"?".repeat(tries));
    if links.is_empty() {
        return Some(root_text);
    }
    let child_count = links.len();
    let mut root_block = is_block_like(root, &root_text);
    let tab_width = TAB.saturating_sub(shape.offset);
    let mut children = links;
    while width(&root_text) <= tab_width && !root_text.contains('\n') {
        let s = shape.offset_left(width(&root_text))?;
        match link(&children[0], s, one_line) {
            Some(text) => root_text.push_str(&text),
            None => break,
        }
        root_block = last_line_extendable(&root_text);
        children = &children[1..];
        if children.is_empty() {
            break;
        }
    }
    if children.is_empty() {
        return fits(&root_text, shape).then_some(root_text);
    }
    let child_shape = if root_block {
        shape.block_indent(0)
    } else {
        shape.block_indent(TAB)
    }
    .with_max_width();
    let mut rewrites = vec![root_text];
    for l in &children[..children.len() - 1] {
        rewrites.push(link(l, child_shape, one_line)?);
    }
    // The last link.
    let last = &children[children.len() - 1];
    let extendable = root_block && last_line_extendable(&rewrites[0]);
    let almost_total = if extendable {
        last_line_width(&rewrites[0])
    } else {
        rewrites.iter().map(|r| width(r)).sum()
    } + last.tries;
    let one_line_budget = if child_count == 1 {
        shape.width
    } else {
        shape.width.min(CHAIN_WIDTH)
    }
    .saturating_sub(almost_total);
    let all_in_one_line = rewrites.iter().all(|r| !r.contains('\n')) && one_line_budget > 0;
    let last_shape = if all_in_one_line {
        shape.sub_width(last.tries)?
    } else if extendable {
        child_shape.sub_width(last.tries)?
    } else {
        child_shape.sub_width(shape.rhs_overhead() + last.tries)?
    };
    let mut fits_single_line = false;
    let mut last_text = None;
    if (all_in_one_line || extendable)
        && let Some(one_line_shape) = last_shape.offset_left(almost_total)
        && let Some(rw) = link(last, one_line_shape, one_line)
    {
        let line_count = rw.split('\n').count();
        let could_fit = first_line_width(&rw) <= one_line_budget;
        if could_fit && line_count >= 5 {
            last_text = Some(rw);
            fits_single_line = all_in_one_line;
        } else {
            let own_line = child_shape.sub_width(shape.rhs_overhead() + last.tries)?;
            match link(last, own_line, one_line) {
                Some(new) if !could_fit => last_text = Some(new),
                Some(new) if new.split('\n').count() >= line_count => {
                    last_text = Some(rw);
                    fits_single_line = could_fit && all_in_one_line;
                }
                Some(new) => last_text = Some(new),
                None => {
                    last_text = Some(rw);
                    fits_single_line = could_fit && all_in_one_line;
                }
            }
        }
    }
    let last_text = match last_text {
        Some(text) => text,
        None => link(last, last_shape, one_line)?,
    };
    rewrites.push(last_text);
    let joined = if fits_single_line {
        rewrites.concat()
    } else {
        if one_line {
            return None;
        }
        rewrites.join(&newline_indent(child_shape.indent))
    };
    fits(&joined, shape).then_some(joined)
}

/// rustfmt's `is_block_expr` for a chain's parent.
fn is_block_like(root: &Expr, text: &str) -> bool {
    match root {
        Expr::Call(..) | Expr::Struct(..) | Expr::Array(..) | Expr::Chain(..) => {
            text.contains('\n')
        }
        Expr::Ref(inner) => is_block_like(inner, text),
        Expr::Atom { .. } => false,
    }
}

/// rustfmt's `last_line_extendable`: the last line is only closing delimiters.
fn last_line_extendable(text: &str) -> bool {
    if !text.contains('\n') {
        return false;
    }
    let last = text.rsplit('\n').next().unwrap_or("");
    last.trim_start()
        .chars()
        .all(|c| matches!(c, ')' | ']' | '}' | '?' | '>'))
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
