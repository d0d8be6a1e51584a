/* haltung.c: the command-line front end; one table dispatches to the subcommands. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classifier/actors.h"
#include "classifier/model.h"
#include "classifier/score.h"
#include "classifier/vectors.h"
#include "cli/cmd.h"
#include "features/file.h"

#ifndef HT_VERSION
#define HT_VERSION "0.1.0"
#endif
#ifndef HT_SHARE_DIR
#define HT_SHARE_DIR "/usr/local/share/haltung/models"
#endif

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "score", cmd_score, "score articles: tone, actors, quotes, tonality, stance" },
    { "train", cmd_train, "train a model on labelled JSON Lines" },
    { "eval", cmd_eval, "evaluate a model on labelled JSON Lines" },
    { "info", cmd_info, "show what is inside a model file" },
    { "features", cmd_features, "write the vectors train fits on, in LIBSVM format" },
    { "convert", cmd_convert, "turn a liblinear model trained elsewhere into a haltung model" },
    { "serve", cmd_serve, "answer scoring requests over HTTP (JSON API and a page)" },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: haltung COMMAND [OPTIONS] [FILE...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'haltung COMMAND --help' describes a command's options.\n");
}

/* Messages name files and quote input, which may hold terminal escapes:
 * control characters are shown as '?', as the text view shows them. */
void cli_error(const char *fmt, ...)
{
    char small[1024], *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (!msg)
        msg = small;  /* cut, rather than nothing */
    for (unsigned char *c = (unsigned char *)msg; *c; c++) {
        if (*c < 0x20 || *c == 0x7f)
            *c = '?';
        else if (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f)  /* U+0080..U+009F: C1 */
            c[0] = '?', c[1] = '?';
    }
    fprintf(stderr, "haltung: %s\n", n < 0 ? fmt : msg);
    if (msg != small)
        free(msg);
}

int cli_size_arg(const char *arg, size_t *out)
{
    if (!arg || *arg < '0' || *arg > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(arg, &end, 10);
    if (*end || errno == ERANGE || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

int cli_seed_arg(const char *arg, uint64_t *out)
{
    size_t v;
    if (cli_size_arg(arg, &v) != 0 || (uint64_t)v > INT64_MAX)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int cli_usage_error(const char *cmd)
{
    fprintf(stderr, "Try 'haltung help %s' for its options.\n", cmd);
    return 2;
}

int cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int cli_output_clobbers(const char *cmd, const char *output, const char *const *inputs, int n)
{
    for (int i = 0; i < n; i++)
        if (cli_same_file(output, inputs[i])) {
            cli_error("%s: %s is an input too; writing it would destroy it", cmd, output);
            return 1;
        }
    return 0;
}

int cli_stdin_once(const char *cmd, char *const *files, int n)
{
    int seen = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(files[i], "-") && seen++) {
            cli_error("%s: '-' (standard input) is given twice; it can be read once only", cmd);
            return cli_usage_error(cmd);
        }
    return 0;
}

void cli_report(const ht_error *err)
{
    cli_error("%s", err->msg[0] ? err->msg : ht_status_name(err->code));
}

ht_status cli_add_actors(struct ht_models *m, const char *path, ht_error *err)
{
    const char *first;
    ht_status st = ht_models_add_actors(m, path, err);
    size_t n = st == HT_OK && m->gazetteer ? ht_gazetteer_shared_forms(m->gazetteer, &first) : 0;
    if (n)  /* allowed (the later entry wins), but seldom meant */
        cli_error("warning: %s: %zu name%s or alias%s of another actor taken over (the entry "
                  "read last wins; docs/actors.md): %s%s", path, n, n == 1 ? "" : "s",
                  n == 1 ? "" : "es", first, n > 1 ? ", ..." : "");
    return st;
}

void cli_warn_record(void *ctx, const char *msg)
{
    long *count = ctx;
    if (++*count <= 20)
        cli_error("warning: %s", msg);
    else if (*count == 21)
        cli_error("warning: more bad records; only counts are reported from here on");
}

static int is_dir(const char *path)
{
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%s/actors.json", path);
    return access(probe, R_OK) == 0;
}

const char *cli_models_dir(char *buf, size_t cap)
{
    const char *env = getenv("HALTUNG_MODELS");
    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return buf;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, cap, "%s/models", exe);
            if (is_dir(buf))
                return buf;
            /* build/haltung and build-san/haltung sit one level below the checkout */
            snprintf(buf, cap, "%s/../models", exe);
            if (is_dir(buf))
                return buf;
            /* installed: PREFIX/bin/haltung and PREFIX/share/haltung/models */
            snprintf(buf, cap, "%s/../share/haltung/models", exe);
            if (is_dir(buf))
                return buf;
        }
    }
    snprintf(buf, cap, "%s", HT_SHARE_DIR);
    return buf;
}

const char *cli_model_path(const char *name, char *buf, size_t cap)
{
    char dir[PATH_MAX];
    ht_file_join(buf, cap, cli_models_dir(dir, sizeof dir), name);
    return buf;
}

ht_status cli_load_tone_helper(const ht_model *m, const char *model_path, ht_model **tone,
                               ht_error *err)
{
    char path[PATH_MAX];
    return cli_load_tone_helper_at(m, model_path, tone, path, sizeof path, err);
}

ht_status cli_load_tone_helper_at(const ht_model *m, const char *model_path, ht_model **tone,
                                  char *path, size_t cap, ht_error *err)
{
    char name[256];
    *tone = NULL;
    if (cap)
        path[0] = '\0';
    if (m->task != HT_TASK_ACTOR || !ht_actor_helper_name(m, name, sizeof name))
        return HT_OK;
    const char *slash = strrchr(model_path, '/');
    int dir = slash ? (int)(slash - model_path) : 1;
    snprintf(path, cap, "%.*s/%s", dir, slash ? model_path : ".", name);
    if (access(path, F_OK) != 0 && strcmp(name, "tone.model")) {  /* where score looks */
        snprintf(path, cap, "%.*s/tone.model", dir, slash ? model_path : ".");
        if (access(path, F_OK) == 0)
            snprintf(name, sizeof name, "tone.model");
        else
            snprintf(path, cap, "%.*s/%s", dir, slash ? model_path : ".", name);
    }
    if (!(*tone = ht_model_load(path, err))) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        return ht_error_set(err, err->code, "%s reads the tone model %s as its helper, which must "
                            "sit beside it: %s", model_path, name, why);
    }
    if (ht_actor_helper_check(m, *tone, path, err) != HT_OK) {
        ht_model_free(*tone);
        *tone = NULL;
        return err->code;
    }
    return HT_OK;
}

/* A command's exit status, made 1 if its output could not all be written (a
 * full disk, /dev/full) and it did not say so itself. */
static int finish(int rc)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
        cli_error("cannot write the output: %s", strerror(errno));
        return 1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (!strcmp(name, "help") && argc > 2)  /* haltung help CMD: CMD --help */
        return main(3, (char *[]){ argv[0], argv[2], "--help", NULL });
    if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
        usage(stdout);
        return finish(0);
    }
    if (!strcmp(name, "--version") || !strcmp(name, "version")) {
        printf("haltung %s\n", HT_VERSION);
        return finish(0);
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(name, commands[i].name)) {
            /* getopt names argv[0] in its messages: "haltung score: unrecognized option" */
            char prog[32];
            snprintf(prog, sizeof prog, "haltung %s", name);
            argv[1] = prog;
            return finish(commands[i].run(argc - 1, argv + 1));
        }
    cli_error("'%s' is not a command", name);
    fputs("Try 'haltung help' for the commands.\n", stderr);
    return 2;
}
