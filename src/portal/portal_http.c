/* portal_http.c: the public portal routes and their HTML views — /s/:slug/ (site home),
 * /s/:slug/c/:column (column list, cursor paging), /s/:slug/t/:tag (tag list),
 * /s/:slug/a/:id (article, ?v=mn|zh), /s/:slug/a/:id/wechat (plain export) and the feeds
 * (rendered in portal_feed.c). Every page goes through serve(): the page cache, reading
 * counts, ETag and Last-Modified with 304. User text is escaped by html_printf's %s; only
 * article bodies (sanitized by the content core on save) are written raw. */
#include "portal/portal.h"
#include "http/cache.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "html/html.h"
#include "media/media.h"
#include "reads/reads.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_PAGE   20
#define HOME_LATEST 10
#define HOME_COLUMN 5
#define HOME_MOST   10
#define FEED_ITEMS  20

typedef int (*render_fn)(struct req *rq, struct resp *rs, struct portal_cached *meta);

static bool is_mn(const char *lang)
{
	return lang && strcmp(lang, "mn") == 0;
}

/* The origin of absolute URLs (feeds): http://<Host> when Host is a plain host[:port]. */
static const char *origin(struct req *rq)
{
	const char *h = req_header(rq, "Host");
	if (!h || !*h || strlen(h) > 100)
		return "http://localhost";
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(".-:[]", *p)))
			return "http://localhost";
	return arena_printf(rq->arena, "http://%s", h);
}

static void http_date(int64_t ms, char out[40])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 40, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Answers 304 when If-Modified-Since is at or after last_ms (and If-None-Match is absent). */
static bool not_modified_since(struct req *rq, int64_t last_ms)
{
	const char *ims = req_header(rq, "If-Modified-Since");
	if (!ims || req_header(rq, "If-None-Match"))
		return false;
	struct tm tm = {0};
	const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end || *end)
		return false;
	return (int64_t)timegm(&tm) >= last_ms / 1000;
}

/* Serves a page through the cache: renders it on a miss, then counts a read (article
 * pages), sets Last-Modified (feeds) and the ETag, and answers 304 when they match. */
static int serve(struct req *rq, struct resp *rs, render_fn fn)
{
	const struct config *cfg = rq->app ? rq->app->cfg : NULL;
	int64_t ttl_ms = cfg ? (int64_t)cfg->cache_ttl_s * 1000 : 0;
	bool use = !rq->principal && ttl_ms > 0 && rq->app && rq->app->cache;
	const char *host = req_header(rq, "Host");
	const char *key =
	    arena_printf(rq->arena, "%s?%s\n%s\n%s", rq->path, rq->raw_query ? rq->raw_query : "",
	                 rq->lang, host ? host : "");
	uint64_t gen = content_generation();
	int64_t now_ms = clock_mono_ns() / 1000000;
	struct portal_cached meta = {0};
	char etag[HTTP_ETAG_SIZE];
	struct resp_cache *cache = use ? rq->app->cache : NULL;
	if (!cache || !resp_cache_get(cache, key, gen, now_ms, rs, etag, &meta, sizeof meta)) {
		int rc = fn(rq, rs, &meta);
		if (rs->status != 200)
			return rc;
		if (cache)
			resp_cache_put(cache, key, gen, now_ms, ttl_ms, rs, etag, &meta,
			               sizeof meta);
		else
			http_etag(rs->body.data, rs->body.len, etag);
	}
	if (meta.article_id && rq->app) {
		reads_cookie(rq, rs);
		reads_record(rq->app, rq, meta.article_id, meta.site_id);
	}
	if (meta.last_modified_ms > 0) {
		char d[40];
		http_date(meta.last_modified_ms, d);
		resp_header(rs, "Last-Modified", arena_strdup(rq->arena, d));
	}
	if (resp_etag_matches(rq, rs, arena_strdup(rq->arena, etag)))
		return OK;
	if (meta.last_modified_ms > 0 && not_modified_since(rq, meta.last_modified_ms)) {
		rs->status = 304;
		strbuf_reset(&rs->body);
	}
	return OK;
}

/* ---- lookups that answer 404 in the reader's language ---- */

static int find_site(struct req *rq, struct resp *rs, struct site *s)
{
	const char *slug = req_param(rq, "slug");
	if (!slug || content_site_by_slug(rq->app->store, rq->arena, slug, s) != OK) {
		reply_error(rq, rs, 404, "not_found", "site", "portal.error.no_site");
		return ERR;
	}
	return OK;
}

static int find_column(struct req *rq, struct resp *rs, const struct site *s,
                       struct content_column *out)
{
	const char *slug = req_param(rq, "column");
	struct content_column *cols;
	size_t n = 0;
	if (slug && content_columns(rq->app->store, rq->arena, s->id, &cols, &n) == OK)
		for (size_t i = 0; i < n; i++)
			if (strcmp(cols[i].slug, slug) == 0) {
				*out = cols[i];
				return OK;
			}
	reply_error(rq, rs, 404, "not_found", "column", "portal.error.no_column");
	return ERR;
}

static int find_article(struct req *rq, struct resp *rs, const struct site *s, struct article *a)
{
	const char *id = req_param(rq, "id");
	char *end = NULL;
	long long v = id ? strtoll(id, &end, 10) : 0;
	if (v <= 0 || !end || *end || content_article_get(rq->app->store, rq->arena, v, a) != OK ||
	    !content_article_visible(rq->app->store, s->id, v, clock_wall_ms())) {
		reply_error(rq, rs, 404, "not_found", "article", "portal.error.no_article");
		return ERR;
	}
	return OK;
}

const struct article_text *portal_text_in(const struct article *a, const char *lang,
                                          const char **got)
{
	bool mn = is_mn(lang);
	const struct article_text *t = mn ? a->mn : a->zh;
	*got = mn ? "mn" : "zh";
	if (!t || !t->title) {
		t = mn ? a->zh : a->mn;
		*got = mn ? "zh" : "mn";
	}
	return t;
}

/* ---- views ---- */

static void day_of(int64_t ms, char out[11])
{
	char buf[32];
	clock_format_rfc3339(ms, buf);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* One list item: the title (in its language) linking to the article, and the date. */
static void item(struct req *rq, struct strbuf *o, const struct site *s, const struct article *a)
{
	const char *got;
	const struct article_text *t = portal_text_in(a, rq->lang, &got);
	if (!t)
		return;
	char day[11];
	day_of(a->published_at, day);
	html_printf(
	    o, "<li><a href=\"/s/%u/a/%ld\" lang=\"%s\"%R>%s</a> <time datetime=\"%s\">%s</time>",
	    s->slug, (long)a->id, is_mn(got) ? "mn-Mong" : "zh-Hans",
	    is_mn(got) && !is_mn(rq->lang) ? " class=\"mn-inline\"" : "", t->title, day, day);
	if (t->summary && *t->summary)
		html_printf(o, "<p class=\"summary\" lang=\"%s\">%s</p>",
		            is_mn(got) ? "mn-Mong" : "zh-Hans", t->summary);
	strbuf_puts(o, "</li>");
}

static void list(struct req *rq, struct strbuf *o, const struct site *s,
                 const struct article *items, size_t n, const char *tag)
{
	if (n == 0) {
		html_printf(o, "<p class=\"empty\">%s</p>", T(rq, "portal.empty"));
		return;
	}
	html_printf(o, "<%R class=\"portal-list\">", tag);
	for (size_t i = 0; i < n; i++)
		item(rq, o, s, &items[i]);
	html_printf(o, "</%R>", tag);
}

/* The site's title bar: name, column navigation, search and feed links. */
static void site_nav(struct req *rq, struct strbuf *o, const struct site *s,
                     const struct content_column *cols, size_t ncols, const char *current)
{
	html_printf(o, "<p class=\"portal-site\"><a href=\"/s/%u/\">%s</a></p>", s->slug,
	            content_site_name(s, rq->lang));
	html_printf(o, "<nav class=\"portal-columns\" aria-label=\"%s\"><ul>",
	            T(rq, "portal.columns"));
	for (size_t i = 0; i < ncols; i++)
		html_printf(o, "<li><a href=\"/s/%u/c/%u\"%R>%s</a></li>", s->slug, cols[i].slug,
		            current && strcmp(current, cols[i].slug) == 0 ? " aria-current=\"page\""
		                                                          : "",
		            content_column_name(&cols[i], rq->lang));
	strbuf_puts(o, "</ul></nav>");
	html_printf(
	    o,
	    "<form class=\"portal-search\" action=\"/search\" method=\"get\" role=\"search\">"
	    "<input type=\"hidden\" name=\"site\" value=\"%ld\">"
	    "<label>%s <input type=\"search\" name=\"q\" maxlength=\"200\"></label> "
	    "<button type=\"submit\">%s</button></form>",
	    (long)s->id, T(rq, "portal.search_site"), T(rq, "portal.search"));
}

static void feed_links(struct req *rq, struct strbuf *o, const char *prefix)
{
	html_printf(
	    o,
	    "<p class=\"portal-feeds\">%s: <a href=\"%Rfeed.atom\" type=\"application/atom+xml\">"
	    "Atom</a> · <a href=\"%Rfeed.json\" type=\"application/feed+json\">JSON Feed</a></p>",
	    T(rq, "portal.feeds"), prefix, prefix);
}

static int render_home(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	(void)meta;
	struct site s;
	if (find_site(rq, rs, &s) != OK)
		return OK;
	struct store *st = rq->app->store;
	int64_t now = clock_wall_ms();
	struct content_column *cols = NULL;
	size_t ncols = 0;
	content_columns(st, rq->arena, s.id, &cols, &ncols);
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, content_site_name(&s, rq->lang));
	site_nav(rq, o, &s, cols, ncols, NULL);
	html_printf(o, "<h1>%s</h1>", content_site_name(&s, rq->lang));
	feed_links(rq, o, arena_printf(rq->arena, "/s/%s/", s.slug));

	struct article_filter f = {.site_id = s.id, .limit = HOME_LATEST, .now_ms = now};
	struct article_page p = {0};
	content_articles_list(st, rq->arena, &f, &p, NULL);
	html_printf(o, "<section class=\"portal-latest\"><h2>%s</h2>", T(rq, "portal.latest"));
	list(rq, o, &s, p.items, p.n, "ul");
	strbuf_puts(o, "</section>");

	struct reads_top *top = NULL;
	int ntop = reads_most(st, rq->arena, s.id, 0, NULL, HOME_MOST * 2, &top);
	struct article *most = arena_alloc(rq->arena, sizeof *most * (HOME_MOST + 1));
	size_t nmost = 0;
	for (int i = 0; i < ntop && nmost < HOME_MOST; i++)
		if (content_article_visible(st, s.id, top[i].article_id, now) &&
		    content_article_get(st, rq->arena, top[i].article_id, &most[nmost]) == OK)
			nmost++;
	html_printf(o, "<section class=\"portal-most\"><h2>%s</h2>", T(rq, "portal.most_read"));
	list(rq, o, &s, most, nmost, "ol");
	strbuf_puts(o, "</section>");

	for (size_t i = 0; i < ncols; i++) {
		struct article_filter fc = {
		    .site_id = s.id, .column_id = cols[i].id, .limit = HOME_COLUMN, .now_ms = now};
		struct article_page pc = {0};
		if (content_articles_list(st, rq->arena, &fc, &pc, NULL) != OK || pc.n == 0)
			continue;
		html_printf(
		    o, "<section class=\"portal-column\"><h2><a href=\"/s/%u/c/%u\">%s</a></h2>",
		    s.slug, cols[i].slug, content_column_name(&cols[i], rq->lang));
		list(rq, o, &s, pc.items, pc.n, "ul");
		html_printf(o, "<p class=\"more\"><a href=\"/s/%u/c/%u\">%s</a></p></section>",
		            s.slug, cols[i].slug, T(rq, "portal.more"));
	}
	page_end(rq, rs);
	return OK;
}

/* A paged list: a column (column != NULL) or a tag. */
static int render_list(struct req *rq, struct resp *rs, const struct site *s,
                       const struct content_column *column, const char *tag)
{
	struct store *st = rq->app->store;
	int64_t now = clock_wall_ms();
	struct article_filter f = {.site_id = s->id,
	                           .column_id = column ? column->id : 0,
	                           .tag = tag,
	                           .cursor = req_query(rq, "after"),
	                           .limit = LIST_PAGE,
	                           .now_ms = now};
	struct article_page p = {0};
	bool bad = false;
	if (content_articles_list(st, rq->arena, &f, &p, &bad) != OK) {
		if (bad)
			return reply_error(rq, rs, 400, "invalid_cursor", "after",
			                   "portal.error.cursor");
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	}
	if (tag && p.total == 0)
		return reply_error(rq, rs, 404, "not_found", "tag", "portal.error.no_tag");
	struct content_column *cols = NULL;
	size_t ncols = 0;
	content_columns(st, rq->arena, s->id, &cols, &ncols);
	const char *title = column ? content_column_name(column, rq->lang)
	                           : arena_printf(rq->arena, "%s: %s", T(rq, "portal.tag"), tag);
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, title);
	site_nav(rq, o, s, cols, ncols, column ? column->slug : NULL);
	html_printf(o, "<h1>%s</h1><p class=\"count\">%s %ld</p>", title, T(rq, "portal.total"),
	            (long)p.total);
	if (column)
		feed_links(rq, o, arena_printf(rq->arena, "/s/%s/c/%s/", s->slug, column->slug));
	list(rq, o, s, p.items, p.n, "ul");
	html_printf(o, "<nav class=\"pager\" aria-label=\"%s\">", T(rq, "portal.pages"));
	if (f.cursor)
		html_printf(o, "<a href=\"?\">%s</a> ", T(rq, "portal.first"));
	if (p.next)
		html_printf(o, "<a rel=\"next\" href=\"?after=%u\">%s</a>", p.next,
		            T(rq, "portal.next"));
	strbuf_puts(o, "</nav>");
	page_end(rq, rs);
	return OK;
}

static int render_column(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	(void)meta;
	struct site s;
	struct content_column c;
	if (find_site(rq, rs, &s) != OK || find_column(rq, rs, &s, &c) != OK)
		return OK;
	return render_list(rq, rs, &s, &c, NULL);
}

static int render_tag(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	(void)meta;
	struct site s;
	if (find_site(rq, rs, &s) != OK)
		return OK;
	return render_list(rq, rs, &s, NULL, req_param(rq, "tag"));
}

/* The version the reader asked for (?v=), else the reader's language; *got the one shown. */
static const struct article_text *chosen(struct req *rq, const struct article *a, const char **got)
{
	const char *v = req_query(rq, "v");
	const char *want = v && (strcmp(v, "mn") == 0 || strcmp(v, "zh") == 0) ? v : rq->lang;
	return portal_text_in(a, want, got);
}

static int render_article(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	struct site s;
	struct article a;
	if (find_site(rq, rs, &s) != OK || find_article(rq, rs, &s, &a) != OK)
		return OK;
	meta->article_id = a.id;
	meta->site_id = s.id;
	const char *got;
	const struct article_text *t = chosen(rq, &a, &got);
	bool mn = is_mn(got);
	struct content_column *cols = NULL;
	size_t ncols = 0;
	content_columns(rq->app->store, rq->arena, s.id, &cols, &ncols);
	struct strbuf *o = &rs->body;
	page_begin(rq, rs, t->title);
	site_nav(rq, o, &s, cols, ncols, a.column_slug);
	if (a.zh && a.mn) {
		html_printf(o, "<nav class=\"versions\" aria-label=\"%s\">",
		            T(rq, "portal.versions"));
		html_printf(o,
		            "<a href=\"?v=zh\" hreflang=\"zh-Hans\" lang=\"zh-Hans\"%R>中文</a> ",
		            mn ? "" : " aria-current=\"true\"");
		html_printf(o,
		            "<a href=\"?v=mn\" hreflang=\"mn-Mong\" lang=\"mn-Mong\" "
		            "class=\"mn-inline\"%R>ᠮᠣᠩᠭᠣᠯ</a></nav>",
		            mn ? " aria-current=\"true\"" : "");
	}
	char day[11];
	day_of(a.published_at, day);
	html_printf(o, "<article class=\"article %s\" lang=\"%s\"><h1>%s</h1><p class=\"byline\">",
	            mn ? "mn" : "zh", mn ? "mn-Mong" : "zh-Hans", t->title);
	html_printf(o, "<time datetime=\"%s\">%s</time>", day, day);
	if (t->author && *t->author)
		html_printf(o, " · <span class=\"author\">%s</span>", t->author);
	if (t->source && *t->source)
		html_printf(o, " · <span class=\"source\">%s</span>", t->source);
	strbuf_puts(o, "</p>");
	if (t->summary && *t->summary)
		html_printf(o, "<p class=\"summary\">%s</p>", t->summary);
	struct media_row cover;
	if (a.cover_id && media_by_id(rq->app->store, rq->arena, a.cover_id, &cover) == OK) {
		cover.filename = ""; /* decorative: the title says what the article is */
		strbuf_puts(o, "<figure class=\"cover\">");
		media_view_html(o, &cover, "");
		strbuf_puts(o, "</figure>");
	}
	/* the body was sanitized by content_sanitize when it was saved */
	html_printf(o, "<div class=\"body\">%R</div>", t->body ? t->body : "");
	struct media_row *att = NULL;
	size_t natt = 0;
	if (media_article_list(rq->app->store, rq->arena, a.id, &att, &natt) == OK && natt) {
		html_printf(o, "<section class=\"attachments\"><h2>%s</h2><ul>",
		            T(rq, "portal.attachments"));
		for (size_t i = 0; i < natt; i++) {
			html_printf(o, "<li class=\"media-%s\">", att[i].kind);
			media_view_html(o, &att[i], "");
			strbuf_puts(o, "</li>");
		}
		strbuf_puts(o, "</ul></section>");
	}
	strbuf_puts(o, "</article>");
	if (a.ntags) {
		html_printf(o, "<p class=\"tags\">%s: ", T(rq, "portal.tags"));
		for (size_t i = 0; i < a.ntags; i++)
			html_printf(o, "<a href=\"/s/%u/t/%u\" rel=\"tag\">%s</a> ", s.slug,
			            a.tags[i], a.tags[i]);
		strbuf_puts(o, "</p>");
	}
	html_printf(o, "<p class=\"portal-export\"><a href=\"/s/%u/a/%ld/wechat?v=%s\">%s</a></p>",
	            s.slug, (long)a.id, got, T(rq, "portal.wechat"));
	page_end(rq, rs);
	return OK;
}

/* A plain page for pasting into a new-media account's editor: title, cover, digest, body. */
static int render_wechat(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	(void)meta;
	struct site s;
	struct article a;
	if (find_site(rq, rs, &s) != OK || find_article(rq, rs, &s, &a) != OK)
		return OK;
	const char *got;
	const struct article_text *t = chosen(rq, &a, &got);
	bool mn = is_mn(got);
	struct strbuf *o = &rs->body;
	rs->status = 200;
	rs->content_type = "text/html; charset=utf-8";
	html_printf(o,
	            "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>%s</title></head><body%R>\n<h1>%s</h1>\n",
	            mn ? "mn-Mong" : "zh-Hans", t->title,
	            mn ? " style=\"writing-mode: vertical-lr\"" : "", t->title);
	struct media_row cover;
	if (a.cover_id && media_by_id(rq->app->store, rq->arena, a.cover_id, &cover) == OK) {
		cover.filename = "";
		strbuf_puts(o, "<p class=\"cover\">");
		media_view_html(o, &cover, origin(rq));
		strbuf_puts(o, "</p>\n");
	}
	if (t->summary && *t->summary)
		html_printf(o, "<p class=\"digest\">%s</p>\n", t->summary);
	html_printf(o, "<section class=\"body\">%R</section>\n", t->body ? t->body : "");
	html_printf(o, "<p class=\"source\">%s", content_site_name(&s, got));
	if (t->author && *t->author)
		html_printf(o, " · %s", t->author);
	if (t->source && *t->source)
		html_printf(o, " · %s", t->source);
	strbuf_puts(o, "</p>\n</body></html>\n");
	return OK;
}

/* Feeds: the site's or a column's latest articles with bodies. */
static int render_feed(struct req *rq, struct resp *rs, struct portal_cached *meta, bool json)
{
	struct site s;
	struct content_column c;
	bool has_col = req_param(rq, "column") != NULL;
	if (find_site(rq, rs, &s) != OK || (has_col && find_column(rq, rs, &s, &c) != OK))
		return OK;
	struct article_filter f = {.site_id = s.id,
	                           .column_id = has_col ? c.id : 0,
	                           .with_body = true,
	                           .limit = FEED_ITEMS,
	                           .now_ms = clock_wall_ms()};
	struct article_page p = {0};
	if (content_articles_list(rq->app->store, rq->arena, &f, &p, NULL) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	for (size_t i = 0; i < p.n; i++) {
		int64_t m = p.items[i].updated_at > p.items[i].published_at
		                ? p.items[i].updated_at
		                : p.items[i].published_at;
		if (m > meta->last_modified_ms)
			meta->last_modified_ms = m;
	}
	const char *v = req_query(rq, "v");
	const char *lang = v && (strcmp(v, "mn") == 0 || strcmp(v, "zh") == 0) ? v : rq->lang;
	struct portal_cover *covers = arena_alloc(rq->arena, (p.n + 1) * sizeof *covers);
	for (size_t i = 0; i < p.n; i++) {
		struct media_row m;
		covers[i] = (struct portal_cover){0};
		if (p.items[i].cover_id &&
		    media_by_id(rq->app->store, rq->arena, p.items[i].cover_id, &m) == OK)
			covers[i] = (struct portal_cover){
			    arena_printf(rq->arena, "%s/media/%s", origin(rq), m.sha256), m.mime};
	}
	portal_feed_render(rq, rs, json, origin(rq), &s, has_col ? &c : NULL, &p, covers, lang);
	return OK;
}

static int render_atom(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	return render_feed(rq, rs, meta, false);
}

static int render_json(struct req *rq, struct resp *rs, struct portal_cached *meta)
{
	return render_feed(rq, rs, meta, true);
}

/* ---- routes ---- */

static const struct {
	const char *pattern;
	render_fn render;
} pages[] = {
    {"/s/:slug/", render_home},
    {"/s/:slug/feed.atom", render_atom},
    {"/s/:slug/feed.json", render_json},
    {"/s/:slug/c/:column", render_column},
    {"/s/:slug/c/:column/feed.atom", render_atom},
    {"/s/:slug/c/:column/feed.json", render_json},
    {"/s/:slug/t/:tag", render_tag},
    {"/s/:slug/a/:id", render_article},
    {"/s/:slug/a/:id/wechat", render_wechat},
};

/* Every page route: serves the render function registered with the route's pattern. */
static int page_get(struct req *rq, struct resp *rs)
{
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (rq->route && strcmp(rq->route->pattern, pages[i].pattern) == 0)
			return serve(rq, rs, pages[i].render);
	return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
}

/* /s/:slug → /s/:slug/ */
static int home_redirect(struct req *rq, struct resp *rs)
{
	strbuf_reset(&rs->body);
	struct strbuf loc;
	strbuf_init(&loc);
	strbuf_puts(&loc, "/s/");
	html_url_component(&loc, req_param(rq, "slug"));
	strbuf_putc(&loc, '/');
	int rc = reply_redirect(rs, 301, arena_strndup(rq->arena, loc.data, loc.len));
	strbuf_free(&loc);
	return rc;
}

void portal_mount(struct router *r)
{
	router_add(r, "GET", "/s/:slug", PERM_PUBLIC, home_redirect);
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		router_add(r, "GET", pages[i].pattern, PERM_PUBLIC, page_get);
}
