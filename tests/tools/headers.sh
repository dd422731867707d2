#!/usr/bin/env bash
# Every public header compiles on its own, as C17 and as C++17, without
# warnings (-Wall -Wextra -pedantic -Werror), and declares nothing that needs
# another include first.
#   bash tests/tools/headers.sh INCLUDE_DIR
set -euo pipefail
INC=$1
CC=${CC:-cc}
CXX=${CXX:-c++}
command -v "$CXX" > /dev/null || { echo "FAIL: no C++ compiler '$CXX' (Debian package g++)"; exit 1; }
n=0 bad=0
for h in "$INC"/defimpact/*.h; do
	name=defimpact/$(basename "$h")
	src="#include <$name>
int main(void) { return 0; }"
	if ! printf '%s\n' "$src" | "$CC" -std=c17 -Wall -Wextra -pedantic -Werror -I"$INC" -x c -fsyntax-only -; then
		echo "FAIL: $name does not compile alone as C17"; bad=$((bad + 1))
	fi
	if ! printf '%s\n' "$src" | "$CXX" -std=c++17 -Wall -Wextra -pedantic -Werror -I"$INC" -x c++ -fsyntax-only -; then
		echo "FAIL: $name does not compile alone as C++17"; bad=$((bad + 1))
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "FAIL: no header in $INC/defimpact"; exit 1; }
echo "$n headers, $bad failures"
[ "$bad" -eq 0 ]
