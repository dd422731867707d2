/*
 * glossary.c - the words of the summaries, explained once. Each entry is
 * one line; the term column is as wide as the longest term.
 */
#include <string.h>

#include "glossary.h"
#include "textfmt.h"

typedef struct entry {
	const char *term, *text;
} entry;

static const entry run_terms[] = {
	{"return", "the security's daily return (close to close on its own trading calendar)"},
	{"market", "the market index's return on the same day"},
	{"normal", "the return the model expects from the market (alpha + beta x market)"},
	{"AR", "abnormal return: return - normal; \"abnormal\" in the day-0 tables"},
	{"SAR", "standardized AR: AR / (its estimation-period sd, widened for prediction error)"},
	{"CAR[a,b]", "cumulative abnormal return: the sum of the ARs from day a to day b"},
	{"CAAR", "cumulative average abnormal return: the mean CAR of the securities"},
	{"AAR", "average abnormal return of one day"},
	{"SCAR", "standardized CAR: CAR / its sd; a security's own test is SCAR against t(d)"},
	{"BHAR", "buy-and-hold abnormal return: the compounded return minus the compounded normal return"},
	{"t(d)", "Student's t distribution with d degrees of freedom (d: estimation returns - model parameters)"},
	{"df", "degrees of freedom of a t test; empty for a test against the normal distribution"},
	{"alpha*L", "the model's daily intercept alpha times the window's L days: drift that the normal return carries"},
	{"rbar", "mean correlation of the securities' estimation-period abnormal returns"},
	{"nominal p", "two-sided p-value from the test's reference distribution"},
	{"placebo p", "share of placebo dates (same securities, dates without news) with a statistic as extreme"},
	{"Holm", "the headline p adjusted for testing several events (Holm 1979)"},
	{"*", "significant at 5% (on the placebo p where there is one)"},
	{"csect_t", "cross-sectional t: mean CAR over its cross-sectional standard error"},
	{"bw_cda_t", "Brown-Warner crude dependence adjustment: CAAR over the sd of the daily mean AR in estimation"},
	{"patell_z", "Patell: sum of the SARs (SCARs) scaled to N(0,1)"},
	{"patell_kp_z", "patell_z corrected for cross-correlation (Kolari-Pynnonen, with rbar)"},
	{"bmp_t", "Boehmer-Musumeci-Poulsen: t of the mean SCAR, robust to event-induced variance"},
	{"bmp_kp_t", "bmp_t corrected for cross-correlation (Kolari-Pynnonen, with rbar)"},
	{"corrado_rank_z", "Corrado rank test: ranks of the ARs against the estimation period"},
	{"sign_z", "sign test: share of positive CARs against one half (exact binomial p for N <= 50)"},
	{"gen_sign_z", "generalized sign test: share of positive CARs against the estimation share (Cowan)"},
	{"wilcoxon_z", "Wilcoxon signed-rank test of the CARs (exact p for n <= 20)"},
	{"portfolio_t", "t of the equal-weight portfolio's standardized CAR (robust to a shared day 0)"},
	{"grank_t", "generalized rank test of the SCARs (Kolari-Pynnonen 2011)"},
	{"gsign_z", "generalized sign test of the SCARs' ranks (Luoma 2011)"},
	{"skew_adj_t", "skewness-adjusted t of the CARs (Hall; Lyon-Barber-Tsai)"},
	{"bhar_skew_adj_t", "skewness-adjusted t of the BHARs"},
	{"dcaar_t", "treated CAAR minus the controls' over the sd of the daily treated-minus-control residual"},
};

static const entry moves_terms[] = {
	{"reported", "the move the report states"},
	{"expected", "the move the model expects from the benchmark's reported move"},
	{"abnormal", "reported - expected: the stock's own part"},
	{"beta", "the stock's market-model slope on the benchmark's history"},
	{"sigma", "daily sd of the stock's residuals in the estimation period"},
	{"f", "session fraction: the share of the trading session the move covers"},
	{"z", "abnormal / (sigma sqrt(f)), against N(0,1)"},
	{"p-value", "two-sided p of z; * below 5%"},
	{"close", "the close-to-close move on the report date, from the prices"},
	{"range", "whether the reported move fits within the day's Low-High range"},
	{"basket_z", "the basket's mean abnormal over the sd of the daily mean residual (S_b)"},
	{"csect_t", "cross-sectional t of the basket's abnormal moves (ignores their common shock)"},
	{"bhar", "buy-and-hold return of the stock minus the benchmark's over the claim's span"},
};

static void write_terms(FILE *f, const entry *e, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (di_txt_width(e[i].term) > w)
			w = di_txt_width(e[i].term);
	for (size_t i = 0; i < n; i++) {
		fputs("  ", f);
		di_txt_pad(f, e[i].term, w + 2);
		fprintf(f, "%s\n", e[i].text);
	}
}

void di_glossary_write(FILE *f, int which)
{
	fprintf(f, "\n== Glossary\n");
	if (which == DI_GLOSSARY_MOVES)
		write_terms(f, moves_terms, sizeof(moves_terms) / sizeof(moves_terms[0]));
	else
		write_terms(f, run_terms, sizeof(run_terms) / sizeof(run_terms[0]));
}
