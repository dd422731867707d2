#!/usr/bin/env bash
# index.html in headless Chromium (Debian package chromium): the page is self-contained (no
# script, no external reference), renders its headline table, the overview and one plot per
# event, nothing in it is wider than a 1000-pixel or a 600-pixel window (tables scroll inside
# their box, plots scale), and it prints to a PDF. --formats html writes only the page.
#
#   bash tests/e2e/html.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init html "$@"
PY=${PYTHON:-python3}
di_find_chrome || exit 1
failed=0
fail() { echo "FAIL: $*"; failed=1; }

cd "$PROJ" || exit 2
"$BIN" run datasets/peace-talks-2025.ini --placebo 0 --formats html --out "$TMP/r" --quiet ||
    { echo "FAIL: run --formats html exited non-zero"; exit 1; }
left=$(cd "$TMP/r" && ls -A | sort | tr '\n' ' ')
[ "$left" = ".defimpact index.html manifest.txt " ] || fail "--formats html wrote: $left"
page="$TMP/r/index.html"
grep -qi '<script' "$page" && fail "index.html has a script"
grep -Eqi '(src|href)="(https?:|//|file:)' "$page" && fail "index.html refers to an outside resource"
grep -Eqi '<(img|link|iframe|object)\b' "$page" && fail "index.html loads another file"

chrome() {
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$TMP/profile" "$@" 2> "$TMP/chrome.log"
}
# the measuring script goes into a copy: the shipped page has none
for w in 1000 600; do
    sed 's|</body>|<script>var W = document.documentElement.clientWidth, bad = [];\
document.querySelectorAll("body *").forEach(function (e) {\
  var r = e.getBoundingClientRect();\
  if (r.right > W + 1 \&\& !e.closest(".t")) bad.push(e.tagName + " " + Math.round(r.right));\
});\
var p = document.createElement("pre"); p.id = "result";\
p.textContent = "width " + W + " scroll " + document.documentElement.scrollWidth +\
  " tables " + document.querySelectorAll("table").length +\
  " svgs " + document.querySelectorAll("svg").length + " wide " + bad.slice(0, 5).join(";");\
document.body.appendChild(p);</script></body>|' "$page" > "$TMP/measure.html"
    chrome --window-size="$w,900" --dump-dom "file://$TMP/measure.html" > "$TMP/dom$w.html"
    res=$(grep -o '<pre id="result">[^<]*' "$TMP/dom$w.html" | sed 's/.*>//')
    [ -n "$res" ] || { fail "the page did not render at width $w"; continue; }
    read -r _ cw _ sw _ nt _ ns _ wide <<< "$res"
    [ "$sw" -le "$cw" ] || fail "at width $w the page scrolls sideways ($sw > $cw): $wide"
    [ -z "$wide" ] || fail "at width $w elements overflow: $wide"
    [ "$nt" -ge 9 ] || fail "at width $w: $nt tables, want the headlines and one per event"
    [ "$ns" -ge 9 ] || fail "at width $w: $ns plots, want the overview and one per event"
    echo "PASS: width $w: $nt tables, $ns plots, page width $sw"
done
chrome --print-to-pdf="$TMP/page.pdf" --no-pdf-header-footer "file://$page" > /dev/null
if [ -s "$TMP/page.pdf" ] && head -c 5 "$TMP/page.pdf" | grep -q '%PDF-'; then
    pages=$(grep -a -o '/Type */Page\b' "$TMP/page.pdf" | wc -l)
    [ "$pages" -ge 3 ] && echo "PASS: printed to a PDF of $pages pages" ||
        fail "the PDF has $pages pages"
else
    tail -3 "$TMP/chrome.log"
    fail "no PDF printed"
fi
exit "$failed"
