/* file.c: opening files as every reader and writer of haltung wants them (see file.h). */
#include "features/file.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

FILE *ht_file_open_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

int ht_file_is_special(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int ht_file_read_all(FILE *f, size_t max, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if (max && (uintmax_t)st.st_size > max)
            return EFBIG;
        if ((uintmax_t)st.st_size < SIZE_MAX / 4)
            cap = (size_t)st.st_size + 2;  /* the file, a byte to find its end, the NUL */
    }
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            return ENOMEM;
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (ferror(f)) {
            int e = errno ? errno : EIO;
            free(buf);
            return e;
        }
        if (max && n > max) {
            free(buf);
            return EFBIG;
        }
        if (n < cap - 1)
            break;
        size_t next = cap <= SIZE_MAX / 2 ? cap * 2 : 0;
        if (max && next > max + 2)
            next = max + 2;  /* enough to see max + 1 bytes */
        char *bigger = next ? realloc(buf, next) : NULL;
        if (!bigger)
            free(buf);
        buf = bigger;
        cap = next;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
