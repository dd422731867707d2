# Sourced by end-to-end drivers: `di_driver_init NAME "$@"` checks the two
# arguments (PATH_TO_DEFIMPACT_BINARY PROJECT_DIR), sets BIN and PROJ to
# absolute paths, and TMP to a temporary folder removed on exit.
di_driver_init() {
	local name=$1
	shift
	if [ $# -ne 2 ]; then
		echo "usage: bash $0 PATH_TO_DEFIMPACT_BINARY PROJECT_DIR" >&2
		exit 2
	fi
	BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	PROJ=$(cd "$2" && pwd)
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-$name.XXXXXX")
	trap 'rm -rf "$TMP"' EXIT
}

# `di_find_chrome`: CHROME set to the first headless browser found (Debian's
# chromium first); without one, a FAIL line naming the package and status 1.
di_find_chrome() {
	local c
	CHROME=""
	for c in chromium chromium-browser google-chrome; do
		if command -v "$c" >/dev/null 2>&1; then
			CHROME=$c
			return 0
		fi
	done
	echo "FAIL: chromium is missing: apt-get install -y chromium"
	return 1
}
