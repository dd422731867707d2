/* in_memory.c - an event study on prices built in memory; prints one CAR. */
#include <math.h>
#include <stdio.h>
#include <defimpact/defimpact.h>
#define TRY(call) if (!rc && (rc = (call))) fprintf(stderr, "in_memory: %s\n", di_error_message())
int main(void) {
	static char day[300][11]; const char *dates[300]; double mkt[300], stk[300]; int rc = 0;
	for (int i = 0; i < 300; i++) { snprintf(day[i], 11, "2023-%02d-%02d", 1 + i / 28, 1 + i % 28); /* 28-day months */
		dates[i] = day[i]; mkt[i] = 100 + sin(i); stk[i] = 50 + 0.6 * sin(i) + 0.2 * cos(i / 3.) + 2 * (i >= 280); }
	const char *col[] = {"id", "date", "label"}, *val[] = {"jump", day[280], "a 4% jump"};
	di_prices *p = NULL; di_events *e = NULL; di_study *s = NULL; di_run *r = NULL; di_table *t = NULL;
	TRY(di_prices_new(&p)); TRY(di_prices_add_series(p, "MKT", dates, mkt, 300)); TRY(di_prices_add_series(p, "STK", dates, stk, 300));
	TRY(di_events_new(&e)); TRY(di_events_add(e, col, val, 3)); TRY(di_study_new(&s, DI_CMD_RUN)); TRY(di_study_set(s, "market", "MKT"));
	TRY(di_study_use_prices(s, p)); TRY(di_study_use_events(s, e)); TRY(di_study_finish(s)); TRY(di_run_new(&r, s)); TRY(di_run_table(r, "car", &t));
	if (!rc) printf("CAR(0,0) of STK at jump: %.6f\n", di_table_number(t, 0, di_table_find_column(t, "car")));
	di_table_free(t); di_run_free(r); di_study_free(s); di_events_free(e); di_prices_free(p); return rc ? 1 : 0; }
