/* document.h: one input text analysed once: normalised text, tokens with
 * negation marks, paragraphs and sentences, and the map back to the input.
 *
 * Everything downstream (features for each task, actors, quotes, scores)
 * works on an ht_doc, so a text is read and split exactly once. A document
 * owns its buffers and can be reused for the next text (ht_doc_set clears it). */
#ifndef HT_DOCUMENT_H
#define HT_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "features/error.h"
#include "features/sentence.h"
#include "features/text.h"
#include "features/token.h"

typedef struct ht_doc {
    ht_text text;         /* text.s is the normalised text all spans index */
    ht_tokens tokens;
    ht_spans paragraphs;
    ht_spans sentences;   /* all sentences, in order, each inside one paragraph */
    size_t *para_sent;    /* paragraph p has sentences [para_sent[p], para_sent[p + 1]) */
    size_t cap_para_sent;
    uint64_t *keys;       /* ht_token_key_hash of every token, taken once */
    size_t cap_keys;
    struct ht_fv_memo *memo; /* feature indices of the tokens, filled as vectors need them */
} ht_doc;

/* A zeroed ht_doc is an empty document. */
ht_status ht_doc_set(ht_doc *d, const char *data, size_t len, ht_error *err);
void ht_doc_free(ht_doc *d);

/* Index of the token that contains or follows byte offset b of the normalised
 * text (d->tokens.n if none). */
size_t ht_doc_token_at(const ht_doc *d, size_t b);
/* Normalised byte offset of code point cp of the normalised text (clamped). */
size_t ht_doc_byte_of_cp(const ht_doc *d, size_t cp);
/* Index of the sentence that holds token i. */
size_t ht_doc_sentence_of(const ht_doc *d, size_t tok);
/* Index of the paragraph that holds token i. */
size_t ht_doc_paragraph_of(const ht_doc *d, size_t tok);
/* The tokens [*xb, *xe) of the sentences that hold tokens [b, e) and of k
 * more on each side, without leaving the paragraph of the sentence of b. */
void ht_doc_context(const ht_doc *d, size_t b, size_t e, unsigned k, size_t *xb, size_t *xe);

#endif
