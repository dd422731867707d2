#!/usr/bin/env bash
# End-to-end test of `defimpact moves`: the shipped case against its committed
# report (reports/reported-moves-2025-12-29/), the dialect options, and the
# error cases (exit code, message, and no output folder left behind).
#
#   bash tests/e2e/moves.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Prints PASS/FAIL per check and exits 1 if any failed, 2 on bad usage. The
# CSVs are compared with `defimpact diff` (rtol 1e-9); summary.txt, moves.svg
# and manifest.txt byte for byte. After an intended change of the numbers or the
# text, regenerate the golden report from the project folder with
#   defimpact moves datasets/reported-moves-2025-12-29.ini
# review it, and commit it.
set -u
if [ $# -ne 2 ]; then
    echo "usage: bash $0 PATH_TO_DEFIMPACT_BINARY PROJECT_DIR" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
if [ ! -x "$BIN" ]; then
    echo "moves.sh: $BIN is not an executable" >&2
    exit 2
fi
export LC_ALL=C
GOLDEN=reports/reported-moves-2025-12-29
STUDY=datasets/reported-moves-2025-12-29.ini
DATA=tests/data/moves
TMP=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-moves.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$PROJ" || exit 2

failed=0
pass() { echo "PASS $1"; }
fail() {
    echo "FAIL $1"
    shift
    for line in "$@"; do echo "    $line"; done
    failed=$((failed + 1))
}

# run NAME EXPECTED_RC ARGS...: runs the tool, output in $TMP/NAME.{out,err}
run() {
    local name=$1 want=$2
    shift 2
    "$BIN" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name: exit $rc, expected $want" "$(head -3 "$TMP/$name.err")"
        return 1
    fi
    return 0
}

# 1. The shipped case, against the committed report.
if run shipped 0 moves "$STUDY" --out "$TMP/shipped" --quiet; then
    if [ -s "$TMP/shipped.err" ]; then
        fail "shipped: --quiet still wrote to stderr" "$(head -3 "$TMP/shipped.err")"
    else
        pass "shipped: exit 0, quiet"
    fi
    if "$BIN" diff "$GOLDEN" "$TMP/shipped" > "$TMP/diff.out" 2>&1; then
        pass "shipped: moves.csv matches $GOLDEN"
    else
        fail "shipped: moves.csv differs from $GOLDEN" "$(head -10 "$TMP/diff.out")"
    fi
    for f in summary.txt moves.svg moves-claims.svg manifest.txt .defimpact; do
        if cmp -s "$GOLDEN/$f" "$TMP/shipped/$f"; then
            pass "shipped: $f identical"
        else
            fail "shipped: $f differs" "$(diff "$GOLDEN/$f" "$TMP/shipped/$f" 2>&1 | head -10)"
        fi
    done
fi

# 2. Without --quiet: one warning per row without a model (and for the claim
# without a BHAR), the report named.
#    (Saab has 20 returns on its model calendar with EUAD: dates both close.)
if run warnings 0 moves "$STUDY" --out "$TMP/warnings"; then
    n=$(grep -c '^defimpact: warning: ' "$TMP/warnings.err")
    if [ "$n" -eq 4 ] && grep -q 'R3NK.DE: empty model columns: no price history' "$TMP/warnings.err" &&
        grep -q 'RHM.DE since 2022-02-24: no bhar against EUAD: its prices start on 2024-10-22' "$TMP/warnings.err" &&
        grep -q 'HAG.DE: empty model columns: no price history' "$TMP/warnings.err" &&
        grep -q 'SAAB-B.ST: empty model columns: no-fx: no FX series converts SAAB-B.ST to EUR' \
            "$TMP/warnings.err" && grep -q "report written to $TMP/warnings" "$TMP/warnings.out"; then
        pass "warnings: Renk, Hensoldt, Saab and RHM.DE's BHAR named"
    else
        fail "warnings: expected 4 warnings (R3NK.DE, HAG.DE, SAAB-B.ST, RHM.DE's BHAR)" "$(cat "$TMP/warnings.err")"
    fi
fi

# 2b. The article's claims over a horizon (issue 15): RHM.DE from 91.08
# (2022-02-23) to 1510.90 (2025-12-29), +1558.94%, peak +2061.73% on 2025-09-29.
if [ -f "$TMP/shipped/summary.txt" ]; then
    if grep -qF '  RHM.DE: rise of nearly 2000.00% since 2022-02-24: held at the peak. Actual +1558.94% (91.08 on 2022-02-23 to 1510.90 on 2025-12-29); peak +2061.73% on 2025-09-29;' "$TMP/shipped/summary.txt" &&
        grep -qF '  STOXXTMAD via EUAD: fall of at least 1.00% since 2025-11-20: held at the trough. Actual -0.96%' "$TMP/shipped/summary.txt" &&
        awk -F, '$1 == "RHM.DE" && $23 == "claim" { ok = ($14 == "2022-02-24" && $15 - 1510.8975830078125 / 91.07613372802734 + 1 < 1e-12 &&
                                                          $15 - 1510.8975830078125 / 91.07613372802734 + 1 > -1e-12 &&
                                                          $17 == "2025-09-29" && $21 == "held at the peak") }
                 END { exit !ok }' "$TMP/shipped/moves.csv"; then
        pass "claims: RHM.DE held at the peak (+1558.94%, peak +2061.73% on 2025-09-29), the sector held at the trough"
    else
        fail "claims: unexpected lines" "$(grep -A3 'Claims over' "$TMP/shipped/summary.txt")"
    fi
fi

# 2c. moves-claims.svg: well-formed, every coordinate inside its canvas.
if [ -f "$TMP/shipped/moves-claims.svg" ]; then
    if python3 - "$TMP/shipped/moves-claims.svg" <<'PY'
import re, sys
import xml.dom.minidom
svg = open(sys.argv[1]).read()
xml.dom.minidom.parseString(svg)
w, h = (float(v) for v in re.search(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups())
bad = []
for k, v in re.findall(r' (x|x1|x2|cx|y|y1|y2|cy)="([-0-9.]+)"', svg):
    lim = w if k.startswith('x') or k == 'cx' else h
    if not 0 <= float(v) <= lim:
        bad.append((k, v))
for pts in re.findall(r'points="([^"]*)"', svg):
    for xy in pts.split():
        x, y = (float(t) for t in xy.split(','))
        if not (0 <= x <= w and 0 <= y <= h):
            bad.append(('point', xy))
if bad or re.search(r'="[^"]*(nan|inf)', svg):
    print(bad[:5])
    sys.exit(1)
PY
    then
        pass "moves-claims.svg: well-formed, inside its canvas"
    else
        fail "moves-claims.svg: malformed or outside its canvas"
    fi
fi

# 3. excel-eu and --bom: same numbers, other text.
if run eu 0 moves "$STUDY" --out "$TMP/eu" --quiet --csv-dialect excel-eu --bom; then
    if [ "$(head -c 3 "$TMP/eu/moves.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
        sed -n 2p "$TMP/eu/moves.csv" | grep -q '^STOXXTMAD;-0,018'; then
        pass "excel-eu: BOM, ';' and decimal commas"
    else
        fail "excel-eu: unexpected text" "$(head -2 "$TMP/eu/moves.csv")"
    fi
    if "$BIN" diff "$GOLDEN" "$TMP/eu" > "$TMP/diff-eu.out" 2>&1; then
        pass "excel-eu: same numbers as $GOLDEN"
    else
        fail "excel-eu: numbers differ" "$(head -5 "$TMP/diff-eu.out")"
    fi
fi

# 4. Errors: exit code, message, and no folder (nor temporary folder) left.
# expect_error NAME RC MESSAGE ARGS... (the output folder is $TMP/out/NAME)
mkdir -p "$TMP/out"
expect_error() {
    local name=$1 want=$2 msg=$3
    shift 3
    run "$name" "$want" "$@" --out "$TMP/out/$name" || return
    if ! grep -qF -- "$msg" "$TMP/$name.err"; then
        fail "$name: message lacks '$msg'" "$(head -3 "$TMP/$name.err")"
    elif ! grep -q '^defimpact: ' "$TMP/$name.err"; then
        fail "$name: message not in the 'defimpact: ' format" "$(head -3 "$TMP/$name.err")"
    elif [ -n "$(ls -A "$TMP/out")" ]; then
        fail "$name: an output folder was left behind"
    else
        pass "$name: exit $want, '$msg'"
    fi
}
expect_error unknown-benchmark 2 \
    "defimpact: --benchmark NOPE: not a row of the reported-moves file" \
    moves "$STUDY" --benchmark NOPE
expect_error missing-reported 2 "defimpact: no reported-moves file: give --reported" \
    moves --prices datasets/peace-talks-2025/prices --benchmark STOXXTMAD
expect_error bad-session-fraction 1 \
    "defimpact: $DATA/reported-bad-fraction.csv:3: session_fraction '1.5' for AAA is outside (0, 1]" \
    moves --reported "$DATA/reported-bad-fraction.csv" --prices "$DATA/prices" --benchmark IDX
expect_error unknown-benchmark-series 2 \
    "defimpact: --benchmark-series NOPE: no such ticker in the price data" \
    moves "$STUDY" --benchmark-series NOPE
expect_error unknown-market 2 "defimpact: --market NOPE: no such ticker in the price data" \
    moves "$STUDY" --market NOPE
expect_error no-asof 1 "no report date: add an asof column" \
    moves --reported "$DATA/reported-noasof.csv" --prices "$DATA/prices" --benchmark IDX
expect_error bad-estimation 2 "must end before the report date" \
    moves "$STUDY" --estimation -250:0
expect_error unknown-option 2 "unknown option '--model'" moves "$STUDY" --model market

# 5. A folder that is not a report is never replaced.
mkdir -p "$TMP/foreign" && echo keep > "$TMP/foreign/file"
"$BIN" moves "$STUDY" --out "$TMP/foreign" --quiet > /dev/null 2> "$TMP/foreign.err"
rc=$?
if [ $rc -eq 3 ] && grep -q 'is not a defimpact report' "$TMP/foreign.err" &&
    [ "$(cat "$TMP/foreign/file")" = keep ] && [ ! -e "$TMP/foreign/moves.csv" ]; then
    pass "foreign folder: refused (exit 3), untouched"
else
    fail "foreign folder: exit $rc" "$(cat "$TMP/foreign.err")"
fi

# 6. The hand case of the unit test, through the CLI, with the split and events:
# AAA's beta 1.4, expected alpha f + beta m_B = 0.5 / 750 - 0.028, z = -106 / sqrt(465)
# (see tests/unit/core/test_moves.c).
if run hand 0 moves "$DATA/moves.ini" --market MKT --min-estimation 6 --out "$TMP/hand" --quiet; then
    if head -1 "$TMP/hand/moves.csv" | grep -q '^ticker,reported,expected,abnormal,z,p_value,beta,sigma,close_to_close,in_day_range,market_part,sector_part,specific,since,actual,peak,peak_date,trough,trough_date,bhar,verdict,name,.*,bhar_market$' &&
        awk -F, '$1 == "AAA" { ok = ($3 - 0.5 / 750 + 0.028 < 1e-12 && $3 - 0.5 / 750 + 0.028 > -1e-12) &&
                                    ($5 + 106 / sqrt(465) < 1e-9 && $5 + 106 / sqrt(465) > -1e-9) &&
                                    ($7 - 1.4 < 1e-12 && $7 - 1.4 > -1e-12) }
                 END { exit !ok }' "$TMP/hand/moves.csv" &&
        awk -F, '$1 == "BBB" { ok = ($10 == "0") } END { exit !ok }' "$TMP/hand/moves.csv" &&
        grep -q 'e-day-before' "$TMP/hand/summary.txt" && grep -q 'e-same-day' "$TMP/hand/summary.txt" &&
        ! grep -q 'e-after' "$TMP/hand/summary.txt" && ! grep -q 'e-two-before' "$TMP/hand/summary.txt"; then
        pass "hand case: AAA's numbers, BBB out of its day's range, events near the date"
    else
        fail "hand case: unexpected report" "$(head -4 "$TMP/hand/moves.csv")"
    fi
fi

if [ $failed -ne 0 ]; then
    echo "moves.sh: $failed check(s) failed"
    exit 1
fi
echo "moves.sh: all checks passed"
exit 0
