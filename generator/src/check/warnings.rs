//! Warnings: what can be generated but is probably not what the spec's author meant. They are
//! reported (`warning:`), and generation goes on.

use std::collections::HashSet;

use super::service::collect_named;
use super::{Checker, YamlPath};
use crate::ir;
use crate::spec::ServiceFile;

impl Checker<'_, ServiceFile> {
    /// Warns about an operation without examples: it gets no conformance test.
    pub(super) fn warn_without_examples(&mut self, op: &ir::Operation) {
        if op.examples.is_empty() {
            self.warn_at_key(
                &YamlPath::new(&["operations", &op.name]),
                format!(
                    "operation `{}` has no examples, so it gets no conformance test",
                    op.name
                ),
                "add an `examples:` entry with a request and the response it gets (see spec/README.md)",
            );
        }
    }

    /// Warns about the named structs and enums that no operation uses, directly or through
    /// other types: they are generated, but nothing sends or returns them.
    pub(super) fn warn_unused_types(&mut self, types: &[ir::NamedType], ops: &[ir::Operation]) {
        let mut pending = Vec::new();
        for op in ops {
            for param in &op.params {
                collect_named(&param.shape, &mut pending);
            }
            if let Some(body) = &op.body {
                collect_named(&body.shape, &mut pending);
            }
            for response in op.success.iter().chain(&op.errors) {
                if let Some(shape) = &response.body {
                    collect_named(shape, &mut pending);
                }
            }
        }
        let mut used = HashSet::new();
        while let Some(name) = pending.pop() {
            if !used.insert(name.clone()) {
                continue;
            }
            for ty in types.iter().filter(|ty| ty.name() == name) {
                if let ir::NamedType::Struct(s) = ty {
                    for field in &s.fields {
                        collect_named(&field.shape, &mut pending);
                    }
                }
            }
        }
        for ty in types {
            if !used.contains(ty.name()) {
                self.warn_at_key(
                    &YamlPath::new(&["types", ty.name()]),
                    format!("type `{}` is not used by any operation", ty.name()),
                    "use it in a parameter, body or response, or remove it",
                );
            }
        }
    }
}
