/* portal.h: the public portal pages of every site — site home (latest, per column, most
 * read), column lists with cursor paging, article pages (Mongolian vertical, Chinese
 * horizontal, a switch between them), tag pages, Atom and JSON Feed 1.1 per site and per
 * column with conditional GET, and a WeChat-style plain export of an article. Reads only
 * through content.h, media.h and reads.h; owns no tables.
 *
 * Caching: rendered pages are kept in a page cache of this module keyed by URI, language
 * and content_generation() (bumped by the content core on every write), so a change shows
 * at once; cache.ttl bounds an entry's age (for writes made by another process). Pages for
 * signed-in users are never cached. The article handler runs on every request (a cache hit
 * only skips rendering) so that reads_record counts each view. */
#ifndef TALA_PORTAL_H
#define TALA_PORTAL_H

#include "base/strbuf.h"
#include "http/http.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Appends s[0..n) escaped for XML text and attribute values (& < > " ' and the control
 * characters XML 1.0 forbids, which are dropped). */
void portal_xml_escape(struct strbuf *out, const char *s, size_t n);

struct article;
struct article_text;
/* The article's text in lang ("zh"/"mn"), else in the other language; *got says which. */
const struct article_text *portal_text_in(const struct article *a, const char *lang,
                                          const char **got);

/* What a cached portal page carries beside its bytes (kept in the server's response cache,
 * src/http/cache.h, with the content generation). */
struct portal_cached {
	int64_t article_id, site_id; /* what an article page counts on a hit */
	int64_t last_modified_ms;    /* feeds */
};

/* ---- feeds (portal_feed.c) ---- */
struct site;
struct content_column;
struct article_page;
/* An article's cover image for a feed: absolute URL and type (url NULL: none). */
struct portal_cover {
	const char *url, *mime;
};
/* Renders the Atom feed (feed_json false) or JSON Feed 1.1 of page into rs, for base (the
 * absolute origin "http://host"), lang and site/column (column may be NULL); covers has one
 * entry per item of page (an Atom enclosure link, a JSON Feed "image"). */
void portal_feed_render(struct req *rq, struct resp *rs, bool feed_json, const char *base,
                        const struct site *s, const struct content_column *c,
                        const struct article_page *page, const struct portal_cover *covers,
                        const char *lang);

void portal_mount(struct router *r);

#endif
