/*
 * fuzz_events.c - libFuzzer harness for the events, securities and reported-moves loaders.
 * The body is di_fuzz_events in fuzz_targets.h. Build and run: scripts/fuzz.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return di_fuzz_events(data, size);
}
