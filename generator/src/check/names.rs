//! The naming rules: PascalCase and snake_case names, the Rust names of fields and parameters,
//! and Rust names that two items of a service would both get.

use std::collections::BTreeMap;

use super::{Checker, YamlPath};
use crate::ir;
use crate::names::{ident_problem, pascal, snake};
use crate::spec::ServiceFile;

impl Checker<'_, ServiceFile> {
    /// The module name, which the file name gives: it must be a snake_case identifier.
    pub(super) fn module_name(&mut self) -> String {
        let module = self.file.file.stem().to_owned();
        if let Some(problem) = ident_problem(&module)
            .or_else(|| (snake(&module) != module).then(|| format!("`{module}` is not snake_case")))
        {
            self.error_at_start(
                format!("the file name gives the module name, and {problem}"),
                "rename the file to a snake_case Rust identifier, e.g. `my_service.yaml`",
            );
        }
        module
    }

    /// Checks that the `what` name written at `at` is a PascalCase identifier.
    pub(super) fn pascal_name(&mut self, at: &YamlPath, name: &str, what: &str) -> bool {
        if let Some(problem) = ident_problem(name) {
            self.error_at_key(
                at,
                format!("{what} name: {problem}"),
                format!("write a PascalCase name such as `{}`", pascal(name)),
            );
            return false;
        }
        if pascal(name) != name {
            self.error_at_key(
                at,
                format!("{what} name `{name}` is not PascalCase"),
                format!("write `{}`", pascal(name)),
            );
            return false;
        }
        true
    }

    /// The Rust name of a field or parameter: `rust_name`, or the wire name in snake_case.
    pub(super) fn rust_field_name(
        &mut self,
        wire: &str,
        rust_name: Option<&str>,
        at: &YamlPath,
    ) -> String {
        let name = rust_name.map_or_else(|| snake(wire), str::to_owned);
        if let Some(problem) = ident_problem(&name) {
            let key_at = if rust_name.is_some() {
                at.child("rust_name")
            } else {
                at.clone()
            };
            let suggestion = format!("{}_", snake(wire).trim_end_matches('_'));
            self.error_at_key(
                &key_at,
                format!("`{wire}` would become the Rust field `{name}`, but {problem}"),
                format!(
                    "add `rust_name: {suggestion}` (or another valid snake_case name); the wire name stays `{wire}`"
                ),
            );
        } else if snake(name.trim_end_matches('_')) != name.trim_end_matches('_') {
            // A trailing `_` (`type_`, the usual way around a keyword) is snake_case too.
            self.error_at_key(
                &at.child("rust_name"),
                format!("`{name}` is not snake_case"),
                format!("write `{}`", snake(&name)),
            );
        }
        name
    }

    /// Reports a type name that would hide a name of Rust's prelude (or one the generated code
    /// uses unqualified) inside the service module, breaking the code there.
    pub(super) fn reserved_type_name(&mut self, at: &YamlPath, name: &str) {
        const RESERVED: &[&str] = &[
            "Option",
            "Some",
            "None",
            "Result",
            "Ok",
            "Err",
            "String",
            "Vec",
            "Box",
            "ToString",
            "ToOwned",
            "Default",
            "Clone",
            "Copy",
            "Send",
            "Sync",
            "Sized",
            "Drop",
            "Fn",
            "FnMut",
            "FnOnce",
            "Iterator",
            "IntoIterator",
            "Extend",
            "From",
            "Into",
            "TryFrom",
            "TryInto",
            "AsRef",
            "AsMut",
            "PartialEq",
            "Eq",
            "PartialOrd",
            "Ord",
            "Self",
        ];
        if RESERVED.contains(&name) {
            let service = &self.file.spec.service;
            self.error_at_key(
                at,
                format!("the type name `{name}` would hide Rust's `{name}` in the generated code"),
                format!("rename the type, e.g. `{service}{name}`"),
            );
        }
    }

    /// Records the method and request type of the operation `name`, reporting each that an
    /// earlier item already has. `methods` maps methods to operations, `reserved` type names to
    /// what has them.
    pub(super) fn claim_operation_names(
        &mut self,
        name: &str,
        op: &ir::Operation,
        methods: &mut BTreeMap<String, String>,
        reserved: &mut BTreeMap<String, String>,
    ) {
        let at = YamlPath::new(&["operations", name]);
        if let Some(other) = methods.insert(op.method.clone(), name.to_owned()) {
            self.error_at_key(
                &at,
                format!(
                    "operations `{other}` and `{name}` both become the method `{}`",
                    op.method
                ),
                "rename one of the operations",
            );
        }
        if let Some(other) = reserved.insert(
            op.request_type.clone(),
            format!("the request type of `{name}`"),
        ) {
            self.error_at_key(
                &at,
                format!(
                    "the request type `{}` collides with {other}",
                    op.request_type
                ),
                "rename the operation",
            );
        }
    }

    /// Reports every named type whose name `reserved` already gives to something else.
    pub(super) fn type_name_collisions(
        &mut self,
        types: &[ir::NamedType],
        reserved: &BTreeMap<String, String>,
    ) {
        for ty in types {
            if let Some(what) = reserved.get(ty.name()) {
                self.error_at_key(
                    &YamlPath::new(&["types", ty.name()]),
                    format!("the type `{}` collides with {what}", ty.name()),
                    "rename the type",
                );
            }
        }
    }
}
