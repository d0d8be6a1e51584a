/* actors.h: who an article names and what they say.
 *
 * The gazetteer (models/actors.json, firstnames.txt, roles.txt, plus user
 * files given with --actors) is loaded once and then shared read-only by all
 * threads. ht_analyse() runs over an analysed document (classifier/document.h)
 * and finds:
 *   - actors: known ones from the gazetteer (multi-token aliases, genitive
 *     -s/-es, adjective endings of descriptive names) and discovered people
 *     (first name + surname, role or title + name, speakers of quotes);
 *     surname-only mentions are linked to a full name given earlier;
 *   - mentions of every actor, with flags (subject, speaker, genitive, metonym);
 *   - quotes: direct quotes in any German quotation marks, reported speech in
 *     Konjunktiv I and after "sagte ..., dass", and attributions with
 *     laut X / X zufolge / so X, each with its speaker when one is found.
 *
 * All spans are byte offsets into doc->text.s (the normalised text) and token
 * indexes into doc->tokens; the scorer converts them to code points.
 * An ht_analysis points into the document and the gazetteer it was made
 * from (role strings, stands_for names): keep both alive while using it. */
#ifndef HT_ACTORS_H
#define HT_ACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "classifier/document.h"
#include "features/error.h"

typedef enum { HT_ACTOR_PERSON = 1, HT_ACTOR_ORG, HT_ACTOR_LOCATION } ht_actor_type;

/* "person", "organisation", "location" ("unknown" for anything else). */
const char *ht_actor_type_name(ht_actor_type t);

/* ---- gazetteer ---------------------------------------------------------------------------- */

typedef struct ht_gazetteer ht_gazetteer;

ht_gazetteer *ht_gazetteer_new(ht_error *err);
/* Loads actors.json, firstnames.txt and roles.txt from a models folder. */
ht_status ht_gazetteer_load_dir(ht_gazetteer *g, const char *dir, ht_error *err);
/* Adds a user's actors file in the format of models/actors.json (docs/actors.md).
 * An entry whose name equals an existing one replaces it. Errors name the file
 * and the entry (its index and name). On error the gazetteer is unchanged. */
ht_status ht_gazetteer_add_file(ht_gazetteer *g, const char *actors_json, ht_error *err);
/* The same from a buffer; origin names it in messages. */
ht_status ht_gazetteer_add_json(ht_gazetteer *g, const char *json, size_t len,
                                const char *origin, ht_error *err);
void ht_gazetteer_free(ht_gazetteer *g);
/* Number of live actor entries. */
size_t ht_gazetteer_size(const ht_gazetteer *g);
/* How many written names and aliases of the file added last went to its
 * entries although another entry had the same surface form (which then finds
 * nothing by it), and the first of them described into *first ("\"Merz\" of
 * \"Hans Meier\" was \"Friedrich Merz\"'s"). The rules of docs/actors.md
 * allow none. */
size_t ht_gazetteer_shared_forms(const ht_gazetteer *g, const char **first);
/* Number of first names and of role words loaded. */
size_t ht_gazetteer_firstnames(const ht_gazetteer *g);
size_t ht_gazetteer_roles(const ht_gazetteer *g);

/* ---- analysis ----------------------------------------------------------------------------- */

enum {
    HT_MF_SUBJECT = 1 << 0,   /* grammatical subject of its clause (heuristic) */
    HT_MF_SPEAKER = 1 << 1,   /* the speaker of a quote */
    HT_MF_GENITIVE = 1 << 2,  /* genitive: "Putins", "des Kremls", "Russlands Präsident" */
    HT_MF_METONYM = 1 << 3    /* a capital or seat of power standing for a government */
};

typedef struct ht_mention {
    uint32_t start, end;          /* bytes in doc->text.s, end exclusive */
    uint32_t tok_begin, tok_end;  /* token range */
    uint32_t actor;               /* index into actors */
    uint32_t sentence;            /* index into doc->sentences */
    uint8_t flags;                /* HT_MF_* */
} ht_mention;

typedef struct ht_actor {
    char *name;              /* canonical name (owned by the analysis) */
    ht_actor_type type;
    int known;               /* 1: from the gazetteer, 0: discovered in the text */
    const char *role;        /* "Präsident Russlands", a role word before a discovered
                                name ("Bürgermeisterin"), or NULL; owned by the gazetteer */
    const char *stands_for;  /* metonyms: canonical name of what it stands for, or NULL */
    size_t first_mention;    /* index into mentions */
    size_t mention_count;
    const char *country;     /* ISO code from the gazetteer, or NULL */
} ht_actor;

typedef enum {
    HT_QUOTE_DIRECT = 1,  /* words inside quotation marks */
    HT_QUOTE_REPORTED,    /* Konjunktiv I reported speech ("Putin habe ... reagiert"),
                             or a dass-clause after a speech verb */
    HT_QUOTE_ACCORDING    /* laut X / X zufolge / ..., so X */
} ht_quote_kind;

typedef struct ht_quote {
    uint32_t start, end;          /* bytes of the quoted words (without the marks and a
                                     trailing comma for direct quotes; the reported clause
                                     otherwise) */
    uint32_t tok_begin, tok_end;
    int32_t speaker;              /* actor index or -1 */
    int32_t cue;                  /* token index of the speech verb / laut / zufolge / so, or -1 */
    uint8_t kind;                 /* ht_quote_kind */
    int32_t speaker_mention;      /* mention naming the speaker, or -1 (none, or a pronoun) */
    uint32_t sentence;            /* sentence of the first quoted token */
} ht_quote;

typedef struct ht_analysis {
    ht_actor *actors;
    size_t nactors;
    ht_mention *mentions;
    size_t nmentions;
    ht_quote *quotes;
    size_t nquotes;
    /* private: capacities and scratch, reused between calls */
    size_t cap_actors, cap_mentions, cap_quotes;
    char *names;                  /* canonical names of the actors, NUL-separated */
    size_t len_names, cap_names;
    void *scratch;
} ht_analysis;

/* Finds actors, mentions and quotes in an analysed document. Actors are in
 * order of first mention, mentions and quotes in text order; the result is
 * deterministic. A zeroed ht_analysis is valid; call repeatedly (it is cleared
 * and its memory reused). On error the analysis is left empty. */
ht_status ht_analyse(const ht_gazetteer *g, const ht_doc *doc, ht_analysis *out, ht_error *err);
/* The same, finding no actor in the paragraphs p where skip[p] is non-zero
 * (web furniture: "Foto: dpa" names no actor of the article); skip may be NULL. */
ht_status ht_analyse_except(const ht_gazetteer *g, const ht_doc *doc, const unsigned char *skip,
                            ht_analysis *out, ht_error *err);
/* The first token of paragraph para after its dateline ("Berlin (dpa) - ",
 * "Berlin – "), or its first token, in the document a analysed last (with
 * success); 0 when a analysed none. */
size_t ht_analysis_after_dateline(const ht_analysis *a, size_t para);
/* Empties a (no actors, mentions or quotes), keeping its memory. */
void ht_analysis_clear(ht_analysis *a);
void ht_analysis_free(ht_analysis *a);

/* Index of the actor with this canonical name, or -1. */
int32_t ht_analysis_find(const ht_analysis *a, const char *name);

#endif
