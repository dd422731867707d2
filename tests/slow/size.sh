#!/usr/bin/env bash
# The size checks of issue 12 ("Done when"), with fixed seeds (slow: ~10 s
# of CPU on one core, more on a loaded machine):
# 1. iid panel (50 securities, no common shock), clustered no, 2,000 trials:
#    every test's nominal size at 5% on day 0 and each CAR window lies in
#    [3.5%, 6.5%]; the exact discrete tests (sign_z, gen_sign_z at N = 50)
#    only need the upper bound (docs/methodology.md, "Size checks").
# 2. common-shock panel (residual correlation 0.5), clustered yes, 500
#    trials of 199 placebo dates: every p_placebo size lies in [3%, 7%]
#    (sign_z, gen_sign_z, wilcoxon_z: upper bound only, see below), and
#    the naive csect_t, patell_z and bmp_t do not hold their nominal size.
# Known exceptions, each checked in a weaker form and printed:
#  - iid, bw_cda_t on CAR windows: the crude dependence adjustment ignores
#    the estimation error of the normal-return model, which inflates the
#    variance of a long window's CAAR by about L/L1 (21/240 at [-10,10]:
#    a true size near 6.1%); there the check is that the 95% Wilson
#    interval of the rate reaches below 6.5%.
#  - shock, p_placebo of sign_z, gen_sign_z and wilcoxon_z: under a common
#    shock on a shared day 0 these statistics pile up at their extremes
#    (all 50 of one sign), and the ties |T*| = |T| count as extreme, so
#    the placebo p is conservative: upper bound only.
#
#   bash tests/slow/size.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
set -u
. "$(dirname "$0")/../e2e/lib/driver.bash"
di_driver_init size "$@"
fails=0

python3 "$PROJ/tests/slow/make_panel.py" "$TMP/iid" iid 12 || exit 1
python3 "$PROJ/tests/slow/make_panel.py" "$TMP/shock" shock 12 || exit 1
sim() {
	local panel=$1
	shift
	"$BIN" simulate --prices "$TMP/$panel/prices.csv" --events "$TMP/$panel/events.csv" \
		--market MKT --inject 0 --seed 1 --quiet --out "$TMP/out-$panel" "$@"
}
sim iid --clustered no --trials 2000 || { echo "FAIL: simulate on the iid panel"; exit 1; }
sim shock --clustered yes --trials 500 --placebo 199 ||
	{ echo "FAIL: simulate on the common-shock panel"; exit 1; }

# check FILE CLUSTERED KIND LO HI UPPER_ONLY_TESTS CI_TESTS
check() {
	awk -F, -v cl="$2" -v kind="$3" -v lo="$4" -v hi="$5" -v up="$6" -v ci="$7" '
	BEGIN { n = split(up, u, " "); for (i = 1; i <= n; i++) upper[u[i]] = 1
		n = split(ci, c, " "); for (i = 1; i <= n; i++) wide[c[i]] = 1 }
	NR > 1 && $4 == cl && $5 == 0 && $10 == kind {
		r = $8 + 0; what = sprintf("%s [%s,%s] %s %s: %.2f%% (95%% CI %.2f-%.2f%%)",
			$1, $2, $3, cl, kind, 100 * r, 100 * $11, 100 * $12)
		if ($6 == 0) { print "FAIL " what " no trials"; bad++; next }
		if (wide[$1] && $2 != $3) ok = $11 + 0 <= hi
		else ok = r <= hi && (upper[$1] || r >= lo)
		print (ok ? "ok   " : "FAIL ") what
		if (!ok) bad++
	}
	END { exit bad > 0 }' "$1"
}
echo "== iid panel, clustered no, 2000 trials, nominal p, size at 5%"
check "$TMP/out-iid/simulate.csv" no nominal 0.035 0.065 "sign_z gen_sign_z" "bw_cda_t" ||
	fails=$((fails + 1))
echo "== common-shock panel, clustered yes, 500 trials x 199 placebo dates, p_placebo, size at 5%"
check "$TMP/out-shock/simulate.csv" yes placebo 0.03 0.07 "sign_z gen_sign_z wilcoxon_z" "" ||
	fails=$((fails + 1))
echo "== common-shock panel: the naive tests over-reject (nominal size above 7%)"
awk -F, 'NR > 1 && $4 == "yes" && $10 == "nominal" &&
	($1 == "csect_t" || $1 == "patell_z" || $1 == "bmp_t") {
		printf "%s %s [%s,%s] %.2f%%\n", ($8 > 0.07 ? "ok  " : "FAIL"), $1, $2, $3, 100 * $8
		if ($8 <= 0.07) bad++ }
	END { exit bad > 0 }' "$TMP/out-shock/simulate.csv" || fails=$((fails + 1))

if [ $fails -eq 0 ]; then
	echo "size: all checks passed"
	exit 0
fi
exit 1
