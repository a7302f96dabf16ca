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
//!
//! The bump follows Cargo's semver rules: a breaking change needs a new major version (a minor
//! one for 0.y.z, a patch one for 0.0.z), an addition a minor one (a patch one for 0.y.z),
//! anything else a patch one.
//!
//! Comparing is in `compare` (with a submodule each for operations, named types and the values
//! they share), the semver rule in `semver`, and rendering in `render`.

mod compare;
mod render;
mod semver;

pub use compare::describe;

use crate::ir;

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

impl Report {
    /// True when any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }
}

/// Compares the API before (`old`) and after (`new`) a spec change.
pub fn diff(old: &ir::Api, new: &ir::Api) -> Report {
    let changes = compare::changes(old, new);
    let version = semver::version_check(&old.package.version, &new.package.version, &changes);
    Report {
        package: new.package.name.clone(),
        changes,
        version,
    }
}
