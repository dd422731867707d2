#!/usr/bin/env bash
# The report must not depend on the user's locale: runs the shipped study under LC_ALL=C,
# de_DE.UTF-8 and fr_FR.UTF-8 (both write "0,5" for one half) and checks that the report
# folders are byte-identical (diff -r: every CSV, summary.txt, the SVGs, manifest.txt and the
# marker). Also checks that the tool never calls setlocale() with a locale other than "C"/"POSIX"
# (an LD_PRELOAD shim built with cc; without cc, that the binary does not import setlocale).
#
#   bash tests/e2e/locale.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Needs: glibc's localedef and the locale sources (Debian package `locales`). A locale that is
# not installed is compiled into a private folder (LOCPATH), which needs no root. Fails, never
# skips, when that is impossible.
# The runs use --placebo 50: every column and line of the report is still there (placebo
# p-values included), at a twentieth of the default trials' cost; e2e/golden runs the default.
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init locale "$@"
STUDY="$PROJ/datasets/peace-talks-2025.ini"
fail() {
    echo "FAIL locale: $*"
    exit 1
}
[ -x "$BIN" ] || fail "$BIN is not an executable"
[ -f "$STUDY" ] || fail "no study file $STUDY"

# ---- the locales --------------------------------------------------------------------------
# Use the system's copy when it has one; else compile ours into $TMP/locales.
have_locale() {
    # "locale" prints the decimal point of the locale in force; a missing locale falls back to
    # C with a warning on stderr, and the point stays '.'
    [ "$(LC_ALL=$1 locale decimal_point 2>/dev/null)" = "," ]
}
export LOCPATH_PRIVATE="$TMP/locales"
for loc in de_DE fr_FR; do
    if have_locale "$loc.UTF-8"; then
        continue
    fi
    if ! command -v localedef > /dev/null 2>&1; then
        fail "locale $loc.UTF-8 is missing and localedef is not installed: install the Debian" \
             "package 'locales' (apt-get install -y locales)"
    fi
    if [ ! -f "/usr/share/i18n/locales/$loc" ] && [ -z "${I18NPATH:-}" ]; then
        fail "locale $loc.UTF-8 is missing and its source /usr/share/i18n/locales/$loc is not" \
             "installed: install the Debian package 'locales' (apt-get install -y locales)"
    fi
    mkdir -p "$LOCPATH_PRIVATE"
    # localedef exits 1 on warnings while still writing a usable locale: check the result
    localedef -i "$loc" -f UTF-8 "$LOCPATH_PRIVATE/$loc.UTF-8" > "$TMP/localedef-$loc.log" 2>&1
    export LOCPATH="$LOCPATH_PRIVATE"
    if ! have_locale "$loc.UTF-8"; then
        sed 's/^/    /' "$TMP/localedef-$loc.log"
        fail "could not make locale $loc.UTF-8 with localedef (package 'locales')"
    fi
done
for loc in de_DE.UTF-8 fr_FR.UTF-8; do
    have_locale "$loc" || fail "locale $loc is not usable"
done

# ---- a watch on setlocale -----------------------------------------------------------------
PRELOAD=""
CC=${CC:-cc}
if command -v "$CC" > /dev/null 2>&1; then
    cat > "$TMP/shim.c" << 'EOF'
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Records every setlocale(cat, name) with a name other than NULL, "C" or "POSIX". */
char *setlocale(int cat, const char *name)
{
	char *(*real)(int, const char *) =
		(char *(*)(int, const char *))dlsym(RTLD_NEXT, "setlocale");
	const char *log = getenv("DI_SETLOCALE_LOG");
	if (name && strcmp(name, "C") && strcmp(name, "POSIX") && log) {
		FILE *f = fopen(log, "a");
		if (f) {
			fprintf(f, "setlocale(%d, \"%s\")\n", cat, name);
			fclose(f);
		}
	}
	return real(cat, name);
}
EOF
    if "$CC" -shared -fPIC -o "$TMP/shim.so" "$TMP/shim.c" -ldl > "$TMP/cc.log" 2>&1; then
        PRELOAD="$TMP/shim.so"
    else
        sed 's/^/    /' "$TMP/cc.log"
        fail "could not build the setlocale shim with $CC"
    fi
elif command -v nm > /dev/null 2>&1; then
    if nm -u "$BIN" 2> /dev/null | grep -qw setlocale; then
        fail "$BIN imports setlocale (and no C compiler to see how it calls it)"
    fi
else
    echo "locale: no cc and no nm: the setlocale check relies on the byte-identity alone"
fi

# ---- the runs -----------------------------------------------------------------------------
for loc in C de_DE.UTF-8 fr_FR.UTF-8; do
    out="$TMP/out-$loc"
    mkdir -p "$out"
    # an ASan build wants its runtime first; the shim only wraps setlocale
    if ! env LC_ALL="$loc" LANG="$loc" DI_SETLOCALE_LOG="$TMP/setlocale.log" \
            ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            ${PRELOAD:+LD_PRELOAD="$PRELOAD"} \
            "$BIN" run "$STUDY" --quiet --placebo 50 --out "$out/x" > "$TMP/run-$loc.log" 2>&1; then
        sed 's/^/    /' "$TMP/run-$loc.log"
        fail "run under LC_ALL=$loc failed"
    fi
    [ -s "$TMP/run-$loc.log" ] && {
        sed 's/^/    /' "$TMP/run-$loc.log"
        fail "run under LC_ALL=$loc printed something with --quiet"
    }
    [ -f "$out/x/car.csv" ] || fail "run under LC_ALL=$loc wrote no car.csv"
done
if [ -s "$TMP/setlocale.log" ]; then
    sed 's/^/    /' "$TMP/setlocale.log"
    fail "the tool called setlocale with a user locale (it must stay in \"C\")"
fi
for loc in de_DE.UTF-8 fr_FR.UTF-8; do
    if ! diff -r "$TMP/out-C/x" "$TMP/out-$loc/x" > "$TMP/diff-$loc.txt" 2>&1; then
        head -20 "$TMP/diff-$loc.txt" | sed 's/^/    /'
        fail "the report under LC_ALL=$loc differs from the one under LC_ALL=C"
    fi
done
nfiles=$(find "$TMP/out-C/x" -type f | wc -l)
echo "PASS locale: $nfiles files byte-identical under C, de_DE.UTF-8 and fr_FR.UTF-8" \
     "${PRELOAD:+(setlocale watched)}"
exit 0
