/* test_officer_points_sim.c: the points simulation. 10,000 officers and 1,000,000 share visits
 * (TALA_SIM_OFFICERS / TALA_SIM_VISITS change the size) generated with a fixed seed over 45
 * days across a year's end: ordinary visits, forwarding chains (a visit through officer B's
 * link attributed to officer A), self-clicks, click-farm bursts, repeated visits by a few
 * readers, sharing tasks and daily sign-ins. The visits are written in ten chunks; after each
 * the incremental job (points_catch_up, an odd batch size so batches end mid-stream) runs;
 * halfway, the open flags are reviewed (every other one cleared, the rest rejected).
 *
 * Then every officer's points and every ranking — officers by points in each township,
 * county, league and the region, and the areas' officers/points/shares/readers, for every
 * week, month, year and all time — are compared with a recomputation from the raw visit
 * log written here, independently of src/officer: its own day arithmetic (timegm/gmtime),
 * its own sliding windows and sets. */
#include "base/common.h"
#include "officer/officer_points.h"
#include "region/region.h"
#include "search/search.h"
#include "store/store.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NITEMS      450 /* 400 articles, 50 quizzes */
#define NREADERS    200000
#define READERS_NET 40              /* readers per network */
#define T0_MS       1796832000000LL /* 2026-12-10 00:00 +08:00 */
#define SPAN_MS     (45LL * 86400000)
#define CHUNKS      10
#define SIM_BATCH   7919

/* ---- the generator ---- */

static uint64_t rng = 0x7a1a2026c0ffee01ULL;
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}
static int64_t rndn(int64_t n)
{
	return (int64_t)(rnd() % (uint64_t)n);
}

struct sim_visit {
	int64_t id, link, officer, at;
	bool burst; /* part of a click farm or repeat burst: one second after the visit before */
	int item;   /* 0..NITEMS-1: < 400 article id item+1, else quiz id item-399 */
	int reader, net;
	bool self;
	char day[11];
};

struct sim {
	int nofficers;
	int64_t nvisits;
	char (*township)[10]; /* per officer (1-based) */
	bool *active;
	int64_t *link_of; /* officer * NITEMS + item -> link id (0: none yet) */
	int64_t nlinks;
	struct sim_visit *v;
	/* tasks */
	int ntasks;
	struct {
		char county[7], day[11];
		int item, points;
		int64_t id;
	} task[40];
};

/* The day in Asia/Shanghai of ms, by gmtime of the shifted time. */
static void sim_day(int64_t ms, char out[11])
{
	time_t t = (time_t)((ms + 8 * 3600000LL) / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int item_kind_quiz(int item)
{
	return item >= 400;
}
static int64_t item_target(int item)
{
	return item < 400 ? item + 1 : item - 399;
}

/* An officer, weighted so that some share far more than others. */
static int64_t pick_officer(const struct sim *S)
{
	uint64_t r = rnd() % 1000000;
	return 1 + (int64_t)((r * r / 1000000) * (uint64_t)S->nofficers / 1000000);
}

static int officer_item(int64_t o, int k)
{
	return (int)((o * 7 + k * 13) % NITEMS);
}

static int64_t link_id(struct sim *S, int64_t officer, int item)
{
	int64_t *l = &S->link_of[officer * NITEMS + item];
	if (!*l)
		*l = ++S->nlinks;
	return *l;
}

static void gen_visits(struct sim *S)
{
	S->v = calloc((size_t)S->nvisits, sizeof *S->v);
	assert_non_null(S->v);
	int64_t dt = SPAN_MS / S->nvisits;
	int64_t i = 0;
	while (i < S->nvisits) {
		int64_t left = S->nvisits - i;
		uint64_t r = rnd() % 10000;
		if (r < 2 && left > 40) { /* a click farm: 30 readers on one network */
			int64_t o = pick_officer(S);
			int item = officer_item(o, (int)rndn(10));
			int net = (int)rndn(NREADERS / READERS_NET);
			for (int k = 0; k < 30; k++, i++)
				S->v[i] = (struct sim_visit){.officer = o,
				                             .link = link_id(S, o, item),
				                             .item = item,
				                             .reader = net * READERS_NET + k % 40,
				                             .net = 100000 + net,
				                             .burst = k > 0};
			continue;
		}
		if (r < 3 && left > 300) { /* 250 visits of one item by 3 readers */
			int64_t o = pick_officer(S);
			int item = officer_item(o, (int)rndn(10));
			int base = (int)rndn(NREADERS - 3);
			for (int k = 0; k < 250; k++, i++)
				S->v[i] = (struct sim_visit){.officer = o,
				                             .link = link_id(S, o, item),
				                             .item = item,
				                             .reader = base + k % 3,
				                             .net = (base + k % 3) / READERS_NET,
				                             .burst = k > 0};
			continue;
		}
		struct sim_visit *v = &S->v[i++];
		int reader = (int)rndn(NREADERS);
		if (r < 100) { /* a self-click by one of the few who do it */
			/* few enough that some reach fraud.self_clicks in a day */
			int64_t o = 1 + rndn(S->nvisits / 20000 > 0 ? S->nvisits / 20000 : 1);
			int item = officer_item(o, (int)rndn(10));
			*v = (struct sim_visit){.officer = o,
			                        .link = link_id(S, o, item),
			                        .item = item,
			                        .reader = NREADERS + (int)o,
			                        .net = 200000 + (int)o,
			                        .self = true};
		} else if (r < 400) { /* a forwarding chain: B's link, attributed to A */
			int64_t a = pick_officer(S), b = 1 + rndn(S->nofficers);
			int item = officer_item(a, (int)rndn(10));
			*v = (struct sim_visit){.officer = a,
			                        .link = link_id(S, b, item),
			                        .item = item,
			                        .reader = reader,
			                        .net = reader / READERS_NET};
		} else {
			int64_t o = pick_officer(S);
			int item = officer_item(o, (int)rndn(10));
			*v = (struct sim_visit){.officer = o,
			                        .link = link_id(S, o, item),
			                        .item = item,
			                        .reader = reader,
			                        .net = reader / READERS_NET};
		}
	}
	for (i = 0; i < S->nvisits; i++) {
		S->v[i].id = i + 1;
		S->v[i].at = i == 0 ? T0_MS : S->v[i - 1].at + (S->v[i].burst ? 1000 : dt);
		sim_day(S->v[i].at, S->v[i].day);
	}
}

/* ---- writing the world into the store ---- */

struct setup_ctx {
	struct sim *S;
	int64_t from, to; /* visits [from, to) */
	int64_t links_done;
};

static int setup_officers(sqlite3 *db, void *ctx)
{
	struct sim *S = ((struct setup_ctx *)ctx)->S;
	sqlite3_stmt *u = NULL, *o = NULL;
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO users(id, login, password_hash, created_at)"
	                       " VALUES (?, ?, 'x', 0)",
	                       -1, &u, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO officers(id, user_id, township_code, status,"
	                       " created_at) VALUES (?, ?, ?, ?, 0)",
	                       -1, &o, NULL) != SQLITE_OK)
		return ERR;
	int rc = OK;
	for (int i = 1; i <= S->nofficers && rc == OK; i++) {
		char login[32];
		snprintf(login, sizeof login, "officer%d", i);
		sqlite3_bind_int(u, 1, i);
		sqlite3_bind_text(u, 2, login, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(u) == SQLITE_DONE ? OK : ERR;
		sqlite3_reset(u);
		sqlite3_bind_int(o, 1, i);
		sqlite3_bind_int(o, 2, i);
		sqlite3_bind_text(o, 3, S->township[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(o, 4, S->active[i] ? "active" : "suspended", -1, SQLITE_STATIC);
		if (rc == OK)
			rc = sqlite3_step(o) == SQLITE_DONE ? OK : ERR;
		sqlite3_reset(o);
	}
	sqlite3_finalize(u);
	sqlite3_finalize(o);
	return rc;
}

static int setup_visits(sqlite3 *db, void *ctx)
{
	struct setup_ctx *c = ctx;
	struct sim *S = c->S;
	sqlite3_stmt *l = NULL, *v = NULL;
	if (sqlite3_prepare_v2(db,
	                       "INSERT OR IGNORE INTO share_links(id, code, officer_id,"
	                       " target_kind, target_id, created_at) VALUES (?, ?, ?, ?, ?, 0)",
	                       -1, &l, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO share_visits(id, link_id, officer_id, target_kind,"
	                       " target_id, channel, reader_hash, net_hash, self_click, at, day)"
	                       " VALUES (?, ?, ?, ?, ?, 'link', ?, ?, ?, ?, ?)",
	                       -1, &v, NULL) != SQLITE_OK)
		return ERR;
	int rc = OK;
	/* links: every (officer, item) pair that has one, found from the link table */
	for (int64_t o = 1; o <= S->nofficers && rc == OK; o++)
		for (int item = 0; item < NITEMS && rc == OK; item++) {
			int64_t id = S->link_of[o * NITEMS + item];
			if (!id || id <= c->links_done)
				continue;
			char code[24];
			snprintf(code, sizeof code, "c%lld", (long long)id);
			sqlite3_bind_int64(l, 1, id);
			sqlite3_bind_text(l, 2, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(l, 3, o);
			sqlite3_bind_text(l, 4, item_kind_quiz(item) ? "quiz" : "article", -1,
			                  SQLITE_STATIC);
			sqlite3_bind_int64(l, 5, item_target(item));
			rc = sqlite3_step(l) == SQLITE_DONE ? OK : ERR;
			sqlite3_reset(l);
		}
	for (int64_t i = c->from; i < c->to && rc == OK; i++) {
		const struct sim_visit *x = &S->v[i];
		unsigned char reader[16] = {0}, net[8] = {0};
		/* the reader's hash rotates daily: reader id and the day */
		memcpy(reader, &x->reader, sizeof x->reader);
		memcpy(reader + 4, x->day, 10);
		memcpy(net, &x->net, sizeof x->net);
		sqlite3_bind_int64(v, 1, x->id);
		sqlite3_bind_int64(v, 2, x->link);
		sqlite3_bind_int64(v, 3, x->officer);
		sqlite3_bind_text(v, 4, item_kind_quiz(x->item) ? "quiz" : "article", -1,
		                  SQLITE_STATIC);
		sqlite3_bind_int64(v, 5, item_target(x->item));
		sqlite3_bind_blob(v, 6, reader, sizeof reader, SQLITE_TRANSIENT);
		sqlite3_bind_blob(v, 7, net, sizeof net, SQLITE_TRANSIENT);
		sqlite3_bind_int(v, 8, x->self);
		sqlite3_bind_int64(v, 9, x->at);
		sqlite3_bind_text(v, 10, x->day, -1, SQLITE_STATIC);
		rc = sqlite3_step(v) == SQLITE_DONE ? OK : ERR;
		sqlite3_reset(v);
	}
	sqlite3_finalize(l);
	sqlite3_finalize(v);
	return rc;
}

static int setup_tasks(sqlite3 *db, void *ctx)
{
	struct sim *S = ((struct setup_ctx *)ctx)->S;
	sqlite3_stmt *t = NULL;
	if (sqlite3_prepare_v2(db,
	                       "INSERT OR IGNORE INTO officer_tasks(county_code, day,"
	                       " target_kind, target_id, points, created_at)"
	                       " VALUES (?, ?, ?, ?, ?, 0)",
	                       -1, &t, NULL) != SQLITE_OK)
		return ERR;
	int rc = OK;
	for (int i = 0; i < S->ntasks && rc == OK; i++) {
		sqlite3_bind_text(t, 1, S->task[i].county, -1, SQLITE_STATIC);
		sqlite3_bind_text(t, 2, S->task[i].day, -1, SQLITE_STATIC);
		sqlite3_bind_text(t, 3, item_kind_quiz(S->task[i].item) ? "quiz" : "article", -1,
		                  SQLITE_STATIC);
		sqlite3_bind_int64(t, 4, item_target(S->task[i].item));
		sqlite3_bind_int(t, 5, S->task[i].points);
		rc = sqlite3_step(t) == SQLITE_DONE ? OK : ERR;
		S->task[i].id = sqlite3_changes(db) ? sqlite3_last_insert_rowid(db) : 0;
		sqlite3_reset(t);
	}
	sqlite3_finalize(t);
	return rc;
}

/* ---- the independent recomputation ---- */

/* An exact hash set of 64-bit keys (key 0 is never used). */
struct set64 {
	uint64_t *k;
	size_t cap, n;
};
static bool set_add(struct set64 *s, uint64_t key)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct set64 ns = {calloc(s->cap ? s->cap * 2 : 1024, 8),
		                   s->cap ? s->cap * 2 : 1024, 0};
		for (size_t i = 0; i < s->cap; i++)
			if (s->k[i])
				set_add(&ns, s->k[i]);
		free(s->k);
		*s = ns;
	}
	size_t j = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (s->cap - 1);
	for (; s->k[j]; j = (j + 1) & (s->cap - 1))
		if (s->k[j] == key)
			return false;
	s->k[j] = key;
	s->n++;
	return true;
}

/* A ledger entry of the recomputation. */
struct ref_entry {
	int64_t officer, points;
	int day;  /* index into the day table */
	int flag; /* held by (index + 1), 0: not held */
	bool share, reader;
};

struct ref_flag {
	int64_t officer;
	int day, kind; /* kind: 0 self, 1 farm, 2 repeat */
	int status;    /* 0 open, 1 cleared, 2 rejected */
};

struct ref {
	struct ref_entry *e;
	size_t ne, cap;
	struct ref_flag *f;
	size_t nf, capf;
	char days[64][11];
	int ndays;
	struct set64 readers, once;
};

static int ref_day(struct ref *R, const char *day)
{
	for (int i = 0; i < R->ndays; i++)
		if (strcmp(R->days[i], day) == 0)
			return i;
	assert_true(R->ndays < 64);
	snprintf(R->days[R->ndays], 11, "%s", day);
	return R->ndays++;
}

static int ref_held(struct ref *R, int64_t officer, int day)
{
	for (size_t i = 0; i < R->nf; i++)
		if (R->f[i].officer == officer && R->f[i].day == day && R->f[i].status != 1)
			return (int)i + 1;
	return 0;
}

static bool ref_has_flag(struct ref *R, int64_t officer, int day, int kind)
{
	for (size_t i = 0; i < R->nf; i++)
		if (R->f[i].officer == officer && R->f[i].day == day && R->f[i].kind == kind)
			return true;
	return false;
}

static void ref_flag(struct ref *R, int64_t officer, int day, int kind)
{
	if (ref_has_flag(R, officer, day, kind))
		return;
	if (R->nf == R->capf) {
		R->capf = R->capf ? R->capf * 2 : 64;
		R->f = realloc(R->f, R->capf * sizeof *R->f);
	}
	R->f[R->nf++] = (struct ref_flag){officer, day, kind, 0};
}

static void ref_entry(struct ref *R, int64_t officer, int day, int64_t points, bool share,
                      bool reader)
{
	if (R->ne == R->cap) {
		R->cap = R->cap ? R->cap * 2 : 4096;
		R->e = realloc(R->e, R->cap * sizeof *R->e);
	}
	R->e[R->ne++] =
	    (struct ref_entry){officer, points, day, ref_held(R, officer, day), share, reader};
}

/* A (officer, net) sliding window of counted visits. */
struct ref_window {
	int64_t officer;
	int net;
	int64_t *at;
	int *reader;
	size_t head, n, cap;
};

struct ref_windows {
	struct ref_window *w;
	size_t n, cap;
	int64_t *index; /* open addressing by officer and net */
	size_t icap;
};

static struct ref_window *ref_window(struct ref_windows *W, int64_t officer, int net)
{
	if (!W->icap) {
		W->icap = 1 << 22;
		W->index = calloc(W->icap, sizeof *W->index);
	}
	uint64_t h = ((uint64_t)officer * 1000003u + (uint64_t)net) * 0x9e3779b97f4a7c15ULL;
	size_t j = (size_t)(h >> 30) & (W->icap - 1);
	for (; W->index[j]; j = (j + 1) & (W->icap - 1)) {
		struct ref_window *w = &W->w[W->index[j] - 1];
		if (w->officer == officer && w->net == net)
			return w;
	}
	assert_true(W->n * 2 < W->icap);
	if (W->n == W->cap) {
		W->cap = W->cap ? W->cap * 2 : 1024;
		W->w = realloc(W->w, W->cap * sizeof *W->w);
	}
	W->w[W->n] = (struct ref_window){.officer = officer, .net = net};
	W->index[j] = (int64_t)++W->n;
	return &W->w[W->n - 1];
}

/* Adds a visit at `at` by reader; returns the distinct readers within the window. */
static int ref_window_add(struct ref_window *w, int64_t at, int reader, int64_t window_ms)
{
	while (w->n && w->at[w->head] <= at - window_ms) {
		w->head++;
		w->n--;
	}
	if (w->head + w->n == w->cap) {
		if (w->head) {
			memmove(w->at, w->at + w->head, w->n * sizeof *w->at);
			memmove(w->reader, w->reader + w->head, w->n * sizeof *w->reader);
			w->head = 0;
		}
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 8;
			w->at = realloc(w->at, w->cap * sizeof *w->at);
			w->reader = realloc(w->reader, w->cap * sizeof *w->reader);
		}
	}
	w->at[w->head + w->n] = at;
	w->reader[w->head + w->n] = reader;
	w->n++;
	int distinct = 0;
	for (size_t i = 0; i < w->n; i++) {
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = w->reader[w->head + k] == w->reader[w->head + i];
		distinct += !dup;
	}
	return distinct;
}

/* An exact map of 64-bit keys (never 0) to two counters. */
struct cnt64 {
	uint64_t *k;
	int64_t (*v)[2];
	size_t cap, n;
};
static int64_t *cnt_get(struct cnt64 *m, uint64_t key)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct cnt64 nm = {calloc(m->cap ? m->cap * 2 : 1024, 8),
		                   calloc(m->cap ? m->cap * 2 : 1024, 16),
		                   m->cap ? m->cap * 2 : 1024, 0};
		for (size_t i = 0; i < m->cap; i++)
			if (m->k[i])
				memcpy(cnt_get(&nm, m->k[i]), m->v[i], 16);
		free(m->k);
		free(m->v);
		*m = nm;
	}
	size_t j = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (m->cap - 1);
	for (; m->k[j]; j = (j + 1) & (m->cap - 1))
		if (m->k[j] == key)
			return m->v[j];
	m->k[j] = key;
	m->n++;
	return m->v[j];
}

static void ref_visit(struct sim *S, struct ref *R, struct ref_windows *W,
                      const struct points_rules *rules, const struct sim_visit *v,
                      int64_t *self_counts, struct cnt64 *items)
{
	if (!S->active[v->officer])
		return;
	int day = ref_day(R, v->day);
	if (v->self) {
		int64_t *c = &self_counts[v->officer * 64 + day];
		if (++*c >= rules->self_clicks)
			ref_flag(R, v->officer, day, 0);
		return;
	}
	struct ref_window *w = ref_window(W, v->officer, v->net);
	if (ref_window_add(w, v->at, v->reader, (int64_t)rules->net_window_s * 1000) >=
	    rules->net_readers)
		ref_flag(R, v->officer, day, 1);
	uint64_t rkey = ((uint64_t)v->officer << 40) | ((uint64_t)day << 34) |
	                ((uint64_t)v->item << 20) | (uint64_t)v->reader;
	bool is_new = set_add(&R->readers, rkey + 1);
	int64_t *c = cnt_get(
	    items, (((uint64_t)v->officer * NITEMS + (uint64_t)v->item) * 64 + (uint64_t)day) + 1);
	c[0]++;
	c[1] += is_new;
	if (c[0] >= rules->repeat_visits && c[1] <= rules->repeat_readers)
		ref_flag(R, v->officer, day, 2);
	if (set_add(&R->once, ((uint64_t)v->officer << 32 | (uint64_t)v->link) * 2 + 1))
		ref_entry(R, v->officer, day, rules->share, true, false);
	if (is_new)
		ref_entry(R, v->officer, day, rules->reader, false, true);
	for (int t = 0; t < S->ntasks; t++)
		if (S->task[t].id && S->task[t].item == v->item &&
		    strcmp(S->task[t].day, v->day) == 0 &&
		    strncmp(S->task[t].county, S->township[v->officer], 6) == 0 &&
		    set_add(&R->once, ((uint64_t)v->officer << 32 | (uint64_t)t) * 2 + 2))
			ref_entry(R, v->officer, day, S->task[t].points, false, false);
}

/* ---- comparing ---- */

/* Independent period keys of a day. */
static void ref_periods(const char *day, char out[4][16])
{
	struct tm tm = {0};
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	time_t t = timegm(&tm);
	struct tm g;
	gmtime_r(&t, &g);
	int back = (g.tm_wday + 6) % 7; /* days since Monday */
	time_t mon = t - (time_t)back * 86400;
	struct tm m;
	gmtime_r(&mon, &m);
	snprintf(out[0], 16, "a");
	snprintf(out[1], 16, "y%.4s", day);
	snprintf(out[2], 16, "m%.7s", day);
	strftime(out[3], 16, "w%Y-%m-%d", &m);
}

struct ref_row {
	int64_t officer, points, shares, readers;
};

static int cmp_rows(const void *x, const void *y)
{
	const struct ref_row *a = x, *b = y;
	if (a->points != b->points)
		return a->points > b->points ? -1 : 1;
	return a->officer < b->officer ? -1 : a->officer > b->officer;
}

struct ref_period {
	char key[16];
	struct ref_row *rows; /* by officer (1-based), present when touched */
	bool *present;
};

static void compare_rankings(struct sim *S, struct ref *R, struct store *st,
                             int64_t *officers_checked, int64_t *rankings_checked)
{
	/* the periods */
	struct ref_period P[64];
	int np = 0;
	for (int d = 0; d < R->ndays; d++) {
		char keys[4][16];
		ref_periods(R->days[d], keys);
		for (int k = 0; k < 4; k++) {
			bool have = false;
			for (int p = 0; p < np && !have; p++)
				have = strcmp(P[p].key, keys[k]) == 0;
			if (!have) {
				assert_true(np < 64);
				memcpy(P[np].key, keys[k], 16);
				P[np].rows = calloc((size_t)S->nofficers + 1, sizeof *P[np].rows);
				P[np].present = calloc((size_t)S->nofficers + 1, sizeof(bool));
				np++;
			}
		}
	}
	int *period_of_day[64];
	for (int d = 0; d < R->ndays; d++) {
		char keys[4][16];
		ref_periods(R->days[d], keys);
		period_of_day[d] = malloc(4 * sizeof(int));
		for (int k = 0; k < 4; k++)
			for (int p = 0; p < np; p++)
				if (strcmp(P[p].key, keys[k]) == 0)
					period_of_day[d][k] = p;
	}
	/* effective entries: not held, or held by a cleared flag */
	int64_t *total = calloc((size_t)S->nofficers + 1, sizeof *total);
	for (size_t i = 0; i < R->ne; i++) {
		const struct ref_entry *e = &R->e[i];
		if (e->flag && R->f[e->flag - 1].status != 1)
			continue;
		total[e->officer] += e->points;
		for (int k = 0; k < 4; k++) {
			struct ref_period *p = &P[period_of_day[e->day][k]];
			p->present[e->officer] = true;
			p->rows[e->officer].officer = e->officer;
			p->rows[e->officer].points += e->points;
			p->rows[e->officer].shares += e->share;
			p->rows[e->officer].readers += e->reader;
		}
	}
	/* every officer's balance */
	for (int o = 1; o <= S->nofficers; o++) {
		struct points_summary sum;
		assert_int_equal(points_summary_get(st, o, points_today(T0_MS), &sum), OK);
		if (sum.total != total[o])
			fail_msg("officer %d: %lld points, recomputed %lld", o,
			         (long long)sum.total, (long long)total[o]);
		(*officers_checked)++;
	}
	/* every ranking: each area of each level, each period */
	struct arena a;
	arena_init(&a, 1 << 16);
	static const int lens[] = {2, 4, 6, 9};
	for (int p = 0; p < np; p++) {
		for (int lv = 0; lv < 4; lv++) {
			/* the areas that have officers in this period */
			char(*areas)[10] = calloc((size_t)S->nofficers + 1, sizeof *areas);
			int nareas = 0;
			for (int o = 1; o <= S->nofficers; o++) {
				if (!P[p].present[o])
					continue;
				char code[10];
				snprintf(code, sizeof code, "%.*s", lens[lv], S->township[o]);
				bool have = false;
				for (int k = 0; k < nareas && !have; k++)
					have = strcmp(areas[k], code) == 0;
				if (!have)
					snprintf(areas[nareas++], 10, "%s", code);
			}
			for (int k = 0; k < nareas; k++) {
				struct ref_row *want =
				    malloc(((size_t)S->nofficers + 1) * sizeof *want);
				size_t nw = 0;
				struct ref_row sum = {0};
				for (int o = 1; o <= S->nofficers; o++)
					if (P[p].present[o] && strncmp(S->township[o], areas[k],
					                               (size_t)lens[lv]) == 0) {
						want[nw++] = P[p].rows[o];
						sum.points += P[p].rows[o].points;
						sum.shares += P[p].rows[o].shares;
						sum.readers += P[p].rows[o].readers;
					}
				qsort(want, nw, sizeof *want, cmp_rows);
				/* page through the ranking 97 at a time */
				size_t got = 0;
				int64_t after_points = 0, after_id = 0;
				for (;;) {
					struct rank_row *rows;
					int n =
					    rank_officers(st, &a, P[p].key, areas[k], after_points,
					                  after_id, (int64_t)got + 1, 97, &rows);
					assert_true(n >= 0);
					for (int i = 0; i < n; i++, got++) {
						if (got >= nw)
							fail_msg("%s %s: more rows than recomputed",
							         P[p].key, areas[k]);
						if (rows[i].officer_id != want[got].officer ||
						    rows[i].points != want[got].points ||
						    rows[i].shares != want[got].shares ||
						    rows[i].readers != want[got].readers)
							fail_msg("%s %s rank %zu: officer %lld "
							         "%lld/%lld/%lld,"
							         " recomputed officer %lld "
							         "%lld/%lld/%lld",
							         P[p].key, areas[k], got + 1,
							         (long long)rows[i].officer_id,
							         (long long)rows[i].points,
							         (long long)rows[i].shares,
							         (long long)rows[i].readers,
							         (long long)want[got].officer,
							         (long long)want[got].points,
							         (long long)want[got].shares,
							         (long long)want[got].readers);
						assert_int_equal(rows[i].rank, (int64_t)got + 1);
					}
					if (n < 97)
						break;
					after_points = rows[n - 1].points;
					after_id = rows[n - 1].officer_id;
				}
				assert_int_equal(got, nw);
				/* one officer's own rank, read the other way */
				if (nw) {
					size_t pick = nw / 2;
					struct rank_row me;
					assert_int_equal(rank_officer_get(st, P[p].key,
					                                  want[pick].officer,
					                                  areas[k], &me),
					                 OK);
					assert_int_equal(me.rank, (int64_t)pick + 1);
				}
				/* the area's own row */
				if (lv > 0 && lv < 3) {
					struct area_row *ar;
					int n = rank_areas(st, &a, P[p].key, lv, areas[k], "points",
					                   &ar);
					assert_true(n >= 1);
					bool found = false;
					for (int i = 0; i < n; i++) {
						if (strcmp(ar[i].area, areas[k]) != 0)
							continue;
						found = true;
						assert_int_equal(ar[i].officers, (int64_t)nw);
						assert_int_equal(ar[i].points, sum.points);
						assert_int_equal(ar[i].shares, sum.shares);
						assert_int_equal(ar[i].readers, sum.readers);
					}
					assert_true(found);
				}
				(*rankings_checked)++;
				free(want);
				arena_free(&a);
			}
			free(areas);
		}
	}
	arena_free(&a);
	for (int p = 0; p < np; p++) {
		free(P[p].rows);
		free(P[p].present);
	}
	for (int d = 0; d < R->ndays; d++)
		free(period_of_day[d]);
	free(total);
}

/* ---- the test ---- */

static int64_t env_int(const char *name, int64_t dflt)
{
	const char *v = getenv(name);
	return v && *v ? atoll(v) : dflt;
}

struct review_list {
	int64_t id[4096];
	int64_t officer[4096];
	char day[4096][11];
	char kind[4096][12];
	int n;
};

static void read_open_flags(struct store *st, struct review_list *L)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT id, officer_id, day, kind FROM officer_flags"
	                                 " WHERE status = 'open' ORDER BY id");
	assert_non_null(q);
	L->n = 0;
	while (sqlite3_step(q) == SQLITE_ROW && L->n < 4096) {
		L->id[L->n] = sqlite3_column_int64(q, 0);
		L->officer[L->n] = sqlite3_column_int64(q, 1);
		snprintf(L->day[L->n], 11, "%s", (const char *)sqlite3_column_text(q, 2));
		snprintf(L->kind[L->n], 12, "%s", (const char *)sqlite3_column_text(q, 3));
		L->n++;
	}
	sqlite3_reset(q);
}

static void simulation(void **state)
{
	struct sim S = {0};
	S.nofficers = (int)env_int("TALA_SIM_OFFICERS", 10000);
	S.nvisits = env_int("TALA_SIM_VISITS", 1000000);
	struct tu_db d;
	tu_db_open(&d, 512);
	char err[256];
	int applied;
	if (store_migrate(d.s, &applied, err, sizeof err) != OK)
		fail_msg("migrate: %s", err);
	int nregions;
	assert_int_equal(region_import(d.s, &nregions, err, sizeof err), OK);

	/* officers in townships all over the region; 2% suspended */
	char(*townships)[10] = calloc(4096, sizeof *townships);
	int nt = 0;
	sqlite3_stmt *q = store_stmt(d.s, "SELECT code FROM regions WHERE length(code) = 9"
	                                  " ORDER BY code");
	while (sqlite3_step(q) == SQLITE_ROW && nt < 4096)
		snprintf(townships[nt++], 10, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	assert_true(nt > 1000);
	S.township = calloc((size_t)S.nofficers + 1, sizeof *S.township);
	S.active = calloc((size_t)S.nofficers + 1, sizeof *S.active);
	S.link_of = calloc(((size_t)S.nofficers + 1) * NITEMS, sizeof *S.link_of);
	for (int o = 1; o <= S.nofficers; o++) {
		memcpy(S.township[o], townships[rndn(nt)], 10);
		S.active[o] = rndn(100) >= 2;
	}
	gen_visits(&S);
	/* sharing tasks: an officer's item in their county on a day */
	S.ntasks = 40;
	for (int t = 0; t < S.ntasks; t++) {
		int64_t o = pick_officer(&S);
		snprintf(S.task[t].county, 7, "%.6s", S.township[o]);
		sim_day(T0_MS + rndn(SPAN_MS), S.task[t].day);
		S.task[t].item = officer_item(o, (int)rndn(10));
		S.task[t].points = 3 + (int)rndn(5);
	}
	struct setup_ctx sc = {&S, 0, 0, 0};
	assert_int_equal(store_write(d.s, setup_officers, &sc), OK);
	assert_int_equal(store_write(d.s, setup_tasks, &sc), OK);

	struct config cfg;
	config_defaults(&cfg);
	struct points_rules rules;
	points_rules_from_config(&cfg, &rules);
	rules.batch = SIM_BATCH;

	struct ref R = {0};
	struct ref_windows W = {0};
	int64_t *self_counts = calloc(((size_t)S.nofficers + 1) * 64, sizeof(int64_t));
	struct cnt64 items = {0};
	int64_t processed = 0;
	struct review_list *L = calloc(1, sizeof *L);
	for (int c = 0; c < CHUNKS; c++) {
		sc.from = S.nvisits * c / CHUNKS;
		sc.to = S.nvisits * (c + 1) / CHUNKS;
		assert_int_equal(store_write(d.s, setup_visits, &sc), OK);
		sc.links_done = S.nlinks; /* links of later chunks are new ids */
		int64_t n = points_catch_up(d.s, &rules);
		assert_int_equal(n, sc.to - sc.from);
		processed += n;
		print_message("chunk %d: %lld visits processed, %.0f s of CPU so far\n", c,
		              (long long)n, (double)clock() / CLOCKS_PER_SEC);
		for (int64_t i = sc.from; i < sc.to; i++)
			ref_visit(&S, &R, &W, &rules, &S.v[i], self_counts, &items);
		if (c == CHUNKS / 2) {
			/* review: every other open flag cleared, the rest rejected */
			read_open_flags(d.s, L);
			size_t open_ref = 0;
			for (size_t f = 0; f < R.nf; f++)
				open_ref += R.f[f].status == 0;
			assert_int_equal((size_t)L->n, open_ref);
			assert_true(L->n > 0);
			for (int f = 0; f < L->n; f++) {
				struct flag_review rv = {.flag_id = L->id[f],
				                         .status = f % 2 ? "rejected" : "cleared",
				                         .now_ms = T0_MS};
				assert_int_equal(store_write(d.s, points_flag_review, &rv), OK);
				int day = ref_day(&R, L->day[f]);
				int kind = strcmp(L->kind[f], "self_click") == 0   ? 0
				           : strcmp(L->kind[f], "click_farm") == 0 ? 1
				                                                   : 2;
				bool found = false;
				for (size_t k = 0; k < R.nf; k++)
					if (R.f[k].officer == L->officer[f] && R.f[k].day == day &&
					    R.f[k].kind == kind) {
						R.f[k].status = f % 2 ? 2 : 1;
						found = true;
					}
				assert_true(found);
			}
			/* a second review of the same flag changes nothing */
			struct flag_review again = {.flag_id = L->id[0], .status = "rejected"};
			assert_int_equal(store_write(d.s, points_flag_review, &again), ERR);
			assert_true(again.not_open);
		}
	}
	assert_int_equal(processed, S.nvisits);
	/* nothing left: the cursor is at the last visit */
	assert_int_equal(points_catch_up(d.s, &rules), 0);

	struct cnt64 signed_days = {0};
	/* sign-ins: 100 officers sign in on runs of days; a second sign-in a day is refused */
	for (int k = 0; k < 100; k++) {
		int64_t o = 1 + rndn(S.nofficers);
		if (!S.active[o])
			continue;
		int32_t start = points_today(T0_MS) + (int32_t)rndn(30);
		for (int32_t day = start; day < start + 12; day++) {
			if (rndn(5) == 0)
				continue;
			struct points_signin si = {.officer_id = o,
			                           .township = S.township[o],
			                           .day = day,
			                           .now_ms = T0_MS,
			                           .rules = &rules};
			int rc = store_write(d.s, points_signin_write, &si);
			if (si.already) { /* this officer was drawn twice */
				assert_int_equal(rc, ERR);
				continue;
			}
			assert_int_equal(rc, OK);
			/* the streak: one more than the day before's */
			int64_t *prev =
			    cnt_get(&signed_days, (uint64_t)o << 32 | (uint32_t)(day - 1));
			int64_t streak = prev[0] + 1;
			cnt_get(&signed_days, (uint64_t)o << 32 | (uint32_t)day)[0] = streak;
			assert_int_equal(si.streak, streak);
			int bonus =
			    streak - 1 < rules.streak_cap ? (int)streak - 1 : rules.streak_cap;
			char ds[11];
			sim_day((int64_t)day * 86400000 - 8 * 3600000LL + 3600000, ds);
			int rday = ref_day(&R, ds);
			ref_entry(&R, o, rday, rules.signin + rules.streak_step * bonus, false,
			          false);
			R.e[R.ne - 1].flag = 0; /* sign-ins are never held */
			struct points_signin twice = si;
			assert_int_equal(store_write(d.s, points_signin_write, &twice), ERR);
			assert_true(twice.already);
		}
	}

	/* the ledger has no bare counter: every entry has a reason and a reference */
	assert_int_equal(tu_sqlite_int(store_reader(d.s), "SELECT count(*) FROM officer_points"
	                                                  " WHERE reason = '' OR ref_kind = ''"),
	                 0);
	/* flags of every kind were raised (the generator makes enough of each from 100,000 on) */
	if (S.nvisits >= 100000)
		assert_int_equal(tu_sqlite_int(store_reader(d.s),
		                               "SELECT count(DISTINCT kind) FROM officer_flags"),
		                 3);
	print_message("comparing, %.0f s of CPU so far\n", (double)clock() / CLOCKS_PER_SEC);
	int64_t officers_checked = 0, rankings_checked = 0;
	compare_rankings(&S, &R, d.s, &officers_checked, &rankings_checked);
	assert_int_equal(officers_checked, S.nofficers);
	print_message("simulation: %lld visits, %zu entries, %zu flags, %lld rankings compared\n",
	              (long long)S.nvisits, R.ne, R.nf, (long long)rankings_checked);

	for (size_t i = 0; i < W.n; i++) {
		free(W.w[i].at);
		free(W.w[i].reader);
	}
	free(W.w);
	free(W.index);
	free(R.e);
	free(R.f);
	free(R.readers.k);
	free(R.once.k);
	free(self_counts);
	free(signed_days.k);
	free(signed_days.v);
	free(items.k);
	free(items.v);
	free(L);
	free(S.v);
	free(S.township);
	free(S.active);
	free(S.link_of);
	free(townships);
	tu_db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(simulation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
