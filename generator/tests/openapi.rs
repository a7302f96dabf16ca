//! The OpenAPI export holds every operation, parameter (with its constraints), field, enum
//! value, error response and example of the project's spec and of the generator's fixture,
//! and both security schemes.

use std::path::Path;

use codegen::ir::{self, NamedType};
use codegen::load::read_dir;
use codegen::openapi::openapi;
use serde_json::Value;

fn api(dir: &str) -> ir::Api {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let files = read_dir(&root.join(dir), &format!("{dir}/")).expect("readable");
    codegen::check_spec(&files).unwrap_or_else(|d| panic!("{}", d.render(&files)))
}

/// Every operation object of the document, by operation id.
fn operations(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for (method, op) in item.as_object().expect("path item") {
            if method != "servers" {
                out.push((
                    op["operationId"].as_str().unwrap_or_default().to_owned(),
                    op,
                ));
            }
        }
    }
    out
}

fn check_everything_is_present(dir: &str) {
    let api = api(dir);
    let doc = openapi(&api);
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], api.package.version.as_str());
    let ops = operations(&doc);
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let text = serde_json::to_string(&doc).unwrap();
    for service in &api.services {
        for op in &service.operations {
            let (_, o) = ops
                .iter()
                .find(|(id, _)| id == &op.name || id.ends_with(&format!(".{}", op.name)))
                .unwrap_or_else(|| panic!("operation {} missing", op.name));
            assert_eq!(o["summary"], op.summary.trim());
            assert_eq!(
                o.get("x-idempotent").is_some(),
                op.idempotent,
                "{}",
                op.name
            );
            let params = o["parameters"].as_array().expect("parameters");
            for param in &op.params {
                let p = params
                    .iter()
                    .find(|p| p["name"] == param.wire_name.as_str())
                    .unwrap_or_else(|| {
                        panic!("{}: parameter {} missing", op.name, param.wire_name)
                    });
                let c = &param.shape.constraints;
                if let Some(max) = c.max_length {
                    assert_eq!(p["schema"]["maxLength"], max, "{}", param.wire_name);
                }
                if let Some(min) = c.min_length {
                    assert_eq!(p["schema"]["minLength"], min, "{}", param.wire_name);
                }
                if let Some(pattern) = &c.pattern {
                    assert_eq!(
                        p["schema"]["pattern"],
                        pattern.as_str(),
                        "{}",
                        param.wire_name
                    );
                }
                if let Some(min) = c.minimum {
                    assert_eq!(p["schema"]["minimum"], min, "{}", param.wire_name);
                }
                if let Some(max) = c.maximum {
                    assert_eq!(p["schema"]["maximum"], max, "{}", param.wire_name);
                }
            }
            for response in op.success.iter().chain(&op.errors) {
                assert!(
                    o["responses"].get(response.status.to_string()).is_some(),
                    "{}: status {} missing",
                    op.name,
                    response.status
                );
                // A body that may come as text says so.
                let text = &o["responses"][response.status.to_string()]["content"]["text/plain"];
                let text_body = response.body.is_some() && response.content_type == "text/plain";
                assert_eq!(
                    text.is_object(),
                    response.or_text || text_body,
                    "{}",
                    op.name
                );
                // Under its own content type.
                if response.body.is_some() {
                    assert!(
                        o["responses"][response.status.to_string()]["content"]
                            [&response.content_type]
                            .is_object(),
                        "{}: {}",
                        op.name,
                        response.content_type
                    );
                }
                for header in &response.headers {
                    let h = &o["responses"][response.status.to_string()]["headers"][&header.name];
                    assert!(h["schema"].is_object(), "{}: {}", op.name, header.name);
                }
            }
            for example in &op.examples {
                let named = |v: &Value| v.get(&example.name).is_some();
                let in_params = params.iter().any(|p| p.get("examples").is_some_and(named));
                let in_body = o["requestBody"]["content"]
                    .as_object()
                    .is_some_and(|c| c.values().any(|m| m.get("examples").is_some_and(named)));
                let content_type = op
                    .response(example.status)
                    .map_or("application/json", |r| r.content_type.as_str());
                let in_response = o["responses"][example.status.to_string()]["content"]
                    [content_type]
                    .get("examples")
                    .is_some_and(named);
                assert!(
                    in_params || in_body || in_response,
                    "{}: example {} missing",
                    op.name,
                    example.name
                );
                if let Some(body) = &example.response_body {
                    assert_eq!(
                        &o["responses"][example.status.to_string()]["content"][content_type]["examples"]
                            [&example.name]["value"],
                        body
                    );
                }
            }
            let security = o["security"].as_array().expect("security");
            assert_eq!(security.len(), service.auth.len(), "{}", op.name);
        }
        for ty in &service.types {
            let schema = schemas
                .get(&format!("{}.{}", service.name, ty.name()))
                .unwrap_or_else(|| panic!("type {} missing", ty.name()));
            match ty {
                NamedType::Struct(s) => {
                    for field in &s.fields {
                        assert!(
                            schema["properties"].get(&field.wire_name).is_some(),
                            "{}.{} missing",
                            s.name,
                            field.wire_name
                        );
                    }
                }
                NamedType::Enum(e) => {
                    let values = schema["enum"].as_array().expect("enum");
                    for value in &e.values {
                        for wire in std::iter::once(&value.wire).chain(&value.aliases) {
                            // An integer enum's values are JSON numbers.
                            assert!(
                                values.iter().any(|v| v == wire.as_str()
                                    || v.as_i64().is_some_and(|n| n.to_string() == *wire)),
                                "{}: {wire}",
                                e.name
                            );
                        }
                    }
                }
            }
        }
        for auth in &service.auth {
            if let Some(header) = &auth.header {
                assert!(text.contains(&format!("\"name\":\"{header}\"")), "{header}");
            }
        }
    }
    // Every `$ref` points at a schema that exists.
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap_or_default();
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}

#[test]
fn the_project_spec_is_complete_in_openapi() {
    check_everything_is_present("spec");
}

#[test]
fn the_fixture_spec_is_complete_in_openapi() {
    check_everything_is_present("generator/tests/fixture/spec");
}

/// Non-JSON bodies are keyed by their real content type; bytes and files are binary strings;
/// typed headers are response headers.
#[test]
fn bodies_and_headers_of_the_store_fixture() {
    let doc = openapi(&api("generator/tests/fixture/spec"));
    let ops: std::collections::BTreeMap<String, &Value> = operations(&doc).into_iter().collect();
    let upload = &ops["UploadFile"]["requestBody"]["content"]["multipart/form-data"];
    assert_eq!(
        upload["schema"]["$ref"],
        "#/components/schemas/Store.UploadForm"
    );
    let form = &doc["components"]["schemas"]["Store.UploadForm"]["properties"];
    assert_eq!(form["file"]["type"], "string");
    assert_eq!(form["file"]["format"], "binary");
    let put = &ops["PutObject"]["requestBody"]["content"]["application/octet-stream"];
    assert_eq!(put["schema"]["format"], "binary");
    assert!(
        ops["CreateNote"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            .is_object()
    );
    assert!(ops["AppendLog"]["requestBody"]["content"]["text/plain;charset=utf-8"].is_object());
    let download = &ops["DownloadFile"]["responses"]["200"];
    assert_eq!(
        download["content"]["application/octet-stream"]["schema"]["format"],
        "binary"
    );
    assert!(download["content"].get("application/json").is_none());
    let list = &ops["ListFiles"]["responses"]["200"]["headers"];
    assert_eq!(list["X-Total-Count"]["schema"]["format"], "int64");
    assert_eq!(
        list["X-Visibility"]["schema"]["$ref"],
        "#/components/schemas/Store.Visibility"
    );
    assert!(
        ops["DeleteFile"]["responses"]["204"]
            .get("content")
            .is_none()
    );
}

#[test]
fn aksk_and_token_security_schemes() {
    let doc = openapi(&api("spec"));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["aksk"]["type"], "apiKey");
    assert_eq!(schemes["aksk"]["in"], "header");
    assert_eq!(schemes["aksk"]["name"], "Authorization");
    assert!(
        schemes["aksk"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("SDK-HMAC-SHA256"))
    );
    assert_eq!(schemes["token_X-Auth-Token"]["name"], "X-Auth-Token");
    assert_eq!(schemes["token_X-Auth-Token"]["in"], "header");
}

#[test]
fn export_is_deterministic() {
    let api = api("spec");
    assert_eq!(openapi(&api), openapi(&api));
}
