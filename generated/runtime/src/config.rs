//! Client configuration.

use std::time::Duration;

use crate::Credentials;

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole call, from sending to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Everything a service client needs: where to send, how to authenticate, how long to wait.
///
/// ```
/// # use huaweicloud_devops_runtime::{Config, Credentials};
/// let config = Config::new()
///     .region("cn-north-4")
///     .credentials(Credentials::token("token"))
///     .project_id("93d8e0553c20411fba06bb112b5b59af");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) project_id: Option<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: Option<String>,
}

/// Values of the configuration that fill request parameters the request leaves unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigValue {
    /// [`Config::project_id`].
    ProjectId,
}

impl ConfigValue {
    /// How to set this value, for error messages.
    pub fn how_to_set(self) -> &'static str {
        match self {
            ConfigValue::ProjectId => {
                "set it on the request, or configure a project id with Config::project_id"
            }
        }
    }
}

impl Config {
    /// An empty configuration: set a region or an endpoint, and credentials.
    pub fn new() -> Config {
        Config::default()
    }

    /// Sends to this endpoint (`https://host[:port][/base]` or `http://...`), whatever the
    /// region. For tests, proxies and private clouds.
    pub fn endpoint(mut self, url: impl Into<String>) -> Config {
        self.endpoint = Some(url.into());
        self
    }

    /// Looks the endpoint up in the service's region table (e.g. `cn-north-4`).
    pub fn region(mut self, region: impl Into<String>) -> Config {
        self.region = Some(region.into());
        self
    }

    /// How to authenticate.
    pub fn credentials(mut self, credentials: Credentials) -> Config {
        self.credentials = Some(credentials);
        self
    }

    /// The project id that fills `{project_id}` path parameters a request leaves unset.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Config {
        self.project_id = Some(project_id.into());
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Config {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for a whole call (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Config {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `huaweicloud-devops-runtime/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Config {
        self.user_agent = Some(user_agent.into());
        self
    }
}
