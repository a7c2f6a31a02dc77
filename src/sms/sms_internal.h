/* sms_internal.h: what the sms module's files share and nobody else calls. */
#ifndef TALA_SMS_INTERNAL_H
#define TALA_SMS_INTERNAL_H

#include "sms/sms.h"

#include <stdbool.h>

#define SMS_MAX_ATTEMPTS 10 /* deliveries tried before a message is left for the operator */
#define SMS_KEEP_MS      (24 * 3600 * 1000LL) /* sent messages are removed after this ... */
#define SMS_PURGE        16                   /* ... at most this many per new message */

/* Up to cap pending messages (not sent, fewer than SMS_MAX_ATTEMPTS tries), oldest first,
 * opened into the arena; a message whose number or text does not open has NULL there. */
size_t sms_pending(struct store *s, struct arena *a, sms_open_fn open, struct sms_message *out,
                   size_t cap);

/* Write closure: records one delivery try of message id. */
struct sms_mark {
	int64_t id, now_ms;
	bool sent;
	const char *error; /* when not sent: the reason (no number, no text) */
};
int sms_mark(sqlite3 *db, void *ctx);

#endif
