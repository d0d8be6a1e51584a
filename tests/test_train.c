/* test_train.c: training end to end on small corpora written here: datasets
 * from JSON Lines (bad records skipped, not fatal), the C search, a train ->
 * save -> load -> predict round trip with identical probabilities,
 * determinism (same data and seed, same file bytes), and the dual solver
 * against liblinear's primal one. */
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/model.h"
#include "classifier/speakers.h"
#include "tests/support.h"
#include "training/dataset.h"
#include "training/dual.h"
#include "training/metrics.h"
#include "training/train.h"

static const char *const positive[] = {
    "Das Konzert war großartig und wunderbar.", "Ein herrlicher Tag, ich bin begeistert!",
    "Die Mannschaft hat fantastisch gespielt.", "Was für eine schöne Überraschung :)",
    "Die neue Brücke ist ein voller Erfolg.", "Ich freue mich sehr über das Ergebnis.",
};
static const char *const negative[] = {
    "Das Konzert war schrecklich und furchtbar.", "Ein grauenhafter Tag, ich bin wütend!",
    "Die Mannschaft hat katastrophal gespielt.", "Was für eine miese Enttäuschung :(",
    "Die neue Brücke ist ein totaler Reinfall.", "Ich ärgere mich sehr über das Ergebnis.",
};
static const char *const neutral[] = {
    "Der Bus fährt um acht Uhr ab.", "Die Sitzung beginnt am Dienstag.",
    "Der Bericht hat zwölf Seiten.", "Die Straße führt nach Norden.",
    "Morgen wird die Liste veröffentlicht.", "Die Stadt hat 40.000 Einwohner.",
};

/* Writes a tone corpus of `copies` rounds of the sentences above, with
 * `extra` appended verbatim (bad records for the tests). */
static const char *tone_corpus(const char *name, int copies, const char *extra)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    for (int c = 0; c < copies; c++)
        for (int i = 0; i < 6; i++) {
            len += (size_t)snprintf(buf + len, cap - len,
                                    "{\"text\": \"%s\", \"label\": \"positive\"}\n"
                                    "{\"text\": \"%s\", \"label\": \"negative\"}\n"
                                    "{\"text\": \"%s\", \"label\": \"neutral\"}\n",
                                    positive[i], negative[i], neutral[i]);
        }
    if (extra)
        len += (size_t)snprintf(buf + len, cap - len, "%s", extra);
    const char *path = ht_test_write_temp(name, buf, len);
    free(buf);
    return path;
}

static void count_warning(void *ctx, const char *msg)
{
    (void)msg;
    (*(int *)ctx)++;
}

static ht_dataset *read_tone(const char *path, int *warnings)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_config_default();
    cfg.hash_bits = 16;
    cfg.char_max = 0;
    ht_vectorizer v;
    CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, HT_TASK_TONE, &cfg, &err), HT_OK);
    ht_dataset *ds = ht_dataset_new(HT_TASK_TONE, &cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ht_dataset_add_file(ds, &v, path, NULL, count_warning, warnings, &err), HT_OK);
    ht_vectorizer_free(&v);
    return ds;
}

static void test_dataset_skips_bad_records(void)
{
    int warnings = 0;
    const char *path = tone_corpus("bad.jsonl", 1,
                                   "{\"text\": \"Gut.\", \"label\": \"sehr gut\"}\n"
                                   "{\"text\": 42, \"label\": \"positive\"}\n"
                                   "not json at all\n"
                                   "{\"text\": \"Kein Label hier.\"}\n"
                                   "{\"text\": \"Wieder gut.\", \"label\": \"positive\"}\n");
    ht_dataset *ds = read_tone(path, &warnings);
    CU_ASSERT_EQUAL(ds->n, 19);          /* 18 + the last good record */
    CU_ASSERT_EQUAL(ds->bad, 4);
    CU_ASSERT_EQUAL(warnings, 4);
    CU_ASSERT_EQUAL(ds->count[2], 7);    /* positive */
    /* Every vector ends with the bias feature (dim + 1, value 1) and -1. */
    for (size_t i = 0; i < ds->n; i++) {
        const struct feature_node *x = ht_dataset_x(ds, i);
        while (x[1].index != -1)
            x++;
        CU_ASSERT_EQUAL(x->index, (1 << 16) + 1);
        CU_ASSERT_DOUBLE_EQUAL(x->value, 1.0, 0);
    }
    ht_dataset_free(ds);
}

/* What a sink is handed: a kept record's vector without its bias, in input order. */
typedef struct sink_log {
    const ht_dataset *kept;
    size_t seen, mismatches, stop_at;
} sink_log;

static ht_status check_sink(void *ctx, int cls, const struct feature_node *x, ht_error *err)
{
    sink_log *log = ctx;
    if (log->seen == log->stop_at)
        return ht_error_set(err, HT_ERR_IO, "sink: disk full");
    const struct feature_node *k = ht_dataset_x(log->kept, log->seen);
    size_t i = 0;
    for (; x[i].index != -1; i++)
        if (k[i].index != x[i].index || k[i].value != x[i].value)
            log->mismatches++;
    /* the kept vector goes on with the bias, then ends */
    if (k[i].index != (1 << 16) + 1 || k[i + 1].index != -1 || cls != log->kept->y[log->seen])
        log->mismatches++;
    log->seen++;
    return HT_OK;
}

static void test_sink_gets_the_kept_vectors(void)
{
    int warnings = 0;
    const char *path = tone_corpus("sink.jsonl", 2, "{\"text\": 42, \"label\": \"positive\"}\n"
                                   "{\"text\": \"Schön!\", \"label\": \"positive\"}\n");
    ht_dataset *kept = read_tone(path, &warnings);
    for (int stop = 0; stop < 2; stop++) {
        sink_log log = { kept, 0, 0, stop ? 5 : (size_t)-1 };
        ht_error err = { 0 };
        ht_vectorizer v;
        CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, HT_TASK_TONE, &kept->cfg, &err), HT_OK);
        ht_dataset *ds = ht_dataset_new(HT_TASK_TONE, &kept->cfg, &err);
        ht_dataset_set_sink(ds, check_sink, &log);
        ht_status st = ht_dataset_add_file(ds, &v, path, NULL, NULL, NULL, &err);
        if (!stop) {
            CU_ASSERT_EQUAL(st, HT_OK);
            CU_ASSERT_EQUAL(log.seen, kept->n);
            CU_ASSERT_EQUAL(ds->n, kept->n);
            CU_ASSERT_EQUAL(ds->bad, 1);
            CU_ASSERT_EQUAL(memcmp(ds->count, kept->count, sizeof ds->count), 0);
            CU_ASSERT_EQUAL(ds->nnodes, 0);  /* nothing kept */
        } else {
            /* the sink's error ends the file, with its message */
            CU_ASSERT_EQUAL(st, HT_ERR_IO);
            CU_ASSERT_STRING_EQUAL(err.msg, "sink: disk full");
            CU_ASSERT_EQUAL(ds->n, 5);
        }
        CU_ASSERT_EQUAL(log.mismatches, 0);
        ht_dataset_free(ds);
        ht_vectorizer_free(&v);
    }
    ht_dataset_free(kept);
}

static void test_missing_file_is_an_error(void)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_config_default();
    ht_vectorizer v;
    CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, HT_TASK_TONE, &cfg, &err), HT_OK);
    ht_dataset *ds = ht_dataset_new(HT_TASK_TONE, &cfg, &err);
    CU_ASSERT_NOT_EQUAL(ht_dataset_add_file(ds, &v, "build/test-tmp/no-such-file.jsonl", NULL,
                                            NULL, NULL, &err), HT_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no-such-file.jsonl"));
    ht_dataset_free(ds);
    ht_vectorizer_free(&v);
}

static ht_model *train_tone(const ht_dataset *ds, double C, ht_train_report *rep)
{
    ht_error err = { 0 };
    ht_train_options opt = ht_train_defaults();
    opt.C = C;
    opt.folds = 3;
    opt.balanced = 1;
    ht_model *m = ht_train(ds, NULL, &opt, rep, &err);
    CU_ASSERT_PTR_NOT_NULL(m);
    return m;
}

/* The model learns the corpus; saving and loading keeps every probability. */
static void test_round_trip_identical_probabilities(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("tone.jsonl", 3, NULL), &warnings);
    ht_train_report rep;
    ht_model *m = train_tone(ds, 4, &rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    ht_error err = { 0 };
    const char *path = "build/test-tmp/roundtrip.model";
    CU_ASSERT_EQUAL_FATAL(ht_model_save(m, path, &err), HT_OK);
    ht_model *back = ht_model_load(path, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    size_t right = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double p1[HT_MAX_CLASSES], p2[HT_MAX_CLASSES];
        int c1 = ht_model_predict(m, ht_dataset_x(ds, i), NULL, p1);
        int c2 = ht_model_predict(back, ht_dataset_x(ds, i), NULL, p2);
        CU_ASSERT_EQUAL(c1, c2);
        CU_ASSERT_EQUAL(memcmp(p1, p2, sizeof(double) * 3), 0);
        right += c1 == ds->y[i];
    }
    CU_ASSERT_EQUAL(right, ds->n);  /* a separable corpus is learnt */
    ht_model_free(back);
    ht_model_free(m);
    ht_dataset_free(ds);
}

/* haltung's model agrees with liblinear's own probabilities for the same fit. */
static void test_agrees_with_liblinear(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("tone2.jsonl", 2, NULL), &warnings);
    ht_train_report rep;
    ht_model *m = train_tone(ds, 2, &rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* liblinear's multi-class fit on the same problem, same costs */
    struct problem prob = { 0 };
    prob.l = (int)ds->n;
    prob.n = (1 << 16) + 1;
    prob.bias = 1;
    prob.y = malloc(ds->n * sizeof *prob.y);
    prob.x = malloc(ds->n * sizeof *prob.x);
    for (size_t i = 0; i < ds->n; i++) {
        prob.y[i] = ds->y[i];
        prob.x[i] = ht_dataset_x(ds, i);
    }
    struct parameter p = { 0 };
    p.solver_type = L2R_LR;
    p.C = 2;
    p.eps = 0.01;
    int labels[3] = { 0, 1, 2 };
    double weights[3];
    for (int c = 0; c < 3; c++)
        weights[c] = (double)ds->n / (3.0 * (double)ds->count[c]);
    p.nr_weight = 3;
    p.weight_label = labels;
    p.weight = weights;
    struct model *lm = train(&prob, &p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lm);
    for (size_t i = 0; i < ds->n; i++) {
        double mine[3], theirs[3];
        ht_model_predict(m, ht_dataset_x(ds, i), NULL, mine);
        predict_probability(lm, ht_dataset_x(ds, i), theirs);
        for (int k = 0; k < 3; k++) {
            int c = lm->label[k];
            CU_ASSERT_DOUBLE_EQUAL(mine[c], theirs[k], 1e-5);  /* float32 weights */
        }
    }
    free_and_destroy_model(&lm);
    free(prob.y);
    free(prob.x);
    ht_model_free(m);
    ht_dataset_free(ds);
}

static void test_cross_validation_chooses_from_grid(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("tone3.jsonl", 3, NULL), &warnings);
    ht_train_report rep;
    ht_model *m = train_tone(ds, 0, &rep);
    CU_ASSERT_TRUE(rep.ngrid >= 3);
    int found = 0;
    for (int g = 0; g < rep.ngrid; g++) {
        CU_ASSERT_TRUE(rep.grid_macro_f1[g] >= 0 && rep.grid_macro_f1[g] <= 1);
        found |= rep.grid_C[g] == rep.C;
    }
    CU_ASSERT_TRUE(found);
    CU_ASSERT_FALSE(rep.on_dev);
    ht_model_free(m);
    ht_dataset_free(ds);
}

/* Trains ds with opt on one thread and on four and asserts that both runs
 * write the same model file, byte for byte. rep receives both runs' reports;
 * returns the second run's model (the caller frees it). */
static ht_model *train_on_1_and_4_threads(const ht_dataset *ds, ht_train_options opt,
                                          const char *name, ht_train_report rep[2])
{
    ht_error err = { 0 };
    char paths[2][128];
    ht_model *m = NULL;
    for (int run = 0; run < 2; run++) {
        snprintf(paths[run], sizeof paths[run], "build/test-tmp/%s%d.model", name, run);
        ht_model_free(m);
        opt.threads = run ? 4 : 1;  /* thread count must not change the result */
        m = ht_train(ds, NULL, &opt, &rep[run], &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_EQUAL(ht_model_save(m, paths[run], &err), HT_OK);
    }
    size_t l1, l2;
    char *a = ht_test_read_file(paths[0], &l1), *b = ht_test_read_file(paths[1], &l2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(l1, l2);
    CU_ASSERT_EQUAL(memcmp(a, b, l1 < l2 ? l1 : l2), 0);
    free(a);
    free(b);
    return m;
}

static void test_training_is_deterministic(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("tone4.jsonl", 3, NULL), &warnings);
    ht_train_options opt = ht_train_defaults();
    opt.folds = 3;
    opt.seed = 7;
    ht_train_report rep[2];
    ht_model_free(train_on_1_and_4_threads(ds, opt, "det", rep));
    ht_dataset_free(ds);
}

/* --repeats pools the repetitions: each covers every record once, so the
 * pooled accuracy at each C is the mean of the repetitions' own, run alone
 * with fold seeds 7 and 8. Mislabelled copies make the folds matter. */
static void test_repeated_cross_validation_pools(void)
{
    char extra[2048];
    size_t len = 0;
    for (int i = 0; i < 6; i++)
        len += (size_t)snprintf(extra + len, sizeof extra - len,
                                "{\"text\": \"%s\", \"label\": \"%s\"}\n", neutral[i],
                                i % 2 ? "positive" : "negative");
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("repeats.jsonl", 2, extra), &warnings);
    for (int solver = HT_SOLVER_PRIMAL; solver <= HT_SOLVER_DUAL; solver++) {
        ht_train_report rep[3];
        for (int run = 0; run < 3; run++) {
            ht_error err = { 0 };
            ht_train_options opt = ht_train_defaults();
            opt.solver = solver;
            opt.folds = 3;
            opt.balanced = 1;
            opt.seed = run == 1 ? 8 : 7;
            opt.repeats = run == 2 ? 2 : 1;
            ht_model_free(ht_train(ds, NULL, &opt, &rep[run], &err));
        }
        int differ = 0;
        for (int g = 0; g < rep[2].ngrid; g++) {
            double mean = (rep[0].grid_accuracy[g] + rep[1].grid_accuracy[g]) / 2;
            CU_ASSERT_DOUBLE_EQUAL(rep[2].grid_accuracy[g], mean, 1e-12);
            differ |= rep[0].grid_accuracy[g] != rep[1].grid_accuracy[g];
        }
        CU_ASSERT_TRUE(differ);  /* else the corpus could not tell pooling from one repetition */
    }
    ht_dataset_free(ds);
}

/* The binary problem "class cls against the rest" over all of ds. */
static struct problem binary_problem(const ht_dataset *ds, int cls)
{
    struct problem prob = { 0 };
    prob.l = (int)ds->n;
    prob.n = (1 << ds->cfg.hash_bits) + 1;
    prob.bias = 1;
    prob.y = malloc(ds->n * sizeof *prob.y);
    prob.x = malloc(ds->n * sizeof *prob.x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(prob.y);
    CU_ASSERT_PTR_NOT_NULL_FATAL(prob.x);
    for (size_t i = 0; i < ds->n; i++) {
        prob.y[i] = ds->y[i] == cls ? 1 : -1;
        prob.x[i] = ht_dataset_x(ds, i);
    }
    return prob;
}

static double margin(const double *w, const struct feature_node *x)
{
    double d = 0;
    for (; x->index != -1; x++)
        d += w[x->index - 1] * x->value;
    return d;
}

/* The primal objective both solvers minimise. */
static double objective(const struct problem *prob, double Cp, double Cn, const double *w)
{
    double f = 0;
    for (int j = 0; j < prob->n; j++)
        f += 0.5 * w[j] * w[j];
    for (int i = 0; i < prob->l; i++) {
        double y = prob->y[i] > 0 ? 1 : -1;
        f += (y > 0 ? Cp : Cn) * log1p(exp(-y * margin(w, prob->x[i])));
    }
    return f;
}

/* Dual coordinate descent reaches the optimum liblinear's primal solver
 * finds for the same problem: the same objective value and, as the
 * objective is strictly convex, the same probabilities. */
static void test_dual_reaches_primal_optimum(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("dual.jsonl", 2, "{\"text\": \"Der Bus war wunderbar "
                                           "p\u00fcnktlich.\", \"label\": \"neutral\"}\n"), &warnings);
    struct problem prob = binary_problem(ds, 0);
    double Cp = 3, Cn = 1.5;
    struct parameter p = { 0 };
    p.solver_type = L2R_LR;
    p.C = Cn;
    p.eps = 1e-6;
    int label = 1;
    double wc = Cp / Cn;
    p.nr_weight = 1;
    p.weight_label = &label;
    p.weight = &wc;
    struct model *lm = train(&prob, &p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lm);
    double *primal = malloc((size_t)prob.n * sizeof *primal);
    double *dual = malloc((size_t)prob.n * sizeof *dual);
    CU_ASSERT_PTR_NOT_NULL_FATAL(primal);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dual);
    for (int j = 0; j < prob.n; j++)
        primal[j] = lm->label[0] == 1 ? lm->w[j] : -lm->w[j];
    int passes = ht_dual_fit(&prob, Cp, Cn, 1e-4, 42, NULL, NULL, dual);
    CU_ASSERT_TRUE(passes > 1 && passes < 1000);
    double fp = objective(&prob, Cp, Cn, primal), fd = objective(&prob, Cp, Cn, dual);
    CU_ASSERT_DOUBLE_EQUAL(fd, fp, 1e-5 * fp);
    for (int i = 0; i < prob.l; i++) {
        double pp = 1 / (1 + exp(-margin(primal, prob.x[i])));
        double pd = 1 / (1 + exp(-margin(dual, prob.x[i])));
        CU_ASSERT_DOUBLE_EQUAL(pd, pp, 1e-3);
    }
    /* The seed orders the passes: another seed, another path to the optimum. */
    double *other = malloc((size_t)prob.n * sizeof *other);
    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    ht_dual_fit(&prob, Cp, Cn, 1e-4, 43, NULL, NULL, other);
    CU_ASSERT_NOT_EQUAL(memcmp(other, dual, (size_t)prob.n * sizeof *dual), 0);
    CU_ASSERT_DOUBLE_EQUAL(objective(&prob, Cp, Cn, other), fp, 1e-5 * fp);
    ht_dual_fit(&prob, Cp, Cn, 1e-4, 42, NULL, NULL, other);
    CU_ASSERT_EQUAL(memcmp(other, dual, (size_t)prob.n * sizeof *dual), 0);
    /* A warm start from a fit at half the costs reaches the same optimum. */
    double *frac = malloc((size_t)prob.l * sizeof *frac);
    CU_ASSERT_PTR_NOT_NULL_FATAL(frac);
    CU_ASSERT_TRUE(ht_dual_fit(&prob, Cp / 2, Cn / 2, 1e-4, 42, NULL, frac, other) > 0);
    for (int i = 0; i < prob.l; i++)
        CU_ASSERT_TRUE(frac[i] > 0 && frac[i] < 1);
    int warm = ht_dual_fit(&prob, Cp, Cn, 1e-4, 42, frac, frac, other);
    CU_ASSERT_TRUE(warm > 0 && warm <= passes);
    CU_ASSERT_DOUBLE_EQUAL(objective(&prob, Cp, Cn, other), fp, 1e-5 * fp);
    free(frac);
    free(other);
    free(primal);
    free(dual);
    free(prob.y);
    free(prob.x);
    free_and_destroy_model(&lm);
    ht_dataset_free(ds);
}

/* With the dual solver too (and a repeated C search), the same data and
 * seed give the same model file whatever the number of threads, and the
 * model learns the corpus. */
static void test_dual_training_is_deterministic(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("dual2.jsonl", 3, NULL), &warnings);
    ht_train_options opt = ht_train_defaults();
    opt.solver = HT_SOLVER_DUAL;
    opt.folds = 3;
    opt.repeats = 2;
    opt.seed = 7;
    opt.balanced = 1;
    ht_train_report rep[2];
    ht_model *m = train_on_1_and_4_threads(ds, opt, "dual", rep);
    CU_ASSERT_TRUE(rep[1].macro_f1 > 0.9);
    size_t right = 0;
    for (size_t i = 0; i < ds->n; i++)
        right += ht_model_predict(m, ht_dataset_x(ds, i), NULL, NULL) == ds->y[i];
    CU_ASSERT_EQUAL(right, ds->n);
    ht_model_free(m);
    ht_dataset_free(ds);
}

/* The probabilities liblinear's one-vs-rest logistic regression gives x
 * with the weights w[c] of each class's binary problem (+1: the class):
 * each class's sigmoid, normalised to sum 1. */
static void ovr_probabilities(double *const *w, int k, const struct feature_node *x, double *p)
{
    double sum = 0;
    for (int c = 0; c < k; c++)
        sum += p[c] = 1 / (1 + exp(-margin(w[c], x)));
    for (int c = 0; c < k; c++)
        p[c] /= sum;
}

/* --balance problems: each one-vs-rest problem costs C m / (2 m+) for the
 * class and C m / (2 m-) for the rest. The model scores as liblinear's own
 * fits of those binary problems with those costs, on both solvers; the
 * other weighting (C n / (k n_c) against C) gives other probabilities on
 * this skewed corpus; and the C search gives the same file on any number
 * of threads. */
static void test_balance_problems_costs(void)
{
    char extra[4096];
    size_t len = 0;
    for (int i = 0; i < 12; i++)
        len += (size_t)snprintf(extra + len, sizeof extra - len,
                                "{\"text\": \"Nachricht %d: %s\", \"label\": \"neutral\"}\n", i,
                                neutral[i % 6]);
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("balance.jsonl", 2, extra), &warnings);
    CU_ASSERT_EQUAL_FATAL(ds->nr_class, 3);
    double *w[3];
    for (int c = 0; c < 3; c++) {
        struct problem prob = binary_problem(ds, c);
        int pos = 0;
        for (int i = 0; i < prob.l; i++)
            pos += prob.y[i] > 0;
        CU_ASSERT_TRUE_FATAL(pos > 0 && pos < prob.l);
        struct parameter p = { 0 };
        p.solver_type = L2R_LR;
        p.C = 2;
        p.eps = 1e-6;
        int labels[2] = { 1, -1 };
        double weights[2] = { prob.l / (2.0 * pos), prob.l / (2.0 * (prob.l - pos)) };
        p.nr_weight = 2;
        p.weight_label = labels;
        p.weight = weights;
        struct model *lm = train(&prob, &p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(lm);
        w[c] = malloc((size_t)prob.n * sizeof *w[c]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(w[c]);
        for (int j = 0; j < prob.n; j++)
            w[c][j] = lm->label[0] == 1 ? lm->w[j] : -lm->w[j];
        free_and_destroy_model(&lm);
        free(prob.y);
        free(prob.x);
    }
    ht_model *m[3];
    for (int run = 0; run < 3; run++) {  /* problems primal, problems dual, classes primal */
        ht_error err = { 0 };
        ht_train_report rep;
        ht_train_options opt = ht_train_defaults();
        opt.C = 2;
        opt.eps = 1e-6;
        opt.solver = run == 1 ? HT_SOLVER_DUAL : HT_SOLVER_PRIMAL;
        opt.balanced = run == 2 ? HT_BALANCE_CLASSES : HT_BALANCE_PROBLEMS;
        m[run] = ht_train(ds, NULL, &opt, &rep, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m[run]);
    }
    double most = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double want[3], got[3][3];
        ovr_probabilities(w, 3, ht_dataset_x(ds, i), want);
        for (int run = 0; run < 3; run++)
            ht_model_predict(m[run], ht_dataset_x(ds, i), NULL, got[run]);
        for (int c = 0; c < 3; c++) {
            CU_ASSERT_DOUBLE_EQUAL(got[0][c], want[c], 1e-5);  /* float32 weights */
            CU_ASSERT_DOUBLE_EQUAL(got[1][c], want[c], 1e-3);  /* the dual's own tolerance */
            if (fabs(got[2][c] - want[c]) > most)
                most = fabs(got[2][c] - want[c]);
        }
    }
    CU_ASSERT_TRUE(most > 0.01);
    for (int run = 0; run < 3; run++)
        ht_model_free(m[run]);
    for (int c = 0; c < 3; c++)
        free(w[c]);
    ht_train_options opt = ht_train_defaults();
    opt.folds = 3;
    opt.seed = 5;
    opt.balanced = HT_BALANCE_PROBLEMS;
    ht_train_report rep[2];
    ht_model_free(train_on_1_and_4_threads(ds, opt, "balance", rep));
    CU_ASSERT_TRUE(rep[0].ngrid > 1);
    ht_dataset_free(ds);
}

/* The NB scale follows its formula on a hand-made set: feature 1 only in
 * the class, feature 2 only in the rest, feature 3 in both alike. */
static void test_nb_scale_formula(void)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_config_default();
    cfg.hash_bits = 12;
    ht_dataset *ds = ht_dataset_new(HT_TASK_TONE, &cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    const int bias = (1 << 12) + 1;
    struct feature_node nodes[] = {
        { 1, 0.6 }, { 3, 0.8 }, { bias, 1 }, { -1, 0 },   /* class 0 */
        { 2, 0.6 }, { 3, 0.8 }, { bias, 1 }, { -1, 0 },   /* class 1 */
        { 2, 1.0 }, { bias, 1 }, { -1, 0 },               /* class 2 */
    };
    int y[] = { 0, 1, 2 };
    size_t off[] = { 0, 4, 8 };
    ds->nodes = malloc(sizeof nodes);
    ds->y = malloc(sizeof y);
    ds->off = malloc(sizeof off);
    CU_ASSERT_FATAL(ds->nodes && ds->y && ds->off);
    memcpy(ds->nodes, nodes, sizeof nodes);
    memcpy(ds->y, y, sizeof y);
    memcpy(ds->off, off, sizeof off);
    ds->n = 3;
    ds->nnodes = ds->cap_nodes = sizeof nodes / sizeof *nodes;
    ds->cap_n = 3;
    ds->count[0] = ds->count[1] = ds->count[2] = 1;
    double *scale = malloc(((1 << 12) + 2) * sizeof *scale);
    CU_ASSERT_PTR_NOT_NULL_FATAL(scale);
    ht_train_options opt = ht_train_defaults();
    opt.nb_alpha = 0.5;
    const double D = 1 << 12, a = 0.5;
    for (int binary = 0; binary < 2; binary++) {
        opt.nb_binary = binary;
        opt.nb_beta = 1;
        CU_ASSERT_FATAL(ht_nb_scale(ds, NULL, -1, 0, &opt, scale));
        /* class 0 against classes 1 and 2 */
        double p1 = binary ? 1 : 0.6, p3 = binary ? 1 : 0.8, sp = p1 + p3;
        double q2 = binary ? 2 : 1.6, q3 = binary ? 1 : 0.8, sq = q2 + q3;
        double np = a * D + sp, nq = a * D + sq;
        double r1 = log((a + p1) / np) - log(a / nq), r2 = log(a / np) - log((a + q2) / nq);
        double r3 = log((a + p3) / np) - log((a + q3) / nq), r9 = log(a / np) - log(a / nq);
        CU_ASSERT_DOUBLE_EQUAL(scale[1], fabs(r1), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(scale[2], fabs(r2), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(scale[3], fabs(r3), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(scale[9], fabs(r9), 1e-12);  /* a feature never seen */
        CU_ASSERT_DOUBLE_EQUAL(scale[1 << 12], fabs(r9), 1e-12);
        CU_ASSERT_EQUAL(scale[bias], 1);                    /* the bias is not scaled */
        CU_ASSERT_TRUE(scale[1] > scale[3] && scale[2] > scale[3]);
        /* interpolated toward 1 */
        opt.nb_beta = 0.25;
        CU_ASSERT_FATAL(ht_nb_scale(ds, NULL, -1, 0, &opt, scale));
        CU_ASSERT_DOUBLE_EQUAL(scale[1], 0.75 + 0.25 * fabs(r1), 1e-12);
        CU_ASSERT_EQUAL(scale[bias], 1);
    }
    /* leaving out a fold: class 0's only record gone, so feature 1 is unseen */
    int fold[] = { 0, 1, 1 };
    opt.nb_binary = 0;
    opt.nb_beta = 1;
    CU_ASSERT_FATAL(ht_nb_scale(ds, fold, 0, 0, &opt, scale));
    CU_ASSERT_DOUBLE_EQUAL(scale[1], scale[9], 1e-12);
    free(scale);
    ht_dataset_free(ds);
}

/* A model trained with NB scaling scores plain vectors exactly as liblinear's
 * fit on the scaled vectors scores the scaled ones: the scale folded into the
 * weights changes nothing but where it is applied. */
static void test_nb_folding_equals_scaling(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("nb.jsonl", 2, "{\"text\": \"Gut, aber der Bus "
                                           "fährt nicht.\", \"label\": \"neutral\"}\n"),
                               &warnings);
    ht_error err = { 0 };
    ht_train_report rep;
    ht_train_options opt = ht_train_defaults();
    opt.C = 2;
    opt.balanced = 1;
    opt.threads = 1;
    ht_model *plain = ht_train(ds, NULL, &opt, &rep, &err);
    opt.nb_alpha = 1;
    opt.nb_binary = 1;
    ht_model *m = ht_train(ds, NULL, &opt, &rep, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
    const size_t dim = 1 << 16;
    double *scale = malloc((dim + 2) * sizeof *scale);
    struct feature_node **xs = malloc(ds->n * sizeof *xs);
    double *y = malloc(ds->n * sizeof *y);
    CU_ASSERT_FATAL(scale && xs && y);
    double maxdiff = 0, plaindiff = 0;
    for (int c = 0; c < 3; c++) {
        CU_ASSERT_FATAL(ht_nb_scale(ds, NULL, -1, c, &opt, scale));
        for (size_t i = 0; i < ds->n; i++) {
            const struct feature_node *x = ht_dataset_x(ds, i);
            size_t n = 0;
            while (x[n].index != -1)
                n++;
            xs[i] = malloc((n + 1) * sizeof **xs);
            CU_ASSERT_PTR_NOT_NULL_FATAL(xs[i]);
            for (size_t k = 0; k <= n; k++)
                xs[i][k] = (struct feature_node){ x[k].index,
                                                  x[k].index < 0 ? 0 : x[k].value * scale[x[k].index] };
            y[i] = ds->y[i] == c ? 1 : -1;
        }
        struct problem prob = { .l = (int)ds->n, .n = (int)dim + 1, .y = y, .x = xs, .bias = 1 };
        struct parameter p = { 0 };
        p.solver_type = L2R_LR;
        p.C = 2;
        p.eps = 0.01;
        int label = 1;
        double wc = (double)ds->n / (3.0 * (double)ds->count[c]);
        p.nr_weight = 1;
        p.weight_label = &label;
        p.weight = &wc;
        struct model *lm = train(&prob, &p);
        CU_ASSERT_PTR_NOT_NULL_FATAL(lm);
        double sign = lm->label[0] == 1 ? 1 : -1;
        for (size_t i = 0; i < ds->n; i++) {
            double theirs, mine[3], pl[3];
            predict_values(lm, xs[i], &theirs);
            ht_model_predict(m, ht_dataset_x(ds, i), mine, NULL);
            ht_model_predict(plain, ht_dataset_x(ds, i), pl, NULL);
            double d = fabs(mine[c] - sign * theirs);
            maxdiff = d > maxdiff ? d : maxdiff;
            d = fabs(pl[c] - mine[c]);
            plaindiff = d > plaindiff ? d : plaindiff;
            free(xs[i]);
        }
        free_and_destroy_model(&lm);
    }
    CU_ASSERT_TRUE(maxdiff < 1e-4);   /* float32 weights */
    CU_ASSERT_TRUE(plaindiff > 0.01); /* and the scaling did change the model */
    free(scale);
    free(xs);
    free(y);
    ht_model_free(m);
    ht_model_free(plain);
    ht_dataset_free(ds);
}

/* With NB scaling and class offsets (nested in the folds), C search and fit
 * still give the same bytes on 1 or 4 threads. */
static void test_nb_training_is_deterministic(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("nb2.jsonl", 3, NULL), &warnings);
    ht_train_options opt = ht_train_defaults();
    opt.folds = 3;
    opt.seed = 7;
    opt.balanced = 1;
    opt.nb_alpha = 0.5;
    opt.nb_beta = 0.5;
    opt.offsets = 1;
    ht_train_report rep[2];
    ht_model_free(train_on_1_and_4_threads(ds, opt, "nbdet", rep));
    for (int run = 0; run < 2; run++) {
        CU_ASSERT_TRUE(rep[run].adjusted);
        CU_ASSERT_TRUE(rep[run].macro_f1 > 0.5);  /* the search scores the scaled fits */
    }
    CU_ASSERT_EQUAL(rep[0].macro_f1, rep[1].macro_f1);
    CU_ASSERT_EQUAL(rep[0].adjusted_macro_f1, rep[1].adjusted_macro_f1);
    ht_dataset_free(ds);
}

/* With NB scaling, the C search scores the fits as the model they give
 * scores: C chosen on a dev set reports that model's macro-F1 there. */
static void test_nb_search_scores_the_shipped_model(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("nb3.jsonl", 2, NULL), &warnings);
    ht_dataset *dev = read_tone(tone_corpus("nb3dev.jsonl", 1,
                                            "{\"text\": \"Der Bus war großartig.\", \"label\": \"neutral\"}\n"
                                            "{\"text\": \"Ein schöner Bericht.\", \"label\": \"neutral\"}\n"
                                            "{\"text\": \"Die Sitzung war furchtbar.\", \"label\": \"negative\"}\n"),
                                &warnings);
    ht_error err = { 0 };
    ht_train_report rep;
    ht_train_options opt = ht_train_defaults();
    opt.balanced = 1;
    opt.threads = 1;
    opt.nb_alpha = 1;
    ht_model *m = ht_train(ds, dev, &opt, &rep, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_TRUE(rep.on_dev);
    ht_metrics *met = ht_metrics_new(3);
    for (size_t i = 0; i < dev->n; i++)
        ht_metrics_add(met, dev->y[i], ht_model_predict(m, ht_dataset_x(dev, i), NULL, NULL));
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(met), rep.macro_f1, 1e-12);
    CU_ASSERT_TRUE(rep.macro_f1 < 1);  /* the dev set's odd records are missed */
    ht_metrics_free(met);
    ht_model_free(m);
    ht_dataset_free(ds);
    ht_dataset_free(dev);
}

/* Class offsets are chosen on the dev set's decision values, added to the
 * bias weights (each class's decision value moves by its offset, the
 * largest class's by 0), and the figure reported is the model's on dev. */
static void test_offsets_move_the_bias(void)
{
    int warnings = 0;
    ht_dataset *ds = read_tone(tone_corpus("off.jsonl", 2, NULL), &warnings);
    /* neutral statements with a word of praise or blame: the model calls
     * them positive or negative, more so than the dev set says */
    ht_dataset *dev = read_tone(tone_corpus("offdev.jsonl", 1,
                                            "{\"text\": \"Das Wetter ist großartig.\", \"label\": \"neutral\"}\n"
                                            "{\"text\": \"Ein Tag, ich bin begeistert.\", \"label\": \"neutral\"}\n"
                                            "{\"text\": \"Das Essen war schön.\", \"label\": \"neutral\"}\n"
                                            "{\"text\": \"Das Wetter ist schrecklich.\", \"label\": \"neutral\"}\n"
                                            "{\"text\": \"Ein Tag, ich bin wütend.\", \"label\": \"neutral\"}\n"),
                                &warnings);
    ht_error err = { 0 };
    for (int nb = 0; nb < 2; nb++) {
        ht_train_report rep, rep0;
        ht_train_options opt = ht_train_defaults();
        opt.balanced = 1;
        opt.threads = 1;
        opt.nb_alpha = nb ? 1 : 0;
        opt.offsets = 1;
        ht_model *m = ht_train(ds, dev, &opt, &rep, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_TRUE(rep.adjusted);
        CU_ASSERT_EQUAL(rep.offset[1], 0);  /* neutral, the largest class of dev */
        CU_ASSERT_TRUE(rep.adjusted_macro_f1 >= rep.macro_f1);
        if (!nb)  /* without NB the dev set moves a boundary */
            CU_ASSERT_TRUE(rep.offset[0] != 0 || rep.offset[2] != 0);
        opt.offsets = 0;
        opt.C = rep.C;
        ht_model *plain = ht_train(ds, NULL, &opt, &rep0, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
        CU_ASSERT_FALSE(rep0.adjusted);
        ht_metrics *met = ht_metrics_new(3);
        double maxdiff = 0;
        for (size_t i = 0; i < dev->n; i++) {
            double d[3], d0[3];
            ht_metrics_add(met, dev->y[i], ht_model_predict(m, ht_dataset_x(dev, i), d, NULL));
            ht_model_predict(plain, ht_dataset_x(dev, i), d0, NULL);
            for (int c = 0; c < 3; c++) {
                double e = fabs(d[c] - d0[c] - rep.offset[c]);
                maxdiff = e > maxdiff ? e : maxdiff;
            }
        }
        CU_ASSERT_TRUE(maxdiff < 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(met), rep.adjusted_macro_f1, 1e-12);
        ht_metrics_free(met);
        ht_model_free(plain);
        ht_model_free(m);
    }
    ht_dataset_free(ds);
    ht_dataset_free(dev);
}

static void test_too_few_records(void)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_config_default();
    ht_dataset *ds = ht_dataset_new(HT_TASK_TONE, &cfg, &err);
    ht_train_report rep;
    ht_train_options opt = ht_train_defaults();
    CU_ASSERT_PTR_NULL(ht_train(ds, NULL, &opt, &rep, &err));
    CU_ASSERT_EQUAL(err.code, HT_ERR_INVALID);
    ht_dataset_free(ds);
}

/* Actor records: the target span selects the target; two targets in one
 * sentence give two different vectors, and a span outside the words is refused. */
static void test_actor_vectors_are_target_aware(void)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_config_default();
    cfg.window = 3;
    ht_vectorizer v;
    CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, HT_TASK_ACTOR, &cfg, &err), HT_OK);
    char text[] = "Müller lobte die Stadtwerke, aber Schmidt kritisierte den Plan.";
    ht_record r = { 0 };
    r.text = text;
    r.text_len = strlen(text);
    r.start = 0;
    r.end = 6;  /* Müller */
    const struct feature_node *x = ht_vectorize(&v, &r, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    size_t n1 = 0;
    int idx1[512];
    for (; x[n1].index != -1 && n1 < 512; n1++)
        idx1[n1] = x[n1].index;
    r.start = 34;
    r.end = 41;  /* Schmidt */
    x = ht_vectorize(&v, &r, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    size_t n2 = 0, same = 1;
    for (; x[n2].index != -1; n2++)
        if (n2 >= n1 || x[n2].index != idx1[n2])
            same = 0;
    CU_ASSERT_FALSE(same && n1 == n2);
    r.start = 28;
    r.end = 29;  /* the space after the comma: no word */
    CU_ASSERT_PTR_NULL(ht_vectorize(&v, &r, &err));
    CU_ASSERT_EQUAL(err.code, HT_ERR_INVALID);
    ht_vectorizer_free(&v);
}

/* One justification that says nothing ("we refer to our programme"), as
 * Wahl-O-Mat has hundreds: which party gave it, toward which topic, is all
 * there is to go on. Party A favours a minimum wage and opposes a speed
 * limit, party B the other way round. */
static const char *stance_corpus(void)
{
    static const char *const topics[] = {
        "Der Mindestlohn soll erhöht werden.", "Ein Tempolimit soll eingeführt werden.",
    };
    static const char *const parties[] = { "DIE LINKE", "Partei B", "Die Linke." };
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    for (int round = 0; round < 6; round++)
        for (int t = 0; t < 2; t++)
            for (int p = 0; p < 3; p++) {
                int a = p != 1;  /* "DIE LINKE" and "Die Linke." are party A */
                const char *label = (t == 0) == a ? "favor" : "against";
                len += (size_t)snprintf(buf + len, cap - len,
                                        "{\"text\": \"Wir verweisen auf unser Programm.\", "
                                        "\"topic\": \"%s\", \"actor\": \"%s\", \"label\": \"%s\"}\n",
                                        topics[t], parties[p], label);
            }
    const char *path = ht_test_write_temp("stance.jsonl", buf, len);
    free(buf);
    return path;
}

static size_t stance_right(int speaker, ht_dataset **out)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_task_config(HT_TASK_STANCE);
    cfg.hash_bits = 16;
    cfg.speaker = (uint8_t)speaker;
    ht_vectorizer v;
    CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, HT_TASK_STANCE, &cfg, &err), HT_OK);
    ht_dataset *ds = ht_dataset_new(HT_TASK_STANCE, &cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(ht_dataset_add_file(ds, &v, stance_corpus(), NULL, NULL, NULL, &err), HT_OK);
    ht_vectorizer_free(&v);
    ht_train_report rep;
    ht_model *m = train_tone(ds, 16, &rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    size_t right = 0;
    for (size_t i = 0; i < ds->n; i++)
        right += ht_model_predict(m, ht_dataset_x(ds, i), NULL, NULL) == ds->y[i];
    ht_model_free(m);
    *out = ds;
    return right;
}

/* A stance model with cfg.speaker learns what each party says on a topic's
 * words; without it the same records cannot be told apart. The speakers are
 * counted under one name however they are written. */
static void test_stance_reads_its_speaker(void)
{
    CU_ASSERT_EQUAL(ht_speaker_hash("DIE LINKE", 9), ht_speaker_hash("Die Linke.", 10));
    CU_ASSERT_EQUAL(ht_speaker_hash("Die-Linke", 9), ht_speaker_hash("dielinke", 8));
    CU_ASSERT_NOT_EQUAL(ht_speaker_hash("SPD", 3), ht_speaker_hash("CDU", 3));
    CU_ASSERT_NOT_EQUAL(ht_speaker_hash("B90", 3), ht_speaker_hash("B", 1));
    CU_ASSERT_EQUAL(ht_speaker_hash(" - ", 3), 0);
    CU_ASSERT_EQUAL(ht_speaker_hash("", 0), 0);
    CU_ASSERT_NOT_EQUAL(ht_speaker_hash("\xff\xfe", 2), 0);  /* bytes that are not UTF-8 count */
    CU_ASSERT_EQUAL(ht_speaker_hash("GRU\xcc\x88NE", 7), ht_speaker_hash("Gr\xc3\xbcne", 6));
    ht_dataset *ds;
    size_t right = stance_right(1, &ds);
    CU_ASSERT_EQUAL(right, ds->n);
    CU_ASSERT_EQUAL_FATAL(ds->nspeakers, 2);
    CU_ASSERT_STRING_EQUAL(ds->speakers[0].name, "DIE LINKE");  /* the first spelling */
    CU_ASSERT_EQUAL(ds->speakers[0].n, 24);
    CU_ASSERT_STRING_EQUAL(ds->speakers[1].name, "Partei B");
    CU_ASSERT_EQUAL(ds->speakers[1].n, 12);
    size_t n = ds->n;
    ht_dataset_free(ds);
    right = stance_right(0, &ds);
    CU_ASSERT_EQUAL(ds->nspeakers, 0);
    CU_ASSERT(right <= n * 2 / 3);  /* each topic's records are 2:1; nothing more to learn */
    ht_dataset_free(ds);
}

static size_t vector_of(ht_vectorizer *v, const char *actor, struct feature_node *out, size_t cap)
{
    char text[] = "Wir verweisen auf unser Programm.";
    ht_record r = { 0 };
    r.text = text;
    r.text_len = strlen(text);
    r.topic = (char *)"Der Mindestlohn soll erhöht werden.";
    r.actor = (char *)actor;
    ht_error err = { 0 };
    const struct feature_node *x = ht_vectorize(v, &r, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    size_t n = 0;
    for (; x[n].index != -1 && n < cap; n++)
        out[n] = x[n];
    return n;
}

/* Evaluating a model, a record's actor is read only if the model saw that
 * speaker (its info's list), as scoring does; names from the list reach
 * the text view without control characters. */
static void test_eval_reads_known_speakers_only(void)
{
    ht_error err = { 0 };
    ht_feature_config cfg = ht_task_config(HT_TASK_STANCE);
    cfg.hash_bits = 16;
    const char *labels[] = { "against", "neutral", "favor" };
    ht_model *m = ht_model_new(HT_TASK_STANCE, &cfg, 3, labels, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL_FATAL(ht_model_set_info(m, "{\"speakers\": [[\"DIE LINKE\", 24], "
                                               "[\"S\\u0007PD\", 3], \"odd\", [5]]}", &err), HT_OK);
    ht_speakers *known = ht_speakers_new(m, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(known);
    CU_ASSERT_TRUE(ht_speakers_knows(known, ht_speaker_hash("Die Linke", 9)));
    CU_ASSERT_FALSE(ht_speakers_knows(known, ht_speaker_hash("Partei B", 8)));
    ht_speaker spd = { ht_speaker_hash("SPD", 3), NULL };
    CU_ASSERT_STRING_EQUAL(ht_speaker_name(known, &spd), "S PD");
    ht_vectorizer v;
    CU_ASSERT_EQUAL_FATAL(ht_vectorizer_init(&v, HT_TASK_STANCE, &cfg, &err), HT_OK);
    struct feature_node none[256], unknown[256], linke[256];
    size_t nn = vector_of(&v, NULL, none, 256);
    size_t nu = vector_of(&v, "Partei B", unknown, 256);
    CU_ASSERT_NOT_EQUAL(nn, nu);  /* training reads every actor */
    ht_vectorizer_set_speakers(&v, known);
    nu = vector_of(&v, "Partei B", unknown, 256);
    size_t nl = vector_of(&v, "Die Linke", linke, 256);
    CU_ASSERT_EQUAL(nn, nu);
    size_t differ = 0;  /* field by field: the struct's padding is not set */
    for (size_t i = 0; i < nn && i < nu; i++)
        differ += none[i].index != unknown[i].index || none[i].value != unknown[i].value;
    CU_ASSERT_EQUAL(differ, 0);
    CU_ASSERT_TRUE(nl > nn);
    ht_vectorizer_free(&v);
    ht_speakers_free(known);
    ht_model_free(m);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "dataset skips bad records with warnings", test_dataset_skips_bad_records },
        { "a sink gets the kept vectors without the bias", test_sink_gets_the_kept_vectors },
        { "a missing file is an error naming it", test_missing_file_is_an_error },
        { "train, save, load, predict: identical probabilities", test_round_trip_identical_probabilities },
        { "probabilities agree with liblinear's", test_agrees_with_liblinear },
        { "cross-validation picks a grid value", test_cross_validation_chooses_from_grid },
        { "training is deterministic across thread counts", test_training_is_deterministic },
        { "NB scale follows its formula", test_nb_scale_formula },
        { "NB scale folded into the weights scores as scaled vectors", test_nb_folding_equals_scaling },
        { "NB training is deterministic across thread counts", test_nb_training_is_deterministic },
        { "NB: the C search scores what is shipped", test_nb_search_scores_the_shipped_model },
        { "class offsets move the bias weights", test_offsets_move_the_bias },
        { "too few records is an error", test_too_few_records },
        { "actor vectors depend on the target", test_actor_vectors_are_target_aware },
        { "stance reads its speaker", test_stance_reads_its_speaker },
        { "eval reads only the speakers a model saw", test_eval_reads_known_speakers_only },
        { "dual solver reaches the primal optimum", test_dual_reaches_primal_optimum },
        { "dual solver training is deterministic", test_dual_training_is_deterministic },
        { "repeated cross-validation pools its repetitions", test_repeated_cross_validation_pools },
        { "--balance problems: each one-vs-rest problem balanced", test_balance_problems_costs },
        { NULL, NULL }
    };
    return ht_test_main("train", cases);
}
