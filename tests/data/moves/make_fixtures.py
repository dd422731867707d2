#!/usr/bin/env python3
"""Writes the hand case of tests/unit/core/test_moves.c (run from anywhere; the
files land beside this script). Prices are chained from returns chosen so
that the market model can be solved by hand (see the test's comments) and
written with repr(), so that the C reader gets the same doubles back.

Trading days: Mon 2025-03-03 (the base price) .. Tue 2025-03-11, then the
report date Wed 2025-03-12 (day 0). Six estimation returns, 03-04 .. 03-11.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATES = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07',
         '2025-03-10', '2025-03-11', '2025-03-12']
X = [0.01, -0.02, 0.03, 0.00, -0.01, 0.02, -0.015]     # BENCH; last: day 0
A = [0.02, -0.025, 0.04, 0.005, -0.02, 0.03, -0.03]    # AAA
B = [0.005, -0.01, 0.02, 0.002, -0.004, 0.011, -0.012]  # BBB
M = [0.004, -0.006, 0.01, 0.003, -0.002, 0.005, -0.004]  # MKT


def chain(p0, rets):
    p = [p0]
    for r in rets:
        p.append(p[-1] * (1 + r))
    return p


def write(name, text):
    with open(os.path.join(HERE, name), 'w', newline='') as f:
        f.write(text)


os.makedirs(os.path.join(HERE, 'prices'), exist_ok=True)
for t, p0, rets in [('BENCH', 100.0, X), ('AAA', 50.0, A), ('MKT', 400.0, M)]:
    p = chain(p0, rets)
    write('prices/%s.csv' % t, 'Date,Close\n' + ''.join(
        '%s,%r\n' % (d, v) for d, v in zip(DATES, p)))
# BBB has Open/High/Low: on day 0 the Low is 2% under the previous close,
# so a reported -2.5% lies outside the day's range.
p = chain(20.0, B)
rows = []
for i, (d, c) in enumerate(zip(DATES, p)):
    prev = p[i - 1] if i else c
    rows.append('%s,%r,%r,%r,%r\n' % (d, prev, max(prev, c) * 1.01,
                                      prev * 0.98 if i == 7 else min(prev, c) * 0.99, c))
write('prices/BBB.csv', 'Date,Open,High,Low,Close\n' + ''.join(rows))
# DDD: too short a history (3 returns before day 0)
write('prices/DDD.csv', 'Date,Close\n2025-03-06,10\n2025-03-07,10.1\n2025-03-10,10.2\n'
      '2025-03-11,10.05\n2025-03-12,10.0\n')
# Claims over a horizon (test_moves.c, claims): AAA nearly +3.2% since 03-05
# (held at the peak), IDX nearly +2% since 03-06 (understated), CCC without
# prices; and a claim since the first date of the data (an error).
write('reported-claims.csv',
      'ticker,name,move_pct,asof,session_fraction,since,qualifier\n'
      'IDX,Index,-2.0,2025-03-12T11:00Z,0.5,,\n'
      'AAA,Alpha,-4.5,2025-03-12T11:00Z,0.5,,\n'
      'AAA,,3.2,2025-03-12T11:00Z,,2025-03-05,nearly\n'
      'IDX,,2,2025-03-12T11:00Z,,2025-03-06,nearly\n'
      'CCC,Gamma (no prices),10,2025-03-12T11:00Z,,2025-03-05,\n'
      'BBB,Beta,-2.5,2025-03-12T11:00Z,0.5,,\n')
write('reported-claim-early.csv',
      'ticker,move_pct,asof,since\nIDX,-2.0,2025-03-12,\nAAA,5,2025-03-12,2025-03-03\n')
