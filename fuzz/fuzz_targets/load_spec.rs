//! Arbitrary bytes as a spec file: bytes that start with `package:` are package.yaml beside a
//! valid service file, any others a service file beside a valid package.yaml (so the test
//! corpus, `generator/tests/corpus/service`, seeds it as it is). Load and check must return the
//! API or located problems, and never panic.
#![no_main]

use codegen::SourceFile;
use libfuzzer_sys::fuzz_target;

const PACKAGE: &str = include_str!("../../generator/tests/corpus/package.yaml");
const SERVICE: &str = include_str!("../../generator/tests/corpus/valid.yaml");

fuzz_target!(|data: &[u8]| {
    let (path, other_path, other) = if data.starts_with(b"package:") {
        ("spec/package.yaml", "spec/demo.yaml", SERVICE)
    } else {
        ("spec/demo.yaml", "spec/package.yaml", PACKAGE)
    };
    let file = match codegen::load::decode(path, data.to_vec()) {
        Ok(file) => file,
        Err(problem) => {
            assert_eq!(problem.file, path);
            return;
        }
    };
    let files = [
        file,
        SourceFile {
            path: other_path.into(),
            text: other.into(),
        },
    ];
    if let Err(found) = codegen::check_spec(&files) {
        for d in &found.0 {
            assert!(d.position.line >= 1, "{d}");
            assert!(files.iter().any(|f| f.path == d.file), "{d}");
        }
        let _ = found.render(&files);
    }
});
