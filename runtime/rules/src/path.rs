//! Path templates: `{name}` placeholders filled with percent-encoded values.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::Problem;

/// Everything but `A-Z a-z 0-9 - _ . ~` is escaped, `/`, `?`, `#` and `%` included, as the
/// official SDK does. A value can therefore never add a segment, a query or a fragment.
pub const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Fills every `{name}` of `template` with its value from `params`, percent-encoded.
///
/// # Errors
///
/// The name of a placeholder that `params` does not give, gives empty, or gives as `.` or
/// `..`: URL parsers resolve those (even percent-encoded) as "this" and "parent" segments,
/// so no encoding keeps them from changing the path.
///
/// ```
/// # use huaweicloud_devops_rules::expand_path;
/// let path = expand_path("/v2/tasks/{task_id}/stop", &[("task_id", "../a/b?c#d")]);
/// assert_eq!(path.unwrap(), "/v2/tasks/..%2Fa%2Fb%3Fc%23d/stop");
/// ```
pub fn expand_path(template: &str, params: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err(after.to_owned());
        };
        let name = &after[..end];
        match params.iter().find(|(n, _)| *n == name) {
            Some((_, value)) if path_value_problem(value).is_none() => {
                out.extend(utf8_percent_encode(value, PATH_VALUE));
            }
            _ => return Err(name.to_owned()),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Why `value` cannot fill a path placeholder, if it cannot: an empty value, `.` or `..`
/// would change the path (URL parsers resolve dot segments even when percent-encoded).
pub fn path_value_problem(value: &str) -> Option<Problem> {
    match value {
        "" => Some(Problem::Empty),
        "." | ".." => Some(Problem::DotSegment(value.to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_change_the_path() {
        let cases = [
            ("../x", "..%2Fx"),
            ("a/b?c#d", "a%2Fb%3Fc%23d"),
            ("a b/c+d~é", "a%20b%2Fc%2Bd~%C3%A9"),
            ("%2F", "%252F"),
            ("...", "..."),
        ];
        for (value, encoded) in cases {
            let path = expand_path("/v2/tasks/{id}/stop", &[("id", value)]).unwrap();
            assert_eq!(path, format!("/v2/tasks/{encoded}/stop"), "{value}");
        }
    }

    #[test]
    fn every_placeholder_is_filled() {
        let path = expand_path("/v1/{a}/x/{b}", &[("b", "2"), ("a", "1")]).unwrap();
        assert_eq!(path, "/v1/1/x/2");
        assert_eq!(expand_path("/v1/{a}", &[]), Err("a".to_owned()));
        for unusable in ["", ".", ".."] {
            assert_eq!(
                expand_path("/v1/{a}", &[("a", unusable)]),
                Err("a".to_owned())
            );
        }
        assert_eq!(expand_path("/v3/jobs/stop", &[]).unwrap(), "/v3/jobs/stop");
    }
}
