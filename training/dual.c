/* dual.c: L2-regularised logistic regression by dual coordinate descent.
 *
 * Each record i has a dual variable a_i in (0, C_i), and w = sum_i y_i a_i x_i.
 * A pass visits the records in a fresh random order and, for each, solves
 * its one-variable problem by Newton's method: with q = x_i.x_i and
 * g = y_i w.x_i, the change z - a_i that minimises
 *     0.5 q (z - a)^2 + g (z - a) + z ln z + (C - z) ln(C - z)
 * (liblinear's solve_l2r_lr_dual; the paper's section 3). The entropy
 * terms keep a_i strictly inside (0, C), which is why a and C - a are both
 * kept: whichever is smaller is the one solved for, so that neither is
 * computed as a difference of nearly equal numbers. Far more of the work is
 * the one sparse dot and the one update of w per record than the few Newton
 * steps, which is what makes it faster than the primal trust-region method
 * at the large C that wide hashed models choose. */
#include "training/dual.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/hash.h"

#define MAX_PASSES 1000
#define MAX_NEWTON 100

typedef struct dual_state {
    const struct problem *prob;
    double *a;      /* a_i and C_i - a_i, side by side */
    double *q;      /* x_i.x_i */
    int *order;
    double inner_eps;
} dual_state;

static double cost(const dual_state *s, int i, double Cp, double Cn)
{
    return s->prob->y[i] > 0 ? Cp : Cn;
}

static double dot(const double *w, const struct feature_node *x)
{
    double d = 0;
    for (; x->index != -1; x++)
        d += w[x->index - 1] * x->value;
    return d;
}

static double dot_self(const struct feature_node *x)
{
    double d = 0;
    for (; x->index != -1; x++)
        d += x->value * x->value;
    return d;
}

static void axpy(double f, const struct feature_node *x, double *w)
{
    for (; x->index != -1; x++)
        w[x->index - 1] += f * x->value;
}

/* Solves record i's problem and updates w; returns the Newton steps taken
 * and raises *gmax to the size of the gradient found before them. */
static int update(dual_state *s, int i, double C, double *w, double *gmax)
{
    const struct feature_node *x = s->prob->x[i];
    double y = s->prob->y[i] > 0 ? 1 : -1, q = s->q[i], g = y * dot(w, x);
    int lo = 2 * i, hi = 2 * i + 1, sign = 1;
    if (0.5 * q * (s->a[hi] - s->a[lo]) + g < 0) {  /* the other side is the smaller move */
        lo = 2 * i + 1;
        hi = 2 * i;
        sign = -1;
    }
    double old = s->a[lo], z = old;
    if (C - z < 0.5 * C)
        z *= 0.1;
    double gp = q * (z - old) + sign * g + log(z / (C - z));
    if (fabs(gp) > *gmax)
        *gmax = fabs(gp);
    int steps = 0;
    while (steps <= MAX_NEWTON && fabs(gp) >= s->inner_eps) {
        double next = z - gp / (q + C / (C - z) / z);
        z = next <= 0 ? z * 0.1 : next;  /* a step past 0 shrinks toward it instead */
        gp = q * (z - old) + sign * g + log(z / (C - z));
        steps++;
    }
    if (steps > 0) {
        s->a[lo] = z;
        s->a[hi] = C - z;
        axpy(sign * (z - old) * y, x, w);
    }
    return steps;
}

static void shuffle(int *order, int l, uint64_t *rng)
{
    for (int i = l - 1; i > 0; i--) {
        int j = (int)(ht_splitmix64(rng) % (uint64_t)(i + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

int ht_dual_fit(const struct problem *prob, double Cp, double Cn, double eps, uint64_t seed,
                const double *from, double *to, double *w)
{
    int l = prob->l;
    size_t m = l > 0 ? (size_t)l : 1;
    dual_state s = { .prob = prob, .a = malloc(2 * m * sizeof *s.a),
                     .q = malloc(m * sizeof *s.q), .order = malloc(m * sizeof *s.order),
                     .inner_eps = 1e-2 };
    if (!s.a || !s.q || !s.order) {
        free(s.a);
        free(s.q);
        free(s.order);
        return -1;
    }
    memset(w, 0, (size_t)prob->n * sizeof *w);
    for (int i = 0; i < l; i++) {
        double C = cost(&s, i, Cp, Cn), edge = fmin(0.001 * C, 1e-8);
        s.a[2 * i] = from ? fmin(fmax(from[i] * C, edge), C - edge) : edge;
        s.a[2 * i + 1] = C - s.a[2 * i];
        s.q[i] = dot_self(prob->x[i]);
        axpy((prob->y[i] > 0 ? 1 : -1) * s.a[2 * i], prob->x[i], w);
        s.order[i] = i;
    }
    double inner_min = fmin(1e-8, eps);
    uint64_t rng = seed;
    int pass = 0;
    while (pass < MAX_PASSES) {
        shuffle(s.order, l, &rng);
        double gmax = 0;
        long steps = 0;
        for (int k = 0; k < l; k++) {
            int i = s.order[k];
            steps += update(&s, i, cost(&s, i, Cp, Cn), w, &gmax);
        }
        pass++;
        if (gmax < eps)
            break;
        /* Few Newton steps in a pass: the inner problems are nearly solved,
         * so ask more of them. */
        if (steps <= l / 10)
            s.inner_eps = fmax(inner_min, 0.1 * s.inner_eps);
    }
    for (int i = 0; to && i < l; i++)
        to[i] = s.a[2 * i] / cost(&s, i, Cp, Cn);
    free(s.a);
    free(s.q);
    free(s.order);
    return pass;
}
