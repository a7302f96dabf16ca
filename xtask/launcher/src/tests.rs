use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::*;

/// A scratch checkout: a workspace manifest, a crate with two sources, a binary and its
/// dep-info naming those sources (one with a space in its name).
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = env::temp_dir().join(format!("xtask-launcher-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in [
            ("Cargo.toml", "[workspace]\n"),
            ("Cargo.lock", "version = 4\n"),
            ("gen/Cargo.toml", "[package]\n"),
            ("gen/src/lib.rs", "pub fn f() {}\n"),
            ("gen/src/two words.rs", "\n"),
            ("target/debug/xtask", "binary"),
            ("toolchain/bin/cargo", "cargo"),
        ] {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let scratch = Scratch { dir };
        fs::write(
            scratch.path("target/debug/xtask.d"),
            format!(
                "{}: {} {}\n",
                scratch.path("target/debug/xtask").display(),
                scratch.path("gen/src/lib.rs").display(),
                scratch
                    .path("gen/src/two words.rs")
                    .display()
                    .to_string()
                    .replace(' ', "\\ ")
            ),
        )
        .unwrap();
        scratch
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    fn stamp(&self, environment: u64) -> Stamp {
        Stamp::of(
            &self.dir,
            &self.path("target/debug/xtask"),
            Some(&self.path("toolchain/bin/cargo")),
            environment,
        )
        .unwrap()
    }

    /// The stamp as written and read back, fresh or not now.
    fn fresh(&self, stamp: &Stamp, environment: u64) -> Option<PathBuf> {
        Stamp::parse(&stamp.render().unwrap())
            .unwrap()
            .fresh(environment)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Sets a file's modification time a second later than it was, its content unchanged.
fn touch(path: &Path) {
    let file = fs::File::options().write(true).open(path).unwrap();
    let modified = file.metadata().unwrap().modified().unwrap();
    file.set_modified(modified + Duration::from_secs(1))
        .unwrap();
}

#[test]
fn the_stamp_watches_the_sources_their_manifests_the_lockfile_and_the_binary() {
    let scratch = Scratch::new("watch");
    let stamp = scratch.stamp(7);
    let watched: Vec<&Path> = stamp.files.iter().map(|(p, _)| p.as_path()).collect();
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "gen/Cargo.toml",
        "gen/src/lib.rs",
        "gen/src/two words.rs",
        "target/debug/xtask",
        "toolchain/bin/cargo",
        ".cargo/config.toml",
        "rust-toolchain.toml",
    ] {
        assert!(watched.contains(&scratch.path(file).as_path()), "{file}");
    }
    let absent = stamp
        .files
        .iter()
        .find(|(p, _)| *p == scratch.path(".cargo/config.toml"))
        .unwrap();
    assert_eq!(absent.1, Seen::Absent);
    // Written and read back, it is the same stamp, and fresh.
    assert_eq!(Stamp::parse(&stamp.render().unwrap()).unwrap(), stamp);
    assert_eq!(
        scratch.fresh(&stamp, 7),
        Some(scratch.path("target/debug/xtask"))
    );
}

#[test]
fn any_change_makes_the_stamp_stale() {
    let scratch = Scratch::new("stale");
    let stamp = scratch.stamp(7);
    // Another environment (flags, profile, toolchain).
    assert_eq!(scratch.fresh(&stamp, 8), None);

    // A source edited, even to the same length, or only touched.
    touch(&scratch.path("gen/src/two words.rs"));
    assert_eq!(scratch.fresh(&stamp, 7), None);
    let stamp = scratch.stamp(7);
    assert!(scratch.fresh(&stamp, 7).is_some());
    fs::write(scratch.path("gen/src/lib.rs"), "pub fn g() {}\n").unwrap();
    assert_eq!(scratch.fresh(&stamp, 7), None);

    // A manifest or the lockfile.
    let stamp = scratch.stamp(7);
    fs::write(scratch.path("gen/Cargo.toml"), "[package]\nname = \"g\"\n").unwrap();
    assert_eq!(scratch.fresh(&stamp, 7), None);
    let stamp = scratch.stamp(7);
    fs::write(scratch.path("Cargo.lock"), "version = 3\n").unwrap();
    assert_eq!(scratch.fresh(&stamp, 7), None);

    // A configuration file that was absent appears.
    let stamp = scratch.stamp(7);
    fs::create_dir_all(scratch.path(".cargo")).unwrap();
    fs::write(scratch.path(".cargo/config.toml"), "[build]\n").unwrap();
    assert_eq!(scratch.fresh(&stamp, 7), None);

    // The toolchain updated in place.
    let stamp = scratch.stamp(7);
    touch(&scratch.path("toolchain/bin/cargo"));
    assert_eq!(scratch.fresh(&stamp, 7), None);

    // The binary rebuilt by someone else (other flags), or removed.
    let stamp = scratch.stamp(7);
    fs::write(scratch.path("target/debug/xtask"), "another binary").unwrap();
    assert_eq!(scratch.fresh(&stamp, 7), None);
    let stamp = scratch.stamp(7);
    fs::remove_file(scratch.path("target/debug/xtask")).unwrap();
    assert_eq!(scratch.fresh(&stamp, 7), None);
}

#[test]
fn a_source_changed_during_the_build_leaves_no_stamp() {
    let scratch = Scratch::new("during");
    let set_modified = |file: &str, time: SystemTime| {
        let file = fs::File::options()
            .write(true)
            .open(scratch.path(file))
            .unwrap();
        file.set_modified(time).unwrap();
    };
    // A build that started after every file was written.
    let started = SystemTime::now() + Duration::from_secs(10);
    assert!(scratch.stamp(7).unchanged_since(started));
    // A source edited after the build started: the binary may hold its older content.
    set_modified("gen/src/lib.rs", started + Duration::from_secs(1));
    assert!(!scratch.stamp(7).unchanged_since(started));
    // The binary itself is newer than the build's start whenever cargo rebuilt it.
    set_modified("gen/src/lib.rs", started - Duration::from_secs(1));
    set_modified("target/debug/xtask", started + Duration::from_secs(30));
    assert!(scratch.stamp(7).unchanged_since(started));
}

#[test]
fn a_damaged_or_foreign_stamp_is_stale_not_an_error() {
    for text in [
        "",
        "xtask-launcher stamp 0\nenvironment 7\nexecutable /x\n",
        "xtask-launcher stamp 1\nenvironment zz\nexecutable /x\n",
        "xtask-launcher stamp 1\nenvironment 7\n",
        "xtask-launcher stamp 1\nenvironment 7\nexecutable /x\nfile 12 /no-length\n",
        "xtask-launcher stamp 1\nenvironment 7\nexecutable /x\nsomething else\n",
    ] {
        assert_eq!(Stamp::parse(text), None, "{text:?}");
    }
}

#[test]
fn no_stamp_when_the_dep_info_is_missing_or_names_a_missing_file() {
    let scratch = Scratch::new("dep-info");
    let binary = scratch.path("target/debug/xtask");
    fs::write(
        scratch.path("target/debug/xtask.d"),
        format!(
            "{}: {}\n",
            binary.display(),
            scratch.path("gen/src/gone.rs").display()
        ),
    )
    .unwrap();
    assert_eq!(Stamp::of(&scratch.dir, &binary, None, 7), None);
    fs::remove_file(scratch.path("target/debug/xtask.d")).unwrap();
    assert_eq!(Stamp::of(&scratch.dir, &binary, None, 7), None);
}

#[test]
fn dep_info_lists_the_files_of_the_first_rule() {
    let text = "/t/debug/xtask: /a/src/lib.rs /a/my\\ dir/x.rs \\\n /b/t.jinja\n\n/a/src/lib.rs:\n";
    assert_eq!(
        dep_info_files(text),
        [
            PathBuf::from("/a/src/lib.rs"),
            PathBuf::from("/a/my dir/x.rs"),
            PathBuf::from("/b/t.jinja"),
        ]
    );
}

#[test]
fn the_executable_is_read_from_cargo_messages() {
    let messages = concat!(
        r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"crate_types":["lib"],"name":"codegen"},"executable":null}"#,
        "\n",
        r#"{"reason":"compiler-artifact","target":{"kind":["custom-build"],"crate_types":["bin"],"name":"build-script-build"},"executable":null}"#,
        "\n",
        r#"{"reason":"compiler-artifact","package_id":"path+file:///w#xtask@0.1.0","manifest_path":"/w/xtask/Cargo.toml","target":{"kind":["bin"],"crate_types":["bin"],"name":"xtask","src_path":"/w/xtask/src/main.rs"},"profile":{},"features":[],"filenames":["/w/t/debug/xtask"],"executable":"/w/a \"q\" \\ \u00e9/debug/xtask","fresh":true}"#,
        "\n",
        r#"{"reason":"build-finished","success":true}"#,
    );
    assert_eq!(
        executable_of(messages, "xtask").as_deref(),
        Some("/w/a \"q\" \\ é/debug/xtask")
    );
    assert_eq!(executable_of(messages, "other"), None);
    assert_eq!(json_string(r#""\ud83d\ude00""#).as_deref(), Some("😀"));
    assert_eq!(json_string(r#""unterminated"#), None);
}

#[test]
fn the_environment_hash_covers_cargo_and_rust_variables_only() {
    let vars = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(n, v)| (OsString::from(n), OsString::from(v)))
            .collect::<Vec<_>>()
            .into_iter()
    };
    let base = environment_hash(vars(&[("RUSTFLAGS", "-Cx"), ("HOME", "/a")]));
    assert_eq!(
        base,
        environment_hash(vars(&[("HOME", "/b"), ("RUSTFLAGS", "-Cx")]))
    );
    assert_ne!(
        base,
        environment_hash(vars(&[("RUSTFLAGS", "-Cy"), ("HOME", "/a")]))
    );
    assert_ne!(
        base,
        environment_hash(vars(&[
            ("RUSTFLAGS", "-Cx"),
            ("CARGO_PROFILE_DEV_OPT_LEVEL", "1")
        ]))
    );
}
