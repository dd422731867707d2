/*
 * digest.h - SHA-256 of bytes and of files (nettle's), and the digests of
 * a run's input files made on a thread of their own while the run
 * computes. manifest.txt lists every input with its digest; a price file
 * of 200 MB takes a fifth of a second to hash, which, done when the
 * manifest was written, came after everything else a run does.
 */
#ifndef DI_DIGEST_H
#define DI_DIGEST_H

#include <stddef.h>

#define DI_SHA256_HEXSZ 65 /* 64 hex digits and a NUL */

/* SHA-256 (nettle) of n bytes, in lower-case hex. */
void di_sha256_hex(const void *data, size_t n, char hex[DI_SHA256_HEXSZ]);

/* SHA-256 of a file, streamed in 16 KiB chunks, and its size in bytes.
 * DI_EIO (with the message) when it cannot be read. */
int di_sha256_file(const char *path, char hex[DI_SHA256_HEXSZ], unsigned long long *size);

/* The digests of a list of files, made in list order on a thread. */
typedef struct di_digests di_digests;

/* Start hashing paths[0..n) (copied) on a thread of its own; with
 * threaded 0, or when no thread can be had, each file is hashed by the
 * first di_digests_get that needs it. 0 or DI_ENOMEM. */
int di_digests_start(di_digests **out, const char *const *paths, size_t n, int threaded);

/* The digest and size of path (compared as a string with the paths
 * given), once made: 0; DI_EIO, with the message set on this thread, when
 * the file could not be read; 1 when path is not one of them (d may be
 * NULL). Safe to call from several threads at once. */
int di_digests_get(di_digests *d, const char *path, char hex[DI_SHA256_HEXSZ],
		   unsigned long long *size);

/* Stop hashing (a file being hashed is given up between two chunks),
 * wait for the thread and free d. NULL is a no-op. */
void di_digests_free(di_digests *d);

#endif
