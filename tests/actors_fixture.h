/* actors_fixture.h: what the actor and quote suites share: a gazetteer from
 * models/, a document and its analysis, filled from a string or a file. */
#ifndef HT_ACTORS_FIXTURE_H
#define HT_ACTORS_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/actors.h"
#include "tests/support.h"

typedef struct fx {
    ht_gazetteer *g;
    ht_doc d;
    ht_analysis a;
    char *buf;
} fx;

static inline ht_gazetteer *load_gazetteer(void)
{
    ht_error err = { 0 };
    ht_gazetteer *g = ht_gazetteer_new(&err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    ht_status st = ht_gazetteer_load_dir(g, "models", &err);
    if (st != HT_OK)
        fprintf(stderr, "gazetteer: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, HT_OK);
    return g;
}

static inline void fx_text(fx *f, const char *text, size_t len)
{
    ht_error err = { 0 };
    if (!f->g)
        f->g = load_gazetteer();
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&f->d, text, len, &err), HT_OK);
    ht_status st = ht_analyse(f->g, &f->d, &f->a, &err);
    if (st != HT_OK)
        fprintf(stderr, "analyse: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, HT_OK);
}

static inline void fx_str(fx *f, const char *text)
{
    fx_text(f, text, strlen(text));
}

static inline int fx_file(fx *f, const char *path)
{
    size_t len;
    free(f->buf);
    if (!(f->buf = ht_test_read_file(path, &len)))
        return 0;
    fx_text(f, f->buf, len);
    return 1;
}

static inline void fx_free(fx *f)
{
    ht_analysis_free(&f->a);
    ht_doc_free(&f->d);
    ht_gazetteer_free(f->g);
    free(f->buf);
    memset(f, 0, sizeof *f);
}

#endif
