/* officer_points_map.c: the small hash map the points job and the rankings use for a batch:
 * a key of two 64-bit integers to a 64-bit value, open addressing, malloc'd (a batch can
 * outgrow a request arena's comfort). */
#include "officer/officer_points.h"

#include <stdlib.h>

static uint64_t mix(int64_t a, int64_t b)
{
	uint64_t x = (uint64_t)a * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)b + 0x632be59bd9b4e019ULL);
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static void grow(struct pmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	struct pmap_slot *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		abort(); /* out of memory, as the arena does */
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].used)
			continue;
		size_t j = mix(m->slots[i].a, m->slots[i].b) & (ncap - 1);
		while (ns[j].used)
			j = (j + 1) & (ncap - 1);
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

int64_t *pmap_get(struct pmap *m, int64_t a, int64_t b)
{
	if (!m->cap)
		return NULL;
	for (size_t j = mix(a, b) & (m->cap - 1); m->slots[j].used; j = (j + 1) & (m->cap - 1))
		if (m->slots[j].a == a && m->slots[j].b == b)
			return &m->slots[j].v;
	return NULL;
}

int64_t *pmap_put(struct pmap *m, int64_t a, int64_t b, bool *created)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	size_t j = mix(a, b) & (m->cap - 1);
	for (; m->slots[j].used; j = (j + 1) & (m->cap - 1))
		if (m->slots[j].a == a && m->slots[j].b == b) {
			if (created)
				*created = false;
			return &m->slots[j].v;
		}
	m->slots[j] = (struct pmap_slot){a, b, 0, true};
	m->n++;
	if (created)
		*created = true;
	return &m->slots[j].v;
}

void pmap_free(struct pmap *m)
{
	free(m->slots);
	*m = (struct pmap){0};
}
