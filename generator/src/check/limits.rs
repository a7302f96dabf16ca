//! Limits on how deep the generated types may nest: a struct holding a struct holding a struct
//! … deeper than [`MAX_STRUCT_CHAIN`] makes rustc's trait solving (auto traits, drop check,
//! serde's derives) overflow its recursion limit in the generated crate. The nesting of
//! `list<…>` is limited where type expressions are read (`types.rs`).

use std::collections::{BTreeMap, BTreeSet};

use super::service::collect_named;
use super::{Checker, YamlPath};
use crate::ir;
use crate::spec::ServiceFile;

/// The longest chain of named structs, each holding the next in a field (directly or in a
/// list), that a spec may define.
pub(super) const MAX_STRUCT_CHAIN: usize = 32;

impl Checker<'_, ServiceFile> {
    /// Reports the structs that start a chain of nested structs longer than
    /// [`MAX_STRUCT_CHAIN`] (not the ones inside such a chain: one error per chain).
    pub(super) fn struct_chains(&mut self, types: &[ir::NamedType]) {
        let inner: BTreeMap<&str, Vec<String>> = types
            .iter()
            .filter_map(|ty| match ty {
                ir::NamedType::Struct(s) => {
                    let mut names = Vec::new();
                    for field in &s.fields {
                        collect_named(&field.shape, &mut names);
                    }
                    Some((s.name.as_str(), names))
                }
                ir::NamedType::Enum(_) => None,
            })
            .collect();
        let mut depths: BTreeMap<String, usize> = BTreeMap::new();
        for name in inner.keys() {
            depth(name, &inner, &mut depths, &mut BTreeSet::new());
        }
        let too_deep: BTreeSet<&str> = depths
            .iter()
            .filter(|(_, d)| **d > MAX_STRUCT_CHAIN)
            .map(|(n, _)| n.as_str())
            .collect();
        for name in &too_deep {
            let inside_another = too_deep.iter().any(|other| {
                inner
                    .get(other)
                    .is_some_and(|names| names.iter().any(|n| n == name))
            });
            if inside_another {
                continue;
            }
            self.error_at_key(
                &YamlPath::new(&["types", name]),
                format!(
                    "`{name}` starts a chain of {} structs, each holding the next; at most {MAX_STRUCT_CHAIN} are allowed",
                    depths[*name]
                ),
                "flatten some levels (move their fields up), or use `json` for a deep part",
            );
        }
    }
}

/// The length of the longest chain of structs starting at `name` (1 for a struct holding no
/// struct). A type that holds itself, directly or not, ends the chain there.
fn depth(
    name: &str,
    inner: &BTreeMap<&str, Vec<String>>,
    depths: &mut BTreeMap<String, usize>,
    visiting: &mut BTreeSet<String>,
) -> usize {
    if let Some(d) = depths.get(name) {
        return *d;
    }
    let Some(names) = inner.get(name) else {
        return 0;
    };
    if !visiting.insert(name.to_owned()) {
        return 0;
    }
    let deepest = names
        .iter()
        .map(|n| depth(n, inner, depths, visiting))
        .max()
        .unwrap_or(0);
    visiting.remove(name);
    depths.insert(name.to_owned(), deepest + 1);
    deepest + 1
}
