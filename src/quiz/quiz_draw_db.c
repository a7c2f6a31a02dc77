/* quiz_draw_db.c: the SQL of quiz_draws — the eligible list (each participant's counted
 * attempt by the campaign's rule, not excluded, score at least the pass mark) and the draw
 * closure that closes what is still active, freezes the list, draws and stores it in one
 * transaction. */
#include "base/common.h"
#include "base/log.h"
#include "quiz/quiz.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The counted attempt per participant: ORDER BY inside row_number() is the rule. */
static const char sql_best[] =
    "SELECT id FROM (SELECT id, score, row_number() OVER (PARTITION BY user_id"
    " ORDER BY score DESC, duration_ms ASC, id ASC) AS rn FROM quiz_attempts"
    " WHERE campaign_id = ?1 AND status <> 'active' AND excluded = 0)"
    " WHERE rn = 1 AND score >= ?2 ORDER BY id";
static const char sql_last[] =
    "SELECT id FROM (SELECT id, score, row_number() OVER (PARTITION BY user_id"
    " ORDER BY id DESC) AS rn FROM quiz_attempts"
    " WHERE campaign_id = ?1 AND status <> 'active' AND excluded = 0)"
    " WHERE rn = 1 AND score >= ?2 ORDER BY id";

int quiz_draw_eligible_db(sqlite3 *db, struct arena *a, const struct quiz_campaign *c,
                          int64_t **ids, size_t *n)
{
	sqlite3_stmt *st =
	    store_write_stmt(db, strcmp(c->counting, "last") == 0 ? sql_last : sql_best);
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int(st, 2, c->pass_mark);
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow_array(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	store_write_stmt_release(db, st);
	return step == SQLITE_DONE ? OK : ERR;
}

/* Closes every attempt of the campaign still active (their time is over: the campaign is). */
static int expire_active(sqlite3 *db, int64_t campaign_id)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "UPDATE quiz_attempts SET status = 'expired', finished_at = deadline_at,"
	        " duration_ms = deadline_at - started_at,"
	        " score = (SELECT coalesce(sum(points), 0) FROM quiz_attempt_items i"
	        "          WHERE i.attempt_id = quiz_attempts.id)"
	        " WHERE campaign_id = ? AND status = 'active'");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, campaign_id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	return rc;
}

static int read_seed(sqlite3 *db, int64_t campaign_id, unsigned char seed[QUIZ_SEED_BYTES])
{
	sqlite3_stmt *st = store_write_stmt(db, "SELECT seed FROM quiz_campaigns WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, campaign_id);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == QUIZ_SEED_BYTES) {
		memcpy(seed, sqlite3_column_blob(st, 0), QUIZ_SEED_BYTES);
		rc = OK;
	}
	store_write_stmt_release(db, st);
	return rc;
}

int quiz_draw_write(sqlite3 *db, void *ctx)
{
	struct quiz_draw_write *w = ctx;
	struct quiz_draw_result *r = w->r;
	sqlite3_stmt *ex = store_write_stmt(db, "SELECT 1 FROM quiz_draws WHERE campaign_id = ?");
	if (!ex)
		return ERR;
	sqlite3_bind_int64(ex, 1, w->c->id);
	w->exists = sqlite3_step(ex) == SQLITE_ROW;
	store_write_stmt_release(db, ex);
	if (w->exists)
		return ERR;
	unsigned char seed[QUIZ_SEED_BYTES];
	if (expire_active(db, w->c->id) != OK || read_seed(db, w->c->id, seed) != OK ||
	    quiz_draw_eligible_db(db, w->arena, w->c, &r->eligible, &r->neligible) != OK)
		goto fail;
	r->campaign_id = w->c->id;
	r->prizes = (size_t)w->c->prizes;
	sodium_bin2hex(r->seed_hex, sizeof r->seed_hex, seed, sizeof seed);
	snprintf(r->commitment, sizeof r->commitment, "%s", w->c->commitment);
	const char *list = quiz_draw_list_text(w->arena, r->eligible, r->neligible);
	quiz_sha256_hex(list, strlen(list), r->list_hash);
	r->winners = arena_alloc(w->arena, (r->prizes ? r->prizes : 1) * sizeof *r->winners);
	r->nwinners = quiz_draw_winners(seed, r->eligible, r->neligible, r->prizes, r->winners);
	sodium_memzero(seed, sizeof seed);
	sqlite3_stmt *st = store_write_stmt(db, "INSERT INTO quiz_draws(campaign_id, drawn_at,"
	                                        " drawn_by, eligible, list_hash, winners)"
	                                        " VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, r->campaign_id);
	sqlite3_bind_int64(st, 2, r->drawn_at);
	if (w->by_user)
		sqlite3_bind_int64(st, 3, w->by_user);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, list, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->list_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, quiz_draw_list_text(w->arena, r->winners, r->nwinners), -1,
	                  SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	if (rc == OK)
		return OK;
fail:
	log_msg(LOG_ERROR, "quiz.draw", "%s", sqlite3_errmsg(db));
	return ERR;
}

/* Parses "1\n2\n" into ids (arena). */
static int text_ids(struct arena *a, const char *text, int64_t **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (const char *p = text; *p;) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p || *end != '\n')
			return ERR;
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = v;
		p = end + 1;
	}
	if (!*out)
		*out = arena_alloc(a, sizeof **out);
	return OK;
}

int quiz_draw_get(struct store *s, struct arena *a, int64_t campaign_id, struct quiz_draw_result *r)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT d.drawn_at, d.eligible, d.list_hash, d.winners, c.seed, c.commitment,"
	       " c.prizes FROM quiz_draws d JOIN quiz_campaigns c ON c.id = d.campaign_id"
	       " WHERE d.campaign_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, campaign_id);
	int rc = ERR;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 4) == QUIZ_SEED_BYTES) {
		r->campaign_id = campaign_id;
		r->drawn_at = sqlite3_column_int64(st, 0);
		rc = text_ids(a, (const char *)sqlite3_column_text(st, 1), &r->eligible,
		              &r->neligible);
		snprintf(r->list_hash, sizeof r->list_hash, "%s", sqlite3_column_text(st, 2));
		if (rc == OK)
			rc = text_ids(a, (const char *)sqlite3_column_text(st, 3), &r->winners,
			              &r->nwinners);
		sodium_bin2hex(r->seed_hex, sizeof r->seed_hex, sqlite3_column_blob(st, 4),
		               QUIZ_SEED_BYTES);
		snprintf(r->commitment, sizeof r->commitment, "%s", sqlite3_column_text(st, 5));
		r->prizes = (size_t)sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	return rc;
}
