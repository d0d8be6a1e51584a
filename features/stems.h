/* stems.h: Snowball's German stems of words, cached by the words' key hashes.
 *
 * Stemming a word costs far more than hashing it, and news text repeats its
 * words, so stems are looked up in a set-associative cache keyed by the
 * word's key hash (ht_token_key_hash). The cache keeps the stem's hash for
 * features and, in a second small table, the stem's text for the names of
 * evidence. One cache may serve several extractors of the same thread (a
 * scorer's tone, actor and stance extractors see the same words); it is not
 * safe to share between threads. */
#ifndef HT_STEMS_H
#define HT_STEMS_H

#include <stddef.h>
#include <stdint.h>

#define HT_STEM_WAYS 4

typedef struct ht_stem_slot {
    uint64_t key;
    uint64_t hash;
} ht_stem_slot;

typedef struct ht_stems ht_stems;

struct ht_stems {
    struct sb_stemmer *stemmer;
    ht_stem_slot *slots;     /* nsets sets of HT_STEM_WAYS, most recent first */
    size_t nsets;            /* a power of two */
    size_t misses;           /* since the cache last grew */
    struct ht_stem_text *texts;  /* direct-mapped: key -> stem text, for names */
    int users;               /* extractors holding this cache */
};

/* A new cache with one user; NULL when out of memory. */
ht_stems *ht_stems_new(void);
/* Another user of st (returned). */
ht_stems *ht_stems_retain(ht_stems *st);
/* Drops a user; the last one frees the cache. */
void ht_stems_release(ht_stems *st);

/* The stem's hash of the folded word w[0..len) whose key hash is key: asked
 * of the stemmer and remembered (ht_stems_find failed first). */
uint64_t ht_stems_add(ht_stems *st, uint64_t key, const char *w, size_t len);
/* The stem of w[0..len) as text into out (NUL-terminated, at most cap-1 bytes). */
size_t ht_stems_text(ht_stems *st, uint64_t key, const char *w, size_t len, char *out,
                     size_t cap);

static inline ht_stem_slot *ht_stems_set(const ht_stems *st, uint64_t key)
{
    return &st->slots[(key & (st->nsets - 1)) * HT_STEM_WAYS];
}

/* Whether key's stem hash is cached (then stored in *hash, and the entry moved
 * to the front of its set). Inline: most lookups hit. */
static inline int ht_stems_find(const ht_stems *st, uint64_t key, uint64_t *hash)
{
    ht_stem_slot *set = ht_stems_set(st, key);
    if (set[0].key == key) {
        *hash = set[0].hash;
        return 1;
    }
    for (int w = 1; w < HT_STEM_WAYS; w++) {
        if (set[w].key == key) {
            ht_stem_slot hit = set[w];
            for (int k = w; k > 0; k--)
                set[k] = set[k - 1];
            set[0] = hit;
            *hash = hit.hash;
            return 1;
        }
    }
    return 0;
}

#endif
