/*
 * tz.h - time zones from the system's tz database (TZif files under
 * /usr/share/zoneinfo, or $TZDIR), read here into memory. Nothing of the
 * process's time zone (TZ, localtime) is touched or used: each zone is a
 * value, safe to share between threads once loaded.
 */
#ifndef DI_TZ_H
#define DI_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"

typedef struct di_tz di_tz;

/* Load zone name ("Europe/Berlin"). 0; -1 when the name is no zone of the
 * database (not a TZif file, a path outside it, an unreadable file);
 * DI_ENOMEM. Sets no error message on -1: the caller names the file and
 * line. */
int di_tz_load(di_tz **out, const char *name);
void di_tz_free(di_tz *tz);
const char *di_tz_name(const di_tz *tz);

/* The UTC offset (seconds east of UTC) of tz at the instant t (seconds
 * since 1970-01-01 00:00 UTC). */
long di_tz_offset(const di_tz *tz, int64_t t);

/* The instant of local date d, minute of day min (0..1439), in tz. A
 * local time that exists twice (a DST end) is read as the first; one that
 * does not exist (a DST start) with the offset after the change. */
int64_t di_tz_instant(const di_tz *tz, di_date d, int min);

/* A set of loaded zones, each loaded once (by name). */
typedef struct di_tzset {
	di_tz **z;
	size_t n, cap;
} di_tzset;

/* The zone name from the set, loading it on first use: 0, -1 (unknown
 * zone, no message), DI_ENOMEM. */
int di_tzset_get(di_tzset *set, const char *name, const di_tz **out);
void di_tzset_dispose(di_tzset *set);

/* "HH:MM" (two digits each, 00:00..23:59) of n bytes: the minute of the
 * day, or -1. */
int di_parse_hhmm(const char *s, size_t n);

#endif
