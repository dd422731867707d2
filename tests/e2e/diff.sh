#!/usr/bin/env bash
# `defimpact diff` end to end: the fixtures of tests/data/diff (every kind of difference, with
# the exact lines), both dialects, a deliberately changed copy of a real report, the options and
# every exit code with its message.
#
#   bash tests/e2e/diff.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Prints PASS or the failed checks; exits 1 if any check failed.
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init diff "$@"
DATA="$PROJ/tests/data/diff"
export LC_ALL=C
failed=0
nchecks=0

fail() {
    echo "FAIL diff: $*"
    failed=$((failed + 1))
}

# check NAME WANT_RC WANT_STDOUT_FILE|- WANT_STDERR|- -- ARGS...: run `defimpact diff ARGS` (in
# $DATA) and compare the exit code, stdout (with a file, or "-" for empty) and stderr (exactly,
# or "-" for empty, or "~TEXT" for "contains TEXT").
check() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4
    shift 5
    nchecks=$((nchecks + 1))
    (cd "$DATA" && "$BIN" diff "$@") > "$TMP/out" 2> "$TMP/err"
    local rc=$?
    if [ $rc -ne "$want_rc" ]; then
        fail "$name: exit $rc, expected $want_rc"
        sed 's/^/    stdout: /' "$TMP/out" | head -5
        sed 's/^/    stderr: /' "$TMP/err" | head -5
        return
    fi
    if [ "$want_out" = - ]; then
        [ -s "$TMP/out" ] && { fail "$name: unexpected stdout"; head -5 "$TMP/out"; }
    elif ! cmp -s "$want_out" "$TMP/out"; then
        fail "$name: stdout differs from $want_out"
        diff "$want_out" "$TMP/out" | head -20
    fi
    case $want_err in
    -) [ -s "$TMP/err" ] && { fail "$name: unexpected stderr"; head -5 "$TMP/err"; } ;;
    "~"*) grep -qF -- "${want_err#\~}" "$TMP/err" ||
            { fail "$name: stderr lacks '${want_err#\~}'"; head -5 "$TMP/err"; } ;;
    *) [ "$(cat "$TMP/err")" = "$want_err" ] ||
            { fail "$name: stderr '$(cat "$TMP/err")', expected '$want_err'"; } ;;
    esac
}

lines() { # the arguments as the lines of a file; prints its path
    local f="$TMP/want.$((++nlines))"
    printf '%s\n' "$@" > "$f"
    echo "$f"
}
nlines=0

# ---- the fixtures -------------------------------------------------------------------------
check "folders" 4 "$DATA/expected-out.txt" - -- expected actual
check "same folder" 0 - - -- expected expected
check "excel-eu twin" 0 - - -- expected eu
check "excel-eu twin, reversed" 0 - - -- eu expected
check "one file" 4 "$(lines \
    'actual/car.csv:2:scar expected 5 got 5.001' \
    'actual/car.csv:2:bhar expected "" got 0' \
    'actual/car.csv:3:bhar expected -1.5e-05 got -1.6e-05')" - -- expected/car.csv actual/car.csv
check "one file across dialects" 0 - - -- eu/car.csv expected/car.csv
check "--rtol" 4 "$(lines \
    'actual/car.csv:2:bhar expected "" got 0' \
    'actual/car.csv:3:bhar expected -1.5e-05 got -1.6e-05')" - -- \
    expected/car.csv actual/car.csv --rtol 0.001
check "--rtol=R" 4 "$(lines 'actual/car.csv:2:bhar expected "" got 0')" - -- \
    expected/car.csv actual/car.csv --rtol=0.1
check "--atol" 4 "$(lines 'actual/car.csv:2:bhar expected "" got 0')" - -- \
    expected/car.csv actual/car.csv --atol 0.01
check "--rtol 0 --atol 0" 4 "$(lines \
    'actual/car.csv:1:car expected 0.06283274320877502 got 0.062832743208775' \
    'actual/car.csv:1:car_sd expected 0.012292206050674583 got 0.0122922060506746' \
    'actual/car.csv:1:scar expected 5.111592089308235 got 5.11159208930824' \
    'actual/car.csv:1:bhar expected 0.06283274320877497 got 0.062832743208775' \
    'actual/car.csv:2:scar expected 5 got 5.001' \
    'actual/car.csv:2:bhar expected "" got 0' \
    'actual/car.csv:3:bhar expected -1.5e-05 got -1.6e-05' \
    'actual/car.csv:4:car expected 1e-20 got 0' \
    'actual/car.csv:4:bhar expected 2.5e+300 got 2.5000000001e+300')" - -- \
    expected/car.csv actual/car.csv --rtol 0 --atol 0
check "--columns" 4 "$(lines \
    'aar.csv:3: missing row' \
    'car.csv:2:scar expected 5 got 5.001' \
    'estimates.csv: missing column r2' \
    'missing file gone.csv' \
    'extra file new.csv')" - -- expected actual --columns scar,r2
check "--columns=" 0 - - -- expected/car.csv actual/car.csv --columns=car,car_sd,from

# ---- usage, I/O and data errors -----------------------------------------------------------
(cd "$DATA" && "$BIN" diff --help) > "$TMP/help.txt" 2>&1
rc=$?
nchecks=$((nchecks + 1))
if [ $rc -ne 0 ] || ! grep -q 'usage: defimpact diff EXPECTED ACTUAL' "$TMP/help.txt" ||
        ! grep -q '\*\.csv' "$TMP/help.txt" || ! grep -q 'not compared' "$TMP/help.txt"; then
    fail "--help: exit $rc, or no usage line, or not saying that only *.csv files are compared"
fi
check "no arguments" 2 - "~defimpact: diff needs two paths" --
check "one path" 2 - "~defimpact: diff needs two paths" -- expected
check "three paths" 2 - "defimpact: unexpected argument 'eu' (two paths: EXPECTED ACTUAL)" -- \
    expected actual eu
check "unknown option" 2 - "~defimpact: unknown option '--tol'" -- expected actual --tol 1
check "bad --rtol" 2 - "defimpact: --rtol: 'abc' is not a number >= 0" -- \
    expected actual --rtol abc
check "negative --atol" 2 - "defimpact: --atol: '-1' is not a number >= 0" -- \
    expected actual --atol=-1
check "nan --rtol" 2 - "~--rtol: 'nan'" -- expected actual --rtol nan
check "--rtol without value" 2 - "defimpact: --rtol needs a value" -- expected actual --rtol
check "unknown --columns" 2 - \
    "defimpact: no column 'nope' in the compared files (see --columns)" -- \
    expected actual --columns car,nope
check "empty --columns name" 2 - "defimpact: --columns: empty column name" -- \
    expected actual --columns car,,bhar
check "missing path" 3 - "defimpact: nope: cannot open: No such file or directory" -- \
    expected nope
check "file vs folder" 3 - \
    "defimpact: expected is a folder but actual/car.csv is a file: compare two files or two folders" \
    -- expected actual/car.csv
check "malformed CSV" 1 - "defimpact: bad/car.csv:3: 4 fields, the header has 5" -- \
    bad/car.csv bad/car.csv

# ---- a real report, one number changed ----------------------------------------------------
nchecks=$((nchecks + 1))
mkdir -p "$TMP/run"
if ! "$BIN" run "$PROJ/datasets/peace-talks-2025.ini" --quiet --out "$TMP/run/a" \
        > "$TMP/run.log" 2>&1; then
    fail "run of the shipped study failed"
    cat "$TMP/run.log"
else
    cp -r "$TMP/run/a" "$TMP/run/b"
    # car of the second data row (line 3) times 1.01
    old=$(awk -F, 'NR == 3 { print $5 }' "$TMP/run/a/car.csv")
    new=$(awk -v v="$old" 'BEGIN { printf "%.17g", v * 1.01 }')
    awk -F, -v OFS=, -v new="$new" 'NR == 3 { $5 = new } { print }' "$TMP/run/a/car.csv" \
        > "$TMP/run/b/car.csv"
    "$BIN" diff "$TMP/run/a" "$TMP/run/b" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    want="car.csv:2:car expected $old got $new"
    if [ $rc -ne 4 ] || [ "$(cat "$TMP/out")" != "$want" ] || [ -s "$TMP/err" ]; then
        fail "one number changed in a real report: exit $rc, output '$(cat "$TMP/out")'," \
             "expected 4 and '$want'"
    fi
    # the same change within a loose tolerance
    "$BIN" diff "$TMP/run/a" "$TMP/run/b" --rtol 0.02 > "$TMP/out" 2>&1 ||
        fail "a 1% change with --rtol 0.02: exit $?"
    # an identical report
    "$BIN" diff "$TMP/run/a" "$TMP/run/a" > "$TMP/out" 2>&1 && [ ! -s "$TMP/out" ] ||
        fail "a report against itself: differences"
fi

if [ $failed -ne 0 ]; then
    echo "FAIL diff: $failed of $nchecks checks failed"
    exit 1
fi
echo "PASS diff: $nchecks checks"
exit 0
