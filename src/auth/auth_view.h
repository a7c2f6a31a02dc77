/* auth_view.h: the auth module's HTML views. */
#ifndef TALA_AUTH_VIEW_H
#define TALA_AUTH_VIEW_H

#include "http/http.h"

/* The sign-in form; login refills the field, error_key (may be NULL) is shown above. */
void auth_view_login(struct req *rq, struct resp *rs, const char *next, const char *login,
                     const char *error_key);
/* The user part of the page header (see app->user_nav). */
void auth_user_nav(struct req *rq, struct resp *rs, struct strbuf *out);

#endif
