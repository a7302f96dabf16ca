//! The whole API as an OpenAPI 3.1 document, so that standard tools can browse or test it.
//!
//! [`openapi`] is a pure function of the checked [`ir::Api`]: one path item per operation path
//! (with the service's endpoints as its `servers`), parameters with their constraints, the
//! request body, every documented response (errors included), the named types as component
//! schemas (`<Service>.<Type>`, since two services may name a type alike), enums with their
//! values and aliases, the documented examples on parameters, bodies and responses, and the
//! auth schemes as security schemes: a token scheme as an `apiKey` in its header, AK/SK signing
//! as an `apiKey` `Authorization` header whose description says how SDK-HMAC-SHA256 fills it.
//!
//! Headers that the transport supplies (the token header, `Content-Type`) are not parameters:
//! the security schemes and the request body's media type say them.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::ir::{self, AuthKind, Kind, ListStyle, Location, Shape};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The name of the security scheme for AK/SK signing.
const AKSK_SCHEME: &str = "aksk";

const AKSK_DESCRIPTION: &str = "AK/SK request signing (SDK-HMAC-SHA256), as the official SDKs do it. The client sends an `X-Sdk-Date` header (UTC, `YYYYMMDDTHHMMSSZ`) and `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>`, where the signature is the HMAC-SHA256, keyed with the secret key (SK), of `SDK-HMAC-SHA256\\n<X-Sdk-Date>\\n<hex SHA-256 of the canonical request>`; the canonical request is the method, the path (ending in `/`), the sorted query, the signed headers and the hex SHA-256 of the body. OpenAPI has no scheme type for request signing, so it is described here as an `apiKey` header: tools can send a precomputed value but cannot compute it.";

/// The OpenAPI 3.1 document of `api`.
pub fn openapi(api: &ir::Api) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let mut security_schemes = Map::new();
    let mut tags = Vec::new();
    let duplicated_names = duplicated_operation_names(api);
    for service in &api.services {
        tags.push(json!({
            "name": service.name,
            "description": format!("{}\n\n{}", service.title, service.doc.trim()),
        }));
        for scheme in &service.auth {
            let (name, value) = security_scheme(scheme);
            security_schemes.entry(name).or_insert(value);
        }
        let nulls = nulls_in_examples(service);
        for ty in &service.types {
            schemas.insert(
                schema_name(service, ty.name()),
                named_schema(service, ty, &nulls),
            );
        }
        let servers: Vec<Value> = service
            .endpoints
            .iter()
            .flat_map(|(region, urls)| {
                urls.iter().enumerate().map(move |(i, url)| {
                    json!({
                        "url": url,
                        "description": if i == 0 {
                            format!("{} in {region}", service.title)
                        } else {
                            format!("{} in {region} (fallback)", service.title)
                        },
                    })
                })
            })
            .collect();
        for op in &service.operations {
            let mut path = op.path.clone();
            let method = op.http_method.to_ascii_lowercase();
            // Two services may serve the same path on different hosts: OpenAPI has one
            // `paths` map, so the later one is told apart by a suffix naming its service.
            if paths
                .get(&path)
                .and_then(|item: &Value| item.get(&method))
                .is_some()
            {
                path = format!("{path}#{}", service.module);
            }
            let item = paths
                .entry(path)
                .or_insert_with(|| json!({ "servers": servers }));
            let operation_id = if duplicated_names.contains(&op.name) {
                format!("{}.{}", service.name, op.name)
            } else {
                op.name.clone()
            };
            if let Some(item) = item.as_object_mut() {
                item.insert(method, operation(service, op, &operation_id));
            }
        }
    }
    // The root servers, for tools that read no path-level ones: the first endpoint of each
    // region of the first service (each path lists its own service's endpoints).
    let root_servers: Vec<Value> = api
        .services
        .first()
        .map(|service| {
            service
                .endpoints
                .iter()
                .filter_map(|(region, urls)| {
                    urls.first().map(|url| {
                        json!({ "url": url, "description": format!("{} in {region}", service.title) })
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": api.package.name,
            "version": api.package.version,
            "description": api.package.description,
            "license": { "name": api.package.license, "identifier": api.package.license },
        },
        "servers": root_servers,
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    })
}

fn duplicated_operation_names(api: &ir::Api) -> Vec<String> {
    let mut seen = Vec::new();
    let mut duplicated = Vec::new();
    for op in api.services.iter().flat_map(|s| &s.operations) {
        if seen.contains(&op.name) {
            duplicated.push(op.name.clone());
        } else {
            seen.push(op.name.clone());
        }
    }
    duplicated
}

fn security_scheme_name(scheme: &ir::Auth) -> String {
    match scheme.kind {
        AuthKind::Aksk => AKSK_SCHEME.to_owned(),
        AuthKind::Token => format!(
            "token_{}",
            scheme
                .header
                .as_deref()
                .unwrap_or("X-Auth-Token")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                })
                .collect::<String>()
        ),
    }
}

fn security_scheme(scheme: &ir::Auth) -> (String, Value) {
    let name = security_scheme_name(scheme);
    let value = match scheme.kind {
        AuthKind::Aksk => json!({
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": AKSK_DESCRIPTION,
        }),
        AuthKind::Token => json!({
            "type": "apiKey",
            "in": "header",
            "name": scheme.header.as_deref().unwrap_or("X-Auth-Token"),
            "description": scheme.doc.trim(),
        }),
    };
    (name, value)
}

fn schema_name(service: &ir::Service, ty: &str) -> String {
    format!("{}.{ty}", service.name)
}

fn reference(service: &ir::Service, ty: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", schema_name(service, ty)) })
}

/// The struct fields (type name, wire name) that some example gives as `null`.
type Nulls = BTreeSet<(String, String)>;

fn nulls_in_examples(service: &ir::Service) -> Nulls {
    let mut nulls = Nulls::new();
    for op in &service.operations {
        for example in &op.examples {
            if let (Some(body), Some(value)) = (&op.body, &example.body) {
                find_nulls(service, &body.shape, value, &mut nulls, 0);
            }
            let response = op.response(example.status).and_then(|r| r.body.as_ref());
            if let (Some(shape), Some(value)) = (response, &example.response_body) {
                find_nulls(service, shape, value, &mut nulls, 0);
            }
        }
    }
    nulls
}

fn find_nulls(
    service: &ir::Service,
    shape: &Shape,
    value: &Value,
    nulls: &mut Nulls,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match (&shape.kind, value) {
        (Kind::List(item), Value::Array(items)) => {
            for v in items {
                find_nulls(service, item, v, nulls, depth + 1);
            }
        }
        (Kind::Map(item), Value::Object(entries)) => {
            for v in entries.values() {
                find_nulls(service, item, v, nulls, depth + 1);
            }
        }
        (Kind::Named(name), Value::Object(entries)) => {
            let Some(ir::NamedType::Struct(s)) = service.named(name) else {
                return;
            };
            for field in &s.fields {
                match entries.get(&field.wire_name) {
                    Some(Value::Null) => {
                        nulls.insert((s.name.clone(), field.wire_name.clone()));
                    }
                    Some(v) => find_nulls(service, &field.shape, v, nulls, depth + 1),
                    None => {}
                }
            }
        }
        _ => {}
    }
}

/// `schema`, also allowing `null` (OpenAPI 3.1: a type list, or `anyOf` around a `$ref`).
fn or_null(schema: Value) -> Value {
    match schema.get("type").cloned() {
        Some(Value::String(ty)) => {
            let mut schema = schema;
            schema["type"] = json!([ty, "null"]);
            schema
        }
        Some(_) => schema,
        // No type: `json` (anything, null included), or a `$ref`.
        None if schema.get("$ref").is_none() => schema,
        None => json!({ "anyOf": [schema, { "type": "null" }] }),
    }
}

fn named_schema(service: &ir::Service, ty: &ir::NamedType, nulls: &Nulls) -> Value {
    match ty {
        ir::NamedType::Struct(s) => {
            let mut properties = Map::new();
            for field in &s.fields {
                let mut schema = shape_schema(service, &field.shape);
                if field.nullable || nulls.contains(&(s.name.clone(), field.wire_name.clone())) {
                    schema = or_null(schema);
                }
                if let Some(default) = &field.default {
                    schema = with_default(schema, default);
                }
                properties.insert(field.wire_name.clone(), described(schema, &field.doc));
            }
            let required: Vec<&str> = s
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire_name.as_str())
                .collect();
            let mut schema = json!({
                "type": "object",
                "description": s.doc.trim(),
                "properties": properties,
            });
            if !required.is_empty() {
                schema["required"] = json!(required);
            }
            schema
        }
        ir::NamedType::Enum(e) => {
            let mut values = Vec::new();
            let mut lines = vec![
                e.doc.trim().to_owned(),
                String::new(),
                "Values (the client keeps values it does not know):".to_owned(),
            ];
            let wire = |text: &String| match e.repr {
                ir::EnumRepr::String => json!(text),
                _ => json!(text.trim().parse::<i64>().unwrap_or_default()),
            };
            for value in &e.values {
                values.push(wire(&value.wire));
                values.extend(value.aliases.iter().map(wire));
                let aliases = if value.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" (also sent as {})", value.aliases.join(", "))
                };
                lines.push(format!("- `{}`: {}{aliases}", value.wire, value.doc.trim()));
            }
            let mut schema = match e.repr {
                ir::EnumRepr::String => json!({ "type": "string" }),
                ir::EnumRepr::I32 => json!({ "type": "integer", "format": "int32" }),
                ir::EnumRepr::I64 => json!({ "type": "integer", "format": "int64" }),
            };
            schema["description"] = json!(lines.join("\n"));
            schema["enum"] = json!(values);
            schema
        }
    }
}

/// `schema` with a default value (next to a `$ref` too).
fn with_default(mut schema: Value, default: &Value) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.insert("default".to_owned(), default.clone());
    }
    schema
}

/// `schema` with a description (next to a `$ref` too, which OpenAPI 3.1 allows).
fn described(mut schema: Value, doc: &str) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".to_owned(), doc.trim().into());
    }
    schema
}

fn shape_schema(service: &ir::Service, shape: &Shape) -> Value {
    let c = &shape.constraints;
    let mut schema = match &shape.kind {
        Kind::String => json!({ "type": "string" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::I32 => json!({ "type": "integer", "format": "int32" }),
        Kind::I64 => json!({ "type": "integer", "format": "int64" }),
        Kind::F64 => json!({ "type": "number", "format": "double" }),
        Kind::Json => json!({}),
        Kind::Object => json!({ "type": "object" }),
        Kind::List(item) => json!({ "type": "array", "items": shape_schema(service, item) }),
        Kind::Map(item) => {
            json!({ "type": "object", "additionalProperties": shape_schema(service, item) })
        }
        Kind::Named(name) => reference(service, name),
        // Raw bodies and the files of multipart bodies.
        Kind::Bytes | Kind::File => json!({ "type": "string", "format": "binary" }),
    };
    if let Some(object) = schema.as_object_mut() {
        let constraints = [
            ("minLength", c.min_length.map(Value::from)),
            ("maxLength", c.max_length.map(Value::from)),
            ("pattern", c.pattern.clone().map(Value::from)),
            ("minimum", c.minimum.map(Value::from)),
            ("maximum", c.maximum.map(Value::from)),
            ("minItems", c.min_items.map(Value::from)),
            ("maxItems", c.max_items.map(Value::from)),
        ];
        for (key, value) in constraints {
            if let Some(value) = value {
                object.insert(key.to_owned(), value);
            }
        }
    }
    schema
}

fn operation(service: &ir::Service, op: &ir::Operation, operation_id: &str) -> Value {
    let mut description = op.doc.clone().unwrap_or_default().trim().to_owned();
    if let Some(note) = &op.deprecated {
        description = format!("Deprecated: {}\n\n{description}", note.trim());
    }
    let parameters: Vec<Value> = op
        .params
        .iter()
        .map(|param| {
            let mut value = json!({
                "name": param.wire_name,
                "in": match param.location {
                    Location::Path => "path",
                    Location::Query => "query",
                    Location::Header => "header",
                },
                // OpenAPI requires path parameters; one the client fills from its
                // configuration is still always sent.
                "required": param.required || param.location == Location::Path,
                "description": param.doc.trim(),
                "schema": match &param.default {
                    Some(default) => with_default(shape_schema(service, &param.shape), default),
                    None => shape_schema(service, &param.shape),
                },
            });
            if param.location == Location::Query && param.shape.item().is_some() {
                value["style"] = json!("form");
                value["explode"] = json!(param.style == ListStyle::Repeat);
            }
            let examples: Map<String, Value> = op
                .examples
                .iter()
                .filter_map(|example| {
                    let (_, v) = example.params.iter().find(|(n, _)| *n == param.wire_name)?;
                    Some((
                        example.name.clone(),
                        json!({ "summary": example.doc.trim(), "value": v }),
                    ))
                })
                .collect();
            if !examples.is_empty() {
                value["examples"] = Value::Object(examples);
            }
            value
        })
        .collect();
    let mut value = json!({
        "operationId": operation_id,
        "summary": op.summary.trim(),
        "tags": [service.name],
        "parameters": parameters,
        "responses": responses(service, op),
        "security": service
            .auth
            .iter()
            .map(|scheme| json!({ security_scheme_name(scheme): [] }))
            .collect::<Vec<_>>(),
    });
    if !description.is_empty() {
        value["description"] = description.into();
    }
    if op.idempotent {
        // Not an OpenAPI notion: safe to repeat, so clients may retry it.
        value["x-idempotent"] = true.into();
    }
    if op.deprecated.is_some() {
        value["deprecated"] = true.into();
    }
    if let Some(body) = &op.body {
        let examples: Map<String, Value> = op
            .examples
            .iter()
            .filter_map(|example| {
                let body = example.body.as_ref()?;
                Some((
                    example.name.clone(),
                    json!({ "summary": example.doc.trim(), "value": body }),
                ))
            })
            .collect();
        let mut media = json!({ "schema": shape_schema(service, &body.shape) });
        if !examples.is_empty() {
            media["examples"] = Value::Object(examples);
        }
        value["requestBody"] = json!({
            "description": body.doc.trim(),
            "required": body.required,
            "content": { op.content_type.clone(): media },
        });
    }
    value
}

fn responses(service: &ir::Service, op: &ir::Operation) -> Value {
    let mut out = Map::new();
    for response in op.success.iter().chain(&op.errors) {
        let mut value = json!({ "description": response.doc.trim() });
        let examples: Map<String, Value> = op
            .examples
            .iter()
            .filter(|example| example.status == response.status)
            .filter_map(|example| {
                let body = example.response_body.as_ref()?;
                Some((
                    example.name.clone(),
                    json!({ "summary": example.doc.trim(), "value": body }),
                ))
            })
            .collect();
        if response.body.is_some() || !examples.is_empty() {
            let mut media = Map::new();
            media.insert(
                "schema".to_owned(),
                response
                    .body
                    .as_ref()
                    .map_or_else(|| json!({}), |shape| shape_schema(service, shape)),
            );
            if !examples.is_empty() {
                media.insert("examples".to_owned(), Value::Object(examples));
            }
            let schema = media["schema"].clone();
            let content_type = response.content_type.clone();
            value["content"] = json!({ content_type.clone(): media });
            if response.or_text {
                // The service does not promise the shape: a bare JSON string or plain text
                // may come instead.
                value["content"][&content_type]["schema"] =
                    json!({ "anyOf": [schema, { "type": "string" }] });
                value["content"]["text/plain"] = json!({ "schema": { "type": "string" } });
            }
        }
        if !response.headers.is_empty() {
            let headers: Map<String, Value> = response
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.clone(),
                        json!({
                            "description": h.doc.trim(),
                            "schema": shape_schema(service, &h.shape),
                        }),
                    )
                })
                .collect();
            value["headers"] = Value::Object(headers);
        }
        out.insert(response.status.to_string(), value);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, check_spec};

    const PACKAGE: &str = "package: { name: demo, version: 1.2.3, description: Demo., license: MIT }\nruntime: { package: demo-runtime, version: 0.4.0, path: runtime }\n";

    fn service(name: &str) -> String {
        format!(
            "service: {name}\ntitle: {name}\ndoc: A service.\nsdk_name: DEMO\nauth:\n  - {{ scheme: aksk, doc: Signing. }}\nendpoints:\n  xx-test-1: [https://{name}.example.com]\noperations:\n  Stop:\n    summary: Stop.\n    http: POST /v1/stop\n    params:\n      id: {{ in: query, type: Id, doc: Id. }}\n    request:\n      body: {{ type: Batch, required: true, doc: Batch. }}\n    responses:\n      204: {{ doc: Stopped. }}\ntypes:\n  Batch:\n    doc: Ids.\n    fields:\n      ids: {{ type: list<Id>, doc: Ids., max_items: 5 }}\n  Id:\n    doc: An id.\n    type: string\n    pattern: \"^[a-z]+$\"\n"
        )
    }

    fn document(services: &[&str]) -> Value {
        let mut files = vec![SourceFile {
            path: "spec/package.yaml".into(),
            text: PACKAGE.into(),
        }];
        for name in services {
            files.push(SourceFile {
                path: format!("spec/{}.yaml", name.to_lowercase()),
                text: service(name),
            });
        }
        let api = check_spec(&files).unwrap_or_else(|d| panic!("{}", d.render(&files)));
        openapi(&api)
    }

    #[test]
    fn constraints_of_aliases_lists_and_items_are_kept() {
        let doc = document(&["One"]);
        let op = &doc["paths"]["/v1/stop"]["post"];
        assert_eq!(op["operationId"], "Stop");
        assert_eq!(op["parameters"][0]["schema"]["pattern"], "^[a-z]+$");
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/One.Batch"
        );
        let ids = &doc["components"]["schemas"]["One.Batch"]["properties"]["ids"];
        assert_eq!(ids["type"], "array");
        assert_eq!(ids["maxItems"], 5);
        assert_eq!(ids["items"]["pattern"], "^[a-z]+$");
        assert_eq!(op["responses"]["204"]["description"], "Stopped.");
        assert!(op["responses"]["204"].get("content").is_none());
        assert_eq!(op["security"], json!([{ "aksk": [] }]));
        assert_eq!(doc["info"]["version"], "1.2.3");
    }

    #[test]
    fn the_same_path_and_name_in_two_services_stay_apart() {
        let doc = document(&["One", "Two"]);
        let paths = doc["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), 2, "{paths:?}");
        assert_eq!(paths["/v1/stop"]["post"]["operationId"], "One.Stop");
        assert_eq!(paths["/v1/stop#two"]["post"]["operationId"], "Two.Stop");
        assert_eq!(
            paths["/v1/stop#two"]["servers"][0]["url"],
            "https://Two.example.com"
        );
    }

    #[test]
    fn the_root_servers_are_the_first_service_s_first_endpoints() {
        let doc = document(&["One", "Two"]);
        assert_eq!(
            doc["servers"],
            json!([{ "url": "https://One.example.com", "description": "One in xx-test-1" }])
        );
    }
}
