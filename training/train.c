/* train.c: choosing C and fitting liblinear's logistic regression. */
#include "training/train.h"

#include <linear.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "features/hash.h"
#include "training/dual.h"
#include "training/metrics.h"

static const double grid[] = { 1, 2, 4, 8, 16, 32, 64 };
/* Within this much macro-F1 of the best, the smallest C (the strongest
 * regularisation) is taken: differences that small are noise between folds. */
#define F1_TOLERANCE HT_C_TOLERANCE
#define NGRID (sizeof grid / sizeof *grid)

/* Online processors, at most 16: the folds run in parallel. */
static int cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

ht_train_options ht_train_defaults(void)
{
    return (ht_train_options){ .C = 0, .folds = 5, .repeats = 1, .seed = 1, .balanced = 0,
                               .eps = 0, .threads = cpus(), .nb_alpha = 0, .nb_beta = 1 };
}

int ht_nb_scale(const ht_dataset *ds, const int *fold, int leave, int cls,
                const ht_train_options *opt, double *scale)
{
    size_t dim = (size_t)1 << ds->cfg.hash_bits;
    double *p = calloc(dim + 1, sizeof *p), *q = calloc(dim + 1, sizeof *q);
    if (!p || !q) {
        free(p);
        free(q);
        return 0;
    }
    double sp = 0, sq = 0;
    for (size_t i = 0; i < ds->n; i++) {
        if (fold && fold[i] == leave)
            continue;
        int pos = ds->y[i] == cls;
        double *t = pos ? p : q, sum = 0;
        for (const struct feature_node *x = ht_dataset_x(ds, i); x->index != -1; x++) {
            if (x->index < 1 || (size_t)x->index > dim)
                continue;  /* the bias */
            double v = opt->nb_binary ? (x->value != 0) : fabs(x->value);
            t[x->index] += v;
            sum += v;
        }
        *(pos ? &sp : &sq) += sum;
    }
    double a = opt->nb_alpha, np = a * (double)dim + sp, nq = a * (double)dim + sq;
    double lp = log(np), lq = log(nq);
    scale[0] = 0;
    for (size_t j = 1; j <= dim; j++) {
        double r = (log(a + p[j]) - lp) - (log(a + q[j]) - lq);
        scale[j] = 1 - opt->nb_beta + opt->nb_beta * fabs(r);
    }
    scale[dim + 1] = 1;
    free(p);
    free(q);
    return 1;
}

/* The records of ds whose fold is not `leave` (fold NULL: all) as a binary
 * problem, +1 for class cls and -1 for the rest, every value multiplied by
 * scale[index] (scale NULL: the vectors as they are, shared with ds). */
typedef struct binproblem {
    struct problem prob;
    double *y;
    struct feature_node **x;
    struct feature_node *nodes;
} binproblem;

static int binproblem_init(binproblem *bp, const ht_dataset *ds, const int *fold, int leave,
                           int cls, const double *scale)
{
    memset(bp, 0, sizeof *bp);
    size_t n = ds->n ? ds->n : 1, nodes = 0;
    bp->y = malloc(n * sizeof *bp->y);
    bp->x = malloc(n * sizeof *bp->x);
    if (!bp->y || !bp->x)
        return 0;
    if (scale) {
        for (size_t i = 0; i < ds->n; i++) {
            if (fold && fold[i] == leave)
                continue;
            const struct feature_node *x = ht_dataset_x(ds, i);
            size_t m = 0;
            while (x[m].index != -1)
                m++;
            nodes += m + 1;
        }
        if (!(bp->nodes = malloc((nodes ? nodes : 1) * sizeof *bp->nodes)))
            return 0;
    }
    int l = 0;
    size_t at = 0;
    for (size_t i = 0; i < ds->n; i++) {
        if (fold && fold[i] == leave)
            continue;
        bp->y[l] = ds->y[i] == cls ? 1 : -1;
        struct feature_node *x = ht_dataset_x(ds, i);
        if (scale) {
            bp->x[l] = bp->nodes + at;
            for (; x->index != -1; x++)
                bp->nodes[at++] = (struct feature_node){ x->index, x->value * scale[x->index] };
            bp->nodes[at++] = (struct feature_node){ -1, 0 };
        } else {
            bp->x[l] = x;
        }
        l++;
    }
    bp->prob.l = l;
    bp->prob.n = (int)(1u << ds->cfg.hash_bits) + 1;
    bp->prob.y = bp->y;
    bp->prob.x = bp->x;
    bp->prob.bias = 1;
    return 1;
}

static void binproblem_free(binproblem *bp)
{
    free(bp->y);
    free(bp->x);
    free(bp->nodes);
}

/* Fits a binary problem (+1: the class) with cost C * wp for +1 and C * wn
 * for -1, starting from init, the weights of a fit at a smaller C (NULL: zeros).
 * The dual solver starts instead from frac, that fit's a_i / C_i (prob->l of
 * them; read when init is given, then overwritten with this fit's; NULL:
 * a fresh start). Returns the weights in liblinear's layout (prob->n of
 * them; NULL: no memory) and sets *sign so that sign * w scores the class
 * (liblinear's first label is the first record's). seed orders the dual
 * solver's passes; each fit has its own, so that threads cannot change it. */
static double *fit_binary(const struct problem *prob, const struct parameter *param, double wp,
                          double wn, const double *init, double *frac,
                          const ht_train_options *opt, uint64_t seed, double *sign)
{
    if (opt->solver == HT_SOLVER_DUAL) {
        double *w = malloc(((size_t)prob->n + 1) * sizeof *w);
        double eps = opt->eps > 0 ? opt->eps : 0.1;
        const double *from = init ? frac : NULL;
        if (w && ht_dual_fit(prob, param->C * wp, param->C * wn, eps, seed, from, frac, w) < 0) {
            free(w);
            w = NULL;
        }
        *sign = 1;
        return w;
    }
    struct parameter p = *param;
    int label[2] = { 1, -1 };
    double weight[2] = { wp, wn };
    int positives = 0, negatives = 0;
    for (int i = 0; i < prob->l && !(positives && negatives); i++) {
        positives |= prob->y[i] == 1;
        negatives |= prob->y[i] != 1;
    }
    /* a class with no records, or only one class: weigh only the side there
     * is, or liblinear prints a warning of its own about a label not found */
    p.nr_weight = positives + negatives;
    p.weight_label = positives ? label : label + 1;
    p.weight = positives ? weight : weight + 1;
    p.init_sol = (double *)init;
    struct model *lm = train(prob, &p);
    if (!lm)
        return NULL;
    *sign = lm->label[0] == 1 ? 1 : -1;
    double *w = lm->w;
    lm->w = NULL;
    free_and_destroy_model(&lm);
    return w;
}

/* The dual solver's seed for one fit: the class, fold (-1: the final fit)
 * and grid step mixed into the user's seed. */
static uint64_t fit_seed(const ht_train_options *opt, int cls, int fold, size_t g)
{
    uint64_t state = opt->seed ^ ((uint64_t)(cls + 1) << 48) ^ ((uint64_t)(fold + 1) << 32) ^ g;
    return ht_splitmix64(&state);
}

static double class_weight(const ht_dataset *ds, const ht_train_options *opt, int c)
{
    if (opt->balanced != HT_BALANCE_CLASSES || !ds->count[c])
        return 1;
    return (double)ds->n / ((double)ds->nr_class * (double)ds->count[c]);
}

/* The cost factors of the two sides of class c's binary problem prob (see
 * HT_BALANCE_*); a side without records keeps 1. */
static void side_weights(const struct problem *prob, const ht_dataset *ds,
                         const ht_train_options *opt, int c, double *wp, double *wn)
{
    *wp = class_weight(ds, opt, c);
    *wn = 1;
    if (opt->balanced != HT_BALANCE_PROBLEMS)
        return;
    int pos = 0;
    for (int i = 0; i < prob->l; i++)
        pos += prob->y[i] > 0;
    if (pos > 0 && pos < prob->l) {
        *wp = prob->l / (2.0 * pos);
        *wn = prob->l / (2.0 * (prob->l - pos));
    }
}

/* Stratified folds: each class's records shuffled and dealt out in turn. */
static int *make_folds(const ht_dataset *ds, int k, uint64_t seed)
{
    int *fold = malloc((ds->n ? ds->n : 1) * sizeof *fold);
    size_t *idx = malloc((ds->n ? ds->n : 1) * sizeof *idx);
    if (!fold || !idx) {
        free(fold);
        free(idx);
        return NULL;
    }
    uint64_t state = seed;
    int next = 0;
    for (int c = 0; c < ds->nr_class; c++) {
        size_t m = 0;
        for (size_t i = 0; i < ds->n; i++)
            if (ds->y[i] == c)
                idx[m++] = i;
        for (size_t i = m; i > 1; i--) {
            size_t j = (size_t)(ht_splitmix64(&state) % i);
            size_t t = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = t;
        }
        for (size_t i = 0; i < m; i++) {
            fold[idx[i]] = next;
            next = (next + 1) % k;
        }
    }
    free(idx);
    return fold;
}

/* A liblinear problem over the records of ds whose fold is not `leave` (-1: all). */
typedef struct subproblem {
    struct problem prob;
    double *y;
    struct feature_node **x;
} subproblem;

static int subproblem_init(subproblem *sp, const ht_dataset *ds, const int *fold, int leave)
{
    memset(sp, 0, sizeof *sp);
    sp->y = malloc((ds->n ? ds->n : 1) * sizeof *sp->y);
    sp->x = malloc((ds->n ? ds->n : 1) * sizeof *sp->x);
    if (!sp->y || !sp->x)
        return 0;
    int l = 0;
    for (size_t i = 0; i < ds->n; i++) {
        if (fold && fold[i] == leave)
            continue;
        sp->y[l] = ds->y[i];
        sp->x[l] = ht_dataset_x(ds, i);
        l++;
    }
    sp->prob.l = l;
    sp->prob.n = (int)(1u << ds->cfg.hash_bits) + 1;
    sp->prob.y = sp->y;
    sp->prob.x = sp->x;
    sp->prob.bias = 1;
    return 1;
}

static void subproblem_free(subproblem *sp)
{
    free(sp->y);
    free(sp->x);
}

typedef struct weights {
    int label[HT_MAX_CLASSES];
    double weight[HT_MAX_CLASSES];
} weights;

static struct parameter make_param(const ht_dataset *ds, const ht_train_options *opt, double C,
                                   weights *w)
{
    struct parameter p;
    memset(&p, 0, sizeof p);
    p.solver_type = L2R_LR;
    p.C = C;
    p.eps = opt->eps > 0 ? opt->eps : 0.01;
    if (opt->balanced == HT_BALANCE_CLASSES) {
        int m = 0;
        for (int c = 0; c < ds->nr_class; c++) {
            if (!ds->count[c])
                continue;
            w->label[m] = c;
            w->weight[m] = (double)ds->n / ((double)ds->nr_class * (double)ds->count[c]);
            m++;
        }
        p.nr_weight = m;
        p.weight_label = w->label;
        p.weight = w->weight;
    }
    return p;
}

/* Keeps in p's class weights only the classes prob has records of: a
 * cross-validation fold may lack a small class, and liblinear prints a
 * warning of its own for a weighted label it does not find. */
static void weigh_present(struct parameter *p, const struct problem *prob)
{
    int m = 0;
    for (int k = 0; k < p->nr_weight; k++) {
        int seen = 0;
        for (int i = 0; i < prob->l && !seen; i++)
            seen = (int)prob->y[i] == p->weight_label[k];
        if (seen) {
            p->weight_label[m] = p->weight_label[k];
            p->weight[m] = p->weight[k];
            m++;
        }
    }
    p->nr_weight = m;
}

/* Predicts every record of ds in fold `only` (-1: all) and adds to metrics. */
static void evaluate(const struct model *lm, const ht_dataset *ds, const int *fold, int only,
                     ht_metrics *met)
{
    for (size_t i = 0; i < ds->n; i++) {
        if (fold && fold[i] != only)
            continue;
        int pred = (int)predict(lm, ht_dataset_x(ds, i));
        ht_metrics_add(met, ds->y[i], pred);
    }
}

/* One fold: train on ds without fold `leave` (-1: all of it) at every grid C
 * in ascending order, each fit starting from the previous one's weights (a
 * warm start: larger C moves the solution little), and score each on the
 * records of test in fold `leave` (test == ds) or on all of test (dev). */
typedef struct cv_job {
    const ht_dataset *ds, *test;
    const ht_train_options *opt;
    const int *fold;
    int leave;
    int id;            /* the job's number, for the dual solver's seeds */
    const double *cs;  /* the C values tried, ascending */
    size_t ncs;
    ht_metrics *met[NGRID];
    /* One-vs-rest jobs: the decision values of each C, test record and
     * class, dec[(g * test->n + i) * nr_class + c], shared by the jobs
     * (each writes only its own records). */
    double *dec;
    int failed;
} cv_job;

static void run_job(cv_job *j)
{
    subproblem sp;
    weights w;
    if (!subproblem_init(&sp, j->ds, j->fold, j->leave)) {
        subproblem_free(&sp);
        j->failed = 1;
        return;
    }
    double *init = NULL;
    for (size_t g = 0; g < j->ncs && !j->failed; g++) {
        struct parameter p = make_param(j->ds, j->opt, j->cs[g], &w);
        weigh_present(&p, &sp.prob);
        p.init_sol = init;
        struct model *lm = train(&sp.prob, &p);
        if (!lm) {
            j->failed = 1;
            break;
        }
        int cv = j->test == j->ds;
        evaluate(lm, j->test, cv ? j->fold : NULL, j->leave, j->met[g]);
        free(init);
        init = lm->w;  /* kept for the next fit; the model's other parts go */
        lm->w = NULL;
        free_and_destroy_model(&lm);
    }
    free(init);
    subproblem_free(&sp);
}

/* The same one class at a time, for NB scaling or class offsets:
 * liblinear's multi-class fit can neither scale each class's problem apart
 * nor give decision values, so the one-vs-rest problems (the same costs) are
 * fitted here, class after class, each with NB on its own scaled copy of
 * the training records, and the held-out records are scored with the folded
 * weights, as the shipped model scores them. */
static void run_job_ovr(cv_job *j)
{
    const ht_dataset *ds = j->ds, *test = j->test;
    int cv = test == ds, k = ds->nr_class, nb = j->opt->nb_alpha > 0;
    size_t dim = (size_t)1 << ds->cfg.hash_bits;
    double *scale = nb ? malloc((dim + 2) * sizeof *scale) : NULL;
    double *frac = j->opt->solver == HT_SOLVER_DUAL ? malloc((ds->n + 1) * sizeof *frac) : NULL;
    if ((nb && !scale) || (j->opt->solver == HT_SOLVER_DUAL && !frac))
        j->failed = 1;
    for (int c = 0; c < k && !j->failed; c++) {
        binproblem bp;
        memset(&bp, 0, sizeof bp);
        if ((nb && !ht_nb_scale(ds, j->fold, j->leave, c, j->opt, scale)) ||
            !binproblem_init(&bp, ds, j->fold, j->leave, c, scale)) {
            binproblem_free(&bp);
            j->failed = 1;
            break;
        }
        double *init = NULL, wp, wn;
        side_weights(&bp.prob, ds, j->opt, c, &wp, &wn);
        for (size_t g = 0; g < j->ncs && !j->failed; g++) {
            weights w;
            struct parameter p = make_param(ds, j->opt, j->cs[g], &w);
            double sign;
            double *raw = fit_binary(&bp.prob, &p, wp, wn, init, frac, j->opt,
                                     fit_seed(j->opt, c, j->id, g), &sign);
            if (!raw) {
                j->failed = 1;
                break;
            }
            for (size_t i = 0; i < test->n; i++) {
                if (cv && j->fold[i] != j->leave)
                    continue;
                double d = 0;
                for (const struct feature_node *x = ht_dataset_x(test, i); x->index != -1; x++)
                    if (x->index >= 1 && x->index <= bp.prob.n)
                        d += raw[x->index - 1] * (nb ? scale[x->index] : 1) * x->value;
                j->dec[(g * test->n + i) * (size_t)k + (size_t)c] = sign * d;
            }
            free(init);
            init = raw;
        }
        free(init);
        binproblem_free(&bp);
    }
    for (size_t g = 0; g < j->ncs && !j->failed; g++)
        for (size_t i = 0; i < test->n; i++) {
            if (cv && j->fold[i] != j->leave)
                continue;
            const double *d = j->dec + (g * test->n + i) * (size_t)k;
            int best = 0;
            for (int c = 1; c < k; c++)
                if (d[c] > d[best])
                    best = c;
            ht_metrics_add(j->met[g], test->y[i], best);
        }
    free(scale);
    free(frac);
}

typedef struct job_queue {
    cv_job *jobs;
    int n, next, done;
    pthread_mutex_t lock;
    const ht_train_options *opt;
} job_queue;

static void *worker(void *arg)
{
    job_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int i = q->next < q->n ? q->next++ : -1;
        pthread_mutex_unlock(&q->lock);
        if (i < 0)
            return NULL;
        if (q->jobs[i].dec)
            run_job_ovr(&q->jobs[i]);
        else
            run_job(&q->jobs[i]);
        pthread_mutex_lock(&q->lock);
        q->done++;
        if (q->opt->progress)
            q->opt->progress(q->opt->progress_ctx, q->done, q->n);
        pthread_mutex_unlock(&q->lock);
    }
}

static int run_jobs(cv_job *jobs, int n, const ht_train_options *opt)
{
    job_queue q = { .jobs = jobs, .n = n, .opt = opt };
    pthread_mutex_init(&q.lock, NULL);
    int nt = opt->threads > 1 ? opt->threads : 1;
    if (nt > 16)
        nt = 16;
    pthread_t th[16];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&th[started], NULL, worker, &q) == 0)
            started++;
    worker(&q);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&q.lock);
    for (int i = 0; i < n; i++)
        if (jobs[i].failed)
            return 0;
    return 1;
}

static void report_grid(ht_metrics *const *met, const double *cs, size_t ncs, int on_dev,
                        ht_train_report *rep)
{
    rep->ngrid = (int)ncs;
    rep->on_dev = on_dev;
    int best = 0;
    for (size_t g = 0; g < ncs; g++) {
        rep->grid_C[g] = cs[g];
        rep->grid_macro_f1[g] = ht_metrics_macro_f1(met[g]);
        rep->grid_accuracy[g] = ht_metrics_accuracy(met[g]);
        if (rep->grid_macro_f1[g] > rep->grid_macro_f1[best])
            best = (int)g;
    }
    int pick = 0;
    while (rep->grid_macro_f1[pick] < rep->grid_macro_f1[best] - F1_TOLERANCE)
        pick++;
    rep->C = cs[pick];
    rep->macro_f1 = rep->grid_macro_f1[pick];
    rep->accuracy = rep->grid_accuracy[pick];
}

/* ---- class offsets --------------------------------------------------------
 * Added to each class's decision value (its bias weight), they move the
 * boundaries between the classes; chosen on held-out decision values to
 * maximise macro-F1. */

#define OFFSET_STEP 0.05
#define OFFSET_STEPS 80   /* offsets in [-4, 4] */
#define OFFSET_ROUNDS 5

/* Confusion of argmax(dec + off) over the records whose fold is (in = 1) or
 * is not (in = 0) `which` (fold NULL: all), into met (cleared first). */
static void offset_confusion(const double *dec, const ht_dataset *test, const int *fold,
                             int which, int in, const double *off, ht_metrics *met)
{
    int k = test->nr_class;
    memset(met->confusion, 0, (size_t)k * (size_t)k * sizeof *met->confusion);
    met->n = 0;
    for (size_t i = 0; i < test->n; i++) {
        if (fold && (fold[i] == which) != in)
            continue;
        const double *d = dec + i * (size_t)k;
        int best = 0;
        for (int c = 1; c < k; c++)
            if (d[c] + off[c] > d[best] + off[best])
                best = c;
        ht_metrics_add(met, test->y[i], best);
    }
}

/* Offsets maximising macro-F1 on the records whose fold is not `leave` (fold
 * NULL: all): the largest class keeps 0; the others, by turns, take the value
 * on the grid that raises macro-F1 most (the smallest in size among equals),
 * until a round changes nothing. */
static void fit_offsets(const double *dec, const ht_dataset *test, const int *fold, int leave,
                        ht_metrics *met, double *off)
{
    int k = test->nr_class, ref = 0;
    long count[HT_MAX_CLASSES] = { 0 };
    for (size_t i = 0; i < test->n; i++)
        if (!fold || fold[i] != leave)
            count[test->y[i]]++;
    for (int c = 0; c < k; c++) {
        off[c] = 0;
        if (count[c] > count[ref])
            ref = c;
    }
    offset_confusion(dec, test, fold, leave, 0, off, met);
    double best = ht_metrics_macro_f1(met);
    for (int round = 0; round < OFFSET_ROUNDS; round++) {
        int changed = 0;
        for (int c = 0; c < k; c++) {
            if (c == ref)
                continue;
            double keep = off[c], pick = keep;
            for (int s = 0; s <= 2 * OFFSET_STEPS; s++) {
                /* 0, +step, -step, +2 step, ... */
                double v = (s + 1) / 2 * OFFSET_STEP * (s % 2 ? 1 : -1);
                if (v == keep)
                    continue;
                off[c] = v;
                offset_confusion(dec, test, fold, leave, 0, off, met);
                double f1 = ht_metrics_macro_f1(met);
                if (f1 > best + 1e-12) {
                    best = f1;
                    pick = v;
                }
            }
            off[c] = pick;
            changed |= pick != keep;
        }
        if (!changed)
            break;
    }
}

/* The offsets for the model, from the decision values of the chosen C, and
 * the figures they give: on cross-validation, nested (each fold scored with
 * offsets chosen on the other folds); on a dev set, on dev itself. */
static ht_status choose_offsets(const double *dec, const ht_dataset *test, const int *fold,
                                int folds, ht_train_report *rep)
{
    int k = test->nr_class;
    ht_metrics *met = ht_metrics_new(k), *sum = ht_metrics_new(k);
    if (!met || !sum) {
        ht_metrics_free(met);
        ht_metrics_free(sum);
        return HT_ERR_NOMEM;
    }
    double off[HT_MAX_CLASSES];
    for (int f = 0; fold && f < folds; f++) {
        fit_offsets(dec, test, fold, f, met, off);
        offset_confusion(dec, test, fold, f, 1, off, met);
        for (int a = 0; a < k * k; a++)
            sum->confusion[a] += met->confusion[a];
        sum->n += met->n;
    }
    fit_offsets(dec, test, NULL, -1, met, rep->offset);
    if (!fold)
        offset_confusion(dec, test, NULL, -1, 1, rep->offset, sum);
    rep->adjusted = 1;
    rep->adjusted_macro_f1 = ht_metrics_macro_f1(sum);
    rep->adjusted_accuracy = ht_metrics_accuracy(sum);
    ht_metrics_free(met);
    ht_metrics_free(sum);
    return HT_OK;
}

/* Scores every grid C (or only opt->C, when given, for the offsets): one job
 * per fold and repetition (or one job scored on dev). Repetition r deals the
 * folds with seed opt->seed + r. Each job fills its own confusion matrices;
 * they are summed per C afterwards, in job order, so the result does not
 * depend on thread timing. The offsets are chosen on the first repetition. */
static ht_status search_C(const ht_dataset *ts, const ht_dataset *dev,
                          const ht_train_options *opt, ht_train_report *rep, ht_error *err)
{
    int k = dev ? 1 : opt->folds, reps = dev || opt->repeats < 1 ? 1 : opt->repeats;
    int njobs = k * reps;
    const double *cs = opt->C > 0 ? &opt->C : grid;
    size_t ncs = opt->C > 0 ? 1 : NGRID;
    const ht_dataset *test = dev ? dev : ts;
    int ovr = opt->nb_alpha > 0 || opt->offsets || opt->solver == HT_SOLVER_DUAL ||
              opt->balanced == HT_BALANCE_PROBLEMS;
    size_t block = ncs * test->n * (size_t)ts->nr_class;  /* decision values of one repetition */
    double *dec = ovr ? malloc(((size_t)reps * block + 1) * sizeof *dec) : NULL;
    int *fold = dev ? NULL : malloc(((size_t)reps * ts->n + 1) * sizeof *fold);
    for (int r = 0; fold && r < reps; r++) {
        int *one = make_folds(ts, k, opt->seed + (uint64_t)r);
        if (!one) {
            free(fold);
            fold = NULL;
            break;
        }
        memcpy(fold + (size_t)r * ts->n, one, ts->n * sizeof *fold);
        free(one);
    }
    cv_job *jobs = calloc((size_t)njobs, sizeof *jobs);
    ht_metrics *met[NGRID] = { 0 };
    ht_status st = (!dev && !fold) || !jobs || (ovr && !dec) ? HT_ERR_NOMEM : HT_OK;
    for (int f = 0; st == HT_OK && f < njobs; f++) {
        int r = f / k;
        jobs[f] = (cv_job){ .ds = ts, .test = test, .opt = opt,
                            .fold = fold ? fold + (size_t)r * ts->n : NULL,
                            .leave = dev ? -1 : f % k, .id = dev ? -1 : f, .cs = cs,
                            .ncs = ncs, .dec = dec ? dec + (size_t)r * block : NULL };
        for (size_t g = 0; g < ncs; g++)
            if (!(jobs[f].met[g] = ht_metrics_new(ts->nr_class)))
                st = HT_ERR_NOMEM;
    }
    for (size_t g = 0; st == HT_OK && g < ncs; g++)
        if (!(met[g] = ht_metrics_new(ts->nr_class)))
            st = HT_ERR_NOMEM;
    if (st == HT_OK && !run_jobs(jobs, njobs, opt))
        st = HT_ERR_NOMEM;
    for (int f = 0; st == HT_OK && f < njobs; f++)
        for (size_t g = 0; g < ncs; g++) {
            for (int a = 0; a < ts->nr_class * ts->nr_class; a++)
                met[g]->confusion[a] += jobs[f].met[g]->confusion[a];
            met[g]->n += jobs[f].met[g]->n;
        }
    if (st == HT_OK)
        report_grid(met, cs, ncs, dev != NULL, rep);
    if (st == HT_OK && opt->offsets) {
        size_t pick = 0;
        while (cs[pick] != rep->C)
            pick++;
        st = choose_offsets(dec + pick * test->n * (size_t)ts->nr_class, test, fold, k, rep);
    }
    if (st != HT_OK)
        ht_error_set(err, st, "out of memory while choosing C");
    for (int f = 0; jobs && f < njobs; f++)
        for (size_t g = 0; g < ncs; g++)
            ht_metrics_free(jobs[f].met[g]);
    for (size_t g = 0; g < ncs; g++)
        ht_metrics_free(met[g]);
    free(jobs);
    free(fold);
    free(dec);
    return st;
}

/* The final fit trains the one-vs-rest binary problems on threads of their
 * own: what liblinear does for several classes, class after class, with the
 * costs of side_weights. The result is put together as one liblinear
 * multi-class model. */
typedef struct ovr_job {
    const struct problem *prob;
    const struct parameter *param;
    const ht_dataset *ds;
    const ht_train_options *opt;
    int cls;
    double *w;  /* prob->n weights, + for cls */
} ovr_job;

static void *run_ovr(void *arg)
{
    ovr_job *j = arg;
    int nb = j->opt->nb_alpha > 0;
    size_t dim = (size_t)1 << j->ds->cfg.hash_bits;
    double *scale = nb ? malloc((dim + 2) * sizeof *scale) : NULL;
    binproblem bp;
    memset(&bp, 0, sizeof bp);
    if ((nb && (!scale || !ht_nb_scale(j->ds, NULL, -1, j->cls, j->opt, scale))) ||
        !binproblem_init(&bp, j->ds, NULL, -1, j->cls, scale)) {
        binproblem_free(&bp);
        free(scale);
        return NULL;
    }
    double sign, wp, wn;
    side_weights(&bp.prob, j->ds, j->opt, j->cls, &wp, &wn);
    j->w = fit_binary(&bp.prob, j->param, wp, wn, NULL, NULL, j->opt,
                      fit_seed(j->opt, j->cls, -1, 0), &sign);
    for (int i = 0; j->w && i < bp.prob.n; i++)
        j->w[i] *= nb ? sign * scale[i + 1] : sign;  /* the scale folded into the weights */
    binproblem_free(&bp);
    free(scale);
    return NULL;
}

static struct model *fit_ovr(const struct problem *prob, const struct parameter *param,
                             const ht_dataset *ts, const ht_train_options *opt, int threads)
{
    int k = ts->nr_class;
    ovr_job jobs[HT_MAX_CLASSES];
    pthread_t th[HT_MAX_CLASSES];
    int started[HT_MAX_CLASSES] = { 0 };
    for (int c = 0; c < k; c++)
        jobs[c] = (ovr_job){ prob, param, ts, opt, c, NULL };
    /* Up to `threads` classes at a time; the rest wait for a free thread. */
    for (int c = 0; c < k; c++) {
        if (c >= threads && started[c - threads])
            pthread_join(th[c - threads], NULL), started[c - threads] = 0;
        if (threads > 1 && pthread_create(&th[c], NULL, run_ovr, &jobs[c]) == 0)
            started[c] = 1;
        else
            run_ovr(&jobs[c]);
    }
    for (int c = 0; c < k; c++)
        if (started[c])
            pthread_join(th[c], NULL);
    struct model *lm = calloc(1, sizeof *lm);
    double *w = malloc((size_t)prob->n * (size_t)k * sizeof *w);
    int *label = malloc((size_t)k * sizeof *label);
    int ok = lm && w && label;
    for (int c = 0; c < k; c++)
        ok = ok && jobs[c].w;
    for (int c = 0; ok && c < k; c++) {
        label[c] = c;
        for (int i = 0; i < prob->n; i++)
            w[(size_t)i * (size_t)k + (size_t)c] = jobs[c].w[i];
    }
    for (int c = 0; c < k; c++)
        free(jobs[c].w);
    if (!ok) {
        free(lm);
        free(w);
        free(label);
        return NULL;
    }
    lm->param = *param;
    lm->param.nr_weight = 0;
    lm->param.weight_label = NULL;
    lm->param.weight = NULL;
    lm->nr_class = k;
    lm->nr_feature = prob->n - 1;
    lm->w = w;
    lm->label = label;
    lm->bias = prob->bias;
    return lm;
}

static void quiet(const char *s)
{
    (void)s;
}

ht_model *ht_train(const ht_dataset *ts, const ht_dataset *dev, const ht_train_options *opt,
                   ht_train_report *rep, ht_error *err)
{
    memset(rep, 0, sizeof *rep);
    set_print_string_function(quiet);
    if (ts->n < 2) {
        ht_error_set(err, HT_ERR_INVALID, "%zu training records; at least 2 are needed", ts->n);
        return NULL;
    }
    if (!dev && opt->C <= 0 && (opt->folds < 2 || (size_t)opt->folds > ts->n)) {
        ht_error_set(err, HT_ERR_INVALID, "%d folds for %zu records", opt->folds, ts->n);
        return NULL;
    }
    if (opt->C > 0 && !opt->offsets) {
        rep->C = opt->C;
        rep->on_dev = dev != NULL;
    } else if (search_C(ts, dev, opt, rep, err) != HT_OK) {
        return NULL;
    }
    subproblem sp;
    weights w;
    ht_model *m = NULL;
    if (!subproblem_init(&sp, ts, NULL, -1)) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the training problem");
    } else {
        struct parameter p = make_param(ts, opt, rep->C, &w);
        const char *bad = check_parameter(&sp.prob, &p);
        struct model *lm = bad ? NULL : fit_ovr(&sp.prob, &p, ts, opt, opt->threads);
        if (bad)
            ht_error_set(err, HT_ERR_INVALID, "liblinear: %s", bad);
        else if (!lm)
            ht_error_set(err, HT_ERR_NOMEM, "liblinear could not train");
        for (int c = 0; lm && rep->adjusted && c < ts->nr_class; c++)  /* the bias weights */
            lm->w[(size_t)(sp.prob.n - 1) * (size_t)ts->nr_class + (size_t)c] += rep->offset[c];
        if (lm && (m = ht_model_new(ts->task, &ts->cfg, ts->nr_class, ts->labels, err)) &&
            ht_model_set_liblinear(m, lm, err) != HT_OK) {
            ht_model_free(m);
            m = NULL;
        }
        if (lm)
            free_and_destroy_model(&lm);
    }
    subproblem_free(&sp);
    return m;
}
