//! What a generated service module tells the runtime about each operation: a `static`
//! [`Operation`] per operation, which the runtime acts on for every call.

use reqwest::Method;

use crate::{ConfigValue, Constraints};

/// How one operation goes on the wire. Generated code declares one `static` per operation
/// (e.g. `codearts_pipeline::STOP_PIPELINE_RUN`); the runtime resolves configured defaults,
/// validates the request against the constraints, expands the path and sends.
#[derive(Debug)]
pub struct Operation {
    /// The operation's name in the spec, e.g. `StopPipelineRun`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, with a `{name}` placeholder for each path parameter.
    pub path: &'static str,
    /// The `Content-Type` sent with every call.
    pub content_type: &'static str,
    /// Whether the operation is safe to repeat, so that a failed attempt may be retried.
    pub idempotent: bool,
    /// The error statuses the spec documents.
    pub errors: &'static [ErrorStatus],
    /// The parameters, in the order of the values [`Request::params`](crate::Request::params)
    /// gives.
    pub params: &'static [Param],
    /// The constraints of the body, by depth: the first applies to the body itself, the
    /// next to its items, and so on (a struct body checks its own fields).
    pub body: &'static [Constraints],
}

/// A documented error status of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorStatus {
    /// The status code.
    pub status: u16,
    /// Whether the spec documents a body (`error_code` and `error_msg`) for it.
    pub has_body: bool,
}

impl ErrorStatus {
    /// A status documented with an error body.
    pub const fn with_body(status: u16) -> ErrorStatus {
        ErrorStatus {
            status,
            has_body: true,
        }
    }

    /// A status documented without a body.
    pub const fn without_body(status: u16) -> ErrorStatus {
        ErrorStatus {
            status,
            has_body: false,
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A `{name}` segment of the path, percent-encoded.
    Path,
    /// A query-string pair.
    Query,
    /// A request header.
    Header,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The name on the wire: the path placeholder, query key or header name.
    pub name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// The configured value that fills it when the request leaves it unset.
    pub default: Option<ConfigValue>,
    /// The constraints its value must meet (for a list: its number of items).
    pub constraints: Constraints,
    /// The constraints each item of a list value must meet.
    pub items: Constraints,
    /// How a list value goes into the query string.
    pub style: ListStyle,
}

/// How a list-valued query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ListStyle {
    /// One pair per item: `tag=a&tag=b`.
    #[default]
    Repeat,
    /// One pair, the items joined by commas: `tag=a,b`.
    Comma,
}

impl Param {
    /// A path parameter.
    pub const fn path(name: &'static str) -> Param {
        Param::new(name, Location::Path)
    }

    /// A query parameter.
    pub const fn query(name: &'static str) -> Param {
        Param::new(name, Location::Query)
    }

    /// A header parameter.
    pub const fn header(name: &'static str) -> Param {
        Param::new(name, Location::Header)
    }

    const fn new(name: &'static str, location: Location) -> Param {
        Param {
            name,
            location,
            default: None,
            constraints: Constraints::NONE,
            items: Constraints::NONE,
            style: ListStyle::Repeat,
        }
    }

    /// Filled from the configuration when the request leaves it unset.
    pub const fn or_config(mut self, value: ConfigValue) -> Param {
        self.default = Some(value);
        self
    }

    /// With constraints on its value.
    pub const fn constrained(mut self, constraints: Constraints) -> Param {
        self.constraints = constraints;
        self
    }

    /// With constraints on each item of its list value.
    pub const fn items_constrained(mut self, constraints: Constraints) -> Param {
        self.items = constraints;
        self
    }

    /// A list value is sent as one comma-joined pair instead of one pair per item.
    pub const fn comma_separated(mut self) -> Param {
        self.style = ListStyle::Comma;
        self
    }
}
