#!/usr/bin/env bash
# Compares `defimpact run` with the independent Python reference (tests/reference/es_reference.py)
# on every case under tests/reference/cases/: each case folder holds an `args` file (one
# command-line token per line, paths relative to the case folder) and its input files.
#
#   bash tests/e2e/reference.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Prints PASS/FAIL per case (with compare.py's differences under a FAIL) and exits 1 if any case
# failed, 2 on bad usage. Numbers must agree to rtol 1e-8 (atol 1e-12); text cells exactly,
# except the free-text `detail` column of exclusions.csv. Set KEEP=1 to keep the outputs.
# Placebo cells the reference cannot compute without the tool's random generator are listed in
# the reference's not-computed.txt, and compare.py skips them. The reference's ES_REF_*
# switches (tests/reference/AMBIGUITIES.md) pass through the environment.
set -u
if [ $# -ne 2 ]; then
    echo "usage: bash $0 PATH_TO_DEFIMPACT_BINARY PROJECT_DIR" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
REF="$PROJ/tests/reference"
PY=${PYTHON:-python3}
if [ ! -x "$BIN" ]; then
    echo "reference.sh: $BIN is not an executable" >&2
    exit 2
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-reference.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "outputs kept in $TMP"
else
    trap 'rm -rf "$TMP"' EXIT
fi
FILES=estimates.csv,ar.csv,car.csv,aar.csv,tests.csv,exclusions.csv
failed=0
ncases=0
for dir in "$REF"/cases/*/; do
    name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    ncases=$((ncases + 1))
    mapfile -t ARGS < "$dir/args"
    out="$TMP/$name"
    mkdir -p "$out"
    (cd "$dir" && "$BIN" run --quiet --out "$out/c" "${ARGS[@]}") > "$out/c.log" 2>&1
    rc_c=$?
    (cd "$dir" && "$PY" "$REF/es_reference.py" "${ARGS[@]}" --out "$out/p") > "$out/p.log" 2>&1
    rc_p=$?
    if [ $rc_c -ne $rc_p ]; then
        echo "FAIL $name: exit codes differ (defimpact $rc_c, reference $rc_p)"
        sed 's/^/    defimpact: /' "$out/c.log" | head -5
        sed 's/^/    reference: /' "$out/p.log" | head -5
        failed=$((failed + 1))
        continue
    fi
    if [ $rc_p -ne 0 ]; then
        echo "PASS $name (both exit $rc_p)"
        continue
    fi
    if "$PY" "$REF/compare.py" "$out/p" "$out/c" --rtol 1e-8 --atol 1e-12 --files "$FILES" \
            --ignore exclusions.csv:detail > "$out/diff.txt" 2>&1; then
        echo "PASS $name"
    else
        n=$(wc -l < "$out/diff.txt")
        echo "FAIL $name ($n differences; first 20 below)"
        head -20 "$out/diff.txt" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
if [ $ncases -eq 0 ]; then
    echo "reference.sh: no cases under $REF/cases" >&2
    exit 2
fi
echo "$((ncases - failed))/$ncases cases passed"
[ $failed -eq 0 ]
