/* train.h: fitting a task's model with liblinear's logistic regression.
 *
 * The regularisation C is chosen on a grid, by stratified k-fold
 * cross-validation on the training set or, when a dev set is given, on dev;
 * the figure that decides is macro-F1. Folds come from a seeded generator of
 * our own (not rand()); liblinear's primal solver draws no random numbers and
 * the dual one draws from a generator seeded for each fit, so the same data
 * and seed always give the same model. Folds run on several threads. */
#ifndef HT_TRAIN_H
#define HT_TRAIN_H

#include <stdint.h>

/* The C search takes the smallest C whose macro-F1 is within this of the
 * best: more regularisation for no difference one could measure. */
#define HT_C_TOLERANCE 0.002

#include "classifier/model.h"
#include "training/dataset.h"

#define HT_TRAIN_GRID_MAX 16

/* The solvers of the same problem, L2-regularised logistic regression
 * (one-vs-rest, bias regularised): liblinear's primal trust-region Newton
 * method, or dual coordinate descent (training/dual.h), faster at large C. */
enum { HT_SOLVER_PRIMAL = 0, HT_SOLVER_DUAL = 1 };

/* How the costs of the one-vs-rest problems weight the classes. With n
 * records, k classes and n_c of class c, the problem of class c costs
 *   HT_BALANCE_NONE      C for every record;
 *   HT_BALANCE_CLASSES   C n / (k n_c) for the records of c, C for the rest
 *                        (liblinear's -wc for multi-class problems);
 *   HT_BALANCE_PROBLEMS  C m / (2 m_+) for the records of c and C m / (2 m_-)
 *                        for the rest, m_+ and m_- counted in the records the
 *                        problem is fitted on (m of them): each problem
 *                        balanced between its two sides, as scikit-learn's
 *                        class_weight='balanced' inside a one-vs-rest fit. */
enum { HT_BALANCE_NONE = 0, HT_BALANCE_CLASSES = 1, HT_BALANCE_PROBLEMS = 2 };

typedef struct ht_train_options {
    double C;          /* > 0: use this C; 0: choose it */
    int folds;         /* cross-validation folds when choosing C without dev (>= 2) */
    int repeats;       /* the cross-validation repeated with the folds dealt by seed, seed + 1,
                        * ...; the confusion matrices of all are summed (>= 1) */
    uint64_t seed;
    int balanced;      /* HT_BALANCE_*: how the classes are weighted */
    int solver;        /* HT_SOLVER_PRIMAL (liblinear's trust-region Newton) or HT_SOLVER_DUAL */
    double eps;        /* solver tolerance (0: liblinear's defaults, 0.01 primal, 0.1 dual) */
    int threads;       /* for the folds (>= 1) */
    /* NB log-count-ratio scaling (Wang & Manning 2012): nb_alpha > 0 turns it
     * on with that smoothing; see ht_nb_scale. Each one-vs-rest problem is
     * fitted on x scaled per feature and the scale folded back into its
     * weights, so the model scores plain vectors. The C search scales per
     * fold and class the same way. */
    double nb_alpha;
    double nb_beta;    /* scale = 1 - nb_beta + nb_beta * |r| (1: |r|, 0: no scaling) */
    int nb_binary;     /* r from feature presence instead of the feature values */
    /* Class offsets: add to each class's bias weight the offset that
     * maximises macro-F1 on the held-out decision values of the chosen C
     * (cross-validation, or the dev set); the largest class keeps 0. */
    int offsets;
    /* Called after each fit while choosing C: done of total fits. May be NULL. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
} ht_train_options;

typedef struct ht_train_report {
    double C;                      /* chosen (or given) */
    int on_dev;                    /* 1: C chosen on the dev set; 0: by cross-validation */
    int ngrid;
    double grid_C[HT_TRAIN_GRID_MAX];
    double grid_macro_f1[HT_TRAIN_GRID_MAX];
    double grid_accuracy[HT_TRAIN_GRID_MAX];
    double macro_f1, accuracy;     /* of the chosen C, on dev or cross-validated */
    int adjusted;                  /* class offsets chosen (opt->offsets) */
    double offset[HT_MAX_CLASSES]; /* added to each class's bias weight */
    /* With the offsets: on cross-validation nested (each fold scored with
     * offsets chosen on the others), on a dev set on dev itself. */
    double adjusted_macro_f1, adjusted_accuracy;
} ht_train_report;

ht_train_options ht_train_defaults(void);

/* The NB scale of every feature for class cls, from the records of ds whose
 * fold is not `leave` (fold NULL: all): with P_j, Q_j the sums of feature j's
 * values (or presences, opt->nb_binary) over the records of cls and of the
 * other classes, a = opt->nb_alpha and D = 2^hash_bits,
 *   r_j = log((a + P_j) / (a D + sum P)) - log((a + Q_j) / (a D + sum Q)),
 *   scale[j] = 1 - opt->nb_beta + opt->nb_beta * |r_j|   for j = 1..D;
 * scale[D + 1] (the bias feature) is 1 and scale[0] is unused. scale holds
 * D + 2 entries. Returns 0 when out of memory. */
int ht_nb_scale(const ht_dataset *ds, const int *fold, int leave, int cls,
                const ht_train_options *opt, double *scale);

/* Trains on train (dev may be NULL). The model's info is left for the caller. */
ht_model *ht_train(const ht_dataset *train, const ht_dataset *dev, const ht_train_options *opt,
                   ht_train_report *rep, ht_error *err);

#endif
