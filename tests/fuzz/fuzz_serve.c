/* fuzz_serve.c: libFuzzer target for the HTTP requests `haltung serve`
 * answers (cli/serve_http.c: routes, bodies, the scorer pool) through
 * libmicrohttpd's own request parsing, in-process.
 *
 * A daemon without a listening socket is driven by hand (MHD_run): each
 * input becomes one connection over a socket pair. Input byte 0 with its top
 * bit set sends the rest as raw bytes; otherwise byte 0 picks the method
 * (bits 0-1), the path (bits 2-4) and the Content-Type (bits 5-6), byte 1
 * chunked transfer (bit 0), a 64-byte --max-body (bit 1) and a tone_only
 * query argument (bits 2-3), and the rest is the body, sent as a
 * well-formed request.
 *
 * Checked besides the sanitizers: a well-formed request gets a response,
 * never 500; every answer is HTTP with a known status, and a JSON body is
 * valid JSON (an object; {"error": "..."} with an error status; a batch one
 * object per line); the connection is closed and its request freed. */
#include "tests/fuzz/fuzz.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/serve_http.h"

static serve_ctx server;          /* set up once by LLVMFuzzerInitialize */
static struct MHD_Daemon *mhd; /* likewise */

static const char *const methods[4] = { "POST", "GET", "HEAD", "PUT" };
static const char *const paths[8] = { "/v1/score", "/v1/score/batch", "/v1/health",
                                      "/v1/models", "/", "/nope", "/v1/score?x=%ff",
                                      "/v1/score/" };
static const char *const queries[4] = { "", "tone_only", "tone_only=0", "tone_only=%zz" };
static const char *const types[4] = { NULL, "text/plain", "application/json",
                                      "application/json; charset=utf-8" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ht_error err = { 0 };
    server.max_body = 1u << 20;
    server.max_inflight = 64;
    server.max_batch = 50;  /* and its 413 */
    server.limits = (ht_limits)HT_DEFAULT_LIMITS;
    server.limits.max_bytes = server.max_body;
    pthread_mutex_init(&server.lock, NULL);
    pthread_cond_init(&server.freed, NULL);
    if (!(server.models = ht_models_load(fuzz_models_dir(), &err)) ||
        !serve_pool_open(&server, 1, &err)) {
        fprintf(stderr, "fuzz_serve: %s\n", err.msg);
        exit(1);
    }
    mhd = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, serve_on_request, &server,
                               MHD_OPTION_NOTIFY_COMPLETED, serve_on_done, &server,
                               MHD_OPTION_END);
    if (!mhd) {
        fprintf(stderr, "fuzz_serve: cannot start the daemon\n");
        exit(1);
    }
    return 0;
}

/* A growing byte buffer. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *data, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        FUZZ_CHECK((b->p = realloc(b->p, b->cap)) != NULL);
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* The request bytes of a structured input. */
static void build_request(const uint8_t *data, size_t size, buf *req)
{
    const char *type = types[(data[0] >> 5) & 3];
    const uint8_t *body = data + 2;
    size_t len = size - 2;
    const char *path = paths[(data[0] >> 2) & 7], *query = queries[(data[1] >> 2) & 3];
    char head[512];
    int n = snprintf(head, sizeof head,
                     "%s %s%s%s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n%s%s%s",
                     methods[data[0] & 3], path, !*query ? "" : strchr(path, '?') ? "&" : "?",
                     query, type ? "Content-Type: " : "", type ? type : "", type ? "\r\n" : "");
    put(req, head, (size_t)n);
    if (!(data[1] & 1)) {
        n = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", len);
        put(req, head, (size_t)n);
        put(req, body, len);
        return;
    }
    put(req, "Transfer-Encoding: chunked\r\n\r\n", 30);
    for (size_t at = 0; at < len;) {
        size_t k = len - at < 100 ? len - at : 100;
        n = snprintf(head, sizeof head, "%zx\r\n", k);
        put(req, head, (size_t)n);
        put(req, body + at, k);
        put(req, "\r\n", 2);
        at += k;
    }
    put(req, "0\r\n\r\n", 5);
}

static size_t open_connections(void)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return i ? i->num_connections : 0;
}

/* Sends req over a new connection and collects the answer until the server
 * closes it or goes quiet; then closes our end and lets the server clean up. */
static void exchange(const buf *req, buf *resp)
{
    int sp[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0);
    fcntl(sp[0], F_SETFL, O_NONBLOCK);
    struct sockaddr_in addr = { 0 };
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_CHECK(MHD_add_connection(mhd, sp[1], (struct sockaddr *)&addr, sizeof addr) == MHD_YES);
    size_t sent = 0;
    for (int quiet = 0, i = 0; quiet < 8 && i < 100000; i++) {
        ssize_t w = sent < req->n ? write(sp[0], req->p + sent, req->n - sent) : 0;
        sent += w > 0 ? (size_t)w : 0;
        MHD_run(mhd);
        char chunk[65536];
        ssize_t r = read(sp[0], chunk, sizeof chunk);
        if (r == 0)
            break;  /* the server closed the connection */
        if (r > 0)
            put(resp, chunk, (size_t)r);
        quiet = r > 0 || w > 0 ? 0 : quiet + 1;
    }
    close(sp[0]);
    for (int i = 0; i < 1000 && open_connections() > 0; i++)
        MHD_run(mhd);
    FUZZ_CHECK(open_connections() == 0);
}

static void check_json_body(const char *body, size_t n, unsigned status, int batch)
{
    json_error_t je;
    if (batch && status == 200) {
        for (const char *line = body; line < body + n;) {
            const char *nl = memchr(line, '\n', (size_t)(body + n - line));
            FUZZ_CHECK(nl != NULL);
            json_t *o = json_loadb(line, (size_t)(nl - line), 0, &je);
            FUZZ_CHECK(json_is_object(o));
            json_decref(o);
            line = nl + 1;
        }
        return;
    }
    json_t *o = json_loadb(body, n, 0, &je);
    FUZZ_CHECK(json_is_object(o));
    if (status != 200)
        FUZZ_CHECK(json_is_string(json_object_get(o, "error")));
    json_decref(o);
}

static void check_response(const buf *resp, int structured, int head)
{
    if (!structured && resp->n == 0)
        return;  /* a request the parser could not take may get no answer */
    FUZZ_CHECK(resp->n > 12 && !memcmp(resp->p, "HTTP/1.", 7));
    unsigned status = (unsigned)atoi(resp->p + 9);
    static const unsigned known[] = { 200, 400, 404, 405, 413, 414, 422, 431, 500, 501, 503, 505 };
    int ok = 0;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        ok |= status == known[i];
    FUZZ_CHECK(ok);
    if (!structured)
        return;
    FUZZ_CHECK(status != 500);
    const char *end = strstr(resp->p, "\r\n\r\n");
    FUZZ_CHECK(end != NULL);
    const char *type = strstr(resp->p, "Content-Type: ");
    if (head || !type || type > end)
        return;
    const char *body = end + 4;
    size_t n = resp->n - (size_t)(body - resp->p);
    if (!strncmp(type + 14, "application/json", 16))
        check_json_body(body, n, status, 0);
    else if (!strncmp(type + 14, "application/x-ndjson", 20))
        check_json_body(body, n, status, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int structured = !(data[0] & 0x80);
    buf req = { 0 }, resp = { 0 };
    if (structured)
        build_request(data, size, &req);
    else
        put(&req, data + 1, size - 1);
    server.max_body = structured && (data[1] & 2) ? 64 : 1u << 20;
    exchange(&req, &resp);
    check_response(&resp, structured, structured && (data[0] & 3) == 2);
    free(req.p);
    free(resp.p);
    return 0;
}
