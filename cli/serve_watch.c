/* serve_watch.c: a deadline for a request's headers.
 *
 * libmicrohttpd closes a connection that sends nothing for its timeout, but
 * a client that sends a byte of its headers every few seconds is never idle:
 * it holds a connection and its thread for ever, and enough of them lock
 * every other client out (the body has its own deadline, --body-timeout, in
 * serve_http.c; the headers come before any callback of ours). The watch
 * notes when each connection began to wait for a request's headers, and a
 * thread of its own shuts down the socket of one still waiting after the
 * deadline; libmicrohttpd then closes it as a connection its peer dropped.
 * A socket is shut down only under the lock and only while its connection is
 * listed, and libmicrohttpd reports a connection closed before it closes the
 * socket, so a number the system has given to another socket is never shut. */
#include "cli/serve_watch.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

typedef struct watch_entry {
    struct watch_entry *prev, *next;
    int fd;
    struct timespec since;  /* when it began to wait for headers */
    int waiting;            /* for a request's headers */
    int shut;
} watch_entry;

struct serve_watch {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int stop;
    unsigned seconds;
    watch_entry *head;
};

static struct timespec now_mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t;
}

/* Milliseconds from a to b. */
static long long elapsed_ms(struct timespec a, struct timespec b)
{
    return (long long)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* Shuts the sockets whose deadline has passed: never before the full
 * --body-timeout, at most a quarter of a second after it. */
static void shut_late(serve_watch *w)
{
    struct timespec now = now_mono();
    for (watch_entry *e = w->head; e; e = e->next)
        if (e->waiting && !e->shut &&
            elapsed_ms(e->since, now) >= (long long)w->seconds * 1000) {
            shutdown(e->fd, SHUT_RDWR);
            e->shut = 1;
        }
}

static void *watch_main(void *arg)
{
    serve_watch *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        struct timespec until = now_mono();
        until.tv_nsec += 250000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&w->wake, &w->lock, &until);  /* on the monotonic clock */
        shut_late(w);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

serve_watch *serve_watch_new(unsigned seconds)
{
    serve_watch *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->seconds = seconds;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);  /* a clock set back moves no deadline */
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        free(w);
        return NULL;
    }
    return w;
}

void serve_watch_free(serve_watch *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    while (w->head) {  /* none are left once the daemon has stopped */
        watch_entry *e = w->head;
        w->head = e->next;
        free(e);
    }
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
}

void serve_watch_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                            enum MHD_ConnectionNotificationCode code)
{
    serve_watch *w = cls;
    if (!w)
        return;  /* no deadline */
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        watch_entry *e = info ? calloc(1, sizeof *e) : NULL;
        *socket_context = e;
        if (!e)
            return;  /* no deadline for this one; the idle timeout still holds */
        e->fd = info->connect_fd;
        e->since = now_mono();
        e->waiting = 1;
        pthread_mutex_lock(&w->lock);
        e->next = w->head;
        if (w->head)
            w->head->prev = e;
        w->head = e;
        pthread_mutex_unlock(&w->lock);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        watch_entry *e = *socket_context;
        pthread_mutex_lock(&w->lock);
        if (e->prev)
            e->prev->next = e->next;
        else
            w->head = e->next;
        if (e->next)
            e->next->prev = e->prev;
        pthread_mutex_unlock(&w->lock);
        free(e);
        *socket_context = NULL;
    }
}

static void set_waiting(serve_watch *w, struct MHD_Connection *c, int waiting)
{
    const union MHD_ConnectionInfo *info =
        w ? MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT) : NULL;
    watch_entry *e = info ? info->socket_context : NULL;
    if (!e)
        return;
    pthread_mutex_lock(&w->lock);
    e->waiting = waiting;
    e->since = now_mono();
    pthread_mutex_unlock(&w->lock);
}

void serve_watch_headers_in(serve_watch *w, struct MHD_Connection *c)
{
    set_waiting(w, c, 0);
}

void serve_watch_request_done(serve_watch *w, struct MHD_Connection *c)
{
    set_waiting(w, c, 1);
}
