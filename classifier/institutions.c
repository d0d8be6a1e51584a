/* institutions.c: institutions a text names by their kind (institution
 * kinds: lexicon.c) with a place or a state: "Landgericht Essen", "die
 * Berliner Polizei", "die französische Polizei", "das iranische
 * Außenministerium", "die Regierung in Madrid"; and then by the kind alone,
 * for the one named last ("das Gericht", "die Armee", "ein Polizeisprecher").
 * Part of the actor pass of actors.c (see docs/actors.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/scan.h"
#include "features/extract.h"

/* A country as German news names it by an adjective: the adjective's key
 * (its endings -e, -en, -er, -es, -em are read too), how a name starts with
 * it ("Französisch" and the ending, "Französische Polizei"; "Schweizer"
 * takes none; "US-" is joined to the kind, "US-Armee"), the gazetteer's
 * entry for the country and its code. A country's first row gives its
 * names. */
typedef struct country_adjective {
    const char *key, *display, *country, *code;
} country_adjective;

static const country_adjective country_adjectives[] = {
    { "deutsch", "Deutsch", "Deutschland", "DE" },
    { "österreichisch", "Österreichisch", "Österreich", "AT" },
    { "schweizer", "Schweizer", "Schweiz", "CH" },
    { "schweizerisch", "Schweizer", "Schweiz", "CH" },
    { "us-amerikanisch", "US-", "Vereinigte Staaten", "US" },
    { "amerikanisch", "US-", "Vereinigte Staaten", "US" },
    { "französisch", "Französisch", "Frankreich", "FR" },
    { "italienisch", "Italienisch", "Italien", "IT" },
    { "spanisch", "Spanisch", "Spanien", "ES" },
    { "portugiesisch", "Portugiesisch", "Portugal", "PT" },
    { "britisch", "Britisch", "Vereinigtes Königreich", "GB" },
    { "irisch", "Irisch", "Irland", "IE" },
    { "niederländisch", "Niederländisch", "Niederlande", "NL" },
    { "belgisch", "Belgisch", "Belgien", "BE" },
    { "luxemburgisch", "Luxemburgisch", "Luxemburg", "LU" },
    { "dänisch", "Dänisch", "Dänemark", "DK" },
    { "schwedisch", "Schwedisch", "Schweden", "SE" },
    { "norwegisch", "Norwegisch", "Norwegen", "NO" },
    { "finnisch", "Finnisch", "Finnland", "FI" },
    { "polnisch", "Polnisch", "Polen", "PL" },
    { "tschechisch", "Tschechisch", "Tschechien", "CZ" },
    { "slowakisch", "Slowakisch", "Slowakei", "SK" },
    { "ungarisch", "Ungarisch", "Ungarn", "HU" },
    { "slowenisch", "Slowenisch", "Slowenien", "SI" },
    { "kroatisch", "Kroatisch", "Kroatien", "HR" },
    { "serbisch", "Serbisch", "Serbien", "RS" },
    { "albanisch", "Albanisch", "Albanien", "AL" },
    { "griechisch", "Griechisch", "Griechenland", "GR" },
    { "bulgarisch", "Bulgarisch", "Bulgarien", "BG" },
    { "rumänisch", "Rumänisch", "Rumänien", "RO" },
    { "ukrainisch", "Ukrainisch", "Ukraine", "UA" },
    { "belarussisch", "Belarussisch", "Belarus", "BY" },
    { "weißrussisch", "Belarussisch", "Belarus", "BY" },
    { "russisch", "Russisch", "Russland", "RU" },
    { "estnisch", "Estnisch", "Estland", "EE" },
    { "lettisch", "Lettisch", "Lettland", "LV" },
    { "litauisch", "Litauisch", "Litauen", "LT" },
    { "türkisch", "Türkisch", "Türkei", "TR" },
    { "georgisch", "Georgisch", "Georgien", "GE" },
    { "armenisch", "Armenisch", "Armenien", "AM" },
    { "aserbaidschanisch", "Aserbaidschanisch", "Aserbaidschan", "AZ" },
    { "chinesisch", "Chinesisch", "China", "CN" },
    { "taiwanisch", "Taiwanisch", "Taiwan", "TW" },
    { "japanisch", "Japanisch", "Japan", "JP" },
    { "südkoreanisch", "Südkoreanisch", "Südkorea", "KR" },
    { "nordkoreanisch", "Nordkoreanisch", "Nordkorea", "KP" },
    { "indisch", "Indisch", "Indien", "IN" },
    { "pakistanisch", "Pakistanisch", "Pakistan", "PK" },
    { "afghanisch", "Afghanisch", "Afghanistan", "AF" },
    { "iranisch", "Iranisch", "Iran", "IR" },
    { "irakisch", "Irakisch", "Irak", "IQ" },
    { "syrisch", "Syrisch", "Syrien", "SY" },
    { "libanesisch", "Libanesisch", "Libanon", "LB" },
    { "israelisch", "Israelisch", "Israel", "IL" },
    { "palästinensisch", "Palästinensisch", "Palästina", "PS" },
    { "jordanisch", "Jordanisch", "Jordanien", "JO" },
    { "saudi-arabisch", "Saudi-arabisch", "Saudi-Arabien", "SA" },
    { "saudisch", "Saudi-arabisch", "Saudi-Arabien", "SA" },
    { "jemenitisch", "Jemenitisch", "Jemen", "YE" },
    { "katarisch", "Katarisch", "Katar", "QA" },
    { "ägyptisch", "Ägyptisch", "Ägypten", "EG" },
    { "libysch", "Libysch", "Libyen", "LY" },
    { "tunesisch", "Tunesisch", "Tunesien", "TN" },
    { "algerisch", "Algerisch", "Algerien", "DZ" },
    { "marokkanisch", "Marokkanisch", "Marokko", "MA" },
    { "sudanesisch", "Sudanesisch", "Sudan", "SD" },
    { "äthiopisch", "Äthiopisch", "Äthiopien", "ET" },
    { "kenianisch", "Kenianisch", "Kenia", "KE" },
    { "nigerianisch", "Nigerianisch", "Nigeria", "NG" },
    { "südafrikanisch", "Südafrikanisch", "Südafrika", "ZA" },
    { "kanadisch", "Kanadisch", "Kanada", "CA" },
    { "mexikanisch", "Mexikanisch", "Mexiko", "MX" },
    { "kubanisch", "Kubanisch", "Kuba", "CU" },
    { "venezolanisch", "Venezolanisch", "Venezuela", "VE" },
    { "kolumbianisch", "Kolumbianisch", "Kolumbien", "CO" },
    { "brasilianisch", "Brasilianisch", "Brasilien", "BR" },
    { "argentinisch", "Argentinisch", "Argentinien", "AR" },
    { "chilenisch", "Chilenisch", "Chile", "CL" },
    { "australisch", "Australisch", "Australien", "AU" },
    { "neuseeländisch", "Neuseeländisch", "Neuseeland", "NZ" },
    { "indonesisch", "Indonesisch", "Indonesien", "ID" },
    { "vietnamesisch", "Vietnamesisch", "Vietnam", "VN" },
    { "thailändisch", "Thailändisch", "Thailand", "TH" },
    { "philippinisch", "Philippinisch", "Philippinen", "PH" },
    { "kasachisch", "Kasachisch", "Kasachstan", "KZ" },
};

/* The row of the adjective at token i ("französische", "Schweizer"), or NULL. */
static const country_adjective *country_adjective_at(const ht_scan *sc, size_t i)
{
    static const char *const endings[] = { "", "e", "en", "er", "es", "em" };
    const ht_token *t = &sc->doc->tokens.v[i];
    char key[HT_GZ_KEY_MAX];
    if (t->type != HT_TOK_WORD)
        return NULL;
    size_t n = ht_token_key(sc->doc->text.s, t, key, sizeof key);
    if (n + 1 >= sizeof key || n < 6)
        return NULL;
    for (size_t r = 0; r < sizeof country_adjectives / sizeof *country_adjectives; r++) {
        const country_adjective *ca = &country_adjectives[r];
        size_t len = strlen(ca->key), last = ht_scan_ends_with(ca->key, len, "er") ? 0 : 5;
        if (n < len || n > len + 2 || memcmp(key, ca->key, len))
            continue;
        for (size_t k = 0; k <= last; k++)
            if (!strcmp(key + len, endings[k]))
                return ca;
    }
    return NULL;
}

const char *ht_adjective_country(const ht_scan *sc, size_t i)
{
    const country_adjective *ca = country_adjective_at(sc, i);
    return ca ? ca->code : NULL;
}

/* The first row of the country the gazetteer calls name, or NULL. */
static const country_adjective *country_named(const char *name)
{
    for (size_t r = 0; r < sizeof country_adjectives / sizeof *country_adjectives; r++)
        if (!strcmp(country_adjectives[r].country, name))
            return &country_adjectives[r];
    return NULL;
}

/* The kind whose key is key, or key less a final "s" (cuts 1: "Gerichts",
 * "Gerichtssprecher") or "es" (cuts 2: "Gerichtes"), or NULL. */
const ht_institution_kind *ht_institution_kind_of(const char *key, size_t len, size_t cuts)
{
    size_t n;
    const ht_institution_kind *kinds = ht_institution_kinds(&n);
    for (size_t k = 0; k < n; k++) {
        size_t kl = strlen(kinds[k].key), cut = len - kl;
        if (kl > len || cut > cuts || memcmp(kinds[k].key, key, kl))
            continue;
        if (cut == 0 || (key[len - 1] == 's' && (cut == 1 || key[len - 2] == 'e')))
            return &kinds[k];
    }
    return NULL;
}

static uint32_t place_entry(const ht_scan *sc, const char *key, size_t len, uint64_t *hash)
{
    *hash = ht_gz_key_hash(key, len);
    const gz_phrase *p = ht_gz_phrase(sc->g, ht_gz_seq(HT_GZ_SEQ0, *hash));
    return p && p->ntok == 1 && sc->g->e[p->entry].type == HT_ACTOR_LOCATION ? p->entry
                                                                             : UINT32_MAX;
}

/* For a key in -sprecher, -sprecherin or -sprechers, the length of what
 * comes before that; else 0. */
static size_t spokes_prefix(const char *key, size_t len)
{
    if (len > 10 && ht_scan_ends_with(key, len, "in"))
        len -= 2;  /* "Polizeisprecherin" */
    else if (len > 9 && ht_scan_ends_with(key, len, "sprechers"))
        len -= 1;  /* "eines Polizeisprechers" */
    return len > 8 && ht_scan_ends_with(key, len, "sprecher") ? len - 8 : 0;
}

/* Whether the word s of n bytes ends in -sprecher, -sprecherin or
 * -sprechers, in any case: a test on the text, before its key is made. */
static int spokes_word(const char *s, size_t n)
{
    static const char *const ends[] = { "sprecher", "sprecherin", "sprechers" };
    for (size_t k = 0; k < 3; k++) {
        size_t e = strlen(ends[k]), j = 0;
        while (j < e && n > e && (s[n - e + j] | 0x20) == ends[k][j])
            j++;
        if (j == e)
            return 1;
    }
    return 0;
}

size_t ht_scan_spokes_prefix(const ht_scan *sc, size_t i, char key[HT_GZ_KEY_MAX])
{
    size_t len = ht_token_key(sc->doc->text.s, &sc->doc->tokens.v[i], key, HT_GZ_KEY_MAX);
    return spokes_prefix(key, len);
}

/* The kind of institution whose spokesperson the word at i names, when no
 * name follows ("ein Polizeisprecher", "die Gerichtssprecherin", but not
 * "Polizeisprecher Max Weber", a person), nor a genitive that names the
 * institution ("die Gerichtssprecherin des Landgerichts Köln"), or NULL. */
static const ht_institution_kind *spokesperson_kind(const ht_scan *sc, size_t i, const char *key,
                                                 size_t len)
{
    static const char *const of[] = { "der", "des", "von", "vom" };
    size_t n = sc->doc->tokens.n;
    int named = i + 2 < n && (ht_scan_word_in(sc, i + 1, of, 4) ||
                              (sc->doc->text.s[sc->doc->tokens.v[i + 1].start] == ',' &&
                               ht_scan_cap(sc, i + 2)));
    if (!ht_scan_cap(sc, i) || (i + 1 < n && ht_scan_cap(sc, i + 1)) || named)
        return NULL;  /* "ein Polizeisprecher der Polizei Köln", "Ein Polizeisprecher,
                       * Thomas Kaiser, sagte": that one speaks */
    size_t prefix = spokes_prefix(key, len);
    return prefix ? ht_institution_kind_of(key, prefix, 1) : NULL;
}

/* Towns whose names are common words too ("das Essen", "die Halle", "der
 * Wels"), so that the gazetteer lists them not: read as places only right
 * after an institution's kind or as its adjective ("Landgericht Essen", "die
 * Essener Polizei"). Keys and names. */
static const char *const word_towns[][2] = {
    { "essen", "Essen" }, { "halle", "Halle" }, { "münster", "Münster" }, { "hagen", "Hagen" },
    { "siegen", "Siegen" }, { "gießen", "Gießen" }, { "hof", "Hof" },
    { "konstanz", "Konstanz" }, { "wels", "Wels" }, { "stade", "Stade" }, { "gotha", "Gotha" },
};

static const char *word_town(const char *key, size_t len)
{
    for (size_t k = 0; k < sizeof word_towns / sizeof *word_towns; k++)
        if (strlen(word_towns[k][0]) == len && !memcmp(word_towns[k][0], key, len))
            return word_towns[k][1];
    return NULL;
}

/* The place the adjective at token i names: "Berliner", "Bremer",
 * "Münchner", "bayerischen", "Essener"; its name, or NULL; in *hash the hash
 * of its key, as if the text had named it, and in *entry its gazetteer
 * entry (UINT32_MAX for a town of word_towns). */
static const char *place_of_adjective(const ht_scan *sc, size_t i, uint64_t *hash,
                                      uint32_t *entry)
{
    static const char *const odd[][2] = {
        { "zürcher", "zürich" }, { "basler", "basel" }, { "hannoversch", "hannover" },
        { "bayerisch", "bayern" }, { "sächsisch", "sachsen" }, { "hessisch", "hessen" },
        { "thüringisch", "thüringen" }, { "niedersächsisch", "niedersachsen" },
        { "brandenburgisch", "brandenburg" }, { "saarländisch", "saarland" },
        { "baden-württembergisch", "baden-württemberg" },
        { "rheinland-pfälzisch", "rheinland-pfalz" },
        { "schleswig-holsteinisch", "schleswig-holstein" },
        { "nordrhein-westfälisch", "nordrhein-westfalen" }, { "steirisch", "steiermark" },
        { "oberösterreichisch", "oberösterreich" }, { "niederösterreichisch", "niederösterreich" },
        { "burgenländisch", "burgenland" }
    };
    char buf[HT_GZ_KEY_MAX], cand[HT_GZ_KEY_MAX + 2];
    const ht_token *t = &sc->doc->tokens.v[i];
    uint32_t e = *entry = UINT32_MAX;
    if (t->type != HT_TOK_WORD)
        return NULL;
    size_t len = ht_token_key(sc->doc->text.s, t, buf, sizeof buf);
    for (size_t k = 0; k < sizeof odd / sizeof *odd && e == UINT32_MAX; k++) {
        size_t l = strlen(odd[k][0]);  /* "bayerisch", "bayerische", "bayerischen" */
        if (len >= l && len <= l + 2 && !memcmp(buf, odd[k][0], l))
            e = place_entry(sc, odd[k][1], strlen(odd[k][1]), hash);
    }
    if (e == UINT32_MAX && (t->flags & HT_TF_CAP) && len >= 6 &&
        ht_scan_ends_with(buf, len, "er")) {
        size_t l = len - 2;
        e = place_entry(sc, buf, l, hash);  /* "Berliner" */
        memcpy(cand, buf, l);
        memcpy(cand + l, "en", 2);
        if (e == UINT32_MAX)
            e = place_entry(sc, cand, l + 2, hash);  /* "Bremer" */
        if (e == UINT32_MAX && buf[l - 1] == 'n') {
            memcpy(cand + l - 1, "en", 2);  /* "Münchner", "Dresdner" */
            e = place_entry(sc, cand, l + 1, hash);
        }
        const char *town = e == UINT32_MAX ? word_town(buf, l) : NULL;  /* "Essener" */
        if (town) {
            *hash = ht_gz_key_hash(buf, l);
            return town;
        }
    }
    *entry = e;
    return e != UINT32_MAX ? sc->g->e[e].name : NULL;
}

/* The name of a state's institution of kind k: "Französische Polizei",
 * "Iranisches Außenministerium", "Schweizer Armee", "US-Militär". */
static size_t national_name(const ht_institution_kind *k, const country_adjective *ca, char *name,
                            size_t cap)
{
    size_t dl = strlen(ca->display);
    const char *ending = ht_scan_ends_with(ca->display, dl, "er") || ca->display[dl - 1] == '-' ? ""
                         : k->gender == 'n'                                           ? "es"
                         : k->gender == 'm'                                           ? "er"
                                                                                      : "e";
    int n = snprintf(name, cap, "%s%s%s%s", ca->display, ending,
                     ca->display[dl - 1] == '-' ? "" : " ", k->name);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* Kinds that name one body: a state's armed forces, its central bank. */
static const char *const bodies[][3] = { { "armee", "streitkräfte", "militär" },
                                         { "zentralbank", "notenbank", "notenbank" } };

/* The row of bodies kind k is in, or NULL. */
static const char *const *body_of(const ht_institution_kind *k)
{
    for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++)
        for (size_t j = 0; j < 3; j++)
            if (!strcmp(bodies[b][j], k->key))
                return bodies[b];
    return NULL;
}

/* The gazetteer's entry for a state's institution of kind k, by its name
 * or by that of another word for the same body ("Israelisches Militär":
 * Israelische Armee), or HT_IDMAP_NONE. */
static uint32_t national_entry(const ht_scan *sc, const ht_institution_kind *k,
                               const country_adjective *ca)
{
    const char *const *body = body_of(k);
    char name[256];
    national_name(k, ca, name, sizeof name);
    uint32_t entry = ht_gz_entry_by_form(sc->g, name);
    for (size_t j = 0; body && entry == HT_IDMAP_NONE && j < 3; j++) {
        const ht_institution_kind *other = ht_institution_kind_of(body[j], strlen(body[j]), 0);
        if (other && other != k) {
            national_name(other, ca, name, sizeof name);
            entry = ht_gz_entry_by_form(sc->g, name);
        }
    }
    return entry;
}

/* What names an institution besides its kind: a place as the text wrote it
 * ("Landgericht Berlin") or a state ("Französische Polizei"), and the
 * country it belongs to, where known. */
typedef struct inst_named {
    const char *place;
    size_t place_len;
    const country_adjective *state;
    const char *country;
} inst_named;

/* The institution of kind k that named names, with ident as its identity:
 * "Landgericht Berlin" whether the text said "des Landgerichts Berlin" or
 * "das Berliner Landgericht"; "Russische Armee" (the gazetteer's entry,
 * where it has one of that name or form). */
static ht_status institution_actor(ht_scan *sc, const ht_institution_kind *k, uint64_t ident,
                                   const inst_named *named, int32_t *id, ht_error *err)
{
    ident &= ~0x8000000000000000ULL;
    uint32_t known = ht_idmap_get(&sc->ids, ident);
    if (known != HT_IDMAP_NONE) {
        *id = (int32_t)known;
        return HT_OK;
    }
    char name[256];
    size_t len = strlen(k->name), place_len = named->place_len;
    if (named->state) {
        uint32_t entry = national_entry(sc, k, named->state);
        if (entry != HT_IDMAP_NONE)
            return ht_scan_actor_known(sc, entry, id, err);
        len = national_name(k, named->state, name, sizeof name);
    } else {
        memcpy(name, k->name, len);
    }
    if (place_len) {
        if (place_len > sizeof name - len - 1)
            place_len = sizeof name - len - 1;
        name[len++] = ' ';
        memcpy(name + len, named->place, place_len);
        len += place_len;
    }
    ht_status st = ht_scan_new_actor(sc, name, len, id, err);
    if (st != HT_OK)
        return st;
    sc->out->actors[*id].type = HT_ACTOR_ORG;
    sc->out->actors[*id].country = named->country;
    return ht_idmap_put(&sc->ids, ident, (uint32_t)*id, err);
}

/* The state that a place the gazetteer knows stands for, for an
 * institution of kind k: the country itself ("Frankreich"), and for a kind
 * that towns have not, a capital's country too ("Moskau": Russland). */
static const country_adjective *state_of_place(const ht_scan *sc, uint32_t entry,
                                               const ht_institution_kind *k)
{
    const gz_entry *ge = &sc->g->e[entry];
    if (ge->type != HT_ACTOR_LOCATION)
        return NULL;
    return country_named(ge->stands_for && !k->placed ? ge->stands_for : ge->name);
}

/* The state whose institution of kind k stands at token i: by the
 * country's adjective before it ("die französische Polizei"), a capital's
 * ("die Pariser Regierung", for a kind towns have not), the country's
 * genitive before it ("Russlands Armee") or after it ("die Armee
 * Russlands", "die Regierung der Ukraine"), or "in" and the country ("die
 * Polizei in Frankreich", "das Außenministerium in Moskau"). Sets [*b, *e)
 * to the words that name it; NULL for none. Germany's is returned too. */
static const country_adjective *national_at(const ht_scan *sc, size_t i, size_t sb,
                                            const ht_institution_kind *k, size_t *b, size_t *e)
{
    static const char *const in[] = { "in", "der", "des" };
    const ht_doc *d = sc->doc;
    const country_adjective *ca = NULL;
    uint32_t entry;
    uint64_t hash;
    ht_match m;
    size_t p = i + 1;
    *b = i;
    *e = i + 1;
    if (!k->national)
        return NULL;
    if (i > sb && sc->mention_at[i - 1] >= 0) {  /* "Russlands Armee" */
        const ht_mention *mn = &sc->out->mentions[sc->mention_at[i - 1]];
        entry = sc->actor_entry[mn->actor];
        return (mn->flags & HT_MF_GENITIVE) && entry != UINT32_MAX
                   ? state_of_place(sc, entry, k)
                   : NULL;
    }
    if (i > sb && (ca = country_adjective_at(sc, i - 1))) {
        *b = i - 1;
        return ca;
    }
    if (i > sb && !k->placed && place_of_adjective(sc, i - 1, &hash, &entry) &&
        entry != UINT32_MAX && (ca = state_of_place(sc, entry, k))) {
        *b = i - 1;  /* "die Pariser Regierung" */
        return ca;
    }
    if (p + 1 < d->tokens.n && ht_scan_word_in(sc, p, in, 3))
        p++;
    if (p >= d->tokens.n || !ht_scan_match_at(sc, p, &m) || (p == i + 1 && !m.genitive) ||
        (p > i + 1 && m.genitive && ht_scan_word_in(sc, i + 1, in, 1)) ||
        !(ca = state_of_place(sc, m.entry, k)))
        return NULL;
    *e = p + m.len;
    return ca;
}

/* The place after an institution's kind at i, from *place to the end
 * returned ("Landgericht Berlin", "Amtsgericht München I", "die Polizei in
 * Köln", "Landgericht Essen"), or 0; *country the place's country. */
static size_t place_after(const ht_scan *sc, size_t i, const ht_institution_kind *k, size_t *place,
                          const char **country)
{
    static const char *const in[] = { "in" }, *const and[] = { "und", "oder", "sowie" };
    const ht_doc *d = sc->doc;
    ht_match m;
    size_t p = i + 1, e;
    if (p + 1 < d->tokens.n && ht_scan_word_in(sc, p, in, 1))
        p++;
    if (!k->placed || p >= d->tokens.n || d->tokens.v[p].type != HT_TOK_WORD)
        return 0;
    if (ht_scan_match_at(sc, p, &m) && !m.genitive && sc->g->e[m.entry].type == HT_ACTOR_LOCATION) {
        e = p + m.len;
        *country = sc->g->e[m.entry].country;
    } else {
        char key[HT_GZ_KEY_MAX];
        size_t len = ht_token_key(d->text.s, &d->tokens.v[p], key, sizeof key);
        if (!ht_scan_cap(sc, p) || sc->mention_at[p] >= 0 || !word_town(key, len) ||
            (p + 1 < d->tokens.n && (d->tokens.v[p + 1].type == HT_TOK_NUMBER ||
                                     ht_scan_word_in(sc, p + 1, and, 3))))
            return 0;  /* not "die Messe Halle 4", "die Feuerwehr Essen und Trinkwasser" */
        e = p + 1;
        *country = "DE";
    }
    *place = p;
    static const char *const numerals[] = { "i", "ii", "iii", "iv" };
    if (e < d->tokens.n && (d->tokens.v[e].flags & HT_TF_CAP) &&
        ht_scan_word_in(sc, e, numerals, 4) && d->text.s[d->tokens.v[e].start] == 'I')
        e++;
    return e;
}

/* Whether a word of name (the first or the last) ends in key ("Landgericht
 * Berlin", "Bundespolizei", "Französische Polizei", "Österreichische
 * Bundesregierung"), or with whole 1 is key ("Streitkräfte Deutschlands",
 * not "US-Bundespolizei"), its first letter in either case. */
static int names_key(const char *name, const char *key, int whole)
{
    size_t kl = strlen(key), w = strcspn(name, " ");
    const char *last = strrchr(name, ' ');
    size_t lw = last ? strlen(++last) : 0;
    if (w >= kl && (!whole || w == kl) && !strncmp(name + w - kl + 1, key + 1, kl - 1) &&
        (name[w - kl] | 0x20) == key[0])
        return 1;
    return lw >= kl && (!whole || lw == kl) && !strcmp(last + lw - kl + 1, key + 1) &&
           (last[lw - kl] | 0x20) == key[0];
}

/* Whether an actor's name names an institution of kind k, or of a kind
 * that is the same body ("das Militär" after "die US-Armee"). */
static int names_kind(const char *name, const ht_institution_kind *k, int whole)
{
    const char *const *body = body_of(k);
    if (names_key(name, k->key, whole))
        return 1;
    for (size_t j = 0; body && j < 3; j++)
        if (names_key(name, body[j], whole))
            return 1;
    return 0;
}

/* The country of a place the sentence starts with ("In Köln ermittelt die
 * Polizei", "Auch in Deutschland prüfen die Behörden"), when token i comes
 * after it, or NULL. A place further on says less about where the sentence
 * is ("..., der in Deutschland gelebt habe, erklärte die Polizei"). */
static const char *sentence_country(const ht_scan *sc, size_t i, size_t sb)
{
    for (size_t p = sb; p < i && p < sb + 3; p++) {
        int32_t m = sc->mention_at[p + 1];
        if (!(sc->cls[p] & HT_W_LOCPREP) || p + 1 >= i || m < 0)
            continue;
        uint32_t entry = sc->actor_entry[sc->out->mentions[m].actor];
        if (entry != UINT32_MAX && sc->g->e[entry].type == HT_ACTOR_LOCATION)
            return sc->g->e[entry].country;
    }
    return NULL;
}

/* The institution of kind k that the text named last ("das Landgericht
 * Berlin ... das Gericht", "die Berliner Polizei ... die Polizei", "die
 * Bundeswehr ... die Armee"): an organisation whose name names the kind, or
 * whose role in the gazetteer does ("Streitkräfte Deutschlands"), of the
 * country given where one is ("die russische Armee ... In Deutschland sei
 * die Armee ..." is not the Russian one). */
int32_t ht_institution_before(const ht_scan *sc, const ht_institution_kind *k,
                                  const char *country)
{
    const ht_analysis *a = sc->out;
    /* the last 400 mentions: a kind said a million times in a text that names
     * none must not cost a million scans of all mentions */
    for (size_t m = a->nmentions, seen = 0; m-- > 0 && seen < 400; seen++) {
        uint32_t id = a->mentions[m].actor;
        const ht_actor *ac = &a->actors[id];
        if (ac->type == HT_ACTOR_ORG &&
            (names_kind(a->names + sc->name_off[id], k, 0) ||
             (ac->role && sc->actor_entry[id] != UINT32_MAX && names_kind(ac->role, k, 1))) &&
            (!country || !ac->country || !strcmp(ac->country, country)))
            return (int32_t)id;
    }
    return -1;
}

/* Whether the kind at i is meant generically or as another one than any
 * named before: after an indefinite or other determiner ("eine moderne
 * Polizei", "jede Feuerwehr", "ein anderes Gericht"), perhaps with up to
 * three lowercase words between ("ohne eine gut ausgestattete Feuerwehr"). */
static int generic_kind(const ht_scan *sc, size_t i, size_t sb)
{
    static const char *const some[] = { "ein", "eine", "einer", "einem", "einen", "eines",
                                        "jede", "jeder", "jedes", "jeden", "jedem", "kein",
                                        "keine", "keiner", "keinem", "keinen", "ohne", "andere",
                                        "anderes", "anderen", "anderer", "anderem", "manche",
                                        "viele", "alle", "welche", "weder", "noch" };
    size_t n = sizeof some / sizeof *some;
    for (size_t k = i; k-- > sb && k + 4 > i;) {  /* "ohne eine gut ausgestattete Feuerwehr" */
        if (ht_scan_word_in(sc, k, some, n))
            return 1;
        if (ht_scan_cap(sc, k) || sc->doc->tokens.v[k].type != HT_TOK_WORD)
            return 0;
    }
    return 0;
}

/* Whether a place the gazetteer does not know goes with the kind at i: an
 * adjective before it ("die Kreuzberger Polizei", "die europäische Justiz",
 * "die internationale Justiz"), a capitalised word after it ("das
 * Landgericht Landau") or "in", "aus", "im", "bei" and one ("die Polizei in
 * Lüdenscheid"): then it is not the one named before. */
static int other_place(const ht_scan *sc, size_t i, size_t sb)
{
    static const char *const at[] = { "in", "aus", "im", "bei" };
    static const char *const wide[] = { "international", "westlich", "östlich",
                                        "ausländisch" };
    const ht_doc *d = sc->doc;
    if (i + 2 < d->tokens.n && ht_scan_word_in(sc, i + 1, at, 4) && ht_scan_cap(sc, i + 2))
        return 1;
    if (i + 1 < d->tokens.n && ht_scan_cap(sc, i + 1) && sc->mention_at[i + 1] < 0 &&
        !(sc->cls[i + 1] & HT_W_FUNC))
        return 1;  /* "das Landgericht Landau" */
    static const char *const of[] = { "der", "des" };
    if (i + 2 < d->tokens.n && ht_scan_word_in(sc, i + 1, of, 2) && ht_scan_cap(sc, i + 2) &&
        sc->mention_at[i + 2] < 0)
        return 1;  /* "die Armee der Freiwilligen": another's */
    if (i <= sb || d->tokens.v[i - 1].type != HT_TOK_WORD || sc->mention_at[i - 1] >= 0)
        return 0;
    char key[HT_GZ_KEY_MAX];
    size_t n = ht_token_key(d->text.s, &d->tokens.v[i - 1], key, sizeof key);
    static const char *const endings[] = { "", "e", "en", "er", "es", "em" };
    for (size_t w = 0; w < sizeof wide / sizeof *wide; w++)
        for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
            size_t l = strlen(wide[w]);
            if (n > l && n <= l + 2 && !memcmp(key, wide[w], l) && !strcmp(key + l, endings[k]))
                return 1;  /* "internationale" */
        }
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
        size_t l = 4 + strlen(endings[k]);
        if (n > l && !memcmp(key + n - l, "isch", 4) && !strcmp(key + n - l + 4, endings[k]))
            return 1;  /* "französische", "europäische" */
    }
    return ht_scan_cap(sc, i - 1) && n >= 6 && ht_scan_ends_with(key, n, "er") &&
           !(sc->cls[i - 1] & HT_W_FUNC);  /* "Kreuzberger" */
}

/* Whether an article or a preposition with one ("vom", "beim") comes right
 * before token i. */
static int after_article(const ht_scan *sc, size_t i, size_t sb)
{
    static const char *const articles[] = { "der", "die", "das", "dem", "den", "des", "vom",
                                            "beim", "zum", "zur", "am", "im" };
    return i > sb && ht_scan_word_in(sc, i - 1, articles, sizeof articles / sizeof *articles);
}

/* Whether a known organisation's name starts at token i: the name a state's
 * institution is given in apposition ("der russische Geheimdienst FSB"). */
static int organisation_at(const ht_scan *sc, size_t i)
{
    ht_match m;
    return i < sc->doc->tokens.n && ht_scan_match_at(sc, i, &m) && !m.genitive &&
           sc->g->e[m.entry].type == HT_ACTOR_ORG;
}

/* A state's institution, [b, e) naming it: "die französische Polizei",
 * "das Außenministerium in Moskau"; Germany's only where the gazetteer has
 * one by that name ("die Berliner Regierung": Bundesregierung); else *id
 * stays -1. */
static ht_status national_actor(ht_scan *sc, const ht_institution_kind *k, uint64_t ident,
                                const country_adjective *ca, size_t e, int32_t *id,
                                ht_error *err)
{
    if (!strcmp(ca->code, "DE")) {
        uint32_t entry = national_entry(sc, k, ca);
        return entry == HT_IDMAP_NONE ? HT_OK : ht_scan_actor_known(sc, entry, id, err);
    }
    if (organisation_at(sc, e))
        return HT_OK;
    inst_named named = { NULL, 0, ca, ca->code };
    const char *const *body = body_of(k);  /* "das französische Militär ... die französische
                                            * Armee": one */
    if (body)
        ident = ht_gz_seq(HT_GZ_SEQ0, ht_gz_key_hash(body[0], strlen(body[0])));
    ident = ht_gz_seq(ident, ht_gz_key_hash(ca->country, strlen(ca->country)));
    return institution_actor(sc, k, ident, &named, id, err);
}

/* An institution at token i, named by its kind: with a state or a place
 * that names it, or alone. Sets *next past it; does nothing if the word
 * names none. */
ht_status ht_institution_at(ht_scan *sc, size_t sb, size_t sent, size_t i, size_t *next,
                            ht_error *err)
{
    const ht_token *t = &sc->doc->tokens.v[i];
    if (!(sc->cls[i] & HT_W_KIND) && !spokes_word(sc->doc->text.s + t->start, t->end - t->start))
        return HT_OK;  /* every capitalised word comes here; most are no institution */
    char key[HT_GZ_KEY_MAX];
    size_t len = ht_token_key(sc->doc->text.s, t, key, sizeof key);
    /* also "des Landgerichts" */
    const ht_institution_kind *k = ht_institution_kind_of(key, len, 2);
    int spokesperson = !k;
    if (spokesperson && !(k = spokesperson_kind(sc, i, key, len)))
        return HT_OK;
    uint64_t ident = ht_gz_seq(HT_GZ_SEQ0, ht_gz_key_hash(k->key, strlen(k->key)));
    const ht_doc *d = sc->doc;
    size_t b = i, place = 0, e = i + 1;
    int generic = generic_kind(sc, i, sb);
    const country_adjective *ca =  /* "ein Regierungssprecher in Moskau" is no generic one */
        generic && !spokesperson ? NULL : national_at(sc, i, sb, k, &b, &e);
    int32_t id = -1;
    ht_status st = HT_OK;
    inst_named named = { NULL, 0, NULL, NULL };
    uint64_t place_key = 0;
    uint32_t entry;
    static const char *const fuer[] = { "für" };
    const char *country = NULL;
    int bare = 0;
    if (ca) {  /* "die französische Polizei" */
        st = national_actor(sc, k, ident, ca, e, &id, err);
        if (id < 0 && !strcmp(ca->code, "DE"))
            bare = 1, country = "DE";  /* "die deutsche Polizei": the one the text speaks of */
    } else if (!spokesperson && (e = place_after(sc, i, k, &place, &named.country))) {
        for (size_t p = place; p < e; p++)  /* "Landgericht Berlin" */
            ident = ht_gz_seq(ident, sc->key[p]);
        named.place = d->text.s + d->tokens.v[place].start;
        named.place_len = d->tokens.v[e - 1].end - d->tokens.v[place].start;
        st = institution_actor(sc, k, ident, &named, &id, err);
    } else if (k->placed && i > sb && sc->mention_at[i - 1] < 0 &&
               !(i + 1 < d->tokens.n && ht_scan_word_in(sc, i + 1, fuer, 1)) &&
               (named.place = place_of_adjective(sc, i - 1, &place_key, &entry))) {
        /* "die Berliner Polizei", not "die Zürcher Hochschule für ..." */
        ident = ht_gz_seq(ident, place_key);
        b = i - 1;
        e = i + 1;
        named.place_len = strlen(named.place);
        named.country = entry != UINT32_MAX ? sc->g->e[entry].country : "DE";
        st = institution_actor(sc, k, ident, &named, &id, err);
    } else {
        bare = spokesperson || !generic;
    }
    if (st == HT_OK && bare) {  /* "die Polizei" */
        b = i;
        e = i + 1;
        if (!other_place(sc, i, sb))
            id = ht_institution_before(sc, k, country ? country : sentence_country(sc, i, sb));
        if (id < 0 && (k->alone == 1 || (k->alone == 2 && after_article(sc, i, sb))))
            st = institution_actor(sc, k, ident, &named, &id, err);  /* or the kind alone */
    }
    if (st != HT_OK || id < 0)
        return st;
    *next = e;
    static const char *const der[] = { "der", "einer" };
    int dative = !spokesperson && b > sb && (k->gender == 'f' || k->gender == 'p') &&
                 ht_scan_word_in(sc, b - 1, der, 2);
    return ht_scan_add_mention(sc, id, b, e, sent, sb, dative, err);
}
