/* fuzz_actors.c: libFuzzer target for actor and quote detection
 * (classifier/actors.c, quotes.c, gazetteer.c, lexicon.c) with the shipped
 * gazetteer (models/actors.json, firstnames.txt, roles.txt).
 *
 * The input is an article's bytes. It is analysed twice: with a fresh
 * ht_analysis and with one that analysed the input's second half before
 * (a scorer reuses its analysis), and both must agree. The checks on the
 * result are in analysis_check.h. The gazetteer is loaded once, before the
 * first input, and shared read-only as a server shares it. */
#include "tests/fuzz/analysis_check.h"

static ht_gazetteer *gazetteer;  /* set once by LLVMFuzzerInitialize, then read-only */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ht_error err = { 0 };
    gazetteer = ht_gazetteer_new(&err);
    if (!gazetteer || ht_gazetteer_load_dir(gazetteer, fuzz_models_dir(), &err) != HT_OK) {
        fprintf(stderr, "fuzz_actors: cannot load the gazetteer: %s\n", err.msg);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ht_doc half = { 0 }, whole = { 0 };
    ht_analysis fresh = { 0 }, reused = { 0 };
    ht_error err = { 0 };
    const char *s = (const char *)data;
    if (ht_doc_set(&half, s + size / 2, size - size / 2, &err) == HT_OK &&
        ht_analyse(gazetteer, &half, &reused, &err) == HT_OK)
        check_analysis(&half, &reused);
    if (ht_doc_set(&whole, s, size, &err) == HT_OK &&
        ht_analyse(gazetteer, &whole, &fresh, &err) == HT_OK) {
        check_analysis(&whole, &fresh);
        FUZZ_CHECK(ht_analyse(gazetteer, &whole, &reused, &err) == HT_OK);
        check_same(&fresh, &reused);
    }
    ht_analysis_free(&fresh);
    ht_analysis_free(&reused);
    ht_doc_free(&half);
    ht_doc_free(&whole);
    return 0;
}
