#!/usr/bin/env python3
"""Sanity checks of es_reference.py's numerics against closed forms and table values.
Usage: python3 sanity_checks.py [REPORT_DIR_OF_SHIPPED_STUDY]  (exit 1 on a failure)"""
import csv, math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import es_reference as R

fails = 0
def check(name, got, want, tol):
    global fails
    ok = abs(got - want) <= tol * max(1.0, abs(want))
    fails += not ok
    print('%-58s got %.17g want %.17g %s' % (name, got, want, 'OK' if ok else 'FAIL'))

# Student t, two-sided, table values
check('t=2.0 df=10 two-sided p', R.p_t(2.0, 10), 0.073388034770740, 1e-13)
def p_t_even(t, nu):
    # closed form for even df: A(t|nu) = sin(th) * sum_j prod_{i<=j} (2i-1)/(2i) cos^(2j) th
    th = math.atan(t / math.sqrt(nu))
    term, acc = 1.0, [1.0]
    for j in range(1, nu // 2):
        term *= (2 * j - 1) / (2.0 * j) * math.cos(th) ** 2
        acc.append(term)
    return 1.0 - math.sin(th) * math.fsum(acc)
for t, nu in ((2.228, 10), (0.3, 10), (1.97, 240), (3.5, 238), (0.05, 30), (6.0, 31 + 1)):
    check('t=%g df=%d vs even-df closed form' % (t, nu), R.p_t(t, nu), p_t_even(t, nu), 1e-13)
check('t=12.706 df=1 (Cauchy: 1 - 2 atan(t)/pi)', R.p_t(12.706204736174707, 1), 0.05, 1e-12)
check('t=0.5 df=3 closed form', R.p_t(0.5, 3),
      1 - 2 * (math.atan(0.5 / math.sqrt(3)) + 0.5 / math.sqrt(3) / (1 + 0.25 / 3)) / math.pi, 1e-13)
check('normal z=1.959964 p', R.p_norm(1.959963984540054), 0.05, 1e-14)
# binomial, wilcoxon
check('binom w=2 n=10 p=.5', R.p_binom(2, 10, 0.5), 2 * 56 / 1024.0, 1e-15)
check('binom w=5 n=10 p=.5 (capped at 1)', R.p_binom(5, 10, 0.5), 1.0, 0)
# Wilcoxon n=5, ranks 1..5 all positive: W+=15, P(|W-7.5|>=7.5) = 2/32
check('wilcoxon exact n=5 all positive', R.p_wilcoxon_exact([2, 4, 6, 8, 10], 30), 2 / 32.0, 0)
check('wilcoxon exact n=3 W+=3 (of 6)', R.p_wilcoxon_exact([2, 4, 6], 6), 1.0, 0)
# singular values: [[1,0],[0,1e-12]] -> singular; [[1,1],[1,2],[1,3]] -> sv known
sv = R.singular_values([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])
check('singular values of [1 x] x=1,2,3 (max)', sv[1], math.sqrt((17 + math.sqrt(17 ** 2 - 4 * 6)) / 2), 1e-14)
check('singular values of [1 x] x=1,2,3 (min)', sv[0], math.sqrt((17 - math.sqrt(17 ** 2 - 4 * 6)) / 2), 1e-14)
check('constant market is singular', float(R.is_singular([[1.0, 0.01]] * 50)), 1.0, 0)
# market model vs closed-form simple regression, C_t and Var(CAR) closed forms
import random
rng = random.Random(7)
rm = [rng.gauss(0, 0.01) for _ in range(200)]
y = [0.001 + 1.3 * m + rng.gauss(0, 0.02) for m in rm]
f = R.Fit('ols', y, [[m] for m in rm])
mx, my = sum(rm) / 200, sum(y) / 200
sxx = math.fsum((m - mx) ** 2 for m in rm)
b = math.fsum((m - mx) * (v - my) for m, v in zip(rm, y)) / sxx
a = my - b * mx
check('market model beta = Sxy/Sxx', f.beta, b, 1e-12)
check('market model alpha = ybar - b xbar', f.alpha, a, 1e-12)
rss = math.fsum((v - a - b * m) ** 2 for m, v in zip(rm, y))
check('market model s^2 = RSS/(L1-2)', f.s2, rss / 198, 1e-12)
x0 = 0.03
check('C_t = 1 + 1/L1 + (x-xbar)^2/Sxx', f.c_factor([x0]), 1 + 1 / 200 + (x0 - mx) ** 2 / sxx, 1e-13)
w = [0.01, -0.02, 0.005]
check('Var(CAR) market closed form', f.var_car([[v] for v in w]),
      f.s2 * (3 + 9 / 200 + math.fsum(v - mx for v in w) ** 2 / sxx), 1e-13)
fm = R.Fit('mean', y, [[] for _ in y])
check('mean model C_t = 1 + 1/L1', fm.c_factor([]), 1 + 1 / 200, 1e-15)
check('mean model Var(CAR) = s2 (L + L^2/L1)', fm.var_car([[], [], []]), fm.s2 * (3 + 9 / 200), 1e-14)

# ---- statistics added with the contract's revision (hand-worked examples) ----------------
from fractions import Fraction as Fr

def fake_study(E):
    st = object.__new__(R.Study)
    st.E, st.W, st.sample_mode = E, (0, 1), 'block'
    return st

class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)

# skew_adj_t on X = 1, 2, 3, 10: mean 4, deviations -3 -2 -1 6, sum sq 50, sum cubes 180,
# sd = sqrt(50/3), S = 4/sd, g = 180 / (4 sd^3); t = sqrt(4) (S + g S^2/3 + g/24)
sd = math.sqrt(50 / 3.0)
S_, g_ = 4 / sd, 180 / (4 * sd ** 3)
check('skew_adj_t hand example 1,2,3,10', R.skew_adjusted_t([1.0, 2.0, 3.0, 10.0]),
      2 * (S_ + g_ * S_ * S_ / 3 + g_ / 24), 1e-14)
check('skew_adj_t symmetric data = csect t', R.skew_adjusted_t([-1.0, 1.0, 2.0, 4.0, 5.0, 7.0]),
      3 / (math.sqrt(math.fsum((v - 3) ** 2 for v in [-1, 1, 2, 4, 5, 7]) / 5) / math.sqrt(6)), 1e-14)

# grank_t and gsign_z, Kolari-Pynnonen's structure on a toy worked by hand: two securities,
# estimation days -4..-1 (b lacks -2), Z = (2, 1), so sd(Z) = sqrt(1/2) and the event points
# are 2.83 and 1.41. a: values 0.5 -1 1.5 -0.2 | 2.83 -> ranks 3 1 4 2 | 5, U = r/6 - 1/2;
# b: -0.3 0.8 0.1 | 1.41 -> ranks 1 3 2 | 4, U = r/5 - 1/2.
a = Obj(est_t=[-4, -3, -2, -1], gsar_est={-4: 0.5, -3: -1.0, -2: 1.5, -1: -0.2})
b = Obj(est_t=[-4, -3, -1], gsar_est={-4: -0.3, -3: 0.8, -1: 0.1})
Ua = {-4: Fr(0), -3: Fr(-1, 3), -2: Fr(1, 6), -1: Fr(-1, 6), 'ev': Fr(1, 3)}
Ub = {-4: Fr(-3, 10), -3: Fr(1, 10), -1: Fr(-1, 10), 'ev': Fr(3, 10)}
acc = Fr(0)
for t in (-4, -3, -2, -1, 'ev'):
    v = [u[t] for u in (Ua, Ub) if t in u]
    bar = sum(v) / len(v)
    acc += Fr(len(v), 2) * bar * bar
S2 = acc / 5                                   # T = 5 points
z0 = float((Ua['ev'] + Ub['ev']) / 2) / math.sqrt(float(S2))
gr, dfg, gs = fake_study((-4, -1)).grank_gsign([a, b], [2.0, 1.0], True)
check('grank_t toy (hand ranks, T = 5)', gr, z0 * math.sqrt(3 / (4 - z0 * z0)), 1e-13)
check('grank_t toy df = T - 2', dfg, 3, 0)
# gsign: medians 0.5 (a, so its -4 point has sign 0) and 0.45 (b); Gbar -4: -1/2, -3: 0,
# -2: 1 (N_t = 1), -1: -1, event: 1; S_G^2 = (1/5)(1/4 + 0 + 1/2 + 1 + 1) = 0.55
check('gsign_z toy (hand signs)', gs, 1 / math.sqrt(0.55), 1e-14)

# dcaar_t, one treated and one control: X = 0.03 vs 0.01 (dCAAR 0.02); residual differences
# on the days both have one (-4, -3, -2; the control lacks -1): -0.01, 0.01, -0.01, sd =
# sqrt(12)/300, so the day statistic is 0.02 * 300 / sqrt(12) = sqrt(3) with df 2
tr = Obj(resid={-4: 0.0, -3: 0.01, -2: -0.02, -1: 0.005})
ct = Obj(resid={-4: 0.01, -3: 0.0, -2: -0.01},
         win={0: {'ar': 0.01}, 1: {'ar': 0.02}}, car={(0, 1): {'car': 0.03}})
stat, df, est = fake_study((-4, -1)).dcaar([ct], [tr], [0.03], 0, 0)
check('dcaar_t day: estimate = dCAAR', est, 0.02, 1e-15)
check('dcaar_t day: sqrt(3) by hand', stat, math.sqrt(3), 1e-13)
check('dcaar_t day: df = n - 1', df, 2, 0)
stat, df, est = fake_study((-4, -1)).dcaar([ct], [tr], [0.05], 0, 1)
check('dcaar_t 2-day window: dCAAR / (sqrt(2) S_d)', stat, 0.02 / math.sqrt(2) * 300 / math.sqrt(12), 1e-13)

# rbar (revised): a, b share 40 estimation dates with identical residuals (rho = 1) and the
# window date; c's window is elsewhere (w = 0: counts 0 with no correlation needed, although it
# shares no estimation date); d shares the window date but only 10 estimation dates (skipped)
import random as _r
g = _r.Random(3)
ra = {d: g.gauss(0, 1) for d in range(1000, 1040)}
ea, eb = Obj(resid_by_date=ra, sign=1), Obj(resid_by_date=dict(ra), sign=1)
ec = Obj(resid_by_date={d: g.gauss(0, 1) for d in range(2000, 2040)}, sign=1)
ed = Obj(resid_by_date={d: g.gauss(0, 1) for d in range(1030, 1040)}, sign=1)
for o in (ea, eb, ec, ed):
    o.orig = o
st = fake_study((-4, -1))
check('rbar: w = 0 pairs count 0, thin pairs skipped', st.rbar([ea, eb, ec, ed], [{5}, {5}, {9}, {5}], 1, {}), 0.25, 1e-15)
eb.sign = -1
check('rbar: opposite expected signs flip rho', st.rbar([ea, eb], [{5}, {5}], 1, {}), -1.0, 1e-15)

# trade-to-trade model calendar: security on days 1 2 3 5 6, market on 1 2 4 5 6 -> 1 2 5 6;
# the return on day 5 spans days 2..5 for both
sec, mk = R.Series('S'), R.Series('M')
sec.dates, sec.prices = [1, 2, 3, 5, 6], [10.0, 11.0, 12.0, 13.0, 14.0]
mk.dates, mk.prices = [1, 2, 4, 5, 6], [100.0, 101.0, 99.0, 103.0, 104.0]
mc = R.ModelCalendar(R.Leg(sec, []), [R.Leg(mk, [])])
check('model calendar = dates both have', float(mc.dates == [1, 2, 5, 6]), 1.0, 0)
st = object.__new__(R.Study)
st.log, st.model, st.market = False, 'market', None
d_, Rr, Rm, regs = st.obs(mc, 2)
check('trade-to-trade return spans the gap (security)', Rr, 13.0 / 11.0 - 1, 1e-15)
check('trade-to-trade return spans the gap (market)', Rm, 103.0 / 101.0 - 1, 1e-15)
check('day 0 on the model calendar (event on day 3 -> day 5)', mc.dates[mc.day0(3)[0]], 5, 0)
# --currency: an FX series (one unit of the security's currency in the study currency) on
# days 1 2 3 5 6 but not 4: with the market (no day 3) the calendar is 1 2 5 6 again, and the
# converted return on day 5 is (1 + 13/11 - 1)(1 + 0.93/0.90 - 1) - 1
fx = R.Series('GBPEUR=X')
fx.dates, fx.prices = [1, 2, 3, 5, 6], [0.91, 0.90, 0.92, 0.93, 0.94]
mc = R.ModelCalendar(R.Leg(sec, [(fx, 1)]), [R.Leg(mk, [])])
d_, Rr, Rm, regs = st.obs(mc, 2)
check('converted return spans the gap', Rr, (13.0 / 11.0) * (0.93 / 0.90) - 1, 1e-14)
mc = R.ModelCalendar(R.Leg(sec, [(fx, -1)]), [R.Leg(mk, [])])
d_, Rr, Rm, regs = st.obs(mc, 2)
check('inverted FX series (1/X)', Rr, (13.0 / 11.0) * (0.90 / 0.93) - 1, 1e-14)

# expected_sign: a pooled block of one event with sign -1 negates every statistic that is odd
# in the ARs (the reference's own output on case placebo, without placebo trials)
here = os.path.dirname(os.path.abspath(__file__))
case = os.path.join(here, 'cases', 'placebo')
args = open(os.path.join(case, 'args')).read().split()
cwd = os.getcwd()
os.chdir(case)
try:
    st = R.Study(R.parse_args(args[:-2] + ['--placebo', '0']))
    st.t_needs_two, st.sample_mode, st.rbar_rows, st.gsar_mode, st.control_rows = False, 'block', 'all', 'c', 'after'
    st.run()
    R.compute_tables(st)
finally:
    os.chdir(cwd)
for name in ('csect_t', 'bw_cda_t', 'patell_z', 'bmp_t', 'corrado_rank_z', 'portfolio_t',
             'grank_t', 'skew_adj_t', 'bhar_skew_adj_t'):
    for w in ((0, 0), (-1, 1)):
        check('sign -1 pooled block negates %s %d:%d' % (name, w[0], w[1]),
              st.real[('type:peace',) + w + (name,)], -st.real[('news',) + w + (name,)], 1e-12)

# through the whole pipeline (case controls, no placebo): dcaar_t's estimate is the treated
# mean minus the control mean of day-0 ARs; every `_t` row's p is its t(df) p
case = os.path.join(here, 'cases', 'controls')
args = open(os.path.join(case, 'args')).read().split()
os.chdir(case)
try:
    st = R.Study(R.parse_args(args))
    st.t_needs_two, st.sample_mode, st.rbar_rows, st.gsar_mode, st.control_rows = False, 'block', 'all', 'c', 'after'
    st.run()
    _, rows = R.compute_tables(st)
finally:
    os.chdir(cwd)
for ev, mem, ctrl in st.included:
    want = R.mean([x.win[0]['ar'] for x in mem]) - R.mean([x.win[0]['ar'] for x in ctrl])
    got = [r for r in rows if r[0] == ev.id and r[1] == 0 and r[2] == 0 and r[3] == 'dcaar_t'][0]
    check('dcaar_t %s day 0 estimate = treated - control mean AR' % ev.id, got[5], want, 1e-13)
bad = [r for r in rows if r[3].endswith('_t') and r[6] is not None
       and abs(r[8] - R.p_t(r[6], r[7])) > 1e-15]
check('controls case: every _t row has p = t(df) p', len(bad), 0, 0)

# placebo p-values, recounted by an independent route on case placebo: each candidate date d
# run as a real event dated d (day 0 = first model-calendar date on or after d; every
# security trades within 7 days of a union date here), its csect_t and bmp_t compared with
# the real ones; the result must equal the p_placebo/n_placebo that write_report computes
import copy
case = os.path.join(here, 'cases', 'placebo')
args = open(os.path.join(case, 'args')).read().split()
os.chdir(case)
try:
    st = R.Study(R.parse_args(args))
    st.t_needs_two, st.sample_mode, st.rbar_rows, st.gsar_mode, st.control_rows = False, 'block', 'all', 'c', 'after'
    st.run()
    R.compute_tables(st)
    st.placebo()
finally:
    os.chdir(cwd)
ev, mem, ctrl = st.included[0]
cands = st.pl_cands[ev.id]
check('placebo case: 71 candidates', len(cands), 71, 0)
for (a, b, name) in ((0, 0, 'csect_t'), (-1, 1, 'bmp_t'), (0, 1, 'grank_t')):
    T = st.real[(ev.id, a, b, name)]
    hits = n = 0
    for d in cands:
        e2 = copy.copy(ev)
        e2.date = d
        xs = [st.analyse(x.ticker, e2)[0] for x in mem]
        xs = [x for x in xs if x is not None]
        row = [r for r in st.tests(xs, a, b, {}) if r[0] == name][0]
        if row[3] is not None:
            n += 1
            hits += abs(row[3]) >= abs(T) * (1 - 1e-12)
    p, nn = st.pl[(ev.id, a, b, name)]
    check('placebo recount %s %d:%d n_placebo' % (name, a, b), nn, n, 0)
    check('placebo recount %s %d:%d p_placebo' % (name, a, b), p, (1.0 + hits) / (1.0 + n), 1e-15)

# on the shipped study's report: alpha/beta of each estimate vs a simple regression rebuilt
# from the price files with an independent (dictionary) reading of the trade-to-trade rule
# (pinned 2: the dates on which the security and the market both have a close)
if len(sys.argv) > 1:
    rep = sys.argv[1]
    prices = os.path.join(os.path.dirname(__file__), '..', '..', 'datasets', 'peace-talks-2025', 'prices')
    def load(t):
        rows = list(csv.reader(open(os.path.join(prices, t + '.csv'), newline='')))
        h = [c.lower() for c in rows[0]]
        c = h.index('adjusted_close') if 'adjusted_close' in h else h.index('close')
        return dict((r[0][:10], float(r[c])) for r in rows[1:] if r[c] not in ('', 'NA', 'null'))
    mk = load('^STOXX')
    # the shipped study converts to EUR (currency = EUR): a series quoted in another currency
    # is its price times its FX value (securities.csv `fx`: A/B, 1/X, else EUR<CUR>=X inverted),
    # on the dates both have
    sec = dict((r['ticker'], r) for r in csv.DictReader(open(os.path.join(prices, '..', 'securities.csv'))))
    def in_eur(t):
        s, cur = load(t), sec.get(t, {}).get('currency', 'EUR')
        cur = 'GBP' if cur in ('GBp', 'GBX') else cur
        if cur == 'EUR':
            return s
        fx = sec[t].get('fx') or '1/EUR%s=X' % cur
        if fx.startswith('1/'):
            f = load(fx[2:])
            return dict((d, p / f[d]) for d, p in s.items() if d in f)
        a, b = (load(x) for x in fx.split('/'))
        return dict((d, p * a[d] / b[d]) for d, p in s.items() if d in a and d in b)
    for r in csv.DictReader(open(os.path.join(rep, 'estimates.csv'))):
        if r['event_id'] not in ('mar-a-lago', 'invasion-2022'):
            continue
        s = in_eur(r['ticker'])
        both = sorted(d for d in s if d in mk)
        ys, xs = [], []
        for d0, d1 in zip(both, both[1:]):
            if r['est_first'] <= d1 <= r['est_last']:
                ys.append(s[d1] / s[d0] - 1)
                xs.append(mk[d1] / mk[d0] - 1)
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = math.fsum((v - mx) ** 2 for v in xs)
        bb = math.fsum((u - mx) * (v - my) for u, v in zip(xs, ys)) / sxx
        check('%s %s n_est' % (r['event_id'], r['ticker']), len(ys), int(r['n_est']), 0)
        check('%s %s beta (closed form)' % (r['event_id'], r['ticker']), float(r['beta']), bb, 1e-10)
        check('%s %s alpha (closed form)' % (r['event_id'], r['ticker']), float(r['alpha']), my - bb * mx, 1e-10)
sys.exit(1 if fails else 0)
