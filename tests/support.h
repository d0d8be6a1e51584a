/* support.h: what every CUnit suite program shares.
 *
 * Each tests/test_*.c is its own program with a table of cases; main() calls
 * ht_test_main(), which runs them under CUnit's basic interface and exits
 * non-zero on any failure. tests/run.sh runs all programs and sums up. */
#ifndef HT_TEST_SUPPORT_H
#define HT_TEST_SUPPORT_H

#include <CUnit/CUnit.h>
#include <stddef.h>

typedef struct ht_test_case {
    const char *name;
    void (*fn)(void);
} ht_test_case;

/* Runs the NULL-terminated cases as one suite; returns the process exit code. */
int ht_test_main(const char *suite, const ht_test_case *cases);

/* Reads a whole file into a NUL-terminated heap buffer; NULL on failure. */
char *ht_test_read_file(const char *path, size_t *len);
/* Writes len bytes to a new file under the test's temp folder; returns its path (static buffer per call slot). */
const char *ht_test_write_temp(const char *name, const void *data, size_t len);

#endif
