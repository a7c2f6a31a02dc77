/* auth_session.c: who is asking — the session cookie or a bearer token — and the CSRF
 * check on unsafe methods. Runs before the access check for every route. Sessions end after
 * auth.session_idle without use or auth.session_max after sign-in; last use is recorded at
 * most once a minute, off the request's path. */
#include "auth/auth.h"
#include "base/clock.h"
#include "base/common.h"
#include "http/parse.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SESSION_COOKIE "tala_session"
#define CSRF_COOKIE    "tala_csrf"
#define TOUCH_EVERY_MS 60000 /* at most; less for short idle timeouts */

static const char *str_col(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

struct touch {
	int64_t session_id, now_ms;
};

static int touch_write(sqlite3 *db, void *ctx)
{
	struct touch *t = ctx;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "UPDATE sessions SET last_seen = ? WHERE id = ?", -1, &st,
	                       NULL) != SQLITE_OK)
		return ERR;
	sqlite3_bind_int64(st, 1, t->now_ms);
	sqlite3_bind_int64(st, 2, t->session_id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	sqlite3_finalize(st);
	return rc;
}

static void touch_done(void *ctx, int result)
{
	free(ctx);
}

/* The principal of a valid, unexpired session cookie, or NULL. */
static struct principal *session_principal(struct req *rq, const char *token, int64_t now)
{
	unsigned char hash[32];
	auth_token_hash(token, hash);
	sqlite3_stmt *st = store_stmt(
	    rq->app->store,
	    "SELECT s.id, s.user_id, s.csrf, s.last_seen, s.expires_at, u.login, u.name_zh,"
	    " u.name_mn, u.lang, u.region_code, u.phone_verified_at IS NOT NULL"
	    " FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND u.status = 'active'");
	if (!st)
		return NULL;
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	struct principal *p = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t last_seen = sqlite3_column_int64(st, 3);
		int64_t expires = sqlite3_column_int64(st, 4);
		if (now < expires &&
		    now - last_seen < (int64_t)rq->app->cfg->session_idle_s * 1000) {
			p = arena_alloc(rq->arena, sizeof *p);
			p->session_id = sqlite3_column_int64(st, 0);
			p->user_id = sqlite3_column_int64(st, 1);
			p->csrf = str_col(rq->arena, st, 2);
			p->login = str_col(rq->arena, st, 5);
			p->name_zh = str_col(rq->arena, st, 6);
			p->name_mn = str_col(rq->arena, st, 7);
			p->lang = str_col(rq->arena, st, 8);
			p->region_code = str_col(rq->arena, st, 9);
			p->phone_verified = sqlite3_column_int(st, 10) != 0;
			int64_t touch_every = (int64_t)rq->app->cfg->session_idle_s * 500;
			if (touch_every > TOUCH_EVERY_MS)
				touch_every = TOUCH_EVERY_MS;
			if (now - last_seen > touch_every) {
				struct touch *t = malloc(sizeof *t);
				if (t) {
					*t = (struct touch){p->session_id, now};
					if (store_write_async(rq->app->store, touch_write, t,
					                      touch_done, t) != OK)
						free(t);
				}
			}
		}
	}
	sqlite3_reset(st);
	if (p && auth_grants_load(rq->app->store, rq->arena, p->user_id, p) != OK)
		return NULL;
	return p;
}

/* The principal of a valid bearer token: the owner acting with the token's one role and
 * scope, as long as the owner still holds that role over a scope covering it. */
static struct principal *token_principal(struct req *rq, const char *token)
{
	unsigned char hash[32];
	auth_token_hash(token, hash);
	sqlite3_stmt *st = store_stmt(
	    rq->app->store,
	    "SELECT t.id, t.user_id, t.role, t.scope, u.login, u.name_zh, u.name_mn, u.lang,"
	    " u.region_code, u.phone_verified_at IS NOT NULL"
	    " FROM api_tokens t JOIN users u ON u.id = t.user_id"
	    " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.status = 'active'");
	if (!st)
		return NULL;
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	struct principal *p = NULL;
	struct grant token_grant = {0};
	if (sqlite3_step(st) == SQLITE_ROW) {
		p = arena_alloc(rq->arena, sizeof *p);
		p->token_id = sqlite3_column_int64(st, 0);
		p->user_id = sqlite3_column_int64(st, 1);
		token_grant.role = str_col(rq->arena, st, 2);
		token_grant.scope = str_col(rq->arena, st, 3);
		p->login = str_col(rq->arena, st, 4);
		p->name_zh = str_col(rq->arena, st, 5);
		p->name_mn = str_col(rq->arena, st, 6);
		p->lang = str_col(rq->arena, st, 7);
		p->region_code = str_col(rq->arena, st, 8);
		p->phone_verified = sqlite3_column_int(st, 9) != 0;
	}
	sqlite3_reset(st);
	if (!p)
		return NULL;
	struct principal owner = *p;
	if (auth_grants_load(rq->app->store, rq->arena, p->user_id, &owner) != OK)
		return NULL;
	p->grants = NULL;
	p->ngrants = 0;
	for (size_t i = 0; i < owner.ngrants; i++) {
		if (strcmp(owner.grants[i].role, token_grant.role) == 0 &&
		    auth_scope_covers(owner.grants[i].scope, token_grant.scope)) {
			p->grants = arena_alloc(rq->arena, sizeof *p->grants);
			p->grants[0] = token_grant;
			p->ngrants = 1;
			break;
		}
	}
	return p;
}

static bool is_unsafe(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static bool tokens_equal(const char *a, const char *b)
{
	size_t n = a ? strlen(a) : 0;
	return a && b && n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

/* The CSRF token the request presents: form field _csrf or the X-CSRF-Token header. */
static const char *presented_csrf(struct req *rq)
{
	const char *h = req_header(rq, "X-CSRF-Token");
	return h ? h : kvlist_get(&rq->form, "_csrf");
}

int auth_authenticate(struct req *rq, struct resp *rs)
{
	int64_t now = clock_wall_ms();
	const char *authz = req_header(rq, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		rq->principal = token_principal(rq, authz + 7);
		if (!rq->principal)
			return reply_error(rq, rs, 401, "invalid_token", NULL,
			                   "auth.invalid_token"),
			       ERR;
		return OK; /* a bearer token is not sent by browsers on their own: no CSRF */
	}
	const char *cookie = kvlist_get(&rq->cookies, SESSION_COOKIE);
	struct principal *p = cookie ? session_principal(rq, cookie, now) : NULL;
	rq->principal = p;
	if (p && !rq->lang_chosen)
		rq->lang = strcmp(p->lang, "mn") == 0 ? "mn" : "zh";
	if (!is_unsafe(rq->method))
		return OK;
	if (p) {
		if (!tokens_equal(p->csrf, presented_csrf(rq)))
			return reply_error(rq, rs, 403, "csrf_failed", NULL, "auth.csrf_failed"),
			       ERR;
		return OK;
	}
	/* a visitor's browser form (sign-in, feedback), to a page or to the API (whose handlers
	 * read form fields too, so a page elsewhere could post there): double-submit cookie */
	const char *ctype = req_header(rq, "Content-Type");
	bool browser_form = content_type_is(ctype, "application/x-www-form-urlencoded") ||
	                    content_type_is(ctype, "multipart/form-data");
	if (browser_form &&
	    !tokens_equal(kvlist_get(&rq->cookies, CSRF_COOKIE), presented_csrf(rq)))
		return reply_error(rq, rs, 403, "csrf_failed", NULL, "auth.csrf_failed"), ERR;
	return OK;
}

const char *auth_csrf_token(struct req *rq, struct resp *rs)
{
	const struct principal *p = rq->principal;
	if (p && p->csrf && *p->csrf)
		return p->csrf;
	const char *cookie = kvlist_get(&rq->cookies, CSRF_COOKIE);
	if (cookie && strlen(cookie) == 43)
		return cookie;
	char *token = arena_alloc(rq->arena, 64);
	auth_token_new(token);
	resp_header(rs, "Set-Cookie",
	            arena_printf(rq->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
	                         CSRF_COOKIE, token, rq->app->cfg->tls ? "; Secure" : ""));
	return token;
}
