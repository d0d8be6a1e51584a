/* metrics.c: confusion matrices and the evaluation figures derived from them.
 *
 * Every figure that would divide by zero (no data, a class never predicted or
 * never gold) is 0, so that reports and model selection never see NaN. */
#include "training/metrics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "features/hash.h"

ht_metrics *ht_metrics_new(int nr_class)
{
    if (nr_class < 1 || (size_t)nr_class > SIZE_MAX / (size_t)nr_class)
        return NULL;
    ht_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->confusion = calloc((size_t)nr_class * (size_t)nr_class, sizeof *m->confusion);
    if (!m->confusion) {
        free(m);
        return NULL;
    }
    m->nr_class = nr_class;
    return m;
}

void ht_metrics_free(ht_metrics *m)
{
    if (!m)
        return;
    free(m->confusion);
    free(m);
}

static int valid_class(const ht_metrics *m, int c)
{
    return m && c >= 0 && c < m->nr_class;
}

static long cell(const ht_metrics *m, int gold, int predicted)
{
    return m->confusion[(size_t)gold * (size_t)m->nr_class + (size_t)predicted];
}

/* Labels outside the model's classes cannot be placed in the matrix; they are
 * left out rather than corrupting a neighbouring cell. */
void ht_metrics_add(ht_metrics *m, int gold, int predicted)
{
    if (!valid_class(m, gold) || !valid_class(m, predicted))
        return;
    m->confusion[(size_t)gold * (size_t)m->nr_class + (size_t)predicted]++;
    m->n++;
}

static double ratio(long num, long den)
{
    return den > 0 ? (double)num / (double)den : 0.0;
}

double ht_metrics_accuracy(const ht_metrics *m)
{
    if (!m)
        return 0.0;
    long right = 0;
    for (int c = 0; c < m->nr_class; c++)
        right += cell(m, c, c);
    return ratio(right, m->n);
}

static long predicted_count(const ht_metrics *m, int c)
{
    long n = 0;
    for (int g = 0; g < m->nr_class; g++)
        n += cell(m, g, c);
    return n;
}

double ht_metrics_precision(const ht_metrics *m, int c)
{
    return valid_class(m, c) ? ratio(cell(m, c, c), predicted_count(m, c)) : 0.0;
}

double ht_metrics_recall(const ht_metrics *m, int c)
{
    return valid_class(m, c) ? ratio(cell(m, c, c), ht_metrics_support(m, c)) : 0.0;
}

double ht_metrics_f1(const ht_metrics *m, int c)
{
    double p = ht_metrics_precision(m, c), r = ht_metrics_recall(m, c);
    return p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

double ht_metrics_macro_f1(const ht_metrics *m)
{
    if (!m)
        return 0.0;
    double sum = 0.0;
    int classes = 0;
    for (int c = 0; c < m->nr_class; c++)
        if (ht_metrics_support(m, c) > 0 || predicted_count(m, c) > 0) {
            sum += ht_metrics_f1(m, c);
            classes++;
        }
    return classes ? sum / classes : 0.0;
}

long ht_metrics_support(const ht_metrics *m, int c)
{
    if (!valid_class(m, c))
        return 0;
    long n = 0;
    for (int p = 0; p < m->nr_class; p++)
        n += cell(m, c, p);
    return n;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank quantile q of v[0..n), which it sorts. */
static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[(size_t)(q * (n - 1) + 0.5)];
}

int ht_metrics_bootstrap(const int *gold, const int *predicted, size_t n, int nr_class,
                         int rounds, double level, uint64_t seed, ht_interval *accuracy,
                         ht_interval *macro_f1)
{
    if (n == 0 || rounds < 1 || !(level > 0 && level < 1))
        return 0;
    ht_metrics *m = ht_metrics_new(nr_class);
    double *acc = malloc((size_t)rounds * sizeof *acc);
    double *f1 = malloc((size_t)rounds * sizeof *f1);
    int ok = m && acc && f1;
    uint64_t state = seed;
    for (int r = 0; ok && r < rounds; r++) {
        memset(m->confusion, 0, (size_t)nr_class * (size_t)nr_class * sizeof *m->confusion);
        m->n = 0;
        for (size_t j = 0; j < n; j++) {
            size_t i = (size_t)(ht_splitmix64(&state) % n);
            ht_metrics_add(m, gold[i], predicted[i]);
        }
        acc[r] = ht_metrics_accuracy(m);
        f1[r] = ht_metrics_macro_f1(m);
    }
    if (ok) {
        double lo = (1 - level) / 2, hi = (1 + level) / 2;
        accuracy->lo = quantile(acc, rounds, lo);
        accuracy->hi = quantile(acc, rounds, hi);
        macro_f1->lo = quantile(f1, rounds, lo);
        macro_f1->hi = quantile(f1, rounds, hi);
    }
    ht_metrics_free(m);
    free(acc);
    free(f1);
    return ok;
}
