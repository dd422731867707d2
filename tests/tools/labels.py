#!/usr/bin/env python3
"""Every ctest entry has LABELS (from the known set) and a TIMEOUT.

    labels.py CTEST BUILD_DIR
"""
import json, subprocess, sys

KNOWN = {"unit", "e2e", "peers", "tools", "slow", "tsan"}
out = subprocess.run([sys.argv[1], "--show-only=json-v1"], cwd=sys.argv[2],
                     check=True, capture_output=True, text=True).stdout
bad = 0
tests = json.loads(out)["tests"]
for t in tests:
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    labels = set(props.get("LABELS", []))
    if not labels or not labels <= KNOWN:
        print(f"FAIL {t['name']}: labels {sorted(labels)} (known: {sorted(KNOWN)})")
        bad += 1
    if not props.get("TIMEOUT"):
        print(f"FAIL {t['name']}: no TIMEOUT")
        bad += 1
print(f"{len(tests)} tests, {bad} problems")
sys.exit(1 if bad or not tests else 0)
