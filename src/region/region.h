/* region.h: Inner Mongolia's administrative tree (GB/T 2260 codes: region, leagues,
 * county-level units, townships, villages) with Chinese, Mongolian and pinyin names. */
#ifndef TALA_REGION_H
#define TALA_REGION_H

#include "base/arena.h"
#include "http/http.h"
#include "store/store.h"

#include <stddef.h>

struct region {
	const char *code;
	const char *level;  /* province, league, county, township, village */
	const char *parent; /* NULL for the province */
	const char *name_zh;
	const char *name_mn; /* NULL where no Mongolian name is recorded */
};

struct region_list {
	struct region *items;
	size_t n;
	size_t total;     /* matches overall (for the list envelope) */
	const char *next; /* cursor for the next page, or NULL */
};

/* Imports the embedded division table and Mongolian names (replacing what is there).
 * Runs through the writer; *count gets the number of regions. */
int region_import(struct store *s, int *count, char *err, size_t errlen);

/* Returns OK and fills *out (strings in the arena), or ERR when the code is unknown. */
int region_get(struct store *s, struct arena *a, const char *code, struct region *out);
/* Ancestors of code from the province down (excluding code itself). */
int region_parents(struct store *s, struct arena *a, const char *code, struct region_list *out);
/* Children of parent, ordered by code, at most limit after the cursor `after` (may be NULL). */
int region_children(struct store *s, struct arena *a, const char *parent, const char *after,
                    int limit, struct region_list *out);
/* Regions whose Chinese or Mongolian name contains q, or whose pinyin (full or initials)
 * starts with q; province/league/county first. */
int region_search(struct store *s, struct arena *a, const char *q, const char *after, int limit,
                  struct region_list *out);
/* Returns whether code names a region (for validating references). */
bool region_exists(struct store *s, const char *code);

/* Registers the region pages and API. */
void region_mount(struct router *r);

/* region_view.c */
void region_view_page(struct req *rq, struct resp *rs, const struct region *r,
                      const struct region_list *parents, const struct region_list *children);
void region_view_search(struct req *rq, struct resp *rs, const char *q,
                        const struct region_list *found);
const char *region_display_name(struct req *rq, const struct region *r);

#endif
