//! What the generator's test files share: the package file of a test spec, on the runtime
//! version this generator targets (so that a runtime release touches no test), and running
//! the whole pipeline on one service file.

#![allow(dead_code)] // Each test binary uses what it needs.

use codegen::{Diagnostics, Generated, SourceFile, generate};

/// A valid `package.yaml` for the crate `name`, on the runtime this generator targets.
pub fn package(name: &str) -> String {
    format!(
        "\
package:
  name: {name}
  version: 0.1.0
  description: A test crate.
  license: MIT
runtime:
  package: demo-runtime
  version: {}
  path: runtime
",
        codegen::RUNTIME_VERSION
    )
}

/// Generates the spec made of [`package`] and the service file `spec/<module>.yaml`.
pub fn generate_service(module: &str, service: &str) -> Result<Generated, Diagnostics> {
    generate(&[
        SourceFile {
            path: "spec/package.yaml".into(),
            text: package(&format!("{module}-client")),
        },
        SourceFile {
            path: format!("spec/{module}.yaml"),
            text: service.into(),
        },
    ])
}
