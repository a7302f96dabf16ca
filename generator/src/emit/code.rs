//! A writer of Rust source text in its final layout: the layout rustfmt gives (default
//! configuration, style edition 2024), so that generated files need no formatter.
//!
//! Items, attributes, doc comments and signatures are laid out here, expressions by
//! [`layout`](super::layout). Where the writer cannot be sure of rustfmt's layout (a line too
//! long for any layout it knows, a statement rustfmt would keep as written), it still writes
//! valid Rust and marks the file [`unsure`](Code::unsure): such a file goes through rustfmt.

use super::layout::{self, Expr, MAX_WIDTH, Shape, width};

/// Source text being written, with the current block indentation.
#[derive(Debug, Default)]
pub struct Code {
    out: String,
    indent: usize,
    unsure: bool,
    empty_struct: bool,
}

impl Code {
    /// An empty file.
    pub fn new() -> Self {
        Code {
            out: String::with_capacity(16 * 1024),
            indent: 0,
            unsure: false,
            empty_struct: false,
        }
    }

    /// The text, and whether it still needs rustfmt.
    pub fn finish(self) -> (String, bool) {
        (self.out, self.unsure)
    }

    /// Whether `text` fits on one line at the current indentation.
    pub fn fits(&self, text: &str) -> bool {
        self.indent + width(text) <= MAX_WIDTH
    }

    /// One line at the current indentation (a line too wide makes the file unsure).
    pub fn line(&mut self, text: &str) {
        if self.indent + width(text) > MAX_WIDTH {
            self.unsure = true;
        }
        self.raw_line(text);
    }

    /// Several lines, each at the current indentation plus what it carries.
    fn raw_line(&mut self, text: &str) {
        if !text.is_empty() {
            self.out.extend(std::iter::repeat_n(' ', self.indent));
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// Text laid out by [`layout`], its first line at the current indentation and the
    /// others already indented.
    fn laid_out(&mut self, text: &str) {
        self.out.extend(std::iter::repeat_n(' ', self.indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// `head {`, and one level deeper.
    pub fn open(&mut self, head: &str) {
        self.line(&format!("{head} {{"));
        self.indent += 4;
    }

    /// `head {` for a struct with fields, or the whole `head {}` for one without (then
    /// [`close_struct`](Self::close_struct) writes nothing).
    pub fn open_struct(&mut self, head: &str, empty: bool) {
        if empty {
            self.line(&format!("{head} {{}}"));
            self.empty_struct = true;
        } else {
            self.open(head);
        }
    }

    /// The end of a struct opened with [`open_struct`](Self::open_struct).
    pub fn close_struct(&mut self) {
        if std::mem::take(&mut self.empty_struct) {
            return;
        }
        self.close("}");
    }

    /// One level out, and `}` (or `};`, `},`).
    pub fn close(&mut self, tail: &str) {
        self.indent -= 4;
        self.line(tail);
    }

    /// `/// line` for each line of `text` (Markdown).
    pub fn doc(&mut self, text: &str) {
        self.comment_lines("///", text);
    }

    /// `//! line` for each line of `text`.
    pub fn inner_doc(&mut self, text: &str) {
        self.comment_lines("//!", text);
    }

    fn comment_lines(&mut self, marker: &str, text: &str) {
        for line in text.trim_end().lines() {
            let line = line.trim_end();
            self.out.extend(std::iter::repeat_n(' ', self.indent));
            self.out.push_str(marker);
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
    }

    /// `#[name(args)]`: on one line when it fits (more than one argument: within rustfmt's
    /// `attr_fn_like_width`, 70), else one argument per line.
    pub fn attr(&mut self, name: &str, args: &[String]) {
        let total: usize = args.iter().map(|a| width(a)).sum::<usize>() + 2 * (args.len() - 1);
        // `#[` name `(` ... `)]`
        let room = MAX_WIDTH.saturating_sub(self.indent + 2 + width(name) + 2 + 1);
        let limit = if args.len() == 1 { room } else { room.min(70) };
        if total <= limit {
            self.line(&format!("#[{name}({})]", args.join(", ")));
            return;
        }
        self.line(&format!("#[{name}("));
        self.indent += 4;
        let last = args.len() - 1;
        for (i, arg) in args.iter().enumerate() {
            if i == last {
                self.line(arg);
            } else {
                self.line(&format!("{arg},"));
            }
        }
        self.indent -= 4;
        self.line(")]");
    }

    /// `#[derive(...)]` (a line too wide makes the file unsure).
    pub fn derive(&mut self, traits: &[&str]) {
        self.line(&format!("#[derive({})]", traits.join(", ")));
    }

    /// A function head and `{`: `prefix(params) suffix {`, its parameters one per line when
    /// the head does not fit on one. `suffix` is the return type part (` -> T`) or empty.
    pub fn fn_open(&mut self, prefix: &str, params: &[String], suffix: &str) {
        let one = format!("{prefix}({}){suffix} {{", params.join(", "));
        if self.indent + width(&one) <= MAX_WIDTH {
            self.line(&one);
        } else if params.is_empty() {
            // rustfmt puts the return type on a line of its own, at the head's indentation.
            self.line(&format!("{prefix}()"));
            self.line(&format!("{} {{", suffix.trim_start()));
        } else {
            self.line(&format!("{prefix}("));
            self.indent += 4;
            for p in params {
                self.line(&format!("{p},"));
            }
            self.indent -= 4;
            // rustfmt measures this last line with its indentation counted twice; when the
            // brace does not fit by that measure, it goes on a line of its own.
            let close = format!("){suffix}");
            if 2 * self.indent + width(&close) + 2 > MAX_WIDTH {
                self.line(&close);
                self.line("{");
            } else {
                self.line(&format!("{close} {{"));
            }
        }
        self.indent += 4;
    }

    /// `expr;`.
    pub fn stmt(&mut self, expr: &Expr) {
        match layout::statement(expr, self.indent) {
            Some(text) => self.laid_out(&text),
            None => self.fallback(expr, ";"),
        }
    }

    /// `let pattern = expr;`.
    pub fn let_(&mut self, pattern: &str, expr: &Expr) {
        match layout::let_statement(pattern, expr, self.indent) {
            Some(text) => self.laid_out(&text),
            None => {
                self.unsure = true;
                let text = expr.flat();
                self.line(&format!("let {pattern} = {text};"));
            }
        }
    }

    /// `lhs = expr;` (`lhs` without the `=`), e.g. `self.x = value;` or an item
    /// `pub static X: T = value;`.
    pub fn assign(&mut self, lhs: &str, expr: &Expr) {
        let shape = Shape::indented(self.indent).sub_width(1);
        match shape.and_then(|s| layout::assign(&format!("{lhs} ="), expr, s)) {
            Some(text) => self.laid_out(&format!("{text};")),
            None => {
                self.unsure = true;
                let text = expr.flat();
                self.line(&format!("{lhs} = {text};"));
            }
        }
    }

    /// A block's tail expression.
    pub fn tail(&mut self, expr: &Expr) {
        match layout::tail(expr, self.indent) {
            Some(text) => self.laid_out(&text),
            None => self.fallback(expr, ""),
        }
    }

    fn fallback(&mut self, expr: &Expr, end: &str) {
        self.unsure = true;
        let text = expr.flat();
        self.line(&format!("{text}{end}"));
    }
}

/// rustfmt's version sort (style edition 2024) of two names, as it orders imports: runs of
/// digits compare as numbers, an `_` comes before anything else, other runs compare as text.
pub fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn chunks(text: &str) -> impl Iterator<Item = &str> {
        let mut rest = text;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let end = if first == '_' {
                1
            } else if first.is_ascii_digit() {
                rest.find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len())
            } else {
                rest.find(|c: char| c == '_' || c.is_ascii_digit())
                    .unwrap_or(rest.len())
            };
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some(chunk)
        })
    }
    let (mut a, mut b) = (chunks(a), chunks(b));
    loop {
        let (x, y) = match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => (x, y),
        };
        let order = match (x == "_", y == "_") {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => match (x.parse::<u128>(), y.parse::<u128>()) {
                (Ok(m), Ok(n)) => m.cmp(&n).then(x.len().cmp(&y.len())),
                _ => x.cmp(y),
            },
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Greater, Less};

    use super::version_cmp;

    #[test]
    fn names_are_version_sorted_as_rustfmt_sorts_imports() {
        assert_eq!(
            version_cmp("huaweicloud_devops", "huaweicloud_devops_runtime"),
            Less
        );
        assert_eq!(version_cmp("a_b", "ab"), Less);
        assert_eq!(version_cmp("x2", "x10"), Less);
        assert_eq!(
            version_cmp("prop_client", "huaweicloud_devops_runtime"),
            Greater
        );
    }
}
