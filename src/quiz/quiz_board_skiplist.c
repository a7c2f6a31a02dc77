/* quiz_board_skiplist.c: the ordered structure under the leaderboards — a skip list with spans
 * (as Redis keeps its sorted sets), so inserting, removing, ranking and reading a page are
 * O(log n) and the board never needs re-sorting. Order: score descending, then duration
 * ascending, then attempt id ascending. Not thread-safe: the board holds a lock around it. */
#include "base/common.h"
#include "base/rand.h"
#include "quiz/quiz.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LEVEL 24

struct node {
	struct quiz_rank r;
	int level;
	struct {
		struct node *next;
		size_t span; /* entries passed by following next (from this node) */
	} lv[];
};

struct quiz_skiplist {
	struct node *head;
	int level;
	size_t len;
	uint64_t rng; /* xorshift state for node levels (levels need no secrecy) */
};

static struct node *node_new(int level)
{
	struct node *n = calloc(1, sizeof *n + (size_t)level * sizeof n->lv[0]);
	if (!n)
		abort();
	n->level = level;
	return n;
}

struct quiz_skiplist *quiz_skiplist_new(void)
{
	struct quiz_skiplist *l = calloc(1, sizeof *l);
	if (!l)
		abort();
	l->head = node_new(MAX_LEVEL);
	l->level = 1;
	if (rand_bytes(&l->rng, sizeof l->rng) != OK || l->rng == 0)
		l->rng = 0x2545F4914F6CDD1Dull;
	return l;
}

void quiz_skiplist_free(struct quiz_skiplist *l)
{
	if (!l)
		return;
	struct node *n = l->head;
	while (n) {
		struct node *next = n->lv[0].next;
		free(n);
		n = next;
	}
	free(l);
}

size_t quiz_skiplist_len(const struct quiz_skiplist *l)
{
	return l->len;
}

/* < 0 when a ranks before b. */
static int cmp(const struct quiz_rank *a, const struct quiz_rank *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->duration_ms != b->duration_ms)
		return a->duration_ms < b->duration_ms ? -1 : 1;
	if (a->attempt_id != b->attempt_id)
		return a->attempt_id < b->attempt_id ? -1 : 1;
	return 0;
}

static int random_level(struct quiz_skiplist *l)
{
	int level = 1;
	for (;;) {
		l->rng ^= l->rng << 13;
		l->rng ^= l->rng >> 7;
		l->rng ^= l->rng << 17;
		if ((l->rng & 3) != 0 || level == MAX_LEVEL)
			return level;
		level++;
	}
}

void quiz_skiplist_insert(struct quiz_skiplist *l, const struct quiz_rank *r)
{
	struct node *update[MAX_LEVEL];
	size_t rank[MAX_LEVEL];
	struct node *x = l->head;
	for (int i = l->level - 1; i >= 0; i--) {
		rank[i] = i == l->level - 1 ? 0 : rank[i + 1];
		while (x->lv[i].next && cmp(&x->lv[i].next->r, r) < 0) {
			rank[i] += x->lv[i].span;
			x = x->lv[i].next;
		}
		update[i] = x;
	}
	int level = random_level(l);
	if (level > l->level) {
		for (int i = l->level; i < level; i++) {
			rank[i] = 0;
			update[i] = l->head;
			update[i]->lv[i].span = l->len;
		}
		l->level = level;
	}
	struct node *n = node_new(level);
	n->r = *r;
	for (int i = 0; i < level; i++) {
		n->lv[i].next = update[i]->lv[i].next;
		update[i]->lv[i].next = n;
		n->lv[i].span = update[i]->lv[i].span - (rank[0] - rank[i]);
		update[i]->lv[i].span = (rank[0] - rank[i]) + 1;
	}
	for (int i = level; i < l->level; i++)
		update[i]->lv[i].span++;
	l->len++;
}

bool quiz_skiplist_remove(struct quiz_skiplist *l, const struct quiz_rank *r)
{
	struct node *update[MAX_LEVEL];
	struct node *x = l->head;
	for (int i = l->level - 1; i >= 0; i--) {
		while (x->lv[i].next && cmp(&x->lv[i].next->r, r) < 0)
			x = x->lv[i].next;
		update[i] = x;
	}
	x = x->lv[0].next;
	if (!x || cmp(&x->r, r) != 0)
		return false;
	for (int i = 0; i < l->level; i++) {
		if (update[i]->lv[i].next == x) {
			update[i]->lv[i].span += x->lv[i].span - 1;
			update[i]->lv[i].next = x->lv[i].next;
		} else {
			update[i]->lv[i].span--;
		}
	}
	while (l->level > 1 && !l->head->lv[l->level - 1].next)
		l->level--;
	l->len--;
	free(x);
	return true;
}

int quiz_skiplist_rank(const struct quiz_skiplist *l, const struct quiz_rank *r)
{
	size_t rank = 0;
	const struct node *x = l->head;
	for (int i = l->level - 1; i >= 0; i--) {
		while (x->lv[i].next && cmp(&x->lv[i].next->r, r) <= 0) {
			rank += x->lv[i].span;
			x = x->lv[i].next;
		}
		if (x != l->head && cmp(&x->r, r) == 0)
			return (int)rank;
	}
	return 0;
}

size_t quiz_skiplist_range(const struct quiz_skiplist *l, size_t offset, size_t limit,
                           struct quiz_rank *out)
{
	if (offset >= l->len || limit == 0)
		return 0;
	/* descend to the node at 0-based position offset (rank offset + 1) */
	size_t traversed = 0;
	const struct node *x = l->head;
	for (int i = l->level - 1; i >= 0; i--)
		while (x->lv[i].next && traversed + x->lv[i].span <= offset + 1) {
			traversed += x->lv[i].span;
			x = x->lv[i].next;
		}
	size_t n = 0;
	for (; x && n < limit; x = x->lv[0].next, n++) {
		out[n] = x->r;
		out[n].rank = (int)(offset + n + 1);
	}
	return n;
}
