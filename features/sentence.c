/* sentence.c: paragraph and sentence boundaries from tokens. */
#include "features/sentence.h"

#include <stdlib.h>
#include <string.h>

static ht_status push_span(ht_spans *out, const ht_tokens *tok, size_t b, size_t e, ht_error *err)
{
    if (b >= e)
        return HT_OK;
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        ht_span *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory after %zu spans", out->n);
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = (ht_span){ tok->v[b].start, tok->v[e - 1].end, (uint32_t)b, (uint32_t)e };
    return HT_OK;
}

/* Pushes [b, e) as sentences of at most HT_SENTENCE_MAX_TOKENS tokens: a run
 * without a sentence end (a list, a table, a pasted blob) is cut, after the
 * last comma, semicolon or colon in the second half of each piece where there
 * is one. Finding speakers and subjects and scoring each mention costs up to
 * the length of its sentence; unbounded, a text of one endless sentence cost
 * the square of its length in time and memory. */
static ht_status push_sentence(const char *s, ht_spans *out, const ht_tokens *tok, size_t b,
                               size_t e, ht_error *err)
{
    while (e - b > HT_SENTENCE_MAX_TOKENS) {
        size_t cut = b + HT_SENTENCE_MAX_TOKENS;
        for (size_t i = cut; i-- > b + HT_SENTENCE_MAX_TOKENS / 2;) {
            const ht_token *t = &tok->v[i];
            if (t->type == HT_TOK_PUNCT && strchr(",;:", s[t->start])) {
                cut = i + 1;
                break;
            }
        }
        ht_status st = push_span(out, tok, b, cut, err);
        if (st != HT_OK)
            return st;
        b = cut;
    }
    return push_span(out, tok, b, e, err);
}

static int starts_lower_word(const char *s, const ht_token *t)
{
    if (t->type != HT_TOK_WORD || (t->flags & HT_TF_CAP))
        return 0;
    unsigned char c = (unsigned char)s[t->start];
    return c >= 0x80 || (c >= 'a' && c <= 'z');
}

/* A line break before token i that only wraps a sentence, not a paragraph. */
static int wraps(const char *s, const ht_token *prev, const ht_token *t)
{
    if (ht_token_is_terminal(s, prev) || prev->type == HT_TOK_QUOTE)
        return 0;
    if (prev->type == HT_TOK_PUNCT && s[prev->start] == ':')
        return 0;
    return starts_lower_word(s, t);
}

ht_status ht_paragraphs(const char *s, const ht_tokens *tok, ht_spans *out, ht_error *err)
{
    size_t b = 0;
    for (size_t i = 1; i < tok->n; i++) {
        const ht_token *t = &tok->v[i];
        if (!(t->flags & HT_TF_NEWLINE))
            continue;
        if (!(t->flags & HT_TF_BLANK) && wraps(s, &tok->v[i - 1], t))
            continue;
        ht_status st = push_span(out, tok, b, i, err);
        if (st != HT_OK)
            return st;
        b = i;
    }
    return push_span(out, tok, b, tok->n, err);
}

static int is_closing(const char *s, const ht_token *t)
{
    if (t->flags & HT_TF_SPACE)
        return 0;
    if (t->type == HT_TOK_QUOTE)
        return 1;
    return t->type == HT_TOK_PUNCT && (s[t->start] == ')' || s[t->start] == ']');
}

/* Abbreviations that may end a sentence as well as abbreviate: "usw.", "v. Chr." */
static int token_is(const char *s, const ht_token *t, const char *const *list);

static int abbrev_may_end(const char *s, const ht_token *t)
{
    static const char *const enders[] = { "usw.", "etc.", "Chr.", "Mio.", "Mrd.", "Bio.",
                                          "Tsd.", "u.a.", "uvm.", "ebd.", "Jh.", "Jhd.", "Co.",
                                          "Hbf.", NULL };
    return token_is(s, t, enders);
}

static int token_is(const char *s, const ht_token *t, const char *const *list)
{
    size_t n = t->end - t->start;
    for (const char *const *e = list; *e; e++)
        if (strlen(*e) == n && memcmp(*e, s + t->start, n) == 0)
            return 1;
    return 0;
}

/* "2,5 Mio. Euro": a number's unit is followed by a noun, capitalised as
 * German nouns are, so after one only a word that typically opens a
 * sentence starts a new one ("... 1,2 Mio. Die Zahl wächst."). */
static int unit_continues(const char *s, const ht_token *abbr, const ht_token *next)
{
    static const char *const units[] = { "Mio.", "Mrd.", "Bio.", "Tsd.", NULL };
    static const char *const openers[] = {
        "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Einen", "Er", "Sie",
        "Es", "Wir", "Ich", "Ihr", "Man", "Dies", "Diese", "Dieser", "Dieses", "Und", "Aber",
        "Doch", "Auch", "Zudem", "Damit", "Dabei", "Dennoch", "Trotzdem", "So", "Im", "In",
        "Am", "An", "Auf", "Aus", "Bei", "Mit", "Nach", "Von", "Vor", "Zu", "Zum", "Zur", "Für",
        "Um", "Wie", "Was", "Wer", "Wo", "Wann", "Als", "Ob", "Wenn", "Weil", "Dass", "Noch",
        "Nun", "Jetzt", "Dann", "Heute", "Bisher", "Laut", "Insgesamt", "Allein", NULL
    };
    return token_is(s, abbr, units) && !token_is(s, next, openers);
}

/* True if a new sentence may start at token t after a sentence-final mark. */
static int may_start(const char *s, const ht_token *t)
{
    if (starts_lower_word(s, t))
        return 0;
    if (t->type == HT_TOK_PUNCT)
        return s[t->start] == '(' || s[t->start] == '[';
    return 1;
}

ht_status ht_sentences(const char *s, const ht_tokens *tok, size_t begin, size_t end,
                       ht_spans *out, ht_error *err)
{
    size_t b = begin;
    for (size_t i = begin; i < end; i++) {
        const ht_token *t = &tok->v[i];
        int final = ht_token_is_terminal(s, t) ||
                    (t->type == HT_TOK_ABBREV && abbrev_may_end(s, t));
        if (!final)
            continue;
        size_t j = i + 1;
        while (j < end && is_closing(s, &tok->v[j]) && !ht_token_is_terminal(s, &tok->v[j]))
            j++;
        if (j < end && !may_start(s, &tok->v[j]))
            continue;
        if (j < end && t->type == HT_TOK_ABBREV &&
            (!(tok->v[j].flags & HT_TF_CAP) || unit_continues(s, t, &tok->v[j])))
            continue;
        ht_status st = push_sentence(s, out, tok, b, j, err);
        if (st != HT_OK)
            return st;
        b = j;
        i = j - 1;
    }
    return push_sentence(s, out, tok, b, end, err);
}

void ht_spans_clear(ht_spans *sp)
{
    sp->n = 0;
}

void ht_spans_free(ht_spans *sp)
{
    free(sp->v);
    sp->v = NULL;
    sp->n = sp->cap = 0;
}
