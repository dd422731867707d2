/*
 * dconv.cc - the C shim over double-conversion (see dconv.h). No state,
 * no allocation, no exceptions: the converters are made on the stack
 * (their constructors only store their settings), so this is thread-safe
 * and needs nothing of the C++ runtime.
 */
#include <double-conversion/double-to-string.h>
#include <double-conversion/string-to-double.h>

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
