/* search.h: full-text search over the articles' language versions. The FTS5 table
 * article_search (db/migrations/0006_search.sql, tokenizer `tala`) holds one row per
 * article_texts row — rowid = article_id * 2 + (lang = 'mn') — with the title, summary and
 * the body's plain text; triggers on article_texts keep it in sync, so every writer indexes
 * without calling this module. Queries in any encoding (Unicode, mis-encoded or Menksoft
 * Mongolian, Latin transliteration, Chinese, pinyin) go through the same analyzer in query
 * mode; hits are ranked by bm25 (title 10 > summary 4 > body 1), filtered to published
 * articles placed (not hidden) on a site of a subtree, a column, a language and a date
 * range, and come with highlighted, HTML-escaped snippets and a cursor for the next page. */
#ifndef TALA_SEARCH_H
#define TALA_SEARCH_H

#include "base/arena.h"
#include "http/http.h"
#include "store/store.h"

#include <stdint.h>

#define SEARCH_QUERY_MAX_CHARS 200
#define SEARCH_PAGE_DEFAULT    20
#define SEARCH_PAGE_MAX        100

/* Connection setup every store connection needs for search (store_options.conn_init):
 * registers the FTS5 tokenizer `tala` and the SQL function tala_search_text(text, is_html)
 * the triggers index with. Returns OK or ERR. */
int search_conn_init(sqlite3 *db);
/* The same for every connection the process opens from now on (sqlite3_auto_extension;
 * calling it again is harmless): for tests and tools that open connections themselves. */
void search_conn_init_all(void);

/* Appends the searchable plain text of s: when is_html, tags removed (block tags become a
 * space) and character references decoded; always without the control characters the
 * snippet markers use (U+0001..U+0003). */
void search_plain_text(const char *s, size_t n, bool is_html, struct strbuf *out);

/* Appends q as an FTS5 MATCH expression: each whitespace-separated piece a quoted string
 * (so no FTS5 syntax in q is interpreted); the tokenizer analyses each piece. */
void search_match_expr(const char *q, struct strbuf *out);

struct search_query {
	const char *q;      /* the user's text */
	int64_t site_id;    /* 0: every site; else that site and the sites below it */
	int64_t column_id;  /* 0: any column */
	const char *lang;   /* "zh", "mn" or NULL for both */
	int64_t from_ms;    /* published at or after (0: unbounded) */
	int64_t to_ms;      /* published before (0: unbounded) */
	const char *cursor; /* from a previous page's next, or NULL */
	int limit;          /* 1..SEARCH_PAGE_MAX */
};

struct search_hit {
	int64_t article_id;
	const char *lang;         /* "zh" or "mn" */
	const char *title;        /* plain text */
	const char *title_html;   /* escaped, matches in <mark>…</mark> */
	const char *snippet_html; /* escaped, matches in <mark>…</mark>, cuts as "…" */
	int64_t site_id, column_id, published_at; /* the article's home site */
	const char *url; /* the article page on its home site, in the hit's language */
	double rank;     /* bm25: lower is better */
};

struct search_result {
	struct search_hit *items; /* arena */
	size_t n;
	int64_t total;
	const char *next; /* cursor of the next page, or NULL */
};

/* Runs q; fills res (arena-owned). Returns OK, or ERR for a malformed cursor (400) and -2
 * for a store error. */
int search_run(struct store *s, struct arena *a, const struct search_query *q,
               struct search_result *res);

/* Turns text with \x01/\x02 around matches and \x03 for a cut into escaped HTML with
 * <mark>…</mark> and "…"; appended to out. */
void search_marked_html(const char *s, size_t n, struct strbuf *out);

void search_mount(struct router *r);

/* search_view.c: the /search page. */
void search_view_page(struct req *rq, struct resp *rs, const struct search_query *q,
                      const struct search_result *res, const char *error_key);

#endif
