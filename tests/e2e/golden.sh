#!/usr/bin/env bash
# Reruns every shipped study and compares it with its committed golden report:
# CSV files with `defimpact diff` (numbers to the default tolerance), every
# other file byte for byte. scripts/regen-reports rewrites them on purpose.
set -euo pipefail
BIN=$1 PROJ=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$PROJ"
fail=0 n=0
for ini in datasets/*.ini; do
	name=$(basename "$ini" .ini)
	golden=reports/$name
	if grep -q '^\[study\]' "$ini"; then cmd=run; else cmd=moves; fi
	if [ ! -d "$golden" ]; then
		echo "FAIL $name: no golden report $golden (run scripts/regen-reports)"
		fail=1
		continue
	fi
	"$BIN" $cmd "$ini" --quiet --out "$T/$name"
	n=$((n + 1))
	if ! "$BIN" diff "$golden" "$T/$name"; then
		echo "FAIL $name: CSV files differ from $golden"
		fail=1
	fi
	for f in "$golden"/* "$T/$name"/*; do
		b=$(basename "$f")
		case "$b" in *.csv) continue ;; esac
		if ! cmp -s "$golden/$b" "$T/$name/$b"; then
			echo "FAIL $name: $b differs from the golden report (or is missing on one side)"
			fail=1
		fi
	done
	[ $fail -eq 0 ] && echo "ok $name"
done
[ $n -gt 0 ] || { echo "FAIL: no study was run"; exit 1; }
exit $fail
