#!/usr/bin/env bash
# `cpack -G DEB` builds a package whose Depends are installed Debian packages
# (so the names are right on this Debian), whose tool runs when unpacked, and
# which holds the library with its SONAME link, the headers, the pkg-config
# file, the man pages and the completions. (Installing it with dpkg is left to
# a person: a test does not change the system.)
#   bash tests/tools/deb.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-deb.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL deb: $*"; exit 1; }
(cd "$T" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$T/out") > "$T/cpack.log" 2>&1 \
	|| { cat "$T/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$T"/out/defimpact_*.deb)
echo "ok   $(basename "$deb"): $(stat -c %s "$deb") bytes"
depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] || fail "no Depends"
IFS=, read -r -a deps <<< "$depends"
for d in "${deps[@]}"; do
	name=$(echo "$d" | sed 's/(.*//; s/ //g')
	[[ $(dpkg-query -W -f='${Status}' "$name" 2>/dev/null) == *"install ok installed"* ]] \
		|| fail "Depends names '$name', which is not an installed package here"
done
echo "ok   Depends: $depends"
dpkg-deb -c "$deb" > "$T/listing"
awk '{print $6}' "$T/listing" > "$T/files"
for f in ./usr/bin/defimpact ./usr/lib/libdefimpact.a ./usr/lib/pkgconfig/defimpact.pc \
	./usr/include/defimpact/defimpact.h ./usr/share/man/man1/defimpact-run.1 \
	./usr/share/bash-completion/completions/defimpact ./usr/lib/cmake/defimpact/defimpact-config.cmake; do
	grep -qx "$f" "$T/files" || fail "the package lacks $f"
done
grep -q 'libdefimpact.so.[0-9.]* -> ' "$T/listing" || fail "no SONAME link"
dpkg-deb -x "$deb" "$T/root"
[[ $("$T/root/usr/bin/defimpact" --version) == "defimpact "[0-9]* ]] || fail "the packaged tool does not run"
grep -q '^prefix=/usr$' "$T/root/usr/lib/pkgconfig/defimpact.pc" || fail "defimpact.pc: prefix is not /usr"
echo "PASS deb"
