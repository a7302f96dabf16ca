//! Constraints on one value and what breaking them looks like.

use std::fmt;

use crate::pattern::matches;

/// The limits the spec puts on one value: length and pattern for strings, a range for
/// integers, an item count for lists. Unset limits do not apply.
///
/// `P` is how the pattern is held: `&'static str` in the static operation descriptions of
/// generated code (so a `Constraints` is `Copy` and `const`), `String` in the generator.
///
/// ```
/// # use huaweicloud_devops_rules::Constraints;
/// const ID: Constraints = Constraints::NONE.max_length(32).pattern("^[a-z0-9]+$");
/// let mut problems = Vec::new();
/// ID.check_text("A/B", &mut |p| problems.push(p.to_string()));
/// assert_eq!(problems, ["must match the pattern ^[a-z0-9]+$"]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Constraints<P = &'static str> {
    /// Minimum string length in characters.
    pub min_length: Option<u64>,
    /// Maximum string length in characters.
    pub max_length: Option<u64>,
    /// Regular expression (Rust `regex` syntax) the whole value must match.
    pub pattern: Option<P>,
    /// Inclusive integer minimum.
    pub minimum: Option<i64>,
    /// Inclusive integer maximum.
    pub maximum: Option<i64>,
    /// Minimum number of list items.
    pub min_items: Option<u64>,
    /// Maximum number of list items.
    pub max_items: Option<u64>,
}

impl Constraints {
    /// No limits at all.
    pub const NONE: Constraints = Constraints {
        min_length: None,
        max_length: None,
        pattern: None,
        minimum: None,
        maximum: None,
        min_items: None,
        max_items: None,
    };

    /// With a minimum length in characters.
    pub const fn min_length(mut self, min: u64) -> Self {
        self.min_length = Some(min);
        self
    }

    /// With a maximum length in characters.
    pub const fn max_length(mut self, max: u64) -> Self {
        self.max_length = Some(max);
        self
    }

    /// With a pattern the whole value must match.
    pub const fn pattern(mut self, pattern: &'static str) -> Self {
        self.pattern = Some(pattern);
        self
    }

    /// With an inclusive minimum.
    pub const fn minimum(mut self, min: i64) -> Self {
        self.minimum = Some(min);
        self
    }

    /// With an inclusive maximum.
    pub const fn maximum(mut self, max: i64) -> Self {
        self.maximum = Some(max);
        self
    }

    /// With a minimum number of items.
    pub const fn min_items(mut self, min: u64) -> Self {
        self.min_items = Some(min);
        self
    }

    /// With a maximum number of items.
    pub const fn max_items(mut self, max: u64) -> Self {
        self.max_items = Some(max);
        self
    }
}

impl<P: AsRef<str>> Constraints<P> {
    /// True when nothing is limited.
    pub fn is_empty(&self) -> bool {
        self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
    }

    /// Reports each way `value` breaks the length and pattern limits.
    pub fn check_text(&self, value: &str, report: &mut dyn FnMut(Problem)) {
        if self.min_length.is_some() || self.max_length.is_some() {
            let actual = value.chars().count() as u64;
            let (min, max) = (self.min_length, self.max_length);
            if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
                report(Problem::Length { min, max, actual });
            }
        }
        if let Some(pattern) = &self.pattern {
            let pattern = pattern.as_ref();
            match matches(pattern, value) {
                Ok(true) => {}
                Ok(false) => report(Problem::Pattern(pattern.to_owned())),
                Err(error) => report(Problem::Unchecked(error)),
            }
        }
    }

    /// Reports a `value` outside the range.
    pub fn check_integer(&self, value: i64, report: &mut dyn FnMut(Problem)) {
        let (min, max) = (self.minimum, self.maximum);
        if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
            report(Problem::Range { min, max, value });
        }
    }

    /// Reports an item count outside the limits.
    pub fn check_count(&self, count: usize, report: &mut dyn FnMut(Problem)) {
        let actual = count as u64;
        let (min, max) = (self.min_items, self.max_items);
        if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
            report(Problem::Items { min, max, actual });
        }
    }
}

/// One way a value breaks its constraints. `Display` says it as the end of a sentence whose
/// subject is the value ("`pipeline_id` must match ...").
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// An empty string where a path segment goes.
    Empty,
    /// `.` or `..` where a path segment goes: URL parsers resolve them even percent-encoded.
    DotSegment(String),
    /// A length outside the limits.
    Length {
        /// Minimum length.
        min: Option<u64>,
        /// Maximum length.
        max: Option<u64>,
        /// The value's length in characters.
        actual: u64,
    },
    /// The value does not match the pattern.
    Pattern(String),
    /// An integer outside the range.
    Range {
        /// Inclusive minimum.
        min: Option<i64>,
        /// Inclusive maximum.
        max: Option<i64>,
        /// The value.
        value: i64,
    },
    /// An item count outside the limits.
    Items {
        /// Minimum count.
        min: Option<u64>,
        /// Maximum count.
        max: Option<u64>,
        /// The count.
        actual: u64,
    },
    /// The pattern itself does not compile, so the value cannot be checked.
    Unchecked(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => f.write_str("must not be empty"),
            Problem::DotSegment(value) => {
                write!(f, "must not be `{value}`, which would change the path")
            }
            Problem::Length { min, max, actual } => match (min, max) {
                (Some(min), Some(max)) if min == max => {
                    write!(f, "must be exactly {min} characters long, not {actual}")
                }
                (Some(min), _) if actual < min => {
                    write!(f, "must be at least {min} characters long, not {actual}")
                }
                (_, Some(max)) => write!(f, "must be at most {max} characters long, not {actual}"),
                _ => write!(f, "has a length of {actual} characters"),
            },
            Problem::Pattern(pattern) => write!(f, "must match the pattern {pattern}"),
            Problem::Range { min, max, value } => match (min, max) {
                (Some(min), Some(max)) => write!(f, "must be from {min} to {max}, not {value}"),
                (Some(min), None) => write!(f, "must be at least {min}, not {value}"),
                (None, Some(max)) => write!(f, "must be at most {max}, not {value}"),
                (None, None) => write!(f, "is {value}"),
            },
            Problem::Items { min, max, actual } => {
                let bounds = match (min, max) {
                    (Some(min), Some(max)) => format!("{min} to {max}"),
                    (Some(min), None) => format!("at least {min}"),
                    (None, Some(max)) => format!("at most {max}"),
                    (None, None) => "any number of".to_owned(),
                };
                write!(f, "must have {bounds} items, not {actual}")
            }
            Problem::Unchecked(error) => write!(f, "cannot be checked: {error}"),
        }
    }
}

/// `Ok` when `pattern` compiles as the rules compile it, else the compiler's complaint.
///
/// # Errors
///
/// The last line of `regex`'s error message, which says what is wrong.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    crate::pattern::check(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(check: impl FnOnce(&mut dyn FnMut(Problem))) -> Vec<String> {
        let mut found = Vec::new();
        check(&mut |p| found.push(p.to_string()));
        found
    }

    #[test]
    fn every_limit_reports_in_words() {
        let exact = Constraints::NONE.min_length(32).max_length(32);
        assert_eq!(
            problems(|r| exact.check_text("abc", r)),
            ["must be exactly 32 characters long, not 3"]
        );
        let short = Constraints::NONE.min_length(2);
        assert_eq!(
            problems(|r| short.check_text("a", r)),
            ["must be at least 2 characters long, not 1"]
        );
        let long = Constraints::NONE.max_length(1).pattern("^[a-z]+$");
        assert_eq!(
            problems(|r| long.check_text("A/", r)),
            [
                "must be at most 1 characters long, not 2",
                "must match the pattern ^[a-z]+$"
            ]
        );
        let range = Constraints::NONE.minimum(0).maximum(999);
        assert_eq!(
            problems(|r| range.check_integer(1000, r)),
            ["must be from 0 to 999, not 1000"]
        );
        let items = Constraints::NONE.min_items(1);
        assert_eq!(
            problems(|r| items.check_count(0, r)),
            ["must have at least 1 items, not 0"]
        );
    }

    #[test]
    fn valid_values_pass_and_lengths_count_characters() {
        let c = Constraints::NONE.min_length(2).max_length(2);
        assert!(problems(|r| c.check_text("界界", r)).is_empty());
        let id = Constraints::NONE.pattern("^[A-Za-z0-9]{32}$");
        assert!(problems(|r| id.check_text("794514e0a3184e5db0a4740112deee0f", r)).is_empty());
        let range = Constraints::NONE.minimum(0).maximum(999);
        assert!(problems(|r| range.check_integer(0, r)).is_empty());
        assert!(Constraints::NONE.is_empty() && !id.is_empty());
    }

    #[test]
    fn owned_patterns_follow_the_same_rules() {
        let owned = Constraints::<String> {
            pattern: Some("^x$".to_owned()),
            ..Constraints::default()
        };
        assert_eq!(
            problems(|r| owned.check_text("y", r)),
            ["must match the pattern ^x$"]
        );
    }

    #[test]
    fn a_broken_pattern_is_a_problem_not_a_panic() {
        let broken = Constraints::NONE.pattern("(");
        let found = problems(|r| broken.check_text("a", r));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("cannot be checked"), "{found:?}");
        assert!(check_pattern("(").is_err());
        assert!(check_pattern("^[a-z]{2}$").is_ok());
    }
}
