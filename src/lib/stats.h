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
/* Pearson correlation (NAN when a series has no spread). */
double di_pearson(const double *a, const double *b, size_t n);

/* mean(x) / (sd(x) / sqrt n) against t(n - 1): csect_t on X, bmp_t on Z. */
di_stat di_test_mean_t(const double *x, size_t n);
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

/* Average ranks (1-based) of x into rank, ties averaged. Returns 0 or
 * DI_ENOMEM. */
int di_rank_average(const double *x, size_t n, double *rank);

#endif
