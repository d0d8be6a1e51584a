/* cmd_features.c: `haltung features` writes the vectors `haltung train` fits
 * on, in LIBSVM format, for training on other engines (liblinear-train,
 * Distributed LIBLINEAR, Spark MLlib).
 *
 * The records go through the same reader, checks and vectorizer as in
 * training (training/dataset.c streams each vector here instead of keeping
 * it), so a line of the output is exactly the vector train fits on, less the
 * bias feature, which liblinear-train adds itself with -B 1. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linear.h>

#include "classifier/model.h"
#include "features/file.h"
#include "cli/cmd.h"
#include "training/dataset.h"

#define MAX_SKIP 16

static const char usage_text[] =
    "usage: haltung features --task tone|actor|stance [options] TRAIN.jsonl...\n"
    "       haltung features --model MODEL [options] TRAIN.jsonl...\n"
    "\n"
    "Writes one line per good record, 'CLASS INDEX:VALUE ...', indices ascending from 1:\n"
    "the hashed feature vector `haltung train` fits on (without its bias feature; give\n"
    "liblinear-train -B 1). CLASS is the class number of the label in the model's order:\n"
    "0 negative, 1 neutral, 2 positive (stance: 0 against, 1 neutral, 2 favor). Records\n"
    "are read and checked as train reads them; bad ones are named and skipped. The label\n"
    "numbers, counts and the matching liblinear-train command go to stderr.\n"
    "\n"
    "  -t, --task TASK       tone, actor or stance (with --model: the model's task)\n"
    "  -m, --model MODEL     use MODEL's feature settings and, for an actor model, its\n"
    "                        tone helper (from MODEL's folder, as scoring does); without\n"
    "                        it, the task's defaults as `haltung train` uses them\n"
    "      --tone-model FILE actor task without --model: as train --tone-model\n"
    "      --skip-label L    leave out records labelled L (repeatable), as train does\n"
    "  -o, --output FILE     write there (a temporary file, renamed when complete);\n"
    "                        default (or -) standard output\n"
    "  -q, --quiet           no summary on stderr (bad records are still named)\n";

typedef struct features_args {
    ht_task task;
    const char *model, *tone_model, *output;
    const char *skip[MAX_SKIP + 1];
    int nskip, quiet;
} features_args;

static int parse_args(int argc, char **argv, features_args *a)
{
    enum { O_TONE = 256, O_SKIP };
    static const struct option longopts[] = {
        { "task", required_argument, 0, 't' }, { "model", required_argument, 0, 'm' },
        { "tone-model", required_argument, 0, O_TONE },
        { "skip-label", required_argument, 0, O_SKIP },
        { "output", required_argument, 0, 'o' }, { "quiet", no_argument, 0, 'q' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "t:m:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (!(a->task = ht_task_parse(optarg))) {
                cli_error("features: unknown task '%s' (tone, actor or stance)", optarg);
                return 2;
            }
            break;
        case 'm': a->model = optarg; break;
        case O_TONE: a->tone_model = optarg; break;
        case O_SKIP:
            if (a->nskip == MAX_SKIP) {
                cli_error("features: at most %d --skip-label options", MAX_SKIP);
                return 2;
            }
            a->skip[a->nskip++] = optarg;
            break;
        case 'o': a->output = strcmp(optarg, "-") ? optarg : NULL; break;  /* -: stdout */
        case 'q': a->quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return cli_usage_error("features");
        }
    }
    const char *wrong = NULL;
    if (!a->task && !a->model)
        wrong = "--task or --model is required";
    else if (optind >= argc)
        wrong = "no training files given";
    else if (a->model && a->tone_model)
        wrong = "--tone-model is taken from the model when --model is given";
    else if (a->tone_model && a->task != HT_TASK_ACTOR)
        wrong = "--tone-model is for the actor task";
    if (wrong) {
        cli_error("features: %s", wrong);
        return cli_usage_error("features");
    }
    return -1;
}

/* The feature settings, task and helper: from --model, or the task's defaults. */
typedef struct setup {
    ht_task task;
    ht_feature_config cfg;
    ht_model *model, *tone;
    char tone_path[PATH_MAX];  /* where the tone helper was read from */
} setup;

static int labels_match(const ht_model *m)
{
    int n;
    const char *const *labels = ht_task_labels(m->task, &n);
    if (m->nr_class != n)
        return 0;
    for (int c = 0; c < n; c++)
        if (strcmp(m->labels[c], labels[c]))
            return 0;
    return 1;
}

static int load_setup(const features_args *a, setup *s)
{
    ht_error err = { 0 };
    memset(s, 0, sizeof *s);
    s->task = a->task;
    if (a->model) {
        if (!(s->model = ht_model_load(a->model, &err))) {
            cli_report(&err);
            return 0;
        }
        if (a->task && a->task != s->model->task) {
            const char *is = ht_task_name(s->model->task), *want = ht_task_name(a->task);
            cli_error("features: %s is %s %s model, not %s %s model", a->model,
                      *is == 'a' ? "an" : "a", is, *want == 'a' ? "an" : "a", want);
            return 0;
        }
        if (!labels_match(s->model)) {
            cli_error("features: %s: its labels are not those haltung train gives a %s model",
                      a->model, ht_task_name(s->model->task));
            return 0;
        }
        s->task = s->model->task;
        s->cfg = s->model->features;
        if (cli_load_tone_helper_at(s->model, a->model, &s->tone, s->tone_path,
                                    sizeof s->tone_path, &err) != HT_OK) {
            cli_report(&err);
            return 0;
        }
        return 1;
    }
    s->cfg = ht_task_config(s->task);
    if (a->tone_model && !(s->tone = ht_model_load(a->tone_model, &err))) {
        cli_report(&err);
        return 0;
    }
    if (a->tone_model)
        snprintf(s->tone_path, sizeof s->tone_path, "%s", a->tone_model);
    return 1;
}

static void setup_free(setup *s)
{
    ht_model_free(s->model);
    ht_model_free(s->tone);
}

/* ---- the output ------------------------------------------------------------------------ */

typedef struct svm_out {
    FILE *f;
    const char *name;  /* for messages */
    int max_index;     /* 2^hash_bits */
} svm_out;

/* The dataset's sink: one LIBSVM line. %.17g gives back the very double. */
static ht_status write_vector(void *ctx, int cls, const struct feature_node *x, ht_error *err)
{
    svm_out *o = ctx;
    fprintf(o->f, "%d", cls);
    for (int prev = 0; x->index != -1; prev = x->index, x++) {
        if (x->index <= prev || x->index > o->max_index)
            return ht_error_set(err, HT_ERR_INVALID,
                                "feature index %d after %d is not ascending in 1..%d", x->index,
                                prev, o->max_index);
        fprintf(o->f, " %d:%.17g", x->index, x->value);
    }
    if (putc('\n', o->f) == EOF || ferror(o->f))
        return ht_error_set(err, HT_ERR_IO, "%s: cannot write: %s", o->name, strerror(errno));
    return HT_OK;
}

/* Flushes the output: standard output is left open, -o FILE is put in place. */
static int finish_output(ht_outfile *o, const char *path)
{
    int e = 0;
    if (o)
        e = ht_outfile_commit(o);
    else if (fflush(stdout) != 0 || ferror(stdout))
        e = errno ? errno : EIO;
    if (e)
        cli_error("%s: cannot write: %s", path ? path : "standard output", strerror(e));
    return !e;
}

/* ---- the summary ----------------------------------------------------------------------- */

static void print_summary(const features_args *a, const setup *s, const ht_dataset *ds)
{
    const ht_feature_config *c = &s->cfg;
    FILE *e = stderr;
    fprintf(e, "# haltung features: %s, %zu records (", ht_task_name(s->task), ds->n);
    for (int k = 0; k < ds->nr_class; k++)
        fprintf(e, "%s%s %ld", k ? ", " : "", ds->labels[k], ds->count[k]);
    fprintf(e, "); %ld bad, %ld with skipped labels\n", ds->bad, ds->skipped);
    fprintf(e, "# labels: ");
    for (int k = 0; k < ds->nr_class; k++)
        fprintf(e, "%s%d %s", k ? ", " : "", k, ds->labels[k]);
    char desc[256];
    ht_config_describe(c, desc, sizeof desc);
    fprintf(e, "\n# features: indices 1..%u (2^%u), %s%s%s (%s)\n", 1u << c->hash_bits,
            c->hash_bits, desc, s->tone ? ", tone helper " : "", s->tone ? s->tone_path : "",
            a->model ? a->model : "the task's defaults");
    fprintf(e, "# haltung train -C C fits these with a bias feature of 1 and balanced class "
            "weights;\n# the same fit: liblinear-train -s 0 -B 1 -c C");
    for (int k = 0; k < ds->nr_class; k++)
        if (ds->count[k])
            fprintf(e, " -w%d %.17g", k,
                    (double)ds->n / ((double)ds->nr_class * (double)ds->count[k]));
    fprintf(e, " %s\n# (without the -w options for train --no-balanced; -s 7 for train "
            "--solver dual, whose passes visit the records in another order;\n# train "
            "--balance problems weighs the rest of each class's problem too, which\n# "
            "liblinear-train's -w cannot); then\n"
            "# haltung convert %s.model --like %s -o NEW.model\n",
            a->output ? a->output : "FILE", a->output ? a->output : "FILE",
            a->model ? a->model : "MODEL (a model with these feature settings and helper)");
    for (int k = 0; k < ds->nr_class; k++)
        if (!ds->count[k])
            fprintf(e, "# warning: no %s records: liblinear will fit %d classes, and convert "
                    "needs all %d\n", ds->labels[k], ds->nr_class - 1, ds->nr_class);
}

int cmd_features(int argc, char **argv)
{
    features_args a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (cli_stdin_once("features", argv + optind, argc - optind))
        return 2;
    setup s;
    ht_error err = { 0 };
    ht_vectorizer v;
    int have_v = 0;
    if (!load_setup(&a, &s) ||
        !(have_v = ht_vectorizer_init(&v, s.task, &s.cfg, &err) == HT_OK) ||
        (s.tone && ht_vectorizer_set_tone(&v, s.tone, &err) != HT_OK)) {
        if (err.msg[0])
            cli_report(&err);
        if (have_v)
            ht_vectorizer_free(&v);
        setup_free(&s);
        return 1;
    }
    const char *extra[] = { a.model, s.tone_path[0] ? s.tone_path : NULL };
    if (cli_output_clobbers("features", a.output, extra, 2) ||
        cli_output_clobbers("features", a.output, (const char *const *)argv + optind,
                            argc - optind)) {
        ht_vectorizer_free(&v);
        setup_free(&s);
        return 1;
    }
    FILE *f = stdout;
    ht_outfile *o = NULL;
    int open_error = 0;
    if (a.output && !(o = ht_outfile_open(a.output, &open_error)))
        cli_error("%s: cannot write: %s", a.output, strerror(open_error));
    else if (o)
        f = ht_outfile_stream(o);
    int opened = !a.output || o;
    ht_dataset *ds = opened ? ht_dataset_new(s.task, &s.cfg, &err) : NULL;
    svm_out out = { f, a.output ? a.output : "standard output", 1 << s.cfg.hash_bits };
    long bad = 0;
    rc = ds ? 0 : 1;
    if (ds)
        ht_dataset_set_sink(ds, write_vector, &out);
    else if (err.msg[0])
        cli_report(&err);
    for (int i = optind; !rc && i < argc; i++)
        if (ht_dataset_add_file(ds, &v, argv[i], a.skip, cli_warn_record, &bad, &err) != HT_OK) {
            cli_report(&err);
            rc = 1;
        }
    if (!rc && ds->n == 0) {
        cli_error("features: %s%s: no usable records", argv[optind],
                  argc - optind > 1 ? " and the other files" : "");
        rc = 1;
    }
    if (rc) {
        ht_outfile_discard(o);
    } else if (!finish_output(o, a.output)) {
        rc = 1;
    } else if (!a.quiet) {
        print_summary(&a, &s, ds);
    }
    if (!a.output)
        fflush(stdout);
    ht_dataset_free(ds);
    ht_vectorizer_free(&v);
    setup_free(&s);
    return rc;
}
