/* auth_db.c: the SQL of users, grants, sessions, API tokens and login attempts. Nothing
 * else touches these tables. Write functions are store write closures. */
#include "auth/auth.h"
#include "base/common.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

/* A statement for a write closure, from the writer's statement cache (store_write_stmt);
 * given back with store_write_stmt_release. */
static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	return store_write_stmt(db, sql);
}

/* Steps a statement to completion and finalizes it; returns OK when it was done. */
static int run(sqlite3 *db, sqlite3_stmt *st)
{
	if (!st)
		return ERR;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		log_msg(LOG_ERROR, "auth.sql", "%s", sqlite3_errmsg(db));
	store_write_stmt_release(db, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? OK : ERR;
}

int auth_user_insert(sqlite3 *db, void *ctx)
{
	struct user_new *u = ctx;
	struct strbuf sealed;
	strbuf_init(&sealed);
	unsigned char index[16];
	bool has_phone = u->phone && *u->phone;
	if (has_phone) {
		if (auth_phone_seal(u->phone, &sealed) != OK) {
			snprintf(u->error, sizeof u->error, "error.internal");
			return ERR;
		}
		auth_phone_index(u->phone, index);
	}
	sqlite3_stmt *st = prep(db, "INSERT INTO users(login, password_hash, name_zh, name_mn,"
	                            " region_code, lang, phone_enc, phone_index, created_at,"
	                            " password_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st) {
		strbuf_free(&sealed);
		return ERR;
	}
	sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->name_zh ? u->name_zh : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->name_mn ? u->name_mn : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, u->region_code ? u->region_code : "15", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, u->lang ? u->lang : "zh", -1, SQLITE_STATIC);
	if (has_phone) {
		sqlite3_bind_blob(st, 7, sealed.data, (int)sealed.len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 8, index, sizeof index, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 9, u->now_ms);
	sqlite3_bind_int64(st, 10, u->now_ms);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		u->id = sqlite3_last_insert_rowid(db);
	} else if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE) {
		snprintf(u->error, sizeof u->error, "auth.login_taken");
	} else if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
		snprintf(u->error, sizeof u->error, "error.unknown_region");
	} else {
		log_msg(LOG_ERROR, "auth.user_insert", "%s", sqlite3_errmsg(db));
		snprintf(u->error, sizeof u->error, "error.internal");
	}
	store_write_stmt_release(db, st);
	strbuf_free(&sealed);
	return rc == SQLITE_DONE ? OK : ERR;
}

#define USER_COLUMNS                                                                               \
	"id, login, name_zh, name_mn, region_code, status, lang, password_hash, phone_enc,"        \
	" locked_until, version, COALESCE(phone_verified_at, 0)"

static const char *col(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

static int read_user(struct arena *a, sqlite3_stmt *st, struct user_row *u)
{
	if (!st)
		return ERR;
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		u->id = sqlite3_column_int64(st, 0);
		u->login = col(a, st, 1);
		u->name_zh = col(a, st, 2);
		u->name_mn = col(a, st, 3);
		u->region_code = col(a, st, 4);
		u->status = col(a, st, 5);
		u->lang = col(a, st, 6);
		u->password_hash = col(a, st, 7);
		u->phone_len = (size_t)sqlite3_column_bytes(st, 8);
		u->phone_enc = u->phone_len
		                   ? arena_strndup(a, sqlite3_column_blob(st, 8), u->phone_len)
		                   : NULL;
		u->locked_until = sqlite3_column_int64(st, 9);
		u->version = sqlite3_column_int64(st, 10);
		u->phone_verified_at = sqlite3_column_int64(st, 11);
		rc = OK;
	}
	sqlite3_reset(st);
	return rc;
}

int auth_user_by_login(struct store *s, struct arena *a, const char *login, struct user_row *u)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " USER_COLUMNS " FROM users WHERE login = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return read_user(a, st, u);
}

int auth_user_by_id(struct store *s, struct arena *a, int64_t id, struct user_row *u)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	return read_user(a, st, u);
}

int auth_grants_load(struct store *s, struct arena *a, int64_t user_id, struct principal *p)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT id, role, scope FROM grants WHERE user_id = ? ORDER BY id");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, user_id);
	size_t cap = 0;
	p->grants = NULL;
	p->ngrants = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->grants = arena_grow_array(a, p->grants, p->ngrants, &cap, sizeof *p->grants);
		struct grant *g = &p->grants[p->ngrants++];
		g->id = sqlite3_column_int64(st, 0);
		g->role = col(a, st, 1);
		g->scope = col(a, st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int auth_grant_apply(sqlite3 *db, void *ctx)
{
	struct grant_change *g = ctx;
	sqlite3_stmt *st;
	if (g->revoke) {
		st = prep(db, "DELETE FROM grants WHERE user_id = ? AND role = ? AND scope = ?");
	} else {
		st = prep(db, "INSERT OR IGNORE INTO grants(user_id, role, scope, created_at,"
		              " created_by) VALUES (?, ?, ?, ?, NULLIF(?, 0))");
	}
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, g->user_id);
	sqlite3_bind_text(st, 2, g->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, g->scope, -1, SQLITE_STATIC);
	if (!g->revoke) {
		sqlite3_bind_int64(st, 4, g->now_ms);
		sqlite3_bind_int64(st, 5, g->by_user);
	}
	int rc = run(db, st);
	g->changed = sqlite3_changes(db);
	return rc;
}

int auth_password_set(sqlite3 *db, void *ctx)
{
	struct password_change *c = ctx;
	sqlite3_stmt *st = prep(db, "UPDATE users SET password_hash = ?, password_changed_at = ?,"
	                            " version = version + 1 WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, c->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->now_ms);
	sqlite3_bind_int64(st, 3, c->user_id);
	if (run(db, st) != OK || sqlite3_changes(db) != 1)
		return ERR;
	struct session_revoke r = {c->user_id, 0, c->keep_session, c->now_ms, 0};
	return auth_session_revoke(db, &r);
}

int auth_status_set(sqlite3 *db, void *ctx)
{
	struct status_change *c = ctx;
	sqlite3_stmt *st = prep(db, "UPDATE users SET status = ?, locked_until = 0,"
	                            " version = version + 1 WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->user_id);
	if (run(db, st) != OK || sqlite3_changes(db) != 1)
		return ERR;
	if (strcmp(c->status, "active") == 0)
		return OK;
	struct session_revoke r = {c->user_id, 0, 0, c->now_ms, 0};
	return auth_session_revoke(db, &r);
}

int auth_session_insert(sqlite3 *db, void *ctx)
{
	struct session_new *n = ctx;
	sqlite3_stmt *st =
	    prep(db, "INSERT INTO sessions(token_hash, user_id, csrf, created_at,"
	             " last_seen, expires_at, ip, user_agent) VALUES (?,?,?,?,?,?,?,?)");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, n->token_hash, sizeof n->token_hash, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, n->user_id);
	sqlite3_bind_text(st, 3, n->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, n->now_ms);
	sqlite3_bind_int64(st, 5, n->now_ms);
	sqlite3_bind_int64(st, 6, n->expires_ms);
	sqlite3_bind_text(st, 7, n->ip ? n->ip : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, n->user_agent ? n->user_agent : "", -1, SQLITE_STATIC);
	int rc = run(db, st);
	n->id = sqlite3_last_insert_rowid(db);
	return rc;
}

int auth_session_revoke(sqlite3 *db, void *ctx)
{
	struct session_revoke *r = ctx;
	sqlite3_stmt *st = prep(db, "UPDATE sessions SET revoked_at = ? WHERE user_id = ?"
	                            " AND revoked_at IS NULL AND (? = 0 OR id = ?) AND id <> ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, r->now_ms);
	sqlite3_bind_int64(st, 2, r->user_id);
	sqlite3_bind_int64(st, 3, r->session_id);
	sqlite3_bind_int64(st, 4, r->session_id);
	sqlite3_bind_int64(st, 5, r->session_id ? 0 : r->except_id);
	int rc = run(db, st);
	r->changed = sqlite3_changes(db);
	return rc;
}

int auth_token_insert(sqlite3 *db, void *ctx)
{
	struct token_new *t = ctx;
	sqlite3_stmt *st = prep(db, "INSERT INTO api_tokens(token_hash, user_id, name, role, scope,"
	                            " created_at) VALUES (?,?,?,?,?,?)");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, t->token_hash, sizeof t->token_hash, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t->user_id);
	sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->scope, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, t->now_ms);
	int rc = run(db, st);
	t->id = sqlite3_last_insert_rowid(db);
	return rc;
}

int auth_token_revoke(sqlite3 *db, void *ctx)
{
	struct token_revoke *r = ctx;
	sqlite3_stmt *st = prep(db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?"
	                            " AND user_id = ? AND revoked_at IS NULL");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, r->now_ms);
	sqlite3_bind_int64(st, 2, r->token_id);
	sqlite3_bind_int64(st, 3, r->user_id);
	int rc = run(db, st);
	r->changed = sqlite3_changes(db);
	return rc;
}

static int count_since(sqlite3 *db, const char *sql, const char *key, int64_t since)
{
	sqlite3_stmt *st = prep(db, sql);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	store_write_stmt_release(db, st);
	return n;
}

int auth_login_attempt_record(sqlite3 *db, void *ctx)
{
	struct login_attempt *la = ctx;
	sqlite3_stmt *st =
	    prep(db, "INSERT INTO login_attempts(account, ip, at, ok) VALUES (?,?,?,?)");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, la->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, la->ip, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, la->now_ms);
	sqlite3_bind_int(st, 4, la->ok);
	if (run(db, st) != OK)
		return ERR;
	la->locked = false;
	if (la->ok || la->lock_failures <= 0)
		return OK;
	int failures =
	    count_since(db,
	                "SELECT COUNT(*) FROM login_attempts WHERE account = ? AND at >= ?"
	                " AND ok = 0 AND at > (SELECT COALESCE(MAX(at), 0) FROM"
	                " login_attempts WHERE account = ?1 AND ok = 1)",
	                la->account, la->now_ms - la->lock_window_ms);
	if (failures < la->lock_failures)
		return OK;
	st = prep(db, "UPDATE users SET locked_until = ? WHERE login = ? AND locked_until < ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, la->now_ms + la->lock_ms);
	sqlite3_bind_text(st, 2, la->account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, la->now_ms);
	int rc = run(db, st);
	la->locked = sqlite3_changes(db) > 0;
	return rc;
}

static int count_reader(struct store *s, const char *sql, const char *key, int64_t since)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

void auth_login_failures(struct store *s, const char *account, const char *ip, int64_t since_ms,
                         int *by_account, int *by_ip, int64_t *last_failure_ms)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT COALESCE(MAX(at), 0) FROM login_attempts"
	                                 " WHERE account = ? AND ok = 0");
	*last_failure_ms = 0;
	if (st) {
		sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			*last_failure_ms = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	/* failures since the last success count toward the back-off */
	*by_account =
	    count_reader(s,
	                 "SELECT COUNT(*) FROM login_attempts WHERE account = ? AND at >= ?"
	                 " AND ok = 0 AND at > (SELECT COALESCE(MAX(at), 0) FROM"
	                 " login_attempts WHERE account = ?1 AND ok = 1)",
	                 account, since_ms);
	*by_ip = count_reader(
	    s, "SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND at >= ? AND ok = 0", ip,
	    since_ms);
}
