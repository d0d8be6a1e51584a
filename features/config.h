/* config.h: what the feature extractor extracts.
 *
 * The configuration travels inside every model file, so scoring always
 * extracts exactly the features the model was trained on. */
#ifndef HT_CONFIG_H
#define HT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "features/error.h"

#define HT_HASH_BITS_MIN 12
#define HT_HASH_BITS_MAX 22
#define HT_WORD_NGRAMS_MAX 3
#define HT_CHAR_NGRAM_MAX 6
#define HT_WINDOW_MAX 20
#define HT_CONTEXT_MAX 3

typedef struct ht_feature_config {
    uint8_t hash_bits;    /* the feature space has 2^hash_bits dimensions */
    uint8_t word_ngrams;  /* case-folded word n-grams of length 1..word_ngrams (0: none) */
    uint8_t stems;        /* Snowball German stems of words as extra unigrams */
    uint8_t char_min;     /* character n-grams inside words, char_min..char_max */
    uint8_t char_max;     /*   (char_max 0: none) */
    uint8_t negation;     /* tokens in a negation scope also give marked unigrams */
    uint8_t sublinear;    /* term weight 1 + ln(tf) instead of tf */
    uint8_t normalize;    /* scale each vector to unit L2 length */
    uint8_t window;       /* target features: this many tokens each side (0: none) */
    uint8_t key_hash;     /* how token keys are hashed: HT_KEY_HASH; 0 was FNV-1a */
    uint8_t emoticons;    /* emoticons also give their class (smile, sad ...; ht_emoticon_class) */
    uint8_t text_ns;      /* the words around a target are hashed in the text namespace, as
                           * the tone and stance models hash theirs, so that one document
                           * memo serves every model (0: a namespace of their own, as
                           * models before 2026-11-29 afternoon have it) */
    uint8_t clause_tone_only; /* the tone helper of an actor model reads the target's clause
                               * only, not its whole sentence as well (0: both, as actor
                               * models before 2026-11-29 evening were trained) */
    uint8_t char_block;   /* character n-grams are a block of their own: plain counts over
                           * the square root of the text's n-gram count, beside the other
                           * features' L2-normalised block, so that a linear model's score
                           * of them is a sum over words and a scorer can keep each word's
                           * share (ht_extractor_fold_chars); 0: weighted and normalised
                           * with the others, as models before 2026-12-05 have them */
    uint8_t speaker;      /* a stance model crosses the statement's speaker (a party, by
                           * name) with each word of the topic, so that it knows what the
                           * party said before on the same words; 0: text and topic only,
                           * as stance models before 2026-12-07 were trained */
    uint8_t context;      /* an actor target's sentence is read with this many sentences
                           * each side, inside its paragraph: their words join the
                           * sentence's, and the tone helper reads them all; 0: the
                           * sentence alone, as actor models before 2026-12-07 were trained */
} ht_feature_config;

/* Token keys hashed eight bytes at a time (ht_key_prehash). Models written
 * before 2026-11-29 hashed them with FNV-1a (key_hash 0, or no such field):
 * every feature index differs, so such models are refused, not misread. */
#define HT_KEY_HASH 1

/* Default settings: word 1-2-grams, stems, char 3-5-grams, negation, 2^20. */
ht_feature_config ht_config_default(void);
/* The settings in words, as info, train and features print them: "word
 * 1-2-grams, stems on, char n-grams off, negation on, sublinear tf, ...". */
void ht_config_describe(const ht_feature_config *cfg, char *buf, size_t cap);
/* Checks every field against its range; names the first bad one in err. */
ht_status ht_config_check(const ht_feature_config *cfg, ht_error *err);

#endif
