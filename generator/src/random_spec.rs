//! Random valid specs across every shape the spec format has, for property tests and for
//! compiling many generated crates (`cargo xtask random-crates`, run by CI).
//!
//! A spec is built from a sequence of choices (bytes): property testing generates and shrinks
//! them (a shrunk failure is a simpler spec), and a seeded sequence makes the same spec every
//! time. The shapes a spec can use are listed once, in the private enum `Ty`: a new shape is
//! a new variant there, with its type expression, constraints and a sample value. Every spec
//! made here must be accepted by the checker and generate a crate that builds, lints clean
//! and passes its tests.

use crate::SourceFile;

/// Every random spec's package file says this.
pub const MARKER: &str = "A random spec written by hwc-codegen's random_spec.";

/// Choices that drive the building of a spec; when they run out every choice is the first
/// (the simplest) one.
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let byte = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 { 0 } else { usize::from(byte) % n }
    }

    fn flip(&mut self) -> bool {
        self.below(2) == 1
    }
}

/// A string constraint: the sample value is built to satisfy it.
#[derive(Debug, Clone, Copy)]
struct Text {
    min: u64,
    max: Option<u64>,
    lower_case: bool,
}

/// The shapes a spec can give a value: one place to add a new one (its type expression in
/// [`Ty::expr`], its constraint keys in [`Ty::constraints`], a valid value in
/// [`Ty::sample`], and how often it is picked in [`Ty::pick`]).
#[derive(Debug, Clone)]
enum Ty {
    Str(Text),
    Bool,
    I32(Option<(i64, i64)>),
    I64(Option<(i64, i64)>),
    F64,
    Json,
    /// A free-form JSON object.
    Object,
    List(Box<Ty>, Option<u64>),
    /// `map<T>`.
    Map(Box<Ty>),
    /// The named struct `S<n>` (it may use structs with a lower number only; each may also
    /// hold itself through an optional `parent` field).
    Struct(usize),
    /// The named enum of strings `E<n>`.
    Enum(usize),
    /// The named enum of integers `I<n>`.
    IntEnum(usize),
    /// The constrained string alias `Code` (a string of 2 to 8 lower-case letters).
    Alias,
}

impl Ty {
    /// A shape for a parameter: a scalar or enum the runtime sends in a path, query or
    /// header; in the query (`list_ok`) also a list of those.
    fn param(c: &mut Choices<'_>, enums: usize, list_ok: bool) -> Ty {
        match c.below(9) {
            0 => Ty::Str(Text::pick(c)),
            1 => Ty::Bool,
            2 => Ty::I32(Self::range(c)),
            3 => Ty::I64(Self::range(c)),
            4 => Ty::F64,
            5 if enums > 0 => Ty::Enum(c.below(enums)),
            6 => Ty::IntEnum(0),
            7 if list_ok => Ty::List(Box::new(Ty::param(c, enums, false)), None),
            _ => Ty::Alias,
        }
    }

    /// Any shape for a field or body, using structs below `structs` and the enums.
    fn pick(c: &mut Choices<'_>, structs: usize, enums: usize, depth: usize) -> Ty {
        match c.below(14) {
            0 => Ty::Str(Text::pick(c)),
            1 => Ty::Bool,
            2 => Ty::I32(Self::range(c)),
            3 => Ty::I64(Self::range(c)),
            4 => Ty::F64,
            5 => Ty::Json,
            6 if depth < 3 => {
                let item = Ty::pick(c, structs, enums, depth + 1);
                let max = c.flip().then_some(3);
                Ty::List(Box::new(item), max)
            }
            7 if structs > 0 => Ty::Struct(c.below(structs)),
            8 if enums > 0 => Ty::Enum(c.below(enums)),
            9 => Ty::Alias,
            10 => Ty::Object,
            11 if depth < 3 => Ty::Map(Box::new(Ty::pick(c, structs, enums, depth + 1))),
            12 => Ty::IntEnum(0),
            _ => Ty::Str(Text::pick(c)),
        }
    }

    /// Whether a field of this shape can have a `default` (an unconstrained scalar or enum).
    fn default(&self) -> Option<&'static str> {
        match self {
            Ty::Bool => Some("true"),
            Ty::I32(None) | Ty::I64(None) => Some("3"),
            Ty::F64 => Some("2.5"),
            Ty::Enum(_) => Some("V1"),
            Ty::IntEnum(_) => Some("1"),
            _ => None,
        }
    }

    fn range(c: &mut Choices<'_>) -> Option<(i64, i64)> {
        c.flip().then(|| {
            let low = c.below(50) as i64 - 25;
            (low, low + c.below(100) as i64)
        })
    }

    /// The type expression.
    fn expr(&self) -> String {
        match self {
            Ty::Str(_) => "string".into(),
            Ty::Bool => "boolean".into(),
            Ty::I32(_) => "int32".into(),
            Ty::I64(_) => "int64".into(),
            Ty::F64 => "float64".into(),
            Ty::Json => "json".into(),
            Ty::Object => "object".into(),
            Ty::List(item, _) => format!("\"list<{}>\"", item.expr().trim_matches('"')),
            Ty::Map(item) => format!("\"map<{}>\"", item.expr().trim_matches('"')),
            Ty::Struct(n) => format!("S{n}"),
            Ty::Enum(n) => format!("E{n}"),
            Ty::IntEnum(n) => format!("I{n}"),
            Ty::Alias => "Code".into(),
        }
    }

    /// The constraint keys written beside the type (with their leading `, `).
    fn constraints(&self) -> String {
        match self {
            Ty::Str(t) => {
                let mut out = format!(", min_length: {}", t.min);
                if let Some(max) = t.max {
                    out.push_str(&format!(", max_length: {max}"));
                }
                if t.lower_case {
                    out.push_str(", pattern: \"^[a-z]*$\"");
                }
                out
            }
            Ty::I32(Some((low, high))) | Ty::I64(Some((low, high))) => {
                format!(", minimum: {low}, maximum: {high}")
            }
            Ty::List(_, Some(max)) => format!(", max_items: {max}"),
            _ => String::new(),
        }
    }

    /// A value of the shape that satisfies its constraints, as YAML flow text.
    fn sample(&self, structs: &[Vec<FieldDef>]) -> String {
        match self {
            Ty::Str(t) => format!(
                "\"{}\"",
                "a".repeat(t.min.max(1).min(t.max.unwrap_or(u64::MAX)) as usize)
            ),
            Ty::Bool => "true".into(),
            Ty::I32(range) | Ty::I64(range) => range.map_or(7, |(low, _)| low).to_string(),
            Ty::F64 => "1.5".into(),
            Ty::Json => "{ any: [1, two] }".into(),
            Ty::Object => "{ any: { thing: null } }".into(),
            Ty::List(item, _) => format!("[{}]", item.sample(structs)),
            Ty::Map(item) => format!("{{ some-key: {} }}", item.sample(structs)),
            Ty::IntEnum(_) => "1".into(),
            Ty::Struct(n) => {
                let fields: Vec<String> = structs[*n]
                    .iter()
                    .filter(|f| f.name != "parent")
                    .map(|f| format!("{}: {}", f.name, f.ty.sample(structs)))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }
            Ty::Enum(_) => "V0".into(),
            Ty::Alias => "abc".into(),
        }
    }
}

impl Text {
    fn pick(c: &mut Choices<'_>) -> Text {
        let min = c.below(3) as u64;
        Text {
            min,
            max: c.flip().then(|| min + c.below(5) as u64),
            lower_case: c.flip(),
        }
    }
}

#[derive(Debug, Clone)]
struct FieldDef {
    name: String,
    ty: Ty,
    required: bool,
    /// `, nullable: true` or `, default: ...`, or nothing.
    extra: String,
}

/// Request bodies that are not JSON: content type, type expression, an example value.
const OTHER_BODIES: &[(&str, &str, &str)] = &[
    ("text/plain", "string", "hello"),
    ("application/octet-stream", "bytes", "\"raw \\u0001\""),
    (
        "application/x-www-form-urlencoded",
        "FormBody",
        "{ title: a, count: 2, tags: [x, y], kind: 1 }",
    ),
    (
        "multipart/form-data",
        "UploadBody",
        "{ note: a, upload: { file_name: a.txt, content: hi } }",
    ),
];

/// Success bodies that are not JSON: content type, type expression, an example value.
const OTHER_RESPONSES: &[(&str, &str, &str)] = &[
    ("text/plain", "string", "fine"),
    ("application/octet-stream", "bytes", "\"some bytes\""),
];

/// The struct that form bodies use.
const BODY_TYPES: &str = "  FormBody:
    doc: Form fields.
    fields:
      title: { type: string, required: true, doc: Title. }
      count: { type: int32, doc: Count. }
      tags: { type: \"list<string>\", doc: Tags. }
      kind: { type: I0, doc: Kind. }
";

/// The struct of multipart bodies: only where one is used (`file` is allowed nowhere else).
const UPLOAD_TYPE: &str = "  UploadBody:
    doc: Multipart parts.
    fields:
      note: { type: string, doc: A note. }
      upload: { type: file, required: true, doc: The file. }
";

/// A valid service file (and its module name) built from `c`.
fn valid_service(c: &mut Choices<'_>, index: usize) -> String {
    let mut multipart = false;
    let enums = c.below(3);
    let mut structs: Vec<Vec<FieldDef>> = Vec::new();
    for n in 0..1 + c.below(4) {
        let mut fields: Vec<FieldDef> = (0..1 + c.below(4))
            .map(|j| {
                let ty = Ty::pick(c, n, enums, 0);
                let required = c.flip();
                let extra = match (required, c.below(3), ty.default()) {
                    (false, 1, _) => ", nullable: true".to_owned(),
                    (false, 2, Some(default)) => format!(", default: {default}"),
                    _ => String::new(),
                };
                FieldDef {
                    name: format!("f{j}"),
                    ty,
                    required,
                    extra,
                }
            })
            .collect();
        if c.flip() {
            // The struct holds itself (boxed by the generator).
            fields.push(FieldDef {
                name: "parent".into(),
                ty: Ty::Struct(n),
                required: false,
                extra: String::new(),
            });
        }
        structs.push(fields);
    }
    let mut out = format!(
        "service: Svc{index}\ntitle: Service {index}\ndoc: A generated service.\nsdk_name: SVC{index}\nauth:\n"
    );
    if c.flip() {
        out.push_str("  - { scheme: aksk, doc: Signing. }\n");
    } else {
        out.push_str("  - { scheme: token, header: X-Auth-Token, doc: A token. }\n");
    }
    out.push_str(&format!(
        "endpoints:\n  xx-test-1: [https://svc{index}.example.com]\noperations:\n"
    ));
    for op in 0..1 + c.below(4) {
        let method = ["GET", "POST", "PUT", "DELETE", "PATCH"][c.below(5)];
        let path_params = c.below(3);
        let mut path = format!("/v1/op{op}");
        for p in 0..path_params {
            path.push_str(&format!("/{{p{p}}}"));
        }
        out.push_str(&format!(
            "  Op{op}:\n    summary: Operation {op}.\n    http: {method} {path}\n"
        ));
        if c.flip() {
            out.push_str("    idempotent: true\n");
        }
        let mut params = Vec::new();
        for p in 0..path_params {
            let mut ty = Ty::param(c, enums, false);
            if let Ty::Str(text) = &mut ty {
                // A path value is never empty.
                text.min = text.min.max(1);
                text.max = text.max.map(|max| max.max(text.min));
            }
            params.push((format!("p{p}"), "path", ty, true));
        }
        for q in 0..c.below(3) {
            params.push((
                format!("q{q}"),
                "query",
                Ty::param(c, enums, true),
                c.flip(),
            ));
        }
        for h in 0..c.below(2) {
            params.push((
                format!("X-H{h}"),
                "header",
                Ty::param(c, enums, false),
                c.flip(),
            ));
        }
        if !params.is_empty() {
            out.push_str("    params:\n");
            for (name, location, ty, required) in &params {
                let style = if matches!(ty, Ty::List(..)) && c.flip() {
                    ", style: comma"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "      {name}: {{ in: {location}, type: {}, doc: Param {name}., required: {required}{}{style} }}\n",
                    ty.expr(),
                    ty.constraints()
                ));
            }
        }
        let body =
            (method != "GET" && c.flip()).then(|| (Ty::pick(c, structs.len(), enums, 0), c.flip()));
        // A body that is not JSON: (content type, type, example value).
        let other_body = (body.is_none() && method != "GET")
            .then(|| OTHER_BODIES[c.below(OTHER_BODIES.len() + 1)..].first())
            .flatten();
        if let Some((content_type, ty, _)) = other_body {
            multipart |= content_type.starts_with("multipart/");
            out.push_str(&format!(
                "    request:\n      content_type: {content_type}\n      body: {{ type: {ty}, required: true, doc: The body. }}\n"
            ));
        }
        if let Some((ty, required)) = &body {
            out.push_str(&format!(
                "    request:\n      body: {{ type: {}, required: {required}, doc: The body.{} }}\n",
                ty.expr(),
                ty.constraints()
            ));
        }
        let response = c.flip().then(|| Ty::Struct(c.below(structs.len())));
        // Or a body that is not JSON: (content type, type, example value).
        let other_response = response
            .is_none()
            .then(|| OTHER_RESPONSES[c.below(OTHER_RESPONSES.len() + 1)..].first())
            .flatten();
        let headers = c.flip();
        out.push_str("    responses:\n");
        match (&response, other_response) {
            (Some(ty), _) => out.push_str(&format!("      200:\n        doc: OK\n        body: {}\n", ty.expr())),
            (None, Some((content_type, ty, _))) => out.push_str(&format!(
                "      200:\n        doc: OK\n        content_type: {content_type}\n        body: {ty}\n"
            )),
            (None, None) => out.push_str("      204:\n        doc: Done.\n"),
        }
        if headers {
            out.push_str("        headers:\n          X-Total: { type: int64, doc: A count. }\n          X-Kind: { type: I0, doc: A kind. }\n");
        }
        if c.flip() {
            out.push_str("      404: { doc: Not found., body: S0 }\n");
        }
        if c.flip() {
            let values: Vec<String> = params
                .iter()
                .filter(|(_, _, _, required)| *required || c.flip())
                .map(|(name, _, ty, _)| format!("{name}: {}", ty.sample(&structs)))
                .collect();
            out.push_str(&format!(
                "    examples:\n      - name: example{op}\n        doc: An example.\n        request:\n          params: {{ {} }}\n",
                values.join(", ")
            ));
            if let Some((ty, _)) = &body {
                out.push_str(&format!("          body: {}\n", ty.sample(&structs)));
            }
            if let Some((_, _, sample)) = other_body {
                out.push_str(&format!("          body: {sample}\n"));
            }
            match (&response, other_response) {
                (Some(ty), _) => out.push_str(&format!(
                    "        response:\n          status: 200\n          body: {}\n",
                    ty.sample(&structs)
                )),
                (None, Some((_, _, sample))) => out.push_str(&format!(
                    "        response:\n          status: 200\n          body: {sample}\n"
                )),
                (None, None) => out.push_str("        response:\n          status: 204\n"),
            }
            if headers {
                out.push_str("          headers: { X-Total: 3, X-Kind: 1 }\n");
            }
        }
    }
    out.push_str("types:\n  Code:\n    doc: A code.\n    type: string\n    min_length: 2\n    max_length: 8\n    pattern: \"^[a-z]+$\"\n");
    for (n, fields) in structs.iter().enumerate() {
        out.push_str(&format!("  S{n}:\n    doc: Struct {n}.\n    fields:\n"));
        for f in fields {
            out.push_str(&format!(
                "      {}: {{ type: {}, doc: Field {}., required: {}{}{} }}\n",
                f.name,
                f.ty.expr(),
                f.name,
                f.required,
                f.ty.constraints(),
                f.extra
            ));
        }
    }
    out.push_str(BODY_TYPES);
    if multipart {
        out.push_str(UPLOAD_TYPE);
    }
    out.push_str("  I0:\n    doc: An enum of integers.\n    type: int32\n    values:\n      - { value: 0, rust_name: Zero, doc: Zero. }\n      - { value: 1, rust_name: One, doc: One. }\n");
    for e in 0..enums {
        out.push_str(&format!(
            "  E{e}:\n    doc: Enum {e}.\n    values:\n      - {{ value: V0, doc: Zero. }}\n      - {{ value: V1, doc: One. }}\n"
        ));
    }
    out
}

/// A valid spec built from `bytes`: `package.yaml` (the crate `crate_name`, on the runtime at
/// `runtime_path`, relative to the generated crate) and one or two service files, as
/// `(file name, text)`.
pub fn files(bytes: &[u8], crate_name: &str, runtime_path: &str) -> Vec<(String, String)> {
    let mut c = Choices { bytes, at: 0 };
    let package = format!(
        "# {MARKER}\npackage:\n  name: {crate_name}\n  version: 0.1.0\n  description: A random spec.\n  license: MIT\nruntime:\n  package: huaweicloud-devops-runtime\n  version: {}\n  path: {runtime_path}\n",
        crate::RUNTIME_VERSION
    );
    let mut files = vec![("package.yaml".to_owned(), package)];
    for i in 0..1 + c.below(2) {
        files.push((format!("svc{i}.yaml"), valid_service(&mut c, i)));
    }
    files
}

/// [`files`] as the spec directory `spec/`, for the generator's own tests.
pub fn sources(bytes: &[u8]) -> Vec<SourceFile> {
    files(bytes, "prop-client", "runtime")
        .into_iter()
        .map(|(name, text)| SourceFile {
            path: format!("spec/{name}"),
            text,
        })
        .collect()
}
