/* ratelimit.c: token buckets per (route, client address) in a fixed-size table (a cache:
 * a colliding newcomer evicts the older entry). Sharded locks keep threads apart. */
#include "http/server.h"
#include "base/clock.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RL_SLOTS  8192
#define RL_SHARDS 16

struct bucket {
	uint64_t key;
	double tokens;
	int64_t last_ms;
};

struct ratelimit {
	pthread_mutex_t locks[RL_SHARDS];
	struct bucket slots[RL_SLOTS];
};

struct ratelimit *ratelimit_new(void)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);
	if (!rl)
		abort();
	for (int i = 0; i < RL_SHARDS; i++)
		pthread_mutex_init(&rl->locks[i], NULL);
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	for (int i = 0; i < RL_SHARDS; i++)
		pthread_mutex_destroy(&rl->locks[i]);
	free(rl);
}

static uint64_t hash_key(const void *key, const char *client)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)key;
	for (const char *p = client; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ? h : 1;
}

int ratelimit_take(struct ratelimit *rl, const void *key, const char *client, int per_minute)
{
	if (per_minute <= 0)
		return 0;
	uint64_t h = hash_key(key, client);
	size_t slot = h % RL_SLOTS;
	pthread_mutex_t *lock = &rl->locks[slot % RL_SHARDS];
	int64_t now = clock_mono_ns() / 1000000;
	double rate_per_ms = per_minute / 60000.0;
	int wait = 0;
	pthread_mutex_lock(lock);
	struct bucket *b = &rl->slots[slot];
	if (b->key != h) {
		b->key = h;
		b->tokens = per_minute;
		b->last_ms = now;
	}
	b->tokens += (double)(now - b->last_ms) * rate_per_ms;
	if (b->tokens > per_minute)
		b->tokens = per_minute;
	b->last_ms = now;
	if (b->tokens >= 1.0)
		b->tokens -= 1.0;
	else
		wait = (int)((1.0 - b->tokens) / rate_per_ms / 1000.0) + 1;
	pthread_mutex_unlock(lock);
	return wait;
}
