/* extract.h: hashed n-gram feature vectors for liblinear.
 *
 * An extractor holds the per-thread scratch space (counts over the hashed
 * space, the Snowball stemmer, a stem cache); building a vector allocates
 * nothing per token. Features are built in namespaces so that the same words
 * in a text and in a topic, or left and right of a target, do not collide:
 *
 *   ht_fv_reset(ex);
 *   ht_fv_add_tokens(ex, s, tok, b, e, HT_NS_TEXT);
 *   const struct feature_node *x = ht_fv_finish(ex, &n);
 *
 * The vector is valid until the next reset and ends with index -1. */
#ifndef HT_EXTRACT_H
#define HT_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "features/config.h"
#include "features/error.h"
#include "features/token.h"

struct feature_node;

/* Namespaces; any other small number may be used too. */
enum { HT_NS_TEXT = 0, HT_NS_TOPIC = 1, HT_NS_TARGET = 2, HT_NS_EXTRA = 3 };

typedef struct ht_extractor ht_extractor;

ht_extractor *ht_extractor_new(const ht_feature_config *cfg, ht_error *err);
void ht_extractor_free(ht_extractor *ex);
const ht_feature_config *ht_extractor_config(const ht_extractor *ex);
/* Makes ex use with's stem cache (when both stem): extractors that one thread
 * runs over the same text stem each word once. Either may be freed first. */
void ht_extractor_share_stems(ht_extractor *ex, ht_extractor *with);

void ht_fv_reset(ht_extractor *ex);
/* Word n-grams, stems, character n-grams, negation marks and (with
 * cfg.emoticons) emoticon classes of tokens [b, e). */
ht_status ht_fv_add_tokens(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                           size_t e, uint32_t ns);
/* The same with the target tokens [tb, te) replaced by one placeholder, plus
 * the words within cfg.window tokens of the target marked with their side and
 * distance, and the n-grams that join the placeholder to its neighbours. */
ht_status ht_fv_add_window(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                           size_t e, size_t tb, size_t te, uint32_t ns);
/* A named feature ("speaker", "topic_negated") with a count. */
ht_status ht_fv_add_name(ht_extractor *ex, const char *name, uint32_t ns, double count);
/* The hash ht_fv_add_name gives name in namespace ns. */
uint64_t ht_fv_name_hash(const char *name, uint32_t ns);
/* ht_fv_add_name with that hash worked out once: for a name added to vector
 * after vector. name is not copied; it must outlive the vector's names. */
ht_status ht_fv_add_name_hashed(ht_extractor *ex, uint64_t h, const char *name, double count);
/* A raw hash with a count, named (when names are tracked) prefix followed by
 * the key of token i of tok over s: "speaker:SPD × mindestlohn". prefix, s
 * and tok are not copied; they must outlive the vector's names. */
ht_status ht_fv_add_hash_word(ht_extractor *ex, uint64_t h, double count, const char *prefix,
                              const char *s, const ht_token *tok, size_t i);
/* A raw hash with a count; the index is taken from the hash. */
ht_status ht_fv_add_hash(ht_extractor *ex, uint64_t h, double count);
/* The feature index (1..2^bits) a hash maps to. */
uint32_t ht_fv_index(const ht_extractor *ex, uint64_t h);

/* Vectors come out with ascending indices, as liblinear's file format has
 * them. A linear model's score does not depend on the order, so a scorer may
 * switch sorting off (the order is then the order of first adding, which is
 * as deterministic); vectors for training or export keep it on. */
void ht_extractor_set_sorted(ht_extractor *ex, int sorted);

/* The weight rows (row i at rows + i * row_bytes, i < nrows) of the model the
 * vectors will be scored with: each new feature's row is asked of memory as
 * the feature is added, so that it has arrived when the model reads it,
 * instead of the model waiting on one cache miss after another. NULL: none. */
void ht_extractor_prefetch_rows(ht_extractor *ex, const void *rows, size_t nrows,
                                size_t row_bytes);

/* A memo of the feature indices of one document's tokens: extractors that
 * are given it keep each token's indices the first time they work them out
 * and reuse them for later vectors over the same tokens (ranges without a
 * target, in the namespace and with the settings of the first extractor
 * that used it after the reset; others extract as usual). Vectors are the
 * same with or without one. One per document and thread. */
typedef struct ht_fv_memo ht_fv_memo;

ht_fv_memo *ht_fv_memo_new(void);
void ht_fv_memo_free(ht_fv_memo *m);
/* Forgets everything: the document now has ntokens tokens (with new keys). */
ht_status ht_fv_memo_reset(ht_fv_memo *m, size_t ntokens);

/* Tells the extractor the key hashes (ht_token_key_hash) of the tokens of
 * tok, computed once per document: a scorer extracts the same sentence for
 * several targets and models. Ranges of other token arrays are hashed as
 * usual. keys NULL forgets them. memo, if not NULL, is the document's memo
 * (reset when its keys were computed). */
void ht_fv_use_keys(ht_extractor *ex, const ht_token *tok, const uint64_t *keys,
                    ht_fv_memo *memo);

/* Sorts, weights (sublinear) and normalises (L2) what was added. */
const struct feature_node *ht_fv_finish(ht_extractor *ex, size_t *n);

/* Folding, for a scorer of a model with cfg.char_block: weights are the
 * model's rows (row i of nclass floats at weights + i * nclass, i < nrows).
 * ex then leaves character n-grams out of its vectors and sums each word's
 * share of the class scores instead (kept per word, so each word's n-grams
 * are hashed and looked up once); ht_fv_folded gives the sum for the last
 * vector, to add to its decision values: the scores are those of the full
 * vector (up to rounding), but its evidence has no character n-grams.
 * Returns whether ex folds (not without char_block, or beyond
 * HT_FOLD_CLASSES classes); weights NULL stops it. */
#define HT_FOLD_CLASSES 4
int ht_extractor_fold_chars(ht_extractor *ex, const float *weights, size_t nrows, int nclass);
/* Makes ex use with's shares when both fold the same model's n-grams: the
 * extractors of one thread that score with it look each word up once. */
void ht_extractor_share_fold(ht_extractor *ex, ht_extractor *with);
/* The folded share of the last vector for each class into shift; the
 * number of classes, 0 if ex does not fold. */
int ht_fv_folded(const ht_extractor *ex, double *shift);

/* The hash of one token's key: case-folded text, numbers as shapes, URLs,
 * @users and e-mail addresses as classes. Exposed for the actor matcher. */
uint64_t ht_token_key_hash(const char *s, const ht_token *t);
/* ht_token_key_hash of tok[0..n) into keys, faster than one by one. */
void ht_token_keys(const char *s, const ht_token *tok, size_t n, uint64_t *keys);
/* Writes the token's key (case-folded, elongations shortened) into buf,
 * at most cap-1 bytes, NUL-terminated; returns its length. */
size_t ht_token_key(const char *s, const ht_token *t, char *buf, size_t cap);

/* The top weighted n-gram features are named for evidence: the extractor
 * can remember a readable name for each index it produced in the last vector. */
void ht_fv_track_names(ht_extractor *ex, int on);
/* The names of the token features added from now on start with note (a
 * static string: "negtopic:"), until it is NULL again: the same words in
 * another namespace would otherwise have the same names. */
void ht_fv_name_note(ht_extractor *ex, const char *note);
/* The name of index idx in the last vector ("w2:nicht gut", "stem:angriff"),
 * or NULL. Valid until the next call; the text and tokens the vector was
 * built from must still be there (names are written out when asked for). */
const char *ht_fv_name(ht_extractor *ex, uint32_t idx);
/* Whether index idx of the last vector has a name (without writing it). */
int ht_fv_named(const ht_extractor *ex, uint32_t idx);
/* Whether that name is of punctuation, quotation marks, dashes or symbols
 * alone ("w:.", "w2:\" ,", "left1:%"): a feature that says nothing to a
 * reader. Without writing the name. */
int ht_fv_named_mute(const ht_extractor *ex, uint32_t idx);
/* Scratch memory with room for size bytes (at most 16) per feature of the
 * last finished vector, valid until the next vector is finished; NULL if
 * size is larger. Spares the evidence search an allocation per vector. */
void *ht_fv_scratch(ht_extractor *ex, size_t size);

#endif
