//! Checking request values against the spec's constraints before anything is sent.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use crate::{ConfigValue, Error, Violation};

/// Collects every constraint a request breaks, so the caller sees all of them at once.
/// Generated `check` code calls it; [`finish`](Self::finish) turns the result into an error.
#[derive(Debug)]
pub struct Violations {
    operation: &'static str,
    list: Vec<Violation>,
}

impl Violations {
    /// An empty collection for `operation`.
    pub fn new(operation: &'static str) -> Violations {
        Violations {
            operation,
            list: Vec::new(),
        }
    }

    fn push(&mut self, field: &str, problem: String) {
        self.list.push(Violation {
            field: field.to_owned(),
            problem,
        });
    }

    /// A path parameter must not be empty, `.` or `..`: each would change the path (URL
    /// parsers resolve dot segments even when they are percent-encoded).
    pub fn non_empty(&mut self, field: &str, value: &str) {
        match value {
            "" => self.push(field, "must not be empty".to_owned()),
            "." | ".." => self.push(
                field,
                format!("must not be `{value}`, which would change the path"),
            ),
            _ => {}
        }
    }

    /// Length in characters, inclusive bounds.
    pub fn length(&mut self, field: &str, value: &str, min: Option<u64>, max: Option<u64>) {
        let length = value.chars().count() as u64;
        let problem = match (min, max) {
            (Some(min), Some(max)) if min == max && length != min => Some(format!(
                "must be exactly {min} characters long, not {length}"
            )),
            (Some(min), _) if length < min => Some(format!(
                "must be at least {min} characters long, not {length}"
            )),
            (_, Some(max)) if length > max => Some(format!(
                "must be at most {max} characters long, not {length}"
            )),
            _ => None,
        };
        if let Some(problem) = problem {
            self.push(field, problem);
        }
    }

    /// The whole value must match `pattern` (the spec's regular expression).
    pub fn pattern(&mut self, field: &str, value: &str, pattern: &'static str) {
        match matches(pattern, value) {
            Ok(true) => {}
            Ok(false) => self.push(field, format!("must match the pattern {pattern}")),
            Err(error) => self.push(field, format!("cannot be checked: {error}")),
        }
    }

    /// Inclusive integer range.
    pub fn range(&mut self, field: &str, value: i64, min: Option<i64>, max: Option<i64>) {
        if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
            let bounds = match (min, max) {
                (Some(min), Some(max)) => format!("from {min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => String::new(),
            };
            self.push(field, format!("must be {bounds}, not {value}"));
        }
    }

    /// Number of list items, inclusive bounds.
    pub fn items(&mut self, field: &str, count: usize, min: Option<u64>, max: Option<u64>) {
        let count = count as u64;
        if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
            let bounds = match (min, max) {
                (Some(min), Some(max)) => format!("{min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => String::new(),
            };
            self.push(field, format!("must have {bounds} items, not {count}"));
        }
    }

    /// A parameter that neither the request nor the configuration sets.
    pub fn unset(&mut self, field: &str, value: ConfigValue) {
        self.push(field, format!("is not set: {}", value.how_to_set()));
    }

    /// `Ok` when nothing was found, else `Error::InvalidRequest` with every problem.
    pub fn finish(self) -> Result<(), Error> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidRequest {
                operation: self.operation,
                violations: self.list,
            })
        }
    }
}

/// Patterns are compiled once and kept: the set is the spec's, small and fixed.
fn matches(pattern: &'static str, value: &str) -> Result<bool, regex::Error> {
    static COMPILED: LazyLock<Mutex<HashMap<&'static str, Regex>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut compiled = COMPILED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(regex) = compiled.get(pattern) {
        return Ok(regex.is_match(value));
    }
    let regex = Regex::new(pattern)?;
    let matched = regex.is_match(value);
    compiled.insert(pattern, regex);
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(f: impl FnOnce(&mut Violations)) -> Vec<String> {
        let mut v = Violations::new("Op");
        f(&mut v);
        match v.finish() {
            Ok(()) => Vec::new(),
            Err(Error::InvalidRequest { violations, .. }) => {
                violations.iter().map(ToString::to_string).collect()
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn every_constraint_reports() {
        let found = problems(|v| {
            v.non_empty("a", "");
            v.length("b", "abc", Some(32), Some(32));
            v.length("c", "ab", Some(1), Some(1));
            v.pattern("d", "a/b", "^[A-Za-z0-9]{32}$");
            v.range("e", 1000, Some(0), Some(999));
            v.items("f", 0, Some(1), None);
            v.unset("g", ConfigValue::ProjectId);
        });
        assert_eq!(
            found,
            vec![
                "`a` must not be empty",
                "`b` must be exactly 32 characters long, not 3",
                "`c` must be exactly 1 characters long, not 2",
                "`d` must match the pattern ^[A-Za-z0-9]{32}$",
                "`e` must be from 0 to 999, not 1000",
                "`f` must have at least 1 items, not 0",
                "`g` is not set: set it on the request, or configure a project id with Config::project_id",
            ]
        );
    }

    #[test]
    fn valid_values_pass() {
        let found = problems(|v| {
            v.non_empty("a", "x");
            v.length("b", "界界", Some(2), Some(2));
            v.pattern("d", "794514e0a3184e5db0a4740112deee0f", "^[A-Za-z0-9]{32}$");
            v.range("e", 0, Some(0), Some(999));
            v.items("f", 1, Some(1), Some(1));
        });
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_broken_pattern_is_a_violation_not_a_panic() {
        let found = problems(|v| v.pattern("x", "a", "("));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("`x` cannot be checked"));
    }
}
