/* auth_users_db.c: the SQL of the staff console and `tala user` — listing and searching users
 * within a set of region scopes, editing a user under a version check, grant changes that
 * refuse no-ops — and the checks of what goes into those tables (login names, display names,
 * grantable roles and scopes), shared by the console and the command line. */
#include "auth/auth.h"
#include "base/common.h"
#include "base/log.h"
#include "base/utf8.h"
#include "region/region.h"
#include "text/text.h"

#include <ctype.h>
#include <string.h>

const char *auth_login_check(const char *login)
{
	size_t n = strlen(login);
	if (n < 2 || n > 32 || !isalnum((unsigned char)login[0]))
		return "console.error.login_invalid";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)login[i];
		if (!(c < 0x80 && isalnum(c)) && c != '.' && c != '_' && c != '-')
			return "console.error.login_invalid";
	}
	return NULL;
}

const char *auth_name_normalize(struct arena *a, const char *name)
{
	struct strbuf sb;
	strbuf_init(&sb);
	text_normalize(name, strlen(name), &sb);
	const char *out = NULL;
	if (utf8_length(sb.data ? sb.data : "", sb.len) <= AUTH_NAME_MAX)
		out = arena_strndup(a, sb.data ? sb.data : "", sb.len);
	strbuf_free(&sb);
	return out;
}

const char *auth_grant_check(struct store *s, const char *role, const char *scope,
                             const char **field)
{
	*field = "role";
	if (!auth_role_valid(role))
		return "console.error.unknown_role";
	*field = "scope";
	if (!auth_scope_valid(scope))
		return "console.error.invalid_scope";
	if (strncmp(scope, "site:", 5) != 0 && !region_exists(s, scope))
		return "error.unknown_region";
	*field = NULL;
	return NULL;
}

/* The filter's conditions, for both the page and the count: ?1 every scope, ?2 the scopes as
 * a JSON array of region codes, ?3 region, ?4 LIKE pattern, ?5 phone index. */
#define USERS_WHERE                                                                                \
	" FROM users u WHERE (?1 OR EXISTS (SELECT 1 FROM json_each(?2) j"                         \
	" WHERE substr(u.region_code, 1, length(j.value)) = j.value))"                             \
	" AND (?3 IS NULL OR substr(u.region_code, 1, length(?3)) = ?3)"                           \
	" AND (?4 IS NULL OR u.login LIKE ?4 ESCAPE '\\' OR u.name_zh LIKE ?4 ESCAPE '\\'"         \
	" OR u.name_mn LIKE ?4 ESCAPE '\\' OR u.phone_index = ?5)"

/* q as a LIKE pattern matching it anywhere, with % _ \ taken literally. */
static char *like_pattern(struct arena *a, const char *q)
{
	char *out = arena_alloc(a, strlen(q) * 2 + 3), *o = out;
	*o++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

/* Binds f to the conditions of USERS_WHERE; scopes_json and index live as long as st. */
static void bind_filter(sqlite3_stmt *st, struct arena *a, const struct user_filter *f,
                        const char *scopes_json, const unsigned char *index)
{
	sqlite3_bind_int(st, 1, f->all_scopes);
	sqlite3_bind_text(st, 2, scopes_json, -1, SQLITE_STATIC);
	if (f->region && *f->region)
		sqlite3_bind_text(st, 3, f->region, -1, SQLITE_STATIC);
	if (f->q && *f->q) {
		sqlite3_bind_text(st, 4, like_pattern(a, f->q), -1, SQLITE_STATIC);
		if (index)
			sqlite3_bind_blob(st, 5, index, 16, SQLITE_STATIC);
	}
}

/* The region scopes of f as a JSON array (site scopes hold no users). */
static char *scopes_json(const struct user_filter *f)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < f->nscopes; i++)
		if (strncmp(f->scopes[i], "site:", 5) != 0)
			json_array_append_new(arr, json_string(f->scopes[i]));
	char *s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return s;
}

int auth_users_list(struct store *s, struct arena *a, const struct user_filter *f,
                    struct user_page *out)
{
	memset(out, 0, sizeof *out);
	char *scopes = scopes_json(f);
	unsigned char index[16];
	const char *phone = f->q && *f->q ? auth_phone_normalize(a, f->q) : NULL;
	if (phone)
		auth_phone_index(phone, index);
	int limit = f->limit < 1 || f->limit > AUTH_USERS_PAGE_MAX ? AUTH_USERS_PAGE_MAX : f->limit;
	int rc = ERR;
	sqlite3_stmt *st = store_stmt(s, "SELECT COUNT(*)" USERS_WHERE);
	if (!st)
		goto out;
	bind_filter(st, a, f, scopes, phone ? index : NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		out->total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = store_stmt(s, "SELECT u.id" USERS_WHERE " AND u.id > ?6 ORDER BY u.id LIMIT ?7");
	if (!st)
		goto out;
	bind_filter(st, a, f, scopes, phone ? index : NULL);
	sqlite3_bind_int64(st, 6, f->after_id);
	sqlite3_bind_int(st, 7, limit + 1);
	/* the ids first: reading each user uses other statements of this connection */
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(limit + 1));
	size_t n = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		goto out;
	if (n > (size_t)limit) {
		n = (size_t)limit;
		out->next = ids[n - 1];
	}
	out->items = arena_alloc(a, sizeof *out->items * (n ? n : 1));
	for (size_t i = 0; i < n; i++)
		if (auth_user_by_id(s, a, ids[i], &out->items[out->n]) == OK)
			out->n++;
	rc = OK;
out:
	free(scopes);
	return rc;
}

int auth_user_update(sqlite3 *db, void *ctx)
{
	struct user_edit *e = ctx;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(
	        db,
	        "UPDATE users SET name_zh = ?, name_mn = ?, region_code = ?,"
	        " status = ?4, lang = ?,"
	        " locked_until = CASE WHEN ?4 = 'active' THEN 0 ELSE locked_until END,"
	        " version = version + 1 WHERE id = ? AND version = ?",
	        -1, &st, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "auth.user_update", "%s", sqlite3_errmsg(db));
		return ERR;
	}
	sqlite3_bind_text(st, 1, e->name_zh ? e->name_zh : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->name_mn ? e->name_mn : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->region_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, e->id);
	sqlite3_bind_int64(st, 7, e->version);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		log_msg(LOG_ERROR, "auth.user_update", "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ERR;
	e->stale = sqlite3_changes(db) != 1;
	if (e->stale)
		return ERR;
	if (strcmp(e->status, "active") == 0)
		return OK;
	struct session_revoke r = {e->id, 0, 0, e->now_ms, 0};
	return auth_session_revoke(db, &r);
}

int auth_grant_change(sqlite3 *db, void *ctx)
{
	struct grant_change *g = ctx;
	if (auth_grant_apply(db, g) != OK) {
		g->changed = -1;
		return ERR;
	}
	return g->changed > 0 ? OK : ERR;
}

int auth_noop_write(sqlite3 *db, void *ctx)
{
	return OK;
}

int auth_grants_on_scope(struct store *s, struct arena *a, const char *scope,
                         struct scope_grant **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, "SELECT u.id, u.login, g.role FROM grants g"
	                                 " JOIN users u ON u.id = g.user_id WHERE g.scope = ?"
	                                 " ORDER BY u.login, g.role");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, scope, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		struct scope_grant *g = &(*out)[(*n)++];
		g->user_id = sqlite3_column_int64(st, 0);
		g->login = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
		g->role = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}
