//! Runtime of the generated `huaweicloud-devops` client.
//!
//! Generated service modules describe *what* to send (operation, path template, parameters,
//! body, documented statuses); this crate does the rest, the same way for every service:
//! configuration and endpoint resolution ([`Config`], [`Client`]), credentials
//! ([`Credentials`]), request validation ([`Violations`]), path encoding and sending
//! ([`Call`]), and turning answers into a [`Response`] or an [`Error`].
//!
//! It is hand-written and unit-tested; nothing here is generated.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod call;
mod client;
mod config;
mod credentials;
mod error;
mod path;
mod response;
mod service;
pub mod signing;
mod validate;

pub use call::Call;
pub use client::Client;
pub use config::{CallOptions, Config, ConfigValue, RetryPolicy};
pub use credentials::{Credentials, ENV_AK, ENV_SECURITY_TOKEN, ENV_SK};
pub use error::{ApiError, DecodeError, Error, Violation};
pub use path::expand_path;
pub use reqwest::Method;
/// Name resolution hooks for [`Config::dns_resolver`].
pub use reqwest::dns;
pub use response::{RawResponse, Response};
pub use service::{AuthScheme, RegionEndpoints, ServiceInfo};
pub use validate::Violations;
