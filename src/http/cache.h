/* cache.h: the short-lived cache of rendered GET answers (micro-caching, as a reverse proxy
 * would do it), shared by the server (routes with route->cacheable, keyed by URI and
 * language, fresh for cache.ttl) and modules that render through it themselves (the portal:
 * entries also carry a generation — stale as soon as the content changes — and a few bytes
 * of the caller's metadata). Only 200 answers are kept. Fixed slots; a newer entry replaces
 * the older one in its slot. Also the one place ETags are computed. */
#ifndef TALA_HTTP_CACHE_H
#define TALA_HTTP_CACHE_H

#include "http/http.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_ETAG_SIZE      24 /* "<16 hex>" and the NUL */
#define RESP_CACHE_META_MAX 32

struct resp_cache;

struct resp_cache *resp_cache_new(void);
void resp_cache_free(struct resp_cache *c);

/* Writes the quoted ETag of body (BLAKE2b, 64 bits, hex) into etag. */
void http_etag(const void *body, size_t n, char etag[HTTP_ETAG_SIZE]);

/* On a fresh hit for (key, gen) — not expired — fills rs (status, content type, body copy),
 * etag and meta (meta_len bytes, as stored) and returns true. */
bool resp_cache_get(struct resp_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                    struct resp *rs, char etag[HTTP_ETAG_SIZE], void *meta, size_t meta_len);
/* Keeps rs's body under (key, gen) for ttl_ms with meta (≤ RESP_CACHE_META_MAX bytes, may be
 * NULL); writes its ETag into etag either way. Returns false (nothing kept) for answers that
 * may not be cached. */
bool resp_cache_put(struct resp_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                    int64_t ttl_ms, const struct resp *rs, char etag[HTTP_ETAG_SIZE],
                    const void *meta, size_t meta_len);
/* Returns the number of hits and misses so far (for /metrics). */
void resp_cache_counts(struct resp_cache *c, uint64_t *hits, uint64_t *misses);

#endif
