/* quiz_bank_io.c: what GIFT and CSV import and export share: the list of read questions
 * and rejected parts with their line numbers, the write closure that saves an import's
 * valid questions in one transaction, and the export of the whole bank in either format. */
#include "base/common.h"
#include "base/log.h"
#include "quiz/quiz_bank.h"

#include <string.h>

static struct quiz_import_item *push(struct arena *a, struct quiz_import *out, int line)
{
	out->items = arena_grow_array(a, out->items, out->n, &out->cap, sizeof *out->items);
	struct quiz_import_item *it = &out->items[out->n++];
	memset(it, 0, sizeof *it);
	it->line = line;
	return it;
}

int quiz_import_reject(struct arena *a, struct quiz_import *out, int line, const char *field,
                       const char *key, const char *detail)
{
	struct quiz_import_item *it = push(a, out, line);
	it->field = field;
	it->error_key = key;
	it->detail = detail;
	out->n_errors++;
	return OK;
}

int quiz_import_add(struct arena *a, struct quiz_import *out, int line, struct quiz_question *q)
{
	const char *field = NULL, *key = NULL;
	if (!q->kind)
		q->kind = "";
	if (quiz_question_check(a, q, &field, &key) != OK)
		return quiz_import_reject(a, out, line, field, key, NULL);
	struct quiz_import_item *it = push(a, out, line);
	it->q = *q;
	return OK;
}

int quiz_import_save(sqlite3 *db, void *ctx)
{
	struct quiz_import_run *r = ctx;
	r->imported = 0;
	for (size_t i = 0; i < r->imp->n; i++) {
		struct quiz_import_item *it = &r->imp->items[i];
		if (it->error_key)
			continue;
		struct quiz_save s = {.q = it->q, .user_id = r->user_id, .now_ms = r->now_ms};
		s.q.id = 0;
		if (quiz_question_save(db, &s) != OK)
			return ERR;
		r->imported++;
	}
	return OK;
}

int quiz_bank_export(struct store *s, struct arena *a, enum quiz_format f, const char *status,
                     struct strbuf *out)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT id FROM quiz_questions WHERE ?1 IS NULL OR"
	                                 " status = ?1 ORDER BY category, id");
	if (!st)
		return ERR;
	if (status)
		sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = arena_grow_array(a, ids, n, &cap, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ERR;
	if (f == QUIZ_CSV)
		quiz_csv_header(out);
	const char *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		struct quiz_question q;
		if (quiz_question_get(s, a, ids[i], &q) != OK)
			return ERR;
		if (f == QUIZ_CSV)
			quiz_csv_row(out, &q);
		else
			quiz_gift_write(out, &q, prev);
		prev = q.category;
	}
	return OK;
}
