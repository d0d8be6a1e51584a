/* serve_watch.h: a deadline for the headers of each request `haltung serve`
 * receives (see serve_watch.c). */
#ifndef HT_SERVE_WATCH_H
#define HT_SERVE_WATCH_H

#include <microhttpd.h>

typedef struct serve_watch serve_watch;

/* A watch that gives each request's headers seconds to arrive (> 0), with
 * its thread started; NULL when out of memory or threads. */
serve_watch *serve_watch_new(unsigned seconds);
/* Stops the thread and frees the watch; call after MHD_stop_daemon. NULL is fine. */
void serve_watch_free(serve_watch *w);

/* MHD_NotifyConnectionCallback (cls is the watch, or NULL for none): a
 * connection begins to wait for headers when it opens, and is forgotten when
 * it closes. */
void serve_watch_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                            enum MHD_ConnectionNotificationCode code);
/* A request's headers are in (the access handler's first call). */
void serve_watch_headers_in(serve_watch *w, struct MHD_Connection *c);
/* A request was answered: the connection waits for the next one's headers. */
void serve_watch_request_done(serve_watch *w, struct MHD_Connection *c);

#endif
