/* test_jsonw.c: the JSON writer behind haltung score's output: commas, key
 * order, escaping of control characters and quotes, and the fixed number
 * format (four decimals, no trailing zeros, no -0) that keeps output
 * byte-identical run after run. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "classifier/jsonw.h"
#include "tests/support.h"

static void test_structure_and_escaping(void)
{
    ht_jsonw w = { 0 };
    ht_jsonw_reset(&w);
    ht_jsonw_begin_object(&w);
    ht_jsonw_key(&w, "id");
    ht_jsonw_null(&w);
    ht_jsonw_key(&w, "text");
    ht_jsonw_string(&w, "„Zitat“ mit \"Anführung\", \\ und\nZeile\t\x01");
    ht_jsonw_key(&w, "list");
    ht_jsonw_begin_array(&w);
    ht_jsonw_bool(&w, 1);
    ht_jsonw_begin_object(&w);
    ht_jsonw_end_object(&w);
    ht_jsonw_begin_array(&w);
    ht_jsonw_end_array(&w);
    ht_jsonw_int(&w, -7);
    ht_jsonw_end_array(&w);
    ht_jsonw_end_object(&w);
    CU_ASSERT_FALSE(w.failed);
    CU_ASSERT_STRING_EQUAL(w.buf, "{\"id\":null,\"text\":\"„Zitat“ mit \\\"Anführung\\\", \\\\ und\\n"
                                  "Zeile\\t\\u0001\",\"list\":[true,{},[],-7]}");
    json_t *o = json_loads(w.buf, 0, NULL);  /* and it is JSON */
    CU_ASSERT_TRUE(json_is_object(o));
    json_decref(o);
    ht_jsonw_free(&w);
}

/* Keys take a short path when they need no escaping; the others are escaped
 * as strings are. Commas come between keys at every depth. */
static void test_keys(void)
{
    ht_jsonw w = { 0 };
    ht_jsonw_reset(&w);
    ht_jsonw_begin_object(&w);
    ht_jsonw_key(&w, "a");
    ht_jsonw_int(&w, 1);
    ht_jsonw_key(&w, "sag \"nein\"\n");
    ht_jsonw_begin_object(&w);
    ht_jsonw_key(&w, "");
    ht_jsonw_null(&w);
    ht_jsonw_key(&w, "b\\c");
    ht_jsonw_bool(&w, 0);
    ht_jsonw_end_object(&w);
    ht_jsonw_key(&w, "Größe");
    ht_jsonw_string(&w, "x");
    ht_jsonw_end_object(&w);
    CU_ASSERT_FALSE(w.failed);
    CU_ASSERT_STRING_EQUAL(w.buf, "{\"a\":1,\"sag \\\"nein\\\"\\n\":{\"\":null,\"b\\\\c\":false},"
                                  "\"Größe\":\"x\"}");
    json_t *o = json_loads(w.buf, 0, NULL);
    CU_ASSERT_TRUE(json_is_object(json_object_get(o, "sag \"nein\"\n")));
    CU_ASSERT_TRUE(json_is_false(json_object_get(json_object_get(o, "sag \"nein\"\n"), "b\\c")));
    json_decref(o);
    ht_jsonw_free(&w);
}

/* The escaped form of s[0..len), byte by byte: what the writer must give. */
static size_t escape_slowly(const char *s, size_t len, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c == '\n' || c == '\t' || c == '\r') {
            out[o++] = '\\';
            out[o++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
        } else if (c < 0x20) {
            o += (size_t)sprintf(out + o, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return o;
}

/* Strings are scanned eight bytes at a time: every byte that needs escaping,
 * at every position and length up to 40, next to UTF-8 and bytes >= 0x80,
 * comes out as the byte-by-byte escape gives it. */
static void test_escaping_every_position(void)
{
    static const unsigned char special[] = { '"', '\\', '\n', '\t', '\r', 0x01, 0x1f, 0x00,
                                             0x7f, 0x80, 0xc3, 0xa4, 0xff, ' ', '~', 0x9f };
    ht_jsonw w = { 0 };
    char in[48], want[48 * 6 + 4];
    for (size_t len = 1; len <= 40; len++) {
        for (size_t at = 0; at < len; at++) {
            for (size_t k = 0; k < sizeof special; k++) {
                for (size_t i = 0; i < len; i++)
                    in[i] = (char)('a' + (i * 7) % 26);
                in[at] = (char)special[k];
                if (at + 3 < len)
                    in[at + 3] = '"';
                ht_jsonw_reset(&w);
                ht_jsonw_string_n(&w, in, len);
                size_t n = escape_slowly(in, len, want);
                CU_ASSERT_EQUAL(w.len, n);
                CU_ASSERT_TRUE(w.len == n && memcmp(w.buf, want, n) == 0);
            }
        }
    }
    ht_jsonw_free(&w);
}

/* Raw pieces and plain keys of every length up to 40 come out whole. */
static void test_pieces_every_length(void)
{
    ht_jsonw w = { 0 };
    char piece[41], want[64];
    for (size_t len = 0; len <= 40; len++) {
        for (size_t i = 0; i < len; i++)
            piece[i] = (char)('A' + (i * 11 + len) % 26);
        piece[len] = '\0';
        ht_jsonw_reset(&w);
        ht_jsonw_raw(&w, "<", 1);
        ht_jsonw_raw(&w, piece, len);
        ht_jsonw_raw(&w, ">", 1);
        snprintf(want, sizeof want, "<%s>", piece);
        CU_ASSERT_STRING_EQUAL(w.buf, want);
        CU_ASSERT_EQUAL(w.len, len + 2);
        ht_jsonw_reset(&w);
        ht_jsonw_begin_object(&w);
        ht_jsonw_key_plain(&w, piece, len);
        ht_jsonw_int(&w, 1);
        ht_jsonw_end_object(&w);
        snprintf(want, sizeof want, "{\"%s\":1}", piece);
        CU_ASSERT_STRING_EQUAL(w.buf, want);
    }
    ht_jsonw_free(&w);
}

static void test_numbers(void)
{
    static const struct { double v; const char *text; } cases[] = {
        { 0, "0" }, { 1, "1" }, { -1, "-1" }, { 0.5, "0.5" }, { -0.25, "-0.25" },
        { 0.12344, "0.1234" }, { -0.00004, "0" }, { 0.99996, "1" }, { 123.4567, "123.4567" },
        { -3.10001, "-3.1" }, { 0.0001, "0.0001" }, { 1e-12, "0" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ht_jsonw w = { 0 };
        ht_jsonw_reset(&w);
        ht_jsonw_real(&w, cases[i].v);
        CU_ASSERT_STRING_EQUAL(w.buf, cases[i].text);
        ht_jsonw_free(&w);
    }
    ht_jsonw w = { 0 };
    ht_jsonw_reset(&w);
    ht_jsonw_int(&w, -9223372036854775807LL - 1);
    CU_ASSERT_STRING_EQUAL(w.buf, "-9223372036854775808");
    ht_jsonw_free(&w);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "structure, commas, escaping", test_structure_and_escaping },
        { "keys, plain and escaped, at every depth", test_keys },
        { "number format", test_numbers },
        { "escaping at every position", test_escaping_every_position },
        { "raw pieces and keys of every length", test_pieces_every_length },
        { NULL, NULL }
    };
    return ht_test_main("jsonw", cases);
}
