#!/usr/bin/env bash
# Large input, at a size the test suite can afford: a ~100 MB long-layout
# price file in both row orders (by ticker, and by date as pandas' stack()
# writes it), with peak memory bounded by the data the loader keeps, and a
# clean "out of memory" (exit 5) when the memory is smaller than those data.
# scripts/bench-large does the same with 1 GB and prints the figures.
#
#   bash tests/e2e/large_input.sh PATH_TO_DEFIMPACT PROJECT_DIR
set -u
if [ $# -ne 2 ]; then
	echo "usage: bash $0 PATH_TO_DEFIMPACT PROJECT_DIR" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
fail=0
# 100 MB under a plain build; the AddressSanitizer build (twice the memory,
# several times the time) gets 30 MB: it is there for memory errors
size=100
if grep -qa __asan_init "$BIN"; then
	size=30
	# AddressSanitizer holds freed blocks in a 256 MB quarantine before
	# reusing them: a series grown by doubling and then trimmed to its size
	# leaves about twice its data there (128 MB peak at 30 MB, 69 MB
	# without), which is the sanitizer's memory, not the loader's. This
	# test bounds the loader's memory, so it runs without the quarantine;
	# every other sanitizer test keeps it (use after free).
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
fi
for order in ticker date; do
	echo "== $size MB, rows by $order"
	"$PROJ/scripts/bench-large" --bin "$BIN" --order "$order" --check "$size" || fail=1
done
exit $fail
