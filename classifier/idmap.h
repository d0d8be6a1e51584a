/* idmap.h: an open-addressing hash map from 64-bit keys to 32-bit values.
 *
 * Used by the gazetteer (token keys, phrase keys, names) and by the actor
 * matcher for its per-document maps. Keys are mixed before use, so
 * sequential keys are fine. clear() keeps the memory for the next document. */
#ifndef HT_IDMAP_H
#define HT_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "features/error.h"

#define HT_IDMAP_NONE UINT32_MAX

typedef struct ht_idmap {
    uint64_t *keys;
    uint32_t *vals;  /* HT_IDMAP_NONE marks an empty slot */
    size_t n, cap;   /* cap is 0 or a power of two */
} ht_idmap;

/* Value of key, or HT_IDMAP_NONE. */
uint32_t ht_idmap_get(const ht_idmap *m, uint64_t key);
/* Inserts or replaces; val must not be HT_IDMAP_NONE. */
ht_status ht_idmap_put(ht_idmap *m, uint64_t key, uint32_t val, ht_error *err);
void ht_idmap_clear(ht_idmap *m);
void ht_idmap_free(ht_idmap *m);

#endif
