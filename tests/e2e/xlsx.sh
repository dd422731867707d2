#!/usr/bin/env bash
# report.xlsx read back by LibreOffice (Debian package libreoffice-calc-nogui), which opens it
# and saves it again as xlsx: every sheet of a CSV table has the CSV's rows and columns, and
# every number equals its CSV cell to 15 significant digits (Excel's precision: within one unit
# of the 15th digit, as LibreOffice rounds the workbook's 16 digits to 15), dates and text
# exactly. The workbook is byte-identical across two runs and across CSV dialects (it holds
# numbers, not their text), and --formats xlsx alone leaves no CSV file behind.
#
#   bash tests/e2e/xlsx.sh PATH_TO_DEFIMPACT_BINARY PROJECT_DIR
set -u
. "$(dirname "$0")/lib/driver.bash"
di_driver_init xlsx "$@"
PY=${PYTHON:-python3}
command -v soffice >/dev/null 2>&1 ||
    { echo "FAIL: soffice is missing: apt-get install -y libreoffice-calc-nogui"; exit 1; }
failed=0
fail() { echo "FAIL: $*"; failed=1; }

cd "$PROJ" || exit 2
run() { "$BIN" run datasets/peace-talks-2025.ini --placebo 20 --quiet "$@"; }
run --out "$TMP/a" || { echo "FAIL: run exited non-zero"; exit 1; }
run --out "$TMP/b" --jobs 1 --csv-dialect excel-eu --bom || fail "run (excel-eu) exited non-zero"
run --out "$TMP/c" --formats xlsx || fail "run --formats xlsx exited non-zero"
cmp -s "$TMP/a/report.xlsx" "$TMP/b/report.xlsx" ||
    fail "report.xlsx differs between two runs (one with --jobs 1, excel-eu and --bom)"
cmp -s "$TMP/a/report.xlsx" "$TMP/c/report.xlsx" || fail "report.xlsx differs under --formats xlsx"
left=$(cd "$TMP/c" && ls -A | sort | tr '\n' ' ')
[ "$left" = ".defimpact manifest.txt report.xlsx " ] || fail "--formats xlsx wrote: $left"

mkdir -p "$TMP/lo"
# LibreOffice opens the workbook and saves it again as xlsx, writing each value as it read it
# (to 15 significant digits); its CSV and OpenDocument exports print small numbers with 20
# decimals only, too few for a p of 1e-14
timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$TMP/lo/profile" \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$TMP/lo" "$TMP/a/report.xlsx" \
    > "$TMP/lo/log" 2>&1 && [ -s "$TMP/lo/report.xlsx" ] ||
    { cat "$TMP/lo/log"; echo "FAIL: LibreOffice could not read report.xlsx"; exit 1; }

"$PY" - "$TMP/a" "$TMP/lo/report.xlsx" <<'PYEOF' || failed=1
import csv, datetime, decimal, re, sys, zipfile
import xml.etree.ElementTree as ET
rep, book_path = sys.argv[1], sys.argv[2]
D = decimal.Decimal
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

def col(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1

def sheets():
    z = zipfile.ZipFile(book_path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(M + "si"):
            shared.append("".join(t.text or "" for t in si.iter(M + "t")))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).iter(M + "sheet"):
        target = rels[sh.get(R + "id")].lstrip("/")
        target = target if target.startswith("xl/") else "xl/" + target
        rows = []
        for row in ET.fromstring(z.read(target)).iter(M + "row"):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append([])
            cells = rows[r]
            for c in row.iter(M + "c"):
                v = c.find(M + "v")
                k = col(c.get("r"))
                while len(cells) <= k:
                    cells.append(("s", ""))
                if v is None:
                    is_ = c.find(M + "is")
                    cells[k] = ("s", "".join(t.text or "" for t in is_.iter(M + "t")) if is_ is not None else "")
                elif c.get("t") == "s":
                    cells[k] = ("s", shared[int(v.text)])
                elif c.get("t") in ("str", "inlineStr"):
                    cells[k] = ("s", v.text or "")
                else:
                    cells[k] = ("n", D(v.text))
            while cells and cells[-1] == ("s", ""):
                cells.pop()
        out[sh.get("name")] = rows
    return out

def same(want, got):
    """want: the CSV cell; got: (kind, value) of the sheet cell as LibreOffice read it."""
    if want.startswith("'") and want[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        want = want[1:]
    kind, v = got
    if kind == "s":
        return v == want
    if re.fullmatch(r"\d{4}-\d\d-\d\d", want):  # a date: its serial day number
        day = datetime.date.fromisoformat(want) - datetime.date(1899, 12, 30)
        return v == day.days
    try:
        w = D(want)
    except decimal.InvalidOperation:
        return False
    if w == 0:
        return v == 0
    # one unit of the 15th significant digit: 15 digits are Excel's precision; the workbook
    # holds 16 (libxlsxwriter's %.16g), which LibreOffice rounds to 15
    return abs(v - w) <= D(10) ** (w.adjusted() - 14)

book = sheets()
bad = checked = 0
for name in ("estimates", "ar", "car", "aar", "tests", "exclusions"):
    want = list(csv.reader(open("%s/%s.csv" % (rep, name), encoding="utf-8")))
    got = book.get(name)
    if got is None:
        print("FAIL: no sheet %s in report.xlsx" % name)
        bad += 1
        continue
    if len(want) != len(got):
        print("FAIL: sheet %s has %d rows, %s.csv %d" % (name, len(got), name, len(want)))
        bad += 1
        continue
    for r, (a, b) in enumerate(zip(want, got)):
        b = b + [("s", "")] * (len(a) - len(b))
        if len(b) != len(a):
            print("FAIL: %s row %d: %d columns, want %d" % (name, r + 1, len(b), len(a)))
            bad += 1
            continue
        for c, (x, y) in enumerate(zip(a, b)):
            checked += 1
            if not same(x, y):
                bad += 1
                if bad < 20:
                    print("FAIL: %s row %d column %s: csv %r, sheet %r" % (name, r + 1, want[0][c], x, y))
for s in ("Summary", "caar_band", "charts"):
    if s not in book:
        print("FAIL: no %s sheet" % s)
        bad += 1
if not any(r and r[0] == ("s", "invasion-2022") for r in book.get("caar_band", [])):
    print("FAIL: caar_band lacks invasion-2022's path")
    bad += 1
print("%s: %d cells compared, %d differ" % ("FAIL" if bad else "PASS", checked, bad))
sys.exit(1 if bad else 0)
PYEOF
exit "$failed"
