#!/usr/bin/env bash
# The layout of the plots at 1, 4, 12 and 60 securities, measured in headless Chromium
# (Debian package chromium): a synthetic study (wide price file, one event) is run for each
# size, every car-*.svg, overview.svg and a moves.svg are inlined into one HTML page whose
# script measures each element's box (getBoundingClientRect, so rotated text counts as drawn)
# and --dump-dom returns the findings. Checked: no element outside its canvas, no two text
# boxes overlapping (labels, title, ticks, legend), the coloured (labelled) security lines use
# distinct colours and number min(n, 12) up to 12 and 10 (top and bottom 5) beyond, and a lone
# security's line is drawn above the CAAR.
#
#   bash tests/e2e/plot_layout.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init plot_layout "$@"
PY=${PYTHON:-python3}
di_find_chrome || exit 1

# 60 securities and a market on 300 weekdays; security i moves with the market, plus noise,
# plus a jump of (i - 30) / 10 % on the event day so that the final CARs spread out.
"$PY" - "$TMP" <<'PYEOF'
import datetime, math, random, sys
out = sys.argv[1]
rnd = random.Random(7)
d = datetime.date(2024, 1, 1)
days = []
while len(days) < 300:
    if d.weekday() < 5:
        days.append(d)
    d += datetime.timedelta(days=1)
event = days[280]
n = 60
price = [100.0] * (n + 1)
with open(out + "/prices.csv", "w") as f:
    f.write("Date,MKT," + ",".join("SEC%02d" % i for i in range(1, n + 1)) + "\n")
    for day in days:
        m = rnd.gauss(0.0003, 0.01)
        price[0] *= 1 + m
        for i in range(1, n + 1):
            r = 0.9 * m + rnd.gauss(0, 0.015) + (0.001 * (i - 30) if day == event else 0.0)
            price[i] *= 1 + r
        f.write(day.isoformat() + "," + ",".join("%.4f" % p for p in price) + "\n")
with open(out + "/events.csv", "w") as f:
    f.write("id,date,label\n")
    f.write("jump,%s,A synthetic event with a long label that the title wraps when it is too long for one line of the plot\n" % event.isoformat())
with open(out + "/reported.csv", "w") as f:
    f.write("ticker,move_pct,asof\n")
    for i in range(1, 13):
        f.write("SEC%02d,%.1f,%s\n" % (i, (i - 6) * 0.7, event.isoformat()))
    f.write("MKT,-0.4,%s\n" % event.isoformat())
PYEOF

ok=1
for n in 1 4 12 60; do
    tickers=$(seq -f 'SEC%02g' 1 "$n" | paste -sd, -)
    if ! "$BIN" run --prices "$TMP/prices.csv" --events "$TMP/events.csv" --market MKT \
        --tickers "$tickers" --placebo 0 --estimation -200:-11 --out "$TMP/r$n" --quiet \
        2> "$TMP/r$n.err"; then
        cat "$TMP/r$n.err"
        echo "FAIL: the $n-security study exited non-zero"
        ok=0
    fi
done
"$BIN" moves --prices "$TMP/prices.csv" --reported "$TMP/reported.csv" --benchmark MKT \
    --out "$TMP/m" --quiet 2> "$TMP/m.err" || { cat "$TMP/m.err"; echo "FAIL: moves"; ok=0; }
[ "$ok" = 1 ] || exit 1

# The measuring script: per plot, one line "name|n|problem" per problem, then "DONE".
cat > "$TMP/measure.js" <<'JSEOF'
var out = [];
var GREYS = {"#b4b4b4": 1, "#000000": 1, "#bbbbbb": 1};
function box(el, o) {
    var r = el.getBoundingClientRect();
    return {x0: r.left - o.left, y0: r.top - o.top, x1: r.right - o.left, y1: r.bottom - o.top};
}
document.querySelectorAll("div[data-name]").forEach(function (div) {
    var name = div.getAttribute("data-name"), n = parseInt(name, 10);
    var svg = div.querySelector("svg"), o = svg.getBoundingClientRect();
    var W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
    var texts = [];
    svg.querySelectorAll("*").forEach(function (el) {
        if (el.tagName === "title") return;
        var b = box(el, o);
        if (b.x1 - b.x0 <= 0 && b.y1 - b.y0 <= 0) return;
        if (b.x0 < -1 || b.y0 < -1 || b.x1 > W + 1 || b.y1 > H + 1)
            out.push(name + "|outside the " + W + "x" + H + " canvas: <" + el.tagName + "> " +
                     (el.textContent || "").slice(0, 40) + " at " +
                     [b.x0, b.y0, b.x1, b.y1].map(Math.round).join(","));
        if (el.tagName === "text") { b.t = el.textContent; texts.push(b); }
    });
    for (var i = 0; i < texts.length; i++)
        for (var j = i + 1; j < texts.length; j++) {
            var a = texts[i], c = texts[j];
            var ox = Math.min(a.x1, c.x1) - Math.max(a.x0, c.x0);
            var oy = Math.min(a.y1, c.y1) - Math.max(a.y0, c.y0);
            if (ox > 1 && oy > 2)
                out.push(name + "|texts overlap: '" + a.t + "' and '" + c.t + "'");
        }
    if (name.indexOf(":car-") > 0) {
        var lines = svg.querySelectorAll("polyline"), seen = {}, coloured = 0, last = null;
        lines.forEach(function (l) {
            var s = l.getAttribute("stroke");
            if (GREYS[s]) return;
            coloured++;
            if (seen[s]) out.push(name + "|colour " + s + " used twice");
            seen[s] = 1;
        });
        var want = n <= 12 ? n : 10;
        if (coloured !== want)
            out.push(name + "|" + coloured + " coloured lines, want " + want);
        last = lines[lines.length - 1];
        if (n === 1 && GREYS[last.getAttribute("stroke")])
            out.push(name + "|the lone security's line is under the CAAR");
    }
    out.push(name + "|checked " + texts.length + " texts");
});
var pre = document.createElement("pre");
pre.id = "result";
pre.textContent = out.join("\n") + "\nDONE";
document.body.appendChild(pre);
JSEOF

# one page, every plot inline, and the measuring script
"$PY" - "$TMP" <<'PYEOF'
import glob, os, sys
tmp = sys.argv[1]
parts = []
for n in (1, 4, 12, 60):
    for p in sorted(glob.glob("%s/r%d/*.svg" % (tmp, n))):
        parts.append(("%d:%s" % (n, os.path.basename(p)), p))
parts.append(("0:moves.svg", tmp + "/m/moves.svg"))
with open(tmp + "/page.html", "w") as f:
    f.write("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:0}div{margin:0;line-height:0}</style></head><body>\n")
    for name, p in parts:
        svg = open(p, encoding="utf-8").read()
        svg = svg[svg.index("<svg"):]
        f.write("<div data-name='%s'>%s</div>\n" % (name, svg))
    f.write("<script>" + open(tmp + "/measure.js").read() + "</script></body></html>\n")
PYEOF

prof="$TMP/profile"
timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$prof" --window-size=1000,800 --dump-dom "file://$TMP/page.html" \
    > "$TMP/dom.html" 2> "$TMP/chrome.log"
"$PY" - "$TMP/dom.html" <<'PYEOF'
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
if not m or not m.group(1).rstrip().endswith("DONE"):
    print("FAIL: the measuring page did not run (no result in the DOM)")
    sys.exit(1)
bad = 0
for line in html.unescape(m.group(1)).splitlines():
    if line == "DONE":
        continue
    name, what = line.split("|", 1)
    if what.startswith("checked "):
        continue
    print("FAIL: %s: %s" % (name, what))
    bad = 1
checked = [l for l in html.unescape(m.group(1)).splitlines() if "|checked " in l]
print("%s: %d plots measured" % ("FAIL" if bad else "PASS", len(checked)))
sys.exit(bad)
PYEOF
