#!/usr/bin/env bash
# The excel-eu dialect and the BOM, checked by bytes, by `defimpact diff` and by a real
# spreadsheet engine:
#   1. the shipped study run twice, with the default rfc4180 dialect and with
#      `--csv-dialect excel-eu --bom`;
#   2. every excel-eu CSV starts with EF BB BF, has the rfc4180 header with ';' for ',', and
#      writes decimals with ',' (no "1.5" anywhere, some "1,5"); no rfc4180 CSV has a BOM;
#   3. `defimpact diff` finds no difference between the two folders, either way round;
#   4. LibreOffice (headless) reads the rfc4180 car.csv as ','-separated en-US and the excel-eu
#      car.csv as ';'-separated de-DE: both sheets must hold every numeric cell as a number
#      (office:value-type="float" in a flat ODS, as many as the CSV has numeric cells), and the
#      two sheets, written back to CSV with one fixed en-US filter, must be byte-identical and
#      equal to our rfc4180 car.csv (LibreOffice 7.4 writes 15 significant digits: rtol 1e-14).
#
#   bash tests/e2e/dialect.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Needs LibreOffice Calc: Debian package `libreoffice-calc-nogui` (soffice on the PATH, or
# SOFFICE=/path/to/soffice). Fails, never skips, without it. Takes about 10 s.
# The runs use --placebo 50: every column and line of the report is still there (placebo
# p-values included), at a twentieth of the default trials' cost; e2e/golden runs the default.
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init dialect "$@"
STUDY="$PROJ/datasets/peace-talks-2025.ini"
fail() {
    echo "FAIL dialect: $*"
    exit 1
}
[ -x "$BIN" ] || fail "$BIN is not an executable"

# ---- 1. the two reports -------------------------------------------------------------------
RFC="$TMP/rfc/x"
EU="$TMP/eu/x"
mkdir -p "$TMP/rfc" "$TMP/eu"
"$BIN" run "$STUDY" --quiet --placebo 50 --out "$RFC" > "$TMP/rfc.log" 2>&1 ||
    { cat "$TMP/rfc.log"; fail "the rfc4180 run failed"; }
"$BIN" run "$STUDY" --quiet --placebo 50 --out "$EU" --csv-dialect excel-eu --bom > "$TMP/eu.log" 2>&1 ||
    { cat "$TMP/eu.log"; fail "the excel-eu run failed"; }

# ---- 2. bytes -----------------------------------------------------------------------------
ncsv=0
for f in "$RFC"/*.csv; do
    name=$(basename "$f")
    e="$EU/$name"
    ncsv=$((ncsv + 1))
    [ -f "$e" ] || fail "$name: not in the excel-eu report"
    [ "$(head -c 3 "$e" | od -An -tx1 | tr -d ' \n')" = efbbbf ] ||
        fail "$name: the excel-eu file does not start with a UTF-8 BOM (EF BB BF)"
    [ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' \n')" != efbbbf ] ||
        fail "$name: the rfc4180 file starts with a BOM without --bom"
    want=$(head -n 1 "$f" | tr ',' ';')
    got=$(head -n 1 "$e" | tail -c +4)
    [ "$got" = "$want" ] || fail "$name: excel-eu header '$got', expected '$want'"
    [ "$(wc -l < "$f")" = "$(wc -l < "$e")" ] || fail "$name: not as many lines in both dialects"
    if grep -q $'\r' "$e"; then
        fail "$name: CR in the excel-eu file (line ends are LF)"
    fi
    # a number with a decimal point in an unquoted ';' field
    bad=$(tail -n +2 "$e" | awk -F';' '{ for (i = 1; i <= NF; i++)
            if ($i ~ /^-?[0-9]+\.[0-9]/) { print NR + 1 ": " $i; exit } }')
    [ -z "$bad" ] || fail "$name: a decimal point in the excel-eu file, line $bad"
done
[ "$ncsv" -ge 6 ] || fail "only $ncsv CSV files in the report"
for name in estimates.csv ar.csv car.csv aar.csv tests.csv; do
    n=$(tail -n +2 "$EU/$name" | awk -F';' '{ for (i = 1; i <= NF; i++)
            if ($i ~ /^-?[0-9]+,[0-9]/) n++ } END { print n + 0 }')
    [ "$n" -gt 0 ] || fail "$name: no decimal comma in the excel-eu file"
done

# ---- 3. defimpact diff --------------------------------------------------------------------
"$BIN" diff "$RFC" "$EU" > "$TMP/diff1.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$TMP/diff1.txt" ] ||
    { head -20 "$TMP/diff1.txt"; fail "diff rfc4180 excel-eu: exit $rc, expected 0 and no output"; }
"$BIN" diff "$EU" "$RFC" > "$TMP/diff2.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$TMP/diff2.txt" ] ||
    { head -20 "$TMP/diff2.txt"; fail "diff excel-eu rfc4180: exit $rc, expected 0 and no output"; }

# ---- 4. LibreOffice -----------------------------------------------------------------------
SOFFICE=${SOFFICE:-}
if [ -z "$SOFFICE" ]; then
    SOFFICE=$(command -v soffice || command -v libreoffice || true)
fi
[ -n "$SOFFICE" ] && [ -x "$SOFFICE" ] ||
    fail "LibreOffice is not installed: install the Debian package 'libreoffice-calc-nogui'" \
         "(apt-get install -y libreoffice-calc-nogui), or set SOFFICE=/path/to/soffice"
PROFILE="file://$TMP/lo-profile"
lo() {
    # a private profile: no lock shared with a desktop session or a parallel test
    timeout 120 "$SOFFICE" -env:UserInstallation="$PROFILE" --headless --norestore "$@" \
        >> "$TMP/lo.log" 2>&1
}
mkdir -p "$TMP/lo/in-us" "$TMP/lo/in-de" "$TMP/lo/us" "$TMP/lo/de" "$TMP/lo/back-us" "$TMP/lo/back-de"
cp "$RFC/car.csv" "$TMP/lo/in-us/car.csv"
cp "$EU/car.csv" "$TMP/lo/in-de/car.csv"
# CSV import tokens: separator (44 ',' 59 ';'), text delimiter 34 '"', charset 76 UTF-8,
# first line 1, column formats (none: standard), language 1033 en-US / 1031 de-DE (how numbers
# are recognised)
lo --infilter="CSV:44,34,76,1,,1033" --convert-to fods --outdir "$TMP/lo/us" "$TMP/lo/in-us/car.csv" ||
    { cat "$TMP/lo.log"; fail "LibreOffice could not convert the rfc4180 car.csv"; }
lo --infilter="CSV:59,34,76,1,,1031" --convert-to fods --outdir "$TMP/lo/de" "$TMP/lo/in-de/car.csv" ||
    { cat "$TMP/lo.log"; fail "LibreOffice could not convert the excel-eu car.csv"; }
for s in us de; do
    [ -s "$TMP/lo/$s/car.fods" ] || { cat "$TMP/lo.log"; fail "LibreOffice wrote no $s/car.fods"; }
done

# numeric cells of our rfc4180 car.csv (no quoted fields in it)
grep -q '"' "$RFC/car.csv" && fail "car.csv has quoted fields: the cell count below needs none"
want_float=$(tail -n +2 "$RFC/car.csv" | awk -F',' '{ for (i = 1; i <= NF; i++)
        if ($i ~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) n++ } END { print n + 0 }')
# cells by office:value-type in a flat ODS, counting table:number-columns-repeated
count_cells() {
    grep -o '<table:table-cell[^>]*>' "$1" | awk -v want="$2" '{
        t = "empty"; n = 1
        if (match($0, /office:value-type="[a-z]*"/)) t = substr($0, RSTART + 19, RLENGTH - 20)
        if (match($0, /table:number-columns-repeated="[0-9]*"/))
            n = substr($0, RSTART + 31, RLENGTH - 32) + 0
        if (t == want) c += n
    } END { print c + 0 }'
}
for s in us de; do
    got=$(count_cells "$TMP/lo/$s/car.fods" float)
    [ "$got" = "$want_float" ] ||
        fail "LibreOffice ($s) read $got numeric cells in car.csv, expected $want_float" \
             "(numbers read as text?)"
done
[ "$want_float" -gt 100 ] || fail "only $want_float numeric cells in car.csv"
# the BOM must not end up in A1
grep -q '<text:p>event_id</text:p>' "$TMP/lo/de/car.fods" ||
    fail "LibreOffice (de) does not see 'event_id' in A1 (the BOM read as text?)"

# back to CSV with one en-US filter: separator, quote, UTF-8, line 1, no column formats,
# en-US, quote all text cells = false, (import only) = true, save as shown = false (full
# precision), export formulas = false, remove spaces = false
OUTF='csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false'
lo --convert-to "$OUTF" --outdir "$TMP/lo/back-us" "$TMP/lo/us/car.fods" &&
    lo --convert-to "$OUTF" --outdir "$TMP/lo/back-de" "$TMP/lo/de/car.fods" ||
    { cat "$TMP/lo.log"; fail "LibreOffice could not write car.csv back"; }
cmp -s "$TMP/lo/back-us/car.csv" "$TMP/lo/back-de/car.csv" || {
    "$BIN" diff "$TMP/lo/back-us/car.csv" "$TMP/lo/back-de/car.csv" --rtol 0 --atol 0 | head -10
    fail "LibreOffice read the excel-eu car.csv (de-DE) into other values than the rfc4180 one (en-US)"
}
"$BIN" diff "$RFC/car.csv" "$TMP/lo/back-us/car.csv" --rtol 1e-14 --atol 0 > "$TMP/diff3.txt" 2>&1 ||
    { head -10 "$TMP/diff3.txt"; fail "the car.csv values did not survive LibreOffice"; }

echo "PASS dialect: $ncsv CSV files; excel-eu = rfc4180 for defimpact diff; LibreOffice read" \
     "$want_float numbers from both car.csv files"
exit 0
