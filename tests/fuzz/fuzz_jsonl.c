/* fuzz_jsonl.c: libFuzzer target for reading JSON Lines records
 * (training/jsonl.c), the reader behind train, eval, score --jsonl and the
 * JSON bodies of serve.
 *
 * Input: one byte of settings, then the stream. Its low four bits are the
 * fields required (HT_FIELD_*), the next two a line limit (none, 16, 64 or
 * 1024 bytes), and bit 6 puts about 64 KiB of blank lines before the stream
 * so that its lines cross the reader's block boundary.
 *
 * Checked besides the sanitizers: the reader ends (0) without a read error;
 * line numbers grow; a record has every required field, its text is
 * NUL-terminated at text_len, and a span lies inside the text and matches
 * its target; a bad record's message names the stream and the line. */
#include "tests/fuzz/fuzz.h"

#include "features/text.h"
#include "training/jsonl.h"

#define BLOCK 65536
#define PAD_LINE 61  /* 60 blanks and a newline */

static const size_t limits[4] = { 0, 16, 64, 1024 };

static void check_record(const ht_record *rec, unsigned required)
{
    if (required & (HT_FIELD_TEXT | HT_FIELD_SPAN))
        FUZZ_CHECK(rec->text != NULL);
    if (rec->text)
        FUZZ_CHECK(rec->text[rec->text_len] == '\0');
    if (required & HT_FIELD_LABEL)
        FUZZ_CHECK(rec->label != NULL);
    if (required & HT_FIELD_TOPIC)
        FUZZ_CHECK(rec->topic != NULL);
    if (!(required & HT_FIELD_SPAN))
        return;
    size_t cps = ht_utf8_count(rec->text, rec->text_len);
    FUZZ_CHECK(rec->start >= 0 && rec->start < rec->end && (size_t)rec->end <= cps);
    if (rec->target)
        FUZZ_CHECK(ht_utf8_count(rec->target, strlen(rec->target)) ==
                   (size_t)(rec->end - rec->start));
}

/* The stream: the input after its settings byte, after blank lines if asked. */
static char *stream_of(const uint8_t *data, size_t size, size_t *len)
{
    size_t pad = 0;
    if (data[0] & 0x40)
        pad = (BLOCK - PAD_LINE * 8 - (size > 1 ? data[1] % 64 : 0)) / PAD_LINE * PAD_LINE;
    char *s = malloc(pad + size);
    FUZZ_CHECK(s != NULL);
    for (size_t i = 0; i < pad; i++)
        s[i] = (i + 1) % PAD_LINE == 0 ? '\n' : ' ';
    memcpy(s + pad, data + 1, size - 1);
    *len = pad + size - 1;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned required = data[0] & 0x0f;
    size_t len, max = limits[(data[0] >> 4) & 3];
    char *s = stream_of(data, size, &len);
    FILE *f = fmemopen(s, len ? len : 1, "r");
    FUZZ_CHECK(f != NULL);
    if (len == 0)
        fgetc(f);  /* fmemopen refuses size 0: read its one byte away */
    ht_error err = { 0 };
    ht_jsonl_reader *r = ht_jsonl_from_stream(f, "fuzz", &err);
    FUZZ_CHECK(r != NULL);
    ht_jsonl_set_max_line(r, max);
    ht_record rec = { 0 };
    size_t last = 0, rawlen;
    int got;
    while ((got = ht_jsonl_next(r, &rec, required, &err)) != 0) {
        FUZZ_CHECK(got == 1 || got == -1);
        FUZZ_CHECK(ht_jsonl_line(r) > last && rec.line == ht_jsonl_line(r));
        last = ht_jsonl_line(r);
        FUZZ_CHECK(ht_jsonl_raw(r, &rawlen) != NULL);
        if (max)
            FUZZ_CHECK(rawlen <= max);
        if (got == 1)
            check_record(&rec, required);
        else
            FUZZ_CHECK(!strncmp(err.msg, "fuzz:", 5) && err.code != HT_OK);
    }
    ht_record_clear(&rec);
    ht_jsonl_close(r);
    fclose(f);
    free(s);
    return 0;
}
