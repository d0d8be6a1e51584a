/* test_scale.c: scale-out on other engines (issue 6, item 3).
 *
 * `haltung features` writes exactly the vectors train fits on, in LIBSVM
 * format; `haltung convert` reads liblinear's text models and refuses bad
 * ones by file and line; the round trip features -> liblinear-train ->
 * convert gives the weights and predictions of `haltung train` with the same
 * C (skipped without Debian's liblinear-tools); and contrib/dask scores on a
 * LocalCluster of two workers with the output of one `haltung score --jsonl`
 * run, byte for byte (skipped without python3-distributed). Runs the haltung
 * binary named by $HALTUNG (make test sets it). */
#include <jansson.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classifier/model.h"
#include "tests/support.h"
#include "training/dataset.h"

#define GERNTSA "tests/data/gerntsa-dev.jsonl"

static const char *haltung(void)
{
    const char *h = getenv("HALTUNG");
    return h && *h ? h : "build/haltung";
}

/* This run's folder for files: build/test-tmp/scale-PID. */
static const char *dir(void)
{
    static char d[64];
    if (!d[0]) {
        snprintf(d, sizeof d, "build/test-tmp/scale-%ld", (long)getpid());
        mkdir("build/test-tmp", 0755);
        mkdir(d, 0755);
    }
    return d;
}

/* dir()/name */
static const char *tmp(const char *name, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", dir(), name);
    return buf;
}

/* Runs a shell command, stdout and stderr into strings (may be NULL);
 * returns the exit status. */
static int sh(const char *cmd, char **out, char **err)
{
    char full[8192 + 512], o[128], e[128];
    snprintf(o, sizeof o, "%s/cmd.out", dir());
    snprintf(e, sizeof e, "%s/cmd.err", dir());
    int n = snprintf(full, sizeof full, "( %s ) > %s 2> %s", cmd, o, e);
    CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof full);  /* a cut command would run something else */
    int st = system(full);
    if (out)
        *out = ht_test_read_file(o, NULL);
    if (err)
        *err = ht_test_read_file(e, NULL);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* `haltung ARGS` */
static int run(const char *args, char **out, char **err)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s %s", haltung(), args);
    return sh(cmd, out, err);
}

static int have(const char *prog)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "command -v %s > /dev/null 2>&1", prog);
    return system(cmd) == 0;
}

static void skip(const char *what)
{
    printf("\n    SKIPPED: %s ", what);
    fflush(stdout);
}

/* ---- fixtures --------------------------------------------------------------------------- */

/* A small tone corpus written here, with the kinds of bad record train skips. */
static const char *tone_corpus(char *buf, size_t cap)
{
    static const char *const good[] = {
        "{\"text\": \"Das war großartig und wunderbar!\", \"label\": \"positive\"}\n",
        "{\"text\": \"Das war schrecklich und furchtbar!\", \"label\": \"negative\"}\n",
        "{\"text\": \"Der Zug fährt um neun Uhr.\", \"label\": \"neutral\"}\n",
        "{\"text\": \"Ein herrliches Fest, ich bin nicht enttäuscht.\", \"label\": \"positive\"}\n",
        "{\"text\": \"Eine miese Leistung, ich bin wütend.\", \"label\": \"negative\"}\n",
        "{\"text\": \"Die Sitzung beginnt am Montag.\", \"label\": \"neutral\"}\n",
    };
    FILE *f = fopen(tmp("tone.jsonl", buf, cap), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 6; i++)
            fputs(good[i], f);
    fputs("{\"text\": \"Gut und schlecht.\", \"label\": \"mixed\"}\n"
          "{\"text\": \"Gut\", \"label\": \"super\"}\n"
          "{broken json\n"
          "\n"
          "{\"text\": \"Kein Label.\"}\n"
          "{\"text\": \"\", \"label\": \"neutral\"}\n", f);
    fclose(f);
    return buf;
}

/* One LIBSVM line per vector, parsed. */
typedef struct svm_set {
    size_t n;
    int *y;
    size_t *off;  /* vector i: nodes[off[i]] up to index -1 */
    struct feature_node *nodes;
    int bad;      /* lines that were not LIBSVM, or indices not ascending */
} svm_set;

static svm_set read_svm(const char *path)
{
    svm_set s = { 0 };
    char *text = ht_test_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    size_t lines = 0, pairs = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n', pairs += *p == ':';
    s.y = calloc(lines + 1, sizeof *s.y);
    s.off = calloc(lines + 1, sizeof *s.off);
    s.nodes = calloc(pairs + lines + 1, sizeof *s.nodes);
    size_t k = 0;
    for (char *p = text; *p; s.n++) {
        char *end;
        s.y[s.n] = (int)strtol(p, &end, 10);
        s.bad += end == p;
        s.off[s.n] = k;
        p = end;
        int prev = 0;
        while (*p == ' ') {
            long idx = strtol(p + 1, &end, 10);
            s.bad += *end != ':' || idx <= prev;
            prev = (int)idx;
            s.nodes[k].index = (int)idx;
            s.nodes[k++].value = strtod(end + 1, &p);
        }
        s.bad += *p != '\n';
        s.nodes[k++].index = -1;
        p += *p == '\n';
    }
    free(text);
    return s;
}

static void svm_free(svm_set *s)
{
    free(s->y);
    free(s->off);
    free(s->nodes);
}

/* The set train would fit on: the same reader and vectorizer. */
static ht_dataset *train_set(ht_task task, const ht_feature_config *cfg, const ht_model *tone,
                             const char *path, const char *const *skip)
{
    ht_error err = { 0 };
    ht_vectorizer v;
    CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, task, cfg, &err), HT_OK);
    if (tone)
        CU_ASSERT_EQUAL_FATAL(ht_vectorizer_set_tone(&v, tone, &err), HT_OK);
    ht_dataset *ds = ht_dataset_new(task, cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ht_dataset_add_file(ds, &v, path, skip, NULL, NULL, &err), HT_OK);
    ht_vectorizer_free(&v);
    return ds;
}

/* Every LIBSVM vector equals the dataset's, value for value, without the bias. */
static void assert_same_vectors(const svm_set *s, const ht_dataset *ds)
{
    CU_ASSERT_EQUAL(s->bad, 0);
    CU_ASSERT_EQUAL_FATAL(s->n, ds->n);
    size_t diff = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const struct feature_node *a = s->nodes + s->off[i], *b = ht_dataset_x(ds, i);
        diff += s->y[i] != ds->y[i];
        for (; a->index != -1; a++, b++)
            diff += a->index != b->index || a->value != b->value;
        /* the dataset's vector goes on with only the bias (dim + 1, 1.0) */
        diff += b->index != (1 << ds->cfg.hash_bits) + 1 || b->value != 1.0 || b[1].index != -1;
    }
    CU_ASSERT_EQUAL(diff, 0);
}

/* The lines of text that start with prefix, in order. */
static char *lines_with(const char *text, const char *prefix)
{
    size_t cap = text ? strlen(text) + 1 : 1, n = 0;
    char *out = calloc(cap, 1);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (!strncmp(p, prefix, strlen(prefix))) {
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
    }
    return out;
}

/* ---- haltung features ------------------------------------------------------------------- */

/* The same reader and vectors as train: bad records named alike, skipped
 * labels left out, every vector as the dataset keeps it. */
static void test_features_are_train_vectors(void)
{
    char corpus[256], svm[256], model[256], args[2048], *err = NULL, *terr = NULL;
    tone_corpus(corpus, sizeof corpus);
    tmp("tone.svm", svm, sizeof svm);
    tmp("tone.model", model, sizeof model);
    snprintf(args, sizeof args, "features --task tone --skip-label mixed -o %s %s", svm, corpus);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, &err), 0);
    snprintf(args, sizeof args, "train -q --task tone --skip-label mixed -C 1 -o %s %s", model,
             corpus);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, &terr), 0);
    /* the warnings name the same lines with the same words */
    char *w1 = lines_with(err, "haltung: warning:"), *w2 = lines_with(terr, "haltung: warning:");
    CU_ASSERT_STRING_EQUAL(w1, w2);
    char where[300];
    snprintf(where, sizeof where, "%s:20: label \"super\"", corpus);
    CU_ASSERT_PTR_NOT_NULL(strstr(w1, where));
    snprintf(where, sizeof where, "%s:21:", corpus);
    CU_ASSERT_PTR_NOT_NULL(strstr(w1, where));
    snprintf(where, sizeof where, "%s:23: missing field \"label\"", corpus);
    CU_ASSERT_PTR_NOT_NULL(strstr(w1, where));
    /* the summary: label numbers, counts and the liblinear-train command */
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "# labels: 0 negative, 1 neutral, 2 positive"));
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "19 records (negative 6, neutral 7, positive 6); "
                                              "3 bad, 1 with skipped labels"));
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "liblinear-train -s 0 -B 1 -c C -w0 "));
    free(w1);
    free(w2);
    free(err);
    free(terr);
    const char *skip[] = { "mixed", NULL };
    ht_feature_config cfg = ht_task_config(HT_TASK_TONE);
    ht_dataset *ds = train_set(HT_TASK_TONE, &cfg, NULL, corpus, skip);
    svm_set s = read_svm(svm);
    assert_same_vectors(&s, ds);
    /* the empty text is a record with no features: a label alone */
    CU_ASSERT_EQUAL(s.nodes[s.off[s.n - 1]].index, -1);
    CU_ASSERT_EQUAL(s.y[s.n - 1], 1);
    svm_free(&s);
    ht_dataset_free(ds);
    /* standard output gives the same bytes as -o */
    snprintf(args, sizeof args, "features -q --task tone --skip-label mixed %s | cmp - %s",
             corpus, svm);
    char cmd[2100];
    snprintf(cmd, sizeof cmd, "%s %s", haltung(), args);
    CU_ASSERT_EQUAL(sh(cmd, NULL, NULL), 0);
}

/* --model takes the model's settings and its tone helper, as scoring does;
 * the actor defaults with --tone-model give the same vectors as the shipped
 * actor model (trained that way). */
static void test_features_with_model(void)
{
    char a[256], b[256], args[1024];
    tmp("actor-model.svm", a, sizeof a);
    tmp("actor-task.svm", b, sizeof b);
    snprintf(args, sizeof args, "features -q --model models/actor.model -o %s " GERNTSA, a);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, NULL), 0);
    snprintf(args, sizeof args, "features -q --task actor --tone-model models/tone.model -o %s "
             GERNTSA, b);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, NULL), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cmp %s %s", a, b);
    CU_ASSERT_EQUAL(sh(cmd, NULL, NULL), 0);
    ht_error err = { 0 };
    ht_model *actor = ht_model_load("models/actor.model", &err);
    ht_model *tone = ht_model_load("models/tone.model", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(actor);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tone);
    ht_dataset *ds = train_set(HT_TASK_ACTOR, &actor->features, tone, GERNTSA, NULL);
    CU_ASSERT_EQUAL(ds->n, 402);
    svm_set s = read_svm(a);
    assert_same_vectors(&s, ds);
    svm_free(&s);
    ht_dataset_free(ds);
    ht_model_free(actor);
    ht_model_free(tone);
}

static void test_features_usage(void)
{
    char *err = NULL, out[256], args[1024];
    CU_ASSERT_EQUAL(run("features " GERNTSA, NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "--task or --model is required"));
    free(err);
    CU_ASSERT_EQUAL(run("features --task tone", NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "no training files given"));
    free(err);
    CU_ASSERT_EQUAL(run("features --task tone --tone-model models/tone.model " GERNTSA, NULL,
                        &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "--tone-model is for the actor task"));
    free(err);
    CU_ASSERT_EQUAL(run("features --task stance --model models/tone.model " GERNTSA, NULL, &err),
                    1);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "is a tone model, not a stance model"));
    free(err);
    /* a file that cannot be read: exit 1, and no output file, not even a temporary one */
    tmp("never.svm", out, sizeof out);
    snprintf(args, sizeof args, "features --task tone -o %s " GERNTSA " %s/none.jsonl", out,
             dir());
    CU_ASSERT_EQUAL(run(args, NULL, &err), 1);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "none.jsonl"));
    free(err);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
    snprintf(args, sizeof args, "ls %s | grep -q never.svm", dir());
    CU_ASSERT_NOT_EQUAL(sh(args, NULL, NULL), 0);
    /* no usable record */
    char empty[256];
    FILE *f = fopen(tmp("bad-only.jsonl", empty, sizeof empty), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("{\"text\": \"x\", \"label\": \"kaputt\"}\n", f);
    fclose(f);
    snprintf(args, sizeof args, "features --task tone %s", empty);
    CU_ASSERT_EQUAL(run(args, NULL, &err), 1);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "no usable records"));
    free(err);
}

/* ---- haltung convert -------------------------------------------------------------------- */

static const char *write_file(const char *name, const char *text, char *buf, size_t cap)
{
    FILE *f = fopen(tmp(name, buf, cap), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    return buf;
}

/* Malformed, foreign and mismatched files are refused by file and line,
 * and nothing is written. */
static void test_convert_refuses(void)
{
    static const struct {
        const char *text, *message;
    } cases[] = {
        { "", ": empty file" },
        { "solver_type L2R_L2LOSS_SVC_DUAL\n", ":1: solver_type L2R_L2LOSS_SVC_DUAL is not "
                                               "logistic regression" },
        { "solver_type MCSVM_CS\n", ":1: solver_type MCSVM_CS is not logistic regression" },
        { "solver_type FANCY\n", ":1: solver_type 'FANCY' is not a liblinear solver" },
        { "solver_type L2R_LR\nnr_class 2\n", ":2: nr_class 2, but models/tone.model has 3 "
                                              "classes" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 5\n", ":3: label 5 is not a class number "
                                                           "of models/tone.model (0 negative, 1 "
                                                           "neutral, 2 positive)" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 1\n", ":3: label 1 is class neutral, "
                                                           "which an earlier label already is" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1\n", ":3: label 3 of 3 is missing" },
        { "solver_type L2R_LR\nlabel 0 1 2\n", ":2: label before nr_class" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 262145\n",
          ":4: nr_feature 262145 is more than the 262144 dimensions (2^18)" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nw\n",
          ":5: the weights begin, but bias was not given" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\ncolour blue\n",
          ":6: 'colour' is not a field of a liblinear model" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\nw\n1 2 3\n4 5\n",
          ":8: 2 weights, expected 3 per row" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\nw\n1 2 3 4\n",
          ":7: more than 3 weights, expected 3 per row" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\nw\n1 2 x3\n",
          ":7: 'x3' is not a number" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\nw\n1 2 nan\n",
          ":7: weight nan is not a finite float32 number" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\nw\n1 2 1e39\n",
          ":7: weight 1e+39 is not a finite float32 number" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 2\nbias 1\nw\n1 2 3\n4 5 6\n",
          ": truncated: the file ends after line 8 with 2 of 3 weight rows" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 1\nbias -1\nw\n1 2 3\n\n7 8 9\n",
          ":9: more than the 1 weight rows that nr_feature and bias call for" },
        { "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\n", ": ends after line 3 without weights" },
        /* a binary file given by mistake: its bytes escaped, not written raw */
        { "\x7f" "ELF\x02\x01\x01\n", ":1: '\\x7fELF\\x02\\x01\\x01' is not a field" },
    };
    char out[256];
    tmp("refused.model", out, sizeof out);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[256], args[1024], want[512], *err = NULL;
        write_file("bad.liblinear", cases[i].text, path, sizeof path);
        snprintf(args, sizeof args, "convert %s --like models/tone.model -o %s", path, out);
        int rc = run(args, NULL, &err);
        snprintf(want, sizeof want, "%s%s", path, cases[i].message);
        if (rc != 1 || !err || !strstr(err, want))
            printf("\n    case %zu: exit %d, wanted '%s', got: %s", i, rc, want, err);
        CU_ASSERT_EQUAL(rc, 1);
        CU_ASSERT_PTR_NOT_NULL(err && strstr(err, want));
        free(err);
        CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
    }
    char *err = NULL;
    CU_ASSERT_EQUAL(run("convert x.model -o y.model", NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "--like MODEL is required"));
    free(err);
    CU_ASSERT_EQUAL(run("convert x.model --like models/tone.model", NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "-o OUT.model is required"));
    free(err);
    CU_ASSERT_EQUAL(run("convert x.model --like models/tone.model -o -", NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "-o -: a model is written to a file"));
    free(err);
    CU_ASSERT_NOT_EQUAL(access("-", F_OK), 0);
    char args[600];
    snprintf(args, sizeof args, "convert %s/no-such.model --like models/tone.model -o %s", dir(),
             out);
    CU_ASSERT_EQUAL(run(args, NULL, &err), 1);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "no-such.model: cannot open"));
    free(err);
}

static float weight(const ht_model *m, size_t row, int cls)
{
    return m->weights[row * (size_t)m->nr_class + (size_t)cls];
}

/* Each liblinear column lands on its label's class, the bias row is scaled by
 * the bias value, features beyond nr_feature stay 0; --label maps other
 * numberings; the helper record of an actor model is carried over. */
static void test_convert_maps_weights(void)
{
    char path[256], out[256], args[1024], *err = NULL;
    write_file("small.liblinear",
               "solver_type L2R_LR\nnr_class 3\nlabel 2 0 1\nnr_feature 2\nbias 2\nw\n"
               "0.5 -0.25 0.125 \n1e-3 2 -3 \n0.75 0.5 -1.5 \n", path, sizeof path);
    tmp("small.model", out, sizeof out);
    snprintf(args, sizeof args, "convert -q %s --like models/tone.model -o %s", path, out);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, NULL), 0);
    ht_error e = { 0 };
    ht_model *m = ht_model_load(out, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->task, HT_TASK_TONE);
    CU_ASSERT_EQUAL(m->features.hash_bits, 18);
    /* label 2 0 1: column 0 is positive, 1 negative, 2 neutral */
    CU_ASSERT_EQUAL(weight(m, 1, 2), 0.5f);
    CU_ASSERT_EQUAL(weight(m, 1, 0), -0.25f);
    CU_ASSERT_EQUAL(weight(m, 1, 1), 0.125f);
    CU_ASSERT_EQUAL(weight(m, 2, 2), 1e-3f);
    CU_ASSERT_EQUAL(weight(m, 2, 1), -3.0f);
    CU_ASSERT_EQUAL(weight(m, 0, 2), 1.5f);   /* bias 0.75 x bias value 2 */
    CU_ASSERT_EQUAL(weight(m, 0, 1), -3.0f);
    CU_ASSERT_EQUAL(ht_model_nonzero_rows(m), 3);
    CU_ASSERT_PTR_NOT_NULL(m->info && strstr(m->info, "\"converted_from\":\"small.liblinear\""));
    ht_model_free(m);

    /* other label numbers, mapped by name */
    write_file("pm.liblinear",
               "solver_type L2R_LR_DUAL\nnr_class 3\nlabel -1 1 0\nnr_feature 1\nbias -1\nw\n"
               "1 2 3\n", path, sizeof path);
    snprintf(args, sizeof args, "convert %s --like models/tone.model -o %s", path, out);
    CU_ASSERT_EQUAL(run(args, NULL, &err), 1);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, ":3: label -1 is not a class number"));
    free(err);
    snprintf(args, sizeof args, "convert -q %s --like models/tone.model --label -1=negative "
             "--label 0=neutral --label 1=positive -o %s", path, out);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "has no bias term"));
    free(err);
    m = ht_model_load(out, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(weight(m, 1, 0), 1.0f);
    CU_ASSERT_EQUAL(weight(m, 1, 2), 2.0f);
    CU_ASSERT_EQUAL(weight(m, 1, 1), 3.0f);
    CU_ASSERT_EQUAL(weight(m, 0, 0), 0.0f);
    ht_model_free(m);
    snprintf(args, sizeof args, "convert %s --like models/tone.model --label -1=negative -o %s",
             path, out);
    CU_ASSERT_EQUAL(run(args, NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "1 --label option for the 3 classes"));
    free(err);

    /* an actor model's tone helper is carried over, and its absence beside
     * the new model is pointed out */
    write_file("actor.liblinear",
               "solver_type L2R_LR\nnr_class 3\nlabel 0 1 2\nnr_feature 1\nbias 1\nw\n"
               "1 2 3\n4 5 6\n", path, sizeof path);
    snprintf(args, sizeof args, "convert %s --like models/actor.model -o %s", path, out);
    CU_ASSERT_EQUAL_FATAL(run(args, NULL, &err), 0);
    /* (this folder holds another run's tone.model: not the helper) */
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "warning: ") &&
                           strstr(err, "is not the tone model the actor model was trained with") &&
                           strstr(err, "(for eval and score, as for models/actor.model)"));
    free(err);
    m = ht_model_load(out, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->task, HT_TASK_ACTOR);
    CU_ASSERT_EQUAL(m->features.window, 3);
    char name[64];
    CU_ASSERT_PTR_NOT_NULL(ht_actor_helper_name(m, name, sizeof name));
    CU_ASSERT_STRING_EQUAL(name, "tone.model");
    /* the helper's CRC-32 is the one the --like model records (whatever the
     * shipped models' bytes are) */
    ht_model *like = ht_model_load("models/actor.model", &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(like);
    const char *crc = like->info ? strstr(like->info, "\"tone_model_crc32\":\"") : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(crc);
    char want[48];
    snprintf(want, sizeof want, "%.29s", crc);  /* "tone_model_crc32":"XXXXXXXX" */
    CU_ASSERT_EQUAL(strlen(want), 29);
    CU_ASSERT_PTR_NOT_NULL(m->info && strstr(m->info, want));
    ht_model_free(like);
    ht_model_free(m);
}

/* ---- the round trip through liblinear-train --------------------------------------------- */

/* Weights alike to float32 rounding of a few ulps; returns the largest
 * difference, and how many of the weights that are not 0 in either are equal. */
static double compare_weights(const ht_model *a, const ht_model *b, size_t *exact,
                              size_t *nonzero)
{
    CU_ASSERT_EQUAL_FATAL(a->dim, b->dim);
    CU_ASSERT_EQUAL_FATAL(a->nr_class, b->nr_class);
    double worst = 0;
    size_t bad = 0, n = ((size_t)a->dim + 1) * (size_t)a->nr_class;
    *exact = *nonzero = 0;
    for (size_t i = 0; i < n; i++) {
        double x = a->weights[i], y = b->weights[i], d = fabs(x - y);
        if (x == 0 && y == 0)
            continue;
        (*nonzero)++;
        *exact += x == y;
        worst = d > worst ? d : worst;
        bad += d > 1e-6 + 1e-5 * fabs(y);
    }
    CU_ASSERT_EQUAL(bad, 0);
    return worst;
}

/* Labels exactly, probabilities to 1e-6, on every record of ds. */
static double compare_predictions(const ht_model *a, const ht_model *b, const ht_dataset *ds)
{
    size_t differ = 0;
    double worst = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double pa[HT_MAX_CLASSES], pb[HT_MAX_CLASSES];
        differ += ht_model_predict(a, ht_dataset_x(ds, i), NULL, pa) !=
                  ht_model_predict(b, ht_dataset_x(ds, i), NULL, pb);
        for (int c = 0; c < a->nr_class; c++)
            worst = fabs(pa[c] - pb[c]) > worst ? fabs(pa[c] - pb[c]) : worst;
    }
    CU_ASSERT_EQUAL(differ, 0);
    CU_ASSERT_TRUE(worst < 1e-6);
    return worst;
}

typedef struct trip {
    const char *name;      /* file name stem */
    const char *features;  /* haltung features options (before -o) */
    const char *train;     /* haltung train options (before -o) */
    const char *like;      /* --like model */
    double C;
    int balanced;          /* take liblinear-train's -w options from the features summary */
    ht_task task;
    int helper;            /* actor: tone.model beside the models */
} trip;

static void round_trip(const trip *t)
{
    if (!have("liblinear-train")) {
        skip("liblinear-train not found (Debian's liblinear-tools; make deps installs it)");
        return;
    }
    char svm[256], lib[256], conv[256], ht[256], cmd[4096], *err = NULL, *out1 = NULL,
         *out2 = NULL, name[128];
    snprintf(name, sizeof name, "%s.svm", t->name);
    tmp(name, svm, sizeof svm);
    snprintf(name, sizeof name, "%s.liblinear", t->name);
    tmp(name, lib, sizeof lib);
    snprintf(name, sizeof name, "%s-converted.model", t->name);
    tmp(name, conv, sizeof conv);
    snprintf(name, sizeof name, "%s-haltung.model", t->name);
    tmp(name, ht, sizeof ht);
    if (t->helper) {
        snprintf(cmd, sizeof cmd, "cp models/tone.model %s/tone.model", dir());
        CU_ASSERT_EQUAL_FATAL(sh(cmd, NULL, NULL), 0);
    }
    /* 1. the vectors, and the liblinear-train command the summary gives */
    snprintf(cmd, sizeof cmd, "features %s -o %s " GERNTSA, t->features, svm);
    CU_ASSERT_EQUAL_FATAL(run(cmd, NULL, &err), 0);
    char weights[512] = "";
    if (t->balanced) {
        const char *w = err ? strstr(err, "-c C ") : NULL, *end = w ? strstr(w, svm) : NULL;
        CU_ASSERT_PTR_NOT_NULL_FATAL(w);
        CU_ASSERT_PTR_NOT_NULL_FATAL(end);
        snprintf(weights, sizeof weights, "%.*s", (int)(end - w - 5), w + 5);
    }
    free(err);
    /* 2. liblinear-train: logistic regression, bias 1, haltung's tolerance (its default) */
    snprintf(cmd, sizeof cmd, "liblinear-train -q -s 0 -B 1 -e 0.01 -c %g %s %s %s", t->C,
             weights, svm, lib);
    CU_ASSERT_EQUAL_FATAL(sh(cmd, NULL, NULL), 0);
    /* 3. convert */
    snprintf(cmd, sizeof cmd, "convert -q %s --like %s -o %s", lib, t->like, conv);
    CU_ASSERT_EQUAL_FATAL(run(cmd, NULL, NULL), 0);
    /* 4. haltung's own fit with the same C, no search */
    snprintf(cmd, sizeof cmd, "train -q %s -C %g -o %s " GERNTSA, t->train, t->C, ht);
    CU_ASSERT_EQUAL_FATAL(run(cmd, NULL, NULL), 0);
    /* 5. the same weights, predictions and evaluation */
    ht_error e = { 0 };
    ht_model *a = ht_model_load(conv, &e), *b = ht_model_load(ht, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(a->task, t->task);
    CU_ASSERT_EQUAL(memcmp(&a->features, &b->features, sizeof a->features), 0);
    size_t exact, nonzero;
    double wd = compare_weights(a, b, &exact, &nonzero);
    ht_model *tone = t->helper ? ht_model_load("models/tone.model", &e) : NULL;
    ht_dataset *ds = train_set(t->task, &a->features, tone, GERNTSA, NULL);
    double pd = compare_predictions(a, b, ds);
    printf("\n    %s: %zu non-zero rows of %u; non-zero weights: %zu of %zu identical, "
           "largest difference %.3g; probabilities: largest difference %.3g over %zu records ",
           t->name, ht_model_nonzero_rows(a), a->dim + 1, exact, nonzero, wd, pd, ds->n);
    snprintf(cmd, sizeof cmd, "eval --format json --model %s " GERNTSA, conv);
    CU_ASSERT_EQUAL(run(cmd, &out1, NULL), 0);
    snprintf(cmd, sizeof cmd, "eval --format json --model %s " GERNTSA, ht);
    CU_ASSERT_EQUAL(run(cmd, &out2, NULL), 0);
    CU_ASSERT_TRUE(out1 && out2 && !strcmp(out1, out2));
    free(out1);
    free(out2);
    ht_dataset_free(ds);
    ht_model_free(tone);
    ht_model_free(a);
    ht_model_free(b);
}

/* GerNTSA's sentences as tone records (text and label), with the shipped tone
 * model's feature settings, balanced class weights. */
static void test_round_trip_tone(void)
{
    trip t = { "tone-rt", "--model models/tone.model", "--task tone --emoticons --char 4-5",
               "models/tone.model", 4, 1, HT_TASK_TONE, 0 };
    round_trip(&t);
}

/* The actor task with the shipped model's settings and tone helper, unweighted. */
static void test_round_trip_actor(void)
{
    char features[600], train[600];
    snprintf(features, sizeof features, "-q --model models/actor.model");
    snprintf(train, sizeof train, "--task actor --no-balanced --tone-model %s/tone.model", dir());
    trip t = { "actor-rt", features, train, "models/actor.model", 1, 0, HT_TASK_ACTOR, 1 };
    round_trip(&t);
}

/* ---- contrib/dask ----------------------------------------------------------------------- */

static const char *python(void)
{
    const char *p = getenv("PYTHON");
    return p && *p ? p : "/usr/bin/python3";
}

/* A corpus of GerNTSA's sentences as articles, with the lines that test the
 * joins: bad JSON, a wrong type, blank lines, a byte-order mark mid-file. */
static const char *dask_corpus(char *buf, size_t cap)
{
    char *src = ht_test_read_file(GERNTSA, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    FILE *f = fopen(tmp("articles.jsonl", buf, cap), "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int n = 0;
    for (char *line = strtok(src, "\n"); line && n < 90; line = strtok(NULL, "\n"), n++) {
        json_t *o = json_loads(line, 0, NULL);
        json_t *rec = json_object();
        if (n % 3)
            json_object_set(rec, "id", json_object_get(o, "id"));
        json_object_set(rec, "text", json_object_get(o, "text"));
        char *s = json_dumps(rec, JSON_COMPACT);
        fprintf(f, "%s\n", s);
        free(s);
        json_decref(rec);
        json_decref(o);
        if (n == 10)
            fputs("{broken\n", f);
        if (n == 20)
            fputs("\n  \t\n", f);
        if (n == 31)
            fputs("\xEF\xBB\xBF{\"id\": \"bom\", \"text\": \"Mitten im Text.\"}\n", f);
        if (n == 50)
            fputs("{\"id\": \"typ\", \"text\": 7}\n", f);
    }
    fclose(f);
    free(src);
    return buf;
}

static void test_dask_equals_one_process(void)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s -c 'import distributed'", python());
    if (sh(cmd, NULL, NULL) != 0) {
        char why[300];
        snprintf(why, sizeof why, "%s cannot import distributed (Debian's python3-distributed; "
                 "make deps installs it)", python());
        skip(why);
        return;
    }
    char corpus[256], single[256], multi[256], *err = NULL, *a = NULL, *b = NULL;
    dask_corpus(corpus, sizeof corpus);
    tmp("single.jsonl", single, sizeof single);
    tmp("dask.jsonl", multi, sizeof multi);
    /* 1: a file, partitions of 7 lines (the byte-order mark's line, 36, opens
     * one); 2: standard input, and options for haltung score after --; 3: a
     * limit, whose error objects name the file and line as parse errors do */
    for (int r = 0; r < 3; r++) {
        if (r == 0)
            snprintf(cmd, sizeof cmd, "%s score --jsonl %s > %s", haltung(), corpus, single);
        else if (r == 1)
            snprintf(cmd, sizeof cmd, "%s score --jsonl --topic Wirtschaft -j 2 - < %s > %s",
                     haltung(), corpus, single);
        else
            snprintf(cmd, sizeof cmd, "%s score --jsonl --max-actors 1 %s > %s", haltung(),
                     corpus, single);
        CU_ASSERT_EQUAL_FATAL(sh(cmd, NULL, NULL), 0);
        if (r == 0)
            snprintf(cmd, sizeof cmd, "%s contrib/dask/haltung_dask.py --workers 2 --haltung %s "
                     "--partition-size 7 -o %s %s", python(), haltung(), multi, corpus);
        else if (r == 1)
            snprintf(cmd, sizeof cmd, "%s contrib/dask/haltung_dask.py --workers 2 --haltung %s "
                     "--partition-size 40 - -- --topic Wirtschaft -j 2 < %s > %s", python(),
                     haltung(), corpus, multi);
        else
            snprintf(cmd, sizeof cmd, "%s contrib/dask/haltung_dask.py --workers 2 --haltung %s "
                     "--partition-size 11 -o %s %s -- --max-actors 1", python(), haltung(),
                     multi, corpus);
        CU_ASSERT_EQUAL(sh(cmd, NULL, &err), 0);
        if (r < 2)
            CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "haltung: warning: 3 records could not "
                                                      "be scored"));
        a = ht_test_read_file(single, NULL);
        b = ht_test_read_file(multi, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        size_t records = 0;
        for (const char *p = a; *p; p++)
            records += *p == '\n';
        CU_ASSERT_EQUAL(records, 93);  /* 90 articles, 3 bad lines; blank lines give none */
        CU_ASSERT_TRUE(b && !strcmp(a, b));
        if (b && strcmp(a, b))
            printf("\n    run %d: the Dask output differs from one process: %s", r, err);
        if (r != 1) {
            char where[300];
            snprintf(where, sizeof where, "\"error\":\"%s:36: invalid JSON", corpus);
            CU_ASSERT_PTR_NOT_NULL(strstr(b ? b : "", where));
        }
        if (r == 2) {
            char where[300];
            snprintf(where, sizeof where, "\"error\":\"%s:", corpus);
            size_t over = 0;
            for (const char *p = b ? strstr(b, "(--max-actors)") : NULL; p;
                 p = strstr(p + 1, "(--max-actors)"))
                over++;
            CU_ASSERT_TRUE(over > 10);  /* the corpus names many actors */
        }
        free(a);
        free(b);
        free(err);
    }
    /* the output may not be an input */
    snprintf(cmd, sizeof cmd, "%s contrib/dask/haltung_dask.py --workers 1 --haltung %s -o %s %s",
             python(), haltung(), corpus, corpus);
    CU_ASSERT_EQUAL(sh(cmd, NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "is an input too"));
    free(err);
    a = ht_test_read_file(corpus, NULL);
    CU_ASSERT_TRUE(a && strstr(a, "\n{broken\n"));  /* still the corpus, not scores */
    free(a);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "features: train's reader, warnings and vectors", test_features_are_train_vectors },
        { "features --model: the model's settings and tone helper", test_features_with_model },
        { "features: usage and failures", test_features_usage },
        { "convert refuses bad files by file and line", test_convert_refuses },
        { "convert maps columns, bias, labels and the helper", test_convert_maps_weights },
        { "round trip through liblinear-train: tone", test_round_trip_tone },
        { "round trip through liblinear-train: actor with helper", test_round_trip_actor },
        { "contrib/dask on a LocalCluster equals one process", test_dask_equals_one_process },
        { NULL, NULL }
    };
    return ht_test_main("scale", cases);
}
