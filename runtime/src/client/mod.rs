//! The transport shared by every generated service client: endpoint resolution, auth (token or
//! AK/SK signing), retries with backoff, endpoint fallback, size limits and tracing.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use secrecy::ExposeSecret;
use tracing::Instrument;

use crate::call::Call;
use crate::config::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
use crate::credentials::{Auth, Kind};
use crate::error::error_fields;
use crate::retry::RetryBudget;
use crate::transport::Transport;
use crate::{
    ApiError, CallOptions, Config, ConfigValue, Credentials, Error, RawResponse, Request,
    RetryPolicy, ServiceInfo,
};
use endpoints::{Endpoint, parse_endpoint, resolve_endpoints};

/// The header with the id the service gave the request (a name known in advance is not parsed
/// again at each lookup).
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

mod endpoints;
mod headers;

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A configured connection to one service: endpoints, credentials, HTTP client (rustls),
/// timeouts and retry policy. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoints: Arc<Vec<Endpoint>>,
    /// The endpoint in use; moves on when one cannot be resolved or fails its TLS handshake.
    current: Arc<AtomicUsize>,
    credentials: Credentials,
    project_id: Option<String>,
    /// Signed as it is by AK/SK; sent as `user_agent_header`, checked once.
    user_agent: String,
    user_agent_header: HeaderValue,
    /// The header a token goes in, when the service takes tokens (parsed once, not per call).
    token_header: Option<HeaderName>,
    /// The header value of a fixed token (one not from a provider), made once: tokens are
    /// kilobytes long. Set only when the credentials are that token, so every attempt uses it.
    token_value: Option<HeaderValue>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    /// Shared by clones: every call of this client draws on one budget.
    budget: Option<Arc<RetryBudget>>,
    deadline: Option<Duration>,
    max_response_bytes: usize,
    transport: Arc<Transport>,
    service: &'static ServiceInfo,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.service.name)
            .field(
                "endpoints",
                &self.endpoints.iter().map(|e| &e.base).collect::<Vec<_>>(),
            )
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Builds the client of `service` from `config`.
    ///
    /// # Errors
    ///
    /// `Error::Config` when no endpoint can be found (no endpoint and no region, or a region the
    /// service does not list), an endpoint is not an http(s) URL, or no credentials usable with
    /// the service are configured.
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Result<Client, Error> {
        Client::with_env(config, service, |name| std::env::var(name).ok())
    }

    /// [`new`](Self::new) with another source of environment variables.
    pub(crate) fn with_env(
        config: &Config,
        service: &'static ServiceInfo,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Client, Error> {
        let endpoints = resolve_endpoints(config, service, env)?
            .iter()
            .map(|url| parse_endpoint(url))
            .collect::<Result<Vec<_>, _>>()?;
        let credentials = config.credentials.clone().ok_or_else(|| {
            Error::Config(format!(
                "no credentials: configure them with Config::credentials (e.g. \
                 Credentials::from_env()) or Config::from_default_chain() to call {}",
                service.name
            ))
        })?;
        credentials.check_accepted_by(service)?;
        let connect_timeout = config.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let transport = Arc::new(config.transport.clone());
        let user_agent = config
            .user_agent
            .clone()
            .unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned());
        let token_value = match &credentials.kind {
            Kind::Auth(Auth::Token(token)) => {
                let mut value = HeaderValue::from_str(token.expose_secret()).map_err(|_| {
                    Error::Config("the token contains characters not allowed in a header".into())
                })?;
                value.set_sensitive(true);
                Some(value)
            }
            _ => None,
        };
        let user_agent_header = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::Config(format!(
                "user agent {user_agent:?} contains characters not allowed in a header"
            ))
        })?;
        Ok(Client {
            http: transport.http_client(connect_timeout)?,
            endpoints: Arc::new(endpoints),
            current: Arc::new(AtomicUsize::new(0)),
            // A project id found with the credentials (environment, profile) fills the
            // configuration's when it has none.
            project_id: config
                .project_id
                .clone()
                .or_else(|| credentials.project_id().map(str::to_owned)),
            credentials,
            user_agent,
            user_agent_header,
            token_value,
            token_header: service
                .token_header()
                .and_then(|name| HeaderName::from_bytes(name.as_bytes()).ok()),
            timeout: config.timeout.unwrap_or(DEFAULT_TIMEOUT),
            connect_timeout,
            retry: config.retry,
            budget: config
                .retry
                .budget
                .map(|tokens| Arc::new(RetryBudget::new(tokens))),
            deadline: config.deadline,
            max_response_bytes: config
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            transport,
            service,
        })
    }

    /// A client like this one with some settings overridden, for the calls made through it.
    ///
    /// # Errors
    ///
    /// `Error::Config` when a new HTTP client is needed (another connect timeout) and cannot
    /// be built.
    pub fn with_options(&self, options: &CallOptions) -> Result<Client, Error> {
        let mut client = self.clone();
        if let Some(timeout) = options.timeout {
            client.timeout = timeout;
        }
        if let Some(retry) = options.retry {
            if retry.budget != self.retry.budget {
                client.budget = retry
                    .budget
                    .map(|tokens| Arc::new(RetryBudget::new(tokens)));
            }
            client.retry = retry;
        }
        if let Some(deadline) = options.deadline {
            client.deadline = Some(deadline);
        }
        if let Some(connect_timeout) = options.connect_timeout
            && connect_timeout != self.connect_timeout
        {
            client.connect_timeout = connect_timeout;
            client.http = self.transport.http_client(connect_timeout)?;
        }
        Ok(client)
    }

    /// The base URL requests go to now.
    pub fn endpoint(&self) -> &str {
        let index = self.current.load(Ordering::Relaxed) % self.endpoints.len();
        &self.endpoints[index].base
    }

    /// A configured value that fills request parameters left unset.
    fn config_value(&self, value: ConfigValue) -> Option<&str> {
        match value {
            ConfigValue::ProjectId => self.project_id.as_deref(),
        }
    }

    /// Sends `request`: fills the parameters it leaves unset from the configuration (such as
    /// the project id), validates every value against the spec's constraints, expands the
    /// path, writes the body, then sends it, retrying an operation that is safe to repeat
    /// after connection failures, `429` and `5xx` (honouring `Retry-After`). Each attempt is
    /// signed afresh. Returns the 2xx answer.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` (nothing sent) when a value breaks a constraint or a required
    /// value is missing; `Error::Api` for any other status, `Error::Timeout` or
    /// `Error::Transport` when no complete answer arrives, `Error::ResponseTooLarge` beyond the
    /// size limit.
    pub fn send<'a>(
        &'a self,
        request: &dyn Request,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + use<'a> {
        // Everything is taken from the request before the first await, so the future holds
        // neither the request nor a borrow of it.
        let call = Call::prepare(request, |value| self.config_value(value));
        async move { self.dispatch(call?).await }
    }

    /// Like [`send`](Self::send), but a 2xx body is not read: the answer is returned as soon as
    /// its status and headers arrive, and [`RawResponse::download`] hands the body to the
    /// caller as a stream. Retries apply until then, never once the body has started; each
    /// chunk must then arrive within the client's timeout.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send); error statuses still read their (bounded) body.
    pub fn send_streaming<'a>(
        &'a self,
        request: &dyn Request,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + use<'a> {
        let call = Call::prepare(request, |value| self.config_value(value)).map(|mut call| {
            call.stream = true;
            call
        });
        async move { self.dispatch(call?).await }
    }

    /// Sends a prepared call, with retries; see [`send`](Self::send).
    async fn dispatch(&self, call: Call) -> Result<RawResponse, Error> {
        let span = tracing::info_span!(
            "call",
            service = self.service.name,
            operation = call.operation.name,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let max_attempts = if call.operation.idempotent {
            self.retry.max_attempts.max(1)
        } else {
            1
        };
        async move {
            let started = Instant::now();
            let deadline = self.deadline.map(|d| started + d);
            let mut attempt = 1;
            let span = tracing::Span::current();
            loop {
                span.record("attempt", attempt);
                // Each attempt has its timeout, cut short by what is left of the deadline.
                let timeout = deadline.map_or(self.timeout, |end| {
                    self.timeout.min(end.saturating_duration_since(Instant::now()))
                });
                let outcome = self.attempt(&call, timeout).await;
                span.record("latency_ms", started.elapsed().as_millis() as u64);
                match &outcome {
                    Ok(response) => {
                        span.record("status", response.status);
                        if let Some(id) = &response.request_id {
                            span.record("request_id", id.as_str());
                        }
                    }
                    Err(Error::Api(api)) => {
                        span.record("status", api.status);
                        if let Some(id) = &api.request_id {
                            span.record("request_id", id.as_str());
                        }
                    }
                    Err(_) => {}
                }
                let delay = match &outcome {
                    Err(error) if attempt < max_attempts => self
                        .retry_delay(error, attempt)
                        // A retry that could not start before the deadline is not made.
                        .filter(|delay| {
                            deadline.is_none_or(|end| Instant::now() + *delay < end)
                        })
                        .filter(|_| self.budget.as_ref().is_none_or(|b| b.withdraw(error))),
                    _ => None,
                };
                match (outcome, delay) {
                    (Err(error), Some(delay)) => {
                        tracing::info!(error = %error, delay_ms = delay.as_millis() as u64, "retrying");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                    }
                    (outcome, _) => {
                        match &outcome {
                            Ok(_) => {
                                if let Some(budget) = &self.budget {
                                    budget.deposit();
                                }
                                tracing::info!("done");
                            }
                            Err(error) => tracing::warn!(error = %error, "failed"),
                        }
                        return outcome;
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    /// How long to wait before retrying after `error`, or `None` when it is not retried.
    fn retry_delay(&self, error: &Error, attempt: u32) -> Option<Duration> {
        let asked = match error {
            Error::Transport { .. } | Error::Timeout { .. } => None,
            Error::Api(api) if crate::error::is_retryable_status(api.status) => api.retry_after,
            _ => return None,
        };
        // Exponential backoff with full jitter: a random delay up to initial × 2^(attempt-1).
        let ceiling = self
            .retry
            .initial_backoff
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.retry.max_backoff);
        let jittered = ceiling.mul_f64(fastrand::f64());
        match asked {
            Some(asked) if asked > self.retry.max_backoff => None,
            Some(asked) => Some(asked.max(jittered)),
            None => Some(jittered),
        }
    }

    /// One attempt, trying the next endpoint when a name does not resolve or a TLS handshake
    /// fails (and only then).
    async fn attempt(&self, call: &Call, timeout: Duration) -> Result<RawResponse, Error> {
        let count = self.endpoints.len();
        let first = self.current.load(Ordering::Relaxed) % count;
        let mut last_error = None;
        for offset in 0..count {
            let index = (first + offset) % count;
            match self.attempt_at(call, &self.endpoints[index], timeout).await {
                Err(Failure::EndpointUnusable(error)) => {
                    tracing::warn!(endpoint = %self.endpoints[index].base, error = %error, "endpoint unusable, trying the next one");
                    self.current.store((index + 1) % count, Ordering::Relaxed);
                    last_error = Some(error);
                }
                Err(Failure::Other(error)) => return Err(error),
                Ok(response) => return Ok(response),
            }
        }
        Err(last_error.unwrap_or_else(|| Error::Config("no endpoint".to_owned())))
    }

    async fn attempt_at(
        &self,
        call: &Call,
        endpoint: &Endpoint,
        timeout: Duration,
    ) -> Result<RawResponse, Failure> {
        let operation = call.operation.name;
        let url = endpoint.url_of(call);
        // Credentials are asked for at every attempt, so a retry is signed with refreshed
        // ones.
        let auth = self.credentials.current().await.map_err(Failure::Other)?;
        // A multipart form is built afresh for every attempt (sending consumes it), from the
        // same parts; its boundary is part of the Content-Type that is signed and sent.
        let form = match &call.multipart {
            Some(parts) => Some(crate::payload::multipart_form(parts).map_err(|violation| {
                Failure::Other(Error::InvalidRequest {
                    operation,
                    violations: vec![violation],
                })
            })?),
            None => None,
        };
        let content_type = match &form {
            None => Cow::Borrowed(call.operation.content_type),
            Some(form) => Cow::Owned(format!("multipart/form-data; boundary={}", form.boundary())),
        };
        let headers = self
            .headers(call, endpoint, &auth, content_type)
            .map_err(Failure::Other)?;
        let mut request = match form {
            // The form sets the body and its Content-Length, and a Content-Type that ours (the
            // same, and the one signed) then replaces.
            Some(form) => self
                .http
                .request(call.operation.method.clone(), url)
                .multipart(form)
                .headers(headers)
                .build()
                .map_err(|e| transport(operation, e))?,
            None => {
                let mut request = reqwest::Request::new(call.operation.method.clone(), url);
                *request.headers_mut() = headers;
                *request.body_mut() = Some(call.body.clone().into());
                request
            }
        };
        // A streamed body is read by the caller after this returns: the timeout covers the
        // wait for the status and headers here, and each chunk later, not the whole body.
        if !call.stream {
            *request.timeout_mut() = Some(timeout);
        }
        let sent = if call.stream {
            match tokio::time::timeout(timeout, self.http.execute(request)).await {
                Ok(sent) => sent,
                Err(_) => {
                    return Err(Failure::Other(Error::Timeout {
                        operation,
                        source: format!("no answer within {timeout:?}").into(),
                    }));
                }
            }
        } else {
            self.http.execute(request).await
        };
        let mut response = sent.map_err(|e| transport(operation, e))?;
        let status = response.status().as_u16();
        // Taken, not copied: the body is read without them (its length is the body's own).
        let headers = std::mem::take(response.headers_mut());
        let request_id = header_text(&headers, &X_REQUEST_ID);
        let limit = self.max_response_bytes;
        if call.stream && (200..300).contains(&status) {
            return Ok(RawResponse {
                operation,
                status,
                request_id,
                headers,
                body: Vec::new(),
                stream: Some(crate::response::Streamed {
                    response,
                    max_bytes: limit,
                    idle_timeout: self.timeout,
                }),
            });
        }
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Failure::Other(Error::ResponseTooLarge {
                operation,
                status,
                limit,
            }));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport(operation, e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(Failure::Other(Error::ResponseTooLarge {
                    operation,
                    status,
                    limit,
                }));
            }
            body.extend_from_slice(&chunk);
        }
        if (200..300).contains(&status) {
            return Ok(RawResponse {
                operation,
                status,
                request_id,
                headers,
                body,
                stream: None,
            });
        }
        let retry_after = header_text(&headers, &RETRY_AFTER).and_then(|v| parse_retry_after(&v));
        let fields = error_fields(&body);
        let documented = call.operation.errors.iter().any(|documented| {
            documented.status == status
                && (!documented.has_body || fields.code_and_message.is_some())
        });
        let (error_code, error_msg) = fields
            .code_and_message
            .map_or((None, None), |(c, m)| (Some(c), Some(m)));
        Err(Failure::Other(Error::Api(Box::new(ApiError {
            operation,
            status,
            error_code,
            error_msg,
            request_id,
            body: String::from_utf8_lossy(&body).into_owned(),
            documented,
            http_code: fields.http_code,
            encoded_authorization_message: fields.encoded_authorization_message,
            retry_after,
            headers,
        }))))
    }
}

/// Why one endpoint failed: unusable (try the next one) or anything else.
enum Failure {
    EndpointUnusable(Error),
    Other(Error),
}

/// A header's value as text; bytes that are not UTF-8 (some proxies send Latin-1) are
/// replaced, never a reason to drop the value.
fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// `Retry-After` as seconds or as an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn transport(operation: &'static str, error: reqwest::Error) -> Failure {
    if error.is_timeout() {
        return Failure::Other(Error::Timeout {
            operation,
            source: Box::new(error),
        });
    }
    let unusable = endpoint_unusable(&error);
    let error = Error::Transport {
        operation,
        source: Box::new(error),
    };
    if unusable {
        Failure::EndpointUnusable(error)
    } else {
        Failure::Other(error)
    }
}

/// True when the host name did not resolve or the TLS handshake failed: the cases where the
/// official SDK moves to a region's next endpoint. A refused connection is not one of them.
fn endpoint_unusable(error: &(dyn std::error::Error + 'static)) -> bool {
    if error.is::<rustls::Error>() || error.to_string().starts_with("dns error") {
        return true;
    }
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::ConnectionRefused {
            return false;
        }
        // `io::Error::source` skips the wrapped error itself, so look at it directly.
        if io.get_ref().is_some_and(|inner| endpoint_unusable(inner)) {
            return true;
        }
    }
    error.source().is_some_and(endpoint_unusable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AuthScheme, RegionEndpoints};

    static DEMO: ServiceInfo = ServiceInfo {
        name: "Demo",
        sdk_name: "DEMO",
        endpoints: &[RegionEndpoints {
            region: "xx-north-1",
            endpoints: &[
                "https://demo.xx-north-1.example.com",
                "https://demo.xx-north-1.example.cn",
            ],
        }],
        auth: &[
            AuthScheme::AkSk,
            AuthScheme::Token {
                header: "X-Auth-Token",
            },
        ],
    };

    fn config() -> Config {
        Config::new().credentials(Credentials::token("secret-token"))
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn region_picks_the_first_endpoint_and_explicit_endpoint_wins() {
        let client = Client::with_env(&config().region("xx-north-1"), &DEMO, no_env).unwrap();
        assert_eq!(client.endpoint(), "https://demo.xx-north-1.example.com");
        assert_eq!(client.endpoints.len(), 2);
        let client = Client::with_env(
            &config()
                .region("xx-north-1")
                .endpoint("http://127.0.0.1:9/base/"),
            &DEMO,
            no_env,
        )
        .unwrap();
        assert_eq!(client.endpoint(), "http://127.0.0.1:9/base");
        assert_eq!(client.endpoints[0].host, "127.0.0.1:9");
    }

    #[test]
    fn the_region_environment_override_replaces_the_table() {
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_DEMO_XX_NORTH_1")
                .then(|| " https://a.example.com:8443 , https://b.example.com".to_owned())
        };
        let client = Client::with_env(&config().region("xx-north-1"), &DEMO, env).unwrap();
        let bases: Vec<&str> = client.endpoints.iter().map(|e| e.base.as_str()).collect();
        assert_eq!(
            bases,
            ["https://a.example.com:8443", "https://b.example.com"]
        );
        assert_eq!(client.endpoints[0].host, "a.example.com:8443");
        // An unknown region becomes usable through the override, and an explicit endpoint
        // still wins over it.
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_DEMO_MARS_1")
                .then(|| "https://m.example.com".to_owned())
        };
        assert!(Client::with_env(&config().region("mars-1"), &DEMO, env).is_ok());
        let client = Client::with_env(
            &config().region("mars-1").endpoint("http://127.0.0.1:1"),
            &DEMO,
            env,
        )
        .unwrap();
        assert_eq!(client.endpoint(), "http://127.0.0.1:1");
    }

    #[test]
    fn unknown_region_lists_the_known_ones() {
        let error = Client::with_env(&config().region("mars-1"), &DEMO, no_env).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("\"mars-1\"") && text.contains("xx-north-1"),
            "{text}"
        );
        assert!(
            text.contains("HUAWEICLOUD_SDK_REGION_DEMO_MARS_1"),
            "{text}"
        );
    }

    #[test]
    fn bad_configurations_are_errors() {
        for bad in [
            config(),
            config().endpoint("ftp://x"),
            config().endpoint("not a url"),
            config().endpoint("http://h/?q=1"),
            Config::new().region("xx-north-1"),
            // Found when the client is built, not at each call.
            config().region("xx-north-1").user_agent("two\nlines"),
        ] {
            assert!(
                matches!(Client::with_env(&bad, &DEMO, no_env), Err(Error::Config(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_secrets() {
        let client = Client::with_env(&config().region("xx-north-1"), &DEMO, no_env).unwrap();
        let signed = Config::new()
            .credentials(Credentials::temporary(
                "AK",
                "secret-sk",
                "secret-security-token",
            ))
            .region("xx-north-1");
        let signed_client = Client::with_env(&signed, &DEMO, no_env).unwrap();
        let text = format!("{client:?} {:?} {signed:?} {signed_client:?}", config());
        for secret in ["secret-token", "secret-sk", "secret-security-token"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_respects_the_ceiling_and_retry_after() {
        let config = config().region("xx-north-1").retry(
            RetryPolicy::attempts(5)
                .with_backoff(Duration::from_millis(100), Duration::from_secs(1)),
        );
        let client = Client::with_env(&config, &DEMO, no_env).unwrap();
        let transport = Error::Transport {
            operation: "Op",
            source: "refused".into(),
        };
        for attempt in 1..=4 {
            let delay = client.retry_delay(&transport, attempt).unwrap();
            assert!(
                delay <= Duration::from_millis(100) * (1 << (attempt - 1)),
                "{delay:?}"
            );
        }
        let api = |status: u16, retry_after: Option<Duration>| {
            Error::Api(Box::new(ApiError {
                operation: "Op",
                status,
                error_code: None,
                error_msg: None,
                request_id: None,
                body: String::new(),
                documented: false,
                http_code: None,
                encoded_authorization_message: None,
                retry_after,
                headers: Default::default(),
            }))
        };
        assert_eq!(
            client.retry_delay(&api(429, Some(Duration::from_millis(700))), 1),
            Some(Duration::from_millis(700))
        );
        assert_eq!(
            client.retry_delay(&api(503, Some(Duration::from_secs(60))), 1),
            None,
            "beyond max_backoff"
        );
        assert!(client.retry_delay(&api(500, None), 1).is_some());
        assert_eq!(client.retry_delay(&api(404, None), 1), None);
        assert_eq!(client.retry_delay(&api(600, None), 1), None, "not a 5xx");
        assert!(
            client
                .retry_delay(
                    &Error::Timeout {
                        operation: "Op",
                        source: "slow".into()
                    },
                    1
                )
                .is_some(),
            "a timed-out attempt is retried"
        );
    }
}
