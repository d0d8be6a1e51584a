/* token.c: the tokeniser.
 *
 * One left-to-right pass. At each position the scanners are tried from the
 * most specific (URL, e-mail, emoticon) to the most general (word, symbol);
 * each returns the end of its token or 0. ASCII is classified without calling
 * utf8proc; other code points are decoded once and classified by category. */
#include "features/token.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "features/hash.h"
#include "features/text.h"

enum cclass { C_SPACE, C_NEWLINE, C_LETTER, C_DIGIT, C_MARK, C_JOIN, C_PUNCT, C_QUOTE,
              C_DASH, C_EMOJI, C_SYMBOL, C_IGNORE };

typedef struct scan {
    const char *s;
    size_t len;
    size_t next_at;  /* the first '@' at or after the last e-mail scan, or len */
    int at_ready;    /* next_at has been looked for */
} scan;

static inline int32_t cp_at(const scan *sc, size_t i, int *n)
{
    unsigned char c = (unsigned char)sc->s[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    /* Two-byte sequences (umlauts, ß) decoded here; valid_seq's result. */
    unsigned char c1 = i + 1 < sc->len ? (unsigned char)sc->s[i + 1] : 0;
    if (c >= 0xc2 && c <= 0xdf && (c1 & 0xc0) == 0x80) {
        *n = 2;
        return (int32_t)(c & 0x1f) << 6 | (c1 & 0x3f);
    }
    return ht_utf8_decode(sc->s, sc->len, i, n);
}

/* Latin-1 letters (U+00C0..U+00FF but × and ÷): all Lu or Ll, none of them
 * a quote, dash or emoji, so they need no utf8proc lookup. */
static inline int latin1_letter(int32_t c)
{
    return c >= 0xc0 && c <= 0xff && c != 0xd7 && c != 0xf7;
}

/* Upper case (Lu) among the Latin-1 letters: U+00C0..U+00DE. */
static inline int latin1_upper(int32_t c)
{
    return c <= 0xde;
}

static int is_emoji_cp(int32_t c)
{
    return (c >= 0x1f000 && c <= 0x1faff) || (c >= 0x2600 && c <= 0x27bf) ||
           (c >= 0x2b00 && c <= 0x2bff) || c == 0x2764 || c == 0x203c || c == 0x2049;
}

static int is_emoji_modifier(int32_t c)
{
    return c == 0xfe0f || c == 0xfe0e || (c >= 0x1f3fb && c <= 0x1f3ff) || c == 0x20e3 ||
           (c >= 0xe0020 && c <= 0xe007f);
}

static int is_quote_cp(int32_t c)
{
    switch (c) {
    case '"': case '\'': case 0x201e: case 0x201c: case 0x201d: case 0x201a: case 0x2018:
    case 0x2019: case 0x00bb: case 0x00ab: case 0x2039: case 0x203a: case 0x201f: case 0x201b:
        return 1;
    }
    return 0;
}

/* ASCII classes by table: the tokeniser asks for one per byte. */
#define SP C_SPACE
#define PU C_PUNCT
#define SY C_SYMBOL
#define LE C_LETTER
#define DI C_DIGIT
static const unsigned char ascii_class[128] = {
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, C_NEWLINE, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    /*  ' ' !   "        #   $   %   &   '        (   )   *   +   ,   -       .   / */
    SP, PU, C_QUOTE, SY, SY, SY, SY, C_QUOTE, PU, PU, SY, SY, PU, C_DASH, PU, SY,
    DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, PU, PU, SY, SY, SY, PU,  /* 0-9 : ; < = > ? */
    SY, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE,  /* @ A-O */
    LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, PU, SY, PU, SY, SY,  /* P-Z [ \ ] ^ _ */
    SY, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE,  /* ` a-o */
    LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, LE, PU, SY, PU, SY, SP,  /* p-z { | } ~ DEL */
};
#undef SP
#undef PU
#undef SY
#undef LE
#undef DI

static inline enum cclass classify_ascii(unsigned char c)
{
    return (enum cclass)ascii_class[c & 0x7f];
}

static enum cclass classify(int32_t c)
{
    if (c < 0x80)
        return classify_ascii((unsigned char)c);
    if (latin1_letter(c))
        return C_LETTER;
    if (c == 0x00ad || c == 0x200c)
        return C_JOIN;  /* soft hyphen, zero-width non-joiner: inside words */
    if (c == 0x200b || c == 0xfeff || c == 0x2060)
        return C_IGNORE;
    if (c == 0x2028 || c == 0x2029 || c == 0x85)
        return C_NEWLINE;
    if (is_quote_cp(c))
        return C_QUOTE;
    if (c >= 0x2012 && c <= 0x2015)
        return C_DASH;
    if (c == 0x2026)
        return C_PUNCT;
    if (is_emoji_cp(c))
        return C_EMOJI;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return C_NEWLINE;
    case UTF8PROC_CATEGORY_PD:
        return (c == 0x2010 || c == 0x2011) ? C_DASH : C_DASH;
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
        return C_PUNCT;
    default:
        return C_SYMBOL;
    }
}

static inline enum cclass class_at(const scan *sc, size_t i, int *n)
{
    if (i >= sc->len) {
        *n = 0;
        return C_SPACE;
    }
    unsigned char c = (unsigned char)sc->s[i];
    if (c < 0x80) {
        *n = 1;
        return classify_ascii(c);
    }
    return classify(cp_at(sc, i, n));
}

static int is_hyphen_at(const scan *sc, size_t i, int *n)
{
    if (i >= sc->len)
        return 0;
    if (sc->s[i] == '-') {
        *n = 1;
        return 1;
    }
    int32_t c = cp_at(sc, i, n);
    return c == 0x2010 || c == 0x2011;
}

static int is_alnum_class(enum cclass k)
{
    return k == C_LETTER || k == C_DIGIT;
}

/* a[0..n) equals the lower-case literal lit, ignoring ASCII case. Stops at
 * the first difference: most calls fail on the first byte. */
static int ascii_ieq(const char *a, size_t n, const char *lit)
{
    size_t i = 0;
    for (; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lit[i])  /* also when lit ends first */
            return 0;
    }
    return lit[i] == '\0';
}

static int in_list(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (ascii_ieq(w, n, *list))
            return 1;
    return 0;
}

static inline int has_prefix_ci(const scan *sc, size_t i, const char *lit)
{
    size_t m = strlen(lit);
    return i + m <= sc->len && ascii_ieq(sc->s + i, m, lit);
}

/* ---- URLs, e-mail, @user, #tag ---------------------------------------------------------- */

static int url_char(unsigned char c)
{
    return c > 0x20 && c != '"' && c != '<' && c != '>' && c != '`' && c < 0x80;
}

static size_t scan_url(const scan *sc, size_t i)
{
    char first = (char)(sc->s[i] | 0x20);
    char second = i + 1 < sc->len ? (char)(sc->s[i + 1] | 0x20) : 0;
    /* "haben", "wir": most words that start like a URL stop at the second letter. */
    if (!((first == 'h' && second == 't') || (first == 'w' && second == 'w')) ||
        !(has_prefix_ci(sc, i, "http://") || has_prefix_ci(sc, i, "https://") ||
          has_prefix_ci(sc, i, "www.")))
        return 0;
    size_t j = i, open = 0;
    while (j < sc->len && url_char((unsigned char)sc->s[j])) {
        open += sc->s[j] == '(';
        j++;
    }
    while (j > i && strchr(".,;:!?'", sc->s[j - 1]))
        j--;
    if (j > i && sc->s[j - 1] == ')' && !open)
        j--;
    return j - i > 4 ? j : 0;
}

static int email_local_char(unsigned char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
}

static size_t scan_email(scan *sc, size_t i)
{
    /* An address needs an '@' within 64 bytes: most words are ruled out by
     * where the next '@' of the text is, found once per stretch by memchr. */
    if (!sc->at_ready || sc->next_at < i) {
        sc->at_ready = 1;
        const char *at = memchr(sc->s + i, '@', sc->len - i);
        sc->next_at = at ? (size_t)(at - sc->s) : sc->len;
    }
    if (sc->next_at >= sc->len || sc->next_at > i + 64)
        return 0;
    size_t j = i, limit = i + 64 < sc->len ? i + 64 : sc->len;
    while (j < limit && email_local_char((unsigned char)sc->s[j]))
        j++;
    if (j == i || j >= sc->len || sc->s[j] != '@')
        return 0;
    size_t at = j++, dots = 0;
    while (j < sc->len && (email_local_char((unsigned char)sc->s[j]) && sc->s[j] != '_')) {
        dots += sc->s[j] == '.';
        j++;
    }
    while (j > at + 1 && (sc->s[j - 1] == '.' || sc->s[j - 1] == '-')) {
        dots -= sc->s[j - 1] == '.';
        j--;
    }
    return (dots && j > at + 3) ? j : 0;
}

static size_t scan_tag(const scan *sc, size_t i, int unicode)
{
    size_t j = i + 1;
    int n;
    while (j < sc->len) {
        unsigned char c = (unsigned char)sc->s[j];
        enum cclass k = class_at(sc, j, &n);
        if (c == '_' || (c < 0x80 && is_alnum_class(k)) || (unicode && c >= 0x80 &&
                                                              (is_alnum_class(k) || k == C_MARK)))
            j += (size_t)n;
        else
            break;
    }
    return j > i + 1 ? j : 0;
}

/* ---- emoticons and emoji --------------------------------------------------------------- */

static const char *const emoticons[] = {
    ":-))", ":-((", ">:-(", ":'-(", ":-)", ":-(", ":-D", ";-)", ":-P", ":-p", ":-/", ":-*", ":-O",
    ":-o", ":-|", ":'(", "^_^", "o.O", "O.o", "-.-", "8-)", ":))", ":((", ">:(",
    ":)", ":(", ":D", ";)", ";D", ":P", ":p", ":/", ":*", ":O", ":o", ":|", "<3", "xD", "XD",
    "^^", "=)", "=D", "=(", NULL
};

/* The bytes an emoticon can start with (strchr's set, with its NUL). */
static int emoticon_start(unsigned char c)
{
    switch (c) {
    case ':': case ';': case '<': case 'x': case 'X': case '^': case '=': case '8': case '>':
    case '-': case 'o': case 'O': case '\0':
        return 1;
    }
    return 0;
}

/* Lookup tables built once from the lists above and below (so that they
 * follow any edit of the lists): which second bytes emoticons have after
 * each first byte, and the abbreviations as packed keys (see pack_lower). */
static uint64_t emoticon_second[128][2];
#define ABBREV_SET 256
static uint64_t abbrev_set[ABBREV_SET];
static int abbrev_long;  /* some abbreviation does not fit a packed key */
static int emoticon_wide;  /* some emoticon's second byte is not ASCII: no filter */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static void build_tables(void);

/* n <= 7 bytes of w, ASCII upper case lowered as ascii_ieq does, with n in
 * the top byte: equal keys mean ascii_ieq-equal words. */
static uint64_t pack_lower(const char *w, size_t n)
{
    uint64_t k = (uint64_t)n << 56;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        k |= (uint64_t)c << (8 * i);
    }
    return k;
}

static size_t abbrev_home(uint64_t k)
{
    return (size_t)((k * 0x9e3779b97f4a7c15ULL) >> 56) & (ABBREV_SET - 1);
}

static size_t scan_emoticon(const scan *sc, size_t i)
{
    if (!emoticon_start((unsigned char)sc->s[i]))
        return 0;
    /* Every emoticon has two bytes or more: most starts fail on the second. */
    unsigned char c0 = (unsigned char)sc->s[i] & 0x7f;
    unsigned char c1 = i + 1 < sc->len ? (unsigned char)sc->s[i + 1] : 0x80;
    pthread_once(&tables_once, build_tables);
    if (!emoticon_wide && (c1 >= 0x80 || !((emoticon_second[c0][c1 >> 6] >> (c1 & 63)) & 1)))
        return 0;
    if (i > 0) {
        int n;
        enum cclass prev = classify_ascii((unsigned char)sc->s[i - 1]);
        (void)n;
        if (prev != C_SPACE && prev != C_NEWLINE && prev != C_PUNCT && prev != C_QUOTE)
            return 0;
    }
    /* Words that start like an emoticon ("oder", "ohne", "xmal") go no further. */
    if (i + 2 < sc->len && (unsigned char)sc->s[i + 1] >= 'a' && (unsigned char)sc->s[i + 1] <= 'z' &&
        (unsigned char)sc->s[i + 2] >= 'a' && (unsigned char)sc->s[i + 2] <= 'z')
        return 0;
    for (const char *const *e = emoticons; *e; e++) {
        if ((*e)[0] != sc->s[i])
            continue;
        size_t m = strlen(*e);
        if (i + m > sc->len || memcmp(sc->s + i, *e, m) != 0)
            continue;
        int n;
        enum cclass next = class_at(sc, i + m, &n);
        if (is_alnum_class(next) || (next == C_SYMBOL && sc->s[i + m] != '#'))
            continue;
        return i + m;
    }
    return 0;
}

static size_t scan_emoji(const scan *sc, size_t i)
{
    int n;
    int32_t c = cp_at(sc, i, &n);
    if (!is_emoji_cp(c))
        return 0;
    int regional = c >= 0x1f1e6 && c <= 0x1f1ff;
    size_t j = i + (size_t)n;
    while (j < sc->len) {
        int m, m2;
        int32_t d = cp_at(sc, j, &m);
        if (is_emoji_modifier(d)) {
            j += (size_t)m;
        } else if (d == 0x200d && j + (size_t)m < sc->len &&
                   is_emoji_cp(cp_at(sc, j + (size_t)m, &m2))) {
            j += (size_t)m + (size_t)m2;
        } else if (regional && d >= 0x1f1e6 && d <= 0x1f1ff) {
            j += (size_t)m;
            regional = 0;
        } else {
            break;
        }
    }
    return j;
}

/* ---- numbers, ordinals, dates -------------------------------------------------------------- */

static const char *const months[] = {
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember", "jan", "feb", "mrz", "apr", "jun", "jul",
    "aug", "sep", "sept", "okt", "nov", "dez", NULL
};

/* Nouns that follow an ordinal number: "der 3. Platz", "im 20. Jahrhundert". */
static const char *const ordinal_nouns[] = {
    "platz", "jahrhundert", "jahrestag", "lebensjahr", "spieltag", "runde", "stock",
    "stockwerk", "etage", "mal", "klasse", "liga", "bundesliga", "geburtstag", "todestag",
    "tag", "woche", "sitzung", "parteitag", "legislaturperiode", "kapitel", "jahrgang",
    "weltkrieg", "bezirk", "armee", "division", "minute", "satz", "etappe", "wahlgang",
    "quartal", "halbjahr", "amendment", "zusatzartikel", "kreuzzug", "mai", NULL
};

static size_t scan_digits(const scan *sc, size_t i)
{
    while (i < sc->len && sc->s[i] >= '0' && sc->s[i] <= '9')
        i++;
    return i;
}

/* The word after position i (skipping spaces), as a byte span; 0 length if none. */
static size_t next_word(const scan *sc, size_t i, size_t *start)
{
    while (i < sc->len && (sc->s[i] == ' ' || sc->s[i] == '\t'))
        i++;
    *start = i;
    size_t j = i;
    int n;
    while (j < sc->len && class_at(sc, j, &n) == C_LETTER)
        j += (size_t)n;
    return j - i;
}

static int lowercase_initial(const scan *sc, size_t i)
{
    int n;
    int32_t c = cp_at(sc, i, &n);
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

static int word_in_list_lower(const scan *sc, size_t at, size_t n, const char *const *list)
{
    /* Compares with lists that hold lower-case words, umlauts included. */
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return 0;
    size_t k = 0;
    for (size_t i = at; i < at + n; ) {
        int m;
        int32_t c = utf8proc_tolower(cp_at(sc, i, &m));
        char enc[4];
        int e = ht_utf8_encode(c, enc);
        if (k + (size_t)e >= sizeof buf)
            return 0;
        memcpy(buf + k, enc, (size_t)e);
        k += (size_t)e;
        i += (size_t)m;
    }
    for (; *list; list++)
        if (strlen(*list) == k && memcmp(*list, buf, k) == 0)
            return 1;
    return 0;
}

/* "18." before a month, a lower-case word or a noun that takes ordinals. */
static int ordinal_follows(const scan *sc, size_t dot)
{
    size_t ws;
    size_t n = next_word(sc, dot + 1, &ws);
    if (ws == dot + 1 || n == 0)
        return n > 0 && ws == dot + 1 ? 0 : 0;
    return lowercase_initial(sc, ws) || word_in_list_lower(sc, ws, n, months) ||
           word_in_list_lower(sc, ws, n, ordinal_nouns);
}

typedef struct numtok {
    size_t end;
    int type;
} numtok;

static int date_shape(const scan *sc, size_t i, size_t end)
{
    /* d{1,2}.d{1,2}.(d{2}|d{4})? */
    size_t a = scan_digits(sc, i);
    if (a - i < 1 || a - i > 2 || a >= end || sc->s[a] != '.')
        return 0;
    size_t b = scan_digits(sc, a + 1);
    if (b - a - 1 < 1 || b - a - 1 > 2)
        return 0;
    if (b == end)
        return 1;
    if (sc->s[b] != '.')
        return 0;
    size_t c = scan_digits(sc, b + 1);
    return c == end && (c - b - 1 == 2 || c - b - 1 == 4);
}

static numtok scan_number(const scan *sc, size_t i)
{
    size_t j = scan_digits(sc, i);
    int groups = 0;
    for (;;) {
        if (j + 1 < sc->len && (sc->s[j] == '.' || sc->s[j] == ',') && sc->s[j + 1] >= '0' &&
            sc->s[j + 1] <= '9') {
            j = scan_digits(sc, j + 1);
            groups++;
        } else if (j + 2 < sc->len && sc->s[j] == ':' && sc->s[j + 1] >= '0' && sc->s[j + 1] <= '9' &&
                   sc->s[j + 2] >= '0' && sc->s[j + 2] <= '9') {
            j = scan_digits(sc, j + 1);
            groups++;
        } else {
            break;
        }
    }
    numtok t = { j, HT_TOK_NUMBER };
    int is_date = groups >= 1 && groups <= 2 && date_shape(sc, i, j);
    if (is_date && groups == 2) {
        t.type = HT_TOK_DATE;
    } else if (j < sc->len && sc->s[j] == '.') {
        if (is_date) {
            t = (numtok){ j + 1, HT_TOK_DATE };     /* 18.3. */
        } else if (groups == 0 && j - i <= 3 && ordinal_follows(sc, j)) {
            t = (numtok){ j + 1, HT_TOK_ORDINAL };
        }
    }
    return t;
}

/* ---- words and abbreviations ---------------------------------------------------------------- */

typedef struct abbrev {
    const char *w;
    int ends;  /* may also end a sentence */
} abbrev;

static const abbrev abbrevs[] = {
    {"abs", 0}, {"abt", 0}, {"abb", 0}, {"abg", 0}, {"allg", 0}, {"art", 0}, {"bd", 0},
    {"bspw", 0}, {"bzgl", 0}, {"bzw", 0}, {"ca", 0}, {"chr", 1}, {"co", 1}, {"dipl", 0},
    {"dr", 0}, {"ebd", 1}, {"etc", 1}, {"evtl", 0}, {"gegr", 0}, {"geb", 0}, {"gem", 0},
    {"gest", 0}, {"ggf", 0}, {"hbf", 1}, {"hg", 0}, {"hr", 0}, {"hrsg", 1}, {"inkl", 0},
    {"ing", 0}, {"insb", 0}, {"jh", 1}, {"jhd", 1}, {"jr", 1}, {"kap", 0}, {"lt", 0},
    {"mio", 1}, {"mrd", 1}, {"mr", 0}, {"mrs", 0}, {"nr", 0}, {"od", 0}, {"prof", 0},
    {"rd", 0}, {"sen", 0}, {"sog", 0}, {"st", 0}, {"std", 1}, {"str", 0}, {"tel", 0},
    {"tsd", 1}, {"univ", 0}, {"usw", 1}, {"uvm", 1}, {"vgl", 0}, {"vs", 0}, {"zzgl", 0},
    {"zit", 0}, {"feb", 0}, {"apr", 0}, {"aug", 0}, {"sept", 0}, {"okt", 0}, {"nov", 0},
    {"dez", 0}, {"mi", 0}, {"di", 0}, {"fr", 0}, {"sa", 0}, {"bzw", 0}, {"ehem", 0},
    {"erw", 0}, {"frl", 0}, {"gen", 0}, {"min", 1}, {"max", 1}, {"mind", 0}, {"vors", 0},
    {"stv", 0}, {"stellv", 0}, {NULL, 0}
};

static const abbrev *find_abbrev(const char *w, size_t n)
{
    for (const abbrev *a = abbrevs; a->w; a++)
        if (ascii_ieq(w, n, a->w))
            return a;
    return NULL;
}

static void build_tables(void)
{
    for (const char *const *e = emoticons; *e; e++) {
        unsigned char c0 = (unsigned char)(*e)[0] & 0x7f, c1 = (unsigned char)(*e)[1];
        if (c1 < 0x80)
            emoticon_second[c0][c1 >> 6] |= (uint64_t)1 << (c1 & 63);
        else
            emoticon_wide = 1;
    }
    for (const abbrev *a = abbrevs; a->w; a++) {
        size_t n = strlen(a->w);
        if (n > 7) {
            abbrev_long = 1;
            continue;
        }
        if (strpbrk(a->w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            continue;  /* ascii_ieq never matches an upper-case literal */
        uint64_t k = pack_lower(a->w, n);
        size_t slot = abbrev_home(k);
        while (abbrev_set[slot] && abbrev_set[slot] != k)
            slot = (slot + 1) & (ABBREV_SET - 1);
        abbrev_set[slot] = k;
    }
}

/* find_abbrev by hash: one probe instead of a scan of the list. */
static int is_abbrev(const char *w, size_t n)
{
    pthread_once(&tables_once, build_tables);
    if (n == 0 || n > 7)
        return abbrev_long && find_abbrev(w, n) != NULL;
    uint64_t k = pack_lower(w, n);
    for (size_t slot = abbrev_home(k); abbrev_set[slot]; slot = (slot + 1) & (ABBREV_SET - 1))
        if (abbrev_set[slot] == k)
            return 1;
    return 0;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Bit 7 of each byte of x (all ASCII below its first byte >= 0x80) that lies
 * in [lo, hi]. A byte >= 0x80 may carry into the bytes after it, which
 * callers do not read. */
static inline uint64_t bytes_in(uint64_t x, unsigned lo, unsigned hi)
{
    return (x + (0x80 - lo) * ONES) & ~(x + (0x7f - hi) * ONES) & ~x & HIGHS;
}

/* The ASCII letters and digits from j on, eight bytes at a time: how many,
 * with the letters counted into *letters and *upper cleared by a lower-case
 * one. Stops where fewer than eight bytes are left. */
static size_t ascii_alnum_run(const scan *sc, size_t j, int *upper, int *letters)
{
    size_t from = j;
    while (j + 8 <= sc->len) {
        uint64_t x = ht_load64le(sc->s + j);
        uint64_t lower = bytes_in(x, 'a', 'z'), cap = bytes_in(x, 'A', 'Z');
        uint64_t stop = ~(lower | cap | bytes_in(x, '0', '9')) & HIGHS;
        unsigned take = stop ? (unsigned)__builtin_ctzll(stop) / 8 : 8;
        uint64_t keep = take == 8 ? ~0ULL : ((uint64_t)1 << (8 * take)) - 1;
        *letters += (int)(((((lower | cap) & keep) >> 7) * ONES) >> 56);
        if (lower & keep)
            *upper = 0;
        j += take;
        if (take < 8)
            break;
    }
    return j - from;
}

/* Letters, digits and marks, with inner hyphens, apostrophes and "/" in CDU/CSU. */
static size_t scan_word(const scan *sc, size_t i, int *all_upper)
{
    size_t j = i;
    int n, upper = 1, letters = 0;
    for (;;) {
        j += ascii_alnum_run(sc, j, &upper, &letters);
        /* ASCII letters and digits first, by table; the loop below goes on
         * from where this stops with the same state. */
        while (j < sc->len && (unsigned char)sc->s[j] < 0x80) {
            unsigned char a = (unsigned char)sc->s[j];
            enum cclass ka = classify_ascii(a);
            if (ka == C_LETTER) {
                letters++;
                if (a >= 'a')
                    upper = 0;
            } else if (ka != C_DIGIT) {
                break;
            }
            j++;
        }
        enum cclass k = class_at(sc, j, &n);
        if (j < sc->len && (k == C_LETTER || k == C_DIGIT || k == C_MARK || k == C_JOIN)) {
            if (k == C_LETTER) {
                letters++;
                int32_t c = cp_at(sc, j, &n);
                if (c < 0x80 ? (c >= 'a' && c <= 'z')
                             : latin1_letter(c) ? !latin1_upper(c)
                                                : utf8proc_category(c) != UTF8PROC_CATEGORY_LU)
                    upper = 0;
            }
            j += (size_t)n;
            continue;
        }
        if (j == i || j >= sc->len)
            break;
        int m, hn;
        enum cclass after;
        if (is_hyphen_at(sc, j, &hn)) {
            after = class_at(sc, j + (size_t)hn, &m);
            if (is_alnum_class(after)) {
                j += (size_t)hn;
                continue;
            }
            break;
        }
        int32_t c = cp_at(sc, j, &n);
        if (c == '\'' || c == 0x2019) {
            after = class_at(sc, j + (size_t)n, &m);
            if (after == C_LETTER) {
                j += (size_t)n;
                continue;
            }
        } else if (c == '/' && upper && letters >= 2) {
            size_t k2 = j + 1;
            int u = 0;
            while (k2 < sc->len && sc->s[k2] >= 'A' && sc->s[k2] <= 'Z') {
                k2++;
                u++;
            }
            if (u >= 2 && !(k2 < sc->len && is_alnum_class(class_at(sc, k2, &m)))) {
                j = k2;
                continue;
            }
        } else if (c == '&' && upper && j + 1 < sc->len && sc->s[j + 1] >= 'A' && sc->s[j + 1] <= 'Z') {
            j++;  /* AT&T, H&M */
            continue;
        }
        break;
    }
    *all_upper = upper && letters >= 2;
    return j;
}

/* A word followed by "." that is an abbreviation: z.B. u.a. Dr. usw. J. */
static size_t scan_abbrev(const scan *sc, size_t i, size_t wend)
{
    if (wend >= sc->len || sc->s[wend] != '.')
        return 0;
    size_t n = wend - i;
    /* Chains without spaces: z.B. d.h. e.V. U.S.A. */
    size_t j = wend + 1, parts = 1;
    for (;;) {
        size_t k = j;
        int m;
        while (k < sc->len && class_at(sc, k, &m) == C_LETTER && k - j < 8)
            k += (size_t)m;
        if (k > j && k - j <= 4 && k < sc->len && sc->s[k] == '.' && n <= 4) {
            j = k + 1;
            parts++;
            continue;
        }
        break;
    }
    if (parts > 1)
        return j;
    size_t letters = ht_utf8_count(sc->s + i, n);
    if (letters == 1)
        return wend + 1;  /* initials and the parts of "z. B." */
    if (is_abbrev(sc->s + i, n))
        return wend + 1;
    return 0;
}

/* ---- punctuation ----------------------------------------------------------------------------- */

static size_t scan_punct_run(const scan *sc, size_t i)
{
    char c = sc->s[i];
    size_t j = i + 1;
    if (c == '.') {
        while (j < sc->len && sc->s[j] == '.')
            j++;
    } else if (c == '!' || c == '?') {
        while (j < sc->len && (sc->s[j] == '!' || sc->s[j] == '?'))
            j++;
    }
    return j;
}

static const char *const negators[] = {
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
    "weder", "ohne", "nichts", "niemand", NULL
};

/* Token types that close a negation scope. */
#define NEG_STOPS (1u << HT_TOK_PUNCT | 1u << HT_TOK_DASH | 1u << HT_TOK_QUOTE)

/* Whether the word w[0..len) opens a negation scope. The initials and
 * lengths negators have (3 to 7 letters) rule out most words without a
 * compare. */
static inline int is_negator(const char *w, size_t len)
{
    const uint32_t initials = 1u << ('n' - 'a') | 1u << ('k' - 'a') | 1u << ('w' - 'a') |
                              1u << ('o' - 'a');
    unsigned c = (unsigned)((unsigned char)w[0] | 0x20) - 'a';
    return c < 26 && ((initials >> c) & 1) && len - 3 <= 4 && in_list(w, len, negators);
}

/* Negation scope, token by token: a stop or a line break ends it (a
 * headline without a full stop does not negate the next line) and is not
 * marked; a negator opens it for the tokens after it. Returns the flags. */
static inline int negation_step(int *in_scope, const char *s, const ht_token *t)
{
    int stop = (int)((NEG_STOPS >> (t->type & 31)) & 1);
    *in_scope &= !stop & !(t->flags & HT_TF_NEWLINE);
    int flags = t->flags | (*in_scope ? HT_TF_NEGATED : 0);
    if (t->type == HT_TOK_WORD && is_negator(s + t->start, t->end - t->start))
        *in_scope = 1;
    return flags;
}

/* ---- the driver ------------------------------------------------------------------------------ */

static ht_status push(ht_tokens *out, size_t start, size_t end, int type, int flags)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 256;
        ht_token *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return HT_ERR_NOMEM;
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = (ht_token){ (uint32_t)start, (uint32_t)end, (uint8_t)type, (uint8_t)flags };
    return HT_OK;
}

static int cap_flag(const scan *sc, size_t i)
{
    int n;
    int32_t c = cp_at(sc, i, &n);
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? HT_TF_CAP : 0;
    if (latin1_letter(c))
        return latin1_upper(c) ? HT_TF_CAP : 0;
    utf8proc_category_t k = utf8proc_category(c);
    return (k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT) ? HT_TF_CAP : 0;
}

/* The token at i (not white space): its end and type. */
static size_t scan_token(scan *sc, size_t i, int *type, int *flags)
{
    int n;
    size_t e;
    enum cclass k = class_at(sc, i, &n);
    unsigned char c = (unsigned char)sc->s[i];
    *flags = 0;
    if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && (e = scan_url(sc, i))) {
        *type = HT_TOK_URL;
        return e;
    }
    if (c < 0x80 && (e = scan_emoticon(sc, i))) {
        *type = HT_TOK_EMOTICON;
        return e;
    }
    if (c < 0x80 && is_alnum_class(k) && (e = scan_email(sc, i))) {
        *type = HT_TOK_EMAIL;
        return e;
    }
    if (c == '@' && (e = scan_tag(sc, i, 0))) {
        *type = HT_TOK_MENTION;
        return e;
    }
    if (c == '#' && (e = scan_tag(sc, i, 1))) {
        *type = HT_TOK_HASHTAG;
        return e;
    }
    if (k == C_EMOJI) {
        *type = HT_TOK_EMOJI;
        return scan_emoji(sc, i);
    }
    if (k == C_DIGIT) {
        numtok t = scan_number(sc, i);
        int m;
        int hn;
        enum cclass after = class_at(sc, t.end, &m);
        int joins = t.type == HT_TOK_NUMBER && t.end < sc->len &&
                    (after == C_LETTER || (is_hyphen_at(sc, t.end, &hn) &&
                                           is_alnum_class(class_at(sc, t.end + (size_t)hn, &m))));
        if (!joins) {
            *type = t.type;
            return t.end;
        }
        k = C_LETTER;  /* 10-Yard-Linie, 5G, 3D-Drucker: a word */
    }
    if (k == C_LETTER || k == C_MARK) {
        int upper;
        size_t w = scan_word(sc, i, &upper);
        *flags = cap_flag(sc, i) | (upper ? HT_TF_UPPER : 0);
        size_t a = scan_abbrev(sc, i, w);
        if (a) {
            *type = HT_TOK_ABBREV;
            return a;
        }
        int hn;
        if (is_hyphen_at(sc, w, &hn)) {
            int m;
            enum cclass after = class_at(sc, w + (size_t)hn, &m);
            if (w + (size_t)hn >= sc->len || after == C_SPACE || after == C_NEWLINE ||
                sc->s[w + (size_t)hn] == ',') {
                *flags |= HT_TF_TRUNC;  /* Energie- und Infrastruktur */
                w += (size_t)hn;
            }
        }
        *type = HT_TOK_WORD;
        return w;
    }
    if (k == C_QUOTE) {
        *type = HT_TOK_QUOTE;
        return i + (size_t)n;
    }
    if (k == C_DASH) {
        if (c == '-' && i + 1 < sc->len && sc->s[i + 1] >= '0' && sc->s[i + 1] <= '9' &&
            (i == 0 || classify_ascii((unsigned char)sc->s[i - 1]) == C_SPACE)) {
            *type = HT_TOK_NUMBER;  /* -5 */
            return scan_number(sc, i + 1).end;
        }
        e = i + (size_t)n;
        while (c == '-' && e < sc->len && sc->s[e] == '-')
            e++;
        *type = HT_TOK_DASH;
        return e;
    }
    if (k == C_PUNCT) {
        *type = HT_TOK_PUNCT;
        return c < 0x80 ? scan_punct_run(sc, i) : i + (size_t)n;
    }
    *type = HT_TOK_SYMBOL;
    return i + (size_t)(n ? n : 1);
}

ht_status ht_tokenize(const char *s, size_t len, ht_tokens *out, ht_error *err)
{
    if (len > UINT32_MAX - 1)
        return ht_error_set(err, HT_ERR_LIMIT, "text of %zu bytes is over the 4 GiB limit", len);
    scan sc = { s, len, 0, 0 };
    size_t i = 0;
    int space = 0, newlines = 0, in_scope = 0;
    while (i < len) {
        if (s[i] == ' ') {
            space = 1;
            i++;
            continue;
        }
        int n;
        enum cclass k = class_at(&sc, i, &n);
        if (k == C_SPACE || k == C_NEWLINE || k == C_IGNORE || k == C_JOIN) {
            space = 1;
            if (k == C_NEWLINE)
                newlines++;
            i += (size_t)n;
            continue;
        }
        int type, flags;
        size_t end = scan_token(&sc, i, &type, &flags);
        if (end <= i)
            end = i + (size_t)n;  /* never stall */
        flags |= (space ? HT_TF_SPACE : 0) | (newlines ? HT_TF_NEWLINE : 0) |
                 (newlines > 1 ? HT_TF_BLANK : 0);
        if (push(out, i, end, type, flags) != HT_OK)
            return ht_error_set(err, HT_ERR_NOMEM, "out of memory after %zu tokens", out->n);
        ht_token *t = &out->v[out->n - 1];
        t->flags = (uint8_t)negation_step(&in_scope, s, t);
        i = end;
        space = 0;
        newlines = 0;
    }
    return HT_OK;
}

void ht_tokens_clear(ht_tokens *t)
{
    t->n = 0;
}

void ht_tokens_free(ht_tokens *t)
{
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

void ht_mark_negation(const char *s, ht_token *tok, size_t n)
{
    int in_scope = 0;
    for (size_t i = 0; i < n; i++)
        tok[i].flags = (uint8_t)negation_step(&in_scope, s, &tok[i]);
}

int ht_token_is_terminal(const char *s, const ht_token *t)
{
    if (t->type != HT_TOK_PUNCT)
        return 0;
    unsigned char c = (unsigned char)s[t->start];
    if (c == '.' || c == '!' || c == '?')
        return 1;
    return t->end - t->start == 3 && memcmp(s + t->start, "\xe2\x80\xa6", 3) == 0;
}

/* The mouth is the last byte (the eyes come first): ":-)))" is a smile
 * whatever the nose and however many chins. */
ht_emoticon ht_emoticon_class(const char *s, const ht_token *t)
{
    if (t->type != HT_TOK_EMOTICON || t->end - t->start < 2)
        return HT_EMO_NONE;
    const char *p = s + t->start;
    char eyes = p[0], mouth = p[t->end - t->start - 1];
    if (eyes == '<')
        return HT_EMO_HEART;
    if (eyes == '^')
        return mouth == '^' && t->end - t->start == 2 ? HT_EMO_LAUGH : HT_EMO_SMILE;
    if (eyes == ';')
        return mouth == '(' ? HT_EMO_SAD : HT_EMO_WINK;
    if (eyes == 'x' || eyes == 'X')
        return HT_EMO_LAUGH;
    switch (mouth) {
    case ')': case ']': case '3': return HT_EMO_SMILE;
    case '(': case '[': case '/': case '\\': case '|': return HT_EMO_SAD;
    case 'D': case 'd': return HT_EMO_LAUGH;
    case 'P': case 'p': return HT_EMO_TONGUE;
    case '*': return HT_EMO_KISS;
    case 'O': case 'o': return HT_EMO_SURPRISE;
    }
    return HT_EMO_OTHER;
}

const char *ht_emoticon_name(ht_emoticon e)
{
    static const char *const names[] = { "", "smile", "laugh", "wink", "sad", "tongue",
                                         "kiss", "heart", "surprise", "other" };
    return (unsigned)e <= HT_EMO_OTHER ? names[e] : "";
}

const char *ht_token_type_name(int type)
{
    static const char *const names[] = {
        "?", "word", "number", "ordinal", "date", "abbrev", "url", "email", "mention",
        "hashtag", "emoticon", "emoji", "quote", "dash", "punct", "symbol"
    };
    return (type >= 1 && type <= HT_TOK_SYMBOL) ? names[type] : "?";
}
