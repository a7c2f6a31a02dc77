/* rand.c: getrandom(2) wrappers. */
#include "base/rand.h"
#include "base/common.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

int rand_bytes(void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = getrandom((char *)buf + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ERR;
		}
		done += (size_t)r;
	}
	return OK;
}

uint64_t rand_below(uint64_t bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound, x;
	do {
		if (rand_bytes(&x, sizeof x) != OK)
			abort();
	} while (x >= limit);
	return x % bound;
}
