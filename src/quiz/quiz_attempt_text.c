/* quiz_attempt_text.c: what a participant is shown of an attempt's items — stems and option
 * texts in the attempt's option order, the answer given, and (only when the caller asks,
 * i.e. once the attempt is over) the explanation, the correct options and accepted
 * answers. Reads the attempt's items and the bank through quiz_bank.h's loader; never the
 * scoring cache. */
#include "base/common.h"
#include "quiz/quiz.h"
#include "quiz/quiz_bank.h"

#include <string.h>

static const char *dup_col(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return arena_strdup(a, t ? (const char *)t : "");
}

/* Fills stem, explanation, option texts (in the attempt's order) and the key from the bank
 * (quiz_bank.h); the key and explanations only when reveal. */
static int load_question(struct store *s, struct arena *a, struct quiz_item_text *t, bool reveal)
{
	struct quiz_question q;
	if (quiz_question_get(s, a, t->question_id, &q) != OK)
		return ERR;
	t->kind = quiz_kind_parse(q.kind);
	t->stem_zh = q.stem_zh ? q.stem_zh : "";
	t->stem_mn = q.stem_mn ? q.stem_mn : "";
	t->explanation_zh = reveal ? (q.explanation_zh ? q.explanation_zh : "") : NULL;
	t->explanation_mn = reveal ? (q.explanation_mn ? q.explanation_mn : "") : NULL;
	for (int i = 0; i < t->nopt; i++) {
		t->options[i].text_zh = ""; /* an option deleted from the bank since */
		t->options[i].text_mn = "";
		for (size_t k = 0; k < q.n_options; k++)
			if (q.options[k].id == t->options[i].id) {
				t->options[i].text_zh =
				    q.options[k].text_zh ? q.options[k].text_zh : "";
				t->options[i].text_mn =
				    q.options[k].text_mn ? q.options[k].text_mn : "";
				t->options[i].correct = reveal && q.options[k].correct;
			}
	}
	if (reveal && t->kind == QK_FILL && q.n_answers)
		t->accepted = q.answers[0].answer;
	return OK;
}

int quiz_attempt_texts(struct store *s, struct arena *a, int64_t attempt_id, bool reveal,
                       struct quiz_item_text **out, int *n)
{
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT position, question_id, option_order, answer, points,"
	                  " max_points FROM quiz_attempt_items WHERE attempt_id = ?"
	                  " ORDER BY position");
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
		int64_t ids[QUIZ_MAX_OPTIONS];
		int nopt =
		    quiz_ids_parse((const char *)sqlite3_column_text(st, 2), ids, QUIZ_MAX_OPTIONS);
		t->nopt = nopt > 0 ? nopt : 0;
		for (int i = 0; i < t->nopt; i++)
			t->options[i].id = ids[i];
		t->answered = sqlite3_column_type(st, 3) != SQLITE_NULL;
		t->answer = t->answered ? dup_col(a, st, 3) : NULL;
		t->points = reveal ? sqlite3_column_int(st, 4) : 0;
		t->max_points = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < count; i++)
		if (load_question(s, a, &items[i], reveal) != OK)
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
