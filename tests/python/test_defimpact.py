"""The Python binding runs the shipped study (datasets/peace-talks-2025.ini)
on data held in memory (prices, events and securities) and gets every cell of the golden car.csv and
tests.csv: the same numbers, bit for bit (the CSV writes each double in its
shortest round-trip form, so float(cell) is the double the library holds).

Run by ctest with DEFIMPACT_LIBRARY set to the built library and
PYTHONPATH to bindings/python.
"""
import csv
import math
import os

import pytest

import defimpact

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "datasets", "peace-talks-2025")
GOLDEN = os.path.join(ROOT, "reports", "peace-talks-2025")
# the price column a file's header names, as the loader picks it
ADJ = ("adj close", "adjusted_close", "adjclose", "adj_close", "adjusted close")


def read_prices(folder):
    prices = {}
    for name in sorted(os.listdir(folder)):  # bytewise, as the loader
        with open(os.path.join(folder, name), newline="") as f:
            rows = list(csv.reader(f))
        head = [h.strip().lower() for h in rows[0]]
        col = next((head.index(a) for a in ADJ if a in head), head.index("close"))
        # a cell without a price leaves the date out; a timestamp's date is its day
        pairs = sorted((r[0][:10], float(r[col])) for r in rows[1:] if r[col] not in ("", "NA"))
        prices[name[:-4]] = ([d for d, _ in pairs], [v for _, v in pairs])
    return prices


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def same(golden, got):
    """A golden CSV cell and a table value: text equal, numbers identical."""
    if golden == "":
        return got is None
    if isinstance(got, str):
        return got == golden
    return float(golden) == got


@pytest.fixture(scope="module")
def result():
    events = read_csv(os.path.join(DATA, "events.csv"))
    res = defimpact.run(read_prices(os.path.join(DATA, "prices")), events,
                        securities=read_csv(os.path.join(DATA, "securities.csv")),
                        market="^STOXX", tickers="RHM.DE,BA.L,HO.PA,LDO.MI,SAAB-B.ST",
                        model="market", currency="EUR", controls=["SAP.DE", "SIE.DE", "ALV.DE", "DTE.DE",
                                                  "TTE.PA", "SAN.PA", "ULVR.L", "SHEL.L"])
    yield res
    res.close()


@pytest.mark.parametrize("name", ["car", "tests"])
def test_golden_table(result, name):
    golden = read_csv(os.path.join(GOLDEN, name + ".csv"))
    got = result.table(name)
    assert len(got) == len(golden)
    assert list(got[0]) == list(golden[0])
    for i, (g, r) in enumerate(zip(golden, got)):
        for col, cell in g.items():
            assert same(cell, r[col]), "%s.csv row %d column %s: %r vs %r" % (
                name, i + 2, col, cell, r[col])


def test_every_table_has_rows(result):
    for name in defimpact.TABLES:
        rows = result.table(name)
        assert rows or name == "exclusions"
        assert all(isinstance(r, dict) for r in rows)


def test_write_matches_golden_car(result, tmp_path):
    out = tmp_path / "report"
    result.write(str(out))
    assert (out / "car.csv").read_bytes() == open(os.path.join(GOLDEN, "car.csv"), "rb").read()


def test_bad_data_raises_error():
    prices = {"^STOXX": (["2025-01-02", "2025-01-03"], [1.0, -2.0])}
    events = [{"id": "e", "date": "2025-01-03", "label": "x"}]
    with pytest.raises(defimpact.Error) as e:
        defimpact.run(prices, events, market="^STOXX")
    assert e.value.exit_code == 1
    assert e.value.message.startswith("<prices>:2: ")
    assert "negative" in e.value.message


def test_bad_option_raises_usage_error():
    prices = {"A": (["2025-01-02"], [1.0])}
    events = [{"id": "e", "date": "2025-01-02", "label": "x"}]
    with pytest.raises(defimpact.Error) as e:
        defimpact.run(prices, events, model="nonsense")
    assert e.value.exit_code == 2


def test_unknown_table(result):
    with pytest.raises(defimpact.Error) as e:
        result.table("nope")
    assert e.value.exit_code == 2
    assert e.value.message.startswith("unknown table 'nope'")


def test_options_as_python_values():
    """Numbers, lists and (A, B) windows are given as on the command line."""
    dates = ["2025-01-%02d" % d for d in range(1, 31)]
    m = [100 + math.sin(i) for i in range(30)]
    s = [50 + 0.5 * math.sin(i) + 0.1 * math.cos(i) for i in range(30)]
    events = [{"id": "e", "date": dates[25], "label": "x", "tickers": ["S"]}]
    with defimpact.run({"M": (dates, m), "S": (dates, s)}, events, market="M",
                       estimation=(-20, -3), event_window="-2:2", car=[(0, 0), "-1:1"],
                       min_estimation=5, placebo=0) as res:
        car = res.table("car")
    assert [(r["from"], r["to"]) for r in car] == [(0, 0), (-1, 1)]
    assert all(isinstance(r["car"], float) for r in car)
