/* cmd_score.c: `haltung score` scores articles from files or standard input.
 *
 * Plain text: each file (or all of standard input) is one article. JSON Lines
 * (--jsonl): one article per line, answered line by line in input order; a
 * bad line gets an error object and the others go on. With -j N, articles are
 * read in batches, scored on N threads, and written in input order, so the
 * output is the same as with one thread and memory stays bounded. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classifier/score.h"
#include "features/file.h"
#include "cli/cmd.h"
#include "cli/serve_page.h"
#include "training/jsonl.h"

static const char usage_text[] =
    "usage: haltung score [options] [FILE...]\n"
    "\n"
    "Scores German news articles: tone of the article and of each paragraph; the\n"
    "actors with their mentions, quotes, tonality and stance; the evidence.\n"
    "Reads the files given, or standard input ('-' or no file).\n"
    "\n"
    "      --jsonl           input is JSON Lines: {\"text\": ..., \"id\", \"title\", \"topic\"}\n"
    "  -f, --format FMT      json (default: one object per line), text (for people), or\n"
    "                        html (one self-contained report page for all the articles)\n"
    "  -j, --threads N       score on N threads (same output as one thread)\n"
    "      --tone-only       tone of the article and its paragraphs only: no actors, quotes,\n"
    "                        tonality or stance (their fields are null)\n"
    "      --topic TEXT      measure stance toward TEXT (default: headline and lead)\n"
    "      --stance-as-party  toward TEXT or a record's topic, read what a party the stance\n"
    "                        model knows says (or a person of one) as that party: its past\n"
    "                        Wahl-O-Mat answers weigh beside the words (default: words only)\n"
    "      --actors FILE     add actors from FILE (format of models/actors.json); repeatable\n"
    "      --models DIR      folder of the models (default: $HALTUNG_MODELS, models/ beside\n"
    "                        the program, or the installed share folder)\n"
    "      --progress        show articles, megabytes and rates on stderr as it goes (the\n"
    "                        default when stderr is a terminal and the output is not)\n"
    "  -q, --quiet           no progress\n"
    "\n"
    "Limits (an article over one gets an error object; 0 turns a limit off):\n"
    "      --max-bytes N     bytes of an article's text and title (default 268435456);\n"
    "                        with --jsonl a line may have twice as many bytes and 4 KiB,\n"
    "                        for its escapes\n"
    "      --max-actors N    actors found in one article (default 2000)\n"
    "      --max-token N     bytes of the longest token of an article (default 65536)\n"
    "      --max-paragraphs N  paragraphs of one article (default 10000)\n"
    "      --max-mentions N  actor mentions in one article (default 20000)\n";

#define MAX_ACTOR_FILES 16
#define BATCH_ITEMS 256
#define BATCH_BYTES (32u << 20)

/* What the run has done so far, shown on stderr (--progress). */
typedef struct progress {
    int on, tty;            /* tty: one line rewritten in place; else a line each time */
    int forced, quiet;      /* --progress, -q (which wins, in any order) */
    double start, last;     /* seconds, CLOCK_MONOTONIC */
    size_t articles, bytes;
    size_t shown;           /* the articles of the line last written */
} progress;

typedef struct score_opts {
    int jsonl, threads;
    progress *prog;  /* the options are fixed for the run; the counts are not */
    int html;  /* --format html: the JSON wrapped in a self-contained report page */
    int tone_only;
    int speakers;  /* --stance-as-party */
    ht_out_format fmt;
    const char *topic, *models_dir;
    const char *actor_files[MAX_ACTOR_FILES];
    int nactor_files;
    ht_limits limits;
} score_opts;

/* One article waiting to be scored, and then its rendered result. */
typedef struct item {
    char *id, *text, *title, *topic, *error;
    size_t len;
    const char *path;  /* a JSON Lines record's file and line, for its error message */
    size_t line;
    char *out;
    size_t out_len;
} item;

typedef struct batch {
    item *v;
    size_t n, bytes;
} batch;

static void item_free(item *it)
{
    free(it->id);
    free(it->text);
    free(it->title);
    free(it->topic);
    free(it->error);
    free(it->out);
    memset(it, 0, sizeof *it);
}

/* ---- progress ------------------------------------------------------------------------- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* "12,345": counts of millions of articles are read at a glance. */
static const char *grouped(size_t n, char *buf, size_t cap)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
    for (int i = 0; i < len && (size_t)o + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static void progress_show(progress *p, int final)
{
    double t = now(), secs = t - p->start;
    if (!p->on || (!final && t - p->last < (p->tty ? 0.5 : 10)))
        return;
    if (final && !p->tty && p->shown == p->articles && p->last > p->start)
        return;  /* a log has this line already */
    p->last = t;
    p->shown = p->articles;
    char n[40];
    double mb = p->bytes / 1e6, rate = secs > 0 ? 1 / secs : 0;
    /* on a terminal the line is rewritten in place, and kept at the end */
    const char *end = !p->tty ? "\n" : final ? "\033[K\n" : "\033[K";
    fprintf(stderr, "%shaltung: %s article%s, %.1f MB in %.1f s: %.0f articles/s, %.1f MB/s%s",
            p->tty ? "\r" : "", grouped(p->articles, n, sizeof n), p->articles == 1 ? "" : "s",
            mb, secs, p->articles * rate, mb * rate, end);
    fflush(stderr);
}

/* ---- scoring a batch ------------------------------------------------------------------ */

typedef struct worker {
    ht_scorer *scorer;
    const score_opts *opt;
    batch *b;
    size_t *next;
    pthread_mutex_t *lock;
} worker;

static void score_item(ht_scorer *sc, const score_opts *opt, item *it)
{
    const char *out;
    size_t len;
    ht_error err = { 0 };
    /* the text view is for people: a record without an id (or with an empty
     * one) is headed by its place */
    char where[PATH_MAX + 32];
    const char *heading = it->id;
    if ((!heading || !heading[strspn(heading, " \t")]) && it->path && opt->fmt == HT_OUT_TEXT &&
        !opt->html) {
        snprintf(where, sizeof where, "%s:%zu", it->path, it->line);
        heading = where;
    }
    if (!it->error) {
        ht_article a = { heading, it->text ? it->text : "", it->len, it->title,
                         opt->topic ? opt->topic : it->topic };  /* what was typed wins */
        if (ht_score_article(sc, &a, opt->fmt, &out, &len, &err) != HT_OK) {
            char msg[sizeof err.msg + 256];
            if (it->path)
                snprintf(msg, sizeof msg, "%s:%zu: %s", it->path, it->line, err.msg);
            it->error = strdup(it->path ? msg : err.msg);
        }
    }
    if (it->error)
        ht_score_error(sc, heading, it->error, opt->fmt, &out, &len);
    if (opt->html) {
        /* the page needs the text as given and the JSON: both still here */
        FILE *page = open_memstream(&it->out, &it->out_len);
        if (page && ht_html_article(page, it->error ? "" : it->text, it->error ? 0 : it->len,
                                    out, len) != 0)
            it->out_len = 0;
        if (page)
            fclose(page);
    } else if ((it->out = malloc(len + 1))) {
        memcpy(it->out, out, len);
        it->out_len = len;
    }
    free(it->text);  /* the text is done with; keep the batch's memory down */
    it->text = NULL;
}

static void *work(void *arg)
{
    worker *w = arg;
    for (;;) {
        pthread_mutex_lock(w->lock);
        size_t i = *w->next < w->b->n ? (*w->next)++ : SIZE_MAX;
        pthread_mutex_unlock(w->lock);
        if (i == SIZE_MAX)
            return NULL;
        score_item(w->scorer, w->opt, &w->b->v[i]);
    }
}

/* Scores and writes a batch; returns the number of records that got an error object. */
static long flush_batch(ht_scorer **scorers, const score_opts *opt, batch *b)
{
    size_t next = 0;
    pthread_mutex_t lock;
    pthread_mutex_init(&lock, NULL);
    worker w[64];
    pthread_t th[64];
    int started = 0, nt = opt->threads;
    for (int t = 0; t < nt; t++)
        w[t] = (worker){ scorers[t], opt, b, &next, &lock };
    for (int t = 1; t < nt && (size_t)t < b->n; t++)
        if (pthread_create(&th[started], NULL, work, &w[t]) == 0)
            started++;
    work(&w[0]);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&lock);
    long bad = 0;
    for (size_t i = 0; i < b->n; i++) {
        item *it = &b->v[i];
        if (it->out)
            fwrite(it->out, 1, it->out_len, stdout);
        else
            cli_error("out of memory for the result of %s", it->id ? it->id : "an article");
        bad += it->error != NULL || !it->out;
        item_free(it);
    }
    opt->prog->articles += b->n;
    opt->prog->bytes += b->bytes;
    b->n = 0;
    b->bytes = 0;
    fflush(stdout);
    progress_show(opt->prog, 0);
    return bad;
}

static item *batch_push(batch *b)
{
    if (!b->v && !(b->v = calloc(BATCH_ITEMS, sizeof *b->v)))
        return NULL;
    return &b->v[b->n++];
}

static int batch_full(const batch *b)
{
    return b->n == BATCH_ITEMS || b->bytes >= BATCH_BYTES;
}

/* ---- reading -------------------------------------------------------------------------- */

/* Reads f to its end, or to max + 1 bytes (max 0: no limit): a text over
 * the limit is refused without holding all of it. */
static char *read_all(FILE *f, size_t max, size_t *len, int *read_error)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    errno = 0;
    while (buf && (!max || n <= max)) {
        if (n == cap) {
            char *b = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
        size_t want = cap - n;
        if (max && want - 1 > max - n)  /* one byte past max tells it is over */
            want = max - n + 1;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got == 0)
            break;
    }
    *read_error = ferror(f) ? (errno ? errno : EIO) : 0;
    *len = n;
    return buf;
}

/* A plain-text input whose first line is a JSON object with "text" was
 * most likely meant for --jsonl: scored as one article all the same, but
 * said, as it would give one result for a whole corpus. */
static void warn_if_jsonl(const char *path, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i == len || text[i] != '{')
        return;
    const char *nl = memchr(text + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - text) : len;
    for (size_t k = i; k + 6 <= end; k++)
        if (!memcmp(text + k, "\"text\"", 6)) {
            cli_error("warning: %s looks like JSON Lines; it is scored as one plain-text "
                      "article (give --jsonl to score each line)", path);
            return;
        }
}

static int read_text_file(const char *path, const score_opts *opt, batch *b, int *failed)
{
    FILE *f = strcmp(path, "-") ? ht_file_open_read(path) : stdin;
    if (!f) {
        cli_error("%s: cannot open: %s", path, strerror(errno));
        *failed = 1;
        return 0;
    }
    size_t len = 0;
    int rerr = 0;
    size_t max = opt->limits.max_bytes;
    char *text = read_all(f, max, &len, &rerr);
    if (f != stdin)
        fclose(f);
    if (!text || rerr) {
        cli_error("%s: %s%s", path, !text ? "out of memory reading it" : "cannot read: ",
                  !text ? "" : strerror(rerr));
        free(text);
        *failed = 1;
        return 0;
    }
    item *it = batch_push(b);
    if (!it) {
        free(text);
        return 0;
    }
    it->id = strdup(path);
    warn_if_jsonl(path, text, len);
    if (max && len > max) {
        char msg[160];
        snprintf(msg, sizeof msg, "the article has more than %zu bytes, the limit (--max-bytes)",
                 max);
        it->error = strdup(msg);
        free(text);
        return 1;
    }
    it->text = text;
    it->len = len;
    b->bytes += len;
    return 1;
}

static char *steal(char **p)
{
    char *s = *p;
    *p = NULL;
    return s;
}

static int read_jsonl_file(const char *path, ht_scorer **scorers, const score_opts *opt,
                           batch *b, int *failed, long *bad)
{
    ht_error err = { 0 };
    ht_jsonl_reader *r = ht_jsonl_open(path, &err);
    if (!r) {
        cli_report(&err);
        *failed = 1;
        return 0;
    }
    size_t max = opt->limits.max_bytes;
    if (max)  /* escapes make a line longer than its text; 0 leaves lines unlimited */
        ht_jsonl_set_max_line(r, max > SIZE_MAX / 2 - 4096 ? SIZE_MAX : 2 * max + 4096);
    ht_record rec = { 0 };
    int got;
    if (!strcmp(path, "-"))
        path = "<stdin>";  /* as the reader names it in its own messages */
    while ((got = ht_jsonl_next(r, &rec, HT_FIELD_TEXT, &err)) != 0) {
        if (got == -2) {
            cli_report(&err);
            *failed = 1;
            break;
        }
        item *it = batch_push(b);
        if (!it)
            break;
        if (got == -1 && err.code == HT_ERR_LIMIT) {
            char msg[sizeof err.msg + 64];
            snprintf(msg, sizeof msg, "%s (twice --max-bytes and 4 KiB for escapes)", err.msg);
            it->error = strdup(msg);
            it->path = path;
            it->line = ht_jsonl_line(r);
        } else if (got == -1) {
            it->error = strdup(err.msg);
            it->id = steal(&rec.id);  /* when the line had an id before what was wrong */
            it->path = path;
            it->line = ht_jsonl_line(r);
        } else {
            it->id = steal(&rec.id);
            it->path = path;
            it->line = rec.line;
            it->len = rec.text_len;
            it->text = steal(&rec.text);
            it->title = steal(&rec.title);
            it->topic = steal(&rec.topic);
            b->bytes += it->len;
        }
        if (batch_full(b))
            *bad += flush_batch(scorers, opt, b);
        else if (b->n && ht_jsonl_would_wait(r)) {  /* a stream: what came goes out now */
            *bad += flush_batch(scorers, opt, b);
            fflush(stdout);
        }
        if (ferror(stdout))  /* a full disk: scoring on would write nothing */
            break;
    }
    ht_record_clear(&rec);
    ht_jsonl_close(r);
    return 1;
}

/* ---- options -------------------------------------------------------------------------- */

static int parse_opts(int argc, char **argv, score_opts *o)
{
    static const struct option longopts[] = {
        { "jsonl", no_argument, 0, 'J' }, { "format", required_argument, 0, 'f' },
        { "threads", required_argument, 0, 'j' }, { "topic", required_argument, 0, 'T' },
        { "actors", required_argument, 0, 'A' }, { "models", required_argument, 0, 'M' },
        { "max-bytes", required_argument, 0, 'B' }, { "max-actors", required_argument, 0, 'C' },
        { "max-token", required_argument, 0, 'K' }, { "tone-only", no_argument, 0, 'O' },
        { "max-paragraphs", required_argument, 0, 'P' },
        { "max-mentions", required_argument, 0, 'N' },
        { "model", required_argument, 0, 'm' },  /* not a prefix of --models: refused */
        { "progress", no_argument, 0, 'G' }, { "quiet", no_argument, 0, 'q' },
        { "stance-as-party", no_argument, 0, 'S' },
        { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'J': o->jsonl = 1; break;
        case 'G': o->prog->forced = 1; break;
        case 'q': o->prog->quiet = 1; break;
        case 'O': o->tone_only = 1; break;
        case 'S': o->speakers = 1; break;
        case 'f':
            if (!strcmp(optarg, "json")) o->fmt = HT_OUT_JSON;
            else if (!strcmp(optarg, "text")) o->fmt = HT_OUT_TEXT;
            else if (!strcmp(optarg, "html")) o->fmt = HT_OUT_JSON, o->html = 1;
            else { cli_error("score: --format must be json, text or html, not '%s'", optarg); return 2; }
            break;
        case 'j':
            o->threads = (int)strtol(optarg, &end, 10);
            if (*end || o->threads < 1 || o->threads > 64) {
                cli_error("score: -j must be 1..64, not '%s'", optarg);
                return 2;
            }
            break;
        case 'T':
            if (!optarg[strspn(optarg, " \t\r\n")]) {
                cli_error("score: --topic is empty; give the statement to measure stance toward");
                return 2;
            }
            o->topic = optarg;
            break;
        case 'A':
            if (o->nactor_files == MAX_ACTOR_FILES) {
                cli_error("score: at most %d --actors files", MAX_ACTOR_FILES);
                return 2;
            }
            o->actor_files[o->nactor_files++] = optarg;
            break;
        case 'M':
            if (!*optarg) {
                cli_error("score: --models DIR is an empty name");
                return 2;
            }
            o->models_dir = optarg;
            break;
        case 'm':
            cli_error("score: there is no --model; --models DIR names the folder of the models");
            return 2;
        case 'B': case 'C': case 'K': case 'P': case 'N': {
            size_t *limit = c == 'B' ? &o->limits.max_bytes
                          : c == 'C' ? &o->limits.max_actors
                          : c == 'K' ? &o->limits.max_token
                          : c == 'P' ? &o->limits.max_paragraphs : &o->limits.max_mentions;
            const char *name = c == 'B' ? "max-bytes" : c == 'C' ? "max-actors"
                             : c == 'K' ? "max-token" : c == 'P' ? "max-paragraphs"
                             : "max-mentions";
            if (cli_size_arg(optarg, limit) != 0) {
                cli_error("score: --%s must be a whole number (0: no limit), not '%s'", name,
                          optarg);
                return 2;
            }
            break;
        }
        case 'h': fputs(usage_text, stdout); return 0;
        default: return cli_usage_error("score");
        }
    }
    return -1;
}

static ht_models *load_models(const score_opts *o)
{
    char dir[PATH_MAX];
    ht_error err = { 0 };
    if (o->models_dir)
        snprintf(dir, sizeof dir, "%s", o->models_dir);
    else
        cli_models_dir(dir, sizeof dir);
    /* tone only needs tone.model only: a folder of one's own tone model will do */
    ht_models *m = o->tone_only ? ht_models_load_tone(dir, &err) : ht_models_load(dir, &err);
    for (int i = 0; m && i < o->nactor_files; i++)
        if (cli_add_actors(m, o->actor_files[i], &err) != HT_OK) {
            ht_models_free(m);
            m = NULL;
        }
    if (!m)
        cli_report(&err);
    return m;
}

int cmd_score(int argc, char **argv)
{
    /* progress by default only where a person watches it and the results go elsewhere */
    progress prog = { .tty = isatty(STDERR_FILENO) };
    score_opts o = { .threads = 1, .fmt = HT_OUT_JSON, .prog = &prog,
                     .limits = HT_DEFAULT_LIMITS };
    int rc = parse_opts(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (cli_stdin_once("score", argv + optind, argc - optind))
        return 2;
    if (o.tone_only && (o.nactor_files || o.topic || o.speakers)) {
        cli_error("warning: score: --tone-only finds no actors; %s%s%s%s%s not used",
                  o.nactor_files ? "--actors" : "",
                  o.nactor_files && (o.topic || o.speakers) ? ", " : "", o.topic ? "--topic" : "",
                  o.topic && o.speakers ? ", " : "", o.speakers ? "--stance-as-party" : "");
        o.nactor_files = 0;
    }
    prog.on = !prog.quiet && (prog.forced || (prog.tty && !isatty(STDOUT_FILENO)));
    ht_models *models = load_models(&o);
    if (!models)
        return 1;
    ht_scorer *scorers[64] = { 0 };
    ht_error err = { 0 };
    for (int t = 0; t < o.threads; t++) {
        if (!(scorers[t] = ht_scorer_new(models, &err))) {
            cli_report(&err);
            rc = 1;
        } else {
            ht_scorer_set_limits(scorers[t], &o.limits);
            ht_scorer_set_tone_only(scorers[t], o.tone_only);
            ht_scorer_set_speakers(scorers[t], o.speakers);
        }
    }
    prog.start = prog.last = now();  /* the rates are of scoring, not of loading the models */
    if (rc != 1 && o.html)
        ht_html_begin(stdout);  /* one page for the run, whatever the number of articles */
    batch b = { 0 };
    int failed = 0;
    long bad = 0;
    char *stdin_only[] = { "-" };
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    for (int i = 0; rc != 1 && i < nfiles && !ferror(stdout); i++) {
        if (o.jsonl)
            read_jsonl_file(files[i], scorers, &o, &b, &failed, &bad);
        else if (read_text_file(files[i], &o, &b, &failed) && batch_full(&b))
            bad += flush_batch(scorers, &o, &b);
    }
    if (rc != 1 && b.n && !ferror(stdout))
        bad += flush_batch(scorers, &o, &b);
    if (rc != 1 && o.html)
        ht_html_end(stdout);
    if (rc != 1)
        progress_show(&prog, 1);
    /* A bad record is answered with an error object and the run goes on; the
     * exit status is for what stopped part of the run (a file not read). */
    if (bad)
        cli_error("warning: %ld record%s could not be scored (see %s in the output)", bad,
                  bad == 1 ? "" : "s",
                  o.fmt == HT_OUT_TEXT && !o.html ? (bad == 1 ? "its \"error:\" line"
                                                              : "their \"error:\" lines")
                                                  : (bad == 1 ? "its \"error\" object"
                                                              : "their \"error\" objects"));
    free(b.v);
    for (int t = 0; t < o.threads; t++)
        ht_scorer_free(scorers[t]);
    ht_models_free(models);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("error writing the results: %s", strerror(errno));
        return 1;
    }
    return rc == 1 || failed ? 1 : 0;
}
