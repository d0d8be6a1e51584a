/* jsonw.h: a small JSON writer into a growing buffer.
 *
 * The scorer writes its results with this rather than building a Jansson
 * tree: keys come out in the order they are written (the documented order),
 * numbers in one fixed format (byte-identical output run after run), and an
 * article's result costs no allocation beyond the buffer's growth. Commas
 * are placed automatically. A failed allocation sets `failed` and the rest
 * of the writes are ignored. */
#ifndef HT_JSONW_H
#define HT_JSONW_H

#include <stddef.h>
#include <string.h>

#define HT_JSONW_DEPTH 32

typedef struct ht_jsonw {
    char *buf;
    size_t len, cap;
    int depth;
    unsigned char first[HT_JSONW_DEPTH];  /* no comma needed yet at this depth */
    int after_key;
    int failed;
} ht_jsonw;

void ht_jsonw_reset(ht_jsonw *w);
void ht_jsonw_free(ht_jsonw *w);

void ht_jsonw_begin_object(ht_jsonw *w);
void ht_jsonw_end_object(ht_jsonw *w);
void ht_jsonw_begin_array(ht_jsonw *w);
void ht_jsonw_end_array(ht_jsonw *w);
/* A key known to need no escaping (no control character, '"' or '\\'),
 * and any key; ht_jsonw_key picks one. */
void ht_jsonw_key_plain(ht_jsonw *w, const char *key, size_t len);
void ht_jsonw_key_escaped(ht_jsonw *w, const char *key, size_t len);

static inline int ht_jsonw_plain(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\')
            return 0;
    }
    return 1;
}

/* Inline, so that a literal key's length and plainness are worked out when
 * compiling, not for every key written. */
static inline void ht_jsonw_key(ht_jsonw *w, const char *key)
{
    size_t len = strlen(key);
    if (ht_jsonw_plain(key, len))
        ht_jsonw_key_plain(w, key, len);
    else
        ht_jsonw_key_escaped(w, key, len);
}
/* A string of len bytes of valid UTF-8, escaped as JSON needs. */
void ht_jsonw_string_n(ht_jsonw *w, const char *s, size_t len);
void ht_jsonw_string(ht_jsonw *w, const char *s);
/* A string of any bytes (an id or a file name from outside): invalid UTF-8
 * is written as U+FFFD, one per bad byte, as the text reader repairs input. */
void ht_jsonw_string_lossy(ht_jsonw *w, const char *s);
void ht_jsonw_int(ht_jsonw *w, long long v);
/* A number rounded to 4 decimals, without trailing zeros. */
void ht_jsonw_real(ht_jsonw *w, double v);
void ht_jsonw_bool(ht_jsonw *w, int v);
void ht_jsonw_null(ht_jsonw *w);
/* Appends raw text (a newline between records). */
void ht_jsonw_raw(ht_jsonw *w, const char *s, size_t len);

#endif
