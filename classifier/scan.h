/* scan.h: the working state of one ht_analyse() call, shared by actors.c
 * (actors and mentions) and quotes.c (quotes and speakers). Private to
 * classifier/; it lives in ht_analysis.scratch and is reused between calls. */
#ifndef HT_SCAN_H
#define HT_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "classifier/actors.h"
#include "classifier/gazetteer.h"
#include "classifier/idmap.h"
#include "classifier/lexicon.h"

#define HT_PRESENT_CACHE 64
#define HT_ROLE_WORDS 256  /* a power of two */

typedef struct ht_scan {
    const ht_gazetteer *g;
    const ht_doc *doc;
    ht_analysis *out;
    uint64_t *key;         /* per token: hash of its key (ht_gz_key_hash) */
    uint32_t *cls;         /* per token: HT_W_* classes */
    uint8_t *maxlen;       /* per token: longest alias it may start (gz_word.maxlen) */
    int32_t *mention_at;   /* per token: the mention covering it, or -1 */
    size_t cap_tok;
    int32_t *sent_speaker; /* per sentence: the actor who speaks in it, or -1 */
    size_t cap_sent;
    size_t *name_off;      /* per actor: offset of its name in out->names */
    uint8_t *name_gender;  /* per actor: 1 male, 2 female by a first name it was named
                              with, 0 not known */
    uint32_t *actor_entry;    /* per actor: its gazetteer entry, or UINT32_MAX (discovered) */
    uint32_t *drop_map;       /* per actor: its index once unmentioned ones are dropped */
    uint8_t *named_full;      /* per actor, until renumbering: a known person named by more
                                 than one word so far ("Olaf Scholz", not "Scholz") */
    size_t cap_actor, cap_gender, cap_party, cap_drop, cap_full;
    uint32_t present_entry[HT_PRESENT_CACHE];  /* famous_present's answers this call */
    uint8_t present_val[HT_PRESENT_CACHE];
    size_t npresent;
    /* the role words that name no one after them, one token per distinct word,
     * gathered once per call when first needed (famous_present) */
    uint32_t role_words[HT_ROLE_WORDS];
    uint64_t role_seen[2 * HT_ROLE_WORDS];  /* their key hashes, open addressing; 0 free */
    size_t nrole_words;
    int role_words_done;
    ht_idmap ids;          /* actor identity (entry or name) -> actor */
    ht_idmap surnames;     /* surname key -> person actor */
    uint64_t h_der, h_es, h_nach, h_angaben;
    const unsigned char *skip_para; /* per paragraph: no actors looked for here */
} ht_scan;

/* Whether the key s of len bytes ends in suf. */
static inline int ht_scan_ends_with(const char *s, size_t len, const char *suf)
{
    size_t n = strlen(suf);
    return len >= n && !memcmp(s + len - n, suf, n);
}

/* actors.c: a gazetteer alias starting at a token: its length in tokens,
 * its entry, and whether it matched through a stripped -s / -es. */
typedef struct ht_match {
    size_t len;
    uint32_t entry;
    int genitive;
} ht_match;
/* actors.c, for institutions.c: the gazetteer alias at token i (0: none);
 * a mention of actor from b to e in sentence sent (whose first token is sb);
 * a new actor named name; the actor of a gazetteer entry. */
int ht_scan_match_at(const ht_scan *sc, size_t i, ht_match *m);
ht_status ht_scan_add_mention(ht_scan *sc, int32_t actor, size_t b, size_t e, size_t sent,
                              size_t sb, int genitive, ht_error *err);
ht_status ht_scan_new_actor(ht_scan *sc, const char *name, size_t len, int32_t *id,
                            ht_error *err);
ht_status ht_scan_actor_known(ht_scan *sc, uint32_t entry, int32_t *id, ht_error *err);

/* institutions.c: an institution named at token i of the sentence sent
 * (first token sb): adds its mention and sets *next past it, or does
 * nothing. */
ht_status ht_institution_at(ht_scan *sc, size_t sb, size_t sent, size_t i, size_t *next,
                            ht_error *err);
/* institutions.c: the code of the country whose adjective is at token i
 * ("österreichische": AT, "Schweizer": CH, "französischen": FR), or NULL. */
const char *ht_adjective_country(const ht_scan *sc, size_t i);
/* institutions.c: the kind whose key is key, or key less "s" (cuts 1) or
 * "es" (cuts 2), or NULL. */
const ht_institution_kind *ht_institution_kind_of(const char *key, size_t len, size_t cuts);
/* institutions.c: the institution of kind k the text named last, of the
 * country given (a code) unless it is NULL; or -1. */
int32_t ht_institution_before(const ht_scan *sc, const ht_institution_kind *k,
                              const char *country);

/* quotes.c: finds the quotes of a document whose actors and mentions are known. */
ht_status ht_find_quotes(ht_scan *sc, ht_error *err);

/* actors.c: the last person mentioned before token tok, or -1. */
/* How many mentions start before token tok (mentions are in text order). */
size_t ht_scan_mentions_before(const ht_scan *sc, size_t tok);
/* The person a pronoun at tok stands for; gender 1 for "er", 2 for "sie"
 * (people whose role says the other are passed over), 0 for either. */
int32_t ht_scan_last_person(const ht_scan *sc, size_t tok, int gender);
/* actors.c: 1 male, 2 female, 0 not known: by the person's role, else by the
 * first name it was named with. */
int ht_scan_person_gender(const ht_scan *sc, int32_t id);
/* actors.c: whether token i is a capitalised word. */
int ht_scan_cap(const ht_scan *sc, size_t i);
/* actors.c: whether token i's key (case-folded) is one of the n words, each
 * of at most 62 bytes. */
int ht_scan_word_in(const ht_scan *sc, size_t i, const char *const *words, size_t n);
/* actors.c: whether a noun phrase that is no actor opens the clause at q as
 * the subject of the verb at p ("Der Verband warnte", "Die Gewerkschaft
 * lobte"; not "Die Pläne kritisierte Merz"). */
int ht_scan_noun_subject(const ht_scan *sc, long q, long p, size_t sb);
/* actors.c: whether the "der" at art before the name from b to e is a
 * dative or a genitive: "der Süddeutschen Zeitung", "der Deutschen Bank". */
int ht_scan_dative_der(const ht_scan *sc, size_t art, size_t b, size_t e);
/* actors.c: whether the word at tok is a party's epithet ("SPD-Politikerin",
 * "CDU-Politiker") that fits the person actor: of that party in the
 * gazetteer, and not of the other gender. */
int ht_scan_party_epithet(const ht_scan *sc, size_t tok, int32_t actor);
/* actors.c: whether role, an actor's role text, has a word ending in the key
 * w of n bytes (case folded as token keys are): "Vizekanzler und
 * Bundesminister der Finanzen (SPD)" has "vizekanzler", "Bundeskanzler (CDU)"
 * has "kanzler", but "Ministerin" does not end in "minister". A role with a
 * year is a former one ("Bundeskanzler 2021–2025"): no. */
int ht_scan_role_has(const char *role, const char *w, size_t n);
/* actors.c: role case folded as token keys are (malloc'd), or NULL. */
char *ht_scan_folded_role(const char *role);
/* actors.c: for a word in -sprecher, -sprecherin or -sprechers at token i
 * ("Gerichtssprecherin", "eines Polizeisprechers"), the length of what
 * comes before it in its key (written to key: "gerichts"), which may be 0;
 * else 0 too. */
size_t ht_scan_spokes_prefix(const ht_scan *sc, size_t i, char key[HT_GZ_KEY_MAX]);

#endif
