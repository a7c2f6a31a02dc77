/* officer_db.c: the SQL of the officer module — officers, share_links and share_visits
 * (migration 0011); nothing else touches these tables. Reads use the thread's reader
 * connection; writes are closures run by the writer. */
#include "officer/officer_internal.h"
#include "base/common.h"
#include "base/log.h"
#include "region/region.h"

#include <string.h>

static const char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

#define OFFICER_COLS                                                                               \
	"id, user_id, township_code, org, status, bio_zh, bio_mn, created_at,"                     \
	" coalesce(confirmed_at, 0), coalesce(confirmed_by, 0)"

static void officer_row(struct arena *a, sqlite3_stmt *st, struct officer *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->user_id = sqlite3_column_int64(st, 1);
	o->township_code = col_text(a, st, 2);
	o->org = col_text(a, st, 3);
	o->status = col_text(a, st, 4);
	o->bio_zh = col_text(a, st, 5);
	o->bio_mn = col_text(a, st, 6);
	o->created_at = sqlite3_column_int64(st, 7);
	o->confirmed_at = sqlite3_column_int64(st, 8);
	o->confirmed_by = sqlite3_column_int64(st, 9);
}

static int officer_one(struct store *s, struct arena *a, const char *sql, int64_t key,
                       struct officer *o)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		officer_row(a, st, o);
		sqlite3_reset(st);
		return OK;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OFFICER_NOT_FOUND : ERR;
}

int officer_by_user(struct store *s, struct arena *a, int64_t user_id, struct officer *o)
{
	return officer_one(s, a, "SELECT " OFFICER_COLS " FROM officers WHERE user_id = ?", user_id,
	                   o);
}

int officer_by_id(struct store *s, struct arena *a, int64_t id, struct officer *o)
{
	return officer_one(s, a, "SELECT " OFFICER_COLS " FROM officers WHERE id = ?", id, o);
}

bool officer_township_valid(struct store *s, const char *code)
{
	if (!code || strlen(code) != 9)
		return false;
	struct arena a;
	arena_init(&a, 1024);
	struct region r;
	bool ok = region_get(s, &a, code, &r) == OK && strcmp(r.level, "township") == 0;
	arena_free(&a);
	return ok;
}

int officer_list(struct store *s, struct arena *a, const char *const *prefixes, size_t nprefixes,
                 const char *status, int64_t after_id, int limit, struct officer **out)
{
	/* the prefixes as a JSON array: one statement for any number of scopes */
	json_t *arr = json_array();
	for (size_t i = 0; i < nprefixes; i++)
		json_array_append_new(arr, json_string(prefixes[i]));
	char *scopes = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT " OFFICER_COLS
	                  " FROM officers o WHERE id > ?1 AND (?2 IS NULL OR status = ?2)"
	                  " AND EXISTS (SELECT 1 FROM json_each(?3) j"
	                  " WHERE substr(o.township_code, 1, length(j.value)) = j.value)"
	                  " ORDER BY id LIMIT ?4");
	if (!st || !scopes) {
		free(scopes);
		return -1;
	}
	sqlite3_bind_int64(st, 1, after_id);
	if (status)
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, scopes, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, limit);
	size_t n = 0, cap = 0;
	struct officer *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		items = arena_grow_array(a, items, n, &cap, sizeof *items);
		officer_row(a, st, &items[n++]);
	}
	sqlite3_reset(st);
	free(scopes);
	*out = items;
	return rc == SQLITE_DONE ? (int)n : -1;
}

/* ---- writes ---- */

int officer_register(sqlite3 *db, void *ctx)
{
	struct officer_reg *r = ctx;
	int rc = ERR;
	sqlite3_stmt *sel =
	    store_write_stmt(db, "SELECT id, status FROM officers WHERE user_id = ?");
	sqlite3_stmt *st = NULL;
	if (!sel)
		return ERR;
	sqlite3_bind_int64(sel, 1, r->user_id);
	int64_t id = 0;
	if (sqlite3_step(sel) == SQLITE_ROW) {
		id = sqlite3_column_int64(sel, 0);
		const char *status = (const char *)sqlite3_column_text(sel, 1);
		if (strcmp(status, OFFICER_ACTIVE) == 0 || strcmp(status, OFFICER_SUSPENDED) == 0) {
			r->conflict = true;
			r->id = id;
			goto out;
		}
	}
	if (id) /* a pending registration is changed; a rejected one is made again */
		st =
		    store_write_stmt(db, "UPDATE officers SET township_code = ?1, org = ?2,"
		                         " bio_zh = ?3, bio_mn = ?4, status = 'pending',"
		                         " confirmed_at = NULL, confirmed_by = NULL WHERE id = ?6");
	else
		st = store_write_stmt(db, "INSERT INTO officers(township_code, org, bio_zh, bio_mn,"
		                          " created_at, user_id) VALUES (?1, ?2, ?3, ?4, ?5, ?7)");
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, r->township_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->org ? r->org : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->bio_zh ? r->bio_zh : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->bio_mn ? r->bio_mn : "", -1, SQLITE_STATIC);
	if (id) {
		sqlite3_bind_int64(st, 6, id);
	} else {
		sqlite3_bind_int64(st, 5, r->now_ms);
		sqlite3_bind_int64(st, 7, r->user_id);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	r->id = id ? id : sqlite3_last_insert_rowid(db);
	rc = OK;
out:
	if (rc != OK && !r->conflict)
		log_msg(LOG_ERROR, "officer.register", "%s", sqlite3_errmsg(db));
	store_write_stmt_release(db, sel);
	if (st)
		store_write_stmt_release(db, st);
	return rc;
}

bool officer_transition_ok(const char *from, const char *to)
{
	static const struct {
		const char *from, *to;
	} allowed[] = {
	    {OFFICER_PENDING, OFFICER_ACTIVE},   {OFFICER_PENDING, OFFICER_REJECTED},
	    {OFFICER_ACTIVE, OFFICER_SUSPENDED}, {OFFICER_SUSPENDED, OFFICER_ACTIVE},
	    {OFFICER_REJECTED, OFFICER_ACTIVE},
	};
	for (size_t i = 0; i < ARRAY_LEN(allowed); i++)
		if (strcmp(allowed[i].from, from) == 0 && strcmp(allowed[i].to, to) == 0)
			return true;
	return false;
}

int officer_status_set(sqlite3 *db, void *ctx)
{
	struct officer_status_change *c = ctx;
	int rc = ERR;
	sqlite3_stmt *sel = store_write_stmt(db, "SELECT status FROM officers WHERE id = ?");
	sqlite3_stmt *st = NULL;
	if (!sel)
		return ERR;
	sqlite3_bind_int64(sel, 1, c->id);
	if (sqlite3_step(sel) != SQLITE_ROW) {
		c->not_found = true;
		goto out;
	}
	const char *cur = (const char *)sqlite3_column_text(sel, 0);
	c->from = strcmp(cur, OFFICER_PENDING) == 0     ? OFFICER_PENDING
	          : strcmp(cur, OFFICER_ACTIVE) == 0    ? OFFICER_ACTIVE
	          : strcmp(cur, OFFICER_SUSPENDED) == 0 ? OFFICER_SUSPENDED
	                                                : OFFICER_REJECTED;
	if (!officer_transition_ok(c->from, c->to)) {
		c->conflict = true;
		goto out;
	}
	st =
	    store_write_stmt(db, "UPDATE officers SET status = ?1,"
	                         " confirmed_at = CASE WHEN ?1 = 'active' AND status <> 'suspended'"
	                         " THEN ?2 ELSE confirmed_at END,"
	                         " confirmed_by = CASE WHEN ?1 = 'active' AND status <> 'suspended'"
	                         " THEN ?3 ELSE confirmed_by END WHERE id = ?4");
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, c->to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->now_ms);
	if (c->by_user)
		sqlite3_bind_int64(st, 3, c->by_user);
	sqlite3_bind_int64(st, 4, c->id);
	rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	if (rc != OK)
		log_msg(LOG_ERROR, "officer.status", "%s", sqlite3_errmsg(db));
out:
	store_write_stmt_release(db, sel);
	if (st)
		store_write_stmt_release(db, st);
	return rc;
}

int officer_link_create(sqlite3 *db, void *ctx)
{
	struct link_create *c = ctx;
	int rc = ERR;
	sqlite3_stmt *sel = store_write_stmt(db, "SELECT id, code, created_at FROM share_links"
	                                         " WHERE officer_id = ? AND target_kind = ?"
	                                         " AND target_id = ?");
	sqlite3_stmt *ins = NULL;
	if (!sel)
		return ERR;
	sqlite3_bind_int64(sel, 1, c->officer_id);
	sqlite3_bind_text(sel, 2, c->target_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(sel, 3, c->target_id);
	c->out.officer_id = c->officer_id;
	c->out.target_kind = c->target_kind;
	c->out.target_id = c->target_id;
	if (sqlite3_step(sel) == SQLITE_ROW) {
		c->out.id = sqlite3_column_int64(sel, 0);
		snprintf(c->out.code, sizeof c->out.code, "%s", sqlite3_column_text(sel, 1));
		c->out.created_at = sqlite3_column_int64(sel, 2);
		rc = OK;
		goto out;
	}
	ins = store_write_stmt(db, "INSERT INTO share_links(code, officer_id, target_kind,"
	                           " target_id, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!ins)
		goto out;
	/* 62^10 codes: a collision is astronomically rare, but a retry costs nothing */
	for (int attempt = 0; attempt < 4 && rc != OK; attempt++) {
		officer_code_new(c->out.code);
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, c->out.code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, c->officer_id);
		sqlite3_bind_text(ins, 3, c->target_kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, c->target_id);
		sqlite3_bind_int64(ins, 5, c->now_ms);
		if (sqlite3_step(ins) == SQLITE_DONE)
			rc = OK;
		else if (sqlite3_extended_errcode(db) != SQLITE_CONSTRAINT_UNIQUE)
			break;
	}
	if (rc == OK) {
		c->out.id = sqlite3_last_insert_rowid(db);
		c->out.created_at = c->now_ms;
		c->created = true;
	} else {
		log_msg(LOG_ERROR, "officer.link", "%s", sqlite3_errmsg(db));
	}
out:
	store_write_stmt_release(db, sel);
	if (ins)
		store_write_stmt_release(db, ins);
	return rc;
}

int officer_visits_insert(sqlite3 *db, void *ctx)
{
	struct visit_batch *b = ctx;
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO share_visits(link_id, officer_id, target_kind, target_id, channel,"
	        " reader_hash, net_hash, self_click, at, day) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return ERR;
	int rc = OK;
	for (size_t i = 0; i < b->n && rc == OK; i++) {
		const struct visit_row *v = &b->rows[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, v->link_id);
		sqlite3_bind_int64(st, 2, v->officer_id);
		sqlite3_bind_text(st, 3, v->kind == TARGET_QUIZ ? "quiz" : "article", -1,
		                  SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, v->target_id);
		sqlite3_bind_text(st, 5,
		                  officer_channels[v->channel < CHANNEL_COUNT ? v->channel : 0], -1,
		                  SQLITE_STATIC);
		sqlite3_bind_blob(st, 6, v->reader_hash, sizeof v->reader_hash, SQLITE_STATIC);
		sqlite3_bind_blob(st, 7, v->net_hash, sizeof v->net_hash, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, v->self_click);
		sqlite3_bind_int64(st, 9, v->at_ms);
		sqlite3_bind_text(st, 10, v->day, 10, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			log_msg(LOG_ERROR, "officer.visits", "%s", sqlite3_errmsg(db));
			rc = ERR;
		}
	}
	store_write_stmt_release(db, st);
	return rc;
}

/* ---- links and visits ---- */

static void link_row(sqlite3_stmt *st, struct share_link *l)
{
	l->id = sqlite3_column_int64(st, 0);
	snprintf(l->code, sizeof l->code, "%s", sqlite3_column_text(st, 1));
	l->officer_id = sqlite3_column_int64(st, 2);
	l->target_kind =
	    strcmp((const char *)sqlite3_column_text(st, 3), "quiz") == 0 ? "quiz" : "article";
	l->target_id = sqlite3_column_int64(st, 4);
	l->created_at = sqlite3_column_int64(st, 5);
}

#define LINK_COLS "id, code, officer_id, target_kind, target_id, created_at"

int officer_links(struct store *s, struct arena *a, int64_t officer_id, struct share_link **out)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT " LINK_COLS " FROM share_links WHERE officer_id = ?"
	                  " ORDER BY id DESC LIMIT 200");
	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, officer_id);
	size_t n = 0, cap = 0;
	struct share_link *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		items = arena_grow_array(a, items, n, &cap, sizeof *items);
		link_row(st, &items[n++]);
	}
	sqlite3_reset(st);
	*out = items;
	return rc == SQLITE_DONE ? (int)n : -1;
}

int officer_links_each(struct store *s, struct arena *a,
                       void (*fn)(const struct share_link *l, void *ctx), void *ctx)
{
	(void)a;
	sqlite3_stmt *st = store_stmt(s, "SELECT " LINK_COLS " FROM share_links ORDER BY id");
	if (!st)
		return ERR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct share_link l;
		link_row(st, &l);
		fn(&l, ctx);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int officer_visit_days(struct store *s, struct arena *a, int64_t officer_id, int ndays,
                       struct visit_day **out)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT day, count(*), count(DISTINCT reader_hash)"
	                  " FROM share_visits WHERE officer_id = ? AND self_click = 0"
	                  " GROUP BY day ORDER BY day DESC LIMIT ?");
	*out = NULL;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_int(st, 2, ndays);
	struct visit_day *items = arena_alloc(a, (size_t)(ndays > 0 ? ndays : 1) * sizeof *items);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < ndays) {
		snprintf(items[n].day, sizeof items[n].day, "%s", sqlite3_column_text(st, 0));
		items[n].visits = sqlite3_column_int64(st, 1);
		items[n].readers = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	*out = items;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : -1;
}

int64_t officer_link_visits(struct store *s, int64_t link_id, int64_t officer_id)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT count(*) FROM share_visits WHERE link_id = ?"
	                                 " AND officer_id = ? AND self_click = 0");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, link_id);
	sqlite3_bind_int64(st, 2, officer_id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int officer_import_write(sqlite3 *db, void *ctx)
{
	struct import_batch *b = ctx;
	sqlite3_stmt *st = store_write_stmt(
	    db,
	    "INSERT INTO officers(user_id, township_code, org, bio_zh, bio_mn, status,"
	    " created_at, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)");
	if (!st)
		return ERR;
	int rc = OK;
	for (size_t i = 0; i < b->n && rc == OK; i++) {
		const struct import_row *r = &b->rows[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r->user_id);
		sqlite3_bind_text(st, 2, r->township_code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->org, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, r->bio_zh, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, r->bio_mn, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, b->now_ms);
		sqlite3_bind_int64(st, 7, b->now_ms);
		if (b->by_user)
			sqlite3_bind_int64(st, 8, b->by_user);
		if (sqlite3_step(st) != SQLITE_DONE) {
			log_msg(LOG_ERROR, "officer.import", "%s", sqlite3_errmsg(db));
			rc = ERR;
		}
	}
	store_write_stmt_release(db, st);
	if (rc == OK)
		b->imported = (int)b->n;
	return rc;
}
