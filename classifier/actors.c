/* actors.c: finding the actors of a document and every mention of them.
 *
 * One pass from left to right over the tokens; at each token, in order:
 *   1. the longest gazetteer alias starting there (token keys, one hash probe
 *      per candidate length; the last word may carry a genitive -s / -es);
 *   2. an institution named by its kind with a place or a state, or alone
 *      after one was named (institutions.c: "Landgericht Essen", "die
 *      französische Polizei", "das Gericht");
 *   3. a role or title followed by a name ("Bürgermeisterin Anna Krüger",
 *      "Kanzlerin Roth", "Dr. Eva Roth");
 *   4. a first name followed by a surname ("Anna Krüger", "Karl von Habsburg");
 *   5. a surname alone, linked to a person named in full earlier;
 *   6. a name right after a speech verb that follows a quote ("“, sagte Krüger").
 * Actors are numbered at their first mention, so both lists come out in text
 * order. Flags (subject, genitive, metonym) are set from the tokens before a
 * mention. Quotes are found afterwards by quotes.c. */
#include "classifier/actors.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "classifier/scan.h"
#include "features/extract.h"

#define NAME_WORD_MAX 3   /* first names before a surname: "Anna Lena Krüger" */
#define NAME_PARTS_MAX 2  /* particles inside a name: "von der" */
#define SEARCH_BACK 200   /* mentions looked at to resolve a pronoun */

const char *ht_actor_type_name(ht_actor_type t)
{
    switch (t) {
    case HT_ACTOR_PERSON: return "person";
    case HT_ACTOR_ORG: return "organisation";
    case HT_ACTOR_LOCATION: return "location";
    }
    return "unknown";
}

/* ---- growing arrays ------------------------------------------------------------------------ */

/* v grown to hold need items of size bytes; on failure v itself, with *cap unchanged. */
static void *resize(void *v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return v;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *p = realloc(v, c * size);
    if (!p)
        return v;
    *cap = c;
    return p;
}

#define GROW(v, cap, need) ((v) = resize((v), &(cap), (need), sizeof *(v)), (need) <= (cap))

/* ---- per-token keys and classes ------------------------------------------------------------ */

static int is_word(const ht_token *t)
{
    return t->type == HT_TOK_WORD;
}

/* The role word ending a compound whose first part is a party, another
 * organisation or a place the gazetteer knows, or an abbreviation in
 * capitals ("Grünen-Politiker", "SPD-Fraktionschefin", "EU-Kommissar"), or
 * NULL: a double surname ends in a role word as often ("Müller-Richter",
 * "Schmidt-König"). */
static const gz_word *compound_role(const ht_scan *sc, const ht_token *t)
{
    const char *s = sc->doc->text.s;
    size_t dash = t->start, last = t->end;
    while (dash < t->end && s[dash] != '-')
        dash++;
    while (last > dash && s[last - 1] != '-')
        last--;
    if (dash == t->start || last >= t->end || !is_word(t))
        return NULL;
    ht_token part = *t;
    part.start = (uint32_t)last;  /* the role: after the last hyphen; the actor: before the first */
    char buf[HT_GZ_KEY_MAX];
    size_t len = ht_token_key(s, &part, buf, sizeof buf);
    const gz_word *w = ht_gz_word(sc->g, ht_gz_key_hash(buf, len));
    if (!w || !(w->cls & HT_W_ROLE) || w->role == UINT32_MAX)
        return NULL;
    int caps = dash - t->start >= 2;
    for (size_t i = t->start; i < dash && caps; i++)
        caps = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9');
    if (caps)
        return w;
    part.start = t->start;
    part.end = (uint32_t)dash;
    len = ht_token_key(s, &part, buf, sizeof buf);
    const gz_phrase *p = ht_gz_phrase(sc->g, ht_gz_seq(HT_GZ_SEQ0, ht_gz_key_hash(buf, len)));
    return p && p->ntok == 1 && sc->g->e[p->entry].type != HT_ACTOR_PERSON ? w : NULL;
}

int ht_scan_cap(const ht_scan *sc, size_t i)
{
    const ht_token *t = &sc->doc->tokens.v[i];
    return is_word(t) && (t->flags & (HT_TF_CAP | HT_TF_UPPER));
}

int ht_scan_word_in(const ht_scan *sc, size_t i, const char *const *words, size_t n)
{
    char buf[64];  /* a longer key, cut to 63 bytes, equals none of them */
    size_t len = ht_token_key(sc->doc->text.s, &sc->doc->tokens.v[i], buf, sizeof buf);
    for (size_t k = 0; k < n; k++)
        if (len == strlen(words[k]) && !memcmp(buf, words[k], len))
            return 1;
    return 0;
}

static ht_status prepare(ht_scan *sc, ht_error *err)
{
    const ht_doc *d = sc->doc;
    size_t n = d->tokens.n, ns = d->sentences.n + 1;
    sc->npresent = 0;
    sc->role_words_done = 0;
    if (n + 1 > sc->cap_tok) {
        size_t cap = n + 1 + n / 2;
        uint64_t *key = realloc(sc->key, cap * sizeof *key);
        if (key)
            sc->key = key;
        uint32_t *cls = key ? realloc(sc->cls, cap * sizeof *cls) : NULL;
        if (cls)
            sc->cls = cls;
        int32_t *at = cls ? realloc(sc->mention_at, cap * sizeof *at) : NULL;
        if (at)
            sc->mention_at = at;
        uint8_t *maxlen = at ? realloc(sc->maxlen, cap) : NULL;
        if (!maxlen)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory for %zu tokens", n);
        sc->maxlen = maxlen;
        sc->cap_tok = cap;
    }
    if (!GROW(sc->sent_speaker, sc->cap_sent, ns))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for %zu sentences", ns);
    char buf[HT_GZ_KEY_MAX];
    for (size_t i = 0; i < n; i++) {
        const ht_token *t = &d->tokens.v[i];
        if (d->keys && t->end - t->start < HT_GZ_KEY_MAX / 2) {  /* the key is no longer */
            sc->key[i] = ht_gz_key_of_token_hash(d->keys[i]);
        } else {
            size_t len = ht_token_key(d->text.s, t, buf, sizeof buf);
            sc->key[i] = ht_gz_key_hash(buf, len);
        }
        /* Looked up once: the matcher asks again for every start of an alias. */
        const gz_word *w = ht_gz_word(sc->g, sc->key[i]);
        sc->cls[i] = w && (is_word(t) || t->type == HT_TOK_ABBREV) ? w->cls : 0;
        if (!w && (t->flags & HT_TF_CAP) && compound_role(sc, t))
            sc->cls[i] = HT_W_ROLE;  /* "Grünen-Politiker", "AfD-Vorsitzende" */
        sc->maxlen[i] = w ? w->maxlen : 0;
        sc->mention_at[i] = -1;
    }
    for (size_t s = 0; s < ns; s++)
        sc->sent_speaker[s] = -1;
    ht_idmap_clear(&sc->ids);
    ht_idmap_clear(&sc->surnames);
    return HT_OK;
}

/* Hashes of the key of token i without a genitive -s and -es; returns how many. */
static int genitive_keys(const ht_scan *sc, size_t i, uint64_t out[2])
{
    const ht_token *t = &sc->doc->tokens.v[i];
    if (!is_word(t) || !(t->flags & HT_TF_CAP) || sc->doc->text.s[t->end - 1] != 's')
        return 0;
    char buf[HT_GZ_KEY_MAX];
    size_t len = ht_token_key(sc->doc->text.s, t, buf, sizeof buf);
    if (len < 4 || buf[len - 1] != 's')
        return 0;
    int n = 0;
    out[n++] = ht_gz_key_hash(buf, len - 1);
    if (len >= 5 && buf[len - 2] == 'e')
        out[n++] = ht_gz_key_hash(buf, len - 2);
    return n;
}

/* ---- gazetteer matching -------------------------------------------------------------------- */

typedef ht_match match;

static int caps_ok(const ht_scan *sc, size_t i, const gz_phrase *p)
{
    for (size_t j = 0; j < p->ntok; j++) {
        uint8_t f = sc->doc->tokens.v[i + j].flags;
        if ((((p->capmask >> j) & 1) && !(f & (HT_TF_CAP | HT_TF_UPPER))) ||
            (((p->uppermask >> j) & 1) && !(f & HT_TF_UPPER)))
            return 0;
    }
    return 1;
}

static int try_phrase(const ht_scan *sc, size_t i, size_t len, uint64_t seq, int gen, match *m)
{
    const gz_phrase *p = ht_gz_phrase(sc->g, seq);
    if (!p || p->ntok != len || (gen && !p->gen_ok) || !caps_ok(sc, i, p))
        return 0;
    *m = (match){ len, p->entry, gen };
    return 1;
}

/* The longest alias starting at token i. */
static int match_at(const ht_scan *sc, size_t i, match *m)
{
    size_t n = sc->doc->tokens.n;
    size_t max = sc->maxlen[i];
    if (max > n - i)
        max = n - i;
    if (max > 1) {  /* an alias ends with its sentence ("Donald" as a headline, "Trump ..." below) */
        size_t end = sc->doc->sentences.v[ht_doc_sentence_of(sc->doc, i)].tok_end;
        if (max > end - i)
            max = end - i;
    }
    uint64_t seq[HT_GZ_MAX_TOKENS + 1];
    seq[0] = HT_GZ_SEQ0;
    for (size_t l = 1; l <= max; l++)
        seq[l] = ht_gz_seq(seq[l - 1], sc->key[i + l - 1]);
    for (size_t l = max; l >= 1; l--) {
        if (try_phrase(sc, i, l, seq[l], 0, m))
            return 1;
        uint64_t gk[2];
        int ng = genitive_keys(sc, i + l - 1, gk);
        for (int k = 0; k < ng; k++)
            if (try_phrase(sc, i, l, ht_gz_seq(seq[l - 1], gk[k]), 1, m))
                return 1;
    }
    if (max == 0) {
        uint64_t gk[2];
        int ng = genitive_keys(sc, i, gk);
        for (int k = 0; k < ng; k++)
            if (try_phrase(sc, i, 1, ht_gz_seq(HT_GZ_SEQ0, gk[k]), 1, m))
                return 1;
    }
    return 0;
}

/* ---- actors -------------------------------------------------------------------------------- */

static uint64_t entry_ident(uint32_t entry)
{
    return 0x8000000000000000ULL | entry;
}

static ht_status new_actor(ht_scan *sc, const char *name, size_t len, int32_t *id,
                           ht_error *err)
{
    ht_analysis *a = sc->out;
    if (!GROW(a->actors, a->cap_actors, a->nactors + 1) ||
        !GROW(sc->name_off, sc->cap_actor, a->nactors + 1) ||
        !GROW(sc->name_gender, sc->cap_gender, a->nactors + 1) ||
        !GROW(sc->actor_entry, sc->cap_party, a->nactors + 1) ||
        !GROW(sc->named_full, sc->cap_full, a->nactors + 1) ||
        !GROW(a->names, a->cap_names, a->len_names + len + 1))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for actors");
    size_t k = a->nactors++;
    sc->name_off[k] = a->len_names;
    sc->name_gender[k] = 0;
    sc->actor_entry[k] = UINT32_MAX;
    sc->named_full[k] = 0;
    memcpy(a->names + a->len_names, name, len);
    a->len_names += len;
    a->names[a->len_names++] = '\0';
    memset(&a->actors[k], 0, sizeof a->actors[k]);
    *id = (int32_t)k;
    return HT_OK;
}

static ht_status actor_known(ht_scan *sc, uint32_t entry, int32_t *id, ht_error *err)
{
    uint32_t k = ht_idmap_get(&sc->ids, entry_ident(entry));
    if (k != HT_IDMAP_NONE) {
        *id = (int32_t)k;
        return HT_OK;
    }
    const gz_entry *e = &sc->g->e[entry];
    ht_status st = new_actor(sc, e->name, strlen(e->name), id, err);
    if (st != HT_OK)
        return st;
    ht_actor *a = &sc->out->actors[*id];
    a->type = e->type;
    a->known = 1;
    a->role = e->role;
    a->country = e->country;
    sc->actor_entry[*id] = entry;
    if (e->stands_for) {
        uint32_t to = ht_gz_entry_by_name(sc->g, e->stands_for);
        a->stands_for = to != HT_IDMAP_NONE ? sc->g->e[to].name : e->stands_for;
    }
    return ht_idmap_put(&sc->ids, entry_ident(entry), (uint32_t)*id, err);
}

/* A discovered person named by tokens [b, e); spaces between them become one. */
static ht_status actor_found(ht_scan *sc, size_t b, size_t e, const char *role, int32_t *id,
                             ht_error *err)
{
    uint64_t ident = HT_GZ_SEQ0;
    for (size_t i = b; i < e; i++)
        ident = ht_gz_seq(ident, sc->key[i]);
    ident &= ~0x8000000000000000ULL;
    uint32_t k = ht_idmap_get(&sc->ids, ident);
    if (k != HT_IDMAP_NONE) {
        *id = (int32_t)k;
        if (role && !sc->out->actors[k].role)
            sc->out->actors[k].role = role;
        return HT_OK;
    }
    char name[256];
    size_t len = 0;
    const char *s = sc->doc->text.s;
    for (size_t i = b; i < e; i++) {
        const ht_token *t = &sc->doc->tokens.v[i];
        size_t tl = t->end - t->start;
        if (len + tl + 2 > sizeof name)
            break;
        if (i > b && (t->flags & HT_TF_SPACE))
            name[len++] = ' ';
        memcpy(name + len, s + t->start, tl);
        len += tl;
    }
    ht_status st = new_actor(sc, name, len, id, err);
    if (st != HT_OK)
        return st;
    ht_actor *a = &sc->out->actors[*id];
    a->type = HT_ACTOR_PERSON;
    a->role = role;
    return ht_idmap_put(&sc->ids, ident, (uint32_t)*id, err);
}

/* Remembers the last word of a person's full name for surname-only mentions. */
static ht_status note_surname(ht_scan *sc, size_t last, int32_t id, ht_error *err)
{
    if (!ht_scan_cap(sc, last))
        return HT_OK;
    ht_status st = ht_idmap_put(&sc->surnames, sc->key[last], (uint32_t)id, err);
    return st;
}

/* ---- mention flags ------------------------------------------------------------------------- */

/* The token before a mention at b, skipping role words and genitive mentions
 * ("Russlands Präsident Wladimir Putin"); -1 at the sentence start sb. */
/* Whether the mention from b to e is a title in quotation marks, one right
 * before it and one right after: "dem „Spiegel“". */
static int title_marks(const ht_scan *sc, size_t b, size_t e)
{
    return b > 0 && e < sc->doc->tokens.n && sc->doc->tokens.v[b - 1].type == HT_TOK_QUOTE &&
           sc->doc->tokens.v[e].type == HT_TOK_QUOTE;
}

static long before_mention(const ht_scan *sc, size_t b, size_t e, size_t sb)
{
    long p = (long)b - 1;
    if (p > (long)sb && title_marks(sc, b, e))
        p--;  /* "dem „Spiegel“": the article before the marks */
    while (p >= (long)sb) {
        int32_t m = sc->mention_at[p];
        if (m >= 0 && (sc->out->mentions[m].flags & HT_MF_GENITIVE))
            p = (long)sc->out->mentions[m].tok_begin - 1;
        else if ((sc->cls[p] & HT_W_ROLE) && ht_scan_cap(sc, (size_t)p))
            p--;
        else
            break;
    }
    return p < (long)sb ? -1 : p;
}

static int boundary_token(const ht_scan *sc, size_t p)
{
    const ht_token *t = &sc->doc->tokens.v[p];
    if (t->type == HT_TOK_QUOTE || t->type == HT_TOK_DASH)
        return 1;
    if (t->type != HT_TOK_PUNCT)
        return 0;
    char c = sc->doc->text.s[t->start];
    return c == ',' || c == ';' || c == ':' || c == '(';
}

/* Whether the finite verb at p is plural: it ends in -en (lobten, haben). */
static int plural_verb(const ht_scan *sc, size_t p)
{
    const ht_token *t = &sc->doc->tokens.v[p];
    return t->end - t->start > 3 && !memcmp(sc->doc->text.s + t->end - 2, "en", 2);
}

/* Whether the noun at i names someone who acts: a role ("Ministerin") or a
 * body ("Gewerkschaft", "Bundesregierung", "Landgericht"), by its last
 * part, so that compounds count. */
static int agent_noun(const ht_scan *sc, size_t i)
{
    /* by the word's end: compounds such as "Bundesregierung", "Linksfraktion" */
    static const char *const ends[] = {
        "regierung", "gewerkschaft", "opposition", "koalition", "fraktion", "partei",
        "polizei", "kommission", "behörde", "ministerium", "staatsanwaltschaft", "verwaltung",
        "kirche", "armee", "bundeswehr", "stiftung", "agentur", "landgericht", "amtsgericht",
        "verwaltungsgericht", "verfassungsgericht", "landesgericht", "oberlandesgericht",
        "sozialgericht", "arbeitsgericht", "gerichtshof", "zentralbank", "notenbank",
        "kammer", "unternehmen", "konzern", "institut", "ministerin", "sprecherin",
        "anwohnerin", "verwaltungsrat", "aufsichtsrat", "vorstand", "initiative", "allianz"
    };
    /* whole words only: "Einführung", "Datenbank", "Hauptgericht" act not */
    static const char *const words[] = {
        "gericht", "bank", "bundesbank", "führung", "parteiführung", "leitung", "spitze",
        "parteispitze", "justiz", "firma", "stadt", "gemeinde", "union", "kammer"
    };
    if (sc->cls[i] & HT_W_ROLE)
        return 1;
    if (ht_scan_word_in(sc, i, words, sizeof words / sizeof *words))
        return 1;
    char key[64];
    size_t len = ht_token_key(sc->doc->text.s, &sc->doc->tokens.v[i], key, sizeof key);
    if (len + 1 >= sizeof key)
        return 0;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t n = strlen(ends[k]);
        if (len >= n && !memcmp(key + len - n, ends[k], n))
            return 1;
    }
    return 0;
}

/* Whether a noun phrase that is no actor opens the clause at q, before the
 * verb at p: "Der Verband forderte Merz auf", "Die Gewerkschaft lobte
 * Klingbeil" (the name after the verb is the object). A nominative article
 * first in its clause, then a capitalised word. */
int ht_scan_noun_subject(const ht_scan *sc, long q, long p, size_t sb)
{
    static const char *const masculine[] = { "der", "ein" };
    if (!(sc->cls[q] & HT_W_ART_NOM) || q + 1 >= p || !ht_scan_cap(sc, (size_t)q + 1) ||
        (sc->cls[q + 1] & HT_W_ARTICLE))
        return 0;
    /* "die" and "das" may as well open an object ("Die Pläne kritisierte
     * Merz"): only with a plural verb, which a single name after it cannot
     * agree with ("Die Verbände lobten Klingbeil"), or when the noun names
     * someone who acts ("Die Gewerkschaft lobte Klingbeil") */
    if (!ht_scan_word_in(sc, (size_t)q, masculine, 2) && !plural_verb(sc, (size_t)p) &&
        !agent_noun(sc, (size_t)q + 1))
        return 0;
    long before = q - 1;
    while (before >= (long)sb && (sc->cls[before] & HT_W_FOCUS))
        before--;
    return before < (long)sb || boundary_token(sc, (size_t)before) ||
           (sc->cls[before] & HT_W_CLAUSE);
}

/* Whether the clause before the verb at p already has its subject: a
 * mention taken as one, or a personal pronoun. German puts one part before
 * the finite verb; when that is the subject, a name after the verb is an
 * object ("Merz kritisiert Scholz", "Er hat Scholz gelobt"). */
static int prefield_has_subject(const ht_scan *sc, long p, size_t sb)
{
    for (long q = p - 1; q >= (long)sb; q--) {
        if (boundary_token(sc, (size_t)q) || (sc->cls[q] & HT_W_CLAUSE))
            return 0;
        int32_t m = sc->mention_at[q];
        if ((m >= 0 && (sc->out->mentions[m].flags & HT_MF_SUBJECT)) ||
            (sc->cls[q] & (HT_W_PRON | HT_W_FIRSTPERS)) || ht_scan_noun_subject(sc, q, p, sb))
            return 1;
    }
    return 0;
}

static int is_comma(const ht_scan *sc, long p)
{
    const ht_token *t = &sc->doc->tokens.v[p];
    return t->type == HT_TOK_PUNCT && sc->doc->text.s[t->start] == ',';
}

/* The first token of the clause that ends at r: after the nearest boundary. */
static long clause_first(const ht_scan *sc, long r, size_t sb)
{
    while (r - 1 >= (long)sb && !boundary_token(sc, (size_t)r - 1))
        r--;
    return r;
}

/* Whether the clause ending at r is a main clause with a subject of its own:
 * it opens with no subordinating word and holds a subject, or a pronoun when
 * pronouns count. Before a speech verb only a named subject in a clause
 * without Konjunktiv counts: "Wir werden das unterstützen, sagte Selenskyj"
 * and "Die Regierung habe versagt, kritisierte die AfD" are what the name
 * after the verb said. */
static int main_clause_with_subject(const ht_scan *sc, long r, size_t sb, int speech)
{
    long first = clause_first(sc, r, sb);
    if ((sc->cls[first] & HT_W_CLAUSE) && !(sc->cls[first] & HT_W_COORD))
        return 0;
    int subject = 0;
    for (long q = first; q <= r; q++) {
        int32_t m = sc->mention_at[q];
        if (speech && (sc->cls[q] & (HT_W_KONJ | HT_W_FIRSTPERS)))
            return 0;
        if ((m >= 0 && (sc->out->mentions[m].flags & HT_MF_SUBJECT)) ||
            (!speech && (sc->cls[q] & (HT_W_PRON | HT_W_FIRSTPERS))))
            subject = 1;
    }
    return subject;
}

/* Whether the verb at p opens a clause that shares the subject of the one
 * before: "Merz lehnte ab und kritisierte die AfD", "Merz lehnte ab,
 * kritisierte die AfD" (the AfD is the object). Not after a subordinate
 * clause ("Als Merz ankam, kritisierte die AfD ..."), a quotation or a
 * speech verb ("Merz warnte, komme die AfD an die Macht, ..."). */
static int shares_subject(const ht_scan *sc, long p, size_t sb)
{
    if (sc->cls[p] & HT_W_SAYS)
        return 0;  /* "Putin will keinen Frieden, sagte Selenskyj": an inquit */
    long q = p - 1;
    if (q < (long)sb)
        return 0;
    if ((sc->cls[q] & HT_W_COORD) && !(q - 1 >= (long)sb && is_comma(sc, q - 1)))
        return 1;
    if (!is_comma(sc, q) || q - 1 < (long)sb)
        return 0;
    long r = q - 1;
    const ht_token *t = &sc->doc->tokens.v[r];
    if (t->type == HT_TOK_QUOTE || (sc->cls[r] & HT_W_SPEECH))
        return 0;
    if (sc->cls[r] & HT_W_PARTICLE)  /* "fügte hinzu," */
        for (long v = clause_first(sc, r, sb); v < r; v++)
            if ((sc->cls[v] & (HT_W_SPEECH | HT_W_SEP)) == (HT_W_SPEECH | HT_W_SEP))
                return 0;
    return main_clause_with_subject(sc, r, sb, (sc->cls[p] & HT_W_SPEECH) != 0);
}

/* A name right after the finite verb at p is its subject unless the clause
 * has one already, before the verb or shared with the clause before. */
static int subject_after_verb(const ht_scan *sc, long p, size_t sb)
{
    return (sc->cls[p] & (HT_W_FINITE | HT_W_SPEECH)) != 0 && !prefield_has_subject(sc, p, sb) &&
           !shares_subject(sc, p, sb);
}

/* "der Süddeutschen Zeitung", "der Deutschen Bank": "der" before a name
 * whose first word has the weak ending -en is a dative or a genitive. */
int ht_scan_dative_der(const ht_scan *sc, size_t art, size_t b, size_t e)
{
    const ht_token *t = &sc->doc->tokens.v[b];
    int next = art + 1 == b || (art + 2 == b && sc->doc->tokens.v[art + 1].type == HT_TOK_QUOTE);
    return next && sc->key[art] == sc->h_der && e - b >= 2 && t->end - t->start > 3 &&
           !(sc->cls[b] & HT_W_FIRSTNAME) && !memcmp(sc->doc->text.s + t->end - 2, "en", 2);
}

static int subject_flag(const ht_scan *sc, size_t b, size_t e, size_t sb, int genitive)
{
    if (genitive)
        return 0;
    long p = before_mention(sc, b, e, sb);
    if (p >= 0 && (sc->cls[p] & HT_W_ARTICLE)) {
        if (!(sc->cls[p] & HT_W_ART_NOM) || ht_scan_dative_der(sc, (size_t)p, b, e))
            return 0;
        p = p - 1 >= (long)sb ? p - 1 : -1;
    }
    int focus = 0;
    while (p >= (long)sb && (sc->cls[p] & HT_W_FOCUS))  /* "Auch die AfD kritisierte" */
        p--, focus = 1;
    if (p < (long)sb)
        return 1;
    if (sc->doc->text.s[sc->doc->tokens.v[p].start] == '(' &&
        sc->doc->tokens.v[p].type == HT_TOK_PUNCT && p > (long)sb && sc->mention_at[p - 1] >= 0)
        return 0;  /* "Merz (CDU) sagte": an aside after a name, the party no subject */
    if (boundary_token(sc, (size_t)p))  /* not after ", kritisierte auch die AfD" */
        return !focus;
    uint32_t c = sc->cls[p];
    if (c & HT_W_COORD) {
        static const char *const aber[] = { "aber" };
        if (p - 1 >= (long)sb && (sc->cls[p - 1] & (HT_W_FINITE | HT_W_SPEECH)) &&
            ht_scan_word_in(sc, (size_t)p, aber, 1))  /* "kritisierte aber die AfD", not */
            return subject_after_verb(sc, p - 1, sb);  /* "lobte und die SPD kritisierte" */
        int32_t m = p > (long)sb ? sc->mention_at[p - 1] : -1;
        return m >= 0 ? (sc->out->mentions[m].flags & HT_MF_SUBJECT) != 0 : 1;
    }
    if (c & HT_W_PREP)
        return 0;
    if (c & HT_W_CLAUSE)
        return 1;
    return subject_after_verb(sc, p, sb);
}

/* "Merz' Vorschlag", "Scholz’ Regierung": a name in -s, -z or -x with an
 * apostrophe right after it and a word after that. */
static int apostrophe_genitive(const ht_scan *sc, size_t e)
{
    const ht_doc *d = sc->doc;
    if (e + 1 >= d->tokens.n || d->tokens.v[e].type != HT_TOK_QUOTE ||
        (d->tokens.v[e].flags & HT_TF_SPACE) || !(d->tokens.v[e + 1].flags & HT_TF_SPACE) ||
        d->tokens.v[e + 1].type != HT_TOK_WORD)
        return 0;
    const char *q = d->text.s + d->tokens.v[e].start;
    size_t qn = d->tokens.v[e].end - d->tokens.v[e].start;
    char last = d->text.s[d->tokens.v[e - 1].end - 1];
    return ((qn == 1 && q[0] == '\'') || (qn == 3 && !memcmp(q, "\xe2\x80\x99", 3))) &&
           (last == 's' || last == 'z' || last == 'x');
}

static int genitive_flag(const ht_scan *sc, size_t b, size_t e, size_t sb)
{
    if (apostrophe_genitive(sc, e))
        return 1;
    long p = before_mention(sc, b, e, sb);
    if (p < 0)
        return 0;
    if (sc->cls[p] & HT_W_ART_GEN)
        return 1;
    if (sc->key[p] != sc->h_der || p - 1 < (long)sb)
        return 0;
    /* "ein Sprecher der Bundesregierung": der after a noun */
    return ht_scan_cap(sc, (size_t)p - 1) &&
           !(sc->cls[p - 1] & (HT_W_FUNC | HT_W_PREP | HT_W_LAUT)) &&
           sc->mention_at[p - 1] < 0;
}

static int metonym_flag(const ht_scan *sc, size_t b, size_t sb)
{
    long p = (long)b - 1;
    if (p >= (long)sb && (sc->cls[p] & HT_W_ARTICLE))
        p--;
    return !(p >= (long)sb && (sc->cls[p] & HT_W_LOCPREP));
}

static ht_status add_mention(ht_scan *sc, int32_t actor, size_t b, size_t e, size_t sent,
                             size_t sb, int genitive, ht_error *err)
{
    ht_analysis *a = sc->out;
    if (!GROW(a->mentions, a->cap_mentions, a->nmentions + 1))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for mentions");
    const ht_token *tok = sc->doc->tokens.v;
    genitive = genitive || genitive_flag(sc, b, e, sb);
    uint8_t flags = (uint8_t)((genitive ? HT_MF_GENITIVE : 0) |
                              (subject_flag(sc, b, e, sb, genitive) ? HT_MF_SUBJECT : 0));
    if (a->actors[actor].stands_for && metonym_flag(sc, b, sb))
        flags |= HT_MF_METONYM;
    size_t k = a->nmentions++;
    a->mentions[k] = (ht_mention){ tok[b].start, tok[e - 1].end, (uint32_t)b, (uint32_t)e,
                                   (uint32_t)actor, (uint32_t)sent, flags };
    uint32_t first = e - b >= 2 ? sc->cls[b] & (HT_W_FEMALE | HT_W_MALE) : 0;
    if (!sc->name_gender[actor] && (first == HT_W_FEMALE || first == HT_W_MALE))
        sc->name_gender[actor] = first == HT_W_MALE ? 1 : 2;  /* "Anna Berger" */
    for (size_t i = b; i < e; i++)
        sc->mention_at[i] = (int32_t)k;
    return HT_OK;
}

/* ---- discovering people -------------------------------------------------------------------- */

/* Suffixes of common nouns that are never surnames. */
static int noun_like(const char *s, size_t len)
{
    static const char *const suf[] = { "ung", "ungen", "heit", "keit", "schaft", "tion",
                                       "ionen", "ität", "ismus", "nisse", "erei", "ierung",
                                       "ment", "schaften", "heiten", "keiten", "sprecher",
                                       "sprecherin", "minister", "ministerin" };
    for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++)
        if (ht_scan_ends_with(s, len, suf[i]))
            return 1;
    return 0;
}

/* A short word ending in -ung or -ment, which after a first name is a
 * surname as often as not ("Stefan Hartung", "Sabine Jung", "Karin
 * Clement"); alone it is a noun ("Zeitung", "Moment"). */
static int surname_despite_suffix(const char *s, size_t len)
{
    return len <= 8 && (ht_scan_ends_with(s, len, "ung") || ht_scan_ends_with(s, len, "ment"));
}

static int name_token_after(const ht_scan *sc, size_t i, int first_name_before);

/* Token i could be a surname: a capitalised word, not a known common word. */
static int name_token(const ht_scan *sc, size_t i)
{
    return name_token_after(sc, i, 0);
}

/* The same for a word right after a first name that is no common word too
 * ("Stefan", not "Frank"): first_name_before 1, where a short -ung or -ment,
 * a role word and a place's name may be a surname ("Peter Richter", "Knud
 * Bielefeld"; not after a first name that names clubs: "Viktoria Köln"); 2
 * when a role stands before the first name as well ("Der Anwalt Thomas
 * Bremen"). */
static int name_token_after(const ht_scan *sc, size_t i, int first_name_before)
{
    if (i >= sc->doc->tokens.n)
        return 0;
    const ht_token *t = &sc->doc->tokens.v[i];
    if (!is_word(t) || !(t->flags & HT_TF_CAP) || (t->flags & (HT_TF_UPPER | HT_TF_NEWLINE)))
        return 0;
    /* a role word after a first name is a surname: "Peter Richter", "Anna König" */
    uint32_t not_names = HT_W_FUNC | HT_W_PREP | HT_W_ARTICLE | HT_W_SPEECH |
                         (first_name_before ? 0 : HT_W_ROLE);
    if (sc->cls[i] & not_names)
        return 0;
    const char *s = sc->doc->text.s + t->start;
    size_t len = t->end - t->start;
    if (len < 2 || (noun_like(s, len) && !(first_name_before && surname_despite_suffix(s, len))))
        return 0;
    for (size_t k = 0; k < len; k++)
        if (s[k] >= '0' && s[k] <= '9')
            return 0;
    static const char *const clubs[] = { "viktoria", "hertha", "fortuna", "germania",
                                         "concordia", "borussia", "arminia", "alemannia" };
    match m;
    /* "Der Anwalt Thomas Bremen", "Peter Thun": after a first name a place's name is a surname */
    return !match_at(sc, i, &m) || sc->g->e[m.entry].type == HT_ACTOR_PERSON ||
           (first_name_before && m.len == 1 && !m.genitive &&
            sc->g->e[m.entry].type == HT_ACTOR_LOCATION &&
            (first_name_before == 2 || !ht_scan_word_in(sc, i - 1, clubs, 8)));
}

static int firstname_token(const ht_scan *sc, size_t i)
{
    return i < sc->doc->tokens.n && (sc->cls[i] & HT_W_FIRSTNAME) &&
           (sc->doc->tokens.v[i].flags & HT_TF_CAP) && !(sc->doc->tokens.v[i].flags & HT_TF_UPPER);
}

/* "Anna Krüger", "Anna Lena Krüger", "Karl von Habsburg" at i, within i's
 * sentence, which ends at end: the end of the name, or 0. */
static size_t full_name_at(const ht_scan *sc, size_t i, size_t end)
{
    if (!firstname_token(sc, i))
        return 0;
    size_t j = i + 1;
    for (int k = 1; k < NAME_WORD_MAX && j + 1 < end && firstname_token(sc, j) &&
                    name_token(sc, j + 1); k++)
        j++;
    static const char *const after_particle[] = { "den" };  /* "van den Berg" */
    size_t parts = 0;
    while (parts < NAME_PARTS_MAX && j < end && !(sc->doc->tokens.v[j].flags & HT_TF_CAP) &&
           ((sc->cls[j] & HT_W_NAMEPART) ||
            (parts > 0 && ht_scan_word_in(sc, j, after_particle, 1))))
        j++, parts++;
    int plain_first = !parts && j == i + 1 && !(sc->cls[i] & HT_W_WORDNAME);
    if (plain_first && i > 0 && (sc->cls[i - 1] & HT_W_ROLE))
        plain_first = 2;
    if (j >= end || !name_token_after(sc, j, plain_first))
        return 0;
    match m;
    if (match_at(sc, j, &m) && m.len > 1)
        return 0;  /* the "surname" starts a known multi-word actor */
    return j + 1;
}

/* Role words and titles starting at i ("Präsidentin", "Prof. Dr."), up to
 * end (the end of i's sentence): their end, or i. */
static size_t roles_at(const ht_scan *sc, size_t i, size_t end, const char **role)
{
    size_t j = i;
    while (j < end && j - i < 3 && (sc->cls[j] & (HT_W_ROLE | HT_W_TITLE)) &&
           (sc->doc->tokens.v[j].flags & HT_TF_CAP)) {
        const gz_word *w = ht_gz_word(sc->g, sc->key[j]);
        if (!w)
            w = compound_role(sc, &sc->doc->tokens.v[j]);
        if (w && w->role != UINT32_MAX)
            *role = sc->g->roles[w->role];
        j++;
    }
    return j;
}

/* Token i follows a speech verb that follows a quote ("“, sagte Krüger") or ", so". */
static int after_quote_verb(const ht_scan *sc, size_t i, size_t sb)
{
    if (i < sb + 2)
        return 0;
    const ht_token *tok = sc->doc->tokens.v;
    size_t v = i - 1;
    if (!(sc->cls[v] & (HT_W_SPEECH | HT_W_SO)) || ht_scan_cap(sc, v))
        return 0;
    for (size_t k = v; k-- > sb && k + 3 > v;)
        if (tok[k].type == HT_TOK_QUOTE)
            return 1;
    return (sc->cls[v] & HT_W_SO) && tok[v - 1].type == HT_TOK_PUNCT &&
           sc->doc->text.s[tok[v - 1].start] == ',';
}

/* A single surname after a role or a quote verb must end its phrase. */
static int single_name_ends(const ht_scan *sc, size_t i)
{
    return i + 1 >= sc->doc->tokens.n || !ht_scan_cap(sc, i + 1);
}

/* After a role, two name words whose first name the list does not know
 * ("Marvin Reschinsky", "Mao Ning"), followed by a verb or a mark that ends
 * the phrase (not "Ministerin Reiche Anfang der Woche"). */
static int unlisted_full_name(const ht_scan *sc, size_t r, size_t end)
{
    static const char *const ranks[] = { "major", "general" };  /* "Major League Baseball" */
    static const char *const role_ends[] = { "coach", "trainer", "chef", "chefin", "leiter",
                                             "leiterin", "sprecher", "sprecherin", "präsident",
                                             "präsidentin", "minister", "ministerin", "direktor",
                                             "direktorin", "führer", "führerin" };
    const ht_doc *d = sc->doc;
    if (r + 2 >= end || !name_token(sc, r) || !name_token(sc, r + 1) ||
        sc->mention_at[r] >= 0 || sc->mention_at[r + 1] >= 0 ||
        (r > 0 && ht_scan_word_in(sc, r - 1, ranks, 2)))
        return 0;
    char key[64];  /* "Co-Trainer Nationalcoach Tite": a second role, no first name */
    size_t n = ht_token_key(d->text.s, &d->tokens.v[r], key, sizeof key);
    for (size_t k = 0; n + 1 < sizeof key && k < sizeof role_ends / sizeof *role_ends; k++)
        if (ht_scan_ends_with(key, n, role_ends[k]))
            return 0;
    const ht_token *t = &d->tokens.v[r + 2];
    char c = t->type == HT_TOK_PUNCT ? d->text.s[t->start] : 0;
    if (c == ',' || c == '(' || c == ':')
        return 1;
    return t->type == HT_TOK_WORD && !(t->flags & HT_TF_CAP) &&
           !(sc->cls[r + 2] & (HT_W_ARTICLE | HT_W_PREP | HT_W_FUNC | HT_W_CLAUSE));
}

/* "Günther de Maizière": a particle after i goes on with a name. */
static int name_particle_follows(const ht_scan *sc, size_t i)
{
    return i + 1 < sc->doc->tokens.n && (sc->cls[i + 1] & HT_W_NAMEPART) &&
           !ht_scan_cap(sc, i + 1);
}

/* ---- the pass ------------------------------------------------------------------------------ */

typedef struct cursor {
    size_t sent, sb;      /* current sentence and its first token */
    size_t first_word;    /* first word token of the sentence */
    size_t para;
    int discover;         /* discovery allowed in this paragraph */
} cursor;

static void enter_para(const ht_scan *sc, cursor *c)
{
    const ht_span *p = &sc->doc->paragraphs.v[c->para];
    size_t words = 0;
    int terminal = 0;
    for (size_t i = p->tok_begin; i < p->tok_end && words <= 4; i++) {
        words += is_word(&sc->doc->tokens.v[i]);
        terminal |= ht_token_is_terminal(sc->doc->text.s, &sc->doc->tokens.v[i]);
    }
    c->discover = words > 4 || terminal;
}

static void advance(const ht_scan *sc, cursor *c, size_t i)
{
    const ht_doc *d = sc->doc;
    int moved = i == 0;
    while (c->sent + 1 < d->sentences.n && d->sentences.v[c->sent].tok_end <= i)
        c->sent++, moved = 1;
    if (moved && d->sentences.n) {
        c->sb = d->sentences.v[c->sent].tok_begin;
        size_t f = c->sb;
        while (f < d->tokens.n && !is_word(&d->tokens.v[f]))
            f++;
        c->first_word = f;
    }
    int pmoved = i == 0;
    while (c->para + 1 < d->paragraphs.n && d->paragraphs.v[c->para].tok_end <= i)
        c->para++, pmoved = 1;
    if (pmoved && d->paragraphs.n)
        enter_para(sc, c);
}

/* A sentence-initial capitalised word is only a surname when a verb or
 * punctuation follows, not an article, a preposition or another noun. */
static int initial_ok(const ht_scan *sc, size_t i)
{
    if (i + 1 >= sc->doc->tokens.n)
        return 1;
    return !ht_scan_cap(sc, i + 1) &&
           !(sc->cls[i + 1] & (HT_W_ARTICLE | HT_W_PREP | HT_W_FUNC));
}

static int32_t surname_actor(const ht_scan *sc, size_t i, int *genitive)
{
    *genitive = 0;
    if (!sc->surnames.n || !ht_scan_cap(sc, i) || (sc->cls[i] & HT_W_FUNC))
        return -1;
    uint32_t k = ht_idmap_get(&sc->surnames, sc->key[i]);
    if (k != HT_IDMAP_NONE)
        return (int32_t)k;
    uint64_t gk[2];
    int ng = genitive_keys(sc, i, gk);
    for (int j = 0; j < ng; j++)
        if ((k = ht_idmap_get(&sc->surnames, gk[j])) != HT_IDMAP_NONE) {
            *genitive = 1;
            return (int32_t)k;
        }
    return -1;
}

/* Tries a discovered person at i; *next is set past the name when one is found. */
/* The grammatical gender a role text suggests: 2 for a feminine role noun
 * ("Präsidentin", "Fraktionschefin", "Ministerin"), 1 for a masculine one
 * ("Bundeskanzler", "Vorsitzender", "Präsident"), 0 when it says neither. */
static int role_gender(const char *role)
{
    static const char *const female[] = { "rin", "tin", "fin", "nin", "din", "gin", "min",
                                          "kin", "sin", "hin" };
    static const char *const male[] = { "er", "or", "ent", "ef", "ant", "ist", "eur" };
    int g = 0;
    if (!strcmp(role, "Herr") || !strcmp(role, "Herrn"))
        return 1;  /* a form of address, which the endings below do not tell */
    if (!strcmp(role, "Frau"))
        return 2;
    for (const char *w = role; w && *w;) {
        size_t n = strcspn(w, " ,()/");
        for (size_t i = 0; n > 4 && i < sizeof female / sizeof *female; i++)
            if (!strncmp(w + n - 3, female[i], 3))
                return 2;
        for (size_t i = 0; !g && n > 3 && i < sizeof male / sizeof *male; i++) {
            size_t m = strlen(male[i]);
            g = !strncmp(w + n - m, male[i], m) ? 1 : 0;
        }
        w += n + (w[n] != '\0');
    }
    return g;
}

/* 1 male, 2 female, 0 not known: by the role, else by the first name the
 * person was named with. */
static int actor_gender(const ht_scan *sc, int32_t id)
{
    const ht_actor *ac = &sc->out->actors[id];
    int g = ac->role ? role_gender(ac->role) : 0;
    return g ? g : sc->name_gender[id];
}

static ht_status discover_at(ht_scan *sc, const cursor *c, size_t i, size_t *next,
                             ht_error *err)
{
    const char *role = NULL;
    size_t send = sc->doc->sentences.v[c->sent].tok_end;
    size_t r = roles_at(sc, i, send, &role), e = 0, b = r;
    match m;
    int initial = i == c->first_word;
    if (r > i) {
        if (r == send)
            return HT_OK;  /* the role ends its sentence: a name after it is not its holder */
        if (match_at(sc, r, &m))
            return HT_OK;  /* a known actor follows: matched on the next step */
        e = full_name_at(sc, r, send);
        if (!e && unlisted_full_name(sc, r, send))
            e = r + 2;  /* "Verdi-Verhandlungsführer Marvin Reschinsky verteidigte" */
        if (!e && name_token(sc, r) && single_name_ends(sc, r)) {
            int gen;
            int32_t id = surname_actor(sc, r, &gen);
            static const char *const frau[] = { "frau" }, *const herr[] = { "herr", "herrn" };
            int g = id >= 0 ? actor_gender(sc, id) : 0;
            if ((g == 1 && ht_scan_word_in(sc, i, frau, 1)) ||
                (g == 2 && ht_scan_word_in(sc, i, herr, 2)))
                id = -1;  /* "Frau Merz" is not the Bundeskanzler */
            if (id >= 0) {  /* "Frau Reiche", "die Ministerin Reiche" after Katherina Reiche */
                *next = r + 1;
                return add_mention(sc, id, r, r + 1, c->sent, c->sb, gen, err);
            }
            e = r + 1;
        }
    } else if ((e = full_name_at(sc, i, send)) != 0) {
        b = i;
        if (initial && (sc->cls[i] & HT_W_WORDNAME))
            e = 0;  /* "Mark Aktien fielen" */
    } else if (!initial && after_quote_verb(sc, i, c->sb) && name_token(sc, i) &&
               single_name_ends(sc, i)) {
        b = i, e = i + 1;
    }
    if (!e)
        return HT_OK;
    int32_t id;
    ht_status st = actor_found(sc, b, e, role, &id, err);
    if (st == HT_OK)
        st = add_mention(sc, id, b, e, c->sent, c->sb, 0, err);
    if (st == HT_OK)
        st = note_surname(sc, e - 1, id, err);
    *next = e;
    return st;
}

static ht_status known_at(ht_scan *sc, const cursor *c, size_t i, const match *m,
                          ht_error *err)
{
    int32_t id;
    ht_status st = actor_known(sc, m->entry, &id, err);
    if (st == HT_OK)
        st = add_mention(sc, id, i, i + m->len, c->sent, c->sb, m->genitive, err);
    if (st == HT_OK && m->len > 1 && sc->out->actors[id].type == HT_ACTOR_PERSON) {
        sc->named_full[id] = 1;
        st = note_surname(sc, i + m->len - 1, id, err);
    }
    return st;
}

char *ht_scan_folded_role(const char *role)
{
    utf8proc_uint8_t *folded = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)role, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                         UTF8PROC_CASEFOLD) < 0)
        return NULL;
    return (char *)folded;
}

/* ht_scan_role_has, and with former true also for a former role ("Bundeskanzler
 * 2021–2025" has "kanzler"). */
static int role_has_word(const char *role, const char *w, size_t n, int former)
{
    if (!former && strpbrk(role, "0123456789"))
        return 0;
    char *folded = ht_scan_folded_role(role);
    if (!folded)
        return 0;
    const char *f = folded;
    size_t len = strlen(f);
    int found = 0;
    for (size_t end = n; !found && end <= len; end++) {
        char next = f[end];
        found = (!next || strchr(" ,()/", next)) && !memcmp(f + end - n, w, n);
    }
    free(folded);
    return found;
}

int ht_scan_role_has(const char *role, const char *w, size_t n)
{
    return role_has_word(role, w, n, 0);
}

/* Whether the role word at i names one of the known entry's roles, present
 * or former ("Kanzler", "Altkanzler", "des Kanzlers", "US-Präsident": the
 * part after a hyphen, without "alt" or "ex" before it and with or without
 * its ending). */
static int role_word_fits(const ht_scan *sc, size_t i, const char *role)
{
    char key[64];
    size_t n = ht_token_key(sc->doc->text.s, &sc->doc->tokens.v[i], key, sizeof key);
    if (n + 1 >= sizeof key)
        return 0;
    const char *w = strrchr(key, '-');
    w = w ? w + 1 : key;
    n -= (size_t)(w - key);
    if (n > 5 && (!strncmp(w, "alt", 3) || !strncmp(w, "ex", 2)))
        n -= w[0] == 'a' ? 3 : 2, w += w[0] == 'a' ? 3 : 2;
    static const char *const endings[] = { "", "s", "en", "n" };
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
        size_t e = strlen(endings[k]);
        if (n > e + 3 && !memcmp(w + n - e, endings[k], e) && role_has_word(role, w, n - e, 1))
            return 1;
    }
    return 0;
}

/* Whether the text speaks of the known person entry by a role of theirs
 * that stands for no other named person ("die Pläne des
 * Ministerpräsidenten", "nicht mit dem Altkanzler verwandt", "Kanzler
 * Merz"; not "Der Bürgermeister Hans Wegner"): then a bare surname is
 * theirs, whoever of that name the text also names. Cached per entry. */
static void gather_role_words(ht_scan *sc)
{
    const size_t slots = 2 * HT_ROLE_WORDS;
    memset(sc->role_seen, 0, sizeof sc->role_seen);
    sc->nrole_words = 0;
    sc->role_words_done = 1;
    for (size_t i = 0; i < sc->doc->tokens.n && sc->nrole_words < HT_ROLE_WORDS; i++) {
        if (!(sc->cls[i] & HT_W_ROLE) || !ht_scan_cap(sc, i) || firstname_token(sc, i + 1))
            continue;
        uint64_t h = sc->key[i] ? sc->key[i] : 1;
        size_t slot = (size_t)(h & (slots - 1));
        while (sc->role_seen[slot] && sc->role_seen[slot] != h)
            slot = (slot + 1) & (slots - 1);
        if (sc->role_seen[slot])
            continue;  /* a word seen before */
        sc->role_seen[slot] = h;
        sc->role_words[sc->nrole_words++] = (uint32_t)i;
    }
}

static int famous_present(ht_scan *sc, uint32_t entry)
{
    for (size_t k = 0; k < sc->npresent; k++)
        if (sc->present_entry[k] == entry)
            return sc->present_val[k];
    if (!sc->role_words_done)
        gather_role_words(sc);
    const char *role = sc->g->e[entry].role;
    int found = 0;
    for (size_t k = 0; role && !found && k < sc->nrole_words; k++)
        found = role_word_fits(sc, sc->role_words[k], role);
    if (sc->npresent < HT_PRESENT_CACHE) {
        sc->present_entry[sc->npresent] = entry;
        sc->present_val[sc->npresent++] = (uint8_t)found;
    }
    return found;
}

/* Whether the role word right before i is one of the known entry's roles
 * ("Kanzler Scholz", "US-Präsident Trump", "Altkanzler Scholz"). */
static int known_role_before(const ht_scan *sc, size_t i, uint32_t entry)
{
    const char *role = sc->g->e[entry].role;
    return i > 0 && role && (sc->cls[i - 1] & HT_W_ROLE) && role_word_fits(sc, i - 1, role);
}

/* A known person's (or place's) one-word alias that is the surname of
 * someone the text has named in full ("Die Ärztin Anna Scholz warnt. Scholz
 * sagte"): that person's id, else -1. A text names the people it means, and
 * a famous namesake is only the reader's first guess, unless the text has
 * named the famous one in full itself ("Donald Trump ... sein Sohn Eric
 * Trump ... Trump sagte") or gives the role it is known by ("Kanzler
 * Scholz"). */
static int32_t namesake_in_text(ht_scan *sc, size_t i, const match *m, int *genitive)
{
    *genitive = 0;
    ht_actor_type type = sc->g->e[m->entry].type;
    if (m->len != 1 || type == HT_ACTOR_ORG)
        return -1;
    /* "Der Anwalt Thomas Bremen ... Bremen sagte", "sagte Bremen": a place is
     * the person's surname only right before or after a speech verb ("Bremen
     * liegt an der Weser", "Hamburgs Bürgermeister" stay places) and not after
     * a preposition or an article ("in Bremen") */
    size_t n = sc->doc->tokens.n;
    if (type == HT_ACTOR_LOCATION &&
        (i == 0 || (sc->cls[i - 1] & (HT_W_PREP | HT_W_ARTICLE | HT_W_LOCPREP)) ||
         m->genitive ||
         !((i + 1 < n && (sc->cls[i + 1] & HT_W_SPEECH) &&
            !(sc->doc->tokens.v[i + 1].flags & HT_TF_CAP)) ||
           (sc->cls[i - 1] & HT_W_SPEECH))))
        return -1;
    int32_t id = surname_actor(sc, i, genitive);
    if (id < 0 || sc->actor_entry[id] == m->entry ||
        sc->out->actors[id].type != HT_ACTOR_PERSON)
        return -1;
    if (type == HT_ACTOR_LOCATION)
        return id;
    uint32_t known = ht_idmap_get(&sc->ids, entry_ident(m->entry));
    if ((known != HT_IDMAP_NONE && sc->named_full[known]) || known_role_before(sc, i, m->entry) ||
        famous_present(sc, m->entry))
        return -1;
    return id;
}

/* A bare surname of a known person right after another first name ("Frank
 * Weber" is not Manfred Weber). */
static int other_person(const ht_scan *sc, size_t i, const match *m)
{
    return m->len == 1 && i > 0 && sc->g->e[m->entry].type == HT_ACTOR_PERSON &&
           firstname_token(sc, i - 1) && sc->mention_at[i - 1] < 0;
}

/* A one-word organisation after a masculine or neuter indefinite article
 * is the common noun it also is: "ein Spiegel der Gesellschaft", "kein
 * Focus". (Feminine ones are left: "keine Nato", "eine Bundesregierung,
 * die handelt" mean the actor or its office.) */
static int common_noun_use(const ht_scan *sc, size_t i, const match *m)
{
    static const char *const articles[] = { "ein", "einen", "einem", "eines",
                                            "kein", "keinen", "keinem", "keines" };
    const ht_token *t = sc->doc->tokens.v;
    if (m->len != 1 || i == 0 || sc->g->e[m->entry].type == HT_ACTOR_PERSON ||
        (t[i].flags & HT_TF_UPPER) || !is_word(&t[i - 1]))
        return 0;
    return ht_scan_word_in(sc, i - 1, articles, sizeof articles / sizeof *articles);
}

/* A German federal ministry's short name that the text gives to another
 * state or names again after another state's: "das iranische Außenministerium", "des bayerischen
 * Innenministeriums", "das Außenministerium in Washington". The gazetteer
 * lists no such ministry, and the German one is wrong. */
static int foreign_ministry(const ht_scan *sc, size_t i, const match *m)
{
    const gz_entry *e = &sc->g->e[m->entry];
    const ht_doc *d = sc->doc;
    if (e->type != HT_ACTOR_ORG || !e->country || strcmp(e->country, "DE"))
        return 0;
    char key[64];
    size_t n = ht_token_key(d->text.s, &d->tokens.v[i + m->len - 1], key, sizeof key);
    if (n + 1 >= sizeof key || !strstr(key, "ministeri"))
        return 0;
    if (i > 0 && d->tokens.v[i - 1].type == HT_TOK_WORD &&
        !(d->tokens.v[i - 1].flags & HT_TF_CAP)) {
        size_t an = ht_token_key(d->text.s, &d->tokens.v[i - 1], key, sizeof key);
        static const char *const endings[] = { "ische", "ischen", "isches", "ischer" };
        for (size_t k = 0; an + 1 < sizeof key && k < 4; k++)
            if (an > strlen(endings[k]) && ht_scan_ends_with(key, an, endings[k]) &&
                strncmp(key, "deutsch", 7))
                return 1;
    }
    static const char *const in[] = { "in" }, *const federal[] = { "berlin", "bonn" };
    match place;
    size_t after = i + m->len;
    if (after + 1 < d->tokens.n && ht_scan_word_in(sc, after, in, 1) &&
        match_at(sc, after + 1, &place) && sc->g->e[place.entry].type == HT_ACTOR_LOCATION &&
        sc->g->e[place.entry].country)  /* "in Washington"; "in Düsseldorf", a state's */
        return strcmp(sc->g->e[place.entry].country, "DE") ||
               !ht_scan_word_in(sc, after + 1, federal, 2);
    n = ht_token_key(d->text.s, &d->tokens.v[i + m->len - 1], key, sizeof key);
    const ht_institution_kind *k = ht_institution_kind_of(key, n, 2);
    int32_t before = k ? ht_institution_before(sc, k, NULL) : -1;
    return before >= 0 && sc->out->actors[before].country &&  /* "ein Sprecher des */
           strcmp(sc->out->actors[before].country, "DE");     /* Außenministeriums" after Iran's */
}

/* A one-word organisation before a person's full name is that person's
 * title: "SVP-Nationalrat Thomas Aeschi", "der ehemalige Nationalrat Hans
 * Müller" (not "die Regierung Angela Merkels", a genitive). */
static int org_as_title(const ht_scan *sc, size_t i, const match *m)
{
    const ht_doc *d = sc->doc;
    if (m->len != 1 || sc->g->e[m->entry].type != HT_ACTOR_ORG || i + 2 >= d->tokens.n ||
        !(sc->cls[i] & HT_W_ROLE) || !firstname_token(sc, i + 1) || !ht_scan_cap(sc, i + 2) ||
        sc->mention_at[i] >= 0)
        return 0;  /* a word that is a role as well ("SpaceX Elon Musk", "der Grüne Robert
                    * Habeck" keep their organisations) */
    const ht_token *t = &d->tokens.v[i + 2];
    return d->text.s[t->end - 1] != 's';
}

/* The token after an agency's dateline at the start of paragraph p ("Berlin
 * (dpa) - ", "Kiew/Moskau (AFP/dpa) – "), or the paragraph's first token:
 * a place and an agency there say where the report comes from, not who acts. */
/* "Berlin – ", "Kiew/Moskau – " from b, the dash at i: places the
 * gazetteer knows, one after another, separated by slashes, then a dash
 * (a hyphen between spaces too) that more text follows. */
static int place_dateline(const ht_scan *sc, size_t b, size_t i)
{
    const ht_doc *d = sc->doc;
    const ht_token *t = &d->tokens.v[i];
    if (i + 1 >= d->tokens.n || !(t->type == HT_TOK_DASH ||
                                  (t->type == HT_TOK_PUNCT && d->text.s[t->start] == '-' &&
                                   (t->flags & HT_TF_SPACE))))
        return 0;
    /* then a sentence: a capitalised word ("Berlin – Die Grünen"), a name only before a
     * lowercase word ("Wien – Österreich wählt"); not a result ("Deutschland –
     * Schottland 5:1") or an aside ("Russland – der Aggressor –") */
    match after;
    if (!ht_scan_cap(sc, i + 1))
        return 0;
    if (match_at(sc, i + 1, &after)) {  /* "Wien – Österreich wählt", not "China – USA:" */
        size_t k = i + 1 + after.len;
        const ht_token *next = k < d->tokens.n ? &d->tokens.v[k] : NULL;
        if (!next || next->type != HT_TOK_WORD || (next->flags & HT_TF_CAP))
            return 0;
    }
    for (size_t k = b; k < i;) {
        match m;
        if (!match_at(sc, k, &m) || sc->g->e[m.entry].type != HT_ACTOR_LOCATION || k + m.len > i)
            return 0;
        k += m.len;
        if (k < i && d->text.s[d->tokens.v[k].start] != '/')
            return 0;
        k += k < i;
    }
    return 1;
}

static size_t after_dateline(const ht_scan *sc, size_t p)
{
    const ht_doc *d = sc->doc;
    const ht_span *sp = &d->paragraphs.v[p];
    size_t i = sp->tok_begin, e = sp->tok_end, words = 0;
    for (; i < e && words <= 4 && d->text.s[d->tokens.v[i].start] != '('; i++) {
        if (words && place_dateline(sc, sp->tok_begin, i))
            return i + 1;  /* "Berlin – Die Grünen ...": no agency, the place alone */
        if (!is_word(&d->tokens.v[i]) && d->text.s[d->tokens.v[i].start] != '/')
            return sp->tok_begin;  /* only the place's words: no sentence's end */
        words++;
    }
    if (i >= e || words == 0 || words > 4 || !ht_scan_cap(sc, sp->tok_begin))
        return sp->tok_begin;
    static const char *const agencies[] = { "dpa", "afp", "reuters", "ap", "kna", "epd", "apa",
                                            "sda", "sid", "dts", "rtr", "ddp", "dapd", "ots",
                                            "keystone-sda", "ats", "ansa", "efe", "upi",
                                            "dpa-afx", "awp", "red", "kathpress",
                                            /* dpa's regional services */
                                            "lsw", "lby", "lnw", "lhe", "lni", "lrs", "lmv",
                                            "lsa", "lth", "lno", "lbn", "lah" };
    size_t close = i + 1, named = 0;
    for (; close < e && close < i + 8 && d->text.s[d->tokens.v[close].start] != ')'; close++) {
        char ch = d->text.s[d->tokens.v[close].start];
        if (ht_scan_word_in(sc, close, agencies, sizeof agencies / sizeof *agencies))
            named++;
        else if (ch != '/' && ch != ',')  /* "Merz (CDU) - ", "Merz (69) - ", "(l.)" */
            return sp->tok_begin;
    }
    if (!named)
        return sp->tok_begin;
    size_t dash = close + 1;
    if (close >= e || close < i + 2 || dash >= e ||
        !(d->tokens.v[dash].type == HT_TOK_DASH ||
          (d->tokens.v[dash].type == HT_TOK_PUNCT && d->text.s[d->tokens.v[dash].start] == '-')))
        return sp->tok_begin;
    return dash + 1;
}

static ht_status pass(ht_scan *sc, ht_error *err)
{
    cursor c = { 0 };
    size_t n = sc->doc->tokens.n, para = SIZE_MAX;
    for (size_t i = 0; i < n;) {
        advance(sc, &c, i);
        if (sc->doc->paragraphs.n && c.para != para) {
            size_t begin = sc->doc->paragraphs.v[para = c.para].tok_begin;
            if (i == begin && (i = after_dateline(sc, para)) > begin)
                continue;
        }
        if (sc->skip_para && sc->doc->paragraphs.n && sc->skip_para[c.para] &&
            sc->doc->paragraphs.v[c.para].tok_begin <= i &&
            sc->doc->paragraphs.v[c.para].tok_end > i) {
            i = sc->doc->paragraphs.v[c.para].tok_end;
            continue;
        }
        const ht_token *t = &sc->doc->tokens.v[i];
        size_t next = i + 1;
        match m;
        ht_status st = HT_OK;
        if (t->type == HT_TOK_PUNCT || t->type == HT_TOK_QUOTE) {
            /* nothing starts here */
        } else if (match_at(sc, i, &m) && !other_person(sc, i, &m) &&
                   !common_noun_use(sc, i, &m) && !org_as_title(sc, i, &m) &&
                   !foreign_ministry(sc, i, &m)) {
            int gen;
            int32_t id = namesake_in_text(sc, i, &m, &gen);
            st = id >= 0 ? add_mention(sc, id, i, i + 1, c.sent, c.sb, gen, err)
                         : known_at(sc, &c, i, &m, err);
            next = i + m.len;
        } else if (!(t->flags & HT_TF_CAP) ||
                   !(is_word(t) || (t->type == HT_TOK_ABBREV && (sc->cls[i] & HT_W_TITLE)))) {
            /* names are capitalised words */
        } else if ((st = ht_institution_at(sc, c.sb, c.sent, i, &next, err)) != HT_OK ||
                   sc->mention_at[i] >= 0) {
            /* an institution: "Landgericht Berlin", "die Polizei" */
        } else {
            next = i + 1;
            int gen;
            int32_t id = surname_actor(sc, i, &gen);
            if (id >= 0 && (sc->cls[i] & HT_W_ROLE) && i > c.sb &&
                (sc->cls[i - 1] & HT_W_ARTICLE))
                id = -1;  /* "der Richter" after Peter Richter is the judge */
            /* a surname that is a first name too stands alone: "sagte Günther."
             * after Daniel Günther, not "Werner Kogler" after Peter Werner */
            if (id >= 0 && (!firstname_token(sc, i) || (single_name_ends(sc, i) &&
                                                         !name_particle_follows(sc, i))) &&
                (i != c.first_word || gen || initial_ok(sc, i)))
                st = add_mention(sc, id, i, i + 1, c.sent, c.sb, gen, err);
            else if (c.discover)
                st = discover_at(sc, &c, i, &next, err);
        }
        if (st != HT_OK)
            return st;
        i = next;
    }
    return HT_OK;
}

/* ---- for institutions.c ------------------------------------------------------------------- */

int ht_scan_match_at(const ht_scan *sc, size_t i, ht_match *m)
{
    return match_at(sc, i, m);
}

ht_status ht_scan_add_mention(ht_scan *sc, int32_t actor, size_t b, size_t e, size_t sent,
                              size_t sb, int genitive, ht_error *err)
{
    return add_mention(sc, actor, b, e, sent, sb, genitive, err);
}

ht_status ht_scan_new_actor(ht_scan *sc, const char *name, size_t len, int32_t *id,
                            ht_error *err)
{
    return new_actor(sc, name, len, id, err);
}

ht_status ht_scan_actor_known(ht_scan *sc, uint32_t entry, int32_t *id, ht_error *err)
{
    return actor_known(sc, entry, id, err);
}

/* ---- public -------------------------------------------------------------------------------- */

size_t ht_scan_mentions_before(const ht_scan *sc, size_t tok)
{
    const ht_analysis *a = sc->out;
    size_t lo = 0, hi = a->nmentions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->mentions[mid].tok_begin < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int ht_scan_party_epithet(const ht_scan *sc, size_t tok, int32_t actor)
{
    uint32_t entry = sc->actor_entry[actor];
    const char *party = entry != UINT32_MAX ? sc->g->e[entry].party : NULL;
    const ht_token *t = &sc->doc->tokens.v[tok];
    const char *s = sc->doc->text.s;
    size_t dash = t->start;
    while (dash < t->end && s[dash] != '-')
        dash++;
    if (!party || dash == t->start || dash + 1 >= t->end)
        return 0;
    char buf[HT_GZ_KEY_MAX];
    ht_token part = *t;
    part.end = (uint32_t)dash;
    size_t len = ht_token_key(s, &part, buf, sizeof buf);
    const gz_phrase *p = ht_gz_phrase(sc->g, ht_gz_seq(HT_GZ_SEQ0, ht_gz_key_hash(buf, len)));
    if (!p || p->ntok != 1 || strcmp(sc->g->e[p->entry].name, party))
        return 0;
    int female = t->end - dash > 3 && !memcmp(s + t->end - 2, "in", 2);
    return actor_gender(sc, actor) != (female ? 1 : 2);
}

int ht_scan_person_gender(const ht_scan *sc, int32_t id)
{
    return actor_gender(sc, id);
}

int32_t ht_scan_last_person(const ht_scan *sc, size_t tok, int gender)
{
    const ht_analysis *a = sc->out;
    size_t lo = ht_scan_mentions_before(sc, tok);
    /* the subject of this sentence or the two before, the centre of the
     * talk, before a person named later as an object ("Weidel griff Merz
     * an. Sie sagte ..." is Weidel) */
    size_t sent = sc->doc->sentences.n ? ht_doc_sentence_of(sc->doc, tok) : 0;
    for (size_t k = lo, seen = 0; k-- > 0 && seen < SEARCH_BACK; seen++) {
        const ht_mention *m = &a->mentions[k];
        if (m->sentence + 2 < sent)
            break;
        const ht_actor *ac = &a->actors[m->actor];
        if (ac->type == HT_ACTOR_PERSON && (m->flags & HT_MF_SUBJECT) &&
            !(gender && actor_gender(sc, (int32_t)m->actor) == 3 - gender))
            return (int32_t)m->actor;
    }
    for (size_t k = lo, seen = 0; k-- > 0 && seen < SEARCH_BACK; seen++) {
        const ht_actor *ac = &a->actors[a->mentions[k].actor];
        if (ac->type == HT_ACTOR_PERSON &&
            !(gender && actor_gender(sc, (int32_t)a->mentions[k].actor) == 3 - gender))
            return (int32_t)a->mentions[k].actor;
    }
    return -1;
}

static void finish(ht_scan *sc)
{
    ht_analysis *a = sc->out;
    for (size_t k = 0; k < a->nactors; k++) {
        a->actors[k].name = a->names + sc->name_off[k];
        a->actors[k].mention_count = 0;
    }
    for (size_t k = a->nmentions; k-- > 0;) {
        ht_actor *ac = &a->actors[a->mentions[k].actor];
        ac->first_mention = k;
        ac->mention_count++;
    }
}

void ht_analysis_clear(ht_analysis *a)
{
    a->nactors = a->nmentions = a->nquotes = 0;
    a->len_names = 0;
}

static ht_scan *scan_of(ht_analysis *a, ht_error *err)
{
    if (!a->scratch && !(a->scratch = calloc(1, sizeof(ht_scan))))
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the analysis");
    return a->scratch;
}

/* ---- what the whole text says ------------------------------------------------------------- */

/* Where the club's name holds the place's as a word: its offset, else -1
 * ("Bayern" in "FC Bayern München" at 3, "Dortmund" in "Borussia Dortmund"). */
static long word_in_name(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(name, word); p; p = strstr(p + 1, word))
        if ((p == name || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return (long)(p - name);
    return -1;
}

/* Whether the place mention mn may stand for a club: its sentence speaks of
 * sport or it or the one before names the club (club_sent), and nothing
 * about the mention says it is the place ("in Dortmund", "aus Köln", "die
 * Stadt Köln", "Dortmunds Oberbürgermeister"). */
/* Whether the word at i ends in a hyphen and one of the n words
 * ("Union-Trainer", "Bayern-Profis"). */
static int sport_compound(const ht_scan *sc, size_t i, const char *const *words, size_t n)
{
    const ht_token *t = &sc->doc->tokens.v[i];
    if (t->type != HT_TOK_WORD)
        return 0;
    char key[64];
    size_t len = ht_token_key(sc->doc->text.s, t, key, sizeof key);
    const char *dash = len + 1 < sizeof key ? strrchr(key, '-') : NULL;
    for (size_t k = 0; dash && k < n; k++)
        if (!strcmp(dash + 1, words[k]))
            return 1;
    return 0;
}

static int club_context(const ht_scan *sc, const ht_mention *mn, long club_sent)
{
    static const char *const sport[] = {
        "sieg", "siegt", "siegte", "gewinnt", "gewann", "verliert", "verlor", "spiel",
        "spiele", "tor", "tore", "treffer", "elfmeter", "halbzeit", "partie", "niederlage",
        "remis", "unentschieden", "liga", "bundesliga", "pokal", "saison", "tabelle", "punkte",
        "punkt", "stadion", "fans", "trainer", "coach", "schlug", "schlägt", "führte", "führt",
        "meister", "meisterschaft", "titel", "abstieg", "aufstieg", "minute", "derby",
        "champions", "kader", "transfer", "mannschaft", "heimspiel", "auswärtsspiel",
        "gewonnen", "verloren", "team", "spieltag", "torwart", "stürmer", "kapitän", "profi",
        "profis", "trainerin", "spieler", "spielerin", "verein", "klub", "zweitligist",
        "drittligist", "bundesligist", "aufsteiger", "schlusslicht", "tabellenführer",
        "abstiegsplatz", "tabellenplatz", "traf", "rückrunde", "hinrunde"
    };
    static const char *const place[] = { "in", "im", "aus", "nach", "bei", "beim", "nahe",
                                         "durch", "ins", "bis" };
    const ht_doc *d = sc->doc;
    const ht_span *st = &d->sentences.v[mn->sentence];
    size_t b = mn->tok_begin, sb = st->tok_begin;
    long p = (long)b - 1;
    if (p >= (long)sb && (sc->cls[p] & HT_W_ARTICLE))
        p--;
    if (p >= (long)sb && (ht_scan_word_in(sc, (size_t)p, place, sizeof place / sizeof *place) ||
                          (ht_scan_cap(sc, (size_t)p) && sc->mention_at[p] < 0)))
        return 0;  /* "in Dortmund", "die Stadt Köln" */
    if ((mn->flags & HT_MF_GENITIVE) && mn->tok_end < st->tok_end &&
        (sc->cls[mn->tok_end] & HT_W_ROLE) &&
        !ht_scan_word_in(sc, mn->tok_end, sport, sizeof sport / sizeof *sport))
        return 0;  /* "Dortmunds Oberbürgermeister", but "Dortmunds Trainer" */
    for (size_t i = sb; i < st->tok_end; i++)
        if (ht_scan_word_in(sc, i, sport, sizeof sport / sizeof *sport) ||
            sport_compound(sc, i, sport, sizeof sport / sizeof *sport))
            return 1;
    return club_sent >= 0 && mn->sentence <= (size_t)club_sent + 1;  /* "Der SC Freiburg
                                                                      * verlor. Freiburg ..." */
}

static int is_club(const ht_actor *a)
{
    return a->type == HT_ACTOR_ORG && a->role && strstr(a->role, "Fußballverein");
}

/* A text that names a club names it by its place as well: "Bayern siegt in
 * Dortmund" after "FC Bayern München" and "Borussia Dortmund" is the club
 * that wins, the city where ("in", "nach", "aus" before it keep the city).
 * A place that two clubs of the text have in their names ("Wien": Austria and
 * Rapid) stays the place. */
static void places_as_clubs(ht_scan *sc)
{
    ht_analysis *a = sc->out;
    for (size_t club = 0; club < a->nactors; club++) {
        if (!is_club(&a->actors[club]))
            continue;
        const char *name = a->names + sc->name_off[club];
        long club_sent = -1;  /* the sentence the text last named the club in itself */
        for (size_t m = 0; m < a->nmentions; m++) {
            ht_mention *mn = &a->mentions[m];
            if (mn->actor == club)  /* before this loop gives places to it */
                club_sent = (long)mn->sentence;
            const ht_actor *place = &a->actors[mn->actor];
            const char *pname = a->names + sc->name_off[mn->actor];
            /* as the text says it: "Union" for CDU/CSU, in a text that names Union
             * Berlin; "Freiburg" for Freiburg im Breisgau */
            char said[64];
            size_t len = mn->end - mn->start;
            int word = mn->tok_end == mn->tok_begin + 1 && len < sizeof said;
            if (word) {
                memcpy(said, sc->doc->text.s + mn->start, len);
                said[len] = '\0';
            }
            if (place->type == HT_ACTOR_ORG && !is_club(place) && word)
                pname = said;
            else if (place->type != HT_ACTOR_LOCATION)
                continue;
            if (word_in_name(name, pname) < 0 && word)
                pname = said;
            if (word_in_name(name, pname) < 0)
                continue;
            if (!club_context(sc, mn, club_sent))
                continue;
            int other = 0;  /* another club of the text has the place in its name too */
            for (size_t o = 0; o < a->nactors && !other; o++)
                other = o != club && is_club(&a->actors[o]) &&
                        word_in_name(a->names + sc->name_off[o], pname) >= 0;
            if (!other)
                mn->actor = (uint32_t)club;
        }
    }
}

/* The country a text is from, by its known people and organisations and
 * the place of its dateline (which counts twice): one other than Germany
 * that counts at least 3 and more than Germany ("Bern (SDA) - ...
 * Keller-Sutter ..."), else NULL. Actors that mean another one abroad do
 * not count: they are what is to be decided; nor do places, which a German
 * text names as often ("Grenzkontrollen zu Österreich"). */
static const char *text_country(const ht_scan *sc)
{
    const char *country[8];
    size_t count[8], n = 0, de = 0;
    const ht_analysis *a = sc->out;
    for (size_t m = 0; m < a->nmentions; m++) {
        uint32_t e = sc->actor_entry[a->mentions[m].actor];
        const gz_entry *ge = e != UINT32_MAX ? &sc->g->e[e] : NULL;
        /* people and organisations: a German text names Vienna and Switzerland too */
        const char *c = ge && !ge->nabroad && ge->type != HT_ACTOR_LOCATION ? ge->country : NULL;
        if (!c || !strcmp(c, "EU"))
            continue;
        if (!strcmp(c, "DE")) {
            de++;
            continue;
        }
        size_t k = 0;
        while (k < n && strcmp(country[k], c))
            k++;
        if (k == n && n == 8)
            continue;
        if (k == n)
            country[n] = c, count[n++] = 0;
        count[k]++;
    }
    /* a dateline's place counts twice: "Bern (SDA) - ", "Wien - " */
    for (size_t p = 0; p < sc->doc->paragraphs.n && p < 3; p++) {
        size_t b = sc->doc->paragraphs.v[p].tok_begin;
        match dm;
        if (after_dateline(sc, p) == b || !match_at(sc, b, &dm))
            continue;
        const char *c = sc->g->e[dm.entry].country;
        if (!c)
            break;
        if (!strcmp(c, "DE")) {
            de += 2;
            break;
        }
        size_t k = 0;
        while (k < n && strcmp(country[k], c))
            k++;
        if (k == n && n < 8)
            country[n] = c, count[n++] = 0;
        if (k < n)
            count[k] += 2;
        break;
    }
    size_t best = n;
    for (size_t k = 0; k < n; k++)
        if (count[k] >= 3 && count[k] > de && (best == n || count[k] > count[best]))
            best = k;
    return best < n ? country[best] : NULL;
}

/* "Bundesrat" in a Swiss text is the Swiss government, "Grüne" in an
 * Austrian one the Austrian party: an entry's "abroad" names the actor it
 * means in a text from that country. */
/* Whether the mention m of a German entry says it is the German one: "die
 * deutsche Bundesregierung", "die Grünen in Deutschland", or a German of
 * that party is in the text ("Christian Lindner" for the FDP). */
static int said_german(const ht_scan *sc, size_t m, const gz_entry *ge)
{
    static const char *const german[] = { "deutsche", "deutschen", "bundesdeutsche",
                                          "bundesdeutschen" };
    static const char *const places[] = { "deutschland", "berlin" };
    static const char *const in[] = { "in", "aus" };
    const ht_analysis *a = sc->out;
    const ht_mention *mn = &a->mentions[m];
    size_t b = mn->tok_begin, e = mn->tok_end, n = sc->doc->tokens.n;
    if (b > 0 && ht_scan_word_in(sc, b - 1, german, 4))
        return 1;
    if (e + 1 < n && ht_scan_word_in(sc, e, in, 2) && ht_scan_word_in(sc, e + 1, places, 2))
        return 1;
    for (size_t k = 0; k < a->nmentions; k++) {
        uint32_t pe = sc->actor_entry[a->mentions[k].actor];
        const gz_entry *p = pe != UINT32_MAX ? &sc->g->e[pe] : NULL;
        if (p && p->party && p->country && !strcmp(p->country, "DE") &&
            !strcmp(p->party, ge->name))
            return 1;
    }
    return 0;
}

/* The country (its code) an adjective right before token b names: "die
 * österreichische Bundesregierung" is Austria's, "der Schweizer Bundesrat"
 * Switzerland's; the table of institutions.c; NULL if none. */
static const char *adjective_country(const ht_scan *sc, size_t b)
{
    return b > 0 ? ht_adjective_country(sc, b - 1) : NULL;
}

/* For an entry of a country other than Germany that means another one
 * abroad ("Nationalrat": Austria's or Switzerland's), when the text's
 * country is not told: the one of those countries that the mention's
 * paragraph names by its places, people, organisations or adjectives
 * ("Schweizer Friedenspolitik", "aus Zürich") while it names the entry's own
 * not at all; else NULL. */
static const char *paragraph_country(const ht_scan *sc, size_t m, const gz_entry *ge)
{
    const ht_analysis *a = sc->out;
    const ht_doc *d = sc->doc;
    if (!ge->country || !strcmp(ge->country, "DE") || !d->paragraphs.n)
        return NULL;
    const ht_span *p = &d->paragraphs.v[ht_doc_paragraph_of(d, a->mentions[m].tok_begin)];
    size_t own = 0, other[8] = { 0 };
    for (size_t i = p->tok_begin; i < p->tok_end && i < p->tok_begin + 2000; i++) {
        const char *c = adjective_country(sc, i + 1);
        int32_t mi = sc->mention_at[i];
        if (!c && mi >= 0 && a->mentions[mi].tok_begin == i &&
            sc->actor_entry[a->mentions[mi].actor] != UINT32_MAX &&
            !sc->g->e[sc->actor_entry[a->mentions[mi].actor]].nabroad)
            c = sc->g->e[sc->actor_entry[a->mentions[mi].actor]].country;
        if (!c)
            continue;
        if (!strcmp(c, ge->country))
            own++;
        for (size_t k = 0; k < ge->nabroad && k < 8; k++)
            other[k] += !strcmp(c, ge->abroad[2 * k]);
    }
    const char *pick = NULL;
    for (size_t k = 0; !own && k < ge->nabroad && k < 8; k++)
        if (other[k])
            pick = pick ? NULL : ge->abroad[2 * k];  /* two countries: none */
    return pick;
}

static ht_status actors_abroad(ht_scan *sc, ht_error *err)
{
    const char *text = text_country(sc);
    ht_analysis *a = sc->out;
    for (size_t m = 0; m < a->nmentions; m++) {
        uint32_t e = sc->actor_entry[a->mentions[m].actor];
        const gz_entry *ge = e != UINT32_MAX ? &sc->g->e[e] : NULL;
        if (!ge || !ge->nabroad)
            continue;
        const char *country = adjective_country(sc, a->mentions[m].tok_begin);
        if (!country && !text)
            country = paragraph_country(sc, m, ge);
        if (!country && (!text || said_german(sc, m, ge)))
            continue;
        if (!country)
            country = text;
        for (size_t k = 0; ge && k < ge->nabroad; k++) {
            if (strcmp(ge->abroad[2 * k], country))
                continue;
            uint32_t to = ht_gz_entry_by_name(sc->g, ge->abroad[2 * k + 1]);
            int32_t id;
            if (to == HT_IDMAP_NONE)
                break;
            ht_status st = actor_known(sc, to, &id, err);
            if (st != HT_OK)
                return st;
            a->mentions[m].actor = (uint32_t)id;
            break;
        }
    }
    return HT_OK;
}

/* Whether actor k is a known person the text names only by a one-word
 * alias and never with the role it is known by: "Scholz warnt" in a
 * headline over "Die Ärztin Anna Scholz ...", not "Kanzler Merz". */
static int bare_namesake(ht_scan *sc, size_t k)
{
    const ht_analysis *a = sc->out;
    uint32_t entry = sc->actor_entry[k];
    if (!a->actors[k].known || a->actors[k].type != HT_ACTOR_PERSON || sc->named_full[k] ||
        entry == UINT32_MAX || famous_present(sc, entry))
        return 0;
    for (size_t m = 0; m < a->nmentions; m++)
        if (a->mentions[m].actor == k && known_role_before(sc, a->mentions[m].tok_begin, entry))
            return 0;
    return 1;
}

/* "Ministerin Reiche will sparen. ... Katherina Reiche": a person found by a
 * surname alone before the full name is the one person whose full name ends
 * in it (of no other gender); the surname's actor is then left with no
 * mention. So is a famous namesake named by the surname alone (see
 * namesake_in_text), whatever its gender: the text means its own. */
static void surnames_to_full_names(ht_scan *sc)
{
    ht_analysis *a = sc->out;
    for (size_t k = 0; k < a->nactors; k++) {
        const ht_actor *sur = &a->actors[k];
        const char *name = a->names + sc->name_off[k];
        int namesake = 0;
        if (sur->type != HT_ACTOR_PERSON)
            continue;
        if (sur->known) {
            if (!(namesake = bare_namesake(sc, k)) || !strrchr(name, ' '))
                continue;
            name = strrchr(name, ' ') + 1;
        } else if (strchr(name, ' ')) {
            continue;
        }
        size_t n = strlen(name), found = 0, full = 0;
        for (size_t f = 0; f < a->nactors && found < 2; f++) {
            const char *fn = a->names + sc->name_off[f];
            size_t fl = strlen(fn);
            if (f != k && a->actors[f].type == HT_ACTOR_PERSON && fl > n + 1 &&
                fn[fl - n - 1] == ' ' && !strcmp(fn + fl - n, name) &&
                (namesake || actor_gender(sc, (int32_t)f) + actor_gender(sc, (int32_t)k) != 3))
                found++, full = f;
        }
        if (found != 1)
            continue;
        for (size_t m = 0; m < a->nmentions; m++)
            if (a->mentions[m].actor == k)
                a->mentions[m].actor = (uint32_t)full;
    }
}

/* Drops the actors no mention is left to and numbers the others again in
 * the order of their first mentions, as the pass made them (a place taken
 * for a club may have been a club's first mention). */
static ht_status renumber_actors(ht_scan *sc, ht_error *err)
{
    ht_analysis *a = sc->out;
    size_t n = a->nactors, kept = 0;
    uint32_t *to = sc->drop_map;
    for (size_t k = 0; k < n; k++)
        to[k] = UINT32_MAX;
    for (size_t m = 0; m < a->nmentions; m++)
        if (to[a->mentions[m].actor] == UINT32_MAX)
            to[a->mentions[m].actor] = (uint32_t)kept++;
    int same = kept == n;
    for (size_t k = 0; same && k < n; k++)
        same = to[k] == k;
    if (same)
        return HT_OK;  /* nearly always: nothing moved */
    ht_actor *actors = malloc(n * sizeof *actors);
    size_t *off = malloc(n * sizeof *off);
    uint8_t *gender = malloc(n);
    uint32_t *entry = malloc(n * sizeof *entry);
    if (!actors || !off || !gender || !entry) {
        free(actors);
        free(off);
        free(gender);
        free(entry);
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for actors");
    }
    for (size_t k = 0; k < n; k++)
        if (to[k] != UINT32_MAX) {
            actors[to[k]] = a->actors[k];
            off[to[k]] = sc->name_off[k];
            gender[to[k]] = sc->name_gender[k];
            entry[to[k]] = sc->actor_entry[k];
        }
    memcpy(a->actors, actors, kept * sizeof *actors);
    memcpy(sc->name_off, off, kept * sizeof *off);
    memcpy(sc->name_gender, gender, kept);
    memcpy(sc->actor_entry, entry, kept * sizeof *entry);
    free(actors);
    free(off);
    free(gender);
    free(entry);
    for (size_t m = 0; m < a->nmentions; m++)
        a->mentions[m].actor = to[a->mentions[m].actor];
    a->nactors = kept;
    return HT_OK;
}

ht_status ht_analyse(const ht_gazetteer *g, const ht_doc *doc, ht_analysis *out, ht_error *err)
{
    return ht_analyse_except(g, doc, NULL, out, err);
}

ht_status ht_analyse_except(const ht_gazetteer *g, const ht_doc *doc, const unsigned char *skip,
                            ht_analysis *out, ht_error *err)
{
    ht_analysis_clear(out);
    if (!g || !doc)
        return ht_error_set(err, HT_ERR_INVALID, "ht_analyse: no gazetteer or no document");
    if (doc->tokens.n >= INT32_MAX)
        return ht_error_set(err, HT_ERR_LIMIT, "ht_analyse: %zu tokens are too many",
                            doc->tokens.n);
    ht_scan *sc = scan_of(out, err);
    if (!sc)
        return HT_ERR_NOMEM;
    sc->g = g;
    sc->doc = doc;
    sc->out = out;
    sc->h_der = ht_gz_key_hash("der", 3);
    sc->h_es = ht_gz_key_hash("es", 2);
    sc->h_nach = ht_gz_key_hash("nach", 4);
    sc->h_angaben = ht_gz_key_hash("angaben", 7);
    sc->skip_para = skip;
    ht_status st = prepare(sc, err);
    if (st == HT_OK)
        st = pass(sc, err);
    if (st == HT_OK)
        st = actors_abroad(sc, err);
    if (st == HT_OK && !GROW(sc->drop_map, sc->cap_drop, out->nactors + 1))
        st = ht_error_set(err, HT_ERR_NOMEM, "out of memory for actors");
    if (st == HT_OK) {
        places_as_clubs(sc);
        surnames_to_full_names(sc);
        st = renumber_actors(sc, err);
    }
    if (st == HT_OK) {
        finish(sc);
        st = ht_find_quotes(sc, err);
    }
    if (st != HT_OK)
        ht_analysis_clear(out);
    return st;
}

size_t ht_analysis_after_dateline(const ht_analysis *a, size_t para)
{
    const ht_scan *sc = a ? a->scratch : NULL;
    if (!sc || !sc->doc || para >= sc->doc->paragraphs.n)
        return 0;
    return after_dateline(sc, para);
}

void ht_analysis_free(ht_analysis *a)
{
    if (!a)
        return;
    ht_scan *sc = a->scratch;
    if (sc) {
        free(sc->key);
        free(sc->cls);
        free(sc->mention_at);
        free(sc->maxlen);
        free(sc->sent_speaker);
        free(sc->name_off);
        free(sc->name_gender);
        free(sc->named_full);
        free(sc->actor_entry);
        free(sc->drop_map);
        ht_idmap_free(&sc->ids);
        ht_idmap_free(&sc->surnames);
        free(sc);
    }
    free(a->actors);
    free(a->mentions);
    free(a->quotes);
    free(a->names);
    memset(a, 0, sizeof *a);
}

int32_t ht_analysis_find(const ht_analysis *a, const char *name)
{
    for (size_t k = 0; k < a->nactors; k++)
        if (!strcmp(a->actors[k].name, name))
            return (int32_t)k;
    return -1;
}
