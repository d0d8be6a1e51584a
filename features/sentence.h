/* sentence.h: paragraphs and sentences over a token array.
 *
 * Paragraphs are separated by blank lines or by single line breaks (scraped
 * articles use both; a headline is its own line). A line break inside a
 * sentence, where the line before does not end a sentence and the next one
 * starts in lower case, is taken for wrapping, not for a new paragraph.
 * Sentences end at . ! ? … unless the full stop belongs to an abbreviation,
 * ordinal or date, and take closing quotes and brackets along with them. A
 * run of more than HT_SENTENCE_MAX_TOKENS tokens without an end is cut into
 * pieces of at most that many (at a comma where one is near). */
#ifndef HT_SENTENCE_H
#define HT_SENTENCE_H

#include <stddef.h>
#include <stdint.h>

#include "features/error.h"
#include "features/token.h"

/* Far beyond any German sentence of news prose (the longest of the GerNTSA
 * and Wahl-O-Mat corpora are well under it); bounds the work per sentence. */
#define HT_SENTENCE_MAX_TOKENS 200

typedef struct ht_span {
    uint32_t start, end;          /* bytes in the normalised text */
    uint32_t tok_begin, tok_end;  /* token range [tok_begin, tok_end) */
} ht_span;

typedef struct ht_spans {
    ht_span *v;
    size_t n, cap;
} ht_spans;

/* Appends the paragraphs of all tokens to out. */
ht_status ht_paragraphs(const char *s, const ht_tokens *tok, ht_spans *out, ht_error *err);
/* Appends the sentences of tokens [begin, end) to out. */
ht_status ht_sentences(const char *s, const ht_tokens *tok, size_t begin, size_t end,
                       ht_spans *out, ht_error *err);
void ht_spans_clear(ht_spans *sp);
void ht_spans_free(ht_spans *sp);

#endif
