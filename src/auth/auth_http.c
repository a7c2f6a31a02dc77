/* auth_http.c: signing in and out (/login, /logout), who am I (/api/v1/me), and the user
 * part of the page header. Sign-in is throttled per account and per address with
 * exponential back-off, locks the account after auth.lock_failures failures within
 * auth.lock_window, and answers the same for an unknown login and a wrong password. */
#include "auth/auth.h"
#include "auth/auth_view.h"
#include "base/clock.h"
#include "base/common.h"
#include "html/html.h"
#include "http/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define SESSION_COOKIE   "tala_session"
#define IP_FAILURE_LIMIT 50 /* per address within the lock window */

/* A safe place to go after signing in: a local path only. */
static const char *local_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, ':'))
		return "/";
	return next;
}

char *auth_account_key(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

/* GET /login */
static int login_page(struct req *rq, struct resp *rs)
{
	if (rq->principal)
		return reply_redirect(rs, 303, local_next(req_query(rq, "next")));
	auth_view_login(rq, rs, req_query(rq, "next"), NULL, NULL);
	return OK;
}

struct login_write {
	struct login_attempt attempt;
	struct session_new session;
	bool success;
	char token[64];
	const char *login_typed, *next;
};

static int login_record(sqlite3 *db, void *ctx)
{
	struct login_write *w = ctx;
	if (auth_login_attempt_record(db, &w->attempt) != OK)
		return ERR;
	if (!w->success)
		return OK;
	return auth_session_insert(db, &w->session);
}

static int login_fail_reply(struct req *rq, struct resp *rs, const char *login, int status,
                            const char *key)
{
	if (rq->is_api)
		return reply_error(rq, rs, status,
		                   status == 429 ? "rate_limited" : "bad_credentials", NULL, key);
	rs->status = status;
	auth_view_login(rq, rs, req_form(rq, "next"), login, key);
	return OK;
}

static int login_done(struct req *rq, struct resp *rs)
{
	struct login_write *w = rq->write_ctx;
	if (rq->write_result != OK)
		return reply_error(rq, rs, 503, "unavailable", NULL, "error.unavailable");
	if (!w->success)
		return login_fail_reply(rq, rs, w->login_typed, 401, "auth.bad_credentials");
	auth_session_cookie(rq, rs, w->token);
	if (rq->is_api)
		return reply_json(rs, 201,
		                  json_pack("{s:I, s:s}", "user_id", (json_int_t)w->session.user_id,
		                            "csrf", w->session.csrf));
	return reply_redirect(rs, 303, local_next(w->next));
}

void auth_session_prepare(struct req *rq, int64_t now_ms, struct session_new *s, char token[64])
{
	const struct config *cfg = rq->app->cfg;
	auth_token_new(token);
	char *csrf = arena_alloc(rq->arena, 64);
	auth_token_new(csrf);
	*s = (struct session_new){.csrf = csrf,
	                          .ip = rq->client_ip,
	                          .user_agent = req_header(rq, "User-Agent"),
	                          .now_ms = now_ms,
	                          .expires_ms = now_ms + (int64_t)cfg->session_max_s * 1000};
	auth_token_hash(token, s->token_hash);
}

void auth_session_cookie(struct req *rq, struct resp *rs, const char *token)
{
	const struct config *cfg = rq->app->cfg;
	resp_header(rs, "Set-Cookie",
	            arena_printf(rq->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
	                         SESSION_COOKIE, token, cfg->session_max_s,
	                         cfg->tls ? "; Secure" : ""));
}

/* POST /login and POST /api/v1/sessions */
static int login_post(struct req *rq, struct resp *rs)
{
	static const struct field_rule rules[] = {
	    {"login", true, 64, NULL, NULL},
	    {"password", true, 256, NULL, NULL},
	    {"next", false, 512, NULL, NULL},
	};
	const char *v[3];
	struct field_error fe;
	if (form_validate(rq, rules, 3, v, &fe) != OK)
		return form_reply_invalid(rq, rs, &fe);
	const struct config *cfg = rq->app->cfg;
	struct store *s = rq->app->store;
	int64_t now = clock_wall_ms();
	const char *account = auth_account_key(rq->arena, v[0]);
	int by_account, by_ip;
	int64_t last_failure;
	auth_login_failures(s, account, rq->client_ip, now - (int64_t)cfg->lock_window_s * 1000,
	                    &by_account, &by_ip, &last_failure);
	/* exponential back-off: after the 2nd failure, wait 1, 2, 4, ... × auth.backoff_ms (at
	 * most 60 ×) */
	if (by_account >= 2) {
		int shift = by_account - 2 < 6 ? by_account - 2 : 6;
		int64_t wait_ms = (int64_t)cfg->backoff_ms << shift;
		if (wait_ms > 60 * (int64_t)cfg->backoff_ms)
			wait_ms = 60 * (int64_t)cfg->backoff_ms;
		if (now - last_failure < wait_ms) {
			resp_header(
			    rs, "Retry-After",
			    arena_printf(rq->arena, "%lld",
			                 (long long)((wait_ms - (now - last_failure)) / 1000 + 1)));
			return login_fail_reply(rq, rs, v[0], 429, "auth.too_many_attempts");
		}
	}
	if (by_ip >= IP_FAILURE_LIMIT)
		return login_fail_reply(rq, rs, v[0], 429, "auth.too_many_attempts");

	struct login_write *w = arena_alloc(rq->arena, sizeof *w);
	w->login_typed = v[0];
	w->next = v[2];
	w->attempt = (struct login_attempt){account,
	                                    rq->client_ip,
	                                    now,
	                                    false,
	                                    cfg->lock_failures,
	                                    cfg->lock_window_s * 1000,
	                                    cfg->lock_s * 1000,
	                                    false};
	struct user_row u;
	bool known = auth_user_by_login(s, rq->arena, account, &u) == OK;
	if (!known) {
		auth_password_burn(cfg, v[1]); /* the same cost as a real check */
	} else {
		bool password_ok = auth_password_verify(u.password_hash, v[1]);
		bool usable = strcmp(u.status, "active") == 0 && u.locked_until <= now;
		w->success = password_ok && usable;
	}
	w->attempt.ok = w->success;
	if (w->success) {
		auth_session_prepare(rq, now, &w->session, w->token);
		w->session.user_id = u.id;
	}
	/* audited: the account name typed, never the password */
	rq->audit.action = w->success ? "auth.login.ok" : "auth.login.failed";
	rq->audit.object_type = "user";
	rq->audit.object_key = account;
	rq->audit.scope = known ? u.region_code : NULL;
	if (w->success) { /* the user signing in is the actor, not "visitor" */
		rq->audit.actor = u.login;
		rq->audit.actor_id = &w->session.user_id;
	}
	return req_write(rq, login_record, w, login_done);
}

static int logout_done(struct req *rq, struct resp *rs)
{
	resp_header(rs, "Set-Cookie",
	            arena_printf(rq->arena, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
	                         SESSION_COOKIE));
	if (rq->is_api) {
		rs->status = 204;
		rs->content_type = NULL;
		return OK;
	}
	return reply_redirect(rs, 303, "/");
}

/* POST /logout and DELETE /api/v1/sessions/current */
static int logout_post(struct req *rq, struct resp *rs)
{
	const struct principal *p = rq->principal;
	if (!p->session_id) /* a bearer token has no session to end */
		return reply_error(rq, rs, 400, "not_a_session", NULL, "error.invalid_value");
	struct session_revoke *r = arena_alloc(rq->arena, sizeof *r);
	*r = (struct session_revoke){p->user_id, p->session_id, 0, clock_wall_ms(), 0};
	rq->audit.action = "auth.logout";
	rq->audit.object_type = "session";
	rq->audit.object_id = &r->session_id;
	rq->audit.scope = p->region_code;
	return req_write(rq, auth_session_revoke, r, logout_done);
}

/* GET /api/v1/me */
static int me_get(struct req *rq, struct resp *rs)
{
	const struct principal *p = rq->principal;
	json_t *grants = json_array();
	for (size_t i = 0; i < p->ngrants; i++)
		json_array_append_new(grants, json_pack("{s:s, s:s}", "role", p->grants[i].role,
		                                        "scope", p->grants[i].scope));
	return reply_json(rs, 200,
	                  json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "id",
	                            (json_int_t)p->user_id, "login", p->login, "name_zh",
	                            p->name_zh, "name_mn", p->name_mn, "lang", p->lang, "region",
	                            p->region_code, "phone_verified", p->phone_verified, "grants",
	                            grants));
}

void auth_user_nav(struct req *rq, struct resp *rs, struct strbuf *out)
{
	const struct principal *p = rq->principal;
	if (!p) {
		html_printf(out, "<a class=\"signin\" href=\"/login\">%s</a>",
		            T(rq, "auth.sign_in"));
		return;
	}
	const char *name = strcmp(rq->lang, "mn") == 0 && *p->name_mn ? p->name_mn
	                   : *p->name_zh                              ? p->name_zh
	                                                              : p->login;
	if (auth_can(p, "console.use", NULL))
		html_printf(out, "<a class=\"console\" href=\"/admin\">%s</a>",
		            T(rq, "auth.console"));
	html_printf(out,
	            "<span class=\"who\"><a href=\"/account\">%s</a>"
	            "<form method=\"post\" action=\"/logout\" class=\"inline\">"
	            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	            "<button type=\"submit\">%s</button></form></span>",
	            name, auth_csrf_token(rq, rs), T(rq, "auth.sign_out"));
}

void auth_mount(struct router *r)
{
	router_add(r, "GET", "/login", PERM_PUBLIC, login_page);
	router_add(r, "POST", "/login", PERM_PUBLIC, login_post);
	router_add(r, "POST", "/logout", PERM_SELF, logout_post);
	router_add(r, "POST", "/api/v1/sessions", PERM_PUBLIC, login_post);
	router_add(r, "DELETE", "/api/v1/sessions/current", PERM_SELF, logout_post);
	router_add(r, "GET", "/api/v1/me", PERM_SELF, me_get);
	auth_account_mount(r);
	auth_phone_mount(r);
	auth_admin_mount(r);
}
