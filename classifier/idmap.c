/* idmap.c: open addressing with linear probing, load factor at most 1/2. */
#include "classifier/idmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint32_t ht_idmap_get(const ht_idmap *m, uint64_t key)
{
    if (m->n == 0)
        return HT_IDMAP_NONE;
    size_t mask = m->cap - 1;
    for (size_t i = mix(key) & mask;; i = (i + 1) & mask) {
        if (m->vals[i] == HT_IDMAP_NONE)
            return HT_IDMAP_NONE;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void place(uint64_t *keys, uint32_t *vals, size_t cap, uint64_t key, uint32_t val)
{
    size_t mask = cap - 1;
    size_t i = mix(key) & mask;
    while (vals[i] != HT_IDMAP_NONE && keys[i] != key)
        i = (i + 1) & mask;
    keys[i] = key;
    vals[i] = val;
}

static ht_status grow(ht_idmap *m, ht_error *err)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for a map of %zu entries", cap);
    }
    memset(vals, 0xff, cap * sizeof *vals);
    for (size_t i = 0; i < m->cap; i++)
        if (m->vals[i] != HT_IDMAP_NONE)
            place(keys, vals, cap, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return HT_OK;
}

ht_status ht_idmap_put(ht_idmap *m, uint64_t key, uint32_t val, ht_error *err)
{
    if ((m->n + 1) * 2 > m->cap) {
        ht_status st = grow(m, err);
        if (st != HT_OK)
            return st;
    }
    size_t mask = m->cap - 1;
    size_t i = mix(key) & mask;
    while (m->vals[i] != HT_IDMAP_NONE && m->keys[i] != key)
        i = (i + 1) & mask;
    if (m->vals[i] == HT_IDMAP_NONE)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
    return HT_OK;
}

void ht_idmap_clear(ht_idmap *m)
{
    if (m->n && m->vals)
        memset(m->vals, 0xff, m->cap * sizeof *m->vals);
    m->n = 0;
}

void ht_idmap_free(ht_idmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
