//! AK/SK request signing (SDK-HMAC-SHA256), byte for byte as the official Huawei Cloud SDK
//! does it. The steps follow the algorithm's description in the project's reference notes;
//! the quirks (underscore headers unsigned, dot-free canonical path with a trailing `/`, query
//! pairs sorted before encoding, ...) are deliberate: the server recomputes the same thing.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use huaweicloud_devops_rules::PATH_VALUE;

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// SHA-256 of nothing: the payload hash of an empty body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// A request as the signer sees it.
#[derive(Debug, Clone)]
pub struct SigningRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// `host[:port]` exactly as in the endpoint URL.
    pub host: &'a str,
    /// The path as it is sent (parameters already percent-encoded).
    pub path: &'a str,
    /// Query pairs, not encoded, in any order.
    pub query: &'a [(String, String)],
    /// Headers in the order they were added, names as written.
    pub headers: Vec<(String, String)>,
    /// The body bytes (empty when there is none).
    pub body: &'a [u8],
}

/// What signing produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// Every header to send, names as written: the trimmed originals, then the ones the signer
    /// added (`X-Sdk-Content-Sha256`, `X-Sdk-Date`, `Host`, `Authorization`).
    pub headers: Vec<(String, String)>,
    /// The query string to send (the canonical one), without `?`.
    pub query: String,
    /// The canonical request that was signed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
}

/// Signs `request` with `ak`/`sk` at `sdk_date` (`YYYYMMDDTHHMMSSZ`, used unless the request
/// already has an `X-Sdk-Date` header).
pub fn sign(request: SigningRequest<'_>, ak: &str, sk: &str, sdk_date: &str) -> Signed {
    let query = canonical_query(request.query);
    // Values are trimmed, and the trimmed value is also what is sent.
    let mut headers: Vec<(String, String)> = request
        .headers
        .into_iter()
        .map(|(name, value)| (name, value.trim().to_owned()))
        .collect();
    if headers.iter().any(|(name, _)| name == "Authorization") {
        // A caller-signed request is sent as it is.
        return Signed {
            headers,
            query,
            canonical_request: String::new(),
            string_to_sign: String::new(),
            signature: String::new(),
        };
    }
    let unsigned_payload = headers.iter().any(|(name, value)| {
        name == "Content-Type"
            && !value.starts_with("application/json")
            && !value.starts_with("application/bson")
    });
    if unsigned_payload {
        headers.push((
            "X-Sdk-Content-Sha256".to_owned(),
            "UNSIGNED-PAYLOAD".to_owned(),
        ));
    }
    let date = match find(&headers, "x-sdk-date") {
        Some(date) => date.to_owned(),
        None => {
            headers.push(("X-Sdk-Date".to_owned(), sdk_date.to_owned()));
            sdk_date.to_owned()
        }
    };
    if find(&headers, "host").is_none() {
        headers.push(("Host".to_owned(), request.host.to_owned()));
    }

    // Signed header names: lower-case, sorted, without names containing `_`; for names that
    // differ only by case the later value wins.
    let mut signed: Vec<(String, &str)> = Vec::new();
    for (name, value) in &headers {
        if name.contains('_') {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        match signed.iter_mut().find(|(n, _)| *n == lower) {
            Some(slot) => slot.1 = value,
            None => signed.push((lower, value)),
        }
    }
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    let signed_headers = signed
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = signed
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();

    let payload_hash = if request.body.is_empty() {
        EMPTY_SHA256.to_owned()
    } else if let Some(declared) = find(&headers, "x-sdk-content-sha256") {
        declared.to_owned()
    } else {
        hex::encode(Sha256::digest(request.body))
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let signature = hmac_hex(sk.as_bytes(), string_to_sign.as_bytes());
    headers.push((
        "Authorization".to_owned(),
        format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}"),
    ));
    Signed {
        headers,
        query,
        canonical_request,
        string_to_sign,
        signature,
    }
}

fn find<'h>(headers: &'h [(String, String)], lower: &str) -> Option<&'h str> {
    headers
        .iter()
        .rev()
        .find(|(name, _)| name.eq_ignore_ascii_case(lower))
        .map(|(_, value)| value.as_str())
}

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this never fails.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// The path decoded, split on `/`, each piece re-encoded (only `A-Z a-z 0-9 - _ . ~` kept),
/// joined, and ending with `/`.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(|piece| utf8_percent_encode(piece, PATH_VALUE).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Pairs sorted by key then value on their unencoded text, then encoded and joined. This is
/// also the query string that goes on the wire.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(key, PATH_VALUE),
                utf8_percent_encode(value, PATH_VALUE)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `YYYYMMDDTHHMMSSZ` (UTC) for a time given as seconds since the Unix epoch.
pub fn sdk_date(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let seconds = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_format_in_utc() {
        assert_eq!(sdk_date(0), "19700101T000000Z");
        assert_eq!(sdk_date(1_718_359_810), "20240614T101010Z");
        assert_eq!(sdk_date(951_782_400), "20000229T000000Z");
        assert_eq!(sdk_date(4_102_444_799), "20991231T235959Z");
    }

    #[test]
    fn canonical_uri_quirks() {
        assert_eq!(canonical_uri("/v3/jobs/stop"), "/v3/jobs/stop/");
        assert_eq!(canonical_uri("/v3/jobs/stop/"), "/v3/jobs/stop/");
        assert_eq!(canonical_uri("/v2/tasks/a%2Fb/stop"), "/v2/tasks/a/b/stop/");
        assert_eq!(
            canonical_uri("/v2/tasks/task%20id%3A1+2%2c%E4%BB%BB/stop"),
            "/v2/tasks/task%20id%3A1%2B2%2C%E4%BB%BB/stop/"
        );
    }
}
