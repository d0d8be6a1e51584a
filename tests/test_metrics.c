/* test_metrics.c: confusion matrices checked against figures worked out by
 * hand, including the degenerate cases where a division would be by zero,
 * and the bootstrap intervals against the binomial law. */
#include <stddef.h>

#include "tests/support.h"
#include "training/metrics.h"

#define EPS 1e-9

/* Adds cells[g][p] pairs (gold g, predicted p) to a new k-class matrix. */
static ht_metrics *from_cells(int k, const long *cells)
{
    ht_metrics *m = ht_metrics_new(k);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (int g = 0; g < k; g++)
        for (int p = 0; p < k; p++)
            for (long i = 0; i < cells[g * k + p]; i++)
                ht_metrics_add(m, g, p);
    return m;
}

/* Three classes (negative, neutral, positive); rows gold, columns predicted:
 *
 *              neg  neu  pos | gold
 *     neg        5    2    1 |    8
 *     neu        1    6    3 |   10
 *     pos        0    2    4 |    6
 *     predicted  6   10    8 | n = 24
 *
 * accuracy  = (5 + 6 + 4) / 24          = 15/24 = 0.625
 * neg: P = 5/6 = 0.8333, R = 5/8 = 0.625,  F1 = 2*5/(6+8)   = 10/14 = 0.714286
 * neu: P = 6/10 = 0.6,   R = 6/10 = 0.6,   F1 = 2*6/(10+10) = 12/20 = 0.6
 * pos: P = 4/8 = 0.5,    R = 4/6 = 0.6667, F1 = 2*4/(8+6)   = 8/14  = 0.571429
 * macro-F1 = (10/14 + 12/20 + 8/14) / 3 = (9/7 + 3/5) / 3 = 22/35 = 0.628571 */
static void test_three_classes(void)
{
    static const long cells[] = { 5, 2, 1, 1, 6, 3, 0, 2, 4 };
    ht_metrics *m = from_cells(3, cells);
    CU_ASSERT_EQUAL(m->n, 24);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_accuracy(m), 0.625, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 0), 5.0 / 6, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 0), 0.625, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 0), 10.0 / 14, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 1), 0.6, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 1), 0.6, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 1), 0.6, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 2), 0.5, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 2), 4.0 / 6, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 2), 8.0 / 14, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 22.0 / 35, EPS);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 0), 8);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 1), 10);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 2), 6);
    CU_ASSERT_EQUAL(m->confusion[1 * 3 + 2], 3);  /* gold neutral, predicted positive */
    ht_metrics_free(m);
}

/* Two classes (against, favor):
 *
 *              against favor | gold
 *     against        9     1 |   10
 *     favor          3     2 |    5
 *     predicted     12     3 | n = 15
 *
 * accuracy = 11/15 = 0.733333
 * against: P = 9/12 = 0.75,  R = 9/10 = 0.9, F1 = 18/22 = 9/11 = 0.818182
 * favor:   P = 2/3 = 0.6667, R = 2/5 = 0.4, F1 = 4/8 = 0.5
 * macro-F1 = (9/11 + 1/2) / 2 = 29/44 = 0.659091 */
static void test_two_classes(void)
{
    static const long cells[] = { 9, 1, 3, 2 };
    ht_metrics *m = from_cells(2, cells);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_accuracy(m), 11.0 / 15, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 0), 0.75, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 0), 0.9, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 0), 9.0 / 11, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 1), 2.0 / 3, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 1), 0.4, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 1), 0.5, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 29.0 / 44, EPS);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 1), 5);
    ht_metrics_free(m);
}

/* Class 1 is never predicted:
 *
 *              0  1  2 | gold
 *     0        4  0  1 |    5
 *     1        2  0  2 |    4
 *     2        0  0  3 |    3
 *     pred     6  0  6 | n = 12
 *
 * accuracy = 7/12
 * 0: P = 4/6, R = 4/5, F1 = 8/11
 * 1: P = 0 (0/0), R = 0/4 = 0, F1 = 0
 * 2: P = 3/6 = 0.5, R = 3/3 = 1, F1 = 6/9 = 2/3
 * macro-F1 = (8/11 + 0 + 2/3) / 3 = 46/99 = 0.464646 */
static void test_class_never_predicted(void)
{
    static const long cells[] = { 4, 0, 1, 2, 0, 2, 0, 0, 3 };
    ht_metrics *m = from_cells(3, cells);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_accuracy(m), 7.0 / 12, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 0), 8.0 / 11, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 1), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 1), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 1), 0.0, EPS);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 1), 4);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 2), 0.5, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 2), 1.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 2), 2.0 / 3, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 46.0 / 99, EPS);
    ht_metrics_free(m);
}

/* Class 1 is predicted once but never gold:
 *
 *              0  1 | gold
 *     0        2  1 |    3
 *     1        0  0 |    0
 *
 * accuracy = 2/3
 * 0: P = 2/2 = 1, R = 2/3, F1 = 4/5 = 0.8
 * 1: P = 0/1 = 0, R = 0 (0/0), F1 = 0
 * macro-F1 = 0.8 / 2 = 0.4 */
static void test_class_never_gold(void)
{
    static const long cells[] = { 2, 1, 0, 0 };
    ht_metrics *m = from_cells(2, cells);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_accuracy(m), 2.0 / 3, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 0), 0.8, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 1), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, 1), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 1), 0.0, EPS);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 1), 0);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 0.4, EPS);
    ht_metrics_free(m);
}

/* Class 2 is neither gold nor predicted: it is left out of the mean.
 *
 *              0  1  2 | gold
 *     0        2  0  0 |    2
 *     1        1  1  0 |    2
 *     2        0  0  0 |    0
 *
 * 0: P = 2/3, R = 1, F1 = 4/5; 1: P = 1, R = 1/2, F1 = 2/3
 * macro-F1 = (4/5 + 2/3) / 2 = 11/15 (not / 3) */
static void test_class_absent(void)
{
    static const long cells[] = { 2, 0, 0, 1, 1, 0, 0, 0, 0 };
    ht_metrics *m = from_cells(3, cells);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 11.0 / 15, EPS);
    ht_metrics_free(m);
    static const long one[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1 };  /* one record, right */
    m = from_cells(3, one);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 1.0, EPS);
    ht_metrics_free(m);
}

static void test_empty_matrix(void)
{
    ht_metrics *m = ht_metrics_new(3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->n, 0);
    CU_ASSERT_EQUAL(m->nr_class, 3);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_accuracy(m), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 0.0, EPS);
    for (int c = 0; c < 3; c++) {
        CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, c), 0.0, EPS);
        CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, c), 0.0, EPS);
        CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, c), 0.0, EPS);
        CU_ASSERT_EQUAL(ht_metrics_support(m, c), 0);
    }
    ht_metrics_free(m);
}

/* A perfect classifier: every figure is 1. */
static void test_perfect(void)
{
    static const long cells[] = { 3, 0, 0, 0, 1, 0, 0, 0, 7 };
    ht_metrics *m = from_cells(3, cells);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_accuracy(m), 1.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_macro_f1(m), 1.0, EPS);
    ht_metrics_free(m);
}

static void test_out_of_range(void)
{
    ht_metrics *m = ht_metrics_new(2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    ht_metrics_add(m, -1, 0);
    ht_metrics_add(m, 0, -1);
    ht_metrics_add(m, 2, 0);
    ht_metrics_add(m, 0, 2);
    ht_metrics_add(m, 1, 1);
    CU_ASSERT_EQUAL(m->n, 1);
    CU_ASSERT_EQUAL(m->confusion[0], 0);
    CU_ASSERT_EQUAL(m->confusion[3], 1);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_precision(m, 5), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_recall(m, -1), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(ht_metrics_f1(m, 2), 0.0, EPS);
    CU_ASSERT_EQUAL(ht_metrics_support(m, 2), 0);
    ht_metrics_free(m);

    CU_ASSERT_PTR_NULL(ht_metrics_new(0));
    CU_ASSERT_PTR_NULL(ht_metrics_new(-3));
    ht_metrics_free(NULL);
}

/* 400 pairs, half of them right: a resample's accuracy is a binomial count
 * over 400, whose 95 % interval is 0.5 +- 1.96 * sqrt(0.25 / 400) = 0.451 ..
 * 0.549. The bootstrap's must come close; the same seed gives the same. */
static void test_bootstrap_binomial(void)
{
    int gold[400], predicted[400];
    for (int i = 0; i < 400; i++) {
        gold[i] = i % 2;
        predicted[i] = (i / 2) % 2;  /* right on every other pair of records */
    }
    ht_interval acc, f1, acc2, f12;
    CU_ASSERT_TRUE_FATAL(ht_metrics_bootstrap(gold, predicted, 400, 2, 2000, 0.95, 7, &acc, &f1));
    CU_ASSERT_DOUBLE_EQUAL(acc.lo, 0.451, 0.012);
    CU_ASSERT_DOUBLE_EQUAL(acc.hi, 0.549, 0.012);
    CU_ASSERT_TRUE(f1.lo < 0.5 && f1.hi > 0.5 && f1.lo > 0.4 && f1.hi < 0.6);
    CU_ASSERT_TRUE_FATAL(ht_metrics_bootstrap(gold, predicted, 400, 2, 2000, 0.95, 7, &acc2, &f12));
    CU_ASSERT_TRUE(acc.lo == acc2.lo && acc.hi == acc2.hi && f1.lo == f12.lo && f1.hi == f12.hi);
    /* A quarter of the data: the interval twice as wide. */
    ht_interval small, unused;
    CU_ASSERT_TRUE_FATAL(ht_metrics_bootstrap(gold, predicted, 100, 2, 2000, 0.95, 7, &small,
                                              &unused));
    double ratio = (small.hi - small.lo) / (acc.hi - acc.lo);
    CU_ASSERT_TRUE(ratio > 1.7 && ratio < 2.3);
}

/* Always right: every resample is perfect. Nothing to resample: refused. */
static void test_bootstrap_degenerate(void)
{
    int gold[50], predicted[50];
    for (int i = 0; i < 50; i++)
        gold[i] = predicted[i] = i % 3;
    ht_interval acc, f1;
    CU_ASSERT_TRUE_FATAL(ht_metrics_bootstrap(gold, predicted, 50, 3, 500, 0.95, 1, &acc, &f1));
    CU_ASSERT_DOUBLE_EQUAL(acc.lo, 1.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(acc.hi, 1.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(f1.lo, 1.0, EPS);
    CU_ASSERT_FALSE(ht_metrics_bootstrap(gold, predicted, 0, 3, 500, 0.95, 1, &acc, &f1));
    CU_ASSERT_FALSE(ht_metrics_bootstrap(gold, predicted, 50, 3, 500, 1.5, 1, &acc, &f1));
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "three classes", test_three_classes },
        { "two classes", test_two_classes },
        { "class never predicted", test_class_never_predicted },
        { "class never gold", test_class_never_gold },
        { "class neither gold nor predicted: left out of macro-F1", test_class_absent },
        { "empty matrix", test_empty_matrix },
        { "perfect classifier", test_perfect },
        { "out-of-range classes", test_out_of_range },
        { "bootstrap interval of a binomial", test_bootstrap_binomial },
        { "bootstrap of a perfect classifier, of nothing", test_bootstrap_degenerate },
        { NULL, NULL }
    };
    return ht_test_main("metrics", cases);
}
