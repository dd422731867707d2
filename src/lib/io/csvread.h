/*
 * csv.h - streaming CSV reader over libcsv that knows line numbers.
 * It detects the delimiter (',' ';' or tab) from the header line, strips a
 * UTF-8 BOM, accepts CRLF, and hands each record to a callback together with
 * the line on which the record starts. It never keeps more than one record,
 * so a 1 GB file costs one record of memory. It knows nothing of prices.
 */
#ifndef DI_CSV_H
#define DI_CSV_H

#include <stddef.h>

/* The longest record accepted (bytes); longer is a data error. */
#define DI_CSV_MAX_RECORD (1u << 20)

typedef struct di_csv_info {
	char delim;        /* ',' ';' or '\t' */
	int decimal_comma; /* 1 when delim is ';' (a decimal comma is accepted) */
} di_csv_info;

/* Called once per record, the header first (line 1 unless blank lines
 * precede it). fields[i] is NUL-terminated, unquoted, lens[i] its length.
 * Blank lines are skipped. Return 0 to go on, or a negative di_code (with
 * the error set) to stop: di_csv_read then returns that code. */
typedef int (*di_csv_record_fn)(void *payload, long line, size_t nfields,
				char *const *fields, const size_t *lens);

/* Read path. Errors (all with FILE:LINE): cannot open (DI_EIO, also a
 * directory), empty file, NUL byte, unterminated quote, record too long,
 * read error. Does not check field counts: callers do, with their own
 * message. */
int di_csv_read(const char *path, di_csv_info *info_out,
		di_csv_record_fn fn, void *payload);

/* The same reader over len bytes of memory (no NUL terminator needed);
 * name stands for the file name in messages. The data are not copied and
 * must stay valid during the call. */
int di_csv_read_mem(const char *name, const char *data, size_t len,
		    di_csv_info *info_out, di_csv_record_fn fn, void *payload);

/* Where a loader reads a table: the file name, or (data not NULL) len
 * bytes of memory standing for a file of that name. The loaders take a
 * source, so a file and a buffer go through one reader. */
typedef struct di_csv_src {
	const char *name;
	const char *data;
	size_t len;
} di_csv_src;

static inline int di_csv_read_src(const di_csv_src *src, di_csv_info *info_out,
				  di_csv_record_fn fn, void *payload)
{
	return src->data ? di_csv_read_mem(src->name, src->data, src->len, info_out, fn, payload)
			 : di_csv_read(src->name, info_out, fn, payload);
}

/* One file read on several threads (a wide price file): the header on
 * one, then byte ranges that start at line starts, each on its own.
 * These are meant for files without quotes (di_csv_scan says which): a
 * quoted field may span lines, so a range could start inside one. */

/* Read src's first record (blank lines, a BOM before it are skipped as by
 * di_csv_read) and stop: *end is the offset just past its line end, *lines
 * its last line. A file whose record has no line end after it is read as
 * di_csv_read would (*end and *lines 0); one whose record's line end is
 * its last byte gives *end = its size. */
int di_csv_read_head(const di_csv_src *src, di_csv_info *info_out, di_csv_record_fn fn,
		     void *payload, size_t *end, long *lines);
/* *out: the offset just past the end (LF, CRLF or lone CR) of the line
 * holding byte off of src, whose size is size; size when no line end
 * follows. */
int di_csv_line_end(const di_csv_src *src, size_t off, size_t size, size_t *out);
/* A record's line as di_csv_scan finds it: its bytes, line end included. */
typedef void (*di_csv_line_fn)(void *payload, const char *line, size_t len);
/* Count the lines of bytes [start, end) and the records among them (the
 * lines not blank), passing each record's line to fn (when not NULL).
 * Returns 0 when the range is plain (no quote, every line ending in LF or
 * CRLF, or in nothing at the end of the file, so each line that is not
 * blank is one record), 1 when it is not (the counts are then partial), or
 * an error. */
int di_csv_scan(const di_csv_src *src, size_t start, size_t end, size_t *lines,
		size_t *nrec, di_csv_line_fn fn, void *payload);
/* Read the records of bytes [start, end) as di_csv_read would, with the
 * delimiter of info (the header's), the first line numbered line0. */
int di_csv_read_range(const di_csv_src *src, size_t start, size_t end,
		      const di_csv_info *info, long line0, di_csv_record_fn fn, void *payload);

#endif
