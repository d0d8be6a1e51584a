/* test_score.c: haltung score on articles: the example article's actors,
 * mentions and quotes; offsets that point into the input as given; key
 * order; determinism across runs and thread counts; and inputs that must
 * neither crash nor hang (empty, no sentence end, 200 nested quotation
 * marks, invalid UTF-8, a 50 MB article, JSON lines that are not objects). */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classifier/document.h"
#include "classifier/model.h"
#include "classifier/result.h"
#include "classifier/score.h"
#include "classifier/vectors.h"
#include "tests/support.h"

#define EXAMPLE "../shared/examples/putin-trump-telefonat.txt"

static ht_models *models;

static ht_models *get_models(void)
{
    ht_error err = { 0 };
    if (!models)
        models = ht_models_load("models", &err);
    CU_ASSERT_PTR_NOT_NULL(models);
    return models;
}

/* Scores text under limits l (NULL: the defaults) and parses the JSON; the
 * caller frees it with json_decref. */
static json_t *score_json_limited(const char *text, size_t len, const char *title,
                                  const char *topic, const ht_limits *l)
{
    ht_error err = { 0 };
    ht_scorer *s = ht_scorer_new(get_models(), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    if (l)
        ht_scorer_set_limits(s, l);
    ht_article a = { "t", text, len, title, topic };
    const char *out;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(ht_score_article(s, &a, HT_OUT_JSON, &out, &n, &err), HT_OK);
    CU_ASSERT_EQUAL(out[n - 1], '\n');
    CU_ASSERT_PTR_NULL(memchr(out, '\n', n - 1));  /* one line */
    json_error_t jerr;
    json_t *o = json_loadb(out, n, 0, &jerr);
    CU_ASSERT_TRUE(json_is_object(o));
    ht_scorer_free(s);
    return o;
}

static json_t *score_json(const char *text, size_t len, const char *title, const char *topic)
{
    return score_json_limited(text, len, title, topic, NULL);
}

static json_t *find_actor(json_t *o, const char *name)
{
    json_t *actors = json_object_get(o, "actors"), *a;
    size_t i;
    json_array_foreach(actors, i, a)
        if (!strcmp(json_string_value(json_object_get(a, "name")), name))
            return a;
    return NULL;
}

static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* Every span's offsets slice the input to its text (input already NFC). */
static void check_span(json_t *sp, const char *input, size_t len)
{
    size_t bs = (size_t)json_integer_value(json_object_get(sp, "byte_start"));
    size_t be = (size_t)json_integer_value(json_object_get(sp, "byte_end"));
    size_t cs = (size_t)json_integer_value(json_object_get(sp, "start"));
    size_t ce = (size_t)json_integer_value(json_object_get(sp, "end"));
    const char *text = json_string_value(json_object_get(sp, "text"));
    CU_ASSERT_TRUE_FATAL(bs <= be && be <= len && text);
    CU_ASSERT_EQUAL(be - bs, strlen(text));
    CU_ASSERT_EQUAL(memcmp(input + bs, text, be - bs), 0);
    CU_ASSERT_EQUAL(cs, cp_count(input, bs));
    CU_ASSERT_EQUAL(ce, cp_count(input, be));
}

static void check_all_spans(json_t *o, const char *input, size_t len)
{
    json_t *p, *a, *m;
    size_t i, j;
    json_array_foreach(json_object_get(o, "paragraphs"), i, p)
        check_span(p, input, len);
    json_array_foreach(json_object_get(o, "actors"), i, a) {
        json_array_foreach(json_object_get(a, "mentions"), j, m)
            check_span(m, input, len);
        json_array_foreach(json_object_get(a, "quotes"), j, m)
            check_span(m, input, len);
    }
}

static char *example(size_t *len)
{
    char *text = ht_test_read_file(EXAMPLE, len);
    if (!text)
        fprintf(stderr, "\n  (skipped: %s not found)\n", EXAMPLE);
    return text;
}

static int quote_by(json_t *actor, const char *words)
{
    json_t *q;
    size_t i;
    json_array_foreach(json_object_get(actor, "quotes"), i, q)
        if (strstr(json_string_value(json_object_get(q, "text")), words))
            return 1;
    return 0;
}

static void test_example_article(void)
{
    size_t len;
    char *text = example(&len);
    if (!text)
        return;
    json_t *o = score_json(text, len, NULL, NULL);
    static const char *const names[] = { "Wladimir Putin", "Donald Trump", "Wolodymyr Selenskyj",
                                         "Weißes Haus", "Kreml" };
    for (size_t i = 0; i < 5; i++) {
        json_t *a = find_actor(o, names[i]);
        CU_ASSERT_PTR_NOT_NULL(a);
        if (!a)
            fprintf(stderr, "\n  missing actor: %s\n", names[i]);
    }
    static const long counts[] = { 10, 9, 2, 5, 2 };  /* counted by hand in the example */
    for (size_t i = 0; i < 5; i++) {
        json_t *a = find_actor(o, names[i]);
        long got = a ? (long)json_integer_value(json_object_get(a, "mention_count")) : -1;
        CU_ASSERT_EQUAL(got, counts[i]);
        if (got != counts[i])
            fprintf(stderr, "\n  %s: %ld mentions, expected %ld\n", names[i], got, counts[i]);
    }
    json_t *putin = find_actor(o, "Wladimir Putin");
    if (putin) {
        /* Putin (8), Putins (2): every mention, inflected ones included */
        int putins = 0;
        json_t *m;
        size_t i;
        json_array_foreach(json_object_get(putin, "mentions"), i, m)
            putins += !strcmp(json_string_value(json_object_get(m, "text")), "Putins");
        CU_ASSERT_EQUAL(putins, 2);
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(putin, "mention_count")), 10);
        CU_ASSERT_FALSE(quote_by(putin, "positiv reagiert"));  /* "heißt es aus Moskau" */
    }
    json_t *moskau = find_actor(o, "Moskau");
    CU_ASSERT_TRUE(moskau && quote_by(moskau, "positiv reagiert"));
    json_t *sel = find_actor(o, "Wolodymyr Selenskyj");
    CU_ASSERT_TRUE(sel && quote_by(sel, "Beide Seiten"));
    json_t *trump = find_actor(o, "Donald Trump");
    CU_ASSERT_TRUE(trump && quote_by(trump, "Russland hält alle Karten"));
    json_t *wh = find_actor(o, "Weißes Haus");
    CU_ASSERT_TRUE(wh && quote_by(wh, "10-Yard-Linie"));
    CU_ASSERT_TRUE(wh && quote_by(wh, "Die Bewegung hin zu Frieden"));
    check_all_spans(o, text, len);
    /* the headline is the first paragraph; the furniture line is recognised */
    json_t *paras = json_object_get(o, "paragraphs");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(paras, 0), "kind")),
                           "headline");
    json_t *last = json_array_get(paras, json_array_size(paras) - 1);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(last, "kind")), "furniture");
    /* every paragraph's tone comes with the n-grams that moved it */
    json_t *second = json_object_get(json_object_get(json_array_get(paras, 1), "evidence"), "ngrams");
    CU_ASSERT_TRUE(json_array_size(second) > 0 && json_array_size(second) <= 5);
    json_decref(o);
    free(text);
}

static char *render(ht_scorer *s, const char *text, int tone_only, ht_out_format fmt);

/* The text view's paragraph strip shows each paragraph's label, as the JSON
 * has it (it once showed the signed score past +-0.2, so that a paragraph
 * labelled neutral could show as '+'). */
static void test_text_strip_is_the_labels(void)
{
    const char *text = "Bürgermeister Hans Beispiel lobte das neue Schwimmbad.\n"
                       "Das ist ein wunderbarer, herrlicher Tag, wir freuen uns sehr!\n"
                       "Die Anwohner sind wütend, das ist eine Katastrophe und ein Skandal.\n"
                       "Die Sitzung beginnt am Montag um neun Uhr.\n"
                       "Es war ein großartiger Erfolg für alle.\n";
    ht_error err = { 0 };
    ht_scorer *s = ht_scorer_new(get_models(), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char *view = render(s, text, 0, HT_OUT_TEXT);
    ht_scorer_free(s);
    json_t *o = score_json(text, strlen(text), "Streit um den Haushalt", NULL);
    json_t *paras = json_object_get(o, "paragraphs");
    const char *strip = strstr(view, "paragraphs ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(strip);
    strip += strlen("paragraphs ");
    int signs = 0;
    for (size_t p = 0; p < json_array_size(paras); p++) {
        json_t *para = json_array_get(paras, p);
        const char *label = json_string_value(json_object_get(json_object_get(para, "tone"),
                                                              "label"));
        const char *kind = json_string_value(json_object_get(para, "kind"));
        char want = kind && !strcmp(kind, "furniture") ? '.'
                  : label && !strcmp(label, "positive") ? '+'
                  : label && !strcmp(label, "negative") ? '-' : '0';
        CU_ASSERT_EQUAL(strip[p], want);
        signs += want == '+' || want == '-';
    }
    CU_ASSERT_TRUE(signs >= 2);  /* the text has a cheering and an angry paragraph */
    json_decref(o);
    free(view);
}

/* The headline rule of docs/output.md: the first paragraph, one sentence of
 * at most 40 words, before two or more paragraphs (full stop or not), or
 * without a closing full stop before one; never with a title given apart. */
static void test_headline_rule(void)
{
    static const struct {
        const char *text, *title, *kind;
    } cases[] = {
        { "Streit um den Haushalt\nMerz lobt die Regierung. Scholz widerspricht.\n", NULL,
          "headline" },
        { "Merz lobt die Regierung.\nScholz widerspricht heftig.\n", NULL, "body" },
        { "Die Lage ist ernst.\nDie Sitzung beginnt um neun.\nDer Bericht liegt vor.\n", NULL,
          "headline" },
        { "Streit um den Haushalt\nMerz lobt die Regierung. Scholz widerspricht.\n",
          "Der Titel", "subheading" },
        { "Ein Absatz ohne Punkt am Ende", NULL, "body" },
        { "Merz lobt die Regierung. Scholz widerspricht.\nDie Sitzung beginnt.\nEnde.\n", NULL,
          "body" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *o = score_json(cases[i].text, strlen(cases[i].text), cases[i].title, NULL);
        json_t *first = json_array_get(json_object_get(o, "paragraphs"), 0);
        const char *kind = json_string_value(json_object_get(first, "kind"));
        if (!kind || strcmp(kind, cases[i].kind))
            fprintf(stderr, "\n  case %zu: %s, not %s\n", i, kind ? kind : "-", cases[i].kind);
        CU_ASSERT_TRUE(kind && !strcmp(kind, cases[i].kind));
        json_t *headline = json_object_get(json_object_get(o, "tone"), "headline");
        CU_ASSERT_EQUAL(json_is_null(headline), !cases[i].title && strcmp(cases[i].kind, "headline"));
        json_decref(o);
    }
}

/* Paragraph kinds: web furniture is a cue on a short line, at a word's end
 * (a line that starts with "Werbung" or "Teilen" can be text); a paragraph
 * ending in a full stop inside quotation marks or brackets is no subheading. */
static void test_paragraph_kinds(void)
{
    static const char text[] =
        "Streit im Bundestag\n"
        "Der Bundestag debattiert heute. Merz ist dafür.\n"
        "Werbung für Abtreibung: Bundestag streicht 219a\n"
        "Teilen der SPD gefällt das nicht.\n"
        "Anzeigen gegen Merz gestellt\n"
        "Anzeige\n"
        "Klingbeil sagte: \xe2\x80\x9eWir müssen jetzt handeln.\xe2\x80\x9c\n"
        "\xe2\x80\x9e" "Das ist ein guter Tag.\xe2\x80\x9c\n"
        "(Die Sitzung endete spät.)\n"
        "Foto: dpa\n"
        "Artikel teilen\n";
    static const char *const kinds[] = { "headline", "body", "subheading", "body", "subheading",
                                         "furniture", "body", "body", "body", "furniture",
                                         "furniture" };
    json_t *o = score_json(text, sizeof text - 1, NULL, NULL);
    json_t *paras = json_object_get(o, "paragraphs");
    CU_ASSERT_EQUAL_FATAL(json_array_size(paras), sizeof kinds / sizeof *kinds);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        const char *kind = json_string_value(json_object_get(json_array_get(paras, i), "kind"));
        if (!kind || strcmp(kind, kinds[i]))
            fprintf(stderr, "\n  paragraph %zu: %s, not %s\n", i, kind ? kind : "-", kinds[i]);
        CU_ASSERT_TRUE(kind && !strcmp(kind, kinds[i]));
    }
    json_decref(o);
}

/* Evidence n-grams: count of "stem:S" beside "w:S" of the same weight in
 * list ngrams (a word that is its own stem and no other's: one fact). */
static int stem_twins(json_t *ngrams)
{
    int twins = 0;
    size_t i, j;
    json_t *g, *h;
    json_array_foreach(ngrams, i, g) {
        const char *name = json_string_value(json_object_get(g, "ngram"));
        if (!name || strncmp(name, "stem:", 5))
            continue;
        json_array_foreach(ngrams, j, h) {
            const char *other = json_string_value(json_object_get(h, "ngram"));
            twins += other && !strncmp(other, "w:", 2) && !strcmp(other + 2, name + 5) &&
                     json_number_value(json_object_get(g, "weight")) ==
                         json_number_value(json_object_get(h, "weight"));
        }
    }
    return twins;
}

/* Whether no listed n-gram is of punctuation alone ("w:.", "w:\"", "w2:\" ,"). */
static int no_mute_ngrams(json_t *ngrams)
{
    json_t *g;
    size_t i;
    json_array_foreach(ngrams, i, g) {
        const char *name = json_string_value(json_object_get(g, "ngram")), *p = strchr(name, ':');
        int says = 0;
        for (p = p ? p + 1 : name; *p; p++)
            says |= isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80;
        if (!says)
            return 0;
    }
    return 1;
}

/* Before, "stem:sind" and "w:sind" (and "stem:zu", "w:zu") took two of the
 * five places each here; "w:." and "w:\"" took places of their own. */
static void test_evidence_without_stem_twins(void)
{
    const char *text = "„Wir sind bald fertig“, sagte Bürgermeisterin Anna Krüger optimistisch.\n"
                       "Anna Krüger sagte, sie sei bei den Verhandlungen zu einem Ergebnis "
                       "gekommen.\n";
    json_t *o = score_json(text, strlen(text), NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    json_t *p, *a;
    size_t i;
    int lists = 0;
    json_array_foreach(json_object_get(o, "paragraphs"), i, p) {
        json_t *ngrams = json_object_get(json_object_get(p, "evidence"), "ngrams");
        CU_ASSERT_EQUAL(json_array_size(ngrams), 5);
        CU_ASSERT_EQUAL(stem_twins(ngrams), 0);
        CU_ASSERT_TRUE(no_mute_ngrams(ngrams));
        lists++;
    }
    json_array_foreach(json_object_get(o, "actors"), i, a) {
        json_t *ev = json_object_get(a, "evidence");
        for (int k = 0; k < 2; k++) {
            json_t *e = json_object_get(ev, k ? "stance" : "tonality");
            json_t *ngrams = json_object_get(e, "ngrams");
            if (!json_is_array(ngrams))
                continue;
            CU_ASSERT_EQUAL(json_array_size(ngrams), 5);
            CU_ASSERT_EQUAL(stem_twins(ngrams), 0);
            CU_ASSERT_TRUE(no_mute_ngrams(ngrams));
            lists++;
        }
    }
    CU_ASSERT_TRUE(lists >= 3);  /* two paragraphs and Anna Krüger's tonality at least */
    json_decref(o);
}

static void test_key_order_and_scores(void)
{
    const char *text = "Bürgermeisterin Anna Krüger lobte den neuen Park.\n"
                       "„Das ist ein wunderbarer Tag für unsere Stadt“, sagte Krüger.\n";
    ht_error err = { 0 };
    ht_scorer *s = ht_scorer_new(get_models(), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ht_article a = { "k", text, strlen(text), NULL, NULL };
    const char *out;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(ht_score_article(s, &a, HT_OUT_JSON, &out, &n, &err), HT_OK);
    const char *keys[] = { "\"id\":", "\"tone\":", "\"paragraphs\":", "\"actors\":", "\"stats\":",
                           "\"models\":" };
    const char *at = out;
    for (size_t i = 0; i < 6; i++) {
        const char *k = strstr(at, keys[i]);
        CU_ASSERT_PTR_NOT_NULL(k);
        if (k)
            at = k;
    }
    json_t *o = json_loadb(out, n, 0, NULL);
    json_t *tone = json_object_get(o, "tone");
    double score = json_number_value(json_object_get(tone, "score"));
    CU_ASSERT_TRUE(score >= -1 && score <= 1);
    json_t *probs = json_object_get(tone, "probabilities");
    double sum = 0;
    const char *k;
    json_t *v;
    json_object_foreach(probs, k, v)
        sum += json_number_value(v);
    CU_ASSERT_DOUBLE_EQUAL(sum, 1.0, 0.0005);
    json_t *anna = find_actor(o, "Anna Krüger");
    CU_ASSERT_PTR_NOT_NULL(anna);
    if (anna) {
        CU_ASSERT_FALSE(json_boolean_value(json_object_get(anna, "known")));
        CU_ASSERT_EQUAL(json_integer_value(json_object_get(anna, "mention_count")), 2);
        CU_ASSERT_TRUE(quote_by(anna, "wunderbarer Tag"));
        CU_ASSERT_TRUE(json_is_object(json_object_get(anna, "tonality")));
        CU_ASSERT_TRUE(json_is_object(json_object_get(anna, "stance")));
        json_t *ev = json_object_get(json_object_get(anna, "evidence"), "tonality");
        CU_ASSERT_TRUE(json_array_size(json_object_get(ev, "ngrams")) > 0);
    }
    json_decref(o);
    /* the same scorer gives the same bytes again */
    char *first = strndup(out, n);
    CU_ASSERT_EQUAL(ht_score_article(s, &a, HT_OUT_JSON, &out, &n, &err), HT_OK);
    CU_ASSERT_TRUE(strlen(first) == n && !memcmp(first, out, n));
    free(first);
    ht_scorer_free(s);
}

/* A BOM, CRLF and a decomposed umlaut: offsets count the input as given. */
static void test_offsets_into_original_input(void)
{
    const char text[] = "\xef\xbb\xbf" "Kanzler Merz traf Olaf Scholz.\r\n"
                        "Danach sagte Merz: \xe2\x80\x9e" "Scho" "\xcc\x88" "n war es.\xe2\x80\x9c\r\n";
    json_t *o = score_json(text, sizeof text - 1, NULL, NULL);
    json_t *merz = find_actor(o, "Friedrich Merz");
    CU_ASSERT_PTR_NOT_NULL_FATAL(merz);
    json_t *m = json_array_get(json_object_get(merz, "mentions"), 0);
    /* "Merz" after the BOM (3 bytes, one code point) and "Kanzler " */
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(m, "byte_start")), 3 + 8);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(m, "start")), 1 + 8);
    json_t *m2 = json_array_get(json_object_get(merz, "mentions"), 1);
    /* the second line starts after "\r\n": 3 + 30 + 2 bytes, 1 + 30 + 2 code points */
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(m2, "byte_start")), 35 + 13);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(m2, "start")), 33 + 13);
    json_t *q = json_array_get(json_object_get(merz, "quotes"), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    /* the quote's end lies after the decomposed ö: two code points, three bytes */
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(q, "text")), "Schön war es.");
    long qb = (long)json_integer_value(json_object_get(q, "byte_start"));
    long qe = (long)json_integer_value(json_object_get(q, "byte_end"));
    long qs = (long)json_integer_value(json_object_get(q, "start"));
    long qc = (long)json_integer_value(json_object_get(q, "end"));
    CU_ASSERT_EQUAL(qe - qb, 15);  /* "Scho" + U+0308 (2 bytes) + "n war es." */
    CU_ASSERT_EQUAL(qc - qs, 14);
    json_decref(o);
}

/* Whether every word of a word n-gram's name ("w2:plan abgelehnt") occurs
 * in the sentence, case-folded (ASCII is enough for this text). */
static int ngram_in(const char *name, const char *sentence)
{
    const char *words = strchr(name, ':');
    if (strncmp(name, "w", 1) || !words)
        return 1;  /* stems, marks: not words of the text */
    char low[256], w[64];
    size_t n = 0;
    for (; sentence[n] && n + 1 < sizeof low; n++)
        low[n] = (char)(sentence[n] >= 'A' && sentence[n] <= 'Z' ? sentence[n] + 32 : sentence[n]);
    low[n] = '\0';
    for (const char *p = words + 1; *p;) {
        size_t k = strcspn(p, " ");
        if (k == 0 || k >= sizeof w)
            return 0;
        memcpy(w, p, k);
        w[k] = '\0';
        if (!strstr(low, w))
            return 0;
        p += k + (p[k] == ' ');
    }
    return 1;
}

/* A statement of two actors is scored once: Scholz's reported speech is
 * scored for him first, then for Merz, for whom it weighs most. Both get
 * the same score for it, and Merz's evidence n-grams are that sentence's,
 * not those of the last statement scored. */
static void test_shared_statement(void)
{
    const char *text = "Scholz und Merz streiten.\n\nOlaf Scholz sagte, Friedrich Merz habe den "
                       "Plan abgelehnt. Merz kritisierte Scholz scharf.\n";
    const char *shared = "Olaf Scholz sagte, Friedrich Merz habe den Plan abgelehnt.";
    json_t *o = score_json(text, strlen(text), NULL, NULL);
    json_t *sch = find_actor(o, "Olaf Scholz"), *merz = find_actor(o, "Friedrich Merz");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sch);
    CU_ASSERT_PTR_NOT_NULL_FATAL(merz);
    double score[2] = { 2, 3 };
    json_t *who[2] = { sch, merz };
    for (int k = 0; k < 2; k++) {
        json_t *sents = json_object_get(json_object_get(json_object_get(who[k], "evidence"),
                                                        "stance"), "sentences"), *sen;
        size_t i;
        json_array_foreach(sents, i, sen)
            if (!strcmp(json_string_value(json_object_get(sen, "text")), shared))
                score[k] = json_real_value(json_object_get(sen, "score"));
    }
    CU_ASSERT_TRUE(score[0] >= -1 && score[0] <= 1);
    CU_ASSERT_EQUAL(score[0], score[1]);
    json_t *ev = json_object_get(json_object_get(merz, "evidence"), "stance");
    json_t *first = json_array_get(json_object_get(ev, "sentences"), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(first, "text")), shared);
    json_t *ngrams = json_object_get(ev, "ngrams"), *g;
    size_t i, words = 0;
    CU_ASSERT_TRUE(json_array_size(ngrams) > 0);
    json_array_foreach(ngrams, i, g) {
        const char *name = json_string_value(json_object_get(g, "ngram"));
        CU_ASSERT_TRUE(ngram_in(name, shared));
        words += name[0] == 'w';
    }
    CU_ASSERT_TRUE(words > 0);
    json_decref(o);
}

/* Scores text toward topic with speakers on or off; the caller frees it. */
static json_t *score_speakers(const char *text, const char *topic, int speakers)
{
    ht_error err = { 0 };
    ht_scorer *s = ht_scorer_new(get_models(), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ht_scorer_set_speakers(s, speakers);
    ht_article a = { "sp", text, strlen(text), NULL, topic };
    const char *out;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(ht_score_article(s, &a, HT_OUT_JSON, &out, &n, &err), HT_OK);
    json_t *o = json_loadb(out, n, 0, NULL);
    CU_ASSERT_TRUE_FATAL(json_is_object(o));
    ht_scorer_free(s);
    return o;
}

static double stance_score(json_t *o, const char *name)
{
    json_t *a = find_actor(o, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    return json_real_value(json_object_get(json_object_get(a, "stance"), "score"));
}

/* The score of the stance evidence sentence `text` of actor name (9 if none). */
static double statement_score(json_t *o, const char *name, const char *text)
{
    json_t *ev = json_object_get(json_object_get(find_actor(o, name), "evidence"), "stance");
    json_t *sen;
    size_t i;
    json_array_foreach(json_object_get(ev, "sentences"), i, sen)
        if (!strcmp(json_string_value(json_object_get(sen, "text")), text))
            return json_real_value(json_object_get(sen, "score"));
    return 9;
}

static const char *stance_speaker(json_t *o, const char *name)
{
    json_t *a = find_actor(o, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    json_t *sp = json_object_get(a, "stance_speaker");
    CU_ASSERT_TRUE(json_is_string(sp) || json_is_null(sp));
    return json_string_value(sp);
}

/* With speakers on, toward a topic of the user's, a party the stance model
 * knows is read as that party, and a person as the party the gazetteer
 * gives them ("party"):
 * one statement of two people of two parties scores twice, once for each.
 * Toward the headline, or with speakers off, every statement is read from
 * its words alone, and a shared statement scores the same for both. */
static void test_stance_as_party(void)
{
    const char *text = "Olaf Scholz sagte, Friedrich Merz habe den Plan abgelehnt. Die SPD will "
                       "den Mindestlohn erhöhen.\n";
    const char *topic = "Der Mindestlohn soll erhöht werden.";
    json_t *with = score_speakers(text, topic, 1), *without = score_speakers(text, topic, 0);
    json_t *headline = score_speakers(text, NULL, 1);
    json_t *plain = score_json(text, strlen(text), NULL, topic);  /* a new scorer: off */
    CU_ASSERT_PTR_NULL(stance_speaker(plain, "SPD"));
    CU_ASSERT_EQUAL(stance_score(plain, "SPD"), stance_score(without, "SPD"));
    json_decref(plain);
    plain = score_json(text, strlen(text), NULL, " \t");  /* a blank topic is none */
    CU_ASSERT_EQUAL(stance_score(plain, "SPD"), stance_score(headline, "SPD"));
    CU_ASSERT_NOT_EQUAL(stance_score(plain, "SPD"), stance_score(without, "SPD"));
    json_decref(plain);
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "SPD"), "SPD");
    /* what the stance is toward: the given topic, or the headline and lead */
    json_t *st = json_object_get(with, "stance_topic");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(st, "from")), "given");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(st, "text")), topic);
    st = json_object_get(headline, "stance_topic");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(st, "from")), "headline_and_lead");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(st, "text")),  /* no headline */
                           "Olaf Scholz sagte, Friedrich Merz habe den Plan abgelehnt.");
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "Olaf Scholz"), "SPD");
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "Friedrich Merz"), "CDU");
    const char *names[] = { "SPD", "Olaf Scholz", "Friedrich Merz" };
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_PTR_NULL(stance_speaker(without, names[i]));
        CU_ASSERT_PTR_NULL(stance_speaker(headline, names[i]));
        CU_ASSERT_NOT_EQUAL(stance_score(with, names[i]), stance_score(without, names[i]));
    }
    const char *shared = "Olaf Scholz sagte, Friedrich Merz habe den Plan abgelehnt.";
    for (int i = 1; i < 3; i++) {  /* the statement is in each one's evidence */
        CU_ASSERT_NOT_EQUAL(statement_score(with, names[i], shared), 9);
        CU_ASSERT_NOT_EQUAL(statement_score(without, names[i], shared), 9);
    }
    CU_ASSERT_EQUAL(statement_score(without, "Olaf Scholz", shared),
                    statement_score(without, "Friedrich Merz", shared));
    CU_ASSERT_NOT_EQUAL(statement_score(with, "Olaf Scholz", shared),
                        statement_score(with, "Friedrich Merz", shared));
    /* the party's features are named in the evidence */
    json_t *ev = json_object_get(json_object_get(find_actor(with, "SPD"), "evidence"), "stance");
    json_t *g;
    size_t i;
    int named = 0;
    json_array_foreach(json_object_get(ev, "ngrams"), i, g)
        named += !strncmp(json_string_value(json_object_get(g, "ngram")), "speaker:SPD \xc3\x97 ",
                          strlen("speaker:SPD \xc3\x97 "));
    CU_ASSERT_TRUE(named > 0);
    json_decref(with);
    json_decref(without);
    json_decref(headline);
    /* Only parties speak as parties: the FBI is no Wahl-O-Mat "FBI", BP no
     * Bayernpartei; a party's headquarters stands for it; a topic without
     * words gives nothing to cross, so no one speaks as a party toward it */
    const char *others = "Das FBI lehnt den höheren Mindestlohn ab, sagte ein Sprecher. BP "
                         "begrüßte den höheren Mindestlohn. Das Willy-Brandt-Haus erklärte, "
                         "man wolle den Mindestlohn erhöhen.\n";
    with = score_speakers(others, topic, 1);
    CU_ASSERT_PTR_NULL(stance_speaker(with, "FBI"));
    CU_ASSERT_PTR_NULL(stance_speaker(with, "BP"));
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "Willy-Brandt-Haus"), "SPD");
    json_decref(with);
    with = score_speakers(text, "!!!", 1);
    CU_ASSERT_PTR_NULL(stance_speaker(with, "SPD"));
    json_decref(with);
    /* "Bündnis 90/Die Grünen" and its alias "Grüne" are both speakers of
     * the model; the one with more training records is taken */
    with = score_speakers("Die Grünen wollen den Mindestlohn erhöhen.\n", topic, 1);
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "Bündnis 90/Die Grünen"), "GRÜNE");
    json_decref(with);
    /* a party known by its ballot name only ("ballot" in the gazetteer) */
    with = score_speakers("Die Piratenpartei will den Mindestlohn erh\xc3\xb6hen. Volt Europa "
                          "auch.\n", topic, 1);
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "Piratenpartei"), "PIRATEN");
    CU_ASSERT_STRING_EQUAL(stance_speaker(with, "Volt Europa"), "Volt");
    json_decref(with);
}

/* The shipped tone model's character n-grams are folded when scoring (see
 * ht_extractor_fold_chars): each paragraph's probabilities are still the
 * model's for the paragraph's full vector, as training and eval build it. */
static void test_paragraph_tone_is_the_models(void)
{
    const char *text = "Die Regierung hat versagt, sagt Merz. Das ist ein Desaster.\n\n"
                       "Der Wiederaufbauplan ist gut und wird von allen gelobt.\n\n"
                       "Am Dienstag tagt der Bundesrat in Berlin.";
    const ht_model *tone = get_models()->tone;
    CU_ASSERT_TRUE_FATAL(tone->features.char_block && tone->features.char_max);
    json_t *o = score_json(text, strlen(text), NULL, NULL);
    json_t *paras = json_object_get(o, "paragraphs");
    ht_doc d = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, text, strlen(text), &err), HT_OK);
    CU_ASSERT_EQUAL_FATAL(json_array_size(paras), d.paragraphs.n);
    CU_ASSERT_EQUAL_FATAL(d.paragraphs.n, 3);
    ht_extractor *ex = ht_extractor_new(&tone->features, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    double far = 0;
    for (size_t p = 0; p < d.paragraphs.n; p++) {
        const ht_span *sp = &d.paragraphs.v[p];
        double prob[HT_MAX_CLASSES];
        ht_model_predict(tone, ht_vec_tone(ex, &d, sp->tok_begin, sp->tok_end), NULL, prob);
        json_t *got = json_object_get(json_object_get(json_array_get(paras, p), "tone"),
                                      "probabilities");
        for (int c = 0; c < tone->nr_class; c++) {
            double g = json_number_value(json_object_get(got, tone->labels[c]));
            far = fabs(g - prob[c]) > far ? fabs(g - prob[c]) : far;
        }
    }
    CU_ASSERT_TRUE(far <= 0.00005 + 1e-9);  /* the JSON has four decimals */
    ht_extractor_free(ex);
    ht_doc_free(&d);
    json_decref(o);
}

/* A record's title is its headline: an actor of the text that the title
 * names gets the headline's share of salience; one named in the title only is
 * no mention (its offsets would not point into text). */
static void test_title_salience(void)
{
    const char *text = "Die SPD kritisiert Friedrich Merz.\nEs war ein langer Tag.";
    json_t *with = score_json(text, strlen(text), "Olaf Scholz greift Merz an", NULL);
    json_t *without = score_json(text, strlen(text), "Ein langer Tag", NULL);
    json_t *merz = find_actor(with, "Friedrich Merz"), *spd = find_actor(with, "SPD");
    CU_ASSERT_PTR_NOT_NULL_FATAL(merz);
    CU_ASSERT_PTR_NOT_NULL_FATAL(spd);
    double m = json_number_value(json_object_get(merz, "salience"));
    double m0 = json_number_value(json_object_get(find_actor(without, "Friedrich Merz"), "salience"));
    CU_ASSERT_DOUBLE_EQUAL(m - m0, 0.25, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(spd, "salience")),
                           json_number_value(json_object_get(find_actor(without, "SPD"),
                                                             "salience")), 1e-9);
    CU_ASSERT_PTR_NULL(find_actor(with, "Olaf Scholz"));
    json_decref(with);
    json_decref(without);
}

/* Web furniture and an agency's dateline name no actor of the article:
 * "Foto: .../dpa" and "Berlin (dpa) -" give neither dpa nor Berlin. */
static void test_furniture_names_no_actor(void)
{
    const char *text = "Merz besucht Kiew\n\nBerlin (dpa) - Bundeskanzler Friedrich Merz reist "
                       "nach Kiew. Er trifft Selenskyj.\n\nFoto: Michael Kappeler/dpa\n\n"
                       "\xc2\xa9 dpa-infocom\n";
    json_t *o = score_json(text, strlen(text), NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "Friedrich Merz"));
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "Wolodymyr Selenskyj"));
    CU_ASSERT_PTR_NULL(find_actor(o, "dpa"));
    CU_ASSERT_PTR_NULL(find_actor(o, "Berlin"));
    json_decref(o);
    /* the same line as body text names dpa */
    text = "Merz besucht Kiew\n\nDie dpa berichtet, Merz reise nach Kiew. Er trifft Selenskyj.\n";
    o = score_json(text, strlen(text), NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "dpa"));
    json_decref(o);
    /* a dateline of places alone, with a dash; a place before a dash later in a
     * paragraph is a mention */
    text = "Merz besucht Kiew\n\nBerlin \xe2\x80\x93 Bundeskanzler Friedrich Merz reist nach "
           "Kiew.\n\nWarschau/Prag - Die Nachbarn warten.\n";
    o = score_json(text, strlen(text), NULL, NULL);
    CU_ASSERT_PTR_NULL(find_actor(o, "Berlin"));
    CU_ASSERT_PTR_NULL(find_actor(o, "Warschau"));
    CU_ASSERT_PTR_NULL(find_actor(o, "Prag"));
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "Kiew"));
    json_decref(o);
    text = "Merz besucht Kiew\n\nMerz reist nach Kiew. Berlin \xe2\x80\x93 das bleibt "
           "die Hauptstadt.\n";
    o = score_json(text, strlen(text), NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "Berlin"));
    json_decref(o);
    /* a result or an aside after a place is no dateline */
    text = "Ergebnisse\n\nDeutschland \xe2\x80\x93 Schottland 5:1. Es war ein Fest.\n\n"
           "Russland \xe2\x80\x93 der Aggressor \xe2\x80\x93 muss zahlen, sagte Merz.\n";
    o = score_json(text, strlen(text), NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "Deutschland"));
    CU_ASSERT_PTR_NOT_NULL(find_actor(o, "Russland"));
    json_decref(o);
    /* nor is a dateline part of the lead the stances are toward */
    text = "VW streicht Stellen\n\nWolfsburg (Reuters) - Der Autobauer streicht Stellen. Der "
           "Betriebsrat ist empört.\n";
    o = score_json(text, strlen(text), NULL, NULL);
    json_t *st = json_object_get(o, "stance_topic");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(st, "text")),
                           "VW streicht Stellen\nDer Autobauer streicht Stellen.");
    json_decref(o);
}

/* A statement's words are repeated in a namespace of their own when the
 * topic is negated; their copies are named "negtopic:...", so no evidence
 * list names one feature twice with two weights. */
static void test_negated_topic_names(void)
{
    const char *text = "Wir werden dies unterst\xc3\xbctzen, sagte Selenskyj.\n";
    json_t *o = score_json(text, strlen(text), NULL, "Russland wird keine Angriffe durchf\xc3\xbchren.");
    json_t *a = find_actor(o, "Wolodymyr Selenskyj");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    json_t *ngrams = json_object_get(json_object_get(json_object_get(a, "evidence"), "stance"),
                                     "ngrams");
    size_t i, j, copies = 0;
    json_t *g, *h;
    CU_ASSERT_TRUE(json_array_size(ngrams) > 0);
    json_array_foreach(ngrams, i, g) {
        const char *name = json_string_value(json_object_get(g, "ngram"));
        copies += !strncmp(name, "negtopic:", 9);
        json_array_foreach(ngrams, j, h)
            CU_ASSERT_TRUE(i == j || strcmp(name, json_string_value(json_object_get(h, "ngram"))));
    }
    CU_ASSERT_TRUE(copies > 0);
    json_decref(o);
}

/* The shipped actor model reads a mention's sentence with one sentence each
 * side inside its paragraph (features.context): the sentence before moves
 * Merz's tonality, a sentence in the next paragraph does not, and the
 * tonality's evidence is the passage the model read. */
static double merz_tonality(const char *text, json_t **evidence_text)
{
    json_t *o = score_json(text, strlen(text), NULL, NULL);
    json_t *merz = find_actor(o, "Friedrich Merz");
    CU_ASSERT_PTR_NOT_NULL_FATAL(merz);
    double p = json_number_value(json_object_get(
        json_object_get(json_object_get(merz, "tonality"), "probabilities"), "negative"));
    if (evidence_text) {
        json_t *ev = json_object_get(json_object_get(merz, "evidence"), "tonality");
        *evidence_text = json_incref(
            json_object_get(json_array_get(json_object_get(ev, "sentences"), 0), "text"));
    }
    json_decref(o);
    return p;
}

static void test_actor_context_when_scoring(void)
{
    CU_ASSERT_EQUAL_FATAL(get_models()->actor->features.context, 1);
    const char *base = "Die Kosten sind eine Katastrophe. Merz stellt den Plan vor. "
                       "Die Fachleute jubeln.\n\nDer Etat w\xc3\xa4" "chst.";
    const char *before = "Die Kosten sind ein Segen. Merz stellt den Plan vor. "
                         "Die Fachleute jubeln.\n\nDer Etat w\xc3\xa4" "chst.";
    const char *next_para = "Die Kosten sind eine Katastrophe. Merz stellt den Plan vor. "
                            "Die Fachleute jubeln.\n\nDer Etat schrumpft, ein Desaster.";
    json_t *ev = NULL;
    double p = merz_tonality(base, &ev);
    CU_ASSERT_STRING_EQUAL(json_string_value(ev), "Die Kosten sind eine Katastrophe. "
                           "Merz stellt den Plan vor. Die Fachleute jubeln.");
    json_decref(ev);
    CU_ASSERT_TRUE(fabs(merz_tonality(before, NULL) - p) > 0.001);
    CU_ASSERT_DOUBLE_EQUAL(merz_tonality(next_para, NULL), p, 1e-9);
}

/* The actor model's signed score for the mention at bytes [mb, me) of text,
 * worked out here as score does (the shipped models, the tone helper). */
static double mention_score(const char *text, size_t mb, size_t me)
{
    const ht_models *ms = get_models();
    ht_error err = { 0 };
    ht_doc d = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, text, strlen(text), &err), HT_OK);
    ht_extractor *ex = ht_extractor_new(&ms->actor->features, &err);
    ht_tone_aux aux = { .model = ms->tone, .ex = ht_extractor_new(&ms->tone->features, &err) };
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aux.ex);
    ht_extractor_fold_chars(aux.ex, ms->tone->weights, (size_t)ms->tone->dim + 1,
                            ms->tone->nr_class);
    size_t tb = ht_doc_token_at(&d, mb), te = ht_doc_token_at(&d, me);
    const ht_span *sen = &d.sentences.v[ht_doc_sentence_of(&d, tb)];
    const struct feature_node *x = ht_vec_actor(ex, &d, sen->tok_begin, sen->tok_end, tb, te, &aux);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    verdict v = { 0 };
    double prob[HT_MAX_CLASSES];
    ht_vec_predict(ms->actor, ex, x, prob);
    ht_verdict_add(&v, ms->actor, prob, 1);
    ht_verdict_finish(&v);
    ht_extractor_free(aux.ex);
    ht_extractor_free(ex);
    ht_doc_free(&d);
    return ht_verdict_score(&v);
}

/* Two mentions whose passages are the same: the tonality's evidence keeps
 * the one that leans further, wherever it comes (the first one scored used
 * to hold the place). */
static void test_tonality_evidence_keeps_the_stronger_mention(void)
{
    const char *text = "Angela Merkel reiste am Dienstag nach Paris.\nAngela Merkel reiste am "
                       "Dienstag nach Paris. Kritiker werfen Angela Merkel Versagen, L\xc3\xbcgen "
                       "und Betrug vor, ihre Politik sei eine Katastrophe.\n";
    json_t *o = score_json(text, strlen(text), NULL, NULL);
    json_t *merkel = find_actor(o, "Angela Merkel");
    CU_ASSERT_PTR_NOT_NULL_FATAL(merkel);
    json_t *mentions = json_object_get(merkel, "mentions"), *m;
    CU_ASSERT_EQUAL_FATAL(json_array_size(mentions), 3);
    double score[3];
    size_t i;
    json_array_foreach(mentions, i, m)
        score[i] = mention_score(text, (size_t)json_integer_value(json_object_get(m, "byte_start")),
                                 (size_t)json_integer_value(json_object_get(m, "byte_end")));
    CU_ASSERT_TRUE(fabs(score[2]) > fabs(score[1]));  /* the later mention leans further */
    json_t *ev = json_object_get(json_object_get(json_object_get(merkel, "evidence"), "tonality"),
                                 "sentences");
    CU_ASSERT_EQUAL_FATAL(json_array_size(ev), 2);
    json_t *first = json_array_get(ev, 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(first, "start")), 45);  /* paragraph 2 */
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(first, "score")), score[2], 0.00006);
    CU_ASSERT_DOUBLE_EQUAL(json_number_value(json_object_get(json_array_get(ev, 1), "score")),
                           score[0], 0.00006);
    json_decref(o);
}

static void test_pathological_inputs(void)
{
    const char *cases[] = { "", "   \n\n  ", "ohne Punkt und ohne Ende und ohne Großbuchstaben",
                            "\xff\xfe\x80 Merz \xc3", "\"\"\"\"''''„“„“»«" };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *o = score_json(cases[i], strlen(cases[i]), NULL, NULL);
        CU_ASSERT_PTR_NOT_NULL(json_object_get(o, "stats"));
        json_decref(o);
    }
    /* 200 nested quotation marks, alternating kinds */
    char nested[4096];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(nested + n, sizeof nested - n, "„Merz sagte »");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(nested + n, sizeof nested - n, "«“");
    json_t *o = score_json(nested, n, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL(o);
    json_decref(o);
    /* a NUL byte inside */
    const char nul[] = "Merz\0sagte nichts.";
    o = score_json(nul, sizeof nul - 1, NULL, NULL);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(o, "stats"), "bytes")), 18);
    json_decref(o);
}

static void test_large_article(void)
{
    /* Sanitizers and valgrind (HT_TEST_SMALL=1) are ten to fifty times slower. */
#if defined(__SANITIZE_ADDRESS__)
    size_t target = 5u << 20;
#else
    size_t target = 50u << 20;
#endif
    if (getenv("HT_TEST_SMALL"))
        target = 2u << 20;
    const char *para = "Bundeskanzler Olaf Scholz sagte am Montag in Berlin, die Lage sei ernst. "
                       "„Wir werden das schaffen“, erklärte Anna Krüger.\n";
    size_t pl = strlen(para), n = 0;
    char *big = malloc(target + pl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    while (n < target) {
        memcpy(big + n, para, pl);
        n += pl;
    }
    /* 437,000 paragraphs and 874,000 mentions: over the default limits, so off */
    ht_limits none = { 0, 0, 0, 0, 0 };
    json_t *o = score_json_limited(big, n, NULL, NULL, &none);
    json_t *stats = json_object_get(o, "stats");
    CU_ASSERT_EQUAL((size_t)json_integer_value(json_object_get(stats, "bytes")), n);
    CU_ASSERT_EQUAL((size_t)json_integer_value(json_object_get(stats, "paragraphs")), n / pl);
    json_decref(o);
    free(big);
}

static const char *haltung(void)
{
    const char *h = getenv("HALTUNG");
    return h && *h ? h : "build/haltung";
}

static int sh(const char *fmt, const char *a, const char *b)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, fmt, haltung(), a, b);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* JSON Lines: a line that is not an object, or lacks text, gets an error
 * object in its place; the others are scored; -j 1 and -j 2 agree. */
static void test_jsonl_stream(void)
{
    const char lines[] =
        "{\"id\": \"a\", \"text\": \"Olaf Scholz lobte den Plan.\"}\n"
        "[1, 2, 3]\n"
        "{\"id\": \"c\", \"title\": \"Streit in Berlin\", \"text\": \"Friedrich Merz kritisierte den Plan scharf.\"}\n"
        "{\"id\": \"d\"}\n"
        "{\"id\": 5, \"text\": \"Annalena Baerbock reiste nach Kiew.\", \"topic\": \"Die Ukraine soll unterstützt werden.\"}\n";
    const char *in = ht_test_write_temp("stream.jsonl", lines, sizeof lines - 1);
    char o1[256], o2[256];
    snprintf(o1, sizeof o1, "build/test-tmp/%ld-j1.jsonl", (long)getpid());
    snprintf(o2, sizeof o2, "build/test-tmp/%ld-j2.jsonl", (long)getpid());
    CU_ASSERT_EQUAL(sh("%s score --jsonl -j 1 %s > %s 2>/dev/null", in, o1), 0);
    CU_ASSERT_EQUAL(sh("%s score --jsonl -j 2 %s > %s 2>/dev/null", in, o2), 0);
    size_t l1, l2;
    char *a = ht_test_read_file(o1, &l1), *b = ht_test_read_file(o2, &l2);
    CU_ASSERT_TRUE_FATAL(a && b);
    CU_ASSERT_TRUE(l1 == l2 && !memcmp(a, b, l1));
    json_error_t jerr;
    size_t lines_out = 0;
    /* error objects: FILE:LINE in the message, and the id when the line has one */
    const char *ids[] = { "a", NULL, "c", "d", "5" };
    int errors[] = { 0, 1, 0, 2, 0 };
    char where[300];
    for (char *line = strtok(a, "\n"); line; line = strtok(NULL, "\n"), lines_out++) {
        json_t *o = json_loads(line, 0, &jerr);
        CU_ASSERT_TRUE_FATAL(json_is_object(o) && lines_out < 5);
        CU_ASSERT_EQUAL(json_object_get(o, "error") != NULL, errors[lines_out] != 0);
        const char *id = json_string_value(json_object_get(o, "id"));
        if (ids[lines_out]) {
            CU_ASSERT_TRUE(id && !strcmp(id, ids[lines_out]));
        } else {
            CU_ASSERT_TRUE(json_is_null(json_object_get(o, "id")));
        }
        snprintf(where, sizeof where, "%s:%zu: ", in, lines_out + 1);
        if (errors[lines_out])
            CU_ASSERT_PTR_NOT_NULL(strstr(json_string_value(json_object_get(o, "error")), where));
        json_decref(o);
    }
    CU_ASSERT_EQUAL(lines_out, 5);
    free(a);
    free(b);
}

/* Renders text with scorer s (tone only or not) into a new string. */
static char *render(ht_scorer *s, const char *text, int tone_only, ht_out_format fmt)
{
    ht_error err = { 0 };
    ht_article a = { "t", text, strlen(text), "Streit um den Haushalt", NULL };
    const char *out;
    size_t n;
    ht_scorer_set_tone_only(s, tone_only);
    CU_ASSERT_EQUAL_FATAL(ht_score_article(s, &a, fmt, &out, &n, &err), HT_OK);
    char *copy = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, out, n);
    copy[n] = '\0';
    return copy;
}

/* --tone-only: the tone, headline and paragraphs of the full result, byte for
 * byte; actors, their counts and the models that were not used are null; a
 * scorer switched back scores in full as before. */
static void test_tone_only(void)
{
    const char *text = "Olaf Scholz lobte den Plan der Regierung ausdrücklich.\n"
                       "Friedrich Merz kritisierte ihn scharf: \"Das ist ein Desaster.\"\n"
                       "Die Grünen begrüßten den Kompromiss, die AfD lehnte ihn ab.";
    ht_error err = { 0 };
    ht_scorer *s = ht_scorer_new(get_models(), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char *full = render(s, text, 0, HT_OUT_JSON), *tone = render(s, text, 1, HT_OUT_JSON);
    char *again = render(s, text, 0, HT_OUT_JSON), *view = render(s, text, 1, HT_OUT_TEXT);
    CU_ASSERT_STRING_EQUAL(full, again);
    json_error_t jerr;
    json_t *f = json_loads(full, 0, &jerr), *t = json_loads(tone, 0, &jerr);
    CU_ASSERT_TRUE_FATAL(json_is_object(f) && json_is_object(t));
    CU_ASSERT_TRUE(json_array_size(json_object_get(f, "actors")) >= 3);
    CU_ASSERT_TRUE(json_equal(json_object_get(f, "tone"), json_object_get(t, "tone")));
    CU_ASSERT_TRUE(json_equal(json_object_get(f, "paragraphs"), json_object_get(t, "paragraphs")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(t, "actors")));
    json_t *fs = json_object_get(f, "stats"), *ts = json_object_get(t, "stats");
    CU_ASSERT_TRUE(json_equal(json_object_get(fs, "tokens"), json_object_get(ts, "tokens")));
    CU_ASSERT_TRUE(json_integer_value(json_object_get(fs, "quotes")) >= 1);
    const char *const nulls[] = { "actors", "mentions", "quotes" };
    for (int i = 0; i < 3; i++)
        CU_ASSERT_TRUE(json_is_null(json_object_get(ts, nulls[i])));
    json_t *tm = json_object_get(t, "models");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(tm, "tone")), "tone.model");
    CU_ASSERT_TRUE(json_is_null(json_object_get(tm, "actor")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(tm, "stance")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(t, "stance_topic")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(tm, "actors")));
    CU_ASSERT_PTR_NOT_NULL(strstr(view, "tone only"));
    CU_ASSERT_PTR_NULL(strstr(view, "Scholz"));  /* no actor table, no quotes */
    CU_ASSERT_PTR_NULL(strstr(view, "Desaster"));
    json_decref(f);
    json_decref(t);
    free(full);
    free(tone);
    free(again);
    free(view);
    ht_scorer_free(s);
}

/* The command line: --tone-only on a stream, and as a report page. */
static void test_tone_only_cli(void)
{
    const char lines[] = "{\"id\": \"a\", \"text\": \"Olaf Scholz lobte den Plan.\"}\n";
    const char *in = ht_test_write_temp("tone-only.jsonl", lines, sizeof lines - 1);
    char out[256];
    snprintf(out, sizeof out, "build/test-tmp/%ld-tone-only-out.txt", (long)getpid());
    CU_ASSERT_EQUAL(sh("%s score --jsonl --tone-only %s > %s", in, out), 0);
    size_t n;
    char *got = ht_test_read_file(out, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    json_error_t jerr;
    json_t *o = json_loadb(got, n, 0, &jerr);
    CU_ASSERT_TRUE(json_is_null(json_object_get(o, "actors")));
    CU_ASSERT_PTR_NOT_NULL(json_string_value(json_object_get(json_object_get(o, "tone"), "label")));
    json_decref(o);
    free(got);
    CU_ASSERT_EQUAL(sh("%s score --jsonl --tone-only --format html %s > %s", in, out), 0);
    got = ht_test_read_file(out, &n);
    CU_ASSERT_PTR_NOT_NULL(got && strstr(got, "<html"));
    CU_ASSERT_PTR_NOT_NULL(got && strstr(got, "\"actors\":null"));
    free(got);
}

/* score --stance-as-party: a record's topic makes the SPD speak as the SPD;
 * without the option, and toward the headline, its words are read alone. */
static void test_stance_as_party_cli(void)
{
    const char lines[] = "{\"id\": \"a\", \"text\": \"Die SPD will den Mindestlohn erhöhen.\", "
                         "\"topic\": \"Der Mindestlohn soll erhöht werden.\"}\n"
                         "{\"id\": \"b\", \"text\": \"Die SPD will den Mindestlohn erhöhen.\"}\n";
    const char *in = ht_test_write_temp("speaker.jsonl", lines, sizeof lines - 1);
    char out[256];
    snprintf(out, sizeof out, "build/test-tmp/%ld-speaker-out.txt", (long)getpid());
    for (int text_only = 0; text_only < 2; text_only++) {
        CU_ASSERT_EQUAL(sh(text_only ? "%s score --jsonl %s > %s"
                                     : "%s score --jsonl --stance-as-party %s > %s", in, out), 0);
        size_t n;
        char *got = ht_test_read_file(out, &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(got);
        char *second = memchr(got, '\n', n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(second);
        json_t *a = json_loadb(got, (size_t)(second - got), 0, NULL);
        json_t *b = json_loads(second + 1, 0, NULL);
        CU_ASSERT_TRUE_FATAL(json_is_object(a) && json_is_object(b));
        const char *sa = stance_speaker(a, "SPD"), *sb = stance_speaker(b, "SPD");
        CU_ASSERT_TRUE(text_only ? sa == NULL : sa && !strcmp(sa, "SPD"));
        CU_ASSERT_PTR_NULL(sb);
        json_decref(a);
        json_decref(b);
        free(got);
    }
}

/* The text view: a record without an id (or with an empty one) is headed by
 * its FILE:LINE, a bad one too; counts in the singular where they are one; no
 * empty actor table; actors most salient first, where the JSON has them in
 * order of first mention. */
static void test_text_view_cli(void)
{
    const char lines[] = "{\"text\": \"Der Zug fährt um neun Uhr.\"}\n"
                         "{\"text\": \n"
                         "{\"id\": \"b\", \"text\": \"Olaf Scholz traf Friedrich Merz. Merz sprach "
                         "lange. Merz lobte den Plan. Danach ging Merz.\"}\n"
                         "{\"id\": \"\", \"text\": \"Der Zug hält.\"}\n"
                         "{\"id\": \" \", \"text\": \"Der Zug hält.\"}\n";
    const char *in = ht_test_write_temp("view.jsonl", lines, sizeof lines - 1);
    char out[256], want[512];
    snprintf(out, sizeof out, "build/test-tmp/%ld-view-out.txt", (long)getpid());
    CU_ASSERT_EQUAL(sh("%s score --jsonl --format text %s > %s 2>/dev/null", in, out), 0);
    size_t n;
    char *view = ht_test_read_file(out, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(view);
    snprintf(want, sizeof want, "== %s:1  (1 paragraph, 1 sentence, 0 actors)\n", in);
    CU_ASSERT_PTR_NOT_NULL(strstr(view, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(view, "\nactors    none found\n"));
    snprintf(want, sizeof want, "== %s:2\nerror: %s:2: invalid JSON", in, in);
    CU_ASSERT_PTR_NOT_NULL(strstr(view, want));
    const char *b = strstr(view, "== b  (1 paragraph, 4 sentences, 2 actors)");
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    const char *merz = strstr(b, "\nFriedrich Merz "), *scholz = strstr(b, "\nOlaf Scholz ");
    CU_ASSERT_TRUE(merz && scholz && merz < scholz);
    CU_ASSERT_PTR_NULL(strstr(view, "== -"));
    snprintf(want, sizeof want, "== %s:4  (1 paragraph", in);
    CU_ASSERT_PTR_NOT_NULL(strstr(view, want));
    snprintf(want, sizeof want, "== %s:5  (1 paragraph", in);
    CU_ASSERT_PTR_NOT_NULL(strstr(view, want));
    free(view);
    CU_ASSERT_EQUAL(sh("%s score --jsonl %s > %s 2>/dev/null", in, out), 0);
    char *json = ht_test_read_file(out, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    const char *jm = strstr(json, "\"name\":\"Friedrich Merz\""),
               *js = strstr(json, "\"name\":\"Olaf Scholz\"");
    CU_ASSERT_TRUE(jm && js && js < jm);  /* the JSON: first mention first */
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "{\"id\":null,\"error\""));  /* no FILE:LINE as id */
    free(json);
    /* the input's control characters never reach the terminal: an id, a
     * quote, a bad record's error; a long name is cut with an ellipsis */
    const char odd[] = "{\"id\": \"\\u001b]0;x\\u0007\", \"text\": \"Merz sagte: "
                       "\\\"Ja\\u001b[31m rot\\\". Marie-Agnes Strack-Zimmermann schwieg.\"}\n"
                       "{\"id\": \"\\u001b[2J\", \"text\": 5}\n";
    in = ht_test_write_temp("view-odd.jsonl", odd, sizeof odd - 1);
    CU_ASSERT_EQUAL(sh("%s score --jsonl --format text %s > %s 2>/dev/null", in, out), 0);
    view = ht_test_read_file(out, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(view);
    CU_ASSERT_PTR_NULL(memchr(view, 0x1b, n));
    CU_ASSERT_PTR_NULL(memchr(view, 0x07, n));
    CU_ASSERT_PTR_NOT_NULL(strstr(view, "== \xef\xbf\xbd]0;x\xef\xbf\xbd  (1 paragraph"));
    CU_ASSERT_PTR_NOT_NULL(strstr(view, "Ja\xef\xbf\xbd[31m rot"));
    CU_ASSERT_PTR_NOT_NULL(strstr(view, "== \xef\xbf\xbd[2J\nerror: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(view, "\nMarie-Agnes Strack-Zimmerma\xe2\x80\xa6 person"));
    free(view);
}

/* Scores text under limits l; returns the status and leaves the message in err. */
static ht_status score_titled(const char *text, const char *title, const ht_limits *l,
                              ht_error *err)
{
    ht_scorer *s = ht_scorer_new(get_models(), err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ht_scorer_set_limits(s, l);
    ht_article a = { "l", text, strlen(text), title, NULL };
    const char *out;
    size_t n;
    memset(err, 0, sizeof *err);
    ht_status st = ht_score_article(s, &a, HT_OUT_JSON, &out, &n, err);
    ht_scorer_free(s);
    return st;
}

static ht_status score_limited(const char *text, const ht_limits *l, ht_error *err)
{
    return score_titled(text, NULL, l, err);
}

/* Each limit at, below and above what the article has; 0 is no limit. */
static void test_limits(void)
{
    /* two actors; the longest token is "Energieinfrastruktur" (20 bytes) */
    const char *text = "Kanzler Merz lobte die Energieinfrastruktur. Ministerin Anna Krüger "
                       "widersprach ihm.";
    size_t len = strlen(text);
    ht_error err;
    ht_limits l = { len, 2, 20, 0, 0 };
    CU_ASSERT_EQUAL(score_limited(text, &l, &err), HT_OK);
    l = (ht_limits){ len + 1, 3, 21, 0, 0 };
    CU_ASSERT_EQUAL(score_limited(text, &l, &err), HT_OK);
    l = (ht_limits){ 0, 0, 0, 0, 0 };
    CU_ASSERT_EQUAL(score_limited(text, &l, &err), HT_OK);
    l = (ht_limits){ len - 1, 2, 20, 0, 0 };
    CU_ASSERT_EQUAL(score_limited(text, &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--max-bytes"));
    l = (ht_limits){ len, 1, 20, 0, 0 };
    CU_ASSERT_EQUAL(score_limited(text, &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "names 2 actors"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--max-actors"));
    l = (ht_limits){ len, 2, 19, 0, 0 };
    CU_ASSERT_EQUAL(score_limited(text, &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "20 bytes at character 23"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--max-token"));
    /* two paragraphs, three mentions (Merz, Anna Krüger, Krüger) */
    const char *two = "Kanzler Merz lobte den Plan.\n\nMinisterin Anna Krüger widersprach. "
                      "Krüger blieb dabei.";
    l = (ht_limits){ 0, 0, 0, 2, 3 };
    CU_ASSERT_EQUAL(score_limited(two, &l, &err), HT_OK);
    l = (ht_limits){ 0, 0, 0, 1, 3 };
    CU_ASSERT_EQUAL(score_limited(two, &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "2 paragraphs, more than the limit of 1 "
                                           "(--max-paragraphs)"));
    l = (ht_limits){ 0, 0, 0, 2, 2 };
    CU_ASSERT_EQUAL(score_limited(two, &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "3 actor mentions, more than the limit of 2 "
                                           "(--max-mentions)"));
    /* a title counts toward --max-bytes and its tokens toward --max-token */
    l = (ht_limits){ len + 6, 2, 20, 0, 0 };
    CU_ASSERT_EQUAL(score_titled(text, "Streit", &l, &err), HT_OK);
    l = (ht_limits){ len + 5, 2, 20, 0, 0 };
    CU_ASSERT_EQUAL(score_titled(text, "Streit", &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "bytes with its title, more than the limit"));
    l = (ht_limits){ 0, 0, 20, 0, 0 };
    CU_ASSERT_EQUAL(score_titled(text, "Energieinfrastrukturen", &l, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a token of 22 bytes in the title"));
    /* the defaults hold an ordinary article: at most 10,000 paragraphs */
    ht_limits d = HT_DEFAULT_LIMITS;
    CU_ASSERT_EQUAL(d.max_paragraphs, 10000);
    CU_ASSERT_EQUAL(d.max_mentions, 20000);
}

/* A hostile article of many tiny paragraphs, each with a mention, is refused
 * by the defaults before it is scored: it once took 500 times its size in
 * memory (the evidence of every paragraph held 840 bytes of names). */
static void test_default_limits_refuse_floods(void)
{
    size_t reps = 20001;
    const char *line = "Merz.\n";
    char *text = malloc(reps * 6 + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * 6, line, 6);
    text[reps * 6] = '\0';
    ht_limits d = HT_DEFAULT_LIMITS;
    ht_error err;
    CU_ASSERT_EQUAL(score_limited(text, &d, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "(--max-paragraphs)"));
    d.max_paragraphs = 0;
    CU_ASSERT_EQUAL(score_limited(text, &d, &err), HT_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "20001 actor mentions"));
    free(text);
}

/* On the command line: a record over a limit gets an error object naming it,
 * the records around it are scored; a JSON line far over --max-bytes is
 * refused without being parsed; a plain text over it is refused unread. */
static void test_limits_cli(void)
{
    char big[6000];
    memset(big, 'a', sizeof big);
    big[0] = '{', big[1] = '"', big[2] = 'x', big[3] = '"', big[4] = ':', big[5] = '"';
    memcpy(big + sizeof big - 3, "\"}\n", 3);
    char lines[8000];
    int n = snprintf(lines, sizeof lines, "%s%s%.*s%s",
                     "{\"id\": \"a\", \"text\": \"Olaf Scholz lobte den Plan.\"}\n"
                     "{\"id\": \"b\", \"text\": \"Olaf Scholz lobte den Plan, und Friedrich Merz "
                     "kritisierte ihn scharf, wie erwartet worden war.\"}\n",
                     "{\"id\": \"c\", \"text\": \"Olaf Scholz und Friedrich Merz.\"}\n",
                     (int)sizeof big, big, "{\"id\": \"e\", \"text\": \"Merz lobte.\"}\n");
    const char *in = ht_test_write_temp("limits.jsonl", lines, (size_t)n);
    char out[256];
    snprintf(out, sizeof out, "build/test-tmp/%ld-limits.out", (long)getpid());
    CU_ASSERT_EQUAL(sh("%s score --jsonl --max-bytes 60 --max-actors 1 %s > %s 2>/dev/null", in,
                       out), 0);
    size_t len;
    char *text = ht_test_read_file(out, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    const char *want[] = { NULL, "--max-bytes", "--max-actors", "line has 5999 bytes, more than the limit of 4216 (twice --max-bytes", NULL };
    size_t k = 0;
    json_error_t jerr;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), k++) {
        json_t *o = json_loads(line, 0, &jerr);
        CU_ASSERT_TRUE_FATAL(json_is_object(o) && k < 5);
        const char *e = json_string_value(json_object_get(o, "error"));
        if (want[k]) {
            CU_ASSERT_TRUE(e && strstr(e, want[k]));
        } else {
            CU_ASSERT_TRUE(!e && json_object_get(o, "actors"));
        }
        if (k == 3)
            CU_ASSERT_TRUE(e && strstr(e, "limits.jsonl:4:"));
        if (k == 2)  /* a limit of the scorer: the record's id and place too */
            CU_ASSERT_TRUE(e && strstr(e, "limits.jsonl:3: the article names 2 actors") &&
                           !strcmp(json_string_value(json_object_get(o, "id")), "c"));
        json_decref(o);
    }
    CU_ASSERT_EQUAL(k, 5);
    free(text);
    CU_ASSERT_EQUAL(sh("head -c 5000 /dev/zero | %s score --max-bytes 4999 %s > %s 2>/dev/null", "-",
                       out), 0);
    text = ht_test_read_file(out, &len);
    CU_ASSERT_TRUE(text && strstr(text, "more than 4999 bytes"));
    free(text);
    CU_ASSERT_EQUAL(sh("head -c 5000 /dev/zero | %s score --max-bytes 5000 %s > %s 2>/dev/null", "-",
                       out), 0);
    text = ht_test_read_file(out, &len);
    CU_ASSERT_TRUE(text && !strstr(text, "\"error\"") && strstr(text, "\"actors\""));
    free(text);
    /* records a and e: one paragraph, one mention each; b and c name two */
    CU_ASSERT_EQUAL(sh("%s score --jsonl --max-paragraphs 1 --max-mentions 1 %s > %s "
                       "2>/dev/null", in, out), 0);
    text = ht_test_read_file(out, &len);
    CU_ASSERT_TRUE(text && strstr(text, "{\"id\":\"a\",\"tone\"") &&
                   strstr(text, "{\"id\":\"e\",\"tone\"") &&
                   strstr(text, "2 actor mentions, more than the limit of 1 (--max-mentions)"));
    free(text);
    /* limits near SIZE_MAX are no limit: every record scored, a text read
     * whole (their sums once wrapped: a line buffer written past its end,
     * records lost, a text read as empty) */
    static const char *const huge[] = { "9223372036854771712", "18446744073709551614",
                                        "18446744073709551615" };
    for (size_t h = 0; h < sizeof huge / sizeof *huge; h++) {
        char fmt[256];
        snprintf(fmt, sizeof fmt, "%%s score --jsonl --max-bytes %s %%s > %%s 2>/dev/null",
                 huge[h]);
        CU_ASSERT_EQUAL(sh(fmt, in, out), 0);
        text = ht_test_read_file(out, &len);
        size_t nlines = 0, failed = 0;
        for (const char *p = text; p && (p = strchr(p, '\n')) != NULL; p++)
            nlines++;
        for (const char *p = text; p && (p = strstr(p, "\"error\"")) != NULL; p++)
            failed++;
        CU_ASSERT_EQUAL(nlines, 5);
        CU_ASSERT_EQUAL(failed, 1);  /* the line that is no record, and no other */
        free(text);
        snprintf(fmt, sizeof fmt, "head -c 5000 /dev/zero | tr '\\0' a | %%s score "
                 "--max-bytes %s %%s > %%s 2>/dev/null", huge[h]);
        CU_ASSERT_EQUAL(sh(fmt, "-", out), 0);
        text = ht_test_read_file(out, &len);
        CU_ASSERT_TRUE(text && strstr(text, "\"bytes\":5000,"));
        free(text);
    }
    CU_ASSERT_EQUAL(sh("%s score --max-paragraphs -1 %s > %s 2>/dev/null", in, out), 2);
    CU_ASSERT_EQUAL(sh("%s score --max-token x %s > %s 2>/dev/null", in, out), 2);
}

/* A missing file is named; the files after it are still scored. */
static void test_bad_file_others_scored(void)
{
    const char *good = ht_test_write_temp("good.txt", "Olaf Scholz lobte den Plan.", 27);
    char out[256];
    snprintf(out, sizeof out, "build/test-tmp/%ld-files.jsonl", (long)getpid());
    char args[1024];
    snprintf(args, sizeof args, "build/test-tmp/no-such-article.txt %s", good);
    CU_ASSERT_EQUAL(sh("%s score %s > %s 2>/dev/null", args, out), 1);
    size_t n;
    char *text = ht_test_read_file(out, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Olaf Scholz"));
    free(text);
}

/* Found by tests/fuzz/fuzz_score: the id is written as given, and a file
 * name (the id of `haltung score FILE`) may hold any bytes, so the output was
 * not valid JSON (nor UTF-8); nor was the error object of such a file. */
static void test_id_not_utf8(void)
{
    ht_error err = { 0 };
    ht_scorer *s = ht_scorer_new(get_models(), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ht_article a = { "a\xff" "b\xc3.txt", "Olaf Scholz lobte den Plan.", 27, NULL, NULL };
    const char *out;
    size_t n;
    json_error_t jerr;
    CU_ASSERT_EQUAL_FATAL(ht_score_article(s, &a, HT_OUT_JSON, &out, &n, &err), HT_OK);
    json_t *o = json_loadb(out, n, 0, &jerr);
    CU_ASSERT_TRUE_FATAL(json_is_object(o));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "id")),
                           "a\xef\xbf\xbd" "b\xef\xbf\xbd.txt");
    json_decref(o);
    ht_score_error(s, a.id, "cannot read a\xff" "b", HT_OUT_JSON, &out, &n);
    o = json_loadb(out, n, 0, &jerr);
    CU_ASSERT_TRUE_FATAL(json_is_object(o));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "error")),
                           "cannot read a\xef\xbf\xbd" "b");
    json_decref(o);
    ht_scorer_free(s);
    /* and end to end, with such a file name */
    const char *path = ht_test_write_temp("name-\xff.txt", "Olaf Scholz lobte den Plan.", 27);
    char out_path[256];
    snprintf(out_path, sizeof out_path, "build/test-tmp/%ld-id.json", (long)getpid());
    CU_ASSERT_EQUAL(sh("%s score '%s' > %s", path, out_path), 0);
    char *text = ht_test_read_file(out_path, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    o = json_loadb(text, n, 0, &jerr);
    CU_ASSERT_TRUE_FATAL(json_is_object(o));
    json_decref(o);
    free(text);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "the example article", test_example_article },
        { "key order, scores, discovered person, determinism", test_key_order_and_scores },
        { "evidence n-grams: a word's stem twin left out", test_evidence_without_stem_twins },
        { "the text view's paragraph strip: the labels", test_text_strip_is_the_labels },
        { "the text view: headings, counts, actors by salience", test_text_view_cli },
        { "the headline rule", test_headline_rule },
        { "paragraph kinds: furniture at a word's end, a quote's full stop", test_paragraph_kinds },
        { "offsets into the original input", test_offsets_into_original_input },
        { "a statement of two actors: scored once, the same for both", test_shared_statement },
        { "stance as the party toward a given topic", test_stance_as_party },
        { "score --stance-as-party and a record's topic", test_stance_as_party_cli },
        { "paragraph tone with folded n-grams is the model's", test_paragraph_tone_is_the_models },
        { "an actor's tonality reads the sentences beside its mention", test_actor_context_when_scoring },
        { "a record's title: salience for the actors it names", test_title_salience },
        { "furniture and a dateline name no actor", test_furniture_names_no_actor },
        { "evidence: the negated topic's copies of words have names of their own",
          test_negated_topic_names },
        { "tonality evidence: of two mentions in one passage, the stronger",
          test_tonality_evidence_keeps_the_stronger_mention },
        { "pathological inputs", test_pathological_inputs },
        { "a 50 MB article", test_large_article },
        { "JSON Lines stream with bad lines, -j 1 = -j 2", test_jsonl_stream },
        { "a bad file is named, the others scored", test_bad_file_others_scored },
        { "limits: at, below and above each", test_limits },
        { "limits on the command line: error objects, the rest scored", test_limits_cli },
        { "the default limits refuse a flood of paragraphs and mentions",
          test_default_limits_refuse_floods },
        { "an id that is not UTF-8 (a file name) gives valid JSON (fuzz)", test_id_not_utf8 },
        { "--tone-only: the tone of the full result, actors null", test_tone_only },
        { "--tone-only on the command line, also as a page", test_tone_only_cli },
        { NULL, NULL }
    };
    int rc = ht_test_main("score", cases);
    ht_models_free(models);
    return rc;
}
