/* gazetteer.h: the gazetteer's insides, shared by gazetteer.c (loading) and
 * the matchers in actors.c and quotes.c (lookups). Private to classifier/.
 *
 * Every string is reduced to token keys (ht_token_key, case-folded) hashed
 * with ht_gz_key_hash; a phrase (an alias of several tokens) is the chain
 * ht_gz_seq(ht_gz_seq(HT_GZ_SEQ0, k1), k2) ... of its token hashes. One probe
 * of the word table gives a token's classes (lexicon.h), its role string and
 * the longest alias starting with it; one probe of the phrase table per
 * candidate length finds the alias. */
#ifndef HT_GAZETTEER_H
#define HT_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "classifier/actors.h"
#include "classifier/idmap.h"
#include "classifier/lexicon.h"
#include "features/token.h"

#define HT_GZ_MAX_TOKENS 8     /* longest alias, in tokens */
#define HT_GZ_SEQ0 0x6a09e667f3bcc908ULL
#define HT_GZ_KEY_MAX 64       /* bytes of a token key */

typedef struct gz_entry {
    char *name, *role, *country, *stands_for;
    char *party;  /* the entry of the party a person or faction belongs to, or NULL */
    char *ballot; /* a party's name on ballots and in Wahl-O-Mat ("PIRATEN"), or NULL:
                   * found among a stance model's speakers, never matched in text */
    char **aliases;
    size_t naliases;
    char **abroad;   /* pairs: a country's code, the entry meant in a text from there
                      * ("Bundesrat" in a Swiss text: "Schweizerischer Bundesrat") */
    size_t nabroad;  /* pairs */
    ht_actor_type type;
    int dead;  /* replaced by a later entry of the same name */
} gz_entry;

typedef struct gz_word {
    uint32_t cls;     /* HT_W_* */
    uint32_t role;    /* index into roles, or UINT32_MAX */
    uint8_t maxlen;   /* longest alias starting with this token (0: none) */
} gz_word;

typedef struct gz_phrase {
    uint32_t entry;
    uint8_t ntok;
    uint8_t capmask;  /* bit i: token i of the alias is capitalised, so must the text's be */
    uint8_t uppermask; /* bit i: token i is in capitals (ZEIT, BILD), so must the text's be */
    uint8_t gen_ok;   /* the last token may carry a genitive -s / -es */
} gz_phrase;

#define GZ_FILTER_WORDS 1024

struct ht_gazetteer {
    gz_entry *e;
    size_t n, cap, live;
    ht_idmap names;     /* hash of a canonical name -> entry */
    ht_idmap words;     /* token key hash -> index into w */
    /* Two bits per word key in one of GZ_FILTER_WORDS words (a blocked Bloom
     * filter, 8 KB): most tokens of a text are no gazetteer word, and this
     * says so from the nearest cache, where the map's 200 KB would miss. */
    uint64_t word_filter[GZ_FILTER_WORDS];
    gz_word *w;
    size_t nw, capw;
    ht_idmap phrases;   /* phrase hash -> index into p */
    gz_phrase *p;
    size_t np, capp;
    char **roles;       /* role words as written in roles.txt */
    size_t nroles, caproles;
    size_t nfirst;
    ht_tokens tmp;      /* tokeniser scratch while loading */
    size_t batch_start; /* the first entry of the file added last */
    size_t nshared;     /* written forms an entry of that file took from another (it wins) */
    char shared[320];   /* the first of them, described */
};

uint64_t ht_gz_key_hash(const char *key, size_t len);
/* The same value from the token's ht_token_key_hash, which the document has
 * worked out already: both start from ht_key_prehash of the same key, and this
 * one stops halfway through Murmur3's finaliser, which ht_token_key_hash
 * runs to its end, so undoing the last two steps gives it. Only for keys
 * shorter than HT_GZ_KEY_MAX (longer ones are cut here, not there). */
static inline uint64_t ht_gz_key_of_token_hash(uint64_t token_hash)
{
    uint64_t h = token_hash ^ (token_hash >> 33);
    return h * 0x9cb4b2f8129337dbULL;  /* the inverse of 0xc4ceb9fe1a85ec53 mod 2^64 */
}
uint64_t ht_gz_seq(uint64_t h, uint64_t key);
/* The word record of a key hash, or NULL. */
const gz_word *ht_gz_word(const ht_gazetteer *g, uint64_t key);
/* The phrase record of a phrase hash, or NULL. */
const gz_phrase *ht_gz_phrase(const ht_gazetteer *g, uint64_t seq);

/* The live entry with this canonical name, or HT_IDMAP_NONE. */
uint32_t ht_gz_entry_by_name(const ht_gazetteer *g, const char *name);
/* The live entry that has the written form s, as its name or as an alias
 * ("US-Militär": US-Armee), or HT_IDMAP_NONE. Tokenises s: not for hot paths. */
uint32_t ht_gz_entry_by_form(const ht_gazetteer *g, const char *s);

#endif
