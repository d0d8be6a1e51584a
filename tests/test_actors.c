/* test_actors.c: the gazetteer (loading, user files, errors) and the actor
 * finder on fixture articles (tests/data/articles/), the example article and
 * pathological input: exact actors, mention counts, offsets and flags. */
#include <linear.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classifier/actors.h"
#include "classifier/document.h"
#include "classifier/gazetteer.h"
#include "classifier/model.h"
#include "classifier/vectors.h"
#include "features/extract.h"
#include "tests/actors_fixture.h"
#include "tests/support.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#define EXAMPLE "../shared/examples/putin-trump-telefonat.txt"

static const ht_actor *actor(const fx *f, const char *name)
{
    int32_t k = ht_analysis_find(&f->a, name);
    if (k < 0)
        fprintf(stderr, "no actor \"%s\"\n", name);
    return k < 0 ? NULL : &f->a.actors[k];
}

static size_t count(const fx *f, const char *name)
{
    const ht_actor *a = actor(f, name);
    return a ? a->mention_count : 0;
}

/* The j-th mention of an actor. */
static const ht_mention *mention(const fx *f, const char *name, size_t j)
{
    int32_t k = ht_analysis_find(&f->a, name);
    for (size_t m = 0; k >= 0 && m < f->a.nmentions; m++)
        if (f->a.mentions[m].actor == (uint32_t)k && j-- == 0)
            return &f->a.mentions[m];
    return NULL;
}

static int span_is(const fx *f, uint32_t start, uint32_t end, const char *text)
{
    return end - start == strlen(text) && !memcmp(f->d.text.s + start, text, end - start);
}

/* Mention j of name is `text` at byte start, with the given flags set. */
static void check_mention(const fx *f, const char *name, size_t j, const char *text,
                          uint32_t start, unsigned flags)
{
    const ht_mention *m = mention(f, name, j);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->start, start);
    CU_ASSERT_TRUE(span_is(f, m->start, m->end, text));
    CU_ASSERT_EQUAL(m->flags & flags, flags);
}

/* Actors in order of first mention, mentions in text order, counts consistent. */
static void check_invariants(const fx *f)
{
    const ht_analysis *a = &f->a;
    size_t total = 0;
    for (size_t k = 0; k < a->nactors; k++) {
        total += a->actors[k].mention_count;
        CU_ASSERT_TRUE(a->actors[k].mention_count > 0);
        if (k)
            CU_ASSERT_TRUE(a->actors[k - 1].first_mention < a->actors[k].first_mention);
        CU_ASSERT_EQUAL(a->mentions[a->actors[k].first_mention].actor, k);
    }
    CU_ASSERT_EQUAL(total, a->nmentions);
    for (size_t m = 0; m < a->nmentions; m++) {
        CU_ASSERT_TRUE(a->mentions[m].end <= f->d.text.len);
        CU_ASSERT_TRUE(a->mentions[m].start < a->mentions[m].end);
        if (m)
            CU_ASSERT_TRUE(a->mentions[m - 1].end <= a->mentions[m].start);
    }
    for (size_t q = 0; q < a->nquotes; q++) {
        CU_ASSERT_TRUE(a->quotes[q].start < a->quotes[q].end);
        CU_ASSERT_TRUE(a->quotes[q].end <= f->d.text.len);
        CU_ASSERT_TRUE(a->quotes[q].speaker < (int32_t)a->nactors);
    }
}

/* ---- gazetteer ------------------------------------------------------------------------------ */

static void test_gazetteer_load(void)
{
    ht_gazetteer *g = load_gazetteer();
    CU_ASSERT_TRUE(ht_gazetteer_size(g) >= 1272);
    CU_ASSERT_TRUE(ht_gazetteer_firstnames(g) >= 2400);
    CU_ASSERT_TRUE(ht_gazetteer_roles(g) >= 600);
    CU_ASSERT_STRING_EQUAL(ht_actor_type_name(HT_ACTOR_PERSON), "person");
    CU_ASSERT_STRING_EQUAL(ht_actor_type_name(HT_ACTOR_ORG), "organisation");
    CU_ASSERT_STRING_EQUAL(ht_actor_type_name(HT_ACTOR_LOCATION), "location");
    ht_gazetteer_free(g);
}

static void expect_add_error(const char *json, const char *fragment1, const char *fragment2)
{
    ht_gazetteer *g = load_gazetteer();
    size_t before = ht_gazetteer_size(g);
    const char *path = ht_test_write_temp("bad-actors.json", json, strlen(json));
    ht_error err = { 0 };
    ht_status st = ht_gazetteer_add_file(g, path, &err);
    CU_ASSERT_NOT_EQUAL(st, HT_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "bad-actors.json"));
    if (!strstr(err.msg, fragment1) || (fragment2 && !strstr(err.msg, fragment2)))
        fprintf(stderr, "unexpected message: %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, fragment1));
    if (fragment2)
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, fragment2));
    CU_ASSERT_EQUAL(ht_gazetteer_size(g), before);
    ht_gazetteer_free(g);
}

/* The gazetteer key taken from the document's token hash equals the one
 * hashed from the key text, for every kind of short token. */
static void test_key_from_token_hash(void)
{
    const char *text = "Ärger in Köln: Straße, STRAẞE, 1.000 Euro, 18. März, 3,5 %, "
                       "https://example.org, @bundestag, #Wahl, suuuper, CDU/CSU, Putins.";
    ht_doc d = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, text, strlen(text), &err), HT_OK);
    CU_ASSERT_TRUE(d.tokens.n > 20);
    for (size_t i = 0; i < d.tokens.n; i++) {
        char buf[HT_GZ_KEY_MAX];
        size_t len = ht_token_key(d.text.s, &d.tokens.v[i], buf, sizeof buf);
        CU_ASSERT_EQUAL(ht_gz_key_of_token_hash(d.keys[i]), ht_gz_key_hash(buf, len));
        CU_ASSERT_EQUAL(d.keys[i], ht_token_key_hash(d.text.s, &d.tokens.v[i]));
    }
    ht_doc_free(&d);
}

static void test_gazetteer_errors(void)
{
    expect_add_error("{\"version\": 1, \"actors\": [", "bad-actors.json:", NULL);
    expect_add_error("[1, 2]", "top level", NULL);
    expect_add_error("{\"actors\": {}}", "\"actors\" must be an array", NULL);
    expect_add_error("{\"version\": 2, \"actors\": []}", "version", NULL);
    expect_add_error("{\"actors\": [{\"name\": \"A B\", \"type\": \"person\", \"aliases\": []},"
                     " {\"name\": \"Stadtwerke X\", \"type\": \"firma\", \"aliases\": []}]}",
                     "actors[1]", "Stadtwerke X");
    expect_add_error("{\"actors\": [{\"name\": \"Stadtwerke X\", \"type\": \"organisation\", "
                     "\"aliases\": \"SWX\"}]}", "actors[0] (\"Stadtwerke X\")", "aliases");
    expect_add_error("{\"actors\": [{\"name\": \"Stadtwerke X\", \"type\": \"organisation\", "
                     "\"aliases\": [\"SWX\", 3]}]}", "aliases[1]", "Stadtwerke X");
    expect_add_error("{\"actors\": [{\"name\": 7, \"type\": \"organisation\", \"aliases\": []}]}",
                     "actors[0]", "\"name\"");
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"location\", \"aliases\": [],"
                     " \"stands_for\": \"Atlantis\"}]}", "Atlantis", "actors[0] (\"X\")");
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"person\", \"aliases\": [], "
                     "\"role\": 5}]}", "\"role\"", NULL);
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"person\", \"aliases\": [],"
                     " \"party\": \"Atlantis-Partei\"}]}", "\"party\": no actor named "
                     "\"Atlantis-Partei\"", "actors[0] (\"X\")");
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"person\", \"aliases\": [], "
                     "\"party\": 5}]}", "\"party\"", NULL);
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"organisation\", \"aliases\": [], "
                     "\"ballot\": [\"X\"]}]}", "\"ballot\"", NULL);
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"organisation\", \"aliases\": [], "
                     "\"abroad\": [\"CH\"]}]}", "\"abroad\" must be an object", NULL);
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"organisation\", \"aliases\": [], "
                     "\"abroad\": {\"CH\": 3}}]}", "\"abroad\" must map country codes", NULL);
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"organisation\", \"aliases\": [], "
                     "\"abroad\": {\"CH\": \"Atlantis-Rat\"}}]}", "\"abroad\": no actor named "
                     "\"Atlantis-Rat\"", "actors[0] (\"X\")");
    /* a misspelt field is named, not silently left out */
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"person\", \"partei\": \"CDU\"}]}",
                     "unknown field \"partei\"", "actors[0] (\"X\")");
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"person\", \"aliases\": []}, "
                     "{\"name\": \"X\", \"type\": \"person\", \"aliases\": []}]}", "duplicate",
                     "actors[1]");
    expect_add_error("{\"actors\": [{\"name\": \"A\\u0000B\", \"type\": \"person\"}]}",
                     "bad-actors.json:1:", "holds \\u0000 (NUL)");
    /* an entry's error names the line it starts on, past strings with brackets,
     * commas and escaped quotes and a nested array */
    expect_add_error("{\"version\": 1, \"note\": \"[a, b]\", \"actors\": [\n"
                     "{\"name\": \"A \\\"x\\\", [y]\", \"type\": \"person\", \"aliases\": [\"a\", \"b\"]},\n\n"
                     "  {\"name\": \"B\", \"type\": \"persn\", \"aliases\": []}\n]}",
                     "bad-actors.json:4: actors[1] (\"B\")", "\"type\"");
    expect_add_error("{\"actors\": [{\"name\": \"X\", \"type\": \"person\", \"aliases\": []},\n"
                     "{\"name\": \"X\", \"type\": \"person\", \"aliases\": []}]}",
                     "bad-actors.json:2: actors[1]", "duplicate");

    ht_error err = { 0 };
    ht_gazetteer *g = ht_gazetteer_new(&err);
    CU_ASSERT_NOT_EQUAL(ht_gazetteer_add_file(g, "no/such/actors.json", &err), HT_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no/such/actors.json"));
    CU_ASSERT_NOT_EQUAL(ht_gazetteer_add_file(g, "models", &err), HT_OK);  /* a folder */
    CU_ASSERT_STRING_EQUAL(err.msg, "models: cannot open: Is a directory");
    CU_ASSERT_NOT_EQUAL(ht_gazetteer_load_dir(g, "no/such/dir", &err), HT_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no/such/dir"));
    ht_gazetteer_free(g);
    /* a first name's gender column is f, m, u or nothing */
    const char *names = ht_test_write_temp("firstnames.txt", "# names\nAnna\tf\nKim\nOlaf\tx\n",
                                           strlen("# names\nAnna\tf\nKim\nOlaf\tx\n"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", names);
    *strrchr(dir, '/') = '\0';
    char cmd[2200];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/gz && mv %s %s/gz/firstnames.txt && "
             "cp models/roles.txt models/actors.json %s/gz/", dir, names, dir, dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/gz", dir);
    g = ht_gazetteer_new(&err);
    CU_ASSERT_EQUAL(ht_gazetteer_load_dir(g, cmd, &err), HT_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "gz/firstnames.txt:4: after the name, f, m or u "
                                           "(its gender) or nothing, not 'x'"));
    ht_gazetteer_free(g);
    snprintf(cmd, sizeof cmd, "printf 'Anna\\tf\\nPeter m\\n' > %s/gz/firstnames.txt", dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/gz", dir);
    g = ht_gazetteer_new(&err);
    CU_ASSERT_EQUAL(ht_gazetteer_load_dir(g, cmd, &err), HT_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "gz/firstnames.txt:2: a first name is one word, its "
                                           "gender after a tab: 'Peter m'"));
    ht_gazetteer_free(g);
}

/* A name after the finite verb is the subject only if the part before the
 * verb is not: "Merz kritisiert Scholz" (Scholz the object), but "Gestern
 * kritisierte Merz ..." and "..., sagte Merz" (Merz the subject). */
static void test_subject_after_the_verb(void)
{
    static const struct {
        const char *text, *name;
        int subject;
    } cases[] = {
        { "Merz kritisiert Scholz scharf.", "Olaf Scholz", 0 },
        { "Merz kritisiert Scholz scharf.", "Friedrich Merz", 1 },
        { "Merz hat Scholz gelobt.", "Olaf Scholz", 0 },
        { "Er hat Scholz gelobt.", "Olaf Scholz", 0 },
        { "Wir haben Scholz gewarnt.", "Olaf Scholz", 0 },
        { "Gestern kritisierte Merz die Pläne.", "Friedrich Merz", 1 },
        { "Das sei falsch, sagte Merz.", "Friedrich Merz", 1 },
        { "Wie Merz sagte, ist Scholz müde.", "Olaf Scholz", 1 },
        /* a focus particle is no prefield; a compound ending in a role is a role */
        { "Auch Alice Weidel kritisierte den Plan.", "Alice Weidel", 1 },
        { "Auch die AfD kritisierte den Plan.", "AfD", 1 },
        { "Gestern kritisierte sogar Merz den Plan.", "Friedrich Merz", 1 },
        { "Merz kritisierte auch Scholz.", "Olaf Scholz", 0 },
        { "Grünen-Politiker Anton Hofreiter kritisierte den Plan.", "Anton Hofreiter", 1 },
        { "Die AfD-Vorsitzende Alice Weidel kritisierte den Plan.", "Alice Weidel", 1 },
        /* a particle after a comma is no evidence of a subject */
        { "Merz lobte die Grünen, nur die AfD nicht.", "AfD", 0 },
        /* a verb-first clause after a main clause shares its subject */
        { "Merz lehnte das ab und kritisierte die AfD.", "AfD", 0 },
        { "Merz lehnte das ab, kritisierte die AfD.", "AfD", 0 },
        { "Er lehnte das ab, unterstützte auch die AfD.", "AfD", 0 },
        { "Merz lobte die Grünen, kritisierte aber die AfD.", "AfD", 0 },
        { "Merz lobte die Grünen und kritisierte die AfD.", "Friedrich Merz", 1 },
        /* but not after a subordinate clause, a quotation or a speech verb */
        { "Als Merz ankam, kritisierte die AfD den Plan.", "AfD", 1 },
        { "Nachdem Merz gesprochen hatte, kritisierte die AfD den Plan.", "AfD", 1 },
        { "„Das ist falsch“, sagte die AfD.", "AfD", 1 },
        { "Merz warnte, kommt die AfD an die Macht, droht Chaos.", "AfD", 1 },
        { "Wir werden das unterstützen, sagte die AfD.", "AfD", 1 },
        { "Er werde das unterstützen, sagte die AfD.", "AfD", 1 },
        { "Merz fügte hinzu, kommt die AfD an die Macht, droht Chaos.", "AfD", 1 },
        { "Gestern kritisierte aber die AfD den Plan.", "AfD", 1 },
        /* a noun phrase first in the clause is its subject */
        { "Der Verband forderte Merz auf, das zu stoppen.", "Friedrich Merz", 0 },
        { "Die Gewerkschaften lobten Klingbeil für den Vorstoß.", "Lars Klingbeil", 0 },
        { "Auch der Verband lobte Klingbeil.", "Lars Klingbeil", 0 },
        /* but "die"/"das" may open an object before a singular verb */
        { "Die Pläne kritisierte Friedrich Merz am Montag scharf.", "Friedrich Merz", 1 },
        { "Das Gesetz lehnt die AfD ab.", "AfD", 1 },
        { "Die Entscheidung kritisierte Friedrich Merz scharf.", "Friedrich Merz", 1 },
        /* unless the noun names someone who acts */
        { "Die Gewerkschaft lobte Klingbeil für den Vorstoß.", "Lars Klingbeil", 0 },
        { "Die Ministerin kritisierte Friedrich Merz scharf.", "Friedrich Merz", 0 },
        { "Das Landgericht verurteilte Friedrich Merz.", "Friedrich Merz", 0 },
        { "Die Bundesregierung lehnt die AfD ab.", "AfD", 0 },
        /* an outlet in quotation marks after a dative; "der" before "-en" is no nominative */
        { "Dem „Spiegel“ sagte Dobrindt, die Lage sei ernst.", "Spiegel", 0 },
        { "Der Süddeutschen Zeitung sagte Söder, die Lage sei ernst.", "Süddeutsche Zeitung", 0 },
        { "Der Deutsche Bundestag beschloss das Gesetz.", "Bundestag", 1 },
        { "Der Regierungssprecher Steffen Hebestreit kritisierte Merz.", "Steffen Hebestreit",
          1 },
        /* an ordinary noun that only ends like a body ("Einführung", "Datenbank") */
        { "Die Einführung der Wehrpflicht lehnte Pistorius ab.", "Boris Pistorius", 1 },
        { "Die Datenbank lobte Wildberger.", "Karsten Wildberger", 1 },
        { "Der „Spiegel“ berichtete über den Fall.", "Spiegel", 1 },
        /* coordinated clauses with subjects of their own; inquits */
        { "Friedrich Merz lobte und die SPD kritisierte den Plan.", "SPD", 1 },
        { "Wladimir Putin will keinen Frieden, sagte Wolodymyr Selenskyj.",
          "Wolodymyr Selenskyj", 1 },
        { "Der Antrag scheiterte. (Friedrich Merz hatte zuvor gewarnt.)", "Friedrich Merz", 1 },
        { "In der Debatte lobte Merz die Grünen.", "Friedrich Merz", 1 },
        { "Das sagte Merz am Montag.", "Friedrich Merz", 1 },
        /* a party in brackets is an aside */
        { "Friedrich Merz (CDU) kritisierte den Plan.", "CDU", 0 },
        { "Friedrich Merz (CDU) kritisierte den Plan.", "Friedrich Merz", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fx f = { 0 };
        fx_str(&f, cases[i].text);
        const ht_mention *m = mention(&f, cases[i].name, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        if (((m->flags & HT_MF_SUBJECT) != 0) != cases[i].subject)
            fprintf(stderr, "\n  %s: %s taken %s the subject\n", cases[i].text,
                    cases[i].name, cases[i].subject ? "for not" : "for");
        CU_ASSERT_EQUAL((m->flags & HT_MF_SUBJECT) != 0, cases[i].subject);
        fx_free(&f);
    }
}

static void test_gazetteer_user_file(void)
{
    static const char json[] =
        "{\"version\": 1, \"actors\": [\n"
        "{\"name\": \"Stadtwerke Lindenau\", \"type\": \"organisation\", \"aliases\": "
        "[\"SWL\"], \"role\": \"Energieversorger\", \"country\": \"DE\"},\n"
        "{\"name\": \"Friedrich Merz\", \"type\": \"person\", \"aliases\": [\"F. Merz\"], "
        "\"role\": \"Testrolle\"}\n]}";
    fx f = { 0 };
    f.g = load_gazetteer();
    size_t before = ht_gazetteer_size(f.g);
    ht_error err = { 0 };
    const char *path = ht_test_write_temp("user-actors.json", json, sizeof json - 1);
    CU_ASSERT_EQUAL_FATAL(ht_gazetteer_add_file(f.g, path, &err), HT_OK);
    CU_ASSERT_EQUAL(ht_gazetteer_size(f.g), before + 1);  /* Merz replaced, not added */
    fx_str(&f, "Merz schwieg. Die SWL erhöhen die Preise. Die Stadtwerke Lindenau "
               "bestätigten das. F. Merz sagte nichts. Danach schwieg Merz.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Stadtwerke Lindenau"), 2);
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 2);  /* "Merz" only after "F. Merz" */
    check_mention(&f, "Friedrich Merz", 0, "F. Merz", 85, HT_MF_SUBJECT);
    const ht_actor *m = actor(&f, "Friedrich Merz");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_STRING_EQUAL(m->role, "Testrolle");
    fx_free(&f);
    /* a byte-order mark before it, as some editors write one */
    static const char bom[] = "\xEF\xBB\xBF{\"version\": 1, \"actors\": [{\"name\": "
                              "\"Stadtwerke Kranichau\", \"type\": \"organisation\", "
                              "\"aliases\": []}]}";
    f.g = load_gazetteer();
    before = ht_gazetteer_size(f.g);
    path = ht_test_write_temp("bom-actors.json", bom, sizeof bom - 1);
    CU_ASSERT_EQUAL(ht_gazetteer_add_file(f.g, path, &err), HT_OK);
    CU_ASSERT_EQUAL(ht_gazetteer_size(f.g), before + 1);
    fx_free(&f);
}

/* ---- matching ------------------------------------------------------------------------------- */

static void test_inflection(void)
{
    fx f = { 0 };
    fx_str(&f, "Putins Sprecher und die Sprecherin des Kremls widersprachen. Das Weiße Haus "
               "schwieg, im Weißen Haus war man still, die Sprecher des Weißen Hauses auch. "
               "Die Pläne der Bundesregierung und der Europäischen Union sind bekannt. "
               "Ein Treffen mit Vertretern der Vereinten Nationen ist geplant. "
               "Der Weißes Haus-Sprecher fehlte.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Wladimir Putin"), 1);
    check_mention(&f, "Wladimir Putin", 0, "Putins", 0, HT_MF_GENITIVE);
    check_mention(&f, "Kreml", 0, "Kremls", 39, HT_MF_GENITIVE);
    CU_ASSERT_EQUAL(count(&f, "Weißes Haus"), 3);  /* not inside "Haus-Sprecher" */
    check_mention(&f, "Weißes Haus", 0, "Weiße Haus", 65, HT_MF_SUBJECT);
    check_mention(&f, "Weißes Haus", 1, "Weißen Haus", 89, 0);
    CU_ASSERT_FALSE(mention(&f, "Weißes Haus", 1)->flags & HT_MF_METONYM);  /* im Weißen Haus */
    CU_ASSERT_TRUE(mention(&f, "Weißes Haus", 0)->flags & HT_MF_METONYM);
    check_mention(&f, "Weißes Haus", 2, "Weißen Hauses", 134, HT_MF_GENITIVE);
    check_mention(&f, "Bundesregierung", 0, "Bundesregierung", 170, HT_MF_GENITIVE);
    CU_ASSERT_EQUAL(count(&f, "Europäische Union"), 1);
    CU_ASSERT_EQUAL(count(&f, "Vereinte Nationen"), 1);
    fx_free(&f);
}

static void test_case_and_capitals(void)
{
    fx f = { 0 };
    /* "linke" is an adjective, "ZEIT" only in capitals, "zeit" and "Zeit" are words */
    fx_str(&f, "Die linke Seite hat keine Zeit. Er las die ZEIT und sprach mit der Linken.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Zeit Online"), 1);
    check_mention(&f, "Zeit Online", 0, "ZEIT", 43, 0);
    CU_ASSERT_EQUAL(count(&f, "Die Linke"), 1);  /* der Linken, not die linke Seite */
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    fx_free(&f);
}

/* Two forms of one entry that differ in case ("dpa" and "DPA", "deutsche
 * Regierung" and "Deutsche Regierung") each match as written; the one
 * listed last used to set the capitals for both. A one-word organisation
 * after an indefinite article is the common noun. */
static void test_forms_in_two_cases(void)
{
    static const char *const found[][2] = {
        { "Das meldet dpa.", "dpa" }, { "Das meldet DPA.", "dpa" },
        { "Das sagte Kommissionschefin von der Leyen.", "Ursula von der Leyen" },
        { "Das sagte Von der Leyen.", "Ursula von der Leyen" },
        { "Das bestreitet die deutsche Regierung.", "Bundesregierung" },
        { "Das meldet der Spiegel.", "Spiegel" }, { "Das meldet der SPIEGEL.", "Spiegel" },
        { "Die Fifa widerspricht.", "Fifa" }, { "Die FIFA widerspricht.", "Fifa" },
    };
    for (size_t i = 0; i < sizeof found / sizeof *found; i++) {
        fx f = { 0 };
        fx_str(&f, found[i][0]);
        check_invariants(&f);
        if (count(&f, found[i][1]) != 1)
            fprintf(stderr, "in \"%s\"\n", found[i][0]);
        CU_ASSERT_EQUAL(count(&f, found[i][1]), 1);
        fx_free(&f);
    }
    fx f = { 0 };
    fx_str(&f, "Die Polizei ist ein Spiegel der Gesellschaft, kein Spiegel der Politik.");
    CU_ASSERT_EQUAL(f.a.nactors, 1);  /* the police, not the magazine */
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Polizei"));
    fx_free(&f);
    /* after a feminine article the name is the actor ("keine Nato") */
    fx_str(&f, "Ohne die USA gibt es keine Nato. Wir brauchen eine Bundesregierung, die handelt.");
    CU_ASSERT_EQUAL(count(&f, "NATO"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bundesregierung"), 1);
    fx_free(&f);
}

static void test_surname_linking(void)
{
    fx f = { 0 };
    fx_str(&f, "Katherina Reiche stellte ihren Plan vor. Reiche sagte, er sei solide. "
               "Der Plan sei gut für reiche Länder. Weil die Zeit drängt, eilt Reiche.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Katherina Reiche"), 3);
    check_mention(&f, "Katherina Reiche", 1, "Reiche", 41, HT_MF_SUBJECT);
    fx_free(&f);
    /* after a form of address or a role too, not as a second actor */
    fx_str(&f, "Die Ministerin Thekla Walker kam. Frau Walker, reicht das? Walker sagte nein. "
               "Die Ministerin Walker ging.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(f.a.nactors, 1);
    CU_ASSERT_EQUAL(count(&f, "Thekla Walker"), 4);
    fx_free(&f);
    /* a sports role before an ordinary capitalised word names no one */
    fx_str(&f, "Manuel Neuer bleibt Torwart Nummer eins. Jeder Spieler Hoffenheims kam.");
    CU_ASSERT_PTR_NULL(actor(&f, "Nummer"));
    CU_ASSERT_PTR_NULL(actor(&f, "Hoffenheims"));
    fx_free(&f);
    /* a surname that is a first name too, standing alone; not before another name */
    fx_str(&f, "Ministerpräsident Daniel Günther kam. Das sei falsch, sagte Günther. Der Anwalt "
               "Peter Werner kam. Werner sagte nein. Werner Kogler schwieg.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Daniel Günther"), 2);
    CU_ASSERT_EQUAL(count(&f, "Peter Werner"), 2);
    CU_ASSERT_EQUAL(count(&f, "Werner Kogler"), 1);
    fx_free(&f);
    /* a surname before the full name is that person's, if one person of a fitting
     * gender has it */
    fx_str(&f, "Ministerin Reiche will sparen. Das sagte Wirtschaftsministerin Katherina Reiche "
               "am Montag. Ministerin Walker kam. Anna Walker und Peter Walker sprachen. Herr "
               "Berger kam. Später kam Katrin Berger.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Katherina Reiche"), 2);
    CU_ASSERT_PTR_NULL(actor(&f, "Reiche"));
    CU_ASSERT_EQUAL(count(&f, "Anna Walker"), 2);
    CU_ASSERT_EQUAL(count(&f, "Peter Walker"), 1);
    CU_ASSERT_EQUAL(count(&f, "Berger"), 1);
    CU_ASSERT_EQUAL(count(&f, "Katrin Berger"), 1);
    fx_free(&f);
    fx_str(&f, "Daniel Günther kam. Günther de Maizière sagte nichts.");
    CU_ASSERT_EQUAL(count(&f, "Daniel Günther"), 1);
    CU_ASSERT_EQUAL(count(&f, "Günther de Maizière"), 1);
    fx_free(&f);
}

/* A famous person's surname alone is the text's own namesake once the text
 * has named one in full, unless it named the famous one in full first or by
 * the role it is known by. */
static void test_namesakes(void)
{
    fx f = { 0 };
    fx_str(&f, "Die Ärztin Anna Merz warnte. Merz sagte, es gehe um Entlastung. Merz' Praxis "
               "ist voll.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Anna Merz"), 3);
    CU_ASSERT_PTR_NULL(actor(&f, "Friedrich Merz"));
    fx_free(&f);
    /* a surname in the headline, before the text names its own, goes with it */
    fx_str(&f, "Merz warnt vor Grippe\n\nDie Ärztin Anna Merz warnt. Merz sagte, es sei ernst.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Anna Merz"), 3);
    CU_ASSERT_PTR_NULL(actor(&f, "Friedrich Merz"));
    fx_free(&f);
    /* the famous one named in full, or by his role, keeps the surname */
    fx_str(&f, "Bundeskanzler Friedrich Merz kam. Seine Nichte Anna Merz lachte. Merz sagte, "
               "es sei gut.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 2);
    CU_ASSERT_EQUAL(count(&f, "Anna Merz"), 1);
    fx_free(&f);
    fx_str(&f, "Die Ärztin Anna Merz warnte. Kanzler Merz sagte, es sei gut.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 1);
    CU_ASSERT_EQUAL(count(&f, "Anna Merz"), 1);
    fx_free(&f);
    /* two namesakes named in full: the bare surname stays with the famous one */
    fx_str(&f, "Merz kam. Anna Merz und Paul Merz lachten.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 1);
    fx_free(&f);
    /* a place's name as a surname after a role and a first name, and alone
     * afterwards before a speech verb, but not after a preposition, nor as
     * the subject of another verb, nor as a genitive; a club stays no person */
    fx_str(&f, "Der Anwalt Thomas Bremen kam. Bremen sagte nichts. In Bremen regnete es. "
               "Bremen liegt an der Weser. Bremens Senat tagte. Das 0:2 bei Viktoria Köln war "
               "bitter.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Thomas Bremen"), 2);
    CU_ASSERT_EQUAL(count(&f, "Bremen"), 3);
    CU_ASSERT_PTR_NULL(actor(&f, "Viktoria Köln"));
    fx_free(&f);
    /* the famous one spoken of by a role of theirs that names no one else
     * keeps the surname, present role or former, before or after the namesake */
    fx_str(&f, "Die Tochter des Kanzlers, Anna Merz, studiert. Merz sagte, er sei stolz.");
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 1);
    CU_ASSERT_EQUAL(count(&f, "Anna Merz"), 1);
    fx_free(&f);
    fx_str(&f, "Die Lehrerin Maria Scholz ist nicht mit dem Altkanzler verwandt. Scholz hatte "
               "gesagt, die Rente sei sicher.");
    CU_ASSERT_EQUAL(count(&f, "Olaf Scholz"), 1);
    fx_free(&f);
    fx_str(&f, "Trump droht mit Zöllen\n\nDie Nichte des Präsidenten, Mary Trump, kritisiert "
               "die Pläne.");
    CU_ASSERT_EQUAL(count(&f, "Donald Trump"), 1);
    CU_ASSERT_EQUAL(count(&f, "Mary Trump"), 1);
    fx_free(&f);
    /* a one-word organisation before a full name is the person's title */
    fx_str(&f, "SVP-Nationalrat Thomas Aeschi kritisierte die Vorlage. Die Bundesregierung "
               "Angela Merkels scheiterte.");
    CU_ASSERT_PTR_NULL(actor(&f, "Österreichischer Nationalrat"));
    CU_ASSERT_PTR_NULL(actor(&f, "Schweizer Nationalrat"));
    CU_ASSERT_EQUAL(count(&f, "Thomas Aeschi"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bundesregierung"), 1);
    fx_free(&f);
    /* after a role, two name words before a verb or a mark, though the first name is
     * not listed; not after "Major", not a second role */
    fx_str(&f, "Außenamtssprecherin Mao Ning sagte nichts. Verdi-Verhandlungsführer Marvin "
               "Reschinsky verteidigte den Streik. Der Major League Baseball droht ein Lockout. "
               "Er soll als Co-Trainer Nationalcoach Tite unterstützen.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Mao Ning"), 1);
    CU_ASSERT_EQUAL(count(&f, "Marvin Reschinsky"), 1);
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    fx_free(&f);
    /* short surnames in -ung and -ment after a first name; the nouns alone are none */
    fx_str(&f, "Stefan Hartung warnte. Sabine Jung lachte. Karin Clement kam. Die Zeitung "
               "kam. Frank Zeitung kam.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Stefan Hartung"), 1);
    CU_ASSERT_EQUAL(count(&f, "Sabine Jung"), 1);
    CU_ASSERT_EQUAL(count(&f, "Karin Clement"), 1);
    CU_ASSERT_EQUAL(f.a.nactors, 3);
    fx_free(&f);
}

/* A club named after its city is the club, not the city or a party. */
static void test_football_clubs(void)
{
    fx f = { 0 };
    fx_str(&f, "Bayern München schlug Union Berlin mit 3:0. Eintracht Frankfurt verlor.");
    check_invariants(&f);
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "FC Bayern München"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "1. FC Union Berlin"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Eintracht Frankfurt"));
    CU_ASSERT_EQUAL(f.a.nactors, 3);  /* no CDU/CSU, Berlin, Frankfurt */
    fx_free(&f);
    /* a name that starts with a party's alias, a company's or a city is another's */
    fx_str(&f, "Die Fondsgesellschaft Union Investment kauft, Siemens Gamesa streicht Stellen, "
               "Red Bull Salzburg siegte.");
    check_invariants(&f);
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Union Investment"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Siemens Gamesa"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "FC Red Bull Salzburg"));
    CU_ASSERT_EQUAL(f.a.nactors, 3);  /* no CDU/CSU, Siemens, Salzburg */
    fx_free(&f);
    /* a text that names the clubs names them by their places too, but not after "in" */
    fx_str(&f, "Bayern siegt in Dortmund. Der FC Bayern München gewann bei Borussia Dortmund. "
               "Bayern führte früh, Dortmunds Trainer war bedient. In Dortmund regnete es.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "FC Bayern München"), 3);
    CU_ASSERT_EQUAL(count(&f, "Borussia Dortmund"), 2);
    CU_ASSERT_EQUAL(count(&f, "Dortmund"), 2);
    CU_ASSERT_PTR_NULL(actor(&f, "Bayern"));  /* left with no mention, so no actor */
    fx_free(&f);
    /* a party's alias that is a word of a club's name is the club where sport is spoken of */
    fx_str(&f, "Der 1. FC Union Berlin hat 2:1 gewonnen. Union-Trainer Steffen Baumgart lobte "
               "sein Team: Union habe verdient gewonnen. Die Union will die Steuern senken.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "1. FC Union Berlin"), 2);
    CU_ASSERT_EQUAL(count(&f, "CDU/CSU"), 1);
    fx_free(&f);
    /* without the club, the place stays the place */
    fx_str(&f, "Bayern plant neue Schulen. Die Landesregierung in München entschied.");
    CU_ASSERT_EQUAL(count(&f, "Bayern"), 1);
    fx_free(&f);
    /* and with it where the sentence speaks of no sport or of the place itself */
    fx_str(&f, "Der 1. FC Köln steigt ab. Kölns Oberbürgermeisterin zeigte sich enttäuscht. "
               "Die Stadt Köln will dem Verein helfen. Die Fans aus Köln reisen zum Spiel. "
               "Köln plant neue Radwege.");
    CU_ASSERT_EQUAL(count(&f, "1. FC Köln"), 1);
    CU_ASSERT_EQUAL(count(&f, "Köln"), 4);
    fx_free(&f);
}

/* An actor that means another one in a text from abroad: "Bundesrat" and
 * "Grüne" in a Swiss text, not in a German one that names Switzerland. */
static void test_actors_abroad(void)
{
    fx f = { 0 };
    fx_str(&f, "Bern (SDA) - Der Bundesrat will mehr Geld für die Armee. Finanzministerin "
               "Karin Keller-Sutter sagte, die Lage sei ernst. Ignazio Cassis stimmte zu. Die "
               "Grünen kritisierten den Bundesrat.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Schweizerischer Bundesrat"), 2);
    CU_ASSERT_EQUAL(count(&f, "Grüne Schweiz"), 1);
    CU_ASSERT_PTR_NULL(actor(&f, "Bundesrat"));
    CU_ASSERT_PTR_NULL(actor(&f, "Bündnis 90/Die Grünen"));
    fx_free(&f);
    fx_str(&f, "Der Bundesrat billigte das Gesetz. Die Grünen kritisierten Merz. Die Schweiz "
               "und Österreich schauen zu.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Bundesrat"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bündnis 90/Die Grünen"), 1);
    fx_free(&f);
    /* "Nationalrat" is Austria's, in a Swiss text Switzerland's */
    fx_str(&f, "Sebastian Kurz ist zurück im Nationalrat.");
    CU_ASSERT_EQUAL(count(&f, "Österreichischer Nationalrat"), 1);
    fx_free(&f);
    fx_str(&f, "Bern (SDA) - Der Nationalrat hat entschieden. Karin Keller-Sutter sagte, es "
               "sei gut. Ignazio Cassis stimmte zu.");
    CU_ASSERT_EQUAL(count(&f, "Schweizer Nationalrat"), 1);
    fx_free(&f);
    /* when the text's country is not told, the paragraph's Swiss words decide */
    fx_str(&f, "Ein grosser Tag für die Schweizer Friedenspolitik, teilte die Allianz nach dem "
               "Entscheid des Nationalrats mit.\n\nIm Nationalrat in Wien gab es keine "
               "Mehrheit.");
    CU_ASSERT_EQUAL(count(&f, "Schweizer Nationalrat"), 1);
    CU_ASSERT_EQUAL(count(&f, "Österreichischer Nationalrat"), 1);
    fx_free(&f);
    /* a federal ministry's name given to another state is not the German one */
    fx_str(&f, "Das iranische Außenministerium protestierte. Das bayerische Innenministerium "
               "widersprach. Das Außenministerium in Washington schwieg. Das Innenministerium "
               "in Berlin auch.");
    CU_ASSERT_PTR_NULL(actor(&f, "Auswärtiges Amt"));
    CU_ASSERT_EQUAL(count(&f, "Bundesministerium des Innern"), 1);
    fx_free(&f);
    /* an adjective names the country of the one mention after it */
    fx_str(&f, "Merz kritisierte die österreichische Bundesregierung. Die Bundesregierung in "
               "Berlin schwieg, die deutsche Bundesregierung auch.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Österreichische Bundesregierung"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bundesregierung"), 2);
    fx_free(&f);
    /* a German report on Austria: places do not count, two mentions of one minister are
     * not enough */
    fx_str(&f, "Die Bundesregierung hat die Grenzkontrollen zu Österreich verlängert. Wien "
               "protestierte, Österreichs Innenminister Gerhard Karner nannte den Schritt "
               "unverständlich. Karner will klagen.");
    CU_ASSERT_EQUAL(count(&f, "Bundesregierung"), 1);
    fx_free(&f);
    /* the text says which: "in Deutschland", "deutsche", a German of the party */
    fx_str(&f, "Wien - Österreich wählt. Die FPÖ könnte stärkste Kraft werden. Herbert Kickl "
               "jubelt. Die Grünen in Österreich verlieren, wie die Grünen in Deutschland.");
    CU_ASSERT_EQUAL(count(&f, "Österreichische Grüne"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bündnis 90/Die Grünen"), 1);
    fx_free(&f);
    fx_str(&f, "Die FDP will die Schuldenbremse halten. Christian Lindner lobte Karin "
               "Keller-Sutter. Keller-Sutter sei ein Vorbild, Keller-Sutter spare.");
    CU_ASSERT_EQUAL(count(&f, "FDP"), 1);
    fx_free(&f);
}

/* An institution named by its place is an organisation, not the city. */
static void test_institutions(void)
{
    fx f = { 0 };
    fx_str(&f, "Das Landgericht Berlin entschied. Die Staatsanwaltschaft Köln ermittelt. "
               "An der Universität Hamburg wird gestreikt. In Berlin regnet es.");
    check_invariants(&f);
    const ht_actor *lg = actor(&f, "Landgericht Berlin");
    CU_ASSERT_PTR_NOT_NULL_FATAL(lg);
    CU_ASSERT_EQUAL(lg->type, HT_ACTOR_ORG);
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Staatsanwaltschaft Köln"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Universität Hamburg"));
    CU_ASSERT_EQUAL(count(&f, "Berlin"), 1);  /* the city, once: "In Berlin" */
    CU_ASSERT_PTR_NULL(actor(&f, "Köln"));
    fx_free(&f);
    /* a Roman numeral is part of a court's name */
    fx_str(&f, "Das Landgericht München I verurteilte ihn. Das Amtsgericht Berlin II tagt.");
    CU_ASSERT_EQUAL(count(&f, "Landgericht München I"), 1);
    CU_ASSERT_EQUAL(count(&f, "Amtsgericht Berlin II"), 1);
    fx_free(&f);
}

/* Mention j of name covers text. */
static void check_mention_text(const fx *f, const char *name, size_t j, const char *text)
{
    const ht_mention *m = mention(f, name, j);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    if (!span_is(f, m->start, m->end, text))
        fprintf(stderr, "mention %zu of \"%s\" is \"%.*s\", expected \"%s\"\n", j, name,
                (int)(m->end - m->start), f->d.text.s + m->start, text);
    CU_ASSERT_TRUE(span_is(f, m->start, m->end, text));
}

/* Police, prosecutors, courts: by kind and place, by a place's adjective,
 * then by kind alone; the kind alone is the one named last. */
/* A state's institutions named by the country's adjective or by "in" and the
 * country or its capital; towns whose names are common words only as an
 * institution's place; clubs found by the form the text gives their town. */
static void test_institutions_of_states(void)
{
    fx f = { 0 };
    fx_str(&f, "Die spanische Regierung widersprach. Die Regierung in Madrid blieb hart. "
               "Das iranische Außenministerium wies das zurück. Das Außenministerium in "
               "Washington schwieg. Der russische Geheimdienst warnte. Die Schweizer Armee "
               "übt. Das amerikanische Militär zog ab.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Spanische Regierung"), 2);
    CU_ASSERT_EQUAL(count(&f, "Iranisches Außenministerium"), 1);
    CU_ASSERT_EQUAL(count(&f, "US-Außenministerium"), 1);  /* the gazetteer's */
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Auswärtiges Amt"), -1);
    CU_ASSERT_EQUAL(count(&f, "Russischer Geheimdienst"), 1);
    CU_ASSERT_EQUAL(count(&f, "Schweizer Armee"), 1);
    const ht_actor *us = actor(&f, "US-Armee");  /* "US-Militär" is one of its forms */
    CU_ASSERT_TRUE(us && us->known && us->mention_count == 1);
    const ht_actor *es = actor(&f, "Spanische Regierung");
    CU_ASSERT_TRUE(es && es->type == HT_ACTOR_ORG && es->country && !strcmp(es->country, "ES"));
    fx_free(&f);
    /* the kind alone goes to the one named last; a generic or a German one is none */
    fx_str(&f, "Die russische Armee rückt vor. Die Armee meldete Verluste. Eine europäische "
               "Armee gibt es nicht. Eine moderne Armee braucht Geld.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Russische Armee"), 2);
    CU_ASSERT_EQUAL(f.a.nactors, 1);
    fx_free(&f);
    fx_str(&f, "Die deutsche Polizei ermittelt. Er sprach mit einem Sprecher der "
               "französischen Polizei.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Polizei"), 1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Deutsche Polizei"), -1);
    const ht_mention *dative = mention(&f, "Französische Polizei", 0);
    CU_ASSERT_TRUE(dative && (dative->flags & HT_MF_GENITIVE));
    fx_free(&f);
    fx_str(&f, "Das Landgericht Essen verurteilte ihn. Das Landgericht Bochum hob das Urteil "
               "auf. Die Essener Polizei ermittelt. Das Essen war kalt.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Landgericht Essen"), 1);
    CU_ASSERT_EQUAL(count(&f, "Landgericht Bochum"), 1);
    CU_ASSERT_EQUAL(count(&f, "Polizei Essen"), 1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Essen"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Bochum"), -1);  /* part of the court's name */
    fx_free(&f);
    /* Germany's by the gazetteer's name; another country's or a German place's
     * sentence keeps the bare kind from a foreign one named before */
    fx_str(&f, "Die französische Polizei nahm den Mann fest. Er wurde an die deutsche Polizei "
               "übergeben. In Köln ermittelt die Polizei weiter. Deutschlands Regierung "
               "protestierte. Die Berliner Regierung schwieg.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Französische Polizei"), 1);
    CU_ASSERT_EQUAL(count(&f, "Polizei"), 2);
    CU_ASSERT_EQUAL(count(&f, "Bundesregierung"), 2);
    fx_free(&f);
    /* by the country's genitive; a body by another of its words or by its role */
    fx_str(&f, "Die russische Regierung weist das zurück. Die Regierung der Ukraine fordert "
               "Waffen. Russlands Armee greift an. Die Bundeswehr verlegt Soldaten. Die Armee "
               "sei bereit. Das iranische Außenministerium protestierte. Ein Sprecher des "
               "Außenministeriums sprach von Lügen. Das Innenministerium in Düsseldorf schwieg. "
               "Der russische Geheimdienst FSB warnte.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Ukrainische Regierung"), 1);
    CU_ASSERT_EQUAL(count(&f, "Russische Armee"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bundeswehr"), 2);
    CU_ASSERT_EQUAL(count(&f, "Iranisches Außenministerium"), 2);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Bundesministerium des Innern"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Russischer Geheimdienst"), -1);
    CU_ASSERT_EQUAL(count(&f, "FSB"), 1);
    fx_free(&f);
    /* a place's name after a first name is a surname; a word town is no place
     * before a number or "und" */
    fx_str(&f, "Der Autor Knud Bielefeld schrieb ein Buch. Peter Thun lobte es. Helfer der "
               "Feuerwehr Essen und Trinkwasser kamen. Die Messe Halle 4 blieb zu.");
    check_invariants(&f);
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Knud Bielefeld"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Peter Thun"));
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Bielefeld"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Feuerwehr Essen"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Messe Halle"), -1);
    fx_free(&f);
    /* one body by its other words; a spokesperson of a state's; "der Freiwilligen" is
     * another's; a town surname after a speech verb is the person's */
    fx_str(&f, "Das israelische Militär meldete Erfolge. Die russische Armee griff an. Die "
               "Armee der Freiwilligen wächst. Das sei falsch, sagte ein Regierungssprecher in "
               "Moskau. Der Stürmer Jan Hamm traf. „Ich bin froh“, sagte Hamm.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Israelische Armee"), 1);
    CU_ASSERT_EQUAL(count(&f, "Russische Armee"), 1);
    CU_ASSERT_EQUAL(count(&f, "Russische Regierung"), 1);
    CU_ASSERT_EQUAL(count(&f, "Jan Hamm"), 2);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Hamm"), -1);
    fx_free(&f);
    /* a club's town after the club in the sentence before; a town two clubs share stays */
    fx_str(&f, "Der SC Freiburg verlor. Freiburg steht auf Platz fünf. Rapid Wien und Austria "
               "Wien trennten sich 1:1. Wien sah ein hitziges Spiel.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "SC Freiburg"), 2);
    CU_ASSERT_EQUAL(count(&f, "Wien"), 1);
    fx_free(&f);
    fx_str(&f, "Der SC Freiburg gewann. Freiburg siegte mit 2:0 in Bochum. In Freiburg "
               "wurde gefeiert.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "SC Freiburg"), 2);
    CU_ASSERT_EQUAL(count(&f, "Freiburg im Breisgau"), 1);
    CU_ASSERT_EQUAL(count(&f, "Bochum"), 1);
    fx_free(&f);
}

static void test_institutions_by_kind(void)
{
    fx f = { 0 };
    fx_str(&f, "Die Berliner Polizei nahm zwei Männer fest. Die Polizei sucht Zeugen. Auch "
               "die bayerische Polizei ermittelt, die Münchner Staatsanwaltschaft ebenso. "
               "Der Bremer Polizei zufolge ist es ruhig. Die Polizei in Köln schweigt.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Polizei Berlin"), 2);
    check_mention_text(&f, "Polizei Berlin", 0, "Berliner Polizei");
    check_mention_text(&f, "Polizei Berlin", 1, "Polizei");
    CU_ASSERT_EQUAL(count(&f, "Polizei Bayern"), 1);
    CU_ASSERT_EQUAL(count(&f, "Staatsanwaltschaft München"), 1);
    CU_ASSERT_EQUAL(count(&f, "Polizei Bremen"), 1);
    CU_ASSERT_EQUAL(count(&f, "Polizei Köln"), 1);
    check_mention_text(&f, "Polizei Köln", 0, "Polizei in Köln");
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Polizei"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Köln"), -1);
    fx_free(&f);
    /* the genitive names the same court; "das Gericht" is it, not the city */
    fx_str(&f, "Das Landgericht Berlin verurteilte ihn. Das Gericht sah es als erwiesen an. "
               "Ein Sprecher des Landgerichts Berlin sagte, das Urteil sei rechtskräftig.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Landgericht Berlin"), 3);
    check_mention_text(&f, "Landgericht Berlin", 1, "Gericht");
    check_mention_text(&f, "Landgericht Berlin", 2, "Landgerichts Berlin");
    CU_ASSERT_EQUAL(f.a.nactors, 1);
    fx_free(&f);
    /* police, prosecutors and fire brigades act alone; a court after an article;
     * "vor Gericht" and a university alone name none */
    fx_str(&f, "Die Polizei nahm den Mann fest, die Staatsanwaltschaft ermittelt. Polizei und "
               "Feuerwehr kamen. Er will vor Gericht ziehen, sie zog vors Verwaltungsgericht. "
               "Das Amtsgericht entschied. An der Universität wird gestreikt.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Polizei"), 2);
    CU_ASSERT_EQUAL(count(&f, "Staatsanwaltschaft"), 1);
    CU_ASSERT_EQUAL(count(&f, "Feuerwehr"), 1);
    CU_ASSERT_EQUAL(count(&f, "Amtsgericht"), 1);
    CU_ASSERT_EQUAL(f.a.nactors, 4);
    fx_free(&f);
    /* a police force the gazetteer knows is the one "die Polizei" means after it */
    fx_str(&f, "Die Bundespolizei kontrollierte den Zug. Die Polizei fand nichts.");
    CU_ASSERT_EQUAL(count(&f, "Bundespolizei"), 2);
    CU_ASSERT_EQUAL(f.a.nactors, 1);
    fx_free(&f);
    /* an institution's spokesperson speaks for it, unless a name follows */
    fx_str(&f, "Die Polizei sucht Zeugen, sagte ein Polizeisprecher. Polizeisprecher Max "
               "Weber bestätigte das. Eine Staatsanwaltschaftssprecherin schwieg.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Polizei"), 2);
    check_mention_text(&f, "Polizei", 1, "Polizeisprecher");
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Max Weber"));
    check_mention_text(&f, "Staatsanwaltschaft", 0, "Staatsanwaltschaftssprecherin");
    fx_free(&f);
    /* another place, a generic use, or a dative "der" is not the one named before */
    fx_str(&f, "Das Landgericht Hamburg verhandelt. Das Landgericht Lübeck gab den Fall ab. "
               "Die Polizei Köln nahm zwei Männer fest. Die französische Polizei fahndet. "
               "Eine moderne Polizei braucht Technik. Ein Gericht in Bonn sprach ihn frei. "
               "Ohne eine gut ausgestattete Feuerwehr geht es nicht, sagt die Gewerkschaft "
               "der Polizei.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Landgericht Hamburg"), 1);
    CU_ASSERT_EQUAL(count(&f, "Polizei Köln"), 1);
    CU_ASSERT_EQUAL(count(&f, "Französische Polizei"), 1);  /* by the country's adjective */
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Polizei"), -1);
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Gewerkschaft der Polizei"));
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Feuerwehr"), -1);
    fx_free(&f);
    fx_str(&f, "Er sei bedroht worden, sagte der 45-Jährige der Polizei.");
    const ht_mention *dative = mention(&f, "Polizei", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dative);
    CU_ASSERT_TRUE(dative->flags & HT_MF_GENITIVE);
    CU_ASSERT_EQUAL(f.a.nquotes, 0);
    fx_free(&f);
    /* a name that goes on after the kind is no place's institution */
    fx_str(&f, "Sie lehrt an der Zürcher Hochschule für Angewandte Wissenschaften.");
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Hochschule Zürich"), -1);
    fx_free(&f);
}

static void test_discovery(void)
{
    fx f = { 0 };
    fx_str(&f, "Kanzler Merz traf Dr. Eva Roth und Bürgermeisterin Lena Maria Vogt. "
               "Auch Karl von Habsburg kam. Später sprach Frau Meyer mit Herrn Beck. "
               "Es fehlten Frank Weber und Frau Sommer. Mark Aktien fielen. Chef Berlin.");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 1);
    const ht_actor *roth = actor(&f, "Eva Roth");
    CU_ASSERT_PTR_NOT_NULL_FATAL(roth);
    CU_ASSERT_EQUAL(roth->known, 0);
    CU_ASSERT_EQUAL(roth->type, HT_ACTOR_PERSON);
    CU_ASSERT_STRING_EQUAL(roth->role, "Dr.");
    const ht_actor *vogt = actor(&f, "Lena Maria Vogt");
    CU_ASSERT_PTR_NOT_NULL_FATAL(vogt);
    CU_ASSERT_STRING_EQUAL(vogt->role, "Bürgermeisterin");
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Karl von Habsburg"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Meyer"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Beck"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Frank Weber"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Sommer"));
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Manfred Weber"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Mark Aktien"), -1);
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Herrn"), -1);
    fx_free(&f);
    /* first names that are no common words open a sentence with a name */
    fx_str(&f, "Hans Müller sagte nichts. Horst Schmidt schwieg. Kai Wissmann gab sich "
               "kämpferisch.");
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Hans Müller"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Horst Schmidt"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Kai Wissmann"));
    fx_free(&f);
    /* a role word after a first name is a surname */
    fx_str(&f, "Peter Richter sagte nichts. Polizeisprecher Thomas Kaiser schwieg. Der Richter "
               "vertagte.");
    CU_ASSERT_EQUAL(count(&f, "Peter Richter"), 1);  /* "Der Richter" is the judge */
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Thomas Kaiser"));
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    fx_free(&f);
    /* a compound ending in a role word is that role: "CDU-Politikerin" */
    fx_str(&f, "CDU-Politikerin Anna Krüger kritisierte den Plan. Die Grünen-Abgeordnete "
               "Maria Lenz lobte ihn. Der Bahn-Streik dauert an.");
    check_invariants(&f);
    const ht_actor *kr = actor(&f, "Anna Krüger"), *lenz = actor(&f, "Maria Lenz");
    CU_ASSERT_TRUE_FATAL(kr && lenz);
    CU_ASSERT_STRING_EQUAL(kr->role, "Politikerin");
    CU_ASSERT_STRING_EQUAL(lenz->role, "Abgeordnete");
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    fx_free(&f);
    /* a double surname ending in a role word (Richter, König) is a name, and
     * a compound whose first part is no actor is no role */
    fx_str(&f, "Auch Eva Müller-Richter widersprach. Sabine Müller-König lobte den Plan. "
               "Im Burger-King Lüdenscheid gab es Streit.");
    check_invariants(&f);
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Eva Müller-Richter"));
    CU_ASSERT_PTR_NOT_NULL(actor(&f, "Sabine Müller-König"));
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    fx_free(&f);
}

/* ---- fixture articles ----------------------------------------------------------------------- */

static void test_article_kommunal(void)
{
    fx f = { 0 };
    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/kommunal.txt"));
    check_invariants(&f);
    CU_ASSERT_EQUAL(f.a.nactors, 2);
    const ht_actor *k = actor(&f, "Anna Krüger");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_EQUAL(k->known, 0);
    CU_ASSERT_EQUAL(k->mention_count, 4);
    CU_ASSERT_STRING_EQUAL(k->role, "Bürgermeisterin");
    check_mention(&f, "Anna Krüger", 0, "Anna Krüger", 17, HT_MF_SUBJECT);
    check_mention(&f, "Anna Krüger", 1, "Anna Krüger", 132, HT_MF_SUBJECT);
    check_mention(&f, "Anna Krüger", 2, "Krüger", 219, HT_MF_SPEAKER);
    check_mention(&f, "Anna Krüger", 3, "Krüger", 393, HT_MF_SPEAKER);
    CU_ASSERT_EQUAL(count(&f, "Jonas Brandt"), 2);
    CU_ASSERT_STRING_EQUAL(actor(&f, "Jonas Brandt")->role, "Stadtkämmerer");
    check_mention(&f, "Jonas Brandt", 1, "Brandts", 349, HT_MF_GENITIVE);
    fx_free(&f);
}

static void test_article_regierung(void)
{
    fx f = { 0 };
    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/regierung.txt"));
    check_invariants(&f);
    static const char *const names[] = { "Friedrich Merz", "Emmanuel Macron", "Berlin",
                                         "Bundesregierung", "Europa", "Élysée-Palast",
                                         "Bundeskanzleramt", "AfD", "Alice Weidel" };
    static const size_t counts[] = { 3, 3, 1, 2, 1, 1, 1, 1, 1 };
    CU_ASSERT_EQUAL_FATAL(f.a.nactors, 9);
    for (size_t i = 0; i < 9; i++) {
        CU_ASSERT_STRING_EQUAL(f.a.actors[i].name, names[i]);
        CU_ASSERT_EQUAL(f.a.actors[i].mention_count, counts[i]);
        CU_ASSERT_EQUAL(f.a.actors[i].known, 1);
    }
    check_mention(&f, "Friedrich Merz", 0, "Merz", 0, HT_MF_SUBJECT);
    check_mention(&f, "Emmanuel Macron", 0, "Macron", 9, HT_MF_SUBJECT);
    check_mention(&f, "Friedrich Merz", 1, "Friedrich Merz", 51, HT_MF_SUBJECT);
    CU_ASSERT_FALSE(mention(&f, "Emmanuel Macron", 1)->flags & HT_MF_SUBJECT);
    CU_ASSERT_FALSE(mention(&f, "Berlin", 0)->flags & HT_MF_METONYM);  /* in Berlin */
    check_mention(&f, "Bundeskanzleramt", 0, "Kanzleramt", 437, HT_MF_METONYM);
    CU_ASSERT_STRING_EQUAL(actor(&f, "Bundeskanzleramt")->stands_for, "Bundesregierung");
    check_mention(&f, "Bundesregierung", 1, "Bundesregierung", 537, HT_MF_GENITIVE);
    fx_free(&f);
}

static void test_article_konzern(void)
{
    fx f = { 0 };
    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/konzern.txt"));
    check_invariants(&f);
    CU_ASSERT_EQUAL_FATAL(f.a.nactors, 3);
    CU_ASSERT_STRING_EQUAL(f.a.actors[0].name, "Volkswagen");
    CU_ASSERT_EQUAL(f.a.actors[0].type, HT_ACTOR_ORG);
    CU_ASSERT_STRING_EQUAL(f.a.actors[1].name, "Maria Schulte");
    CU_ASSERT_EQUAL(f.a.actors[1].mention_count, 3);
    CU_ASSERT_STRING_EQUAL(f.a.actors[1].role, "Betriebsrätin");
    CU_ASSERT_STRING_EQUAL(f.a.actors[2].name, "Oliver Blume");
    check_mention(&f, "Maria Schulte", 1, "Schulte", 236, HT_MF_SPEAKER);
    /* "sagte nicht, wie ...": named, subject, but no quote of his */
    check_mention(&f, "Oliver Blume", 0, "Oliver Blume", 306, HT_MF_SUBJECT);
    CU_ASSERT_FALSE(mention(&f, "Oliver Blume", 0)->flags & HT_MF_SPEAKER);
    fx_free(&f);
}

static void test_article_furniture(void)
{
    fx f = { 0 };
    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/furniture.txt"));
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    CU_ASSERT_EQUAL(f.a.nmentions, 0);
    CU_ASSERT_EQUAL(f.a.nquotes, 0);
    fx_free(&f);
}

static void test_article_kreml(void)
{
    fx f = { 0 };
    CU_ASSERT_TRUE_FATAL(fx_file(&f, "tests/data/articles/kreml.txt"));
    check_invariants(&f);
    CU_ASSERT_EQUAL(f.a.nactors, 7);
    CU_ASSERT_EQUAL(count(&f, "Kreml"), 2);
    check_mention(&f, "Kreml", 1, "Kremls", 47, HT_MF_GENITIVE);
    CU_ASSERT_EQUAL(count(&f, "Dmitri Peskow"), 2);
    CU_ASSERT_EQUAL(count(&f, "Wolodymyr Selenskyj"), 2);
    check_mention(&f, "Wolodymyr Selenskyj", 1, "Selenskyj", 191, HT_MF_SUBJECT | HT_MF_SPEAKER);
    CU_ASSERT_EQUAL(count(&f, "Weißes Haus"), 2);
    check_mention(&f, "Wladimir Putin", 0, "Putins", 368, HT_MF_GENITIVE);
    fx_free(&f);
}

/* ---- the example article --------------------------------------------------------------------- */

static void test_example_article(void)
{
    fx f = { 0 };
    if (!fx_file(&f, EXAMPLE)) {
        fprintf(stderr, "skipped: %s not found\n", EXAMPLE);
        fx_free(&f);
        return;
    }
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Wladimir Putin"), 10);
    CU_ASSERT_EQUAL(count(&f, "Donald Trump"), 9);
    CU_ASSERT_EQUAL(count(&f, "Wolodymyr Selenskyj"), 2);
    CU_ASSERT_EQUAL(count(&f, "Weißes Haus"), 5);
    CU_ASSERT_EQUAL(count(&f, "Kreml"), 2);
    CU_ASSERT_EQUAL(count(&f, "Moskau"), 2);
    CU_ASSERT_EQUAL(count(&f, "Kiew"), 2);
    CU_ASSERT_EQUAL(count(&f, "Russland"), 9);
    CU_ASSERT_EQUAL(count(&f, "Ukraine"), 6);
    CU_ASSERT_EQUAL(count(&f, "Vereinigte Staaten"), 3);
    CU_ASSERT_EQUAL(count(&f, "Europa"), 1);  /* "aus den USA und Europa" */
    CU_ASSERT_EQUAL(count(&f, "Russische Armee"), 1);  /* "das russische Militär" */
    CU_ASSERT_EQUAL(count(&f, "Ukrainische Armee"), 1);
    CU_ASSERT_EQUAL(f.a.nactors, 13);
    CU_ASSERT_STRING_EQUAL(actor(&f, "Moskau")->stands_for, "Russland");
    CU_ASSERT_STRING_EQUAL(actor(&f, "Kiew")->stands_for, "Ukraine");
    CU_ASSERT_TRUE(mention(&f, "Moskau", 0)->flags & HT_MF_METONYM);
    CU_ASSERT_TRUE(mention(&f, "Kiew", 1)->flags & HT_MF_METONYM);
    size_t putins = 0, trumps = 0;
    for (size_t j = 0; j < 10; j++) {
        const ht_mention *m = mention(&f, "Wladimir Putin", j);
        putins += span_is(&f, m->start, m->end, "Putins") && (m->flags & HT_MF_GENITIVE);
        const ht_mention *t = j < 9 ? mention(&f, "Donald Trump", j) : NULL;
        trumps += t && span_is(&f, t->start, t->end, "Trumps") && (t->flags & HT_MF_GENITIVE);
    }
    CU_ASSERT_EQUAL(putins, 2);
    CU_ASSERT_EQUAL(trumps, 2);
    check_mention(&f, "Weißes Haus", 0, "Weißem Haus", 200, HT_MF_METONYM);
    check_mention(&f, "Weißes Haus", 1, "Weiße Haus", 549, HT_MF_SUBJECT | HT_MF_SPEAKER);
    /* "Kommentar hinterlassen" and the bullet lines add no actors */
    CU_ASSERT_EQUAL(ht_analysis_find(&f.a, "Kommentar"), -1);
    fx_free(&f);
}

/* ---- reuse, determinism, pathological input -------------------------------------------------- */

static void test_reuse_and_determinism(void)
{
    fx f = { 0 };
    fx_str(&f, "Anna Krüger traf Friedrich Merz. Krüger lobte ihn.");
    size_t n1 = f.a.nmentions;
    ht_mention first[8];
    CU_ASSERT_TRUE_FATAL(n1 <= 8);
    memcpy(first, f.a.mentions, n1 * sizeof *first);
    fx_str(&f, "Nichts hier.");
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    CU_ASSERT_EQUAL(f.a.nmentions, 0);
    fx_str(&f, "Anna Krüger traf Friedrich Merz. Krüger lobte ihn.");
    CU_ASSERT_EQUAL(f.a.nmentions, n1);
    for (size_t k = 0; k < n1; k++) {  /* field by field: padding is not compared */
        const ht_mention *x = &first[k], *y = &f.a.mentions[k];
        CU_ASSERT_TRUE(x->start == y->start && x->end == y->end && x->actor == y->actor &&
                       x->tok_begin == y->tok_begin && x->tok_end == y->tok_end &&
                       x->sentence == y->sentence && x->flags == y->flags);
    }
    CU_ASSERT_STRING_EQUAL(f.a.actors[0].name, "Anna Krüger");
    CU_ASSERT_EQUAL(f.a.actors[0].mention_count, 2);
    fx_free(&f);
    ht_analysis zero = { 0 };
    ht_analysis_free(&zero);
}

static void test_empty_and_odd_input(void)
{
    fx f = { 0 };
    fx_str(&f, "");
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    CU_ASSERT_EQUAL(f.a.nquotes, 0);
    fx_str(&f, "Putin");
    CU_ASSERT_EQUAL(count(&f, "Wladimir Putin"), 1);
    fx_str(&f, "Anna");
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    fx_str(&f, "ohne Satzende sagte Anna Krüger dass Putin habe");
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Anna Krüger"), 1);
    fx_str(&f, "Bürgermeisterin");
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    fx_str(&f, "Dr. Dr. Dr. Prof.");
    CU_ASSERT_EQUAL(f.a.nactors, 0);
    static const char bad[] = "Putin\xff\xfe sagte \xc3 Anna \x80Krüger \xed\xa0\x80 Merz\0Scholz.";
    fx_text(&f, bad, sizeof bad - 1);
    check_invariants(&f);
    CU_ASSERT_EQUAL(count(&f, "Wladimir Putin"), 1);
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 1);
    fx_free(&f);
}

/* Every mention lies inside the sentence it names. */
static void check_in_sentence(const fx *f)
{
    for (size_t m = 0; m < f->a.nmentions; m++) {
        const ht_mention *mn = &f->a.mentions[m];
        CU_ASSERT_EQUAL(mn->sentence, ht_doc_sentence_of(&f->d, mn->tok_begin));
        CU_ASSERT_TRUE(mn->tok_end <= f->d.sentences.v[mn->sentence].tok_end);
    }
}

/* Found by tests/fuzz/fuzz_actors: a role word ending a line took the name on
 * the next line (another sentence) and gave the mention the role's sentence;
 * a known two-word name was matched across a line break ("Donald" as a
 * headline, "Trump" opening the next paragraph); a first name ending a line
 * began a discovered name that went on in the next paragraph. */
static void test_mentions_stay_in_their_sentence(void)
{
    fx f = { 0 };
    fx_str(&f, ".Pr\xc3\xa4sident\nWolodymyr Se");  /* the fuzzer's input */
    check_invariants(&f);
    check_in_sentence(&f);
    fx_str(&f, "Donald\rTrump");  /* the fuzzer's input */
    check_in_sentence(&f);
    for (size_t m = 0; m < f.a.nmentions; m++)  /* no mention spans the break */
        CU_ASSERT_FALSE(memchr(f.d.text.s + f.a.mentions[m].start, '\n',
                               f.a.mentions[m].end - f.a.mentions[m].start));
    fx_str(&f, "Donald Trump\nDonald\nTrump telefonierte lange.\n");
    check_in_sentence(&f);
    CU_ASSERT_EQUAL(count(&f, "Donald Trump"), 2);
    check_mention(&f, "Donald Trump", 1, "Trump", 20, 0);
    fx_str(&f, "Gestern sprach der Pr\xc3\xa4sident\nWolodymyr Selenskyj mit Journalisten.\n");
    check_in_sentence(&f);
    check_mention(&f, "Wolodymyr Selenskyj", 0, "Wolodymyr Selenskyj", 30, 0);
    fx_str(&f, "Gestern sprach Pr\xc3\xa4sident Wolodymyr Selenskyj mit Journalisten.");  /* same line: still one */
    check_mention(&f, "Wolodymyr Selenskyj", 0, "Wolodymyr Selenskyj", 26, 0);
    fx_str(&f, ".Dr.Hans\rPetr M\xc3\xbc");  /* the fuzzer's input */
    check_in_sentence(&f);
    CU_ASSERT_EQUAL(f.a.nmentions, 0);
    fx_str(&f, "Am Abend sprach Dr. Hans Peter M\xc3\xbcller mit der Presse.");  /* one line: one name */
    check_mention(&f, "Hans Peter M\xc3\xbcller", 0, "Hans Peter M\xc3\xbcller", 20, 0);
    fx_free(&f);
}

/* ht_target_flags for the target at byte `at` (one token) in the first
 * sentence of text. */
static unsigned flags_at(const char *text, const char *target)
{
    ht_doc d = { 0 };
    ht_error err = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, text, strlen(text), &err), HT_OK);
    const char *hit = strstr(text, target);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
    size_t tb = ht_doc_token_at(&d, (size_t)(hit - text));  /* no normalising in these texts */
    const ht_span *sen = &d.sentences.v[0];
    unsigned f = ht_target_flags(&d, sen->tok_begin, sen->tok_end, tb, tb + 1);
    ht_doc_free(&d);
    return f;
}

/* The target's place marks: a speech verb within three words (before or
 * after, in any case, with an umlaut first), the subject after nothing but
 * articles or capitalised words at its clause's start, inside a quote. */
static void test_target_flags(void)
{
    const unsigned SP = HT_TARGET_SPEAKER, SU = HT_TARGET_SUBJECT, Q = HT_TARGET_IN_QUOTE;
    CU_ASSERT_EQUAL(flags_at("Merz sagte, der Plan sei gut.", "Merz"), SP | SU);
    CU_ASSERT_EQUAL(flags_at("Merz isst Kuchen.", "Merz"), SU);
    CU_ASSERT_EQUAL(flags_at("\xe2\x80\x9e" "Das ist falsch\xe2\x80\x9c, erkl\xc3\xa4rte Scholz.",
                             "Scholz") & SP, SP);
    CU_ASSERT_EQUAL(flags_at("Scholz \xc3\xa4u\xc3\x9f" "erte Kritik.", "Scholz"), SP | SU);
    CU_ASSERT_EQUAL(flags_at("Scholz \xc3\x84u\xc3\x9f" "erte Kritik.", "Scholz"), SP | SU);
    CU_ASSERT_EQUAL(flags_at("Laut SAGTE Merz nichts.", "Merz") & SP, SP);
    CU_ASSERT_EQUAL(flags_at("Gestern lobte Merz den Plan.", "Merz"), SP);
    CU_ASSERT_EQUAL(flags_at("Die Regierung lehnt das ab.", "Regierung"), SU);
    CU_ASSERT_EQUAL(flags_at("DIE Regierung lehnt das ab.", "Regierung"), SU);
    CU_ASSERT_EQUAL(flags_at("Heute will die Regierung nichts.", "Regierung"), 0);
    CU_ASSERT_EQUAL(flags_at("Sie rief: \xe2\x80\x9e" "Merz muss weg\xe2\x80\x9c.", "Merz") & Q, Q);
}

/* Whether the actor vector of target in text (with the shipped tone model as
 * helper, and `context` sentences each side) has a feature named name. */
static int actor_vector_has(const char *text, const char *target, int clause_only, int context,
                            const char *name)
{
    ht_error err = { 0 };
    ht_model *tone = ht_model_load("models/tone.model", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tone);
    ht_feature_config cfg = ht_config_default();
    cfg.char_max = 0;
    cfg.hash_bits = 18;
    cfg.window = 3;
    cfg.clause_tone_only = (uint8_t)clause_only;
    cfg.context = (uint8_t)context;
    ht_extractor *ex = ht_extractor_new(&cfg, &err);
    ht_tone_aux aux = { .model = tone, .ex = ht_extractor_new(&tone->features, &err) };
    CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
    CU_ASSERT_PTR_NOT_NULL_FATAL(aux.ex);
    ht_fv_track_names(ex, 1);
    ht_doc d = { 0 };
    CU_ASSERT_EQUAL_FATAL(ht_doc_set(&d, text, strlen(text), &err), HT_OK);
    size_t tb = ht_doc_token_at(&d, (size_t)(strstr(text, target) - text));
    const ht_span *sen = &d.sentences.v[ht_doc_sentence_of(&d, tb)];
    const struct feature_node *x =
        ht_vec_actor(ex, &d, sen->tok_begin, sen->tok_end, tb, tb + 1, &aux);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    int found = 0;
    for (; x->index != -1; x++) {
        const char *nm = ht_fv_name(ex, (uint32_t)x->index);
        found |= nm && !strcmp(nm, name);
    }
    ht_doc_free(&d);
    ht_extractor_free(aux.ex);
    ht_extractor_free(ex);
    ht_model_free(tone);
    return found;
}

/* The tone helper's features: the clause's tone always, the sentence's only
 * for models without clause_tone_only (those trained before it). */
static void test_actor_tone_helper(void)
{
    const char *s = "Der Plan ist gut, sagte Merz, aber die Kosten sind eine Katastrophe.";
    CU_ASSERT_TRUE(actor_vector_has(s, "Merz", 0, 0, "tone:clause:negative"));
    CU_ASSERT_TRUE(actor_vector_has(s, "Merz", 0, 0, "tone:sentence:negative"));
    CU_ASSERT_TRUE(actor_vector_has(s, "Merz", 1, 0, "tone:clause:negative"));
    CU_ASSERT_FALSE(actor_vector_has(s, "Merz", 1, 0, "tone:sentence:negative"));
    CU_ASSERT_FALSE(actor_vector_has(s, "Merz", 1, 0, "tone:sentence:positive"));
    CU_ASSERT_TRUE(actor_vector_has(s, "Merz", 1, 0, "w:<TARGET>"));
}

/* With context k, the words of k sentences each side of the target's join
 * its own and the tone helper reads them all; a sentence in another
 * paragraph never does. */
static void test_actor_context(void)
{
    const char *s = "Die Kosten sind eine Katastrophe. Merz stellt den Plan vor. "
                    "Die Fachleute jubeln. Der Abend endet.\n\nDer Etat w\xc3\xa4" "chst.";
    static const struct { int context; const char *name; int has; } cases[] = {
        { 0, "w:katastrophe", 0 }, { 0, "tone:context:negative", 0 }, { 0, "w:plan", 1 },
        { 1, "w:plan", 1 }, { 1, "w:katastrophe", 1 }, { 1, "w:jubeln", 1 },
        { 1, "tone:context:negative", 1 }, { 1, "tone:clause:negative", 1 },
        { 1, "w:abend", 0 }, { 2, "w:abend", 1 },
        { 3, "w:etat", 0 },   /* another paragraph */
        { 1, "w:merz", 0 },   /* the target's own words stay masked */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int has = actor_vector_has(s, "Merz", 1, cases[i].context, cases[i].name);
        if (has != cases[i].has)
            fprintf(stderr, "context %d, %s: %s\n", cases[i].context, cases[i].name,
                    has ? "present" : "missing");
        CU_ASSERT_EQUAL(has, cases[i].has);
    }
}

static void test_huge_article(void)
{
    size_t unit_len;
    char *unit = ht_test_read_file("tests/data/articles/regierung.txt", &unit_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(unit);
    /* 50 MB; 4 MB under the sanitizers or when HT_TEST_SMALL is set (valgrind) */
    int small = SANITIZED || getenv("HT_TEST_SMALL");
    size_t target = small ? 4u << 20 : 50u << 20, reps = target / unit_len + 1;
    char *big = malloc(reps * unit_len + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * unit_len, unit, unit_len);
    fx f = { 0 };
    clock_t t0 = clock();
    fx_text(&f, big, reps * unit_len);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CU_ASSERT_EQUAL(count(&f, "Friedrich Merz"), 3 * reps);
    CU_ASSERT_EQUAL(f.a.nactors, 9);
    CU_ASSERT_TRUE(f.a.nquotes >= 6 * reps);
    if (!small)
        CU_ASSERT_TRUE(secs < 10.0);  /* document and analysis of 50 MB */
    fx_free(&f);
    free(big);
    free(unit);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "gazetteer loads the models folder", test_gazetteer_load },
        { "gazetteer key from the document's token hash", test_key_from_token_hash },
        { "gazetteer errors name file and entry", test_gazetteer_errors },
        { "user actors file adds and replaces", test_gazetteer_user_file },
        { "an actor means another in a text from abroad", test_actors_abroad },
        { "genitive, adjective endings, der Bundesregierung", test_inflection },
        { "capitalisation decides", test_case_and_capitals },
        { "forms of one actor in two cases; a name as a common noun", test_forms_in_two_cases },
        { "surnames link to an earlier full name", test_surname_linking },
        { "a famous surname alone is the text's own namesake", test_namesakes },
        { "football clubs named after their city", test_football_clubs },
        { "institutions named by their place", test_institutions },
        { "police, prosecutors, courts by kind, adjective, antecedent", test_institutions_by_kind },
        { "state institutions by the country's adjective; towns; clubs", test_institutions_of_states },
        { "unknown people: first names, roles, titles", test_discovery },
        { "article: kommunal", test_article_kommunal },
        { "article: regierung", test_article_regierung },
        { "article: konzern", test_article_konzern },
        { "article: web furniture", test_article_furniture },
        { "article: kreml", test_article_kreml },
        { "the example article", test_example_article },
        { "reuse and determinism", test_reuse_and_determinism },
        { "empty, unfinished and invalid input", test_empty_and_odd_input },
        { "a 50 MB article", test_huge_article },
        { "the target's place marks", test_target_flags },
        { "the actor vector's tone helper: clause, and sentence for older models",
          test_actor_tone_helper },
        { "the actor vector's context: the sentences beside it, inside the paragraph",
          test_actor_context },
        { "mentions stay in their sentence (fuzz)", test_mentions_stay_in_their_sentence },
        { "a name after the verb: subject only if the part before is not",
          test_subject_after_the_verb },
        { NULL, NULL }
    };
    return ht_test_main("actors", cases);
}
