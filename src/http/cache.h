/* cache.h: a short-lived cache of rendered GET responses (micro-caching, as a reverse proxy
 * would do it) for routes that opt in with route->cache_seconds. Keyed by the raw URI and
 * the response language; only 200 responses whose handler added no headers are kept.
 * Fixed number of slots; a newer entry replaces an older one in its slot. */
#ifndef TALA_HTTP_CACHE_H
#define TALA_HTTP_CACHE_H

#include "http/http.h"

#include <stdbool.h>
#include <stdint.h>

struct resp_cache;

struct resp_cache *resp_cache_new(void);
void resp_cache_free(struct resp_cache *c);

/* On a fresh hit, fills rs (status, content type, body copy) and etag, returns true. */
bool resp_cache_get(struct resp_cache *c, const char *uri, const char *lang, int64_t now_ms,
                    struct resp *rs, char etag[24]);
/* Keeps rs's body for ttl_ms under (uri, lang); writes its ETag into etag. Returns false
 * (nothing kept) for responses that may not be cached. */
bool resp_cache_put(struct resp_cache *c, const char *uri, const char *lang, int64_t now_ms,
                    int64_t ttl_ms, const struct resp *rs, char etag[24]);
/* Returns the number of hits and misses so far (for /metrics). */
void resp_cache_counts(struct resp_cache *c, uint64_t *hits, uint64_t *misses);

#endif
