/* model.c: haltung's linear models: creation, import from liblinear, scoring,
 * and the checksummed little-endian file format of docs/model-format.md.
 *
 * Parsing trusts nothing in the file: every length is checked against the
 * bytes that are actually there before it is used, so a damaged or hostile
 * file ends in an error message and never in a read past the buffer. */
#include "classifier/model.h"

#include <errno.h>
#include <float.h>
#include <linear.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "features/file.h"
#include "features/hash.h"
#include "features/text.h"

#define MAGIC_LEN 8
#define CONFIG_BYTES 16  /* config fields this version knows (and writes) */
#define CONFIG_MIN 9     /* files before key_hash have 9; it then counts as 0 */
#define CRC_LEN 4
/* Smallest file that can be valid: magic, version, task, config count and
 * fields, two one-byte labels, empty info, zero rows, CRC. Anything shorter
 * is truncated whatever it holds. */
#define MIN_FILE_LEN (MAGIC_LEN + 4 + 1 + 1 + CONFIG_MIN + 1 + 2 * 2 + 4 + 4 + CRC_LEN)
/* liblinear weights this small are noise from the solver; zeroing them keeps
 * the file from storing rows that do not change any score. */
#define TINY_WEIGHT 1e-7

static const unsigned char MAGIC[MAGIC_LEN] = {'H', 'A', 'L', 'T', 'U', 'N', 'G', '\0'};

/* ---- tasks ---------------------------------------------------------------- */

const char *ht_task_name(ht_task task)
{
    switch (task) {
    case HT_TASK_TONE: return "tone";
    case HT_TASK_ACTOR: return "actor";
    case HT_TASK_STANCE: return "stance";
    }
    return "unknown";
}

ht_task ht_task_parse(const char *name)
{
    if (!name)
        return 0;
    for (int t = HT_TASK_TONE; t <= HT_TASK_STANCE; t++)
        if (strcmp(name, ht_task_name((ht_task)t)) == 0)
            return (ht_task)t;
    return 0;
}

static int task_valid(unsigned task)
{
    return task >= HT_TASK_TONE && task <= HT_TASK_STANCE;
}

/* ---- creating and freeing ------------------------------------------------- */

/* Checks one label and that it differs from the ones before it. */
static ht_status check_label(const char *const *labels, int i, ht_error *err)
{
    if (!labels[i])
        return ht_error_set(err, HT_ERR_INVALID, "label %d is missing", i);
    size_t n = strlen(labels[i]);
    if (n < 1 || n > HT_LABEL_MAX - 1)
        return ht_error_set(err, HT_ERR_INVALID, "label %d has %zu bytes, not 1..%d", i, n,
                            HT_LABEL_MAX - 1);
    for (int j = 0; j < i; j++)
        if (strcmp(labels[j], labels[i]) == 0)
            return ht_error_set(err, HT_ERR_INVALID, "label \"%s\" appears twice", labels[i]);
    return HT_OK;
}

static ht_status check_new_args(ht_task task, const ht_feature_config *cfg, int nr_class,
                                const char *const *labels, ht_error *err)
{
    if (!task_valid((unsigned)task))
        return ht_error_set(err, HT_ERR_INVALID, "task %d is not a haltung task", (int)task);
    if (!cfg)
        return ht_error_set(err, HT_ERR_INVALID, "no feature configuration given");
    ht_status st = ht_config_check(cfg, err);
    if (st != HT_OK)
        return st;
    if (nr_class < 2 || nr_class > HT_MAX_CLASSES)
        return ht_error_set(err, HT_ERR_INVALID, "%d classes is outside 2..%d", nr_class,
                            HT_MAX_CLASSES);
    if (!labels)
        return ht_error_set(err, HT_ERR_INVALID, "no labels given");
    for (int i = 0; i < nr_class; i++)
        if ((st = check_label(labels, i, err)) != HT_OK)
            return st;
    return HT_OK;
}

ht_model *ht_model_new(ht_task task, const ht_feature_config *cfg, int nr_class,
                       const char *const *labels, ht_error *err)
{
    if (check_new_args(task, cfg, nr_class, labels, err) != HT_OK)
        return NULL;
    ht_model *m = calloc(1, sizeof *m);
    if (!m) {
        ht_error_set(err, HT_ERR_NOMEM, "no memory for a model");
        return NULL;
    }
    m->task = task;
    m->features = *cfg;
    m->nr_class = nr_class;
    m->dim = 1u << cfg->hash_bits;
    for (int i = 0; i < nr_class; i++)
        memcpy(m->labels[i], labels[i], strlen(labels[i]) + 1);
    /* Looked up once: every score asks for them, and strcmp-ing the labels
     * each time cost more than the score. */
    m->plus = ht_model_label_index(m, task == HT_TASK_STANCE ? "favor" : "positive");
    m->minus = ht_model_label_index(m, task == HT_TASK_STANCE ? "against" : "negative");
    /* hash_bits <= HT_HASH_BITS_MAX keeps this far below SIZE_MAX; calloc
     * checks the product again and hands back lazily zeroed pages, which is
     * what makes loading a sparse 2^20-row model cheap. */
    m->weights = calloc(((size_t)m->dim + 1) * (size_t)nr_class, sizeof *m->weights);
    if (!m->weights) {
        ht_error_set(err, HT_ERR_NOMEM, "no memory for %u x %d weights", m->dim + 1, nr_class);
        free(m);
        return NULL;
    }
    return m;
}

void ht_model_free(ht_model *m)
{
    if (!m)
        return;
    free(m->weights);
    free(m->info);
    free(m);
}

ht_status ht_model_set_info(ht_model *m, const char *json, ht_error *err)
{
    if (!m)
        return ht_error_set(err, HT_ERR_INVALID, "no model given");
    char *copy = NULL;
    if (json) {
        size_t n = strlen(json);
        if (n > UINT32_MAX)
            return ht_error_set(err, HT_ERR_LIMIT, "model info of %zu bytes is too long", n);
        copy = malloc(n + 1);
        if (!copy)
            return ht_error_set(err, HT_ERR_NOMEM, "no memory for %zu bytes of model info", n);
        memcpy(copy, json, n + 1);
    }
    free(m->info);
    m->info = copy;
    return HT_OK;
}

/* ---- small queries -------------------------------------------------------- */

static int row_is_zero(const float *row, int nr_class)
{
    for (int c = 0; c < nr_class; c++)
        if (row[c] != 0.0f)
            return 0;
    return 1;
}

/* Counts row 0 (the bias) as well when it is non-zero: the result is exactly
 * the number of rows a saved file holds. */
size_t ht_model_nonzero_rows(const ht_model *m)
{
    if (!m || !m->weights)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i <= m->dim; i++)
        n += !row_is_zero(m->weights + i * (size_t)m->nr_class, m->nr_class);
    return n;
}

int ht_model_label_index(const ht_model *m, const char *label)
{
    if (!m || !label)
        return -1;
    for (int c = 0; c < m->nr_class; c++)
        if (strcmp(m->labels[c], label) == 0)
            return c;
    return -1;
}

/* ---- scoring -------------------------------------------------------------- */

static double sigmoid(double d)
{
    return 1.0 / (1.0 + exp(-d));
}

/* liblinear's logistic-regression probabilities: one sigmoid per class,
 * normalised to sum 1; with two classes the second is 1 - the first. */
static void probabilities(const double *dec, int nr_class, double *prob)
{
    if (nr_class == 2) {
        prob[0] = sigmoid(dec[0]);
        prob[1] = 1.0 - prob[0];
        return;
    }
    double sum = 0.0;
    for (int c = 0; c < nr_class; c++)
        sum += prob[c] = sigmoid(dec[c]);
    if (sum == 0.0) {
        /* Every sigmoid underflowed (all dec below about -745; the file's
         * weights may be as large as a float goes): 0/0 would give NaN. Far
         * out sigmoid(d) is exp(d), so normalising gives a softmax. */
        double top = dec[0];
        for (int c = 1; c < nr_class; c++)
            top = dec[c] > top ? dec[c] : top;
        for (int c = 0; c < nr_class; c++)
            sum += prob[c] = exp(dec[c] - top);
    }
    for (int c = 0; c < nr_class; c++)
        prob[c] /= sum;
}

/* Decision values of the three-class models (all the shipped ones), with the
 * sums in registers: the general loop keeps them in memory, and every feature
 * then waits on a store and a load. Same operations in the same order, so the
 * same bits. */
static void decisions3(const ht_model *m, const struct feature_node *x, double *d)
{
    double d0 = m->weights[0], d1 = m->weights[1], d2 = m->weights[2];
    for (; x && x->index != -1; x++) {
        if (x->index < 1 || (uint32_t)x->index > m->dim)
            continue;
        const float *w = m->weights + (size_t)x->index * 3;
        double v = x->value;
        d0 += v * (double)w[0];
        d1 += v * (double)w[1];
        d2 += v * (double)w[2];
    }
    d[0] = d0;
    d[1] = d1;
    d[2] = d2;
}

static void decisions(const ht_model *m, const struct feature_node *x, double *d)
{
    const int k = m->nr_class;
    if (k == 3) {
        decisions3(m, x, d);
        return;
    }
    for (int c = 0; c < k; c++)
        d[c] = m->weights[c];
    for (; x && x->index != -1; x++) {
        if (x->index < 1 || (uint32_t)x->index > m->dim)
            continue;
        const float *w = m->weights + (size_t)x->index * (size_t)k;
        for (int c = 0; c < k; c++)
            d[c] += x->value * (double)w[c];
    }
}

int ht_model_predict(const ht_model *m, const struct feature_node *x, double *dec, double *prob)
{
    return ht_model_predict_shifted(m, x, NULL, dec, prob);
}

int ht_model_predict_shifted(const ht_model *m, const struct feature_node *x,
                             const double *shift, double *dec, double *prob)
{
    double d[HT_MAX_CLASSES], p[HT_MAX_CLASSES];
    const int k = m->nr_class;
    decisions(m, x, d);
    for (int c = 0; shift && c < k; c++)
        d[c] += shift[c];
    probabilities(d, k, p);
    int best = 0;
    for (int c = 1; c < k; c++)
        if (p[c] > p[best])
            best = c;
    if (dec)
        memcpy(dec, d, (size_t)k * sizeof *d);
    if (prob)
        memcpy(prob, p, (size_t)k * sizeof *p);
    return best;
}

/* ---- import from liblinear ------------------------------------------------ */

/* liblinear stores a single vector for two classes, except for the
 * Crammer-Singer solver, which always keeps one per class. */
static int liblinear_nr_w(const struct model *lm)
{
    return (lm->nr_class == 2 && lm->param.solver_type != MCSVM_CS) ? 1 : lm->nr_class;
}

/* Fills cls[k] with our class of liblinear's class position k. */
static ht_status map_liblinear_labels(const ht_model *m, const struct model *lm, int *cls,
                                      ht_error *err)
{
    int seen[HT_MAX_CLASSES] = {0};
    for (int k = 0; k < lm->nr_class; k++) {
        int c = lm->label[k];
        if (c < 0 || c >= m->nr_class || seen[c])
            return ht_error_set(err, HT_ERR_INVALID,
                                "liblinear label %d is not a distinct class number 0..%d", c,
                                m->nr_class - 1);
        seen[c] = 1;
        cls[k] = c;
    }
    return HT_OK;
}

static ht_status check_liblinear(const ht_model *m, const struct model *lm, ht_error *err)
{
    if (!m || !lm || !lm->w || !lm->label)
        return ht_error_set(err, HT_ERR_INVALID, "no model given");
    if (lm->nr_class != m->nr_class)
        return ht_error_set(err, HT_ERR_INVALID,
                            "the liblinear model has %d classes, the haltung model %d "
                            "(was a class missing from the training data?)",
                            lm->nr_class, m->nr_class);
    if (lm->nr_feature < 0 || (uint32_t)lm->nr_feature > m->dim)
        return ht_error_set(err, HT_ERR_INVALID,
                            "the liblinear model has %d features, more than the %u of the "
                            "feature space", lm->nr_feature, m->dim);
    return HT_OK;
}

/* Refuses weights that would not survive the trip to float32 (and so could
 * not be saved), before anything in m is overwritten. */
static ht_status check_liblinear_weights(const struct model *lm, ht_error *err)
{
    size_t nr_w = (size_t)liblinear_nr_w(lm), n = (size_t)lm->nr_feature;
    double bias = lm->bias >= 0 ? lm->bias : 0.0;
    for (size_t i = 0; i < (n + (lm->bias >= 0)) * nr_w; i++) {
        double w = i >= n * nr_w ? lm->w[i] * bias : lm->w[i];
        if (!isfinite(w) || fabs(w) > FLT_MAX)
            return ht_error_set(err, HT_ERR_INVALID,
                                "liblinear weight %zu (%g) is not a finite float", i, w);
    }
    return HT_OK;
}

static float to_weight(double w)
{
    return fabs(w) < TINY_WEIGHT ? 0.0f : (float)w;
}

/* Writes one liblinear row (nr_w values) into our row. */
static void put_liblinear_row(float *row, const double *w, double scale, int nr_w, const int *cls)
{
    if (nr_w == 1) {
        float f = to_weight(w[0] * scale);
        row[cls[0]] = f;
        row[cls[1]] = f == 0.0f ? 0.0f : -f;  /* keep -0.0 out of the weights */
        return;
    }
    for (int k = 0; k < nr_w; k++)
        row[cls[k]] = to_weight(w[k] * scale);
}

ht_status ht_model_set_liblinear(ht_model *m, const struct model *lm, ht_error *err)
{
    int cls[HT_MAX_CLASSES];
    ht_status st = check_liblinear(m, lm, err);
    if (st == HT_OK)
        st = map_liblinear_labels(m, lm, cls, err);
    if (st == HT_OK)
        st = check_liblinear_weights(lm, err);
    if (st != HT_OK)
        return st;
    const size_t k = (size_t)m->nr_class, nr_w = (size_t)liblinear_nr_w(lm);
    memset(m->weights, 0, ((size_t)m->dim + 1) * k * sizeof *m->weights);
    for (size_t i = 1; i <= (size_t)lm->nr_feature; i++)
        put_liblinear_row(m->weights + i * k, lm->w + (i - 1) * nr_w, 1.0, (int)nr_w, cls);
    if (lm->bias >= 0)
        put_liblinear_row(m->weights, lm->w + (size_t)lm->nr_feature * nr_w, lm->bias,
                          (int)nr_w, cls);
    return HT_OK;
}

/* ---- serialisation -------------------------------------------------------- */

static void config_to_bytes(const ht_feature_config *c, uint8_t *b)
{
    const uint8_t v[CONFIG_BYTES] = {c->hash_bits, c->word_ngrams, c->stems,
                                     c->char_min,  c->char_max,    c->negation,
                                     c->sublinear, c->normalize,   c->window,
                                     c->key_hash,  c->emoticons,   c->text_ns,
                                     c->clause_tone_only, c->char_block, c->speaker,
                                     c->context};
    memcpy(b, v, CONFIG_BYTES);
}

/* The fields of b[0..count) (count >= CONFIG_MIN); a field the file does
 * not have is 0. */
static ht_feature_config config_from_bytes(const uint8_t *b, unsigned count)
{
    return (ht_feature_config){
        .hash_bits = b[0], .word_ngrams = b[1], .stems = b[2],
        .char_min = b[3],  .char_max = b[4],    .negation = b[5],
        .sublinear = b[6], .normalize = b[7],   .window = b[8],
        .key_hash = count > 9 ? b[9] : 0,
        .emoticons = count > 10 ? b[10] : 0,
        .text_ns = count > 11 ? b[11] : 0,
        .clause_tone_only = count > 12 ? b[12] : 0,
        .char_block = count > 13 ? b[13] : 0,
        .speaker = count > 14 ? b[14] : 0,
        .context = count > 15 ? b[15] : 0,
    };
}

/* Output buffer sized exactly in advance; put_* never need to grow it. */
typedef struct writer {
    uint8_t *p;
    size_t pos;
} writer;

static void put_bytes(writer *w, const void *data, size_t n)
{
    if (n)
        memcpy(w->p + w->pos, data, n);
    w->pos += n;
}

static void put_u8(writer *w, unsigned v)
{
    w->p[w->pos++] = (uint8_t)v;
}

static void put_u32(writer *w, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        w->p[w->pos++] = (uint8_t)(v >> (8 * i));
}

static void put_f32(writer *w, float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    put_u32(w, bits);
}

static int add_size(size_t *acc, size_t n)
{
    if (n > SIZE_MAX - *acc)
        return 0;
    *acc += n;
    return 1;
}

/* Checks what save needs (finite weights, info that fits a u32) and
 * returns the stored row count. */
static ht_status check_savable(const ht_model *m, const char *path, size_t *rows, ht_error *err)
{
    const size_t k = (size_t)m->nr_class;
    if (m->info && strlen(m->info) > UINT32_MAX)
        return ht_error_set(err, HT_ERR_LIMIT, "%s: model info is too long to save", path);
    *rows = 0;
    for (size_t i = 0; i <= m->dim; i++) {
        const float *row = m->weights + i * k;
        for (size_t c = 0; c < k; c++)
            if (!isfinite(row[c]))
                return ht_error_set(err, HT_ERR_INVALID,
                                    "%s: not saved: weight %zu of row %zu is not finite", path,
                                    c, i);
        *rows += !row_is_zero(row, m->nr_class);
    }
    return HT_OK;
}

static ht_status file_size(const ht_model *m, size_t rows, size_t *size)
{
    size_t n = MAGIC_LEN + 4 + 1 + 1 + CONFIG_BYTES + 1;
    int ok = 1;
    for (int c = 0; c < m->nr_class; c++)
        ok = ok && add_size(&n, 1 + strlen(m->labels[c]));
    size_t row_size = 4 + 4 * (size_t)m->nr_class;
    ok = ok && add_size(&n, 4 + (m->info ? strlen(m->info) : 0)) && add_size(&n, 4);
    ok = ok && rows <= SIZE_MAX / row_size && add_size(&n, rows * row_size);
    ok = ok && add_size(&n, CRC_LEN);
    *size = n;
    return ok ? HT_OK : HT_ERR_LIMIT;
}

static void write_header(writer *w, const ht_model *m)
{
    uint8_t cfg[CONFIG_BYTES];
    put_bytes(w, MAGIC, MAGIC_LEN);
    put_u32(w, HT_MODEL_FORMAT_VERSION);
    put_u8(w, (unsigned)m->task);
    put_u8(w, CONFIG_BYTES);
    config_to_bytes(&m->features, cfg);
    put_bytes(w, cfg, CONFIG_BYTES);
    put_u8(w, (unsigned)m->nr_class);
    for (int c = 0; c < m->nr_class; c++) {
        size_t n = strlen(m->labels[c]);
        put_u8(w, (unsigned)n);
        put_bytes(w, m->labels[c], n);
    }
    size_t info_len = m->info ? strlen(m->info) : 0;
    put_u32(w, (uint32_t)info_len);
    put_bytes(w, m->info, info_len);
}

static void write_rows(writer *w, const ht_model *m, size_t rows)
{
    const size_t k = (size_t)m->nr_class;
    put_u32(w, (uint32_t)rows);
    for (size_t i = 0; i <= m->dim; i++) {
        const float *row = m->weights + i * k;
        if (row_is_zero(row, m->nr_class))
            continue;
        put_u32(w, (uint32_t)i);
        for (size_t c = 0; c < k; c++)
            put_f32(w, row[c]);
    }
}

/* The whole file image in memory, CRC included. */
static ht_status serialise(const ht_model *m, const char *path, uint8_t **out, size_t *len,
                           ht_error *err)
{
    size_t rows = 0, size = 0;
    ht_status st = check_savable(m, path, &rows, err);
    if (st != HT_OK)
        return st;
    if (file_size(m, rows, &size) != HT_OK)
        return ht_error_set(err, HT_ERR_LIMIT, "%s: model too large to save", path);
    writer w = {malloc(size), 0};
    if (!w.p)
        return ht_error_set(err, HT_ERR_NOMEM, "%s: no memory for %zu bytes of model", path,
                            size);
    write_header(&w, m);
    write_rows(&w, m, rows);
    put_u32(&w, ht_crc32(0, w.p, w.pos));
    *out = w.p;
    *len = w.pos;
    return HT_OK;
}

/* ---- saving --------------------------------------------------------------- */

/* Through an ht_outfile: a crash or a full disk never leaves half a model. */
static ht_status write_replace(const char *path, const uint8_t *data, size_t len, ht_error *err)
{
    int e = 0;
    ht_outfile *o = ht_outfile_open(path, &e);
    if (!o)
        return ht_error_set(err, HT_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    fwrite(data, 1, len, ht_outfile_stream(o));  /* an error stays in the stream for commit */
    e = ht_outfile_commit(o);
    if (e)
        return ht_error_set(err, HT_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    return HT_OK;
}

ht_status ht_model_save(const ht_model *m, const char *path, ht_error *err)
{
    if (!m || !m->weights || !path)
        return ht_error_set(err, HT_ERR_INVALID, "no model or no path given");
    uint8_t *data = NULL;
    size_t len = 0;
    ht_status st = serialise(m, path, &data, &len, err);
    if (st != HT_OK)
        return st;
    st = write_replace(path, data, len, err);
    free(data);
    return st;
}

/* ---- parsing -------------------------------------------------------------- */

/* A cursor over the checksummed part of the file (everything before the
 * CRC); end is where that part stops. */
typedef struct reader {
    const uint8_t *p;
    size_t pos, end;
    const char *name;
    ht_error *err;
} reader;

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Sets err to "<name>: <message>" and returns code. */
static ht_status fail(const reader *r, ht_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ht_status fail(const reader *r, ht_status code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ht_error_set(r->err, code, "%s: %s", r->name, msg);
}

static ht_status need(reader *r, size_t n, const char *what)
{
    if (r->end - r->pos < n)
        return fail(r, HT_ERR_FORMAT,
                    "truncated: expected %zu bytes of %s at offset %zu, the data ends at %zu", n,
                    what, r->pos, r->end);
    return HT_OK;
}

static ht_status get_u8(reader *r, const char *what, unsigned *v)
{
    if (need(r, 1, what) != HT_OK)
        return HT_ERR_FORMAT;
    *v = r->p[r->pos++];
    return HT_OK;
}

static ht_status get_u32(reader *r, const char *what, uint32_t *v)
{
    if (need(r, 4, what) != HT_OK)
        return HT_ERR_FORMAT;
    *v = le32(r->p + r->pos);
    r->pos += 4;
    return HT_OK;
}

static ht_status check_version(const reader *r, uint32_t version)
{
    if (version == 0)
        return fail(r, HT_ERR_FORMAT, "format version 0 is not a valid version");
    if (version > HT_MODEL_FORMAT_VERSION)
        return fail(r, HT_ERR_FORMAT, "format version %u is newer than this haltung supports (%d)",
                    version, HT_MODEL_FORMAT_VERSION);
    return HT_OK;
}

/* The length the file's fields call for, walked over without believing them
 * beyond their bounds (for the message when the checksum fails): SIZE_MAX if
 * they run past len, 0 if they make no sense. */
static size_t declared_length(const unsigned char *p, size_t len)
{
    size_t off = MAGIC_LEN + 4 + 1;  /* magic, version, task */
    if (off + 1 > len)
        return SIZE_MAX;
    off += 1 + p[off];  /* config bytes */
    if (off + 1 > len)
        return SIZE_MAX;
    unsigned k = p[off++];
    if (k < 2 || k > HT_MAX_CLASSES)
        return 0;
    for (unsigned i = 0; i < k; i++) {
        if (off + 1 > len)
            return SIZE_MAX;
        off += 1 + p[off];
    }
    if (off + 4 > len)
        return SIZE_MAX;
    off += 4 + (size_t)le32(p + off);  /* info */
    if (off + 4 > len)
        return SIZE_MAX;
    uint64_t rows = le32(p + off);
    off += 4;
    uint64_t need = (uint64_t)off + rows * (4 + 4 * (uint64_t)k) + CRC_LEN;
    return need > SIZE_MAX - 1 ? SIZE_MAX : (size_t)need;
}

/* Magic, CRC and version: what must hold before any field is believed.
 * The CRC comes before the version so that a damaged version field is
 * reported as damage; when the CRC fails and the version looks newer, the
 * message says both, as a newer format might keep its checksum elsewhere. */
static ht_status check_envelope(const reader *r, size_t len)
{
    size_t n = len < MAGIC_LEN ? len : MAGIC_LEN;
    if (len == 0)
        return fail(r, HT_ERR_FORMAT, "empty file, not a haltung model");
    if (memcmp(r->p, MAGIC, n) != 0)
        return fail(r, HT_ERR_FORMAT, "not a haltung model (no HALTUNG signature)");
    if (len < MAGIC_LEN + 4)
        return fail(r, HT_ERR_FORMAT, "truncated: %zu bytes end inside the file header", len);
    uint32_t version = le32(r->p + MAGIC_LEN);
    if (len < MIN_FILE_LEN) {
        ht_status st = check_version(r, version);
        return st != HT_OK ? st
                           : fail(r, HT_ERR_FORMAT, "truncated: %zu bytes, a model file has at "
                                  "least %d", len, MIN_FILE_LEN);
    }
    if (ht_crc32(0, r->p, len - CRC_LEN) != le32(r->p + len - CRC_LEN)) {
        if (version > HT_MODEL_FORMAT_VERSION)
            return fail(r, HT_ERR_FORMAT, "checksum mismatch: the file is corrupted, or it is in "
                        "format version %u, newer than this haltung supports (%d)", version,
                        HT_MODEL_FORMAT_VERSION);
        size_t need = declared_length(r->p, len);
        /* a cut file and a damaged length field look alike: both are said */
        if (need == SIZE_MAX)
            return fail(r, HT_ERR_FORMAT, "truncated or corrupted: %zu bytes end inside the "
                        "model's fields, and the checksum fails", len);
        if (need > len)
            return fail(r, HT_ERR_FORMAT, "truncated or corrupted: %zu bytes, where the model's "
                        "own fields call for %zu, and the checksum fails", len, need);
        return fail(r, HT_ERR_FORMAT, "checksum mismatch: the file is corrupted");
    }
    return check_version(r, version);
}

/* Config fields: count, then the fields. Fields beyond the ones known here
 * are accepted only when 0, which future versions must use to mean "as
 * before" for a new field. */
static ht_status parse_config(reader *r, ht_feature_config *cfg)
{
    unsigned count;
    if (get_u8(r, "the config field count", &count) != HT_OK)
        return HT_ERR_FORMAT;
    if (count < CONFIG_MIN)
        return fail(r, HT_ERR_FORMAT, "%u config fields, expected at least %d", count,
                    CONFIG_MIN);
    if (need(r, count, "feature configuration") != HT_OK)
        return HT_ERR_FORMAT;
    for (unsigned i = CONFIG_BYTES; i < count; i++)
        if (r->p[r->pos + i] != 0)
            return fail(r, HT_ERR_FORMAT,
                        "config field %u is set (%u) but unknown to this haltung", i,
                        r->p[r->pos + i]);
    *cfg = config_from_bytes(r->p + r->pos, count);
    r->pos += count;
    ht_error e;
    if (ht_config_check(cfg, &e) != HT_OK)
        return fail(r, HT_ERR_FORMAT, "bad feature configuration: %s", e.msg);
    return HT_OK;
}

static ht_status parse_label(reader *r, int c, char labels[][HT_LABEL_MAX])
{
    unsigned n;
    if (get_u8(r, "a label length", &n) != HT_OK)
        return HT_ERR_FORMAT;
    if (n < 1 || n > HT_LABEL_MAX - 1)
        return fail(r, HT_ERR_FORMAT, "label %d has length %u, not 1..%d", c, n, HT_LABEL_MAX - 1);
    if (need(r, n, "label text") != HT_OK)
        return HT_ERR_FORMAT;
    if (memchr(r->p + r->pos, '\0', n))
        return fail(r, HT_ERR_FORMAT, "label %d contains a NUL byte", c);
    if (!ht_utf8_valid((const char *)r->p + r->pos, n))  /* labels are written into JSON */
        return fail(r, HT_ERR_FORMAT, "label %d is not valid UTF-8", c);
    memcpy(labels[c], r->p + r->pos, n);
    labels[c][n] = '\0';
    r->pos += n;
    for (int j = 0; j < c; j++)
        if (strcmp(labels[j], labels[c]) == 0)
            return fail(r, HT_ERR_FORMAT, "label \"%s\" appears twice", labels[c]);
    return HT_OK;
}

/* Everything up to and including the labels; returns a fresh model. */
static ht_model *parse_header(reader *r)
{
    unsigned task, nr_class;
    ht_feature_config cfg;
    char labels[HT_MAX_CLASSES][HT_LABEL_MAX];
    const char *names[HT_MAX_CLASSES];
    r->pos = MAGIC_LEN + 4;  /* magic and version were checked with the CRC */
    if (get_u8(r, "the task", &task) != HT_OK)
        return NULL;
    if (!task_valid(task)) {
        fail(r, HT_ERR_FORMAT, "task %u is not a haltung task", task);
        return NULL;
    }
    if (parse_config(r, &cfg) != HT_OK || get_u8(r, "the class count", &nr_class) != HT_OK)
        return NULL;
    if (nr_class < 2 || nr_class > HT_MAX_CLASSES) {
        fail(r, HT_ERR_FORMAT, "%u classes is outside 2..%d", nr_class, HT_MAX_CLASSES);
        return NULL;
    }
    for (unsigned c = 0; c < nr_class; c++) {
        if (parse_label(r, (int)c, labels) != HT_OK)
            return NULL;
        names[c] = labels[c];
    }
    ht_error e;
    ht_model *m = ht_model_new((ht_task)task, &cfg, (int)nr_class, names, &e);
    if (!m)
        fail(r, e.code, "%s", e.msg);
    return m;
}

static ht_status parse_info(reader *r, ht_model *m)
{
    uint32_t n;
    if (get_u32(r, "the info length", &n) != HT_OK || need(r, n, "info JSON") != HT_OK)
        return HT_ERR_FORMAT;
    if (n == 0)
        return HT_OK;
    const uint8_t *s = r->p + r->pos;
    if (memchr(s, '\0', n))
        return fail(r, HT_ERR_FORMAT, "the info JSON contains a NUL byte");
    m->info = malloc((size_t)n + 1);
    if (!m->info)
        return fail(r, HT_ERR_NOMEM, "no memory for %u bytes of info", n);
    memcpy(m->info, s, n);
    m->info[n] = '\0';
    r->pos += n;
    return HT_OK;
}

/* The row count must account for exactly the bytes left before the CRC. */
static ht_status check_row_area(reader *r, const ht_model *m, uint32_t count)
{
    if ((uint64_t)count > (uint64_t)m->dim + 1)
        return fail(r, HT_ERR_FORMAT, "%u weight rows for a model of %u features", count, m->dim);
    size_t row_size = 4 + 4 * (size_t)m->nr_class;
    if (count > SIZE_MAX / row_size)
        return fail(r, HT_ERR_FORMAT, "%u weight rows do not fit in memory", count);
    size_t bytes = (size_t)count * row_size, left = r->end - r->pos;
    if (left < bytes)
        return fail(r, HT_ERR_FORMAT,
                    "truncated: expected %zu bytes of weights (%u rows) at offset %zu, "
                    "the data ends at %zu", bytes, count, r->pos, r->end);
    if (left > bytes)
        return fail(r, HT_ERR_FORMAT, "trailing garbage: %zu bytes after the last weight row",
                    left - bytes);
    return HT_OK;
}

static ht_status parse_row(reader *r, ht_model *m, int64_t *prev)
{
    const size_t k = (size_t)m->nr_class;
    uint32_t idx = le32(r->p + r->pos);
    if ((int64_t)idx <= *prev)
        return fail(r, HT_ERR_FORMAT, "weight rows are not sorted: row %u follows row %lld", idx,
                    (long long)*prev);
    if (idx > m->dim)
        return fail(r, HT_ERR_FORMAT, "row index %u is beyond the %u features", idx, m->dim);
    float *row = m->weights + (size_t)idx * k;
    for (size_t c = 0; c < k; c++) {
        uint32_t bits = le32(r->p + r->pos + 4 + 4 * c);
        memcpy(&row[c], &bits, sizeof bits);
        if (!isfinite(row[c]))
            return fail(r, HT_ERR_FORMAT, "weight %zu of row %u is not a finite number (NaN/Inf)",
                        c, idx);
    }
    /* The writer never stores zero rows; refusing them keeps the format
     * canonical, so a load and save give back the same bytes. */
    if (row_is_zero(row, m->nr_class))
        return fail(r, HT_ERR_FORMAT, "row %u stores only zeros", idx);
    r->pos += 4 + 4 * k;
    *prev = idx;
    return HT_OK;
}

static ht_status parse_rows(reader *r, ht_model *m)
{
    uint32_t count;
    if (get_u32(r, "the row count", &count) != HT_OK || check_row_area(r, m, count) != HT_OK)
        return HT_ERR_FORMAT;
    int64_t prev = -1;
    for (uint32_t i = 0; i < count; i++)
        if (parse_row(r, m, &prev) != HT_OK)
            return HT_ERR_FORMAT;
    return HT_OK;
}

ht_model *ht_model_parse(const void *buf, size_t len, const char *name, ht_error *err)
{
    reader r = {buf, 0, 0, name ? name : "model", err};
    if (!buf && len) {
        fail(&r, HT_ERR_INVALID, "no data given");
        return NULL;
    }
    if (check_envelope(&r, len) != HT_OK)
        return NULL;
    r.end = len - CRC_LEN;
    ht_model *m = parse_header(&r);
    if (m && (parse_info(&r, m) != HT_OK || parse_rows(&r, m) != HT_OK)) {
        ht_model_free(m);
        m = NULL;
    }
    if (m)
        m->crc = le32(r.p + len - CRC_LEN);
    return m;
}

/* ---- loading -------------------------------------------------------------- */

ht_model *ht_model_load(const char *path, ht_error *err)
{
    if (!path) {
        ht_error_set(err, HT_ERR_INVALID, "no model path given");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        ht_error_set(err, HT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        ht_error_set(err, HT_ERR_IO, "%s: is a directory, not a model file", path);
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0;
    int e = ht_file_read_all(f, HT_MODEL_FILE_MAX, &buf, &len);
    fclose(f);
    if (e == EFBIG) {
        ht_error_set(err, HT_ERR_FORMAT, "%s: more than %d MiB, larger than any model file",
                     path, HT_MODEL_FILE_MAX >> 20);
        return NULL;
    }
    if (e) {
        ht_error_set(err, e == ENOMEM ? HT_ERR_NOMEM : HT_ERR_IO, "%s: cannot read: %s", path,
                     e == ENOMEM ? "out of memory" : strerror(e));
        return NULL;
    }
    ht_model *m = ht_model_parse((const uint8_t *)buf, len, path, err);
    free(buf);
    return m;
}
