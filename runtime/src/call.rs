//! One call of an operation: a request, its configured defaults filled in, validated and
//! encoded, ready to be sent (and re-signed) as many times as the retry policy allows.

use std::borrow::Cow;

use bytes::Bytes;

use crate::payload::{FormFields, FormValue, multipart_form};

use crate::request::{Violations, check_param};
use crate::{ConfigValue, Error, ListStyle, Location, Operation, ParamValue, Request, Violation};

/// The named parts of a multipart body, in order.
pub(crate) type Parts = Vec<(&'static str, FormValue)>;

/// What goes on the wire for one call, before auth headers.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) operation: &'static Operation,
    /// The expanded, percent-encoded path.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The encoded body (JSON, text, bytes or a URL-encoded form); empty when there is none.
    pub(crate) body: Bytes,
    /// The parts of a `multipart/form-data` body, from which each attempt builds its form.
    pub(crate) multipart: Option<Parts>,
    /// Whether a 2xx body is handed to the caller as a stream instead of being read whole.
    pub(crate) stream: bool,
}

impl Call {
    /// Builds the call of `request`: parameters it leaves unset are filled from `configured`,
    /// every value is validated (all problems at once), the path is expanded and the body
    /// written.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` listing every problem, when anything breaks a constraint or
    /// a required value is missing.
    pub(crate) fn prepare<'c>(
        request: &dyn Request,
        configured: impl Fn(ConfigValue) -> Option<&'c str>,
    ) -> Result<Call, Error> {
        let operation = request.operation();
        let values = request.params();
        if values.len() != operation.params.len() {
            return Err(Error::Config(format!(
                "{}: the request gives {} parameter values for {} parameters; regenerate the \
                 client with `cargo xtask codegen`",
                operation.name,
                values.len(),
                operation.params.len()
            )));
        }
        let mut violations = Violations::new(operation.name);
        let mut path_values: Vec<(&str, Cow<'_, str>)> = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        for (param, value) in operation.params.iter().zip(values) {
            let value = match (value, param.default) {
                (ParamValue::Unset, Some(default)) => match configured(default) {
                    Some(text) => ParamValue::Text(text),
                    None => {
                        violations
                            .report_at(param.name, format!("is not set: {}", default.how_to_set()));
                        continue;
                    }
                },
                (value, _) => value,
            };
            check_param(param, &value, &mut violations);
            match (&value, param.location, param.style) {
                (ParamValue::Unset, ..) => {}
                (ParamValue::List(items), Location::Query, ListStyle::Repeat) => {
                    for item in items {
                        query.push((param.name.to_owned(), text(item).into_owned()));
                    }
                }
                (ParamValue::List(items), _, _) if items.is_empty() => {}
                (_, Location::Path, _) => path_values.push((param.name, text(&value))),
                (_, Location::Query, _) => {
                    query.push((param.name.to_owned(), text(&value).into_owned()));
                }
                (_, Location::Header, _) => headers.push((param.name, text(&value).into_owned())),
            }
        }
        let body = request.body();
        if let Some(body) = body {
            violations.field("body", body, operation.body);
        }
        let payload = request.payload();
        if let Some(payload) = &payload {
            payload.validate(operation.body, &mut violations);
        }
        violations.finish()?;
        let pairs: Vec<(&str, &str)> = path_values.iter().map(|(n, v)| (*n, v.as_ref())).collect();
        let path = crate::expand_path(operation.path, &pairs).map_err(|name| {
            invalid(
                operation,
                name,
                "has no usable value for the path".to_owned(),
            )
        })?;
        let mut bytes = Vec::new();
        if let Some(body) = body {
            bytes.reserve(128);
            body.write_json(&mut bytes).map_err(|e| {
                invalid(
                    operation,
                    "body".to_owned(),
                    format!("cannot be written as JSON: {e}"),
                )
            })?;
        }
        let (body, multipart) = match payload {
            None => (Bytes::from(bytes), None),
            Some(payload) => encode(operation, payload)?,
        };
        Ok(Call {
            operation,
            path,
            query,
            headers,
            body,
            multipart,
            stream: false,
        })
    }
}

/// A parameter value as it is written on the wire; a list's items joined by commas.
fn text<'a>(value: &ParamValue<'a>) -> Cow<'a, str> {
    match value {
        ParamValue::Unset => Cow::Borrowed(""),
        ParamValue::Text(text) => Cow::Borrowed(text),
        ParamValue::Integer(number) => Cow::Owned(number.to_string()),
        ParamValue::Float(number) => Cow::Owned(
            serde_json::Number::from_f64(*number).map_or_else(String::new, |n| n.to_string()),
        ),
        ParamValue::Bool(flag) => Cow::Borrowed(if *flag { "true" } else { "false" }),
        ParamValue::List(items) => Cow::Owned(items.iter().map(text).collect::<Vec<_>>().join(",")),
    }
}

/// The encoded body of a non-JSON `payload`, or the parts of a multipart one.
fn encode(
    operation: &'static Operation,
    payload: crate::Payload<'_>,
) -> Result<(Bytes, Option<Parts>), Error> {
    let (fields, multipart) = match payload {
        crate::Payload::Text(text) => return Ok((Bytes::copy_from_slice(text.as_bytes()), None)),
        crate::Payload::Bytes(bytes) => return Ok((bytes.clone(), None)),
        crate::Payload::Form(form) => (form, false),
        crate::Payload::Multipart(form) => (form, true),
    };
    let mut collected = FormFields::new();
    fields.fields(&mut collected);
    let body = if multipart {
        // Built once here so that a part that cannot be sent is reported before anything is.
        if let Err(violation) = multipart_form(&collected.parts) {
            collected.problems.push(violation);
        }
        Bytes::new()
    } else {
        Bytes::from(collected.urlencoded())
    };
    if !collected.problems.is_empty() {
        return Err(Error::InvalidRequest {
            operation: operation.name,
            violations: collected.problems,
        });
    }
    Ok((body, multipart.then_some(collected.parts)))
}

fn invalid(operation: &Operation, field: String, problem: String) -> Error {
    Error::InvalidRequest {
        operation: operation.name,
        violations: vec![Violation { field, problem }],
    }
}
