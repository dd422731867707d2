#!/usr/bin/env bash
# The report does not depend on --jobs: runs each shipped study with --jobs 1, 2 and 8
# (the model calendars and the placebo trials are built on that many threads) and requires
# the three report folders byte-identical (`diff -r`, plots and manifest.txt included).
#
#   bash tests/e2e/jobs.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Exits 0 when they are, 1 otherwise (each difference printed), 2 on bad usage.
# --placebo 50 keeps every column (placebo p-values included) at a twentieth of the cost.
set -u
if [ $# -ne 2 ]; then
    echo "usage: bash $0 PATH_TO_DEFIMPACT_BINARY PROJECT_DIR" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
[ -x "$BIN" ] || { echo "jobs.sh: $BIN is not an executable" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$PROJ" || exit 2
fail=0 n=0
for ini in datasets/*.ini; do
    grep -q '^\[study\]' "$ini" || continue
    name=$(basename "$ini" .ini)
    for j in 1 2 8; do
        if ! "$BIN" run "$ini" --quiet --placebo 50 --jobs "$j" --out "$T/$name-$j"; then
            echo "FAIL $name: the run with --jobs $j failed"
            fail=1
        fi
    done
    for j in 2 8; do
        if ! diff -r "$T/$name-1" "$T/$name-$j" >"$T/diff" 2>&1; then
            echo "FAIL $name: --jobs $j differs from --jobs 1:"
            head -n 20 "$T/diff"
            fail=1
        fi
    done
    n=$((n + 1))
    [ $fail -eq 0 ] && echo "ok $name: --jobs 1, 2, 8 byte-identical"
done
[ $n -gt 0 ] || { echo "FAIL: no study was run"; exit 1; }
exit $fail
