/* officer_http.c: the officer module's routes — the share-link redirect GET /r/:code (the hot
 * path: answered from the link cache, the visit queued in memory), the share card and QR
 * images, the officer's own pages and API (/officer, /api/v1/officers/me...), and the
 * managers' confirmation list and status changes (/admin/officers, /api/v1/officers...).
 * The CSV import pages are in officer_import_http.c.
 *
 * Attribution. A visit is attributed to the link's officer, unless the reader carries a
 * valid forward token naming another officer: the `f` query parameter (put on links that an
 * officer shares while their browser holds an attribution from someone else) or the
 * tala_att cookie that the first redirect set in this browser. The token is signed with a
 * key derived from the data directory's key file and expires officer.attribution_window
 * seconds after the first visit; a token that is malformed, forged or expired is ignored
 * (the link's own officer gets the visit). */
#include "officer/officer_internal.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/i18n.h"
#include "base/log.h"
#include "content/content.h"
#include "html/html.h"
#include "http/validate.h"
#include "reads/reads.h"
#include "region/region.h"

#include <stdlib.h>
#include <string.h>

/* ---- the redirect ---- */

static const char *token_cookie(struct req *rq, const char *name, const char *value,
                                int64_t max_age)
{
	return arena_printf(rq->arena, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s",
	                    name, value, (long long)max_age, rq->app->cfg->tls ? "; Secure" : "");
}

/* GET /r/:code */
static int share_redirect(struct req *rq, struct resp *rs)
{
	const char *code = req_param(rq, "code");
	struct link_entry e;
	if (!code || !officer_code_valid(code) || !officer_cache_get(code, &e))
		return reply_error(rq, rs, 404, "not_found", "code", "officer.error.no_link");
	reply_redirect(rs, 302, e.location);
	resp_header(rs, "Cache-Control", "no-store");
	if (officer_visit_excluded(rq)) {
		officer_visit_excluded_count();
		return OK;
	}
	const struct config *cfg = rq->app->cfg;
	int64_t now_ms = clock_wall_ms(), now_s = now_ms / 1000;
	/* attribution: this browser's first officer (cookie), else the officer a forwarded link
	 * names (f=), else the link's own; forged or expired tokens count as absent */
	int64_t officer = e.officer_id, from;
	if (cfg->officer_attribution_s > 0) {
		if (officer_token_check(kvlist_get(&rq->cookies, OFFICER_ATT_COOKIE), now_s,
		                        &from)) {
			officer = from;
		} else {
			if (officer_token_check(req_query(rq, "f"), now_s, &from))
				officer = from;
			char tok[OFFICER_TOKEN_MAX];
			officer_token_make(officer, now_s + cfg->officer_attribution_s, tok);
			resp_header(
			    rs, "Set-Cookie",
			    token_cookie(rq, OFFICER_ATT_COOKIE, tok, cfg->officer_attribution_s));
		}
	}
	reads_cookie(rq, rs);
	struct visit_raw v = {.link_id = e.link_id,
	                      .officer_id = officer,
	                      .target_id = e.target_id,
	                      .at_ms = now_ms,
	                      .kind = e.kind,
	                      .channel = (uint8_t)officer_channel(req_query(rq, "c"))};
	int64_t self;
	if (officer_self_check(kvlist_get(&rq->cookies, OFFICER_SELF_COOKIE), &self))
		v.self_click = self == officer || self == e.officer_id;
	const char *reader = kvlist_get(&rq->cookies, READS_COOKIE);
	memcpy(v.token, reader, sizeof v.token); /* reads_cookie made it 32 hex digits */
	snprintf(v.client, sizeof v.client, "%s", rq->client_ip);
	officer_visit_queue(&v);
	return OK;
}

/* ---- targets ---- */

const char *officer_target_location(struct store *s, struct arena *a, const char *kind, int64_t id)
{
	if (strcmp(kind, "article") != 0) /* quizzes have no pages yet */
		return NULL;
	struct article art;
	if (content_article_get(s, a, id, &art) != OK)
		return NULL;
	return arena_printf(a, "/s/%s/a/%lld", art.site_slug, (long long)id);
}

struct cache_fill {
	struct store *store;
	struct arena *arena;
	int missing;
};

static void cache_fill_one(const struct share_link *l, void *arg)
{
	struct cache_fill *cf = arg;
	/* a target's location is looked up once: later links to it find it interned */
	const char *loc = officer_cache_location(l->target_kind, l->target_id);
	if (!loc)
		loc = officer_target_location(cf->store, cf->arena, l->target_kind, l->target_id);
	if (loc)
		officer_cache_put(l, loc);
	else
		cf->missing++;
}

int officer_cache_load(struct store *s)
{
	struct arena a;
	arena_init(&a, 1 << 16);
	struct cache_fill cf = {s, &a, 0};
	int rc = officer_links_each(s, &a, cache_fill_one, &cf);
	arena_free(&a);
	if (cf.missing)
		log_msg(LOG_WARN, "officer.cache", "%d links point at targets that are gone",
		        cf.missing);
	return rc;
}

/* ---- helpers ---- */

static const struct principal *who(struct req *rq)
{
	return auth_principal(rq);
}

/* The absolute base URL of this server as the client reached it ("http://host"). */
static const char *base_url(struct req *rq)
{
	const char *host = req_header(rq, "Host");
	bool ok = host && *host && strlen(host) < 256;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' || *p == '[' ||
		     *p == ']';
	return arena_printf(rq->arena, "%s://%s", rq->app->cfg->tls ? "https" : "http",
	                    ok ? host : "localhost");
}

/* The forward token this browser carries for an officer other than me, or NULL. */
static const char *forward_token(struct req *rq, int64_t me)
{
	int64_t from;
	const char *c = kvlist_get(&rq->cookies, OFFICER_ATT_COOKIE);
	if (officer_token_check(c, clock_wall_ms() / 1000, &from) && from != me)
		return c;
	return NULL;
}

json_t *officer_json(const struct officer *o)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)o->id,
	                      "user_id", (json_int_t)o->user_id, "township_code", o->township_code,
	                      "org", o->org, "status", o->status, "bio_zh", o->bio_zh, "bio_mn",
	                      o->bio_mn, "created_at", (json_int_t)o->created_at);
	json_object_set_new(j, "confirmed_at",
	                    o->confirmed_at ? json_integer(o->confirmed_at) : json_null());
	return j;
}

json_t *officer_link_json(struct req *rq, const struct share_link *l, const char *forward)
{
	const char *base = base_url(rq);
	const char *url = arena_printf(rq->arena, "%s/r/%s", base, l->code);
	const char *share = forward ? arena_printf(rq->arena, "%s?f=%s", url, forward) : url;
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "id",
	                 (json_int_t)l->id, "code", l->code, "url", url, "share_url", share, "card",
	                 arena_printf(rq->arena, "%s/card", url), "qr_png",
	                 arena_printf(rq->arena, "%s/qr.png", url), "qr_svg",
	                 arena_printf(rq->arena, "%s/qr.svg", url), "target_kind", l->target_kind,
	                 "target_id", (json_int_t)l->target_id, "created_at",
	                 (json_int_t)l->created_at);
}

/* Fills the display names of o (account, township) through their modules. */
static void officer_names(struct req *rq, struct officer *o)
{
	struct user_row u;
	if (auth_user_by_id(rq->app->store, rq->arena, o->user_id, &u) == OK) {
		o->login = u.login;
		o->name_zh = u.name_zh;
		o->name_mn = u.name_mn;
	}
	struct region r;
	if (region_get(rq->app->store, rq->arena, o->township_code, &r) == OK) {
		o->township_zh = region_display_name(rq, &r);
		o->township_mn = r.name_mn;
	}
}

/* The title of an article in the reader's language (else the other one), or "". */
static const char *target_title(struct req *rq, int64_t id)
{
	struct article art;
	if (content_article_get(rq->app->store, rq->arena, id, &art) != OK)
		return "";
	const struct article_text *t = strcmp(rq->lang, "mn") == 0 && art.mn ? art.mn
	                               : art.zh                              ? art.zh
	                                                                     : art.mn;
	return t && t->title ? t->title : "";
}

/* Loads the caller's officer record; answers 404 (not registered) or 503 itself. */
static int my_officer(struct req *rq, struct resp *rs, struct officer *o)
{
	int rc = officer_by_user(rq->app->store, rq->arena, who(rq)->user_id, o);
	if (rc == OFFICER_NOT_FOUND)
		return reply_error(rq, rs, 404, "not_registered", NULL,
		                   "officer.error.not_registered"),
		       ERR;
	if (rc != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable"), ERR;
	return OK;
}

/* ---- registration ---- */

static const char *check_township(struct req *rq, const char *v)
{
	return officer_township_valid(rq->app->store, v) ? NULL : "officer.error.unknown_township";
}

enum { R_TOWNSHIP, R_ORG, R_BIO_ZH, R_BIO_MN, R_COUNT };

static int register_accept(struct req *rq, struct resp *rs, handler_fn then)
{
	/* managers reach officers by phone, and imports find them by it: it must be proven */
	if (!who(rq)->phone_verified) {
		if (rq->is_api)
			return reply_error(rq, rs, 403, "phone_unverified", NULL,
			                   "officer.error.phone_unverified");
		rs->status = 403;
		officer_view_register(rq, rs, NULL, NULL, "officer.error.phone_unverified");
		return OK;
	}
	const struct field_rule rules[R_COUNT] = {
	    [R_TOWNSHIP] = {"township", true, 9, NULL, check_township},
	    [R_ORG] = {"org", false, 100, NULL, NULL},
	    [R_BIO_ZH] = {"bio_zh", false, 500, NULL, NULL},
	    [R_BIO_MN] = {"bio_mn", false, 500, NULL, NULL},
	};
	const char *v[R_COUNT];
	struct field_error fe;
	if (form_validate(rq, rules, R_COUNT, v, &fe) != OK) {
		if (rq->is_api)
			return form_reply_invalid(rq, rs, &fe);
		rs->status = 400;
		officer_view_register(rq, rs, NULL, fe.field, fe.message_key);
		return OK;
	}
	struct officer_reg *r = arena_alloc(rq->arena, sizeof *r);
	*r = (struct officer_reg){.user_id = who(rq)->user_id,
	                          .now_ms = clock_wall_ms(),
	                          .township_code = v[R_TOWNSHIP],
	                          .org = v[R_ORG],
	                          .bio_zh = v[R_BIO_ZH],
	                          .bio_mn = v[R_BIO_MN]};
	rq->audit.action = "officer.register";
	rq->audit.object_type = "officer";
	rq->audit.object_id = &r->id;
	rq->audit.scope = r->township_code;
	return req_write(rq, officer_register, r, then);
}

static int registered_api(struct req *rq, struct resp *rs)
{
	struct officer_reg *r = rq->write_ctx;
	if (r->conflict)
		return reply_error(rq, rs, 409, "already_officer", NULL, "officer.error.already");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	struct officer o;
	if (officer_by_id(rq->app->store, rq->arena, r->id, &o) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	resp_header(rs, "Location", "/api/v1/officers/me");
	return reply_json(rs, 201, officer_json(&o));
}

static int registered_page(struct req *rq, struct resp *rs)
{
	struct officer_reg *r = rq->write_ctx;
	if (r->conflict)
		return reply_redirect(rs, 303, "/officer");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_redirect(rs, 303, "/officer?note=registered");
}

/* POST /api/v1/officers */
static int api_register(struct req *rq, struct resp *rs)
{
	return register_accept(rq, rs, registered_api);
}

/* POST /officer/register */
static int page_register(struct req *rq, struct resp *rs)
{
	return register_accept(rq, rs, registered_page);
}

/* GET /api/v1/officers/me */
static int api_me(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (my_officer(rq, rs, &o) != OK)
		return OK;
	return reply_json(rs, 200, officer_json(&o));
}

/* ---- links ---- */

/* The target of a link request: "article" (default) and a positive id; ERR after a 400. */
static int link_target(struct req *rq, struct resp *rs, const char **kind, int64_t *id)
{
	const char *k = req_form(rq, "target_kind");
	*kind = k && *k ? k : "article";
	if (strcmp(*kind, "article") != 0)
		return reply_error(rq, rs, 400, "invalid_value", "target_kind",
		                   "officer.error.target_kind"),
		       ERR;
	json_t *j = rq->json ? json_object_get(rq->json, "target_id") : NULL;
	const char *s = req_form(rq, "target_id");
	char *end = NULL;
	*id = json_is_integer(j) ? (int64_t)json_integer_value(j) : s ? strtoll(s, &end, 10) : 0;
	if (*id <= 0 || (end && *end))
		return reply_error(rq, rs, 400, "invalid_value", "target_id",
		                   "officer.error.unknown_target"),
		       ERR;
	return OK;
}

static int link_made(struct req *rq, struct resp *rs)
{
	struct link_create *c = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	const char *loc =
	    officer_target_location(rq->app->store, rq->arena, c->target_kind, c->target_id);
	if (loc)
		officer_cache_put(&c->out, loc);
	if (!rq->is_api)
		return reply_redirect(rs, 303, "/officer?note=link");
	return reply_json(rs, c->created ? 201 : 200,
	                  officer_link_json(rq, &c->out, forward_token(rq, c->officer_id)));
}

/* POST /api/v1/officers/me/links and POST /officer/links */
static int link_create(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (my_officer(rq, rs, &o) != OK)
		return OK;
	if (strcmp(o.status, OFFICER_ACTIVE) != 0)
		return reply_error(rq, rs, 403, "not_active", NULL, "officer.error.not_active");
	const char *kind;
	int64_t id;
	if (link_target(rq, rs, &kind, &id) != OK)
		return OK;
	struct article art;
	if (content_article_get(rq->app->store, rq->arena, id, &art) != OK ||
	    strcmp(art.status, "published") != 0)
		return reply_error(rq, rs, 404, "not_found", "target_id",
		                   "officer.error.unknown_target");
	struct link_create *c = arena_alloc(rq->arena, sizeof *c);
	*c = (struct link_create){
	    .officer_id = o.id, .target_id = id, .now_ms = clock_wall_ms(), .target_kind = kind};
	rq->audit.action = "officer.link";
	rq->audit.object_type = "share_link";
	rq->audit.object_id = &c->out.id;
	rq->audit.scope = o.township_code;
	return req_write(rq, officer_link_create, c, link_made);
}

/* GET /api/v1/officers/me/links */
static int api_links(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (my_officer(rq, rs, &o) != OK)
		return OK;
	struct share_link *links;
	int n = officer_links(rq->app->store, rq->arena, o.id, &links);
	if (n < 0)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	const char *fwd = forward_token(rq, o.id);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *j = officer_link_json(rq, &links[i], fwd);
		json_object_set_new(
		    j, "visits",
		    json_integer(officer_link_visits(rq->app->store, links[i].id, o.id)));
		json_array_append_new(items, j);
	}
	return reply_json(rs, 200,
	                  json_pack("{s:o, s:i, s:n}", "items", items, "total", n, "next"));
}

#define VISIT_DAYS 30

/* GET /api/v1/officers/me/visits */
static int api_visits(struct req *rq, struct resp *rs)
{
	struct officer o;
	if (my_officer(rq, rs, &o) != OK)
		return OK;
	struct visit_day *days;
	int n = officer_visit_days(rq->app->store, rq->arena, o.id, VISIT_DAYS, &days);
	if (n < 0)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:I, s:I}", "day", days[i].day,
		                                       "visits", (json_int_t)days[i].visits,
		                                       "readers", (json_int_t)days[i].readers));
	return reply_json(rs, 200,
	                  json_pack("{s:o, s:i, s:n}", "items", items, "total", n, "next"));
}

/* ---- the officer's page ---- */

#define LATEST      10
#define REGION_SITE "nmg" /* the region portal's slug (tala init creates it) */

/* The region portal's latest articles (for the officer to make links for). */
static void latest_articles(struct req *rq, struct officer_page *pg)
{
	struct site site;
	if (content_site_by_slug(rq->app->store, rq->arena, REGION_SITE, &site) != OK)
		return;
	struct article_filter f = {.site_id = site.id, .limit = LATEST, .now_ms = clock_wall_ms()};
	struct article_page p;
	if (content_articles_list(rq->app->store, rq->arena, &f, &p, NULL) != OK || !p.n)
		return;
	pg->latest = arena_alloc(rq->arena, p.n * sizeof *pg->latest);
	for (size_t i = 0; i < p.n; i++) {
		const struct article_text *t = strcmp(rq->lang, "mn") == 0 && p.items[i].mn
		                                   ? p.items[i].mn
		                               : p.items[i].zh ? p.items[i].zh
		                                               : p.items[i].mn;
		pg->latest[pg->nlatest++] =
		    (struct article_pick){p.items[i].id, t && t->title ? t->title : ""};
	}
}

/* GET /officer: the registration form until registered, then the officer's page. Sets the
 * officer cookie that marks this browser's own clicks. */
static int page_officer(struct req *rq, struct resp *rs)
{
	resp_header(rs, "Cache-Control", "no-store");
	struct officer o;
	int rc = officer_by_user(rq->app->store, rq->arena, who(rq)->user_id, &o);
	if (rc == OFFICER_NOT_FOUND) {
		officer_view_register(rq, rs, NULL, NULL,
		                      who(rq)->phone_verified ? NULL
		                                              : "officer.error.phone_unverified");
		return OK;
	}
	if (rc != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (strcmp(o.status, OFFICER_REJECTED) == 0) {
		officer_view_register(rq, rs, &o, NULL, NULL);
		return OK;
	}
	char self[OFFICER_TOKEN_MAX];
	officer_self_make(o.id, self);
	resp_header(rs, "Set-Cookie", token_cookie(rq, OFFICER_SELF_COOKIE, self, 365 * 86400));
	officer_names(rq, &o);
	struct officer_page pg = {.o = &o};
	int n = officer_links(rq->app->store, rq->arena, o.id, &pg.links);
	pg.nlinks = n > 0 ? (size_t)n : 0;
	pg.link_visits = arena_alloc(rq->arena, (pg.nlinks + 1) * sizeof *pg.link_visits);
	pg.titles = arena_alloc(rq->arena, (pg.nlinks + 1) * sizeof *pg.titles);
	for (size_t i = 0; i < pg.nlinks; i++) {
		pg.link_visits[i] = officer_link_visits(rq->app->store, pg.links[i].id, o.id);
		pg.titles[i] = target_title(rq, pg.links[i].target_id);
	}
	n = officer_visit_days(rq->app->store, rq->arena, o.id, VISIT_DAYS, &pg.days);
	pg.ndays = n > 0 ? (size_t)n : 0;
	pg.forward = forward_token(rq, o.id);
	pg.base = base_url(rq);
	latest_articles(rq, &pg);
	const char *note = req_query(rq, "note");
	pg.note = note && strcmp(note, "registered") == 0 ? "officer.note.registered"
	          : note && strcmp(note, "link") == 0     ? "officer.note.link"
	                                                  : NULL;
	officer_view_page(rq, rs, &pg);
	return OK;
}

/* ---- share card and QR ---- */

static int link_of(struct req *rq, struct resp *rs, struct link_entry *e)
{
	const char *code = req_param(rq, "code");
	if (!code || !officer_code_valid(code) || !officer_cache_get(code, e))
		return reply_error(rq, rs, 404, "not_found", "code", "officer.error.no_link"), ERR;
	return OK;
}

static int qr_reply(struct req *rq, struct resp *rs, bool png)
{
	struct link_entry e;
	if (link_of(rq, rs, &e) != OK)
		return OK;
	const char *text =
	    arena_printf(rq->arena, "%s/r/%.*s?c=qr", base_url(rq), OFFICER_CODE_LEN, e.code);
	int rc = png ? officer_qr_png(text, 8, &rs->body) : officer_qr_svg(text, &rs->body);
	if (rc != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	rs->status = 200;
	rs->content_type = png ? "image/png" : "image/svg+xml";
	resp_header(rs, "Cache-Control", "public, max-age=86400");
	if (!png) /* printed sheets save it with a name */
		resp_header(rs, "Content-Disposition",
		            arena_printf(rq->arena, "inline; filename=\"tala-%.*s.svg\"",
		                         OFFICER_CODE_LEN, e.code));
	return OK;
}

/* GET /r/:code/qr.png */
static int qr_png(struct req *rq, struct resp *rs)
{
	return qr_reply(rq, rs, true);
}

/* GET /r/:code/qr.svg */
static int qr_svg(struct req *rq, struct resp *rs)
{
	return qr_reply(rq, rs, false);
}

/* GET /r/:code/card */
static int share_card(struct req *rq, struct resp *rs)
{
	struct link_entry e;
	if (link_of(rq, rs, &e) != OK)
		return OK;
	struct article art;
	if (content_article_get(rq->app->store, rq->arena, e.target_id, &art) != OK)
		return reply_error(rq, rs, 404, "not_found", "code", "officer.error.no_link");
	const struct article_text *t = strcmp(rq->lang, "mn") == 0 && art.mn ? art.mn
	                               : art.zh                              ? art.zh
	                                                                     : art.mn;
	struct share_link l = {.id = e.link_id,
	                       .officer_id = e.officer_id,
	                       .target_kind = e.kind == TARGET_QUIZ ? "quiz" : "article",
	                       .target_id = e.target_id};
	memcpy(l.code, e.code, OFFICER_CODE_LEN);
	const char *url = arena_printf(rq->arena, "%s/r/%s", base_url(rq), l.code);
	officer_view_card(rq, rs, &l, t ? t->title : "", t && t->summary ? t->summary : "", NULL,
	                  url);
	return OK;
}

/* ---- managers ---- */

#define MANAGE_PAGE 50

static bool status_valid(const char *s)
{
	return s && (strcmp(s, OFFICER_PENDING) == 0 || strcmp(s, OFFICER_ACTIVE) == 0 ||
	             strcmp(s, OFFICER_SUSPENDED) == 0 || strcmp(s, OFFICER_REJECTED) == 0);
}

/* Reads the list a manager asked for (?status=, ?after=); ERR after a 400. */
static int manage_list(struct req *rq, struct resp *rs, const char **status, struct officer **items,
                       int *n, int64_t *next)
{
	const char *st = req_query(rq, "status");
	*status = st && *st ? st : rq->is_api ? NULL : OFFICER_PENDING;
	if (*status && !status_valid(*status))
		return reply_error(rq, rs, 400, "invalid_value", "status", "error.invalid_value"),
		       ERR;
	const char *after = req_query(rq, "after");
	char *end = NULL;
	int64_t after_id = after ? strtoll(after, &end, 10) : 0;
	if (after && (*end || after_id < 0))
		return reply_error(rq, rs, 400, "invalid_value", "after", "error.invalid_value"),
		       ERR;
	const char **scopes;
	size_t ns = auth_scopes(who(rq), OFFICER_PERM_MANAGE, rq->arena, &scopes);
	*n = officer_list(rq->app->store, rq->arena, scopes, ns, *status, after_id, MANAGE_PAGE + 1,
	                  items);
	if (*n < 0)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable"), ERR;
	*next = 0;
	if (*n > MANAGE_PAGE) {
		*n = MANAGE_PAGE;
		*next = (*items)[MANAGE_PAGE - 1].id;
	}
	return OK;
}

/* GET /api/v1/officers */
static int api_list(struct req *rq, struct resp *rs)
{
	const char *status;
	struct officer *items;
	int n;
	int64_t next;
	if (manage_list(rq, rs, &status, &items, &n, &next) != OK)
		return OK;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, officer_json(&items[i]));
	json_t *j = json_pack("{s:o, s:i}", "items", arr, "total", n);
	json_object_set_new(j, "next",
	                    next ? json_string(arena_printf(rq->arena, "%lld", (long long)next))
	                         : json_null());
	return reply_json(rs, 200, j);
}

/* GET /admin/officers */
static int page_manage(struct req *rq, struct resp *rs)
{
	const char *status;
	struct officer *items;
	int n;
	int64_t next;
	if (manage_list(rq, rs, &status, &items, &n, &next) != OK)
		return OK;
	resp_header(rs, "Cache-Control", "no-store");
	for (int i = 0; i < n; i++)
		officer_names(rq, &items[i]);
	officer_view_manage(rq, rs, items, (size_t)n, status, next);
	return OK;
}

static int status_done(struct req *rq, struct resp *rs)
{
	struct officer_status_change *c = rq->write_ctx;
	if (c->not_found)
		return reply_error(rq, rs, 404, "not_found", "id", "officer.error.unknown");
	if (c->conflict)
		return reply_error(rq, rs, 409, "conflict", "status", "officer.error.transition");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (!rq->is_api)
		return reply_redirect(
		    rs, 303, arena_printf(rq->arena, "/admin/officers?status=%s", c->from));
	struct officer o;
	if (officer_by_id(rq->app->store, rq->arena, c->id, &o) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return reply_json(rs, 200, officer_json(&o));
}

/* POST /api/v1/officers/:id/status and POST /admin/officers/:id/status: confirm (active),
 * reject, suspend or reinstate, by a manager whose org.manage grant covers the township. */
static int status_change(struct req *rq, struct resp *rs)
{
	const char *ids = req_param(rq, "id");
	char *end = NULL;
	int64_t id = ids ? strtoll(ids, &end, 10) : 0;
	if (id <= 0 || *end)
		return reply_error(rq, rs, 404, "not_found", "id", "officer.error.unknown");
	const char *to = req_form(rq, "status");
	if (!to || !*to)
		return reply_error(rq, rs, 400, "required", "status", "error.required");
	if (!status_valid(to) || strcmp(to, OFFICER_PENDING) == 0)
		return reply_error(rq, rs, 400, "invalid_value", "status", "error.invalid_value");
	struct officer o;
	int rc = officer_by_id(rq->app->store, rq->arena, id, &o);
	if (rc == OFFICER_NOT_FOUND)
		return reply_error(rq, rs, 404, "not_found", "id", "officer.error.unknown");
	if (rc != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (!auth_can(who(rq), OFFICER_PERM_MANAGE, o.township_code))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden");
	if (o.user_id == who(rq)->user_id) /* nobody confirms themselves */
		return reply_error(rq, rs, 403, "forbidden", NULL, "officer.error.self");
	struct officer_status_change *c = arena_alloc(rq->arena, sizeof *c);
	*c = (struct officer_status_change){
	    .id = id, .by_user = who(rq)->user_id, .now_ms = clock_wall_ms(), .to = to};
	rq->audit.action = "officer.status";
	rq->audit.object_type = "officer";
	rq->audit.object_id = &c->id;
	rq->audit.scope = o.township_code;
	rq->audit.summary = arena_printf(rq->arena, "%s -> %s", o.status, to);
	return req_write(rq, officer_status_set, c, status_done);
}

void officer_import_mount(struct router *r);

void officer_mount(struct router *r)
{
	struct route *rt = router_add(r, "GET", "/r/:code", PERM_PUBLIC, share_redirect);
	rt->no_session = true; /* the hot path reads no session: it needs no principal */
	router_add(r, "GET", "/r/:code/card", PERM_PUBLIC, share_card);
	router_add(r, "GET", "/r/:code/qr.png", PERM_PUBLIC, qr_png);
	router_add(r, "GET", "/r/:code/qr.svg", PERM_PUBLIC, qr_svg);
	router_add(r, "GET", "/officer", PERM_SELF, page_officer);
	router_add(r, "POST", "/officer/register", PERM_SELF, page_register);
	router_add(r, "POST", "/officer/links", PERM_SELF, link_create);
	router_add(r, "POST", "/api/v1/officers", PERM_SELF, api_register);
	router_add(r, "GET", "/api/v1/officers/me", PERM_SELF, api_me);
	router_add(r, "GET", "/api/v1/officers/me/links", PERM_SELF, api_links);
	router_add(r, "POST", "/api/v1/officers/me/links", PERM_SELF, link_create);
	router_add(r, "GET", "/api/v1/officers/me/visits", PERM_SELF, api_visits);
	router_add(r, "GET", "/api/v1/officers", OFFICER_PERM_MANAGE, api_list);
	router_add(r, "POST", "/api/v1/officers/:id/status", OFFICER_PERM_MANAGE, status_change);
	router_add(r, "GET", "/admin/officers", OFFICER_PERM_MANAGE, page_manage);
	router_add(r, "POST", "/admin/officers/:id/status", OFFICER_PERM_MANAGE, status_change);
	officer_import_mount(r);
}
