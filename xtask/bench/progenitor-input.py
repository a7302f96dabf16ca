"""Makes `cargo xtask openapi`'s export (OpenAPI 3.1) something progenitor reads.

    python3 xtask/bench/progenitor-input.py EXPORT.json OUT.json

progenitor reads OpenAPI 3.0 and needs all error responses of an operation to share one
type, so the document is relabelled 3.0.3, 3.1's nullable types (`"type": ["string", "null"]`,
`"anyOf": [{"$ref": ...}, {"type": "null"}]`) become their 3.0 forms (`"type": "string",
"nullable": true`; `"allOf": [{"$ref": ...}], "nullable": true`), and the error responses that
have no body are left out. Used by the benchmark scripts beside this file.
"""

import json
import sys


def nullable_as_3_0(node):
    if isinstance(node, dict):
        kind = node.get("type")
        if isinstance(kind, list) and "null" in kind:
            rest = [k for k in kind if k != "null"]
            if len(rest) == 1:
                node["type"] = rest[0]
                node["nullable"] = True
        choices = node.get("anyOf")
        if isinstance(choices, list) and {"type": "null"} in choices:
            rest = [c for c in choices if c != {"type": "null"}]
            if len(rest) == 1:
                del node["anyOf"]
                node["allOf"] = rest
                node["nullable"] = True
        for value in node.values():
            nullable_as_3_0(value)
    elif isinstance(node, list):
        for value in node:
            nullable_as_3_0(value)


doc = json.load(open(sys.argv[1]))
doc["openapi"] = "3.0.3"
nullable_as_3_0(doc)
for item in doc["paths"].values():
    for op in item.values():
        if isinstance(op, dict) and "responses" in op:
            for code in list(op["responses"]):
                if int(code) >= 400 and "content" not in op["responses"][code]:
                    del op["responses"][code]
json.dump(doc, open(sys.argv[2], "w"))
