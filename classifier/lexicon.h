/* lexicon.h: the closed-class German words the actor and quote finders need
 * (articles, prepositions, pronouns, speech verbs, Konjunktiv I forms ...),
 * as word classes. The gazetteer loads them next to first names and roles
 * so that one hash probe per token gives every class of a word. */
#ifndef HT_LEXICON_H
#define HT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

enum {
    HT_W_FIRSTNAME = 1u << 0,  /* models/firstnames.txt */
    HT_W_ROLE = 1u << 1,       /* models/roles.txt */
    HT_W_TITLE = 1u << 2,      /* a role ending in a dot: Dr., Prof. */
    HT_W_SPEECH = 1u << 3,     /* a speech verb: sagte, erklärte, gesagt ... */
    HT_W_SEP = 1u << 4,        /* a speech verb with a separable particle: teilte (mit) */
    HT_W_IMPERS = 1u << 5,     /* impersonal speech: heißt es, hieß es */
    HT_W_PARTICLE = 1u << 6,   /* the particle of a separable verb: mit, an, hinzu, klar */
    HT_W_KONJ = 1u << 7,       /* Konjunktiv I: habe, sei, werde, könne ... */
    HT_W_AUX = 1u << 8,        /* auxiliaries: hat, hatte, ist, wird ... */
    HT_W_FINITE = 1u << 9,     /* a finite verb after which a subject may follow */
    HT_W_ARTICLE = 1u << 10,
    HT_W_ART_NOM = 1u << 11,   /* der die das ein eine: may start a subject */
    HT_W_ART_GEN = 1u << 12,   /* des eines */
    HT_W_FUNC = 1u << 13,      /* never a name, even capitalised */
    HT_W_PREP = 1u << 14,
    HT_W_LOCPREP = 1u << 15,   /* in, nach, bei: a place, not a metonym */
    HT_W_CLAUSE = 1u << 16,    /* starts a clause: dass, ob, weil, und ... */
    HT_W_COORD = 1u << 17,     /* und, oder, sowie */
    HT_W_PRON = 1u << 18,      /* er, sie: a speaker pronoun */
    HT_W_NAMEPART = 1u << 19,  /* von, van, de: inside a name */
    HT_W_LAUT = 1u << 20,
    HT_W_ZUFOLGE = 1u << 21,
    HT_W_SO = 1u << 22,
    HT_W_DASS = 1u << 23,
    HT_W_FIRSTPERS = 1u << 24, /* ich, wir */
    HT_W_WORDNAME = 1u << 25,  /* a first name that is also a word: Frank, Mark, Rose */
    HT_W_FOCUS = 1u << 26,     /* auch, sogar, selbst: before a subject, no part of the prefield */
    HT_W_SAYS = 1u << 27,      /* a speech verb whose object may be a clause: sagte, betonte */
    HT_W_FEMALE = 1u << 28,    /* a first name almost always a woman's (firstnames.txt: f) */
    HT_W_MALE = 1u << 29,      /* a first name almost always a man's (firstnames.txt: m) */
    HT_W_KIND = 1u << 30       /* an institution's kind (ht_institution_kinds), also with
                                * -s and -es: Landgericht, Landgerichts, Polizei, Regierung */
};

typedef struct ht_lexicon_group {
    uint32_t cls;
    const char *words;  /* separated by single spaces */
} ht_lexicon_group;

/* The built-in groups; a word may be in several. */
const ht_lexicon_group *ht_lexicon(size_t *n);

/* The kinds of institution a text names by kind and place ("Landgericht
 * Berlin", "Berliner Polizei") and then by kind alone ("das Gericht", "die
 * Polizei"). placed: a place after the kind names one ("Universität
 * Hamburg"; "Gericht Berlin" is no name). alone: the kind is an actor even
 * when no place was told: 1 always ("Die Polizei nahm den Mann fest"), 2
 * after an article ("vom Amtsgericht verurteilt", not "vors
 * Verwaltungsgericht ziehen"), 0 never, as a university or "Gericht" ("vor
 * Gericht"): those stand for one only after it was named. national: a
 * country's adjective before it names one ("die französische Polizei", "das
 * iranische Außenministerium"). gender: 'f', 'm', 'n' or 'p' (plural), for
 * the adjective's ending in such a name and for "der" before it. */
typedef struct ht_institution_kind {
    const char *key, *name;
    uint8_t placed, alone, national;
    char gender;
} ht_institution_kind;

/* The kinds, whose keys the gazetteer gives the class HT_W_KIND. */
const ht_institution_kind *ht_institution_kinds(size_t *n);

#endif
