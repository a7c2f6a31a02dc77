/* auth_account_db.c: the SQL behind "my account": the user's sessions in force and API
 * tokens as listed on the account page, and the preferred-language write. The tables are
 * the auth module's (0002_auth.sql); revoking and inserting live in auth_db.c. */
#include "auth/auth.h"
#include "base/common.h"
#include "base/log.h"

static const char *text_col(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

int auth_sessions_list(struct store *s, struct arena *a, int64_t user_id, int64_t current_id,
                       int64_t now_ms, int64_t idle_ms, struct account_session **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT id, created_at, last_seen, expires_at, ip, user_agent FROM sessions"
	       " WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND last_seen > ?"
	       " ORDER BY last_seen DESC, id DESC LIMIT 200");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now_ms);
	sqlite3_bind_int64(st, 3, now_ms - idle_ms);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		struct account_session *x = &(*out)[(*n)++];
		x->id = sqlite3_column_int64(st, 0);
		x->created_at = sqlite3_column_int64(st, 1);
		x->last_seen = sqlite3_column_int64(st, 2);
		x->expires_at = sqlite3_column_int64(st, 3);
		x->ip = text_col(a, st, 4);
		x->user_agent = text_col(a, st, 5);
		x->current = x->id == current_id;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int auth_tokens_list(struct store *s, struct arena *a, int64_t user_id, struct account_token **out,
                     size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT id, created_at, COALESCE(last_used, 0), name, role, scope FROM api_tokens"
	       " WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 200");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, user_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		struct account_token *t = &(*out)[(*n)++];
		t->id = sqlite3_column_int64(st, 0);
		t->created_at = sqlite3_column_int64(st, 1);
		t->last_used = sqlite3_column_int64(st, 2);
		t->name = text_col(a, st, 3);
		t->role = text_col(a, st, 4);
		t->scope = text_col(a, st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int auth_user_lang_set(sqlite3 *db, void *ctx)
{
	struct lang_change *c = ctx;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "UPDATE users SET lang = ?, version = version + 1 WHERE id = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "auth.sql", "%s", sqlite3_errmsg(db));
		return ERR;
	}
	sqlite3_bind_text(st, 1, c->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->user_id);
	int rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1 ? OK : ERR;
	sqlite3_finalize(st);
	return rc;
}
