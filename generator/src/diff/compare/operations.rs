//! Comparing an operation: its HTTP endpoint, Content-Type, deprecation, retries, docs,
//! parameters, transport headers, request body and responses.

use super::values::{Compared, match_by_names};
use super::{Differ, describe, required_change};
use crate::diff::{ChangeKind, Impact};
use crate::ir;

impl Differ<'_> {
    pub(super) fn operation(&mut self, old: &ir::Operation, new: &ir::Operation) {
        if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
            self.push(
                ChangeKind::Changed,
                "HTTP endpoint".to_owned(),
                format!(
                    "{} {} → {} {}",
                    old.http_method, old.path, new.http_method, new.path
                ),
                Impact::Breaking,
            );
        }
        if old.content_type != new.content_type {
            self.push(
                ChangeKind::Changed,
                "Content-Type".to_owned(),
                format!("`{}` → `{}`", old.content_type, new.content_type),
                Impact::Breaking,
            );
        }
        match (&old.deprecated, &new.deprecated) {
            (None, Some(note)) => self.push(
                ChangeKind::Added,
                "deprecation".to_owned(),
                format!("the method is now #[deprecated]: {note}"),
                Impact::Compatible,
            ),
            (Some(_), None) => self.push(
                ChangeKind::Removed,
                "deprecation".to_owned(),
                "the method is no longer deprecated".to_owned(),
                Impact::Compatible,
            ),
            _ => {}
        }
        if old.idempotent != new.idempotent {
            // Retries change behaviour, not the API consumers compile against.
            let now = if new.idempotent {
                "now idempotent: the client may retry it"
            } else {
                "no longer idempotent: the client never retries it"
            };
            self.push(
                ChangeKind::Changed,
                "retries".to_owned(),
                now.to_owned(),
                Impact::Compatible,
            );
        }
        if (&old.summary, &old.doc) != (&new.summary, &new.doc) {
            self.push(
                ChangeKind::Changed,
                "documentation".to_owned(),
                "summary or doc text".to_owned(),
                Impact::Compatible,
            );
        }
        self.params(&old.params, &new.params);
        for header in &old.transport_headers {
            if !new.transport_headers.iter().any(|h| h.name == header.name) {
                self.push(
                    ChangeKind::Removed,
                    format!("header `{}`", header.name),
                    "no longer documented as sent by the transport".to_owned(),
                    Impact::Compatible,
                );
            }
        }
        for header in &new.transport_headers {
            if !old.transport_headers.iter().any(|h| h.name == header.name) {
                self.push(
                    ChangeKind::Added,
                    format!("header `{}`", header.name),
                    "documented as sent by the transport".to_owned(),
                    Impact::Compatible,
                );
            }
        }
        self.body(old.body.as_ref(), new.body.as_ref());
        self.responses(old, new);
    }

    fn params(&mut self, old: &[ir::Param], new: &[ir::Param]) {
        let matched = match_by_names(old, new, |p| (p.rust_name.as_str(), p.wire_name.as_str()));
        for (i, param) in old.iter().enumerate() {
            let item = format!(
                "{} parameter `{}`",
                location(param.location),
                param.wire_name
            );
            let Some(after) = matched[i].map(|j| &new[j]) else {
                self.push(
                    ChangeKind::Removed,
                    item,
                    format!("the request field `{}` is gone", param.rust_name),
                    Impact::Breaking,
                );
                continue;
            };
            if after.location != param.location {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    format!(
                        "sent in the {} instead of the {}",
                        location(after.location),
                        location(param.location)
                    ),
                    Impact::Breaking,
                );
            }
            if after.style != param.style && after.shape.item().is_some() {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    format!(
                        "list written as {} instead of {}",
                        style(after.style),
                        style(param.style)
                    ),
                    Impact::Breaking,
                );
            }
            if after.default_from != param.default_from {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    if after.default_from.is_some() {
                        "now filled from the client's configuration when unset".to_owned()
                    } else {
                        "no longer filled from the client's configuration".to_owned()
                    },
                    Impact::Compatible,
                );
            }
            self.value(
                item,
                Compared::of_param(param),
                Compared::of_param(after),
                ("request field", "constructor argument"),
                true,
            );
        }
        for (j, param) in new.iter().enumerate() {
            if matched.contains(&Some(j)) {
                continue;
            }
            let item = format!(
                "{} parameter `{}`",
                location(param.location),
                param.wire_name
            );
            if param.required {
                self.push(
                    ChangeKind::Added,
                    item,
                    format!(
                        "required: a new argument `{}` of the request's constructor",
                        param.rust_name
                    ),
                    Impact::Breaking,
                );
            } else {
                self.push(
                    ChangeKind::Added,
                    item,
                    format!("optional: `with_{}`", param.rust_name),
                    Impact::Compatible,
                );
            }
        }
    }

    fn body(&mut self, old: Option<&ir::Body>, new: Option<&ir::Body>) {
        let item = "request body".to_owned();
        match (old, new) {
            (None, None) => {}
            (Some(_), None) => self.push(
                ChangeKind::Removed,
                item,
                "the request no longer has a `body` field".to_owned(),
                Impact::Breaking,
            ),
            (None, Some(body)) => self.push(
                ChangeKind::Added,
                item,
                format!(
                    "{} `{}`",
                    requiredness(body.required),
                    describe(&body.shape)
                ),
                if body.required {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
            ),
            (Some(old), Some(new)) => {
                if old.encoding != new.encoding {
                    self.push(
                        ChangeKind::Changed,
                        item.clone(),
                        format!(
                            "sent as {} instead of {}",
                            encoding_name(new.encoding),
                            encoding_name(old.encoding)
                        ),
                        Impact::Breaking,
                    );
                }
                if old.required != new.required {
                    self.push(
                        ChangeKind::Changed,
                        item.clone(),
                        required_change(new.required, "constructor argument"),
                        Impact::Breaking,
                    );
                }
                self.shape(&item, &old.shape, &new.shape, true);
            }
        }
    }

    fn responses(&mut self, old: &ir::Operation, new: &ir::Operation) {
        match (&old.success, &new.success) {
            (None, None) => {}
            (Some(before), None) => self.push(
                ChangeKind::Removed,
                format!("status {}", before.status),
                "the success response is no longer documented; the method returns no body"
                    .to_owned(),
                Impact::Breaking,
            ),
            (None, Some(after)) => self.push(
                ChangeKind::Added,
                format!("status {}", after.status),
                "a documented success response".to_owned(),
                if after.body.is_some() {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
            ),
            (Some(before), Some(after)) => {
                let item = format!("status {}", after.status);
                if before.status != after.status {
                    self.push(
                        ChangeKind::Changed,
                        item.clone(),
                        format!("success status {} → {}", before.status, after.status),
                        Impact::Breaking,
                    );
                }
                match (&before.body, &after.body) {
                    (Some(b), Some(a)) => self.shape(&format!("{item} body"), b, a, false),
                    (None, None) => {}
                    (b, a) => self.push(
                        ChangeKind::Changed,
                        format!("{item} body"),
                        format!(
                            "{} → {}",
                            describe_or_none(b.as_ref()),
                            describe_or_none(a.as_ref())
                        ),
                        Impact::Breaking,
                    ),
                }
                if before.content_type != after.content_type && after.body.is_some() {
                    // The body is read by its content type: another one changes what the
                    // method returns (text, a download) or how it decodes.
                    self.push(
                        ChangeKind::Changed,
                        format!("{item} body"),
                        format!(
                            "Content-Type `{}` → `{}`",
                            before.content_type, after.content_type
                        ),
                        Impact::Breaking,
                    );
                }
                self.response_headers(&item, &before.headers, &after.headers);
                if before.or_text != after.or_text && after.body.is_some() {
                    let now = if after.or_text {
                        "the method now returns `OrText<T>`: the body, or text when it is not of the type"
                    } else {
                        "the method now returns the body's type, not `OrText<T>`"
                    };
                    self.push(
                        ChangeKind::Changed,
                        format!("{item} body"),
                        now.to_owned(),
                        Impact::Breaking,
                    );
                }
            }
        }
        for error in &old.errors {
            match new.errors.iter().find(|e| e.status == error.status) {
                None => self.push(
                    ChangeKind::Removed,
                    format!("status {}", error.status),
                    "no longer documented (still an `Error::Api`)".to_owned(),
                    Impact::Compatible,
                ),
                Some(after) if after.body != error.body => self.push(
                    ChangeKind::Changed,
                    format!("status {}", error.status),
                    format!(
                        "error body {} → {}",
                        describe_or_none(error.body.as_ref()),
                        describe_or_none(after.body.as_ref())
                    ),
                    Impact::Compatible,
                ),
                Some(_) => {}
            }
        }
        for error in &new.errors {
            if !old.errors.iter().any(|e| e.status == error.status) {
                self.push(
                    ChangeKind::Added,
                    format!("status {}", error.status),
                    format!("documented error: {}", error.doc.trim()),
                    Impact::Compatible,
                );
            }
        }
    }
}

impl Differ<'_> {
    /// Documented response headers: a new one is a new `Option` field of a `#[non_exhaustive]`
    /// struct (compatible); a removed one, or one of another type, breaks code that reads it.
    fn response_headers(
        &mut self,
        item: &str,
        old: &[ir::ResponseHeader],
        new: &[ir::ResponseHeader],
    ) {
        for header in old {
            let what = format!("{item} header `{}`", header.name);
            match new
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(&header.name))
            {
                None => self.push(
                    ChangeKind::Removed,
                    what,
                    format!("the typed header field `{}` is gone", header.rust_name),
                    Impact::Breaking,
                ),
                Some(after) if after.shape.kind != header.shape.kind => self.push(
                    ChangeKind::Changed,
                    what,
                    format!("{} → {}", describe(&header.shape), describe(&after.shape)),
                    Impact::Breaking,
                ),
                Some(after) if after.rust_name != header.rust_name => self.push(
                    ChangeKind::Changed,
                    what,
                    format!(
                        "the typed header field `{}` → `{}`",
                        header.rust_name, after.rust_name
                    ),
                    Impact::Breaking,
                ),
                Some(_) => {}
            }
        }
        for header in new {
            if !old
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case(&header.name))
            {
                // The first documented header gives the method its headers struct: its return
                // type becomes `Response<T, ...ResponseHeaders>`, which code naming
                // `Response<T>` does not compile against.
                let (detail, impact) = if old.is_empty() {
                    (
                        format!(
                            "decoded into the typed header field `{}`; the first documented header: the method now returns `Response<T, ...ResponseHeaders>`",
                            header.rust_name
                        ),
                        Impact::Breaking,
                    )
                } else {
                    (
                        format!("decoded into the typed header field `{}`", header.rust_name),
                        Impact::Compatible,
                    )
                };
                self.push(
                    ChangeKind::Added,
                    format!("{item} header `{}`", header.name),
                    detail,
                    impact,
                );
            }
        }
    }
}

/// How a request body is written, for messages.
fn encoding_name(encoding: ir::Encoding) -> &'static str {
    match encoding {
        ir::Encoding::Json => "JSON",
        ir::Encoding::Text => "text",
        ir::Encoding::Bytes => "raw bytes",
        ir::Encoding::Form => "a URL-encoded form",
        ir::Encoding::Multipart => "a multipart form",
    }
}

/// A body's type, or `none` when there is no body.
fn describe_or_none(shape: Option<&ir::Shape>) -> String {
    shape.map_or("none".to_owned(), describe)
}

fn requiredness(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn location(location: ir::Location) -> &'static str {
    match location {
        ir::Location::Path => "path",
        ir::Location::Query => "query",
        ir::Location::Header => "header",
    }
}

/// How a list style reads in a change.
fn style(style: ir::ListStyle) -> &'static str {
    match style {
        ir::ListStyle::Repeat => "one pair per item",
        ir::ListStyle::Comma => "comma-joined items",
    }
}
