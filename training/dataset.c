/* dataset.c: reading labelled JSON Lines into vectors for liblinear. */
#include "training/dataset.h"

#include <linear.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/speakers.h"
#include "classifier/vectors.h"

static const char *const polar_labels[] = { "negative", "neutral", "positive" };
static const char *const stance_labels[] = { "against", "neutral", "favor" };

const char *const *ht_task_labels(ht_task task, int *n)
{
    *n = 3;
    return task == HT_TASK_STANCE ? stance_labels : polar_labels;
}

unsigned ht_task_fields(ht_task task)
{
    switch (task) {
    case HT_TASK_ACTOR: return HT_FIELD_TEXT | HT_FIELD_SPAN;
    case HT_TASK_STANCE: return HT_FIELD_TEXT | HT_FIELD_TOPIC;
    default: return HT_FIELD_TEXT;
    }
}

ht_feature_config ht_task_config(ht_task task)
{
    ht_feature_config c = ht_config_default();
    /* Character n-grams cost five times the features and lost 0.01 macro-F1
     * on every dev set; 2^18 dimensions train four times faster than 2^20
     * for at most 0.005 less. */
    c.char_min = c.char_max = 0;
    /* With --char, the n-grams form a block of their own: as accurate (CV
     * macro-F1 0.641 / 0.642 / 0.643 against 0.642 / 0.642 / 0.640 for tone
     * with char 4-5), and a scorer scores each word's n-grams once. */
    c.char_block = 1;
    c.hash_bits = 18;
    /* The party behind a justification, crossed with the topic's words:
     * wahlomat/dev macro-F1 0.671 -> 0.692, CV 0.587 -> 0.608 (see
     * models/stance.md). */
    if (task == HT_TASK_STANCE)
        c.speaker = 1;
    if (task == HT_TASK_ACTOR) {
        c.window = 3;
        /* 2,604 sentences are too few for bigrams: unigrams raised the CV
         * macro-F1 from 0.352 to 0.375 (see models/actor.md). */
        c.word_ngrams = 1;
        /* Hashed as the tone model hashes the same words, the sentence's
         * indices come from the document's memo when scoring (see
         * ht_fv_memo); the model is as accurate (models/actor.md). */
        c.text_ns = 1;
        /* The sentence's tone beside the clause's gained nothing beyond the
         * fold seed's noise (CV macro-F1 0.366 / 0.380 / 0.382 with it, 0.366 /
         * 0.374 / 0.383 without) and cost 4 % of the scoring time. */
        c.clause_tone_only = 1;
        /* The sentences beside the target's, as GerNTSA's annotators read
         * them: CV macro-F1 0.394 / 0.388 / 0.392 -> 0.419 / 0.405 / 0.409
         * (models/actor.md). */
        c.context = 1;
    }
    return c;
}

ht_status ht_vectorizer_init(ht_vectorizer *v, ht_task task, const ht_feature_config *cfg,
                             ht_error *err)
{
    memset(v, 0, sizeof *v);
    v->task = task;
    v->ex = ht_extractor_new(cfg, err);
    return v->ex ? HT_OK : err->code;
}

ht_status ht_vectorizer_set_tone(ht_vectorizer *v, const ht_model *tone, ht_error *err)
{
    if (tone->task != HT_TASK_TONE)
        return ht_error_set(err, HT_ERR_INVALID, "the helper model is %s %s model, not a tone model",
                            tone->task == HT_TASK_ACTOR ? "an" : "a", ht_task_name(tone->task));
    ht_extractor_free(v->tone.ex);
    v->tone.model = tone;
    v->tone.names_for = NULL;  /* another model may have had its address */
    v->tone.ex = ht_extractor_new(&tone->features, err);
    return v->tone.ex ? HT_OK : err->code;
}

void ht_vectorizer_set_speakers(ht_vectorizer *v, const struct ht_speakers *known)
{
    v->known = known;
}

void ht_vectorizer_free(ht_vectorizer *v)
{
    ht_extractor_free(v->ex);
    ht_extractor_free(v->tone.ex);
    ht_doc_free(&v->doc);
    ht_doc_free(&v->topic);
    memset(v, 0, sizeof *v);
}

/* Token range of the code-point span [start, end) of the record's text. */
static int span_tokens(const ht_doc *d, long start, long end, size_t *tb, size_t *te)
{
    size_t bs = ht_doc_byte_of_cp(d, (size_t)start), be = ht_doc_byte_of_cp(d, (size_t)end);
    *tb = ht_doc_token_at(d, bs);
    *te = *tb;
    while (*te < d->tokens.n && d->tokens.v[*te].start < be)
        (*te)++;
    return *te > *tb;
}

static const struct feature_node *actor_vector(ht_vectorizer *v, const ht_record *rec,
                                               ht_error *err)
{
    size_t tb, te;
    if (rec->start < 0 || rec->end <= rec->start || !span_tokens(&v->doc, rec->start, rec->end,
                                                                 &tb, &te)) {
        ht_error_set(err, HT_ERR_INVALID, "target span %ld-%ld covers no word", rec->start,
                     rec->end);
        return NULL;
    }
    size_t sb = ht_doc_sentence_of(&v->doc, tb), se = ht_doc_sentence_of(&v->doc, te - 1);
    return ht_vec_actor(v->ex, &v->doc, v->doc.sentences.v[sb].tok_begin,
                        v->doc.sentences.v[se].tok_end, tb, te, &v->tone);
}

const struct feature_node *ht_vectorize(ht_vectorizer *v, const ht_record *rec, ht_error *err)
{
    if (ht_doc_set(&v->doc, rec->text, rec->text_len, err) != HT_OK)
        return NULL;
    ht_tone_aux_reset(&v->tone);
    const struct feature_node *x = NULL;
    switch (v->task) {
    case HT_TASK_ACTOR:
        x = actor_vector(v, rec, err);
        break;
    case HT_TASK_STANCE:
        if (ht_doc_set(&v->topic, rec->topic ? rec->topic : "",
                       rec->topic ? strlen(rec->topic) : 0, err) != HT_OK)
            return NULL;
        {
            /* The record's actor (a party in Wahl-O-Mat) is its speaker. */
            ht_speaker sp = { rec->actor ? ht_speaker_hash(rec->actor, strlen(rec->actor)) : 0,
                              NULL };
            if (v->known && !ht_speakers_knows(v->known, sp.hash))
                sp.hash = 0;
            x = ht_vec_stance(v->ex, &v->doc, 0, v->doc.tokens.n, &v->topic, &sp);
        }
        break;
    default:
        x = ht_vec_tone(v->ex, &v->doc, 0, v->doc.tokens.n);
        break;
    }
    if (!x && !err->msg[0])
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for a feature vector");
    return x;
}

ht_dataset *ht_dataset_new(ht_task task, const ht_feature_config *cfg, ht_error *err)
{
    ht_dataset *ds = calloc(1, sizeof *ds);
    if (!ds) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for a dataset");
        return NULL;
    }
    ds->task = task;
    ds->cfg = *cfg;
    ds->labels = ht_task_labels(task, &ds->nr_class);
    return ds;
}

void ht_dataset_free(ht_dataset *ds)
{
    if (!ds)
        return;
    free(ds->y);
    free(ds->off);
    free(ds->nodes);
    free(ds->sources);
    for (size_t i = 0; i < ds->nspeakers; i++)
        free(ds->speakers[i].name);
    free(ds->speakers);
    ht_idmap_free(&ds->speaker_of);
    free(ds);
}

void ht_dataset_set_sink(ht_dataset *ds, ht_dataset_sink sink, void *ctx)
{
    ds->sink = sink;
    ds->sink_ctx = ctx;
}

struct feature_node *ht_dataset_x(const ht_dataset *ds, size_t i)
{
    return ds->nodes + ds->off[i];
}

static int label_class(const ht_dataset *ds, const char *label)
{
    for (int c = 0; c < ds->nr_class; c++)
        if (!strcmp(label, ds->labels[c]))
            return c;
    return -1;
}

static int skipped(const char *label, const char *const *skip)
{
    for (size_t i = 0; skip && skip[i]; i++)
        if (!strcmp(label, skip[i]))
            return 1;
    return 0;
}

static ht_status push(ht_dataset *ds, const struct feature_node *x, int cls, ht_error *err)
{
    if (ds->sink) {
        ht_status st = ds->sink(ds->sink_ctx, cls, x, err);
        if (st == HT_OK) {
            ds->n++;
            ds->count[cls]++;
        }
        return st;
    }
    size_t m = 0;
    while (x[m].index != -1)
        m++;
    if (ds->n == ds->cap_n) {
        size_t cap = ds->cap_n ? ds->cap_n * 2 : 1024;
        int *y = realloc(ds->y, cap * sizeof *y);
        if (y)
            ds->y = y;
        size_t *off = realloc(ds->off, cap * sizeof *off);
        if (off)
            ds->off = off;
        if (!y || !off)
            return HT_ERR_NOMEM;
        ds->cap_n = cap;
    }
    if (ds->nnodes + m + 2 > ds->cap_nodes) {
        size_t cap = ds->cap_nodes ? ds->cap_nodes * 2 : 65536;
        while (cap < ds->nnodes + m + 2)
            cap *= 2;
        struct feature_node *v = realloc(ds->nodes, cap * sizeof *v);
        if (!v)
            return HT_ERR_NOMEM;
        ds->nodes = v;
        ds->cap_nodes = cap;
    }
    ds->off[ds->n] = ds->nnodes;
    memcpy(ds->nodes + ds->nnodes, x, m * sizeof *x);
    ds->nnodes += m;
    ds->nodes[ds->nnodes++] = (struct feature_node){ (int)(1u << ds->cfg.hash_bits) + 1, 1.0 };
    ds->nodes[ds->nnodes++] = (struct feature_node){ -1, 0 };
    ds->y[ds->n++] = cls;
    ds->count[cls]++;
    return HT_OK;
}

/* "corpus/train.jsonl" from any path: the last two components. */
static void add_source(ht_dataset *ds, const char *path)
{
    const char *p = path + strlen(path);
    int slashes = 0;
    while (p > path && !(p[-1] == '/' && ++slashes == 2))
        p--;
    size_t old = ds->sources ? strlen(ds->sources) : 0, add = strlen(p);
    char *s = realloc(ds->sources, old + add + 3);
    if (!s)
        return;
    if (old)
        memcpy(s + old, ", ", 2), old += 2;
    memcpy(s + old, p, add + 1);
    ds->sources = s;
}

/* One more record of speaker name (the first spelling seen is kept). */
static ht_status count_speaker(ht_dataset *ds, const char *name)
{
    uint64_t h = ht_speaker_hash(name, strlen(name));
    if (!h)
        return HT_OK;
    uint32_t i = ht_idmap_get(&ds->speaker_of, h);
    if (i != HT_IDMAP_NONE) {
        ds->speakers[i].n++;
        return HT_OK;
    }
    if (ds->nspeakers == ds->cap_speakers) {
        size_t cap = ds->cap_speakers ? 2 * ds->cap_speakers : 64;
        ht_speaker_count *v = realloc(ds->speakers, cap * sizeof *v);
        if (!v)
            return HT_ERR_NOMEM;
        ds->speakers = v;
        ds->cap_speakers = cap;
    }
    char *copy = strdup(name);
    ht_error err = { 0 };
    if (!copy || ht_idmap_put(&ds->speaker_of, h, (uint32_t)ds->nspeakers, &err) != HT_OK) {
        free(copy);
        return HT_ERR_NOMEM;
    }
    ds->speakers[ds->nspeakers++] = (ht_speaker_count){ copy, 1 };
    return HT_OK;
}

static void warn_record(ht_dataset *ds, ht_warn_fn warn, void *ctx, const char *msg)
{
    ds->bad++;
    if (warn)
        warn(ctx, msg);
}

/* A status other than HT_OK ends the file: out of memory (err left empty for
 * the caller to fill) or what the sink set in err. */
static ht_status take_record(ht_dataset *ds, ht_vectorizer *v, const ht_record *rec,
                             const char *path, const char *const *skip, ht_warn_fn warn,
                             void *ctx, ht_error *err)
{
    char msg[700];
    if (!rec->label) {
        snprintf(msg, sizeof msg, "%s:%zu: missing field \"label\"; record skipped", path, rec->line);
        warn_record(ds, warn, ctx, msg);
        return HT_OK;
    }
    if (skipped(rec->label, skip)) {
        ds->skipped++;
        return HT_OK;
    }
    int cls = label_class(ds, rec->label);
    if (cls < 0) {
        snprintf(msg, sizeof msg, "%s:%zu: label \"%.60s\" is not one of %s, %s, %s; record skipped",
                 path, rec->line, rec->label, ds->labels[0], ds->labels[1], ds->labels[2]);
        warn_record(ds, warn, ctx, msg);
        return HT_OK;
    }
    ht_error verr = { 0 };
    const struct feature_node *x = ht_vectorize(v, rec, &verr);
    if (!x) {
        if (verr.code == HT_ERR_NOMEM)
            return HT_ERR_NOMEM;
        snprintf(msg, sizeof msg, "%s:%zu: %s; record skipped", path, rec->line, verr.msg);
        warn_record(ds, warn, ctx, msg);
        return HT_OK;
    }
    ht_status st = push(ds, x, cls, err);
    if (st == HT_OK && ds->task == HT_TASK_STANCE && ds->cfg.speaker && rec->actor)
        st = count_speaker(ds, rec->actor);
    return st;
}

ht_status ht_dataset_add_file(ht_dataset *ds, ht_vectorizer *v, const char *path,
                              const char *const *skip, ht_warn_fn warn, void *ctx,
                              ht_error *err)
{
    ht_jsonl_reader *r = ht_jsonl_open(path, err);
    if (!r)
        return err->code;
    add_source(ds, path);
    if (!strcmp(path, "-"))
        path = "<stdin>";  /* in messages, as the reader names it */
    ht_record rec = { 0 };
    ht_status st = HT_OK;
    int got;
    while ((got = ht_jsonl_next(r, &rec, ht_task_fields(ds->task), err)) != 0) {
        if (got == -2) {
            st = err->code;
            break;
        }
        if (got == -1) {
            warn_record(ds, warn, ctx, err->msg);
            continue;
        }
        ht_error_clear(err);
        if ((st = take_record(ds, v, &rec, path, skip, warn, ctx, err)) != HT_OK) {
            if (!err->msg[0])
                ht_error_set(err, st, "%s:%zu: out of memory", path, rec.line);
            break;
        }
    }
    ht_record_clear(&rec);
    ht_jsonl_close(r);
    return st;
}
