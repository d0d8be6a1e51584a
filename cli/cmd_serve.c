/* cmd_serve.c: `haltung serve` answers scoring requests over HTTP.
 *
 * GNU libmicrohttpd gives each connection a thread (so two connections use
 * two cores, which a pool sharing out connections by chance did not). The
 * models are loaded once and shared read-only; --threads scorers are pooled
 * and each request borrows one for the time it takes (waiting if all are
 * busy). This file reads the options and runs the daemon; how a request is
 * answered is in serve_http.c. SIGINT and SIGTERM stop the server: it stops
 * accepting, lets the requests in flight finish, and exits 0. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "classifier/score.h"
#include "cli/cmd.h"
#include "cli/serve_http.h"

static const char usage_text[] =
    "usage: haltung serve [--listen HOST:PORT] [--threads N] [--max-body BYTES]\n"
    "                     [--max-queue N] [--max-actors N] [--max-token N]\n"
    "                     [--max-paragraphs N] [--max-mentions N]\n"
    "                     [--models DIR] [--actors FILE] [--tone-only]\n"
    "\n"
    "  POST /v1/score        text/plain article (scored as `haltung score -` scores standard\n"
    "                        input: id \"-\"), or JSON {\"id\", \"text\", \"title\", \"topic\"}\n"
    "                        (scored as that record in `haltung score --jsonl`)\n"
    "  POST /v1/score/batch  JSON Lines in, JSON Lines out, in order, errors per line\n"
    "  GET  /v1/health, GET /v1/models, GET / (a page to paste an article into)\n"
    "\n"
    "  --listen HOST:PORT   address to bind (default 127.0.0.1:8080: loopback only)\n"
    "  --threads N          articles scored at once, one scorer each (default: the number\n"
    "                       of processors); each connection has its own thread\n"
    "  --max-body BYTES     largest request body (default 10485760); larger gets 413\n"
    "  --max-queue N        requests in flight at once (default 64); more get 503\n"
    "  --max-actors N       actors in one article (default 2000), --max-token N bytes of\n"
    "                       its longest token (default 65536), --max-paragraphs N its\n"
    "                       paragraphs (default 10000), --max-mentions N its actor\n"
    "                       mentions (default 20000): over any gets 422\n"
    "                       (in a batch, an error line); 0 turns a limit off\n"
    "  --tone-only          score tone only, as `haltung score --tone-only`: no actors\n";

/* ---- start and stop ---------------------------------------------------------------------- */

static int parse_listen(const char *spec, struct sockaddr_in *addr)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof host)
        return 0;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons((uint16_t)port);
    return *end == '\0' && port > 0 && port < 65536 &&
           inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &addr->sin_addr) == 1;
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
        if (ht_models_add_actors(sv->models, actors[i], &err) != HT_OK) {
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
        { "max-actors", required_argument, 0, 'C' }, { "max-token", required_argument, 0, 'K' },
        { "max-paragraphs", required_argument, 0, 'P' },
        { "model", required_argument, 0, 'm' },  /* not a prefix of --models: refused */
        { "max-mentions", required_argument, 0, 'N' },
        { "tone-only", no_argument, 0, 'O' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *listen = "127.0.0.1:8080", *models_dir = NULL, *actors[16];
    int nactors = 0, c;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    serve_ctx sv = { .max_body = 10u << 20, .max_inflight = 64,
                  .limits = HT_DEFAULT_LIMITS };
    sv.limits.max_bytes = 0;  /* --max-body plays its part */
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:j:h", longopts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'l': listen = optarg; break;
        case 'j': threads = strtol(optarg, &end, 10); if (*end || threads < 1 || threads > 256) threads = -1; break;
        case 'B': sv.max_body = (size_t)strtoull(optarg, &end, 10); if (*end || !sv.max_body) threads = -1; break;
        case 'M': models_dir = optarg; break;
        case 'm':
            cli_error("serve: there is no --model; --models DIR names the folder of the models");
            return 2;
        case 'A': if (nactors < 16) actors[nactors++] = optarg; break;
        case 'C': if (cli_size_arg(optarg, &sv.limits.max_actors) != 0) threads = -1; break;
        case 'K': if (cli_size_arg(optarg, &sv.limits.max_token) != 0) threads = -1; break;
        case 'P': if (cli_size_arg(optarg, &sv.limits.max_paragraphs) != 0) threads = -1; break;
        case 'N': if (cli_size_arg(optarg, &sv.limits.max_mentions) != 0) threads = -1; break;
        case 'Q': sv.max_inflight = (int)strtol(optarg, &end, 10); if (*end || sv.max_inflight < 1) threads = -1; break;
        case 'O': sv.tone_only = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return cli_usage_error("serve");
        }
    }
    struct sockaddr_in addr;
    if (threads < 1 || !parse_listen(listen, &addr)) {
        cli_error("serve: bad %s", threads < 1 ? "--threads, --max-body, --max-queue, "
                                                 "--max-actors, --max-token, --max-paragraphs or --max-mentions"
                                              : "--listen (HOST:PORT)");
        return 2;
    }
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
    if (setup(&sv, models_dir, actors, nactors, (int)threads)) {
        struct MHD_Daemon *d = MHD_start_daemon(
            MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
            NULL, NULL, serve_on_request, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
            MHD_OPTION_NOTIFY_COMPLETED, serve_on_done,
            &sv, MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
        if (!d) {
            cli_error("serve: cannot listen on %s: %s", listen, strerror(errno));
        } else {
            fprintf(stderr, "haltung: serving on http://%s/ with %ld threads\n", listen, threads);
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
    teardown(&sv);
    pthread_mutex_destroy(&sv.lock);
    pthread_cond_destroy(&sv.freed);
    return rc;
}
