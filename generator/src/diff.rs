//! What a spec change does to the API that consumers of the generated crate compile against.
//!
//! [`diff`] compares two checked [`ir::Api`] values (the spec before and after a change) and
//! lists every added, removed and changed service, operation, parameter, field, enum value,
//! constraint, status code, auth scheme and endpoint, each marked [`Impact::Breaking`] or
//! [`Impact::Compatible`] for a consumer of the generated crate. [`Report`] then tells the
//! semver bump the generated crate needs and whether the spec's version was bumped enough, and
//! renders itself as text, Markdown (for a pull request) or JSON.
//!
//! The rules follow the generated code: request and response structs are `#[non_exhaustive]`,
//! required request values are constructor arguments and optional ones `Option` fields with
//! setters, optional response fields are `Option`, enums keep unknown values, and constraints
//! are checked on request values only.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::ir::{self, Constraints, Kind, Shape};

/// Whether a change breaks consumers of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled and worked against the old crate keeps doing so.
    Compatible,
    /// Code written against the old crate may no longer compile, or requests it sent may now
    /// be rejected or go to a different place.
    Breaking,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// The item is still there, different.
    Changed,
}

/// Where in a service a change is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The service itself: its client, auth schemes, endpoints.
    Service,
    /// An operation, by its PascalCase name.
    Operation(String),
    /// A named type, by its name.
    Type(String),
}

/// One change of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The service's PascalCase name.
    pub service: String,
    /// Where in the service.
    pub scope: Scope,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The item, e.g. ``parameter `limit` `` or ``enum value `OAK` ``.
    pub item: String,
    /// What changed and why it matters, e.g. `max_length 16 → 8`.
    pub detail: String,
    /// Breaking or compatible.
    pub impact: Impact,
}

/// A semver bump, ordered from none to major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// The version is unchanged.
    None,
    /// Only the patch number grew.
    Patch,
    /// The minor number grew (and the major did not).
    Minor,
    /// The major number grew.
    Major,
}

impl Bump {
    fn name(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// How the spec's version of the generated crate moved, and whether that is enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionCheck {
    /// Version before the change.
    pub old: String,
    /// Version after the change.
    pub new: String,
    /// The bump the changes need.
    pub required: Bump,
    /// The bump made (`None` also when a version cannot be read or went down).
    pub actual: Bump,
    /// Whether the bump made is at least the one needed (and the version did not go down).
    pub enough: bool,
    /// The smallest version that would be enough, when the bump made is not.
    pub suggested: Option<String>,
}

/// Every change between two versions of the API, with the version verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The generated crate's package name (after the change).
    pub package: String,
    /// The changes, grouped by service (in module order) and scope, in spec order.
    pub changes: Vec<Change>,
    /// The version verdict.
    pub version: VersionCheck,
}

/// Compares the API before (`old`) and after (`new`) a spec change.
pub fn diff(old: &ir::Api, new: &ir::Api) -> Report {
    let mut changes = Vec::new();
    for service in &old.services {
        match new.services.iter().find(|s| s.module == service.module) {
            Some(after) => Differ::new(service, after, &mut changes).service(),
            None => changes.push(Change {
                service: service.name.clone(),
                scope: Scope::Service,
                kind: ChangeKind::Removed,
                item: format!("service `{}`", service.name),
                detail: format!(
                    "the module `{}` and `{}` are gone",
                    service.module, service.client
                ),
                impact: Impact::Breaking,
            }),
        }
    }
    for service in &new.services {
        if !old.services.iter().any(|s| s.module == service.module) {
            changes.push(Change {
                service: service.name.clone(),
                scope: Scope::Service,
                kind: ChangeKind::Added,
                item: format!("service `{}`", service.name),
                detail: format!(
                    "new module `{}` with `{}` ({} operations)",
                    service.module,
                    service.client,
                    service.operations.len()
                ),
                impact: Impact::Compatible,
            });
        }
    }
    let version = version_check(&old.package.version, &new.package.version, &changes);
    Report {
        package: new.package.name.clone(),
        changes,
        version,
    }
}

struct Differ<'a> {
    old: &'a ir::Service,
    new: &'a ir::Service,
    out: &'a mut Vec<Change>,
    scope: Scope,
}

impl<'a> Differ<'a> {
    fn new(old: &'a ir::Service, new: &'a ir::Service, out: &'a mut Vec<Change>) -> Self {
        Differ {
            old,
            new,
            out,
            scope: Scope::Service,
        }
    }

    fn push(&mut self, kind: ChangeKind, item: String, detail: String, impact: Impact) {
        self.out.push(Change {
            service: self.new.name.clone(),
            scope: self.scope.clone(),
            kind,
            item,
            detail,
            impact,
        });
    }

    fn service(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.client != new.client {
            self.push(
                ChangeKind::Changed,
                "client".to_owned(),
                format!("`{}` is renamed `{}`", old.client, new.client),
                Impact::Breaking,
            );
        }
        self.auth();
        self.endpoints();
        for op in &old.operations {
            self.scope = Scope::Operation(op.name.clone());
            match new.operations.iter().find(|o| o.name == op.name) {
                Some(after) => self.operation(op, after),
                None => self.push(
                    ChangeKind::Removed,
                    format!("operation `{}`", op.name),
                    format!(
                        "`{}::{}` and `{}` are gone",
                        old.client, op.method, op.request_type
                    ),
                    Impact::Breaking,
                ),
            }
        }
        for op in &new.operations {
            if !old.operations.iter().any(|o| o.name == op.name) {
                self.scope = Scope::Operation(op.name.clone());
                self.push(
                    ChangeKind::Added,
                    format!("operation `{}`", op.name),
                    format!("new method `{}::{}`", new.client, op.method),
                    Impact::Compatible,
                );
            }
        }
        for ty in &old.types {
            self.scope = Scope::Type(ty.name().to_owned());
            match new.named(ty.name()) {
                Some(after) => self.named_type(ty, after),
                None => self.push(
                    ChangeKind::Removed,
                    format!("type `{}`", ty.name()),
                    "the type is gone".to_owned(),
                    Impact::Breaking,
                ),
            }
        }
        for ty in &new.types {
            if old.named(ty.name()).is_none() {
                self.scope = Scope::Type(ty.name().to_owned());
                self.push(
                    ChangeKind::Added,
                    format!("type `{}`", ty.name()),
                    "new type".to_owned(),
                    Impact::Compatible,
                );
            }
        }
    }

    fn auth(&mut self) {
        let (old, new) = (self.old, self.new);
        for scheme in &old.auth {
            let name = auth_name(scheme.kind);
            match new.auth.iter().find(|a| a.kind == scheme.kind) {
                None => self.push(
                    ChangeKind::Removed,
                    format!("auth scheme `{name}`"),
                    "clients configured with it can no longer call the service".to_owned(),
                    Impact::Breaking,
                ),
                Some(after) if after.header != scheme.header => self.push(
                    ChangeKind::Changed,
                    format!("auth scheme `{name}`"),
                    format!(
                        "token header {} → {}",
                        opt(&scheme.header),
                        opt(&after.header)
                    ),
                    Impact::Breaking,
                ),
                Some(_) => {}
            }
        }
        for scheme in &new.auth {
            if !old.auth.iter().any(|a| a.kind == scheme.kind) {
                self.push(
                    ChangeKind::Added,
                    format!("auth scheme `{}`", auth_name(scheme.kind)),
                    "accepted as well".to_owned(),
                    Impact::Compatible,
                );
            }
        }
    }

    fn endpoints(&mut self) {
        let (old, new) = (self.old, self.new);
        for (region, urls) in &old.endpoints {
            match new.endpoints.iter().find(|(r, _)| r == region) {
                None => self.push(
                    ChangeKind::Removed,
                    format!("endpoint for region `{region}`"),
                    "clients configured for this region without an explicit endpoint fail"
                        .to_owned(),
                    Impact::Breaking,
                ),
                Some((_, after)) if after != urls => self.push(
                    ChangeKind::Changed,
                    format!("endpoint for region `{region}`"),
                    format!("{} → {}", urls.join(", "), after.join(", ")),
                    Impact::Compatible,
                ),
                Some(_) => {}
            }
        }
        for (region, urls) in &new.endpoints {
            if !old.endpoints.iter().any(|(r, _)| r == region) {
                self.push(
                    ChangeKind::Added,
                    format!("endpoint for region `{region}`"),
                    urls.join(", "),
                    Impact::Compatible,
                );
            }
        }
    }

    fn operation(&mut self, old: &ir::Operation, new: &ir::Operation) {
        if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
            self.push(
                ChangeKind::Changed,
                "HTTP endpoint".to_owned(),
                format!(
                    "{} {} → {} {}",
                    old.http_method, old.path, new.http_method, new.path
                ),
                Impact::Breaking,
            );
        }
        if old.content_type != new.content_type {
            self.push(
                ChangeKind::Changed,
                "Content-Type".to_owned(),
                format!("`{}` → `{}`", old.content_type, new.content_type),
                Impact::Breaking,
            );
        }
        match (&old.deprecated, &new.deprecated) {
            (None, Some(note)) => self.push(
                ChangeKind::Added,
                "deprecation".to_owned(),
                format!("the method is now #[deprecated]: {note}"),
                Impact::Compatible,
            ),
            (Some(_), None) => self.push(
                ChangeKind::Removed,
                "deprecation".to_owned(),
                "the method is no longer deprecated".to_owned(),
                Impact::Compatible,
            ),
            _ => {}
        }
        if old.idempotent != new.idempotent {
            // Retries change behaviour, not the API consumers compile against.
            let now = if new.idempotent {
                "now idempotent: the client may retry it"
            } else {
                "no longer idempotent: the client never retries it"
            };
            self.push(
                ChangeKind::Changed,
                "retries".to_owned(),
                now.to_owned(),
                Impact::Compatible,
            );
        }
        if (&old.summary, &old.doc) != (&new.summary, &new.doc) {
            self.push(
                ChangeKind::Changed,
                "documentation".to_owned(),
                "summary or doc text".to_owned(),
                Impact::Compatible,
            );
        }
        self.params(&old.params, &new.params);
        for header in &old.transport_headers {
            if !new.transport_headers.iter().any(|h| h.name == header.name) {
                self.push(
                    ChangeKind::Removed,
                    format!("header `{}`", header.name),
                    "no longer documented as sent by the transport".to_owned(),
                    Impact::Compatible,
                );
            }
        }
        for header in &new.transport_headers {
            if !old.transport_headers.iter().any(|h| h.name == header.name) {
                self.push(
                    ChangeKind::Added,
                    format!("header `{}`", header.name),
                    "documented as sent by the transport".to_owned(),
                    Impact::Compatible,
                );
            }
        }
        self.body(old.body.as_ref(), new.body.as_ref());
        self.responses(old, new);
    }

    /// The changes parameters and struct fields have in common: wire name, Rust name,
    /// whether it is required, type and constraints (`checked`: enforced before sending), docs.
    /// `labels` name the Rust item and what "required" makes of it.
    fn value(
        &mut self,
        item: String,
        old: Compared<'_>,
        new: Compared<'_>,
        labels: (&str, &str),
        checked: bool,
    ) {
        let (rust_label, required_label) = labels;
        if new.wire != old.wire {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                format!("wire name `{}` → `{}`", old.wire, new.wire),
                Impact::Breaking,
            );
        }
        if new.rust != old.rust {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                format!("{rust_label} `{}` → `{}`", old.rust, new.rust),
                Impact::Breaking,
            );
        }
        if new.required != old.required {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                required_change(new.required, required_label),
                Impact::Breaking,
            );
        }
        self.shape(&item, old.shape, new.shape, checked);
        if new.doc != old.doc {
            self.push(
                ChangeKind::Changed,
                item,
                "documentation".to_owned(),
                Impact::Compatible,
            );
        }
    }

    fn params(&mut self, old: &[ir::Param], new: &[ir::Param]) {
        let matched = match_by_names(old, new, |p| (p.rust_name.as_str(), p.wire_name.as_str()));
        for (i, param) in old.iter().enumerate() {
            let item = format!(
                "{} parameter `{}`",
                location(param.location),
                param.wire_name
            );
            let Some(after) = matched[i].map(|j| &new[j]) else {
                self.push(
                    ChangeKind::Removed,
                    item,
                    format!("the request field `{}` is gone", param.rust_name),
                    Impact::Breaking,
                );
                continue;
            };
            if after.location != param.location {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    format!(
                        "sent in the {} instead of the {}",
                        location(after.location),
                        location(param.location)
                    ),
                    Impact::Breaking,
                );
            }
            if after.default_from != param.default_from {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    if after.default_from.is_some() {
                        "now filled from the client's configuration when unset".to_owned()
                    } else {
                        "no longer filled from the client's configuration".to_owned()
                    },
                    Impact::Compatible,
                );
            }
            self.value(
                item,
                Compared::of_param(param),
                Compared::of_param(after),
                ("request field", "constructor argument"),
                true,
            );
        }
        for (j, param) in new.iter().enumerate() {
            if matched.contains(&Some(j)) {
                continue;
            }
            let item = format!(
                "{} parameter `{}`",
                location(param.location),
                param.wire_name
            );
            if param.required {
                self.push(
                    ChangeKind::Added,
                    item,
                    format!(
                        "required: a new argument `{}` of the request's constructor",
                        param.rust_name
                    ),
                    Impact::Breaking,
                );
            } else {
                self.push(
                    ChangeKind::Added,
                    item,
                    format!("optional: `with_{}`", param.rust_name),
                    Impact::Compatible,
                );
            }
        }
    }

    fn body(&mut self, old: Option<&ir::Body>, new: Option<&ir::Body>) {
        let item = "request body".to_owned();
        match (old, new) {
            (None, None) => {}
            (Some(_), None) => self.push(
                ChangeKind::Removed,
                item,
                "the request no longer has a `body` field".to_owned(),
                Impact::Breaking,
            ),
            (None, Some(body)) => self.push(
                ChangeKind::Added,
                item,
                format!(
                    "{} `{}`",
                    requiredness(body.required),
                    describe(&body.shape)
                ),
                if body.required {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
            ),
            (Some(old), Some(new)) => {
                if old.required != new.required {
                    self.push(
                        ChangeKind::Changed,
                        item.clone(),
                        required_change(new.required, "constructor argument"),
                        Impact::Breaking,
                    );
                }
                self.shape(&item, &old.shape, &new.shape, true);
            }
        }
    }

    fn responses(&mut self, old: &ir::Operation, new: &ir::Operation) {
        match (&old.success, &new.success) {
            (None, None) => {}
            (Some(before), None) => self.push(
                ChangeKind::Removed,
                format!("status {}", before.status),
                "the success response is no longer documented; the method returns no body"
                    .to_owned(),
                Impact::Breaking,
            ),
            (None, Some(after)) => self.push(
                ChangeKind::Added,
                format!("status {}", after.status),
                "a documented success response".to_owned(),
                if after.body.is_some() {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
            ),
            (Some(before), Some(after)) => {
                let item = format!("status {}", after.status);
                if before.status != after.status {
                    self.push(
                        ChangeKind::Changed,
                        item.clone(),
                        format!("success status {} → {}", before.status, after.status),
                        Impact::Breaking,
                    );
                }
                match (&before.body, &after.body) {
                    (Some(b), Some(a)) => self.shape(&format!("{item} body"), b, a, false),
                    (None, None) => {}
                    (b, a) => self.push(
                        ChangeKind::Changed,
                        format!("{item} body"),
                        format!(
                            "{} → {}",
                            b.as_ref().map_or("none".to_owned(), describe),
                            a.as_ref().map_or("none".to_owned(), describe)
                        ),
                        Impact::Breaking,
                    ),
                }
            }
        }
        for error in &old.errors {
            match new.errors.iter().find(|e| e.status == error.status) {
                None => self.push(
                    ChangeKind::Removed,
                    format!("status {}", error.status),
                    "no longer documented (still an `Error::Api`)".to_owned(),
                    Impact::Compatible,
                ),
                Some(after) if after.body != error.body => self.push(
                    ChangeKind::Changed,
                    format!("status {}", error.status),
                    format!(
                        "error body {} → {}",
                        error.body.as_ref().map_or("none".to_owned(), describe),
                        after.body.as_ref().map_or("none".to_owned(), describe)
                    ),
                    Impact::Compatible,
                ),
                Some(_) => {}
            }
        }
        for error in &new.errors {
            if !old.errors.iter().any(|e| e.status == error.status) {
                self.push(
                    ChangeKind::Added,
                    format!("status {}", error.status),
                    format!("documented error: {}", error.doc.trim()),
                    Impact::Compatible,
                );
            }
        }
    }

    fn named_type(&mut self, old: &ir::NamedType, new: &ir::NamedType) {
        let item = format!("type `{}`", new.name());
        match (old, new) {
            (ir::NamedType::Struct(old), ir::NamedType::Struct(new)) => self.strukt(old, new),
            (ir::NamedType::Enum(old), ir::NamedType::Enum(new)) => self.enumeration(old, new),
            (ir::NamedType::Struct(_), ir::NamedType::Enum(_)) => self.push(
                ChangeKind::Changed,
                item,
                "struct → enum".to_owned(),
                Impact::Breaking,
            ),
            (ir::NamedType::Enum(_), ir::NamedType::Struct(_)) => self.push(
                ChangeKind::Changed,
                item,
                "enum → struct".to_owned(),
                Impact::Breaking,
            ),
        }
    }

    fn strukt(&mut self, old: &ir::Struct, new: &ir::Struct) {
        if old.doc != new.doc {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                "documentation".to_owned(),
                Impact::Compatible,
            );
        }
        if old.in_request && !new.in_request {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                "no longer part of a request: its constructor and `validate` are gone".to_owned(),
                Impact::Breaking,
            );
        }
        // A struct that a request carries is built by consumers, so its constraints are
        // checked before sending and its required fields are constructor arguments.
        let request = old.in_request || new.in_request;
        let matched = match_by_names(&old.fields, &new.fields, |f| {
            (f.rust_name.as_str(), f.wire_name.as_str())
        });
        for (i, field) in old.fields.iter().enumerate() {
            let item = format!("field `{}`", field.wire_name);
            let Some(after) = matched[i].map(|j| &new.fields[j]) else {
                self.push(
                    ChangeKind::Removed,
                    item,
                    format!("`{}.{}` is gone", old.name, field.rust_name),
                    Impact::Breaking,
                );
                continue;
            };
            self.value(
                item,
                Compared::of_field(field),
                Compared::of_field(after),
                ("Rust field", "non-`Option` field"),
                request,
            );
        }
        for (j, field) in new.fields.iter().enumerate() {
            if matched.contains(&Some(j)) {
                continue;
            }
            let item = format!("field `{}`", field.wire_name);
            let (detail, impact) = match (field.required, request) {
                (true, true) => (
                    format!(
                        "required in a request type: a new argument of `{}::new`",
                        new.name
                    ),
                    Impact::Breaking,
                ),
                (true, false) => (
                    format!(
                        "required response field (`{}` is #[non_exhaustive])",
                        new.name
                    ),
                    Impact::Compatible,
                ),
                (false, _) => ("optional".to_owned(), Impact::Compatible),
            };
            self.push(ChangeKind::Added, item, detail, impact);
        }
    }

    fn enumeration(&mut self, old: &ir::Enum, new: &ir::Enum) {
        if old.doc != new.doc {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                "documentation".to_owned(),
                Impact::Compatible,
            );
        }
        for value in &old.values {
            let item = format!("enum value `{}`", value.wire);
            let Some(after) = new.values.iter().find(|v| v.wire == value.wire) else {
                self.push(
                    ChangeKind::Removed,
                    item,
                    format!(
                        "the variant `{}::{}` is gone; the value now decodes as `Unknown`",
                        old.name, value.variant
                    ),
                    Impact::Breaking,
                );
                continue;
            };
            if after.variant != value.variant {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    format!("variant `{}` → `{}`", value.variant, after.variant),
                    Impact::Breaking,
                );
            }
            for alias in &value.aliases {
                if !after.aliases.contains(alias) {
                    self.push(
                        ChangeKind::Removed,
                        format!("alias `{alias}` of enum value `{}`", value.wire),
                        format!("`{alias}` now decodes as `Unknown`"),
                        Impact::Breaking,
                    );
                }
            }
            for alias in &after.aliases {
                if !value.aliases.contains(alias) {
                    self.push(
                        ChangeKind::Added,
                        format!("alias `{alias}` of enum value `{}`", value.wire),
                        format!("`{alias}` decodes as `{}`", after.variant),
                        Impact::Compatible,
                    );
                }
            }
            if after.doc != value.doc {
                self.push(
                    ChangeKind::Changed,
                    item,
                    "documentation".to_owned(),
                    Impact::Compatible,
                );
            }
        }
        for value in &new.values {
            if !old.values.iter().any(|v| v.wire == value.wire) {
                self.push(
                    ChangeKind::Added,
                    format!("enum value `{}`", value.wire),
                    format!(
                        "new variant `{}::{}` (the enum is #[non_exhaustive] and keeps unknown values)",
                        new.name, value.variant
                    ),
                    Impact::Compatible,
                );
            }
        }
    }

    /// Compares the type and constraints of a value. `request`: the value is sent by the
    /// client, so its constraints are checked before sending.
    fn shape(&mut self, item: &str, old: &Shape, new: &Shape, request: bool) {
        if !same_type(old, new) {
            self.push(
                ChangeKind::Changed,
                item.to_owned(),
                format!("type `{}` → `{}`", describe(old), describe(new)),
                Impact::Breaking,
            );
            return;
        }
        for (key, tighter) in constraint_changes(&old.constraints, &new.constraints) {
            let (before, after) = (
                constraint_value(&old.constraints, key),
                constraint_value(&new.constraints, key),
            );
            let (verb, impact) = match (tighter, request) {
                (true, true) => (
                    "tightened: values accepted before may now be rejected before sending",
                    Impact::Breaking,
                ),
                (false, true) => ("loosened", Impact::Compatible),
                (_, false) => (
                    "changed (documentation only on responses)",
                    Impact::Compatible,
                ),
            };
            self.push(
                ChangeKind::Changed,
                item.to_owned(),
                format!("constraint `{key}` {before} → {after}: {verb}"),
                impact,
            );
        }
        if let (Kind::List(old), Kind::List(new)) = (&old.kind, &new.kind) {
            self.shape(&format!("{item} items"), old, new, request);
        }
    }
}

/// For each item of `old`, the index of the item of `new` with the same Rust name, or else
/// with the same wire name (each `new` item matched once).
fn match_by_names<T>(
    old: &[T],
    new: &[T],
    names: impl Fn(&T) -> (&str, &str),
) -> Vec<Option<usize>> {
    let mut taken = vec![false; new.len()];
    let mut out = vec![None; old.len()];
    for pass in 0..2 {
        for (i, item) in old.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            let key = if pass == 0 {
                names(item).0
            } else {
                names(item).1
            };
            let found = new.iter().enumerate().position(|(j, other)| {
                !taken[j]
                    && (if pass == 0 {
                        names(other).0
                    } else {
                        names(other).1
                    }) == key
            });
            if let Some(j) = found {
                taken[j] = true;
                out[i] = Some(j);
            }
        }
    }
    out
}

fn same_type(old: &Shape, new: &Shape) -> bool {
    match (&old.kind, &new.kind) {
        (Kind::List(a), Kind::List(b)) => same_type(a, b),
        (a, b) => a == b,
    }
}

/// The constraint keys that changed, each with whether the change tightens it. A changed
/// pattern counts as tightened: it cannot be shown to accept every value the old one did.
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<(&'static str, bool)> {
    fn lower<T: PartialOrd>(old: Option<T>, new: Option<T>) -> Option<bool> {
        match (old, new) {
            (None, None) => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => Some(b > a),
        }
    }
    fn upper<T: PartialOrd>(old: Option<T>, new: Option<T>) -> Option<bool> {
        match (old, new) {
            (None, None) => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => Some(b < a),
        }
    }
    let pattern = match (&old.pattern, &new.pattern) {
        (a, b) if a == b => None,
        (_, None) => Some(false),
        _ => Some(true),
    };
    [
        ("min_length", lower(old.min_length, new.min_length)),
        ("max_length", upper(old.max_length, new.max_length)),
        ("pattern", pattern),
        ("minimum", lower(old.minimum, new.minimum)),
        ("maximum", upper(old.maximum, new.maximum)),
        ("min_items", lower(old.min_items, new.min_items)),
        ("max_items", upper(old.max_items, new.max_items)),
    ]
    .into_iter()
    .filter_map(|(key, tighter)| tighter.map(|t| (key, t)))
    .collect()
}

fn constraint_value(c: &Constraints, key: &str) -> String {
    let value = match key {
        "min_length" => c.min_length.map(|v| v.to_string()),
        "max_length" => c.max_length.map(|v| v.to_string()),
        "pattern" => c.pattern.as_ref().map(|p| format!("`{p}`")),
        "minimum" => c.minimum.map(|v| v.to_string()),
        "maximum" => c.maximum.map(|v| v.to_string()),
        "min_items" => c.min_items.map(|v| v.to_string()),
        "max_items" => c.max_items.map(|v| v.to_string()),
        _ => None,
    };
    value.unwrap_or_else(|| "none".to_owned())
}

/// A shape as a spec type expression (`list<Tag>` shows as `list<string>` once inlined).
pub fn describe(shape: &Shape) -> String {
    match &shape.kind {
        Kind::String => "string".to_owned(),
        Kind::Bool => "boolean".to_owned(),
        Kind::I32 => "int32".to_owned(),
        Kind::I64 => "int64".to_owned(),
        Kind::F64 => "float64".to_owned(),
        Kind::Json => "json".to_owned(),
        Kind::List(item) => format!("list<{}>", describe(item)),
        Kind::Named(name) => name.clone(),
    }
}

fn required_change(now_required: bool, what: &str) -> String {
    if now_required {
        format!("now required (a {what})")
    } else {
        format!("now optional (no longer a {what})")
    }
}

fn requiredness(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn location(location: ir::Location) -> &'static str {
    match location {
        ir::Location::Path => "path",
        ir::Location::Query => "query",
        ir::Location::Header => "header",
    }
}

fn auth_name(kind: ir::AuthKind) -> &'static str {
    match kind {
        ir::AuthKind::Aksk => "aksk",
        ir::AuthKind::Token => "token",
    }
}

fn opt(value: &Option<String>) -> String {
    value
        .as_deref()
        .map_or("none".to_owned(), |v| format!("`{v}`"))
}

/// The bump `changes` need, under Cargo's semver rules for a crate at `version`: a breaking
/// change needs a new major version (a minor one for 0.y.z, a patch one for 0.0.z); an
/// addition a minor one (a patch one for 0.y.z); anything else a patch one.
fn required_bump(version: Option<&semver::Version>, changes: &[Change]) -> Bump {
    if changes.is_empty() {
        return Bump::None;
    }
    let breaking = changes.iter().any(|c| c.impact == Impact::Breaking);
    let addition = changes.iter().any(|c| c.kind == ChangeKind::Added);
    let (major, minor) = version.map_or((1, 0), |v| (v.major, v.minor));
    match (breaking, addition, major, minor) {
        (true, _, 0, 0) => Bump::Patch,
        (true, _, 0, _) => Bump::Minor,
        (true, _, _, _) => Bump::Major,
        (false, true, 0, _) => Bump::Patch,
        (false, true, _, _) => Bump::Minor,
        (false, false, _, _) => Bump::Patch,
    }
}

fn version_check(old: &str, new: &str, changes: &[Change]) -> VersionCheck {
    let (old_v, new_v) = (
        semver::Version::parse(old).ok(),
        semver::Version::parse(new).ok(),
    );
    let required = required_bump(old_v.as_ref(), changes);
    let actual = match (&old_v, &new_v) {
        (Some(a), Some(b)) if b.major > a.major => Bump::Major,
        (Some(a), Some(b)) if b.major == a.major && b.minor > a.minor => Bump::Minor,
        (Some(a), Some(b)) if (b.major, b.minor) == (a.major, a.minor) && b > a => Bump::Patch,
        _ => Bump::None,
    };
    let went_down = matches!((&old_v, &new_v), (Some(a), Some(b)) if b < a);
    let enough = !went_down && actual >= required && (required == Bump::None || new_v.is_some());
    let suggested = match (&old_v, enough) {
        (Some(v), false) => Some(
            match required {
                Bump::Major => semver::Version::new(v.major + 1, 0, 0),
                Bump::Minor => semver::Version::new(v.major, v.minor + 1, 0),
                Bump::Patch | Bump::None => semver::Version::new(v.major, v.minor, v.patch + 1),
            }
            .to_string(),
        ),
        _ => None,
    };
    VersionCheck {
        old: old.to_owned(),
        new: new.to_owned(),
        required,
        actual,
        enough,
        suggested,
    }
}

impl Change {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }

    fn impact_name(&self) -> &'static str {
        match self.impact {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

impl Scope {
    fn heading(&self) -> String {
        match self {
            Scope::Service => "service".to_owned(),
            Scope::Operation(name) => format!("operation {name}"),
            Scope::Type(name) => format!("type {name}"),
        }
    }
}

/// The changes of one service, by scope.
struct ServiceGroup<'a> {
    service: &'a str,
    scopes: Vec<(&'a Scope, Vec<&'a Change>)>,
}

impl Report {
    /// True when any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    fn counts(&self) -> (usize, usize) {
        let breaking = self
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .count();
        (breaking, self.changes.len() - breaking)
    }

    /// Changes grouped by service, then scope, both in first-seen order.
    fn groups(&self) -> Vec<ServiceGroup<'_>> {
        let mut out: Vec<ServiceGroup<'_>> = Vec::new();
        for change in &self.changes {
            let i = match out.iter().position(|g| g.service == change.service) {
                Some(i) => i,
                None => {
                    out.push(ServiceGroup {
                        service: &change.service,
                        scopes: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let scopes = &mut out[i].scopes;
            match scopes.iter_mut().find(|(s, _)| **s == change.scope) {
                Some((_, changes)) => changes.push(change),
                None => scopes.push((&change.scope, vec![change])),
            }
        }
        out
    }

    fn summary(&self) -> String {
        let (breaking, compatible) = self.counts();
        if self.changes.is_empty() {
            return "No change to the generated API.".to_owned();
        }
        format!(
            "{breaking} breaking and {compatible} compatible change{}.",
            if breaking + compatible == 1 { "" } else { "s" }
        )
    }

    fn verdict(&self) -> String {
        let v = &self.version;
        let made = match v.actual {
            Bump::None => "not bumped".to_owned(),
            bump => format!("a {} bump", bump.name()),
        };
        let needed = match v.required {
            Bump::None => "no bump".to_owned(),
            bump => format!("a {} bump", bump.name()),
        };
        let mut text = format!(
            "Version: {} → {} ({made}); these changes need {needed}",
            v.old, v.new
        );
        if v.enough {
            text.push_str(": enough.");
        } else {
            text.push_str(": NOT enough");
            if let Some(s) = &v.suggested {
                let _ = write!(text, "; set the package version in package.yaml to {s}");
            }
            text.push('.');
        }
        text
    }

    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!("Spec diff of {}\n", self.package);
        for group in self.groups() {
            let _ = writeln!(out, "\n{}", group.service);
            for (scope, changes) in group.scopes {
                let _ = writeln!(out, "  {}", scope.heading());
                for c in changes {
                    let _ = writeln!(
                        out,
                        "    {:<10} {:<7} {}: {}",
                        c.impact_name(),
                        c.kind_name(),
                        c.item,
                        c.detail
                    );
                }
            }
        }
        let _ = write!(out, "\n{}\n{}\n", self.summary(), self.verdict());
        out
    }

    /// Markdown to paste into a pull request.
    pub fn to_markdown(&self) -> String {
        let (breaking, _) = self.counts();
        let mut out = format!("### API changes of `{}`\n\n", self.package);
        let headline = if breaking > 0 {
            format!("**Breaking.** {}", self.summary())
        } else {
            self.summary()
        };
        let _ = writeln!(out, "{headline}\n\n{}", self.verdict());
        for group in self.groups() {
            let _ = writeln!(out, "\n#### {}\n", group.service);
            out.push_str("| | where | change | item | detail |\n| --- | --- | --- | --- | --- |\n");
            for (scope, changes) in group.scopes {
                for c in changes {
                    let mark = match c.impact {
                        Impact::Breaking => "❌ breaking",
                        Impact::Compatible => "✅ compatible",
                    };
                    let _ = writeln!(
                        out,
                        "| {mark} | {} | {} | {} | {} |",
                        scope.heading(),
                        c.kind_name(),
                        cell(&c.item),
                        cell(&c.detail)
                    );
                }
            }
        }
        out
    }

    /// A JSON value for other tools.
    pub fn to_json(&self) -> Value {
        let (breaking, compatible) = self.counts();
        let v = &self.version;
        json!({
            "package": self.package,
            "breaking": breaking > 0,
            "counts": { "breaking": breaking, "compatible": compatible },
            "version": {
                "old": v.old,
                "new": v.new,
                "required_bump": v.required.name(),
                "actual_bump": v.actual.name(),
                "enough": v.enough,
                "suggested": v.suggested,
            },
            "changes": self.changes.iter().map(|c| {
                let (scope, name) = match &c.scope {
                    Scope::Service => ("service", None),
                    Scope::Operation(n) => ("operation", Some(n)),
                    Scope::Type(n) => ("type", Some(n)),
                };
                json!({
                    "service": c.service,
                    "scope": scope,
                    "name": name,
                    "kind": c.kind_name(),
                    "item": c.item,
                    "detail": c.detail,
                    "impact": c.impact_name(),
                })
            }).collect::<Vec<_>>(),
        })
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A parameter or struct field, as [`Differ::value`] compares it.
struct Compared<'a> {
    wire: &'a str,
    rust: &'a str,
    required: bool,
    shape: &'a ir::Shape,
    doc: &'a str,
}

impl<'a> Compared<'a> {
    fn of_param(p: &'a ir::Param) -> Compared<'a> {
        Compared {
            wire: &p.wire_name,
            rust: &p.rust_name,
            required: p.required,
            shape: &p.shape,
            doc: &p.doc,
        }
    }

    fn of_field(f: &'a ir::Field) -> Compared<'a> {
        Compared {
            wire: &f.wire_name,
            rust: &f.rust_name,
            required: f.required,
            shape: &f.shape,
            doc: &f.doc,
        }
    }
}
