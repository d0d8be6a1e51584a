/* test_features.c: the features/ library case by case (issue 2): reading raw
 * text (BOM, line ends, invalid UTF-8, NUL, NFC, offsets back into the input),
 * the German tokeniser, negation scopes, sentences and paragraphs, the hashed
 * feature extractor, and bad input (invalid bytes, NULs, one huge line, empty,
 * whitespace or emoji only) pushed through ht_doc_set and the extractor with
 * its results counted. Every example was written for this file. */
#include <linear.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/document.h"
#include "features/config.h"
#include "features/extract.h"
#include "features/hash.h"
#include "features/sentence.h"
#include "features/text.h"
#include "features/token.h"
#include "tests/support.h"

#define FFFD "\xef\xbf\xbd"

/* ---- helpers --------------------------------------------------------------------------- */

/* Normalises len bytes of in into t (fatal on failure). */
static void text_of(ht_text *t, const char *in, size_t len)
{
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_text_init(t, in, len, &err), HT_OK);
    CU_ASSERT_EQUAL(t->s[t->len], '\0');
    CU_ASSERT_EQUAL(strlen(t->s), t->len);  /* no NUL inside */
}

/* Checks that in normalises to want with `invalid` replacements. */
static void check_norm(const char *in, size_t len, const char *want, size_t invalid)
{
    ht_text t;
    text_of(&t, in, len);
    CU_ASSERT_STRING_EQUAL(t.s, want);
    CU_ASSERT_EQUAL(t.len, strlen(want));
    CU_ASSERT_EQUAL(t.invalid, invalid);
    CU_ASSERT_EQUAL(t.orig_len, len);
    CU_ASSERT_TRUE(ht_utf8_valid(t.s, t.len));
    ht_text_free(&t);
}

/* "text/type text/type ..." of the tokens of s (the tokeniser alone on NUL-free
 * valid UTF-8), into a static buffer. */
static const char *toks(const char *s)
{
    static char out[16384];
    ht_tokens tk = { 0 };
    ht_error err = { 0 };
    out[0] = '\0';
    if (ht_tokenize(s, strlen(s), &tk, &err) != HT_OK)
        return "<error>";
    size_t len = 0;
    for (size_t i = 0; i < tk.n && len < sizeof out - 256; i++) {
        const ht_token *t = &tk.v[i];
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s/%s", i ? " " : "",
                                (int)(t->end - t->start), s + t->start,
                                ht_token_type_name(t->type));
    }
    ht_tokens_free(&tk);
    return out;
}

/* The negation marks of s's tokens as a string of 0/1, as ht_tokenize
 * marks them; ht_mark_negation on the same tokens must change nothing. */
static const char *neg_marks(const char *s)
{
    static char out[512];
    ht_tokens tk = { 0 };
    ht_error err = { 0 };
    if (ht_tokenize(s, strlen(s), &tk, &err) != HT_OK)
        return "<error>";
    uint8_t flags[512];
    for (size_t i = 0; i < tk.n && i < sizeof flags; i++)
        flags[i] = tk.v[i].flags;
    ht_mark_negation(s, tk.v, tk.n);
    for (size_t i = 0; i < tk.n && i < sizeof flags; i++)
        CU_ASSERT_EQUAL(tk.v[i].flags, flags[i]);
    size_t i;
    for (i = 0; i < tk.n && i < sizeof out - 1; i++)
        out[i] = (tk.v[i].flags & HT_TF_NEGATED) ? '1' : '0';
    out[i] = '\0';
    ht_tokens_free(&tk);
    return out;
}

static void doc_of(ht_doc *d, const char *s, size_t len)
{
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(d, s, len, &err), HT_OK);
}

/* Span i of sp as text equals want. */
static int span_is(const ht_doc *d, const ht_span *sp, const char *want)
{
    return sp->end - sp->start == strlen(want) &&
           memcmp(d->text.s + sp->start, want, strlen(want)) == 0;
}

/* The sentences of s, joined by " | ", into a static buffer. */
static const char *sentences_of(const char *s)
{
    static char out[8192];
    ht_doc d = { 0 };
    doc_of(&d, s, strlen(s));
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d.sentences.n && len < sizeof out - 512; i++) {
        const ht_span *sp = &d.sentences.v[i];
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s", i ? " | " : "",
                                (int)(sp->end - sp->start), d.text.s + sp->start);
    }
    ht_doc_free(&d);
    return out;
}

/* The paragraphs of s, joined by " | ". */
static const char *paragraphs_of(const char *s)
{
    static char out[8192];
    ht_doc d = { 0 };
    doc_of(&d, s, strlen(s));
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d.paragraphs.n && len < sizeof out - 512; i++) {
        const ht_span *sp = &d.paragraphs.v[i];
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s", i ? " | " : "",
                                (int)(sp->end - sp->start), d.text.s + sp->start);
    }
    ht_doc_free(&d);
    return out;
}

/* check_norm on a string literal, which may hold NULs. */
#define NORM(lit, want, invalid) check_norm(lit, sizeof lit - 1, want, invalid)

/* ---- reading text ---------------------------------------------------------------------- */

static void test_bom(void)
{
    NORM("\xef\xbb\xbf" "Guten Morgen", "Guten Morgen", 0);
    NORM("\xef\xbb\xbf", "", 0);
    /* a cut-off BOM is no BOM: its two bytes are invalid */
    NORM("\xef\xbb" "Hallo", FFFD FFFD "Hallo", 2);
    ht_text t;
    text_of(&t, "\xef\xbb\xbf" "Köln", 8);
    CU_ASSERT_EQUAL(t.orig_cps, 5);  /* the BOM is a code point of the input */
    ht_text_free(&t);
}

static void test_line_ends(void)
{
    const char in[] = "Erste Zeile\r\nZweite Zeile\rDritte\n\r\nVierte\r\r\nFünfte\r";
    check_norm(in, sizeof in - 1, "Erste Zeile\nZweite Zeile\nDritte\n\nVierte\n\nFünfte\n", 0);
}

static void test_invalid_utf8_kinds(void)
{
    /* one U+FFFD per bad byte, each counted */
    NORM("Stra\x80" "e", "Stra" FFFD "e", 1);                      /* lone continuation */
    NORM("Gr\xc3", "Gr" FFFD, 1);                                  /* cut off at the end */
    NORM("Preis \xe2\x82 hoch", "Preis " FFFD FFFD " hoch", 2);  /* euro sign cut short */
    NORM("\xc0\xaf" "etc", FFFD FFFD "etc", 2);                    /* overlong '/' */
    NORM("x\xe0\x80\xaf", "x" FFFD FFFD FFFD, 3);                  /* overlong, 3 bytes */
    NORM("a\xed\xa0\x80" "b", "a" FFFD FFFD FFFD "b", 3);          /* surrogate D800 */
    NORM("a\xf4\x90\x80\x80" "b", "a" FFFD FFFD FFFD FFFD "b", 4); /* U+110000 */
    NORM("\xf5\xff\xfe", FFFD FFFD FFFD, 3);                       /* never valid */
    /* the largest valid code point and an emoji stay as they are */
    NORM("\xf4\x8f\xbf\xbf \xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf \xf0\x9f\x98\x80", 0);
    ht_text t;
    text_of(&t, "a\xed\xa0\x80" "b", 5);
    CU_ASSERT_EQUAL(t.orig_cps, 5);  /* a bad byte counts as one code point */
    ht_text_free(&t);
}

static void test_nul_bytes(void)
{
    const char in[] = "Kein\0Problem\0\0mit Nullen";
    check_norm(in, sizeof in - 1, "Kein Problem  mit Nullen", 0);
    CU_ASSERT_STRING_EQUAL(toks("Kein Problem  mit Nullen"),
                           "Kein/word Problem/word mit/word Nullen/word");
}

static void test_nfc(void)
{
    NORM("a\xcc\x88", "\xc3\xa4", 0);                          /* a + U+0308 -> ä */
    NORM("Mu\xcc\x88nchen", "M\xc3\xbc" "nchen", 0);           /* München */
    NORM("O\xcc\x88l und A\xcc\x88pfel", "\xc3\x96l und \xc3\x84pfel", 0);
    NORM("Caf\xc3\xa9", "Caf\xc3\xa9", 0);                     /* already NFC */
    /* marks in canonical order: dot below (220) before diaeresis (230), then composed */
    NORM("o\xcc\x88\xcc\xa3", "\xe1\xbb\x8d\xcc\x88", 0);
    /* a mark after an invalid byte has nothing to join */
    NORM("\xff\xcc\x88", FFFD "\xcc\x88", 1);
    /* NFC never joins across a line break made from CRLF */
    NORM("a\r\n\xcc\x88", "a\n\xcc\x88", 0);
}

/* Checks ht_text_orig at norm. */
static void check_orig(const ht_text *t, size_t norm, size_t byte, size_t cp)
{
    ht_pos p = ht_text_orig(t, norm);
    CU_ASSERT_EQUAL(p.byte, byte);
    CU_ASSERT_EQUAL(p.cp, cp);
}

static void test_offsets(void)
{
    /* original bytes (code points):
     *   0-2 BOM (0)  3 Z (1)  4 u (2)  5-6 CR LF (3, 4)  7 M (5)  8 u (6)  9-10 U+0308 (7)
     *   11-14 ller (8-11)  15 0xff (12)  16 ' ' (13)  17-20 sagt (14-17)  end 21 (18)
     * normalised: "Zu\nMüller" FFFD " sagt"
     *   0 Z  1 u  2 \n  3 M  4-5 ü  6-9 ller  10-12 FFFD  13 ' '  14-17 sagt  end 18 */
    const char in[] = "\xef\xbb\xbf" "Zu\r\nMu\xcc\x88ller\xff sagt";
    ht_text t;
    text_of(&t, in, sizeof in - 1);
    CU_ASSERT_STRING_EQUAL(t.s, "Zu\nM\xc3\xbcller" FFFD " sagt");
    CU_ASSERT_EQUAL(t.orig_len, 21);
    CU_ASSERT_EQUAL(t.orig_cps, 18);
    CU_ASSERT_EQUAL(t.invalid, 1);
    static const size_t want[][3] = {  /* norm, byte, cp */
        { 0, 3, 1 },   { 1, 4, 2 },   { 2, 5, 3 },   { 3, 7, 5 },   { 4, 8, 6 },
        { 6, 11, 8 },  { 9, 14, 11 }, { 10, 15, 12 }, { 13, 16, 13 }, { 14, 17, 14 },
        { 17, 20, 17 }, { 18, 21, 18 }
    };
    size_t n = sizeof want / sizeof *want;
    for (size_t i = 0; i < n; i++)
        check_orig(&t, want[i][0], want[i][1], want[i][2]);
    ht_pos p = ht_text_orig(&t, 1000);  /* past the end: clamped */
    CU_ASSERT_EQUAL(p.byte, 21);
    CU_ASSERT_EQUAL(p.cp, 18);
    ht_text_free(&t);
}

static void test_offsets_bom_then_mark(void)
{
    /* BOM, then U+0344 (a mark NFC rewrites to U+0308 U+0301) with no starter before it */
    const char in[] = "\xef\xbb\xbf\xcd\x84x";
    ht_text t;
    text_of(&t, in, sizeof in - 1);
    CU_ASSERT_STRING_EQUAL(t.s, "\xcc\x88\xcc\x81x");
    check_orig(&t, 0, 3, 1);
    check_orig(&t, 4, 5, 2);
    check_orig(&t, 5, 6, 3);
    ht_text_free(&t);
}

static void test_offsets_nfc_grows_and_shrinks(void)
{
    /* original: x(0) U+0958(1-3, cp 1) y(4, cp 2) U+FF21(5-7, cp 3) z(8, cp 4)
     *           U+212B ANGSTROM SIGN(9-11, cp 5) q(12, cp 6) end(13, cp 7)
     * NFC: U+0958 is excluded from composition and grows to U+0915 U+093C (6 bytes);
     * U+FF21 stays; U+212B becomes U+00C5 (2 bytes).
     * normalised: x(0) (1-6) y(7) (8-10) z(11) Å(12-13) q(14) end(15) */
    const char in[] = "x\xe0\xa5\x98y\xef\xbc\xa1z\xe2\x84\xabq";
    ht_text t;
    text_of(&t, in, sizeof in - 1);
    CU_ASSERT_STRING_EQUAL(t.s, "x\xe0\xa4\x95\xe0\xa4\xbcy\xef\xbc\xa1z\xc3\x85q");
    check_orig(&t, 1, 1, 1);
    check_orig(&t, 7, 4, 2);
    check_orig(&t, 8, 5, 3);
    check_orig(&t, 11, 8, 4);
    check_orig(&t, 12, 9, 5);
    check_orig(&t, 14, 12, 6);
    check_orig(&t, 15, 13, 7);
    ht_text_free(&t);
}

/* Found by tests/fuzz/fuzz_text: an invalid byte before a character NFC
 * rewrites (U+0958) put the rewritten stretch's start before the U+FFFD, so
 * its anchor was lost and offsets inside ran past the input (byte 6 of 4). */
static void test_offsets_invalid_then_nfc(void)
{
    /* original: 0xb2 (0, cp 0)  U+0958 (1-3, cp 1)  end (4, cp 2)
     * normalised: FFFD (0-2)  U+0915 (3-5)  U+093C (6-8)  end 9 */
    const char in[] = "\xb2\xe0\xa5\x98";
    ht_text t;
    text_of(&t, in, sizeof in - 1);
    CU_ASSERT_STRING_EQUAL(t.s, FFFD "\xe0\xa4\x95\xe0\xa4\xbc");
    check_orig(&t, 0, 0, 0);
    check_orig(&t, 3, 1, 1);
    check_orig(&t, 6, 4, 2);  /* inside U+0958's rewrite: its end, not past it */
    check_orig(&t, 9, 4, 2);
    ht_text_free(&t);
}

/* Found by tests/fuzz/fuzz_text: inside one stretch that NFC grew, the walk
 * from its anchor overshot the stretch (and the input) in the original. */
static void test_offsets_inside_grown_stretch(void)
{
    /* original: U+0958 (0-2, cp 0)  U+0958 (3-5, cp 1)  end (6, cp 2)
     * normalised: U+0915 U+093C U+0915 U+093C (0-11), end 12 */
    const char in[] = "\xe0\xa5\x98\xe0\xa5\x98";
    ht_text t;
    text_of(&t, in, sizeof in - 1);
    CU_ASSERT_EQUAL(t.len, 12);
    size_t last_byte = 0, last_cp = 0;
    for (size_t norm = 0; norm <= t.len; norm += 3) {
        ht_pos p = ht_text_orig(&t, norm);
        CU_ASSERT(p.byte <= 6 && p.cp <= 2);
        CU_ASSERT(p.byte >= last_byte && p.cp >= last_cp);
        last_byte = p.byte;
        last_cp = p.cp;
    }
    check_orig(&t, 12, 6, 2);
    ht_text_free(&t);
}

static void test_offsets_far(void)
{
    /* far beyond the first anchor stretch: 3000 a's, a decomposed ä, 6000 b's, a CRLF, 3000 c's */
    size_t len = 3000 + 3 + 6000 + 2 + 3000;
    char *in = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    memset(in, 'a', 3000);
    memcpy(in + 3000, "a\xcc\x88", 3);
    memset(in + 3003, 'b', 6000);
    memcpy(in + 9003, "\r\n", 2);
    memset(in + 9005, 'c', 3000);
    ht_text t;
    text_of(&t, in, len);
    CU_ASSERT_EQUAL(t.len, len - 2);  /* one byte less for ä, one for the CRLF */
    check_orig(&t, 2999, 2999, 2999);
    check_orig(&t, 3002, 3003, 3002);        /* first b */
    check_orig(&t, 3002 + 5000, 8003, 8002); /* a b past an anchor step */
    check_orig(&t, 9002, 9003, 9002);        /* the line break */
    check_orig(&t, 9003, 9005, 9004);        /* first c */
    check_orig(&t, len - 2, len, len - 1);   /* the end */
    ht_text_free(&t);
    free(in);
}

/* Offsets across many blocks of the code point index, with multi-byte
 * characters astride block ends and line breaks (anchors) between them, asked
 * for in a scrambled order: each maps to a code point boundary of the input
 * and to the number of code points before it there. */
static void test_offsets_blocks(void)
{
    static const char unit[] = "\xc3\xa4\xe2\x82\xacx\r\nWort ";  /* ä € x CRLF "Wort " */
    size_t ulen = sizeof unit - 1, reps = 700, len = ulen * reps;
    char *in = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    for (size_t r = 0; r < reps; r++)
        memcpy(in + r * ulen, unit, ulen);
    ht_text t;
    text_of(&t, in, len);
    CU_ASSERT_EQUAL(t.len, len - reps);  /* each CRLF lost a byte */
    CU_ASSERT_TRUE(t.len > 20 * HT_TEXT_BLOCK);
    size_t bad = 0, asked = 0;
    for (size_t k = 0; k <= t.len; k++) {
        size_t norm = (k * 7919) % (t.len + 1);  /* a prime stride visits every offset */
        if (norm < t.len && ((unsigned char)t.s[norm] & 0xc0) == 0x80)
            continue;
        ht_pos p = ht_text_orig(&t, norm);
        asked++;
        bad += p.byte > len || (p.byte < len && ((unsigned char)in[p.byte] & 0xc0) == 0x80) ||
               p.cp != ht_utf8_count(in, p.byte);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_TRUE(asked > t.len / 2);
    check_orig(&t, t.len, len, ht_utf8_count(in, len));
    ht_text_free(&t);
    free(in);
}

/* ---- tokens ---------------------------------------------------------------------------- */

static void test_tokens_umlauts(void)
{
    CU_ASSERT_STRING_EQUAL(
        toks("Größere Schäden über Düsseldorf: Straßensperren ließen ÄRZTE warten."),
        "Größere/word Schäden/word über/word Düsseldorf/word :/punct Straßensperren/word "
        "ließen/word ÄRZTE/word warten/word ./punct");
    ht_tokens tk = { 0 };
    ht_error err = { 0 };
    const char *s = "Überall ÖPNV ärger";
    CU_ASSERT_EQUAL_FATAL(ht_tokenize(s, strlen(s), &tk, &err), HT_OK);
    CU_ASSERT_EQUAL_FATAL(tk.n, 3);
    CU_ASSERT_TRUE(tk.v[0].flags & HT_TF_CAP);
    CU_ASSERT_FALSE(tk.v[0].flags & HT_TF_UPPER);
    CU_ASSERT_TRUE(tk.v[1].flags & HT_TF_UPPER);
    CU_ASSERT_FALSE(tk.v[2].flags & HT_TF_CAP);
    ht_tokens_free(&tk);
}

static void test_tokens_compounds(void)
{
    CU_ASSERT_STRING_EQUAL(
        toks("Der Infrastruktur-Waffenstillstand hielt bis zur 10-Yard-Linie."),
        "Der/word Infrastruktur-Waffenstillstand/word hielt/word bis/word zur/word "
        "10-Yard-Linie/word ./punct");
    const char *s = "Energie- und Infrastruktur";
    CU_ASSERT_STRING_EQUAL(toks(s), "Energie-/word und/word Infrastruktur/word");
    ht_tokens tk = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_tokenize(s, strlen(s), &tk, &err), HT_OK);
    CU_ASSERT_EQUAL_FATAL(tk.n, 3);
    CU_ASSERT_TRUE(tk.v[0].flags & HT_TF_TRUNC);
    CU_ASSERT_FALSE(tk.v[1].flags & HT_TF_TRUNC);
    CU_ASSERT_FALSE(tk.v[2].flags & HT_TF_TRUNC);
    ht_tokens_free(&tk);
}

static void test_tokens_numbers_dates(void)
{
    CU_ASSERT_STRING_EQUAL(
        toks("Rund 1.000 Menschen, 3,5 Prozent mehr als 2022."),
        "Rund/word 1.000/number Menschen/word ,/punct 3,5/number Prozent/word mehr/word "
        "als/word 2022/number ./punct");
    CU_ASSERT_STRING_EQUAL(toks("Die Wahl ist am 18. März."),
                           "Die/word Wahl/word ist/word am/word 18./ordinal März/word ./punct");
    CU_ASSERT_STRING_EQUAL(toks("Das Gesetz gilt seit 18.03.2025 bundesweit."),
                           "Das/word Gesetz/word gilt/word seit/word 18.03.2025/date "
                           "bundesweit/word ./punct");
}

static void test_tokens_abbreviations(void)
{
    CU_ASSERT_STRING_EQUAL(
        toks("Länder wie z. B. Bayern u. a. mit Dr. Weber bzw. Prof. Kraus"),
        "Länder/word wie/word z./abbrev B./abbrev Bayern/word u./abbrev a./abbrev mit/word "
        "Dr./abbrev Weber/word bzw./abbrev Prof./abbrev Kraus/word");
    CU_ASSERT_STRING_EQUAL(
        toks("Antrag Nr. 12 kostet ca. 400 Euro, Steuern usw. in St. Pauli seit 9 v. Chr. heute"),
        "Antrag/word Nr./abbrev 12/number kostet/word ca./abbrev 400/number Euro/word ,/punct "
        "Steuern/word usw./abbrev in/word St./abbrev Pauli/word seit/word 9/number v./abbrev "
        "Chr./abbrev heute/word");
}

static void test_tokens_web(void)
{
    CU_ASSERT_STRING_EQUAL(
        toks("Mehr unter https://www.example.de/politik/wahl-2025.html oder an "
             "leserbriefe@zeitung.example, folgt @Stadtrat_Bonn und #Klimastreik!"),
        "Mehr/word unter/word https://www.example.de/politik/wahl-2025.html/url oder/word "
        "an/word leserbriefe@zeitung.example/email ,/punct folgt/word @Stadtrat_Bonn/mention "
        "und/word #Klimastreik/hashtag !/punct");
}

static void test_tokens_emoticons_emoji(void)
{
    CU_ASSERT_STRING_EQUAL(toks("Super :-) echt :D ich <3 das"),
                           "Super/word :-)/emoticon echt/word :D/emoticon ich/word "
                           "<3/emoticon das/word");
    /* waving hand + medium skin tone; man ZWJ woman ZWJ girl ZWJ boy */
    const char *wave = "\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd";
    const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
                         "\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6";
    char s[256], want[512];
    snprintf(s, sizeof s, "Hallo %s Familie %s!", wave, family);
    snprintf(want, sizeof want, "Hallo/word %s/emoji Familie/word %s/emoji !/punct", wave, family);
    CU_ASSERT_STRING_EQUAL(toks(s), want);
    /* two emoji side by side are two tokens */
    CU_ASSERT_STRING_EQUAL(toks("\xf0\x9f\x98\x80\xf0\x9f\x98\xa1"),
                           "\xf0\x9f\x98\x80/emoji \xf0\x9f\x98\xa1/emoji");
}

/* "text/class ..." of the emoticon classes of s's tokens ("-" for none). */
static const char *emo_classes(const char *s)
{
    static char out[4096];
    ht_tokens tk = { 0 };
    ht_error err = { 0 };
    if (ht_tokenize(s, strlen(s), &tk, &err) != HT_OK)
        return "<error>";
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < tk.n && len < sizeof out - 128; i++) {
        const ht_token *t = &tk.v[i];
        ht_emoticon e = ht_emoticon_class(s, t);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s/%s", i ? " " : "",
                                (int)(t->end - t->start), s + t->start,
                                e == HT_EMO_NONE ? "-" : ht_emoticon_name(e));
    }
    ht_tokens_free(&tk);
    return out;
}

/* Every emoticon the tokeniser knows has a class by its mouth and eyes;
 * other tokens, brackets and colons among them, have none. */
static void test_tokens_emoticon_classes(void)
{
    CU_ASSERT_STRING_EQUAL(emo_classes(":) :-) :-)) :)) =) 8-) ^_^"),
                           ":)/smile :-)/smile :-))/smile :))/smile =)/smile 8-)/smile "
                           "^_^/smile");
    CU_ASSERT_STRING_EQUAL(emo_classes(":D :-D =D xD XD ^^"),
                           ":D/laugh :-D/laugh =D/laugh xD/laugh XD/laugh ^^/laugh");
    CU_ASSERT_STRING_EQUAL(emo_classes(";) ;-) ;D"), ";)/wink ;-)/wink ;D/wink");
    CU_ASSERT_STRING_EQUAL(emo_classes(":( :-( :(( :-(( :'( :'-( >:( >:-( =( :/ :-/ :| :-|"),
                           ":(/sad :-(/sad :((/sad :-((/sad :'(/sad :'-(/sad >:(/sad "
                           ">:-(/sad =(/sad ://sad :-//sad :|/sad :-|/sad");
    CU_ASSERT_STRING_EQUAL(emo_classes(":P :p :-P :-p :* :-* <3 :o :O :-o :-O o.O O.o -.-"),
                           ":P/tongue :p/tongue :-P/tongue :-p/tongue :*/kiss :-*/kiss "
                           "<3/heart :o/surprise :O/surprise :-o/surprise :-O/surprise "
                           "o.O/surprise O.o/surprise -.-/other");
    CU_ASSERT_STRING_EQUAL(emo_classes("Gut ( ja ) : das , xD!"),
                           "Gut/- (/- ja/- )/- :/- das/- ,/- xD/laugh !/-");
    CU_ASSERT_STRING_EQUAL(ht_emoticon_name(HT_EMO_NONE), "");
    CU_ASSERT_STRING_EQUAL(ht_emoticon_name((ht_emoticon)99), "");
}

static void test_tokens_quotes_dashes(void)
{
    CU_ASSERT_STRING_EQUAL(
        toks("„Ja“, sagte sie. ‚Nein‘ – »Vielleicht« — \"So\" 'oder'"),
        "„/quote Ja/word “/quote ,/punct sagte/word sie/word ./punct ‚/quote Nein/word "
        "‘/quote –/dash »/quote Vielleicht/word «/quote —/dash \"/quote So/word \"/quote "
        "'/quote oder/word '/quote");
    /* quotes stuck to each other are still one token each */
    CU_ASSERT_STRING_EQUAL(toks("»„Nie!“«"),
                           "»/quote „/quote Nie/word !/punct “/quote «/quote");
}

static void test_negation(void)
{
    /* Die Stadt baut nicht neu , sondern saniert . */
    CU_ASSERT_STRING_EQUAL(neg_marks("Die Stadt baut nicht neu, sondern saniert."), "000010000");
    /* Keine Partei will das . Niemand . -- the negator itself is not marked */
    CU_ASSERT_STRING_EQUAL(neg_marks("Keine Partei will das. Niemand."), "0111000");
    /* kein* forms */
    CU_ASSERT_STRING_EQUAL(neg_marks("Er hat keinen Plan und keinerlei Hoffnung."), "00011110");
    /* nie / niemals / weder / ohne */
    CU_ASSERT_STRING_EQUAL(neg_marks("Das gab es nie zuvor; wirklich niemals wieder!"),
                           "0000100010");
    CU_ASSERT_STRING_EQUAL(neg_marks("weder Bund noch Länder: alle ohne Geld."), "011100010");
    /* a dash or a quote ends the scope as punctuation does:
     * nicht jetzt – später kommt „ nicht “ mehr */
    CU_ASSERT_STRING_EQUAL(neg_marks("nicht jetzt – später kommt „nicht“ mehr"), "010000000");
    /* and a line break */
    CU_ASSERT_STRING_EQUAL(neg_marks("Kein Kommentar\nDie Polizei ermittelt"), "01000");
    /* words that only look like negators do not open a scope */
    CU_ASSERT_STRING_EQUAL(neg_marks("Die Nichte kam nie-mals Keinath"), "00000");
}

/* ---- sentences and paragraphs ---------------------------------------------------------- */

static void test_sentences_abbreviations(void)
{
    CU_ASSERT_STRING_EQUAL(
        sentences_of("Viele Länder, z. B. Polen, stimmten zu. Andere, u. a. Ungarn, nicht."),
        "Viele Länder, z. B. Polen, stimmten zu. | Andere, u. a. Ungarn, nicht.");
    CU_ASSERT_STRING_EQUAL(
        sentences_of("Es sprachen Dr. Berg bzw. Prof. Lang. Antrag Nr. 7 kostet ca. 90 Euro. "
                     "Brot, Käse usw. werden teurer. Dann kam St. Martin. Das war 50 v. Chr. in Rom."),
        "Es sprachen Dr. Berg bzw. Prof. Lang. | Antrag Nr. 7 kostet ca. 90 Euro. | "
        "Brot, Käse usw. werden teurer. | Dann kam St. Martin. | Das war 50 v. Chr. in Rom.");
    /* "usw." before a capitalised word may end the sentence, and here it does */
    CU_ASSERT_STRING_EQUAL(sentences_of("Es gibt Brot, Käse usw. Dann kam der Regen."),
                           "Es gibt Brot, Käse usw. | Dann kam der Regen.");
    /* a unit before a noun goes on; before a sentence opener it ends */
    CU_ASSERT_STRING_EQUAL(
        sentences_of("Das Werk kostet 2,5 Mio. Euro und 1 Mrd. Franken. Es öffnet im Mai."),
        "Das Werk kostet 2,5 Mio. Euro und 1 Mrd. Franken. | Es öffnet im Mai.");
    CU_ASSERT_STRING_EQUAL(sentences_of("Die Stadt zählt 1,2 Mio. Die Zahl wächst."),
                           "Die Stadt zählt 1,2 Mio. | Die Zahl wächst.");
    CU_ASSERT_STRING_EQUAL(sentences_of("Die Wahl ist am 18. März in Berlin. Sie wird knapp."),
                           "Die Wahl ist am 18. März in Berlin. | Sie wird knapp.");
    CU_ASSERT_STRING_EQUAL(sentences_of("Das Buch von J. R. R. Tolkien erschien 1954. Es ist lang."),
                           "Das Buch von J. R. R. Tolkien erschien 1954. | Es ist lang.");
    CU_ASSERT_STRING_EQUAL(sentences_of("Was nun? Keiner weiß es! Warten…"),
                           "Was nun? | Keiner weiß es! | Warten…");
}

static void test_sentences_quotes(void)
{
    CU_ASSERT_STRING_EQUAL(
        sentences_of("„Beide Seiten sollen das unterstützen,“ sagte Selenskyj."),
        "„Beide Seiten sollen das unterstützen,“ sagte Selenskyj.");
    CU_ASSERT_STRING_EQUAL(sentences_of("Er sagte: „Das geht nicht.“ Dann ging er."),
                           "Er sagte: „Das geht nicht.“ | Dann ging er.");
    CU_ASSERT_STRING_EQUAL(sentences_of("Sie rief: »Genug!« Danach war Ruhe."),
                           "Sie rief: »Genug!« | Danach war Ruhe.");
}

/* A run of more tokens than HT_SENTENCE_MAX_TOKENS without a sentence end is
 * cut into pieces of at most that many, after a comma in a piece's second
 * half where there is one, so that no sentence costs the square of its
 * length; the pieces cover the run exactly. */
static void test_sentences_bounded(void)
{
    for (int commas = 0; commas < 2; commas++) {
        char *s = malloc(1000 * 12);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        size_t len = 0;
        for (int i = 0; i < 1000; i++)  /* 1000 words, and with commas 1000 / 7 commas */
            len += (size_t)sprintf(s + len, "%s%s", i ? " " : "",
                                   commas && i % 7 == 6 ? "Wort," : "Wort");
        ht_doc d = { 0 };
        doc_of(&d, s, len);
        size_t tokens = d.tokens.n, covered = 0;
        CU_ASSERT_TRUE(d.sentences.n >= tokens / HT_SENTENCE_MAX_TOKENS);
        for (size_t k = 0; k < d.sentences.n; k++) {
            const ht_span *sp = &d.sentences.v[k];
            size_t n = sp->tok_end - sp->tok_begin;
            CU_ASSERT_TRUE(n >= 1 && n <= HT_SENTENCE_MAX_TOKENS);
            CU_ASSERT_EQUAL(sp->tok_begin, covered);
            covered = sp->tok_end;
            if (commas && k + 1 < d.sentences.n)  /* cut after a comma */
                CU_ASSERT_EQUAL(d.text.s[d.tokens.v[sp->tok_end - 1].start], ',');
        }
        CU_ASSERT_EQUAL(covered, tokens);
        ht_doc_free(&d);
        free(s);
    }
}

static void test_paragraphs(void)
{
    /* blank lines */
    CU_ASSERT_STRING_EQUAL(paragraphs_of("Erster Absatz.\n\nZweiter Absatz.\n\n\nDritter."),
                           "Erster Absatz. | Zweiter Absatz. | Dritter.");
    /* single newlines, a headline without a full stop first */
    CU_ASSERT_STRING_EQUAL(
        paragraphs_of("Streit um Haushalt\nDie Koalition ringt um Geld.\nDer Kanzler schweigt."),
        "Streit um Haushalt | Die Koalition ringt um Geld. | Der Kanzler schweigt.");
    /* a wrapped line (mid-sentence break, lower case next) stays in its paragraph */
    CU_ASSERT_STRING_EQUAL(
        paragraphs_of("Bahn streikt\nDie Gewerkschaft hat die Beschäftigten\nzum Streik "
                      "aufgerufen.\nPendler warten."),
        "Bahn streikt | Die Gewerkschaft hat die Beschäftigten\nzum Streik aufgerufen. | "
        "Pendler warten.");
    ht_doc d = { 0 };
    const char *s = "Bahn streikt\nDie Gewerkschaft hat die Beschäftigten\nzum Streik "
                    "aufgerufen.\nPendler warten.";
    doc_of(&d, s, strlen(s));
    CU_ASSERT_EQUAL_FATAL(d.paragraphs.n, 3);
    CU_ASSERT_EQUAL_FATAL(d.sentences.n, 3);
    CU_ASSERT_TRUE(span_is(&d, &d.sentences.v[1],
                           "Die Gewerkschaft hat die Beschäftigten\nzum Streik aufgerufen."));
    for (size_t p = 0; p < 3; p++)
        CU_ASSERT_EQUAL(d.para_sent[p], p);
    CU_ASSERT_EQUAL(d.para_sent[3], 3);
    ht_doc_free(&d);
}

static void test_doc_lookups(void)
{
    /* Überschrift\n\nÄrzte warnen. Die Zahl der Fälle steigt.\nMehr dazu später.
     * bytes: Ü is 2 bytes, Ä is 2 bytes */
    const char *s = "Grippewelle in Köln\n\nÄrzte warnen. Die Zahl der Fälle steigt.\n"
                    "Mehr dazu später.";
    ht_doc d = { 0 };
    doc_of(&d, s, strlen(s));
    CU_ASSERT_EQUAL_FATAL(d.paragraphs.n, 3);
    CU_ASSERT_EQUAL_FATAL(d.sentences.n, 4);
    CU_ASSERT_TRUE(span_is(&d, &d.sentences.v[0], "Grippewelle in Köln"));
    CU_ASSERT_TRUE(span_is(&d, &d.sentences.v[1], "Ärzte warnen."));
    CU_ASSERT_TRUE(span_is(&d, &d.sentences.v[2], "Die Zahl der Fälle steigt."));
    CU_ASSERT_TRUE(span_is(&d, &d.sentences.v[3], "Mehr dazu später."));
    CU_ASSERT_EQUAL(d.para_sent[0], 0);
    CU_ASSERT_EQUAL(d.para_sent[1], 1);
    CU_ASSERT_EQUAL(d.para_sent[2], 3);
    CU_ASSERT_EQUAL(d.para_sent[3], 4);

    /* code points to bytes: "Grippewelle in Kö" is 17 code points, 18 bytes */
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, 0), 0);
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, 16), 16);  /* ö */
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, 17), 18);  /* l */
    size_t arzte_cp = 21, arzte_b = 22;              /* after "Grippewelle in Köln\n\n" */
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, arzte_cp), arzte_b);
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, arzte_cp + 1), arzte_b + 2);  /* r after Ä */
    size_t ncp = 0;
    for (const char *p = s; *p; p++)
        ncp += ((unsigned char)*p & 0xc0) != 0x80;
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, ncp), strlen(s));
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, ncp + 100), strlen(s));  /* clamped */

    /* tokens: Grippewelle in Köln Ärzte warnen . Die Zahl der Fälle steigt . Mehr dazu später . */
    CU_ASSERT_EQUAL_FATAL(d.tokens.n, 16);
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, 0), 0);
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, 5), 0);          /* inside "Grippewelle" */
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, 11), 1);         /* the space before "in" */
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, 19), 2);         /* the "n" of "Köln" */
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, 20), 3);         /* the blank line before "Ärzte" */
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, arzte_b), 3);
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, arzte_b + 1), 3); /* the middle of Ä */
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, strlen(s) - 1), 15);
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, strlen(s)), 16);  /* none left */

    /* sentences of tokens */
    static const size_t sent[16] = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3 };
    for (size_t i = 0; i < 16; i++)
        CU_ASSERT_EQUAL(ht_doc_sentence_of(&d, i), sent[i]);

    /* an actor's context: k sentences each side, inside the paragraph */
    static const struct { size_t b, e; unsigned k; size_t xb, xe; } ctx[] = {
        { 3, 6, 1, 3, 12 },    /* "Ärzte warnen." with the next sentence, not the headline */
        { 6, 12, 1, 3, 12 },   /* "Die Zahl ..." with the one before, not the last paragraph */
        { 6, 12, 0, 6, 12 },
        { 7, 9, 0, 6, 12 },    /* a target's tokens: their whole sentence */
        { 7, 9, 3, 3, 12 },
        { 0, 3, 2, 0, 3 },     /* a paragraph of one sentence */
        { 12, 16, 1, 12, 16 },
        { 4, 13, 1, 3, 16 },   /* tokens across a paragraph break keep their end */
        { 5, 5, 1, 5, 5 },     /* no tokens: nothing */
    };
    for (size_t i = 0; i < sizeof ctx / sizeof *ctx; i++) {
        size_t xb, xe;
        ht_doc_context(&d, ctx[i].b, ctx[i].e, ctx[i].k, &xb, &xe);
        CU_ASSERT_EQUAL(xb, ctx[i].xb);
        CU_ASSERT_EQUAL(xe, ctx[i].xe);
    }

    /* a reused document is cleared */
    doc_of(&d, "Kurz.", 5);
    CU_ASSERT_EQUAL(d.tokens.n, 2);
    CU_ASSERT_EQUAL(d.sentences.n, 1);
    CU_ASSERT_EQUAL(d.paragraphs.n, 1);
    ht_doc_free(&d);
}

/* ---- feature vectors ------------------------------------------------------------------- */

#define VMAX 8192

typedef struct vec {
    int idx[VMAX];
    double val[VMAX];
    size_t n;
} vec;

static ht_extractor *new_extractor(int chars, int negation, int window)
{
    ht_feature_config cfg = ht_config_default();
    if (!chars)
        cfg.char_max = 0;
    cfg.negation = (uint8_t)negation;
    cfg.window = (uint8_t)window;
    ht_error err = { 0 };
    ht_extractor *ex = ht_extractor_new(&cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    return ex;
}

/* Copies the finished vector into v, checking its shape on the way: indices
 * strictly ascending in 1..2^bits, values finite, the -1 end, unit length. */
static void take_vector(ht_extractor *ex, vec *v)
{
    size_t n;
    const struct feature_node *x = ht_fv_finish(ex, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(x[n].index, -1);
    CU_ASSERT_TRUE_FATAL(n <= VMAX);
    long top = 1L << ht_extractor_config(ex)->hash_bits;
    double norm = 0;
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_TRUE(x[i].index >= 1 && x[i].index <= top);
        if (i)
            CU_ASSERT_TRUE(x[i].index > x[i - 1].index);
        CU_ASSERT_TRUE(isfinite(x[i].value) && x[i].value > 0);
        norm += x[i].value * x[i].value;
        v->idx[i] = x[i].index;
        v->val[i] = x[i].value;
    }
    v->n = n;
    if (n)
        CU_ASSERT_DOUBLE_EQUAL(sqrt(norm), 1.0, 1e-9);
}

/* The document of the last vector: names are written out from its text. */
static ht_doc vdoc;

static void vectorize(ht_extractor *ex, const char *s, vec *v)
{
    doc_of(&vdoc, s, strlen(s));
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(ex, vdoc.text.s, vdoc.tokens.v, 0, vdoc.tokens.n,
                                     HT_NS_TEXT), HT_OK);
    take_vector(ex, v);
}

static void vectorize_window(ht_extractor *ex, const char *s, size_t tb, size_t te, vec *v)
{
    doc_of(&vdoc, s, strlen(s));
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_window(ex, vdoc.text.s, vdoc.tokens.v, 0, vdoc.tokens.n, tb, te,
                                     HT_NS_TARGET), HT_OK);
    take_vector(ex, v);
}

static int same_vec(const vec *a, const vec *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->idx[i] != b->idx[i] || a->val[i] != b->val[i])
            return 0;
    return 1;
}

static int same_indices(const vec *a, const vec *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->idx[i] != b->idx[i])
            return 0;
    return 1;
}

/* Index of the feature named name in v, or -1. */
static int find_name(ht_extractor *ex, const vec *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++) {
        const char *nm = ht_fv_name(ex, (uint32_t)v->idx[i]);
        if (nm && !strcmp(nm, name))
            return v->idx[i];
    }
    return -1;
}

/* Number of features in v whose name starts with prefix. */
static size_t count_prefix(ht_extractor *ex, const vec *v, const char *prefix)
{
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++) {
        const char *nm = ht_fv_name(ex, (uint32_t)v->idx[i]);
        if (nm && !strncmp(nm, prefix, strlen(prefix)))
            k++;
    }
    return k;
}

/* The key hash has three ways to one value: whole words of ASCII read
 * eight bytes at a time, other words folded byte by byte, and the key text
 * (what the gazetteer hashes). Words of every length up to 40, in mixed
 * case, with letters thrice in a row, umlauts and soft hyphens, agree. */
static void test_key_hash_paths(void)
{
    unsigned char bytes[64];
    for (size_t len = 0; len <= 40; len++) {
        ht_keyhash k = ht_keyhash_start();
        for (size_t i = 0; i < len; i++) {
            bytes[i] = (unsigned char)(0x21 + (i * 37 + len) % 90);
            ht_keyhash_byte(&k, bytes[i]);
        }
        CU_ASSERT_EQUAL(ht_keyhash_end(&k), ht_key_prehash(bytes, len));
    }
    CU_ASSERT_NOT_EQUAL(ht_key_prehash("ab", 2), ht_key_prehash("abc", 3));
    CU_ASSERT_NOT_EQUAL(ht_key_prehash("abcdefgh", 8), ht_key_prehash("abcdefghi", 9));
    CU_ASSERT_NOT_EQUAL(ht_key_prehash("verschwunden", 12), ht_key_prehash("verschwendet", 12));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Keys that differ in two letters, anywhere in words of one to three
 * eight-byte words, never share a key hash: a weak mix once let
 * differences in two words cancel. */
static void test_key_hash_no_near_collisions(void)
{
    static const char *const bases[] = { "verschwunden", "bundesregierung", "infrastruktur-waffe",
                                         "ministerpräsidentin", "kanzler" };
    static const char letters[] = "aeinrstu";
    size_t cap = 0;
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
        size_t n = strlen(bases[b]);
        cap += n * (n - 1) / 2 * 64;
    }
    uint64_t *h = malloc(cap * sizeof *h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    size_t k = 0;
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
        size_t n = strlen(bases[b]);
        char w[64];
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                for (int a = 0; a < 8; a++)
                    for (int c = 0; c < 8; c++) {
                        memcpy(w, bases[b], n);
                        w[i] = letters[a];
                        w[j] = letters[c];
                        h[k++] = ht_key_prehash(w, n) ^ (uint64_t)b << 56;  /* bases apart */
                    }
    }
    /* Different words (a substitution may give back the same word) must differ. */
    qsort(h, k, sizeof *h, cmp_u64);
    size_t distinct = k ? 1 : 0;
    for (size_t i = 1; i < k; i++)
        distinct += h[i] != h[i - 1];
    size_t words = 0;
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
        /* distinct words among the substitutions: count them by brute force */
        size_t n = strlen(bases[b]);
        char (*seen)[64] = malloc(n * (n - 1) / 2 * 64 * sizeof *seen);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                for (int a = 0; a < 8; a++)
                    for (int c = 0; c < 8; c++) {
                        char w[64] = { 0 };
                        memcpy(w, bases[b], n);
                        w[i] = letters[a];
                        w[j] = letters[c];
                        memcpy(seen[m++], w, 64);
                    }
        qsort(seen, m, 64, (int (*)(const void *, const void *))strcmp);
        for (size_t i = 0; i < m; i++)
            words += i == 0 || strcmp(seen[i], seen[i - 1]) != 0;
        free(seen);
    }
    CU_ASSERT_EQUAL(distinct, words);
    free(h);
    static const char *const pieces[] = { "a", "B", "e", "E", "n", "s", "T", "ä", "Ö", "ß", "\xc2\xad",
                                          "É", "Þ", "ÿ", "é", "Ä" };
    uint64_t seed = 12345;
    size_t fast = 0;
    for (int round = 0; round < 4000; round++) {
        char word[128];
        size_t len = 0, want = 1 + (size_t)(round % 24);
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t r = seed;
        int ascii = round % 3 != 0;
        while (len < want) {
            size_t pick = (size_t)(r % (ascii ? 7 : 16));
            r = r / 16 + 0x9e3779b97f4a7c15ULL * (len + 1);
            size_t times = (r & 7) == 0 ? 3 : 1;  /* now and then a letter thrice */
            for (size_t t = 0; t < times && len + 4 < sizeof word; t++) {
                size_t n = strlen(pieces[pick]);
                memcpy(word + len, pieces[pick], n);
                len += n;
            }
        }
        word[len] = '\0';
        ht_tokens tok = { 0 };
        ht_error err = { 0 };
        CU_ASSERT_EQUAL_FATAL(ht_tokenize(word, len, &tok, &err), HT_OK);
        if (tok.n >= 1 && tok.v[0].type == HT_TOK_WORD) {
            char key[256];
            size_t klen = ht_token_key(word, &tok.v[0], key, sizeof key);
            uint64_t want_hash = ht_fmix64(ht_key_prehash(key, klen));
            CU_ASSERT_EQUAL(ht_token_key_hash(word, &tok.v[0]), want_hash);
            fast += ascii && tok.v[0].end - tok.v[0].start <= 16;
        }
        ht_tokens_free(&tok);
    }
    CU_ASSERT_TRUE(fast > 1000);  /* the eight-byte path was taken */
}

static void test_fv_case_folding(void)
{
    static vec a, b, c;
    ht_extractor *ex = new_extractor(1, 1, 0);
    vectorize(ex, "Gut", &a);
    vectorize(ex, "gut", &b);
    CU_ASSERT_TRUE(same_vec(&a, &b));
    vectorize(ex, "Die Lage ist GUT und Überschaubar.", &a);
    vectorize(ex, "die lage ist gut und überschaubar.", &b);
    CU_ASSERT_TRUE(same_vec(&a, &b));
    vectorize(ex, "schlecht", &c);
    CU_ASSERT_FALSE(same_indices(&c, &b));
    ht_extractor_free(ex);
}

static void test_fv_stems(void)
{
    static vec a, b;
    ht_extractor *ex = new_extractor(0, 1, 0);
    ht_fv_track_names(ex, 1);
    vectorize(ex, "Die Angriffe dauern an.", &a);
    int sa = find_name(ex, &a, "stem:angriff");
    CU_ASSERT_TRUE(sa > 0);
    CU_ASSERT_TRUE(find_name(ex, &a, "w:angriffe") > 0);
    vectorize(ex, "Nach den Angriffen blieb es ruhig.", &b);
    int sb = find_name(ex, &b, "stem:angriff");
    CU_ASSERT_TRUE(sb > 0);
    CU_ASSERT_EQUAL(sa, sb);  /* the same feature */
    CU_ASSERT_TRUE(find_name(ex, &b, "w:angriffen") > 0);
    CU_ASSERT_EQUAL(find_name(ex, &b, "w:angriffe"), -1);
    /* A stem too long for the cache of stem texts is named all the same,
     * each time it is asked for; a short one twice, the second time from
     * the cache. */
    for (int round = 0; round < 2; round++) {
        vectorize(ex, "Die Donaudampfschifffahrtsgesellschaften streiken.", &a);
        CU_ASSERT_TRUE(find_name(ex, &a, "stem:donaudampfschiffahrtsgesellschaft") > 0);
        CU_ASSERT_TRUE(find_name(ex, &a, "stem:streik") > 0);
    }
    ht_extractor_free(ex);
}

/* Extractors sharing one stem cache give the vectors and names each gives
 * alone, and either may be freed first. */
static void test_fv_shared_stems(void)
{
    static vec alone, shared, other;
    const char *s = "Die Angriffe auf die Energieversorgung dauern an, sagte die Regierung.";
    ht_extractor *a = new_extractor(0, 1, 0), *b = new_extractor(0, 1, 1);
    ht_extractor *c = new_extractor(0, 1, 0);
    ht_fv_track_names(a, 1);
    ht_fv_track_names(c, 1);
    vectorize(c, s, &alone);
    ht_extractor_share_stems(a, b);
    ht_extractor_share_stems(c, b);
    vectorize(b, "Nach den Angriffen blieb die Energieversorgung stabil.", &other);
    vectorize(a, s, &shared);
    CU_ASSERT_TRUE(same_vec(&alone, &shared));
    CU_ASSERT_TRUE(find_name(a, &shared, "stem:angriff") > 0);
    CU_ASSERT_TRUE(find_name(a, &shared, "stem:energieversorg") > 0);
    ht_extractor_free(b);  /* the cache lives on in a and c */
    vectorize(c, s, &shared);
    CU_ASSERT_TRUE(same_vec(&alone, &shared));
    CU_ASSERT_TRUE(find_name(c, &shared, "stem:regier") > 0);
    ht_extractor_free(a);
    ht_extractor_free(c);
}

static void test_fv_char_ngrams(void)
{
    static vec a, b;
    const char *s = "Waffenruhe in Sicht";
    ht_extractor *off = new_extractor(0, 1, 0), *on = new_extractor(1, 1, 0);
    ht_fv_track_names(on, 1);
    ht_fv_track_names(off, 1);
    vectorize(off, s, &a);
    CU_ASSERT_EQUAL(count_prefix(off, &a, "c:"), 0);
    vectorize(on, s, &b);
    CU_ASSERT_TRUE(count_prefix(on, &b, "c:") > 0);
    CU_ASSERT_TRUE(b.n > a.n);
    CU_ASSERT_FALSE(same_indices(&a, &b));
    /* names, written when asked for: folded, with the word's start and end marked */
    CU_ASSERT_TRUE(find_name(on, &b, "c:<waf") > 0);
    CU_ASSERT_TRUE(find_name(on, &b, "c:ruhe>") > 0);
    CU_ASSERT_TRUE(find_name(on, &b, "c:<in>") > 0);
    CU_ASSERT_EQUAL(find_name(on, &b, "c:<w"), -1);  /* 3-5-grams only */
    CU_ASSERT_EQUAL(find_name(on, &b, "c:<waffe"), -1);
    vectorize(on, "GRÜSSE aus Köln", &b);
    CU_ASSERT_TRUE(find_name(on, &b, "c:üsse>") > 0);
    CU_ASSERT_TRUE(find_name(on, &b, "c:<köl") > 0);
    ht_extractor_free(off);
    ht_extractor_free(on);
}

/* The value of index idx in v (0 if absent). */
static double value_at(const vec *v, int idx)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->idx[i] == idx)
            return v->val[i];
    return 0;
}

static ht_extractor *emoticon_extractor(int on)
{
    ht_feature_config cfg = ht_config_default();
    cfg.char_max = 0;
    cfg.emoticons = (uint8_t)on;
    ht_error err = { 0 };
    ht_extractor *ex = ht_extractor_new(&cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    ht_fv_track_names(ex, 1);
    return ex;
}

/* With emoticons on, ":)" and ":-)))" share an "emo:smile" feature besides
 * their own unigrams, and ":(" gives another; with it off no text gains a
 * feature, and text without emoticons gives the same vector either way. */
static void test_fv_emoticon_classes(void)
{
    static vec a, b, c, d, e;
    ht_extractor *on = emoticon_extractor(1), *off = emoticon_extractor(0);
    vectorize(on, "Super :)", &a);
    int smile = find_name(on, &a, "emo:smile");
    CU_ASSERT_TRUE(smile > 0);
    CU_ASSERT_TRUE(find_name(on, &a, "w::)") > 0);
    vectorize(on, "Super :-)))", &b);
    CU_ASSERT_EQUAL(find_name(on, &b, "emo:smile"), smile);
    CU_ASSERT_EQUAL(find_name(on, &b, "w::)"), -1);
    CU_ASSERT_EQUAL(count_prefix(on, &b, "emo:"), 1);
    vectorize(on, "Mist :( und :-(", &c);
    int sad = find_name(on, &c, "emo:sad");
    CU_ASSERT_TRUE(sad > 0 && sad != smile);
    CU_ASSERT_EQUAL(find_name(on, &c, "emo:smile"), -1);
    /* two sad emoticons: the class counts twice, 1 + ln 2 against 1 for a word */
    CU_ASSERT_DOUBLE_EQUAL(value_at(&c, sad) / value_at(&c, find_name(on, &c, "w:mist")),
                           1 + log(2.0), 1e-6);
    /* a name note (the stance model's negated-topic copies) comes before every
     * kind of name, the emoticon classes' too, and only while it is set */
    doc_of(&vdoc, "Super :)", strlen("Super :)"));
    ht_fv_reset(on);
    ht_fv_name_note(on, "negtopic:");
    CU_ASSERT_EQUAL(ht_fv_add_tokens(on, vdoc.text.s, vdoc.tokens.v, 0, vdoc.tokens.n, 5), HT_OK);
    ht_fv_name_note(on, NULL);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(on, vdoc.text.s, vdoc.tokens.v, 0, vdoc.tokens.n, HT_NS_TEXT),
                    HT_OK);
    take_vector(on, &e);
    CU_ASSERT_TRUE(find_name(on, &e, "negtopic:emo:smile") > 0);
    CU_ASSERT_TRUE(find_name(on, &e, "negtopic:w:super") > 0);
    CU_ASSERT_TRUE(find_name(on, &e, "negtopic:stem:sup") > 0 ||
                   find_name(on, &e, "negtopic:stem:super") > 0);
    CU_ASSERT_TRUE(find_name(on, &e, "emo:smile") > 0);
    CU_ASSERT_TRUE(find_name(on, &e, "w:super") > 0);
    vectorize(on, "Super :)", &e);
    CU_ASSERT_EQUAL(count_prefix(on, &e, "negtopic:"), 0);  /* a reset clears it */
    vectorize(off, "Super :)", &d);
    CU_ASSERT_EQUAL(count_prefix(off, &d, "emo:"), 0);
    CU_ASSERT_EQUAL(d.n + 1, a.n);
    vectorize(on, "Die Lage ist ernst.", &d);
    vectorize(off, "Die Lage ist ernst.", &e);
    CU_ASSERT_TRUE(same_vec(&d, &e));
    ht_extractor_free(on);
    ht_extractor_free(off);
}

static void test_fv_negation(void)
{
    static vec a, b, c;
    ht_extractor *ex = new_extractor(0, 1, 0), *noneg = new_extractor(0, 0, 0);
    ht_fv_track_names(ex, 1);
    ht_fv_track_names(noneg, 1);
    vectorize(ex, "Der Plan ist nicht gut.", &a);
    CU_ASSERT_TRUE(find_name(ex, &a, "neg:gut") > 0);
    CU_ASSERT_EQUAL(find_name(ex, &a, "neg:plan"), -1);  /* before the negator */
    vectorize(noneg, "Der Plan ist nicht gut.", &b);
    CU_ASSERT_EQUAL(count_prefix(noneg, &b, "neg:"), 0);
    CU_ASSERT_FALSE(same_indices(&a, &b));
    /* the scope's words differ, so do the vectors: the scope ends at the comma */
    vectorize(ex, "Der Plan ist nicht, gut.", &c);
    CU_ASSERT_EQUAL(find_name(ex, &c, "neg:gut"), -1);
    ht_extractor_free(ex);
    ht_extractor_free(noneg);
}

static void test_fv_shape_and_determinism(void)
{
    static vec a, b;
    const char *s = "Die Bundesregierung kündigte am 18. März neue Hilfen an: 3,5 Milliarden "
                    "Euro für Städte und Gemeinden. „Das reicht nicht“, sagte Dr. Weber.";
    ht_extractor *ex = new_extractor(1, 1, 0);
    vectorize(ex, s, &a);
    CU_ASSERT_TRUE(a.n > 50);
    vectorize(ex, "Etwas ganz anderes dazwischen.", &b);
    vectorize(ex, s, &b);
    CU_ASSERT_TRUE(same_vec(&a, &b));  /* the same extractor, reused */
    ht_extractor *ex2 = new_extractor(1, 1, 0);
    vectorize(ex2, s, &b);
    CU_ASSERT_TRUE(same_vec(&a, &b));  /* a fresh extractor */
    ht_extractor_free(ex2);

    /* a smaller space keeps the indices inside it */
    ht_feature_config cfg = ht_config_default();
    cfg.hash_bits = HT_HASH_BITS_MIN;
    ht_error err = { 0 };
    ht_extractor *small = ht_extractor_new(&cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(small);
    vectorize(small, s, &b);
    CU_ASSERT_TRUE(b.n > 0);
    CU_ASSERT_TRUE(b.idx[b.n - 1] <= 1 << HT_HASH_BITS_MIN);
    ht_extractor_free(small);

    /* no tokens: an empty vector that still ends with -1 */
    ht_fv_reset(ex);
    size_t n = 99;
    const struct feature_node *x = ht_fv_finish(ex, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(x[0].index, -1);
    ht_extractor_free(ex);
}

static void test_fv_window(void)
{
    static vec a, b;
    /* Merz lobte die Grünen , doch Söder kritisierte die Ampel scharf . */
    const char *s = "Merz lobte die Grünen, doch Söder kritisierte die Ampel scharf.";
    ht_extractor *ex = new_extractor(0, 1, 3);
    ht_fv_track_names(ex, 1);
    vectorize_window(ex, s, 0, 1, &a);  /* target Merz */
    CU_ASSERT_EQUAL(find_name(ex, &a, "w:merz"), -1);
    CU_ASSERT_TRUE(find_name(ex, &a, "w:söder") > 0);
    CU_ASSERT_TRUE(find_name(ex, &a, "right1:lobte") > 0);
    vectorize_window(ex, s, 6, 7, &b);  /* target Söder */
    CU_ASSERT_EQUAL(find_name(ex, &b, "w:söder"), -1);
    CU_ASSERT_TRUE(find_name(ex, &b, "w:merz") > 0);
    CU_ASSERT_TRUE(find_name(ex, &b, "right1:kritisierte") > 0);
    CU_ASSERT_TRUE(find_name(ex, &b, "left1:doch") > 0);
    CU_ASSERT_FALSE(same_indices(&a, &b));
    /* a target of two tokens: neither of its words is a w: feature */
    vectorize_window(ex, "Die Deutsche Bahn streikt nicht.", 1, 3, &a);
    CU_ASSERT_EQUAL(find_name(ex, &a, "w:deutsche"), -1);
    CU_ASSERT_EQUAL(find_name(ex, &a, "w:bahn"), -1);
    CU_ASSERT_TRUE(find_name(ex, &a, "w:streikt") > 0);
    ht_extractor_free(ex);
}

/* Vector of [b, e) with target [tb, te) in namespace ns, copied with its
 * names (features in the order first added when ex is unsorted). */
typedef struct named_vec {
    size_t n;
    int idx[1024];
    double val[1024];
    char name[1024][64];
} named_vec;

static void take_named(ht_extractor *ex, const ht_doc *d, size_t b, size_t e, size_t tb,
                       size_t te, uint32_t ns, named_vec *v)
{
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_window(ex, d->text.s, d->tokens.v, b, e, tb, te, ns), HT_OK);
    size_t n;
    const struct feature_node *x = ht_fv_finish(ex, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_TRUE_FATAL(n <= 1024);
    v->n = n;
    for (size_t i = 0; i < n; i++) {
        v->idx[i] = x[i].index;
        v->val[i] = x[i].value;
        const char *nm = ht_fv_name(ex, (uint32_t)x[i].index);
        snprintf(v->name[i], sizeof v->name[i], "%s", nm ? nm : "(none)");
    }
}

static int same_named(const named_vec *a, const named_vec *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->idx[i] != b->idx[i] || a->val[i] != b->val[i] || strcmp(a->name[i], b->name[i]))
            return 0;
    return 1;
}

/* The document's memo gives the very vectors, in the same order and with
 * the same names, that extracting afresh gives: for every sentence, every
 * target of up to two tokens (or none), word 1- to 3-grams, with and without
 * a window and emoticon classes, twice (the second time from a filled
 * memo), and when another namespace bound the memo first. */
static void test_fv_memo(void)
{
    static named_vec want, got;
    const char *s = "Die Regierung will das nicht hinnehmen :-) Kanzler Merz sagte, er sei "
                    "zufrieden.\nPutins Berater lehnt den Plan ab!!! Die Grünen loben ihn :(";
    static const uint8_t char_range[3][2] = { { 0, 0 }, { 4, 5 }, { 2, 3 } };
    ht_doc d = { 0 };
    size_t checked = 0, mismatches = 0;
    for (int ngrams = 1; ngrams <= 3; ngrams++)
        for (int window = 0; window <= 3; window += 3)
            for (int emo = 0; emo <= 1; emo++)
                for (int chars = 0; chars < 3; chars++)
                    /* bind 1: the memo holds another namespace's indices first;
                     * bind 2: those of an extractor with char 4-5-grams; bind 3:
                     * those of one of 2^22 dimensions (this one has 2^16) */
                    for (int bind = 0; bind <= 3; bind++) {
                        ht_feature_config cfg = ht_config_default();
                        cfg.char_min = char_range[chars][0];
                        cfg.char_max = char_range[chars][1];
                        cfg.hash_bits = 16;
                        cfg.word_ngrams = (uint8_t)ngrams;
                        cfg.window = (uint8_t)window;
                        cfg.emoticons = (uint8_t)emo;
                        ht_feature_config bcfg = cfg;
                        bcfg.char_min = 4;
                        bcfg.char_max = 5;
                        bcfg.word_ngrams = 2;
                        if (bind == 3) {
                            bcfg.hash_bits = 22;
                            bcfg.char_min = bcfg.char_max = 0;
                        }
                        ht_error err = { 0 };
                        ht_extractor *plain = ht_extractor_new(&cfg, &err);
                        ht_extractor *memo = ht_extractor_new(&cfg, &err);
                        ht_extractor *binder = ht_extractor_new(&bcfg, &err);
                        CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
                        CU_ASSERT_PTR_NOT_NULL_FATAL(memo);
                        CU_ASSERT_PTR_NOT_NULL_FATAL(binder);
                        ht_extractor_set_sorted(plain, 0);
                        ht_extractor_set_sorted(memo, 0);
                        ht_fv_track_names(plain, 1);
                        ht_fv_track_names(memo, 1);
                        doc_of(&d, s, strlen(s));
                        CU_ASSERT_TRUE(d.sentences.n >= 3);
                        ht_fv_use_keys(memo, d.tokens.v, d.keys, d.memo);
                        ht_fv_use_keys(binder, d.tokens.v, d.keys, d.memo);
                        if (bind == 1)
                            take_named(memo, &d, 0, 2, 2, 2, HT_NS_EXTRA, &got);
                        else if (bind >= 2)
                            take_named(binder, &d, 0, 3, 3, 3, HT_NS_TEXT, &got);
                        for (int round = 0; round < 2; round++)
                            for (size_t k = 0; k < d.sentences.n; k++) {
                                size_t b = d.sentences.v[k].tok_begin;
                                size_t e = d.sentences.v[k].tok_end;
                                for (size_t tb = b; tb <= e; tb++)
                                    for (size_t len = 0; len <= 2 && tb + len <= e; len++) {
                                        take_named(plain, &d, b, e, tb, tb + len, HT_NS_TEXT,
                                                   &want);
                                        take_named(memo, &d, b, e, tb, tb + len, HT_NS_TEXT,
                                                   &got);
                                        checked++;
                                        mismatches += !same_named(&want, &got);
                                    }
                            }
                        ht_extractor_free(plain);
                        ht_extractor_free(memo);
                        ht_extractor_free(binder);
                    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_TRUE(checked > 10000);
    ht_doc_free(&d);
}

/* ---- character n-grams as a block of their own ---------------------------------------- */

/* The value of the feature named name in ex's last vector x, or NAN. */
static double value_named(ht_extractor *ex, const struct feature_node *x, const char *name)
{
    for (; x->index != -1; x++) {
        const char *nm = ht_fv_name(ex, (uint32_t)x->index);
        if (nm && !strcmp(nm, name))
            return x->value;
    }
    return NAN;
}

/* "Haus Maus" with char 3-grams: <ha hau aus us> and <ma mau aus us>, 8 in
 * all, "aus" and "us>" twice. With char_block the words keep their own L2
 * norm (1/sqrt 2 each) and an n-gram's value is its count over sqrt 8; in
 * one block (char_block 0) everything shares one norm, with 1 + ln 2 for
 * the n-grams seen twice. */
static void test_char_block_values(void)
{
    const char *s = "Haus Maus";
    ht_doc d = { 0 };
    doc_of(&d, s, strlen(s));
    for (int block = 0; block <= 1; block++) {
        ht_feature_config cfg = ht_config_default();
        cfg.hash_bits = 18;
        cfg.word_ngrams = 1;
        cfg.stems = 0;
        cfg.char_min = cfg.char_max = 3;
        cfg.char_block = (uint8_t)block;
        ht_error err = { 0 };
        ht_extractor *ex = ht_extractor_new(&cfg, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
        ht_fv_track_names(ex, 1);
        ht_fv_reset(ex);
        CU_ASSERT_EQUAL(ht_fv_add_tokens(ex, d.text.s, d.tokens.v, 0, d.tokens.n, HT_NS_TEXT),
                        HT_OK);
        size_t n;
        const struct feature_node *x = ht_fv_finish(ex, &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(x);
        CU_ASSERT_EQUAL(n, 8);  /* 2 words, 6 distinct n-grams */
        double twice = 1 + log(2), joint = sqrt(2 + 4 + 2 * twice * twice);
        double word = block ? 1 / sqrt(2) : 1 / joint;
        double once = block ? 1 / sqrt(8) : 1 / joint, two = block ? 2 / sqrt(8) : twice / joint;
        CU_ASSERT_DOUBLE_EQUAL(value_named(ex, x, "w:haus"), word, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(value_named(ex, x, "w:maus"), word, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(value_named(ex, x, "c:<ha"), once, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(value_named(ex, x, "c:mau"), once, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(value_named(ex, x, "c:aus"), two, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(value_named(ex, x, "c:us>"), two, 1e-12);
        /* the next vector starts with no n-gram counts: only words here */
        ht_fv_reset(ex);
        CU_ASSERT_EQUAL(ht_fv_add_name(ex, "x", HT_NS_EXTRA, 1), HT_OK);
        x = ht_fv_finish(ex, &n);
        CU_ASSERT_EQUAL(n, 1);
        CU_ASSERT_DOUBLE_EQUAL(x[0].value, 1, 1e-12);
        ht_extractor_free(ex);
    }
    ht_doc_free(&d);
}

/* Decision values of x under weights w (k per row, rows 0..dim), plus shift. */
static void decide(const float *w, int k, const struct feature_node *x, const double *shift,
                   double *d)
{
    for (int c = 0; c < k; c++)
        d[c] = shift ? shift[c] : 0;
    for (; x->index != -1; x++)
        for (int c = 0; c < k; c++)
            d[c] += x->value * w[(size_t)x->index * (size_t)k + (size_t)c];
}

/* Whether ex's vector of tokens [b, e) of d plus its shift scores other than
 * full's vector (beyond float rounding) or names a character n-gram;
 * *with_chars counts the ranges with a shift. */
static int fold_differs(ht_extractor *full, ht_extractor *ex, const ht_doc *d, size_t b,
                        size_t e, const float *w, int k, size_t *with_chars)
{
    double want[3], got[3], shift[HT_FOLD_CLASSES];
    int off = 0;
    ht_fv_reset(full);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(full, d->text.s, d->tokens.v, b, e, HT_NS_TEXT), HT_OK);
    decide(w, k, ht_fv_finish(full, NULL), NULL, want);
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(ex, d->text.s, d->tokens.v, b, e, HT_NS_TEXT), HT_OK);
    const struct feature_node *x = ht_fv_finish(ex, NULL);
    CU_ASSERT_EQUAL(ht_fv_folded(ex, shift), k);
    decide(w, k, x, shift, got);
    *with_chars += shift[0] != 0;
    for (int c = 0; c < k; c++)
        off |= fabs(want[c] - got[c]) > 1e-5;
    for (; x->index != -1; x++) {
        const char *nm = ht_fv_name(ex, (uint32_t)x->index);
        off |= nm && !strncmp(nm, "c:", 2);
    }
    return off;
}

/* 2^12 dimensions and character lo-hi-grams as a block of their own. */
static ht_feature_config fold_config(int lo, int hi)
{
    ht_feature_config cfg = ht_config_default();
    cfg.hash_bits = 12;
    cfg.char_min = (uint8_t)lo;
    cfg.char_max = (uint8_t)hi;
    cfg.char_block = 1;
    return cfg;
}

/* Random weights for a model of 2^bits + 1 rows of k classes. */
static float *random_rows(int bits, int k, size_t *rows)
{
    *rows = ((size_t)1 << bits) + 1;
    float *w = malloc(*rows * (size_t)k * sizeof *w);
    uint32_t r = 12345;
    for (size_t i = 0; w && i < *rows * (size_t)k; i++) {
        r = r * 1103515245u + 12345u;
        w[i] = (float)((double)(r >> 8) / (1 << 24) - 0.5);
    }
    return w;
}

/* A folding extractor's vector plus its shift scores as the full vector
 * does (up to float rounding), with and without the document's memo, with
 * its cache cold and warm, and shared; its vectors have no n-grams in them. */
static void fold_scores_the_same(const char *s, int lo, int hi, size_t min_compared)
{
    const int k = 3;
    ht_feature_config cfg = fold_config(lo, hi);
    cfg.emoticons = 1;
    size_t rows;
    float *w = random_rows(cfg.hash_bits, k, &rows);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    ht_doc d = { 0 };
    doc_of(&d, s, strlen(s));
    ht_error err = { 0 };
    ht_extractor *full = ht_extractor_new(&cfg, &err), *fold = ht_extractor_new(&cfg, &err);
    ht_extractor *other = ht_extractor_new(&cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fold);
    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    CU_ASSERT_EQUAL(ht_extractor_fold_chars(full, NULL, 0, k), 0);
    CU_ASSERT_EQUAL(ht_extractor_fold_chars(fold, w, rows, k), 1);
    CU_ASSERT_EQUAL(ht_extractor_fold_chars(other, w, rows, k), 1);
    ht_extractor_share_fold(other, fold);
    ht_fv_track_names(fold, 1);
    size_t compared = 0, off = 0, with_chars = 0;
    for (int round = 0; round < 4; round++) {
        ht_extractor *ex = round == 3 ? other : fold;
        ht_fv_use_keys(ex, round >= 2 ? d.tokens.v : NULL, round >= 2 ? d.keys : NULL,
                       round >= 2 ? d.memo : NULL);
        for (size_t b = 0; b < d.tokens.n; b++)
            for (size_t e = b + 1; e <= d.tokens.n && e <= b + 12; e++) {
                off += fold_differs(full, ex, &d, b, e, w, k, &with_chars);
                compared++;
            }
    }
    CU_ASSERT_EQUAL(off, 0);
    CU_ASSERT_TRUE(compared > min_compared);
    CU_ASSERT_TRUE(with_chars > compared / 2);
    ht_extractor_free(full);
    ht_extractor_free(fold);
    ht_extractor_free(other);
    free(w);
    ht_doc_free(&d);
}

static void test_char_fold_scores_the_same(void)
{
    fold_scores_the_same("Die Regierung will das nicht hinnehmen :-) Kanzler Merz sagte, er sei "
                         "zufrieden. Die Bürgerinnen und Bürger wählen. Die Wahlkampfkosten "
                         "steigen!\nPutins Berater lehnt den Plan ab. Die Grünen loben ihn :(",
                         4, 5, 500);
    /* every length 1-6 of a word of 64 letters, the longest that has n-grams */
    fold_scores_the_same("Das Wort ist "
                         "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenkasseamt"
                         " und lang.", 1, 6, 50);
}

/* More words than the cache holds (65,536): words leave it and come back,
 * and are scored the same each time, in either order. */
static void test_char_fold_evicts(void)
{
    const size_t nwords = 100000;
    const int k = 3;
    char *s = malloc(nwords * 8 + 1), *p = s;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (size_t i = 0; i < nwords; i++) {  /* "Wabcde ": word i in base 26 */
        *p++ = 'W';
        for (size_t j = 0, v = i; j < 5; j++, v /= 26)
            *p++ = (char)('a' + v % 26);
        *p++ = ' ';
    }
    *p = '\0';
    ht_feature_config cfg = fold_config(4, 5);
    size_t rows;
    float *w = random_rows(cfg.hash_bits, k, &rows);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    ht_doc d = { 0 };
    doc_of(&d, s, strlen(s));
    CU_ASSERT_EQUAL_FATAL(d.tokens.n, nwords);
    ht_error err = { 0 };
    ht_extractor *full = ht_extractor_new(&cfg, &err), *fold = ht_extractor_new(&cfg, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fold);
    CU_ASSERT_EQUAL(ht_extractor_fold_chars(fold, w, rows, k), 1);
    size_t off = 0, with_chars = 0, compared = 0;
    const size_t span = 7, nspans = (nwords + span - 1) / span;
    for (int round = 0; round < 3; round++)  /* forwards twice, then backwards */
        for (size_t i = 0; i < nspans; i++) {
            size_t b = (round < 2 ? i : nspans - 1 - i) * span;
            off += fold_differs(full, fold, &d, b, b + span < nwords ? b + span : nwords, w, k,
                                &with_chars);
            compared++;
        }
    CU_ASSERT_EQUAL(off, 0);
    CU_ASSERT_EQUAL(with_chars, compared);
    ht_extractor_free(full);
    ht_extractor_free(fold);
    free(w);
    ht_doc_free(&d);
    free(s);
}

/* ---- bad text -------------------------------------------------------------------------- */

/* Runs s through ht_doc_set and the extractor; returns the vector's length. */
static size_t doc_and_vector(ht_doc *d, const char *s, size_t len)
{
    static vec v;
    doc_of(d, s, len);
    CU_ASSERT_TRUE(ht_utf8_valid(d->text.s, d->text.len));
    ht_extractor *ex = new_extractor(1, 1, 0);
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(ex, d->text.s, d->tokens.v, 0, d->tokens.n, HT_NS_TEXT),
                    HT_OK);
    take_vector(ex, &v);
    ht_extractor_free(ex);
    return v.n;
}

static void test_bad_invalid_utf8(void)
{
    /* "Der Rat tagt" with bad bytes between and inside the words */
    const char in[] = "Der\xff Rat\xc3 ta\x80gt \xed\xa0\x80.";
    ht_doc d = { 0 };
    size_t n = doc_and_vector(&d, in, sizeof in - 1);
    CU_ASSERT_EQUAL(d.text.invalid, 6);
    CU_ASSERT_EQUAL(d.text.orig_len, sizeof in - 1);
    CU_ASSERT_TRUE(n > 0);
    /* every letter survives and no token holds a bare invalid byte */
    CU_ASSERT_PTR_NOT_NULL(strstr(d.text.s, "Der" FFFD " Rat" FFFD " ta" FFFD "gt "));
    size_t fffd = 0;
    for (const char *p = d.text.s; (p = strstr(p, FFFD)) != NULL; p += 3)
        fffd++;
    CU_ASSERT_EQUAL(fffd, 6);
    CU_ASSERT_TRUE(d.tokens.n >= 4);
    CU_ASSERT_EQUAL(d.sentences.n, 1);
    /* a page of pseudo-random bytes: still valid output, one replacement per bad byte */
    char junk[8192];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof junk; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        junk[i] = (char)(x >> 24);
    }
    doc_and_vector(&d, junk, sizeof junk);
    CU_ASSERT_TRUE(d.text.invalid > 1000);
    CU_ASSERT_EQUAL(d.text.orig_len, sizeof junk);
    ht_doc_free(&d);
}

static void test_bad_nul_bytes(void)
{
    const char in[] = "\0Die\0Regierung\0\0tritt zur\xfc" "ck.\0";
    ht_doc d = { 0 };
    size_t n = doc_and_vector(&d, in, sizeof in - 1);
    CU_ASSERT_EQUAL(d.text.len, sizeof in - 1 + 2);  /* 0xfc grows into U+FFFD */
    CU_ASSERT_EQUAL(d.text.invalid, 1);
    CU_ASSERT_PTR_NULL(memchr(d.text.s, '\0', d.text.len));
    /* Die Regierung tritt zur FFFD ck . */
    CU_ASSERT_TRUE(d.tokens.n >= 5);
    CU_ASSERT_TRUE(n > 0);
    /* only NULs: as empty as whitespace */
    static const char nuls[64];
    n = doc_and_vector(&d, nuls, sizeof nuls);
    CU_ASSERT_EQUAL(d.text.len, sizeof nuls);
    CU_ASSERT_EQUAL(d.tokens.n, 0);
    CU_ASSERT_EQUAL(d.sentences.n, 0);
    CU_ASSERT_EQUAL(d.paragraphs.n, 0);
    CU_ASSERT_EQUAL(n, 0);
    ht_doc_free(&d);
}

static void test_bad_huge_line(void)
{
    /* One line of 100 MB, no line break and no full stop. Under AddressSanitizer
     * or with HT_TEST_SMALL set (make valgrind) it is 8 MB, which takes seconds
     * there instead of minutes. */
    size_t size = (size_t)100 << 20;
#if defined(__SANITIZE_ADDRESS__)
    size = (size_t)8 << 20;
#endif
    if (getenv("HT_TEST_SMALL"))
        size = (size_t)8 << 20;
    static const char unit[] = "Die Koalition streitet über den Haushalt, ";  /* 7 tokens */
    size_t ul = sizeof unit - 1, reps = size / ul;
    size = reps * ul;
    char *big = malloc(size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ul, unit, ul);
    ht_doc d = { 0 };
    static vec v, w;
    doc_and_vector(&d, big, size);
    CU_ASSERT_EQUAL(d.text.len, size);
    CU_ASSERT_EQUAL(d.text.invalid, 0);
    CU_ASSERT_EQUAL(d.tokens.n, reps * 7);
    CU_ASSERT_EQUAL(d.paragraphs.n, 1);
    CU_ASSERT_TRUE(d.sentences.n >= 1);
    /* the offsets map back at the far end */
    ht_pos p = ht_text_orig(&d.text, size - 1);
    CU_ASSERT_EQUAL(p.byte, size - 1);
    CU_ASSERT_EQUAL(p.cp, size - 1 - reps);  /* one ü (two bytes) per unit */
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, size - 2), reps * 7 - 1);
    /* the same features as three units: same indices, only the weights differ */
    ht_extractor *ex = new_extractor(1, 1, 0);
    ht_fv_reset(ex);
    CU_ASSERT_EQUAL(ht_fv_add_tokens(ex, d.text.s, d.tokens.v, 0, d.tokens.n, HT_NS_TEXT), HT_OK);
    take_vector(ex, &v);
    free(big);
    ht_doc_free(&d);
    char three[3 * sizeof unit];
    snprintf(three, sizeof three, "%s%s%s", unit, unit, unit);
    vectorize(ex, three, &w);
    CU_ASSERT_TRUE(same_indices(&v, &w));
    ht_extractor_free(ex);
}

static void test_bad_empty(void)
{
    ht_doc d = { 0 };
    CU_ASSERT_EQUAL(doc_and_vector(&d, "", 0), 0);
    CU_ASSERT_EQUAL(d.text.len, 0);
    CU_ASSERT_EQUAL(d.tokens.n, 0);
    CU_ASSERT_EQUAL(d.sentences.n, 0);
    CU_ASSERT_EQUAL(d.paragraphs.n, 0);
    CU_ASSERT_EQUAL(ht_doc_token_at(&d, 0), 0);
    CU_ASSERT_EQUAL(ht_doc_byte_of_cp(&d, 5), 0);
    /* a NULL pointer with length 0 is empty too */
    ht_error err = { 0 };
    CU_ASSERT_EQUAL(ht_doc_set(&d, NULL, 0, &err), HT_OK);
    CU_ASSERT_EQUAL(d.tokens.n, 0);
    /* a BOM alone is empty */
    CU_ASSERT_EQUAL(doc_and_vector(&d, "\xef\xbb\xbf", 3), 0);
    CU_ASSERT_EQUAL(d.text.len, 0);
    CU_ASSERT_EQUAL(d.paragraphs.n, 0);
    ht_doc_free(&d);
}

static void test_bad_whitespace(void)
{
    const char in[] = "  \t\n\r\n\r \n\n\n\t   \f\v \xc2\xa0 \xe2\x80\x89\n";
    ht_doc d = { 0 };
    CU_ASSERT_EQUAL(doc_and_vector(&d, in, sizeof in - 1), 0);
    CU_ASSERT_EQUAL(d.tokens.n, 0);
    CU_ASSERT_EQUAL(d.sentences.n, 0);
    CU_ASSERT_EQUAL(d.paragraphs.n, 0);
    ht_doc_free(&d);
}

static void test_bad_only_emoji(void)
{
    /* grinning face, angry face, thumbs up dark skin, red heart + VS16, flag DE, family */
    const char in[] = "\xf0\x9f\x98\x80\xf0\x9f\x98\xa1 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbf\n"
                      "\xe2\x9d\xa4\xef\xb8\x8f \xf0\x9f\x87\xa9\xf0\x9f\x87\xaa "
                      "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
    ht_doc d = { 0 };
    size_t n = doc_and_vector(&d, in, sizeof in - 1);
    CU_ASSERT_EQUAL(d.text.invalid, 0);
    CU_ASSERT_EQUAL(d.text.len, sizeof in - 1);
    CU_ASSERT_EQUAL_FATAL(d.tokens.n, 6);
    for (size_t i = 0; i < d.tokens.n; i++)
        CU_ASSERT_EQUAL(d.tokens.v[i].type, HT_TOK_EMOJI);
    CU_ASSERT_TRUE(n > 0);  /* emoji are features */
    CU_ASSERT_TRUE(d.paragraphs.n >= 1);
    CU_ASSERT_TRUE(d.sentences.n >= 1);
    ht_doc_free(&d);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "text: BOM dropped", test_bom },
        { "text: CRLF and CR become LF", test_line_ends },
        { "text: each kind of invalid UTF-8 becomes U+FFFD, counted", test_invalid_utf8_kinds },
        { "text: NUL becomes a space", test_nul_bytes },
        { "text: NFC", test_nfc },
        { "text: offsets after BOM, CRLF, decomposed char, invalid byte", test_offsets },
        { "text: offsets after a BOM and a rewritten mark", test_offsets_bom_then_mark },
        { "text: offsets across NFC that grows and shrinks", test_offsets_nfc_grows_and_shrinks },
        { "text: offsets far into a long text", test_offsets_far },
        { "text: offsets across index blocks, in any order", test_offsets_blocks },
        { "text: offsets after an invalid byte and a rewritten char (fuzz)",
          test_offsets_invalid_then_nfc },
        { "text: offsets inside a stretch NFC grew stay in the input (fuzz)",
          test_offsets_inside_grown_stretch },
        { "tokens: umlauts, ß and case flags", test_tokens_umlauts },
        { "tokens: hyphenated and truncated compounds", test_tokens_compounds },
        { "tokens: numbers, ordinals, dates", test_tokens_numbers_dates },
        { "tokens: abbreviations", test_tokens_abbreviations },
        { "tokens: URL, e-mail, @user, #hashtag", test_tokens_web },
        { "tokens: emoticons and emoji", test_tokens_emoticons_emoji },
        { "tokens: emoticon classes", test_tokens_emoticon_classes },
        { "tokens: quotation marks and dashes", test_tokens_quotes_dashes },
        { "tokens: negation scopes", test_negation },
        { "sentences: abbreviations, ordinals, initials", test_sentences_abbreviations },
        { "sentences: quotes", test_sentences_quotes },
        { "sentences: at most HT_SENTENCE_MAX_TOKENS tokens", test_sentences_bounded },
        { "paragraphs: blank lines, single lines, headline, wrapping", test_paragraphs },
        { "document lookups on a small article", test_doc_lookups },
        { "vectors: key hash, fast and slow paths agree", test_key_hash_paths },
        { "vectors: key hash, no collisions between near words", test_key_hash_no_near_collisions },
        { "vectors: case folding", test_fv_case_folding },
        { "vectors: shared stems", test_fv_stems },
        { "vectors: one stem cache shared by three extractors", test_fv_shared_stems },
        { "vectors: character n-grams on and off", test_fv_char_ngrams },
        { "vectors: emoticon classes on and off", test_fv_emoticon_classes },
        { "vectors: negation", test_fv_negation },
        { "vectors: shape, norm, determinism", test_fv_shape_and_determinism },
        { "vectors: window around a target", test_fv_window },
        { "vectors: the document's memo changes nothing", test_fv_memo },
        { "vectors: character n-grams as a block of their own", test_char_block_values },
        { "vectors: folded n-grams score as the full vector", test_char_fold_scores_the_same },
        { "vectors: folded words leave the cache and come back", test_char_fold_evicts },
        { "bad text: invalid UTF-8", test_bad_invalid_utf8 },
        { "bad text: NUL bytes", test_bad_nul_bytes },
        { "bad text: one 100 MB line", test_bad_huge_line },
        { "bad text: empty", test_bad_empty },
        { "bad text: only whitespace", test_bad_whitespace },
        { "bad text: only emoji", test_bad_only_emoji },
        { NULL, NULL }
    };
    int rc = ht_test_main("features", cases);
    ht_doc_free(&vdoc);
    return rc;
}
