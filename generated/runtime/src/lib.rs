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
pub use config::{Config, ConfigValue};
pub use credentials::Credentials;
pub use error::{ApiError, DecodeError, Error, Violation};
pub use path::expand_path;
pub use reqwest::Method;
pub use response::{RawResponse, Response};
pub use service::{AuthScheme, RegionEndpoints, ServiceInfo};
pub use validate::Violations;
