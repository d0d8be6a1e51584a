/* extract.c: the feature extractor behind every model.
 *
 * Token keys are hashed once (eight bytes at a time, see ht_key_prehash,
 * finished with Murmur3's 64-bit mixer);
 * n-gram hashes are combinations of token hashes, so no n-gram string is ever
 * built. Counts live in a dense array over the hashed space with a list of
 * the indices touched, so adding a feature is O(1) and finishing a vector
 * costs a sort of only the indices it uses. */
#include "features/extract.h"

#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "features/hash.h"
#include "features/stems.h"
#include "features/text.h"

/* Feature kinds, mixed with the namespace so that kinds never share hashes. */
enum { K_W1 = 0x11, K_W2, K_W3, K_STEM, K_CHAR, K_NEG, K_WIN, K_SIDE, K_NAME, K_TARGET, K_EMO };

#define KEY_MAX 256           /* tokens with longer keys are hashed raw */
#define STEM_MAX 64           /* longer words get no stem or char n-grams */
#define LOG_TABLE 64          /* 1 + ln c for whole counts below this, precomputed */
/* The table has at least TABLE_LOAD slots per feature and 2^TABLE_MIN_BITS
 * in all: probing is a loop of unpredictable length, and sparser tables
 * make it shorter. Measured on the articles of bench/score.sh (CPU time):
 * 1.20 s with 2 and 2^10, 1.16 s with 2 and 2^12, 1.11 s with 4 and 2^12;
 * 2^8 and 2^9 were slower (1.26 s, 1.22 s). */
#define TABLE_LOAD 4
#define TABLE_MIN_BITS 12

/* A feature's readable name, kept as a recipe (prefix and tokens, or a stem
 * of a token) and written out only when asked for: evidence asks for a
 * handful of the hundreds of features a tracked vector has. Names of other
 * kinds are written at once into the arena (off). */
#define NAME_LAZY UINT32_MAX

typedef struct name_entry {
    uint32_t off;            /* arena offset, or NAME_LAZY */
    const char *prefix;      /* lazy: a static prefix ("w2:", "left3:", "stem:") */
    const char *note;        /* lazy: written before the prefix ("negtopic:"), or NULL */
    const char *s;           /* lazy: the text the tokens index */
    const ht_token *tok;
    uint32_t ids[HT_WORD_NGRAMS_MAX];  /* token indices; UINT32_MAX: the target */
    uint8_t n;
    uint8_t stem;            /* the name is the stem of tok[ids[0]] */
    uint8_t chr;             /* the name is code points ids[0] .. ids[0] + ids[1] of the
                              * folded "<word>" of *tok (a character n-gram) */
} name_entry;

struct ht_extractor {
    ht_feature_config cfg;
    uint32_t mask;
    /* The current vector: indices in the order first added, their counts, and
     * an open-addressing table from index to position, sized to the vector so
     * that it stays in cache (a dense array over 2^20 dimensions does not). */
    uint32_t *touched;
    float *cnt;
    size_t ntouched, cap_touched;
    /* Slot entries are index << 32 | (position + 1), 0 = empty, so that a
     * probe compares without a second read. Home slots grow with the index
     * and are below table_size; probing runs on into table_size / 2 spare
     * slots instead of wrapping, and each run of entries is kept in index
     * order (ordered linear probing), so the table read in slot order is
     * sorted by index: finishing needs no sort. */
    uint64_t *table;
    uint64_t *occupied;         /* a bit per slot, to read the table in slot order */
    uint32_t *slot_of;          /* the table slot of each position, to clear it on reset */
    uint32_t *name_of;          /* first name entry + 1 of each position, 0: none */
    size_t table_size;          /* power of two, at least TABLE_LOAD times ntouched */
    int table_bits;             /* log2(table_size) */
    size_t table_alloc;         /* the table_size the arrays have room for */
    double log1p_tab[LOG_TABLE]; /* 1 + ln c for c = 1..LOG_TABLE-1 */
    uint64_t *sortbuf;
    struct feature_node *nodes;
    size_t cap_nodes;
    uint64_t *th;               /* token hashes of the current range */
    uint8_t *tneg;              /* whether each is negated */
    size_t cap_th;
    ht_stems *stems;            /* shared with other extractors of the thread */
    /* Readable names of the last vector's features, when tracked. */
    int track;
    const char *name_note;       /* ht_fv_name_note: before the names of features added now */
    int unsorted;                /* finish leaves features in the order first added */
    name_entry *names;
    size_t nnames, cap_names;
    char *arena;
    size_t arena_len, arena_cap;
    char namebuf[512];           /* the last lazy name written out */
    size_t *ids;                 /* token ids of a range, for names */
    size_t cap_ids;
    const ht_token *keys_tok;    /* the token array keys belong to, or NULL */
    const uint64_t *keys;        /* precomputed ht_token_key_hash of each token */
    ht_fv_memo *memo;            /* per-token indices of keys_tok's document, or NULL */
    const char *rows;            /* the weight rows of the model the vectors are for */
    size_t nrows, row_bytes;     /* 0 rows: none given */
    /* cfg.char_block: each position's character n-gram count (0 but where
     * the current vector has some), and the vector's number of n-grams. */
    float *ccnt;
    size_t nchars;
    /* Folding (ht_extractor_fold_chars): the model's weights with each
     * word's share of the class scores, and the current vector's sum. */
    struct fold_cache *fold;
    double fold_sum[HT_FOLD_CLASSES];
    size_t fold_n;               /* the current vector's number of folded n-grams */
};

/* A word's character n-grams, scored: an entry of a four-way set-associative
 * cache (a set is two cache lines). The bench articles' 20,800 words and
 * namespaces looked up 4.19 million times missed 248,557 times in 65,536
 * direct-mapped entries, 113,482 times in sets of two, 43,374 in sets of
 * four (and 20,809, once each, in 262,144 entries of sets of four). */
#define FOLD_SETS 16384    /* 2 MB */
#define FOLD_WAYS 4
typedef struct fold_entry {
    uint64_t tag;                /* hash of the word's key and namespace; 0: empty */
    uint32_t n;                  /* its number of n-grams */
    float g[HT_FOLD_CLASSES];    /* the sum of their weight rows */
} fold_entry;

/* The words' shares for one model; shared by the extractors of a thread
 * that score with it (ht_extractor_share_fold). */
typedef struct fold_cache {
    size_t refs;
    const float *w;              /* the model's rows, k floats each */
    size_t rows;
    int k;
    _Alignas(128) fold_entry e[FOLD_SETS * FOLD_WAYS];  /* set i: e[4i .. 4i + 3] */
} fold_cache;

static void fold_release(fold_cache *f)
{
    if (f && --f->refs == 0)
        free(f);
}

#define fnv1a ht_fnv1a

static inline uint64_t finish_hash(uint64_t h)
{
    return ht_fmix64(h);
}

#define FNV_BASIS HT_FNV_BASIS

/* Table size plus the spare slots probing may run into (see the struct). */
static size_t table_slots(size_t size)
{
    return size + size / 2 + 1;
}

static size_t occupied_words(size_t size)
{
    return (table_slots(size) + 63) / 64;
}

ht_extractor *ht_extractor_new(const ht_feature_config *cfg, ht_error *err)
{
    if (ht_config_check(cfg, err) != HT_OK)
        return NULL;
    ht_extractor *ex = calloc(1, sizeof *ex);
    if (!ex) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the feature extractor");
        return NULL;
    }
    ex->cfg = *cfg;
    ex->mask = (1u << cfg->hash_bits) - 1;
    ex->table_size = ex->table_alloc = (size_t)1 << TABLE_MIN_BITS;
    ex->table_bits = TABLE_MIN_BITS;
    ex->table = calloc(table_slots(ex->table_size), sizeof *ex->table);
    ex->occupied = calloc(occupied_words(ex->table_size), sizeof *ex->occupied);
    for (int c = 1; c < LOG_TABLE; c++)
        ex->log1p_tab[c] = 1 + log((double)c);
    if (cfg->stems)
        ex->stems = ht_stems_new();
    if (!ex->table || !ex->occupied || (cfg->stems && !ex->stems)) {
        ht_extractor_free(ex);
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the feature extractor");
        return NULL;
    }
    return ex;
}

void ht_extractor_free(ht_extractor *ex)
{
    if (!ex)
        return;
    free(ex->cnt);
    free(ex->ccnt);
    fold_release(ex->fold);
    free(ex->touched);
    free(ex->table);
    free(ex->occupied);
    free(ex->slot_of);
    free(ex->name_of);
    free(ex->sortbuf);
    free(ex->nodes);
    free(ex->th);
    free(ex->tneg);
    ht_stems_release(ex->stems);
    free(ex->names);
    free(ex->arena);
    free(ex->ids);
    free(ex);
}

void ht_extractor_share_stems(ht_extractor *ex, ht_extractor *with)
{
    if (!ex->stems || !with->stems || ex->stems == with->stems)
        return;
    ht_stems_release(ex->stems);
    ex->stems = ht_stems_retain(with->stems);
}

const ht_feature_config *ht_extractor_config(const ht_extractor *ex)
{
    return &ex->cfg;
}

/* The slot of idx in the table, or the slot where it would go: the first
 * from its home on that is empty or holds a larger index. The home slot grows
 * with idx (indices are hashes, so they spread evenly). */
static inline size_t table_slot(const ht_extractor *ex, uint32_t idx)
{
    /* (idx - 1) scaled from 2^hash_bits to table_size = 2^table_bits: a
     * right shift, or a left shift if the table is larger than the space. */
    size_t slot = (size_t)(((uint64_t)(idx - 1) << ex->table_bits) >> ex->cfg.hash_bits);
    slot &= ex->table_size - 1;
    const uint64_t *tab = ex->table;
    while (tab[slot] && (uint32_t)(tab[slot] >> 32) < idx)
        slot++;
    return slot;
}

/* The position + 1 of idx's entry if slot (from table_slot) holds it, else 0. */
static inline uint32_t slot_pos(const ht_extractor *ex, size_t slot, uint32_t idx)
{
    uint64_t e = ex->table[slot];
    return (uint32_t)(e >> 32) == idx ? (uint32_t)e : 0;
}

void ht_fv_reset(ht_extractor *ex)
{
    if (ex->nchars) {
        memset(ex->ccnt, 0, ex->ntouched * sizeof *ex->ccnt);
        ex->nchars = 0;
    }
    memset(ex->fold_sum, 0, sizeof ex->fold_sum);
    ex->fold_n = 0;
    ex->name_note = NULL;
    /* Clearing slot by slot would break linear-probing chains if it searched
     * by index, so each position remembers the slot it occupies. */
    if (ex->ntouched * 8 < ex->table_size) {
        for (size_t i = 0; i < ex->ntouched; i++) {
            size_t slot = ex->slot_of[i];
            ex->table[slot] = 0;
            ex->occupied[slot / 64] = 0;
        }
    } else {
        memset(ex->table, 0, table_slots(ex->table_size) * sizeof *ex->table);
        memset(ex->occupied, 0, occupied_words(ex->table_size) * sizeof *ex->occupied);
    }
    if (ex->nnames)
        memset(ex->name_of, 0, ex->ntouched * sizeof *ex->name_of);
    /* Each vector starts from a table sized for the last one, not for the
     * largest ever: a small table stays in the nearest cache and finishing
     * reads fewer empty slots. The arrays keep their size. */
    int bits = TABLE_MIN_BITS;
    while (((size_t)1 << bits) < TABLE_LOAD * ex->ntouched)
        bits++;
    if (bits < ex->table_bits) {
        ex->table_bits = bits;
        ex->table_size = (size_t)1 << bits;
    }
    ex->ntouched = 0;
    ex->nnames = 0;
    ex->arena_len = 0;
}

uint32_t ht_fv_index(const ht_extractor *ex, uint64_t h)
{
    return (uint32_t)(h & ex->mask) + 1;
}

/* Moves the entries from slot up to the next empty slot one slot on. */
static __attribute__((noinline)) void table_shift(ht_extractor *ex, size_t slot)
{
    size_t end = slot;
    while (ex->table[end])
        end++;
    for (size_t k = end; k > slot; k--) {
        ex->table[k] = ex->table[k - 1];
        ex->slot_of[(uint32_t)ex->table[k] - 1] = (uint32_t)k;
    }
    ex->occupied[end / 64] |= (uint64_t)1 << (end % 64);
}

/* Puts idx at slot (from table_slot), moving larger indices up if it is taken. */
static inline void table_put(ht_extractor *ex, size_t slot, uint32_t idx, size_t pos)
{
    if (ex->table[slot])
        table_shift(ex, slot);
    ex->table[slot] = (uint64_t)idx << 32 | (uint64_t)(pos + 1);
    ex->occupied[slot / 64] |= (uint64_t)1 << (slot % 64);
    ex->slot_of[pos] = (uint32_t)slot;
}

/* Doubles the table and puts the entries in again. Slots past the table in
 * use are always empty, so a table that had been larger needs no new arrays,
 * only its used part cleared. */
static ht_status grow_table(ht_extractor *ex)
{
    size_t size = ex->table_size * 2;
    if (size > ex->table_alloc) {
        uint64_t *t = calloc(table_slots(size), sizeof *t);
        uint64_t *occ = calloc(occupied_words(size), sizeof *occ);
        if (!t || !occ) {
            free(t);
            free(occ);
            return HT_ERR_NOMEM;
        }
        free(ex->table);
        free(ex->occupied);
        ex->table = t;
        ex->occupied = occ;
        ex->table_alloc = size;
    } else {
        memset(ex->table, 0, table_slots(ex->table_size) * sizeof *ex->table);
        memset(ex->occupied, 0, occupied_words(ex->table_size) * sizeof *ex->occupied);
    }
    ex->table_size = size;
    ex->table_bits++;
    for (size_t i = 0; i < ex->ntouched; i++)
        table_put(ex, table_slot(ex, ex->touched[i]), ex->touched[i], i);
    return HT_OK;
}

static ht_status grow_touched(ht_extractor *ex)
{
    size_t cap = ex->cap_touched ? ex->cap_touched * 2 : 1024;
    uint32_t *t = realloc(ex->touched, cap * sizeof *t);
    if (t)
        ex->touched = t;
    float *c = realloc(ex->cnt, cap * sizeof *c);
    if (c)
        ex->cnt = c;
    float *cc = realloc(ex->ccnt, cap * sizeof *cc);
    if (cc) {
        ex->ccnt = cc;
        memset(cc + ex->cap_touched, 0, (cap - ex->cap_touched) * sizeof *cc);
    }
    uint32_t *so = realloc(ex->slot_of, cap * sizeof *so);
    if (so)
        ex->slot_of = so;
    uint32_t *no = realloc(ex->name_of, cap * sizeof *no);
    if (no) {
        ex->name_of = no;
        memset(no + ex->cap_touched, 0, (cap - ex->cap_touched) * sizeof *no);
    }
    if (!t || !c || !cc || !so || !no)
        return HT_ERR_NOMEM;
    ex->cap_touched = cap;
    return HT_OK;
}

/* Room for one more entry (kept out of line: the common path saves no registers). */
static __attribute__((noinline)) ht_status make_room(ht_extractor *ex)
{
    if (ex->ntouched == ex->cap_touched && grow_touched(ex) != HT_OK)
        return HT_ERR_NOMEM;
    if ((ex->ntouched + 1) * TABLE_LOAD > ex->table_size && grow_table(ex) != HT_OK)
        return HT_ERR_NOMEM;
    return HT_OK;
}

/* Adds count to feature idx; *at gets its position in the vector. */
static inline __attribute__((always_inline)) ht_status add_index_at(ht_extractor *ex, uint32_t idx,
                                                                    double count, uint32_t *at_out)
{
    size_t slot = table_slot(ex, idx);
    uint32_t pos = slot_pos(ex, slot, idx);
    if (pos) {
        ex->cnt[pos - 1] += (float)count;
        *at_out = pos - 1;
        return HT_OK;
    }
    if (ex->ntouched == ex->cap_touched || (ex->ntouched + 1) * TABLE_LOAD > ex->table_size) {
        if (make_room(ex) != HT_OK)
            return HT_ERR_NOMEM;
        slot = table_slot(ex, idx);
    }
    size_t at = ex->ntouched++;
    ex->touched[at] = idx;
    ex->cnt[at] = (float)count;
    table_put(ex, slot, idx, at);
    *at_out = (uint32_t)at;
    if (idx < ex->nrows) {  /* both ends: a row may straddle two cache lines */
        const char *row = ex->rows + (size_t)idx * ex->row_bytes;
        __builtin_prefetch(row);
        __builtin_prefetch(row + ex->row_bytes - 1);
    }
    return HT_OK;
}

static inline __attribute__((always_inline)) ht_status add_index(ht_extractor *ex, uint32_t idx,
                                                                 double count)
{
    uint32_t at;
    return add_index_at(ex, idx, count, &at);
}

/* Adds one character n-gram: to its block's count with cfg.char_block, else
 * as any other feature. */
static inline ht_status add_char_at(ht_extractor *ex, uint32_t idx, uint32_t *at)
{
    if (!ex->cfg.char_block)
        return add_index_at(ex, idx, 1, at);
    if (add_index_at(ex, idx, 0, at) != HT_OK)
        return HT_ERR_NOMEM;
    ex->ccnt[*at] += 1;
    ex->nchars++;
    return HT_OK;
}

ht_status ht_fv_add_hash(ht_extractor *ex, uint64_t h, double count)
{
    return add_index(ex, ht_fv_index(ex, h), count);
}

/* ---- names for evidence ------------------------------------------------------------------ */

/* A new name entry for the feature at position pos, or NULL if it has one
 * (the first name given counts) or memory ran out. */
static name_entry *name_push(ht_extractor *ex, uint32_t pos)
{
    if (ex->name_of[pos])
        return NULL;
    if (ex->nnames == ex->cap_names) {
        size_t cap = ex->cap_names ? ex->cap_names * 2 : 256;
        name_entry *v = realloc(ex->names, cap * sizeof *v);
        if (!v)
            return NULL;
        ex->names = v;
        ex->cap_names = cap;
    }
    name_entry *e = &ex->names[ex->nnames++];
    memset(e, 0, sizeof *e);
    e->off = NAME_LAZY;
    e->note = ex->name_note;
    ex->name_of[pos] = (uint32_t)ex->nnames;
    return e;
}

static void name_add(ht_extractor *ex, uint32_t pos, const char *name, size_t len)
{
    if (ex->name_of[pos])
        return;
    size_t note = ex->name_note ? strlen(ex->name_note) : 0;
    if (ex->arena_len + note + len + 1 > ex->arena_cap) {
        size_t cap = ex->arena_cap ? ex->arena_cap * 2 : 4096;
        while (cap < ex->arena_len + note + len + 1)
            cap *= 2;
        char *a = realloc(ex->arena, cap);
        if (!a)
            return;
        ex->arena = a;
        ex->arena_cap = cap;
    }
    name_entry *e = name_push(ex, pos);
    if (!e)
        return;
    memcpy(ex->arena + ex->arena_len, ex->name_note ? ex->name_note : "", note);
    memcpy(ex->arena + ex->arena_len + note, name, len);
    ex->arena[ex->arena_len + note + len] = '\0';
    e->off = (uint32_t)ex->arena_len;
    ex->arena_len += note + len + 1;
}

void ht_fv_track_names(ht_extractor *ex, int on)
{
    ex->track = on;
}

void ht_fv_name_note(ht_extractor *ex, const char *note)
{
    ex->name_note = note;
}

void ht_fv_use_keys(ht_extractor *ex, const ht_token *tok, const uint64_t *keys,
                    ht_fv_memo *memo)
{
    ex->keys_tok = keys ? tok : NULL;
    ex->keys = keys;
    ex->memo = keys ? memo : NULL;
}

/* The key hash of token i: precomputed if the caller gave the keys of tok. */

void ht_extractor_prefetch_rows(ht_extractor *ex, const void *rows, size_t nrows,
                                size_t row_bytes)
{
    ex->rows = rows;
    ex->nrows = rows ? nrows : 0;
    ex->row_bytes = row_bytes;
}

void ht_extractor_set_sorted(ht_extractor *ex, int sorted)
{
    ex->unsorted = !sorted;
}

static size_t stem_of(ht_extractor *ex, const char *s, const ht_token *tok, size_t i, char *out,
                      size_t cap);
static size_t char_ngram_of(const char *s, const ht_token *t, size_t from, size_t n, char *out,
                            size_t cap);
static uint64_t key_of(const ht_extractor *ex, const char *s, const ht_token *tok, size_t i);
size_t ht_token_key(const char *s, const ht_token *t, char *buf, size_t cap);

/* Writes a lazy entry's name into ex->namebuf. */
static const char *name_write(ht_extractor *ex, const name_entry *e)
{
    size_t note = e->note ? strlen(e->note) : 0;  /* a short static text */
    char *buf = ex->namebuf + note;
    size_t cap = sizeof ex->namebuf - note, len = strlen(e->prefix);
    if (note)
        memcpy(ex->namebuf, e->note, note);
    if (len > cap / 2) {  /* a prefix from outside (a speaker's name) leaves room for the rest */
        len = cap / 2;
        while (len > 0 && ((unsigned char)e->prefix[len] & 0xc0) == 0x80)
            len--;  /* not inside a UTF-8 sequence */
    }
    memcpy(buf, e->prefix, len);
    buf[len] = '\0';
    if (e->stem)
        return stem_of(ex, e->s, e->tok, e->ids[0], buf + len, cap - len), ex->namebuf;
    if (e->chr)
        return char_ngram_of(e->s, e->tok, e->ids[0], e->ids[1], buf + len, cap - len), ex->namebuf;
    for (size_t i = 0; i < e->n && len + 1 < cap; i++) {
        if (i)
            buf[len++] = ' ';
        if (e->ids[i] == UINT32_MAX) {
            size_t k = strlen("<TARGET>");
            if (len + k < cap)
                memcpy(buf + len, "<TARGET>", k), len += k;
        } else {
            len += ht_token_key(e->s, &e->tok[e->ids[i]], buf + len, cap - len);
        }
    }
    buf[len < cap ? len : cap - 1] = '\0';
    return ex->namebuf;
}

int ht_fv_named(const ht_extractor *ex, uint32_t idx)
{
    if (!ex->nnames)
        return 0;
    uint32_t pos = slot_pos(ex, table_slot(ex, idx), idx);
    return pos && ex->name_of[pos - 1];
}

static int mute_token(const ht_token *t)
{
    return t->type == HT_TOK_PUNCT || t->type == HT_TOK_QUOTE || t->type == HT_TOK_DASH ||
           t->type == HT_TOK_SYMBOL;
}

int ht_fv_named_mute(const ht_extractor *ex, uint32_t idx)
{
    if (!ex->nnames)
        return 0;
    uint32_t pos = slot_pos(ex, table_slot(ex, idx), idx);
    uint32_t i = pos ? ex->name_of[pos - 1] : 0;
    if (!i)
        return 0;
    const name_entry *e = &ex->names[i - 1];
    if (e->off != NAME_LAZY || e->stem || e->chr || !e->n)
        return 0;  /* names of marks, stems and n-grams inside words say something */
    for (size_t k = 0; k < e->n; k++)
        if (e->ids[k] == UINT32_MAX || !mute_token(&e->tok[e->ids[k]]))
            return 0;
    return 1;
}

const char *ht_fv_name(ht_extractor *ex, uint32_t idx)
{
    if (!ex->nnames)
        return NULL;
    uint32_t pos = slot_pos(ex, table_slot(ex, idx), idx);
    uint32_t i = pos ? ex->name_of[pos - 1] : 0;
    if (!i)
        return NULL;
    const name_entry *e = &ex->names[i - 1];
    return e->off == NAME_LAZY ? name_write(ex, e) : ex->arena + e->off;
}

/* Remembers how to name the n-gram of tokens ids (SIZE_MAX: the target). */
static name_entry *name_ngram(ht_extractor *ex, uint32_t pos, const char *prefix, const char *s,
                              const ht_token *tok, const size_t *ids, size_t n)
{
    name_entry *e = name_push(ex, pos);
    if (!e)
        return NULL;
    e->prefix = prefix;
    e->s = s;
    e->tok = tok;
    e->n = (uint8_t)(n < HT_WORD_NGRAMS_MAX ? n : HT_WORD_NGRAMS_MAX);
    for (size_t i = 0; i < e->n; i++)
        e->ids[i] = ids[i] == SIZE_MAX ? UINT32_MAX : (uint32_t)ids[i];
    return e;
}

/* ---- token keys -------------------------------------------------------------------------- */

static size_t put(char *buf, size_t cap, size_t len, const char *src, size_t n)
{
    if (len + n >= cap)
        n = len + 1 < cap ? cap - 1 - len : 0;
    memcpy(buf + len, src, n);
    return len + n;
}

/* Case-folds a word into buf, dropping soft hyphens and shortening letters
 * repeated more than twice ("suuuper" -> "suuper"), as tweets elongate. */
static size_t fold_word(const char *s, size_t b, size_t e, char *buf, size_t cap)
{
    size_t len = 0;
    int32_t prev = -1, prev2 = -1;
    for (size_t i = b; i < e;) {
        unsigned char byte = (unsigned char)s[i];
        int32_t c;
        if (byte < 0x80) {  /* ASCII: no decoding, no utf8proc */
            i++;
            c = (byte >= 'A' && byte <= 'Z') ? byte + 32 : byte;
            if (c == prev && c == prev2)
                continue;
            prev2 = prev;
            prev = c;
            if (len + 1 < cap)
                buf[len++] = (char)c;
            continue;
        }
        int n;
        c = ht_utf8_decode(s, e, i, &n);
        i += (size_t)n;
        if (c == 0xad)
            continue;
        c = utf8proc_tolower(c);
        if (c == prev && c == prev2)
            continue;
        prev2 = prev;
        prev = c;
        char enc[4];
        int m = ht_utf8_encode(c, enc);
        len = put(buf, cap, len, enc, (size_t)m);
    }
    buf[len] = '\0';
    return len;
}

static size_t number_shape(const char *s, const ht_token *t, char *buf, size_t cap)
{
    size_t len = 0, digits = 0;
    for (size_t i = t->start; i < t->end && len + 1 < cap; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 4)
                continue;  /* 12345678 and 12345 share a shape */
            c = '0';
        } else {
            digits = 0;
        }
        buf[len++] = c;
    }
    buf[len] = '\0';
    return len;
}

size_t ht_token_key(const char *s, const ht_token *t, char *buf, size_t cap)
{
    const char *fixed = NULL;
    if (cap == 0)
        return 0;
    switch (t->type) {
    case HT_TOK_URL: fixed = "<url>"; break;
    case HT_TOK_EMAIL: fixed = "<email>"; break;
    case HT_TOK_MENTION: fixed = "@user"; break;
    case HT_TOK_DATE: fixed = "<date>"; break;
    case HT_TOK_QUOTE: fixed = "\""; break;
    case HT_TOK_DASH: fixed = "-"; break;
    case HT_TOK_NUMBER: case HT_TOK_ORDINAL:
        return number_shape(s, t, buf, cap);
    case HT_TOK_WORD: case HT_TOK_ABBREV: case HT_TOK_HASHTAG:
        return fold_word(s, t->start, t->end, buf, cap);
    default:
        break;
    }
    if (fixed) {
        size_t len = put(buf, cap, 0, fixed, strlen(fixed));
        buf[len] = '\0';
        return len;
    }
    size_t len = put(buf, cap, 0, s + t->start, t->end - t->start);
    buf[len] = '\0';
    return len;
}

#define BYTES_HI 0x8080808080808080ULL
#define BYTES_LO7 0x7f7f7f7f7f7f7f7fULL

#define BYTES_ONES 0x0101010101010101ULL

/* Bit 7 of each byte of x that equals c (exact: no borrow between bytes). */
static inline uint64_t bytes_eq(uint64_t x, unsigned char c)
{
    uint64_t z = x ^ (c * BYTES_ONES);
    return ~(((z & BYTES_LO7) + BYTES_LO7) | z) & BYTES_HI;
}

/* Lower case of eight bytes of ASCII and two-byte Latin-1 letters (lead
 * byte C3, marked in lead): 'A'..'Z' get 0x20, and so do the second bytes
 * 0x80..0x9E (À..Þ) after a C3, but for 0x97 (×). Bit 7 is cleared before
 * adding, so no byte carries into the next. */
static inline uint64_t fold_latin8(uint64_t x, uint64_t lead)
{
    uint64_t y = x & BYTES_LO7;
    uint64_t upper = (y + 0x3f * BYTES_ONES) & ~(y + 0x25 * BYTES_ONES) & ~x & BYTES_HI;
    uint64_t low_second = ~(y + 0x61 * BYTES_ONES) & BYTES_HI;  /* 0x80..0x9E */
    uint64_t latin_upper = (lead << 8) & low_second & ~bytes_eq(y, 0x17);
    return x | ((upper | latin_upper) >> 2);
}

/* Whether a letter repeats thrice from one of the first `starts` bytes of x. */
static inline int has_triple(uint64_t x, unsigned starts)
{
    uint64_t z = (x ^ (x >> 8)) | (x ^ (x >> 16));  /* a zero byte starts a triple */
    uint64_t zero = ~(((z & BYTES_LO7) + BYTES_LO7) | z) & BYTES_HI;
    uint64_t mask = starts >= 8 ? ~0ULL : ((uint64_t)1 << (8 * starts)) - 1;
    return (zero & mask) != 0;
}

/* One window of a short word (valid: its bytes that belong to the word,
 * skip0: its first byte may be a second byte whose lead another window
 * holds): folded into *x, or 0 if it has bytes other than ASCII and C3
 * sequences, or two C3 sequences in a row (which could be one letter
 * thrice; the byte loop judges those). */
static inline int fold_window(uint64_t *x, uint64_t valid, int skip0)
{
    uint64_t high = *x & BYTES_HI;
    if (!high) {
        *x = fold_latin8(*x, 0);
        return 1;
    }
    uint64_t lead = bytes_eq(*x, 0xc3);
    uint64_t second = high & ~(*x << 1);  /* 10xxxxxx */
    uint64_t seconds_due = (lead << 8) & valid;
    uint64_t check = skip0 ? ~(uint64_t)0xff : ~(uint64_t)0;
    if (high != (lead | second) || ((second ^ seconds_due) & check) || (lead & (lead << 16)))
        return 0;
    *x = fold_latin8(*x, lead);
    return 1;
}

/* The key hash of a word of at most 16 bytes of ASCII and Latin-1 letters
 * (umlauts, ß, é), from two or three overlapping loads instead of a loop
 * over its bytes: most words are such. *ok = 0 for any other word, and for
 * one with a letter thrice in a row, which fold_word shortens. */
static inline __attribute__((always_inline)) uint64_t short_word_key(const char *s, size_t b,
                                                                    size_t e, int *ok)
{
    const char *p = s + b;
    size_t n = e - b;
    uint64_t lo, hi = 0, mid = 0;
    *ok = 0;
    if (n > 16 || n == 0 || (unsigned char)p[n - 1] >= 0xc0)  /* a lead byte last: broken */
        return 0;
    if (n >= 8) {  /* overlapping loads inside the word: never past its end */
        lo = ht_load64le(p);
        hi = ht_load64le(p + n - 8);
        mid = n > 14 ? ht_load64le(p + 4) : 0;
    } else if (n >= 4) {
        lo = ht_load32le(p) | (uint64_t)ht_load32le(p + n - 4) << (8 * (n - 4));
    } else {
        lo = (unsigned char)p[0];
        for (size_t k = 1; k < n; k++)
            lo |= (uint64_t)(unsigned char)p[k] << (8 * k);
    }
    uint64_t lo_valid = n >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * n)) - 1;
    if (!fold_window(&lo, lo_valid, 0))
        return 0;
    if (n >= 3 && has_triple(lo, n >= 8 ? 6 : (unsigned)n - 2))
        return 0;
    uint64_t h = ht_key_absorb(HT_KEY_SEED, lo);
    if (n > 8) {
        if (!fold_window(&hi, ~(uint64_t)0, 1) || has_triple(hi, 6))
            return 0;
        if (n > 14 && (!fold_window(&mid, ~(uint64_t)0, 1) || has_triple(mid, 6)))
            return 0;
        h = ht_key_absorb(h, hi >> (8 * (16 - n)));  /* bytes 8..n-1 */
    }
    *ok = 1;
    return h ^ n;
}

/* Lower case of a code point: ASCII and Latin-1 letters directly, the rest
 * through utf8proc's tables (which do not allocate). */
static inline int32_t fold_cp(int32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c < 0x100)
        return (c >= 0xc0 && c <= 0xde && c != 0xd7) ? c + 32 : c;
    return utf8proc_tolower(c);
}

/* The key hash of fold_word's output for s[b..e), in one pass without a
 * buffer. Returns 0 in *ok if the key would not fit KEY_MAX - 1 bytes (the
 * buffered path then truncates as ht_token_key does). */
static uint64_t fold_word_hash(const char *s, size_t b, size_t e, int *ok)
{
    uint64_t fast = short_word_key(s, b, e, ok);
    if (*ok)
        return fast;
    ht_keyhash k = ht_keyhash_start();
    int32_t prev = -1, prev2 = -1;
    for (size_t i = b; i < e;) {
        unsigned char byte = (unsigned char)s[i];
        int32_t c;
        if (byte < 0x80) {
            i++;
            c = (byte >= 'A' && byte <= 'Z') ? byte + 32 : byte;
            if (c == prev && c == prev2)
                continue;
            prev2 = prev;
            prev = c;
            ht_keyhash_byte(&k, (unsigned char)c);
            continue;
        }
        int n;
        if (byte >= 0xc2 && byte <= 0xdf && i + 1 < e && ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
            c = (int32_t)(byte & 0x1f) << 6 | ((unsigned char)s[i + 1] & 0x3f);
            n = 2;
        } else {
            c = ht_utf8_decode(s, e, i, &n);
        }
        i += (size_t)n;
        if (c == 0xad)
            continue;
        c = fold_cp(c);
        if (c == prev && c == prev2)
            continue;
        prev2 = prev;
        prev = c;
        char enc[4];
        int m = ht_utf8_encode(c, enc);
        for (int j = 0; j < m; j++)
            ht_keyhash_byte(&k, (unsigned char)enc[j]);
    }
    *ok = k.len < KEY_MAX;
    return ht_keyhash_end(&k);
}

/* The key hash of a fixed key (a class name): worked out at compile time. */
#define FIXED_KEY(lit) finish_hash(ht_key_prehash(lit, sizeof lit - 1))

uint64_t ht_token_key_hash(const char *s, const ht_token *t)
{
    if (t->end - t->start >= KEY_MAX - 8)
        return finish_hash(ht_key_prehash(s + t->start, t->end - t->start));
    /* The key of ht_token_key hashed as it is made: the same value, no buffer. */
    switch (t->type) {
    case HT_TOK_WORD: case HT_TOK_ABBREV: case HT_TOK_HASHTAG: {
        int ok;
        uint64_t h = fold_word_hash(s, t->start, t->end, &ok);
        if (ok)
            return finish_hash(h);
        char buf[KEY_MAX];
        size_t len = ht_token_key(s, t, buf, sizeof buf);
        return finish_hash(ht_key_prehash(buf, len));
    }
    case HT_TOK_NUMBER: case HT_TOK_ORDINAL: {
        ht_keyhash k = ht_keyhash_start();
        size_t digits = 0;  /* as number_shape; the token is short enough not to be cut */
        for (size_t i = t->start; i < t->end; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 4)
                    continue;
                c = '0';
            } else {
                digits = 0;
            }
            ht_keyhash_byte(&k, (unsigned char)c);
        }
        return finish_hash(ht_keyhash_end(&k));
    }
    case HT_TOK_URL: return FIXED_KEY("<url>");
    case HT_TOK_EMAIL: return FIXED_KEY("<email>");
    case HT_TOK_MENTION: return FIXED_KEY("@user");
    case HT_TOK_DATE: return FIXED_KEY("<date>");
    case HT_TOK_QUOTE: return FIXED_KEY("\"");
    case HT_TOK_DASH: return FIXED_KEY("-");
    default:
        return finish_hash(ht_key_prehash(s + t->start, t->end - t->start));
    }
}

/* ht_token_key_hash with the common cases inline: a short ASCII word, and
 * punctuation, whose key is itself. */
static inline __attribute__((always_inline)) uint64_t token_key(const char *s, const ht_token *t)
{
    if (t->type == HT_TOK_WORD) {
        int ok;
        uint64_t h = short_word_key(s, t->start, t->end, &ok);
        if (ok)
            return finish_hash(h);
    } else if (t->type == HT_TOK_PUNCT && t->end - t->start == 1) {
        return finish_hash(ht_key_absorb(HT_KEY_SEED, (unsigned char)s[t->start]) ^ 1);
    }
    return ht_token_key_hash(s, t);
}

void ht_token_keys(const char *s, const ht_token *tok, size_t n, uint64_t *keys)
{
    for (size_t i = 0; i < n; i++)
        keys[i] = token_key(s, &tok[i]);
}

static inline __attribute__((always_inline)) uint64_t key_of(const ht_extractor *ex, const char *s,
                                                            const ht_token *tok, size_t i)
{
    return ex->keys && tok == ex->keys_tok ? ex->keys[i] : token_key(s, &tok[i]);
}

/* ---- stems and character n-grams ------------------------------------------------------- */

static int stemmable(const ht_token *t)
{
    return t->type == HT_TOK_WORD && t->end - t->start <= STEM_MAX;
}

/* The hash of a word's stem: from the cache, or from the stemmer. */
static inline uint64_t stem_hash(ht_extractor *ex, const char *s, const ht_token *t, uint64_t key)
{
    uint64_t h;
    if (ht_stems_find(ex->stems, key, &h))
        return h;
    char buf[STEM_MAX * 2 + 8];
    size_t len = fold_word(s, t->start, t->end, buf, sizeof buf);
    return ht_stems_add(ex->stems, key, buf, len);
}

/* The stem of a word into out (NUL-terminated); its length. For names. */
static size_t stem_of(ht_extractor *ex, const char *s, const ht_token *tok, size_t i, char *out,
                      size_t cap)
{
    char buf[STEM_MAX * 2 + 8];
    size_t len = fold_word(s, tok[i].start, tok[i].end, buf, sizeof buf);
    return ht_stems_text(ex->stems, key_of(ex, s, tok, i), buf, len, out, cap);
}

/* The folded word of t between '<' and '>' into buf (room for a word of
 * STEM_MAX bytes), and the byte offset of each of its code points into off,
 * with off[ncp] = its length; returns ncp. */
#define CHAR_BUF (STEM_MAX * 2 + 8)

static size_t marked_word(const char *s, const ht_token *t, char *buf, size_t *off)
{
    buf[0] = '<';
    size_t len = 1 + fold_word(s, t->start, t->end, buf + 1, CHAR_BUF - 2);
    buf[len++] = '>';
    size_t ncp = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)buf[i] & 0xc0) != 0x80)
            off[ncp++] = i;
    off[ncp] = len;
    return ncp;
}

/* The n code points from code point `from` of t's marked word into out
 * (NUL-terminated); its length. For names: written only when asked for. */
static size_t char_ngram_of(const char *s, const ht_token *t, size_t from, size_t n, char *out,
                            size_t cap)
{
    char buf[CHAR_BUF];
    size_t off[CHAR_BUF];
    size_t ncp = marked_word(s, t, buf, off);
    if (cap == 0)
        return 0;
    size_t len = 0;
    if (from + n <= ncp)
        len = put(out, cap, 0, buf + off[from], off[from + n] - off[from]);
    out[len] = '\0';
    return len;
}

/* Room for the n-grams of every length of a word (CHAR_BUF code points at most). */
#define CHAR_IDS (HT_CHAR_NGRAM_MAX * CHAR_BUF)

/* The feature indices of t's character n-grams into idx (room for CHAR_IDS),
 * lengths lo..hi in turn, each from the word's start; their number. *ncp
 * gets the marked word's code points. */
static size_t char_ngram_indices(const ht_extractor *ex, const char *s, const ht_token *t,
                                 uint64_t salt, size_t lo, size_t hi, uint32_t *idx, size_t *ncp)
{
    char buf[CHAR_BUF];
    size_t off[CHAR_BUF], k = 0;
    *ncp = marked_word(s, t, buf, off);
    for (size_t n = lo; n <= hi; n++)
        for (size_t i = 0; i + n <= *ncp; i++) {
            size_t b = off[i], e = off[i + n];
            idx[k++] = ht_fv_index(ex, ht_hash_mix(salt, finish_hash(fnv1a(buf + b, e - b,
                                                                           FNV_BASIS))));
        }
    return k;
}

/* Adds the n-grams idx of token t (whose marked word has ncp code points),
 * in char_ngram_indices' order, each named lazily as word n-grams are. */
static ht_status add_char_list(ht_extractor *ex, const char *s, const ht_token *t,
                               const uint32_t *idx, size_t ncp)
{
    uint32_t at;
    for (size_t n = ex->cfg.char_min, k = 0; n <= ex->cfg.char_max; n++)
        for (size_t i = 0; i + n <= ncp; i++, k++) {
            if (add_char_at(ex, idx[k], &at) != HT_OK)
                return HT_ERR_NOMEM;
            name_entry *ne = ex->track ? name_push(ex, at) : NULL;
            if (ne) {
                ne->prefix = "c:";
                ne->s = s;
                ne->tok = t;
                ne->chr = 1;
                ne->ids[0] = (uint32_t)i;
                ne->ids[1] = (uint32_t)n;
            }
        }
    return HT_OK;
}

static ht_status add_char_ngrams(ht_extractor *ex, const char *s, const ht_token *t, uint64_t salt)
{
    uint32_t idx[CHAR_IDS];
    size_t ncp;
    char_ngram_indices(ex, s, t, salt, ex->cfg.char_min, ex->cfg.char_max, idx, &ncp);
    return add_char_list(ex, s, t, idx, ncp);
}

/* Folding: with cfg.char_block a model's score of the character n-gram
 * block is (sum over words of the weight rows of each word's n-grams) /
 * sqrt(number of n-grams), so the scorer sums each word's share, kept per
 * word, instead of adding its n-grams to the vector one by one. */
int ht_extractor_fold_chars(ht_extractor *ex, const float *weights, size_t nrows, int nclass)
{
    fold_release(ex->fold);
    ex->fold = NULL;
    if (!weights || !ex->cfg.char_block || !ex->cfg.char_max || nclass < 1 ||
        nclass > HT_FOLD_CLASSES || !(ex->fold = aligned_alloc(128, sizeof *ex->fold)))
        return 0;
    memset(ex->fold, 0, sizeof *ex->fold);  /* every entry empty */
    ex->fold->refs = 1;
    ex->fold->w = weights;
    ex->fold->rows = nrows;
    ex->fold->k = nclass;
    return 1;
}

void ht_extractor_share_fold(ht_extractor *ex, ht_extractor *with)
{
    const ht_feature_config *a = &ex->cfg, *b = &with->cfg;
    if (!ex->fold || !with->fold || ex->fold == with->fold || ex->fold->w != with->fold->w ||
        ex->fold->rows != with->fold->rows || ex->fold->k != with->fold->k ||
        a->hash_bits != b->hash_bits || a->char_min != b->char_min || a->char_max != b->char_max)
        return;
    fold_release(ex->fold);
    ex->fold = with->fold;
    ex->fold->refs++;
}

int ht_fv_folded(const ht_extractor *ex, double *shift)
{
    if (!ex->fold)
        return 0;
    double z = ex->fold_n ? 1 / sqrt((double)ex->fold_n) : 0;
    for (int c = 0; c < ex->fold->k; c++)
        shift[c] = ex->fold_sum[c] * z;
    return ex->fold->k;
}

static inline uint64_t fold_tag(uint64_t key, uint64_t salt)
{
    return ht_hash_mix(salt, key) | 1;
}

/* The set of a tag: from its bits above the lowest, which is always set. */
static inline fold_entry *fold_set(fold_cache *f, uint64_t tag)
{
    return &f->e[((tag >> 1) & (FOLD_SETS - 1)) * FOLD_WAYS];
}

/* A word not in the cache: its n-grams' rows are all asked of memory
 * before the first is read, as they are far apart in a large model. */
static __attribute__((noinline)) void fold_fill(const ht_extractor *ex, const char *s,
                                                const ht_token *t, uint64_t salt,
                                                fold_entry *fe)
{
    const fold_cache *f = ex->fold;
    const int k = f->k;
    uint32_t idx[CHAR_IDS];
    size_t ncp, n = char_ngram_indices(ex, s, t, salt, ex->cfg.char_min, ex->cfg.char_max, idx,
                                       &ncp);
    for (size_t j = 0; j < n; j++)
        if (idx[j] < f->rows)
            __builtin_prefetch(f->w + (size_t)idx[j] * (size_t)k);
    double g[HT_FOLD_CLASSES] = { 0 };
    for (size_t j = 0; j < n; j++) {
        if (idx[j] >= f->rows)
            continue;
        const float *row = f->w + (size_t)idx[j] * (size_t)k;
        for (int c = 0; c < k; c++)
            g[c] += row[c];
    }
    fe->n = (uint32_t)n;
    for (int c = 0; c < k; c++)  /* kept as float: a hit adds what a miss adds */
        fe->g[c] = (float)g[c];
}

/* Adds token t's share (key: its key; salt: the namespace's n-gram salt). */
static void fold_chars(ht_extractor *ex, const char *s, const ht_token *t, uint64_t key,
                       uint64_t salt)
{
    uint64_t tag = fold_tag(key, salt);
    fold_entry *set = fold_set(ex->fold, tag);
    const int k = ex->fold->k;
    int w = 0;
    while (w < FOLD_WAYS && set[w].tag != tag)
        w++;
    fold_entry *fe = &set[w < FOLD_WAYS ? w : 0];
    if (w == FOLD_WAYS) {  /* the oldest word of the set leaves */
        memmove(set + 1, set, (FOLD_WAYS - 1) * sizeof *set);
        fold_fill(ex, s, t, salt, fe);
        fe->tag = tag;
    }
    ex->fold_n += fe->n;
    for (int c = 0; c < k; c++)
        ex->fold_sum[c] += fe->g[c];
}

/* The salts of a namespace's per-token features, worked out once per range. */
typedef struct salts {
    uint64_t neg, stem, chr, emo;
} salts;

static salts salts_for(uint32_t ns)
{
    return (salts){ ht_hash_mix(K_NEG, ns), ht_hash_mix(K_STEM, ns), ht_hash_mix(K_CHAR, ns),
                    ht_hash_mix(K_EMO, ns) };
}

/* Names the feature at position at after emoticon class e ("emo:smile"),
 * unless it has a name. */
static void name_emoticon(ht_extractor *ex, uint32_t at, ht_emoticon e)
{
    if (ex->name_of[at])
        return;
    char nm[32];
    int k = snprintf(nm, sizeof nm, "emo:%s", ht_emoticon_name(e));
    name_add(ex, at, nm, (size_t)k);
}

/* An emoticon's class as a feature of its own ("emo:smile"), beside the
 * emoticon itself: rare forms (":-)))") share what the common ones learnt. */
static __attribute__((noinline)) ht_status add_emoticon_class(ht_extractor *ex, const char *s,
                                                              const ht_token *t, uint64_t salt)
{
    ht_emoticon e = ht_emoticon_class(s, t);
    if (e == HT_EMO_NONE)
        return HT_OK;
    uint64_t h = ht_hash_mix(salt, (uint64_t)e);
    uint32_t at;
    if (add_index_at(ex, ht_fv_index(ex, h), 1, &at) != HT_OK)
        return HT_ERR_NOMEM;
    if (ex->track)
        name_emoticon(ex, at, e);
    return HT_OK;
}

/* Stems, char n-grams, negation marks and emoticon classes of one token. */
static inline ht_status add_token_extras(ht_extractor *ex, const char *s, const ht_token *t,
                                         uint64_t key, const salts *salt)
{
    ht_status st = HT_OK;
    uint32_t at;
    if (ex->cfg.negation && (t->flags & HT_TF_NEGATED)) {
        uint64_t h = ht_hash_mix(salt->neg, key);
        st = add_index_at(ex, ht_fv_index(ex, h), 1, &at);
        if (st == HT_OK && ex->track)
            name_ngram(ex, at, "neg:", s, t, (size_t[]){ 0 }, 1);
    }
    if (st == HT_OK && ex->cfg.stems && stemmable(t)) {
        uint64_t h = ht_hash_mix(salt->stem, stem_hash(ex, s, t, key));
        st = add_index_at(ex, ht_fv_index(ex, h), 1, &at);
        name_entry *e = st == HT_OK && ex->track ?
            name_ngram(ex, at, "stem:", s, t, (size_t[]){ 0 }, 1) : NULL;
        if (e)
            e->stem = 1;
    }
    if (st == HT_OK && ex->cfg.char_max && stemmable(t)) {
        if (ex->fold)
            fold_chars(ex, s, t, key, salt->chr);
        else
            st = add_char_ngrams(ex, s, t, salt->chr);
    }
    if (st == HT_OK && t->type == HT_TOK_EMOTICON && ex->cfg.emoticons)
        st = add_emoticon_class(ex, s, t, salt->emo);
    return st;
}

/* ---- n-grams ----------------------------------------------------------------------------- */

static ht_status reserve_th(ht_extractor *ex, size_t n)
{
    if (n <= ex->cap_th)
        return HT_OK;
    size_t cap = ex->cap_th ? ex->cap_th : 256;
    while (cap < n)
        cap *= 2;
    uint64_t *th = realloc(ex->th, cap * sizeof *th);
    if (th)
        ex->th = th;
    uint8_t *tn = realloc(ex->tneg, cap);
    if (tn)
        ex->tneg = tn;
    if (!th || !tn)
        return HT_ERR_NOMEM;
    ex->cap_th = cap;
    return HT_OK;
}

/* Word n-grams over the hash sequence th[0..n); ids maps back to tokens for names. */
static ht_status add_ngrams(ht_extractor *ex, const char *s, const ht_token *tok,
                            const size_t *ids, size_t n, uint32_t ns)
{
    static const char *const prefixes[] = { "", "w:", "w2:", "w3:" };
    const int kinds[] = { 0, K_W1, K_W2, K_W3 };
    for (int len = 1; len <= ex->cfg.word_ngrams; len++) {
        uint64_t salt = ht_hash_mix((uint64_t)kinds[len], ns);
        const uint64_t *th = ex->th;
        for (size_t i = 0; i + (size_t)len <= n; i++) {
            uint64_t h = ht_hash_mix(salt, th[i]);
            if (len > 1)
                h = ht_hash_mix(h, th[i + 1]);
            if (len > 2)
                h = ht_hash_mix(h, th[i + 2]);
            uint32_t at;
            if (add_index_at(ex, ht_fv_index(ex, h), 1, &at) != HT_OK)
                return HT_ERR_NOMEM;
            if (ex->track && ids)
                name_ngram(ex, at, prefixes[len], s, tok, ids + i, (size_t)len);
        }
    }
    return HT_OK;
}

/* Token ids of the current range, for names; SIZE_MAX marks the placeholder. */
static size_t *ids_for(ht_extractor *ex, size_t b, size_t e, size_t tb, size_t te, size_t *n)
{
    if (!ex->track)
        return NULL;
    if (e - b + 1 > ex->cap_ids) {  /* kept between calls: no allocation per vector */
        size_t *v = realloc(ex->ids, (e - b + 1) * sizeof *v);
        if (!v)
            return NULL;
        ex->ids = v;
        ex->cap_ids = e - b + 1;
    }
    size_t *ids = ex->ids, k = 0;
    for (size_t i = b; i < e; i++) {
        if (i >= tb && i < te) {
            if (i == tb)
                ids[k++] = SIZE_MAX;
            continue;
        }
        ids[k++] = i;
    }
    *n = k;
    return ids;
}

ht_status ht_fv_add_tokens(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                           size_t e, uint32_t ns)
{
    return ht_fv_add_window(ex, s, tok, b, e, e, e, ns);
}

static int distance_bucket(size_t d)
{
    return d <= 3 ? (int)d : d <= 5 ? 4 : d <= 10 ? 5 : 6;
}

static ht_status add_window_marks(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                                  size_t e, size_t tb, size_t te, uint32_t ns)
{
    size_t w = ex->cfg.window;
    size_t lo = tb - b > w ? tb - w : b, hi = e - te > w ? te + w : e;
    for (size_t i = lo; i < hi; i++) {
        if (i >= tb && i < te)
            continue;
        int side = i < tb ? 1 : 2;
        size_t d = i < tb ? tb - i : i - te + 1;
        uint64_t key = key_of(ex, s, tok, i);
        uint64_t h1 = ht_hash_mix(ht_hash_mix(K_WIN, ns * 64 + (uint64_t)side * 8 +
                                                              (uint64_t)distance_bucket(d)), key);
        uint64_t h2 = ht_hash_mix(ht_hash_mix(K_SIDE, ns * 4 + (uint64_t)side), key);
        uint32_t at1, at2;
        if (add_index_at(ex, ht_fv_index(ex, h1), 1, &at1) != HT_OK ||
            add_index_at(ex, ht_fv_index(ex, h2), 1, &at2) != HT_OK)
            return HT_ERR_NOMEM;
        if (ex->track) {
            static const char *const pre[2][7] = {
                { "left0:", "left1:", "left2:", "left3:", "left4:", "left5:", "left6:" },
                { "right0:", "right1:", "right2:", "right3:", "right4:", "right5:", "right6:" }
            };
            name_ngram(ex, at1, pre[side - 1][distance_bucket(d)], s, tok, &i, 1);
            name_ngram(ex, at2, side == 1 ? "left:" : "right:", s, tok, &i, 1);
        }
    }
    return HT_OK;
}

/* ---- the per-document memo ------------------------------------------------------------- */

/* A scorer extracts the same tokens for several vectors: each paragraph for
 * the tone model, then sentences and clauses for the actor model's tone
 * helper, then statements for the stance model, all in the text namespace
 * and (for the shipped models) with the same settings. The memo keeps each
 * token's feature indices from the first time, so later vectors only add
 * them. The features, their order and their names are those of the plain
 * path, so vectors come out the same with or without a memo. */

#define MEMO_MAX_TOKENS ((size_t)1 << 20)  /* longer documents go without one (24 MB) */

/* The memo keeps feature indices at the widest hash (HT_HASH_BITS_MAX bits),
 * and an extractor of fewer bits masks them (memo_read): as an index is the
 * hash's low bits, both give the index the extractor would make, so models
 * of different widths share one memo. */
#define MEMO_MASK ((UINT64_C(1) << HT_HASH_BITS_MAX) - 1)

static inline uint32_t memo_index(uint64_t h)
{
    return (uint32_t)(h & MEMO_MASK) + 1;
}

static inline uint32_t memo_read(const ht_extractor *ex, uint32_t v)
{
    return ((v - 1) & ex->mask) + 1;
}

typedef struct memo_token {
    uint32_t uni, neg, stem, emo;  /* feature indices (memo_index); 0: none */
    uint32_t bi;                   /* the bigram of this token and the next; 0: last token */
    uint32_t gen;                  /* the memo's generation when filled */
    uint32_t chr;                  /* its character n-grams: chars[chr .. chr + nchr), */
    uint16_t nchr, ncp;            /* ... and the code points of its marked word */
} memo_token;

struct ht_fv_memo {
    memo_token *t;
    size_t n, cap;
    uint32_t *chars;               /* the character n-grams' indices (hash_bits wide), token
                                    * after token */
    size_t nchars, cap_chars;
    uint32_t gen;                  /* tokens of an older generation are not filled */
    /* The settings the indices were made with: taken from the first
     * extractor that uses the memo after a reset; others must match, but
     * for the width (see MEMO_MASK; only the character n-grams are kept at
     * hash_bits) and for character n-grams, which an extractor without
     * them leaves out. */
    int bound;
    uint32_t ns;
    uint8_t hash_bits, stems, negation, char_min, char_max;
};

ht_fv_memo *ht_fv_memo_new(void)
{
    return calloc(1, sizeof(ht_fv_memo));
}

void ht_fv_memo_free(ht_fv_memo *m)
{
    if (!m)
        return;
    free(m->t);
    free(m->chars);
    free(m);
}

ht_status ht_fv_memo_reset(ht_fv_memo *m, size_t ntokens)
{
    m->bound = 0;
    m->n = 0;
    m->nchars = 0;
    if (ntokens > MEMO_MAX_TOKENS)
        return HT_OK;  /* unused: a memo of no tokens */
    if (ntokens > m->cap) {
        size_t cap = ntokens + ntokens / 2;
        memo_token *t = realloc(m->t, cap * sizeof *t);
        if (!t)
            return HT_ERR_NOMEM;
        memset(t + m->cap, 0, (cap - m->cap) * sizeof *t);
        m->t = t;
        m->cap = cap;
    }
    if (++m->gen == 0) {  /* wrapped: every token must read as unfilled */
        memset(m->t, 0, m->cap * sizeof *m->t);
        m->gen = 1;
    }
    m->n = ntokens;
    return HT_OK;
}

/* Whether ex may use its memo for tokens tok in namespace ns, binding the
 * memo to ex's settings if it has none. Trigrams are not kept in a memo. */
static int memo_usable(ht_extractor *ex, const ht_token *tok, uint32_t ns)
{
    ht_fv_memo *m = ex->memo;
    const ht_feature_config *c = &ex->cfg;
    if (!m || !m->n || tok != ex->keys_tok || c->word_ngrams > 2)
        return 0;
    if (!m->bound) {
        m->bound = 1;
        m->ns = ns;
        m->hash_bits = c->hash_bits;
        m->stems = c->stems;
        m->negation = c->negation;
        m->char_min = ex->fold ? 0 : c->char_min;  /* a folding one needs none kept */
        m->char_max = ex->fold ? 0 : c->char_max;
    }
    return m->ns == ns && m->stems == c->stems && m->negation == c->negation &&
           (!c->char_max || ex->fold ||
            (m->char_min == c->char_min && m->char_max == c->char_max &&
             m->hash_bits == c->hash_bits));
}

/* Token t's character n-grams into the memo, in the order add_char_ngrams
 * adds them. */
static ht_status memo_fill_chars(ht_extractor *ex, const char *s, const ht_token *t,
                                 uint64_t salt, memo_token *mt)
{
    ht_fv_memo *m = ex->memo;
    uint32_t idx[CHAR_IDS];
    size_t ncp, need = char_ngram_indices(ex, s, t, salt, m->char_min, m->char_max, idx, &ncp);
    if (m->nchars + need > m->cap_chars) {
        size_t cap = m->cap_chars ? m->cap_chars : 4096;
        while (cap < m->nchars + need)
            cap *= 2;
        uint32_t *c = realloc(m->chars, cap * sizeof *c);
        if (!c)
            return HT_ERR_NOMEM;
        m->chars = c;
        m->cap_chars = cap;
    }
    mt->chr = (uint32_t)m->nchars;
    mt->nchr = (uint16_t)need;
    mt->ncp = (uint16_t)ncp;
    if (need == 0)  /* a word shorter than the shortest n-gram: m->chars may be NULL */
        return HT_OK;
    memcpy(m->chars + m->nchars, idx, need * sizeof *idx);
    m->nchars += need;
    return HT_OK;
}

/* The memo's entries of tokens [b, e), filled where they are not. */
static ht_status memo_fill(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                           size_t e, uint32_t ns)
{
    ht_fv_memo *m = ex->memo;
    const uint64_t *keys = ex->keys;
    const salts salt = salts_for(ns);
    const uint64_t salt1 = ht_hash_mix(K_W1, ns), salt2 = ht_hash_mix(K_W2, ns);
    for (size_t i = b; i < e; i++)  /* the stem cache sets asked for first, as below */
        if (m->t[i].gen != m->gen && m->stems && stemmable(&tok[i]))
            __builtin_prefetch(ht_stems_set(ex->stems, keys[i]));
    for (size_t i = b; i < e; i++) {
        memo_token *mt = &m->t[i];
        if (mt->gen == m->gen)
            continue;
        const ht_token *t = &tok[i];
        uint64_t key = keys[i];
        mt->uni = memo_index(ht_hash_mix(salt1, key));
        mt->neg = m->negation && (t->flags & HT_TF_NEGATED) ?
                  memo_index(ht_hash_mix(salt.neg, key)) : 0;
        mt->stem = m->stems && stemmable(t) ?
                   memo_index(ht_hash_mix(salt.stem, stem_hash(ex, s, t, key))) : 0;
        ht_emoticon emo = t->type == HT_TOK_EMOTICON ? ht_emoticon_class(s, t) : HT_EMO_NONE;
        mt->emo = emo != HT_EMO_NONE ? memo_index(ht_hash_mix(salt.emo, (uint64_t)emo)) : 0;
        mt->bi = i + 1 < m->n ? memo_index(ht_hash_mix(ht_hash_mix(salt2, key), keys[i + 1]))
                              : 0;
        mt->nchr = 0;
        if (m->char_max && stemmable(t) && memo_fill_chars(ex, s, t, salt.chr, mt) != HT_OK)
            return HT_ERR_NOMEM;  /* left unfilled: gen is not set */
        mt->gen = m->gen;
    }
    return HT_OK;
}

/* Token i's character n-grams from the memo. */
static ht_status add_memo_chars(ht_extractor *ex, const char *s, const ht_token *tok, size_t i)
{
    const ht_fv_memo *m = ex->memo;
    return add_char_list(ex, s, &tok[i], m->chars + m->t[i].chr, m->t[i].ncp);
}

/* The extras (negation, stem, emoticon class) of each token of [b, e)
 * outside the target [tb, te), from the memo, in token order. */
static ht_status add_memo_extras(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                                 size_t e, size_t tb, size_t te, uint64_t chr_salt)
{
    const memo_token *mt = ex->memo->t;
    int emoticons = ex->cfg.emoticons, track = ex->track, chars = ex->cfg.char_max != 0;
    int fold = chars && ex->fold;
    if (fold)  /* the cache entries asked for first, as the stems' */
        for (size_t i = b; i < e; i++)
            if (stemmable(&tok[i])) {
                const char *set = (const char *)fold_set(ex->fold,
                                                         fold_tag(ex->keys[i], chr_salt));
                __builtin_prefetch(set);
                __builtin_prefetch(set + 64);
            }
    uint32_t at;
    for (size_t i = b; i < e; i++) {
        if (i >= tb && i < te)
            continue;
        if (mt[i].neg) {
            if (add_index_at(ex, memo_read(ex, mt[i].neg), 1, &at) != HT_OK)
                return HT_ERR_NOMEM;
            if (track)
                name_ngram(ex, at, "neg:", s, tok, &i, 1);
        }
        if (mt[i].stem) {
            if (add_index_at(ex, memo_read(ex, mt[i].stem), 1, &at) != HT_OK)
                return HT_ERR_NOMEM;
            name_entry *ne = track ? name_ngram(ex, at, "stem:", s, tok, &i, 1) : NULL;
            if (ne)
                ne->stem = 1;
        }
        if (fold && stemmable(&tok[i]))
            fold_chars(ex, s, &tok[i], ex->keys[i], chr_salt);
        else if (chars && mt[i].nchr && add_memo_chars(ex, s, tok, i) != HT_OK)
            return HT_ERR_NOMEM;
        if (emoticons && mt[i].emo) {
            if (add_index_at(ex, memo_read(ex, mt[i].emo), 1, &at) != HT_OK)
                return HT_ERR_NOMEM;
            if (track)
                name_emoticon(ex, at, ht_emoticon_class(s, &tok[i]));
        }
    }
    return HT_OK;
}

/* The token after i in the sequence of [b, e) with the target [tb, te) as
 * one placeholder (SIZE_MAX), or e at the end. */
static inline size_t seq_next(size_t i, size_t e, size_t tb, size_t te)
{
    if (i == SIZE_MAX)
        return te;
    return i + 1 == tb && te > tb ? SIZE_MAX : i + 1 < e ? i + 1 : e;
}

/* Unigrams and bigrams of that sequence: from the memo, but for those of
 * the placeholder, which are hashed here. */
static ht_status add_memo_ngrams(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                                 size_t e, size_t tb, size_t te, uint32_t ns)
{
    const memo_token *mt = ex->memo->t;
    const uint64_t *keys = ex->keys, ph = finish_hash(K_TARGET);
    const uint64_t salt1 = ht_hash_mix(K_W1, ns), salt2 = ht_hash_mix(K_W2, ns);
    int track = ex->track;
    size_t first = b == tb && te > tb ? SIZE_MAX : b;
    uint32_t at;
    if (ex->cfg.word_ngrams >= 1)
        for (size_t i = first; i != e; i = seq_next(i, e, tb, te)) {
            uint32_t idx = i == SIZE_MAX ? ht_fv_index(ex, ht_hash_mix(salt1, ph))
                                         : memo_read(ex, mt[i].uni);
            if (add_index_at(ex, idx, 1, &at) != HT_OK)
                return HT_ERR_NOMEM;
            if (track)
                name_ngram(ex, at, "w:", s, tok, &i, 1);
        }
    if (ex->cfg.word_ngrams >= 2)
        for (size_t i = first, j; (j = seq_next(i, e, tb, te)) != e; i = j) {
            uint32_t idx = i != SIZE_MAX && j == i + 1 ? memo_read(ex, mt[i].bi) :
                ht_fv_index(ex, ht_hash_mix(ht_hash_mix(salt2, i == SIZE_MAX ? ph : keys[i]),
                                            j == SIZE_MAX ? ph : keys[j]));
            if (add_index_at(ex, idx, 1, &at) != HT_OK)
                return HT_ERR_NOMEM;
            if (track)
                name_ngram(ex, at, "w2:", s, tok, (size_t[]){ i, j }, 2);
        }
    return HT_OK;
}

ht_status ht_fv_add_window(ht_extractor *ex, const char *s, const ht_token *tok, size_t b,
                           size_t e, size_t tb, size_t te, uint32_t ns)
{
    if (b >= e)
        return HT_OK;
    if (tb < b)
        tb = b;
    if (te > e)
        te = e;
    if (te < tb)
        te = tb;
    if (memo_usable(ex, tok, ns)) {  /* the same features, in the same order */
        ht_status st = memo_fill(ex, s, tok, b, e, ns);
        if (st == HT_OK)
            st = add_memo_extras(ex, s, tok, b, e, tb, te, salts_for(ns).chr);
        if (st == HT_OK)
            st = add_memo_ngrams(ex, s, tok, b, e, tb, te, ns);
        if (st == HT_OK && te > tb && ex->cfg.window)
            st = add_window_marks(ex, s, tok, b, e, tb, te, ns);
        return st;
    }
    if (reserve_th(ex, e - b + 1) != HT_OK)
        return HT_ERR_NOMEM;
    size_t n = 0;
    ht_status st = HT_OK;
    const salts salt = salts_for(ns);
    /* Keys first, asking for each word's stem cache set as its key is known
     * (the cache is larger than the CPU's nearest caches), then the stems
     * and other per-token features in token order. */
    int stems = ex->cfg.stems;
    for (size_t i = b; i < e; i++) {
        if (i >= tb && i < te) {
            if (i == tb)
                ex->th[n++] = finish_hash(K_TARGET);
            continue;
        }
        uint64_t key = key_of(ex, s, tok, i);
        ex->th[n++] = key;
        if (stems && stemmable(&tok[i]))
            __builtin_prefetch(ht_stems_set(ex->stems, key));
    }
    for (size_t i = b, k = 0; i < e && st == HT_OK; i++, k++) {
        if (i >= tb && i < te) {
            k -= i != tb;  /* the target is one entry of th */
            continue;
        }
        st = add_token_extras(ex, s, &tok[i], ex->th[k], &salt);
    }
    size_t nids = 0;
    size_t *ids = ids_for(ex, b, e, tb, te, &nids);
    if (st == HT_OK)
        st = add_ngrams(ex, s, tok, ids, n, ns);
    if (st == HT_OK && te > tb && ex->cfg.window)
        st = add_window_marks(ex, s, tok, b, e, tb, te, ns);
    return st;
}

uint64_t ht_fv_name_hash(const char *name, uint32_t ns)
{
    return ht_hash_mix(ht_hash_mix(K_NAME, ns), finish_hash(fnv1a(name, strlen(name), FNV_BASIS)));
}

ht_status ht_fv_add_name(ht_extractor *ex, const char *name, uint32_t ns, double count)
{
    uint32_t at;
    ht_status st = add_index_at(ex, ht_fv_index(ex, ht_fv_name_hash(name, ns)), count, &at);
    if (st == HT_OK && ex->track)
        name_add(ex, at, name, strlen(name));
    return st;
}

ht_status ht_fv_add_name_hashed(ht_extractor *ex, uint64_t h, const char *name, double count)
{
    uint32_t at;
    ht_status st = add_index_at(ex, ht_fv_index(ex, h), count, &at);
    name_entry *e = st == HT_OK && ex->track ? name_push(ex, at) : NULL;
    if (e)
        e->prefix = name;  /* a lazy entry of no tokens: its name is the prefix */
    return st;
}

ht_status ht_fv_add_hash_word(ht_extractor *ex, uint64_t h, double count, const char *prefix,
                              const char *s, const ht_token *tok, size_t i)
{
    uint32_t at;
    ht_status st = add_index_at(ex, ht_fv_index(ex, h), count, &at);
    name_entry *e = st == HT_OK && ex->track ? name_push(ex, at) : NULL;
    if (e) {
        e->prefix = prefix;
        e->s = s;
        e->tok = tok;
        e->ids[0] = (uint32_t)i;
        e->n = 1;
    }
    return st;
}

static void insertion_sort(uint64_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* Sorts keys (feature index in the high 32 bits, position in the low) with
 * runs of 16 by insertion and bottom-up merges into tmp: a radix sort's
 * counters cost more to clear than a vector of a few hundred keys to sort. */
static void sort_keys(uint64_t *a, uint64_t *tmp, size_t n)
{
    const size_t run = 16;
    for (size_t i = 0; i < n; i += run)
        insertion_sort(a + i, n - i < run ? n - i : run);
    uint64_t *src = a, *dst = tmp;
    for (size_t width = run; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {  /* branch-free: the keys are random */
                uint64_t x = src[i], y = src[j];
                int take_x = x <= y;
                dst[k++] = take_x ? x : y;
                i += (size_t)take_x;
                j += (size_t)!take_x;
            }
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

static int reserve_nodes(ht_extractor *ex, size_t n)
{
    if (n <= ex->cap_nodes)
        return 1;
    size_t cap = ex->cap_nodes ? ex->cap_nodes : 256;
    while (cap < n)
        cap *= 2;
    struct feature_node *v = realloc(ex->nodes, cap * sizeof *v);
    if (v)
        ex->nodes = v;
    uint64_t *sb = realloc(ex->sortbuf, 2 * cap * sizeof *sb);
    if (sb)
        ex->sortbuf = sb;
    if (!v || !sb)
        return 0;
    ex->cap_nodes = cap;
    return 1;
}

/* A count's term weight: 1 + ln c when sublinear. A count of 1 (most
 * features) needs no log, small whole counts take it from a table;
 * fractional counts (probabilities added by name) go through the log. */
static inline double term_weight(const ht_extractor *ex, double c)
{
    if (!ex->cfg.sublinear)
        return c;
    /* Whole counts from the table (log1p_tab[1] is 1): one test that holds
     * for nearly every feature, where testing c == 1 first was a coin toss. */
    if (c > 0 && c < LOG_TABLE && c == (double)(int)c)
        return ex->log1p_tab[(int)c];
    return c <= 0 || c == 1 ? c : 1 + log(c);
}

/* The entries in slot order, which is index order (see the table): each
 * occupied slot's bit found with a count of trailing zeros. */
static void nodes_from_table(ht_extractor *ex, int by_pos)
{
    size_t words = occupied_words(ex->table_size), k = 0;
    for (size_t w = 0; w < words; w++) {
        for (uint64_t bits = ex->occupied[w]; bits; bits &= bits - 1) {
            uint64_t e = ex->table[w * 64 + (size_t)__builtin_ctzll(bits)];
            uint32_t pos = (uint32_t)e - 1;
            ex->nodes[k++] = (struct feature_node){ (int)(e >> 32), by_pos ? pos : ex->cnt[pos] };
        }
    }
}

/* The nodes in index order (or as added), each with its count, or with its
 * position in the vector when by_pos. */
static void nodes_from_list(ht_extractor *ex, int by_pos)
{
    size_t m = ex->ntouched;
    if (ex->unsorted) {
        for (size_t i = 0; i < m; i++)
            ex->nodes[i] = (struct feature_node){ (int)ex->touched[i], by_pos ? i : ex->cnt[i] };
        return;
    }
    uint64_t *keys = ex->sortbuf;
    for (size_t i = 0; i < m; i++)
        keys[i] = (uint64_t)ex->touched[i] << 32 | i;
    sort_keys(keys, keys + ex->cap_nodes, m);
    for (size_t i = 0; i < m; i++) {
        uint32_t pos = (uint32_t)keys[i];
        ex->nodes[i] = (struct feature_node){ (int)(keys[i] >> 32), by_pos ? pos : ex->cnt[pos] };
    }
}

/* cfg.char_block with n-grams in the vector: the other features weighted
 * and normalised among themselves, the n-grams' counts over the square root
 * of their number; a feature in both blocks (a collision) gets the sum. The
 * nodes hold their positions. */
static void finish_blocks(ht_extractor *ex, size_t m)
{
    double norm = 0;
    for (size_t i = 0; i < m; i++) {
        double v = term_weight(ex, ex->cnt[i]);
        norm += v * v;
    }
    double inv = ex->cfg.normalize && norm > 0 ? 1 / sqrt(norm) : 1;
    double z = 1 / sqrt((double)ex->nchars);
    for (size_t i = 0; i < m; i++) {
        size_t pos = (size_t)ex->nodes[i].value;
        ex->nodes[i].value = term_weight(ex, ex->cnt[pos]) * inv + ex->ccnt[pos] * z;
    }
}

void *ht_fv_scratch(ht_extractor *ex, size_t size)
{
    /* The sort buffer holds two keys per node and is done with once a
     * vector is finished. */
    return size <= 2 * sizeof *ex->sortbuf ? ex->sortbuf : NULL;
}

const struct feature_node *ht_fv_finish(ht_extractor *ex, size_t *n)
{
    size_t m = ex->ntouched;
    if (!reserve_nodes(ex, m + 1))
        return NULL;
    /* A table left large by a long text makes small vectors sort instead. */
    int blocks = ex->nchars != 0;
    if (!ex->unsorted && occupied_words(ex->table_size) <= 8 * m + 64)
        nodes_from_table(ex, blocks);
    else
        nodes_from_list(ex, blocks);
    if (blocks) {
        finish_blocks(ex, m);
        ex->nodes[m] = (struct feature_node){ -1, 0 };
        if (n)
            *n = m;
        return ex->nodes;
    }
    double norm = 0;
    for (size_t i = 0; i < m; i++) {
        double v = term_weight(ex, ex->nodes[i].value);
        ex->nodes[i].value = v;
        norm += v * v;
    }
    if (ex->cfg.normalize && norm > 0) {
        double inv = 1 / sqrt(norm);
        for (size_t i = 0; i < m; i++)
            ex->nodes[i].value *= inv;
    }
    ex->nodes[m] = (struct feature_node){ -1, 0 };
    if (n)
        *n = m;
    return ex->nodes;
}
