//! Client configuration.

use std::sync::Arc;
use std::time::Duration;

use crate::Credentials;
use crate::transport::Transport;

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit on the size of a response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// When and how calls are retried. Only operations that the spec marks `idempotent` are ever
/// retried, and only after a connection failure, a timed-out attempt, a `429` or a `5xx`;
/// never beyond the call's deadline ([`Config::deadline`]) or the client's retry budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (1 disables retries).
    pub max_attempts: u32,
    /// Delay before the first retry; each further retry doubles it, with full jitter.
    pub initial_backoff: Duration,
    /// Longest delay between attempts. A `Retry-After` beyond it ends the retries.
    pub max_backoff: Duration,
    /// Size of the retry budget that every call of a client shares (a token bucket: a retry
    /// costs 5 tokens, 10 after a timeout, a success gives 1 back), so that a failing service
    /// is not hit with a retry storm; `None` for no budget.
    pub budget: Option<u32>,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            budget: Some(500),
        }
    }
}

impl RetryPolicy {
    /// A policy with `max_attempts` attempts and the default delays.
    pub fn attempts(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            ..RetryPolicy::default()
        }
    }

    /// The same policy with another retry budget (`None`: unlimited).
    pub fn with_budget(mut self, tokens: Option<u32>) -> RetryPolicy {
        self.budget = tokens;
        self
    }

    /// The same policy with other delays.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> RetryPolicy {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }
}

/// Settings that can differ from the client's for some calls: see `with_options` on a
/// service client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Time allowed for each attempt.
    pub timeout: Option<Duration>,
    /// Time allowed to connect (a client with another connect timeout has its own
    /// connection pool).
    pub connect_timeout: Option<Duration>,
    /// Retry policy.
    pub retry: Option<RetryPolicy>,
    /// Time allowed for the whole call, every attempt and every delay between them.
    pub deadline: Option<Duration>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// Overrides the time allowed for each attempt.
    pub fn timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the time allowed to connect.
    pub fn connect_timeout(mut self, timeout: Duration) -> CallOptions {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Overrides the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> CallOptions {
        self.retry = Some(retry);
        self
    }

    /// Overrides the time allowed for the whole call.
    pub fn deadline(mut self, deadline: Duration) -> CallOptions {
        self.deadline = Some(deadline);
        self
    }
}

/// Everything a service client needs: where to send, how to authenticate, how long to wait.
///
/// ```
/// # use huaweicloud_devops_runtime::{Config, Credentials};
/// let config = Config::new()
///     .region("cn-north-4")
///     .credentials(Credentials::token("token"))
///     .project_id("93d8e0553c20411fba06bb112b5b59af");
/// ```
#[derive(Clone, Default)]
pub struct Config {
    pub(crate) endpoints: Vec<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) project_id: Option<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: Option<String>,
    pub(crate) retry: RetryPolicy,
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_response_bytes: Option<usize>,
    pub(crate) transport: Transport,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("endpoints", &self.endpoints)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("transport", &self.transport)
            .finish()
    }
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

    /// A configuration with AK/SK credentials from the environment (`HUAWEICLOUD_SDK_AK`,
    /// `HUAWEICLOUD_SDK_SK`, optionally `HUAWEICLOUD_SDK_SECURITY_TOKEN` and
    /// `HUAWEICLOUD_SDK_PROJECT_ID`; else `CLOUD_SDK_AK`, `CLOUD_SDK_SK`, optionally
    /// `CLOUD_SDK_SECURITY_TOKEN`): see [`Credentials::from_env`]. Set a region or an endpoint.
    ///
    /// # Errors
    ///
    /// `Error::Config` naming each missing variable.
    pub fn from_env() -> Result<Config, crate::Error> {
        Ok(Config::new().credentials(Credentials::from_env()?))
    }

    /// A configuration with credentials from the official SDK's default chain: environment
    /// variables, then the profile file `~/.huaweicloud/credentials`, then the ECS metadata
    /// service (see [`Credentials::default_chain`]). A project id found with them fills
    /// [`project_id`](Self::project_id) unless one is set. Set a region or an endpoint.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), huaweicloud_devops_runtime::Error> {
    /// use huaweicloud_devops_runtime::Config;
    ///
    /// let config = Config::from_default_chain().await?.region("cn-north-4");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// `Error::Config` saying, for each source, what it tried and why it failed.
    pub async fn from_default_chain() -> Result<Config, crate::Error> {
        Ok(Config::new().credentials(Credentials::default_chain().await?))
    }

    /// Sends to this endpoint (`https://host[:port][/base]` or `http://...`), whatever the
    /// region. For tests, proxies and private clouds.
    pub fn endpoint(mut self, url: impl Into<String>) -> Config {
        self.endpoints = vec![url.into()];
        self
    }

    /// Sends to the first of these endpoints, moving to the next one when a name does not
    /// resolve or a TLS handshake fails, whatever the region.
    pub fn endpoints<I, S>(mut self, urls: I) -> Config
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.endpoints = urls.into_iter().map(Into::into).collect();
        self
    }

    /// Looks the endpoints up in the service's region table (e.g. `cn-north-4`), unless the
    /// environment variable `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (region upper-cased,
    /// `-` as `_`) lists comma-separated endpoints for it, as the official SDK allows.
    pub fn region(mut self, region: impl Into<String>) -> Config {
        self.region = Some(region.into());
        self
    }

    /// How to authenticate: fixed credentials, or a provider asked before every attempt
    /// (see [`Credentials`]). A project id found with them fills
    /// [`project_id`](Self::project_id) unless one is set.
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

    /// Time allowed for each attempt of a call (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Config {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `huaweicloud-devops-runtime/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Config {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// When to retry (default: 3 attempts for idempotent operations).
    pub fn retry(mut self, retry: RetryPolicy) -> Config {
        self.retry = retry;
        self
    }

    /// The time allowed for a whole call: every attempt (each also bounded by
    /// [`timeout`](Self::timeout)) and every delay between them. Default: none, the attempts
    /// and their timeouts bound a call. A timed-out attempt is retried only while the deadline
    /// leaves time for it.
    pub fn deadline(mut self, deadline: Duration) -> Config {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body accepted (default 16 MiB); a larger one is an error and is
    /// not read further.
    pub fn max_response_bytes(mut self, limit: usize) -> Config {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Resolves host names with `resolver` instead of the system's resolver (split-horizon
    /// DNS, tests).
    pub fn dns_resolver(mut self, resolver: Arc<dyn reqwest::dns::Resolve>) -> Config {
        self.transport.resolver = Some(resolver);
        self
    }

    /// Sends through this HTTP client (middleware, custom connectors, a pool shared with the
    /// rest of a service), as progenitor's `new_with_client` allows. The runtime's per-attempt
    /// timeout, deadline, retries, signing and size limit still apply; the client's own
    /// settings (connect timeout, proxies, trusted roots, redirects) replace those of this
    /// configuration, so configure them on the client. Use the same major version of reqwest
    /// as the runtime ([`reqwest`](crate::reqwest) is re-exported for that); with the
    /// `rustls-ring` feature alone, call [`install_crypto_provider`](crate::install_crypto_provider)
    /// before building it.
    pub fn http_client(mut self, client: reqwest::Client) -> Config {
        self.transport.client = Some(client);
        self
    }

    /// Sends through `proxy` (`Proxy::http`, `Proxy::https` or `Proxy::all`, with
    /// `basic_auth` for credentials and `no_proxy` for hosts to reach directly; SOCKS5 with
    /// the `socks` feature). Can be called more than once. Without it, the `HTTP_PROXY`,
    /// `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` environment variables apply.
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Config {
        self.transport.proxies.push(proxy);
        self
    }

    /// Trusts `certificate` as a root, beside the system's roots (a private cloud such as
    /// Huawei Cloud Stack with its own CA). Can be called more than once.
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Config {
        self.transport.roots.push(certificate);
        self
    }

    /// Trusts only the roots given with [`add_root_certificate`](Self::add_root_certificate),
    /// not the system's.
    pub fn only_custom_roots(mut self) -> Config {
        self.transport.only_custom_roots = true;
        self
    }

    /// **Turns TLS certificate verification off**, as the official SDK's
    /// `HttpConfig.ignore_ssl_verification` does: for test clouds with self-signed
    /// certificates only. Anyone on the network path can then read and change every request,
    /// credentials included. A warning is logged each time a client is built with it. Off by
    /// default; prefer [`add_root_certificate`](Self::add_root_certificate).
    pub fn danger_accept_invalid_certs(mut self) -> Config {
        self.transport.accept_invalid_certs = true;
        self
    }
}
