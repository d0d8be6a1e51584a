/* serve_page.h: the HTML report: the page `haltung serve` answers GET / with,
 * and the file `haltung score --format html` writes. */
#ifndef HT_SERVE_PAGE_H
#define HT_SERVE_PAGE_H

#include <stddef.h>
#include <stdio.h>

extern const char ht_serve_page[];

/* The self-contained HTML report `score --format html` writes: one page for
 * the whole run, begun once, then each article's text (as given; invalid
 * bytes shown as U+FFFD) with its `haltung score` JSON (a result or an error
 * object), in order, then ended; a picker switches between the articles.
 * Each returns -1 on a write error. */
int ht_html_begin(FILE *f);
int ht_html_article(FILE *f, const char *text, size_t text_len, const char *json, size_t json_len);
int ht_html_end(FILE *f);

#endif
