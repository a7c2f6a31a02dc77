/* quiz_attempt_text.c: what a participant is shown of an attempt's items — stems and option
 * texts in the attempt's option order, the answer given, and (only when the caller asks,
 * i.e. once the attempt is over) the explanation, the correct options and accepted
 * answers. Reads the bank and the attempt's items; never the scoring cache. */
#include "base/common.h"
#include "quiz/quiz.h"

#include <string.h>

static const char *dup_col(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

static int load_options(struct store *s, struct arena *a, struct quiz_item_text *t, bool reveal)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT id, text_zh, text_mn, correct FROM quiz_options"
	                                 " WHERE question_id = ?");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, t->question_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		for (int i = 0; i < t->nopt; i++) {
			if (t->options[i].id != id)
				continue;
			t->options[i].text_zh = dup_col(a, st, 1);
			t->options[i].text_mn = dup_col(a, st, 2);
			t->options[i].correct = reveal && sqlite3_column_int(st, 3) != 0;
		}
	}
	sqlite3_reset(st);
	for (int i = 0; i < t->nopt; i++) /* an option deleted from the bank since */
		if (!t->options[i].text_zh) {
			t->options[i].text_zh = "";
			t->options[i].text_mn = "";
		}
	if (!reveal || t->kind != QK_FILL)
		return OK;
	st = store_stmt(s, "SELECT answer FROM quiz_accepted_answers WHERE question_id = ?"
	                   " ORDER BY rowid LIMIT 1");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, t->question_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		t->accepted = dup_col(a, st, 0);
	sqlite3_reset(st);
	return OK;
}

int quiz_attempt_texts(struct store *s, struct arena *a, int64_t attempt_id, bool reveal,
                       struct quiz_item_text **out, int *n)
{
	sqlite3_stmt *st = store_stmt(
	    s, "SELECT i.position, i.question_id, q.kind, q.stem_zh, q.stem_mn, q.explanation_zh,"
	       " q.explanation_mn, i.option_order, i.answer, i.points, i.max_points"
	       " FROM quiz_attempt_items i JOIN quiz_questions q ON q.id = i.question_id"
	       " WHERE i.attempt_id = ? ORDER BY i.position");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, attempt_id);
	size_t cap = 0, count = 0;
	struct quiz_item_text *items = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		items = arena_grow_array(a, items, count, &cap, sizeof *items);
		struct quiz_item_text *t = &items[count++];
		memset(t, 0, sizeof *t);
		t->position = sqlite3_column_int(st, 0);
		t->question_id = sqlite3_column_int64(st, 1);
		t->kind = quiz_kind_parse((const char *)sqlite3_column_text(st, 2));
		t->stem_zh = dup_col(a, st, 3);
		t->stem_mn = dup_col(a, st, 4);
		t->explanation_zh = reveal ? dup_col(a, st, 5) : NULL;
		t->explanation_mn = reveal ? dup_col(a, st, 6) : NULL;
		int64_t ids[QUIZ_MAX_OPTIONS];
		int nopt =
		    quiz_ids_parse((const char *)sqlite3_column_text(st, 7), ids, QUIZ_MAX_OPTIONS);
		t->nopt = nopt > 0 ? nopt : 0;
		for (int i = 0; i < t->nopt; i++)
			t->options[i].id = ids[i];
		t->answered = sqlite3_column_type(st, 8) != SQLITE_NULL;
		t->answer = t->answered ? dup_col(a, st, 8) : NULL;
		t->points = reveal ? sqlite3_column_int(st, 9) : 0;
		t->max_points = sqlite3_column_int(st, 10);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < count; i++)
		if (load_options(s, a, &items[i], reveal) != OK)
			return ERR;
	*out = items;
	*n = (int)count;
	return OK;
}

bool quiz_answer_has(const char *answer, int64_t option_id)
{
	int64_t ids[QUIZ_MAX_OPTIONS];
	int n = answer ? quiz_ids_parse(answer, ids, QUIZ_MAX_OPTIONS) : 0;
	for (int i = 0; i < n; i++)
		if (ids[i] == option_id)
			return true;
	return false;
}
