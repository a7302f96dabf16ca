//! Runtime of the generated `huaweicloud-devops` client.
//!
//! Generated code is data plus thin glue. Each service module has a static [`ServiceInfo`]
//! (endpoints by region, auth schemes) and a static [`Operation`] per operation (method, path
//! template, content type, whether it is safe to repeat, documented errors, and each
//! parameter's place, configured default and [`Constraints`]); each request type implements
//! [`Request`] (its parameter values and body), and body types implement [`Validate`]. A
//! client method is one call of [`Client::send`]. This crate does everything else, the same
//! way for every operation: configuration and endpoint resolution ([`Config`], [`Client`]),
//! credentials ([`Credentials`], and the places they are kept: [`credentials`]), configured
//! defaults, validation (all problems at once), path encoding, retries, signing, and turning
//! answers into a [`Response`] or an [`Error`]. Models are plain structs and enums whose JSON
//! conversions come from this crate's macros ([`json_object!`], [`string_enum!`],
//! [`int_enum!`]), a fraction of the code `#[derive(Serialize, Deserialize)]` writes, so a
//! crate of hundreds of models builds in a fraction of the time.
//!
//! It is hand-written and unit-tested; nothing here is generated. The constraint rules and
//! path encoding come from `huaweicloud-devops-rules`, which the generator uses too, so a
//! spec example and a request are judged by the same code.
//!
//! # Decoding
//!
//! Success bodies are decoded with the rules the official SDK applies where they are safe, so
//! that one drifting field does not lose a whole response:
//!
//! | the model wants | also accepted | refused (a decode error), unlike the SDK |
//! | --- | --- | --- |
//! | an integer | a string holding an integer (`"7"`); a number without a fraction (`7.0`) | `7.5` and `"7.5"` (the SDK truncates to 7); other strings |
//! | a float | a string holding a number (`"1.5"`) | other strings |
//! | a string | a number or a boolean, as JSON writes it (`123` → `"123"`) | objects and arrays |
//! | a boolean | nothing else | `"false"`, `0`, `1` (the SDK's `bool("false")` is `True`) |
//!
//! Unknown fields are ignored, `null` or a missing optional field is `None`, and enums keep
//! values they do not know.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod call;
mod client;
mod config;
pub mod credentials;
mod download;
mod enums;
mod error;
pub(crate) mod lenient;
mod objects;
mod operation;
mod payload;
mod request;
mod response;
mod retry;
mod service;
pub mod signing;
#[cfg(feature = "test-util")]
pub mod test_util;
mod transport;

/// Cheaply cloneable bytes: raw request bodies, file parts and downloaded chunks.
pub use bytes::Bytes;
pub use client::Client;
pub use config::{CallOptions, Config, ConfigValue, RetryPolicy};
pub use credentials::{Credentials, ENV_AK, ENV_SECURITY_TOKEN, ENV_SK};
pub use download::Download;
pub use error::{ApiError, DecodeError, Error, Violation};
pub use huaweicloud_devops_rules::{Constraints, Problem, expand_path, path_value_problem};
pub use lenient::decode_json;
pub use operation::{ErrorStatus, ListStyle, Location, Operation, Param};
pub use payload::{FilePart, FormBody, FormFields, Payload};
pub use request::{Body, ParamValue, Request, ToParam, Validate, Violations, validate};
/// The HTTP client library underneath, for [`Config::http_client`], [`Config::proxy`] and
/// [`Config::add_root_certificate`].
pub use reqwest;
pub use reqwest::Method;
/// Name resolution hooks for [`Config::dns_resolver`].
pub use reqwest::dns;
/// Response headers ([`Response::headers`], [`ApiError::headers`]).
pub use reqwest::header::HeaderMap;
pub use reqwest::{Certificate, NoProxy, Proxy};
pub use response::{FromHeaders, HeaderProblem, OrText, RawResponse, Response, typed_header};
pub use service::{AuthScheme, RegionEndpoints, ServiceInfo};
pub use transport::install_crypto_provider;

/// What the runtime's macros expand to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    use std::fmt;

    pub use serde;

    pub use crate::objects::{Key, Writer, put, put_nullable, skip, take};

    /// Deserializes a string and maps it with `from` without keeping it: a known enum value
    /// costs no allocation when the input can lend it.
    ///
    /// # Errors
    ///
    /// When the input is not a string.
    pub fn deserialize_str<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        struct Mapped<T>(fn(&str) -> T);

        impl<T> serde::de::Visitor<'_> for Mapped<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                Ok((self.0)(value))
            }
        }

        deserializer.deserialize_string(Mapped(from))
    }
}
