/* fuzz_jsonobj.c: libFuzzer target holding the JSON Lines record parser
 * (training/jsonobj.c) against Jansson, which the reader used before it.
 *
 * Input: the bytes of one line, as they are. Both parse it, Jansson with
 * json_loadb() and the reader's former flags (JSON_DECODE_ANY |
 * JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES); then both parse its first half,
 * with the same parser, whose key tables the first parse left behind.
 *
 * Checked besides the sanitizers: one accepts iff the other does; the
 * top-level types agree; for an object, every wanted key (the record's nine
 * fields and a few more) is absent in both or present in both with the same
 * type, the same string bytes (escapes undone, NUL bytes kept) and the same
 * integer; a refusal comes with a message and a column inside the line. */
#include "tests/fuzz/fuzz.h"

#include <jansson.h>

#include "training/jsonobj.h"

#define LOAD_FLAGS (JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES)

static const char *const keys[] = {
    "id", "text", "label", "title", "topic", "actor", "target", "start", "end",
    "", "a", "\xc3\xa4", "\"\\/"
};
#define NKEYS (sizeof keys / sizeof *keys)

static ht_jobj_type type_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return HT_JOBJ_OBJECT;
    case JSON_ARRAY: return HT_JOBJ_ARRAY;
    case JSON_STRING: return HT_JOBJ_STRING;
    case JSON_INTEGER: return HT_JOBJ_INTEGER;
    case JSON_REAL: return HT_JOBJ_REAL;
    case JSON_TRUE: return HT_JOBJ_TRUE;
    case JSON_FALSE: return HT_JOBJ_FALSE;
    case JSON_NULL: return HT_JOBJ_NULL;
    }
    return HT_JOBJ_ABSENT;
}

/* The member's value as Jansson read it and as the parser located it agree. */
static void check_member(const json_t *j, const ht_jobj_value *v)
{
    FUZZ_CHECK(v->type == (j ? type_of(j) : HT_JOBJ_ABSENT));
    if (json_is_integer(j))
        FUZZ_CHECK(v->integer == json_integer_value(j));
    if (!json_is_string(j))
        return;
    size_t len;
    char *s = ht_jobj_string(v, &len);
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(len == json_string_length(j));
    FUZZ_CHECK(memcmp(s, json_string_value(j), len) == 0 && s[len] == '\0');
    free(s);
}

static void differ(ht_jobj_parser *p, const char *s, size_t len)
{
    ht_jobj_value vals[NKEYS];
    ht_jobj_error err = { "", 0 };
    int got = ht_jobj_parse(p, s, len, keys, NKEYS, vals, &err);
    json_error_t jerr;
    json_t *root = json_loadb(s, len, LOAD_FLAGS, &jerr);
    FUZZ_CHECK(got != -2);
    FUZZ_CHECK((got > 0) == (root != NULL));
    if (!root) {
        FUZZ_CHECK(err.text[0] != '\0' && err.column >= 1);
        FUZZ_CHECK(err.column <= len + 1);
        return;
    }
    FUZZ_CHECK(got == (int)type_of(root));
    for (size_t i = 0; i < NKEYS; i++) {
        if (json_is_object(root))
            check_member(json_object_get(root, keys[i]), &vals[i]);
        else
            FUZZ_CHECK(vals[i].type == HT_JOBJ_ABSENT);
    }
    json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ht_jobj_parser *p = ht_jobj_new();
    FUZZ_CHECK(p != NULL);
    differ(p, (const char *)data, size);
    differ(p, (const char *)data, size / 2);
    ht_jobj_free(p);
    return 0;
}
