/* hash.h: the hashes behind haltung's feature space and model checksums.
 *
 * A token's key is hashed eight bytes at a time (ht_key_prehash) and
 * finished with Murmur3's 64-bit finaliser; stems, names and character
 * n-grams use FNV-1a. N-gram hashes combine token hashes (ht_hash_mix), so
 * that an n-gram is hashed without building its string. Model files carry a
 * CRC-32 (the zlib/PNG polynomial) so that corruption is detected on load. */
#ifndef HT_HASH_H
#define HT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Mixes two hashes into one; order matters (a,b) != (b,a). */
uint64_t ht_hash_combine(uint64_t a, uint64_t b);
/* CRC-32 of data continuing from crc (0 to start), slicing by 8 bytes. */
uint32_t ht_crc32(uint32_t crc, const void *data, size_t len);

/* Internal: Murmur3's 64-bit finaliser and ht_hash_combine, inline for the
 * extractor's inner loops (the same values as the functions above). */
static inline uint64_t ht_fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* The next number of a splitmix64 sequence (Steele, Lea & Flood 2014): the
 * seeded generator of training's folds, the dual solver's visiting order and
 * eval's bootstrap, each with a state of its own (never libc's rand()). */
static inline uint64_t ht_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#define HT_FNV_BASIS 0xcbf29ce484222325ULL

/* FNV-1a of data[0..len) continuing from h (HT_FNV_BASIS to start): the
 * hash of token keys, stems and names before ht_fmix64 finishes it. */
static inline uint64_t ht_fnv1a(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* The hash of token keys, before ht_fmix64 finishes it: the key's bytes
 * taken eight at a time as little-endian words (the last one zero-padded),
 * each multiplied in and its high bits folded down, then the length. FNV-1a, which the first
 * models used, multiplies once per byte; that serial chain was a fifth of
 * feature extraction's time. Keys never contain NUL, so the padding cannot
 * make two keys one. */
#define HT_KEY_SEED 0x243f6a8885a308d3ULL

static inline uint64_t ht_key_absorb(uint64_t h, uint64_t word)
{
    /* The shift brings the product's high bits down, where the next word
     * lands: a rotation instead let "verschwunden" and "verschwendet" meet. */
    h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
}

/* Eight bytes of p as a little-endian word, on any machine. */
static inline uint64_t ht_load64le(const void *p)
{
    const unsigned char *b = p;
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
           (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
           (uint64_t)b[7] << 56;
}

static inline uint32_t ht_load32le(const void *p)
{
    const unsigned char *b = p;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* A key hashed byte by byte as it is made (folding, number shapes): the
 * same value as ht_key_prehash of the finished key. */
typedef struct ht_keyhash {
    uint64_t h, word;
    unsigned shift;
    size_t len;
} ht_keyhash;

static inline ht_keyhash ht_keyhash_start(void)
{
    return (ht_keyhash){ HT_KEY_SEED, 0, 0, 0 };
}

static inline void ht_keyhash_byte(ht_keyhash *k, unsigned char c)
{
    k->word |= (uint64_t)c << k->shift;
    k->len++;
    k->shift += 8;
    if (k->shift == 64) {
        k->h = ht_key_absorb(k->h, k->word);
        k->word = 0;
        k->shift = 0;
    }
}

static inline uint64_t ht_keyhash_end(const ht_keyhash *k)
{
    return (k->shift ? ht_key_absorb(k->h, k->word) : k->h) ^ k->len;
}

static inline uint64_t ht_key_prehash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = HT_KEY_SEED;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        h = ht_key_absorb(h, ht_load64le(p + i));
    if (i < len) {
        uint64_t w = 0;
        for (size_t k = len; k > i; k--)
            w = w << 8 | p[k - 1];
        h = ht_key_absorb(h, w);
    }
    return h ^ len;
}

static inline uint64_t ht_hash_mix(uint64_t a, uint64_t b)
{
    return ht_fmix64(a * 0x9e3779b97f4a7c15ULL + (b ^ 0x632be59bd9b4e019ULL) + (a >> 7));
}

#endif
