/* fuzz_model.c: libFuzzer target for model files (classifier/model.c:
 * parsing, loading, saving, predicting).
 *
 * Input: one byte of settings, then a model file. With bit 0 set the file's
 * CRC-32 is appended by the target, so that mutations reach the fields
 * behind the checksum; otherwise the bytes are parsed as they are.
 *
 * Checked besides the sanitizers: a model that parses has valid settings,
 * distinct labels in UTF-8 (they are written into JSON) and the file's CRC; its predictions are finite
 * probabilities that sum to 1 for any feature vector; saved again (to
 * /dev/shm, or /tmp) and loaded with ht_model_load it is the same model,
 * and the file is byte for byte the input when the input has the nine
 * configuration bytes this version writes (the format is canonical). */
#include "tests/fuzz/fuzz.h"

#include <linear.h>
#include <math.h>
#include <unistd.h>

#include "classifier/model.h"
#include "features/hash.h"
#include "features/text.h"

#define CONFIG_COUNT_AT 13  /* offset of the configuration byte count */

static void check_prediction(const ht_model *m, const struct feature_node *x)
{
    double dec[HT_MAX_CLASSES], prob[HT_MAX_CLASSES], sum = 0;
    int best = ht_model_predict(m, x, dec, prob);
    FUZZ_CHECK(best >= 0 && best < m->nr_class);
    for (int c = 0; c < m->nr_class; c++) {
        FUZZ_CHECK(isfinite(dec[c]));
        FUZZ_CHECK(isfinite(prob[c]) && prob[c] >= 0 && prob[c] <= 1);
        FUZZ_CHECK(prob[c] <= prob[best]);
        sum += prob[c];
    }
    FUZZ_CHECK(fabs(sum - 1) < 1e-9);
}

static void check_model(const ht_model *m, const uint8_t *file, size_t len)
{
    ht_error err = { 0 };
    FUZZ_CHECK(ht_config_check(&m->features, &err) == HT_OK);
    FUZZ_CHECK(m->nr_class >= 2 && m->nr_class <= HT_MAX_CLASSES);
    FUZZ_CHECK(m->dim == 1u << m->features.hash_bits);
    FUZZ_CHECK(ht_task_name(m->task) != NULL);
    for (int c = 0; c < m->nr_class; c++) {
        FUZZ_CHECK(memchr(m->labels[c], '\0', HT_LABEL_MAX) && m->labels[c][0]);
        FUZZ_CHECK(ht_utf8_valid(m->labels[c], strlen(m->labels[c])));  /* they go into JSON */
        FUZZ_CHECK(ht_model_label_index(m, m->labels[c]) == c);
    }
    uint32_t crc = (uint32_t)file[len - 4] | (uint32_t)file[len - 3] << 8 |
                   (uint32_t)file[len - 2] << 16 | (uint32_t)file[len - 1] << 24;
    FUZZ_CHECK(m->crc == crc);
    FUZZ_CHECK(ht_model_nonzero_rows(m) <= (size_t)m->dim + 1);
    int dim = (int)m->dim;
    const struct feature_node none[] = { { -1, 0 } },
                              some[] = { { 0, 5 }, { 1, 1 }, { dim / 2, -0.5 }, { dim, 0.25 },
                                         { dim + 1, 9 }, { -1, 0 } };
    check_prediction(m, none);
    check_prediction(m, some);
}

static int same_model(const ht_model *a, const ht_model *b)
{
    size_t n = ((size_t)a->dim + 1) * (size_t)a->nr_class;
    return a->task == b->task && !memcmp(&a->features, &b->features, sizeof a->features) &&
           a->nr_class == b->nr_class && !memcmp(a->labels, b->labels, sizeof a->labels) &&
           !memcmp(a->weights, b->weights, n * sizeof *a->weights) &&
           !strcmp(a->info ? a->info : "", b->info ? b->info : "");
}

/* Saves m, loads it back, and compares. */
static void check_round_trip(const ht_model *m, const uint8_t *file, size_t len)
{
    char path[128];
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/haltung-fuzz-%ld.model", dir, (long)getpid());
    ht_error err = { 0 };
    FUZZ_CHECK(ht_model_save(m, path, &err) == HT_OK);
    ht_model *back = ht_model_load(path, &err);
    FUZZ_CHECK(back != NULL && same_model(m, back));
    ht_model_free(back);
    FILE *f = fopen(path, "rb");
    FUZZ_CHECK(f != NULL);
    uint8_t *saved = malloc(len + 1);
    FUZZ_CHECK(saved != NULL);
    size_t n = fread(saved, 1, len + 1, f);
    fclose(f);
    unlink(path);
    if (file[CONFIG_COUNT_AT] == 9)
        FUZZ_CHECK(n == len && !memcmp(saved, file, len));
    free(saved);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t len = size - 1 + ((data[0] & 1) ? 4 : 0);
    uint8_t *file = malloc(len ? len : 1);
    FUZZ_CHECK(file != NULL);
    memcpy(file, data + 1, size - 1);
    if (data[0] & 1) {
        uint32_t crc = ht_crc32(0, data + 1, size - 1);
        for (int i = 0; i < 4; i++)
            file[size - 1 + (size_t)i] = (uint8_t)(crc >> (8 * i));
    }
    ht_error err = { 0 };
    ht_model *m = ht_model_parse(file, len, "fuzz", &err);
    if (m) {
        check_model(m, file, len);
        check_round_trip(m, file, len);
    } else {
        FUZZ_CHECK(!strncmp(err.msg, "fuzz: ", 6));
    }
    ht_model_free(m);
    free(file);
    return 0;
}
