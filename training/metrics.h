/* metrics.h: confusion matrices and the figures computed from them. */
#ifndef HT_METRICS_H
#define HT_METRICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ht_metrics {
    int nr_class;
    long n;
    long *confusion;  /* nr_class * nr_class, confusion[gold * nr_class + predicted] */
} ht_metrics;

ht_metrics *ht_metrics_new(int nr_class);
void ht_metrics_free(ht_metrics *m);
void ht_metrics_add(ht_metrics *m, int gold, int predicted);

double ht_metrics_accuracy(const ht_metrics *m);
/* Per class; a class never predicted (or never gold) has precision (recall) 0 and F1 0. */
double ht_metrics_precision(const ht_metrics *m, int c);
double ht_metrics_recall(const ht_metrics *m, int c);
double ht_metrics_f1(const ht_metrics *m, int c);
/* Unweighted mean of the per-class F1 over the classes that are gold or
 * predicted at least once (as scikit-learn's f1_score(average="macro")
 * counts them): a class absent from both, as from a small test set or a
 * bootstrap resample, neither helps nor costs. */
double ht_metrics_macro_f1(const ht_metrics *m);
long ht_metrics_support(const ht_metrics *m, int c);

typedef struct ht_interval {
    double lo, hi;
} ht_interval;

/* Percentile bootstrap intervals of accuracy and macro-F1 over n (gold,
 * predicted) pairs of nr_class classes: `rounds` resamples of n pairs each,
 * drawn with replacement by a generator seeded with seed, and the
 * (1 - level) / 2 and (1 + level) / 2 quantiles of the resamples' figures
 * (nearest rank). They say how much the figures would move on another
 * sample of the same size. Returns 0 if out of memory or given nothing. */
int ht_metrics_bootstrap(const int *gold, const int *predicted, size_t n, int nr_class,
                         int rounds, double level, uint64_t seed, ht_interval *accuracy,
                         ht_interval *macro_f1);

#endif
