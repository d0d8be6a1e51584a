/* import.h: models trained elsewhere, in liblinear's text format.
 *
 * liblinear-train (and Distributed LIBLINEAR, which writes the same file) can
 * fit a model on the vectors `haltung features` writes. This reads such a
 * file and puts its weights into a new haltung model with the task, feature
 * settings and labels of a model made with the same features (`like`). Only
 * the logistic-regression solvers are taken: scoring needs probabilities.
 * Every refusal names the file and, where there is one, the line. */
#ifndef HT_IMPORT_H
#define HT_IMPORT_H

#include "classifier/model.h"
#include "features/error.h"

/* Which class of `like` each liblinear label integer stands for. With no
 * map (NULL or n == 0), label k is class k: what `haltung features` writes. */
typedef struct ht_label_map {
    int n;
    int from[HT_MAX_CLASSES];  /* liblinear label integers */
    int to[HT_MAX_CLASSES];    /* class numbers of like */
} ht_label_map;

/* What the file said, for the new model's info. */
typedef struct ht_import_info {
    char solver[24];  /* L2R_LR, L1R_LR or L2R_LR_DUAL */
    int nr_feature;   /* liblinear's feature count: the largest index it was trained on */
    double bias;      /* the bias feature's value; < 0: no bias term */
} ht_import_info;

/* Reads the liblinear text model at path and returns a new model (owned by
 * the caller; ht_model_free) with like's task, feature settings and labels
 * and the file's weights; its info is left empty. like_name names `like` in
 * messages. Refuses: other solvers, a class count other than like's, labels
 * that are not distinct classes of like, more features than like's feature
 * space, malformed lines (with their number), missing or extra weight rows,
 * weights that are not finite float32 numbers. */
ht_model *ht_import_liblinear(const char *path, const ht_model *like, const char *like_name,
                              const ht_label_map *map, ht_import_info *info, ht_error *err);

#endif
