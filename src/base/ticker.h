/* ticker.h: a background thread that runs one job again and again — it calls the job, which
 * returns how long to wait (ms) before the next call, and sleeps that long on a monotonic
 * clock, until stopped. For periodic sweeps that must not depend on requests (the quiz
 * expiry; the content scheduler has the same loop of its own). */
#ifndef TALA_TICKER_H
#define TALA_TICKER_H

#include <stdint.h>

struct ticker;

/* Starts the thread; the first call runs at once. NULL when the thread cannot start. */
struct ticker *ticker_start(int64_t (*job)(void *arg), void *arg);
/* Wakes the thread for a call now (a no-op on NULL). */
void ticker_poke(struct ticker *t);
/* Stops the thread after the call in progress, joins and frees it (a no-op on NULL). */
void ticker_stop(struct ticker *t);

#endif
