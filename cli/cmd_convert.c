/* cmd_convert.c: `haltung convert` turns a model trained elsewhere in
 * liblinear's text format (liblinear-train on `haltung features` output,
 * Distributed LIBLINEAR) into a haltung model with the feature settings,
 * task, labels and tone helper of a model made with the same features. */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/model.h"
#include "cli/cmd.h"
#include "training/import.h"

static const char usage_text[] =
    "usage: haltung convert LIBLINEAR_MODEL --like MODEL -o OUT.model [options]\n"
    "\n"
    "Reads a model in liblinear's text format (a logistic-regression solver:\n"
    "liblinear-train -s 0, 6 or 7) and writes a haltung model with MODEL's task,\n"
    "feature settings, labels and tone helper. The liblinear labels are class numbers\n"
    "as `haltung features` writes them (0 negative, 1 neutral, 2 positive; stance:\n"
    "0 against, 1 neutral, 2 favor). The vectors it was trained on must have been\n"
    "made with MODEL's feature settings (haltung features --model MODEL).\n"
    "\n"
    "      --like MODEL      the haltung model whose settings the new one takes\n"
    "  -o, --output FILE     where to write it (a temporary file, then renamed)\n"
    "      --label N=NAME    liblinear label N is class NAME (repeatable; all or none):\n"
    "                        for models trained on other label numberings\n"
    "  -q, --quiet           print nothing on success\n";

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int parse_label(const char *v, const ht_model *like, ht_label_map *map)
{
    char *end;
    long from = strtol(v, &end, 10);
    if (end == v || *end != '=' || from < -1000000000L || from > 1000000000L) {
        cli_error("convert: --label must be N=NAME, not '%s'", v);
        return 0;
    }
    int to = ht_model_label_index(like, end + 1);
    if (to < 0) {
        cli_error("convert: --label %s: '%s' is not a label of the --like model", v, end + 1);
        return 0;
    }
    for (int i = 0; i < map->n; i++)
        if (map->from[i] == from || map->to[i] == to) {
            cli_error("convert: --label %s: label %ld or class %s is mapped twice", v, from,
                      end + 1);
            return 0;
        }
    if (map->n == HT_MAX_CLASSES) {
        cli_error("convert: at most %d --label options", HT_MAX_CLASSES);
        return 0;
    }
    map->from[map->n] = (int)from;
    map->to[map->n++] = to;
    return 1;
}

/* The new model's info: where it came from, and the helper record of like. */
static char *info_json(const char *path, const char *like_path, const ht_model *like,
                       const ht_import_info *ii)
{
    json_t *o = json_object();
    char solver[64];
    snprintf(solver, sizeof solver, "liblinear %s, trained elsewhere", ii->solver);
    json_object_set_new(o, "data", json_string("(unknown: a model trained elsewhere)"));
    json_object_set_new(o, "converted_from", json_string(base_name(path)));
    json_object_set_new(o, "solver", json_string(solver));
    json_object_set_new(o, "liblinear_nr_feature", json_integer(ii->nr_feature));
    json_object_set_new(o, "liblinear_bias", json_real(ii->bias));
    json_object_set_new(o, "like", json_string(base_name(like_path)));
    json_error_t jerr;
    json_t *li = like->info ? json_loads(like->info, 0, &jerr) : NULL;
    /* The helper's record. Not like's speakers: which actors the vectors
     * exported for the new model had is not known here, so a converted
     * stance model reads no one as a party. */
    static const char *const carried[] = { "tone_model", "tone_model_crc32" };
    for (size_t i = 0; i < sizeof carried / sizeof *carried; i++) {
        json_t *v = json_object_get(li, carried[i]);
        if (v)
            json_object_set(o, carried[i], v);
    }
    json_decref(li);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(o);
    return s;
}

int cmd_convert(int argc, char **argv)
{
    enum { O_LIKE = 256, O_LABEL };
    static const struct option longopts[] = {
        { "like", required_argument, 0, O_LIKE }, { "output", required_argument, 0, 'o' },
        { "label", required_argument, 0, O_LABEL }, { "quiet", no_argument, 0, 'q' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *like_path = NULL, *output = NULL, *labels[HT_MAX_CLASSES + 1];
    int nlabels = 0, quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case O_LIKE: like_path = optarg; break;
        case 'o': output = optarg; break;
        case O_LABEL:
            if (nlabels == HT_MAX_CLASSES + 1) {
                cli_error("convert: at most %d --label options", HT_MAX_CLASSES);
                return 2;
            }
            labels[nlabels++] = optarg;
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return cli_usage_error("convert");
        }
    }
    if (!like_path || !output || !*output || !strcmp(output, "-") || optind != argc - 1) {
        cli_error("convert: %s", !like_path ? "--like MODEL is required"
                  : !output ? "-o OUT.model is required"
                  : !*output ? "-o OUT.model is an empty name"
                  : !strcmp(output, "-") ? "-o -: a model is written to a file, not to "
                                           "standard output"
                  : optind >= argc ? "no liblinear model given" : "one liblinear model at a time");
        return cli_usage_error("convert");
    }
    const char *path = argv[optind];
    if (cli_output_clobbers("convert", output, (const char *[]){ path, like_path }, 2))
        return 1;
    ht_error err = { 0 };
    ht_model *like = ht_model_load(like_path, &err);
    if (!like) {
        cli_report(&err);
        return 1;
    }
    ht_label_map map = { 0 };
    for (int i = 0; i < nlabels; i++)
        if (!parse_label(labels[i], like, &map)) {
            ht_model_free(like);
            return 2;
        }
    if (map.n && map.n != like->nr_class) {
        cli_error("convert: %d --label option%s for the %d classes of %s (one for each)", map.n,
                  map.n == 1 ? "" : "s", like->nr_class, like_path);
        ht_model_free(like);
        return 2;
    }
    ht_import_info ii;
    ht_model *m = ht_import_liblinear(path, like, like_path, &map, &ii, &err);
    char *info = m ? info_json(path, like_path, like, &ii) : NULL;
    int rc = 1;
    if (m && ht_model_set_info(m, info, &err) == HT_OK && ht_model_save(m, output, &err) == HT_OK)
        rc = 0;
    else
        cli_report(&err);
    if (!rc && ii.bias < 0)
        cli_error("warning: %s has no bias term; haltung train fits one (liblinear-train -B 1)",
                  path);
    ht_model *tone = NULL;
    if (!rc && cli_load_tone_helper(m, output, &tone, &err) != HT_OK)
        cli_error("warning: %s (for eval and score, as for %s)", err.msg, like_path);
    if (!rc && !quiet)
        printf("%s: %s model with the settings, labels and helper of %s; %zu non-zero feature "
               "rows of %u; weights from %s (%s, %d features, bias %g)\n", output,
               ht_task_name(m->task), like_path, ht_model_nonzero_rows(m), m->dim, path,
               ii.solver, ii.nr_feature, ii.bias);
    ht_model_free(tone);
    free(info);
    ht_model_free(m);
    ht_model_free(like);
    return rc;
}
