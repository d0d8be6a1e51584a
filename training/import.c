/* import.c: reading liblinear's text model format into a haltung model.
 *
 * The file, as liblinear's save_model writes it:
 *
 *     solver_type L2R_LR
 *     nr_class 3
 *     label 0 1 2
 *     nr_feature 1234
 *     bias 1
 *     w
 *     <nr_w weights>        one line per feature 1..nr_feature,
 *     ...                   then one for the bias if bias >= 0
 *
 * nr_w is 1 for two classes (the weights of the first label against the
 * other) and nr_class otherwise. The header fields may come in any order
 * before "w"; each must be there once. Nothing in the file is trusted: every
 * count is checked before memory is sized by it. */
#include "training/import.h"

#include <errno.h>
#include <float.h>
#include <linear.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* liblinear's solver names, in its numbering, and which are logistic regression. */
static const struct solver {
    const char *name;
    int type, logistic;
} solvers[] = {
    { "L2R_LR", L2R_LR, 1 },
    { "L2R_L2LOSS_SVC_DUAL", L2R_L2LOSS_SVC_DUAL, 0 },
    { "L2R_L2LOSS_SVC", L2R_L2LOSS_SVC, 0 },
    { "L2R_L1LOSS_SVC_DUAL", L2R_L1LOSS_SVC_DUAL, 0 },
    { "MCSVM_CS", MCSVM_CS, 0 },
    { "L1R_L2LOSS_SVC", L1R_L2LOSS_SVC, 0 },
    { "L1R_LR", L1R_LR, 1 },
    { "L2R_LR_DUAL", L2R_LR_DUAL, 1 },
    { "L2R_L2LOSS_SVR", L2R_L2LOSS_SVR, 0 },
    { "L2R_L2LOSS_SVR_DUAL", L2R_L2LOSS_SVR_DUAL, 0 },
    { "L2R_L1LOSS_SVR_DUAL", L2R_L1LOSS_SVR_DUAL, 0 },
    { "ONECLASS_SVM", 21, 0 },  /* liblinear 2.40 and later */
};

typedef struct parser {
    FILE *f;
    const char *path;
    size_t line;
    char *buf;
    size_t cap;
    ht_error *err;
} parser;

/* Sets err to "PATH:LINE: message". */
static ht_status fail(const parser *p, ht_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ht_status fail(const parser *p, ht_status code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ht_error_set(p->err, code, "%s:%zu: %s", p->path, p->line, msg);
}

/* The next line without its line end; NULL at the end of the file (or on a
 * read error, which err then names). */
static char *next_line(parser *p)
{
    errno = 0;
    ssize_t n = getline(&p->buf, &p->cap, p->f);
    if (n < 0) {
        if (ferror(p->f))
            ht_error_set(p->err, HT_ERR_IO, "%s: cannot read after line %zu: %s", p->path,
                         p->line, strerror(errno ? errno : EIO));
        return NULL;
    }
    p->line++;
    while (n > 0 && (p->buf[n - 1] == '\n' || p->buf[n - 1] == '\r'))
        p->buf[--n] = '\0';
    if (strlen(p->buf) != (size_t)n) {
        fail(p, HT_ERR_FORMAT, "a NUL byte: not a liblinear text model");
        return NULL;
    }
    return p->buf;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

/* One integer token from *s (advanced past it); 0 if there is none or it is
 * not an int. */
static int take_int(const char **s, long lo, long hi, long *out)
{
    char *end;
    *s += strspn(*s, " \t");
    if (!**s)
        return 0;
    errno = 0;
    long v = strtol(*s, &end, 10);
    if (end == *s || (*end && *end != ' ' && *end != '\t') || errno || v < lo || v > hi)
        return 0;
    *s = end;
    *out = v;
    return 1;
}

static int take_double(const char **s, double *out)
{
    char *end;
    *s += strspn(*s, " \t");
    if (!**s)
        return 0;
    errno = 0;
    double v = strtod(*s, &end);
    if (end == *s || (*end && *end != ' ' && *end != '\t'))
        return 0;
    *s = end;
    *out = v;
    return 1;
}

/* The first token of s, for messages: its first bytes as they fit in buf,
 * with any byte outside printable ASCII written \xNN, so that a binary file
 * given by mistake does not write raw bytes to the terminal. */
static const char *token(const char *s, char *buf, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    s += strspn(s, " \t");
    size_t n = strcspn(s, " \t"), o = 0;
    for (size_t i = 0; i < n && o + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            buf[o++] = (char)c;
        } else {
            buf[o++] = '\\', buf[o++] = 'x', buf[o++] = hex[c >> 4], buf[o++] = hex[c & 15];
        }
    }
    buf[o] = '\0';
    return buf;
}

typedef struct header {
    const struct solver *solver;
    long nr_class, nr_feature;
    int label[HT_MAX_CLASSES];  /* class numbers of like, in liblinear's order */
    double bias;
    int have_label, have_bias;
} header;

static const char *class_list(const ht_model *like, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int c = 0; c < like->nr_class && n < cap; c++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%d %s", c ? ", " : "", c, like->labels[c]);
    return buf;
}

static ht_status parse_solver(parser *p, const char *v, header *h)
{
    char tok[48];
    for (size_t i = 0; i < sizeof solvers / sizeof *solvers; i++)
        if (!strcmp(v, solvers[i].name)) {
            if (!solvers[i].logistic)
                return fail(p, HT_ERR_INVALID,
                            "solver_type %s is not logistic regression: haltung's scores are "
                            "probabilities, which only liblinear's logistic regression gives "
                            "(train with liblinear-train -s 0, 6 or 7)", v);
            h->solver = &solvers[i];
            return HT_OK;
        }
    return fail(p, HT_ERR_FORMAT, "solver_type '%s' is not a liblinear solver",
                token(v, tok, sizeof tok));
}

static ht_status parse_labels(parser *p, const char *v, header *h, const ht_model *like,
                              const char *like_name, const ht_label_map *map)
{
    char list[200];
    int seen[HT_MAX_CLASSES] = { 0 };
    if (!h->nr_class)
        return fail(p, HT_ERR_FORMAT, "label before nr_class");
    for (long k = 0; k < h->nr_class; k++) {
        long lab;
        char tok[48];
        if (!take_int(&v, -1000000000L, 1000000000L, &lab))
            return fail(p, HT_ERR_FORMAT, "label %ld of %ld is %s, not an integer", k + 1,
                        h->nr_class, *v ? token(v, tok, sizeof tok) : "missing");
        int cls = -1;
        if (map && map->n) {
            for (int i = 0; i < map->n; i++)
                if (map->from[i] == lab)
                    cls = map->to[i];
            if (cls < 0)
                return fail(p, HT_ERR_INVALID, "label %ld is not one of the --label mappings",
                            lab);
        } else if (lab >= 0 && lab < like->nr_class) {
            cls = (int)lab;
        } else {
            return fail(p, HT_ERR_INVALID,
                        "label %ld is not a class number of %s (%s), which haltung features "
                        "writes; use --label %ld=NAME for other numberings", lab, like_name,
                        class_list(like, list, sizeof list), lab);
        }
        if (seen[cls])
            return fail(p, HT_ERR_INVALID, "label %ld is class %s, which an earlier label "
                        "already is", lab, like->labels[cls]);
        seen[cls] = 1;
        h->label[k] = cls;
    }
    if (!blank(v))
        return fail(p, HT_ERR_FORMAT, "more labels than nr_class %ld", h->nr_class);
    h->have_label = 1;
    return HT_OK;
}

/* One "key value" header line. */
static ht_status parse_field(parser *p, char *line, header *h, const ht_model *like,
                             const char *like_name, const ht_label_map *map)
{
    char tok[48], list[200];
    const char *v = line + strcspn(line, " \t");
    size_t klen = (size_t)(v - line);
    v += strspn(v, " \t");
#define KEY(k) (klen == sizeof k - 1 && !memcmp(line, k, klen))
    if (KEY("solver_type")) {
        if (h->solver)
            return fail(p, HT_ERR_FORMAT, "solver_type given twice");
        return parse_solver(p, v, h);
    }
    if (KEY("nr_class")) {
        if (h->nr_class)
            return fail(p, HT_ERR_FORMAT, "nr_class given twice");
        if (!take_int(&v, 2, HT_MAX_CLASSES, &h->nr_class) || !blank(v))
            return fail(p, HT_ERR_FORMAT, "nr_class must be a number of classes 2..%d",
                        HT_MAX_CLASSES);
        if (h->nr_class != like->nr_class)
            return fail(p, HT_ERR_INVALID,
                        "nr_class %ld, but %s has %d classes (%s): was a class missing from "
                        "the training data?", h->nr_class, like_name, like->nr_class,
                        class_list(like, list, sizeof list));
        return HT_OK;
    }
    if (KEY("label")) {
        if (h->have_label)
            return fail(p, HT_ERR_FORMAT, "label given twice");
        return parse_labels(p, v, h, like, like_name, map);
    }
    if (KEY("nr_feature")) {
        if (h->nr_feature >= 0)
            return fail(p, HT_ERR_FORMAT, "nr_feature given twice");
        long n;
        if (!take_int(&v, 0, 2147483647L, &n) || !blank(v))
            return fail(p, HT_ERR_FORMAT, "nr_feature must be a number of features");
        if ((unsigned long)n > like->dim)
            return fail(p, HT_ERR_INVALID,
                        "nr_feature %ld is more than the %u dimensions (2^%u) of %s's feature "
                        "space: were the vectors made with other feature settings?", n,
                        like->dim, like->features.hash_bits, like_name);
        h->nr_feature = n;
        return HT_OK;
    }
    if (KEY("bias")) {
        if (h->have_bias)
            return fail(p, HT_ERR_FORMAT, "bias given twice");
        if (!take_double(&v, &h->bias) || !blank(v) || !isfinite(h->bias))
            return fail(p, HT_ERR_FORMAT, "bias must be a number");
        h->have_bias = 1;
        return HT_OK;
    }
#undef KEY
    return fail(p, HT_ERR_FORMAT, "'%s' is not a field of a liblinear model",
                token(line, tok, sizeof tok));
}

/* Header lines up to and including "w". */
static ht_status parse_header(parser *p, header *h, const ht_model *like, const char *like_name,
                              const ht_label_map *map)
{
    memset(h, 0, sizeof *h);
    h->nr_feature = -1;
    char *line;
    while ((line = next_line(p)) != NULL) {
        if (blank(line))
            continue;
        if (!strcmp(line, "w")) {
            const char *missing = !h->solver ? "solver_type" : !h->nr_class ? "nr_class"
                                  : !h->have_label ? "label" : h->nr_feature < 0 ? "nr_feature"
                                  : !h->have_bias ? "bias" : NULL;
            if (missing)
                return fail(p, HT_ERR_FORMAT, "the weights begin, but %s was not given", missing);
            return HT_OK;
        }
        if (parse_field(p, line, h, like, like_name, map) != HT_OK)
            return p->err->code;
    }
    if (p->err->code != HT_OK)
        return p->err->code;
    if (p->line == 0)
        return ht_error_set(p->err, HT_ERR_FORMAT, "%s: empty file, not a liblinear model",
                            p->path);
    return ht_error_set(p->err, HT_ERR_FORMAT, "%s: ends after line %zu without weights "
                        "(no 'w' line): not a complete liblinear model", p->path, p->line);
}

/* The weight rows: `rows` lines of nr_w numbers each, then nothing but blank lines. */
static ht_status parse_weights(parser *p, double *w, size_t rows, int nr_w)
{
    char tok[48];
    for (size_t r = 0; r < rows; r++) {
        const char *s = next_line(p);
        if (!s) {
            if (p->err->code != HT_OK)
                return p->err->code;
            return ht_error_set(p->err, HT_ERR_FORMAT,
                                "%s: truncated: the file ends after line %zu with %zu of %zu "
                                "weight rows", p->path, p->line, r, rows);
        }
        for (int k = 0; k < nr_w; k++) {
            double v;
            if (!take_double(&s, &v)) {
                if (!blank(s))
                    return fail(p, HT_ERR_FORMAT, "'%s' is not a number",
                                token(s, tok, sizeof tok));
                return fail(p, HT_ERR_FORMAT, "%d weights, expected %d per row", k, nr_w);
            }
            if (!isfinite(v) || fabs(v) > FLT_MAX)
                return fail(p, HT_ERR_INVALID, "weight %g is not a finite float32 number", v);
            w[r * (size_t)nr_w + (size_t)k] = v;
        }
        if (!blank(s))
            return fail(p, HT_ERR_FORMAT, "more than %d weights, expected %d per row", nr_w,
                        nr_w);
    }
    const char *s;
    while ((s = next_line(p)) != NULL)
        if (!blank(s))
            return fail(p, HT_ERR_FORMAT, "more than the %zu weight rows that nr_feature and "
                        "bias call for", rows);
    return p->err->code;
}

ht_model *ht_import_liblinear(const char *path, const ht_model *like, const char *like_name,
                              const ht_label_map *map, ht_import_info *info, ht_error *err)
{
    if (!path || !like) {
        ht_error_set(err, HT_ERR_INVALID, "no model file or no --like model given");
        return NULL;
    }
    ht_error_clear(err);
    parser p = { fopen(path, "r"), path, 0, NULL, 0, err };
    if (!p.f) {
        ht_error_set(err, HT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    header h;
    ht_model *m = NULL;
    double *w = NULL;
    if (parse_header(&p, &h, like, like_name ? like_name : "the model", map) == HT_OK) {
        int nr_w = h.nr_class == 2 ? 1 : (int)h.nr_class;
        size_t rows = (size_t)h.nr_feature + (h.bias >= 0);
        if (!(w = malloc((rows ? rows : 1) * (size_t)nr_w * sizeof *w)))
            ht_error_set(err, HT_ERR_NOMEM, "%s: no memory for %zu weight rows", path, rows);
        else if (parse_weights(&p, w, rows, nr_w) == HT_OK) {
            const char *labels[HT_MAX_CLASSES];
            for (int c = 0; c < like->nr_class; c++)
                labels[c] = like->labels[c];
            struct model lm;
            memset(&lm, 0, sizeof lm);
            lm.param.solver_type = h.solver->type;
            lm.nr_class = (int)h.nr_class;
            lm.nr_feature = (int)h.nr_feature;
            lm.w = w;
            lm.label = h.label;
            lm.bias = h.bias;
            m = ht_model_new(like->task, &like->features, like->nr_class, labels, err);
            if (m && ht_model_set_liblinear(m, &lm, err) != HT_OK) {
                ht_error e = *err;
                ht_error_set(err, e.code, "%s: %s", path, e.msg);
                ht_model_free(m);
                m = NULL;
            }
        }
    }
    if (m && info) {
        snprintf(info->solver, sizeof info->solver, "%s", h.solver->name);
        info->nr_feature = (int)h.nr_feature;
        info->bias = h.bias;
    }
    free(w);
    free(p.buf);
    fclose(p.f);
    return m;
}
