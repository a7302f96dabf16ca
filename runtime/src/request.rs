//! What generated request types give the runtime, and the validation of request values.

use std::fmt;

use serde::Serialize;

use crate::{Constraints, Error, Operation, Violation};

/// A request of one operation, as a generated request type describes itself to the runtime.
///
/// Generated code implements it; the runtime reads the values, fills configured defaults,
/// validates, and sends ([`Client::send`](crate::Client::send)).
pub trait Request {
    /// The operation this request is for.
    fn operation(&self) -> &'static Operation;

    /// The value of each parameter, in the order of [`Operation::params`].
    fn params(&self) -> Vec<ParamValue<'_>>;

    /// The JSON body, when the request carries one.
    fn body(&self) -> Option<&dyn Body> {
        None
    }

    /// The body, when the request carries one that is not JSON (text, bytes, a form); a
    /// request gives a [`body`](Self::body) or a payload, never both.
    fn payload(&self) -> Option<crate::Payload<'_>> {
        None
    }
}

/// The value of one parameter of a request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ParamValue<'a> {
    /// Not set on the request (a configured default may fill it).
    Unset,
    /// A string.
    Text(&'a str),
    /// An integer.
    Integer(i64),
    /// A floating-point number, written as JSON writes it (`1.5`, `2.0`).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A list (query parameters only): repeated or comma-joined, as the
    /// [`Param`](crate::Param)'s style says.
    List(Vec<ParamValue<'a>>),
}

impl<'a> ParamValue<'a> {
    /// The value of a request field: `ParamValue::of(&self.limit)`.
    pub fn of<T: ToParam + ?Sized>(value: &'a T) -> ParamValue<'a> {
        value.to_param()
    }
}

/// Request field types that can be parameter values.
pub trait ToParam {
    /// This value as a parameter value.
    fn to_param(&self) -> ParamValue<'_>;
}

impl ToParam for str {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::Text(self)
    }
}

impl ToParam for String {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::Text(self)
    }
}

impl ToParam for i32 {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::Integer(i64::from(*self))
    }
}

impl ToParam for i64 {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::Integer(*self)
    }
}

impl ToParam for f64 {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::Float(*self)
    }
}

impl ToParam for bool {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::Bool(*self)
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn to_param(&self) -> ParamValue<'_> {
        ParamValue::List(self.iter().map(ToParam::to_param).collect())
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> ParamValue<'_> {
        self.as_ref().map_or(ParamValue::Unset, ToParam::to_param)
    }
}

/// A request body: validated, then written as JSON the way the official SDK writes it.
///
/// Every type that is [`Serialize`] and [`Validate`] is one.
pub trait Body: Validate {
    /// Appends the JSON of this body to `out`.
    ///
    /// # Errors
    ///
    /// When the value cannot be written as JSON.
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error>;
}

impl<T: Serialize + Validate> Body for T {
    fn write_json(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        let mut serializer = serde_json::Serializer::with_formatter(out, SdkJson);
        self.serialize(&mut serializer)
    }
}

/// A value that can be checked against the spec's constraints before it is sent.
///
/// `rules` are the constraints by depth: the first applies to this value, the next to its
/// items (for a list), and so on. Generated structs check their own fields and ignore
/// `rules`; types with nothing to check keep the default, which checks nothing.
pub trait Validate {
    /// Records every constraint this value breaks in `violations`.
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        let _ = (rules, violations);
    }
}

impl Validate for str {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        if let Some(rules) = rules.first() {
            rules.check_text(self, &mut |problem| violations.report(problem));
        }
    }
}

impl Validate for String {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        self.as_str().validate(rules, violations);
    }
}

impl Validate for i32 {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        i64::from(*self).validate(rules, violations);
    }
}

impl Validate for i64 {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        if let Some(rules) = rules.first() {
            rules.check_integer(*self, &mut |problem| violations.report(problem));
        }
    }
}

impl Validate for bool {}

impl Validate for f64 {}

impl Validate for serde_json::Value {}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        if let Some(own) = rules.first() {
            own.check_count(self.len(), &mut |problem| violations.report(problem));
        }
        let inner = rules.get(1..).unwrap_or_default();
        for (index, item) in self.iter().enumerate() {
            violations.path.push(Segment::Index(index));
            item.validate(inner, violations);
            violations.path.pop();
        }
    }
}

/// A map's own rules are ignored (the spec puts none on maps); its values are checked with
/// the next level, each reported under its key (`body.labels["env"]`).
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        let inner = rules.get(1..).unwrap_or_default();
        for (key, value) in self {
            violations.path.push(Segment::Key(key.clone()));
            value.validate(inner, violations);
            violations.path.pop();
        }
    }
}

impl Validate for serde_json::Map<String, serde_json::Value> {}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        if let Some(value) = self {
            value.validate(rules, violations);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        (**self).validate(rules, violations);
    }
}

/// Collects every constraint a request breaks, each with the path of the value that breaks
/// it (`body.tags[0]`), so that the caller sees all of them at once.
///
/// The path is kept as segments and written out only for a value that breaks something, so
/// a valid request costs no allocation here.
#[derive(Debug)]
pub struct Violations {
    operation: &'static str,
    path: Vec<Segment>,
    list: Vec<Violation>,
}

#[derive(Debug, Clone)]
enum Segment {
    Field(&'static str),
    Index(usize),
    Key(String),
}

impl Violations {
    /// An empty collection for `operation`.
    pub fn new(operation: &'static str) -> Violations {
        Violations {
            operation,
            path: Vec::new(),
            list: Vec::new(),
        }
    }

    /// Checks the field `name` of the value being checked.
    pub fn field<T: Validate + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        rules: &[Constraints],
    ) {
        self.path.push(Segment::Field(name));
        value.validate(rules, self);
        self.path.pop();
    }

    /// Records `problem` for the value being checked.
    pub(crate) fn report(&mut self, problem: impl fmt::Display) {
        let field = self.path_text();
        self.list.push(Violation {
            field,
            problem: problem.to_string(),
        });
    }

    /// Records `problem` for the top-level value `name`.
    pub(crate) fn report_at(&mut self, name: &'static str, problem: impl fmt::Display) {
        self.path.push(Segment::Field(name));
        self.report(problem);
        self.path.pop();
    }

    fn path_text(&self) -> String {
        let mut text = String::new();
        for segment in &self.path {
            match segment {
                Segment::Field(name) if text.is_empty() => text.push_str(name),
                Segment::Field(name) => {
                    text.push('.');
                    text.push_str(name);
                }
                Segment::Index(index) => text.push_str(&format!("[{index}]")),
                Segment::Key(key) => text.push_str(&format!("[{key:?}]")),
            }
        }
        text
    }

    /// `Ok` when nothing was found, else `Error::InvalidRequest` with every problem.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` listing every problem found.
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

/// Checks `request` against the spec's constraints, as the client does before sending it;
/// parameters left unset are not checked here (the client checks the configured values that
/// fill them).
///
/// # Errors
///
/// `Error::InvalidRequest` listing every value that breaks a constraint.
pub fn validate(request: &dyn Request) -> Result<(), Error> {
    let operation = request.operation();
    let mut violations = Violations::new(operation.name);
    for (param, value) in operation.params.iter().zip(request.params()) {
        check_param(param, &value, &mut violations);
    }
    if let Some(body) = request.body() {
        violations.field("body", body, operation.body);
    }
    if let Some(payload) = request.payload() {
        payload.validate(operation.body, &mut violations);
    }
    violations.finish()
}

/// Checks one parameter value: a path segment must be usable, and every value must meet the
/// parameter's constraints.
pub(crate) fn check_param(
    param: &crate::Param,
    value: &ParamValue<'_>,
    violations: &mut Violations,
) {
    violations.path.push(Segment::Field(param.name));
    check_param_value(param, value, &param.constraints, violations);
    violations.path.pop();
}

/// Checks one value of `param` (the parameter's own, or an item of a list) against `rules`.
fn check_param_value(
    param: &crate::Param,
    value: &ParamValue<'_>,
    rules: &Constraints,
    violations: &mut Violations,
) {
    match value {
        ParamValue::Text(text) => {
            if param.location == crate::Location::Path
                && let Some(problem) = crate::path_value_problem(text)
            {
                violations.report(problem);
            }
            text.validate(std::slice::from_ref(rules), violations);
        }
        ParamValue::Integer(number) => number.validate(std::slice::from_ref(rules), violations),
        ParamValue::Float(number) if !number.is_finite() => {
            violations.report("is not a finite number");
        }
        ParamValue::List(items) => {
            rules.check_count(items.len(), &mut |problem| violations.report(problem));
            for (index, item) in items.iter().enumerate() {
                violations.path.push(Segment::Index(index));
                check_param_value(param, item, &param.items, violations);
                violations.path.pop();
            }
        }
        ParamValue::Unset | ParamValue::Bool(_) | ParamValue::Float(_) => {}
    }
}

/// JSON with the separators of Python's `json.dumps` defaults, which the official SDK uses,
/// so that the bytes, and with them the payload hash of a signed request, are the same.
struct SdkJson;

impl serde_json::ser::Formatter for SdkJson {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        comma_space(writer, first)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        comma_space(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

/// `", "` before every item but the first.
fn comma_space<W: ?Sized + std::io::Write>(writer: &mut W, first: bool) -> std::io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConfigValue, ErrorStatus, Method, Param};

    #[derive(Serialize)]
    struct Tags {
        tags: Vec<String>,
    }

    impl Validate for Tags {
        fn validate(&self, _: &[Constraints], violations: &mut Violations) {
            violations.field(
                "tags",
                &self.tags,
                &[
                    Constraints::NONE.max_items(2),
                    Constraints::NONE.pattern("^[a-z]+$"),
                ],
            );
        }
    }

    static TAG: Operation = Operation {
        name: "Tag",
        method: Method::PUT,
        path: "/v1/{project_id}/things/{id}",
        content_type: "application/json",
        idempotent: false,
        errors: &[ErrorStatus::with_body(400)],
        params: &[
            Param::path("project_id").or_config(ConfigValue::ProjectId),
            Param::path("id").constrained(Constraints::NONE.max_length(4)),
            Param::query("limit").constrained(Constraints::NONE.minimum(1).maximum(10)),
        ],
        body: &[Constraints::NONE],
    };

    struct TagRequest {
        project_id: Option<String>,
        id: String,
        limit: Option<i32>,
        body: Tags,
    }

    impl Request for TagRequest {
        fn operation(&self) -> &'static Operation {
            &TAG
        }

        fn params(&self) -> Vec<ParamValue<'_>> {
            vec![
                ParamValue::of(&self.project_id),
                ParamValue::of(&self.id),
                ParamValue::of(&self.limit),
            ]
        }

        fn body(&self) -> Option<&dyn Body> {
            Some(&self.body)
        }
    }

    fn problems(request: &TagRequest) -> Vec<String> {
        match validate(request) {
            Ok(()) => Vec::new(),
            Err(Error::InvalidRequest { violations, .. }) => {
                violations.iter().map(ToString::to_string).collect()
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn list_parameters_check_their_count_and_each_item() {
        let param = Param::query("tags")
            .constrained(Constraints::NONE.max_items(2))
            .items_constrained(Constraints::NONE.pattern("^[a-z]+$"));
        let tags = vec!["ok".to_owned(), "Not OK".to_owned(), "x".to_owned()];
        let mut violations = Violations::new("Op");
        check_param(&param, &ParamValue::of(&tags), &mut violations);
        check_param(
            &Param::query("ratio"),
            &ParamValue::of(&f64::NAN),
            &mut violations,
        );
        let Err(Error::InvalidRequest { violations, .. }) = violations.finish() else {
            panic!("the list is too long and an item breaks the pattern");
        };
        let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["tags", "tags[1]", "ratio"]);
    }

    #[test]
    fn map_values_are_checked_under_their_keys() {
        let labels: std::collections::BTreeMap<String, String> = [
            ("env".to_owned(), "park".to_owned()),
            ("zone".to_owned(), "North 1".to_owned()),
        ]
        .into_iter()
        .collect();
        let mut violations = Violations::new("Op");
        violations.field(
            "labels",
            &labels,
            &[Constraints::NONE, Constraints::NONE.pattern("^[a-z]+$")],
        );
        let Err(Error::InvalidRequest { violations, .. }) = violations.finish() else {
            panic!("a value breaks the pattern");
        };
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].field, r#"labels["zone"]"#);
    }

    #[test]
    fn every_broken_constraint_is_reported_with_its_path() {
        let request = TagRequest {
            project_id: Some(String::new()),
            id: "..".to_owned(),
            limit: Some(11),
            body: Tags {
                tags: vec!["ok".to_owned(), "Not OK".to_owned(), "x".to_owned()],
            },
        };
        assert_eq!(
            problems(&request),
            [
                "`project_id` must not be empty",
                "`id` must not be `..`, which would change the path",
                "`limit` must be from 1 to 10, not 11",
                "`body.tags` must have at most 2 items, not 3",
                "`body.tags[1]` must match the pattern ^[a-z]+$",
            ]
        );
    }

    #[test]
    fn a_valid_request_passes_and_unset_values_are_left_to_the_client() {
        let request = TagRequest {
            project_id: None,
            id: "abcd".to_owned(),
            limit: None,
            body: Tags {
                tags: vec!["a".to_owned()],
            },
        };
        assert!(problems(&request).is_empty());
    }

    #[test]
    fn bodies_are_written_like_the_sdk_writes_them() {
        #[derive(Serialize)]
        struct Job<'a> {
            job_id: &'a str,
            build_no: &'a str,
        }
        impl Validate for Job<'_> {}
        let mut out = Vec::new();
        Job {
            job_id: "f9d6c8466d614a9788e9a0acf6c15f46",
            build_no: "20",
        }
        .write_json(&mut out)
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"job_id": "f9d6c8466d614a9788e9a0acf6c15f46", "build_no": "20"}"#
        );
        let mut out = Vec::new();
        vec![
            "d19799d619424b2bb2625ec2d93ea087".to_owned(),
            "x".to_owned(),
        ]
        .write_json(&mut out)
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"["d19799d619424b2bb2625ec2d93ea087", "x"]"#
        );
    }
}
