/* cmd_serve.c: `haltung serve` answers scoring requests over HTTP.
 *
 * GNU libmicrohttpd gives each connection a thread (so two connections use
 * two cores, which a pool sharing out connections by chance did not). The
 * models are loaded once and shared read-only; --threads scorers are pooled
 * and each request borrows one for the time it takes (waiting if all are
 * busy). This file reads the options and runs the daemon; how a request is
 * answered is in serve_http.c, the deadline for headers in serve_watch.c.
 * SIGINT and SIGTERM stop the server: it stops
 * accepting, lets the requests in flight finish, and exits 0. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "classifier/score.h"
#include "cli/cmd.h"
#include "cli/serve_http.h"
#include "cli/serve_watch.h"

static const char usage_text[] =
    "usage: haltung serve [--listen HOST:PORT] [--threads N] [--max-body BYTES]\n"
    "                     [--max-queue N] [--max-batch N] [--body-timeout S]\n"
    "                     [--max-actors N] [--max-token N]\n"
    "                     [--max-paragraphs N] [--max-mentions N]\n"
    "                     [--models DIR] [--actors FILE] [--tone-only]\n"
    "                     [--stance-as-party]\n"
    "\n"
    "  POST /v1/score        text/plain article (scored as `haltung score -` scores standard\n"
    "                        input: id \"-\"), or JSON {\"id\", \"text\", \"title\", \"topic\"}\n"
    "                        (scored as that record in `haltung score --jsonl`)\n"
    "  POST /v1/score/batch  JSON Lines in, JSON Lines out, in order, errors per line\n"
    "  GET  /v1/health, GET /v1/models, GET / (a page to paste an article into)\n"
    "\n"
    "  --listen HOST:PORT   address to bind (default 127.0.0.1:8080: loopback only); HOST\n"
    "                       an IPv4 address or a name that has one, empty for 127.0.0.1\n"
    "  --threads N          articles scored at once, one scorer each (default: the number\n"
    "                       of processors); each connection has its own thread\n"
    "  --max-body BYTES     largest request body (default 10485760); larger gets 413\n"
    "  --max-queue N        scoring requests in flight at once (default 64); more get\n"
    "                       503 (health, models and the page are answered all the same);\n"
    "                       connections beyond four times as many and 256 are refused\n"
    "  --max-batch N        records in one batch (default 10000); more get 413\n"
    "  --body-timeout S     seconds a body may take to arrive after its headers, and\n"
    "                       the headers after the connection opens or its last answer\n"
    "                       (default 60; 0: no limit); a later one closes the connection\n"
    "  --max-actors N       actors in one article (default 2000), --max-token N bytes of\n"
    "                       its longest token (default 65536), --max-paragraphs N its\n"
    "                       paragraphs (default 10000), --max-mentions N its actor\n"
    "                       mentions (default 20000): over any gets 422\n"
    "                       (in a batch, an error line); 0 turns a limit off\n"
    "  --tone-only          score tone only, as `haltung score --tone-only`: no actors\n"
    "  --stance-as-party    read a party's statements as that party's toward a request's\n"
    "                       topic, as `haltung score --stance-as-party` (default: words only);\n"
    "                       ?stance_as_party=1 or =0 sets it for one request\n"
    "  (?tone_only=1 or =0 sets --tone-only for one request the same way)\n";

/* ---- start and stop ---------------------------------------------------------------------- */

/* A thread per connection: the queue four times over and 256 more (512 by
 * default), so that idle or slow clients leave room for health checks. */
static unsigned connection_limit(int max_queue)
{
    return max_queue > 100000 ? 400256u : (unsigned)max_queue * 4 + 256;
}

/* Seconds a connection may send nothing: a minute, or --body-timeout if
 * shorter, which so also closes a body that stalls (one that trickles is
 * cut where its bytes arrive). */
static unsigned idle_timeout(unsigned body_seconds)
{
    return body_seconds && body_seconds < 60 ? body_seconds : 60u;
}

/* The server's callbacks: serve_http.c's, with the header deadline kept
 * around them (serve_watch.c; the fuzz target drives serve_http.c alone). */
typedef struct served {
    serve_ctx *sv;
    serve_watch *watch;  /* NULL: no deadline (--body-timeout 0) */
} served;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    served *s = cls;
    if (!*con_cls)
        serve_watch_headers_in(s->watch, c);
    return serve_on_request(s->sv, c, url, method, version, upload, upload_size, con_cls);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode code)
{
    served *s = cls;
    serve_on_done(s->sv, c, con_cls, code);
    serve_watch_request_done(s->watch, c);
}

/* HOST:PORT, HOST an IPv4 address or a name that resolves to one (empty:
 * 127.0.0.1); NULL if it parses, else what is wrong with it. */
static const char *parse_listen(const char *spec, struct sockaddr_in *addr)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof host)
        return "it is not HOST:PORT";
    if (spec[0] == '[' || memchr(spec, ':', (size_t)(colon - spec)))
        return "IPv6 is not supported; give an IPv4 address (127.0.0.1, 0.0.0.0) or a name";
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 1 || port > 65535)
        return "the port must be 1..65535";
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &addr->sin_addr) == 1)
        return NULL;
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res)
        return "the host is neither an IPv4 address nor a name with one";
    addr->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
    freeaddrinfo(res);
    return NULL;
}

/* libmicrohttpd's messages, marked as such. Left out: "Failed to bind to
 * port 0" (it names the port of its own option, not of the address given;
 * serve names the address itself when it cannot listen), and a client that
 * hung up mid-request, which is the client's business and, one line per
 * connection, would flood the log. */
static void mhd_log(void *ctx, const char *fmt, va_list ap)
{
    (void)ctx;
    /* hang-ups, and sockets the header watch shut, are no news */
    if (!strncmp(fmt, "Failed to bind to port", 22) ||
        !strncmp(fmt, "Connection was closed by remote side", 36) ||
        !strncmp(fmt, "Connection socket is closed when reading request", 48) ||
        !strncmp(fmt, "Socket has been disconnected when reading request", 49))
        return;
    char line[1024];  /* one write, so that two threads' lines do not mix */
    int n = snprintf(line, sizeof line, "haltung: serve: libmicrohttpd: ");
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    fputs(line, stderr);
}

/* A bad value of an option: named with the value; exit status 2. */
static int bad_value(const char *option, const char *value, const char *want)
{
    cli_error("serve: %s must be %s, not '%s'", option, want, value);
    return cli_usage_error("serve");
}

static int setup(serve_ctx *sv, const char *models_dir, const char *const *actors, int nactors,
                 int threads)
{
    char dir[PATH_MAX];
    ht_error err = { 0 };
    if (models_dir)
        snprintf(dir, sizeof dir, "%s", models_dir);
    else
        cli_models_dir(dir, sizeof dir);
    if (!(sv->models = ht_models_load(dir, &err))) {
        cli_report(&err);
        return 0;
    }
    for (int i = 0; i < nactors; i++)
        if (cli_add_actors(sv->models, actors[i], &err) != HT_OK) {
            cli_report(&err);
            return 0;
        }
    if (!serve_pool_open(sv, threads, &err)) {
        cli_report(&err);
        return 0;
    }
    return 1;
}

static void teardown(serve_ctx *sv)
{
    serve_pool_close(sv);
    ht_models_free(sv->models);
}

int cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "listen", required_argument, 0, 'l' }, { "threads", required_argument, 0, 'j' },
        { "max-body", required_argument, 0, 'B' }, { "models", required_argument, 0, 'M' },
        { "actors", required_argument, 0, 'A' }, { "max-queue", required_argument, 0, 'Q' },
        { "max-batch", required_argument, 0, 'b' },
        { "body-timeout", required_argument, 0, 'T' },
        { "max-actors", required_argument, 0, 'C' }, { "max-token", required_argument, 0, 'K' },
        { "max-paragraphs", required_argument, 0, 'P' },
        { "model", required_argument, 0, 'm' },  /* not a prefix of --models: refused */
        { "max-mentions", required_argument, 0, 'N' },
        { "tone-only", no_argument, 0, 'O' }, { "stance-as-party", no_argument, 0, 'S' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *listen = "127.0.0.1:8080", *models_dir = NULL, *actors[16];
    int nactors = 0, c;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    serve_ctx sv = { .max_body = 10u << 20, .max_inflight = 64, .body_seconds = 60,
                     .max_batch = 10000, .limits = HT_DEFAULT_LIMITS };
    sv.limits.max_bytes = 0;  /* --max-body plays its part */
    optind = 1;
    size_t n;
    while ((c = getopt_long(argc, argv, "l:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': listen = optarg; break;
        case 'j':
            if (cli_size_arg(optarg, &n) != 0 || n < 1 || n > 256)
                return bad_value("--threads", optarg, "1..256");
            threads = (long)n;
            break;
        case 'B':
            if (cli_size_arg(optarg, &sv.max_body) != 0 || !sv.max_body)
                return bad_value("--max-body", optarg, "a number of bytes above 0");
            break;
        case 'M':
            if (!*optarg) {
                cli_error("serve: --models DIR is an empty name");
                return 2;
            }
            models_dir = optarg;
            break;
        case 'm':
            cli_error("serve: there is no --model; --models DIR names the folder of the models");
            return 2;
        case 'A':
            if (nactors == 16) {
                cli_error("serve: at most 16 --actors files");
                return 2;
            }
            actors[nactors++] = optarg;
            break;
        case 'C': case 'K': case 'P': case 'N': {
            size_t *limit = c == 'C' ? &sv.limits.max_actors : c == 'K' ? &sv.limits.max_token
                          : c == 'P' ? &sv.limits.max_paragraphs : &sv.limits.max_mentions;
            if (cli_size_arg(optarg, limit) != 0)
                return bad_value(c == 'C' ? "--max-actors" : c == 'K' ? "--max-token"
                                 : c == 'P' ? "--max-paragraphs" : "--max-mentions", optarg,
                                 "a whole number (0: no limit)");
            break;
        }
        case 'Q':
            if (cli_size_arg(optarg, &n) != 0 || n < 1 || n > 1000000)
                return bad_value("--max-queue", optarg, "1..1000000");
            sv.max_inflight = (int)n;
            break;
        case 'b':
            if (cli_size_arg(optarg, &sv.max_batch) != 0)
                return bad_value("--max-batch", optarg, "a whole number (0: no limit)");
            break;
        case 'T':
            if (cli_size_arg(optarg, &n) != 0 || n > 86400)
                return bad_value("--body-timeout", optarg, "0..86400 seconds (0: none)");
            sv.body_seconds = (unsigned)n;
            break;
        case 'O': sv.tone_only = 1; break;
        case 'S': sv.speakers = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return cli_usage_error("serve");
        }
    }
    if (optind < argc) {  /* "serve 0.0.0.0:80" would bind the default address */
        cli_error("serve: unexpected argument '%s' (an address goes with --listen)", argv[optind]);
        return cli_usage_error("serve");
    }
    struct sockaddr_in addr;
    const char *wrong = parse_listen(listen, &addr);
    if (wrong) {
        cli_error("serve: --listen %s: %s", listen, wrong);
        return cli_usage_error("serve");
    }
    char where[INET_ADDRSTRLEN + 8];  /* the address bound, as a browser takes it */
    inet_ntop(AF_INET, &addr.sin_addr, where, INET_ADDRSTRLEN);
    snprintf(where + strlen(where), 8, ":%u", ntohs(addr.sin_port));
    pthread_mutex_init(&sv.lock, NULL);
    pthread_cond_init(&sv.freed, NULL);
    /* SIGINT and SIGTERM are taken by sigwait below, not by any thread. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    int rc = 1;
    sv.limits.max_bytes = sv.max_body;
    served callbacks = { &sv, NULL };
    if (setup(&sv, models_dir, actors, nactors, (int)threads) &&
        (!sv.body_seconds || (callbacks.watch = serve_watch_new(sv.body_seconds)) ||
         (cli_error("serve: cannot start the header watch: out of memory or threads"), 0))) {
        struct MHD_Daemon *d = MHD_start_daemon(
            MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
            NULL, NULL, on_request, &callbacks,
            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,  /* first, or it warns of itself */
            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
            MHD_OPTION_NOTIFY_COMPLETED, on_done, &callbacks,
            MHD_OPTION_NOTIFY_CONNECTION, serve_watch_connection, callbacks.watch,
            MHD_OPTION_CONNECTION_TIMEOUT, idle_timeout(sv.body_seconds),
            MHD_OPTION_CONNECTION_LIMIT, connection_limit(sv.max_inflight), MHD_OPTION_END);
        if (!d) {
            cli_error("serve: cannot listen on %s: %s", where, strerror(errno));
        } else {
            fprintf(stderr, "haltung: serving on http://%s/ with %ld thread%s\n", where, threads,
                    threads == 1 ? "" : "s");
            int sig;
            sigwait(&stop, &sig);
            /* No new connections (the listening socket is shut down, so
             * connecting is refused), then the requests in flight finish and
             * their answers go out (up to a minute, the connection timeout),
             * then the daemon stops. poll(), not epoll: libmicrohttpd 0.9.75
             * can abort in MHD_quiesce_daemon's epoll removal race. The
             * socket is closed only after the workers are gone. */
            MHD_socket ls = MHD_quiesce_daemon(d);
            if (ls != MHD_INVALID_SOCKET)
                shutdown(ls, SHUT_RDWR);
            for (int i = 0; i < 600 && serve_inflight(&sv) > 0; i++)
                nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
            MHD_stop_daemon(d);
            if (ls != MHD_INVALID_SOCKET)
                close(ls);
            fprintf(stderr, "haltung: stopped (signal %d)\n", sig);
            rc = 0;
        }
    }
    serve_watch_free(callbacks.watch);
    teardown(&sv);
    pthread_mutex_destroy(&sv.lock);
    pthread_cond_destroy(&sv.freed);
    return rc;
}
