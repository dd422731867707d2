/*
 * fuzz_prices.c - libFuzzer harness for the price loader in all three layouts (di_prices_load_file).
 * The body is di_fuzz_prices in fuzz_targets.h. Build and run: scripts/fuzz.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return di_fuzz_prices(data, size);
}
