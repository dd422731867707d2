#!/usr/bin/env python3
"""Write a generated price panel for the size checks of issue 12.

    python3 make_panel.py OUTDIR iid|shock [SEED]

OUTDIR/prices.csv (wide: Date, MKT, S01..S50) and OUTDIR/events.csv (one
event, needed by a study; simulate keeps its window out of the trials).
1,500 weekdays from 2015-01-05. Market returns N(0.0003, 0.01); security
returns 0.0002 + beta_i * market + e_it, beta_i in [0.6, 1.4].
  iid:   e_it ~ N(0, 0.02), independent across securities and days.
  shock: e_it = 0.014 c_t + 0.014 u_it with c_t, u_it ~ N(0, 1): a common
         shock outside the market model, residual correlation 0.5.
Pure Python (random.Random with a fixed seed), so the files are the same
on every machine with the same Python major version.
"""
import datetime
import os
import random
import sys


def main():
    if len(sys.argv) < 3 or sys.argv[2] not in ("iid", "shock"):
        sys.exit(__doc__)
    out, kind = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    rng = random.Random(seed)
    nsec, ndays = 50, 1500
    betas = [0.6 + 0.8 * i / (nsec - 1) for i in range(nsec)]
    os.makedirs(out, exist_ok=True)
    day = datetime.date(2015, 1, 5)
    dates = []
    while len(dates) < ndays:
        if day.weekday() < 5:
            dates.append(day)
        day += datetime.timedelta(days=1)
    prices = [100.0] * (nsec + 1)
    with open(os.path.join(out, "prices.csv"), "w") as f:
        f.write("Date,MKT," + ",".join("S%02d" % (i + 1) for i in range(nsec)) + "\n")
        for t, d in enumerate(dates):
            if t:
                m = rng.gauss(0.0003, 0.01)
                c = rng.gauss(0.0, 1.0)
                prices[0] *= 1 + m
                for i in range(nsec):
                    if kind == "iid":
                        e = rng.gauss(0.0, 0.02)
                    else:
                        e = 0.014 * c + 0.014 * rng.gauss(0.0, 1.0)
                    prices[i + 1] *= 1 + 0.0002 + betas[i] * m + e
            f.write(d.isoformat() + "," + ",".join("%.10g" % p for p in prices) + "\n")
    with open(os.path.join(out, "events.csv"), "w") as f:
        f.write("id,date,label\nanchor,%s,an event whose window the trials avoid\n"
                % dates[ndays // 2].isoformat())


if __name__ == "__main__":
    main()
