/*
 * stats.h - the test statistics as pure functions of arrays: no dates, no
 * securities, no files. Each returns its statistic, degrees of freedom and
 * two-sided p-value, with NAN for whatever is undefined (methodology,
 * pinned detail 8).
 */
#ifndef DI_STATS_H
#define DI_STATS_H

#include <stddef.h>

typedef struct di_stat {
	double stat; /* NAN when undefined */
	double df;   /* NAN for a normal reference distribution */
	double p;    /* two-sided; NAN when stat is */
} di_stat;

/* Turn the p-values of the calling thread off (0: every p below is NAN,
 * statistics unchanged) or back on (1). For placebo trials. */
void di_stats_pvalues(int on);

/* Two-sided p-values. */
double di_p_normal(double z);
double di_p_student(double t, double df);
/* min(1, 2 min(P(W <= w), P(W >= w))), W ~ Binomial(n, p) */
double di_p_binomial(size_t w, size_t n, double p);

double di_mean(const double *x, size_t n);
/* Sample sd, divisor n - 1 (NAN for n < 2). */
double di_sd(const double *x, size_t n);
/* The same about a mean m already made (di_mean's: the same bits). */
double di_sd_about(const double *x, size_t n, double m);
/* n, di_mean and di_sd of x, each made once: a test window's tests read
 * the mean and sd of the same values several times (each a pass whose
 * additions wait on one another, for every window of every trial). */
typedef struct di_moments {
	size_t n;
	double mean, sd;
} di_moments;
di_moments di_moments_of(const double *x, size_t n);
/* Pearson correlation (NAN when a series has no spread). */
double di_pearson(const double *a, const double *b, size_t n);

/* mean(x) / (sd(x) / sqrt n) against t(n - 1): csect_t on X, bmp_t on Z. */
di_stat di_test_mean_t(const double *x, size_t n);
/* The same from the moments of x. */
di_stat di_test_mean_t_of(di_moments mo);
/* sum z / sqrt(sum d_i / (d_i - 2)) against N(0,1). */
di_stat di_test_patell(const double *z, const int *d, size_t n);
/* Kolari-Pynnonen: patell_z * sqrt(1 / (1 + (n - 1) rbar)). */
di_stat di_test_patell_kp(di_stat patell, size_t n, double rbar);
/* bmp_t * sqrt((1 - rbar) / (1 + (n - 1) rbar)), t(n - 1). */
di_stat di_test_bmp_kp(di_stat bmp, size_t n, double rbar);
/* (w - n/2) / sqrt(n/4); exact binomial p for n <= 50. */
di_stat di_test_sign(size_t w, size_t n);
/* (w - n p) / sqrt(n p (1 - p)); exact binomial(n, p) p-value for n <= 50. */
di_stat di_test_gen_sign(size_t w, size_t n, double p);
/* Wilcoxon signed-rank on x (zeros dropped, average ranks for ties, tie
 * correction); exact p over the 2^n sign patterns for n <= 20. Returns 0
 * or DI_ENOMEM. */
int di_test_wilcoxon(const double *x, size_t n, di_stat *out);
/* A statistic against t(df) or N(0,1) (df NAN). */
di_stat di_stat_t(double stat, double df);
di_stat di_stat_z(double stat);

/* The smallest two-sided p-value each exact discrete test can return at
 * this size, whatever the data: the p of the most extreme outcome, computed
 * as the test computes its p (exact up to 50 (sign) or 20 (Wilcoxon)
 * observations, else the normal approximation). A test whose smallest p is
 * at least 5% cannot reject at 5%, and the summary says so instead of
 * printing a bare z. NAN where the test is undefined (n = 0, p not in
 * (0, 1)). */
/* sign_z: 2 * 0.5^n up to 50 */
double di_sign_min_p(size_t n);
/* gen_sign_z with positive share p: min over w of the binomial(n, p)
 * two-sided p, = 2 min(p, 1 - p)^n up to 50 */
double di_gen_sign_min_p(size_t n, double p);
/* wilcoxon_z on n non-zero values: 2 / 2^n up to 20 (all signs alike is
 * the only pattern that extreme, ties or not); beyond, the untied normal
 * approximation, an upper bound when there are ties */
double di_wilcoxon_min_p(size_t n);

/* A placebo p, (1 + #{|T*| >= |T|}) / (1 + n), is at least 1 / (1 + n). */
double di_placebo_min_p(size_t n);

/* Holm's (1979) step-down adjustment of a family of p-values: sorted
 * ascending, adj_(i) = max over j <= i of min(1, (m - j + 1) p_(j)), m the
 * number of p-values. A NAN p is outside the family (not counted in m) and
 * its adj is NAN. Ties keep their input order. Returns 0 or DI_ENOMEM. */
int di_holm(const double *p, size_t n, double *adj);
/* Skewness-adjusted t (Hall 1992; Lyon, Barber & Tsai 1999):
 * S = mean / sd, g = sum (x - mean)^3 / (n sd^3), sd divisor n - 1;
 * sqrt(n) (S + g S^2 / 3 + g / (6 n)) against t(n - 1). */
di_stat di_test_skew_adj(const double *x, size_t n);
/* The same from x and its moments (mo.n values). */
di_stat di_test_skew_adj_of(const double *x, di_moments mo);
/* The time-series part shared by the generalized rank and sign tests
 * (Kolari-Pynnonen 2011; Luoma 2011): v[t] is the mean over the nt[t]
 * securities that have point t (Ubar_t or Gbar_t; points with nt[t] = 0
 * are skipped), N the block's securities, ev the event point.
 * S^2 = (1/T) sum_t (nt[t] / N) v[t]^2 over the T points with nt[t] > 0;
 * Z = v[ev] / S. grank: Z sqrt((T - 2) / (T - 1 - Z^2)) against t(T - 2);
 * gsign: Z against N(0,1). */
/* One security's points of the generalized tests: its n estimation GSARs
 * est[], their average ranks among themselves rk[] and a sorted copy srt[],
 * plus the event point g0 (T = n + 1 points). Fills, for each estimation
 * point, u[j] = rank / (T + 1) - 1/2 (rank among all T points, ties
 * averaged) and sg[j] = sign(est[j] - median of the T points), and the same
 * for the event point in *u0 and *sg0. Cost O(n + log n): the ranks of
 * the estimation points only move by the event point's place among them. */
void di_gen_points(const double *est, const double *rk, const double *srt, size_t n, double g0,
		   double *u, double *sg, double *u0, double *sg0);
/* The same in two steps, for callers that sum the points as they go: the
 * event point g0's place among the sorted points (and its own u0, sg0),
 * then each estimation point from its value and rank. */
typedef struct di_gen_event {
	double g0, med, T1; /* T1 = T + 1 */
	size_t less, eq;    /* #{srt < g0}, #{srt == g0} */
} di_gen_event;
void di_gen_prepare(const double *srt, size_t n, double g0, di_gen_event *ev, double *u0,
		    double *sg0);
/* di_gen_prepare in two steps, for a caller with many event points over
 * the same sorted points: #{srt < g0} for each of m event points g0[]
 * (the searches in step), then each event from its count. */
#define DI_GEN_BATCH 32
size_t di_gen_less(const double *srt, size_t n, double g0);
void di_gen_less_many(const double *srt, size_t n, const double *g0, size_t m, size_t *less);
void di_gen_prepare_at(const double *srt, size_t n, double g0, size_t less, di_gen_event *ev,
		       double *u0, double *sg0);
/* The three values di_gen_point's u can take for a point of rank rk among
 * n estimation points (below g0, tied with it, above it), made once per
 * block so that each window only chooses: bit for bit the same u. */
void di_gen_u_table(const double *rk, size_t n, double *below, double *tied, double *above);
/* sign(x) of the generalized sign test: 1, -1, or 0 for a tie. */
static inline double di_gen_sign(double x)
{
	/* branch-free: the sign of a point against the median is a coin toss */
	return (double)((x > 0) - (x < 0));
}
static inline void di_gen_point(const di_gen_event *ev, double est, double rk, double *u,
				double *sg)
{
	/* a value above g0 moves up one rank; one tied with it, half a rank */
	double r = rk + (est > ev->g0 ? 1.0 : est == ev->g0 ? 0.5 : 0.0), d = est - ev->med;
	*u = r / ev->T1 - 0.5;
	*sg = di_gen_sign(d);
}
di_stat di_test_grank(const double *ubar, const size_t *nt, size_t npts, size_t N, size_t ev);
di_stat di_test_gsign(const double *gbar, const size_t *nt, size_t npts, size_t N, size_t ev);
/* dCAAR / (sqrt(L) S_d), S_d the sd (divisor n - 1) of the n values of
 * diff (daily mean treated minus mean control residual), against t(n - 1). */
di_stat di_test_dcaar(double dcaar, const double *diff, size_t n, size_t L);

/* Average ranks (1-based) of x into rank, ties averaged. Returns 0 or
 * DI_ENOMEM. Here and below rank must not be x. */
int di_rank_average(const double *x, size_t n, double *rank);
/* The same, and x sorted ascending into sorted (one sort for both;
 * sorted may be x itself). */
int di_rank_sorted(const double *x, size_t n, double *rank, double *sorted);
/* The same, and order[k] = the index in x of the k-th smallest (ties by index). */
int di_rank_order(const double *x, size_t n, double *rank, double *sorted, size_t *order);
/* Average ranks of x as di_rank_average, helped by hint: a permutation of
 * 0 .. nhint-1 that is nearly the ascending order of x[0..nhint), the
 * few values after them unordered. Near-linear when the hint is good
 * (the Corrado ranks of a security-event from the order of its
 * standardized residuals, which differ from the raw ones by a factor
 * close to 1); the same ranks in any case. */
int di_rank_hint(const double *x, size_t n, const size_t *hint, size_t nhint, double *rank);

/* Scratch of the rank functions, grown as needed and kept from call to
 * call (GSL's workspace discipline): one per worker thread, zeroed to
 * start, di_rank_ws_free to end. A security-event is ranked in each fit
 * and placebo trial: without it, each ranking allocated and freed its
 * scratch, and glibc's search for such blocks among the many kept ones
 * was 7% of a run of 100,000 security-events. vals is the caller's:
 * values to rank, or their ranks, while the functions below use buf. */
typedef struct di_rank_ws {
	void *buf, *vals;
	size_t cap, vcap; /* bytes */
} di_rank_ws;
void di_rank_ws_free(di_rank_ws *ws);
/* ws->vals with room for n doubles, or NULL (DI_ENOMEM set). */
double *di_rank_ws_vals(di_rank_ws *ws, size_t n);
/* di_rank_order and di_rank_hint through ws (sorted may be x, at the cost
 * of a copy; di_rank_order_ws takes rank NULL for the order alone). x,
 * rank and sorted must not lie in ws->buf, which a call may move;
 * ws->vals does not move during a call. */
int di_rank_order_ws(di_rank_ws *ws, const double *x, size_t n, double *rank, double *sorted,
		     size_t *order);
int di_rank_hint_ws(di_rank_ws *ws, const double *x, size_t n, const size_t *hint, size_t nhint,
		    double *rank);

#endif
