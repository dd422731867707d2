/*
 * benchgen.c - the deterministic workloads of scripts/bench (not installed).
 *
 *   benchgen DIR NSEC NDAYS NEVENTS PER_EVENT
 *
 * writes DIR/prices.csv, a wide file (Date, S00000..S<NSEC-1>, MKT) of
 * NDAYS weekdays from 2000-01-03, and DIR/events.csv: NEVENTS events spread
 * evenly after the first 300 days, of two types, each with the tickers
 * column naming PER_EVENT securities (0: no tickers column, every security).
 * The returns are a one-factor model: r = 0.0002 + beta * m + e, with beta
 * between 0.5 and 1.7 and e of sd 0.015, drawn from a xorshift generator
 * with Irwin-Hall normals (12 uniforms), so no libm function is involved and
 * the bytes are the same on every machine. A weak pull towards 100 keeps
 * every price well away from zero at four decimals.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 88172645463325252ull;

static double uniform(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double)(rng_state >> 11) * 0x1.0p-53;
}

static double normal(double sd)
{
	double s = 0;
	for (int i = 0; i < 12; i++)
		s += uniform();
	return (s - 6.0) * sd;
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return d[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static void put_date(char *out, int y, int m, int d)
{
	const int v[8] = {y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10,
			  m / 10, m % 10, d / 10, d % 10};
	static const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
	memcpy(out, "0000-00-00", 11);
	for (int k = 0; k < 8; k++)
		out[at[k]] = (char)('0' + v[k]);
}

/* ndays weekdays from Monday 2000-01-03, as "YYYY-MM-DD" */
static char (*weekdays(long ndays))[11]
{
	char (*dates)[11] = malloc((size_t)ndays * sizeof(*dates));
	int y = 2000, m = 1, d = 3, wd = 0;
	if (!dates)
		return NULL;
	for (long i = 0; i < ndays;) {
		if (wd < 5)
			put_date(dates[i++], y, m, d);
		wd = (wd + 1) % 7;
		if (++d > days_in(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	return dates;
}

static double step(double p, double r)
{
	p *= 1.0 + r + 0.002 * (1.0 - p / 100.0);
	return p < 1.0 ? 2.0 - p : p; /* reflected at 1 */
}

static int write_prices(FILE *f, long nsec, long ndays, char (*dates)[11])
{
	double *p = malloc((size_t)(nsec + 1) * sizeof(double));
	if (!p)
		return -1;
	for (long i = 0; i <= nsec; i++)
		p[i] = 100.0;
	fputs("Date", f);
	for (long i = 0; i < nsec; i++)
		fprintf(f, ",S%05ld", i);
	fputs(",MKT\n", f);
	for (long t = 0; t < ndays; t++) {
		double m = 0.0003 + normal(0.01);
		fputs(dates[t], f);
		for (long i = 0; i < nsec; i++) {
			double beta = 0.5 + (double)(i % 7) / 5.0;
			p[i] = step(p[i], 0.0002 + beta * m + normal(0.015));
			fprintf(f, ",%.4f", p[i]);
		}
		p[nsec] = step(p[nsec], m);
		fprintf(f, ",%.4f\n", p[nsec]);
	}
	free(p);
	return 0;
}

static void write_events(FILE *f, long nsec, long ndays, long nev, long per,
			 char (*dates)[11])
{
	fprintf(f, "id,date,label,type%s\n", per ? ",tickers" : "");
	for (long k = 0; k < nev; k++) {
		long day = 300 + k * (ndays - 320) / (nev > 0 ? nev : 1);
		fprintf(f, "ev%04ld,%s,generated event %ld,%s", k, dates[day], k,
			k % 2 ? "type-a" : "type-b");
		if (per) {
			fputc(',', f);
			for (long j = 0; j < per; j++)
				fprintf(f, "%sS%05ld", j ? " " : "",
					(k * per + j) % nsec);
		}
		fputc('\n', f);
	}
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	char path[4096];
	long nsec, ndays, nev, per;
	char (*dates)[11];
	FILE *f;

	if (argc != 6) {
		fputs("usage: benchgen DIR NSEC NDAYS NEVENTS PER_EVENT\n", stderr);
		return 2;
	}
	nsec = atol(argv[2]);
	ndays = atol(argv[3]);
	nev = atol(argv[4]);
	per = atol(argv[5]);
	if (nsec < 1 || ndays < 340 || nev < 1 || per < 0 || per > nsec) {
		fputs("benchgen: need NSEC >= 1, NDAYS >= 340, NEVENTS >= 1, "
		      "0 <= PER_EVENT <= NSEC\n", stderr);
		return 2;
	}
	dates = weekdays(ndays);
	if (!dates)
		return 1;
	snprintf(path, sizeof(path), "%s/prices.csv", argv[1]);
	f = fopen(path, "w");
	if (!f)
		return perror(path), 1;
	setvbuf(f, buf, _IOFBF, sizeof(buf));
	if (write_prices(f, nsec, ndays, dates) < 0 || fclose(f) != 0)
		return perror(path), 1;
	snprintf(path, sizeof(path), "%s/events.csv", argv[1]);
	f = fopen(path, "w");
	if (!f)
		return perror(path), 1;
	write_events(f, nsec, ndays, nev, per, dates);
	if (fclose(f) != 0)
		return perror(path), 1;
	free(dates);
	return 0;
}
