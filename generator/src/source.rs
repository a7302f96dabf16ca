//! A spec file as read: its text and the name it is reported under.
//!
//! Both [`crate::load`] (which parses it) and [`crate::diagnostic`] (which shows its lines under
//! a problem) use it, so it lives apart from either.

/// A spec file's text and the name to report it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path as shown to people, relative to the repository root (`spec/garden.yaml`).
    pub path: String,
    /// The YAML text.
    pub text: String,
}

impl SourceFile {
    /// The file's name without directory and extension (`garden` for `spec/garden.yaml`).
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".yaml").unwrap_or(name)
    }
}
