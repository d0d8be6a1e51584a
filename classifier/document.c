/* document.c: reading a text once into tokens, paragraphs and sentences. */
#include "classifier/document.h"

#include <stdlib.h>
#include <string.h>

#include "features/extract.h"

static void doc_clear(ht_doc *d)
{
    ht_tokens_clear(&d->tokens);
    ht_spans_clear(&d->paragraphs);
    ht_spans_clear(&d->sentences);
    if (d->memo)
        ht_fv_memo_reset(d->memo, 0);  /* holds no tokens: cannot fail */
}

void ht_doc_free(ht_doc *d)
{
    ht_text_free(&d->text);
    ht_tokens_free(&d->tokens);
    ht_spans_free(&d->paragraphs);
    ht_spans_free(&d->sentences);
    free(d->para_sent);
    free(d->keys);
    ht_fv_memo_free(d->memo);
    memset(d, 0, sizeof *d);
}

static ht_status split(ht_doc *d, ht_error *err)
{
    const char *s = d->text.s;
    ht_status st = ht_tokenize(s, d->text.len, &d->tokens, err);
    if (st != HT_OK)
        return st;
    if (d->tokens.n > d->cap_keys) {
        uint64_t *k = realloc(d->keys, d->tokens.n * sizeof *k);
        if (!k)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory for %zu token keys", d->tokens.n);
        d->keys = k;
        d->cap_keys = d->tokens.n;
    }
    ht_token_keys(s, d->tokens.v, d->tokens.n, d->keys);
    if (!d->memo && !(d->memo = ht_fv_memo_new()))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for the feature memo");
    if (ht_fv_memo_reset(d->memo, d->tokens.n) != HT_OK)
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for %zu tokens' features",
                            d->tokens.n);
    if ((st = ht_paragraphs(s, &d->tokens, &d->paragraphs, err)) != HT_OK)
        return st;
    size_t np = d->paragraphs.n;
    if (np + 1 > d->cap_para_sent) {
        size_t *v = realloc(d->para_sent, (np + 1) * sizeof *v);
        if (!v)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory for %zu paragraphs", np);
        d->para_sent = v;
        d->cap_para_sent = np + 1;
    }
    for (size_t p = 0; p < np; p++) {
        d->para_sent[p] = d->sentences.n;
        const ht_span *pa = &d->paragraphs.v[p];
        st = ht_sentences(s, &d->tokens, pa->tok_begin, pa->tok_end, &d->sentences, err);
        if (st != HT_OK)
            return st;
    }
    d->para_sent[np] = d->sentences.n;
    return HT_OK;
}

ht_status ht_doc_set(ht_doc *d, const char *data, size_t len, ht_error *err)
{
    doc_clear(d);
    ht_status st = ht_text_set(&d->text, data, len, err);
    if (st == HT_OK)
        st = split(d, err);
    return st;
}

size_t ht_doc_token_at(const ht_doc *d, size_t b)
{
    size_t lo = 0, hi = d->tokens.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->tokens.v[mid].end <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t ht_doc_byte_of_cp(const ht_doc *d, size_t cp)
{
    const char *s = d->text.s;
    size_t i = 0, n = 0;
    while (i < d->text.len && n < cp) {
        i++;
        while (i < d->text.len && ((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        n++;
    }
    return i;
}

/* Index of the span of v (in token order, covering every token) that holds
 * token tok; the last one past the end. */
static size_t span_of(const ht_spans *v, size_t tok)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->v[mid].tok_end <= tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n ? lo : (v->n ? v->n - 1 : 0);
}

size_t ht_doc_sentence_of(const ht_doc *d, size_t tok)
{
    return span_of(&d->sentences, tok);
}

size_t ht_doc_paragraph_of(const ht_doc *d, size_t tok)
{
    return span_of(&d->paragraphs, tok);
}

void ht_doc_context(const ht_doc *d, size_t b, size_t e, unsigned k, size_t *xb, size_t *xe)
{
    *xb = b;
    *xe = e;
    if (!d->sentences.n || b >= e)
        return;
    size_t first = ht_doc_sentence_of(d, b), last = ht_doc_sentence_of(d, e - 1);
    size_t p = ht_doc_paragraph_of(d, d->sentences.v[first].tok_begin);
    size_t lo = first, hi = last + 1;  /* the paragraph's sentences, hi exclusive */
    if (p < d->paragraphs.n && d->para_sent[p] <= first && first < d->para_sent[p + 1]) {
        lo = d->para_sent[p];
        hi = d->para_sent[p + 1];
    }
    first = first - lo > k ? first - k : lo;
    if (last + 1 < hi)  /* (a target across a paragraph break keeps its own end) */
        last = hi - 1 - last > k ? last + k : hi - 1;
    if (d->sentences.v[first].tok_begin < *xb)
        *xb = d->sentences.v[first].tok_begin;
    if (d->sentences.v[last].tok_end > *xe)
        *xe = d->sentences.v[last].tok_end;
}
