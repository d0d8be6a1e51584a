/* jsonobj.c: the single-pass JSON Lines record parser (see jsonobj.h).
 *
 * One loop reads a value at a time; an open object or array is pushed on an
 * explicit stack of at most HT_JOBJ_MAX_DEPTH entries, so no input reaches
 * the C stack. Strings are checked eight bytes at a time up to the next
 * quote, backslash, control or non-ASCII byte; a wanted string is only
 * located here, and copied (with its escapes undone) by ht_jobj_string().
 * Keys are kept, decoded, in a hash table of the open objects, so that a
 * duplicate is found in any object at any depth without quadratic cost. Its
 * hash starts from a random seed per parser, so that keys cannot be made to
 * share a bucket (an unseeded hash let a crafted line of colliding keys cost
 * time quadratic in their number). Which bucket a key lands in changes no
 * result.
 *
 * Where Jansson 2.14 is odd, it is matched, not fixed:
 * - One NUL byte right after a number or a literal (true, false, null) is
 *   skipped: Jansson's lexer pushes that byte back into a buffer in which
 *   NUL means "empty", and so loses it. '{"a":1\0}' is accepted;
 *   '{"a":1\0\0}', '{"a":"x"\0}' and '{}\0' are not.
 * - Depth counts values, not containers, the top-level value being at 1: an
 *   empty array may sit at depth 2048, but not the 1 in 2048 nested arrays.
 * - An integer outside long long, or a real that overflows a double, is an
 *   error wherever it is, even in a member nobody reads; a real that
 *   underflows to 0 is not.
 * - DEL (0x7f) may stand raw in a string; only bytes below 0x20 may not.
 * Messages follow Jansson's wording, their columns count code points. */
#define _DEFAULT_SOURCE  /* getentropy */
#include "training/jsonobj.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "features/hash.h"
#include "features/text.h"

#define NEAR_MAX 20            /* longer tokens are not quoted in messages (as Jansson) */
#define KEEP_KEYS (1u << 16)   /* key tables grown larger by one line are given back */
#define KEEP_ARENA (1u << 22)

/* A key of an open object: keys without escapes point into the line,
 * decoded ones into the arena. A bucket's entries are chained newest first. */
typedef struct key_entry {
    size_t off;        /* into the line, or into the arena if in_arena */
    size_t len;
    size_t next;       /* index + 1 of the next older entry in the bucket, 0: none */
    uint32_t hash;
    int in_arena;
} key_entry;

struct ht_jobj_parser {
    const char *s;                 /* the line being parsed */
    size_t len, i;                 /* its length, the read position */
    ht_jobj_error *err;
    const char *const *want;       /* the wanted top-level keys */
    size_t nwant;
    ht_jobj_value *vals;
    ht_jobj_value *slot;           /* where the next value is described, if wanted */
    size_t depth;                  /* containers open */
    unsigned char kind[HT_JOBJ_MAX_DEPTH];   /* '{' or '[' */
    size_t first_key[HT_JOBJ_MAX_DEPTH];     /* an object's first entry in keys */
    key_entry *keys;
    size_t nkeys, cap_keys;
    size_t *buckets;               /* nbuckets (a power of two) chain heads */
    size_t nbuckets;
    char *arena;                   /* decoded keys of escaped names */
    size_t arena_len, arena_cap;
    uint64_t seed;                 /* of the key hash */
};

/* A seed nobody can guess from the input: the system's entropy, or failing
 * that, the time and where this parser lives. */
static uint64_t random_seed(const void *p)
{
    uint64_t seed;
    if (getentropy(&seed, sizeof seed) == 0)
        return seed;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ht_fmix64((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^ (uint64_t)(uintptr_t)p);
}

ht_jobj_parser *ht_jobj_new(void)
{
    ht_jobj_parser *p = calloc(1, sizeof(ht_jobj_parser));
    if (p)
        p->seed = random_seed(p);
    return p;
}

void ht_jobj_free(ht_jobj_parser *p)
{
    if (!p)
        return;
    free(p->keys);
    free(p->buckets);
    free(p->arena);
    free(p);
}

/* ---- errors ------------------------------------------------------------------------------ */

/* Reports what is wrong, noticed at byte at; returns -1. */
__attribute__((format(printf, 3, 4)))
static int fail(ht_jobj_parser *p, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->text, sizeof p->err->text, fmt, ap);
    va_end(ap);
    p->err->column = ht_utf8_count(p->s, at < p->len ? at : p->len) + 1;
    return -1;
}

static int nomem(ht_jobj_parser *p)
{
    snprintf(p->err->text, sizeof p->err->text, "out of memory");
    p->err->column = 0;
    return -2;
}

static int printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return 0;
    return 1;
}

static size_t utf8_seq(const unsigned char *s, size_t n);

/* Reports what is wrong with the token s[a..b): "what near 'TOKEN'" if it is
 * short and printable, "what near end of file" at the end; a token that is
 * not UTF-8 is reported as such instead (as Jansson does). */
static int fail_near(ht_jobj_parser *p, size_t a, size_t b, const char *what)
{
    if (a >= p->len)
        return fail(p, p->len, "%s near end of file", what);
    unsigned char c = (unsigned char)p->s[a];
    if (c >= 0x80 && !utf8_seq((const unsigned char *)p->s + a, p->len - a))
        return fail(p, a, "unable to decode byte 0x%x", c);
    if (b > p->len)
        b = p->len;
    if (b - a <= NEAR_MAX && printable(p->s + a, b - a))
        return fail(p, b - 1, "%s near '%.*s'", what, (int)(b - a), p->s + a);
    return fail(p, b > a ? b - 1 : a, "%s", what);
}

/* ---- bytes ------------------------------------------------------------------------------- */

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_number_char(unsigned char c)
{
    return is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* The end of the token at a, to quote it in a message as Jansson does: a run
 * of letters or of number characters, a string (only so far as it could be
 * quoted), or one byte. */
static size_t token_end(const ht_jobj_parser *p, size_t a)
{
    const unsigned char *s = (const unsigned char *)p->s;
    size_t b = a + 1, n = p->len;
    if (a >= n)
        return a;
    if (is_alpha(s[a]))
        while (b < n && is_alpha(s[b]))
            b++;
    else if (s[a] == '-' || is_digit(s[a]))
        while (b < n && is_number_char(s[b]))
            b++;
    else if (s[a] == '"') {
        while (b < n && b - a <= NEAR_MAX && s[b] != '"')
            b += s[b] == '\\' ? 2 : 1;
        b = b < n ? b + 1 : n;
    }
    return b;
}

static void skip_ws(ht_jobj_parser *p)
{
    while (p->i < p->len) {
        char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        p->i++;
    }
}

/* Jansson loses one NUL byte right after a number or literal (see the top). */
static void skip_lost_nul(ht_jobj_parser *p)
{
    if (p->i < p->len && p->s[p->i] == '\0')
        p->i++;
}

/* Bytes of the strict UTF-8 sequence at s[0..n) (no overlongs, surrogates or
 * code points over U+10FFFF, as Jansson's utf8_check_full), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (k == 0 || n < k)
        return 0;
    uint32_t cp = c & (k == 2 ? 0x1f : k == 3 ? 0x0f : 0x07);
    for (size_t j = 1; j < k; j++) {
        if ((s[j] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[j] & 0x3f);
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000))
        return 0;
    return k;
}

/* Bit 7 of each byte of x that ends a plain run in a string: below 0x20,
 * '"', '\\', or 0x80 and above. Exact per byte: the sums stay within a byte. */
static inline uint64_t specials_in(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, lo7 = 0x7f7f7f7f7f7f7f7fULL;
    const uint64_t highs = 0x8080808080808080ULL;
    uint64_t ctrl = ~((x & lo7) + 0x60 * ones);
    uint64_t q = x ^ ('"' * ones), b = x ^ ('\\' * ones);
    uint64_t is_q = ~((q & lo7) + lo7), is_b = ~((b & lo7) + lo7);
    return (ctrl | is_q | is_b | x) & highs;
}

/* The first byte of s[i..n) that specials_in() flags, or n. */
static size_t next_special(const unsigned char *s, size_t i, size_t n)
{
    for (; i + 8 <= n; i += 8) {
        uint64_t m = specials_in(ht_load64le(s + i));
        if (m)
            return i + (size_t)__builtin_ctzll(m) / 8;
    }
    for (; i < n; i++)
        if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\' || s[i] >= 0x80)
            return i;
    return n;
}

/* ---- strings ----------------------------------------------------------------------------- */

/* The four hex digits at s[0..n) into *v; 0 if there are not four. */
static int hex4(const unsigned char *s, size_t n, uint32_t *v)
{
    uint32_t x = 0;
    if (n < 4)
        return 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = s[k];
        if (is_digit((unsigned char)c))
            x = x << 4 | (c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            x = x << 4 | ((c | 0x20) - 'a' + 10);
        else
            return 0;
    }
    *v = x;
    return 1;
}

/* Checks the "\u" escape at s[*pi] and a low surrogate after a high one;
 * moves *pi past them. 0, or -1 (reported). */
static int scan_unicode(ht_jobj_parser *p, size_t *pi)
{
    const unsigned char *s = (const unsigned char *)p->s;
    size_t i = *pi, n = p->len;
    uint32_t hi, lo;
    if (!hex4(s + i + 2, n - i - 2, &hi))
        return fail(p, i + 1, "invalid escape");
    i += 6;
    if (hi >= 0xdc00 && hi <= 0xdfff)
        return fail(p, i - 1, "invalid Unicode '\\u%04X'", (unsigned)hi);
    if (hi >= 0xd800 && hi <= 0xdbff) {
        if (!(i + 1 < n && s[i] == '\\' && s[i + 1] == 'u'))
            return fail(p, i - 1, "invalid Unicode '\\u%04X'", (unsigned)hi);
        if (!hex4(s + i + 2, n - i - 2, &lo))
            return fail(p, i + 1, "invalid escape");
        i += 6;
        if (lo < 0xdc00 || lo > 0xdfff)
            return fail(p, i - 1, "invalid Unicode '\\u%04X\\u%04X'", (unsigned)hi,
                        (unsigned)lo);
    }
    *pi = i;
    return 0;
}

/* Checks the escape at s[*pi] (a backslash) and moves *pi past it. */
static int scan_escape(ht_jobj_parser *p, size_t *pi)
{
    size_t i = *pi;
    if (i + 1 >= p->len)
        return fail(p, p->len, "premature end of input");
    switch (p->s[i + 1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        *pi = i + 2;
        return 0;
    case 'u':
        return scan_unicode(p, pi);
    default:
        return fail(p, i + 1, "invalid escape");
    }
}

/* Checks the string whose opening quote is at p->i and moves past it; its
 * contents are s[*a..*b). 0, or -1 (reported). */
static int scan_string(ht_jobj_parser *p, size_t *a, size_t *b, int *escaped)
{
    const unsigned char *s = (const unsigned char *)p->s;
    size_t i = p->i + 1, n = p->len;
    *a = i;
    *escaped = 0;
    for (;;) {
        i = next_special(s, i, n);
        if (i >= n)
            return fail(p, n, "premature end of input");
        unsigned c = s[i];
        if (c == '"')
            break;
        if (c == '\\') {
            *escaped = 1;
            if (scan_escape(p, &i) < 0)
                return -1;
        } else if (c >= 0x80) {
            size_t k = utf8_seq(s + i, n - i);
            if (!k)
                return fail(p, i, "unable to decode byte 0x%x", c);
            i += k;
        } else {
            return fail(p, i, "control character 0x%x", c);
        }
    }
    *b = i;
    p->i = i + 1;
    return 0;
}

static size_t put_utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static char unescape(char c)
{
    switch (c) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return c;  /* '"', '\\', '/' */
    }
}

/* Undoes the escapes of raw[0..n), a string scan_string() accepted, into out
 * (room for n bytes: no escape grows); returns the bytes written. */
static size_t decode(const char *raw, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        const char *bs = memchr(raw + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - raw) - i : n - i;
        memcpy(out + o, raw + i, run);
        o += run;
        i += run;
        if (i >= n)
            break;
        if (raw[i + 1] != 'u') {
            out[o++] = unescape(raw[i + 1]);
            i += 2;
            continue;
        }
        uint32_t cp = 0, lo = 0xdc00;
        hex4((const unsigned char *)raw + i + 2, 4, &cp);
        i += 6;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            hex4((const unsigned char *)raw + i + 2, 4, &lo);
            i += 6;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }
        o += put_utf8(cp, out + o);
    }
    return o;
}

char *ht_jobj_string(const ht_jobj_value *v, size_t *len)
{
    char *out = malloc(v->raw_len + 1);
    if (!out)
        return NULL;
    size_t n = v->raw_len;
    if (v->escaped)
        n = decode(v->raw, v->raw_len, out);
    else
        memcpy(out, v->raw, n);
    out[n] = '\0';
    if (len)
        *len = n;
    return out;
}

/* ---- numbers and literals ---------------------------------------------------------------- */

static size_t digits_end(const char *s, size_t i, size_t n)
{
    while (i < n && is_digit((unsigned char)s[i]))
        i++;
    return i;
}

/* The integer s[a..b) ('-'? digits) into *out, refused as strtoll() would
 * refuse it outside long long. */
static int read_integer(ht_jobj_parser *p, size_t a, size_t b, long long *out)
{
    int neg = p->s[a] == '-';
    unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
    unsigned long long u = 0;
    for (size_t i = a + (size_t)neg; i < b; i++) {
        unsigned d = (unsigned)(p->s[i] - '0');
        if (u > (limit - d) / 10)
            return fail_near(p, a, b, neg ? "too big negative integer" : "too big integer");
        u = u * 10 + d;
    }
    *out = !neg ? (long long)u : u == limit ? LLONG_MIN : -(long long)u;
    return 0;
}

/* Decimal exponent of the real s[a..b), clamped far beyond any double. */
static long exponent_of(const char *s, size_t a, size_t b)
{
    size_t i = a;
    while (i < b && s[i] != 'e' && s[i] != 'E')
        i++;
    if (i++ >= b)
        return 0;
    int neg = s[i] == '-';
    i += s[i] == '-' || s[i] == '+';
    long e = 0;
    for (; i < b && e < 100000; i++)
        e = e * 10 + (s[i] - '0');
    return neg ? -e : e;
}

/* Whether the real s[a..b) overflows a double, as Jansson's strtod() finds
 * (with '.' made the locale's decimal point, as Jansson does). Below 10^308
 * it cannot, and strtod() is spared. 1, 0, or -2 out of memory. */
static int real_overflows(ht_jobj_parser *p, size_t a, size_t b)
{
    const char *s = p->s;
    size_t i = a + (s[a] == '-');
    size_t int_digits = s[i] == '0' ? 0 : digits_end(s, i, b) - i;
    if (int_digits < 1000 && (long)int_digits + exponent_of(s, a, b) <= 308)
        return 0;
    char *copy = malloc(b - a + 1);
    if (!copy)
        return -2;
    memcpy(copy, s + a, b - a);
    copy[b - a] = '\0';
    const char *point = localeconv()->decimal_point;
    char *dot = strchr(copy, '.');
    if (dot && point[0] != '.')
        *dot = point[0];
    errno = 0;
    double v = strtod(copy, NULL);
    int over = (v == HUGE_VAL || v == -HUGE_VAL) && errno == ERANGE;
    free(copy);
    return over;
}

/* Reads the number at p->i into v: an integer unless a fraction or an
 * exponent follows its digits, as Jansson's lexer decides. */
static int scan_number(ht_jobj_parser *p, ht_jobj_value *v)
{
    const char *s = p->s;
    size_t a = p->i, n = p->len, i = a + (s[a] == '-');
    if (i >= n || !is_digit((unsigned char)s[i]))
        return fail_near(p, a, i, "invalid token");
    if (s[i] == '0' && i + 1 < n && is_digit((unsigned char)s[i + 1]))
        return fail_near(p, a, i + 1, "invalid token");
    i = s[i] == '0' ? i + 1 : digits_end(s, i, n);
    size_t int_end = i;
    if (i < n && s[i] == '.') {
        if (i + 1 >= n || !is_digit((unsigned char)s[i + 1]))
            return fail_near(p, a, i + 1, "invalid token");
        i = digits_end(s, i + 1, n);
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1 + (i + 1 < n && (s[i + 1] == '+' || s[i + 1] == '-'));
        if (j >= n || !is_digit((unsigned char)s[j]))
            return fail_near(p, a, j, "invalid token");
        i = digits_end(s, j, n);
    }
    p->i = i;
    skip_lost_nul(p);
    if (i == int_end) {
        v->type = HT_JOBJ_INTEGER;
        return read_integer(p, a, i, &v->integer);
    }
    v->type = HT_JOBJ_REAL;
    int over = real_overflows(p, a, i);
    if (over < 0)
        return nomem(p);
    return over ? fail_near(p, a, i, "real number overflow") : 0;
}

/* Reads true, false or null; like Jansson, the whole run of letters is one token. */
static int scan_literal(ht_jobj_parser *p, ht_jobj_value *v)
{
    size_t a = p->i, b = a;
    while (b < p->len && is_alpha((unsigned char)p->s[b]))
        b++;
    const char *w = p->s + a;
    if (b - a == 4 && !memcmp(w, "true", 4))
        v->type = HT_JOBJ_TRUE;
    else if (b - a == 5 && !memcmp(w, "false", 5))
        v->type = HT_JOBJ_FALSE;
    else if (b - a == 4 && !memcmp(w, "null", 4))
        v->type = HT_JOBJ_NULL;
    else
        return fail_near(p, a, b, "invalid token");
    p->i = b;
    skip_lost_nul(p);
    return 0;
}

/* ---- keys -------------------------------------------------------------------------------- */

/* The key's hash from the parser's seed: its bytes eight at a time. */
static uint32_t key_hash(const ht_jobj_parser *p, const char *k, size_t n)
{
    uint64_t h = p->seed;
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        h = ht_key_absorb(h, ht_load64le(k + i));
    uint64_t w = 0;
    for (size_t j = n; j > i; j--)
        w = w << 8 | (unsigned char)k[j - 1];
    return (uint32_t)ht_fmix64(ht_key_absorb(h, w) ^ n);
}

static const char *key_text(const ht_jobj_parser *p, const key_entry *e)
{
    return e->in_arena ? p->arena + e->off : p->s + e->off;
}

/* Doubles the buckets and chains every entry again, oldest first, so that
 * each chain stays newest first. */
static int grow_buckets(ht_jobj_parser *p)
{
    size_t nb = p->nbuckets ? 2 * p->nbuckets : 64;
    size_t *b = calloc(nb, sizeof *b);
    if (!b)
        return -1;
    free(p->buckets);
    p->buckets = b;
    p->nbuckets = nb;
    for (size_t i = 0; i < p->nkeys; i++) {
        key_entry *e = &p->keys[i];
        e->next = b[e->hash & (nb - 1)];
        b[e->hash & (nb - 1)] = i + 1;
    }
    return 0;
}

static int make_room_for_key(ht_jobj_parser *p)
{
    if (p->nkeys == p->cap_keys) {
        size_t cap = p->cap_keys ? 2 * p->cap_keys : 64;
        key_entry *k = realloc(p->keys, cap * sizeof *k);
        if (!k)
            return -1;
        p->keys = k;
        p->cap_keys = cap;
    }
    return p->nkeys + 1 > p->nbuckets ? grow_buckets(p) : 0;
}

/* Adds key k[0..n) (at off, in the line or the arena) to the innermost
 * object: -1 (reported for the token from byte at to p->i) if that object
 * has it already, -2 out of memory. Only this object's entries are compared:
 * they are the newest. */
static int add_key(ht_jobj_parser *p, const char *k, size_t n, size_t off, int in_arena,
                   size_t at)
{
    uint32_t h = key_hash(p, k, n);
    size_t first = p->first_key[p->depth - 1];
    for (size_t e = p->nbuckets ? p->buckets[h & (p->nbuckets - 1)] : 0; e > first;
         e = p->keys[e - 1].next) {
        const key_entry *o = &p->keys[e - 1];
        if (o->hash == h && o->len == n && !memcmp(key_text(p, o), k, n))
            return fail_near(p, at, p->i, "duplicate object key");
    }
    if (make_room_for_key(p))
        return nomem(p);
    size_t *head = &p->buckets[h & (p->nbuckets - 1)];
    p->keys[p->nkeys] = (key_entry){ off, n, *head, h, in_arena };
    *head = ++p->nkeys;
    return 0;
}

/* Drops the keys from entry first on (an object closed). */
static void pop_keys(ht_jobj_parser *p, size_t first)
{
    while (p->nkeys > first) {
        key_entry *e = &p->keys[--p->nkeys];
        p->buckets[e->hash & (p->nbuckets - 1)] = e->next;
        if (e->in_arena)
            p->arena_len = e->off;
    }
}

/* Decodes an escaped key into the arena, after what it holds; *k points to it. */
static int decode_key(ht_jobj_parser *p, const char *raw, size_t n, const char **k, size_t *len)
{
    if (p->arena_len + n > p->arena_cap) {
        size_t cap = p->arena_cap ? p->arena_cap : 256;
        while (cap < p->arena_len + n)
            cap *= 2;
        char *a = realloc(p->arena, cap);
        if (!a)
            return nomem(p);
        p->arena = a;
        p->arena_cap = cap;
    }
    *k = p->arena + p->arena_len;
    *len = decode(raw, n, p->arena + p->arena_len);
    return 0;
}

/* The slot of the wanted key k[0..n), or NULL. */
static ht_jobj_value *wanted(const ht_jobj_parser *p, const char *k, size_t n)
{
    for (size_t j = 0; j < p->nwant; j++)
        if (strlen(p->want[j]) == n && !memcmp(p->want[j], k, n))
            return &p->vals[j];
    return NULL;
}

/* Reads `"key" :` of the innermost object, p->i at the key. */
static int member_key(ht_jobj_parser *p)
{
    size_t a, b, n;
    int escaped, rc;
    skip_ws(p);
    if (p->i >= p->len || p->s[p->i] != '"')
        return fail_near(p, p->i, token_end(p, p->i), "string or '}' expected");
    if (scan_string(p, &a, &b, &escaped) < 0)
        return -1;
    const char *k = p->s + a;
    size_t off = a;
    n = b - a;
    if (escaped) {
        off = p->arena_len;
        if ((rc = decode_key(p, p->s + a, b - a, &k, &n)) < 0)
            return rc;
        if (memchr(k, '\0', n))
            return fail_near(p, a - 1, b + 1, "NUL byte in object key not supported");
    }
    if ((rc = add_key(p, k, n, off, escaped, a - 1)) < 0)
        return rc;
    if (escaped)
        p->arena_len += n;
    if (p->depth == 1)
        p->slot = wanted(p, escaped ? p->arena + off : p->s + off, n);
    skip_ws(p);
    if (p->i >= p->len || p->s[p->i] != ':')
        return fail_near(p, p->i, token_end(p, p->i), "':' expected");
    p->i++;
    return 0;
}

/* ---- values ------------------------------------------------------------------------------ */

/* Opens the object or array at p->i: 1 if it is empty (and read), 2 if a
 * value is to follow (for an object, after its first key). */
static int open_container(ht_jobj_parser *p, unsigned char c)
{
    p->i++;
    skip_ws(p);
    if (p->i < p->len && p->s[p->i] == (c == '{' ? '}' : ']')) {
        p->i++;
        return 1;
    }
    p->kind[p->depth] = c;
    p->first_key[p->depth] = p->nkeys;
    p->depth++;
    int rc = c == '{' ? member_key(p) : 0;
    return rc < 0 ? rc : 2;
}

/* Reads the value at p->i (after whitespace): 1 if it is read whole, 2 if a
 * container was opened, -1 or -2 on error. */
static int value(ht_jobj_parser *p)
{
    ht_jobj_value scratch, *v = p->slot ? p->slot : &scratch;
    p->slot = NULL;
    skip_ws(p);
    if (p->depth >= HT_JOBJ_MAX_DEPTH)
        return fail_near(p, p->i, token_end(p, p->i), "maximum parsing depth reached");
    if (p->i >= p->len)
        return fail(p, p->len, "unexpected token near end of file");
    unsigned char c = (unsigned char)p->s[p->i];
    size_t a, b;
    switch (c) {
    case '{': case '[':
        v->type = c == '{' ? HT_JOBJ_OBJECT : HT_JOBJ_ARRAY;
        return open_container(p, c);
    case '"':
        if (scan_string(p, &a, &b, &v->escaped) < 0)
            return -1;
        v->type = HT_JOBJ_STRING;
        v->raw = p->s + a;
        v->raw_len = b - a;
        return 1;
    case '}': case ']': case ':': case ',':
        return fail_near(p, p->i, p->i + 1, "unexpected token");
    }
    if (c == '-' || is_digit(c)) {
        int rc = scan_number(p, v);
        return rc < 0 ? rc : 1;
    }
    if (is_alpha(c))
        return scan_literal(p, v) < 0 ? -1 : 1;
    return fail_near(p, p->i, p->i + 1, "invalid token");
}

/* After a value: reads the ',' or the closing bracket that follows, closing
 * the containers that end. 1 if a value is to follow, 0 when the top-level
 * value is complete, -1 or -2 on error. */
static int after_value(ht_jobj_parser *p)
{
    while (p->depth > 0) {
        unsigned char kind = p->kind[p->depth - 1];
        skip_ws(p);
        char c = p->i < p->len ? p->s[p->i] : '\0';
        if (p->i < p->len && c == ',') {
            p->i++;
            int rc = kind == '{' ? member_key(p) : 0;
            return rc < 0 ? rc : 1;
        }
        if (p->i >= p->len || c != (kind == '{' ? '}' : ']'))
            return fail_near(p, p->i, token_end(p, p->i),
                             kind == '{' ? "'}' expected" : "']' expected");
        p->i++;
        p->depth--;
        if (kind == '{')
            pop_keys(p, p->first_key[p->depth]);
    }
    return 0;
}

/* Gives back key tables that one large line grew, so memory stays flat. */
static void start(ht_jobj_parser *p)
{
    pop_keys(p, 0);
    p->arena_len = 0;
    p->depth = 0;
    if (p->cap_keys > KEEP_KEYS) {
        free(p->keys);
        free(p->buckets);
        p->keys = NULL;
        p->buckets = NULL;
        p->cap_keys = p->nbuckets = 0;
    }
    if (p->arena_cap > KEEP_ARENA) {
        free(p->arena);
        p->arena = NULL;
        p->arena_cap = 0;
    }
}

int ht_jobj_parse(ht_jobj_parser *p, const char *s, size_t len, const char *const *keys,
                  size_t nkeys, ht_jobj_value *vals, ht_jobj_error *err)
{
    ht_jobj_error spare;
    ht_jobj_value top = { 0 };
    start(p);
    p->s = s;
    p->len = len;
    p->i = 0;
    p->err = err ? err : &spare;
    p->want = keys;
    p->nwant = nkeys;
    p->vals = vals;
    p->slot = &top;
    if (nkeys)
        memset(vals, 0, nkeys * sizeof *vals);
    int rc;
    do {
        rc = value(p);
        if (rc == 1)
            rc = after_value(p);
        else if (rc == 2)
            rc = 1;
    } while (rc == 1);
    if (rc < 0)
        return rc;
    skip_ws(p);
    if (p->i < len)
        return fail_near(p, p->i, token_end(p, p->i), "end of file expected");
    return (int)top.type;
}
