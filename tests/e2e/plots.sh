#!/usr/bin/env bash
# The plots of the shipped study: one car-<event_id>.svg per analysed event and overview.svg,
# each well-formed XML (xmllint, Debian package libxml2-utils) and each rendered by headless
# Chromium (Debian package chromium) into a PNG that is not blank: enough non-white pixels and
# several colours, decoded with a small PNG reader in python3 (standard library only).
#
#   bash tests/e2e/plots.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
#
# Exits 0 when every check passes, 1 on a failure (each printed; a missing tool is a failure
# naming its package), 2 on bad usage. Set KEEP=1 to keep the report and the screenshots.
set -u
. "$(dirname "$0")/lib/driver.bash" # di_find_chrome
if [ $# -ne 2 ]; then
    echo "usage: bash $0 PATH_TO_DEFIMPACT_BINARY PROJECT_DIR" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROJ=$(cd "$2" && pwd)
PY=${PYTHON:-python3}
if [ ! -x "$BIN" ]; then
    echo "plots.sh: $BIN is not an executable" >&2
    exit 2
fi
missing=0
command -v xmllint >/dev/null 2>&1 ||
    { echo "FAIL: xmllint is missing: apt-get install -y libxml2-utils"; missing=1; }
di_find_chrome || missing=1
command -v "$PY" >/dev/null 2>&1 || { echo "FAIL: $PY is missing: apt-get install -y python3"; missing=1; }
[ "$missing" = 0 ] || exit 1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/defimpact-plots.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "outputs kept in $TMP"
else
    trap 'rm -rf "$TMP"' EXIT
fi
failed=0
fail() {
    echo "FAIL: $*"
    failed=1
}

cd "$PROJ" || exit 2
if ! "$BIN" run datasets/peace-talks-2025.ini --out "$TMP/r" --quiet 2> "$TMP/run.err"; then
    cat "$TMP/run.err"
    echo "FAIL: the shipped study exited non-zero"
    exit 1
fi

# one plot per analysed event: the event blocks of aar.csv (not type:... nor ALL)
want=$(cut -d, -f1 "$TMP/r/aar.csv" | tail -n +2 | grep -v -e '^type:' -e '^ALL$' | sort -u)
for id in $want; do
    [ -f "$TMP/r/car-$id.svg" ] || fail "no car-$id.svg for event $id"
done
n_want=$(echo "$want" | grep -c .)
n_have=$(ls "$TMP/r" | grep -c '^car-.*\.svg$')
[ "$n_have" = "$n_want" ] || fail "$n_have car-*.svg files for $n_want analysed events"
[ -f "$TMP/r/overview.svg" ] || fail "no overview.svg"

# PNG reader: prints "W H NONWHITE_FRACTION DISTINCT_COLOURS"
cat > "$TMP/pngstat.py" <<'EOF'
import struct, sys, zlib

def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("unsupported PNG: depth %d colour type %d interlace %d" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = read_png(sys.argv[1])
nonwhite, colours = 0, set()
for line in rows:
    for x in range(0, len(line), bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        if r < 240 or g < 240 or b < 240:
            nonwhite += 1
            colours.add((r >> 4, g >> 4, b >> 4))
print(w, h, "%.4f" % (nonwhite / float(w * h)), len(colours))
EOF

for svg in "$TMP"/r/car-*.svg "$TMP/r/overview.svg"; do
    [ -f "$svg" ] || continue
    name=$(basename "$svg" .svg)
    if ! xmllint --noout "$svg" 2> "$TMP/$name.xml.err"; then
        cat "$TMP/$name.xml.err"
        fail "$name.svg is not well-formed XML"
        continue
    fi
    if grep -Eq '="[^"]*(nan|inf)[^"]*"' "$svg"; then
        fail "$name.svg has a NaN or infinite attribute"
    fi
    height=$(grep -o '<svg [^>]*' "$svg" | grep -o ' height="[0-9]*"' | grep -o '[0-9]*')
    [ -n "$height" ] || height=600
    png="$TMP/$name.png"
    prof=$(mktemp -d "$TMP/chrome.XXXXXX")
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" --screenshot="$png" --window-size="900,$height" \
        "file://$svg" > "$TMP/$name.chrome.log" 2>&1
    rm -rf "$prof"
    if [ ! -s "$png" ]; then
        tail -5 "$TMP/$name.chrome.log"
        fail "$name.svg: chromium wrote no screenshot"
        continue
    fi
    if ! stat=$("$PY" "$TMP/pngstat.py" "$png" 2>&1); then
        fail "$name.png: $stat"
        continue
    fi
    read -r pw ph frac ncol <<< "$stat"
    # a plot covers a few percent of its page with ink and uses several colours; a blank or
    # black page, or a lone error text, does not
    if awk -v f="$frac" 'BEGIN { exit !(f >= 0.02 && f <= 0.6) }' && [ "$ncol" -ge 5 ]; then
        echo "PASS: $name.svg (${pw}x$ph, non-white $frac, $ncol colours)"
    else
        fail "$name.svg renders blank or wrong: non-white fraction $frac, $ncol colours"
    fi
done
exit "$failed"
