#!/usr/bin/env bash
# The inputs users really have (issue 14): which series a study takes by
# default, a securities file's role and file columns, newest-first price
# files, dates as spreadsheets write them and an events tickers cell typed
# with commas. Each check runs the tool on a small
# copy of tests/bad/_common and looks at what it wrote.
#
#   bash tests/e2e/inputs.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Exits 0 when all checks pass, 1 on a failure (each one printed), 2 on bad usage.
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init inputs "$@"
export LC_ALL=C
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}
# the tickers of estimates.csv, one line
tickers_of() {
	tail -n +2 "$1/estimates.csv" | cut -d, -f2 | sort -u | tr '\n' ' '
}

cp -r "$PROJ/tests/bad/_common" "$TMP/in"
cd "$TMP/in" || exit 2
cp prices/BBB.csv 'prices/^IDX.csv'
cp prices/MKT.csv 'prices/EURUSD=X.csv'
base=(--events events.csv --market MKT --min-estimation 30 --estimation -60:-11)

# 1. without --tickers an index and an FX pair are left out, and the run says so
"$BIN" run --prices prices "${base[@]}" --out "$TMP/r1" 2> "$TMP/r1.err" >/dev/null || fail "default run failed: $(cat "$TMP/r1.err")"
[ "$(tickers_of "$TMP/r1")" = "AAA BBB " ] || fail "default securities: $(tickers_of "$TMP/r1")"
grep -qF 'left out of the securities, as not a stock: EURUSD=X (an FX pair), ^IDX (an index)' "$TMP/r1.err" ||
	fail "no note of what was left out: $(cat "$TMP/r1.err")"
grep -qF 'EURUSD=X (an FX pair)' "$TMP/r1/summary.txt" || fail "the summary does not say what was left out"

# 2. a role column chooses the securities
printf 'ticker,name,role\nAAA,Alpha,security\nBBB,Beta,\nMKT,Market,market\n' > sec.csv
"$BIN" run --prices prices --securities sec.csv "${base[@]}" --out "$TMP/r2" 2> "$TMP/r2.err" >/dev/null || fail "role run failed: $(cat "$TMP/r2.err")"
[ "$(tickers_of "$TMP/r2")" = "AAA " ] || fail "role securities: $(tickers_of "$TMP/r2")"

# 3. a newest-first file gives the same report as the oldest-first one
mkdir -p desc
{ head -n 1 prices/AAA.csv; tail -n +2 prices/AAA.csv | tac; } > desc/AAA.csv
"$BIN" run --prices desc/AAA.csv --prices prices/BBB.csv --prices prices/MKT.csv "${base[@]}" \
	--out "$TMP/r3" 2> "$TMP/r3.err" >/dev/null || fail "descending run failed: $(cat "$TMP/r3.err")"
"$BIN" run --prices prices/AAA.csv --prices prices/BBB.csv --prices prices/MKT.csv "${base[@]}" \
	--out "$TMP/r3a" 2> "$TMP/r3a.err" >/dev/null || fail "ascending run failed: $(cat "$TMP/r3a.err")"
for f in estimates.csv ar.csv car.csv aar.csv tests.csv; do
	cmp -s "$TMP/r3/$f" "$TMP/r3a/$f" || fail "newest-first file: $f differs"
done

# 4. an events tickers cell typed with commas
printf 'id,date,label,tickers\ne1,2025-02-24,x,"AAA, BBB"\n' > ev2.csv
"$BIN" run --prices prices --events ev2.csv --market MKT --min-estimation 30 --estimation -60:-11 \
	--quiet --tickers AAA,BBB --out "$TMP/r4" 2> "$TMP/r4.err" >/dev/null || fail "commas in tickers: $(cat "$TMP/r4.err")"
[ "$(tickers_of "$TMP/r4")" = "AAA BBB " ] || fail "commas in tickers: $(tickers_of "$TMP/r4")"

# 5. a securities file's `file` column names a vendor's file (Stooq: aaa_us_d.csv)
mkdir -p stooq
cp prices/AAA.csv stooq/aaa_us_d.csv
cp prices/MKT.csv prices/BBB.csv stooq/
printf 'ticker,name,file\nAAA,Alpha,aaa_us_d.csv\n' > sec5.csv
"$BIN" run --prices stooq --securities sec5.csv "${base[@]}" --out "$TMP/r5" 2> "$TMP/r5.err" >/dev/null ||
	fail "file column run failed: $(cat "$TMP/r5.err")"
[ "$(tickers_of "$TMP/r5")" = "AAA BBB " ] || fail "file column: $(tickers_of "$TMP/r5")"
cmp -s "$TMP/r5/car.csv" "$TMP/r3a/car.csv" || fail "file column: car.csv differs from the plainly named files'"

# 6. dates as people's spreadsheets write them: day.month.year prices, and
# day/month/year events (settled from the file), give the ISO files' report
mkdir -p dmy
for f in AAA BBB MKT; do
	awk -F, 'NR == 1 { print; next } { split($1, d, "-"); print d[3] "." d[2] "." d[1] "," $2 }' \
		prices/$f.csv > dmy/$f.csv
done
awk -F, 'NR == 1 { print; next } { split($2, d, "-"); $2 = d[3] "/" d[2] "/" d[1]; print }' OFS=, \
	events.csv > dmy-events.csv
"$BIN" run --prices dmy --events dmy-events.csv --market MKT --min-estimation 30 --estimation -60:-11 \
	--out "$TMP/r6" 2> "$TMP/r6.err" >/dev/null || fail "day-first dates: $(cat "$TMP/r6.err")"
for f in estimates.csv ar.csv car.csv tests.csv; do
	cmp -s "$TMP/r6/$f" "$TMP/r3a/$f" || fail "day-first dates: $f differs"
done
# month/day/year named by --date-format
awk -F, 'NR == 1 { print; next } { split($2, d, "-"); $2 = d[2] "/" d[3] "/" d[1]; print }' OFS=, \
	events.csv > mdy-events.csv
"$BIN" run --prices prices --events mdy-events.csv --market MKT --min-estimation 30 --estimation -60:-11 \
	--date-format %m/%d/%Y --out "$TMP/r7" 2> "$TMP/r7.err" >/dev/null || fail "--date-format: $(cat "$TMP/r7.err")"
cmp -s "$TMP/r7/car.csv" "$TMP/r1/car.csv" || fail "--date-format: car.csv differs from the ISO run's"

[ $failed -eq 0 ] && echo "inputs: all checks passed"
exit $failed
