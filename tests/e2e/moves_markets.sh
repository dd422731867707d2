#!/usr/bin/env bash
# moves, issue 13: a mistyped "+40%" (LDO.MI) on a file without High/Low for
# the stock's row is flagged as disagreeing with the day's prices (more than
# 4 residual sd from its close-to-close move), not as unusual; the shipped
# study with --benchmark-series basket (the equal-weight basket of the other
# reported stocks) runs and fits every stock with prices on it.
set -euo pipefail
BIN=$1 PROJ=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$PROJ/datasets
fail=0
sed 's/^LDO.MI,Leonardo,-3.5,/LDO.MI,Leonardo,40,/' "$D/reported-moves-2025-12-29.csv" > "$T/typo.csv"
"$BIN" moves "$D/reported-moves-2025-12-29.ini" --reported "$T/typo.csv" --quiet --out "$T/typo"
if grep -q '^  LDO.MI Leonardo: +40.00% = .*disagrees with the day.s prices' "$T/typo/summary.txt" &&
	! grep -q '^  Unusual at 5% (|z|, any row): .*LDO.MI' "$T/typo/summary.txt"; then
	echo "ok typo: +40% disagrees with the day's prices, not unusual"
else
	echo "FAIL typo"
	grep 'LDO.MI' "$T/typo/summary.txt" | head -3
	fail=1
fi
"$BIN" moves "$D/reported-moves-2025-12-29.ini" --benchmark-series basket --quiet --out "$T/basket"
if grep -q '^Benchmark: STOXXTMAD, reported -1.80%; history from basket' "$T/basket/summary.txt" &&
	awk -F, '$1 == "RHM.DE" && $23 == "stock" { ok = $7 != "" } END { exit !ok }' "$T/basket/moves.csv"; then
	echo "ok basket: every stock with prices has a beta on the basket of the others"
else
	echo "FAIL basket"
	head -3 "$T/basket/moves.csv"
	fail=1
fi
exit $fail
