//! The semver rule: the bump a set of changes needs, and whether the spec's version made it.

use ::semver::Version;

use super::{Bump, Change, ChangeKind, Impact, VersionCheck};

/// The bump `changes` need, under Cargo's semver rules for a crate at `version`: a breaking
/// change needs a new major version (a minor one for 0.y.z, a patch one for 0.0.z); an
/// addition a minor one (a patch one for 0.y.z); anything else a patch one.
fn required_bump(version: Option<&Version>, changes: &[Change]) -> Bump {
    if changes.is_empty() {
        return Bump::None;
    }
    let breaking = changes.iter().any(|c| c.impact == Impact::Breaking);
    let addition = changes.iter().any(|c| c.kind == ChangeKind::Added);
    // A version that cannot be read gets the 1.y.z rule, the strictest.
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

/// How the version moved from `old` to `new` (either may fail to parse), against the bump
/// `changes` need.
pub(super) fn version_check(old: &str, new: &str, changes: &[Change]) -> VersionCheck {
    let (old_v, new_v) = (Version::parse(old).ok(), Version::parse(new).ok());
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
                Bump::Major => Version::new(v.major + 1, 0, 0),
                Bump::Minor => Version::new(v.major, v.minor + 1, 0),
                Bump::Patch | Bump::None => Version::new(v.major, v.minor, v.patch + 1),
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
