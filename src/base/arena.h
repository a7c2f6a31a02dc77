/* arena.h: region allocator. Everything allocated for one request (or one CLI command)
 * lives in an arena and is freed at once with arena_free(). Allocation failure aborts:
 * it only happens when the process is out of memory. */
#ifndef TALA_ARENA_H
#define TALA_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t block_size;
	size_t total; /* bytes handed out, for limits and metrics */
};

void arena_init(struct arena *a, size_t block_size);
/* Frees every block; the arena may be used again afterwards. */
void arena_free(struct arena *a);

/* Returns `n` bytes aligned for any type, zeroed; owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* Makes room for one more element in an arena-backed array of n elements of elem_size
 * bytes with capacity *cap (doubling); returns the (possibly moved) array. */
void *arena_grow_array(struct arena *a, void *items, size_t n, size_t *cap, size_t elem_size);
/* Returns a NUL-terminated copy of `s[0..n)`; owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Returns a formatted string; owned by the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

#endif
