/*
 * fuzz_run.c - libFuzzer harness for the whole run: prices and events in,
 * report out (di_run_new, di_run_write) with short fixed windows.
 * The body is di_fuzz_run in fuzz_targets.h. Build and run: scripts/fuzz.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return di_fuzz_run(data, size);
}
