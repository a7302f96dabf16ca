//! The impls every enum of a spec needs, written once: generated models declare an enum with
//! its documented variants and an `Unknown` catch-all, then call [`string_enum!`] or
//! [`int_enum!`] with the wire value (and the other accepted spellings) of each variant.

/// Implements the wire conversions of a string enum declared with an `Unknown(String)`
/// variant: `as_str`, `From<&str>` (unknown values are kept, never rejected), `Display`,
/// `Serialize` and `Deserialize`; with `request` first, also what a request value needs
/// (`Validate`, `ToParam`).
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// pub enum Status {
///     Active,
///     Error,
///     Unknown(String),
/// }
///
/// huaweicloud_devops_runtime::string_enum! {
///     Status {
///         Active = "ACTIVE",
///         Error = "ERROR" | "FAILED",
///     }
/// }
///
/// assert_eq!(Status::from("FAILED"), Status::Error);
/// assert_eq!(Status::from("NEW").as_str(), "NEW");
/// assert_eq!(Status::Active.to_string(), "ACTIVE");
/// ```
#[macro_export]
macro_rules! string_enum {
    (request $name:ident { $($variant:ident = $wire:literal $(| $alias:literal)*),* $(,)? }) => {
        $crate::string_enum! { $name { $($variant = $wire $(| $alias)*),* } }

        impl $crate::Validate for $name {}

        impl $crate::ToParam for $name {
            fn to_param(&self) -> $crate::ParamValue<'_> {
                $crate::ParamValue::Text(self.as_str())
            }
        }
    };
    ($name:ident { $($variant:ident = $wire:literal $(| $alias:literal)*),* $(,)? }) => {
        impl $name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire $(| $alias)* => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_str(deserializer, |value| Self::from(value))
            }
        }
    };
}

/// Implements the wire conversions of an integer enum declared with an `Unknown(i32)` (or
/// `i64`) variant: `value`, `From<i32>`, `Display`, `Serialize` and `Deserialize`; with
/// `request` first, also `Validate` and `ToParam`.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// pub enum Level {
///     Low,
///     High,
///     Unknown(i32),
/// }
///
/// huaweicloud_devops_runtime::int_enum! {
///     i32 Level {
///         Low = 1,
///         High = 2 | 3,
///     }
/// }
///
/// assert_eq!(Level::from(3), Level::High);
/// assert_eq!(Level::from(7).value(), 7);
/// ```
#[macro_export]
macro_rules! int_enum {
    (request $int:ident $name:ident { $($variant:ident = $wire:literal $(| $alias:literal)*),* $(,)? }) => {
        $crate::int_enum! { $int $name { $($variant = $wire $(| $alias)*),* } }

        impl $crate::Validate for $name {}

        impl $crate::ToParam for $name {
            fn to_param(&self) -> $crate::ParamValue<'_> {
                $crate::ParamValue::Integer(::core::convert::From::from(self.value()))
            }
        }
    };
    ($int:ident $name:ident { $($variant:ident = $wire:literal $(| $alias:literal)*),* $(,)? }) => {
        impl $name {
            /// The value as it is written on the wire.
            pub fn value(&self) -> $int {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl ::core::convert::From<$int> for $name {
            fn from(value: $int) -> Self {
                match value {
                    $($wire $(| $alias)* => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                $crate::__private::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                <$int as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from)
            }
        }
    };
}
