//! `package.yaml`: the generated crate's package and the runtime it depends on.

use super::{Checker, YamlPath};
use crate::ir;
use crate::names::{crate_ident, ident_problem};
use crate::spec::PackageFile;

impl Checker<'_, PackageFile> {
    /// Checks the package names and versions and lowers the package.
    pub(super) fn package(&mut self) -> ir::Package {
        let p = &self.file.spec;
        for (key, name) in [
            (["package", "name"], &p.package.name),
            (["runtime", "package"], &p.runtime.package),
        ] {
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                && name.starts_with(|c: char| c.is_ascii_lowercase());
            if !ok {
                self.error_at_value(
                    &YamlPath::new(&key),
                    format!("`{name}` is not a valid Cargo package name"),
                    "use lower-case letters, digits and `-`, starting with a letter",
                );
            } else if let Some(problem) = ident_problem(&crate_ident(name)) {
                // The crate is named in Rust code (`use name::...`), where a keyword cannot be.
                self.error_at_value(
                    &YamlPath::new(&key),
                    format!("`{name}` cannot name a crate in Rust code: {problem}"),
                    format!("use another name, e.g. `{name}-client`"),
                );
            }
        }
        for (key, version) in [
            (["package", "version"], &p.package.version),
            (["runtime", "version"], &p.runtime.version),
        ] {
            if !is_semver(version) {
                self.error_at_value(
                    &YamlPath::new(&key),
                    format!("`{version}` is not a semver version"),
                    "write MAJOR.MINOR.PATCH, e.g. 0.1.0",
                );
            }
        }
        if is_semver(&p.runtime.version) && !accepts_runtime(&p.runtime.version) {
            self.error_at_value(
                &YamlPath::new(&["runtime", "version"]),
                format!(
                    "the generated code needs version {} of the runtime, which `{}` does not \
                     accept",
                    crate::RUNTIME_VERSION,
                    p.runtime.version
                ),
                format!("write `version: {}`", crate::RUNTIME_VERSION),
            );
        }
        ir::Package {
            name: p.package.name.clone(),
            crate_name: crate_ident(&p.package.name),
            version: p.package.version.clone(),
            description: p.package.description.clone(),
            license: p.package.license.clone(),
            source: self.file.file.path.clone(),
            runtime_package: p.runtime.package.clone(),
            runtime_crate: crate_ident(&p.runtime.package),
            runtime_version: p.runtime.version.clone(),
            runtime_path: p.runtime.path.clone(),
        }
    }
}

/// Whether the Cargo requirement `^version` (what the generated `Cargo.toml` says) accepts the
/// runtime version the generated code is written against.
fn accepts_runtime(version: &str) -> bool {
    let (Ok(requirement), Ok(runtime)) = (
        semver::VersionReq::parse(&format!("^{version}")),
        semver::Version::parse(crate::RUNTIME_VERSION),
    ) else {
        return false;
    };
    requirement.matches(&runtime)
}

/// `MAJOR.MINOR.PATCH`, each a number, optionally followed by a pre-release or build suffix.
fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}
