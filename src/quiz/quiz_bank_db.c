/* quiz_bank_db.c: reads of the question bank's tables (quiz_questions, quiz_options,
 * quiz_accepted_answers, quiz_question_revisions): one question with its options and
 * answers, active ids per category, lists, categories, revisions. Writes are in
 * quiz_bank_save.c; nothing outside these two files touches the tables. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "quiz/quiz_bank.h"

/* Where statements come from: the thread's reader (s) or a given connection (db). */
struct src {
	struct store *s;
	sqlite3 *db;
};

static sqlite3_stmt *prep(const struct src *x, const char *sql)
{
	return x->s ? store_stmt(x->s, sql) : store_write_stmt(x->db, sql);
}

static void release(const struct src *x, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (x->s)
		sqlite3_reset(st);
	else
		store_write_stmt_release(x->db, st);
}

static const char *col_str(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

#define QUESTION_COLS                                                                              \
	"id, kind, category, difficulty, tags, stem_mn, stem_zh, explanation_mn,"                  \
	" explanation_zh, status, version, coalesce(created_by, 0), created_at, updated_at"

static void question_row(sqlite3_stmt *st, struct arena *a, struct quiz_question *q)
{
	memset(q, 0, sizeof *q);
	q->id = sqlite3_column_int64(st, 0);
	q->kind = col_str(st, 1, a);
	q->category = col_str(st, 2, a);
	q->difficulty = sqlite3_column_int(st, 3);
	q->tags = col_str(st, 4, a);
	q->stem_mn = col_str(st, 5, a);
	q->stem_zh = col_str(st, 6, a);
	q->explanation_mn = col_str(st, 7, a);
	q->explanation_zh = col_str(st, 8, a);
	q->status = col_str(st, 9, a);
	q->version = sqlite3_column_int64(st, 10);
	q->created_by = sqlite3_column_int64(st, 11);
	q->created_at = sqlite3_column_int64(st, 12);
	q->updated_at = sqlite3_column_int64(st, 13);
}

static int read_options(const struct src *x, struct arena *a, struct quiz_question *q)
{
	sqlite3_stmt *st =
	    prep(x, "SELECT id, position, text_mn, text_zh, correct FROM quiz_options"
	            " WHERE question_id = ? ORDER BY position");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, q->id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		q->options =
		    arena_grow_array(a, q->options, q->n_options, &cap, sizeof *q->options);
		struct quiz_option *o = &q->options[q->n_options++];
		o->id = sqlite3_column_int64(st, 0);
		o->position = sqlite3_column_int(st, 1);
		o->text_mn = col_str(st, 2, a);
		o->text_zh = col_str(st, 3, a);
		o->correct = sqlite3_column_int(st, 4) != 0;
	}
	release(x, st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static int read_answers(const struct src *x, struct arena *a, struct quiz_question *q)
{
	sqlite3_stmt *st = prep(x, "SELECT answer, answer_key FROM quiz_accepted_answers"
	                           " WHERE question_id = ? ORDER BY rowid");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, q->id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		q->answers =
		    arena_grow_array(a, q->answers, q->n_answers, &cap, sizeof *q->answers);
		struct quiz_accepted *k = &q->answers[q->n_answers++];
		k->answer = col_str(st, 0, a);
		k->key = col_str(st, 1, a);
	}
	release(x, st);
	return rc == SQLITE_DONE ? OK : ERR;
}

static int question_read(const struct src *x, struct arena *a, int64_t id,
                         struct quiz_question *out)
{
	sqlite3_stmt *st = prep(x, "SELECT " QUESTION_COLS " FROM quiz_questions WHERE id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		question_row(st, a, out);
	release(x, st);
	if (rc == SQLITE_DONE)
		return QUIZ_NOT_FOUND;
	if (rc != SQLITE_ROW || read_options(x, a, out) != OK || read_answers(x, a, out) != OK) {
		log_msg(LOG_ERROR, "quiz.question_read", "id=%lld", (long long)id);
		return ERR;
	}
	return OK;
}

int quiz_question_get(struct store *s, struct arena *a, int64_t id, struct quiz_question *out)
{
	struct src x = {s, NULL};
	return question_read(&x, a, id, out);
}

int quiz_question_load(sqlite3 *db, struct arena *a, int64_t id, struct quiz_question *out)
{
	struct src x = {NULL, db};
	return question_read(&x, a, id, out);
}

int quiz_bank_active_ids(struct store *s, struct arena *a, const char *category, int64_t **ids,
                         size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT id FROM quiz_questions WHERE status = 'active'"
	                                 " AND (?1 IS NULL OR category = ?1) ORDER BY id");
	*ids = NULL;
	*n = 0;
	if (!st)
		return ERR;
	if (category)
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow_array(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

/* The filter's WHERE clause, shared by the count and the page (?1..?8). */
#define LIST_WHERE                                                                                 \
	" WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR category = ?2)"                       \
	" AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR difficulty = ?4)"                     \
	" AND (?5 IS NULL OR ',' || tags || ',' LIKE '%,' || ?5 || ',%' ESCAPE '\\')"              \
	" AND (?6 IS NULL OR (?6 = 'zh' AND stem_zh <> '') OR (?6 = 'mn' AND stem_mn <> ''))"      \
	" AND (?7 IS NULL OR instr(stem_zh, ?7) > 0 OR instr(stem_mn, ?7) > 0)"

static void bind_filter(sqlite3_stmt *st, const struct quiz_filter *f)
{
	const char *texts[] = {f->kind, f->category, f->status};
	for (int i = 0; i < 3; i++)
		if (texts[i])
			sqlite3_bind_text(st, i + 1, texts[i], -1, SQLITE_STATIC);
	if (f->difficulty)
		sqlite3_bind_int(st, 4, f->difficulty);
	if (f->tag)
		sqlite3_bind_text(st, 5, f->tag, -1, SQLITE_STATIC);
	if (f->lang)
		sqlite3_bind_text(st, 6, f->lang, -1, SQLITE_STATIC);
	if (f->q && *f->q)
		sqlite3_bind_text(st, 7, f->q, -1, SQLITE_STATIC);
}

int quiz_questions_list(struct store *s, struct arena *a, const struct quiz_filter *f,
                        struct quiz_page *out)
{
	memset(out, 0, sizeof *out);
	if (f->tag && strpbrk(f->tag, "%_\\,")) /* LIKE wildcards never match a stored tag */
		return OK;
	sqlite3_stmt *st = store_stmt(s, "SELECT count(*) FROM quiz_questions" LIST_WHERE);
	if (!st)
		return ERR;
	bind_filter(st, f);
	int rc = sqlite3_step(st);
	out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return ERR;
	int limit = f->limit > 0 && f->limit <= QUIZ_PAGE_MAX ? f->limit : 50;
	st = store_stmt(s, "SELECT " QUESTION_COLS " FROM quiz_questions" LIST_WHERE
	                   " AND id > ?8 ORDER BY id LIMIT ?9");
	if (!st)
		return ERR;
	bind_filter(st, f);
	sqlite3_bind_int64(st, 8, f->after_id);
	sqlite3_bind_int(st, 9, limit + 1);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == (size_t)limit) {
			out->next = out->items[out->n - 1].id;
			continue;
		}
		out->items = arena_grow_array(a, out->items, out->n, &cap, sizeof *out->items);
		question_row(st, a, &out->items[out->n++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int quiz_categories(struct store *s, struct arena *a, const char ***out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT DISTINCT category FROM quiz_questions"
	                                 " WHERE status = 'active' ORDER BY category");
	*out = NULL;
	*n = 0;
	if (!st)
		return ERR;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = col_str(st, 0, a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}

int quiz_revisions_list(struct store *s, struct arena *a, int64_t id, struct quiz_revision **out,
                        size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT version, coalesce(saved_by, 0), saved_at, snapshot"
	                                 " FROM quiz_question_revisions WHERE question_id = ?"
	                                 " ORDER BY version DESC");
	*out = NULL;
	*n = 0;
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow_array(a, *out, *n, &cap, sizeof **out);
		struct quiz_revision *r = &(*out)[(*n)++];
		r->version = sqlite3_column_int64(st, 0);
		r->saved_by = sqlite3_column_int64(st, 1);
		r->saved_at = sqlite3_column_int64(st, 2);
		r->snapshot = col_str(st, 3, a);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK : ERR;
}
