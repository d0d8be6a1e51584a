/* error.c: filling ht_error with printf-style messages. */
#include "features/error.h"

#include <stdarg.h>
#include <stdio.h>

ht_status ht_error_set(ht_error *err, ht_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void ht_error_clear(ht_error *err)
{
    if (err) {
        err->code = HT_OK;
        err->msg[0] = '\0';
    }
}

const char *ht_status_name(ht_status code)
{
    switch (code) {
    case HT_OK: return "ok";
    case HT_ERR_NOMEM: return "out of memory";
    case HT_ERR_IO: return "i/o error";
    case HT_ERR_FORMAT: return "format error";
    case HT_ERR_INVALID: return "invalid value";
    case HT_ERR_LIMIT: return "limit exceeded";
    }
    return "unknown error";
}
