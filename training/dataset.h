/* dataset.h: labelled records turned into the vectors liblinear trains on.
 *
 * Records are read from JSON Lines (training/jsonl.h), each analysed once and
 * turned into its task's vector (classifier/vectors.h) with a bias feature
 * appended; all vectors of a set live in one array. A bad record is reported
 * through the warning callback with file and line and skipped; the others
 * are kept. */
#ifndef HT_DATASET_H
#define HT_DATASET_H

#include <stddef.h>

#include "classifier/document.h"
#include "classifier/idmap.h"
#include "classifier/model.h"
#include "classifier/vectors.h"
#include "features/extract.h"
#include "training/jsonl.h"

struct feature_node;

/* The label set of a task, in class order. */
const char *const *ht_task_labels(ht_task task, int *n);
/* The JSON fields a task's records need. */
unsigned ht_task_fields(ht_task task);
/* The feature settings `haltung train` uses for a task unless told otherwise
 * (measured on the dev splits; see the model cards in models/). */
ht_feature_config ht_task_config(ht_task task);

/* Per-thread state to turn records into vectors. */
typedef struct ht_vectorizer {
    ht_task task;
    ht_extractor *ex;
    ht_doc doc, topic;
    ht_tone_aux tone;  /* actor task: the tone model's help, if set */
    const struct ht_speakers *known;  /* stance: if set, only these speakers are read */
} ht_vectorizer;

ht_status ht_vectorizer_init(ht_vectorizer *v, ht_task task, const ht_feature_config *cfg,
                             ht_error *err);
void ht_vectorizer_free(ht_vectorizer *v);
/* Makes a stance vectorizer read a record's actor only if known has it (a
 * model's speakers, borrowed): evaluating a model, a party it never saw is
 * no speaker, as when scoring. Training reads every actor. */
void ht_vectorizer_set_speakers(ht_vectorizer *v, const struct ht_speakers *known);
/* Lets an actor vectorizer use a tone model (borrowed; it must outlive v). */
ht_status ht_vectorizer_set_tone(ht_vectorizer *v, const ht_model *tone, ht_error *err);
/* The vector of one record (valid until the next call), or NULL with err
 * set (a span that is not in the text, no memory). */
const struct feature_node *ht_vectorize(ht_vectorizer *v, const ht_record *rec, ht_error *err);

typedef void (*ht_warn_fn)(void *ctx, const char *msg);

/* Where a dataset's vectors go instead of being kept (`haltung features`
 * streams them to a file): called for each good record, in input order, with
 * its class and vector (the features only, without the bias; index -1 ends
 * it). A status other than HT_OK stops the file; the sink sets err. */
typedef ht_status (*ht_dataset_sink)(void *ctx, int cls, const struct feature_node *x,
                                     ht_error *err);

/* A speaker of a stance set (a record's actor) and its number of records. */
typedef struct ht_speaker_count {
    char *name;  /* as first written in the data */
    long n;
} ht_speaker_count;

typedef struct ht_dataset {
    ht_task task;
    ht_feature_config cfg;
    int nr_class;
    const char *const *labels;
    size_t n;                    /* records */
    int *y;                      /* class of each record */
    size_t *off;                 /* record i's nodes start at nodes[off[i]] */
    struct feature_node *nodes;  /* each vector: features, bias (dim + 1), then -1 */
    size_t nnodes, cap_nodes, cap_n;
    long count[HT_MAX_CLASSES];  /* records per class */
    long bad, skipped;           /* records refused, records with a skipped label */
    char *sources;               /* the files read, "corpus/file" comma-separated */
    ht_speaker_count *speakers;  /* stance with cfg.speaker: each distinct speaker (by
                                  * ht_speaker_hash), in order of first appearance */
    size_t nspeakers, cap_speakers;
    ht_idmap speaker_of;         /* speaker hash -> index into speakers */
    ht_dataset_sink sink;        /* if set, vectors go there and are not kept */
    void *sink_ctx;
} ht_dataset;

ht_dataset *ht_dataset_new(ht_task task, const ht_feature_config *cfg, ht_error *err);
void ht_dataset_free(ht_dataset *ds);
/* Hands every later record's vector to sink instead of keeping it: n, count,
 * bad and skipped still count, but y, off and nodes stay empty, so such a set
 * cannot be trained on. */
void ht_dataset_set_sink(ht_dataset *ds, ht_dataset_sink sink, void *ctx);
/* Reads one JSON Lines file. skip lists labels whose records are left out
 * (NULL-terminated, may be NULL). Bad records go to warn and are counted. */
ht_status ht_dataset_add_file(ht_dataset *ds, ht_vectorizer *v, const char *path,
                              const char *const *skip, ht_warn_fn warn, void *ctx,
                              ht_error *err);
/* The vector of record i (starts at the first feature, ends with -1). */
struct feature_node *ht_dataset_x(const ht_dataset *ds, size_t i);

#endif
