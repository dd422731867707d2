#!/usr/bin/env python3
"""Sanity check of the shipped price files: ascending dates, no duplicates, first date >= 2021-01-01,
every close positive. Usage: python3 check_prices.py [PRICES_DIR]"""
import os, sys, csv

d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'datasets', 'peace-talks-2025', 'prices')
bad = 0
for fn in sorted(os.listdir(d)):
    if not fn.endswith('.csv'):
        continue
    with open(os.path.join(d, fn), newline='') as f:
        rows = list(csv.reader(f))
    hdr = [h.strip().lower() for h in rows[0]]
    col = hdr.index('adjusted_close') if 'adjusted_close' in hdr else hdr.index('close')
    dates = [r[0][:10] for r in rows[1:]]
    errs = []
    if dates[0] < '2021-01-01':
        errs.append('starts %s' % dates[0])
    for a, b in zip(dates, dates[1:]):
        if b <= a:
            errs.append('not ascending/duplicate at %s -> %s' % (a, b))
    for r in rows[1:]:
        if len(r) != len(hdr) or not float(r[col]) > 0:
            errs.append('bad row %r' % r)
    print('%-14s %s %s..%s %5d rows %s' % (fn, 'OK ' if not errs else 'BAD', dates[0], dates[-1], len(dates), '; '.join(errs[:3])))
    bad += bool(errs)
sys.exit(1 if bad else 0)
