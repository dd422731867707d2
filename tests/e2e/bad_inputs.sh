#!/usr/bin/env bash
# The hostile-input corpus: every case under tests/bad/<case>/ runs the tool on
# one bad input and checks the exit code, the exact message and that nothing
# was written.
#
#   bash tests/e2e/bad_inputs.sh PATH_TO_DEFIMPACT PROJECT_DIR [CASE...]
#
# A case folder holds its input files and:
#   cmd          the arguments after `defimpact` (shell words; paths relative
#                to the case folder)
#   exit         the expected exit code
#   stderr       the expected stderr, exactly; or
#   stderr.grep  one extended regex per expected stderr line (whole line)
#   setup        optional: a bash script run in the case folder first (to make
#                files that cannot live in git: huge lines, folders, modes)
#   as_nobody    optional: run as user nobody when we are root (root reads
#                and writes everything, so "unreadable" needs another user)
#
# Each case runs in a temporary copy of its folder, next to a copy of
# tests/bad/_common (as common/) and an existing report folder out/ (with
# the .defimpact marker and a sentinel file). After the run every file and
# folder must be exactly as before: the old report untouched, no new report,
# no *.tmp-* or *.old-* folder left behind, nothing on stdout.
#
# Environment: DI_WRAP, a command prefix (e.g. valgrind ...) whose own
# failure shows as a wrong exit code; BLESS=1 writes the stderr files from
# the tool's output (review the diff!); KEEP=1 keeps the temporary folders.
set -u
if [ $# -lt 2 ]; then
	echo "usage: bash $0 PATH_TO_DEFIMPACT PROJECT_DIR [CASE...]" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
shift 2
BAD="$PROJ/tests/bad"
export LC_ALL=C
if [ ! -x "$BIN" ]; then
	echo "bad_inputs.sh: $BIN is not an executable" >&2
	exit 2
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-bad.XXXXXX")
chmod 755 "$TMP" # a case run as nobody must reach its folder
# ... and its binary, wherever the clone lies (/root is closed to others)
cp "$BIN" "$TMP/defimpact-bin" && chmod 755 "$TMP/defimpact-bin" && BIN=$TMP/defimpact-bin
if [ "${KEEP:-0}" = 1 ]; then
	echo "cases kept in $TMP"
else
	trap 'chmod -R u+rwX "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
fi
read -r -a WRAP <<<"${DI_WRAP:-}"
# a wrapper (valgrind) may not follow the exec by which the tool starts
# itself again for huge pages (src/cli/main.c): naming the tunable keeps
# the wrapped process the one that runs
if [ ${#WRAP[@]} -gt 0 ]; then
	export GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=0
fi

# Every path under the folder with its type, mode, size and checksum.
snapshot() {
	(cd "$1" && find . -printf '%y %m %s %p\n' | sort &&
		find . -type f -print0 | sort -z | xargs -0 -r md5sum)
}

if [ $# -gt 0 ]; then
	cases=("$@")
else
	cases=()
	for d in "$BAD"/*/; do
		name=$(basename "$d")
		[ "$name" = _common ] && continue
		cases+=("$name")
	done
fi

pass=0 fail=0
for name in "${cases[@]}"; do
	src="$BAD/$name"
	work="$TMP/$name"
	res="$TMP/$name.result"
	mkdir -p "$work" "$res"
	chmod 755 "$work"
	why=
	if [ ! -f "$src/cmd" ] || [ ! -f "$src/exit" ] ||
		{ [ ! -f "$src/stderr" ] && [ ! -f "$src/stderr.grep" ] && [ "${BLESS:-0}" != 1 ]; }; then
		echo "FAIL $name: the case needs cmd, exit and stderr (or stderr.grep)"
		fail=$((fail + 1))
		continue
	fi
	cp -a "$src/." "$work/"
	rm -f "$work/cmd" "$work/exit" "$work/stderr" "$work/stderr.grep" "$work/setup" "$work/as_nobody"
	cp -a "$BAD/_common" "$work/common"
	mkdir "$work/out"
	echo "This folder is a defimpact report; defimpact may replace it." >"$work/out/.defimpact"
	echo "the previous report: must survive every failure" >"$work/out/sentinel.txt"
	chmod -R a+rX "$work"
	if [ -f "$src/setup" ] && ! (cd "$work" && bash "$src/setup") >"$res/setup.log" 2>&1; then
		echo "FAIL $name: setup failed:"
		sed 's/^/    /' "$res/setup.log"
		fail=$((fail + 1))
		continue
	fi
	before=$(snapshot "$work")
	eval "args=( $(cat "$src/cmd") )"
	runas=()
	if [ -f "$src/as_nobody" ] && [ "$(id -u)" = 0 ]; then
		runas=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	(cd "$work" && exec "${runas[@]}" timeout 120 "${WRAP[@]}" "$BIN" "${args[@]}") \
		>"$res/stdout" 2>"$res/stderr" </dev/null
	code=$?
	after=$(snapshot "$work")
	want=$(cat "$src/exit")

	if [ "${BLESS:-0}" = 1 ] && [ ! -f "$src/stderr.grep" ]; then
		cp "$res/stderr" "$src/stderr"
	fi
	[ "$code" = "$want" ] || why="exit code $code, expected $want"
	if [ -z "$why" ] && [ -f "$src/stderr" ] && ! cmp -s "$src/stderr" "$res/stderr"; then
		why="stderr differs (expected, got):"$'\n'"$(diff "$src/stderr" "$res/stderr" | sed 's/^/    /')"
	fi
	if [ -z "$why" ] && [ -f "$src/stderr.grep" ]; then
		mapfile -t rx <"$src/stderr.grep"
		mapfile -t got <"$res/stderr"
		if [ ${#rx[@]} -ne ${#got[@]} ]; then
			why="stderr has ${#got[@]} lines, expected ${#rx[@]}"
		else
			for i in "${!rx[@]}"; do
				if ! printf '%s\n' "${got[$i]}" | grep -Eqx -- "${rx[$i]}"; then
					why="stderr line $((i + 1)) '${got[$i]}' does not match '${rx[$i]}'"
					break
				fi
			done
		fi
	fi
	if [ -z "$why" ] && [ "$want" != 0 ] && [ -s "$res/stdout" ]; then
		why="a failing run printed on stdout: $(head -c 300 "$res/stdout")"
	fi
	if [ -z "$why" ] && [ "$before" != "$after" ]; then
		why="files changed (before, after):"$'\n'"$(diff <(echo "$before") <(echo "$after") | sed 's/^/    /')"
	fi
	if [ -n "$why" ]; then
		echo "FAIL $name: $why"
		echo "    command: defimpact $(cat "$src/cmd")"
		echo "    stderr:"
		head -c 3000 "$res/stderr" | sed 's/^/      /'
		fail=$((fail + 1))
	else
		echo "PASS $name"
		pass=$((pass + 1))
	fi
done
echo "bad inputs: $pass passed, $fail failed (of ${#cases[@]})"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
