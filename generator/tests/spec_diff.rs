//! `spec-diff`: each kind of change, on a small pair of specs, is found and marked breaking or
//! compatible as a consumer of the generated crate sees it; the version verdict follows
//! Cargo's semver rules.

mod support;

use codegen::diff::{Bump, ChangeKind, Impact, Report, diff};
use codegen::{SourceFile, check_spec};

const SERVICE: &str = "\
service: Shop
title: Shop
doc: A shop.
sdk_name: SHOP
auth:
  - scheme: aksk
    doc: Signing.
  - scheme: token
    header: X-Auth-Token
    doc: A token.
endpoints:
  xx-test-1: [https://shop.example.com]
operations:
  BuyItem:
    summary: Buy an item.
    http: POST /v1/{project_id}/items/{item_id}/buy
    params:
      project_id: { in: path, type: string, doc: Project., default_from: project_id }
      item_id: { in: path, type: string, doc: Item., max_length: 32 }
      limit: { in: query, type: int32, doc: Limit., minimum: 1, maximum: 100 }
    request:
      body: { type: Order, required: true, doc: The order. }
    responses:
      200: { doc: OK, body: Receipt }
      404: { doc: Not found, body: Problem }
  ListItems:
    summary: List items.
    http: GET /v1/items
    responses:
      200: { doc: OK, body: list<string> }
types:
  Order:
    doc: An order.
    fields:
      count: { type: int32, required: true, doc: How many., minimum: 1 }
      note: { type: string, doc: A note., max_length: 100 }
  Receipt:
    doc: A receipt.
    fields:
      id: { type: string, required: true, doc: Receipt id. }
      state: { type: State, doc: State. }
      total: { type: int64, doc: Total., minimum: 0 }
  State:
    doc: A state.
    values:
      - { value: PAID, doc: Paid. }
      - { value: SHIPPED, doc: Shipped., aliases: [Shipped] }
  Problem:
    doc: An error.
    fields:
      code: { type: string, doc: Code. }
";

fn api(package: &str, services: &[(&str, &str)]) -> codegen::ir::Api {
    let mut files = vec![SourceFile {
        path: "spec/package.yaml".into(),
        text: package.into(),
    }];
    for (name, text) in services {
        files.push(SourceFile {
            path: format!("spec/{name}.yaml"),
            text: (*text).into(),
        });
    }
    check_spec(&files).unwrap_or_else(|d| panic!("{}", d.render(&files)))
}

fn report(after: &str) -> Report {
    diff(
        &api(&support::package("shop-client"), &[("shop", SERVICE)]),
        &api(&support::package("shop-client"), &[("shop", after)]),
    )
}

/// Applies `from` → `to` to the base service (which must change) and diffs.
fn change(from: &str, to: &str) -> Report {
    let after = SERVICE.replace(from, to);
    assert_ne!(after, SERVICE, "`{from}` is not in the base spec");
    report(&after)
}

/// Asserts that `report` has a change of `kind` with `impact` whose item contains `item` and
/// whose detail contains `detail`.
#[track_caller]
fn has(report: &Report, impact: Impact, kind: ChangeKind, item: &str, detail: &str) {
    assert!(
        report.changes.iter().any(|c| c.impact == impact
            && c.kind == kind
            && c.item.contains(item)
            && c.detail.contains(detail)),
        "no {impact:?} {kind:?} `{item}` / `{detail}` in:\n{}",
        report.to_text()
    );
}

#[track_caller]
fn only_compatible(report: &Report) {
    assert!(!report.changes.is_empty(), "no change found");
    assert!(!report.is_breaking(), "{}", report.to_text());
}

#[test]
fn no_change_no_report_no_bump() {
    let r = report(SERVICE);
    assert!(r.changes.is_empty(), "{}", r.to_text());
    assert_eq!(r.version.required, Bump::None);
    assert!(r.version.enough);
}

#[test]
fn operations_added_and_removed() {
    let removed = change(
        "  ListItems:\n    summary: List items.\n    http: GET /v1/items\n    responses:\n      200: { doc: OK, body: list<string> }\n",
        "",
    );
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "operation `ListItems`",
        "list_items",
    );
    let added = change(
        "  ListItems:\n",
        "  CountItems:\n    summary: Count.\n    http: GET /v1/count\n    responses:\n      200: { doc: OK, body: int64 }\n  ListItems:\n",
    );
    has(
        &added,
        Impact::Compatible,
        ChangeKind::Added,
        "operation `CountItems`",
        "count_items",
    );
    only_compatible(&added);
}

#[test]
fn http_endpoint_and_content_type_changes_are_breaking() {
    let r = change("http: GET /v1/items", "http: GET /v2/items");
    has(
        &r,
        Impact::Breaking,
        ChangeKind::Changed,
        "HTTP endpoint",
        "GET /v1/items → GET /v2/items",
    );
    let r = change(
        "    request:\n      body: { type: Order",
        "    request:\n      content_type: application/json;charset=utf-8\n      body: { type: Order",
    );
    has(
        &r,
        Impact::Breaking,
        ChangeKind::Changed,
        "Content-Type",
        "charset=utf-8",
    );
}

#[test]
fn deprecation_and_documentation_are_compatible() {
    let r = change(
        "    summary: List items.\n",
        "    summary: List all items.\n    deprecated: Use something else.\n",
    );
    has(
        &r,
        Impact::Compatible,
        ChangeKind::Added,
        "deprecation",
        "Use something else",
    );
    has(
        &r,
        Impact::Compatible,
        ChangeKind::Changed,
        "documentation",
        "",
    );
    only_compatible(&r);
}

#[test]
fn marking_an_operation_idempotent_is_compatible() {
    let r = change(
        "    http: GET /v1/items\n",
        "    http: GET /v1/items\n    idempotent: true\n",
    );
    has(
        &r,
        Impact::Compatible,
        ChangeKind::Changed,
        "retries",
        "now idempotent",
    );
    only_compatible(&r);
}

#[test]
fn a_success_body_that_may_come_as_text_changes_the_return_type() {
    let report = change(
        "      200: { doc: OK, body: Receipt }",
        "      200: { doc: OK, body: Receipt, or_text: true }",
    );
    has(
        &report,
        Impact::Breaking,
        ChangeKind::Changed,
        "status 200 body",
        "now returns `OrText<T>`",
    );
}

#[test]
fn parameters_added_removed_and_changed() {
    let optional = change(
        "      limit: { in: query",
        "      offset: { in: query, type: int32, doc: Offset. }\n      limit: { in: query",
    );
    has(
        &optional,
        Impact::Compatible,
        ChangeKind::Added,
        "query parameter `offset`",
        "with_offset",
    );
    only_compatible(&optional);
    let required = change(
        "      limit: { in: query",
        "      X-Shop: { in: header, type: string, required: true, doc: Shop. }\n      limit: { in: query",
    );
    has(
        &required,
        Impact::Breaking,
        ChangeKind::Added,
        "header parameter `X-Shop`",
        "constructor",
    );
    let removed = change(
        "      limit: { in: query, type: int32, doc: Limit., minimum: 1, maximum: 100 }\n",
        "",
    );
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "query parameter `limit`",
        "",
    );
    let wire = change(
        "      limit: { in: query, type: int32,",
        "      max: { in: query, rust_name: limit, type: int32,",
    );
    has(
        &wire,
        Impact::Breaking,
        ChangeKind::Changed,
        "query parameter `limit`",
        "wire name `limit` → `max`",
    );
    let location = change("limit: { in: query", "limit: { in: header");
    has(
        &location,
        Impact::Breaking,
        ChangeKind::Changed,
        "parameter `limit`",
        "sent in the header",
    );
    let now_required = change(
        "doc: Limit., minimum",
        "required: true, doc: Limit., minimum",
    );
    has(
        &now_required,
        Impact::Breaking,
        ChangeKind::Changed,
        "parameter `limit`",
        "now required",
    );
    let ty = change(
        "limit: { in: query, type: int32",
        "limit: { in: query, type: int64",
    );
    has(
        &ty,
        Impact::Breaking,
        ChangeKind::Changed,
        "parameter `limit`",
        "type `int32` → `int64`",
    );
}

#[test]
fn request_constraints_tightened_are_breaking_loosened_compatible() {
    let tightened = change("doc: Item., max_length: 32", "doc: Item., max_length: 16");
    has(
        &tightened,
        Impact::Breaking,
        ChangeKind::Changed,
        "path parameter `item_id`",
        "`max_length` 32 → 16: tightened",
    );
    let new_pattern = change(
        "doc: Item., max_length: 32",
        "doc: Item., max_length: 32, pattern: \"^[a-z]+$\"",
    );
    has(
        &new_pattern,
        Impact::Breaking,
        ChangeKind::Changed,
        "`item_id`",
        "`pattern` none →",
    );
    let loosened = change("minimum: 1, maximum: 100", "minimum: 0, maximum: 200");
    has(
        &loosened,
        Impact::Compatible,
        ChangeKind::Changed,
        "`limit`",
        "`minimum` 1 → 0: loosened",
    );
    has(
        &loosened,
        Impact::Compatible,
        ChangeKind::Changed,
        "`limit`",
        "`maximum` 100 → 200: loosened",
    );
    only_compatible(&loosened);
    let removed = change(", minimum: 1, maximum: 100", "");
    only_compatible(&removed);
    // A field of a request body type: the same rules.
    let field = change(
        "doc: A note., max_length: 100",
        "doc: A note., max_length: 50",
    );
    has(
        &field,
        Impact::Breaking,
        ChangeKind::Changed,
        "field `note`",
        "`max_length` 100 → 50: tightened",
    );
}

#[test]
fn response_constraints_are_documentation_only() {
    let r = change("doc: Total., minimum: 0", "doc: Total., minimum: 1");
    has(
        &r,
        Impact::Compatible,
        ChangeKind::Changed,
        "field `total`",
        "documentation only",
    );
    only_compatible(&r);
}

#[test]
fn request_body_fields() {
    let required = change(
        "      note: { type: string",
        "      coupon: { type: string, required: true, doc: Coupon. }\n      note: { type: string",
    );
    has(
        &required,
        Impact::Breaking,
        ChangeKind::Added,
        "field `coupon`",
        "Order::new",
    );
    let optional = change(
        "      note: { type: string",
        "      coupon: { type: string, doc: Coupon. }\n      note: { type: string",
    );
    has(
        &optional,
        Impact::Compatible,
        ChangeKind::Added,
        "field `coupon`",
        "optional",
    );
    only_compatible(&optional);
    let body_optional = change(
        "body: { type: Order, required: true,",
        "body: { type: Order, required: false,",
    );
    has(
        &body_optional,
        Impact::Breaking,
        ChangeKind::Changed,
        "request body",
        "now optional",
    );
    let body_removed = change(
        "    request:\n      body: { type: Order, required: true, doc: The order. }\n",
        "",
    );
    has(
        &body_removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "request body",
        "",
    );
    has(
        &body_removed,
        Impact::Breaking,
        ChangeKind::Changed,
        "type `Order`",
        "no longer part of a request",
    );
}

#[test]
fn response_fields() {
    let optional = change(
        "      total: { type: int64",
        "      paid_at: { type: int64, doc: When. }\n      total: { type: int64",
    );
    has(
        &optional,
        Impact::Compatible,
        ChangeKind::Added,
        "field `paid_at`",
        "optional",
    );
    only_compatible(&optional);
    let removed = change(
        "      total: { type: int64, doc: Total., minimum: 0 }\n",
        "",
    );
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "field `total`",
        "Receipt.total",
    );
    let optional_now = change(
        "id: { type: string, required: true, doc: Receipt id. }",
        "id: { type: string, doc: Receipt id. }",
    );
    has(
        &optional_now,
        Impact::Breaking,
        ChangeKind::Changed,
        "field `id`",
        "now optional",
    );
    let renamed = change(
        "      total: { type: int64,",
        "      sum: { type: int64, rust_name: total,",
    );
    has(
        &renamed,
        Impact::Breaking,
        ChangeKind::Changed,
        "field `total`",
        "wire name `total` → `sum`",
    );
    let retyped = change(
        "      total: { type: int64, doc: Total., minimum: 0 }",
        "      total: { type: float64, doc: Total. }",
    );
    has(
        &retyped,
        Impact::Breaking,
        ChangeKind::Changed,
        "field `total`",
        "type `int64` → `float64`",
    );
}

#[test]
fn enum_values() {
    let added = change(
        "      - { value: PAID, doc: Paid. }\n",
        "      - { value: PAID, doc: Paid. }\n      - { value: REFUNDED, doc: Refunded. }\n",
    );
    has(
        &added,
        Impact::Compatible,
        ChangeKind::Added,
        "enum value `REFUNDED`",
        "keeps unknown values",
    );
    only_compatible(&added);
    let removed = change("      - { value: PAID, doc: Paid. }\n", "");
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "enum value `PAID`",
        "State::Paid",
    );
    let alias_removed = change(", aliases: [Shipped]", "");
    has(
        &alias_removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "alias `Shipped`",
        "Unknown",
    );
    let alias_added = change("aliases: [Shipped]", "aliases: [Shipped, shipped]");
    has(
        &alias_added,
        Impact::Compatible,
        ChangeKind::Added,
        "alias `shipped`",
        "",
    );
    only_compatible(&alias_added);
    let variant = change(
        "value: PAID, doc: Paid.",
        "value: PAID, rust_name: Settled, doc: Paid.",
    );
    has(
        &variant,
        Impact::Breaking,
        ChangeKind::Changed,
        "enum value `PAID`",
        "`Paid` → `Settled`",
    );
}

#[test]
fn maps_nullable_defaults_integer_enums_and_list_styles() {
    has(
        &change(
            "      note: { type: string, doc: A note., max_length: 100 }",
            "      note: { type: map<string>, doc: A note. }",
        ),
        Impact::Breaking,
        ChangeKind::Changed,
        "field `note`",
        "type `string` → `map<string>`",
    );
    has(
        &change(
            "      note: { type: string, doc: A note., max_length: 100 }",
            "      note: { type: string, doc: A note., max_length: 100, nullable: true }",
        ),
        Impact::Breaking,
        ChangeKind::Changed,
        "field `note`",
        "now nullable",
    );
    // A default of a response-only field changes its Rust type; of a request field (or a
    // parameter) it is documentation.
    has(
        &change(
            "      total: { type: int64, doc: Total., minimum: 0 }",
            "      total: { type: int64, doc: Total., minimum: 0, default: 0 }",
        ),
        Impact::Breaking,
        ChangeKind::Changed,
        "field `total`",
        "no longer an `Option`",
    );
    only_compatible(&change(
        "      note: { type: string, doc: A note., max_length: 100 }",
        "      note: { type: string, doc: A note., max_length: 100, default: none }",
    ));
    only_compatible(&change(
        "      limit: { in: query, type: int32, doc: Limit., minimum: 1, maximum: 100 }",
        "      limit: { in: query, type: int32, doc: Limit., minimum: 1, maximum: 100, default: 10 }",
    ));
    let to_list = "      limit: { in: query, type: list<int32>, doc: Limit. }";
    let listed = SERVICE.replace(
        "      limit: { in: query, type: int32, doc: Limit., minimum: 1, maximum: 100 }",
        to_list,
    );
    has(
        &diff(
            &api(&support::package("shop-client"), &[("shop", &listed)]),
            &api(
                &support::package("shop-client"),
                &[(
                    "shop",
                    &listed.replace(to_list, &to_list.replace(" }", ", style: comma }")),
                )],
            ),
        ),
        Impact::Breaking,
        ChangeKind::Changed,
        "query parameter `limit`",
        "comma-joined items instead of one pair per item",
    );
    has(
        &change(
            "  State:\n    doc: A state.\n    values:\n      - { value: PAID, doc: Paid. }\n      - { value: SHIPPED, doc: Shipped., aliases: [Shipped] }",
            "  State:\n    doc: A state.\n    type: int32\n    values:\n      - { value: 1, rust_name: Paid, doc: Paid. }\n      - { value: 2, rust_name: Shipped, doc: Shipped. }",
        ),
        Impact::Breaking,
        ChangeKind::Changed,
        "type `State`",
        "values are int32 integers instead of strings",
    );
}

#[test]
fn types_added_removed_and_changed_kind() {
    let added = change(
        "types:\n",
        "types:\n  Extra:\n    doc: Extra.\n    fields:\n      x: { type: string, doc: X. }\n",
    );
    has(
        &added,
        Impact::Compatible,
        ChangeKind::Added,
        "type `Extra`",
        "",
    );
    let removed = report(
        &SERVICE
            .replace("  Problem:\n    doc: An error.\n    fields:\n      code: { type: string, doc: Code. }\n", "")
            .replace("      404: { doc: Not found, body: Problem }\n", ""),
    );
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "type `Problem`",
        "gone",
    );
    let kind = change(
        "  Problem:\n    doc: An error.\n    fields:\n      code: { type: string, doc: Code. }\n",
        "  Problem:\n    doc: An error.\n    values:\n      - { value: BAD, doc: Bad. }\n",
    );
    has(
        &kind,
        Impact::Breaking,
        ChangeKind::Changed,
        "type `Problem`",
        "struct → enum",
    );
}

#[test]
fn status_codes() {
    let added = change(
        "      404: { doc: Not found, body: Problem }\n",
        "      404: { doc: Not found, body: Problem }\n      409: { doc: Conflict, body: Problem }\n",
    );
    has(
        &added,
        Impact::Compatible,
        ChangeKind::Added,
        "status 409",
        "Conflict",
    );
    only_compatible(&added);
    let removed = change("      404: { doc: Not found, body: Problem }\n", "");
    has(
        &removed,
        Impact::Compatible,
        ChangeKind::Removed,
        "status 404",
        "Error::Api",
    );
    let success = change(
        "      200: { doc: OK, body: Receipt }",
        "      201: { doc: OK, body: Receipt }",
    );
    has(
        &success,
        Impact::Breaking,
        ChangeKind::Changed,
        "status 201",
        "200 → 201",
    );
    let body = change("body: list<string> }", "body: list<int64> }");
    has(
        &body,
        Impact::Breaking,
        ChangeKind::Changed,
        "status 200 body",
        "list<string>` → `list<int64>",
    );
}

#[test]
fn auth_and_endpoints() {
    let auth = change("  - scheme: aksk\n    doc: Signing.\n", "");
    has(
        &auth,
        Impact::Breaking,
        ChangeKind::Removed,
        "auth scheme `aksk`",
        "",
    );
    let header = change("header: X-Auth-Token", "header: X-Shop-Token");
    has(
        &header,
        Impact::Breaking,
        ChangeKind::Changed,
        "auth scheme `token`",
        "X-Shop-Token",
    );
    let region = change(
        "  xx-test-1: [https://shop.example.com]\n",
        "  xx-test-1: [https://shop.example.com]\n  xx-test-2: [https://shop2.example.com]\n",
    );
    has(
        &region,
        Impact::Compatible,
        ChangeKind::Added,
        "endpoint for region `xx-test-2`",
        "shop2",
    );
    only_compatible(&region);
    let moved = change(
        "  xx-test-1: [https://shop.example.com]",
        "  xx-test-9: [https://shop.example.com]",
    );
    has(
        &moved,
        Impact::Breaking,
        ChangeKind::Removed,
        "endpoint for region `xx-test-1`",
        "",
    );
    let url = change("[https://shop.example.com]", "[https://shop.example.net]");
    has(
        &url,
        Impact::Compatible,
        ChangeKind::Changed,
        "endpoint for region `xx-test-1`",
        "example.net",
    );
}

#[test]
fn services_added_and_removed() {
    let other = SERVICE
        .replace("service: Shop", "service: Depot")
        .replace("SHOP", "DEPOT");
    let before = api(&support::package("shop-client"), &[("shop", SERVICE)]);
    let after = api(
        &support::package("shop-client"),
        &[("shop", SERVICE), ("depot", &other)],
    );
    let added = diff(&before, &after);
    has(
        &added,
        Impact::Compatible,
        ChangeKind::Added,
        "service `Depot`",
        "DepotClient",
    );
    let removed = diff(&after, &before);
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "service `Depot`",
        "",
    );
}

#[test]
fn version_verdicts_follow_cargo_semver() {
    let breaking_after = SERVICE.replace("      - { value: PAID, doc: Paid. }\n", "");
    let compatible_after = SERVICE.replace(
        "      - { value: PAID, doc: Paid. }\n",
        "      - { value: PAID, doc: Paid. }\n      - { value: REFUNDED, doc: Refunded. }\n",
    );
    let verdict = |from: &str, to: &str, after: &str| {
        let old = api(
            &support::package("shop-client").replace(
                "version: 0.1.0\n  desc",
                &format!("version: {from}\n  desc"),
            ),
            &[("shop", SERVICE)],
        );
        let new = api(
            &support::package("shop-client")
                .replace("version: 0.1.0\n  desc", &format!("version: {to}\n  desc")),
            &[("shop", after)],
        );
        diff(&old, &new).version
    };
    let v = verdict("0.1.0", "0.1.1", &breaking_after);
    assert_eq!(
        (v.required, v.actual, v.enough),
        (Bump::Minor, Bump::Patch, false)
    );
    assert_eq!(v.suggested.as_deref(), Some("0.2.0"));
    let v = verdict("0.1.0", "0.2.0", &breaking_after);
    assert!(v.enough, "{v:?}");
    let v = verdict("0.1.0", "1.0.0", &breaking_after);
    assert!(v.enough, "{v:?}");
    let v = verdict("1.2.3", "1.3.0", &breaking_after);
    assert_eq!((v.required, v.enough), (Bump::Major, false));
    assert_eq!(v.suggested.as_deref(), Some("2.0.0"));
    let v = verdict("0.1.0", "0.1.0", &compatible_after);
    assert_eq!(
        (v.required, v.actual, v.enough),
        (Bump::Patch, Bump::None, false)
    );
    let v = verdict("0.1.0", "0.1.1", &compatible_after);
    assert!(v.enough, "{v:?}");
    let v = verdict("0.2.0", "0.1.9", &compatible_after);
    assert!(!v.enough, "a version going down is never enough: {v:?}");
}

#[test]
fn renderings() {
    let r = change(
        "      - { value: PAID, doc: Paid. }\n",
        "      - { value: PAID, doc: Paid. }\n      - { value: REFUNDED, doc: Refunded. }\n",
    );
    let r2 = diff(
        &api(&support::package("shop-client"), &[("shop", SERVICE)]),
        &api(
            &support::package("shop-client"),
            &[(
                "shop",
                &SERVICE.replace("doc: Item., max_length: 32", "doc: Item., max_length: 16"),
            )],
        ),
    );
    insta::assert_snapshot!("text_compatible", r.to_text());
    insta::assert_snapshot!("markdown_breaking", r2.to_markdown());
    let json = r2.to_json();
    assert_eq!(json["breaking"], true);
    assert_eq!(json["version"]["required_bump"], "minor");
    assert_eq!(json["version"]["enough"], false);
    assert_eq!(json["changes"][0]["scope"], "operation");
    assert_eq!(json["changes"][0]["name"], "BuyItem");
    assert_eq!(json["changes"][0]["impact"], "breaking");
}

#[test]
fn a_body_kind_or_response_content_type_change_is_breaking() {
    let r = change(
        "    request:\n      body: { type: Order",
        "    request:\n      content_type: application/x-www-form-urlencoded\n      body: { type: Order",
    );
    has(
        &r,
        Impact::Breaking,
        ChangeKind::Changed,
        "request body",
        "sent as a URL-encoded form instead of JSON",
    );
    has(
        &r,
        Impact::Breaking,
        ChangeKind::Changed,
        "Content-Type",
        "x-www-form-urlencoded",
    );
    let r = change(
        "200: { doc: OK, body: list<string> }",
        "200: { doc: OK, content_type: application/octet-stream, body: bytes }",
    );
    has(
        &r,
        Impact::Breaking,
        ChangeKind::Changed,
        "status 200 body",
        "Content-Type `application/json` → `application/octet-stream`",
    );
    has(
        &r,
        Impact::Breaking,
        ChangeKind::Changed,
        "status 200 body",
        "type `list<string>` → `bytes`",
    );
}

#[test]
fn response_headers_added_are_compatible_removed_breaking() {
    let list = "200: { doc: OK, body: list<string> }";
    let one = "200:\n        doc: OK\n        body: list<string>\n        headers:\n          X-Total: { type: int64, doc: Total. }";
    let two = format!("{one}\n          X-Next: {{ type: string, doc: Next page. }}");
    let with = |headers: &str| SERVICE.replace(list, headers);
    let shop = |text: &str| api(&support::package("shop-client"), &[("shop", text)]);

    let added = diff(&shop(&with(one)), &shop(&with(&two)));
    has(
        &added,
        Impact::Compatible,
        ChangeKind::Added,
        "header `X-Next`",
        "x_next",
    );
    only_compatible(&added);

    let removed = diff(&shop(&with(&two)), &shop(&with(one)));
    has(
        &removed,
        Impact::Breaking,
        ChangeKind::Removed,
        "header `X-Next`",
        "x_next",
    );

    let retyped = diff(
        &shop(&with(one)),
        &shop(&with(&one.replace("type: int64", "type: string"))),
    );
    has(
        &retyped,
        Impact::Breaking,
        ChangeKind::Changed,
        "header `X-Total`",
        "int64 → string",
    );

    // The first header changes the method's return type to `Response<T, ...ResponseHeaders>`.
    let first = diff(&shop(SERVICE), &shop(&with(one)));
    has(
        &first,
        Impact::Breaking,
        ChangeKind::Added,
        "header `X-Total`",
        "the first documented header",
    );
}
