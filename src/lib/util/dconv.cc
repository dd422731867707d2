/*
 * dconv.cc - the C shim over double-conversion and fast_float (see
 * dconv.h). No state, no allocation, no exceptions: the converters are
 * made on the stack (their constructors only store their settings) and
 * fast_float is functions over the caller's buffer, so this is
 * thread-safe and needs nothing of the C++ runtime.
 */
#include <cmath>
#include <system_error>

#include <double-conversion/double-to-string.h>
#include <double-conversion/string-to-double.h>
#include <fast_float/fast_float.h>

#include "dconv.h"

using double_conversion::DoubleToStringConverter;
using double_conversion::StringToDoubleConverter;

extern "C" int di_dconv_digits(double v, int prec, char *digits, int *point)
{
	bool sign = false;
	int len = 0;

	DoubleToStringConverter::DoubleToAscii(
		v, prec ? DoubleToStringConverter::PRECISION : DoubleToStringConverter::SHORTEST,
		prec, digits, DI_DCONV_DIGITS, &sign, &len, point);
	while (len > 1 && digits[len - 1] == '0')
		len--;
	digits[len] = '\0';
	return len;
}

extern "C" int di_dconv_parse(const char *s, int len, double *out)
{
	/* fast_float first (Eisel-Lemire, Debian's libfast-float-dev):
	 * reading through double-conversion was a quarter of W1's CPU, and
	 * W1 took 0.090 -> 0.076 s with fast_float (docs/performance.md).
	 * Both round correctly, so a text either reads to the end as a
	 * finite number is the same double; what fast_float leaves (a leading
	 * '+', which from_chars refuses, an overflow, a malformed text) goes
	 * on to double-conversion, whose rules stay those of dconv.h. */
	return di_dconv_parse_fast(s, len, out) == 0 ? 0 : di_dconv_parse_dc(s, len, out);
}

extern "C" int di_dconv_parse_fast(const char *s, int len, double *out)
{
	double v;
	fast_float::from_chars_result r = fast_float::from_chars(s, s + len, v);
	if (len > 0 && r.ec == std::errc() && r.ptr == s + len && std::isfinite(v)) {
		*out = v;
		return 0;
	}
	return -1;
}

extern "C" int di_dconv_parse_dc(const char *s, int len, double *out)
{
	/* trailing point ("1."): strtod reads it, so the project's files may
	 * hold it; no inf/nan symbols: the caller reads those itself */
	StringToDoubleConverter conv(StringToDoubleConverter::NO_FLAGS, 0.0, -1.0,
				     nullptr, nullptr);
	int used = 0;
	double v = conv.StringToDouble(s, len, &used);

	if (used != len || len == 0)
		return -1;
	*out = v;
	return 0;
}
