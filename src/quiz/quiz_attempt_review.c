/* quiz_attempt_review.c: the anti-cheating report of a campaign for its managers — attempts
 * with many answers given faster than a floor after the previous one (or the start), and
 * groups of attempts by different accounts from one network (the keyed hash of the /24, see
 * quiz_net_hash) that gave identical answers to the same questions. Reading only; the
 * manager decides and excludes through quiz_exclude_write. */
#include "auth/auth.h"
#include "base/common.h"
#include "quiz/quiz.h"

#include <stdlib.h>
#include <string.h>

struct row {
	int64_t id, user_id;
	int score;
	bool excluded;
	const char *note;
	unsigned char net[16];
	bool has_net;
	uint64_t signature; /* order-independent hash of (question, answer) pairs */
	int answered;
	int fast;
	int group, group_size;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

/* splitmix64's finalizer: every input bit flips half the output bits, so a sum of item
 * hashes does not cancel out between answers that differ in one digit */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static int by_group_key(const void *pa, const void *pb)
{
	const struct row *a = *(const struct row *const *)pa, *b = *(const struct row *const *)pb;
	int c = memcmp(a->net, b->net, 16);
	if (c)
		return c;
	if (a->signature != b->signature)
		return a->signature < b->signature ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Numbers groups of ≥ 2 attempts by different users sharing network and answers. */
static void find_groups(struct arena *a, struct row *rows, size_t n)
{
	struct row **sorted = arena_alloc(a, (n ? n : 1) * sizeof *sorted);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].has_net && rows[i].answered > 0)
			sorted[m++] = &rows[i];
	qsort(sorted, m, sizeof *sorted, by_group_key);
	int next_group = 1;
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		bool other_user = false;
		while (j < m && memcmp(sorted[j]->net, sorted[i]->net, 16) == 0 &&
		       sorted[j]->signature == sorted[i]->signature) {
			other_user |= sorted[j]->user_id != sorted[i]->user_id;
			j++;
		}
		if (j - i >= 2 && other_user) {
			for (size_t k = i; k < j; k++) {
				sorted[k]->group = next_group;
				sorted[k]->group_size = (int)(j - i);
			}
			next_group++;
		}
		i = j;
	}
}

int quiz_review(struct store *s, struct arena *a, int64_t campaign_id, int64_t floor_ms,
                int min_fast, struct quiz_suspect **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(
	    s,
	    "SELECT t.id, t.user_id, coalesce(t.score, 0), t.excluded, t.exclude_note, t.net_hash,"
	    " t.started_at, i.question_id, i.answer, i.answered_at FROM quiz_attempts t"
	    " JOIN quiz_attempt_items i ON i.attempt_id = t.id"
	    " WHERE t.campaign_id = ? AND t.status <> 'active'"
	    " ORDER BY t.id, i.answered_at");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, campaign_id);
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0;
	int64_t last_at = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (!nrows || rows[nrows - 1].id != id) {
			rows = arena_grow_array(a, rows, nrows, &cap, sizeof *rows);
			struct row *r = &rows[nrows++];
			memset(r, 0, sizeof *r);
			r->id = id;
			r->user_id = sqlite3_column_int64(st, 1);
			r->score = sqlite3_column_int(st, 2);
			r->excluded = sqlite3_column_int(st, 3) != 0;
			r->note = arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
			r->has_net = sqlite3_column_bytes(st, 5) == 16;
			if (r->has_net)
				memcpy(r->net, sqlite3_column_blob(st, 5), 16);
			last_at = sqlite3_column_int64(st, 6);
		}
		struct row *r = &rows[nrows - 1];
		if (sqlite3_column_type(st, 8) == SQLITE_NULL)
			continue;
		int64_t qid = sqlite3_column_int64(st, 7);
		const char *ans = (const char *)sqlite3_column_text(st, 8);
		int64_t at = sqlite3_column_int64(st, 9);
		uint64_t h = fnv(1469598103934665603ull, &qid, sizeof qid);
		r->signature += mix(fnv(h, ans, strlen(ans)));
		r->answered++;
		if (at - last_at < floor_ms)
			r->fast++;
		last_at = at;
	}
	sqlite3_reset(st);
	find_groups(a, rows, nrows);
	*out = NULL;
	*n = 0;
	size_t ocap = 0;
	for (size_t i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		if (r->fast < min_fast && !r->group && !r->excluded)
			continue;
		*out = arena_grow_array(a, *out, *n, &ocap, sizeof **out);
		struct quiz_suspect *q = &(*out)[(*n)++];
		struct user_row u;
		q->attempt_id = r->id;
		q->user_id = r->user_id;
		q->login = auth_user_by_id(s, a, r->user_id, &u) == OK ? u.login : "";
		q->score = r->score;
		q->fast_answers = r->fast;
		q->same_group = r->group_size;
		q->group_id = r->group;
		q->excluded = r->excluded;
		q->note = r->note;
	}
	return OK;
}
