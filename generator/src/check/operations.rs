//! An operation: its HTTP line, parameters and path placeholders, the headers the transport
//! supplies, the request body and the responses.

use std::collections::{BTreeMap, HashSet};

use super::bodies::{DEFAULT_CONTENT_TYPE, media};
use super::types::placeholder;
use super::{Checker, YamlPath};
use crate::ir;
use crate::names::{closest, ident_problem, snake};
use crate::spec::{self, HeaderSource, Location, ServiceFile};

/// The HTTP methods an operation may use.
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// The `{name}` placeholders of a path template, in order.
pub fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

impl Checker<'_, ServiceFile> {
    /// Checks the operation `name` and lowers it; `None` if it has any problem.
    pub(super) fn operation(
        &mut self,
        name: &str,
        op: &spec::Operation,
        auth: &[ir::Auth],
        types: &[ir::NamedType],
    ) -> Option<ir::Operation> {
        let at = YamlPath::new(&["operations", name]);
        let before = self.problem_count();
        self.pascal_name(&at, name, "operation");
        self.require_text(&at.child("summary"), &op.summary);
        let method = snake(name);
        if let Some(problem) = ident_problem(&method) {
            self.error_at_key(
                &at,
                format!("operation `{name}` becomes the method `{method}`, but {problem}"),
                "rename the operation",
            );
        }
        let (http_method, path) = self.http(&op.http, &at);
        let mut params = Vec::new();
        let mut transport_headers = Vec::new();
        let mut field_names: BTreeMap<String, String> = BTreeMap::new();
        for (wire, param) in &op.params {
            let here = at.child("params").child(wire);
            let Some(location) = param.location else {
                self.error_at_key(
                    &here,
                    format!("parameter `{wire}` has no `in:`"),
                    "add `in: path`, `in: query` or `in: header`",
                );
                continue;
            };
            self.require_text(&here.child("doc"), &param.doc);
            if location == Location::Header {
                self.require_header_name(&here, wire);
            }
            if let Some(from) = param.from {
                self.transport_header(wire, param, from, location, auth, &here);
                transport_headers.push(ir::TransportHeader {
                    name: wire.clone(),
                    doc: param.doc.clone(),
                    from,
                });
                continue;
            }
            let rust_name = self.rust_field_name(wire, param.rust_name.as_deref(), &here);
            if let Some(other) = field_names.insert(rust_name.clone(), wire.clone()) {
                self.error_at_key(
                    &here,
                    format!("parameters `{other}` and `{wire}` both become the request field `{rust_name}`"),
                    "give one of them a different `rust_name`",
                );
            }
            params.push(self.param(wire, param, location, rust_name, &here));
        }
        self.path_params(&path, &params, op, &at);
        for param in &params {
            let Some(default) = &param.default else {
                continue;
            };
            let mut problems =
                super::examples::value_problems(default, &param.shape, types, "default");
            if default.is_null() || param.required {
                problems.push(if param.required {
                    "a required parameter has no default: it is always sent".to_owned()
                } else {
                    "`default` is null".to_owned()
                });
            }
            for problem in problems {
                self.error_at_value(
                    &at.child("params").child(&param.wire_name).child("default"),
                    problem,
                    "write a value of the parameter's type that meets its constraints, or remove `default`",
                );
            }
        }
        let (content_type, body) = self.request(op, types, &at);
        if body.is_some()
            && let Some(other) = field_names.get("body")
        {
            self.error_at_key(
                &at.child("params").child(other),
                format!("the parameter `{other}` collides with the request's `body` field"),
                "give the parameter another `rust_name`",
            );
        }
        let (success, errors) = self.responses(op, types, &at);
        let lowered = ir::Operation {
            name: name.to_owned(),
            request_type: format!("{name}Request"),
            method,
            summary: op.summary.clone(),
            doc: op.doc.clone(),
            http_method,
            path,
            deprecated: op.deprecated.clone(),
            idempotent: op.idempotent,
            params,
            transport_headers,
            body,
            content_type,
            success,
            errors,
            examples: Vec::new(),
        };
        let examples = self.examples(op, &lowered, types, &at);
        if self.problem_count() != before {
            return None;
        }
        Some(ir::Operation {
            examples,
            ..lowered
        })
    }

    /// Checks and lowers the parameter `wire` at `at`, sent in `location`, whose Rust name
    /// is `rust_name`.
    fn param(
        &mut self,
        wire: &str,
        param: &spec::Field,
        location: Location,
        rust_name: String,
        at: &YamlPath,
    ) -> ir::Param {
        // As for fields: a parameter with a wrong type was reported and stays, as a
        // string, so that nothing else is reported about it.
        let resolved = self.shape(&param.ty, &param.constraints(), at);
        let shape = resolved.clone().unwrap_or(ir::Shape {
            kind: ir::Kind::String,
            ..placeholder()
        });
        if resolved.is_some() {
            let item = match (&shape.kind, location) {
                (ir::Kind::List(item), Location::Query) => Some(&**item),
                (ir::Kind::List(_), _) => {
                    self.error_at_value(
                        &at.child("type"),
                        "only query parameters can be lists",
                        "send a list as a query parameter, or as a field of the request body",
                    );
                    None
                }
                _ => Some(&shape),
            };
            if let Some(item) = item
                && !self.scalar_param(&item.kind)
            {
                self.error_at_value(
                    &at.child("type"),
                    "a parameter must be a string, boolean, int32, int64, float64 or enum (or, in the query, a list of those)",
                    "send structured values in the request body",
                );
            }
        }
        self.reject_field_only_keys(param, at, "a parameter");
        let is_list = matches!(shape.kind, ir::Kind::List(_));
        if param.style.is_some() && !is_list {
            self.error_at_key(
                &at.child("style"),
                "`style` is for list-valued query parameters only",
                "remove `style`, or make the parameter a `list<T>` in the query",
            );
        }
        if param.default_from.is_some() && shape.kind != ir::Kind::String {
            self.error_at_key(
                &at.child("default_from"),
                "`default_from` fills string parameters only",
                "make the parameter a string",
            );
        }
        let required =
            (location == Location::Path || param.required) && param.default_from.is_none();
        ir::Param {
            wire_name: wire.to_owned(),
            rust_name,
            location,
            shape,
            doc: param.doc.clone(),
            required,
            default_from: param.default_from,
            default: param.default.clone(),
            style: param.style.unwrap_or(ir::ListStyle::Repeat),
        }
    }

    /// Reports `nullable` on `what` at `at` (a parameter or a body, which are never `null`).
    fn reject_field_only_keys(&mut self, field: &spec::Field, at: &YamlPath, what: &str) {
        if field.nullable {
            self.error_at_key(
                &at.child("nullable"),
                format!("{what} cannot be `null`"),
                "remove `nullable`; it is for fields of structs",
            );
        }
    }

    /// Whether a value of `kind` can be written as one parameter value: a scalar or an enum.
    fn scalar_param(&self, kind: &ir::Kind) -> bool {
        match kind {
            ir::Kind::String | ir::Kind::Bool | ir::Kind::I32 | ir::Kind::I64 | ir::Kind::F64 => {
                true
            }
            ir::Kind::Named(name) => self
                .file
                .spec
                .types
                .get(name)
                .is_some_and(|def| def.values.is_some()),
            _ => false,
        }
    }

    /// Splits and checks the `http:` line of the operation at `at`: its method and path.
    fn http(&mut self, http: &str, at: &YamlPath) -> (String, String) {
        let here = at.child("http");
        let Some((method, path)) = http.trim().split_once(' ') else {
            self.error_at_value(
                &here,
                format!("`{http}` is not `METHOD /path`"),
                "write e.g. `POST /v2/tasks/{task_id}/stop`",
            );
            return (String::new(), String::new());
        };
        let path = path.trim();
        if !HTTP_METHODS.contains(&method) {
            self.error_at_value(
                &here,
                format!("`{method}` is not an HTTP method"),
                format!("use one of {}", HTTP_METHODS.join(", ")),
            );
        }
        if !path.starts_with('/') || path.contains(['?', '#', ' ']) {
            self.error_at_value(
                &here,
                format!("`{path}` is not a path template"),
                "start with `/`; write query parameters as `in: query` parameters, not in the path",
            );
        }
        let mut depth = 0;
        for c in path.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if !(0..=1).contains(&depth) {
                break;
            }
        }
        if depth != 0 {
            self.error_at_value(
                &here,
                format!("`{path}` has unbalanced braces"),
                "write each path parameter as `{name}`",
            );
        }
        (method.to_owned(), path.to_owned())
    }

    /// Checks that the path's placeholders and the path parameters match one to one.
    fn path_params(
        &mut self,
        path: &str,
        params: &[ir::Param],
        op: &spec::Operation,
        at: &YamlPath,
    ) {
        let placeholders = placeholders(path);
        let mut seen = HashSet::new();
        let http_at = at.child("http");
        for placeholder in &placeholders {
            if !seen.insert(placeholder.as_str()) {
                self.error_at_value(
                    &http_at,
                    format!("`{{{placeholder}}}` appears twice in the path"),
                    "use each path parameter once",
                );
            }
            let declared = op
                .params
                .get(placeholder)
                .is_some_and(|p| p.location == Some(Location::Path));
            if !declared {
                let candidates = op.params.keys().map(String::as_str);
                let help = match closest(placeholder, candidates) {
                    Some(close) => format!(
                        "did you mean `{close}`? Otherwise declare `{placeholder}` under `params:` with `in: path`"
                    ),
                    None => format!("declare `{placeholder}` under `params:` with `in: path`"),
                };
                self.error_at_value(
                    &http_at,
                    format!(
                        "the path uses `{{{placeholder}}}`, which is not a declared path parameter"
                    ),
                    help,
                );
            }
        }
        for param in params.iter().filter(|p| p.location == Location::Path) {
            if !placeholders.contains(&param.wire_name) {
                self.error_at_key(
                    &at.child("params").child(&param.wire_name),
                    format!(
                        "path parameter `{}` does not appear in the path",
                        param.wire_name
                    ),
                    format!(
                        "add `{{{}}}` to the path in `http:`, or remove the parameter",
                        param.wire_name
                    ),
                );
            }
        }
    }

    /// Checks a header parameter `wire`, at `at`, that the transport supplies `from` the
    /// credentials or the body.
    fn transport_header(
        &mut self,
        wire: &str,
        param: &spec::Field,
        from: HeaderSource,
        location: Location,
        auth: &[ir::Auth],
        at: &YamlPath,
    ) {
        let from_at = at.child("from");
        if location != Location::Header {
            self.error_at_key(
                &from_at,
                "`from` is for header parameters only",
                "remove `from`, or make it `in: header`",
            );
            return;
        }
        if param.default_from.is_some() {
            self.error_at_key(
                &at.child("default_from"),
                "a header supplied by the transport takes no `default_from`",
                "remove `default_from`",
            );
        }
        match from {
            HeaderSource::Credentials => {
                let matches = auth.iter().any(|a| {
                    a.header
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(wire))
                });
                if !matches {
                    self.error_at_value(
                        &from_at,
                        format!("no token auth scheme of this service sends `{wire}`"),
                        format!("add `- scheme: token` with `header: {wire}` under `auth:`"),
                    );
                }
            }
            HeaderSource::Body => {
                if !wire.eq_ignore_ascii_case("content-type") {
                    self.error_at_value(
                        &from_at,
                        "only `Content-Type` follows from the body",
                        "remove `from: body`, or make this the Content-Type header",
                    );
                }
            }
        }
    }

    /// Checks and lowers the request of the operation at `at`: its content type and body.
    fn request(
        &mut self,
        op: &spec::Operation,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> (String, Option<ir::Body>) {
        let Some(request) = &op.request else {
            return (DEFAULT_CONTENT_TYPE.to_owned(), None);
        };
        let request_at = at.child("request");
        let content_type = request
            .content_type
            .clone()
            .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned());
        if let Err(problem) = media(&content_type) {
            self.error_at_value(
                &request_at.child("content_type"),
                problem,
                "write a media type such as application/json, text/plain, \
                 application/x-www-form-urlencoded, multipart/form-data or application/octet-stream",
            );
        }
        let body = request.body.as_ref().and_then(|body| {
            let here = request_at.child("body");
            self.reject_param_keys(body, &here);
            self.require_text(&here.child("doc"), &body.doc);
            if body.rust_name.is_some() {
                self.error_at_key(
                    &here.child("rust_name"),
                    "the body is always the request's `body` field",
                    "remove `rust_name`",
                );
            }
            self.reject_field_only_keys(body, &here, "the request body");
            if body.default.is_some() {
                self.error_at_key(
                    &here.child("default"),
                    "the request body has no default",
                    "remove `default`; make the body optional (`required: false`) instead",
                );
            }
            let shape = self.shape(&body.ty, &body.constraints(), &here)?;
            let encoding = self.request_encoding(&content_type, &shape, types, &here)?;
            Some(ir::Body {
                shape,
                doc: body.doc.clone(),
                required: body.required,
                encoding,
            })
        });
        (content_type, body)
    }

    /// Checks and lowers the responses of the operation at `at`: the success response and
    /// the error responses.
    fn responses(
        &mut self,
        op: &spec::Operation,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> (Option<ir::Response>, Vec<ir::Response>) {
        let mut success: Option<ir::Response> = None;
        let mut errors = Vec::new();
        let responses_at = at.child("responses");
        if op.responses.is_empty() {
            self.error_at_key(
                &responses_at,
                "an operation needs its documented responses",
                "add at least the success response, e.g. `200: { doc: OK }`",
            );
        }
        for (status, response) in &op.responses {
            let here = responses_at.child(status);
            if !(100..=599).contains(status) {
                self.error_at_key(
                    &here,
                    format!("{status} is not an HTTP status code"),
                    "use a status from 100 to 599",
                );
                continue;
            }
            let body = response.body.as_ref().and_then(|ty| {
                self.shape_at(ty, &ir::Constraints::default(), &here, &here.child("body"))
            });
            if response.or_text && (response.body.is_none() || !(200..300).contains(status)) {
                self.error_at_key(
                    &here.child("or_text"),
                    "`or_text` is for a success response with a `body` only",
                    "remove `or_text`, or give the success response its `body` type",
                );
            }
            let (content_type, encoding) =
                self.response_encoding(*status, response, body.as_ref(), &here);
            let headers = self.response_headers(*status, response, types, &here);
            let lowered = ir::Response {
                status: *status,
                doc: response.doc.clone(),
                body,
                or_text: response.or_text,
                content_type,
                encoding,
                headers,
            };
            if (200..300).contains(status) {
                if let Some(first) = &success {
                    self.error_at_key(
                        &here,
                        format!(
                            "a second success response ({status}; {} is the first)",
                            first.status
                        ),
                        "document one 2xx response per operation",
                    );
                } else {
                    success = Some(lowered);
                }
            } else if *status >= 400 {
                errors.push(lowered);
            } else {
                self.error_at_key(
                    &here,
                    format!("status {status} is neither a success nor an error"),
                    "document 2xx, 4xx and 5xx responses only",
                );
            }
        }
        if success.is_none() && !op.responses.is_empty() {
            self.error_at_key(
                &responses_at,
                "no 2xx response is documented",
                "add the success response, e.g. `200: { doc: OK }`",
            );
        }
        (success, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_placeholders() {
        assert_eq!(placeholders("/v1/{a}/x/{b_c}/y"), vec!["a", "b_c"]);
        assert!(placeholders("/v3/jobs/stop").is_empty());
    }
}
