/* app.h: assembling Tala — opening the store with the connection setup every module needs,
 * mounting every module's routes, and the hooks (error page, access check). Used by
 * `tala serve` and by tests that need the whole route table. */
#ifndef TALA_APP_H
#define TALA_APP_H

#include "http/http.h"

/* Opens <data_dir>/tala.db (creating the directory when create_dir), migrating when
 * migrate. Returns NULL with err. */
struct store *app_store_open(const struct config *cfg, bool create_dir, bool migrate, char *err,
                             size_t errlen);
/* Registers every route of every module into r. */
void app_mount_all(struct router *r, const struct config *cfg);
/* Fills app (router, hooks, static files) for cfg and store. */
int app_init(struct app *app, const struct config *cfg, struct store *store, char *err,
             size_t errlen);
void app_free(struct app *app);

#endif
