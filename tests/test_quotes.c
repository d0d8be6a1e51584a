/* test_quotes.c: direct quotes in every German quotation mark, reported
 * speech, "laut X" attributions and their speakers, on fixtures, the example
 * article and hostile input (deep nesting, unbalanced marks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classifier/actors.h"
#include "tests/actors_fixture.h"
#include "tests/support.h"

#define EXAMPLE "../shared/examples/putin-trump-telefonat.txt"

/* The first quote of a kind whose text starts with prefix. */
static const ht_quote *quote(const fx *f, int kind, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t q = 0; q < f->a.nquotes; q++) {
        const ht_quote *x = &f->a.quotes[q];
        if (x->kind == kind && x->end - x->start >= n && !memcmp(f->d.text.s + x->start, prefix, n))
            return x;
    }
    fprintf(stderr, "no quote of kind %d starting \"%s\"\n", kind, prefix);
    return NULL;
}

static const char *speaker(const fx *f, const ht_quote *q)
{
    return q && q->speaker >= 0 ? f->a.actors[q->speaker].name : "";
}

/* A quote of this kind starting with prefix, exactly `text` if given, spoken by who ("" for none). */
static void expect(const fx *f, int kind, const char *prefix, const char *text, const char *who)
{
    const ht_quote *q = quote(f, kind, prefix);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    if (strcmp(speaker(f, q), who))
        fprintf(stderr, "\"%s\": speaker \"%s\", expected \"%s\"\n", prefix, speaker(f, q), who);
    CU_ASSERT_STRING_EQUAL(speaker(f, q), who);
    if (text) {
        CU_ASSERT_EQUAL(q->end - q->start, strlen(text));
        CU_ASSERT_EQUAL(memcmp(f->d.text.s + q->start, text, strlen(text)), 0);
    }
    if (q->speaker_mention >= 0) {
        const ht_mention *m = &f->a.mentions[q->speaker_mention];
        CU_ASSERT_EQUAL(m->actor, (uint32_t)q->speaker);
        CU_ASSERT_TRUE(m->flags & HT_MF_SPEAKER);
    }
}

static size_t count_kind(const fx *f, int kind)
{
    size_t n = 0;
    for (size_t q = 0; q < f->a.nquotes; q++)
        n += f->a.quotes[q].kind == kind;
    return n;
}

static void check_sorted(const fx *f)
{
    for (size_t q = 1; q < f->a.nquotes; q++)
        CU_ASSERT_TRUE(f->a.quotes[q - 1].start <= f->a.quotes[q].start);
}

/* ---- the example and the fixtures ----------------------------------------------------------- */

static void test_example_quotes(void)
{
    fx f = { 0 };
    if (!fx_file(&f, EXAMPLE)) {
        fprintf(stderr, "skipped: %s not found\n", EXAMPLE);
        fx_free(&f);
        return;
    }
    check_sorted(&f);
    expect(&f, HT_QUOTE_DIRECT, "Die Bewegung hin zu Frieden",
           "Die Bewegung hin zu Frieden beginnt mit einem Energie- und "
           "Infrastruktur-Waffenstillstand", "Weißes Haus");
    expect(&f, HT_QUOTE_DIRECT, "Beide Seiten, russische und ukrainische",
           "Beide Seiten, russische und ukrainische, können auf Angriffe gegen den "
           "Energiesektor verzichten. Wir werden dies unterstützen", "Wolodymyr Selenskyj");
    expect(&f, HT_QUOTE_DIRECT, "Russland hält alle Karten in der Hand",
           "Russland hält alle Karten in der Hand", "Donald Trump");
    expect(&f, HT_QUOTE_DIRECT, "Wir sind auf der 10-Yard-Linie zum Frieden",
           "Wir sind auf der 10-Yard-Linie zum Frieden", "Weißes Haus");
    /* "..., heißt es aus Moskau": Moskau says it, about Putin */
    expect(&f, HT_QUOTE_REPORTED, "Putin habe auf Trumps Vorschlag positiv reagiert", NULL,
           "Moskau");
    expect(&f, HT_QUOTE_REPORTED, "Ein kompletter Waffenstillstand sei nur möglich", NULL,
           "Kreml");
    /* "Ein enger Berater Putins bezeichnete ... als „...“" is not Putin's */
    expect(&f, HT_QUOTE_DIRECT, "nichts weiter als", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "Riesige wirtschaftliche Chancen", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "riesige wirtschaftliche Chancen", NULL, "Weißes Haus");
    expect(&f, HT_QUOTE_ACCORDING, "wird Russland vorerst", NULL, "Weißes Haus");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_DIRECT), 7);
    const ht_quote *q = quote(&f, HT_QUOTE_DIRECT, "Russland hält");
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_TRUE(q->cue >= 0);
    CU_ASSERT_TRUE(q->end - q->start > 0 &&
                   !memcmp(f.d.text.s + f.d.tokens.v[q->cue].start, "sagte", 5));
    fx_free(&f);
}

static void test_fixture_quotes(void)
{
    fx f = { 0 };
    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/kommunal.txt"));
    CU_ASSERT_EQUAL(f.a.nquotes, 3);
    expect(&f, HT_QUOTE_DIRECT, "Wir werden das Bad", "Wir werden das Bad nicht aufgeben",
           "Anna Krüger");
    expect(&f, HT_QUOTE_DIRECT, "Ohne neue Einnahmen", NULL, "Jonas Brandt");  /* Er sagte: */
    expect(&f, HT_QUOTE_REPORTED, "Brandts Zahlen", "Brandts Zahlen seien jedoch veraltet",
           "Anna Krüger");

    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/regierung.txt"));
    CU_ASSERT_EQUAL(f.a.nquotes, 6);
    expect(&f, HT_QUOTE_REPORTED, "beide Länder", NULL, "Bundesregierung");
    expect(&f, HT_QUOTE_DIRECT, "Europa muss", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "man werde die Industrie schützen", NULL, "Emmanuel Macron");
    expect(&f, HT_QUOTE_ACCORDING, "sollen die Gespräche", NULL, "Élysée-Palast");
    expect(&f, HT_QUOTE_ACCORDING, "ist ein Abkommen", NULL, "Bundeskanzleramt");
    expect(&f, HT_QUOTE_REPORTED, "Die Pläne der Bundesregierung seien", NULL, "Alice Weidel");

    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/konzern.txt"));
    CU_ASSERT_EQUAL(f.a.nquotes, 3);
    expect(&f, HT_QUOTE_DIRECT, "Wir stehen", NULL, "");  /* "der Konzern" names nobody */
    expect(&f, HT_QUOTE_DIRECT, "Das ist ein 'wichtiges' Signal", NULL, "Maria Schulte");
    expect(&f, HT_QUOTE_ACCORDING, "Die Lage bleibe", "Die Lage bleibe dennoch schwierig",
           "Maria Schulte");

    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/kreml.txt"));
    expect(&f, HT_QUOTE_REPORTED, "Kiew habe keine Beweise", NULL, "Dmitri Peskow");
    expect(&f, HT_QUOTE_DIRECT, "Russland greift", NULL, "Wolodymyr Selenskyj");
    expect(&f, HT_QUOTE_DIRECT, "Wir beobachten", NULL, "Weißes Haus");  /* hieß es aus */
    fx_free(&f);
}

/* ---- marks and attribution patterns ---------------------------------------------------------- */

static void test_marks(void)
{
    fx f = { 0 };
    fx_str(&f, "„Eins“, sagte Merz. “Zwei”, sagte Merz. »Drei«, sagte Merz. «Vier», sagte Merz. "
               "‚Fünf‘, sagte Merz. \"Sechs\", sagte Merz. ›Sieben‹, sagte Merz.");
    static const char *const words[] = { "Eins", "Zwei", "Drei", "Vier", "Fünf", "Sechs",
                                         "Sieben" };
    CU_ASSERT_EQUAL(f.a.nquotes, 7);
    for (size_t i = 0; i < 7; i++)
        expect(&f, HT_QUOTE_DIRECT, words[i], words[i], "Friedrich Merz");
    fx_str(&f, "„Er sagte ‚nein‘ und »nie«“, erklärte Scholz.");
    CU_ASSERT_EQUAL(f.a.nquotes, 1);
    expect(&f, HT_QUOTE_DIRECT, "Er sagte", "Er sagte ‚nein‘ und »nie«", "Olaf Scholz");
    fx_free(&f);
}

static void test_attribution_patterns(void)
{
    fx f = { 0 };
    fx_str(&f, "Merz sagte am Montag: „Wir bleiben dabei.“ "
               "Dazu erklärte Scholz: „Das sehe ich anders.“ "
               "Friedrich Merz schwieg. „Es reicht“, sagte er dann. "
               "„Wir prüfen das“, hatte Scholz zuvor gesagt. "
               "„Das ist gut“, so Pistorius. "
               "„Wir warten ab“, sagte ein Sprecher. "
               "„Unklar“, sagte der Sprecher des Kremls, Dmitri Peskow.");
    check_sorted(&f);
    expect(&f, HT_QUOTE_DIRECT, "Wir bleiben dabei", "Wir bleiben dabei.", "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Das sehe ich anders", NULL, "Olaf Scholz");
    expect(&f, HT_QUOTE_DIRECT, "Es reicht", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Wir prüfen das", NULL, "Olaf Scholz");
    expect(&f, HT_QUOTE_DIRECT, "Das ist gut", NULL, "Boris Pistorius");
    expect(&f, HT_QUOTE_DIRECT, "Wir warten ab", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "Unklar", NULL, "Dmitri Peskow");
    const ht_quote *q = quote(&f, HT_QUOTE_DIRECT, "Es reicht");
    CU_ASSERT_EQUAL(q->speaker_mention, -1);  /* a pronoun, not a mention */
    fx_free(&f);
    /* quotation marks around a title or term are no quote; a word said is */
    fx_str(&f, "Kopelke sagte der „Bild“-Zeitung, die Beamten seien am Limit. "
               "Laut einem Bericht des „Spiegel“ ist das falsch. "
               "„Nein“, sagte Merz. Scholz sprach von „Erpressung“.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_DIRECT), 2);
    expect(&f, HT_QUOTE_DIRECT, "Nein", "Nein", "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Erpressung", "Erpressung", "Olaf Scholz");
    fx_free(&f);
    /* a title after a definite article is no quote, even before a speech verb */
    fx_str(&f, "Dem „Handelsblatt“ sagte Katherina Reiche, die Lage sei ernst. "
               "„Wir handeln“, sagte Merz der „Bild am Sonntag“.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_DIRECT), 1);
    expect(&f, HT_QUOTE_DIRECT, "Wir handeln", "Wir handeln", "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "die Lage sei ernst", NULL, "Katherina Reiche");
    fx_free(&f);
    /* a name in a phrase before the verb is no speaker */
    fx_str(&f, "Nach dem Treffen mit Macron sagte Merz: „Wir sind uns einig.“ "
               "Im ZDF sagte Söder: „Wir handeln.“ "
               "Mit Blick auf die AfD sagte Merz, eine Zusammenarbeit werde es nicht geben.");
    expect(&f, HT_QUOTE_DIRECT, "Wir sind uns einig", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Wir handeln", NULL, "Markus Söder");
    expect(&f, HT_QUOTE_REPORTED, "eine Zusammenarbeit", NULL, "Friedrich Merz");
    fx_free(&f);
    /* nor is one in a phrase after it */
    fx_str(&f, "„Wir halten Wort“, sagte der CDU-Vorsitzende am Mittwoch in Berlin. "
               "„Das ist gut“, sagte in Berlin Merz. Der Anwalt Markus von Ehrenberg kam. "
               "„Das Urteil ist falsch“, sagte von Ehrenberg.");
    expect(&f, HT_QUOTE_DIRECT, "Das Urteil ist falsch", NULL, "Markus von Ehrenberg");
    expect(&f, HT_QUOTE_DIRECT, "Wir halten Wort", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "Das ist gut", NULL, "Friedrich Merz");
    fx_free(&f);
    fx_str(&f, "Die Forscherin Ursula van den Berg leitet das Institut. Van den Berg war in "
               "Utrecht. „Gut“, sagte van den Berg.");
    CU_ASSERT_EQUAL(f.a.nactors, 1);
    expect(&f, HT_QUOTE_DIRECT, "Gut", NULL, "Ursula van den Berg");
    fx_free(&f);
    /* a pronoun is the subject before it rather than a later object */
    fx_str(&f, "Weidel griff Merz an. Sie sagte, der Kanzler habe versagt. "
               "Klingbeil widersprach Merz. „Der Haushalt ist solide“, sagte er. "
               "Merz traf Scholz. Er lobte ihn. „Gut“, sagte er. "
               "Merz kam. Scholz ging. „Schön“, sagte er.");
    expect(&f, HT_QUOTE_REPORTED, "der Kanzler habe versagt", NULL, "Alice Weidel");
    expect(&f, HT_QUOTE_DIRECT, "Der Haushalt ist solide", NULL, "Lars Klingbeil");
    expect(&f, HT_QUOTE_DIRECT, "Gut", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Schön", NULL, "Olaf Scholz");
    fx_free(&f);
    /* "der Vizekanzler": the person named before with that role */
    fx_str(&f, "Lars Klingbeil warb um Zustimmung. „Der Etat ist ein Kompromiss“, sagte der "
               "Vizekanzler. Der Etat ist solide, sagte der Vizekanzler. Friedrich Merz kam. "
               "„Wir handeln“, sagte der Kanzler. „Nein“, sagte die Kanzlerin. "
               "„Nie“, sagte der Sprecher des Kremls.");
    expect(&f, HT_QUOTE_DIRECT, "Der Etat ist ein", NULL, "Lars Klingbeil");
    expect(&f, HT_QUOTE_REPORTED, "Der Etat ist solide", NULL, "Lars Klingbeil");
    expect(&f, HT_QUOTE_DIRECT, "Wir handeln", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Nein", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "Nie", NULL, "Kreml");  /* a spokesman speaks for it */
    fx_free(&f);
    /* a quote that is a whole sentence goes on with the speaker before it */
    fx_str(&f, "„Wir prüfen das“, sagte Merz. „Aber nicht sofort.“ "
               "Die Opposition reagierte empört. „Das ist Wahlkampf.“");
    expect(&f, HT_QUOTE_DIRECT, "Aber nicht sofort", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Das ist Wahlkampf", NULL, "");
    fx_free(&f);
    /* not across a paragraph break */
    fx_str(&f, "„Das ist falsch“, sagte Merz.\n\n„Wir lehnen das ab.“ Klingbeil reagierte.");
    expect(&f, HT_QUOTE_DIRECT, "Wir lehnen das ab", NULL, "");
    fx_free(&f);
}

static void test_discovered_speaker(void)
{
    fx f = { 0 };
    fx_str(&f, "Der Streit geht weiter. „Wir geben nicht auf“, sagte Hollmann. "
               "Hollmann kündigte zudem an, dass die Firma klagen werde. "
               "„Falsch“, so Dietrich. Die Firma forderte Reformen.");
    expect(&f, HT_QUOTE_DIRECT, "Wir geben nicht auf", NULL, "Hollmann");
    expect(&f, HT_QUOTE_REPORTED, "die Firma klagen werde", NULL, "Hollmann");
    expect(&f, HT_QUOTE_DIRECT, "Falsch", NULL, "Dietrich");
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Reformen"), -1);
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    fx_free(&f);
}

static void test_reported_speech(void)
{
    fx f = { 0 };
    fx_str(&f, "Merz sagte, Putin sei nicht an Frieden interessiert. "
               "Er habe zudem neue Angriffe befohlen. "
               "Ich habe das nicht gewusst, gab der Fahrer an. "
               "Wie dem auch sei, es regnet. "
               "Laut Kreml und Weißem Haus wird weiter verhandelt. "
               "Dem Kreml zufolge gebe es Fortschritte. "
               "Scholz sei ein Lügner, heißt es aus der CDU. "
               "Macron sei bereit zu Gesprächen.");
    expect(&f, HT_QUOTE_REPORTED, "Putin sei nicht", "Putin sei nicht an Frieden interessiert",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Er habe zudem", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_ACCORDING, "wird weiter verhandelt", NULL, "Kreml");
    size_t laut = 0;
    for (size_t q = 0; q < f.a.nquotes; q++)
        laut += f.a.quotes[q].kind == HT_QUOTE_ACCORDING &&
                !strcmp(speaker(&f, &f.a.quotes[q]), "Weißes Haus");
    CU_ASSERT_EQUAL(laut, 1);
    expect(&f, HT_QUOTE_ACCORDING, "gebe es Fortschritte", NULL, "Kreml");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 4);  /* not "Ich habe", not "sei es" */
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_ACCORDING), 3);
    fx_free(&f);
    /* what is said starts after a lead-in that ends with a colon */
    fx_str(&f, "Erst spät kamen die Behörden weiter: Es handle sich um einen Touristen, "
               "erklärte die Polizei. Szenen in Köln: Gegen sechs Uhr betrat laut "
               "Staatsanwaltschaft ein Mann den Markt. Bilanz: Laut Merz blieb es ruhig.");
    expect(&f, HT_QUOTE_REPORTED, "Es handle", "Es handle sich um einen Touristen", "Polizei");
    expect(&f, HT_QUOTE_ACCORDING, "Gegen sechs",
           "Gegen sechs Uhr betrat laut Staatsanwaltschaft ein Mann den Markt",
           "Staatsanwaltschaft");
    expect(&f, HT_QUOTE_ACCORDING, "blieb es", "blieb es ruhig", "Friedrich Merz");
    fx_free(&f);
    /* not a score's colon, not after a lead-in in Konjunktiv, not over a direct quote */
    fx_str(&f, "Das 4:0 sei verdient, sagte Merz. Die Antwort sei einfach: Nein, sagte "
               "Merz. Laut Merz: „Es gab keine Verletzten.“");
    expect(&f, HT_QUOTE_REPORTED, "Das 4:0", "Das 4:0 sei verdient", "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Die Antwort", "Die Antwort sei einfach: Nein",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Es gab", NULL, "Friedrich Merz");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_ACCORDING), 0);
    fx_free(&f);
    /* a spokesperson in -sprecherin speaks for the institution in the genitive */
    fx_str(&f, "Eine Gerichtssprecherin des Landgerichts Köln sagte, der Prozess beginne im "
               "März.");
    expect(&f, HT_QUOTE_REPORTED, "der Prozess", "der Prozess beginne im März",
           "Landgericht Köln");
    fx_free(&f);
    /* a spokesperson after "laut" or "nach Angaben" speaks for the office */
    fx_str(&f, "Nach Angaben eines Sprechers der Berliner Polizei wurde niemand verletzt. Laut "
               "einem Sprecher der Staatsanwaltschaft dauert es. Nach Angaben eines "
               "Feuerwehrsprechers brannte es lange.");
    expect(&f, HT_QUOTE_ACCORDING, "wurde niemand", "wurde niemand verletzt", "Polizei Berlin");
    expect(&f, HT_QUOTE_ACCORDING, "dauert es", "dauert es", "Staatsanwaltschaft");
    expect(&f, HT_QUOTE_ACCORDING, "brannte es", "brannte es lange", "Feuerwehr");
    fx_free(&f);
    /* a relative clause before the reported one belongs to it */
    fx_str(&f, "Bei den Menschen, die jünger als 80 Jahre sind, seien Impfungen zu erwarten, "
               "sagte Merz. Scholz warnte die Bürger, die ihm glaubten, es sei gefährlich.");
    expect(&f, HT_QUOTE_REPORTED, "Bei den Menschen",
           "Bei den Menschen, die jünger als 80 Jahre sind, seien Impfungen zu erwarten",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "es sei", "es sei gefährlich", "Olaf Scholz");
    fx_free(&f);
    /* a main clause that starts with an article is no relative clause */
    fx_str(&f, "Merz reiste nach Paris, der Empfang war kühl, Macron habe ihn kaum begrüßt.");
    expect(&f, HT_QUOTE_REPORTED, "Macron habe", "Macron habe ihn kaum begrüßt",
           "Emmanuel Macron");
    fx_free(&f);
    /* "nach Angaben von X" and "des X" as "laut X" */
    fx_str(&f, "Nach Angaben von Merz ist das falsch. Das ist nach Angaben des Kremls "
               "richtig. Nach Angaben der Polizei kamen 300 Menschen.");
    expect(&f, HT_QUOTE_ACCORDING, "ist das falsch", "ist das falsch", "Friedrich Merz");
    expect(&f, HT_QUOTE_ACCORDING, "Das ist nach Angaben des Kremls", NULL, "Kreml");
    expect(&f, HT_QUOTE_ACCORDING, "kamen 300", "kamen 300 Menschen", "Polizei");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_ACCORDING), 3);
    fx_free(&f);
    fx_str(&f, "Merz sagte, Putin sei nicht an Frieden interessiert. "
               "Scholz sei ein Lügner, heißt es aus der CDU. "
               "Macron sei bereit zu Gesprächen.");
    /* the source named by an impersonal speech verb, not who the clause is about */
    expect(&f, HT_QUOTE_REPORTED, "Scholz sei ein Lügner", "Scholz sei ein Lügner", "CDU");
    /* with no speech verb, the speaker of the sentence before goes on */
    expect(&f, HT_QUOTE_REPORTED, "Macron sei bereit", NULL, "CDU");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 3);
    fx_free(&f);
    fx_str(&f, "Merz sagte, man müsse sparen. Deutschland müsse wettbewerbsfähig werden. "
               "Der Spiegel berichtet über interne Unterlagen. Demnach habe Rheinmetall die "
               "Probleme gekannt.\n\nDie Lage ist unklar. Macron sei bereit zu Gesprächen.");
    expect(&f, HT_QUOTE_REPORTED, "Deutschland müsse", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Demnach habe Rheinmetall", NULL, "Spiegel");
    /* and with no speaker before, the clause's subject */
    expect(&f, HT_QUOTE_REPORTED, "Macron sei bereit", NULL, "Emmanuel Macron");
    fx_free(&f);
}

/* What a saying verb says without Konjunktiv I or "dass": the clause after
 * "Merz sagte," and the sentence before ", sagte Merz." */
static void test_said_clauses(void)
{
    fx f = { 0 };
    fx_str(&f, "Katharina Dröge sagte, die Regierung spare bei den Schwächsten. "
               "Olaf Scholz sagte am Montag in Berlin, das wäre ein Fehler. "
               "Stocker betonte, ohne Reformen drohe ein Defizitverfahren. "
               "Die Bürger hätten ein Recht auf Klarheit, sagte Klingbeil. "
               "Wir werden das unterstützen, sagte Selenskyj. "
               "Die Lage ist ernst, sagte er. "
               "Merz sagte, wenn die SPD zustimme, gehe es schnell.");
    expect(&f, HT_QUOTE_REPORTED, "die Regierung spare", "die Regierung spare bei den Schwächsten",
           "Katharina Dröge");
    expect(&f, HT_QUOTE_REPORTED, "das wäre", "das wäre ein Fehler", "Olaf Scholz");
    expect(&f, HT_QUOTE_REPORTED, "ohne Reformen", NULL, "Christian Stocker");
    expect(&f, HT_QUOTE_REPORTED, "Die Bürger hätten", "Die Bürger hätten ein Recht auf Klarheit",
           "Lars Klingbeil");
    expect(&f, HT_QUOTE_REPORTED, "Wir werden", "Wir werden das unterstützen",
           "Wolodymyr Selenskyj");
    expect(&f, HT_QUOTE_REPORTED, "Die Lage ist ernst", "Die Lage ist ernst",
           "Wolodymyr Selenskyj");
    expect(&f, HT_QUOTE_REPORTED, "wenn die SPD",
           "wenn die SPD zustimme, gehe es schnell", "Friedrich Merz");
    CU_ASSERT_EQUAL(f.a.nquotes, 7);
    fx_free(&f);
    /* a relative clause, a verb going on, a negated verb, a subordinate clause
     * before the verb, a name after it that is no subject: nothing said */
    fx_str(&f, "Merz kritisierte die Pläne, die Scholz vorgelegt hatte. "
               "Merz kritisierte die Pläne, die gestern vorlagen. "
               "Merz kritisierte die Pläne, lobte aber Scholz. "
               "Oliver Blume sagte nicht, wie viele Stellen wegfallen. "
               "Als Scholz ankam, sagte Merz nichts. "
               "Merz lehnte das ab, kritisierte die AfD.");
    CU_ASSERT_EQUAL(f.a.nquotes, 0);
    fx_free(&f);
}

/* Cases a review of the said-clause, role and pronoun rules found wrong,
 * each as it must be. */
static void test_review_cases(void)
{
    fx f = { 0 };
    fx_str(&f, "Wladimir Putin will keinen Frieden, sagte Wolodymyr Selenskyj. "
               "Auf die Frage, ob er kandidiert, sagte Friedrich Merz: „Nein.“ "
               "Die Regierung, sagte Friedrich Merz, hat versagt. "
               "Friedrich Merz sagte am Montag, als er in Berlin ankam: „Wir schaffen das.“");
    expect(&f, HT_QUOTE_REPORTED, "Wladimir Putin will", "Wladimir Putin will keinen Frieden",
           "Wolodymyr Selenskyj");
    expect(&f, HT_QUOTE_DIRECT, "Nein", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Wir schaffen das", NULL, "Friedrich Merz");
    CU_ASSERT_EQUAL(f.a.nquotes, 3);
    fx_free(&f);
    fx_str(&f, "Friedrich Merz sagte, die Regierung spart zu wenig, und Lars Klingbeil "
               "widersprach. Friedrich Merz schrieb einen Brief, der viel Aufsehen erregte. "
               "Friedrich Merz unterstrich die Rolle der Nato, die Europa schützt. "
               "Olaf Scholz sprach von der „Zeitenwende“. "
               "Friedrich Merz sagte, die „Ampel“ sei gescheitert.");
    expect(&f, HT_QUOTE_REPORTED, "die Regierung spart", "die Regierung spart zu wenig",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Zeitenwende", NULL, "Olaf Scholz");
    expect(&f, HT_QUOTE_REPORTED, "die „Ampel“", "die „Ampel“ sei gescheitert",
           "Friedrich Merz");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 2);
    fx_free(&f);
    fx_str(&f, "Alice Weidel sprach von einem Skandal. „Wir verhandeln weiter“, sagte die "
               "Vorsitzende der IG Metall, Christiane Benner. Robert Habeck kritisierte den "
               "Haushalt. „Das ist solide“, sagte der Vizekanzler und SPD-Chef Lars Klingbeil. "
               "Markus Söder kritisierte die Ampel. „Das ist eine Katastrophe“, sagte der "
               "Präsident des Ifo-Instituts.");
    expect(&f, HT_QUOTE_DIRECT, "Wir verhandeln weiter", NULL, "Christiane Benner");
    /* not Habeck: the roles joined by "und" are the one person's named after them */
    expect(&f, HT_QUOTE_DIRECT, "Das ist solide", NULL, "Lars Klingbeil");
    expect(&f, HT_QUOTE_DIRECT, "Das ist eine Katastrophe", NULL, "");
    fx_free(&f);
    /* an "und" that joins no two roles still ends the search */
    fx_str(&f, "Robert Habeck kritisierte den Haushalt. „Nein“, sagte die Ministerin und "
               "verließ mit Lars Klingbeil den Saal.");
    expect(&f, HT_QUOTE_DIRECT, "Nein", NULL, "");
    fx_free(&f);
    /* a pronoun's gender, where the role tells it */
    fx_str(&f, "Alice Weidel griff Friedrich Merz an. Er sagte, die AfD sei gefährlich. "
               "Friedrich Merz kritisierte Annalena Baerbock scharf. „Das war ein Fehler“, "
               "sagte sie.");
    expect(&f, HT_QUOTE_REPORTED, "die AfD sei", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Das war ein Fehler", NULL, "Annalena Baerbock");
    fx_free(&f);
    /* and where a first name tells it (models/firstnames.txt), for people no role describes */
    fx_str(&f, "Peter Kuhn traf Anna Berger. Sie sagte, die Lage sei ernst. Anna Berger traf "
               "Peter Kuhn. Er sagte, das Geld reiche nicht. Andrea Lange traf Peter Kuhn. Sie "
               "sagte, der Plan sei gut.");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", NULL, "Anna Berger");
    expect(&f, HT_QUOTE_REPORTED, "das Geld", NULL, "Peter Kuhn");
    expect(&f, HT_QUOTE_REPORTED, "der Plan", NULL, "Andrea Lange");  /* u: the subject */
    fx_free(&f);
}

/* What a walkthrough of agency-style texts found: asides after a name,
 * speakers that are no actor, appositions, places with an article, outlets
 * in quotation marks, role words before the verb. */
static void test_walkthrough_cases(void)
{
    fx f = { 0 };
    fx_str(&f, "Merz (CDU) sagte, Deutschland werde liefern. Söder (CSU) sagte: „Wir liefern.“ "
               "Laut Klingbeil (SPD) ist die Lage ernst.");
    expect(&f, HT_QUOTE_REPORTED, "Deutschland werde", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Wir liefern", NULL, "Markus Söder");
    expect(&f, HT_QUOTE_ACCORDING, "ist die Lage", "ist die Lage ernst", "Lars Klingbeil");
    fx_free(&f);
    /* a speaker that is no actor is no one, not the last speaker */
    fx_str(&f, "Merz sagte, die Wirtschaft brauche Entlastung. Der Verband warnte, die Sparer "
               "seien die Verlierer. Die Regierung verliere die Kontrolle. Ein Sprecher des "
               "Verbands sagte, das sei falsch. Friedrich Merz reiste nach Paris. Der Präsident "
               "betonte, Deutschland werde liefern.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 1);
    fx_free(&f);
    /* a name between commas before the verb is its subject */
    fx_str(&f, "Der Sprecher des Kremls, Dmitri Peskow, sagte, Russland sei bereit.");
    expect(&f, HT_QUOTE_REPORTED, "Russland sei", "Russland sei bereit", "Dmitri Peskow");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 1);
    fx_free(&f);
    /* "die USA", "die Schweiz" open a said clause, not a relative one */
    fx_str(&f, "Selenskyj sagte, die USA müssten mehr liefern. Merz sagte, die Schweiz "
               "behalte ihre Souveränität. Merz lobte die Länder, die Europa schützen.");
    expect(&f, HT_QUOTE_REPORTED, "die USA", NULL, "Wolodymyr Selenskyj");
    expect(&f, HT_QUOTE_REPORTED, "die Schweiz", NULL, "Friedrich Merz");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 2);
    fx_free(&f);
    /* an outlet in quotation marks after the speaker; "der" + "-en" is a dative */
    fx_str(&f, "Die Maßnahmen hätten gewirkt, sagte Dobrindt der „Bild am Sonntag“. Der "
               "Süddeutschen Zeitung sagte Söder, die Lage sei ernst.");
    expect(&f, HT_QUOTE_REPORTED, "Die Maßnahmen", NULL, "Alexander Dobrindt");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", NULL, "Markus Söder");
    fx_free(&f);
    /* a role word before the verb; an adjective the role has too; a party's epithet for a
     * person of that party */
    fx_str(&f, "Kanzler Friedrich Merz reiste nach Paris. Der Kanzler betonte, Deutschland "
               "werde liefern. Markus Söder sprach von einem großen Tag. Die Ampel habe "
               "versagt, sagte der bayerische Ministerpräsident.\n\nMerz kam zu spät. Das "
               "sei peinlich, sagte der CDU-Politiker.");
    expect(&f, HT_QUOTE_REPORTED, "Deutschland werde", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Die Ampel", NULL, "Markus Söder");
    expect(&f, HT_QUOTE_REPORTED, "Das sei peinlich", NULL, "Friedrich Merz");
    fx_free(&f);
    /* but not an adjective the role lacks, another party's epithet, one without a party */
    fx_str(&f, "Merz traf Scholz. Es sei ein gutes Gespräch gewesen, sagte der frühere Kanzler. "
               "Merz reiste nach Wien. Der österreichische Kanzler betonte, die Lage sei ernst. "
               "Merz kam zu spät. Das sei peinlich, sagte der Grünen-Politiker. Weidel griff Merz "
               "an. Das sei falsch, sagte die Politikerin.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 0);
    fx_free(&f);
    fx_str(&f, "Christian Stocker kam. Der österreichische Kanzler betonte, die Lage sei ernst.");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", NULL, "Christian Stocker");
    fx_free(&f);
    /* a name between commas after a phrase a preposition governs is no subject */
    fx_str(&f, "Neben dem Kanzler, Friedrich Merz, sagte auch Söder, die Lage sei ernst.");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", NULL, "Markus Söder");
    fx_free(&f);
    /* a few words quoted inside a reported clause do not cut it */
    fx_str(&f, "Merz lobte die Ministerin, die „hervorragend“ gearbeitet habe.");
    expect(&f, HT_QUOTE_REPORTED, "die „hervorragend“", "die „hervorragend“ gearbeitet habe",
           "Friedrich Merz");
    fx_free(&f);
    /* a verb in the past tense and its subject after the clause end it and say who spoke */
    fx_str(&f, "Merz sagte, die Lage sei ernst. Die Klausel dürfe nicht gestrichen werden, "
               "urteilten die Richter am Dienstag. Die Klausel sei verfassungswidrig, "
               "urteilte das Bundesverfassungsgericht.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 2);
    expect(&f, HT_QUOTE_REPORTED, "Die Klausel sei", "Die Klausel sei verfassungswidrig",
           "Bundesverfassungsgericht");
    fx_free(&f);
    /* a Konjunktiv the list lacks, by its ending right after the subject; not "-te" */
    fx_str(&f, "Der Anwalt Peter Werner sprach. Die Anklage beruhe auf einem Zeugen. Er "
               "ignoriere die Lage. Merz lobte den Plan. Merz sagte nichts.");
    expect(&f, HT_QUOTE_REPORTED, "Die Anklage", NULL, "Peter Werner");
    expect(&f, HT_QUOTE_REPORTED, "Er ignoriere", NULL, "Peter Werner");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 2);
    fx_free(&f);
    /* a name right after a verb that ends the clause says who spoke, in any tense */
    fx_str(&f, "Scholz ziele nicht auf die Wähler, kontert Kühnert und fragt nach.");
    expect(&f, HT_QUOTE_REPORTED, "Scholz ziele", "Scholz ziele nicht auf die Wähler",
           "Kevin Kühnert");
    fx_free(&f);
    /* no Konjunktiv where another verb is the clause's; an enumeration is no inquit; a
     * question put to someone is not theirs */
    fx_str(&f, "Olaf Scholz warnte vor einer Rezession. Schuld an der Krise seien viele, "
               "darunter Merz. Die Stimmung hierzulande bleibt gut. Olaf Scholz wurde gefragt: "
               "„Treten Sie zurück?“");
    expect(&f, HT_QUOTE_REPORTED, "Schuld an", "Schuld an der Krise seien viele, darunter Merz",
           "Olaf Scholz");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 1);
    expect(&f, HT_QUOTE_DIRECT, "Treten Sie", NULL, "");
    fx_free(&f);
    /* a speech verb whose subject is not seen leaves the clauses to the last speaker; one
     * whose subject is seen and is no actor does not ("sagte Herntier", "berichtete „Bild“") */
    fx_str(&f, "In ihrer Antwort auf die Frage, warum sie das nicht so sagen, führte Annalena "
               "Baerbock die Sprechpunkte aus: Die Ukraine müsse sich verteidigen können. "
               "Christian Lindner wolle entlasten, berichtete „Bild“ unter Berufung auf Kreise.");
    expect(&f, HT_QUOTE_REPORTED, "Die Ukraine", NULL, "Annalena Baerbock");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 1);
    fx_free(&f);
    /* a modal in the past tense opens a condition, not an attribution */
    fx_str(&f, "Merz sagte, die Lage sei ernst. Europa werde reagieren, sollten die USA Zölle "
               "erheben.");
    expect(&f, HT_QUOTE_REPORTED, "Europa werde", NULL, "Friedrich Merz");
    fx_free(&f);
    /* a quote after a colon is the clause subject's, whatever the verb; "nannte" quotes */
    fx_str(&f, "Dortmunds Coach Niko Kovac war dagegen bedient: „Das war zu wenig.“ Emmanuel "
               "Macron traf Merz. Der Präsident lobte den Partner: „Er ist ein Freund.“ Die "
               "Zeitung titelte: „Merz am Ende“. Rico Gebhardt nannte die Rede „ein Dokument "
               "der Hilflosigkeit“. Das ZDF zeigt am Montag: „Marie Brand und der Tod“.");
    expect(&f, HT_QUOTE_DIRECT, "Das war zu wenig", NULL, "Niko Kovac");
    expect(&f, HT_QUOTE_DIRECT, "Er ist ein Freund", NULL, "Emmanuel Macron");
    expect(&f, HT_QUOTE_DIRECT, "Merz am Ende", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "ein Dokument", NULL, "Rico Gebhardt");
    expect(&f, HT_QUOTE_DIRECT, "Marie Brand", NULL, "");
    fx_free(&f);
}

/* An interview's answer after "Name:" and a quote after "Merz:" are that
 * speaker's; a place before a colon speaks not. */
static void test_interview(void)
{
    {
        fx g = { 0 };
        fx_str(&g, "Im Interview spricht SPD-Chef Lars Klingbeil mit uns über Merz.\n\nFrage: "
                   "Herr Klingbeil, hält die Koalition?\n\nAntwort: Ja, davon bin ich "
                   "überzeugt.\n\nFrage: Und die Schulden?\n\nAntwort: Die sind nötig.");
        expect(&g, HT_QUOTE_DIRECT, "Ja, davon", "Ja, davon bin ich überzeugt", "Lars Klingbeil");
        expect(&g, HT_QUOTE_DIRECT, "Die sind", "Die sind nötig", "Lars Klingbeil");
        CU_ASSERT_EQUAL(count_kind(&g, HT_QUOTE_DIRECT), 2);  /* no question */
        fx_free(&g);
        /* the person the question addresses answers */
        fx_str(&g, "Lars Klingbeil und Saskia Esken sprachen mit uns. Klingbeil begann.\n\n"
                   "Frage: Frau Esken, wie geht es weiter?\n\nAntwort: Wir erneuern uns.");
        expect(&g, HT_QUOTE_DIRECT, "Wir erneuern", NULL, "Saskia Esken");
        fx_free(&g);
        /* no one named: the answers have no speaker, and are no quotes */
        fx_str(&g, "Frage: Hält die Koalition?\n\nAntwort: Ja.");
        CU_ASSERT_EQUAL(g.a.nquotes, 0);
        fx_free(&g);
    }
    fx f = { 0 };
    fx_str(&f, "Die Ministerin Thekla Walker im Gespräch\n\nFrau Walker, reicht das?\n\n"
               "Walker: Das reicht nicht. Wir brauchen mehr Geld.\n\nBerlin: Hier regnet es.\n\n"
               "Merz: „Wir schaffen das.“\n");
    expect(&f, HT_QUOTE_DIRECT, "Das reicht nicht", "Das reicht nicht. Wir brauchen mehr Geld",
           "Thekla Walker");
    expect(&f, HT_QUOTE_DIRECT, "Wir schaffen das", NULL, "Friedrich Merz");
    CU_ASSERT_EQUAL(f.a.nquotes, 2);
    fx_free(&f);
}

/* ---- hostile input ---------------------------------------------------------------------------- */


/* A second walkthrough's cases: speakers named by other words than a speech
 * verb and a name. */
/* Appositions, asides, pronouns after a quote, both clauses around ", sagte X,". */
static void test_appositions(void)
{
    fx f = { 0 };
    /* an apposition after the speaker's name is no said clause */
    fx_str(&f, "Die Märkte würden geplant, sagte Albert Ritter, der Vorsitzende des "
               "Schaustellerbundes. Firmen könnten profitieren, sagte Charles Gore, "
               "Exekutivdirektor des Medicine Patent Pool.");
    expect(&f, HT_QUOTE_REPORTED, "Die Märkte", "Die Märkte würden geplant", "Albert Ritter");
    expect(&f, HT_QUOTE_REPORTED, "Firmen", "Firmen könnten profitieren", "Charles Gore");
    CU_ASSERT_EQUAL(f.a.nquotes, 2);
    fx_free(&f);
    /* but a clause with a verb is one, and so is the clause before the verb */
    fx_str(&f, "Das sei falsch, sagte Merz, Kanzler Scholz habe gelogen. Es sei ernst, sagte "
               "Merz am Montag, die Lehrer streiken.");
    expect(&f, HT_QUOTE_REPORTED, "Das sei", "Das sei falsch", "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Kanzler Scholz", "Kanzler Scholz habe gelogen",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Es sei", "Es sei ernst", "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "die Lehrer", "die Lehrer streiken", "Friedrich Merz");
    fx_free(&f);
    /* a name in an apposition with a party in brackets is the subject */
    fx_str(&f, "Der Bürgermeister von Hintertupfingen, Hans Huber (CSU), sagte, man brauche "
               "mehr Geld.");
    expect(&f, HT_QUOTE_REPORTED, "man brauche", "man brauche mehr Geld", "Hans Huber");
    fx_free(&f);
    /* so is one after a noun with "am", "beim", "im" ("Richterin am Amtsgericht") */
    fx_str(&f, "Die Richterin am Amtsgericht, Anna Berg, sagte, der Fall sei eindeutig. "
               "Neben dem Kanzler, Friedrich Merz, sagte Söder, man brauche Geld.");
    expect(&f, HT_QUOTE_REPORTED, "der Fall", "der Fall sei eindeutig", "Anna Berg");
    expect(&f, HT_QUOTE_REPORTED, "man brauche", "man brauche Geld", "Markus Söder");
    fx_free(&f);
    /* a pronoun after a quote stands for someone named before it, not in it */
    fx_str(&f, "Salvini sprach vor Gericht. „Wie ernst ist ein Prozess, bei dem Richard Gere "
               "kommt“, sagte er. „Olaf Scholz hat recht“, hatte er gesagt.");
    expect(&f, HT_QUOTE_DIRECT, "Wie ernst", NULL, "Matteo Salvini");
    expect(&f, HT_QUOTE_DIRECT, "Olaf Scholz", NULL, "Matteo Salvini");
    fx_free(&f);
    /* told and asked in the past are speech verbs */
    fx_str(&f, "„Ich hatte Angst“, erzählte Anna Berger. „Wo ist das Geld?“, fragte Merz. "
               "Die Bürgerin Eva Huber schilderte, sie sei geflohen.");
    expect(&f, HT_QUOTE_DIRECT, "Ich hatte", NULL, "Anna Berger");
    expect(&f, HT_QUOTE_DIRECT, "Wo ist", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "sie sei", "sie sei geflohen", "Eva Huber");
    fx_free(&f);
    /* "der Rathauschef" is the Oberbürgermeister named before, not the Ministerpräsident */
    fx_str(&f, "Oberbürgermeister Dieter Reiter eröffnete das Fest. Auch Ministerpräsident "
               "Markus Söder kam. „Das ist ein guter Tag“, sagte der Rathauschef.");
    expect(&f, HT_QUOTE_DIRECT, "Das ist", NULL, "Dieter Reiter");
    fx_free(&f);
    /* a neuter role after "das": "das Stadtoberhaupt", "das Staatsoberhaupt" */
    fx_str(&f, "Bürgermeisterin Anna Berg war vor Ort. Das Stadtoberhaupt lobte die Helfer: "
               "„Danke für euren Einsatz.“ Präsident Emmanuel Macron reiste an. Das "
               "Staatsoberhaupt sagte, Europa müsse zusammenhalten.");
    expect(&f, HT_QUOTE_DIRECT, "Danke", NULL, "Anna Berg");
    expect(&f, HT_QUOTE_REPORTED, "Europa", "Europa müsse zusammenhalten", "Emmanuel Macron");
    fx_free(&f);
    /* an age or what the speaker is between commas; the person after "laut dem
     * Sprecher des Kremls," speaks */
    fx_str(&f, "Hans Huber, 54, sagte, er sei enttäuscht. Eva Berger, Professorin für Politik "
               "an der Universität Bonn, sagte, die Wahl sei knapp gewesen. Im Interview "
               "erklärt Tom Weber, Direktor des Instituts, warum die Preise steigen. Laut dem "
               "Sprecher des Kremls, Dmitri Peskow, ist die Lage ernst.");
    expect(&f, HT_QUOTE_REPORTED, "er sei", "er sei enttäuscht", "Hans Huber");
    expect(&f, HT_QUOTE_REPORTED, "die Wahl", "die Wahl sei knapp gewesen", "Eva Berger");
    expect(&f, HT_QUOTE_REPORTED, "warum", "warum die Preise steigen", "Tom Weber");
    expect(&f, HT_QUOTE_ACCORDING, "ist die", "ist die Lage ernst", "Dmitri Peskow");
    fx_free(&f);
    /* a party or place between commas is passed over; the one asked is no speaker; a
     * speech verb after "laut dem Sprecher des X, Y," is the sentence's own; an age after
     * the speaker opens no said clause */
    fx_str(&f, "Olaf Scholz, SPD, sagte, man dürfe nicht nachlassen. Wir fragten Eva Berger, "
               "Professorin für Politik, warum die Preise steigen. Laut dem Sprecher des "
               "Kremls, Dmitri Peskow, sagte Putin, man sei bereit. „Wir haben alles "
               "verloren“, sagte Karin Schulte, 45, am Dienstag.");
    expect(&f, HT_QUOTE_REPORTED, "man dürfe", "man dürfe nicht nachlassen", "Olaf Scholz");
    expect(&f, HT_QUOTE_REPORTED, "man sei", "man sei bereit", "Wladimir Putin");
    expect(&f, HT_QUOTE_DIRECT, "Wir haben", NULL, "Karin Schulte");
    CU_ASSERT_EQUAL(f.a.nquotes, 3);
    fx_free(&f);
    /* "Das Kind sagte": someone the text names as no actor, not the speaker before */
    fx_str(&f, "Bürgermeister Thomas Weber lobte die Helfer. Das Kind sagte, es habe große "
               "Angst gehabt. Merz sprach. Die Pläne kritisierte Söder, sie seien teuer.");
    expect(&f, HT_QUOTE_REPORTED, "sie seien", "sie seien teuer", "Markus Söder");
    CU_ASSERT_EQUAL(f.a.nquotes, 1);
    fx_free(&f);
    /* "meldete" reports; a state's spokesperson speaks for its government */
    fx_str(&f, "Das israelische Militär meldete, fast alle Raketen seien abgefangen worden. "
               "Das sei inakzeptabel, sagte ein Regierungssprecher in Moskau.");
    expect(&f, HT_QUOTE_REPORTED, "fast alle", "fast alle Raketen seien abgefangen worden",
           "Israelische Armee");
    expect(&f, HT_QUOTE_REPORTED, "Das sei", "Das sei inakzeptabel", "Russische Regierung");
    fx_free(&f);
    /* but not a noun phrase after the apposition: an object or whom it was said to */
    fx_str(&f, "Im Update erklärt Eva Berger, Redakteurin der ZEIT, die Details des Plans. "
               "„Wir sind enttäuscht“, sagte Tom Weber, Chef von Acme, dem Redaktionsnetzwerk "
               "Deutschland.");
    CU_ASSERT_EQUAL(f.a.nquotes, 1);
    expect(&f, HT_QUOTE_DIRECT, "Wir sind", NULL, "Tom Weber");
    fx_free(&f);
}

static void test_more_cues(void)
{
    fx f = { 0 };
    /* more speech verbs; a mood shown passes the speaker on */
    fx_str(&f, "Merz konterte, die SPD habe versagt. Klingbeil widersprach: Die Lage sei "
               "besser. Söder zeigte sich zuversichtlich. Die Union werde gewinnen.");
    expect(&f, HT_QUOTE_REPORTED, "die SPD", "die SPD habe versagt", "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "Die Lage", NULL, "Lars Klingbeil");
    expect(&f, HT_QUOTE_REPORTED, "Die Union", NULL, "Markus Söder");
    fx_free(&f);
    /* not a mood: the clause's own subject, as before */
    fx_str(&f, "Die Statistik zeigt sich stabil. Die SPD werde gewinnen.");
    expect(&f, HT_QUOTE_REPORTED, "Die SPD", NULL, "SPD");
    fx_free(&f);
    /* "laut" and "nach Angaben von" before a role and the name */
    fx_str(&f, "Laut CSU-Chef Markus Söder steht die Union. Nach Angaben von "
               "Bundesinnenminister Alexander Dobrindt (CSU) steigt die Zahl. Laut dem "
               "bayerischen Ministerpräsidenten Söder fällt sie.");
    expect(&f, HT_QUOTE_ACCORDING, "steht", "steht die Union", "Markus Söder");
    expect(&f, HT_QUOTE_ACCORDING, "steigt", "steigt die Zahl", "Alexander Dobrindt");
    expect(&f, HT_QUOTE_ACCORDING, "fällt", "fällt sie", "Markus Söder");
    fx_free(&f);
    /* a paper spoken to right after the verb is no quote */
    fx_str(&f, "Wolfgang Katzian sagte der „Kronen Zeitung“, man werde nicht zusehen.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_DIRECT), 0);
    expect(&f, HT_QUOTE_REPORTED, "man werde", NULL, "Wolfgang Katzian");
    fx_free(&f);
    /* "wie X mitteilte", "Das sagte X" */
    fx_str(&f, "Bis 2030 fallen Stellen weg, wie Volkswagen am Dienstag mitteilte. Wie Merz "
               "sagte, ist die Lage ernst. „Wir müssen umsteuern.“ Das sagte Klingbeil der dpa.");
    expect(&f, HT_QUOTE_REPORTED, "Bis 2030", "Bis 2030 fallen Stellen weg", "Volkswagen");
    expect(&f, HT_QUOTE_REPORTED, "ist die Lage", "ist die Lage ernst", "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Wir müssen", NULL, "Lars Klingbeil");
    fx_free(&f);
    /* a person named by age or by another word for the office */
    fx_str(&f, "Friedrich Merz kam. „Europa muss stark sein“, sagte der 70-Jährige. Die Lage "
               "sei ernst, so der Kanzler. Ministerpräsident Olaf Lies kam. „Wir handeln“, "
               "sagte der Regierungschef. Anna Berger und Paul Roth kamen. Die 45-Jährige "
               "sagte, es sei kalt.");
    expect(&f, HT_QUOTE_DIRECT, "Europa muss", NULL, "Friedrich Merz");
    expect(&f, HT_QUOTE_ACCORDING, "Die Lage", "Die Lage sei ernst", "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Wir handeln", NULL, "Olaf Lies");
    expect(&f, HT_QUOTE_REPORTED, "es sei kalt", NULL, "Anna Berger");
    fx_free(&f);
    /* a spokesperson speaks for the organisation, unless named */
    fx_str(&f, "Ein Sprecher des Auswärtigen Amts sagte, die Lage sei ernst. Die Kosten seien "
               "hoch, sagte eine Sprecherin von Volkswagen. Ein Sprecher des Verbands sagte, "
               "das sei falsch. Zuletzt sagte die Sprecherin des Weißen Hauses, Anna Berger: "
               "„Wir prüfen das.“");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", "die Lage sei ernst", "Auswärtiges Amt");
    expect(&f, HT_QUOTE_REPORTED, "Die Kosten", "Die Kosten seien hoch", "Volkswagen");
    expect(&f, HT_QUOTE_DIRECT, "Wir prüfen", NULL, "Anna Berger");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 2);  /* not the Verband's */
    fx_free(&f);
    /* "von" inside the noun phrase before a name between commas */
    fx_str(&f, "Der Chef von Siemens, Roland Busch, sagte, die Lage sei ernst.");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", NULL, "Roland Busch");
    fx_free(&f);
    /* not the writer's own Konjunktiv II: singular forms, a source of its own, a
     * contrast, a verb-first condition */
    fx_str(&f, "Merz sagte, die Steuern sollten sinken. Es wäre die erste Senkung. Merz sagte, "
               "die AfD sei gefährlich. Laut einer Umfrage würden viele sie wählen. Merz sagte, "
               "die Rente sei sicher. Ökonomen würden das allerdings anders sehen. Merz sagte, "
               "die Lage sei ernst. Hätten die Länder früher gehandelt, wären die Kosten "
               "geringer. Merz sagte, das Gesetz komme. Viele Bürger würden es begrüßen, wie "
               "Umfragen zeigen.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 5);
    fx_free(&f);
    /* "wie X mitteilte" does not take a clause another speech verb names */
    fx_str(&f, "Die Zahl sei gestiegen, sagte Faeser, wie das Innenministerium mitteilte.");
    expect(&f, HT_QUOTE_REPORTED, "Die Zahl", "Die Zahl sei gestiegen", "Nancy Faeser");
    CU_ASSERT_EQUAL(f.a.nquotes, 1);
    fx_free(&f);
    /* an age: someone unnamed of that age, or two people it may be, is no one */
    fx_str(&f, "Ein 19-Jähriger griff einen Mann an. Das Opfer, Thomas Brandt, kam in die "
               "Klinik. Der 19-Jährige sagte, er habe sich bedroht gefühlt.\n\nFriedrich Merz "
               "traf Markus Söder. „Wir sind uns einig“, sagte der 58-Jährige.\n\nDer "
               "70-jährige Rentner Hans Meier und sein Nachbar Klaus Weber stritten. „Ruhe!“, "
               "sagte der 70-Jährige.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 0);
    expect(&f, HT_QUOTE_DIRECT, "Wir sind", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "Ruhe", NULL, "Hans Meier");
    fx_free(&f);
    /* an age the text gave someone unnamed, by adjective or "Jahre alt" */
    fx_str(&f, "Der Prozess gegen den 52-jährigen Unternehmer begann. Richter Jan Roth sprach. "
               "„Ich bin unschuldig“, sagte der 52-Jährige.\n\nDer Angeklagte ist 34 Jahre "
               "alt. Richter Jan Roth sprach. „Nein“, sagte der 34-Jährige.");
    expect(&f, HT_QUOTE_DIRECT, "Ich bin", NULL, "");
    expect(&f, HT_QUOTE_DIRECT, "Nein", NULL, "");
    fx_free(&f);
    /* a subject that is an organisation's common noun is someone, not the last speaker */
    fx_str(&f, "Kretschmann sagte, es sei traurig. Das Unternehmen erklärte, die Region "
               "verliere viel. Die Handelskammer erklärte, es sei schade.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 1);
    fx_free(&f);
    /* "zeigte sich ...:" is no title shown: the clause's subject speaks */
    fx_str(&f, "Joachim Herrmann zeigte sich zuversichtlich: „Wir schaffen das.“");
    expect(&f, HT_QUOTE_DIRECT, "Wir schaffen", NULL, "Joachim Herrmann");
    fx_free(&f);
    /* Konjunktiv II after a direct quote with its speaker goes on with it */
    fx_str(&f, "„Ein Befreiungsschlag“, sagte Analyst Tobias Kohl. Die Margen hätten die "
               "Erwartungen übertroffen.");
    expect(&f, HT_QUOTE_REPORTED, "Die Margen", NULL, "Tobias Kohl");
    fx_free(&f);
    /* another word for an office that two of the last people hold names no one */
    fx_str(&f, "Österreichs Kanzler Christian Stocker traf Friedrich Merz. Der Regierungschef "
               "betonte, Wien stehe zur EU.");
    CU_ASSERT_EQUAL(f.a.nquotes, 0);
    fx_free(&f);
    /* Konjunktiv II goes on with a report, not in a condition or on its own */
    fx_str(&f, "Merz sagte, die Lage sei ernst. Die Länder hätten zu wenig getan. Wenn sie "
               "mehr getan hätten, wäre es besser.\n\nDie Lage ist ernst. Die Länder "
               "würden zu wenig tun.");
    expect(&f, HT_QUOTE_REPORTED, "Die Länder hätten", "Die Länder hätten zu wenig getan",
           "Friedrich Merz");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 2);
    fx_free(&f);
    /* a quote over two paragraphs: the first left open, the second opened again */
    fx_str(&f, "Merz sagte: „Wir sind bereit. Aber nicht um jeden Preis.\n\n„Die SPD muss "
               "jetzt liefern.“\n\nSöder sagte: „Nie.\n\nDas war es.");
    expect(&f, HT_QUOTE_DIRECT, "Wir sind", "Wir sind bereit. Aber nicht um jeden Preis.",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_DIRECT, "Die SPD", "Die SPD muss jetzt liefern.", "Friedrich Merz");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_DIRECT), 2);  /* an open mark with no next one: none */
    fx_free(&f);
    /* spans: a mark closing quoted words at the clause's end is the clause's; a
     * genitive apostrophe is no quotation mark */
    fx_str(&f, "Merz sagte, die Lage habe sich «massiv verschlechtert». Merz' Vorschlag sei "
               "unausgewogen, so Brantner weiter.");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", "die Lage habe sich «massiv verschlechtert»",
           "Friedrich Merz");
    expect(&f, HT_QUOTE_ACCORDING, "Merz' Vorschlag", "Merz' Vorschlag sei unausgewogen",
           "Franziska Brantner");
    fx_free(&f);
    /* a reported clause ends before the speaker's own next verb; "Das sagte X
     * nicht" names no speaker */
    fx_str(&f, "Merz sagte, die Lage sei ernst, und verließ den Saal. Söder sagte, es sei "
               "kalt, und letzte Woche sei es schlimmer gewesen. „Wir fordern mehr.“ Das "
               "sagte Werneke nicht.");
    expect(&f, HT_QUOTE_REPORTED, "die Lage", "die Lage sei ernst", "Friedrich Merz");
    expect(&f, HT_QUOTE_REPORTED, "es sei kalt",
           "es sei kalt, und letzte Woche sei es schlimmer gewesen", "Markus Söder");
    expect(&f, HT_QUOTE_DIRECT, "Wir fordern", NULL, "");
    fx_free(&f);
    /* an age before a noun is that noun's: no one found */
    fx_str(&f, "Merz kam. Der 70-Jährige Rentner sagte, es sei kalt.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_REPORTED), 0);
    fx_free(&f);
}

static void test_unbalanced(void)
{
    fx f = { 0 };
    fx_str(&f, "„Das ist offen, sagte Merz.\n\nNeuer Absatz ohne Ende „ “ ” « »");
    for (size_t q = 0; q < f.a.nquotes; q++)
        CU_ASSERT_TRUE(f.a.quotes[q].kind != HT_QUOTE_DIRECT ||
                       f.a.quotes[q].start > f.d.paragraphs.v[0].end);
    fx_str(&f, "“ ” “ ” » « ‚ ‘ ’ ' \" \" „");
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    fx_str(&f, "Er sagte: „Wir „kommen“ sicher“ und „ging“, sagte Merz.");
    check_sorted(&f);
    expect(&f, HT_QUOTE_DIRECT, "Wir „kommen“ sicher", "Wir „kommen“ sicher", "");
    fx_str(&f, "„“, sagte Merz. „ “");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_DIRECT), 0);
    fx_free(&f);
}

static char *repeat(const char *unit, size_t times, const char *middle)
{
    size_t ul = strlen(unit), ml = strlen(middle);
    char *s = malloc(2 * ul * times + ml + 1);
    if (!s)
        return NULL;
    char *p = s;
    for (size_t i = 0; i < times; i++, p += ul)
        memcpy(p, unit, ul);
    memcpy(p, middle, ml);
    p += ml;
    *p = '\0';
    return s;
}

/* Found by tests/fuzz/fuzz_actors (a heap overflow under AddressSanitizer):
 * ", so er" names its speaker by a pronoun, which has no mention, and
 * mentions[-1] was read to see whether the speaker ends the sentence. */
static void test_so_pronoun(void)
{
    fx f = { 0 };
    fx_str(&f, ",so Sr,so er e");  /* the fuzzer's input */
    check_sorted(&f);
    fx_str(&f, "Die Lage sei ernst, so Anna Kr\xc3\xbcger. Die Kosten seien zu hoch, so sie.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_ACCORDING), 2);
    expect(&f, HT_QUOTE_ACCORDING, "Die Kosten", "Die Kosten seien zu hoch", "Anna Kr\xc3\xbcger");
    const ht_quote *q = quote(&f, HT_QUOTE_ACCORDING, "Die Kosten");
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    CU_ASSERT_EQUAL(q->speaker_mention, -1);  /* a pronoun */
    /* ", so sie" that does not end its sentence is not an attribution, but for
     * an adverb such as "weiter" */
    fx_str(&f, "Die Lage sei ernst, so Anna Kr\xc3\xbcger. Die Kosten seien zu hoch, so sie es "
               "sehe.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_ACCORDING), 1);
    fx_str(&f, "Die Lage sei ernst, so Anna Kr\xc3\xbcger. Die Kosten seien zu hoch, so sie weiter.");
    CU_ASSERT_EQUAL(count_kind(&f, HT_QUOTE_ACCORDING), 2);
    fx_free(&f);
}

static void test_deep_nesting(void)
{
    fx f = { 0 };
    char *open = repeat("„", 200, "Kern, sagte Merz");
    CU_ASSERT_PTR_NOT_NULL_FATAL(open);
    size_t len = strlen(open);
    char *all = malloc(len + 200 * 3 + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    memcpy(all, open, len);
    for (size_t i = 0; i < 200; i++)
        memcpy(all + len + 3 * i, "“", 3);
    all[len + 600] = '\0';
    clock_t t0 = clock();
    fx_str(&f, all);
    CU_ASSERT_TRUE((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    CU_ASSERT_TRUE(count_kind(&f, HT_QUOTE_DIRECT) <= 1);
    check_sorted(&f);
    free(open);
    free(all);
    /* 300000 marks in one paragraph: bounded work per mark */
    char *many = repeat("„ ", 150000, "");
    char *tail = repeat("“ ", 150000, "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(many);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
    size_t ml = strlen(many), tl = strlen(tail);
    char *both = malloc(ml + tl + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(both);
    memcpy(both, many, ml);
    memcpy(both + ml, tail, tl + 1);
    t0 = clock();
    fx_str(&f, both);
    CU_ASSERT_TRUE((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
    free(many);
    free(tail);
    free(both);
    fx_free(&f);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "the example article's quotes and speakers", test_example_quotes },
        { "fixture articles' quotes and speakers", test_fixture_quotes },
        { "every kind of quotation mark, nesting", test_marks },
        { "speech verbs before and after, pronouns, so X", test_attribution_patterns },
        { "speakers the gazetteer does not know", test_discovered_speaker },
        { "Konjunktiv I, laut, zufolge", test_reported_speech },
        { "said clauses: after \"sagte,\" and before \", sagte X.\"", test_said_clauses },
        { "a review's cases: inquits, spans, relative clauses, roles, pronouns", test_review_cases },
        { "interview answers after \"Name:\"", test_interview },
        { "walkthrough cases: asides, unnamed speakers, titles", test_walkthrough_cases },
        { "more cues: moods, roles after laut, wie X sagte, ages", test_more_cues },
        { "appositions, asides, pronouns after a quote, erzählte", test_appositions },
        { "unbalanced and stray marks", test_unbalanced },
        { "200 nested marks and 300000 marks", test_deep_nesting },
        { "so + pronoun at a sentence's end (fuzz)", test_so_pronoun },
        { NULL, NULL }
    };
    return ht_test_main("quotes", cases);
}
