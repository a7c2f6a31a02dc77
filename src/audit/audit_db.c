/* audit_db.c: the audit_log table's SQL and its hash chain — appending inside a write
 * closure, verifying the chain, and the filtered readers behind the viewer, the API and
 * the CSV export. Nothing else touches audit_log. */
#include "audit/audit.h"
#include "base/clock.h"
#include "base/common.h"
#include "base/log.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_TAG "tala.audit.v1"

static void hash_field(crypto_generichash_state *h, const void *p, size_t n, bool null)
{
	unsigned char len[8];
	uint64_t v = null ? UINT64_MAX : (uint64_t)n;
	for (int i = 7; i >= 0; i--, v >>= 8)
		len[i] = (unsigned char)(v & 0xff);
	crypto_generichash_update(h, len, sizeof len);
	if (!null && n)
		crypto_generichash_update(h, p, n);
}

static void hash_text(crypto_generichash_state *h, const char *s)
{
	hash_field(h, s, s ? strlen(s) : 0, s == NULL);
}

static void hash_int(crypto_generichash_state *h, int64_t v, bool null)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	hash_field(h, buf, (size_t)n, null);
}

void audit_hash_row(const struct audit_row *r, const unsigned char prev[AUDIT_HASH_BYTES],
                    unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, AUDIT_HASH_BYTES);
	hash_text(&h, HASH_TAG);
	hash_int(&h, r->id, false);
	hash_int(&h, r->at, false);
	hash_int(&h, r->actor_id, r->actor_id == 0);
	hash_text(&h, r->actor);
	hash_text(&h, r->ip);
	hash_text(&h, r->action);
	hash_text(&h, r->object_type);
	hash_text(&h, r->object_id);
	hash_text(&h, r->scope);
	hash_text(&h, r->summary);
	hash_field(&h, prev, AUDIT_HASH_BYTES, false);
	crypto_generichash_final(&h, out, AUDIT_HASH_BYTES);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Reads the last row's id and hash (the primary key's last entry: one b-tree descent). */
static int chain_head(sqlite3 *db, int64_t *id, unsigned char hash[AUDIT_HASH_BYTES])
{
	int rc = ERR;
	sqlite3_stmt *st =
	    store_write_stmt(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!st)
		goto out;
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		*id = 0;
		memset(hash, 0, AUDIT_HASH_BYTES);
		rc = OK;
	} else if (step == SQLITE_ROW && sqlite3_column_bytes(st, 1) == AUDIT_HASH_BYTES) {
		*id = sqlite3_column_int64(st, 0);
		memcpy(hash, sqlite3_column_blob(st, 1), AUDIT_HASH_BYTES);
		rc = OK;
	}
out:
	store_write_stmt_release(db, st);
	return rc;
}

int audit_append(sqlite3 *db, const struct audit_entry *e)
{
	if (!e->actor || !e->action) {
		log_msg(LOG_ERROR, "audit.append", "entry without actor or action");
		return ERR;
	}
	unsigned char prev[AUDIT_HASH_BYTES], hash[AUDIT_HASH_BYTES];
	int64_t last_id;
	if (chain_head(db, &last_id, prev) != OK) {
		log_msg(LOG_ERROR, "audit.append", "chain head: %s", sqlite3_errmsg(db));
		return ERR;
	}
	char idbuf[24];
	const char *object_id = e->object_id;
	if (!object_id && e->object_ref) {
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)*e->object_ref);
		object_id = idbuf;
	}
	struct audit_row r = {
	    .id = last_id + 1,
	    .at = e->at ? e->at : clock_wall_ms(),
	    .actor_id = e->actor_id,
	    .actor = e->actor,
	    .ip = e->ip ? e->ip : "",
	    .action = e->action,
	    .object_type = e->object_type,
	    .object_id = object_id,
	    .scope = e->scope && *e->scope ? e->scope : NULL,
	    .summary = e->summary,
	};
	audit_hash_row(&r, prev, hash);

	int rc = ERR;
	sqlite3_stmt *st =
	    store_write_stmt(db, "INSERT INTO audit_log(id, at, actor_id, actor, ip,"
	                         " action, object_type, object_id, scope, summary,"
	                         " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, r.id);
	sqlite3_bind_int64(st, 2, r.at);
	if (r.actor_id)
		sqlite3_bind_int64(st, 3, r.actor_id);
	else
		sqlite3_bind_null(st, 3);
	bind_text_or_null(st, 4, r.actor);
	bind_text_or_null(st, 5, r.ip);
	bind_text_or_null(st, 6, r.action);
	bind_text_or_null(st, 7, r.object_type);
	bind_text_or_null(st, 8, r.object_id);
	bind_text_or_null(st, 9, r.scope);
	bind_text_or_null(st, 10, r.summary);
	sqlite3_bind_blob(st, 11, prev, AUDIT_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, hash, AUDIT_HASH_BYTES, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = OK;
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "audit.append", "%s", sqlite3_errmsg(db));
	store_write_stmt_release(db, st);
	return rc;
}

#define ROW_COLUMNS "id, at, actor_id, actor, ip, action, object_type, object_id, scope, summary"

/* Fills r from a statement selecting ROW_COLUMNS first; strings point into the statement. */
static void row_from_stmt(sqlite3_stmt *st, struct audit_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	r->actor_id = sqlite3_column_int64(st, 2); /* NULL reads as 0 */
	const char **texts[] = {&r->actor,     &r->ip,    &r->action, &r->object_type,
	                        &r->object_id, &r->scope, &r->summary};
	for (int i = 0; i < (int)ARRAY_LEN(texts); i++)
		*texts[i] = (const char *)sqlite3_column_text(st, 3 + i);
}

static void hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int audit_verify(struct store *s, int64_t *bad_id, int64_t *count, char *err, size_t errlen)
{
	*bad_id = 0;
	if (count)
		*count = 0;
	sqlite3 *db = store_reader(s);
	sqlite3_stmt *st = NULL;
	if (!db || sqlite3_prepare_v2(db,
	                              "SELECT " ROW_COLUMNS ", typeof(actor_id),"
	                              " prev_hash, hash FROM audit_log ORDER BY id",
	                              -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read the audit log: %s",
		         db ? sqlite3_errmsg(db) : "no connection");
		return ERR;
	}
	/* one read transaction, so the chain is read as of one moment */
	unsigned char prev[AUDIT_HASH_BYTES] = {0}, want[AUDIT_HASH_BYTES];
	int64_t n = 0;
	int rc = OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row r;
		row_from_stmt(st, &r);
		bool null_actor_id = sqlite3_column_type(st, 2) == SQLITE_NULL;
		const void *stored_prev = sqlite3_column_blob(st, 11);
		int prev_len = sqlite3_column_bytes(st, 11);
		const void *stored = sqlite3_column_blob(st, 12);
		int hash_len = sqlite3_column_bytes(st, 12);
		if (!null_actor_id && r.actor_id == 0) { /* 0 is hashed as NULL: keep them apart */
			*bad_id = r.id;
			snprintf(err, errlen, "entry %lld: actor_id 0 is not a user",
			         (long long)r.id);
			rc = ERR;
			break;
		}
		if (prev_len != AUDIT_HASH_BYTES || memcmp(stored_prev, prev, AUDIT_HASH_BYTES)) {
			*bad_id = r.id;
			snprintf(err, errlen,
			         "entry %lld: does not follow the entry before it (an entry was "
			         "removed, inserted or reordered here)",
			         (long long)r.id);
			rc = ERR;
			break;
		}
		audit_hash_row(&r, prev, want);
		if (hash_len != AUDIT_HASH_BYTES || memcmp(stored, want, AUDIT_HASH_BYTES)) {
			*bad_id = r.id;
			snprintf(err, errlen, "entry %lld: its contents do not match its hash",
			         (long long)r.id);
			rc = ERR;
			break;
		}
		memcpy(prev, want, AUDIT_HASH_BYTES);
		n++;
	}
	if (rc == OK && step != SQLITE_DONE) {
		snprintf(err, errlen, "cannot read the audit log: %s", sqlite3_errmsg(db));
		rc = ERR;
	}
	sqlite3_finalize(st);
	if (count)
		*count = n;
	if (rc == OK) {
		char h[2 * AUDIT_HASH_BYTES + 1];
		hex(prev, AUDIT_HASH_BYTES, h);
		snprintf(err, errlen, "%s", h); /* the head, for operators who record it */
	}
	return rc;
}

/* ---- reading ---- */

/* The values a filter binds, in parameter order (?1, ?2, ...). */
struct binds {
	struct {
		const char *text; /* or, when NULL, */
		int64_t num;
	} v[16 + 2 * 8];
	int n;
};

/* Appends "?N" for a new text (or integer) parameter; returns N. */
static int bind_add(struct strbuf *sql, struct binds *b, const char *text, int64_t num)
{
	if (b->n == (int)ARRAY_LEN(b->v))
		return 0; /* cannot happen: the filter has at most that many values */
	b->v[b->n].text = text;
	b->v[b->n].num = num;
	b->n++;
	strbuf_printf(sql, "?%d", b->n);
	return b->n;
}

#define SCOPES_MAX 16 /* an admin's scopes beyond this many are not searched */

/* Appends " WHERE ..." for f to sql, collecting the values into b. with_cursor adds the
 * id < before_id condition. */
static void filter_sql(struct strbuf *sql, struct binds *b, const struct audit_filter *f,
                       bool with_cursor)
{
	strbuf_puts(sql, " WHERE 1");
	if (f->actor && *f->actor) {
		strbuf_puts(sql, " AND actor = ");
		bind_add(sql, b, f->actor, 0);
	}
	if (f->action && *f->action) {
		if (f->action[strlen(f->action) - 1] == '.') { /* a prefix: "auth." */
			strbuf_puts(sql, " AND substr(action, 1, length(");
			int k = bind_add(sql, b, f->action, 0);
			strbuf_printf(sql, ")) = ?%d", k);
		} else {
			strbuf_puts(sql, " AND action = ");
			bind_add(sql, b, f->action, 0);
		}
	}
	if (f->object_type && *f->object_type) {
		strbuf_puts(sql, " AND object_type = ");
		bind_add(sql, b, f->object_type, 0);
	}
	if (f->from_ms) {
		strbuf_puts(sql, " AND at >= ");
		bind_add(sql, b, NULL, f->from_ms);
	}
	if (f->to_ms) {
		strbuf_puts(sql, " AND at < ");
		bind_add(sql, b, NULL, f->to_ms);
	}
	if (!f->all_scopes) {
		bool everything = false;
		for (size_t i = 0; i < f->nscopes; i++)
			if (strlen(f->scopes[i]) == 2 && strncmp(f->scopes[i], "site:", 5) != 0)
				everything = true; /* the province: the root of the tree */
		if (!everything) {
			strbuf_puts(sql, " AND (0");
			for (size_t i = 0; i < f->nscopes && i < SCOPES_MAX; i++) {
				if (strncmp(f->scopes[i], "site:", 5) == 0) {
					strbuf_puts(sql, " OR scope = ");
					bind_add(sql, b, f->scopes[i], 0);
					continue;
				}
				strbuf_puts(sql, " OR (scope NOT LIKE 'site:%' AND"
				                 " substr(scope, 1, length(");
				int k = bind_add(sql, b, f->scopes[i], 0);
				strbuf_printf(sql, ")) = ?%d)", k);
			}
			strbuf_puts(sql, ")");
		}
	}
	if (with_cursor && f->before_id > 0) {
		strbuf_puts(sql, " AND id < ");
		bind_add(sql, b, NULL, f->before_id);
	}
}

/* Prepares head + the filter's WHERE + tail on db with the values bound; NULL on error.
 * The caller finalizes. */
static sqlite3_stmt *filter_prepare(sqlite3 *db, const char *head, const struct audit_filter *f,
                                    bool with_cursor, const char *tail)
{
	struct strbuf sql;
	struct binds b = {.n = 0};
	strbuf_init(&sql);
	strbuf_puts(&sql, head);
	filter_sql(&sql, &b, f, with_cursor);
	strbuf_puts(&sql, tail);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "audit.sql", "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		st = NULL;
	}
	strbuf_free(&sql);
	for (int i = 0; st && i < b.n; i++) {
		if (b.v[i].text)
			sqlite3_bind_text(st, i + 1, b.v[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, i + 1, b.v[i].num);
	}
	return st;
}

int64_t audit_count(struct store *s, const struct audit_filter *f)
{
	sqlite3 *db = store_reader(s);
	if (!db)
		return -1;
	sqlite3_stmt *st = filter_prepare(db, "SELECT COUNT(*) FROM audit_log", f, false, "");
	if (!st)
		return -1;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

int audit_list(struct store *s, struct arena *a, const struct audit_filter *f, int limit,
               struct audit_page *out)
{
	memset(out, 0, sizeof *out);
	if (limit < 1)
		limit = 1;
	if (limit > AUDIT_PAGE_MAX)
		limit = AUDIT_PAGE_MAX;
	sqlite3 *db = store_reader(s);
	if (!db)
		return ERR;
	char tail[48];
	snprintf(tail, sizeof tail, " ORDER BY id DESC LIMIT %d", limit + 1);
	sqlite3_stmt *st =
	    filter_prepare(db, "SELECT " ROW_COLUMNS " FROM audit_log", f, true, tail);
	if (!st)
		return ERR;
	out->items = arena_alloc(a, (size_t)limit * sizeof *out->items);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row r;
		row_from_stmt(st, &r);
		if (out->n == (size_t)limit) {
			out->next = out->items[out->n - 1].id;
			break;
		}
		struct audit_row *o = &out->items[out->n++];
		*o = r;
		o->actor = dup_or_null(a, r.actor);
		o->ip = dup_or_null(a, r.ip);
		o->action = dup_or_null(a, r.action);
		o->object_type = dup_or_null(a, r.object_type);
		o->object_id = dup_or_null(a, r.object_id);
		o->scope = dup_or_null(a, r.scope);
		o->summary = dup_or_null(a, r.summary);
	}
	int rc = step == SQLITE_ROW || step == SQLITE_DONE ? OK : ERR;
	sqlite3_finalize(st);
	if (rc != OK)
		return ERR;
	out->total = audit_count(s, f);
	return out->total < 0 ? ERR : OK;
}

int audit_each(struct store *s, const struct audit_filter *f,
               int (*fn)(void *ctx, const struct audit_row *r), void *ctx)
{
	sqlite3 *db = store_reader(s);
	if (!db)
		return ERR;
	sqlite3_stmt *st =
	    filter_prepare(db, "SELECT " ROW_COLUMNS " FROM audit_log", f, false, " ORDER BY id");
	if (!st)
		return ERR;
	int step, rc = OK;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row r;
		row_from_stmt(st, &r);
		if (fn(ctx, &r) != OK) {
			rc = ERR;
			break;
		}
	}
	if (rc == OK && step != SQLITE_DONE)
		rc = ERR;
	sqlite3_finalize(st);
	return rc;
}
