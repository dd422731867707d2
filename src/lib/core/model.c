/*
 * model.c - OLS through GSL's SVD. The columns are scaled to unit norm
 * before the decomposition (as gsl_multifit_linear does), which keeps
 * ill-conditioned designs such as NIST's Longley accurate; the singularity
 * test of the methodology is made on the singular values of X itself.
 * Every GSL status is checked; the GSL error handler is the caller's.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "alloc.h"
#include "error.h"
#include "model.h"

struct di_fit_ws {
	size_t nmax;
	int k;
	gsl_matrix *A; /* n x k: X, then U */
	gsl_matrix *V; /* k x k */
	gsl_vector *S, *work, *scale;
	int quick; /* di_fit_ws_quick: closed form for a constant and one regressor */
};

void di_fit_ws_free(di_fit_ws *ws)
{
	if (!ws)
		return;
	if (ws->A)
		gsl_matrix_free(ws->A);
	if (ws->V)
		gsl_matrix_free(ws->V);
	if (ws->S)
		gsl_vector_free(ws->S);
	if (ws->work)
		gsl_vector_free(ws->work);
	if (ws->scale)
		gsl_vector_free(ws->scale);
	di_free(ws);
}

int di_fit_ws_new(di_fit_ws **out, size_t nmax, int k)
{
	di_fit_ws *ws;
	if (k < 1 || k > DI_MAX_K || nmax < (size_t)k)
		return di_error_set(DI_EINTERNAL, "model workspace: bad size %zu x %d", nmax, k);
	ws = di_calloc(1, sizeof(*ws));
	if (!ws)
		return di_error_oom();
	ws->nmax = nmax;
	ws->k = k;
	ws->A = gsl_matrix_alloc(nmax, (size_t)k);
	ws->V = gsl_matrix_alloc((size_t)k, (size_t)k);
	ws->S = gsl_vector_alloc((size_t)k);
	ws->work = gsl_vector_alloc((size_t)k);
	ws->scale = gsl_vector_alloc((size_t)k);
	if (!ws->A || !ws->V || !ws->S || !ws->work || !ws->scale) {
		di_fit_ws_free(ws);
		return di_error_oom();
	}
	*out = ws;
	return 0;
}

/* Singular values of the n x k matrix in a (destroyed), into S. Returns 0,
 * 1 when the decomposition does not converge (numerically singular), or a
 * negative code with the error set. */
static int svd(gsl_matrix_view *a, gsl_matrix_view *v, gsl_vector_view *s)
{
	int st = gsl_linalg_SV_decomp_jacobi(&a->matrix, &v->matrix, &s->vector);
	/* no convergence: a design too ill-conditioned to decompose (returns
	 * of 1e299 from a price jumping 300 orders of magnitude, found by
	 * fuzzing) is numerically singular, not a bug */
	if (st == GSL_ETOL || st == GSL_EMAXITER)
		return 1;
	if (st)
		return di_error_set(DI_EINTERNAL, "SVD failed: %s", gsl_strerror(st));
	return 0;
}

/* The sums of one pass over X (n x k, k <= 2) and y: X'X = [a b; b c]
 * (c = 0 for one column), the sum of y, and whether X's first column is
 * the constant 1. The singularity test, the closed-form fit and the mean
 * of y all start from them: a pass each, their sums a chain of additions
 * each (latency, not arithmetic), was a tenth of a placebo trial's fits.
 * Each sum is added in row order, as in a pass of its own: the same bits. */
typedef struct gram2 {
	double a, b, c, ysum;
	int const1;
} gram2;

#define GRAM2_START ((gram2){0, 0, 0, 0, 1})

/* Row i's terms of the sums. The row steps here (gram_row, centred_row,
 * resid_row) serve both the fit of one problem and di_fit_pair_resid,
 * which interleaves two: each sum is a chain of dependent additions whose
 * latency, not arithmetic, sets the pace, and two problems' chains run
 * side by side. Each accumulates into a local struct of its caller's,
 * which the compiler keeps in registers. */
static inline void gram_row(gram2 *g, const double *X, const double *y, size_t i, size_t k)
{
	double x0 = X[i * k], x1 = k == 2 ? X[i * k + 1] : 0;
	g->a += x0 * x0;
	g->b += x0 * x1;
	g->c += x1 * x1;
	g->ysum += y[i];
	g->const1 &= x0 == 1.0;
}

static void gram_of(const double *X, const double *y, size_t n, size_t k, gram2 *g)
{
	gram2 t = GRAM2_START;
	for (size_t i = 0; i < n; i++)
		gram_row(&t, X, y, i, k);
	*g = t;
}

/* Whether the test smin < DI_SINGULAR_RATIO smax (singular values of X)
 * certainly fails, decided from X'X without a decomposition, for one or
 * two columns (the mean and market models; the placebo trials fit them
 * thousands of times). With X'X = [a b; b c], smin^2 smax^2 = ac - b^2 and
 * smax^2 <= a + c, so (smin/smax)^2 >= (ac - b^2)/(a + c)^2. The bound is
 * trusted only far above both the threshold (1e-20 squared) and the
 * rounding of ac - b^2 (about 1e-16 ac): 1e-6. Anything closer goes to
 * the SVD, so the decision is always the SVD's. g: NULL for more than
 * two columns. */
static int clearly_regular(const gram2 *g, size_t k)
{
	if (!g)
		return 0;
	if (k == 1)
		return g->a > 0 && isfinite(g->a);
	return isfinite(g->a) && isfinite(g->c) && g->a + g->c > 0 &&
	       (g->a * g->c - g->b * g->b) / ((g->a + g->c) * (g->a + g->c)) > 1e-6;
}

/* 0, or 1 when X (n x k) is singular: its smallest singular value below
 * DI_SINGULAR_RATIO times the largest (a, v, s: the workspace's views,
 * overwritten). Skipped when the Gram matrix alone proves X far from
 * singular. */
static int singular_test(const double *X, size_t n, size_t kk, const gram2 *g,
			 gsl_matrix_view *a, gsl_matrix_view *v, gsl_vector_view *s)
{
	double smax, smin;
	int rc;
	if (clearly_regular(g, kk))
		return 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < kk; j++)
			gsl_matrix_set(&a->matrix, i, j, X[i * kk + j]);
	if ((rc = svd(a, v, s)))
		return rc;
	smax = gsl_vector_max(&s->vector);
	smin = gsl_vector_min(&s->vector);
	return !(smax > 0) || smin < DI_SINGULAR_RATIO * smax;
}

void di_fit_ws_quick(di_fit_ws *ws)
{
	ws->quick = 1;
}

/* The market model's fit in closed form, on centred sums: beta =
 * Sxy / Sxx, alpha = ybar - beta xbar, (X'X)^-1 from xbar and Sxx. As
 * accurate as the SVD for a constant and one regressor (the centring
 * removes the constant's collinearity), equal to it up to the last bits.
 * The sum of x is gram's b, the sum of 1 x (the same bits). */
typedef struct centred {
	double xbar, ybar, sxx, sxy;
} centred;

static centred centred_start(const gram2 *g, size_t n)
{
	return (centred){g->b / (double)n, g->ysum / (double)n, 0, 0};
}

static inline void centred_row(centred *c, const double *X, const double *y, size_t i)
{
	double dx = X[2 * i + 1] - c->xbar;
	c->sxx += dx * dx;
	c->sxy += dx * (y[i] - c->ybar);
}

/* Whether Sxx is positive and both sums finite: else the SVD decides. */
static int simple_ok(const centred *c)
{
	return c->sxx > 0 && isfinite(c->sxx) && isfinite(c->sxy);
}

/* The closed form from the centred sums: 0, or 1, nothing set, when they
 * are not simple_ok. */
static int simple_finish(di_fit *fit, const centred *c, size_t n)
{
	if (!simple_ok(c))
		return 1;
	fit->theta[1] = c->sxy / c->sxx;
	fit->theta[0] = c->ybar - fit->theta[1] * c->xbar;
	fit->xtx_inv[0] = 1.0 / (double)n + c->xbar * c->xbar / c->sxx;
	fit->xtx_inv[1] = fit->xtx_inv[2] = -c->xbar / c->sxx;
	fit->xtx_inv[3] = 1.0 / c->sxx;
	return 0;
}

/* The closed form, or 1 (nothing set) when X's first column is not the
 * constant 1 or simple_finish refuses. */
static int fit_simple(di_fit *fit, const double *X, const double *y, size_t n, const gram2 *g)
{
	centred c = centred_start(g, n);
	if (!g->const1)
		return 1;
	for (size_t i = 0; i < n; i++)
		centred_row(&c, X, y, i);
	return simple_finish(fit, &c, n);
}

/* theta and (X'X)^-1 through the SVD of X with unit-norm columns:
 * X D = U S V' (a, v, s: the workspace's views, overwritten). */
static int fit_svd(di_fit *fit, di_fit_ws *ws, const double *X, const double *y, size_t n,
		   size_t kk, gsl_matrix_view a, gsl_matrix_view v, gsl_vector_view s)
{
	int rc;
	for (size_t j = 0; j < kk; j++) {
		double norm = 0;
		for (size_t i = 0; i < n; i++)
			norm += X[i * kk + j] * X[i * kk + j];
		gsl_vector_set(ws->scale, j, 1.0 / sqrt(norm));
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < kk; j++)
			gsl_matrix_set(&a.matrix, i, j, X[i * kk + j] * gsl_vector_get(ws->scale, j));
	if ((rc = svd(&a, &v, &s)))
		return rc;

	/* theta = D V S^-1 U' y */
	for (size_t j = 0; j < kk; j++) {
		double uy = 0;
		for (size_t i = 0; i < n; i++)
			uy += gsl_matrix_get(&a.matrix, i, j) * y[i];
		gsl_vector_set(ws->work, j, uy / gsl_vector_get(&s.vector, j));
	}
	for (size_t r = 0; r < kk; r++) {
		double t = 0;
		for (size_t j = 0; j < kk; j++)
			t += gsl_matrix_get(&v.matrix, r, j) * gsl_vector_get(ws->work, j);
		fit->theta[r] = t * gsl_vector_get(ws->scale, r);
	}
	/* (X'X)^-1 = D V S^-2 V' D */
	for (size_t r = 0; r < kk; r++)
		for (size_t c = 0; c < kk; c++) {
			double t = 0;
			for (size_t j = 0; j < kk; j++) {
				double sj = gsl_vector_get(&s.vector, j);
				t += gsl_matrix_get(&v.matrix, r, j) * gsl_matrix_get(&v.matrix, c, j) /
				     (sj * sj);
			}
			fit->xtx_inv[r * kk + c] =
				t * gsl_vector_get(ws->scale, r) * gsl_vector_get(ws->scale, c);
		}
	return 0;
}

/* The sums of the residual pass: its squares, the squares about the mean
 * of y, the residuals' own sum. */
typedef struct rsums {
	double rss, tss, esum, ybar;
	size_t n, kk;
} rsums;

/* The fit's shape set (k parameters, n rows) and the pass's sums started. */
static rsums resid_start(di_fit *fit, int k, size_t n, double ybar)
{
	fit->k = k;
	fit->n = n;
	fit->d = (int)(n - (size_t)k);
	return (rsums){0, 0, 0, ybar, n, (size_t)k};
}

/* Row i: its residual y - X theta (into resid, unless NULL) in the sums. */
static inline void resid_row(rsums *r, const di_fit *fit, const double *X, const double *y,
			     size_t i, double *resid)
{
	double e = y[i] - di_fit_predict(fit, X + i * r->kk);
	r->rss += e * e;
	r->tss += (y[i] - r->ybar) * (y[i] - r->ybar);
	r->esum += e;
	if (resid)
		resid[i] = e;
}

static void resid_finish(di_fit *fit, const rsums *r)
{
	fit->rmean = r->esum / (double)r->n;
	fit->ybar = r->ybar;
	fit->s2 = r->rss / fit->d;
	fit->r2 = fit->k >= 2 && r->tss > 0 ? 1.0 - r->rss / r->tss : NAN;
}

int di_fit_ols(di_fit *fit, di_fit_ws *ws, const double *X, const double *y, size_t n, int k)
{
	return di_fit_ols_resid(fit, ws, X, y, n, k, NULL);
}

int di_fit_ols_resid(di_fit *fit, di_fit_ws *ws, const double *X, const double *y, size_t n,
		     int k, double *resid)
{
	gsl_matrix_view a, v;
	gsl_vector_view s;
	double ybar = 0;
	int rc;
	size_t kk = (size_t)k;
	gram2 g, *gp = NULL;
	rsums r;

	if (k < 1 || k > ws->k || n > ws->nmax || n <= kk)
		return di_error_set(DI_EINTERNAL, "OLS: %zu rows for %d parameters", n, k);
	a = gsl_matrix_submatrix(ws->A, 0, 0, n, kk);
	v = gsl_matrix_submatrix(ws->V, 0, 0, kk, kk);
	s = gsl_vector_subvector(ws->S, 0, kk);
	if (kk <= 2) {
		gram_of(X, y, n, kk, &g);
		gp = &g;
	}

	/* 1. the singularity test, on X as it is (the contract's decision,
	 * whichever way the fit is then computed) */
	if ((rc = singular_test(X, n, kk, gp, &a, &v, &s)))
		return rc;

	/* 2. the fit */
	if (!(ws->quick && k == 2 && fit_simple(fit, X, y, n, gp) == 0) &&
	    (rc = fit_svd(fit, ws, X, y, n, kk, a, v, s)))
		return rc;

	if (gp) {
		ybar = gp->ysum;
	} else {
		for (size_t i = 0; i < n; i++)
			ybar += y[i];
	}
	r = resid_start(fit, k, n, ybar / (double)n);
	for (size_t i = 0; i < n; i++)
		resid_row(&r, fit, X, y, i, resid);
	resid_finish(fit, &r);
	return 0;
}

int di_fit_pair_resid(di_fit *f0, di_fit *f1, const di_fit_ws *ws, const double *X0,
		      const double *y0, const double *X1, const double *y1, size_t n,
		      double *r0, double *r1)
{
	gram2 g0 = GRAM2_START, g1 = GRAM2_START;
	centred c0, c1;
	rsums s0, s1;
	if (!ws->quick || ws->k < 2 || n <= 2 || n > ws->nmax)
		return 1;
	for (size_t i = 0; i < n; i++) {
		gram_row(&g0, X0, y0, i, 2);
		gram_row(&g1, X1, y1, i, 2);
	}
	/* di_fit_ols_resid's path for each: no SVD, the closed form */
	if (!clearly_regular(&g0, 2) || !clearly_regular(&g1, 2) || !g0.const1 || !g1.const1)
		return 1;
	c0 = centred_start(&g0, n);
	c1 = centred_start(&g1, n);
	for (size_t i = 0; i < n; i++) {
		centred_row(&c0, X0, y0, i);
		centred_row(&c1, X1, y1, i);
	}
	if (!simple_ok(&c0) || !simple_ok(&c1))
		return 1;
	simple_finish(f0, &c0, n);
	simple_finish(f1, &c1, n);
	s0 = resid_start(f0, 2, n, g0.ysum / (double)n);
	s1 = resid_start(f1, 2, n, g1.ysum / (double)n);
	for (size_t i = 0; i < n; i++) {
		resid_row(&s0, f0, X0, y0, i, r0);
		resid_row(&s1, f1, X1, y1, i, r1);
	}
	resid_finish(f0, &s0);
	resid_finish(f1, &s1);
	return 0;
}

void di_fit_madj(di_fit *fit, const double *ar, size_t n)
{
	double mean = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		mean += ar[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (ar[i] - mean) * (ar[i] - mean);
	fit->k = 0;
	fit->n = n;
	fit->d = (int)n - 1;
	fit->s2 = n > 1 ? ss / (double)(n - 1) : NAN;
	fit->r2 = NAN;
	fit->ybar = mean;
	fit->rmean = mean; /* the residuals are ar */
}

static double quad(const di_fit *fit, const double *g)
{
	double q = 0;
	size_t k = (size_t)fit->k;
	if (k == 2) /* the loops below unrolled, in their order (the same bits) */
		return di_fit_quad2(fit->xtx_inv, g[0], g[1]);
	for (size_t r = 0; r < k; r++)
		for (size_t c = 0; c < k; c++)
			q += g[r] * fit->xtx_inv[r * k + c] * g[c];
	return q;
}

double di_fit_pe_factor(const di_fit *fit, const double *x)
{
	return 1.0 + quad(fit, x);
}

double di_fit_car_var(const di_fit *fit, const double *g, size_t L)
{
	return fit->s2 * ((double)L + quad(fit, g));
}
