/* portal_cache.c: the portal's rendered-page cache (see portal.h). Fixed slots, sharded
 * mutexes; each slot owns its key and body (malloc'd, replaced wholesale). An entry is
 * fresh while its generation is the current content generation and it is younger than the
 * TTL. */
#include "portal/portal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS    2048
#define SHARDS   32
#define MAX_BODY (512 * 1024)

struct entry {
	uint64_t hash, gen;
	char *key;
	char *body;
	size_t len;
	int status;
	const char *ctype; /* static strings only */
	int64_t at_ms;
	struct portal_cached meta;
};

static struct entry slots[SLOTS];
static pthread_mutex_t locks[SHARDS] = {
    [0 ... SHARDS - 1] = PTHREAD_MUTEX_INITIALIZER,
};

static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void portal_etag(const char *body, size_t n, char etag[24])
{
	unsigned char d[8];
	crypto_generichash(d, sizeof d, (const unsigned char *)body, n, NULL, 0);
	etag[0] = '"';
	sodium_bin2hex(etag + 1, 17, d, sizeof d);
	etag[17] = '"';
	etag[18] = '\0';
}

bool portal_cache_get(const char *key, uint64_t gen, int64_t now_ms, int64_t ttl_ms,
                      struct resp *rs, struct portal_cached *meta)
{
	uint64_t h = hash_of(key);
	size_t i = h % SLOTS;
	bool hit = false;
	pthread_mutex_lock(&locks[i % SHARDS]);
	struct entry *e = &slots[i];
	if (e->key && e->hash == h && e->gen == gen && now_ms - e->at_ms < ttl_ms &&
	    strcmp(e->key, key) == 0) {
		rs->status = e->status;
		rs->content_type = e->ctype;
		strbuf_reset(&rs->body);
		strbuf_append(&rs->body, e->body, e->len);
		*meta = e->meta;
		hit = true;
	}
	pthread_mutex_unlock(&locks[i % SHARDS]);
	return hit;
}

void portal_cache_put(const char *key, uint64_t gen, int64_t now_ms, const struct resp *rs,
                      struct portal_cached *meta)
{
	portal_etag(rs->body.data ? rs->body.data : "", rs->body.len, meta->etag);
	if (rs->status != 200 || rs->body.len > MAX_BODY)
		return;
	struct entry fresh = {.hash = hash_of(key),
	                      .gen = gen,
	                      .len = rs->body.len,
	                      .status = rs->status,
	                      .ctype = rs->content_type,
	                      .at_ms = now_ms,
	                      .meta = *meta};
	fresh.key = strdup(key);
	fresh.body = malloc(rs->body.len ? rs->body.len : 1);
	if (!fresh.key || !fresh.body) {
		free(fresh.key);
		free(fresh.body);
		return;
	}
	memcpy(fresh.body, rs->body.data, rs->body.len);
	size_t i = fresh.hash % SLOTS;
	pthread_mutex_lock(&locks[i % SHARDS]);
	struct entry old = slots[i];
	slots[i] = fresh;
	pthread_mutex_unlock(&locks[i % SHARDS]);
	free(old.key);
	free(old.body);
}
