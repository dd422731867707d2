/*
 * fuzz_data.c - libFuzzer harness for the in-memory builders (defimpact/data.h:
 * di_prices_add_series, di_events_add). The body is di_fuzz_data in
 * fuzz_targets.h. Build and run: scripts/fuzz.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return di_fuzz_data(data, size);
}
