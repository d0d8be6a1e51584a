/* test_jsonl.c: the JSON Lines reader, on good records of every task and on
 * each way a line can be broken. A bad line must be reported with its file
 * and line number and must never cost the records after it. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"
#include "training/jsonl.h"

#define TONE (HT_FIELD_TEXT | HT_FIELD_LABEL)
#define ACTOR (HT_FIELD_TEXT | HT_FIELD_LABEL | HT_FIELD_SPAN)
#define STANCE (HT_FIELD_TEXT | HT_FIELD_LABEL | HT_FIELD_TOPIC)

/* "Öztürk" is code points 50..56 but bytes 51..58: the umlauts before it
 * take two bytes each, so byte offsets would fail the target check. */
#define ACTOR_TEXT "B\xc3\xbcrgermeisterin K\xc3\xbchn kritisierte Verkehrsminister " \
                   "\xc3\x96zt\xc3\xbcrk scharf f\xc3\xbcr die Verz\xc3\xb6gerungen beim " \
                   "Br\xc3\xbc" "ckenbau."
#define ACTOR_TARGET "\xc3\x96zt\xc3\xbcrk"
#define ACTOR_TEXT_CPS 102

#define TONE_LINE "{\"text\": \"Die Stadtwerke senken ab M\xc3\xa4rz die Fernw\xc3\xa4rmepreise.\", " \
                  "\"label\": \"positive\"}"

typedef struct fixture {
    char path[512];
    ht_jsonl_reader *r;
    ht_record rec;
    ht_error err;
} fixture;

static void fx_open_bytes(fixture *fx, const char *name, const char *data, size_t len)
{
    memset(fx, 0, sizeof *fx);
    ht_record_clear(&fx->rec);
    const char *p = ht_test_write_temp(name, data, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    snprintf(fx->path, sizeof fx->path, "%s", p);
    fx->r = ht_jsonl_open(fx->path, &fx->err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fx->r);
}

static void fx_open(fixture *fx, const char *name, const char *data)
{
    fx_open_bytes(fx, name, data, strlen(data));
}

/* Removes the fixture file too: the 20 MB one would pile up run after run. */
static void fx_close(fixture *fx)
{
    ht_record_clear(&fx->rec);
    ht_jsonl_close(fx->r);
    remove(fx->path);
}

/* Whether Jansson, which the reader used before its own parser, accepts the
 * line just read with the reader's former flags. */
static int jansson_accepts(const fixture *fx)
{
    size_t len;
    const char *raw = ht_jsonl_raw(fx->r, &len);
    json_t *v = json_loadb(raw, len, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
                           NULL);
    json_decref(v);
    return v != NULL;
}

/* The next call must fail for line `line` with a message "PATH:LINE: ..."
 * that contains `what`; Jansson must refuse a line found invalid JSON. */
static void expect_bad(fixture *fx, unsigned required, size_t line, const char *what)
{
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "%s:%zu: ", fx->path, line);
    CU_ASSERT_EQUAL(ht_jsonl_next(fx->r, &fx->rec, required, &fx->err), -1);
    CU_ASSERT_EQUAL(strncmp(fx->err.msg, prefix, strlen(prefix)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(fx->err.msg, what));
    CU_ASSERT_EQUAL(ht_jsonl_line(fx->r), line);
    CU_ASSERT_EQUAL(fx->rec.line, line);
    CU_ASSERT_PTR_NULL(fx->rec.text);
    if (strstr(what, "invalid JSON"))
        CU_ASSERT(!jansson_accepts(fx));
    if (strncmp(fx->err.msg, prefix, strlen(prefix)) != 0 || !strstr(fx->err.msg, what))
        fprintf(stderr, "\n  got: %s\n  want: %s...%s\n", fx->err.msg, prefix, what);
}

/* The next call must return a record with this text and label from `line`
 * (a line Jansson accepts too). */
static void expect_good(fixture *fx, unsigned required, size_t line, const char *text,
                        const char *label)
{
    int got = ht_jsonl_next(fx->r, &fx->rec, required, &fx->err);
    if (got != 1)
        fprintf(stderr, "\n  line %zu: got %d: %s\n", line, got, fx->err.msg);
    CU_ASSERT_EQUAL_FATAL(got, 1);
    CU_ASSERT(jansson_accepts(fx));
    CU_ASSERT_EQUAL(fx->rec.line, line);
    CU_ASSERT_STRING_EQUAL(fx->rec.text, text);
    CU_ASSERT_EQUAL(fx->rec.text_len, strlen(text));
    if (label)
        CU_ASSERT_STRING_EQUAL(fx->rec.label, label);
}

static void expect_end(fixture *fx, unsigned required)
{
    CU_ASSERT_EQUAL(ht_jsonl_next(fx->r, &fx->rec, required, &fx->err), 0);
    CU_ASSERT_PTR_NULL(fx->rec.text);
}

static void test_tone_records(void)
{
    fixture fx;
    fx_open(&fx, "tone.jsonl",
            "{\"id\": \"t1\", \"text\": \"Der Zugverkehr zwischen Linz und Wels fiel "
            "stundenlang aus.\", \"label\": \"negative\", \"title\": \"Stillstand\"}\n"
            TONE_LINE "\n");
    expect_good(&fx, TONE, 1, "Der Zugverkehr zwischen Linz und Wels fiel stundenlang aus.",
                "negative");
    CU_ASSERT_STRING_EQUAL(fx.rec.id, "t1");
    CU_ASSERT_STRING_EQUAL(fx.rec.title, "Stillstand");
    CU_ASSERT_PTR_NULL(fx.rec.topic);
    CU_ASSERT_PTR_NULL(fx.rec.actor);
    CU_ASSERT_PTR_NULL(fx.rec.target);
    CU_ASSERT_EQUAL(fx.rec.start, -1);
    CU_ASSERT_EQUAL(fx.rec.end, -1);
    expect_good(&fx, TONE, 2, "Die Stadtwerke senken ab M\xc3\xa4rz die Fernw\xc3\xa4rmepreise.",
                "positive");
    CU_ASSERT_PTR_NULL(fx.rec.id);
    CU_ASSERT_PTR_NULL(fx.rec.title);
    expect_end(&fx, TONE);
    fx_close(&fx);
}

static void test_actor_record_umlauts(void)
{
    fixture fx;
    fx_open(&fx, "actor.jsonl",
            "{\"text\": \"" ACTOR_TEXT "\", \"target\": \"" ACTOR_TARGET "\", "
            "\"start\": 50, \"end\": 56, \"label\": \"negative\"}\n"
            "{\"text\": \"\xc3\x96sterreichs Kanzler Nehammer lobte die Einigung.\", "
            "\"target\": \"Nehammer\", \"start\": 20, \"end\": 28, \"label\": \"positive\"}\n"
            /* the span may end at the very end of the text */
            "{\"text\": \"Gelobt wurde \xc3\x96zt\xc3\xbcrk\", \"target\": \"" ACTOR_TARGET "\", "
            "\"start\": 13, \"end\": 19, \"label\": \"positive\"}\n");
    expect_good(&fx, ACTOR, 1, ACTOR_TEXT, "negative");
    CU_ASSERT_STRING_EQUAL(fx.rec.target, ACTOR_TARGET);
    CU_ASSERT_EQUAL(fx.rec.start, 50);
    CU_ASSERT_EQUAL(fx.rec.end, 56);
    CU_ASSERT_EQUAL(fx.rec.text_len, 109);
    expect_good(&fx, ACTOR, 2, "\xc3\x96sterreichs Kanzler Nehammer lobte die Einigung.",
                "positive");
    CU_ASSERT_EQUAL(fx.rec.start, 20);
    CU_ASSERT_EQUAL(fx.rec.end, 28);
    expect_good(&fx, ACTOR, 3, "Gelobt wurde \xc3\x96zt\xc3\xbcrk", "positive");
    expect_end(&fx, ACTOR);
    fx_close(&fx);
}

static void test_stance_record(void)
{
    fixture fx;
    fx_open(&fx, "stance.jsonl",
            "{\"id\": \"s-7\", \"text\": \"Verkehrslandesr\xc3\xa4tin Gruber will das Tempolimit "
            "auf Autobahnen auf 100 km/h senken.\", \"topic\": \"Tempolimit\", "
            "\"actor\": \"Gruber\", \"label\": \"favor\"}\n"
            "{\"text\": \"Die Wirtschaftskammer lehnt die Verm\xc3\xb6gensteuer ab.\", "
            "\"label\": \"against\"}\n");
    expect_good(&fx, STANCE, 1, "Verkehrslandesr\xc3\xa4tin Gruber will das Tempolimit auf "
                "Autobahnen auf 100 km/h senken.", "favor");
    CU_ASSERT_STRING_EQUAL(fx.rec.topic, "Tempolimit");
    CU_ASSERT_STRING_EQUAL(fx.rec.actor, "Gruber");
    CU_ASSERT_STRING_EQUAL(fx.rec.id, "s-7");
    expect_bad(&fx, STANCE, 2, "missing field \"topic\"");
    expect_end(&fx, STANCE);
    fx_close(&fx);
}

static void test_blank_lines_and_crlf(void)
{
    fixture fx;
    fx_open(&fx, "crlf.jsonl",
            "\r\n"
            "{\"text\": \"Eins\", \"label\": \"neutral\"}\r\n"
            "   \t \r\n"
            "\n"
            "{\"text\": \"Zwei\", \"label\": \"neutral\"}\r\n"
            "{\"text\": \"Drei\", \"label\": \"neutral\"}");  /* no final newline */
    expect_good(&fx, TONE, 2, "Eins", "neutral");
    size_t len;
    const char *raw = ht_jsonl_raw(fx.r, &len);
    CU_ASSERT_EQUAL(len, strlen("{\"text\": \"Eins\", \"label\": \"neutral\"}"));
    CU_ASSERT_STRING_EQUAL(raw, "{\"text\": \"Eins\", \"label\": \"neutral\"}");
    expect_good(&fx, TONE, 5, "Zwei", "neutral");
    expect_good(&fx, TONE, 6, "Drei", "neutral");
    expect_end(&fx, TONE);
    expect_end(&fx, TONE);  /* the end stays the end */
    fx_close(&fx);
}

static void test_bom(void)
{
    fixture fx;
    fx_open(&fx, "bom.jsonl",
            "\xef\xbb\xbf{\"text\": \"Mit BOM\", \"label\": \"neutral\"}\n"
            "\xef\xbb\xbf{\"text\": \"BOM mitten in der Datei\", \"label\": \"neutral\"}\n"
            "{\"text\": \"Danach\", \"label\": \"neutral\"}\n");
    expect_good(&fx, TONE, 1, "Mit BOM", "neutral");
    /* only the file's first bytes may be a BOM; later it is a stray character */
    expect_bad(&fx, TONE, 2, "invalid JSON");
    expect_good(&fx, TONE, 3, "Danach", "neutral");
    fx_close(&fx);

    fx_open(&fx, "bom-only.jsonl", "\xef\xbb\xbf\n\n{\"text\": \"x\", \"label\": \"y\"}\n");
    expect_good(&fx, TONE, 3, "x", "y");
    fx_close(&fx);
}

static void test_invalid_json_then_good(void)
{
    fixture fx;
    fx_open(&fx, "broken.jsonl",
            TONE_LINE "\n"
            "\n"
            "{\"text\": \"Kaputt\", \"label\": }\n"
            "{\"text\": \"Heil\", \"label\": \"neutral\"}\n"
            "{\"text\": \"Abgeschnitten\", \"label\": \"neu\n"
            "{\"text\": \"Nachher\", \"label\": \"neutral\"} und M\xc3\xbcll\n"
            "{\"text\": \"Ende\", \"label\": \"neutral\"}\n");
    expect_good(&fx, TONE, 1, "Die Stadtwerke senken ab M\xc3\xa4rz die Fernw\xc3\xa4rmepreise.",
                "positive");
    expect_bad(&fx, TONE, 3, "invalid JSON: unexpected token near '}' (column 29)");
    CU_ASSERT_EQUAL(fx.err.code, HT_ERR_FORMAT);
    size_t len;
    CU_ASSERT_STRING_EQUAL(ht_jsonl_raw(fx.r, &len), "{\"text\": \"Kaputt\", \"label\": }");
    expect_good(&fx, TONE, 4, "Heil", "neutral");
    expect_bad(&fx, TONE, 5, "invalid JSON: ");
    expect_bad(&fx, TONE, 6, "invalid JSON: end of file expected");
    expect_good(&fx, TONE, 7, "Ende", "neutral");
    expect_end(&fx, TONE);
    fx_close(&fx);

    /* lines ended by CR alone (an old Mac file) are one line: say why */
    fx_open(&fx, "cr.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\r{\"text\": \"b\", "
                             "\"label\": \"x\"}\r");
    expect_bad(&fx, TONE, 1, "end of file expected near '{' (column 29); the line holds a "
                             "carriage return (CR) alone");
    expect_end(&fx, TONE);
    fx_close(&fx);
}

static void test_not_an_object(void)
{
    fixture fx;
    fx_open(&fx, "values.jsonl",
            "[{\"text\": \"In einer Liste\", \"label\": \"neutral\"}]\n"
            "42\n"
            "\"Nur ein Satz.\"\n"
            "null\n"
            "true\n"
            "{\"text\": \"Gut\", \"label\": \"neutral\"}\n");
    for (size_t line = 1; line <= 5; line++)
        expect_bad(&fx, TONE, line, "not a JSON object");
    expect_good(&fx, TONE, 6, "Gut", "neutral");
    fx_close(&fx);
}

static void test_missing_fields(void)
{
    fixture fx;
    fx_open(&fx, "missing.jsonl",
            "{\"label\": \"negative\"}\n"
            "{\"text\": \"Ohne Label\"}\n"
            "{}\n"
            "{\"text\": \"Ohne Label, aber nicht verlangt\"}\n");
    expect_bad(&fx, TONE, 1, "missing field \"text\"");
    expect_bad(&fx, TONE, 2, "missing field \"label\"");
    expect_bad(&fx, TONE, 3, "missing field \"text\"");
    expect_good(&fx, HT_FIELD_TEXT, 4, "Ohne Label, aber nicht verlangt", NULL);
    CU_ASSERT_PTR_NULL(fx.rec.label);
    fx_close(&fx);
}

static void test_wrong_types(void)
{
    fixture fx;
    fx_open(&fx, "types.jsonl",
            "{\"text\": \"Zahl als Label\", \"label\": 1}\n"
            "{\"text\": [\"Liste\"], \"label\": \"neutral\"}\n"
            "{\"text\": \"Label null\", \"label\": null}\n"
            "{\"text\": \"Titel als Objekt\", \"label\": \"neutral\", \"title\": {}}\n"
            "{\"text\": \"Thema als Wahrheitswert\", \"label\": \"neutral\", \"topic\": false}\n"
            "{\"text\": \"Null ist abwesend\", \"label\": \"neutral\", \"title\": null}\n"
            "{\"text\": \"Label reell\", \"label\": 2.5}\n");
    expect_bad(&fx, TONE, 1, "field \"label\" must be a string, not a number");
    expect_bad(&fx, TONE, 2, "field \"text\" must be a string, not an array");
    expect_bad(&fx, TONE, 3, "field \"label\" must be a string, not null");
    /* not required, but present and broken: still reported */
    expect_bad(&fx, TONE, 4, "field \"title\" must be a string, not an object");
    expect_bad(&fx, TONE, 5, "field \"topic\" must be a string, not a boolean");
    expect_good(&fx, TONE, 6, "Null ist abwesend", "neutral");
    CU_ASSERT_PTR_NULL(fx.rec.title);
    expect_bad(&fx, TONE, 7, "field \"label\" must be a string, not a real number");
    expect_end(&fx, TONE);
    fx_close(&fx);
}

static void test_span_out_of_range(void)
{
    fixture fx;
    fx_open(&fx, "span.jsonl",
            /* start == end */
            "{\"text\": \"" ACTOR_TEXT "\", \"start\": 50, \"end\": 50, \"label\": \"neutral\"}\n"
            /* start > end */
            "{\"text\": \"" ACTOR_TEXT "\", \"start\": 56, \"end\": 50, \"label\": \"neutral\"}\n"
            /* end is the byte length (109), beyond the 102 code points */
            "{\"text\": \"" ACTOR_TEXT "\", \"start\": 100, \"end\": 109, \"label\": \"neutral\"}\n"
            "{\"text\": \"" ACTOR_TEXT "\", \"start\": -1, \"end\": 6, \"label\": \"neutral\"}\n"
            /* the whole text is a valid span */
            "{\"text\": \"" ACTOR_TEXT "\", \"start\": 0, \"end\": 102, \"label\": \"neutral\"}\n");
    expect_bad(&fx, ACTOR, 1, "\"start\" and \"end\" must satisfy 0 <= start < end <= 102 "
               "(the text's length in code points)");
    CU_ASSERT_EQUAL(fx.err.code, HT_ERR_INVALID);
    CU_ASSERT_EQUAL(fx.rec.start, -1);  /* a bad record is handed back cleared */
    expect_bad(&fx, ACTOR, 2, "0 <= start < end <= 102");
    expect_bad(&fx, ACTOR, 3, "0 <= start < end <= 102");
    expect_bad(&fx, ACTOR, 4, "0 <= start < end <= 102");
    expect_good(&fx, ACTOR, 5, ACTOR_TEXT, "neutral");
    CU_ASSERT_EQUAL(fx.rec.end, ACTOR_TEXT_CPS);
    fx_close(&fx);
}

static void test_span_types(void)
{
    fixture fx;
    fx_open(&fx, "span-types.jsonl",
            "{\"text\": \"Kurz\", \"start\": 1.5, \"end\": 3, \"label\": \"neutral\"}\n"
            "{\"text\": \"Kurz\", \"start\": \"1\", \"end\": 3, \"label\": \"neutral\"}\n"
            "{\"text\": \"Kurz\", \"start\": 1, \"label\": \"neutral\"}\n"
            "{\"text\": \"Kurz\", \"end\": 3, \"label\": \"neutral\"}\n"
            "{\"text\": \"Kurz\", \"start\": 1.0, \"end\": 3, \"label\": \"neutral\"}\n"
            "{\"start\": 0, \"end\": 3, \"label\": \"neutral\"}\n");
    expect_bad(&fx, ACTOR, 1, "field \"start\" must be an integer, not a real number");
    expect_bad(&fx, ACTOR, 2, "field \"start\" must be an integer, not a string");
    expect_bad(&fx, ACTOR, 3, "missing field \"end\"");
    expect_bad(&fx, ACTOR, 4, "missing field \"start\"");
    expect_bad(&fx, ACTOR, 5, "field \"start\" must be an integer, not a real number");
    expect_bad(&fx, ACTOR, 6, "missing field \"text\"");  /* a span needs a text */
    fx_close(&fx);
}

/* Without HT_FIELD_SPAN, offsets are handed over as they are. */
static void test_span_not_required(void)
{
    fixture fx;
    fx_open(&fx, "span-free.jsonl",
            "{\"text\": \"Kurz\", \"start\": 7, \"end\": 2, \"target\": \"anders\", "
            "\"label\": \"neutral\"}\n"
            "{\"text\": \"Kurz\", \"start\": \"7\", \"label\": \"neutral\"}\n");
    expect_good(&fx, TONE, 1, "Kurz", "neutral");
    CU_ASSERT_EQUAL(fx.rec.start, 7);
    CU_ASSERT_EQUAL(fx.rec.end, 2);
    CU_ASSERT_STRING_EQUAL(fx.rec.target, "anders");
    expect_bad(&fx, TONE, 2, "field \"start\" must be an integer, not a string");
    fx_close(&fx);
}

static void test_target_mismatch(void)
{
    char *long_target = malloc(400);
    CU_ASSERT_PTR_NOT_NULL_FATAL(long_target);
    memset(long_target, 'x', 300);
    long_target[300] = '\0';
    char *data = malloc(1024);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    snprintf(data, 1024,
             /* byte offsets (51, 59) instead of code points: a common export bug */
             "{\"text\": \"" ACTOR_TEXT "\", \"target\": \"" ACTOR_TARGET "\", "
             "\"start\": 51, \"end\": 57, \"label\": \"negative\"}\n"
             "{\"text\": \"" ACTOR_TEXT "\", \"target\": \"%s\", "
             "\"start\": 0, \"end\": 60, \"label\": \"negative\"}\n"
             "{\"text\": \"Tab\\there\", \"target\": \"Tab\", \"start\": 1, \"end\": 6, "
             "\"label\": \"neutral\"}\n",
             long_target);
    fixture fx;
    fx_open(&fx, "target.jsonl", data);
    expect_bad(&fx, ACTOR, 1, "\"target\" is \"" ACTOR_TARGET "\" but text[51:57] is "
               "\"zt\xc3\xbcrk \"");
    CU_ASSERT_EQUAL(fx.err.code, HT_ERR_INVALID);
    /* quotes are cut to 40 code points */
    expect_bad(&fx, ACTOR, 2, "\"target\" is \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" "
               "but text[0:60] is \"B\xc3\xbcrgermeisterin K\xc3\xbchn kritisierte Verkehr...\"");
    CU_ASSERT(strlen(fx.err.msg) < sizeof fx.err.msg - 1);
    /* control characters are escaped so the message stays on one line */
    expect_bad(&fx, ACTOR, 3, "text[1:6] is \"ab\\u0009he\"");
    fx_close(&fx);
    free(data);
    free(long_target);
}

static void test_ids(void)
{
    fixture fx;
    fx_open(&fx, "ids.jsonl",
            "{\"id\": 4711, \"text\": \"Eins\", \"label\": \"neutral\"}\n"
            "{\"id\": -9007199254740993, \"text\": \"Zwei\", \"label\": \"neutral\"}\n"
            "{\"id\": \"a-17\", \"text\": \"Drei\", \"label\": \"neutral\"}\n"
            "{\"id\": true, \"text\": \"Vier\", \"label\": \"neutral\"}\n"
            "{\"id\": 1.5, \"text\": \"F\xc3\xbcnf\", \"label\": \"neutral\"}\n");
    expect_good(&fx, TONE, 1, "Eins", "neutral");
    CU_ASSERT_STRING_EQUAL(fx.rec.id, "4711");
    expect_good(&fx, TONE, 2, "Zwei", "neutral");
    CU_ASSERT_STRING_EQUAL(fx.rec.id, "-9007199254740993");
    expect_good(&fx, TONE, 3, "Drei", "neutral");
    CU_ASSERT_STRING_EQUAL(fx.rec.id, "a-17");
    expect_good(&fx, TONE, 4, "Vier", "neutral");
    CU_ASSERT_PTR_NULL(fx.rec.id);
    expect_good(&fx, TONE, 5, "F\xc3\xbcnf", "neutral");
    CU_ASSERT_PTR_NULL(fx.rec.id);
    fx_close(&fx);
}

static void test_nul_in_text(void)
{
    fixture fx;
    fx_open(&fx, "nul.jsonl",
            "{\"text\": \"Vor\\u0000nach \xc3\xa4\", \"target\": \"nach\", \"start\": 4, "
            "\"end\": 8, \"label\": \"neutral\"}\n"
            "{\"text\": \"Text\", \"label\": \"neu\\u0000tral\"}\n");
    CU_ASSERT_EQUAL_FATAL(ht_jsonl_next(fx.r, &fx.rec, ACTOR, &fx.err), 1);
    CU_ASSERT_EQUAL(fx.rec.text_len, 11);
    CU_ASSERT_EQUAL(memcmp(fx.rec.text, "Vor\0nach \xc3\xa4", 12), 0);  /* with terminator */
    /* other fields are C strings, which a NUL would silently cut short */
    expect_bad(&fx, ACTOR, 2, "field \"label\" must not contain \\u0000");
    fx_close(&fx);
}

static void test_duplicate_keys(void)
{
    fixture fx;
    fx_open(&fx, "dup.jsonl",
            "{\"text\": \"Doppelt\", \"label\": \"negative\", \"label\": \"positive\"}\n"
            "{\"text\": \"Einfach\", \"label\": \"positive\"}\n");
    expect_bad(&fx, TONE, 1, "invalid JSON: duplicate object key");
    expect_good(&fx, TONE, 2, "Einfach", "positive");
    fx_close(&fx);
}

static void test_invalid_utf8(void)
{
    fixture fx;
    /* Latin-1 "ä" (0xe4) where UTF-8 was promised */
    fx_open(&fx, "latin1.jsonl",
            "{\"text\": \"M\xe4rz\", \"label\": \"neutral\"}\n"
            "{\"text\": \"M\xc3\xa4rz\", \"label\": \"neutral\"}\n");
    expect_bad(&fx, TONE, 1, "invalid JSON: unable to decode byte 0xe4");
    expect_good(&fx, TONE, 2, "M\xc3\xa4rz", "neutral");
    fx_close(&fx);
}

/* The record parser (training/jsonobj.c) accepts what Jansson accepted:
 * these pin down what it does with each kind of string escape. */
static void test_escapes(void)
{
    static const char data[] =
        "{\"text\": \"q\\\"b\\\\s\\/ \\b\\f\\n\\r\\t \\u00e4\\u20AC\\u0041\", \"label\": \"x\"}\n"
        /* an escaped key is the same key: here "text" */
        "{\"t\\u0065xt\": \"Schl\\u00fcssel\", \"l\\u0061bel\": \"x\"}\n"
        "{\"text\": \"a\", \"t\\u0065xt\": \"b\", \"label\": \"x\"}\n"
        "{\"text\": \"a\\x\", \"label\": \"x\"}\n"
        "{\"text\": \"a\\u00g0\", \"label\": \"x\"}\n"
        "{\"text\": \"a\\U00e4\", \"label\": \"x\"}\n";
    fixture fx;
    fx_open(&fx, "escapes.jsonl", data);
    expect_good(&fx, TONE, 1, "q\"b\\s/ \b\f\n\r\t \xc3\xa4\xe2\x82\xac" "A", "x");
    expect_good(&fx, TONE, 2, "Schl\xc3\xbcssel", "x");
    expect_bad(&fx, TONE, 3, "invalid JSON: duplicate object key");
    expect_bad(&fx, TONE, 4, "invalid JSON: invalid escape");
    expect_bad(&fx, TONE, 5, "invalid JSON: invalid escape");
    expect_bad(&fx, TONE, 6, "invalid JSON: invalid escape");
    expect_end(&fx, TONE);
    fx_close(&fx);
}

/* A pair of \u escapes is one code point above U+FFFF; half a pair is refused. */
static void test_surrogates(void)
{
    static const char data[] =
        "{\"text\": \"\\ud83d\\ude00 \\uD83D\\uDE00\", \"label\": \"x\"}\n"
        "{\"text\": \"\\ud800\", \"label\": \"x\"}\n"
        "{\"text\": \"\\udc00\\ud800\", \"label\": \"x\"}\n"
        "{\"text\": \"\\ud83d\\u0041\", \"label\": \"x\"}\n"
        "{\"text\": \"\\ud83d\\ud83d\", \"label\": \"x\"}\n"
        "{\"text\": \"\\ud83d \\ude00\", \"label\": \"x\"}\n"
        /* a lone surrogate is refused in a member nobody reads, too */
        "{\"text\": \"ok\", \"label\": \"x\", \"note\": [\"\\udfff\"]}\n"
        /* the code point itself, raw, is fine */
        "{\"text\": \"\xf0\x9f\x98\x80\", \"label\": \"x\"}\n";
    fixture fx;
    fx_open(&fx, "surrogates.jsonl", data);
    expect_good(&fx, TONE, 1, "\xf0\x9f\x98\x80 \xf0\x9f\x98\x80", "x");
    expect_bad(&fx, TONE, 2, "invalid JSON: invalid Unicode '\\uD800'");
    expect_bad(&fx, TONE, 3, "invalid JSON: invalid Unicode '\\uDC00'");
    expect_bad(&fx, TONE, 4, "invalid JSON: invalid Unicode '\\uD83D\\u0041'");
    expect_bad(&fx, TONE, 5, "invalid JSON: invalid Unicode '\\uD83D\\uD83D'");
    expect_bad(&fx, TONE, 6, "invalid JSON: invalid Unicode '\\uD83D'");
    expect_bad(&fx, TONE, 7, "invalid JSON: invalid Unicode '\\uDFFF'");
    expect_good(&fx, TONE, 8, "\xf0\x9f\x98\x80", "x");
    expect_end(&fx, TONE);
    fx_close(&fx);
}

/* Appends to *n: a record whose "meta" holds `arrays` nested arrays around
 * the value inner (the record itself is depth 1, so inner is at arrays + 2). */
static void put_nested(char *data, size_t *n, size_t arrays, const char *inner)
{
    *n += (size_t)sprintf(data + *n, "{\"text\": \"tief\", \"label\": \"x\", \"meta\": ");
    memset(data + *n, '[', arrays);
    *n += arrays;
    *n += (size_t)sprintf(data + *n, "%s", inner);
    memset(data + *n, ']', arrays);
    *n += arrays;
    *n += (size_t)sprintf(data + *n, "}\n");
}

/* Values may be 2048 deep (Jansson's limit, the record being depth 1); one
 * more is refused, and a million open brackets neither recurse nor crash. */
static void test_deep_nesting(void)
{
    const size_t million = 1000 * 1000;
    char *data = malloc(million + 20000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    size_t n = 0;
    put_nested(data, &n, 2046, "1");     /* 1 at depth 2048 */
    put_nested(data, &n, 2046, "{}");    /* an empty object at 2048 */
    put_nested(data, &n, 2047, "1");     /* 1 at depth 2049 */
    put_nested(data, &n, 2047, "[]");    /* an empty array at 2049 */
    memset(data + n, '[', million);
    n += million;
    data[n++] = '\n';
    n += (size_t)sprintf(data + n, "{\"text\": \"danach\", \"label\": \"x\"}\n");
    fixture fx;
    fx_open_bytes(&fx, "deep.jsonl", data, n);
    expect_good(&fx, TONE, 1, "tief", "x");
    expect_good(&fx, TONE, 2, "tief", "x");
    expect_bad(&fx, TONE, 3, "invalid JSON: maximum parsing depth reached");
    expect_bad(&fx, TONE, 4, "invalid JSON: maximum parsing depth reached");
    expect_bad(&fx, TONE, 5, "invalid JSON: maximum parsing depth reached");
    expect_good(&fx, TONE, 6, "danach", "x");
    expect_end(&fx, TONE);
    fx_close(&fx);
    free(data);
}

/* Duplicates are refused in every object at any depth, not only at the top;
 * the same key in sibling objects is no duplicate, and a nested "text" is
 * not the record's. */
static void test_duplicate_keys_nested(void)
{
    fixture fx;
    fx_open(&fx, "dup-nested.jsonl",
            "{\"text\": \"a\", \"label\": \"x\", \"meta\": {\"k\": 1, \"k\": 2}}\n"
            "{\"text\": \"a\", \"label\": \"x\", \"m\": [[{\"k\": {\"j\": 1, \"j\": 1}}]]}\n"
            "{\"text\": \"a\", \"label\": \"x\", \"m\": [{\"k\": 1}, {\"k\": 2}], \"n\": {\"k\": 3}}\n"
            "{\"meta\": {\"text\": \"innen\", \"label\": \"y\"}, \"text\": \"aussen\", "
            "\"label\": \"x\"}\n"
            "{\"text\": \"a\", \"label\": \"x\", \"m\": {\"k\": {\"k\": {\"k\": 1}}}}\n");
    expect_bad(&fx, TONE, 1, "invalid JSON: duplicate object key near '\"k\"' (column 48)");
    expect_bad(&fx, TONE, 2, "invalid JSON: duplicate object key near '\"j\"'");
    expect_good(&fx, TONE, 3, "a", "x");
    expect_good(&fx, TONE, 4, "aussen", "x");
    expect_good(&fx, TONE, 5, "a", "x");
    fx_close(&fx);

    /* 20,000 distinct keys in one object, then the same with a repeat at the end */
    char *data = malloc(2 * 20000 * 24 + 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    size_t n = 0;
    for (int rep = 0; rep < 2; rep++) {
        n += (size_t)sprintf(data + n, "{\"text\": \"viele\", \"label\": \"x\"");
        for (int k = 0; k < 20000; k++)
            n += (size_t)sprintf(data + n, ", \"k%d\": %d", k, k);
        n += (size_t)sprintf(data + n, rep ? ", \"k0\": 0}\n" : "}\n");
    }
    fx_open_bytes(&fx, "many-keys.jsonl", data, n);
    expect_good(&fx, TONE, 1, "viele", "x");
    expect_bad(&fx, TONE, 2, "invalid JSON: duplicate object key");
    fx_close(&fx);
    free(data);
}

/* Integers are Jansson's json_int_t (long long): beyond it a line is invalid
 * JSON wherever the number stands; reals only when they overflow a double. */
static void test_huge_integers(void)
{
    fixture fx;
    fx_open(&fx, "integers.jsonl",
            "{\"id\": -9223372036854775808, \"text\": \"a\", \"start\": 9223372036854775807}\n"
            "{\"text\": \"a\", \"start\": 9223372036854775808}\n"
            "{\"text\": \"a\", \"start\": -9223372036854775809}\n"
            "{\"text\": \"a\", \"other\": [99999999999999999999999]}\n"
            "{\"text\": \"a\", \"start\": -0, \"end\": 0, \"other\": [1e308, 1e-400, -0.0]}\n"
            "{\"text\": \"a\", \"other\": 1e309}\n"
            "{\"text\": \"a\", \"other\": -1.8e308}\n"
            "{\"text\": \"a\", \"start\": 1e2}\n"
            "{\"text\": \"a\", \"start\": 01}\n");
    expect_good(&fx, HT_FIELD_TEXT, 1, "a", NULL);
    CU_ASSERT_STRING_EQUAL(fx.rec.id, "-9223372036854775808");
    CU_ASSERT_EQUAL(fx.rec.start, 9223372036854775807L);
    expect_bad(&fx, HT_FIELD_TEXT, 2, "invalid JSON: too big integer");
    expect_bad(&fx, HT_FIELD_TEXT, 3, "invalid JSON: too big negative integer");
    expect_bad(&fx, HT_FIELD_TEXT, 4, "invalid JSON: too big integer");
    expect_good(&fx, HT_FIELD_TEXT, 5, "a", NULL);
    CU_ASSERT_EQUAL(fx.rec.start, 0);
    CU_ASSERT_EQUAL(fx.rec.end, 0);
    expect_bad(&fx, HT_FIELD_TEXT, 6, "invalid JSON: real number overflow");
    expect_bad(&fx, HT_FIELD_TEXT, 7, "invalid JSON: real number overflow");
    expect_bad(&fx, HT_FIELD_TEXT, 8, "field \"start\" must be an integer, not a real number");
    expect_bad(&fx, HT_FIELD_TEXT, 9, "invalid JSON: invalid token near '0'");
    expect_end(&fx, HT_FIELD_TEXT);
    fx_close(&fx);
}

/* A line that is valid JSON but no object says so; one that is not valid
 * JSON at all says that instead, whatever its first character promises. */
static void test_non_objects(void)
{
    fixture fx;
    fx_open(&fx, "non-objects.jsonl",
            "[]\n"
            "-1.5e3\n"
            "false\n"
            "\"\\u00e4\"\n"
            "[1, 2\n"
            "\"\\ud800\"\n"
            "nix\n"
            "{\"text\": \"a\"} {\"text\": \"b\"}\n"
            "{\"text\": \"a\"}]\n");
    for (size_t line = 1; line <= 4; line++)
        expect_bad(&fx, HT_FIELD_TEXT, line, "not a JSON object");
    expect_bad(&fx, HT_FIELD_TEXT, 5, "invalid JSON: ']' expected near end of file");
    expect_bad(&fx, HT_FIELD_TEXT, 6, "invalid JSON: invalid Unicode");
    expect_bad(&fx, HT_FIELD_TEXT, 7, "invalid JSON: invalid token near 'nix'");
    expect_bad(&fx, HT_FIELD_TEXT, 8, "invalid JSON: end of file expected near '{'");
    expect_bad(&fx, HT_FIELD_TEXT, 9, "invalid JSON: end of file expected near ']'");
    expect_end(&fx, HT_FIELD_TEXT);
    fx_close(&fx);
}

/* A record cut off anywhere is invalid JSON that names what was missing. */
static void test_truncated_lines(void)
{
    fixture fx;
    fx_open(&fx, "truncated.jsonl",
            "{\n"
            "{\"text\"\n"
            "{\"text\":\n"
            "{\"text\": \"abc\n"
            "{\"text\": \"abc\\\n"
            "{\"text\": \"abc\\u00\n"
            "{\"text\": \"abc\"\n"
            "{\"text\": \"abc\",\n"
            "{\"text\": \"abc\", \"n\": [1, {\"a\": tr\n"
            "{\"text\": \"abc\", \"n\": 1.\n"
            "{\"text\": \"abc\", \"n\": -\n"
            "{\"text\": \"ganz\"}\n");
    expect_bad(&fx, HT_FIELD_TEXT, 1, "invalid JSON: string or '}' expected near end of file");
    expect_bad(&fx, HT_FIELD_TEXT, 2, "invalid JSON: ':' expected near end of file");
    expect_bad(&fx, HT_FIELD_TEXT, 3, "invalid JSON: unexpected token near end of file");
    expect_bad(&fx, HT_FIELD_TEXT, 4, "invalid JSON: premature end of input");
    expect_bad(&fx, HT_FIELD_TEXT, 5, "invalid JSON: premature end of input");
    expect_bad(&fx, HT_FIELD_TEXT, 6, "invalid JSON: invalid escape");
    expect_bad(&fx, HT_FIELD_TEXT, 7, "invalid JSON: '}' expected near end of file");
    expect_bad(&fx, HT_FIELD_TEXT, 8, "invalid JSON: string or '}' expected near end of file");
    expect_bad(&fx, HT_FIELD_TEXT, 9, "invalid JSON: invalid token near 'tr'");
    expect_bad(&fx, HT_FIELD_TEXT, 10, "invalid JSON: invalid token near '1.'");
    expect_bad(&fx, HT_FIELD_TEXT, 11, "invalid JSON: invalid token near '-'");
    expect_good(&fx, HT_FIELD_TEXT, 12, "ganz", NULL);
    fx_close(&fx);
}

/* NUL bytes: "\u0000" is kept in text but refused in a key; a raw NUL is a
 * control character in a string and stray elsewhere, except one right after
 * a number or a literal, which Jansson loses and so this reader skips too. */
static void test_nul_bytes(void)
{
    static const char data[] =
        "{\"text\": \"a\0b\", \"label\": \"x\"}\n"
        "{\"te\\u0000xt\": \"a\", \"label\": \"x\"}\n"
        "{\"text\": \"a\", \"label\": \"x\", \"start\": 1\0, \"end\": true\0}\n"
        "{\"text\": \"a\", \"label\": \"x\", \"start\": 1\0\0}\n"
        "{\"text\": \"a\"\0, \"label\": \"x\"}\n"
        "{\"text\": \"a\", \"label\": \"x\"}\0\n"
        "\0\n"
        "{\"text\": \"\\u0000\", \"label\": \"x\"}\n";
    fixture fx;
    fx_open_bytes(&fx, "nul-bytes.jsonl", data, sizeof data - 1);
    expect_bad(&fx, TONE, 1, "invalid JSON: control character 0x0");
    expect_bad(&fx, TONE, 2, "invalid JSON: NUL byte in object key not supported");
    CU_ASSERT_EQUAL_FATAL(ht_jsonl_next(fx.r, &fx.rec, HT_FIELD_TEXT, &fx.err), -1);
    /* line 3 is valid JSON (the NULs are lost), so "end" is checked: a boolean */
    CU_ASSERT_PTR_NOT_NULL(strstr(fx.err.msg, ":3: field \"end\" must be an integer, not a boolean"));
    expect_bad(&fx, TONE, 4, "invalid JSON: ");
    expect_bad(&fx, TONE, 5, "invalid JSON: '}' expected");
    expect_bad(&fx, TONE, 6, "invalid JSON: end of file expected");
    expect_bad(&fx, TONE, 7, "invalid JSON: invalid token");
    CU_ASSERT_EQUAL_FATAL(ht_jsonl_next(fx.r, &fx.rec, TONE, &fx.err), 1);
    CU_ASSERT_EQUAL(fx.rec.text_len, 1);
    CU_ASSERT_EQUAL(fx.rec.text[0], '\0');
    expect_end(&fx, TONE);
    fx_close(&fx);
}

/* Strict UTF-8 wherever it stands, as Jansson: no overlongs, surrogates,
 * code points over U+10FFFF, stray continuation bytes or cut sequences. */
static void test_invalid_utf8_kinds(void)
{
    static const char data[] =
        "{\"text\": \"\xc0\xaf\", \"label\": \"x\"}\n"
        "{\"text\": \"\xe0\x80\xaf\", \"label\": \"x\"}\n"
        "{\"text\": \"\xed\xa0\x80\", \"label\": \"x\"}\n"
        "{\"text\": \"\xf4\x90\x80\x80\", \"label\": \"x\"}\n"
        "{\"text\": \"\x80\", \"label\": \"x\"}\n"
        "{\"text\": \"\xe2\x82\", \"label\": \"x\"}\n"
        "{\"text\": \"a\", \"label\": \"x\", \"note\": \"\xff\"}\n"
        "{\"text\": \"a\", \"label\": \"x\"} \xfe\n"
        "{\"text\": \"a\", \"\xc3\": \"x\"}\n"
        "{\"text\": \"\xe2\x82\xac \xf4\x8f\xbf\xbf \xef\xbf\xbf\", \"label\": \"x\"}\n";
    fixture fx;
    fx_open_bytes(&fx, "utf8.jsonl", data, sizeof data - 1);
    expect_bad(&fx, TONE, 1, "invalid JSON: unable to decode byte 0xc0");
    expect_bad(&fx, TONE, 2, "invalid JSON: unable to decode byte 0xe0");
    expect_bad(&fx, TONE, 3, "invalid JSON: unable to decode byte 0xed");
    expect_bad(&fx, TONE, 4, "invalid JSON: unable to decode byte 0xf4");
    expect_bad(&fx, TONE, 5, "invalid JSON: unable to decode byte 0x80");
    expect_bad(&fx, TONE, 6, "invalid JSON: unable to decode byte 0xe2");
    expect_bad(&fx, TONE, 7, "invalid JSON: unable to decode byte 0xff");
    expect_bad(&fx, TONE, 8, "invalid JSON: unable to decode byte 0xfe");
    expect_bad(&fx, TONE, 9, "invalid JSON: unable to decode byte 0xc3");
    expect_good(&fx, TONE, 10, "\xe2\x82\xac \xf4\x8f\xbf\xbf \xef\xbf\xbf", "x");
    expect_end(&fx, TONE);
    fx_close(&fx);
}

/* Whitespace is JSON's four (a form feed is not), and the column of an
 * error counts code points, not bytes. */
static void test_whitespace_and_columns(void)
{
    fixture fx;
    fx_open(&fx, "ws.jsonl",
            " \t{ \"text\" :\r\"a\" ,\t\"label\":\"x\" } \t\n"
            "\f{\"text\": \"a\", \"label\": \"x\"}\n"
            "{\"text\": \"\xc3\xa4\xc3\xa4\xc3\xa4\", \"label\": x}\n");
    expect_good(&fx, TONE, 1, "a", "x");
    expect_bad(&fx, TONE, 2, "invalid JSON: invalid token");
    expect_bad(&fx, TONE, 3, "invalid JSON: invalid token near 'x' (column 26)");
    fx_close(&fx);
}

/* 20 MB on one line: ten million "ö" (two bytes each), then the target. */
static void test_huge_line(void)
{
    const size_t reps = 10 * 1000 * 1000;
    const char *head = "{\"text\": \"";
    const char *tail = "Nehammer\", \"target\": \"Nehammer\", \"start\": 10000000, "
                       "\"end\": 10000008, \"label\": \"neutral\"}\n" TONE_LINE "\n";
    size_t len = strlen(head) + 2 * reps + strlen(tail);
    char *data = malloc(len + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    char *p = data + strlen(head);
    memcpy(data, head, strlen(head));
    for (size_t i = 0; i < reps; i++, p += 2)
        memcpy(p, "\xc3\xb6", 2);
    memcpy(p, tail, strlen(tail) + 1);

    fixture fx;
    fx_open_bytes(&fx, "huge.jsonl", data, len);
    free(data);
    CU_ASSERT_EQUAL_FATAL(ht_jsonl_next(fx.r, &fx.rec, ACTOR, &fx.err), 1);
    CU_ASSERT_EQUAL(fx.rec.text_len, 2 * reps + 8);
    CU_ASSERT_EQUAL(memcmp(fx.rec.text + 2 * reps, "Nehammer", 9), 0);
    CU_ASSERT_EQUAL(fx.rec.start, 10000000);
    size_t raw_len;
    ht_jsonl_raw(fx.r, &raw_len);
    CU_ASSERT(raw_len > 2 * reps);
    expect_good(&fx, TONE, 2, "Die Stadtwerke senken ab M\xc3\xa4rz die Fernw\xc3\xa4rmepreise.",
                "positive");
    expect_end(&fx, TONE);
    fx_close(&fx);
}

/* With a line limit: a line of exactly the limit is read (its newline and
 * CR not counted), one byte more is a bad record naming file and line, and
 * the lines after it are read; a blank line over the limit is still over. */
static void test_line_limit(void)
{
    size_t at = strlen(TONE_LINE);
    char *over = malloc(at + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(over);
    /* the same record with one more space before the closing brace */
    memcpy(over, TONE_LINE, at - 1);
    memcpy(over + at - 1, " }", 3);
    char *data = malloc(8 * at + 200000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    size_t n = 0;
    n += (size_t)sprintf(data + n, "%s\n%s\r\n%s\n", TONE_LINE, TONE_LINE, over);
    memset(data + n, ' ', 100000);  /* line 4: blank, but too long */
    n += 100000;
    n += (size_t)sprintf(data + n, "\n%s", TONE_LINE);  /* the last line has no newline */
    fixture fx;
    fx_open_bytes(&fx, "limit.jsonl", data, n);
    ht_jsonl_set_max_line(fx.r, at);
    const char *text = "Die Stadtwerke senken ab M\xc3\xa4rz die Fernw\xc3\xa4rmepreise.";
    expect_good(&fx, TONE, 1, text, "positive");
    expect_good(&fx, TONE, 2, text, "positive");
    expect_bad(&fx, TONE, 3, "the line has 86 bytes, more than the limit of 85");
    expect_bad(&fx, TONE, 4, "the line has 100000 bytes");
    expect_good(&fx, TONE, 5, text, "positive");
    expect_end(&fx, TONE);
    fx_close(&fx);
    fx_open_bytes(&fx, "limit0.jsonl", data, n);
    ht_jsonl_set_max_line(fx.r, 0);  /* no limit: line 3 is good, line 4 blank */
    for (size_t line = 1; line <= 3; line++)
        expect_good(&fx, TONE, line, text, "positive");
    expect_good(&fx, TONE, 5, text, "positive");
    expect_end(&fx, TONE);
    fx_close(&fx);
    free(over);
    free(data);
}

static void test_empty_files(void)
{
    fixture fx;
    fx_open(&fx, "empty.jsonl", "");
    expect_end(&fx, TONE);
    CU_ASSERT_EQUAL(ht_jsonl_line(fx.r), 0);
    size_t len = 99;
    CU_ASSERT_STRING_EQUAL(ht_jsonl_raw(fx.r, &len), "");
    CU_ASSERT_EQUAL(len, 0);
    fx_close(&fx);

    fx_open(&fx, "blank.jsonl", "\n \n\t\r\n\n");
    expect_end(&fx, TONE);
    CU_ASSERT_EQUAL(ht_jsonl_line(fx.r), 4);
    fx_close(&fx);
}

static void test_missing_file(void)
{
    ht_error err;
    ht_error_clear(&err);
    ht_jsonl_reader *r = ht_jsonl_open("build/test-tmp/gibt-es-nicht.jsonl", &err);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_EQUAL(err.code, HT_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "build/test-tmp/gibt-es-nicht.jsonl"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "No such file"));
}

/* A directory is refused when opened, as a missing file is. */
static void test_directory(void)
{
    ht_error err;
    ht_error_clear(&err);
    CU_ASSERT_PTR_NULL(ht_jsonl_open("build/test-tmp", &err));
    CU_ASSERT_EQUAL(err.code, HT_ERR_IO);
    CU_ASSERT_STRING_EQUAL(err.msg, "build/test-tmp: cannot open: Is a directory");
}

/* A stream that fails to read (here, one on a directory) fails in getline():
 * a read error, not a bad record. */
static void test_read_error(void)
{
    ht_error err;
    ht_record rec = { 0 };  /* zeroed: ht_record_clear() frees what it finds */
    FILE *f = fopen("build/test-tmp", "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ht_jsonl_reader *r = ht_jsonl_from_stream(f, "build/test-tmp", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), -2);
    CU_ASSERT_EQUAL(err.code, HT_ERR_IO);
    CU_ASSERT_EQUAL(strncmp(err.msg, "build/test-tmp:1: read error", 28), 0);
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), 0);
    ht_jsonl_close(r);
    fclose(f);
}

static void test_from_stream(void)
{
    const char *data = "{\"text\": \"Aus dem Strom\", \"label\": \"neutral\"}\n[]\n";
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(data, f);
    rewind(f);
    ht_error err;
    ht_record rec = { 0 };  /* zeroed: ht_record_clear() frees what it finds */
    ht_jsonl_reader *r = ht_jsonl_from_stream(f, "netz", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), 1);
    CU_ASSERT_STRING_EQUAL(rec.text, "Aus dem Strom");
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "netz:2: not a JSON object");
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), 0);
    ht_jsonl_close(r);
    /* the caller's stream is still open */
    rewind(f);
    CU_ASSERT_EQUAL(fgetc(f), '{');
    fclose(f);
    ht_record_clear(&rec);
}

static void test_stdin(void)
{
    const char *data = "{\"text\": \"Von der Standardeingabe\", \"label\": \"neutral\"}\n7\n";
    const char *p = ht_test_write_temp("stdin.jsonl", data, strlen(data));
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(freopen(p, "rb", stdin));
    ht_error err;
    ht_record rec = { 0 };  /* zeroed: ht_record_clear() frees what it finds */
    ht_jsonl_reader *r = ht_jsonl_open("-", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), 1);
    CU_ASSERT_STRING_EQUAL(rec.text, "Von der Standardeingabe");
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), -1);
    CU_ASSERT_STRING_EQUAL(err.msg, "<stdin>:2: not a JSON object");
    CU_ASSERT_EQUAL(ht_jsonl_next(r, &rec, TONE, &err), 0);
    ht_jsonl_close(r);
    ht_record_clear(&rec);
    remove(p);
}

static void test_record_clear(void)
{
    ht_record rec = { 0 };
    ht_record_clear(&rec);
    CU_ASSERT_EQUAL(rec.start, -1);
    CU_ASSERT_EQUAL(rec.end, -1);
    rec.label = malloc(4);
    rec.text = malloc(4);
    ht_record_clear(&rec);
    CU_ASSERT_PTR_NULL(rec.label);
    CU_ASSERT_PTR_NULL(rec.text);
    CU_ASSERT_EQUAL(rec.text_len, 0);
    ht_record_clear(&rec);  /* twice is harmless */
    ht_record_clear(NULL);
    ht_jsonl_close(NULL);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "tone records", test_tone_records },
        { "actor record, code points not bytes", test_actor_record_umlauts },
        { "stance record", test_stance_record },
        { "blank lines and CRLF", test_blank_lines_and_crlf },
        { "BOM only at the start", test_bom },
        { "invalid JSON, then good records", test_invalid_json_then_good },
        { "not an object", test_not_an_object },
        { "missing fields", test_missing_fields },
        { "wrong types", test_wrong_types },
        { "span out of range", test_span_out_of_range },
        { "span types", test_span_types },
        { "span not required", test_span_not_required },
        { "target mismatch", test_target_mismatch },
        { "ids", test_ids },
        { "NUL in text", test_nul_in_text },
        { "duplicate keys", test_duplicate_keys },
        { "invalid UTF-8", test_invalid_utf8 },
        { "escapes", test_escapes },
        { "surrogate pairs and lone halves", test_surrogates },
        { "deep nesting: 2048 deep, no deeper, no recursion", test_deep_nesting },
        { "duplicate keys at any depth", test_duplicate_keys_nested },
        { "huge integers and overflowing reals", test_huge_integers },
        { "valid JSON that is no object, and invalid JSON", test_non_objects },
        { "truncated lines", test_truncated_lines },
        { "NUL bytes", test_nul_bytes },
        { "every kind of invalid UTF-8", test_invalid_utf8_kinds },
        { "whitespace and error columns", test_whitespace_and_columns },
        { "20 MB line", test_huge_line },
        { "line limit: at, over, blank over, then on", test_line_limit },
        { "empty files", test_empty_files },
        { "missing file", test_missing_file },
        { "a directory is refused on opening", test_directory },
        { "read error", test_read_error },
        { "from stream", test_from_stream },
        { "stdin", test_stdin },
        { "record clear", test_record_clear },
        { NULL, NULL }
    };
    return ht_test_main("jsonl", cases);
}
