/* quiz_bank_save.c: the bank's write closure: a checked question created or updated with
 * its options (updated by position so their ids stay stable for attempts), its accepted
 * answers and a revision holding the question's JSON. Runs on the writer thread. */
#include "base/common.h"
#include "base/log.h"
#include "quiz/quiz_bank.h"

#include <stdlib.h>

static int step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = st && sqlite3_step(st) == SQLITE_DONE ? OK : ERR;
	store_write_stmt_release(db, st);
	return rc;
}

static void bind_fields(sqlite3_stmt *st, const struct quiz_question *q)
{
	sqlite3_bind_text(st, 1, q->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, q->category, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, q->difficulty);
	sqlite3_bind_text(st, 4, q->tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, q->stem_mn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, q->stem_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, q->explanation_mn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, q->explanation_zh, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, q->status, -1, SQLITE_STATIC);
}

/* The question row: inserted (version 1) or updated (version + 1) after the check. */
static int save_row(sqlite3 *db, struct quiz_save *s)
{
	struct quiz_question *q = &s->q;
	if (!q->id) {
		sqlite3_stmt *st = store_write_stmt(
		    db,
		    "INSERT INTO quiz_questions(kind, category, difficulty, tags, stem_mn, stem_zh,"
		    " explanation_mn, explanation_zh, status, version, created_by, created_at,"
		    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?11)");
		if (!st)
			return ERR;
		bind_fields(st, q);
		if (s->user_id)
			sqlite3_bind_int64(st, 10, s->user_id);
		sqlite3_bind_int64(st, 11, s->now_ms);
		if (step_done(db, st) != OK)
			return ERR;
		q->id = sqlite3_last_insert_rowid(db);
		q->version = 1;
		q->created_by = s->user_id;
		q->created_at = q->updated_at = s->now_ms;
		return OK;
	}
	sqlite3_stmt *st = store_write_stmt(
	    db,
	    "SELECT version, coalesce(created_by, 0), created_at FROM quiz_questions WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, q->id);
	int rc = sqlite3_step(st);
	int64_t version = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW) {
		q->created_by = sqlite3_column_int64(st, 1);
		q->created_at = sqlite3_column_int64(st, 2);
	}
	store_write_stmt_release(db, st);
	if (rc == SQLITE_DONE)
		s->result = QUIZ_NOT_FOUND;
	else if (rc == SQLITE_ROW && version != q->version)
		s->result = QUIZ_STALE;
	if (rc != SQLITE_ROW || s->result != QUIZ_OK)
		return ERR;
	st = store_write_stmt(db, "UPDATE quiz_questions SET kind = ?1, category = ?2,"
	                          " difficulty = ?3, tags = ?4, stem_mn = ?5, stem_zh = ?6,"
	                          " explanation_mn = ?7, explanation_zh = ?8, status = ?9,"
	                          " version = version + 1, updated_at = ?10 WHERE id = ?11");
	if (!st)
		return ERR;
	bind_fields(st, q);
	sqlite3_bind_int64(st, 10, s->now_ms);
	sqlite3_bind_int64(st, 11, q->id);
	if (step_done(db, st) != OK)
		return ERR;
	q->version = version + 1;
	q->updated_at = s->now_ms;
	return OK;
}

/* Options by position (existing rows keep their ids), then the surplus positions removed. */
static int save_options(sqlite3 *db, struct quiz_question *q)
{
	for (size_t i = 0; i < q->n_options; i++) {
		struct quiz_option *o = &q->options[i];
		sqlite3_stmt *st = store_write_stmt(
		    db, "INSERT INTO quiz_options(question_id, position, text_mn, text_zh, correct)"
		        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (question_id, position) DO UPDATE SET"
		        " text_mn = excluded.text_mn, text_zh = excluded.text_zh,"
		        " correct = excluded.correct RETURNING id");
		if (!st)
			return ERR;
		sqlite3_bind_int64(st, 1, q->id);
		sqlite3_bind_int(st, 2, o->position);
		sqlite3_bind_text(st, 3, o->text_mn, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, o->text_zh, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, o->correct);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			o->id = sqlite3_column_int64(st, 0);
			rc = sqlite3_step(st);
		}
		store_write_stmt_release(db, st);
		if (rc != SQLITE_DONE)
			return ERR;
	}
	sqlite3_stmt *st =
	    store_write_stmt(db, "DELETE FROM quiz_options WHERE question_id = ? AND position > ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, q->id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)q->n_options);
	return step_done(db, st);
}

static int save_answers(sqlite3 *db, const struct quiz_question *q)
{
	sqlite3_stmt *st =
	    store_write_stmt(db, "DELETE FROM quiz_accepted_answers WHERE question_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, q->id);
	if (step_done(db, st) != OK)
		return ERR;
	for (size_t i = 0; i < q->n_answers; i++) {
		st = store_write_stmt(db, "INSERT INTO quiz_accepted_answers(question_id, answer,"
		                          " answer_key) VALUES (?, ?, ?)");
		if (!st)
			return ERR;
		sqlite3_bind_int64(st, 1, q->id);
		sqlite3_bind_text(st, 2, q->answers[i].answer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, q->answers[i].key, -1, SQLITE_STATIC);
		if (step_done(db, st) != OK)
			return ERR;
	}
	return OK;
}

static int save_revision(sqlite3 *db, const struct quiz_save *s)
{
	json_t *j = quiz_question_json(&s->q);
	char *snap = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	sqlite3_stmt *st = snap ? store_write_stmt(db, "INSERT INTO quiz_question_revisions("
	                                               "question_id, version, snapshot, saved_by,"
	                                               " saved_at) VALUES (?, ?, ?, ?, ?)")
	                        : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, s->q.id);
		sqlite3_bind_int64(st, 2, s->q.version);
		sqlite3_bind_text(st, 3, snap, -1, SQLITE_STATIC);
		if (s->user_id)
			sqlite3_bind_int64(st, 4, s->user_id);
		sqlite3_bind_int64(st, 5, s->now_ms);
	}
	int rc = step_done(db, st);
	free(snap);
	return rc;
}

int quiz_question_save(sqlite3 *db, void *ctx)
{
	struct quiz_save *s = ctx;
	s->result = QUIZ_OK;
	int rc = save_row(db, s);
	if (rc == OK)
		rc = save_options(db, &s->q);
	if (rc == OK)
		rc = save_answers(db, &s->q);
	if (rc == OK)
		rc = save_revision(db, s);
	if (rc != OK && s->result == QUIZ_OK)
		log_msg(LOG_ERROR, "quiz.save", "%s", sqlite3_errmsg(db));
	s->new_id = s->q.id;
	s->new_version = s->q.version;
	return rc;
}
