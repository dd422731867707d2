#!/usr/bin/env python3
"""Generates the synthetic test studies under tests/reference/cases/ (deterministic:
random.Random(seed)). The generated CSVs are committed; this script documents how they were made
and regenerates them byte for byte:  python3 make_cases.py [CASES_DIR]"""
import datetime
import math
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'cases')
D = datetime.date


def weekdays(start, n):
    d, out = start, []
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += datetime.timedelta(days=1)
    return out


def fmtp(p):
    return '%.4f' % p


class Market:
    def __init__(self, rng, cal, mu=0.0003, sd=0.01):
        self.cal = cal
        self.r = {d: rng.gauss(mu, sd) for d in cal}


def path(rng, cal, mkt, beta, alpha=0.0002, sd=0.015, p0=100.0, shocks=None, repeat=()):
    """Prices on calendar cal: R = alpha + beta*Rm(day) + eps (+ shock); repeat: dates whose
    price equals the previous one (zero return)."""
    shocks = shocks or {}
    p, out = p0, []
    for d in cal:
        if out and d not in repeat:
            r = alpha + beta * mkt.r.get(d, 0.0) + rng.gauss(0, sd) + shocks.get(d, 0.0)
            p = p * (1.0 + r)
        out.append((d, float(fmtp(p))))
    return out


def write(path_, text, crlf=False):
    os.makedirs(os.path.dirname(path_), exist_ok=True)
    if crlf:
        text = text.replace('\n', '\r\n')
    with open(path_, 'w', newline='') as f:
        f.write(text)


def write_args(case, args, placebo='0'):
    """--placebo 0 keeps a case fast (placebo p-values have their own case)."""
    write(os.path.join(OUT, case, 'args'), '\n'.join(args + ['--placebo', placebo]) + '\n')


def per_security(series, header='Date,Close'):
    return header + '\n' + ''.join('%s,%s\n' % (d.isoformat(), fmtp(p) if p is not None else '')
                                   for d, p in series)


def wide(cal, named):
    """named: list of (ticker, {date: price}); a date without price is an empty cell."""
    lines = ['Date,' + ','.join(t for t, _ in named)]
    for d in cal:
        cells = [fmtp(m[d]) if m.get(d) is not None else '' for _, m in named]
        if any(cells):
            lines.append(d.isoformat() + ',' + ','.join(cells))
    return '\n'.join(lines) + '\n'


# ---------------------------------------------------------------------------------------------
def case_calendars():
    """(1) calendars, gaps, late listings, delisting, Sunday event, overlapping windows, types,
    per-event tickers, an event with no securities left; four input layouts."""
    name = 'calendars'
    rng = random.Random(101)
    cal = weekdays(D(2024, 1, 1), 390)                      # 2024-01-01 .. 2025-06-27
    mkt = Market(rng, cal)
    mcal = [d for d in cal if d != D(2024, 7, 4)]           # market holiday the stocks trade
    mk = path(rng, mcal, mkt, 1.0, alpha=0.0, sd=1e-9)
    mk = [(d, p) for d, p in mk]
    # market file: Adj Close preferred over Close
    txt = 'Date,Open,High,Low,Close,Adj Close,Volume\n' + ''.join(
        '%s,%s,%s,%s,%s,%s,%d\n' % (d.isoformat(), fmtp(p * 1.019), fmtp(p * 1.03), fmtp(p * 1.01),
                                    fmtp(p * 1.02), fmtp(p), 1000 + i) for i, (d, p) in enumerate(mk))
    write(os.path.join(OUT, name, 'prices', 'MKT.csv'), txt)
    shocks = {D(2024, 9, 2): 0.03, D(2024, 10, 14): -0.04, D(2024, 10, 15): 0.02, D(2025, 1, 10): 0.01}
    # A: own holidays (market trades), a missing cell and an NA cell, CRLF
    a_hol = {D(2024, 5, 1), D(2024, 12, 24), D(2024, 12, 25), D(2024, 12, 26), D(2025, 1, 1)}
    a = path(rng, [d for d in cal if d not in a_hol], mkt, 1.2, shocks=shocks)
    a = [(d, None if d in (D(2024, 9, 20), D(2025, 3, 4)) else p) for d, p in a]
    txt = per_security(a).replace('\n2024-06-10,%s\n' % fmtp(dict(a)[D(2024, 6, 10)]), '\n2024-06-10,NA\n')
    write(os.path.join(OUT, name, 'prices', 'A.csv'), txt, crlf=True)
    # B: other holidays, closed on day 0 of the Sunday event, suspended 2025-01-06..20;
    # semicolon file with decimal comma
    b_off = {D(2024, 10, 14), D(2024, 11, 1)} | {d for d in cal if D(2025, 1, 6) <= d <= D(2025, 1, 20)}
    b = path(rng, [d for d in cal if d not in b_off], mkt, 0.7, shocks=shocks, sd=0.012)
    write(os.path.join(OUT, name, 'prices', 'B.csv'),
          'Date;Close\n' + ''.join('%s;%s\n' % (d.isoformat(), fmtp(p).replace('.', ',')) for d, p in b))
    # C (listed 2024-08-01: short estimation until 2025) and D (listed so that it has exactly
    # 80 usable returns for the Sunday event): long file
    c = path(rng, [d for d in cal if d >= D(2024, 8, 1)], mkt, 0.9, shocks=shocks)
    d0 = cal.index(D(2024, 10, 14))
    dcal = cal[d0 - 87:]          # 80 usable returns on its model calendar (the market lacks 2024-07-04)
    dd = path(rng, dcal, mkt, 1.1, shocks=shocks, sd=0.02)
    lines = ['date,ticker,close,volume']
    for t, s in (('C', c), ('D', dd)):
        lines += ['%s,%s,%s,%d' % (d.isoformat(), t, fmtp(p), rng.randint(1, 9999)) for d, p in s]
    write(os.path.join(OUT, name, 'prices', 'long.csv'), '\n'.join(lines) + '\n')
    # E (delisted 2025-03-05, inside the last event window) and F (one missing cell): wide file
    e = path(rng, [d for d in cal if d <= D(2025, 3, 5)], mkt, 0.5, shocks=shocks)
    f = path(rng, cal, mkt, 1.5, shocks=shocks, sd=0.025)
    fm = dict(f)
    fm[D(2024, 11, 12)] = None
    write(os.path.join(OUT, name, 'prices', 'wide.csv'), wide(cal, [('E', dict(e)), ('F', fm)]))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type,tickers\n'
          'too-early,2024-02-15,"Before anyone has 80 returns, so dropped",escalation,\n'
          'e1,2024-09-02,Monday event,escalation,\n'
          'sunday,2024-10-13,"Sunday news, day 0 on Monday (B: Tuesday)",peace-progress,\n'
          'tuesday,2024-10-15,Overlaps the Sunday event,escalation,\n'
          'suspended,2025-01-10,B suspended (no trading day within 7 days),peace-progress,\n'
          'delisting,2025-03-03,E delisted two days after day 0,,A E F\n')
    write_args(name, ['--prices', 'prices', '--events', 'events.csv', '--market', 'MKT',
                      '--estimation', '-120:-6', '--event-window', '-5:5',
                      '--car', '0:0', '--car', '0:1', '--car', '-1:1', '--car', '-2:3', '--car', '-5:5',
                      '--min-estimation', '80'])


def case_factor():
    """(2) factor model on the market and two factors, --tickers order, wide layout."""
    name = 'factor2'
    rng = random.Random(202)
    cal = weekdays(D(2023, 6, 1), 380)
    mkt = Market(rng, cal)
    smb = {d: rng.gauss(0.0001, 0.005) for d in cal}
    hml = {d: rng.gauss(0.0, 0.004) + 0.3 * smb[d] for d in cal}
    cols = []
    for t, r in (('MKT', mkt.r), ('SMB', smb), ('HML', hml)):
        p, m = 100.0, {}
        for d in cal:
            p = p * (1 + r[d]) if m else p
            m[d] = float(fmtp(p))
        cols.append((t, m))
    ev1, ev2 = cal[300], cal[330]
    for i, t in enumerate(['S1', 'S2', 'S3', 'S4', 'S5']):
        b1, b2, b3 = 0.6 + 0.2 * i, 0.5 - 0.3 * i, -0.4 + 0.25 * i
        p, m = 50.0 + 10 * i, {}
        for d in cal:
            if m:
                r = 0.0001 + b1 * mkt.r[d] + b2 * smb[d] + b3 * hml[d] + rng.gauss(0, 0.012)
                r += {ev1: 0.015, ev2: -0.02}.get(d, 0.0) * (1 if i % 2 == 0 else 0.3)
                p *= 1 + r
            m[d] = float(fmtp(p))
        cols.append((t, m))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type\n%s,%s,First factor event,up\n%s,%s,Second factor event,down\n'
          % ('f-up', ev1.isoformat(), 'f-down', ev2.isoformat()))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--market', 'MKT',
                      '--model', 'factor', '--factor', 'SMB', '--factor', 'HML',
                      '--tickers', 'S3,S1,S5,S2,S4', '--estimation', '-200:-11', '--min-estimation', '150'])


def case_logmean():
    """(3) log returns, constant-mean model, no market; long layout; repeated prices; overlapping
    events; a Saturday event."""
    name = 'logmean'
    rng = random.Random(303)
    cal = weekdays(D(2022, 3, 1), 340)
    mkt = Market(rng, cal)
    lines = ['Date,Symbol,Price']
    ev = [cal[250], cal[252], cal[300]]
    for i, t in enumerate(['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7']):
        rep = set(d for d in cal if rng.random() < (0.15 if i in (2, 5) else 0.0))
        sh = {ev[0]: 0.02 * (i - 3), ev[1]: 0.01, ev[2]: -0.015}
        s = path(rng, cal, mkt, 0.8 + 0.1 * i, alpha=0.0003, sd=0.01 + 0.002 * i, shocks=sh, repeat=rep)
        lines += ['%s,%s,%s' % (d.isoformat(), t, fmtp(p)) for d, p in s]
    write(os.path.join(OUT, name, 'prices.csv'), '\n'.join(lines) + '\n')
    sat = ev[2] - datetime.timedelta(days=ev[2].weekday() - 5 + 7)   # the Saturday before ev[2]
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type\nm1,%s,first,news\nm2,%s,two days later,news\nm3,%s,Saturday,weekend\n'
          % (ev[0].isoformat(), ev[1].isoformat(), sat.isoformat()))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--model', 'mean',
                      '--returns', 'log', '--estimation', '-150:-11'])


def case_madj():
    """(4) market-adjusted, 18 securities (ALL block N = 54 > 50: normal sign p; > 20: normal
    Wilcoxon p), two events on the same date with different types, default windows."""
    name = 'madj'
    rng = random.Random(404)
    cal = weekdays(D(2022, 1, 3), 400)
    mkt = Market(rng, cal)
    cols = []
    p, m = 1000.0, {}
    for d in cal:
        p = p * (1 + mkt.r[d]) if m else p
        m[d] = float(fmtp(p))
    cols.append(('MKT', m))
    ev = [cal[300], cal[300], cal[360]]
    for i in range(18):
        sh = {ev[0]: rng.gauss(0.01, 0.01), ev[2]: rng.gauss(-0.005, 0.01)}
        s = path(rng, cal, mkt, rng.uniform(0.6, 1.4), sd=rng.uniform(0.008, 0.02), shocks=sh,
                 p0=rng.uniform(10, 200))
        cols.append(('T%02d' % (i + 1), dict(s)))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type\nsame-a,%s,first of two on one date,alpha\nsame-b,%s,second of two on one date,beta\n'
          'later,%s,later event,alpha\n' % (ev[0].isoformat(), ev[1].isoformat(), ev[2].isoformat()))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--market', 'MKT',
                      '--model', 'market-adjusted'])


def case_ties():
    """(5) ties: duplicated securities (identical ARs), zero ARs on day 0 (stock and market
    prices both repeat), many repeated prices (tied ranks in the Corrado test)."""
    name = 'ties'
    rng = random.Random(505)
    cal = weekdays(D(2023, 1, 2), 330)
    mkt = Market(rng, cal)
    ev = [cal[280], cal[310]]
    flat_days = {ev[0], cal[281], ev[1]}           # the market repeats its price on these days
    mk = path(rng, cal, mkt, 1.0, alpha=0.0, sd=1e-9, repeat=flat_days)
    write(os.path.join(OUT, name, 'prices', 'MKT.csv'), per_security(mk))
    s1 = path(rng, cal, mkt, 1.1, repeat=set(), shocks={ev[0]: 0.02, ev[1]: 0.01})
    s2 = path(rng, cal, mkt, 0.9, repeat=flat_days | {cal[i] for i in range(0, 330, 7)})
    s4 = path(rng, cal, mkt, 1.3, repeat={ev[1]})
    s5 = path(rng, cal, mkt, 0.8, shocks={ev[0]: -0.02, ev[1]: -0.01})
    s6 = path(rng, cal, mkt, 0.2, sd=0.004, repeat={d for d in cal if rng.random() < 0.6} | flat_days)
    for t, s in (('S1', s1), ('S1B', s1), ('S2', s2), ('S3', s2), ('S4', s4), ('S5', s5), ('S6', s6)):
        write(os.path.join(OUT, name, 'prices', t + '.csv'), per_security(s))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label\nflat-day,%s,market and several stocks unchanged on day 0\nsecond,%s,second\n'
          % (ev[0].isoformat(), ev[1].isoformat()))
    write_args(name, ['--prices', 'prices', '--events', 'events.csv', '--market', 'MKT',
                      '--model', 'market-adjusted', '--estimation', '-200:-11', '--event-window', '-10:10',
                      '--car', '0:0', '--car', '0:2', '--car', '-3:3'])


def case_market_flat():
    """(6) market model where the market series has a holiday stretch and stops updating
    (stale after its last close): pinned detail 2 taken literally (return 0, no missing)."""
    name = 'market-stale'
    rng = random.Random(606)
    cal = weekdays(D(2023, 1, 2), 330)
    mkt = Market(rng, cal)
    mcal = [d for d in cal if d <= cal[318]]       # the market file ends 11 days before the stocks'
    mk = path(rng, mcal, mkt, 1.0, alpha=0.0, sd=1e-9)
    write(os.path.join(OUT, name, 'prices', 'IDX.csv'), per_security(mk))
    ev = [cal[300], cal[315]]
    for i in range(5):
        s = path(rng, cal, mkt, 0.5 + 0.3 * i, shocks={ev[0]: 0.01 * i, ev[1]: -0.01})
        write(os.path.join(OUT, name, 'prices', 'Q%d.csv' % i), per_security(s))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type\nfirst,%s,first,x\nstale,%s,window runs past the index data,x\n'
          % (ev[0].isoformat(), ev[1].isoformat()))
    write_args(name, ['--prices', 'prices', '--events', 'events.csv', '--market', 'IDX'])


def case_single():
    """(7) an event restricted (events `tickers` column) to one security: blocks with N = 1, where
    the t tests are undefined ([A8]); a type shared with a full event."""
    name = 'single'
    rng = random.Random(707)
    cal = weekdays(D(2023, 1, 2), 320)
    mkt = Market(rng, cal)
    mk = path(rng, cal, mkt, 1.0, alpha=0.0, sd=1e-9)
    cols = [('M', dict(mk))]
    ev = [cal[280], cal[300]]
    for i in range(3):
        s = path(rng, cal, mkt, 0.8 + 0.2 * i, shocks={ev[0]: 0.01, ev[1]: 0.02})
        cols.append(('S%d' % (i + 1), dict(s)))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type,tickers\nall3,%s,all three,t,\nonly-s2,%s,only S2,t,S2\n'
          % (ev[0].isoformat(), ev[1].isoformat()))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--market', 'M',
                      '--estimation', '-200:-11'])


def case_controls():
    """(8) a control group (--controls): dcaar_t per event block; the event's `tickers` select
    among the treated only; control C4 is listed late (short-estimation for the first event)
    and control C3 is suspended around the second event (no-trading-day)."""
    name = 'controls'
    rng = random.Random(808)
    cal = weekdays(D(2023, 1, 2), 360)
    mkt = Market(rng, cal)
    cols = [('MKT', dict(path(rng, cal, mkt, 1.0, alpha=0.0, sd=1e-9)))]
    ev = [cal[260], cal[300], cal[340]]
    for i in range(4):
        sh = {ev[0]: 0.02 + 0.005 * i, ev[1]: -0.015, ev[2]: 0.01 * (i - 1)}
        cols.append(('T%d' % (i + 1), dict(path(rng, cal, mkt, 0.7 + 0.2 * i, shocks=sh))))
    for i in range(4):
        c = cal if i != 3 else cal[170:]
        if i == 2:
            c = [d for d in cal if not (cal[298] <= d <= cal[306])]
        cols.append(('C%d' % (i + 1), dict(path(rng, c, mkt, 0.8 + 0.1 * i, sd=0.012))))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type,tickers\nc1,%s,all treated,up,\nc2,%s,T1 and T3 only,down,T1 T3\n'
          'c3,%s,all treated,up,\n' % (ev[0].isoformat(), ev[1].isoformat(), ev[2].isoformat()))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--market', 'MKT',
                      '--tickers', 'T1,T2,T3,T4', '--controls', 'C1,C2,C3,C4',
                      '--estimation', '-200:-11', '--min-estimation', '100',
                      '--car', '0:0', '--car', '0:1', '--car', '-2:2'])


def case_signs():
    """(9) expected_sign: escalations +1, peace news -1 (pooled blocks align them), a type
    with both signs, an event without a sign (read as +1), two events of opposite signs with
    overlapping windows (aligned correlations in rbar)."""
    name = 'signs'
    rng = random.Random(909)
    cal = weekdays(D(2023, 1, 2), 360)
    mkt = Market(rng, cal)
    cols = [('MKT', dict(path(rng, cal, mkt, 1.0, alpha=0.0, sd=1e-9)))]
    ev = [cal[260], cal[263], cal[290], cal[320], cal[345]]
    sgn = [1, -1, -1, 1, 0]
    for i in range(6):
        sh = {d: 0.012 * (sg or 1) * (0.5 + 0.2 * i) for d, sg in zip(ev, sgn)}
        cols.append(('S%d' % (i + 1), dict(path(rng, cal, mkt, 0.6 + 0.15 * i, shocks=sh))))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    rows = [('esc1', 'escalation', '+1'), ('peace1', 'peace', '-1'), ('peace2', 'peace', '-1'),
            ('mixed-up', 'mixed', '1'), ('nosign', 'mixed', '')]
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type,expected_sign\n' + ''.join(
              '%s,%s,%s event,%s,%s\n' % (r[0], d.isoformat(), r[0], r[1], r[2]) for r, d in zip(rows, ev)))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--market', 'MKT',
                      '--estimation', '-200:-11', '--event-window', '-5:5',
                      '--car', '0:0', '--car', '0:1', '--car', '-1:1', '--car', '-5:5'])


def case_placebo():
    """(10) placebo p-values with every candidate used: one event (expected_sign -1, so the
    pooled blocks are aligned), 4 securities, short windows and history (about 60 candidates),
    --placebo 1000. B has missing cells and trades a day the market lacks (the union of the
    model calendars has dates not all share); the real event's window span removes the
    candidates around it. placebo-controls adds controls (dcaar_t's p_placebo); placebo-few
    caps --placebo below the candidate count (cells not computed by the reference)."""
    name = 'placebo'
    rng = random.Random(1010)
    cal = weekdays(D(2024, 1, 1), 125)
    mkt = Market(rng, cal)
    mcal = [d for d in cal if d != cal[70]]
    write(os.path.join(OUT, name, 'prices', 'MKT.csv'), per_security(path(rng, mcal, mkt, 1.0, alpha=0.0, sd=1e-9)))
    ev = cal[80]
    for i, t in enumerate(['A', 'B', 'C', 'D']):
        c = cal if t != 'B' else [d for d in cal if d not in (cal[30], cal[31], cal[95])]
        s = path(rng, c, mkt, 0.6 + 0.3 * i, shocks={ev: -0.03, cal[81]: -0.01})
        write(os.path.join(OUT, name, 'prices', t + '.csv'), per_security(s))
    for i, t in enumerate(['K1', 'K2']):
        c = cal if t != 'K2' else cal[3:]
        s = path(rng, c, mkt, 0.9 + 0.2 * i, sd=0.01)
        write(os.path.join(OUT, name, 'controls', t + '.csv'), per_security(s))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,type,expected_sign\nnews,%s,the only event,peace,-1\n' % ev.isoformat())
    base = ['--prices', 'prices', '--events', 'events.csv', '--market', 'MKT',
            '--estimation', '-40:-5', '--event-window', '-3:3', '--min-estimation', '30',
            '--car', '0:0', '--car', '0:1', '--car', '-1:1', '--car', '-3:3', '--seed', '7', '--jobs', '2']
    write_args(name, base, placebo='1000')
    pc = ['../placebo/' + a if a in ('prices', 'events.csv') else a for a in base]
    write_args('placebo-controls', pc + ['--prices', '../placebo/controls', '--controls', 'K1,K2',
                                         '--tickers', 'A,B,C,D'], placebo='1000')
    write_args('placebo-few', pc, placebo='10')
    # two events on the same prices: each event's candidates avoid both real windows; the
    # type blocks hold one event each (computed), ALL pools two (not computed)
    write(os.path.join(OUT, 'placebo-multi', 'events.csv'),
          'id,date,label,type,expected_sign\nearly,%s,an earlier event,esc,+1\nnews,%s,the later event,peace,-1\n'
          % (cal[45].isoformat(), ev.isoformat()))
    pm = ['events.csv' if a == '../placebo/events.csv' else a for a in pc]
    write_args('placebo-multi', pm, placebo='1000')


def case_gaps():
    """(11) trade-to-trade model calendars: the market lacks several dates the stocks trade
    (isolated days; three days from an event date, so day 0 moves later; seven weekdays after
    another, so day 0 is more than 7 calendar days late: no-trading-day, event dropped); a
    factor that starts late (short estimation for an early event) and ends inside the last
    event window (empty-date rows after its end); a stock with its own holidays."""
    name = 'gaps'
    rng = random.Random(1111)
    cal = weekdays(D(2023, 1, 2), 330)
    mkt = Market(rng, cal)
    f1 = {d: rng.gauss(0.0, 0.006) for d in cal}
    f2 = {d: rng.gauss(0.0001, 0.005) for d in cal}
    miss = {cal[50], cal[120], cal[121], cal[200], cal[261], cal[262], cal[263]} | set(cal[290:297])
    cols = []
    for t, r, keep in (('MKT', mkt.r, lambda i: cal[i] not in miss), ('F1', f1, lambda i: 140 <= i <= 318),
                       ('F2', f2, lambda i: True)):
        p, m = 100.0, {}
        for i, d in enumerate(cal):
            p = p * (1 + r[d]) if i else p
            if keep(i):
                m[d] = float(fmtp(p))
        cols.append((t, m))
    ev = [cal[240], cal[261], cal[290], cal[312]]
    for i in range(5):
        c = cal if i != 1 else [d for j, d in enumerate(cal) if j % 23 != 5]
        p, m = 40.0 + 5 * i, {}
        for j, d in enumerate(cal):
            if m:
                r = 0.0002 + (0.7 + 0.15 * i) * mkt.r[d] + (0.3 - 0.2 * i) * f1[d] + 0.4 * f2[d] \
                    + rng.gauss(0, 0.012) + {ev[1]: 0.02, cal[264]: 0.015, ev[3]: -0.02}.get(d, 0.0)
                p *= 1 + r
            if d in c:
                m[d] = float(fmtp(p))
        cols.append(('S%d' % (i + 1), m))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label\nearly,%s,the factor starts 100 weekdays before (short estimation)\n'
          'shifted,%s,the market lacks this date and the next two (day 0 three days later)\n'
          'no-market,%s,the market lacks seven weekdays (no day 0 within 7 days)\n'
          'factor-ends,%s,the factor ends on day +6\n' % tuple(d.isoformat() for d in ev))
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--market', 'MKT',
                      '--model', 'factor', '--factor', 'F1', '--factor', 'F2',
                      '--estimation', '-150:-11', '--min-estimation', '100'])


def fx_path(rng, cal, x0, sd=0.004):
    x, out = x0, {}
    for d in cal:
        x *= 1.0 + rng.gauss(0, sd)
        out[d] = float('%.6f' % x)
    return out


def case_currency():
    """(--currency, interface Securities) a EUR study of stocks quoted in EUR, GBp (fx
    1/EURGBP=X), GBX (the cross rate GBPUSD=X/EURUSD=X), USD (no fx: EURUSD=X inverted), SEK
    (no SEK series: no-fx) and one without a securities row (taken to be in EUR). The FX series
    lack a few dates, one of them an event date and one inside an event window: those dates
    leave the converted securities' model calendars. Variant currency-log: log returns, the
    market in USD (converted too) and a GBp control."""
    name = 'currency'
    rng = random.Random(1313)
    cal = weekdays(D(2023, 1, 2), 320)
    mkt = Market(rng, cal)
    ev = [cal[262], cal[290]]
    eurgbp = fx_path(rng, cal, 0.86)
    gbpusd = fx_path(rng, cal, 1.25)
    eurusd = fx_path(rng, cal, 1.08)
    for d in (cal[100], cal[262], cal[270]):
        del eurgbp[d]
    for d in (cal[150], cal[293]):
        del eurusd[d]
    cols = [('MKT', dict(path(rng, cal, mkt, 1.0, sd=0.002, p0=1000.0))),
            ('MKTU', dict(path(rng, cal, mkt, 1.0, sd=0.003, p0=500.0)))]
    for t, beta, p0 in (('E1', 0.9, 50.0), ('G1', 1.1, 1500.0), ('G2', 0.8, 900.0),
                        ('U1', 1.2, 40.0), ('K1', 1.0, 300.0), ('N1', 0.7, 20.0),
                        ('C1', 1.0, 2500.0)):
        cols.append((t, dict(path(rng, cal, mkt, beta, p0=p0, shocks={ev[0]: -0.02, ev[1]: 0.015}))))
    cols += [('EURGBP=X', eurgbp), ('GBPUSD=X', gbpusd), ('EURUSD=X', eurusd)]
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols).replace('.000000', ''))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label\nfirst,%s,on a date EURGBP=X lacks\nsecond,%s,EURUSD=X lacks day +3\n'
          % (ev[0].isoformat(), ev[1].isoformat()))
    write(os.path.join(OUT, name, 'securities.csv'),
          'ticker,name,group,currency,fx\n'
          'MKT,market,index,EUR,\nMKTU,market in USD,index,USD,\nE1,e,x,EUR,\n'
          'G1,g,x,GBp,1/EURGBP=X\nG2,g2,x,GBX,GBPUSD=X/EURUSD=X\nU1,u,x,USD,\nK1,k,x,SEK,\n'
          'C1,control,x,GBp,1/EURGBP=X\n'
          'EURGBP=X,fx,fx,GBP,\nGBPUSD=X,fx,fx,USD,\nEURUSD=X,fx,fx,USD,\n')
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--securities',
                      'securities.csv', '--market', 'MKT', '--currency', 'EUR',
                      '--tickers', 'E1,G1,G2,U1,K1,N1', '--estimation', '-200:-11'])
    write_args('currency-log', ['--prices', '../currency/prices.csv', '--events',
                                '../currency/events.csv', '--securities',
                                '../currency/securities.csv', '--market', 'MKTU', '--currency',
                                'EUR', '--returns', 'log', '--tickers', 'G1,G2,U1,K1',
                                '--controls', 'C1', '--estimation', '-200:-11'])


def case_local_market():
    """(securities file `market`) S2 and S4 on their own market indices, which lack dates the
    study market has (a holiday of their exchange, a gap inside an event window): those dates
    leave only their model calendars; S3 on the study market. M4 is quoted in USD: with
    --currency EUR it is converted through EURUSD=X inverted. Variant local-market-factor: the
    factor model (own market plus the factor F)."""
    name = 'local-market'
    rng = random.Random(2010)
    cal = weekdays(D(2023, 1, 2), 320)
    mkt = Market(rng, cal)
    ev = [cal[262], cal[290]]
    m2 = dict(path(rng, cal, mkt, 1.1, sd=0.004, p0=800.0))
    m4 = dict(path(rng, cal, mkt, 0.9, sd=0.004, p0=300.0))
    for d in (cal[50], cal[180], cal[262], cal[292]):
        del m2[d]
    del m4[cal[200]]
    eurusd = fx_path(rng, cal, 1.08)
    del eurusd[cal[120]]
    cols = [('MKT', dict(path(rng, cal, mkt, 1.0, sd=0.002, p0=1000.0))), ('M2', m2), ('M4', m4),
            ('F', dict(path(rng, cal, mkt, 0.3, sd=0.01, p0=50.0))), ('EURUSD=X', eurusd)]
    for t, beta in (('S1', 0.9), ('S2', 1.2), ('S3', 1.0), ('S4', 0.8)):
        cols.append((t, dict(path(rng, cal, mkt, beta, shocks={ev[0]: 0.02, ev[1]: -0.01}))))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label\nfirst,%s,on a date M2 lacks\nsecond,%s,M2 lacks day +2\n'
          % (ev[0].isoformat(), ev[1].isoformat()))
    write(os.path.join(OUT, name, 'securities.csv'),
          'ticker,name,currency,market\nS1,one,EUR,\nS2,two,EUR,M2\nS3,three,EUR,MKT\n'
          'S4,four,EUR,M4\nM4,index four,USD,\nMKT,index,EUR,\n')
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--securities',
                      'securities.csv', '--market', 'MKT', '--currency', 'EUR',
                      '--tickers', 'S1,S2,S3,S4', '--estimation', '-200:-11'])
    write_args('local-market-factor', ['--prices', '../local-market/prices.csv', '--events',
                                       '../local-market/events.csv', '--securities',
                                       '../local-market/securities.csv', '--market', 'MKT',
                                       '--factor', 'F', '--model', 'factor', '--tickers', 'S1,S2,S3',
                                       '--estimation', '-200:-11'])


def case_event_times():
    """(events `time` and `tz`) A.DE (Xetra 17:30 Europe/Berlin), B.L (London 16:30), C (no
    suffix: New York 16:00) and D.AS (securities file close 17:35 Europe/Amsterdam).
    first: Fri 2024-03-15 16:45 Europe/London (16:45 UTC), between the New York DST change
    (10 March) and Europe's (31 March): after the European closes (16:30 UTC, 16:35 UTC),
    before New York's (20:00 UTC): day 0 is Monday for A.DE, B.L, D.AS and Friday for C.
    second: Wed 2024-06-05 04:30 Asia/Tokyo = Tue 19:30 UTC: New York's Tuesday session still
    closes after it (day 0 before the event's local date), the others react on Wednesday.
    third: a date without a time (the calendar rule)."""
    name = 'event-times'
    rng = random.Random(1515)
    cal = weekdays(D(2023, 5, 1), 320)
    mkt = Market(rng, cal)
    ev = [D(2024, 3, 15), D(2024, 6, 5), D(2024, 6, 24)]
    cols = [('MKT', dict(path(rng, cal, mkt, 1.0, sd=0.002, p0=1000.0)))]
    for t, beta in (('A.DE', 1.0), ('B.L', 0.8), ('C', 1.2), ('D.AS', 0.9)):
        cols.append((t, dict(path(rng, cal, mkt, beta, shocks={D(2024, 3, 18): 0.02,
                                                               D(2024, 6, 4): -0.015}))))
    write(os.path.join(OUT, name, 'prices.csv'), wide(cal, cols))
    write(os.path.join(OUT, name, 'events.csv'),
          'id,date,label,time,tz\n'
          'first,2024-03-15,after the European closes,16:45,Europe/London\n'
          'second,2024-06-05,Tokyo morning,04:30,Asia/Tokyo\n'
          'third,2024-06-24,no time,,\n')
    write(os.path.join(OUT, name, 'securities.csv'),
          'ticker,name,close\nA.DE,a,\nB.L,b,\nC,c,\nD.AS,d,17:35 Europe/Amsterdam\n')
    write_args(name, ['--prices', 'prices.csv', '--events', 'events.csv', '--securities',
                      'securities.csv', '--market', 'MKT', '--tickers', 'A.DE,B.L,C,D.AS',
                      '--estimation', '-200:-11'])


if __name__ == '__main__':
    for c in ('calendars', 'factor2', 'logmean', 'madj', 'ties', 'market-stale', 'single', 'controls',
              'signs', 'placebo', 'placebo-controls', 'placebo-few', 'placebo-multi', 'gaps',
              'currency', 'currency-log', 'local-market', 'local-market-factor', 'event-times'):
        if os.path.isdir(os.path.join(OUT, c)):
            shutil.rmtree(os.path.join(OUT, c))
    case_calendars()
    case_factor()
    case_logmean()
    case_madj()
    case_ties()
    case_market_flat()
    case_single()
    case_controls()
    case_signs()
    case_placebo()
    case_gaps()
    case_currency()
    case_local_market()
    case_event_times()
