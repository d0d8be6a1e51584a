/* jsonl.c: reading JSON Lines records for training and evaluation.
 *
 * Each line is parsed on its own so that one bad record is reported with its
 * place and skipped instead of ending the run. Policies worth knowing:
 *
 * - Lines are read in blocks, so their length is limited only by memory, or
 *   by a limit the caller sets: a line over it is skipped to its end without
 *   being kept and answered as a bad record. A line buffer grown large by one
 *   long line is given back before the next, so memory stays flat.
 *   A trailing "\r" is dropped (files written on Windows), a UTF-8 BOM at the
 *   start of the first line is dropped, and lines holding only whitespace are
 *   skipped but still counted, so line numbers match what an editor shows.
 * - Each line is read by training/jsonobj.c in one pass, without a tree: it
 *   accepts exactly what Jansson's json_loadb() accepts with the flags this
 *   reader used before (JSON_DECODE_ANY | JSON_ALLOW_NUL |
 *   JSON_REJECT_DUPLICATES), and hands over where the fields below are.
 * - Duplicate keys are rejected: a record with two "label"s is an annotation
 *   error, and silently keeping one would hide it.
 * - Any JSON value is parsed so that a line holding a bare number or string
 *   gets the clearer "not a JSON object" message.
 * - "\u0000" is allowed and kept in "text" (text_len counts it). The other
 *   string fields are plain C strings, so a NUL in them would silently cut
 *   them short; it is reported as an error instead.
 * - A field that is present with the wrong type is an error even when the
 *   caller did not require it: such data is broken and would otherwise be
 *   trained on unnoticed. JSON null counts as absent for fields not required.
 *   "id" is the exception the header promises: anything but a string or an
 *   integer leaves it NULL.
 * - "start" and "end" are read whenever present (type-checked as integers);
 *   their range and "target" are checked only when HT_FIELD_SPAN is required.
 *   Offsets count code points, as Python's len() does, not bytes or UTF-16
 *   units.
 * - Out of memory is returned as -2 (with HT_ERR_NOMEM), like a read error:
 *   going on with the next line would only fail again. */
#include "training/jsonl.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "features/file.h"
#include "features/text.h"
#include "training/jsonobj.h"

/* The fields read, in the order they are checked. */
enum { F_ID, F_TEXT, F_LABEL, F_TITLE, F_TOPIC, F_ACTOR, F_TARGET, F_START, F_END, NFIELDS };
static const char *const field_names[NFIELDS] = {
    "id", "text", "label", "title", "topic", "actor", "target", "start", "end"
};

/* Quotes in messages are cut to this many code points: the message buffer is
 * small and a whole article would drown the point. */
#define QUOTE_MAX 40
#define QUOTE_CAP (QUOTE_MAX * 6 + 8)

struct ht_jsonl_reader {
    FILE *f;
    int owns;          /* we opened f and must close it */
    int done;          /* end of input or a fatal error was seen */
    char *name;        /* for messages */
    char *buf;         /* the current line, reused from line to line */
    size_t cap;
    char *blk;         /* what was read from f and not yet taken */
    size_t bpos, bend;
    size_t max_line;   /* 0: no limit */
    size_t over;       /* the last line was over max_line: its length */
    const char *line;  /* the current line inside buf, after any BOM */
    size_t len;
    size_t lineno;
    ht_jobj_parser *jp;  /* its tables are reused from line to line */
    int stream_fd;     /* a pipe or terminal read with read(2), which returns what has
                          come instead of waiting for a whole block; -1: fread */
};

static ht_jsonl_reader *make_reader(FILE *f, const char *name, int owns, ht_error *err)
{
    ht_jsonl_reader *r = calloc(1, sizeof *r);
    char *copy = strdup(name ? name : "<stream>");
    ht_jobj_parser *jp = ht_jobj_new();
    if (!r || !copy || !jp) {
        free(r);
        free(copy);
        ht_jobj_free(jp);
        ht_error_set(err, HT_ERR_NOMEM, "out of memory opening %s", name ? name : "<stream>");
        return NULL;
    }
    r->f = f;
    r->owns = owns;
    r->name = copy;
    r->jp = jp;
    r->line = "";
    r->stream_fd = -1;
    return r;
}

/* A file opened here or stdin, when it is a pipe, a socket or a terminal:
 * records are handed on as they come ("tail -f feed | haltung score --jsonl"). */
static void use_read_if_stream(ht_jsonl_reader *r)
{
    struct stat st;
    int fd = fileno(r->f);
    if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
        r->stream_fd = fd;
}

ht_jsonl_reader *ht_jsonl_open(const char *path, ht_error *err)
{
    ht_jsonl_reader *r;
    if (strcmp(path, "-") == 0) {
        if ((r = make_reader(stdin, "<stdin>", 0, err)))
            use_read_if_stream(r);
        return r;
    }
    FILE *f = ht_file_open_read(path);
    if (!f) {
        ht_error_set(err, HT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    r = make_reader(f, path, 1, err);
    if (!r)
        fclose(f);
    else
        use_read_if_stream(r);
    return r;
}

ht_jsonl_reader *ht_jsonl_from_stream(FILE *f, const char *name, ht_error *err)
{
    if (!f) {
        ht_error_set(err, HT_ERR_IO, "%s: no stream to read", name ? name : "<stream>");
        return NULL;
    }
    return make_reader(f, name, 0, err);
}

void ht_jsonl_close(ht_jsonl_reader *r)
{
    if (!r)
        return;
    if (r->owns)
        fclose(r->f);
    free(r->buf);
    free(r->blk);
    free(r->name);
    ht_jobj_free(r->jp);
    free(r);
}

void ht_jsonl_set_max_line(ht_jsonl_reader *r, size_t max)
{
    r->max_line = max;
}

int ht_jsonl_would_wait(const ht_jsonl_reader *r)
{
    return r->stream_fd >= 0 && r->bpos >= r->bend && !r->done;
}

size_t ht_jsonl_line(const ht_jsonl_reader *r)
{
    return r->lineno;
}

const char *ht_jsonl_raw(const ht_jsonl_reader *r, size_t *len)
{
    if (len)
        *len = r->len;
    return r->line;
}

void ht_record_clear(ht_record *rec)
{
    if (!rec)
        return;
    free(rec->id);
    free(rec->text);
    free(rec->label);
    free(rec->title);
    free(rec->topic);
    free(rec->actor);
    free(rec->target);
    *rec = (ht_record){ .start = -1, .end = -1 };
}

/* Reports a problem with the current line as "FILE:LINE: what"; returns -1. */
__attribute__((format(printf, 4, 5)))
static int bad(const ht_jsonl_reader *r, ht_error *err, ht_status code, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    ht_error_set(err, code, "%s:%zu: %s", r->name, r->lineno, what);
    return -1;
}

static int nomem(const ht_jsonl_reader *r, ht_error *err)
{
    ht_error_set(err, HT_ERR_NOMEM, "%s:%zu: out of memory", r->name, r->lineno);
    return -2;
}

#define BLOCK (1u << 16)
#define KEEP_CAP (1u << 22)  /* a line buffer larger than this is given back */

/* Refills the block: 1 if bytes came, 0 at the end, -2 (err set) on failure. */
static int fill(ht_jsonl_reader *r, ht_error *err)
{
    if (!r->blk && !(r->blk = malloc(BLOCK)))
        return nomem(r, err);
    r->bpos = 0;
    if (r->stream_fd >= 0) {
        ssize_t got;
        while ((got = read(r->stream_fd, r->blk, BLOCK)) < 0 && errno == EINTR)
            ;
        r->bend = got > 0 ? (size_t)got : 0;
        if (got >= 0)
            return got > 0;
        ht_error_set(err, HT_ERR_IO, "%s:%zu: read error: %s", r->name, r->lineno + 1,
                     strerror(errno));
        return -2;
    }
    r->bend = fread(r->blk, 1, BLOCK, r->f);
    if (r->bend)
        return 1;
    if (ferror(r->f)) {
        ht_error_set(err, HT_ERR_IO, "%s:%zu: read error: %s", r->name, r->lineno + 1,
                     strerror(errno ? errno : EIO));
        return -2;
    }
    return 0;
}

/* Adds n bytes to the line being read, unless it is over the limit by now. */
static int append(ht_jsonl_reader *r, const char *p, size_t n, size_t len)
{
    if (r->max_line && len + n > r->max_line && len + n - r->max_line > 2)  /* room for CR LF */
        return 1;
    if (len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < len + n + 1)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (!b)
            return 0;
        r->buf = b;
        r->cap = cap;
    }
    memcpy(r->buf + len, p, n);
    return 1;
}

/* Reads one line into r->line (or, over the limit, only its length into
 * r->over); 1 if read, 0 at the end, -2 on failure. */
static int read_line(ht_jsonl_reader *r, ht_error *err)
{
    if (r->cap > KEEP_CAP) {
        free(r->buf);
        r->buf = NULL;
        r->cap = 0;
    }
    size_t len = 0;
    int any = 0;
    size_t ending = 0;  /* bytes of the line's end: LF or CR LF */
    char before = 0;    /* the byte before the chunk being looked at */
    for (;;) {
        if (r->bpos == r->bend) {
            errno = 0;
            int got = fill(r, err);
            if (got < 0 || (got == 0 && !any)) {
                r->done = 1;
                r->line = "";
                r->len = 0;
                return got;
            }
            if (got == 0)
                break;
        }
        any = 1;
        const char *p = r->blk + r->bpos;
        const char *nl = memchr(p, '\n', r->bend - r->bpos);
        size_t n = nl ? (size_t)(nl - p) + 1 : r->bend - r->bpos;
        if (!append(r, p, n, len))
            return nomem(r, err);
        len += n;
        r->bpos += n;
        if (nl) {
            char cr = n >= 2 ? p[n - 2] : before;
            ending = 1 + (len >= 2 && cr == '\r');
            break;
        }
        before = p[n - 1];
    }
    r->lineno++;
    r->over = r->max_line && len - ending > r->max_line ? len - ending : 0;
    if (r->over || !r->buf) {
        r->line = "";
        r->len = 0;
        return 1;
    }
    char *s = r->buf;
    s[len] = '\0';
    if (len > 0 && s[len - 1] == '\n')
        s[--len] = '\0';
    if (len > 0 && s[len - 1] == '\r')
        s[--len] = '\0';
    if (r->lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    r->line = s;
    r->len = len;
    return 1;
}

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case ' ': case '\t': case '\r': case '\f': case '\v':
            break;
        default:
            return 0;
        }
    }
    return 1;
}

static const char *type_name(const ht_jobj_value *v)
{
    switch (v->type) {
    case HT_JOBJ_OBJECT: return "an object";
    case HT_JOBJ_ARRAY: return "an array";
    case HT_JOBJ_STRING: return "a string";
    case HT_JOBJ_INTEGER: return "a number";
    case HT_JOBJ_REAL: return "a real number";
    case HT_JOBJ_TRUE: case HT_JOBJ_FALSE: return "a boolean";
    case HT_JOBJ_NULL: return "null";
    case HT_JOBJ_ABSENT: break;
    }
    return "an unknown value";
}

/* The field's value; NULL if absent, or null and not required (null means
 * "no value" in most exports). Reports a missing required field. */
static const ht_jobj_value *lookup(const ht_jsonl_reader *r, const ht_jobj_value *vals,
                                   int field, int required, int *rc, ht_error *err)
{
    const ht_jobj_value *v = &vals[field];
    *rc = 0;
    if (v->type != HT_JOBJ_ABSENT && !(v->type == HT_JOBJ_NULL && !required))
        return v;
    if (required)
        *rc = bad(r, err, HT_ERR_FORMAT, "missing field \"%s\"", field_names[field]);
    return NULL;
}

/* Reads a string field into *out (and its length into *len if not NULL).
 * Returns 1 if read, 0 if absent, -1 if bad, -2 out of memory. */
static int get_string(const ht_jsonl_reader *r, const ht_jobj_value *vals, int field,
                      int required, int allow_nul, char **out, size_t *len, ht_error *err)
{
    int rc;
    const char *key = field_names[field];
    const ht_jobj_value *v = lookup(r, vals, field, required, &rc, err);
    if (!v)
        return rc;
    if (v->type != HT_JOBJ_STRING)
        return bad(r, err, HT_ERR_FORMAT, "field \"%s\" must be a string, not %s",
                   key, type_name(v));
    size_t n;
    char *s = ht_jobj_string(v, &n);
    if (!s)
        return nomem(r, err);
    if (!allow_nul && memchr(s, '\0', n)) {
        free(s);
        return bad(r, err, HT_ERR_FORMAT, "field \"%s\" must not contain \\u0000", key);
    }
    *out = s;
    if (len)
        *len = n;
    return 1;
}

/* Reads an integer field into *out; same returns as get_string(). */
static int get_long(const ht_jsonl_reader *r, const ht_jobj_value *vals, int field,
                    int required, long *out, ht_error *err)
{
    int rc;
    const char *key = field_names[field];
    const ht_jobj_value *v = lookup(r, vals, field, required, &rc, err);
    if (!v)
        return rc;
    if (v->type != HT_JOBJ_INTEGER)
        return bad(r, err, HT_ERR_FORMAT, "field \"%s\" must be an integer, not %s",
                   key, type_name(v));
    long long x = v->integer;
#if LLONG_MAX > LONG_MAX
    if (x < LONG_MIN || x > LONG_MAX)
        return bad(r, err, HT_ERR_INVALID, "field \"%s\" is out of range", key);
#endif
    *out = (long)x;
    return 1;
}

static int get_id(const ht_jsonl_reader *r, const ht_jobj_value *vals, ht_record *rec,
                  ht_error *err)
{
    const ht_jobj_value *v = &vals[F_ID];
    if (v->type == HT_JOBJ_STRING)
        return get_string(r, vals, F_ID, 0, 0, &rec->id, NULL, err);
    if (v->type != HT_JOBJ_INTEGER)  /* no id, or one of another kind: ignored */
        return 0;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v->integer);
    if (!(rec->id = strdup(buf)))
        return nomem(r, err);
    return 1;
}

/* Byte offset of code point cp in s (or len if s is shorter). */
static size_t cp_to_byte(const char *s, size_t len, size_t cp)
{
    size_t i = 0;
    while (i < len && cp > 0) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        cp--;
    }
    return i;
}

static size_t put_escaped(char *out, size_t o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    if (c == '"' || c == '\\') {
        out[o++] = '\\';
        out[o++] = (char)c;
    } else if (c < 0x20 || c == 0x7f) {
        memcpy(out + o, "\\u00", 4);
        out[o + 4] = hex[c >> 4];
        out[o + 5] = hex[c & 15];
        o += 6;
    } else {
        out[o++] = (char)c;
    }
    return o;
}

/* Writes s for a message: control characters escaped so the message stays on
 * one line, cut after QUOTE_MAX code points. out holds QUOTE_CAP bytes. */
static const char *quote(char *out, const char *s, size_t len)
{
    size_t o = 0, cps = 0;
    for (size_t i = 0; i < len; i++) {
        int lead = ((unsigned char)s[i] & 0xc0) != 0x80;
        if (lead && cps++ == QUOTE_MAX) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        o = put_escaped(out, o, (unsigned char)s[i]);
    }
    out[o] = '\0';
    return out;
}

static int check_target(const ht_jsonl_reader *r, const ht_record *rec, ht_error *err)
{
    size_t b0 = cp_to_byte(rec->text, rec->text_len, (size_t)rec->start);
    size_t b1 = b0 + cp_to_byte(rec->text + b0, rec->text_len - b0,
                                (size_t)(rec->end - rec->start));
    size_t tlen = strlen(rec->target);
    if (tlen == b1 - b0 && memcmp(rec->target, rec->text + b0, tlen) == 0)
        return 1;
    char want[QUOTE_CAP], got[QUOTE_CAP];
    return bad(r, err, HT_ERR_INVALID, "\"target\" is \"%s\" but text[%ld:%ld] is \"%s\"",
               quote(want, rec->target, tlen), rec->start, rec->end,
               quote(got, rec->text + b0, b1 - b0));
}

static int check_span(const ht_jsonl_reader *r, const ht_record *rec, ht_error *err)
{
    size_t cps = ht_utf8_count(rec->text, rec->text_len);
    if (rec->start < 0 || rec->end <= rec->start || (unsigned long)rec->end > cps)
        return bad(r, err, HT_ERR_INVALID,
                   "\"start\" and \"end\" must satisfy 0 <= start < end <= %zu "
                   "(the text's length in code points); here start is %ld and end is %ld",
                   cps, rec->start, rec->end);
    return rec->target ? check_target(r, rec, err) : 1;
}

/* Fills rec from the object's fields; 1 on success, -1 bad record, -2 out of memory. */
static int read_fields(const ht_jsonl_reader *r, const ht_jobj_value *v, ht_record *rec,
                       unsigned required, ht_error *err)
{
    int span = (required & HT_FIELD_SPAN) != 0;
    int need_text = span || (required & HT_FIELD_TEXT);
    int rc;
    if ((rc = get_id(r, v, rec, err)) < 0
        || (rc = get_string(r, v, F_TEXT, need_text, 1, &rec->text, &rec->text_len, err)) < 0
        || (rc = get_string(r, v, F_LABEL, (required & HT_FIELD_LABEL) != 0, 0,
                            &rec->label, NULL, err)) < 0
        || (rc = get_string(r, v, F_TITLE, 0, 0, &rec->title, NULL, err)) < 0
        || (rc = get_string(r, v, F_TOPIC, (required & HT_FIELD_TOPIC) != 0, 0,
                            &rec->topic, NULL, err)) < 0
        || (rc = get_string(r, v, F_ACTOR, 0, 0, &rec->actor, NULL, err)) < 0
        || (rc = get_string(r, v, F_TARGET, 0, 0, &rec->target, NULL, err)) < 0
        || (rc = get_long(r, v, F_START, span, &rec->start, err)) < 0
        || (rc = get_long(r, v, F_END, span, &rec->end, err)) < 0)
        return rc;
    return span ? check_span(r, rec, err) : 1;
}

static int parse_line(const ht_jsonl_reader *r, ht_record *rec, unsigned required,
                      ht_error *err)
{
    ht_jobj_value vals[NFIELDS];
    ht_jobj_error jerr;
    int type = ht_jobj_parse(r->jp, r->line, r->len, field_names, NFIELDS, vals, &jerr);
    if (type == -2)
        return nomem(r, err);
    if (type < 0) {
        /* a JSON text has no raw CR but as white space: here most likely an
         * old Mac file, all of whose records are read as one line */
        const char *cr = memchr(r->line, '\r', r->len);
        int bare_cr = cr && (size_t)(cr - r->line) + 1 < r->len && cr[1] != '\n';
        return bad(r, err, HT_ERR_FORMAT, "invalid JSON: %s (column %zu)%s", jerr.text,
                   jerr.column,
                   bare_cr ? "; the line holds a carriage return (CR) alone: JSON Lines "
                             "ends lines with LF or CRLF"
                           : "");
    }
    if (type != HT_JOBJ_OBJECT)
        return bad(r, err, HT_ERR_FORMAT, "not a JSON object");
    return read_fields(r, vals, rec, required, err);
}

int ht_jsonl_next(ht_jsonl_reader *r, ht_record *rec, unsigned required, ht_error *err)
{
    ht_record_clear(rec);
    do {
        if (r->done)
            return 0;
        int rc = read_line(r, err);
        if (rc != 1)
            return rc;
    } while (!r->over && is_blank(r->line, r->len));
    rec->line = r->lineno;
    if (r->over) {
        ht_error_set(err, HT_ERR_LIMIT, "%s:%zu: the line has %zu bytes, more than the limit of %zu",
                     r->name, r->lineno, r->over, r->max_line);
        return -1;
    }
    int rc = parse_line(r, rec, required, err);
    if (rc != 1) {  /* a bad record keeps its id, so that its error can be matched */
        char *id = rc == -1 ? rec->id : NULL;
        rec->id = NULL;
        ht_record_clear(rec);
        rec->id = id;
    }
    if (rc == -2)
        r->done = 1;
    rec->line = r->lineno;
    return rc;
}
