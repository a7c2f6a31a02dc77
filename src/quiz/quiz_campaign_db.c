/* quiz_campaign_db.c: the SQL of quiz_campaigns, quiz_campaign_draws and
 * quiz_campaign_members — read a campaign, list them, save one (creating its secret seed and
 * public commitment), and the member list. */
#include "base/common.h"
#include "base/log.h"
#include "base/rand.h"
#include "quiz/quiz.h"

#include <string.h>

#define CAMPAIGN_COLUMNS                                                                           \
	"c.id, c.title_zh, c.title_mn, c.rules_zh, c.rules_mn, c.region_code, c.sites,"            \
	" c.opens_at, c.closes_at, c.time_limit_s, c.attempts_allowed, c.counting, c.pass_mark,"   \
	" c.audience, c.shuffle, c.prizes, c.commitment, c.version, c.created_at, c.updated_at,"   \
	" EXISTS (SELECT 1 FROM quiz_draws d WHERE d.campaign_id = c.id)"

static const char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

static void row_to_campaign(struct arena *a, sqlite3_stmt *st, struct quiz_campaign *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->title_zh = col_text(a, st, 1);
	c->title_mn = col_text(a, st, 2);
	c->rules_zh = col_text(a, st, 3);
	c->rules_mn = col_text(a, st, 4);
	c->region_code = col_text(a, st, 5);
	c->sites = col_text(a, st, 6);
	c->opens_at = sqlite3_column_int64(st, 7);
	c->closes_at = sqlite3_column_int64(st, 8);
	c->time_limit_s = sqlite3_column_int(st, 9);
	c->attempts_allowed = sqlite3_column_int(st, 10);
	c->counting = col_text(a, st, 11);
	c->pass_mark = sqlite3_column_int(st, 12);
	c->audience = col_text(a, st, 13);
	c->shuffle = sqlite3_column_int(st, 14) != 0;
	c->prizes = sqlite3_column_int(st, 15);
	const unsigned char *cm = sqlite3_column_text(st, 16);
	snprintf(c->commitment, sizeof c->commitment, "%s", cm ? (const char *)cm : "");
	c->version = sqlite3_column_int64(st, 17);
	c->created_at = sqlite3_column_int64(st, 18);
	c->updated_at = sqlite3_column_int64(st, 19);
	c->drawn = sqlite3_column_int(st, 20) != 0;
}

static int load_draw_rules(struct store *s, struct arena *a, struct quiz_campaign *c)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT category, count FROM quiz_campaign_draws"
	                                 " WHERE campaign_id = ? ORDER BY category");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, c->id);
	c->ndraws = 0;
	while (sqlite3_step(st) == SQLITE_ROW && c->ndraws < QUIZ_MAX_DRAWS) {
		c->draws[c->ndraws].category = col_text(a, st, 0);
		c->draws[c->ndraws].count = sqlite3_column_int(st, 1);
		c->ndraws++;
	}
	sqlite3_reset(st);
	return OK;
}

int quiz_campaign_get(struct store *s, struct arena *a, int64_t id, struct quiz_campaign *c)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT " CAMPAIGN_COLUMNS " FROM quiz_campaigns c WHERE c.id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		row_to_campaign(a, st, c);
		rc = OK;
	}
	sqlite3_reset(st);
	return rc == OK ? load_draw_rules(s, a, c) : ERR;
}

static bool within_scopes(const char *region, const char *const *scopes, size_t n)
{
	if (!scopes)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strncmp(region, scopes[i], strlen(scopes[i])) == 0)
			return true;
	return false;
}

int quiz_campaign_list(struct store *s, struct arena *a, const char *const *scopes, size_t nscopes,
                       int64_t open_at, struct quiz_campaign **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT " CAMPAIGN_COLUMNS " FROM quiz_campaigns c"
	                                 " WHERE ?1 = 0 OR (c.opens_at <= ?1 AND c.closes_at > ?1)"
	                                 " ORDER BY c.id DESC LIMIT 500");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, open_at);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct quiz_campaign c;
		row_to_campaign(a, st, &c);
		if (!within_scopes(c.region_code, scopes, nscopes))
			continue;
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = c;
	}
	sqlite3_reset(st);
	return OK;
}

int quiz_campaign_seed(struct store *s, int64_t id, unsigned char seed[QUIZ_SEED_BYTES])
{
	sqlite3_stmt *st = store_stmt(s, "SELECT seed FROM quiz_campaigns WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == QUIZ_SEED_BYTES) {
		memcpy(seed, sqlite3_column_blob(st, 0), QUIZ_SEED_BYTES);
		rc = OK;
	}
	sqlite3_reset(st);
	return rc;
}

static int save_rules(sqlite3 *db, const struct quiz_campaign *c)
{
	sqlite3_stmt *del = store_write_stmt(db, "DELETE FROM quiz_campaign_draws"
	                                         " WHERE campaign_id = ?");
	if (!del)
		return ERR;
	sqlite3_bind_int64(del, 1, c->id);
	int rc = sqlite3_step(del) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, del);
	if (rc != OK)
		return ERR;
	sqlite3_stmt *ins = store_write_stmt(db, "INSERT INTO quiz_campaign_draws(campaign_id,"
	                                         " category, count) VALUES (?, ?, ?)");
	if (!ins)
		return ERR;
	for (int i = 0; i < c->ndraws && rc == OK; i++) {
		sqlite3_bind_int64(ins, 1, c->id);
		sqlite3_bind_text(ins, 2, c->draws[i].category, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 3, c->draws[i].count);
		rc = sqlite3_step(ins) == SQLITE_DONE ? OK : ERR;
		sqlite3_reset(ins);
	}
	store_write_stmt_release(db, ins);
	return rc;
}

/* Binds the editable fields as ?1..?15. */
static void bind_fields(sqlite3_stmt *st, const struct quiz_campaign *c)
{
	sqlite3_bind_text(st, 1, c->title_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->title_mn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->rules_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->rules_mn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->region_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->sites ? c->sites : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c->opens_at);
	sqlite3_bind_int64(st, 8, c->closes_at);
	sqlite3_bind_int(st, 9, c->time_limit_s);
	sqlite3_bind_int(st, 10, c->attempts_allowed);
	sqlite3_bind_text(st, 11, c->counting, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, c->pass_mark);
	sqlite3_bind_text(st, 13, c->audience, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, c->shuffle ? 1 : 0);
	sqlite3_bind_int(st, 15, c->prizes);
}

static int campaign_insert(sqlite3 *db, struct quiz_campaign_save *w)
{
	unsigned char seed[QUIZ_SEED_BYTES];
	if (rand_bytes(seed, sizeof seed) != OK)
		return ERR;
	quiz_sha256_hex(seed, sizeof seed, w->c.commitment);
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO quiz_campaigns(title_zh, title_mn, rules_zh, rules_mn, region_code,"
	        " sites, opens_at, closes_at, time_limit_s, attempts_allowed, counting, pass_mark,"
	        " audience, shuffle, prizes, seed, commitment, created_by, created_at, updated_at)"
	        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?19)");
	if (!st)
		return ERR;
	bind_fields(st, &w->c);
	sqlite3_bind_blob(st, 16, seed, sizeof seed, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 17, w->c.commitment, -1, SQLITE_STATIC);
	if (w->by_user)
		sqlite3_bind_int64(st, 18, w->by_user);
	else
		sqlite3_bind_null(st, 18);
	sqlite3_bind_int64(st, 19, w->now_ms);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	if (rc == OK) {
		w->c.id = sqlite3_last_insert_rowid(db);
		w->c.version = 1;
	}
	return rc;
}

static int campaign_update(sqlite3 *db, struct quiz_campaign_save *w)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "UPDATE quiz_campaigns SET title_zh=?1, title_mn=?2, rules_zh=?3, rules_mn=?4,"
	        " region_code=?5, sites=?6, opens_at=?7, closes_at=?8, time_limit_s=?9,"
	        " attempts_allowed=?10, counting=?11, pass_mark=?12, audience=?13, shuffle=?14,"
	        " prizes=?15, updated_at=?16, version=version+1 WHERE id=?17 AND version=?18");
	if (!st)
		return ERR;
	bind_fields(st, &w->c);
	sqlite3_bind_int64(st, 16, w->now_ms);
	sqlite3_bind_int64(st, 17, w->c.id);
	sqlite3_bind_int64(st, 18, w->expect_version);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	if (rc != OK)
		return ERR;
	if (sqlite3_changes(db) == 0) {
		sqlite3_stmt *ex =
		    store_write_stmt(db, "SELECT 1 FROM quiz_campaigns WHERE id = ?");
		if (!ex)
			return ERR;
		sqlite3_bind_int64(ex, 1, w->c.id);
		w->missing = sqlite3_step(ex) != SQLITE_ROW;
		store_write_stmt_release(db, ex);
		w->stale = !w->missing;
		return ERR;
	}
	w->c.version = w->expect_version + 1;
	return OK;
}

int quiz_campaign_save(sqlite3 *db, void *ctx)
{
	struct quiz_campaign_save *w = ctx;
	int rc = w->c.id ? campaign_update(db, w) : campaign_insert(db, w);
	if (rc == OK)
		rc = save_rules(db, &w->c);
	if (rc != OK && !w->stale && !w->missing)
		log_msg(LOG_ERROR, "quiz.campaign_save", "%s", sqlite3_errmsg(db));
	return rc;
}

int quiz_members_set(sqlite3 *db, void *ctx)
{
	struct quiz_members_set *m = ctx;
	int rc = OK;
	if (m->replace) {
		sqlite3_stmt *del =
		    store_write_stmt(db, "DELETE FROM quiz_campaign_members WHERE campaign_id = ?");
		if (!del)
			return ERR;
		sqlite3_bind_int64(del, 1, m->campaign_id);
		rc = sqlite3_step(del) == SQLITE_DONE ? OK : ERR;
		store_write_stmt_release(db, del);
	}
	sqlite3_stmt *ins = rc == OK ? store_write_stmt(db, "INSERT OR IGNORE INTO"
	                                                    " quiz_campaign_members(campaign_id,"
	                                                    " user_id) VALUES (?, ?)")
	                             : NULL;
	if (!ins)
		return ERR;
	m->added = 0;
	for (size_t i = 0; i < m->n && rc == OK; i++) {
		sqlite3_bind_int64(ins, 1, m->campaign_id);
		sqlite3_bind_int64(ins, 2, m->user_ids[i]);
		rc = sqlite3_step(ins) == SQLITE_DONE ? OK : ERR;
		m->added += sqlite3_changes(db);
		sqlite3_reset(ins);
	}
	store_write_stmt_release(db, ins);
	if (rc != OK)
		log_msg(LOG_ERROR, "quiz.members_set", "%s", sqlite3_errmsg(db));
	return rc;
}

bool quiz_member_is(struct store *s, int64_t campaign_id, int64_t user_id)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT 1 FROM quiz_campaign_members"
	                                 " WHERE campaign_id = ? AND user_id = ?");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, campaign_id);
	sqlite3_bind_int64(st, 2, user_id);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

int64_t quiz_members_count(struct store *s, int64_t campaign_id)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT count(*) FROM quiz_campaign_members WHERE campaign_id = ?");
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, campaign_id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}
