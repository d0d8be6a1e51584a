/* token.h: splitting normalised German text into tokens.
 *
 * Tuned for news and social media: umlauts and ß, hyphenated and truncated
 * compounds (Infrastruktur-Waffenstillstand, Energie- und ...), numbers in
 * German notation (1.000, 3,5), ordinals (18.), dates, abbreviations (z. B.,
 * Dr.), URLs, e-mail addresses, @user, #hashtag, emoticons and emoji, and
 * every quotation mark and dash as a token of its own. Tokens are spans into
 * the text; the tokeniser never allocates per token. */
#ifndef HT_TOKEN_H
#define HT_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "features/error.h"

typedef enum ht_token_type {
    HT_TOK_WORD = 1,
    HT_TOK_NUMBER,    /* 2022, 1.000, 3,5, 20:15 */
    HT_TOK_ORDINAL,   /* 18. (in "am 18. März") */
    HT_TOK_DATE,      /* 18.03.2025, 18.3. */
    HT_TOK_ABBREV,    /* z., B., Dr., usw., u.a., initials */
    HT_TOK_URL,
    HT_TOK_EMAIL,
    HT_TOK_MENTION,   /* @user */
    HT_TOK_HASHTAG,   /* #Wahl2025 */
    HT_TOK_EMOTICON,  /* :-) :D <3 */
    HT_TOK_EMOJI,     /* one emoji, with its modifiers and joiners */
    HT_TOK_QUOTE,     /* „ “ ” ‚ ‘ ’ » « ‹ › " ' */
    HT_TOK_DASH,      /* – — and a free-standing - */
    HT_TOK_PUNCT,     /* . , ; : ! ? … ( ) [ ] and runs like ?! or ... */
    HT_TOK_SYMBOL     /* anything else: % € § + = & * / */
} ht_token_type;

enum {
    HT_TF_CAP = 1 << 0,      /* starts with an upper-case letter */
    HT_TF_UPPER = 1 << 1,    /* two or more letters, all upper case */
    HT_TF_SPACE = 1 << 2,    /* white space before it */
    HT_TF_NEWLINE = 1 << 3,  /* a line break before it */
    HT_TF_BLANK = 1 << 4,    /* a blank line (two breaks) before it */
    HT_TF_TRUNC = 1 << 5,    /* a truncated compound: "Energie-" */
    HT_TF_NEGATED = 1 << 6   /* inside a negation scope (see ht_mark_negation) */
};

typedef struct ht_token {
    uint32_t start, end;  /* byte span in the normalised text */
    uint8_t type;         /* ht_token_type */
    uint8_t flags;        /* HT_TF_* */
} ht_token;

typedef struct ht_tokens {
    ht_token *v;
    size_t n, cap;
} ht_tokens;

/* Appends the tokens of s[0..len) to out, with their negation scopes marked
 * as ht_mark_negation marks them (a scope starts fresh with each call).
 * Texts over 4 GiB are refused. */
ht_status ht_tokenize(const char *s, size_t len, ht_tokens *out, ht_error *err);
void ht_tokens_clear(ht_tokens *t);
void ht_tokens_free(ht_tokens *t);

/* Marks tokens after a negator (nicht, kein*, nie, niemals, weder, ohne, nichts)
 * up to the next punctuation, quote or dash token or line break with HT_TF_NEGATED.
 * ht_tokenize does this already; for token arrays made or changed otherwise.
 * Marking twice changes nothing. */
void ht_mark_negation(const char *s, ht_token *tok, size_t n);

/* True for punctuation that can end a sentence: . ! ? … and runs of them. */
int ht_token_is_terminal(const char *s, const ht_token *t);
const char *ht_token_type_name(int type);

/* What an emoticon shows, read from its mouth and eyes, so that ":)", ":-)"
 * and ":-))" count as one thing: smile ":) =) 8-) ^_^", laugh ":D xD ^^",
 * wink ";) ;-) ;D", sad ":( :'( >:( :/ :|", tongue ":P", kiss ":*", heart
 * "<3", surprise ":o o.O"; other ("-.-"). HT_EMO_NONE for any token that is
 * not an emoticon. */
typedef enum ht_emoticon {
    HT_EMO_NONE = 0,
    HT_EMO_SMILE,
    HT_EMO_LAUGH,
    HT_EMO_WINK,
    HT_EMO_SAD,
    HT_EMO_TONGUE,
    HT_EMO_KISS,
    HT_EMO_HEART,
    HT_EMO_SURPRISE,
    HT_EMO_OTHER
} ht_emoticon;

ht_emoticon ht_emoticon_class(const char *s, const ht_token *t);
/* "smile", "laugh" ...; "" for HT_EMO_NONE. */
const char *ht_emoticon_name(ht_emoticon e);

#endif
