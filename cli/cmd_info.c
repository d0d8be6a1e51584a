/* cmd_info.c: `haltung info MODEL...` shows what is inside model files. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/jsonw.h"
#include "classifier/model.h"
#include "classifier/result.h"
#include "classifier/vectors.h"
#include "cli/cmd.h"

/* Prints s with control characters made harmless: a model file may come
 * from anyone, and its texts reach a terminal (as in score's text view). */
static void put_safe(ht_jsonw *w, const char *s)
{
    ht_jsonw_reset(w);
    ht_report_text_safe(w, s, strlen(s));
    if (!w->failed)
        fwrite(w->buf, 1, w->len, stdout);
}

static void print_info_json(const char *info)
{
    json_error_t jerr;
    json_t *o = info ? json_loads(info, 0, &jerr) : NULL;
    if (!json_is_object(o)) {
        printf("training:   (no metadata)\n");
        json_decref(o);
        return;
    }
    const char *key;
    json_t *v;
    ht_jsonw w = { 0 };
    json_object_foreach(o, key, v) {
        char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
        put_safe(&w, key);
        printf(":%*s ", strlen(key) < 10 ? (int)(10 - strlen(key)) : 0, "");
        put_safe(&w, text ? text : json_string_value(v));
        putchar('\n');
        free(text);
    }
    ht_jsonw_free(&w);
    json_decref(o);
}

/* Prints what model path holds, after a blank line when others were shown
 * before it; 1 when it cannot be loaded. */
static int show(const char *path, int after_others)
{
    ht_error err = { 0 };
    ht_model *m = ht_model_load(path, &err);
    if (!m) {
        cli_report(&err);
        return 1;
    }
    if (after_others)
        putchar('\n');
    const ht_feature_config *c = &m->features;
    printf("model:      %s\n", path);
    printf("format:     haltung model version %d\n", HT_MODEL_FORMAT_VERSION);
    printf("task:       %s\n", ht_task_name(m->task));
    printf("labels:    ");
    ht_jsonw w = { 0 };
    for (int i = 0; i < m->nr_class; i++) {
        putchar(' ');
        put_safe(&w, m->labels[i]);
    }
    ht_jsonw_free(&w);
    char desc[256];
    ht_config_describe(c, desc, sizeof desc);
    printf("\nfeatures:   2^%u hashed dimensions, %s\n", c->hash_bits, desc);
    char helper[256];
    if (m->task == HT_TASK_ACTOR && ht_actor_helper_name(m, helper, sizeof helper))
        printf("helper:     %s, the tone model read for the target's clause%s%s\n", helper,
               c->clause_tone_only ? "" : " and sentence",
               c->context ? " and for the passage of its sentence and the ones beside it" : "");
    else if (m->task == HT_TASK_ACTOR)
        printf("helper:     none (trained without --tone-model)\n");
    printf("weights:    %zu non-zero feature rows of %u\n", ht_model_nonzero_rows(m), m->dim);
    print_info_json(m->info);
    ht_model_free(m);
    return 0;
}

int cmd_info(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fprintf(argc < 2 ? stderr : stdout, "usage: haltung info MODEL...\n");
        return argc < 2 ? 2 : 0;
    }
    int first = 1;
    if (!strcmp(argv[1], "--"))
        first = 2;  /* the rest are files, whatever their names */
    for (int i = first; first == 1 && i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("info: unknown option '%s' (usage: haltung info MODEL...)", argv[i]);
            return 2;
        }
    int rc = 0, shown = 0;
    for (int i = first; i < argc; i++) {
        int failed = show(argv[i], shown);  /* a blank line between the models shown */
        rc |= failed;
        shown += !failed;
    }
    return rc;
}
