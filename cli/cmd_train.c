/* cmd_train.c: `haltung train` fits a model on labelled JSON Lines. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "features/text.h"
#include "training/train.h"

#define MAX_SKIP 16

static const char usage_text[] =
    "usage: haltung train --task tone|actor|stance -o MODEL [options] TRAIN.jsonl...\n"
    "\n"
    "  -o, --output MODEL    where to write the model (written to a temporary file, then renamed)\n"
    "  -t, --task TASK       tone, actor or stance\n"
    "      --dev FILE        choose C on this dev set instead of by cross-validation\n"
    "  -C, --C VALUE         use this C; no search\n"
    "      --folds K         cross-validation folds when choosing C (default 5)\n"
    "      --repeats R       repeat the cross-validation R times, the folds dealt with seeds\n"
    "                        N, N+1, ...; the figures are pooled over all (default 1)\n"
    "      --seed N          seed for the folds (default 1); same data and seed, same model\n"
    "      --balance MODE    how the one-vs-rest problems weight the classes: classes (the\n"
    "                        default: class c's records cost n / (k n_c), the rest 1), problems\n"
    "                        (each problem balanced between the class and the rest, as\n"
    "                        scikit-learn's class_weight='balanced' in one-vs-rest) or none\n"
    "      --no-balanced     the same as --balance none (weighting favours macro-F1 on skewed data)\n"
    "      --tone-model FILE actor task: a tone model whose probabilities for the target's\n"
    "                        clause become features; scoring then uses it too\n"
    "      --skip-label L    leave out records labelled L (repeatable), e.g. mixed\n"
    "      --threads N       threads for the cross-validation (default: all processors)\n"
    "      --nb ALPHA        NB log-count-ratio scaling (Wang & Manning 2012) with smoothing\n"
    "                        ALPHA > 0: each class's problem is fitted on features scaled by\n"
    "                        their log-count ratio, folded back into the weights (default: off)\n"
    "      --nb-beta B       scale = 1 - B + B * |r|, 0 < B <= 1 (default 1)\n"
    "      --nb-binary       count feature presence, not values, for the ratios\n"
    "      --solver S        primal (liblinear's trust-region Newton method; the default) or\n"
    "                        dual (coordinate descent, seeded by --seed; faster at large C)\n"
    "      --offsets         add to each class's bias weight the offset that maximises macro-F1\n"
    "                        on the held-out decision values (cross-validation, or --dev)\n"
    "  feature settings (defaults depend on the task; stored in the model):\n"
    "      --hash-bits B     2^B hashed dimensions, 12..22\n"
    "      --ngrams N        word n-grams 1..N (0..3)\n"
    "      --char MIN-MAX    character n-grams inside words (e.g. 3-5), or 0 for none; they\n"
    "                        form a block of their own, scored once per word when scoring\n"
    "      --char-joint      weight and normalise them with the other features instead\n"
    "                        (as models before 2026-12-05; slower to score)\n"
    "      --no-stems        no Snowball stems\n"
    "      --no-negation     no negation marks\n"
    "      --window W        actor task: words each side of the target marked by distance\n"
    "      --context K       actor task: read K sentences each side of the target's (inside\n"
    "                        its paragraph; 0..3, default 1): their words, and the tone model's\n"
    "                        reading of them all\n"
    "      --emoticons       emoticons also give their class (smile, laugh, wink, sad ...)\n"
    "      --no-speaker      stance task: leave out the record's \"actor\" (the speaker, crossed\n"
    "                        with the topic's words; on by default)\n"
    "  -q, --quiet           no report on stdout and no progress\n";

typedef struct train_args {
    ht_task task;
    const char *output, *dev, *tone_model;
    ht_train_options opt;
    const char *skip[MAX_SKIP + 1];
    int nskip, quiet;
    ht_feature_config cfg;
    int cfg_set[16];
} train_args;

static int parse_char(const char *v, ht_feature_config *c)
{
    int lo, hi;
    if (!strcmp(v, "0")) {
        c->char_min = c->char_max = 0;
        return 1;
    }
    int used = 0;
    if (*v < '0' || *v > '9' || sscanf(v, "%d-%d%n", &lo, &hi, &used) != 2 || v[used] ||
        lo < 1 || hi < lo || hi > HT_CHAR_NGRAM_MAX)
        return 0;
    c->char_min = (uint8_t)lo;
    c->char_max = (uint8_t)hi;
    return 1;
}

static int parse_long(const char *v, long lo, long hi, long *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (!*v || *end || x < lo || x > hi)
        return 0;
    *out = x;
    return 1;
}

enum { O_DEV = 256, O_FOLDS, O_SEED, O_BALANCED, O_SKIP, O_THREADS, O_BITS, O_NGRAMS, O_CHAR,
       O_NOSTEMS, O_NONEG, O_WINDOW, O_TONE, O_NOBAL, O_BALANCE, O_NB, O_NBBETA, O_NBBIN, O_OFFSETS,
       O_EMOTICONS, O_CHARJOINT, O_SOLVER, O_REPEATS, O_NOSPEAKER, O_CONTEXT };

/* Feature options are applied after --task sets the defaults, in any order. */
typedef struct pending {
    int opt;
    const char *val;
} pending;

static int apply_feature(train_args *a, int opt, const char *v)
{
    long x;
    switch (opt) {
    case O_BITS:
        if (!parse_long(v, HT_HASH_BITS_MIN, HT_HASH_BITS_MAX, &x))
            return 0;
        a->cfg.hash_bits = (uint8_t)x;
        return 1;
    case O_NGRAMS:
        if (!parse_long(v, 0, HT_WORD_NGRAMS_MAX, &x))
            return 0;
        a->cfg.word_ngrams = (uint8_t)x;
        return 1;
    case O_CHAR: return parse_char(v, &a->cfg);
    case O_NOSTEMS: a->cfg.stems = 0; return 1;
    case O_NONEG: a->cfg.negation = 0; return 1;
    case O_EMOTICONS: a->cfg.emoticons = 1; return 1;
    case O_CHARJOINT: a->cfg.char_block = 0; return 1;
    case O_NOSPEAKER: a->cfg.speaker = 0; return 1;
    case O_WINDOW:
        if (!parse_long(v, 0, HT_WINDOW_MAX, &x))
            return 0;
        a->cfg.window = (uint8_t)x;
        return 1;
    case O_CONTEXT:
        if (!parse_long(v, 0, HT_CONTEXT_MAX, &x))
            return 0;
        a->cfg.context = (uint8_t)x;
        return 1;
    }
    return 0;
}

/* A feature option's name, the values it takes, and the task it belongs to
 * (0: any). Given for another task it would be stored in the model and do
 * nothing, so it is refused. */
typedef struct feature_opt {
    int opt;
    const char *name, *values;
    ht_task task;
} feature_opt;

static const feature_opt feature_opts[] = {
    { O_BITS, "--hash-bits", "12..22", 0 },
    { O_NGRAMS, "--ngrams", "0..3", 0 },
    { O_CHAR, "--char", "MIN-MAX within 1..6, or 0", 0 },
    { O_WINDOW, "--window", "0..20", HT_TASK_ACTOR },
    { O_CONTEXT, "--context", "0..3", HT_TASK_ACTOR },
    { O_NOSPEAKER, "--no-speaker", "", HT_TASK_STANCE },
};

static const feature_opt *feature_opt_of(int opt)
{
    for (size_t i = 0; i < sizeof feature_opts / sizeof *feature_opts; i++)
        if (feature_opts[i].opt == opt)
            return &feature_opts[i];
    return NULL;
}

/* Indexed by HT_BALANCE_*: the --balance values, and the model info's "balance". */
static const char *const balance_names[] = { "none", "classes", "problems" };

static long balance_parse(const char *v)
{
    for (long i = 0; i < (long)(sizeof balance_names / sizeof *balance_names); i++)
        if (!strcmp(v, balance_names[i]))
            return i;
    return -1;
}

static int parse_args(int argc, char **argv, train_args *a)
{
    static const struct option longopts[] = {
        { "output", required_argument, 0, 'o' }, { "task", required_argument, 0, 't' },
        { "dev", required_argument, 0, O_DEV }, { "C", required_argument, 0, 'C' },
        { "folds", required_argument, 0, O_FOLDS }, { "seed", required_argument, 0, O_SEED },
        { "balanced", no_argument, 0, O_BALANCED }, { "skip-label", required_argument, 0, O_SKIP },
        { "threads", required_argument, 0, O_THREADS }, { "hash-bits", required_argument, 0, O_BITS },
        { "ngrams", required_argument, 0, O_NGRAMS }, { "char", required_argument, 0, O_CHAR },
        { "no-stems", no_argument, 0, O_NOSTEMS }, { "no-negation", no_argument, 0, O_NONEG },
        { "window", required_argument, 0, O_WINDOW }, { "quiet", no_argument, 0, 'q' },
        { "tone-model", required_argument, 0, O_TONE }, { "no-balanced", no_argument, 0, O_NOBAL },
        { "nb", required_argument, 0, O_NB }, { "nb-beta", required_argument, 0, O_NBBETA },
        { "nb-binary", no_argument, 0, O_NBBIN }, { "offsets", no_argument, 0, O_OFFSETS },
        { "emoticons", no_argument, 0, O_EMOTICONS }, { "balance", required_argument, 0, O_BALANCE },
        { "char-joint", no_argument, 0, O_CHARJOINT }, { "no-speaker", no_argument, 0, O_NOSPEAKER },
        { "solver", required_argument, 0, O_SOLVER }, { "repeats", required_argument, 0, O_REPEATS },
        { "context", required_argument, 0, O_CONTEXT }, { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    pending feat[32];
    int nfeat = 0, c;
    long x;
    a->opt = ht_train_defaults();
    a->opt.balanced = HT_BALANCE_CLASSES;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:t:C:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': a->output = optarg; break;
        case 't':
            if (!(a->task = ht_task_parse(optarg))) {
                cli_error("train: unknown task '%s' (tone, actor or stance)", optarg);
                return 2;
            }
            break;
        case O_DEV: a->dev = optarg; break;
        case 'C': {
            char *end;
            a->opt.C = strtod(optarg, &end);
            if (end == optarg || *end || !(a->opt.C > 0 && a->opt.C < 1e6)) {
                cli_error("train: -C must be a number above 0 and below 1000000, not '%s'",
                          optarg);
                return 2;
            }
            break;
        }
        case O_FOLDS:
            if (!parse_long(optarg, 2, 100, &x)) {
                cli_error("train: --folds must be 2..100, not '%s'", optarg);
                return 2;
            }
            a->opt.folds = (int)x;
            break;
        case O_REPEATS:
            if (!parse_long(optarg, 1, 20, &x)) {
                cli_error("train: --repeats must be 1..20, not '%s'", optarg);
                return 2;
            }
            a->opt.repeats = (int)x;
            break;
        case O_NB:
        case O_NBBETA: {
            char *end;
            double v = strtod(optarg, &end);
            if (!*optarg || *end || !(v > 0 && v <= (c == O_NB ? 1e3 : 1))) {
                cli_error("train: --%s must be a number in %s, not '%s'",
                          c == O_NB ? "nb" : "nb-beta", c == O_NB ? "(0, 1000]" : "(0, 1]", optarg);
                return 2;
            }
            *(c == O_NB ? &a->opt.nb_alpha : &a->opt.nb_beta) = v;
            break;
        }
        case O_NBBIN: a->opt.nb_binary = 1; break;
        case O_SOLVER:
            if (strcmp(optarg, "primal") && strcmp(optarg, "dual")) {
                cli_error("train: --solver must be primal or dual, not '%s'", optarg);
                return 2;
            }
            a->opt.solver = strcmp(optarg, "dual") ? HT_SOLVER_PRIMAL : HT_SOLVER_DUAL;
            break;
        case O_OFFSETS: a->opt.offsets = 1; break;
        case O_SEED:
            if (cli_seed_arg(optarg, &a->opt.seed) != 0) {
                cli_error("train: --seed must be a whole number 0..%lld, not '%s'",
                          (long long)INT64_MAX, optarg);
                return 2;
            }
            break;
        case O_BALANCED: a->opt.balanced = HT_BALANCE_CLASSES; break;
        case O_NOBAL: a->opt.balanced = HT_BALANCE_NONE; break;
        case O_BALANCE:
            if ((x = balance_parse(optarg)) < 0) {
                cli_error("train: --balance must be classes, problems or none, not '%s'", optarg);
                return 2;
            }
            a->opt.balanced = (int)x;
            break;
        case O_TONE: a->tone_model = optarg; break;
        case O_SKIP:
            if (a->nskip == MAX_SKIP) {
                cli_error("train: at most %d --skip-label options", MAX_SKIP);
                return 2;
            }
            a->skip[a->nskip++] = optarg;
            break;
        case O_THREADS:
            if (!parse_long(optarg, 1, 16, &x)) {
                cli_error("train: --threads must be 1..16, not '%s'", optarg);
                return 2;
            }
            a->opt.threads = (int)x;
            break;
        case 'q': a->quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        case '?': return cli_usage_error("train");
        default: {  /* a feature option; the last of each kind counts */
            int k = 0;
            while (k < nfeat && feat[k].opt != c)
                k++;
            if (k == nfeat && nfeat == (int)(sizeof feat / sizeof *feat)) {
                cli_error("train: too many feature options");
                return 2;
            }
            feat[k] = (pending){ c, optarg };
            nfeat += k == nfeat;
        }
        }
    }
    if (!a->task || !a->output || !*a->output || !strcmp(a->output, "-") || optind >= argc) {
        cli_error("train: %s", !a->task ? "--task is required"
                             : !a->output ? "-o MODEL is required"
                             : !*a->output ? "-o MODEL is an empty name"
                             : !strcmp(a->output, "-") ? "-o -: a model is written to a file, "
                                                         "not to standard output"
                                           : "no training files given");
        return cli_usage_error("train");
    }
    /* options that would be taken and do nothing: said, not silently dropped */
    ht_train_options dflt = ht_train_defaults();
    if (a->opt.C > 0 && (a->opt.folds != dflt.folds || a->opt.repeats != dflt.repeats || a->dev))
        cli_error("train: warning: -C %g is given, so no C is chosen: --folds, --repeats and "
                  "--dev are not used to choose one", a->opt.C);
    if (!(a->opt.nb_alpha > 0) && (a->opt.nb_beta != dflt.nb_beta || a->opt.nb_binary))
        cli_error("train: warning: --nb-beta and --nb-binary do nothing without --nb");
    a->cfg = ht_task_config(a->task);
    for (int i = 0; i < nfeat; i++) {
        const feature_opt *fo = feature_opt_of(feat[i].opt);
        if (fo && fo->task && fo->task != a->task) {
            cli_error("train: %s is for the %s task, not %s", fo->name, ht_task_name(fo->task),
                      ht_task_name(a->task));
            return 2;
        }
        if (!apply_feature(a, feat[i].opt, feat[i].val)) {
            cli_error("train: bad value '%s' for %s (%s)", feat[i].val ? feat[i].val : "",
                      fo ? fo->name : "a feature option", fo ? fo->values : "see --help");
            return 2;
        }
    }
    if (!a->cfg.char_max)  /* no block without n-grams: the file stays readable to older haltung */
        a->cfg.char_block = 0;
    if (a->task != HT_TASK_STANCE)
        a->cfg.speaker = 0;
    return -1;
}

static void progress(void *ctx, int done, int total)
{
    (void)ctx;
    fprintf(stderr, "\rhaltung: choosing C: %d/%d fits", done, total);
    if (done == total)
        fputc('\n', stderr);
}

static ht_dataset *read_set(train_args *a, ht_vectorizer *v, char **files, int nfiles, long *bad)
{
    ht_error err = { 0 };
    ht_dataset *ds = ht_dataset_new(a->task, &a->cfg, &err);
    for (int i = 0; ds && i < nfiles; i++)
        if (ht_dataset_add_file(ds, v, files[i], a->skip, cli_warn_record, bad, &err) != HT_OK) {
            cli_report(&err);
            ht_dataset_free(ds);
            return NULL;
        }
    if (!ds)
        cli_report(&err);
    return ds;
}

static json_t *counts_json(const ht_dataset *ds)
{
    json_t *o = json_object();
    for (int c = 0; c < ds->nr_class; c++)
        json_object_set_new(o, ds->labels[c], json_integer(ds->count[c]));
    return o;
}

static int by_count(const void *pa, const void *pb)
{
    const ht_speaker_count *a = *(const ht_speaker_count *const *)pa;
    const ht_speaker_count *b = *(const ht_speaker_count *const *)pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* The set's speakers, most records first (ties by name), or NULL. */
static const ht_speaker_count **speakers_sorted(const ht_dataset *ds)
{
    const ht_speaker_count **v = ds->nspeakers ? malloc(ds->nspeakers * sizeof *v) : NULL;
    for (size_t i = 0; v && i < ds->nspeakers; i++)
        v[i] = &ds->speakers[i];
    if (v)
        qsort(v, ds->nspeakers, sizeof *v, by_count);
    return v;
}

/* [["SPD", 2146], ...]: the scorer reads which names the model knows. */
static json_t *speakers_json(const ht_dataset *ds)
{
    json_t *arr = json_array();
    const ht_speaker_count **v = speakers_sorted(ds);
    for (size_t i = 0; v && i < ds->nspeakers; i++)
        json_array_append_new(arr, json_pack("[sI]", v[i]->name, (json_int_t)v[i]->n));
    free(v);
    return arr;
}

static const char *solver_name(int solver)
{
    return solver == HT_SOLVER_DUAL
               ? "L2-regularised logistic regression (dual coordinate descent)"
               : "liblinear L2-regularised logistic regression (primal)";
}

static char *info_json(const train_args *a, const ht_dataset *ds, const ht_dataset *dev,
                       const ht_train_report *rep, uint32_t tone_crc)
{
    json_t *o = json_object();
    json_object_set_new(o, "data", json_string(ds->sources ? ds->sources : ""));
    json_object_set_new(o, "records", json_integer((json_int_t)ds->n));
    json_object_set_new(o, "per_label", counts_json(ds));
    json_object_set_new(o, "bad_records", json_integer(ds->bad));
    json_object_set_new(o, "skipped_records", json_integer(ds->skipped));
    json_t *skip = json_array();
    for (int i = 0; i < a->nskip; i++)
        json_array_append_new(skip, json_string(a->skip[i]));
    json_object_set_new(o, "skipped_labels", skip);
    if (a->tone_model) {
        const char *slash = strrchr(a->tone_model, '/');
        char crc[16];
        snprintf(crc, sizeof crc, "%08x", (unsigned)tone_crc);
        json_object_set_new(o, "tone_model", json_string(slash ? slash + 1 : a->tone_model));
        json_object_set_new(o, "tone_model_crc32", json_string(crc));
    }
    if (a->cfg.speaker)
        json_object_set_new(o, "speakers", speakers_json(ds));
    json_object_set_new(o, "solver", json_string(solver_name(a->opt.solver)));
    json_object_set_new(o, "C", json_real(rep->C));
    json_object_set_new(o, "balanced", json_boolean(a->opt.balanced != HT_BALANCE_NONE));
    json_object_set_new(o, "balance", json_string(balance_names[a->opt.balanced]));
    json_object_set_new(o, "seed", json_integer((json_int_t)a->opt.seed));
    if (a->opt.nb_alpha > 0) {
        json_t *nb = json_object();
        json_object_set_new(nb, "alpha", json_real(a->opt.nb_alpha));
        json_object_set_new(nb, "beta", json_real(a->opt.nb_beta));
        json_object_set_new(nb, "counts", json_string(a->opt.nb_binary ? "presence" : "values"));
        json_object_set_new(o, "nb_scaling", nb);
    }
    if (a->opt.C > 0) {
        json_object_set_new(o, "C_chosen_by", json_string("given"));
    } else {
        char how[128];
        if (dev)
            snprintf(how, sizeof how, "dev set %s", dev->sources ? dev->sources : "");
        else if (a->opt.repeats > 1)
            snprintf(how, sizeof how, "%d-fold stratified cross-validation, %d times (fold seeds "
                     "%llu..%llu)", a->opt.folds, a->opt.repeats, (unsigned long long)a->opt.seed,
                     (unsigned long long)(a->opt.seed + (uint64_t)a->opt.repeats - 1));
        else
            snprintf(how, sizeof how, "%d-fold stratified cross-validation", a->opt.folds);
        json_object_set_new(o, "C_chosen_by", json_string(how));
        json_object_set_new(o, dev ? "dev_macro_f1" : "cv_macro_f1", json_real(rep->macro_f1));
        json_object_set_new(o, dev ? "dev_accuracy" : "cv_accuracy", json_real(rep->accuracy));
    }
    if (rep->adjusted) {
        json_t *off = json_object();
        for (int c = 0; c < ds->nr_class; c++)
            json_object_set_new(off, ds->labels[c], json_real(rep->offset[c]));
        json_object_set_new(o, "class_offsets", off);
        json_object_set_new(o, dev ? "dev_macro_f1_with_offsets" : "cv_macro_f1_with_offsets",
                            json_real(rep->adjusted_macro_f1));
        json_object_set_new(o, dev ? "dev_accuracy_with_offsets" : "cv_accuracy_with_offsets",
                            json_real(rep->adjusted_accuracy));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(o);
    return s;
}

/* A name from the data on the terminal: control characters as spaces, at
 * most max bytes (whole characters) and an ellipsis. */
static void print_clean(const char *s, size_t max)
{
    size_t len = strlen(s), n = len > max ? max : len;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    for (size_t i = 0; i < n; i++)
        putchar((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i]);
    if (n < len)
        fputs("\xe2\x80\xa6", stdout);
}

static void print_report(const train_args *a, const ht_dataset *ds, const ht_train_report *rep,
                         const ht_model *m)
{
    const ht_feature_config *c = &a->cfg;
    printf("task:      %s\n", ht_task_name(a->task));
    printf("records:   %zu (", ds->n);
    for (int k = 0; k < ds->nr_class; k++)
        printf("%s%s %ld", k ? ", " : "", ds->labels[k], ds->count[k]);
    printf("); %ld bad, %ld with skipped labels\n", ds->bad, ds->skipped);
    char desc[256];
    ht_config_describe(c, desc, sizeof desc);
    printf("features:  2^%u, %s\n", c->hash_bits, desc);
    if (c->speaker) {
        const ht_speaker_count **v = speakers_sorted(ds);
        printf("speakers:  %zu", ds->nspeakers);
        for (size_t i = 0; v && i < ds->nspeakers && i < 5; i++) {
            fputs(i ? ", " : " (", stdout);
            print_clean(v[i]->name, 40);
            printf(" %ld", v[i]->n);
        }
        printf("%s\n", ds->nspeakers > 5 ? ", ...)" : ds->nspeakers ? ")" : "");
        free(v);
    }
    if (a->opt.C <= 0) {
        if (rep->on_dev)
            printf("C search:  on the dev set (macro-F1 / accuracy)\n");
        else if (a->opt.repeats > 1)
            printf("C search:  stratified cross-validation, %d times, pooled (macro-F1 / "
                   "accuracy)\n", a->opt.repeats);
        else
            printf("C search:  stratified cross-validation (macro-F1 / accuracy)\n");
        int best = 0;
        for (int g = 0; g < rep->ngrid; g++) {
            printf("  C=%-6g %.4f / %.4f%s\n", rep->grid_C[g], rep->grid_macro_f1[g],
                   rep->grid_accuracy[g], rep->grid_C[g] == rep->C ? "  <- chosen" : "");
            if (rep->grid_macro_f1[g] > rep->grid_macro_f1[best])
                best = g;
        }
        printf("  (the smallest C within %g of the best macro-F1)\n", HT_C_TOLERANCE);
        int n = rep->ngrid;
        const double *f1 = rep->grid_macro_f1;
        if (n > 1 && ((best == 0 && f1[0] > f1[1] + HT_C_TOLERANCE) ||
                      (best == n - 1 && f1[n - 1] > f1[n - 2] + HT_C_TOLERANCE)))
            printf("  note: the best macro-F1 is at the %s C of the grid; one %s might do "
                   "better (try -C)\n", best ? "largest" : "smallest",
                   best ? "larger" : "smaller");
    }
    printf("C:         %g%s\n", rep->C,
           a->opt.balanced == HT_BALANCE_CLASSES    ? ", balanced class weights"
           : a->opt.balanced == HT_BALANCE_PROBLEMS ? ", each one-vs-rest problem balanced"
                                                    : "");
    printf("solver:    %s\n", solver_name(a->opt.solver));
    if (a->opt.nb_alpha > 0)
        printf("NB scale:  alpha %g, beta %g, %s (folded into the weights)\n", a->opt.nb_alpha,
               a->opt.nb_beta, a->opt.nb_binary ? "presence" : "values");
    if (rep->adjusted) {
        printf("offsets:  ");
        for (int k = 0; k < ds->nr_class; k++)
            printf("%s %s %+.2f", k ? "," : "", ds->labels[k], rep->offset[k]);
        printf("\n           macro-F1 / accuracy with them %.4f / %.4f (%s)\n",
               rep->adjusted_macro_f1, rep->adjusted_accuracy,
               rep->on_dev ? "on the dev set they were chosen on"
                           : "nested: each fold with offsets chosen on the others");
    }
    printf("model:     %s, %zu non-zero feature rows\n", a->output, ht_model_nonzero_rows(m));
}

/* Whether a model can be written to path: its folder exists and is
 * writable, and path is not a folder. Checked before training, which may
 * take minutes, rather than after. */
/* Whether the model can be written at path, checked before the training
 * rather than found out after it: its folder a writable directory, its
 * name (with the temporary suffix) not too long. */
static int output_writable(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error("train: %s: is a directory; -o names the model file", path);
        return 0;
    }
    const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
             slash ? path : ".");
    errno = 0;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK) != 0) {
        cli_error("train: cannot write %s: %s: %s", path, dir,
                  strerror(errno ? errno : ENOTDIR));
        return 0;
    }
    long max = pathconf(dir, _PC_NAME_MAX);
    if (max > 0 && strlen(name) + 11 > (size_t)max) {  /* NAME.tmp-XXXXXX while written */
        cli_error("train: cannot write %s: the file name is too long (at most %ld bytes here)",
                  path, max - 11);
        return 0;
    }
    return 1;
}

int cmd_train(int argc, char **argv)
{
    train_args a;
    memset(&a, 0, sizeof a);
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (cli_stdin_once("train", argv + optind, argc - optind))
        return 2;
    if (!output_writable(a.output))
        return 1;
    const char *extra[] = { a.dev, a.tone_model };
    if (cli_output_clobbers("train", a.output, extra, 2) ||
        cli_output_clobbers("train", a.output, (const char *const *)argv + optind, argc - optind))
        return 1;
    for (int i = optind; a.dev && i < argc; i++)
        if (cli_same_file(a.dev, argv[i]))
            cli_error("warning: train: --dev %s is also a training file: C is chosen on records "
                      "the model is fitted on, and the dev figures say nothing of new data",
                      a.dev);
    if (!a.quiet && isatty(STDERR_FILENO))
        a.opt.progress = progress;
    ht_error err = { 0 };
    ht_vectorizer v;
    ht_model *tone = NULL;
    if (a.tone_model && a.task != HT_TASK_ACTOR) {
        cli_error("train: --tone-model is for the actor task");
        return 2;
    }
    if (a.tone_model) {
        const char *slash = strrchr(a.tone_model, '/'), *name = slash ? slash + 1 : a.tone_model;
        if (!ht_utf8_valid(name, strlen(name))) {  /* the model records it, in JSON */
            cli_error("train: --tone-model %s: the file's name must be UTF-8", a.tone_model);
            return 2;
        }
    }
    if (a.tone_model && !(tone = ht_model_load(a.tone_model, &err))) {
        cli_report(&err);
        return 1;
    }
    if (ht_vectorizer_init(&v, a.task, &a.cfg, &err) != HT_OK) {
        cli_report(&err);
        ht_model_free(tone);
        return 1;
    }
    if (tone && ht_vectorizer_set_tone(&v, tone, &err) != HT_OK) {
        cli_error("train: --tone-model %s: %s", a.tone_model, err.msg);
        ht_vectorizer_free(&v);
        ht_model_free(tone);
        return 1;
    }
    long bad = 0;
    ht_dataset *ds = read_set(&a, &v, argv + optind, argc - optind, &bad);
    ht_dataset *dev = ds && a.dev ? read_set(&a, &v, (char **)&a.dev, 1, &bad) : NULL;
    uint32_t tone_crc = tone ? tone->crc : 0;  /* for the info; the helper goes now */
    ht_vectorizer_free(&v);
    ht_model_free(tone);
    rc = 1;
    int present = 0, one = 0;
    for (int c = 0; ds && c < ds->nr_class; c++)
        if (ds->count[c] > 0) {
            present++;
            one = c;
        }
    for (int c = 0; ds && present > 1 && c < ds->nr_class; c++)
        if (!ds->count[c])  /* a label spelt otherwise, or a filter gone wrong */
            cli_error("train: warning: no record is labelled '%s'; the model will not predict it",
                      ds->labels[c]);
    if (ds && ds->n && a.cfg.speaker && !ds->nspeakers)
        cli_error("train: warning: no record has an \"actor\"; the model reads no speaker "
                  "(--no-speaker leaves the setting out)");
    if (ds && ds->n && present < 2) {
        cli_error("train: every record is labelled '%s'; a classifier needs two classes or more",
                  ds->labels[one]);
        ht_dataset_free(ds);
        ht_dataset_free(dev);
        return 1;
    }
    if (ds && ds->n == 0) {
        cli_error("train: %s%s: no usable records", argv[optind],
                  argc - optind > 1 ? " and the other files" : "");
        ds = (ht_dataset_free(ds), NULL);
    }
    if (ds && dev && dev->n == 0) {  /* every C would score 0 and C = 1 be "chosen" */
        cli_error("train: --dev %s: no usable records", a.dev);
        ds = (ht_dataset_free(ds), NULL);
    }
    if (ds && (!a.dev || dev)) {
        ht_train_report rep;
        ht_model *m = ht_train(ds, dev, &a.opt, &rep, &err);
        char *info = m ? info_json(&a, ds, dev, &rep, tone_crc) : NULL;
        if (m && ht_model_set_info(m, info, &err) == HT_OK &&
            ht_model_save(m, a.output, &err) == HT_OK) {
            rc = 0;
            if (!a.quiet)
                print_report(&a, ds, &rep, m);
        } else {
            cli_report(&err);
        }
        free(info);
        ht_model_free(m);
    }
    ht_dataset_free(ds);
    ht_dataset_free(dev);
    return rc;
}
