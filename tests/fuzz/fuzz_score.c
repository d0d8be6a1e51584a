/* fuzz_score.c: libFuzzer target for scoring a whole article with the
 * shipped models (classifier/score.c, vectors.c, report.c, jsonw.c on top of
 * everything the other targets reach).
 *
 * Input: three bytes of settings, then an optional title and topic, then
 * the text. Byte 0: bit 0 the text view instead of JSON, bit 1 a title,
 * bit 2 a topic, bit 3 small limits (--max-bytes 300, --max-actors 3,
 * --max-token 24), bit 4 the title's bytes as the id too, bit 5 tone only
 * (alternating with full scoring on the same scorer), bit 6 statements read
 * as their party's (ht_scorer_set_speakers, score --stance-as-party). Bytes 1 and 2: the
 * lengths of title and topic, taken from the bytes after the settings.
 *
 * Checked besides the sanitizers: JSON output is one line of valid JSON (so
 * valid UTF-8) whose every span lies inside the input; an error is only a
 * limit, and its error object is valid JSON too. The models are loaded and
 * one scorer made before the first input, and reused, as the server does. */
#include "tests/fuzz/fuzz.h"

#include <jansson.h>

#include "classifier/score.h"
#include "features/text.h"

static ht_models *models;  /* set once by LLVMFuzzerInitialize, then read-only */
static ht_scorer *scorer;  /* likewise; its scratch is reused for every input */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ht_error err = { 0 };
    if (!(models = ht_models_load(fuzz_models_dir(), &err)) ||
        !(scorer = ht_scorer_new(models, &err))) {
        fprintf(stderr, "fuzz_score: %s\n", err.msg);
        exit(1);
    }
    return 0;
}

/* Every object with offsets in v lies inside an input of len bytes and cps code points. */
static void check_spans(json_t *v, size_t len, size_t cps)
{
    size_t i;
    const char *key;
    json_t *x;
    if (json_is_array(v))
        json_array_foreach(v, i, x) check_spans(x, len, cps);
    if (!json_is_object(v))
        return;
    json_t *bs = json_object_get(v, "byte_start"), *be = json_object_get(v, "byte_end");
    if (bs || be) {
        json_int_t s = json_integer_value(bs), e = json_integer_value(be);
        json_int_t cs = json_integer_value(json_object_get(v, "start"));
        json_int_t ce = json_integer_value(json_object_get(v, "end"));
        FUZZ_CHECK(json_is_integer(bs) && json_is_integer(be));
        FUZZ_CHECK(0 <= s && s <= e && (size_t)e <= len);
        FUZZ_CHECK(0 <= cs && cs <= ce && (size_t)ce <= cps);
    }
    json_object_foreach(v, key, x) check_spans(x, len, cps);
}

static void check_json(const char *out, size_t n, size_t len, size_t cps, int spans)
{
    FUZZ_CHECK(n > 0 && out[n - 1] == '\n' && !memchr(out, '\n', n - 1));
    json_error_t je;
    json_t *root = json_loadb(out, n - 1, 0, &je);
    if (!root)
        fprintf(stderr, "invalid JSON: %s at %d\n", je.text, je.position);
    FUZZ_CHECK(json_is_object(root));
    if (spans)
        check_spans(root, len, cps);
    json_decref(root);
}

static size_t orig_cps(const char *s, size_t len)
{
    ht_text t;
    ht_error err;
    FUZZ_CHECK(ht_text_init(&t, s, len, &err) == HT_OK);
    size_t n = t.orig_cps;
    ht_text_free(&t);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    unsigned flags = data[0];
    size_t at = 3, tl = (flags & 2) ? data[1] : 0, pl = (flags & 4) ? data[2] : 0;
    if (tl > size - at)
        tl = size - at;
    char *title = fuzz_strndup(data + at, tl);
    at += tl;
    if (pl > size - at)
        pl = size - at;
    char *topic = fuzz_strndup(data + at, pl);
    at += pl;
    const char *text = (const char *)data + at;
    size_t len = size - at;
    ht_limits small = { 300, 3, 24, 4, 6 }, usual = HT_DEFAULT_LIMITS;
    ht_scorer_set_limits(scorer, (flags & 8) ? &small : &usual);
    ht_scorer_set_tone_only(scorer, (flags & 32) != 0);
    ht_scorer_set_speakers(scorer, (flags & 64) != 0);
    ht_article a = { (flags & 16) ? title : "fuzz", text, len, (flags & 2) ? title : NULL,
                     (flags & 4) ? topic : NULL };
    ht_out_format fmt = (flags & 1) ? HT_OUT_TEXT : HT_OUT_JSON;
    const char *out;
    size_t n;
    ht_error err = { 0 };
    ht_status st = ht_score_article(scorer, &a, fmt, &out, &n, &err);
    if (st == HT_OK && fmt == HT_OUT_JSON)
        check_json(out, n, len, orig_cps(text, len), 1);
    if (st != HT_OK) {
        FUZZ_CHECK(st == HT_ERR_LIMIT);
        ht_score_error(scorer, a.id, err.msg, HT_OUT_JSON, &out, &n);
        check_json(out, n, len, 0, 0);
    }
    free(title);
    free(topic);
    return 0;
}
