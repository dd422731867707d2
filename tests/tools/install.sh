#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then use the installation as a
# user would: the tool and its man pages; the example program built with
# pkg-config against the shared library, and with CMake find_package against
# the static library (COMPONENTS static); both examples run the shipped study
# and must write the same report as the installed tool.
#   bash tests/tools/install.sh BUILD_DIR PROJECT_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd) PROJ=$(cd "$2" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL install: $*"; exit 1; }
P=$T/prefix
EX=$P/share/doc/defimpact/examples

cmake --install "$BUILD" --prefix "$P" > "$T/install.log" || { cat "$T/install.log"; fail "cmake --install"; }
version=$(sed -n 's/^project(defimpact VERSION \([0-9.]*\).*/\1/p' "$PROJ/CMakeLists.txt")
[ "$("$P/bin/defimpact" --version)" = "defimpact $version" ] || fail "bin/defimpact --version"
for f in include/defimpact/defimpact.h lib/libdefimpact.a lib/pkgconfig/defimpact.pc \
	lib/cmake/defimpact/defimpact-config.cmake share/bash-completion/completions/defimpact \
	share/zsh/site-functions/_defimpact share/doc/defimpact/examples/event_study.c; do
	[ -e "$P/$f" ] || fail "missing $f"
done
soname=$(readelf -d "$P/lib/libdefimpact.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ -n "$soname" ] && [ -e "$P/lib/$soname" ] || fail "libdefimpact.so has no SONAME or no $soname"
echo "ok   installed: defimpact $version, $soname"

# every man page renders without a warning, and names every option of --help
for page in defimpact defimpact-run defimpact-moves defimpact-diff defimpact-simulate; do
	MANWIDTH=80 LC_ALL=C.UTF-8 MANPAGER=cat man --warnings -M "$P/share/man" "$page" \
		> "$T/$page.txt" 2> "$T/$page.err" || fail "man -M P/share/man $page"
	[ -s "$T/$page.err" ] && { cat "$T/$page.err"; fail "man $page: warnings"; }
	grep -q "^NAME" "$T/$page.txt" || fail "man $page: no NAME section"
done
grep -q -- "--min-estimation" "$T/defimpact-run.txt" || fail "defimpact-run(1) lacks --min-estimation"
echo "ok   man pages"

# the shipped study, by the installed tool: the reference report
cd "$PROJ"
"$P/bin/defimpact" run datasets/peace-talks-2025.ini --quiet --out "$T/tool" || fail "installed tool run"

# pkg-config, shared library
export PKG_CONFIG_PATH=$P/lib/pkgconfig
flags=$(pkg-config --cflags --libs defimpact) || fail "pkg-config --cflags --libs defimpact"
# (outputs captured first: with pipefail, grep -q closing the pipe early fails the producer)
[[ $(pkg-config --print-requires-private defimpact) == *gsl* ]] || fail "defimpact.pc: no Requires.private gsl"
cc -std=c17 -Wall -Wextra -Werror "$EX/event_study.c" $flags -Wl,-rpath,"$P/lib" -o "$T/ex-pc" \
	|| fail "building the example with pkg-config"
[[ $(ldd "$T/ex-pc") == *"$P/lib/libdefimpact.so"* ]] || fail "the pkg-config example does not use $P/lib/libdefimpact.so"
"$T/ex-pc" datasets/peace-talks-2025.ini "$T/ex-pc-report" > /dev/null || fail "the pkg-config example failed"
diff -r "$T/tool" "$T/ex-pc-report" || fail "the pkg-config example's report differs from the tool's"
echo "ok   example via pkg-config (shared library) writes the tool's report"

# the Python binding, installed, over the installed shared library
DEFIMPACT_LIBRARY="$P/lib/libdefimpact.so" PYTHONPATH="$P/lib/python3/dist-packages" \
	python3 -c 'import defimpact; defimpact.run({"M": (["2025-01-02"], [1.0])}, [], market="M")' \
	> "$T/py.log" 2>&1 && fail "the installed Python binding accepted a study without events"
grep -q "defimpact.Error: <events>: no events" "$T/py.log" || { cat "$T/py.log"; fail "the installed Python binding"; }
echo "ok   the Python binding over the installed library"

# CMake find_package, static library
cmake -S "$EX" -B "$T/ex-cmake" -DCMAKE_PREFIX_PATH="$P" -DEXAMPLE_STATIC=ON > "$T/cmake.log" 2>&1 \
	|| { cat "$T/cmake.log"; fail "configuring the example with find_package(defimpact COMPONENTS static)"; }
cmake --build "$T/ex-cmake" > "$T/build.log" 2>&1 || { cat "$T/build.log"; fail "building the CMake example"; }
[[ $(ldd "$T/ex-cmake/event_study") == *libdefimpact* ]] && fail "the static example links libdefimpact.so"
"$T/ex-cmake/event_study" datasets/peace-talks-2025.ini "$T/ex-cmake-report" > /dev/null \
	|| fail "the CMake example failed"
diff -r "$T/tool" "$T/ex-cmake-report" || fail "the CMake example's report differs from the tool's"
echo "ok   example via find_package (static library) writes the tool's report"
echo "PASS install"
