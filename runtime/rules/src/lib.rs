//! The rules a request value must follow, written once for both sides of the generator.
//!
//! The generator's checker validates the spec's documented examples with these rules, and
//! the runtime validates every request with them before anything is sent, so a value the
//! spec accepts in an example is a value the client accepts, with the same message.
//!
//! - [`Constraints`]: length, pattern, range and item-count limits of one value, and the
//!   [`Problem`]s a value has against them.
//! - [`expand_path`]: filling a path template with percent-encoded values that can never
//!   change the path.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod constraints;
mod path;
mod pattern;

pub use constraints::{Constraints, Problem, check_pattern};
pub use path::{PATH_VALUE, expand_path, path_value_problem};

/// The pairs of fields an error body names its code and message with, in the order they are
/// looked for (as the official SDK does): the runtime reads them from error answers, and the
/// generator marks an error status as documented "with a body" only when its body type has
/// one of these pairs, at the top or one level down.
pub const ERROR_FIELD_PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];
