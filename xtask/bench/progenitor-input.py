"""Makes `cargo xtask openapi`'s export (OpenAPI 3.1) something progenitor reads.

    python3 xtask/bench/progenitor-input.py EXPORT.json OUT.json

progenitor reads OpenAPI 3.0 and needs all error responses of an operation to share one
type, so the document is relabelled 3.0.3 and the error responses that have no body are left
out. Used by the benchmark scripts beside this file.
"""

import json
import sys

doc = json.load(open(sys.argv[1]))
doc["openapi"] = "3.0.3"
for item in doc["paths"].values():
    for op in item.values():
        if isinstance(op, dict) and "responses" in op:
            for code in list(op["responses"]):
                if int(code) >= 400 and "content" not in op["responses"][code]:
                    del op["responses"][code]
json.dump(doc, open(sys.argv[2], "w"))
