#!/usr/bin/env python3
"""Independent reference implementation of the numbers of `defimpact run`.

Written from docs/methodology.md and docs/interface.md only (not from the C sources), in pure
Python 3 with the standard library. It reads a study the way `defimpact run` does (an optional
STUDY.ini plus command-line options) and writes estimates.csv, ar.csv, car.csv, aar.csv,
tests.csv and exclusions.csv with the contract's columns and row order.

    python3 es_reference.py [STUDY.ini] --prices DIR --events FILE --market T [options] --out DIR

Readings of the contract where it leaves a choice are listed in AMBIGUITIES.md (A1..A24);
the code cites them as [A<n>].
"""
import bisect
import configparser
import csv
import datetime
import io
import math
import os
import sys

fsum = math.fsum

TESTS = ['csect_t', 'bw_cda_t', 'patell_z', 'patell_kp_z', 'bmp_t', 'bmp_kp_t',
         'corrado_rank_z', 'sign_z', 'gen_sign_z', 'wilcoxon_z', 'portfolio_t']
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
        evs.append(e)
    return evs


# --------------------------------------------------------------------------------------------
# options and study file
# --------------------------------------------------------------------------------------------

LIST_KEYS = ('prices', 'factor', 'car')
PATH_KEYS = ('prices', 'events', 'securities')
VALUE_KEYS = ('prices', 'events', 'market', 'factor', 'securities', 'model', 'returns', 'estimation',
              'event-window', 'car', 'min-estimation', 'tickers', 'out', 'csv-dialect')
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


def series_return(m, d_prev, d_cur, log):
    """Return of series m over the calendar interval (d_prev, d_cur] (pinned detail 2)."""
    ip = bisect.bisect_right(m.dates, d_prev) - 1
    if ip < 0 or d_cur > m.dates[-1]:
        # A1 (decided by the lead): a series that has ended has no return
        # after its last close, rather than a silent 0.
        return None
    ic = bisect.bisect_right(m.dates, d_cur) - 1
    if ic == ip:
        return 0.0
    return ret(m.prices[ic], m.prices[ip], log)


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
        if 'tickers' in opts:
            self.tickers = [t.strip() for t in opts['tickers'].split(',') if t.strip()]
            for t in self.tickers:
                if t not in self.series:
                    usage('ticker %s not in the price data' % t)
        else:
            skip = set(([self.market] if self.market else []) + self.factors)
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
        # regressor series of the model; the market return is shown in ar.csv whenever given
        self.reg_series = [] if self.model == 'mean' else [self.series[self.market]] + \
            [self.series[f] for f in self.factors]
        self.fit_kind = 'ols' if self.model in ('market', 'factor') else self.model

    # ---- one security-event -----------------------------------------------------------------
    def obs(self, s, idx):
        """(date, R, Rm, regs) of security s at position idx of its calendar."""
        if idx < 0 or idx >= len(s.dates):
            return None, None, None, None
        d = s.dates[idx]
        if idx == 0:
            return d, None, None, None
        dp = s.dates[idx - 1]
        R = ret(s.prices[idx], s.prices[idx - 1], self.log)
        Rm = series_return(self.series[self.market], dp, d, self.log) if self.market else None
        regs = [series_return(m, dp, d, self.log) for m in self.reg_series]
        if any(r is None for r in regs):
            regs = None
        return d, R, Rm, regs

    def analyse(self, s, ev):
        """Returns (SecEvent, None) or (None, (reason, detail))."""
        p0 = bisect.bisect_left(s.dates, ev.date)
        if p0 >= len(s.dates) or s.dates[p0] - ev.date > 7:
            nxt = iso(s.dates[p0]) if p0 < len(s.dates) else 'none'
            return None, ('no-trading-day', 'no trading day within 7 days on or after %s (next: %s)'
                          % (iso(ev.date), nxt))
        x = SecEvent()
        x.ticker, x.event, x.p0 = s.ticker, ev, p0
        est_t, est_d, est_y, est_r = [], [], [], []
        # --clean-estimation: positions inside another event's event window
        # (for this security, wherever that event has a day 0) are dropped
        dirty = set()
        if self.clean:
            for o in self.events:
                if o is ev or (o.tickers is not None and s.ticker not in o.tickers):
                    continue
                q0 = bisect.bisect_left(s.dates, o.date)
                if q0 < len(s.dates) and s.dates[q0] - o.date <= 7:
                    dirty.update(range(q0 + self.W[0], q0 + self.W[1] + 1))
        for t in range(self.E[0], self.E[1] + 1):
            if p0 + t in dirty:
                continue
            d, R, Rm, regs = self.obs(s, p0 + t)
            if R is not None and regs is not None:
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
        # event window
        x.win = {}
        for t in range(self.W[0], self.W[1] + 1):
            d, R, Rm, regs = self.obs(s, p0 + t)
            row = {'date': d, 'R': R, 'Rm': Rm, 'regs': regs, 'normal': None, 'ar': None, 'sar': None}
            if R is not None and regs is not None:
                nr = fit.normal(regs)
                row['normal'] = nr
                row['ar'] = R - nr
                if fit.s is not None and fit.s > 0:
                    row['sar'] = row['ar'] / (fit.s * math.sqrt(fit.c_factor(regs)))
            x.win[t] = row
        # CAR windows
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
        # Corrado ranks: estimation residuals plus event-window ARs, each relative day once
        vals = [(t, e) for t, e in zip(est_t, fit.resid)]
        vals += [(t, x.win[t]['ar']) for t in range(self.W[0], self.W[1] + 1)
                 if x.win[t]['ar'] is not None and t not in x.resid]
        rk = avg_ranks([v for _, v in vals])
        T = len(vals)
        x.U = {t: r / (T + 1.0) - 0.5 for (t, _), r in zip(vals, rk)}
        x.pos_share = sum(1 for e in fit.resid if e > 0) / float(len(fit.resid))
        return x, None

    def run(self):
        self.included = []           # (event, [SecEvent])
        self.exclusions = []
        for ev in self.events:
            members = []
            for t in self.tickers:
                if ev.tickers is not None and t not in ev.tickers:
                    continue
                x, exc = self.analyse(self.series[t], ev)
                if exc:
                    self.exclusions.append((ev.id, t, exc[0], exc[1]))
                else:
                    members.append(x)
            if not members:
                self.exclusions.append((ev.id, '', 'no-securities',
                                        'every security excluded; event dropped'))
            self.included.append((ev, members))
        if not any(m for _, m in self.included):
            data_error('no event left')
        # blocks [A6]
        self.blocks = []
        for ev, members in self.included:
            if members:
                self.blocks.append((ev.id, members))
        types = []
        for ev in self.events:
            if ev.type and ev.type not in types:
                types.append(ev.type)
        for ty in types:
            mem = [x for ev, ms in self.included if ev.type == ty for x in ms]
            if mem:
                self.blocks.append(('type:' + ty, mem))
        self.blocks.append(('ALL', [x for _, ms in self.included for x in ms]))

    # ---- cross-sectional tests --------------------------------------------------------------
    def rho(self, a, b, cache):
        key = (id(a), id(b))
        if key not in cache:
            common = sorted(set(a.resid_by_date) & set(b.resid_by_date))
            r = None
            if len(common) >= 30:
                xa = [a.resid_by_date[d] for d in common]
                xb = [b.resid_by_date[d] for d in common]
                ma, mb = mean(xa), mean(xb)
                sab = fsum((u - ma) * (v - mb) for u, v in zip(xa, xb))
                saa = fsum((u - ma) ** 2 for u in xa)
                sbb = fsum((v - mb) ** 2 for v in xb)
                if saa > 0 and sbb > 0:
                    r = sab / math.sqrt(saa * sbb)
            cache[key] = r
        return cache[key]

    def tests(self, members, a, b):
        """Rows (test, n, estimate, statistic, df, p, rbar) for the window [a, b] of a block."""
        L = b - a + 1
        if a == b:
            sample = [x for x in members if x.win[a]['ar'] is not None]
            X = [x.win[a]['ar'] for x in sample]
            Z = [x.win[a]['sar'] for x in sample]
            dates = [set([x.win[a]['date']]) for x in sample]
        else:
            sample = [x for x in members if x.car[(a, b)] is not None]
            X = [x.car[(a, b)]['car'] for x in sample]
            Z = [x.car[(a, b)]['scar'] for x in sample]
            dates = [x.car[(a, b)]['dates'] for x in sample]
        N = len(sample)
        est = mean(X) if N else None
        # [A9] the securities behind the estimation-based parts of bw_cda_t, corrado_rank_z and
        # portfolio_t: the N with a value in the window (default) or every member of the block
        base = members if (self.sample_mode == 'block' and N) else sample
        out = {}

        def put(name, stat, df=None, p=None, rbar=None, normal=False):
            if stat is None:
                p = None
            elif p is None:
                p = p_norm(stat) if normal else p_t(stat, df)
            out[name] = (stat, df, p, rbar)

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
        # rbar
        cache = self.rho_cache
        acc = []
        for i in range(N):
            for j in range(i + 1, N):
                r = self.rho(sample[i], sample[j], cache)
                if r is None:
                    continue
                w = len(dates[i] & dates[j]) / float(L)
                acc.append(r * w)
        rbar = mean(acc) if acc else None
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
        put('portfolio_t', *self.portfolio(base, a, b, N))
        rows = []
        for name in TESTS:
            stat, df, p, rb = out[name]
            if self.rbar_rows == 'all':        # [A13]
                rb = rbar
            rows.append((name, N, est, stat, df, p, rb))
        return rows

    def portfolio(self, sample, a, b, N):
        """(statistic, df) of the equal-weight portfolio of the sample [A12]."""
        if not sample or N == 0 or (N < 2 and self.t_needs_two):
            return None, None
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
            return None, None
        kk = {'mean': 1, 'market-adjusted': 1}.get(kind, len(regs[0]) + 1)
        if len(ys) - kk < 1:
            return None, None
        fit = Fit(kind, ys, regs)
        if fit.singular or not fit.s:
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


def write_report(st, outdir):
    os.makedirs(outdir, exist_ok=True)
    wr = Writer(outdir, st.opts.get('csv-dialect', 'rfc4180') == 'excel-eu', bool(st.opts.get('bom')))
    fnames = [f for f in st.factors]
    est_rows, ar_rows, car_rows = [], [], []
    for ev, members in st.included:
        for x in members:
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
    aar_rows, test_rows = [], []
    st.rho_cache = {}
    for bid, members in st.blocks:
        caar = 0.0
        for t in range(st.W[0], st.W[1] + 1):
            v = [x.win[t]['ar'] for x in members if x.win[t]['ar'] is not None]
            aar = mean(v) if v else None
            if caar is not None and aar is not None:
                caar = caar + aar
            else:
                caar = None
            aar_rows.append([bid, t, len(v), aar, caar])
        windows = [(t, t) for t in range(st.W[0], st.W[1] + 1)]
        for c in st.cars:
            if c not in windows:
                windows.append(c)
        for (a, b) in windows:
            for name, n, est, stat, df, p, rb in st.tests(members, a, b):
                test_rows.append([bid, a, b, name, n, est, stat, df, p, rb])
    wr.write('aar.csv', ['event_id', 'day', 'n', 'aar', 'caar'], aar_rows)
    wr.write('tests.csv', ['event_id', 'from', 'to', 'test', 'n', 'estimate', 'statistic', 'df',
                           'p_value', 'rbar'], test_rows)
    wr.write('exclusions.csv', ['event_id', 'ticker', 'reason', 'detail'],
             [list(e) for e in st.exclusions])


def main(argv):
    try:
        opts = parse_args(argv)
        t2 = os.environ.get('ES_REF_T_NEEDS_TWO', 'sd')   # [A8]: 'sd' or 'all'
        st = Study(opts)
        st.t_needs_two = (t2 == 'all')
        st.sample_mode = os.environ.get('ES_REF_SAMPLE', 'block')  # [A9]: 'block' or 'window'
        st.rbar_rows = os.environ.get('ES_REF_RBAR_ROWS', 'all')   # [A13]: 'all' or 'kp'
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
