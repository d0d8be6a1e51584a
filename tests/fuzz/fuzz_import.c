/* fuzz_import.c: libFuzzer target for liblinear text models read by
 * `haltung convert` (training/import.c).
 *
 * Input: a liblinear model file as liblinear-train writes it (header lines,
 * then "w" and one row of weights per feature). It is written to a file in
 * /dev/shm (or /tmp), as the importer reads a path, and imported like a small
 * tone model of 2^12 dimensions and three classes.
 *
 * Checked besides the sanitizers: a file that is refused says why; one that
 * is taken gives a model with like's task, settings, labels and dimension
 * whose predictions are finite probabilities summing to 1, and importing the
 * same file again gives the same weights. */
#include "tests/fuzz/fuzz.h"

#include <linear.h>
#include <math.h>
#include <unistd.h>

#include "classifier/model.h"
#include "training/dataset.h"
#include "training/import.h"

static ht_model *like;  /* built once: libFuzzer's interface has no context */
static char path[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *labels[] = { "negative", "neutral", "positive" };
    ht_feature_config cfg = ht_task_config(HT_TASK_TONE);
    cfg.hash_bits = 12;
    ht_error err = { 0 };
    like = ht_model_new(HT_TASK_TONE, &cfg, 3, labels, &err);
    if (!like)
        abort();
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/haltung-fuzz-import-%ld.model", dir, (long)getpid());
    return 0;
}

static void check_prediction(const ht_model *m)
{
    int dim = (int)m->dim;
    const struct feature_node x[] = { { 1, 1 }, { 7, 0.5 }, { dim / 2, -2 }, { dim, 0.25 },
                                      { -1, 0 } };
    double prob[HT_MAX_CLASSES], sum = 0;
    int best = ht_model_predict(m, x, NULL, prob);
    FUZZ_CHECK(best >= 0 && best < m->nr_class);
    for (int c = 0; c < m->nr_class; c++) {
        FUZZ_CHECK(isfinite(prob[c]) && prob[c] >= 0 && prob[c] <= 1);
        sum += prob[c];
    }
    FUZZ_CHECK(fabs(sum - 1) < 1e-9);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);
    ht_error err = { 0 };
    ht_import_info info;
    ht_model *m = ht_import_liblinear(path, like, "like.model", NULL, &info, &err);
    if (!m) {
        FUZZ_CHECK(err.code != HT_OK && err.msg[0]);
    } else {
        FUZZ_CHECK(m->task == like->task && m->nr_class == like->nr_class);
        FUZZ_CHECK(m->dim == like->dim);
        FUZZ_CHECK(!memcmp(&m->features, &like->features, sizeof m->features));
        for (int c = 0; c < m->nr_class; c++)
            FUZZ_CHECK(!strcmp(m->labels[c], like->labels[c]));
        check_prediction(m);
        ht_model *again = ht_import_liblinear(path, like, "like.model", NULL, &info, &err);
        FUZZ_CHECK(again != NULL);
        size_t n = ((size_t)m->dim + 1) * (size_t)m->nr_class;
        FUZZ_CHECK(!memcmp(m->weights, again->weights, n * sizeof *m->weights));
        ht_model_free(again);
        ht_model_free(m);
    }
    unlink(path);
    return 0;
}
