#!/usr/bin/env python3
"""Independent reference implementation of the numbers of `defimpact run`.

Written from docs/methodology.md and docs/interface.md only (not from the C sources), in pure
Python 3 with the standard library. It reads a study the way `defimpact run` does (an optional
STUDY.ini plus command-line options) and writes estimates.csv, ar.csv, car.csv, aar.csv,
tests.csv and exclusions.csv with the contract's columns and row order.

    python3 es_reference.py [STUDY.ini] --prices DIR --events FILE --market T [options] --out DIR

Implements the contract's revision: trade-to-trade model calendars (pinned 2), rbar with
zero-weight pairs, the tests grank_t, gsign_z, skew_adj_t, bhar_skew_adj_t and dcaar_t
(`--controls`), expected_sign alignment of pooled blocks, and the columns p_placebo,
n_placebo (exactly, as in the project's placebo reading, where every candidate date of an
event is used; elsewhere the cells are left empty and listed in not-computed.txt). Accepts
and ignores --seed, --jobs and --formats. Implements --currency (the securities file's
`currency` and `fx` columns: interface, Securities) and the securities file's per-security
`market` column, and events' `time` and `tz` (day 0 = the first session that closes after
the news; exchange closes from the securities file's `close` or the interface's built-in
table; zones through Python's zoneinfo). Not implemented: --securities roles, --date-format,
the market-gap warning.

Readings of the contract where it leaves a choice are listed in AMBIGUITIES.md (A1..A38);
the code cites them as [A<n>].
"""
import bisect
import configparser
import zoneinfo
import csv
import datetime
import io
import math
import os
import sys

fsum = math.fsum

# the contract table's order; dcaar_t (only with controls, only in event blocks) follows
TESTS = ['csect_t', 'bw_cda_t', 'patell_z', 'patell_kp_z', 'bmp_t', 'bmp_kp_t',
         'corrado_rank_z', 'sign_z', 'gen_sign_z', 'wilcoxon_z', 'portfolio_t',
         'grank_t', 'gsign_z', 'skew_adj_t', 'bhar_skew_adj_t']
PLACEBO_RTOL = 1e-12
DEFAULT_CARS = [(0, 0), (0, 1), (-1, 1), (-5, 5), (-10, 10)]
SINGULAR_RATIO = 1e-10


class Fail(Exception):
    def __init__(self, code, msg):
        Exception.__init__(self, msg)
        self.code = code
        self.msg = msg


def usage(msg):
    raise Fail(2, msg)


def data_error(msg):
    raise Fail(1, msg)


# --------------------------------------------------------------------------------------------
# numerics: statistics helpers, least squares, distributions
# --------------------------------------------------------------------------------------------

def mean(v):
    return fsum(v) / len(v)


def sample_sd(v):
    m = mean(v)
    return math.sqrt(fsum((x - m) ** 2 for x in v) / (len(v) - 1))


def avg_ranks(values):
    """Ranks 1..n of values (ascending), ties (exact float equality) get the average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    n = len(values)
    while i < n:
        j = i
        while j + 1 < n and values[order[j + 1]] == values[order[i]]:
            j += 1
        r = (i + 1 + j + 1) / 2.0
        for q in range(i, j + 1):
            ranks[order[q]] = r
        i = j + 1
    return ranks


def singular_values(cols):
    """Singular values of the matrix with the given columns (one-sided Jacobi, Hestenes)."""
    A = [list(c) for c in cols]
    k = len(A)
    for _sweep in range(100):
        rotated = False
        for i in range(k):
            for j in range(i + 1, k):
                a = fsum(x * x for x in A[i])
                b = fsum(x * x for x in A[j])
                c = fsum(x * y for x, y in zip(A[i], A[j]))
                if c == 0.0 or abs(c) <= 1e-15 * math.sqrt(a * b):
                    continue
                rotated = True
                zeta = (b - a) / (2.0 * c)
                t = math.copysign(1.0, zeta) / (abs(zeta) + math.sqrt(1.0 + zeta * zeta))
                cs = 1.0 / math.sqrt(1.0 + t * t)
                sn = cs * t
                Ai, Aj = A[i], A[j]
                for r in range(len(Ai)):
                    xi, xj = Ai[r], Aj[r]
                    Ai[r] = cs * xi - sn * xj
                    Aj[r] = sn * xi + cs * xj
        if not rotated:
            break
    return sorted(math.sqrt(fsum(x * x for x in c)) for c in A)


def is_singular(rows):
    k = len(rows[0])
    cols = [[r[c] for r in rows] for c in range(k)]
    sv = singular_values(cols)
    return sv[-1] == 0.0 or sv[0] < SINGULAR_RATIO * sv[-1]


def householder_ls(rows, y):
    """Least squares by Householder QR. Returns (theta, R) with R the k x k upper factor."""
    m = len(rows)
    k = len(rows[0])
    A = [[rows[r][c] for r in range(m)] for c in range(k)]
    b = list(y)
    for j in range(k):
        col = A[j]
        norm = math.sqrt(fsum(v * v for v in col[j:]))
        if norm == 0.0:
            continue
        alpha = -norm if col[j] >= 0 else norm
        v = [0.0] * m
        v[j] = col[j] - alpha
        for r in range(j + 1, m):
            v[r] = col[r]
        vv = fsum(v[r] * v[r] for r in range(j, m))
        if vv == 0.0:
            continue
        for c in range(j, k):
            Ac = A[c]
            f = 2.0 * fsum(v[r] * Ac[r] for r in range(j, m)) / vv
            for r in range(j, m):
                Ac[r] -= f * v[r]
        f = 2.0 * fsum(v[r] * b[r] for r in range(j, m)) / vv
        for r in range(j, m):
            b[r] -= f * v[r]
    R = [[A[c][r] if c >= r else 0.0 for c in range(k)] for r in range(k)]
    theta = [0.0] * k
    for i in range(k - 1, -1, -1):
        s = b[i] - fsum(R[i][c] * theta[c] for c in range(i + 1, k))
        theta[i] = s / R[i][i]
    return theta, R


def quad_inv(R, g):
    """g' (X'X)^-1 g = || R^-T g ||^2 with X = QR."""
    k = len(R)
    z = [0.0] * k
    for i in range(k):
        s = g[i] - fsum(R[r][i] * z[r] for r in range(i))
        z[i] = s / R[i][i]
    return fsum(v * v for v in z)


def betacf(a, b, x):
    """Continued fraction of the incomplete beta function (Numerical Recipes, modified Lentz)."""
    FPMIN = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < FPMIN:
        d = FPMIN
    d = 1.0 / d
    h = d
    for m in range(1, 100000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < FPMIN:
            d = FPMIN
        c = 1.0 + aa / c
        if abs(c) < FPMIN:
            c = FPMIN
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < FPMIN:
            d = FPMIN
        c = 1.0 + aa / c
        if abs(c) < FPMIN:
            c = FPMIN
        d = 1.0 / d
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-16:
            break
    return h


def betai(a, b, x, y):
    """Regularized incomplete beta I_x(a, b), with y = 1 - x given separately for accuracy."""
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    bt = math.exp(lbt)
    if x < (a + 1.0) / (a + b + 2.0):
        return bt * betacf(a, b, x) / a
    return 1.0 - bt * betacf(b, a, y) / b


def p_t(t, df):
    """Two-sided p-value of Student t with df degrees of freedom."""
    t2 = t * t
    return betai(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2))


def p_norm(z):
    return math.erfc(abs(z) / math.sqrt(2.0))


def p_binom(w, n, p):
    q = 1.0 - p
    pmf = [math.comb(n, j) * p ** j * q ** (n - j) for j in range(n + 1)]
    lo = fsum(pmf[:w + 1])
    hi = fsum(pmf[w:])
    return min(1.0, 2.0 * min(lo, hi))


def p_wilcoxon_exact(ranks2, obs2):
    """ranks2: doubled (integer) tie-averaged ranks; obs2: doubled observed W+.
    P(|W+ - n(n+1)/4| >= |obs - n(n+1)/4|) over the 2^n sign patterns."""
    total = sum(ranks2)
    counts = {0: 1}
    for r in ranks2:
        nxt = dict(counts)
        for s, c in counts.items():
            nxt[s + r] = nxt.get(s + r, 0) + c
        counts = nxt
    crit = abs(2 * obs2 - total)
    hit = sum(c for s, c in counts.items() if abs(2 * s - total) >= crit)
    return hit / float(2 ** len(ranks2))


# --------------------------------------------------------------------------------------------
# normal-return models
# --------------------------------------------------------------------------------------------

class Fit:
    """A fitted normal-return model. kind: 'mean', 'market-adjusted' or 'ols' (market/factor).
    ys: returns of the estimation sample; regs: for each, the model's regressor values
    (market-adjusted: [Rm]; market: [Rm]; factor: [Rm, F1..Fq]; mean: [])."""

    def __init__(self, kind, ys, regs):
        self.kind = kind
        n = len(ys)
        self.n = n
        self.singular = False
        self.alpha = self.beta = self.r2 = None
        self.betas = []
        if kind == 'market-adjusted':
            self.k = 0
            self.resid = [y - r[0] for y, r in zip(ys, regs)]
            m = mean(self.resid)
            self.d = n - 1
            self.s2 = fsum((e - m) ** 2 for e in self.resid) / self.d if self.d > 0 else None
        elif kind == 'mean':
            self.k = 1
            self.alpha = mean(ys)
            self.resid = [y - self.alpha for y in ys]
            self.d = n - 1
            self.s2 = fsum(e * e for e in self.resid) / self.d if self.d > 0 else None
        else:
            X = [[1.0] + list(r) for r in regs]
            self.k = len(X[0])
            self.d = n - self.k
            if n < self.k or is_singular(X):
                self.singular = True
                return
            self.theta, self.R = householder_ls(X, ys)
            self.alpha = self.theta[0]
            self.beta = self.theta[1]
            self.betas = self.theta[2:]
            self.resid = [y - fsum(a * b for a, b in zip(x, self.theta)) for x, y in zip(X, ys)]
            rss = fsum(e * e for e in self.resid)
            ym = mean(ys)
            tss = fsum((y - ym) ** 2 for y in ys)
            self.r2 = 1.0 - rss / tss if tss > 0 else None
            self.s2 = rss / self.d if self.d > 0 else None
        self.s = math.sqrt(self.s2) if self.s2 is not None else None

    def normal(self, reg):
        if self.kind == 'market-adjusted':
            return reg[0]
        if self.kind == 'mean':
            return self.alpha
        return fsum(a * b for a, b in zip([1.0] + list(reg), self.theta))

    def quad(self, g):
        """g' (X'X)^-1 g for g a sum of regressor rows (constant included), as a list
        [count, sum reg1, ...]."""
        if self.kind == 'market-adjusted':
            return 0.0
        if self.kind == 'mean':
            return g[0] * g[0] / self.n
        return quad_inv(self.R, g)

    def c_factor(self, reg):
        return 1.0 + self.quad([1.0] + list(reg))

    def var_car(self, regs):
        L = len(regs)
        if self.kind == 'market-adjusted':
            return L * self.s2
        g = [float(L)] + [fsum(r[j] for r in regs) for j in range(len(regs[0]))]
        return self.s2 * (L + self.quad(g))


# --------------------------------------------------------------------------------------------
# input
# --------------------------------------------------------------------------------------------

def parse_date(text, where):
    s = text.strip()[:10]
    try:
        if len(s) != 10 or s[4] != '-' or s[7] != '-':
            raise ValueError
        return datetime.date(int(s[0:4]), int(s[5:7]), int(s[8:10])).toordinal()
    except ValueError:
        data_error('%s: bad date %r' % (where, text))


def iso(o):
    return datetime.date.fromordinal(o).isoformat()


def read_table(path):
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        raise Fail(3, 'cannot read %s: %s' % (path, e))
    text = raw.decode('utf-8-sig')
    first = text.split('\n', 1)[0]
    delim = ';' if ';' in first else '\t' if '\t' in first else ','
    rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=delim))
    rows = [r for r in rows if r != []]
    if not rows:
        data_error('%s: empty file' % path)
    hdr = [h.strip() for h in rows[0]]
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(hdr):
            data_error('%s:%d: %d fields, header has %d' % (path, i, len(r), len(hdr)))
    return hdr, rows[1:], delim


def parse_price(cell, delim, where):
    s = cell.strip()
    if s == '' or s.upper() == 'NA' or s.lower() == 'null':
        return None
    if delim == ';':
        s = s.replace(',', '.')
    try:
        v = float(s)
    except ValueError:
        data_error('%s: unreadable price %r' % (where, cell))
    if not math.isfinite(v) or v <= 0:
        data_error('%s: invalid price %r' % (where, cell))
    return v


class Series:
    def __init__(self, ticker):
        self.ticker = ticker
        self.dates = []
        self.prices = []


def add_point(series, date, price, where):
    if series.dates and date <= series.dates[-1]:
        data_error('%s: date %s repeated or out of order' % (where, iso(date)))
    series.dates.append(date)
    series.prices.append(price)


def read_prices(path, out):
    hdr, rows, delim = read_table(path)
    low = [h.lower() for h in hdr]
    name = os.path.basename(path)
    if 'date' not in low:
        data_error('%s: header needs a Date column (per-security Date,Close; long date,ticker,close; '
                   'wide Date,TICKER,...)' % path)
    di = low.index('date')
    tick_col = next((low.index(c) for c in ('ticker', 'symbol') if c in low), None)
    close_col = next((low.index(c) for c in ('close', 'price') if c in low), None)
    if tick_col is not None and close_col is not None:                       # (b) long
        last_date = {}
        for ln, r in enumerate(rows, start=2):
            where = '%s:%d' % (path, ln)
            t = r[tick_col].strip()
            d = parse_date(r[di], where)
            if d <= last_date.get(t, -1):
                data_error('%s: date repeated or out of order' % where)
            last_date[t] = d
            p = parse_price(r[close_col], delim, where)
            if t not in out:
                out[t] = Series(t)
            if p is not None:
                add_point(out[t], d, p, where)
        return
    adj = next((low.index(c) for c in ('adj close', 'adjusted_close') if c in low), None)
    close = low.index('close') if 'close' in low else None
    if adj is not None or close is not None:                                  # (a) per security
        col = adj if adj is not None else close
        t = name[:-4] if name.lower().endswith('.csv') else name
        if t in out:
            data_error('%s: ticker %s already read' % (path, t))
        s = out[t] = Series(t)
        last = -1
        for ln, r in enumerate(rows, start=2):
            where = '%s:%d' % (path, ln)
            d = parse_date(r[di], where)
            if d <= last:
                data_error('%s: date repeated or out of order' % where)
            last = d
            p = parse_price(r[col], delim, where)
            if p is not None:
                add_point(s, d, p, where)
        return
    cols = [(i, hdr[i]) for i in range(len(hdr)) if i != di]                 # (c) wide
    if not cols:
        data_error('%s: no price columns' % path)
    for _, t in cols:
        if t in out:
            data_error('%s: ticker %s already read' % (path, t))
        out[t] = Series(t)
    last = -1
    for ln, r in enumerate(rows, start=2):
        where = '%s:%d' % (path, ln)
        d = parse_date(r[di], where)
        if d <= last:
            data_error('%s: date repeated or out of order' % where)
        last = d
        for i, t in cols:
            p = parse_price(r[i], delim, where)
            if p is not None:
                add_point(out[t], d, p, where)


class Event:
    pass


# the built-in exchange closes by ticker suffix (interface, Securities; readings, Markets)
BUILTIN_CLOSE = {'.DE': '17:30 Europe/Berlin', '.L': '16:30 Europe/London',
                 '.PA': '17:30 Europe/Paris', '.MI': '17:30 Europe/Rome',
                 '.ST': '17:30 Europe/Stockholm', '': '16:00 America/New_York'}


def zone(name, where):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        data_error('%s: unknown time zone %r' % (where, name))


def hhmm(text, where):
    if len(text) != 5 or text[2] != ':' or not (text[:2] + text[3:]).isdigit() \
            or int(text[:2]) > 23 or int(text[3:]) > 59:
        data_error('%s: bad time %r' % (where, text))
    return int(text[:2]), int(text[3:])


def news_instant(day, tm, tz, where):
    """The UTC instant of local day (ordinal) at HH:MM in zone tz."""
    h, m = hhmm(tm, where)
    d = datetime.date.fromordinal(day)
    local = datetime.datetime(d.year, d.month, d.day, h, m, tzinfo=zone(tz, where))
    return local.astimezone(datetime.timezone.utc)


def read_events(path):
    hdr, rows, _ = read_table(path)
    low = [h.lower() for h in hdr]
    for c in ('id', 'date', 'label'):
        if c not in low:
            data_error('%s: events need columns id,date,label[,type][,tickers]' % path)
    evs = []
    for ln, r in enumerate(rows, start=2):
        e = Event()
        e.id = r[low.index('id')].strip()
        e.date = parse_date(r[low.index('date')], '%s:%d' % (path, ln))
        e.label = r[low.index('label')]
        e.type = r[low.index('type')].strip() if 'type' in low else ''
        e.tickers = r[low.index('tickers')].split() if 'tickers' in low else None
        if not e.tickers:
            e.tickers = None          # an empty cell: all the study's securities
        # expected_sign: +1 or -1; 0 when the column or the cell is empty (methodology:
        # "in pooled blocks ... multiplied by its event's sign"; an event without one is
        # taken as +1 there [A32])
        # time and tz (interface, Events): both or neither; the news instant in UTC
        tm = r[low.index('time')].strip() if 'time' in low else ''
        tz = r[low.index('tz')].strip() if 'tz' in low else ''
        e.news = None
        if tm or tz:
            if not (tm and tz):
                data_error('%s:%d: time and tz go together' % (path, ln))
            e.news = news_instant(e.date, tm, tz, '%s:%d' % (path, ln))
        e.sign = 0
        if 'expected_sign' in low:
            v = r[low.index('expected_sign')].strip()
            if v in ('+1', '1'):
                e.sign = 1
            elif v == '-1':
                e.sign = -1
            elif v != '':
                data_error('%s:%d: expected_sign must be +1 or -1, got %r' % (path, ln, v))
        evs.append(e)
    return evs


# --------------------------------------------------------------------------------------------
# securities file: currencies and per-security markets (interface, Securities)
# --------------------------------------------------------------------------------------------

PENCE = ('GBp', 'GBX')          # "GBp and GBX are pence of GBP"


def currency_ok(c):
    """A currency the reference accepts: three capital letters, or pence [A39]."""
    return c in PENCE or (len(c) == 3 and c.isalpha() and c.isupper() and c.isascii())


def read_securities(path):
    """{ticker: {'currency', 'fx', 'market', 'line'}} from the columns the reference uses."""
    hdr, rows, _ = read_table(path)
    low = [h.lower() for h in hdr]
    if 'ticker' not in low:
        data_error('%s: securities need a ticker column' % path)
    out = {}
    for ln, r in enumerate(rows, start=2):
        cell = lambda c: r[low.index(c)].strip() if c in low else ''
        t = cell('ticker')
        cur = cell('currency')
        if cur and not currency_ok(cur):
            data_error('%s:%d: unknown currency %r' % (path, ln, cur))
        out[t] = {'currency': cur, 'fx': cell('fx'), 'market': cell('market'),
                  'close': cell('close'), 'line': '%s:%d' % (path, ln)}
    return out


class Leg:
    """A series as a model uses it: its own closes and, with --currency, the FX series whose
    value (one unit of its currency in the study currency) converts its returns:
    (1 + r_local)(1 + r_fx) - 1. parts: [(Series, +1 or -1)], the FX value being the product
    of their closes to those powers (1/X inverts, A/B is a cross rate); empty: no conversion."""

    def __init__(self, series, parts):
        self.series = series
        self.parts = parts
        self.maps = [dict(zip(series.dates, series.prices))] + \
            [dict(zip(p.dates, p.prices)) for p, _ in parts]

    def value(self, d):
        """(price, fx value) on date d, or None when it or an FX part has no close."""
        vals = [m.get(d) for m in self.maps]
        if any(v is None for v in vals):
            return None
        fx = 1.0
        for (_, power), v in zip(self.parts, vals[1:]):
            fx = fx * v if power > 0 else fx / v
        return vals[0], fx


# --------------------------------------------------------------------------------------------
# options and study file
# --------------------------------------------------------------------------------------------

LIST_KEYS = ('prices', 'factor', 'car')
PATH_KEYS = ('prices', 'events', 'securities')
VALUE_KEYS = ('prices', 'events', 'market', 'factor', 'securities', 'model', 'returns', 'estimation',
              'event-window', 'car', 'min-estimation', 'tickers', 'out', 'csv-dialect',
              'controls', 'placebo', 'seed', 'jobs', 'formats',    # seed, jobs, formats: ignored
              'currency')
FLAG_KEYS = ('bom', 'quiet', 'clean-estimation')


def parse_args(argv):
    cl = {}
    positional = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith('--'):
            if '=' in a:
                key, val = a[2:].split('=', 1)
            else:
                key, val = a[2:], None
            if key in FLAG_KEYS:
                cl[key] = True
            elif key in VALUE_KEYS:
                if val is None:
                    i += 1
                    if i >= len(argv):
                        usage('--%s needs a value' % key)
                    val = argv[i]
                if key in LIST_KEYS:
                    cl.setdefault(key, []).append(val)
                else:
                    cl[key] = val
            else:
                usage('unknown option --%s' % key)
        else:
            positional.append(a)
        i += 1
    if positional and positional[0] == 'run':
        positional = positional[1:]
    if len(positional) > 1:
        usage('more than one study file')
    opts = {}
    if positional:
        ini = positional[0]
        cp = configparser.ConfigParser(interpolation=None, comment_prefixes=('#', ';'))
        try:
            with open(ini) as f:
                cp.read_file(f)
        except OSError as e:
            raise Fail(3, 'cannot read %s: %s' % (ini, e))
        base = os.path.dirname(os.path.abspath(ini))
        for sec in cp.sections():
            if sec not in ('study', 'moves'):
                usage('%s: unknown section [%s]' % (ini, sec))
        if cp.has_section('study'):
            for k, v in cp.items('study'):
                key = k.replace('_', '-')
                if key not in VALUE_KEYS + FLAG_KEYS:
                    usage('%s: unknown key %s' % (ini, k))
                if key in FLAG_KEYS:
                    opts[key] = v.strip().lower() in ('1', 'true', 'yes', 'on')
                    continue
                vals = [x.strip() for x in v.split(',')] if key in LIST_KEYS else [v.strip()]
                if key in PATH_KEYS:
                    vals = [os.path.join(base, x) for x in vals]
                opts[key] = vals if key in LIST_KEYS else vals[0]
        opts.setdefault('out', os.path.join('reports', os.path.splitext(os.path.basename(ini))[0]))
    opts.update(cl)
    return opts


def parse_window(text, name):
    try:
        a, b = text.split(':')
        a, b = int(a), int(b)
    except ValueError:
        usage('--%s: expected A:B, got %r' % (name, text))
    if a > b:
        usage('--%s: %d > %d' % (name, a, b))
    return a, b


# --------------------------------------------------------------------------------------------
# the study
# --------------------------------------------------------------------------------------------

class SecEvent:
    """One included security-event: its estimation sample, fit and event-window values."""
    pass


def ret(p1, p0, log):
    return math.log(p1 / p0) if log else p1 / p0 - 1.0


def leg_ret(v1, v0, log):
    """The return of a leg between two (price, fx) values: the local return, converted by
    the FX return as (1 + r_local)(1 + r_fx) - 1 (log returns: their sum) when converted."""
    r = ret(v1[0], v0[0], log)
    if v1[1] == 1.0 and v0[1] == 1.0:
        return r
    rfx = ret(v1[1], v0[1], log)
    return r + rfx if log else (1.0 + r) * (1.0 + rfx) - 1.0


class ModelCalendar:
    """Pinned detail 2 (trade-to-trade): a security's model calendar is the dates on which it
    AND every series its model uses have a close. A date one of them lacks (a holiday, a gap
    in its file, before it starts or after it ends) is skipped like a missing price, so the
    next return spans it for the security and every regressor alike. Holds the security's
    price and each regressor's close on those dates."""

    def __init__(self, sec, regs):
        # sec, regs: Legs; with --currency the FX series of each is one more series of the
        # calendar (a date one lacks is skipped, not an error)
        self.ticker = sec.series.ticker
        self.dates, self.prices, self.regp = [], [], []
        for d in sec.series.dates:
            v = sec.value(d)
            rp = [m.value(d) for m in regs]
            if v is None or any(x is None for x in rp):
                continue
            self.dates.append(d)
            self.prices.append(v)
            self.regp.append(rp)

    def day0(self, date):
        """Notation: day 0 = the first model-calendar date on or after the event date; None
        when that is more than 7 calendar days after it (no-trading-day) or there is none."""
        p0 = bisect.bisect_left(self.dates, date)
        if p0 >= len(self.dates) or self.dates[p0] - date > 7:
            return None, p0
        return p0, p0


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def sign(v):
    return 1.0 if v > 0 else -1.0 if v < 0 else 0.0


def skew_adjusted_t(X):
    """skew_adj_t (Hall 1992; Lyon-Barber-Tsai 1999): S = mean(X)/sd(X),
    g = sum (X_i - mean X)^3 / (N sd(X)^3), sd divisor N - 1;
    statistic sqrt(N) (S + g S^2 / 3 + g / (6 N)). None when N < 2 or sd = 0."""
    N = len(X)
    if N < 2:
        return None
    m = mean(X)
    sd = sample_sd(X)
    if not sd > 0:
        return None
    S = m / sd
    g = fsum((x - m) ** 3 for x in X) / (N * sd ** 3)
    return math.sqrt(N) * (S + g * S * S / 3.0 + g / (6.0 * N))


def rank_points(x):
    """Corrado ranks: per security-event, its estimation residuals plus its event-window ARs,
    each relative day once; U_it = rank / (T_i + 1) - 1/2. Also the share of positive
    estimation residuals (gen_sign_z). Recomputed after sign alignment."""
    vals = [(t, x.resid[t]) for t in x.est_t]
    vals += [(t, x.win[t]['ar']) for t in sorted(x.win)
             if x.win[t]['ar'] is not None and t not in x.resid]
    rk = avg_ranks([v for _, v in vals])
    T = len(vals)
    x.U = {t: r / (T + 1.0) - 0.5 for (t, _), r in zip(vals, rk)}
    x.pos_share = sum(1 for t in x.est_t if x.resid[t] > 0) / float(len(x.est_t))


def neg(v):
    return None if v is None else -v


def align(x, s):
    """expected_sign: in pooled blocks every AR of a security-event (estimation and event
    window), and so its SAR, CAR, SCAR and BHAR, is multiplied by its event's sign. For the
    portfolio the security's returns AND regressors are multiplied by the sign (a short
    position: for every model its AR is then exactly -AR) [A32]. Sign 0 (not given) = +1."""
    if s >= 0:
        return x
    y = SecEvent()
    y.__dict__.update(x.__dict__)
    y.sign = -x.sign
    y.win = {}
    for t, r in x.win.items():
        y.win[t] = dict(r, R=neg(r['R']), ar=neg(r['ar']), sar=neg(r['sar']),
                        normal=neg(r['normal']), bhar1=neg(r['bhar1']),
                        regs=None if r['regs'] is None else [-v for v in r['regs']])
    y.car = {}
    for k, c in x.car.items():
        y.car[k] = None if c is None else dict(c, car=-c['car'], scar=neg(c['scar']), bhar=-c['bhar'])
    y.resid = {t: -e for t, e in x.resid.items()}
    y.resid_by_date = {d: -e for d, e in x.resid_by_date.items()}
    y.est_y = [-v for v in x.est_y]
    y.est_r = [[-v for v in r] for r in x.est_r]
    y.gsar_est = None if x.gsar_est is None else {t: -v for t, v in x.gsar_est.items()}
    rank_points(y)
    return y


class Block:
    """A block of tests.csv: one event (bid = its id), one type (`type:<type>`) or `ALL`.
    events: the kept events in it; members: their treated security-events (aligned by
    expected_sign when pooled); controls: the event's control security-events (event blocks)."""

    def __init__(self, bid, events, pooled, members, controls):
        self.bid, self.events, self.pooled = bid, events, pooled
        self.members, self.controls = members, controls


class Study:
    def __init__(self, opts):
        self.opts = opts
        self.model = opts.get('model', 'market')
        if self.model not in ('mean', 'market-adjusted', 'market', 'factor'):
            usage('--model: unknown model %r' % self.model)
        self.log = {'simple': False, 'log': True}.get(opts.get('returns', 'simple'))
        if self.log is None:
            usage('--returns: simple or log')
        self.E = parse_window(opts.get('estimation', '-250:-11'), 'estimation')
        self.W = parse_window(opts.get('event-window', '-10:10'), 'event-window')
        self.clean = bool(opts.get('clean-estimation', False))
        if not (self.E[1] < self.W[0] or self.E[0] > self.W[1]):
            usage('estimation window overlaps the event window')
        if 'car' in opts:
            self.cars = [parse_window(c, 'car') for c in opts['car']]
            for a, b in self.cars:
                if a < self.W[0] or b > self.W[1]:
                    usage('--car %d:%d outside the event window' % (a, b))
        else:
            self.cars = [c for c in DEFAULT_CARS if c[0] >= self.W[0] and c[1] <= self.W[1]]
        self.market = opts.get('market')
        self.factors = opts.get('factor', []) if self.model == 'factor' else []
        if self.model != 'mean' and not self.market:
            usage('model %s needs --market' % self.model)
        if self.model != 'factor' and opts.get('factor'):
            usage('--factor needs --model factor')
        self.k = {'mean': 1, 'market-adjusted': 0, 'market': 2}.get(self.model, 2 + len(self.factors))
        try:
            self.min_est = int(opts.get('min-estimation', '120'))
        except ValueError:
            usage('--min-estimation: not an integer')
        if self.min_est < max(self.k + 3, 4):
            usage('--min-estimation %d below %d' % (self.min_est, max(self.k + 3, 4)))
        try:
            self.n_placebo = int(opts.get('placebo', '1000'))
        except ValueError:
            usage('--placebo: not an integer')
        if self.n_placebo < 0:
            usage('--placebo: negative')
        if 'events' not in opts:
            usage('--events is required')
        if 'prices' not in opts:
            usage('--prices is required')
        named = set(os.path.realpath(opts[k]) for k in ('events', 'securities') if k in opts)
        self.series = {}
        for p in opts['prices']:
            if os.path.isdir(p):
                for fn in sorted(os.listdir(p)):
                    fp = os.path.join(p, fn)
                    if fn.lower().endswith('.csv') and os.path.realpath(fp) not in named:
                        read_prices(fp, self.series)
            elif os.path.isfile(p):
                read_prices(p, self.series)
            else:
                raise Fail(3, 'no such file or folder: %s' % p)
        for t in ([self.market] if self.market else []) + self.factors:
            if t not in self.series:
                usage('ticker %s not in the price data' % t)
        # --controls T1,...: a control group (methodology: dcaar_t) [A30]
        self.controls = [t.strip() for t in opts.get('controls', '').split(',') if t.strip()]
        for t in self.controls:
            if t not in self.series:
                usage('control ticker %s not in the price data' % t)
        if 'tickers' in opts:
            self.tickers = [t.strip() for t in opts['tickers'].split(',') if t.strip()]
            for t in self.tickers:
                if t not in self.series:
                    usage('ticker %s not in the price data' % t)
                if t in self.controls:
                    usage('ticker %s is both treated and a control' % t)
        else:
            skip = set(([self.market] if self.market else []) + self.factors + self.controls)
            self.tickers = sorted((t for t in self.series if t not in skip), key=lambda s: s.encode())
        self.events = read_events(opts['events'])
        first = min(s.dates[0] for s in self.series.values() if s.dates)
        last = max(s.dates[-1] for s in self.series.values() if s.dates)
        for e in self.events:
            if e.date < first or e.date > last:
                data_error('event %s (%s) outside the price data' % (e.id, iso(e.date)))
            if e.tickers is not None:
                for t in e.tickers:
                    if t not in self.series:
                        data_error('event %s: ticker %s not in the price data' % (e.id, t))
        # the securities file: currencies (--currency) and per-security markets
        self.secinfo = read_securities(opts['securities']) if 'securities' in opts else {}
        self.currency = opts.get('currency')
        if self.currency is not None and (not currency_ok(self.currency) or self.currency in PENCE):
            usage('--currency: not a currency code: %r' % self.currency)
        self.legs = {}
        self.nofx = {}
        for t in ([self.market] if self.market else []) + self.factors:
            if self.leg(t) is None:
                data_error('%s: no FX series converts it' % t)
        for t in self.tickers + self.controls:
            m = self.own_market(t)
            if m is not None and self.leg(m) is None:
                data_error('%s: no FX series converts it' % m)
        self.fit_kind = 'ols' if self.model in ('market', 'factor') else self.model
        # regressor series of the model (pinned 2: the series "its model uses"): the
        # security's own market (securities file `market`), else the study's, then the factors
        self.mcal = {}
        for t in self.tickers + self.controls:
            regs = [] if self.model == 'mean' else [self.market_leg(t)] + \
                [self.leg(f) for f in self.factors]
            sec = self.leg(t)
            if sec is None:          # no-fx: excluded from every event; its own closes only
                sec = Leg(self.series[t], [])
            self.mcal[t] = ModelCalendar(sec, regs)
        # model `mean` with --market: ar.csv still shows the market return when the market has
        # a close on both model-calendar dates of the interval [A3][A25]

    # ---- event times ---------------------------------------------------------------------------
    def close_of(self, t):
        """(hour, minute, zone) of t's exchange close: the securities file's `close`
        (`HH:MM Zone/Name`), else the built-in table by ticker suffix."""
        info = self.secinfo.get(t, {})
        text = info.get('close', '')
        if not text:
            dot = t.rfind('.')
            suffix = t[dot:] if dot > 0 else ''
            if suffix not in BUILTIN_CLOSE:
                data_error('no closing time for %s' % t)
            text = BUILTIN_CLOSE[suffix]
        where = info.get('line', t)
        parts = text.split(' ')
        if len(parts) != 2:
            data_error('%s: bad close %r' % (where, text))
        h, m = hhmm(parts[0], where)
        return h, m, zone(parts[1], where)

    def day0_of(self, mc, ev):
        """Day 0 (Notation): without a time, the first model-calendar date on or after the
        event date; with one, the first whose session close (the exchange's close in its own
        zone on that date) is strictly after the news instant. Either way no more than 7
        calendar days after the event date."""
        if ev.news is None:
            return mc.day0(ev.date)
        h, m, z = self.close_of(mc.ticker)
        p = bisect.bisect_left(mc.dates, ev.date - 3)
        while p < len(mc.dates):
            d = datetime.date.fromordinal(mc.dates[p])
            close = datetime.datetime(d.year, d.month, d.day, h, m, tzinfo=z)
            if close > ev.news:
                break
            p += 1
        if p >= len(mc.dates) or mc.dates[p] - ev.date > 7:
            return None, p
        return p, p

    # ---- currencies and markets ---------------------------------------------------------------
    def own_market(self, t):
        """The securities file's `market` for t (it overrides the study market), or None."""
        m = self.secinfo.get(t, {}).get('market', '')
        if not m:
            return None
        if m not in self.series:
            data_error('%s: market %s of %s is not in the price data'
                       % (self.secinfo[t]['line'], m, t))
        return m

    def market_leg(self, t):
        return self.leg(self.own_market(t) or self.market)

    def leg(self, t):
        """The Leg of series t in the study currency, or None when no FX series converts it
        (no-fx; the reason in self.nofx[t]). Without --currency, t itself."""
        if t in self.legs:
            return self.legs[t]
        info = self.secinfo.get(t)
        parts = []
        if self.currency is not None and info is not None and info['currency']:
            cur = 'GBP' if info['currency'] in PENCE else info['currency']
            if cur != self.currency:
                parts = self.fx_parts(t, info, cur)
        self.legs[t] = None if parts is None else Leg(self.series[t], parts)
        return self.legs[t]

    def fx_parts(self, t, info, cur):
        """The FX series converting t: its `fx` cell (`X`, `1/X` inverted, `A/B` a cross
        rate), else <STUDY><CUR>=X inverted; None when the data have none."""
        spec = info['fx']
        if not spec:
            name = self.currency + cur + '=X'
            if name not in self.series:
                self.nofx[t] = 'no FX series for %s in %s' % (cur, self.currency)
                return None
            return [(self.series[name], -1)]
        if spec.startswith('1/'):
            names, powers = [spec[2:]], [-1]
        elif '/' in spec:
            names, powers = spec.split('/', 1), [1, -1]
        else:
            names, powers = [spec], [1]
        for n in names:
            if not n or '/' in n:
                data_error('%s: bad fx %r' % (info['line'], spec))
            if n not in self.series:
                data_error('%s: fx series %s is not in the price data' % (info['line'], n))
        return [(self.series[n], pw) for n, pw in zip(names, powers)]

    # ---- one security-event -----------------------------------------------------------------
    def obs(self, mc, idx):
        """(date, R, Rm, regs) at position idx of a model calendar: the security's return and
        each regressor's return over the same interval (previous model-calendar date to this
        one). The first model-calendar date has no return (no previous price)."""
        if idx < 0 or idx >= len(mc.dates):
            return None, None, None, None
        d = mc.dates[idx]
        if idx == 0:
            return d, None, None, None
        R = leg_ret(mc.prices[idx], mc.prices[idx - 1], self.log)
        regs = [leg_ret(a, b, self.log) for a, b in zip(mc.regp[idx], mc.regp[idx - 1])]
        if self.model != 'mean':
            Rm = regs[0]
        elif self.market is not None:
            mleg = self.market_leg(mc.ticker)
            a, b = mleg.value(d), mleg.value(mc.dates[idx - 1])
            Rm = leg_ret(a, b, self.log) if a is not None and b is not None else None
        else:
            Rm = None
        return d, R, Rm, regs

    def analyse(self, ticker, ev, p0=None):
        """Returns (SecEvent, None) or (None, (reason, detail)). p0: a given day-0 position
        (placebo trials: no 7-day rule); else day 0 of the event date on the model calendar."""
        mc = self.mcal[ticker]
        if ticker in self.nofx:
            return None, ('no-fx', self.nofx[ticker])
        if p0 is None:
            p0, nx = self.day0_of(mc, ev)
            if p0 is None:
                nxt = iso(mc.dates[nx]) if nx < len(mc.dates) else 'none'
                return None, ('no-trading-day', 'no trading day within 7 days on or after %s (next: %s)'
                              % (iso(ev.date), nxt))
        x = SecEvent()
        x.ticker, x.event, x.p0, x.sign = ticker, ev, p0, 1
        x.orig = x                   # the unaligned security-event (rbar's correlation cache)
        est_t, est_d, est_y, est_r = [], [], [], []
        # --clean-estimation: positions inside another event's event window
        # (for this security, wherever that event has a day 0) are dropped
        dirty = set()
        if self.clean:
            for o in self.events:
                if o is ev or (o.tickers is not None and ticker not in o.tickers
                               and ticker not in self.controls):
                    continue
                q0, _ = self.day0_of(mc, o)
                if q0 is not None:
                    dirty.update(range(q0 + self.W[0], q0 + self.W[1] + 1))
        for t in range(self.E[0], self.E[1] + 1):
            if p0 + t in dirty:
                continue
            d, R, Rm, regs = self.obs(mc, p0 + t)
            if R is not None:
                est_t.append(t)
                est_d.append(d)
                est_y.append(R)
                est_r.append(regs)
        x.L1 = len(est_y)
        if x.L1 < self.min_est:
            return None, ('short-estimation', '%d usable estimation returns, %d required'
                          % (x.L1, self.min_est))
        fit = Fit(self.fit_kind, est_y, est_r)
        if fit.singular:
            return None, ('singular-design', 'estimation design is singular: smallest singular value '
                          'below 1e-10 times the largest (%d returns)' % x.L1)
        x.fit = fit
        x.est_t, x.est_d, x.est_y, x.est_r = est_t, est_d, est_y, est_r
        x.resid = dict(zip(est_t, fit.resid))
        x.est_idx = {t: j for j, t in enumerate(est_t)}
        x.resid_by_date = dict(zip(est_d, fit.resid))
        x.d = fit.d
        # grank_t / gsign_z: GSAR_it = SAR_it on the estimation days; SAR = AR / (s sqrt(C_t))
        # with C_t from that day's regressors [A26]; ES_REF_GSAR=s: AR / s
        x.gsar_est = None
        if fit.s is not None and fit.s > 0:
            if self.gsar_mode == 's':
                x.gsar_est = {t: e / fit.s for t, e in zip(est_t, fit.resid)}
            else:
                x.gsar_est = {t: e / (fit.s * math.sqrt(fit.c_factor(r)))
                              for t, e, r in zip(est_t, fit.resid, est_r)}
        # event window
        x.win = {}
        for t in range(self.W[0], self.W[1] + 1):
            d, R, Rm, regs = self.obs(mc, p0 + t)
            row = {'date': d, 'R': R, 'Rm': Rm, 'regs': regs, 'normal': None, 'ar': None, 'sar': None,
                   'bhar1': None}
            if R is not None:
                nr = fit.normal(regs)
                row['normal'] = nr
                row['ar'] = R - nr
                # the one-day BHAR (bhar_skew_adj_t on a day) [A28]
                row['bhar1'] = math.exp(R) - math.exp(nr) if self.log else (1.0 + R) - (1.0 + nr)
                if fit.s is not None and fit.s > 0:
                    row['sar'] = row['ar'] / (fit.s * math.sqrt(fit.c_factor(regs)))
            x.win[t] = row
        # CAR windows (pinned 5: an AR on every day, else empty)
        x.car = {}
        for (a, b) in self.cars:
            rows = [x.win[t] for t in range(a, b + 1)]
            if any(r['ar'] is None for r in rows):
                x.car[(a, b)] = None
                continue
            car = fsum(r['ar'] for r in rows)
            var = fit.var_car([r['regs'] for r in rows])
            sd = math.sqrt(var) if var is not None and var >= 0 else None
            scar = car / sd if sd else None
            if self.log:
                bhar = math.exp(fsum(r['R'] for r in rows)) - math.exp(fsum(r['normal'] for r in rows))
            else:
                p1 = 1.0
                p2 = 1.0
                for r in rows:
                    p1 *= 1.0 + r['R']
                    p2 *= 1.0 + r['normal']
                bhar = p1 - p2
            x.car[(a, b)] = {'car': car, 'sd': sd, 'scar': scar, 'bhar': bhar,
                             'dates': set(r['date'] for r in rows)}
        rank_points(x)
        return x, None

    def run(self):
        """Every event: its treated securities (the event's `tickers` select among them),
        then, if it keeps any, the controls (they take every event, with their own
        exclusions) [A29]."""
        self.included = []           # (event, [treated SecEvent], [control SecEvent])
        self.exclusions = []         # (event_id, ticker, reason, detail, is_control)
        for ev in self.events:
            members, ctrl = [], []
            for t in self.tickers:
                if ev.tickers is not None and t not in ev.tickers:
                    continue
                x, exc = self.analyse(t, ev)
                if exc:
                    self.exclusions.append((ev.id, t, exc[0], exc[1], False))
                else:
                    members.append(x)
            if not members:
                self.exclusions.append((ev.id, '', 'no-securities',
                                        'every security excluded; event dropped', False))
            else:
                for t in self.controls:
                    x, exc = self.analyse(t, ev)
                    if exc:
                        self.exclusions.append((ev.id, t, exc[0], exc[1], True))
                    else:
                        ctrl.append(x)
            self.included.append((ev, members, ctrl))
        if not any(m for _, m, _ in self.included):
            data_error('no event left')
        self.blocks = self.make_blocks(self.included)

    def make_blocks(self, included):
        """[A6] each kept event, then each type in order of first appearance, then ALL;
        pooled blocks hold sign-aligned security-events, event blocks never."""
        kept = [(ev, m, c) for ev, m, c in included if m]
        blocks = [Block(ev.id, [ev], False, m, c) for ev, m, c in kept]
        types = []
        for ev in self.events:
            if ev.type and ev.type not in types:
                types.append(ev.type)
        for ty in types:
            evs = [(ev, m) for ev, m, _ in kept if ev.type == ty]
            if evs:
                blocks.append(Block('type:' + ty, [ev for ev, _ in evs], True,
                                    [align(x, ev.sign) for ev, m in evs for x in m], []))
        blocks.append(Block('ALL', [ev for ev, _, _ in kept], True,
                            [align(x, ev.sign) for ev, m, _ in kept for x in m], []))
        return blocks

    def windows(self):
        """Pinned 7: each event-window day, then each CAR window not already listed [A20]."""
        w = [(t, t) for t in range(self.W[0], self.W[1] + 1)]
        for c in self.cars:
            if c not in w:
                w.append(c)
        return w

    # ---- cross-sectional tests --------------------------------------------------------------
    def rho(self, a, b, cache):
        """Pearson correlation of the two estimation-residual series on the calendar dates
        both have; None with fewer than 30 such dates or a zero-variance series. Computed on
        the unaligned series; alignment multiplies it by both signs (exactly)."""
        oa, ob = a.orig, b.orig
        key = (id(oa), id(ob))
        if key not in cache:
            common = sorted(set(oa.resid_by_date) & set(ob.resid_by_date))
            r = None
            if len(common) >= 30:
                xa = [oa.resid_by_date[d] for d in common]
                xb = [ob.resid_by_date[d] for d in common]
                ma, mb = mean(xa), mean(xb)
                sab = fsum((u - ma) * (v - mb) for u, v in zip(xa, xb))
                saa = fsum((u - ma) ** 2 for u in xa)
                sbb = fsum((v - mb) ** 2 for v in xb)
                if saa > 0 and sbb > 0:
                    r = sab / math.sqrt(saa * sbb)
            cache[key] = r
        r = cache[key]
        return None if r is None else r * a.sign * b.sign

    def rbar(self, sample, dates, L, cache):
        """rbar: mean over pairs of rho_ab * w_ab, w_ab = shared AR dates in the window / L.
        A pair with w_ab = 0 counts 0 (no correlation needed); a pair with w_ab > 0 needs rho
        (>= 30 shared estimation dates), else it is skipped. None when no pair counts."""
        acc = []
        N = len(sample)
        for i in range(N):
            for j in range(i + 1, N):
                w = len(dates[i] & dates[j]) / float(L)
                if w == 0:
                    acc.append(0.0)
                    continue
                r = self.rho(sample[i], sample[j], cache)
                if r is not None:
                    acc.append(r * w)
        return mean(acc) if acc else None

    def tests(self, members, a, b, cache, controls=None):
        """Rows (test, n, estimate, statistic, df, p, rbar) for the window [a, b] of a block;
        with controls (a list, event blocks of a study with controls) also dcaar_t."""
        L = b - a + 1
        if a == b:
            sample = [x for x in members if x.win[a]['ar'] is not None]
            X = [x.win[a]['ar'] for x in sample]
            Z = [x.win[a]['sar'] for x in sample]
            XB = [x.win[a]['bhar1'] for x in sample]
            dates = [set([x.win[a]['date']]) for x in sample]
        else:
            sample = [x for x in members if x.car[(a, b)] is not None]
            X = [x.car[(a, b)]['car'] for x in sample]
            Z = [x.car[(a, b)]['scar'] for x in sample]
            XB = [x.car[(a, b)]['bhar'] for x in sample]
            dates = [x.car[(a, b)]['dates'] for x in sample]
        N = len(sample)
        est = mean(X) if N else None
        # [A9] the securities behind the estimation-based parts of bw_cda_t, corrado_rank_z,
        # portfolio_t and dcaar_t's S_d: every member of the block (default) or only the N
        base = members if (self.sample_mode == 'block' and N) else sample
        out = {}

        def put(name, stat, df=None, p=None, rbar=None, normal=False, estimate=est):
            if stat is None:
                p = None
            elif p is None:
                p = p_norm(stat) if normal else p_t(stat, df)
            out[name] = (stat, df, p, rbar, estimate)

        zok = N > 0 and all(z is not None for z in Z)
        # csect_t
        if N >= 2:
            sd = sample_sd(X)
            put('csect_t', est / (sd / math.sqrt(N)) if sd > 0 else None, N - 1)
        else:
            put('csect_t', None)
        # bw_cda_t [A9][A10]
        stat = dfb = None
        if N >= 2 or (N == 1 and not self.t_needs_two):
            aar = []
            for t in range(self.E[0], self.E[1] + 1):
                v = [x.resid[t] for x in base if t in x.resid]
                if v:
                    aar.append(mean(v))
            if len(aar) >= 2:
                dfb = len(aar) - 1
                m = mean(aar)
                S = math.sqrt(fsum((v - m) ** 2 for v in aar) / dfb)
                if S > 0:
                    stat = est / S if a == b else est / (math.sqrt(L) * S)
        put('bw_cda_t', stat, dfb)
        rbar = self.rbar(sample, dates, L, cache)
        # patell
        pz = None
        if zok:
            den = fsum(x.d / (x.d - 2.0) for x in sample)
            pz = fsum(Z) / math.sqrt(den)
        put('patell_z', pz, normal=True)
        kp = None
        if pz is not None and rbar is not None and 1.0 + (N - 1) * rbar > 0:
            kp = pz * math.sqrt(1.0 / (1.0 + (N - 1) * rbar))
        put('patell_kp_z', kp, normal=True, rbar=rbar)
        # bmp
        bt = None
        dfn = N - 1 if N >= 2 else None
        if zok and N >= 2:
            sz = sample_sd(Z)
            if sz > 0:
                bt = mean(Z) / (sz / math.sqrt(N))
        put('bmp_t', bt, dfn)
        bk = None
        if bt is not None and rbar is not None and 1.0 + (N - 1) * rbar > 0 and 1.0 - rbar >= 0:
            bk = bt * math.sqrt((1.0 - rbar) / (1.0 + (N - 1) * rbar))
        put('bmp_kp_t', bk, dfn, rbar=rbar)
        # corrado rank [A11]
        cz = None
        if N:
            days = list(range(self.E[0], self.E[1] + 1)) + list(range(self.W[0], self.W[1] + 1))
            ssum = []
            D = {}
            for s_ in days:
                u = [x.U[s_] for x in base if s_ in x.U]
                if u:
                    D[s_] = (fsum(u), len(u))
                    ssum.append(D[s_][0] ** 2 / len(u))
            S = math.sqrt(fsum(ssum) / len(ssum)) if ssum else 0.0
            if S > 0:
                if a == b:
                    Ds, Ns = D[a]
                    cz = Ds / math.sqrt(Ns) / S
                else:
                    cz = fsum(D[t][0] / math.sqrt(D[t][1]) for t in range(a, b + 1)) / (math.sqrt(L) * S)
        put('corrado_rank_z', cz, normal=True)
        # sign
        if N:
            w = sum(1 for v in X if v > 0)
            z = (w - N / 2.0) / math.sqrt(N / 4.0)
            put('sign_z', z, p=p_binom(w, N, 0.5) if N <= 50 else None, normal=True)
            p = mean([x.pos_share for x in sample])
            if 0.0 < p < 1.0:
                z = (w - N * p) / math.sqrt(N * p * (1.0 - p))
                put('gen_sign_z', z, p=p_binom(w, N, p) if N <= 50 else None, normal=True)
            else:
                put('gen_sign_z', None)
        else:
            put('sign_z', None)
            put('gen_sign_z', None)
        # wilcoxon
        nz = [v for v in X if v != 0.0]
        n = len(nz)
        if n:
            ab = [abs(v) for v in nz]
            rk = avg_ranks(ab)
            wplus = fsum(r for r, v in zip(rk, nz) if v > 0)
            ties = {}
            for v in ab:
                ties[v] = ties.get(v, 0) + 1
            var = n * (n + 1) * (2 * n + 1) / 24.0 - fsum((t ** 3 - t) / 48.0 for t in ties.values())
            z = (wplus - n * (n + 1) / 4.0) / math.sqrt(var)
            p = None
            if n <= 20:
                p = p_wilcoxon_exact([int(round(2 * r)) for r in rk],
                                     int(round(2 * wplus)))
            put('wilcoxon_z', z, p=p, normal=True)
        else:
            put('wilcoxon_z', None)
        # portfolio
        put('portfolio_t', *self.portfolio(base, a, b, N, cache))
        # grank_t and gsign_z [A26][A27]; the skewness-adjusted t on X and on BHAR [A28]
        gr, dfg, gs = self.grank_gsign(sample, Z, zok)
        put('grank_t', gr, dfg)
        put('gsign_z', gs, normal=True)
        # skew_adj_t, bhar_skew_adj_t
        put('skew_adj_t', skew_adjusted_t(X), dfn)
        put('bhar_skew_adj_t', skew_adjusted_t(XB), dfn, estimate=mean(XB) if N else None)
        names = list(TESTS)
        if controls is not None:
            names.append('dcaar_t')
            dstat, ddf, dest = self.dcaar(controls, base, X, a, b)
            put('dcaar_t', dstat, ddf, estimate=dest)
        rows = []
        for name in names:
            stat, df, p, rb, e = out[name]
            if self.rbar_rows == 'all':        # [A13]
                rb = rbar
            rows.append((name, N, e, stat, df, p, rb))
        return rows

    def grank_gsign(self, sample, Z, zok):
        """grank_t (Kolari-Pynnonen 2011) and gsign_z (Luoma 2011) over the block's N
        securities. Points of security i: its estimation relative days (GSAR = SAR) and one
        event point GSAR_i0 = Z_i / sd(Z). Returns (grank statistic, df = T - 2, gsign)."""
        N = len(sample)
        if not zok or N < 2 or any(x.gsar_est is None for x in sample):
            return None, None, None
        sdz = sample_sd(Z)
        U, G = [], []
        for x, z in zip(sample, Z):
            pts = [(t, x.gsar_est[t]) for t in x.est_t]
            if sdz > 0:
                pts.append(('ev', z / sdz))
            vals = [v for _, v in pts]
            rk = avg_ranks(vals)
            Ti = len(vals)
            U.append({t: r / (Ti + 1.0) - 0.5 for (t, _), r in zip(pts, rk)})
            med = median(vals)
            G.append({t: sign(v - med) for t, v in pts})
        keys = list(range(self.E[0], self.E[1] + 1)) + ['ev']

        def pooled(P):
            """(bar_0, S, T): S^2 = (1/T) sum_t (N_t / N) bar_t^2 over the T points with N_t > 0."""
            acc, bar0 = [], None
            for t in keys:
                v = [q[t] for q in P if t in q]
                if v:
                    bar = mean(v)
                    acc.append(len(v) / float(N) * bar * bar)
                    if t == 'ev':
                        bar0 = bar
            # T counts the event point even when it is undefined (sd(Z) = 0), so that df is
            # written wherever the points are defined [A14]
            T = len(acc) if bar0 is not None else len(acc) + 1
            return bar0, math.sqrt(fsum(acc) / T) if acc else 0.0, T
        u0, S, T = pooled(U)
        dfg = T - 2 if T > 2 else None
        gr = gs = None
        if sdz > 0 and dfg is not None and S > 0:
            zz = u0 / S
            den = T - 1 - zz * zz
            if den > 0:
                gr = zz * math.sqrt((T - 2) / den)
        if sdz > 0:
            g0, SG, _ = pooled(G)
            if SG > 0:
                gs = g0 / SG
        return gr, dfg, gs

    def dcaar(self, controls, base, X, a, b):
        """dcaar_t [A31]: dCAAR = mean(X over the treated) - mean(X over the controls); S_d = sd
        (divisor n - 1) over the n estimation relative days on which both groups have a
        residual, of (mean treated residual - mean control residual); day: dCAAR / S_d,
        window: dCAAR / (sqrt(L) S_d); t(n - 1). Returns (statistic, df, estimate = dCAAR)."""
        L = b - a + 1
        if a == b:
            cs = [x for x in controls if x.win[a]['ar'] is not None]
            XC = [x.win[a]['ar'] for x in cs]
        else:
            cs = [x for x in controls if x.car[(a, b)] is not None]
            XC = [x.car[(a, b)]['car'] for x in cs]
        dc = mean(X) - mean(XC) if X and XC else None
        cbase = controls if self.sample_mode == 'block' else cs      # [A9]
        diffs = []
        for t in range(self.E[0], self.E[1] + 1):
            vt = [x.resid[t] for x in base if t in x.resid]
            vc = [x.resid[t] for x in cbase if t in x.resid]
            if vt and vc:
                diffs.append(mean(vt) - mean(vc))
        n = len(diffs)
        df = n - 1 if n >= 2 else None
        stat = None
        if dc is not None and df is not None:
            Sd = sample_sd(diffs)
            if Sd > 0:
                stat = dc / Sd if a == b else dc / (math.sqrt(L) * Sd)
        return stat, df, dc

    def portfolio(self, sample, a, b, N, cache):
        """(statistic, df) of the equal-weight portfolio of the sample [A12]. The fit depends
        on the sample only: it is kept in cache (the caller's, alive as long as the sample)."""
        if not sample or N == 0 or (N < 2 and self.t_needs_two):
            return None, None
        key = ('portfolio',) + tuple(id(x) for x in sample)
        if key not in cache:
            cache[key] = self.portfolio_fit(sample)
        fit = cache[key]
        if fit is None:
            return None, None
        wr = []
        for t in range(a, b + 1):
            have = [x for x in sample if x.win[t]['ar'] is not None]
            R = mean([x.win[t]['R'] for x in have])
            q = len(have[0].win[t]['regs'])
            rg = [mean([x.win[t]['regs'][c] for x in have]) for c in range(q)]
            wr.append((R, rg))
        ars = [R - fit.normal(rg) for R, rg in wr]
        if a == b:
            stat = ars[0] / (fit.s * math.sqrt(fit.c_factor(wr[0][1])))
        else:
            stat = fsum(ars) / math.sqrt(fit.var_car([rg for _, rg in wr]))
        return stat, fit.d

    def portfolio_fit(self, sample):
        """The portfolio's model: on each estimation relative day its return and each
        regressor are means over the securities with that day in their estimation sample."""
        ys, regs = [], []
        for t in range(self.E[0], self.E[1] + 1):
            have = [x for x in sample if t in x.resid]
            if not have:
                continue
            i = [x.est_idx[t] for x in have]
            ys.append(mean([x.est_y[j] for x, j in zip(have, i)]))
            q = len(have[0].est_r[0])
            regs.append([mean([x.est_r[j][c] for x, j in zip(have, i)]) for c in range(q)])
        kind = self.fit_kind
        if not ys:
            return None
        kk = {'mean': 1, 'market-adjusted': 1}.get(kind, len(regs[0]) + 1)
        if len(ys) - kk < 1:
            return None
        fit = Fit(kind, ys, regs)
        if fit.singular or not fit.s:
            return None
        return fit

    def block_stats(self, block, cache):
        """{(a, b, test): (row)} of one block over every window."""
        res = {}
        for (a, b) in self.windows():
            for row in self.tests(block.members, a, b, cache,
                                  controls=block.controls if (self.controls and not block.pooled) else None):
                res[(a, b, row[0])] = row
        return res

    # ---- placebo p-values (docs: placebo-reading) --------------------------------------------
    def real_spans(self):
        """The calendar span of each real event's window (all events, dropped ones included):
        earliest to latest date of the event window over the securities that have a day 0
        for it (its treated securities and the controls) [A34]. An event with none has none."""
        spans = []
        for ev in self.events:
            secs = [t for t in self.tickers if ev.tickers is None or t in ev.tickers] + self.controls
            lo = hi = None
            for t in secs:
                mc = self.mcal[t]
                p0, _ = self.day0_of(mc, ev)
                if p0 is None:
                    continue
                i1 = max(0, p0 + self.W[0])
                i2 = min(len(mc.dates) - 1, p0 + self.W[1])
                if i1 > i2:
                    continue
                lo = mc.dates[i1] if lo is None else min(lo, mc.dates[i1])
                hi = mc.dates[i2] if hi is None else max(hi, mc.dates[i2])
            if lo is not None:
                spans.append((lo, hi))
        return spans

    def candidates(self, kept, spans):
        """Candidate dates of a kept event: dates d of the union of the model calendars of its
        kept securities K_e such that every one of them, with placebo day 0 = its first
        model-calendar date on or after d, has (a) its whole event window on its model
        calendar and (b) at least min_estimation usable estimation returns; and such that the
        placebo window's span over K_e shares no date with any real event's window span [A35]."""
        cals = [self.mcal[x.ticker] for x in kept]
        union = sorted(set(d for mc in cals for d in mc.dates))
        out = []
        for d in union:
            lo = hi = None
            ok = True
            for mc in cals:
                n = len(mc.dates)
                p0 = bisect.bisect_left(mc.dates, d)
                if p0 >= n or p0 + self.W[0] < 0 or p0 + self.W[1] >= n:
                    ok = False
                    break
                # usable estimation returns: positions p0 + t, t in [E1, E2], with a previous
                # model-calendar date (every model-calendar date but the first has a return)
                i1 = max(p0 + self.E[0], 1)
                i2 = min(p0 + self.E[1], n - 1)
                if max(0, i2 - i1 + 1) < self.min_est:
                    ok = False
                    break
                w1, w2 = mc.dates[p0 + self.W[0]], mc.dates[p0 + self.W[1]]
                lo = w1 if lo is None else min(lo, w1)
                hi = w2 if hi is None else max(hi, w2)
            if ok and not any(lo <= s_hi and s_lo <= hi for s_lo, s_hi in spans):
                out.append(d)
        return out

    def placebo(self):
        """p_placebo and n_placebo of every tests.csv row, where the reference can compute
        them without the tool's random generator: every event block whose event has at most
        N candidates (all used once), and every pooled block of a single such event (or with
        an event of 0 candidates: T_B = 0). Fills self.pl[(bid, a, b, test)] = (p, n); rows
        of blocks in self.pl_nc are not computed (their cells are written empty and listed
        in not-computed.txt) [A36]."""
        self.pl, self.pl_nc = {}, set()
        if self.n_placebo == 0:
            return
        kept = [(ev, m, c) for ev, m, c in self.included if m]
        if self.clean:
            sys.stderr.write('es_reference: note: placebo with --clean-estimation not implemented; '
                             'p_placebo,n_placebo not computed\n')
            self.pl_nc = set(b.bid for b in self.blocks)
            return
        spans = self.real_spans()
        cands = {ev.id: self.candidates(m + c, spans) for ev, m, c in kept}
        self.pl_cands = cands
        by_event = {}
        for blk in self.blocks:
            ts = [len(cands[e.id]) for e in blk.events]
            if min(ts) == 0:
                for key in self.real:
                    if key[0] == blk.bid:
                        self.pl[key] = (None, 0)
            elif len(blk.events) == 1 and ts[0] <= self.n_placebo:
                by_event.setdefault(blk.events[0].id, []).append(blk)
            else:
                why = ('an event with %d candidates > --placebo %d' % (max(ts), self.n_placebo)
                       if max(ts) > self.n_placebo else
                       'pooled block of %d events: the pairing needs the tool\'s generator' % len(ts))
                sys.stderr.write('es_reference: note: block %s: p_placebo,n_placebo not computed (%s)\n'
                                 % (blk.bid, why))
                self.pl_nc.add(blk.bid)
        for ev, m, c in kept:
            blks = by_event.get(ev.id)
            if blks:
                self.placebo_trials(ev, m, c, cands[ev.id], blks)

    def placebo_trials(self, ev, m, c, dates, blks):
        """One trial per candidate date d: each kept security of the event takes day 0 = its
        first model-calendar date on or after d and is analysed again (same model, windows,
        tests); blocks are what remains. Counts |T*| >= |T| (1 - 1e-12) - 1e-12 [A37]: relative, and absolute for a T that is 0 up to rounding."""
        counts = {}
        for d in dates:
            tm, tc = [], []
            for src, dst in ((m, tm), (c, tc)):
                for x in src:
                    p0 = bisect.bisect_left(self.mcal[x.ticker].dates, d)
                    y, _exc = self.analyse(x.ticker, ev, p0=p0)
                    if y is not None:
                        dst.append(y)
            cache = {}
            done = {}
            for blk in blks:
                s = ev.sign if blk.pooled else 1
                variant = 'aligned' if s < 0 else 'plain'
                if variant not in done:
                    members = [align(y, s) for y in tm]
                    # 'plain' is the event block's computation (with dcaar_t); a pooled block of
                    # this single event with sign +1 (or none) has the same statistics
                    done[variant] = self.block_stats(Block(blk.bid, [ev], s < 0, members, tc), cache)
                stats = done[variant]
                for key in self.real:
                    if key[0] != blk.bid:
                        continue
                    T, Tstar = self.real[key], stats[key[1:]][3]
                    hit_n = counts.setdefault(key, [0, 0])
                    if Tstar is None or not math.isfinite(Tstar):
                        continue
                    hit_n[1] += 1
                    if T is not None and abs(Tstar) >= abs(T) * (1.0 - PLACEBO_RTOL) - PLACEBO_RTOL:
                        hit_n[0] += 1
        for blk in blks:
            for key in self.real:
                if key[0] != blk.bid:
                    continue
                hits, n = counts.get(key, [0, 0])
                T = self.real[key]
                p = (1.0 + hits) / (1.0 + n) if (T is not None and n > 0) else None
                self.pl[key] = (p, n)
# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------

def fmt_num(v, eu=False):
    if v is None:
        return ''
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, int):
        return str(v)
    if not math.isfinite(v):
        raise Fail(5, 'non-finite number in output')
    for p in (15, 16, 17):
        s = '%.*g' % (p, v)
        if float(s) == v:
            break
    return s.replace('.', ',') if eu else s


def fmt_text(s):
    if s and s[0] in '=+-@\t\r':
        try:
            float(s)
        except ValueError:
            return "'" + s
    return s


class Writer:
    def __init__(self, outdir, eu, bom):
        self.outdir, self.eu, self.bom = outdir, eu, bom

    def write(self, name, header, rows):
        path = os.path.join(self.outdir, name)
        with open(path, 'w', newline='', encoding='utf-8-sig' if self.bom else 'utf-8') as f:
            w = csv.writer(f, delimiter=';' if self.eu else ',', lineterminator='\r\n')
            w.writerow(header)
            for r in rows:
                w.writerow([fmt_text(c) if isinstance(c, str) else fmt_num(c, self.eu) for c in r])


def compute_tables(st):
    """aar.csv and tests.csv rows of every block; st.real[(bid, a, b, test)] = statistic."""
    aar_rows, test_rows = [], []
    st.real = {}
    st.rho_cache = {}
    for blk in st.blocks:
        members = blk.members
        caar = 0.0
        for t in range(st.W[0], st.W[1] + 1):
            # pooled blocks hold the sign-aligned ARs; event blocks are never aligned
            v = [x.win[t]['ar'] for x in members if x.win[t]['ar'] is not None]
            aar = mean(v) if v else None
            if caar is not None and aar is not None:
                caar = caar + aar
            else:
                caar = None                 # [A19]
            aar_rows.append([blk.bid, t, len(v), aar, caar])
        stats = st.block_stats(blk, st.rho_cache)
        for (a, b) in st.windows():
            for name in TESTS + (['dcaar_t'] if st.controls and not blk.pooled else []):
                _, n, est, stat, df, p, rb = stats[(a, b, name)]
                st.real[(blk.bid, a, b, name)] = stat
                test_rows.append([blk.bid, a, b, name, n, est, stat, df, p, rb])
    return aar_rows, test_rows


def write_report(st, outdir):
    os.makedirs(outdir, exist_ok=True)
    wr = Writer(outdir, st.opts.get('csv-dialect', 'rfc4180') == 'excel-eu', bool(st.opts.get('bom')))
    fnames = [f for f in st.factors]
    est_rows, ar_rows, car_rows = [], [], []
    for ev, members, ctrl in st.included:
        # [A29] control security-events follow the event's treated ones (ES_REF_CONTROL_ROWS=after)
        # or are left out of estimates/ar/car/exclusions.csv (=none)
        for x in members + (ctrl if st.control_rows == 'after' else []):
            f = x.fit
            r = [ev.id, x.ticker, st.model, x.L1, iso(x.est_d[0]), iso(x.est_d[-1])]
            if st.model == 'mean':
                r += [f.alpha, None, f.s, None]
            elif st.model == 'market-adjusted':
                r += [None, None, f.s, None]
            else:
                r += [f.alpha, f.beta, f.s, f.r2]
            r += list(f.betas)
            est_rows.append(r)
            for t in range(st.W[0], st.W[1] + 1):
                w = x.win[t]
                ar_rows.append([ev.id, x.ticker, t, iso(w['date']) if w['date'] is not None else '',
                                w['R'], w['Rm'], w['normal'], w['ar'], w['sar']])
            for (a, b) in st.cars:
                c = x.car[(a, b)]
                car_rows.append([ev.id, x.ticker, a, b] +
                                ([c['car'], c['sd'], c['scar'], c['bhar']] if c else [None] * 4))
    wr.write('estimates.csv', ['event_id', 'ticker', 'model', 'n_est', 'est_first', 'est_last',
                               'alpha', 'beta', 'sigma', 'r2'] + ['beta_' + f for f in fnames], est_rows)
    wr.write('ar.csv', ['event_id', 'ticker', 'day', 'date', 'return', 'market_return', 'normal_return',
                        'ar', 'sar'], ar_rows)
    wr.write('car.csv', ['event_id', 'ticker', 'from', 'to', 'car', 'car_sd', 'scar', 'bhar'], car_rows)
    aar_rows, test_rows = compute_tables(st)
    st.placebo()
    nc = []
    for i, r in enumerate(test_rows):
        key = (r[0], r[1], r[2], r[3])
        if key in st.pl:
            r += list(st.pl[key])
        else:
            r += [None, None]
            if r[0] in st.pl_nc:
                nc += ['tests.csv:%d:p_placebo' % (i + 2), 'tests.csv:%d:n_placebo' % (i + 2)]
    wr.write('aar.csv', ['event_id', 'day', 'n', 'aar', 'caar'], aar_rows)
    wr.write('tests.csv', ['event_id', 'from', 'to', 'test', 'n', 'estimate', 'statistic', 'df',
                           'p_value', 'rbar', 'p_placebo', 'n_placebo'], test_rows)
    wr.write('exclusions.csv', ['event_id', 'ticker', 'reason', 'detail'],
             [list(e[:4]) for e in st.exclusions if not (e[4] and st.control_rows == 'none')])
    # cells the reference cannot compute (placebo pairings drawn by the tool's generator):
    # compare.py skips the cells listed here
    path = os.path.join(outdir, 'not-computed.txt')
    if nc:
        with open(path, 'w') as f:
            f.write(''.join(line + '\n' for line in nc))
    elif os.path.exists(path):
        os.remove(path)


def main(argv):
    try:
        opts = parse_args(argv)
        t2 = os.environ.get('ES_REF_T_NEEDS_TWO', 'sd')   # [A8]: 'sd' or 'all'
        st = Study(opts)
        st.t_needs_two = (t2 == 'all')
        st.sample_mode = os.environ.get('ES_REF_SAMPLE', 'block')  # [A9]: 'block' or 'window'
        st.rbar_rows = os.environ.get('ES_REF_RBAR_ROWS', 'all')   # [A13]: 'all' or 'kp'
        st.gsar_mode = os.environ.get('ES_REF_GSAR', 'c')          # [A26]: 'c' or 's'
        st.control_rows = os.environ.get('ES_REF_CONTROL_ROWS', 'after')  # [A29]: 'after' or 'none'
        st.run()
        out = opts.get('out')
        if not out:
            usage('--out is required without a study file')
        write_report(st, out)
    except Fail as e:
        sys.stderr.write('es_reference: %s\n' % e.msg)
        return e.code
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
