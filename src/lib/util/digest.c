/*
 * digest.c - SHA-256 with nettle (sha256_init/update/digest), never our
 * own: a hash is exactly the kind of code one does not rewrite. Files are
 * streamed in 16 KiB chunks, so a large price file costs no memory.
 *
 * di_digests hashes a list of files in order on one thread; a reader
 * waits (mutex and condition) until the file it asks for is done, so the
 * run, its writers and a host's threads may all ask at once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "alloc.h"
#include "digest.h"
#include "error.h"

#define CHUNK 16384 /* on the stack: no static buffer, so thread-safe */

static void to_hex(const uint8_t *d, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * n] = '\0';
}

void di_sha256_hex(const void *data, size_t n, char hex[DI_SHA256_HEXSZ])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, n, data);
	sha256_digest(&ctx, sizeof(d), d);
	to_hex(d, sizeof(d), hex);
}

/* di_sha256_file, given up (1, nothing set) between two chunks once *stop
 * is set. */
static int sha256_file_until(const char *path, char hex[DI_SHA256_HEXSZ],
			     unsigned long long *size, const atomic_int *stop)
{
	unsigned char buf[CHUNK];
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	unsigned long long total = 0;
	FILE *f = fopen(path, "rb");
	size_t n;
	int bad;
	if (!f)
		return di_error_set(DI_EIO, "cannot read %s: %s", path, DI_STRERROR(errno));
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (stop && atomic_load_explicit(stop, memory_order_relaxed)) {
			fclose(f);
			return 1;
		}
		sha256_update(&ctx, n, buf);
		total += n;
	}
	bad = ferror(f);
	fclose(f);
	if (bad)
		return di_error_set(DI_EIO, "cannot read %s: %s", path, DI_STRERROR(EIO));
	sha256_digest(&ctx, sizeof(d), d);
	to_hex(d, sizeof(d), hex);
	*size = total;
	return 0;
}

int di_sha256_file(const char *path, char hex[DI_SHA256_HEXSZ], unsigned long long *size)
{
	return sha256_file_until(path, hex, size, NULL);
}

/* --- the digests of a list of files -------------------------------------- */

struct di_digests {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char **path;
	char (*hex)[DI_SHA256_HEXSZ];
	unsigned long long *size;
	int *rc;      /* per file: 0; DI_EIO with msg[i]; 1, given up */
	char **msg;   /* per file: the message of a failure (NULL: out of memory) */
	size_t n;
	size_t done;  /* files [0, done) hashed (under mu) */
	atomic_int stop;
	pthread_t thread;
	int running;  /* thread started (joined by di_digests_free) */
};

/* Hash file i, outside the lock; its result stored under it. */
static void hash_one(di_digests *d, size_t i, int locked)
{
	char hex[DI_SHA256_HEXSZ];
	unsigned long long size = 0;
	int rc = sha256_file_until(d->path[i], hex, &size, &d->stop);
	char *msg = rc < 0 ? di_strdup(di_error_message()) : NULL;
	if (!locked)
		pthread_mutex_lock(&d->mu);
	memcpy(d->hex[i], hex, sizeof(hex));
	d->size[i] = size;
	d->rc[i] = rc;
	d->msg[i] = msg;
	d->done = i + 1;
	pthread_cond_broadcast(&d->cv);
	if (!locked)
		pthread_mutex_unlock(&d->mu);
}

static void *hash_thread(void *arg)
{
	di_digests *d = arg;
	for (size_t i = 0; i < d->n && !atomic_load(&d->stop); i++)
		hash_one(d, i, 0);
	/* stopped: the waiters (none but a free) need not wait for the rest */
	pthread_mutex_lock(&d->mu);
	d->done = d->n;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

int di_digests_start(di_digests **out, const char *const *paths, size_t n, int threaded)
{
	di_digests *d = di_calloc(1, sizeof(*d));
	size_t m = n ? n : 1;
	*out = NULL;
	if (!d)
		return di_error_oom();
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	atomic_init(&d->stop, 0);
	d->path = di_calloc(m, sizeof(*d->path));
	d->hex = di_calloc(m, sizeof(*d->hex));
	d->size = di_calloc(m, sizeof(*d->size));
	d->rc = di_calloc(m, sizeof(*d->rc));
	d->msg = di_calloc(m, sizeof(*d->msg));
	if (!d->path || !d->hex || !d->size || !d->rc || !d->msg) {
		di_digests_free(d);
		return di_error_oom();
	}
	for (d->n = 0; d->n < n; d->n++)
		if (!(d->path[d->n] = di_strdup(paths[d->n]))) {
			di_digests_free(d);
			return di_error_oom();
		}
	/* nothing to hash (data given in memory): no thread to start */
	d->running = threaded && n && pthread_create(&d->thread, NULL, hash_thread, d) == 0;
	*out = d;
	return 0;
}

int di_digests_get(di_digests *d, const char *path, char hex[DI_SHA256_HEXSZ],
		   unsigned long long *size)
{
	size_t i = 0;
	int rc;
	if (!d)
		return 1;
	while (i < d->n && strcmp(d->path[i], path) != 0)
		i++;
	if (i == d->n)
		return 1;
	pthread_mutex_lock(&d->mu);
	if (d->running)
		while (d->done <= i)
			pthread_cond_wait(&d->cv, &d->mu);
	else /* no thread: the files up to i hashed here, in order */
		while (d->done <= i)
			hash_one(d, d->done, 1);
	rc = d->rc[i];
	if (rc == 0) {
		memcpy(hex, d->hex[i], DI_SHA256_HEXSZ);
		*size = d->size[i];
	} else if (rc < 0) {
		rc = d->msg[i] ? di_error_set(rc, "%s", d->msg[i]) : di_error_oom();
	}
	pthread_mutex_unlock(&d->mu);
	return rc;
}

void di_digests_free(di_digests *d)
{
	if (!d)
		return;
	atomic_store(&d->stop, 1);
	if (d->running)
		pthread_join(d->thread, NULL);
	for (size_t i = 0; i < d->n; i++) {
		di_free(d->path[i]);
		di_free(d->msg[i]);
	}
	di_free(d->path);
	di_free(d->hex);
	di_free(d->size);
	di_free(d->rc);
	di_free(d->msg);
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
	di_free(d);
}
