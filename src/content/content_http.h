/* content_http.h: request helpers shared by the content API (content_api.c) and the editor
 * console (content_console_http.c): who is asking, the article a path names, audit notes. */
#ifndef TALA_CONTENT_HTTP_H
#define TALA_CONTENT_HTTP_H

#include "content/content.h"
#include "http/http.h"

#include <stdint.h>

/* The signed-in user's id, 0 for visitors. */
int64_t content_req_user(struct req *rq);
/* A positive whole number from text, 0 when malformed or absent. */
int64_t content_parse_id(const char *v);
/* Reads the article named by the path's :id and its home site; ERR when either is
 * unknown (the caller answers 404 its own way). */
int content_req_article(struct req *rq, struct article *a, struct site *home);
/* Notes what the request's write does for the audit log (object: the article *id, read after
 * the write; scope: site s). */
void content_audit_note(struct req *rq, const char *action, const int64_t *id, const struct site *s,
                        const char *summary);

/* Whether id names an image in the media library (an article's cover). */
bool content_cover_valid(struct req *rq, int64_t id);

/* Registers the attachment routes (content_attach.c); content_mount calls it. */
void content_attach_mount(struct router *r);

#endif
