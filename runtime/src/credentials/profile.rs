//! Credentials from the shared credentials file.
//!
//! The official SDKs' `ProfileCredentialProvider` (Python `huaweicloudsdkcore/auth/provider.py`,
//! Go `core/auth/provider/profile_provider.go`):
//!
//! - the file is `$HUAWEICLOUD_SDK_CREDENTIALS_FILE` when that is set, else
//!   `<home>/.huaweicloud/credentials`, home being `HOME` (`USERPROFILE` on Windows:
//!   Python `filepath_utils.get_home_path`, Go `os.UserHomeDir`);
//! - it is an INI file (Python `configparser`, Go `gopkg.in/ini.v1`; read here with the
//!   `configparser` crate, which follows Python's) whose section is named by
//!   the credential type: `[basic]` for regional services (every service here), `[global]`
//!   for global ones. Another section is chosen by giving another credential type
//!   (`ProfileCredentialProvider("basic-dev")`), and the SDK has no variable for it;
//! - keys: `ak`, `sk`, `security_token` (optional), `project_id` (optional), `domain_id`
//!   (global only), `iam_endpoint`, and `idp_id` with `id_token_file` for federated
//!   authentication, which wins over AK/SK when both are set;
//! - empty values count as missing.
//!
//! ```ini
//! [basic]
//! ak = your_ak
//! sk = your_sk
//! project_id = your_project_id
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use configparser::ini::{Ini, IniDefault};

use super::{Credentials, CredentialsFuture, Lookup, ProvideCredentials, loaded_once};
use crate::Error;

/// The variable that overrides the credentials file's path, as in the official SDK.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// The section read by default: the SDK's credential type of regional services
/// (`BasicCredentials`).
pub const DEFAULT_PROFILE: &str = "basic";

/// The file under the home directory, as in the SDK (`.huaweicloud/credentials`).
const DEFAULT_DIR: &str = ".huaweicloud";
const DEFAULT_FILE: &str = "credentials";

#[cfg(windows)]
const HOME: &str = "USERPROFILE";
#[cfg(not(windows))]
const HOME: &str = "HOME";

/// AK/SK (and a security token, and a project id) from a section of the shared credentials
/// file, `~/.huaweicloud/credentials` unless `HUAWEICLOUD_SDK_CREDENTIALS_FILE` names another.
///
/// ```ini
/// [basic]
/// ak = your_ak
/// sk = your_sk
/// security_token = for temporary credentials (optional)
/// project_id = 93d8e0553c20411fba06bb112b5b59af (optional)
///
/// [basic-dev]
/// ak = another_ak
/// sk = another_sk
/// ```
///
/// The section is `[basic]` (the SDK's default for regional services) unless
/// [`profile`](Self::profile) names another. Keys are matched ignoring case (as Python's
/// `configparser` does), `=` or `:` separate a key from its value, lines starting with `#` or
/// `;` (indented or not) are comments while a `#` after a value is part of it (as in
/// `configparser`), a value may be quoted, and when a key or section is repeated the last one
/// wins. The file is read at the first call of
/// [`provide_credentials`](ProvideCredentials::provide_credentials) that finds credentials,
/// and kept; [`load`](Self::load) reads it anew.
///
/// ```no_run
/// use huaweicloud_devops_runtime::credentials::ProfileProvider;
/// use huaweicloud_devops_runtime::{Config, Credentials};
///
/// let credentials = ProfileProvider::new().profile("basic-dev").load()?;
/// let config = Config::new().region("cn-north-4").credentials(credentials);
/// # Ok::<(), huaweicloud_devops_runtime::Error>(())
/// ```
pub struct ProfileProvider {
    lookup: Lookup,
    path: Option<PathBuf>,
    profile: String,
    found: OnceLock<Credentials>,
}

impl ProfileProvider {
    /// The `[basic]` section of the file the SDK reads.
    pub fn new() -> ProfileProvider {
        ProfileProvider::from_lookup(Lookup::process())
    }

    /// Finds the file through `lookup` instead of the process environment
    /// (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, then `HOME`).
    pub fn with_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> ProfileProvider {
        ProfileProvider::from_lookup(Lookup::function(lookup))
    }

    pub(crate) fn from_lookup(lookup: Lookup) -> ProfileProvider {
        ProfileProvider {
            lookup,
            path: None,
            profile: DEFAULT_PROFILE.to_owned(),
            found: OnceLock::new(),
        }
    }

    /// Reads this file, whatever the environment says.
    pub fn path(mut self, path: impl Into<PathBuf>) -> ProfileProvider {
        self.path = Some(path.into());
        self
    }

    /// Reads this section (matched exactly) instead of `[basic]`.
    pub fn profile(mut self, name: impl Into<String>) -> ProfileProvider {
        self.profile = name.into();
        self
    }

    /// The file that is read: the one given to [`path`](Self::path), else
    /// `$HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `<home>/.huaweicloud/credentials`.
    ///
    /// # Errors
    ///
    /// `Error::Config` when none is given and the home directory is unknown.
    pub fn file(&self) -> Result<PathBuf, Error> {
        if let Some(path) = &self.path {
            return Ok(path.clone());
        }
        if let Some(path) = self.lookup.get(ENV_CREDENTIALS_FILE) {
            return Ok(PathBuf::from(path));
        }
        match self.lookup.get(HOME) {
            Some(home) => Ok(Path::new(&home).join(DEFAULT_DIR).join(DEFAULT_FILE)),
            None => Err(Error::Config(format!(
                "profile file: {ENV_CREDENTIALS_FILE} is not set and the home directory is \
                 unknown ({HOME} is not set)"
            ))),
        }
    }

    /// Reads the file now.
    ///
    /// # Errors
    ///
    /// `Error::Config` when the file does not exist or cannot be read or parsed (the message
    /// has the line, never the file's text), has no such section, has a section
    /// without `ak` and `sk`, or asks for federated authentication (`idp_id` and
    /// `id_token_file`), which this client does not support.
    pub fn load(&self) -> Result<Credentials, Error> {
        let path = self.file()?;
        let shown = path.display();
        let fail = |problem: String| Err(Error::Config(format!("profile file {shown}: {problem}")));
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return fail("does not exist".to_owned());
            }
            Err(e) => return fail(format!("cannot be read: {e}")),
        };
        // As Python's configparser reads it: `=` or `:`, comments on whole lines only (an
        // SK may hold `#` or `;`), no continuation lines. Sections and keys are kept as
        // written: sections are matched exactly (as in both SDKs), keys ignoring case (as in
        // Python).
        let mut options = IniDefault::default();
        options.case_sensitive = true;
        options.enable_inline_comments = false;
        options.multiline = false;
        let mut file = Ini::new_from_defaults(options);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        // Its errors give the line and what is wrong, never the text of the line.
        let sections = match file.read(text) {
            Ok(sections) => sections,
            Err(e) => return fail(e),
        };
        let profile = &self.profile;
        let Some(section) = sections.get(profile.as_str()) else {
            return fail(format!("has no [{profile}] section"));
        };
        // `[DEFAULT]` holds values every section inherits, as in Python's configparser.
        let defaults = sections.get("DEFAULT");
        let get = |key: &str| -> Option<String> {
            value(section, key)
                .or_else(|| defaults.and_then(|d| value(d, key)))
                .map(|v| unquote(v.trim()).to_owned())
                .filter(|v| !v.is_empty())
        };
        let (ak, sk, token) = (get("ak"), get("sk"), get("security_token"));
        let (project_id, idp_id, id_token_file) =
            (get("project_id"), get("idp_id"), get("id_token_file"));
        if idp_id.is_some() && id_token_file.is_some() {
            return fail(format!(
                "[{profile}] sets idp_id and id_token_file, asking for federated \
                 authentication with an OpenID Connect id token, which this client does not \
                 support; set ak and sk instead"
            ));
        }
        let credentials = match (ak, sk, token) {
            (Some(ak), Some(sk), Some(token)) => Credentials::temporary(ak, sk, token),
            (Some(ak), Some(sk), None) => Credentials::ak_sk(ak, sk),
            (ak, sk, _) => {
                let missing = match (ak, sk) {
                    (None, None) => "ak and sk",
                    (None, Some(_)) => "ak",
                    _ => "sk",
                };
                return fail(format!("[{profile}] has no {missing}"));
            }
        };
        Ok(Credentials {
            project_id,
            ..credentials
        })
    }
}

impl Default for ProfileProvider {
    fn default() -> ProfileProvider {
        ProfileProvider::new()
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        loaded_once(&self.found, || self.load())
    }
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileProvider")
            .field("lookup", &self.lookup)
            .field("path", &self.path)
            .field("profile", &self.profile)
            .field("found", &self.found.get().is_some())
            .finish()
    }
}

/// The value of `key` (matched ignoring case) in a section.
fn value<'a>(
    section: impl IntoIterator<Item = (&'a String, &'a Option<String>)>,
    key: &str,
) -> Option<&'a str> {
    section
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_deref())
}

/// A value without the quotes around it, as Go's `ini` reads it (Python's `configparser`
/// keeps them, which makes a quoted key unusable).
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}
