/* serve_http.h: how `haltung serve` answers one HTTP request.
 *
 * The state a server shares between its connections (models, the pool of
 * scorers, the limits, the count of requests in flight) and the two
 * libmicrohttpd callbacks that receive a request and answer it. cmd_serve.c
 * runs the daemon (options, listening socket, signals); the fuzz target
 * tests/fuzz/fuzz_serve.c runs the same callbacks in-process. */
#ifndef HT_SERVE_HTTP_H
#define HT_SERVE_HTTP_H

#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>

#include "classifier/score.h"
#include "features/error.h"

typedef struct serve_ctx {
    ht_models *models;    /* not owned */
    ht_scorer **scorers;  /* the pool */
    int *free_list;
    int nfree, nscorers;
    pthread_mutex_t lock;  /* the owner initialises and destroys lock and freed */
    pthread_cond_t freed;  /* a scorer came back */
    size_t max_body;
    ht_limits limits;  /* max_bytes follows --max-body */
    int inflight, max_inflight;  /* scoring requests being received or answered (under lock) */
    unsigned body_seconds;  /* a body must have arrived this long after its headers */
    size_t max_batch;       /* records in one /v1/score/batch body (0: no limit) */
    int tone_only;     /* --tone-only: every scorer scores tone only */
    int speakers;      /* --stance-as-party: statements read as their party's */
} serve_ctx;

/* Makes threads scorers over sv->models with sv->limits; 0 on failure (err
 * set; serve_pool_close frees what was made). */
int serve_pool_open(serve_ctx *sv, int threads, ht_error *err);
void serve_pool_close(serve_ctx *sv);

/* MHD_AccessHandlerCallback and MHD_RequestCompletedCallback; cls is the serve_ctx. */
enum MHD_Result serve_on_request(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload,
                                 size_t *upload_size, void **con_cls);
void serve_on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                   enum MHD_RequestTerminationCode code);

/* Requests being received or answered now. */
int serve_inflight(serve_ctx *sv);

#endif
