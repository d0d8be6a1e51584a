/* fuzz_sentence.c: libFuzzer target for paragraph and sentence splitting
 * (features/sentence.c) over a whole analysed document (classifier/document.c).
 *
 * Checked besides the sanitizers: paragraphs cover the tokens in order
 * without gaps or overlaps; each paragraph's sentences cover its tokens the
 * same way; every span's bytes are those of its first and last token; the
 * document's lookups (token at a byte, sentence of a token, byte of a code
 * point) answer inside their ranges. A document is reused for a second text,
 * as a scorer reuses it. */
#include "tests/fuzz/fuzz.h"

#include "classifier/document.h"
#include "features/text.h"

/* Spans [first, first + n) cover tokens [b, e) in order, each from its first to its last token. */
static void check_cover(const ht_doc *d, const ht_span *v, size_t n, size_t b, size_t e)
{
    size_t at = b;
    for (size_t i = 0; i < n; i++) {
        const ht_span *sp = &v[i];
        FUZZ_CHECK(sp->tok_begin == at && sp->tok_begin < sp->tok_end && sp->tok_end <= e);
        FUZZ_CHECK(sp->start == d->tokens.v[sp->tok_begin].start);
        FUZZ_CHECK(sp->end == d->tokens.v[sp->tok_end - 1].end);
        FUZZ_CHECK(sp->start < sp->end && sp->end <= d->text.len);
        at = sp->tok_end;
    }
    FUZZ_CHECK(at == e);
}

static void check_doc(const ht_doc *d)
{
    size_t np = d->paragraphs.n, ntok = d->tokens.n;
    check_cover(d, d->paragraphs.v, np, 0, ntok);
    if (ntok == 0)
        return;
    FUZZ_CHECK(d->para_sent[0] == 0 && d->para_sent[np] == d->sentences.n);
    for (size_t p = 0; p < np; p++) {
        size_t s0 = d->para_sent[p], s1 = d->para_sent[p + 1];
        FUZZ_CHECK(s0 < s1 && s1 <= d->sentences.n);
        check_cover(d, d->sentences.v + s0, s1 - s0, d->paragraphs.v[p].tok_begin,
                    d->paragraphs.v[p].tok_end);
    }
    for (size_t i = 0; i < ntok; i++) {
        size_t s = ht_doc_sentence_of(d, i);
        FUZZ_CHECK(s < d->sentences.n);
        FUZZ_CHECK(d->sentences.v[s].tok_begin <= i && i < d->sentences.v[s].tok_end);
        FUZZ_CHECK(ht_doc_token_at(d, d->tokens.v[i].start) == i);
    }
    FUZZ_CHECK(ht_doc_token_at(d, d->text.len) == ntok);
    size_t cps = ht_utf8_count(d->text.s, d->text.len);
    FUZZ_CHECK(ht_doc_byte_of_cp(d, cps) == d->text.len);
    FUZZ_CHECK(ht_doc_byte_of_cp(d, cps + 5) == d->text.len);
    FUZZ_CHECK(ht_doc_byte_of_cp(d, cps / 2) <= d->text.len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ht_doc d = { 0 };
    ht_error err = { 0 };
    /* The second half first, then the whole: the document is reused. */
    if (ht_doc_set(&d, (const char *)data + size / 2, size - size / 2, &err) == HT_OK)
        check_doc(&d);
    if (ht_doc_set(&d, (const char *)data, size, &err) == HT_OK)
        check_doc(&d);
    ht_doc_free(&d);
    return 0;
}
