/* clock.h: monotonic time for durations, wall time for records and logs. */
#ifndef TALA_CLOCK_H
#define TALA_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Nanoseconds from an arbitrary fixed point; never goes back. */
int64_t clock_mono_ns(void);
/* Milliseconds since the Unix epoch. */
int64_t clock_wall_ms(void);
/* Writes wall time `ms` as RFC 3339 UTC with milliseconds ("2026-11-29T00:15:53.123Z"). */
void clock_format_rfc3339(int64_t ms, char out[32]);

#endif
