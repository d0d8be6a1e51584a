/* dual.h: L2-regularised logistic regression by dual coordinate descent.
 *
 * The method of liblinear's solver 7 (Yu, Huang & Lin 2011, "Dual coordinate
 * descent methods for logistic regression and maximum entropy models"),
 * with one difference that matters here: the order in which it visits the
 * records comes from a seeded generator of its own (ht_splitmix64), where
 * liblinear's comes from libc's rand(), one state shared by every thread of
 * the process. So fits on several threads at once give the same weights as
 * one by one. */
#ifndef HT_DUAL_H
#define HT_DUAL_H

#include <linear.h>
#include <stdint.h>

/* Minimises 0.5 |w|^2 + sum_i C_i log(1 + exp(-y_i w.x_i)) over the binary
 * problem prob (y > 0: the positive class; the bias, if any, is a feature
 * of x as liblinear keeps it), C_i = Cp for positive and Cn for negative
 * records, until no coordinate's gradient exceeds eps (or after 1,000 passes).
 * w receives prob->n weights; a positive w.x scores the positive class.
 * from (NULL: a fresh start) holds prob->l fractions a_i / C_i of an earlier
 * fit of the same records, where this one starts: a warm start for a
 * larger C. to (NULL: not wanted; may be from) receives this fit's.
 * Returns the passes made, or -1 when out of memory. */
int ht_dual_fit(const struct problem *prob, double Cp, double Cn, double eps, uint64_t seed,
                const double *from, double *to, double *w);

#endif
