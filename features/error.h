/* error.h: status codes and error messages carried from the library to the CLI.
 *
 * Library functions never print. They return an ht_status and, when given an
 * ht_error, leave a message there that names what went wrong (file, line,
 * field) so that the front end can print it as it is. */
#ifndef HT_ERROR_H
#define HT_ERROR_H

typedef enum ht_status {
    HT_OK = 0,
    HT_ERR_NOMEM,   /* an allocation failed */
    HT_ERR_IO,      /* a file could not be opened, read or written */
    HT_ERR_FORMAT,  /* input is not what it claims to be (JSON, model file) */
    HT_ERR_INVALID, /* a value is out of range or inconsistent */
    HT_ERR_LIMIT    /* input exceeds a configured limit */
} ht_status;

typedef struct ht_error {
    ht_status code;
    char msg[512];
} ht_error;

/* Sets err (if not NULL) and returns code, so callers can `return ht_error_set(...)`. */
ht_status ht_error_set(ht_error *err, ht_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ht_error_clear(ht_error *err);
const char *ht_status_name(ht_status code);

#endif
