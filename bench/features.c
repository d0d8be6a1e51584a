/* features.c: feature extraction throughput, one core.
 *
 * Reads a text file, treats each line as one document and runs the whole
 * front half of haltung on it: normalisation, tokens with negation scopes, hashed word
 * n-grams and stems (and char n-grams with -c), finished vectors.
 * Usage: bench-features [-c] [-n WORDNGRAMS] [-r REPEAT] FILE
 *
 * One extractor does every pass, as one scoring or training thread would:
 * the first pass starts with its stem cache empty (cold), later passes find
 * the corpus's words there (warm). Both are printed; the figure is the best
 * pass. */
#include <linear.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "features/extract.h"
#include "features/text.h"
#include "features/token.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    ht_feature_config cfg = ht_config_default();
    cfg.char_max = 0;
    int repeat = 3, opt;
    while ((opt = getopt(argc, argv, "cn:r:")) != -1) {
        if (opt == 'c') cfg.char_max = 5;
        else if (opt == 'n') cfg.word_ngrams = (uint8_t)atoi(optarg);
        else if (opt == 'r') repeat = atoi(optarg);
        else return 2;
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: %s [-c] [-n N] [-r REPEAT] FILE\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[optind], "rb");
    if (!f) { perror(argv[optind]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) { fclose(f); return 1; }
    fclose(f);
    ht_error err;
    ht_extractor *ex = ht_extractor_new(&cfg, &err);
    if (!ex) { fprintf(stderr, "%s\n", err.msg); return 1; }
    ht_tokens tok = { 0 };
    ht_text t = { 0 };  /* reused from document to document, as ht_doc does */
    size_t docs = 0, features = 0, tokens = 0;
    double best = 1e30, first = 0;
    for (int r = 0; r < repeat; r++) {
        double t0 = now();
        docs = features = tokens = 0;
        for (char *p = buf, *end = buf + size; p < end;) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (ht_text_set(&t, p, len, &err) != HT_OK) return 1;
            ht_tokens_clear(&tok);
            ht_tokenize(t.s, t.len, &tok, &err);
            ht_fv_reset(ex);
            ht_fv_add_tokens(ex, t.s, tok.v, 0, tok.n, HT_NS_TEXT);
            size_t n = 0;
            if (!ht_fv_finish(ex, &n)) return 1;  /* out of memory */
            features += n;
            tokens += tok.n;
            docs++;
            p += len + 1;
        }
        double dt = now() - t0;
        if (r == 0) first = dt;
        if (dt < best) best = dt;
    }
    printf("%.1f MB in %zu documents (%zu tokens, %zu features): best of %d %.3f s = %.1f MB/s, %.0f docs/s"
           " (first pass, cold caches: %.3f s = %.1f MB/s)\n",
           size / 1e6, docs, tokens, features, repeat, best, size / 1e6 / best, docs / best,
           first, size / 1e6 / first);
    ht_tokens_free(&tok);
    ht_text_free(&t);
    ht_extractor_free(ex);
    free(buf);
    return 0;
}
