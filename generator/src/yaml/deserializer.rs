//! The serde deserializer over a [`Tree`](super::Tree)'s nodes: it gives up (and the loader
//! reads the file the thorough way) on anything it cannot read exactly as serde_yaml would.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::scalars::*;
use super::{Entry, GiveUp, Kind, Node};

/// A deserializer of one node.
pub(super) struct Deserializer<'n, 'a> {
    pub(super) node: &'n Node<'a>,
}

impl<'n, 'a> Deserializer<'n, 'a> {
    /// The node itself, or the node an alias names.
    fn target(&self) -> &'n Node<'a> {
        match &self.node.kind {
            Kind::Alias(target) => target,
            _ => self.node,
        }
    }

    /// The text of a plain scalar.
    fn plain(&self) -> Option<&'n str> {
        match &self.target().kind {
            Kind::Scalar(value, true) => Some(value),
            _ => None,
        }
    }
}

macro_rules! via {
    ($($method:ident => $target:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            self.$target(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Deserializer<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        let node = self.target();
        match &node.kind {
            Kind::Scalar(v, true) => {
                if v.is_empty() || parse_null(v) {
                    return visitor.visit_unit();
                }
                if let Some(b) = parse_bool(v) {
                    return visitor.visit_bool(b);
                }
                if let Some(u) = parse_unsigned(v, u64::from_str_radix) {
                    return visitor.visit_u64(u);
                }
                if let Some(i) = parse_negative(v, i64::from_str_radix) {
                    return visitor.visit_i64(i);
                }
                // serde_yaml tries 128-bit integers next: too rare to mirror.
                if parse_unsigned(v, u128::from_str_radix).is_some()
                    || parse_negative(v, i128::from_str_radix).is_some()
                {
                    return Err(GiveUp);
                }
                if !digits_but_not_number(v)
                    && let Some(f) = parse_f64(v)
                {
                    return visitor.visit_f64(f);
                }
                visitor.visit_str(v)
            }
            Kind::Scalar(v, false) => visitor.visit_str(v),
            Kind::Sequence(items) => visitor.visit_seq(Seq {
                items: items.iter(),
            }),
            Kind::Mapping(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
            Kind::Alias(_) => Err(GiveUp),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.plain().and_then(parse_bool) {
            Some(b) => visitor.visit_bool(b),
            None => Err(GiveUp),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.plain().and_then(parse_signed) {
            Some(i) => visitor.visit_i64(i),
            None => Err(GiveUp),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self
            .plain()
            .and_then(|v| parse_unsigned(v, u64::from_str_radix))
        {
            Some(u) => visitor.visit_u64(u),
            None => Err(GiveUp),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.plain().and_then(parse_f64) {
            Some(f) => visitor.visit_f64(f),
            None => Err(GiveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match &self.target().kind {
            Kind::Scalar(v, _) => visitor.visit_str(v),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.plain() {
            Some(v) if v.is_empty() || parse_null(v) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.plain() {
            Some(v) if v.is_empty() || parse_null(v) => visitor.visit_unit(),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match &self.target().kind {
            Kind::Sequence(items) => visitor.visit_seq(Seq {
                items: items.iter(),
            }),
            Kind::Scalar(v, true) if v.is_empty() => visitor.visit_seq(Seq { items: [].iter() }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match &self.target().kind {
            Kind::Mapping(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
            Kind::Scalar(v, true) if v.is_empty() => visitor.visit_map(Map {
                entries: [].iter(),
                value: None,
            }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        match &self.target().kind {
            Kind::Scalar(v, _) => visitor.visit_enum(v.as_ref().into_deserializer()),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    /// Only unknown keys are ignored: the thorough path reports them.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    via! {
        deserialize_i8 => deserialize_i64,
        deserialize_i16 => deserialize_i64,
        deserialize_i32 => deserialize_i64,
        deserialize_u8 => deserialize_u64,
        deserialize_u16 => deserialize_u64,
        deserialize_u32 => deserialize_u64,
        deserialize_f32 => deserialize_f64,
        deserialize_char => deserialize_str,
        deserialize_string => deserialize_str,
    }
}

struct Seq<'n, 'a> {
    items: std::slice::Iter<'n, Node<'a>>,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        match self.items.next() {
            Some(node) => seed.deserialize(Deserializer { node }).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'n, 'a> {
    entries: std::slice::Iter<'n, Entry<'a>>,
    value: Option<&'n Node<'a>>,
}

impl<'de> de::MapAccess<'de> for Map<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(&entry.value);
        // Keys are plain or quoted scalars; a key node is made to deserialize like one.
        let key = Node {
            position: entry.key_position,
            kind: Kind::Scalar(Cow::Borrowed(entry.key.as_ref()), entry.plain_key),
        };
        seed.deserialize(Deserializer { node: &key }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        let node = self.value.take().ok_or(GiveUp)?;
        seed.deserialize(Deserializer { node })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
