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
//! answers into a [`Response`] or an [`Error`].
//!
//! It is hand-written and unit-tested; nothing here is generated. The constraint rules and
//! path encoding come from `huaweicloud-devops-rules`, which the generator uses too, so a
//! spec example and a request are judged by the same code.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod call;
mod client;
mod config;
pub mod credentials;
mod error;
mod operation;
mod request;
mod response;
mod service;
pub mod signing;
#[cfg(feature = "test-util")]
pub mod test_util;

pub use client::Client;
pub use config::{CallOptions, Config, ConfigValue, RetryPolicy};
pub use credentials::{Credentials, ENV_AK, ENV_SECURITY_TOKEN, ENV_SK};
pub use error::{ApiError, DecodeError, Error, Violation};
pub use huaweicloud_devops_rules::{Constraints, Problem, expand_path, path_value_problem};
pub use operation::{ErrorStatus, Location, Operation, Param};
pub use request::{Body, ParamValue, Request, ToParam, Validate, Violations, validate};
pub use reqwest::Method;
/// Name resolution hooks for [`Config::dns_resolver`].
pub use reqwest::dns;
pub use response::{RawResponse, Response};
pub use service::{AuthScheme, RegionEndpoints, ServiceInfo};
