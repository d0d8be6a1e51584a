/* fuzz_text.c: libFuzzer target for reading and tokenising text
 * (features/text.c, features/token.c).
 *
 * The input is any bytes, as an article from the web may be. Checked besides
 * the sanitizers: the normalised text is valid UTF-8 without NUL bytes; its
 * offsets map back into the input, in order, the same with a fresh and a
 * running cursor; tokens are ordered, non-empty, non-overlapping spans of the
 * normalised text with a known type; keys fit their buffer; the three ways to
 * a token's key hash (eight bytes at a time, byte by byte, from the key text)
 * agree; ht_tokenize marks negation as ht_mark_negation does; a reused text
 * reads as a fresh one; the UTF-8 helpers agree with each other on the raw
 * input. */
#include "tests/fuzz/fuzz.h"

#include "features/extract.h"
#include "features/hash.h"
#include "features/text.h"
#include "features/token.h"

/* The code point offset of norm counted from its anchor, byte by byte: what
 * the block index of ht_text_orig must agree with. */
static size_t cp_by_walking(const ht_text *t, size_t norm)
{
    size_t a = 0;
    while (a + 1 < t->nanchors && t->anchors[a + 1].norm <= norm)
        a++;
    size_t from = t->nanchors ? t->anchors[a].norm : 0;
    size_t cp = t->nanchors ? t->anchors[a].orig_cp : 0;
    for (size_t i = from; i < norm; i++)
        cp += ((unsigned char)t->s[i] & 0xc0) != 0x80;
    size_t end_cp = a + 1 < t->nanchors ? t->anchors[a + 1].orig_cp : t->orig_cps;
    return t->nanchors && cp > end_cp ? end_cp : cp;
}

/* Every code-point boundary of the normalised text maps into the input,
 * without going backwards, to the code point a walk finds. */
static void check_offsets(const ht_text *t)
{
    ht_pos prev = { 0, 0 };
    for (size_t i = 0; i <= t->len; i++) {
        if (i < t->len && ((unsigned char)t->s[i] & 0xc0) == 0x80)
            continue;
        ht_pos p = ht_text_orig(t, i);
        FUZZ_CHECK(p.cp == cp_by_walking(t, i));
        FUZZ_CHECK(p.byte <= t->orig_len && p.cp <= t->orig_cps);
        FUZZ_CHECK(p.byte >= prev.byte && p.cp >= prev.cp);
        prev = p;
    }
}

static void check_text(const ht_text *t, size_t size)
{
    FUZZ_CHECK(t->s != NULL || t->len == 0);
    FUZZ_CHECK(t->orig_len == size);
    if (!t->s)
        return;
    FUZZ_CHECK(t->s[t->len] == '\0');
    FUZZ_CHECK(memchr(t->s, '\0', t->len) == NULL);
    FUZZ_CHECK(ht_utf8_valid(t->s, t->len));
    FUZZ_CHECK(t->invalid <= size);
    check_offsets(t);
}

static void check_tokens(const char *s, size_t len, const ht_tokens *tok)
{
    char key[64];
    size_t prev_end = 0;
    for (size_t i = 0; i < tok->n; i++) {
        const ht_token *t = &tok->v[i];
        FUZZ_CHECK(t->start < t->end && t->end <= len && t->start >= prev_end);
        FUZZ_CHECK(t->type >= HT_TOK_WORD && t->type <= HT_TOK_SYMBOL);
        FUZZ_CHECK(strcmp(ht_token_type_name(t->type), "?") != 0);
        FUZZ_CHECK(ht_token_key(s, t, key, sizeof key) < sizeof key);
        FUZZ_CHECK(strlen(key) < sizeof key);
        (void)ht_token_is_terminal(s, t);
        prev_end = t->end;
    }
}

static void check_keys(const char *s, const ht_tokens *tok)
{
    uint64_t *keys = malloc((tok->n ? tok->n : 1) * sizeof *keys);
    if (!keys)
        return;
    ht_token_keys(s, tok->v, tok->n, keys);
    for (size_t i = 0; i < tok->n; i++) {
        const ht_token *t = &tok->v[i];
        uint64_t one = ht_token_key_hash(s, t);
        FUZZ_CHECK(keys[i] == one);
        if (t->end - t->start < 160) {  /* keys that fit the buffer uncut (folding grows by half at most) */
            char key[256];
            size_t n = ht_token_key(s, t, key, sizeof key);
            FUZZ_CHECK(one == ht_fmix64(ht_key_prehash(key, n)));
        }
    }
    free(keys);
}

/* Marking negation again changes nothing: ht_tokenize has done it. */
static void check_negation(const char *s, ht_tokens *tok)
{
    uint8_t *before = malloc(tok->n ? tok->n : 1);
    if (!before)
        return;
    for (size_t i = 0; i < tok->n; i++)
        before[i] = tok->v[i].flags;
    ht_mark_negation(s, tok->v, tok->n);
    for (size_t i = 0; i < tok->n; i++)
        FUZZ_CHECK(tok->v[i].flags == before[i]);
    free(before);
}

/* The input read into a text that held another one first. */
static void check_reuse(const uint8_t *data, size_t size, const ht_text *fresh)
{
    static const char other[] = "Vorher: \xc3\x84rger \xff und A\xcc\x88 mit \r\n Zeilen.";
    ht_text t = { 0 };
    ht_error err = { 0 };
    if (ht_text_set(&t, other, sizeof other - 1, &err) == HT_OK &&
        ht_text_set(&t, (const char *)data, size, &err) == HT_OK) {
        FUZZ_CHECK(t.len == fresh->len && t.invalid == fresh->invalid);
        FUZZ_CHECK(t.orig_cps == fresh->orig_cps && t.nanchors == fresh->nanchors);
        FUZZ_CHECK(t.len == 0 || memcmp(t.s, fresh->s, t.len) == 0);
        for (size_t i = 0; i < t.nanchors; i++)
            FUZZ_CHECK(t.anchors[i].norm == fresh->anchors[i].norm &&
                       t.anchors[i].orig_byte == fresh->anchors[i].orig_byte &&
                       t.anchors[i].orig_cp == fresh->anchors[i].orig_cp);
    }
    ht_text_free(&t);
}

/* On valid input, counting, decoding and encoding agree. */
static void check_utf8(const char *s, size_t n)
{
    if (!ht_utf8_valid(s, n))
        return;
    size_t cps = 0;
    for (size_t i = 0; i < n;) {
        int k = 0;
        int32_t cp = ht_utf8_decode(s, n, i, &k);
        char buf[4];
        FUZZ_CHECK(k >= 1 && k <= 4 && i + (size_t)k <= n);
        FUZZ_CHECK(ht_utf8_encode(cp, buf) == k && memcmp(buf, s + i, (size_t)k) == 0);
        i += (size_t)k;
        cps++;
    }
    FUZZ_CHECK(ht_utf8_count(s, n) == cps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ht_text t = { 0 };
    ht_error err = { 0 };
    check_utf8((const char *)data, size);
    if (ht_text_init(&t, (const char *)data, size, &err) != HT_OK) {
        FUZZ_CHECK(err.code == HT_ERR_NOMEM || err.code == HT_ERR_LIMIT);
        ht_text_free(&t);
        return 0;
    }
    check_text(&t, size);
    check_reuse(data, size, &t);
    ht_tokens tok = { 0 };
    if (ht_tokenize(t.s ? t.s : "", t.len, &tok, &err) == HT_OK) {
        check_negation(t.s, &tok);
        check_tokens(t.s, t.len, &tok);
        check_keys(t.s ? t.s : "", &tok);
    }
    ht_tokens_free(&tok);
    ht_text_free(&t);
    return 0;
}
