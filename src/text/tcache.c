/* tcache.c: the text engine's per-thread memo (see tcache.h). An open-addressing table
 * (linear probing) of (hash, offset) slots over one byte pool per thread; keys and values
 * live in the pool. When the pool or half the slots are used the whole cache is emptied
 * (the words that matter come back at once). Owns each thread's cache and frees it at thread exit
 * (pthread key). */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/tcache.h"
#include "text/text.h"

#define TCACHE_POOL_MAX  (4u * 1024 * 1024) /* bytes of keys and values per thread */
#define SCRATCH_KEEP_MAX (1u << 20)         /* bytes a scratch buffer keeps between calls */

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
	size_t need = TCACHE_ENTRY_HEAD + klen + vlen;
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
	c->slots[i] = (struct tcache_slot){(uint32_t)(h >> 32), (uint32_t)c->len};
	c->used++;
	char *e = c->pool + c->len;
	uint32_t v32 = (uint32_t)vlen;
	e[0] = (char)(klen & 0xFF);
	e[1] = (char)(klen >> 8);
	memcpy(e + 2, &v32, 4);
	memcpy(e + TCACHE_ENTRY_HEAD, key, klen);
	if (vlen)
		memcpy(e + TCACHE_ENTRY_HEAD + klen, val, vlen);
	c->len += need;
}
