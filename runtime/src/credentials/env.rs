//! Credentials from environment variables.
//!
//! The official SDKs' `EnvCredentialProvider` (Python `huaweicloudsdkcore/auth/provider.py`,
//! Go `core/auth/provider/env_provider.go`) reads, for regional services (`BasicCredentials`):
//! `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN` (optional),
//! `HUAWEICLOUD_SDK_PROJECT_ID` (optional); for global services (`GlobalCredentials`)
//! `HUAWEICLOUD_SDK_DOMAIN_ID` instead of the project id; and `HUAWEICLOUD_SDK_IDP_ID` with
//! `HUAWEICLOUD_SDK_ID_TOKEN_FILE` for federated (OpenID Connect id token) authentication,
//! which wins over AK/SK when both are set. An empty variable counts as unset
//! (`if ak and sk` in Python, `attrs.ak != ""` in Go).
//!
//! The API Explorer samples (and this client before the SDK's names were added) use
//! `CLOUD_SDK_AK`, `CLOUD_SDK_SK` and `CLOUD_SDK_SECURITY_TOKEN`; they are read when the SDK's
//! names are not set.

use std::fmt;
use std::sync::OnceLock;

use super::{Credentials, CredentialsFuture, Lookup, ProvideCredentials, loaded_once};
use crate::Error;

/// Environment variable holding the access key id, as the API Explorer samples use it.
pub const ENV_AK: &str = "CLOUD_SDK_AK";
/// Environment variable holding the secret access key, as the API Explorer samples use it.
pub const ENV_SK: &str = "CLOUD_SDK_SK";
/// Environment variable holding the security token of temporary credentials, with
/// [`ENV_AK`] and [`ENV_SK`] (optional).
pub const ENV_SECURITY_TOKEN: &str = "CLOUD_SDK_SECURITY_TOKEN";

/// The official SDK's variable for the access key id (`EnvCredentialProvider`).
pub const ENV_SDK_AK: &str = "HUAWEICLOUD_SDK_AK";
/// The official SDK's variable for the secret access key.
pub const ENV_SDK_SK: &str = "HUAWEICLOUD_SDK_SK";
/// The official SDK's variable for the security token of temporary credentials (optional).
pub const ENV_SDK_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// The official SDK's variable for the project id (optional): fills `Config::project_id` when
/// the configuration has none, whichever pair of AK/SK variables is used.
pub const ENV_SDK_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// The official SDK's variable for the domain (account) id of global services. Every service
/// of this client is regional, so it is not read; it is named here for completeness.
pub const ENV_SDK_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
/// The official SDK's variable for the identity provider of federated authentication (with
/// [`ENV_SDK_ID_TOKEN_FILE`]), which this client does not support: when both are set,
/// [`EnvProvider`] fails, saying so, instead of silently using other credentials.
pub const ENV_SDK_IDP_ID: &str = "HUAWEICLOUD_SDK_IDP_ID";
/// The official SDK's variable for the OpenID Connect id token file of federated
/// authentication (with [`ENV_SDK_IDP_ID`]).
pub const ENV_SDK_ID_TOKEN_FILE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";

/// AK/SK (and a security token, and a project id) from environment variables: the official
/// SDK's `HUAWEICLOUD_SDK_*` names, else the API Explorer samples' `CLOUD_SDK_*` names.
///
/// | variable | meaning |
/// | --- | --- |
/// | `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` | access key id and secret access key |
/// | `HUAWEICLOUD_SDK_SECURITY_TOKEN` | security token, for temporary AK/SK (optional) |
/// | `HUAWEICLOUD_SDK_PROJECT_ID` | project id (optional) |
/// | `CLOUD_SDK_AK`, `CLOUD_SDK_SK`, `CLOUD_SDK_SECURITY_TOKEN` | the same, read only when neither `HUAWEICLOUD_SDK_AK` nor `HUAWEICLOUD_SDK_SK` is set |
///
/// The variables are read at the first call of
/// [`provide_credentials`](ProvideCredentials::provide_credentials) that finds credentials,
/// and kept (as the SDK builds its credentials once); [`load`](Self::load) reads them anew.
///
/// ```
/// use huaweicloud_devops_runtime::credentials::EnvProvider;
///
/// let provider = EnvProvider::with_lookup(|name| match name {
///     "HUAWEICLOUD_SDK_AK" => Some("AKEXAMPLE".to_owned()),
///     "HUAWEICLOUD_SDK_SK" => Some("secret".to_owned()),
///     "HUAWEICLOUD_SDK_PROJECT_ID" => Some("93d8e0553c20411fba06bb112b5b59af".to_owned()),
///     _ => None,
/// });
/// let credentials = provider.load().unwrap();
/// assert_eq!(credentials.project_id(), Some("93d8e0553c20411fba06bb112b5b59af"));
/// ```
pub struct EnvProvider {
    lookup: Lookup,
    found: OnceLock<Credentials>,
}

impl EnvProvider {
    /// Reads the process environment.
    pub fn new() -> EnvProvider {
        EnvProvider {
            lookup: Lookup::process(),
            found: OnceLock::new(),
        }
    }

    /// Reads variables through `lookup` instead of the process environment (tests, and
    /// programs that keep their settings elsewhere).
    pub fn with_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> EnvProvider {
        EnvProvider {
            lookup: Lookup::function(lookup),
            found: OnceLock::new(),
        }
    }

    pub(crate) fn from_lookup(lookup: Lookup) -> EnvProvider {
        EnvProvider {
            lookup,
            found: OnceLock::new(),
        }
    }

    /// Reads the variables now.
    ///
    /// # Errors
    ///
    /// `Error::Config` naming the variables that are missing, or saying that federated
    /// authentication (`HUAWEICLOUD_SDK_IDP_ID` and `HUAWEICLOUD_SDK_ID_TOKEN_FILE`) is not
    /// supported.
    pub fn load(&self) -> Result<Credentials, Error> {
        let get = |name| self.lookup.get(name);
        let fail =
            |problem: String| Err(Error::Config(format!("environment variables: {problem}")));
        // The SDK checks the id token pair first: with it, AK/SK are not used at all.
        if get(ENV_SDK_IDP_ID).is_some() && get(ENV_SDK_ID_TOKEN_FILE).is_some() {
            return fail(format!(
                "{ENV_SDK_IDP_ID} and {ENV_SDK_ID_TOKEN_FILE} are set, asking for federated \
                 authentication with an OpenID Connect id token, which this client does not \
                 support; set {ENV_SDK_AK} and {ENV_SDK_SK} instead"
            ));
        }
        let project_id = get(ENV_SDK_PROJECT_ID);
        for (ak_name, sk_name, token_name) in [
            (ENV_SDK_AK, ENV_SDK_SK, ENV_SDK_SECURITY_TOKEN),
            (ENV_AK, ENV_SK, ENV_SECURITY_TOKEN),
        ] {
            let credentials = match (get(ak_name), get(sk_name)) {
                (None, None) => continue,
                (Some(ak), Some(sk)) => match get(token_name) {
                    Some(token) => Credentials::temporary(ak, sk, token),
                    None => Credentials::ak_sk(ak, sk),
                },
                // Half a pair is a mistake to report, not a reason to use the other pair.
                (Some(_), None) => return fail(format!("{ak_name} is set but {sk_name} is not")),
                (None, Some(_)) => return fail(format!("{sk_name} is set but {ak_name} is not")),
            };
            return Ok(Credentials {
                project_id,
                ..credentials
            });
        }
        fail(format!(
            "neither {ENV_SDK_AK} and {ENV_SDK_SK} nor {ENV_AK} and {ENV_SK} are set"
        ))
    }
}

impl Default for EnvProvider {
    fn default() -> EnvProvider {
        EnvProvider::new()
    }
}

impl ProvideCredentials for EnvProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        loaded_once(&self.found, || self.load())
    }
}

impl fmt::Debug for EnvProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvProvider")
            .field("lookup", &self.lookup)
            .field("found", &self.found.get().is_some())
            .finish()
    }
}
