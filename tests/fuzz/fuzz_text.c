/* fuzz_text.c: libFuzzer target for reading and tokenising text
 * (features/text.c, features/token.c).
 *
 * The input is any bytes, as an article from the web may be. Checked besides
 * the sanitizers: the normalised text is valid UTF-8 without NUL bytes; its
 * offsets map back into the input, in order, the same with a fresh and a
 * running cursor; tokens are ordered, non-empty, non-overlapping spans of the
 * normalised text with a known type; keys fit their buffer; the UTF-8 helpers
 * agree with each other on the raw input. */
#include "tests/fuzz/fuzz.h"

#include "features/extract.h"
#include "features/text.h"
#include "features/token.h"

/* Every code-point boundary of the normalised text maps into the input,
 * without going backwards. */
static void check_offsets(const ht_text *t)
{
    ht_text_cursor run = { 0 };
    ht_pos prev = { 0, 0 };
    for (size_t i = 0; i <= t->len; i++) {
        if (i < t->len && ((unsigned char)t->s[i] & 0xc0) == 0x80)
            continue;
        ht_pos p = ht_text_orig(t, &run, i);
        ht_text_cursor fresh = { 0 };
        ht_pos q = ht_text_orig(t, &fresh, i);
        FUZZ_CHECK(p.byte == q.byte && p.cp == q.cp);
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
        (void)ht_token_key_hash(s, t);
        prev_end = t->end;
    }
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
    ht_tokens tok = { 0 };
    if (ht_tokenize(t.s ? t.s : "", t.len, &tok, &err) == HT_OK) {
        ht_mark_negation(t.s, tok.v, tok.n);
        check_tokens(t.s, t.len, &tok);
    }
    ht_tokens_free(&tok);
    ht_text_free(&t);
    return 0;
}
