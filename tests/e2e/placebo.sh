#!/usr/bin/env bash
# Placebo p-values and simulate do not depend on the thread count: the
# shipped study's report with --jobs 1, 2 and 8 is byte-identical, and so
# is a small simulate report; another --seed changes p_placebo and the
# simulate rates (the seed is really used), --placebo 0 empties both
# columns, and simulate writes its files, columns and marker.
#
#   bash tests/e2e/placebo.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init placebo "$@"
STUDY=$PROJ/datasets/peace-talks-2025.ini
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

for j in 1 2 8; do
	"$BIN" run "$STUDY" --placebo 200 --jobs $j --quiet --out "$TMP/run-j$j" ||
		fail "run --jobs $j exited $?"
done
diff -r "$TMP/run-j1" "$TMP/run-j2" >/dev/null || fail "run: --jobs 1 and 2 differ"
diff -r "$TMP/run-j1" "$TMP/run-j8" >/dev/null || fail "run: --jobs 1 and 8 differ"
head -1 "$TMP/run-j1/tests.csv" | grep -q ',rbar,p_placebo,n_placebo$' ||
	fail "tests.csv lacks p_placebo,n_placebo at the end of its header"
awk -F, 'NR > 1 && $11 != "" { ok = 1 } END { exit !ok }' "$TMP/run-j1/tests.csv" ||
	fail "run --placebo 200: no p_placebo"

"$BIN" run "$STUDY" --placebo 200 --seed 2 --quiet --out "$TMP/run-s2" || fail "run --seed 2"
cmp -s "$TMP/run-j1/tests.csv" "$TMP/run-s2/tests.csv" && fail "run: --seed 2 gives the same tests.csv"
"$BIN" run "$STUDY" --placebo 0 --quiet --out "$TMP/run-p0" || fail "run --placebo 0"
awk -F, 'NR > 1 && ($11 != "" || $12 != "") { bad = 1 } END { exit bad }' "$TMP/run-p0/tests.csv" ||
	fail "run --placebo 0: p_placebo or n_placebo not empty"
grep -q '^Placebo p-values: off' "$TMP/run-p0/summary.txt" || fail "summary: no placebo-off line"
grep -q '^Placebo p-values: 200 placebo dates per event (seed 1' "$TMP/run-j1/summary.txt" ||
	fail "summary: no placebo setup line"

for j in 1 2 8; do
	"$BIN" simulate "$STUDY" --trials 40 --placebo 19 --inject 0,0.01 --jobs $j --quiet \
		--out "$TMP/sim-j$j" || fail "simulate --jobs $j exited $?"
done
diff -r "$TMP/sim-j1" "$TMP/sim-j2" >/dev/null || fail "simulate: --jobs 1 and 2 differ"
diff -r "$TMP/sim-j1" "$TMP/sim-j8" >/dev/null || fail "simulate: --jobs 1 and 8 differ"
for f in simulate.csv summary.txt power.svg .defimpact; do
	[ -f "$TMP/sim-j1/$f" ] || fail "simulate wrote no $f"
done
[ "$(head -1 "$TMP/sim-j1/simulate.csv")" = \
	"test,from,to,clustered,inject,trials,reject_01,reject_05,reject_10,p_kind,ci05_lo,ci05_hi" ] ||
	fail "simulate.csv header"
grep -q ',placebo,' "$TMP/sim-j1/simulate.csv" || fail "simulate --placebo 19: no placebo rows"
"$BIN" simulate "$STUDY" --trials 40 --placebo 19 --inject 0,0.01 --seed 2 --quiet \
	--out "$TMP/sim-s2" || fail "simulate --seed 2"
cmp -s "$TMP/sim-j1/simulate.csv" "$TMP/sim-s2/simulate.csv" &&
	fail "simulate: --seed 2 gives the same rates"
# the shipped study has control stocks: in a simulate trial they are securities
# like the others, so the rank tests see their ranks (they once read none:
# grank_t rejected in 0 of the trials even with 1% injected on day 0)
awk -F, '$2 == 0 && $3 == 1 && $4 == "yes" && $5 == 0.01 && $10 == "nominal" &&
	 ($1 == "grank_t" || $1 == "corrado_rank_z" || $1 == "gsign_z") { n++; if ($8 > 0.2) ok++ }
	 END { exit !(n == 3 && ok == 3) }' "$TMP/sim-j1/simulate.csv" ||
	fail "simulate: a rank test has no power at 1% injected (controls without ranks?)"
# progress only on a terminal: none here, where stderr is a file
"$BIN" simulate "$STUDY" --trials 5 --clustered no --inject 0 --out "$TMP/sim-q" \
	>/dev/null 2>"$TMP/sim-q.err" || fail "simulate --clustered no"
[ -s "$TMP/sim-q.err" ] && fail "simulate wrote to stderr that is not a terminal: $(head -c 200 "$TMP/sim-q.err")"

if [ $fails -eq 0 ]; then
	echo "placebo: all checks passed"
	exit 0
fi
exit 1
