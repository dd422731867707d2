#!/usr/bin/env bash
# No half-written reports: a write failure at any point leaves the previous
# report folder exactly as it was and no temporary folder behind.
#
#   bash tests/e2e/atomic.sh PATH_TO_DEFIMPACT PROJECT_DIR
#
# Faults: a read-only parent folder, a foreign folder without the marker,
# a full device simulated with RLIMIT_FSIZE (ulimit -f, SIGXFSZ ignored: a
# write past the limit fails with EFBIG, as on a full disk) at several sizes
# so that the failure hits different files, a real full tmpfs when we may
# mount one, and stdout on /dev/full. Each fault that cannot be set up on
# this machine prints SKIP with the reason; if no full-device fault at all
# could be set up, the test fails. Last, a wrong library where report.xlsx's
# is opened.
set -u
if [ $# -ne 2 ]; then
	echo "usage: bash $0 PATH_TO_DEFIMPACT PROJECT_DIR" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
export LC_ALL=C
T=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-atomic.XXXXXX")
chmod 755 "$T"
MNT=
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	chmod -R u+rwX "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
cp -a "$PROJ/tests/bad/_common" "$T/data"
chmod -R a+rX "$T/data"
# the cases run as nobody need a binary nobody can reach: the clone may lie
# under a folder closed to others (/root)
cp "$BIN" "$T/defimpact" && chmod 755 "$T/defimpact" && BIN=$T/defimpact
ARGS=(run --prices "$T/data/prices" --events "$T/data/events.csv" --market MKT --quiet)
fail=0 full_faults=0

ok() { echo "PASS $1"; }
bad() {
	echo "FAIL $1"
	fail=1
}

# An old report: the marker, a sentinel and a CSV file.
old_report() {
	mkdir -p "$1"
	echo "This folder is a defimpact report; defimpact may replace it." >"$1/.defimpact"
	echo "the previous report" >"$1/sentinel.txt"
	printf 'event_id,ticker\nold,OLD\n' >"$1/car.csv"
}

snapshot() {
	(cd "$1" && find . -printf '%y %m %s %p\n' | sort &&
		find . -type f -print0 | sort -z | xargs -0 -r md5sum)
}

# check NAME DIR WANT_EXIT CODE STDERR_FILE BEFORE REGEX: the exit code,
# the message, the folder unchanged.
check() {
	local name=$1 dir=$2 want=$3 code=$4 err=$5 before=$6 rx=$7 after
	after=$(snapshot "$dir")
	if [ "$code" != "$want" ]; then
		bad "$name: exit $code, expected $want; stderr: $(head -c 500 "$err")"
	elif ! grep -Eqx -- "$rx" "$err" || [ "$(wc -l <"$err")" != 1 ]; then
		bad "$name: stderr '$(head -c 500 "$err")' is not one line matching '$rx'"
	elif [ "$before" != "$after" ]; then
		bad "$name: the folder changed:"$'\n'"$(diff <(echo "$before") <(echo "$after"))"
	else
		ok "$name"
	fi
}

# 1. a read-only parent folder (root writes anyway: run as nobody then)
P="$T/ro"
old_report "$P/report"
chmod -R a+rX "$P"
chmod 555 "$P"
runas=()
[ "$(id -u)" = 0 ] && runas=(setpriv --reuid=65534 --regid=65534 --clear-groups)
before=$(snapshot "$P")
"${runas[@]}" "$BIN" "${ARGS[@]}" --out "$P/report" >/dev/null 2>"$T/err"
check "read-only parent folder" "$P" 3 $? "$T/err" "$before" \
	"defimpact: cannot create a folder beside $P/report: Permission denied"
chmod 755 "$P"

# 2. a foreign folder (no marker) is never replaced
P="$T/foreign"
mkdir -p "$P/desktop"
echo "my notes" >"$P/desktop/notes.txt"
before=$(snapshot "$P")
"$BIN" "${ARGS[@]}" --out "$P/desktop" >/dev/null 2>"$T/err"
check "foreign folder without .defimpact" "$P" 3 $? "$T/err" "$before" \
	"defimpact: $P/desktop: exists and is not a defimpact report \(no \.defimpact marker\); refusing to replace it"

# 3. a full device, simulated with RLIMIT_FSIZE: each limit fails a
# different file of the report; the last is large enough to succeed
P="$T/fsize"
old_report "$P/report"
failed_files=()
for kb in 1 4 8 16 64 100000; do
	before=$(snapshot "$P")
	(trap '' XFSZ && ulimit -f "$kb" && exec "$BIN" "${ARGS[@]}" --out "$P/report") \
		>/dev/null 2>"$T/err"
	code=$?
	if [ "$kb" = 100000 ]; then
		if [ "$code" = 0 ] && [ -f "$P/report/.defimpact" ] && [ -f "$P/report/ar.csv" ] &&
			[ ! -e "$P/report/sentinel.txt" ] && [ "$(ls -A "$P")" = report ]; then
			ok "no size limit: the report is replaced, nothing left beside it"
		else
			bad "no size limit: exit $code, $(ls -A "$P" | tr '\n' ' '); stderr: $(head -c 500 "$T/err")"
		fi
		continue
	fi
	check "file size limit ${kb} KiB" "$P" 3 $code "$T/err" "$before" \
		"defimpact: cannot write $P/report/[^ ]+: File too large"
	failed_files+=("$(sed -n 's/.*cannot write [^ ]*\/\([^/ :]*\): .*/\1/p' "$T/err")")
	full_faults=$((full_faults + 1))
done
if [ "$(printf '%s\n' "${failed_files[@]}" | sort -u | wc -l)" -lt 2 ]; then
	bad "the size limits all failed the same file (${failed_files[*]}): adjust the limits"
else
	ok "the size limits failed different files: ${failed_files[*]}"
fi

# 4. a real full device: a 64 KiB tmpfs (needs mount permission)
P="$T/tmpfs"
mkdir -p "$P"
if mount -t tmpfs -o size=64k defimpact-full "$P" 2>"$T/mount.err"; then
	MNT=$P
	old_report "$P/report"
	before=$(snapshot "$P")
	"$BIN" "${ARGS[@]}" --out "$P/report" >/dev/null 2>"$T/err"
	check "full tmpfs (64 KiB)" "$P" 3 $? "$T/err" "$before" \
		"defimpact: cannot write $P/report/[^ ]+: No space left on device"
	full_faults=$((full_faults + 1))
	umount "$P"
	MNT=
else
	echo "SKIP full tmpfs: cannot mount one here ($(head -c 200 "$T/mount.err")); RLIMIT_FSIZE covered the full device"
fi

# 5. stdout on a full device: the report is complete (it was committed
# before the message), the failure to print is an I/O error
P="$T/stdout"
mkdir -p "$P"
"$BIN" run --prices "$T/data/prices" --events "$T/data/events.csv" --market MKT \
	--out "$P/report" >/dev/full 2>"$T/err"
code=$?
if [ "$code" = 3 ] && grep -qx 'defimpact: writing output failed' "$T/err" &&
	[ -f "$P/report/.defimpact" ] && [ "$(ls -A "$P")" = report ]; then
	ok "stdout on /dev/full"
else
	bad "stdout on /dev/full: exit $code, stderr '$(head -c 300 "$T/err")', $(ls -A "$P" | tr '\n' ' ')"
fi

# 6. the report folder gets the mode any new folder would (the umask, read
# by mkdir itself; the library never sets it), not mkdtemp's 0700
for mask in 022 027 077; do
	P="$T/umask$mask"
	(umask $mask && "$BIN" "${ARGS[@]}" --out "$P/report" 2>"$T/err") >/dev/null
	want=$(printf '%o' $((0777 & ~8#$mask)))
	got=$(stat -c %a "$P/report" 2>/dev/null)
	if [ "$got" = "$want" ]; then
		ok "umask $mask: report folder mode $got"
	else
		bad "umask $mask: report folder mode '$got', expected $want; $(head -c 300 "$T/err")"
	fi
done

# 7. report.xlsx's library, opened only when a workbook is written
# (src/lib/report/xlsx_api.h): a library of its name that is not
# libxlsxwriter (zlib's, first on the search path) fails the run as an I/O
# error naming it, with the previous report kept
SONAME=$(grep -ao 'libxlsxwriter\.so\.[0-9][0-9]*' "$BIN" | head -1)
ZLIB=$(ldconfig -p 2>/dev/null | awk '/libz\.so\.1 /{print $NF; exit}')
if [ -n "$SONAME" ] && [ -n "$ZLIB" ]; then
	P="$T/xlsxlib"
	old_report "$P/report"
	mkdir -p "$T/fakelib"
	cp "$ZLIB" "$T/fakelib/$SONAME"
	before=$(snapshot "$P")
	LD_LIBRARY_PATH="$T/fakelib" "$BIN" "${ARGS[@]}" --out "$P/report" >/dev/null 2>"$T/err"
	check "a library named $SONAME that is not libxlsxwriter" "$P" 3 $? "$T/err" "$before" \
		"defimpact: report.xlsx needs libxlsxwriter \($SONAME\): it has no workbook_new_opt"
	LD_LIBRARY_PATH="$T/fakelib" "$BIN" "${ARGS[@]}" --formats csv --out "$P/csv" \
		>/dev/null 2>"$T/err"
	code=$?
	if [ "$code" = 0 ] && [ -f "$P/csv/car.csv" ]; then
		ok "--formats csv runs without it"
	else
		bad "--formats csv: exit $code; $(head -c 300 "$T/err")"
	fi
else
	bad "no libxlsxwriter SONAME in $BIN ('$SONAME') or no libz.so.1 ('$ZLIB')"
fi

if [ "$full_faults" = 0 ]; then
	bad "no full-device fault could be set up on this machine"
fi
exit $fail
