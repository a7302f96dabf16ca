//! The 18 signing vectors produced by the official SDK's own signer, reproduced byte for byte:
//! canonical request, string to sign, signature, `Authorization`, `X-Sdk-Date`, `Host` (with
//! port) and the URL that goes on the wire.
//!
//! `tests/data/signing_vectors.json` is a verbatim copy of the project's reference file; when
//! the reference is present beside the repository, a test checks the copy is still identical.

use huaweicloud_devops_runtime::signing::{SigningRequest, sign};
use percent_encoding::percent_decode_str;
use serde_json::Value;

const VECTORS: &str = include_str!("data/signing_vectors.json");

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The query pairs of a vector: from `query_params` (typed, as the SDK's request objects hold
/// them) or parsed from the URL.
fn query_pairs(input: &Value, raw_query: Option<&str>) -> Vec<(String, String)> {
    if let Some(params) = input.get("query_params").and_then(Value::as_array) {
        let mut pairs = Vec::new();
        for pair in params {
            let key = pair[0].as_str().unwrap().to_owned();
            match &pair[1] {
                Value::Array(items) => {
                    for item in items {
                        pairs.push((key.clone(), text(item)));
                    }
                }
                other => pairs.push((key, text(other))),
            }
        }
        return pairs;
    }
    raw_query
        .map(|q| {
            q.split('&')
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(k), decode(v))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn all_vectors_reproduce_byte_for_byte() {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 18);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = &case["input"];
        let expected = &case["expected"];
        let url = input["url"].as_str().unwrap();
        let (scheme, rest) = url.split_once("://").unwrap();
        let (host, path_and_query) = rest.split_at(rest.find('/').unwrap());
        let (path, raw_query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_and_query, None),
        };
        let query = query_pairs(input, raw_query);
        let headers: Vec<(String, String)> = input["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let body = input["body"].as_str().unwrap_or_default();
        let signed = sign(
            SigningRequest {
                method: input["method"].as_str().unwrap(),
                host,
                path,
                query: &query,
                headers,
                body: body.as_bytes(),
            },
            input["ak"].as_str().unwrap(),
            input["sk"].as_str().unwrap(),
            input["sdk_date"].as_str().unwrap(),
        );
        assert_eq!(
            signed.canonical_request,
            expected["canonical_request"].as_str().unwrap(),
            "{name}: canonical request"
        );
        assert_eq!(
            signed.string_to_sign,
            expected["string_to_sign"].as_str().unwrap(),
            "{name}: string to sign"
        );
        assert_eq!(
            signed.signature,
            expected["signature"].as_str().unwrap(),
            "{name}: signature"
        );
        let want_headers: Vec<(String, String)> = expected["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(signed.headers, want_headers, "{name}: headers sent");
        let wire = if signed.query.is_empty() {
            format!("{scheme}://{host}{path}")
        } else {
            format!("{scheme}://{host}{path}?{}", signed.query)
        };
        assert_eq!(wire, expected["url"].as_str().unwrap(), "{name}: URL sent");
    }
}

#[test]
fn the_copy_matches_the_reference_when_it_is_beside_the_repository() {
    let reference = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/reference/signing_vectors.json"
    );
    if let Ok(original) = std::fs::read_to_string(reference) {
        assert_eq!(
            original, VECTORS,
            "tests/data/signing_vectors.json differs from {reference}"
        );
    }
}
