/* model.h: haltung's linear models, in memory and on disk.
 *
 * A model is a multi-class linear classifier over the hashed feature space:
 * one weight vector per class plus a bias, used one-vs-rest with logistic
 * outputs normalised to sum to 1 (as liblinear's logistic regression does).
 * Weights are float32 and dense in memory (fast scoring, shared read-only by
 * threads); on disk only non-zero rows are stored, with a CRC-32 over the file.
 * The file format is described in docs/model-format.md. */
#ifndef HT_MODEL_H
#define HT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "features/config.h"
#include "features/error.h"

struct feature_node;
struct model;

typedef enum ht_task {
    HT_TASK_TONE = 1,   /* text -> negative / neutral / positive */
    HT_TASK_ACTOR = 2,  /* text + target span -> negative / neutral / positive */
    HT_TASK_STANCE = 3  /* text + topic -> against / neutral / favor */
} ht_task;

#define HT_MAX_CLASSES 8
#define HT_LABEL_MAX 32
#define HT_MODEL_FORMAT_VERSION 1
/* No model file is larger (2^22 rows of 8 weights and their indices are
 * about 150 MB): a longer file is refused before it is read whole. */
#define HT_MODEL_FILE_MAX (512 << 20)

typedef struct ht_model {
    ht_task task;
    ht_feature_config features;
    int nr_class;
    char labels[HT_MAX_CLASSES][HT_LABEL_MAX];  /* NUL-terminated, class order */
    uint32_t dim;      /* 2^features.hash_bits; feature indices run 1..dim */
    float *weights;    /* (dim + 1) * nr_class floats; row 0 is the bias,
                          row i (1..dim) the weights of feature i:
                          weights[i * nr_class + c] */
    char *info;        /* training metadata as a JSON object text (owned; may be NULL) */
    uint32_t crc;      /* CRC-32 of the file it was loaded from (0 if not loaded):
                          identifies the file, e.g. an actor model's tone helper */
    int plus, minus;   /* the classes a signed score counts +1 and -1 ("positive" and
                          "negative", or "favor" and "against"), -1 if none; set by
                          ht_model_new from task and labels */
} ht_model;

const char *ht_task_name(ht_task task);
/* Parses "tone", "actor", "stance"; returns 0 if unknown. */
ht_task ht_task_parse(const char *name);

/* A zeroed model with all weights 0. labels are copied. NULL on bad args or no memory. */
ht_model *ht_model_new(ht_task task, const ht_feature_config *cfg, int nr_class,
                       const char *const *labels, ht_error *err);
void ht_model_free(ht_model *m);

/* Copies liblinear's weights. lm's labels are class numbers 0..nr_class-1 of
 * m (liblinear may order them differently; this maps them back). A two-class
 * liblinear model (one vector w) becomes the two vectors w and -w. lm must
 * have been trained with bias 1 (its last feature is the bias). */
ht_status ht_model_set_liblinear(ht_model *m, const struct model *lm, ht_error *err);

/* Replaces the metadata JSON text (copied). */
ht_status ht_model_set_info(ht_model *m, const char *json, ht_error *err);

/* Writes to path + ".tmp-XXXXXX" in the same folder, fsyncs, renames over path. */
ht_status ht_model_save(const ht_model *m, const char *path, ht_error *err);
/* Reads a whole model file. Refuses truncated, corrupted (CRC), foreign
 * (bad magic) and future-version files with a message naming path. */
ht_model *ht_model_load(const char *path, ht_error *err);
/* The same from memory; name is used in messages. Never reads past buf+len. */
ht_model *ht_model_parse(const void *buf, size_t len, const char *name, ht_error *err);

/* Class scores for x (liblinear feature_node array ending with index -1;
 * indices outside 1..dim are ignored): decision values into dec (may be NULL)
 * and probabilities into prob (nr_class each). Returns the best class. */
int ht_model_predict(const ht_model *m, const struct feature_node *x, double *dec, double *prob);
/* The same with shift[c] added to each class's decision value first (NULL:
 * nothing): the share of features a scorer folded out of x (see
 * ht_extractor_fold_chars). */
int ht_model_predict_shifted(const ht_model *m, const struct feature_node *x,
                             const double *shift, double *dec, double *prob);

/* Number of feature rows with any non-zero weight (what the file stores). */
size_t ht_model_nonzero_rows(const ht_model *m);
/* Index of label name, or -1. */
int ht_model_label_index(const ht_model *m, const char *label);

#endif
