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

# on the shipped study's report: alpha/beta of each estimate vs a simple regression rebuilt
# from the price files with an independent (dictionary) reading of the calendar rule
if len(sys.argv) > 1:
    rep = sys.argv[1]
    prices = os.path.join(os.path.dirname(__file__), '..', '..', 'datasets', 'peace-talks-2025', 'prices')
    def load(t):
        rows = list(csv.reader(open(os.path.join(prices, t + '.csv'), newline='')))
        h = [c.lower() for c in rows[0]]
        c = h.index('adjusted_close') if 'adjusted_close' in h else h.index('close')
        return [(r[0][:10], float(r[c])) for r in rows[1:] if r[c] not in ('', 'NA', 'null')]
    mk = load('^STOXX')
    def mclose(d):   # last market close on or before d
        best = None
        for dd, p in mk:
            if dd <= d:
                best = (dd, p)
            else:
                break
        return best
    for r in csv.DictReader(open(os.path.join(rep, 'estimates.csv'))):
        if r['event_id'] not in ('mar-a-lago', 'invasion-2022'):
            continue
        s = load(r['ticker'])
        ys, xs = [], []
        for (d0, p0), (d1, p1) in zip(s, s[1:]):
            if r['est_first'] <= d1 <= r['est_last']:
                a_, b_ = mclose(d0), mclose(d1)
                ys.append(p1 / p0 - 1)
                xs.append(0.0 if a_[0] == b_[0] else b_[1] / a_[1] - 1)
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = math.fsum((v - mx) ** 2 for v in xs)
        bb = math.fsum((u - mx) * (v - my) for u, v in zip(xs, ys)) / sxx
        check('%s %s n_est' % (r['event_id'], r['ticker']), len(ys), int(r['n_est']), 0)
        check('%s %s beta (closed form)' % (r['event_id'], r['ticker']), float(r['beta']), bb, 1e-10)
        check('%s %s alpha (closed form)' % (r['event_id'], r['ticker']), float(r['alpha']), my - bb * mx, 1e-10)
sys.exit(1 if fails else 0)
