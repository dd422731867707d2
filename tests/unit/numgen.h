/*
 * numgen.h - number texts and doubles that are hard to convert, for the
 * tests of numfmt.c against the C library (test_numfmt.c, and the 10^8
 * inputs of test_numparse_slow.c). Deterministic: a xorshift state per
 * caller, so a chunk of inputs can be replayed from its seed.
 */
#ifndef DI_TEST_NUMGEN_H
#define DI_TEST_NUMGEN_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline uint64_t numgen_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static inline double numgen_bits(uint64_t *s)
{
	uint64_t b = numgen_next(s);
	double v;
	memcpy(&v, &b, sizeof(v));
	return v;
}

/* A finite double: any bit pattern, a short decimal, a dyadic value with
 * few bits (the halfway cases of printing), or a power of ten's neighbour. */
static inline double numgen_double(uint64_t *s)
{
	uint64_t r = numgen_next(s);
	double v;
	switch (r % 5) {
	case 0:
		do
			v = numgen_bits(s);
		while (!isfinite(v));
		return v;
	case 1: /* short decimals: prices, rounded statistics */
		return (double)(int64_t)(numgen_next(s) % 2000000001 - 1000000000) /
		       pow(10.0, (double)(numgen_next(s) % 12));
	case 2: /* k / 2^m with k up to 2^60: exact ties at 16 and 17 digits */
		return ldexp((double)(numgen_next(s) >> (4 + numgen_next(s) % 50)),
			     -(int)(numgen_next(s) % 64));
	case 3: /* one ulp around a power of ten */
		v = pow(10.0, (double)((int)(numgen_next(s) % 600) - 300));
		return (r >> 8) % 2 ? nextafter(v, 0) : nextafter(v, INFINITY);
	default: /* a computed statistic */
		return (double)(numgen_next(s) >> 11) * 0x1.0p-53 *
		       pow(10.0, (double)((int)(numgen_next(s) % 40) - 20)) *
		       ((r >> 8) % 2 ? -1 : 1);
	}
}

/* A random digit string of n digits (the first may be 0) into out. */
static inline size_t numgen_digits(uint64_t *s, char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)('0' + numgen_next(s) % 10);
	return n;
}

/* A number text of fewer than 120 bytes into out (NUL-terminated):
 *  - random digits, point and exponent, near the ends of the range too;
 *  - the exact decimal expansion of the midpoint between two neighbouring
 *    doubles (long double holds it exactly), as is, or one unit of its
 *    last digit away, or cut short: the hardest cases of correct rounding;
 *  - the shortest text of a double, and near overflow and underflow;
 *  - malformed texts (stray signs, points, exponents without digits).
 * Returns its length. */
static inline size_t numgen_text(uint64_t *s, char *out)
{
	uint64_t r = numgen_next(s);
	size_t k = 0;
	switch (r % 8) {
	case 0:
	case 1: { /* random digits, point, exponent */
		if ((r >> 3) % 4 == 0)
			out[k++] = (r >> 5) % 2 ? '-' : '+';
		k += numgen_digits(s, out + k, 1 + numgen_next(s) % 25);
		if ((r >> 6) % 2) {
			out[k++] = '.';
			k += numgen_digits(s, out + k, numgen_next(s) % 25);
		}
		if ((r >> 7) % 2)
			k += (size_t)sprintf(out + k, "e%d",
					     (int)(numgen_next(s) % 700) - 350);
		out[k] = '\0';
		return k;
	}
	case 2:
	case 3: { /* the midpoint of a double and its successor */
		double v = ldexp((double)(numgen_next(s) >> 11) * 0x1.0p-53 + 0.5,
				 (int)(numgen_next(s) % 260) - 70);
		long double mid = ((long double)v + (long double)nextafter(v, INFINITY)) / 2;
		char *e;
		int len = snprintf(out, 120, "%.*Le", (int)(numgen_next(s) % 110), mid);
		if (len >= 119) {
			out[0] = '\0';
			len = sprintf(out, "%.60Le", mid);
		}
		e = strchr(out, 'e');
		if (e && e > out + 2 && (r >> 3) % 3 == 1 && e[-1] < '9')
			e[-1]++;
		else if (e && e > out + 2 && (r >> 3) % 3 == 2 && e[-1] > '0')
			e[-1]--;
		return strlen(out);
	}
	case 4: { /* shortest texts of doubles */
		double v = numgen_double(s);
		return (size_t)snprintf(out, 120, "%.*g", 15 + (int)(numgen_next(s) % 3), v);
	}
	case 5: { /* near the ends: overflow, the smallest subnormal */
		static const char *const base[] = {
			"1.7976931348623157e308", "1.7976931348623158e308",
			"1.797693134862315807937e308", "1.7976931348623159e308",
			"2.4703282292062327e-324", "2.4703282292062328e-324",
			"4.9406564584124654e-324", "2.2250738585072011e-308",
			"2.2250738585072012e-308", "9007199254740993",
			"0.1", "1e23", "8.988465674311579e307"};
		k = (size_t)sprintf(out, "%s", base[(r >> 3) % 13]);
		if ((r >> 8) % 2) {
			char *e = strchr(out, 'e');
			size_t at = e ? (size_t)(e - out) : k;
			char tail[40];
			strcpy(tail, out + at);
			k = at + numgen_digits(s, out + at, 1 + numgen_next(s) % 20);
			k += (size_t)sprintf(out + k, "%s", tail);
		}
		return k;
	}
	case 6: { /* many zeros, then digits */
		out[k++] = '0';
		out[k++] = '.';
		for (size_t z = numgen_next(s) % 90; z; z--)
			out[k++] = '0';
		k += numgen_digits(s, out + k, 1 + numgen_next(s) % 20);
		out[k] = '\0';
		return k;
	}
	default: { /* malformed, or nearly */
		static const char alphabet[] = "0123456789+-.eE";
		size_t n = 1 + numgen_next(s) % 8;
		for (size_t i = 0; i < n; i++)
			out[k++] = alphabet[numgen_next(s) % (sizeof(alphabet) - 1)];
		out[k] = '\0';
		return k;
	}
	}
}

#endif
