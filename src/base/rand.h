/* rand.h: random bytes from the kernel (getrandom), for ids and jitter. Secrets use libsodium. */
#ifndef TALA_RAND_H
#define TALA_RAND_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with n random bytes; returns OK or ERR. */
int rand_bytes(void *buf, size_t n);
/* Returns a uniformly random integer in [0, bound); bound > 0. */
uint64_t rand_below(uint64_t bound);

#endif
