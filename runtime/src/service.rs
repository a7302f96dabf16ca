//! What a generated service module tells the runtime about its service.

/// A service's static description: its endpoints by region and the auth schemes it accepts.
/// Each generated module has one, named `SERVICE`.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The service's name in the spec (e.g. `CodeArtsBuild`).
    pub name: &'static str,
    /// The official SDK's name of the service (e.g. `CODEARTSBUILD`).
    pub sdk_name: &'static str,
    /// Known endpoints by region; a region's first endpoint is preferred.
    pub endpoints: &'static [RegionEndpoints],
    /// Accepted auth schemes, in order of preference.
    pub auth: &'static [AuthScheme],
}

/// The endpoints of one region.
#[derive(Debug)]
pub struct RegionEndpoints {
    /// Region id, e.g. `cn-north-4`.
    pub region: &'static str,
    /// Endpoint URLs (scheme and host), preferred first.
    pub endpoints: &'static [&'static str],
}

/// An auth scheme a service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// AK/SK request signing (SDK-HMAC-SHA256).
    AkSk,
    /// An IAM token sent in a header.
    Token {
        /// The header that carries the token, e.g. `X-Auth-Token`.
        header: &'static str,
    },
}

impl ServiceInfo {
    /// The endpoints of `region`, if the service lists it.
    pub fn endpoints_for(&self, region: &str) -> Option<&'static [&'static str]> {
        self.endpoints
            .iter()
            .find(|r| r.region == region)
            .map(|r| r.endpoints)
    }

    /// The header that carries a token, if the service accepts tokens.
    pub fn token_header(&self) -> Option<&'static str> {
        self.auth.iter().find_map(|a| match a {
            AuthScheme::Token { header } => Some(*header),
            AuthScheme::AkSk => None,
        })
    }
}
