/* auth_admin_http.c: the staff console's user pages — users and grants within the
 * signed-in admin's scope — and their JSON mirrors (/api/v1/users). A user outside the
 * viewer's scope answers 404, as if there were none; one who holds a role beyond the
 * admin's scope is shown but not changed (403). Writes take effect with their audit entry;
 * a phone number shown in full is itself an audited write. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/utf8.h"
#include "http/validate.h"
#include "region/region.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 50
#define Q_MAX_CHARS  100

/* ---- field checks (validator tables below) ---- */

static const char *check_login(struct req *rq, const char *v)
{
	return auth_login_check(v);
}

static const char *check_name(struct req *rq, const char *v)
{
	return auth_name_normalize(rq->arena, v) ? NULL : "error.too_long";
}

static const char *check_region(struct req *rq, const char *v)
{
	return auth_scope_valid(v) && strncmp(v, "site:", 5) != 0 &&
	               region_exists(rq->app->store, v)
	           ? NULL
	           : "error.unknown_region";
}

static const char *check_phone(struct req *rq, const char *v)
{
	return auth_phone_normalize(rq->arena, v) ? NULL : "console.error.invalid_phone";
}

static const char *check_lang(struct req *rq, const char *v)
{
	return strcmp(v, "zh") == 0 || strcmp(v, "mn") == 0 ? NULL : "error.invalid_value";
}

static const char *check_status(struct req *rq, const char *v)
{
	return strcmp(v, "active") == 0 || strcmp(v, "locked") == 0 || strcmp(v, "disabled") == 0
	           ? NULL
	           : "error.invalid_value";
}

/* Parses a positive decimal id; false when s is not one. */
static bool parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
		return false;
	*out = strtoll(s, NULL, 10);
	return *out > 0;
}

static const char *check_version(struct req *rq, const char *v)
{
	int64_t n;
	return parse_id(v, &n) ? NULL : "error.invalid_value";
}

/* ---- loading what a page shows ---- */

/* Console pages carry personal data: never kept by a browser or proxy cache. */
static void no_store(struct resp *rs)
{
	resp_header(rs, "Cache-Control", "no-store");
}

/* Completes u from its row: the phone masked, and the grants. */
static int admin_user_fill(struct req *rq, struct admin_user *u)
{
	u->phone_masked = NULL;
	if (u->row.phone_len) {
		char *phone = auth_phone_open(rq->arena, u->row.phone_enc, u->row.phone_len);
		u->phone_masked = phone ? auth_mask(rq->arena, phone) : "****";
	}
	struct principal holder = {0};
	int rc = auth_grants_load(rq->app->store, rq->arena, u->row.id, &holder);
	u->grants = holder.grants;
	u->ngrants = holder.ngrants;
	return rc;
}

/* Loads the user :id into u. Someone the viewer may neither read (user.read) nor use perm
 * on answers 404, exactly like an unknown id; someone visible whom perm does not cover
 * answers 403. Returns OK, or ERR after replying. */
static int target_load(struct req *rq, struct resp *rs, const char *perm, struct admin_user *u)
{
	const struct principal *p = auth_principal(rq);
	int64_t id;
	if (!parse_id(req_param(rq, "id"), &id) ||
	    auth_user_by_id(rq->app->store, rq->arena, id, &u->row) != OK ||
	    (!auth_can(p, "user.read", u->row.region_code) &&
	     !auth_can(p, perm, u->row.region_code)))
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found"), ERR;
	if (!auth_can(p, perm, u->row.region_code))
		return reply_error(rq, rs, 403, "forbidden", NULL, "error.forbidden"), ERR;
	if (admin_user_fill(rq, u) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal"), ERR;
	return OK;
}

/* Whether p may change u: u's region and every scope u holds a role in lie within p's
 * user.manage scopes — a league's admin cannot lock or re-grant someone who acts for the
 * whole region. */
static bool may_manage(const struct principal *p, const struct admin_user *u)
{
	if (!auth_can(p, "user.manage", u->row.region_code))
		return false;
	for (size_t i = 0; i < u->ngrants; i++)
		if (!auth_can(p, "user.manage", u->grants[i].scope))
			return false;
	return true;
}

static json_t *user_json(const struct admin_user *u)
{
	json_t *grants = json_array();
	for (size_t i = 0; i < u->ngrants; i++)
		json_array_append_new(grants, json_pack("{s:s, s:s}", "role", u->grants[i].role,
		                                        "scope", u->grants[i].scope));
	const struct user_row *r = &u->row;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "id",
	                      (json_int_t)r->id, "login", r->login, "name_zh", r->name_zh,
	                      "name_mn", r->name_mn, "region", r->region_code, "status", r->status,
	                      "lang", r->lang, "version", (json_int_t)r->version, "grants", grants);
	json_object_set_new(o, "phone",
	                    u->phone_masked ? json_string(u->phone_masked) : json_null());
	json_object_set_new(o, "phone_verified", json_boolean(r->phone_verified_at > 0));
	return o;
}

/* ---- the list ---- */

/* Reads ?region= ?q= ?cursor= ?limit= into f, with the viewer's user.read scopes; replies
 * 400 and returns ERR when one is bad. (The route's access check has already refused a
 * region outside the viewer's scope.) */
static int list_query(struct req *rq, struct resp *rs, struct user_filter *f)
{
	memset(f, 0, sizeof *f);
	const char **scopes;
	f->nscopes = auth_scopes(auth_principal(rq), "user.read", rq->arena, &scopes);
	f->scopes = scopes;
	f->limit = PAGE_DEFAULT;
	const char *region = req_query(rq, "region");
	const char *q = req_query(rq, "q");
	const char *cursor = req_query(rq, "cursor");
	const char *limit = req_query(rq, "limit");
	if (region && *region) {
		if (check_region(rq, region))
			return reply_error(rq, rs, 400, "unknown_region", "region",
			                   "error.unknown_region"),
			       ERR;
		f->region = region;
	}
	if (q && *q) {
		if (utf8_length(q, strlen(q)) > Q_MAX_CHARS)
			return reply_error(rq, rs, 400, "too_long", "q", "error.too_long"), ERR;
		f->q = q;
	}
	if (cursor && *cursor && !parse_id(cursor, &f->after_id))
		return reply_error(rq, rs, 400, "invalid_value", "cursor", "error.invalid_value"),
		       ERR;
	int64_t n;
	if (limit && (!parse_id(limit, &n) || n > AUTH_USERS_PAGE_MAX))
		return reply_error(rq, rs, 400, "invalid_value", "limit", "error.invalid_value"),
		       ERR;
	if (limit)
		f->limit = (int)n;
	return OK;
}

/* GET /admin/users and GET /api/v1/users */
static int users_list(struct req *rq, struct resp *rs)
{
	struct user_filter f;
	struct user_page pg;
	if (list_query(rq, rs, &f) != OK)
		return OK;
	if (auth_users_list(rq->app->store, rq->arena, &f, &pg) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	struct admin_user *users = arena_alloc(rq->arena, sizeof *users * (pg.n ? pg.n : 1));
	for (size_t i = 0; i < pg.n; i++) {
		users[i].row = pg.items[i];
		if (admin_user_fill(rq, &users[i]) != OK)
			return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	}
	no_store(rs);
	if (rq->is_api) {
		json_t *items = json_array();
		for (size_t i = 0; i < pg.n; i++)
			json_array_append_new(items, user_json(&users[i]));
		json_t *o = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)pg.total);
		json_object_set_new(
		    o, "next",
		    pg.next ? json_string(arena_printf(rq->arena, "%lld", (long long)pg.next))
		            : json_null());
		return reply_json(rs, 200, o);
	}
	auth_view_users(rq, rs, &f, users, pg.n, pg.total, pg.next,
	                auth_can(auth_principal(rq), "user.manage", NULL));
	return OK;
}

/* ---- one user ---- */

/* Renders the user page with a message; status is the answer's. */
static int user_page(struct req *rq, struct resp *rs, const struct admin_user *u, int status,
                     const struct admin_note *note)
{
	const struct principal *p = auth_principal(rq);
	rs->status = status;
	no_store(rs);
	auth_view_user(rq, rs, u, note, may_manage(p, u),
	               auth_can(p, "personal.unmask", u->row.region_code));
	return OK;
}

/* Answers a refused form on the user page: the form's message, its values kept. */
static int user_refuse(struct req *rq, struct resp *rs, const struct admin_user *u, int status,
                       const char *form, const char *field, const char *key)
{
	struct admin_note note = {key, form, field, NULL, true};
	return user_page(rq, rs, u, status, &note);
}

/* GET /admin/users/:id and GET /api/v1/users/:id */
static int user_get(struct req *rq, struct resp *rs)
{
	struct admin_user u;
	if (target_load(rq, rs, "user.read", &u) != OK)
		return OK;
	if (rq->is_api) {
		no_store(rs);
		return reply_json(rs, 200, user_json(&u));
	}
	const char *saved = req_query(rq, "saved");
	struct admin_note note = {0};
	if (saved && strcmp(saved, "1") == 0)
		note.notice_key = "console.saved";
	return user_page(rq, rs, &u, 200, &note);
}

/* The start of every change to the user :id: loads them for user.manage (404/403; 403 too
 * when they hold a role beyond the admin's scope) and validates the fields of form into v
 * (400 on the user page). Returns OK, or ERR after replying. */
static int change_begin(struct req *rq, struct resp *rs, const struct field_rule *rules, size_t n,
                        const char **v, const char *form, struct admin_user *u)
{
	if (target_load(rq, rs, "user.manage", u) != OK)
		return ERR;
	if (!may_manage(auth_principal(rq), u))
		return user_refuse(rq, rs, u, 403, NULL, NULL, "console.error.out_of_scope"), ERR;
	struct field_error fe;
	if (form_validate(rq, rules, n, v, &fe) != OK)
		return user_refuse(rq, rs, u, 400, form, fe.field, fe.message_key), ERR;
	return OK;
}

/* The user as it is now, on the user page with a message (after a write was refused). */
static int user_reload(struct req *rq, struct resp *rs, int status, const char *form,
                       const char *key)
{
	struct admin_user u;
	if (target_load(rq, rs, "user.read", &u) != OK)
		return OK;
	struct admin_note note = {key, form, NULL, NULL, false};
	return user_page(rq, rs, &u, status, &note);
}

static int user_saved(struct req *rq, struct resp *rs)
{
	return reply_redirect(
	    rs, 303, arena_printf(rq->arena, "/admin/users/%s?saved=1", req_param(rq, "id")));
}

/* "a, b" */
static const char *changes_add(struct arena *a, const char *list, const char *what)
{
	return *list ? arena_printf(a, "%s, %s", list, what) : what;
}

static const char *changes_value(struct arena *a, const char *list, const char *name,
                                 const char *from, const char *to)
{
	if (strcmp(from, to) == 0)
		return list;
	return changes_add(a, list, arena_printf(a, "%s %s -> %s", name, from, to));
}

static int user_edit_done(struct req *rq, struct resp *rs)
{
	struct user_edit *e = rq->write_ctx;
	if (rq->write_result == OK)
		return user_saved(rq, rs);
	if (e->stale)
		return user_reload(rq, rs, 409, "edit", "console.error.stale");
	return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
}

/* POST /admin/users/:id: names, region, status, language; "version" is the one the form
 * was made from (409 when someone else saved first). */
static int user_edit(struct req *rq, struct resp *rs)
{
	enum { E_NAME_ZH, E_NAME_MN, E_REGION, E_STATUS, E_LANG, E_VERSION, E_COUNT };
	static const struct field_rule rules[E_COUNT] = {
	    [E_NAME_ZH] = {"name_zh", false, AUTH_NAME_MAX, NULL, check_name},
	    [E_NAME_MN] = {"name_mn", false, AUTH_NAME_MAX, NULL, check_name},
	    [E_REGION] = {"region", true, 12, NULL, check_region},
	    [E_STATUS] = {"status", true, 8, NULL, check_status},
	    [E_LANG] = {"lang", true, 2, NULL, check_lang},
	    [E_VERSION] = {"version", true, 18, NULL, check_version},
	};
	const struct principal *p = auth_principal(rq);
	struct admin_user u;
	const char *v[E_COUNT];
	if (change_begin(rq, rs, rules, E_COUNT, v, "edit", &u) != OK)
		return OK;
	if (!auth_can(p, "user.manage", v[E_REGION]))
		return user_refuse(rq, rs, &u, 403, "edit", "region", "console.error.out_of_scope");
	if (u.row.id == p->user_id && strcmp(v[E_STATUS], "active") != 0)
		return user_refuse(rq, rs, &u, 400, "edit", "status", "console.error.self_lock");
	struct user_edit *e = arena_alloc(rq->arena, sizeof *e);
	*e = (struct user_edit){
	    .id = u.row.id,
	    .version = strtoll(v[E_VERSION], NULL, 10),
	    .name_zh = v[E_NAME_ZH] ? auth_name_normalize(rq->arena, v[E_NAME_ZH]) : "",
	    .name_mn = v[E_NAME_MN] ? auth_name_normalize(rq->arena, v[E_NAME_MN]) : "",
	    .region_code = v[E_REGION],
	    .status = v[E_STATUS],
	    .lang = v[E_LANG],
	    .now_ms = clock_wall_ms(),
	};
	/* what changed, for the audit log: names by field only (personal data) */
	const char *changes = "";
	if (strcmp(e->name_zh, u.row.name_zh) != 0)
		changes = changes_add(rq->arena, changes, "name_zh");
	if (strcmp(e->name_mn, u.row.name_mn) != 0)
		changes = changes_add(rq->arena, changes, "name_mn");
	changes = changes_value(rq->arena, changes, "region", u.row.region_code, e->region_code);
	changes = changes_value(rq->arena, changes, "status", u.row.status, e->status);
	changes = changes_value(rq->arena, changes, "lang", u.row.lang, e->lang);
	if (e->version != u.row.version)
		return user_reload(rq, rs, 409, "edit", "console.error.stale");
	if (!*changes)
		return user_saved(rq, rs);
	rq->audit.action = "user.update";
	rq->audit.object_type = "user";
	rq->audit.object_id = &e->id;
	rq->audit.scope = u.row.region_code;
	rq->audit.summary = changes;
	return req_write(rq, auth_user_update, e, user_edit_done);
}

/* ---- grants ---- */

static int grant_done(struct req *rq, struct resp *rs)
{
	struct grant_change *g = rq->write_ctx;
	if (rq->write_result == OK || (g->changed == 0 && !g->revoke)) /* granted, or had it */
		return user_saved(rq, rs);
	if (g->changed == 0)
		return user_reload(rq, rs, 404, "grant", "console.error.no_such_grant");
	return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
}

/* Grants or revokes role on scope for the user :id; scope must lie within the admin's. */
static int grant_post(struct req *rq, struct resp *rs, bool revoke)
{
	enum { G_ROLE, G_SCOPE, G_COUNT };
	static const struct field_rule rules[G_COUNT] = {
	    [G_ROLE] = {"role", true, 32, NULL, NULL},
	    [G_SCOPE] = {"scope", true, 24, NULL, NULL},
	};
	const struct principal *p = auth_principal(rq);
	struct admin_user u;
	const char *v[G_COUNT], *field;
	if (change_begin(rq, rs, rules, G_COUNT, v, "grant", &u) != OK)
		return OK;
	const char *why = auth_grant_check(rq->app->store, v[G_ROLE], v[G_SCOPE], &field);
	if (why)
		return user_refuse(rq, rs, &u, 400, "grant", field, why);
	if (!auth_can(p, "user.manage", v[G_SCOPE]))
		return user_refuse(rq, rs, &u, 403, "grant", "scope", "console.error.out_of_scope");
	struct grant_change *g = arena_alloc(rq->arena, sizeof *g);
	*g = (struct grant_change){u.row.id,        v[G_ROLE], v[G_SCOPE], p->user_id,
	                           clock_wall_ms(), revoke,    0};
	rq->audit.action = revoke ? "user.revoke" : "user.grant";
	rq->audit.object_type = "user";
	rq->audit.object_id = &g->user_id;
	rq->audit.scope = u.row.region_code;
	rq->audit.summary = arena_printf(rq->arena, "role %s, scope %s", g->role, g->scope);
	return req_write(rq, auth_grant_change, g, grant_done);
}

/* POST /admin/users/:id/grants */
static int grant_add(struct req *rq, struct resp *rs)
{
	return grant_post(rq, rs, false);
}

/* POST /admin/users/:id/grants/delete */
static int grant_revoke(struct req *rq, struct resp *rs)
{
	return grant_post(rq, rs, true);
}

/* ---- creating a user ---- */

/* Answers a refused new-user form: the form again with its values and the reason. */
static int new_refuse(struct req *rq, struct resp *rs, int status, const char *field,
                      const char *key)
{
	struct admin_note note = {key, "new", field, NULL, true};
	rs->status = status;
	no_store(rs);
	auth_view_user_new(rq, rs, &note);
	return OK;
}

/* GET /admin/users/new */
static int user_new_page(struct req *rq, struct resp *rs)
{
	struct admin_note note = {0};
	no_store(rs);
	auth_view_user_new(rq, rs, &note);
	return OK;
}

static int user_created(struct req *rq, struct resp *rs)
{
	struct user_new *u = rq->write_ctx;
	if (rq->write_result == OK)
		return reply_redirect(
		    rs, 303, arena_printf(rq->arena, "/admin/users/%lld", (long long)u->id));
	if (strcmp(u->error, "auth.login_taken") == 0)
		return new_refuse(rq, rs, 409, "login", u->error);
	if (strcmp(u->error, "error.unknown_region") == 0)
		return new_refuse(rq, rs, 400, "region", u->error);
	return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
}

/* POST /admin/users: a new account in a region within the admin's scope. */
static int user_create(struct req *rq, struct resp *rs)
{
	enum { N_LOGIN, N_PASSWORD, N_NAME_ZH, N_NAME_MN, N_REGION, N_PHONE, N_LANG, N_COUNT };
	static const struct field_rule rules[N_COUNT] = {
	    [N_LOGIN] = {"login", true, 32, NULL, check_login},
	    [N_PASSWORD] = {"password", true, 256, NULL, NULL},
	    [N_NAME_ZH] = {"name_zh", false, AUTH_NAME_MAX, NULL, check_name},
	    [N_NAME_MN] = {"name_mn", false, AUTH_NAME_MAX, NULL, check_name},
	    [N_REGION] = {"region", true, 12, NULL, check_region},
	    [N_PHONE] = {"phone", false, 24, NULL, check_phone},
	    [N_LANG] = {"lang", false, 2, NULL, check_lang},
	};
	const char *v[N_COUNT];
	struct field_error fe;
	if (form_validate(rq, rules, N_COUNT, v, &fe) != OK)
		return new_refuse(rq, rs, 400, fe.field, fe.message_key);
	/* the scope comes from the form: the route could not check it */
	if (!auth_can(auth_principal(rq), "user.manage", v[N_REGION]))
		return new_refuse(rq, rs, 403, "region", "console.error.out_of_scope");
	char *login = arena_strdup(rq->arena, v[N_LOGIN]);
	for (char *c = login; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	const char *why = auth_password_policy(login, v[N_PASSWORD]);
	if (why)
		return new_refuse(rq, rs, 400, "password", why);
	char *hash = arena_alloc(rq->arena, 160);
	if (auth_password_hash(rq->app->cfg, v[N_PASSWORD], hash, 160) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	struct user_new *u = arena_alloc(rq->arena, sizeof *u);
	*u = (struct user_new){
	    .login = login,
	    .password_hash = hash,
	    .name_zh = v[N_NAME_ZH] ? auth_name_normalize(rq->arena, v[N_NAME_ZH]) : "",
	    .name_mn = v[N_NAME_MN] ? auth_name_normalize(rq->arena, v[N_NAME_MN]) : "",
	    .region_code = v[N_REGION],
	    .lang = v[N_LANG] ? v[N_LANG] : rq->lang,
	    .phone = v[N_PHONE] ? auth_phone_normalize(rq->arena, v[N_PHONE]) : NULL,
	    .now_ms = clock_wall_ms(),
	};
	rq->audit.action = "user.create";
	rq->audit.object_type = "user";
	rq->audit.object_id = &u->id;
	rq->audit.scope = u->region_code;
	rq->audit.summary = arena_printf(rq->arena, "login %s, region %s%s", login, u->region_code,
	                                 u->phone ? ", phone recorded" : "");
	return req_write(rq, auth_user_insert, u, user_created);
}

/* ---- the full phone number ---- */

struct phone_view {
	struct admin_user user;
	const char *phone;
};

static int phone_shown(struct req *rq, struct resp *rs)
{
	struct phone_view *pv = rq->write_ctx;
	/* no audit entry, no number */
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	no_store(rs);
	auth_view_user_phone(rq, rs, &pv->user, pv->phone);
	return OK;
}

/* POST /admin/users/:id/phone: the number in full, for roles with personal.unmask over the
 * user's region; every view appends an audit entry before the number is sent. A POST (with
 * the session's CSRF token) because it writes: a link, a prefetch or an image tag cannot
 * make an audited view happen. */
static int user_phone(struct req *rq, struct resp *rs)
{
	struct phone_view *pv = arena_alloc(rq->arena, sizeof *pv);
	if (target_load(rq, rs, "personal.unmask", &pv->user) != OK)
		return OK;
	if (!pv->user.row.phone_len) { /* nothing to unmask */
		no_store(rs);
		auth_view_user_phone(rq, rs, &pv->user, NULL);
		return OK;
	}
	pv->phone = auth_phone_open(rq->arena, pv->user.row.phone_enc, pv->user.row.phone_len);
	if (!pv->phone)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	rq->audit.action = "personal.unmask";
	rq->audit.object_type = "user";
	rq->audit.object_id = &pv->user.row.id;
	rq->audit.scope = pv->user.row.region_code;
	rq->audit.summary = "phone";
	return req_write(rq, auth_noop_write, pv, phone_shown);
}

void auth_admin_mount(struct router *r)
{
	router_add(r, "GET", "/admin/users", "user.read", users_list)->scope_param = "region";
	router_add(r, "GET", "/api/v1/users", "user.read", users_list)->scope_param = "region";
	router_add(r, "GET", "/admin/users/new", "user.manage", user_new_page);
	router_add(r, "POST", "/admin/users", "user.manage", user_create);
	router_add(r, "GET", "/admin/users/:id", "user.read", user_get);
	router_add(r, "GET", "/api/v1/users/:id", "user.read", user_get);
	router_add(r, "POST", "/admin/users/:id", "user.manage", user_edit);
	router_add(r, "POST", "/admin/users/:id/grants", "user.manage", grant_add);
	router_add(r, "POST", "/admin/users/:id/grants/delete", "user.manage", grant_revoke);
	router_add(r, "POST", "/admin/users/:id/phone", "personal.unmask", user_phone);
}
