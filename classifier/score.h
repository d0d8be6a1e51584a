/* score.h: scoring an article: paragraph and article tone, actors with
 * their mentions and quotes, each actor's tonality and stance, the evidence.
 *
 * ht_models holds what is loaded once and shared read-only by all threads
 * (the three models and the gazetteer); an ht_scorer is one thread's working
 * state. The result is rendered straight into JSON (docs/output.md) or a
 * text view for people; the same input always gives the same bytes. */
#ifndef HT_SCORE_H
#define HT_SCORE_H

#include <stddef.h>

#include "classifier/actors.h"
#include "classifier/model.h"
#include "features/error.h"

#define HT_SCHEMA_VERSION 1

typedef struct ht_models {
    ht_model *tone, *actor, *stance;
    ht_gazetteer *gazetteer;
    struct ht_speakers *speakers;  /* the stance model's speakers among the actors */
    char names[3][64];  /* file names of the models, for the output's "models" */
} ht_models;

/* Loads tone.model, actor.model, stance.model and the gazetteer files from dir. */
ht_models *ht_models_load(const char *dir, ht_error *err);
/* Loads tone.model only: its scorers score tone only (ht_scorer_set_tone_only),
 * so a folder with a tone model of one's own needs nothing else. */
ht_models *ht_models_load_tone(const char *dir, ht_error *err);
/* Adds a user's actors file (the format of models/actors.json). */
ht_status ht_models_add_actors(ht_models *m, const char *path, ht_error *err);
void ht_models_free(ht_models *m);

typedef struct ht_article {
    const char *id;      /* may be NULL */
    const char *text;    /* any bytes */
    size_t len;
    const char *title;   /* a headline given apart from the text, or NULL */
    const char *topic;   /* what stance is measured toward, or NULL: headline and lead */
} ht_article;

typedef enum { HT_OUT_JSON = 0, HT_OUT_TEXT = 1 } ht_out_format;

typedef struct ht_scorer ht_scorer;

ht_scorer *ht_scorer_new(const ht_models *m, ht_error *err);
void ht_scorer_free(ht_scorer *s);

/* Per-article limits, so that one pathological article cannot take the
 * process's time and memory: an article over one is refused (HT_ERR_LIMIT,
 * the message names the limit), never cut short. 0 means no limit. */
typedef struct ht_limits {
    size_t max_bytes;   /* bytes of the article's text */
    size_t max_actors;  /* actors found in it */
    size_t max_token;   /* bytes of its longest token (a 100 MB run without a space) */
    size_t max_paragraphs;  /* its paragraphs (the result holds each one's tone and evidence) */
    size_t max_mentions;    /* actor mentions found in it (each is scored and listed) */
} ht_limits;

#define HT_DEFAULT_MAX_BYTES ((size_t)1 << 28)
#define HT_DEFAULT_MAX_ACTORS 2000
#define HT_DEFAULT_MAX_TOKEN 65536
#define HT_DEFAULT_MAX_PARAGRAPHS 10000
#define HT_DEFAULT_MAX_MENTIONS 20000
#define HT_DEFAULT_LIMITS                                                                      \
    { HT_DEFAULT_MAX_BYTES, HT_DEFAULT_MAX_ACTORS, HT_DEFAULT_MAX_TOKEN,                       \
      HT_DEFAULT_MAX_PARAGRAPHS, HT_DEFAULT_MAX_MENTIONS }

/* A new scorer has the defaults above. */
void ht_scorer_set_limits(ht_scorer *s, const ht_limits *l);

/* With on, articles are scored for tone only (the article, its headline and
 * paragraphs, with their evidence): actors, quotes, tonality and stance are
 * not looked for, and the output says so (docs/output.md). Off by default;
 * always on with models of ht_models_load_tone. */
void ht_scorer_set_tone_only(ht_scorer *s, int on);

/* With on, an actor the stance model knows as a speaker (a party, or a
 * person of one: classifier/speakers.h) is scored as that speaker toward a
 * topic the article gives (ht_article.topic), as the model was trained on
 * Wahl-O-Mat answers; toward the headline and lead, and with off (the
 * default), every statement is read from its words alone. Off by default
 * because the party's past answers can outweigh what a statement says ("Die
 * FDP fordert ein Tempolimit" read as against). */
void ht_scorer_set_speakers(ht_scorer *s, int on);

/* Scores one article and renders it: JSON on one line with a final newline,
 * or a text block. *out stays valid until the next call on s. */
ht_status ht_score_article(ht_scorer *s, const ht_article *a, ht_out_format fmt,
                           const char **out, size_t *len, ht_error *err);

/* Renders {"id": ..., "error": msg} (JSON) or an error line (text) into s. */
void ht_score_error(ht_scorer *s, const char *id, const char *msg, ht_out_format fmt,
                    const char **out, size_t *len);

#endif
