//! Delimited lists (call arguments, array items) and struct literals, as rustfmt's
//! `overflow.rs`, `lists.rs` and `expr.rs` lay them out.

use super::{
    Expr, SHORT_ARRAY_ELEMENT_WIDTH, STRUCT_LIT_WIDTH, Shape, TAB, first_line_width,
    last_line_width, newline_indent, width,
};

/// How a list of items is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tactic {
    Horizontal,
    Vertical,
    Mixed,
}

/// rustfmt's `overflow::Context`: a delimited list of expressions after an identifier.
pub(super) struct List<'a> {
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
    pub(super) fn new(
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

    pub(super) fn rewrite(&self) -> Option<String> {
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
        let mut tactic = definitive_tactic(rewrites, self.item_max_width.min(self.one_line_width));
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
                    tactic =
                        definitive_tactic(rewrites, self.item_max_width.min(self.one_line_width));
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
fn definitive_tactic(rewrites: &[Option<String>], limit: usize) -> Tactic {
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
pub(super) fn struct_literal(
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
        Some(w) => definitive_tactic(&rewrites, w),
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
