/* tcache.h: per-thread memo of the text engine: results of expensive work (a Mongolian
 * word's tokens, a Chinese run's segmentation, a normalized word) keyed by the
 * input bytes, so that a word met again costs a hash lookup. Bounded: a thread's cache
 * holds at most TCACHE_POOL_MAX bytes and is emptied when full. Internal to src/text. */
#ifndef TALA_TCACHE_H
#define TALA_TCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* The memo's hash of a key (in the manner of wyhash: one 64×64→128 multiplication per 16
 * bytes, short keys read with overlapping loads); inline, as the analyzer hashes every
 * chunk it looks up. Its high half is never 0. */
static inline uint64_t tcache_r8(const char *s)
{
	uint64_t v;
	memcpy(&v, s, 8);
	return v;
}

static inline uint64_t tcache_r4(const char *s)
{
	uint32_t v;
	memcpy(&v, s, 4);
	return v;
}

static inline uint64_t tcache_mum(uint64_t a, uint64_t b)
{
	__extension__ unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t tcache_hash(enum tcache_tag tag, const char *s, size_t n)
{
	const uint64_t k0 = 0xA0761D6478BD642Full, k1 = 0xE7037ED1A0B428DBull;
	uint64_t seed = k0 ^ (uint64_t)tag << 48, a, b;
	if (n <= 16) {
		if (n >= 4) {
			size_t d = (n >> 3) << 2;
			a = tcache_r4(s) << 32 | tcache_r4(s + d);
			b = tcache_r4(s + n - 4) << 32 | tcache_r4(s + n - 4 - d);
		} else if (n > 0) {
			a = (uint64_t)(unsigned char)s[0] << 16 |
			    (uint64_t)(unsigned char)s[n >> 1] << 8 | (unsigned char)s[n - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		const char *p = s;
		size_t i = n;
		for (; i > 16; i -= 16, p += 16)
			seed = tcache_mum(tcache_r8(p) ^ k1, tcache_r8(p + 8) ^ seed);
		a = tcache_r8(s + n - 16);
		b = tcache_r8(s + n - 8);
	}
	uint64_t h = tcache_mum(k1 ^ n, tcache_mum(a ^ k1, b ^ seed));
	return h >> 32 ? h : h | 1ull << 32;
}

/* Returns the calling thread's cache (made on first use, freed when the thread exits),
 * or NULL when caching is off (text_cache_enable). */
struct tcache *tcache_thread(void);

#define TCACHE_SLOTS 65536u /* at most half of them used */

/* A slot is 8 bytes, so that the table stays in the L2 cache. At pool + off: the key's
 * length (2 bytes), the value's length (4 bytes), the key, the value. The table is here,
 * not in tcache.c, so that the analyzer's lookup is inlined. */
struct tcache_slot {
	uint32_t hash; /* high half of the hash; 0: empty */
	uint32_t off;
};
#define TCACHE_ENTRY_HEAD 6

struct tcache {
	struct tcache_slot slots[TCACHE_SLOTS];
	size_t used;
	char *pool;
	size_t len, cap;
};

/* Whether a[0..n) == b[0..n), n <= TCACHE_KEY_MAX (keys are short; the last word is read
 * overlapping the one before it). */
static inline bool tcache_key_equal(const char *a, const char *b, size_t n)
{
	if (n < 8) {
		uint64_t d = 0;
		for (size_t i = 0; i < n; i++)
			d |= (unsigned char)(a[i] ^ b[i]);
		return d == 0;
	}
	uint64_t d = tcache_r8(a + n - 8) ^ tcache_r8(b + n - 8);
	for (size_t i = 0; i + 8 < n; i += 8)
		d |= tcache_r8(a + i) ^ tcache_r8(b + i);
	return d == 0;
}

/* Returns the value stored under h = tcache_hash(tag, key, klen) for key[0..klen) and sets
 * *vlen, or NULL. The pointer is valid until the next tcache_put on this thread. */
static inline const char *tcache_get_h(const struct tcache *c, uint64_t h, const char *key,
                                       size_t klen, size_t *vlen)
{
	if (klen > TCACHE_KEY_MAX)
		return NULL;
	uint32_t hi = (uint32_t)(h >> 32);
	for (size_t i = h & (TCACHE_SLOTS - 1);; i = (i + 1) & (TCACHE_SLOTS - 1)) {
		const struct tcache_slot *x = &c->slots[i];
		if (x->hash == 0)
			return NULL;
		const char *e = c->pool + x->off;
		if (x->hash == hi &&
		    ((unsigned char)e[0] | (size_t)(unsigned char)e[1] << 8) == klen &&
		    tcache_key_equal(e + TCACHE_ENTRY_HEAD, key, klen)) {
			uint32_t v;
			memcpy(&v, e + 2, 4);
			*vlen = v;
			return e + TCACHE_ENTRY_HEAD + klen;
		}
	}
}

/* The same, hashing (tag, key) here. */
static inline const char *tcache_get(const struct tcache *c, enum tcache_tag tag, const char *key,
                                     size_t klen, size_t *vlen)
{
	if (klen > TCACHE_KEY_MAX)
		return NULL;
	return tcache_get_h(c, tcache_hash(tag, key, klen), key, klen, vlen);
}

/* Stores val[0..vlen) for (tag, key[0..klen)); does nothing for keys over TCACHE_KEY_MAX. */
void tcache_put(struct tcache *c, enum tcache_tag tag, const char *key, size_t klen,
                const char *val, size_t vlen);
/* The same with h = tcache_hash(tag, key, klen) computed by the caller. */
void tcache_put_h(struct tcache *c, uint64_t h, const char *key, size_t klen, const char *val,
                  size_t vlen);

/* Asks the CPU to fetch the slot of h, which a tcache_get_h will read soon. */
static inline void tcache_prefetch(const struct tcache *c, uint64_t h)
{
	__builtin_prefetch(&c->slots[h & (TCACHE_SLOTS - 1)]);
}

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
