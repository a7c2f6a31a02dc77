/* auth_account_http.c: "my account" — change password, language preference, sessions (list,
 * end one, sign out everywhere), API tokens (create, list, revoke). Pages under /account and
 * their JSON mirrors under /api/v1/me/. Every route needs only a signed-in user (PERM_SELF)
 * and acts on that user's own rows; every write names itself in rq->audit. A new token is
 * answered once and only its hash is stored. Changing the password needs a session (not an
 * API token) and the current password. */
#include "auth/auth.h"
#include "auth/auth_phone.h"
#include "base/clock.h"
#include "base/common.h"
#include "http/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_COOKIE "tala_session"

static const struct principal *me(struct req *rq)
{
	return rq->principal;
}

/* Answers a refused account action: the JSON error, or the page with the message by the form
 * it belongs to (form: "password", "token", or NULL for the top of the page). */
static int refuse(struct req *rq, struct resp *rs, int status, const char *code, const char *field,
                  const char *key, const char *form)
{
	if (rq->is_api)
		return reply_error(rq, rs, status, code, field, key);
	rs->status = status;
	struct account_page pg = {.error_key = key, .error_form = form};
	auth_view_account(rq, rs, &pg);
	return OK;
}

static int refuse_invalid(struct req *rq, struct resp *rs, const struct field_error *fe,
                          const char *form)
{
	return refuse(rq, rs, 400, fe->code, fe->field, fe->message_key, form);
}

/* The positive integer id in the path, or 0. */
static int64_t path_id(struct req *rq)
{
	const char *v = req_param(rq, "id");
	char *end;
	long long id = v ? strtoll(v, &end, 10) : 0;
	return v && *v && !*end && id > 0 ? (int64_t)id : 0;
}

static void clear_session_cookie(struct req *rq, struct resp *rs)
{
	resp_header(rs, "Set-Cookie",
	            arena_printf(rq->arena, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
	                         SESSION_COOKIE, rq->app->cfg->tls ? "; Secure" : ""));
}

/* After a successful write: 204 for the API, else back to the account page with a notice
 * (?done=<what>). */
static int done_reply(struct req *rq, struct resp *rs, const char *what)
{
	if (rq->is_api) {
		rs->status = 204;
		rs->content_type = NULL;
		return OK;
	}
	return reply_redirect(rs, 303, arena_printf(rq->arena, "/account?done=%s", what));
}

/* ---- the page ---- */

/* GET /account */
static int account_get(struct req *rq, struct resp *rs)
{
	static const struct {
		const char *done, *key;
	} notices[] = {
	    {"password", "account.password_changed"}, {"session", "account.session_ended"},
	    {"token", "account.token_revoked"},       {"lang", "account.lang_saved"},
	    {"phone", "signup.phone_done"},
	};
	struct account_page pg = {0};
	const char *done = req_query(rq, "done");
	for (size_t i = 0; done && i < ARRAY_LEN(notices); i++)
		if (strcmp(done, notices[i].done) == 0)
			pg.notice_key = notices[i].key;
	auth_view_account(rq, rs, &pg);
	return OK;
}

/* ---- password ---- */

static int password_done(struct req *rq, struct resp *rs)
{
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return done_reply(rq, rs, "password");
}

static int password_wrong_done(struct req *rq, struct resp *rs)
{
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return refuse(rq, rs, 400, "wrong_password", "current", "account.password_wrong",
	              "password");
}

/* A wrong current password counts as a failed sign-in of the account (same back-off window
 * and lock), so a stolen session cannot be used to guess the password. */
static int password_wrong(struct req *rq, struct resp *rs, const struct user_row *u, int64_t now)
{
	const struct config *cfg = rq->app->cfg;
	char *account = auth_account_key(rq->arena, u->login);
	struct login_attempt *la = arena_alloc(rq->arena, sizeof *la);
	*la = (struct login_attempt){account,
	                             rq->client_ip,
	                             now,
	                             false,
	                             cfg->lock_failures,
	                             cfg->lock_window_s * 1000,
	                             cfg->lock_s * 1000,
	                             false};
	rq->audit.action = "account.password_check.failed";
	rq->audit.object_type = "user";
	rq->audit.object_key = account;
	rq->audit.scope = u->region_code;
	return req_write(rq, auth_login_attempt_record, la, password_wrong_done);
}

/* POST /account/password and PUT /api/v1/me/password: current password, new password
 * (twice on the page); the other sessions end. */
static int password_post(struct req *rq, struct resp *rs)
{
	const struct principal *p = me(rq);
	if (!p->session_id)
		return refuse(rq, rs, 403, "session_required", NULL, "account.session_required",
		              "password");
	enum { F_CURRENT, F_NEW, F_REPEAT, F_COUNT };
	const struct field_rule rules[F_COUNT] = {
	    [F_CURRENT] = {"current", true, 256, NULL, NULL},
	    [F_NEW] = {"password", true, 256, NULL, NULL},
	    [F_REPEAT] = {"password2", !rq->is_api, 256, NULL, NULL},
	};
	const char *v[F_COUNT];
	struct field_error fe;
	if (form_validate(rq, rules, F_COUNT, v, &fe) != OK)
		return refuse_invalid(rq, rs, &fe, "password");
	struct user_row u;
	if (auth_user_by_id(rq->app->store, rq->arena, p->user_id, &u) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (strcmp(u.password_hash, AUTH_NO_PASSWORD) == 0) /* signs in by SMS code only */
		return refuse(rq, rs, 403, "no_password", NULL, "signup.no_password", "password");
	int64_t now = clock_wall_ms();
	if (u.locked_until > now) /* locked by failed sign-ins or failed checks here */
		return refuse(rq, rs, 429, "rate_limited", "current", "auth.too_many_attempts",
		              "password");
	if (!auth_password_verify(u.password_hash, v[F_CURRENT]))
		return password_wrong(rq, rs, &u, now);
	if (v[F_REPEAT] && strcmp(v[F_REPEAT], v[F_NEW]) != 0)
		return refuse(rq, rs, 400, "mismatch", "password2", "account.password_mismatch",
		              "password");
	const char *why = auth_password_policy(u.login, v[F_NEW]);
	if (why)
		return refuse(rq, rs, 400, "weak_password", "password", why, "password");
	struct password_change *c = arena_alloc(rq->arena, sizeof *c);
	char *hash = arena_alloc(rq->arena, 160);
	if (auth_password_hash(rq->app->cfg, v[F_NEW], hash, 160) != OK)
		return reply_error(rq, rs, 500, "internal", NULL, "error.internal");
	*c = (struct password_change){p->user_id, hash, now, p->session_id};
	rq->audit.action = "account.password_change";
	rq->audit.object_type = "user";
	rq->audit.object_id = &c->user_id;
	rq->audit.scope = p->region_code;
	rq->audit.summary = "password changed; the user's other sessions ended";
	return req_write(rq, auth_password_set, c, password_done);
}

/* ---- language ---- */

static const char *check_lang(struct req *rq, const char *v)
{
	return strcmp(v, "zh") == 0 || strcmp(v, "mn") == 0 ? NULL : "error.invalid_value";
}

static int lang_done(struct req *rq, struct resp *rs)
{
	struct lang_change *c = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	/* ?lang= also sets the language cookie, so the choice shows at once */
	return reply_redirect(rs, 303,
	                      arena_printf(rq->arena, "/account?done=lang&lang=%s", c->lang));
}

/* POST /account/lang */
static int lang_post(struct req *rq, struct resp *rs)
{
	static const struct field_rule rules[] = {{"lang", true, 2, NULL, check_lang}};
	const char *v[1];
	struct field_error fe;
	if (form_validate(rq, rules, 1, v, &fe) != OK)
		return refuse_invalid(rq, rs, &fe, NULL);
	struct lang_change *c = arena_alloc(rq->arena, sizeof *c);
	*c = (struct lang_change){me(rq)->user_id, v[0]};
	rq->audit.action = "account.lang_set";
	rq->audit.object_type = "user";
	rq->audit.object_id = &c->user_id;
	rq->audit.scope = me(rq)->region_code;
	rq->audit.summary = arena_printf(rq->arena, "lang=%s", v[0]);
	return req_write(rq, auth_user_lang_set, c, lang_done);
}

/* ---- sessions ---- */

struct session_end {
	struct session_revoke r;
	bool missing; /* no such session of this user (nothing written) */
	char summary[64];
};

/* Write closure: ends one session, or all (r.session_id 0); ERR with missing set when the
 * session is not the user's or already ended, so nothing (not even an audit entry) is kept. */
static int session_end_write(sqlite3 *db, void *ctx)
{
	struct session_end *w = ctx;
	if (auth_session_revoke(db, &w->r) != OK)
		return ERR;
	if (w->r.session_id && !w->r.changed) {
		w->missing = true;
		return ERR;
	}
	snprintf(w->summary, sizeof w->summary, "sessions ended: %d", w->r.changed);
	return OK;
}

static int session_end_done(struct req *rq, struct resp *rs)
{
	struct session_end *w = rq->write_ctx;
	if (w->missing)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	bool ended_mine =
	    me(rq)->session_id && (w->r.session_id == 0 || w->r.session_id == me(rq)->session_id);
	if (!ended_mine)
		return done_reply(rq, rs, "session");
	clear_session_cookie(rq, rs);
	if (rq->is_api) {
		rs->status = 204;
		rs->content_type = NULL;
		return OK;
	}
	return reply_redirect(rs, 303, "/login");
}

static int session_end(struct req *rq, struct resp *rs, int64_t session_id)
{
	struct session_end *w = arena_alloc(rq->arena, sizeof *w);
	w->r = (struct session_revoke){me(rq)->user_id, session_id, 0, clock_wall_ms(), 0};
	rq->audit.action = session_id ? "account.session_end" : "account.sign_out_everywhere";
	rq->audit.object_type = session_id ? "session" : "user";
	rq->audit.object_id = session_id ? &w->r.session_id : &w->r.user_id;
	rq->audit.scope = me(rq)->region_code;
	rq->audit.summary = w->summary;
	return req_write(rq, session_end_write, w, session_end_done);
}

/* POST /account/sessions/:id/revoke and DELETE /api/v1/me/sessions/:id */
static int session_revoke_post(struct req *rq, struct resp *rs)
{
	int64_t id = path_id(rq);
	if (!id)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	return session_end(rq, rs, id);
}

/* POST /account/sessions/revoke-all and DELETE /api/v1/me/sessions: sign out everywhere,
 * this session included. */
static int sessions_revoke_all(struct req *rq, struct resp *rs)
{
	return session_end(rq, rs, 0);
}

static json_t *ms_json(int64_t ms)
{
	if (!ms)
		return json_null();
	char iso[32];
	clock_format_rfc3339(ms, iso);
	return json_string(iso);
}

/* GET /api/v1/me/sessions */
static int sessions_get(struct req *rq, struct resp *rs)
{
	const struct principal *p = me(rq);
	struct account_session *list;
	size_t n;
	if (auth_sessions_list(rq->app->store, rq->arena, p->user_id, p->session_id,
	                       clock_wall_ms(), (int64_t)rq->app->cfg->session_idle_s * 1000, &list,
	                       &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:o, s:o, s:o, s:s, s:s, s:b}", "id",
		                                       (json_int_t)list[i].id, "created_at",
		                                       ms_json(list[i].created_at), "last_seen",
		                                       ms_json(list[i].last_seen), "expires_at",
		                                       ms_json(list[i].expires_at), "ip",
		                                       list[i].ip, "user_agent", list[i].user_agent,
		                                       "current", list[i].current));
	resp_header(rs, "Cache-Control", "no-store");
	return reply_json(
	    rs, 200, json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)n, "next"));
}

/* ---- API tokens ---- */

static const char *check_role(struct req *rq, const char *v)
{
	return auth_role_valid(v) ? NULL : "error.invalid_value";
}

static const char *check_scope(struct req *rq, const char *v)
{
	return auth_scope_valid(v) ? NULL : "error.invalid_value";
}

/* Whether p holds role over a scope covering scope (a token never reaches past its owner). */
static bool holds(const struct principal *p, const char *role, const char *scope)
{
	for (size_t i = 0; i < p->ngrants; i++)
		if (strcmp(p->grants[i].role, role) == 0 &&
		    auth_scope_covers(p->grants[i].scope, scope))
			return true;
	return false;
}

struct token_create {
	struct token_new t;
	char token[64]; /* answered once, never stored */
};

static int token_created(struct req *rq, struct resp *rs)
{
	struct token_create *w = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	resp_header(rs, "Cache-Control", "no-store");
	if (rq->is_api) {
		resp_header(rs, "Location",
		            arena_printf(rq->arena, "/api/v1/me/tokens/%lld", (long long)w->t.id));
		return reply_json(rs, 201,
		                  json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)w->t.id,
		                            "name", w->t.name, "role", w->t.role, "scope",
		                            w->t.scope, "token", w->token));
	}
	rs->status = 201;
	struct account_page pg = {.new_token = w->token, .new_token_name = w->t.name};
	auth_view_account(rq, rs, &pg);
	return OK;
}

/* POST /account/tokens and POST /api/v1/me/tokens: name, role, scope (a role the user holds
 * over a scope covering it). */
static int token_post(struct req *rq, struct resp *rs)
{
	enum { F_NAME, F_ROLE, F_SCOPE, F_COUNT };
	static const struct field_rule rules[F_COUNT] = {
	    [F_NAME] = {"name", true, 64, NULL, NULL},
	    [F_ROLE] = {"role", true, 32, NULL, check_role},
	    [F_SCOPE] = {"scope", true, 17, NULL, check_scope},
	};
	const char *v[F_COUNT];
	struct field_error fe;
	if (form_validate(rq, rules, F_COUNT, v, &fe) != OK)
		return refuse_invalid(rq, rs, &fe, "token");
	const struct principal *p = me(rq);
	if (!holds(p, v[F_ROLE], v[F_SCOPE]))
		return refuse(rq, rs, 403, "not_held", "scope", "account.token_not_held", "token");
	struct token_create *w = arena_alloc(rq->arena, sizeof *w);
	auth_token_new(w->token);
	w->t = (struct token_new){.user_id = p->user_id,
	                          .name = v[F_NAME],
	                          .role = v[F_ROLE],
	                          .scope = v[F_SCOPE],
	                          .now_ms = clock_wall_ms()};
	auth_token_hash(w->token, w->t.token_hash);
	rq->audit.action = "account.token_create";
	rq->audit.object_type = "api_token";
	rq->audit.object_id = &w->t.id;
	rq->audit.scope = v[F_SCOPE];
	rq->audit.summary = arena_printf(rq->arena, "role=%s scope=%s", v[F_ROLE], v[F_SCOPE]);
	return req_write(rq, auth_token_insert, w, token_created);
}

struct token_end {
	struct token_revoke r;
	bool missing;
};

static int token_end_write(sqlite3 *db, void *ctx)
{
	struct token_end *w = ctx;
	if (auth_token_revoke(db, &w->r) != OK)
		return ERR;
	w->missing = w->r.changed == 0;
	return w->missing ? ERR : OK;
}

static int token_end_done(struct req *rq, struct resp *rs)
{
	struct token_end *w = rq->write_ctx;
	if (w->missing)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	return done_reply(rq, rs, "token");
}

/* POST /account/tokens/:id/revoke and DELETE /api/v1/me/tokens/:id */
static int token_revoke_post(struct req *rq, struct resp *rs)
{
	int64_t id = path_id(rq);
	if (!id)
		return reply_error(rq, rs, 404, "not_found", NULL, "error.not_found");
	struct token_end *w = arena_alloc(rq->arena, sizeof *w);
	w->r = (struct token_revoke){me(rq)->user_id, id, clock_wall_ms(), 0};
	rq->audit.action = "account.token_revoke";
	rq->audit.object_type = "api_token";
	rq->audit.object_id = &w->r.token_id;
	rq->audit.scope = me(rq)->region_code;
	rq->audit.summary = "token revoked";
	return req_write(rq, token_end_write, w, token_end_done);
}

/* GET /api/v1/me/tokens */
static int tokens_get(struct req *rq, struct resp *rs)
{
	struct account_token *list;
	size_t n;
	if (auth_tokens_list(rq->app->store, rq->arena, me(rq)->user_id, &list, &n) != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id",
		                                       (json_int_t)list[i].id, "name", list[i].name,
		                                       "role", list[i].role, "scope", list[i].scope,
		                                       "created_at", ms_json(list[i].created_at),
		                                       "last_used", ms_json(list[i].last_used)));
	return reply_json(
	    rs, 200, json_pack("{s:o, s:I, s:n}", "items", items, "total", (json_int_t)n, "next"));
}

void auth_account_mount(struct router *r)
{
	static const struct {
		const char *method, *pattern;
		handler_fn fn;
	} routes[] = {
	    {"GET", "/account", account_get},
	    {"POST", "/account/password", password_post},
	    {"POST", "/account/lang", lang_post},
	    {"POST", "/account/sessions/:id/revoke", session_revoke_post},
	    {"POST", "/account/sessions/revoke-all", sessions_revoke_all},
	    {"POST", "/account/tokens", token_post},
	    {"POST", "/account/tokens/:id/revoke", token_revoke_post},
	    {"PUT", "/api/v1/me/password", password_post},
	    {"GET", "/api/v1/me/sessions", sessions_get},
	    {"DELETE", "/api/v1/me/sessions", sessions_revoke_all},
	    {"DELETE", "/api/v1/me/sessions/:id", session_revoke_post},
	    {"GET", "/api/v1/me/tokens", tokens_get},
	    {"POST", "/api/v1/me/tokens", token_post},
	    {"DELETE", "/api/v1/me/tokens/:id", token_revoke_post},
	};
	for (size_t i = 0; i < ARRAY_LEN(routes); i++)
		router_add(r, routes[i].method, routes[i].pattern, PERM_SELF, routes[i].fn);
}
