/* test_text.c: reading text, tokens, sentences, paragraphs and feature
 * vectors on German examples written for these tests, including every hard
 * case issue 2 names, and the inputs that must neither crash nor hang:
 * invalid UTF-8, NUL bytes, a 100 MB line, empty, whitespace or emoji only. */
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/document.h"
#include "features/extract.h"
#include "features/text.h"
#include "features/token.h"
#include "tests/support.h"

/* "text|type text|type ..." of the tokens of s, into a static buffer. */
static const char *tokens_of(const char *s)
{
    static char out[8192];
    ht_doc d = { 0 };
    ht_error err = { 0 };
    out[0] = '\0';
    if (ht_doc_set(&d, s, strlen(s), &err) != HT_OK)
        return "error";
    size_t len = 0;
    for (size_t i = 0; i < d.tokens.n && len < sizeof out - 64; i++) {
        const ht_token *t = &d.tokens.v[i];
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s|%s", i ? " " : "",
                                (int)(t->end - t->start), d.text.s + t->start,
                                ht_token_type_name(t->type));
    }
    ht_doc_free(&d);
    return out;
}

/* ---- text ------------------------------------------------------------------------------ */

static void test_bom_crlf_nul(void)
{
    const char in[] = "\xef\xbb\xbfZeile eins\r\nZeile\0zwei\rdrei";
    ht_text t = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_text_init(&t, in, sizeof in - 1, &err), HT_OK);
    CU_ASSERT_STRING_EQUAL(t.s, "Zeile eins\nZeile zwei\ndrei");
    CU_ASSERT_EQUAL(t.invalid, 0);
    CU_ASSERT_EQUAL(t.orig_len, sizeof in - 1);
    ht_text_free(&t);
}

/* A text read into a reused ht_text is the same as one read afresh:
 * bytes, lengths, counts and the offset map; a long text's buffer is given
 * back when a small one follows. */
static void test_text_reuse(void)
{
    static const char *const texts[] = {
        "Ein\r\nlanger Text mit Ümlauten und \xff kaputten Bytes, Übergröße ...",
        "kurz",
        "",
        "A\xcc\x88rger (nicht NFC) \xef\xbb\xbf mitten drin",
    };
    ht_text reused = { 0 };
    ht_error err = { 0 };
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            ht_text fresh;
            size_t len = strlen(texts[k]);
            CU_ASSERT_EQUAL_FATAL(ht_text_init(&fresh, texts[k], len, &err), HT_OK);
            CU_ASSERT_EQUAL_FATAL(ht_text_set(&reused, texts[k], len, &err), HT_OK);
            CU_ASSERT_EQUAL(reused.len, fresh.len);
            CU_ASSERT_STRING_EQUAL(reused.s, fresh.s);
            CU_ASSERT_EQUAL(reused.orig_len, fresh.orig_len);
            CU_ASSERT_EQUAL(reused.orig_cps, fresh.orig_cps);
            CU_ASSERT_EQUAL(reused.invalid, fresh.invalid);
            CU_ASSERT_EQUAL(reused.nanchors, fresh.nanchors);
            for (size_t i = 0; i <= fresh.len; i++) {
                ht_pos a = ht_text_orig(&fresh, i), b = ht_text_orig(&reused, i);
                CU_ASSERT_TRUE(a.byte == b.byte && a.cp == b.cp);
            }
            ht_text_free(&fresh);
        }
    }
    size_t big = (size_t)6 << 20;
    char *huge = malloc(big);
    CU_ASSERT_PTR_NOT_NULL_FATAL(huge);
    memset(huge, 'a', big);
    CU_ASSERT_EQUAL_FATAL(ht_text_set(&reused, huge, big, &err), HT_OK);
    CU_ASSERT_TRUE(reused.cap > big);
    CU_ASSERT_EQUAL_FATAL(ht_text_set(&reused, "kurz", 4, &err), HT_OK);
    CU_ASSERT_STRING_EQUAL(reused.s, "kurz");
    CU_ASSERT_TRUE(reused.cap < 4096);
    free(huge);
    ht_text_free(&reused);
}

static void test_invalid_utf8(void)
{
    /* lone continuation, truncated 3-byte sequence, overlong '/', surrogate, > U+10FFFF */
    const char in[] = "a\x80" "b\xe2\x82" "c\xc0\xaf" "d\xed\xa0\x80" "e\xf4\x90\x80\x80" "f";
    ht_text t = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_text_init(&t, in, sizeof in - 1, &err), HT_OK);
    CU_ASSERT_TRUE(t.invalid >= 5);
    /* every letter survives, separated by replacement characters, and the result is valid */
    const char *p = t.s;
    for (const char *c = "abcdef"; *c; c++) {
        p = strchr(p, *c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(t.s, "\xef\xbf\xbd"));
    ht_text_free(&t);
}

static void test_nfc_and_offsets(void)
{
    /* BOM (3 bytes), "Scho" + combining diaeresis + "n", CRLF, an invalid byte, "Ende" */
    const char in[] = "\xef\xbb\xbf" "Scho\xcc\x88n\r\nx\xff" "Ende";
    ht_text t = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_text_init(&t, in, sizeof in - 1, &err), HT_OK);
    CU_ASSERT_STRING_EQUAL(t.s, "Sch\xc3\xb6n\nx\xef\xbf\xbd" "Ende");
    /* normalised "S" at 0 -> original byte 3, code point 1 */
    ht_pos p = ht_text_orig(&t, 0);
    CU_ASSERT_EQUAL(p.byte, 3);
    CU_ASSERT_EQUAL(p.cp, 1);
    /* after "Schön" (normalised 6 bytes) -> original 3 + 7 bytes, 1 + 6 code points */
    p = ht_text_orig(&t, 6);
    CU_ASSERT_EQUAL(p.byte, 10);
    CU_ASSERT_EQUAL(p.cp, 7);
    /* "x" after the line break: the CR and LF are two bytes and two code points */
    p = ht_text_orig(&t, 7);
    CU_ASSERT_EQUAL(p.byte, 12);
    CU_ASSERT_EQUAL(p.cp, 9);
    /* "Ende" after the invalid byte (one byte, one code point; three bytes normalised) */
    p = ht_text_orig(&t, 11);
    CU_ASSERT_EQUAL(p.byte, 14);
    CU_ASSERT_EQUAL(p.cp, 11);
    ht_text_free(&t);
}

static void test_utf8_valid(void)
{
    CU_ASSERT_TRUE(ht_utf8_valid("", 0));
    CU_ASSERT_TRUE(ht_utf8_valid("Grüße \xf0\x9f\x91\x8d", strlen("Grüße \xf0\x9f\x91\x8d")));
    CU_ASSERT_FALSE(ht_utf8_valid("a\x80", 2));          /* lone continuation */
    CU_ASSERT_FALSE(ht_utf8_valid("\xe2\x82", 2));        /* cut short */
    CU_ASSERT_FALSE(ht_utf8_valid("\xc0\xaf", 2));        /* overlong '/' */
    CU_ASSERT_FALSE(ht_utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
    CU_ASSERT_FALSE(ht_utf8_valid("\xf4\x90\x80\x80", 4)); /* over U+10FFFF */
    CU_ASSERT_FALSE(ht_utf8_valid("\xff", 1));
}

/* ---- tokens ---------------------------------------------------------------------------- */

static void test_compounds_and_numbers(void)
{
    CU_ASSERT_STRING_EQUAL(
        tokens_of("Der Infrastruktur-Waffenstillstand auf der 10-Yard-Linie: Energie- und "
                  "Infrastruktur kosten 1.000 Euro, 3,5 Prozent mehr als 2022."),
        "Der|word Infrastruktur-Waffenstillstand|word auf|word der|word 10-Yard-Linie|word "
        ":|punct Energie-|word und|word Infrastruktur|word kosten|word 1.000|number Euro|word "
        ",|punct 3,5|number Prozent|word mehr|word als|word 2022|number .|punct");
    ht_doc d = { 0 };
    ht_error err = { 0 };
    const char *s = "Energie- und Wasserversorgung";
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, strlen(s), &err), HT_OK);
    CU_ASSERT_TRUE(d.tokens.v[0].flags & HT_TF_TRUNC);
    CU_ASSERT_FALSE(d.tokens.v[2].flags & HT_TF_TRUNC);
    ht_doc_free(&d);
}

static void test_dates_and_abbreviations(void)
{
    CU_ASSERT_STRING_EQUAL(
        tokens_of("Am 18. März (18.03.2025) sprach Dr. Müller u. a. über z. B. Straßen usw. "
                  "und ca. 20 Nr. 5 im St. Georg bzw. Prof. Weiß von 44 v. Chr. bis heute."),
        "Am|word 18.|ordinal März|word (|punct 18.03.2025|date )|punct sprach|word Dr.|abbrev "
        "Müller|word u.|abbrev a.|abbrev über|word z.|abbrev B.|abbrev Straßen|word usw.|abbrev "
        "und|word ca.|abbrev 20|number Nr.|abbrev 5|number im|word St.|abbrev Georg|word "
        "bzw.|abbrev Prof.|abbrev Weiß|word von|word 44|number v.|abbrev Chr.|abbrev bis|word "
        "heute|word .|punct");
}

static void test_web_and_social(void)
{
    CU_ASSERT_STRING_EQUAL(
        tokens_of("Mehr auf https://www.example.de/a?b=1, an anna@example.org oder @haltung_bot "
                  "#Wahl2025 :-) :D <3 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd "
                  "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"),
        "Mehr|word auf|word https://www.example.de/a?b=1|url ,|punct an|word "
        "anna@example.org|email oder|word @haltung_bot|mention #Wahl2025|hashtag :-)|emoticon "
        ":D|emoticon <3|emoticon \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd|emoji "
        "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7|emoji");
}

static void test_quotes_and_dashes(void)
{
    CU_ASSERT_STRING_EQUAL(
        tokens_of("„Zitat“ ‚innen‘ »außen« 'x' \"y\" – und — so"),
        "„|quote Zitat|word “|quote ‚|quote innen|word ‘|quote »|quote außen|word «|quote "
        "'|quote x|word '|quote \"|quote y|word \"|quote –|dash und|word —|dash so|word");
}

static int negated(const ht_doc *d, size_t i)
{
    return (d->tokens.v[i].flags & HT_TF_NEGATED) != 0;
}

static void test_negation_scope(void)
{
    ht_doc d = { 0 };
    ht_error err = { 0 };
    const char *s = "Das ist nicht gut, aber okay. Kein Mensch kam ohne Grund.\nNeue Zeile";
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, strlen(s), &err), HT_OK);
    /* Das ist nicht gut , aber okay . Kein Mensch kam ohne Grund . Neue Zeile */
    static const int want[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0 };
    CU_ASSERT_EQUAL_FATAL(d.tokens.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < d.tokens.n; i++)
        CU_ASSERT_EQUAL(negated(&d, i), want[i]);
    /* a headline without a full stop does not carry its negation into the next line */
    s = "Stadt ohne Plan\nDer Rat tagt morgen.";
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, strlen(s), &err), HT_OK);
    CU_ASSERT_TRUE(negated(&d, 2));
    CU_ASSERT_FALSE(negated(&d, 3));
    ht_doc_free(&d);
}

/* ---- sentences and paragraphs ---------------------------------------------------------- */

static void check_sentences(const char *s, const char *const *want, size_t n)
{
    ht_doc d = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, strlen(s), &err), HT_OK);
    CU_ASSERT_EQUAL(d.sentences.n, n);
    for (size_t i = 0; i < n && i < d.sentences.n; i++) {
        const ht_span *sp = &d.sentences.v[i];
        CU_ASSERT_EQUAL(sp->end - sp->start, strlen(want[i]));
        CU_ASSERT_EQUAL(strncmp(d.text.s + sp->start, want[i], sp->end - sp->start), 0);
    }
    ht_doc_free(&d);
}

static void test_sentences(void)
{
    static const char *const a[] = {
        "Am 18. März sprach Dr. Müller u. a. über z. B. Straßen, Brücken usw. im St. Georg.",
        "Es war ca. 20 Uhr."
    };
    check_sentences("Am 18. März sprach Dr. Müller u. a. über z. B. Straßen, Brücken usw. im "
                    "St. Georg. Es war ca. 20 Uhr.", a, 2);
    static const char *const b[] = {
        "„Beide Seiten sollen das unterstützen,“ sagte Selenskyj.",
        "Er sagte: „Das geht nicht.“", "Dann ging er.", "J. R. R. Tolkien schrieb viel."
    };
    check_sentences("„Beide Seiten sollen das unterstützen,“ sagte Selenskyj. Er sagte: „Das geht "
                    "nicht.“ Dann ging er. J. R. R. Tolkien schrieb viel.", b, 4);
    static const char *const c[] = { "Ende ohne Punkt" };
    check_sentences("Ende ohne Punkt", c, 1);
}

static void test_paragraphs(void)
{
    const char *s = "Überschrift ohne Punkt\nErster Absatz endet hier.\nZweiter Absatz, der "
                    "umbrochen\nwird und weitergeht.\n\nDritter Absatz.";
    ht_doc d = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, strlen(s), &err), HT_OK);
    CU_ASSERT_EQUAL_FATAL(d.paragraphs.n, 4);
    const ht_span *p = d.paragraphs.v;
    CU_ASSERT_EQUAL(strncmp(d.text.s + p[0].start, "Überschrift ohne Punkt", p[0].end - p[0].start), 0);
    /* the wrapped line belongs to the second paragraph */
    CU_ASSERT_EQUAL(p[2].end - p[2].start, strlen("Zweiter Absatz, der umbrochen\nwird und weitergeht."));
    CU_ASSERT_EQUAL(d.para_sent[1] - d.para_sent[0], 1);
    CU_ASSERT_EQUAL(d.para_sent[4], d.sentences.n);
    /* lookups */
    size_t b = ht_doc_byte_of_cp(&d, 1);  /* after "Ü" (two bytes) */
    CU_ASSERT_EQUAL(b, 2);
    size_t tok = ht_doc_token_at(&d, p[3].start);
    CU_ASSERT_EQUAL(d.tokens.v[tok].start, p[3].start);
    CU_ASSERT_EQUAL(ht_doc_sentence_of(&d, tok), d.sentences.n - 1);
    ht_doc_free(&d);
}

/* ---- feature vectors ------------------------------------------------------------------- */

typedef struct vec {
    int idx[4096];
    double val[4096];
    size_t n;
} vec;

/* The document stays until the next call: feature names are written out
 * from its text when asked for. */
static ht_doc last_doc;

static void vectorize(ht_extractor *ex, const char *s, vec *v, size_t tb, size_t te)
{
    ht_doc d = { 0 };
    ht_error err = { 0 };
    ht_doc_free(&last_doc);
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, strlen(s), &err), HT_OK);
    ht_fv_reset(ex);
    if (tb < te)
        ht_fv_add_window(ex, d.text.s, d.tokens.v, 0, d.tokens.n, tb, te, HT_NS_TARGET);
    else
        ht_fv_add_tokens(ex, d.text.s, d.tokens.v, 0, d.tokens.n, HT_NS_TEXT);
    size_t n;
    const struct feature_node *x = ht_fv_finish(ex, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x[n].index, -1);
    v->n = n < 4096 ? n : 4096;
    for (size_t i = 0; i < v->n; i++) {
        v->idx[i] = x[i].index;
        v->val[i] = x[i].value;
    }
    last_doc = d;
}

static int same(const vec *a, const vec *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->idx[i] != b->idx[i] || a->val[i] != b->val[i])
            return 0;
    return 1;
}

static ht_extractor *extractor(int chars, int negation, int window)
{
    ht_feature_config cfg = ht_config_default();
    cfg.char_max = chars ? 5 : 0;
    cfg.negation = (uint8_t)negation;
    cfg.window = (uint8_t)window;
    ht_error err = { 0 };
    ht_extractor *ex = ht_extractor_new(&cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    return ex;
}

static void test_vector_shape(void)
{
    static vec a, b;
    ht_extractor *ex = extractor(0, 1, 0);
    vectorize(ex, "Die Regierung lobt den guten Plan nicht.", &a, 0, 0);
    double norm = 0;
    for (size_t i = 0; i < a.n; i++) {
        CU_ASSERT_TRUE(a.idx[i] >= 1 && a.idx[i] <= 1 << 20);
        if (i)
            CU_ASSERT_TRUE(a.idx[i] > a.idx[i - 1]);
        norm += a.val[i] * a.val[i];
    }
    CU_ASSERT_DOUBLE_EQUAL(norm, 1.0, 1e-9);
    vectorize(ex, "Die Regierung lobt den guten Plan nicht.", &b, 0, 0);
    CU_ASSERT_TRUE(same(&a, &b));  /* deterministic */
    vectorize(ex, "DIE REGIERUNG LOBT DEN GUTEN PLAN NICHT.", &b, 0, 0);
    CU_ASSERT_TRUE(same(&a, &b));  /* case-folded */
    ht_extractor_free(ex);
}

static void test_feature_options_change_vectors(void)
{
    static vec a, b;
    const char *s = "Kein Angriff auf die Kraftwerke.";
    ht_extractor *plain = extractor(0, 1, 0), *chars = extractor(1, 1, 0),
                 *noneg = extractor(0, 0, 0);
    vectorize(plain, s, &a, 0, 0);
    vectorize(chars, s, &b, 0, 0);
    CU_ASSERT_TRUE(b.n > a.n);  /* character n-grams add features */
    vectorize(noneg, s, &b, 0, 0);
    CU_ASSERT_TRUE(b.n < a.n);  /* negation marks add features */
    ht_extractor_free(plain);
    ht_extractor_free(chars);
    ht_extractor_free(noneg);
}

static int has_name(ht_extractor *ex, const vec *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++) {
        const char *nm = ht_fv_name(ex, (uint32_t)v->idx[i]);
        if (nm && !strcmp(nm, name))
            return 1;
    }
    return 0;
}

static void test_stems_and_names(void)
{
    static vec a, b;
    ht_extractor *ex = extractor(0, 1, 0);
    ht_fv_track_names(ex, 1);
    vectorize(ex, "Die Angriffe gingen weiter.", &a, 0, 0);
    CU_ASSERT_TRUE(has_name(ex, &a, "stem:angriff"));
    CU_ASSERT_TRUE(has_name(ex, &a, "w2:angriffe gingen"));
    vectorize(ex, "Nach den Angriffen war es still.", &b, 0, 0);
    CU_ASSERT_TRUE(has_name(ex, &b, "stem:angriff"));
    CU_ASSERT_FALSE(has_name(ex, &b, "w:angriffe"));
    ht_extractor_free(ex);
}

static void test_window_features(void)
{
    static vec a, b;
    /* Müller lobte die Stadtwerke , aber Schmidt kritisierte den Plan . */
    const char *s = "Müller lobte die Stadtwerke, aber Schmidt kritisierte den Plan.";
    ht_extractor *ex = extractor(0, 1, 3);
    ht_fv_track_names(ex, 1);
    vectorize(ex, s, &a, 0, 1);
    CU_ASSERT_TRUE(has_name(ex, &a, "w2:<TARGET> lobte"));
    CU_ASSERT_TRUE(has_name(ex, &a, "right1:lobte"));
    CU_ASSERT_FALSE(has_name(ex, &a, "w:müller"));  /* the target itself is masked */
    vectorize(ex, s, &b, 6, 7);
    CU_ASSERT_TRUE(has_name(ex, &b, "w2:<TARGET> kritisierte"));
    CU_ASSERT_TRUE(has_name(ex, &b, "w:müller"));
    CU_ASSERT_FALSE(same(&a, &b));
    ht_extractor_free(ex);
}

/* ---- inputs that must not crash or hang ------------------------------------------------ */

static void check_doc(const char *s, size_t len, size_t *tokens)
{
    ht_doc d = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, s, len, &err), HT_OK);
    ht_extractor *ex = extractor(1, 1, 0);
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(ex, d.text.s, d.tokens.v, 0, d.tokens.n, HT_NS_TEXT), HT_OK);
    size_t n;
    CU_ASSERT_PTR_NOT_NULL(ht_fv_finish(ex, &n));
    *tokens = d.tokens.n;
    ht_extractor_free(ex);
    ht_doc_free(&d);
}

static void test_empty_and_whitespace(void)
{
    size_t n;
    check_doc("", 0, &n);
    CU_ASSERT_EQUAL(n, 0);
    check_doc(" \t\n\r\n \n\n   ", strlen(" \t\n\r\n \n\n   "), &n);
    CU_ASSERT_EQUAL(n, 0);
}

static void test_only_emoji(void)
{
    size_t n;
    const char *s = "\xf0\x9f\x98\x80\xf0\x9f\x98\xa1 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbf\n\xe2\x9d\xa4\xef\xb8\x8f";
    check_doc(s, strlen(s), &n);
    CU_ASSERT_EQUAL(n, 4);
}

static void test_nul_and_invalid_bytes(void)
{
    size_t n;
    const char s[] = "Guten\0Tag\xff\xfe Welt\x80";
    check_doc(s, sizeof s - 1, &n);
    CU_ASSERT_TRUE(n >= 3);
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)((i * 2654435761u) >> 13);
    check_doc(junk, sizeof junk, &n);
}

static void test_huge_line(void)
{
    /* 100 MB on one line; 8 MB under sanitizers and valgrind (HT_TEST_SMALL). */
    size_t size = (size_t)100 << 20;
#if defined(__SANITIZE_ADDRESS__)
    size = (size_t)8 << 20;
#endif
    if (getenv("HT_TEST_SMALL"))
        size = (size_t)8 << 20;
    const char *word = "Waffenstillstand ";
    size_t wl = strlen(word);
    char *big = malloc(size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (size_t i = 0; i < size; i++)
        big[i] = word[i % wl];
    size_t n;
    check_doc(big, size, &n);
    CU_ASSERT_EQUAL(n, (size + wl - 1) / wl);
    free(big);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "BOM, CRLF and CR, NUL", test_bom_crlf_nul },
        { "a reused text reads as a fresh one", test_text_reuse },
        { "invalid UTF-8 becomes U+FFFD, counted", test_invalid_utf8 },
        { "NFC and offsets into the original", test_nfc_and_offsets },
        { "strict UTF-8 validation", test_utf8_valid },
        { "compounds, truncated compounds, numbers", test_compounds_and_numbers },
        { "ordinals, dates, abbreviations", test_dates_and_abbreviations },
        { "URLs, e-mail, @user, #tag, emoticons, emoji", test_web_and_social },
        { "quotation marks and dashes", test_quotes_and_dashes },
        { "negation scope", test_negation_scope },
        { "sentences", test_sentences },
        { "paragraphs and document lookups", test_paragraphs },
        { "vectors: range, order, norm, folding, determinism", test_vector_shape },
        { "char n-grams and negation change vectors", test_feature_options_change_vectors },
        { "stems and feature names", test_stems_and_names },
        { "window features around a target", test_window_features },
        { "empty and whitespace-only input", test_empty_and_whitespace },
        { "emoji-only input", test_only_emoji },
        { "NUL and invalid bytes", test_nul_and_invalid_bytes },
        { "a 100 MB line", test_huge_line },
        { NULL, NULL }
    };
    int rc = ht_test_main("text", cases);
    ht_doc_free(&last_doc);
    return rc;
}
