/* vectors.h: the feature vector each task's model sees.
 *
 * Training and scoring both build their vectors here, so a model always sees
 * at scoring time exactly the kind of vector it was trained on. The extractor
 * carries the feature settings (from the model); these functions decide which
 * parts of a document go into which namespace. Each returns the finished
 * vector (valid until the extractor's next reset) or NULL when out of memory. */
#ifndef HT_VECTORS_H
#define HT_VECTORS_H

#include <stddef.h>

#include "classifier/document.h"
#include "features/extract.h"

struct feature_node;

/* Marks of a target's place in its sentence, computed from the text alone. */
enum {
    HT_TARGET_SPEAKER = 1 << 0,  /* next to a speech verb: the one who says something */
    HT_TARGET_SUBJECT = 1 << 1,  /* opens its clause, before the verb */
    HT_TARGET_IN_QUOTE = 1 << 2, /* inside quotation marks */
    HT_TARGET_NEGATED = 1 << 3   /* inside a negation scope */
};

/* Tone: tokens [b, e) of d, a sentence, paragraph or whole text. */
const struct feature_node *ht_vec_tone(ht_extractor *ex, const ht_doc *d, size_t b, size_t e);

struct ht_model;
/* The model's prediction for x, ex's last vector: probabilities into prob,
 * with the share of the character n-grams ex folded out of x (see
 * ht_extractor_fold_chars) added back. Returns the best class. */
int ht_vec_predict(const struct ht_model *m, const ht_extractor *ex, const struct feature_node *x,
                   double *prob);

/* The tone model as a helper of the actor model: its probabilities for the
 * target's clause and sentence become features ("the tone of its clause"),
 * which carries what it learnt from ten thousand tweets into the actor task.
 * Its extractor is the caller's (per thread). model NULL: not used. */
#define HT_TONE_CACHE 16
#define HT_TONE_SPANS 3  /* the tone helper reads a target's clause, sentence, context */

typedef struct ht_tone_aux {
    const struct ht_model *model;
    ht_extractor *ex;
    /* The tone of the last ranges scored in the current document: mentions
     * share sentences and clauses. ht_tone_aux_reset() for each new document. */
    size_t ncached, next;
    size_t cache_b[HT_TONE_CACHE], cache_e[HT_TONE_CACHE];
    double cache_prob[HT_TONE_CACHE][8];
    /* The tone of each paragraph of the document, if the caller has it
     * (para_prob[8 p + c]; NULL: none): a target's context is often its
     * whole paragraph. Set with ht_tone_aux_paragraphs after the reset. */
    const ht_doc *para_doc;
    const double *para_prob;
    /* The features' names ("tone:clause:negative") and hashes, made once
     * for names_for (the model they were made from). */
    const struct ht_model *names_for;
    char names[HT_TONE_SPANS][8][48];
    uint64_t hashes[HT_TONE_SPANS][8];
} ht_tone_aux;

void ht_tone_aux_reset(ht_tone_aux *aux);
/* The tones of d's paragraphs, 8 doubles each, as the tone model gives
 * them for the paragraphs' tokens: they are read instead of scoring the same
 * tokens of d again. prob must live as long as d is unchanged. */
void ht_tone_aux_paragraphs(ht_tone_aux *aux, const ht_doc *d, const double *prob);

/* The tone helper an actor model needs: the file name from its info
 * ("tone_model", NULL if it needs none). */
const char *ht_actor_helper_name(const struct ht_model *actor, char *buf, size_t cap);
/* Checks that tone is the very model actor was trained with (its file's
 * CRC-32 is in actor's info): another tone.model beside an actor model would
 * silently change every actor score. Models without the record pass. */
ht_status ht_actor_helper_check(const struct ht_model *actor, const struct ht_model *tone,
                                const char *tone_path, ht_error *err);

/* Actor: context tokens [b, e) (a sentence) around the target tokens [tb, te):
 * the context with the target replaced by a placeholder, the words near it
 * with side and distance, its place marks, and the tone of its clause (and
 * of its sentence, unless the extractor's config says clause_tone_only) when
 * aux has a tone model; with config context k, the words of k sentences each
 * side inside the paragraph (ht_doc_context) and the tone of all of them. */
const struct feature_node *ht_vec_actor(ht_extractor *ex, const ht_doc *d, size_t b, size_t e,
                                        size_t tb, size_t te, ht_tone_aux *aux);
unsigned ht_target_flags(const ht_doc *d, size_t b, size_t e, size_t tb, size_t te);
/* The clause of the target: tokens between the nearest clause breaks (, ; : quote dash). */
void ht_target_clause(const ht_doc *d, size_t b, size_t e, size_t tb, size_t te, size_t *cb,
                      size_t *ce);

/* Who makes a statement, for a stance model with cfg.speaker: the hash of
 * its name (ht_speaker_hash) and the prefix its features are named with in
 * evidence ("speaker:SPD × "; NULL when names are not needed). */
typedef struct ht_speaker {
    uint64_t hash;
    const char *prefix;
} ht_speaker;

/* The hash of a speaker's name: its letters (composed, NFC), case-folded, and
 * its digits, so that "DIE LINKE", "Die Linke" and "Die-Linke" are one
 * speaker. 0 when the name has neither (no speaker). */
uint64_t ht_speaker_hash(const char *name, size_t len);

/* Stance: tokens [b, e) of text toward topic (a whole analysed statement):
 * features of the text, of the topic, and of the two together; with
 * cfg.speaker and a speaker, also the speaker crossed with each word of the
 * topic (speaker NULL or its hash 0: none). */
const struct feature_node *ht_vec_stance(ht_extractor *ex, const ht_doc *text, size_t b,
                                         size_t e, const ht_doc *topic,
                                         const ht_speaker *speaker);

#endif
