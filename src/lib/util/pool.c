/*
 * pool.c - the worker threads of the trials (pthreads). Tasks are handed
 * out under one mutex: a task is a whole trial (milliseconds), so the lock
 * costs nothing measurable and keeps the code obvious.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "pool.h"
#include "stats.h"

typedef struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next, done, ntasks;
	int rc;
	size_t failed_task;
	char msg[1024];
	di_task_fn fn;
} pool;

typedef struct pool_thread {
	pool *p;
	void *worker;
	pthread_t id;
} pool_thread;

static void task_finished(pool *p, size_t task, int rc)
{
	pthread_mutex_lock(&p->mu);
	if (rc && (!p->rc || task < p->failed_task)) {
		p->rc = rc;
		p->failed_task = task;
		snprintf(p->msg, sizeof(p->msg), "%s", di_error_message());
	}
	p->done++;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void *pool_main(void *arg)
{
	pool_thread *pt = arg;
	pool *p = pt->p;
	for (;;) {
		size_t task;
		int stop;
		pthread_mutex_lock(&p->mu);
		stop = p->rc || p->next >= p->ntasks;
		task = p->next;
		if (!stop)
			p->next++;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			break;
		task_finished(p, task, p->fn(pt->worker, task));
	}
	di_stats_pvalues(1); /* a task may have turned them off (placebo trials) */
	return NULL;
}

/* Wait for the tasks, reporting progress about once a second. */
static void wait_progress(pool *p, di_progress_fn progress, void *payload)
{
	pthread_mutex_lock(&p->mu);
	while (p->done < p->ntasks && !p->rc) {
		struct timespec ts;
		size_t done;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&p->cv, &p->mu, &ts);
		done = p->done;
		pthread_mutex_unlock(&p->mu);
		progress(done, p->ntasks, payload);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
}

size_t di_pool_workers(long jobs, size_t ntasks)
{
	size_t nw = jobs > 0 ? (size_t)jobs : 1;
	if (nw > ntasks)
		nw = ntasks ? ntasks : 1;
	return nw > DI_POOL_MAX_THREADS ? DI_POOL_MAX_THREADS : nw;
}

int di_pool_run(size_t ntasks, size_t nworkers, void *workers, size_t worker_size,
		di_task_fn fn, di_progress_fn progress, void *payload)
{
	pool p = {.ntasks = ntasks, .fn = fn};
	pool_thread *th;
	size_t started = 0;
	if (!nworkers)
		nworkers = 1;
	th = di_calloc(nworkers, sizeof(*th));
	if (!th)
		return di_error_oom();
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (size_t i = 0; i < nworkers; i++) {
		th[i].p = &p;
		th[i].worker = (char *)workers + i * worker_size;
	}
	for (; started < nworkers; started++)
		if (pthread_create(&th[started].id, NULL, pool_main, &th[started]))
			break; /* fewer threads: the tasks still all run */
	if (!started) {
		pool_main(&th[0]); /* no thread at all: run them here */
	} else if (progress) {
		wait_progress(&p, progress, payload);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i].id, NULL);
	if (progress && !p.rc)
		progress(p.done, ntasks, payload);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	di_free(th);
	if (p.rc == DI_ENOMEM)
		return di_error_oom();
	if (p.rc)
		return di_error_set(p.rc, "%s", p.msg);
	return 0;
}
