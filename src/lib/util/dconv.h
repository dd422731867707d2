/*
 * dconv.h - the thin C face of double-conversion (Google's correctly
 * rounded number <-> text routines, Debian's libdouble-conversion) and of
 * fast_float (correctly rounded text -> number, Debian's
 * libfast-float-dev), which are C++: dconv.cc is the one C++ file of the
 * library. numfmt.c builds the project's number rules on these; nothing
 * else should call them.
 */
#ifndef DI_DCONV_H
#define DI_DCONV_H

#ifdef __cplusplus
extern "C" {
#endif

/* Room for the digits of either function below, with the NUL. */
#define DI_DCONV_DIGITS 20

/* The decimal digits of |v| (finite, not zero) into digits (NUL-terminated,
 * no trailing zeros), such that |v| ~ 0.d1d2... x 10^point. prec 0: the
 * shortest digits that read back to v (the nearest such, halfway cases
 * away from zero); prec 1..17: v correctly rounded to prec digits (halfway
 * cases away from zero). Returns the number of digits. */
int di_dconv_digits(double v, int prec, char *digits, int *point);

/* The double nearest the decimal number s[0..len): [+-] digits [. digits]
 * [(e|E) [+-] digits], with digits on at least one side of the point.
 * Correctly rounded; a value too large gives an infinity, too small a
 * zero. Returns 0, or -1 when s is not such a number. */
int di_dconv_parse(const char *s, int len, double *out);

/* fast_float's part of di_dconv_parse: 0 when it reads all of s (len
 * bytes, which may hold any bytes) as a finite number, else -1, *out
 * untouched: its texts are a subset of those di_dconv_parse accepts, read
 * to the same double. */
int di_dconv_parse_fast(const char *s, int len, double *out);

/* di_dconv_parse through double-conversion alone: the reference the
 * fast_float path is tested against (test_numfmt), and its fallback. */
int di_dconv_parse_dc(const char *s, int len, double *out);

#ifdef __cplusplus
}
#endif

#endif
