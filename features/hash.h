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
uint32_t ht_crc32(uint32_t crc, const void *data, size_t len);

#endif
