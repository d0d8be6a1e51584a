/* report.c: rendering a scored article as JSON (docs/output.md) or as a
 * compact text view, with the evidence: the sentences that weighed most and,
 * for them, the n-grams whose weights moved the score most. */
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "classifier/result.h"
#include "classifier/vectors.h"

/* ---- spans ---------------------------------------------------------------------------- */

/* A span of the normalised text as {start, end, byte_start, byte_end, text}:
 * offsets into the original input (code points and bytes), text as normalised. */
static void span_fields(ht_scorer *s, size_t nb, size_t ne)
{
    ht_jsonw *w = &s->out;
    const ht_doc *d = &s->doc;
    ht_pos b = ht_text_orig(&d->text, nb);
    ht_pos e = ht_text_orig(&d->text, ne);
    ht_jsonw_key(w, "start");
    ht_jsonw_int(w, (long long)b.cp);
    ht_jsonw_key(w, "end");
    ht_jsonw_int(w, (long long)e.cp);
    ht_jsonw_key(w, "byte_start");
    ht_jsonw_int(w, (long long)b.byte);
    ht_jsonw_key(w, "byte_end");
    ht_jsonw_int(w, (long long)e.byte);
    ht_jsonw_key(w, "text");
    ht_jsonw_string_n(w, d->text.s + nb, ne - nb);
}

static void span_object(ht_scorer *s, size_t nb, size_t ne)
{
    ht_jsonw_begin_object(&s->out);
    span_fields(s, nb, ne);
    ht_jsonw_end_object(&s->out);
}

static size_t tok_start(const ht_doc *d, size_t tb)
{
    return tb < d->tokens.n ? d->tokens.v[tb].start : d->text.len;
}

static size_t tok_end(const ht_doc *d, size_t te)
{
    return te > 0 && te <= d->tokens.n ? d->tokens.v[te - 1].end : 0;
}

/* ---- scores --------------------------------------------------------------------------- */

static void verdict_fields(ht_jsonw *w, const verdict *v)
{
    const ht_model *m = v->model;
    ht_jsonw_key(w, "label");
    ht_jsonw_string(w, m->labels[ht_verdict_best(v)]);
    ht_jsonw_key(w, "score");
    ht_jsonw_real(w, ht_verdict_score(v));
    ht_jsonw_key(w, "probabilities");
    ht_jsonw_begin_object(w);
    for (int c = 0; c < m->nr_class; c++) {
        ht_jsonw_key(w, m->labels[c]);
        ht_jsonw_real(w, v->prob[c]);
    }
    ht_jsonw_end_object(w);
}

static void verdict_object(ht_jsonw *w, const verdict *v)
{
    if (!v->valid) {
        ht_jsonw_null(w);
        return;
    }
    ht_jsonw_begin_object(w);
    verdict_fields(w, v);
    ht_jsonw_end_object(w);
}

/* ---- evidence ------------------------------------------------------------------------ */

static void ngram_array(ht_jsonw *w, const name_pool *names, const ngram *g, int n)
{
    ht_jsonw_begin_array(w);
    for (int i = 0; i < n; i++) {
        ht_jsonw_begin_object(w);
        ht_jsonw_key(w, "ngram");
        ht_jsonw_string(w, names->s + g[i].name);
        ht_jsonw_key(w, "weight");
        ht_jsonw_real(w, g[i].weight);
        ht_jsonw_end_object(w);
    }
    ht_jsonw_end_array(w);
}

/* {"sentences": [...], "ngrams": [...]}, or null when nothing was scored. */
static void evidence_object(ht_scorer *s, const evidence *ev)
{
    ht_jsonw *w = &s->out;
    const ht_doc *d = &s->doc;
    if (ev->nbest == 0) {
        ht_jsonw_null(w);
        return;
    }
    ht_jsonw_begin_object(w);
    ht_jsonw_key(w, "sentences");
    ht_jsonw_begin_array(w);
    for (int i = 0; i < ev->nbest; i++) {
        ht_jsonw_begin_object(w);
        span_fields(s, tok_start(d, ev->best[i].tb), tok_end(d, ev->best[i].te));
        ht_jsonw_key(w, "score");
        ht_jsonw_real(w, ev->best[i].score);
        ht_jsonw_end_object(w);
    }
    ht_jsonw_end_array(w);
    ht_jsonw_key(w, "ngrams");
    ngram_array(w, &s->names, ev->ngrams, ev->nngrams);
    ht_jsonw_end_object(w);
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_tone(ht_scorer *s, const verdict *tone, const verdict *headline)
{
    ht_jsonw *w = &s->out;
    ht_jsonw_key(w, "tone");
    if (!tone->valid) {
        ht_jsonw_null(w);
        return;
    }
    ht_jsonw_begin_object(w);
    verdict_fields(w, tone);
    ht_jsonw_key(w, "headline");
    verdict_object(w, headline);
    ht_jsonw_key(w, "evidence");
    evidence_object(s, &s->tone_ev);
    ht_jsonw_end_object(w);
}

static void json_paragraphs(ht_scorer *s)
{
    ht_jsonw *w = &s->out;
    const ht_doc *d = &s->doc;
    ht_jsonw_key(w, "paragraphs");
    ht_jsonw_begin_array(w);
    for (size_t p = 0; p < d->paragraphs.n; p++) {
        ht_jsonw_begin_object(w);
        span_fields(s, d->paragraphs.v[p].start, d->paragraphs.v[p].end);
        ht_jsonw_key(w, "kind");
        ht_jsonw_string(w, ht_para_kind_names[s->paras[p].kind]);
        ht_jsonw_key(w, "tone");
        verdict_object(w, &s->paras[p].tone);
        ht_jsonw_key(w, "evidence");
        ht_jsonw_begin_object(w);
        ht_jsonw_key(w, "ngrams");
        ngram_array(w, &s->names, s->paras[p].ngrams, s->paras[p].nngrams);
        ht_jsonw_end_object(w);
        ht_jsonw_end_object(w);
    }
    ht_jsonw_end_array(w);
}

static const char *const quote_kinds[] = { "", "direct", "reported", "according_to" };

static void json_actor(ht_scorer *s, size_t a)
{
    ht_jsonw *w = &s->out;
    const ht_analysis *an = &s->an;
    const ht_actor *ac = &an->actors[a];
    const actor_result *r = &s->actors[a];
    ht_jsonw_begin_object(w);
    ht_jsonw_key(w, "name");
    ht_jsonw_string(w, ac->name);
    ht_jsonw_key(w, "type");
    ht_jsonw_string(w, ht_actor_type_name(ac->type));
    ht_jsonw_key(w, "known");
    ht_jsonw_bool(w, ac->known);
    ht_jsonw_key(w, "role");
    if (ac->role)
        ht_jsonw_string(w, ac->role);
    else
        ht_jsonw_null(w);
    ht_jsonw_key(w, "stands_for");
    if (ac->stands_for)
        ht_jsonw_string(w, ac->stands_for);
    else
        ht_jsonw_null(w);
    ht_jsonw_key(w, "mention_count");
    ht_jsonw_int(w, (long long)ac->mention_count);
    ht_jsonw_key(w, "salience");
    ht_jsonw_real(w, r->salience);
    ht_jsonw_key(w, "mentions");
    ht_jsonw_begin_array(w);
    for (size_t i = 0; i < an->nmentions; i++)
        if (an->mentions[i].actor == a)
            span_object(s, an->mentions[i].start, an->mentions[i].end);
    ht_jsonw_end_array(w);
    ht_jsonw_key(w, "quotes");
    ht_jsonw_begin_array(w);
    for (size_t q = 0; q < an->nquotes; q++) {
        if (an->quotes[q].speaker != (int32_t)a)
            continue;
        ht_jsonw_begin_object(w);
        span_fields(s, an->quotes[q].start, an->quotes[q].end);
        ht_jsonw_key(w, "kind");
        ht_jsonw_string(w, an->quotes[q].kind <= 3 ? quote_kinds[an->quotes[q].kind] : "");
        ht_jsonw_end_object(w);
    }
    ht_jsonw_end_array(w);
    ht_jsonw_key(w, "tonality");
    verdict_object(w, &r->tonality);
    ht_jsonw_key(w, "stance");
    verdict_object(w, &r->stance);
    ht_jsonw_key(w, "stance_speaker");
    if (r->speaker)
        ht_jsonw_string(w, r->speaker);
    else
        ht_jsonw_null(w);
    ht_jsonw_key(w, "evidence");
    ht_jsonw_begin_object(w);
    ht_jsonw_key(w, "tonality");
    evidence_object(s, &r->tonality_ev);
    ht_jsonw_key(w, "stance");
    evidence_object(s, &r->stance_ev);
    ht_jsonw_end_object(w);
    ht_jsonw_end_object(w);
}

static void json_stats(ht_scorer *s)
{
    ht_jsonw *w = &s->out;
    const ht_doc *d = &s->doc;
    ht_jsonw_key(w, "stats");
    ht_jsonw_begin_object(w);
    ht_jsonw_key(w, "bytes");
    ht_jsonw_int(w, (long long)d->text.orig_len);
    ht_jsonw_key(w, "chars");
    ht_jsonw_int(w, (long long)d->text.orig_cps);
    ht_jsonw_key(w, "invalid_bytes");
    ht_jsonw_int(w, (long long)d->text.invalid);
    ht_jsonw_key(w, "tokens");
    ht_jsonw_int(w, (long long)d->tokens.n);
    ht_jsonw_key(w, "sentences");
    ht_jsonw_int(w, (long long)d->sentences.n);
    ht_jsonw_key(w, "paragraphs");
    ht_jsonw_int(w, (long long)d->paragraphs.n);
    const char *const keys[3] = { "actors", "mentions", "quotes" };
    const size_t counts[3] = { s->an.nactors, s->an.nmentions, s->an.nquotes };
    for (int i = 0; i < 3; i++) {  /* null: not looked for (tone only) */
        ht_jsonw_key(w, keys[i]);
        if (s->tone_only)
            ht_jsonw_null(w);
        else
            ht_jsonw_int(w, (long long)counts[i]);
    }
    ht_jsonw_end_object(w);
}

static void json_models(ht_scorer *s)
{
    ht_jsonw *w = &s->out;
    static const char *const keys[3] = { "tone", "actor", "stance" };
    ht_jsonw_key(w, "models");
    ht_jsonw_begin_object(w);
    for (int i = 0; i < 3; i++) {  /* only the models that scored */
        ht_jsonw_key(w, keys[i]);
        if (i > 0 && s->tone_only)
            ht_jsonw_null(w);
        else
            ht_jsonw_string(w, s->models->names[i]);
    }
    ht_jsonw_key(w, "actors");
    if (s->tone_only)
        ht_jsonw_null(w);
    else
        ht_jsonw_int(w, (long long)ht_gazetteer_size(s->models->gazetteer));
    ht_jsonw_end_object(w);
}

void ht_report_json(ht_scorer *s, const ht_article *a, const verdict *tone,
                    const verdict *headline, int headline_para)
{
    ht_jsonw *w = &s->out;
    (void)headline_para;
    ht_jsonw_begin_object(w);
    ht_jsonw_key(w, "id");
    if (a->id)
        ht_jsonw_string_lossy(w, a->id);
    else
        ht_jsonw_null(w);
    json_tone(s, tone, headline);
    json_paragraphs(s);
    ht_jsonw_key(w, "actors");
    if (s->tone_only) {
        ht_jsonw_null(w);
    } else {
        ht_jsonw_begin_array(w);
        for (size_t i = 0; i < s->an.nactors; i++)
            json_actor(s, i);
        ht_jsonw_end_array(w);
    }
    ht_jsonw_key(w, "stance_topic");  /* what every stance is toward */
    if (s->tone_only) {
        ht_jsonw_null(w);
    } else {
        ht_jsonw_begin_object(w);
        ht_jsonw_key(w, "text");
        ht_jsonw_string_n(w, s->topic.text.s, s->topic.text.len);
        ht_jsonw_key(w, "from");
        ht_jsonw_string(w, s->topic_given ? "given" : "headline_and_lead");
        ht_jsonw_end_object(w);
    }
    json_stats(s);
    json_models(s);
    ht_jsonw_key(w, "schema");
    ht_jsonw_int(w, HT_SCHEMA_VERSION);
    ht_jsonw_end_object(w);
    ht_jsonw_raw(w, "\n", 1);
}

/* ---- text ----------------------------------------------------------------------------- */

static void textf(ht_jsonw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#include <stdarg.h>

static void textf(ht_jsonw *w, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        ht_jsonw_raw(w, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Ends a line of the text view without the padding the last column left. */
static void text_newline(ht_jsonw *w)
{
    while (w->len > 0 && w->buf[w->len - 1] == ' ')
        w->len--;
    ht_jsonw_raw(w, "\n", 1);
}

static void text_verdict(ht_jsonw *w, const verdict *v)
{
    if (!v->valid) {
        textf(w, "%-17s", "-");
        return;
    }
    textf(w, "%-9s %+.2f  ", v->model->labels[ht_verdict_best(v)], ht_verdict_score(v));
}

/* Ids, names and quotes are the input's: white space among them becomes a
 * space, other control characters U+FFFD. */
void ht_report_text_safe(ht_jsonw *w, const char *s, size_t len)
{
    size_t i = 0, run = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (n > 0 && c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
            i += (size_t)n;
            continue;
        }
        ht_jsonw_raw(w, s + run, i - run);
        if (n > 0 && (c == '\t' || c == '\n' || c == '\r'))
            ht_jsonw_raw(w, " ", 1);
        else
            ht_jsonw_raw(w, "\xef\xbf\xbd", 3);
        i += n > 0 ? (size_t)n : 1;
        run = i;
    }
    ht_jsonw_raw(w, s + run, i - run);
}

/* Bytes of the first n code points of s (NUL-terminated); *cps gets how many it has. */
static size_t cp_prefix(const char *s, size_t n, size_t *cps)
{
    size_t i = 0, k = 0;
    while (s[i] && k < n) {
        i++;
        while (((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        k++;
    }
    *cps = k;
    return i;
}

/* s padded to width code points (printf pads bytes, not characters), or cut
 * to width with an ellipsis as its last. */
static void text_cell(ht_jsonw *w, const char *s, size_t width)
{
    size_t cps, i = cp_prefix(s, width, &cps);
    if (s[i]) {
        i = cp_prefix(s, width - 1, &cps);
        ht_report_text_safe(w, s, i);
        ht_jsonw_raw(w, "\xe2\x80\xa6", 3);
        cps++;
    } else {
        ht_report_text_safe(w, s, i);
    }
    for (; cps <= width; cps++)
        ht_jsonw_raw(w, " ", 1);
}

/* Up to max bytes of s, cut at a character boundary, with an ellipsis. */
static void text_clip(ht_jsonw *w, const char *s, size_t len, size_t max)
{
    if (len <= max) {
        ht_report_text_safe(w, s, len);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    ht_report_text_safe(w, s, max);
    ht_jsonw_raw(w, "\xe2\x80\xa6", 3);
}

/* "1 paragraph", "3 paragraphs" */
static const char *plural(size_t n, const char *one, const char *more)
{
    return n == 1 ? one : more;
}

typedef struct ranked {
    double salience;
    size_t i;
} ranked;

static int by_salience(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->salience != b->salience)
        return a->salience > b->salience ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;  /* ties in order of first mention */
}

/* The actor table, most salient first (the JSON keeps the order of first
 * mention; a person reading the view wants the main actors on top). */
static void text_actors(ht_jsonw *w, ht_scorer *s)
{
    const ht_analysis *an = &s->an;
    if (an->nactors == 0) {
        textf(w, "actors    none found\n");
        return;
    }
    ranked *order = malloc(an->nactors * sizeof *order);
    for (size_t k = 0; order && k < an->nactors; k++)
        order[k] = (ranked){ s->actors[k].salience, k };
    if (order)
        qsort(order, an->nactors, sizeof *order, by_salience);
    textf(w, "%-28s %-12s %-5s %4s %5s  %-17s %-17s", "actor", "type", "known", "ment", "sal",
          "tonality", "stance");
    text_newline(w);
    for (size_t k = 0; k < an->nactors; k++) {
        size_t i = order ? order[k].i : k;
        const ht_actor *ac = &an->actors[i];
        text_cell(w, ac->name, 28);
        textf(w, "%-12s %-5s %4zu %5.2f  ", ht_actor_type_name(ac->type),
              ac->known ? "yes" : "no", ac->mention_count, s->actors[i].salience);
        text_verdict(w, &s->actors[i].tonality);
        text_verdict(w, &s->actors[i].stance);
        if (s->actors[i].speaker) {
            textf(w, " as ");
            text_clip(w, s->actors[i].speaker, strlen(s->actors[i].speaker), 60);
        }
        text_newline(w);
    }
    free(order);
}

void ht_report_text(ht_scorer *s, const ht_article *a, const verdict *tone,
                    const verdict *headline, int headline_para)
{
    ht_jsonw *w = &s->out;
    const ht_doc *d = &s->doc;
    const ht_analysis *an = &s->an;
    (void)headline_para;
    const char *id = a->id ? a->id : "-";
    textf(w, "== ");
    text_clip(w, id, strlen(id), 200);
    textf(w, "  (%zu %s, %zu %s, ", d->paragraphs.n,
          plural(d->paragraphs.n, "paragraph", "paragraphs"), d->sentences.n,
          plural(d->sentences.n, "sentence", "sentences"));
    if (s->tone_only)
        textf(w, "tone only)\n");
    else
        textf(w, "%zu %s)\n", an->nactors, plural(an->nactors, "actor", "actors"));
    textf(w, "tone      ");
    text_verdict(w, tone);
    text_newline(w);
    textf(w, "headline  ");
    text_verdict(w, headline);
    text_newline(w);
    textf(w, "paragraphs ");
    for (size_t p = 0; p < d->paragraphs.n; p++) {
        const verdict *v = &s->paras[p].tone;  /* its label, as the JSON has it */
        const char *label = v->valid ? v->model->labels[ht_verdict_best(v)] : "";
        char c = s->paras[p].kind == PARA_FURNITURE ? '.'
               : !strcmp(label, "positive")       ? '+'
               : !strcmp(label, "negative")       ? '-'
                                                  : '0';
        ht_jsonw_raw(w, &c, 1);
    }
    textf(w, "   (+ positive, - negative, 0 neutral, . furniture)\n\n");
    if (s->tone_only)
        return;
    text_actors(w, s);
    char line[200];  /* the topic on one line: headline and lead are two */
    size_t n = s->topic.text.len < sizeof line ? s->topic.text.len : sizeof line;
    for (size_t i = 0; i < n; i++)
        line[i] = s->topic.text.s[i] == '\n' ? ' ' : s->topic.text.s[i];
    textf(w, "\nstance toward %s: ", s->topic_given ? "the topic" : "headline and lead");
    text_clip(w, line, n, 160);  /* a topic cut to the line's 200 bytes is clipped here too */
    textf(w, "\n");
    if (an->nquotes)
        textf(w, "\nquotes\n");
    for (size_t q = 0; q < an->nquotes; q++) {
        const ht_quote *qu = &an->quotes[q];
        const char *who = qu->speaker >= 0 ? an->actors[qu->speaker].name : "?";
        ht_jsonw_raw(w, "  ", 2);
        text_cell(w, who, 24);
        text_clip(w, d->text.s + qu->start, qu->end - qu->start, 90);
        textf(w, "\n");
    }
    textf(w, "\n");
}
