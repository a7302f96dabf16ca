//! Rust naming: case conversion (heck) and identifier rules.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `PlantTree` → `plant_tree`, `X-Trace-Id` → `x_trace_id`.
///
/// ```
/// assert_eq!(codegen::names::snake("X-Trace-Id"), "x_trace_id");
/// ```
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `ASYNC_RUNNING` → `AsyncRunning`, `stage_status` → `StageStatus`.
///
/// ```
/// assert_eq!(codegen::names::pascal("ASYNC_RUNNING"), "AsyncRunning");
/// ```
pub fn pascal(name: &str) -> String {
    name.to_upper_camel_case()
}

/// `garden-client` → `garden_client`.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// Why `name` cannot be used as a Rust identifier, if it cannot.
pub fn ident_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("an identifier cannot be empty".to_owned());
    }
    if is_keyword(name) {
        return Some(format!("`{name}` is a Rust keyword"));
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    let starts_well = first == '_' || first.is_ascii_alphabetic();
    if !starts_well || !chars.all(|c| c == '_' || c.is_ascii_alphanumeric()) || name == "_" {
        return Some(format!(
            "`{name}` is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit)"
        ));
    }
    None
}

/// True for strict and reserved Rust keywords (edition 2024), which cannot be plain identifiers.
pub fn is_keyword(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
    ];
    KEYWORDS.contains(&name)
}

/// A close match for `name` among `candidates`, for "did you mean" hints.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::levenshtein(&name.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| {
            *distance <= 2.max(c.len() / 3)
                || (name.len() >= 3 && c.to_lowercase().starts_with(&name.to_lowercase()))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(snake("PlantTree"), "plant_tree");
        assert_eq!(snake("X-Trace-Id"), "x_trace_id");
        assert_eq!(pascal("ASYNC_RUNNING"), "AsyncRunning");
        assert_eq!(pascal("RollBack"), "RollBack");
        assert_eq!(pascal("MR"), "Mr");
    }

    #[test]
    fn identifiers() {
        assert!(ident_problem("job_id").is_none());
        assert!(ident_problem("type").unwrap().contains("keyword"));
        assert!(ident_problem("9lives").is_some());
        assert!(ident_problem("a-b").is_some());
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("Strng", ["string", "boolean"]), Some("string"));
        assert_eq!(closest("bool", ["string", "boolean"]), Some("boolean"));
        assert_eq!(closest("zzz", ["string", "boolean"]), None);
    }
}
