/* analysis_check.h: what fuzz_actors and fuzz_gazetteer check in an
 * ht_analysis (classifier/actors.h): every index points inside the document
 * or the analysis, mentions and quotes come in text order, actors in order
 * of first mention with their mentions counted, and a speaker's mention
 * names that speaker. Header-only, like fuzz.h. */
#ifndef HT_FUZZ_ANALYSIS_CHECK_H
#define HT_FUZZ_ANALYSIS_CHECK_H

#include "classifier/actors.h"
#include "tests/fuzz/fuzz.h"

static inline void check_mention(const ht_doc *d, const ht_analysis *a, size_t k)
{
    const ht_mention *m = &a->mentions[k];
    FUZZ_CHECK(m->tok_begin < m->tok_end && m->tok_end <= d->tokens.n);
    FUZZ_CHECK(m->start < m->end && m->end <= d->text.len);
    FUZZ_CHECK(m->start == d->tokens.v[m->tok_begin].start);
    FUZZ_CHECK(m->end <= d->tokens.v[m->tok_end - 1].end);
    FUZZ_CHECK(m->actor < a->nactors);
    FUZZ_CHECK(m->sentence < d->sentences.n);
    FUZZ_CHECK(m->sentence == ht_doc_sentence_of(d, m->tok_begin));
    FUZZ_CHECK(m->tok_end <= d->sentences.v[m->sentence].tok_end);
    if (k > 0)
        FUZZ_CHECK(a->mentions[k - 1].tok_end <= m->tok_begin);
}

static inline void check_quote(const ht_doc *d, const ht_analysis *a, size_t k)
{
    const ht_quote *q = &a->quotes[k];
    FUZZ_CHECK(q->kind >= HT_QUOTE_DIRECT && q->kind <= HT_QUOTE_ACCORDING);
    FUZZ_CHECK(q->tok_begin <= q->tok_end && q->tok_end <= d->tokens.n);
    FUZZ_CHECK(q->start <= q->end && q->end <= d->text.len);
    FUZZ_CHECK(q->speaker >= -1 && q->speaker < (int32_t)a->nactors);
    FUZZ_CHECK(q->cue >= -1 && q->cue < (int32_t)d->tokens.n);
    FUZZ_CHECK(q->speaker_mention >= -1 && q->speaker_mention < (int32_t)a->nmentions);
    if (q->speaker_mention >= 0)
        FUZZ_CHECK((int32_t)a->mentions[q->speaker_mention].actor == q->speaker);
    FUZZ_CHECK(q->sentence < d->sentences.n);
    if (k > 0)
        FUZZ_CHECK(a->quotes[k - 1].start <= q->start);
}

static inline void check_actor(const ht_analysis *a, size_t k)
{
    const ht_actor *ac = &a->actors[k];
    FUZZ_CHECK(ac->name != NULL && ac->name[0] != '\0');
    FUZZ_CHECK(ac->type >= HT_ACTOR_PERSON && ac->type <= HT_ACTOR_LOCATION);
    FUZZ_CHECK(ac->mention_count >= 1 && ac->first_mention < a->nmentions);
    FUZZ_CHECK(a->mentions[ac->first_mention].actor == k);
    if (k > 0)
        FUZZ_CHECK(a->actors[k - 1].first_mention < ac->first_mention);
    int32_t found = ht_analysis_find(a, ac->name);
    FUZZ_CHECK(found >= 0 && (size_t)found <= k);
}

static inline void check_analysis(const ht_doc *d, const ht_analysis *a)
{
    size_t counted = 0;
    for (size_t k = 0; k < a->nmentions; k++)
        check_mention(d, a, k);
    for (size_t k = 0; k < a->nactors; k++) {
        check_actor(a, k);
        counted += a->actors[k].mention_count;
    }
    FUZZ_CHECK(counted == a->nmentions);
    for (size_t k = 0; k < a->nquotes; k++)
        check_quote(d, a, k);
}

/* Two analyses of the same document are the same. */
static inline void check_same(const ht_analysis *x, const ht_analysis *y)
{
    FUZZ_CHECK(x->nactors == y->nactors && x->nmentions == y->nmentions &&
               x->nquotes == y->nquotes);
    for (size_t k = 0; k < x->nactors; k++)
        FUZZ_CHECK(!strcmp(x->actors[k].name, y->actors[k].name) &&
                   x->actors[k].type == y->actors[k].type &&
                   x->actors[k].mention_count == y->actors[k].mention_count);
    for (size_t k = 0; k < x->nmentions; k++)
        FUZZ_CHECK(x->mentions[k].start == y->mentions[k].start &&
                   x->mentions[k].end == y->mentions[k].end &&
                   x->mentions[k].actor == y->mentions[k].actor &&
                   x->mentions[k].flags == y->mentions[k].flags);
    for (size_t k = 0; k < x->nquotes; k++)
        FUZZ_CHECK(x->quotes[k].start == y->quotes[k].start &&
                   x->quotes[k].end == y->quotes[k].end &&
                   x->quotes[k].speaker == y->quotes[k].speaker &&
                   x->quotes[k].kind == y->quotes[k].kind);
}

#endif
