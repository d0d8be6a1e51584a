/* config.c: defaults and range checks for the feature configuration. */
#include "features/config.h"
#include <stdio.h>

ht_feature_config ht_config_default(void)
{
    return (ht_feature_config){
        .hash_bits = 20,
        .word_ngrams = 2,
        .stems = 1,
        .char_min = 3,
        .char_max = 5,
        .negation = 1,
        .sublinear = 1,
        .normalize = 1,
        .window = 0,
        .key_hash = HT_KEY_HASH,
        .emoticons = 0,
        .text_ns = 0,
        .clause_tone_only = 0,
        .char_block = 0,
        .speaker = 0,
        .context = 0,
    };
}

ht_status ht_config_check(const ht_feature_config *c, ht_error *err)
{
    if (c->hash_bits < HT_HASH_BITS_MIN || c->hash_bits > HT_HASH_BITS_MAX)
        return ht_error_set(err, HT_ERR_INVALID, "hash_bits %u is outside %d..%d",
                            c->hash_bits, HT_HASH_BITS_MIN, HT_HASH_BITS_MAX);
    if (c->word_ngrams > HT_WORD_NGRAMS_MAX)
        return ht_error_set(err, HT_ERR_INVALID, "word_ngrams %u is above %d", c->word_ngrams,
                            HT_WORD_NGRAMS_MAX);
    if (c->char_max > HT_CHAR_NGRAM_MAX || (c->char_max && (c->char_min < 1 || c->char_min > c->char_max)))
        return ht_error_set(err, HT_ERR_INVALID, "char n-grams %u..%u are not within 1..%d",
                            c->char_min, c->char_max, HT_CHAR_NGRAM_MAX);
    if (c->stems > 1 || c->negation > 1 || c->sublinear > 1 || c->normalize > 1 ||
        c->emoticons > 1 || c->text_ns > 1 || c->clause_tone_only > 1 || c->char_block > 1 ||
        c->speaker > 1)
        return ht_error_set(err, HT_ERR_INVALID, "a feature switch is neither 0 nor 1");
    if (c->window > HT_WINDOW_MAX)
        return ht_error_set(err, HT_ERR_INVALID, "window %u is above %d", c->window, HT_WINDOW_MAX);
    if (c->context > HT_CONTEXT_MAX)
        return ht_error_set(err, HT_ERR_INVALID, "context %u is above %d", c->context,
                            HT_CONTEXT_MAX);
    if (c->key_hash == 0)
        return ht_error_set(err, HT_ERR_INVALID,
                            "token keys hashed with FNV-1a (a model from haltung before "
                            "2026-11-29): its feature indices do not match this haltung's; "
                            "retrain it with haltung train");
    if (c->key_hash != HT_KEY_HASH)
        return ht_error_set(err, HT_ERR_INVALID, "key_hash %u is unknown (this haltung: %d)",
                            c->key_hash, HT_KEY_HASH);
    return HT_OK;
}

void ht_config_describe(const ht_feature_config *c, char *buf, size_t cap)
{
    char chars[48] = "off", context[48] = "";
    if (c->context)
        snprintf(context, sizeof context, ", context %u sentence%s each side", c->context,
                 c->context == 1 ? "" : "s");
    if (c->char_max)
        snprintf(chars, sizeof chars, "%u-%u%s", c->char_min, c->char_max,
                 c->char_block ? " (a block of their own)" : "");
    snprintf(buf, cap, "word 1-%u-grams, stems %s, char n-grams %s, negation %s, %s tf, %s, "
             "window %u%s%s%s%s", c->word_ngrams, c->stems ? "on" : "off", chars,
             c->negation ? "on" : "off", c->sublinear ? "sublinear" : "raw",
             c->normalize ? "L2-normalised" : "unnormalised", c->window,
             c->window && c->text_ns ? " (text namespace)" : "",
             c->emoticons ? ", emoticon classes" : "",
             c->speaker ? ", speaker × topic words" : "", context);
}
