//! The JSON conversions of every generated struct, written once: a model declares a plain
//! struct and calls [`json_object!`] with its fields' names, which implements `Serialize` and
//! `Deserialize` in a fraction of the code `#[derive]` would write (a struct is read from a
//! JSON object only, never from an array), so a crate of hundreds of models builds in a
//! fraction of the time.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct};

/// Implements `Serialize` and `Deserialize` for a struct whose fields are listed, in order.
///
/// Each field is written `name`, `name = "wireName"` when its JSON name is not its Rust name,
/// and takes one of four modes:
/// - none: an `Option` left out of the JSON when `None`;
/// - `: nullable`: an `Option<Option<T>>` left out when `None`; `Some(None)` is `null`;
/// - `: required`: always written; reading it fails when it is absent, unless it is an `Option`
///   (absent is then `None`, as with `#[derive]`);
/// - `: default(path)`: always written; `path()` gives its value when it is absent.
///
/// Unknown fields are skipped when reading, and a field given twice is an error.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub struct Run {
///     pub id: String,
///     pub status: Option<String>,
///     pub parent: Option<Option<String>>,
///     pub retries: i32,
///     pub started_at: Option<i64>,
/// }
///
/// fn three() -> i32 {
///     3
/// }
///
/// huaweicloud_devops_runtime::json_object! {
///     Run { id: required, status, parent: nullable, retries: default(three), started_at = "startedAt" }
/// }
///
/// let run: Run = serde_json::from_str(r#"{"id":"r1","parent":null,"startedAt":7,"x":[]}"#)?;
/// assert_eq!(
///     run,
///     Run {
///         id: "r1".into(),
///         status: None,
///         parent: Some(None),
///         retries: 3,
///         started_at: Some(7),
///     }
/// );
/// assert_eq!(
///     serde_json::to_string(&run)?,
///     r#"{"id":"r1","parent":null,"retries":3,"startedAt":7}"#
/// );
/// assert!(serde_json::from_str::<Run>("{}").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! json_object {
    ($name:ident {
        $($field:ident $(= $wire:literal)? $(: $mode:ident $(($default:path))?)?),* $(,)?
    }) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: $crate::__private::serde::Serializer,
            {
                let len = 0 $(+ $crate::__json_field!(present self.$field $(, $mode)?))*;
                #[allow(unused_mut)] // a struct without fields
                let mut writer =
                    $crate::__private::Writer::new(serializer.serialize_struct(stringify!($name), len));
                $($crate::__json_field!(
                    write writer, self.$field, $crate::__json_field!(wire $field $(= $wire)?)
                    $(, $mode)?
                );)*
                writer.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::__private::serde::Deserializer<'de>,
            {
                struct __JsonObjectVisitor;

                impl<'de> $crate::__private::serde::de::Visitor<'de> for __JsonObjectVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<__A>(self, mut map: __A) -> ::core::result::Result<$name, __A::Error>
                    where
                        __A: $crate::__private::serde::de::MapAccess<'de>,
                    {
                        $(let mut $field = ::core::option::Option::None;)*
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<$crate::__private::Key<'de>>()?
                        {
                            #[allow(unused_variables)] // a struct without fields
                            let key = key.as_str();
                            // One `?` for the whole chain: less code per field.
                            let read = $(if key == $crate::__json_field!(wire $field $(= $wire)?) {
                                $crate::__json_field!(
                                    put $field, map, $crate::__json_field!(wire $field $(= $wire)?)
                                    $(, $mode)?
                                )
                            } else)* {
                                $crate::__private::skip(&mut map)
                            };
                            read?;
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__json_field!(
                                take $field, map, $crate::__json_field!(wire $field $(= $wire)?)
                                $(, $mode $(($default))?)?
                            ),)*
                        })
                    }
                }

                deserializer.deserialize_struct(
                    stringify!($name),
                    &[$($crate::__json_field!(wire $field $(= $wire)?)),*],
                    __JsonObjectVisitor,
                )
            }
        }
    };
}

/// The per-field pieces of [`json_object!`]; not part of the public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __json_field {
    (wire $field:ident) => {
        stringify!($field)
    };
    (wire $field:ident = $wire:literal) => {
        $wire
    };
    (present $value:expr $(, nullable)?) => {
        usize::from($value.is_some())
    };
    (present $value:expr, $mode:ident) => {
        1
    };
    (write $state:ident, $value:expr, $wire:expr $(, nullable)?) => {
        $state.optional($wire, &$value)
    };
    (write $state:ident, $value:expr, $wire:expr, $mode:ident) => {
        $state.field($wire, &$value)
    };
    (put $slot:ident, $map:ident, $wire:expr, nullable) => {
        $crate::__private::put_nullable(&mut $slot, &mut $map, $wire)
    };
    (put $slot:ident, $map:ident, $wire:expr $(, $mode:ident)?) => {
        $crate::__private::put(&mut $slot, &mut $map, $wire)
    };
    (take $slot:ident, $map:ident, $wire:expr, default($default:path)) => {
        match $slot {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => $default(),
        }
    };
    (take $slot:ident, $map:ident, $wire:expr $(, $mode:ident)?) => {
        $crate::__private::take($slot, &$map, $wire)?
    };
}

/// A key of a JSON object, lent by the input when it can be.
#[derive(Debug)]
pub enum Key<'de> {
    /// Lent by the input.
    Borrowed(&'de str),
    /// Copied, when the input cannot lend it (escapes, readers).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(text) => text,
            Key::Owned(text) => text,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(value))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of field `name` into `slot`.
///
/// # Errors
///
/// When the field was already read, or its value is not a `T`.
pub fn put<'de, T, A>(slot: &mut Option<T>, map: &mut A, name: &'static str) -> Result<(), A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    vacant(slot, name)?;
    *slot = Some(map.next_value()?);
    Ok(())
}

/// `Ok` when field `name` was not read yet.
fn vacant<T, E: de::Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(name)),
        None => Ok(()),
    }
}

/// Skips the value of a field the struct does not have.
///
/// # Errors
///
/// When the value is not well-formed.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Writes the fields of a struct one call each, keeping the first error: less code per field
/// than a `?` after each.
pub struct Writer<S: SerializeStruct>(Result<S, S::Error>);

impl<S: SerializeStruct> Writer<S> {
    /// A writer of the struct `state` begins (or the error that kept it from beginning).
    pub fn new(state: Result<S, S::Error>) -> Self {
        Writer(state)
    }

    /// Writes field `name`.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(state) = &mut self.0
            && let Err(error) = state.serialize_field(name, value)
        {
            self.0 = Err(error);
        }
    }

    /// Writes field `name` when it is `Some`, and leaves it out when it is `None`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        match value {
            Some(value) => self.field(name, value),
            None => {
                if let Ok(state) = &mut self.0
                    && let Err(error) = state.skip_field(name)
                {
                    self.0 = Err(error);
                }
            }
        }
    }

    /// Ends the struct.
    ///
    /// # Errors
    ///
    /// The first error met.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0?.end()
    }
}

/// Reads the value of the nullable field `name` into `slot`: `null` is `Some(None)`.
///
/// # Errors
///
/// When the field was already read, or its value is neither `null` nor a `T`.
pub fn put_nullable<'de, T, A>(
    slot: &mut Option<Option<Option<T>>>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    vacant(slot, name)?;
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// The value read for field `name`, or the value of an absent field: `None` for an `Option`,
/// otherwise a "missing field" error (as `#[derive(Deserialize)]` does).
///
/// # Errors
///
/// When the field is absent and not an `Option`.
pub fn take<'de, T, A>(slot: Option<T>, _map: &A, name: &'static str) -> Result<T, A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

/// The value of an absent field: `None` to an `Option`, an error to anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Patch {
        name: Option<String>,
        parent: Option<Option<String>>,
        r#type: Option<String>,
        count: Option<i64>,
    }

    crate::json_object! {
        Patch { name, parent: nullable, r#type = "type", count = "itemCount" }
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Strict {
        id: String,
        note: Option<String>,
        limit: i32,
        inner: Option<Box<Strict>>,
    }

    fn ten() -> i32 {
        10
    }

    crate::json_object! {
        Strict { id: required, note: required, limit: default(ten), inner }
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Empty {}

    /// Named like the generic parameters a macro would use.
    #[derive(Debug, Clone, PartialEq, Default)]
    struct A {
        d: Option<i32>,
    }

    crate::json_object! { A { d } }

    crate::json_object! { Empty {} }

    #[test]
    fn absent_null_and_a_value_stay_apart_both_ways() {
        for (json, parent) in [
            ("{}", None),
            (r#"{"parent":null}"#, Some(None)),
            (r#"{"parent":"p"}"#, Some(Some("p".to_owned()))),
        ] {
            let decoded: Patch = serde_json::from_str(json).expect(json);
            assert_eq!(
                decoded,
                Patch {
                    parent: parent.clone(),
                    ..Patch::default()
                },
                "{json}"
            );
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        }
    }

    #[test]
    fn wire_names_order_and_unknown_fields() {
        let patch = Patch {
            name: Some("n".into()),
            parent: None,
            r#type: Some("t".into()),
            count: Some(2),
        };
        let text = serde_json::to_string(&patch).unwrap();
        assert_eq!(text, r#"{"name":"n","type":"t","itemCount":2}"#);
        let back: Patch =
            serde_json::from_str(r#"{"other":{"a":[1,2]},"type":"t","name":"n","itemCount":2}"#)
                .unwrap();
        assert_eq!(back, patch);
        // A key with an escape cannot be lent by the input.
        let escaped: Patch = serde_json::from_str(r#"{"n\u0061me":"x"}"#).unwrap();
        assert_eq!(escaped.name.as_deref(), Some("x"));
        // From a reader, no key is lent.
        let read: Patch = serde_json::from_reader(&br#"{"type":"r"}"#[..]).unwrap();
        assert_eq!(read.r#type.as_deref(), Some("r"));
    }

    #[test]
    fn required_default_and_boxed_fields() {
        let strict: Strict =
            serde_json::from_value(json!({"id": "a", "inner": {"id": "b"}})).unwrap();
        assert_eq!(strict.limit, 10);
        assert_eq!(strict.note, None);
        assert_eq!(strict.inner.as_ref().unwrap().id, "b");
        // Required and defaulted fields are always written, `None` as `null`.
        assert_eq!(
            serde_json::to_value(&strict).unwrap(),
            json!({"id": "a", "note": null, "limit": 10,
                   "inner": {"id": "b", "note": null, "limit": 10}})
        );
        let missing = serde_json::from_str::<Strict>("{}")
            .unwrap_err()
            .to_string();
        assert!(missing.contains("missing field `id`"), "{missing}");
        let twice = serde_json::from_str::<Strict>(r#"{"id":"a","id":"b"}"#).unwrap_err();
        assert!(
            twice.to_string().contains("duplicate field `id`"),
            "{twice}"
        );
        let wrong = serde_json::from_str::<Strict>(r#"{"id":1}"#)
            .unwrap_err()
            .to_string();
        assert!(
            wrong.contains("invalid type: integer `1`, expected a string"),
            "{wrong}"
        );
        let array = serde_json::from_str::<Strict>(r#"["a"]"#)
            .unwrap_err()
            .to_string();
        assert!(array.contains("expected struct Strict"), "{array}");
    }

    #[test]
    fn an_empty_struct_is_an_empty_object() {
        assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
        assert_eq!(
            serde_json::from_str::<A>(r#"{"d":1}"#).unwrap(),
            A { d: Some(1) }
        );
        assert_eq!(
            serde_json::from_str::<Empty>(r#"{"a":1}"#).unwrap(),
            Empty {}
        );
    }
}
