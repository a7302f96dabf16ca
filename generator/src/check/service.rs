//! Assembling a service: its service-level keys, auth schemes and endpoints, then its types and
//! operations, and the Rust names they would share.

use std::collections::{BTreeMap, HashSet};

use super::{Checker, YamlPath};
use crate::ir;
use crate::spec::{AuthKind, ServiceFile};

impl Checker<'_, ServiceFile> {
    /// Checks the service file and lowers it; `None` if it has any problem.
    pub(super) fn service(&mut self) -> Option<ir::Service> {
        let s = &self.file.spec;
        let before = self.problem_count();
        let module = self.module_name();
        self.pascal_name(&YamlPath::new(&["service"]), &s.service, "service");
        if s.sdk_name.is_empty()
            || !s
                .sdk_name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            self.error_at_value(
                &YamlPath::new(&["sdk_name"]),
                format!("`{}` is not an SDK service name", s.sdk_name),
                "use upper-case letters, digits and `_`, as the official SDK does (e.g. CODEARTSBUILD)",
            );
        }
        self.require_text(&YamlPath::new(&["title"]), &s.title);
        self.require_text(&YamlPath::new(&["doc"]), &s.doc);
        let auth = self.auth();
        let endpoints = self.endpoints();
        let mut types = self.types();
        self.struct_fields(&mut types);
        self.struct_chains(&types);
        let mut reserved: BTreeMap<String, String> = BTreeMap::new();
        let client = format!("{}Client", s.service);
        reserved.insert(client.clone(), "the client type".to_owned());
        let mut operations = Vec::new();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        let mut routes: BTreeMap<(String, String), String> = BTreeMap::new();
        for (name, op) in &s.operations {
            if let Some(op) = self.operation(name, op, &auth, &types) {
                self.claim_operation_names(name, &op, &mut methods, &mut reserved);
                self.claim_headers_type(name, &op, &mut reserved);
                let route = (op.http_method.clone(), placeholders_erased(&op.path));
                if let Some(other) = routes.insert(route, name.clone()) {
                    self.error_at_value(
                        &YamlPath::new(&["operations", name, "http"]),
                        format!(
                            "`{} {}` is also the method and path of `{other}`",
                            op.http_method, op.path
                        ),
                        "give each operation its own method and path",
                    );
                }
                operations.push(op);
            }
        }
        for ty in &types {
            if let ir::NamedType::Struct(s) = ty
                && let Some(required) = s.required_struct()
            {
                reserved.insert(
                    required,
                    format!("the struct of the required fields of `{}`", s.name),
                );
            }
        }
        self.type_name_collisions(&types, &reserved);
        self.body_only_kinds(&types);
        mark_request_types(&mut types, &operations);
        if self.problem_count() == before {
            for op in &operations {
                self.warn_without_examples(op);
            }
            self.warn_unused_types(&types, &operations);
        }
        if self.problem_count() != before {
            return None;
        }
        Some(ir::Service {
            source: self.file.file.path.clone(),
            module,
            name: s.service.clone(),
            client,
            title: s.title.clone(),
            doc: s.doc.clone(),
            sdk_name: s.sdk_name.clone(),
            auth,
            endpoints,
            operations,
            types,
        })
    }

    /// Checks and lowers the auth schemes.
    fn auth(&mut self) -> Vec<ir::Auth> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let at = YamlPath::new(&["auth"]);
        if self.file.spec.auth.is_empty() {
            self.error_at_key(
                &at,
                "a service needs at least one auth scheme",
                "add `- scheme: aksk` or `- scheme: token` with its `header`",
            );
        }
        for (i, scheme) in self.file.spec.auth.iter().enumerate() {
            let here = at.child(i);
            if !seen.insert(scheme.scheme) {
                self.error_at_value(
                    &here.child("scheme"),
                    "this auth scheme is listed twice",
                    "list each scheme once",
                );
            }
            match (scheme.scheme, &scheme.header) {
                (AuthKind::Token, None) => self.error_at_key(
                    &here.child("scheme"),
                    "a token scheme needs the header that carries the token",
                    "add `header:` with the name of the header that carries the token",
                ),
                (AuthKind::Aksk, Some(_)) => self.error_at_key(
                    &here.child("header"),
                    "AK/SK signing has no token header",
                    "remove `header:` from the aksk scheme",
                ),
                (AuthKind::Token, Some(header)) => {
                    self.require_header_name(&here.child("header"), header);
                }
                _ => {}
            }
            out.push(ir::Auth {
                kind: scheme.scheme,
                header: scheme.header.clone(),
                doc: scheme.doc.clone(),
            });
        }
        out
    }

    /// Checks and lowers the region → endpoints table.
    fn endpoints(&mut self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for (region, urls) in &self.file.spec.endpoints {
            let at = YamlPath::new(&["endpoints", region]);
            if region.is_empty()
                || !region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.error_at_key(
                    &at,
                    format!("`{region}` is not a region id"),
                    "use the lower-case region id, e.g. cn-north-4",
                );
            }
            if urls.is_empty() {
                self.error_at_key(
                    &at,
                    "a region needs at least one endpoint",
                    "list its endpoint URLs",
                );
            }
            for (i, url) in urls.iter().enumerate() {
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                if rest.is_none_or(|host| host.is_empty() || host.contains(['/', '?', '#', ' '])) {
                    self.error_at_value(
                        &at.child(i),
                        format!("`{url}` is not an endpoint URL"),
                        "write scheme and host only, e.g. https://service.xx-region-1.example.com",
                    );
                }
            }
            out.push((region.clone(), urls.clone()));
        }
        out
    }
}

/// Marks every struct and enum that a request carries (in its body or parameters), directly or
/// through other structs.
fn mark_request_types(types: &mut [ir::NamedType], operations: &[ir::Operation]) {
    let mut pending: Vec<String> = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            collect_named(&body.shape, &mut pending);
        }
        for param in &op.params {
            collect_named(&param.shape, &mut pending);
        }
    }
    let mut done = HashSet::new();
    while let Some(name) = pending.pop() {
        if !done.insert(name.clone()) {
            continue;
        }
        for ty in types.iter_mut().filter(|ty| ty.name() == name) {
            match ty {
                ir::NamedType::Struct(s) => {
                    s.in_request = true;
                    for field in &s.fields {
                        collect_named(&field.shape, &mut pending);
                    }
                }
                ir::NamedType::Enum(e) => e.in_request = true,
            }
        }
    }
}

/// A path template with every placeholder made the same, so that `/a/{x}` and `/a/{y}`
/// compare equal: the server cannot tell them apart.
fn placeholders_erased(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => out.push(c),
        }
    }
    out
}

/// The named type `shape` refers to, directly or through lists and maps.
pub(super) fn collect_named(shape: &ir::Shape, out: &mut Vec<String>) {
    out.extend(shape.named().map(str::to_owned));
}
