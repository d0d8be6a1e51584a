/* jsonl.h: reading labelled and unlabelled JSON Lines records.
 *
 * One JSON object per line. A record that is not valid JSON, not an object,
 * lacks a required field or has one of the wrong type is reported with the
 * file name and line number, and the reader goes on with the next line: one
 * bad record never loses the others. Lines may be of any length. */
#ifndef HT_JSONL_H
#define HT_JSONL_H

#include <stddef.h>
#include <stdio.h>

#include "features/error.h"

/* Fields a caller requires; the reader checks presence and type. */
enum {
    HT_FIELD_TEXT = 1 << 0,   /* "text": string */
    HT_FIELD_LABEL = 1 << 1,  /* "label": string */
    HT_FIELD_SPAN = 1 << 2,   /* "start", "end": integers, code points into text,
                                 0 <= start < end <= length of text; if "target"
                                 is present it must equal text[start:end] */
    HT_FIELD_TOPIC = 1 << 3   /* "topic": string */
};

typedef struct ht_record {
    char *id;          /* "id" if a string or integer (as text), else NULL */
    char *text;        /* UTF-8 as JSON gave it; may contain NUL bytes (\u0000) */
    size_t text_len;   /* bytes in text */
    char *label;       /* NULL if absent */
    char *title;       /* NULL if absent */
    char *topic;       /* NULL if absent */
    char *actor;       /* NULL if absent */
    char *target;      /* NULL if absent */
    long start, end;   /* -1 if absent */
    size_t line;       /* 1-based line number in its file */
} ht_record;

typedef struct ht_jsonl_reader ht_jsonl_reader;

/* path "-" reads standard input. NULL (err set) if the file cannot be opened. */
ht_jsonl_reader *ht_jsonl_open(const char *path, ht_error *err);
/* Reads from an open stream (not closed by ht_jsonl_close); name is for messages. */
ht_jsonl_reader *ht_jsonl_from_stream(FILE *f, const char *name, ht_error *err);
void ht_jsonl_close(ht_jsonl_reader *r);
/* Lines longer than max bytes (0: no limit, the default) are not kept: they
 * are read to their end and answered as bad records (-1, HT_ERR_LIMIT). */
void ht_jsonl_set_max_line(ht_jsonl_reader *r, size_t max);

/* Reads the next non-blank line into rec (cleared first).
 * Returns 1 for a record, 0 at end of input, -1 for a bad record (err says
 * "FILE:LINE: what is wrong"; call again for the next one), -2 for a read
 * error that ends the file (err set). */
int ht_jsonl_next(ht_jsonl_reader *r, ht_record *rec, unsigned required, ht_error *err);
/* Line number of the last line read. */
size_t ht_jsonl_line(const ht_jsonl_reader *r);
/* Whether reading the next record would wait for input: the reader is on a
 * pipe or terminal and has nothing left of what came. A caller that holds
 * results back (a batch) hands them on first. */
int ht_jsonl_would_wait(const ht_jsonl_reader *r);
/* The raw text of the last line read (without newline), valid until the next call. */
const char *ht_jsonl_raw(const ht_jsonl_reader *r, size_t *len);

void ht_record_clear(ht_record *rec);

#endif
