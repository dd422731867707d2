#!/usr/bin/env bash
# Memory errors and leaks under valgrind: the shipped studies (run and
# moves) and a sample of the hostile-input corpus (one case per kind of
# failure), each with zero errors and zero definite or indirect leaks.
#
#   bash tests/e2e/valgrind.sh PATH_TO_DEFIMPACT PROJECT_DIR
#
# About 20 s on two cores. The AddressSanitizer
# build cannot run under valgrind: on such a binary this script says SKIP
# and passes (LeakSanitizer checks that build, the whole corpus included).
set -u
if [ $# -ne 2 ]; then
	echo "usage: bash $0 PATH_TO_DEFIMPACT PROJECT_DIR" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
export LC_ALL=C
# the tool runs itself again for glibc's huge pages (src/cli/main.c); a
# process that valgrind does not follow into that exec would be checked
# by nobody: naming the tunable keeps the first process the one that runs
export GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=0
if grep -qa __asan_init "$BIN"; then
	echo "SKIP: $BIN is an AddressSanitizer build; LeakSanitizer checks it in its own pass"
	exit 0
fi
if ! command -v valgrind >/dev/null; then
	echo "FAIL: valgrind is not installed (scripts/deps --test installs it)"
	exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-valgrind.XXXXXX")
chmod 755 "$T"
mkdir "$T/logs"
chmod 1777 "$T/logs" # a corpus case may run as nobody
trap 'rm -rf "$T"' EXIT
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --log-file=$T/logs/vg.%p.log"
fail=0

# did valgrind write anything (with -q: only errors and leaks)?
vg_reported() {
	find "$T/logs" -name 'vg.*.log' -size +0 | grep -q .
}

# vg NAME WANT_EXIT ARGS...: one run under valgrind, from the project folder
vg() {
	local name=$1 want=$2 code
	shift 2
	rm -f "$T"/logs/vg.*.log
	(cd "$PROJ" && $VG "$BIN" "$@") >"$T/out" 2>"$T/err"
	code=$?
	if [ "$code" = "$want" ] && ! vg_reported; then
		echo "PASS $name"
	else
		echo "FAIL $name: exit $code (expected $want; 99 = valgrind found errors)"
		cat "$T"/logs/vg.*.log 2>/dev/null | head -80
		head -c 2000 "$T/err"
		fail=1
	fi
}

# a few placebo trials on two threads: the placebo code and the pool are
# checked without valgrind running a thousand trials per study
vg "run, the shipped study" 0 run datasets/peace-talks-2025.ini --quiet --placebo 20 --jobs 2 \
	--out "$T/r1"
vg "run, the shipped controls study, factor model" 0 run datasets/peace-talks-2025-controls.ini \
	--quiet --model factor --factor ^GDAXI --placebo 20 --jobs 2 --out "$T/r2"
vg "run, replacing a report" 0 run datasets/peace-talks-2025.ini --quiet --placebo 20 --jobs 2 \
	--out "$T/r1"
vg "simulate, the shipped study" 0 simulate datasets/peace-talks-2025.ini --quiet --trials 10 \
	--placebo 9 --jobs 2 --out "$T/s1"
vg "moves, the shipped file" 0 moves datasets/reported-moves-2025-12-29.ini --quiet --out "$T/m1"
vg "diff, a report with itself" 0 diff "$T/r1" "$T/r1"
vg "diff, two different reports" 4 diff "$T/r1" "$T/r2"

# one corpus case per kind of failure, through the corpus runner
cases=(prices-unterminated-quote prices-nul-byte prices-overlong-line long-dates-out-of-order
	wide-negative-price events-invalid-utf8-label events-before-data securities-duplicate-ticker
	study-unknown-key study-windows-overlap cli-unknown-market cli-missing-value
	data-market-short io-out-foreign-folder io-prices-empty-folder io-prices-unreadable
	moves-asof-differs)
rm -f "$T"/logs/vg.*.log
if DI_WRAP="$VG" bash "$PROJ/tests/e2e/bad_inputs.sh" "$BIN" "$PROJ" "${cases[@]}" >"$T/bad.log" 2>&1 &&
	! vg_reported; then
	echo "PASS ${#cases[@]} hostile inputs"
else
	echo "FAIL hostile inputs under valgrind (exit 99 = valgrind found errors):"
	grep -v '^PASS' "$T/bad.log" | head -60
	cat "$T"/logs/vg.*.log 2>/dev/null | head -80
	fail=1
fi
exit $fail
