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

#endif
