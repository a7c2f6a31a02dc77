/* tcache.c: the text engine's per-thread memo (see tcache.h). An open-addressing table
 * (linear probing) of (hash, offset) slots over one byte pool per thread; keys and values
 * live in the pool. When the pool or half the slots are used the whole cache is emptied
 * (the words that matter come back at once). Owns each thread's cache and frees it at thread exit
 * (pthread key). */
#include <pthread.h>
#include <assert.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/tcache.h"
#include "text/text.h"

#define TCACHE_POOL_MAX  (4u * 1024 * 1024) /* bytes of keys and values per thread */
#define SCRATCH_KEEP_MAX (1u << 20)         /* bytes a scratch buffer keeps between calls */

/* A slot is 8 bytes, so that the table stays in the L2 cache. At pool + off: the key's
 * length (2 bytes), the value's length (4 bytes), the key, the value. */
struct slot {
	uint32_t hash; /* high half of the hash; 0: empty */
	uint32_t off;
};
#define ENTRY_HEAD 6

struct tcache {
	struct slot slots[TCACHE_SLOTS];
	size_t used;
	char *pool;
	size_t len, cap;
};

/* A thread's state: its cache (made on first use) and its scratch buffers. */
struct text_thread {
	struct tcache *cache;
	struct text_scratch sc;
};

static atomic_bool cache_off;
static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static _Thread_local struct text_thread *tls;

void text_cache_enable(bool on)
{
	atomic_store(&cache_off, !on);
}

static void scratch_init(struct text_scratch *sc)
{
	*sc = (struct text_scratch){0};
	strbuf_init(&sc->rec);
	strbuf_init(&sc->a);
	strbuf_init(&sc->b);
	strbuf_init(&sc->c);
	ucs_init(&sc->u);
}

static void scratch_free(struct text_scratch *sc)
{
	strbuf_free(&sc->rec);
	strbuf_free(&sc->a);
	strbuf_free(&sc->b);
	strbuf_free(&sc->c);
	ucs_free(&sc->u);
	free(sc->pos);
}

static void thread_free(void *p)
{
	struct text_thread *t = p;
	if (!t)
		return;
	if (t->cache)
		free(t->cache->pool);
	free(t->cache);
	scratch_free(&t->sc);
	free(t);
}

static void tls_key_make(void)
{
	pthread_key_create(&tls_key, thread_free);
}

static struct text_thread *thread_state(void)
{
	if (tls)
		return tls;
	pthread_once(&tls_once, tls_key_make);
	struct text_thread *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	scratch_init(&t->sc);
	pthread_setspecific(tls_key, t);
	return tls = t;
}

struct tcache *tcache_thread(void)
{
	if (atomic_load_explicit(&cache_off, memory_order_relaxed))
		return NULL;
	struct text_thread *t = thread_state();
	if (!t->cache && !(t->cache = calloc(1, sizeof *t->cache)))
		abort();
	return t->cache;
}

struct text_scratch *text_scratch_take(void)
{
	struct text_thread *t = thread_state();
	struct text_scratch *sc = &t->sc;
	if (sc->busy) { /* a nested call: a set of its own */
		if (!(sc = malloc(sizeof *sc)))
			abort();
		scratch_init(sc);
	}
	sc->busy = true;
	strbuf_reset(&sc->rec);
	strbuf_reset(&sc->a);
	strbuf_reset(&sc->b);
	strbuf_reset(&sc->c);
	sc->u.len = 0;
	return sc;
}

void text_scratch_give(struct text_scratch *sc)
{
	if (sc == &thread_state()->sc) { /* kept for the next call, unless it grew huge */
		struct strbuf *b[] = {&sc->rec, &sc->a, &sc->b, &sc->c};
		for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
			if (b[i]->cap > SCRATCH_KEEP_MAX)
				strbuf_free(b[i]);
		if (sc->u.cap > SCRATCH_KEEP_MAX / 4)
			ucs_free(&sc->u);
		if (sc->pos_cap > SCRATCH_KEEP_MAX / 8) {
			free(sc->pos);
			sc->pos = NULL;
			sc->pos_cap = 0;
		}
		sc->busy = false;
		return;
	}
	scratch_free(sc);
	free(sc);
}

static size_t entry_klen(const char *e)
{
	return (unsigned char)e[0] | (size_t)(unsigned char)e[1] << 8;
}

static size_t entry_vlen(const char *e)
{
	uint32_t v;
	memcpy(&v, e + 2, 4);
	return v;
}

/* Whether a[0..n) == b[0..n), n <= TCACHE_KEY_MAX (inline: keys are short; the last
 * word is read overlapping the one before it). */
static inline bool key_equal(const char *a, const char *b, size_t n)
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

static_assert(offsetof(struct tcache, slots) == 0 && sizeof(struct slot) == 8,
              "tcache_prefetch computes slot addresses");

void tcache_prefetch_entry(const struct tcache *c, uint64_t h)
{
	const struct slot *x = &c->slots[h & (TCACHE_SLOTS - 1)];
	if (x->hash == (uint32_t)(h >> 32)) {
		const char *e = c->pool + x->off;
		__builtin_prefetch(e);
		__builtin_prefetch(e + 64);
	}
}

const char *tcache_get(struct tcache *c, enum tcache_tag tag, const char *key, size_t klen,
                       size_t *vlen)
{
	if (klen > TCACHE_KEY_MAX)
		return NULL;
	return tcache_get_h(c, tcache_hash(tag, key, klen), key, klen, vlen);
}

const char *tcache_get_h(struct tcache *c, uint64_t h, const char *key, size_t klen, size_t *vlen)
{
	if (klen > TCACHE_KEY_MAX)
		return NULL;
	uint32_t hi = (uint32_t)(h >> 32);
	for (size_t i = h & (TCACHE_SLOTS - 1);; i = (i + 1) & (TCACHE_SLOTS - 1)) {
		const struct slot *x = &c->slots[i];
		if (x->hash == 0)
			return NULL;
		const char *e = c->pool + x->off;
		if (x->hash == hi && entry_klen(e) == klen &&
		    key_equal(e + ENTRY_HEAD, key, klen)) {
			*vlen = entry_vlen(e);
			return e + ENTRY_HEAD + klen;
		}
	}
}

void tcache_put(struct tcache *c, enum tcache_tag tag, const char *key, size_t klen,
                const char *val, size_t vlen)
{
	if (klen <= TCACHE_KEY_MAX)
		tcache_put_h(c, tcache_hash(tag, key, klen), key, klen, val, vlen);
}

void tcache_put_h(struct tcache *c, uint64_t h, const char *key, size_t klen, const char *val,
                  size_t vlen)
{
	if (klen > TCACHE_KEY_MAX || klen + vlen > TCACHE_POOL_MAX / 4)
		return;
	size_t need = ENTRY_HEAD + klen + vlen;
	if (c->len + need > TCACHE_POOL_MAX || c->used >= TCACHE_SLOTS / 2) {
		memset(c->slots, 0, sizeof c->slots); /* full: start again */
		c->len = 0;
		c->used = 0;
	}
	if (c->len + need > c->cap) {
		size_t cap = c->cap ? c->cap : 65536;
		while (cap < c->len + need)
			cap *= 2;
		char *p = realloc(c->pool, cap);
		if (!p)
			abort();
		c->pool = p;
		c->cap = cap;
	}
	size_t i = h & (TCACHE_SLOTS - 1);
	while (c->slots[i].hash != 0)
		i = (i + 1) & (TCACHE_SLOTS - 1);
	c->slots[i] = (struct slot){(uint32_t)(h >> 32), (uint32_t)c->len};
	c->used++;
	char *e = c->pool + c->len;
	uint32_t v32 = (uint32_t)vlen;
	e[0] = (char)(klen & 0xFF);
	e[1] = (char)(klen >> 8);
	memcpy(e + 2, &v32, 4);
	memcpy(e + ENTRY_HEAD, key, klen);
	if (vlen)
		memcpy(e + ENTRY_HEAD + klen, val, vlen);
	c->len += need;
}
