//! Helpers that generated models name in their serde attributes.

use serde::{Deserialize, Deserializer};

/// Reads an optional, nullable field as `Option<Option<T>>`: with
/// `#[serde(default, deserialize_with = "nullable")]`, an absent field is `None`, `null` is
/// `Some(None)` and a value is `Some(Some(value))`, so the three stay apart (plain serde reads
/// both absence and `null` as `None`).
///
/// # Errors
///
/// When the value is neither `null` nor a `T`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Patch {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "super::nullable"
        )]
        parent: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_a_value_stay_apart_both_ways() {
        for (json, parent) in [
            ("{}", None),
            (r#"{"parent":null}"#, Some(None)),
            (r#"{"parent":"p"}"#, Some(Some("p".to_owned()))),
        ] {
            let decoded: Patch = crate::lenient::decode_json(json.as_bytes()).expect(json);
            assert_eq!(
                decoded,
                Patch {
                    parent: parent.clone()
                },
                "{json}"
            );
            assert_eq!(serde_json::to_string(&Patch { parent }).unwrap(), json);
        }
    }
}
