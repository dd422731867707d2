#!/usr/bin/env python3
"""The shared library exports exactly the functions of the public headers.

    exports.py LIBDEFIMPACT.so INCLUDE_DIR

Reads the dynamic symbols the library defines (nm -D --defined-only) and the
function declarations of INCLUDE_DIR/defimpact/*.h (comments and preprocessor
lines removed; a name followed by '(' outside a typedef), and fails on any
name in one list only, or on a declaration without DI_API.
"""
import glob, os, re, subprocess, sys

lib, inc = sys.argv[1], sys.argv[2]
out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                     capture_output=True, text=True).stdout
exported = set()
for line in out.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "TtWwDdBbRrVvi":
        exported.add(parts[2].split("@")[0])

declared, unmarked = set(), []
for h in sorted(glob.glob(os.path.join(inc, "defimpact", "*.h"))):
    text = open(h).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"^\s*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)
    # file-scope statements: split on ';' and '{'/'}' (struct bodies are typedefs)
    for stmt in re.split(r"[;{}]", text):
        stmt = " ".join(stmt.split())
        if not stmt or stmt.startswith("typedef") or stmt.startswith("extern \"C\""):
            continue
        m = re.search(r"\b([A-Za-z_]\w*)\s*\(", stmt)
        if not m or "(*" in stmt[:m.end()]:
            continue
        declared.add(m.group(1))
        if not re.match(r"DI_API\b", stmt):
            unmarked.append(f"{os.path.basename(h)}: {m.group(1)}")

bad = 0
for name in sorted(exported - declared):
    print(f"FAIL exported but in no public header: {name}")
    bad += 1
for name in sorted(declared - exported):
    print(f"FAIL declared in include/defimpact/ but not exported: {name}")
    bad += 1
for u in unmarked:
    print(f"FAIL declared without DI_API: {u}")
    bad += 1
print(f"{len(exported)} symbols exported, {len(declared)} functions declared, {bad} problems")
sys.exit(1 if bad or not declared else 0)
