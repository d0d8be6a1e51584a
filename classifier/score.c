/* score.c: from an article to its scores.
 *
 * Tone is predicted per paragraph and the article's tone is the mean of the
 * body paragraphs' probabilities weighted by their length in words: the tone
 * model learnt on tweet-length texts, so it reads paragraphs as it was taught,
 * and a long paragraph says more than a one-line one. The headline is scored
 * on its own and kept out of the mean (headlines are written to attract, not
 * to report); web furniture ("Kommentar hinterlassen") is scored but left out.
 *
 * An actor's tonality is the mean over its mentions of the actor model's
 * probabilities for the mention's sentence (with the sentences beside it, as
 * the model's context says) with the mention as target. Its
 * stance is the mean over what it says or does (its quotes and reported
 * speech, the sentences where it is the subject) of the stance model's
 * probabilities toward the topic: the user's, or else the headline and lead. */
#include "classifier/score.h"

#include <float.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier/document.h"
#include "classifier/jsonw.h"
#include "classifier/result.h"
#include "classifier/vectors.h"
#include "classifier/speakers.h"
#include "features/hash.h"
#include "features/extract.h"
#include "features/file.h"


/* ---- models --------------------------------------------------------------------------- */

static ht_model *load_one(const char *dir, const char *name, ht_task task, ht_error *err)
{
    char path[4096];
    ht_file_join(path, sizeof path, dir, name);
    ht_model *m = ht_model_load(path, err);
    if (m && m->task != task) {
        ht_error_set(err, HT_ERR_FORMAT, "%s: a %s model, not a %s model", path,
                     ht_task_name(m->task), ht_task_name(task));
        ht_model_free(m);
        return NULL;
    }
    return m;
}

ht_models *ht_models_load(const char *dir, ht_error *err)
{
    ht_models *m = calloc(1, sizeof *m);
    if (!m) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the models");
        return NULL;
    }
    static const char *const names[3] = { "tone.model", "actor.model", "stance.model" };
    for (int i = 0; i < 3; i++)
        snprintf(m->names[i], sizeof m->names[i], "%s", names[i]);
    if (!(m->tone = load_one(dir, names[0], HT_TASK_TONE, err)) ||
        !(m->actor = load_one(dir, names[1], HT_TASK_ACTOR, err)) ||
        !(m->stance = load_one(dir, names[2], HT_TASK_STANCE, err)) ||
        ht_actor_helper_check(m->actor, m->tone, names[0], err) != HT_OK ||
        !(m->gazetteer = ht_gazetteer_new(err)) ||
        ht_gazetteer_load_dir(m->gazetteer, dir, err) != HT_OK ||
        !(m->speakers = ht_speakers_new(m->stance, m->gazetteer, err))) {
        ht_models_free(m);
        return NULL;
    }
    return m;
}

ht_models *ht_models_load_tone(const char *dir, ht_error *err)
{
    ht_models *m = calloc(1, sizeof *m);
    if (!m) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for the models");
        return NULL;
    }
    snprintf(m->names[0], sizeof m->names[0], "tone.model");
    if (!(m->tone = load_one(dir, m->names[0], HT_TASK_TONE, err))) {
        ht_models_free(m);
        return NULL;
    }
    return m;
}

ht_status ht_models_add_actors(ht_models *m, const char *path, ht_error *err)
{
    if (!m->gazetteer)  /* tone only: no actors are looked for */
        return HT_OK;
    ht_status st = ht_gazetteer_add_file(m->gazetteer, path, err);
    if (st != HT_OK)
        return st;
    ht_speakers *sp = ht_speakers_new(m->stance, m->gazetteer, err);  /* the entries moved */
    if (!sp)
        return err->code;
    ht_speakers_free(m->speakers);
    m->speakers = sp;
    return HT_OK;
}

void ht_models_free(ht_models *m)
{
    if (!m)
        return;
    ht_model_free(m->tone);
    ht_model_free(m->actor);
    ht_model_free(m->stance);
    ht_gazetteer_free(m->gazetteer);
    ht_speakers_free(m->speakers);
    free(m);
}

/* ---- verdicts ------------------------------------------------------------------------- */



void ht_verdict_add(verdict *v, const ht_model *m, const double *prob, double weight)
{
    v->model = m;
    for (int c = 0; c < m->nr_class; c++)
        v->prob[c] += prob[c] * weight;
    v->weight += weight;
    v->valid = 1;
}

void ht_verdict_finish(verdict *v)
{
    if (!v->valid || v->weight <= 0)
        return;
    for (int c = 0; c < v->model->nr_class; c++)
        v->prob[c] /= v->weight;
    v->weight = 1;
}

int ht_verdict_best(const verdict *v)
{
    int best = 0;
    for (int c = 1; c < v->model->nr_class; c++)
        if (v->prob[c] > v->prob[best])
            best = c;
    return best;
}

/* Index of the class that counts +1 and of the one that counts -1. */
void ht_model_poles(const ht_model *m, int *plus, int *minus)
{
    *plus = m->plus;
    *minus = m->minus;
}

double ht_verdict_score(const verdict *v)
{
    int plus, minus;
    ht_model_poles(v->model, &plus, &minus);
    if (plus < 0 || minus < 0)
        return 0;
    return v->prob[plus] - v->prob[minus];
}

const char *const ht_para_kind_names[] = { "body", "headline", "subheading", "bullet",
                                            "furniture" };

/* ---- the scorer ----------------------------------------------------------------------- */

/* Lets ex fetch the rows of m as it adds features (see extract.h). */
static void prefetch_rows(ht_extractor *ex, const ht_model *m)
{
    ht_extractor_prefetch_rows(ex, m->weights, (size_t)m->dim + 1,
                               (size_t)m->nr_class * sizeof *m->weights);
    /* Character n-grams of a block of their own are scored once per word. */
    ht_extractor_fold_chars(ex, m->weights, (size_t)m->dim + 1, m->nr_class);
}

ht_scorer *ht_scorer_new(const ht_models *m, ht_error *err)
{
    ht_scorer *s = calloc(1, sizeof *s);
    if (!s) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for a scorer");
        return NULL;
    }
    s->models = m;
    s->aux.model = m->tone;
    int full = m->actor != NULL;  /* else tone only (ht_models_load_tone) */
    s->tone_only = !full;
    if (!(s->ex_tone = ht_extractor_new(&m->tone->features, err)) ||
        (full && !(s->ex_actor = ht_extractor_new(&m->actor->features, err))) ||
        (full && !(s->ex_stance = ht_extractor_new(&m->stance->features, err))) ||
        !(s->aux.ex = ht_extractor_new(&m->tone->features, err))) {
        ht_scorer_free(s);
        return NULL;
    }
    s->limits = (ht_limits)HT_DEFAULT_LIMITS;
    /* The extractors see the same words: each is stemmed once. */
    ht_extractor *all[] = { s->ex_tone, s->aux.ex, s->ex_actor, s->ex_stance };
    size_t nall = full ? 4 : 2;
    for (size_t i = 1; i < nall; i++)
        for (size_t j = 0; j < i; j++)
            ht_extractor_share_stems(all[i], all[j]);
    /* Scores do not depend on the order of features; sorting them is work
     * that only training and export need. Names are kept as cheap recipes;
     * with them the evidence n-grams are read off the vectors as they are
     * scored. */
    const ht_model *of[] = { m->tone, m->tone, m->actor, m->stance };
    for (size_t i = 0; i < nall; i++) {
        ht_extractor_set_sorted(all[i], 0);
        prefetch_rows(all[i], of[i]);
    }
    ht_extractor_share_fold(s->aux.ex, s->ex_tone);
    ht_fv_track_names(s->ex_tone, 1);
    if (full) {
        ht_fv_track_names(s->ex_actor, 1);
        ht_fv_track_names(s->ex_stance, 1);
    }
    return s;
}

void ht_scorer_free(ht_scorer *s)
{
    if (!s)
        return;
    ht_extractor_free(s->ex_tone);
    ht_extractor_free(s->ex_actor);
    ht_extractor_free(s->ex_stance);
    ht_extractor_free(s->aux.ex);
    ht_doc_free(&s->doc);
    ht_doc_free(&s->title);
    ht_doc_free(&s->topic);
    ht_analysis_free(&s->an);
    ht_analysis_free(&s->title_an);
    free(s->paras);
    free(s->furniture);
    free(s->para_prob);
    free(s->actors);
    free(s->topic_buf);
    free(s->memo);
    ht_idmap_free(&s->memo_of);
    ht_jsonw_free(&s->out);
    free(s->names.s);
    free(s);
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return 1;
    size_t c = *cap ? *cap : 16;
    while (c < n)
        c *= 2;
    void *p = realloc(*v, c * size);
    if (!p)
        return 0;
    *v = p;
    *cap = c;
    return 1;
}

/* ---- paragraphs and tone -------------------------------------------------------------- */

static size_t count_words(const ht_doc *d, size_t b, size_t e)
{
    size_t n = 0;
    for (size_t i = b; i < e; i++)
        n += d->tokens.v[i].type == HT_TOK_WORD;
    return n;
}

static int starts_with_folded(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != prefix[i])
            return 0;
    }
    return 1;
}

/* Web furniture: a cue at the start of a short line. Cues that are plain
 * words ("Teilen", "Anzeige", "Werbung") are furniture on a line of a word
 * or two only ("Werbung für Abtreibung: ..." and "Teilen der SPD gefällt
 * das nicht." are text); labels ("Foto:", "Lesen Sie auch") on a line of
 * up to six words. A cue ends at a word's end ("Anzeigen gegen Merz"). */
static int is_furniture(const ht_doc *d, const ht_span *p, size_t words)
{
    static const struct { const char *cue; size_t max_words; } furniture[] = {
        { "kommentar hinterlassen", 4 }, { "kommentare", 2 }, { "kommentieren", 2 },
        { "artikel teilen", 3 }, { "teilen", 2 }, { "mehr zum thema", 6 }, { "anzeige", 2 },
        { "werbung", 2 }, { "newsletter", 3 }, { "jetzt abonnieren", 3 }, { "abonnieren", 2 },
        { "weiterlesen", 2 }, { "zum artikel", 3 }, { "lesen sie auch", 6 },
        { "auch interessant", 6 }, { "foto:", 6 }, { "bild:", 6 }, { "quelle:", 6 },
        { "\xc2\xa9", 6 }, { "copyright", 6 }, { "alle rechte vorbehalten", 6 },
        { "drucken", 2 }, { "merken", 2 },
    };
    const char *s = d->text.s + p->start;
    size_t len = p->end - p->start;
    for (size_t i = 0; i < sizeof furniture / sizeof *furniture; i++) {
        const char *cue = furniture[i].cue;
        size_t n = strlen(cue);
        if (words > furniture[i].max_words || !starts_with_folded(s, len, cue))
            continue;
        unsigned char last = (unsigned char)cue[n - 1], next = n < len ? (unsigned char)s[n] : 0;
        int letter_next = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                          (next >= '0' && next <= '9') || next >= 0x80;
        if (!(last >= 'a' && last <= 'z') || !letter_next)
            return 1;
    }
    return 0;
}

/* The last token of paragraph sp that is not a closing quotation mark or
 * bracket: "sagte: „Wir handeln.“" ends with its full stop. */
static const ht_token *last_word_or_stop(const ht_doc *d, const ht_span *sp)
{
    const char *s = d->text.s;
    size_t i = sp->tok_end - 1;
    while (i > sp->tok_begin && (d->tokens.v[i].type == HT_TOK_QUOTE ||
                                 (d->tokens.v[i].type == HT_TOK_PUNCT &&
                                  (s[d->tokens.v[i].start] == ')' ||
                                   s[d->tokens.v[i].start] == ']'))))
        i--;
    return &d->tokens.v[i];
}

static para_kind classify_para(const ht_doc *d, size_t p, int has_title, size_t words)
{
    const ht_span *sp = &d->paragraphs.v[p];
    if (sp->tok_begin >= sp->tok_end)
        return PARA_FURNITURE;
    const ht_token *first = &d->tokens.v[sp->tok_begin], *last = last_word_or_stop(d, sp);
    const char *s = d->text.s;
    if (first->type == HT_TOK_DASH || (first->type == HT_TOK_SYMBOL &&
        (s[first->start] == '*' || !strncmp(s + first->start, "\xe2\x80\xa2", 3))) ||
        (first->type == HT_TOK_PUNCT && s[first->start] == '-'))
        return PARA_BULLET;
    if (is_furniture(d, sp, words))
        return PARA_FURNITURE;
    size_t sentences = d->para_sent[p + 1] - d->para_sent[p];
    int open_end = !ht_token_is_terminal(s, last) || s[last->start] == '?';
    /* Scraped articles put the headline on the first line, often as a whole
     * sentence; a first line of one sentence with two or more paragraphs after
     * it is taken for the headline, and so is one without a closing full stop
     * before a single paragraph ("Streit um den Haushalt" + the report). Later
     * short lines without a full stop are subheadings. */
    if (p == 0 && !has_title && sentences == 1 && words <= 40 &&
        (d->paragraphs.n > 2 || (d->paragraphs.n == 2 && open_end)))
        return PARA_HEADLINE;
    if (sentences <= 1 && words <= 20 && open_end && d->paragraphs.n > 1)
        return PARA_SUBHEADING;
    return PARA_BODY;
}

/* The tone of tokens [b, e) into v, and its probabilities into prob (NULL:
 * not needed). */
static const struct feature_node *predict_range(ht_scorer *s, const ht_doc *d, size_t b,
                                                size_t e, verdict *v, double *prob_out)
{
    const ht_model *m = s->models->tone;
    double own[HT_MAX_CLASSES], *prob = prob_out ? prob_out : own;
    const struct feature_node *x = ht_vec_tone(s->ex_tone, d, b, e);
    memset(v, 0, sizeof *v);
    if (!x)
        return NULL;
    ht_vec_predict(m, s->ex_tone, x, prob);
    ht_verdict_add(v, m, prob, 1);
    ht_verdict_finish(v);
    return x;
}

static int top_ngrams(const ht_model *m, ht_extractor *ex, const struct feature_node *x,
                      ngram *out, name_pool *names);

static ht_status score_paragraphs(ht_scorer *s, int has_title, verdict *article)
{
    const ht_doc *d = &s->doc;
    if (!grow((void **)&s->paras, &s->cap_paras, d->paragraphs.n, sizeof *s->paras) ||
        !grow((void **)&s->para_prob, &s->cap_para_prob, 8 * d->paragraphs.n, sizeof(double)))
        return HT_ERR_NOMEM;
    memset(article, 0, sizeof *article);
    memset(&s->tone_ev, 0, sizeof s->tone_ev);
    int ok = 1;
    for (size_t p = 0; p < d->paragraphs.n; p++) {
        para_result *r = &s->paras[p];
        const ht_span *sp = &d->paragraphs.v[p];
        r->words = count_words(d, sp->tok_begin, sp->tok_end);
        r->kind = classify_para(d, p, has_title, r->words);
        double *prob = s->para_prob + 8 * p;
        const struct feature_node *x = predict_range(s, d, sp->tok_begin, sp->tok_end, &r->tone,
                                                     prob);
        if (!x)
            ok = 0;
        r->nngrams = x ? top_ngrams(s->models->tone, s->ex_tone, x, r->ngrams, &s->names) : 0;
        if (!x || r->kind == PARA_HEADLINE || r->kind == PARA_FURNITURE)
            continue;
        ht_verdict_add(article, s->models->tone, r->tone.prob, (double)(r->words ? r->words : 1));
        ht_evidence_offer(&s->tone_ev, (scored_span){ sp->tok_begin, sp->tok_end, 0, 0,
                                                      ht_verdict_score(&r->tone) },
                          s->models->tone, s->ex_tone, x, r->ngrams, r->nngrams, &s->names);
    }
    ht_verdict_finish(article);
    /* The actor model's helper reads these instead of scoring a paragraph
     * again when a mention's context is the whole of it. */
    ht_tone_aux_paragraphs(&s->aux, d, ok ? s->para_prob : NULL);
    return HT_OK;
}

/* ---- actors: tonality and stance ------------------------------------------------------ */

/* Appends name to the pool; its offset into *at. 0 (and the pool marked
 * failed) when out of memory or past the offsets' 4 GB. */
static int pool_add(name_pool *p, const char *name, uint32_t *at)
{
    size_t len = strlen(name) + 1;
    if (p->len + len > UINT32_MAX) {
        p->failed = 1;
        return 0;
    }
    if (p->len + len > p->cap) {
        size_t cap = p->cap ? p->cap : 4096;
        while (cap < p->len + len)
            cap *= 2;
        char *s = realloc(p->s, cap);
        if (!s) {
            p->failed = 1;
            return 0;
        }
        p->s = s;
        p->cap = cap;
    }
    memcpy(p->s + p->len, name, len);
    *at = (uint32_t)p->len;
    p->len += len;
    return 1;
}

/* An n-gram while the heaviest are sought: its name at hand. */
typedef struct named {
    char name[160];
    double weight;
} named;

/* Orders by absolute weight, larger first; ties by name, for stable output. */
static int heavier(const named *x, const named *y)
{
    double dx = fabs(x->weight), dy = fabs(y->weight);
    if (dx != dy)
        return dx > dy;
    return strcmp(x->name, y->name) < 0;
}

/* What feature f adds to the signed score of m (0: outside the model). */
static inline double contribution(const ht_model *m, const struct feature_node *f, int plus,
                                  int minus)
{
    if (f->index < 1 || (uint32_t)f->index > m->dim)
        return 0;
    const float *row = m->weights + (size_t)f->index * (size_t)m->nr_class;
    return f->value * ((double)row[plus] - (double)row[minus]);
}

/* A named feature of x that may be evidence: its index and contribution. */
typedef struct candidate {
    uint32_t index;
    double weight;
} candidate;

/* Whether a is one of the k largest magnitudes kept so far. */
static int tied(const double *top, int k, double a)
{
    for (int i = 0; i < k; i++)
        if (top[i] == a)
            return 1;
    return 0;
}

/* One pass over x: the named features whose |contribution| reaches the
 * EVIDENCE_NGRAMS largest distinct magnitudes seen so far, in x's order,
 * into cand (room for every feature of x); *floor gets the
 * EVIDENCE_NGRAMS-th largest distinct magnitude of all (0 if fewer). The
 * running bar only rises, so every feature at or above the final floor is
 * among them, and dropping twins of equal weight still leaves enough.
 * Lighter features need no name. */
static size_t evidence_candidates(const ht_model *m, const ht_extractor *ex,
                                  const struct feature_node *x, int plus, int minus,
                                  candidate *cand, double *floor)
{
    double top[EVIDENCE_NGRAMS];
    double bar = DBL_TRUE_MIN;  /* what a feature must reach: > 0, then top[k - 1] */
    int k = 0;
    size_t nc = 0;
    for (const struct feature_node *f = x; f->index != -1; f++) {
        double c = contribution(m, f, plus, minus), a = fabs(c);
        if (a < bar || !ht_fv_named(ex, (uint32_t)f->index))
            continue;  /* one test for the common case: zero rows are many */
        if (ht_fv_named_mute(ex, (uint32_t)f->index))
            continue;  /* "w:.": it moves the score, but tells a reader nothing */
        cand[nc++] = (candidate){ (uint32_t)f->index, c };
        if (tied(top, k, a))
            continue;  /* maybe a word's twin (see top_ngrams): a candidate, not counted */
        int full = k == EVIDENCE_NGRAMS;
        int at = full ? k - 1 : k++;
        while (at > 0 && top[at - 1] < a) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = a;
        if (k == EVIDENCE_NGRAMS)
            bar = top[k - 1];
    }
    *floor = k == EVIDENCE_NGRAMS ? top[k - 1] : 0;
    return nc;
}

/* Whether y is the stem twin of word x: "stem:S" beside "w:S" with the same
 * contribution. A word that is its own stem and shares it with no other word
 * (bei, und) gives two features that always occur together, so the fit gives
 * them the same weight; shown both, they would fill two of the few places
 * with one fact. */
static const char *without_note(const char *name)  /* "negtopic:stem:x" -> "stem:x" */
{
    return strncmp(name, "negtopic:", 9) ? name : name + 9;
}

static int stem_twin(const named *x, const named *y)
{
    const char *a = without_note(x->name), *b = without_note(y->name);
    return x->weight == y->weight && (a == x->name) == (b == y->name) && !strncmp(a, "w:", 2) &&
           !strncmp(b, "stem:", 5) && !strcmp(a + 2, b + 5);
}

/* Drops from out[0..n) each stem twin of a word there (the word is kept, in
 * the stem's place if that came first); the count left. */
static int drop_twins(named *out, int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int twin = -1;
        for (int j = 0; j < n && twin < 0; j++)
            if (j != i && (stem_twin(&out[j], &out[i]) || stem_twin(&out[i], &out[j])))
                twin = j;
        if (twin >= 0 && !strncmp(without_note(out[i].name), "stem:", 5))
            continue;
        out[kept++] = out[i];
    }
    return kept;
}

/* The named features of x that move the signed score of m most, heaviest
 * first (at most EVIDENCE_NGRAMS), ties by name, a word's stem twin left
 * out. Only candidates that reach the floor are named, as naming writes
 * text. Twice the places are kept at first, as each kept n-gram has at most
 * one twin. */
static int top_ngrams(const ht_model *m, ht_extractor *ex, const struct feature_node *x,
                      ngram *dst, name_pool *names)
{
    enum { KEEP = 2 * EVIDENCE_NGRAMS };
    named out[KEEP];
    int plus, minus, n = 0;
    ht_model_poles(m, &plus, &minus);
    if (plus < 0 || minus < 0)
        return 0;
    candidate *cand = ht_fv_scratch(ex, sizeof *cand);
    if (!cand)
        return 0;
    double floor;
    size_t nc = evidence_candidates(m, ex, x, plus, minus, cand, &floor);
    for (size_t i = 0; i < nc; i++) {
        double c = cand[i].weight;
        if (fabs(c) < floor || (n == KEEP && fabs(c) < fabs(out[n - 1].weight)))
            continue;
        const char *name = ht_fv_name(ex, cand[i].index);
        if (!name)
            continue;
        named g;
        size_t len = strlen(name);
        if (len >= sizeof g.name) {
            len = sizeof g.name - 1;
            while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
                len--;  /* not inside a UTF-8 sequence */
        }
        memcpy(g.name, name, len);
        g.name[len] = '\0';
        g.weight = c;
        if (n == KEEP && !heavier(&g, &out[n - 1]))
            continue;
        /* Its place among the kept, found first: the kept are moved once
         * (an n-gram is 168 bytes; swapping it up moved three per step). */
        int at = n < KEEP ? n : KEEP - 1;
        while (at > 0 && heavier(&g, &out[at - 1]))
            at--;
        int last = n < KEEP ? n++ : KEEP - 1;
        memmove(&out[at + 1], &out[at], (size_t)(last - at) * sizeof *out);
        out[at] = g;
    }
    n = drop_twins(out, n);
    if (n > EVIDENCE_NGRAMS)
        n = EVIDENCE_NGRAMS;
    for (int i = 0; i < n; i++) {
        dst[i].weight = out[i].weight;
        if (!pool_add(names, out[i].name, &dst[i].name))
            return 0;
    }
    return n;
}

/* Keeps cand among ev's EVIDENCE_SPANS spans furthest from 0; its place
 * there, or -1 if it is not kept (or was kept already). */
static int evidence_place(evidence *ev, scored_span cand)
{
    scored_span *best = ev->best;
    for (int i = 0; i < ev->nbest; i++) {
        if (best[i].tb != cand.tb || best[i].te != cand.te)
            continue;
        /* The same span again: a passage read for two mentions of one actor
         * keeps the score that leans further. */
        if (fabs(cand.score) <= fabs(best[i].score))
            return -1;
        memmove(best + i, best + i + 1, (size_t)(ev->nbest - i - 1) * sizeof *best);
        ev->nbest--;
        break;
    }
    int at = ev->nbest < EVIDENCE_SPANS ? ev->nbest++ : EVIDENCE_SPANS;
    if (at == EVIDENCE_SPANS) {
        if (fabs(cand.score) <= fabs(best[EVIDENCE_SPANS - 1].score))
            return -1;
        at = EVIDENCE_SPANS - 1;
    }
    best[at] = cand;
    while (at > 0 && fabs(best[at].score) > fabs(best[at - 1].score)) {
        scored_span t = best[at];
        best[at] = best[at - 1];
        best[at - 1] = t;
        at--;
    }
    return at;
}

void ht_evidence_offer(evidence *ev, scored_span cand, const ht_model *m, ht_extractor *ex,
                       const struct feature_node *x, const ngram *known, int nknown,
                       name_pool *names)
{
    if (evidence_place(ev, cand) != 0)
        return;
    if (known) {  /* already worked out for this span */
        memcpy(ev->ngrams, known, (size_t)nknown * sizeof *known);
        ev->nngrams = nknown;
    } else {
        ev->nngrams = top_ngrams(m, ex, x, ev->ngrams, names);
    }
}

/* Predicts x, adds the probabilities to the running mean acc, and returns
 * this one prediction's signed score. */
static double predict_into(verdict *acc, const ht_model *m, const ht_extractor *ex,
                           const struct feature_node *x)
{
    verdict one = { .model = m, .valid = 1, .weight = 1 };
    ht_vec_predict(m, ex, x, one.prob);
    ht_verdict_add(acc, m, one.prob, 1);
    return ht_verdict_score(&one);
}

static void score_mention(ht_scorer *s, const ht_mention *mn, actor_result *r)
{
    const ht_doc *d = &s->doc;
    const ht_model *m = s->models->actor;
    const ht_span *sen = &d->sentences.v[mn->sentence];
    const struct feature_node *x = ht_vec_actor(s->ex_actor, d, sen->tok_begin, sen->tok_end,
                                                mn->tok_begin, mn->tok_end, &s->aux);
    if (!x)
        return;
    double score = predict_into(&r->tonality, m, s->ex_actor, x);
    /* The evidence is the passage the model read: with context, its n-grams
     * may come from the sentences beside the mention's. */
    size_t xb, xe;
    ht_doc_context(d, sen->tok_begin, sen->tok_end, m->features.context, &xb, &xe);
    ht_evidence_offer(&r->tonality_ev, (scored_span){ xb, xe, mn->tok_begin, mn->tok_end, score },
                      m, s->ex_actor, x, NULL, 0, &s->names);
}

/* A statement's span and who makes it (a speaker's hash, 0 for none). */
static uint64_t span_key(size_t b, size_t e, const ht_speaker *sp)
{
    uint64_t k = (uint64_t)b << 32 | (uint64_t)(uint32_t)e;  /* token indices fit 32 bits */
    return sp ? ht_hash_combine(k, sp->hash) : k;
}

/* The memo of statement [b, e) made by sp: scored now if no other actor's
 * was, and then *x is its vector (else NULL). NULL when out of memory. */
static stance_memo *stance_of(ht_scorer *s, size_t b, size_t e, const ht_speaker *sp,
                              const struct feature_node **x_out)
{
    *x_out = NULL;
    uint32_t i = ht_idmap_get(&s->memo_of, span_key(b, e, sp));
    if (i != HT_IDMAP_NONE)
        return &s->memo[i];
    if (!grow((void **)&s->memo, &s->cap_memo, s->nmemo + 1, sizeof *s->memo))
        return NULL;
    const struct feature_node *x = ht_vec_stance(s->ex_stance, &s->doc, b, e, &s->topic, sp);
    ht_error err = { 0 };
    if (!x || ht_idmap_put(&s->memo_of, span_key(b, e, sp), (uint32_t)s->nmemo, &err) != HT_OK)
        return NULL;
    stance_memo *sm = &s->memo[s->nmemo++];
    memset(sm->prob, 0, sizeof sm->prob);
    ht_vec_predict(s->models->stance, s->ex_stance, x, sm->prob);
    sm->nngrams = -1;
    *x_out = x;
    return sm;
}

static void score_statement(ht_scorer *s, size_t b, size_t e, const ht_speaker *sp,
                            actor_result *r)
{
    const ht_model *m = s->models->stance;
    if (b >= e)
        return;
    for (int i = 0; i < r->stance_ev.nbest; i++)
        if (r->stance_ev.best[i].tb == b && r->stance_ev.best[i].te == e)
            return;
    const struct feature_node *x;
    stance_memo *sm = stance_of(s, b, e, sp, &x);
    if (!sm)
        return;
    verdict one = { .model = m, .valid = 1, .weight = 1 };
    memcpy(one.prob, sm->prob, sizeof one.prob);
    ht_verdict_add(&r->stance, m, one.prob, 1);
    if (evidence_place(&r->stance_ev, (scored_span){ b, e, e, e, ht_verdict_score(&one) }) != 0)
        return;
    if (sm->nngrams < 0) {  /* first asked for by another actor than the one that scored it */
        if (!x)
            x = ht_vec_stance(s->ex_stance, &s->doc, b, e, &s->topic, sp);
        sm->nngrams = x ? top_ngrams(m, s->ex_stance, x, sm->ngrams, &s->names) : 0;
    }
    memcpy(r->stance_ev.ngrams, sm->ngrams, (size_t)sm->nngrams * sizeof *sm->ngrams);
    r->stance_ev.nngrams = sm->nngrams;
}

/* Statements of actor a: its quotes and reported speech, and the sentences
 * where it is the subject or the speaker. Each distinct span counts once. */
static void score_stance(ht_scorer *s, size_t a, actor_result *r)
{
    const ht_analysis *an = &s->an;
    /* A speaker only toward a topic of the user's: the model learnt what
     * parties answered to statements, and a headline is none. */
    const ht_speaker *sp = s->topic_words && s->speakers
                               ? ht_speakers_of(s->models->speakers, s->models->gazetteer,
                                                &an->actors[a])
                               : NULL;
    for (size_t q = 0; q < an->nquotes; q++)
        if (an->quotes[q].speaker == (int32_t)a)
            score_statement(s, an->quotes[q].tok_begin, an->quotes[q].tok_end, sp, r);
    for (size_t i = 0; i < an->nmentions; i++) {
        const ht_mention *mn = &an->mentions[i];
        if (mn->actor != a || !(mn->flags & (HT_MF_SUBJECT | HT_MF_SPEAKER)))
            continue;
        const ht_span *sen = &s->doc.sentences.v[mn->sentence];
        score_statement(s, sen->tok_begin, sen->tok_end, sp, r);
    }
    ht_verdict_finish(&r->stance);
    r->speaker = r->stance.valid ? ht_speaker_name(s->models->speakers, sp) : NULL;
}

static ht_status set_topic(ht_scorer *s, const ht_article *a, int headline_para)
{
    s->topic_words = 0;
    s->topic_given = a->topic && a->topic[strspn(a->topic, " \t\r\n")];  /* not blank */
    if (s->topic_given) {  /* "topic": "" is no topic, as --topic "" is refused */
        ht_status st = ht_doc_set(&s->topic, a->topic, strlen(a->topic), NULL);
        for (size_t i = 0; st == HT_OK && i < s->topic.tokens.n && !s->topic_words; i++)
            s->topic_words = s->topic.tokens.v[i].type == HT_TOK_WORD;  /* else none to cross */
        return st;
    }
    /* The headline and the lead: the first sentence of the first body paragraph. */
    const ht_doc *d = &s->doc;
    size_t need = (a->title ? strlen(a->title) : 0) + 2;
    size_t hb = 0, he = 0, lb = 0, le = 0;
    if (headline_para >= 0) {
        hb = d->paragraphs.v[headline_para].start;
        he = d->paragraphs.v[headline_para].end;
    }
    for (size_t p = 0; p < d->paragraphs.n; p++)
        if (s->paras[p].kind == PARA_BODY && d->para_sent[p] < d->para_sent[p + 1]) {
            const ht_span *lead = &d->sentences.v[d->para_sent[p]];
            size_t after = ht_analysis_after_dateline(&s->an, p);  /* "Berlin (dpa) - " */
            lb = after > lead->tok_begin && after < lead->tok_end ? d->tokens.v[after].start
                                                                  : lead->start;
            le = lead->end;
            break;
        }
    need += (he - hb) + (le - lb) + 2;
    if (!grow((void **)&s->topic_buf, &s->cap_topic, need, 1))
        return HT_ERR_NOMEM;
    const char *title = a->title ? a->title : "";
    int head = *title || he > hb, sep = head && le > lb;  /* a line break between two parts */
    int n = snprintf(s->topic_buf, need, "%s%.*s%s%.*s", title, (int)(he - hb), d->text.s + hb,
                     sep ? "\n" : "", (int)(le - lb), d->text.s + lb);
    return ht_doc_set(&s->topic, s->topic_buf, n > 0 ? (size_t)n : 0, NULL);
}

static double salience(const ht_scorer *s, size_t a, size_t max_mentions, int headline_para)
{
    const ht_analysis *an = &s->an;
    const ht_doc *d = &s->doc;
    /* a record's title is its headline: an actor of the text it names counts */
    int in_headline = ht_analysis_find(&s->title_an, an->actors[a].name) >= 0, in_lead = 0;
    size_t lead_para = headline_para >= 0 ? (size_t)headline_para + 1 : 0;
    for (size_t i = 0; i < an->nmentions; i++) {
        if (an->mentions[i].actor != a)
            continue;
        const ht_span *first = &d->paragraphs.v[0];
        if (headline_para >= 0 && an->mentions[i].end <= first->end)
            in_headline = 1;
        if (lead_para < d->paragraphs.n &&
            an->mentions[i].start >= d->paragraphs.v[lead_para].start &&
            an->mentions[i].end <= d->paragraphs.v[lead_para].end)
            in_lead = 1;
    }
    double share = max_mentions ? (double)an->actors[a].mention_count / (double)max_mentions : 0;
    return 0.6 * share + 0.25 * in_headline + 0.15 * in_lead;
}

static ht_status score_actors(ht_scorer *s, int headline_para)
{
    const ht_analysis *an = &s->an;
    s->nmemo = 0;  /* statements are scored toward this article's topic */
    ht_idmap_clear(&s->memo_of);
    if (!grow((void **)&s->actors, &s->cap_actors, an->nactors, sizeof *s->actors))
        return HT_ERR_NOMEM;
    if (an->nactors)
        memset(s->actors, 0, an->nactors * sizeof *s->actors);
    for (size_t i = 0; i < an->nmentions; i++)
        score_mention(s, &an->mentions[i], &s->actors[an->mentions[i].actor]);
    size_t max_mentions = 0;
    for (size_t a = 0; a < an->nactors; a++)
        if (an->actors[a].mention_count > max_mentions)
            max_mentions = an->actors[a].mention_count;
    for (size_t a = 0; a < an->nactors; a++) {
        ht_verdict_finish(&s->actors[a].tonality);
        score_stance(s, a, &s->actors[a]);
        s->actors[a].salience = salience(s, a, max_mentions, headline_para);
    }
    return HT_OK;
}

/* ---- one article ---------------------------------------------------------------------- */

static int find_headline(const ht_scorer *s)
{
    for (size_t p = 0; p < s->doc.paragraphs.n; p++)
        if (s->paras[p].kind == PARA_HEADLINE)
            return (int)p;
    return -1;
}

void ht_scorer_set_limits(ht_scorer *s, const ht_limits *l)
{
    s->limits = *l;
}

void ht_scorer_set_tone_only(ht_scorer *s, int on)
{
    s->tone_only = on != 0 || !s->models->actor;
}

void ht_scorer_set_speakers(ht_scorer *s, int on)
{
    s->speakers = on != 0;
}

#define TITLE_TOKENS_MAX 200

/* The actors of the article with their quotes, tonality and stance. */
static ht_status score_all_actors(ht_scorer *s, const ht_article *a, int hp, ht_error *err)
{
    size_t np = s->doc.paragraphs.n;
    if (!grow((void **)&s->furniture, &s->cap_furniture, np ? np : 1, 1))
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory scoring actors");
    for (size_t p = 0; p < np; p++)
        s->furniture[p] = s->paras[p].kind == PARA_FURNITURE;
    ht_status st = ht_analyse_except(s->models->gazetteer, &s->doc, s->furniture, &s->an, err);
    ht_analysis_clear(&s->title_an);
    /* (a headline is short; a title of more is scored for tone only, whatever it names) */
    if (st == HT_OK && a->title && s->title.tokens.n && s->title.tokens.n <= TITLE_TOKENS_MAX)
        st = ht_analyse(s->models->gazetteer, &s->title, &s->title_an, err);
    if (st == HT_OK && s->limits.max_actors && s->an.nactors > s->limits.max_actors)
        st = ht_error_set(err, HT_ERR_LIMIT,
                          "the article names %zu actors, more than the limit of %zu "
                          "(--max-actors)", s->an.nactors, s->limits.max_actors);
    if (st == HT_OK && s->limits.max_mentions && s->an.nmentions > s->limits.max_mentions)
        st = ht_error_set(err, HT_ERR_LIMIT,
                          "the article has %zu actor mentions, more than the limit of %zu "
                          "(--max-mentions)", s->an.nmentions, s->limits.max_mentions);
    if (st == HT_OK && (st = set_topic(s, a, hp)) == HT_OK && (st = score_actors(s, hp)) != HT_OK)
        ht_error_set(err, st, "out of memory scoring actors");
    return st;
}

/* The first token longer than max bytes, or SIZE_MAX. */
static size_t overlong_token(const ht_doc *d, size_t max)
{
    for (size_t i = 0; max && i < d->tokens.n; i++)
        if (d->tokens.v[i].end - d->tokens.v[i].start > max)
            return i;
    return SIZE_MAX;
}

/* Checks the limits that can be checked before analysing the text. */
static ht_status check_text(ht_scorer *s, const ht_article *a, ht_error *err)
{
    const ht_limits *l = &s->limits;
    size_t title = a->title ? strlen(a->title) : 0;  /* a title is read and scored too */
    if (l->max_bytes && (a->len > l->max_bytes || title > l->max_bytes - a->len))
        return ht_error_set(err, HT_ERR_LIMIT,
                            "the article has %zu bytes%s, more than the limit of %zu (--max-bytes)",
                            a->len + title, title ? " with its title" : "", l->max_bytes);
    ht_status st = ht_doc_set(&s->doc, a->text, a->len, err);
    size_t t = st == HT_OK ? overlong_token(&s->doc, l->max_token) : SIZE_MAX;
    if (t != SIZE_MAX) {
        ht_pos at = ht_text_orig(&s->doc.text, s->doc.tokens.v[t].start);
        return ht_error_set(err, HT_ERR_LIMIT,
                            "a token of %zu bytes at character %zu is longer than the limit of "
                            "%zu (--max-token)",
                            (size_t)(s->doc.tokens.v[t].end - s->doc.tokens.v[t].start), at.cp,
                            l->max_token);
    }
    if (st == HT_OK && l->max_paragraphs && s->doc.paragraphs.n > l->max_paragraphs)
        return ht_error_set(err, HT_ERR_LIMIT,
                            "the article has %zu paragraphs, more than the limit of %zu "
                            "(--max-paragraphs)", s->doc.paragraphs.n, l->max_paragraphs);
    return st;
}

ht_status ht_score_article(ht_scorer *s, const ht_article *a, ht_out_format fmt,
                           const char **out, size_t *len, ht_error *err)
{
    ht_status st = check_text(s, a, err);
    ht_tone_aux_reset(&s->aux);
    s->names.len = 0;
    s->names.failed = 0;
    verdict tone, headline;
    memset(&headline, 0, sizeof headline);
    if (st == HT_OK && a->title) {
        st = ht_doc_set(&s->title, a->title, strlen(a->title), err);
        size_t t = st == HT_OK ? overlong_token(&s->title, s->limits.max_token) : SIZE_MAX;
        if (t != SIZE_MAX)
            st = ht_error_set(err, HT_ERR_LIMIT,
                              "a token of %zu bytes in the title is longer than the limit of %zu "
                              "(--max-token)",
                              (size_t)(s->title.tokens.v[t].end - s->title.tokens.v[t].start),
                              s->limits.max_token);
        if (st == HT_OK)
            predict_range(s, &s->title, 0, s->title.tokens.n, &headline, NULL);
    }
    if (st == HT_OK && (st = score_paragraphs(s, a->title != NULL, &tone)) != HT_OK)
        ht_error_set(err, st, "out of memory scoring paragraphs");
    int hp = st == HT_OK ? find_headline(s) : -1;
    if (st == HT_OK && hp >= 0)
        headline = s->paras[hp].tone;
    if (st == HT_OK && s->tone_only)
        ht_analysis_clear(&s->an);
    else if (st == HT_OK)
        st = score_all_actors(s, a, hp, err);
    if (st != HT_OK) {
        if (!err->msg[0])
            ht_error_set(err, st, "could not score the article");
        return st;
    }
    ht_jsonw_reset(&s->out);
    if (fmt == HT_OUT_TEXT)
        ht_report_text(s, a, &tone, &headline, hp);
    else
        ht_report_json(s, a, &tone, &headline, hp);
    if (s->out.failed || s->names.failed)
        return ht_error_set(err, HT_ERR_NOMEM, "out of memory writing the result");
    *out = s->out.buf;
    *len = s->out.len;
    return HT_OK;
}

void ht_score_error(ht_scorer *s, const char *id, const char *msg, ht_out_format fmt,
                    const char **out, size_t *len)
{
    ht_jsonw *w = &s->out;
    ht_jsonw_reset(w);
    if (fmt == HT_OUT_TEXT) {
        ht_jsonw_raw(w, "== ", 3);
        ht_report_text_safe(w, id ? id : "-", strlen(id ? id : "-"));
        ht_jsonw_raw(w, "\nerror: ", 8);
        ht_report_text_safe(w, msg, strlen(msg));
        ht_jsonw_raw(w, "\n\n", 2);
    } else {
        ht_jsonw_begin_object(w);
        ht_jsonw_key(w, "id");
        if (id)
            ht_jsonw_string_lossy(w, id);
        else
            ht_jsonw_null(w);
        ht_jsonw_key(w, "error");
        ht_jsonw_string_lossy(w, msg);
        ht_jsonw_end_object(w);
        ht_jsonw_raw(w, "\n", 1);
    }
    *out = w->buf ? w->buf : "";
    *len = w->buf ? w->len : 0;
}
