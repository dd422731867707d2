/*
 * test_model.c - OLS against NIST StRD certified values (Norris: simple
 * regression; Longley: 6 ill-conditioned regressors), the singular-design
 * rule, the market-adjusted variance, and the prediction-error algebra
 * against the closed forms of the market model (methodology).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>

#include "model.h"
#include "stats.h"

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_))) \
			fail_msg("%s = %.17g, want %.17g (rel %.3g)", #got, g_, w_, \
				 fabs(g_ - w_) / fabs(w_)); \
	} while (0)

static const double norris[36][2] = { /* y, x */
	{0.1, 0.2}, {338.8, 337.4}, {118.1, 118.2}, {888.0, 884.6}, {9.2, 10.1},
	{228.1, 226.5}, {668.5, 666.3}, {998.5, 996.3}, {449.1, 448.6}, {778.9, 777.0},
	{559.2, 558.2}, {0.3, 0.4}, {0.1, 0.6}, {778.1, 775.5}, {668.8, 666.9},
	{339.3, 338.0}, {448.9, 447.5}, {10.8, 11.6}, {557.7, 556.0}, {228.3, 228.1},
	{998.0, 995.8}, {888.8, 887.6}, {119.6, 120.2}, {0.3, 0.3}, {0.6, 0.3},
	{557.6, 556.8}, {339.3, 339.1}, {888.0, 887.2}, {998.5, 999.0}, {778.9, 779.0},
	{10.2, 11.1}, {117.6, 118.3}, {228.9, 229.2}, {668.4, 669.1}, {449.2, 448.9},
	{0.2, 0.5}};

static void nist_norris(void **state)
{
	double X[72], y[36];
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	di_fit_ws *ws;
	(void)state;
	for (int i = 0; i < 36; i++) {
		y[i] = norris[i][0];
		X[2 * i] = 1;
		X[2 * i + 1] = norris[i][1];
	}
	assert_int_equal(di_fit_ws_new(&ws, 36, 2), 0);
	assert_int_equal(di_fit_ols(&fit, ws, X, y, 36, 2), 0);
	assert_rel(fit.theta[0], -0.262323073774029, 1e-10);
	assert_rel(fit.theta[1], 1.00211681802045, 1e-12);
	assert_rel(sqrt(fit.s2), 0.884796396144373, 1e-10);
	assert_rel(fit.r2, 0.999993745883712, 1e-12);
	assert_int_equal(fit.d, 34);
	/* certified standard errors: s^2 (X'X)^-1 on the diagonal */
	assert_rel(sqrt(fit.s2 * fit.xtx_inv[0]), 0.232818234301152, 1e-9);
	assert_rel(sqrt(fit.s2 * fit.xtx_inv[3]), 0.429796848199937E-03, 1e-9);
	di_fit_ws_free(ws);
}

static const double longley[16][7] = { /* y, x1..x6 */
	{60323, 83.0, 234289, 2356, 1590, 107608, 1947},
	{61122, 88.5, 259426, 2325, 1456, 108632, 1948},
	{60171, 88.2, 258054, 3682, 1616, 109773, 1949},
	{61187, 89.5, 284599, 3351, 1650, 110929, 1950},
	{63221, 96.2, 328975, 2099, 3099, 112075, 1951},
	{63639, 98.1, 346999, 1932, 3594, 113270, 1952},
	{64989, 99.0, 365385, 1870, 3547, 115094, 1953},
	{63761, 100.0, 363112, 3578, 3350, 116219, 1954},
	{66019, 101.2, 397469, 2904, 3048, 117388, 1955},
	{67857, 104.6, 419180, 2822, 2857, 118734, 1956},
	{68169, 108.4, 442769, 2936, 2798, 120445, 1957},
	{66513, 110.8, 444546, 4681, 2637, 121950, 1958},
	{68655, 112.6, 482704, 3813, 2552, 123366, 1959},
	{69564, 114.2, 502601, 3931, 2514, 125368, 1960},
	{69331, 115.7, 518173, 4806, 2572, 127852, 1961},
	{70551, 116.9, 554894, 4007, 2827, 130081, 1962}};

static void nist_longley(void **state)
{
	static const double cert[7] = {-3482258.63459582, 15.0618722713733,
				       -0.358191792925910E-01, -2.02022980381683,
				       -1.03322686717359, -0.511041056535807E-01,
				       1829.15146461355};
	static const double cert_sd[7] = {890420.383607373, 84.9149257747669,
					  0.334910077722432E-01, 0.488399681651699,
					  0.214274163161675, 0.226073200069370,
					  455.478499142212};
	double X[16 * 7], y[16];
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	di_fit_ws *ws;
	(void)state;
	for (int i = 0; i < 16; i++) {
		y[i] = longley[i][0];
		X[7 * i] = 1;
		for (int j = 1; j < 7; j++)
			X[7 * i + j] = longley[i][j];
	}
	assert_int_equal(di_fit_ws_new(&ws, 16, 7), 0);
	assert_int_equal(di_fit_ols(&fit, ws, X, y, 16, 7), 0);
	for (int j = 0; j < 7; j++) {
		assert_rel(fit.theta[j], cert[j], 1e-8);
		assert_rel(sqrt(fit.s2 * fit.xtx_inv[j * 7 + j]), cert_sd[j], 1e-8);
	}
	assert_rel(sqrt(fit.s2), 304.854073561965, 1e-9);
	assert_rel(fit.r2, 0.995479004577296, 1e-10);
	assert_int_equal(fit.d, 9);
	di_fit_ws_free(ws);
}

/* A constant market series, and a factor equal to the market: singular. */
static void singular_designs(void **state)
{
	double X[30 * 3], y[30];
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	di_fit_ws *ws;
	(void)state;
	assert_int_equal(di_fit_ws_new(&ws, 30, 3), 0);
	for (int i = 0; i < 30; i++) {
		y[i] = 0.001 * ((i * 7919) % 13) - 0.006;
		X[2 * i] = 1;
		X[2 * i + 1] = 0.0123;
	}
	assert_int_equal(di_fit_ols(&fit, ws, X, y, 30, 2), 1);
	for (int i = 0; i < 30; i++) {
		double m = 0.002 * ((i * 104729) % 17) - 0.016;
		X[3 * i] = 1;
		X[3 * i + 1] = m;
		X[3 * i + 2] = m;
	}
	assert_int_equal(di_fit_ols(&fit, ws, X, y, 30, 3), 1);
	di_fit_ws_free(ws);
}

/* The market model's closed forms (methodology): C_t = 1 + 1/L1 +
 * (Rm_t - mean)^2 / Sxx, Var(CAR) = s^2 [L + L^2/L1 + (sum_w (Rm - mean))^2
 * / Sxx], computed here by hand and compared with the matrix algebra. */
static void market_model_closed_forms(void **state)
{
	enum { L1 = 40 };
	double X[2 * L1], y[L1], mean = 0, sxx = 0, sxy = 0, ybar = 0, beta, alpha, rss = 0;
	double xt[2], g[2] = {0, 0}, dev = 0;
	static const double rm_w[3] = {-0.021, 0.004, 0.013};
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	di_fit_ws *ws;
	(void)state;
	for (int i = 0; i < L1; i++) {
		double m = 0.01 * sin(0.7 * i + 0.3), e = 0.004 * cos(1.3 * i * i + 0.1);
		X[2 * i] = 1;
		X[2 * i + 1] = m;
		y[i] = 0.0005 + 1.3 * m + e;
		mean += m;
		ybar += y[i];
	}
	mean /= L1;
	ybar /= L1;
	for (int i = 0; i < L1; i++) {
		sxx += (X[2 * i + 1] - mean) * (X[2 * i + 1] - mean);
		sxy += (X[2 * i + 1] - mean) * (y[i] - ybar);
	}
	beta = sxy / sxx;
	alpha = ybar - beta * mean;
	for (int i = 0; i < L1; i++) {
		double e = y[i] - alpha - beta * X[2 * i + 1];
		rss += e * e;
	}
	assert_int_equal(di_fit_ws_new(&ws, L1, 2), 0);
	assert_int_equal(di_fit_ols(&fit, ws, X, y, L1, 2), 0);
	assert_rel(fit.theta[0], alpha, 1e-11);
	assert_rel(fit.theta[1], beta, 1e-12);
	assert_rel(fit.s2, rss / (L1 - 2), 1e-11);
	xt[0] = 1;
	xt[1] = rm_w[0];
	assert_rel(di_fit_pe_factor(&fit, xt),
		   1 + 1.0 / L1 + (rm_w[0] - mean) * (rm_w[0] - mean) / sxx, 1e-12);
	for (int t = 0; t < 3; t++) {
		g[0] += 1;
		g[1] += rm_w[t];
		dev += rm_w[t] - mean;
	}
	assert_rel(di_fit_car_var(&fit, g, 3),
		   fit.s2 * (3 + 9.0 / L1 + dev * dev / sxx), 1e-11);
	di_fit_ws_free(ws);
}

/* Constant mean: x = 1, C = 1 + 1/L1, s^2 the sample variance. */
static void mean_model(void **state)
{
	double X[5] = {1, 1, 1, 1, 1}, y[5] = {0.01, -0.02, 0.03, 0.005, -0.001};
	double x1 = 1, g = 4;
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	di_fit_ws *ws;
	(void)state;
	/* mean 0.0048; deviations .0052 -.0248 .0252 .0002 -.0058;
	 * squares 2.704e-5 6.1504e-4 6.3504e-4 4e-8 3.364e-5: sum 0.0013108, / 4 = 0.0003277 */
	assert_int_equal(di_fit_ws_new(&ws, 5, 1), 0);
	assert_int_equal(di_fit_ols(&fit, ws, X, y, 5, 1), 0);
	assert_rel(fit.theta[0], 0.0048, 1e-13);
	assert_rel(fit.s2, 0.0003277, 1e-12);
	assert_int_equal(fit.d, 4);
	assert_rel(di_fit_pe_factor(&fit, &x1), 1.2, 1e-14);
	/* Var(CAR) over L = 4: s^2 (4 + 16/5) */
	assert_rel(di_fit_car_var(&fit, &g, 4), 0.0003277 * 7.2, 1e-12);
	di_fit_ws_free(ws);
}

static void market_adjusted(void **state)
{
	double ar[4] = {0.01, -0.01, 0.02, 0.0};
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	(void)state;
	/* mean 0.005; squares .000025 .000225 .000225 .000025 = .0005 / 3 */
	di_fit_madj(&fit, ar, 4);
	assert_rel(fit.s2, 0.0005 / 3, 1e-13);
	assert_int_equal(fit.d, 3);
	assert_int_equal(fit.k, 0);
}

/* di_fit_ols_resid's residuals are y - X theta bit for bit, and the
 * fit's rmean is di_mean of them bit for bit (rbar centres with it), in
 * the closed form (quick), the SVD, the mean model and market-adjusted. */
static void check_resid(const double *X, const double *y, size_t n, int k, int quick)
{
	double xtx[DI_MAX_K * DI_MAX_K], resid[64], m;
	di_fit fit = {.xtx_inv = xtx};
	di_fit_ws *ws;
	assert_int_equal(di_fit_ws_new(&ws, n, k), 0);
	if (quick)
		di_fit_ws_quick(ws);
	assert_int_equal(di_fit_ols_resid(&fit, ws, X, y, n, k, resid), 0);
	for (size_t i = 0; i < n; i++) {
		double e = y[i] - di_fit_predict(&fit, X + i * (size_t)k);
		assert_memory_equal(&resid[i], &e, sizeof(double));
	}
	m = di_mean(resid, n);
	assert_memory_equal(&fit.rmean, &m, sizeof(double));
	assert_true(fit.rmean != 0); /* rounding leaves a mean, which rbar uses */
	di_fit_ws_free(ws);
}

static void residuals_and_their_mean(void **state)
{
	enum { L1 = 60 };
	double X[2 * L1], X1[L1], y[L1], xtx[DI_MAX_K * DI_MAX_K], m;
	di_fit fit = {.xtx_inv = xtx};
	(void)state;
	for (int i = 0; i < L1; i++) {
		X[2 * i] = X1[i] = 1;
		X[2 * i + 1] = 0.01 * sin(0.9 * i + 0.2);
		y[i] = 0.0003 + 0.8 * X[2 * i + 1] + 0.005 * cos(1.7 * i * i + 0.4);
	}
	check_resid(X, y, L1, 2, 1);
	check_resid(X, y, L1, 2, 0);
	check_resid(X1, y, L1, 1, 0);
	di_fit_madj(&fit, y, L1);
	m = di_mean(y, L1);
	assert_memory_equal(&fit.rmean, &m, sizeof(double));
}

/* Every field of two fits, and n residuals, the same bits. */
static void assert_same_fit(const di_fit *a, const di_fit *b, const double *ra,
			    const double *rb, size_t n)
{
	assert_int_equal(a->k, b->k);
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->d, b->d);
	assert_memory_equal(a->theta, b->theta, 2 * sizeof(double));
	assert_memory_equal(a->xtx_inv, b->xtx_inv, 4 * sizeof(double));
	assert_memory_equal(&a->s2, &b->s2, sizeof(double));
	assert_memory_equal(&a->r2, &b->r2, sizeof(double));
	assert_memory_equal(&a->ybar, &b->ybar, sizeof(double));
	assert_memory_equal(&a->rmean, &b->rmean, sizeof(double));
	assert_memory_equal(ra, rb, n * sizeof(double));
}

/* di_fit_pair_resid fits two market models as di_fit_ols_resid fits each,
 * bit for bit; a pair either of which is not for the closed form (a
 * first column that is not the constant, a constant regressor, a slow
 * workspace) is left to di_fit_ols_resid, nothing set. */
static void fits_in_pairs(void **state)
{
	enum { L1 = 250 };
	double X0[2 * L1], X1[2 * L1], y0[L1], y1[L1], r0[L1], r1[L1], s0[L1], s1[L1];
	double xa[4], xb[4], xc[4], xd[4];
	di_fit a = {.xtx_inv = xa}, b = {.xtx_inv = xb}, c = {.xtx_inv = xc},
	       d = {.xtx_inv = xd};
	di_fit_ws *ws, *slow;
	(void)state;
	assert_int_equal(di_fit_ws_new(&ws, L1, 2), 0);
	assert_int_equal(di_fit_ws_new(&slow, L1, 2), 0);
	di_fit_ws_quick(ws);
	for (int i = 0; i < L1; i++) {
		X0[2 * i] = X1[2 * i] = 1;
		X0[2 * i + 1] = 0.01 * sin(0.9 * i + 0.2);
		X1[2 * i + 1] = 0.012 * cos(0.37 * i + 1.1);
		y0[i] = 0.0003 + 0.8 * X0[2 * i + 1] + 0.005 * cos(1.7 * i * i + 0.4);
		y1[i] = -0.0001 + 1.3 * X1[2 * i + 1] + 0.009 * sin(2.3 * i * i + 0.1);
	}
	for (size_t n = 3; n <= L1; n += 247 - 3) {
		assert_int_equal(di_fit_pair_resid(&a, &b, ws, X0, y0, X1, y1, n, r0, r1), 0);
		assert_int_equal(di_fit_ols_resid(&c, ws, X0, y0, n, 2, s0), 0);
		assert_int_equal(di_fit_ols_resid(&d, ws, X1, y1, n, 2, s1), 0);
		assert_same_fit(&a, &c, r0, s0, n);
		assert_same_fit(&b, &d, r1, s1, n);
	}
	/* not the closed form's: nothing set */
	a.k = b.k = -1;
	assert_int_equal(di_fit_pair_resid(&a, &b, slow, X0, y0, X1, y1, L1, r0, r1), 1);
	X1[2 * 7] = 2; /* the first column is not the constant */
	assert_int_equal(di_fit_pair_resid(&a, &b, ws, X0, y0, X1, y1, L1, r0, r1), 1);
	X1[2 * 7] = 1;
	for (int i = 0; i < L1; i++)
		X0[2 * i + 1] = 0.01; /* a constant regressor: singular */
	assert_int_equal(di_fit_pair_resid(&a, &b, ws, X0, y0, X1, y1, L1, r0, r1), 1);
	assert_int_equal(a.k, -1);
	assert_int_equal(b.k, -1);
	di_fit_ws_free(ws);
	di_fit_ws_free(slow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nist_norris),
		cmocka_unit_test(nist_longley),
		cmocka_unit_test(singular_designs),
		cmocka_unit_test(market_model_closed_forms),
		cmocka_unit_test(mean_model),
		cmocka_unit_test(market_adjusted),
		cmocka_unit_test(residuals_and_their_mean),
		cmocka_unit_test(fits_in_pairs),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
