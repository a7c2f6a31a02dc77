/* tcache.h: per-thread memo of the text engine: results of expensive work (a Mongolian
 * word's tokens, a Chinese run's segmentation, a normalized word) keyed by the
 * input bytes, so that a word met again costs a hash lookup. Bounded: a thread's cache
 * holds at most TCACHE_POOL_MAX bytes and is emptied when full. Internal to src/text. */
#ifndef TALA_TCACHE_H
#define TALA_TCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "text/ucs.h"

#define TCACHE_KEY_MAX 256 /* longer keys are not cached */

/* What a cached value is; part of the key. */
enum tcache_tag {
	TC_MONG_INDEX,
	TC_MONG_QUERY,
	TC_ZH_INDEX,
	TC_ZH_QUERY,
	TC_WORD_INDEX,
	TC_WORD_QUERY,
	TC_CHUNK_INDEX,
	TC_CHUNK_QUERY,
	TC_NORM,
	TC_CANONICAL,
};

struct tcache;

/* Returns the calling thread's cache (made on first use, freed when the thread exits),
 * or NULL when caching is off (text_cache_enable). */
struct tcache *tcache_thread(void);

/* Returns the value stored for (tag, key[0..klen)) and sets *vlen, or NULL. The pointer
 * is valid until the next tcache_put on this thread. */
const char *tcache_get(struct tcache *c, enum tcache_tag tag, const char *key, size_t klen,
                       size_t *vlen);

/* Stores val[0..vlen) for (tag, key[0..klen)); does nothing for keys over TCACHE_KEY_MAX. */
void tcache_put(struct tcache *c, enum tcache_tag tag, const char *key, size_t klen,
                const char *val, size_t vlen);

/* Scratch buffers a call reuses instead of allocating per word; one set per thread. */
struct text_scratch {
	bool busy;
	struct strbuf rec, a, b, c;
	struct ucs u;
	size_t *pos;
	size_t pos_cap;
};

/* Returns the calling thread's scratch buffers (emptied), or a fresh heap set when the
 * thread's are taken by an outer call; hand it back with text_scratch_give. */
struct text_scratch *text_scratch_take(void);
void text_scratch_give(struct text_scratch *sc);

#endif
