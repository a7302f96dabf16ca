//! The generated crate's non-Rust files, from askama templates: `Cargo.toml` and `README.md`.

use askama::Template;

use super::{File, header};
use crate::ir::{Api, Package};

#[derive(Template)]
#[template(path = "Cargo.toml.jinja", escape = "none")]
struct CargoToml<'a> {
    header: String,
    package: &'a Package,
}

/// One row of the README's service table.
struct ServiceRow {
    module: String,
    client: String,
    title: String,
    operations: String,
}

#[derive(Template)]
#[template(path = "README.md.jinja", escape = "none")]
struct Readme<'a> {
    header: String,
    package: &'a Package,
    services: Vec<ServiceRow>,
    example: String,
}

/// `Cargo.toml`.
pub fn cargo_toml(api: &Api) -> Result<File, String> {
    let page = CargoToml {
        header: header("#", &api.package.source),
        package: &api.package,
    };
    render("Cargo.toml", &page)
}

/// `README.md`; `example` is the usage example of the crate's docs.
pub fn readme(api: &Api, example: &str) -> Result<File, String> {
    let services = api
        .services
        .iter()
        .map(|s| ServiceRow {
            module: s.module.clone(),
            client: s.client.clone(),
            title: s.title.clone(),
            operations: s
                .operations
                .iter()
                .map(|op| {
                    let deprecated = if op.deprecated.is_some() {
                        " (deprecated)"
                    } else {
                        ""
                    };
                    format!("`{}`{deprecated}", op.method)
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let page = Readme {
        header: header_html(&api.package.source),
        package: &api.package,
        services,
        example: example.to_owned(),
    };
    render("README.md", &page)
}

fn header_html(source: &str) -> String {
    let text = header("", source);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    format!("<!-- {} -->", lines.join(" "))
}

fn render(path: &str, page: &impl Template) -> Result<File, String> {
    let contents = page
        .render()
        .map_err(|e| format!("generator bug: rendering {path}: {e}"))?;
    Ok(File {
        path: path.to_owned(),
        contents,
        formatted: true,
    })
}
