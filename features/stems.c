/* stems.c: the stem cache (see stems.h). The hash cache grows from 16,384 to
 * 262,144 stems (4 MiB) as misses show the words in use do not fit; the text cache
 * for names is direct-mapped and of short stems only, as only evidence asks
 * for it. */
#define _DEFAULT_SOURCE  /* madvise */
#include "features/stems.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "features/hash.h"

#define SETS_MIN 4096
#define SETS_MAX 65536
/* Stem texts kept for names: a direct-mapped table of 32-byte entries, so
 * that 8,192 of them take 256 KiB. Evidence names a few hundred stems per
 * article, from all over its vocabulary: 1,024 entries of 168 bytes missed
 * one name in five on the bench articles, and each miss ran the stemmer
 * again. With these, 1.13 -> 1.11 s CPU for the bench (32,768 entries: no
better). Longer stems are stemmed each time. */
#define TEXTS 8192
#define TEXT_MAX 22

struct ht_stem_text {
    uint64_t key;
    uint8_t len;             /* 0: empty, or the stem is longer than TEXT_MAX */
    char s[TEXT_MAX + 1];
};

#define HUGE_PAGE ((size_t)2 << 20)

/* n zeroed slots. A table of 2 MiB or more is asked for in huge pages where
 * the system has them: lookups land anywhere in it, and with 4 KiB pages
 * nearly each one costs a TLB miss. */
static ht_stem_slot *slots_new(size_t n)
{
    size_t bytes = n * sizeof(ht_stem_slot);
#ifdef MADV_HUGEPAGE
    if (bytes >= HUGE_PAGE && bytes % HUGE_PAGE == 0) {
        void *p = NULL;
        if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
            return NULL;
        madvise(p, bytes, MADV_HUGEPAGE);  /* a hint: without it, small pages */
        memset(p, 0, bytes);
        return p;
    }
#endif
    return calloc(n, sizeof(ht_stem_slot));
}

ht_stems *ht_stems_new(void)
{
    ht_stems *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->users = 1;
    st->nsets = SETS_MIN;
    st->stemmer = sb_stemmer_new("german", "UTF_8");
    st->slots = slots_new(st->nsets * HT_STEM_WAYS);
    st->texts = calloc(TEXTS, sizeof *st->texts);
    if (!st->stemmer || !st->slots || !st->texts) {
        ht_stems_release(st);
        return NULL;
    }
    return st;
}

ht_stems *ht_stems_retain(ht_stems *st)
{
    st->users++;
    return st;
}

void ht_stems_release(ht_stems *st)
{
    if (!st || --st->users > 0)
        return;
    if (st->stemmer)
        sb_stemmer_delete(st->stemmer);
    free(st->slots);
    free(st->texts);
    free(st);
}

/* Doubles the cache, keeping what it holds, most recent in front. */
static void grow(ht_stems *st)
{
    size_t sets = st->nsets * 2;
    ht_stem_slot *v = slots_new(sets * HT_STEM_WAYS);
    st->misses = 0;
    if (!v)
        return;  /* a cache: the small one still works */
    for (size_t i = 0; i < st->nsets; i++) {
        for (int w = HT_STEM_WAYS - 1; w >= 0; w--) {  /* least recent first */
            ht_stem_slot e = st->slots[i * HT_STEM_WAYS + (size_t)w];
            if (!e.key && !e.hash)
                continue;
            ht_stem_slot *set = &v[(e.key & (sets - 1)) * HT_STEM_WAYS];
            for (int k = HT_STEM_WAYS - 1; k > 0; k--)
                set[k] = set[k - 1];
            set[0] = e;
        }
    }
    free(st->slots);
    st->slots = v;
    st->nsets = sets;
}

/* The stemmer's stem of w, or w itself when it gives none. */
static const char *stem(ht_stems *st, const char *w, size_t len, size_t *sl)
{
    const sb_symbol *s = sb_stemmer_stem(st->stemmer, (const sb_symbol *)w, (int)len);
    if (!s) {
        *sl = len;
        return w;
    }
    *sl = (size_t)sb_stemmer_length(st->stemmer);
    return (const char *)s;
}

uint64_t ht_stems_add(ht_stems *st, uint64_t key, const char *w, size_t len)
{
    size_t sl;
    const char *s = stem(st, w, len, &sl);
    uint64_t h = ht_fmix64(ht_fnv1a(s, sl, HT_FNV_BASIS ^ 0x5157));  /* stems' own basis */
    ht_stem_slot *set = ht_stems_set(st, key);
    for (int k = HT_STEM_WAYS - 1; k > 0; k--)
        set[k] = set[k - 1];
    set[0] = (ht_stem_slot){ key, h };
    /* Half a cache of misses since it last grew: the words in use do not fit.
     * (A vocabulary of 90,000 words, as in the corpora, thrashes a cache of
     * 65,536 ways at four to a set.) */
    if (++st->misses >= st->nsets * HT_STEM_WAYS / 2 && st->nsets < SETS_MAX)
        grow(st);
    return h;
}

size_t ht_stems_text(ht_stems *st, uint64_t key, const char *w, size_t len, char *out,
                     size_t cap)
{
    struct ht_stem_text *e = &st->texts[(key >> 20) & (TEXTS - 1)];
    const char *s = e->s;
    size_t sl = e->len;
    if (e->key != key || !sl) {
        s = stem(st, w, len, &sl);
        if (sl && sl <= TEXT_MAX) {
            memcpy(e->s, s, sl);
            e->len = (uint8_t)sl;
            e->key = key;
        }
    }
    size_t n = sl < cap ? sl : cap - 1;
    memmove(out, s, n);
    out[n] = '\0';
    return n;
}
