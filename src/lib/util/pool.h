/*
 * pool.h - a fixed pool of worker threads over numbered tasks (placebo
 * and simulate trials). Each thread owns one worker struct (its buffers),
 * takes the next task number and runs it; results go into per-task or
 * per-worker slots that the caller combines in task order, so nothing
 * depends on how many threads ran or which one ran a task.
 */
#ifndef DI_POOL_H
#define DI_POOL_H

#include <stddef.h>

/* More threads than this only cost memory (each has a copy of the
 * trial's security-events): --jobs above it runs this many. */
#define DI_POOL_MAX_THREADS 64

/* How many workers to run ntasks with when --jobs asks for jobs: never
 * more than there are tasks (at least one) or DI_POOL_MAX_THREADS. */
size_t di_pool_workers(long jobs, size_t ntasks);

/* Run one task with this thread's worker. 0, or a negative di_code (the
 * thread's last error message is kept). */
typedef int (*di_task_fn)(void *worker, size_t task);
/* Called by the calling thread about once a second while tasks run, and
 * once at the end: tasks done so far, and the total. */
typedef void (*di_progress_fn)(size_t done, size_t total, void *payload);

/* Run tasks 0 .. ntasks-1 on nworkers threads, worker i using the struct
 * at workers + i * worker_size. Warnings are muted in the workers. On a
 * failure no new task starts; the error of the lowest failing task is
 * returned and set as the last error. progress may be NULL. */
int di_pool_run(size_t ntasks, size_t nworkers, void *workers, size_t worker_size,
		di_task_fn fn, di_progress_fn progress, void *payload);

#endif
