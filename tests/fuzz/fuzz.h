/* fuzz.h: what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz_NAME.c is its own program (linked with -fsanitize=fuzzer) with
 * one LLVMFuzzerTestOneInput. Besides the sanitizers' own findings, a target
 * checks what the library promises about its output with FUZZ_CHECK, which
 * aborts with the broken promise so that libFuzzer keeps the input as a
 * crash. Header-only so that a target is a single file. */
#ifndef HT_FUZZ_H
#define HT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond) \
    do { \
        if (!(cond)) \
            fuzz_fail(#cond, __FILE__, __LINE__); \
    } while (0)

static inline void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: broken promise: %s\n", file, line, what);
    abort();
}

/* The models folder: $HALTUNG_MODELS, else models/ (make fuzz runs from the
 * repository root). */
static inline const char *fuzz_models_dir(void)
{
    const char *d = getenv("HALTUNG_MODELS");
    return d && *d ? d : "models";
}

/* A NUL-terminated heap copy of data[0..n); aborts when out of memory (a
 * fuzz target has nothing better to do). */
static inline char *fuzz_strndup(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

#endif
