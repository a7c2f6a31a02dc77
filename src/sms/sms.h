/* sms.h: text messages to phones without a vendor SDK. A message is queued in the sms_outbox
 * table inside the caller's write transaction (so it exists exactly when the write that needs
 * it committed), number and text sealed at rest; a sender thread hands pending messages to
 * the configured gateway and marks them sent. Gateways (sms.gateway):
 *   spool   — each message becomes one file DATA/sms-outbox/<id>.sms, written atomically
 *             (temporary file, fsync, rename), for a gateway daemon to pick up;
 *   command — the same bytes on the standard input of the program sms.command; exit 0 = sent.
 * The file format is in docs/sms.md. Delivery is at least once; the id lets a gateway drop a
 * repeat. Logs never carry the text (it holds codes) or the full number. */
#ifndef TALA_SMS_H
#define TALA_SMS_H

#include "base/arena.h"
#include "base/config.h"
#include "base/strbuf.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define SMS_SPOOL_DIR "sms-outbox" /* under the data directory */

/* Opens a sealed blob into a NUL-terminated arena string (NULL when it does not open); the
 * application passes auth_phone_open, so this module needs no key of its own. */
typedef char *(*sms_open_fn)(struct arena *a, const void *sealed, size_t len);

/* One message as handed to a gateway. */
struct sms_message {
	int64_t id;
	const char *phone; /* digits, e.g. "13812345678" */
	const char *body;  /* UTF-8 text */
	int64_t created_ms;
};

/* ---- the outbox (sms_db.c) ---- */

/* Queues a message inside the caller's write transaction (on the writer's connection db):
 * phone and body come sealed. *id (may be NULL) gets the message's id. Also removes a few of
 * the messages sent more than a day ago. */
int sms_enqueue(sqlite3 *db, const void *phone_enc, size_t phone_len, const void *body_enc,
                size_t body_len, int64_t now_ms, int64_t *id);

/* ---- gateways (sms_gateway.c) ---- */

/* NULL when cfg names a usable gateway, else a one-line reason (static). */
const char *sms_gateway_check(const struct config *cfg);
/* The bytes a gateway receives for m (docs/sms.md), into out. */
void sms_format(const struct sms_message *m, struct strbuf *out);
/* Hands m to cfg's gateway. OK, or ERR with a reason (no number, no text) in err. */
int sms_deliver(const struct config *cfg, const struct sms_message *m, char *err, size_t errlen);

/* ---- the sender (sms_sender.c) ---- */

/* Checks the gateway, creates the spool directory and starts the sender thread, which also
 * delivers what an earlier run left pending. ERR with a reason in err. */
int sms_start(const struct config *cfg, struct store *s, sms_open_fn open, char *err,
              size_t errlen);
/* Wakes the sender: call after a commit that queued messages. */
void sms_kick(void);
/* Delivers what is pending and stops the thread (before the store closes). */
void sms_stop(void);

#endif
