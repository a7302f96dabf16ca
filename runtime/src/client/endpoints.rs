//! Where requests go: the endpoints of a client (configured, from the environment or from the
//! service's table) and the URL of a call at one of them.

use crate::call::Call;
use crate::signing::canonical_query;
use crate::{Config, Error, ServiceInfo};

/// One base URL requests can go to.
#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    /// Scheme, host, port and base path, without a trailing `/`.
    pub(super) base: String,
    /// `base` parsed: each attempt sets its path and query on a copy, so that scheme and host
    /// are not parsed again for every request.
    pub(super) url: url::Url,
    /// `host[:port]` as written in the endpoint URL (what AK/SK signing signs as `Host`).
    pub(super) host: String,
}

impl Endpoint {
    /// The URL of `call` at this endpoint: the base path followed by the call's path, and its
    /// query in canonical order (the order AK/SK signs).
    pub(super) fn url_of(&self, call: &Call) -> url::Url {
        let mut url = self.url.clone();
        let base_path = self.url.path().trim_end_matches('/');
        if base_path.is_empty() {
            url.set_path(&call.path);
        } else {
            url.set_path(&format!("{base_path}{}", call.path));
        }
        if !call.query.is_empty() {
            url.set_query(Some(&canonical_query(&call.query)));
        }
        url
    }
}

/// The endpoints to use: the configured ones, else the region's from the environment override
/// or the service's table.
pub(super) fn resolve_endpoints(
    config: &Config,
    service: &ServiceInfo,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>, Error> {
    if !config.endpoints.is_empty() {
        return Ok(config.endpoints.clone());
    }
    let Some(region) = &config.region else {
        return Err(Error::Config(format!(
            "no endpoint: set Config::region (one of {}) or Config::endpoint",
            known_regions(service)
        )));
    };
    let variable = format!(
        "HUAWEICLOUD_SDK_REGION_{}_{}",
        service.sdk_name,
        region.to_ascii_uppercase().replace('-', "_")
    );
    if let Some(value) = env(&variable) {
        let urls: Vec<String> = value
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect();
        if !urls.is_empty() {
            return Ok(urls);
        }
    }
    match service.endpoints_for(region) {
        Some(endpoints) if !endpoints.is_empty() => {
            Ok(endpoints.iter().map(|e| (*e).to_owned()).collect())
        }
        _ => Err(Error::Config(format!(
            "{} has no endpoint for region {region:?}; known regions: {}; or set \
             Config::endpoint or {variable}",
            service.name,
            known_regions(service)
        ))),
    }
}

pub(super) fn parse_endpoint(endpoint: &str) -> Result<Endpoint, Error> {
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
    // `host[:port]` exactly as written, which is what the SDK signs.
    let after_scheme = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    Ok(Endpoint {
        base: url.as_str().trim_end_matches('/').to_owned(),
        url,
        host,
    })
}

/// The regions `service` has endpoints for, for messages.
fn known_regions(service: &ServiceInfo) -> String {
    service
        .endpoints
        .iter()
        .map(|r| r.region)
        .collect::<Vec<_>>()
        .join(", ")
}
