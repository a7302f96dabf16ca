//! A synthetic spec of N operations, for benchmarks (`cargo xtask synth`, `cargo bench`).
//!
//! The operations cycle through the shapes of the real spec: path parameters with constraints
//! (one filled from the configured project id), query and header parameters, object and
//! top-level array request bodies, nested response objects, arrays of objects, enums (one with
//! an alias), documented errors with and without a body, a deprecated operation now and then,
//! and one example per operation so that conformance tests are generated. Each model has about
//! ten fields. Operations are spread over service files of [`OPERATIONS_PER_SERVICE`] each, as
//! a real SDK would be. Nothing is random: the same N always gives the same bytes.

use std::fmt::Write as _;

use crate::SourceFile;

/// Every synthetic spec file says this, so that a synthetic spec is never taken for a real one.
pub const MARKER: &str = "written by `cargo xtask synth`";

/// How many operations go in one service file.
pub const OPERATIONS_PER_SERVICE: usize = 100;

/// Service names, in order; past the end of the list a number is appended.
const SERVICES: &[&str] = &[
    "Compute",
    "Storage",
    "Network",
    "Database",
    "Identity",
    "Monitoring",
    "Pipeline",
    "Registry",
    "Messaging",
    "Analytics",
];

/// Resource nouns that operations act on. Lengths vary so that generated lines vary too.
const NOUNS: &[&str] = &[
    "Job",
    "Pipeline",
    "Workflow",
    "Volume",
    "Snapshot",
    "ApplicationDeploymentTemplate",
    "Certificate",
    "Subnet",
    "Queue",
    "AlarmRule",
    "Dashboard",
    "Repository",
    "BuildArtifact",
    "Cluster",
    "NodePool",
    "ScheduledMaintenanceWindow",
    "Tenant",
    "Bucket",
];

/// The package file; `RUNTIME_VERSION` stands for the runtime the generated code targets.
const PACKAGE: &str = "\
# yaml-language-server: $schema=schema.json
# A synthetic spec for benchmarks, written by `cargo xtask synth`.
package:
  name: synthetic-cloud
  version: 0.1.0
  description: A synthetic API written by `cargo xtask synth` for benchmarks.
  license: MIT OR Apache-2.0
runtime:
  package: huaweicloud-devops-runtime
  version: RUNTIME_VERSION
  path: ../runtime
";

/// The spec files of a synthetic spec of `operations` operations, each named `dir` + file name.
pub fn sources(operations: usize, dir: &str) -> Vec<SourceFile> {
    files(operations)
        .into_iter()
        .map(|(name, text)| SourceFile {
            path: format!("{dir}{name}"),
            text,
        })
        .collect()
}

/// The spec files of a synthetic spec of `operations` operations: `(file name, text)`.
pub fn files(operations: usize) -> Vec<(String, String)> {
    let package = PACKAGE.replace("RUNTIME_VERSION", crate::RUNTIME_VERSION);
    let mut files = vec![("package.yaml".to_owned(), package)];
    let services = operations.div_ceil(OPERATIONS_PER_SERVICE);
    for s in 0..services {
        let first = s * OPERATIONS_PER_SERVICE;
        let count = OPERATIONS_PER_SERVICE.min(operations - first);
        let name = service_name(s);
        files.push((
            format!("{}.yaml", crate::names::snake(&name)),
            service(&name, count),
        ));
    }
    files
}

fn service_name(index: usize) -> String {
    let base = SERVICES[index % SERVICES.len()];
    match index / SERVICES.len() {
        0 => base.to_owned(),
        round => format!("{base}V{}", round + 1),
    }
}

/// One service file of `count` operations.
fn service(name: &str, count: usize) -> String {
    let sdk = name.to_uppercase();
    let host = name.to_lowercase();
    let mut out = String::with_capacity(count * 9000);
    let _ = write!(
        out,
        "# yaml-language-server: $schema=schema.json
# A synthetic service for benchmarks, written by `cargo xtask synth`.
service: {name}
title: Synthetic {name}
doc: |
  The synthetic {name} service: {count} operations over made-up resources, cycling through the
  shapes of the real spec.
sdk_name: {sdk}

auth:
  - scheme: aksk
    doc: AK/SK request signing (SDK-HMAC-SHA256).
  - scheme: token
    header: X-Auth-Token
    doc: An IAM user token in the X-Auth-Token header.

endpoints:
  cn-north-4:
    - https://{host}.cn-north-4.example.com
  cn-east-3:
    - https://{host}.cn-east-3.example.com
    - https://{host}-backup.cn-east-3.example.com
  ap-southeast-1:
    - https://{host}.ap-southeast-1.example.com

operations:
"
    );
    let mut types = String::with_capacity(count * 6000);
    for i in 0..count {
        operation(&mut out, &mut types, i);
    }
    out.push_str(
        "
types:
  ResourceId:
    doc: A resource ID, 32 lower-case letters and digits.
    type: string
    pattern: \"^[a-z0-9]{32}$\"

  ErrorResponse:
    doc: Error response.
    fields:
      error_code: { type: string, doc: Error code., min_length: 1, max_length: 64 }
      error_msg: { type: string, doc: What went wrong. }
      http_code: { type: int32, doc: HTTP status code., minimum: 100, maximum: 599 }
",
    );
    out.push_str(&types);
    out
}

/// Appends operation `i` of a service to `ops` and its types to `types`.
fn operation(ops: &mut String, types: &mut String, i: usize) {
    let noun = NOUNS[(i / 6) % NOUNS.len()];
    let resource = format!("{noun}{i:03}");
    let path_noun = crate::names::snake(noun).replace('_', "-");
    let id = format!("{:032x}", (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15_f39c);
    let id = &id[id.len() - 32..];
    let project = "93d8e0553c20411fba06bb112b5b59af";
    let shape = i % 6;
    let verb = ["Show", "Create", "BatchShow", "Update", "Delete", "List"][shape];
    let op = format!("{verb}{resource}");
    let snake = crate::names::snake(&op);
    let _ = writeln!(ops, "  {op}:");
    let _ = writeln!(
        ops,
        "    summary: {verb} a {} resource.",
        noun.to_lowercase()
    );
    if i.is_multiple_of(4) {
        let _ = write!(
            ops,
            "    doc: |\n      This API is used to {} {} resources of a project. Values are checked against\n      their constraints before the request is sent.\n",
            verb.to_lowercase(),
            noun.to_lowercase()
        );
    }
    let project_param = "      project_id:\n        in: path\n        type: string\n        doc: Project ID, 32 characters.\n        min_length: 32\n        max_length: 32\n        default_from: project_id\n";
    let id_param = |name: &str| {
        format!("      {name}: {{ in: path, type: ResourceId, doc: ID of the {noun}. }}\n")
    };
    let token_param = "      X-Auth-Token:\n        in: header\n        type: string\n        doc: User token, sent by the token auth scheme.\n        from: credentials\n";
    let errors = "      400:\n        doc: Bad request.\n        body: ErrorResponse\n      404:\n        doc: Not found.\n        body: ErrorResponse\n";
    match shape {
        // A read: path parameters with constraints, a query flag, a nested response object.
        0 => {
            let _ = write!(
                ops,
                "    http: GET /v2/{{project_id}}/{path_noun}s/{{{snake}_id}}\n    idempotent: true\n    params:\n{project_param}{}      verbose: {{ in: query, type: boolean, doc: Include every detail. }}\n{token_param}    responses:\n      200:\n        doc: OK\n        body: {resource}Result\n{errors}",
                id_param(&format!("{snake}_id")),
            );
            let _ = write!(
                ops,
                "    examples:\n      - name: {snake}_example\n        doc: Showing one {noun}.\n        request:\n          params: {{ project_id: {project}, {snake}_id: {id}, verbose: true }}\n        response:\n          status: 200\n          body:\n            id: {id}\n            name: {resource}-main\n            status: ACTIVE\n            size: 42\n            detail: {{ owner: alice, region: cn-north-4, ratio: 0.5, created_at: 1677919688000 }}\n            items:\n              - {{ item_id: {id}, label: first, weight: 3, enabled: true }}\n              - {{ item_id: {id}, label: second, tags: [a, b] }}\n",
            );
            result_types(types, &resource);
        }
        // A create: an object body with required fields and constraints, a header parameter.
        1 => {
            let _ = write!(
                ops,
                "    http: POST /v2/{{project_id}}/{path_noun}s\n    params:\n{project_param}      X-Request-Id: {{ in: header, type: string, doc: Request ID for tracing., max_length: 64 }}\n{token_param}    request:\n      body: {{ type: {resource}Spec, required: true, doc: What to create. }}\n    responses:\n      201:\n        doc: Created.\n        body: {resource}Result\n{errors}      409:\n        doc: It exists already.\n        body: ErrorResponse\n",
            );
            let _ = write!(
                ops,
                "    examples:\n      - name: create_one\n        doc: Creating a {noun} with a request id.\n        request:\n          params: {{ project_id: {project}, X-Request-Id: req-{i} }}\n          body:\n            name: {resource}-new\n            mode: STANDBY\n            replicas: 3\n            labels: [blue, green]\n            settings: {{ owner: bob, region: cn-east-3 }}\n        response:\n          status: 201\n          body: {{ id: {id}, name: {resource}-new, status: STANDBY }}\n",
            );
            spec_types(types, &resource);
            result_types(types, &resource);
        }
        // A batch read: a top-level array body, a top-level array response.
        2 => {
            let _ = write!(
                ops,
                "    http: POST /v2/{{project_id}}/{path_noun}s/batch-show\n    idempotent: true\n    params:\n{project_param}{token_param}    request:\n      content_type: application/json;charset=utf-8\n      body:\n        type: list<ResourceId>\n        required: true\n        min_items: 1\n        max_items: 100\n        doc: IDs of the {noun}s to show.\n    responses:\n      200:\n        doc: OK\n        body: list<{resource}Item>\n{errors}",
            );
            let _ = write!(
                ops,
                "    examples:\n      - name: two_at_once\n        doc: Showing two {noun}s in one call.\n        request:\n          params: {{ project_id: {project} }}\n          body: [{id}, {id}]\n        response:\n          status: 200\n          body:\n            - {{ item_id: {id}, label: first, weight: 1 }}\n            - {{ item_id: {id}, label: second, enabled: false, tags: [] }}\n",
            );
            item_types(types, &resource);
        }
        // An update: an optional body, a content type, an error documented without a body.
        3 => {
            let _ = write!(
                ops,
                "    http: PUT /v2/{{project_id}}/{path_noun}s/{{{snake}_id}}\n    params:\n{project_param}{}{token_param}    request:\n      content_type: application/json;charset=utf-8\n      body: {{ type: {resource}Spec, doc: The new settings. }}\n    responses:\n      200:\n        doc: Updated.\n        body: {resource}Detail\n{errors}      412:\n        doc: Precondition failed.\n",
                id_param(&format!("{snake}_id")),
            );
            let _ = write!(
                ops,
                "    examples:\n      - name: update_one\n        doc: Updating a {noun}.\n        request:\n          params: {{ project_id: {project}, {snake}_id: {id} }}\n          body: {{ name: renamed, mode: ACTIVE, replicas: 1, ratio: 0.25 }}\n        response:\n          status: 200\n          body: {{ owner: carol, region: cn-north-4, ratio: 0.25, created_at: 1677919688000 }}\n",
            );
            spec_types(types, &resource);
            detail_type(types, &resource);
        }
        // A delete: no body either way, sometimes deprecated.
        4 => {
            let _ = writeln!(
                ops,
                "    http: DELETE /v2/{{project_id}}/{path_noun}s/{{{snake}_id}}"
            );
            if i % 12 == 4 {
                let _ = writeln!(
                    ops,
                    "    deprecated: Use the {noun} lifecycle policies instead; this API will be removed."
                );
            }
            let _ = write!(
                ops,
                "    idempotent: true\n    params:\n{project_param}{}      force: {{ in: query, type: boolean, doc: Delete even when in use. }}\n{token_param}    responses:\n      204:\n        doc: Deleted.\n      404:\n        doc: Not found.\n        body: ErrorResponse\n",
                id_param(&format!("{snake}_id")),
            );
            let _ = write!(
                ops,
                "    examples:\n      - name: delete_one\n        doc: Deleting a {noun}.\n        request:\n          params: {{ project_id: {project}, {snake}_id: {id}, force: false }}\n        response:\n          status: 204\n",
            );
        }
        // A list: paging query parameters, a response object holding an array of objects.
        _ => {
            let _ = write!(
                ops,
                "    http: GET /v2/{{project_id}}/{path_noun}s\n    idempotent: true\n    params:\n{project_param}      limit: {{ in: query, type: int32, doc: Most items to return., minimum: 1, maximum: 500 }}\n      offset: {{ in: query, type: int32, doc: Items to skip., minimum: 0 }}\n      name_prefix: {{ in: query, type: string, doc: Only names starting with this., max_length: 64, pattern: \"^[A-Za-z0-9-]*$\" }}\n{token_param}    responses:\n      200:\n        doc: One page.\n        body: {resource}Page\n{errors}",
            );
            let _ = write!(
                ops,
                "    examples:\n      - name: first_page\n        doc: The first page of {noun}s.\n        request:\n          params: {{ project_id: {project}, limit: 2, offset: 0, name_prefix: app-1 }}\n        response:\n          status: 200\n          body:\n            total: 2\n            items:\n              - {{ item_id: {id}, label: first, weight: 3 }}\n              - {{ item_id: {id}, label: second }}\n",
            );
            let _ = write!(
                types,
                "\n  {resource}Page:\n    doc: One page of {noun}s.\n    fields:\n      total: {{ type: int64, doc: How many there are in all. }}\n      items: {{ type: list<{resource}Item>, doc: The {noun}s of this page. }}\n      next_marker: {{ type: string, doc: Where the next page starts. }}\n      page_size: {{ type: int32, doc: Items per page., minimum: 1 }}\n      has_more: {{ type: boolean, doc: Whether another page follows. }}\n      sorted_by: {{ type: string, doc: The field the items are sorted by. }}\n      request_time: {{ type: int64, doc: \"When the page was made, in epoch milliseconds.\" }}\n      region: {{ type: string, doc: The region that answered. }}\n      warnings: {{ type: list<string>, doc: Anything the caller should know. }}\n      raw: {{ type: json, doc: The page as the server sent it. }}\n"
            );
            item_types(types, &resource);
        }
    }
    ops.push('\n');
}

/// `<resource>Result` and the types it nests: a detail object, items and a status enum.
fn result_types(types: &mut String, resource: &str) {
    let _ = write!(
        types,
        "\n  {resource}Result:\n    doc: A {resource} as the service returns it.\n    fields:\n      id: {{ type: ResourceId, doc: The ID. }}\n      name: {{ type: string, doc: The name., min_length: 1, max_length: 64 }}\n      status: {{ type: {resource}Status, doc: Where it is in its life. }}\n      size: {{ type: int32, doc: Size in GiB., minimum: 0, maximum: 32768 }}\n      detail: {{ type: {resource}Detail, doc: Details. }}\n      items: {{ type: list<{resource}Item>, doc: Its items. }}\n      created_at: {{ type: int64, doc: Creation time in epoch milliseconds. }}\n      updatedAt: {{ type: int64, doc: Last update in epoch milliseconds. }}\n      description: {{ type: string, doc: \"What it is for; see https://example.com/docs [v2].\" }}\n      enterprise_project_id: {{ type: string, doc: Enterprise project., max_length: 36 }}\n"
    );
    detail_type(types, resource);
    item_types(types, resource);
    status_type(types, resource);
}

/// `<resource>Detail`: a nested object of ten scalar fields.
fn detail_type(types: &mut String, resource: &str) {
    let _ = write!(
        types,
        "\n  {resource}Detail:\n    doc: Details of a {resource}.\n    fields:\n      owner: {{ type: string, doc: Who owns it. }}\n      region: {{ type: string, doc: Where it runs. }}\n      ratio: {{ type: float64, doc: Share of the quota in use. }}\n      created_at: {{ type: int64, doc: Creation time in epoch milliseconds. }}\n      zone: {{ type: string, doc: Availability zone. }}\n      flavor: {{ type: string, doc: Flavor name., max_length: 128 }}\n      cpu_count: {{ type: int32, doc: Number of vCPUs., minimum: 1, maximum: 256 }}\n      memory_mb: {{ type: int64, doc: Memory in MiB. }}\n      encrypted: {{ type: boolean, doc: Whether data at rest is encrypted. }}\n      kms_key_id: {{ type: string, doc: The KMS key used when encrypted. }}\n"
    );
}

/// `<resource>Item`: an object of ten fields that comes in arrays.
fn item_types(types: &mut String, resource: &str) {
    let _ = write!(
        types,
        "\n  {resource}Item:\n    doc: One item of a {resource}.\n    fields:\n      item_id: {{ type: ResourceId, doc: The item ID. }}\n      label: {{ type: string, doc: A label., max_length: 32 }}\n      weight: {{ type: int32, doc: Its weight., minimum: 0 }}\n      enabled: {{ type: boolean, doc: Whether it is on. }}\n      tags: {{ type: list<string>, doc: Free-form tags. }}\n      kind: {{ type: string, doc: The kind of item. }}\n      priority: {{ type: int32, doc: Lower runs first. }}\n      created_at: {{ type: int64, doc: Creation time in epoch milliseconds. }}\n      note: {{ type: string, doc: A note. }}\n      score: {{ type: float64, doc: A score from 0 to 1. }}\n"
    );
}

/// `<resource>Status`: an open enum, one value with an alias.
fn status_type(types: &mut String, resource: &str) {
    let _ = write!(
        types,
        "\n  {resource}Status:\n    doc: Life-cycle status of a {resource}.\n    values:\n      - {{ value: ACTIVE, doc: In use. }}\n      - {{ value: STANDBY, doc: Ready but idle. }}\n      - {{ value: CREATING, doc: Being created. }}\n      - {{ value: ERROR, doc: Broken., aliases: [FAILED] }}\n      - {{ value: DELETED, doc: Gone. }}\n"
    );
}

/// `<resource>Spec`: a request body with required fields and constraints.
fn spec_types(types: &mut String, resource: &str) {
    let _ = write!(
        types,
        "\n  {resource}Spec:\n    doc: The settings of a {resource}.\n    fields:\n      name: {{ type: string, required: true, doc: The name., min_length: 1, max_length: 64, pattern: \"^[A-Za-z][A-Za-z0-9-]*$\" }}\n      mode: {{ type: {resource}Mode, required: true, doc: How it runs. }}\n      replicas: {{ type: int32, doc: How many copies., minimum: 1, maximum: 10 }}\n      labels: {{ type: list<string>, doc: Labels., max_items: 10 }}\n      settings: {{ type: {resource}Settings, doc: Placement. }}\n      ratio: {{ type: float64, doc: Share of the quota to use. }}\n      description: {{ type: string, doc: What it is for., max_length: 255 }}\n      dry_run: {{ type: boolean, doc: Only check the request. }}\n      retention_days: {{ type: int64, doc: Days to keep it., minimum: 1, maximum: 3650 }}\n      extra: {{ type: json, doc: Anything else. }}\n\n  {resource}Mode:\n    doc: How a {resource} runs.\n    values:\n      - {{ value: ACTIVE, doc: Serving. }}\n      - {{ value: STANDBY, doc: Waiting. }}\n\n  {resource}Settings:\n    doc: Where a {resource} is placed.\n    fields:\n      owner: {{ type: string, required: true, doc: Who owns it., max_length: 64 }}\n      region: {{ type: string, required: true, doc: Where it runs. }}\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_n_same_bytes_and_operations_spread_over_services() {
        let a = files(250);
        assert_eq!(a, files(250));
        let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "package.yaml",
                "compute.yaml",
                "storage.yaml",
                "network.yaml"
            ]
        );
    }

    #[test]
    fn the_spec_is_valid_and_has_the_asked_number_of_operations() {
        for n in [1, 7, 130] {
            let sources = sources(n, "synth/");
            let generated = crate::generate(&sources).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(generated.operation_count(), n);
        }
    }
}
