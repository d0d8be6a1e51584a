/* result.h: the scorer's working state and results, shared by score.c (which
 * computes them) and report.c (which renders them). Private to classifier/. */
#ifndef HT_RESULT_H
#define HT_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "classifier/actors.h"
#include "classifier/document.h"
#include "classifier/idmap.h"
#include "classifier/jsonw.h"
#include "classifier/score.h"
#include "classifier/vectors.h"
#include "features/extract.h"

#define EVIDENCE_NGRAMS 5
#define EVIDENCE_SPANS 2

/* A score: probabilities, the best label and a signed score in [-1, 1]
 * (positive minus negative, or favor minus against). */
typedef struct verdict {
    const ht_model *model;
    double prob[HT_MAX_CLASSES];
    double weight;  /* summed weight while averaging */
    int valid;
} verdict;

typedef enum { PARA_BODY, PARA_HEADLINE, PARA_SUBHEADING, PARA_BULLET, PARA_FURNITURE } para_kind;

extern const char *const ht_para_kind_names[];

/* An evidence n-gram: its name is kept in the scorer's name pool (the
 * extractor's name buffer is reused), so that a paragraph's or a
 * statement's five take 80 bytes, not 840, on articles of a million. */
typedef struct ngram {
    uint32_t name;  /* offset of its NUL-terminated name in ht_scorer.names */
    double weight;
} ngram;

/* The evidence names of one article, one after another; reset for each. */
typedef struct name_pool {
    char *s;
    size_t len, cap;
    int failed;  /* an allocation failed: the result cannot be written */
} name_pool;

typedef struct para_result {
    para_kind kind;
    verdict tone;
    size_t words;
    ngram ngrams[EVIDENCE_NGRAMS];  /* what moved this paragraph's tone most */
    int nngrams;
} para_result;

/* Something an actor says or does, scored for stance, or a mention scored for tonality. */
typedef struct scored_span {
    size_t tb, te;      /* tokens of the statement (stance) or of the passage the actor
                         * model read for a mention (tonality) */
    size_t target_b, target_e;
    double score;
} scored_span;

/* The spans that weighed most for one score, and the n-grams of the first. */
typedef struct evidence {
    scored_span best[EVIDENCE_SPANS];
    int nbest;
    ngram ngrams[EVIDENCE_NGRAMS];
    int nngrams;
} evidence;

/* A statement scored for stance, once per article whoever it is by: its
 * vector depends only on its span and the topic. */
typedef struct stance_memo {
    double prob[HT_MAX_CLASSES];
    int nngrams;                    /* -1: not worked out yet */
    ngram ngrams[EVIDENCE_NGRAMS];  /* what moved its score most */
} stance_memo;

typedef struct actor_result {
    verdict tonality, stance;
    const char *speaker;  /* the name the stance model read the actor as, or NULL */
    double salience;
    evidence tonality_ev, stance_ev;
} actor_result;

struct ht_scorer {
    const ht_models *models;
    ht_extractor *ex_tone, *ex_actor, *ex_stance;
    ht_tone_aux aux;  /* the tone model helping the actor model, with its cache */
    ht_doc doc, title, topic;
    ht_analysis an;
    ht_analysis title_an; /* the actors a record's title names (only for their salience) */
    para_result *paras;
    size_t cap_paras;
    unsigned char *furniture; /* per paragraph: web furniture, where no actor is looked for */
    size_t cap_furniture;
    double *para_prob;    /* each paragraph's tone, 8 per paragraph, for the actor helper */
    size_t cap_para_prob;
    actor_result *actors;
    size_t cap_actors;
    evidence tone_ev;     /* of the article's tone, over body paragraphs */
    stance_memo *memo;    /* the statements of this article scored so far */
    size_t nmemo, cap_memo;
    ht_idmap memo_of;     /* statement span (tb << 32 | te) -> memo entry */
    char *topic_buf;
    size_t cap_topic;
    ht_jsonw out;
    name_pool names;      /* of the evidence n-grams */
    ht_limits limits;
    int tone_only;        /* ht_scorer_set_tone_only */
    int speakers;         /* ht_scorer_set_speakers(s, 1) */
    int topic_given;      /* the article came with a topic of its own (not blank) */
    int topic_words;      /* ... with words in it */
};

/* Verdict helpers (score.c). */
void ht_verdict_add(verdict *v, const ht_model *m, const double *prob, double weight);
void ht_verdict_finish(verdict *v);
int ht_verdict_best(const verdict *v);
double ht_verdict_score(const verdict *v);
/* Offers a span scored with vector x (just built by ex, names tracked) to
 * ev: the EVIDENCE_SPANS spans furthest from 0 are kept, furthest first, a
 * span already kept not twice; when cand becomes the first, the n-grams of x
 * that moved the score most are kept with it (or known, when the caller has
 * worked them out already). So evidence costs no second extraction. */
void ht_evidence_offer(evidence *ev, scored_span cand, const ht_model *m, ht_extractor *ex,
                       const struct feature_node *x, const ngram *known, int nknown,
                       name_pool *names);
/* Classes counted +1 and -1 in a model's signed score. */
void ht_model_poles(const ht_model *m, int *plus, int *minus);

/* Renders the scored article in s (report.c). */
void ht_report_json(ht_scorer *s, const ht_article *a, const verdict *tone,
                    const verdict *headline, int headline_para);
void ht_report_text(ht_scorer *s, const ht_article *a, const verdict *tone,
                    const verdict *headline, int headline_para);
/* Writes s[0, len) for the text view, its control characters (an ESC is a
 * terminal's command) and bytes that are no UTF-8 as U+FFFD. */
void ht_report_text_safe(ht_jsonw *w, const char *s, size_t len);

#endif
