"""defimpact - event studies of defense stocks, from Python.

A ctypes binding over the shared library libdefimpact (no compiled
extension). One call runs a study on data held in memory:

    import defimpact
    prices = {"^STOXX": (dates, closes), "RHM.DE": (dates2, closes2)}
    events = [{"id": "talks", "date": "2025-05-16", "label": "Istanbul talks"}]
    res = defimpact.run(prices, events, market="^STOXX", model="market", car="0:0,-1:1")
    for row in res.table("car"):
        print(row["ticker"], row["car"])
    res.write("reports/talks")

The library is found through the DEFIMPACT_LIBRARY environment variable
(a path), else beside this module, else on the loader path.
"""
import ctypes
import ctypes.util
import datetime
import glob
import math
import os

__all__ = ["Error", "Result", "run", "TABLES"]

TABLES = ("estimates", "ar", "car", "aar", "tests", "exclusions")

# di_cell_type (defimpact/table.h)
_EMPTY, _TEXT, _INT, _NUMBER, _DATE = range(5)
_CMD_RUN = 0  # di_command DI_CMD_RUN


class Error(Exception):
    """A failure of the library: its message and the exit code the command
    line tool would give (1 bad data, 2 bad usage, 3 I/O, 5 internal)."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def _find_library():
    path = os.environ.get("DEFIMPACT_LIBRARY")
    if path:
        return path
    here = os.path.dirname(os.path.abspath(__file__))
    for pattern in ("libdefimpact.so", "libdefimpact.so.*", "libdefimpact.dylib"):
        found = sorted(glob.glob(os.path.join(here, pattern)))
        if found:
            return found[0]
    return ctypes.util.find_library("defimpact") or "libdefimpact.so"


def _load():
    lib = ctypes.CDLL(_find_library())
    p, c, z, d = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_double
    pp = ctypes.POINTER(ctypes.c_void_p)
    sigs = {
        "di_error_message": (c, []),
        "di_exit_status": (ctypes.c_int, [ctypes.c_int]),
        "di_prices_new": (ctypes.c_int, [pp]),
        "di_prices_free": (None, [p]),
        "di_prices_add_series": (ctypes.c_int, [p, c, ctypes.POINTER(c), ctypes.POINTER(d), z]),
        "di_events_new": (ctypes.c_int, [pp]),
        "di_events_free": (None, [p]),
        "di_events_add": (ctypes.c_int, [p, ctypes.POINTER(c), ctypes.POINTER(c), z]),
        "di_study_new": (ctypes.c_int, [pp, ctypes.c_int]),
        "di_study_free": (None, [p]),
        "di_study_set": (ctypes.c_int, [p, c, c]),
        "di_study_use_prices": (ctypes.c_int, [p, p]),
        "di_study_use_events": (ctypes.c_int, [p, p]),
        "di_securities_new": (ctypes.c_int, [pp]),
        "di_securities_free": (None, [p]),
        "di_securities_add": (ctypes.c_int, [p, ctypes.POINTER(c), ctypes.POINTER(c), z]),
        "di_study_use_securities": (ctypes.c_int, [p, p]),
        "di_study_finish": (ctypes.c_int, [p]),
        "di_run_new": (ctypes.c_int, [pp, p]),
        "di_run_free": (None, [p]),
        "di_run_write": (ctypes.c_int, [p, c]),
        "di_run_table": (ctypes.c_int, [p, c, pp]),
        "di_table_free": (None, [p]),
        "di_table_nrows": (z, [p]),
        "di_table_ncols": (z, [p]),
        "di_table_column": (c, [p, z]),
        "di_table_type": (ctypes.c_int, [p, z, z]),
        "di_table_number": (d, [p, z, z]),
        "di_table_text": (c, [p, z, z]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


_lib = None


def _api():
    global _lib
    if _lib is None:
        _lib = _load()
    return _lib


def _check(rc):
    if rc < 0:
        lib = _api()
        raise Error(lib.di_error_message().decode("utf-8", "replace"), lib.di_exit_status(rc))
    return rc


def _new(fn, *args):
    h = ctypes.c_void_p()
    _check(fn(ctypes.byref(h), *args))
    return h


def _text(v):
    """A value as the command line or a file cell would give it."""
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, int) for x in v):
        return "%d:%d" % v  # a window A:B
    if isinstance(v, (list, tuple)):
        return ",".join(_text(x) for x in v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    return str(v)


def _bytes(v):
    return _text(v).encode("utf-8")


def _build_prices(lib, prices, keep):
    h = _new(lib.di_prices_new)
    keep.append((lib.di_prices_free, h))
    for ticker, (dates, closes) in prices.items():
        dates, closes = list(dates), list(closes)
        if len(dates) != len(closes):
            raise Error("prices of %s: %d dates but %d closes" % (ticker, len(dates), len(closes)), 2)
        n = len(dates)
        cd = (ctypes.c_char_p * (n + 1))(*[_bytes(x) for x in dates])
        cv = (ctypes.c_double * (n + 1))(*[math.nan if x is None else float(x) for x in closes])
        _check(lib.di_prices_add_series(h, _bytes(ticker), cd, cv, n))
    return h


def _build_rows(new, free, add, rows, keep):
    """A table of rows given as dicts of a file's columns (events,
    securities): None leaves a column out, a list of tickers is joined."""
    h = _new(new)
    keep.append((free, h))
    for row in rows:
        items = [(k, " ".join(v) if isinstance(v, (list, tuple)) else v)
                 for k, v in row.items() if v is not None]
        n = len(items)
        ck = (ctypes.c_char_p * (n + 1))(*[k.encode("utf-8") for k, _ in items])
        cv = (ctypes.c_char_p * (n + 1))(*[_bytes(v) for _, v in items])
        _check(add(h, ck, cv, n))
    return h


def _set_options(lib, study, options):
    for key, value in options.items():
        if value is None or value is False:
            continue
        name = key.replace("_", "-").encode("utf-8")
        _check(lib.di_study_set(study, name, None if value is True else _bytes(value)))


class Result:
    """A finished run: its tables in memory, and write() for the report."""

    def __init__(self, handles):
        self._handles = handles  # (free function, handle), freed in reverse
        self._run = handles[-1][1]

    def close(self):
        while self._handles:
            free, h = self._handles.pop()
            free(h)
        self._run = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def table(self, name):
        """The rows of a report table (estimates, ar, car, aar, tests,
        exclusions) as dicts: int, float, str (also dates, YYYY-MM-DD), or
        None for an empty cell."""
        lib = _api()
        t = ctypes.c_void_p()
        _check(lib.di_run_table(self._run, name.encode("utf-8"), ctypes.byref(t)))
        try:
            cols = [lib.di_table_column(t, j).decode("utf-8") for j in range(lib.di_table_ncols(t))]
            return [{c: self._cell(lib, t, i, j) for j, c in enumerate(cols)}
                    for i in range(lib.di_table_nrows(t))]
        finally:
            lib.di_table_free(t)

    @staticmethod
    def _cell(lib, t, i, j):
        kind = lib.di_table_type(t, i, j)
        if kind == _INT:
            return int(lib.di_table_number(t, i, j))
        if kind == _NUMBER:
            return lib.di_table_number(t, i, j)
        if kind in (_TEXT, _DATE):
            return lib.di_table_text(t, i, j).decode("utf-8")
        return None

    def write(self, folder):
        """Write the report folder (CSV, summary, plots), as the tool does."""
        _check(_api().di_run_write(self._run, os.fsencode(folder)))


def run(prices, events, **options):
    """Run an event study on data in memory.

    prices: dict ticker -> (dates, closes); dates as ISO strings or
        datetime.date, closes as floats (NaN or None: no price that day).
    events: list of dicts with the events file's columns (id, date, label,
        type, tickers, expected_sign); tickers a string or a list.
    options: the command line's long options, '_' for '-' (market="^STOXX",
        model="market", car="0:0,-1:1" or ["0:0", (-1, 1)], placebo=0,
        clean_estimation=True). Options naming files take paths, except
        securities, which may also be a list of dicts with the securities
        file's columns (ticker, name, group, currency, role, fx, market,
        close).

    Raises Error with the library's message and exit code.
    """
    lib = _api()
    keep = []
    try:
        p = _build_prices(lib, prices, keep)
        e = _build_rows(lib.di_events_new, lib.di_events_free, lib.di_events_add, events, keep)
        options = dict(options)
        secs = options.get("securities")
        if isinstance(secs, (list, tuple)):
            del options["securities"]
            secs = _build_rows(lib.di_securities_new, lib.di_securities_free,
                               lib.di_securities_add, secs, keep)
        else:
            secs = None
        study = _new(lib.di_study_new, _CMD_RUN)
        keep.append((lib.di_study_free, study))
        _set_options(lib, study, options)
        _check(lib.di_study_use_prices(study, p))
        _check(lib.di_study_use_events(study, e))
        if secs is not None:
            _check(lib.di_study_use_securities(study, secs))
        _check(lib.di_study_finish(study))
        r = _new(lib.di_run_new, study)
        keep.append((lib.di_run_free, r))
    except BaseException:
        for free, h in reversed(keep):
            free(h)
        raise
    return Result(keep)
