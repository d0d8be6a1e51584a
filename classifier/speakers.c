/* speakers.c: which speaker a stance model knows each actor by. */
#include "classifier/speakers.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/gazetteer.h"
#include "classifier/idmap.h"

/* A name longer than this is cut in evidence names (the match uses it all). */
#define PREFIX_NAME_MAX 96

typedef struct known {
    ht_speaker speaker;  /* hash, and the prefix "speaker:NAME × " (owned) */
    char *name;          /* as the training data wrote it (owned) */
} known;

struct ht_speakers {
    known *k;
    size_t n;
    ht_idmap of_hash;    /* speaker hash -> index into k */
    uint32_t *of_entry;  /* gazetteer entry -> index into k, or HT_IDMAP_NONE */
    size_t nentries;
};

static ht_status add_known(ht_speakers *sp, const char *name, ht_error *err)
{
    uint64_t h = ht_speaker_hash(name, strlen(name));
    if (!h || ht_idmap_get(&sp->of_hash, h) != HT_IDMAP_NONE)
        return HT_OK;  /* a name of no letters, or one the list has already */
    size_t len = strlen(name);
    if (len > PREFIX_NAME_MAX) {
        len = PREFIX_NAME_MAX;
        while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
            len--;  /* not inside a UTF-8 sequence */
    }
    char *prefix = malloc(len + 32), *copy = strdup(name);
    known *k = &sp->k[sp->n];
    if (!prefix || !copy || ht_idmap_put(&sp->of_hash, h, (uint32_t)sp->n, err) != HT_OK) {
        free(prefix);
        free(copy);
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for the stance model's speakers");
    }
    for (char *c = copy; *c; c++)  /* the name goes into the text view: no control codes */
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    memcpy(prefix, "speaker:", 8);
    memcpy(prefix + 8, copy, len);
    strcpy(prefix + 8 + len, " \xc3\x97 ");  /* " × " */
    *k = (known){ { h, prefix }, copy };
    sp->n++;
    return HT_OK;
}

/* The info's "speakers": [[name, records], ...] (see cmd_train.c); an entry
 * of another shape is passed over, as is a list that is none. */
static ht_status read_list(ht_speakers *sp, const ht_model *stance, ht_error *err)
{
    if (!stance || !stance->features.speaker || !stance->info)
        return HT_OK;
    json_t *info = json_loads(stance->info, 0, NULL);
    json_t *list = info ? json_object_get(info, "speakers") : NULL;
    ht_status st = HT_OK;
    if (!json_is_array(list)) {
        json_decref(info);  /* no list (a model converted from elsewhere): no one known */
        return HT_OK;
    }
    if (!(sp->k = calloc(json_array_size(list) + 1, sizeof *sp->k))) {
        st = ht_error_set(err, HT_ERR_NOMEM, "out of memory for the stance model's speakers");
    }
    for (size_t i = 0; st == HT_OK && i < json_array_size(list); i++) {
        json_t *name = json_array_get(json_array_get(list, i), 0);
        if (json_is_string(name))
            st = add_known(sp, json_string_value(name), err);
    }
    json_decref(info);
    return st;
}

static uint32_t speaker_named(const ht_speakers *sp, const char *name)
{
    return name ? ht_idmap_get(&sp->of_hash, ht_speaker_hash(name, strlen(name))) : HT_IDMAP_NONE;
}

/* The speaker one of the entry's names (or its ballot name) is, or
 * HT_IDMAP_NONE. Where several are ("Bündnis 90/Die Grünen" and its alias
 * "Grüne" both are in Wahl-O-Mat), the one with the most records: the list
 * comes most records first, and HT_IDMAP_NONE is the largest value. */
static uint32_t names_speaker(const ht_speakers *sp, const gz_entry *e)
{
    uint32_t best = speaker_named(sp, e->name), k;
    for (size_t i = 0; i < e->naliases; i++)
        if ((k = speaker_named(sp, e->aliases[i])) < best)
            best = k;
    if ((k = speaker_named(sp, e->ballot)) < best)
        best = k;
    return best;
}

/* Only a party speaks as one: an organisation whose role says "Partei", or
 * one that some entry names as its party. By name alone the FBI would be
 * Wahl-O-Mat's FBI (Freie Bürger Initiative) and BP the Bayernpartei. */
static int is_party(const gz_entry *e, const uint8_t *named_party, size_t i)
{
    if (e->stands_for)  /* "SPD-Parteizentrale": a seat, standing for its party */
        return 0;
    return named_party[i] || (e->type == HT_ACTOR_ORG && e->role &&
                              (strstr(e->role, "Partei") || strstr(e->role, "partei")));
}

/* The speaker of entry i: its own if it is a party, else its party's, else
 * (a seat of power, "Willy-Brandt-Haus") that of the party it stands for. */
static uint32_t entry_speaker(const ht_speakers *sp, const ht_gazetteer *g,
                              const uint8_t *named_party, size_t i)
{
    const gz_entry *e = &g->e[i];
    if (e->dead)
        return HT_IDMAP_NONE;
    if (is_party(e, named_party, i))
        return names_speaker(sp, e);
    const char *via[2] = { e->party, e->stands_for };
    for (int v = 0; v < 2; v++) {
        uint32_t p = via[v] ? ht_gz_entry_by_name(g, via[v]) : HT_IDMAP_NONE;
        if (p != HT_IDMAP_NONE && is_party(&g->e[p], named_party, p))
            return names_speaker(sp, &g->e[p]);
    }
    return HT_IDMAP_NONE;
}

static ht_status map_entries(ht_speakers *sp, const ht_gazetteer *g, ht_error *err)
{
    if (!g || !sp->n || !g->n)
        return HT_OK;
    uint8_t *named_party = calloc(g->n, 1);
    if (!named_party || !(sp->of_entry = malloc(g->n * sizeof *sp->of_entry))) {
        free(named_party);
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for the stance model's speakers");
    }
    for (size_t i = 0; i < g->n; i++) {
        uint32_t p = g->e[i].dead || !g->e[i].party ? HT_IDMAP_NONE
                                                    : ht_gz_entry_by_name(g, g->e[i].party);
        if (p != HT_IDMAP_NONE)
            named_party[p] = 1;
    }
    sp->nentries = g->n;
    for (size_t i = 0; i < g->n; i++)
        sp->of_entry[i] = entry_speaker(sp, g, named_party, i);
    free(named_party);
    return HT_OK;
}

ht_speakers *ht_speakers_new(const ht_model *stance, const ht_gazetteer *g, ht_error *err)
{
    ht_speakers *sp = calloc(1, sizeof *sp);
    if (!sp) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the stance model's speakers");
        return NULL;
    }
    if (read_list(sp, stance, err) != HT_OK || map_entries(sp, g, err) != HT_OK) {
        ht_speakers_free(sp);
        return NULL;
    }
    return sp;
}

void ht_speakers_free(ht_speakers *sp)
{
    if (!sp)
        return;
    for (size_t i = 0; i < sp->n; i++) {
        free((char *)sp->k[i].speaker.prefix);
        free(sp->k[i].name);
    }
    free(sp->k);
    free(sp->of_entry);
    ht_idmap_free(&sp->of_hash);
    free(sp);
}

const ht_speaker *ht_speakers_of(const ht_speakers *sp, const ht_gazetteer *g,
                                 const ht_actor *a)
{
    if (!sp || !sp->n)
        return NULL;
    /* Actors found in the text only are no one's: a name alone ("Familie",
     * "WIR") is too weak a sign of a party. */
    uint32_t e = a->known && g ? ht_gz_entry_by_name(g, a->name) : HT_IDMAP_NONE;
    uint32_t k = e != HT_IDMAP_NONE && e < sp->nentries ? sp->of_entry[e] : HT_IDMAP_NONE;
    return k == HT_IDMAP_NONE ? NULL : &sp->k[k].speaker;
}

int ht_speakers_knows(const ht_speakers *sp, uint64_t hash)
{
    return sp && hash && ht_idmap_get(&sp->of_hash, hash) != HT_IDMAP_NONE;
}

const char *ht_speaker_name(const ht_speakers *sp, const ht_speaker *speaker)
{
    uint32_t k = sp && speaker ? ht_idmap_get(&sp->of_hash, speaker->hash) : HT_IDMAP_NONE;
    return k == HT_IDMAP_NONE ? NULL : sp->k[k].name;
}
