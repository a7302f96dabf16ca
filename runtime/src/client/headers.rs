//! The headers of one attempt: built as a `HeaderMap` directly, with a token or signed afresh
//! with AK/SK.

use std::borrow::Cow;
use std::time::SystemTime;

use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use secrecy::ExposeSecret;

use super::{Client, Endpoint};
use crate::call::Call;
use crate::credentials::Auth;
use crate::signing::{SigningRequest, sdk_date, sign};
use crate::{Error, Violation};

impl Client {
    /// The headers of one attempt: signed afresh for AK/SK with the credentials of this
    /// attempt.
    pub(super) fn headers(
        &self,
        call: &Call,
        endpoint: &Endpoint,
        auth: &Auth,
        content_type: Cow<'static, str>,
    ) -> Result<HeaderMap, Error> {
        let operation = call.operation.name;
        // hyper leaves the length out of a body-less request; the official SDK sends
        // `Content-Length: 0`, and servers may refuse a POST whose length is unknown.
        let empty = call.body.is_empty() && call.multipart.is_none();
        let mut map = HeaderMap::with_capacity(8 + call.headers.len());
        match auth {
            Auth::Token(token) => {
                let name = match &self.token_header {
                    Some(name) => name.clone(),
                    None => auth.token_header(self.service)?.ok_or_else(|| {
                        Error::Config(format!("{} takes no token", self.service.name))
                    })?,
                };
                map.append(USER_AGENT, self.user_agent_header.clone());
                map.append(
                    CONTENT_TYPE,
                    header_value(operation, "Content-Type", &content_type)?,
                );
                for (name, value) in &call.headers {
                    map.append(header_name(name)?, header_value(operation, name, value)?);
                }
                let value = match &self.token_value {
                    // Made already: the client's credentials are this fixed token.
                    Some(value) => value.clone(),
                    _ => {
                        let mut value =
                            header_value(operation, name.as_str(), token.expose_secret())?;
                        value.set_sensitive(true);
                        value
                    }
                };
                map.append(name, value);
            }
            Auth::AkSk {
                ak,
                sk,
                security_token,
            } => {
                // Checked at each attempt, on what a provider gives.
                auth.token_header(self.service)?;
                let mut headers: Vec<(String, String)> = vec![
                    ("User-Agent".to_owned(), self.user_agent.clone()),
                    ("Content-Type".to_owned(), content_type.into_owned()),
                ];
                if let Some(project_id) = &self.project_id {
                    headers.push(("X-Project-Id".to_owned(), project_id.clone()));
                }
                if let Some(token) = security_token {
                    headers.push((
                        "X-Security-Token".to_owned(),
                        token.expose_secret().to_owned(),
                    ));
                }
                headers.extend(
                    call.headers
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), v.clone())),
                );
                // The signer reads the body only to tell an empty one (and to hash a JSON one).
                // A multipart body is never empty and never JSON: its payload is signed as
                // `UNSIGNED-PAYLOAD`, whatever its bytes, so they need not be built here.
                let body: &[u8] = if call.multipart.is_some() {
                    b"multipart/form-data"
                } else {
                    &call.body
                };
                let now = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let signed = sign(
                    SigningRequest {
                        method: call.operation.method.as_str(),
                        host: &endpoint.host,
                        path: &call.path,
                        query: &call.query,
                        headers,
                        body,
                    },
                    ak,
                    sk.expose_secret(),
                    &sdk_date(now),
                );
                for (name, value) in &signed.headers {
                    let mut value = header_value(operation, name, value)?;
                    value.set_sensitive(
                        name.eq_ignore_ascii_case("authorization")
                            || name.eq_ignore_ascii_case("x-security-token"),
                    );
                    map.append(header_name(name)?, value);
                }
            }
        }
        // Added by the HTTP layer in the SDK, so never signed.
        if empty {
            map.append(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        Ok(map)
    }
}

/// `name` as a header name.
fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config(format!("{name:?} is not a header name")))
}

/// `value` as the value of header `name`: not sent when it holds characters a header cannot.
fn header_value(operation: &'static str, name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
        operation,
        violations: vec![Violation {
            field: name.to_owned(),
            problem: "contains characters not allowed in a header".to_owned(),
        }],
    })
}
