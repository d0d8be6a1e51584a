/* fuzz_extract.c: libFuzzer target for feature extraction (features/extract.c,
 * features/stems.c) over the sentences of a document.
 *
 * Input: 12 bytes of settings, then the text. The first 9 are mapped onto a
 * valid feature configuration (hash bits 12..16, n-grams, stems, character
 * n-grams, negation, weighting, window); the next say whether vectors are
 * sorted and names tracked, and where the target sits in each sentence.
 *
 * Checked besides the sanitizers: a vector ends with index -1, its indices
 * lie in 1..2^bits without repeats (ascending when sorted), its values are
 * finite and, when normalised, of unit length; an extractor told the
 * document's token keys and memo, sharing its stem cache, gives the very
 * same vector, with the same names, as one that hashes and stems afresh;
 * named features have a name; with character n-grams in a block of their
 * own, an extractor that folds them scores as the full vector does. */
#include "tests/fuzz/fuzz.h"

#include <linear.h>
#include <math.h>

#include "classifier/document.h"
#include "features/extract.h"

#define SETTINGS 12

static ht_feature_config config_of(const uint8_t *b)
{
    ht_feature_config c = { 0 };
    c.hash_bits = (uint8_t)(HT_HASH_BITS_MIN + b[0] % 5);
    c.word_ngrams = (uint8_t)(b[1] % (HT_WORD_NGRAMS_MAX + 1));
    c.stems = b[2] & 1;
    c.char_max = (uint8_t)(b[4] % (HT_CHAR_NGRAM_MAX + 1));
    c.char_min = (uint8_t)(c.char_max ? 1 + b[3] % c.char_max : b[3] % 2);
    c.negation = b[5] & 1;
    c.sublinear = b[6] & 1;
    c.normalize = b[7] & 1;
    c.window = (uint8_t)(b[8] % (HT_WINDOW_MAX + 1));
    c.key_hash = HT_KEY_HASH;
    c.emoticons = (b[9] >> 2) & 1;
    c.char_block = (b[9] >> 3) & 1;
    c.text_ns = (b[9] >> 4) & 1;
    return c;
}

static size_t vector_len(const struct feature_node *x)
{
    size_t n = 0;
    while (x[n].index != -1)
        n++;
    return n;
}

static void check_vector(ht_extractor *ex, const struct feature_node *x, size_t n, int sorted)
{
    const ht_feature_config *c = ht_extractor_config(ex);
    uint32_t dim = 1u << c->hash_bits;
    double sq = 0;
    FUZZ_CHECK(vector_len(x) == n);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(x[i].index >= 1 && (uint32_t)x[i].index <= dim);
        FUZZ_CHECK(isfinite(x[i].value));
        if (sorted && i > 0)
            FUZZ_CHECK(x[i].index > x[i - 1].index);
        if (ht_fv_named(ex, (uint32_t)x[i].index))
            FUZZ_CHECK(ht_fv_name(ex, (uint32_t)x[i].index) != NULL);
        sq += x[i].value * x[i].value;
    }
    if (c->normalize && !c->char_block && n > 0 && sq > 0)
        FUZZ_CHECK(fabs(sqrt(sq) - 1.0) < 1e-6);
}

/* The features of sentence [b, e) with a target [tb, te) inside it. */
static const struct feature_node *sentence_vector(ht_extractor *ex, const ht_doc *d, size_t b,
                                                  size_t e, size_t tb, size_t te, size_t *n)
{
    const char *s = d->text.s;
    ht_fv_reset(ex);
    if (ht_fv_add_tokens(ex, s, d->tokens.v, b, e, HT_NS_TEXT) != HT_OK ||
        ht_fv_add_window(ex, s, d->tokens.v, b, e, tb, te, HT_NS_TARGET) != HT_OK ||
        ht_fv_add_name(ex, "speaker", HT_NS_EXTRA, 2.0) != HT_OK ||
        ht_fv_add_hash(ex, (uint64_t)e * 0x9e3779b97f4a7c15ULL, 1.0) != HT_OK)
        return NULL;
    return ht_fv_finish(ex, n);
}

/* Vectors of every sentence from a fresh extractor (a) and from one that
 * uses the document's keys and memo and shares a's stems (b) must be equal,
 * and so must their names. Each sentence is extracted twice by b: the
 * second time its memo is filled. */
static void check_sentences(ht_extractor *a, ht_extractor *b, const ht_doc *d, const uint8_t *set)
{
    int sorted = !(set[9] & 1);
    for (size_t i = 0; i < d->sentences.n; i++) {
        const ht_span *sp = &d->sentences.v[i];
        size_t len = sp->tok_end - sp->tok_begin;
        size_t tb = sp->tok_begin + set[10] % (len + 1), te = tb + set[11] % 4;
        size_t na = 0, nb = 0;
        const struct feature_node *xa =
            sentence_vector(a, d, sp->tok_begin, sp->tok_end, tb, te, &na);
        FUZZ_CHECK(xa != NULL);
        check_vector(a, xa, na, sorted);
        struct feature_node *copy = malloc((na + 1) * sizeof *copy);
        FUZZ_CHECK(copy != NULL);
        memcpy(copy, xa, (na + 1) * sizeof *copy);
        for (int round = 0; round < 2; round++) {
            const struct feature_node *xb =
                sentence_vector(b, d, sp->tok_begin, sp->tok_end, tb, te, &nb);
            FUZZ_CHECK(xb != NULL && nb == na);
            for (size_t k = 0; k < na; k++) {
                FUZZ_CHECK(xb[k].index == copy[k].index && xb[k].value == copy[k].value);
                char name[512] = "";
                const char *n1 = ht_fv_name(a, (uint32_t)copy[k].index);
                if (n1)
                    snprintf(name, sizeof name, "%s", n1);
                const char *n2 = ht_fv_name(b, (uint32_t)copy[k].index);
                FUZZ_CHECK(!n1 == !n2 && (!n1 || strcmp(name, n2) == 0));
            }
        }
        free(copy);
    }
}

/* Three classes' decision values of x under w, plus shift. */
static void decide(const float *w, const struct feature_node *x, const double *shift, double *d)
{
    for (int c = 0; c < 3; c++)
        d[c] = shift ? shift[c] : 0;
    for (; x->index != -1; x++)
        for (int c = 0; c < 3; c++)
            d[c] += x->value * w[(size_t)x->index * 3 + (size_t)c];
}

/* An extractor folding the n-grams under made-up weights scores every
 * sentence as the full vector of a does. */
static void check_fold(ht_extractor *a, const ht_feature_config *cfg, const ht_doc *d,
                       const uint8_t *set)
{
    size_t rows = ((size_t)1 << cfg->hash_bits) + 1;
    float *w = malloc(rows * 3 * sizeof *w);
    ht_error err = { 0 };
    ht_extractor *f = ht_extractor_new(cfg, &err);
    FUZZ_CHECK(w && f);
    uint32_t r = 2463534242u;
    for (size_t i = 0; i < rows * 3; i++) {
        r ^= r << 13, r ^= r >> 17, r ^= r << 5;
        w[i] = (float)((double)(r >> 8) / (1 << 24) - 0.5);
    }
    FUZZ_CHECK(ht_extractor_fold_chars(f, w, rows, 3) == 1);
    ht_fv_use_keys(f, d->tokens.v, d->keys, d->memo);
    for (size_t i = 0; i < d->sentences.n; i++) {
        const ht_span *sp = &d->sentences.v[i];
        size_t len = sp->tok_end - sp->tok_begin;
        size_t tb = sp->tok_begin + set[10] % (len + 1), te = tb + set[11] % 4, n;
        double want[3], got[3], shift[HT_FOLD_CLASSES];
        const struct feature_node *x = sentence_vector(a, d, sp->tok_begin, sp->tok_end, tb, te, &n);
        FUZZ_CHECK(x != NULL);
        decide(w, x, NULL, want);
        x = sentence_vector(f, d, sp->tok_begin, sp->tok_end, tb, te, &n);
        FUZZ_CHECK(x != NULL && ht_fv_folded(f, shift) == 3);
        decide(w, x, shift, got);
        for (int c = 0; c < 3; c++)
            FUZZ_CHECK(fabs(want[c] - got[c]) < 1e-4);
    }
    ht_extractor_free(f);
    free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < SETTINGS)
        return 0;
    ht_feature_config cfg = config_of(data);
    ht_error err = { 0 };
    ht_doc d = { 0 };
    ht_extractor *a = ht_extractor_new(&cfg, &err), *b = ht_extractor_new(&cfg, &err);
    FUZZ_CHECK(a && b);
    if (ht_doc_set(&d, (const char *)data + SETTINGS, size - SETTINGS, &err) == HT_OK) {
        int sorted = !(data[9] & 1), track = (data[9] >> 1) & 1;
        ht_extractor_set_sorted(a, sorted);
        ht_extractor_set_sorted(b, sorted);
        ht_fv_track_names(a, track);
        ht_fv_track_names(b, track);
        ht_extractor_share_stems(b, a);
        ht_fv_use_keys(b, d.tokens.v, d.keys, d.memo);
        check_sentences(a, b, &d, data);
        if (cfg.char_block && cfg.char_max)
            check_fold(a, &cfg, &d, data);
    }
    ht_extractor_free(a);
    ht_extractor_free(b);
    ht_doc_free(&d);
    return 0;
}
