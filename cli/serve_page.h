/* serve_page.h: the HTML report: the page `haltung serve` answers GET / with,
 * and the file `haltung score --format html` writes. */
#ifndef HT_SERVE_PAGE_H
#define HT_SERVE_PAGE_H

#include <stddef.h>
#include <stdio.h>

extern const char ht_serve_page[];

/* Writes one self-contained HTML report for an article: its text (as given;
 * invalid bytes shown as U+FFFD) and its `haltung score` JSON. -1 on a
 * write error. */
int ht_html_report(FILE *f, const char *text, size_t text_len, const char *json, size_t json_len);

#endif
