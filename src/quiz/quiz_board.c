/* quiz_board.c: live leaderboards — per campaign one overall board and one per league (4-digit
 * region code) and county (6-digit) of the participants' regions. Each is a skip list of the
 * counted attempt of each participant (best or last, by the campaign's rule), built from the
 * store once on first use and then updated in place on every finish, so a request never
 * recomputes a board. Excluding an attempt drops the campaign's boards (rebuilt on next use).
 * A cache: the store stays the truth, a restart rebuilds it. */
#include "base/common.h"
#include "base/log.h"
#include "quiz/quiz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct group {
	char code[16];
	struct quiz_skiplist *list;
};

struct counted { /* user → the attempt counted for them; open addressing */
	struct quiz_rank *slots;
	size_t cap, n;
};

struct board {
	int64_t campaign_id;
	bool last; /* counting rule: the last attempt (else the best) */
	bool built;
	pthread_mutex_t lock;
	struct quiz_skiplist *overall;
	struct group *groups;
	size_t ngroups, capgroups;
	struct counted users;
	struct board *next;
};

static struct {
	pthread_mutex_t lock; /* the list of boards */
	struct board *boards;
} reg = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct quiz_rank *counted_find(struct counted *c, int64_t user_id, bool create)
{
	if (create && (c->n + 1) * 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		struct quiz_rank *slots = calloc(cap, sizeof *slots);
		if (!slots)
			abort();
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->slots[i].user_id)
				continue;
			size_t j =
			    (size_t)((uint64_t)c->slots[i].user_id * 0x9E3779B97F4A7C15ull) % cap;
			while (slots[j].user_id)
				j = (j + 1) % cap;
			slots[j] = c->slots[i];
		}
		free(c->slots);
		c->slots = slots;
		c->cap = cap;
	}
	if (!c->cap)
		return NULL;
	size_t j = (size_t)((uint64_t)user_id * 0x9E3779B97F4A7C15ull) % c->cap;
	while (c->slots[j].user_id) {
		if (c->slots[j].user_id == user_id)
			return &c->slots[j];
		j = (j + 1) % c->cap;
	}
	if (!create)
		return NULL;
	c->n++;
	c->slots[j].user_id = user_id;
	c->slots[j].attempt_id = 0; /* new: not on any list yet */
	return &c->slots[j];
}

static struct quiz_skiplist *group_list(struct board *b, const char *code, size_t len, bool create)
{
	for (size_t i = 0; i < b->ngroups; i++)
		if (strlen(b->groups[i].code) == len && strncmp(b->groups[i].code, code, len) == 0)
			return b->groups[i].list;
	if (!create)
		return NULL;
	if (b->ngroups == b->capgroups) {
		b->capgroups = b->capgroups ? b->capgroups * 2 : 32;
		struct group *g = realloc(b->groups, b->capgroups * sizeof *g);
		if (!g)
			abort();
		b->groups = g;
	}
	struct group *g = &b->groups[b->ngroups++];
	snprintf(g->code, sizeof g->code, "%.*s", (int)len, code);
	g->list = quiz_skiplist_new();
	return g->list;
}

/* Applies f (insert or remove) to the overall list and the league and county lists. */
static void each_list(struct board *b, const struct quiz_rank *r, bool insert)
{
	size_t len = strlen(r->region_code);
	struct quiz_skiplist *lists[3] = {b->overall,
	                                  len >= 4 ? group_list(b, r->region_code, 4, true) : NULL,
	                                  len >= 6 ? group_list(b, r->region_code, 6, true) : NULL};
	for (int i = 0; i < 3; i++) {
		if (!lists[i])
			continue;
		if (insert)
			quiz_skiplist_insert(lists[i], r);
		else
			quiz_skiplist_remove(lists[i], r);
	}
}

static bool better(const struct quiz_rank *a, const struct quiz_rank *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->duration_ms != b->duration_ms)
		return a->duration_ms < b->duration_ms;
	return a->attempt_id < b->attempt_id;
}

/* Counts r for its participant when the rule says it replaces their current attempt. */
static void board_count(struct board *b, const struct quiz_rank *r)
{
	struct quiz_rank *cur = counted_find(&b->users, r->user_id, true);
	if (cur->attempt_id == r->attempt_id)
		return; /* already counted (the build saw it) */
	if (cur->attempt_id) {
		bool replace = b->last ? r->attempt_id > cur->attempt_id : better(r, cur);
		if (!replace)
			return;
		each_list(b, cur, false);
	}
	*cur = *r;
	each_list(b, cur, true);
}

static void board_clear(struct board *b)
{
	quiz_skiplist_free(b->overall);
	b->overall = NULL;
	for (size_t i = 0; i < b->ngroups; i++)
		quiz_skiplist_free(b->groups[i].list);
	free(b->groups);
	b->groups = NULL;
	b->ngroups = b->capgroups = 0;
	free(b->users.slots);
	memset(&b->users, 0, sizeof b->users);
	b->built = false;
}

static int board_build(struct store *s, struct board *b)
{
	struct arena a;
	arena_init(&a, 4096);
	struct quiz_campaign c;
	int rc = quiz_campaign_get(s, &a, b->campaign_id, &c);
	if (rc == OK)
		b->last = strcmp(c.counting, "last") == 0;
	arena_free(&a);
	if (rc != OK)
		return ERR;
	b->overall = quiz_skiplist_new();
	sqlite3_stmt *st =
	    store_stmt(s, "SELECT id, user_id, score, duration_ms, region_code FROM quiz_attempts"
	                  " WHERE campaign_id = ? AND status <> 'active' AND excluded = 0"
	                  " ORDER BY id");
	if (!st)
		return ERR;
	sqlite3_bind_int64(st, 1, b->campaign_id);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct quiz_rank r = {0};
		r.attempt_id = sqlite3_column_int64(st, 0);
		r.user_id = sqlite3_column_int64(st, 1);
		r.score = sqlite3_column_int(st, 2);
		r.duration_ms = sqlite3_column_int64(st, 3);
		snprintf(r.region_code, sizeof r.region_code, "%s",
		         (const char *)sqlite3_column_text(st, 4));
		board_count(b, &r);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		board_clear(b);
		return ERR;
	}
	b->built = true;
	return OK;
}

/* The campaign's board, locked and built; NULL on error. Unlock with board_release. */
static struct board *board_acquire(struct store *s, int64_t campaign_id)
{
	pthread_mutex_lock(&reg.lock);
	struct board *b = reg.boards;
	while (b && b->campaign_id != campaign_id)
		b = b->next;
	if (!b) {
		b = calloc(1, sizeof *b);
		if (!b)
			abort();
		b->campaign_id = campaign_id;
		pthread_mutex_init(&b->lock, NULL);
		b->next = reg.boards;
		reg.boards = b;
	}
	pthread_mutex_unlock(&reg.lock);
	pthread_mutex_lock(&b->lock);
	if (!b->built && board_build(s, b) != OK) {
		pthread_mutex_unlock(&b->lock);
		log_msg(LOG_ERROR, "quiz.board", "cannot build the board of campaign %lld",
		        (long long)campaign_id);
		return NULL;
	}
	return b;
}

static void board_release(struct board *b)
{
	pthread_mutex_unlock(&b->lock);
}

void quiz_board_finished(struct store *s, int64_t campaign_id, const struct quiz_rank *r)
{
	struct board *b = board_acquire(s, campaign_id);
	if (!b)
		return;
	board_count(b, r);
	board_release(b);
}

void quiz_board_invalidate(int64_t campaign_id)
{
	pthread_mutex_lock(&reg.lock);
	struct board *b = reg.boards;
	while (b && b->campaign_id != campaign_id)
		b = b->next;
	pthread_mutex_unlock(&reg.lock);
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	board_clear(b);
	pthread_mutex_unlock(&b->lock);
}

int quiz_board_top(struct store *s, struct arena *a, int64_t campaign_id, const char *group,
                   int offset, int limit, struct quiz_rank **out, size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	struct board *b = board_acquire(s, campaign_id);
	if (!b)
		return ERR;
	struct quiz_skiplist *l =
	    group && *group ? group_list(b, group, strlen(group), false) : b->overall;
	if (l && limit > 0 && offset >= 0) {
		*out = arena_alloc(a, (size_t)limit * sizeof **out);
		*n = quiz_skiplist_range(l, (size_t)offset, (size_t)limit, *out);
		*total = (int64_t)quiz_skiplist_len(l);
	}
	board_release(b);
	return OK;
}

int quiz_board_rank_of(struct store *s, int64_t campaign_id, int64_t user_id)
{
	struct board *b = board_acquire(s, campaign_id);
	if (!b)
		return 0;
	struct quiz_rank *cur = counted_find(&b->users, user_id, false);
	int rank = cur && cur->attempt_id ? quiz_skiplist_rank(b->overall, cur) : 0;
	board_release(b);
	return rank;
}

void quiz_board_add_attempt(struct store *s, struct arena *a, int64_t attempt_id)
{
	struct quiz_attempt at;
	bool no_item;
	if (quiz_cache_get(s, a, attempt_id, &at, 0, NULL, &no_item) != OK ||
	    at.status == QS_ACTIVE || at.excluded)
		return;
	struct quiz_rank r = {.attempt_id = at.id,
	                      .user_id = at.user_id,
	                      .score = at.score,
	                      .duration_ms = at.duration_ms};
	snprintf(r.region_code, sizeof r.region_code, "%s", at.region_code);
	quiz_board_finished(s, at.campaign_id, &r);
}
