/* serve_page.h: the page `haltung serve` answers GET / with. */
#ifndef HT_SERVE_PAGE_H
#define HT_SERVE_PAGE_H

extern const char ht_serve_page[];

#endif
