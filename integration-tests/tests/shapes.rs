//! The spec's shapes as a user of a generated crate meets them, by hand: the fixture crate
//! (`generator/tests/fixture`) has one of each. Its generated conformance tests check the wire;
//! these check the Rust side: constructors, setters, validation and decoding.

use std::collections::BTreeMap;

use garden_client::Error;
use garden_client::garden::{
    Census, CensusRequired, Family, Health, Species, Tree, TreePatch, UpdateTreeRequest,
};

#[test]
fn a_nullable_field_sends_null_only_when_asked() {
    let cleared = TreePatch::default().with_parent_id(None);
    assert_eq!(
        serde_json::to_string(&cleared).unwrap(),
        r#"{"parent_id":null}"#
    );
    let untouched = TreePatch::default().with_note("moved");
    assert_eq!(
        serde_json::to_string(&untouched).unwrap(),
        r#"{"note":"moved"}"#,
        "a field with a default is not sent unless set"
    );
}

#[test]
fn many_required_fields_are_given_as_a_struct_and_validated() {
    let census = Census::new(CensusRequired {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
        e: 5,
        f: 6,
        g: 7,
        h: -1,
    });
    let request = UpdateTreeRequest::new(
        "t-1",
        Health::Poor,
        TreePatch::default().with_census(census),
    );
    let Err(Error::InvalidRequest { violations, .. }) = request.validate() else {
        panic!("h breaks its minimum");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["body.census.h"]);
}

#[test]
fn decoding_fills_defaults_keeps_null_apart_and_nests_recursive_types() {
    let family: Family = garden_client::runtime::decode_json(
        br#"{"name":"t-1","note":null,"parent":{"name":"t-0","generation":0,
             "lineage":{"family":{"name":"t-x"}}}}"#,
    )
    .unwrap();
    assert_eq!(family.generation, 1, "absent: the default");
    assert_eq!(family.note, Some(None), "null is not absence");
    let parent = family.parent.as_deref().expect("a parent");
    assert_eq!(parent.generation, 0);
    let ancestor = parent.lineage.as_deref().and_then(|l| l.family.as_deref());
    assert_eq!(ancestor.map(|f| f.name.as_str()), Some("t-x"));
    assert_eq!(ancestor.map(|f| f.note.clone()), Some(None), "absent");
}

#[test]
fn integer_enums_and_maps_keep_unknown_values_and_check_each_value() {
    assert_eq!(serde_json::to_string(&Health::Good).unwrap(), "2");
    let health: Health = serde_json::from_str("3").unwrap();
    assert_eq!(health, Health::Good, "an alias");
    let health: Health = serde_json::from_str("9").unwrap();
    assert_eq!((health, health.value()), (Health::Unknown(9), 9));

    let tree = Tree::new(Species::Oak).with_labels([("env", "park"), ("zone", "North")]);
    let labels: &BTreeMap<String, String> = tree.labels.as_ref().unwrap();
    assert_eq!(labels.len(), 2);
    let request = garden_client::garden::PlantTreeRequest::new(7, tree);
    let Err(Error::InvalidRequest { violations, .. }) = request.validate() else {
        panic!("a label breaks the pattern");
    };
    assert_eq!(violations[0].field, r#"body.labels["zone"]"#);
}
