/* jsonw.c: writing JSON text with stable key order and number format. */
#include "classifier/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/hash.h"
#include "features/text.h"

void ht_jsonw_reset(ht_jsonw *w)
{
    w->len = 0;
    w->depth = 0;
    w->first[0] = 1;
    w->after_key = 0;
    w->failed = 0;
}

void ht_jsonw_free(ht_jsonw *w)
{
    free(w->buf);
    memset(w, 0, sizeof *w);
}

static int reserve(ht_jsonw *w, size_t n)
{
    if (w->failed)
        return 0;
    if (w->len + n + 1 <= w->cap)
        return 1;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < w->len + n + 1)
        cap *= 2;
    char *b = realloc(w->buf, cap);
    if (!b) {
        w->failed = 1;
        return 0;
    }
    w->buf = b;
    w->cap = cap;
    return 1;
}

void ht_jsonw_raw(ht_jsonw *w, const char *s, size_t len)
{
    if (!reserve(w, len))
        return;
    memcpy(w->buf + w->len, s, len);
    w->len += len;
    w->buf[w->len] = '\0';
}

/* The comma before a value or key, unless it is the first in its container
 * or the value of a key just written. */
static void separate(ht_jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (!w->first[w->depth])
        ht_jsonw_raw(w, ",", 1);
    w->first[w->depth] = 0;
}

static void open_container(ht_jsonw *w, char c)
{
    separate(w);
    ht_jsonw_raw(w, &c, 1);
    if (w->depth + 1 < HT_JSONW_DEPTH)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_container(ht_jsonw *w, char c)
{
    if (w->depth > 0)
        w->depth--;
    ht_jsonw_raw(w, &c, 1);
}

void ht_jsonw_begin_object(ht_jsonw *w) { open_container(w, '{'); }
void ht_jsonw_end_object(ht_jsonw *w) { close_container(w, '}'); }
void ht_jsonw_begin_array(ht_jsonw *w) { open_container(w, '['); }
void ht_jsonw_end_array(ht_jsonw *w) { close_container(w, ']'); }

/* Room for len bytes more, written straight into buf (raw's checks once). */
static char *room(ht_jsonw *w, size_t len)
{
    return reserve(w, len) ? w->buf + w->len : NULL;
}

/* Bit 7 of each byte of x that JSON must escape: below 0x20, '"' or '\\'.
 * Exact per byte: bit 7 is cleared before adding, so nothing carries. */
static inline uint64_t escapes_in(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, lo7 = 0x7f7f7f7f7f7f7f7fULL;
    const uint64_t highs = 0x8080808080808080ULL;
    uint64_t ctrl = ~((x & lo7) + 0x60 * ones) & ~x & highs;
    uint64_t q = x ^ ('"' * ones), b = x ^ ('\\' * ones);
    uint64_t is_q = ~(((q & lo7) + lo7) | q) & highs;
    uint64_t is_b = ~(((b & lo7) + lo7) | b) & highs;
    return ctrl | is_q | is_b;
}

/* The first byte of s[i..len) that needs escaping, or len; eight at a time. */
static size_t next_escape(const char *s, size_t i, size_t len)
{
    for (; i + 8 <= len; i += 8) {
        uint64_t m = escapes_in(ht_load64le(s + i));
        if (m)
            return i + (size_t)__builtin_ctzll(m) / 8;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\')
            return i;
    }
    return len;
}

static void put_string(ht_jsonw *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    char *o = room(w, len + 2);  /* more only if something needs escaping */
    if (!o)
        return;
    *o++ = '"';
    size_t run = 0;
    for (size_t i = next_escape(s, 0, len); i < len; i = next_escape(s, i + 1, len)) {
        unsigned char c = (unsigned char)s[i];
        memcpy(o, s + run, i - run);
        w->len = (size_t)(o - w->buf) + (i - run);
        run = i + 1;
        if (!(o = room(w, 6 + (len - i) + 1)))
            return;
        *o++ = '\\';
        switch (c) {
        case '"': case '\\': *o++ = (char)c; break;
        case '\n': *o++ = 'n'; break;
        case '\t': *o++ = 't'; break;
        case '\r': *o++ = 'r'; break;
        default:
            *o++ = 'u', *o++ = '0', *o++ = '0', *o++ = hex[c >> 4], *o++ = hex[c & 15];
        }
    }
    memcpy(o, s + run, len - run);
    o += len - run;
    *o++ = '"';
    *o = '\0';
    w->len = (size_t)(o - w->buf);
}

void ht_jsonw_key_escaped(ht_jsonw *w, const char *key, size_t len)
{
    separate(w);
    put_string(w, key, len);
    ht_jsonw_raw(w, ":", 1);
    w->after_key = 1;
}

void ht_jsonw_key_plain(ht_jsonw *w, const char *key, size_t len)
{
    /* A report writes tens of keys per actor: the comma, the quoted key and
     * the colon go in with one check for room. */
    int comma = !w->after_key && !w->first[w->depth];
    if (!w->after_key)
        w->first[w->depth] = 0;
    char *o = room(w, len + 4);
    if (!o)
        return;
    if (comma)
        *o++ = ',';
    *o++ = '"';
    memcpy(o, key, len);
    o += len;
    *o++ = '"';
    *o++ = ':';
    *o = '\0';
    w->len = (size_t)(o - w->buf);
    w->after_key = 1;
}

void ht_jsonw_string_n(ht_jsonw *w, const char *s, size_t len)
{
    separate(w);
    put_string(w, s, len);
}

void ht_jsonw_string(ht_jsonw *w, const char *s)
{
    ht_jsonw_string_n(w, s, strlen(s));
}

/* Bytes of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
static size_t seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
}

void ht_jsonw_string_lossy(ht_jsonw *w, const char *s)
{
    size_t len = strlen(s), o = 0;
    if (ht_utf8_valid(s, len)) {
        ht_jsonw_string_n(w, s, len);
        return;
    }
    char *fixed = malloc(len * 3 + 1);
    if (!fixed) {
        w->failed = 1;
        return;
    }
    for (size_t i = 0; i < len;) {
        size_t k = seq_len((unsigned char)s[i]);
        if (k && k <= len - i && ht_utf8_valid(s + i, k)) {
            memcpy(fixed + o, s + i, k);
            o += k, i += k;
        } else {
            memcpy(fixed + o, "\xef\xbf\xbd", 3);
            o += 3, i++;
        }
    }
    ht_jsonw_string_n(w, fixed, o);
    free(fixed);
}

/* Digits of v into the end of buf (no sign); returns where they start. */
static char *digits(unsigned long long v, char *end)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

void ht_jsonw_int(ht_jsonw *w, long long v)
{
    char b[24], *end = b + sizeof b;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char *p = digits(u, end);
    if (v < 0)
        *--p = '-';
    separate(w);
    ht_jsonw_raw(w, p, (size_t)(end - p));
}

void ht_jsonw_real(ht_jsonw *w, double v)
{
    if (!isfinite(v) || fabs(v) > 1e14)
        v = 0;
    long long scaled = llround(v * 10000);
    unsigned long long u = scaled < 0 ? 0ULL - (unsigned long long)scaled
                                      : (unsigned long long)scaled;
    unsigned frac = (unsigned)(u % 10000);
    char b[40], *end = b + sizeof b, *p = end;
    if (frac) {  /* four decimals without trailing zeros */
        int n = 4;
        while (frac % 10 == 0) {
            frac /= 10;
            n--;
        }
        for (int i = 0; i < n; i++, frac /= 10)
            *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    p = digits(u / 10000, p);
    if (scaled < 0)
        *--p = '-';
    separate(w);
    ht_jsonw_raw(w, p, (size_t)(end - p));
}

void ht_jsonw_bool(ht_jsonw *w, int v)
{
    separate(w);
    ht_jsonw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void ht_jsonw_null(ht_jsonw *w)
{
    separate(w);
    ht_jsonw_raw(w, "null", 4);
}
