/* quotes.c: direct quotes, reported speech and "laut X" attributions, and who
 * says them.
 *
 *   - Quotation marks („“ “” »« «» ‚‘ ‹› and straight ones) are paired with a
 *     bounded stack per paragraph: a closing mark closes the nearest opener
 *     that expects it, marks beyond the stack's depth are ignored, unclosed
 *     ones are dropped at the paragraph's end. Only outermost quotes count.
 *   - A direct quote's speaker comes from a speech verb right after it
 *     ("“, sagte Selenskyj", "“, hatte Merz gesagt", "“, so Krüger"), or
 *     before it in its sentence ("Merz sagte: „"), or from "laut X".
 *     Pronouns (er, sie) stand for the last person who was a subject in
 *     this sentence or the two before, else the last person mentioned; "der
 *     Vizekanzler" for the last person named whose role has that word.
 *   - Each sentence with a speech verb and a subject gets a speaker (the
 *     subject before the verb, or the name right after it); what a saying
 *     verb says is reported speech: "..., dass ...", the clause after "X
 *     sagte,", the sentence before ", sagte X."
 *   - A clause with a Konjunktiv I verb (habe, sei, werde ...) is reported
 *     speech of: the speaker of a speech verb in another clause of the same
 *     sentence, else the source of "heißt es aus X" there, else the previous
 *     sentence's speaker, else the subject actor of the clause.
 *   - "Laut X (und Y)", "X zufolge" and ", so X" make the sentence X's.
 * Speakers are never genitive mentions ("ein Berater Putins" is not Putin). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "classifier/scan.h"
#include "features/extract.h"

#define STACK_MAX 32    /* nesting depth of quotation marks that is followed */
#define AFTER_MAX 8     /* tokens after a speech verb searched for its speaker */
#define ASIDE_MAX 8     /* tokens of an aside after a name: "(CDU)", "(SPÖ, 2. v. l.)" */
#define INLINE_QUOTE_MAX 6  /* tokens quoted inside a clause: der „Weltklasse“ gespielt habe */
#define AUX_REACH 5     /* tokens from "hatte" to its participle "gesagt" */
#define SEP_REACH 12    /* tokens from "teilte" to its particle "mit" */
#define AGE_REACH 4000  /* tokens before "der 70-Jährige" where the age may be given */
#define REPORT_SENTENCE_MAX 150  /* longest sentence the report rules scan whole */

enum mark { M_NONE, M_LOW9, M_LDQ, M_RDQ, M_LOW9S, M_LSQ, M_RSQ, M_RAQ, M_LAQ, M_RSAQ,
            M_LSAQ, M_DQ, M_SQ };

typedef struct opener {
    size_t tok;
    unsigned expect;  /* bit per enum mark that closes it */
} opener;

static enum mark mark_of(const char *s, const ht_token *t)
{
    const unsigned char *p = (const unsigned char *)s + t->start;
    size_t n = t->end - t->start;
    if (n == 1)
        return p[0] == '"' ? M_DQ : p[0] == '\'' ? M_SQ : M_NONE;
    if (n == 2 && p[0] == 0xc2)
        return p[1] == 0xbb ? M_RAQ : p[1] == 0xab ? M_LAQ : M_NONE;
    if (n != 3 || p[0] != 0xe2 || p[1] != 0x80)
        return M_NONE;
    switch (p[2]) {
    case 0x9e: return M_LOW9;
    case 0x9c: return M_LDQ;
    case 0x9d: return M_RDQ;
    case 0x9a: return M_LOW9S;
    case 0x98: return M_LSQ;
    case 0x99: return M_RSQ;
    case 0xba: return M_RSAQ;
    case 0xb9: return M_LSAQ;
    }
    return M_NONE;
}

#define B(m) (1u << (m))

/* What an opening mark expects; 0 if the mark never opens. */
static unsigned expects(enum mark m)
{
    switch (m) {
    case M_LOW9: return B(M_LDQ) | B(M_RDQ) | B(M_DQ);
    case M_LDQ: return B(M_RDQ) | B(M_LDQ);
    case M_RAQ: return B(M_LAQ);
    case M_LAQ: return B(M_RAQ);
    case M_RSAQ: return B(M_LSAQ);
    case M_LSAQ: return B(M_RSAQ);
    case M_LOW9S: return B(M_LSQ) | B(M_RSQ);
    case M_LSQ: return B(M_RSQ);
    case M_DQ: return B(M_DQ);
    default: return 0;
    }
}

/* ---- small helpers ------------------------------------------------------------------------- */

static const ht_token *tk(const ht_scan *sc, size_t i)
{
    return &sc->doc->tokens.v[i];
}

static char punct(const ht_scan *sc, size_t i)
{
    const ht_token *t = tk(sc, i);
    return t->type == HT_TOK_PUNCT ? sc->doc->text.s[t->start] : 0;
}

/* The apostrophe of a genitive right after a name in -s, -z, -x ("Merz'
 * Vorschlag", "Scholz’ Regierung"): no quotation mark. */
static int genitive_apostrophe(const ht_scan *sc, size_t i)
{
    const ht_token *t = tk(sc, i);
    enum mark m = mark_of(sc->doc->text.s, t);
    if ((m != M_SQ && m != M_RSQ) || i == 0 || (t->flags & HT_TF_SPACE) ||
        sc->mention_at[i - 1] < 0 || i + 1 >= sc->doc->tokens.n ||
        !(tk(sc, i + 1)->flags & HT_TF_SPACE) || tk(sc, i + 1)->type != HT_TOK_WORD)
        return 0;
    char last = sc->doc->text.s[tk(sc, i - 1)->end - 1];
    return last == 's' || last == 'z' || last == 'x';
}

static int clause_end(const ht_scan *sc, size_t i)
{
    const ht_token *t = tk(sc, i);
    char c = punct(sc, i);
    return (t->type == HT_TOK_QUOTE && !genitive_apostrophe(sc, i)) || t->type == HT_TOK_DASH ||
           c == ',' || c == ';' || c == ':' || c == '(' || c == ')' ||
           ht_token_is_terminal(sc->doc->text.s, t);
}

static int lower_word(const ht_scan *sc, size_t i)
{
    return tk(sc, i)->type == HT_TOK_WORD && !(tk(sc, i)->flags & (HT_TF_CAP | HT_TF_UPPER));
}

/* A mention that can be a speaker: not a genitive; its index or -1. */
static int32_t speaker_mention_at(const ht_scan *sc, size_t i)
{
    int32_t m = sc->mention_at[i];
    if (m < 0 || (sc->out->mentions[m].flags & HT_MF_GENITIVE))
        return -1;
    return m;
}

typedef struct who {
    int32_t actor, mention, cue;
} who;

static const who nobody = { -1, -1, -1 };

static who from_mention(const ht_scan *sc, int32_t m, size_t cue)
{
    return (who){ (int32_t)sc->out->mentions[m].actor, m, (int32_t)cue };
}

/* "ein Sprecher des Auswärtigen Amts", "eine Sprecherin von Volkswagen",
 * "die Sprecherin der Bundesregierung" from k on (before limit): the
 * organisation (or the government a capital stands for) one speaks for is
 * the speaker; its mention or -1. */
static int32_t spokesperson_of(const ht_scan *sc, size_t k, size_t limit)
{
    static const char *const speaks[] = { "sprecher", "sprecherin", "pressesprecher",
                                          "pressesprecherin", "vertreter", "vertreterin",
                                          "sprechers", "vertreters" };
    static const char *const of[] = { "des", "der", "von", "vom" };
    char key[HT_GZ_KEY_MAX];  /* "Gerichtssprecherin", "eines Polizeisprechers" */
    size_t i = k, n = sc->doc->tokens.n;
    if (i < limit && i < n && (sc->cls[i] & HT_W_ARTICLE) && lower_word(sc, i))
        i++;
    else if (i < limit && i < n && (sc->cls[i] & HT_W_ARTICLE) && i == k)
        i++;  /* "Ein Sprecher ..." opening the sentence */
    if (i + 2 >= limit || i + 2 >= n || !ht_scan_cap(sc, i) || sc->mention_at[i] >= 0 ||
        !(ht_scan_word_in(sc, i, speaks, sizeof speaks / sizeof *speaks) ||
          ht_scan_spokes_prefix(sc, i, key)) ||
        !ht_scan_word_in(sc, i + 1, of, sizeof of / sizeof *of))
        return -1;
    i += 2;
    if (i + 1 < limit && (sc->cls[i] & HT_W_ARTICLE) && sc->mention_at[i] < 0)
        i++;  /* "von der Bundesregierung" */
    int32_t m = i < limit ? sc->mention_at[i] : -1;
    if (m < 0 || sc->out->mentions[m].tok_begin != i ||
        sc->out->actors[sc->out->mentions[m].actor].type == HT_ACTOR_PERSON)
        return -1;
    size_t e = sc->out->mentions[m].tok_end;
    if (e + 1 < n && punct(sc, e) == ',' && ht_scan_cap(sc, e + 1))
        return -1;  /* "die Sprecherin des Weißen Hauses, Jen Psaki": she speaks */
    return m;
}

/* The person the pronoun at pron stands for, looked for before at. */
static who from_pronoun(const ht_scan *sc, size_t pron, size_t at, size_t cue)
{
    static const char *const er[] = { "er" }, *const sie[] = { "sie" };
    int gender = ht_scan_word_in(sc, pron, er, 1) ? 1 : ht_scan_word_in(sc, pron, sie, 1) ? 2 : 0;
    int32_t a = ht_scan_last_person(sc, at, gender);
    return a < 0 ? nobody : (who){ a, -1, (int32_t)cue };
}

/* ---- adding quotes ------------------------------------------------------------------------- */

static ht_status add_quote(ht_scan *sc, size_t b, size_t e, who w, int kind, ht_error *err)
{
    ht_analysis *a = sc->out;
    if (e <= b)
        return HT_OK;
    if (kind != HT_QUOTE_DIRECT && e < sc->doc->tokens.n && tk(sc, e)->type == HT_TOK_QUOTE) {
        size_t marks = 0;  /* the mark that closes quoted words of the clause is its own:
                            * "habe sich «massiv verschlechtert»." */
        for (size_t i = b; i < e; i++)
            marks += tk(sc, i)->type == HT_TOK_QUOTE;
        e += marks % 2;
    }
    if (a->nquotes == a->cap_quotes) {
        size_t cap = a->cap_quotes ? a->cap_quotes * 2 : 16;
        ht_quote *q = realloc(a->quotes, cap * sizeof *q);
        if (!q)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory for quotes");
        a->quotes = q;
        a->cap_quotes = cap;
    }
    a->quotes[a->nquotes++] = (ht_quote){ tk(sc, b)->start, tk(sc, e - 1)->end, (uint32_t)b,
                                          (uint32_t)e, w.actor, w.cue, (uint8_t)kind,
                                          w.mention, (uint32_t)ht_doc_sentence_of(sc->doc, b) };
    return HT_OK;
}

/* ---- speakers ------------------------------------------------------------------------------ */

/* Whether the word at i, before mention m, is the particle of its actor's
 * name ("von" of Markus von Ehrenberg), not a preposition. */
static int particle_of_name(const ht_scan *sc, int32_t m, size_t i)
{
    static const char *const den[] = { "den" };  /* "van den Berg" */
    if (!lower_word(sc, i) || !((sc->cls[i] & HT_W_NAMEPART) || ht_scan_word_in(sc, i, den, 1)))
        return 0;
    const ht_token *t = tk(sc, i);
    const char *name = sc->out->actors[sc->out->mentions[m].actor].name;
    size_t n = t->end - t->start;
    for (const char *p = strchr(name, ' '); p; p = strchr(p + 1, ' '))
        if (!strncmp(p + 1, sc->doc->text.s + t->start, n) && p[1 + n] == ' ')
            return 1;
    return 0;
}

/* Whether the mention m is the object of a preposition or in the dative or
 * accusative: "mit Macron", "im ZDF", "auf die AfD", "dem Handelsblatt",
 * over the words that may stand between ("gegenüber der Deutschen ..."). */
static int governed(const ht_scan *sc, int32_t m, size_t sb)
{
    const ht_mention *mn = &sc->out->mentions[m];
    size_t i = mn->tok_begin;
    while (i > sb && particle_of_name(sc, m, i - 1))
        i--;  /* "sagte von Ehrenberg" for Markus von Ehrenberg */
    if (i > sb + 1 && tk(sc, i - 1)->type == HT_TOK_QUOTE && mn->tok_end < sc->doc->tokens.n &&
        tk(sc, mn->tok_end)->type == HT_TOK_QUOTE)
        i--;  /* "dem „Spiegel“" */
    while (i-- > sb) {
        uint32_t c = sc->cls[i];
        if (c & HT_W_PREP)
            return 1;
        if ((c & HT_W_ARTICLE) &&
            (!(c & HT_W_ART_NOM) || ht_scan_dative_der(sc, i, mn->tok_begin, mn->tok_end)))
            return 1;
        int adjective = lower_word(sc, i) && !(c & HT_W_FUNC);
        if (!(c & (HT_W_ARTICLE | HT_W_ROLE)) && !adjective)
            return 0;
    }
    return 0;
}

/* Whether role, case folded, has a word that starts with the stem of the
 * adjective at i ("bayerische" in "Bayerischer Ministerpräsident"): "der
 * bayerische Ministerpräsident" is Söder, "der frühere Kanzler" no one
 * whose present role is Kanzler. */
static int role_has_adjective(const ht_scan *sc, const char *role, size_t i)
{
    char key[64];
    size_t n = ht_token_key(sc->doc->text.s, tk(sc, i), key, sizeof key);
    if (n + 1 >= sizeof key)
        return 0;
    static const char *const endings[] = { "en", "em", "er", "es", "e" };
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
        size_t e = strlen(endings[k]);
        if (n > e + 3 && !memcmp(key + n - e, endings[k], e)) {
            n -= e;
            break;
        }
    }
    char *folded = ht_scan_folded_role(role);
    if (!folded)
        return 0;
    const char *f = folded;
    int found = 0;
    for (const char *p = f; !found && *p; p++)
        found = (p == f || strchr(" ,()/-", p[-1])) && !strncmp(p, key, n);
    free(folded);
    return found;
}

/* Whether the word at i may be an adjective inside a noun phrase: "der
 * bayerische Ministerpräsident", "die frühere Kanzlerin". */
static int adjective(const ht_scan *sc, size_t i)
{
    return lower_word(sc, i) && !(sc->cls[i] & (HT_W_FUNC | HT_W_SPEECH | HT_W_FINITE |
                                               HT_W_AUX | HT_W_KONJ | HT_W_PARTICLE));
}

/* "sagte der Vizekanzler", "sagte der bayerische Ministerpräsident": a
 * definite article and a role word at k that name no one stand for the last
 * person before k whose role has that word (the Vizekanzler named a few
 * sentences before). An epithet no role has ("die FDP-Politikerin") stands
 * for the last person, as "sie" would. */
/* Whether role has an office that the key w of n bytes names by another
 * word: "Regierungschef" for a Kanzler, Ministerpräsident, Premier or
 * Landeshauptmann, "Staatschef" and "Staatsoberhaupt" for a Präsident,
 * "Rathauschef" and "Stadtoberhaupt" for a (Ober-)Bürgermeister. */
static int role_synonym(const char *role, const char *w, size_t n)
{
    static const struct {
        const char *word;
        const char *offices[6];
    } synonyms[] = {
        { "regierungschef", { "kanzler", "ministerpräsident", "premierminister", "premier",
                              "landeshauptmann", NULL } },
        { "regierungschefin", { "kanzlerin", "ministerpräsidentin", "premierministerin",
                                "landeshauptfrau", NULL } },
        { "staatschef", { "präsident", "staatspräsident", NULL } },
        { "staatschefin", { "präsidentin", "staatspräsidentin", NULL } },
        { "rathauschef", { "bürgermeister", NULL } },
        { "rathauschefin", { "bürgermeisterin", NULL } },
        { "stadtoberhaupt", { "bürgermeister", "bürgermeisterin", NULL } },
        { "staatsoberhaupt", { "präsident", "präsidentin", "staatspräsident",
                               "staatspräsidentin", "könig", NULL } },
    };
    for (size_t i = 0; i < sizeof synonyms / sizeof *synonyms; i++) {
        if (strlen(synonyms[i].word) != n || memcmp(synonyms[i].word, w, n))
            continue;
        for (size_t j = 0; synonyms[i].offices[j]; j++)
            if (ht_scan_role_has(role, synonyms[i].offices[j], strlen(synonyms[i].offices[j])))
                return 1;
    }
    return 0;
}

/* The age an "N-jährig..." word at r gives ("70-Jährige", "70-jährigen"),
 * or -1. */
static long age_of(const ht_scan *sc, size_t r)
{
    const ht_token *t = tk(sc, r);
    const char *s = sc->doc->text.s + t->start;
    size_t len = t->end - t->start, digits = 0;
    long age = 0;
    while (digits < len && digits < 3 && s[digits] >= '0' && s[digits] <= '9')
        age = age * 10 + (s[digits++] - '0');
    static const char stem[] = "-jährig", cap[] = "-Jährig";
    size_t sl = sizeof stem - 1;
    if (!digits || len < digits + sl || len > digits + sl + 3 ||
        (memcmp(s + digits, stem, sl) && memcmp(s + digits, cap, sl)))
        return -1;
    return age;
}

/* Whether token r is an age that names a person: "70-Jährige", "45-Jähriger"
 * (not the adjective's other forms, "70-jährigen Rentner"). */
static int age_word(const ht_scan *sc, size_t r)
{
    const ht_token *t = tk(sc, r);
    const char *s = sc->doc->text.s + t->start;
    size_t len = t->end - t->start;
    return age_of(sc, r) >= 0 &&
           (!memcmp(s + len - 3, "ige", 3) || !memcmp(s + len - 4, "iger", 4));
}

/* The age "N Jahre alt" gives with its number at i ("34 Jahre alt", "die 80
 * Jahre alte Frau"), or -1; the words looked at end before limit. */
static long years_old(const ht_scan *sc, size_t i, size_t limit)
{
    static const char *const jahre[] = { "jahre" };
    const ht_token *t = tk(sc, i);
    if (t->type != HT_TOK_NUMBER || i + 2 >= limit || !ht_scan_word_in(sc, i + 1, jahre, 1))
        return -1;
    const char *s = sc->doc->text.s + t->start;
    size_t n = t->end - t->start;
    char key[64];
    size_t kn = ht_token_key(sc->doc->text.s, tk(sc, i + 2), key, sizeof key);
    if (n > 3 || kn < 3 || kn + 1 >= sizeof key || memcmp(key, "alt", 3))
        return -1;
    long age = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9')
            return -1;
        age = age * 10 + (s[k] - '0');
    }
    return age;
}

/* "der 70-Jährige", "die 45-jährige": a person named by age. The person an
 * age was given to before ("der 70-jährige Rentner Hans Meier"); else none
 * when the text brought in someone unnamed of that age ("Ein 19-Jähriger
 * hat ...", "gegen den 52-jährigen Unternehmer", "Er ist 34 Jahre alt");
 * else the one person of the article's gender named in this sentence or
 * the three before (two of them: who is meant cannot be told). */
static who age_reference(const ht_scan *sc, size_t k, size_t limit, size_t cue)
{
    static const char *const der[] = { "der" }, *const die[] = { "die" };
    static const char *const ein[] = { "ein", "eine", "einer", "einen", "einem" };
    size_t n = sc->doc->tokens.n, r = k + 1;
    if (r >= n || r >= limit || !age_word(sc, r))
        return nobody;
    int gender = ht_scan_word_in(sc, k, der, 1) ? 1 : ht_scan_word_in(sc, k, die, 1) ? 2 : 0;
    if (!gender ||
        (r + 1 < n && r + 1 < limit && !clause_end(sc, r + 1) && !lower_word(sc, r + 1)))
        return nobody;  /* "der 70-Jährige Rentner" */
    long age = age_of(sc, r);
    const ht_analysis *a = sc->out;
    int32_t given = -1;
    for (size_t i = k > AGE_REACH ? k - AGE_REACH : 0; i < k; i++) {
        if (tk(sc, i)->type != HT_TOK_WORD || age_of(sc, i) != age) {
            if (years_old(sc, i, k) == age)
                return nobody;  /* "Der Angeklagte ist 34 Jahre alt", "die 80 Jahre alte Frau" */
            continue;
        }
        if (i > 0 && ht_scan_word_in(sc, i - 1, ein, sizeof ein / sizeof *ein))
            return nobody;  /* "Ein 19-Jähriger hat ..." */
        int32_t named = -1;
        for (size_t j = i + 1; j < k && j <= i + 3 && named < 0; j++)
            if (sc->mention_at[j] >= 0 &&
                a->actors[a->mentions[sc->mention_at[j]].actor].type == HT_ACTOR_PERSON)
                named = (int32_t)a->mentions[sc->mention_at[j]].actor;
        if (named < 0 && i + 1 < k && ht_scan_cap(sc, i + 1) && sc->mention_at[i + 1] < 0 &&
            lower_word(sc, i))
            return nobody;  /* "gegen den 52-jährigen Unternehmer": someone unnamed */
        given = named >= 0 ? named : given;
    }
    if (given >= 0)
        return (who){ given, -1, (int32_t)cue };
    size_t sent = ht_doc_sentence_of(sc->doc, k);
    int32_t found = -1;
    for (size_t m = ht_scan_mentions_before(sc, k), seen = 0; m-- > 0 && seen < 200; seen++) {
        if (a->mentions[m].sentence + 3 < sent)
            break;
        int32_t id = (int32_t)a->mentions[m].actor;
        if (a->actors[id].type != HT_ACTOR_PERSON || id == found ||
            ht_scan_person_gender(sc, id) == 3 - gender)
            continue;
        if (found >= 0)
            return nobody;  /* "Merz traf Söder. ..., sagte der 58-Jährige" */
        found = id;
    }
    return found >= 0 ? (who){ found, -1, (int32_t)cue } : nobody;
}

static who role_reference(const ht_scan *sc, size_t k, size_t limit, size_t cue)
{
    static const char *const definite[] = { "der", "die", "das" };  /* "das Stadtoberhaupt" */
    size_t n = sc->doc->tokens.n, r = k + 1;
    if (k + 1 >= n || k + 1 >= limit || !ht_scan_word_in(sc, k, definite, 3))
        return nobody;
    who aged = age_reference(sc, k, limit, cue);
    if (aged.actor >= 0)
        return aged;
    while (r < n && r < limit && r < k + 3 && adjective(sc, r))
        r++;
    if (r >= n || r >= limit || !(sc->cls[r] & HT_W_ROLE) || !(tk(sc, r)->flags & HT_TF_CAP) ||
        sc->mention_at[r] >= 0)
        return nobody;
    /* the role must end the phrase: not "der Sprecher des Ministeriums",
     * "der Vizekanzler und SPD-Chef Lars Klingbeil", "die Vorsitzende der IG
     * Metall, Christiane Benner" */
    size_t after = r + 1;
    if (after < n && after < limit && !clause_end(sc, after) &&
        (!lower_word(sc, after) || (sc->cls[after] & (HT_W_ARTICLE | HT_W_COORD))))
        return nobody;
    if (after < n && punct(sc, after) == ',' && after + 1 < n && !lower_word(sc, after + 1))
        return nobody;
    char key[64];
    size_t len = ht_token_key(sc->doc->text.s, tk(sc, r), key, sizeof key);
    if (len == 0 || len + 1 >= sizeof key)  /* a key cut to fit matches nothing */
        return nobody;
    const char *w = memchr(key, '-', len) ? strrchr(key, '-') + 1 : key;  /* "...-politikerin" */
    size_t wn = len - (size_t)(w - key);
    const ht_analysis *a = sc->out;
    for (size_t m = ht_scan_mentions_before(sc, k), seen = 0; m-- > 0 && seen < 200; seen++) {
        const ht_actor *ac = &a->actors[a->mentions[m].actor];
        int fits = ac->type == HT_ACTOR_PERSON && ac->role && ht_scan_role_has(ac->role, w, wn);
        for (size_t j = k + 1; fits && j < r; j++)
            fits = role_has_adjective(sc, ac->role, j);
        if (fits)
            return (who){ (int32_t)a->mentions[m].actor, -1, (int32_t)cue };
    }
    /* "der Regierungschef" after "Ministerpräsident Olaf Lies": the one such
     * officeholder of this sentence and the three before (of two, "Stocker
     * traf Merz. Der Regierungschef betonte", no one can tell which) */
    int32_t office = -1;
    size_t sent = ht_doc_sentence_of(sc->doc, k);
    for (size_t m = ht_scan_mentions_before(sc, k), seen = 0; m-- > 0 && seen < 200; seen++) {
        const ht_actor *ac = &a->actors[a->mentions[m].actor];
        if (a->mentions[m].sentence + 3 < sent)
            break;
        if (ac->type != HT_ACTOR_PERSON || !ac->role || (int32_t)a->mentions[m].actor == office ||
            !role_synonym(ac->role, w, wn))
            continue;
        if (office >= 0)
            return nobody;
        office = (int32_t)a->mentions[m].actor;
    }
    if (office >= 0)
        return (who){ office, -1, (int32_t)cue };
    /* "die SPD-Politikerin": the last person of that party, by the gazetteer */
    for (size_t m = ht_scan_mentions_before(sc, k), seen = 0; m-- > 0 && seen < 200; seen++) {
        int32_t id = (int32_t)a->mentions[m].actor;
        if (a->actors[id].type == HT_ACTOR_PERSON && ht_scan_party_epithet(sc, r, id))
            return (who){ id, -1, (int32_t)cue };
    }
    return nobody;
}

/* Whether the "und" at i joins two roles of one person after k: "der
 * Vizekanzler und SPD-Chef Lars Klingbeil". */
static int roles_joined(const ht_scan *sc, size_t i, size_t k)
{
    size_t n = sc->doc->tokens.n;
    return i > k && i + 1 < n && (sc->cls[i] & HT_W_COORD) && (sc->cls[i - 1] & HT_W_ROLE) &&
           (sc->cls[i + 1] & HT_W_ROLE) && (tk(sc, i + 1)->flags & HT_TF_CAP);
}

/* The speaker named from token k on, after the speech verb at cue: the first
 * non-genitive mention no preposition governs before the clause ends ("sagte
 * der Sprecher des Kremls, Dmitri Peskow" reaches Peskow, "sagte Merz in
 * Berlin" stops at Merz, "sagte der Vorsitzende in Berlin" finds no one), or
 * a pronoun right at k. */
static who speaker_from(const ht_scan *sc, size_t k, size_t limit, size_t cue)
{
    size_t n = sc->doc->tokens.n, commas = 0;
    if (k < n && k < limit && (sc->cls[k] & HT_W_PRON) && lower_word(sc, k))
        return from_pronoun(sc, k, cue, cue);
    int32_t office = spokesperson_of(sc, k, limit);  /* ", sagte ein Sprecher des Kremls" */
    if (office >= 0)
        return from_mention(sc, office, cue);
    who role = role_reference(sc, k, limit, cue);
    if (role.actor >= 0)
        return role;
    for (size_t i = k; i < n && i < limit && i < k + AFTER_MAX; i++) {
        int32_t m = speaker_mention_at(sc, i);
        if (m >= 0 && ((sc->cls[cue] & HT_W_IMPERS) || !governed(sc, m, k)))
            return from_mention(sc, m, cue);  /* but "heißt es aus Moskau" */
        if (m >= 0) {
            i = sc->out->mentions[m].tok_end - 1;
            continue;
        }
        if (punct(sc, i) == ',' && commas++ == 0)
            continue;
        if (roles_joined(sc, i, k))
            continue;
        if (clause_end(sc, i) || (sc->cls[i] & (HT_W_CLAUSE | HT_W_SPEECH)))
            break;
    }
    return nobody;
}

static int apposition_at(const ht_scan *sc, size_t k, size_t se);

/* When ")" at i closes an aside right after a name ("Merz (CDU)", "Babler
 * (SPÖ, 2. v. l.)"): the "(" that opens it; when "," at i closes an age, a
 * party or place, or what the person is between commas ("Hans Müller, 54,
 * sagte", "Olaf Scholz, SPD, sagte", "Hans Müller, Professor für Politik,
 * sagte"): the comma before it; else i. */
static size_t aside_open(const ht_scan *sc, size_t i, size_t sb)
{
    if (punct(sc, i) == ',' && i >= sb + 3 && tk(sc, i - 1)->type == HT_TOK_NUMBER &&
        tk(sc, i - 1)->end - tk(sc, i - 1)->start <= 3 && punct(sc, i - 2) == ',' &&
        sc->mention_at[i - 3] >= 0)
        return i - 2;
    int32_t said = punct(sc, i) == ',' && i >= sb + 3 ? sc->mention_at[i - 1] : -1;
    size_t sb2 = said >= 0 ? sc->out->mentions[said].tok_begin : 0;
    if (said >= 0 && sc->out->actors[sc->out->mentions[said].actor].type != HT_ACTOR_PERSON &&
        sb2 >= sb + 2 && punct(sc, sb2 - 1) == ',' && sc->mention_at[sb2 - 2] >= 0 &&
        sc->out->actors[sc->out->mentions[sc->mention_at[sb2 - 2]].actor].type ==
            HT_ACTOR_PERSON)
        return sb2 - 1;  /* "Olaf Scholz, SPD, sagte", "Peter Schulz, Berlin, sagte" */
    for (size_t j = i; punct(sc, i) == ',' && j-- > sb + 1 && j + 12 > i;) {
        if (!clause_end(sc, j))
            continue;
        int32_t m = sc->mention_at[j - 1];
        return punct(sc, j) == ',' && m >= 0 &&
                       sc->out->actors[sc->out->mentions[m].actor].type == HT_ACTOR_PERSON &&
                       apposition_at(sc, j + 1, i + 1)
                   ? j
                   : i;
    }
    if (punct(sc, i) != ')')
        return i;
    for (size_t j = i; j-- > sb && j + ASIDE_MAX > i;) {
        char c = punct(sc, j);
        if (c == ')' || ht_token_is_terminal(sc->doc->text.s, tk(sc, j)))
            return i;
        if (c == '(')
            return j > sb && sc->mention_at[j - 1] >= 0 ? j : i;
    }
    return i;
}

/* When "(" at i opens an aside after a name ("Laut Merz (CDU) ist"): the
 * token after its ")"; else i. */
static size_t aside_end(const ht_scan *sc, size_t i, size_t se)
{
    if (i >= se || punct(sc, i) != '(')
        return i;
    for (size_t j = i + 1; j < se && j < i + ASIDE_MAX; j++) {
        char c = punct(sc, j);
        if (c == '(' || ht_token_is_terminal(sc->doc->text.s, tk(sc, j)))
            return i;
        if (c == ')')
            return j + 1;
    }
    return i;
}

/* The subject of a verb at v: the nearest mention before it in its clause
 * that no preposition governs (not "Nach dem Treffen mit Macron sagte
 * Merz", "Im ZDF sagte Söder"), a pronoun right before it, or a mention
 * right after it. An aside after a name is passed over ("Merz (CDU) sagte"). */
/* Whether the noun phrase that ends before token end, at the start of its
 * clause, is governed by a preposition: "Neben dem Kanzler, Friedrich Merz,
 * sagte Söder" (Merz is no subject), not "Der Sprecher des Kremls, ...". */
static int phrase_governed(const ht_scan *sc, size_t end, size_t sb)
{
    static const char *const von[] = { "von", "am", "beim", "im", "bei" };
    for (size_t i = end; i-- > sb;) {
        uint32_t c = sc->cls[i];
        if ((c & HT_W_PREP) && !(c & HT_W_ARTICLE) && i > sb && ht_scan_cap(sc, i - 1) &&
            sc->mention_at[i - 1] < 0 && ht_scan_word_in(sc, i, von, 5))
            continue;  /* "Der Chef von Siemens, Roland Busch, sagte", "Die Richterin am
                        * Amtsgericht, Anna Berg, sagte": the noun's, not the clause's */
        if ((c & HT_W_PREP) && !(c & HT_W_ARTICLE))
            return 1;
        if (clause_end(sc, i))
            return 0;
        if (!(c & HT_W_ARTICLE) && !ht_scan_cap(sc, i) && !adjective(sc, i) &&
            sc->mention_at[i] < 0)
            return 0;
    }
    return 0;
}

static who subject_of(const ht_scan *sc, size_t v, size_t sb, size_t limit)
{
    /* "Der Sprecher des Kremls, Dmitri Peskow, sagte": a name between
     * commas right before the verb, after a noun, is the subject; so is one
     * with an aside ("Der Bürgermeister, Hans Huber (CSU), sagte") */
    size_t last = v >= sb + 4 ? aside_open(sc, v - 2, sb) : v - 2;
    if (last != v - 2)
        last--;
    int32_t ap = v >= sb + 4 && punct(sc, v - 1) == ',' ? speaker_mention_at(sc, last) : -1;
    size_t apb = ap >= 0 ? sc->out->mentions[ap].tok_begin : 0;
    if (ap >= 0 && apb >= sb + 2 && punct(sc, apb - 1) == ',' &&
        (ht_scan_cap(sc, apb - 2) || sc->mention_at[apb - 2] >= 0) &&
        !phrase_governed(sc, apb - 1, sb) && aside_open(sc, v - 1, sb) == v - 1)
        return from_mention(sc, ap, v);  /* not "Olaf Scholz, SPD, sagte" */
    size_t first = sb;  /* the clause's first token */
    for (size_t i = v; i-- > sb;) {
        size_t open = aside_open(sc, i, sb);
        if (open != i) {
            i = open;
            continue;
        }
        if (clause_end(sc, i) || (sc->cls[i] & HT_W_CLAUSE)) {
            first = i + 1;
            break;
        }
        int32_t m = speaker_mention_at(sc, i);
        if (m >= 0 && !governed(sc, m, sb))
            return from_mention(sc, m, v);
        if (m >= 0)
            continue;
        if (i + 1 == v && (sc->cls[i] & HT_W_PRON) && tk(sc, i)->type == HT_TOK_WORD)
            return from_pronoun(sc, i, v, v);
        if (i + 1 == v && i > sb && ((sc->cls[i] & HT_W_ROLE) || age_word(sc, i))) {
            /* "Der Kanzler betonte", "Der 70-Jährige sagte" */
            size_t art = i - 1;
            while (art > sb && art + 3 > i && adjective(sc, art))
                art--;
            who r = role_reference(sc, art, limit, v);
            if (r.actor >= 0)
                return r;
        }
    }
    /* "Der Präsident betonte, Deutschland ...": a subject that names no
     * actor, not the name after the verb */
    if (first + 1 < v && sc->mention_at[first + 1] < 0 && tk(sc, first + 1)->type != HT_TOK_QUOTE &&
        ht_scan_noun_subject(sc, (long)first, (long)v, sb))
        return nobody;
    return speaker_from(sc, v + 1, limit, v);
}

static int sep_particle_follows(const ht_scan *sc, size_t v, size_t se)
{
    for (size_t i = v + 1; i < se && i < v + SEP_REACH && !clause_end(sc, i); i++)
        if ((sc->cls[i] & HT_W_PARTICLE) && lower_word(sc, i))
            return 1;
    return 0;
}

/* "Merz zeigte sich zuversichtlich": a mood shown is a view voiced, and
 * the reported speech after it is the subject's ("... Die SPD werde
 * einlenken"). The mood word within three words after "sich", which stands
 * within two after the verb ("zeigte sich am Montag optimistisch"). */
static int shows_mood(const ht_scan *sc, size_t v, size_t se)
{
    static const char *const shows[] = { "zeigte", "zeigten", "zeigt", "zeigen" };
    static const char *const sich[] = { "sich" };
    static const char *const moods[] = {
        "zuversichtlich", "optimistisch", "pessimistisch", "überzeugt", "besorgt",
        "enttäuscht", "erleichtert", "skeptisch", "zufrieden", "unzufrieden", "empört",
        "verärgert", "kämpferisch", "gelassen", "überrascht", "irritiert", "alarmiert",
        "verwundert", "entsetzt", "betroffen", "dankbar", "froh", "selbstbewusst",
        "zurückhaltend", "offen", "bereit", "erfreut", "verhalten", "sicher" };
    if (sc->doc->text.s[tk(sc, v)->start] != 'z' || !lower_word(sc, v) ||
        !ht_scan_word_in(sc, v, shows, 4))
        return 0;  /* the first byte rules out nearly every word, unhashed */
    for (size_t i = v + 1; i < se && i <= v + 3 && !clause_end(sc, i); i++) {
        if (!ht_scan_word_in(sc, i, sich, 1))
            continue;
        for (size_t k = i + 1; k < se && k <= i + 3 && !clause_end(sc, k); k++)
            if (lower_word(sc, k) &&
                ht_scan_word_in(sc, k, moods, sizeof moods / sizeof *moods))
                return 1;
        return 0;
    }
    return 0;
}

/* A finite speech verb at v (with its particle, for separable ones). */
static int speech_verb(const ht_scan *sc, size_t v, size_t se)
{
    uint32_t c = sc->cls[v];
    if (!(c & HT_W_SPEECH) || !(c & HT_W_FINITE) || !lower_word(sc, v))
        return shows_mood(sc, v, se);
    return !(c & HT_W_SEP) || sep_particle_follows(sc, v, se);
}

static const ht_span *sentence(const ht_scan *sc, size_t tok)
{
    return &sc->doc->sentences.v[ht_doc_sentence_of(sc->doc, tok)];
}

/* "laut X" or "X zufolge" anywhere in the sentence. */
static who according_in(const ht_scan *sc, const ht_span *s)
{
    for (size_t i = s->tok_begin; i < s->tok_end; i++) {
        if (sc->cls[i] & HT_W_LAUT) {
            size_t k = i + 1 + (i + 1 < s->tok_end && (sc->cls[i + 1] & HT_W_ARTICLE));
            if (k < s->tok_end && speaker_mention_at(sc, k) >= 0)
                return from_mention(sc, speaker_mention_at(sc, k), i);
        }
        if ((sc->cls[i] & HT_W_ZUFOLGE) && i > s->tok_begin && sc->mention_at[i - 1] >= 0)
            return from_mention(sc, sc->mention_at[i - 1], i);
    }
    return nobody;
}

/* ---- direct quotes ------------------------------------------------------------------------- */

static size_t sentence_body_end(const ht_scan *sc, const ht_span *s);

/* Whether token k is a pronoun: after a quote from o ("„...“, sagte er")
 * it stands for someone named before the quote, not in it. */
static int pronoun_at(const ht_scan *sc, size_t k)
{
    return k < sc->doc->tokens.n && (sc->cls[k] & HT_W_PRON) && lower_word(sc, k);
}

static who direct_after(const ht_scan *sc, size_t o, size_t c)
{
    static const char *const that[] = { "das", "dies" };
    size_t n = sc->doc->tokens.n, j = c + 1;
    if (j < n && punct(sc, j) == ',')
        j++;
    /* "„...“ Das sagte Klingbeil der dpa.": the next sentence names the speaker */
    if (j + 2 < n && j == c + 1 && ht_scan_cap(sc, j) && ht_scan_word_in(sc, j, that, 2) &&
        (sc->cls[j + 1] & HT_W_SPEECH) && (sc->cls[j + 1] & HT_W_FINITE) &&
        lower_word(sc, j + 1) && tk(sc, c)->start > 0 &&
        strchr(".!?", sc->doc->text.s[tk(sc, c)->start - 1])) {
        static const char *const nicht[] = { "nicht", "nie" };
        who w = speaker_from(sc, j + 2, n, j + 1);
        size_t after = w.mention >= 0 ? sc->out->mentions[w.mention].tok_end : j + 3;
        if (after < n && ht_scan_word_in(sc, after, nicht, 2))
            return nobody;  /* "Das sagte Werneke nicht" */
        return w;
    }
    if (j >= n || !lower_word(sc, j))
        return nobody;
    if (sc->cls[j] & (HT_W_SPEECH | HT_W_SO)) {
        if ((sc->cls[j] & HT_W_IMPERS) && j + 1 < n && sc->key[j + 1] == sc->h_es)
            return speaker_from(sc, j + 2, n, j);  /* "heißt es aus Moskau" */
        return pronoun_at(sc, j + 1) ? from_pronoun(sc, j + 1, o, j)
                                     : speaker_from(sc, j + 1, n, j);
    }
    if (sc->cls[j] & HT_W_AUX)
        for (size_t v = j + 1; v < n && v <= j + AUX_REACH && !clause_end(sc, v); v++)
            if ((sc->cls[v] & HT_W_SPEECH) && lower_word(sc, v)) {
                return pronoun_at(sc, j + 1) ? from_pronoun(sc, j + 1, o, v)
                                             : speaker_from(sc, j + 1, v, v);
            }
    return nobody;
}

static who direct_before(const ht_scan *sc, size_t o)
{
    const ht_span *s = sentence(sc, o);
    for (size_t v = o; v-- > s->tok_begin;)
        if ((sc->cls[v] & HT_W_SPEECH) && lower_word(sc, v))
            return subject_of(sc, v, s->tok_begin, o);
    return nobody;
}

/* Quotation marks around a name rather than words said: up to three
 * capitalised words glued to a compound ("„Bild“-Zeitung"), or an
 * organisation's name after an article or preposition ("des „Spiegel“").
 * A word after one is the speaker's ("sprach von „Erpressung“"). */
static int quoted_name(const ht_scan *sc, size_t o, size_t c)
{
    if (c - o - 1 > 3)
        return 0;
    for (size_t i = o + 1; i < c; i++)
        if (tk(sc, i)->type != HT_TOK_WORD || !(tk(sc, i)->flags & (HT_TF_CAP | HT_TF_UPPER)))
            return 0;
    size_t n = sc->doc->tokens.n;
    if (c + 1 < n && !(tk(sc, c + 1)->flags & HT_TF_SPACE) &&
        (tk(sc, c + 1)->type == HT_TOK_DASH || punct(sc, c + 1) == '-' ||
         tk(sc, c + 1)->type == HT_TOK_WORD))
        return 1;
    if (o == 0 || !(sc->cls[o - 1] & (HT_W_ARTICLE | HT_W_PREP)) || !lower_word(sc, o - 1))
        return 0;
    int32_t m = sc->mention_at[o + 1];
    return m >= 0 && sc->out->mentions[m].tok_end == c &&
           sc->out->actors[sc->out->mentions[m].actor].type == HT_ACTOR_ORG;
}

/* A medium spoken to, named in quotation marks after a dative article:
 * "Dem „Handelsblatt“ sagte Reiche", "sagte Merz der „Bild am Sonntag“",
 * "Söder sagte der „Bild am Sonntag“":
 * up to four words, the first capitalised. */
static int article_title(const ht_scan *sc, size_t o, size_t c)
{
    static const char *const dative[] = { "dem", "der" };
    if (o == 0 || c - o - 1 > 4 || c - o - 1 == 0 ||
        !ht_scan_word_in(sc, o - 1, dative, 2))
        return 0;
    /* the one spoken to: after the speaker ("sagte Merz der „Bild“", "sagte
     * er dem „Spiegel“") or first in a clause whose speech verb follows
     * ("Dem „Handelsblatt“ sagte"); not "sprach von der „Zeitenwende“" */
    size_t a = o - 1, n = sc->doc->tokens.n;
    int after_speaker = a > 0 && (sc->mention_at[a - 1] >= 0 || (sc->cls[a - 1] & HT_W_PRON) ||
                                  /* "Katzian sagte der „Kronen Zeitung“, ..." */
                                  ((sc->cls[a - 1] & HT_W_SPEECH) && lower_word(sc, a - 1)));
    int opens = (a == 0 || clause_end(sc, a - 1)) && c + 1 < n && (sc->cls[c + 1] & HT_W_SPEECH);
    if (!after_speaker && !opens)
        return 0;
    for (size_t i = o + 1; i < c; i++)
        if (tk(sc, i)->type != HT_TOK_WORD)
            return 0;
    return (tk(sc, o + 1)->flags & (HT_TF_CAP | HT_TF_UPPER)) != 0;
}

/* "Kovac war bedient: „...“", "Der Präsident lobte den Partner: „...“": the
 * subject of the clause a colon at k ends, a person or an organisation, is
 * the speaker of the quote after it. */
static who colon_subject(const ht_scan *sc, size_t k)
{
    const ht_span *s = sentence(sc, k);
    size_t b = s->tok_begin;
    for (size_t i = k; i-- > b;)
        if (clause_end(sc, i)) {
            b = i + 1;
            break;
        }
    /* not words someone else said: "wurde gefragt:", "zitierte Kohl:", "las ... vor:", nor
     * a title: "Das ZDF zeigt: „Marie Brand ...“" */
    static const char *const others[] = { "gefragt", "zitierte", "zitiert", "erinnerte",
                                          "erinnert", "las", "liest", "vorgelesen", "titelte",
                                          "titelt", "zeigt", "zeigte", "sendet", "sendete",
                                          "präsentiert", "präsentierte", "veröffentlicht",
                                          "veröffentlichte", "heißt", "hieß", "lautet",
                                          "lautete" };
    static const char *const sich[] = { "sich" };
    for (size_t i = b; i < k; i++)
        if (ht_scan_word_in(sc, i, others, sizeof others / sizeof *others) &&
            !(i + 1 < k && ht_scan_word_in(sc, i + 1, sich, 1)))  /* but "zeigte sich ...:" */
            return nobody;
    for (size_t i = b; i < k; i++) {
        int32_t m = speaker_mention_at(sc, i);
        if (m < 0)
            continue;
        const ht_mention *mn = &sc->out->mentions[m];
        if ((mn->flags & HT_MF_SUBJECT) &&
            sc->out->actors[mn->actor].type != HT_ACTOR_LOCATION)
            return from_mention(sc, m, k);
        i = mn->tok_end - 1;
    }
    int32_t after_verb = b + 1 < k && lower_word(sc, b) && !(sc->cls[b] & HT_W_FUNC)
                             ? speaker_mention_at(sc, b + 1) : -1;
    if (after_verb >= 0 &&
        sc->out->actors[sc->out->mentions[after_verb].actor].type != HT_ACTOR_LOCATION)
        return from_mention(sc, after_verb, k);  /* "..., führte Baerbock aus: ..." */
    if (b + 1 < k && (sc->cls[b] & HT_W_PRON) && tk(sc, b)->type == HT_TOK_WORD)
        return from_pronoun(sc, b, b, k);  /* "Er wurde deutlich: „...“" */
    return role_reference(sc, b, k, k);  /* "Der Präsident lobte ...: „...“" */
}

static ht_status direct_quote(ht_scan *sc, size_t o, size_t c, ht_error *err)
{
    size_t e = c;
    if (e > o + 1 && punct(sc, e - 1) == ',')
        e--;
    if (e <= o + 1 || article_title(sc, o, c))
        return HT_OK;
    who w = direct_after(sc, o, c);
    if (w.actor < 0 && quoted_name(sc, o, c))
        return HT_OK;
    if (w.actor < 0)
        w = direct_before(sc, o);
    if (w.actor < 0)
        w = according_in(sc, sentence(sc, o));
    if (w.actor < 0 && o >= 2 && punct(sc, o - 1) == ':' && speaker_mention_at(sc, o - 2) >= 0) {
        int32_t m = speaker_mention_at(sc, o - 2);  /* "Merz: „Wir schaffen das.“" */
        if (sc->out->actors[sc->out->mentions[m].actor].type != HT_ACTOR_LOCATION &&
            sc->out->mentions[m].tok_begin == sentence(sc, o)->tok_begin)
            w = from_mention(sc, m, o - 1);
    }
    if (w.actor < 0 && o >= 1 && punct(sc, o - 1) == ':')
        w = colon_subject(sc, o - 1);
    /* a quote that is a whole sentence goes on with the one before:
     * „...“, sagte Merz. „Aber nicht sofort.“ */
    size_t so = ht_doc_sentence_of(sc->doc, o);
    const ht_span *sp = &sc->doc->sentences.v[so];
    if (w.actor < 0 && so > 0 && sp->tok_begin == o && sentence_body_end(sc, sp) <= c &&
        sc->sent_speaker[so - 1] >= 0 &&
        ht_doc_paragraph_of(sc->doc, sc->doc->sentences.v[so - 1].tok_begin) ==
            ht_doc_paragraph_of(sc->doc, o))
        w = (who){ sc->sent_speaker[so - 1], -1, -1 };
    /* and one that opens a paragraph goes on with the quote the paragraph
     * before left open (see pair_paragraph) */
    const ht_analysis *a = sc->out;
    if (w.actor < 0 && a->nquotes && a->quotes[a->nquotes - 1].kind == HT_QUOTE_DIRECT &&
        a->quotes[a->nquotes - 1].tok_end == o &&
        sc->doc->paragraphs.v[ht_doc_paragraph_of(sc->doc, o)].tok_begin == o)
        w = (who){ a->quotes[a->nquotes - 1].speaker, -1, -1 };
    if (w.actor >= 0) {
        size_t s = ht_doc_sentence_of(sc->doc, c);
        sc->sent_speaker[s] = w.actor;
    }
    return add_quote(sc, o + 1, e, w, HT_QUOTE_DIRECT, err);
}

/* May the mark at i close a quote? Closers hang on the word before them. */
static int may_close(const ht_scan *sc, size_t i, size_t pb, enum mark m)
{
    if (m == M_RDQ || m == M_RSQ || m == M_LAQ || m == M_RAQ)
        return 1;
    if (!(tk(sc, i)->flags & HT_TF_SPACE) && i > pb)
        return 1;
    return i + 1 >= sc->doc->tokens.n || tk(sc, i + 1)->type == HT_TOK_PUNCT;
}

static int may_open(const ht_scan *sc, size_t i, size_t pb, enum mark m)
{
    if (!expects(m))
        return 0;
    if (m == M_LOW9 || m == M_LOW9S)
        return 1;
    return i == pb || (tk(sc, i)->flags & HT_TF_SPACE) || tk(sc, i - 1)->type != HT_TOK_WORD;
}

static ht_status pair_paragraph(ht_scan *sc, const ht_span *p, ht_error *err)
{
    opener stack[STACK_MAX];
    size_t depth = 0;
    for (size_t i = p->tok_begin; i < p->tok_end; i++) {
        if (tk(sc, i)->type != HT_TOK_QUOTE)
            continue;
        enum mark m = mark_of(sc->doc->text.s, tk(sc, i));
        size_t k = depth;
        if (m != M_NONE && depth && may_close(sc, i, p->tok_begin, m))
            while (k > 0 && !(stack[k - 1].expect & B(m)))
                k--;
        if (k > 0 && k <= depth && depth && (stack[k - 1].expect & B(m))) {
            depth = k - 1;
            if (depth == 0) {
                ht_status st = direct_quote(sc, stack[0].tok, i, err);
                if (st != HT_OK)
                    return st;
            }
        } else if (depth < STACK_MAX && may_open(sc, i, p->tok_begin, m)) {
            stack[depth++] = (opener){ i, expects(m) };
        }
    }
    /* German typesetting: a quote that runs over paragraphs leaves each
     * paragraph's mark open and opens the next paragraph with the mark again */
    const ht_doc *d = sc->doc;
    size_t pi = (size_t)(p - d->paragraphs.v), nb;
    if (depth > 0 && pi + 1 < d->paragraphs.n && (nb = d->paragraphs.v[pi + 1].tok_begin) ==
                                                     p->tok_end &&
        nb < d->tokens.n && tk(sc, nb)->type == HT_TOK_QUOTE &&
        mark_of(d->text.s, tk(sc, nb)) == mark_of(d->text.s, tk(sc, stack[0].tok)))
        return direct_quote(sc, stack[0].tok, p->tok_end, err);
    return HT_OK;
}

/* Is token i inside one of the first nd (direct, sorted) quotes? */
static int in_direct(const ht_scan *sc, size_t nd, size_t i)
{
    const ht_quote *q = sc->out->quotes;
    size_t lo = 0, hi = nd;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q[mid].tok_end + 1 <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nd && q[lo].tok_begin <= i + 1 && i < q[lo].tok_end + 1;
}

/* ---- laut X, X zufolge, so X ------------------------------------------------------------- */

static size_t sentence_body_end(const ht_scan *sc, const ht_span *s)
{
    size_t e = s->tok_end;
    while (e > s->tok_begin && (tk(sc, e - 1)->type == HT_TOK_PUNCT ||
                                tk(sc, e - 1)->type == HT_TOK_QUOTE))
        e--;
    return e;
}

/* "Laut Weißem Haus und Kreml ...": one quote per coordinated speaker; i is
 * "laut" (or the "von" of "nach Angaben von"), phrase the first word of it. */
/* Where what is said before ", sagte X" or around "laut X" begins: after
 * the last colon before e ("Erst dann kamen die Behörden weiter: Es handle
 * sich um ..., erklärte die Polizei"; "Dramatische Szenen in Köln: Gegen 6.45
 * Uhr betrat nach Angaben der Polizei ..."), else at sb; but from sb if a
 * Konjunktiv before the colon says the lead-in is reported too ("Die Antwort
 * sei einfach: Nein, sagte Lindner"). */
static size_t after_colon(const ht_scan *sc, size_t sb, size_t e)
{
    size_t b = sb;
    for (size_t i = sb; i < e; i++) {
        if (lower_word(sc, i) && (sc->cls[i] & HT_W_KONJ) && b == sb)
            return sb;  /* "Die Antwort sei einfach: Nein, sagte Lindner": all of it */
        if (punct(sc, i) == ':' && i + 1 < sc->doc->tokens.n &&
            (tk(sc, i + 1)->flags & HT_TF_SPACE))
            b = i + 1;  /* not "Das 4:0 sei verdient" */
    }
    return b;
}

/* "dem Sprecher des Kremls, Dmitri Peskow," from the role word at r: the
 * person named between commas after the role and the genitive that goes
 * with it, its mention, and in *end the token after the closing comma; or
 * -1. */
static int32_t apposed_person(const ht_scan *sc, size_t r, size_t limit, size_t *end)
{
    static const char *const of[] = { "des", "der", "von", "vom" };
    if (r + 4 >= limit || !(sc->cls[r] & HT_W_ROLE) || !ht_scan_cap(sc, r) ||
        sc->mention_at[r] >= 0 || !ht_scan_word_in(sc, r + 1, of, 4))
        return -1;
    size_t c = r + 2;
    while (c < limit && c < r + 7 && punct(sc, c) != ',' &&
           ((sc->cls[c] & HT_W_ARTICLE) || ht_scan_cap(sc, c) || adjective(sc, c)))
        c++;
    int32_t m = c + 1 < limit && punct(sc, c) == ',' ? sc->mention_at[c + 1] : -1;
    if (m < 0 || sc->out->mentions[m].tok_begin != c + 1 ||
        sc->out->actors[sc->out->mentions[m].actor].type != HT_ACTOR_PERSON)
        return -1;
    size_t e = sc->out->mentions[m].tok_end;
    if (e >= limit || punct(sc, e) != ',')
        return -1;
    *end = e + 1;
    return m;
}

static ht_status according_laut(ht_scan *sc, const ht_span *s, size_t phrase, size_t i,
                                ht_error *err)
{
    size_t k = i + 1, last = i;
    who ws[4];
    size_t nw = 0;
    while (k < s->tok_end && nw < 4) {
        if (sc->cls[k] & HT_W_ARTICLE) {
            k++;
            continue;
        }
        /* "Laut CSU-Chef Markus Söder", "laut dem bayerischen Ministerpräsidenten Söder" */
        size_t r = k;
        if (adjective(sc, r) && r + 1 < s->tok_end && r > i + 1 &&
            (sc->cls[r - 1] & HT_W_ARTICLE))
            r++;
        if ((sc->cls[r] & HT_W_ROLE) && ht_scan_cap(sc, r) && sc->mention_at[r] < 0 &&
            r + 1 < s->tok_end && sc->mention_at[r + 1] >= 0) {
            k = r + 1;
            continue;
        }
        /* "Laut dem Sprecher des Kremls, Dmitri Peskow, ist ...": he speaks */
        size_t after;
        int32_t named = apposed_person(sc, r, s->tok_end, &after);
        if (named >= 0 && (sc->cls[after] & HT_W_SPEECH))
            break;  /* "Laut dem Sprecher des Kremls, Dmitri Peskow, sagte Putin, ...": Putin's */
        if (named >= 0) {
            ws[nw++] = from_mention(sc, named, i);
            last = after;
            break;
        }
        /* "laut einem Sprecher der Polizei", "nach Angaben eines Sprechers des
         * Kremls": the office speaks */
        int32_t office = spokesperson_of(sc, k, s->tok_end);
        if (office >= 0) {
            ws[nw++] = from_mention(sc, office, i);
            last = sc->out->mentions[office].tok_end;
            break;
        }
        /* "nach Angaben des Kremls": the genitive is the source */
        int32_t m = phrase == i ? speaker_mention_at(sc, k) : sc->mention_at[k];
        if (m < 0)
            break;
        ws[nw++] = from_mention(sc, m, i);
        k = last = aside_end(sc, sc->out->mentions[m].tok_end, s->tok_end);
        if (k < s->tok_end && ((sc->cls[k] & HT_W_COORD) || punct(sc, k) == ','))
            k++;
        else
            break;
    }
    size_t b = after_colon(sc, s->tok_begin, phrase), e = sentence_body_end(sc, s);
    if (b == phrase)  /* "Laut X ...", "Bilanz: Laut X ...": what follows X */
        b = last;
    if (b < e && (punct(sc, b) == ',' || punct(sc, b) == ':'))
        b++;
    if (b < e && tk(sc, b)->type == HT_TOK_QUOTE)
        nw = 0;  /* "Laut Polizei: „Es gab keine Verletzten.“": the direct quote is X's */
    for (size_t j = 0; j < nw; j++) {
        ht_status st = add_quote(sc, b, e, ws[j], HT_QUOTE_ACCORDING, err);
        if (st != HT_OK)
            return st;
    }
    if (nw && sc->sent_speaker[ht_doc_sentence_of(sc->doc, i)] < 0)
        sc->sent_speaker[ht_doc_sentence_of(sc->doc, i)] = ws[0].actor;
    return HT_OK;
}

/* "nach Angaben von X", "nach Angaben des X" at i ("nach"): the token
 * before the speaker, as "laut" is, or 0. */
static size_t nach_angaben(const ht_scan *sc, const ht_span *s, size_t i)
{
    if (sc->key[i] != sc->h_nach || i + 3 >= s->tok_end || sc->key[i + 1] != sc->h_angaben ||
        !lower_word(sc, i + 2) || !(sc->cls[i + 2] & (HT_W_PREP | HT_W_ART_GEN | HT_W_ARTICLE)))
        return 0;
    return i + 2;
}

static ht_status according_sentence(ht_scan *sc, size_t si, size_t nd, ht_error *err)
{
    const ht_span *s = &sc->doc->sentences.v[si];
    size_t e = sentence_body_end(sc, s);
    for (size_t i = s->tok_begin; i < s->tok_end; i++) {
        size_t by = (sc->cls[i] & HT_W_LOCPREP) ? nach_angaben(sc, s, i) : 0;
        if (by && !in_direct(sc, nd, i)) {
            ht_status st = according_laut(sc, s, i, by, err);
            if (st != HT_OK)
                return st;
            i = by;
            continue;
        }
        /* The word test first: the search of the direct quotes costs more. */
        if (!(sc->cls[i] & (HT_W_LAUT | HT_W_ZUFOLGE | HT_W_SO)) || in_direct(sc, nd, i))
            continue;
        who w = nobody;
        size_t b = s->tok_begin, qe = e;
        if (sc->cls[i] & HT_W_LAUT) {
            ht_status st = according_laut(sc, s, i, i, err);
            if (st != HT_OK)
                return st;
            continue;
        }
        if ((sc->cls[i] & HT_W_ZUFOLGE) && i > s->tok_begin && speaker_mention_at(sc, i - 1) >= 0) {
            w = from_mention(sc, speaker_mention_at(sc, i - 1), i);
            if (sc->out->mentions[w.mention].tok_begin <= s->tok_begin + 1)
                b = i + 1;
        } else if ((sc->cls[i] & HT_W_SO) && lower_word(sc, i) && i > s->tok_begin + 1 &&
                   punct(sc, i - 1) == ',' && tk(sc, i - 2)->type != HT_TOK_QUOTE) {
            w = speaker_from(sc, i + 1, s->tok_end, i);
            /* a pronoun ("so er") or a role ("so der Kanzler") has no mention:
             * the words after "so" */
            size_t we = w.mention >= 0 ? sc->out->mentions[w.mention].tok_end : i + 2;
            while (w.mention < 0 && !(sc->cls[i + 1] & HT_W_PRON) && we < e && we < i + 5 &&
                   tk(sc, we)->type == HT_TOK_WORD)
                we++;
            static const char *const going_on[] = { "weiter", "zudem", "dazu", "außerdem",
                                                    "abschließend", "ebenfalls", "auch" };
            while (w.actor >= 0 && we < e && we < i + 8 &&
                   ht_scan_word_in(sc, we, going_on, sizeof going_on / sizeof *going_on))
                we++;  /* ", so Brantner weiter." */
            if (w.actor >= 0 && we < e)
                w = nobody;  /* ", so X." must end the sentence */
            qe = i - 1;
        }
        if (w.actor < 0)
            continue;
        if (sc->sent_speaker[si] < 0)
            sc->sent_speaker[si] = w.actor;
        ht_status st = add_quote(sc, b, qe, w, HT_QUOTE_ACCORDING, err);
        if (st != HT_OK)
            return st;
    }
    return HT_OK;
}

/* ---- reported speech ----------------------------------------------------------------------- */

typedef struct sent_state {
    size_t si, sb, se, body_end;
    who cue;              /* a personal speech verb of the sentence and its subject */
    who source;           /* "heißt es aus X" */
    size_t covered;       /* tokens before this are in a reported quote already */
    int unnamed;          /* a personal speech verb whose speaker is no actor */
    size_t open_from, open_to;  /* but these are not: the clause before a speech verb
                                   whose said clause follows it ("Er sei ..., sagte X,
                                   er werde ...") */
} sent_state;

/* Whether token i starts a relative clause: "die", "der", "dessen", "welche" ... */
static int relative_pronoun(const ht_scan *sc, size_t i)
{
    static const char *const rel[] = { "der", "die", "das", "dem", "den", "denen", "deren",
                                       "dessen", "welche", "welcher", "welches", "welchem",
                                       "welchen" };
    return lower_word(sc, i) && ht_scan_word_in(sc, i, rel, sizeof rel / sizeof *rel);
}

/* Whether the clause from k on is what a saying verb before the comma at
 * k - 1 said ("Merz sagte, die Regierung spare"): not a relative clause
 * ("kritisierte die Pläne, die ihm vorlagen"; "die Scholz vorgelegt hatte"),
 * not a verb going on with the same subject (", lobte aber"), not a
 * quotation (the direct quote's). */
/* Whether the word at i names a place that takes an article: "die USA",
 * "die Schweiz", "der Iran". */
static int place_with_article(const ht_scan *sc, size_t i)
{
    static const char *const places[] = {
        "usa", "schweiz", "ukraine", "türkei", "niederlande", "slowakei", "mongolei",
        "iran", "irak", "libanon", "sudan", "jemen", "kongo", "vatikan", "vereinigten",
        "philippinen", "malediven", "bahamas", "elfenbeinküste", "krim", "arktis",
        "antarktis", "emirate", "tschechei", "pfalz", "lausitz", "uckermark", "eifel"
    };
    return ht_scan_word_in(sc, i, places, sizeof places / sizeof *places);
}

static int said_clause_at(const ht_scan *sc, size_t k, size_t se)
{
    if (k + 1 >= se || clause_end(sc, k))
        return 0;
    /* "sagte, wenn ..." says something; "sagte, als er ankam, ..." and
     * "betonte, wie schon im Wahlkampf: ..." put an adjunct first */
    static const char *const subordinators[] = { "wenn", "ob", "falls" };
    uint32_t verb = HT_W_FINITE | HT_W_SPEECH | HT_W_AUX | HT_W_KONJ;
    if (lower_word(sc, k) && (sc->cls[k] & (verb | HT_W_CLAUSE | HT_W_PARTICLE)) &&
        !(sc->cls[k] & HT_W_DASS) &&
        !ht_scan_word_in(sc, k, subordinators, sizeof subordinators / sizeof *subordinators))
        return 0;
    if (!relative_pronoun(sc, k))
        return 1;
    int32_t m = sc->mention_at[k + 1];  /* no article before a person or a place: */
    if (m >= 0 && sc->out->actors[sc->out->mentions[m].actor].type != HT_ACTOR_ORG &&
        !place_with_article(sc, k + 1))
        return 0;  /* "..., die Europa schützt" is a relative clause, "die USA müssten" not */
    size_t after = m >= 0 ? sc->out->mentions[m].tok_end : se;
    if (m >= 0 && (place_with_article(sc, k + 1) ||
                   (after < se && (sc->cls[after] & HT_W_KONJ) && lower_word(sc, after))))
        return 1;  /* "sagte vor Journalisten, die USA würden ...", "die Regierung werde" */
    if (lower_word(sc, k + 1) && (sc->cls[k + 1] & verb))
        return 1;  /* "das ist falsch", "das sei", "das wäre" (no verb class: lower) */
    /* after a noun that is no name, day or the like ("erklärte die Pläne, die
     * ...", "schrieb einen Brief, der ..."): a relative clause */
    size_t before = k - 2;  /* k - 1 is the comma */
    if (k >= 2 && ht_scan_cap(sc, before) && tk(sc, before)->type == HT_TOK_WORD &&
        sc->mention_at[before] < 0 && !(sc->cls[before] & HT_W_FUNC) &&
        (lower_word(sc, k + 1) || sc->mention_at[k + 1] >= 0))
        return 0;
    if (lower_word(sc, k + 1))  /* "das wäre", not "die ihm glaubten" */
        return !(sc->cls[k + 1] & HT_W_FUNC);
    size_t e = k + 1;
    while (e + 1 < se && !clause_end(sc, e + 1))
        e++;
    return !(lower_word(sc, e) && (sc->cls[e] & (HT_W_AUX | HT_W_FINITE)));
}

/* Whether the word at i ends as a noun for a person does: a role word, or
 * "-or(in)", "-er(in)", "-ent(in)", "-ant(in)", "-ist(in)", "-eur(in)"
 * ("Exekutivdirektor", "Kuratorin", "Leiter"). */
static int person_noun(const ht_scan *sc, size_t i)
{
    static const char *const ends[] = { "or", "er", "ent", "ant", "ist", "eur" };
    if (sc->cls[i] & HT_W_ROLE)
        return 1;
    char key[64];
    size_t n = ht_token_key(sc->doc->text.s, tk(sc, i), key, sizeof key);
    if (n > 6 && !memcmp(key + n - 2, "in", 2))
        n -= 2;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t l = strlen(ends[k]);
        if (n > l + 2 && !memcmp(key + n - l, ends[k], l))
            return 1;
    }
    return 0;
}

/* Whether the words from k to the clause's end are an apposition to the
 * name before their comma ("sagte Charles Gore, Exekutivdirektor des
 * Medicine Patent Pool", "sagte Albert Ritter, der Vorsitzende des
 * Schaustellerbundes"): a noun for a person, perhaps after an article and
 * adjectives, then only function words and adjectives before nouns; no
 * verb ("sagte Merz, Kanzler Scholz habe gelogen", "..., die Lehrer
 * streiken"). */
static int apposition_at(const ht_scan *sc, size_t k, size_t se)
{
    size_t r = k;
    if (r < se && (sc->cls[r] & HT_W_ARTICLE))
        r++;
    while (r + 1 < se && r < k + 3 && adjective(sc, r) && ht_scan_cap(sc, r + 1))
        r++;
    if (r >= se || !ht_scan_cap(sc, r) || sc->mention_at[r] >= 0 || !person_noun(sc, r))
        return 0;
    for (size_t i = r + 1; i < se && !clause_end(sc, i); i++)
        if (lower_word(sc, i) && !(sc->cls[i] & HT_W_FUNC) &&
            !(adjective(sc, i) && i + 1 < se && ht_scan_cap(sc, i + 1)))
            return 0;
    return 1;
}

/* "Merz sagte am Montag, ...": the said clause after the verb at v, when
 * the speaker w is named before its comma. */
static size_t said_after(const ht_scan *sc, size_t v, size_t se, who w)
{
    static const char *const negations[] = { "nicht", "nichts", "nie", "niemals", "kein",
                                              "keine" };
    static const char *const asked[] = { "fragte", "fragten" };
    if (!(sc->cls[v] & HT_W_SAYS))
        return 0;
    if (w.mention >= 0 && sc->out->mentions[w.mention].tok_begin > v &&
        ht_scan_word_in(sc, v, asked, 2))
        return 0;  /* "Wir fragten Jens Südekum, warum ...": the one asked */
    size_t k = v + 1;
    for (; k < se && !clause_end(sc, k); k++)
        if (ht_scan_word_in(sc, k, negations, sizeof negations / sizeof *negations))
            return 0;  /* "sagte nicht, wie viele Stellen wegfallen" */
    if (k + 1 >= se || punct(sc, k) != ',' || (sc->cls[k + 1] & HT_W_DASS))
        return 0;
    if (w.mention >= 0 && sc->out->mentions[w.mention].tok_begin > k)
        return 0;  /* "sagte der Sprecher des Kremls, Dmitri Peskow, ..." */
    if (w.mention >= 0 && sc->out->mentions[w.mention].tok_end == k &&
        apposition_at(sc, k + 1, se)) {  /* "erklärt X, Professor für Politik, warum ..." */
        static const char *const asks[] = { "warum", "wie", "was", "wann", "wo", "ob",
                                            "weshalb", "wieso", "weswegen", "inwiefern" };
        for (k++; k < se && !clause_end(sc, k); k++)
            ;
        if (k + 1 >= se || punct(sc, k) != ',' ||
            !(ht_scan_word_in(sc, k + 1, asks, sizeof asks / sizeof *asks) ||
              (sc->cls[k + 1] & HT_W_DASS)))
            return 0;  /* "..., sagte X, Exekutivdirektor des Y.", "..., sagte X, Chef
                        * von Y, dem Redaktionsnetzwerk Deutschland" */
    }
    if (k + 2 < se && tk(sc, k + 1)->type == HT_TOK_NUMBER && punct(sc, k + 2) == ',' &&
        w.mention >= 0 && sc->out->mentions[w.mention].tok_end == k)
        return 0;  /* "sagte Karin Schulte, 45, am Dienstag" */
    return said_clause_at(sc, k + 1, se) ? k + 1 : 0;
}

/* Whether the word at i looks like a verb in the past indicative: ends in
 * -te or -ten and is no function word or Konjunktiv ("handelte", "verließ"
 * is missed), or is one of the common strong past forms. */
static int past_verb(const ht_scan *sc, size_t i)
{
    static const char *const strong[] = { "verließ", "ging", "kam", "blieb", "sprach", "rief",
                                          "fuhr", "stand", "trat", "nahm", "gab", "zog" };
    if (sc->cls[i] & (HT_W_FUNC | HT_W_KONJ | HT_W_ARTICLE | HT_W_PREP))
        return 0;
    if (ht_scan_word_in(sc, i, strong, sizeof strong / sizeof *strong))
        return 1;
    const ht_token *t = tk(sc, i);
    const char *w = sc->doc->text.s + t->start;
    size_t n = t->end - t->start;
    return (n > 4 && !memcmp(w + n - 2, "te", 2)) || (n > 5 && !memcmp(w + n - 3, "ten", 3));
}

/* Where what was said from k on ends: at a colon or a semicolon (a direct
 * quote may follow: "sagte, als er ankam: „...“"), or before ", und X ..."
 * opening a clause of someone else's ("Merz sagte, die Regierung spare, und
 * Klingbeil widersprach"). A word in quotation marks inside is part of it. */
static size_t said_ends(const ht_scan *sc, size_t k, size_t body_end)
{
    for (size_t i = k; i < body_end; i++) {
        char c = punct(sc, i);
        if (c == ':' || c == ';')
            return i;
        if (c == ',' && i + 2 < body_end && (sc->cls[i + 1] & HT_W_COORD) &&
            (sc->mention_at[i + 2] >= 0 || (sc->cls[i + 2] & (HT_W_PRON | HT_W_FIRSTPERS))))
            return i;
        /* ", und verließ den Saal": the speaker's own next verb, in the
         * indicative, with no subject of its own (not ", und müsse handeln") */
        if (c == ',' && i + 2 < body_end && (sc->cls[i + 1] & HT_W_COORD) &&
            lower_word(sc, i + 1) && lower_word(sc, i + 2) && past_verb(sc, i + 2) &&
            !(i + 3 < body_end && ht_scan_cap(sc, i + 3)))
            return i;  /* (an adjective in -te comes before its noun: ", und letzte Woche") */
    }
    return body_end;
}

/* "Die Regierung spare, sagte Merz.": the sentence up to the comma before
 * the verb at v is what the subject after it said. Not after a subordinate
 * clause ("Als er ankam, sagte Merz") or a quotation, and not when the name
 * after the verb is no subject ("Merz lehnte ab, kritisierte die AfD"). */
static int said_before(const ht_scan *sc, size_t v, size_t sb, size_t body_end, who w)
{
    if (!(sc->cls[v] & HT_W_SAYS) || v < sb + 2 || punct(sc, v - 1) != ',' ||
        tk(sc, v - 2)->type == HT_TOK_QUOTE)
        return 0;
    if ((sc->cls[sb] & HT_W_CLAUSE) && !(sc->cls[sb] & HT_W_COORD))
        return 0;
    for (size_t i = sb; i + 1 < v; i++)
        if (tk(sc, i)->type == HT_TOK_QUOTE)
            return 0;
    if (w.actor < 0)
        return 0;
    size_t after = v + 2;  /* ", sagte er" */
    if (w.mention >= 0) {
        const ht_mention *m = &sc->out->mentions[w.mention];
        if (m->tok_begin < v || !(m->flags & HT_MF_SUBJECT))
            return 0;
        after = m->tok_end;
    } else if (!(sc->cls[v + 1] & HT_W_PRON)) {
        after = v + 3;  /* ", sagte der Vizekanzler" */
    }
    /* ", sagte X." ends the sentence: not "Die Regierung, sagte Merz, hat
     * versagt", "Am Montag, einen Tag danach, sagte Merz: „...“" */
    for (size_t i = after; i < body_end; i++)
        if (clause_end(sc, i) && !(tk(sc, i)->type == HT_TOK_QUOTE && sc->mention_at[i + 1] >= 0))
            return 0;  /* but "sagte Dobrindt der „Bild am Sonntag“" */
    return 1;
}

static size_t clause_begin(const ht_scan *sc, size_t i, size_t sb);

/* A capitalised word at i that names no actor found and is no function word. */
static int unknown_name(const ht_scan *sc, size_t i)
{
    return ht_scan_cap(sc, i) && sc->mention_at[i] < 0 && tk(sc, i)->type == HT_TOK_WORD &&
           !(sc->cls[i] & (HT_W_FUNC | HT_W_PRON | HT_W_FIRSTPERS | HT_W_ROLE));
}

/* Whether the speech verb at v has a subject that is no actor, to be seen
 * by its words: a noun phrase that opens its clause ("Der Verband warnte",
 * "Ein Sprecher des Verbands sagte"), one right after it (", warnte der
 * Verband"), or a pronoun next to it that stands for no one found. Else the
 * subject is not seen at all ("warum sie das nicht so sagen"), and the
 * sentence's clauses may still be the last speaker's. */
static int names_no_actor(const ht_scan *sc, size_t v, size_t sb, size_t se)
{
    size_t first = clause_begin(sc, v, sb);
    if (first < v && (sc->cls[first] & HT_W_CLAUSE) && !(sc->cls[first] & HT_W_DASS))
        first++;
    if (first + 1 < v && sc->mention_at[first + 1] < 0 &&
        ht_scan_noun_subject(sc, (long)first, (long)v, sb))
        return 1;
    if (first < v && unknown_name(sc, first))  /* "wie Lokowandt ... erklärte" */
        return 1;
    if (first + 2 == v && (sc->cls[first] & HT_W_ART_NOM) && unknown_name(sc, first + 1) &&
        !(v + 1 < se && sc->mention_at[v + 1] >= 0))
        return 1;  /* "Das Kind sagte", "Das Opfer sagte" (not "Die Pläne kritisierte Merz") */
    if (v + 2 < se && (sc->cls[v + 1] & (HT_W_ART_NOM | HT_W_NAMEPART)) &&
        ht_scan_cap(sc, v + 2) && sc->mention_at[v + 2] < 0)
        return 1;  /* ", warnte der Verband", ", sagt von Graffenried" */
    if (v + 1 < se && (unknown_name(sc, v + 1) || tk(sc, v + 1)->type == HT_TOK_QUOTE))
        return 1;  /* "sagte Herntier", "berichtete „Bild“" */
    return (v > sb && (sc->cls[v - 1] & HT_W_PRON) && tk(sc, v - 1)->type == HT_TOK_WORD) ||
           (v + 1 < se && (sc->cls[v + 1] & HT_W_PRON) && lower_word(sc, v + 1));
}

/* "Wie Merz am Montag sagte, ist die Lage ernst", "Bis 2030 fallen Stellen
 * weg, wie Volkswagen mitteilte": a clause of "wie", its speaker and its
 * speech verb last, reports the rest of the sentence. Sets *said and
 * *said_end to it. */
static int as_said(const ht_scan *sc, size_t v, const sent_state *st, who w, size_t *said,
                   size_t *said_end)
{
    static const char *const wie[] = { "wie" };
    size_t cb = clause_begin(sc, v, st->sb);
    if (w.mention < 0 || !ht_scan_word_in(sc, cb, wie, 1) ||
        sc->out->mentions[w.mention].tok_begin <= cb ||
        sc->out->mentions[w.mention].tok_begin >= v)
        return 0;
    if (st->se - st->sb > REPORT_SENTENCE_MAX)
        return 0;  /* no sentence of news is that long; the scan below stays short */
    for (size_t i = st->sb; i < st->se; i++)
        if ((i < cb || i > v) && speech_verb(sc, i, st->se))
            return 0;  /* "Die Zahl sei gestiegen, sagte Faeser, wie das Ministerium mitteilte" */
    if (cb == st->sb && v + 2 < st->body_end && punct(sc, v + 1) == ',') {
        *said = v + 2, *said_end = st->body_end;
        return 1;
    }
    if (cb > st->sb + 1 && punct(sc, cb - 1) == ',' && v + 1 >= st->body_end) {
        *said = st->sb, *said_end = cb - 1;
        return 1;
    }
    return 0;
}

/* Speech verbs of the sentence: its speaker, "..., dass" clauses. */
static ht_status sentence_cues(ht_scan *sc, sent_state *st, size_t nd, ht_error *err)
{
    for (size_t v = st->sb; v < st->se; v++) {
        if (!speech_verb(sc, v, st->se) || in_direct(sc, nd, v))
            continue;
        if (sc->cls[v] & HT_W_IMPERS) {
            if (st->source.actor < 0)
                st->source = speaker_from(sc, v + 1, st->se, v);
            continue;
        }
        who w = subject_of(sc, v, st->sb, st->se);
        if (w.actor < 0) {  /* "Ein Sprecher des Auswärtigen Amts sagte, ..." */
            size_t cb = clause_begin(sc, v, st->sb);
            if (cb < v && (sc->cls[cb] & HT_W_CLAUSE) && !(sc->cls[cb] & HT_W_ARTICLE))
                cb++;
            int32_t office = spokesperson_of(sc, cb, v);
            if (office >= 0 && sc->out->mentions[office].tok_end + 1 >= v)
                w = from_mention(sc, office, v);
        }
        if (w.actor < 0) {
            /* "Der Verband warnte, ...": someone, not the last speaker */
            st->unnamed |= names_no_actor(sc, v, st->sb, st->se);
            continue;
        }
        if (st->cue.actor < 0)
            st->cue = w;
        size_t k = v + 1;
        while (k < st->se && punct(sc, k) != ',' && !clause_end(sc, k))
            k++;
        size_t said = 0, said_end = st->body_end;
        int found = 0;
        if (as_said(sc, v, st, w, &said, &said_end))
            found = !in_direct(sc, nd, said);
        else if (k + 1 < st->se && punct(sc, k) == ',' && (sc->cls[k + 1] & HT_W_DASS))
            said = k + 2, found = 1;
        else if ((said = said_after(sc, v, st->se, w)) > 0)
            found = !in_direct(sc, nd, said), said_end = said_ends(sc, said, st->body_end);
        else if (said_before(sc, v, st->sb, st->body_end, w))
            said = after_colon(sc, st->sb, v - 1), said_end = v - 1,
            found = !in_direct(sc, nd, said);
        if (found && said >= st->covered) {
            ht_status s = add_quote(sc, said, said_end, w, HT_QUOTE_REPORTED, err);
            if (s != HT_OK)
                return s;
            if (said > v)
                st->open_from = st->covered, st->open_to = v;
            st->covered = said_end;
        }
    }
    if (st->cue.actor >= 0 && sc->sent_speaker[st->si] < 0)
        sc->sent_speaker[st->si] = st->cue.actor;
    return HT_OK;
}

/* The end of a reported clause: the sentence's end, before a trailing
 * attribution (", heißt es", ", sagte X", ", so X"). */
/* ", urteilten die Richter": a verb in the past tense that no speech verb
 * list has, opening a clause with its subject right after it; or a verb in
 * any tense with a name right after it that ends the clause (", kontert
 * Kühnert und fragt"). */
static int past_inquit(const ht_scan *sc, size_t i, size_t body_end)
{
    const ht_token *t = tk(sc, i);
    const char *s = sc->doc->text.s;
    size_t n = t->end - t->start;
    int past = (n > 4 && !memcmp(s + t->end - 2, "te", 2)) ||
               (n > 5 && !memcmp(s + t->end - 3, "ten", 3));
    /* not a condition: ", sollten die USA Zölle erheben", ", wollte die Ukraine das" */
    static const char *const modal[] = {
        "sollte", "sollten", "wollte", "wollten", "konnte", "konnten", "könnte", "könnten",
        "musste", "mussten", "müsste", "müssten", "durfte", "durften", "dürfte", "dürften",
        "hatte", "hatten", "hätte", "hätten", "möchte", "möchten", "mochte", "mochten"
    };
    if ((sc->cls[i] & (HT_W_FUNC | HT_W_AUX | HT_W_KONJ)) || i + 1 >= body_end ||
        ht_scan_word_in(sc, i, modal, sizeof modal / sizeof *modal))
        return 0;
    if (past && ((sc->cls[i + 1] & HT_W_ART_NOM) || sc->mention_at[i + 1] >= 0))
        return 1;
    /* any tense when a name follows and ends the clause: ", kontert Kühnert und fragt";
     * the word a verb's "-t", not "darunter", "beispielsweise", "selbst" */
    static const char *const not_verbs[] = {
        "selbst", "konkret", "zuletzt", "jetzt", "erst", "meist", "bereits", "nicht", "seit",
        "nebst", "samt", "zumindest", "längst", "einst", "sonst", "fast", "zunächst", "nächst",
        "direkt", "exakt", "strikt", "perfekt", "korrekt", "komplett", "explizit", "indirekt"
    };
    const char *e = sc->doc->text.s + t->end;
    if (e[-1] != 't' || ht_scan_word_in(sc, i, not_verbs, sizeof not_verbs / sizeof *not_verbs))
        return 0;
    int32_t m = sc->mention_at[i + 1];
    size_t after = m >= 0 ? sc->out->mentions[m].tok_end : 0;
    return m >= 0 && sc->out->actors[sc->out->mentions[m].actor].type != HT_ACTOR_LOCATION &&
           (after >= body_end || clause_end(sc, after) || (sc->cls[after] & HT_W_COORD));
}

static size_t reported_end(const ht_scan *sc, size_t v, size_t body_end)
{
    for (size_t i = v + 1; i + 1 < body_end; i++)
        if (punct(sc, i) == ',' && lower_word(sc, i + 1) &&
            ((sc->cls[i + 1] & (HT_W_SPEECH | HT_W_SO)) || past_inquit(sc, i + 1, body_end)))
            return i;
    return body_end;
}

/* A verb the Konjunktiv list lacks, known by its place and its ending: a
 * lowercase word in -e right after the subject that opens the clause ("Die
 * Anklage beruhe auf ...", "Er erwarte ...", "Selenskyj verliere ..."),
 * where the indicative would end in -t. */
static int konjunktiv_by_form(const ht_scan *sc, size_t v, size_t sb, size_t se)
{
    static const char *const not_verbs[] = {
        "gerne", "heute", "ferne", "alle", "keine", "jede", "diese", "jene", "seine", "ihre",
        "eine", "beide", "viele", "wenige", "andere", "bitte", "ohne", "gerade", "lange",
        "alleine", "deine", "meine", "unsere", "euere", "eure", "welche", "solche", "manche",
        "einige", "mehrere", "sowie", "ebenso", "ohnehin", "gleiche", "selbe", "erste", "letzte",
        "nahe", "weiterhin", "stille", "ganze", "halbe", "rasche", "klare", "ehe",
        "hierzulande", "zuhause", "beinahe", "irgendwie", "zuliebe", "große", "kleine", "neue",
        "alte", "gute", "hohe", "starke", "schwache", "wichtige", "offene", "eigene"
    };
    const ht_token *t = tk(sc, v);
    const char *end = sc->doc->text.s + t->end;
    /* not "-te": "lobte", "sagte" are past indicative (and "erwarte" is lost with them) */
    if (!lower_word(sc, v) || t->end - t->start < 4 || end[-1] != 'e' || end[-2] == 't' ||
        v + 1 >= se || clause_end(sc, v + 1) ||
        (sc->cls[v] & (HT_W_FUNC | HT_W_AUX | HT_W_FINITE | HT_W_SPEECH)) ||
        ht_scan_word_in(sc, v, not_verbs, sizeof not_verbs / sizeof *not_verbs))
        return 0;
    size_t first = clause_begin(sc, v, sb);
    if (v == first || (ht_scan_cap(sc, v + 1) && sc->mention_at[v + 1] < 0))
        return 0;  /* "Die Partei große Verliererin": an adjective before its noun */
    for (size_t i = v + 1; i < se && !clause_end(sc, i); i++) {
        const ht_token *w = tk(sc, i);
        size_t n = w->end - w->start;
        const char *e = sc->doc->text.s + w->end;
        if ((sc->cls[i] & (HT_W_AUX | HT_W_FINITE | HT_W_SPEECH | HT_W_KONJ)) ||
            (lower_word(sc, i) && n > 4 && (!memcmp(e - 2, "te", 2) || !memcmp(e - 3, "ten", 3))))
            return 0;  /* another verb is the clause's: "Die Inflation hierzulande ist ..." */
    }
    /* "er" and "sie" only: "Man bedenke ...", "Es lebe ..." are the writer's */
    static const char *const persons[] = { "er", "sie" };
    int32_t m = sc->mention_at[v - 1];
    if (m >= 0)  /* "Selenskyj verliere": the name opens the clause */
        return sc->out->mentions[m].tok_begin == first;
    if (v == first + 1)  /* "Er verliere" */
        return ht_scan_word_in(sc, first, persons, 2);
    /* "Die Anklage beruhe": an article and a noun */
    return v == first + 2 && (sc->cls[first] & HT_W_ART_NOM) && ht_scan_cap(sc, first + 1) &&
           !(sc->cls[first + 1] & HT_W_FUNC);
}

static int konjunktiv_at(const ht_scan *sc, size_t v, size_t sb, size_t se)
{
    if (!lower_word(sc, v))
        return 0;
    if (!(sc->cls[v] & HT_W_KONJ) && !konjunktiv_by_form(sc, v, sb, se))
        return 0;
    if (v > sb && (sc->cls[v - 1] & HT_W_FIRSTPERS))
        return 0;  /* "ich habe": indicative */
    if (v + 1 < se && (sc->cls[v + 1] & HT_W_FIRSTPERS))
        return 0;
    return 1;
}

/* Whether w is someone's speech verb outside the clause [cb, ce). */
static int outside(who w, size_t cb, size_t ce)
{
    return w.actor >= 0 && ((size_t)w.cue < cb || (size_t)w.cue >= ce);
}

/* When the quotation mark at c closes a few words quoted inside a clause
 * ("der „Weltklasse“ gespielt habe"): the mark that opens them; else c. */
static size_t inline_quote_open(const ht_scan *sc, size_t c, size_t sb)
{
    for (size_t j = c; j-- > sb && j + INLINE_QUOTE_MAX > c;) {
        if (tk(sc, j)->type == HT_TOK_QUOTE)
            return j + 1 < c ? j : c;
        if (clause_end(sc, j))
            return c;
    }
    return c;
}

static size_t clause_begin(const ht_scan *sc, size_t i, size_t sb)
{
    while (i > sb) {
        size_t open = tk(sc, i - 1)->type == HT_TOK_QUOTE ? inline_quote_open(sc, i - 1, sb)
                                                          : i - 1;
        if (open < i - 1 && open > sb && !clause_end(sc, open - 1)) {
            i = open;  /* the clause goes on before the quoted words */
            continue;
        }
        if (clause_end(sc, i - 1))
            break;
        i--;
    }
    return i;
}

/* The start of the reported clause whose verb is at v: its clause, and
 * before it the clause a relative clause between them belongs to ("Bei den
 * Menschen, die jünger sind, seien ..."), unless that one has its own
 * speech verb ("Er warnte die Bürger, die ihm glaubten, es sei ..."). */
static size_t reported_begin(const ht_scan *sc, size_t v, size_t sb)
{
    size_t cb = clause_begin(sc, v, sb);
    while (cb > sb + 1 && punct(sc, cb - 1) == ',') {
        size_t rb = clause_begin(sc, cb - 1, sb);
        /* "die jünger als 80 Jahre sind": the pronoun before no noun, the verb
         * last; "die SPD protestiert" is a main clause */
        if (rb <= sb + 1 || punct(sc, rb - 1) != ',' || !relative_pronoun(sc, rb) ||
            rb + 2 >= cb || !lower_word(sc, rb + 1) || !lower_word(sc, cb - 2))
            break;
        size_t ab = clause_begin(sc, rb - 1, sb);
        for (size_t i = ab; i + 1 < rb; i++)
            if (sc->cls[i] & HT_W_SPEECH)
                return cb;
        cb = ab;
    }
    return cb;
}

/* "Merz sagte, die Lage sei ernst. Die Länder hätten zu wenig getan.": where
 * Konjunktiv I looks like the indicative (the plural: "haben", "werden",
 * "können", "müssen"), reports take Konjunktiv II. Such a verb at v is
 * reported speech only right after a sentence of the same paragraph that
 * reports someone's words, and not in a condition ("wenn", "falls", a
 * sentence opening with its verb: "Hätte die Regierung ..."), not in a
 * sentence that names its own source ("laut einer Umfrage", "nach
 * Berechnungen des Ministeriums", "wie Umfragen zeigen") or sets itself
 * against the report ("allerdings", "jedoch"). The singular forms ("Es wäre
 * die erste Senkung") are the writer's own: Konjunktiv I has its own there. */
static int konjunktiv2_goes_on(const ht_scan *sc, size_t v, const sent_state *st, size_t nd)
{
    char first = sc->doc->text.s[tk(sc, v)->start];
    if ((first != 'h' && first != 'w' && first != 'm' && first != 'k') || !lower_word(sc, v))
        return 0;  /* hätten, würden, müssten, könnten, wäre: most words go no further */
    static const char *const konj2[] = { "hätten", "würden", "müssten", "könnten" };
    static const char *const opens[] = { "hätte", "hätten", "wäre", "wären", "würde",
                                         "würden", "müsste", "müssten", "könnte", "könnten" };
    if (st->se - st->sb > REPORT_SENTENCE_MAX)
        return 0;  /* the scans below stay short */
    /* with its own attribution after it any form is reported: "Frankreich hätte
     * es wissen müssen, sagte Morrison" */
    int attributed = 0;
    for (size_t i = v + 1; i + 1 < st->se && !attributed; i++)
        attributed = punct(sc, i) == ',' && speech_verb(sc, i + 1, st->se);
    if (attributed && lower_word(sc, v) &&
        ht_scan_word_in(sc, v, opens, sizeof opens / sizeof *opens) &&
        !ht_scan_word_in(sc, st->sb, opens, sizeof opens / sizeof *opens))
        return 1;
    static const char *const condition[] = { "wenn", "falls", "sofern", "ob", "allerdings",
                                             "jedoch", "wie", "umfrage", "umfragen", "studie",
                                             "berechnungen", "schätzungen", "angaben" };
    if (st->si == 0 || !lower_word(sc, v) ||
        !ht_scan_word_in(sc, v, konj2, sizeof konj2 / sizeof *konj2) ||
        ht_scan_word_in(sc, st->sb, opens, sizeof opens / sizeof *opens) ||
        (v > st->sb && (sc->cls[v - 1] & HT_W_FIRSTPERS)) ||
        (v + 1 < st->se && (sc->cls[v + 1] & HT_W_FIRSTPERS)))
        return 0;
    const ht_doc *d = sc->doc;
    if (ht_doc_paragraph_of(d, d->sentences.v[st->si - 1].tok_begin) !=
        ht_doc_paragraph_of(d, st->sb))
        return 0;
    for (size_t i = st->sb; i < st->se; i++)
        if ((sc->cls[i] & (HT_W_LAUT | HT_W_ZUFOLGE)) ||
            ht_scan_word_in(sc, i, condition, sizeof condition / sizeof *condition))
            return 0;
    const ht_analysis *a = sc->out;
    for (size_t q = a->nquotes, seen = 0; q-- > 0 && seen < 16; seen++)
        if (a->quotes[q].sentence == st->si - 1 && a->quotes[q].kind != HT_QUOTE_DIRECT)
            return 1;
    /* or a direct quote with its speaker ends the sentence before ("„...“,
     * sagte Analyst Tobias Kohl. Die Margen hätten ...") */
    const ht_span *prev = &d->sentences.v[st->si - 1];
    return prev->tok_end > prev->tok_begin + 1 && in_direct(sc, nd, prev->tok_begin) &&
           sc->sent_speaker[st->si - 1] >= 0;
}

static ht_status reported_sentence(ht_scan *sc, sent_state *st, size_t nd, ht_error *err)
{
    for (size_t v = st->sb; v < st->se; v++) {
        if ((v < st->covered && !(v >= st->open_from && v < st->open_to)) ||
            !(konjunktiv_at(sc, v, st->sb, st->se) || konjunktiv2_goes_on(sc, v, st, nd)) ||
            in_direct(sc, nd, v))
            continue;
        size_t cb = reported_begin(sc, v, st->sb);
        size_t ce = v;
        while (ce < st->se && !clause_end(sc, ce))
            ce++;
        /* a speech verb outside the clause names its speaker, a personal one
         * ("Merz sagte, ...") before an impersonal one ("..., heißt es aus
         * Moskau"); either before the clause's own subject, which is what the
         * clause is about ("Scholz sei ein Lügner, heißt es aus der CDU") */
        who w = outside(st->cue, cb, ce) ? st->cue : outside(st->source, cb, ce) ? st->source
                                                                                : nobody;
        if (w.actor < 0 && cb > st->sb && punct(sc, cb - 1) == ':')
            w = colon_subject(sc, cb - 1);  /* "führte Baerbock aus: Die Ukraine müsse ..." */
        size_t e = reported_end(sc, v, st->body_end);
        if (w.actor < 0 && e + 1 < st->body_end && !(sc->cls[e + 1] & (HT_W_SPEECH | HT_W_SO))) {
            w = speaker_from(sc, e + 2, st->se, e + 1);  /* ", urteilte das Gericht" */
            if (w.actor < 0)
                continue;  /* ", urteilten die Richter": no actor, not the last speaker */
        }
        /* else the speaker of the sentence before goes on ("Merz sagte, ...
         * Deutschland müsse ..."), and only then is the clause's subject its
         * source ("Macron sei bereit zu Gesprächen") */
        if (w.actor < 0 && st->unnamed)
            continue;  /* said by someone this sentence names as no actor */
        if (w.actor < 0 && st->si > 0 && sc->sent_speaker[st->si - 1] >= 0 &&
            ht_doc_paragraph_of(sc->doc, sc->doc->sentences.v[st->si - 1].tok_begin) ==
                ht_doc_paragraph_of(sc->doc, st->sb))
            w = (who){ sc->sent_speaker[st->si - 1], -1, (int32_t)v };
        if (w.actor < 0) {
            for (size_t i = cb; i < v && w.actor < 0; i++)
                if (speaker_mention_at(sc, i) >= 0)
                    w = from_mention(sc, speaker_mention_at(sc, i), v);
            if (w.actor < 0)
                w = speaker_from(sc, v + 1, st->se, v);
        }
        if (w.actor < 0)
            w = st->source;
        if (w.actor < 0 && st->si > 0 && sc->sent_speaker[st->si - 1] >= 0)
            w = (who){ sc->sent_speaker[st->si - 1], -1, (int32_t)v };  /* across paragraphs */
        if (w.actor < 0)
            continue;
        ht_status s = add_quote(sc, cb, e, (who){ w.actor, w.mention, (int32_t)v },
                                HT_QUOTE_REPORTED, err);
        if (s != HT_OK)
            return s;
        if (e > st->covered)
            st->covered = e;
        else
            st->open_from = e;  /* inside the open clause before a speech verb */
        if (sc->sent_speaker[st->si] < 0)
            sc->sent_speaker[st->si] = w.actor;
    }
    return HT_OK;
}

/* Whether paragraph p opens with the word w and a colon ("Antwort:"). */
static int opens_with(const ht_scan *sc, const ht_span *p, const char *w)
{
    const char *const words[] = { w };
    return p->tok_begin + 2 < p->tok_end && ht_scan_cap(sc, p->tok_begin) &&
           ht_scan_word_in(sc, p->tok_begin, words, 1) && punct(sc, p->tok_begin + 1) == ':';
}

/* The one who answers in an interview printed as "Frage: ..." and "Antwort:
 * ...", when the first question names no one: the person named most often
 * before the first answer (the lead names the guest), the first named of
 * them on a tie; -1 if none. */
static int32_t interviewee(const ht_scan *sc, size_t before)
{
    const ht_analysis *a = sc->out;
    size_t *count = calloc(a->nactors ? a->nactors : 1, sizeof *count);
    if (!count)
        return -1;  /* no speaker rather than a failed analysis */
    int32_t best = -1;
    for (size_t m = 0, lim = ht_scan_mentions_before(sc, before); m < lim; m++) {
        uint32_t id = a->mentions[m].actor;
        if (a->actors[id].type == HT_ACTOR_PERSON &&
            (++count[id] > (best >= 0 ? count[best] : 0)))
            best = (int32_t)id;
    }
    free(count);
    return best;
}

/* "Antwort: Ja, davon bin ich überzeugt." The answers of an interview
 * printed with "Frage:" and "Antwort:" are the interviewee's direct quotes
 * (the questions are the interviewer's: no quote). */
static ht_status interview_antwort(ht_scan *sc, size_t pi, int32_t *guest, ht_error *err)
{
    const ht_doc *d = sc->doc;
    const ht_span *p = &d->paragraphs.v[pi];
    if (!opens_with(sc, p, "antwort"))
        return HT_OK;
    if (*guest == -2 && pi > 0 && opens_with(sc, &d->paragraphs.v[pi - 1], "frage")) {
        /* the person the question before addresses: "Frage: Frau Esken, ..." */
        const ht_span *q = &d->paragraphs.v[pi - 1];
        for (size_t m = ht_scan_mentions_before(sc, q->tok_begin);
             *guest == -2 && m < sc->out->nmentions && sc->out->mentions[m].tok_begin < q->tok_end;
             m++)
            if (sc->out->actors[sc->out->mentions[m].actor].type == HT_ACTOR_PERSON)
                *guest = (int32_t)sc->out->mentions[m].actor;
    }
    if (*guest == -2)
        *guest = interviewee(sc, p->tok_begin);
    size_t e = p->tok_end;
    while (e > p->tok_begin + 2 && tk(sc, e - 1)->type == HT_TOK_PUNCT)
        e--;
    if (*guest < 0 || e <= p->tok_begin + 2)
        return HT_OK;
    return add_quote(sc, p->tok_begin + 2, e, (who){ *guest, -1, (int32_t)p->tok_begin },
                     HT_QUOTE_DIRECT, err);
}

/* "Walker: Das reicht nicht." An interview's answer, a paragraph that opens
 * with a person's or organisation's name and a colon, is its direct quote
 * (a paragraph with quotation marks of its own is left to them). */
static ht_status interview_answer(ht_scan *sc, const ht_span *p, ht_error *err)
{
    size_t b = p->tok_begin;
    int32_t m = b < p->tok_end ? speaker_mention_at(sc, b) : -1;
    if (m < 0)
        return HT_OK;
    size_t colon = sc->out->mentions[m].tok_end, e = p->tok_end;
    const ht_actor *a = &sc->out->actors[sc->out->mentions[m].actor];
    if (a->type == HT_ACTOR_LOCATION || colon + 3 > e || punct(sc, colon) != ':')
        return HT_OK;
    while (e > colon + 1 && (tk(sc, e - 1)->type == HT_TOK_PUNCT))
        e--;
    if (e <= colon + 1)
        return HT_OK;
    return add_quote(sc, colon + 1, e, from_mention(sc, m, colon), HT_QUOTE_DIRECT, err);
}

/* ---- the whole ------------------------------------------------------------------------------ */

static int quote_cmp(const void *a, const void *b)
{
    const ht_quote *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->speaker < y->speaker ? -1 : x->speaker > y->speaker;
}

ht_status ht_find_quotes(ht_scan *sc, ht_error *err)
{
    const ht_doc *d = sc->doc;
    ht_status st = HT_OK;
    int32_t guest = -2;  /* not looked for yet */
    for (size_t p = 0; st == HT_OK && p < d->paragraphs.n; p++) {
        size_t before = sc->out->nquotes;
        st = pair_paragraph(sc, &d->paragraphs.v[p], err);
        if (st == HT_OK && sc->out->nquotes == before)
            st = interview_answer(sc, &d->paragraphs.v[p], err);
        if (st == HT_OK && sc->out->nquotes == before)
            st = interview_antwort(sc, p, &guest, err);
    }
    size_t nd = sc->out->nquotes;
    for (size_t si = 0; st == HT_OK && si < d->sentences.n; si++)
        st = according_sentence(sc, si, nd, err);
    size_t acc = nd, nacc = sc->out->nquotes;
    for (size_t si = 0; st == HT_OK && si < d->sentences.n; si++) {
        const ht_span *s = &d->sentences.v[si];
        sent_state ss = { si, s->tok_begin, s->tok_end, sentence_body_end(sc, s), nobody,
                          nobody, 0, 0, 0, 0 };
        /* what "laut X" / ", so X" covers is not reported speech again */
        for (; acc < nacc && sc->out->quotes[acc].tok_begin < s->tok_end; acc++)
            if (sc->out->quotes[acc].tok_end > ss.covered)
                ss.covered = sc->out->quotes[acc].tok_end;
        st = sentence_cues(sc, &ss, nd, err);
        if (st == HT_OK)
            st = reported_sentence(sc, &ss, nd, err);
    }
    if (st != HT_OK)
        return st;
    ht_analysis *a = sc->out;
    if (a->nquotes > 1)
        qsort(a->quotes, a->nquotes, sizeof *a->quotes, quote_cmp);
    for (size_t q = 0; q < a->nquotes; q++)
        if (a->quotes[q].speaker_mention >= 0)
            a->mentions[a->quotes[q].speaker_mention].flags |= HT_MF_SPEAKER;
    return HT_OK;
}
