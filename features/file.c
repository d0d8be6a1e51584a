/* file.c: opening files as every reader and writer of haltung wants them (see file.h). */
#define _GNU_SOURCE  /* O_TMPFILE */
#include "features/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int ht_file_join(char *buf, size_t cap, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return snprintf(buf, cap, "%.*s%s%s", (int)n, dir, dir[n - 1] == '/' ? "" : "/", name);
}

/* ---- outputs that appear only when complete ---------------------------------------- */

struct ht_outfile {
    FILE *f;
    char *path;
    char *tmp;      /* the temporary file's name, once it has one */
    int anonymous;  /* an O_TMPFILE, named only when committed */
    int in_place;   /* a device or a FIFO */
};

/* The folder path is in: "." for a bare name. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, slash ? path : ".", n);
        dir[n] = '\0';
    }
    return dir;
}

static char *temp_template(const char *path)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof ".tmp-XXXXXX");
    if (tmp) {
        memcpy(tmp, path, n);
        memcpy(tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    }
    return tmp;
}

/* An unnamed file in path's folder, or -1 where there can be none: no
 * O_TMPFILE, a file system without it, or no /proc to name it by later. */
static int open_anonymous(const char *path)
{
#ifdef O_TMPFILE
    char *dir = folder_of(path);
    int fd = dir ? open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600) : -1;
    free(dir);
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    if (fd >= 0 && access(self, F_OK) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
#else
    (void)path;
    return -1;
#endif
}

/* Gives the unnamed file a name beside path: a fresh name is taken from
 * mkstemp and freed again for linkat, which will not replace a file. */
static int name_anonymous(ht_outfile *o)
{
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fileno(o->f));
    for (int attempt = 0; attempt < 100; attempt++) {
        char *tmp = temp_template(o->path);
        int fd = tmp ? mkstemp(tmp) : -1;
        if (fd < 0) {
            int e = tmp ? errno : ENOMEM;
            free(tmp);
            return e;
        }
        close(fd);
        unlink(tmp);
        if (linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0) {
            o->tmp = tmp;
            return 0;
        }
        int e = errno;
        free(tmp);
        if (e != EEXIST)
            return e;
    }
    return EEXIST;
}

/* 0 when a file beside path, named as the temporary one will be, can be
 * created (the name is not too long, the folder writable), else the errno:
 * an unnamed file shows that only when it is given its name, after all the
 * work, so it is asked now. */
static int name_allowed(const char *path)
{
    char *tmp = temp_template(path);
    int fd = tmp ? mkstemp(tmp) : -1;
    int e = fd >= 0 ? 0 : tmp ? errno : ENOMEM;
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    free(tmp);
    return e;
}

ht_outfile *ht_outfile_open(const char *path, int *error)
{
    ht_outfile *o = calloc(1, sizeof *o);
    if (!o || !(o->path = malloc(strlen(path) + 1))) {
        free(o);
        *error = ENOMEM;
        return NULL;
    }
    strcpy(o->path, path);
    int fd = -1, e = 0;
    errno = 0;
    size_t n = strlen(path);
    if (n == 0 || path[n - 1] == '/') {
        errno = n ? EISDIR : ENOENT;
    } else if (ht_file_is_special(path)) {
        o->in_place = 1;
        fd = open(path, O_WRONLY | O_CLOEXEC);
    } else if ((e = name_allowed(path)) != 0) {
        errno = e;
    } else if ((fd = open_anonymous(path)) >= 0) {
        o->anonymous = 1;
    } else if ((o->tmp = temp_template(path)) != NULL) {
        fd = mkstemp(o->tmp);
    } else {
        errno = ENOMEM;
    }
    /* the mode a model or a feature file would get from fopen, whatever the temp file had */
    if (fd < 0 || (!o->in_place && fchmod(fd, 0644) != 0) || !(o->f = fdopen(fd, "w"))) {
        *error = errno ? errno : EIO;
        if (fd >= 0)
            close(fd);
        if (fd >= 0 && o->tmp)
            unlink(o->tmp);
        free(o->tmp);
        free(o->path);
        free(o);
        return NULL;
    }
    return o;
}

FILE *ht_outfile_stream(ht_outfile *o)
{
    return o->f;
}

/* Makes a rename durable; a failure here loses nothing written, so it is
 * not reported. */
static void sync_folder(const char *path)
{
    char *dir = folder_of(path);
    int fd = dir ? open(dir, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

static void outfile_free(ht_outfile *o)
{
    free(o->tmp);
    free(o->path);
    free(o);
}

int ht_outfile_commit(ht_outfile *o)
{
    int e = 0;
    errno = 0;
    if (fflush(o->f) != 0 || ferror(o->f) || (!o->in_place && fsync(fileno(o->f)) != 0))
        e = errno ? errno : EIO;
    if (!e && o->anonymous)
        e = name_anonymous(o);
    if (fclose(o->f) != 0 && !e)
        e = errno;
    if (!e && o->tmp && rename(o->tmp, o->path) != 0)
        e = errno;
    if (e && o->tmp)
        unlink(o->tmp);
    if (!e && !o->in_place)
        sync_folder(o->path);
    outfile_free(o);
    return e;
}

void ht_outfile_discard(ht_outfile *o)
{
    if (!o)
        return;
    fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    outfile_free(o);
}
