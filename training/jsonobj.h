/* jsonobj.h: a strict single-pass parser for one JSON Lines record.
 *
 * What the JSON Lines reader needs from a line, without building a tree:
 * whether the line is exactly one JSON value, of which type, and where the
 * wanted members of a top-level object are. Everything else is checked and
 * skipped. It accepts exactly what Jansson 2.14's json_loadb() accepts with
 * JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, the flags the
 * reader used before (tests/fuzz/fuzz_jsonobj.c holds the two side by side):
 * strict UTF-8 everywhere, no duplicate key in any object at any depth, no
 * "\u0000" in keys, lone surrogates refused, integers within long long,
 * reals that do not overflow a double, values at most HT_JOBJ_MAX_DEPTH
 * deep, and nothing but whitespace after the value. Nesting is followed with
 * an explicit stack, never recursion. */
#ifndef HT_JSONOBJ_H
#define HT_JSONOBJ_H

#include <stddef.h>

/* Jansson's JSON_PARSER_MAX_DEPTH: the top-level value is at depth 1. */
#define HT_JOBJ_MAX_DEPTH 2048

typedef enum ht_jobj_type {
    HT_JOBJ_ABSENT = 0,  /* no such member (or not an object) */
    HT_JOBJ_NULL,
    HT_JOBJ_FALSE,
    HT_JOBJ_TRUE,
    HT_JOBJ_INTEGER,
    HT_JOBJ_REAL,
    HT_JOBJ_STRING,
    HT_JOBJ_ARRAY,
    HT_JOBJ_OBJECT
} ht_jobj_type;

/* A wanted member's value; it points into the parsed line. */
typedef struct ht_jobj_value {
    ht_jobj_type type;
    const char *raw;      /* STRING: the bytes between the quotes, as written */
    size_t raw_len;
    int escaped;          /* STRING: raw holds a backslash escape */
    long long integer;    /* INTEGER: its value (Jansson's json_int_t here) */
} ht_jobj_value;

typedef struct ht_jobj_error {
    char text[160];       /* what is wrong, e.g. "duplicate object key" */
    size_t column;        /* 1-based code point where it was noticed */
} ht_jobj_error;

/* Holds the keys of the objects being read, reused from line to line. */
typedef struct ht_jobj_parser ht_jobj_parser;

ht_jobj_parser *ht_jobj_new(void);
void ht_jobj_free(ht_jobj_parser *p);

/* Parses s[0..len) as one JSON value between optional whitespace. Returns
 * its type (> 0), -1 if it is not valid JSON (err says why) or -2 if out of
 * memory. vals[i] gets the value of the top-level member named keys[i] (type
 * HT_JOBJ_ABSENT if there is none, or if the value is not an object). */
int ht_jobj_parse(ht_jobj_parser *p, const char *s, size_t len, const char *const *keys,
                  size_t nkeys, ht_jobj_value *vals, ht_jobj_error *err);

/* A string value with its escapes undone, as a NUL-terminated heap copy
 * (it may hold NUL bytes; *len counts its bytes). NULL if out of memory. */
char *ht_jobj_string(const ht_jobj_value *v, size_t *len);

#endif
