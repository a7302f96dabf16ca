//! Temporary credentials from the ECS metadata service.
//!
//! What the official SDKs do (Python `MetadataAccessor` in `huaweicloudsdkcore/auth/internal.py`
//! and `Credentials.process_sts` in `auth/credentials.py`; Go `core/auth/internal/metadata_accessor.go`
//! and `BaseCredentials.UpdateSecurityTokenFromMetadata` in `core/auth/base_credentials.go`):
//!
//! 1. `PUT http://169.254.169.254/meta-data/latest/api/token` with
//!    `X-Metadata-Token-Ttl-Seconds: 21600` (6 h) asks for a session token. `200`: its body is
//!    the token. `404`, `405` or `503`: the service has no tokens (the older protocol), and
//!    the token is not asked for again for 24 h. Any other status is an error.
//! 2. `GET http://169.254.169.254/openstack/latest/securitykey`, with `X-Metadata-Token: <token>`
//!    when there is one. A `401` whose body does not say "Please configure Cloud Service Agency
//!    first" means the token expired: a new one is asked for (any failure is now an error) and
//!    the `GET` is repeated once. Any status of 400 or more is an error.
//! 3. The answer is `{"credential": {"access": "...", "secret": "...", "securitytoken": "...",
//!    "expires_at": "2020-01-08T03:50:07.574000Z"}}`: the expiry is a UTC RFC 3339 time (Python
//!    parses it with `%Y-%m-%dT%H:%M:%S.%fZ`, Go with `2006-01-02T15:04:05Z`). Python's
//!    `StsAccessor._process_credential` also accepts a `credentials` wrapper or none, and the
//!    names `accessKeyId`, `secretAccessKey`, `securityToken` and `expiration`; so do we.
//! 4. Before every request the credentials are refreshed when they expire in less than
//!    40 minutes (`_DEFAULT_EXPIRATION_THRESHOLD_SECONDS = 40 * 60` in Python,
//!    `defaultExpirationThresholdSeconds = 40 * 60` in Go).
//! 5. Every metadata request has a 3 s timeout (Python `(3, 3)`, Go `Timeout: 3 * time.Second`).
//!
//! Neither SDK lets the metadata endpoint be changed, by setting or variable; here
//! [`MetadataProvider::endpoint`] does (tests, proxies). Where this provider does more than the
//! SDKs: one refresh at a time (callers waiting for it share its result, so a crowd of calls
//! makes one request to the metadata service); a failed refresh keeps the current
//! credentials while they are still valid (and asks again a minute later); when the service
//! keeps giving credentials that expire within the margin, it is asked at most once a minute
//! (the SDKs ask before every request); and proxies from the environment are never used.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::Error;

/// The metadata service of an ECS instance, as in the official SDKs (`MetadataEndpoint`).
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
/// Credentials are refreshed when they expire in less than this: 40 minutes, the SDKs'
/// `defaultExpirationThresholdSeconds`.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(40 * 60);
/// The SDKs' timeout of each metadata request.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
const TOKEN_HEADER: &str = "X-Metadata-Token";
const TOKEN_TTL_HEADER: &str = "X-Metadata-Token-Ttl-Seconds";
/// The SDKs' `DefaultTokenTTLSeconds`: 6 h.
const TOKEN_TTL_SECONDS: &str = "21600";
/// The SDKs' `DefaultCheckTokenDurationSecond`: after the service said it has no tokens, it
/// is not asked again for 24 h.
const TOKEN_RECHECK: Duration = Duration::from_secs(24 * 60 * 60);
/// A `401` with this text is not an expired token but an instance without an agency.
const AGENCY_ERROR: &str = "Please configure Cloud Service Agency first";
/// How long to wait before asking again after a failed refresh (while the current credentials
/// are still valid), or a refresh that gave credentials already within the margin.
const RETRY_INTERVAL: Duration = Duration::from_secs(60);
/// Metadata answers are a few hundred bytes; more is not read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Temporary AK/SK and security token of the ECS instance's agency, from the instance's
/// metadata service: fetched at the first call, kept, and refreshed when they expire in less
/// than 40 minutes (the SDKs' margin).
///
/// One refresh runs at a time: calls that need credentials while it runs wait for it and
/// share its result. When a refresh fails while the current credentials are still valid,
/// they are used (a warning is logged) and the service is asked again a minute later.
///
/// ```
/// use std::time::Duration;
///
/// use huaweicloud_devops_runtime::credentials::MetadataProvider;
/// use huaweicloud_devops_runtime::{Config, Credentials};
///
/// let metadata = MetadataProvider::new()
///     .endpoint("http://127.0.0.1:8080") // default http://169.254.169.254
///     .timeout(Duration::from_secs(1))
///     .project_id("93d8e0553c20411fba06bb112b5b59af");
/// let config = Config::new()
///     .region("cn-north-4")
///     .credentials(Credentials::from_provider(metadata));
/// ```
pub struct MetadataProvider {
    endpoint: String,
    timeout: Duration,
    refresh_margin: Duration,
    project_id: Option<String>,
    clock: Clock,
    http: OnceLock<reqwest::Client>,
    cache: RwLock<Option<Cached>>,
    /// Held by the one refresh under way.
    session: tokio::sync::Mutex<Session>,
    /// Refreshes finished, successful or not: a caller that waited for the lock sees whether
    /// one finished meanwhile.
    refreshes: AtomicU64,
}

struct Cached {
    credentials: Credentials,
    expires_at: SystemTime,
    refresh_at: SystemTime,
}

/// What the SDKs' `MetadataAccessor` keeps between requests, and the last failure.
#[derive(Default)]
struct Session {
    token: Option<SecretString>,
    /// When a token was last asked for.
    token_asked_at: Option<SystemTime>,
    last_failure: Option<String>,
}

impl MetadataProvider {
    /// The metadata service at `http://169.254.169.254`, 3 s per request, refreshed 40 minutes
    /// before expiry.
    pub fn new() -> MetadataProvider {
        MetadataProvider {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            project_id: None,
            clock: Arc::new(SystemTime::now),
            http: OnceLock::new(),
            cache: RwLock::new(None),
            session: tokio::sync::Mutex::new(Session::default()),
            refreshes: AtomicU64::new(0),
        }
    }

    /// Asks the metadata service at this base URL (`http://host[:port]`) instead.
    pub fn endpoint(mut self, url: impl Into<String>) -> MetadataProvider {
        self.endpoint = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Time allowed for each request to the metadata service (default 3 s).
    pub fn timeout(mut self, timeout: Duration) -> MetadataProvider {
        self.timeout = timeout;
        self
    }

    /// Refreshes the credentials when they expire in less than this (default 40 minutes).
    pub fn refresh_margin(mut self, margin: Duration) -> MetadataProvider {
        self.refresh_margin = margin;
        self
    }

    /// The project id that goes with these credentials (the metadata service does not give
    /// one), like the SDK's `MetadataBasicCredentialProvider.project_id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> MetadataProvider {
        self.project_id = Some(project_id.into());
        self
    }

    #[cfg(test)]
    pub(crate) fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The cached credentials, when they need no refresh yet.
    fn fresh(&self) -> Option<Credentials> {
        let cache = self.cache.read().unwrap_or_else(PoisonError::into_inner);
        cache
            .as_ref()
            .filter(|cached| (self.clock)() < cached.refresh_at)
            .map(|cached| cached.credentials.clone())
    }

    async fn credentials(&self) -> Result<Credentials, Error> {
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        let seen = self.refreshes.load(Ordering::SeqCst);
        let mut session = self.session.lock().await;
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        if self.refreshes.load(Ordering::SeqCst) != seen
            && let Some(failure) = &session.last_failure
        {
            // A refresh failed while we waited for it: its answer is ours too.
            return Err(Error::Config(failure.clone()));
        }
        let now = (self.clock)();
        let outcome = self.fetch(&mut session, now).await;
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        let mut cache = self.cache.write().unwrap_or_else(PoisonError::into_inner);
        match outcome {
            Ok((credentials, expires_at)) => {
                session.last_failure = None;
                let due = expires_at
                    .checked_sub(self.refresh_margin)
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                let refresh_at = if due > now {
                    due
                } else {
                    tracing::warn!(
                        endpoint = %self.endpoint,
                        expires_at = %humantime::format_rfc3339_seconds(expires_at),
                        "the ECS metadata service gave credentials that expire within the refresh margin"
                    );
                    (now + RETRY_INTERVAL).min(expires_at)
                };
                tracing::debug!(
                    endpoint = %self.endpoint,
                    expires_at = %humantime::format_rfc3339_seconds(expires_at),
                    "temporary credentials from the ECS metadata service"
                );
                *cache = Some(Cached {
                    credentials: credentials.clone(),
                    expires_at,
                    refresh_at,
                });
                Ok(credentials)
            }
            Err(failure) => match cache.as_mut() {
                Some(cached) if now < cached.expires_at => {
                    tracing::warn!(
                        error = %failure,
                        expires_at = %humantime::format_rfc3339_seconds(cached.expires_at),
                        "refreshing the temporary credentials failed; using the current ones until they expire"
                    );
                    cached.refresh_at = (now + RETRY_INTERVAL).min(cached.expires_at);
                    session.last_failure = None;
                    Ok(cached.credentials.clone())
                }
                _ => {
                    session.last_failure = Some(failure.clone());
                    Err(Error::Config(failure))
                }
            },
        }
    }

    /// One exchange with the metadata service, as the SDKs' `MetadataAccessor.get_credential`.
    async fn fetch(
        &self,
        session: &mut Session,
        now: SystemTime,
    ) -> Result<(Credentials, SystemTime), String> {
        let service = format!("ECS metadata service {}", self.endpoint);
        let fail = |problem: String| format!("{service}: {problem}");
        if url::Url::parse(&self.endpoint).is_err() {
            return Err(fail("the endpoint is not a URL".to_owned()));
        }
        let http = match self.http.get() {
            Some(http) => http,
            None => {
                // With the ring feature alone, reqwest needs a process crypto provider even
                // for plain HTTP.
                crate::install_crypto_provider();
                let http = reqwest::Client::builder()
                    .no_proxy()
                    .connect_timeout(self.timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| fail(format!("cannot build the HTTP client: {e}")))?;
                self.http.get_or_init(|| http)
            }
        };
        let token_due = session.token_asked_at.is_none_or(|asked| {
            now.duration_since(asked)
                .is_ok_and(|elapsed| elapsed > TOKEN_RECHECK)
        });
        if session.token.is_none() && token_due {
            self.ask_token(http, session, now, false)
                .await
                .map_err(fail)?;
        }
        let (mut status, mut body) = self
            .security_key(http, session.token.as_ref())
            .await
            .map_err(fail)?;
        if status == 401 && !body.contains(AGENCY_ERROR) {
            self.ask_token(http, session, now, true)
                .await
                .map_err(fail)?;
            (status, body) = self
                .security_key(http, session.token.as_ref())
                .await
                .map_err(fail)?;
        }
        if status >= 400 {
            return Err(fail(format!(
                "GET {SECURITY_KEY_PATH} answered HTTP {status}: {}",
                excerpt(&body)
            )));
        }
        let (credentials, expires_at) = parse_credentials(&body).map_err(fail)?;
        Ok((
            Credentials {
                project_id: self.project_id.clone(),
                ..credentials
            },
            expires_at,
        ))
    }

    /// `PUT` the token path: a session token, or none when the service has no tokens (and
    /// `must` is false).
    async fn ask_token(
        &self,
        http: &reqwest::Client,
        session: &mut Session,
        now: SystemTime,
        must: bool,
    ) -> Result<(), String> {
        session.token_asked_at = Some(now);
        let response = http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .send()
            .await
            .map_err(|e| format!("PUT {TOKEN_PATH}: {}", chain(&e)))?;
        let status = response.status().as_u16();
        let body = read(response)
            .await
            .map_err(|e| format!("PUT {TOKEN_PATH}: {e}"))?;
        match status {
            200 => {
                session.token = Some(SecretString::from(body));
                Ok(())
            }
            404 | 405 | 503 if !must => {
                session.token = None;
                Ok(())
            }
            _ => {
                session.token = None;
                Err(format!(
                    "PUT {TOKEN_PATH} answered HTTP {status}: {}",
                    excerpt(&body)
                ))
            }
        }
    }

    /// `GET` the security key path: the status and body.
    async fn security_key(
        &self,
        http: &reqwest::Client,
        token: Option<&SecretString>,
    ) -> Result<(u16, String), String> {
        let mut request = http.get(format!("{}{SECURITY_KEY_PATH}", self.endpoint));
        if let Some(token) = token {
            let mut value = reqwest::header::HeaderValue::from_str(token.expose_secret())
                .map_err(|_| "the session token is not a valid header value".to_owned())?;
            value.set_sensitive(true);
            request = request.header(TOKEN_HEADER, value);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("GET {SECURITY_KEY_PATH}: {}", chain(&e)))?;
        let status = response.status().as_u16();
        let body = read(response)
            .await
            .map_err(|e| format!("GET {SECURITY_KEY_PATH}: {e}"))?;
        Ok((status, body))
    }
}

impl Default for MetadataProvider {
    fn default() -> MetadataProvider {
        MetadataProvider::new()
    }
}

impl ProvideCredentials for MetadataProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

impl fmt::Debug for MetadataProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cache = self.cache.read().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("MetadataProvider")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("refresh_margin", &self.refresh_margin)
            .field("project_id", &self.project_id)
            .field(
                "expires_at",
                &cache
                    .as_ref()
                    .map(|c| humantime::format_rfc3339_seconds(c.expires_at).to_string()),
            )
            .finish()
    }
}

/// The credentials and their expiry in a metadata answer. Errors name the field, never a
/// secret: serde_json's messages can quote the text, so only its position is kept.
fn parse_credentials(body: &str) -> Result<(Credentials, SystemTime), String> {
    let value: Value = serde_json::from_str(body).map_err(|e| {
        format!(
            "the answer is not JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    if !value.is_object() {
        return Err("the answer is not a JSON object".to_owned());
    }
    let credential = value
        .get("credential")
        .or_else(|| value.get("credentials"))
        .unwrap_or(&value);
    let field = |names: [&str; 2]| -> Result<String, String> {
        names
            .iter()
            .find_map(|name| credential.get(name))
            .and_then(Value::as_str)
            .filter(|v| !v.trim().is_empty())
            .map(str::to_owned)
            .ok_or_else(|| format!("the answer has no `{}` text", names[0]))
    };
    let access = field(["access", "accessKeyId"])?;
    let secret = field(["secret", "secretAccessKey"])?;
    let security_token = field(["securitytoken", "securityToken"])?;
    let expires_at = field(["expires_at", "expiration"])?;
    let expires_at = humantime::parse_rfc3339(&expires_at).map_err(|e| {
        format!(
            "`expires_at` {:?} is not a UTC time like 2020-01-08T03:50:07.574000Z: {e}",
            excerpt(&expires_at)
        )
    })?;
    Ok((
        Credentials::temporary(access, secret, security_token),
        expires_at,
    ))
}

/// The body, up to [`MAX_ANSWER_BYTES`].
async fn read(mut response: reqwest::Response) -> Result<String, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| chain(&e))? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(format!(
                "the answer is larger than {MAX_ANSWER_BYTES} bytes"
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// An error and its causes, `: `-separated (reqwest's own message alone says little).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text
}

/// The start of an error body, on one line.
fn excerpt(body: &str) -> String {
    const LIMIT: usize = 200;
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}
