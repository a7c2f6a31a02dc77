/* content_console.h: the editors' and reviewers' console pages (/admin/articles, the
 * bilingual editor, /admin/review, revisions, placements, /admin/media). Server-rendered
 * forms that work without JavaScript; every write goes through the content core's write
 * closures with an audit note, and permissions are checked on the scope of the article's
 * home site (content_site_scope). */
#ifndef TALA_CONTENT_CONSOLE_H
#define TALA_CONTENT_CONSOLE_H

#include "http/http.h"

/* Registers the /admin/articles, /admin/review and /admin/media routes. */
void content_console_mount(struct router *r);
/* Registers the /admin/sites routes (content_sites_console.c); content_console_mount calls it. */
void content_sites_console_mount(struct router *r);

#endif
