/* cmd.h: the subcommands of the haltung command line and what they share.
 *
 * Each subcommand lives in its own cmd_NAME.c and is listed once in the
 * dispatch table in haltung.c. Subcommands return the process exit status:
 * 0 success, 1 the work failed (bad input, unreadable file), 2 bad usage. */
#ifndef HT_CMD_H
#define HT_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "features/error.h"

int cmd_score(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_convert(int argc, char **argv);

/* Whether a and b name one file (under any path); 0 when either cannot be
 * looked at. */
int cli_same_file(const char *a, const char *b);

/* Prints "haltung: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Bad usage of command CMD, already named on stderr (by getopt or
 * cli_error): points to its help instead of dumping the whole of it, and
 * returns the exit status 2. */
int cli_usage_error(const char *cmd);
/* Whether writing output would overwrite one of the n inputs (the same file
 * by device and inode, whatever the paths say; NULL inputs are skipped):
 * if so, says so on stderr and returns 1. */
int cli_output_clobbers(const char *cmd, const char *output, const char *const *inputs, int n);
/* Standard input ("-") named more than once among the n files: it can be read
 * once only (the second time it is empty), so that is bad usage; says so and
 * returns 2, else 0. */
int cli_stdin_once(const char *cmd, char *const *files, int n);
/* Prints an ht_error carried up from the library. */
void cli_report(const ht_error *err);
/* Parses a whole decimal number (no sign, no junk, no overflow) into *out;
 * 0 if it is one, -1 if not. */
int cli_size_arg(const char *arg, size_t *out);
/* A seed: a whole number 0..2^63-1 (JSON keeps it exact); 0, or -1 if arg is not one. */
int cli_seed_arg(const char *arg, uint64_t *out);
struct ht_models;
/* ht_models_add_actors, and a warning on stderr when the file takes names or
 * aliases from actors read before it. */
ht_status cli_add_actors(struct ht_models *m, const char *path, ht_error *err);
/* Warning callback for reading labelled records (train, features): the
 * first 20 bad records are named on stderr, later ones only counted.
 * ctx is a long counter. */
void cli_warn_record(void *ctx, const char *msg);

/* The folder of the shipped models: $HALTUNG_MODELS, else models/ beside the
 * executable or one level up (build/haltung in a checkout), else
 * ../share/haltung/models from the executable (an install under any PREFIX),
 * else the share folder compiled in. Writes it into buf. */
const char *cli_models_dir(char *buf, size_t cap);
/* buf = models dir + "/" + name. */
const char *cli_model_path(const char *name, char *buf, size_t cap);

struct ht_model;
/* An actor model trained with a tone helper names it in its info
 * ("tone_model"); the helper is loaded from the actor model's folder.
 * *tone is NULL when the model needs none. */
ht_status cli_load_tone_helper(const struct ht_model *m, const char *model_path,
                               struct ht_model **tone, ht_error *err);
/* The same, and the helper's path in path (empty when the model needs none). */
ht_status cli_load_tone_helper_at(const struct ht_model *m, const char *model_path,
                                  struct ht_model **tone, char *path, size_t cap, ht_error *err);

#endif
