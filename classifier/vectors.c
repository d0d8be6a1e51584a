/* vectors.c: what goes into each task's vector.
 *
 * tone   : the text's n-grams.
 * actor  : the sentence with the target masked (so the model learns how a text
 *          speaks of someone, not who it is), side-and-distance marks of the
 *          words around it, its role marks, and the tone model's reading of
 *          its clause (and sentence, for models before clause_tone_only), and
 *          the words and tone of the sentences beside it (models with context).
 * stance : the text's n-grams, the topic's action and negation, and crossings: when the
 *          topic is negated ("Keine Noten ...") agreeing words mean the
 *          opposite, so the text's unigrams are repeated under a topic-negated
 *          namespace; words the text shares with the topic, plain and negated,
 *          say whether the text takes up or rejects the topic's claim. */
#include "classifier/vectors.h"

#include <jansson.h>
#include <linear.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "classifier/model.h"
#include "features/hash.h"

enum { NS_NEGTOPIC = 5, NS_MARKS = 6, NS_ACTION = 7, NS_SPEAKER = 8 };

#define KEY_BUF 128

static int key_in(const char *key, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(key, list[i]))
            return 1;
    return 0;
}

/* Stems of common speech verbs: a key that starts with one counts. */
static const char *const speech_prefixes[] = {
    "sagt", "erklärt", "betont", "kritisiert", "warnt", "forder", "behauptet", "meint",
    "teilt", "sprach", "spricht", "bekräftigt", "versicher", "räumt", "kündigt", "lobt",
    "verteidigt", "bezeichnet", "schrieb", "schreibt", "erwider", "entgegne", "ergänzt",
    "unterstrich", "unterstreicht", "bestätigt", "fügte", "zitiert", "twitterte", "äußert",
    "rief", "ruft", "mahnt", "verlangt", "beklagt", "kommentiert", NULL
};

/* A set of lower-case ASCII letters, a bit each. */
#define LETTER(c) (1u << ((c) - 'a'))

/* The first letters of speech_prefixes (ASCII; "äußert" starts with a
 * non-ASCII byte, which cannot_start never rules out). */
#define SPEECH_FIRST_LETTERS                                                                  \
    (LETTER('s') | LETTER('e') | LETTER('b') | LETTER('k') | LETTER('w') | LETTER('f') |      \
     LETTER('m') | LETTER('t') | LETTER('r') | LETTER('v') | LETTER('l') | LETTER('u') |      \
     LETTER('z'))

static int is_speech_verb(const char *key)
{
    for (size_t i = 0; speech_prefixes[i]; i++)  /* the first byte rules out most */
        if (key[0] == speech_prefixes[i][0] &&
            !strncmp(key, speech_prefixes[i], strlen(speech_prefixes[i])))
            return 1;
    return 0;
}

static int is_clause_break(const char *s, const ht_token *t)
{
    if (t->type == HT_TOK_QUOTE || t->type == HT_TOK_DASH)
        return 1;
    if (t->type != HT_TOK_PUNCT)
        return 0;
    char c = s[t->start];
    return c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
}

void ht_target_clause(const ht_doc *d, size_t b, size_t e, size_t tb, size_t te, size_t *cb,
                      size_t *ce)
{
    const char *s = d->text.s;
    const ht_token *tok = d->tokens.v;
    size_t lo = tb, hi = te;
    while (lo > b && !is_clause_break(s, &tok[lo - 1]))
        lo--;
    while (hi < e && !is_clause_break(s, &tok[hi]))
        hi++;
    *cb = lo;
    *ce = hi;
}

static int inside_quote(const ht_doc *d, size_t b, size_t tb)
{
    size_t quotes = 0;
    for (size_t i = b; i < tb; i++)
        quotes += d->tokens.v[i].type == HT_TOK_QUOTE;
    return quotes % 2 == 1;
}

/* Whether token t's key cannot start with any of the letters in first (a
 * LETTER set): its first byte is ASCII and, case-folded, not among them (a
 * key starts with its token's first letter, folded). Spares writing out the
 * key. */
static int cannot_start(const char *s, const ht_token *t, uint32_t first)
{
    unsigned char c = (unsigned char)s[t->start];
    if (c >= 0x80)
        return 0;
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    return c < 'a' || c > 'z' || !(first & LETTER(c));
}

static int near_speech_verb(const ht_doc *d, size_t b, size_t e, size_t tb, size_t te)
{
    char key[KEY_BUF];
    size_t lo = tb > b + 3 ? tb - 3 : b, hi = te + 3 < e ? te + 3 : e;
    for (size_t i = lo; i < hi; i++) {
        if (i >= tb && i < te)
            continue;
        if (d->tokens.v[i].type != HT_TOK_WORD ||
            cannot_start(d->text.s, &d->tokens.v[i], SPEECH_FIRST_LETTERS))
            continue;
        ht_token_key(d->text.s, &d->tokens.v[i], key, sizeof key);
        if (is_speech_verb(key))
            return 1;
    }
    return 0;
}

unsigned ht_target_flags(const ht_doc *d, size_t b, size_t e, size_t tb, size_t te)
{
    static const char *const articles[] = { "der", "die", "das", "den", "dem", "des", "ein",
                                            "eine", "einer", "einen", "einem", NULL };
    unsigned flags = 0;
    if (tb >= te || te > e)
        return 0;
    if (near_speech_verb(d, b, e, tb, te))
        flags |= HT_TARGET_SPEAKER;
    size_t cb, ce;
    ht_target_clause(d, b, e, tb, te, &cb, &ce);
    size_t lead = cb;
    char key[KEY_BUF];
    while (lead < tb) {  /* only articles and the like may stand before a subject */
        const ht_token *t = &d->tokens.v[lead];
        int article = !cannot_start(d->text.s, t, LETTER('d') | LETTER('e')) &&
                      (ht_token_key(d->text.s, t, key, sizeof key), key_in(key, articles));
        if (!article && (t->type != HT_TOK_WORD || !(t->flags & HT_TF_CAP)))
            break;
        lead++;
    }
    if (lead == tb && te < ce)
        flags |= HT_TARGET_SUBJECT;
    if (inside_quote(d, b, tb))
        flags |= HT_TARGET_IN_QUOTE;
    if (d->tokens.v[tb].flags & HT_TF_NEGATED)
        flags |= HT_TARGET_NEGATED;
    return flags;
}

const struct feature_node *ht_vec_tone(ht_extractor *ex, const ht_doc *d, size_t b, size_t e)
{
    ht_fv_reset(ex);
    ht_fv_use_keys(ex, d->tokens.v, d->keys, d->memo);
    if (ht_fv_add_tokens(ex, d->text.s, d->tokens.v, b, e, HT_NS_TEXT) != HT_OK)
        return NULL;
    return ht_fv_finish(ex, NULL);
}

static ht_status add_marks(ht_extractor *ex, unsigned flags)
{
    static const char *const names[] = { "target:speaker", "target:subject", "target:in_quote",
                                         "target:negated" };
    ht_status st = HT_OK;
    for (int i = 0; i < 4 && st == HT_OK; i++)
        if (flags & (1u << i))
            st = ht_fv_add_name(ex, names[i], NS_MARKS, 1);
    return st;
}

const char *ht_actor_helper_name(const ht_model *actor, char *buf, size_t cap)
{
    json_t *info = actor->info ? json_loads(actor->info, 0, NULL) : NULL;
    const char *name = json_string_value(json_object_get(info, "tone_model"));
    if (name)
        snprintf(buf, cap, "%s", name);
    json_decref(info);
    return name ? buf : NULL;
}

ht_status ht_actor_helper_check(const ht_model *actor, const ht_model *tone,
                                const char *tone_path, ht_error *err)
{
    json_t *info = actor->info ? json_loads(actor->info, 0, NULL) : NULL;
    const char *want = json_string_value(json_object_get(info, "tone_model_crc32"));
    char have[16];
    snprintf(have, sizeof have, "%08x", (unsigned)tone->crc);
    ht_status st = HT_OK;
    if (tone->task != HT_TASK_TONE)
        st = ht_error_set(err, HT_ERR_INVALID, "%s: a %s model, not the tone helper", tone_path,
                          ht_task_name(tone->task));
    else if (want && strcmp(want, have))
        st = ht_error_set(err, HT_ERR_INVALID,
                          "%s is not the tone model the actor model was trained with "
                          "(CRC-32 %s, expected %s)", tone_path, have, want);
    json_decref(info);
    return st;
}

void ht_tone_aux_reset(ht_tone_aux *aux)
{
    aux->ncached = 0;
    aux->next = 0;
    aux->para_doc = NULL;
    aux->para_prob = NULL;
}

void ht_tone_aux_paragraphs(ht_tone_aux *aux, const ht_doc *d, const double *prob)
{
    aux->para_doc = d;
    aux->para_prob = prob;
}

/* The tone of the paragraph whose tokens are exactly [b, e), else NULL. */
static const double *paragraph_tone(const ht_tone_aux *aux, const ht_doc *d, size_t b, size_t e)
{
    if (!aux->para_prob || aux->para_doc != d || b >= e)
        return NULL;
    size_t p = ht_doc_paragraph_of(d, b);
    if (p >= d->paragraphs.n || d->paragraphs.v[p].tok_begin != b ||
        d->paragraphs.v[p].tok_end != e)
        return NULL;
    return aux->para_prob + 8 * p;
}

int ht_vec_predict(const struct ht_model *m, const ht_extractor *ex, const struct feature_node *x,
                   double *prob)
{
    double shift[HT_FOLD_CLASSES];
    int folded = ht_fv_folded(ex, shift);
    return ht_model_predict_shifted(m, x, folded ? shift : NULL, NULL, prob);
}

/* The tone model's probabilities for tokens [b, e), from the cache if there. */
static const double *range_tone(ht_tone_aux *aux, const ht_doc *d, size_t b, size_t e)
{
    for (size_t i = 0; i < aux->ncached; i++)
        if (aux->cache_b[i] == b && aux->cache_e[i] == e)
            return aux->cache_prob[i];
    const double *para = paragraph_tone(aux, d, b, e);
    if (para)
        return para;
    const struct feature_node *x = ht_vec_tone(aux->ex, d, b, e);
    if (!x)
        return NULL;
    size_t slot = aux->next;
    aux->next = (aux->next + 1) % HT_TONE_CACHE;
    if (aux->ncached < HT_TONE_CACHE)
        aux->ncached++;
    aux->cache_b[slot] = b;
    aux->cache_e[slot] = e;
    ht_vec_predict(aux->model, aux->ex, x, aux->cache_prob[slot]);
    return aux->cache_prob[slot];
}

static const char *const tone_spans[HT_TONE_SPANS] = { "clause", "sentence", "context" };

/* Names "tone:SPAN:LABEL" and their hashes for aux's model (an empty name:
 * one too long, left out). */
static void tone_names(ht_tone_aux *aux)
{
    const ht_model *m = aux->model;
    for (int sp = 0; sp < HT_TONE_SPANS; sp++)
        for (int c = 0; c < m->nr_class && c < 8; c++) {
            char *name = aux->names[sp][c];
            int n = snprintf(name, sizeof aux->names[sp][c], "tone:%s:%s", tone_spans[sp],
                             m->labels[c]);
            if (n < 0 || (size_t)n >= sizeof aux->names[sp][c])
                name[0] = '\0';
            aux->hashes[sp][c] = ht_fv_name_hash(name, NS_MARKS);
        }
    aux->names_for = m;
}

/* Tone probabilities of tokens [b, e) as features named "tone:SPAN:LABEL"
 * (span 0: clause, 1: sentence, 2: the sentence with its context). */
static ht_status add_tone(ht_extractor *ex, const ht_doc *d, size_t b, size_t e,
                          ht_tone_aux *aux, int span)
{
    const ht_model *m = aux->model;
    const double *prob = range_tone(aux, d, b, e);
    if (!prob)
        return HT_ERR_NOMEM;
    if (aux->names_for != m)
        tone_names(aux);
    for (int c = 0; c < m->nr_class && c < 8; c++) {
        if (aux->names[span][c][0] &&
            ht_fv_add_name_hashed(ex, aux->hashes[span][c], aux->names[span][c], prob[c]) != HT_OK)
            return HT_ERR_NOMEM;
    }
    return HT_OK;
}

/* The words of the sentences around [b, e) (cfg.context each side, inside
 * the paragraph), as the sentence's own are counted, and the tone of all of
 * them. A GerNTSA record is the sentence its annotators labelled with the
 * ones beside it, and they read them: with one sentence each side, CV
 * macro-F1 0.394 / 0.388 / 0.392 -> 0.419 / 0.405 / 0.409 for fold seeds
 * 1/2/3, gerntsa/dev 0.415 -> 0.448 (models/actor.md); the words and the
 * tone each carry about half of it. */
static ht_status add_context(ht_extractor *ex, const ht_doc *d, size_t b, size_t e,
                             ht_tone_aux *aux, uint32_t ns)
{
    size_t xb, xe;
    ht_doc_context(d, b, e, ht_extractor_config(ex)->context, &xb, &xe);
    ht_status st = HT_OK;
    if (xb < b)
        st = ht_fv_add_tokens(ex, d->text.s, d->tokens.v, xb, b, ns);
    if (st == HT_OK && e < xe)
        st = ht_fv_add_tokens(ex, d->text.s, d->tokens.v, e, xe, ns);
    if (st == HT_OK && aux && aux->model)
        st = add_tone(ex, d, xb, xe, aux, 2);
    return st;
}

const struct feature_node *ht_vec_actor(ht_extractor *ex, const ht_doc *d, size_t b, size_t e,
                                        size_t tb, size_t te, ht_tone_aux *aux)
{
    ht_fv_reset(ex);
    ht_fv_use_keys(ex, d->tokens.v, d->keys, d->memo);
    const ht_feature_config *cfg = ht_extractor_config(ex);
    uint32_t ns = cfg->text_ns ? HT_NS_TEXT : HT_NS_TARGET;
    if (ht_fv_add_window(ex, d->text.s, d->tokens.v, b, e, tb, te, ns) != HT_OK)
        return NULL;
    if (cfg->context && add_context(ex, d, b, e, aux, ns) != HT_OK)
        return NULL;
    /* The clause enters through its tone only: its own n-grams repeated what
     * the sentence gives and cost a third of the time for no gain on dev
     * (macro-F1 0.383 with them, 0.390 without, C = 4). */
    size_t cb, ce;
    ht_target_clause(d, b, e, tb, te, &cb, &ce);
    if (add_marks(ex, ht_target_flags(d, b, e, tb, te)) != HT_OK)
        return NULL;
    int sentence = !cfg->clause_tone_only;
    if (aux && aux->model && (add_tone(ex, d, cb, ce, aux, 0) != HT_OK ||
                              (sentence && add_tone(ex, d, b, e, aux, 1) != HT_OK)))
        return NULL;
    return ht_fv_finish(ex, NULL);
}

static int topic_negated(const ht_doc *topic)
{
    for (size_t i = 0; i < topic->tokens.n; i++)
        if (topic->tokens.v[i].flags & HT_TF_NEGATED)
            return 1;
    return 0;
}

/* Content words (four letters or more) the text shares with the topic. The
 * topic's word hashes are taken once (up to OVERLAP_MAX words). */
#define OVERLAP_MAX 128

static ht_status add_overlap(ht_extractor *ex, const ht_doc *text, size_t b, size_t e,
                             const ht_doc *topic)
{
    uint64_t th[OVERLAP_MAX];
    size_t m = 0;
    for (size_t j = 0; j < topic->tokens.n && m < OVERLAP_MAX; j++) {
        const ht_token *u = &topic->tokens.v[j];
        if (u->type == HT_TOK_WORD && u->end - u->start >= 4)
            th[m++] = topic->keys[j];
    }
    double shared = 0, negated = 0;
    for (size_t i = b; i < e && m; i++) {
        const ht_token *t = &text->tokens.v[i];
        if (t->type != HT_TOK_WORD || t->end - t->start < 4)
            continue;
        uint64_t h = text->keys[i];
        for (size_t j = 0; j < m; j++)
            if (th[j] == h) {
                shared += 1;
                negated += (t->flags & HT_TF_NEGATED) != 0;
                break;
            }
    }
    ht_status st = HT_OK;
    if (shared > 0)
        st = ht_fv_add_name(ex, "overlap", NS_MARKS, shared);
    if (st == HT_OK && negated > 0)
        st = ht_fv_add_name(ex, "overlap:negated", NS_MARKS, negated);
    return st;
}

/* The topic's action: the last lower-case word that is not an auxiliary
 * ("... sollen legalisiert werden." -> "legalisiert"). 0 if none. */
static uint64_t topic_action(const ht_doc *topic)
{
    static const char *const aux[] = { "werden", "wird", "sein", "ist", "sind", "bleiben",
                                       "soll", "sollen", "haben", "hat", "können", "kann",
                                       "dürfen", "darf", "müssen", "muss", "lassen", NULL };
    char key[KEY_BUF];
    for (size_t i = topic->tokens.n; i-- > 0;) {
        const ht_token *t = &topic->tokens.v[i];
        if (t->type != HT_TOK_WORD || (t->flags & HT_TF_CAP))
            continue;
        ht_token_key(topic->text.s, t, key, sizeof key);
        if (!key_in(key, aux))
            return topic->keys[i];
    }
    return 0;
}

/* Each text word crossed with the topic's action, so that "ablehnen" can
 * weigh one way for "eingeführt" and the other for "abgeschafft". */
static ht_status add_action_cross(ht_extractor *ex, const ht_doc *text, size_t b, size_t e,
                                  uint64_t action)
{
    for (size_t i = b; i < e; i++) {
        const ht_token *t = &text->tokens.v[i];
        if (t->type != HT_TOK_WORD)
            continue;
        uint64_t h = ht_hash_combine(ht_hash_combine(NS_ACTION, action),
                                     text->keys[i]);
        if (ht_fv_add_hash(ex, h, 1) != HT_OK)
            return HT_ERR_NOMEM;
    }
    return HT_OK;
}

static uint64_t speaker_hash_nfc(const char *name, size_t len);

uint64_t ht_speaker_hash(const char *name, size_t len)
{
    /* Composed first, so that an "Ü" written as U and a combining mark is
     * the "Ü" of the training data (which is NFC); as it is if not UTF-8. */
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = len <= 4096 ? utf8proc_map((const utf8proc_uint8_t *)name,
                                                    (utf8proc_ssize_t)len, &nfc,
                                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE)
                                     : -1;
    uint64_t h = n >= 0 ? speaker_hash_nfc((const char *)nfc, (size_t)n)
                        : speaker_hash_nfc(name, len);
    free(nfc);
    return h;
}

static uint64_t speaker_hash_nfc(const char *name, size_t len)
{
    uint64_t h = 0;
    utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)len;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)name + i, n - i, &c);
        if (k <= 0) {  /* not UTF-8: the byte stands for itself */
            c = 0x110000 + (unsigned char)name[i];
            k = 1;
        } else {
            utf8proc_category_t cat = utf8proc_category(c);
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
                c = utf8proc_tolower(c);
            else if (cat < UTF8PROC_CATEGORY_ND || cat > UTF8PROC_CATEGORY_NO)
                c = -1;
        }
        i += k;
        if (c >= 0)
            h = ht_hash_combine(h ? h : NS_SPEAKER, (uint64_t)c);
    }
    return h;
}

/* The speaker crossed with each word of the topic: what a party said before
 * on the same words. No feature of the speaker alone: on wahlomat/dev it
 * gained nothing over the crossings (macro-F1 0.693 with it, 0.692 without)
 * and taught the model the party's general rate of agreement, which reading
 * a statement without its speaker then missed (0.662 against 0.670). */
static ht_status add_speaker(ht_extractor *ex, const ht_doc *topic, const ht_speaker *sp)
{
    for (size_t j = 0; j < topic->tokens.n; j++) {
        if (topic->tokens.v[j].type != HT_TOK_WORD)
            continue;
        uint64_t h = ht_hash_combine(sp->hash, topic->keys[j]);
        if (ht_fv_add_hash_word(ex, h, 1, sp->prefix ? sp->prefix : "speaker × ", topic->text.s,
                                topic->tokens.v, j) != HT_OK)
            return HT_ERR_NOMEM;
    }
    return HT_OK;
}

const struct feature_node *ht_vec_stance(ht_extractor *ex, const ht_doc *text, size_t b,
                                         size_t e, const ht_doc *topic,
                                         const ht_speaker *speaker)
{
    const char *s = text->text.s;
    ht_fv_reset(ex);
    ht_fv_use_keys(ex, text->tokens.v, text->keys, text->memo);
    if (ht_fv_add_tokens(ex, s, text->tokens.v, b, e, HT_NS_TEXT) != HT_OK)
        return NULL;
    if (!topic || !topic->tokens.n)
        return ht_fv_finish(ex, NULL);
    /* Of the topic alone only its action and its negation: its n-grams
     * describe the question, not the answer, and cost 0.007 macro-F1 and a
     * fifth of the training time on wahlomat/dev (see models/stance.md). */
    int negated = topic_negated(topic);
    uint64_t action = topic_action(topic);
    if (negated) {
        ht_status st = ht_fv_add_name(ex, "topic:negated", NS_MARKS, 1);
        ht_fv_name_note(ex, "negtopic:");
        if (st == HT_OK)
            st = ht_fv_add_tokens(ex, s, text->tokens.v, b, e, NS_NEGTOPIC);
        ht_fv_name_note(ex, NULL);
        if (st != HT_OK)
            return NULL;
    }
    if (action && (ht_fv_add_hash(ex, ht_hash_combine(NS_ACTION, action), 1) != HT_OK ||
                   add_action_cross(ex, text, b, e, action) != HT_OK))
        return NULL;
    if (add_overlap(ex, text, b, e, topic) != HT_OK)
        return NULL;
    if (speaker && speaker->hash && ht_extractor_config(ex)->speaker &&
        add_speaker(ex, topic, speaker) != HT_OK)
        return NULL;
    return ht_fv_finish(ex, NULL);
}
