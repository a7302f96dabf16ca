//! The transport shared by every generated service client.

use std::fmt;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};

use crate::config::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use crate::error::error_fields;
use crate::path::PATH_VALUE;
use crate::{
    ApiError, Call, Config, ConfigValue, Credentials, Error, RawResponse, ServiceInfo, Violation,
};

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A configured connection to one service: endpoint, credentials and HTTP client (rustls).
/// Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    credentials: Credentials,
    token_header: HeaderName,
    project_id: Option<String>,
    service: &'static ServiceInfo,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.service.name)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Builds the client of `service` from `config`.
    ///
    /// # Errors
    ///
    /// `Error::Config` when no endpoint can be found (no endpoint and no region, or a region the
    /// service does not list), the endpoint is not an http(s) URL, or no credentials usable with
    /// the service are configured.
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Result<Client, Error> {
        let endpoint = resolve_endpoint(config, service)?;
        let credentials = config.credentials.clone().ok_or_else(|| {
            Error::Config(format!(
                "no credentials: configure them with Config::credentials to call {}",
                service.name
            ))
        })?;
        let header = service.token_header().ok_or_else(|| {
            Error::Config(format!(
                "{} does not accept token credentials",
                service.name
            ))
        })?;
        let token_header = HeaderName::from_bytes(header.as_bytes())
            .map_err(|e| Error::Config(format!("token header {header:?}: {e}")))?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .timeout(config.timeout.unwrap_or(DEFAULT_TIMEOUT))
            .user_agent(config.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            http,
            endpoint,
            credentials,
            token_header,
            project_id: config.project_id.clone(),
            service,
        })
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// A configured value that fills request parameters left unset.
    pub fn config_value(&self, value: ConfigValue) -> Option<&str> {
        match value {
            ConfigValue::ProjectId => self.project_id.as_deref(),
        }
    }

    /// Sends `call` and returns the 2xx answer.
    ///
    /// # Errors
    ///
    /// `Error::Api` for any other status, `Error::Timeout` or `Error::Transport` when no
    /// complete answer arrives, `Error::InvalidRequest` for a header value that cannot be sent.
    pub async fn send(&self, call: Call) -> Result<RawResponse, Error> {
        let operation = call.operation;
        let mut url = format!("{}{}", self.endpoint, call.path);
        for (i, (name, value)) in call.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(name, PATH_VALUE));
            url.push('=');
            url.extend(utf8_percent_encode(value, PATH_VALUE));
        }
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .header(CONTENT_TYPE, HeaderValue::from_static(call.content_type));
        if let Some(token) = self.credentials.token_value() {
            let mut value = HeaderValue::from_str(token).map_err(|_| {
                Error::Config("the token contains characters not allowed in a header".to_owned())
            })?;
            value.set_sensitive(true);
            request = request.header(self.token_header.clone(), value);
        }
        for (name, value) in &call.headers {
            let value = HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
                operation,
                violations: vec![Violation {
                    field: (*name).to_owned(),
                    problem: "contains characters not allowed in a header".to_owned(),
                }],
            })?;
            request = request.header(*name, value);
        }
        if call.body.is_empty() {
            // hyper leaves the length out of a body-less request; the official SDK sends
            // `Content-Length: 0`, and servers may refuse a POST whose length is unknown.
            request = request.header(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        let response = request
            .body(call.body)
            .send()
            .await
            .map_err(|e| transport(operation, e))?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .bytes()
            .await
            .map_err(|e| transport(operation, e))?
            .to_vec();
        if (200..300).contains(&status) {
            return Ok(RawResponse {
                operation,
                status,
                request_id,
                body,
            });
        }
        let fields = error_fields(&body);
        let documented = call
            .documented_errors
            .iter()
            .any(|(s, has_body)| *s == status && (!has_body || fields.is_some()));
        let (error_code, error_msg) = fields.map_or((None, None), |(c, m)| (Some(c), Some(m)));
        Err(Error::Api(Box::new(ApiError {
            operation,
            status,
            error_code,
            error_msg,
            request_id,
            body: String::from_utf8_lossy(&body).into_owned(),
            documented,
        })))
    }
}

fn transport(operation: &'static str, error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout {
            operation,
            source: Box::new(error),
        }
    } else {
        Error::Transport {
            operation,
            source: Box::new(error),
        }
    }
}

fn resolve_endpoint(config: &Config, service: &ServiceInfo) -> Result<String, Error> {
    if let Some(endpoint) = &config.endpoint {
        let url = url::Url::parse(endpoint)
            .map_err(|e| Error::Config(format!("endpoint {endpoint:?} is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::Config(format!(
                "endpoint {endpoint:?} must be an http:// or https:// URL with a host"
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(format!(
                "endpoint {endpoint:?} must not have a query or fragment"
            )));
        }
        return Ok(url.as_str().trim_end_matches('/').to_owned());
    }
    let Some(region) = &config.region else {
        return Err(Error::Config(format!(
            "no endpoint: set Config::region (one of {}) or Config::endpoint",
            known_regions(service)
        )));
    };
    match service.endpoints_for(region).and_then(|e| e.first()) {
        Some(endpoint) => Ok((*endpoint).to_owned()),
        None => Err(Error::Config(format!(
            "{} has no endpoint for region {region:?}; known regions: {}; or set Config::endpoint",
            service.name,
            known_regions(service)
        ))),
    }
}

fn known_regions(service: &ServiceInfo) -> String {
    service
        .endpoints
        .iter()
        .map(|r| r.region)
        .collect::<Vec<_>>()
        .join(", ")
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

    #[test]
    fn region_picks_the_first_endpoint_and_explicit_endpoint_wins() {
        let client = Client::new(&config().region("xx-north-1"), &DEMO).unwrap();
        assert_eq!(client.endpoint(), "https://demo.xx-north-1.example.com");
        let client = Client::new(
            &config()
                .region("xx-north-1")
                .endpoint("http://127.0.0.1:9/base/"),
            &DEMO,
        )
        .unwrap();
        assert_eq!(client.endpoint(), "http://127.0.0.1:9/base");
    }

    #[test]
    fn unknown_region_lists_the_known_ones() {
        let error = Client::new(&config().region("mars-1"), &DEMO).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("\"mars-1\"") && text.contains("xx-north-1"),
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
        ] {
            assert!(
                matches!(Client::new(&bad, &DEMO), Err(Error::Config(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_token() {
        let client = Client::new(&config().region("xx-north-1"), &DEMO).unwrap();
        let text = format!("{client:?} {:?}", config());
        assert!(!text.contains("secret-token"), "{text}");
        assert!(text.contains("<redacted>"));
    }
}
