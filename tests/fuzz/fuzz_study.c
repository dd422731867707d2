/*
 * fuzz_study.c - libFuzzer harness for the study-file parser and checks (di_study_load_ini, di_study_finish).
 * The body is di_fuzz_study in fuzz_targets.h. Build and run: scripts/fuzz.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return di_fuzz_study(data, size);
}
