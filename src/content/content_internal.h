/* content_internal.h: statement helpers shared by the content module's write closures
 * (content_write.c, content_sites.c, content_media.c); not for other modules. */
#ifndef TALA_CONTENT_INTERNAL_H
#define TALA_CONTENT_INTERNAL_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define ST(db, sql) store_write_stmt(db, sql)

/* Runs a statement without rows (NULL: a failed prepare); returns OK/ERR. Releases it. */
int content_step_done(sqlite3 *db, sqlite3_stmt *st);
/* The int64 of the single row of st (bound by the caller); *found false when no row.
 * Releases it. */
int64_t content_step_int(sqlite3 *db, sqlite3_stmt *st, bool *found);
/* Binds v, or NULL when v is 0. */
void content_bind_opt_int(sqlite3_stmt *st, int i, int64_t v);

#endif
