//! Method chains, as rustfmt's `chains.rs` (block indent style) lays them out.

use super::list::List;
use super::{
    CHAIN_WIDTH, Expr, FN_CALL_WIDTH, Link, LinkKind, Shape, TAB, first_line_width, fits,
    last_line_width, newline_indent, width,
};

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
pub(super) fn chain(
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
