/* serve_http.c: how `haltung serve` answers one HTTP request: the pool of
 * scorers a request borrows from, the routes, and the request bodies (a
 * text/plain article, one JSON record, JSON Lines). cmd_serve.c runs the
 * daemon around these callbacks; tests/fuzz/fuzz_serve.c drives the same
 * callbacks with requests a fuzzer makes. Responses are the very bytes
 * `haltung score` prints. */
#include "cli/serve_http.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "features/text.h"
#include "cli/serve_page.h"
#include "training/jsonl.h"

/* One request's body as it arrives. */
typedef struct request {
    char *body;
    size_t len, cap;
    int too_big;
    int counted;   /* a scoring request, counted in sv->inflight */
    int rejected;  /* over --max-queue: answered 503 once its body is read */
    struct timespec started;  /* when its headers were in */
} request;

static int scoring_url(const char *url)
{
    return !strcmp(url, "/v1/score") || !strcmp(url, "/v1/score/batch");
}

/* Whether the body has taken longer than --body-timeout since the headers
 * (a client sending a byte now and then would hold its slot for ever). */
static int body_late(const serve_ctx *sv, const request *rq)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return sv->body_seconds && now.tv_sec - rq->started.tv_sec > (time_t)sv->body_seconds;
}

/* The Content-Length header over --max-body: answered 413 before the body is read. */
static int declared_too_big(struct MHD_Connection *c, size_t max)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (!v || *v < '0' || *v > '9')
        return 0;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    return *end == '\0' && (errno == ERANGE || n > max);
}

/* ---- scorers ----------------------------------------------------------------------------- */

static ht_scorer *borrow(serve_ctx *sv, int *slot)
{
    pthread_mutex_lock(&sv->lock);
    while (sv->nfree == 0)  /* at most --threads score at once; the others wait */
        pthread_cond_wait(&sv->freed, &sv->lock);
    *slot = sv->free_list[--sv->nfree];
    pthread_mutex_unlock(&sv->lock);
    return *slot >= 0 ? sv->scorers[*slot] : NULL;
}

static void give_back(serve_ctx *sv, int slot)
{
    pthread_mutex_lock(&sv->lock);
    sv->free_list[sv->nfree++] = slot;
    pthread_cond_signal(&sv->freed);
    pthread_mutex_unlock(&sv->lock);
}

/* ---- responses --------------------------------------------------------------------------- */

static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status,
                                     const char *type, const char *data, size_t len,
                                     const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data,
                                                             MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (allow)
        MHD_add_response_header(r, "Allow", allow);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned status, const char *type,
                                  const char *data, size_t len)
{
    return send_response(c, status, type, data, len, NULL);
}

/* 405, with the methods the endpoint takes in Allow. */
static enum MHD_Result send_not_allowed(struct MHD_Connection *c, const char *allow)
{
    const char *body = strcmp(allow, "POST") ? "{\"error\":\"use GET\"}" : "{\"error\":\"use POST\"}";
    return send_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, "application/json", body, strlen(body),
                         allow);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    json_t *o = json_pack("{s:s}", "error", msg);
    char *text = json_dumps(o, JSON_COMPACT);
    size_t n = text ? strlen(text) : 0;
    enum MHD_Result ret = send_bytes(c, status, "application/json", text ? text : "{}", n);
    free(text);
    json_decref(o);
    return ret;
}

/* ---- checks ------------------------------------------------------------------------------ */

static const char *header(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? v : "";
}

typedef struct arg_count {
    const char *name;
    int n;
} arg_count;

static enum MHD_Result count_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    arg_count *ac = cls;
    (void)kind;
    (void)value;
    ac->n += !strcmp(key, ac->name);
    return MHD_YES;
}

/* A switch of the query: ?tone_only (or =, =1, =true) scores the request's
 * articles as score --tone-only does, ?tone_only=0 (or =false) with actors,
 * whatever serve --tone-only says; without it the server's setting (dflt)
 * holds; ?stance_as_party likewise. -1: another value; -2: given more than
 * once (which of them is meant cannot be told). */
static int flag_arg(struct MHD_Connection *c, const char *name, int dflt)
{
    const char *v = NULL;
    size_t n = 0;
    arg_count ac = { name, 0 };
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, count_arg, &ac);
    if (ac.n > 1)
        return -2;
    if (MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, name, strlen(name), &v, &n) !=
        MHD_YES)
        return dflt;
    if (!v || n == 0)
        return 1;
    if (memchr(v, '\0', n))
        return -1;  /* "?tone_only=1%00junk" */
    if (!strcmp(v, "1") || !strcmp(v, "true"))
        return 1;
    if (!strcmp(v, "0") || !strcmp(v, "false"))
        return 0;
    return -1;
}

/* What a request asks of its scorer. */
typedef struct req_opts {
    int tone_only, speakers;
} req_opts;

static void apply_opts(ht_scorer *s, req_opts o)
{
    ht_scorer_set_tone_only(s, o.tone_only);
    ht_scorer_set_speakers(s, o.speakers);
}

/* ---- endpoints --------------------------------------------------------------------------- */

/* A JSON body is read as one record of `haltung score --jsonl` would be (the
 * same reader, so an integer "id" becomes text and a field of the wrong type
 * is refused alike); it may span lines, so it is made one line first. */
static int read_json_record(struct MHD_Connection *c, const request *rq, ht_record *rec,
                            enum MHD_Result *answer)
{
    json_error_t jerr;
    const char *body = rq->body ? rq->body : "";
    size_t len = rq->len;
    if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) {  /* a BOM, as `score --jsonl` skips it */
        body += 3;
        len -= 3;
    }
    /* a raw NUL byte is no JSON, as `score --jsonl` says; "\u0000" is */
    const char *nul = memchr(body, '\0', len);
    json_t *o = nul ? NULL : json_loadb(body, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(o)) {
        char msg[256];
        if (nul)
            snprintf(msg, sizeof msg, "invalid JSON: a NUL byte at byte %zu of the body",
                     (size_t)(nul - body) + 1);
        else if (o)
            snprintf(msg, sizeof msg, "the body is not a JSON object");
        else
            snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.text);
        json_decref(o);
        *answer = send_error(c, MHD_HTTP_BAD_REQUEST, msg);
        return 0;
    }
    char *line = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    FILE *f = line ? fmemopen(line, strlen(line), "r") : NULL;
    ht_error err = { 0 };
    ht_jsonl_reader *r = f ? ht_jsonl_from_stream(f, "request", &err) : NULL;
    int got = r ? ht_jsonl_next(r, rec, HT_FIELD_TEXT, &err) : -2;
    ht_jsonl_close(r);
    if (f)
        fclose(f);
    free(line);
    if (got == 1)  /* an empty "text" too: what score --jsonl prints for it */
        return 1;
    if (got == -1)  /* the reader's "request:1: " says nothing here */
        *answer = send_error(c, MHD_HTTP_BAD_REQUEST,
                             strncmp(err.msg, "request:1: ", 11) ? err.msg : err.msg + 11);
    else
        *answer = send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the body");
    return 0;
}

/* text/plain: the article is the body, scored as `haltung score -` scores
 * standard input (invalid bytes and all), so its id is "-". application/json:
 * one record. */
static enum MHD_Result score_one(serve_ctx *sv, struct MHD_Connection *c, const request *rq,
                                 req_opts opts)
{
    ht_article a = { "-", rq->body, rq->len, NULL, NULL };
    ht_record rec = { 0 };
    if (!strncasecmp(header(c, "Content-Type"), "application/json", 16)) {  /* case: RFC 9110 */
        enum MHD_Result answer;
        if (!ht_utf8_valid(rq->body, rq->len))  /* JSON is UTF-8; plain text is taken as it is */
            return send_error(c, MHD_HTTP_BAD_REQUEST, "the body is not valid UTF-8");
        if (!read_json_record(c, rq, &rec, &answer)) {
            ht_record_clear(&rec);
            return answer;
        }
        a = (ht_article){ rec.id, rec.text, rec.text_len, rec.title, rec.topic };
    } else if (rq->len == 0) {
        return send_error(c, MHD_HTTP_BAD_REQUEST, "no text: the body is empty");
    }
    int slot;
    ht_scorer *s = borrow(sv, &slot);
    if (!s) {
        ht_record_clear(&rec);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "all scorers are busy; try again");
    }
    apply_opts(s, opts);
    const char *out;
    size_t len;
    ht_error err = { 0 };
    enum MHD_Result ret;
    ht_status st = ht_score_article(s, &a, HT_OUT_JSON, &out, &len, &err);
    if (st == HT_OK)
        ret = send_bytes(c, MHD_HTTP_OK, "application/json", out, len);
    else
        ret = send_error(c, st == HT_ERR_LIMIT ? MHD_HTTP_UNPROCESSABLE_CONTENT
                                               : MHD_HTTP_INTERNAL_SERVER_ERROR, err.msg);
    give_back(sv, slot);
    ht_record_clear(&rec);
    return ret;
}

/* JSON Lines in, the lines `haltung score --jsonl` would print out. */
static enum MHD_Result score_batch(serve_ctx *sv, struct MHD_Connection *c, const request *rq,
                                   req_opts opts)
{
    /* no check of the whole body: a line that is not UTF-8 gets its error object, as
     * `score --jsonl` gives it, and the lines around it are scored */
    FILE *f = fmemopen(rq->body ? rq->body : (char *)"", rq->len, "r");
    ht_error err = { 0 };
    ht_jsonl_reader *r = f ? ht_jsonl_from_stream(f, "request", &err) : NULL;
    int slot;
    ht_scorer *s = r ? borrow(sv, &slot) : NULL;
    if (!s) {
        ht_jsonl_close(r);
        if (f)
            fclose(f);
        return r ? send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "all scorers are busy; try again")
                 : send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the body");
    }
    apply_opts(s, opts);
    char *all = NULL;
    size_t total = 0;
    FILE *acc = open_memstream(&all, &total);
    ht_record rec = { 0 };
    int got;
    size_t records = 0;
    while (acc && (got = ht_jsonl_next(r, &rec, HT_FIELD_TEXT, &err)) != 0 && got != -2) {
        if (sv->max_batch && ++records > sv->max_batch)
            break;  /* the answer is 413: a batch's answer is held whole in memory */
        const char *out;
        size_t len;
        if (got == -1) {  /* with the line's id when it had one, as `score --jsonl` */
            ht_score_error(s, rec.id, err.msg, HT_OUT_JSON, &out, &len);
        } else {
            ht_article a = { rec.id, rec.text, rec.text_len, rec.title, rec.topic };
            ht_error serr = { 0 };
            if (ht_score_article(s, &a, HT_OUT_JSON, &out, &len, &serr) != HT_OK) {
                char msg[sizeof serr.msg + 32];
                snprintf(msg, sizeof msg, "request:%zu: %s", rec.line, serr.msg);
                ht_score_error(s, rec.id, msg, HT_OUT_JSON, &out, &len);
            }
        }
        fwrite(out, 1, len, acc);
    }
    give_back(sv, slot);
    ht_record_clear(&rec);
    ht_jsonl_close(r);
    fclose(f);
    enum MHD_Result ret;
    int written = acc && fclose(acc) == 0;
    if (written && sv->max_batch && records > sv->max_batch) {
        char msg[96];
        snprintf(msg, sizeof msg, "the batch has more than %zu records (--max-batch)",
                 sv->max_batch);
        ret = send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, msg);
    } else if (written)
        ret = send_bytes(c, MHD_HTTP_OK, "application/x-ndjson", all ? all : "", total);
    else
        ret = send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(all);
    return ret;
}

static json_t *model_json(const ht_model *m, const char *file)
{
    const ht_feature_config *f = &m->features;
    json_t *labels = json_array();
    for (int i = 0; i < m->nr_class; i++)
        json_array_append_new(labels, json_string(m->labels[i]));
    json_t *info = m->info ? json_loads(m->info, 0, NULL) : NULL;
    return json_pack("{s:s, s:s, s:i, s:o, s:{s:i, s:i, s:b, s:i, s:i, s:b, s:b, s:i, s:i, "
                     "s:b}, s:I, s:o}",
                     "file", file, "task", ht_task_name(m->task), "format_version",
                     HT_MODEL_FORMAT_VERSION, "labels", labels, "features", "hash_bits",
                     f->hash_bits, "word_ngrams", f->word_ngrams, "stems", f->stems,
                     "char_min", f->char_min, "char_max", f->char_max, "negation",
                     f->negation, "emoticons", f->emoticons, "window", f->window, "context",
                     f->context, "speaker",
                     f->speaker, "nonzero_rows",
                     (json_int_t)ht_model_nonzero_rows(m), "training",
                     info ? info : json_null());
}

static enum MHD_Result models_info(serve_ctx *sv, struct MHD_Connection *c)
{
    /* defaults: what a request gets without ?tone_only or ?stance_as_party */
    json_t *o = json_pack("{s:o, s:o, s:o, s:I, s:{s:b, s:b}}", "tone",
                          model_json(sv->models->tone, sv->models->names[0]), "actor",
                          model_json(sv->models->actor, sv->models->names[1]), "stance",
                          model_json(sv->models->stance, sv->models->names[2]), "actors",
                          (json_int_t)ht_gazetteer_size(sv->models->gazetteer), "defaults",
                          "tone_only", sv->tone_only, "stance_as_party", sv->speakers);
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    enum MHD_Result ret = text ? send_bytes(c, MHD_HTTP_OK, "application/json", text, strlen(text))
                               : send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(text);
    json_decref(o);
    return ret;
}

static enum MHD_Result route(serve_ctx *sv, struct MHD_Connection *c, const char *url,
                             const char *method, const request *rq)
{
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD"), post = !strcmp(method, "POST");
    if (!strcmp(url, "/v1/score") || !strcmp(url, "/v1/score/batch")) {
        if (!post)
            return send_not_allowed(c, "POST");
        if (rq->too_big)
            return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "the body is over --max-body");
        static const char *const names[2] = { "tone_only", "stance_as_party" };
        int v[2] = { flag_arg(c, names[0], sv->tone_only), flag_arg(c, names[1], sv->speakers) };
        for (int i = 0; i < 2; i++)
            if (v[i] < 0) {
                char msg[96];
                snprintf(msg, sizeof msg, v[i] == -2 ? "%s is given more than once"
                                                     : "%s must be 1, true, 0 or false (or no "
                                                       "value, which is 1)", names[i]);
                return send_error(c, MHD_HTTP_BAD_REQUEST, msg);
            }
        req_opts opts = { v[0], v[1] };
        return url[9] ? score_batch(sv, c, rq, opts) : score_one(sv, c, rq, opts);
    }
    if (!strcmp(url, "/v1/health") || !strcmp(url, "/v1/models") || !strcmp(url, "/")) {
        if (!get)
            return send_not_allowed(c, "GET, HEAD");
        if (!strcmp(url, "/"))
            return send_bytes(c, MHD_HTTP_OK, "text/html; charset=utf-8", ht_serve_page,
                              strlen(ht_serve_page));
        if (!strcmp(url, "/v1/models"))
            return models_info(sv, c);
        return send_bytes(c, MHD_HTTP_OK, "application/json", "{\"status\":\"ok\"}", 15);
    }
    return send_error(c, MHD_HTTP_NOT_FOUND, "no such endpoint");
}

enum MHD_Result serve_on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    serve_ctx *sv = cls;
    (void)version;
    request *rq = *con_cls;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        clock_gettime(CLOCK_MONOTONIC, &rq->started);
        if (!scoring_url(url) || strcmp(method, "POST"))
            return MHD_YES;  /* health, models, the page: answered whatever the load */
        if (declared_too_big(c, sv->max_body))
            return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "the body is over --max-body");
        pthread_mutex_lock(&sv->lock);
        rq->rejected = sv->inflight >= sv->max_inflight;
        rq->counted = !rq->rejected;
        sv->inflight += rq->counted;
        pthread_mutex_unlock(&sv->lock);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (body_late(sv, rq))
            return MHD_NO;  /* the connection is closed */
        if (rq->rejected || rq->too_big || rq->len + n > sv->max_body) {
            rq->too_big = 1;  /* read and dropped: the answer is 413 */
            return MHD_YES;
        }
        if (rq->len + n + 1 > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 65536;
            while (cap < rq->len + n + 1)
                cap *= 2;
            char *b = realloc(rq->body, cap);
            if (!b)
                return MHD_NO;
            rq->body = b;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload, n);
        rq->len += n;
        rq->body[rq->len] = '\0';
        return MHD_YES;
    }
    if (rq->rejected)
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "the server is saturated (--max-queue requests in flight); try again");
    return route(sv, c, url, method, rq);
}

void serve_on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode code)
{
    serve_ctx *sv = cls;
    (void)c;
    (void)code;
    request *rq = *con_cls;
    if (rq) {
        pthread_mutex_lock(&sv->lock);
        sv->inflight -= rq->counted;
        pthread_mutex_unlock(&sv->lock);
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

int serve_inflight(serve_ctx *sv)
{
    pthread_mutex_lock(&sv->lock);
    int n = sv->inflight;
    pthread_mutex_unlock(&sv->lock);
    return n;
}

/* ---- the pool ---------------------------------------------------------------------------- */

int serve_pool_open(serve_ctx *sv, int threads, ht_error *err)
{
    sv->scorers = calloc((size_t)threads, sizeof *sv->scorers);
    sv->free_list = calloc((size_t)threads, sizeof *sv->free_list);
    if (!sv->scorers || !sv->free_list) {
        ht_error_set(err, HT_ERR_NOMEM, "out of memory for %d scorers", threads);
        return 0;
    }
    for (int i = 0; i < threads; i++) {
        if (!(sv->scorers[i] = ht_scorer_new(sv->models, err)))
            return 0;
        ht_scorer_set_limits(sv->scorers[i], &sv->limits);
        ht_scorer_set_tone_only(sv->scorers[i], sv->tone_only);
        ht_scorer_set_speakers(sv->scorers[i], sv->speakers);
        sv->free_list[sv->nfree++] = i;
        sv->nscorers++;
    }
    return 1;
}

void serve_pool_close(serve_ctx *sv)
{
    for (int i = 0; i < sv->nscorers; i++)
        ht_scorer_free(sv->scorers[i]);
    free(sv->scorers);
    free(sv->free_list);
    sv->scorers = NULL;
    sv->free_list = NULL;
    sv->nscorers = sv->nfree = 0;
}
