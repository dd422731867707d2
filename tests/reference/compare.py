#!/usr/bin/env python3
"""Cell-by-cell comparison of two defimpact report folders (or two CSV files).

    python3 compare.py EXPECTED ACTUAL [--rtol 1e-8] [--atol 1e-12]
                       [--files estimates.csv,ar.csv,...] [--ignore FILE:COLUMN ...]

Text cells must be equal; numeric cells (both parse as numbers) must satisfy
|got - expected| <= atol + rtol |expected|; an empty cell against a non-empty one is a
difference. Columns are matched by name (the expected file's columns; extra columns of the
actual file are allowed, as the interface allows more columns after the named ones, but the
named ones must come first and in the same order). Rows are matched by position. Both CSV
dialects are read (`,` with `.`; `;` with decimal comma), with or without a UTF-8 BOM.
Each difference is printed as FILE:ROW:COLUMN expected X got Y (ROW = line number in the
file, the header being line 1). Exit 0 if none, 1 if any, 2 on bad usage or unreadable input.

When EXPECTED is a folder holding `not-computed.txt` (lines FILE:ROW:COLUMN, written by
es_reference.py for cells it cannot compute, such as placebo p-values whose dates the tool
draws from its own generator), those cells are skipped.
"""
import csv
import io
import math
import os
import sys


def read_csv(path):
    with open(path, 'rb') as f:
        text = f.read().decode('utf-8-sig')
    first = text.split('\n', 1)[0]
    delim = ';' if first.count(';') > first.count(',') else ','
    rows = [r for r in csv.reader(io.StringIO(text, newline=''), delimiter=delim)]
    while rows and rows[-1] == []:
        rows.pop()
    return rows, delim


def as_number(s, delim):
    t = s.strip()
    if t == '':
        return None
    if delim == ';':
        t = t.replace(',', '.')
    try:
        v = float(t)
    except ValueError:
        return None
    return v


def compare_files(name, exp_path, act_path, rtol, atol, ignore, out, skip=frozenset()):
    e_rows, e_delim = read_csv(exp_path)
    a_rows, a_delim = read_csv(act_path)
    if not e_rows or not a_rows:
        if e_rows != a_rows:
            out.append('%s: one file is empty' % name)
        return
    eh, ah = e_rows[0], a_rows[0]
    if ah[:len(eh)] != eh:
        out.append('%s:1: header expected %s got %s' % (name, ','.join(eh), ','.join(ah)))
    cols = []
    for j, c in enumerate(eh):
        if c not in ah:
            out.append('%s:1:%s missing column' % (name, c))
        elif (name, c) not in ignore:
            cols.append((j, ah.index(c), c))
    n = max(len(e_rows), len(a_rows))
    for i in range(1, n):
        line = i + 1
        if i >= len(a_rows):
            out.append('%s:%d: missing row (expected %s)' % (name, line, ','.join(e_rows[i])))
            continue
        if i >= len(e_rows):
            out.append('%s:%d: extra row (got %s)' % (name, line, ','.join(a_rows[i])))
            continue
        er, ar = e_rows[i], a_rows[i]
        for je, ja, c in cols:
            if (name, line, c) in skip:
                continue
            x = er[je] if je < len(er) else ''
            y = ar[ja] if ja < len(ar) else ''
            if x == y:
                continue
            if x.strip() == '' or y.strip() == '':
                out.append('%s:%d:%s expected %s got %s' % (name, line, c, x or '(empty)', y or '(empty)'))
                continue
            xv, yv = as_number(x, e_delim), as_number(y, a_delim)
            if xv is not None and yv is not None:
                if (math.isnan(xv) and math.isnan(yv)) or abs(yv - xv) <= atol + rtol * abs(xv):
                    continue
            out.append('%s:%d:%s expected %s got %s' % (name, line, c, x, y))


def main(argv):
    rtol, atol, files, ignore, pos = 1e-8, 1e-12, None, set(), []
    i = 0
    try:
        while i < len(argv):
            a = argv[i]
            key, _, val = a.partition('=')
            if key in ('--rtol', '--atol', '--files', '--ignore'):
                if not _:
                    i += 1
                    val = argv[i]
                if key == '--rtol':
                    rtol = float(val)
                elif key == '--atol':
                    atol = float(val)
                elif key == '--files':
                    files = [f for f in val.split(',') if f]
                else:
                    f, _, c = val.partition(':')
                    ignore.add((f, c))
            elif a.startswith('--'):
                raise ValueError('unknown option ' + a)
            else:
                pos.append(a)
            i += 1
        if len(pos) != 2:
            raise ValueError('need EXPECTED and ACTUAL')
    except (ValueError, IndexError) as e:
        sys.stderr.write('compare.py: %s\n%s' % (e, __doc__))
        return 2
    exp, act = pos
    out = []
    try:
        if os.path.isdir(exp):
            skip = set()
            nc = os.path.join(exp, 'not-computed.txt')
            if os.path.exists(nc):
                for ln in open(nc):
                    f, r, c = ln.strip().split(':')
                    skip.add((f, int(r), c))
            names = files if files is not None else sorted(f for f in os.listdir(exp) if f.endswith('.csv'))
            for f in names:
                ep, ap = os.path.join(exp, f), os.path.join(act, f)
                if not os.path.exists(ep):
                    out.append('%s: missing in expected' % f)
                elif not os.path.exists(ap):
                    out.append('%s: missing in actual' % f)
                else:
                    compare_files(f, ep, ap, rtol, atol, ignore, out, skip)
        else:
            compare_files(os.path.basename(exp), exp, act, rtol, atol, ignore, out)
    except OSError as e:
        sys.stderr.write('compare.py: %s\n' % e)
        return 2
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
