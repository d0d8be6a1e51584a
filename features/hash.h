/* hash.h: the hashes behind haltung's feature space and model checksums.
 *
 * Feature hashing uses MurmurHash3 (x86, 32-bit) for strings and Murmur's
 * 64-bit finaliser to combine token hashes into n-gram hashes, so that an
 * n-gram is hashed without building its string. Model files carry a CRC-32
 * (the zlib/PNG polynomial) so that corruption is detected on load. */
#ifndef HT_HASH_H
#define HT_HASH_H

#include <stddef.h>
#include <stdint.h>

uint32_t ht_murmur3_32(const void *data, size_t len, uint32_t seed);
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

static inline uint64_t ht_hash_mix(uint64_t a, uint64_t b)
{
    return ht_fmix64(a * 0x9e3779b97f4a7c15ULL + (b ^ 0x632be59bd9b4e019ULL) + (a >> 7));
}

#endif
