/* test_jsonw.c: the JSON writer behind haltung score's output: commas, key
 * order, escaping of control characters and quotes, and the fixed number
 * format (four decimals, no trailing zeros, no -0) that keeps output
 * byte-identical run after run. */
#include <jansson.h>
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
        { "number format", test_numbers },
        { NULL, NULL }
    };
    return ht_test_main("jsonw", cases);
}
