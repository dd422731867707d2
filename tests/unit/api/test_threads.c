/*
 * test_threads.c - the library holds no process-wide state: every shipped
 * study runs at the same time as the others, one thread each, and each
 * writes its golden report byte for byte. Each study's warnings reach its
 * own handler, on the thread that runs it.
 *
 * scripts/test also runs this test built with ThreadSanitizer (DI_TSAN),
 * which reports any unsynchronised access between the studies or inside
 * their worker pools. The 1000 placebo dates of the golden reports cost
 * minutes there, so that run sets DI_THREADS_PLACEBO=N: the run studies
 * take N placebo dates, and the reports made at once must equal the same
 * studies' reports made one after the other.
 *
 * The threads use no cmocka assertion (cmocka is not thread-safe): each
 * records what went wrong, and the main thread fails the test.
 */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "defimpact/defimpact.h"

#define MAX_STUDIES 8

typedef struct job {
	char name[128];
	char ini[1024];
	char out[1024];
	di_command cmd;
	pthread_t thread;   /* set by pthread_create, read by the main thread */
	pthread_t self;     /* set by the study's own thread */
	long warnings;      /* messages received by this study's handler */
	int foreign;        /* messages received on another thread */
	char failed[1024];  /* empty when the study ran and wrote its report */
} job;

static const char *placebo; /* DI_THREADS_PLACEBO, or NULL: the study's */

/* "a/b" into buf; a path too long fails the test (main thread only). */
static void join(char *buf, size_t size, const char *a, const char *b)
{
	int n = snprintf(buf, size, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= size)
		fail_msg("path too long: %s/%s", a, b);
}

static void on_warning(const char *message, void *payload)
{
	job *j = payload;
	(void)message;
	j->warnings++;
	if (!pthread_equal(pthread_self(), j->self))
		j->foreign++;
}

static int set_failed(job *j, const char *what)
{
	snprintf(j->failed, sizeof(j->failed), "%s: %s: %s", j->name, what,
		 di_error_message());
	return -1;
}

static int run_or_moves(job *j, const di_study *s)
{
	if (j->cmd == DI_CMD_MOVES) {
		di_moves *m = NULL;
		int rc = di_moves_new(&m, s) || di_moves_write(m, j->out);
		di_moves_free(m);
		return rc;
	} else {
		di_run *r = NULL;
		int rc = di_run_new(&r, s) || di_run_write(r, j->out);
		di_run_free(r);
		return rc;
	}
}

static void *run_job(void *arg)
{
	job *j = arg;
	di_study *s = NULL;
	j->self = pthread_self();
	if (di_study_new(&s, j->cmd))
		set_failed(j, "study");
	else if (di_study_load_ini(s, j->ini) || di_study_set(s, "out", j->out) ||
		 (j->cmd == DI_CMD_RUN && di_study_set(s, "jobs", "2")) ||
		 (j->cmd == DI_CMD_RUN && placebo && di_study_set(s, "placebo", placebo)))
		set_failed(j, "settings");
	else if (di_study_finish(s))
		set_failed(j, "finish");
	else {
		di_study_set_warning_handler(s, on_warning, j);
		if (run_or_moves(j, s))
			set_failed(j, "run");
	}
	di_study_free(s);
	return NULL;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) && fread(buf, 1, (size_t)len, f) == (size_t)len)
		*n = (size_t)len;
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Every file of the folder want, byte for byte, and no other file. */
static void same_files(const job *j, const char *want)
{
	char a[1400], b[1400];
	size_t nwant = 0, nout = 0;
	struct dirent *e;
	DIR *d;
	assert_non_null(d = opendir(want));
	while ((e = readdir(d))) {
		size_t na = 0, nb = 0;
		char *x, *y;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		nwant++;
		join(a, sizeof(a), want, e->d_name);
		join(b, sizeof(b), j->out, e->d_name);
		x = slurp(a, &na);
		y = slurp(b, &nb);
		if (!x || !y || na != nb || memcmp(x, y, na))
			fail_msg("%s: %s differs from %s", j->name, e->d_name, a);
		free(x);
		free(y);
	}
	closedir(d);
	assert_non_null(d = opendir(j->out));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			nout++;
	closedir(d);
	assert_int_equal(nout, nwant);
}

/* The shipped studies: datasets/NAME.ini, a run study when it has a
 * [study] section, else a moves study (as tests/e2e/golden.sh reads them). */
static size_t find_studies(job *jobs, const char *outdir)
{
	char path[512], line[256];
	size_t n = 0;
	struct dirent *e;
	DIR *d;
	/* the summary names the study file as given: relative, as golden.sh
	 * runs it from the project folder */
	assert_int_equal(chdir(DI_SOURCE_DIR), 0);
	snprintf(path, sizeof(path), "datasets");
	assert_non_null(d = opendir(path));
	while ((e = readdir(d)) && n < MAX_STUDIES) {
		size_t len = strlen(e->d_name);
		job *j = &jobs[n];
		FILE *f;
		if (len < 5 || strcmp(e->d_name + len - 4, ".ini") || len - 4 >= sizeof(j->name))
			continue;
		memcpy(j->name, e->d_name, len - 4);
		join(j->ini, sizeof(j->ini), path, e->d_name);
		join(j->out, sizeof(j->out), outdir, j->name);
		j->cmd = DI_CMD_MOVES;
		assert_non_null(f = fopen(j->ini, "r"));
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "[study]", 7))
				j->cmd = DI_CMD_RUN;
		fclose(f);
		n++;
	}
	closedir(d);
	return n;
}

static void check_job(const job *j)
{
	if (j->failed[0])
		fail_msg("%s", j->failed);
	assert_int_equal(j->foreign, 0);
	/* every shipped study warns (exclusions, gaps, overlaps) */
	assert_true(j->warnings > 0);
}

/* The shipped studies one after the other into tmp/seq: the reference
 * for the reports made at once when the placebo dates are not the
 * study's own. */
static void one_by_one(const char *tmp)
{
	static job seq[MAX_STUDIES];
	char dir[64];
	size_t n;
	join(dir, sizeof(dir), tmp, "seq");
	n = find_studies(seq, dir);
	for (size_t i = 0; i < n; i++) {
		run_job(&seq[i]);
		check_job(&seq[i]);
	}
}

static void studies_at_once(void **state)
{
	static job jobs[MAX_STUDIES];
	char tmp[] = "/tmp/di-threads-XXXXXX", dir[64], want[1024], cmd[128];
	size_t n, nrun = 0;
	(void)state;
	assert_non_null(mkdtemp(tmp));
	join(dir, sizeof(dir), tmp, "par");
	n = find_studies(jobs, dir);
	join(dir, sizeof(dir), tmp, "seq");
	for (size_t i = 0; i < n; i++)
		nrun += jobs[i].cmd == DI_CMD_RUN;
	assert_true(nrun >= 2); /* two studies at once, at least */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pthread_create(&jobs[i].thread, NULL, run_job, &jobs[i]), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pthread_join(jobs[i].thread, NULL), 0);
	/* the reference after, not before: a first use of the library on
	 * this thread would order any lazy set-up before the threads and hide
	 * its races from ThreadSanitizer */
	if (placebo)
		one_by_one(tmp);
	for (size_t i = 0; i < n; i++) {
		check_job(&jobs[i]);
		join(want, sizeof(want), placebo ? dir : "reports", jobs[i].name);
		same_files(&jobs[i], want);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(studies_at_once),
	};
	placebo = getenv("DI_THREADS_PLACEBO");
	di_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
