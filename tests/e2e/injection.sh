#!/usr/bin/env bash
# Event ids and labels come from users: a cell that a spreadsheet would run
# as a formula (=, +, -, @, tab, CR) must reach the CSV files with a leading
# ', in both dialects, and summary/plots must still be written. A negative
# number is not a formula and keeps its sign.
set -euo pipefail
BIN=$1 PROJ=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$PROJ/datasets/peace-talks-2025
cat > "$T/events.csv" <<'CSV'
id,date,label,type
"=HYPERLINK(""http://x"",""y"")",2025-12-28,"=1+1 label",+peace
@SUM,2025-12-15,"@cmd",-escalation
CSV
fail=0
for dialect in rfc4180 excel-eu; do
	out=$T/$dialect
	"$BIN" run --prices "$D/prices" --events "$T/events.csv" --market ^STOXX --tickers RHM.DE,LDO.MI \
		--csv-dialect "$dialect" --quiet --out "$out"
	sep=,
	[ "$dialect" = excel-eu ] && sep=';'
	# every event_id cell must start with ' (quoted when it holds the separator or quotes)
	bad=$(awk -F"$sep" 'FNR > 1 && $1 !~ /^"?type:/ && $1 !~ /^"?ALL/ && $1 !~ /^"?'"'"'/ { print FILENAME ": " $0; exit }' \
		"$out/estimates.csv" "$out/ar.csv" "$out/car.csv" "$out/aar.csv" "$out/tests.csv")
	if [ -n "$bad" ]; then
		echo "FAIL $dialect: unguarded formula cell: $bad"
		fail=1
	fi
	# a block id that does not begin with a formula character is left alone
	grep -q "^type:+peace$sep" "$out/aar.csv" || { echo "FAIL $dialect: type block id changed"; fail=1; }
	grep -q "^\"'=HYPERLINK(\"\"http://x\"\"" "$out/estimates.csv" || {
		echo "FAIL $dialect: quoting of the guarded id is wrong"
		fail=1
	}
	# a negative number stays a number
	grep -q "^'@SUM${sep}RHM.DE${sep}-10${sep}" "$out/ar.csv" || { echo "FAIL $dialect: day -10 lost its sign"; fail=1; }
	[ -s "$out/summary.txt" ] && [ -s "$out/overview.svg" ] || { echo "FAIL $dialect: summary or plot missing"; fail=1; }
	[ $fail -eq 0 ] && echo "ok $dialect"
done
exit $fail
