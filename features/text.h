/* text.h: reading raw input into clean, normalised UTF-8 that remembers where
 * everything came from.
 *
 * Input of any kind is accepted: a leading BOM is dropped, CRLF and lone CR
 * become LF, NUL bytes become spaces, invalid UTF-8 becomes U+FFFD (one per
 * bad byte, counted), and the result is NFC. Offsets into the normalised text
 * map back to byte and code-point offsets in the original input, so that spans
 * reported to users point into what they gave us. */
#ifndef HT_TEXT_H
#define HT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "features/error.h"

/* From this anchor on, normalised and original bytes are identical until the
 * next anchor. Anchors are also laid every HT_TEXT_ANCHOR_STEP bytes so that a
 * random lookup scans a bounded stretch. */
typedef struct ht_anchor {
    size_t norm;
    size_t orig_byte;
    size_t orig_cp;
    size_t norm_cp;   /* code points of the normalised text before norm */
} ht_anchor;

#define HT_TEXT_ANCHOR_STEP 1024

typedef struct ht_text {
    char *s;          /* normalised UTF-8, NUL-terminated (no NULs inside) */
    size_t len;       /* bytes in s, without the terminator */
    size_t orig_len;  /* bytes of the input */
    size_t orig_cps;  /* code points of the input (a bad byte counts as one) */
    size_t invalid;   /* invalid byte sequences replaced by U+FFFD */
    ht_anchor *anchors;
    size_t nanchors, cap_anchors;
    size_t cap;       /* bytes allocated for s */
    /* Code points of s before each block of HT_TEXT_BLOCK bytes: an offset's
     * code point is found by counting at most one block (16 words). */
    size_t *block_cps;
    size_t cap_blocks;
} ht_text;

#define HT_TEXT_BLOCK 128

/* A position in the original input. */
typedef struct ht_pos {
    size_t byte;
    size_t cp;
} ht_pos;

/* Normalises len bytes of data (which may hold anything) into t. */
ht_status ht_text_init(ht_text *t, const char *data, size_t len, ht_error *err);
/* As ht_text_init, for a t that holds a text already (or is zeroed): its
 * buffers are reused, so reading text after text does not allocate. */
ht_status ht_text_set(ht_text *t, const char *data, size_t len, ht_error *err);
void ht_text_free(ht_text *t);

/* Maps offset norm (0..t->len) of the normalised text back to the original,
 * in any order, at the cost of a binary search and at most one block. */
ht_pos ht_text_orig(const ht_text *t, size_t norm);

/* 1 if s[0..len) is strict UTF-8 (no overlong forms, surrogates or code
 * points over U+10FFFF), else 0. For input that must be refused, not repaired. */
int ht_utf8_valid(const char *s, size_t len);

/* Code points in s[0..len) of valid UTF-8 (continuation bytes are not counted). */
size_t ht_utf8_count(const char *s, size_t len);

/* Decodes one code point of valid UTF-8 at s[i] (i < len); stores its length. */
int32_t ht_utf8_decode(const char *s, size_t len, size_t i, int *nbytes);
/* Encodes cp into out (4 bytes room); returns the length. */
int ht_utf8_encode(int32_t cp, char *out);

#endif
