//! Decoding what services really send: a deserializer wrapper that accepts the drift the
//! official SDK accepts where that is safe, so that one drifting field does not lose a whole
//! response.
//!
//! The official Python SDK converts each primitive with the type's constructor
//! (`int(value)`, `str(value)`, `bool(value)`), so it decodes `"run_number": "7"` as 7. This
//! wrapper does the same where the result cannot be wrong, decided per kind by the type the
//! generated model asks for:
//!
//! | the model wants | also accepted | refused (decode error), unlike the SDK |
//! | --- | --- | --- |
//! | an integer | a string holding an integer (`"7"`, `" 7 "`); a number without a fraction (`7.0`) | `7.5` and `"7.5"` (the SDK truncates to 7), strings that are not numbers |
//! | a float | a string holding a number (`"1.5"`) | other strings |
//! | a string | a number or a boolean, written as JSON writes it (`123` → `"123"`) | objects and arrays |
//! | a boolean | nothing else | `"false"`, `0`, `1` (the SDK's `bool("false")` is `True`) |
//!
//! Everything else (objects, arrays, `null` for optional fields, unknown enum values) decodes
//! as plain serde does.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// Decodes `bytes` as JSON of type `T` exactly as the client decodes success bodies: with the
/// rules in [the crate docs](crate#decoding) (an integer sent as `"7"` or `7.0` is accepted,
/// `7.5` is not). For bodies a caller fetched itself, and for benchmarks.
///
/// # Errors
///
/// When the bytes are not JSON, or not a `T` even under those rules.
pub fn decode_json<T: de::DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(Lenient(&mut json))?;
    json.end()?;
    Ok(value)
}

/// A deserializer that applies the lenient rules to every value it (and everything nested in
/// it) decodes.
struct Lenient<D>(D);

macro_rules! forward {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_bool(Wrap(visitor))
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Integer(visitor))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Float(visitor))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Float(visitor))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Text(visitor))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Text(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, Object(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose nested values are decoded leniently too.
struct Wrap<V>(V);

macro_rules! pass {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
                self.0.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_i128(i128),
        visit_u128(u128),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Lenient(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Lenient(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Lenient(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Lenient(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Lenient(data))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Lenient(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        // Keys are field names: decoded as they are.
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Lenient(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Lenient<A> {
    type Error = A::Error;
    type Variant = Lenient<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(seed)?;
        Ok((value, Lenient(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Lenient(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Lenient<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Lenient(deserializer))
    }
}

/// The methods of a typed visitor that pass `null`, unit, arrays and objects on to the inner
/// visitor (whose error they then are), decoding nested values leniently.
macro_rules! containers {
    () => {
        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_none()
        }

        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_unit()
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.0.visit_seq(Lenient(seq))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.0.visit_map(Lenient(map))
        }
    };
}

/// Where a struct is wanted: a JSON object only. (serde's derived structs also take an array
/// of their fields in order, which would turn `[]` into an empty struct and drop what the
/// array held.)
struct Object<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Object<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Lenient(map))
    }
}

/// Where an integer is wanted: integers, numbers without a fraction, strings holding an
/// integer.
struct Integer<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Integer<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass!(
        visit_i64(i64),
        visit_u64(u64),
        visit_i128(i128),
        visit_u128(u128)
    );

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        // Exactly representable whole numbers only: 7.0 is 7, 7.5 is not an integer.
        if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
            self.0.visit_i64(value as i64)
        } else {
            self.0.visit_f64(value)
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        let trimmed = value.trim();
        if let Ok(number) = trimmed.parse::<i64>() {
            self.0.visit_i64(number)
        } else if let Ok(number) = trimmed.parse::<u64>() {
            self.0.visit_u64(number)
        } else {
            self.0.visit_str(value)
        }
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        self.0.visit_bool(value)
    }

    containers!();
}

/// Where a float is wanted: numbers, strings holding a number.
struct Float<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Float<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass!(
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_bool(bool)
    );

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        match value.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => self.0.visit_f64(number),
            _ => self.0.visit_str(value),
        }
    }

    containers!();
}

/// Where text is wanted: strings, and numbers and booleans written as JSON writes them.
struct Text<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Text<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass!(
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        // serde_json writes the shortest text that reads back as the same number.
        let text = serde_json::Number::from_f64(value)
            .map_or_else(|| value.to_string(), |n| n.to_string());
        self.0.visit_string(text)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        self.0.visit_str(if value { "true" } else { "false" })
    }

    containers!();
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::decode_json;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Run {
        #[serde(default)]
        run_number: Option<i32>,
        #[serde(default)]
        start_time: Option<i64>,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        ratio: Option<f64>,
        #[serde(default)]
        done: Option<bool>,
        #[serde(default)]
        stages: Option<Vec<Stage>>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Stage {
        #[serde(default)]
        index: Option<i32>,
    }

    fn run(json: &str) -> Result<Run, String> {
        decode_json::<Run>(json.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn integers_drift_into_strings_and_whole_floats() {
        let decoded = run(
            r#"{"run_number": "7", "start_time": 1677919688000.0, "stages": [{"index": " 3 "}]}"#,
        )
        .unwrap();
        assert_eq!(decoded.run_number, Some(7));
        assert_eq!(decoded.start_time, Some(1_677_919_688_000));
        assert_eq!(decoded.stages, Some(vec![Stage { index: Some(3) }]));
    }

    #[test]
    fn strings_and_floats_take_numbers() {
        let decoded = run(r#"{"name": 123, "ratio": "1.5"}"#).unwrap();
        assert_eq!(decoded.name.as_deref(), Some("123"));
        assert_eq!(decoded.ratio, Some(1.5));
        let decoded = run(r#"{"name": 1.25, "ratio": 2}"#).unwrap();
        assert_eq!(decoded.name.as_deref(), Some("1.25"));
        assert_eq!(decoded.ratio, Some(2.0));
    }

    #[test]
    fn what_could_be_wrong_is_refused() {
        for (json, field) in [
            (r#"{"run_number": 7.5}"#, "7.5"),
            (r#"{"run_number": "7.5"}"#, "7.5"),
            (r#"{"run_number": "seven"}"#, "seven"),
            (r#"{"run_number": 3000000000}"#, "3000000000"),
            (r#"{"done": "false"}"#, "false"),
            (r#"{"done": 0}"#, "0"),
            (r#"{"name": {"a": 1}}"#, "map"),
            (r#"{"stages": [[1]]}"#, "sequence"),
            (r#"[]"#, "sequence"),
        ] {
            let error = run(json).expect_err(json);
            assert!(error.contains(field), "{json}: {error}");
        }
    }

    #[test]
    fn plain_json_decodes_as_before() {
        let json = r#"{"run_number": 7, "name": "x", "done": true, "ratio": 0.5, "stages": [], "extra": [1, {"a": null}]}"#;
        let decoded = run(json).unwrap();
        assert_eq!(decoded.run_number, Some(7));
        assert_eq!(decoded.done, Some(true));
        assert_eq!(decoded.stages, Some(vec![]));
        assert_eq!(
            decode_json::<serde_json::Value>(json.as_bytes()).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        assert!(decode_json::<Run>(b"{} x").is_err(), "trailing characters");
        assert_eq!(run(r#"{"run_number": null}"#).unwrap().run_number, None);
    }
}
