/*
 * model.h - the general linear normal-return model: OLS on k regressors
 * (k = 0 for market-adjusted), with what the statistics need from it:
 * residual variance, (X'X)^-1 for prediction-error factors and Var(CAR).
 * It knows nothing of dates, securities or files.
 */
#ifndef DI_MODEL_H
#define DI_MODEL_H

#include <stddef.h>

#define DI_MAX_K 18 /* constant, market and at most 16 factors */
#define DI_MAX_FACTORS 16

typedef struct di_fit {
	int k;        /* parameters (0: market-adjusted, AR = R - Rm) */
	size_t n;     /* L1: estimation observations */
	int d;        /* residual degrees of freedom */
	double theta[DI_MAX_K];
	/* k x k, row-major, in storage the owner provides (a security-event
	 * carves k x k doubles with its arrays: at 100,000 of them, room for
	 * DI_MAX_K^2 in each would be 260 MB) */
	double *xtx_inv;
	double s2;    /* residual variance RSS / d (market-adjusted: sample variance of AR) */
	double r2;    /* 1 - RSS/TSS, NAN when undefined or k < 2 */
	double ybar;  /* mean of y over the estimation sample */
	/* mean of the residuals, summed in row order (di_mean's bits): made
	 * with them, in a loop that sums anyway, for rbar's centring */
	double rmean;
} di_fit;

/* Reusable scratch space for fits of up to nmax rows and k columns,
 * allocated once (GSL's workspace discipline). */
typedef struct di_fit_ws di_fit_ws;
int di_fit_ws_new(di_fit_ws **out, size_t nmax, int k);
void di_fit_ws_free(di_fit_ws *ws);
/* Let fits through ws of a constant (X's first column all 1) and one
 * regressor use the closed form: the same fit up to the last bits, for
 * run's placebo trials only, whose statistics are only counted against
 * the real one (and never on a real event's window, so never need to
 * reproduce it). Real fits and simulate's keep the SVD, so no report
 * moves by a bit. */
void di_fit_ws_quick(di_fit_ws *ws);

/* X is singular when its smallest singular value is below this share of
 * its largest (the exclusion message prints it). */
#define DI_SINGULAR_RATIO 1e-10

/* OLS of y (n) on X (n x k, row-major). k >= 1, n > k.
 * Returns 0, 1 when X is singular (smallest singular value below
 * DI_SINGULAR_RATIO times the largest; nothing else is set then), or a
 * negative di_code. */
int di_fit_ols(di_fit *fit, di_fit_ws *ws, const double *X, const double *y, size_t n, int k);
/* The same, and the residuals y - X theta into resid (n) on success (the
 * same bits as y[i] - di_fit_predict(fit, X + i k)). */
int di_fit_ols_resid(di_fit *fit, di_fit_ws *ws, const double *X, const double *y, size_t n,
		     int k, double *resid);

/* Two fits of the market model at once (k = 2, n rows each, through a
 * workspace set by di_fit_ws_quick), each the same bits as
 * di_fit_ols_resid's (r0, r1: their residuals, or NULL): the two
 * problems' chains of additions run side by side, where one problem's
 * wait on each other's latency. Returns 0, or 1 with nothing set when
 * either is not a fit of the closed form (X's first column not the
 * constant, a design the Gram matrix does not show far from singular,
 * Sxx not positive): di_fit_ols_resid then fits each. */
int di_fit_pair_resid(di_fit *f0, di_fit *f1, const di_fit_ws *ws, const double *X0,
		      const double *y0, const double *X1, const double *y1, size_t n,
		      double *r0, double *r1);

/* The market-adjusted "fit": ar are the estimation ARs R - Rm; s2 is their
 * sample variance around their mean, d = n - 1. */
void di_fit_madj(di_fit *fit, const double *ar, size_t n);

/* x' theta. Inline: it runs for every estimation and event day of every
 * security-event and placebo trial. */
static inline double di_fit_predict(const di_fit *fit, const double *x)
{
	double v = 0;
	for (int j = 0; j < fit->k; j++)
		v += x[j] * fit->theta[j];
	return v;
}

/* 1 + x' (X'X)^-1 x (1 for k = 0) */
double di_fit_pe_factor(const di_fit *fit, const double *x);
/* x' A x for k = 2 (A = (X'X)^-1, row-major), summed term by term in
 * row-major order: di_fit_pe_factor's sum for the market model, inline
 * for a loop over the estimation days that the compiler vectorizes. */
static inline double di_fit_quad2(const double *a, double g0, double g1)
{
	double q = 0;
	q += g0 * a[0] * g0;
	q += g0 * a[1] * g1;
	q += g1 * a[2] * g0;
	q += g1 * a[3] * g1;
	return q;
}
/* Var(CAR) = s2 (L + g' (X'X)^-1 g), g the sum of the window's x rows */
double di_fit_car_var(const di_fit *fit, const double *g, size_t L);

#endif
