/*
 * fuzz_csv.c - libFuzzer harness for the streaming CSV reader (di_csv_read_mem).
 * The body is di_fuzz_csv in fuzz_targets.h. Build and run: scripts/fuzz.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return di_fuzz_csv(data, size);
}
