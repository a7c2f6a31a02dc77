/* search_db.c: the SQL of search — the connection setup (tokenizer and the plain-text
 * function the index triggers use), the query with its filters, ranking and cursor, and
 * the snippets. Owns article_search; reads the content module's articles, placements and
 * sites for the filters (published, not hidden, site subtree). */
#include "search/search.h"
#include "base/common.h"
#include "base/log.h"
#include "html/html.h"
#include "text/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plain text ---- */

static bool inline_tag(const char *name, size_t n)
{
	static const char *const tags[] = {"a",     "b",   "i",   "u",    "em",   "strong", "span",
	                                   "small", "sub", "sup", "mark", "code", "abbr",   "s"};
	for (size_t i = 0; i < ARRAY_LEN(tags); i++)
		if (strlen(tags[i]) == n && strncasecmp(tags[i], name, n) == 0)
			return true;
	return false;
}

/* Decodes the character reference at s[0..n) (s[0] == '&'); returns its length, 0 if none. */
static size_t char_ref(const char *s, size_t n, struct strbuf *out)
{
	static const struct {
		const char *name, *text;
	} named[] = {{"lt;", "<"},    {"gt;", ">"},   {"amp;", "&"},
	             {"quot;", "\""}, {"apos;", "'"}, {"nbsp;", " "}};
	for (size_t i = 0; i < ARRAY_LEN(named); i++) {
		size_t k = strlen(named[i].name);
		if (n > k && memcmp(s + 1, named[i].name, k) == 0) {
			strbuf_puts(out, named[i].text);
			return k + 1;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	bool hex = s[2] == 'x' || s[2] == 'X';
	size_t i = hex ? 3 : 2;
	uint32_t cp = 0;
	size_t digits = 0;
	for (; i < n && i < 12; i++, digits++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'                        ? c - '0'
		        : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
		                                                    : -1;
		if (d < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (!digits || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 4) /* the snippet markers */
		cp = ' ';
	char u[4];
	size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	if (k == 1)
		u[0] = (char)cp;
	else {
		for (size_t j = k - 1; j > 0; j--, cp >>= 6)
			u[j] = (char)(0x80 | (cp & 0x3F));
		u[0] = (char)((k == 2 ? 0xC0 : k == 3 ? 0xE0 : 0xF0) | cp);
	}
	strbuf_append(out, u, k);
	return i + 1;
}

void search_plain_text(const char *s, size_t n, bool is_html, struct strbuf *out)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 1 && c <= 3) {
			strbuf_putc(out, ' ');
			i++;
		} else if (is_html && c == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			if (!gt) { /* not a tag: the rest is text */
				strbuf_putc(out, '<');
				i++;
				continue;
			}
			size_t j = i + 1 + (i + 1 < n && s[i + 1] == '/');
			size_t k = j;
			while (k < (size_t)(gt - s) && ((s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'))
				k++;
			if (!inline_tag(s + j, k - j))
				strbuf_putc(out, ' ');
			i = (size_t)(gt - s) + 1;
		} else if (is_html && c == '&') {
			size_t k = char_ref(s + i, n - i, out);
			if (!k)
				strbuf_putc(out, '&');
			i += k ? k : 1;
		} else {
			size_t j = i + 1;
			while (j < n && (unsigned char)s[j] > 3 &&
			       (!is_html || (s[j] != '<' && s[j] != '&')))
				j++;
			strbuf_append(out, s + i, j - i);
			i = j;
		}
	}
}

static void plain_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	struct strbuf out;
	strbuf_init(&out);
	if (s)
		search_plain_text(s, (size_t)n, sqlite3_value_int(argv[1]) != 0, &out);
	sqlite3_result_text(ctx, out.data ? out.data : "", (int)out.len, SQLITE_TRANSIENT);
	strbuf_free(&out);
}

int search_conn_init(sqlite3 *db)
{
	if (text_fts5_register(db) != OK)
		return ERR;
	return sqlite3_create_function_v2(db, "tala_search_text", 2,
	                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	                                  NULL, plain_fn, NULL, NULL, NULL) == SQLITE_OK
	           ? OK
	           : ERR;
}

static int auto_init(sqlite3 *db, char **msg, const struct sqlite3_api_routines *api)
{
	(void)msg;
	(void)api;
	return search_conn_init(db) == OK ? SQLITE_OK : SQLITE_ERROR;
}

void search_conn_init_all(void)
{
	sqlite3_auto_extension((void (*)(void))auto_init);
}

/* ---- queries ---- */

void search_match_expr(const char *q, struct strbuf *out)
{
	const char *p = q;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
			e++;
		if (out->len)
			strbuf_putc(out, ' ');
		strbuf_putc(out, '"');
		for (const char *c = p; c < e; c++) {
			if (*c == '"')
				strbuf_putc(out, '"');
			strbuf_putc(out, *c);
		}
		strbuf_putc(out, '"');
		p = e;
	}
}

void search_marked_html(const char *s, size_t n, struct strbuf *out)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && (unsigned char)s[j] > 3)
			j++;
		html_escape(out, s + i, j - i);
		if (j < n) {
			static const char *const tags[] = {"", "<mark>", "</mark>", "…"};
			strbuf_puts(out, s[j] ? tags[(unsigned char)s[j]] : " ");
			j++;
		}
		i = j;
	}
}

/* A cursor: the last hit's rank (its IEEE bits in hex) and rowid, "r<16 hex>.<rowid>". */
static void cursor_write(struct arena *a, double rank, int64_t rowid, const char **out)
{
	uint64_t bits;
	memcpy(&bits, &rank, sizeof bits);
	*out = arena_printf(a, "r%016" PRIx64 ".%" PRId64, bits, rowid);
}

static int cursor_read(const char *c, double *rank, int64_t *rowid)
{
	if (!c || c[0] != 'r' || strlen(c) < 19 || strlen(c) > 40 || c[17] != '.')
		return ERR;
	char *end;
	char hex[17];
	memcpy(hex, c + 1, 16);
	hex[16] = '\0';
	uint64_t bits = strtoull(hex, &end, 16);
	if (*end)
		return ERR;
	long long id = strtoll(c + 18, &end, 10);
	if (*end || id < 0 || c[18] < '0' || c[18] > '9')
		return ERR;
	memcpy(rank, &bits, sizeof *rank);
	*rowid = id;
	return *rank == *rank ? OK : ERR; /* not NaN */
}

static const char hits_sql[] =
    "WITH RECURSIVE sub(id) AS ("
    "  SELECT ?1 WHERE ?1 <> 0 UNION SELECT s.id FROM sites s JOIN sub ON s.parent_id = sub.id),"
    " hits AS MATERIALIZED ("
    "  SELECT f.rowid AS rid, bm25(article_search, 10.0, 4.0, 1.0) AS rank"
    "  FROM article_search f JOIN articles a ON a.id = f.rowid >> 1"
    "  WHERE article_search MATCH ?2 AND a.status = 'published'"
    "   AND (?3 < 0 OR (f.rowid & 1) = ?3) AND (?4 = 0 OR a.column_id = ?4)"
    "   AND (?5 = 0 OR a.published_at >= ?5) AND (?6 = 0 OR a.published_at < ?6)"
    "   AND EXISTS (SELECT 1 FROM placements p WHERE p.article_id = a.id AND p.hidden = 0"
    "               AND (?1 = 0 OR p.site_id IN sub)))"
    " SELECT p.rid, p.rank, c.n FROM (SELECT count(*) AS n FROM hits) c LEFT JOIN ("
    "  SELECT rid, rank FROM hits WHERE ?7 = 0 OR rank > ?8 OR (rank = ?8 AND rid > ?9)"
    "  ORDER BY rank, rid LIMIT ?10) p"
    " ORDER BY p.rank, p.rid";

static const char hit_sql[] = "SELECT f.title, highlight(article_search, 0, char(1), char(2)),"
                              " snippet(article_search, 2, char(1), char(2), char(3), 24),"
                              " snippet(article_search, 1, char(1), char(2), char(3), 24),"
                              " a.site_id, a.column_id, COALESCE(a.published_at, 0), s.slug"
                              " FROM article_search f JOIN articles a ON a.id = f.rowid >> 1"
                              " JOIN sites s ON s.id = a.site_id"
                              " WHERE article_search MATCH ?1 AND f.rowid = ?2";

static char *marked(struct arena *a, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	struct strbuf b;
	strbuf_init(&b);
	search_marked_html(s ? s : "", s ? (size_t)sqlite3_column_bytes(st, col) : 0, &b);
	char *r = arena_strndup(a, b.data ? b.data : "", b.len);
	strbuf_free(&b);
	return r;
}

/* Fills h's texts and article fields from the index row h->rowid. */
static int hit_fill(struct store *s, struct arena *a, const char *match, int64_t rowid,
                    struct search_hit *h)
{
	sqlite3_stmt *st = store_stmt(s, hit_sql);
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rowid);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(st, 0);
		h->title = arena_strdup(a, title ? title : "");
		h->title_html = marked(a, st, 1);
		/* the body's passage when the body matches, else the summary's */
		const char *body = (const char *)sqlite3_column_text(st, 2);
		const char *summary = (const char *)sqlite3_column_text(st, 3);
		bool body_hit = body && strchr(body, 1);
		bool summary_hit = summary && strchr(summary, 1);
		h->snippet_html =
		    marked(a, st, !body_hit && (summary_hit || !body || !*body) ? 3 : 2);
		h->site_id = sqlite3_column_int64(st, 4);
		h->column_id = sqlite3_column_int64(st, 5);
		h->published_at = sqlite3_column_int64(st, 6);
		const char *slug = (const char *)sqlite3_column_text(st, 7);
		h->url = arena_printf(a, "/s/%s/a/%lld?v=%s", slug ? slug : "",
		                      (long long)h->article_id, h->lang);
		rc = OK;
	}
	sqlite3_reset(st);
	return rc;
}

int search_run(struct store *s, struct arena *a, const struct search_query *q,
               struct search_result *res)
{
	*res = (struct search_result){0};
	double after_rank = 0;
	int64_t after_id = 0;
	if (q->cursor && cursor_read(q->cursor, &after_rank, &after_id) != OK)
		return ERR;
	struct strbuf m;
	strbuf_init(&m);
	search_match_expr(q->q ? q->q : "", &m);
	if (!m.len) { /* nothing to look for */
		strbuf_free(&m);
		return OK;
	}
	const char *match = arena_strndup(a, m.data, m.len);
	strbuf_free(&m);
	int limit = q->limit > 0 ? q->limit : SEARCH_PAGE_DEFAULT;
	sqlite3_stmt *st = store_stmt(s, hits_sql);
	if (!st)
		return -2;
	sqlite3_bind_int64(st, 1, q->site_id);
	sqlite3_bind_text(st, 2, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, !q->lang ? -1 : strcmp(q->lang, "mn") == 0);
	sqlite3_bind_int64(st, 4, q->column_id);
	sqlite3_bind_int64(st, 5, q->from_ms);
	sqlite3_bind_int64(st, 6, q->to_ms);
	sqlite3_bind_int(st, 7, q->cursor != NULL);
	sqlite3_bind_double(st, 8, after_rank);
	sqlite3_bind_int64(st, 9, after_id);
	sqlite3_bind_int(st, 10, limit + 1);
	size_t cap = 0;
	int rc;
	int64_t *rowids = arena_alloc(a, sizeof *rowids * (size_t)(limit + 1));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		res->total = sqlite3_column_int64(st, 2);
		if (sqlite3_column_type(st, 0) == SQLITE_NULL) /* no hit on this page */
			break;
		if (res->n == (size_t)limit) { /* one more than a page: there is a next one */
			struct search_hit *last = &res->items[res->n - 1];
			cursor_write(a, last->rank, rowids[res->n - 1], &res->next);
			break;
		}
		res->items = arena_grow_array(a, res->items, res->n, &cap, sizeof *res->items);
		struct search_hit *h = &res->items[res->n];
		rowids[res->n++] = sqlite3_column_int64(st, 0);
		h->article_id = rowids[res->n - 1] >> 1;
		h->lang = rowids[res->n - 1] & 1 ? "mn" : "zh";
		h->rank = sqlite3_column_double(st, 1);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_msg(LOG_ERROR, "search.query", "%s", sqlite3_errmsg(store_reader(s)));
		sqlite3_reset(st);
		return -2;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < res->n; i++)
		if (hit_fill(s, a, match, rowids[i], &res->items[i]) != OK)
			return -2;
	return OK;
}
