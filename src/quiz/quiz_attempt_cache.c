/* quiz_attempt_cache.c: the in-memory copy of attempts in play, so that answering a question
 * reads no database: a fixed table of slots indexed by attempt id (a newcomer evicts the
 * attempt in its slot), sharded locks. The store stays the truth: a miss loads the attempt
 * from it, and entries change only after the commit that changed the store (answers) or are
 * dropped (status and token changes) so the next use reloads them. Callers get copies made
 * under the lock, never pointers into the table. */
#include "base/common.h"
#include "quiz/quiz.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS  16384
#define CACHE_SHARDS 64

static struct {
	pthread_mutex_t locks[CACHE_SHARDS];
	struct quiz_attempt *slots[CACHE_SLOTS];
} cache = {.locks = {[0 ... CACHE_SHARDS - 1] = PTHREAD_MUTEX_INITIALIZER}};

static size_t slot_of(int64_t id)
{
	return (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 50) % CACHE_SLOTS;
}

static pthread_mutex_t *lock_of(size_t slot)
{
	return &cache.locks[slot % CACHE_SHARDS];
}

static void copy_item(struct arena *a, const struct quiz_item *in, struct quiz_item *out)
{
	*out = *in;
	out->accepted_keys = NULL;
	if (in->naccepted) {
		out->accepted_keys = arena_alloc(a, (size_t)in->naccepted * sizeof(char *));
		for (int i = 0; i < in->naccepted; i++)
			out->accepted_keys[i] = arena_strdup(a, in->accepted_keys[i]);
	}
}

/* Copies the header, and item `item` (1-based; 0 none) into the caller's buffers. */
static int copy_out(struct arena *a, const struct quiz_attempt *at, struct quiz_attempt *out,
                    int item, struct quiz_item *out_item)
{
	*out = *at;
	out->items = NULL;
	if (item < 1)
		return OK;
	if (item > at->nitems)
		return ERR;
	copy_item(a, &at->items[item - 1], out_item);
	return OK;
}

int quiz_cache_get(struct store *s, struct arena *a, int64_t id, struct quiz_attempt *out, int item,
                   struct quiz_item *out_item, bool *no_item)
{
	size_t slot = slot_of(id);
	pthread_mutex_t *lock = lock_of(slot);
	*no_item = false;
	pthread_mutex_lock(lock);
	struct quiz_attempt *at = cache.slots[slot];
	if (at && at->id == id) {
		*no_item = copy_out(a, at, out, item, out_item) != OK;
		pthread_mutex_unlock(lock);
		return OK;
	}
	pthread_mutex_unlock(lock);
	struct quiz_attempt *loaded = quiz_attempt_load(s, id);
	if (!loaded)
		return ERR;
	*no_item = copy_out(a, loaded, out, item, out_item) != OK;
	pthread_mutex_lock(lock);
	struct quiz_attempt *old = cache.slots[slot];
	if (old && old->id == id) { /* another thread loaded it meanwhile: keep theirs */
		pthread_mutex_unlock(lock);
		quiz_attempt_free(loaded);
		return OK;
	}
	cache.slots[slot] = loaded;
	pthread_mutex_unlock(lock);
	quiz_attempt_free(old);
	return OK;
}

int quiz_cache_items(struct store *s, struct arena *a, int64_t id, struct quiz_attempt *out)
{
	bool no_item;
	if (quiz_cache_get(s, a, id, out, 0, NULL, &no_item) != OK)
		return ERR;
	size_t slot = slot_of(id);
	pthread_mutex_t *lock = lock_of(slot);
	pthread_mutex_lock(lock);
	struct quiz_attempt *at = cache.slots[slot];
	if (!at || at->id != id) { /* evicted in between: read it afresh */
		pthread_mutex_unlock(lock);
		struct quiz_attempt *loaded = quiz_attempt_load(s, id);
		if (!loaded)
			return ERR;
		*out = *loaded;
		out->items = arena_alloc(a, (size_t)(loaded->nitems ? loaded->nitems : 1) *
		                                sizeof *out->items);
		for (int i = 0; i < loaded->nitems; i++)
			copy_item(a, &loaded->items[i], &out->items[i]);
		quiz_attempt_free(loaded);
		return OK;
	}
	*out = *at;
	out->items = arena_alloc(a, (size_t)(at->nitems ? at->nitems : 1) * sizeof *out->items);
	for (int i = 0; i < at->nitems; i++)
		copy_item(a, &at->items[i], &out->items[i]);
	pthread_mutex_unlock(lock);
	return OK;
}

void quiz_cache_answered(int64_t id, int position, int points, int64_t at_ms)
{
	size_t slot = slot_of(id);
	pthread_mutex_t *lock = lock_of(slot);
	pthread_mutex_lock(lock);
	struct quiz_attempt *at = cache.slots[slot];
	if (at && at->id == id && position >= 1 && position <= at->nitems) {
		struct quiz_item *it = &at->items[position - 1];
		it->answered = true;
		it->points = points;
		it->answered_at = at_ms;
	}
	pthread_mutex_unlock(lock);
}

void quiz_cache_forget(int64_t id)
{
	size_t slot = slot_of(id);
	pthread_mutex_t *lock = lock_of(slot);
	pthread_mutex_lock(lock);
	struct quiz_attempt *at = cache.slots[slot];
	if (at && at->id == id)
		cache.slots[slot] = NULL;
	else
		at = NULL;
	pthread_mutex_unlock(lock);
	quiz_attempt_free(at);
}
