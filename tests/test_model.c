/* test_model.c: the model file format, scoring and the liblinear import.
 *
 * Damaged files are made by patching a good one; where a test means to hit
 * one specific check, it recomputes the CRC afterwards so that the checksum
 * cannot be what refuses the file. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classifier/model.h"
#include "features/file.h"
#include "features/hash.h"
#include "tests/support.h"

#define K3_LABELS {"neg", "neu", "pos"}

/* ---- helpers -------------------------------------------------------------- */

static ht_feature_config test_config(void)
{
    ht_feature_config c = ht_config_default();
    c.hash_bits = 12;  /* small dim keeps the truncation loop short */
    c.window = 3;      /* non-default values, to see them survive the trip */
    c.emoticons = 1;
    c.text_ns = 1;
    c.clause_tone_only = 1;
    c.char_block = 1;
    c.speaker = 1;
    c.context = 2;
    return c;
}

static ht_model *new_model(int nr_class)
{
    const char *labels3[] = K3_LABELS;
    const char *labels2[] = {"against", "favor"};
    ht_feature_config cfg = test_config();
    ht_error err;
    ht_model *m = ht_model_new(nr_class == 2 ? HT_TASK_STANCE : HT_TASK_TONE, &cfg, nr_class,
                               nr_class == 2 ? labels2 : labels3, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    return m;
}

static void set_row(ht_model *m, uint32_t row, const float *w)
{
    memcpy(m->weights + (size_t)row * (size_t)m->nr_class, w, (size_t)m->nr_class * sizeof *w);
}

/* A 3-class model with a few rows, among them the first and last feature, a
 * row with one zero weight and one with a negative zero. */
static ht_model *sample_model(void)
{
    ht_model *m = new_model(3);
    const uint32_t rows[] = {0, 1, 7, 100, 2048, 4095, 4096};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        float w[3];
        for (int c = 0; c < 3; c++)
            w[c] = (float)(rows[r] % 13) * 0.37f + (float)c * 1.1f - 0.5f;
        set_row(m, rows[r], w);
    }
    set_row(m, 50, (const float[]){0.0f, 2.5f, 0.0f});
    set_row(m, 60, (const float[]){-0.0f, 1e-30f, -3.0f});
    CU_ASSERT_EQUAL(ht_model_set_info(m, "{\"corpus\":\"test\",\"C\":1.5}", NULL), HT_OK);
    return m;
}

static const char *temp_dir(char *buf, size_t n)
{
    const char *probe = ht_test_write_temp("probe", "", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(probe);
    snprintf(buf, n, "%s", probe);
    unlink(probe);
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(buf, n, ".");
    return buf;
}

/* A new folder under the test temp folder, named after the process. */
static const char *make_dir(char *buf, size_t n, const char *name)
{
    char dir[512];
    snprintf(buf, n, "%s/%ld-%s", temp_dir(dir, sizeof dir), (long)getpid(), name);
    CU_ASSERT_FATAL(mkdir(buf, 0755) == 0 || errno == EEXIST);
    return buf;
}

/* Saves m and returns the bytes of the file. */
static unsigned char *saved_bytes(const ht_model *m, size_t *len)
{
    const char *path = ht_test_write_temp("bytes.model", "", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    ht_error err;
    CU_ASSERT_EQUAL_FATAL(ht_model_save(m, path, &err), HT_OK);
    unsigned char *buf = (unsigned char *)ht_test_read_file(path, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    unlink(path);
    return buf;
}

static unsigned char *sample_bytes(size_t *len)
{
    ht_model *m = sample_model();
    unsigned char *buf = saved_bytes(m, len);
    ht_model_free(m);
    return buf;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void fix_crc(unsigned char *buf, size_t len)
{
    put32(buf + len - 4, ht_crc32(0, buf, len - 4));
}

/* Offset of the first stored row: the rows end where the CRC starts. */
static size_t rows_offset(size_t len, size_t nrows, int nr_class)
{
    return len - 4 - nrows * (4 + 4 * (size_t)nr_class);
}

/* Parses a copy of exactly len bytes (so that ASan sees any over-read) and
 * checks that it is refused with a message naming the file and containing
 * needle (if not NULL). */
static void expect_refused(const unsigned char *data, size_t len, const char *needle)
{
    unsigned char *copy = malloc(len ? len : 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    if (len)
        memcpy(copy, data, len);
    ht_error err = {HT_OK, ""};
    ht_model *m = ht_model_parse(copy, len, "models/x.model", &err);
    CU_ASSERT_PTR_NULL(m);
    ht_model_free(m);
    CU_ASSERT_NOT_EQUAL(err.code, HT_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "models/x.model: "));
    if (needle && !strstr(err.msg, needle)) {
        fprintf(stderr, "\n  expected \"%s\" in: %s\n", needle, err.msg);
        CU_FAIL("message lacks the expected text");
    }
    free(copy);
}

static int count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strstr(e->d_name, ".tmp-") != NULL;
    closedir(d);
    return n;
}

static void assert_same_model(const ht_model *a, const ht_model *b)
{
    CU_ASSERT_EQUAL(a->task, b->task);
    CU_ASSERT_EQUAL(a->nr_class, b->nr_class);
    CU_ASSERT_EQUAL(a->dim, b->dim);
    CU_ASSERT_EQUAL(memcmp(&a->features, &b->features, sizeof a->features), 0);
    for (int c = 0; c < a->nr_class; c++)
        CU_ASSERT_STRING_EQUAL(a->labels[c], b->labels[c]);
    CU_ASSERT_EQUAL(memcmp(a->weights, b->weights,
                           ((size_t)a->dim + 1) * (size_t)a->nr_class * sizeof(float)), 0);
    if (a->info && b->info)
        CU_ASSERT_STRING_EQUAL(a->info, b->info);
    CU_ASSERT_EQUAL(a->info == NULL, b->info == NULL);
}

/* ---- basics --------------------------------------------------------------- */

static void test_task_names(void)
{
    CU_ASSERT_STRING_EQUAL(ht_task_name(HT_TASK_TONE), "tone");
    CU_ASSERT_STRING_EQUAL(ht_task_name(HT_TASK_ACTOR), "actor");
    CU_ASSERT_STRING_EQUAL(ht_task_name(HT_TASK_STANCE), "stance");
    CU_ASSERT_EQUAL(ht_task_parse("tone"), HT_TASK_TONE);
    CU_ASSERT_EQUAL(ht_task_parse("actor"), HT_TASK_ACTOR);
    CU_ASSERT_EQUAL(ht_task_parse("stance"), HT_TASK_STANCE);
    CU_ASSERT_EQUAL(ht_task_parse("Tone"), 0);
    CU_ASSERT_EQUAL(ht_task_parse(""), 0);
    CU_ASSERT_EQUAL(ht_task_parse(NULL), 0);
}

static void test_new_refuses_bad_args(void)
{
    const char *labels[] = {"a", "b", "c"};
    const char *dup[] = {"a", "b", "a"};
    const char *empty[] = {"a", ""};
    const char *longl[] = {"a", "0123456789012345678901234567890123"};
    ht_feature_config cfg = test_config(), bad = cfg;
    bad.hash_bits = 40;
    ht_error err;
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &bad, 3, labels, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "hash_bits"));
    CU_ASSERT_PTR_NULL(ht_model_new(0, &cfg, 3, labels, &err));
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &cfg, 1, labels, &err));
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &cfg, HT_MAX_CLASSES + 1, labels, &err));
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &cfg, 3, dup, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "twice"));
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &cfg, 2, empty, &err));
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &cfg, 2, longl, &err));
    CU_ASSERT_PTR_NULL(ht_model_new(HT_TASK_TONE, &cfg, 3, NULL, &err));
    ht_model_free(NULL);
}

static void test_new_model_is_zero(void)
{
    ht_model *m = new_model(3);
    CU_ASSERT_EQUAL(m->dim, 4096u);
    CU_ASSERT_EQUAL(ht_model_nonzero_rows(m), 0);
    CU_ASSERT_PTR_NULL(m->info);
    CU_ASSERT_EQUAL(ht_model_label_index(m, "neu"), 1);
    CU_ASSERT_EQUAL(ht_model_label_index(m, "pos"), 2);
    CU_ASSERT_EQUAL(ht_model_label_index(m, "none"), -1);
    CU_ASSERT_EQUAL(ht_model_label_index(m, NULL), -1);
    set_row(m, 4096, (const float[]){0.0f, 0.0f, 1.0f});
    set_row(m, 0, (const float[]){0.5f, 0.0f, 0.0f});
    CU_ASSERT_EQUAL(ht_model_nonzero_rows(m), 2);
    CU_ASSERT_EQUAL(ht_model_set_info(m, "{}", NULL), HT_OK);
    CU_ASSERT_STRING_EQUAL(m->info, "{}");
    CU_ASSERT_EQUAL(ht_model_set_info(m, NULL, NULL), HT_OK);
    CU_ASSERT_PTR_NULL(m->info);
    ht_model_free(m);
}

/* ---- round trip ----------------------------------------------------------- */

static void test_round_trip(void)
{
    ht_model *m = sample_model();
    CU_ASSERT_EQUAL(ht_model_nonzero_rows(m), 9);
    const char *p1 = ht_test_write_temp("rt1.model", "", 0);
    const char *p2 = ht_test_write_temp("rt2.model", "", 0);
    ht_error err;
    CU_ASSERT_EQUAL_FATAL(ht_model_save(m, p1, &err), HT_OK);
    ht_model *l = ht_model_load(p1, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    assert_same_model(m, l);
    CU_ASSERT_EQUAL(ht_model_save(l, p2, &err), HT_OK);
    size_t n1, n2;
    char *b1 = ht_test_read_file(p1, &n1), *b2 = ht_test_read_file(p2, &n2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b2);
    CU_ASSERT_EQUAL(n1, n2);
    CU_ASSERT(n1 == n2 && memcmp(b1, b2, n1) == 0);
    /* header, 3 labels of 3 bytes, info, 9 rows of 16 bytes, CRC */
    CU_ASSERT_EQUAL(n1, 31 + 3 * 4 + 4 + strlen(m->info) + 4 + 9 * 16 + 4);
    CU_ASSERT_EQUAL(memcmp(b1, "HALTUNG\0\1\0\0\0\1\x10", 14), 0);
    CU_ASSERT_EQUAL(b1[23], 1);  /* key_hash */
    CU_ASSERT_EQUAL(b1[24], 1);  /* emoticons */
    CU_ASSERT_EQUAL(b1[25], 1);  /* text_ns */
    CU_ASSERT_EQUAL(b1[26], 1);  /* clause_tone_only */
    CU_ASSERT_EQUAL(b1[27], 1);  /* char_block */
    CU_ASSERT_EQUAL(b1[28], 1);  /* speaker */
    CU_ASSERT_EQUAL(b1[29], 2);  /* context */
    ht_model *p = ht_model_parse(b1, n1, "mem", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    assert_same_model(m, p);
    struct stat st;
    CU_ASSERT(stat(p1, &st) == 0 && (st.st_mode & 0777) == 0644);
    free(b1);
    free(b2);
    ht_model_free(p);
    ht_model_free(l);
    ht_model_free(m);
    unlink(p1);
    unlink(p2);
}

static void test_round_trip_two_class_no_info(void)
{
    ht_model *m = new_model(2);
    set_row(m, 3, (const float[]){1.0f, -1.0f});
    size_t len;
    unsigned char *buf = saved_bytes(m, &len);
    ht_error err;
    ht_model *l = ht_model_parse(buf, len, "mem", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    assert_same_model(m, l);
    CU_ASSERT_PTR_NULL(l->info);
    CU_ASSERT_EQUAL(l->task, HT_TASK_STANCE);
    free(buf);
    ht_model_free(l);
    ht_model_free(m);
}

/* ---- scoring -------------------------------------------------------------- */

static void test_predict_two_class(void)
{
    ht_model *m = new_model(2);
    set_row(m, 0, (const float[]){0.5f, -0.5f});
    set_row(m, 3, (const float[]){1.0f, -1.0f});
    set_row(m, 7, (const float[]){-2.0f, 2.0f});
    /* index 0 and indices beyond dim are ignored */
    struct feature_node x[] = {{0, 9.0}, {3, 1.0}, {7, 0.5}, {5000, 7.0}, {-1, 0.0}};
    double dec[2], prob[2];
    CU_ASSERT_EQUAL(ht_model_predict(m, x, dec, prob), 0);
    CU_ASSERT_DOUBLE_EQUAL(dec[0], 0.5, 1e-12);   /* 0.5 + 1 - 1 */
    CU_ASSERT_DOUBLE_EQUAL(dec[1], -0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[0], 0.6224593312018546, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[1], 0.3775406687981454, 1e-12);
    struct feature_node y[] = {{7, 1.0}, {-1, 0.0}};
    CU_ASSERT_EQUAL(ht_model_predict(m, y, NULL, prob), 1);
    CU_ASSERT_DOUBLE_EQUAL(prob[1], 1.0 / (1.0 + exp(-1.5)), 1e-12);
    ht_model_free(m);
}

static void test_predict_three_class(void)
{
    ht_model *m = new_model(3);
    set_row(m, 0, (const float[]){0.0f, 0.5f, -0.5f});
    set_row(m, 1, (const float[]){1.0f, 0.0f, -1.0f});
    set_row(m, 2, (const float[]){0.0f, 2.0f, 0.0f});
    struct feature_node x[] = {{1, 1.0}, {2, 0.5}, {-1, 0.0}};
    double dec[3], prob[3];
    CU_ASSERT_EQUAL(ht_model_predict(m, x, dec, prob), 1);
    CU_ASSERT_DOUBLE_EQUAL(dec[0], 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dec[1], 1.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(dec[2], -1.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[0], 0.42231879825151825, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[1], 0.4722974059264296, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[2], 0.10538379582205222, 1e-12);
    /* an empty vector scores the bias; ties go to the lowest class */
    struct feature_node none[] = {{-1, 0.0}};
    set_row(m, 0, (const float[]){0.25f, 0.25f, 0.25f});
    CU_ASSERT_EQUAL(ht_model_predict(m, none, NULL, prob), 0);
    CU_ASSERT_DOUBLE_EQUAL(prob[0], 1.0 / 3.0, 1e-12);
    CU_ASSERT_EQUAL(ht_model_predict(m, none, NULL, NULL), 0);
    ht_model_free(m);
}

/* Found by tests/fuzz/fuzz_model (on a seed with a bias row of -800): when
 * every decision value is below about -745 each sigmoid underflows to 0 and
 * normalising gave 0/0 = NaN. The file format allows any finite float. */
static void test_predict_far_negative(void)
{
    ht_model *m = new_model(3);
    struct feature_node none[] = {{-1, 0.0}};
    double dec[3], prob[3];
    set_row(m, 0, (const float[]){-800.0f, -800.0f, -800.0f});
    CU_ASSERT_EQUAL(ht_model_predict(m, none, dec, prob), 0);
    for (int c = 0; c < 3; c++)
        CU_ASSERT_DOUBLE_EQUAL(prob[c], 1.0 / 3.0, 1e-12);
    set_row(m, 0, (const float[]){-801.0f, -800.0f, -3e38f});
    CU_ASSERT_EQUAL(ht_model_predict(m, none, dec, prob), 1);
    CU_ASSERT_DOUBLE_EQUAL(prob[1], 1.0 / (1.0 + exp(-1.0)), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[0], 1.0 - 1.0 / (1.0 + exp(-1.0)), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(prob[2], 0.0, 1e-300);
    ht_model_free(m);
}

/* ---- liblinear import ----------------------------------------------------- */

#define LL_FEATURES 5

static void quiet(const char *s)
{
    (void)s;
}

/* Dense rows of LL_FEATURES values become liblinear rows with the bias node
 * (index LL_FEATURES + 1, value 1) that training with bias 1 expects. */
static struct feature_node *ll_row(const double *dense, struct feature_node *out)
{
    int n = 0;
    for (int j = 0; j < LL_FEATURES; j++)
        if (dense[j] != 0.0)
            out[n++] = (struct feature_node){j + 1, dense[j]};
    out[n++] = (struct feature_node){LL_FEATURES + 1, 1.0};
    out[n] = (struct feature_node){-1, 0.0};
    return out;
}

static struct model *ll_train(const double (*dense)[LL_FEATURES], const double *y, int l)
{
    struct feature_node nodes[16][LL_FEATURES + 2];
    struct feature_node *rows[16];
    for (int i = 0; i < l; i++)
        rows[i] = ll_row(dense[i], nodes[i]);
    struct problem prob = {l, LL_FEATURES + 1, (double *)y, rows, 1.0};
    struct parameter param = {.solver_type = L2R_LR, .eps = 0.001, .C = 1.0, .p = 0.1};
    set_print_string_function(quiet);
    CU_ASSERT_PTR_NULL_FATAL(check_parameter(&prob, &param));
    return train(&prob, &param);
}

/* Our model (float32 weights, no bias node in x) must score like liblinear. */
static void compare_with_liblinear(const struct model *lm, const ht_model *m,
                                   const double (*tests)[LL_FEATURES], int n)
{
    for (int t = 0; t < n; t++) {
        struct feature_node with_bias[LL_FEATURES + 2];
        ll_row(tests[t], with_bias);
        struct feature_node ours[LL_FEATURES + 2];
        int k = 0;
        for (int j = 0; j < LL_FEATURES; j++)
            if (tests[t][j] != 0.0)
                ours[k++] = (struct feature_node){j + 1, tests[t][j]};
        ours[k] = (struct feature_node){-1, 0.0};
        double lp[HT_MAX_CLASSES], op[HT_MAX_CLASSES];
        double llabel = predict_probability(lm, with_bias, lp);
        int best = ht_model_predict(m, ours, NULL, op);
        CU_ASSERT_EQUAL(best, (int)llabel);
        for (int pos = 0; pos < lm->nr_class; pos++)
            CU_ASSERT_DOUBLE_EQUAL(op[lm->label[pos]], lp[pos], 1e-5);
    }
}

static const double ll_tests[][LL_FEATURES] = {
    {1, 0, 0, 0, 0}, {0, 1, 0, 0.5, 0}, {0.3, 0.3, 0.3, 0, 0}, {0, 0, 0, 0, 0},
    {0, 0, 2, 0, 1}, {-1, 0, 0, 1, 0},  {0.2, 0, 0, 0, 0.9},
};

static void test_liblinear_two_class(void)
{
    static const double x[][LL_FEATURES] = {
        {1, 0, 0, 0.5, 0}, {0, 1, 0, 0, 0}, {1, 0.2, 0, 0, 0}, {0, 0.8, 0.5, 0, 0},
        {0.7, 0, 0, 0, 1}, {0, 1, 1, 0, 0}, {1, 0, 0, 0, 0},   {0.5, 0.5, 0, 0, 0},
    };
    static const double y[] = {1, 0, 1, 0, 1, 0, 0, 1};  /* class 1 first: label[0] is 1 */
    struct model *lm = ll_train(x, y, 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lm);
    CU_ASSERT_EQUAL(lm->label[0], 1);
    ht_model *m = new_model(2);
    ht_error err;
    CU_ASSERT_EQUAL_FATAL(ht_model_set_liblinear(m, lm, &err), HT_OK);
    /* w for label[0], -w for the other */
    CU_ASSERT_DOUBLE_EQUAL(m->weights[1 * 2 + 1], lm->w[0], 1e-6);
    CU_ASSERT_EQUAL(m->weights[1 * 2 + 0], -m->weights[1 * 2 + 1]);
    CU_ASSERT_DOUBLE_EQUAL(m->weights[1], lm->w[LL_FEATURES], 1e-6);
    CU_ASSERT(ht_model_nonzero_rows(m) <= LL_FEATURES + 1);
    compare_with_liblinear(lm, m, ll_tests, (int)(sizeof ll_tests / sizeof ll_tests[0]));
    free_and_destroy_model(&lm);
    ht_model_free(m);
}

static void test_liblinear_three_class(void)
{
    static const double x[][LL_FEATURES] = {
        {0, 0, 1, 0, 0},   {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0},   {0, 0, 1, 0.5, 0},
        {1, 0.3, 0, 0, 0}, {0, 1, 0, 0, 1}, {0.2, 0, 1, 0, 0}, {1, 0, 0, 1, 0},
        {0, 0.9, 0, 0, 0}, {0, 0, 0.7, 0, 0.4},
    };
    static const double y[] = {2, 0, 1, 2, 0, 1, 2, 0, 1, 2};  /* class 2 first */
    struct model *lm = ll_train(x, y, 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lm);
    CU_ASSERT_EQUAL(lm->label[0], 2);
    ht_model *m = new_model(3);
    ht_error err;
    CU_ASSERT_EQUAL_FATAL(ht_model_set_liblinear(m, lm, &err), HT_OK);
    compare_with_liblinear(lm, m, ll_tests, (int)(sizeof ll_tests / sizeof ll_tests[0]));
    /* and the same after a trip through a file */
    size_t len;
    unsigned char *buf = saved_bytes(m, &len);
    ht_model *l = ht_model_parse(buf, len, "mem", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    compare_with_liblinear(lm, l, ll_tests, (int)(sizeof ll_tests / sizeof ll_tests[0]));
    free(buf);
    ht_model_free(l);
    free_and_destroy_model(&lm);
    ht_model_free(m);
}

static void test_liblinear_refused(void)
{
    double w[(LL_FEATURES + 1) * 3] = {0};
    int labels[3] = {0, 1, 2};
    struct model lm = {.nr_class = 3, .nr_feature = LL_FEATURES, .w = w, .label = labels,
                       .bias = 1.0};
    ht_model *m2 = new_model(2), *m3 = new_model(3);
    ht_error err;
    CU_ASSERT_EQUAL(ht_model_set_liblinear(m2, &lm, &err), HT_ERR_INVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "classes"));
    lm.nr_feature = 5000;
    CU_ASSERT_EQUAL(ht_model_set_liblinear(m3, &lm, &err), HT_ERR_INVALID);
    lm.nr_feature = LL_FEATURES;
    labels[2] = 1;
    CU_ASSERT_EQUAL(ht_model_set_liblinear(m3, &lm, &err), HT_ERR_INVALID);
    labels[2] = 2;
    w[4] = NAN;
    CU_ASSERT_EQUAL(ht_model_set_liblinear(m3, &lm, &err), HT_ERR_INVALID);
    w[4] = 1e-9;  /* too small to keep */
    w[3 * 3 + 1] = 0.25;
    CU_ASSERT_EQUAL(ht_model_set_liblinear(m3, &lm, &err), HT_OK);
    CU_ASSERT_EQUAL(ht_model_nonzero_rows(m3), 1);
    CU_ASSERT_EQUAL(m3->weights[4 * 3 + 1], 0.25f);
    ht_model_free(m2);
    ht_model_free(m3);
}

/* ---- refusals ------------------------------------------------------------- */

static void test_refuse_empty_and_missing(void)
{
    const char *path = ht_test_write_temp("empty.model", "", 0);
    ht_error err;
    CU_ASSERT_PTR_NULL(ht_model_load(path, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a haltung model"));
    unlink(path);
    CU_ASSERT_PTR_NULL(ht_model_load(path, &err));
    CU_ASSERT_EQUAL(err.code, HT_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
    expect_refused(NULL, 0, "empty");
    /* A folder (models/ given for a model file) is named as one, not taken
     * for a file of its seek offset's size. */
    CU_ASSERT_PTR_NULL(ht_model_load("tests", &err));
    CU_ASSERT_EQUAL(err.code, HT_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "tests: is a directory"));
}

static void test_refuse_every_truncation(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    unsigned char *cut = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
    for (size_t n = 0; n < len; n++)  /* a file cut short is named so, not "corrupted" */
        expect_refused(buf, n, n == 0 ? "empty file" : n >= 4 ? "truncated" : NULL);
    /* the same cuts with a valid CRC behind them, so that the field checks
     * rather than the checksum must notice (shorter cuts put the CRC into
     * the magic or version, which then refuse the file) */
    for (size_t n = 0; n + 4 < len; n++) {
        memcpy(cut, buf, n);
        put32(cut + n, ht_crc32(0, buf, n));
        expect_refused(cut, n + 4, n >= 12 ? "truncated" : NULL);
    }
    free(cut);
    free(buf);
}

static void test_refuse_flipped_byte(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    buf[len / 2] ^= 0x10;
    expect_refused(buf, len, "checksum mismatch: the file is corrupted");
    buf[len / 2] ^= 0x10;
    buf[len - 1] ^= 0x01;  /* the CRC itself */
    expect_refused(buf, len, "checksum mismatch");
    free(buf);
}

static void test_refuse_foreign_file(void)
{
    static const char text[] = "Dies ist kein Modell, sondern ein ganz gewoehnlicher Text.\n";
    const char *path = ht_test_write_temp("foreign.model", text, sizeof text - 1);
    ht_error err;
    CU_ASSERT_PTR_NULL(ht_model_load(path, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a haltung model"));
    unlink(path);
    expect_refused((const unsigned char *)"HALT", 4, "truncated");
    expect_refused((const unsigned char *)"HALX", 4, "not a haltung model");
}

static void test_refuse_future_version(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    put32(buf + 8, 2);
    expect_refused(buf, len, "checksum mismatch: the file is corrupted, or it is in format "
                             "version 2, newer than this haltung supports (1)");
    fix_crc(buf, len);
    expect_refused(buf, len, "format version 2 is newer than this haltung supports (1)");
    expect_refused(buf, 20, "format version 2 is newer");  /* too short for a CRC check */
    put32(buf + 8, 1);
    buf[8] = 0;  /* a damaged version that does not look newer */
    expect_refused(buf, len, "checksum mismatch: the file is corrupted");
    put32(buf + 8, 0);
    fix_crc(buf, len);
    expect_refused(buf, len, "format version 0");
    free(buf);
}

static void test_refuse_trailing_garbage(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    unsigned char *big = malloc(len + 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memcpy(big, buf, len);
    memcpy(big + len, "xyz", 3);
    expect_refused(big, len + 3, "checksum mismatch");  /* appended as such */
    memcpy(big + len - 4, "xyz", 3);                     /* appended before a fresh CRC */
    fix_crc(big, len + 3);
    expect_refused(big, len + 3, "trailing garbage: 3 bytes");
    free(big);
    free(buf);
}

static void test_refuse_bad_weights(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    size_t w0 = rows_offset(len, 9, 3) + 4;
    uint32_t bad[] = {0x7fc00000u, 0x7f800000u, 0xff800000u};  /* NaN, +Inf, -Inf */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned char *copy = malloc(len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
        memcpy(copy, buf, len);
        put32(copy + w0 + 4, bad[i]);
        fix_crc(copy, len);
        expect_refused(copy, len, "not a finite number");
        free(copy);
    }
    memset(buf + w0, 0, 12);  /* a stored row of zeros */
    fix_crc(buf, len);
    expect_refused(buf, len, "only zeros");
    free(buf);
}

static void test_refuse_bad_rows(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    size_t r0 = rows_offset(len, 9, 3), rs = 16;
    unsigned char row[16];
    unsigned char *copy = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);

    memcpy(copy, buf, len);  /* swap rows 0 and 1 */
    memcpy(row, copy + r0, rs);
    memcpy(copy + r0, copy + r0 + rs, rs);
    memcpy(copy + r0 + rs, row, rs);
    fix_crc(copy, len);
    expect_refused(copy, len, "not sorted");

    memcpy(copy, buf, len);  /* the same index twice */
    memcpy(copy + r0 + rs, copy + r0, 4);
    fix_crc(copy, len);
    expect_refused(copy, len, "not sorted");

    memcpy(copy, buf, len);  /* last index beyond dim */
    put32(copy + r0 + 8 * rs, 4097);
    fix_crc(copy, len);
    expect_refused(copy, len, "beyond");

    memcpy(copy, buf, len);  /* a row count that claims one row too many */
    put32(copy + r0 - 4, 10);
    fix_crc(copy, len);
    expect_refused(copy, len, "truncated: expected 160 bytes of weights");

    memcpy(copy, buf, len);
    put32(copy + r0 - 4, 0xffffffffu);
    fix_crc(copy, len);
    expect_refused(copy, len, "rows for a model of 4096 features");
    free(copy);
    free(buf);
}

/* Patches one header byte, fixes the CRC and expects needle. */
static void expect_patch_refused(const unsigned char *buf, size_t len, size_t off,
                                 unsigned char v, const char *needle)
{
    unsigned char *copy = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, buf, len);
    copy[off] = v;
    fix_crc(copy, len);
    expect_refused(copy, len, needle);
    free(copy);
}

static void test_refuse_bad_header(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    /* offsets: task 12, config count 13, config 14..29 (key_hash at 23,
     * emoticons at 24, text_ns at 25, clause_tone_only at 26, char_block at
     * 27, speaker at 28, context at 29), classes 30, labels "neg" "neu" "pos"
     * at 31.., info length at 43 */
    expect_patch_refused(buf, len, 12, 0, "task 0");
    expect_patch_refused(buf, len, 12, 4, "task 4");
    expect_patch_refused(buf, len, 13, 8, "config fields");
    expect_patch_refused(buf, len, 14, 40, "hash_bits");
    expect_patch_refused(buf, len, 16, 2, "bad feature configuration");
    expect_patch_refused(buf, len, 23, 0, "FNV-1a");
    expect_patch_refused(buf, len, 23, 2, "key_hash 2 is unknown");
    for (size_t at = 24; at <= 28; at++)
        expect_patch_refused(buf, len, at, 2, "neither 0 nor 1");
    expect_patch_refused(buf, len, 29, 4, "context 4 is above 3");
    expect_patch_refused(buf, len, 30, 1, "1 classes");
    expect_patch_refused(buf, len, 30, 9, "9 classes");
    expect_patch_refused(buf, len, 31, 0, "length 0");
    expect_patch_refused(buf, len, 31, 32, "length 32");
    expect_patch_refused(buf, len, 38, 'g', "appears twice");  /* "neu" -> "neg" */
    expect_patch_refused(buf, len, 36, 0, "NUL");
    expect_patch_refused(buf, len, 43, 0xff, "truncated");
    expect_patch_refused(buf, len, 47, 0, "NUL");
    free(buf);
}

/* Found by tests/fuzz/fuzz_model: a label that is not UTF-8 was loaded, and
 * every score then wrote it into JSON as a key of "probabilities", which
 * made the output invalid JSON. */
static void test_refuse_label_not_utf8(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    expect_patch_refused(buf, len, 36, 0xff, "label 1 is not valid UTF-8");  /* "neu" -> "n\xffu" */
    expect_patch_refused(buf, len, 33, 0xc3, "label 0 is not valid UTF-8");  /* cut sequence */
    free(buf);
}

/* A config count above 16 is accepted only with the unknown fields at 0. */
static void test_config_count_extension(void)
{
    size_t len;
    unsigned char *buf = sample_bytes(&len);
    unsigned char *ext = malloc(len + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ext);
    memcpy(ext, buf, 30);
    ext[13] = 17;
    ext[30] = 0;
    memcpy(ext + 31, buf + 30, len - 30);
    fix_crc(ext, len + 1);
    ht_error err;
    ht_model *m = ht_model_parse(ext, len + 1, "ext", &err);
    CU_ASSERT_PTR_NOT_NULL(m);
    ht_model_free(m);
    ext[30] = 1;
    fix_crc(ext, len + 1);
    expect_refused(ext, len + 1, "unknown");
    free(ext);
    free(buf);
}

/* The sample file (16 config fields, bytes 14-29) as an older haltung wrote
 * it, with only its first `fields` config fields; *old_len gets its size. */
static unsigned char *with_fields(const unsigned char *buf, size_t len, size_t fields,
                                  size_t *old_len)
{
    unsigned char *old = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(old);
    memcpy(old, buf, 14 + fields);
    old[13] = (unsigned char)fields;
    memcpy(old + 14 + fields, buf + 30, len - 30);
    *old_len = len - (16 - fields);
    fix_crc(old, *old_len);
    return old;
}

/* A model from before the eight-byte key hash has 9 config fields (no
 * key_hash): its features cannot match, so it is refused with the reason
 * and what to do, not scored wrongly. */
static void test_refuse_fnv_model(void)
{
    size_t len, old_len;
    unsigned char *buf = sample_bytes(&len);
    unsigned char *old = with_fields(buf, len, 9, &old_len);
    expect_refused(old, old_len, "FNV-1a");
    expect_refused(old, old_len, "retrain it");
    free(old);
    free(buf);
}

/* A model from before the emoticons field has 10 config fields: it loads,
 * with emoticons 0, and scores as it did (its features never had classes). */
static void test_load_model_without_emoticons(void)
{
    size_t len, old_len;
    unsigned char *buf = sample_bytes(&len);
    unsigned char *old = with_fields(buf, len, 10, &old_len);
    ht_error err;
    ht_model *m = ht_model_parse(old, old_len, "old", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->features.emoticons, 0);
    CU_ASSERT_EQUAL(m->features.key_hash, HT_KEY_HASH);
    CU_ASSERT_EQUAL(m->features.window, 3);
    ht_model *now = ht_model_parse(buf, len, "now", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(now);
    CU_ASSERT_EQUAL(now->features.emoticons, 1);
    CU_ASSERT_EQUAL(m->features.text_ns, 0);
    CU_ASSERT_EQUAL(memcmp(m->weights, now->weights,
                           ((size_t)m->dim + 1) * (size_t)m->nr_class * sizeof(float)), 0);
    ht_model_free(now);
    ht_model_free(m);
    free(old);
    free(buf);
}

/* Models from before the text_ns field (11 config fields), before the
 * clause_tone_only field (12), before char_block (13), before speaker (14)
 * and before context (15) load with the missing fields at 0, which is how
 * they were trained: window words in a namespace of their own, the tone of
 * the target's sentence beside its clause's, character n-grams normalised
 * with the other features, stance without its speaker, and an actor's
 * sentence without the ones beside it. */
static void test_load_models_without_newer_fields(void)
{
    size_t len, old_len;
    unsigned char *buf = sample_bytes(&len);
    for (size_t fields = 11; fields <= 15; fields++) {
        unsigned char *old = with_fields(buf, len, fields, &old_len);
        ht_error err;
        ht_model *m = ht_model_parse(old, old_len, "old", &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_EQUAL(m->features.text_ns, fields > 11);
        CU_ASSERT_EQUAL(m->features.clause_tone_only, fields > 12);
        CU_ASSERT_EQUAL(m->features.char_block, fields > 13);
        CU_ASSERT_EQUAL(m->features.speaker, fields > 14);
        CU_ASSERT_EQUAL(m->features.context, 0);
        CU_ASSERT_EQUAL(m->features.emoticons, 1);
        CU_ASSERT_EQUAL(m->features.window, 3);
        ht_model_free(m);
        free(old);
    }
    free(buf);
}

/* ---- saving --------------------------------------------------------------- */

static void test_save_unwritable_folder(void)
{
    ht_model *m = sample_model();
    char dir[600], path[700];
    ht_error err;
    snprintf(path, sizeof path, "%s/%ld-no-such-folder/x.model", temp_dir(dir, sizeof dir),
             (long)getpid());
    CU_ASSERT_EQUAL(ht_model_save(m, path, &err), HT_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
    if (geteuid() != 0) {  /* root may write anywhere */
        make_dir(dir, sizeof dir, "read-only");
        chmod(dir, 0555);
        snprintf(path, sizeof path, "%s/x.model", dir);
        CU_ASSERT_EQUAL(ht_model_save(m, path, &err), HT_ERR_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
        CU_ASSERT_EQUAL(count_temp_files(dir), 0);
        chmod(dir, 0755);
        rmdir(dir);
    }
    ht_model_free(m);
}

/* A rename that fails (the target is a folder) must remove the temporary file. */
static void test_save_failure_removes_temp(void)
{
    ht_model *m = sample_model();
    char dir[600], path[700];
    make_dir(dir, sizeof dir, "rename-fails");
    snprintf(path, sizeof path, "%s/x.model", dir);
    CU_ASSERT_FATAL(mkdir(path, 0755) == 0 || errno == EEXIST);
    ht_error err;
    CU_ASSERT_EQUAL(ht_model_save(m, path, &err), HT_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, path));
    CU_ASSERT_EQUAL(count_temp_files(dir), 0);
    rmdir(path);
    rmdir(dir);
    ht_model_free(m);
}

static void test_save_leaves_no_temp_files(void)
{
    ht_model *m = sample_model();
    char dir[600], path[700];
    make_dir(dir, sizeof dir, "clean-save");
    snprintf(path, sizeof path, "%s/x.model", dir);
    ht_error err;
    CU_ASSERT_EQUAL(ht_model_save(m, path, &err), HT_OK);
    CU_ASSERT_EQUAL(ht_model_save(m, path, &err), HT_OK);  /* replaces */
    CU_ASSERT_EQUAL(count_temp_files(dir), 0);
    m->weights[5] = NAN;  /* cannot be saved; the old file stays */
    CU_ASSERT_EQUAL(ht_model_save(m, path, &err), HT_ERR_INVALID);
    CU_ASSERT_EQUAL(count_temp_files(dir), 0);
    ht_model *l = ht_model_load(path, &err);
    CU_ASSERT_PTR_NOT_NULL(l);
    ht_model_free(l);
    unlink(path);
    rmdir(dir);
    ht_model_free(m);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* An output appears whole at its path on commit, replacing the old file; a
 * discarded one leaves the old file as it was and nothing beside it. */
static void test_outfile_commit_and_discard(void)
{
    char dir[600], path[700];
    make_dir(dir, sizeof dir, "outfile");
    snprintf(path, sizeof path, "%s/out.txt", dir);
    int e = 0;
    ht_outfile *o = ht_outfile_open(path, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    fputs("first\n", ht_outfile_stream(o));
    CU_ASSERT_EQUAL(access(path, F_OK), -1);  /* not there before the commit */
    CU_ASSERT_EQUAL(ht_outfile_commit(o), 0);
    size_t len = 0;
    char *got = ht_test_read_file(path, &len);
    CU_ASSERT(got && len == 6 && memcmp(got, "first\n", 6) == 0);
    free(got);
    struct stat st;
    CU_ASSERT(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    o = ht_outfile_open(path, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    fputs("second\n", ht_outfile_stream(o));
    ht_outfile_discard(o);
    got = ht_test_read_file(path, &len);
    CU_ASSERT(got && len == 6 && memcmp(got, "first\n", 6) == 0);
    free(got);
    CU_ASSERT_EQUAL(count_entries(dir), 1);
    o = ht_outfile_open(path, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    fputs("second\n", ht_outfile_stream(o));
    CU_ASSERT_EQUAL(ht_outfile_commit(o), 0);
    got = ht_test_read_file(path, &len);
    CU_ASSERT(got && len == 7 && memcmp(got, "second\n", 7) == 0);
    free(got);
    CU_ASSERT_EQUAL(count_entries(dir), 1);
    /* a folder that does not exist, a name too long, no name: the errno, at once, not
     * when the work is done and the file is to be named */
    snprintf(path, sizeof path, "%s/no-such-folder/out.txt", dir);
    CU_ASSERT_PTR_NULL(ht_outfile_open(path, &e));
    CU_ASSERT_EQUAL(e, ENOENT);
    char longname[1000];
    snprintf(longname, sizeof longname, "%s/%0300d", dir, 7);
    CU_ASSERT_PTR_NULL(ht_outfile_open(longname, &e));
    CU_ASSERT_EQUAL(e, ENAMETOOLONG);
    CU_ASSERT_PTR_NULL(ht_outfile_open("", &e));
    CU_ASSERT_EQUAL(e, ENOENT);
    snprintf(path, sizeof path, "%s/", dir);
    CU_ASSERT_PTR_NULL(ht_outfile_open(path, &e));
    CU_ASSERT_EQUAL(e, EISDIR);
    CU_ASSERT_EQUAL(count_entries(dir), 1);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    unlink(path);
    rmdir(dir);
}

/* A writer killed before its commit (SIGKILL: no handler can run) leaves
 * nothing behind where the file system has unnamed files, as Linux's ext4,
 * XFS, Btrfs and tmpfs do. */
static void test_outfile_killed_writer_leaves_nothing(void)
{
    char dir[600], path[700];
    make_dir(dir, sizeof dir, "outfile-killed");
    snprintf(path, sizeof path, "%s/out.txt", dir);
    int ready[2];
    CU_ASSERT_FATAL(pipe(ready) == 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        int e = 0;
        ht_outfile *o = ht_outfile_open(path, &e);
        if (!o)
            _exit(1);
        for (int i = 0; i < 100000; i++)
            fputs("a line of features\n", ht_outfile_stream(o));
        fflush(ht_outfile_stream(o));
        (void)!write(ready[1], "w", 1);
        for (;;)
            pause();
    }
    close(ready[1]);
    char c = 0;
    CU_ASSERT_EQUAL(read(ready[0], &c, 1), 1);
    close(ready[0]);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    int left = count_entries(dir);
    if (left == 1 && count_temp_files(dir) == 1)
        fprintf(stderr, "\n  note: %s has no unnamed files; a PATH.tmp-XXXXXX stays\n", dir);
    else
        CU_ASSERT_EQUAL(left, 0);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char p[1000];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.')
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int main(void)
{
    static const ht_test_case cases[] = {
        {"task names", test_task_names},
        {"new refuses bad arguments", test_new_refuses_bad_args},
        {"new model is zero; labels, info, row count", test_new_model_is_zero},
        {"save/load round trip is exact", test_round_trip},
        {"round trip with 2 classes and no info", test_round_trip_two_class_no_info},
        {"predict 2 classes by hand", test_predict_two_class},
        {"predict 3 classes by hand", test_predict_three_class},
        {"predict when every sigmoid underflows (fuzz)", test_predict_far_negative},
        {"refuse a label that is not UTF-8 (fuzz)", test_refuse_label_not_utf8},
        {"liblinear 2 classes scores the same", test_liblinear_two_class},
        {"liblinear 3 classes scores the same", test_liblinear_three_class},
        {"liblinear import refuses bad models", test_liblinear_refused},
        {"refuses empty and missing files", test_refuse_empty_and_missing},
        {"refuses every truncation", test_refuse_every_truncation},
        {"refuses a flipped byte", test_refuse_flipped_byte},
        {"refuses a foreign file", test_refuse_foreign_file},
        {"refuses a future version", test_refuse_future_version},
        {"refuses trailing garbage", test_refuse_trailing_garbage},
        {"refuses NaN, Inf and zero rows", test_refuse_bad_weights},
        {"refuses unsorted and out-of-range rows", test_refuse_bad_rows},
        {"refuses bad header fields", test_refuse_bad_header},
        {"accepts only zero unknown config fields", test_config_count_extension},
        {"refuse a model from before the eight-byte key hash", test_refuse_fnv_model},
        {"load a model from before the emoticons field", test_load_model_without_emoticons},
        {"load models from before the text_ns ... speaker and context fields",
         test_load_models_without_newer_fields},
        {"save to an unwritable folder fails", test_save_unwritable_folder},
        {"failed save removes its temp file", test_save_failure_removes_temp},
        {"save leaves no temp files", test_save_leaves_no_temp_files},
        {"an output appears on commit, not on discard", test_outfile_commit_and_discard},
        {"a killed writer leaves nothing", test_outfile_killed_writer_leaves_nothing},
        {NULL, NULL},
    };
    return ht_test_main("model", cases);
}
