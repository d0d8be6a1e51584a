/* fuzz_gazetteer.c: libFuzzer target for user actor files (--actors FILE,
 * classifier/gazetteer.c) and the matcher running on what they add.
 *
 * Input: an actors file in the format of models/actors.json, then a NUL
 * byte, then an article (without a NUL byte the article is a fixed one). A
 * fresh gazetteer gets a small base file, then the input's file. Checked
 * besides the sanitizers: a refused file leaves the gazetteer unchanged (its
 * size and its analysis of the article are as before); an accepted one
 * gives an analysis that passes analysis_check.h. */
#include "tests/fuzz/analysis_check.h"

static const char base_json[] =
    "{\"version\": 1, \"actors\": ["
    "{\"name\": \"Wladimir Putin\", \"type\": \"person\", \"aliases\": [\"Putin\"]},"
    "{\"name\": \"Russland\", \"type\": \"location\", \"aliases\": [\"Russische Föderation\"]},"
    "{\"name\": \"Kreml\", \"type\": \"organisation\", \"aliases\": [\"Kremls\"],"
    " \"stands_for\": \"Russland\"}]}";

static const char default_text[] =
    "Der Kreml wies die Vorwürfe zurück. „Das ist falsch“, sagte Putin am Freitag. "
    "Laut Anna Krüger habe Russland nichts gesagt.";

/* Analyses the article with g into a (which must be zeroed or reused). */
static int analyse(const ht_gazetteer *g, const ht_doc *d, ht_analysis *a)
{
    ht_error err = { 0 };
    if (ht_analyse(g, d, a, &err) != HT_OK)
        return 0;
    check_analysis(d, a);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t json_len = nul ? (size_t)(nul - data) : size;
    const char *text = nul ? (const char *)nul + 1 : default_text;
    size_t text_len = nul ? size - json_len - 1 : sizeof default_text - 1;
    ht_error err = { 0 };
    ht_gazetteer *g = ht_gazetteer_new(&err);
    FUZZ_CHECK(g != NULL);
    FUZZ_CHECK(ht_gazetteer_add_json(g, base_json, sizeof base_json - 1, "base", &err) == HT_OK);
    ht_doc d = { 0 };
    ht_analysis before = { 0 }, after = { 0 };
    if (ht_doc_set(&d, text, text_len, &err) == HT_OK && analyse(g, &d, &before)) {
        size_t size_before = ht_gazetteer_size(g);
        ht_status st = ht_gazetteer_add_json(g, (const char *)data, json_len, "fuzz", &err);
        int ok = analyse(g, &d, &after);
        FUZZ_CHECK(ok);
        if (st != HT_OK) {
            FUZZ_CHECK(err.msg[0] != '\0');
            FUZZ_CHECK(ht_gazetteer_size(g) == size_before);
            check_same(&before, &after);
        }
    }
    ht_analysis_free(&before);
    ht_analysis_free(&after);
    ht_doc_free(&d);
    ht_gazetteer_free(g);
    return 0;
}
