/* gazetteer.c: loading the actor gazetteer (actors.json, first names, roles,
 * the built-in lexicon) into hash tables for the matchers; see gazetteer.h.
 * Read-only after loading, so one gazetteer serves all threads. */
#include "classifier/gazetteer.h"

#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/extract.h"
#include "features/file.h"
#include "features/hash.h"

/* ---- hashing and tables ---------------------------------------------------------------- */

uint64_t ht_gz_key_hash(const char *key, size_t len)
{
    uint64_t h = ht_key_prehash(key, len);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

uint64_t ht_gz_seq(uint64_t h, uint64_t key)
{
    return ht_hash_combine(h, key);
}

/* The filter word of a key and its two bits (key hashes are mixed, so any
 * of their bits will do). */
static inline uint64_t filter_bits(uint64_t key, size_t *word)
{
    *word = (size_t)(key >> 54) & (GZ_FILTER_WORDS - 1);
    return (uint64_t)1 << (key & 63) | (uint64_t)1 << ((key >> 6) & 63);
}

const gz_word *ht_gz_word(const ht_gazetteer *g, uint64_t key)
{
    size_t fw;
    uint64_t bits = filter_bits(key, &fw);
    if ((g->word_filter[fw] & bits) != bits)
        return NULL;
    uint32_t i = ht_idmap_get(&g->words, key);
    return i == HT_IDMAP_NONE ? NULL : &g->w[i];
}

const gz_phrase *ht_gz_phrase(const ht_gazetteer *g, uint64_t seq)
{
    uint32_t i = ht_idmap_get(&g->phrases, seq);
    return i == HT_IDMAP_NONE ? NULL : &g->p[i];
}

static uint64_t name_hash(const char *name)
{
    return ht_gz_key_hash(name, strlen(name)) ^ 0x5bd1e995ULL;
}

uint32_t ht_gz_entry_by_name(const ht_gazetteer *g, const char *name)
{
    return ht_idmap_get(&g->names, name_hash(name));
}

uint32_t ht_gz_entry_by_form(const ht_gazetteer *g, const char *s)
{
    uint32_t e = ht_gz_entry_by_name(g, s);
    ht_tokens t = { 0 };
    ht_error err;
    if (e != HT_IDMAP_NONE || ht_tokenize(s, strlen(s), &t, &err) != HT_OK || !t.n ||
        t.n > HT_GZ_MAX_TOKENS) {
        ht_tokens_free(&t);
        return e;
    }
    uint64_t seq = HT_GZ_SEQ0;
    for (size_t i = 0; i < t.n; i++) {
        char key[HT_GZ_KEY_MAX];
        size_t len = ht_token_key(s, &t.v[i], key, sizeof key);
        seq = ht_gz_seq(seq, ht_gz_key_hash(key, len));
    }
    const gz_phrase *p = ht_gz_phrase(g, seq);
    if (p && p->ntok == t.n)
        e = p->entry;
    ht_tokens_free(&t);
    return e;
}

static int word_index(ht_gazetteer *g, uint64_t key, uint32_t *out, ht_error *err)
{
    uint32_t i = ht_idmap_get(&g->words, key);
    if (i == HT_IDMAP_NONE) {
        if (g->nw == g->capw) {
            size_t cap = g->capw ? g->capw * 2 : 1024;
            gz_word *w = realloc(g->w, cap * sizeof *w);
            if (!w)
                return ht_error_set(err, HT_ERR_NOMEM, "out of memory for the gazetteer's words");
            g->w = w;
            g->capw = cap;
        }
        i = (uint32_t)g->nw++;
        g->w[i] = (gz_word){ 0, UINT32_MAX, 0 };
        if (ht_idmap_put(&g->words, key, i, err) != HT_OK)
            return HT_ERR_NOMEM;
        size_t fw;
        uint64_t bits = filter_bits(key, &fw);
        g->word_filter[fw] |= bits;
    }
    *out = i;
    return HT_OK;
}

/* A string's tokens as key hashes; key strings go to keys (HT_GZ_KEY_MAX each). */
typedef struct gz_form {
    size_t n;
    uint64_t h[HT_GZ_MAX_TOKENS];
    char key[HT_GZ_MAX_TOKENS][HT_GZ_KEY_MAX];
    size_t klen[HT_GZ_MAX_TOKENS];
    uint8_t capmask, uppermask;
    uint8_t word_mask;  /* bit i: token i is a word */
} gz_form;

/* Tokenises s into f; returns 0 if it has no tokens or too many. */
static int form_of(ht_gazetteer *g, const char *s, gz_form *f, ht_error *err, ht_status *st)
{
    ht_tokens_clear(&g->tmp);
    *st = ht_tokenize(s, strlen(s), &g->tmp, err);
    if (*st != HT_OK || g->tmp.n == 0 || g->tmp.n > HT_GZ_MAX_TOKENS)
        return 0;
    f->n = g->tmp.n;
    f->capmask = f->uppermask = f->word_mask = 0;
    for (size_t i = 0; i < f->n; i++) {
        const ht_token *t = &g->tmp.v[i];
        f->klen[i] = ht_token_key(s, t, f->key[i], HT_GZ_KEY_MAX);
        f->h[i] = ht_gz_key_hash(f->key[i], f->klen[i]);
        if (t->flags & (HT_TF_CAP | HT_TF_UPPER))
            f->capmask |= (uint8_t)(1u << i);
        if (t->flags & HT_TF_UPPER)
            f->uppermask |= (uint8_t)(1u << i);
        if (t->type == HT_TOK_WORD)
            f->word_mask |= (uint8_t)(1u << i);
    }
    return 1;
}

/* ---- word lists -------------------------------------------------------------------------- */

static ht_status add_word(ht_gazetteer *g, const char *s, uint32_t cls, uint32_t role,
                          ht_error *err)
{
    gz_form f;
    ht_status st;
    if (!form_of(g, s, &f, err, &st) || f.n != 1)
        return st;
    uint32_t i;
    if ((st = word_index(g, f.h[0], &i, err)) != HT_OK)
        return st;
    g->w[i].cls |= cls;
    if (role != UINT32_MAX && g->w[i].role == UINT32_MAX)
        g->w[i].role = role;
    return HT_OK;
}

static ht_status load_lexicon(ht_gazetteer *g, ht_error *err)
{
    size_t n;
    const ht_lexicon_group *lx = ht_lexicon(&n);
    char word[64];
    for (size_t i = 0; i < n; i++) {
        for (const char *p = lx[i].words; *p;) {
            size_t len = strcspn(p, " ");
            if (len && len < sizeof word) {
                memcpy(word, p, len);
                word[len] = '\0';
                ht_status st = add_word(g, word, lx[i].cls, UINT32_MAX, err);
                if (st != HT_OK)
                    return st;
            }
            p += len;
            p += *p == ' ';
        }
    }
    const ht_institution_kind *kinds = ht_institution_kinds(&n);
    for (size_t k = 0; k < n; k++) {  /* and their genitives: "Landgerichts", "Gerichtes" */
        static const char *const endings[] = { "", "s", "es" };
        for (size_t e = 0; e < 3; e++) {
            snprintf(word, sizeof word, "%s%s", kinds[k].key, endings[e]);
            ht_status st = add_word(g, word, HT_W_KIND, UINT32_MAX, err);
            if (st != HT_OK)
                return st;
        }
    }
    return HT_OK;
}

/* Gazetteer and list files: the shipped actors.json is under 1 MiB. */
#define LIST_FILE_MAX (256u << 20)

static char *read_all(const char *path, size_t *len, ht_error *err)
{
    FILE *f = ht_file_open_read(path);
    if (!f) {
        ht_error_set(err, HT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    int e = ht_file_read_all(f, LIST_FILE_MAX, &buf, len);
    fclose(f);
    if (e == EFBIG)
        ht_error_set(err, HT_ERR_LIMIT, "%s: more than %u MiB, too large for a list of actors, "
                     "names or roles", path, LIST_FILE_MAX >> 20);
    else if (e)
        ht_error_set(err, e == ENOMEM ? HT_ERR_NOMEM : HT_ERR_IO, "%s: %s", path,
                     e == ENOMEM ? "out of memory" : strerror(e));
    return e ? NULL : buf;
}

static ht_status add_role(ht_gazetteer *g, const char *line, ht_error *err)
{
    if (g->nroles == g->caproles) {
        size_t cap = g->caproles ? g->caproles * 2 : 256;
        char **r = realloc(g->roles, cap * sizeof *r);
        if (!r)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory for roles");
        g->roles = r;
        g->caproles = cap;
    }
    char *copy = strdup(line);
    if (!copy)
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for roles");
    g->roles[g->nroles] = copy;
    size_t len = strlen(line);
    uint32_t cls = HT_W_ROLE | (len && line[len - 1] == '.' ? HT_W_TITLE : 0);
    return add_word(g, copy, cls, (uint32_t)g->nroles++, err);
}

/* One name or role per line; '#' starts a comment line. */
/* "Anna<TAB>f": cuts the gender column off the line and gives its class. */
static ht_status first_name_gender(char *line, const char *path, size_t number, uint32_t *cls,
                                   ht_error *err)
{
    char *tab = strchr(line, '\t');
    char *space = strchr(line, ' ');
    if (space && (!tab || space < tab))  /* "Peter m": one word, then a tab */
        return ht_error_set(err, HT_ERR_FORMAT, "%s:%zu: a first name is one word, its gender "
                            "after a tab: '%.40s'", path, number, line);
    if (!tab)
        return HT_OK;
    char *g = tab + 1;
    *tab = '\0';
    while (*g == ' ' || *g == '\t')
        g++;
    if (!strcmp(g, "f") || !strcmp(g, "m") || !strcmp(g, "u")) {
        *cls = *g == 'f' ? HT_W_FEMALE : *g == 'm' ? HT_W_MALE : 0;
        return HT_OK;
    }
    return ht_error_set(err, HT_ERR_FORMAT, "%s:%zu: after the name, f, m or u (its gender) or "
                        "nothing, not '%.40s'", path, number, g);
}

static ht_status load_list(ht_gazetteer *g, const char *path, int roles, ht_error *err)
{
    size_t len;
    char *buf = read_all(path, &len, err);
    if (!buf)
        return err ? err->code : HT_ERR_IO;
    ht_status st = HT_OK;
    size_t number = 0;
    for (char *line = buf; st == HT_OK && line < buf + len;) {
        char *end = strchr(line, '\n');
        if (!end)
            end = buf + len;
        *end = '\0';
        number++;
        while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line && *line != '#') {
            if (roles) {
                st = add_role(g, line, err);
            } else {
                uint32_t gender = 0;
                st = first_name_gender(line, path, number, &gender, err);
                if (st == HT_OK)
                    st = add_word(g, line, HT_W_FIRSTNAME | gender, UINT32_MAX, err);
                g->nfirst++;
            }
        }
        line = end + 1;
    }
    free(buf);
    return st;
}

/* ---- phrase index -------------------------------------------------------------------------- */

/* Puts phrase f of entry; *owner (if not NULL) gets the entry that had it
 * before (HT_IDMAP_NONE: none). A written form takes a phrase from any
 * entry, a generated one (an adjective's inflection) from none. */
static ht_status put_phrase(ht_gazetteer *g, uint32_t entry, const gz_form *f, const uint64_t *h,
                            int generated, uint32_t *owner, ht_error *err)
{
    uint64_t seq = HT_GZ_SEQ0;
    for (size_t i = 0; i < f->n; i++)
        seq = ht_gz_seq(seq, h[i]);
    uint32_t at = ht_idmap_get(&g->phrases, seq);
    if (owner)
        *owner = at == HT_IDMAP_NONE ? HT_IDMAP_NONE : g->p[at].entry;
    if (at != HT_IDMAP_NONE && generated)
        return HT_OK;
    uint8_t capmask = f->capmask, uppermask = f->uppermask;
    if (at != HT_IDMAP_NONE && g->p[at].entry == entry) {
        /* "dpa" and "DPA", "von der Leyen" and "Von der Leyen": the entry's
         * forms of one key each match as written, so a text token needs
         * only what both ask of it */
        capmask &= g->p[at].capmask;
        uppermask &= g->p[at].uppermask;
    }
    if (at == HT_IDMAP_NONE) {
        if (g->np == g->capp) {
            size_t cap = g->capp ? g->capp * 2 : 4096;
            gz_phrase *p = realloc(g->p, cap * sizeof *p);
            if (!p)
                return ht_error_set(err, HT_ERR_NOMEM, "out of memory for aliases");
            g->p = p;
            g->capp = cap;
        }
        at = (uint32_t)g->np++;
        if (ht_idmap_put(&g->phrases, seq, at, err) != HT_OK)
            return HT_ERR_NOMEM;
    }
    const gz_entry *e = &g->e[entry];
    const char *last = f->key[f->n - 1];
    size_t ll = f->klen[f->n - 1];
    int adjectival = e->type == HT_ACTOR_ORG && ll && last[ll - 1] == 'e';
    g->p[at] = (gz_phrase){ entry, (uint8_t)f->n, capmask, uppermask,
                            (uint8_t)((f->word_mask >> (f->n - 1) & 1) && !adjectival) };
    uint32_t wi;
    ht_status st = word_index(g, h[0], &wi, err);
    if (st == HT_OK && g->w[wi].maxlen < f->n)
        g->w[wi].maxlen = (uint8_t)f->n;
    return st;
}

/* Length of an adjective ending (-e, -en, -em, -er, -es) of a key, or 0. */
static size_t adj_ending(const char *k, size_t len)
{
    if (len < 5)
        return 0;
    if (k[len - 1] == 'e')
        return 1;
    if (k[len - 2] == 'e' && strchr("nmrs", k[len - 1]))
        return 2;
    return 0;
}

/* The forms with every adjective before the last word in each of its endings. */
static ht_status put_adjective_forms(ht_gazetteer *g, uint32_t entry, const gz_form *f,
                                     ht_error *err)
{
    static const char *const endings[] = { "e", "en", "em", "er", "es" };
    if (g->e[entry].type == HT_ACTOR_PERSON || f->n < 2)
        return HT_OK;
    size_t cut[HT_GZ_MAX_TOKENS] = { 0 };
    int any = 0;
    for (size_t i = 0; i + 1 < f->n; i++)
        if ((f->word_mask >> i) & 1)
            any |= (cut[i] = adj_ending(f->key[i], f->klen[i])) != 0;
    if (!any)
        return HT_OK;
    for (size_t v = 0; v < 5; v++) {
        uint64_t h[HT_GZ_MAX_TOKENS];
        for (size_t i = 0; i < f->n; i++) {
            if (!cut[i]) {
                h[i] = f->h[i];
                continue;
            }
            char buf[HT_GZ_KEY_MAX + 4];
            size_t stem = f->klen[i] - cut[i];
            memcpy(buf, f->key[i], stem);
            size_t el = strlen(endings[v]);
            memcpy(buf + stem, endings[v], el);
            h[i] = ht_gz_key_hash(buf, stem + el);
        }
        ht_status st = put_phrase(g, entry, f, h, 1, NULL, err);
        if (st != HT_OK)
            return st;
    }
    return HT_OK;
}

/* Bytes of s to print of at most max, not cutting a UTF-8 sequence. */
static int utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return (int)max;
}

static ht_status index_entry(ht_gazetteer *g, uint32_t entry, int generated, ht_error *err)
{
    const gz_entry *e = &g->e[entry];
    for (size_t a = 0; a <= e->naliases; a++) {
        const char *s = a == 0 ? e->name : e->aliases[a - 1];
        gz_form f;
        ht_status st;
        if (!form_of(g, s, &f, err, &st)) {
            if (st != HT_OK)
                return st;
            continue;
        }
        uint32_t owner = HT_IDMAP_NONE;
        st = generated ? put_adjective_forms(g, entry, &f, err)
                       : put_phrase(g, entry, &f, f.h, 0, &owner, err);
        if (st != HT_OK)
            return st;
        if (owner != HT_IDMAP_NONE && owner != entry && entry >= g->batch_start &&
            g->nshared++ == 0)
            snprintf(g->shared, sizeof g->shared, "\"%.*s\" of \"%.*s\" was \"%.*s\"'s",
                     utf8_cut(s, 80), s, utf8_cut(e->name, 80), e->name,
                     utf8_cut(g->e[owner].name, 80), g->e[owner].name);
    }
    return HT_OK;
}

static ht_status rebuild(ht_gazetteer *g, ht_error *err)
{
    ht_idmap_clear(&g->phrases);
    g->np = 0;
    g->nshared = 0;
    g->shared[0] = '\0';
    for (size_t i = 0; i < g->nw; i++)
        g->w[i].maxlen = 0;
    for (int generated = 0; generated <= 1; generated++)
        for (size_t i = 0; i < g->n; i++) {
            if (g->e[i].dead)
                continue;
            ht_status st = index_entry(g, (uint32_t)i, generated, err);
            if (st != HT_OK)
                return st;
        }
    return HT_OK;
}

/* ---- actors.json ------------------------------------------------------------------------- */

static void entry_free(gz_entry *e)
{
    free(e->name);
    free(e->role);
    free(e->country);
    free(e->stands_for);
    free(e->party);
    free(e->ballot);
    for (size_t i = 0; i < e->naliases; i++)
        free(e->aliases[i]);
    free(e->aliases);
    for (size_t i = 0; i < 2 * e->nabroad; i++)
        free(e->abroad[i]);
    free(e->abroad);
}

static ht_actor_type type_of(const char *s)
{
    if (!strcmp(s, "person"))
        return HT_ACTOR_PERSON;
    if (!strcmp(s, "organisation"))
        return HT_ACTOR_ORG;
    if (!strcmp(s, "location"))
        return HT_ACTOR_LOCATION;
    return 0;
}

/* Where entries come from: a file's name and its text, for the line of an
 * entry in an error (Jansson keeps no positions of values). */
typedef struct gz_src {
    const char *name, *json;
    size_t len;
} gz_src;

/* The line on which element idx of the top-level "actors" array starts, in
 * json as Jansson accepted it (so well-formed); 0 if not found. */
static size_t element_line(const char *json, size_t len, size_t idx)
{
    size_t line = 1, depth = 0, at = 0, nkey = 0, arr_depth = 0;
    const char *key = NULL;
    int expect = 0;  /* the next value inside the array starts an element */
    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (c == '\n') {
            line++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r')
            continue;
        if (arr_depth && depth == arr_depth && expect && c != ']') {
            if (at == idx)
                return line;
            expect = 0;
        }
        if (c == '"') {
            size_t b = i + 1;
            for (i++; i < len && json[i] != '"'; i++)
                i += json[i] == '\\';
            if (depth == 1 && !arr_depth)
                key = json + b, nkey = i - b;
        } else if (c == '{' || c == '[') {
            depth++;
            if (c == '[' && depth == 2 && !arr_depth && key && nkey == 6 &&
                !memcmp(key, "actors", 6))
                arr_depth = depth, expect = 1;
        } else if (c == '}' || c == ']') {
            if (depth == arr_depth)
                return 0;
            depth--;
        } else if (c == ',' && arr_depth && depth == arr_depth) {
            at++;
            expect = 1;
        }
    }
    return 0;
}

#define ENTRY_ERR(code, ...) entry_error(err, origin, idx, name, code, __VA_ARGS__)

static ht_status entry_error(ht_error *err, const gz_src *origin, size_t idx, const char *name,
                             ht_status code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static ht_status entry_error(ht_error *err, const gz_src *origin, size_t idx, const char *name,
                             ht_status code, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t line = element_line(origin->json, origin->len, idx);
    if (name)
        return ht_error_set(err, code, "%s:%zu: actors[%zu] (\"%.80s\"): %s", origin->name, line,
                            idx, name, what);
    return ht_error_set(err, code, "%s:%zu: actors[%zu]: %s", origin->name, line, idx, what);
}

/* An optional string field; *out stays NULL when absent. */
static ht_status opt_string(json_t *obj, const char *field, char **out, const gz_src *origin,
                            size_t idx, const char *name, ht_error *err)
{
    json_t *v = json_object_get(obj, field);
    if (!v)
        return HT_OK;
    if (!json_is_string(v))
        return ENTRY_ERR(HT_ERR_FORMAT, "\"%s\" must be a string", field);
    if (!(*out = strdup(json_string_value(v))))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory");
    return HT_OK;
}

static ht_status parse_aliases(json_t *obj, gz_entry *e, const gz_src *origin, size_t idx,
                               ht_error *err)
{
    const char *name = e->name;
    json_t *al = json_object_get(obj, "aliases");
    if (!al)
        return ENTRY_ERR(HT_ERR_FORMAT, "missing \"aliases\" (an array, may be [])");
    if (!json_is_array(al))
        return ENTRY_ERR(HT_ERR_FORMAT, "\"aliases\" must be an array of strings");
    size_t n = json_array_size(al);
    if (n && !(e->aliases = calloc(n, sizeof *e->aliases)))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(al, i);
        if (!json_is_string(s) || !json_string_value(s)[0])
            return ENTRY_ERR(HT_ERR_FORMAT, "aliases[%zu] must be a non-empty string", i);
        if (!(e->aliases[i] = strdup(json_string_value(s))))
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory");
        e->naliases = i + 1;
    }
    return HT_OK;
}

/* "abroad": {"CH": "Schweizerischer Bundesrat"}: country codes and names. */
static ht_status parse_abroad(json_t *obj, gz_entry *e, const gz_src *origin, size_t idx,
                              ht_error *err)
{
    const char *name = e->name;
    json_t *ab = json_object_get(obj, "abroad");
    if (!ab)
        return HT_OK;
    if (!json_is_object(ab))
        return ENTRY_ERR(HT_ERR_FORMAT, "\"abroad\" must be an object of country codes and "
                         "actor names");
    size_t n = json_object_size(ab);
    if (n && !(e->abroad = calloc(2 * n, sizeof *e->abroad)))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory");
    const char *key;
    json_t *val;
    json_object_foreach(ab, key, val) {
        if (!key[0] || !json_is_string(val) || !json_string_value(val)[0])
            return ENTRY_ERR(HT_ERR_FORMAT, "\"abroad\" must map country codes to non-empty "
                             "actor names");
        size_t k = e->nabroad;
        if (!(e->abroad[2 * k] = strdup(key)) ||
            !(e->abroad[2 * k + 1] = strdup(json_string_value(val)))) {
            free(e->abroad[2 * k]);
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory");
        }
        e->nabroad = k + 1;
    }
    return HT_OK;
}

static ht_status parse_entry(json_t *obj, gz_entry *e, const gz_src *origin, size_t idx,
                             ht_error *err)
{
    const char *name = NULL;
    if (!json_is_object(obj))
        return ENTRY_ERR(HT_ERR_FORMAT, "must be an object");
    json_t *jn = json_object_get(obj, "name");
    if (!json_is_string(jn) || !json_string_value(jn)[0])
        return ENTRY_ERR(HT_ERR_FORMAT, "\"name\" must be a non-empty string");
    name = json_string_value(jn);
    json_t *jt = json_object_get(obj, "type");
    if (!json_is_string(jt) || !(e->type = type_of(json_string_value(jt))))
        return ENTRY_ERR(HT_ERR_FORMAT,
                         "\"type\" must be one of \"person\", \"organisation\", \"location\"");
    /* a misspelt field ("partei", "stand_for") would silently drop a link */
    static const char *const fields[] = { "name", "type", "aliases", "role", "country",
                                          "stands_for", "party", "ballot", "abroad" };
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        size_t f = 0;
        while (f < sizeof fields / sizeof *fields && strcmp(key, fields[f]))
            f++;
        if (f == sizeof fields / sizeof *fields)
            return ENTRY_ERR(HT_ERR_FORMAT, "unknown field \"%s\" (the fields are name, type, "
                             "aliases, role, country, stands_for, party, ballot, abroad)", key);
    }
    if (!(e->name = strdup(name)))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory");
    ht_status st = parse_aliases(obj, e, origin, idx, err);
    if (st == HT_OK)
        st = opt_string(obj, "role", &e->role, origin, idx, name, err);
    if (st == HT_OK)
        st = opt_string(obj, "country", &e->country, origin, idx, name, err);
    if (st == HT_OK)
        st = opt_string(obj, "stands_for", &e->stands_for, origin, idx, name, err);
    if (st == HT_OK)
        st = opt_string(obj, "party", &e->party, origin, idx, name, err);
    if (st == HT_OK)
        st = opt_string(obj, "ballot", &e->ballot, origin, idx, name, err);
    if (st == HT_OK)
        st = parse_abroad(obj, e, origin, idx, err);
    return st;
}

typedef struct gz_batch {
    gz_entry *e;
    size_t n;
} gz_batch;

static void batch_free(gz_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        entry_free(&b->e[i]);
    free(b->e);
}

static ht_status parse_root(json_t *root, const gz_src *origin, gz_batch *b, ht_error *err)
{
    if (!json_is_object(root))
        return ht_error_set(err, HT_ERR_FORMAT, "%s: the top level must be an object "
                            "{\"version\": 1, \"actors\": [...]}", origin->name);
    json_t *ver = json_object_get(root, "version");
    if (ver && (!json_is_integer(ver) || json_integer_value(ver) != 1))
        return ht_error_set(err, HT_ERR_FORMAT, "%s: \"version\" must be 1", origin->name);
    json_t *arr = json_object_get(root, "actors");
    if (!json_is_array(arr))
        return ht_error_set(err, HT_ERR_FORMAT, "%s: \"actors\" must be an array", origin->name);
    size_t n = json_array_size(arr);
    if (n && !(b->e = calloc(n, sizeof *b->e)))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory for %zu actors", n);
    for (size_t i = 0; i < n; i++) {
        b->n = i + 1;
        ht_status st = parse_entry(json_array_get(arr, i), &b->e[i], origin, i, err);
        if (st != HT_OK)
            return st;
    }
    return HT_OK;
}

/* Whether name is an entry of the batch (seen) or of the gazetteer. */
static int entry_known(const ht_gazetteer *g, const ht_idmap *seen, const char *name)
{
    return ht_idmap_get(seen, name_hash(name)) != HT_IDMAP_NONE ||
           ht_idmap_get(&g->names, name_hash(name)) != HT_IDMAP_NONE;
}

/* Names unique within the batch; stands_for and party targets in the merged set. */
static ht_status check_batch(const ht_gazetteer *g, const gz_batch *b, const gz_src *origin,
                             ht_error *err)
{
    ht_idmap seen = { 0 };
    ht_status st = HT_OK;
    for (size_t i = 0; st == HT_OK && i < b->n; i++) {
        const char *name = b->e[i].name;
        size_t idx = i;
        if (ht_idmap_get(&seen, name_hash(name)) != HT_IDMAP_NONE)
            st = ENTRY_ERR(HT_ERR_INVALID, "duplicate name in this file");
        else
            st = ht_idmap_put(&seen, name_hash(name), (uint32_t)i, err);
    }
    for (size_t i = 0; st == HT_OK && i < b->n; i++) {
        const char *name = b->e[i].name, *to = b->e[i].stands_for, *party = b->e[i].party;
        size_t idx = i;
        if (to && !entry_known(g, &seen, to))
            st = ENTRY_ERR(HT_ERR_INVALID, "\"stands_for\": no actor named \"%.80s\"", to);
        else if (party && !entry_known(g, &seen, party))
            st = ENTRY_ERR(HT_ERR_INVALID, "\"party\": no actor named \"%.80s\"", party);
        for (size_t k = 0; st == HT_OK && k < b->e[i].nabroad; k++)
            if (!entry_known(g, &seen, b->e[i].abroad[2 * k + 1]))
                st = ENTRY_ERR(HT_ERR_INVALID, "\"abroad\": no actor named \"%.80s\"",
                               b->e[i].abroad[2 * k + 1]);
    }
    ht_idmap_free(&seen);
    return st;
}

static ht_status commit_batch(ht_gazetteer *g, gz_batch *b, ht_error *err)
{
    if (g->n + b->n > g->cap) {
        size_t cap = g->cap ? g->cap : 256;
        while (cap < g->n + b->n)
            cap *= 2;
        gz_entry *e = realloc(g->e, cap * sizeof *e);
        if (!e)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory for actors");
        g->e = e;
        g->cap = cap;
    }
    g->batch_start = g->n;
    for (size_t i = 0; i < b->n; i++) {
        uint64_t h = name_hash(b->e[i].name);
        uint32_t old = ht_idmap_get(&g->names, h);
        if (ht_idmap_put(&g->names, h, (uint32_t)g->n, err) != HT_OK)
            return HT_ERR_NOMEM;
        if (old != HT_IDMAP_NONE) {
            g->e[old].dead = 1;
            g->live--;
        }
        g->e[g->n++] = b->e[i];
        g->live++;
    }
    free(b->e);
    b->e = NULL;
    b->n = 0;
    return rebuild(g, err);
}

ht_status ht_gazetteer_add_json(ht_gazetteer *g, const char *json, size_t len,
                                const char *origin, ht_error *err)
{
    json_error_t je;
    if (len >= 3 && !memcmp(json, "\xEF\xBB\xBF", 3)) {  /* a byte-order mark, as editors write */
        json += 3;
        len -= 3;
    }
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root && strstr(je.text, "JSON_ALLOW_NUL"))  /* Jansson's flag means nothing to a user */
        return ht_error_set(err, HT_ERR_FORMAT, "%s:%d:%d: a string holds \\u0000 (NUL), which "
                            "no name or alias may", origin, je.line, je.column);
    if (!root)
        return ht_error_set(err, HT_ERR_FORMAT, "%s:%d:%d: %s", origin, je.line, je.column,
                            je.text);
    gz_batch b = { 0 };
    gz_src src = { origin, json, len };
    ht_status st = parse_root(root, &src, &b, err);
    json_decref(root);
    if (st == HT_OK)
        st = check_batch(g, &b, &src, err);
    if (st == HT_OK)
        st = commit_batch(g, &b, err);
    batch_free(&b);
    return st;
}

ht_status ht_gazetteer_add_file(ht_gazetteer *g, const char *path, ht_error *err)
{
    size_t len;
    char *buf = read_all(path, &len, err);
    if (!buf)
        return err ? err->code : HT_ERR_IO;
    ht_status st = ht_gazetteer_add_json(g, buf, len, path, err);
    free(buf);
    return st;
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

ht_gazetteer *ht_gazetteer_new(ht_error *err)
{
    ht_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the gazetteer");
        return NULL;
    }
    if (load_lexicon(g, err) != HT_OK) {
        ht_gazetteer_free(g);
        return NULL;
    }
    return g;
}

ht_status ht_gazetteer_load_dir(ht_gazetteer *g, const char *dir, ht_error *err)
{
    static const char *const files[] = { "firstnames.txt", "roles.txt", "actors.json" };
    char path[4096];
    for (int i = 0; i < 3; i++) {
        if ((size_t)ht_file_join(path, sizeof path, dir, files[i]) >= sizeof path)
            return ht_error_set(err, HT_ERR_INVALID, "%s: path too long", dir);
        ht_status st = i == 2 ? ht_gazetteer_add_file(g, path, err) : load_list(g, path, i, err);
        if (st != HT_OK)
            return st;
    }
    return HT_OK;
}

void ht_gazetteer_free(ht_gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        entry_free(&g->e[i]);
    free(g->e);
    for (size_t i = 0; i < g->nroles; i++)
        free(g->roles[i]);
    free(g->roles);
    free(g->w);
    free(g->p);
    ht_idmap_free(&g->names);
    ht_idmap_free(&g->words);
    ht_idmap_free(&g->phrases);
    ht_tokens_free(&g->tmp);
    free(g);
}

size_t ht_gazetteer_size(const ht_gazetteer *g)
{
    return g ? g->live : 0;
}

size_t ht_gazetteer_shared_forms(const ht_gazetteer *g, const char **first)
{
    *first = g->shared;
    return g->nshared;
}

size_t ht_gazetteer_firstnames(const ht_gazetteer *g)
{
    return g ? g->nfirst : 0;
}

size_t ht_gazetteer_roles(const ht_gazetteer *g)
{
    return g ? g->nroles : 0;
}
