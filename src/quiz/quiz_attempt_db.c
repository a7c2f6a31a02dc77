/* quiz_attempt_db.c: the SQL of quiz_attempts and quiz_attempt_items — picking an attempt's
 * questions from the bank, loading an attempt with what scoring needs, and the write
 * closures that start, answer, finish and exclude attempts. Every closure re-checks the
 * attempt's status inside the writer's transaction, so two racing requests cannot both
 * change a closed attempt. */
#include "base/common.h"
#include "base/log.h"
#include "base/rand.h"
#include "quiz/quiz.h"
#include "quiz/quiz_bank.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"active", "finished", "expired"};

const char *quiz_status_name(enum quiz_status st)
{
	return status_names[st];
}

static enum quiz_status status_parse(const unsigned char *s)
{
	if (s && strcmp((const char *)s, "finished") == 0)
		return QS_FINISHED;
	if (s && strcmp((const char *)s, "expired") == 0)
		return QS_EXPIRED;
	return QS_ACTIVE;
}

static const char *const kind_names[] = {"single", "multi", "truefalse", "fill"};

enum quiz_kind quiz_kind_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s && strcmp(s, kind_names[i]) == 0)
			return (enum quiz_kind)i;
	return QK_SINGLE;
}

const char *quiz_kind_name(enum quiz_kind k)
{
	return kind_names[k];
}

void quiz_attempt_free(struct quiz_attempt *at)
{
	if (!at)
		return;
	for (int i = 0; i < at->nitems; i++) {
		for (int k = 0; k < at->items[i].naccepted; k++)
			free(at->items[i].accepted_keys[k]);
		free(at->items[i].accepted_keys);
	}
	free(at->items);
	free(at);
}

/* Fills the item's kind, correct-option mask and accepted answers from the bank
 * (quiz_bank.h). */
static int load_key(struct store *s, struct quiz_item *it)
{
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_question q;
	int rc = quiz_question_get(s, &a, it->question_id, &q) == OK ? OK : ERR;
	if (rc == OK)
		it->kind = quiz_kind_parse(q.kind);
	for (size_t k = 0; rc == OK && k < q.n_options; k++)
		for (int i = 0; i < it->nopt; i++)
			if (it->option_ids[i] == q.options[k].id && q.options[k].correct)
				it->correct |= 1u << i;
	if (rc == OK && it->kind == QK_FILL && q.n_answers) {
		it->accepted_keys = calloc(q.n_answers, sizeof *it->accepted_keys);
		if (!it->accepted_keys)
			abort();
		for (size_t k = 0; k < q.n_answers; k++) {
			it->accepted_keys[k] = strdup(q.answers[k].key ? q.answers[k].key : "");
			if (!it->accepted_keys[k])
				abort();
		}
		it->naccepted = (int)q.n_answers;
	}
	arena_free(&a);
	return rc;
}

static int load_items(struct store *s, struct quiz_attempt *at)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT position, question_id, question_version, option_order, points, max_points,"
	       " answered_at FROM quiz_attempt_items WHERE attempt_id = ? ORDER BY position");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, at->id);
	int cap = 0, rc = OK;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (at->nitems == cap) {
			cap = cap ? cap * 2 : 16;
			struct quiz_item *grown = realloc(at->items, (size_t)cap * sizeof *grown);
			if (!grown)
				abort();
			at->items = grown;
		}
		struct quiz_item *it = &at->items[at->nitems++];
		memset(it, 0, sizeof *it);
		it->question_id = sqlite3_column_int64(st, 1);
		it->question_version = sqlite3_column_int(st, 2);
		it->nopt = quiz_ids_parse((const char *)sqlite3_column_text(st, 3), it->option_ids,
		                          QUIZ_MAX_OPTIONS);
		if (it->nopt < 0)
			it->nopt = 0;
		it->answered = sqlite3_column_type(st, 4) != SQLITE_NULL;
		it->points = sqlite3_column_int(st, 4);
		it->max_points = sqlite3_column_int(st, 5);
		it->answered_at = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	/* the keys after the item rows: store_stmt's statements are per SQL, so no nesting */
	for (int i = 0; i < at->nitems && rc == OK; i++)
		rc = load_key(s, &at->items[i]);
	return rc;
}

struct quiz_attempt *quiz_attempt_load(struct store *s, int64_t id)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT campaign_id, user_id, region_code, status, started_at, deadline_at,"
	       " finished_at, coalesce(score, 0), max_score, coalesce(duration_ms, 0), token_hash,"
	       " excluded FROM quiz_attempts WHERE id = ?");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	struct quiz_attempt *at = calloc(1, sizeof *at);
	if (!at)
		abort();
	at->id = id;
	at->campaign_id = sqlite3_column_int64(st, 0);
	at->user_id = sqlite3_column_int64(st, 1);
	snprintf(at->region_code, sizeof at->region_code, "%s",
	         (const char *)sqlite3_column_text(st, 2));
	at->status = status_parse(sqlite3_column_text(st, 3));
	at->started_at = sqlite3_column_int64(st, 4);
	at->deadline_at = sqlite3_column_int64(st, 5);
	at->finished_at = sqlite3_column_int64(st, 6);
	at->score = sqlite3_column_int(st, 7);
	at->max_score = sqlite3_column_int(st, 8);
	at->duration_ms = sqlite3_column_int64(st, 9);
	if (sqlite3_column_bytes(st, 10) == 32)
		memcpy(at->token_hash, sqlite3_column_blob(st, 10), 32);
	at->excluded = sqlite3_column_int(st, 11) != 0;
	sqlite3_reset(st);
	if (load_items(s, at) != OK) {
		quiz_attempt_free(at);
		return NULL;
	}
	return at;
}

/* ---- picking the questions ---- */

static void shuffle_ids(int64_t *ids, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rand_below(i);
		int64_t x = ids[i - 1];
		ids[i - 1] = ids[j];
		ids[j] = x;
	}
}

static void shuffle_picks(struct quiz_pick *p, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rand_below(i);
		struct quiz_pick x = p[i - 1];
		p[i - 1] = p[j];
		p[j] = x;
	}
}

/* Fills p from question id: its version and options (shuffled when mix, true/false never). */
static int pick_one(struct store *s, struct arena *a, int64_t id, bool mix, struct quiz_pick *p)
{
	struct quiz_question q;
	if (quiz_question_get(s, a, id, &q) != OK)
		return ERR;
	p->question_id = id;
	p->version = (int)q.version;
	p->nopt = 0;
	for (size_t k = 0; k < q.n_options && p->nopt < QUIZ_MAX_OPTIONS; k++)
		p->option_ids[p->nopt++] = q.options[k].id;
	if (mix && quiz_kind_parse(q.kind) != QK_TRUEFALSE)
		shuffle_ids(p->option_ids, (size_t)p->nopt);
	return OK;
}

int quiz_pick_questions(struct store *s, struct arena *a, const struct quiz_campaign *c,
                        struct quiz_pick **out, int *n, const char **why)
{
	int total = 0;
	for (int r = 0; r < c->ndraws; r++)
		total += c->draws[r].count;
	*out = NULL;
	*n = 0;
	if (total < 1 || total > QUIZ_MAX_ITEMS) {
		*why = "quiz.error.no_questions";
		return ERR;
	}
	struct quiz_pick *picks = arena_alloc(a, (size_t)total * sizeof *picks);
	int np = 0;
	for (int r = 0; r < c->ndraws; r++) {
		int64_t *ids;
		size_t nc;
		if (quiz_bank_active_ids(s, a, c->draws[r].category, &ids, &nc) != OK)
			return ERR;
		if (nc < (size_t)c->draws[r].count) {
			*why = "quiz.error.no_questions";
			return ERR;
		}
		/* a partial Fisher–Yates: the first count of a random permutation */
		for (int k = 0; k < c->draws[r].count; k++) {
			size_t j = (size_t)k + (size_t)rand_below(nc - (size_t)k);
			int64_t x = ids[k];
			ids[k] = ids[j];
			ids[j] = x;
			if (pick_one(s, a, ids[k], c->shuffle, &picks[np++]) != OK)
				return ERR;
		}
	}
	if (c->shuffle)
		shuffle_picks(picks, (size_t)np);
	*out = picks;
	*n = np;
	return OK;
}

/* ---- write closures ---- */

static int step_done(sqlite3_stmt *st)
{
	return sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
}

/* Closes an active attempt (finished or expired) with its score; *closed when it was not
 * active. */
static int finish(sqlite3 *db, int64_t id, int64_t now_ms, bool expire, bool *closed, int *score,
                  int64_t *duration)
{
	sqlite3_stmt *st = store_write_stmt(
	    db, "UPDATE quiz_attempts SET status = ?2,"
	        " finished_at = CASE WHEN ?2 = 'expired' THEN deadline_at ELSE ?3 END,"
	        " duration_ms = CASE WHEN ?2 = 'expired' THEN deadline_at ELSE ?3 END - started_at,"
	        " score = (SELECT coalesce(sum(points), 0) FROM quiz_attempt_items"
	        "          WHERE attempt_id = ?1)"
	        " WHERE id = ?1 AND status = 'active' RETURNING score, duration_ms");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, expire ? "expired" : "finished", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_ms);
	int rc = sqlite3_step(st);
	*closed = rc != SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		*score = sqlite3_column_int(st, 0);
		*duration = sqlite3_column_int64(st, 1);
		rc = sqlite3_step(st);
	}
	store_write_stmt_release(db, st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int quiz_finish_write(sqlite3 *db, void *ctx)
{
	struct quiz_finish_write *w = ctx;
	if (finish(db, w->attempt_id, w->now_ms, w->expire, &w->closed, &w->score,
	           &w->duration_ms) != OK) {
		log_msg(LOG_ERROR, "quiz.finish", "%s", sqlite3_errmsg(db));
		return ERR;
	}
	return w->closed ? ERR : OK;
}

/* The user's active attempt of the campaign: id and deadline, or 0. */
static int64_t active_attempt(sqlite3 *db, const struct quiz_start *w, int64_t *deadline)
{
	sqlite3_stmt *st = store_write_stmt(db, "SELECT id, deadline_at FROM quiz_attempts"
	                                        " WHERE campaign_id = ? AND user_id = ?"
	                                        " AND status = 'active'");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, w->campaign_id);
	sqlite3_bind_int64(st, 2, w->user_id);
	int64_t id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*deadline = sqlite3_column_int64(st, 1);
	}
	store_write_stmt_release(db, st);
	return id;
}

static int set_token(sqlite3 *db, int64_t id, const unsigned char hash[32])
{
	sqlite3_stmt *st = store_write_stmt(db, "UPDATE quiz_attempts SET token_hash = ?"
	                                        " WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	int rc = step_done(st);
	store_write_stmt_release(db, st);
	return rc;
}

static int64_t attempts_used(sqlite3 *db, const struct quiz_start *w)
{
	sqlite3_stmt *st = store_write_stmt(db, "SELECT count(*) FROM quiz_attempts"
	                                        " WHERE campaign_id = ? AND user_id = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, w->campaign_id);
	sqlite3_bind_int64(st, 2, w->user_id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	store_write_stmt_release(db, st);
	return n;
}

static int insert_attempt(sqlite3 *db, struct quiz_start *w)
{
	int max_score = w->npicks; /* one point per question */
	sqlite3_stmt *st = store_write_stmt(
	    db, "INSERT INTO quiz_attempts(campaign_id, user_id, region_code, status, started_at,"
	        " deadline_at, max_score, token_hash, net_hash) VALUES (?,?,?,'active',?,?,?,?,?)");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, w->campaign_id);
	sqlite3_bind_int64(st, 2, w->user_id);
	sqlite3_bind_text(st, 3, w->region_code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, w->now_ms);
	sqlite3_bind_int64(st, 5, w->deadline_at);
	sqlite3_bind_int(st, 6, max_score);
	sqlite3_bind_blob(st, 7, w->token_hash, 32, SQLITE_STATIC);
	if (w->has_net)
		sqlite3_bind_blob(st, 8, w->net_hash, 16, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	int rc = step_done(st);
	store_write_stmt_release(db, st);
	if (rc != OK)
		return ERR;
	w->id = sqlite3_last_insert_rowid(db);
	st = store_write_stmt(db, "INSERT INTO quiz_attempt_items(attempt_id, position,"
	                          " question_id, question_version, option_order, max_points)"
	                          " VALUES (?, ?, ?, ?, ?, 1)");
	if (!st)
		return ERR;
	for (int i = 0; i < w->npicks && rc == OK; i++) {
		char order[QUIZ_MAX_OPTIONS * 21 + 1];
		size_t len = 0;
		order[0] = '\0';
		for (int k = 0; k < w->picks[i].nopt; k++)
			len += (size_t)snprintf(order + len, sizeof order - len, "%s%lld",
			                        k ? "," : "", (long long)w->picks[i].option_ids[k]);
		sqlite3_bind_int64(st, 1, w->id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_int64(st, 3, w->picks[i].question_id);
		sqlite3_bind_int(st, 4, w->picks[i].version);
		sqlite3_bind_text(st, 5, order, -1, SQLITE_TRANSIENT);
		rc = step_done(st);
		sqlite3_reset(st);
	}
	store_write_stmt_release(db, st);
	return rc;
}

int quiz_attempt_start_write(sqlite3 *db, void *ctx)
{
	struct quiz_start *w = ctx;
	int64_t deadline = 0;
	int64_t active = active_attempt(db, w, &deadline);
	if (active < 0)
		goto fail;
	w->expired_id = 0;
	if (active > 0 && w->now_ms <= deadline + w->grace_ms) {
		w->id = active;
		w->resumed = true;
		return set_token(db, active, w->token_hash) == OK ? OK : ERR;
	}
	if (active > 0) { /* its time ran out unfinished: close it with what it scored */
		bool closed;
		int score;
		int64_t duration;
		if (finish(db, active, w->now_ms, true, &closed, &score, &duration) != OK)
			goto fail;
		w->expired_id = active;
	}
	int64_t used = attempts_used(db, w);
	if (used < 0)
		goto fail;
	if (used >= w->attempts_allowed) {
		w->refusal = "quiz.error.attempts_used";
		/* keep the expiry of the old attempt: it is true whatever happens next */
		return w->expired_id ? OK : ERR;
	}
	if (insert_attempt(db, w) != OK)
		goto fail;
	return OK;
fail:
	log_msg(LOG_ERROR, "quiz.start", "%s", sqlite3_errmsg(db));
	return ERR;
}

int quiz_answer_write(sqlite3 *db, void *ctx)
{
	struct quiz_answer_write *w = ctx;
	if (w->now_ms > w->deadline_limit) {
		w->closed = true;
		return ERR;
	}
	sqlite3_stmt *st = store_write_stmt(
	    db, "UPDATE quiz_attempt_items SET answer = ?3, points = ?4, answered_at = ?5"
	        " WHERE attempt_id = ?1 AND position = ?2 AND EXISTS (SELECT 1 FROM quiz_attempts"
	        " WHERE id = ?1 AND status = 'active')");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, w->attempt_id);
	sqlite3_bind_int(st, 2, w->position);
	sqlite3_bind_text(st, 3, w->answer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, w->points);
	sqlite3_bind_int64(st, 5, w->now_ms);
	int rc = step_done(st);
	if (rc != OK)
		log_msg(LOG_ERROR, "quiz.answer", "%s", sqlite3_errmsg(db));
	else if (sqlite3_changes(db) == 0) {
		w->closed = true;
		rc = ERR;
	}
	store_write_stmt_release(db, st);
	return rc;
}

int quiz_expire_write(sqlite3 *db, void *ctx)
{
	struct quiz_expire_run *w = ctx;
	w->n = 0;
	sqlite3_stmt *st =
	    store_write_stmt(db, "SELECT id FROM quiz_attempts WHERE status = 'active'"
	                         " AND deadline_at < ? ORDER BY deadline_at LIMIT ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, w->now_ms - w->grace_ms);
	sqlite3_bind_int(st, 2, QUIZ_EXPIRE_BATCH);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		w->ids[w->n++] = sqlite3_column_int64(st, 0);
	store_write_stmt_release(db, st);
	if (rc != SQLITE_DONE)
		goto fail;
	for (int i = 0; i < w->n; i++) {
		bool closed;
		int score;
		int64_t duration;
		if (finish(db, w->ids[i], w->now_ms, true, &closed, &score, &duration) != OK)
			goto fail;
	}
	return OK;
fail:
	log_msg(LOG_ERROR, "quiz.expire", "%s", sqlite3_errmsg(db));
	w->n = 0;
	return ERR;
}

int quiz_exclude_write(sqlite3 *db, void *ctx)
{
	struct quiz_exclude_write *w = ctx;
	sqlite3_stmt *st =
	    store_write_stmt(db, "UPDATE quiz_attempts SET excluded = ?, exclude_note = ?"
	                         " WHERE id = ? AND status <> 'active' RETURNING campaign_id");
	if (!st)
		return ERR;
	sqlite3_bind_int(st, 1, w->excluded ? 1 : 0);
	sqlite3_bind_text(st, 2, w->note ? w->note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, w->attempt_id);
	int rc = sqlite3_step(st);
	w->missing = rc != SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		w->campaign_id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	store_write_stmt_release(db, st);
	return rc == SQLITE_DONE && !w->missing ? OK : ERR;
}

int quiz_attempts_of(struct store *s, struct arena *a, int64_t campaign_id, int64_t user_id,
                     struct quiz_attempt_brief **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT id, status, coalesce(score, 0), max_score, started_at, deadline_at,"
	       " coalesce(duration_ms, 0) FROM quiz_attempts WHERE campaign_id = ? AND user_id = ?"
	       " ORDER BY id DESC LIMIT 100");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, campaign_id);
	sqlite3_bind_int64(st, 2, user_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		struct quiz_attempt_brief *b = &(*out)[(*n)++];
		b->id = sqlite3_column_int64(st, 0);
		b->status = status_parse(sqlite3_column_text(st, 1));
		b->score = sqlite3_column_int(st, 2);
		b->max_score = sqlite3_column_int(st, 3);
		b->started_at = sqlite3_column_int64(st, 4);
		b->deadline_at = sqlite3_column_int64(st, 5);
		b->duration_ms = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	return OK;
}
