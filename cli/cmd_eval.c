/* cmd_eval.c: `haltung eval` measures a model on labelled JSON Lines. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <linear.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/model.h"
#include "classifier/speakers.h"
#include "cli/cmd.h"
#include "features/file.h"
#include "training/dataset.h"
#include "training/metrics.h"

static const char usage_text[] =
    "usage: haltung eval --model MODEL [--format text|json] [--bootstrap N [--seed S]]\n"
    "                    [--predictions FILE] TEST.jsonl...\n"
    "\n"
    "Prints accuracy, macro-F1, per-class precision, recall and F1, and the\n"
    "confusion matrix (rows: gold, columns: predicted). The task is read from\n"
    "the model. Records whose label the model does not know are counted and left out;\n"
    "each such label is named once on standard error, with where it was first seen.\n"
    "\n"
    "  -m, --model MODEL  the model to evaluate (its tone helper, if any, beside it)\n"
    "  -f, --format FMT   text (default) or json (one object: n, accuracy, macro_f1, ...)\n"
    "  --bootstrap N   also 95% intervals of accuracy and macro-F1 from N resamples of\n"
    "                  the records (100..100000; percentile bootstrap): how far the\n"
    "                  figures would move on another test set of the same size\n"
    "  --seed S        seed of the resampling (default 1); same seed, same intervals\n"
    "  --predictions FILE  also write each scored record's file, line, id, gold and\n"
    "                  predicted label and class probabilities to FILE, as JSON Lines\n";

#define BOOTSTRAP_LEVEL 0.95

typedef struct eval_counts {
    long bad, unknown_label;
    long with_actor, known_actor;  /* stance with speakers: records with an actor, seen ones */
    int speakers;                  /* the model reads speakers */
} eval_counts;

/* Every scored record's gold and predicted class, for the bootstrap. */
typedef struct eval_pairs {
    int *gold, *predicted;
    size_t n, cap;
    int failed;
} eval_pairs;

static void pairs_add(eval_pairs *p, int gold, int predicted)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        int *g = realloc(p->gold, cap * sizeof *g);
        if (g)
            p->gold = g;
        int *q = g ? realloc(p->predicted, cap * sizeof *q) : NULL;
        if (q)
            p->predicted = q;
        if (!g || !q) {
            p->failed = 1;
            return;
        }
        p->cap = cap;
    }
    p->gold[p->n] = gold;
    p->predicted[p->n++] = predicted;
}

/* One evaluation: the model, where its figures go, and what was seen. */
/* Labels the model does not know, each named once with where it was first
 * seen ("mixed" in potts is meant; a misspelt "negativ" is not). */
#define UNKNOWN_SHOWN 8
typedef struct unknown_labels {
    char *label[UNKNOWN_SHOWN], where[UNKNOWN_SHOWN][PATH_MAX + 24];
    long count[UNKNOWN_SHOWN];
    int n;
} unknown_labels;

static void unknown_add(unknown_labels *u, const char *label, const char *path, size_t line)
{
    for (int i = 0; i < u->n; i++)
        if (!strcmp(u->label[i], label)) {
            u->count[i]++;
            return;
        }
    if (u->n == UNKNOWN_SHOWN || !(u->label[u->n] = strdup(label)))
        return;
    snprintf(u->where[u->n], sizeof u->where[u->n], "%s:%zu",
             strcmp(path, "-") ? path : "<stdin>", line);  /* as the reader names it */
    u->count[u->n++] = 1;
}

static void unknown_report(const unknown_labels *u, const ht_model *m)
{
    char known[HT_MAX_CLASSES * (HT_LABEL_MAX + 2)] = "";
    for (int c = 0; c < m->nr_class; c++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", c ? ", " : "",
                 m->labels[c]);
    for (int i = 0; i < u->n; i++) {
        int cut = strlen(u->label[i]) > 60;
        cli_error("warning: %s: label \"%.60s%s\" is not one of the model's (%s): %ld "
                  "record%s with it left out", u->where[i], u->label[i], cut ? "..." : "", known,
                  u->count[i], u->count[i] == 1 ? "" : "s");
        free(u->label[i]);
    }
}

typedef struct eval_run {
    const ht_model *m;
    ht_vectorizer *v;
    ht_metrics *met;
    eval_pairs *pairs;  /* NULL: no bootstrap */
    FILE *pred;         /* NULL: no --predictions */
    const ht_speakers *known;  /* the model's speakers */
    eval_counts cnt;
    unknown_labels unknown;
    int failed;
} eval_run;

/* One line of --predictions: where the record is, its gold and predicted
 * labels and the class probabilities. */
static void write_prediction(eval_run *run, const char *path, const ht_record *rec, int gold,
                             int predicted, const double *prob)
{
    const ht_model *m = run->m;
    json_t *probs = json_object();
    for (int c = 0; c < m->nr_class; c++)
        json_object_set_new(probs, m->labels[c], json_real(prob[c]));
    json_t *o = json_pack("{s:s, s:I, s:o, s:s, s:s, s:o}", "file", path, "line",
                          (json_int_t)rec->line, "id", rec->id ? json_string(rec->id) : json_null(),
                          "gold", m->labels[gold], "predicted", m->labels[predicted],
                          "probabilities", probs);
    if (!o || json_dumpf(o, run->pred, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                           JSON_REAL_PRECISION(6)) != 0 ||
        fputc('\n', run->pred) == EOF)
        run->failed = 1;
    json_decref(o);
}

static void eval_file(eval_run *run, const char *path)
{
    const ht_model *m = run->m;
    ht_error err = { 0 };
    ht_jsonl_reader *r = ht_jsonl_open(path, &err);
    if (!r) {
        cli_report(&err);
        run->failed = 1;
        return;
    }
    ht_record rec = { 0 };
    int got;
    while ((got = ht_jsonl_next(r, &rec, ht_task_fields(m->task) | HT_FIELD_LABEL, &err)) != 0) {
        if (got == -2) {
            cli_report(&err);
            run->failed = 1;
            break;
        }
        if (got == -1) {
            cli_warn_record(&run->cnt.bad, err.msg);  /* the first 20, then a note */
            continue;
        }
        int gold = ht_model_label_index(m, rec.label);
        if (gold < 0) {
            run->cnt.unknown_label++;
            unknown_add(&run->unknown, rec.label ? rec.label : "", path, rec.line);
            continue;
        }
        const struct feature_node *x = ht_vectorize(run->v, &rec, &err);
        if (!x) {
            char msg[sizeof err.msg + PATH_MAX + 32];
            snprintf(msg, sizeof msg, "%s:%zu: %s", path, rec.line, err.msg);
            cli_warn_record(&run->cnt.bad, msg);
            continue;
        }
        if (run->cnt.speakers && rec.actor) {
            run->cnt.with_actor++;
            run->cnt.known_actor +=
                ht_speakers_knows(run->known, ht_speaker_hash(rec.actor, strlen(rec.actor)));
        }
        double prob[HT_MAX_CLASSES];
        int predicted = ht_model_predict(m, x, NULL, prob);
        ht_metrics_add(run->met, gold, predicted);
        if (run->pairs)
            pairs_add(run->pairs, gold, predicted);
        if (run->pred)
            write_prediction(run, path, &rec, gold, predicted, prob);
    }
    ht_record_clear(&rec);
    ht_jsonl_close(r);
}

/* The bootstrap's settings and intervals (rounds 0: none asked for). */
typedef struct eval_boot {
    int rounds, seed_given;
    uint64_t seed;
    ht_interval accuracy, macro_f1;
} eval_boot;

static void print_text(const ht_model *m, const ht_metrics *met, const eval_counts *cnt,
                       const eval_boot *boot)
{
    printf("records:   %ld (%ld bad, %ld with labels the model does not know)\n", met->n,
           cnt->bad, cnt->unknown_label);
    if (cnt->speakers)  /* a misspelt party is read from its words: say how many */
        printf("speakers:  %ld of the records have an actor, %ld of them one the model saw "
               "(the others are read from their words)\n", cnt->with_actor, cnt->known_actor);
    printf("accuracy:  %.4f\nmacro-F1:  %.4f\n", ht_metrics_accuracy(met),
           ht_metrics_macro_f1(met));
    if (boot->rounds)
        printf("%.0f%% interval (bootstrap, %d resamples, seed %llu): accuracy %.4f-%.4f, "
               "macro-F1 %.4f-%.4f\n", 100 * BOOTSTRAP_LEVEL, boot->rounds,
               (unsigned long long)boot->seed, boot->accuracy.lo, boot->accuracy.hi,
               boot->macro_f1.lo, boot->macro_f1.hi);
    putchar('\n');
    printf("%-10s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support");
    for (int c = 0; c < m->nr_class; c++)
        printf("%-10s %9.4f %9.4f %9.4f %8ld\n", m->labels[c], ht_metrics_precision(met, c),
               ht_metrics_recall(met, c), ht_metrics_f1(met, c), ht_metrics_support(met, c));
    printf("\nconfusion (rows gold, columns predicted):\n%-10s", "");
    for (int c = 0; c < m->nr_class; c++)
        printf(" %9s", m->labels[c]);
    putchar('\n');
    for (int g = 0; g < m->nr_class; g++) {
        printf("%-10s", m->labels[g]);
        for (int p = 0; p < m->nr_class; p++)
            printf(" %9ld", met->confusion[g * m->nr_class + p]);
        putchar('\n');
    }
}

static void print_json(const ht_model *m, const ht_metrics *met, const eval_counts *cnt,
                       const eval_boot *boot)
{
    json_t *o = json_object(), *classes = json_object(), *conf = json_array();
    json_object_set_new(o, "task", json_string(ht_task_name(m->task)));
    json_object_set_new(o, "n", json_integer(met->n));
    json_object_set_new(o, "accuracy", json_real(ht_metrics_accuracy(met)));
    json_object_set_new(o, "macro_f1", json_real(ht_metrics_macro_f1(met)));
    if (cnt->speakers)
        json_object_set_new(o, "speakers", json_pack("{s:I, s:I}", "with_actor",
                                                     (json_int_t)cnt->with_actor, "known",
                                                     (json_int_t)cnt->known_actor));
    if (boot->rounds)
        json_object_set_new(o, "bootstrap",
                            json_pack("{s:i, s:I, s:f, s:[f, f], s:[f, f]}", "resamples",
                                      boot->rounds, "seed", (json_int_t)boot->seed, "level",
                                      BOOTSTRAP_LEVEL, "accuracy", boot->accuracy.lo,
                                      boot->accuracy.hi, "macro_f1", boot->macro_f1.lo,
                                      boot->macro_f1.hi));
    for (int c = 0; c < m->nr_class; c++) {
        json_t *k = json_object();
        json_object_set_new(k, "precision", json_real(ht_metrics_precision(met, c)));
        json_object_set_new(k, "recall", json_real(ht_metrics_recall(met, c)));
        json_object_set_new(k, "f1", json_real(ht_metrics_f1(met, c)));
        json_object_set_new(k, "support", json_integer(ht_metrics_support(met, c)));
        json_object_set_new(classes, m->labels[c], k);
        json_t *row = json_array();
        for (int p = 0; p < m->nr_class; p++)
            json_array_append_new(row, json_integer(met->confusion[c * m->nr_class + p]));
        json_array_append_new(conf, row);
    }
    json_object_set_new(o, "classes", classes);
    json_t *labels = json_array();
    for (int c = 0; c < m->nr_class; c++)
        json_array_append_new(labels, json_string(m->labels[c]));
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "confusion", conf);
    json_object_set_new(o, "bad_records", json_integer(cnt->bad));
    json_object_set_new(o, "unknown_label_records", json_integer(cnt->unknown_label));
    json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    putchar('\n');
    json_decref(o);
}

typedef struct eval_args {
    const char *model, *format, *predictions;
    const char *first;  /* the first test file, to name in an error */
    int more;           /* whether other test files follow it */
    eval_boot boot;
} eval_args;

/* Returns 0, or the exit status of a usage error (after saying what). */
static int parse_args(int argc, char **argv, eval_args *a)
{
    static const struct option longopts[] = {
        { "model", required_argument, 0, 'm' }, { "format", required_argument, 0, 'f' },
        { "bootstrap", required_argument, 0, 'b' }, { "seed", required_argument, 0, 's' },
        { "predictions", required_argument, 0, 'p' }, { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    *a = (eval_args){ .format = "text", .boot = { .rounds = 0, .seed = 1 } };
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:f:h", longopts, NULL)) != -1) {
        if (c == 'm') a->model = optarg;
        else if (c == 'f') a->format = optarg;
        else if (c == 'p') a->predictions = optarg;
        else if (c == 'h') { fputs(usage_text, stdout); return -1; }
        else if (c == 'b') {
            long n = strtol(optarg, &end, 10);
            if (!*optarg || *end || n < 100 || n > 100000) {
                cli_error("eval: --bootstrap must be 100..100000, not '%s'", optarg);
                return 2;
            }
            a->boot.rounds = (int)n;
        } else if (c == 's') {
            a->boot.seed_given = 1;
            if (cli_seed_arg(optarg, &a->boot.seed) != 0) {
                cli_error("eval: --seed must be a whole number 0..%lld, not '%s'",
                          (long long)INT64_MAX, optarg);
                return 2;
            }
        } else { return cli_usage_error("eval"); }
    }
    if (a->predictions && !strcmp(a->predictions, "-")) {  /* the figures go there */
        cli_error("eval: --predictions -: the predictions go to a file; standard output has "
                  "the figures");
        return cli_usage_error("eval");
    }
    if (a->boot.seed_given && !a->boot.rounds)
        cli_error("eval: warning: --seed is for --bootstrap, which is not given");
    if (!a->model || optind >= argc || (strcmp(a->format, "text") && strcmp(a->format, "json"))) {
        cli_error("eval: %s", !a->model ? "--model is required" : optind >= argc
                  ? "no test files given" : "--format must be text or json");
        return cli_usage_error("eval");
    }
    return 0;
}

/* The figures of a finished run, with the bootstrap's intervals if asked. */
static void report(eval_run *run, eval_args *a)
{
    eval_boot *boot = &a->boot;
    if (run->met->n == 0) {
        cli_error("eval: %s%s: no usable records", a->first, a->more ? " and the other files" : "");
        run->failed = 1;
        return;
    }
    if (boot->rounds &&
        (run->pairs->failed ||
         !ht_metrics_bootstrap(run->pairs->gold, run->pairs->predicted, run->pairs->n,
                               run->m->nr_class, boot->rounds, BOOTSTRAP_LEVEL, boot->seed,
                               &boot->accuracy, &boot->macro_f1))) {
        cli_error("eval: out of memory for the bootstrap");
        run->failed = 1;
        return;
    }
    if (!strcmp(a->format, "json"))
        print_json(run->m, run->met, &run->cnt, boot);
    else
        print_text(run->m, run->met, &run->cnt, boot);
}

int cmd_eval(int argc, char **argv)
{
    eval_args a;
    int st = parse_args(argc, argv, &a);
    if (st)
        return st < 0 ? 0 : st;
    if (cli_stdin_once("eval", argv + optind, argc - optind))
        return 2;
    ht_error err = { 0 };
    ht_model *m = ht_model_load(a.model, &err);
    ht_vectorizer v;
    ht_model *tone = NULL;
    ht_speakers *known = NULL;  /* a party the model never saw is no speaker, as in score */
    char tone_path[PATH_MAX];
    if (!m || ht_vectorizer_init(&v, m->task, &m->features, &err) != HT_OK ||
        cli_load_tone_helper_at(m, a.model, &tone, tone_path, sizeof tone_path, &err) != HT_OK ||
        (tone && ht_vectorizer_set_tone(&v, tone, &err) != HT_OK) ||
        !(known = ht_speakers_new(m, NULL, &err))) {
        cli_report(&err);
        if (m)
            ht_vectorizer_free(&v);
        ht_model_free(m);
        ht_model_free(tone);
        return 1;
    }
    ht_vectorizer_set_speakers(&v, known);
    eval_pairs pairs = { 0 };
    eval_run run = { .m = m, .v = &v, .met = ht_metrics_new(m->nr_class),
                     .pairs = a.boot.rounds ? &pairs : NULL, .known = known };
    run.cnt.speakers = m->task == HT_TASK_STANCE && m->features.speaker;
    ht_outfile *pred_out = NULL;
    int open_error = 0;
    run.failed = !run.met;
    if (cli_output_clobbers("eval", a.predictions, (const char *const *)argv + optind,
                            argc - optind) ||
        cli_output_clobbers("eval", a.predictions,
                            (const char *const[]){ a.model, tone ? tone_path : NULL }, 2)) {
        run.failed = 1;
    } else if (a.predictions && !(pred_out = ht_outfile_open(a.predictions, &open_error))) {
        cli_error("eval: cannot write %s: %s", a.predictions, strerror(open_error));
        run.failed = 1;
    } else if (pred_out) {
        run.pred = ht_outfile_stream(pred_out);
    }
    /* A file that cannot be read fails the run, but the others are still
     * measured and reported. */
    for (int i = optind; run.met && (run.pred || !a.predictions) && i < argc; i++)
        eval_file(&run, argv[i]);
    /* The predictions appear whole, and only when there are some: a run that
     * scored nothing leaves the file that was there. */
    if (pred_out && (!run.met || run.met->n == 0)) {
        ht_outfile_discard(pred_out);
    } else if (pred_out && (open_error = ht_outfile_commit(pred_out)) != 0) {
        cli_error("eval: cannot write %s: %s", a.predictions, strerror(open_error));
        run.failed = 1;
    }
    unknown_report(&run.unknown, m);
    a.first = argv[optind];
    a.more = argc - optind > 1;
    if (run.met && (!run.failed || run.met->n > 0))
        report(&run, &a);
    free(pairs.gold);
    free(pairs.predicted);
    ht_metrics_free(run.met);
    ht_vectorizer_free(&v);
    ht_speakers_free(known);
    ht_model_free(m);
    ht_model_free(tone);
    return run.failed ? 1 : 0;
}
