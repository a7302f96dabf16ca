//! Comparing two checked services: the [`Differ`] walks both side by side and records each
//! [`Change`] with its impact. This module holds the service level (client, auth schemes,
//! endpoints, which operations and types exist); the submodules compare what is inside.

mod named_types;
mod operations;
mod values;

use super::{Change, ChangeKind, Impact, Scope};
use crate::ir::{self, Kind, Shape};

/// Every change between the services of `old` and `new`, service by service in `old`'s order,
/// then the services only `new` has.
pub(super) fn changes(old: &ir::Api, new: &ir::Api) -> Vec<Change> {
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
    changes
}

/// Compares one service before (`old`) and after (`new`), appending each change to `out`
/// under the current `scope`.
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
        Kind::Object => "object".to_owned(),
        Kind::List(item) => format!("list<{}>", describe(item)),
        Kind::Map(item) => format!("map<{}>", describe(item)),
        Kind::Named(name) => name.clone(),
        Kind::Bytes => "bytes".to_owned(),
        Kind::File => "file".to_owned(),
    }
}

/// What a value becoming required or optional does; `what` is the Rust item "required" makes
/// of it (e.g. a constructor argument).
fn required_change(now_required: bool, what: &str) -> String {
    if now_required {
        format!("now required (a {what})")
    } else {
        format!("now optional (no longer a {what})")
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
