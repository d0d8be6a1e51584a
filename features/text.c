/* text.c: turning untrusted bytes into normalised UTF-8 with an offset map.
 *
 * One pass copies the input, repairing what is broken and noting an anchor
 * wherever normalised and original lengths part ways. NFC is applied only to
 * the rare stretches that need it (a combining mark, a singleton such as the
 * Ohm sign): German news is almost always NFC already, and utf8proc_map
 * allocates, so calling it on every character would dominate the run time. */
#include "features/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "features/hash.h"

typedef struct builder {
    ht_text *t;
    size_t cap;
    size_t orig;       /* input bytes consumed */
    size_t cp;         /* input code points consumed */
    size_t last_anchor_norm;
    /* The stretch that needs NFC, if any: it starts at the last starter. */
    int nfc_pending;
    size_t nfc_norm, nfc_orig, nfc_cp;
    size_t starter_norm, starter_orig, starter_cp;
} builder;

static ht_status reserve(builder *b, size_t extra)
{
    ht_text *t = b->t;
    if (t->len + extra + 1 <= b->cap)
        return HT_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < t->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return HT_ERR_NOMEM;
        cap *= 2;
    }
    char *s = realloc(t->s, cap);
    if (!s)
        return HT_ERR_NOMEM;
    t->s = s;
    b->cap = cap;
    return HT_OK;
}

static ht_status add_anchor(builder *b)
{
    ht_text *t = b->t;
    if (t->nanchors && t->anchors[t->nanchors - 1].norm == t->len) {
        t->anchors[t->nanchors - 1].orig_byte = b->orig;
        t->anchors[t->nanchors - 1].orig_cp = b->cp;
        return HT_OK;
    }
    if (t->nanchors == t->cap_anchors) {
        size_t cap = t->cap_anchors ? t->cap_anchors * 2 : 16;
        ht_anchor *a = realloc(t->anchors, cap * sizeof *a);
        if (!a)
            return HT_ERR_NOMEM;
        t->anchors = a;
        t->cap_anchors = cap;
    }
    t->anchors[t->nanchors++] = (ht_anchor){ t->len, b->orig, b->cp, 0 };  /* norm_cp: index_blocks */
    b->last_anchor_norm = t->len;
    return HT_OK;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is invalid. */
static int valid_seq(const unsigned char *p, size_t avail, int32_t *cp)
{
    unsigned char c = p[0];
    int n;
    int32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2; v = c & 0x1f; min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3; v = c & 0x0f; min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)n > avail)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

/* True if cp can neither change under NFC nor combine with what precedes it. */
static int nfc_inert(int32_t cp)
{
    if (cp < 0x300 || (cp >= 0x2010 && cp <= 0x205f) || cp == 0xfffd ||
        (cp >= 0x1f300 && cp <= 0x1faff))
        return 1;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class == 0 && p->decomp_seqindex == UINT16_MAX &&
           p->comb_index == UINT16_MAX && !p->comp_exclusion;
}

static int is_starter(int32_t cp)
{
    return cp < 0x300 || utf8proc_get_property(cp)->combining_class == 0;
}

/* Replaces the pending stretch by its NFC form and anchors after it. */
static ht_status flush_nfc(builder *b)
{
    ht_text *t = b->t;
    if (!b->nfc_pending)
        return HT_OK;
    b->nfc_pending = 0;
    size_t from = b->nfc_norm, n = t->len - from;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)t->s + from, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0)
        return HT_ERR_NOMEM;
    if ((size_t)m == n && memcmp(out, t->s + from, n) == 0) {
        free(out);
        return HT_OK;
    }
    /* Anchors inside the stretch no longer describe it; the one at its start does. */
    while (t->nanchors && t->anchors[t->nanchors - 1].norm > from)
        t->nanchors--;
    size_t end_orig = b->orig, end_cp = b->cp;
    b->orig = b->nfc_orig;
    b->cp = b->nfc_cp;
    t->len = from;
    ht_status st = add_anchor(b);
    if (st == HT_OK)
        st = reserve(b, (size_t)m);
    if (st != HT_OK) {
        free(out);
        return st;
    }
    memcpy(t->s + t->len, out, (size_t)m);
    t->len += (size_t)m;
    free(out);
    b->orig = end_orig;
    b->cp = end_cp;
    return add_anchor(b);
}

static ht_status emit(builder *b, const char *bytes, size_t n)
{
    ht_status st = reserve(b, n);
    if (st != HT_OK)
        return st;
    memcpy(b->t->s + b->t->len, bytes, n);
    b->t->len += n;
    return HT_OK;
}

/* Handles one non-ASCII code point of n valid bytes. */
static ht_status take_multibyte(builder *b, const char *p, int n, int32_t cp)
{
    ht_status st = HT_OK;
    int inert = nfc_inert(cp);
    if (inert && b->nfc_pending)
        st = flush_nfc(b);
    if (st == HT_OK && !inert && !b->nfc_pending) {
        b->nfc_pending = 1;
        b->nfc_norm = b->starter_norm;
        b->nfc_orig = b->starter_orig;
        b->nfc_cp = b->starter_cp;
    }
    if (st == HT_OK && is_starter(cp)) {
        b->starter_norm = b->t->len;
        b->starter_orig = b->orig;
        b->starter_cp = b->cp;
    }
    if (st == HT_OK)
        st = emit(b, p, (size_t)n);
    b->orig += (size_t)n;
    b->cp++;
    return st;
}

static ht_status take_ascii(builder *b, const unsigned char *in, size_t len)
{
    ht_status st = HT_OK;
    if (b->nfc_pending && (st = flush_nfc(b)) != HT_OK)
        return st;
    char c = (char)in[b->orig];
    size_t used = 1;
    if (c == '\r') {
        c = '\n';
        if (b->orig + 1 < len && in[b->orig + 1] == '\n')
            used = 2;
    } else if (c == '\0') {
        c = ' ';
    }
    b->starter_norm = b->t->len;
    b->starter_orig = b->orig;
    b->starter_cp = b->cp;
    if ((st = emit(b, &c, 1)) != HT_OK)
        return st;
    b->orig += used;
    b->cp += used;
    return used == 1 ? HT_OK : add_anchor(b);
}

static ht_status take_invalid(builder *b)
{
    ht_status st = HT_OK;
    if (b->nfc_pending && (st = flush_nfc(b)) != HT_OK)
        return st;
    if ((st = emit(b, "\xef\xbf\xbd", 3)) != HT_OK)
        return st;
    b->orig++;
    b->cp++;
    b->t->invalid++;
    /* U+FFFD joins with nothing, so NFC of what follows starts after it, at
     * the anchor below; a stretch from before it would lose that anchor. */
    b->starter_norm = b->t->len;
    b->starter_orig = b->orig;
    b->starter_cp = b->cp;
    return add_anchor(b);
}

/* How many bytes from in on are printable ASCII (0x20..0x7f), eight at a
 * time while eight are left: a byte below 0x20 has bit 7 clear after adding
 * 0x60, and one of 0x80 or above has it set before. */
static size_t printable_ascii_run(const unsigned char *in, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x = ht_load64le(in + i);
        uint64_t bad = (x | ~((x & ~highs) + 0x60 * ones)) & highs;
        if (bad)
            return i + (size_t)__builtin_ctzll(bad) / 8;
    }
    while (i < len && in[i] >= 0x20 && in[i] < 0x80)
        i++;
    return i;
}

static ht_status normalise(builder *b, const unsigned char *in, size_t len)
{
    ht_status st = HT_OK;
    if (len >= 3 && in[0] == 0xef && in[1] == 0xbb && in[2] == 0xbf) {
        b->orig = 3;
        b->cp = 1;
        /* A mark right after the BOM has no starter; NFC of it starts here, not at 0. */
        b->starter_orig = 3;
        b->starter_cp = 1;
        if ((st = add_anchor(b)) != HT_OK)
            return st;
    }
    while (b->orig < len && st == HT_OK) {
        /* Plain ASCII runs are copied in bulk: they need no repair or NFC. */
        size_t run = b->orig + printable_ascii_run(in + b->orig, len - b->orig);
        if (run - b->orig > 1) {
            if (b->nfc_pending && (st = flush_nfc(b)) != HT_OK)
                return st;
            size_t n = run - b->orig - 1; /* keep the last as a starter candidate */
            if ((st = emit(b, (const char *)in + b->orig, n)) != HT_OK)
                return st;
            b->orig += n;
            b->cp += n;
        }
        if (b->t->len - b->last_anchor_norm >= HT_TEXT_ANCHOR_STEP && !b->nfc_pending &&
            (st = add_anchor(b)) != HT_OK)
            return st;
        int32_t cp;
        int n = valid_seq(in + b->orig, len - b->orig, &cp);
        if (n == 1)
            st = take_ascii(b, in, len);
        else if (n > 1)
            st = take_multibyte(b, (const char *)in + b->orig, n, cp);
        else
            st = take_invalid(b);
    }
    if (st == HT_OK)
        st = flush_nfc(b);
    return st;
}

ht_status ht_text_init(ht_text *t, const char *data, size_t len, ht_error *err)
{
    memset(t, 0, sizeof *t);
    return ht_text_set(t, data, len, err);
}

/* Code points of t->s before byte offset norm. */
static size_t cps_before(const ht_text *t, size_t norm)
{
    size_t k = norm / HT_TEXT_BLOCK;
    if (!t->block_cps)  /* a zeroed text */
        return ht_utf8_count(t->s, norm);
    return t->block_cps[k] + ht_utf8_count(t->s + k * HT_TEXT_BLOCK, norm % HT_TEXT_BLOCK);
}

/* Fills t->block_cps for the normalised text. */
static ht_status index_blocks(ht_text *t)
{
    size_t n = t->len / HT_TEXT_BLOCK + 1;
    if (n > t->cap_blocks) {
        size_t *v = realloc(t->block_cps, n * sizeof *v);
        if (!v)
            return HT_ERR_NOMEM;
        t->block_cps = v;
        t->cap_blocks = n;
    }
    t->block_cps[0] = 0;
    for (size_t k = 1; k < n; k++)
        t->block_cps[k] = t->block_cps[k - 1] +
                          ht_utf8_count(t->s + (k - 1) * HT_TEXT_BLOCK, HT_TEXT_BLOCK);
    for (size_t a = 0; a < t->nanchors; a++)
        t->anchors[a].norm_cp = cps_before(t, t->anchors[a].norm);
    return HT_OK;
}

ht_status ht_text_set(ht_text *t, const char *data, size_t len, ht_error *err)
{
    size_t need = len + len / 8 + 16;
    if (t->cap > ((size_t)4 << 20) && need < t->cap / 4) {
        free(t->s);  /* one huge text must not keep its buffers for the small ones after it */
        free(t->block_cps);
        t->s = NULL;
        t->block_cps = NULL;
        t->cap = t->cap_blocks = 0;
    }
    t->len = t->orig_len = t->orig_cps = t->invalid = 0;
    t->nanchors = 0;
    builder b = { .t = t, .cap = t->cap };
    ht_status st = reserve(&b, need);
    t->cap = b.cap;
    if (st == HT_OK)
        st = add_anchor(&b);
    if (st == HT_OK)
        st = normalise(&b, (const unsigned char *)data, len);
    t->cap = b.cap;
    if (st == HT_OK)
        st = index_blocks(t);
    if (st != HT_OK) {
        ht_text_free(t);
        return ht_error_set(err, st, "cannot normalise text: %s", ht_status_name(st));
    }
    t->s[t->len] = '\0';
    t->orig_len = len;
    t->orig_cps = b.cp;
    return HT_OK;
}

void ht_text_free(ht_text *t)
{
    free(t->s);
    free(t->anchors);
    free(t->block_cps);
    memset(t, 0, sizeof *t);
}

size_t ht_utf8_count(const char *s, size_t len)
{
    /* Eight bytes at a time: a byte is a continuation byte when its top bits
     * are 10, i.e. bit 7 set and bit 6 clear. */
    const uint64_t ones = 0x0101010101010101u;
    size_t n = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w >> 7) & ~(w >> 6) & ones;
        n += 8 - (size_t)((cont * ones) >> 56);
    }
    for (; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

int32_t ht_utf8_decode(const char *s, size_t len, size_t i, int *nbytes)
{
    int32_t cp;
    int n = valid_seq((const unsigned char *)s + i, len - i, &cp);
    if (n == 0) {
        *nbytes = 1;
        return 0xfffd;
    }
    *nbytes = n;
    return cp;
}

int ht_utf8_encode(int32_t cp, char *out)
{
    return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* The last anchor at or before norm. */
static size_t find_anchor(const ht_text *t, size_t norm)
{
    size_t lo = 0, hi = t->nanchors;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->anchors[mid].norm <= norm)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

ht_pos ht_text_orig(const ht_text *t, size_t norm)
{
    if (norm > t->len)
        norm = t->len;
    if (t->nanchors == 0)
        return (ht_pos){ norm, cps_before(t, norm) };
    size_t a = find_anchor(t, norm);
    const ht_anchor *an = &t->anchors[a];
    /* Code points are counted per byte, so the count over the stretch from
     * the anchor is the difference of the counts before each end. */
    ht_pos p = { an->orig_byte + (norm - an->norm),
                 an->orig_cp + (cps_before(t, norm) - an->norm_cp) };
    /* Inside a stretch that NFC rewrote the walk from its anchor can overshoot
     * (U+0958 grows from 3 bytes to 6): it stops where the next anchor, or
     * the input, begins, so an offset never points past the input or back. */
    size_t end_byte = a + 1 < t->nanchors ? t->anchors[a + 1].orig_byte : t->orig_len;
    size_t end_cp = a + 1 < t->nanchors ? t->anchors[a + 1].orig_cp : t->orig_cps;
    if (p.byte > end_byte)
        p.byte = end_byte;
    if (p.cp > end_cp)
        p.cp = end_cp;
    return p;
}

/* Strict UTF-8: no overlongs, surrogates or code points over U+10FFFF. */
int ht_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0)
            k = 1, cp = c & 0x1f;
        else if ((c & 0xf0) == 0xe0)
            k = 2, cp = c & 0x0f;
        else if ((c & 0xf8) == 0xf0)
            k = 3, cp = c & 0x07;
        else
            return 0;
        if (n - i <= k)
            return 0;  /* cut short */
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += k + 1;
    }
    return 1;
}
