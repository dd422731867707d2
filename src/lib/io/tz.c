/*
 * tz.c - TZif files (RFC 8536) read into memory: the transitions of the
 * version-2+ block (64-bit times; the version-1 block when there is no
 * other), and the footer's POSIX TZ rule for instants after the last
 * transition (a "slim" file stops its transitions where the rule takes
 * over). The process's TZ is never set nor read: setenv("TZ") and
 * localtime() would change every thread's time zone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "tz.h"

#define DI_TZ_DIR "/usr/share/zoneinfo"
#define DI_TZ_MAX_FILE (1 << 20) /* a TZif file is a few kB */

/* A POSIX TZ rule: std offset, and when it has DST, the dst offset and the
 * two changes (Mm.w.d at a local time; secs). */
typedef struct tz_rule {
	int has, has_dst;
	long std_off, dst_off; /* seconds east of UTC */
	int m[2], w[2], d[2];  /* start, end */
	long at[2];            /* local seconds after midnight */
} tz_rule;

struct di_tz {
	char *name;
	size_t n;        /* transitions */
	int64_t *when;
	long *off;       /* offset from when[i] on */
	long off0;       /* before the first transition */
	tz_rule rule;    /* after the last, when the footer has one */
};

static int64_t be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	if (bytes == 4)
		return (int64_t)(int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* Zone names are relative paths of letters, digits and _ + - / that do not
 * climb: "Europe/Berlin", "Etc/GMT+5". */
static int name_ok(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 128 || name[0] == '/' || strstr(name, ".."))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

static unsigned char *read_all(const char *name, size_t *len)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	unsigned char *buf;
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir && dir[0] ? dir : DI_TZ_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf = di_malloc(DI_TZ_MAX_FILE);
	*len = buf ? fread(buf, 1, DI_TZ_MAX_FILE, f) : 0;
	if (ferror(f) || *len == DI_TZ_MAX_FILE) {
		di_free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* --- the POSIX TZ footer ----------------------------------------------- */

static const char *rule_name(const char *p)
{
	if (*p == '<') {
		const char *e = strchr(p, '>');
		return e ? e + 1 : NULL;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p;
}

/* [+-]hh[:mm[:ss]] as seconds; the sign of a POSIX offset is west-positive,
 * the caller negates. */
static const char *rule_time(const char *p, long *out)
{
	long sign = 1, part[3] = {0, 0, 0};
	int k = 0;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (*p < '0' || *p > '9')
		return NULL;
	for (;;) {
		while (*p >= '0' && *p <= '9')
			part[k] = part[k] * 10 + (*p++ - '0');
		if (*p != ':' || k == 2)
			break;
		p++;
		k++;
	}
	*out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return p;
}

/* ",Mm.w.d[/time]" */
static const char *rule_change(const char *p, tz_rule *r, int k)
{
	char *e;
	if (p[0] != ',' || p[1] != 'M')
		return NULL; /* Jn and n forms are not used by the database */
	r->m[k] = (int)strtol(p + 2, &e, 10);
	if (*e != '.')
		return NULL;
	r->w[k] = (int)strtol(e + 1, &e, 10);
	if (*e != '.')
		return NULL;
	r->d[k] = (int)strtol(e + 1, &e, 10);
	r->at[k] = 7200;
	if (*e == '/' && !(e = (char *)rule_time(e + 1, &r->at[k])))
		return NULL;
	if (r->m[k] < 1 || r->m[k] > 12 || r->w[k] < 1 || r->w[k] > 5 || r->d[k] < 0 || r->d[k] > 6)
		return NULL;
	return e;
}

static void parse_rule(const char *s, tz_rule *r)
{
	const char *p = rule_name(s);
	long v;
	memset(r, 0, sizeof(*r));
	if (!p || p == s || !(p = rule_time(p, &v)))
		return;
	r->std_off = -v;
	r->has = 1;
	if (!*p)
		return;
	s = p;
	if (!(p = rule_name(s)) || p == s)
		goto bad;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && (p = rule_time(p, &v)))
		r->dst_off = -v;
	if (!p || !(p = rule_change(p, r, 0)) || !(p = rule_change(p, r, 1)) || *p)
		goto bad;
	r->has_dst = 1;
	return;
bad:
	r->has = 0; /* unreadable: the last transition's offset stays */
}

/* The date of the w-th (5: last) weekday d (0 = Sunday) of month m. */
static di_date rule_day(int year, int m, int w, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	di_date first = di_date_from_ymd(year, m, 1);
	int want = (d + 6) % 7; /* di_date_weekday: 0 = Monday */
	int day = 1 + (want - di_date_weekday(first) + 7) % 7 + (w - 1) * 7;
	int len = mdays[m - 1] + (m == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)));
	while (day > len)
		day -= 7;
	return first + day - 1;
}

static long rule_offset(const tz_rule *r, int64_t t)
{
	char buf[11];
	int year;
	int64_t start, end;
	if (!r->has_dst)
		return r->std_off;
	di_date_format((di_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400), buf);
	year = atoi(buf);
	start = (int64_t)rule_day(year, r->m[0], r->w[0], r->d[0]) * 86400 + r->at[0] - r->std_off;
	end = (int64_t)rule_day(year, r->m[1], r->w[1], r->d[1]) * 86400 + r->at[1] - r->dst_off;
	if (start < end)
		return t >= start && t < end ? r->dst_off : r->std_off;
	return t >= end && t < start ? r->std_off : r->dst_off; /* southern hemisphere */
}

/* --- the TZif body ------------------------------------------------------- */

/* Parse one data block at p (times of tb bytes); *end past it. */
static int parse_block(di_tz *z, const unsigned char *p, const unsigned char *lim, int tb,
		       const unsigned char **end)
{
	int64_t isut = be(p + 20, 4), isstd = be(p + 24, 4), leap = be(p + 28, 4);
	int64_t nt = be(p + 32, 4), ntype = be(p + 36, 4), nchar = be(p + 40, 4);
	const unsigned char *t, *ix, *ty;
	if (nt < 0 || ntype < 1 || ntype > 256 || nchar < 0 || leap < 0 || isut < 0 || isstd < 0 ||
	    nt > (lim - p) || lim - p < 44 + nt * (tb + 1) + ntype * 6 + nchar + leap * (tb + 4) +
						 isstd + isut)
		return -1;
	t = p + 44;
	ix = t + nt * tb;
	ty = ix + nt;
	z->n = (size_t)nt;
	z->when = di_reallocarray(NULL, z->n ? z->n : 1, sizeof(int64_t));
	z->off = di_reallocarray(NULL, z->n ? z->n : 1, sizeof(long));
	if (!z->when || !z->off)
		return DI_ENOMEM;
	for (size_t i = 0; i < z->n; i++) {
		if (ix[i] >= ntype)
			return -1;
		z->when[i] = be(t + i * (size_t)tb, tb);
		z->off[i] = (long)be(ty + ix[i] * 6, 4);
	}
	z->off0 = (long)be(ty, 4);
	*end = ty + ntype * 6 + nchar + leap * (tb + 4) + isstd + isut;
	return 0;
}

static int parse_tzif(di_tz *z, const unsigned char *buf, size_t len)
{
	const unsigned char *lim = buf + len, *end;
	int rc;
	if (len < 44 || memcmp(buf, "TZif", 4))
		return -1;
	if ((rc = parse_block(z, buf, lim, 4, &end)))
		return rc;
	if (buf[4] < '2')
		return 0;
	di_free(z->when);
	di_free(z->off);
	z->when = NULL;
	z->off = NULL;
	if (lim - end < 44 || memcmp(end, "TZif", 4) || (rc = parse_block(z, end, lim, 8, &end)))
		return rc ? rc : -1;
	if (end < lim && *end == '\n') {
		char foot[128];
		size_t k = 0;
		for (end++; end < lim && *end != '\n' && k + 1 < sizeof(foot); end++)
			foot[k++] = (char)*end;
		foot[k] = '\0';
		parse_rule(foot, &z->rule);
	}
	return 0;
}

int di_tz_load(di_tz **out, const char *name)
{
	unsigned char *buf;
	size_t len = 0;
	di_tz *z;
	int rc;
	*out = NULL;
	if (!name_ok(name) || !(buf = read_all(name, &len)))
		return -1;
	z = di_calloc(1, sizeof(*z));
	if (!z || !(z->name = di_strdup(name))) {
		di_free(buf);
		di_tz_free(z);
		return di_error_oom();
	}
	rc = parse_tzif(z, buf, len);
	di_free(buf);
	if (rc) {
		di_tz_free(z);
		return rc == DI_ENOMEM ? di_error_oom() : -1;
	}
	*out = z;
	return 0;
}

void di_tz_free(di_tz *tz)
{
	if (!tz)
		return;
	di_free(tz->name);
	di_free(tz->when);
	di_free(tz->off);
	di_free(tz);
}

const char *di_tz_name(const di_tz *tz)
{
	return tz->name;
}

long di_tz_offset(const di_tz *tz, int64_t t)
{
	size_t lo = 0, hi = tz->n; /* first transition after t */
	if (!tz->n || t < tz->when[0])
		return tz->n || !tz->rule.has ? tz->off0 : rule_offset(&tz->rule, t);
	if (t >= tz->when[tz->n - 1] && tz->rule.has)
		return rule_offset(&tz->rule, t);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->when[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return tz->off[lo - 1];
}

int64_t di_tz_instant(const di_tz *tz, di_date d, int min)
{
	int64_t local = (int64_t)d * 86400 + (int64_t)min * 60;
	/* start from the offset a day before (no zone changes twice a day),
	 * then the offset at that instant: two rounds settle any real zone */
	int64_t t = local - di_tz_offset(tz, local - 86400);
	t = local - di_tz_offset(tz, t);
	return t;
}

int di_tzset_get(di_tzset *set, const char *name, const di_tz **out)
{
	di_tz *z;
	int rc;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(di_tz_name(set->z[i]), name)) {
			*out = set->z[i];
			return 0;
		}
	if ((rc = di_tz_load(&z, name)))
		return rc;
	if (di_grow((void **)&set->z, &set->cap, set->n + 1, sizeof(*set->z))) {
		di_tz_free(z);
		return DI_ENOMEM;
	}
	set->z[set->n++] = z;
	*out = z;
	return 0;
}

void di_tzset_dispose(di_tzset *set)
{
	for (size_t i = 0; i < set->n; i++)
		di_tz_free(set->z[i]);
	di_free(set->z);
	set->z = NULL;
	set->n = set->cap = 0;
}

int di_parse_hhmm(const char *s, size_t n)
{
	int h, m;
	if (n != 5 || s[2] != ':')
		return -1;
	for (size_t i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}
