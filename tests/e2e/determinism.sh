#!/usr/bin/env bash
# A report is a pure function of its inputs: runs the shipped study twice (the second time
# under another locale, time zone and umask, and with glibc's heap on 4 KiB pages, where the
# first run has the huge pages the tool asks for: src/cli/main.c) into two folders and
# requires them byte-identical
# (`diff -r`, plots and manifest.txt included). Then checks manifest.txt: every input file is
# listed with the size and SHA-256 that `stat` and `sha256sum` give, the shipped study's study
# file, events, securities and every price file are among them, and there is no time in it
# unless --timestamp is given.
#
#   bash tests/e2e/determinism.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Exits 0 when all checks pass, 1 on a failure (each one printed), 2 on bad usage.
# The runs use --placebo 50: every column and line of the report is still there (placebo
# p-values included), at a twentieth of the default trials' cost; e2e/golden runs the default.
set -u
if [ $# -ne 2 ]; then
    echo "usage: bash $0 PATH_TO_DEFIMPACT_BINARY PROJECT_DIR" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
STUDY=datasets/peace-talks-2025.ini
if [ ! -x "$BIN" ]; then
    echo "determinism.sh: $BIN is not an executable" >&2
    exit 2
fi
for tool in sha256sum diff stat; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "determinism.sh: $tool is missing (Debian package coreutils/diffutils)" >&2
        exit 1
    fi
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-determinism.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

# paths in the manifest are as given, relative to the working folder: run from the project
cd "$PROJ" || exit 2
if ! LC_ALL=C TZ=UTC "$BIN" run "$STUDY" --placebo 50 --out "$TMP/a" --quiet 2> "$TMP/a.err"; then
    cat "$TMP/a.err"
    fail "first run exited non-zero"
fi
# a decimal-comma locale when the machine has one
loc=C
for l in de_DE.utf8 fr_FR.utf8; do
    if locale -a 2>/dev/null | grep -qx "$l"; then
        loc=$l
        break
    fi
done
if ! (umask 077 && LC_ALL=$loc TZ=Asia/Kolkata GLIBC_TUNABLES=glibc.malloc.hugetlb=0 \
    "$BIN" run "$STUDY" --placebo 50 --out "$TMP/b" --quiet) \
    2> "$TMP/b.err"; then
    cat "$TMP/b.err"
    fail "second run (LC_ALL=$loc) exited non-zero"
fi
[ "$failed" = 0 ] || exit 1

if diff -r "$TMP/a" "$TMP/b" > "$TMP/diff.txt"; then
    echo "PASS: two runs are byte-identical ($(ls "$TMP/a" | wc -l) files, second under LC_ALL=$loc)"
else
    head -40 "$TMP/diff.txt"
    fail "two runs of $STUDY differ"
fi
n_svg=$(ls "$TMP/a" | grep -c '\.svg$')
[ "$n_svg" -ge 2 ] || fail "expected plots in the report, found $n_svg .svg files"

M="$TMP/a/manifest.txt"
if [ ! -s "$M" ]; then
    fail "no manifest.txt"
    exit 1
fi
grep -q "^defimpact-version: $("$BIN" --version | grep -o '[0-9][0-9.]*' | head -1)\$" "$M" ||
    fail "manifest.txt does not give the version of --version"
grep -qx "command: run" "$M" || fail "manifest.txt: no 'command: run'"
for key in model returns estimation event-window car min-estimation market factor tickers \
    clean-estimation csv-dialect bom; do
    grep -q "^$key:" "$M" || fail "manifest.txt: no '$key:' line"
done
grep -q "^generated:" "$M" && fail "manifest.txt has a time without --timestamp"

# every input line agrees with sha256sum and stat
ninputs=0
while read -r tag hash size role path; do
    [ "$tag" = "input:" ] || continue
    ninputs=$((ninputs + 1))
    if [ ! -f "$path" ]; then
        fail "manifest lists $path, which is not a file"
        continue
    fi
    want=$(sha256sum < "$path" | cut -d' ' -f1)
    [ "$hash" = "$want" ] || fail "$path: manifest sha256 $hash, sha256sum $want"
    wsize=$(stat -c %s "$path")
    [ "$size" = "$wsize" ] || fail "$path: manifest size $size, stat $wsize"
    echo "$role $path" >> "$TMP/listed.txt"
done < "$M"
[ "$ninputs" -gt 0 ] || fail "manifest.txt lists no input"
grep -qx "study $STUDY" "$TMP/listed.txt" || fail "manifest.txt does not list the study file"
grep -qx "events datasets/peace-talks-2025/events.csv" "$TMP/listed.txt" ||
    fail "manifest.txt does not list the events file"
grep -qx "securities datasets/peace-talks-2025/securities.csv" "$TMP/listed.txt" ||
    fail "manifest.txt does not list the securities file"
for p in datasets/peace-talks-2025/prices/*.csv; do
    grep -qxF "prices $p" "$TMP/listed.txt" || fail "manifest.txt does not list $p"
done
[ "$failed" = 0 ] && echo "PASS: manifest.txt lists $ninputs inputs, each with sha256sum's digest and its size"

# --timestamp adds the time, and only then
if "$BIN" run "$STUDY" --placebo 50 --out "$TMP/t" --quiet --timestamp 2> "$TMP/t.err"; then
    grep -Eq '^generated: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' "$TMP/t/manifest.txt" ||
        fail "--timestamp: no 'generated: YYYY-MM-DDTHH:MM:SSZ' line"
else
    cat "$TMP/t.err"
    fail "run with --timestamp exited non-zero"
fi

exit "$failed"
