/* cache.c: the response micro-cache (see cache.h). Sharded mutexes; each slot owns its key
 * and body (malloc'd, replaced wholesale). */
#include "http/cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS    4096
#define CACHE_SHARDS   32
#define CACHE_MAX_BODY (512 * 1024)

struct cache_entry {
	uint64_t hash, gen;
	char *key;
	char *body;
	size_t len;
	const char *ctype; /* static strings only (handlers use literals) */
	char etag[HTTP_ETAG_SIZE];
	unsigned char meta[RESP_CACHE_META_MAX];
	int64_t expires_ms;
};

struct resp_cache {
	pthread_mutex_t locks[CACHE_SHARDS];
	struct cache_entry slots[CACHE_SLOTS];
	_Atomic uint64_t hits, misses;
};

struct resp_cache *resp_cache_new(void)
{
	struct resp_cache *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	for (int i = 0; i < CACHE_SHARDS; i++)
		pthread_mutex_init(&c->locks[i], NULL);
	return c;
}

static void entry_clear(struct cache_entry *e)
{
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof *e);
}

void resp_cache_free(struct resp_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		entry_clear(&c->slots[i]);
	for (int i = 0; i < CACHE_SHARDS; i++)
		pthread_mutex_destroy(&c->locks[i]);
	free(c);
}

void http_etag(const void *body, size_t n, char etag[HTTP_ETAG_SIZE])
{
	unsigned char digest[8];
	crypto_generichash(digest, sizeof digest, body, n, NULL, 0);
	etag[0] = '"';
	sodium_bin2hex(etag + 1, HTTP_ETAG_SIZE - 2, digest, sizeof digest);
	etag[17] = '"';
	etag[18] = '\0';
}

static uint64_t key_hash(const char *key)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

bool resp_cache_get(struct resp_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                    struct resp *rs, char etag[HTTP_ETAG_SIZE], void *meta, size_t meta_len)
{
	uint64_t h = key_hash(key);
	size_t slot = h % CACHE_SLOTS;
	pthread_mutex_t *lock = &c->locks[slot % CACHE_SHARDS];
	bool hit = false;
	pthread_mutex_lock(lock);
	struct cache_entry *e = &c->slots[slot];
	if (e->key && e->hash == h && e->gen == gen && e->expires_ms > now_ms &&
	    strcmp(e->key, key) == 0) {
		rs->status = 200;
		rs->content_type = e->ctype;
		strbuf_reset(&rs->body);
		strbuf_append(&rs->body, e->body, e->len);
		memcpy(etag, e->etag, HTTP_ETAG_SIZE);
		if (meta)
			memcpy(meta, e->meta,
			       meta_len < sizeof e->meta ? meta_len : sizeof e->meta);
		hit = true;
	}
	pthread_mutex_unlock(lock);
	if (hit)
		c->hits++;
	else
		c->misses++;
	return hit;
}

bool resp_cache_put(struct resp_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                    int64_t ttl_ms, const struct resp *rs, char etag[HTTP_ETAG_SIZE],
                    const void *meta, size_t meta_len)
{
	http_etag(rs->body.data, rs->body.len, etag);
	if (rs->status != 200 || rs->static_body || rs->body.len > CACHE_MAX_BODY ||
	    meta_len > RESP_CACHE_META_MAX)
		return false;
	struct cache_entry fresh = {.hash = key_hash(key),
	                            .gen = gen,
	                            .len = rs->body.len,
	                            .ctype = rs->content_type,
	                            .expires_ms = now_ms + ttl_ms};
	fresh.key = strdup(key);
	fresh.body = malloc(rs->body.len ? rs->body.len : 1);
	if (!fresh.key || !fresh.body) {
		entry_clear(&fresh);
		return false;
	}
	memcpy(fresh.body, rs->body.data, rs->body.len);
	memcpy(fresh.etag, etag, HTTP_ETAG_SIZE);
	if (meta)
		memcpy(fresh.meta, meta, meta_len);
	size_t slot = fresh.hash % CACHE_SLOTS;
	pthread_mutex_t *lock = &c->locks[slot % CACHE_SHARDS];
	pthread_mutex_lock(lock);
	struct cache_entry old = c->slots[slot];
	c->slots[slot] = fresh;
	pthread_mutex_unlock(lock);
	entry_clear(&old);
	return true;
}

void resp_cache_counts(struct resp_cache *c, uint64_t *hits, uint64_t *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}
