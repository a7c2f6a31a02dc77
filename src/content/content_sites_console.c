/* content_sites_console.c: the admins' console pages for the portal sites — the site list,
 * a form to create a site, and a site's page with its fields (kind, region code or
 * organisation, names in both languages, slug and host), its columns (which, in what order;
 * a new column named in both languages) and its editors and reviewers (grants on the site's
 * scope through the accounts module). Forms carry the session's CSRF token; a change from a
 * stale version answers 409 and saves nothing; each write is audited. Access: site.manage
 * somewhere (router), then on the scope that manages the site (content_site_admin_scope). */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "content/content.h"
#include "content/content_console.h"
#include "html/html.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SITE_PERM "site.manage"

static const char *const kinds[] = {"region", "league", "county", "society", "institution"};
static const char *const staff_roles[] = {"editor", "reviewer"};

static int64_t parse_num(const char *v, int64_t lo, int64_t hi, bool *ok)
{
	char *end;
	long long n = v && *v && strlen(v) <= 18 ? strtoll(v, &end, 10) : 0;
	*ok = v && *v && strlen(v) <= 18 && !*end && n >= lo && n <= hi;
	return *ok ? n : 0;
}

static void csrf(struct req *rq, struct resp *rs)
{
	html_printf(&rs->body, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
	            auth_csrf_token(rq, rs));
}

static bool can_manage(struct req *rq, const struct site *s)
{
	return auth_can(auth_principal(rq), SITE_PERM,
	                content_site_admin_scope(rq->app->store, rq->arena, s));
}

static void begin(struct req *rq, struct resp *rs, const char *title, int status)
{
	resp_header(rs, "Cache-Control", "no-store");
	page_begin(rq, rs, title);
	rs->status = status;
	html_printf(&rs->body,
	            "<link rel=\"stylesheet\" href=\"/static/css/editor.css\">"
	            "<nav class=\"crumbs editor-nav\"><a href=\"/admin\">%s</a> · "
	            "<a href=\"/admin/sites\">%s</a></nav><h1>%s</h1>",
	            T(rq, "console.title"), T(rq, "sites.nav"), title);
}

/* The reason a form was refused, naming the field. */
static void refusal(struct req *rq, struct strbuf *o, const char *field, const char *key)
{
	if (!key)
		return;
	html_printf(o, "<p class=\"error\" role=\"alert\">");
	if (field)
		html_printf(o, "<strong>%s</strong> ",
		            T(rq, arena_printf(rq->arena, "sites.field.%s", field)));
	html_printf(o, "%s</p>", T(rq, key));
}

/* The site of the path's :slug that the user manages; replies 404/403 itself. */
static int path_site(struct req *rq, struct resp *rs, struct site *s)
{
	if (content_site_by_slug(rq->app->store, rq->arena, req_param(rq, "slug"), s) != OK)
		return reply_error(rq, rs, 404, "not_found", "site", "content.error.unknown_site"),
		       ERR;
	if (!can_manage(rq, s))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden"), ERR;
	return OK;
}

/* ---- the list ---- */

/* GET /admin/sites?kind= */
static int sites_page(struct req *rq, struct resp *rs)
{
	const char *kind = req_query(rq, "kind");
	bool known = false;
	for (size_t i = 0; kind && i < ARRAY_LEN(kinds); i++)
		known |= strcmp(kind, kinds[i]) == 0;
	if (kind && *kind && !known)
		return reply_error(rq, rs, 400, "invalid_value", "kind", "error.invalid_value");
	struct site_list l;
	if (content_sites_list(rq->app->store, rq->arena, known ? kind : NULL, 0, &l) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct strbuf *o = &rs->body;
	begin(rq, rs, T(rq, "sites.title"), 200);
	const char *done = req_query(rq, "done");
	if (done && strcmp(done, "created") == 0)
		html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
		            T(rq, "sites.done.created"));
	html_printf(o,
	            "<p><a class=\"button\" href=\"/admin/sites/new\">%s</a></p>"
	            "<form method=\"get\" action=\"/admin/sites\" class=\"filters\"><label>%s "
	            "<select name=\"kind\"><option value=\"\">%s</option>",
	            T(rq, "sites.new"), T(rq, "sites.field.kind"), T(rq, "editor.any"));
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", kinds[i],
		            known && strcmp(kind, kinds[i]) == 0 ? " selected" : "",
		            T(rq, arena_printf(rq->arena, "content.kind.%s", kinds[i])));
	html_printf(o,
	            "</select></label> <button type=\"submit\">%s</button></form>"
	            "<table class=\"sites\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	            "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            T(rq, "editor.filter"), T(rq, "sites.field.name_zh"),
	            T(rq, "sites.field.name_mn"), T(rq, "sites.field.kind"),
	            T(rq, "sites.field.region"), T(rq, "sites.field.slug"),
	            T(rq, "sites.field.host"));
	size_t shown = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct site *s = &l.items[i];
		if (!can_manage(rq, s))
			continue;
		shown++;
		html_printf(o,
		            "<tr data-slug=\"%s\"><td><a href=\"/admin/sites/%u\">%s</a></td>"
		            "<td lang=\"mn-Mong\">",
		            s->slug, s->slug, s->name_zh);
		html_mn_text(o, s->name_mn ? s->name_mn : "");
		html_printf(o, "</td><td>%s</td><td>%s</td><td>/s/%s/</td><td>%s</td></tr>",
		            T(rq, arena_printf(rq->arena, "content.kind.%s", s->kind)),
		            s->region_code ? s->region_code : "", s->slug, s->host ? s->host : "");
	}
	html_printf(o, "</tbody></table><p class=\"total\">%s %zu</p>", T(rq, "sites.total"),
	            shown);
	page_end(rq, rs);
	return OK;
}

/* ---- the site form ---- */

/* What the site form shows: stored or submitted values. */
struct site_form {
	int64_t version;
	const char *slug, *host, *kind, *region, *parent, *name_zh, *name_mn;
	const char *field, *error_key;
};

static void form_from_site(struct req *rq, struct site_form *f, const struct site *s)
{
	struct site p;
	*f = (struct site_form){.version = s->version,
	                        .slug = s->slug,
	                        .host = s->host,
	                        .kind = s->kind,
	                        .region = s->region_code,
	                        .name_zh = s->name_zh,
	                        .name_mn = s->name_mn};
	if (s->parent_id && content_site_by_id(rq->app->store, rq->arena, s->parent_id, &p) == OK)
		f->parent = p.slug;
}

static void form_from_request(struct req *rq, struct site_form *f)
{
	bool ok;
	*f = (struct site_form){.version = parse_num(req_form(rq, "version"), 1, INT64_MAX, &ok),
	                        .slug = req_form(rq, "slug"),
	                        .host = req_form(rq, "host"),
	                        .kind = req_form(rq, "kind"),
	                        .region = req_form(rq, "region"),
	                        .parent = req_form(rq, "parent"),
	                        .name_zh = req_form(rq, "name_zh"),
	                        .name_mn = req_form(rq, "name_mn")};
}

static void fields_html(struct req *rq, struct resp *rs, const struct site_form *f,
                        const char *action)
{
	struct strbuf *o = &rs->body;
	struct site_list all;
	if (content_sites_list(rq->app->store, rq->arena, NULL, 0, &all) != OK)
		all.n = 0;
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"site-form\">", action);
	csrf(rq, rs);
	html_printf(
	    o,
	    "<input type=\"hidden\" name=\"version\" value=\"%ld\">"
	    "<p><label>%s <input type=\"text\" name=\"name_zh\" value=\"%s\" required "
	    "lang=\"zh-Hans\"></label></p><p><label>%s <textarea name=\"name_mn\" rows=\"2\" "
	    "lang=\"mn-Mong\" class=\"mn-field\">%s</textarea></label></p>"
	    "<p><label>%s <select name=\"kind\">",
	    (long)f->version, T(rq, "sites.field.name_zh"), f->name_zh ? f->name_zh : "",
	    T(rq, "sites.field.name_mn"), f->name_mn ? f->name_mn : "", T(rq, "sites.field.kind"));
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		html_printf(o, "<option value=\"%s\"%R>%s</option>", kinds[i],
		            f->kind && strcmp(f->kind, kinds[i]) == 0 ? " selected" : "",
		            T(rq, arena_printf(rq->arena, "content.kind.%s", kinds[i])));
	html_printf(o,
	            "</select></label></p><p><label>%s <input type=\"text\" name=\"region\" "
	            "value=\"%s\" inputmode=\"numeric\" maxlength=\"12\"></label> <small>%s</small>"
	            "</p><p><label>%s <select name=\"parent\"><option value=\"\">—</option>",
	            T(rq, "sites.field.region"), f->region ? f->region : "",
	            T(rq, "sites.region_hint"), T(rq, "sites.field.parent"));
	for (size_t i = 0; i < all.n; i++)
		if (!f->slug || strcmp(all.items[i].slug, f->slug) != 0)
			html_printf(o, "<option value=\"%s\"%R>%s</option>", all.items[i].slug,
			            f->parent && strcmp(f->parent, all.items[i].slug) == 0
			                ? " selected"
			                : "",
			            content_site_name(&all.items[i], rq->lang));
	html_printf(o,
	            "</select></label></p><p><label>%s <input type=\"text\" name=\"slug\" "
	            "value=\"%s\" required pattern=\"[a-z0-9][a-z0-9\\-]*\" maxlength=\"40\">"
	            "</label> <small>/s/&lt;slug&gt;/</small></p><p><label>%s <input "
	            "type=\"text\" name=\"host\" value=\"%s\" maxlength=\"253\"></label></p>"
	            "<p><button type=\"submit\">%s</button></p></form>",
	            T(rq, "sites.field.slug"), f->slug ? f->slug : "", T(rq, "sites.field.host"),
	            f->host ? f->host : "", T(rq, "editor.save"));
}

/* GET /admin/sites/new */
static int site_new_page(struct req *rq, struct resp *rs)
{
	struct site_form f = {.kind = "county"};
	begin(rq, rs, T(rq, "sites.new"), 200);
	fields_html(rq, rs, &f, "/admin/sites");
	page_end(rq, rs);
	return OK;
}

/* Reads and checks the form's fields into out; ERR with the field and reason. */
static int form_fields(struct req *rq, const struct site_form *f, struct site_fields *out,
                       const char **field, const char **key)
{
	*out = (struct site_fields){.slug = f->slug,
	                            .host = f->host,
	                            .kind = f->kind,
	                            .region_code = f->region,
	                            .name_zh = f->name_zh,
	                            .name_mn = f->name_mn};
	struct site p;
	if (f->parent && *f->parent) {
		if (content_site_by_slug(rq->app->store, rq->arena, f->parent, &p) != OK) {
			*field = "parent";
			*key = "content.error.unknown_site";
			return ERR;
		}
		out->parent_id = p.id;
	}
	return content_site_check(rq->app->store, rq->arena, out, field, key);
}

struct site_create {
	struct site_new n;
	struct site_form form;
	char summary[96];
};

static int created(struct req *rq, struct resp *rs)
{
	struct site_create *c = rq->write_ctx;
	if (rq->write_result != OK) {
		if (c->n.result != CONTENT_INVALID)
			return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
		c->form.field = c->n.field;
		c->form.error_key = c->n.error_key;
		begin(rq, rs, T(rq, "sites.new"), 400);
		refusal(rq, &rs->body, c->form.field, c->form.error_key);
		fields_html(rq, rs, &c->form, "/admin/sites");
		page_end(rq, rs);
		return OK;
	}
	content_touch();
	return reply_redirect(rs, 303,
	                      arena_printf(rq->arena, "/admin/sites/%s?done=created", c->n.slug));
}

/* Where a new site belongs for the access check: its region, else its parent's manager. */
static const char *new_site_scope(struct req *rq, const struct site_fields *f)
{
	struct site p;
	if (f->region_code)
		return f->region_code;
	if (f->parent_id && content_site_by_id(rq->app->store, rq->arena, f->parent_id, &p) == OK)
		return content_site_admin_scope(rq->app->store, rq->arena, &p);
	return NULL;
}

/* POST /admin/sites */
static int site_create(struct req *rq, struct resp *rs)
{
	struct site_create *c = arena_alloc(rq->arena, sizeof *c);
	form_from_request(rq, &c->form);
	struct site_fields f;
	const char *field = NULL, *key = NULL;
	if (form_fields(rq, &c->form, &f, &field, &key) != OK) {
		begin(rq, rs, T(rq, "sites.new"), 400);
		refusal(rq, &rs->body, field, key);
		fields_html(rq, rs, &c->form, "/admin/sites");
		page_end(rq, rs);
		return OK;
	}
	const char *scope = new_site_scope(rq, &f);
	if (!scope || !auth_can(auth_principal(rq), SITE_PERM, scope))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
	c->n = (struct site_new){.slug = f.slug,
	                         .host = f.host,
	                         .kind = f.kind,
	                         .region_code = f.region_code,
	                         .name_zh = f.name_zh,
	                         .name_mn = f.name_mn,
	                         .parent_id = f.parent_id,
	                         .now_ms = clock_wall_ms()};
	snprintf(c->summary, sizeof c->summary, "%s %s", f.kind, f.slug);
	rq->audit.action = "site.create";
	rq->audit.object_type = "site";
	rq->audit.object_id = &c->n.id;
	rq->audit.scope = scope;
	rq->audit.summary = c->summary;
	return req_write(rq, content_site_insert, c, created);
}

/* ---- a site's page ---- */

static void columns_html(struct req *rq, struct resp *rs, const struct site *s)
{
	struct strbuf *o = &rs->body;
	struct content_column *all, *mine;
	size_t nall = 0, nmine = 0;
	if (content_columns(rq->app->store, rq->arena, 0, &all, &nall) != OK ||
	    content_columns(rq->app->store, rq->arena, s->id, &mine, &nmine) != OK)
		nall = nmine = 0;
	html_printf(o,
	            "<h2 id=\"columns\">%s</h2><form method=\"post\" "
	            "action=\"/admin/sites/%u/columns\" class=\"site-columns\">",
	            T(rq, "sites.columns"), s->slug);
	csrf(rq, rs);
	html_printf(o,
	            "<input type=\"hidden\" name=\"version\" value=\"%ld\"><table><thead><tr>"
	            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	            (long)s->version, T(rq, "sites.column.shown"), T(rq, "sites.column.order"),
	            T(rq, "sites.field.name_zh"), T(rq, "sites.field.name_mn"));
	for (size_t i = 0; i < nall; i++) {
		int sort = all[i].sort;
		bool on = false;
		for (size_t j = 0; j < nmine; j++)
			if (mine[j].id == all[i].id) {
				on = true;
				sort = mine[j].sort;
			}
		html_printf(o,
		            "<tr><td><input type=\"checkbox\" name=\"col_%s\" value=\"1\"%R "
		            "aria-label=\"%s\"></td><td><input type=\"number\" name=\"sort_%s\" "
		            "value=\"%d\" min=\"0\" max=\"100000\"></td><td>%s</td>"
		            "<td lang=\"mn-Mong\">",
		            all[i].slug, on ? " checked" : "", all[i].name_zh, all[i].slug, sort,
		            all[i].name_zh);
		html_mn_text(o, all[i].name_mn);
		html_printf(o, "</td></tr>");
	}
	html_printf(o, "</tbody></table><p><button type=\"submit\">%s</button></p></form>",
	            T(rq, "editor.save"));
	html_printf(o,
	            "<h3>%s</h3><form method=\"post\" action=\"/admin/sites/%u/columns/new\" "
	            "class=\"column-new\">",
	            T(rq, "sites.column.new"), s->slug);
	csrf(rq, rs);
	html_printf(o,
	            "<label>%s <input type=\"text\" name=\"column_slug\" required maxlength=\"40\">"
	            "</label> <label>%s <input type=\"text\" name=\"column_name_zh\" required>"
	            "</label> <label>%s <input type=\"text\" name=\"column_name_mn\" required "
	            "lang=\"mn-Mong\"></label> <button type=\"submit\">%s</button></form>",
	            T(rq, "sites.field.column_slug"), T(rq, "sites.field.column_name_zh"),
	            T(rq, "sites.field.column_name_mn"), T(rq, "sites.column.add"));
}

static void editors_html(struct req *rq, struct resp *rs, const struct site *s)
{
	struct strbuf *o = &rs->body;
	struct scope_grant *g = NULL;
	size_t n = 0;
	if (auth_grants_on_scope(rq->app->store, rq->arena, content_site_scope(s), &g, &n) != OK)
		n = 0;
	html_printf(o, "<h2 id=\"editors\">%s</h2><p>%s <code>%s</code></p><ul class=\"editors\">",
	            T(rq, "sites.editors"), T(rq, "sites.editors_scope"), content_site_scope(s));
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<li data-login=\"%s\">%s · %s", g[i].login, g[i].login,
		            T(rq, arena_printf(rq->arena, "console.role.%s", g[i].role)));
		bool staff = false;
		for (size_t k = 0; k < ARRAY_LEN(staff_roles); k++)
			staff |= strcmp(g[i].role, staff_roles[k]) == 0;
		if (staff) {
			html_printf(o,
			            " <form method=\"post\" action=\"/admin/sites/%u/editors\" "
			            "class=\"inline\">",
			            s->slug);
			csrf(rq, rs);
			html_printf(
			    o,
			    "<input type=\"hidden\" name=\"login\" value=\"%s\"><input "
			    "type=\"hidden\" name=\"role\" value=\"%s\"><button name=\"action\" "
			    "value=\"revoke\">%s</button></form>",
			    g[i].login, g[i].role, T(rq, "sites.revoke"));
		}
		html_printf(o, "</li>");
	}
	if (!n)
		html_printf(o, "<li class=\"empty\">%s</li>", T(rq, "sites.editors_none"));
	html_printf(o,
	            "</ul><form method=\"post\" action=\"/admin/sites/%u/editors\" "
	            "class=\"grant\">",
	            s->slug);
	csrf(rq, rs);
	html_printf(o,
	            "<label>%s <input type=\"text\" name=\"login\" required maxlength=\"32\">"
	            "</label> <label>%s <select name=\"role\">",
	            T(rq, "sites.field.login"), T(rq, "sites.field.role"));
	for (size_t k = 0; k < ARRAY_LEN(staff_roles); k++)
		html_printf(o, "<option value=\"%s\">%s</option>", staff_roles[k],
		            T(rq, arena_printf(rq->arena, "console.role.%s", staff_roles[k])));
	html_printf(o,
	            "</select></label> <button name=\"action\" value=\"grant\">%s</button></form>",
	            T(rq, "sites.grant"));
}

/* The site page: fields (f), columns, editors; status is the HTTP status. */
static int site_page_render(struct req *rq, struct resp *rs, const struct site *s,
                            const struct site_form *f, int status)
{
	struct strbuf *o = &rs->body;
	begin(rq, rs, content_site_name(s, rq->lang), status);
	const char *done = req_query(rq, "done");
	static const char *const known[] = {"created", "saved", "columns", "granted", "revoked"};
	for (size_t i = 0; done && i < ARRAY_LEN(known); i++)
		if (strcmp(done, known[i]) == 0)
			html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
			            T(rq, arena_printf(rq->arena, "sites.done.%s", done)));
	refusal(rq, o, f->field, f->error_key);
	html_printf(o,
	            "<p class=\"meta\"><a href=\"/s/%u/\">/s/%s/</a> · %s %ld · "
	            "<a href=\"/admin/articles?site=%u\">%s</a></p>",
	            s->slug, s->slug, T(rq, "editor.version"), (long)s->version, s->slug,
	            T(rq, "editor.nav.articles"));
	fields_html(rq, rs, f, arena_printf(rq->arena, "/admin/sites/%s", s->slug));
	columns_html(rq, rs, s);
	editors_html(rq, rs, s);
	page_end(rq, rs);
	return OK;
}

/* GET /admin/sites/:slug */
static int site_page(struct req *rq, struct resp *rs)
{
	struct site s;
	if (path_site(rq, rs, &s) != OK)
		return OK;
	struct site_form f;
	form_from_site(rq, &f, &s);
	return site_page_render(rq, rs, &s, &f, 200);
}

/* A refused change: the site page again (stored values, or the submitted form f). */
static int site_refused(struct req *rq, struct resp *rs, int status, struct site_form *f,
                        const char *field, const char *key)
{
	struct site s;
	if (content_site_by_slug(rq->app->store, rq->arena, req_param(rq, "slug"), &s) != OK)
		return reply_error(rq, rs, 404, "not_found", "site", "content.error.unknown_site");
	struct site_form stored;
	if (!f) {
		form_from_site(rq, &stored, &s);
		f = &stored;
	}
	f->field = field;
	f->error_key = key;
	return site_page_render(rq, rs, &s, f, status);
}

/* The answer to a site change's commit, by the result of its closure. */
static int change_done(struct req *rq, struct resp *rs, enum content_result r, const char *field,
                       const char *key, struct site_form *f, const char *slug, const char *done)
{
	if (rq->write_result == OK) {
		content_touch();
		return reply_redirect(
		    rs, 303, arena_printf(rq->arena, "/admin/sites/%s?done=%s", slug, done));
	}
	switch (r) {
	case CONTENT_INVALID:
		return site_refused(rq, rs, 400, f, field, key ? key : "error.invalid_value");
	case CONTENT_STALE:
		return site_refused(rq, rs, 409, NULL, "version", "sites.error.stale");
	case CONTENT_NOT_FOUND:
		return reply_error(rq, rs, 404, "not_found", "site", "content.error.unknown_site");
	default:
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	}
}

struct site_change {
	struct site_edit e;
	struct site_form form;
};

static int updated(struct req *rq, struct resp *rs)
{
	struct site_change *c = rq->write_ctx;
	return change_done(rq, rs, c->e.result, c->e.field, c->e.error_key, &c->form, c->e.f.slug,
	                   "saved");
}

/* The audit note of a change to site s. */
static void audit_site(struct req *rq, const char *action, const struct site *s,
                       const char *summary)
{
	int64_t *id = arena_alloc(rq->arena, sizeof *id);
	*id = s->id;
	rq->audit.action = action;
	rq->audit.object_type = "site";
	rq->audit.object_id = id;
	rq->audit.scope = content_site_admin_scope(rq->app->store, rq->arena, s);
	rq->audit.summary = summary;
}

/* POST /admin/sites/:slug (version, the fields) */
static int site_update(struct req *rq, struct resp *rs)
{
	struct site s;
	if (path_site(rq, rs, &s) != OK)
		return OK;
	struct site_change *c = arena_alloc(rq->arena, sizeof *c);
	form_from_request(rq, &c->form);
	if (!c->form.version)
		return site_refused(rq, rs, 400, &c->form, "version", "error.invalid_value");
	const char *field = NULL, *key = NULL;
	if (form_fields(rq, &c->form, &c->e.f, &field, &key) != OK)
		return site_refused(rq, rs, 400, &c->form, field, key);
	/* a site moved elsewhere must land where the admin also manages */
	const char *scope = new_site_scope(rq, &c->e.f);
	if (!scope || !auth_can(auth_principal(rq), SITE_PERM, scope))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
	c->e.id = s.id;
	c->e.version = c->form.version;
	audit_site(rq, "site.update", &s,
	           arena_printf(rq->arena, "%s %s, version %" PRId64, c->e.f.kind, c->e.f.slug,
	                        c->e.version + 1));
	return req_write(rq, content_site_update, c, updated);
}

struct columns_change {
	struct site_columns_set c;
	const char *slug;
};

static int columns_done(struct req *rq, struct resp *rs)
{
	struct columns_change *x = rq->write_ctx;
	return change_done(rq, rs, x->c.result, "columns", "error.invalid_value", NULL, x->slug,
	                   "columns");
}

/* POST /admin/sites/:slug/columns (version, col_<slug>=1, sort_<slug>=N) */
static int site_columns(struct req *rq, struct resp *rs)
{
	struct site s;
	if (path_site(rq, rs, &s) != OK)
		return OK;
	bool ok;
	struct columns_change *x = arena_alloc(rq->arena, sizeof *x);
	x->slug = s.slug;
	x->c.site_id = s.id;
	x->c.version = parse_num(req_form(rq, "version"), 1, INT64_MAX, &ok);
	if (!ok)
		return site_refused(rq, rs, 400, NULL, "version", "error.invalid_value");
	struct content_column *all;
	size_t n;
	if (content_columns(rq->app->store, rq->arena, 0, &all, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	int64_t *ids = arena_alloc(rq->arena, (n + 1) * sizeof *ids);
	int *sorts = arena_alloc(rq->arena, (n + 1) * sizeof *sorts);
	for (size_t i = 0; i < n; i++) {
		if (!req_form(rq, arena_printf(rq->arena, "col_%s", all[i].slug)))
			continue;
		const char *sv = req_form(rq, arena_printf(rq->arena, "sort_%s", all[i].slug));
		int sort = sv && *sv ? (int)parse_num(sv, 0, 100000, &ok) : all[i].sort;
		if (sv && *sv && !ok)
			return site_refused(rq, rs, 400, NULL, "sort", "sites.error.sort");
		ids[x->c.n] = all[i].id;
		sorts[x->c.n++] = sort;
	}
	if (!x->c.n)
		return site_refused(rq, rs, 400, NULL, "columns", "sites.error.no_columns");
	x->c.column_ids = ids;
	x->c.sorts = sorts;
	audit_site(rq, "site.columns", &s, arena_printf(rq->arena, "%zu columns", x->c.n));
	return req_write(rq, content_site_columns_set, x, columns_done);
}

struct column_add {
	struct column_new c;
	const char *slug;
};

static int column_added(struct req *rq, struct resp *rs)
{
	struct column_add *x = rq->write_ctx;
	return change_done(rq, rs, x->c.result, x->c.field, x->c.error_key, NULL, x->slug,
	                   "columns");
}

/* POST /admin/sites/:slug/columns/new (column_slug, column_name_zh, column_name_mn) */
static int site_column_new(struct req *rq, struct resp *rs)
{
	struct site s;
	if (path_site(rq, rs, &s) != OK)
		return OK;
	struct column_add *x = arena_alloc(rq->arena, sizeof *x);
	x->slug = s.slug;
	x->c.site_id = s.id;
	x->c.slug = req_form(rq, "column_slug");
	if (!x->c.slug || !content_slug_valid(x->c.slug))
		return site_refused(rq, rs, 400, NULL, "column_slug", "content.error.slug_invalid");
	const char *zh = req_form(rq, "column_name_zh"), *mn = req_form(rq, "column_name_mn");
	zh = zh ? content_name_clean(rq->arena, zh) : "";
	mn = mn ? content_name_clean(rq->arena, mn) : "";
	if (!zh || !*zh)
		return site_refused(rq, rs, 400, NULL, "column_name_zh",
		                    zh ? "error.required" : "error.too_long");
	if (!mn || !*mn)
		return site_refused(rq, rs, 400, NULL, "column_name_mn",
		                    mn ? "error.required" : "error.too_long");
	x->c.name_zh = zh;
	x->c.name_mn = mn;
	audit_site(rq, "column.create", &s, arena_printf(rq->arena, "column %s", x->c.slug));
	return req_write(rq, content_column_insert, x, column_added);
}

struct editor_change {
	struct grant_change g;
	const char *slug;
};

static int editor_done(struct req *rq, struct resp *rs)
{
	struct editor_change *x = rq->write_ctx;
	if (rq->write_result != OK && x->g.changed == 0)
		return site_refused(rq, rs, 409, NULL, "login",
		                    x->g.revoke ? "sites.error.no_grant" : "sites.error.has_grant");
	return change_done(rq, rs, CONTENT_OK, NULL, NULL, NULL, x->slug,
	                   x->g.revoke ? "revoked" : "granted");
}

/* POST /admin/sites/:slug/editors (login, role editor|reviewer, action grant|revoke) */
static int site_editors(struct req *rq, struct resp *rs)
{
	struct site s;
	if (path_site(rq, rs, &s) != OK)
		return OK;
	const char *login = req_form(rq, "login"), *role = req_form(rq, "role");
	const char *action = req_form(rq, "action");
	bool revoke = action && strcmp(action, "revoke") == 0;
	if (!action || (!revoke && strcmp(action, "grant") != 0))
		return site_refused(rq, rs, 400, NULL, "action", "error.invalid_value");
	bool staff = false;
	for (size_t k = 0; role && k < ARRAY_LEN(staff_roles); k++)
		staff |= strcmp(role, staff_roles[k]) == 0;
	if (!staff)
		return site_refused(rq, rs, 400, NULL, "role", "error.invalid_value");
	struct user_row u;
	if (!login || !*login || auth_user_by_login(rq->app->store, rq->arena, login, &u) != OK)
		return site_refused(rq, rs, 400, NULL, "login", "sites.error.unknown_user");
	const char *scope = arena_strdup(rq->arena, content_site_scope(&s));
	const char *field;
	const char *why = auth_grant_check(rq->app->store, role, scope, &field);
	if (why)
		return site_refused(rq, rs, 400, NULL, "role", why);
	struct editor_change *x = arena_alloc(rq->arena, sizeof *x);
	x->slug = s.slug;
	x->g = (struct grant_change){.user_id = u.id,
	                             .role = role,
	                             .scope = scope,
	                             .by_user = auth_principal(rq)->user_id,
	                             .now_ms = clock_wall_ms(),
	                             .revoke = revoke};
	audit_site(rq, revoke ? "site.revoke" : "site.grant", &s,
	           arena_printf(rq->arena, "role %s, scope %s, user %" PRId64, role, scope, u.id));
	return req_write(rq, auth_grant_change, x, editor_done);
}

void content_sites_console_mount(struct router *r)
{
	router_add(r, "GET", "/admin/sites", SITE_PERM, sites_page);
	router_add(r, "GET", "/admin/sites/new", SITE_PERM, site_new_page);
	router_add(r, "POST", "/admin/sites", SITE_PERM, site_create);
	router_add(r, "GET", "/admin/sites/:slug", SITE_PERM, site_page);
	router_add(r, "POST", "/admin/sites/:slug", SITE_PERM, site_update);
	router_add(r, "POST", "/admin/sites/:slug/columns", SITE_PERM, site_columns);
	router_add(r, "POST", "/admin/sites/:slug/columns/new", SITE_PERM, site_column_new);
	router_add(r, "POST", "/admin/sites/:slug/editors", SITE_PERM, site_editors);
}
