/* cache.c: the response micro-cache (see cache.h). Sharded mutexes; each slot owns its
 * key, body and ETag (malloc'd, replaced wholesale). */
#include "http/cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS    4096
#define CACHE_SHARDS   32
#define CACHE_MAX_BODY (256 * 1024)

struct cache_entry {
	uint64_t hash;
	char *key; /* uri "\n" lang */
	char *body;
	size_t len;
	const char *ctype; /* static strings only (handlers use literals) */
	char etag[24];
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

static uint64_t key_hash(const char *uri, const char *lang)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = uri; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ '\n') * 1099511628211ull;
	for (const char *p = lang; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

static bool key_equal(const char *key, const char *uri, const char *lang)
{
	size_t n = strlen(uri);
	return key && strncmp(key, uri, n) == 0 && key[n] == '\n' && strcmp(key + n + 1, lang) == 0;
}

bool resp_cache_get(struct resp_cache *c, const char *uri, const char *lang, int64_t now_ms,
                    struct resp *rs, char etag[24])
{
	uint64_t h = key_hash(uri, lang);
	size_t slot = h % CACHE_SLOTS;
	pthread_mutex_t *lock = &c->locks[slot % CACHE_SHARDS];
	bool hit = false;
	pthread_mutex_lock(lock);
	struct cache_entry *e = &c->slots[slot];
	if (e->hash == h && e->expires_ms > now_ms && key_equal(e->key, uri, lang)) {
		rs->status = 200;
		rs->content_type = e->ctype;
		strbuf_reset(&rs->body);
		strbuf_append(&rs->body, e->body, e->len);
		memcpy(etag, e->etag, sizeof e->etag);
		hit = true;
	}
	pthread_mutex_unlock(lock);
	if (hit)
		c->hits++;
	else
		c->misses++;
	return hit;
}

bool resp_cache_put(struct resp_cache *c, const char *uri, const char *lang, int64_t now_ms,
                    int64_t ttl_ms, const struct resp *rs, char etag[24])
{
	if (rs->status != 200 || rs->static_body || rs->body.len > CACHE_MAX_BODY)
		return false;
	struct cache_entry fresh = {0};
	fresh.hash = key_hash(uri, lang);
	size_t klen = strlen(uri) + 1 + strlen(lang) + 1;
	fresh.key = malloc(klen);
	fresh.body = malloc(rs->body.len ? rs->body.len : 1);
	if (!fresh.key || !fresh.body) {
		entry_clear(&fresh);
		return false;
	}
	snprintf(fresh.key, klen, "%s\n%s", uri, lang);
	memcpy(fresh.body, rs->body.data, rs->body.len);
	fresh.len = rs->body.len;
	fresh.ctype = rs->content_type;
	fresh.expires_ms = now_ms + ttl_ms;
	unsigned char digest[8];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)fresh.body, fresh.len,
	                   NULL, 0);
	fresh.etag[0] = '"';
	sodium_bin2hex(fresh.etag + 1, sizeof fresh.etag - 2, digest, sizeof digest);
	strcat(fresh.etag, "\"");
	memcpy(etag, fresh.etag, sizeof fresh.etag);
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
