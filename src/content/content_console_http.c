/* content_console_http.c: the editors' and reviewers' console pages. The article list with
 * its filters, the bilingual editor (Chinese horizontal and Mongolian vertical, side by
 * side) with save, preview and submit, the review queue, revisions with diff and restore,
 * placements (push to the subtree, local take-down) and the media library. Forms carry the
 * session's CSRF token; a save from a stale version answers 409 with the editor's text and
 * the stored version shown side by side, nothing saved. Access: the route's permission
 * somewhere (router), then the permission on the scope of the site concerned here. */
#include "content/content_console.h"
#include "content/content_http.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "html/html.h"
#include "media/media.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 30
#define Q_SCAN_MAX   2000 /* articles a text filter looks through */

static const char *const langs[2] = {"zh", "mn"};
static const char *const text_fields[5] = {"title", "summary", "body", "author", "source"};

/* ---- small pieces ---- */

static bool is_mn(struct req *rq)
{
	return strcmp(rq->lang, "mn") == 0;
}

static int64_t parse_pos(const char *v)
{
	char *end;
	long long n = v && *v && strlen(v) <= 18 ? strtoll(v, &end, 10) : 0;
	return n > 0 && !*end ? n : 0;
}

static void csrf(struct req *rq, struct resp *rs)
{
	html_printf(&rs->body, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
	            auth_csrf_token(rq, rs));
}

/* Text of a catalog key built from a prefix and a value ("content.status." "draft"). */
static const char *label(struct req *rq, const char *prefix, const char *value)
{
	return T(rq, arena_printf(rq->arena, "%s%s", prefix, value));
}

static int forbidden(struct req *rq, struct resp *rs)
{
	return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
}

static int not_found(struct req *rq, struct resp *rs)
{
	return reply_error(rq, rs, 404, "not_found", NULL, "content.error.unknown_article");
}

/* The page head with the editor's stylesheet and the console's crumbs. */
static void begin(struct req *rq, struct resp *rs, const char *title)
{
	resp_header(rs, "Cache-Control", "no-store");
	page_begin(rq, rs, title);
	html_printf(&rs->body,
	            "<link rel=\"stylesheet\" href=\"/static/css/editor.css\">"
	            "<nav class=\"crumbs editor-nav\"><a href=\"/admin\">%s</a> · "
	            "<a href=\"/admin/articles\">%s</a> · <a href=\"/admin/review\">%s</a> · "
	            "<a href=\"/admin/media\">%s</a></nav><h1>%s</h1>",
	            T(rq, "console.title"), T(rq, "editor.nav.articles"),
	            T(rq, "editor.nav.review"), T(rq, "editor.nav.media"), title);
}

static void notice(struct req *rq, struct resp *rs)
{
	const char *n = req_query(rq, "done");
	static const char *const known[] = {"saved",    "submitted", "published", "sent_back",
	                                    "restored", "pushed",    "hidden",    "shown",
	                                    "archived", "attached",  "detached"};
	for (size_t i = 0; n && i < ARRAY_LEN(known); i++)
		if (strcmp(n, known[i]) == 0)
			html_printf(&rs->body, "<p class=\"notice\" role=\"status\">%s</p>",
			            label(rq, "editor.done.", n));
}

/* A title to show for an article: the page language's, else the other. */
static const char *title_of(struct req *rq, const struct article *a)
{
	const struct article_text *t =
	    is_mn(rq) ? (a->mn ? a->mn : a->zh) : (a->zh ? a->zh : a->mn);
	return t && t->title ? t->title : "";
}

/* Writes a title in the language it is in. */
static void title_html(struct req *rq, struct strbuf *o, const struct article *a)
{
	const char *t = title_of(rq, a);
	bool mn_text = is_mn(rq) ? a->mn != NULL : a->zh == NULL;
	if (mn_text && !is_mn(rq))
		html_mn_text(o, t);
	else
		html_printf(o, "%s", t);
}

/* The article of the path and its home site; 404 (after replying) when unknown or when the
 * user may not read drafts on its site. */
/* The article of the path, hidden (404) from users who may not read its drafts. */
static int path_article(struct req *rq, struct resp *rs, struct article *a, struct site *home)
{
	if (content_req_article(rq, a, home) != OK ||
	    !auth_can(auth_principal(rq), "content.read_drafts", content_site_scope(home)))
		return not_found(rq, rs), ERR;
	return OK;
}

/* Sites on which the user holds perm, in tree order. */
static void sites_with(struct req *rq, const char *perm, struct site_list *out)
{
	struct site_list all;
	out->n = 0;
	out->items = NULL;
	if (content_sites_list(rq->app->store, rq->arena, NULL, 0, &all) != OK)
		return;
	out->items = arena_alloc(rq->arena, (all.n + 1) * sizeof *out->items);
	for (size_t i = 0; i < all.n; i++)
		if (auth_can(auth_principal(rq), perm, content_site_scope(&all.items[i])))
			out->items[out->n++] = all.items[i];
}

static void site_options(struct req *rq, struct strbuf *o, const struct site_list *l,
                         const char *selected, bool any)
{
	if (any)
		html_printf(o, "<option value=\"\">%s</option>", T(rq, "editor.any"));
	for (size_t i = 0; i < l->n; i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", l->items[i].slug,
		            selected && strcmp(selected, l->items[i].slug) == 0 ? " selected" : "",
		            content_site_name(&l->items[i], rq->lang));
}

static void column_options(struct req *rq, struct strbuf *o, const char *selected, bool any)
{
	struct content_column *cols;
	size_t n;
	if (any)
		html_printf(o, "<option value=\"\">%s</option>", T(rq, "editor.any"));
	if (content_columns(rq->app->store, rq->arena, 0, &cols, &n) != OK)
		return;
	for (size_t i = 0; i < n; i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", cols[i].slug,
		            selected && strcmp(selected, cols[i].slug) == 0 ? " selected" : "",
		            content_column_name(&cols[i], rq->lang));
}

/* ---- the article list and the review queue ---- */

static bool matches_text(const struct article *a, const char *q)
{
	return (a->zh && a->zh->title && strstr(a->zh->title, q)) ||
	       (a->mn && a->mn->title && strstr(a->mn->title, q)) ||
	       (a->zh && a->zh->summary && strstr(a->zh->summary, q)) ||
	       (a->mn && a->mn->summary && strstr(a->mn->summary, q));
}

static void list_table(struct req *rq, struct resp *rs, const struct article *items, size_t n,
                       bool review)
{
	struct strbuf *o = &rs->body;
	if (!n) {
		html_printf(o, "<p class=\"empty\">%s</p>", T(rq, "editor.list.empty"));
		return;
	}
	html_printf(o,
	            "<table class=\"articles\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "editor.field.title"), T(rq, "editor.field.site"),
	            T(rq, "editor.field.column"), T(rq, "editor.field.status"),
	            T(rq, "editor.field.languages"), T(rq, "editor.actions"));
	for (size_t i = 0; i < n; i++) {
		const struct article *a = &items[i];
		html_printf(o, "<tr data-id=\"%ld\"><td><a href=\"/admin/articles/%ld/edit\">",
		            (long)a->id, (long)a->id);
		title_html(rq, o, a);
		html_printf(o,
		            "</a></td><td>%s</td><td>%s</td><td class=\"status-%s\">%s</td>"
		            "<td>%s%s%s</td><td>",
		            a->site_slug, a->column_slug, a->status,
		            label(rq, "content.status.", a->status), a->zh ? "中" : "",
		            a->zh && a->mn ? " " : "", a->mn ? "ᠮᠤ" : "");
		html_printf(o, "<a href=\"/admin/articles/%ld/preview\">%s</a>", (long)a->id,
		            T(rq, "editor.preview"));
		if (review) {
			html_printf(
			    o,
			    " <form method=\"post\" action=\"/admin/articles/%ld/transition\" "
			    "class=\"inline\">",
			    (long)a->id);
			csrf(rq, rs);
			html_printf(
			    o,
			    "<input type=\"hidden\" name=\"version\" value=\"%ld\">"
			    "<button name=\"to\" value=\"published\" class=\"publish\">%s</button> "
			    "<button name=\"to\" value=\"draft\" class=\"send-back\">%s</button>"
			    "</form>",
			    (long)a->version, T(rq, "editor.publish"), T(rq, "editor.send_back"));
		}
		html_printf(o, "</td></tr>");
	}
	html_printf(o, "</tbody></table>");
}

/* Fills the staff filter from the query; false (after replying 400) on a bad value. */
static bool list_filter(struct req *rq, struct resp *rs, const char *perm, struct article_filter *f)
{
	struct store *st = rq->app->store;
	const char *v;
	const char **scopes;
	f->staff = true;
	f->now_ms = clock_wall_ms();
	f->nscopes = auth_scopes(auth_principal(rq), perm, rq->arena, &scopes);
	f->scopes = scopes;
	f->limit = PAGE_DEFAULT;
	struct site s;
	if ((v = req_query(rq, "site")) && *v) {
		if (content_site_by_slug(st, rq->arena, v, &s) != OK ||
		    !auth_can(auth_principal(rq), perm, content_site_scope(&s)))
			return reply_error(rq, rs, 404, "not_found", "site",
			                   "content.error.unknown_site"),
			       false;
		f->site_id = s.id;
	}
	struct content_column c;
	if ((v = req_query(rq, "column")) && *v) {
		if (content_column_by_slug(st, rq->arena, v, &c) != OK)
			return reply_error(rq, rs, 400, "invalid_value", "column",
			                   "content.error.unknown_column"),
			       false;
		f->column_id = c.id;
	}
	if ((v = req_query(rq, "lang")) && *v) {
		if (strcmp(v, "zh") != 0 && strcmp(v, "mn") != 0)
			return reply_error(rq, rs, 400, "invalid_value", "lang",
			                   "error.invalid_value"),
			       false;
		f->lang = v;
	}
	if ((v = req_query(rq, "status")) && *v) {
		if (!content_status_valid(v))
			return reply_error(rq, rs, 400, "invalid_value", "status",
			                   "error.invalid_value"),
			       false;
		f->status = v;
	}
	f->cursor = req_query(rq, "cursor");
	if (f->cursor && !*f->cursor)
		f->cursor = NULL;
	return true;
}

/* Reads the page f selects, or (with a text q) up to PAGE_DEFAULT matches among the first
 * Q_SCAN_MAX articles. */
static int list_read(struct req *rq, struct resp *rs, struct article_filter *f, const char *q,
                     struct article_page *pg)
{
	bool bad = false;
	if (!q) {
		if (content_articles_list(rq->app->store, rq->arena, f, pg, &bad) != OK)
			return bad ? reply_error(rq, rs, 400, "invalid_value", "cursor",
			                         "error.invalid_value")
			           : reply_error(rq, rs, 503, "unavailable", NULL,
			                         "error.unavailable"),
			       ERR;
		return OK;
	}
	struct article *hits = arena_alloc(rq->arena, PAGE_DEFAULT * sizeof *hits);
	size_t n = 0;
	int scanned = 0;
	f->limit = CONTENT_PAGE_MAX;
	f->cursor = NULL;
	do {
		struct article_page p;
		if (content_articles_list(rq->app->store, rq->arena, f, &p, &bad) != OK)
			return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable"),
			       ERR;
		for (size_t i = 0; i < p.n && n < PAGE_DEFAULT; i++)
			if (matches_text(&p.items[i], q))
				hits[n++] = p.items[i];
		scanned += (int)p.n;
		f->cursor = p.next;
	} while (f->cursor && n < PAGE_DEFAULT && scanned < Q_SCAN_MAX);
	*pg = (struct article_page){.items = hits, .n = n, .total = (int64_t)n};
	return OK;
}

/* GET /admin/articles?site=&column=&status=&lang=&q=&cursor= */
static int articles_list(struct req *rq, struct resp *rs)
{
	struct article_filter f = {0};
	if (!list_filter(rq, rs, "content.read_drafts", &f))
		return OK;
	const char *q = req_query(rq, "q");
	if (q && !*q)
		q = NULL;
	struct article_page pg;
	if (list_read(rq, rs, &f, q, &pg) != OK)
		return OK;
	struct site_list sites;
	sites_with(rq, "content.read_drafts", &sites);
	struct strbuf *o = &rs->body;
	begin(rq, rs, T(rq, "editor.list.title"));
	notice(rq, rs);
	if (auth_can(auth_principal(rq), "content.edit", NULL))
		html_printf(o, "<p><a class=\"button\" href=\"/admin/articles/new\">%s</a></p>",
		            T(rq, "editor.new"));
	html_printf(o,
	            "<form method=\"get\" action=\"/admin/articles\" class=\"filters\">"
	            "<label>%s <select name=\"site\">",
	            T(rq, "editor.field.site"));
	site_options(rq, o, &sites, req_query(rq, "site"), true);
	html_printf(o, "</select></label> <label>%s <select name=\"column\">",
	            T(rq, "editor.field.column"));
	column_options(rq, o, req_query(rq, "column"), true);
	html_printf(
	    o, "</select></label> <label>%s <select name=\"status\"><option value=\"\">%s</option>",
	    T(rq, "editor.field.status"), T(rq, "editor.any"));
	static const char *const statuses[] = {"draft", "review", "published", "archived"};
	for (size_t i = 0; i < ARRAY_LEN(statuses); i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", statuses[i],
		            f.status && strcmp(f.status, statuses[i]) == 0 ? " selected" : "",
		            label(rq, "content.status.", statuses[i]));
	html_printf(
	    o,
	    "</select></label> <label>%s <select name=\"lang\"><option value=\"\">%s</option>"
	    "<option value=\"zh\"%R>%s</option><option value=\"mn\"%R>%s</option></select>"
	    "</label> <label>%s <input type=\"search\" name=\"q\" value=\"%s\"></label> "
	    "<button type=\"submit\">%s</button></form>",
	    T(rq, "editor.field.language"), T(rq, "editor.any"),
	    f.lang && !strcmp(f.lang, "zh") ? " selected" : "", T(rq, "editor.lang.zh"),
	    f.lang && !strcmp(f.lang, "mn") ? " selected" : "", T(rq, "editor.lang.mn"),
	    T(rq, "editor.field.text"), q ? q : "", T(rq, "editor.filter"));
	html_printf(o, "<p class=\"total\">%s %ld</p>", T(rq, "editor.list.total"), (long)pg.total);
	list_table(rq, rs, pg.items, pg.n, false);
	if (pg.next) {
		html_printf(o,
		            "<p class=\"pager\"><a rel=\"next\" href=\"/admin/articles?cursor=%u",
		            pg.next);
		static const char *const keep[] = {"site", "column", "status", "lang"};
		for (size_t i = 0; i < ARRAY_LEN(keep); i++) {
			const char *v = req_query(rq, keep[i]);
			if (v && *v)
				html_printf(o, "&amp;%R=%u", keep[i], v);
		}
		html_printf(o, "\">%s</a></p>", T(rq, "editor.next_page"));
	}
	page_end(rq, rs);
	return OK;
}

/* GET /admin/review: articles in review on sites where the user publishes. */
static int review_queue(struct req *rq, struct resp *rs)
{
	struct article_filter f = {0};
	if (!list_filter(rq, rs, "content.publish", &f))
		return OK;
	f.status = "review";
	struct article_page pg;
	if (list_read(rq, rs, &f, NULL, &pg) != OK)
		return OK;
	begin(rq, rs, T(rq, "editor.review.title"));
	notice(rq, rs);
	list_table(rq, rs, pg.items, pg.n, true);
	if (pg.next)
		html_printf(&rs->body,
		            "<p class=\"pager\"><a rel=\"next\" "
		            "href=\"/admin/review?cursor=%u\">%s</a></p>",
		            pg.next, T(rq, "editor.next_page"));
	page_end(rq, rs);
	return OK;
}

/* ---- the editor ---- */

/* What the editor form shows: stored or submitted values. */
struct ed_form {
	int64_t id, version, cover;
	const char *site, *column, *tags, *status;
	const char *text[2][5]; /* [zh, mn][title, summary, body, author, source] */
	const char *error_key, *field;
	bool conflict;
};

static void form_from_article(struct ed_form *e, struct req *rq, const struct article *a)
{
	e->id = a->id;
	e->version = a->version;
	e->cover = a->cover_id;
	e->site = a->site_slug;
	e->column = a->column_slug;
	e->status = a->status;
	struct strbuf tags;
	strbuf_init(&tags);
	for (size_t i = 0; i < a->ntags; i++) {
		if (i)
			strbuf_puts(&tags, ", ");
		strbuf_puts(&tags, a->tags[i]);
	}
	e->tags = arena_strndup(rq->arena, tags.data ? tags.data : "", tags.len);
	strbuf_free(&tags);
	const struct article_text *t[2] = {a->zh, a->mn};
	for (int l = 0; l < 2; l++) {
		if (!t[l])
			continue;
		const char *v[5] = {t[l]->title, t[l]->summary, t[l]->body, t[l]->author,
		                    t[l]->source};
		for (int k = 0; k < 5; k++)
			e->text[l][k] = v[k];
	}
}

static void form_from_request(struct ed_form *e, struct req *rq)
{
	e->site = req_form(rq, "site");
	e->column = req_form(rq, "column");
	e->tags = req_form(rq, "tags");
	e->cover = parse_pos(req_form(rq, "cover"));
	e->version = parse_pos(req_form(rq, "version"));
	for (int l = 0; l < 2; l++)
		for (int k = 0; k < 5; k++)
			e->text[l][k] = req_form(
			    rq, arena_printf(rq->arena, "%s_%s", langs[l], text_fields[k]));
}

static void text_field(struct req *rq, struct strbuf *o, int l, int k, const char *value)
{
	const char *name = arena_printf(rq->arena, "%s_%s", langs[l], text_fields[k]);
	html_printf(o, "<label class=\"f-%s\"><span>%s</span>", text_fields[k],
	            label(rq, "editor.field.", text_fields[k]));
	bool area = l == 1 || k == 1 || k == 2; /* Mongolian: every field vertical */
	if (area)
		html_printf(o, "<textarea name=\"%s\" rows=\"%d\"%R>%s</textarea>", name,
		            k == 2   ? 16
		            : k == 1 ? 4
		                     : 2,
		            k == 0 && l == 0 ? " required" : "", value ? value : "");
	else
		html_printf(o, "<input type=\"text\" name=\"%s\" value=\"%s\">", name,
		            value ? value : "");
	html_printf(o, "</label>");
}

/* The first MEDIA_PAGE_MAX files of the user's media library (none on an error). */
static size_t library(struct req *rq, struct media_row **rows)
{
	const char **scopes;
	struct media_filter mf = {.limit = MEDIA_PAGE_MAX};
	mf.nscopes = auth_scopes(auth_principal(rq), MEDIA_PERM, rq->arena, &scopes);
	mf.scopes = scopes;
	size_t n = 0;
	int64_t total;
	*rows = NULL;
	if (mf.nscopes && media_list(rq->app->store, rq->arena, &mf, rows, &n, &total) != OK)
		n = 0;
	return n;
}

static void cover_options(struct req *rq, struct strbuf *o, int64_t selected)
{
	struct media_row *rows;
	size_t n = library(rq, &rows);
	html_printf(o, "<option value=\"\">%s</option>", T(rq, "editor.no_cover"));
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].kind, "image") == 0 || rows[i].id == selected)
			html_printf(o, "<option value=\"%ld\"%R>%s (%s)</option>", (long)rows[i].id,
			            rows[i].id == selected ? " selected" : "",
			            rows[i].filename && *rows[i].filename ? rows[i].filename
			                                                  : rows[i].sha256,
			            rows[i].mime);
}

/* The editor's attachments: each with a remove button, an upload form and a choice from
 * the media library (outside the editor's form: forms do not nest). */
static void attachments_html(struct req *rq, struct resp *rs, int64_t id)
{
	struct strbuf *o = &rs->body;
	struct media_row *rows = NULL;
	size_t n = 0;
	if (media_article_list(rq->app->store, rq->arena, id, &rows, &n) != OK)
		n = 0;
	html_printf(o, "<section id=\"attachments\" class=\"attachments\"><h2>%s</h2><ul>",
	            T(rq, "editor.attachments"));
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<li data-media=\"%ld\">", (long)rows[i].id);
		media_view_html(o, &rows[i], "");
		html_printf(o,
		            " <span>%s · %s</span> <form method=\"post\" "
		            "action=\"/admin/articles/%ld/attachments/delete\" class=\"inline\">",
		            rows[i].filename ? rows[i].filename : "", rows[i].mime, (long)id);
		csrf(rq, rs);
		html_printf(o,
		            "<input type=\"hidden\" name=\"media\" value=\"%ld\"><button "
		            "type=\"submit\">%s</button></form></li>",
		            (long)rows[i].id, T(rq, "editor.detach"));
	}
	if (!n)
		html_printf(o, "<li class=\"empty\">%s</li>", T(rq, "editor.no_attachments"));
	html_printf(o,
	            "</ul><form method=\"post\" action=\"/admin/articles/%ld/attachments\" "
	            "enctype=\"multipart/form-data\" class=\"upload\">",
	            (long)id);
	csrf(rq, rs);
	html_printf(
	    o,
	    "<label>%s <input type=\"file\" name=\"file\" required "
	    "accept=\"image/*,audio/*,video/*\"></label> <button type=\"submit\">%s</button>"
	    "</form>",
	    T(rq, "editor.media.file"), T(rq, "editor.attach"));
	struct media_row *lib;
	size_t nl = library(rq, &lib);
	html_printf(o,
	            "<form method=\"post\" action=\"/admin/articles/%ld/attachments\" "
	            "class=\"library\">",
	            (long)id);
	csrf(rq, rs);
	html_printf(o, "<label>%s <select name=\"media\">", T(rq, "editor.from_library"));
	for (size_t i = 0; i < nl; i++)
		if (strcmp(lib[i].kind, "document") != 0)
			html_printf(o, "<option value=\"%ld\">%s (%s)</option>", (long)lib[i].id,
			            lib[i].filename && *lib[i].filename ? lib[i].filename
			                                                : lib[i].sha256,
			            lib[i].mime);
	html_printf(o, "</select></label> <button type=\"submit\">%s</button></form></section>",
	            T(rq, "editor.attach"));
}

/* The editor page: new (e->id 0) or an existing article; status is the HTTP status. */
static int editor_page(struct req *rq, struct resp *rs, const struct ed_form *e,
                       const struct article *stored, int status)
{
	struct strbuf *o = &rs->body;
	struct site_list sites;
	sites_with(rq, "content.edit", &sites);
	begin(rq, rs, T(rq, e->id ? "editor.edit.title" : "editor.new.title"));
	rs->status = status;
	notice(rq, rs);
	if (e->conflict) {
		html_printf(o, "<div class=\"conflict\" role=\"alert\"><p>%s</p>",
		            T(rq, "editor.conflict"));
		if (stored) {
			html_printf(
			    o, "<p>%s %ld · <a href=\"/admin/articles/%ld/revisions\">%s</a></p>",
			    T(rq, "editor.current_version"), (long)stored->version,
			    (long)stored->id, T(rq, "editor.revisions"));
			const struct article_text *t[2] = {stored->zh, stored->mn};
			html_printf(o, "<div class=\"theirs\">");
			for (int l = 0; l < 2; l++)
				if (t[l])
					html_printf(o,
					            "<div class=\"lang-%s\" "
					            "lang=\"%s\"><h3>%s</h3>%R</div>",
					            langs[l], l ? "mn-Mong" : "zh-Hans",
					            t[l]->title ? t[l]->title : "",
					            t[l]->body ? t[l]->body : "");
			html_printf(o, "</div>");
		}
		html_printf(o, "</div>");
	}
	if (e->error_key) {
		html_printf(o, "<p class=\"error\" role=\"alert\">");
		if (e->field) {
			const char *k = arena_printf(rq->arena, "content.field.%s", e->field);
			html_printf(o, "<strong>%s</strong> ", T(rq, k));
		}
		html_printf(o, "%s</p>", T(rq, e->error_key));
	}
	if (e->id) {
		html_printf(o,
		            "<p class=\"meta\">%s: <span class=\"status-%s\">%s</span> · %s %ld · "
		            "<a href=\"/admin/articles/%ld/preview\">%s</a> · "
		            "<a href=\"/admin/articles/%ld/revisions\">%s</a> · "
		            "<a href=\"/admin/articles/%ld/placements\">%s</a></p>",
		            T(rq, "editor.field.status"), e->status,
		            label(rq, "content.status.", e->status), T(rq, "editor.version"),
		            (long)e->version, (long)e->id, T(rq, "editor.preview"), (long)e->id,
		            T(rq, "editor.revisions"), (long)e->id, T(rq, "editor.placements"));
		html_printf(
		    o, "<form method=\"post\" action=\"/admin/articles/%ld\" class=\"editor\">",
		    (long)e->id);
	} else {
		html_printf(o,
		            "<form method=\"post\" action=\"/admin/articles\" class=\"editor\">");
	}
	csrf(rq, rs);
	html_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%ld\">", (long)e->version);
	html_printf(o, "<div class=\"meta-fields\">");
	if (!e->id) {
		html_printf(o, "<label>%s <select name=\"site\" required>",
		            T(rq, "editor.field.site"));
		site_options(rq, o, &sites, e->site, false);
		html_printf(o, "</select></label> ");
	}
	html_printf(o, "<label>%s <select name=\"column\" required>", T(rq, "editor.field.column"));
	column_options(rq, o, e->column, false);
	html_printf(o,
	            "</select></label> <label>%s <input type=\"text\" name=\"tags\" value=\"%s\" "
	            "placeholder=\"%s\"></label> <label>%s <select name=\"cover\">",
	            T(rq, "editor.field.tags"), e->tags ? e->tags : "", T(rq, "editor.tags_hint"),
	            T(rq, "editor.field.cover"));
	cover_options(rq, o, e->cover);
	html_printf(o, "</select></label> <a href=\"/admin/media\">%s</a></div>",
	            T(rq, "editor.nav.media"));
	html_printf(o, "<div class=\"versions\">");
	for (int l = 0; l < 2; l++) {
		html_printf(o, "<fieldset class=\"lang-%s\" lang=\"%s\"><legend>%s</legend>",
		            langs[l], l ? "mn-Mong" : "zh-Hans",
		            label(rq, "editor.lang.", langs[l]));
		for (int k = 0; k < 5; k++)
			text_field(rq, o, l, k, e->text[l][k]);
		html_printf(o, "</fieldset>");
	}
	html_printf(o,
	            "</div><p class=\"actions\"><button type=\"submit\" name=\"action\" "
	            "value=\"save\">%s</button> <button type=\"submit\" name=\"action\" "
	            "value=\"preview\">%s</button>",
	            T(rq, "editor.save"), T(rq, "editor.preview"));
	if (!e->status || strcmp(e->status, "draft") == 0)
		html_printf(o,
		            " <button type=\"submit\" name=\"action\" value=\"submit\" "
		            "class=\"submit\">%s</button>",
		            T(rq, "editor.submit"));
	html_printf(o, "</p></form>");
	if (e->id)
		attachments_html(rq, rs, e->id);
	page_end(rq, rs);
	return OK;
}

/* The article body of one language, as the portal shows it: Mongolian vertical. */
static void preview_block(struct req *rq, struct strbuf *o, int l, const struct article_text *t)
{
	if (!t)
		return;
	html_printf(o,
	            "<article class=\"preview lang-%s%R\" lang=\"%s\"><h2>%s</h2>"
	            "<p class=\"summary\">%s</p><div class=\"body\">%R</div>",
	            langs[l], l ? " mn vertical" : "", l ? "mn-Mong" : "zh-Hans",
	            t->title ? t->title : "", t->summary ? t->summary : "", t->body ? t->body : "");
	if (t->author && *t->author)
		html_printf(o, "<p class=\"byline\">%s</p>", t->author);
	html_printf(o, "</article>");
}

/* GET /admin/articles/:id/preview */
static int article_preview(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	begin(rq, rs, T(rq, "editor.preview"));
	html_printf(&rs->body,
	            "<p class=\"meta\"><a href=\"/admin/articles/%ld/edit\">%s</a> · %s</p>"
	            "<div class=\"previews\">",
	            (long)a.id, T(rq, "editor.edit.title"), label(rq, "content.status.", a.status));
	preview_block(rq, &rs->body, 1, a.mn);
	preview_block(rq, &rs->body, 0, a.zh);
	html_printf(&rs->body, "</div>");
	page_end(rq, rs);
	return OK;
}

/* GET /admin/articles/new */
static int article_new(struct req *rq, struct resp *rs)
{
	struct ed_form e = {0};
	e.site = req_query(rq, "site");
	return editor_page(rq, rs, &e, NULL, 200);
}

/* GET /admin/articles/:id/edit */
static int article_edit(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(auth_principal(rq), "content.edit", content_site_scope(&home)))
		return forbidden(rq, rs);
	struct ed_form e = {0};
	form_from_article(&e, rq, &a);
	return editor_page(rq, rs, &e, NULL, 200);
}

/* One save, and with `submit` the move to review in the same transaction. */
struct save_req {
	struct article_save s;
	struct article_transition t;
	bool submit;
	struct ed_form form; /* to show again on refusal */
	const char *result_key;
};

static int save_write(sqlite3 *db, void *ctx)
{
	struct save_req *x = ctx;
	if (content_article_save(db, &x->s) != OK)
		return ERR;
	if (!x->submit)
		return OK;
	x->t.id = x->s.new_id;
	x->t.version = x->s.new_version;
	x->t.to = "review";
	x->t.user_id = x->s.user_id;
	x->t.now_ms = x->s.now_ms;
	return content_article_transition(db, &x->t);
}

/* After the save: to the editor with a notice, or the form again with the reason. */
static int saved(struct req *rq, struct resp *rs)
{
	struct save_req *x = rq->write_ctx;
	if (rq->write_result == OK) {
		content_touch();
		return reply_redirect(rs, 303,
		                      arena_printf(rq->arena,
		                                   "/admin/articles/%" PRId64 "/edit?done=%s",
		                                   x->s.new_id, x->submit ? "submitted" : "saved"));
	}
	enum content_result r = x->s.result != CONTENT_OK ? x->s.result : x->t.result;
	struct article cur;
	const struct article *stored = NULL;
	if (x->s.id && content_article_get(rq->app->store, rq->arena, x->s.id, &cur) == OK)
		stored = &cur;
	x->form.status = stored ? stored->status : NULL;
	switch (r) {
	case CONTENT_INVALID:
		x->form.error_key = x->s.error_key ? x->s.error_key : "error.invalid_value";
		x->form.field = x->s.field;
		return editor_page(rq, rs, &x->form, stored, 400);
	case CONTENT_STALE:
		x->form.conflict = true;
		return editor_page(rq, rs, &x->form, stored, 409);
	case CONTENT_CONFLICT:
		x->form.error_key = "content.error.conflict";
		return editor_page(rq, rs, &x->form, stored, 409);
	case CONTENT_NOT_FOUND:
		return not_found(rq, rs);
	case CONTENT_OK:
		break;
	}
	return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
}

/* Splits "a, b，c" into tags (commas, Chinese commas, Mongolian commas). */
static void split_tags(struct req *rq, const char *s, struct article_input *in)
{
	in->ntags = 0;
	if (!s || !*s)
		return;
	in->tags = arena_alloc(rq->arena, (CONTENT_TAGS_MAX + 2) * sizeof *in->tags);
	const char *p = s;
	while (*p && in->ntags <= CONTENT_TAGS_MAX) {
		const char *c = p, *end = NULL;
		size_t skip = 0;
		for (; *c; c++) {
			if (*c == ',') {
				skip = 1;
				break;
			}
			if (!strncmp(c, "，", 3) || !strncmp(c, "᠂", 3) || !strncmp(c, "、", 3)) {
				skip = 3;
				break;
			}
		}
		end = c;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > p)
			in->tags[in->ntags++] = arena_strndup(rq->arena, p, (size_t)(end - p));
		p = *c ? c + skip : c;
	}
}

/* Builds the input from the form; ERR (after showing the form with the reason) when bad. */
static int form_input(struct req *rq, struct resp *rs, struct save_req *x,
                      const struct article *stored)
{
	struct article_input *in = &x->s.in;
	struct ed_form *e = &x->form;
	struct content_column c;
	if (!e->column || !*e->column) {
		e->error_key = "error.required", e->field = "column";
		return editor_page(rq, rs, e, stored, 400), ERR;
	}
	if (content_column_by_slug(rq->app->store, rq->arena, e->column, &c) != OK) {
		e->error_key = "content.error.unknown_column", e->field = "column";
		return editor_page(rq, rs, e, stored, 400), ERR;
	}
	in->column_id = c.id;
	if (e->cover && !content_cover_valid(rq, e->cover)) {
		e->error_key = "content.error.cover", e->field = "cover";
		return editor_page(rq, rs, e, stored, 400), ERR;
	}
	in->cover_id = e->cover;
	split_tags(rq, e->tags, in);
	struct article_text **dst[2] = {&in->zh, &in->mn};
	for (int l = 0; l < 2; l++) {
		bool any = false;
		for (int k = 0; k < 5; k++)
			any |= e->text[l][k] && *e->text[l][k];
		if (!any)
			continue;
		struct article_text *t = arena_alloc(rq->arena, sizeof *t);
		const char **f[5] = {&t->title, &t->summary, &t->body, &t->author, &t->source};
		for (int k = 0; k < 5; k++)
			*f[k] = e->text[l][k] ? e->text[l][k] : "";
		*dst[l] = t;
	}
	const char *field = NULL, *key = NULL;
	if (content_article_check(rq->arena, in, &field, &key) != OK) {
		e->error_key = key ? key : "error.invalid_value";
		e->field = field;
		return editor_page(rq, rs, e, stored, 400), ERR;
	}
	return OK;
}

/* The preview of submitted (unsaved) text under the form. */
static int form_preview(struct req *rq, struct resp *rs, struct save_req *x,
                        const struct article *stored)
{
	editor_page(rq, rs, &x->form, stored, 200);
	/* editor_page closed the page: reopen the body before its end */
	struct strbuf p;
	strbuf_init(&p);
	html_printf(&p, "<section class=\"previews\" aria-label=\"%s\"><h2>%s</h2>",
	            T(rq, "editor.preview"), T(rq, "editor.preview"));
	preview_block(rq, &p, 1, x->s.in.mn);
	preview_block(rq, &p, 0, x->s.in.zh);
	html_printf(&p, "</section>");
	const char *marker = "</form>";
	char *at = rs->body.data ? strstr(rs->body.data, marker) : NULL;
	if (at) {
		size_t off = (size_t)(at - rs->body.data) + strlen(marker);
		struct strbuf nb;
		strbuf_init(&nb);
		strbuf_append(&nb, rs->body.data, off);
		strbuf_append(&nb, p.data, p.len);
		strbuf_append(&nb, rs->body.data + off, rs->body.len - off);
		strbuf_free(&rs->body);
		rs->body = nb;
	}
	strbuf_free(&p);
	return OK;
}

static int save_common(struct req *rq, struct resp *rs, struct save_req *x, const struct site *home,
                       const struct article *stored)
{
	const char *action = req_form(rq, "action");
	if (form_input(rq, rs, x, stored) != OK)
		return OK;
	if (action && strcmp(action, "preview") == 0)
		return form_preview(rq, rs, x, stored);
	x->submit = action && strcmp(action, "submit") == 0;
	x->s.user_id = content_req_user(rq);
	x->s.now_ms = clock_wall_ms();
	content_audit_note(rq, x->s.id ? "article.update" : "article.create", &x->s.new_id, home,
	                   x->submit ? "saved and submitted for review" : NULL);
	return req_write(rq, save_write, x, saved);
}

/* POST /admin/articles */
static int article_create(struct req *rq, struct resp *rs)
{
	struct save_req *x = arena_alloc(rq->arena, sizeof *x);
	form_from_request(&x->form, rq);
	struct site s;
	if (!x->form.site || !*x->form.site) {
		x->form.error_key = "error.required", x->form.field = "site";
		return editor_page(rq, rs, &x->form, NULL, 400);
	}
	if (content_site_by_slug(rq->app->store, rq->arena, x->form.site, &s) != OK)
		return reply_error(rq, rs, 404, "not_found", "site", "content.error.unknown_site");
	if (!auth_can(auth_principal(rq), "content.edit", content_site_scope(&s)))
		return forbidden(rq, rs);
	x->form.version = 0;
	x->s.in.site_id = s.id;
	return save_common(rq, rs, x, &s, NULL);
}

/* POST /admin/articles/:id */
static int article_update(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(auth_principal(rq), "content.edit", content_site_scope(&home)))
		return forbidden(rq, rs);
	struct save_req *x = arena_alloc(rq->arena, sizeof *x);
	form_from_request(&x->form, rq);
	x->form.id = a.id;
	x->form.status = a.status;
	if (!x->form.version) {
		x->form.error_key = "error.required", x->form.field = "version";
		return editor_page(rq, rs, &x->form, &a, 400);
	}
	x->s.id = a.id;
	x->s.version = x->form.version;
	x->s.in.site_id = a.site_id;
	return save_common(rq, rs, x, &home, &a);
}

/* ---- workflow ---- */

static int transitioned(struct req *rq, struct resp *rs)
{
	struct article_transition *t = rq->write_ctx;
	if (rq->write_result != OK) {
		if (t->result == CONTENT_STALE)
			return reply_error(rq, rs, 409, "stale", "version", "content.error.stale");
		if (t->result == CONTENT_CONFLICT)
			return reply_error(rq, rs, 409, "conflict", NULL, "content.error.conflict");
		if (t->result == CONTENT_NOT_FOUND)
			return not_found(rq, rs);
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	content_touch();
	const char *done = strcmp(t->to, "published") == 0  ? "published"
	                   : strcmp(t->to, "review") == 0   ? "submitted"
	                   : strcmp(t->to, "archived") == 0 ? "archived"
	                                                    : "sent_back";
	const char *back = req_form(rq, "back");
	if (back && strcmp(back, "edit") == 0)
		return reply_redirect(rs, 303,
		                      arena_printf(rq->arena,
		                                   "/admin/articles/%" PRId64 "/edit?done=%s",
		                                   t->id, done));
	return reply_redirect(rs, 303, arena_printf(rq->arena, "/admin/review?done=%s", done));
}

/* POST /admin/articles/:id/transition (to, version) */
static int article_transition(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	const char *to = req_form(rq, "to");
	if (!to || !content_status_valid(to))
		return reply_error(rq, rs, 400, "invalid_value", "to", "error.invalid_value");
	const char *perm = content_transition_perm(a.status, to);
	if (!perm)
		return reply_error(rq, rs, 409, "conflict", "to", "content.error.conflict");
	if (!auth_can(auth_principal(rq), perm, content_site_scope(&home)))
		return forbidden(rq, rs);
	struct article_transition *t = arena_alloc(rq->arena, sizeof *t);
	t->id = a.id;
	t->to = arena_strdup(rq->arena, to);
	t->version = parse_pos(req_form(rq, "version"));
	t->user_id = content_req_user(rq);
	t->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.transition", &t->id, &home,
	                   arena_printf(rq->arena, "%s -> %s", a.status, to));
	return req_write(rq, content_article_transition, t, transitioned);
}

/* ---- revisions ---- */

/* GET /admin/articles/:id/revisions?from=&to= */
static int revisions_page(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	struct revision *rv;
	size_t n;
	if (content_revisions_list(rq->app->store, rq->arena, a.id, &rv, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	int64_t from = parse_pos(req_query(rq, "from")), to = parse_pos(req_query(rq, "to"));
	struct diff_line *d = NULL;
	size_t nd = 0;
	bool have_diff = false;
	if (from && to) {
		struct revision x, y;
		if (content_revision_get(rq->app->store, rq->arena, a.id, from, &x) != OK ||
		    content_revision_get(rq->app->store, rq->arena, a.id, to, &y) != OK)
			return reply_error(rq, rs, 404, "not_found", "version", "error.not_found");
		if (content_revision_diff(rq->arena, x.snapshot, y.snapshot, &d, &nd) != OK)
			return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
		have_diff = true;
	}
	bool can_edit = auth_can(auth_principal(rq), "content.edit", content_site_scope(&home));
	struct strbuf *o = &rs->body;
	begin(rq, rs, T(rq, "editor.revisions"));
	notice(rq, rs);
	html_printf(o, "<p class=\"meta\"><a href=\"/admin/articles/%ld/edit\">", (long)a.id);
	title_html(rq, o, &a);
	html_printf(o, "</a> · %s %ld</p>", T(rq, "editor.current_version"), (long)a.version);
	html_printf(
	    o,
	    "<form method=\"get\" action=\"/admin/articles/%ld/revisions\" class=\"diff-pick\">"
	    "<table class=\"revisions\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th></tr></thead><tbody>",
	    (long)a.id, T(rq, "editor.version"), T(rq, "editor.diff_from"), T(rq, "editor.diff_to"),
	    T(rq, "editor.saved_at"), T(rq, "editor.actions"));
	for (size_t i = 0; i < n; i++) {
		char when[32];
		clock_format_rfc3339(rv[i].at, when);
		html_printf(
		    o,
		    "<tr><td>%ld</td><td><input type=\"radio\" name=\"from\" value=\"%ld\"%R "
		    "aria-label=\"%s %ld\"></td><td><input type=\"radio\" name=\"to\" "
		    "value=\"%ld\"%R aria-label=\"%s %ld\"></td><td><time>%s</time></td><td>",
		    (long)rv[i].version, (long)rv[i].version,
		    (from ? from == rv[i].version : i == 1) ? " checked" : "",
		    T(rq, "editor.diff_from"), (long)rv[i].version, (long)rv[i].version,
		    (to ? to == rv[i].version : i == 0) ? " checked" : "", T(rq, "editor.diff_to"),
		    (long)rv[i].version, when);
		if (can_edit && rv[i].version != a.version)
			html_printf(o,
			            "<button type=\"submit\" form=\"restore-%ld\" "
			            "class=\"restore\">%s</button>",
			            (long)rv[i].version, T(rq, "editor.restore"));
		html_printf(o, "</td></tr>");
	}
	html_printf(o, "</tbody></table><button type=\"submit\">%s</button></form>",
	            T(rq, "editor.diff"));
	/* the restore forms, outside the diff form (buttons point at them) */
	for (size_t i = 0; can_edit && i < n; i++) {
		if (rv[i].version == a.version)
			continue;
		html_printf(o,
		            "<form method=\"post\" id=\"restore-%ld\" "
		            "action=\"/admin/articles/%ld/restore\" class=\"hidden-form\">",
		            (long)rv[i].version, (long)a.id);
		csrf(rq, rs);
		html_printf(o,
		            "<input type=\"hidden\" name=\"version\" value=\"%ld\">"
		            "<input type=\"hidden\" name=\"from_version\" value=\"%ld\"></form>",
		            (long)a.version, (long)rv[i].version);
	}
	if (have_diff) {
		html_printf(o, "<h2>%s %ld → %ld</h2>", T(rq, "editor.diff"), (long)from, (long)to);
		if (!nd)
			html_printf(o, "<p>%s</p>", T(rq, "editor.no_changes"));
		else
			html_printf(o, "<table class=\"diff\"><tbody>");
		for (size_t i = 0; i < nd; i++) {
			bool mn_field = strncmp(d[i].field, "mn.", 3) == 0;
			char op[2] = {d[i].op, '\0'};
			html_printf(o,
			            "<tr class=\"%R\"><th>%s</th><td class=\"op\">%s</td>"
			            "<td%R><code>%s</code></td></tr>",
			            d[i].op == '+'   ? "add"
			            : d[i].op == '-' ? "del"
			                             : "same",
			            d[i].field, op, mn_field ? " lang=\"mn-Mong\"" : "", d[i].text);
		}
		if (nd)
			html_printf(o, "</tbody></table>");
	}
	page_end(rq, rs);
	return OK;
}

static int restored(struct req *rq, struct resp *rs)
{
	struct article_restore *r = rq->write_ctx;
	if (rq->write_result != OK) {
		if (r->result == CONTENT_STALE)
			return reply_error(rq, rs, 409, "stale", "version", "content.error.stale");
		if (r->result == CONTENT_NOT_FOUND)
			return reply_error(rq, rs, 404, "not_found", "version", "error.not_found");
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	content_touch();
	return reply_redirect(
	    rs, 303,
	    arena_printf(rq->arena, "/admin/articles/%" PRId64 "/revisions?done=restored", r->id));
}

/* POST /admin/articles/:id/restore (version, from_version) */
static int revision_restore(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	if (!auth_can(auth_principal(rq), "content.edit", content_site_scope(&home)))
		return forbidden(rq, rs);
	struct article_restore *r = arena_alloc(rq->arena, sizeof *r);
	r->id = a.id;
	r->version = parse_pos(req_form(rq, "version"));
	r->from_version = parse_pos(req_form(rq, "from_version"));
	if (!r->version || !r->from_version)
		return reply_error(rq, rs, 400, "invalid_value",
		                   r->version ? "from_version" : "version", "error.invalid_value");
	r->user_id = content_req_user(rq);
	r->now_ms = clock_wall_ms();
	content_audit_note(rq, "article.restore", &r->id, &home,
	                   arena_printf(rq->arena, "from version %" PRId64, r->from_version));
	return req_write(rq, content_revision_restore, r, restored);
}

/* ---- placements ---- */

/* GET /admin/articles/:id/placements */
static int placements_page(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home;
	if (path_article(rq, rs, &a, &home) != OK)
		return OK;
	struct placement *pl;
	size_t n;
	if (content_placements(rq->app->store, rq->arena, a.id, &pl, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	const struct principal *p = auth_principal(rq);
	struct strbuf *o = &rs->body;
	begin(rq, rs, T(rq, "editor.placements"));
	notice(rq, rs);
	html_printf(o, "<p class=\"meta\"><a href=\"/admin/articles/%ld/edit\">", (long)a.id);
	title_html(rq, o, &a);
	html_printf(o, "</a></p>");
	/* push: from each placed site where the user publishes */
	html_printf(o, "<h2>%s</h2><p>%s</p>", T(rq, "editor.push"), T(rq, "editor.push_about"));
	html_printf(o, "<form method=\"post\" action=\"/admin/articles/%ld/push\" class=\"push\">",
	            (long)a.id);
	csrf(rq, rs);
	html_printf(o, "<label>%s <select name=\"from\">", T(rq, "editor.push_from"));
	size_t offered = 0;
	for (size_t i = 0; i < n; i++) {
		struct site s;
		if (content_site_by_id(rq->app->store, rq->arena, pl[i].site_id, &s) != OK ||
		    !auth_can(p, "content.publish", content_site_scope(&s)))
			continue;
		html_printf(o, "<option value=\"%s\">%s</option>", s.slug,
		            content_site_name(&s, rq->lang));
		offered++;
	}
	html_printf(o, "</select></label> <button type=\"submit\"%R>%s</button></form>",
	            offered ? "" : " disabled", T(rq, "editor.push"));
	html_printf(o,
	            "<h2>%s</h2><table class=\"placements\"><thead><tr><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "editor.placed_on"), T(rq, "editor.field.site"), T(rq, "editor.origin"),
	            T(rq, "editor.shown"), T(rq, "editor.actions"));
	for (size_t i = 0; i < n; i++) {
		struct site s;
		bool known = content_site_by_id(rq->app->store, rq->arena, pl[i].site_id, &s) == OK;
		html_printf(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
		            known ? content_site_name(&s, rq->lang) : pl[i].site_slug,
		            label(rq, "editor.origin.", pl[i].origin),
		            T(rq, pl[i].hidden ? "editor.hidden" : "editor.visible"));
		if (known && auth_can(p, "content.publish", content_site_scope(&s))) {
			html_printf(o,
			            "<form method=\"post\" action=\"/admin/articles/%ld/hide\" "
			            "class=\"inline\">",
			            (long)a.id);
			csrf(rq, rs);
			html_printf(o,
			            "<input type=\"hidden\" name=\"site\" value=\"%s\"><input "
			            "type=\"hidden\" name=\"hidden\" value=\"%R\"><button "
			            "type=\"submit\">%s</button></form>",
			            s.slug, pl[i].hidden ? "0" : "1",
			            T(rq, pl[i].hidden ? "editor.show" : "editor.hide"));
		}
		html_printf(o, "</td></tr>");
	}
	html_printf(o, "</tbody></table>");
	page_end(rq, rs);
	return OK;
}

struct place_req {
	int64_t id;
	const char *done;
	struct article_push push;
	struct article_hide hide;
	bool is_push;
};

static int place_write(sqlite3 *db, void *ctx)
{
	struct place_req *r = ctx;
	return r->is_push ? content_article_push(db, &r->push) : content_article_hide(db, &r->hide);
}

static int placed(struct req *rq, struct resp *rs)
{
	struct place_req *r = rq->write_ctx;
	enum content_result result = r->is_push ? r->push.result : r->hide.result;
	if (rq->write_result != OK) {
		if (result == CONTENT_NOT_FOUND)
			return reply_error(rq, rs, 404, "not_found", "site",
			                   "content.error.unknown_site");
		if (result == CONTENT_CONFLICT || result == CONTENT_INVALID)
			return reply_error(rq, rs, 409, "conflict", NULL, "content.error.conflict");
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
	content_touch();
	return reply_redirect(rs, 303,
	                      arena_printf(rq->arena,
	                                   "/admin/articles/%" PRId64 "/placements?done=%s", r->id,
	                                   r->done));
}

/* The site named by form field name, on which the user must publish; replies itself. */
static int form_site(struct req *rq, struct resp *rs, const char *name, struct site *s)
{
	const char *v = req_form(rq, name);
	if (!v || !*v)
		return reply_error(rq, rs, 400, "required", name, "error.required"), ERR;
	if (content_site_by_slug(rq->app->store, rq->arena, v, s) != OK)
		return reply_error(rq, rs, 404, "not_found", name, "content.error.unknown_site"),
		       ERR;
	if (!auth_can(auth_principal(rq), "content.publish", content_site_scope(s)))
		return forbidden(rq, rs), ERR;
	return OK;
}

/* POST /admin/articles/:id/push (from) */
static int placement_push(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home, from;
	if (path_article(rq, rs, &a, &home) != OK || form_site(rq, rs, "from", &from) != OK)
		return OK;
	struct place_req *r = arena_alloc(rq->arena, sizeof *r);
	r->is_push = true;
	r->id = a.id;
	r->done = "pushed";
	r->push = (struct article_push){.article_id = a.id,
	                                .from_site_id = from.id,
	                                .user_id = content_req_user(rq),
	                                .now_ms = clock_wall_ms()};
	content_audit_note(rq, "article.push", &r->id, &from,
	                   arena_printf(rq->arena, "to the sites below %s", from.slug));
	return req_write(rq, place_write, r, placed);
}

/* POST /admin/articles/:id/hide (site, hidden=1|0) */
static int placement_hide(struct req *rq, struct resp *rs)
{
	struct article a;
	struct site home, s;
	if (path_article(rq, rs, &a, &home) != OK || form_site(rq, rs, "site", &s) != OK)
		return OK;
	const char *h = req_form(rq, "hidden");
	bool hidden = !h || strcmp(h, "0") != 0;
	struct place_req *r = arena_alloc(rq->arena, sizeof *r);
	r->id = a.id;
	r->done = hidden ? "hidden" : "shown";
	r->hide = (struct article_hide){
	    .article_id = a.id, .site_id = s.id, .hidden = hidden, .user_id = content_req_user(rq)};
	content_audit_note(rq, hidden ? "article.hide" : "article.show", &r->id, &s,
	                   arena_printf(rq->arena, "on %s", s.slug));
	return req_write(rq, place_write, r, placed);
}

/* ---- media library ---- */

/* GET /admin/media?after= */
static int media_page(struct req *rq, struct resp *rs)
{
	const char **scopes;
	struct media_filter mf = {.limit = 50, .after_id = parse_pos(req_query(rq, "after"))};
	mf.nscopes = auth_scopes(auth_principal(rq), MEDIA_PERM, rq->arena, &scopes);
	mf.scopes = scopes;
	struct media_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	if (mf.nscopes && media_list(rq->app->store, rq->arena, &mf, &rows, &n, &total) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct strbuf *o = &rs->body;
	begin(rq, rs, T(rq, "editor.media.title"));
	html_printf(o,
	            "<h2>%s</h2><form method=\"post\" action=\"/api/v1/media\" "
	            "enctype=\"multipart/form-data\" class=\"upload\">",
	            T(rq, "editor.media.upload"));
	csrf(rq, rs);
	html_printf(o, "<label>%s <select name=\"scope\">", T(rq, "editor.media.scope"));
	for (size_t i = 0; i < mf.nscopes; i++)
		html_printf(o, "<option value=\"%s\">%s</option>", scopes[i], scopes[i]);
	html_printf(o,
	            "</select></label> <label>%s <input type=\"file\" name=\"file\" required "
	            "accept=\"image/*,audio/*,video/*,application/pdf\"></label> "
	            "<button type=\"submit\">%s</button></form>",
	            T(rq, "editor.media.file"), T(rq, "editor.media.upload"));
	html_printf(o, "<p class=\"total\">%s %ld</p><ul class=\"media\">",
	            T(rq, "editor.list.total"), (long)total);
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<li data-id=\"%ld\">", (long)rows[i].id);
		if (strcmp(rows[i].kind, "image") == 0)
			html_printf(
			    o, "<img src=\"/media/%s\" alt=\"%s\" loading=\"lazy\" width=\"160\">",
			    rows[i].sha256, rows[i].filename ? rows[i].filename : "");
		html_printf(o, "<span>#%ld %s · %s · %ld B</span></li>", (long)rows[i].id,
		            rows[i].filename ? rows[i].filename : "", rows[i].mime,
		            (long)rows[i].bytes);
	}
	html_printf(o, "</ul>");
	if (n && (int64_t)n < total && n == (size_t)mf.limit)
		html_printf(
		    o,
		    "<p class=\"pager\"><a rel=\"next\" href=\"/admin/media?after=%ld\">%s</a></p>",
		    (long)rows[n - 1].id, T(rq, "editor.next_page"));
	page_end(rq, rs);
	return OK;
}

void content_console_mount(struct router *r)
{
	router_add(r, "GET", "/admin/articles", "content.read_drafts", articles_list);
	router_add(r, "GET", "/admin/articles/new", "content.edit", article_new);
	router_add(r, "POST", "/admin/articles", "content.edit", article_create);
	router_add(r, "GET", "/admin/articles/:id/edit", "content.edit", article_edit);
	router_add(r, "POST", "/admin/articles/:id", "content.edit", article_update);
	router_add(r, "GET", "/admin/articles/:id/preview", "content.read_drafts", article_preview);
	/* editors submit and reviewers publish through the same form: the handler checks the
	 * permission the transition needs on the article's site */
	router_add(r, "POST", "/admin/articles/:id/transition", "console.use", article_transition);
	router_add(r, "GET", "/admin/review", "content.publish", review_queue);
	router_add(r, "GET", "/admin/articles/:id/revisions", "content.read_drafts",
	           revisions_page);
	router_add(r, "POST", "/admin/articles/:id/restore", "content.edit", revision_restore);
	router_add(r, "GET", "/admin/articles/:id/placements", "content.read_drafts",
	           placements_page);
	router_add(r, "POST", "/admin/articles/:id/push", "content.publish", placement_push);
	router_add(r, "POST", "/admin/articles/:id/hide", "content.publish", placement_hide);
	router_add(r, "GET", "/admin/media", MEDIA_PERM, media_page);
	content_sites_console_mount(r);
}
