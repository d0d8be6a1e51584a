/* file.h: opening files as every reader and writer of haltung wants them.
 *
 * fopen() opens a folder for reading on Linux and fails only at the first
 * read, with a message that names no cause a user would look for; and a file
 * renamed over a device or a FIFO replaces it. These two say what a path is
 * before anything is read or written. */
#ifndef HT_FILE_H
#define HT_FILE_H

#include <stdio.h>

/* fopen(path, "rb"), but a folder is refused: NULL with errno EISDIR. */
FILE *ht_file_open_read(const char *path);
/* Whether path exists and is neither a regular file nor a folder (a device
 * such as /dev/null, a FIFO): such an output is written in place, never
 * replaced by a temporary file renamed over it. */
int ht_file_is_special(const char *path);
/* Reads all of f into *out (malloc'd, a NUL after its *len bytes). A
 * regular file's size is a hint only: a file that grows, a pipe or a device
 * is read to its end, or until it holds more than max bytes (0: no limit),
 * so that /dev/zero given as a model ends in an error, not in all memory.
 * Returns 0, EFBIG over max, ENOMEM, or the read error's errno. */
int ht_file_read_all(FILE *f, size_t max, char **out, size_t *len);

/* dir/name into buf (cap bytes), with one slash between them however many
 * dir ends in ("models/" and "models" give "models/tone.model"). Returns
 * the length snprintf would have written, so >= cap means cut. */
int ht_file_join(char *buf, size_t cap, const char *dir, const char *name);

/* An output file that appears at its path only when it is complete, so that
 * a crash, a full disk or a Ctrl-C never leaves half a model or half a
 * feature file where the old one was. Written first to a file without a
 * name (Linux's O_TMPFILE: a killed process leaves nothing behind), or,
 * where the file system has none, to PATH.tmp-XXXXXX beside it; a device
 * or a FIFO is written in place. */
typedef struct ht_outfile ht_outfile;

/* NULL with *error set to an errno value when path cannot be written. */
ht_outfile *ht_outfile_open(const char *path, int *error);
FILE *ht_outfile_stream(ht_outfile *o);
/* Flushes to the disk and puts the file at its path, replacing what was
 * there; frees o. Returns 0 or an errno value (the old file stays then). */
int ht_outfile_commit(ht_outfile *o);
/* Drops what was written (the old file stays); frees o. NULL is fine. */
void ht_outfile_discard(ht_outfile *o);

#endif
