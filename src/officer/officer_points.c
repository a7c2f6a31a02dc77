/* officer_points.c: the points job's batch (see officer_points.h for the rules): reads the
 * share_visits after the cursor in id order inside one write closure, applies the fraud
 * rules and writes the ledger entries, the flags, the rule state (officer_readers,
 * officer_item_days, officer_self_clicks), the ranking aggregates and the new cursor — all
 * in the writer's transaction, so a batch counts exactly once. */
#include "base/common.h"
#include "base/log.h"
#include "officer/officer_points.h"

#include <stdlib.h>
#include <string.h>

#define KIND_SELF   1
#define KIND_FARM   2
#define KIND_REPEAT 4

struct visit {
	int64_t id, link_id, officer_id, target_id, at;
	int quiz; /* target_kind: 0 article, 1 quiz */
	const unsigned char *reader, *net;
	int rlen, nlen;
	bool self;
	int32_t day;
	const char *daystr;
	int64_t net_list; /* index into the (officer, network) lists */
};

struct officer_info {
	char township[16];
	bool active;
};

struct flag_state {
	int64_t held; /* the flag new entries are held by (0: none) */
	int kinds;    /* kinds of flag that exist for (officer, day), any status */
};

struct task {
	int64_t id, points;
};

/* A window event of the click-farm rule: a counted visit (context or batch). */
struct wevent {
	int64_t id, at;
	const unsigned char *net, *reader;
	int nlen, rlen;
};

struct netlist {
	struct wevent *ev;
	size_t n, cap;
};

struct batch {
	sqlite3 *db;
	struct arena *a;
	const struct points_rules *rules;
	struct points_batch *out;
	struct visit *v;
	size_t nv;
	struct pmap officers; /* (officer, 0) -> index into info */
	struct officer_info *info;
	size_t ninfo, capinfo;
	struct pmap flags; /* (officer, day) -> index into fstate */
	struct flag_state *fstate;
	size_t nfstate, capfstate;
	struct pmap tasks; /* (county << 17 | day, target * 2 + quiz) -> index + 1 into task */
	struct task *task;
	size_t ntask, captask;
	struct pmap once; /* (officer, link or -task) tried in this batch */
	struct pmap nets; /* (officer, 64-bit prefix of the network hash) -> list */
	struct netlist *lists;
	size_t nlists, caplists;
	struct pmap deltas; /* (officer, day) -> index into delta */
	struct rank_delta *delta;
	size_t ndelta, capdelta;
};

static int64_t prefix64(const unsigned char *p, int n)
{
	int64_t v = 0;
	memcpy(&v, p, n < 8 ? (size_t)n : 8);
	return v;
}

static const unsigned char *blob_copy(struct arena *a, sqlite3_stmt *st, int col, int *len)
{
	*len = sqlite3_column_bytes(st, col);
	unsigned char *p = arena_alloc(a, (size_t)*len + 1);
	if (*len)
		memcpy(p, sqlite3_column_blob(st, col), (size_t)*len);
	return p;
}

static bool blob_eq(const unsigned char *x, int xn, const unsigned char *y, int yn)
{
	return xn == yn && memcmp(x, y, (size_t)xn) == 0;
}

/* ---- loading ---- */

static int load_visits(struct batch *b, int64_t after)
{
	sqlite3_stmt *st = store_write_stmt(
	    b->db, "SELECT id, link_id, officer_id, target_kind, target_id, reader_hash, net_hash,"
	           " self_click, at, day FROM share_visits WHERE id > ? ORDER BY id LIMIT ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, b->rules->batch);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		b->v = arena_grow_array(b->a, b->v, b->nv, &cap, sizeof *b->v);
		struct visit *v = &b->v[b->nv];
		v->id = sqlite3_column_int64(st, 0);
		v->link_id = sqlite3_column_int64(st, 1);
		v->officer_id = sqlite3_column_int64(st, 2);
		const char *kind = (const char *)sqlite3_column_text(st, 3);
		v->quiz = kind && strcmp(kind, "quiz") == 0;
		v->target_id = sqlite3_column_int64(st, 4);
		v->reader = blob_copy(b->a, st, 5, &v->rlen);
		v->net = blob_copy(b->a, st, 6, &v->nlen);
		v->self = sqlite3_column_int(st, 7) != 0;
		v->at = sqlite3_column_int64(st, 8);
		const char *day = (const char *)sqlite3_column_text(st, 9);
		v->daystr = arena_strdup(b->a, day ? day : "");
		v->day = points_day_num(v->daystr);
		b->nv++;
	}
	store_write_stmt_release(b->db, st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static struct officer_info *officer(struct batch *b, int64_t id)
{
	bool created;
	int64_t *slot = pmap_put(&b->officers, id, 0, &created);
	if (!created)
		return &b->info[*slot];
	b->info = arena_grow_array(b->a, b->info, b->ninfo, &b->capinfo, sizeof *b->info);
	struct officer_info *o = &b->info[b->ninfo];
	*slot = (int64_t)b->ninfo++;
	sqlite3_stmt *st =
	    store_write_stmt(b->db, "SELECT township_code, status FROM officers WHERE id = ?");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);
			const char *s = (const char *)sqlite3_column_text(st, 1);
			snprintf(o->township, sizeof o->township, "%s", t ? t : "");
			o->active = s && strcmp(s, "active") == 0 && strlen(o->township) == 9;
		}
	}
	store_write_stmt_release(b->db, st);
	return o;
}

static struct flag_state *flag_state(struct batch *b, int64_t officer_id, int32_t day)
{
	bool created;
	int64_t *slot = pmap_put(&b->flags, officer_id, day, &created);
	if (created) {
		b->fstate =
		    arena_grow_array(b->a, b->fstate, b->nfstate, &b->capfstate, sizeof *b->fstate);
		b->fstate[b->nfstate] = (struct flag_state){0};
		*slot = (int64_t)b->nfstate++;
	}
	return &b->fstate[*slot];
}

static int kind_bit(const char *kind)
{
	return strcmp(kind, "self_click") == 0   ? KIND_SELF
	       : strcmp(kind, "click_farm") == 0 ? KIND_FARM
	                                         : KIND_REPEAT;
}

/* The flags of the batch's days, and its days' tasks. */
static int load_flags_tasks(struct batch *b, const char *from, const char *to)
{
	sqlite3_stmt *st = store_write_stmt(b->db, "SELECT officer_id, day, id, kind, status"
	                                           " FROM officer_flags WHERE day BETWEEN ? AND ?"
	                                           " ORDER BY id");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct flag_state *f =
		    flag_state(b, sqlite3_column_int64(st, 0),
		               points_day_num((const char *)sqlite3_column_text(st, 1)));
		f->kinds |= kind_bit((const char *)sqlite3_column_text(st, 3));
		if (!f->held && strcmp((const char *)sqlite3_column_text(st, 4), "cleared") != 0)
			f->held = sqlite3_column_int64(st, 2);
	}
	store_write_stmt_release(b->db, st);
	if (rc != SQLITE_DONE)
		return ERR;
	st = store_write_stmt(b->db, "SELECT id, county_code, day, target_kind, target_id, points"
	                             " FROM officer_tasks WHERE day BETWEEN ? AND ?");
	if (!st)
		return ERR;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t county = atoll((const char *)sqlite3_column_text(st, 1));
		int32_t day = points_day_num((const char *)sqlite3_column_text(st, 2));
		bool quiz = strcmp((const char *)sqlite3_column_text(st, 3), "quiz") == 0;
		b->task = arena_grow_array(b->a, b->task, b->ntask, &b->captask, sizeof *b->task);
		b->task[b->ntask] =
		    (struct task){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 5)};
		*pmap_put(&b->tasks, county << 17 | day, sqlite3_column_int64(st, 4) * 2 + quiz,
		          NULL) = (int64_t)++b->ntask;
	}
	store_write_stmt_release(b->db, st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static struct netlist *netlist(struct batch *b, int64_t officer_id, const unsigned char *net,
                               int nlen, int64_t *index)
{
	bool created;
	int64_t *slot = pmap_put(&b->nets, officer_id, prefix64(net, nlen), &created);
	if (created) {
		b->lists =
		    arena_grow_array(b->a, b->lists, b->nlists, &b->caplists, sizeof *b->lists);
		b->lists[b->nlists] = (struct netlist){0};
		*slot = (int64_t)b->nlists++;
	}
	if (index)
		*index = *slot;
	return &b->lists[*slot];
}

static void netlist_add(struct batch *b, struct netlist *l, struct wevent e)
{
	l->ev = arena_grow_array(b->a, l->ev, l->n, &l->cap, sizeof *l->ev);
	l->ev[l->n++] = e;
}

/* The click-farm window: counted visits before the batch within the window of its first
 * visit, then the batch's own, per (officer, network) in id order. */
static int load_windows(struct batch *b)
{
	int64_t min_at = b->v[0].at;
	for (size_t i = 1; i < b->nv; i++)
		if (b->v[i].at < min_at)
			min_at = b->v[i].at;
	sqlite3_stmt *st = store_write_stmt(
	    b->db, "SELECT id, officer_id, net_hash, reader_hash, at FROM share_visits"
	           " WHERE at > ? AND id < ? AND self_click = 0 ORDER BY id");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, min_at - (int64_t)b->rules->net_window_s * 1000);
	sqlite3_bind_int64(st, 2, b->v[0].id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct wevent e = {.id = sqlite3_column_int64(st, 0),
		                   .at = sqlite3_column_int64(st, 4)};
		e.net = blob_copy(b->a, st, 2, &e.nlen);
		e.reader = blob_copy(b->a, st, 3, &e.rlen);
		netlist_add(b, netlist(b, sqlite3_column_int64(st, 1), e.net, e.nlen, NULL), e);
	}
	store_write_stmt_release(b->db, st);
	if (rc != SQLITE_DONE)
		return ERR;
	for (size_t i = 0; i < b->nv; i++) {
		struct visit *v = &b->v[i];
		if (v->self)
			continue;
		struct netlist *l = netlist(b, v->officer_id, v->net, v->nlen, &v->net_list);
		netlist_add(b, l,
		            (struct wevent){v->id, v->at, v->net, v->reader, v->nlen, v->rlen});
	}
	return OK;
}

/* ---- rules ---- */

/* Distinct readers of v's officer from v's network within the window before v, counted up
 * to the threshold. */
static int farm_readers(struct batch *b, const struct visit *v)
{
	const struct netlist *l = &b->lists[v->net_list];
	int limit = b->rules->net_readers;
	const struct wevent **seen = arena_alloc(b->a, (size_t)limit * sizeof *seen);
	int n = 0;
	int64_t from = v->at - (int64_t)b->rules->net_window_s * 1000;
	for (size_t i = 0; i < l->n && n < limit; i++) {
		const struct wevent *e = &l->ev[i];
		if (e->id > v->id)
			break;
		if (e->at <= from || e->at > v->at || !blob_eq(e->net, e->nlen, v->net, v->nlen))
			continue;
		bool dup = false;
		for (int k = 0; k < n && !dup; k++)
			dup = blob_eq(seen[k]->reader, seen[k]->rlen, e->reader, e->rlen);
		if (!dup)
			seen[n++] = e;
	}
	return n;
}

static int raise_flag(struct batch *b, const struct visit *v, const char *township,
                      const char *kind, const char *detail)
{
	struct flag_state *f = flag_state(b, v->officer_id, v->day);
	int bit = kind_bit(kind);
	if (f->kinds & bit)
		return OK;
	sqlite3_stmt *st = store_write_stmt(
	    b->db, "INSERT OR IGNORE INTO officer_flags(officer_id, township_code, day, kind,"
	           " detail, visit_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, v->officer_id);
	sqlite3_bind_text(st, 2, township, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, v->daystr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, v->id);
	sqlite3_bind_int64(st, 7, b->out->now_ms);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	if (rc == OK && sqlite3_changes(b->db) == 1) {
		b->out->flags++;
		if (!f->held)
			f->held = sqlite3_last_insert_rowid(b->db);
	}
	f->kinds |= bit;
	store_write_stmt_release(b->db, st);
	return rc;
}

/* Counts a self-click; flags the officer's day when they reach the threshold. */
static int self_click(struct batch *b, const struct visit *v, const char *township)
{
	sqlite3_stmt *st = store_write_stmt(
	    b->db, "INSERT INTO officer_self_clicks VALUES (?, ?, 1) ON CONFLICT DO UPDATE"
	           " SET clicks = clicks + 1 RETURNING clicks");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, v->officer_id);
	sqlite3_bind_text(st, 2, v->daystr, -1, SQLITE_STATIC);
	int64_t clicks = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	store_write_stmt_release(b->db, st);
	if (clicks < 0)
		return ERR;
	if (clicks < b->rules->self_clicks)
		return OK;
	char detail[64];
	snprintf(detail, sizeof detail, "self_clicks=%lld", (long long)clicks);
	return raise_flag(b, v, township, "self_click", detail);
}

/* Records v's reader for its officer, item and day; *is_new when first that day. Applies
 * the repeat rule. */
static int reader_seen(struct batch *b, const struct visit *v, const char *township, bool *is_new)
{
	const char *kind = v->quiz ? "quiz" : "article";
	sqlite3_stmt *st =
	    store_write_stmt(b->db, "INSERT OR IGNORE INTO officer_readers VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, v->officer_id);
	sqlite3_bind_text(st, 2, v->daystr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, v->target_id);
	sqlite3_bind_blob(st, 5, v->reader, v->rlen, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	*is_new = rc == OK && sqlite3_changes(b->db) == 1;
	store_write_stmt_release(b->db, st);
	if (rc != OK)
		return ERR;
	st = store_write_stmt(b->db,
	                      "INSERT INTO officer_item_days VALUES (?, ?, ?, ?, 1, ?)"
	                      " ON CONFLICT DO UPDATE SET visits = visits + 1,"
	                      " readers = readers + excluded.readers RETURNING visits, readers");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, v->officer_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, v->target_id);
	sqlite3_bind_text(st, 4, v->daystr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, *is_new ? 1 : 0);
	int64_t visits = -1, readers = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		visits = sqlite3_column_int64(st, 0);
		readers = sqlite3_column_int64(st, 1);
	}
	store_write_stmt_release(b->db, st);
	if (visits < 0)
		return ERR;
	if (visits >= b->rules->repeat_visits && readers <= b->rules->repeat_readers) {
		char detail[96];
		snprintf(detail, sizeof detail, "%s=%lld visits=%lld readers=%lld", kind,
		         (long long)v->target_id, (long long)visits, (long long)readers);
		return raise_flag(b, v, township, "repeat", detail);
	}
	return OK;
}

static void add_delta(struct batch *b, int64_t officer_id, const char *township, int32_t day,
                      int64_t points, int64_t shares, int64_t readers)
{
	bool created;
	int64_t *slot = pmap_put(&b->deltas, officer_id, day, &created);
	if (created) {
		b->delta =
		    arena_grow_array(b->a, b->delta, b->ndelta, &b->capdelta, sizeof *b->delta);
		b->delta[b->ndelta] = (struct rank_delta){officer_id, township, day, 0, 0, 0, 0};
		*slot = (int64_t)b->ndelta++;
	}
	struct rank_delta *d = &b->delta[*slot];
	d->points += points;
	d->shares += shares;
	d->readers += readers;
	d->entries++;
}

/* Writes one entry; with once, only when (officer, reason, ref) has none (*written tells). */
static int entry(struct batch *b, const struct visit *v, const char *township, const char *reason,
                 const char *ref_kind, int64_t ref_id, int64_t points, bool once)
{
	sqlite3_stmt *st = store_write_stmt(
	    b->db, once ? "INSERT OR IGNORE INTO officer_points(officer_id, day, reason, ref_kind,"
	                  " ref_id, points, held_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	                : "INSERT INTO officer_points(officer_id, day, reason, ref_kind,"
	                  " ref_id, points, held_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR;
	int64_t held = flag_state(b, v->officer_id, v->day)->held;
	sqlite3_bind_int64(st, 1, v->officer_id);
	sqlite3_bind_text(st, 2, v->daystr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ref_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, ref_id);
	sqlite3_bind_int64(st, 6, points);
	if (held)
		sqlite3_bind_int64(st, 7, held);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_int64(st, 8, b->out->now_ms);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	bool written = rc == OK && sqlite3_changes(b->db) == 1;
	store_write_stmt_release(b->db, st);
	if (written) {
		b->out->entries++;
		if (!held)
			add_delta(b, v->officer_id, township, v->day, points,
			          strcmp(reason, "share") == 0, strcmp(reason, "reader") == 0);
	}
	return rc;
}

static int visit_apply(struct batch *b, const struct visit *v)
{
	if (v->day < 0)
		return OK; /* not a day: nothing can be dated (offcore writes none such) */
	struct officer_info *o = officer(b, v->officer_id);
	if (!o->active)
		return OK;
	if (v->self)
		return self_click(b, v, o->township);
	if (farm_readers(b, v) >= b->rules->net_readers) {
		char detail[64];
		snprintf(detail, sizeof detail, "readers>=%d window=%ds", b->rules->net_readers,
		         b->rules->net_window_s);
		if (raise_flag(b, v, o->township, "click_farm", detail) != OK)
			return ERR;
	}
	bool is_new;
	if (reader_seen(b, v, o->township, &is_new) != OK)
		return ERR;
	bool created;
	pmap_put(&b->once, v->officer_id, v->link_id, &created);
	if (created &&
	    entry(b, v, o->township, "share", "link", v->link_id, b->rules->share, true) != OK)
		return ERR;
	if (is_new &&
	    entry(b, v, o->township, "reader", "visit", v->id, b->rules->reader, false) != OK)
		return ERR;
	int64_t county = atoll((char[7]){o->township[0], o->township[1], o->township[2],
	                                 o->township[3], o->township[4], o->township[5], 0});
	int64_t *t = pmap_get(&b->tasks, county << 17 | v->day, v->target_id * 2 + v->quiz);
	if (t) {
		const struct task *task = &b->task[*t - 1];
		pmap_put(&b->once, v->officer_id, -task->id, &created);
		if (created &&
		    entry(b, v, o->township, "task", "task", task->id, task->points, true) != OK)
			return ERR;
	}
	return OK;
}

static int cursor_get(sqlite3 *db, int64_t *last)
{
	sqlite3_stmt *st =
	    store_write_stmt(db, "SELECT last_visit_id FROM officer_points_cursor WHERE id = 1");
	if (!st)
		return ERR;
	int rc = sqlite3_step(st) == SQLITE_ROW ? OK : ERR;
	if (rc == OK)
		*last = sqlite3_column_int64(st, 0);
	store_write_stmt_release(db, st);
	return rc;
}

static int cursor_set(sqlite3 *db, int64_t last, int64_t now_ms)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "UPDATE officer_points_cursor SET last_visit_id = ?, updated_at = ? WHERE id = 1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, last);
	sqlite3_bind_int64(st, 2, now_ms);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	return rc;
}

static void batch_free(struct batch *b)
{
	pmap_free(&b->officers);
	pmap_free(&b->flags);
	pmap_free(&b->tasks);
	pmap_free(&b->once);
	pmap_free(&b->nets);
	pmap_free(&b->deltas);
}

/* A batch touches pages all over the ledger, the rule state and five ranking indexes: with
 * SQLite's default 2 MiB cache the writer spills and rewrites the same pages into the WAL
 * many times per batch. The writer's cache is raised to POINTS_CACHE_KIB unless it is
 * larger already. */
#define POINTS_CACHE_KIB 65536

static void writer_cache(sqlite3 *db)
{
	sqlite3_stmt *st = store_write_stmt(db, "PRAGMA cache_size");
	int64_t now = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	store_write_stmt_release(db, st);
	/* negative: KiB; positive: pages (of 4 KiB) */
	int64_t kib = now < 0 ? -now : now * 4;
	if (kib < POINTS_CACHE_KIB)
		store_exec(db, "PRAGMA cache_size = -65536");
}

int points_batch_write(sqlite3 *db, void *ctx)
{
	struct points_batch *pb = ctx;
	writer_cache(db);
	pb->visits = pb->entries = pb->flags = 0;
	struct arena a;
	arena_init(&a, 1 << 16);
	struct batch b = {.db = db, .a = &a, .rules = pb->rules, .out = pb};
	int rc = ERR;
	int64_t last;
	if (cursor_get(db, &last) != OK || load_visits(&b, last) != OK)
		goto out;
	pb->last_visit_id = last;
	if (!b.nv) {
		rc = OK;
		goto out;
	}
	const char *from = b.v[0].daystr, *to = b.v[0].daystr;
	for (size_t i = 1; i < b.nv; i++) {
		if (strcmp(b.v[i].daystr, from) < 0)
			from = b.v[i].daystr;
		if (strcmp(b.v[i].daystr, to) > 0)
			to = b.v[i].daystr;
	}
	if (load_flags_tasks(&b, from, to) != OK || load_windows(&b) != OK)
		goto out;
	for (size_t i = 0; i < b.nv; i++)
		if (visit_apply(&b, &b.v[i]) != OK)
			goto out;
	if (rank_apply(db, b.delta, b.ndelta) != OK)
		goto out;
	pb->visits = (int64_t)b.nv;
	pb->last_visit_id = b.v[b.nv - 1].id;
	rc = cursor_set(db, pb->last_visit_id, pb->now_ms);
out:
	if (rc != OK)
		log_msg(LOG_ERROR, "points.batch", "%s", sqlite3_errmsg(db));
	batch_free(&b);
	arena_free(&a);
	return rc;
}
